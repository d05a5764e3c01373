"""Explorers for the stochastic-gradient-descent notebook (04).

    minibatch_explorer()   batch size, learning rate and seed driving the path of mini-batch
                           GD on a linear regression and its loss curve against samples seen
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np

from gdlib import data, losses, optim, plots, training
from gdlib.widgets.explorer import Explorer, log_slider

__all__ = ["minibatch_explorer", "mse_surface", "regression_problem"]

EPOCHS = 5  # the budget: every batch size sees 5 × n samples
W0 = np.array([-2.0, -1.0])  # start (b, w), far from the answer so the path is visible


def regression_problem(n: int = 200, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The notebook's running example: X = [1, x] (n, 2) and y = 1 + 2x + N(0, 1) noise."""
    x, y = data.linear(n=n, beta=(1.0, 2.0), noise=1.0, seed=seed)
    return data.add_intercept(x), y


def mse_surface(p, X, y):
    """The full-data MSE at p = (b, w), or on a grid when p stacks two arrays of b and w values."""
    b, slope = np.asarray(p[0], dtype=float), np.asarray(p[1], dtype=float)
    return np.mean((b[..., None] + slope[..., None] * X[:, 1] - y) ** 2, axis=-1)


def minibatch_explorer(batch_size: int = 8, lr: float = 0.05, seed: int = 0) -> Explorer:
    """Pick a batch size, a learning rate and a seed; see the path in (b, w) and the loss curve.

    Every choice gets the same budget of EPOCHS passes over the n = 200 examples, so a
    smaller batch means more (noisier) updates. The loss is always the full-data MSE.
    """
    X, y = regression_problem()
    n = len(X)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    best = losses.linear_mse(w_star, X, y)
    options = [("1 (SGD)", 1), ("4", 4), ("8", 8), ("16", 16), ("32", 32), ("64", 64),
               (f"{n} (full batch)", n)]

    def draw(fig, batch_size, lr, seed):
        hist = training.minibatch_descend(
            losses.linear_mse_grad, W0, X, y, optim.GradientDescent(lr), EPOCHS, batch_size,
            seed=seed, loss=losses.linear_mse,
        )
        ax_path, ax_loss = fig.subplots(1, 2)
        plots.contour(ax_path, lambda p: mse_surface(p, X, y), (-3.0, 3.0), (-2.0, 4.0),
                      levels=15, log=True, n=60)
        plots.path(ax_path, hist.params, label="path", color="tab:orange", marker=".")
        ax_path.plot(*w_star, "k+", ms=12, mew=2, label="least squares w*")
        ax_path.set_xlim(-3.0, 3.0)
        ax_path.set_ylim(-2.0, 4.0)
        ax_path.set_xlabel("intercept b")
        ax_path.set_ylabel("slope w")
        ax_path.set_title("path in parameter space")
        ax_path.legend(loc="lower right")
        ax_loss.plot(hist.samples_seen, hist.losses, color="tab:orange", label="full-data loss")
        ax_loss.axhline(best, color="k", ls="--", lw=1, label=f"least squares {best:.3f}")
        ax_loss.set_yscale("log")
        ax_loss.set_xlabel("samples seen (gradient evaluations)")
        ax_loss.set_ylabel("loss L(w) (MSE)")
        ax_loss.set_title("loss curve")
        ax_loss.legend()
        if hist.diverged:
            return f"{hist.steps} updates, then {hist.message}"
        dist = float(np.linalg.norm(hist.params[-1] - w_star))
        return (f"{hist.steps} updates in {EPOCHS} epochs · final loss {hist.losses[-1]:.4f} "
                f"(least squares {best:.4f}) · distance to w* {dist:.3f}")

    controls = {
        "batch_size": w.Dropdown(options=options, value=batch_size, description="batch size",
                                 style={"description_width": "initial"}),
        "lr": log_slider(lr, 1e-3, 0.3, "learning rate α"),
        "seed": w.IntSlider(value=seed, min=0, max=9, description="seed", continuous_update=False,
                            style={"description_width": "initial"}),
    }
    return Explorer(draw, controls,
                    title="Mini-batch explorer: same budget of samples, different batch sizes",
                    figsize=(11, 4.2))
