"""The descent notebook's explorers, driven without a browser."""

import numpy as np
import pytest
from error_helpers import raises
from test_explorer_redraw import rendered

from gdlib import objectives, optim, widgets
from gdlib.widgets import descent


def path_data(ax):
    """The optimisation path: the longest line on the axes (start/end markers have one point)."""
    line = max(ax.get_lines(), key=lambda ln: len(ln.get_xdata()))
    return np.column_stack([line.get_xdata(), line.get_ydata()])


# --- learning-rate explorer ------------------------------------------------------------------


def test_lr_explorer_is_reexported():
    assert widgets.learning_rate_explorer is descent.learning_rate_explorer


def test_lr_explorer_initial_path_is_gradient_descent():
    ex = widgets.learning_rate_explorer(lr=0.1, x0=-2.5, y0=2.0)
    ax_path, ax_loss = ex.figure.axes[:2]
    P = path_data(ax_path)
    np.testing.assert_allclose(P[0], [-2.5, 2.0])
    # one step of x <- x - α A x with A = diag(1, 4): factors (1 - α) and (1 - 4α)
    np.testing.assert_allclose(P[1], [-2.5 * 0.9, 2.0 * 0.6])
    np.testing.assert_allclose(P[10], [-2.5 * 0.9**10, 2.0 * 0.6**10])
    # the loss curve is f along the path
    loss = ax_loss.get_lines()[0].get_ydata()
    np.testing.assert_allclose(loss, [descent.LR_BOWL.f(p) for p in P])
    assert "factor max(|1-α|, |1-4α|) = 0.900 (contracts)" in ex.readout
    assert "learning rate α = 0.1" in ex.readout


@pytest.mark.parametrize(
    ("lr", "factor", "words"),
    [(0.3, 0.7, "(contracts) · converged in"), (0.6, 1.4, "(grows) · diverged at step")],
)
def test_lr_slider_changes_factor_and_outcome(lr, factor, words):
    ex = widgets.learning_rate_explorer()
    ex.controls["lr"].value = lr
    assert f"= {factor:.3f}" in ex.readout
    assert words in ex.readout
    P = path_data(ex.figure.axes[0])
    np.testing.assert_allclose(P[1], [-2.5 * (1 - lr), 2.0 * (1 - 4 * lr)], rtol=1e-6)
    rendered(ex)  # a diverged path, as a learner sees it


def test_lr_divergence_boundary_is_two_over_curvature():
    # the stiff curvature is 4, so 2/4 = 0.5 separates convergence from divergence
    ex = widgets.learning_rate_explorer()
    ex.controls["lr"].value = 0.48
    assert "(contracts)" in ex.readout
    loss = ex.figure.axes[1].get_lines()[0].get_ydata()
    assert loss[-1] < loss[0]
    ex.controls["lr"].value = 0.52
    assert "(grows)" in ex.readout
    loss = ex.figure.axes[1].get_lines()[0].get_ydata()
    assert loss[-1] > loss[0]


def test_lr_explorer_start_sliders_move_the_start():
    ex = widgets.learning_rate_explorer(lr=0.2)
    ex.controls["x0"].value = 1.0
    ex.controls["y0"].value = -1.5
    P = path_data(ex.figure.axes[0])
    np.testing.assert_allclose(P[0], [1.0, -1.5])
    np.testing.assert_allclose(P[1], [1.0 * 0.8, -1.5 * 0.2])
    assert "start x₁ = 1.00" in ex.readout and "start x₂ = -1.50" in ex.readout


def test_lr_explorer_figure_is_labelled():
    ex = widgets.learning_rate_explorer()
    ax_path, ax_loss = ex.figure.axes[:2]
    assert ax_path.get_title() and ax_loss.get_title()
    assert ax_loss.get_yscale() == "log"
    assert ax_loss.get_xlabel() == "step" and ax_loss.get_ylabel() == "loss f(x)"


# --- start-point explorer ----------------------------------------------------------------


def test_himmelblau_minima_table_is_right():
    h = objectives.himmelblau()
    for m in descent.HIMMELBLAU_MINIMA:
        assert h.f(m) < 1e-9
        assert np.linalg.norm(h.grad(m)) < 1e-4


@pytest.mark.parametrize(
    ("start", "k"), [((0.0, 0.0), 0), ((-3.0, 0.0), 1), ((-1.0, -1.0), 2), ((1.0, -1.0), 3)]
)
def test_start_point_decides_the_minimum(start, k):
    ex = widgets.start_point_explorer()
    ex.controls["x0"].value, ex.controls["y0"].value = start
    P = path_data(ex.figure.axes[0])
    np.testing.assert_allclose(P[0], start)
    np.testing.assert_allclose(P[-1], descent.HIMMELBLAU_MINIMA[k], atol=1e-4)
    assert f"minimum #{k + 1} of 4" in ex.readout
    m = descent.HIMMELBLAU_MINIMA[k]
    assert f"ends at ({m[0]:.3f}, {m[1]:.3f})" in ex.readout


def test_start_point_explorer_first_step_is_a_gradient_step():
    h = objectives.himmelblau()
    ex = widgets.start_point_explorer(x0=1.0, y0=1.0)
    P = path_data(ex.figure.axes[0])
    np.testing.assert_allclose(P[1], np.array([1.0, 1.0]) - 0.01 * h.grad(np.array([1.0, 1.0])))
    assert ex.figure.axes[0].get_title()


def test_a_diverging_run_is_not_said_to_reach_a_minimum():
    # lr = 0.1 from (0, 0) blows up on Himmelblau: the readout used to name "minimum #1 of 4"
    h = objectives.himmelblau()
    hist = optim.descend(h.grad, np.array([0.0, 0.0]), optim.GradientDescent(0.1), 300, f=h.f, tol=1e-6)
    assert hist.diverged
    ex = widgets.start_point_explorer(lr=0.1)
    assert f"diverged at step {hist.steps}" in ex.readout and "minimum #" not in ex.readout
    rendered(ex)


# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")

BAD = [
    # (function, kwargs, error, words in the message)
    (widgets.learning_rate_explorer, {"lr": 10}, ValueError,
     ["learning_rate_explorer", "lr must be in [0.001, 1]", "'learning rate α' slider", "lr=10.0"]),
    (widgets.learning_rate_explorer, {"lr": 0}, ValueError, ["lr must be in [0.001, 1]", "lr=0.0"]),
    (widgets.learning_rate_explorer, {"lr": -0.1}, ValueError, ["lr must be in [0.001, 1]"]),
    (widgets.learning_rate_explorer, {"lr": "0.1"}, TypeError, ["lr", "real number", "'0.1'"]),
    (widgets.learning_rate_explorer, {"lr": True}, TypeError, ["lr", "real number", "True"]),
    (widgets.learning_rate_explorer, {"lr": [0.1]}, TypeError, ["lr", "real number"]),
    (widgets.learning_rate_explorer, {"lr": NAN}, ValueError, ["lr", "finite"]),
    (widgets.learning_rate_explorer, {"x0": np.array([1.0, 2.0])}, TypeError, ["x0", "real number"]),
    (widgets.learning_rate_explorer, {"y0": NAN}, ValueError, ["y0", "finite"]),
    (widgets.learning_rate_explorer, {"x0": -100}, ValueError, ["x0 must be in [-30, 30]", "[-3, 3]"]),
    (widgets.learning_rate_explorer, {"steps": 0}, ValueError, ["steps must be in 1..10000", "steps=0"]),
    (widgets.learning_rate_explorer, {"steps": 10**9}, ValueError, ["steps must be in 1..10000", "reruns"]),
    (widgets.learning_rate_explorer, {"steps": 60.0}, TypeError, ["steps", "whole number", "60.0"]),
    (widgets.learning_rate_explorer, {"steps": None}, TypeError, ["steps", "whole number", "None"]),
    (widgets.start_point_explorer, {"lr": 0}, ValueError, ["start_point_explorer", "lr must be > 0"]),
    (widgets.start_point_explorer, {"lr": -0.01}, ValueError, ["lr must be > 0", "-0.01"]),
    (widgets.start_point_explorer, {"lr": float("inf")}, ValueError, ["lr", "finite"]),
    (widgets.start_point_explorer, {"lr": "0.01"}, TypeError, ["lr", "real number"]),
    (widgets.start_point_explorer, {"steps": -1}, ValueError, ["steps must be in 1..10000"]),
    (widgets.start_point_explorer, {"steps": "300"}, TypeError, ["steps", "whole number"]),
    (widgets.start_point_explorer, {"x0": 51.0}, ValueError, ["x0 must be in [-50, 50]", "[-5, 5]"]),
    (widgets.start_point_explorer, {"y0": (0.0,)}, TypeError, ["y0", "real number"]),
    (descent.nearest_minimum, {"x": [1.0]}, ValueError, ["nearest_minimum", "x", "2 numbers", "(1,)"]),
    (descent.nearest_minimum, {"x": [[3.0, 2.0]]}, ValueError, ["x", "1-D"]),
    (descent.nearest_minimum, {"x": [NAN, 2.0]}, ValueError, ["x", "finite"]),
    (descent.nearest_minimum, {"x": None}, TypeError, ["x", "array of numbers"]),
]


@pytest.mark.parametrize(("function", "kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(function, kwargs, error, words):
    raises(error, words, lambda: function(**kwargs))


def test_lr_1_at_the_slider_end_runs_alpha_1():
    ex = widgets.learning_rate_explorer(lr=1, steps=np.int64(5))
    assert ex.controls["lr"].value == 1.0
    P = path_data(ex.figure.axes[0])
    np.testing.assert_allclose(P[1], [-2.5 * 0.0, 2.0 * -3.0])  # factors 1 - α = 0, 1 - 4α = -3
    assert "= 3.000 (grows)" in ex.readout


def test_one_step_is_enough():
    ex = widgets.learning_rate_explorer(steps=1)
    assert len(path_data(ex.figure.axes[0])) == 2


def test_a_start_outside_the_window_widens_sliders_and_plot_on_himmelblau():
    ex = widgets.start_point_explorer(x0=6, y0=-5.5)
    ax = ex.figure.axes[0]
    assert ax.get_xlim() == (-5.0, 6.0) and ax.get_ylim() == (-5.5, 5.0)
    P = path_data(ax)
    np.testing.assert_allclose(P[0], [6.0, -5.5])
    assert "start x₁ = 6.00 · start x₂ = -5.50" in ex.readout


def test_nearest_minimum_takes_lists_and_tuples():
    assert descent.nearest_minimum([3, 2]) == 0
    assert descent.nearest_minimum((-3.7, -3.3)) == 2
