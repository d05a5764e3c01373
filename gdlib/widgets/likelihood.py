"""Explorers for the maximum-likelihood notebook (05)."""

from __future__ import annotations

import math

import numpy as np

from gdlib import mle
from gdlib._validate import array, positive, real
from gdlib.i18n import N_, _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import legend, live, recall, remember, set_limits
from gdlib.widgets.explorer import Explorer, slider

__all__ = ["normal_likelihood_explorer"]

DATA_LABEL = N_("data x")  # the histogram's default label, shown in the language in force


def normal_pdf(x, mu: float, sigma: float) -> np.ndarray:
    """The density of N(mu, sigma²): exp(-(x - mu)² / (2 sigma²)) / sqrt(2 pi sigma²)."""
    x = check.floats("x", x, owner="normal_pdf")
    mu = check.number("mu", mu, owner="normal_pdf")
    sigma = check.number("sigma", sigma, owner="normal_pdf", above_zero=True)
    if sigma * sigma == 0:  # sigma² underflows: the formula would give 0/0
        raise ValueError(_("normal_pdf: sigma is too small for floating point (sigma² = 0), "
                           "got sigma={sigma!r}").format(sigma=sigma))
    density = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    return check.finite_result(density, {"x": x}, owner="normal_pdf", what=_("the density"))


def _nice_step(span: float) -> float:
    """A round slider step of about a hundredth of the span (0.01, 0.02, 0.05, 0.1, ...)."""
    raw = span / 100
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def normal_likelihood_explorer(samples=None, mu: float | None = None, sigma: float | None = None,
                               label: str = DATA_LABEL) -> Explorer:
    """Move μ and σ of a normal model and watch its fit to the data and its log-likelihood.

    Left: a histogram of the samples, the density N(μ, σ²) of the sliders and the MLE
    density N(μ̂, σ̂²). Right: contours of log L(μ, σ) - max log L over (μ, σ), with the
    sliders' point and the maximum. The readout gives log L, its maximum, and the gap.

    samples: a 1-D array (default: 50 draws of N(5, 2²) from default_rng(0)).
    mu, sigma: the starting slider values (default: away from the maximum, so there is a gap);
    a value outside the sliders' ranges (about μ̂ ± 3σ̂, and σ up to 3σ̂) widens the slider and
    the plot to show it, up to 10 times as far out.
    """
    owner = "normal_likelihood_explorer"
    if samples is None:
        x = np.random.default_rng(0).normal(5.0, 2.0, size=50)
    else:
        x = array("samples", samples, ndim=1, min_size=2, owner=owner)
    if mu is not None:
        mu = real("mu", mu, owner=owner)
    if sigma is not None:
        sigma = positive("sigma", sigma, owner=owner)
    check.text("label", label, owner=owner)
    if label == DATA_LABEL:
        label = _(label)  # the default follows set_language; a label of your own is kept as it is
    with np.errstate(over="ignore"):
        mu_hat, var_hat = mle.normal_mle(x)
        sd_hat = math.sqrt(var_hat)
        best = mle.normal_log_likelihood(x, mu_hat, sd_hat) if 0 < sd_hat < math.inf else math.nan
    if not sd_hat > max(1e-12 * abs(mu_hat), 1e-100):
        raise ValueError(_("{owner}: samples must not all be (nearly) equal: their spread σ̂ = {sd:.3g} around "
                           "μ̂ = {mu:.6g} leaves no normal curve to draw").format(owner=owner, sd=sd_hat, mu=mu_hat))
    if not math.isfinite(best):
        raise ValueError(_("{owner}: samples are too large to fit in floating point (σ̂ = {sd:.3g}); "
                           "rescale them, e.g. to other units").format(owner=owner, sd=sd_hat))

    mu_step = _nice_step(6 * sd_hat)
    mu_lo = math.floor((mu_hat - 3 * sd_hat) / mu_step) * mu_step
    mu_hi = math.ceil((mu_hat + 3 * sd_hat) / mu_step) * mu_step
    sd_step = _nice_step(3 * sd_hat)
    sd_lo, sd_hi = sd_step * 5, math.ceil(3 * sd_hat / sd_step) * sd_step
    mu0 = round((mu_hat - sd_hat) / mu_step) * mu_step
    sd0 = round(1.6 * sd_hat / sd_step) * sd_step
    # round away the float dust of step multiples (3.4000000000000004 -> 3.4), to 10 decimals
    # or, for data with a tiny spread, to 6 digits below the smaller step
    digits = max(10, 6 - math.floor(math.log10(min(mu_step, sd_step))))
    mu_lo, mu_hi, sd_lo, sd_hi, mu0, sd0 = (round(v, digits)
                                            for v in (mu_lo, mu_hi, sd_lo, sd_hi, mu0, sd0))
    # the given μ and σ are used as they are; outside its slider, each widens it (σ down to one step)
    if mu is not None:
        mu0, (mu_lo, mu_hi), _window = check.start("mu", mu, (mu_lo, mu_hi), mu_step, owner=owner)
    if sigma is not None:
        sd0, (sd_lo, sd_hi), _window = check.start("sigma", sigma, (sd_lo, sd_hi), sd_step, owner=owner, lowest=sd_step)

    # the log-likelihood surface does not depend on the sliders: compute it once
    mus = np.linspace(mu_lo, mu_hi, 121)
    sds = np.linspace(sd_lo, sd_hi, 121)
    M, S = np.meshgrid(mus, sds)
    square = np.sum((x[:, None, None] - M) ** 2, axis=0)
    gap_surface = (-x.size / 2 * np.log(2 * np.pi * S**2) - square / (2 * S**2)) - best
    t = np.linspace(min(x.min(), mu_lo), max(x.max(), mu_hi), 300)

    fit = normal_pdf(t, mu_hat, sd_hat)

    def draw(fig, mu, sigma):
        ax_fit, ax_ll = fig.subplots(1, 2)
        heights = ax_fit.hist(x, bins="auto", density=True, color="0.8", edgecolor="0.5", label=label)[0]
        ours = ax_fit.plot(t, t, lw=2, label=_("N(μ, σ²) of the sliders"))[0]
        ax_fit.plot(t, fit, "--", lw=1.5, color="k",
                    label=_("MLE fit N({mu:.2f}, {sd:.2f}²)").format(mu=mu_hat, sd=sd_hat))
        ax_fit.set(title=_("The model's density against the data"), xlabel="x", ylabel=_("density p(x)"))
        levels = [-100, -50, -20, -10, -5, -2]  # how far log L is below its maximum
        cs = ax_ll.contour(M, S, gap_surface, levels=levels, cmap="viridis")
        ax_ll.clabel(cs, fontsize=7, fmt="%g")
        point = ax_ll.plot(mu, sigma, "o", ms=9, color="tab:blue", label=_("(μ, σ) of the sliders"))[0]
        # (a translation writes μ̂, σ̂ in Unicode: matplotlib's $...$ math has no Hangul)
        ax_ll.plot(mu_hat, sd_hat, "*", ms=14, color="k", label=_(r"maximum $(\hat\mu, \hat\sigma)$"))
        ax_ll.set(title="log L(μ, σ) − max log L", xlabel=_("mean μ"), ylabel=_("standard deviation σ"))
        live(ours, ax_fit.yaxis, point)
        remember(fig, ax_fit=ax_fit, ax_ll=ax_ll, ours=ours, point=point, top=heights.max())
        return redraw(fig, mu, sigma)

    def redraw(fig, mu, sigma):
        parts = recall(fig)
        if parts is None:
            return None
        ours = normal_pdf(t, mu, sigma)
        parts.ours.set_ydata(ours)
        parts.point.set_data([mu], [sigma])
        # room above the highest curve for the legend
        set_limits(parts.ax_fit, ylim=(0, 1.5 * max(parts.top, fit.max(), ours.max())))
        legend(parts.ax_fit, loc="upper left")
        legend(parts.ax_ll, loc="upper right")
        ll = mle.normal_log_likelihood(x, mu, sigma)
        return _("log L = {ll:.2f} · max log L = {best:.2f} · gap = {gap:.2f}").format(ll=ll, best=best, gap=best - ll)

    controls = {
        "mu": slider(mu0, mu_lo, mu_hi, mu_step, "μ", fmt=".2f"),
        "sigma": slider(sd0, sd_lo, sd_hi, sd_step, "σ", fmt=".2f"),
    }
    return Explorer(draw, controls, title=_("Normal likelihood explorer"), figsize=(11, 4.2), redraw=redraw)
