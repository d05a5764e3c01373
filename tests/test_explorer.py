"""The Explorer base: readout names the controls, a change redraws, snapshot prints; and the
checks of its arguments and of the sliders (an explorer argument is never clamped)."""

import io
import math

import ipywidgets
import numpy as np
import pytest
from error_helpers import raises
from hypothesis import given, settings
from hypothesis import strategies as st

from gdlib.widgets import Explorer, log_slider, slider
from gdlib.widgets import _checks as check
from gdlib.widgets import explorer as explorer_module


def make():
    def draw(fig, a, lr, kind):
        ax = fig.subplots()
        ax.plot([0.0, 1.0], [0.0, a * lr])
        ax.set_title(kind)
        return f"a·lr = {a * lr:.3f}"

    controls = {
        "a": slider(1.0, 0.0, 2.0, 0.1, "a"),
        "lr": log_slider(0.1, 1e-3, 1.0, "lr"),
        "kind": ipywidgets.Dropdown(options=["line", "curve"], value="line", description="kind"),
    }
    return Explorer(draw, controls, title="test")


def test_initial_readout_and_figure():
    e = make()
    assert e.readout == "a = 1.00 · lr = 0.1 · kind = line → a·lr = 0.100"
    assert list(e.figure.axes[0].lines[0].get_ydata()) == [0.0, 0.1]


def test_changing_each_control_redraws():
    e = make()
    e.controls["a"].value = 2.0
    assert e.readout.startswith("a = 2.00") and e.readout.endswith("a·lr = 0.200")
    assert e.figure.axes[0].lines[0].get_ydata()[1] == 0.2
    e.controls["lr"].value = 0.01
    assert "lr = 0.01" in e.readout and e.readout.endswith("a·lr = 0.020")
    e.controls["kind"].value = "curve"
    assert e.figure.axes[0].get_title() == "curve" and "kind = curve" in e.readout


def test_snapshot_prints_the_readout(capsys):
    e = make()
    capsys.readouterr()
    e.snapshot()
    assert capsys.readouterr().out.startswith("a = 1.00 · lr = 0.1 · kind = line → a·lr = 0.100\n")


def test_sliders_update_on_release_only():
    assert slider(0.0, -1, 1, 0.1, "x").continuous_update is False
    assert log_slider(0.1, 1e-3, 1, "lr").continuous_update is False


# --- bad input: every check names the argument, the value and what was expected -----------------

NAN, INF = float("nan"), float("inf")




SLIDER_BAD = [
    # (args, kwargs, error, words in the message)
    ((5, 0, 1, 0.1, "a"), {}, ValueError, ["slider", "value", "[0, 1]", "5"]),
    ((-0.5, 0, 1, 0.1, "a"), {}, ValueError, ["value", "[0, 1]", "-0.5"]),
    ((0.5, 1, 0, 0.1, "a"), {}, ValueError, ["lo", "hi", "lo must be < hi"]),
    ((0.5, 1, 1, 0.1, "a"), {}, ValueError, ["lo must be < hi"]),
    ((NAN, 0, 1, 0.1, "a"), {}, ValueError, ["value", "finite", "nan"]),
    ((0.5, -INF, 1, 0.1, "a"), {}, ValueError, ["lo", "finite"]),
    ((0.5, 0, INF, 0.1, "a"), {}, ValueError, ["hi", "finite"]),
    (("0.5", 0, 1, 0.1, "a"), {}, TypeError, ["value", "real number", "'0.5'"]),
    (([0.5], 0, 1, 0.1, "a"), {}, TypeError, ["value", "real number"]),
    ((True, 0, 1, 0.1, "a"), {}, TypeError, ["value", "True"]),
    ((0.5, None, 1, 0.1, "a"), {}, TypeError, ["lo", "None"]),
    ((0.5, 0, 1, 0, "a"), {}, ValueError, ["step", "> 0"]),
    ((0.5, 0, 1, -0.1, "a"), {}, ValueError, ["step", "> 0"]),
    ((0.5, 0, 1, 2, "a"), {}, ValueError, ["step", "at most hi - lo = 1", "2"]),
    ((0.5, 0, 1, NAN, "a"), {}, ValueError, ["step", "finite"]),
    ((0.5, 0, 1, 0.1, 3), {}, TypeError, ["description", "str", "3"]),
    ((0.5, 0, 1, 0.1, "a"), {"fmt": "%d"}, ValueError, ["fmt", "format spec", "'%d'"]),
    ((0.5, 0, 1, 0.1, "a"), {"fmt": 2}, TypeError, ["fmt", "str"]),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), SLIDER_BAD)
def test_slider_bad_calls(args, kwargs, error, words):
    raises(error, words, slider, *args, **kwargs)


LOG_SLIDER_BAD = [
    ((10, 1e-3, 1, "lr"), {}, ValueError, ["log_slider", "value", "[0.001, 1]", "10"]),
    ((1e-4, 1e-3, 1, "lr"), {}, ValueError, ["value", "[0.001, 1]", "0.0001"]),
    ((0.1, 0, 1, "lr"), {}, ValueError, ["lo", "> 0", "0"]),
    ((0.1, -1, 1, "lr"), {}, ValueError, ["lo", "> 0", "-1"]),
    ((0.1, 1, 1e-3, "lr"), {}, ValueError, ["lo must be < hi"]),
    ((0.1, 1e-3, INF, "lr"), {}, ValueError, ["hi", "finite"]),
    ((NAN, 1e-3, 1, "lr"), {}, ValueError, ["value", "finite"]),
    (("0.1", 1e-3, 1, "lr"), {}, TypeError, ["value", "real number"]),
    ((0.1, 1e-3, 1, None), {}, TypeError, ["description", "str"]),
    ((0.1, 1e-3, 1, "lr"), {"fmt": "x"}, ValueError, ["fmt", "format spec"]),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), LOG_SLIDER_BAD)
def test_log_slider_bad_calls(args, kwargs, error, words):
    raises(error, words, log_slider, *args, **kwargs)


def test_sliders_accept_ints_numpy_scalars_and_both_ends():
    for value in (0, 2, 1, np.float64(1.5), np.int64(1)):
        s = slider(value, 0, 2, 0.5, "a")
        assert s.value == value and (s.min, s.max) == (0.0, 2.0)
    assert slider(-3, -3, 3, 0.1, "x").value == -3.0
    for value in (1e-3, 1, np.float64(0.1)):
        assert log_slider(value, 1e-3, 1, "lr").value == pytest.approx(value, rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(lo=st.floats(-1e6, 1e6), width=st.floats(1e-3, 1e6), where=st.floats(0, 1))
def test_a_slider_holds_any_value_in_its_range_unclamped(lo, width, where):
    hi = lo + width
    value = min(lo + where * width, hi)
    s = slider(value, lo, hi, width / 10, "x")
    assert (s.value, s.min, s.max) == (value, lo, hi)


@settings(max_examples=60, deadline=None)
@given(lo=st.floats(1e-6, 1.0), decades=st.floats(0.1, 6), where=st.floats(0, 1))
def test_a_log_slider_holds_any_value_in_its_range(lo, decades, where):
    hi = lo * 10**decades
    value = min(lo * 10 ** (where * decades), hi)
    s = log_slider(value, lo, hi, "lr")
    # the widget compares with 10**log10(lo), which can differ from lo in the last bit
    assert s.value == pytest.approx(value, rel=1e-12)
    assert 10**s.min == pytest.approx(lo, rel=1e-12) and 10**s.max == pytest.approx(hi, rel=1e-12)


def a_control():
    return slider(0.5, 0, 1, 0.1, "a")


def draw_a(fig, a):
    return f"a = {a}"


EXPLORER_BAD = [
    # (args, kwargs, error, words)
    ((3, {"a": None}), {}, TypeError, ["Explorer", "draw", "function", "3"]),
    ((draw_a, [0.5]), {}, TypeError, ["controls", "dict"]),
    ((draw_a, {}), {}, ValueError, ["controls", "at least one"]),
    ((draw_a, {"a": 0.5}), {}, TypeError, ["controls['a']", "ipywidgets control", "0.5"]),
    ((draw_a, {1: "control"}), {}, TypeError, ["key", "1"]),
    ((draw_a, {"b": "control"}), {}, ValueError, ["draw has no parameter", "'b'", "draw(fig, b=...)"]),
    ((lambda fig, a, b: "", {"a": "control"}), {}, ValueError, ["draw needs 'b'", "'a'"]),
    ((lambda: "", {"a": "control"}), {}, TypeError, ["draw", "figure", "first argument"]),
    ((draw_a, {"a": "control"}), {"title": None}, TypeError, ["title", "str", "None"]),
    ((draw_a, {"a": "control"}), {"figsize": (0, 3)}, ValueError, ["figsize[0]", "> 0"]),
    ((draw_a, {"a": "control"}), {"figsize": (4, NAN)}, ValueError, ["figsize[1]", "finite"]),
    ((draw_a, {"a": "control"}), {"figsize": 4}, TypeError, ["figsize", "(width, height)", "4"]),
    ((draw_a, {"a": "control"}), {"figsize": "4x3"}, TypeError, ["figsize", "(width, height)"]),
    ((draw_a, {"a": "control"}), {"figsize": (4, 3, 1)}, TypeError, ["figsize", "(width, height)"]),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), EXPLORER_BAD)
def test_explorer_bad_calls(args, kwargs, error, words):
    draw, controls = args
    # "control" stands for a real control (built here, so each test has its own)
    if isinstance(controls, dict):
        controls = {k: a_control() if v == "control" else v for k, v in controls.items()}
    raises(error, words, Explorer, draw, controls, **kwargs)


def test_a_draw_that_returns_no_text_is_named_when_the_explorer_is_first_drawn():
    e = Explorer(lambda fig, a: 3.5, {"a": a_control()})  # building draws nothing yet
    raises(TypeError, ["draw must return", "str", "3.5"], lambda: e.readout)


def test_an_explorer_draws_when_first_needed_and_once():
    calls = []

    def draw(fig, a):
        calls.append(a)
        return ""

    e = Explorer(draw, {"a": a_control()})
    assert calls == []  # only built: nothing drawn (tests and notebooks build many)
    assert e.out.outputs  # the output area is what a notebook shows: drawn now
    assert calls == [0.5]
    e.readout, e.figure  # noqa: B018 (already drawn: nothing more)
    assert calls == [0.5]
    e.controls["a"].value = 0.7
    assert calls == [0.5, 0.7]


def test_the_png_is_made_when_the_output_area_is_first_needed_then_at_every_change(monkeypatch):
    from test_explorer_redraw import same_picture_as_full_rendering

    pngs = []
    made = Explorer._png
    monkeypatch.setattr(Explorer, "_png", lambda self, view: pngs.append(self.readout) or made(self, view))
    e = make()
    e.controls["a"].value = 1.5
    assert e.readout.startswith("a = 1.50") and pngs == []  # drawn, not yet rendered: nobody looks
    assert e.out.outputs[0]["text"] == e.readout + "\n"  # asked for: the current state, rendered once
    assert pngs == [e.readout]
    same_picture_as_full_rendering(e)
    e.controls["kind"].value = "curve"  # shown: every change renders, as in a notebook
    assert pngs[-1] == e.readout and len(pngs) == 2
    assert e.out.outputs[0]["text"] == e.readout + "\n"
    same_picture_as_full_rendering(e)


def test_a_figure_saved_before_it_is_shown_is_laid_out_as_when_shown():
    def draw(fig, a):
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1e6 * a])
        ax.set(title="a long title over the axes", xlabel="x", ylabel="a label that needs room")

    saved, shown = Explorer(draw, {"a": a_control()}), Explorer(draw, {"a": a_control()})
    saved.figure.savefig(io.BytesIO(), format="png")  # before the output area was asked for
    shown.out  # noqa: B018
    p = saved.figure.subplotpars  # matplotlib's own positions, where nothing is laid out
    default = (p.left, p.bottom, p.right - p.left, p.top - p.bottom)
    saved_box, shown_box = (e.figure.axes[0].get_position().bounds for e in (saved, shown))
    np.testing.assert_allclose(saved_box, shown_box)
    assert not np.allclose(shown_box, default)  # laid out, in both


def test_explorer_accepts_var_keywords_none_readout_and_a_list_figsize():
    def draw(fig, **values):
        fig.subplots()

    e = Explorer(draw, {"a": a_control(), "b": slider(1.0, 0, 2, 0.5, "b")}, figsize=[4, 3])
    assert e.readout == "a = 0.50 · b = 1.00"  # draw returned None: the state alone
    assert tuple(e.figure.get_size_inches()) == (4.0, 3.0)
    e.controls["b"].value = 1.5
    assert e.readout == "a = 0.50 · b = 1.50"


def test_explorer_module_declares_its_public_names():
    assert explorer_module.__all__ == ["Explorer", "slider", "log_slider"]
    from gdlib import widgets

    assert widgets.__all__[:3] == ["Explorer", "slider", "log_slider"]
    assert len(set(widgets.__all__)) == len(widgets.__all__)
    for name in widgets.__all__:
        assert callable(getattr(widgets, name)), name


# --- the shared checks: a start point widens its slider, a setting outside is an error ----------


@settings(max_examples=200, deadline=None)
@given(lo=st.floats(-100, 100), width=st.floats(0.5, 100), step=st.sampled_from([0.01, 0.05, 0.1, 0.5]),
       margin=st.floats(0, 5), where=st.floats(-check.REACH / 2 + 0.5, check.REACH / 2 + 0.5))
def test_start_widens_span_and_window_alike_to_hold_the_value(lo, width, step, margin, where):
    hi = lo + width
    value = lo + where * width  # anywhere within REACH half-widths of the centre
    window = (lo - margin, hi + margin)
    got, (new_lo, new_hi), (w_lo, w_hi) = check.start("x0", value, (lo, hi), step, window, owner="t")
    assert got == value
    assert new_lo <= value <= new_hi and new_lo <= lo and new_hi >= hi
    tol = 1e-9 * max(1, abs(value))
    if value < lo:  # the new end is on the step grid, less than one step beyond the value
        assert value - new_lo < step + tol and new_lo / step == pytest.approx(round(new_lo / step), abs=1e-6)
    if value > hi:
        assert new_hi - value < step + tol and new_hi / step == pytest.approx(round(new_hi / step), abs=1e-6)
    assert w_lo == pytest.approx(new_lo - margin, abs=1e-9) and w_hi == pytest.approx(new_hi + margin, abs=1e-9)
    if lo <= value <= hi:
        assert (new_lo, new_hi, w_lo, w_hi) == (lo, hi, *window)
    s = slider(value, new_lo, new_hi, step, "x")  # and the slider takes it, unclamped
    assert s.value == value


def test_start_beyond_reach_names_the_limits():
    raises(ValueError, ["x0", "[-30, 30]", "[-3, 3]", "widens", "x0=31"],
           check.start, "x0", 31, (-3.0, 3.0), 0.1, (-3.0, 3.0), owner="o")
    raises(ValueError, ["sigma", "[0.1,"], check.start, "sigma", 0.05, (0.5, 5.5), 0.1, owner="o", lowest=0.1)


def test_start_stays_at_or_above_lowest():
    value, (lo, hi), _ = check.start("sigma", 0.13, (0.5, 5.5), 0.1, owner="o", lowest=0.1)
    assert value == 0.13 and lo == 0.1 and hi == 5.5
    value, (lo, _), _ = check.start("sigma", 0.1, (0.5, 5.5), 0.2, owner="o", lowest=0.1)
    assert lo == 0.1 > 0  # the step grid would give 0: the value itself is the end instead


def test_finite_result_names_the_bad_input_or_says_it_overflows():
    assert check.finite_result(np.float64(2.0), {}, owner="o", what="w") == 2.0
    raises(ValueError, ["o:", "x", "finite"], check.finite_result, np.array([1.0, NAN]),
           {"x": [1.0, NAN]}, owner="o", what="the thing")
    raises(ValueError, ["the thing", "overflows", "x=1e+200"], check.finite_result, INF,
           {"x": 1e200}, owner="o", what="the thing")


def test_whole_and_steps():
    assert check.steps(np.int64(5), owner="o") == 5
    raises(TypeError, ["steps", "whole number", "5.0"], check.steps, 5.0, owner="o")
    raises(ValueError, ["steps", f"1..{check.MAX_STEPS}", "0"], check.steps, 0, owner="o")
    raises(ValueError, ["n", ">= 2"], check.whole, "n", 1, 2, owner="o")
    assert math.isclose(check.number("x", 2, owner="o"), 2.0)
