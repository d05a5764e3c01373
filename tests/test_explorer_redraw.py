"""Explorers update their figure in place for speed; a learner must never see the difference.

For every explorer and every control: after a change, the live figure holds exactly what a
fresh drawing with the same values holds (titles, labels, limits, scales, every line's data
and style, legends, texts), the readout is the fresh drawing's readout, and the PNG in the
output area (live artists drawn over a stored background) is the same picture as a full
rendering of the live figure.
"""

import base64
import gc
import io
import weakref

import numpy as np
import pytest
from data_helpers import iris_split
from ipywidgets import Widget
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from gdlib import data, widgets
from gdlib.widgets import optimizers
from gdlib.widgets._live import steady_limits


def _round(values):
    a = np.asarray(values, dtype=float)
    return tuple(np.round(np.where(np.isfinite(a), a, 0.0), 9).ravel().tolist()), tuple(np.isfinite(a).ravel())


def summary(fig) -> list:
    """What a figure shows, as comparable values (pixels aside)."""
    out = []
    for ax in fig.axes:
        legend = ax.get_legend()
        out.append({
            "title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
            "xlim": _round(ax.get_xlim()), "ylim": _round(ax.get_ylim()),
            "scales": (ax.get_xscale(), ax.get_yscale()),
            "lines": [(ln.get_label(), ln.get_visible(), ln.get_color(), ln.get_linestyle(), ln.get_marker(),
                       *((_round(ln.get_xdata()), _round(ln.get_ydata())) if ln.get_visible() else ()))
                      for ln in ax.get_lines()],  # a hidden line's data is not shown
            "collections": [(type(c).__name__, c.get_visible(), _round(c.get_offsets())
                             if hasattr(c, "get_offsets") else None) for c in ax.collections],
            "texts": [(t.get_text(), t.get_visible(), _round(t.get_position())) for t in ax.texts],
            "legend": None if legend is None else [t.get_text() for t in legend.get_texts()],
        })
    return out


def pixels_of_output(ex) -> np.ndarray:
    png = base64.b64decode(ex.out.outputs[-1]["data"]["image/png"])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def rendered(ex) -> np.ndarray:
    """The output area's PNG as a learner sees it, checked to show the whole figure: asking for the
    output area renders it, as showing the explorer in a notebook does (an explorer nobody looks at
    only draws). For states the walks below do not reach: a diverged run, a widened range."""
    shown = pixels_of_output(ex)
    width, height = ex.figure.get_size_inches() * ex.figure.dpi
    assert shown.shape == (round(height), round(width), 3)
    return shown


def full_rendering(fig) -> np.ndarray:
    """The live figure drawn whole, live artists included (as when saving)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches=None)
    return np.asarray(Image.open(buf).convert("RGB"), dtype=int)


def other_value(c):
    """A value a learner might move the control to: two steps along a slider, another option."""
    if hasattr(c, "options"):
        opts = [o[1] if isinstance(o, tuple) else o for o in c.options]
        if isinstance(c.value, tuple):  # SelectMultiple: add or drop one
            extra = [o for o in opts if o not in c.value]
            return (*c.value, extra[0]) if extra else c.value[:-1]
        return next(o for o in opts if o != c.value)
    if hasattr(c, "base"):  # FloatLogSlider
        e = np.log10(c.value) + 2 * c.step
        return float(c.base ** (e if e <= c.max else np.log10(c.value) - 2 * c.step))
    up = c.value + 2 * c.step
    return up if up <= c.max else c.value - 2 * c.step


X, Y = data.logistic(n=60, seed=1)
X1 = np.column_stack([np.ones(len(X)), X])
EXPLORERS = {
    "tangent": widgets.tangent_explorer,
    "secant": widgets.secant_explorer,
    "directional": widgets.directional_explorer,
    "learning_rate": widgets.learning_rate_explorer,
    "start_point": widgets.start_point_explorer,
    "minibatch": widgets.minibatch_explorer,
    "likelihood": widgets.normal_likelihood_explorer,
    "adagrad": widgets.adagrad_explorer,
    "optimizer": lambda: widgets.optimizer_explorer(X1, Y, problem=optimizers.QUADRATIC),
}


def same_as_fresh(ex) -> None:
    fig, readout = ex.render()
    try:
        assert ex.readout == readout
        assert summary(ex.figure) == summary(fig)
    finally:
        fig.clf()


def same_picture_as_full_rendering(ex) -> None:
    shown = pixels_of_output(ex)
    whole = full_rendering(ex.figure)
    assert shown.shape == whole.shape
    differ = np.mean(np.any(np.abs(shown - whole) > 40, axis=-1))
    assert differ < 0.002, f"{differ:.2%} of the pixels differ from a full rendering"


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_every_change_shows_what_a_fresh_drawing_shows(name):
    ex = EXPLORERS[name]()
    ex.out  # noqa: B018 (shown, as in a notebook: from now on every change is rendered)
    for control, c in ex.controls.items():
        if c.disabled and control.startswith("lr_"):  # the race: a rule's slider works once the rule races
            ex.controls["rules"].value = (*ex.controls["rules"].value, control.removeprefix("lr_"))
        assert not c.disabled, control
        start = c.value
        c.value = other_value(c)
        same_as_fresh(ex)
        if control == next(iter(ex.controls)):
            same_picture_as_full_rendering(ex)
        c.value = start  # and back: a line hidden and shown again, a legend made again
        same_as_fresh(ex)
    same_picture_as_full_rendering(ex)


def test_the_optimizer_race_on_every_problem_and_rule_set():
    ex = EXPLORERS["optimizer"]()
    ex.out  # noqa: B018 (shown: every change below is rendered)
    for problem in ex.controls["problem"].options:
        ex.controls["problem"].value = problem
        for rules in [("Adam", "RMSProp"), ()]:
            ex.controls["rules"].value = rules
            same_as_fresh(ex)


@pytest.mark.parametrize(("values", "log", "want"), [
    ([1.0, 5.0], False, (0.0, 6.0)),
    ([1.1, 5.2], False, (0.0, 6.0)),  # a little move keeps the limits
    ([3e-4, 2.0], True, (1e-4, 10.0)),
    ([0.5, 0.5], True, (0.1, 1.0)),
    ([np.nan, np.inf], False, (0.0, 1.0)),
])
def test_steady_limits(values, log, want):
    assert steady_limits(values, log=log) == pytest.approx(want)


def test_the_canvas_is_agg_and_not_pyplots():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    ex = widgets.tangent_explorer()
    assert isinstance(ex.figure.canvas, FigureCanvasAgg)
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", ["learning_rate", "minibatch", "optimizer"])
def test_a_live_log_axis_keeps_minor_ticks_at_2_and_5_only(name):
    # eight minor ticks a decade on a live loss axis cost about 40 ms per change; 2 and 5 still read
    ax = next(ax for ax in EXPLORERS[name]().figure.axes if ax.get_yscale() == "log" and ax.yaxis.get_animated())
    lo, hi = ax.get_ylim()
    minor = [v for v in ax.yaxis.get_minorticklocs() if lo <= v <= hi]
    mantissas = {round(v / 10.0 ** np.floor(np.log10(v)), 6) for v in minor}
    assert minor and mantissas <= {2.0, 5.0}, sorted(mantissas)


@pytest.mark.parametrize("name", [*EXPLORERS, "network"])
def test_an_explorer_nobody_holds_is_freed(name):
    """Once its widgets are closed and nothing holds it, an explorer's figure goes with it, with its
    background (ipywidgets itself keeps a widget until it is closed). A numpy array of objects, such
    as subplots' Axes, is invisible to Python's garbage collector: kept on the figure, it would close
    a cycle that is never freed."""
    ex = widgets.network_explorer(*iris_split()) if name == "network" else EXPLORERS[name]()
    ex.out  # noqa: B018 (shown, and a change rendered: the background and the PNG are made too)
    c = next(iter(ex.controls.values()))
    c.value = other_value(c)
    figure = weakref.ref(ex.figure)
    del ex, c
    Widget.close_all()
    gc.collect()
    assert figure() is None, "the explorer's figure is still alive"
