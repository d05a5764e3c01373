"""Test functions with their exact gradients and known minimisers.

Each is an Objective: call obj.f(x) for the value and obj.grad(x) for the gradient;
obj.minimum is a known minimiser (or None) so a run can be checked against it.

The factories check their parameters (a ValueError or TypeError naming it). The functions
they return check what they are given, cheaply, because they run inside training loops:
x must be numbers (TypeError otherwise) and, for the functions of a point in R^d, have d
coordinates along its first axis: shape (d,) for one point, (d, ...) for a stack of points
such as a contour grid (ValueError naming x otherwise). nan and inf coordinates are allowed:
a diverging run must still be able to evaluate f and grad where it went.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdlib._validate import array, function, positive, real
from gdlib.i18n import _, ngettext

__all__ = [
    "Objective",
    "parabola",
    "quadratic",
    "ill_conditioned",
    "rosenbrock",
    "double_well",
    "plateau",
    "himmelblau",
]


@dataclass(frozen=True)
class Objective:
    """A test function: name, f, grad (and hess if known), a known minimiser, and plot limits."""

    name: str
    f: Callable
    grad: Callable
    minimum: np.ndarray | float | None = None
    hess: Callable | None = None
    xlim: tuple[float, float] = (-2.0, 2.0)
    ylim: tuple[float, float] = (-2.0, 2.0)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(_("Objective: name must be a string, got name={self_name!r}").format(self_name=self.name))
        function("f", self.f, what=_("f(x) returning the value"), owner="Objective")
        function("grad", self.grad, what=_("grad(x) returning the gradient"), owner="Objective")
        if self.hess is not None:
            function("hess", self.hess, what=_("hess(x) returning the Hessian, or None"), owner="Objective")
        if self.minimum is not None:
            array("minimum", self.minimum, owner="Objective")
        _limits("xlim", self.xlim)
        _limits("ylim", self.ylim)

    def __call__(self, x):
        return self.f(x)


def _limits(name: str, value) -> None:
    """A plot range (low, high): two finite numbers with low < high."""
    lim = array(name, value, owner="Objective")
    if lim.shape != (2,) or not lim[0] < lim[1]:
        raise ValueError(_("Objective: {name} must be a pair (low, high) with low < high, got {name}={value!r}").format(
            name=name, value=value))


_FLOAT = np.dtype(float)


def _numbers(x, owner: str, name: str = "x") -> np.ndarray:
    """x as a float array: a number or an array of numbers (nan and inf pass). Cheap for arrays."""
    if type(x) is np.ndarray and x.dtype is _FLOAT:
        return x  # the common case: what optimisers and plots pass
    if isinstance(x, np.ndarray):
        if x.dtype.kind not in "fiu":
            raise TypeError(_("{owner}: {name} must be a number or an array of numbers, "
                              "got an array of dtype {x_dtype}").format(owner=owner, name=name, x_dtype=x.dtype))
    elif not (isinstance(x, numbers.Real) and not isinstance(x, bool)):
        if x is None or isinstance(x, (bool, np.bool_, str, bytes, dict, set)):
            raise TypeError(_("{owner}: {name} must be a number or an array of numbers, got {name}={x!r}").format(
                owner=owner, name=name, x=x))
        try:
            return np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(_("{owner}: {name} must be a number or an array of numbers, got {name}={x!r}").format(
                owner=owner, name=name, x=x)) from None
    return np.asarray(x, dtype=float)


def _point(x, d: int, owner: str) -> np.ndarray:
    """x as a point of R^d, shape (d,), or a stack of points, shape (d, ...)."""
    if type(x) is np.ndarray and x.dtype is _FLOAT and x.ndim and x.shape[0] == d:
        return x  # the common case (what optimisers pass), checked in a few attribute lookups
    x = _numbers(x, owner)
    if x.ndim == 0 or x.shape[0] != d:
        raise ValueError(ngettext(
            "{owner}: x must be a point with {d} coordinate, shape ({d},), "
            "or a stack of points of shape ({d}, ...), got shape {shape}",
            "{owner}: x must be a point with {d} coordinates, shape ({d},), "
            "or a stack of points of shape ({d}, ...), got shape {shape}", d).format(owner=owner, d=d, shape=x.shape))
    return x


def parabola(a: float = 1.0, c: float = 0.0) -> Objective:
    """f(w) = a/2 (w - c)²,  f'(w) = a (w - c),  minimum at w = c.

    Gradient descent on it contracts, w - c ← (1 - lr·a)(w - c), exactly when 0 < lr < 2/a.
    """
    a, c = positive("a", a, owner="parabola"), real("c", c, owner="parabola")
    if not c - 3.0 < c + 3.0:  # the plotting window (c − 3, c + 3) must still be two different floats
        raise ValueError(_("parabola: c must be smaller than about 1e15 in size, so that the window c ± 3 "
                           "around the minimum can be drawn, got c={c!r}").format(c=c))
    return Objective(
        name=f"{a:g}/2 (w - {c:g})²",
        f=lambda w: 0.5 * a * (_numbers(w, "parabola: f(w)", "w") - c) ** 2,
        grad=lambda w: a * (_numbers(w, "parabola: grad(w)", "w") - c),
        minimum=float(c),
        hess=lambda w: a,
        xlim=(c - 3.0, c + 3.0),
    )


def quadratic(A, b=None) -> Objective:
    """f(x) = ½ xᵀAx - bᵀx,  ∇f(x) = Ax - b,  Hessian A,  minimum at x = A⁻¹b.

    A must be symmetric positive definite; its condition number
    (largest / smallest eigenvalue) sets how hard the problem is for gradient descent.
    b (default 0) has one entry per row of A. f and grad take one point x of shape (d,)
    or a stack of points of shape (d, ...) (then the result has shape (...) or (d, ...)).
    """
    return _quadratic(A, b, owner="quadratic")


def _quadratic(A, b, owner: str) -> Objective:
    A = array("A", A, ndim=2, owner=owner)
    if A.shape[0] != A.shape[1]:
        raise ValueError(_("{owner}: A must be a symmetric square matrix, got shape {A_shape}").format(
            owner=owner, A_shape=A.shape))
    if not np.allclose(A, A.T):
        raise ValueError(_("{owner}: A must be symmetric (A equal to A.T), got A={A}").format(
            owner=owner, A=A.tolist()))
    eig = np.linalg.eigvalsh(A)
    if np.min(eig) <= 0:
        raise ValueError(_("{owner}: A must be positive definite (all eigenvalues > 0) so that a minimum exists; "
                           "its smallest eigenvalue is {smallest:.3g}").format(owner=owner, smallest=np.min(eig)))
    if np.min(eig) <= np.max(eig) * len(A) * np.finfo(float).eps:
        raise ValueError(_("{owner}: A is singular to float precision (condition number "
                           "{condition:.2g}): its minimiser A⁻¹b cannot be computed").format(
                               owner=owner, condition=np.max(eig) / np.min(eig)))
    d = len(A)
    b = np.zeros(d) if b is None else array("b", b, owner=owner)
    if b.shape != (d,):
        raise ValueError(_("{owner}: b must have shape ({d},) to match A, got shape {b_shape}").format(
            owner=owner, d=d, b_shape=b.shape))
    xmin = np.linalg.solve(A, b)

    def f(x):
        x = _point(x, d, f"{owner}: f(x)")
        if x.ndim == 1:
            return 0.5 * x @ A @ x - b @ x
        # a stack of points (d, ...), e.g. a contour grid: one vectorised evaluation, not a loop
        return 0.5 * np.einsum("i...,ij,j...->...", x, A, x) - np.tensordot(b, x, axes=1)

    def grad(x):
        x = _point(x, d, f"{owner}: grad(x)")
        if x.ndim == 1:
            return A @ x - b
        # a stack of points (d, ...): A acts on the first axis, b is subtracted from every point
        return np.tensordot(A, x, axes=1) - b.reshape((d,) + (1,) * (x.ndim - 1))

    def hess(x):
        _point(x, d, f"{owner}: hess(x)")
        return A

    return Objective(
        name="½ xᵀAx - bᵀx",
        f=f,
        grad=grad,
        minimum=xmin,
        hess=hess,
        xlim=(xmin[0] - 3.0, xmin[0] + 3.0),
        ylim=(xmin[-1] - 3.0, xmin[-1] + 3.0),
    )


def ill_conditioned(c1: float = 0.1, c2: float = 2.0) -> Objective:
    """f(x) = c1·x1² + c2·x2²: curvature 2·c1 along x1 and 2·c2 along x2.

    With the defaults 0.1·x1² + 2·x2² the condition number is 2·c2 / (2·c1) = 20: one
    learning rate cannot suit both directions (GD diverges for lr > 2/(2·c2) = 0.5, and
    then crawls along x1 at a rate of 1 - 2·c1·lr per step).
    """
    c1, c2 = positive("c1", c1, owner="ill_conditioned"), positive("c2", c2, owner="ill_conditioned")
    q = _quadratic(np.diag([2 * c1, 2 * c2]), None, owner="ill_conditioned")
    return Objective(
        name=f"{c1:g}·x1² + {c2:g}·x2²", f=q.f, grad=q.grad, minimum=q.minimum, hess=q.hess,
        xlim=(-5.0, 5.0), ylim=(-3.0, 3.0),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    """f(x, y) = (a - x)² + b (y - x²)²: a curved, narrow valley; minimum 0 at (a, a²).

        ∂f/∂x = -2(a - x) - 4b x (y - x²),   ∂f/∂y = 2b (y - x²)
    b > 0 (with b ≤ 0 there is no valley, and (a, a²) is no longer the only minimum).
    """
    a, b = real("a", a, owner="rosenbrock"), positive("b", b, owner="rosenbrock")
    if abs(a) > 1e100 or b > 1e100:  # beyond, f overflows everywhere near the valley (a², b·x⁴)
        raise ValueError(_("rosenbrock: a and b must be at most 1e100 in size, got a={a!r}, b={b!r}").format(a=a, b=b))

    def f(p):
        x, y = _point(p, 2, "rosenbrock: f(x)")
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(p):
        x, y = _point(p, 2, "rosenbrock: grad(x)")
        return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])

    def hess(p):
        x, y = _point(p, 2, "rosenbrock: hess(x)")
        return np.array([[2 - 4 * b * (y - 3 * x**2), -4 * b * x], [-4 * b * x, 2 * b]])

    return Objective(
        name="Rosenbrock", f=f, grad=grad, minimum=np.array([a, a**2]), hess=hess,
        xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
    )


def double_well(tilt: float = 0.3) -> Objective:
    """f(w) = (w² - 1)² + tilt·w: two valleys near w = -1 and w = +1.

        f'(w) = 4w(w² - 1) + tilt
    For tilt > 0 the left valley is deeper (the global minimum), the right one is a
    local minimum where gradient descent started on the right gets stuck. (For
    |tilt| > 8/√27 ≈ 1.54 the shallow valley disappears and only the deep one is left.)
    """
    tilt = real("tilt", tilt, owner="double_well")
    roots = np.roots([4.0, 0.0, -4.0, tilt])  # f'(w) = 0
    real_roots = np.sort(roots[np.abs(roots.imag) < 1e-12].real)

    def f(w):
        w = _numbers(w, "double_well: f(w)", "w")
        return (w**2 - 1) ** 2 + tilt * w

    def grad(w):
        w = _numbers(w, "double_well: grad(w)", "w")
        return 4 * w * (w**2 - 1) + tilt

    def hess(w):
        w = _numbers(w, "double_well: hess(w)", "w")
        return 12 * w**2 - 4

    return Objective(
        name=f"(w² - 1)² + {tilt:g}w",
        f=f,
        grad=grad,
        minimum=float(real_roots[0]) if tilt >= 0 else float(real_roots[-1]),
        hess=hess,
        xlim=(-2.0, 2.0),
    )


def plateau(width: float = 1.0) -> Objective:
    """f(w) = 1 - exp(-w² / width²): a single valley at 0 surrounded by a flat plateau.

        f'(w) = 2w / width² · exp(-w² / width²)
    Far from 0 the gradient is almost zero, so gradient descent barely moves: it stalls.
    """
    width = positive("width", width, owner="plateau")
    if not 1e-150 <= width <= 1e150:  # width² would under- or overflow: f would be nan or flat
        raise ValueError(_("plateau: width must be between 1e-150 and 1e150 (width² must be a float > 0), "
                           "got width={width!r}").format(width=width))
    s2 = width**2

    def f(w):
        w = _numbers(w, "plateau: f(w)", "w")
        return 1 - np.exp(-w**2 / s2)

    def grad(w):
        w = _numbers(w, "plateau: grad(w)", "w")
        return 2 * w / s2 * np.exp(-w**2 / s2)

    return Objective(
        name="1 - exp(-w²)" if s2 == 1 else f"1 - exp(-w²/{s2:g})",
        f=f,
        grad=grad,
        minimum=0.0,
        xlim=(-4.0, 4.0),
    )


def himmelblau() -> Objective:
    """f(x, y) = (x² + y - 11)² + (x + y² - 7)²: four minima of value 0 (one at (3, 2)).

    Which one gradient descent finds depends on where it starts.
        ∂f/∂x = 4x(x² + y - 11) + 2(x + y² - 7),   ∂f/∂y = 2(x² + y - 11) + 4y(x + y² - 7)
    """

    def f(p):
        x, y = _point(p, 2, "himmelblau: f(x)")
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def grad(p):
        x, y = _point(p, 2, "himmelblau: grad(x)")
        return np.array([
            4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
            2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7),
        ])

    return Objective(
        name="Himmelblau", f=f, grad=grad, minimum=np.array([3.0, 2.0]), xlim=(-5.0, 5.0), ylim=(-5.0, 5.0)
    )
