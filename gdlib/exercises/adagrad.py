"""Checkers for the exercises of the Adagrad notebook (06).

    check_adagrad_step(fn)        fn(w, g, G, lr, eps) -> (w_new, G_new): one Adagrad update
    check_effective_lr(fn)        fn(grads, lr, eps) -> lr / (sqrt(sum of g²) + eps) per coordinate
    check_largest_stable_lr(fn)   fn(c) -> the largest stable GD rate on f(x) = sum c_i x_i²
    check_newton_step(fn)         fn(grad, hess, x) -> x - H⁻¹ ∇f(x)

Each checker runs only the learner's function, on a few cases chosen so that the common
mistakes give different numbers (eps inside the root, G not accumulated, G updated after
the step, 1/a instead of 2/a, a diagonal-only Newton step, ...), and names the mistake.
"""

from __future__ import annotations

import numpy as np

from gdlib.exercises._core import WRONG, Feedback, Stop, as_array, as_float, call, checker

__all__ = [
    "check_adagrad_step",
    "check_effective_lr",
    "check_largest_stable_lr",
    "check_newton_step",
]


def _fmt(a) -> str:
    return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True)


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-7, atol=1e-10))


# --- 1. one Adagrad step ------------------------------------------------------------------

# (w, g, G, lr, eps): a step from G = 0 (the very first update), a later step, and one
# with a large eps, where "eps inside the root" and "eps outside" differ clearly.
_STEP_CASES = [
    (np.array([1.0, -2.0]), np.array([0.5, -4.0]), np.array([0.0, 0.0]), 0.1, 1e-10),
    (np.array([1.0, -2.0]), np.array([0.5, -4.0]), np.array([1.0, 9.0]), 0.1, 1e-10),
    (np.array([0.3, 2.0]), np.array([-1.5, 1.0]), np.array([4.0, 0.25]), 0.5, 0.5),
]


def _as_pair(result):
    """The learner's (w_new, G_new), or a WRONG feedback saying what came back."""
    if isinstance(result, np.ndarray) or not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Stop(
            Feedback(
                WRONG,
                (
                    "return two arrays, the new weights and the new accumulator: `return w_new, "
                    "G_new` "
                    f"(you returned {result!r})"
                ),
            )
        )
    return result


@checker("your step accumulates G ← G + g² first, then moves w ← w − lr·g/(√G + eps)")
def check_adagrad_step(fn):
    """fn(w, g, G, lr, eps) should return (w - lr*g/(sqrt(G + g**2) + eps), G + g**2)."""
    for w, g, G, lr, eps in _STEP_CASES:
        where = f"for w={_fmt(w)}, g={_fmt(g)}, G={_fmt(G)}, lr={lr:g}, eps={eps:g}"
        w_got, G_got = _as_pair(call(fn, w, g, G, lr, eps))
        w_got = as_array(w_got, w.shape, "w_new")
        G_got = as_array(G_got, G.shape, "G_new")
        G_new = G + g**2
        if not _close(G_got, G_new):
            if _close(G_got, g**2) and not _close(G, 0 * G):
                return (
                    f"{where} your G_new is {_fmt(G_got)}, expected {_fmt(G_new)}: that is g² of "
                    "this "
                    "step only. Adagrad accumulates: add g² to the G it was given (G + g**2)"
                )
            if _close(G_got, G) and not _close(g, 0 * g):
                return (
                    f"{where} your G_new is {_fmt(G_got)}, the G you were given: add this "
                    "step's g**2 before returning it"
                )
            if _close(G_got, G + np.abs(g)):
                return (
                    f"{where} your G_new is {_fmt(G_got)}, expected {_fmt(G_new)}: add g squared, "
                    "not |g|"
                )
            return f"{where} your G_new is {_fmt(G_got)}, expected {_fmt(G_new)} = G + g**2"
        want = w - lr * g / (np.sqrt(G_new) + eps)
        if _close(w_got, want):
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            mistakes = [
                (
                    w - lr * g / np.sqrt(G_new + eps),
                    "eps sits inside the square root; this course (like PyTorch) adds it outside: "
                    "lr*g / (np.sqrt(G) + eps)",
                ),
                (
                    w - lr * g / (np.sqrt(g**2) + eps),
                    "you divided by √(g²) of this step only; divide by the square root of the "
                    "accumulated G_new = G + g**2",
                ),
                (
                    w - lr * g / (np.sqrt(G) + eps),
                    "you divided by the old G: update G ← G + g² *before* the step, so the first "
                    "step is lr·g/|g| and not a huge lr·g/eps",
                ),
                (
                    w - lr * g / (G_new + eps),
                    "the square root is missing: divide by np.sqrt(G_new) + eps",
                ),
                (
                    w + lr * g / (np.sqrt(G_new) + eps),
                    "the sign is flipped: step against the gradient (w - ...)",
                ),
                (
                    w - lr * g,
                    "this is a plain gradient-descent step: divide lr*g by np.sqrt(G_new) + eps",
                ),
            ]
        for wrong, hint in mistakes:
            if np.all(np.isfinite(wrong)) and _close(w_got, wrong):
                return f"{where} your w_new is {_fmt(w_got)}, expected {_fmt(want)}: {hint}"
        if not np.all(np.isfinite(w_got)) or np.max(np.abs(w_got - w)) > 1e3:
            return (
                f"{where} your w_new is {_fmt(w_got)}, expected {_fmt(want)}: a huge step usually "
                "means "
                "dividing by the old G (zero at the first step); add g² to G first"
            )
        return (
            f"{where} your w_new is {_fmt(w_got)}, expected {_fmt(want)} = w - "
            "lr*g/(np.sqrt(G_new) + eps)"
        )
    return None


# --- 2. the effective learning rate ------------------------------------------------------

_RATE_CASES = [
    (np.array([[3.0, 0.1], [4.0, 0.2], [0.0, 0.2]]), 0.5, 1e-10),
    (np.array([[1.0, -2.0], [-1.0, 2.0], [2.0, 0.5], [1.0, 1.0]]), 0.1, 0.5),
]


@checker("your effective rate is lr / (√(g₁² + … + g_t²) + eps), coordinate by coordinate")
def check_effective_lr(fn):
    """fn(grads, lr, eps), grads of shape (t, d), should return lr / (sqrt(sum_t g**2) + eps), "
    "shape (d,)."""
    for grads, lr, eps in _RATE_CASES:
        t, d = grads.shape
        where = f"for grads={_fmt(grads).replace(chr(10), '')}, lr={lr:g}, eps={eps:g}"
        got = as_array(call(fn, grads, lr, eps), (d,), "effective_lr(grads, lr, eps)")
        G = np.sum(grads**2, axis=0)
        want = lr / (np.sqrt(G) + eps)
        if _close(got, want):
            continue
        mistakes = [
            (
                lr / (np.sqrt(grads[-1] ** 2) + eps),
                "you used only the last gradient; G is the running *sum* of every g² so far "
                "(axis=0)",
            ),
            (
                lr / (np.sqrt(np.mean(grads**2, axis=0)) + eps),
                "you averaged the squares (that is closer to RMSProp); Adagrad sums them, so the "
                "rate keeps shrinking",
            ),
            (
                lr / np.sqrt(G + eps),
                "eps sits inside the square root; add it after: lr / (np.sqrt(G) + eps)",
            ),
            (lr / (G + eps), "the square root is missing: lr / (np.sqrt(G) + eps)"),
            (
                lr / (np.abs(np.sum(grads, axis=0)) + eps),
                "you summed the gradients before squaring, so opposite signs cancel; square each "
                "g first, then sum",
            ),
            (
                lr / (np.sqrt(np.sum(grads**2, axis=1)).sum() + eps) * np.ones(d),
                "you summed over the wrong axis; each coordinate has its own G (sum over steps, "
                "axis=0)",
            ),
            (1 / (np.sqrt(G) + eps), "lr is missing: multiply by the base learning rate"),
        ]
        for wrong, hint in mistakes:
            if np.all(np.isfinite(wrong)) and _close(got, wrong):
                return f"{where} you returned {_fmt(got)}, expected {_fmt(want)}: {hint}"
        return f"{where} you returned {_fmt(got)}, expected {_fmt(want)} = lr / (np.sqrt(G) + eps)"
    return None


# --- 3. the largest stable gradient-descent rate on a diagonal quadratic -----------------

_STABLE_CASES = [np.array([0.1, 2.0]), np.array([3.0, 0.5, 1.0]), np.array([0.25])]


@checker("the largest stable rate is 2 / (largest curvature) = 2 / (2·max cᵢ) = 1 / max cᵢ")
def check_largest_stable_lr(fn):
    """fn(c) for f(x) = sum_i c_i x_i² should return 2 / max(2 c_i) (GD diverges for larger "
    "rates)."""
    for c in _STABLE_CASES:
        got = as_float(call(fn, c.copy()), "largest_stable_lr(c)")
        curv = 2 * c  # the second derivative of c·x² is 2c
        want = 2 / curv.max()
        if np.isclose(got, want, rtol=1e-9):
            continue
        where = (
            f"for c={_fmt(c)} (curvatures 2c = {_fmt(curv)}) you returned {got:.6g}, expected "
            f"{want:.6g}"
        )
        mistakes = [
            (
                1 / curv.max(),
                "that is 1/a; the step factor 1 − α·a stays above −1 as long as α < 2/a, so the "
                "limit is 2/a",
            ),
            (
                2 / c.max(),
                "you used c as the curvature, but the second derivative of c·x² is 2c: use "
                "2/(2·max c)",
            ),
            (
                2 / curv.min(),
                "you used the smallest curvature; the steepest direction (largest curvature) "
                "diverges first, so take the max",
            ),
            (
                1 / curv.min(),
                "you used the smallest curvature (and 1/a); the largest curvature decides, and "
                "the limit is 2/a",
            ),
            (
                2 / curv.sum(),
                "you summed the curvatures; each coordinate is its own 1-D problem, and the "
                "largest one decides",
            ),
            (2 / curv.mean(), "you averaged the curvatures; the largest one decides"),
        ]
        for wrong, hint in mistakes:
            if np.isclose(got, wrong, rtol=1e-9):
                return f"{where}: {hint}"
        return f"{where} = 2 / max(2c)"
    return None


# --- 4. a Newton step ------------------------------------------------------------------

_A = np.array([[3.0, 1.0], [1.0, 2.0]])
_B = np.array([1.0, -1.0])
_A3 = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 2.0]])
_B3 = np.array([1.0, 0.0, 2.0])
_NEWTON_CASES = [(_A, _B, np.array([2.0, 0.5])), (_A3, _B3, np.array([-1.0, 2.0, 0.5]))]


@checker("your Newton step x − H⁻¹∇f(x) lands exactly on the minimum of a quadratic")
def check_newton_step(fn):
    """fn(grad, hess, x) should return x - solve(hess(x), grad(x))."""
    for A, b, x in _NEWTON_CASES:

        def grad(x, A=A, b=b):
            return A @ np.asarray(x, dtype=float) - b

        def hess(x, A=A):
            return A.copy()

        where = f"on f(x) = ½xᵀAx − bᵀx with A={_fmt(A).replace(chr(10), '')}, at x={_fmt(x)}"
        got = as_array(call(fn, grad, hess, x.copy()), x.shape, "newton_step(grad, hess, x)")
        g = grad(x)
        step = np.linalg.solve(A, g)
        want = x - step
        if _close(got, want):
            continue
        mistakes = [
            (x + step, "the sign is flipped: subtract H⁻¹∇f (x - ...)"),
            (step, "you returned the step H⁻¹∇f itself; return the new point x - step"),
            (-step, "you returned -H⁻¹∇f, the step; add it to x"),
            (
                x - A @ g,
                "you multiplied by H; Newton divides by the curvature: solve H·d = ∇f "
                "(np.linalg.solve(H, g))",
            ),
            (
                x - g / np.diag(A),
                "you divided by diag(H) only; that ignores the off-diagonal terms. "
                "Use the whole matrix: np.linalg.solve(H, g)",
            ),
            (x - g, "this is a gradient-descent step with α = 1; Newton rescales it by H⁻¹"),
        ]
        for wrong, hint in mistakes:
            if _close(got, wrong):
                return f"{where} you returned {_fmt(got)}, expected {_fmt(want)}: {hint}"
        return (
            f"{where} you returned {_fmt(got)}, expected {_fmt(want)} = x - "
            "np.linalg.solve(hess(x), grad(x))"
        )
    return None
