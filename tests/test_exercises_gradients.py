"""The gradients notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import gradients
from gdlib.exercises._core import CORRECT

# --- 1. partial derivative ------------------------------------------------------------------


def unit(x, i):
    e = np.zeros_like(x)
    e[i] = 1.0
    return e


def partial(f, x, i, h):
    e = unit(x, i)
    return (f(x + h * e) - f(x - h * e)) / (2 * h)


def partial_in_place(f, x, i, h):
    # another correct way: change one entry, evaluate, put it back
    x = np.array(x, dtype=float)
    x[i] += h
    fp = f(x)
    x[i] -= 2 * h
    fm = f(x)
    return (fp - fm) / (2 * h)


@pytest.mark.parametrize("fn", [partial, partial_in_place])
def test_partial_solutions_pass(fn):
    assert gradients.check_partial_derivative.diagnose(fn).status == CORRECT


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda f, x, i, h: partial(f, x, (i + 1) % len(x), h), ["along coordinate 1, not 0"]),
        (lambda f, x, i, h: partial(f, x, i - 1, h),
         ["along coordinate 2, not 0", "counted from 0"]),
        (lambda f, x, i, h: (f(x + h * unit(x, i)) - f(x)) / h, ["forward difference"]),
        (lambda f, x, i, h: (f(x) - f(x - h * unit(x, i))) / h, ["backward difference"]),
        (lambda f, x, i, h: 2 * partial(f, x, i, h), ["twice the central", "2*h"]),
        (lambda f, x, i, h: -partial(f, x, i, h), ["sign is flipped"]),
        (lambda f, x, i, h: 2 * h * partial(f, x, i, h), ["without dividing"]),
        (lambda f, x, i, h: (f(x + h) - f(x - h)) / (2 * h),
         ["moved every coordinate", "e[i] = 1"]),
        (lambda f, x, i, h: 42.0, ["expected", "Move only coordinate i"]),
    ],
)
def test_partial_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_partial_derivative, fn, *words)


def test_partial_returning_an_array_is_wrong():
    fn = lambda f, x, i, h: np.zeros(3)  # noqa: E731
    assert_wrong(gradients.check_partial_derivative, fn, "single number")


# --- 2. analytic gradient --------------------------------------------------------------------


def grad_ok(p):
    x, y = p
    return np.array([2 * x * y - 2, x**2 + 6 * y])


def test_gradient_solution_passes_and_matches_numerical_gradient():
    from gdlib import calculus

    assert gradients.check_gradient_formula.diagnose(grad_ok).status == CORRECT
    f = lambda p: p[0] ** 2 * p[1] + 3 * p[1] ** 2 - 2 * p[0]  # noqa: E731
    for p in gradients._GRAD_POINTS:
        assert calculus.gradient_check(f, grad_ok, p) < 1e-8


def test_gradient_formula_accepts_a_list():
    fn = lambda p: [2 * p[0] * p[1] - 2, p[0] ** 2 + 6 * p[1]]  # noqa: E731
    assert gradients.check_gradient_formula.diagnose(fn).status == CORRECT


def _with(dx=None, dy=None):
    def fn(p):
        x, y = p
        gx, gy = grad_ok(p)
        return np.array([gx if dx is None else dx(x, y), gy if dy is None else dy(x, y)])
    return fn


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda p: grad_ok(p)[::-1], ["swapped"]),
        (lambda p: -grad_ok(p), ["−∇f"]),
        (_with(dx=lambda x, y: 2 * x - 2), ["∂f/∂x is wrong", "constant factor"]),
        (_with(dx=lambda x, y: x * y - 2), ["∂f/∂x is wrong", "power rule"]),
        (_with(dx=lambda x, y: 2 * x * y + 2), ["∂f/∂x is wrong", "sign"]),
        (_with(dx=lambda x, y: 2 * x * y), ["∂f/∂x is wrong", "missing"]),
        (_with(dy=lambda x, y: x**2 + 3 * y), ["∂f/∂y is wrong", "power rule"]),
        (_with(dy=lambda x, y: 6 * y), ["∂f/∂y is wrong", "x² is a constant factor"]),
        (_with(dy=lambda x, y: 2 * x * y + 6 * y), ["∂f/∂y is wrong", "x is held fixed"]),
        (_with(dy=lambda x, y: x**2 + 6 * y + 1), ["∂f/∂x is right, ∂f/∂y is not"]),
        (lambda p: grad_ok(p) + 1, ["both components are off"]),
    ],
)
def test_gradient_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_gradient_formula, fn, *words)


def test_gradient_slips_are_distinguishable_at_the_first_point():
    x, y = gradients._GRAD_POINTS[0]
    dx = list(gradients._dx_slips(x, y).values()) + [grad_ok((x, y))[0]]
    dy = list(gradients._dy_slips(x, y).values()) + [grad_ok((x, y))[1]]
    assert len(set(np.round(dx, 9))) == len(dx)
    assert len(set(np.round(dy, 9))) == len(dy)


def test_gradient_wrong_shape():
    assert_wrong(gradients.check_gradient_formula, lambda p: 1.0, "shape (2,)")


# --- 3. directional derivative ---------------------------------------------------------------


def directional(grad, p, v):
    return grad(p) @ (v / np.linalg.norm(v))


def test_directional_solution_passes():
    assert gradients.check_directional_derivative.diagnose(directional).status == CORRECT


def test_directional_solution_agrees_with_a_numerical_derivative_along_u():
    from gdlib import calculus

    f = lambda p: p[0] ** 2 + p[0] * p[1] + 2 * p[1] ** 2  # noqa: E731
    for p, v in gradients._DIR_CASES:
        u = v / np.linalg.norm(v)
        numeric = calculus.derivative(lambda t: f(p + t * u), 0.0)  # noqa: B023
        assert np.isclose(directional(gradients._grad_bowl, p, v), numeric, rtol=1e-7)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda grad, p, v: grad(p) @ v, ["did not normalise"]),
        (lambda grad, p, v: grad(p) @ v / np.linalg.norm(v) ** 2, ["‖v‖²"]),
        (lambda grad, p, v: np.linalg.norm(grad(p)), ["largest possible rate"]),
        (lambda grad, p, v: -directional(grad, p, v), ["sign is flipped"]),
        (lambda grad, p, v: grad(p) @ v / np.sum(v), ["sum of its entries"]),
        (lambda grad, p, v: grad(p) @ v / np.linalg.norm(grad(p)), ["normalised the gradient"]),
        (lambda grad, p, v: grad(p) * v / np.linalg.norm(v),
         ["component by component", "add them up"]),
        (lambda grad, p, v: 1.0, ["u = v / ‖v‖"]),
    ],
)
def test_directional_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_directional_derivative, fn, *words)


# --- 4. relative error -----------------------------------------------------------------------


def relative_error(a, b):
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else np.linalg.norm(a - b) / scale


def test_relative_solution_passes_and_agrees_with_gradient_check():
    from gdlib import calculus

    assert gradients.check_relative_error.diagnose(relative_error).status == CORRECT
    f = lambda p: p[0] ** 2 * p[1]  # noqa: E731
    wrong = lambda p: np.array([p[0] * p[1], p[0] ** 2])  # noqa: E731
    p = np.array([1.3, -0.4])
    numeric = calculus.gradient(f, p)
    want = calculus.gradient_check(f, wrong, p)
    assert np.isclose(relative_error(wrong(p), numeric), want, rtol=1e-12)


norm = np.linalg.norm


def nd(a, b):
    return norm(a - b)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda a, b: nd(a, b) / norm(a), ["wrong denominator", "‖a‖ only"]),
        (lambda a, b: nd(a, b) / norm(b), ["wrong denominator", "‖b‖ only"]),
        (lambda a, b: nd(a, b) / min(norm(a), norm(b)), ["wrong denominator", "min"]),
        (lambda a, b: nd(a, b) / (norm(a) + norm(b)), ["wrong denominator", "‖a‖ + ‖b‖"]),
        (lambda a, b: nd(a, b) / norm(a + b), ["wrong denominator", "‖a + b‖"]),
        (lambda a, b: nd(a, b), ["absolute error"]),
        (lambda a, b: abs(norm(a) - norm(b)) / max(norm(a), norm(b)), ["subtracted the norms"]),
        (lambda a, b: np.sum((a - b) ** 2) / max(np.sum(a**2), np.sum(b**2)), ["squared norms"]),
        (lambda a, b: np.max(np.abs(a - b)) / max(norm(a), norm(b)), ["componentwise"]),
        (lambda a, b: np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)), ["array of shape"]),
        (lambda a, b: 0.5, ["np.linalg.norm(a - b) /"]),
    ],
)
def test_relative_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_relative_error, fn, *words)


def naive_numpy(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def naive_python(a, b):
    return float(np.linalg.norm(a - b)) / max(float(np.linalg.norm(a)), float(np.linalg.norm(b)))


@pytest.mark.parametrize("fn", [naive_numpy, naive_python])
def test_relative_error_of_two_zero_vectors_must_be_zero(fn):
    # numpy gives nan (0/0), plain floats raise ZeroDivisionError: both get the same hint
    fb = assert_wrong(gradients.check_relative_error, fn, "a = b = 0", "return 0.0 before dividing")
    assert "RuntimeWarning" not in fb.message
