"""The derivatives notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest

from gdlib.exercises import derivatives as ex
from gdlib.exercises._core import CORRECT, WRONG

# --- forward difference -------------------------------------------------------------------

def forward_solution(f, x, h):
    return (f(x + h) - f(x)) / h


def test_forward_solution_is_correct():
    assert ex.check_forward_difference.diagnose(forward_solution).status == CORRECT


def test_forward_dividing_by_the_actual_step_is_also_correct():
    fb = ex.check_forward_difference.diagnose(lambda f, x, h: (f(x + h) - f(x)) / ((x + h) - x))
    assert fb.status == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h), "central difference"),
    (lambda f, x, h: (f(x) - f(x - h)) / h, "backward difference"),
    (lambda f, x, h: f(x + h) - f(x), "without dividing by the run h"),
    (lambda f, x, h: (f(x + h) - f(x)) / (2 * h), "divide by h, not by 2*h"),
    (lambda f, x, h: (f(x) - f(x + h)) / h, "sign is flipped"),
    (lambda f, x, h: f(x + h) - f(x) / h, "put the difference in parentheses"),
    (lambda f, x, h: 3 * x * x - 2, "exact derivative"),
    (lambda f, x, h: 42.0, "Check the formula"),
])
def test_forward_mistakes_are_diagnosed(wrong, words):
    fb = ex.check_forward_difference.diagnose(wrong)
    assert fb.status == WRONG
    assert words in fb.message
    assert "expected 10.610000" in fb.message  # x³ − 2x at x=2, h=0.1: 10 + 6h + h²


def test_forward_that_returns_an_array_is_wrong():
    fb = ex.check_forward_difference.diagnose(lambda f, x, h: np.array([1.0, 2.0]))
    assert fb.status == WRONG
    assert "single number" in fb.message


# --- central difference -------------------------------------------------------------------

def central_solution(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def test_central_solution_is_correct():
    assert ex.check_central_difference.diagnose(central_solution).status == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda f, x, h: (f(x + h) - f(x - h)) / h, "divide by 2*h, not by h"),
    (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, "`/ 2*h`"),
    (lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
    (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), "sign is flipped"),
    (lambda f, x, h: f(x + h) - f(x - h), "without dividing by 2h"),
    (lambda f, x, h: 3 * x * x - 2, "exact derivative"),
])
def test_central_mistakes_are_diagnosed(wrong, words):
    fb = ex.check_central_difference.diagnose(wrong)
    assert fb.status == WRONG
    assert words in fb.message
    assert "expected 10.010000" in fb.message  # x³ − 2x at x=2, h=0.1: 10 + h²


# --- tangent line ---------------------------------------------------------------------------

def tangent_solution(f, dfdx, x0, x):
    return f(x0) + dfdx(x0) * (x - x0)


def test_tangent_solution_is_correct():
    assert ex.check_tangent_line.diagnose(tangent_solution).status == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x) * (x - x0), "slope at the point of contact"),
    (lambda f, dfdx, x0, x: dfdx(x0) * (x - x0), "add f(x0)"),
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * x, "not x"),
    (lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * (x0 - x), "sign is flipped"),
    (lambda f, dfdx, x0, x: f(x) + dfdx(x0) * (x - x0), "not f(x)"),
    (lambda f, dfdx, x0, x: f(x), "the curve f(x) itself"),
    (lambda f, dfdx, x0, x: x, "The line is y ="),
])
def test_tangent_mistakes_are_diagnosed(wrong, words):
    fb = ex.check_tangent_line.diagnose(wrong)
    assert fb.status == WRONG
    assert words in fb.message


def test_tangent_must_keep_the_shape_of_x():
    def summed(f, dfdx, x0, x):
        return float(np.sum(tangent_solution(f, dfdx, x0, x)))

    fb = ex.check_tangent_line.diagnose(summed)
    assert fb.status == WRONG
    assert "shape (4,)" in fb.message


# --- best step --------------------------------------------------------------------------------

def _errors(f, dfdx, x, hs):
    return np.abs((f(x + hs) - f(x)) / hs - dfdx(x))


def best_step_solution(f, dfdx, x, hs):
    return hs[np.argmin(_errors(f, dfdx, x, hs))]


def test_best_step_solution_is_correct():
    assert ex.check_best_step.diagnose(best_step_solution).status == CORRECT


def test_best_step_answer_is_near_sqrt_eps():
    # the checker's first case is x³ − 2x at x = 1: the best forward step is near sqrt(eps)
    hs = 10.0 ** -np.arange(1, 16)
    h = best_step_solution(lambda x: x * x * x - 2 * x, lambda x: 3 * x * x - 2, 1.0, hs)
    assert 1e-9 <= h <= 1e-7


@pytest.mark.parametrize("wrong, words", [
    (lambda f, dfdx, x, hs: _errors(f, dfdx, x, hs).min(), "smallest error itself"),
    (lambda f, dfdx, x, hs: np.argmin(_errors(f, dfdx, x, hs)), "index of the best h"),
    (lambda f, dfdx, x, hs: hs.min(), "smallest h is not the best"),
    (lambda f, dfdx, x, hs: hs[np.argmax(_errors(f, dfdx, x, hs))], "np.argmin, not np.argmax"),
    (lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - dfdx(x)))],
     "central difference"),
    (lambda f, dfdx, x, hs: _errors(f, dfdx, x, hs), "one value per h"),
    (lambda f, dfdx, x, hs: 0.123, "Compute |"),
])
def test_best_step_mistakes_are_diagnosed(wrong, words):
    fb = ex.check_best_step.diagnose(wrong)
    assert fb.status == WRONG
    assert words in fb.message


def test_best_step_without_abs_is_diagnosed():
    # signed errors: the most negative one wins, which is a round-off accident, not the best h
    def signed(f, dfdx, x, hs):
        return hs[np.argmin((f(x + hs) - f(x)) / hs - dfdx(x))]

    fb = ex.check_best_step.diagnose(signed)
    assert fb.status == WRONG
    assert "absolute value" in fb.message
