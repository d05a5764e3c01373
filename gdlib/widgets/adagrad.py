"""Explorers for the Adagrad notebook (06).

adagrad_explorer()   learning rate α, eps and the start point on f = 0.1·x₁² + 2·x₂²:
                     gradient descent and Adagrad side by side on the same contours,
                     with both loss curves and the final loss of each in the readout
"""

from __future__ import annotations

import numpy as np

from gdlib import objectives, optim, plots
from gdlib.i18n import _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import (
    autoscale_limits,
    legend,
    live,
    path_lines,
    recall,
    remember,
    set_limits,
    set_title,
    update_path,
)
from gdlib.widgets.explorer import Explorer, log_slider, slider

__all__ = ["adagrad_explorer"]

# f(x) = 0.1·x₁² + 2·x₂²: curvatures 0.2 and 4, so GD is stable only for α < 2/4 = 0.5
BOWL = objectives.ill_conditioned(0.1, 2.0)
XLIM, YLIM = (-5.0, 5.0), (-3.0, 3.0)
X0_RANGE, Y0_RANGE = (-4.5, 4.5), (-2.5, 2.5)  # the start sliders, inside XLIM and YLIM
LR_RANGE, EPS_RANGE = (1e-2, 2.0), (1e-10, 10.0)  # the α and ε sliders


def _status(hist) -> str:
    if hist.diverged:
        return _("diverged at step {t}").format(t=hist.steps)
    return f"f = {hist.losses[-1]:.3g}"


def adagrad_explorer(
    lr: float = 1.0, eps: float = 1e-10, x0: float = -4.0, y0: float = 2.0, steps: int = 50
) -> Explorer:
    """GD and Adagrad with the same α from the same start on f = 0.1·x₁² + 2·x₂².

    GD multiplies x₁ by (1 - 0.2α) and x₂ by (1 - 4α) each step, so it diverges for α > 0.5.
    Adagrad's first step is α·g/(|g| + eps), about α in every coordinate, and no step is
    ever longer than α per coordinate. A large eps shrinks every effective rate α/(√G + eps)
    and evens them out, so the flat coordinate loses its advantage (it never turns Adagrad into
    GD with rate α/eps: G only grows, so √G stays at least |g₁|).

    lr must lie in [0.01, 2] and eps in [1e-10, 10] (their sliders); a start outside the sliders
    (|x₁| ≤ 4.5, |x₂| ≤ 2.5) widens them and the plot, up to 10 times as far; steps in 1..10000.
    """
    owner = "adagrad_explorer"
    lr = check.setting("lr", lr, *LR_RANGE, control=_("learning rate α"), owner=owner)
    eps = check.setting("eps", eps, *EPS_RANGE, control="ε", owner=owner)
    x0, x_range, xlim = check.start("x0", x0, X0_RANGE, 0.1, XLIM, owner=owner)
    y0, y_range, ylim = check.start("y0", y0, Y0_RANGE, 0.1, YLIM, owner=owner)
    steps = check.steps(steps, owner=owner)

    names = [(_("gradient descent"), "tab:blue"), ("Adagrad", "tab:orange")]

    def runs(lr, eps, x0, y0):
        start = np.array([x0, y0])
        gd = optim.descend(BOWL.grad, start, optim.GradientDescent(lr), steps, f=BOWL.f)
        ada = optim.descend(BOWL.grad, start, optim.Adagrad(lr, eps=eps), steps, f=BOWL.f)
        return gd, ada

    def draw(fig, lr, eps, x0, y0):
        gd, ada = runs(lr, eps, x0, y0)
        axes = fig.subplots(1, 3)
        paths = []
        for ax, hist, (name, color) in zip(axes[:2], (gd, ada), names, strict=True):
            plots.contour(ax, BOWL.f, xlim, ylim, levels=15)
            paths.append(path_lines(ax, hist.params, label=name, color=color))
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            live(ax.title)
        plots.loss_curve(axes[2], gd.losses, label=_("gradient descent"), color="tab:blue")
        plots.loss_curve(axes[2], ada.losses, label="Adagrad", color="tab:orange", linestyle="--")
        axes[2].set_yscale("log")
        axes[2].set_xlim(-0.05 * steps, 1.05 * steps)  # the whole budget, also for a run that stops early
        axes[2].set_ylabel(_("loss f(x)"))
        axes[2].set_title(_("loss per step (log scale)"))
        curves = axes[2].lines[-2:]
        live(*curves, axes[2].yaxis)
        remember(fig, axes=axes, paths=paths, curves=curves)
        return update(fig, lr, gd, ada)

    def redraw(fig, lr, eps, x0, y0):
        if recall(fig) is None:
            return None
        return update(fig, lr, *runs(lr, eps, x0, y0))

    def update(fig, lr, gd, ada):
        parts = recall(fig)
        for ax, path, hist, (name, _color) in zip(parts.axes[:2], parts.paths, (gd, ada), names, strict=True):
            update_path(path, hist.params)
            set_title(ax, f"{name}: {_status(hist)}")
            legend(ax, loc="lower right")
        for curve, hist in zip(parts.curves, (gd, ada), strict=True):
            curve.set_data(np.arange(len(hist.losses)), hist.losses)
        set_limits(parts.axes[2], ylim=autoscale_limits(np.concatenate([gd.losses, ada.losses]), log=True))
        legend(parts.axes[2], loc="lower left")
        return _("final loss: GD {gd} · Adagrad {ada} after {steps} steps").format(
            gd=_status(gd), ada=_status(ada), steps=steps)

    controls = {
        "lr": log_slider(lr, *LR_RANGE, _("learning rate α")),
        "eps": log_slider(eps, *EPS_RANGE, "ε", fmt=".1e"),
        "x0": slider(x0, *x_range, 0.1, _("start x₁")),
        "y0": slider(y0, *y_range, 0.1, _("start x₂")),
    }
    return Explorer(
        draw, controls, title=_("GD vs Adagrad on f = 0.1·x₁² + 2·x₂²"), figsize=(12.5, 4.0), redraw=redraw
    )
