"""Argument checks shared by gdlib's modules.

Every message names the argument, shows the value received and says what was
expected, so a learner can fix the call without reading this file.
"""

from __future__ import annotations

import numbers

import numpy as np


def _is_real(value) -> bool:
    # bool is an int subclass; lr=True is a typo, never a learning rate
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(name: str, value, *, owner: str = "") -> float:
    """Return value as float, or raise TypeError if it is not a real number."""
    prefix = f"{owner}: " if owner else ""
    if not _is_real(value) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        raise TypeError(f"{prefix}{name} must be a real number, got {name}={value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{prefix}{name} must be finite, got {name}={value!r}")
    return value


def positive(name: str, value, *, owner: str = "") -> float:
    """A finite real number > 0 (learning rates, step sizes)."""
    value = real(name, value, owner=owner)
    if not value > 0:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(f"{prefix}{name} must be > 0, got {name}={value!r}")
    return value


def in_range(name: str, value, low: float, high: float, *, owner: str = "") -> float:
    """A finite real number in the half-open interval [low, high)."""
    value = real(name, value, owner=owner)
    if not low <= value < high:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(f"{prefix}{name} must be in [{low:g}, {high:g}), got {name}={value!r}")
    return value


def count(name: str, value, *, minimum: int = 0) -> int:
    """A whole number >= minimum (step counts, epochs, batch sizes)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {name}={value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {name}={value!r}")
    return int(value)


def finite_array(name: str, value) -> np.ndarray:
    """A float array with every entry finite (starting points, data)."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {name}={value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no nan or inf), got {name}={value!r}")
    return arr


def scalar_result(value, *, what: str) -> float:
    """Turn a function's return value into a float, or say that it was not a scalar.

    A size-1 array counts as a scalar, so f(w) = w**2 works for w of shape (1,).
    """
    arr = np.asarray(value)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number) or arr.size != 1:
        shape = getattr(value, "shape", None)
        got = f"an array of shape {shape}" if shape is not None else repr(value)
        raise ValueError(f"{what} must return a scalar (one number), but it returned {got}")
    return float(arr.reshape(()))


def same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray, *, owner: str = "") -> None:
    if a.shape != b.shape:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(
            f"{prefix}{name_a} and {name_b} must have the same shape, "
            f"got {name_a}.shape={a.shape} and {name_b}.shape={b.shape}"
        )
