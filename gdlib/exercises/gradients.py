"""Checkers for the exercises of the partial-derivatives notebook (02).

    check_partial_derivative(fn)      fn(f, x, i, h) -> the central difference of f along coordinate i:
                                      (f(x + h e_i) - f(x - h e_i)) / (2h)
    check_gradient_formula(fn)        fn(p) -> the gradient of the notebook's f(x, y) at p = (x, y),
                                      worked out on paper, as a numpy array of two numbers
    check_directional_derivative(fn)  fn(grad, p, v) -> the slope of f at p in the direction of v,
                                      grad(p) · v / ‖v‖ (v need not have length 1)
    check_relative_error(fn)          fn(a, b) -> ‖a − b‖ / max(‖a‖, ‖b‖), and 0.0 when both are zero

Besides the visible cases, every check draws fresh ones: random smooth functions of 2 to 5
variables with random coordinates and steps h; fractional, negative and zero points;
directions v in 2 to 5 dimensions that are not unit vectors; vectors of other lengths and
scales. The relative error is also checked on a zero vector against a nonzero one (the error
is 1 there: an analytic gradient that is all zeros is the very bug a gradient check exists to
catch), on two zero vectors (0.0) and on two nearly equal vectors (a tiny error, not 0).
A wrong answer is compared with the usual slips (another coordinate, a one-sided quotient, a
lost factor or parenthesis, a forgotten term, an unnormalised direction, another denominator)
and one is named only when it explains what the answer did on every case.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Callable

import numpy as np

from gdlib.exercises._core import (
    RTOL,
    Case,
    Stop,
    array,
    cases,
    checker,
    close,
    distinct_case,
    fmt,
    judge,
    number,
    wrong,
)
from gdlib.i18n import N_, _

__all__ = [
    "check_directional_derivative",
    "check_gradient_formula",
    "check_partial_derivative",
    "check_relative_error",
]

def _vec(v) -> str:
    """A vector as the learner would type it: [0.37, -1.2, 2.05] (no numpy padding)."""
    return "[" + ", ".join(f"{float(t) + 0.0:.12g}" for t in np.ravel(v)) + "]"


def _round(values, digits: int = 3):
    """Values rounded to `digits` significant digits, so that the labels print them exactly."""
    return np.array([float(f"{float(t):.{digits}g}") for t in np.ravel(values)]).reshape(np.shape(values))


def _off_whole(values):
    """Push values away from whole numbers: a fractional point catches answers that round."""
    return np.where(np.abs(values - np.round(values)) < 0.05, values + 0.37, values)


# --- 1. a partial derivative by central differences -------------------------------------------

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _f3(x):
    return x[0] ** 2 * x[1] + 3 * x[1] + np.sin(x[2]) * x[0]


_f3.__name__ = "f"  # how messages name it: "calling it with (f=f, x=...)"


_F3_TEXT = "x₀²x₁ + 3x₁ + sin(x₂)x₀"


def _terms(parts: list[tuple[float, str]]) -> str:
    """'1.3 sin(0.8x₀) − 0.6 sin(1.7x₁) + 0.5x₀x₁' from [(1.3, 'sin(0.8x₀)'), ...]."""
    text = ""
    for k, (coef, term) in enumerate(parts):
        sign = ("−" if coef < 0 else "") if k == 0 else (" − " if coef < 0 else " + ")
        text += f"{sign}{abs(coef):g}{' ' if term[0].isalpha() and term[0] != 'x' else ''}{term}"
    return text


def _random_function(rng, d: int) -> tuple[Callable, str]:
    """f(x) = Σ a_j sin(b_j x_j) + c x₀x₁…x_{d−1}: curved along every coordinate, all coordinates coupled."""
    a = _round(rng.choice([-1, 1], d) * rng.uniform(0.5, 2.0, d), 2)
    b = _round(rng.uniform(0.6, 1.8, d), 2)
    c = float(_round(rng.choice([-1, 1]) * rng.uniform(0.3, 1.2), 2))

    def f(x):
        return float(np.sum(a * np.sin(b * x)) + c * np.prod(x))

    parts = [(a[j], f"sin({b[j]:g}x{str(j).translate(_SUB)})") for j in range(d)]
    parts.append((c, "".join(f"x{str(j).translate(_SUB)}" for j in range(d))))
    return f, _terms(parts)


def _unit(x, i):
    e = np.zeros(len(x))
    e[i] = 1.0
    return e


def _central(f, x, i, h):
    e = _unit(x, i)
    return (f(x + h * e) - f(x - h * e)) / (2 * h)


def _partial_label(x, i, h, text) -> str:
    return _("partial_derivative(f, x={x}, i={i}, h={h:g}) with f(x) = {text}").format(x=_vec(x), i=i, h=h, text=text)


def _sides(f, x, i, step):
    """f one step up and one step down coordinate i: f(x + step e_i), f(x − step e_i)."""
    e = _unit(x, i)
    return f(x + step * e), f(x - step * e)


def _times_h(f, x, i, h):  # (up - down) / 2 * h: Python divides by 2, then multiplies by h
    up, down = _sides(f, x, i, h)
    return (up - down) / 2 * h


def _divides_second(f, x, i, h):  # up - down / (2 * h): the division binds first
    up, down = _sides(f, x, i, h)
    return up - down / (2 * h)


def _rise(f, x, i, h):
    up, down = _sides(f, x, i, h)
    return up - down


def _step_h_squared(f, x, i, h):  # e[i] = h, then x + h * e
    up, down = _sides(f, x, i, h * h)
    return (up - down) / (2 * h)


_COUNTED = N_("coordinates are counted from 0, so coordinate i is x[i] and e_i has its 1 at position i: e[i] = 1")

_PARTIAL_MISTAKES = [
    (N_("that is the forward difference (f(x + h e_i) − f(x)) / h; step to both sides: "
        "(f(x + h e_i) − f(x − h e_i)) / (2h)"),
     lambda f, x, i, h: (f(x + h * _unit(x, i)) - f(x)) / h),
    (N_("that is the backward difference (f(x) − f(x − h e_i)) / h; step to both sides"),
     lambda f, x, i, h: (f(x) - f(x - h * _unit(x, i))) / h),
    (N_("you mixed a one-sided difference with the central 2h: (f(x + h e_i) − f(x)) / (2h); "
        "step to both sides, x + h e_i and x − h e_i"),
     lambda f, x, i, h: (f(x + h * _unit(x, i)) - f(x)) / (2 * h)),
    (N_("that is twice the central difference: x + h e_i and x − h e_i are 2h apart, so divide by 2*h, not by h"),
     lambda f, x, i, h: 2 * _central(f, x, i, h)),
    (N_("Python reads `/ 2 * h` as (… / 2) * h, a multiplication by h: write / (2 * h)"),
     _times_h),
    (N_("Python divided before subtracting: f(x + h e_i) − f(x − h e_i) / (2h) divides only the second value; "
        "put the difference in parentheses"),
     _divides_second),
    (N_("you returned the rise f(x + h e_i) − f(x − h e_i) without dividing by 2h"),
     _rise),
    (N_("the sign is flipped: subtract in the order f(x + h e_i) − f(x − h e_i)"),
     lambda f, x, i, h: -_central(f, x, i, h)),
    (N_("you moved every coordinate by h (x + h adds h to all of them); move only coordinate i: "
        "e = np.zeros_like(x); e[i] = 1, then x + h * e and x − h * e"),
     lambda f, x, i, h: (f(x + h) - f(x - h)) / (2 * h)),
    (N_("that is the partial derivative along coordinate i − 1, the one before i; {counted}", counted=_COUNTED),
     lambda f, x, i, h: _central(f, x, i - 1, h)),
    (N_("that is the partial derivative along coordinate i + 1, the one after i; {counted}", counted=_COUNTED),
     lambda f, x, i, h: _central(f, x, (i + 1) % len(x), h)),
    (N_("your step is h² (e[i] = h, then x + h * e?): e_i is a unit vector, its entry i is 1"),
     _step_h_squared),
    (N_("your result does not use the h you are given (a tiny step of your own, or calculus.gradient's): "
        "the exercise asks for the central difference with step h, and on a curved f that number depends on h"),
     lambda f, x, i, h: _central(f, x, i, 1e-5)),
]
# i = 0 and the last i are right answers for these two: the fresh cases are not drawn to show them
_PARTIAL_ALWAYS = [
    (N_("that is always the partial derivative along coordinate 0: use the i you are given, e[i] = 1"),
     lambda f, x, i, h: _central(f, x, 0, h)),
    (N_("that is always the partial derivative along the last coordinate: use the i you are given, e[i] = 1"),
     lambda f, x, i, h: _central(f, x, len(x) - 1, h)),
]


def _integer_copies(f, x, i, h):
    """The right formula on copies that keep x's dtype: for an integer x, x[i] ± h is cut to a whole number."""
    up, down = x.copy(), x.copy()
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


_INTEGER_POINT = [
    (N_("the point with integer entries went wrong: a copy of an integer array stays integer, so "
        "x[i] += h is cut back to a whole number. Make a float copy, np.array(x, dtype=float), or build x + h * e"),
     _integer_copies),
]


def _partial_case(rng) -> Case:
    d = int(rng.integers(2, 6))
    f, text = _random_function(rng, d)
    f.__name__ = "f"
    x = _off_whole(_round(rng.uniform(-2, 2, d), 2))
    i = int(rng.integers(d))
    h = float(_round(10 ** rng.uniform(-1.5, -0.5), 2))  # 0.03 to 0.3: large enough that h shows
    return Case((f, x, i, h), _partial_label(x, i, h, text))


def _partial_fresh(rng) -> Case:
    def make(rng):
        case = _partial_case(rng)
        while abs(_central(*case.args)) < 0.1:  # a clear slope: its sign and size both show
            case = _partial_case(rng)
        return case

    return distinct_case(make, rng, _central, _PARTIAL_MISTAKES, margin=RTOL)


def _partial_result(raw, case: Case) -> float:
    x = case.args[1]
    if isinstance(raw, np.ndarray) and raw.ndim == 1 and raw.shape == x.shape:
        raise wrong(_("{label} returned an array of shape {shape}, one number per coordinate; "
                      "the partial derivative along coordinate i is a single number (f returns one number, "
                      "so (f(x + h*e) − f(x − h*e)) / (2*h) is one too)").format(label=case.label, shape=raw.shape))
    return number(raw, case.label)


@checker(N_("your partial derivative is right on the visible cases and on fresh random functions, "
            "points, coordinates and steps h"))
def check_partial_derivative(fn: Callable) -> str | None:
    """fn(f, x, i, h) should return the central difference of f along coordinate i (counted from 0)."""
    fixed = [Case((_f3, x, i, h), _partial_label(x, i, h, _F3_TEXT))
             for x, i, h in [(np.array([1.0, 2.0, 0.5]), 0, 1e-3), (np.array([1.0, 2.0, 0.5]), 1, 1e-3),
                             (np.array([-0.7, 1.5, 2.0]), 2, 1e-2),
                             (np.array([1, -2, 3]), 0, 1e-2)]]  # a point with integer entries (dtype int)
    return judge(fn, cases(fixed, _partial_fresh), _central, _partial_result,
                 mistakes=_PARTIAL_MISTAKES + _PARTIAL_ALWAYS + _INTEGER_POINT,
                 otherwise=_("Move only coordinate i, by +h and by −h, and divide the change in f by 2h."))


# --- 2. an analytic gradient by hand ----------------------------------------------------------
# The answer is what the learner works out on paper: it lives in the code below, never in a
# message, a docstring or the correct message.


def _f_xy(p):
    x, y = p
    return x**2 * y + 3 * y**2 - 2 * x


def _grad_xy(p):
    x, y = p
    return np.array([2 * x * y - 2, x**2 + 6 * y])


# (what is wrong, the value that slip gives for ∂f/∂x or ∂f/∂y at (x, y))
_DX_SLIPS = [
    (N_("the y in x²y is a constant factor when you differentiate in x: it stays (holding y fixed does "
        "not make it 0)"), lambda x, y: 2 * x - 2),
    (N_("power rule: the exponent 2 of x² comes down as a factor"), lambda x, y: x * y - 2),
    (N_("the derivative of x² in x still contains x (power rule: x² gives 2x), times the constant y"),
     lambda x, y: 2 * y - 2),
    (N_("sign: −2x falls by 2 for every unit of x"), lambda x, y: 2 * x * y + 2),
    (N_("the term −2x was left out"), lambda x, y: 2 * x * y),
    (N_("3y² does not contain x, so it contributes nothing in x"), lambda x, y: 2 * x * y + 6 * y - 2),
]
_DY_SLIPS = [
    (N_("power rule: the exponent 2 of 3y² comes down as a factor"), lambda x, y: x**2 + 3 * y),
    (N_("the x² in x²y is a constant factor when you differentiate in y: it stays"), lambda x, y: 6 * y),
    (N_("this time y is the variable and x is held fixed: the x² of x²y is not differentiated"),
     lambda x, y: 2 * x * y + 6 * y),
    (N_("x² is a constant factor in y: you differentiated it as if x were the variable"),
     lambda x, y: 2 * x + 6 * y),
    (N_("the derivative of 3y² in y still contains y (power rule: y² gives 2y)"), lambda x, y: x**2 + 6),
    (N_("−2x does not contain y, so it contributes nothing in y"), lambda x, y: x**2 + 6 * y - 2),
]


def _with(dx=None, dy=None) -> Callable:
    """The right gradient with one or both components replaced by a slip (nan: any value)."""
    def grad(p):
        x, y = p
        right = _grad_xy(p)
        return np.array([right[0] if dx is None else dx(x, y), right[1] if dy is None else dy(x, y)])
    return grad


# mistakes that give one definite value, from specific to general
_GRADIENT_SLIPS = [
    (N_("the two components are swapped: the first entry is ∂f/∂x, the second ∂f/∂y"),
     lambda p: _grad_xy(p)[::-1]),
    (N_("that is −∇f, every sign flipped; the gradient points uphill"), lambda p: -_grad_xy(p)),
    (N_("you unpacked p in the wrong order: p = (x, y), so x, y = p"), lambda p: _grad_xy(p[::-1])),
    (N_("that is the gradient of the tilted bowl x² + xy + 2y² from section 2; this exercise's f is "
        "x²y + 3y² − 2x"), lambda p: np.array([2 * p[0] + p[1], p[0] + 4 * p[1]])),
    *[(N_("∂f/∂x is wrong: {hint}", hint=hint), _with(dx=slip)) for hint, slip in _DX_SLIPS],
    *[(N_("∂f/∂y is wrong: {hint}", hint=hint), _with(dy=slip)) for hint, slip in _DY_SLIPS],
    *[(N_("both components are wrong. In ∂f/∂x, {hx}; in ∂f/∂y, {hy}", hx=hx, hy=hy), _with(dx=sx, dy=sy))
      for (hx, sx), (hy, sy) in itertools.product(_DX_SLIPS, _DY_SLIPS)],
]
# one component right on every case, the other anything (nan: any value, see _same_where_known)
_GRADIENT_MISTAKES = [
    *_GRADIENT_SLIPS,
    (N_("∂f/∂x is right, ∂f/∂y is not: differentiate each term in y with x held fixed"),
     _with(dy=lambda x, y: np.nan)),
    (N_("∂f/∂y is right, ∂f/∂x is not: differentiate each term in x with y held fixed"),
     _with(dx=lambda x, y: np.nan)),
]


def _same_where_known(got, want) -> bool:
    """close() on the entries want knows; a nan in a mistake's value stands for 'any value'."""
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return False
    known = ~np.isnan(want)
    return close(got[known], want[known])


def _gradient_label(p) -> str:
    return f"gradient_f(p=({p[0]:g}, {p[1]:g}))"


def _gradient_fresh():
    """Two fractional points with every mistake visible, then one with a zero coordinate."""
    kinds = itertools.cycle(["general", "general", "zero"])

    def make(rng):
        p = _off_whole(_round(rng.uniform(-3, 3, 2), 2))
        return Case((p,), _gradient_label(p))

    def fresh(rng):
        if next(kinds) == "zero":
            p = make(rng).args[0]
            p[int(rng.integers(2))] = 0.0
            return Case((p,), _gradient_label(p))
        return distinct_case(make, rng, _grad_xy, _GRADIENT_SLIPS, margin=RTOL)

    return fresh


def _gradient_result(raw, case: Case) -> np.ndarray:
    if isinstance(raw, (list, tuple)):
        raise wrong(_("{label} returned a {type}; return a numpy array, "
                      "np.array([∂f/∂x, ∂f/∂y]): a gradient is a vector, and the arithmetic of descent, "
                      "p - lr * g, needs an array (with a list, 0.1 * [1.0, 2.0] is an error and "
                      "[1.0, 2.0] + [3.0, 4.0] joins the two lists)").format(label=case.label, type=type(raw).__name__))
    if isinstance(raw, (numbers.Real, np.number)) and not isinstance(raw, (bool, np.bool_)):
        if close(float(raw), _f_xy(case.args[0])):
            raise wrong(_("{label} returned the single number {value}, which is f(p), the height; "
                          "the gradient is the array of the two partial derivatives, np.array([∂f/∂x, ∂f/∂y])").format(
                              label=case.label, value=fmt(raw)))
    x, y = case.args[0]
    return array(raw, (2,), _("the gradient at p = ({x:g}, {y:g})").format(x=x, y=y))


@checker(N_("your gradient is right at the visible points and at fresh random points with fractional, "
            "negative and zero coordinates"))
def check_gradient_formula(fn: Callable) -> str | None:
    """fn(p) should return the gradient you worked out on paper, at p = (x, y), as a numpy array."""
    fixed = [Case((p,), _gradient_label(p)) for p in
             (np.array([2.0, 3.0]), np.array([-1.5, 0.5]), np.array([2.0, -3.0]))]
    return judge(fn, cases(fixed, _gradient_fresh()), _grad_xy, _gradient_result, mistakes=_GRADIENT_MISTAKES,
                 same=_same_where_known,
                 otherwise=_("Both components are off. Differentiate term by term (x²y, 3y² and −2x), "
                             "once in x with y held fixed and once in y with x held fixed."))


# --- 3. the directional derivative ------------------------------------------------------------


def _grad_bowl(p):
    x, y = p
    return np.array([2 * x + y, x + 4 * y])


_grad_bowl.__name__ = "grad"


def _directional(grad, p, v):
    return float(grad(p) @ v) / float(np.linalg.norm(v))


def _norm(v) -> float:
    return float(np.linalg.norm(v))


_DIRECTIONAL_MISTAKES = [
    (N_("you did not normalise v: use u = v / np.linalg.norm(v), so the rate is per unit of distance, "
        "not per length of v"), lambda grad, p, v: float(grad(p) @ v)),
    (N_("you divided by ‖v‖² (v @ v has no square root); divide by the length ‖v‖ once"),
     lambda grad, p, v: float(grad(p) @ v) / _norm(v) ** 2),
    (N_("you multiplied by ‖v‖ instead of dividing: u = v / ‖v‖"),
     lambda grad, p, v: float(grad(p) @ v) * _norm(v)),
    (N_("you normalised both vectors: that is the cosine of the angle between ∇f(p) and v; only v is "
        "normalised, ∇f stays as it is"), lambda grad, p, v: float(grad(p) @ v) / (_norm(v) * _norm(grad(p)))),
    (N_("you normalised the gradient instead of v; u = v / ‖v‖ and ∇f stays as it is"),
     lambda grad, p, v: float(grad(p) @ v) / _norm(grad(p))),
    (N_("you returned ‖∇f(p)‖, the largest possible rate (in the direction of ∇f itself); the rate in "
        "the direction of v is ∇f(p) · u"), lambda grad, p, v: _norm(grad(p))),
    (N_("the sign is flipped: D_u f = ∇f · u, not −∇f · u"), lambda grad, p, v: -_directional(grad, p, v)),
    (N_("you evaluated the gradient at v; it is taken at the point p: grad(p)"),
     lambda grad, p, v: _directional(grad, v, v)),
    (N_("you normalised v by the sum of its entries; use its length np.linalg.norm(v)"),
     lambda grad, p, v: float(grad(p) @ v) / float(np.sum(v))),
    (N_("you normalised v by the sum of the absolute values of its entries; use its length np.linalg.norm(v)"),
     lambda grad, p, v: float(grad(p) @ v) / float(np.sum(np.abs(v)))),
    (N_("you normalised v by its largest entry; use its length np.linalg.norm(v)"),
     lambda grad, p, v: float(grad(p) @ v) / float(np.max(np.abs(v)))),
    (N_("you divided by the number of entries of v; use its length np.linalg.norm(v)"),
     lambda grad, p, v: float(grad(p) @ v) / len(v)),
]


def _directional_label(grad, p, v) -> str:
    return _("directional_derivative(grad, p={p}, v={v}) with grad(p) = {g}").format(
        p=_vec(p), v=_vec(v), g=_vec(grad(p)))


def _random_field(rng, d: int) -> Callable:
    """grad(p) = M p + m with M symmetric: the gradient of a random quadratic in d variables."""
    m_half = _round(rng.uniform(-2, 2, (d, d)), 1)
    M = m_half + m_half.T
    m = _round(rng.uniform(-3, 3, d), 2)

    def grad(p):
        return M @ p + m

    return grad


def _directional_case(rng) -> Case:
    d = int(rng.integers(2, 6))
    grad = _random_field(rng, d)
    p = _round(rng.uniform(-2, 2, d), 2)
    v = _round(rng.uniform(-3, 3, d), 2)
    while abs(_norm(v) - 1) < 0.3 or _norm(v) < 0.3 or abs(float(np.sum(v))) < 0.3:  # clearly not a unit vector
        v = _round(rng.uniform(-3, 3, d), 2)
    return Case((grad, p, v), _directional_label(grad, p, v))


def _directional_fresh(rng) -> Case:
    return distinct_case(_directional_case, rng, _directional, _DIRECTIONAL_MISTAKES, margin=RTOL)


def _directional_result(raw, case: Case) -> float:
    grad, p, v = case.args
    if isinstance(raw, np.ndarray) and raw.ndim == 1 and raw.shape == v.shape:
        g, u = grad(p), v / _norm(v)
        if close(raw, g * u) or close(raw, g * v):
            raise wrong(_("{label} returned the array {value}, the products component by component; "
                          "add them up: the dot product ∇f · u is one number (np.dot or @)").format(
                              label=case.label, value=fmt(raw)))
        if close(raw, (g @ u) * u):
            raise wrong(_("{label} returned the array {value}, the projection (∇f · u) u; the "
                          "directional derivative is the number ∇f · u itself").format(
                              label=case.label, value=fmt(raw)))
        raise wrong(_("{label} returned the array {value}; the directional derivative is one number, "
                      "∇f(p) · u").format(label=case.label, value=fmt(raw)))
    return number(raw, case.label)


@checker(N_("your directional derivative is right for the visible directions and for fresh random ones "
            "in 2 to 5 dimensions, none of them of length 1"))
def check_directional_derivative(fn: Callable) -> str | None:
    """fn(grad, p, v) should return the slope of f at p in the direction of v, per unit of distance."""
    fixed = [Case((_grad_bowl, p, v), _directional_label(_grad_bowl, p, v)) for p, v in
             [(np.array([1.0, 1.0]), np.array([3.0, 4.0])), (np.array([-2.0, 0.5]), np.array([0.0, -2.0])),
              (np.array([0.5, -1.0]), np.array([1.0, 1.0]))]]
    return judge(fn, cases(fixed, _directional_fresh), _directional, _directional_result,
                 mistakes=_DIRECTIONAL_MISTAKES,
                 otherwise=_("Compute u = v / ‖v‖ (np.linalg.norm), then the dot product grad(p) @ u."))


# --- 4. the relative error of a gradient check ------------------------------------------------


def _relative(a, b):
    scale = max(_norm(a), _norm(b))
    return 0.0 if scale == 0 else _norm(a - b) / scale


def _over(denominator: Callable) -> Callable:
    """‖a − b‖ / denominator(a, b), the shape of most wrong relative errors."""
    return lambda a, b: _norm(a - b) / denominator(a, b)


def _biggest(a, b) -> float:
    return max(_norm(a), _norm(b))


# on two nonzero vectors that are close to each other (what a right gradient gives)
_CLOSE_SHORTCUT = [
    (N_("you returned 0.0 for two vectors that are close but not equal (np.allclose?); only two zero vectors "
        "get 0.0 by convention, and a tiny error like 1e-8 is exactly what a gradient check must report"),
     lambda a, b: 0.0 if np.allclose(a, b) else _relative(a, b)),
]
_ROUNDING = [(N_("you rounded the result; return it unrounded (a gradient check compares errors like 1e-9 with 1e-7)"),
              lambda a, b, k=k: round(_relative(a, b), k)) for k in range(1, 7)]
# a small eps added to the denominator: it shows only on small gradients (norms of about 0.01)
_EPS = [(N_("you added a small eps to the denominator: it changes the result when the gradients are small; "
            "handle two zero vectors with an `if` instead"), _over(lambda a, b, eps=eps: _biggest(a, b) + eps))
        for eps in (1e-6, 1e-7, 1e-8)]
# on two nonzero vectors that clearly differ
# ‖a‖ alone is right when a is the larger vector, ‖b‖ alone when b is: each case shows one of them
_ONE_SIDED = [
    (N_("wrong denominator: you divided by ‖a‖ only; divide by the larger norm, max(‖a‖, ‖b‖), so the result "
        "does not depend on which argument is which"), _over(lambda a, b: _norm(a))),
    (N_("wrong denominator: you divided by ‖b‖ only; divide by the larger norm, max(‖a‖, ‖b‖)"),
     _over(lambda a, b: _norm(b))),
]
_FORMULA = [
    (N_("wrong denominator: you divided by min(‖a‖, ‖b‖); use max"), _over(lambda a, b: min(_norm(a), _norm(b)))),
    (N_("wrong denominator: ‖a‖ + ‖b‖ is another convention (it gives half as much when a ≈ b); this course "
        "divides by max(‖a‖, ‖b‖)"), _over(lambda a, b: _norm(a) + _norm(b))),
    (N_("wrong denominator: you divided by the mean of the two norms; use the larger one, max(‖a‖, ‖b‖)"),
     _over(lambda a, b: (_norm(a) + _norm(b)) / 2)),
    (N_("wrong denominator: you divided by ‖a + b‖; use max(‖a‖, ‖b‖)"), _over(lambda a, b: _norm(a + b))),
    (N_("wrong denominator: you divided by the product ‖a‖ ‖b‖; use the larger norm, max(‖a‖, ‖b‖)"),
     _over(lambda a, b: _norm(a) * _norm(b))),
    (N_("that is the absolute error ‖a − b‖; divide it by max(‖a‖, ‖b‖) to make it relative"),
     lambda a, b: _norm(a - b)),
    (N_("you subtracted the norms, ‖a‖ − ‖b‖; take the norm of the difference, ‖a − b‖"),
     lambda a, b: abs(_norm(a) - _norm(b)) / _biggest(a, b)),
    (N_("you used squared norms (no square root); np.linalg.norm is the length, the square root of the sum of "
        "squares"), lambda a, b: _norm(a - b) ** 2 / _biggest(a, b) ** 2),
    (N_("you used the largest componentwise error max|a_i − b_i|; use the norm ‖a − b‖"),
     lambda a, b: float(np.max(np.abs(a - b))) / _biggest(a, b)),
    (N_("you used sums of absolute values (the 1-norm); use np.linalg.norm, the length of the vectors"),
     lambda a, b: float(np.sum(np.abs(a - b))) / max(float(np.sum(np.abs(a))), float(np.sum(np.abs(b))))),
    (N_("you divided by the largest entry of a and b, not by the larger norm; use np.linalg.norm(a) and "
        "np.linalg.norm(b)"), _over(lambda a, b: max(float(np.max(np.abs(a))), float(np.max(np.abs(b)))))),
]
_NONZERO_MISTAKES = _CLOSE_SHORTCUT + _ROUNDING + _EPS + _ONE_SIDED + _FORMULA

_ONE_ZERO = N_("when just one of the vectors is zero the two gradients disagree completely and the relative error "
               "is 1: an analytic gradient that is all zeros is the very bug a gradient check exists to catch. "
               "Return 0.0 only when both are zero")
# a zero vector against a nonzero one
_ONE_ZERO_MISTAKES = [
    (N_("you returned 0.0 as soon as one of the vectors is zero; {one_zero}", one_zero=_ONE_ZERO),
     lambda a, b: 0.0 if min(_norm(a), _norm(b)) == 0 else _relative(a, b)),
    (N_("you returned 0.0 whenever a is zero, even when b is not; {one_zero}", one_zero=_ONE_ZERO),
     lambda a, b: 0.0 if _norm(a) == 0 else _relative(a, b)),
    (N_("you returned 0.0 whenever b is zero, even when a is not; {one_zero}", one_zero=_ONE_ZERO),
     lambda a, b: 0.0 if _norm(b) == 0 else _relative(a, b)),
]
_BOTH_ZERO = N_("both a and b are zero, so max(‖a‖, ‖b‖) is 0; two zero gradients (at a minimum, say) agree "
                "perfectly: return 0.0 before dividing in that case")
_BOTH_ZERO_MISTAKES = [(N_("0/0 gives nan: {both_zero}", both_zero=_BOTH_ZERO), lambda a, b: np.nan)]


def _relative_label(a, b) -> str:
    return f"relative_error(a={_vec(a)}, b={_vec(b)})"


def _relative_case(a, b) -> Case:
    return Case((a, b), _relative_label(a, b))


def _random_vector(rng, d: int, scale: float):
    v = _round(scale * rng.uniform(-1, 1, d), 3)
    while _norm(v) == 0:
        v = _round(scale * rng.uniform(-1, 1, d), 3)
    return v


def _clearly_different(small: bool) -> Callable:
    """Two nonzero vectors of a random length: one a perturbed or rescaled copy of the other (a lost factor 2).

    small: the larger norm is between 0.012 and 0.03, where an eps of 1e-8 added to the
    denominator changes the result by more than the tolerance and one of 1e-9 does not, and
    b is the larger vector; otherwise the larger norm is between about 3 and 1000, and a is
    the larger vector (so each of ‖a‖ alone and ‖b‖ alone is wrong on one of the two cases).
    """
    def make(rng) -> Case:
        d = int(rng.integers(2, 7))
        a = rng.uniform(-1, 1, d)
        if rng.random() < 0.5:
            b = a * (1 + 10 ** rng.uniform(-2, 0) * rng.uniform(-1, 1, d))
        else:
            b = a * rng.choice([-1, 1]) * 10 ** rng.uniform(-1, 1) + 0.1 * rng.uniform(-1, 1, d)
        scale = rng.uniform(0.012, 0.03) if small else 10 ** rng.uniform(0.5, 3)
        top = max(_norm(a), _norm(b))
        a, b = _round(a * scale / top, 4), _round(b * scale / top, 4)
        if (_norm(a) > _norm(b)) == small:
            a, b = b, a
        return _relative_case(a, b)

    mistakes = _ROUNDING + _FORMULA + [_ONE_SIDED[0] if small else _ONE_SIDED[1]] + (_EPS if small else [])
    return lambda rng: distinct_case(make, rng, _relative, mistakes, margin=RTOL)


def _nearly_equal(rng) -> Case:
    """Two nonzero vectors whose relative error is tiny (1e-9 to 1e-6), as for a right gradient."""
    def make(rng) -> Case:
        d = int(rng.integers(2, 7))
        a = _random_vector(rng, d, 10 ** rng.uniform(-2, 3))
        b = a * (1 + 10 ** rng.uniform(-8, -6) * rng.uniform(0.2, 1, d) * rng.choice([-1, 1], d))
        return _relative_case(a, b)

    return distinct_case(make, rng, _relative, _CLOSE_SHORTCUT + _ROUNDING, margin=RTOL)


def _nonzero_fresh():
    kinds = iter([_clearly_different(small=True), _clearly_different(small=False), _nearly_equal])
    return lambda rng: next(kinds)(rng)


def _one_zero_fresh():
    """A zero vector against a nonzero one, once as a and once as b."""
    zero_first = itertools.cycle([True, False])

    def fresh(rng):
        d = int(rng.integers(2, 7))
        v = _random_vector(rng, d, 10 ** rng.uniform(-2, 3))
        return _relative_case(np.zeros(d), v) if next(zero_first) else _relative_case(v, np.zeros(d))

    return fresh


def _both_zero(rng) -> Case:
    d = int(rng.integers(2, 7))
    return _relative_case(np.zeros(d), np.zeros(d))


def _relative_result(raw, case: Case) -> float:
    a = case.args[0]
    if isinstance(raw, np.ndarray) and raw.ndim >= 1 and raw.shape == a.shape:
        raise wrong(_("{label} returned an array of shape {shape}, one value per entry; the relative "
                      "error is one number: use the norms, np.linalg.norm(a - b) and so on").format(
                          label=case.label, shape=raw.shape))
    return number(raw, case.label)


def _judge_group(fn, group: list[Case], what: str, mistakes, otherwise: str, zero_division: str) -> str | None:
    """judge() on one group of cases, after the groups before it have passed.

    A ZeroDivisionError (plain Python floats) gets the group's hint, and None on this group,
    after answers on the groups before, is named as a branch without a return.
    """
    try:
        return judge(fn, group, _relative, _relative_result, mistakes=mistakes, otherwise=otherwise)
    except Stop as stop:
        message = stop.feedback.message
        if isinstance(stop.error, ZeroDivisionError):
            hint = _(zero_division)
            raise wrong(f"{message}. {hint[0].upper()}{hint[1:]}") from None
        if what and (stop.returned_none or stop.only_some):
            raise wrong(_("your function returned None for {what}, although it answered the cases with two "
                          "nonzero vectors: does an `if` lack its `else`, or a branch its `return`?").format(
                              what=what)) from None
        raise


@checker(N_("your relative error is right for vectors of other lengths and scales, for nearly equal ones, "
            "for one zero vector against a nonzero one, and for two zero vectors"))
def check_relative_error(fn: Callable) -> str | None:
    """fn(a, b) should return the relative error of two gradient vectors, and 0.0 when both are zero."""
    fixed = [_relative_case(a, b) for a, b in
             [(np.array([3.0, -4.0]), np.array([3.0, -3.0])), (np.array([0.1, 0.2, 0.2]), np.array([0.4, 0.0, 0.0])),
              (np.array([-400.0, 200.0]), np.array([-399.9, 200.05]))]]
    # The groups are judged in turn: the formula on nonzero vectors first, then the zero cases,
    # where most wrong formulas give nan or inf, each with a diagnosis of its own.
    return (_judge_group(fn, cases(fixed, _nonzero_fresh()), "", _NONZERO_MISTAKES,
                         _("Compute np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))."),
                         _("no vector here is zero: what did you divide by?"))
            or _judge_group(fn, cases((), _one_zero_fresh(), n=2), _("a zero vector against a nonzero one"),
                            _ONE_ZERO_MISTAKES, _("The formula applies as it is: "
                                                  "{one_zero}.").format(one_zero=_(_ONE_ZERO)),
                            _("only one of the vectors is zero, so max(‖a‖, ‖b‖) is not: divide by the larger "
                              "norm, not by the norm of the zero vector"))
            or _judge_group(fn, cases((), _both_zero, n=1), _("two zero vectors"), _BOTH_ZERO_MISTAKES,
                            _("The relative error of two zero vectors is 0.0 by convention: {both_zero}.").format(
                                both_zero=_(_BOTH_ZERO)),
                            _BOTH_ZERO))
