"""Checkers for the exercises of the gradients notebook.

    check_partial_derivative(fn)    fn(f, x, i, h) -> (f(x + h e_i) - f(x - h e_i)) / (2h)
    check_gradient_formula(fn)      fn(p) -> ∇f(p) for f(x, y) = x²y + 3y² − 2x,
                                    i.e. (2xy − 2, x² + 6y)
    check_directional_derivative(fn)  fn(grad, p, v) -> ∇f(p) · v / ‖v‖
    check_relative_error(fn)        fn(a, b) -> ‖a − b‖ / max(‖a‖, ‖b‖)  (0 when both are 0)

Each checker runs the learner's function on a few cases and, when the answer is wrong,
compares it with the usual slips (the wrong coordinate, a one-sided quotient, a missing
factor, an unnormalised direction, another denominator) to say which one it looks like.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdlib.exercises._core import Stop, as_array, as_float, call, checker

__all__ = [
    "check_directional_derivative",
    "check_gradient_formula",
    "check_partial_derivative",
    "check_relative_error",
]


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-8, atol=1e-12))


def _fmt(v) -> str:
    return np.array2string(np.asarray(v, dtype=float) + 0.0, precision=4, separator=", ")


# --- 1. a partial derivative by central differences -------------------------------------------


def _f3(x):
    """A function of three variables whose partials all differ: x₀²x₁ + 3x₁ + sin(x₂)·x₀."""
    return x[0] ** 2 * x[1] + 3 * x[1] + np.sin(x[2]) * x[0]


_PARTIAL_CASES = [
    (np.array([1.0, 2.0, 0.5]), 0, 1e-3),
    (np.array([1.0, 2.0, 0.5]), 1, 1e-3),
    (np.array([-0.7, 1.5, 2.0]), 2, 1e-2),
]


def _partial_slips(f, x, i, h) -> dict[str, float]:
    """What the usual wrong versions of the partial derivative return."""
    e = np.zeros_like(x)
    e[i] = 1.0
    fp, f0, fm = f(x + h * e), f(x), f(x - h * e)
    ones = np.ones_like(x)
    return {
        "forward": (fp - f0) / h,
        "backward": (f0 - fm) / h,
        "no 2": (fp - fm) / h,
        "flipped": (fm - fp) / (2 * h),
        "not divided": fp - fm,
        "all coordinates": (f(x + h * ones) - f(x - h * ones)) / (2 * h),
    }


_PARTIAL_HINTS = {
    "forward": "that is the forward difference (f(x + h e_i) − f(x))/h; step to both sides: "
               "(f(x + h e_i) − f(x − h e_i)) / (2h)",
    "backward": "that is the backward difference (f(x) − f(x − h e_i))/h; step to both sides",
    "no 2": "that is twice the central difference: x + h e_i and x − h e_i are 2h apart, so "
            "divide by 2*h",
    "flipped": "the sign is flipped: subtract in the order f(x + h e_i) − f(x − h e_i)",
    "not divided": "you returned the rise f(x + h e_i) − f(x − h e_i) without dividing by 2h",
    "all coordinates": "you moved every coordinate by h (x + h); move only coordinate i: build "
                       "e = np.zeros_like(x); e[i] = 1 and use x ± h*e",
}


@checker("your partial derivative matches (f(x + h e_i) − f(x − h e_i)) / (2h) for every i")
def check_partial_derivative(fn: Callable) -> str | None:
    """fn(f, x, i, h) should return the central difference of f along coordinate i."""
    for x, i, h in _PARTIAL_CASES:
        got = as_float(call(fn, _f3, x, i, h), "partial_derivative(f, x, i, h)")
        e = np.zeros_like(x)
        e[i] = 1.0
        want = (_f3(x + h * e) - _f3(x - h * e)) / (2 * h)
        if _close(got, want):
            continue
        head = (f"for f(x) = x₀²x₁ + 3x₁ + sin(x₂)x₀ at x = {_fmt(x)}, i = {i}, h = {h} "
                f"you returned {got:.6f}, expected {want:.6f}")
        for j in range(len(x)):
            ej = np.zeros_like(x)
            ej[j] = 1.0
            if j != i and _close(got, (_f3(x + h * ej) - _f3(x - h * ej)) / (2 * h)):
                return (f"{head}: that is the partial derivative along coordinate {j}, not {i}; "
                        "coordinates are counted from 0, and e_i has its 1 at position i")
        for key, value in _partial_slips(_f3, x, i, h).items():
            if _close(got, value):
                return f"{head}: {_PARTIAL_HINTS[key]}"
        return f"{head}. Move only coordinate i, by +h and by −h, and divide the change in f by 2h"
    return None


# --- 2. an analytic gradient by hand ----------------------------------------------------------


def _grad_xy(p):
    x, y = p
    return np.array([2 * x * y - 2, x**2 + 6 * y])


_GRAD_POINTS = [np.array([2.0, 3.0]), np.array([-1.5, 0.5]), np.array([2.0, -3.0])]


def _dx_slips(x, y) -> dict[str, float]:
    return {
        "the y in x²y is a constant factor when you differentiate in x: ∂(x²y)/∂x = 2xy, "
        "not 2x (holding y fixed does not make it 0)": 2 * x - 2,
        "power rule: ∂(x²y)/∂x = 2xy; the exponent 2 comes down as a factor": x * y - 2,
        "sign: ∂(−2x)/∂x = −2": 2 * x * y + 2,
        "∂(−2x)/∂x = −2 is missing": 2 * x * y,
        "∂(3y²)/∂x = 0 (3y² does not contain x), and ∂(x²y)/∂x = 2xy": 2 * x * y + 6 * y - 2,
    }


def _dy_slips(x, y) -> dict[str, float]:
    return {
        "power rule: ∂(3y²)/∂y = 6y; the exponent 2 comes down as a factor": x**2 + 3 * y,
        "∂(x²y)/∂y = x² (x² is a constant factor when you differentiate in y)": 6 * y,
        "∂(x²y)/∂y = x², not 2xy: this time y is the variable and x is held fixed":
            2 * x * y + 6 * y,
        "∂(−2x)/∂y = 0: −2x does not contain y": x**2 + 6 * y - 2,
    }


@checker("your gradient (2xy − 2, x² + 6y) matches at every test point")
def check_gradient_formula(fn: Callable) -> str | None:
    """fn(p) should return ∇f(p) = (2xy − 2, x² + 6y) for f(x, y) = x²y + 3y² − 2x, p = (x, y)."""
    for p in _GRAD_POINTS:
        got = as_array(call(fn, p), (2,), "gradient_f(p)")
        want = _grad_xy(p)
        if _close(got, want):
            continue
        x, y = p
        head = f"at (x, y) = ({x:g}, {y:g}) you returned {_fmt(got)}, expected {_fmt(want)}"
        if _close(got, want[::-1]):
            return (f"{head}: the two components are swapped; the first is ∂f/∂x, the second "
                    "∂f/∂y")
        if _close(got, -want):
            return f"{head}: that is −∇f (every sign flipped); the gradient points uphill"
        if _close(got[0], want[0]):
            for hint, value in _dy_slips(x, y).items():
                if _close(got[1], value):
                    return f"{head}: ∂f/∂y is wrong. {hint}"
            return f"{head}: ∂f/∂x is right, ∂f/∂y is not; differentiate in y with x held fixed"
        if _close(got[1], want[1]):
            for hint, value in _dx_slips(x, y).items():
                if _close(got[0], value):
                    return f"{head}: ∂f/∂x is wrong. {hint}"
            return f"{head}: ∂f/∂y is right, ∂f/∂x is not; differentiate in x with y held fixed"
        return (f"{head}: both components are off. Differentiate term by term: x²y, 3y² and −2x, "
                "once in x (y fixed) and once in y (x fixed)")
    return None


# --- 3. the directional derivative ------------------------------------------------------------


def _grad_bowl(p):
    x, y = p
    return np.array([2 * x + y, x + 4 * y])


_DIR_CASES = [
    (np.array([1.0, 1.0]), np.array([3.0, 4.0])),
    (np.array([-2.0, 0.5]), np.array([0.0, -2.0])),
    (np.array([0.5, -1.0]), np.array([1.0, 1.0])),
]


@checker("your directional derivative ∇f(p) · v/‖v‖ matches for every direction")
def check_directional_derivative(fn: Callable) -> str | None:
    """fn(grad, p, v) should return ∇f(p) · u with u = v / ‖v‖ (v need not be a unit vector)."""
    for p, v in _DIR_CASES:
        result = call(fn, _grad_bowl, p, v)
        g = _grad_bowl(p)
        norm_v = float(np.linalg.norm(v))
        head0 = f"for ∇f(p) = {_fmt(g)} and v = {_fmt(v)}"
        if np.shape(result) == (2,):
            got_vec = np.asarray(result, dtype=float)
            if _close(got_vec, g * v / norm_v) or _close(got_vec, g * v):
                return (f"{head0} you returned the array {_fmt(got_vec)}, the products "
                        "component by component; add them up: the dot product ∇f · u is one number "
                        "(np.dot or @)")
            return (f"{head0} you returned the array {_fmt(got_vec)}; the directional derivative "
                    "is one number, ∇f(p) · u")
        got = as_float(result, "directional_derivative(grad, p, v)")
        want = float(g @ v) / norm_v
        if _close(got, want):
            continue
        head = f"{head0} you returned {got:.6f}, expected {want:.6f}"
        slips = {
            "you did not normalise v: use u = v / np.linalg.norm(v), so the rate is per unit of "
            "distance, not per length of v": float(g @ v),
            "you divided by ‖v‖²; divide by ‖v‖ once (u = v / ‖v‖ has length 1)":
                float(g @ v) / norm_v**2,
            "you returned ‖∇f‖, the largest possible rate; the rate in direction v is ∇f · u":
                float(np.linalg.norm(g)),
            "the sign is flipped: D_u f = ∇f · u, not −∇f · u": -want,
            "you normalised v by the sum of its entries; use the length np.linalg.norm(v)":
                float(g @ v) / float(np.sum(v)) if np.sum(v) != 0 else np.nan,
            "you normalised the gradient instead of v; u = v / ‖v‖ and ∇f stays as it is":
                float(g @ v) / float(np.linalg.norm(g)),
        }
        for hint, value in slips.items():
            if np.isfinite(value) and _close(got, value):
                return f"{head}: {hint}"
        return f"{head}. Compute u = v / ‖v‖, then the dot product grad(p) @ u"
    return None


# --- 4. the relative error of a gradient check ------------------------------------------------


_REL_CASES = [
    (np.array([3.0, -4.0]), np.array([3.0, -3.0])),
    (np.array([0.1, 0.2, 0.2]), np.array([0.4, 0.0, 0.0])),
    (np.array([-400.0, 200.0]), np.array([-399.9, 200.05])),
]


@checker("your relative error ‖a − b‖ / max(‖a‖, ‖b‖) matches, including when both are zero")
def check_relative_error(fn: Callable) -> str | None:
    """fn(a, b) should return ‖a − b‖ / max(‖a‖, ‖b‖), and 0.0 when a and b are both zero."""
    for a, b in _REL_CASES:
        result = call(fn, a, b)
        if np.shape(result) == a.shape:
            return (f"for a = {_fmt(a)}, b = {_fmt(b)} you returned an array of shape {a.shape}; "
                    "the relative error is one number: use the norms np.linalg.norm(a - b) etc.")
        got = as_float(result, "relative_error(a, b)")
        na, nb, nd = (float(np.linalg.norm(v)) for v in (a, b, a - b))
        want = nd / max(na, nb)
        if _close(got, want):
            continue
        head = f"for a = {_fmt(a)}, b = {_fmt(b)} you returned {got:.6g}, expected {want:.6g}"
        slips = {
            "wrong denominator: you divided by ‖a‖ only; divide by the larger norm, "
            "max(‖a‖, ‖b‖), so the result does not depend on which argument is which": nd / na,
            "wrong denominator: you divided by ‖b‖ only; divide by the larger norm, max(‖a‖, ‖b‖)":
                nd / nb,
            "wrong denominator: you divided by min(‖a‖, ‖b‖); use max": nd / min(na, nb),
            "wrong denominator: ‖a‖ + ‖b‖ is another convention (it gives half as much when "
            "a ≈ b); this course divides by max(‖a‖, ‖b‖)": nd / (na + nb),
            "wrong denominator: you divided by ‖a + b‖; use max(‖a‖, ‖b‖)":
                nd / float(np.linalg.norm(a + b)),
            "that is the absolute error ‖a − b‖; divide it by max(‖a‖, ‖b‖) to make it "
            "relative": nd,
            "you subtracted the norms, ‖a‖ − ‖b‖; take the norm of the difference, ‖a − b‖":
                abs(na - nb) / max(na, nb),
            "you used squared norms; take np.linalg.norm (the square root of the sum of squares)":
                nd**2 / max(na, nb) ** 2,
            "you used the largest componentwise error max|a_i − b_i|; use the norm ‖a − b‖":
                float(np.max(np.abs(a - b))) / max(na, nb),
        }
        for hint, value in slips.items():
            if _close(got, value):
                return f"{head}: {hint}"
        return f"{head}. Compute np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))"

    zero = np.zeros(3)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 is diagnosed below, not warned
            got = as_float(call(fn, zero, zero.copy()), "relative_error(0, 0)")
    except Stop as stop:
        if "ZeroDivisionError" not in stop.feedback.message:
            raise
        got = np.nan
    if not (np.isfinite(got) and got == 0.0):
        return (f"for a = b = 0 (two zero gradients, e.g. at a minimum) you returned {got}, "
                "expected 0.0: they agree perfectly, but max(‖a‖, ‖b‖) is 0; return 0.0 before "
                "dividing in that case")
    return None
