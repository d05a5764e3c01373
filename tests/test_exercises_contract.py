"""What every exercise checker promises, whatever its topic (each topic's own file tests its
diagnoses): it is re-exported by the package; an untouched starter is "not attempted"; a
crashing answer or a non-function is feedback, never an exception; it calls nothing but the
function it is given; it prints one line.

The checkers are read from each topic module's __all__, so a new checker is covered here
without being listed.
"""

import pytest
from checker_helpers import crashes, starter_dots, starter_raises

from gdlib import exercises
from gdlib.exercises import NOT_ATTEMPTED, WRONG

CHECKS = [getattr(topic, name) for topic in exercises.TOPICS for name in topic.__all__]


def test_every_topic_exports_checkers_only():
    assert len(CHECKS) >= 3 * len(exercises.TOPICS)  # at least three exercises per notebook
    for check in CHECKS:
        assert callable(getattr(check, "diagnose", None)), check


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_reexported_by_the_package(check):
    assert getattr(exercises, check.__name__) is check


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("starter", [starter_dots, starter_raises])
def test_starters_are_not_attempted(check, starter):
    assert check.diagnose(starter).status == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_crash_is_feedback_not_an_exception(check):
    fb = check.diagnose(crashes)
    assert fb.status == WRONG
    assert "ZeroDivisionError" in fb.message


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("not_a_function", [3.0, 42])
def test_a_value_instead_of_a_function_is_wrong(check, not_a_function):
    assert check.diagnose(not_a_function).status == WRONG


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_printing_checker_prints_one_line(check, capsys):
    check(starter_dots)
    out = capsys.readouterr().out
    assert out.startswith("⏳ not attempted yet") and out.count("\n") == 1


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_a_checker_calls_only_the_function_it_is_given(check):
    calls = []

    def spy(*args):
        calls.append(args)
        raise NotImplementedError

    check.diagnose(spy)
    assert len(calls) == 1  # called once, then "not attempted": nothing else was run
