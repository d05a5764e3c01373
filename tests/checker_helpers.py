"""Shared pieces of the exercise-checker tests: starters, a crashing answer, an assertion."""

from gdlib.exercises import WRONG


def starter_dots(*args):
    """A starter whose body is still `...`."""
    ...


def starter_raises(*args):
    """A starter that still raises NotImplementedError."""
    raise NotImplementedError


def crashes(*args):
    """A learner's answer that raises; the checker must report it, not crash."""
    return 1 / 0


def assert_wrong(check, fn, *words):
    """The checker calls fn wrong and its message contains every one of words."""
    fb = check.diagnose(fn)
    assert fb.status == WRONG, fb
    for word in words:
        assert word in fb.message, (word, fb.message)
    return fb
