"""The derivatives notebook's checkers: each plausible mistake named, other right answers accepted,
and fresh cases that change at every call and are drawn where the mistakes show.

test_exercises_contract.py tests what every checker promises (starters, crashes, endless loops, odd
return types, lookup tables, in-place changes); this file tests the diagnoses of this topic.
"""

import math
import re

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import calculus
from gdlib.exercises import _core
from gdlib.exercises import derivatives as ex
from gdlib.exercises._core import CORRECT, WRONG, distinct_case

EPS = np.finfo(float).eps


def spy_on(check, answer):
    """Run check on `answer`, recording the arguments of every call (fixed cases first, then fresh)."""
    calls = []

    def spy(*args):
        calls.append(args)
        return answer(*args)

    fb = check.diagnose(spy)
    return fb, calls


# --- the random functions ---------------------------------------------------------------------------


def test_random_functions_are_smooth_non_polynomials_with_the_right_derivative():
    rng = np.random.default_rng(0)
    kinds = set()
    for _ in range(60):
        f = ex._random_function(rng, offset=float(rng.choice([0.0, 7.0, -120.0])))
        kinds |= {name for name in ("sin", "cos", "exp", "log") if name in f.text}
        for x in rng.uniform(-2, 2, 5):
            exact = (f(x + 1e-30j)).imag / 1e-30  # the complex step: exact to round-off, no cancellation
            assert math.isclose(f.dfdx(x), exact, rel_tol=1e-12, abs_tol=1e-12), (f.text, x)
    assert kinds == {"sin", "cos", "exp", "log"}


def test_function_labels_read_like_formulas():
    rng = np.random.default_rng(1)
    texts = [ex._random_function(rng, offset=-35.0).text for _ in range(20)]
    assert all(t.endswith(" − 35") for t in texts)
    assert not any("--" in t or "+ −" in t or "·1·" in t for t in texts)


# --- 1. forward difference -----------------------------------------------------------------------------


def forward_solution(f, x, h):
    return (f(x + h) - f(x)) / h


def _forward_in_place(f, x, h):
    rise = np.array(f(x + h), dtype=float)
    rise -= f(x)  # in place, but on a new array
    rise /= h
    return rise[()]


@pytest.mark.parametrize("right", [
    forward_solution,
    lambda f, x, h: (f(x + h) - f(x)) / ((x + h) - x),  # the step the computer actually took
    lambda f, x, h: calculus.derivative(f, x, h=h, method="forward"),
    lambda f, x, h: float((f(x + h) - f(x)) / h),
    lambda f, x, h: np.array((f(x + h) - f(x)) / h),  # a 0-d array is a number
    lambda f, x, h: f(x + h) / h - f(x) / h,
    _forward_in_place,
], ids=["solution", "actual-step", "gdlib", "float", "0-d-array", "split-fraction", "in-place-on-copy"])
def test_other_right_forward_differences_pass(right):
    fb = ex.check_forward_difference.diagnose(right)
    assert fb.status == CORRECT, fb


@pytest.mark.parametrize("wrong, words", [
    (lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h), ["central difference"]),
    (lambda f, x, h: calculus.derivative(f, x, h=h), ["central difference", "default method"]),
    (lambda f, x, h: calculus.derivative(f, x), ["exact derivative", "h=h"]),
    (lambda f, x, h: calculus.derivative(f, x, method="forward"), ["exact derivative", "own tiny step"]),
    (lambda f, x, h: (f(x) - f(x - h)) / h, ["backward difference"]),
    (lambda f, x, h: (f(x - h) - f(x)) / h, ["x − h", "to the right"]),
    (lambda f, x, h: (f(x + h) - f(x)) / (2 * h), ["divide by h, not by 2*h"]),
    (lambda f, x, h: (f(x) - f(x + h)) / h, ["sign is flipped"]),
    (lambda f, x, h: f(x + h) - f(x), ["without dividing by the run h"]),
    (lambda f, x, h: f(x + h) - f(x) / h, ["put the difference in parentheses"]),
    (lambda f, x, h: (f(x + h) - f(x)) * h, ["multiplied the rise by h"]),
    (lambda f, x, h: (f(x + h) - f(x)) / x, ["divided by x"]),
    (lambda f, x, h: (f(x + h) - f(x)) / 0.1, ["0.1", "step of the first example"]),
    (lambda f, x, h: (f(x) + h - f(x)) / h, ["f(x) + h", "inside the parentheses"]),
    (lambda f, x, h: (f(x + h) - f(x)) // h, ["whole number", "//"]),
    (lambda f, x, h: int((f(x + h) - f(x)) / h), ["whole number"]),
    (lambda f, x, h: round((f(x + h) - f(x)) / h), ["whole number"]),
    (lambda f, x, h: round((f(x + h) - f(x)) / h, 3), ["rounded the result"]),
    (lambda f, x, h: 3 * x * x - 2, ["expected"]),  # the cubic's derivative, by hand
    (lambda f, x, h: 42.0, ["Check which two values of f"]),
    (lambda f, x, h: {(2.0, 0.1): 10.61, (-1.0, 0.05): -2.709875}.get((x, h)), ["earlier cases", "table"]),
    (lambda f, x, h: str((f(x + h) - f(x)) / h), ["str"]),
    (lambda f, x, h: np.array([(f(x + h) - f(x)) / h]), ["single number", "shape (1,)"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_forward_mistakes_are_diagnosed(wrong, words):
    assert_wrong(ex.check_forward_difference, wrong, *words)


def test_forward_visible_cases_expect_the_algebra():
    # x³ − 2x at x = 2: ((2 + h)³ − 2(2 + h) − 4)/h = 10 + 6h + h² = 10.61 for h = 0.1
    assert_wrong(ex.check_forward_difference, lambda f, x, h: 0.0, "x=2.0, h=0.1", "expected 10.61")
    # x⁴ + x at x = −1: 4x³ + 1 + 6x²h + 4xh² + h³ = −2.709875 for h = 0.05
    fb = assert_wrong(ex.check_forward_difference,
                      lambda f, x, h: forward_solution(f, x, h) if x > 0 else 0.0, "x=-1.0, h=0.05")
    assert "expected -2.70988" in fb.message or "expected -2.709875" in fb.message


# --- 2. central difference -----------------------------------------------------------------------------


def central_solution(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("right", [
    central_solution,
    lambda f, x, h: ((f(x + h) - f(x)) / h + (f(x) - f(x - h)) / h) / 2,  # mean of forward and backward
    lambda f, x, h: calculus.derivative(f, x, h=h),
    lambda f, x, h: (f(x + h) - f(x - h)) / h / 2,
    lambda f, x, h: 0.5 * (f(x + h) - f(x - h)) / h,
], ids=["solution", "mean-of-one-sided", "gdlib", "two-divisions", "times-half"])
def test_other_right_central_differences_pass(right):
    fb = ex.check_central_difference.diagnose(right)
    assert fb.status == CORRECT, fb


@pytest.mark.parametrize("wrong, words", [
    (lambda f, x, h: (f(x + h) - f(x - h)) / h, ["divide by 2*h, not by h"]),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, ["`/ 2*h`"]),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 2, ["divided by 2 but not by h"]),
    (lambda f, x, h: (f(x + h) - f(x)) / h, ["forward difference"]),
    (lambda f, x, h: (f(x) - f(x - h)) / h, ["backward difference"]),
    (lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h, ["h/2 to each side"]),
    (lambda f, x, h: (f(x + 2 * h) - f(x)) / (2 * h), ["forward difference with the step 2h"]),
    (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), ["sign is flipped"]),
    (lambda f, x, h: f(x + h) - f(x - h), ["without dividing by 2h"]),
    (lambda f, x, h: f(x + h) - f(x - h) / (2 * h), ["parentheses before dividing"]),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 0.2, ["0.2"]),
    (lambda f, x, h: (f(x) + h - (f(x) - h)) / (2 * h), ["f(x) + h"]),
    (lambda f, x, h: calculus.derivative(f, x), ["exact derivative", "h=h"]),
    (lambda f, x, h: int(central_solution(f, x, h)), ["whole number"]),
    (lambda f, x, h: round(central_solution(f, x, h), 2), ["rounded the result"]),
    (lambda f, x, h: 3 * x * x - 2 + h * h, ["expected"]),  # right for the first visible cubic only
    (lambda f, x, h: {(2.0, 0.1): 10.01, (-1.0, 0.05): -3.01}.get((x, h)), ["earlier cases"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_central_mistakes_are_diagnosed(wrong, words):
    assert_wrong(ex.check_central_difference, wrong, *words)


def test_central_visible_cases_expect_the_algebra():
    # x³ − 2x at x = 2: f'(2) + h² = 10.01 for h = 0.1 (f''' = 6, so the error h²f'''/6 = h² exactly)
    assert_wrong(ex.check_central_difference, lambda f, x, h: 0.0, "x=2.0, h=0.1", "expected 10.01")
    # x⁴ + x at x = −1: 4x³ + 1 + 4xh² = −3.01 for h = 0.05
    assert_wrong(ex.check_central_difference, lambda f, x, h: central_solution(f, x, h) if x > 0 else 0.0,
                 "x=-1.0, h=0.05", "expected -3.01")


# --- the fresh cases of the two quotients ---------------------------------------------------------------


@pytest.mark.parametrize("check, solution", [(ex.check_forward_difference, forward_solution),
                                             (ex.check_central_difference, central_solution)])
def test_quotient_fresh_cases_change_at_every_call_and_are_non_polynomial(check, solution):
    fb1, calls1 = spy_on(check, solution)
    fb2, calls2 = spy_on(check, solution)
    assert fb1.status == fb2.status == CORRECT
    fresh1, fresh2 = calls1[2:], calls2[2:]
    assert len(fresh1) == len(fresh2) == _core.FRESH_CASES
    assert {(x, h) for _, x, h in fresh1}.isdisjoint({(x, h) for _, x, h in fresh2})
    for f, _x, h in fresh1 + fresh2:
        assert any(name in f.text for name in ("sin", "cos", "exp", "log"))
        assert h not in (0.1, 0.05, 0.01) and 0.03 <= h <= 0.4


@pytest.mark.parametrize("name, answer, mistakes", [
    ("forward_difference", ex._forward, ex._FORWARD_MISTAKES),
    ("central_difference", ex._central, ex._CENTRAL_MISTAKES),
])
def test_quotient_fresh_cases_keep_every_mistake_clearly_apart(name, answer, mistakes):
    rng = np.random.default_rng(2)
    make = ex._random_quotient_case(name)
    for _ in range(100):
        case = distinct_case(make, rng, answer, mistakes)
        want = answer(*case.args)
        assert abs(want - round(want)) > 1e-6  # a fractional result: int() and // cannot pass
        for hint, mistake in mistakes:
            got = mistake(*case.args)
            assert abs(got - want) > 1e-6 * max(1.0, abs(want)), (hint, case.label)


# --- 3. tangent line ---------------------------------------------------------------------------------


def tangent_solution(f, dfdx, x0, x):
    return f(x0) + dfdx(x0) * (x - x0)


def _tangent_on_a_copy(f, dfdx, x0, x):
    y = np.array(x, dtype=float)  # a copy: the caller's x is not touched
    y -= x0
    y *= dfdx(x0)
    y += f(x0)
    return y if y.ndim else float(y)


@pytest.mark.parametrize("right", [
    tangent_solution,
    lambda f, dfdx, x0, x: dfdx(x0) * x + (f(x0) - dfdx(x0) * x0),  # slope-intercept form
    lambda f, dfdx, x0, x: np.asarray(f(x0) + dfdx(x0) * (np.asarray(x) - x0)),
    lambda f, dfdx, x0, x: np.vectorize(lambda xi: f(x0) + dfdx(x0) * (xi - x0))(x),
    lambda f, dfdx, x0, x: f(x0) + calculus.derivative(f, x0) * (x - x0),  # a numerical slope, accurate enough
    _tangent_on_a_copy,
], ids=["solution", "slope-intercept", "asarray", "vectorize", "numerical-slope", "in-place-on-copy"])
def test_other_right_tangent_lines_pass(right):
    fb = ex.check_tangent_line.diagnose(right)
    assert fb.status == CORRECT, fb


def _tangent_in_place(f, dfdx, x0, x):
    x -= x0
    return f(x0) + dfdx(x0) * x


@pytest.mark.parametrize("wrong, words", [
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x) * (x - x0), ["slope at the point of contact"]),
    (lambda f, dfdx, x0, x: f(x) + dfdx(x) * (x0 - x), ["swapped x and x0"]),
    (lambda f, dfdx, x0, x: dfdx(x0) * (x - x0), ["add f(x0)"]),
    (lambda f, dfdx, x0, x: x0 + dfdx(x0) * (x - x0), ["added x0"]),
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * x, ["not x"]),
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * x - x0, ["put x − x0 in parentheses"]),
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * (x0 - x), ["sign is flipped"]),
    (lambda f, dfdx, x0, x: f(x) + dfdx(x0) * (x - x0), ["not f(x)"]),
    (lambda f, dfdx, x0, x: f(x), ["the curve f(x) itself"]),
    (lambda f, dfdx, x0, x: f(x0) + 0 * x, ["flat line"]),
    (lambda f, dfdx, x0, x: dfdx(x0) + 0 * x, ["the slope f'(x0) alone"]),
    (lambda f, dfdx, x0, x: f(x0) + calculus.derivative(f, x0, h=0.5) * (x - x0), ["passes through"]),
    (lambda f, dfdx, x0, x: x, ["The line passes through (x0, f(x0))"]),
    (lambda f, dfdx, x0, x: [f(x0) + dfdx(x0) * (xi - x0) for xi in x], ["list"]),
    (lambda f, dfdx, x0, x: np.array([f(x0) + dfdx(x0) * (xi - x0) for xi in np.atleast_1d(x)]),
     ["x=2.6", "single number", "shape (1,)"]),
    (lambda f, dfdx, x0, x: np.array([f(x0) + dfdx(x0) * (xi - x0) for xi in x]), ["x=2.6", "TypeError"]),
    (lambda f, dfdx, x0, x: float(np.sum(tangent_solution(f, dfdx, x0, x))), ["shape (4,)", "single number"]),
    (_tangent_in_place, ["in place"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_tangent_mistakes_are_diagnosed(wrong, words):
    assert_wrong(ex.check_tangent_line, wrong, *words)


def test_tangent_visible_case_expects_the_algebra():
    # x³ − 2x at x0 = 1.5: f = 0.375, f' = 4.75, so T(x) = 0.375 + 4.75 (x − 1.5) at x = −1, 0, 2, 3
    fb = assert_wrong(ex.check_tangent_line, lambda f, dfdx, x0, x: np.zeros_like(x) if np.ndim(x) else 0.0)
    shown = re.search(r"expected \[([^\]]*)\]", fb.message).group(1)
    assert [float(v) for v in shown.replace(",", " ").split()] == [-11.5, -6.75, 2.75, 7.5]


def test_tangent_fresh_cases_hold_numbers_and_unequally_spaced_arrays_and_change():
    _, calls1 = spy_on(ex.check_tangent_line, tangent_solution)
    _, calls2 = spy_on(ex.check_tangent_line, tangent_solution)
    fresh1, fresh2 = calls1[3:], calls2[3:]
    kinds = [isinstance(x, np.ndarray) for *_, x in fresh1]
    assert True in kinds and False in kinds  # both a single number and an array, at every check
    for f, _dfdx, _x0, x in fresh1 + fresh2:
        assert any(name in f.text for name in ("sin", "cos", "exp", "log"))
        if isinstance(x, np.ndarray) and x.size >= 3:
            steps = np.diff(x)
            assert not np.allclose(steps, steps[0])  # unequal spacing
    assert [c[2] for c in fresh1] != [c[2] for c in fresh2]


def test_tangent_fresh_cases_keep_every_mistake_clearly_apart():
    rng = np.random.default_rng(3)
    for kind in ("array", "number"):
        make = ex._random_tangent_case(kind)
        for _ in range(60):
            case = distinct_case(make, rng, ex._tangent, ex._TANGENT_MISTAKES)
            f, dfdx, x0, x = case.args
            want = tangent_solution(f, dfdx, x0, x)
            assert abs(f(x0)) > 1e-6 and abs(dfdx(x0)) > 1e-6
            for hint, mistake in ex._TANGENT_MISTAKES:
                gap = np.max(np.abs(np.asarray(mistake(*case.args)) - want))
                assert gap > 1e-6, (hint, case.label)


# --- 4. best step ---------------------------------------------------------------------------------------


def errors_of(f, dfdx, x, hs):
    return np.abs((f(x + hs) - f(x)) / hs - dfdx(x))


def best_step_solution(f, dfdx, x, hs):
    return hs[np.argmin(errors_of(f, dfdx, x, hs))]


def _loop(f, dfdx, x, hs):
    best, best_error = None, math.inf
    for h in hs:
        error = abs((f(x + h) - f(x)) / h - dfdx(x))
        if error < best_error:
            best, best_error = h, error
    return best


def _loop_last_of_ties(f, dfdx, x, hs):
    best, best_error = None, math.inf
    for h in hs:
        error = abs((f(x + h) - f(x)) / h - dfdx(x))
        if error <= best_error:
            best, best_error = h, error
    return best


def _sorted_consistently(f, dfdx, x, hs):
    ordered = np.sort(hs)
    return ordered[np.argmin(errors_of(f, dfdx, x, ordered))]


def _largest_tied(f, dfdx, x, hs):
    errors = errors_of(f, dfdx, x, hs)
    return hs[errors <= 2 * errors.min()].max()  # a tie within the factor 2: still a best step


def _just_outside_the_tie(f, dfdx, x, hs):
    errors = errors_of(f, dfdx, x, hs)
    worse = np.where(errors > 2 * errors.min(), errors, np.inf)
    return hs[np.argmin(worse)]


@pytest.mark.parametrize("right", [
    best_step_solution,
    _loop,
    _loop_last_of_ties,
    _sorted_consistently,
    _largest_tied,
    lambda f, dfdx, x, hs: min(hs, key=lambda h: abs((f(x + h) - f(x)) / h - dfdx(x))),
    lambda f, dfdx, x, hs: hs[np.argmin(errors_of(f, dfdx, x, hs) / abs(dfdx(x)))],  # relative error
    lambda f, dfdx, x, hs: hs[np.argmin(((f(x + hs) - f(x)) / hs - dfdx(x)) ** 2)],  # squared error
    lambda f, dfdx, x, hs: hs[np.argmin(np.abs(dfdx(x) - (f(x + hs) - f(x)) / hs))],
    lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x + hs) - f(x)) * (1 / hs) - dfdx(x)))],
    lambda f, dfdx, x, hs: float(best_step_solution(f, dfdx, x, hs)),
], ids=["solution", "loop", "loop-last-tie", "sorted-both", "tie-within-2", "min-key", "relative", "squared",
        "reversed", "times-inverse", "float"])
def test_other_right_best_steps_pass(right):
    fb = ex.check_best_step.diagnose(right)
    assert fb.status == CORRECT, fb


def _pick(f, dfdx, x, hs, target):
    return hs[np.argmin(np.abs(np.log(hs / target)))]


@pytest.mark.parametrize("wrong, words", [
    (lambda f, dfdx, x, hs: errors_of(f, dfdx, x, hs).min(), ["smallest error itself"]),
    (lambda f, dfdx, x, hs: np.argmin(errors_of(f, dfdx, x, hs)), ["index", "hs[index]"]),
    (lambda f, dfdx, x, hs: errors_of(f, dfdx, x, hs), ["one value per h"]),
    (lambda f, dfdx, x, hs: hs[np.argmax(errors_of(f, dfdx, x, hs))], ["np.argmin, not np.argmax"]),
    (lambda f, dfdx, x, hs: hs[np.argmin((f(x + hs) - f(x)) / hs - dfdx(x))], ["absolute value"]),
    (lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - dfdx(x)))],
     ["central difference"]),
    (lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x) - f(x - hs)) / hs - dfdx(x)))], ["backward difference"]),
    (lambda f, dfdx, x, hs: np.array([calculus.derivative(f, x, h=h, method="forward") for h in hs]),
     ["one value per h"]),
    (lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x + hs) - f(x)) / ((x + hs) - x) - dfdx(x)))],
     ["(x + h) − x", "divide by h itself"]),
    (lambda f, dfdx, x, hs: hs[np.argmin([abs(calculus.derivative(f, x, h=h, method="forward") - dfdx(x))
                                          for h in hs])], ["(x + h) − x"]),
    (lambda f, dfdx, x, hs: hs[np.argmin(np.abs(f(x + hs) / hs - f(x) / hs - dfdx(x)))],
     ["by h before subtracting"]),
    (lambda f, dfdx, x, hs: np.sort(hs)[np.argmin(errors_of(f, dfdx, x, hs))], ["sorted copy"]),
    (lambda f, dfdx, x, hs: hs[np.argmin(errors_of(f, dfdx, x, np.sort(hs)))], ["sorted copy"]),
    (lambda f, dfdx, x, hs: _pick(f, dfdx, x, hs, np.sqrt(EPS)), ["rule of thumb"]),
    (lambda f, dfdx, x, hs: _pick(f, dfdx, x, hs, 1e-8), ["nearest", "rule of thumb"]),
    (lambda f, dfdx, x, hs: 1e-8, ["fixed number", "not one of the steps in hs"]),
    (lambda f, dfdx, x, hs: np.sqrt(EPS), ["fixed number", "√ε"]),
    (lambda f, dfdx, x, hs: hs[len(hs) // 2], ["middle element"]),
    (lambda f, dfdx, x, hs: np.sort(hs)[len(hs) // 2], ["median"]),
    (lambda f, dfdx, x, hs: hs.min(), ["smallest h is not the best"]),
    (lambda f, dfdx, x, hs: hs.max(), ["largest h is not the best"]),
    (lambda f, dfdx, x, hs: hs[0], ["first element"]),
    (lambda f, dfdx, x, hs: hs[-1], ["last element"]),
    (_just_outside_the_tie, ["at most twice that error", "Compute |"]),
    (lambda f, dfdx, x, hs: 0.123, ["not in hs", "return one of the steps in hs"]),
    (lambda f, dfdx, x, hs: {1.0: 1e-8, 0.5: 10 ** -8.5}.get(x), ["earlier cases"]),
    (lambda f, dfdx, x, hs: hs[[np.argmin(errors_of(f, dfdx, x, hs))]], ["single number", "shape (1,)"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_best_step_mistakes_are_diagnosed(wrong, words):
    assert_wrong(ex.check_best_step, wrong, *words)


def test_best_step_visible_case_is_near_sqrt_eps():
    # x³ − 2x at x = 1: the model h* = 2·sqrt(eps·|f|/|f''|) = 2·sqrt(eps/6) ≈ 1.2e-8
    f, dfdx, x, hs = ex._BEST_STEP_FIXED[0].args
    assert f(1.0) == -1.0 and 2 * math.sqrt(EPS / 6) == pytest.approx(1.2e-8, rel=0.02)
    assert 1e-9 <= best_step_solution(f, dfdx, x, hs) <= 1e-7


def test_best_step_fresh_grids_change_and_are_shuffled_random_and_of_varied_length():
    _, calls1 = spy_on(ex.check_best_step, best_step_solution)
    _, calls2 = spy_on(ex.check_best_step, best_step_solution)
    fresh = calls1[2:] + calls2[2:]
    assert len(fresh) == 2 * _core.FRESH_CASES
    assert len({len(c[3]) for c in fresh}) > 1 and len({c[2] for c in fresh}) == len(fresh)
    for f, _dfdx, _x, hs in fresh:
        assert any(name in f.text for name in ("sin", "cos", "exp", "log"))
        assert not (np.all(np.diff(hs) > 0) or np.all(np.diff(hs) < 0))  # not in order
        assert not np.allclose(np.log10(hs), np.round(np.log10(hs)))  # not just powers of ten


def test_best_step_fresh_grids_put_every_mistaken_pick_outside_the_tie():
    rng = np.random.default_rng(4)
    picks = {
        "smallest": lambda hs, e, c: hs.min(), "largest": lambda hs, e, c: hs.max(),
        "first": lambda hs, e, c: hs[0], "last": lambda hs, e, c: hs[-1], "middle": lambda hs, e, c: hs[len(hs) // 2],
        "sorted middle": lambda hs, e, c: np.sort(hs)[len(hs) // 2],
        "nearest 1e-8": lambda hs, e, c: hs[np.argmin(np.abs(np.log(hs / 1e-8)))],
        "nearest sqrt(eps)": lambda hs, e, c: hs[np.argmin(np.abs(np.log(hs / np.sqrt(EPS))))],
        "largest error": lambda hs, e, c: hs[np.argmax(e)],
        "central": lambda hs, e, c: hs[np.argmin(c)],
    }
    best_steps = []
    for _ in range(40):
        case = ex._random_best_step_case(rng)
        f, dfdx, x, hs = case.args
        e = errors_of(f, dfdx, x, hs)
        c = np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - dfdx(x))
        best_steps.append(hs[np.argmin(e)])
        for name, pick in picks.items():
            h = pick(hs, e, c)
            assert e[list(hs).index(h)] > 2 * e.min(), (name, case.label)
    assert min(best_steps) < 5e-9 and max(best_steps) > 5e-8  # the best step moves with f and x


def test_best_step_message_names_the_errors():
    fb = assert_wrong(ex.check_best_step, lambda f, dfdx, x, hs: hs.min(), "x=1.0", "returned 1e-15")
    # at h = 1e-15 the forward quotient of x³ − 2x at 1 is pure round-off: its error is of order eps/h ≈ 0.1
    assert "a step with error" in fb.message and "expected 1e-08" in fb.message
    assert fb.status == WRONG
