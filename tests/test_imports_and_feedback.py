"""Package-level promises: light imports, the exercise machinery, the Explorer."""

import subprocess
import sys

import numpy as np
import pytest

from gdlib import exercises
from gdlib.exercises._core import CORRECT, NOT_ATTEMPTED, WRONG, as_array, as_float, call, checker


def test_numerical_modules_do_not_import_matplotlib_or_ipywidgets():
    code = (
        "import sys, gdlib.optim, gdlib.calculus, gdlib.mle, gdlib.objectives, gdlib.losses, gdlib.data, "
        "gdlib.training; heavy = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@checker("the square is right")
def check_square(fn):
    for x in [3.0, -2.0]:
        got = as_float(call(fn, x), "square(x)")
        if got == 2 * x:
            return f"square({x}) returned {got}: that is 2·x, not x²"
        if got != x * x:
            return f"square({x}) returned {got}, expected {x * x}"
    return None


def not_written(x):
    """A starter: the body is still `...`."""
    ...


def raises_not_implemented(x):
    raise NotImplementedError


@pytest.mark.parametrize(
    ("fn", "status", "words"),
    [
        (not_written, NOT_ATTEMPTED, "returns None"),
        (raises_not_implemented, NOT_ATTEMPTED, "NotImplementedError"),
        (lambda x: 2 * x, WRONG, "that is 2·x"),
        (lambda x: x**3, WRONG, "expected 9.0"),
        (lambda x: 1 / 0, WRONG, "raised ZeroDivisionError"),
        (lambda x: "four", WRONG, "should be a number"),
        (lambda x: [x, x], WRONG, "single number"),
        (42, WRONG, "pass your function itself"),
        (lambda x: x * x, CORRECT, "the square is right"),
    ],
)
def test_checker_outcomes(fn, status, words):
    fb = check_square.diagnose(fn)
    assert fb.status == status
    assert words in fb.message


def test_check_prints_one_line_and_returns_none(capsys):
    assert check_square(lambda x: x * x) is None
    out = capsys.readouterr().out
    assert out == "✅ correct: the square is right\n"
    check_square(not_written)
    assert capsys.readouterr().out.startswith("⏳ not attempted yet: ")


def test_call_copies_arrays_so_the_learner_cannot_spoil_them():
    a = np.array([1.0, 2.0])
    call(lambda v: v.fill(0) or 1.0, a)
    np.testing.assert_array_equal(a, [1.0, 2.0])


def test_as_array_names_the_shape_problem():
    fb = checker("ok")(lambda fn: (as_array(call(fn), (2,), "grad(x)"), None)[1]).diagnose(lambda: np.zeros(3))
    assert fb.status == WRONG and "should have shape (2,)" in fb.message


def test_every_exported_checker_is_a_printing_checker_with_diagnose():
    names = [n for n in exercises.__all__ if n.startswith("check_")]
    for name in names:
        check = getattr(exercises, name)
        assert callable(check) and callable(check.diagnose), name
        assert check.diagnose(42).status == WRONG, name  # a non-function is refused, never run
