"""Explorers for the gradients notebook: the gradient, a direction, and the slope along it.

    directional_explorer()   move the point (x, y) and the direction angle θ over a contour
                             plot: the gradient ∇f at the point, the unit direction
                             u = (cos θ, sin θ), and the directional derivative
                             D_u f = ∇f · u = ‖∇f‖ cos(θ − θ∇), drawn against θ

The gradients drawn are exact (each function carries its gradient written by hand), so
the tests can compare what is drawn with ∇f and with ∇f · u.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np

from gdlib import objectives, plots
from gdlib._validate import array
from gdlib.i18n import N_, _
from gdlib.objectives import Objective
from gdlib.widgets import _checks as check
from gdlib.widgets._live import legend, live, recall, remember, set_limits, set_title
from gdlib.widgets.explorer import Explorer, slider

__all__ = ["directional_explorer"]


def _bowl_f(p):
    x, y = p
    return x**2 + x * y + 2 * y**2


def _bowl_grad(p):
    x, y = p
    return np.array([2 * x + y, x + 4 * y])


BOWL = Objective(name=N_("tilted bowl x² + xy + 2y²"), f=_bowl_f, grad=_bowl_grad,
                 minimum=np.zeros(2), xlim=(-4.5, 4.5), ylim=(-4.5, 4.5))
_HIMMELBLAU = objectives.himmelblau()

# name shown in the dropdown (a key: the notebooks pass it; the figure's title shows it translated)
# -> (objective, log-spaced contour levels?)
FUNCTIONS = {
    N_("tilted bowl x² + xy + 2y²"): (BOWL, False),
    N_("Himmelblau"): (_HIMMELBLAU, True),
}

LIM = (-4.5, 4.5)
POINT_RANGE = (-4.0, 4.0)  # the x and y sliders, inside LIM (both widen for a point outside)
ARROW = 1.2  # length of the drawn arrows, in units of x and y


def angle_deg(v) -> float:
    """The angle of the vector v = (v₁, v₂) from the +x axis, in degrees, in [0, 360)."""
    v = array("v", v, ndim=1, owner="angle_deg")
    if v.shape != (2,):
        raise ValueError(_("angle_deg: v must be a vector (v₁, v₂) of 2 numbers, got shape {shape}").format(
            shape=v.shape))
    return float(np.degrees(np.arctan2(v[1], v[0])) % 360.0)


def directional_explorer(x: float = 1.0, y: float = 1.0, theta: float = 90.0,
                         function: str = "tilted bowl x² + xy + 2y²") -> Explorer:
    """Move (x, y) and θ: see ∇f, the unit direction u and D_u f = ∇f · u against ‖∇f‖.

    Left: contours of f, the gradient at (x, y) (red, drawn at a fixed length) and the
    direction u = (cos θ, sin θ) (black). Right: D_u f for every θ, the current θ marked,
    the lines ±‖∇f‖ (the largest and smallest possible rates) and the gradient's angle.

    θ must lie on its slider, [0, 360]; a point outside [-4, 4]² widens the sliders and the
    plot (up to |x|, |y| = 40).
    """
    owner = "directional_explorer"
    function = check.option("function", function, FUNCTIONS, owner=owner)
    x, x_range, xlim = check.start("x", x, POINT_RANGE, 0.1, LIM, owner=owner)
    y, y_range, ylim = check.start("y", y, POINT_RANGE, 0.1, LIM, owner=owner)
    theta = check.setting("theta", theta, 0.0, 360.0, control=_("θ (degrees)"), owner=owner)

    thetas = np.linspace(0.0, 360.0, 361)

    def draw(fig, x, y, theta, function):
        obj, log = FUNCTIONS[function]
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.25]})
        plots.contour(left, obj.f, xlim, ylim, levels=25, log=log, n=160)
        left.set_xlabel("x")
        left.set_ylabel("y")
        grad_arrow = left.quiver([x], [y], [1.0], [0.0], color="tab:red", angles="xy", scale_units="xy",
                                 scale=1, width=0.012, label=_("∇f direction (steepest ascent)"), zorder=3)
        u_arrow = left.quiver([x], [y], [1.0], [0.0], color="black", angles="xy",
                              scale_units="xy", scale=1, width=0.008, label=_("unit direction u"), zorder=4)
        point = left.plot([x], [y], "o", color="white", mec="black", ms=7, zorder=5)[0]
        left.set_xlim(*xlim)
        left.set_ylim(*ylim)
        left.set_aspect("equal")
        left.set_title(" ", fontsize=10)

        rates = right.plot(thetas, thetas, color="tab:blue", lw=2, label="D_u f = ∇f · u")[0]
        top = right.axhline(0.0, ls="--", color="tab:red", lw=1.2, label=_("±‖∇f‖ (max / min rate)"))
        bottom = right.axhline(0.0, ls="--", color="tab:red", lw=1.2)
        angle = right.axvline(0.0, ls=":", color="tab:red", lw=1.5, label=_("angle of ∇f"))
        current = right.plot([theta], [0.0], "o", color="black", ms=8, label=_("current θ"), zorder=3)[0]
        right.set_xlim(0, 360)
        right.set_xticks(np.arange(0, 361, 60))
        right.set_xlabel(_("direction angle θ (degrees)"))
        right.set_ylabel("D_u f(x, y)")
        right.set_title(_("Rate of change of f in direction θ"), fontsize=10)
        live(grad_arrow, u_arrow, point, left.title, rates, top, bottom, angle, current, right.yaxis)
        remember(fig, function=function, left=left, right=right, grad_arrow=grad_arrow, u_arrow=u_arrow,
                 point=point, rates=rates, top=top, bottom=bottom, angle=angle, current=current)
        return redraw(fig, x, y, theta, function)

    def redraw(fig, x, y, theta, function):
        parts = recall(fig)
        if parts is None or parts.function != function:
            return None  # other contours: draw again
        obj = FUNCTIONS[function][0]
        p = np.array([x, y])
        g = np.asarray(obj.grad(p), dtype=float)
        norm = float(np.linalg.norm(g))
        t = np.radians(theta)
        u = np.array([np.cos(t), np.sin(t)])
        rate = float(g @ u)
        gv = ARROW * g / norm if norm > 0 else np.zeros(2)
        parts.grad_arrow.set_offsets([[x, y]])
        parts.grad_arrow.set_UVC([gv[0]], [gv[1]])
        parts.grad_arrow.set_visible(norm > 0)  # a zero gradient has no direction to draw
        parts.u_arrow.set_offsets([[x, y]])
        parts.u_arrow.set_UVC([ARROW * u[0]], [ARROW * u[1]])
        parts.point.set_data([x], [y])
        set_title(parts.left, _("{function}: ∇f and u at ({x:.1f}, {y:.1f})").format(function=_(function), x=x, y=y))
        # (a hidden arrow is left out of the legend by its label)
        parts.grad_arrow.set_label(_("∇f direction (steepest ascent)") if norm > 0 else "_hidden")
        legend(parts.left, loc="lower left", fontsize=8)

        parts.rates.set_ydata(g[0] * np.cos(np.radians(thetas)) + g[1] * np.sin(np.radians(thetas)))
        parts.top.set_ydata([norm, norm])
        parts.bottom.set_ydata([-norm, -norm])
        parts.angle.set_visible(norm > 0)
        parts.angle.set_label(_("angle of ∇f") if norm > 0 else "_hidden")
        if norm > 0:
            parts.angle.set_xdata([angle_deg(g)] * 2)
        parts.current.set_data([theta], [rate])
        # room above the curve for the legend, whatever ‖∇f‖ is
        set_limits(parts.right, ylim=(-1.15 * norm, 1.75 * norm) if norm > 0 else (-1.0, 1.75))
        legend(parts.right, loc="upper center", ncols=2, fontsize=8)
        if norm == 0:
            return _("∇f = (0, 0): a critical point, every direction is flat (D_u f = 0)")
        return (f"∇f = ({g[0] + 0.0:.3f}, {g[1] + 0.0:.3f}) · ‖∇f‖ = {norm:.3f} · "
                f"D_u f = {rate + 0.0:.3f} · "
                f"D_u f / ‖∇f‖ = cos(θ − θ∇) = {rate / norm + 0.0:.3f} · "
                f"θ∇ = {angle_deg(g):.1f}°")

    controls = {
        "x": slider(x, *x_range, 0.1, "x", fmt=".1f"),
        "y": slider(y, *y_range, 0.1, "y", fmt=".1f"),
        "theta": slider(theta, 0.0, 360.0, 5.0, _("θ (degrees)"), fmt=".0f"),
        "function": w.Dropdown(options=list(FUNCTIONS), value=function, description="f(x, y)"),
    }
    return Explorer(draw, controls, title=_("Directional derivative explorer: move (x, y) and θ"),
                    figsize=(10, 4.4), redraw=redraw, keep=("function",))
