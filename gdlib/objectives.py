"""Test functions with their exact gradients and known minimisers.

Each is an Objective: call obj.f(x) for the value and obj.grad(x) for the gradient;
obj.minimum is a known minimiser (or None) so a run can be checked against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdlib._validate import positive


@dataclass(frozen=True)
class Objective:
    name: str
    f: Callable
    grad: Callable
    minimum: np.ndarray | float | None = None
    hess: Callable | None = None
    xlim: tuple[float, float] = (-2.0, 2.0)
    ylim: tuple[float, float] = (-2.0, 2.0)

    def __call__(self, x):
        return self.f(x)


def parabola(a: float = 1.0, c: float = 0.0) -> Objective:
    """f(w) = a/2 (w - c)²,  f'(w) = a (w - c),  minimum at w = c.

    Gradient descent on it contracts, w - c ← (1 - lr·a)(w - c), exactly when 0 < lr < 2/a.
    """
    a = positive("a", a)
    return Objective(
        name=f"{a:g}/2 (w - {c:g})²",
        f=lambda w: 0.5 * a * (np.asarray(w, dtype=float) - c) ** 2,
        grad=lambda w: a * (np.asarray(w, dtype=float) - c),
        minimum=float(c),
        hess=lambda w: a,
        xlim=(c - 3.0, c + 3.0),
    )


def quadratic(A, b=None) -> Objective:
    """f(x) = ½ xᵀAx - bᵀx,  ∇f(x) = Ax - b,  Hessian A,  minimum at x = A⁻¹b.

    A must be symmetric positive definite; its condition number
    (largest / smallest eigenvalue) sets how hard the problem is for gradient descent.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError(f"A must be a symmetric square matrix, got A={A!r}")
    if np.min(np.linalg.eigvalsh(A)) <= 0:
        raise ValueError("A must be positive definite (all eigenvalues > 0) so that a minimum exists")
    b = np.zeros(len(A)) if b is None else np.asarray(b, dtype=float)
    if b.shape != (len(A),):
        raise ValueError(f"b must have shape ({len(A)},) to match A, got shape {b.shape}")
    xmin = np.linalg.solve(A, b)

    def f(x):
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            return 0.5 * x @ A @ x - b @ x
        # a stack of points (d, ...), e.g. a contour grid: one vectorised evaluation, not a loop
        return 0.5 * np.einsum("i...,ij,j...->...", x, A, x) - np.tensordot(b, x, axes=1)

    return Objective(
        name="½ xᵀAx - bᵀx",
        f=f,
        grad=lambda x: A @ x - b,
        minimum=xmin,
        hess=lambda x: A,
        xlim=(xmin[0] - 3.0, xmin[0] + 3.0),
        ylim=(xmin[-1] - 3.0, xmin[-1] + 3.0),
    )


def ill_conditioned(c1: float = 0.1, c2: float = 2.0) -> Objective:
    """f(x) = c1·x1² + c2·x2²: curvature 2·c1 along x1 and 2·c2 along x2.

    With the defaults 0.1·x1² + 2·x2² the condition number is 2·c2 / (2·c1) = 20: one
    learning rate cannot suit both directions (GD diverges for lr > 2/(2·c2) = 0.5, and
    then crawls along x1 at a rate of 1 - 2·c1·lr per step).
    """
    q = quadratic(np.diag([2 * positive("c1", c1), 2 * positive("c2", c2)]))
    return Objective(
        name=f"{c1:g}·x1² + {c2:g}·x2²", f=q.f, grad=q.grad, minimum=q.minimum, hess=q.hess,
        xlim=(-5.0, 5.0), ylim=(-3.0, 3.0),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    """f(x, y) = (a - x)² + b (y - x²)²: a curved, narrow valley; minimum 0 at (a, a²).

        ∂f/∂x = -2(a - x) - 4b x (y - x²),   ∂f/∂y = 2b (y - x²)
    """

    def f(p):
        x, y = p
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(p):
        x, y = p
        return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])

    def hess(p):
        x, y = p
        return np.array([[2 - 4 * b * (y - 3 * x**2), -4 * b * x], [-4 * b * x, 2 * b]])

    return Objective(
        name="Rosenbrock", f=f, grad=grad, minimum=np.array([a, a**2]), hess=hess,
        xlim=(-2.0, 2.0), ylim=(-1.0, 3.0),
    )


def double_well(tilt: float = 0.3) -> Objective:
    """f(w) = (w² - 1)² + tilt·w: two valleys near w = -1 and w = +1.

        f'(w) = 4w(w² - 1) + tilt
    For tilt > 0 the left valley is deeper (the global minimum), the right one is a
    local minimum where gradient descent started on the right gets stuck.
    """
    roots = np.roots([4.0, 0.0, -4.0, tilt])  # f'(w) = 0
    real = np.sort(roots[np.abs(roots.imag) < 1e-12].real)
    return Objective(
        name=f"(w² - 1)² + {tilt:g}w",
        f=lambda w: (np.asarray(w, dtype=float) ** 2 - 1) ** 2 + tilt * np.asarray(w, dtype=float),
        grad=lambda w: 4 * np.asarray(w, dtype=float) * (np.asarray(w, dtype=float) ** 2 - 1) + tilt,
        minimum=float(real[0]) if tilt >= 0 else float(real[-1]),
        hess=lambda w: 12 * np.asarray(w, dtype=float) ** 2 - 4,
        xlim=(-2.0, 2.0),
    )


def plateau(width: float = 1.0) -> Objective:
    """f(w) = 1 - exp(-w² / width²): a single valley at 0 surrounded by a flat plateau.

        f'(w) = 2w / width² · exp(-w² / width²)
    Far from 0 the gradient is almost zero, so gradient descent barely moves: it stalls.
    """
    s2 = positive("width", width) ** 2
    return Objective(
        name="1 - exp(-w²)" if s2 == 1 else f"1 - exp(-w²/{s2:g})",
        f=lambda w: 1 - np.exp(-np.asarray(w, dtype=float) ** 2 / s2),
        grad=lambda w: 2 * np.asarray(w, dtype=float) / s2 * np.exp(-np.asarray(w, dtype=float) ** 2 / s2),
        minimum=0.0,
        xlim=(-4.0, 4.0),
    )


def himmelblau() -> Objective:
    """f(x, y) = (x² + y - 11)² + (x + y² - 7)²: four minima of value 0 (one at (3, 2)).

    Which one gradient descent finds depends on where it starts.
        ∂f/∂x = 4x(x² + y - 11) + 2(x + y² - 7),   ∂f/∂y = 2(x² + y - 11) + 4y(x + y² - 7)
    """

    def f(p):
        x, y = p
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def grad(p):
        x, y = p
        return np.array([
            4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
            2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7),
        ])

    return Objective(
        name="Himmelblau", f=f, grad=grad, minimum=np.array([3.0, 2.0]), xlim=(-5.0, 5.0), ylim=(-5.0, 5.0)
    )
