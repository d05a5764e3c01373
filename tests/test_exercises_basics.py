"""Warm-up checkers of notebook 00, each with the mistakes it must name."""

import pytest

from gdlib import exercises


def not_written(*args):
    ...


@pytest.mark.parametrize(
    ("check", "fn", "status", "words"),
    [
        (exercises.check_square, not_written, "not attempted", "returns None"),
        (exercises.check_square, lambda x: 2 * x, "wrong", "that is 2·x"),
        (exercises.check_square, lambda x: x**3, "wrong", "expected"),
        (exercises.check_square, lambda x: x**2, "correct", "x²"),
        (exercises.check_mean, not_written, "not attempted", "returns None"),
        (exercises.check_mean, lambda v: sum(v), "wrong", "that is the sum"),
        (exercises.check_mean, lambda v: sum(v) / (len(v) - 1), "wrong", "n - 1"),
        (exercises.check_mean, lambda v: sorted(v)[len(v) // 2], "wrong", "median"),
        (exercises.check_mean, lambda v: v[0] / 0, "wrong", "ZeroDivisionError"),
        (exercises.check_mean, lambda v: sum(v) / len(v), "correct", "divides"),
        (exercises.check_slope, not_written, "not attempted", "returns None"),
        (exercises.check_slope, lambda a, b, c, d: (c - a) / (d - b), "wrong", "run / rise"),
        (exercises.check_slope, lambda a, b, c, d: (b - d) / (c - a), "wrong", "sign is flipped"),
        (exercises.check_slope, lambda a, b, c, d: (d - b) / (c - a), "correct", "rise / run"),
    ],
)
def test_warm_up_checkers(check, fn, status, words):
    fb = check.diagnose(fn)
    assert fb.status == status and words in fb.message, fb
