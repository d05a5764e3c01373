"""Checkers for the warm-up exercises of the start-here notebook."""

import numpy as np

from gdlib.exercises._core import as_float, call, checker

__all__ = ["check_square", "check_mean", "check_slope"]


@checker("square(x) returns x² for positive, negative and fractional x")
def check_square(fn):
    """fn(x) should return x**2."""
    for x in [3.0, -2.0, 0.5]:
        got = as_float(call(fn, x), f"square({x})")
        if np.isclose(got, 2 * x):
            return f"square({x}) returned {got}: that is 2·x; squaring is x * x or x ** 2"
        if np.isclose(got, abs(x) * x) and x < 0:
            return f"square({x}) returned {got}: the square of a negative number is positive"
        if not np.isclose(got, x * x):
            return f"square({x}) returned {got}, expected {x * x}"
    return None


@checker("mean(values) adds the values and divides by how many there are")
def check_mean(fn):
    """fn(values) should return sum(values) / len(values)."""
    for values in [[2.0, 4.0, 9.0], [1.0, 1.0, 1.0, 5.0]]:
        n, total = len(values), sum(values)
        got = as_float(call(fn, list(values)), f"mean({values})")
        if np.isclose(got, total):
            return f"mean({values}) returned {got}: that is the sum; divide it by the count n = {n}"
        if np.isclose(got, total / (n - 1)):
            return f"mean({values}) returned {got}: you divided by n - 1 = {n - 1}; the mean divides by n = {n}"
        if np.isclose(got, float(np.median(values))) and not np.isclose(total / n, np.median(values)):
            return f"mean({values}) returned {got}: that is the median (the middle value), not the mean"
        if not np.isclose(got, total / n):
            return f"mean({values}) returned {got}, expected {total / n:g}"
    return None


@checker("slope = rise / run = (y2 - y1) / (x2 - x1)")
def check_slope(fn):
    """fn(x1, y1, x2, y2) should return (y2 - y1) / (x2 - x1)."""
    for x1, y1, x2, y2 in [(1.0, 2.0, 3.0, 8.0), (0.0, 5.0, 2.0, 1.0)]:
        want = (y2 - y1) / (x2 - x1)
        got = as_float(call(fn, x1, y1, x2, y2), f"slope({x1}, {y1}, {x2}, {y2})")
        if np.isclose(got, (x2 - x1) / (y2 - y1)):
            return (f"slope{(x1, y1, x2, y2)} returned {got}: that is run / rise; "
                    f"the slope is rise / run = {want:g}")
        if np.isclose(got, -want):
            return (f"slope{(x1, y1, x2, y2)} returned {got}: the sign is flipped; "
                    "subtract in the same order on top and bottom")
        if not np.isclose(got, want):
            return f"slope{(x1, y1, x2, y2)} returned {got}, expected {want:g}"
    return None
