"""The normal likelihood explorer: its figure and readout follow the sliders exactly."""

import re

import numpy as np
import pytest
from error_helpers import raises

from gdlib import mle, widgets
from gdlib.widgets.likelihood import normal_pdf

X = np.array([4.7, 4.5, 4.9, 4.0, 4.6, 4.5, 4.7, 3.3, 4.6, 3.9, 3.5, 4.2, 4.0, 4.7, 3.6])


def numbers(readout):
    """log L, max log L and the gap, read back from the readout text."""
    found = re.search(r"log L = (-?[\d.]+) · max log L = (-?[\d.]+) · gap = (-?[\d.]+)", readout)
    assert found, readout
    return tuple(float(v) for v in found.groups())


def fit_and_surface_axes(explorer):
    ax_fit, ax_ll = explorer.figure.axes[:2]
    return ax_fit, ax_ll


def test_readout_is_the_log_likelihood_and_its_gap_to_the_maximum():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    mu_hat, var_hat = mle.normal_mle(X)
    ll = mle.normal_log_likelihood(X, 4.0, 0.8)
    best = mle.normal_log_likelihood(X, mu_hat, np.sqrt(var_hat))
    got = numbers(e.readout)
    assert got == pytest.approx((ll, best, best - ll), abs=0.006)
    assert e.readout.startswith("μ = 4.00 · σ = 0.80 →")


def test_density_curves_are_the_slider_normal_and_the_mle_normal():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    ax_fit, _ = fit_and_surface_axes(e)
    ours, fit = ax_fit.get_lines()[:2]
    t = ours.get_xdata()
    np.testing.assert_allclose(ours.get_ydata(), normal_pdf(t, 4.0, 0.8))
    mu_hat, var_hat = mle.normal_mle(X)
    np.testing.assert_allclose(fit.get_ydata(), normal_pdf(t, mu_hat, np.sqrt(var_hat)))
    # the histogram has the data's density scale: bar area sums to 1
    bars = ax_fit.patches
    assert sum(b.get_width() * b.get_height() for b in bars) == pytest.approx(1.0)


def test_moving_mu_moves_the_curve_the_point_and_the_readout():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    before = numbers(e.readout)
    e.controls["mu"].value = 4.3
    ax_fit, ax_ll = fit_and_surface_axes(e)
    t = ax_fit.get_lines()[0].get_xdata()
    np.testing.assert_allclose(ax_fit.get_lines()[0].get_ydata(), normal_pdf(t, 4.3, 0.8))
    point = ax_ll.get_lines()[0]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == pytest.approx((4.3, 0.8))
    after = numbers(e.readout)
    assert after[0] == pytest.approx(mle.normal_log_likelihood(X, 4.3, 0.8), abs=0.006)
    assert after[2] < before[2]  # 4.3 is closer to the sample mean 4.233 than 4.0 is


def test_moving_sigma_to_the_mle_closes_the_gap():
    e = widgets.normal_likelihood_explorer(X, mu=4.0, sigma=0.8)
    mu_hat, var_hat = mle.normal_mle(X)
    e.controls["mu"].value = mu_hat
    e.controls["sigma"].value = np.sqrt(var_hat)
    _, ax_ll = fit_and_surface_axes(e)
    point, star = ax_ll.get_lines()[:2]
    assert point.get_xdata()[0] == pytest.approx(star.get_xdata()[0])
    assert point.get_ydata()[0] == pytest.approx(star.get_ydata()[0])
    assert numbers(e.readout)[2] == pytest.approx(0.0, abs=0.006)
    # a wider or narrower sigma than the MLE only lowers the log-likelihood
    for sigma in (0.3, 0.9):
        e.controls["sigma"].value = sigma
        assert numbers(e.readout)[2] > 0.1


def test_default_data_and_slider_ranges_contain_the_maximum():
    e = widgets.normal_likelihood_explorer()
    mu, sigma = e.controls["mu"], e.controls["sigma"]
    x = np.random.default_rng(0).normal(5.0, 2.0, size=50)
    mu_hat, var_hat = mle.normal_mle(x)
    assert mu.min < mu_hat < mu.max
    assert sigma.min < np.sqrt(var_hat) < sigma.max
    assert numbers(e.readout)[2] > 1  # starts away from the maximum, so there is a gap to close
    assert not mu.continuous_update and not sigma.continuous_update


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")

BAD = [
    # (function, kwargs, error, words in the message)
    (widgets.normal_likelihood_explorer, {"samples": np.ones((5, 2))}, ValueError,
     ["normal_likelihood_explorer", "samples", "1-D", "(5, 2)"]),
    (widgets.normal_likelihood_explorer, {"samples": X[:, None]}, ValueError, ["samples", "1-D", "(15, 1)"]),
    (widgets.normal_likelihood_explorer, {"samples": [4.2]}, ValueError, ["samples", "at least 2", "(1,)"]),
    (widgets.normal_likelihood_explorer, {"samples": []}, ValueError, ["samples", "at least 2", "(0,)"]),
    (widgets.normal_likelihood_explorer, {"samples": [1.0, NAN, 2.0]}, ValueError, ["samples", "finite", "1 of its 3"]),
    (widgets.normal_likelihood_explorer, {"samples": [1.0, float("inf")]}, ValueError, ["samples", "finite"]),
    (widgets.normal_likelihood_explorer, {"samples": "4.5 4.7"}, TypeError, ["samples", "array of numbers"]),
    (widgets.normal_likelihood_explorer, {"samples": [1.0, "a"]}, TypeError, ["samples", "array of numbers"]),
    (widgets.normal_likelihood_explorer, {"samples": [2.0, 2.0, 2.0]}, ValueError,
     ["samples must not all be (nearly) equal", "σ̂ = 0"]),
    (widgets.normal_likelihood_explorer, {"samples": [1e200, -1e200]}, ValueError, ["samples", "too large"]),
    (widgets.normal_likelihood_explorer, {"mu": "5"}, TypeError, ["mu", "real number", "'5'"]),
    (widgets.normal_likelihood_explorer, {"mu": NAN}, ValueError, ["mu", "finite"]),
    (widgets.normal_likelihood_explorer, {"mu": 1e3}, ValueError, ["mu must be in [", "widens", "1000.0"]),
    (widgets.normal_likelihood_explorer, {"sigma": 0}, ValueError, ["sigma must be > 0", "sigma=0"]),
    (widgets.normal_likelihood_explorer, {"sigma": -1.0}, ValueError, ["sigma must be > 0"]),
    (widgets.normal_likelihood_explorer, {"sigma": 1e3}, ValueError, ["sigma must be in [0.1, 28]", "[0.5, 5.5]"]),
    (widgets.normal_likelihood_explorer, {"sigma": 0.01}, ValueError, ["sigma must be in [0.1, 28]"]),
    (widgets.normal_likelihood_explorer, {"sigma": [1.0]}, TypeError, ["sigma", "real number"]),
    (widgets.normal_likelihood_explorer, {"label": 3}, TypeError, ["label", "str", "3"]),
    (normal_pdf, {"x": [1.0], "mu": 0.0, "sigma": 0.0}, ValueError, ["normal_pdf", "sigma must be > 0"]),
    (normal_pdf, {"x": [1.0], "mu": 0.0, "sigma": 1e-200}, ValueError, ["sigma", "too small"]),
    (normal_pdf, {"x": [1.0], "mu": "0", "sigma": 1.0}, TypeError, ["mu", "real number"]),
    (normal_pdf, {"x": [1.0, NAN], "mu": 0.0, "sigma": 1.0}, ValueError, ["x", "finite"]),
    (normal_pdf, {"x": "1", "mu": 0.0, "sigma": 1.0}, TypeError, ["x", "array of numbers"]),
]


@pytest.mark.parametrize(("function", "kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(function, kwargs, error, words):
    raises(error, words, lambda: function(**kwargs))


def test_a_list_of_two_samples_and_integer_mu_sigma():
    e = widgets.normal_likelihood_explorer([1, 3], mu=2, sigma=1)
    # μ̂ = 2, σ̂ = 1: at (2, 1) log L is its maximum, -log(2π) - 1
    assert numbers(e.readout) == pytest.approx((-np.log(2 * np.pi) - 1, -np.log(2 * np.pi) - 1, 0.0), abs=0.006)
    assert (e.controls["mu"].value, e.controls["sigma"].value) == (2.0, 1.0)


def test_mu_and_sigma_outside_the_sliders_widen_them_and_are_used_as_given():
    e = widgets.normal_likelihood_explorer(X, mu=1.0, sigma=0.07)  # σ̂ ≈ 0.47: σ slider starts at 0.1
    mu, sigma = e.controls["mu"], e.controls["sigma"]
    assert (mu.value, sigma.value) == (1.0, 0.07)
    assert mu.min <= 1.0 and sigma.min <= 0.07 < 0.1
    got = numbers(e.readout)
    assert got[0] == pytest.approx(mle.normal_log_likelihood(X, 1.0, 0.07), abs=0.006)
    ax_fit, ax_ll = fit_and_surface_axes(e)
    point = ax_ll.get_lines()[0]
    assert (point.get_xdata()[0], point.get_ydata()[0]) == (1.0, 0.07)
    t = ax_fit.get_lines()[0].get_xdata()
    assert t.min() <= 1.0  # the density curve's axis covers the new μ


@pytest.mark.parametrize("scale", [1e-9, 1e-3, 1e3])
def test_the_explorer_does_not_depend_on_the_units_of_the_samples(scale):
    # the starting gap is a property of the data's shape: rescaling the data leaves it alone
    # (tiny spreads used to be rounded to 10 decimals, which moved the sliders' start)
    base = numbers(widgets.normal_likelihood_explorer(X).readout)[2]
    scaled = numbers(widgets.normal_likelihood_explorer(scale * X).readout)[2]
    assert scaled == pytest.approx(base, abs=0.006)


def test_normal_pdf_takes_scalars_and_lists():
    assert normal_pdf(0, 0, 1) == pytest.approx(1 / np.sqrt(2 * np.pi))
    np.testing.assert_allclose(normal_pdf([1, 3], 1, 2), [1 / np.sqrt(8 * np.pi), np.exp(-0.5) / np.sqrt(8 * np.pi)])
