"""Checkers for the exercises of the derivatives notebook.

    check_forward_difference(fn)   fn(f, x, h) -> (f(x + h) - f(x)) / h
    check_central_difference(fn)   fn(f, x, h) -> (f(x + h) - f(x - h)) / (2h)
    check_tangent_line(fn)         fn(f, dfdx, x0, x) -> f(x0) + f'(x0) (x - x0)
    check_best_step(fn)            fn(f, dfdx, x, hs) -> the h in hs with the smallest
                                   forward-difference error |quotient - f'(x)|

Each checker runs the learner's function on a few cases and, when the answer is wrong,
compares it with the usual slips (another quotient, a missing factor, a flipped sign)
to say which one it looks like.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdlib.exercises._core import as_array, as_float, call, checker

__all__ = [
    "check_best_step",
    "check_central_difference",
    "check_forward_difference",
    "check_tangent_line",
]


def _cubic(x):
    return x * x * x - 2 * x


def _dcubic(x):
    return 3 * x * x - 2


def _quartic(x):
    return x * x * x * x + x


def _dquartic(x):
    return 4 * x * x * x + 1


# (name shown in messages, f, f') for the quotient exercises
_CASES = [
    ("f(x) = x³ − 2x", _cubic, _dcubic, 2.0, 0.1),
    ("f(x) = x⁴ + x", _quartic, _dquartic, -1.0, 0.05),
]


def _slips(f, df, x, h) -> dict[str, float]:
    """What the usual wrong versions of a difference quotient return, with a hint each."""
    fp, f0, fm = f(x + h), f(x), f(x - h)
    return {
        "forward": (fp - f0) / h,
        "backward": (f0 - fm) / h,
        "central": (fp - fm) / (2 * h),
        "central without the 2": (fp - fm) / h,
        "central with /2*h": (fp - fm) / 2 * h,
        "forward divided by 2h": (fp - f0) / (2 * h),
        "forward flipped": (f0 - fp) / h,
        "central flipped": (fm - fp) / (2 * h),
        "forward not divided": fp - f0,
        "central not divided": fp - fm,
        "forward precedence": fp - f0 / h,
        "exact": df(x),
    }


_HINTS = {
    "forward": "that is the forward difference (f(x+h) − f(x))/h; this exercise wants "
               "the central one, which steps to both sides of x",
    "backward": "that is the backward difference (f(x) − f(x−h))/h: it steps to the left of x",
    "central": "that is the central difference (f(x+h) − f(x−h))/(2h); this exercise wants "
               "the one-sided quotient that uses f(x) itself",
    "central without the 2": "that is twice the central difference: f(x+h) and f(x−h) are 2h "
                             "apart, so divide by 2*h, not by h",
    "central with /2*h": "you wrote `/ 2*h`, which Python reads as (… / 2) * h; put the step "
                         "in parentheses: `/ (2*h)`",
    "forward divided by 2h": "x and x+h are only h apart, so divide by h, not by 2*h",
    "forward flipped": "the sign is flipped: subtract in the order f(x+h) − f(x)",
    "central flipped": "the sign is flipped: subtract in the order f(x+h) − f(x−h)",
    "forward not divided": "you returned the rise f(x+h) − f(x) without dividing by the run h",
    "central not divided": "you returned the rise f(x+h) − f(x−h) without dividing by 2h",
    "forward precedence": "Python computed f(x+h) − (f(x)/h); put the difference in "
                          "parentheses before dividing",
    "exact": "that is the exact derivative f'(x); the exercise asks for the quotient with "
             "the h you are given (did you call calculus.derivative, which picks its own h?)",
}


def _check_quotient(fn: Callable, want_key: str, label: str) -> str | None:
    for fname, f, df, x, h in _CASES:
        got = as_float(call(fn, f, x, h), f"{label}(f, x, h)")
        slips = _slips(f, df, x, h)
        want = slips.pop(want_key)
        if np.isclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        head = f"for {fname} at x={x}, h={h} you returned {got:.6f}, expected {want:.6f}"
        for key, value in slips.items():
            if np.isclose(got, value, rtol=1e-9, atol=1e-12):
                return f"{head}: {_HINTS[key]}"
        return f"{head}. Check the formula which two values of f, and what you divide by"
    return None


@checker("your forward difference matches (f(x+h) − f(x))/h on every test case")
def check_forward_difference(fn: Callable) -> str | None:
    """fn(f, x, h) should return (f(x + h) - f(x)) / h."""
    return _check_quotient(fn, "forward", "forward_difference")


@checker("your central difference matches (f(x+h) − f(x−h))/(2h) on every test case")
def check_central_difference(fn: Callable) -> str | None:
    """fn(f, x, h) should return (f(x + h) - f(x - h)) / (2h)."""
    return _check_quotient(fn, "central", "central_difference")


@checker("your tangent line matches f(x₀) + f'(x₀)(x − x₀), for arrays and single numbers")
def check_tangent_line(fn: Callable) -> str | None:
    """fn(f, dfdx, x0, x) should return f(x0) + dfdx(x0) * (x - x0), elementwise in x."""
    cases = [(1.5, np.array([-1.0, 0.0, 2.0, 3.0])), (-0.5, np.array([0.7]))]
    for x0, x in cases:
        got = as_array(call(fn, _cubic, _dcubic, x0, x), x.shape, "tangent_line(f, dfdx, x0, x)")
        y0, m = _cubic(x0), _dcubic(x0)
        want = y0 + m * (x - x0)
        if np.allclose(got, want, rtol=1e-9, atol=1e-12):
            continue
        shown = [np.array2string(a, precision=4) for a in (x, got, want)]
        head = (f"for f(x) = x³ − 2x, x₀ = {x0}, x = {shown[0]} you returned {shown[1]}, "
                f"expected {shown[2]}")
        slips = {
            "the slope must be f'(x₀), the slope at the point of contact, not dfdx(x) at each x":
                y0 + _dcubic(x) * (x - x0),
            "the line must pass through (x₀, f(x₀)): add f(x0)": m * (x - x0),
            "use (x − x₀), not x: the line is tilted around x₀, not around 0": y0 + m * x,
            "the sign is flipped: it is f'(x₀)(x − x₀), not f'(x₀)(x₀ − x)": y0 - m * (x - x0),
            "start from f(x0), the height at the point of contact, not f(x)":
                _cubic(x) + m * (x - x0),
            "you returned the curve f(x) itself; the tangent is the straight line touching it":
                _cubic(x),
        }
        for hint, value in slips.items():
            if np.allclose(got, value, rtol=1e-9, atol=1e-12):
                return f"{head}: {hint}"
        return f"{head}. The line is y = f(x0) + dfdx(x0) * (x - x0)"
    return None


def _forward_errors(f, df, x, hs):
    return np.abs((f(x + hs) - f(x)) / hs - df(x))


@checker("your best_step finds the h with the smallest forward-difference error")
def check_best_step(fn: Callable) -> str | None:
    """fn(f, dfdx, x, hs) should return the h in hs where |(f(x+h) - f(x))/h - f'(x)| is least."""
    cases = [
        ("f(x) = x³ − 2x", _cubic, _dcubic, 1.0, 10.0 ** -np.arange(1, 16)),
        ("f(x) = x⁴ + x", _quartic, _dquartic, 0.5, np.geomspace(1e-1, 1e-15, 29)),
    ]
    for fname, f, df, x, hs in cases:
        result = call(fn, f, df, x, hs)
        if np.shape(result) == hs.shape:
            return (f"for {fname} you returned an array of shape {hs.shape}, one value per h; "
                    "return the single h whose error is smallest (use np.argmin)")
        got = as_float(result, "best_step(f, dfdx, x, hs)")
        errors = _forward_errors(f, df, x, hs)
        best = hs[np.argmin(errors)]
        if np.any(np.isclose(got, hs, rtol=1e-12, atol=0)):
            i = int(np.argmin(np.abs(hs - got)))
            if errors[i] <= 2 * errors.min():
                continue
        head = (f"for {fname} at x={x} you returned {got:.3g}, "
                f"expected h ≈ {best:.1e} (error {errors.min():.1e})")
        signed = (f(x + hs) - f(x)) / hs - df(x)
        central = np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - df(x))
        if np.isclose(got, errors.min(), rtol=1e-6, atol=0):
            return (f"{head}: that is the smallest error itself; return the h where it happens, "
                    "hs[np.argmin(errors)]")
        if got == np.argmin(errors):
            return f"{head}: that is the index of the best h; return hs[index]"
        if got == hs.min():
            return (f"{head}: the smallest h is not the best one: below ~1e-8 round-off error "
                    "grows like eps/h and swamps the truncation error")
        if got == hs[np.argmax(errors)]:
            return f"{head}: that h has the largest error; use np.argmin, not np.argmax"
        if got == hs[np.argmin(central)]:
            return f"{head}: that is the best h for the central difference; use the forward one"
        if got == hs[np.argmin(signed)]:
            return f"{head}: take the absolute value of the error before looking for the smallest"
        return (f"{head}. Compute |(f(x+h) − f(x))/h − dfdx(x)| for every h in hs and return "
                "the h where it is smallest")
    return None
