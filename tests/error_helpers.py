"""Shared pieces of the bad-input tests: one assertion for "this call raises that error, and its
message says these words", and one for "a module's __all__ lists its public functions"."""

import pytest


def raises(error, words, call, *args, **kwargs) -> str:
    """call(*args, **kwargs) raises error, and its message holds every one of words; returns it."""
    with pytest.raises(error) as info:
        call(*args, **kwargs)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    return message


def assert_all_lists_the_public_functions(module) -> None:
    public = {name for name, value in vars(module).items() if callable(value) and not name.startswith("_")
              and getattr(value, "__module__", "") == module.__name__}
    assert set(module.__all__) == public
