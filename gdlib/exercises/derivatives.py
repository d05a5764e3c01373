"""Checkers for the exercises of the derivatives notebook.

    check_forward_difference(fn)   fn(f, x, h) -> (f(x + h) - f(x)) / h
    check_central_difference(fn)   fn(f, x, h) -> (f(x + h) - f(x - h)) / (2h)
    check_tangent_line(fn)         fn(f, dfdx, x0, x) -> f(x0) + dfdx(x0) (x - x0); x a number or an array
    check_best_step(fn)            fn(f, dfdx, x, hs) -> the h in hs with the smallest forward-difference
                                   error |quotient - dfdx(x)|; a step whose error is at most twice the
                                   smallest is accepted too (a tie up to round-off, see _TIE)

Besides the visible cases (the notebook's polynomials), every check draws fresh ones: random
smooth functions built from sin, cos, exp and log, at random points with steps that are not
round numbers, so the exact derivative (calculus.derivative's own step), a lookup table of the
visible cases, or a quotient that only agrees on polynomials cannot pass. The tangent line is
tried at single numbers and at unequally spaced arrays. best_step gets random grids of steps
(random length, random digits, shuffled), drawn so that the smallest step, the middle or the
ends of the list, the step nearest the rule of thumb, and the best step of another quotient are
all clearly worse than the best one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from gdlib import calculus
from gdlib.exercises._core import (
    RTOL,
    Case,
    array,
    cases,
    checker,
    close,
    distinct_case,
    first_mistake,
    fmt,
    judge,
    number,
    run_cases,
    wrong,
)
from gdlib.i18n import N_, _

__all__ = [
    "check_best_step",
    "check_central_difference",
    "check_forward_difference",
    "check_tangent_line",
]


# --- the functions the cases differentiate -------------------------------------------------------


def _function(f: Callable, dfdx: Callable, text: str) -> Callable:
    """f, carrying its exact derivative (for the "exact derivative" mistake) and how messages name it."""
    f.__name__ = "f"
    f.dfdx, f.text = dfdx, text
    return f


def _cubic(x):
    return x * x * x - 2 * x


def _dcubic(x):
    return 3 * x * x - 2


def _quartic(x):
    return x * x * x * x + x


def _dquartic(x):
    return 4 * x * x * x + 1


CUBIC = _function(_cubic, _dcubic, "x³ − 2x")
QUARTIC = _function(_quartic, _dquartic, "x⁴ + x")


def _signed(rng, lo: float, hi: float) -> float:
    """A coefficient of random size in [lo, hi] (one decimal) and random sign."""
    v = round(float(rng.uniform(lo, hi)), 1)
    return v if rng.random() < 0.5 else -v


def _times(c: float, body: str) -> str:
    """'1.3·sin(x)' for c = 1.3, '1.3' for a constant (body ""); the sign is written by _sum."""
    if not body:
        return f"{abs(c):g}"
    return body if abs(c) == 1 else f"{abs(c):g}·{body}"


def _sum(terms: list[tuple[float, str]]) -> str:
    text = ""
    for i, (c, body) in enumerate(terms):
        if i == 0:
            text = ("−" if c < 0 else "") + _times(c, body)
        else:
            text += (" − " if c < 0 else " + ") + _times(c, body)
    return text


def _lin(b: float) -> str:
    """'0.8x', '−x'."""
    return ("−" if b < 0 else "") + ("x" if abs(b) == 1 else f"{abs(b):g}x")


def _random_function(rng, offset: float = 0.0) -> Callable:
    """A smooth, non-polynomial f with its exact derivative: sin, cos, exp and log mixed at random."""
    kind = int(rng.integers(3))
    a, c, d = _signed(rng, 0.5, 3.0), _signed(rng, 0.5, 2.0), _signed(rng, 0.3, 1.2)
    b = abs(_signed(rng, 0.5, 2.5)) if kind else _signed(rng, 0.5, 2.5)  # cos is even: its frequency stays > 0
    if kind == 0:  # a·sin(bx) + c·exp(dx)
        def f(x):
            return a * np.sin(b * x) + c * np.exp(d * x) + offset

        def dfdx(x):
            return a * b * np.cos(b * x) + c * d * np.exp(d * x)

        terms = [(a, f"sin({_lin(b)})"), (c, f"exp({_lin(d)})")]
    elif kind == 1:  # a·exp(dx)·cos(bx)
        def f(x):
            return a * np.exp(d * x) * np.cos(b * x) + offset

        def dfdx(x):
            return a * np.exp(d * x) * (d * np.cos(b * x) - b * np.sin(b * x))

        terms = [(a, f"exp({_lin(d)})·cos({_lin(b)})")]
    else:  # a·log(1 + x²) + c·cos(bx)
        def f(x):
            return a * np.log(1 + x * x) + c * np.cos(b * x) + offset

        def dfdx(x):
            return 2 * a * x / (1 + x * x) - c * b * np.sin(b * x)

        terms = [(a, "log(1 + x²)"), (c, f"cos({_lin(b)})")]
    if offset:
        terms.append((offset, ""))
    return _function(f, dfdx, _sum(terms))


def _value(mistake: Callable, case: Case):
    try:
        with np.errstate(all="ignore"):
            return mistake(*case.args)
    except Exception:  # a mistake that cannot be computed on this case is as good as far away
        return np.nan


# --- 1 and 2. the forward and the central difference ----------------------------------------------------


def _quotient_case(name: str, f: Callable, x: float, h: float) -> Case:
    return Case((f, x, h), f"{name}(f(x) = {f.text}, x={x!r}, h={h!r})")


def _random_quotient_case(name: str) -> Callable:
    def make(rng) -> Case:
        f = _random_function(rng)
        x = round(float(rng.uniform(-2, 2)), 3)
        h = float(f"{10 ** rng.uniform(-1.5, -0.4):.2g}")  # 0.032 … 0.4, not a round number
        return _quotient_case(name, f, x, h)

    return make


def _forward(f, x, h):
    return (f(x + h) - f(x)) / h


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _backward(f, x, h):
    return (f(x) - f(x - h)) / h


_OWN_STEP = N_("that is (almost) the exact derivative f'(x), not the quotient with the h you were given: "
               "calculus.derivative picks its own tiny step unless you pass h=h")
_WHOLE = N_("the result was cut to a whole number (int(), round() or integer division //); divide with / and "
            "return the quotient unrounded")
_ROUNDED = N_("you rounded the result; return it unrounded (round only when you print)")


def _whole_and_rounded(quotient: Callable) -> list:
    """The mistakes of a quotient cut to a whole number, or rounded to 1 to 4 decimals."""
    return [(_WHOLE, lambda f, x, h: int(quotient(f, x, h))),
            (_WHOLE, lambda f, x, h: math.floor(quotient(f, x, h))),
            (_WHOLE, lambda f, x, h: round(quotient(f, x, h)))] + [
        (_ROUNDED, lambda f, x, h, k=k: round(quotient(f, x, h), k)) for k in range(1, 5)]


_INSIDE = N_("you wrote f(x) + h where f(x + h) is meant (your quotient is always about 1): "
             "the step goes inside the parentheses of f")

_FORWARD_MISTAKES = [
    (_INSIDE, lambda f, x, h: (f(x) + h - f(x)) / h),
    (N_("that is the central difference (f(x+h) − f(x−h))/(2h), calculus.derivative's default method; this "
        "exercise wants the one-sided quotient that uses f(x) itself"), _central),
    (N_("that is the backward difference (f(x) − f(x−h))/h: it steps to the left of x, to x − h"), _backward),
    (N_("you stepped to x − h; the forward difference steps to the right, to x + h"),
     lambda f, x, h: (f(x - h) - f(x)) / h),
    (N_("x and x + h are only h apart, so divide by h, not by 2*h"), lambda f, x, h: (f(x + h) - f(x)) / (2 * h)),
    (N_("the sign is flipped: subtract in the order f(x+h) − f(x)"), lambda f, x, h: (f(x) - f(x + h)) / h),
    (N_("you returned the rise f(x+h) − f(x) without dividing by the run h"), lambda f, x, h: f(x + h) - f(x)),
    (N_("Python computed f(x+h) − (f(x)/h); put the difference in parentheses before dividing"),
     lambda f, x, h: f(x + h) - f(x) / h),
    (N_("you multiplied the rise by h; divide it by h"), lambda f, x, h: (f(x + h) - f(x)) * h),
    (N_("you divided by x, the point; divide by the step h"), lambda f, x, h: (f(x + h) - f(x)) / x),
    (N_("you divided by 0.1, the step of the first example, instead of the h you were given"),
     lambda f, x, h: (f(x + h) - f(x)) / 0.1),
    *_whole_and_rounded(_forward),
    (_OWN_STEP, lambda f, x, h: calculus.derivative(f, x)),
    (_OWN_STEP, lambda f, x, h: calculus.derivative(f, x, method="forward")),
    (_OWN_STEP, lambda f, x, h: f.dfdx(x)),
]

_FORWARD_FIXED = [_quotient_case("forward_difference", CUBIC, 2.0, 0.1),
                  _quotient_case("forward_difference", QUARTIC, -1.0, 0.05)]


@checker(N_("your forward difference is right on the visible cases and on fresh random smooth functions, "
            "points and steps"))
def check_forward_difference(fn: Callable) -> str | None:
    """fn(f, x, h) should return the forward difference quotient of f at x with the step h."""
    fresh = _random_quotient_case("forward_difference")
    return judge(
        fn, cases(_FORWARD_FIXED, lambda rng: distinct_case(fresh, rng, _forward, _FORWARD_MISTAKES)),
        _forward, lambda raw, case: number(raw, case.label),
        mistakes=_FORWARD_MISTAKES,
        otherwise=_("Check which two values of f you subtract, in which order, and what you divide by."),
    )


_CENTRAL_MISTAKES = [
    (_INSIDE, lambda f, x, h: (f(x) + h - (f(x) - h)) / (2 * h)),
    (N_("that is the forward difference (f(x+h) − f(x))/h; this exercise wants the central one, which steps "
        "to both sides of x"), _forward),
    (N_("that is the backward difference (f(x) − f(x−h))/h; the central one steps to both sides of x"), _backward),
    (N_("that is twice the central difference: f(x+h) and f(x−h) are 2h apart, so divide by 2*h, not by h"),
     lambda f, x, h: (f(x + h) - f(x - h)) / h),
    (N_("you wrote `/ 2*h`, which Python reads as (… / 2) * h; put the step in parentheses: `/ (2*h)`"),
     lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h),
    (N_("you divided by 2 but not by h: the run is 2h"), lambda f, x, h: (f(x + h) - f(x - h)) / 2),
    (N_("you stepped h/2 to each side; this central difference steps a whole h to each side, 2h in all"),
     lambda f, x, h: (f(x + h / 2) - f(x - h / 2)) / h),
    (N_("that is a forward difference with the step 2h; the central one steps h to each side of x"),
     lambda f, x, h: (f(x + 2 * h) - f(x)) / (2 * h)),
    (N_("the sign is flipped: subtract in the order f(x+h) − f(x−h)"), lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h)),
    (N_("you returned the rise f(x+h) − f(x−h) without dividing by 2h"), lambda f, x, h: f(x + h) - f(x - h)),
    (N_("Python computed f(x+h) − (f(x−h)/(2h)); put the difference in parentheses before dividing"),
     lambda f, x, h: f(x + h) - f(x - h) / (2 * h)),
    (N_("you divided by 0.2, twice the step of the first example, instead of 2h with the h you were given"),
     lambda f, x, h: (f(x + h) - f(x - h)) / 0.2),
    *_whole_and_rounded(_central),
    (_OWN_STEP, lambda f, x, h: calculus.derivative(f, x)),
    (_OWN_STEP, lambda f, x, h: f.dfdx(x)),
]

_CENTRAL_FIXED = [_quotient_case("central_difference", CUBIC, 2.0, 0.1),
                  _quotient_case("central_difference", QUARTIC, -1.0, 0.05)]


@checker(N_("your central difference is right on the visible cases and on fresh random smooth functions, "
            "points and steps"))
def check_central_difference(fn: Callable) -> str | None:
    """fn(f, x, h) should return the central difference quotient of f at x with the step h."""
    fresh = _random_quotient_case("central_difference")
    return judge(
        fn, cases(_CENTRAL_FIXED, lambda rng: distinct_case(fresh, rng, _central, _CENTRAL_MISTAKES)),
        _central, lambda raw, case: number(raw, case.label),
        mistakes=_CENTRAL_MISTAKES,
        otherwise=_("Check which two values of f you subtract, in which order, and what you divide by."),
    )


# --- 3. the tangent line --------------------------------------------------------------------------


def _tangent(f, dfdx, x0, x):
    return f(x0) + dfdx(x0) * (x - x0)


def _tangent_case(f: Callable, x0: float, x) -> Case:
    shown = " ".join(np.array2string(x, separator=", ").split()) if isinstance(x, np.ndarray) else repr(x)
    return Case((f, f.dfdx, x0, x), f"tangent_line(f(x) = {f.text}, dfdx, x0={x0!r}, x={shown})")


_TANGENT_FIXED = [
    _tangent_case(CUBIC, 1.5, np.array([-1.0, 0.0, 2.0, 3.0])),
    _tangent_case(CUBIC, -0.5, np.array([0.7])),
    _tangent_case(CUBIC, 2.0, 2.6),
]


def _random_tangent_case(kind: str) -> Callable:
    def make(rng) -> Case:
        f = _random_function(rng)
        x0 = round(float(rng.uniform(-1.5, 1.5)), 2)
        if kind == "number":
            return _tangent_case(f, x0, round(x0 + float(rng.choice([-1, 1]) * rng.uniform(0.3, 2)), 2))
        x = np.sort(np.round(x0 + rng.uniform(-2, 2, int(rng.integers(3, 8))), 2))  # unequal spacing
        return _tangent_case(f, x0, x)

    return make


_TANGENT_MISTAKES = [
    (N_("the slope must be f'(x₀), the slope at the point of contact, not dfdx(x) at each x"),
     lambda f, dfdx, x0, x: f(x0) + dfdx(x) * (x - x0)),
    (N_("you swapped x and x0: that is the tangent at x, evaluated at x0"),
     lambda f, dfdx, x0, x: f(x) + dfdx(x) * (x0 - x)),
    (N_("the line must pass through (x₀, f(x₀)): add f(x0)"), lambda f, dfdx, x0, x: dfdx(x0) * (x - x0)),
    (N_("you added x0, a position; the line starts from the height f(x0)"),
     lambda f, dfdx, x0, x: x0 + dfdx(x0) * (x - x0)),
    (N_("use (x − x₀), not x: the line is tilted around x₀, not around "
        "0"), lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * x),
    (N_("Python computed f(x0) + dfdx(x0)*x − x0: put x − x0 in parentheses"),
     lambda f, dfdx, x0, x: f(x0) + dfdx(x0) * x - x0),
    (N_("the sign is flipped: it is f'(x₀)(x − x₀), not f'(x₀)(x₀ − x)"),
     lambda f, dfdx, x0, x: f(x0) - dfdx(x0) * (x - x0)),
    (N_("start from f(x0), the height at the point of contact, not f(x)"),
     lambda f, dfdx, x0, x: f(x) + dfdx(x0) * (x - x0)),
    (N_("you returned the curve f(x) itself; the tangent is the straight line touching "
        "it"), lambda f, dfdx, x0, x: f(x)),
    (N_("that is a flat line at the height f(x0); add the slope times the distance from x0"),
     lambda f, dfdx, x0, x: f(x0) + 0 * x),
    (N_("that is the slope f'(x0) alone; the tangent line gives a height, f(x0) plus slope times distance"),
     lambda f, dfdx, x0, x: dfdx(x0) + 0 * x),
]


def _tangent_result(raw, case: Case):
    """A number for a single x, an array of x's shape for an array x."""
    x = case.args[3]
    return array(raw, x.shape, case.label) if isinstance(x, np.ndarray) else number(raw, case.label)


@checker(N_("your tangent line is right for single numbers and for arrays of unequally spaced points, "
            "on the visible cases and on fresh random smooth functions"))
def check_tangent_line(fn: Callable) -> str | None:
    """fn(f, dfdx, x0, x) should return the height at x of the tangent line of f at x0, elementwise in x."""
    kinds = itertools.cycle(["array", "number"])  # the fresh cases always hold both kinds of x

    def fresh(rng):
        return distinct_case(_random_tangent_case(next(kinds)), rng, _tangent, _TANGENT_MISTAKES)

    return judge(
        fn, cases(_TANGENT_FIXED, fresh), _tangent, _tangent_result,
        mistakes=_TANGENT_MISTAKES,
        otherwise=_("The line passes through (x0, f(x0)) with the slope dfdx(x0)."),
    )


# --- 4. the best step: a search over a grid of steps -------------------------------------------------

# A step is accepted if it is in hs and its error is at most _TIE times the smallest one (the rule
# of the previous version of this checker, kept). This is a search, not a float comparison: near
# the best step the error is round-off noise, and a right answer that computes the errors another
# way (a loop of scalar calls, a relative or a squared error, (q - f') or (f' - q), a different
# order of operations) can see that noise differ in the last bits, so its argmin can land on a
# neighbouring step whose error is practically the same; ties, too, may go either way. A factor 2
# is "practically the same" on the V-shaped error curve, and the fresh grids are drawn so that every
# mistaken pick below has more than twice the smallest error, so the tie lets no mistake through.
# Quotients that change the round-off itself (dividing before subtracting, dividing by (x + h) - x)
# move the best step further: they are named as mistakes.
_TIE = 2.0
_RULE_OF_THUMB = float(np.sqrt(np.finfo(float).eps))  # about 1.5e-8, section 5 of the notebook


def _errors(f, dfdx, x, hs):
    """|forward difference − f'(x)| for every h in hs."""
    return np.abs((f(x + hs) - f(x)) / hs - dfdx(x))


def _nearest(hs, target):
    """The element of hs nearest target on a log scale."""
    return hs[np.argmin(np.abs(np.log(hs / target)))]


def _same_step(a, b) -> bool:
    # steps span 14 decades: an absolute tolerance would call 1e-15 and 3e-15 the same step,
    # so an element of hs is recognised by the relative tolerance alone
    return close(a, b, atol=0.0, equal_nan=True)


def _index_in(hs, got) -> int | None:
    """Where got sits in hs (up to the course's relative tolerance), or None if it is not one of them."""
    found = np.flatnonzero(np.isclose(hs, got, rtol=RTOL, atol=0.0))
    return int(found[0]) if found.size else None


def _accepted(got, case: Case) -> bool:
    f, dfdx, x, hs = case.args
    errors = _errors(f, dfdx, x, hs)
    i = _index_in(hs, got)
    return i is not None and errors[i] <= _TIE * errors.min()


def _backward_best(f, dfdx, x, hs):
    # the backward and the forward difference have the same truncation error up to its sign, so their
    # best steps are often tied on random functions: the fresh draws cannot avoid that, but the second
    # visible case tells them apart (the backward pick has more than 5 times the smallest error there)
    return hs[np.argmin(np.abs((f(x) - f(x - hs)) / hs - dfdx(x)))]


def _actual_step_best(f, dfdx, x, hs):
    # another quotient, with less round-off: on the first visible case its pick has 5 times the
    # smallest error, so it is told apart there; fresh draws need not avoid it
    return hs[np.argmin(np.abs((f(x + hs) - f(x)) / ((x + hs) - x) - dfdx(x)))]


def _split_best(f, dfdx, x, hs):
    # the same quotient on paper, with round-off of its own: told apart by the first visible case too
    return hs[np.argmin(np.abs(f(x + hs) / hs - f(x) / hs - dfdx(x)))]


_UNGUARDED = (_backward_best, _actual_step_best, _split_best)  # picks the fresh draws need not keep apart


_MIDDLE = N_("that is the middle (the median) of the steps, not the one with the smallest error")

# Each picks one element of hs (or, for the first ones, a number that is not a step at all).
_PICKS_OUTSIDE_HS = [
    (N_("that is the smallest error itself; return the step h where it happens"),
     lambda f, dfdx, x, hs: _errors(f, dfdx, x, hs).min()),
    (N_("that is the position (index) of the best step in hs; return the step itself, hs[index]"),
     lambda f, dfdx, x, hs: np.argmin(_errors(f, dfdx, x, hs))),
    (N_("a fixed number (here √ε, the rule of thumb) cannot be the best step for every f, x and grid, and it "
        "is not one of the steps in hs: compute the error of every h in hs"), lambda f, dfdx, x, hs: _RULE_OF_THUMB),
    (N_("a fixed number (here 1e-8) cannot be the best step for every f, x and grid, and it is not one of "
        "the steps in hs: compute the error of every h in hs"), lambda f, dfdx, x, hs: 1e-8),
    (_MIDDLE, lambda f, dfdx, x, hs: np.median(hs)),
]
_PICKS_IN_HS = [
    (N_("that step has the largest error; use np.argmin, not np.argmax"),
     lambda f, dfdx, x, hs: hs[np.argmax(_errors(f, dfdx, x, hs))]),
    (N_("take the absolute value of the error before looking for the smallest: without it the most negative "
        "error wins"), lambda f, dfdx, x, hs: hs[np.argmin((f(x + hs) - f(x)) / hs - dfdx(x))]),
    (N_("that is the best step for the central difference; the exercise measures the forward one"),
     lambda f, dfdx, x, hs: hs[np.argmin(np.abs((f(x + hs) - f(x - hs)) / (2 * hs) - dfdx(x)))]),
    (N_("that is the best step for the backward difference (f(x) − f(x−h))/h; the exercise measures the "
        "forward one"), _backward_best),
    (N_("you divided by the step the computer actually took, (x + h) − x, as calculus.derivative does; that "
        "hides part of the round-off error this exercise measures: divide by h itself"), _actual_step_best),
    (N_("you divided f(x+h) and f(x) by h before subtracting: the same quotient on paper, but it adds round-off "
        "of its own, and round-off is what this exercise measures: subtract first, then divide by h"), _split_best),
    (N_("you took the position of the best error from one order of the steps and the step from another "
        "(a sorted copy of hs?): index the same array you computed the errors on"),
     lambda f, dfdx, x, hs: np.sort(hs)[np.argmin(_errors(f, dfdx, x, hs))]),
    (N_("you took the position of the best error from one order of the steps and the step from another "
        "(a sorted copy of hs?): index the same array you computed the errors on"),
     lambda f, dfdx, x, hs: hs[np.argmin(_errors(f, dfdx, x, np.sort(hs)))]),
    (N_("that is the step nearest the rule of thumb √ε ≈ 1.5e-8; it is only a rough guide, and here another "
        "step has a clearly smaller error: measure the error of every h"), lambda f, dfdx, x, hs: _nearest(
         hs, _RULE_OF_THUMB)),
    (N_("that is the step nearest 1e-8; the rule of thumb is only a rough guide, and here another step has a "
        "clearly smaller error: measure the error of every h"), lambda f, dfdx, x, hs: _nearest(hs, 1e-8)),
    (N_("that is the middle element of hs; its position says nothing about its error (the grids come in any "
        "order): compute the error of every h"), lambda f, dfdx, x, hs: hs[len(hs) // 2]),
    (_MIDDLE, lambda f, dfdx, x, hs: np.sort(hs)[len(hs) // 2]),
    (N_("the smallest h is not the best one: below about 1e-8 the round-off error, which grows like ε/h, "
        "swamps the truncation error"), lambda f, dfdx, x, hs: hs.min()),
    (N_("the largest h is not the best one: its truncation error, about h·|f''|/2, is the largest "
        "(or did your error forget to divide by h?)"), lambda f, dfdx, x, hs: hs.max()),
    (N_("that is the first element of hs; its position says nothing about its error (the grids come in any "
        "order): compute the error of every h"), lambda f, dfdx, x, hs: hs[0]),
    (N_("that is the last element of hs; its position says nothing about its error (the grids come in any "
        "order): compute the error of every h"), lambda f, dfdx, x, hs: hs[-1]),
]
_BEST_STEP_MISTAKES = _PICKS_OUTSIDE_HS + _PICKS_IN_HS


def _best_step_case(f: Callable, x: float, hs: np.ndarray, grid: str) -> Case:
    return Case((f, f.dfdx, x, hs), f"best_step(f(x) = {f.text}, dfdx, x={x!r}, hs={grid})")


_BEST_STEP_FIXED = [
    _best_step_case(CUBIC, 1.0, 10.0 ** -np.arange(1, 16), "[1e-01, 1e-02, …, 1e-15]"),
    _best_step_case(QUARTIC, 0.5, np.geomspace(1e-1, 1e-15, 29), "np.geomspace(1e-1, 1e-15, 29)"),
]


def _random_grid(rng) -> np.ndarray:
    """12 to 40 distinct steps with three random digits, from about 1e-15 up to 1e-3…0.2, shuffled so that
    neither the first, the last nor the middle element is the smallest or the largest step."""
    n = int(rng.integers(12, 41))
    hs = np.array([float(f"{10 ** e:.3g}") for e in rng.uniform(rng.uniform(-15.3, -13.5), rng.uniform(-3, -0.7), n)])
    hs = np.unique(hs)
    hs = hs[np.concatenate([[True], hs[1:] / hs[:-1] > 1.05])]  # no two steps within 5% of each other
    while True:
        shuffled = rng.permutation(hs)
        if not {shuffled[0], shuffled[-1], shuffled[len(hs) // 2]} & {hs[0], hs[-1]}:
            return shuffled


def _clear_search(case: Case) -> bool:
    """No mistaken pick lands on an acceptable step, and the picks that agree on the visible cases differ."""
    f, dfdx, x, hs = case.args
    with np.errstate(all="ignore"):
        errors = _errors(f, dfdx, x, hs)
    if not (np.all(np.isfinite(errors)) and errors.min() > 0):
        return False
    if hs[np.argmax(errors)] != hs.min():  # the visible cases have their largest error at the largest h:
        return False                       # here round-off at the smallest h wins, so argmax ≠ "largest h"
    middle = np.sort(hs)[len(hs) // 2]     # in the visible cases the middle step is 1e-8: here it is not
    if middle in (_nearest(hs, _RULE_OF_THUMB), _nearest(hs, 1e-8)):
        return False
    for _hint, pick in _PICKS_IN_HS:
        if pick not in _UNGUARDED:
            i = _index_in(hs, _value(pick, case))
            if i is not None and errors[i] <= _TIE * errors.min():
                return False
    return True


def _random_best_step_case(rng) -> Case:
    for _attempt in range(500):
        # |f| sets the round-off error, and so how far the best step is from the rule of thumb
        offset = float(rng.choice([-1, 1]) * round(10 ** rng.uniform(0.5, 2.7)))  # 3 … 500
        f = _random_function(rng, offset=offset)
        x = round(float(rng.uniform(-2, 2)), 2)
        hs = _random_grid(rng)
        first = ", ".join(f"{h:.3g}" for h in hs[:3])
        grid = _("[{first}, …] ({n} steps from {smallest:.3g} to {largest:.3g}, in shuffled order)").format(
            first=first, n=hs.size, smallest=hs.min(), largest=hs.max())
        case = _best_step_case(f, x, hs, grid)
        if _clear_search(case):
            return case
    return case  # never reached in practice: tests check that the draws are clear


def _one_step(raw, case: Case) -> float:
    hs = case.args[3]
    if isinstance(raw, np.ndarray) and raw.shape == hs.shape:
        raise wrong(_("{label} returned an array of shape {shape}, one value per h; return the single "
                      "h whose error is smallest (np.argmin gives its position)").format(
                          label=case.label, shape=hs.shape))
    return number(raw, case.label)


@checker(N_("your best_step picks a step with the smallest error on the visible grids and on fresh shuffled "
            "random grids, functions and points"))
def check_best_step(fn: Callable) -> str | None:
    """fn(f, dfdx, x, hs) should return the h in hs whose forward-difference error is smallest."""
    all_cases = cases(_BEST_STEP_FIXED, _random_best_step_case)
    results = run_cases(fn, all_cases, _one_step)
    failing = [i for i, (got, case) in enumerate(zip(results, all_cases, strict=True)) if not _accepted(got, case)]
    if not failing:
        return None
    got, case = results[failing[0]], all_cases[failing[0]]
    f, dfdx, x, hs = case.args
    errors = _errors(f, dfdx, x, hs)
    best, i = hs[np.argmin(errors)], _index_in(hs, got)
    yours = _("a number that is not in hs") if i is None else _("a step with error {error:.1e}").format(error=errors[i])
    head = _("{label} returned {got} ({yours}), expected {best} (error "
             "{smallest_error:.1e}) or another step with at most twice that error").format(
                 label=case.label, got=fmt(got, best), yours=yours, best=fmt(best, got),
                 smallest_error=errors.min())
    hint = first_mistake(_BEST_STEP_MISTAKES, results, all_cases, same=_same_step)
    if hint:
        return f"{head}: {hint}"
    if i is None:
        return _("{head}: return one of the steps in hs, the one whose error is smallest").format(head=head)
    return _("{head}. Compute |(f(x + h) − f(x))/h − dfdx(x)| for every h in hs and return the h where it "
             "is smallest").format(head=head)
