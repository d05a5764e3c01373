"""Numerical derivatives: the difference quotient, made careful.

    forward   f'(x) ≈ (f(x + h) - f(x)) / h           error shrinks like h
    backward  f'(x) ≈ (f(x) - f(x - h)) / h           error shrinks like h
    central   f'(x) ≈ (f(x + h) - f(x - h)) / (2h)    error shrinks like h²

A smaller h lowers the truncation error but raises the round-off error (two close
values of f are subtracted), so there is a best h: about sqrt(eps) ≈ 1.5e-8 for the
one-sided quotients and eps**(1/3) ≈ 6e-6 for the central one (eps = 2.2e-16,
the spacing of float64 numbers near 1).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdlib._validate import finite_array, positive, same_shape, scalar_result

EPS = np.finfo(float).eps
METHODS = ("forward", "backward", "central")


def default_step(x, method: str = "central") -> np.ndarray:
    """The step h=None stands for: eps**(1/2) (one-sided) or eps**(1/3) (central), times max(1, |x|).

    Scaling by |x| keeps h a fixed *relative* change when x is large.
    """
    scale = np.maximum(1.0, np.abs(np.asarray(x, dtype=float)))
    return (EPS ** (1 / 3) if method == "central" else EPS**0.5) * scale


def _call_elementwise(f: Callable, x: np.ndarray) -> np.ndarray:
    """f(x) for a scalar or an array x, insisting on one output per input."""
    if x.ndim == 0:
        return np.asarray(scalar_result(f(float(x)), what="f"))
    out = np.asarray(f(x), dtype=float)
    if out.shape != x.shape:
        raise ValueError(
            f"f must work elementwise: for x of shape {x.shape} it must return the same shape, "
            f"but it returned shape {out.shape}. Write f with numpy operations "
            "(np.sin, **, ...) or pass one x at a time."
        )
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
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got method={method!r}")
    x = finite_array("x", x)
    h = default_step(x, method) if h is None else positive("h", h)
    if method == "forward":
        lo, hi = x, x + h
    elif method == "backward":
        lo, hi = x - h, x
    else:
        lo, hi = x - h, x + h
    slope = (_call_elementwise(f, hi) - _call_elementwise(f, lo)) / (hi - lo)
    return float(slope) if slope.ndim == 0 else slope


def gradient(f: Callable, x, h: float | None = None) -> np.ndarray:
    """Numerical gradient of a scalar function f at the point x, by central differences.

        ∂f/∂x_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2h)      for every coordinate i

    (e_i is the unit vector along coordinate i.) Costs 2·d evaluations of f for x in R^d.
    """
    x = finite_array("x", x)
    scalar_result(f(x), what="f")  # fail early, with a clear message, if f is not scalar-valued
    g = np.empty_like(x)
    steps = default_step(x, "central") if h is None else np.full(x.shape, positive("h", h))
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += steps[i]
        xm[i] -= steps[i]
        g[i] = (scalar_result(f(xp), what="f") - scalar_result(f(xm), what="f")) / (xp[i] - xm[i])
    return g


def gradient_check(f: Callable, grad: Callable, x, h: float | None = None, tol: float | None = None) -> float:
    """Relative error between an analytic gradient grad(x) and the numerical one.

        error = ||g_analytic - g_numeric|| / max(||g_analytic||, ||g_numeric||)

    (0 when both are zero). Below ~1e-7 the analytic gradient is almost surely right;
    above ~1e-3 it is almost surely wrong. With tol given, an error above tol raises
    AssertionError that shows both gradients.
    """
    x = finite_array("x", x)
    analytic = np.asarray(grad(x), dtype=float)
    same_shape("grad(x)", analytic, "x", x, owner="gradient_check")
    numeric = gradient(f, x, h)
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric))
    error = 0.0 if scale == 0 else float(np.linalg.norm(analytic - numeric) / scale)
    if tol is not None and error > positive("tol", tol):
        raise AssertionError(
            f"gradient check failed at x={x}: analytic {analytic}, numeric {numeric}, "
            f"relative error {error:.1e} > {tol:g}"
        )
    return error
