"""objectives and losses: every gradient checked numerically, every minimum by its definition."""

import numpy as np
import pytest
from error_helpers import raises

from gdlib import calculus, objectives

TWO_D = [
    objectives.quadratic(np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])),
    objectives.ill_conditioned(),
    objectives.rosenbrock(),
    objectives.himmelblau(),
]
ONE_D = [objectives.parabola(2.0, 1.0), objectives.double_well(), objectives.plateau()]


@pytest.mark.parametrize("obj", TWO_D, ids=lambda o: o.name)
def test_two_d_gradients_are_right_and_vanish_at_the_minimum(obj):
    for x in np.random.default_rng(0).uniform(-2, 2, size=(5, 2)):
        assert calculus.gradient_check(obj.f, obj.grad, x) < 1e-6
    np.testing.assert_allclose(obj.grad(np.asarray(obj.minimum)), 0.0, atol=1e-9)


@pytest.mark.parametrize("obj", TWO_D, ids=lambda o: o.name)
def test_two_d_objectives_evaluate_a_whole_grid_at_once(obj):
    # plots.grid passes a (2, rows, cols) stack; it must equal f at each point
    X, Y = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-1, 3, 5))
    Z = obj.f(np.array([X, Y]))
    pointwise = [[obj.f(np.array([x, y])) for x, y in zip(rx, ry, strict=True)] for rx, ry in zip(X, Y, strict=True)]
    assert np.shape(Z) == X.shape
    np.testing.assert_allclose(Z, pointwise, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("obj", ONE_D, ids=lambda o: o.name)
def test_one_d_gradients_are_right_and_the_minimum_is_global_on_the_plot_range(obj):
    xs = np.linspace(*obj.xlim, 4001)
    np.testing.assert_allclose(obj.grad(xs), calculus.derivative(obj.f, xs), rtol=1e-6, atol=1e-8)
    assert obj.f(obj.minimum) <= np.min(obj.f(xs)) + 1e-12


def test_known_minimum_values():
    assert objectives.rosenbrock().f(np.array([1.0, 1.0])) == 0.0
    assert objectives.himmelblau().f(np.array([3.0, 2.0])) == 0.0


def test_double_well_has_a_shallower_local_minimum_on_the_right():
    dw = objectives.double_well(0.3)
    roots = np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)
    left, right = roots[0], roots[-1]
    assert dw.minimum == pytest.approx(left)
    assert dw.hess(right) > 0 and dw.f(right) > dw.f(left)


def test_ill_conditioned_defaults_have_condition_number_20():
    H = objectives.ill_conditioned().hess(np.zeros(2))
    eig = np.linalg.eigvalsh(H)
    assert eig.max() / eig.min() == pytest.approx(20.0)


def test_rosenbrock_hessian_matches_the_numerical_jacobian_of_the_gradient():
    r = objectives.rosenbrock()
    x = np.array([-0.5, 0.8])
    numeric = np.array([calculus.gradient(lambda p, i=i: r.grad(p)[i], x) for i in range(2)])
    np.testing.assert_allclose(r.hess(x), numeric, rtol=1e-6)


def test_quadratic_rejects_a_matrix_without_a_minimum():
    with pytest.raises(ValueError, match="positive definite"):
        objectives.quadratic(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="symmetric"):
        objectives.quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]))


# --- bad input: every factory parameter and every returned function says what is wrong ---------------

@pytest.mark.parametrize(
    ("factory", "kwargs", "error", "words"),
    [
        (objectives.parabola, {"a": 0.0}, ValueError, ["parabola", "a must be > 0"]),
        (objectives.parabola, {"a": -2.0}, ValueError, ["a must be > 0", "-2.0"]),
        (objectives.parabola, {"a": "1"}, TypeError, ["a must be a real number"]),
        (objectives.parabola, {"a": True}, TypeError, ["a must be a real number"]),
        (objectives.parabola, {"a": float("inf")}, ValueError, ["a must be finite"]),
        (objectives.parabola, {"c": float("nan")}, ValueError, ["c must be finite"]),
        (objectives.parabola, {"c": [0.0]}, TypeError, ["c must be a real number"]),
        (objectives.quadratic, {"A": "eye"}, TypeError, ["A must be an array of numbers"]),
        (objectives.quadratic, {"A": [1.0, 2.0]}, ValueError, ["A must be a 2-D array", "(2,)"]),
        (objectives.quadratic, {"A": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]}, ValueError, ["square", "(2, 3)"]),
        (objectives.quadratic, {"A": [[1.0, 2.0], [0.0, 1.0]]}, ValueError, ["A must be symmetric"]),
        (objectives.quadratic, {"A": [[1.0, 0.0], [0.0, -1.0]]}, ValueError, ["positive definite", "-1"]),
        (objectives.quadratic, {"A": [[0.0, 0.0], [0.0, 0.0]]}, ValueError, ["positive definite"]),
        (objectives.quadratic, {"A": [[1.0, 0.0], [0.0, 1e-20]]}, ValueError, ["A is singular", "condition number"]),
        (objectives.quadratic, {"A": [[float("nan")]]}, ValueError, ["A must contain only finite"]),
        (objectives.quadratic, {"A": np.eye(2), "b": [1.0, 2.0, 3.0]}, ValueError, ["b must have shape (2,)", "(3,)"]),
        (objectives.quadratic, {"A": np.eye(2), "b": 1.0}, ValueError, ["b must have shape (2,)", "()"]),
        (objectives.quadratic, {"A": np.eye(2), "b": "ab"}, TypeError, ["b must be an array of numbers"]),
        (objectives.quadratic, {"A": np.eye(2), "b": [np.inf, 0.0]}, ValueError, ["b must contain only finite"]),
        (objectives.ill_conditioned, {"c1": 0.0}, ValueError, ["ill_conditioned", "c1 must be > 0"]),
        (objectives.ill_conditioned, {"c2": -1.0}, ValueError, ["c2 must be > 0"]),
        (objectives.ill_conditioned, {"c1": "0.1"}, TypeError, ["c1 must be a real number"]),
        (objectives.rosenbrock, {"a": "1"}, TypeError, ["rosenbrock", "a must be a real number"]),
        (objectives.rosenbrock, {"a": float("nan")}, ValueError, ["a must be finite"]),
        (objectives.rosenbrock, {"b": 0.0}, ValueError, ["b must be > 0"]),
        (objectives.rosenbrock, {"b": -100.0}, ValueError, ["b must be > 0"]),
        (objectives.double_well, {"tilt": "0.3"}, TypeError, ["double_well", "tilt must be a real number"]),
        (objectives.double_well, {"tilt": None}, TypeError, ["tilt must be a real number"]),
        (objectives.double_well, {"tilt": float("inf")}, ValueError, ["tilt must be finite"]),
        (objectives.plateau, {"width": 0.0}, ValueError, ["plateau", "width must be > 0"]),
        (objectives.plateau, {"width": -1.0}, ValueError, ["width must be > 0"]),
        (objectives.plateau, {"width": 1e-200}, ValueError, ["width must be between", "1e-200"]),
        (objectives.plateau, {"width": 1e200}, ValueError, ["width must be between"]),
        (objectives.plateau, {"width": [1.0]}, TypeError, ["width must be a real number"]),
    ],
)
def test_objective_factories_name_the_bad_parameter(factory, kwargs, error, words):
    raises(error, words, lambda: factory(**kwargs))


QUAD3 = objectives.quadratic(np.diag([1.0, 2.0, 3.0]), [1.0, 0.0, -1.0])


@pytest.mark.parametrize(
    ("obj", "method", "x", "error", "words"),
    [
        (objectives.rosenbrock(), "grad", [1.0, 2.0, 3.0], ValueError, ["rosenbrock: grad(x)", "x must", "(3,)"]),
        (objectives.rosenbrock(), "f", np.ones(3), ValueError, ["rosenbrock: f(x)", "2 coordinates", "(3,)"]),
        (objectives.rosenbrock(), "f", 1.0, ValueError, ["x must be a point", "shape ()"]),
        (objectives.rosenbrock(), "hess", np.ones((3, 2)), ValueError, ["rosenbrock: hess(x)", "(3, 2)"]),
        (objectives.rosenbrock(), "f", "xy", TypeError, ["x must be a number or an array of numbers"]),
        (objectives.rosenbrock(), "grad", None, TypeError, ["x must be a number or an array", "None"]),
        (objectives.himmelblau(), "grad", np.ones(1), ValueError, ["himmelblau: grad(x)", "(1,)"]),
        (objectives.himmelblau(), "f", np.ones(3), ValueError, ["himmelblau: f(x)", "(3,)"]),
        (objectives.ill_conditioned(), "grad", [1.0, 2.0, 3.0], ValueError, ["ill_conditioned: grad(x)", "(3,)"]),
        (objectives.ill_conditioned(), "f", np.ones((3, 4)), ValueError, ["ill_conditioned: f(x)", "(3, 4)"]),
        (objectives.ill_conditioned(), "hess", np.ones(1), ValueError, ["ill_conditioned: hess(x)", "(1,)"]),
        (QUAD3, "grad", np.ones(2), ValueError, ["quadratic: grad(x)", "3 coordinates", "(2,)"]),
        (QUAD3, "f", 0.5, ValueError, ["quadratic: f(x)", "shape ()"]),
        (QUAD3, "f", np.array(["a", "b", "c"]), TypeError, ["x must be a number or an array", "dtype"]),
        (objectives.parabola(), "f", "w", TypeError, ["parabola: f(w)", "w must be a number or an array"]),
        (objectives.parabola(), "grad", None, TypeError, ["parabola: grad(w)", "None"]),
        (objectives.double_well(), "grad", {"w": 1.0}, TypeError, ["double_well: grad(w)", "w must be"]),
        (objectives.double_well(), "hess", True, TypeError, ["double_well: hess(w)", "True"]),
        (objectives.plateau(), "f", [[1.0], [2.0, 3.0]], TypeError, ["plateau: f(w)", "w must be"]),
    ],
)
def test_objective_functions_name_a_bad_x(obj, method, x, error, words):
    raises(error, words, lambda: getattr(obj, method)(x))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"f": 3}, TypeError, ["Objective: f must be a function"]),
        ({"grad": None}, TypeError, ["Objective: grad must be a function"]),
        ({"hess": "H"}, TypeError, ["hess must be a function"]),
        ({"name": 7}, TypeError, ["name must be a string"]),
        ({"xlim": (1.0, -1.0)}, ValueError, ["xlim must be a pair (low, high) with low < high"]),
        ({"ylim": (0.0, 1.0, 2.0)}, ValueError, ["ylim must be a pair"]),
        ({"minimum": "origin"}, TypeError, ["minimum must be an array of numbers"]),
    ],
)
def test_objective_checks_its_fields(kwargs, error, words):
    args = {"name": "bowl", "f": lambda x: x @ x, "grad": lambda x: 2 * x} | kwargs
    raises(error, words, lambda: objectives.Objective(**args))


# --- valid edge inputs ----------------------------------------------------------------------------------

def test_objectives_accept_lists_ints_and_single_numbers():
    np.testing.assert_array_equal(objectives.rosenbrock().grad([1, 1]), [0.0, 0.0])
    assert objectives.himmelblau().f((3, 2)) == 0.0
    q = objectives.quadratic([[2, 0], [0, 4]], [2, 4])  # ints: minimum A⁻¹b = (1, 1)
    np.testing.assert_array_equal(q.minimum, [1.0, 1.0])
    assert q.f([1, 1]) == -3.0  # ½(2 + 4) - (2 + 4)
    assert objectives.parabola(2, 1).f(3) == 4.0  # 2/2 (3 - 1)²
    assert objectives.parabola(2, 1).name == objectives.parabola(2.0, 1.0).name == "2/2 (w - 1)²"
    assert objectives.quadratic([[2.0]], [4.0]).minimum == pytest.approx([2.0])  # d = 1


@pytest.mark.parametrize("obj", TWO_D + [QUAD3], ids=lambda o: o.name)
def test_gradients_of_a_stack_of_points_equal_the_gradients_point_by_point(obj):
    # a stack (d, rows, cols), e.g. the midpoints of contour segments, as notebook 02 passes them
    d = len(obj.minimum)
    P = np.random.default_rng(3).uniform(-2, 2, size=(d, 4, 3))
    G = obj.grad(P)
    assert G.shape == P.shape
    for i in range(4):
        for j in range(3):
            np.testing.assert_allclose(G[:, i, j], obj.grad(P[:, i, j]), rtol=1e-12, atol=1e-12)


def test_quadratic_gradient_of_two_points_as_columns_is_not_broadcast_against_b():
    # the (2, 2) stack is where Ax - b used to subtract b along the wrong axis
    A, b = np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0])
    P = np.array([[1.0, 2.0], [3.0, 4.0]])  # the points (1, 3) and (2, 4)
    np.testing.assert_array_equal(objectives.quadratic(A, b).grad(P), [[5.0, 9.0], [8.0, 11.0]])


def test_objectives_evaluate_nan_and_inf_without_raising_so_a_diverged_run_can_stop_cleanly():
    with np.errstate(all="ignore"):
        assert objectives.rosenbrock().f(np.array([np.inf, 0.0])) == np.inf
        assert np.isnan(objectives.parabola().grad(np.nan))
        assert np.all(np.isnan(objectives.ill_conditioned().grad(np.array([np.nan, 1.0]))))  # 0·nan is nan


@pytest.mark.parametrize("tilt", [-3.0, -0.3, 0.0, 0.3, 3.0])
def test_double_well_minimum_is_a_stationary_point_and_global_for_every_tilt(tilt):
    # beyond |tilt| = 8/√27 ≈ 1.54 the shallow valley is gone: one real root of f' is left
    dw = objectives.double_well(tilt)
    assert dw.grad(dw.minimum) == pytest.approx(0.0, abs=1e-9)
    assert dw.f(dw.minimum) <= np.min(dw.f(np.linspace(-3, 3, 6001))) + 1e-12
