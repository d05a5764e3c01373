"""The gradients notebook's explorer, driven without a browser."""

import numpy as np
import pytest
from error_helpers import raises
from matplotlib.quiver import Quiver

from gdlib import calculus, objectives, widgets
from gdlib.widgets import gradients


def arrows(ax):
    """(label, position, vector) of every quiver arrow shown on the axes (hidden ones are not)."""
    out = []
    for q in ax.collections:
        if isinstance(q, Quiver) and q.get_visible():
            for (x, y), u, v in zip(q.get_offsets(), q.U, q.V, strict=True):
                out.append((q.get_label(), np.array([x, y]), np.array([u, v])))
    return out


def arrow(ax, word):
    (found,) = [a for a in arrows(ax) if word in a[0]]
    return found[1], found[2]


def rate_curve(ax):
    line = max(ax.get_lines(), key=lambda ln: len(ln.get_xdata()))
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def current_marker(ax):
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "current θ"]
    return float(line.get_xdata()[0]), float(line.get_ydata()[0])


def test_reexported():
    assert widgets.directional_explorer is gradients.directional_explorer


def test_bowl_gradient_is_right():
    # the hand-written gradient of x² + xy + 2y² agrees with central differences
    for p in [np.array([1.0, 1.0]), np.array([-2.3, 0.7])]:
        assert calculus.gradient_check(gradients.BOWL.f, gradients.BOWL.grad, p) < 1e-9


def test_initial_state_shows_gradient_direction_and_rate():
    ex = widgets.directional_explorer(x=1.0, y=1.0, theta=90.0)
    left, right = ex.figure.axes[:2]
    g = np.array([3.0, 5.0])  # ∇f(1, 1) = (2x + y, x + 4y)
    pos, vec = arrow(left, "∇f")
    np.testing.assert_allclose(pos, [1.0, 1.0])
    np.testing.assert_allclose(vec / np.linalg.norm(vec), g / np.linalg.norm(g))
    pos, vec = arrow(left, "unit direction u")
    np.testing.assert_allclose(pos, [1.0, 1.0])
    np.testing.assert_allclose(vec / np.linalg.norm(vec), [0.0, 1.0], atol=1e-12)
    # the rate curve is ∇f · (cos θ, sin θ) and peaks at ‖∇f‖ in the gradient's direction
    th, rates = rate_curve(right)
    np.testing.assert_allclose(rates, g[0] * np.cos(np.radians(th)) + g[1] * np.sin(np.radians(th)))
    assert np.isclose(rates.max(), np.linalg.norm(g), rtol=1e-4)
    assert abs(th[np.argmax(rates)] - np.degrees(np.arctan2(5, 3))) <= 0.5
    assert current_marker(right) == pytest.approx((90.0, 5.0))
    assert "∇f = (3.000, 5.000)" in ex.readout
    assert f"‖∇f‖ = {np.sqrt(34):.3f}" in ex.readout
    assert "D_u f = 5.000" in ex.readout
    assert f"cos(θ − θ∇) = {5 / np.sqrt(34):.3f}" in ex.readout
    assert f"θ∇ = {np.degrees(np.arctan2(5, 3)):.1f}°" in ex.readout


@pytest.mark.parametrize("theta", [0.0, 45.0, 180.0, 235.0, 330.0])
def test_theta_slider_moves_u_and_the_rate(theta):
    ex = widgets.directional_explorer(x=1.0, y=1.0)
    ex.controls["theta"].value = theta
    left, right = ex.figure.axes[:2]
    u = np.array([np.cos(np.radians(theta)), np.sin(np.radians(theta))])
    _, vec = arrow(left, "unit direction u")
    np.testing.assert_allclose(vec / np.linalg.norm(vec), u, atol=1e-12)
    rate = np.array([3.0, 5.0]) @ u
    assert current_marker(right) == pytest.approx((theta, rate))
    assert f"D_u f = {rate + 0.0:.3f}" in ex.readout
    assert f"θ (degrees) = {theta:.0f}" in ex.readout


def test_steepest_ascent_and_descent_angles():
    ex = widgets.directional_explorer(x=2.0, y=0.0)  # ∇f = (4, 2), angle 26.57°
    norm = np.hypot(4, 2)
    ex.controls["theta"].value = 25.0  # nearest slider step to the gradient's angle
    cos = np.cos(np.radians(25 - np.degrees(np.arctan2(2, 4))))
    assert f"cos(θ − θ∇) = {cos:.3f}" in ex.readout
    ex.controls["theta"].value = 205.0  # roughly −∇f: close to the most negative rate
    rate = float(np.array([4.0, 2.0]) @ [np.cos(np.radians(205)), np.sin(np.radians(205))])
    assert rate < -0.99 * norm
    assert f"D_u f = {rate:.3f}" in ex.readout


def test_point_sliders_move_the_point_and_the_gradient():
    ex = widgets.directional_explorer()
    ex.controls["x"].value = -2.0
    ex.controls["y"].value = 0.5
    left, right = ex.figure.axes[:2]
    g = np.array([2 * -2.0 + 0.5, -2.0 + 4 * 0.5])  # (−3.5, 0)
    pos, vec = arrow(left, "∇f")
    np.testing.assert_allclose(pos, [-2.0, 0.5])
    np.testing.assert_allclose(vec / np.linalg.norm(vec), g / np.linalg.norm(g), atol=1e-12)
    assert "∇f = (-3.500, 0.000)" in ex.readout
    assert "θ∇ = 180.0°" in ex.readout
    # the dashed ±‖∇f‖ lines bound the rate curve
    levels = sorted(ln.get_ydata()[0] for ln in right.get_lines() if ln.get_linestyle() == "--")
    np.testing.assert_allclose(levels, [-3.5, 3.5])


def test_function_dropdown_switches_to_himmelblau():
    ex = widgets.directional_explorer(x=1.0, y=1.0, theta=90.0)
    ex.controls["function"].value = "Himmelblau"
    g = objectives.himmelblau().grad(np.array([1.0, 1.0]))  # (−46, −38)
    _, vec = arrow(ex.figure.axes[0], "∇f")
    np.testing.assert_allclose(vec / np.linalg.norm(vec), g / np.linalg.norm(g))
    assert "Himmelblau" in ex.figure.axes[0].get_title()
    assert "∇f = (-46.000, -38.000)" in ex.readout
    assert "D_u f = -38.000" in ex.readout


def test_critical_point_has_no_gradient_arrow():
    ex = widgets.directional_explorer(function="Himmelblau", x=3.0, y=2.0)
    labels = [a[0] for a in arrows(ex.figure.axes[0])]
    assert labels == ["unit direction u"]
    assert "critical point" in ex.readout
    _, rates = rate_curve(ex.figure.axes[1])
    np.testing.assert_allclose(rates, 0.0)


def test_unknown_function_is_a_clear_error():
    with pytest.raises(ValueError, match="function must be one of"):
        widgets.directional_explorer(function="sphere")


def test_angle_deg_is_in_0_360():
    assert gradients.angle_deg([1.0, 0.0]) == 0.0
    assert gradients.angle_deg([0.0, -1.0]) == pytest.approx(270.0)
    assert gradients.angle_deg([-1.0, 0.0]) == pytest.approx(180.0)


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")

BAD = [
    # (function, kwargs, error, words in the message)
    (widgets.directional_explorer, {"theta": 400}, ValueError,
     ["directional_explorer", "theta must be in [0, 360]", "'θ (degrees)' slider", "400"]),
    (widgets.directional_explorer, {"theta": -90}, ValueError, ["theta must be in [0, 360]", "-90"]),
    (widgets.directional_explorer, {"theta": "90"}, TypeError, ["theta", "real number", "'90'"]),
    (widgets.directional_explorer, {"theta": NAN}, ValueError, ["theta", "finite"]),
    (widgets.directional_explorer, {"x": [1.0, 2.0]}, TypeError, ["x", "real number"]),
    (widgets.directional_explorer, {"y": None}, TypeError, ["y", "real number", "None"]),
    (widgets.directional_explorer, {"x": float("inf")}, ValueError, ["x", "finite"]),
    (widgets.directional_explorer, {"x": 1e3}, ValueError, ["x must be in [-40, 40]", "[-4, 4]", "1000.0"]),
    (widgets.directional_explorer, {"y": -41.0}, ValueError, ["y must be in [-40, 40]"]),
    (widgets.directional_explorer, {"function": "sphere"}, ValueError,
     ["function must be one of", "'Himmelblau'", "'sphere'"]),
    (widgets.directional_explorer, {"function": None}, TypeError, ["function", "str", "None"]),
    (gradients.angle_deg, {"v": [1.0, 2.0, 3.0]}, ValueError, ["angle_deg", "v", "2 numbers", "(3,)"]),
    (gradients.angle_deg, {"v": [[1.0, 2.0]]}, ValueError, ["v", "1-D", "(1, 2)"]),
    (gradients.angle_deg, {"v": [1.0, NAN]}, ValueError, ["v", "finite"]),
    (gradients.angle_deg, {"v": "ab"}, TypeError, ["v", "array of numbers"]),
]


@pytest.mark.parametrize(("function", "kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(function, kwargs, error, words):
    raises(error, words, lambda: function(**kwargs))


def test_theta_at_both_ends_and_ints():
    for theta in (0, 360):
        ex = widgets.directional_explorer(x=1, y=1, theta=theta)
        assert current_marker(ex.figure.axes[1]) == pytest.approx((theta, 3.0))  # ∇f · (1, 0) = 3
    assert gradients.angle_deg((0, 2)) == 90.0


def test_a_point_outside_the_sliders_widens_them_and_the_plot():
    ex = widgets.directional_explorer(x=-6.0, y=5.0, theta=0.0)
    left = ex.figure.axes[0]
    assert (ex.controls["x"].value, ex.controls["y"].value) == (-6.0, 5.0)
    assert (ex.controls["x"].min, ex.controls["y"].max) == (-6.0, 5.0)
    assert left.get_xlim() == (-6.5, 4.5) and left.get_ylim() == (-4.5, 5.5)  # margin 0.5 kept
    pos, vec = arrow(left, "∇f")
    np.testing.assert_allclose(pos, [-6.0, 5.0])
    g = np.array([2 * -6.0 + 5.0, -6.0 + 4 * 5.0])  # (−7, 14)
    np.testing.assert_allclose(vec / np.linalg.norm(vec), g / np.linalg.norm(g))
    assert "∇f = (-7.000, 14.000)" in ex.readout
