"""objectives and losses: every gradient checked numerically, every minimum by its definition."""

import numpy as np
import pytest

from gdlib import calculus, data, losses, objectives

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


X, Y = data.linear(60, beta=(0.5, 2.0, -1.0), noise=0.3, seed=4)
XI = data.add_intercept(X)


@pytest.mark.parametrize(
    ("loss", "grad"),
    [(losses.linear_mse, losses.linear_mse_grad), (losses.linear_mae, losses.linear_mae_grad)],
)
def test_linear_loss_gradients_are_right(loss, grad):
    w = np.array([0.1, 1.0, 0.3])
    assert calculus.gradient_check(lambda v: loss(v, XI, Y), lambda v: grad(v, XI, Y), w) < 1e-6


def test_mse_gradient_vanishes_at_the_least_squares_solution():
    beta = np.linalg.lstsq(XI, Y, rcond=None)[0]
    np.testing.assert_allclose(losses.linear_mse_grad(beta, XI, Y), 0.0, atol=1e-12)


def test_multi_output_mse_gradient_has_the_shape_of_beta():
    B = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 3.0]])
    X2, Y2 = data.linear(40, beta=B, seed=1)
    g = losses.linear_mse_grad(np.zeros_like(B), data.add_intercept(X2), Y2)
    assert g.shape == B.shape and Y2.shape == (40, 2)


def test_logistic_bce_matches_its_formula_and_gradient():
    Xl, yl = data.logistic(80, w=(1.5, -2.0), b=0.2, seed=2)
    Xli = data.add_intercept(Xl)
    w = np.array([0.1, -0.4, 0.7])
    p = 1 / (1 + np.exp(-(Xli @ w)))
    by_hand = -np.mean(yl * np.log(p) + (1 - yl) * np.log(1 - p))
    assert losses.logistic_bce(w, Xli, yl) == pytest.approx(by_hand, rel=1e-12)
    f = lambda v: losses.logistic_bce(v, Xli, yl)  # noqa: E731
    assert calculus.gradient_check(f, lambda v: losses.logistic_bce_grad(v, Xli, yl), w) < 1e-7


def test_sigmoid_and_bce_stay_finite_for_huge_scores():
    z = np.array([-1000.0, 0.0, 1000.0])
    np.testing.assert_allclose(losses.sigmoid(z), [0.0, 0.5, 1.0])
    X1 = np.array([[1.0], [1.0]])
    assert losses.logistic_bce(np.array([1000.0]), X1, np.array([0.0, 1.0])) == pytest.approx(500.0)


def test_point_losses():
    assert losses.mse([1.0, 3.0], [0.0, 0.0]) == 5.0
    assert losses.mae([1.0, -3.0], [0.0, 0.0]) == 2.0
    assert losses.rmse([3.0, 4.0], [0.0, 0.0]) == pytest.approx(np.sqrt(12.5))
