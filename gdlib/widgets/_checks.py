"""Argument checks shared by the explorers (private to gdlib.widgets).

Two kinds of explorer argument sit on a slider, and they are treated differently:

- a *setting* of the method (learning rate α, ε, step h, angle θ, seed): a value outside the
  slider's range is a ValueError that names the range (α = 10 on a slider that ends at 1
  would otherwise be clamped to 1 without a word);
- a *start point*, i.e. a position in the plotted space (x₀, (x, y), μ, σ): a value outside
  the slider widens the slider and the plotted window to show it, within REACH half-widths.

Every message names the argument, shows the value received and says what was expected.
These complete gdlib._validate (which they use) with what only explorers need.
"""

from __future__ import annotations

import inspect
import math
import numbers

import ipywidgets as w
import numpy as np

from gdlib._validate import array, positive, real
from gdlib.i18n import _

__all__ = ["text", "option", "setting", "whole", "steps", "start", "number", "floats", "finite_result", "show",
           "slider_span", "format_spec", "check_controls", "check_draw_takes", "figsize_pair"]

# Each redraw reruns every step of the run, so a longer run makes the explorer unresponsive.
MAX_STEPS = 10_000

# A start point outside its slider widens the slider and the plot, up to this many times
# the slider's half-width from its centre; farther out is an error.
REACH = 10


def text(name: str, value, *, owner: str) -> str:
    """A str (titles, descriptions, labels), or TypeError."""
    if not isinstance(value, str):
        raise TypeError(_("{owner}: {name} must be a str, got {name}={value}").format(
            owner=owner, name=name, value=show(value)))
    return value


def option(name: str, value, options, *, owner: str):
    """The name of one of the options (a function, a problem...): TypeError if not a str,
    ValueError listing the options if unknown."""
    options = list(options)
    if not isinstance(value, str):
        raise TypeError(_("{owner}: {name} must be the name of one of {options} (a str), got {name}={value}").format(
            owner=owner, name=name, options=", ".join(map(repr, options)), value=show(value)))
    if value not in options:
        raise ValueError(_("{owner}: {name} must be one of {options}, got {name}={value}").format(
            owner=owner, name=name, options=", ".join(map(repr, options)), value=show(value)))
    return value


def setting(name: str, value, lo: float, hi: float, *, control: str, owner: str) -> float:
    """A setting of the method (α, ε, h, θ) that a slider controls: outside the slider's range
    it is a ValueError naming the range, never a silent clamp to the nearest end."""
    value = real(name, value, owner=owner)
    if not lo <= value <= hi:
        raise ValueError(_("{owner}: {name} must be in [{lo:g}, {hi:g}] (the range of the '{control}' slider), "
                           "got {name}={value!r}").format(owner=owner, name=name, lo=lo, hi=hi, control=control,
                                                          value=value))
    return value


def whole(name: str, value, lo: int, hi: int | None = None, *, owner: str, why: str = "") -> int:
    """A whole number in lo..hi (hi None: no upper bound; why: where the bounds come from)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(_("{owner}: {name} must be a whole number, got {name}={value}").format(
            owner=owner, name=name, value=show(value)))
    if value < lo or (hi is not None and value > hi):
        because = f" ({why})" if why else ""
        if hi is None:
            message = _("{owner}: {name} must be >= {lo}{because}, got {name}={value!r}")
        else:
            message = _("{owner}: {name} must be in {lo}..{hi}{because}, got {name}={value!r}")
        raise ValueError(message.format(owner=owner, name=name, lo=lo, hi=hi, because=because, value=value))
    return int(value)


def steps(value, *, owner: str) -> int:
    """The length of a run that every move of a slider reruns: a whole number in 1..MAX_STEPS."""
    return whole("steps", value, 1, MAX_STEPS, owner=owner,
                 why=_("every move of a slider reruns all the steps"))


def start(name: str, value, span: tuple[float, float], step: float, window: tuple[float, float] | None = None,
          *, owner: str, lowest: float | None = None):
    """A start point (a position in the plotted space), with its slider's span and the plotted
    window widened to show it.

    Returns (value, span, window). Inside span nothing changes. Outside, the span is extended on
    that side to the multiple of step just beyond the value, and the window by the same amount,
    so the margin between slider and plot stays as designed. The span may grow up to REACH
    half-widths from its centre (and not below lowest, e.g. for a standard deviation); farther
    out is a ValueError naming those limits.
    """
    value = real(name, value, owner=owner)
    lo, hi = span
    if lo <= value <= hi:
        return value, span, window
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    far_lo, far_hi = centre - REACH * half, centre + REACH * half
    if lowest is not None:
        far_lo = max(far_lo, lowest)
    slack = 1e-12 * max(abs(far_lo), abs(far_hi), 1.0)  # the limits themselves are allowed, up to rounding
    if not far_lo - slack <= value <= far_hi + slack:
        raise ValueError(_("{owner}: {name} must be in [{far_lo:g}, {far_hi:g}] (a value outside the slider's "
                           "range [{lo:g}, {hi:g}] widens the slider and the plot, up to these limits), "
                           "got {name}={value!r}").format(owner=owner, name=name, far_lo=far_lo, far_hi=far_hi,
                                                          lo=lo, hi=hi, value=value))
    # round away the float dust of step multiples (-3.8000000000000003 -> -3.8)
    new_lo = min(lo, round(math.floor(value / step) * step, 10))
    new_hi = max(hi, round(math.ceil(value / step) * step, 10))
    if lowest is not None and new_lo < lowest:
        new_lo = value
    new_lo, new_hi = min(new_lo, value), max(new_hi, value)  # in case rounding crossed the value
    if window is not None:
        window = (round(window[0] - (lo - new_lo), 10), round(window[1] + (new_hi - hi), 10))
    return value, (new_lo, new_hi), window


def number(name: str, value, *, owner: str, above_zero: bool = False) -> float:
    """A finite real number (> 0 with above_zero): _validate.real / positive, with a fast path
    for a plain float, because these run on every redraw."""
    if isinstance(value, float) and (0 < value < math.inf if above_zero else math.isfinite(value)):
        return value
    return positive(name, value, owner=owner) if above_zero else real(name, value, owner=owner)


def floats(name: str, value, *, owner: str, ndim: int | None = None) -> np.ndarray:
    """value as a float array (no copy when it is one), TypeError for what is not numbers,
    ValueError for the wrong number of dimensions. Finiteness is checked on the result by
    finite_result, which is cheaper than a pass over every input (these run on every redraw)."""
    if isinstance(value, str | bytes | dict | set) or value is None:
        raise TypeError(_("{owner}: {name} must be an array of numbers, got {name}={value}").format(
            owner=owner, name=name, value=show(value)))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{owner}: {name} must be an array of numbers, got {name}={value}").format(
            owner=owner, name=name, value=show(value))) from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(_("{owner}: {name} must be a {ndim}-D array, got shape {shape}").format(
            owner=owner, name=name, ndim=ndim, shape=arr.shape))
    return arr


def finite_result(result, inputs: dict, *, owner: str, what: str):
    """result, if every entry is finite. If not, say why: an input with nan or inf (named), or
    else finite inputs whose result overflows (what: the quantity, for the message)."""
    if isinstance(result, np.ndarray) and result.ndim > 0:
        if np.isfinite(result).all():
            return result
    elif math.isfinite(result):  # a scalar: math is much cheaper than a numpy ufunc
        return result
    for name, value in inputs.items():
        array(name, value, owner=owner, min_size=0)  # raises, naming the input with nan or inf
    raise ValueError(_("{owner}: {what} is not finite (it overflows) for these inputs: {inputs}").format(
        owner=owner, what=what, inputs=", ".join(f"{name}={show(value)}" for name, value in inputs.items())))


def show(value, limit: int = 60) -> str:
    """repr(value) on one line, cut at limit characters (an array argument can be long)."""
    shown = " ".join(repr(value).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def slider_span(owner: str, value, lo, hi) -> tuple[float, float, float]:
    """(lo, hi, value) as floats with lo < hi and lo <= value <= hi (a widget would clamp)."""
    lo, hi = real("lo", lo, owner=owner), real("hi", hi, owner=owner)
    if not lo < hi:
        raise ValueError(_("{owner}: lo must be < hi, got lo={lo!r} and hi={hi!r}").format(owner=owner, lo=lo, hi=hi))
    value = real("value", value, owner=owner)
    if not lo <= value <= hi:
        raise ValueError(_("{owner}: value must be in [lo, hi] = [{lo:g}, {hi:g}] (a slider never clamps), "
                           "got value={value!r}").format(owner=owner, lo=lo, hi=hi, value=value))
    return lo, hi, value


def format_spec(owner: str, fmt, value: float) -> None:
    """fmt formats a float (the readout would otherwise fail at the first redraw)."""
    text("fmt", fmt, owner=owner)
    try:
        format(value, fmt)
    except ValueError:
        raise ValueError(_("{owner}: fmt must be a format spec for a float, like '.2f' or '.3g', "
                           "got fmt={fmt!r}").format(owner=owner, fmt=fmt)) from None


def check_controls(controls) -> None:
    """A non-empty dict {keyword name: ipywidgets control with a value}."""
    if not isinstance(controls, dict):
        raise TypeError(_("Explorer: controls must be a dict {{name: control}}, got controls={controls}").format(
            controls=show(controls)))
    if not controls:
        raise ValueError(_("Explorer: controls must hold at least one control, got controls={{}}").format())
    for name, control in controls.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError(_("Explorer: every key of controls must be a name draw() takes as a keyword, "
                              "got the key {key}").format(key=show(name)))
        if not isinstance(control, w.ValueWidget):
            raise TypeError(_("Explorer: controls[{name!r}] must be an ipywidgets control with a value "
                              "(a slider, a dropdown...), got {control}").format(name=name, control=show(control)))


def check_draw_takes(draw, controls: dict) -> None:
    """draw(fig, **values) must take fig and one keyword per control, and need nothing else."""
    try:
        params = list(inspect.signature(draw).parameters.values())
    except (TypeError, ValueError):  # some builtins have no signature: nothing to check
        return
    kind = inspect.Parameter
    if not params or params[0].kind not in (kind.POSITIONAL_ONLY, kind.POSITIONAL_OR_KEYWORD,
                                            kind.VAR_POSITIONAL):
        raise TypeError(_("Explorer: draw must take the figure as its first argument: draw(fig, **values)"))
    rest = params[1:] if params[0].kind != kind.VAR_POSITIONAL else params
    keywords = {p.name for p in rest if p.kind in (kind.POSITIONAL_OR_KEYWORD, kind.KEYWORD_ONLY)}
    if not any(p.kind == kind.VAR_KEYWORD for p in params):
        missing = [name for name in controls if name not in keywords]
        if missing:
            raise ValueError(_("Explorer: draw has no parameter for the control(s) {missing}; "
                               "it is called as draw(fig, {keywords})").format(
                                   missing=", ".join(map(repr, missing)),
                                   keywords=", ".join(f"{n}=..." for n in controls)))
    needed = [p.name for p in rest if p.name in keywords and p.default is p.empty and p.name not in controls]
    if needed:
        raise ValueError(_("Explorer: draw needs {needed}, but controls has no control of that name "
                           "(it has {names})").format(needed=", ".join(map(repr, needed)),
                                                      names=", ".join(map(repr, controls))))


def figsize_pair(figsize):
    """None, or (width, height) > 0 in inches."""
    if figsize is None:
        return None
    if isinstance(figsize, str) or not hasattr(figsize, "__len__") or len(figsize) != 2:
        raise TypeError(_("Explorer: figsize must be None or (width, height) in inches, got figsize={figsize}").format(
            figsize=show(figsize)))
    return tuple(positive(f"figsize[{i}]", v, owner="Explorer") for i, v in enumerate(figsize))
