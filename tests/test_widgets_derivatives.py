"""The derivatives notebook's explorers, driven without a browser.

Each test reads the lines actually drawn (explorer.figure) and the readout, moves a
control, and checks that both changed to the mathematically expected values.
"""

import numpy as np
import pytest
from error_helpers import raises

from gdlib import calculus, widgets
from gdlib.widgets import derivatives
from gdlib.widgets.derivatives import FUNCTIONS


def line(ax, word):
    """(x, y) data of the one line whose label contains word."""
    (found,) = [ln for ln in ax.get_lines() if word in ln.get_label()]
    return np.asarray(found.get_xdata(), dtype=float), np.asarray(found.get_ydata(), dtype=float)


def slope_and_point(ax, word):
    x, y = line(ax, word)
    slope = (y[-1] - y[0]) / (x[-1] - x[0])
    return slope, (x, y)


def test_reexported():
    assert widgets.tangent_explorer is derivatives.tangent_explorer
    assert widgets.secant_explorer is derivatives.secant_explorer


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_hand_written_derivatives_are_right(name):
    f, df = FUNCTIONS[name]
    xs = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(df(xs), calculus.derivative(f, xs), atol=1e-8)


# --- tangent explorer ----------------------------------------------------------------------------

def check_tangent(ex, name, x0):
    f, df = FUNCTIONS[name]
    ax = ex.figure.axes[0]
    slope, (x, y) = slope_and_point(ax, "tangent")
    assert slope == pytest.approx(df(x0), abs=1e-12)
    assert np.interp(x0, x, y) == pytest.approx(f(x0), abs=1e-12)  # passes through (x₀, f(x₀))
    (px,), (py,) = line(ax, "(x₀, f(x₀))")
    assert (px, py) == pytest.approx((x0, f(x0)))
    assert f"slope f'(x₀) = {df(x0) + 0.0:.3f}" in ex.readout
    cx, cy = line(ax, "f(x) =")
    np.testing.assert_allclose(cy, f(cx))  # the curve drawn is the chosen function


def test_tangent_initial_state():
    ex = widgets.tangent_explorer()
    check_tangent(ex, "x³ − 2x", 1.0)
    assert "slope f'(x₀) = 1.000" in ex.readout
    assert "downhill: left" in ex.readout


def test_moving_x0_moves_the_tangent():
    ex = widgets.tangent_explorer()
    ex.controls["x0"].value = -0.5
    check_tangent(ex, "x³ − 2x", -0.5)
    assert "slope f'(x₀) = -1.250" in ex.readout
    assert "downhill: right" in ex.readout
    assert ex.readout.startswith("x₀ = -0.50")


def test_the_dropdown_changes_the_function():
    ex = widgets.tangent_explorer()
    ex.controls["function"].value = "sin x"
    check_tangent(ex, "sin x", 1.0)
    assert f"slope f'(x₀) = {np.cos(1.0):.3f}" in ex.readout
    ex.controls["function"].value = "(x − 1)²"
    ex.controls["x0"].value = 1.0
    check_tangent(ex, "(x − 1)²", 1.0)
    assert "downhill: flat" in ex.readout  # the bottom of the bowl: f'(1) = 0


def test_the_downhill_arrow_points_against_the_slope():
    ex = widgets.tangent_explorer(x0=1.5)
    (arrow,) = ex.figure.axes[0].texts  # annotate() with an arrow
    assert arrow.xy[0] < arrow.xyann[0]  # f'(1.5) > 0: the arrow points left
    ex.controls["x0"].value = 0.0
    (arrow,) = ex.figure.axes[0].texts
    assert arrow.xy[0] > arrow.xyann[0]  # f'(0) = -2 < 0: the arrow points right


def test_unknown_function_is_a_clear_error():
    with pytest.raises(ValueError, match="function must be one of"):
        widgets.tangent_explorer(function="tan x")


# --- secant explorer --------------------------------------------------------------------------

def check_secant(ex, x0, h):
    f, df = FUNCTIONS["x³ − 2x"]
    left, right = ex.figure.axes
    want = (f(x0 + h) - f(x0)) / h
    s, (x, y) = slope_and_point(left, "secant")
    assert s == pytest.approx(want, rel=1e-9)
    assert np.interp(x0, x, y) == pytest.approx(f(x0))
    t, _ = slope_and_point(left, "tangent")
    assert t == pytest.approx(df(x0))
    (mx,), (my,) = line(right, "current h")
    assert (mx, my) == pytest.approx((h, want))
    assert f"secant slope = {want:.4f}" in ex.readout
    assert f"gap = {want - df(x0):.3g}" in ex.readout
    return want


def test_secant_initial_state():
    ex = widgets.secant_explorer()
    # x³ − 2x at x₀ = 1: secant slope 1 + 3h + h² = 2.75 for h = 0.5
    assert check_secant(ex, 1.0, 0.5) == pytest.approx(2.75)


def test_shrinking_h_brings_the_secant_to_the_tangent():
    ex = widgets.secant_explorer()
    h = ex.controls["h"]
    h.value = 1e-3
    s = check_secant(ex, 1.0, h.value)
    assert s - 1.0 == pytest.approx(3 * h.value + h.value**2, rel=1e-6)  # the gap is 3h + h²
    assert abs(s - 1.0) < 0.01


def test_moving_x0_moves_the_secant():
    ex = widgets.secant_explorer()
    ex.controls["x0"].value = -1.0
    check_secant(ex, -1.0, ex.controls["h"].value)
    assert "tangent slope f'(x₀) = 1.0000" in ex.readout  # 3·1 − 2
    assert ex.readout.startswith("x₀ = -1.00")


def test_the_right_panel_approaches_the_derivative():
    ex = widgets.secant_explorer(x0=0.5)
    hs, slopes = line(ex.figure.axes[1], "secant slope")
    assert hs.min() == pytest.approx(1e-3)
    assert abs(slopes[np.argmin(hs)] - FUNCTIONS["x³ − 2x"][1](0.5)) < 2e-3


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")

BAD = [
    # (function, kwargs, error, words in the message)
    (widgets.tangent_explorer, {"x0": "1"}, TypeError, ["tangent_explorer", "x0", "real number", "'1'"]),
    (widgets.tangent_explorer, {"x0": [1.0]}, TypeError, ["x0", "real number", "[1.0]"]),
    (widgets.tangent_explorer, {"x0": None}, TypeError, ["x0", "None"]),
    (widgets.tangent_explorer, {"x0": NAN}, ValueError, ["x0", "finite", "nan"]),
    (widgets.tangent_explorer, {"x0": float("inf")}, ValueError, ["x0", "finite"]),
    (widgets.tangent_explorer, {"x0": 25.0}, ValueError, ["x0", "[-20, 20]", "[-2, 2]", "25.0"]),
    (widgets.tangent_explorer, {"function": "tan x"}, ValueError, ["function must be one of", "'sin x'", "'tan x'"]),
    (widgets.tangent_explorer, {"function": 3}, TypeError, ["function", "str", "3"]),
    (widgets.tangent_explorer, {"function": np.sin}, TypeError, ["function", "str"]),
    (widgets.secant_explorer, {"h": 0}, ValueError, ["secant_explorer", "h must be in [0.001, 1]", "'h' slider"]),
    (widgets.secant_explorer, {"h": -0.5}, ValueError, ["h must be in [0.001, 1]", "-0.5"]),
    (widgets.secant_explorer, {"h": 2.0}, ValueError, ["h must be in [0.001, 1]", "2.0"]),
    (widgets.secant_explorer, {"h": 1e-4}, ValueError, ["h must be in [0.001, 1]", "0.0001"]),
    (widgets.secant_explorer, {"h": "0.1"}, TypeError, ["h", "real number"]),
    (widgets.secant_explorer, {"h": NAN}, ValueError, ["h", "finite"]),
    (widgets.secant_explorer, {"x0": (1.0,)}, TypeError, ["x0", "real number"]),
    (widgets.secant_explorer, {"x0": -21.0}, ValueError, ["x0", "[-20, 20]"]),
    (derivatives.downhill, {"slope": NAN}, ValueError, ["downhill", "slope", "finite"]),
    (derivatives.downhill, {"slope": "up"}, TypeError, ["slope", "real number"]),
]


@pytest.mark.parametrize(("function", "kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(function, kwargs, error, words):
    raises(error, words, lambda: function(**kwargs))


def test_ints_and_numpy_scalars_are_numbers():
    ex = widgets.tangent_explorer(x0=np.int64(-1))
    check_tangent(ex, "x³ − 2x", -1.0)
    ex = widgets.secant_explorer(x0=0, h=np.float64(0.25))
    check_secant(ex, 0.0, 0.25)
    assert derivatives.downhill(np.float64(-0.5)) == "right (+x)" and derivatives.downhill(0) == "flat: no direction"


def test_an_x0_outside_the_slider_widens_the_slider_and_the_plot():
    ex = widgets.tangent_explorer(x0=3.0, function="sin x")
    assert ex.controls["x0"].value == 3.0 and ex.controls["x0"].max == 3.0 and ex.controls["x0"].min == -2.0
    ax = ex.figure.axes[0]
    assert ax.get_xlim() == (-2.5, 3.5)  # the window's margin of 0.5 beyond the slider is kept
    check_tangent(ex, "sin x", 3.0)
    assert f"slope f'(x₀) = {np.cos(3.0):.3f}" in ex.readout


def test_secant_at_the_ends_of_h():
    for h in (1e-3, 1):
        ex = widgets.secant_explorer(x0=-2, h=h)
        check_secant(ex, -2.0, ex.controls["h"].value)
