"""What every exercise checker promises, whatever its topic (each topic's own file tests its
diagnoses):
- it is re-exported by the package; an untouched starter is "not attempted"; it prints one line;
- whatever the learner's function does is feedback, never an exception or a hang: a crash, a
  non-function, an endless loop, an unconvertible result, a print instead of a return;
- it cannot be fooled: the notebook's own solution passes on many fresh draws, while the same
  solution turned into a lookup table of one check's cases, its result as a string or a
  list, or an answer that also changes its inputs in place, is told "not yet";
- it calls nothing but the function it is given.

The checkers are read from each topic module's __all__ and their reference solutions from the
notebooks' solution cells, so a new exercise is covered here without being listed.
"""

import numpy as np
import pytest
from checker_helpers import crashes, notebook_solutions, starter_dots, starter_raises

from gdlib import exercises
from gdlib.exercises import _core
from gdlib.exercises._core import CORRECT, NOT_ATTEMPTED, WRONG

CHECKS = [getattr(topic, name) for topic in exercises.TOPICS for name in topic.__all__]
IDS = [c.__name__ for c in CHECKS]


def solution(check):
    return notebook_solutions()[check.__name__]


def test_every_topic_exports_checkers_only():
    assert len(CHECKS) >= 3 * len(exercises.TOPICS)  # at least three exercises per notebook
    for check in CHECKS:
        assert callable(getattr(check, "diagnose", None)), check


def test_every_checker_has_a_solution_in_a_notebook():
    assert sorted(notebook_solutions()) == sorted(IDS)


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_reexported_by_the_package(check):
    assert getattr(exercises, check.__name__) is check


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
@pytest.mark.parametrize("starter", [starter_dots, starter_raises])
def test_starters_are_not_attempted(check, starter):
    assert check.diagnose(starter).status == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_a_crash_is_feedback_not_an_exception(check):
    fb = check.diagnose(crashes)
    assert fb.status == WRONG
    assert "ZeroDivisionError" in fb.message


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
@pytest.mark.parametrize("not_a_function", [3.0, 42])
def test_a_value_instead_of_a_function_is_wrong(check, not_a_function):
    assert check.diagnose(not_a_function).status == WRONG


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_printing_checker_prints_one_line(check, capsys):
    check(starter_dots)
    out = capsys.readouterr().out
    assert out.startswith("⏳ not attempted yet") and out.count("\n") == 1


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_a_checker_calls_only_the_function_it_is_given(check):
    calls = []

    def spy(*args):
        calls.append(args)
        raise NotImplementedError

    check.diagnose(spy)
    assert len(calls) == 1  # called once, then "not attempted": nothing else was run


# --- it cannot hang or raise ------------------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_a_function_that_never_returns_is_stopped(check, monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.05)  # the loop never ends: a short limit is enough

    def endless(*args):
        n = 0
        while n >= 0:
            n += 1

    fb = check.diagnose(endless)
    assert fb.status == WRONG and "did not return within 0.05 s" in fb.message and "loop" in fb.message, fb


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_an_endless_loop_that_catches_exceptions_is_stopped_too(check, monkeypatch):
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.05)  # the loop never ends: a short limit is enough

    def stubborn(*args):
        while True:
            try:
                sum(range(1000))
            except Exception:  # a learner's catch-all must not swallow the time limit
                pass

    assert "did not return" in check.diagnose(stubborn).message


class Opaque:
    """A result numpy cannot read, like a tensor of a framework numpy does not know."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("cannot convert")

    def __float__(self):
        raise RuntimeError("cannot convert")

    def __len__(self):
        raise RuntimeError("cannot convert")

    def __iter__(self):
        raise RuntimeError("cannot convert")


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
@pytest.mark.parametrize("weird", [Opaque, object, lambda: {"a": 1}, lambda: (Opaque(), Opaque()), lambda: "4.0"])
def test_any_result_is_feedback_never_an_exception(check, weird):
    fb = check.diagnose(lambda *args: weird())
    assert fb.status == WRONG, fb


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_printing_instead_of_returning_is_named(check):
    sol = solution(check)

    def prints(*args):
        print(sol(*args))

    fb = check.diagnose(prints)
    assert fb.status == WRONG and "printed" in fb.message and "return" in fb.message, fb


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_a_forgotten_return_is_wrong_not_unattempted(check):
    sol = solution(check)

    def forgot(*args):
        sol(*args)

    fb = check.diagnose(forgot)
    assert fb.status == WRONG and "return" in fb.message, fb


# --- it cannot be fooled ------------------------------------------------------------------------


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_the_notebook_solution_passes_on_many_fresh_draws(check):
    for seed in range(12):
        _core.reseed(seed)
        fb = check.diagnose(solution(check))
        assert fb.status == CORRECT, (seed, fb)


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_the_correct_message_does_not_give_the_answer_away(check):
    # it is printed in the notebook (folded, but one click away from the exercise): it says what
    # was tested, never the formula
    fb = check.diagnose(solution(check))
    assert not set("=/·²√−←^*+") & set(fb.message), fb.message


def _key(args):
    """What a lookup table would remember of a call: its numbers, not its functions."""
    parts = []
    for a in args:
        if callable(a) or isinstance(a, np.random.Generator):
            continue
        parts.append(repr(np.asarray(a).tolist()) if isinstance(a, (np.ndarray, list)) else repr(a))
    return tuple(parts)


@pytest.mark.parametrize("check", CHECKS, ids=IDS)
def test_a_lookup_table_of_one_checks_cases_fails_the_next_check(check):
    sol, table = solution(check), {}

    def recorder(*args):
        key = _key(args)  # before the call: the solution may consume the rng
        table[key] = sol(*args)
        return table[key]

    assert check.diagnose(recorder).status == CORRECT
    fb = check.diagnose(lambda *args: table.get(_key(args)))
    assert fb.status == WRONG, fb


def _first_call(check):
    """(arguments, result) of the notebook solution's first call by the checker."""
    seen = []

    def spy(*args):
        seen.append((args, solution(check)(*args)))
        return seen[-1][1]

    check.diagnose(spy)
    return seen[0]


def _is_mutable(a):
    return (isinstance(a, np.ndarray) and a.dtype.kind == "f" and a.size) or (isinstance(a, list) and a)


def _holds_an_array(result) -> bool:
    parts = result if isinstance(result, tuple) else (result,)
    return any(isinstance(r, np.ndarray) and r.ndim >= 1 for r in parts)


FIRST = {check.__name__: _first_call(check) for check in CHECKS}
# the checkers whose answer is numbers (not a name), whose answer holds arrays, whose inputs hold arrays or lists
NUMERIC = [c for c in CHECKS if not isinstance(FIRST[c.__name__][1], str)]
ARRAYS = [c for c in CHECKS if _holds_an_array(FIRST[c.__name__][1])]
MUTABLE_INPUTS = [c for c in CHECKS if any(_is_mutable(a) for a in FIRST[c.__name__][0])]


def test_the_type_tests_below_cover_most_checkers():
    assert len(NUMERIC) >= 30 and len(ARRAYS) >= 12 and len(MUTABLE_INPUTS) >= 20


def _as_text(value):
    if isinstance(value, tuple):
        return tuple(_as_text(v) for v in value)
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return str(value)


@pytest.mark.parametrize("check", NUMERIC, ids=lambda c: c.__name__)
def test_the_right_digits_as_text_are_wrong(check):
    sol = solution(check)
    fb = check.diagnose(lambda *args: _as_text(sol(*args)))
    assert fb.status == WRONG and "str" in fb.message, fb


def _listify(value):
    if isinstance(value, tuple):
        return tuple(_listify(v) for v in value)
    return value.tolist() if isinstance(value, np.ndarray) and value.ndim >= 1 else value


@pytest.mark.parametrize("check", ARRAYS, ids=lambda c: c.__name__)
def test_a_list_where_an_array_is_asked_is_wrong(check):
    sol = solution(check)
    fb = check.diagnose(lambda *args: _listify(sol(*args)))
    assert fb.status == WRONG and "list" in fb.message, fb


def _mutate(value) -> None:
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        value.flat[0] += 1.0
    elif isinstance(value, list) and value:
        value.append(value[0])


@pytest.mark.parametrize("check", MUTABLE_INPUTS, ids=lambda c: c.__name__)
def test_changing_an_input_in_place_is_wrong(check):
    sol = solution(check)

    def vandal(*args):
        result = sol(*args)
        for a in args:
            _mutate(a)
        return result

    fb = check.diagnose(vandal)
    assert fb.status == WRONG and "in place" in fb.message, fb
