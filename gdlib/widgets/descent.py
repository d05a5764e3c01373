"""Explorers for the gradient-descent notebook.

    learning_rate_explorer()   learning rate α (log slider) and start point on a 2-D quadratic:
                               the path over the contours and the loss curve
    start_point_explorer()     start point on Himmelblau's function: which of its four minima
                               gradient descent reaches
"""

from __future__ import annotations

import numpy as np

from gdlib import objectives, optim, plots
from gdlib._validate import array, positive
from gdlib.i18n import _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import autoscale_limits, legend, live, path_lines, recall, remember, set_limits, update_path
from gdlib.widgets.explorer import Explorer, log_slider, slider

__all__ = ["learning_rate_explorer", "start_point_explorer"]

# f(x) = ½ xᵀAx with A = diag(1, 4): curvatures 1 and 4, so GD is stable iff 0 < α < 2/4 = 0.5
LR_BOWL = objectives.quadratic(np.diag([1.0, 4.0]))
LR_RANGE = (1e-3, 1.0)  # the α slider: past 0.5 the run grows, at 1 it grows by 3 per step
LR_WINDOW = (-3.0, 3.0)  # the start sliders and the plot, in x₁ and x₂ (both widen for a start outside)
HIMMELBLAU_WINDOW = (-5.0, 5.0)  # the same for the start-point explorer

# The four minima of Himmelblau's function (all with f = 0), to name where a run ended.
HIMMELBLAU_MINIMA = np.array([
    [3.0, 2.0],
    [-2.805118, 3.131312],
    [-3.779310, -3.283186],
    [3.584428, -1.848126],
])


def learning_rate_explorer(
    lr: float = 0.1, x0: float = -2.5, y0: float = 2.0, steps: int = 60
) -> Explorer:
    """Gradient descent on f(x) = ½(x₁² + 4x₂²): pick α and the start, see the path and the loss.

    The curvatures are 1 and 4, so the run contracts iff 0 < α < 2/4 = 0.5; the factors
    per step are |1 - α| along x₁ and |1 - 4α| along x₂.

    lr must lie on its slider, [0.001, 1]; a start outside [-3, 3]² widens the sliders and the
    plot (up to |x₀|, |y₀| = 30); steps is a whole number in 1..10000.
    """
    owner = "learning_rate_explorer"
    lr = check.setting("lr", lr, *LR_RANGE, control=_("learning rate α"), owner=owner)
    x0, x_range, xlim = check.start("x0", x0, LR_WINDOW, 0.1, LR_WINDOW, owner=owner)
    y0, y_range, ylim = check.start("y0", y0, LR_WINDOW, 0.1, LR_WINDOW, owner=owner)
    steps = check.steps(steps, owner=owner)
    bowl = LR_BOWL

    def run(lr, x0, y0):
        rule = optim.GradientDescent(lr)
        return optim.descend(bowl.grad, np.array([x0, y0]), rule, steps, f=bowl.f, tol=1e-6)

    def draw(fig, lr, x0, y0):
        hist = run(lr, x0, y0)
        ax_path, ax_loss = fig.subplots(1, 2)
        plots.contour(ax_path, bowl.f, xlim, ylim, levels=15)
        path = path_lines(ax_path, hist.params, label=_("gradient descent (○ start, ★ end)"))
        ax_path.set_xlim(*xlim)
        ax_path.set_ylim(*ylim)
        ax_path.set_title(_("path over the contours of f"))
        plots.loss_curve(ax_loss, hist.losses)
        ax_loss.set_xlim(-0.05 * steps, 1.05 * steps)  # the whole budget: runs that stop early end sooner
        ax_loss.set_ylabel(_("loss f(x)"))
        ax_loss.set_title(_("loss per step (log scale)"))
        live(ax_loss.lines[-1], ax_loss.yaxis)
        remember(fig, ax_path=ax_path, ax_loss=ax_loss, path=path, loss=ax_loss.lines[-1])
        return update(fig, hist, lr)

    def redraw(fig, lr, x0, y0):
        parts = recall(fig)
        hist = run(lr, x0, y0)
        if parts is None or _log_scale(hist.losses) != (parts.ax_loss.get_yscale() == "log"):
            return None  # the loss axis changes scale: draw again
        return update(fig, hist, lr)

    def update(fig, hist, lr):
        parts = recall(fig)
        update_path(parts.path, hist.params)
        parts.loss.set_data(np.arange(len(hist.losses)), hist.losses)
        set_limits(parts.ax_loss, ylim=autoscale_limits(hist.losses, log=parts.ax_loss.get_yscale() == "log"))
        legend(parts.ax_path, loc="lower right")
        factor = max(abs(1 - lr), abs(1 - 4 * lr))
        verdict = _("contracts") if factor < 1 else _("grows")
        if hist.diverged:
            status = _("diverged at step {t}").format(t=hist.steps)
        elif hist.converged:
            status = _("converged in {t} steps").format(t=hist.steps)
        else:
            status = _("not converged after {t} steps").format(t=hist.steps)
        return _("factor max(|1-α|, |1-4α|) = {factor:.3f} ({verdict}) · {status}, f = {loss:.3g}").format(
            factor=factor, verdict=verdict, status=status, loss=hist.losses[-1])

    controls = {
        "lr": log_slider(lr, *LR_RANGE, _("learning rate α")),
        "x0": slider(x0, *x_range, 0.1, _("start x₁")),
        "y0": slider(y0, *y_range, 0.1, _("start x₂")),
    }
    title = _("Learning-rate explorer: f(x) = ½(x₁² + 4x₂²)")
    return Explorer(draw, controls, title=title, figsize=(11, 4.2), redraw=redraw)


def _log_scale(losses) -> bool:
    """Whether plots.loss_curve puts these losses on a log axis (all finite ones positive)."""
    L = np.asarray(losses, dtype=float)
    return bool(np.all(L[np.isfinite(L)] > 0))


def nearest_minimum(x) -> int:
    """Index (0-3) of the Himmelblau minimum closest to x."""
    x = array("x", x, ndim=1, owner="nearest_minimum")
    if x.shape != (2,):
        raise ValueError(_("nearest_minimum: x must be a point (x₁, x₂) of 2 numbers, got shape {shape}").format(
            shape=x.shape))
    return int(np.argmin(np.linalg.norm(HIMMELBLAU_MINIMA - x, axis=1)))


def start_point_explorer(
    x0: float = 0.0, y0: float = 0.0, lr: float = 0.01, steps: int = 300
) -> Explorer:
    """Gradient descent on Himmelblau's function from a start you choose: which minimum wins?

    A start outside [-5, 5]² widens the sliders and the plot (up to |x₀|, |y₀| = 50); lr (fixed,
    no slider) must be > 0 and steps a whole number in 1..10000.
    """
    owner = "start_point_explorer"
    x0, x_range, xlim = check.start("x0", x0, HIMMELBLAU_WINDOW, 0.1, HIMMELBLAU_WINDOW, owner=owner)
    y0, y_range, ylim = check.start("y0", y0, HIMMELBLAU_WINDOW, 0.1, HIMMELBLAU_WINDOW, owner=owner)
    lr = positive("lr", lr, owner=owner)
    steps = check.steps(steps, owner=owner)
    h = objectives.himmelblau()

    def draw(fig, x0, y0):
        hist = optim.descend(h.grad, np.array([x0, y0]), optim.GradientDescent(lr), steps, f=h.f, tol=1e-6)
        ax = fig.subplots()
        plots.contour(ax, h.f, xlim, ylim, levels=25, log=True)
        ax.plot(*HIMMELBLAU_MINIMA.T, "kx", ms=9, mew=2, label=_("the four minima"))
        path = path_lines(ax, hist.params, label=_("gradient descent path"), color="tab:red")
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_title(_("Himmelblau's function: the start decides the minimum"))
        remember(fig, ax=ax, path=path)
        return update(fig, hist)

    def redraw(fig, x0, y0):
        if recall(fig) is None:
            return None
        hist = optim.descend(h.grad, np.array([x0, y0]), optim.GradientDescent(lr), steps, f=h.f, tol=1e-6)
        return update(fig, hist)

    def update(fig, hist):
        parts = recall(fig)
        update_path(parts.path, hist.params)
        legend(parts.ax, loc="upper center")
        end = hist.x
        if hist.diverged:  # far from every minimum: naming the "nearest" one would mislead
            return _("diverged at step {t}, f = {loss:.2g}: α = {lr:.3g} is too large from this start").format(
                t=hist.steps, loss=hist.losses[-1], lr=lr)
        k = nearest_minimum(end)
        return _("ends at ({x1:.3f}, {x2:.3f}), f = {loss:.2g}, minimum #{k} of 4 after {t} steps").format(
            x1=end[0], x2=end[1], loss=hist.losses[-1], k=k + 1, t=hist.steps)

    controls = {
        "x0": slider(x0, *x_range, 0.1, _("start x₁")),
        "y0": slider(y0, *y_range, 0.1, _("start x₂")),
    }
    title = _("Start-point explorer: Himmelblau's function")
    return Explorer(draw, controls, title=title, figsize=(6.5, 5.5), redraw=redraw)
