"""The partial-derivatives notebook's checkers: the plausible wrong answers each must name, the other
correct answers each must accept, and fresh cases that change at every call and avoid the draws on
which a mistake would pass (test_exercises_contract.py tests what every checker promises: starters,
crashes, endless loops, weird results, lookup tables, strings, lists, in-place changes)."""

import math

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import calculus
from gdlib.exercises import _core, gradients
from gdlib.exercises._core import CORRECT

norm = np.linalg.norm


def passes(check, fn, draws=6):
    """fn is told "correct" on several independent draws of the fresh cases."""
    for seed in range(draws):
        _core.reseed(seed)
        fb = check.diagnose(fn)
        assert fb.status == CORRECT, (seed, fb)


def recorded_calls(check, solution, calls=1):
    """The arguments of every call the checker makes (solution answers them), over `calls` checks."""
    seen = []

    def spy(*args):
        seen.append(args)
        return solution(*args)

    for _ in range(calls):
        assert check.diagnose(spy).status == CORRECT
    return seen


def test_correct_messages_and_docstrings_give_nothing_away():
    formula_signs = set("=/·²√−←^*")
    for check in (gradients.check_partial_derivative, gradients.check_gradient_formula,
                  gradients.check_directional_derivative, gradients.check_relative_error):
        assert check.__doc__
        message = check.diagnose(SOLUTIONS[check.__name__]).message
        assert not formula_signs & set(message), message
    # the gradient is worked out on paper: neither docstring may state it
    for text in (gradients.__doc__, gradients.check_gradient_formula.__doc__):
        for piece in ("2xy", "x² + 6y", "6y", "2 * x * y"):
            assert piece not in text, piece


# --- 1. partial derivative ------------------------------------------------------------------


def unit(x, i):
    e = np.zeros_like(x)
    e[i] = 1.0
    return e


def partial(f, x, i, h):
    e = unit(x, i)
    return (f(x + h * e) - f(x - h * e)) / (2 * h)


def partial_in_place(f, x, i, h):
    # change one entry of a copy, evaluate, put it back
    x = np.array(x, dtype=float)
    x[i] += h
    up = f(x)
    x[i] -= 2 * h
    down = f(x)
    return (up - down) / (2 * h)


def partial_eye(f, x, i, h):
    step = h * np.eye(len(x))[i]
    return (f(x + step) - f(x - step)) / (2 * h)


def partial_loop(f, x, i, h):
    up, down = [], []
    for j, value in enumerate(x):
        up.append(value + h if j == i else value)
        down.append(value - h if j == i else value)
    return (f(np.array(up)) - f(np.array(down))) / (2 * h)


def partial_on_the_line(f, x, i, h):
    # the slice t -> f(x + t e_i), differentiated by gdlib with the given step
    return calculus.derivative(lambda t: f(x + t * unit(x, i)), 0.0, h)


@pytest.mark.parametrize("fn", [partial, partial_in_place, partial_eye, partial_loop, partial_on_the_line])
def test_partial_correct_answers_pass(fn):
    passes(gradients.check_partial_derivative, fn)


def _sides(f, x, i, h):
    e = unit(x, i)
    return f(x + h * e), f(x - h * e)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda f, x, i, h: (f(x + h * unit(x, i)) - f(x)) / h, ["forward difference"]),
        (lambda f, x, i, h: (f(x) - f(x - h * unit(x, i))) / h, ["backward difference"]),
        (lambda f, x, i, h: (f(x + h * unit(x, i)) - f(x)) / (2 * h), ["one-sided", "2h"]),
        (lambda f, x, i, h: (lambda u, d: (u - d) / h)(*_sides(f, x, i, h)), ["twice the central", "2*h"]),
        (lambda f, x, i, h: (lambda u, d: (u - d) / 2 * h)(*_sides(f, x, i, h)), ["/ 2 * h", "(2 * h)"]),
        (lambda f, x, i, h: (lambda u, d: u - d / (2 * h))(*_sides(f, x, i, h)), ["divided before subtracting"]),
        (lambda f, x, i, h: (lambda u, d: u - d)(*_sides(f, x, i, h)), ["without dividing"]),
        (lambda f, x, i, h: -partial(f, x, i, h), ["sign is flipped"]),
        (lambda f, x, i, h: (f(x + h) - f(x - h)) / (2 * h), ["moved every coordinate", "e[i] = 1"]),
        (lambda f, x, i, h: partial(f, x, i - 1, h), ["coordinate i − 1", "counted from 0"]),
        (lambda f, x, i, h: partial(f, x, (i + 1) % len(x), h), ["coordinate i + 1", "counted from 0"]),
        (lambda f, x, i, h: partial(f, x, 0, h), ["always", "coordinate 0"]),
        (lambda f, x, i, h: partial(f, x, len(x) - 1, h), ["always", "last coordinate"]),
        (lambda f, x, i, h: partial(f, x, i, h * h) * h, ["step is h²"]),
        (lambda f, x, i, h: calculus.gradient(f, x)[i], ["does not use the h you are given"]),
        (lambda f, x, i, h: partial(f, x, i, 1e-6), ["does not use the h you are given"]),
        (lambda f, x, i, h: calculus.gradient(f, x, h), ["array of shape", "single number"]),
        (lambda f, x, i, h: 42.0, ["expected", "Move only coordinate i"]),
    ],
)
def test_partial_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_partial_derivative, fn, *words)


def test_partial_mistake_on_the_visible_cases_only_is_not_named():
    # a forward difference on the 3-variable visible function, central elsewhere: the fresh cases
    # show that "forward difference" does not explain it, so it is not named
    def fn(f, x, i, h):
        if len(x) == 3 and x[1] == 2.0:
            return (f(x + h * unit(x, i)) - f(x)) / h
        return partial(f, x, i, h)

    fb = assert_wrong(gradients.check_partial_derivative, fn, "Move only coordinate i")
    assert "forward" not in fb.message


def test_partial_fresh_cases_change_and_show_every_mistake():
    calls = recorded_calls(gradients.check_partial_derivative, partial, calls=12)
    fresh = [args for args in calls if args[0] is not gradients._f3]
    assert len(fresh) == 12 * _core.FRESH_CASES
    assert len({(len(x), i, h, tuple(x)) for _, x, i, h in fresh}) == len(fresh)  # all new
    assert {len(x) for _, x, _, _ in fresh} >= {2, 3, 4, 5}  # several dimensions
    assert len({i for _, _, i, _ in fresh}) >= 3
    assert any(i == 0 for _, _, i, _ in fresh) and any(i == len(x) - 1 for _, x, i, _ in fresh)
    for f, x, i, h in fresh:
        assert 0.03 <= h <= 0.35 and 0 <= i < len(x)
        assert np.all(np.abs(x - np.round(x)) >= 0.05)  # fractional coordinates
        want = partial(f, x, i, h)
        assert abs(want) >= 0.1
        # f is curved along x_i: forward and central differ, and the step h matters (f is not a quadratic)
        assert abs((f(x + h * unit(x, i)) - f(x)) / h - want) > 1e-6
        assert abs(partial(f, x, i, 1e-5) - want) > 1e-6
        # the neighbouring coordinates give other numbers
        assert abs(partial(f, x, i - 1, h) - want) > 1e-6 and abs(partial(f, x, (i + 1) % len(x), h) - want) > 1e-6


# --- 2. analytic gradient --------------------------------------------------------------------


def f_xy(p):
    x, y = p
    return x**2 * y + 3 * y**2 - 2 * x


def grad_ok(p):
    x, y = p
    return np.array([2 * x * y - 2, x**2 + 6 * y])


def grad_other_form(p):
    x, y = float(p[0]), float(p[1])
    g = np.zeros(2)
    g[0] = x * y + x * y - 2.0
    g[1] = x * x + 3 * 2 * y
    return g


@pytest.mark.parametrize("fn", [grad_ok, grad_other_form,
                                lambda p: np.array([2 * p[0] * p[1] - 2, p[0] ** 2 + 6 * p[1]])])
def test_gradient_correct_answers_pass(fn):
    passes(gradients.check_gradient_formula, fn)


def test_gradient_reference_agrees_with_the_numerical_gradient_at_every_point():
    for (p,) in recorded_calls(gradients.check_gradient_formula, grad_ok, calls=4):
        assert calculus.gradient_check(f_xy, gradients._grad_xy, p) < 1e-8


def test_gradient_list_or_tuple_is_wrong_with_a_hint():
    as_list = lambda p: [2 * p[0] * p[1] - 2, p[0] ** 2 + 6 * p[1]]  # noqa: E731
    assert_wrong(gradients.check_gradient_formula, as_list, "returned a list", "np.array", "vector")
    as_tuple = lambda p: (2 * p[0] * p[1] - 2, p[0] ** 2 + 6 * p[1])  # noqa: E731
    assert_wrong(gradients.check_gradient_formula, as_tuple, "returned a tuple", "np.array")


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
        (lambda p: grad_ok(p[::-1]), ["unpacked p in the wrong order"]),
        (lambda p: np.array([2 * p[0] + p[1], p[0] + 4 * p[1]]), ["tilted bowl"]),
        (_with(dx=lambda x, y: 2 * x - 2), ["∂f/∂x is wrong", "constant factor"]),
        (_with(dx=lambda x, y: x * y - 2), ["∂f/∂x is wrong", "power rule"]),
        (_with(dx=lambda x, y: 2 * y - 2), ["∂f/∂x is wrong", "still contains x"]),
        (_with(dx=lambda x, y: 2 * x * y + 2), ["∂f/∂x is wrong", "sign"]),
        (_with(dx=lambda x, y: 2 * x * y), ["∂f/∂x is wrong", "left out"]),
        (_with(dx=lambda x, y: 2 * x * y + 6 * y - 2), ["∂f/∂x is wrong", "3y² does not contain x"]),
        (_with(dy=lambda x, y: x**2 + 3 * y), ["∂f/∂y is wrong", "power rule"]),
        (_with(dy=lambda x, y: 6 * y), ["∂f/∂y is wrong", "x² in x²y is a constant factor"]),
        (_with(dy=lambda x, y: 2 * x * y + 6 * y), ["∂f/∂y is wrong", "x is held fixed"]),
        (_with(dy=lambda x, y: 2 * x + 6 * y), ["∂f/∂y is wrong", "as if x were the variable"]),
        (_with(dy=lambda x, y: x**2 + 6), ["∂f/∂y is wrong", "still contains y"]),
        (_with(dy=lambda x, y: x**2 + 6 * y - 2), ["∂f/∂y is wrong", "−2x does not contain y"]),
        (_with(dx=lambda x, y: 2 * x - 2, dy=lambda x, y: 6 * y), ["both components are wrong", "constant factor"]),
        (_with(dy=lambda x, y: x**2 + 6 * y + 1), ["∂f/∂x is right, ∂f/∂y is not"]),
        (_with(dx=lambda x, y: x**2 * y), ["∂f/∂y is right, ∂f/∂x is not"]),
        (lambda p: grad_ok(p) + 1, ["Both components are off", "term by term"]),
        (lambda p: grad_ok(np.trunc(p)), ["expected"]),  # whole-number coordinates only
        (f_xy, ["f(p), the height"]),
    ],
)
def test_gradient_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_gradient_formula, fn, *words)


def test_gradient_component_right_only_on_some_cases_is_not_named_as_right():
    # ∂f/∂x right at the visible points only: "∂f/∂x is right" must not be claimed
    def fn(p):
        x, y = p
        visible = {(2.0, 3.0), (-1.5, 0.5), (2.0, -3.0)}
        return np.array([2 * x * y - 2 if (x, y) in visible else 0.0, x**2 + 3 * y])

    fb = assert_wrong(gradients.check_gradient_formula, fn, "Both components are off")
    assert "right" not in fb.message


def test_gradient_lookup_table_of_the_visible_points_fails():
    visible = {(2.0, 3.0): (10.0, 22.0), (-1.5, 0.5): (-3.5, 5.25), (2.0, -3.0): (-14.0, -14.0)}
    for p, g in visible.items():  # the table itself is right: from 2xy - 2 and x² + 6y by hand
        assert np.allclose(grad_ok(p), g)
    table = lambda p: np.array(visible.get(tuple(p), (0.0, 0.0)))  # noqa: E731
    assert_wrong(gradients.check_gradient_formula, table, "expected")


def test_gradient_fresh_points_are_fractional_and_one_has_a_zero_coordinate():
    calls = recorded_calls(gradients.check_gradient_formula, grad_ok, calls=8)
    fresh = [tuple(p) for (p,) in calls if tuple(p) not in {(2.0, 3.0), (-1.5, 0.5), (2.0, -3.0)}]
    assert len(fresh) == 8 * _core.FRESH_CASES and len(set(fresh)) == len(fresh)
    zeros = [p for p in fresh if 0.0 in p]
    assert len(zeros) == 8  # one per check
    assert all(p.count(0.0) == 1 for p in zeros)
    coords = np.array([c for p in fresh for c in p if c != 0.0])
    assert np.all(np.abs(coords - np.round(coords)) >= 0.05) and (coords < 0).any() and (coords > 0).any()


# --- 3. directional derivative ---------------------------------------------------------------


def directional(grad, p, v):
    return grad(p) @ (v / np.linalg.norm(v))


def directional_loop(grad, p, v):
    g = grad(p)
    length = math.sqrt(sum(t * t for t in v))
    return sum(gi * vi / length for gi, vi in zip(g, v, strict=True))


@pytest.mark.parametrize("fn", [directional, directional_loop,
                                lambda grad, p, v: np.dot(grad(p), v) / np.sqrt(v @ v)])
def test_directional_correct_answers_pass(fn):
    passes(gradients.check_directional_derivative, fn)


def test_directional_reference_is_the_slope_along_u():
    # on the visible bowl, compare with a numerical derivative of t -> f(p + t u) at t = 0
    f = lambda p: p[0] ** 2 + p[0] * p[1] + 2 * p[1] ** 2  # noqa: E731
    calls = recorded_calls(gradients.check_directional_derivative, directional)
    visible = [(p, v) for grad, p, v in calls if grad is gradients._grad_bowl]
    assert len(visible) == 3
    for p, v in visible:
        u = v / np.linalg.norm(v)
        numeric = calculus.derivative(lambda t: f(p + t * u), 0.0)  # noqa: B023
        assert np.isclose(gradients._directional(gradients._grad_bowl, p, v), numeric, rtol=1e-7)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda grad, p, v: grad(p) @ v, ["did not normalise"]),
        (lambda grad, p, v: grad(p) @ v / (v @ v), ["‖v‖²"]),
        (lambda grad, p, v: grad(p) @ v * np.linalg.norm(v), ["multiplied by ‖v‖"]),
        (lambda grad, p, v: grad(p) @ v / (norm(v) * norm(grad(p))), ["normalised both", "cosine"]),
        (lambda grad, p, v: grad(p) @ v / np.linalg.norm(grad(p)), ["normalised the gradient"]),
        (lambda grad, p, v: np.linalg.norm(grad(p)), ["largest possible rate"]),
        (lambda grad, p, v: -directional(grad, p, v), ["sign is flipped"]),
        (lambda grad, p, v: directional(grad, v, v), ["gradient at v"]),
        (lambda grad, p, v: grad(p) @ v / np.sum(v), ["sum of its entries"]),
        (lambda grad, p, v: grad(p) @ v / np.sum(np.abs(v)), ["absolute values"]),
        (lambda grad, p, v: grad(p) @ v / np.max(np.abs(v)), ["largest entry"]),
        (lambda grad, p, v: grad(p) @ v / len(v), ["number of entries"]),
        (lambda grad, p, v: grad(p) * v / np.linalg.norm(v), ["component by component", "add them up"]),
        (lambda grad, p, v: directional(grad, p, v) * v / np.linalg.norm(v), ["projection"]),
        (lambda grad, p, v: 1.0, ["u = v / ‖v‖"]),
    ],
)
def test_directional_mistakes_are_diagnosed(fn, words):
    assert_wrong(gradients.check_directional_derivative, fn, *words)


def test_directional_fresh_cases_are_not_unit_vectors_in_several_dimensions():
    calls = recorded_calls(gradients.check_directional_derivative, directional, calls=10)
    fresh = [(grad, p, v) for grad, p, v in calls if grad is not gradients._grad_bowl]
    assert len(fresh) == 10 * _core.FRESH_CASES
    assert {len(v) for _, _, v in fresh} >= {2, 3, 4, 5}
    assert len({tuple(v) for _, _, v in fresh}) == len(fresh)
    for grad, p, v in fresh:
        assert abs(np.linalg.norm(v) - 1) >= 0.3 and abs(np.sum(v)) >= 0.3
        g = grad(p)
        # not normalising, or normalising by the sum or the largest entry, changes the number
        want = g @ v / np.linalg.norm(v)
        for wrong in (g @ v, g @ v / np.sum(v), g @ v / np.max(np.abs(v)), -want):
            assert not np.isclose(wrong, want, rtol=1e-7, atol=1e-10)


# --- 4. relative error -----------------------------------------------------------------------


def relative_error(a, b):
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    return 0.0 if scale == 0 else np.linalg.norm(a - b) / scale


def relative_python(a, b):
    na, nb = math.sqrt(sum(t * t for t in a)), math.sqrt(sum(t * t for t in b))
    if na == 0 and nb == 0:
        return 0.0
    return math.sqrt(sum((s - t) ** 2 for s, t in zip(a, b, strict=True))) / max(na, nb)


def relative_any(a, b):
    if not np.any(a) and not np.any(b):
        return 0.0
    return float(np.sqrt(np.sum((a - b) ** 2)) / np.maximum(np.sqrt(a @ a), np.sqrt(b @ b)))


@pytest.mark.parametrize("fn", [
    relative_error, relative_python, relative_any,
    lambda a, b: norm(a - b) / max(norm(a), norm(b), 1e-300),  # a floor only two zero vectors reach
    lambda a, b: norm(a - b) / (max(norm(a), norm(b)) + 1e-12),  # an eps far below the tolerance
])
def test_relative_correct_answers_pass(fn):
    passes(gradients.check_relative_error, fn)


def test_relative_reference_agrees_with_gradient_check():
    f = lambda p: p[0] ** 2 * p[1]  # noqa: E731
    wrong = lambda p: np.array([p[0] * p[1], p[0] ** 2])  # noqa: E731
    p = np.array([1.3, -0.4])
    assert np.isclose(gradients._relative(wrong(p), calculus.gradient(f, p)),
                      calculus.gradient_check(f, wrong, p), rtol=1e-12)
    # a zero analytic gradient against a nonzero one: ‖0 − b‖ / ‖b‖ = 1 exactly; two zeros: 0 by convention
    assert gradients._relative(np.zeros(3), np.array([0.3, -1.2, 4.0])) == 1.0
    assert gradients._relative(np.zeros(2), np.zeros(2)) == 0.0


def nd(a, b):
    return norm(a - b)


def biggest(a, b):
    return max(norm(a), norm(b))


def zero_if_either(a, b):  # the bug of issue 9: a zero analytic gradient passes the check
    if norm(a) == 0 or norm(b) == 0:
        return 0.0
    return nd(a, b) / biggest(a, b)


def zero_if_a(a, b):
    return 0.0 if not np.any(a) else nd(a, b) / biggest(a, b)


def zero_if_b(a, b):
    return 0.0 if not np.any(b) else nd(a, b) / biggest(a, b)


def zero_if_close(a, b):
    return 0.0 if np.allclose(a, b) else nd(a, b) / biggest(a, b)


def one_for_two_zeros(a, b):
    scale = biggest(a, b)
    return 1.0 if scale == 0 else nd(a, b) / scale


def none_for_zeros(a, b):
    if norm(a) > 0 and norm(b) > 0:
        return nd(a, b) / biggest(a, b)


def divides_by_norm_b(a, b):  # right, then a needless division by ‖b‖ in Python floats: fine until b = 0
    return float(relative_error(a, b)) * float(norm(b)) / float(norm(b))


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda a, b: nd(a, b) / norm(a), ["wrong denominator", "‖a‖ only"]),
        (lambda a, b: nd(a, b) / norm(b), ["wrong denominator", "‖b‖ only"]),
        (lambda a, b: nd(a, b) / min(norm(a), norm(b)), ["wrong denominator", "min"]),
        (lambda a, b: nd(a, b) / (norm(a) + norm(b)), ["wrong denominator", "‖a‖ + ‖b‖"]),
        (lambda a, b: 2 * nd(a, b) / (norm(a) + norm(b)), ["wrong denominator", "mean"]),
        (lambda a, b: nd(a, b) / norm(a + b), ["wrong denominator", "‖a + b‖"]),
        (lambda a, b: nd(a, b) / (norm(a) * norm(b)), ["wrong denominator", "product"]),
        (lambda a, b: nd(a, b) / (biggest(a, b) + 1e-8), ["eps"]),
        (lambda a, b: nd(a, b), ["absolute error"]),
        (lambda a, b: abs(norm(a) - norm(b)) / biggest(a, b), ["subtracted the norms"]),
        (lambda a, b: np.sum((a - b) ** 2) / max(np.sum(a**2), np.sum(b**2)), ["squared norms"]),
        (lambda a, b: np.max(np.abs(a - b)) / biggest(a, b), ["componentwise"]),
        (lambda a, b: np.sum(np.abs(a - b)) / max(np.sum(np.abs(a)), np.sum(np.abs(b))), ["1-norm"]),
        (lambda a, b: nd(a, b) / max(np.max(np.abs(a)), np.max(np.abs(b))), ["largest entry"]),
        (lambda a, b: round(relative_error(a, b), 4), ["rounded"]),
        (zero_if_close, ["close but not equal", "np.allclose"]),
        (lambda a, b: np.abs(a - b) / np.maximum(np.abs(a), np.abs(b)), ["array of shape", "one number"]),
        (lambda a, b: 0.5, ["np.linalg.norm(a - b) /"]),
        (zero_if_either, ["0.0 as soon as one of the vectors is zero", "relative error is 1", "all zeros"]),
        (zero_if_a, ["0.0 whenever a is zero", "relative error is 1"]),
        (zero_if_b, ["0.0 whenever b is zero", "relative error is 1"]),
        (lambda a, b: nd(a, b) / biggest(a, b), ["nan", "both a and b are zero", "return 0.0 before dividing"]),
        (lambda a, b: float(nd(a, b)) / max(float(norm(a)), float(norm(b))),
         ["ZeroDivisionError", "Both a and b are zero", "return 0.0 before dividing"]),
        (one_for_two_zeros, ["returned 1, expected 0", "0.0 by convention"]),
        (none_for_zeros, ["returned None for a zero vector against a nonzero one", "`else`"]),
        (divides_by_norm_b, ["ZeroDivisionError", "Only one of the vectors is zero"]),
    ],
)
def test_relative_mistakes_are_diagnosed(fn, words):
    fb = assert_wrong(gradients.check_relative_error, fn, *words)
    assert "RuntimeWarning" not in fb.message


def test_relative_zero_gradient_bug_is_caught_on_every_draw():
    # whatever the fresh cases, an answer that returns 0 when one vector is zero is named
    for seed in range(10):
        _core.reseed(seed)
        fb = gradients.check_relative_error.diagnose(zero_if_either)
        assert "as soon as one of the vectors is zero" in fb.message, (seed, fb)


def test_relative_fresh_cases_cover_zeros_lengths_and_scales():
    calls = recorded_calls(gradients.check_relative_error, relative_error, calls=6)
    visible = {(3.0, -4.0), (0.1, 0.2, 0.2), (-400.0, 200.0)}
    fresh = [(a, b) for a, b in calls if tuple(a) not in visible]
    assert len(fresh) == 6 * 6  # per check: small, large, nearly equal; 0 vs b, a vs 0; 0 vs 0
    assert len({(tuple(a), tuple(b)) for a, b in fresh}) > 6 * 5  # new every time (0 vs 0 may repeat a length)
    assert {len(a) for a, _ in fresh} >= {2, 3, 4, 5, 6}
    kinds = {"a zero": 0, "b zero": 0, "both zero": 0, "small": 0, "large": 0, "nearly equal": 0}
    for a, b in fresh:
        assert len(a) == len(b)
        na, nb = norm(a), norm(b)
        if na == nb == 0:
            kinds["both zero"] += 1
        elif na == 0 or nb == 0:
            kinds["a zero" if na == 0 else "b zero"] += 1
            assert relative_error(a, b) == 1.0
        elif relative_error(a, b) < 1e-5:
            kinds["nearly equal"] += 1
            assert relative_error(a, b) > 1e-9 and np.allclose(a, b)
        else:
            kinds["small" if max(na, nb) < 0.05 else "large"] += 1
            assert max(na, nb) < 0.05 or max(na, nb) > 2
            # the denominators differ clearly: which argument is larger matters
            assert not np.isclose(nd(a, b) / na, nd(a, b) / nb, rtol=1e-7, atol=1e-10)
    assert kinds == dict.fromkeys(kinds, 6), kinds


SOLUTIONS = {
    "check_partial_derivative": partial,
    "check_gradient_formula": grad_ok,
    "check_directional_derivative": directional,
    "check_relative_error": relative_error,
}
