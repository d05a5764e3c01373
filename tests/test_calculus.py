"""calculus: expected values from derivative identities and Taylor's theorem."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlib import calculus, objectives

finite = st.floats(-10, 10, allow_nan=False)


@pytest.mark.parametrize("method", ["forward", "backward", "central"])
@pytest.mark.parametrize("x", [-2.0, 0.0, 0.7, 3.0])
def test_derivative_of_sin_is_cos(method, x):
    # default h: about 1e-8 relative accuracy one-sided, about 1e-10 central
    tol = 1e-10 if method == "central" else 1e-7
    assert calculus.derivative(np.sin, x, method=method) == pytest.approx(np.cos(x), abs=tol)


def test_derivative_is_elementwise_on_arrays():
    x = np.linspace(-1, 2, 7)
    d = calculus.derivative(np.exp, x)
    assert d.shape == x.shape
    np.testing.assert_allclose(d, np.exp(x), rtol=1e-9)


def test_scalar_in_scalar_out():
    assert isinstance(calculus.derivative(lambda x: x**2, 3.0), float)


@given(a=finite, b=finite, c=finite, x=finite)
def test_central_difference_of_a_quadratic_is_exact_up_to_round_off(a, b, c, x):
    # (f(x+h) - f(x-h)) / 2h = 2ax + b exactly for f = ax² + bx + c, for every h
    got = calculus.derivative(lambda t: a * t**2 + b * t + c, x, h=0.5)
    scale = abs(a) * (abs(x) + 1) ** 2 + abs(b) + abs(c) + 1
    assert abs(got - (2 * a * x + b)) <= 1e-12 * scale


def test_forward_error_is_first_order_with_the_taylor_constant():
    # forward: f'(x) + h f''(x)/2 + O(h²), so error/h -> f''(x)/2; for exp at 1 that is e/2
    x = 1.0
    for h in [1e-3, 1e-4]:
        err = calculus.derivative(np.exp, x, h=h, method="forward") - np.e
        assert err / h == pytest.approx(np.e / 2, rel=2e-3)


def test_backward_error_has_the_opposite_sign():
    x, h = 1.0, 1e-3
    err = calculus.derivative(np.exp, x, h=h, method="backward") - np.e
    assert err / h == pytest.approx(-np.e / 2, rel=2e-3)


def test_central_error_is_second_order_with_the_taylor_constant():
    # central: f'(x) + h² f'''(x)/6 + O(h⁴); for exp at 1: error/h² -> e/6
    x = 1.0
    for h in [1e-2, 3e-3]:
        err = calculus.derivative(np.exp, x, h=h, method="central") - np.e
        assert err / h**2 == pytest.approx(np.e / 6, rel=1e-3)


def test_error_ratio_when_h_shrinks_tenfold():
    def err(method, h):
        return abs(calculus.derivative(np.sin, 0.5, h=h, method=method) - np.cos(0.5))

    assert err("forward", 1e-2) / err("forward", 1e-3) == pytest.approx(10, rel=0.05)
    assert err("central", 1e-2) / err("central", 1e-3) == pytest.approx(100, rel=0.05)


def test_too_small_h_is_worse_than_the_default():
    # round-off: at h = 1e-14 the quotient is dominated by rounding of f
    bad = abs(calculus.derivative(np.sin, 0.5, h=1e-14, method="forward") - np.cos(0.5))
    good = abs(calculus.derivative(np.sin, 0.5, method="forward") - np.cos(0.5))
    assert bad > 100 * good


def test_default_step_is_sqrt_eps_or_cbrt_eps_scaled():
    eps = np.finfo(float).eps
    assert calculus.default_step(0.5, "forward") == pytest.approx(np.sqrt(eps))
    assert calculus.default_step(0.5, "central") == pytest.approx(eps ** (1 / 3))
    assert calculus.default_step(1000.0, "central") == pytest.approx(1000 * eps ** (1 / 3))


def test_gradient_of_a_quadratic_is_Ax_minus_b():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    q = objectives.quadratic(A, b)
    x = np.array([0.3, -1.7])
    np.testing.assert_allclose(calculus.gradient(q.f, x), A @ x - b, rtol=1e-9)


def test_gradient_of_rosenbrock_matches_its_formula():
    r = objectives.rosenbrock()
    for x in [np.array([-1.2, 1.0]), np.array([0.5, 0.5]), np.array([1.0, 1.0])]:
        np.testing.assert_allclose(calculus.gradient(r.f, x), r.grad(x), rtol=1e-7, atol=1e-6)


def test_gradient_check_small_for_right_and_large_for_wrong_gradient():
    r = objectives.rosenbrock()
    x = np.array([-1.2, 1.0])
    assert calculus.gradient_check(r.f, r.grad, x) < 1e-8
    assert calculus.gradient_check(r.f, lambda p: 2 * r.grad(p), x) == pytest.approx(0.5, rel=1e-6)
    assert calculus.gradient_check(lambda p: 0.0 * p[0], lambda p: np.zeros(2), x) == 0.0


def test_gradient_check_with_tol_explains_the_failure():
    r = objectives.rosenbrock()
    with pytest.raises(AssertionError, match=r"gradient check failed at x=.*analytic.*numeric.*relative error"):
        calculus.gradient_check(r.f, lambda p: -r.grad(p), [-1.2, 1.0], tol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"method": "centre"}, ValueError, "method must be one of"),
        ({"h": 0.0}, ValueError, "h must be > 0"),
        ({"h": -1e-3}, ValueError, "h must be > 0"),
        ({"h": "small"}, TypeError, "h must be a real number"),
        ({"x": float("nan")}, ValueError, "x must contain only finite"),
    ],
)
def test_derivative_bad_arguments(kwargs, error, words):
    args = {"f": np.sin, "x": 1.0} | kwargs
    with pytest.raises(error, match=words):
        calculus.derivative(**args)


def test_derivative_of_a_non_scalar_function_says_so():
    with pytest.raises(ValueError, match="f must return a scalar"):
        calculus.derivative(lambda x: np.array([x, x]), 1.0)


def test_derivative_of_a_non_elementwise_function_says_so():
    with pytest.raises(ValueError, match="elementwise"):
        calculus.derivative(lambda x: float(np.sum(x)), np.array([1.0, 2.0]))


def test_gradient_of_a_vector_valued_function_says_so():
    with pytest.raises(ValueError, match="f must return a scalar"):
        calculus.gradient(lambda x: 2 * x, np.array([1.0, 2.0]))


def test_gradient_check_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        calculus.gradient_check(lambda x: x @ x, lambda x: np.zeros(3), np.ones(2))
