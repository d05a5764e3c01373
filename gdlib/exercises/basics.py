"""Checkers for the warm-up exercises of the start-here notebook.

    check_square(fn)   fn(x) -> x²
    check_mean(fn)     fn(values) -> sum(values) / len(values), values a list
    check_slope(fn)    fn(x1, y1, x2, y2) -> (y2 - y1) / (x2 - x1)

Besides the visible cases, every check draws fresh ones with fractional values, negative
numbers and unequal spacing, so integer division, a sign lost to abs() or a run that is
"always 2" cannot pass by luck.
"""

import math

from gdlib.exercises._core import Case, cases, checker, judge, number
from gdlib.i18n import N_, _

__all__ = ["check_square", "check_mean", "check_slope"]


# --- 1. the square --------------------------------------------------------------------------


def _square_case(rng) -> Case:
    x = round(float(rng.uniform(-6, 6)), 3) or 1.25
    return Case((x,), f"square({x})")


@checker(N_("your square is right for positive, negative and fractional x, on fresh random cases too"))
def check_square(fn):
    """fn(x) should return x times x."""
    fixed = [Case((x,), f"square({x})") for x in (3.0, -2.0, 0.5)]
    return judge(
        fn, cases(fixed, _square_case), lambda x: x * x, lambda raw, case: number(raw, case.label),
        mistakes=[
            (_("that is 2·x, twice x; squaring multiplies x by itself: x * x or x ** 2"), lambda x: 2 * x),
            (_("the sign of x survived: the square of a negative number is positive (x * abs(x) is not x²)"),
             lambda x: x * abs(x)),
            (_("that is |x|, the absolute value; square it instead"), lambda x: abs(x)),
            (_("that is x itself"), lambda x: x),
            (_("you rounded x to a whole number before squaring (int() or round())"), lambda x: int(x) ** 2),
            (_("you rounded x to a whole number before squaring (int() or round())"), lambda x: round(x) ** 2),
            (_("the result was rounded to a whole number; return x * x unrounded"), lambda x: round(x * x)),
            (_("that is x³; the square has exponent 2"), lambda x: x**3),
        ],
        otherwise=_("The square of x is x * x."),
    )


# --- 2. the mean ------------------------------------------------------------------------------


def _mean_case(rng) -> Case:
    n = int(rng.integers(3, 8))
    values = [round(float(v), 2) for v in rng.uniform(-10, 10, n)]
    if abs(sum(values) / n - round(sum(values) / n)) < 0.05:  # keep the mean away from a whole number
        values[0] = round(values[0] + 0.37, 2)
    return Case((values,), f"mean({values})")


def _middle(values):
    return sorted(values)[len(values) // 2]


def _median(values):
    s, n = sorted(values), len(values)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


@checker(N_("your mean is right on the visible lists and on fresh random ones with fractional means"))
def check_mean(fn):
    """fn(values) should return the average of the list."""
    fixed = [Case((v,), f"mean({v})") for v in ([2.0, 4.0, 9.0], [1.0, 1.0, 1.0, 5.0])]
    return judge(
        fn, cases(fixed, _mean_case), lambda v: sum(v) / len(v), lambda raw, case: number(raw, case.label),
        mistakes=[
            (_("that is the sum; divide it by the count n = len(values)"), lambda v: sum(v)),
            (_("you divided by n − 1; the mean divides by n = len(values)"), lambda v: sum(v) / (len(v) - 1)),
            (_("integer division (//) drops the fraction; divide with /"), lambda v: sum(v) // len(v)),
            (_("int() cut off the fraction; return the division itself"), lambda v: int(sum(v) / len(v))),
            (_("the mean was rounded to a whole number; return it unrounded"), lambda v: round(sum(v) / len(v))),
            (_("that is the median (the middle value), not the mean"), _median),
            (_("that is the middle element of the sorted list, not the mean"), _middle),
            (_("that is halfway between the smallest and the largest value; the mean uses every value"),
             lambda v: (min(v) + max(v)) / 2),
            (_("that is halfway between the first and the last value; the mean uses every value"),
             lambda v: (v[0] + v[-1]) / 2),
            (_("your sum skipped the first value (a loop that starts at 1?)"), lambda v: sum(v[1:]) / len(v)),
            (_("your sum skipped the last value (range(len(values) - 1)?)"), lambda v: sum(v[:-1]) / len(v)),
            (_("you averaged all but the first value"), lambda v: sum(v[1:]) / (len(v) - 1)),
            (_("you averaged all but the last value"), lambda v: sum(v[:-1]) / (len(v) - 1)),
        ],
        otherwise=_("Add all the values, then divide by how many there are."),
    )


# --- 3. the slope between two points -------------------------------------------------------------


def _slope_case(rng) -> Case:
    x1, x2 = (round(float(v), 2) for v in rng.uniform(-5, 5, 2))
    if abs(x2 - x1) < 0.5 or math.isclose(abs(x2 - x1), 2.0, abs_tol=0.2):  # a clear, unusual run
        x2 = round(x1 + 3.3, 2)
    y1, y2 = (round(float(v), 2) for v in rng.uniform(-8, 8, 2))
    if abs(abs(y2 - y1) - abs(x2 - x1)) < 0.3:  # keep rise/run away from ±1 (run/rise would agree)
        y2 = round(y2 + 2.1, 2)
    return Case((x1, y1, x2, y2), f"slope{(x1, y1, x2, y2)}")


@checker(N_("your slope is right for rising and falling lines and for any spacing of the two points"))
def check_slope(fn):
    """fn(x1, y1, x2, y2) should return rise over run."""
    fixed = [Case(p, f"slope{p}") for p in ((1.0, 2.0, 3.0, 8.0), (0.0, 5.0, 2.0, 1.0))]
    return judge(
        fn, cases(fixed, _slope_case), lambda x1, y1, x2, y2: (y2 - y1) / (x2 - x1),
        lambda raw, case: number(raw, case.label),
        mistakes=[
            (_("that is run / rise; the slope is rise / run, (y2 − y1) / (x2 − x1)"),
             lambda x1, y1, x2, y2: (x2 - x1) / (y2 - y1)),
            (_("the sign is flipped: subtract in the same order on top and bottom"),
             lambda x1, y1, x2, y2: (y1 - y2) / (x2 - x1)),
            (_("you took the absolute value: a falling line has a negative slope"),
             lambda x1, y1, x2, y2: abs((y2 - y1) / (x2 - x1))),
            (_("your run is always 2 (the visible cases had x2 − x1 = 2); divide by x2 − x1"),
             lambda x1, y1, x2, y2: (y2 - y1) / 2),
            (_("that is the rise y2 − y1 alone; divide it by the run x2 − x1"),
             lambda x1, y1, x2, y2: y2 - y1),
            (_("Python divided before subtracting: (y2 − y1) / x2 − x1; put the run in parentheses"),
             lambda x1, y1, x2, y2: (y2 - y1) / x2 - x1),
            (_("Python divided before subtracting: y2 − y1 / (x2 − x1); put the rise in parentheses"),
             lambda x1, y1, x2, y2: y2 - y1 / (x2 - x1)),
            (_("Python divided before subtracting: put both the rise and the run in parentheses"),
             lambda x1, y1, x2, y2: y2 - y1 / x2 - x1),
            (_("integer division (//) drops the fraction; divide with /"),
             lambda x1, y1, x2, y2: (y2 - y1) // (x2 - x1)),
            (_("that divides y by x at one point; the slope compares the change in y with the change in x"),
             lambda x1, y1, x2, y2: y2 / x2),
        ],
        otherwise=_("The slope is rise over run: (y2 - y1) / (x2 - x1)."),
    )
