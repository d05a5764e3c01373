"""Explorers for the stochastic-gradient-descent notebook (04).

    minibatch_explorer()   batch size, learning rate and seed driving the path of mini-batch
                           GD on a linear regression and its loss curve against samples seen
"""

from __future__ import annotations

import numbers

import ipywidgets as w
import numpy as np

from gdlib import data, losses, optim, plots, training
from gdlib._validate import rows_match
from gdlib.i18n import _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import autoscale_limits, legend, live, path_lines, recall, remember, set_limits, update_path
from gdlib.widgets.explorer import Explorer, log_slider

__all__ = ["regression_problem", "mse_surface", "minibatch_explorer"]

EPOCHS = 5  # the budget: every batch size sees 5 × n samples
W0 = np.array([-2.0, -1.0])  # start (b, w), far from the answer so the path is visible
N = 200  # examples in the explorer's problem
BATCH_SIZES = (1, 4, 8, 16, 32, 64, N)  # the batch-size menu
LR_RANGE = (1e-3, 0.3)  # the α slider
SEEDS = (0, 9)  # the seed slider


def regression_problem(n: int = 200, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The notebook's running example: X = [1, x] (n, 2) and y = 1 + 2x + N(0, 1) noise.

    n >= 2 examples (two parameters b and w); seed a whole number >= 0 or a np.random.Generator.
    """
    n = check.whole("n", n, 2, owner="regression_problem", why=_("a line has two parameters, b and w"))
    if not isinstance(seed, np.random.Generator):
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(_("regression_problem: seed must be a whole number or a np.random.Generator, "
                              "got seed={seed}").format(seed=check.show(seed)))
        if seed < 0:
            raise ValueError(_("regression_problem: seed must be >= 0, got seed={seed!r}").format(seed=seed))
    x, y = data.linear(n=n, beta=(1.0, 2.0), noise=1.0, seed=seed)
    return data.add_intercept(x), y


def mse_surface(p, X, y):
    """The full-data MSE at p = (b, w), or on a grid when p stacks two arrays of b and w values.

    X is (n, 2) with a column of ones first, y is (n,).
    """
    owner = "mse_surface"
    p = check.floats("p", p, owner=owner)
    X = check.floats("X", X, owner=owner, ndim=2)
    y = check.floats("y", y, owner=owner, ndim=1)
    if p.ndim == 0 or len(p) != 2:
        raise ValueError(_("{owner}: p must be (b, w): 2 numbers, or 2 stacked arrays of b and w values, "
                           "got shape {shape}").format(owner=owner, shape=p.shape))
    if X.shape[1] != 2:
        raise ValueError(_("{owner}: X must have 2 columns [1, x], got shape {shape}").format(
            owner=owner, shape=X.shape))
    if len(y) == 0:
        raise ValueError(_("{owner}: y must hold at least one example, got shape {shape}").format(
            owner=owner, shape=y.shape))
    rows_match("X", X, "y", y, owner=owner)
    b, slope = p[0], p[1]
    mse = np.mean((b[..., None] + slope[..., None] * X[:, 1] - y) ** 2, axis=-1)
    return check.finite_result(mse, {"p": p, "X": X, "y": y}, owner=owner, what=_("the MSE"))


def minibatch_explorer(batch_size: int = 8, lr: float = 0.05, seed: int = 0) -> Explorer:
    """Pick a batch size, a learning rate and a seed; see the path in (b, w) and the loss curve.

    Every choice gets the same budget of EPOCHS passes over the n = 200 examples, so a
    smaller batch means more (noisier) updates. The loss is always the full-data MSE.

    batch_size is one of 1, 4, 8, 16, 32, 64, 200; lr in [0.001, 0.3]; seed in 0..9 (the controls'
    choices).
    """
    owner = "minibatch_explorer"
    batch_size = check.whole("batch_size", batch_size, 1, owner=owner)
    if batch_size not in BATCH_SIZES:
        raise ValueError(_("{owner}: batch_size must be one of {options} (the '{menu}' menu), "
                           "got batch_size={value!r}").format(owner=owner, options=", ".join(map(str, BATCH_SIZES)),
                                                              menu=_("batch size"), value=batch_size))
    lr = check.setting("lr", lr, *LR_RANGE, control=_("learning rate α"), owner=owner)
    seed = check.whole("seed", seed, *SEEDS, owner=owner,
                       why=_("the range of the '{slider}' slider").format(slider=_("seed")))
    X, y = regression_problem(N)
    n = len(X)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    best = losses.linear_mse(w_star, X, y)
    options = [("1 (SGD)", 1), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("64", 64),
               (_("{n} (full batch)").format(n=n), n)]

    budget = EPOCHS * n  # samples seen by every run, whatever the batch size

    def run(batch_size, lr, seed):
        return training.minibatch_descend(
            losses.linear_mse_grad, W0, X, y, optim.GradientDescent(lr), EPOCHS, batch_size,
            seed=seed, loss=losses.linear_mse,
        )

    def draw(fig, batch_size, lr, seed):
        hist = run(batch_size, lr, seed)
        ax_path, ax_loss = fig.subplots(1, 2)
        plots.contour(ax_path, lambda p: mse_surface(p, X, y), (-3.0, 3.0), (-2.0, 4.0),
                      levels=15, log=True, n=60)
        path = path_lines(ax_path, hist.params, label=_("path"), color="tab:orange", marker=".")
        ax_path.plot(*w_star, "k+", ms=12, mew=2, label=_("least squares w*"))
        ax_path.set_xlim(-3.0, 3.0)
        ax_path.set_ylim(-2.0, 4.0)
        ax_path.set_xlabel(_("intercept b"))
        ax_path.set_ylabel(_("slope w"))
        ax_path.set_title(_("path in parameter space"))
        curve = ax_loss.plot([0, budget], [1.0, 1.0], color="tab:orange", label=_("full-data loss"))[0]
        ax_loss.axhline(best, color="k", ls="--", lw=1, label=_("least squares {best:.3f}").format(best=best))
        ax_loss.set_yscale("log")
        ax_loss.set_xlim(-0.05 * budget, 1.05 * budget)
        ax_loss.set_xlabel(_("samples seen (gradient evaluations)"))
        ax_loss.set_ylabel(_("loss L(w) (MSE)"))
        ax_loss.set_title(_("loss curve"))
        live(curve, ax_loss.yaxis)
        remember(fig, ax_path=ax_path, ax_loss=ax_loss, path=path, curve=curve)
        return update(fig, hist)

    def redraw(fig, batch_size, lr, seed):
        if recall(fig) is None:
            return None
        return update(fig, run(batch_size, lr, seed))

    def update(fig, hist):
        parts = recall(fig)
        update_path(parts.path, hist.params)
        parts.curve.set_data(hist.samples_seen, hist.losses)
        set_limits(parts.ax_loss, ylim=autoscale_limits(np.append(hist.losses, best), log=True))
        legend(parts.ax_path, loc="lower right")
        legend(parts.ax_loss, loc="upper right")
        if hist.diverged:
            return _("{updates} updates, then {message}").format(updates=hist.steps, message=hist.message)
        dist = float(np.linalg.norm(hist.params[-1] - w_star))
        return _("{updates} updates in {epochs} epochs · final loss {loss:.4f} (least squares {best:.4f}) · "
                 "distance to w* {dist:.3f}").format(updates=hist.steps, epochs=EPOCHS, loss=hist.losses[-1],
                                                     best=best, dist=dist)

    controls = {
        "batch_size": w.Dropdown(options=options, value=batch_size, description=_("batch size"),
                                 style={"description_width": "initial"}),
        "lr": log_slider(lr, *LR_RANGE, _("learning rate α")),
        "seed": w.IntSlider(value=seed, min=SEEDS[0], max=SEEDS[1], description=_("seed"), continuous_update=False,
                            style={"description_width": "initial"}),
    }
    return Explorer(draw, controls,
                    title=_("Mini-batch explorer: same budget of samples, different batch sizes"),
                    figsize=(11, 4.2), redraw=redraw)
