"""Argument checks shared by gdlib's modules.

Every message names the argument, shows the value received and says what was
expected, so a learner can fix the call without reading this file.
"""

from __future__ import annotations

import numbers

import numpy as np

from gdlib.i18n import _, ngettext


def _is_real(value) -> bool:
    # bool is an int subclass; lr=True is a typo, never a learning rate
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(name: str, value, *, owner: str = "") -> float:
    """Return value as float, or raise TypeError if it is not a real number."""
    prefix = f"{owner}: " if owner else ""
    if not _is_real(value) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        raise TypeError(_("{prefix}{name} must be a real number, got {name}={value!r}").format(
            prefix=prefix, name=name, value=value))
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(_("{prefix}{name} must be finite, got {name}={value!r}").format(
            prefix=prefix, name=name, value=value))
    return value


def positive(name: str, value, *, owner: str = "") -> float:
    """A finite real number > 0 (learning rates, step sizes)."""
    value = real(name, value, owner=owner)
    if not value > 0:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(_("{prefix}{name} must be > 0, got {name}={value!r}").format(
            prefix=prefix, name=name, value=value))
    return value


def in_range(name: str, value, low: float, high: float, *, owner: str = "") -> float:
    """A finite real number in the half-open interval [low, high)."""
    value = real(name, value, owner=owner)
    if not low <= value < high:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(_("{prefix}{name} must be in [{low:g}, {high:g}), got {name}={value!r}").format(
            prefix=prefix, name=name, low=low, high=high, value=value))
    return value


def count(name: str, value, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number >= minimum (step counts, epochs, batch sizes), and <= maximum if given."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(_("{name} must be a whole number, got {name}={value!r}").format(name=name, value=value))
    if value < minimum:
        raise ValueError(_("{name} must be >= {minimum}, got {name}={value!r}").format(
            name=name, minimum=minimum, value=value))
    if maximum is not None and value > maximum:
        raise ValueError(_("{name} must be <= {maximum:,}, got {name}={value!r}").format(
            name=name, maximum=maximum, value=value))
    return int(value)


MAX_EXAMPLES = 10**8  # data sets and index arrays larger than this do not fit in a learner's memory


def _float_array(value) -> np.ndarray:
    """value as a new float array; TypeError for text ('1.5' is not a number here), a lone
    boolean, None, or anything numpy cannot read as numbers."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_, dict, set)):
        raise TypeError
    raw = np.asarray(value)
    if raw.dtype.kind in "USV" or (raw.dtype.kind == "O" and any(isinstance(v, (str, bytes)) for v in raw.flat)):
        raise TypeError
    return np.array(raw, dtype=float)


def finite_array(name: str, value) -> np.ndarray:
    """A float array with every entry finite (starting points, data)."""
    try:
        arr = _float_array(value)
    except (TypeError, ValueError):
        raise TypeError(_("{name} must be a number or an array of numbers, got {name}={value!r}").format(
            name=name, value=value)) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(_("{name} must contain only finite numbers (no nan or inf), got {name}={value!r}").format(
            name=name, value=value))
    return arr


def scalar_result(value, *, what: str) -> float:
    """Turn a function's return value into a float, or say that it was not a scalar.

    A size-1 array counts as a scalar, so f(w) = w**2 works for w of shape (1,).
    """
    arr = np.asarray(value)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number) or arr.size != 1:
        shape = getattr(value, "shape", None)
        got = _("an array of shape {shape}").format(shape=shape) if shape is not None else repr(value)
        raise ValueError(_("{what} must return a scalar (one number), but it returned {got}").format(
            what=what, got=got))
    return float(arr.reshape(()))


def same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray, *, owner: str = "") -> None:
    if a.shape != b.shape:
        prefix = f"{owner}: " if owner else ""
        raise ValueError(
            _("{prefix}{name_a} and {name_b} must have the same shape, "
              "got {name_a}.shape={a_shape} and {name_b}.shape={b_shape}").format(
                prefix=prefix, name_a=name_a, name_b=name_b, a_shape=a.shape, b_shape=b.shape)
        )


def _prefix(owner: str) -> str:
    return f"{owner}: " if owner else ""


def _show(value, limit: int = 60) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def function(name: str, value, *, what: str = "", owner: str = ""):
    """A callable, or TypeError saying what kind of function was expected."""
    if not callable(value):
        expected = _("a function {what}").format(what=what) if what else _("a function")
        raise TypeError(_("{prefix}{name} must be {expected}, got {name}={value}").format(
            prefix=_prefix(owner), name=name, expected=expected, value=_show(value)))
    return value


def choice(name: str, value, options, *, owner: str = ""):
    """One of a fixed set of options (names of methods, problems, rules...)."""
    options = list(options)
    try:
        ok = any(value is option or (type(value) is type(option) and value == option) for option in options)
    except (TypeError, ValueError):  # e.g. an array, whose == is elementwise
        ok = False
    if not ok:
        raise ValueError(_("{prefix}{name} must be one of {options}, got {name}={value}").format(
            prefix=_prefix(owner), name=name, options=", ".join(map(repr, options)), value=_show(value)))
    return value


def array(name: str, value, *, ndim: int | tuple[int, ...] | None = None, owner: str = "",
          min_size: int = 1) -> np.ndarray:
    """A finite float array (lists accepted) with the given number of dimensions and at least
    min_size entries; TypeError for what is not numbers, ValueError for nan/inf, shape or size."""
    try:
        arr = _float_array(value)
    except (TypeError, ValueError):
        raise TypeError(_("{prefix}{name} must be an array of numbers, got {name}={value}").format(
            prefix=_prefix(owner), name=name, value=_show(value))) from None
    dims = (ndim,) if isinstance(ndim, int) else ndim
    if dims is not None and arr.ndim not in dims:
        want = _(" or ").join(f"{d}-D" for d in dims)
        raise ValueError(_("{prefix}{name} must be a {want} array, got shape {shape}").format(
            prefix=_prefix(owner), name=name, want=want, shape=arr.shape))
    if arr.size < min_size:
        raise ValueError(ngettext("{prefix}{name} must have at least {n} entry, got shape {shape}",
                                  "{prefix}{name} must have at least {n} entries, got shape {shape}", min_size).format(
            prefix=_prefix(owner), name=name, n=min_size, shape=arr.shape))
    if not np.all(np.isfinite(arr)):
        raise ValueError(_("{prefix}{name} must contain only finite numbers (no nan or inf); "
                           "{n_bad} of its {size} entries are not").format(
            prefix=_prefix(owner), name=name, n_bad=int(np.sum(~np.isfinite(arr))), size=arr.size))
    return arr


def rows_match(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray, *, owner: str = "") -> None:
    """a and b have one row per example: the same length along the first axis."""
    if len(a) != len(b):
        raise ValueError(_("{prefix}{name_a} and {name_b} must have one row per example: "
                           "{name_a} has {n_a} rows, {name_b} has {n_b}").format(
            prefix=_prefix(owner), name_a=name_a, name_b=name_b, n_a=len(a), n_b=len(b)))


def binary(name: str, value, *, owner: str = "") -> np.ndarray:
    """An array of labels that are all 0 or 1."""
    arr = array(name, value, owner=owner)
    if not np.all((arr == 0) | (arr == 1)):
        bad = arr[(arr != 0) & (arr != 1)]
        raise ValueError(_("{prefix}{name} must contain only the labels 0 and 1, got e.g. {bad:g}").format(
            prefix=_prefix(owner), name=name, bad=bad[0]))
    return arr


def probability(name: str, value, *, owner: str = "", open_interval: bool = True) -> float:
    """A probability: in (0, 1) (open_interval) or in [0, 1]."""
    p = real(name, value, owner=owner)
    ok = 0 < p < 1 if open_interval else 0 <= p <= 1
    if not ok:
        interval = "(0, 1)" if open_interval else "[0, 1]"
        raise ValueError(_("{prefix}{name} must be a probability in {interval}, got {name}={value!r}").format(
            prefix=_prefix(owner), name=name, interval=interval, value=value))
    return p


def closed_range(name: str, value, low: float, high: float, *, owner: str = "") -> float:
    """A finite real number in the closed interval [low, high]."""
    value = real(name, value, owner=owner)
    if not low <= value <= high:
        raise ValueError(_("{prefix}{name} must be in [{low:g}, {high:g}], got {name}={value!r}").format(
            prefix=_prefix(owner), name=name, low=low, high=high, value=value))
    return value
