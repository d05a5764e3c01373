"""calculus: expected values from derivative identities and Taylor's theorem."""

import math

import numpy as np
import pytest
from error_helpers import raises
from hypothesis import assume, given
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


# --- bad input: a table per public function of (arguments, exception, words the message must contain) ---

TINY = np.spacing(1.0)  # 2.2e-16: the gap between 1 and the next float




@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"method": "centre"}, ValueError, ["method must be one of", "'centre'"]),
        ({"method": None}, ValueError, ["method must be one of", "None"]),
        ({"method": ["central"]}, ValueError, ["method must be one of"]),
        ({"f": 3}, TypeError, ["f must be a function", "f=3"]),
        ({"f": None}, TypeError, ["f must be a function"]),
        ({"x": "1.0"}, TypeError, ["x must be an array of numbers", "'1.0'"]),
        ({"x": None}, TypeError, ["x must be an array of numbers"]),
        ({"x": [[1.0, 2.0], [3.0]]}, TypeError, ["x must be an array of numbers"]),
        ({"x": float("nan")}, ValueError, ["x must contain only finite"]),
        ({"x": [0.0, float("inf")]}, ValueError, ["x must contain only finite", "1 of its 2"]),
        ({"x": []}, ValueError, ["x must have at least 1 entry"]),
        ({"h": 0.0}, ValueError, ["h must be > 0"]),
        ({"h": -1e-3}, ValueError, ["h must be > 0"]),
        ({"h": "small"}, TypeError, ["h must be a real number"]),
        ({"h": True}, TypeError, ["h must be a real number"]),
        ({"h": [1e-3]}, TypeError, ["h must be a real number"]),
        ({"h": float("nan")}, ValueError, ["h must be finite"]),
        ({"h": float("inf")}, ValueError, ["h must be finite"]),
        # below the float spacing at x: x + h is x (or its neighbour), the quotient pure round-off
        ({"h": 1e-17}, ValueError, ["h=1e-17 is below the spacing of floats at x=1", "Use h >= 2.22e-16"]),
        ({"h": TINY / 2, "method": "forward"}, ValueError, ["h=1.11e-16", "h >= 2.22e-16"]),
        ({"x": [1.0, 1e4], "h": 1e-13}, ValueError, ["h=1e-13", "|x|=10000", "h >= 1.82e-12", "h=None"]),
        ({"x": 1e308, "h": 1e308}, ValueError, ["h=1e+308 is too large"]),
        ({"x": 1.7976931348623157e308}, ValueError, ["x is too large", "overflows"]),
    ],
)
def test_derivative_bad_arguments(kwargs, error, words):
    args = {"f": np.sin, "x": 1.0} | kwargs
    raises(error, words, lambda: calculus.derivative(**args))


def _only_positive(x):
    if x > 0:  # a Python if: works for one number, not for an array
        return x
    return -x


@pytest.mark.parametrize(
    ("f", "x", "kwargs", "error", "words"),
    [
        (lambda x: np.array([x, x]), 1.0, {}, ValueError, ["f must return a scalar", "shape (2,)"]),
        (lambda x: None, 1.0, {}, ValueError, ["f must return a scalar", "None"]),
        (lambda x: float(np.sum(x)), [1.0, 2.0], {}, ValueError, ["elementwise", "shape (2,)", "shape ()"]),
        (math.sin, [0.0, 1.0], {}, TypeError, ["f must work elementwise on arrays", "np.sin"]),
        (_only_positive, [0.0, 1.0], {}, ValueError, ["f must work elementwise on arrays", "truth value"]),
        (lambda x: None, [0.0, 1.0], {}, TypeError, ["f must return numbers", "None", "missing return"]),
        (lambda x: "abc", [0.0, 1.0], {}, TypeError, ["f must return numbers", "'abc'"]),
        # x - h outside f's domain, or f overflowing: never a silent nan or inf
        (np.sqrt, 0.0, {}, ValueError, ["f must return finite numbers", "f(-6.05545e-06) = nan", "'forward'"]),
        (np.log, [1.0, 0.0], {}, ValueError, ["f must return finite numbers", "f(-6.05545e-06)"]),
        (np.exp, 800.0, {"method": "forward"}, ValueError, ["f must return finite numbers", "inf"]),
    ],
)
def test_derivative_of_a_badly_behaved_f_says_what_f_did(f, x, kwargs, error, words):
    with np.errstate(all="ignore"):
        raises(error, words, lambda: calculus.derivative(f, x, **kwargs))


@pytest.mark.parametrize(
    ("f", "x", "h", "error", "words"),
    [
        ("f", [1.0, 2.0], None, TypeError, ["f must be a function", "f='f'"]),
        (lambda x: x @ x, "ab", None, TypeError, ["x must be an array of numbers"]),
        (lambda x: x @ x, [1.0, np.nan], None, ValueError, ["x must contain only finite"]),
        (lambda x: x @ x, [], None, ValueError, ["x must have at least 1 entry"]),
        (lambda x: x @ x, [1.0, 2.0], 0.0, ValueError, ["h must be > 0"]),
        (lambda x: x @ x, [1.0, 2.0], "1e-5", TypeError, ["h must be a real number"]),
        (lambda x: x @ x, [1.0, 2.0], 1e-20, ValueError, ["h=1e-20 is below the spacing", "h >= 4.44e-16"]),
        (lambda x: x @ x, [1e308, 0.0], 1e308, ValueError, ["h=1e+308 is too large"]),
        (lambda x: 2 * x, [1.0, 2.0], None, ValueError, ["f must return a scalar", "shape (2,)"]),
        (lambda x: None, [1.0, 2.0], None, ValueError, ["f must return a scalar", "None"]),
        (lambda x: np.log(x[0]), [1e-7, 2.0], None, ValueError, ["f must return finite", "coordinate 0", "nan"]),
        (lambda x: np.log(x[1, 0]), [[1.0], [1e-7]], None, ValueError, ["f must return finite", "coordinate (1, 0)"]),
        (lambda x: np.log(x[1]), [1.0, 0.0], None, ValueError, ["f must return finite", "f(x) = -inf"]),
        (lambda x: np.exp(x @ x), [20.0, 20.0], None, ValueError, ["f must return finite", "inf"]),
    ],
)
def test_gradient_bad_arguments(f, x, h, error, words):
    with np.errstate(all="ignore"):
        raises(error, words, lambda: calculus.gradient(f, x, h))


def _sq(x):
    return x @ x


def _grad_sq(x):
    return 2 * x


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"f": None}, TypeError, ["f must be a function"]),
        ({"grad": 2.0}, TypeError, ["grad must be a function", "grad=2.0"]),
        ({"x": "x"}, TypeError, ["x must be an array of numbers"]),
        ({"x": [1.0, np.inf]}, ValueError, ["x must contain only finite"]),
        ({"tol": 0.0}, ValueError, ["tol must be > 0"]),
        ({"tol": -1e-6}, ValueError, ["tol must be > 0"]),
        ({"tol": "1e-6"}, TypeError, ["tol must be a real number"]),
        ({"h": -1.0}, ValueError, ["h must be > 0"]),
        ({"h": 1e-18}, ValueError, ["h=1e-18 is below the spacing", "h >= "]),
        ({"grad": lambda x: None}, TypeError, ["grad must return numbers", "None", "missing return"]),
        ({"grad": lambda x: "2x"}, TypeError, ["grad must return numbers", "'2x'"]),
        ({"grad": lambda x: np.zeros(3)}, ValueError, ["grad(x) and x must have the same shape", "(3,)", "(2,)"]),
        ({"grad": lambda x: 2 * x[:, None]}, ValueError, ["grad(x) and x must have the same shape", "(2, 1)"]),
        # a nan or inf analytic gradient is an error naming grad, with or without tol
        ({"grad": lambda x: x / 0.0}, ValueError, ["grad must return finite numbers", "nan", "inf"]),
        ({"grad": lambda x: x / 0.0, "tol": 1e-6}, ValueError, ["grad must return finite numbers"]),
        ({"grad": lambda x: np.array([np.nan, 4.0]), "tol": 1.0}, ValueError, ["grad must return finite"]),
        ({"f": lambda x: np.log(x[0] - 0.999999)}, ValueError, ["f must return finite numbers", "coordinate 0"]),
    ],
)
def test_gradient_check_bad_arguments(kwargs, error, words):
    args = {"f": _sq, "grad": _grad_sq, "x": [1.0, 2.0]} | kwargs
    with np.errstate(all="ignore"):
        raises(error, words, lambda: calculus.gradient_check(**args))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"method": "centered"}, ValueError, ["method must be one of", "'centered'"]),
        ({"x": "1"}, TypeError, ["x must be an array of numbers"]),
        ({"x": np.nan}, ValueError, ["x must contain only finite"]),
    ],
)
def test_default_step_bad_arguments(kwargs, error, words):
    args = {"x": 1.0} | kwargs
    raises(error, words, lambda: calculus.default_step(**args))


def test_gradient_check_shape_mismatch():
    with pytest.raises(ValueError, match="same shape"):
        calculus.gradient_check(lambda x: x @ x, lambda x: np.zeros(3), np.ones(2))


# --- valid edge inputs still work ----------------------------------------------------------------------

def test_lists_and_ints_are_accepted():
    np.testing.assert_allclose(calculus.derivative(lambda t: t**2, [1, 2, 3]), [2.0, 4.0, 6.0], rtol=1e-10)
    assert calculus.derivative(lambda t: t**2, 3) == pytest.approx(6.0, rel=1e-10)
    assert isinstance(calculus.derivative(lambda t: t**2, 3), float)
    np.testing.assert_allclose(calculus.gradient(lambda x: x @ x, [1, 2]), [2.0, 4.0], rtol=1e-9)
    assert calculus.gradient_check(lambda x: x @ x, lambda x: 2 * x, [1, 2], tol=1e-8) < 1e-8


def test_gradient_at_a_scalar_and_at_a_matrix_point_has_the_shape_of_x():
    g = calculus.gradient(lambda t: t**3, 2.0)  # d/dt t³ = 3t² = 12
    assert g.shape == () and float(g) == pytest.approx(12.0, rel=1e-9)
    W = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    np.testing.assert_allclose(calculus.gradient(lambda w: np.sum(w**2), W), 2 * W, rtol=1e-9, atol=1e-12)
    assert calculus.gradient_check(lambda w: np.sum(w**2), lambda w: 2 * w, W) < 1e-9


def test_a_step_of_exactly_the_float_spacing_is_allowed_and_round_off_steps_still_run():
    # f(t) = t: the quotient divides by the step actually taken, so it is exactly 1 for any step that moves x
    assert calculus.derivative(lambda t: t, 1.0, h=TINY, method="forward") == 1.0
    assert calculus.derivative(np.sin, 0.0, h=1e-300) == 1.0  # near 0 the floats are dense: sin(h) = h exactly
    # h = 1e-15 at x = 1 is 4.5 float gaps: mostly round-off, but notebook 01 measures exactly that
    err = abs(calculus.derivative(np.sin, 1.0, h=1e-15, method="forward") - np.cos(1.0))
    assert 1e-4 < err < 1.0


def test_at_the_edge_of_fs_domain_a_one_sided_quotient_works():
    # sqrt'(1e-4) = 1 / (2·sqrt(1e-4)) = 50; the central quotient with h = 1e-3 would need sqrt(-9e-4)
    assert calculus.derivative(np.sqrt, 1e-4, h=1e-3, method="forward") == pytest.approx(
        (np.sqrt(1.1e-3) - np.sqrt(1e-4)) / 1e-3, rel=1e-12)
    with np.errstate(invalid="ignore"), pytest.raises(ValueError, match="f must return finite"):
        calculus.derivative(np.sqrt, 1e-4, h=1e-3)


def test_gradient_check_does_not_let_grad_change_x():
    def grad_that_scribbles(x):  # right gradient, but it changes its argument in place
        g = 2 * x
        x += 100.0
        return g

    assert calculus.gradient_check(lambda x: x @ x, grad_that_scribbles, [1.0, 2.0]) < 1e-9


def test_gradient_check_measures_huge_gradients_without_overflowing_the_norm():
    # entries 1e200: ||g||² = 2e400 overflows, the relative error must not become nan
    c = 1e200
    err = calculus.gradient_check(lambda x: c * np.sum(x), lambda x: np.full(2, c), [1.0, 2.0])
    assert err < 1e-6
    wrong = calculus.gradient_check(lambda x: c * np.sum(x), lambda x: np.full(2, 2 * c), [1.0, 2.0])
    assert wrong == pytest.approx(0.5, rel=1e-6)  # ||2g - g|| / ||2g||


@given(x=st.floats(-1e6, 1e6, allow_nan=False), k=st.floats(1.0, 1e6),
       method=st.sampled_from(calculus.METHODS))
def test_any_step_that_moves_x_gives_the_identity_slope_1_exactly(x, k, method):
    # the quotient divides by (x + h) - (x - h) or similar: for f(t) = t it is 1 for every allowed h
    h = float(np.spacing(abs(x))) * k
    assert calculus.derivative(lambda t: t, x, h=h, method=method) == 1.0


@given(x=st.floats(-1e6, 1e6, allow_nan=False), k=st.floats(1e-3, 0.999),
       method=st.sampled_from(calculus.METHODS))
def test_any_step_below_the_float_spacing_is_refused_naming_h(x, k, method):
    h = float(np.spacing(abs(x))) * k
    assume(0 < h < np.spacing(abs(x)))  # at x = 0 the spacing is the smallest subnormal: k·it rounds
    with pytest.raises(ValueError, match=r"h=.* is below the spacing of floats"):
        calculus.derivative(lambda t: t, x, h=h, method=method)


def test_a_step_so_large_that_x_plus_h_overflows_is_named():
    with pytest.raises(ValueError, match="h=1e[+]308 is too large"):
        calculus.derivative(np.sin, 1.0, h=1e308)
