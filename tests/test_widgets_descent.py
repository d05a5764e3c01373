"""The descent notebook's explorers, driven without a browser."""

import numpy as np
import pytest

from gdlib import objectives, widgets
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
