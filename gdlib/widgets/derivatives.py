"""Explorers for the derivatives notebook: the tangent line, and the secant that becomes it.

    tangent_explorer()   move x₀, pick f: the curve, its tangent line, the slope f'(x₀)
                         and which way is downhill
    secant_explorer()    shrink h: the secant through x₀ and x₀ + h turns into the tangent

The slopes drawn are exact (each function comes with its derivative written by hand),
so the tests can compare what is drawn with f'(x₀).
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np

from gdlib._validate import real
from gdlib.i18n import _
from gdlib.widgets import _checks as check
from gdlib.widgets._live import autoscale_limits, legend, live, recall, remember, set_limits, set_title
from gdlib.widgets.explorer import Explorer, log_slider, slider

__all__ = ["tangent_explorer", "secant_explorer"]

# name shown in the dropdown -> (f, f'), both elementwise on numpy arrays
FUNCTIONS = {
    "x³ − 2x": (lambda x: x * x * x - 2 * x, lambda x: 3 * x * x - 2),
    "sin x": (np.sin, np.cos),
    "(x − 1)²": (lambda x: (x - 1) * (x - 1), lambda x: 2 * (x - 1)),
}

XLIM = (-2.5, 2.5)
X0_RANGE = (-2.0, 2.0)  # the x₀ slider, inside XLIM (both widen for an x₀ outside)
H_RANGE = (1e-3, 1.0)  # the h slider, the h axis of the secant panel


def downhill(slope: float) -> str:
    """Which way a small step lowers f, read from the sign of f'(x₀)."""
    slope = real("slope", slope, owner="downhill")
    if slope > 0:
        return _("left (−x)")
    if slope < 0:
        return _("right (+x)")
    return _("flat: no direction")


def _curve(ax, f, name: str, xlim=XLIM):
    xs = np.linspace(*xlim, 401)
    ys = f(xs)
    ax.plot(xs, ys, color="tab:blue", lw=2, label=f"f(x) = {name}")
    pad = 0.1 * (ys.max() - ys.min())
    ax.set_xlim(*xlim)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")


def tangent_explorer(x0: float = 1.0, function: str = "x³ − 2x") -> Explorer:
    """Move x₀ (and pick f) to see the tangent line y = f(x₀) + f'(x₀)(x − x₀) and its slope.

    x₀ outside the slider's range [-2, 2] widens the slider and the plot (up to |x₀| = 20).
    """
    owner = "tangent_explorer"
    function = check.option("function", function, FUNCTIONS, owner=owner)
    x0, x0_range, xlim = check.start("x0", x0, X0_RANGE, 0.05, XLIM, owner=owner)

    def draw(fig, x0, function):
        ax = fig.subplots()
        _curve(ax, FUNCTIONS[function][0], function, xlim=xlim)
        tangent = ax.plot([], [], "--", color="tab:orange", lw=2, label=_("tangent line"))[0]
        point = ax.plot([], [], "o", color="black", ms=7, label="(x₀, f(x₀))")[0]
        arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                            arrowprops={"arrowstyle": "->", "color": "tab:green", "lw": 2})
        live(tangent, point, arrow, ax.title)
        remember(fig, ax=ax, function=function, tangent=tangent, point=point, arrow=arrow)
        return redraw(fig, x0, function)

    def redraw(fig, x0, function):
        parts = recall(fig)
        if parts is None or parts.function != function:
            return None  # another curve: draw again
        f, df = FUNCTIONS[function]
        y0, m = float(f(x0)), float(df(x0))
        xt = np.linspace(x0 - 1.0, x0 + 1.0, 2)
        parts.tangent.set_data(xt, y0 + m * (xt - x0))
        parts.point.set_data([x0], [y0])
        # a short arrow along the x-axis direction that lowers f (none where f is flat)
        parts.arrow.set_visible(m != 0)
        parts.arrow.xy = (x0 - 0.5 * np.sign(m), y0)
        parts.arrow.set_position((x0, y0))
        set_title(parts.ax, _("Tangent line at x₀ = {x0:.2f}  (green arrow: downhill)").format(x0=x0))
        legend(parts.ax, loc="upper left")
        return _("f(x₀) = {y0:.3f} · slope f'(x₀) = {slope:.3f} · downhill: {way}").format(
            y0=y0 + 0.0, slope=m + 0.0, way=downhill(m))

    controls = {
        "x0": slider(x0, *x0_range, 0.05, "x₀"),
        "function": w.Dropdown(options=list(FUNCTIONS), value=function, description="f(x)"),
    }
    return Explorer(draw, controls, title=_("Tangent explorer: move x₀, pick f"), redraw=redraw, keep=("function",))


def secant_explorer(x0: float = 1.0, h: float = 0.5) -> Explorer:
    """Shrink h: the secant through (x₀, f(x₀)) and (x₀ + h, f(x₀ + h)) approaches the tangent.

    f(x) = x³ − 2x. Left: the curve, the secant and the tangent. Right: the secant slope
    (f(x₀ + h) − f(x₀)) / h for every h on a log axis, with the current h marked.

    h must lie on its slider, [0.001, 1]; x₀ outside [-2, 2] widens its slider and the plot
    (up to |x₀| = 20).
    """
    owner = "secant_explorer"
    x0, x0_range, xlim = check.start("x0", x0, X0_RANGE, 0.05, XLIM, owner=owner)
    h = check.setting("h", h, *H_RANGE, control="h", owner=owner)
    f, df = FUNCTIONS["x³ − 2x"]
    hs = np.geomspace(*H_RANGE, 61)

    def draw(fig, x0, h):
        left, right = fig.subplots(1, 2)
        _curve(left, f, "x³ − 2x", xlim=xlim)
        secant = left.plot([], [], "-", color="tab:red", lw=1.5, label=_("secant line"))[0]
        tangent = left.plot([], [], "--", color="tab:orange", lw=1.5, label=_("tangent line"))[0]
        points = left.plot([], [], "o", color="black", ms=6, label=_("x₀ and x₀ + h"))[0]

        slopes = right.semilogx(hs, hs, color="tab:red", label=_("secant slope"))[0]
        level = right.axhline(0.0, ls="--", color="tab:orange", label=_("f'(x₀) (tangent slope)"))
        current = right.plot([], [], "o", color="black", ms=7, label=_("current h"))[0]
        right.set_xlabel(_("step h (log scale)"))
        right.set_ylabel(_("slope"))
        right.set_title(_("Secant slope → f'(x₀) as h → 0"))
        live(secant, tangent, points, left.title, slopes, level, current, right.yaxis)
        remember(fig, left=left, right=right, secant=secant, tangent=tangent, points=points,
                 slopes=slopes, level=level, current=current)
        return redraw(fig, x0, h)

    def redraw(fig, x0, h):
        parts = recall(fig)
        if parts is None:
            return None
        y0, y1, m = float(f(x0)), float(f(x0 + h)), float(df(x0))
        s = (y1 - y0) / h
        xl = np.linspace(x0 - 1.2, x0 + 1.2, 2)
        parts.secant.set_data(xl, y0 + s * (xl - x0))
        parts.tangent.set_data(xl, y0 + m * (xl - x0))
        parts.points.set_data([x0, x0 + h], [y0, y1])
        set_title(parts.left, _("Secant through x₀ = {x0:.2f} and x₀ + h, h = {h:.3g}").format(x0=x0, h=h))
        legend(parts.left, loc="upper left")

        slopes = (f(x0 + hs) - y0) / hs
        parts.slopes.set_ydata(slopes)
        parts.level.set_ydata([m, m])
        parts.current.set_data([h], [s])
        set_limits(parts.right, ylim=autoscale_limits(np.append(slopes, m)))  # a live axis: no new background
        legend(parts.right, loc="upper left")
        return _("secant slope = {secant:.4f} · tangent slope f'(x₀) = {tangent:.4f} · gap = {gap:.3g}").format(
            secant=s, tangent=m + 0.0, gap=s - m)

    controls = {
        "x0": slider(x0, *x0_range, 0.05, "x₀"),
        "h": log_slider(h, *H_RANGE, "h"),
    }
    return Explorer(draw, controls, title=_("Secant explorer: shrink h"), figsize=(11, 4), redraw=redraw)
