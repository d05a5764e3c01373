"""Warm-up checkers of notebook 00: the plausible mistakes each must name, the right answers in
other styles each must accept, and fresh cases that defeat lucky coincidences."""

import math

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import exercises
from gdlib.exercises import _core, basics
from gdlib.exercises._core import CORRECT


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda x: 2 * x, ["that is 2·x"]),
        (lambda x: x * abs(x), ["square of a negative number is positive"]),  # = 2x at x = −2: not "2·x"
        (lambda x: abs(x), ["absolute value"]),
        (lambda x: x, ["x itself"]),
        (lambda x: int(x) ** 2, ["rounded x to a whole number"]),
        (lambda x: round(x * x), ["result was rounded"]),
        (lambda x: x**3, ["x³"]),
        (lambda x: x**2 + 1, ["returned", "expected", "x * x"]),
        (lambda x: str(x * x), ["str"]),
        (lambda x: np.array([x * x]), ["shape (1,)"]),
        (lambda x: x ^ 2, ["XOR"]),
        (lambda x: {3.0: 9.0, -2.0: 4.0, 0.5: 0.25}[x], ["KeyError"]),  # a table of the visible cases
        (lambda x: {3.0: 9.0, -2.0: 4.0, 0.5: 0.25}.get(x), ["only handle some inputs"]),
    ],
)
def test_square_mistakes(fn, words):
    assert_wrong(exercises.check_square, fn, *words)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda v: sum(v), ["that is the sum"]),
        (lambda v: sum(v) / (len(v) - 1), ["n − 1"]),
        (lambda v: sum(v) // len(v), ["integer division"]),  # right on both visible lists
        (lambda v: int(sum(v) / len(v)), ["int() cut off"]),  # right on both visible lists
        (lambda v: round(sum(v) / len(v)), ["rounded"]),
        (lambda v: sorted(v)[len(v) // 2], ["middle element"]),
        (lambda v: (min(v) + max(v)) / 2, ["smallest and the largest"]),
        (lambda v: sum(v[1:]) / len(v), ["skipped the first"]),
        (lambda v: v.sort() or v[len(v) // 2], ["changed its input `v` in place"]),
        (lambda v: 5.0 if v == [2.0, 4.0, 9.0] else 2.0, ["mean(", "expected"]),  # hard-coded visible answers
        (lambda v: np.mean(v).astype(str), ["str"]),
    ],
)
def test_mean_mistakes(fn, words):
    assert_wrong(exercises.check_mean, fn, *words)


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (lambda x1, y1, x2, y2: (x2 - x1) / (y2 - y1), ["run / rise"]),
        (lambda x1, y1, x2, y2: (y1 - y2) / (x2 - x1), ["sign is flipped"]),
        (lambda x1, y1, x2, y2: abs((y2 - y1) / (x2 - x1)), ["absolute value", "falling line"]),
        (lambda x1, y1, x2, y2: (y2 - y1) / 2, ["run is always 2"]),  # right on both visible cases
        (lambda x1, y1, x2, y2: y2 - y1, ["rise y2 − y1 alone"]),
        (lambda x1, y1, x2, y2: (y2 - y1) / x2 - x1, ["divided before subtracting", "run in parentheses"]),
        (lambda x1, y1, x2, y2: (y2 - y1) // (x2 - x1), ["integer division"]),  # right on both visible cases
        (lambda x1, y1, x2, y2: f"{(y2 - y1) / (x2 - x1)}", ["str"]),
    ],
)
def test_slope_mistakes(fn, words):
    assert_wrong(exercises.check_slope, fn, *words)


def test_the_fixed_cases_alone_would_accept_the_coincidences():
    # why fresh cases are needed: these mistakes agree with the answer on every visible case
    for values in ([2.0, 4.0, 9.0], [1.0, 1.0, 1.0, 5.0]):
        assert sum(values) // len(values) == sum(values) / len(values)
    for x1, y1, x2, y2 in ((1.0, 2.0, 3.0, 8.0), (0.0, 5.0, 2.0, 1.0)):
        assert (y2 - y1) / 2 == (y2 - y1) / (x2 - x1)


def _loop_mean(values):
    total = 0.0
    for v in values:
        total += v
    return total / len(values)


@pytest.mark.parametrize(
    ("check", "fn"),
    [
        (exercises.check_square, lambda x: x * x),
        (exercises.check_square, lambda x: math.pow(x, 2)),
        (exercises.check_square, lambda x: np.square(x)),
        (exercises.check_mean, _loop_mean),
        (exercises.check_mean, lambda v: float(np.mean(v))),
        (exercises.check_mean, lambda v: math.fsum(v) / len(v)),
        (exercises.check_slope, lambda x1, y1, x2, y2: (y1 - y2) / (x1 - x2)),
        (exercises.check_slope, lambda x1, y1, x2, y2: np.polyfit([x1, x2], [y1, y2], 1)[0]),
    ],
)
def test_right_answers_in_other_styles_pass(check, fn):
    assert check.diagnose(fn).status == CORRECT


@pytest.mark.parametrize("fresh", [basics._square_case, basics._mean_case, basics._slope_case])
def test_fresh_cases_change_between_checks(fresh):
    labels = [fresh(_core.fresh_rng()).label for _ in range(5)]
    assert len(set(labels)) == 5


def test_fresh_cases_avoid_the_coincidences():
    rng = np.random.default_rng(0)
    for _ in range(500):
        values = basics._mean_case(rng).args[0]
        mean = sum(values) / len(values)
        assert abs(mean - round(mean)) >= 0.01  # so // and int() differ from the mean
        x1, y1, x2, y2 = basics._slope_case(rng).args
        assert abs(abs(x2 - x1) - 2) > 0.1 and abs(x2 - x1) >= 0.5  # a run that is not "always 2"
        assert abs(abs(y2 - y1) - abs(x2 - x1)) > 0.1  # rise/run is not ±1, where run/rise would agree
        assert basics._square_case(rng).args[0] != 0
