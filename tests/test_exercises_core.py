"""The checker toolkit (gdlib/exercises/_core.py): typed results, the one formatter, the guarded
call (time limit, prints, in-place changes, starters), and judging on all cases."""

import signal
import threading
from fractions import Fraction

import numpy as np
import pytest

from gdlib.exercises import _core
from gdlib.exercises._core import (
    CORRECT,
    NOT_ATTEMPTED,
    WRONG,
    Case,
    Stop,
    array,
    call,
    checker,
    close,
    fmt,
    judge,
    number,
    pair,
)


def feedback(action):
    """The Feedback a Stop carries, or None if action() went through."""
    try:
        action()
    except Stop as stop:
        return stop.feedback
    return None


# --- the formatter --------------------------------------------------------------------------------


def test_fmt_shows_enough_digits_to_tell_two_numbers_apart():
    assert fmt(0.9) == "0.9"
    assert fmt(0.900000001, versus=0.9) == "0.900000001" and fmt(0.9, versus=0.900000001) == "0.9"
    got, want = np.array([0.9, -0.9]), np.array([0.9 + 3e-9, -0.9])
    assert fmt(got, versus=want) != fmt(want, versus=got)  # never "got [0.9, -0.9], expected [0.9, -0.9]"


def test_fmt_prints_minus_zero_as_zero_and_survives_anything():
    assert fmt(-0.0) == "0"
    assert fmt("text") == "'text'" and fmt(object()).startswith("<object")


def test_one_tolerance():
    assert close(1.0, 1.0 + 1e-9) and not close(1.0, 1.0 + 1e-6)
    assert close(0.0, 1e-11) and not close(0.0, 1e-9)
    assert not close([1.0, 2.0], [1.0, 2.0, 3.0]) and not close(np.nan, np.nan)
    assert close(np.nan, np.nan, equal_nan=True) and not close("1.0", 1.0)


# --- typed results --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [3, 3.0, np.float64(3.0), np.int64(3), np.array(3.0), Fraction(3, 1)])
def test_number_accepts_every_kind_of_real_number(value):
    assert number(value, "x") == 3.0


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("3.0", "the text '3.0' (a str)"),
        (True, "boolean"),
        ([3.0], "a list"),
        ((3.0,), "a tuple"),
        ({"x": 3.0}, "a dict"),
        (np.array([3.0]), "shape (1,)"),
        (np.ones((2, 2)), "shape (2, 2)"),
        (3 + 0j, "complex"),
        (object(), "numpy cannot turn into a float"),
    ],
)
def test_number_refuses_what_is_not_one_number(value, words):
    fb = feedback(lambda: number(value, "f(x)"))
    assert fb.status == WRONG and words in fb.message and fb.message.startswith("f(x)")


def test_array_accepts_integer_arrays_and_returns_floats():
    out = array(np.array([1, 2]), (2,), "g")
    assert out.dtype == float and out.tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ([1.0, 2.0], "np.array(...)"),
        ((1.0, 2.0), "a tuple"),
        ("[1.0, 2.0]", "(a str)"),
        (np.array(["1", "2"]), "dtype <U1"),
        (np.zeros(3), "shape (3,)"),
        (np.zeros((2, 1)), "shape (2, 1)"),
        (2.0, "single number"),
        (None, "NoneType"),
    ],
)
def test_array_refuses_the_wrong_container_or_shape(value, words):
    fb = feedback(lambda: array(value, (2,), "g"))
    assert fb.status == WRONG and words in fb.message


def test_pair_wants_two_results():
    assert pair((1, 2), ("a", "b")) == (1, 2)
    assert "return a, b" in feedback(lambda: pair(np.zeros((2, 3)), ("a", "b"))).message
    assert "return a, b" in feedback(lambda: pair(1.0, ("a", "b"))).message


# --- the guarded call -------------------------------------------------------------------------------


def starter(x):
    """The body is still the starter's `...`."""
    ...


def forgot_return(x):
    y = x * x  # noqa: F841


def prints(x):
    print(x * x)


def changes_its_input(w):
    w -= 1.0
    return w


def sorts_its_input(values):
    values.sort()
    return values[0]


def test_call_tells_a_starter_from_a_forgotten_return_and_a_print():
    assert feedback(lambda: call(starter, 2.0)).status == NOT_ATTEMPTED
    fb = feedback(lambda: call(forgot_return, 2.0))
    assert fb.status == WRONG and "forget the `return`" in fb.message
    fb = feedback(lambda: call(prints, 2.0))
    assert fb.status == WRONG and "printed '4.0'" in fb.message


def test_call_detects_inputs_changed_in_place_and_keeps_the_callers_data():
    w = np.array([1.0, 2.0])
    fb = feedback(lambda: call(changes_its_input, w))
    assert fb.status == WRONG and "changed its input `w` in place" in fb.message
    assert w.tolist() == [1.0, 2.0]  # the learner worked on a copy
    values = [3.0, 1.0, 2.0]
    assert "`values`" in feedback(lambda: call(sorts_its_input, values)).message
    assert values == [3.0, 1.0, 2.0]


def test_call_names_the_arguments_of_a_crash_and_explains_python_slips():
    fb = feedback(lambda: call(lambda x: x ^ 2, 1.5))
    assert "calling it with (x=1.5) raised TypeError" in fb.message and "XOR" in fb.message


def test_call_stops_a_function_that_never_returns_and_leaves_the_alarm_as_it_was(monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.1)
    before = signal.getsignal(signal.SIGALRM)

    def endless(x):
        while x > 0:
            x += 1

    fb = feedback(lambda: call(endless, 1.0))
    assert fb.status == WRONG and "did not return within 0.1 s" in fb.message
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_the_fallback_stops_an_endless_loop(monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.2)
    out = {}

    def endless(x):
        while x > 0:
            x += 1

    def check():
        out["fb"] = feedback(lambda: call(endless, 1.0))
        out["ok"] = feedback(lambda: call(lambda x: x + 1, 1.0))

    worker = threading.Thread(target=check)
    worker.start()
    worker.join(5)
    assert not worker.is_alive()
    assert "did not return within 0.2 s" in out["fb"].message and out["ok"] is None


def test_an_interrupt_by_the_learner_still_interrupts():
    def interrupted(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        call(interrupted, 1.0)


def test_call_captures_prints_of_a_function_that_also_returns(capsys):
    assert call(lambda x: print("debug") or x, 2.0) == 2.0
    assert capsys.readouterr().out == ""  # the check cell keeps its one line


# --- judging on all cases -----------------------------------------------------------------------------


CASES = [Case((x,), f"f({x})") for x in (1.0, 2.0, -3.0)]


def _judge(fn, mistakes):
    return judge(fn, CASES, lambda x: x * x, lambda raw, case: number(raw, case.label), mistakes=mistakes)


def test_a_mistake_is_named_only_if_it_explains_every_case():
    mistakes = [("doubled", lambda x: 2 * x), ("kept the sign", lambda x: x * abs(x))]
    # x*|x| equals 2x at x = 2 (the first failing case is x = -3, where both differ): not "doubled"
    assert _judge(lambda x: x * abs(x), mistakes) == "f(-3.0) returned -9, expected 9: kept the sign"
    assert _judge(lambda x: 2 * x, mistakes).endswith(": doubled")
    assert _judge(lambda x: x * x + 1, mistakes) == "f(1.0) returned 2, expected 1"
    assert _judge(lambda x: x * x, mistakes) is None


def test_nan_gets_a_hint_when_no_mistake_explains_it():
    assert "division by zero" in _judge(lambda x: np.nan, [])


def test_a_checker_never_raises_even_if_its_own_code_fails():
    @checker("fine")
    def broken(fn):
        return {}["missing"]

    fb = broken.diagnose(lambda x: x)
    assert fb.status == WRONG and "could not judge" in fb.message


def test_check_prints_one_line_and_returns_none(capsys):
    @checker("the square is right")
    def check_square(fn):
        return _judge(fn, [])

    assert check_square(lambda x: x * x) is None
    assert capsys.readouterr().out == "✅ correct: the square is right\n"
    assert check_square.diagnose(42).status == WRONG  # a non-function is refused, never run
    assert check_square.diagnose(lambda x: x * x).status == CORRECT


@pytest.mark.parametrize("answer", [lambda x: x * x, lambda x: 2 * x, lambda x: None], ids=["right", "wrong", "none"])
def test_diagnose_is_the_printed_verdict_as_a_value(answer, capsys):
    @checker("the square is right")
    def check_square(fn):
        return _judge(fn, [("that is 2·x", lambda x: 2 * x)])

    check_square(answer)
    printed = capsys.readouterr().out
    feedback = check_square.diagnose(answer)
    assert capsys.readouterr().out == ""  # diagnose prints nothing
    assert f"{feedback}\n" == printed and feedback.correct == printed.startswith("✅")
    assert feedback.message in printed and feedback.status in (CORRECT, WRONG, NOT_ATTEMPTED)
