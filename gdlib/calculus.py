"""Numerical derivatives: the difference quotient, made careful.

    forward   f'(x) ≈ (f(x + h) - f(x)) / h           error shrinks like h
    backward  f'(x) ≈ (f(x) - f(x - h)) / h           error shrinks like h
    central   f'(x) ≈ (f(x + h) - f(x - h)) / (2h)    error shrinks like h²

A smaller h lowers the truncation error but raises the round-off error (two close
values of f are subtracted), so there is a best h: about sqrt(eps) ≈ 1.5e-8 for the
one-sided quotients and eps**(1/3) ≈ 6e-6 for the central one (eps = 2.2e-16,
the spacing of float64 numbers near 1).

A step below the spacing of floats at x, np.spacing(|x|), is an error: x + h would round
back to x (or to its neighbour), so the quotient would be round-off and nothing else.
Steps between that spacing and about 1e-8 are allowed on purpose: they show round-off
taking over, which notebook 01 measures.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from gdlib._validate import array, choice, function, positive, same_shape, scalar_result
from gdlib.i18n import _

__all__ = ["derivative", "gradient", "gradient_check", "default_step", "METHODS", "EPS"]

EPS = np.finfo(float).eps
METHODS = ("forward", "backward", "central")


def default_step(x, method: str = "central") -> np.ndarray:
    """The step h=None stands for: eps**(1/2) (one-sided) or eps**(1/3) (central), times max(1, |x|).

    Scaling by |x| keeps h a fixed *relative* change when x is large.
    """
    return _default_step(_point(x), choice("method", method, METHODS))


def _default_step(x: np.ndarray, method: str) -> np.ndarray:
    scale = np.maximum(1.0, np.abs(x))
    return (EPS ** (1 / 3) if method == "central" else EPS**0.5) * scale


def _point(x) -> np.ndarray:
    """x as a float array of finite numbers (lists accepted); a plain float takes a shortcut."""
    if type(x) is float and math.isfinite(x):
        return np.array(x)
    return array("x", x)


def _steps(x: np.ndarray, h, method: str):
    """The step: h=None stands for default_step(x); a given h must move x, and x ± h must stay finite."""
    far = abs(float(x)) if x.ndim == 0 else float(np.max(np.abs(x)))  # spacing grows with |x|: largest is tightest
    if h is None:
        rule = float(EPS ** (1 / 3) if method == "central" else EPS**0.5)
        if not math.isfinite(far + rule * max(1.0, far)):  # Python floats: inf, no warning
            raise ValueError(_("x is too large for a difference quotient: x ± h overflows (largest |x| = {far:g}, "
                               "the largest float is 1.8e308)").format(far=far))
        return _default_step(x, method)
    h = positive("h", h)
    gap = float(np.spacing(far))
    if h < gap:
        at = f"x={far:g}" if x.size == 1 else _("|x|={far:g} (the largest |x|)").format(far=far)
        raise ValueError(
            _("h={h:.3g} is below the spacing of floats at {at}, np.spacing({far:g}) = {gap:.3g}: x + h rounds "
              "back to x (or to its neighbour), so the quotient would be pure round-off. Use h >= {gap:.3g}, the "
              "smallest step that moves x; an accurate derivative needs much more, about "
              "{good:.2g} (h=None picks it)").format(
                h=h, at=at, far=far, gap=gap, good=float(_default_step(np.array(far), method)))
        )
    if not math.isfinite(far + h):
        raise ValueError(_("h={h:g} is too large for x: |x| + h = {far:g} + {h:g} is beyond the largest float").format(
            h=h, far=far))
    return h


def _numbers_returned(value, *, what: str, at: Callable[[], str]) -> np.ndarray:
    """What a user's function returned, as floats; TypeError if it is not numbers at all.

    at() says where the function was called; it is only formatted for the error message.
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(_("{what} must return numbers, but {at} it returned {value!r}").format(
            what=what, at=at(), value=value) + (_(" (a missing return?)") if value is None else ""))
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{what} must return numbers, but {at} it returned {value!r}").format(
            what=what, at=at(), value=value)) from None


def _finite_values(values: np.ndarray, points: np.ndarray) -> None:
    """f's values at the points it was evaluated on must be finite: else say where f failed."""
    if not np.isfinite(values).all():
        i = int(np.flatnonzero(~np.isfinite(values))[0])
        raise ValueError(
            _("f must return finite numbers near x, but f({point:.6g}) = {value}: the quotient "
              "evaluates f at x - h and/or x + h, and both must lie where f is defined (at the edge of f's "
              "domain, e.g. sqrt at 0, use method='forward' or 'backward')").format(
                point=points.flat[i], value=values.flat[i])
        )


def _call_elementwise(f: Callable, x: np.ndarray) -> np.ndarray:
    """f(x) for a scalar or an array x, insisting on one finite output per input."""
    if x.ndim == 0:
        out = np.asarray(scalar_result(f(float(x)), what="f"))
        if not math.isfinite(out):
            _finite_values(out, x)
        return out
    try:
        raw = f(x)
    except (TypeError, ValueError) as err:  # e.g. math.sin, or `if x > 0`, on an array
        kind = TypeError if isinstance(err, TypeError) else ValueError
        raise kind(
            _("f must work elementwise on arrays: called with an array x of shape {x_shape} it raised "
              "{error}: {err}. Write f with numpy operations (np.sin, np.where, **, ...) "
              "or pass one x at a time.").format(x_shape=x.shape, error=type(err).__name__, err=err)
        ) from err
    out = _numbers_returned(raw, what="f", at=lambda: _("for an array x of shape {x_shape}").format(x_shape=x.shape))
    if out.shape != x.shape:
        raise ValueError(
            _("f must work elementwise: for x of shape {x_shape} it must return the same shape, "
              "but it returned shape {out_shape}. Write f with numpy operations "
              "(np.sin, **, ...) or pass one x at a time.").format(x_shape=x.shape, out_shape=out.shape)
        )
    _finite_values(out, x)
    return out


def derivative(f: Callable, x, h: float | None = None, method: str = "central"):
    """Numerical derivative f'(x) by a difference quotient.

        forward   (f(x + h) - f(x)) / h
        backward  (f(x) - f(x - h)) / h
        central   (f(x + h) - f(x - h)) / (2h)

    x may be a number or an array (then f must work elementwise and the result has
    x's shape). h=None picks a good step (see default_step). The quotient divides by
    the step the computer actually took, (x + h) - x, which removes the error of
    rounding x + h.

    Errors: method not one of METHODS; f not callable, not elementwise, or not finite at
    x ± h; x not finite numbers; h not > 0, below the float spacing at x, or so large
    that x ± h overflows.
    """
    method = choice("method", method, METHODS)
    function("f", f, what=_("of x, e.g. f(x) = x**2"))
    x = _point(x)
    h = _steps(x, h, method)
    if method == "forward":
        lo, hi = x, x + h
    elif method == "backward":
        lo, hi = x - h, x
    else:
        lo, hi = x - h, x + h
    with np.errstate(over="ignore"):
        run = hi - lo  # the step actually taken: x ± h rounded, or inf when x ± h is beyond float range
    if not np.all(np.isfinite(run)):
        raise ValueError(_("h={h:g} is too large: the two points x ± h are farther apart than the "
                           "largest float; use a step much smaller than |x| (h=None picks a good one)").format(
                             h=float(np.max(h))))
    slope = (_call_elementwise(f, hi) - _call_elementwise(f, lo)) / run
    return float(slope) if slope.ndim == 0 else slope


def gradient(f: Callable, x, h: float | None = None) -> np.ndarray:
    """Numerical gradient of a scalar function f at the point x, by central differences.

        ∂f/∂x_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2h)      for every coordinate i

    (e_i is the unit vector along coordinate i.) Costs 2·d evaluations of f for x in R^d.
    x may have any shape (a matrix of weights too); the gradient has x's shape.

    Errors: f not callable, not scalar-valued, or not finite at x ± h e_i; x not finite
    numbers; h not > 0, below the float spacing at x, or so large that x ± h overflows.
    """
    function("f", f, what=_("of a point x that returns one number"))
    x = _point(x)
    return _gradient(f, x, _steps(x, h, "central"))


def _gradient(f: Callable, x: np.ndarray, h) -> np.ndarray:
    """gradient() for a checked x and step h (a number, or default_step's array)."""
    steps = h if isinstance(h, np.ndarray) else np.full(x.shape, h)
    try:  # fail early, with a clear message, if f is not scalar-valued
        at_x = scalar_result(f(x.copy()), what="f")
    except ValueError as exc:  # often an x of another shape than f expects: say which x it was
        raise ValueError(_("{exc} at x of shape {x_shape}: is x the kind of point f takes?").format(
            exc=exc, x_shape=x.shape)) from exc
    if not math.isfinite(at_x):
        raise ValueError(_("f must return finite numbers near x, but at x itself f(x) = {at_x}: "
                           "f has no gradient there").format(at_x=at_x))
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += steps[i]
        xm[i] -= steps[i]
        fp, fm = scalar_result(f(xp), what="f"), scalar_result(f(xm), what="f")
        if not (math.isfinite(fp) and math.isfinite(fm)):
            bad, value = (xp, fp) if not math.isfinite(fp) else (xm, fm)
            along = "" if x.ndim == 0 else _(" along coordinate {coordinate}").format(
                coordinate=i[0] if x.ndim == 1 else i)
            raise ValueError(
                _("f must return finite numbers near x, but one step h{along} away "
                  "f({point}) = {value}: "
                  "f must be defined (and not overflow) within h of x").format(
                    along=along, point=' '.join(np.array2string(bad, precision=6).split()), value=value)
            )
        g[i] = (fp - fm) / (xp[i] - xm[i])
    return g


def gradient_check(f: Callable, grad: Callable, x, h: float | None = None, tol: float | None = None) -> float:
    """Relative error between an analytic gradient grad(x) and the numerical one.

        error = ||g_analytic - g_numeric|| / max(||g_analytic||, ||g_numeric||)

    (0 when both are zero). Below ~1e-7 the analytic gradient is almost surely right;
    above ~1e-3 it is almost surely wrong. With tol given, an error above tol raises
    AssertionError that shows both gradients.

    A grad(x) that is not finite (nan or inf) is a ValueError naming grad, with or without
    tol: no relative error can be measured against it, and returning nan would pass any
    `error < tol` test. So are: f or grad not callable, grad(x) not of x's shape, x not
    finite numbers, h or tol not > 0, and the errors of gradient() for f.
    """
    function("f", f, what=_("of a point x that returns one number"))
    function("grad", grad, what=_("of a point x that returns the gradient (an array of x's shape)"))
    x = _point(x)
    h = _steps(x, h, "central")
    if tol is not None:
        tol = positive("tol", tol)
    analytic = _numbers_returned(grad(x.copy()), what="grad", at=lambda: _("at x={x}").format(x=x))
    same_shape("grad(x)", analytic, "x", x, owner="gradient_check")
    if not np.isfinite(analytic).all():
        raise ValueError(_("gradient_check: grad must return finite numbers, but at x={x} grad(x) = {analytic}: "
                           "a nan or inf gradient cannot be compared (look for a division by zero or an overflow)"
                           ).format(x=x, analytic=analytic))
    numeric = _gradient(f, x, h)
    with np.errstate(over="ignore", invalid="ignore"):  # overflowing norms are measured again below
        scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
        error = 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)
    if not math.isfinite(error):  # the norms overflowed (entries near 1e154 or more): measure in units of the largest
        unit = max(np.max(np.abs(analytic)), np.max(np.abs(numeric)))
        a, n = analytic / unit, numeric / unit
        error = float(np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n)))
    if tol is not None and error > tol:
        raise AssertionError(
            _("gradient check failed at x={x}: analytic {analytic}, numeric {numeric}, "
              "relative error {error:.1e} > {tol:g}").format(
                x=x, analytic=analytic, numeric=numeric, error=error, tol=tol)
        )
    return error
