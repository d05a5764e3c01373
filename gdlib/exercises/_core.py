"""The machinery every exercise checker shares.

A checker runs the learner's function on a few inputs and compares with the answer
computed here. It never runs anything else of the learner's, and a crash inside the
learner's function becomes feedback, not a traceback.

Three outcomes, printed as one line:
    "⏳ not attempted yet: ..."   the body is still `...` or raises NotImplementedError
    "❌ not yet: <what is wrong>"  a specific diagnosis (a value, what was expected, a hint)
    "✅ correct: ..."             every test case passed
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

NOT_ATTEMPTED, WRONG, CORRECT = "not attempted", "wrong", "correct"
_SYMBOL = {NOT_ATTEMPTED: "⏳", WRONG: "❌", CORRECT: "✅"}


@dataclass(frozen=True)
class Feedback:
    status: str  # NOT_ATTEMPTED, WRONG or CORRECT
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        head = {NOT_ATTEMPTED: "not attempted yet", WRONG: "not yet", CORRECT: "correct"}[self.status]
        return f"{_SYMBOL[self.status]} {head}: {self.message}"


class Stop(Exception):
    """Raised inside a diagnosis to finish early with a given Feedback."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(feedback.message)
        self.feedback = feedback


def _describe(args, kwargs) -> str:
    parts = [np.array2string(np.asarray(a), precision=4) if isinstance(a, np.ndarray) else repr(a) for a in args]
    parts += [f"{k}={v!r}" for k, v in kwargs.items()]
    return ", ".join(parts)


def call(fn: Callable, *args, **kwargs):
    """Call the learner's fn; turn 'not written yet' and crashes into feedback.

    Array arguments are copied, so a function that changes its input in place
    cannot spoil the next test case.
    """
    args = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    try:
        result = fn(*args, **kwargs)
    except NotImplementedError:
        raise Stop(Feedback(NOT_ATTEMPTED, "replace `raise NotImplementedError` with your code")) from None
    except Exception as exc:  # the learner's bug, reported as feedback
        raise Stop(Feedback(
            WRONG, f"calling it with ({_describe(args, kwargs)}) raised {type(exc).__name__}: {exc}"
        )) from None
    if result is None or result is Ellipsis:
        raise Stop(Feedback(NOT_ATTEMPTED, "the function returns None; fill in the body and `return` the result"))
    return result


def as_float(value, what: str) -> float:
    """The learner's result as a float, or a WRONG feedback saying what came back instead."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Stop(Feedback(WRONG, f"{what} should be a number, but it is {value!r}")) from None
    if arr.size != 1:
        raise Stop(Feedback(WRONG, f"{what} should be a single number, but it has shape {arr.shape}"))
    return float(arr.reshape(()))


def as_array(value, shape: tuple[int, ...], what: str) -> np.ndarray:
    """The learner's result as a float array of the expected shape, or a WRONG feedback."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Stop(Feedback(WRONG, f"{what} should be an array of numbers, but it is {value!r}")) from None
    if arr.shape != shape:
        raise Stop(Feedback(WRONG, f"{what} should have shape {shape}, but it has shape {arr.shape}"))
    return arr


def checker(correct_message: str):
    """Turn diagnose(fn) -> None (all good) | str (what is wrong) into a printing checker.

    The checker prints one line of feedback and returns None, so the check cell's
    output is exactly that line. check.diagnose(fn) returns the Feedback instead (tests use it).
    """

    def wrap(diagnose: Callable[[Callable], str | None]):
        @functools.wraps(diagnose)
        def run(fn) -> Feedback:
            if not callable(fn):
                return Feedback(WRONG, f"pass your function itself (without calling it), got {fn!r}")
            try:
                problem = diagnose(fn)
            except Stop as stop:
                return stop.feedback
            return Feedback(CORRECT, correct_message) if problem is None else Feedback(WRONG, problem)

        @functools.wraps(diagnose)
        def check(fn) -> None:
            print(run(fn))

        check.diagnose = run
        return check

    return wrap
