"""Checkers for the exercises of the Adagrad notebook (06).

    check_adagrad_step(fn)        fn(w, g, G, lr, eps) -> (w_new, G_new): one Adagrad update,
                                  without changing w, g or G
    check_effective_lr(fn)        fn(grads, lr, eps) -> Adagrad's rate per coordinate after the
                                  gradients in the rows of grads
    check_largest_stable_lr(fn)   fn(c) -> the boundary learning rate of gradient descent on
                                  f(x) = sum c_i x_i²
    check_newton_step(fn)         fn(grad, hess, x) -> the point one Newton step from x

Besides the visible cases, every check draws fresh ones: fractional numbers, an eps large
enough that its place (inside or outside the square root) changes the result, a learning rate
that is not 1, gradient histories whose number of steps differs from the number of
coordinates, unsorted c of other lengths, and smooth non-quadratic functions with coupled
coordinates, on which one Newton step does not land on the minimum and the Hessian differs
from point to point. A mistake is named only when it explains the answer on every case.
"""

from __future__ import annotations

import numbers

import numpy as np

from gdlib.exercises._core import (
    Case,
    array,
    cases,
    checker,
    close,
    fmt,
    judge,
    number,
    pair,
    wrong,
)
from gdlib.i18n import N_, _

__all__ = [
    "check_adagrad_step",
    "check_effective_lr",
    "check_largest_stable_lr",
    "check_newton_step",
]


def _vec(a) -> str:
    """A short vector or matrix as Python would print its list: [0.5, -1.25]."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0:
        return f"{float(a):g}"
    return "[" + ", ".join(_vec(row) for row in a) + "]"


# --- 1. one Adagrad step ------------------------------------------------------------------

EPS_CONVENTION = N_("ε sits inside the square root, √(G + ε). That is the other common convention (TensorFlow/Keras "
                    "and many Korean references use it), but this exercise asks for PyTorch's, the one gdlib uses: "
                    "ε outside the root, √G + ε")


def _step_label(w, g, G, lr, eps) -> str:
    return f"adagrad_step(w={_vec(w)}, g={_vec(g)}, G={_vec(G)}, lr={lr:g}, eps={eps:g})"


def _step_case(args) -> Case:
    return Case(args, _step_label(*args))


# (w, g, G, lr, eps): the very first step (G = 0) with a coordinate whose gradient is 0, a
# later step, and a large eps, where "eps inside the root" and "eps outside" differ clearly.
_STEP_CASES = [
    (np.array([1.0, -2.0, 0.5]), np.array([0.5, -4.0, 0.0]), np.zeros(3), 0.1, 1e-10),
    (np.array([1.0, -2.0]), np.array([0.5, -4.0]), np.array([1.0, 9.0]), 0.1, 1e-10),
    (np.array([0.3, 2.0]), np.array([-1.5, 1.0]), np.array([4.0, 0.25]), 0.5, 0.5),
]


def _fresh_step(rng) -> Case:
    d = int(rng.integers(2, 6))
    w = np.round(rng.uniform(-3, 3, d), 2)
    # |g| away from 0 and from 1, so that g, |g| and g² all differ
    g = np.round(rng.choice([-1, 1], d) * rng.uniform(0.2, 3.0, d), 2)
    g[np.abs(np.abs(g) - 1) < 0.15] *= 1.7
    G = np.round(rng.uniform(0.2, 6.0, d), 2)  # a later step: the old G is not 0
    lr = round(float(rng.uniform(0.05, 0.9)), 2)  # not 1: a missing lr shows
    eps = round(float(rng.uniform(0.1, 1.0)), 2)  # large: its place inside or outside the root shows
    return _step_case((w, g, G, lr, eps))


def _adagrad(w, g, G, lr, eps):
    G_new = G + g**2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


def _with_G(G_new, rate_of):
    """A wrong step (w, g, G, lr, eps) -> (w_new, G_new) built from a G_new rule and a w_new rule."""
    def step(w, g, G, lr, eps):
        Gn = G_new(g, G)
        return rate_of(w, g, G, Gn, lr, eps), Gn
    return step


_RIGHT_G = lambda g, G: G + g**2  # noqa: E731

_STEP_MISTAKES = [
    (N_("you returned them the other way round: `return w_new, G_new`"),
     lambda w, g, G, lr, eps: _adagrad(w, g, G, lr, eps)[::-1]),
    (EPS_CONVENTION, _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn + eps))),
    (N_("ε sits inside the square root (the TensorFlow/Keras convention; this exercise asks for PyTorch's, "
        "√G + ε), and you divided by the old G: add g² to G before the step"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(G + eps))),
    (N_("Python divided before adding ε: put the whole denominator in parentheses, lr * g / (np.sqrt(G_new) + eps)"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn) + eps)),
    (N_("ε is missing from the denominator; it keeps the step finite where G is 0"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn))),
    (N_("you divided by the old G: update G first, then step with the new one, so that the first step is ±lr "
        "and not a huge lr·g/ε"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G) + eps))),
    (N_("you added g² twice: G_new already holds this step's g², divide by its square root as it is"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn + g**2) + eps))),
    (N_("your G_new is g² of this step only: Adagrad accumulates, add g² to the G it was given"),
     _with_G(lambda g, G: g**2, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps))),
    (N_("you divided by √(g²) of this step only; divide by the square root of the accumulated G_new"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.abs(g) + eps))),
    (N_("you returned the G you were given: add this step's g² to it"),
     _with_G(lambda g, G: G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G + g**2) + eps))),
    (N_("you returned the G you were given and stepped with it: add this step's g² to G first"),
     _with_G(lambda g, G: G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G) + eps))),
    (N_("you added |g| to G: Adagrad adds g squared"),
     _with_G(lambda g, G: G + np.abs(g), lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps))),
    (N_("you added g to G: Adagrad adds g squared"),
     _with_G(lambda g, G: G + g, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps))),
    (N_("your G_new is right, but the square root is missing in the step: divide by np.sqrt(G_new) + eps"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (Gn + eps))),
    (N_("you divided by one number for every coordinate (the norm of G); Adagrad divides each coordinate by its "
        "own √G, elementwise"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(np.sum(Gn)) + eps))),
    (N_("the sign is flipped: step against the gradient, w - ..."),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w + lr * g / (np.sqrt(Gn) + eps))),
    (N_("lr is missing: multiply the step by the base learning rate"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - g / (np.sqrt(Gn) + eps))),
    (N_("you returned the step itself as w_new; return the new point w minus the step"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: lr * g / (np.sqrt(Gn) + eps))),
    (N_("this is a plain gradient-descent step: divide lr·g by np.sqrt(G_new) + eps"),
     _with_G(_RIGHT_G, lambda w, g, G, Gn, lr, eps: w - lr * g)),
]


def _step_result(raw, case) -> np.ndarray:
    w = case.args[0]
    w_new, G_new = pair(raw, ("w_new", "G_new"))
    w_new = array(w_new, w.shape, _("w_new of {label}").format(label=case.label))
    G_new = array(G_new, w.shape, _("G_new of {label}").format(label=case.label))
    return np.stack([w_new, G_new])


def _show_step(got, want) -> str:
    if not close(got[1], want[1]):
        return _("returned G_new = {got}, expected {want}").format(got=fmt(got[1], want[1]), want=fmt(want[1], got[1]))
    return _("returned w_new = {got}, expected {want}").format(got=fmt(got[0], want[0]), want=fmt(want[0], got[0]))


@checker(N_("your Adagrad step is right on a first step, on later steps, with a large eps and on fresh random "
            "cases, and it leaves its inputs unchanged"))
def check_adagrad_step(fn):
    """fn(w, g, G, lr, eps) should return the pair (w_new, G_new) of one Adagrad update."""
    return judge(
        fn, cases([_step_case(c) for c in _STEP_CASES], _fresh_step), _adagrad, _step_result,
        mistakes=_STEP_MISTAKES, show=_show_step,
        otherwise=_("Accumulate first (G_new is G plus this step's g²), then step w by lr·g over (√G_new + ε)."),
    )


# --- 2. the effective learning rate ------------------------------------------------------


def _rate_case(grads, lr, eps) -> Case:
    return Case((grads, lr, eps), f"effective_lr(grads={_vec(grads)}, lr={lr:g}, eps={eps:g})")


# (grads, lr, eps): never as many steps as coordinates (rows ≠ columns), lr ≠ 1; the last case has a
# coordinate that never saw a gradient (a rare feature) and a large eps.
_RATE_CASES = [
    (np.array([[3.0, 0.1], [4.0, 0.2], [0.0, 0.2]]), 0.5, 1e-10),
    (np.array([[1.0, -2.0], [-1.0, 2.0], [2.0, 0.5], [1.0, 1.0]]), 0.1, 0.5),
    (np.array([[0.5, 0.0, -1.0], [1.5, 0.0, 2.0]]), 0.1, 0.25),
]


def _fresh_rates(rng) -> Case:
    d = int(rng.integers(2, 5))
    t = int(rng.choice([k for k in range(2, 7) if k != d]))  # t ≠ d: summing over the wrong axis shows
    grads = np.round(rng.uniform(-3, 3, (t, d)), 2)
    grads[np.abs(grads) < 0.1] = 0.35
    grads[0, 0], grads[1, 0] = abs(grads[0, 0]), -abs(grads[1, 0])  # opposite signs: Σg ≠ √Σg²
    lr = round(float(rng.uniform(0.05, 0.9)), 2)
    eps = round(float(rng.uniform(0.1, 1.0)), 2)
    return _rate_case(grads, lr, eps)


def _effective_lr(grads, lr, eps):
    return lr / (np.sqrt(np.sum(grads**2, axis=0)) + eps)


def _G(grads):
    return np.sum(grads**2, axis=0)


_RATE_MISTAKES = [
    (EPS_CONVENTION, lambda grads, lr, eps: lr / np.sqrt(_G(grads) + eps)),
    (N_("Python divided before adding ε: put the denominator in parentheses, lr / (np.sqrt(G) + eps)"),
     lambda grads, lr, eps: lr / np.sqrt(_G(grads)) + eps),
    (N_("ε is missing from the denominator; it keeps the rate finite for a coordinate that never had a gradient"),
     lambda grads, lr, eps: lr / np.sqrt(_G(grads))),
    (N_("you used only the last gradient; G is the running sum of every g² so far (sum over the rows, axis=0)"),
     lambda grads, lr, eps: lr / (np.abs(grads[-1]) + eps)),
    (N_("you left out the last step's gradient: after t steps G holds all t rows"),
     lambda grads, lr, eps: lr / (np.sqrt(_G(grads[:-1])) + eps)),
    (N_("you left out the first step's gradient: after t steps G holds all t rows"),
     lambda grads, lr, eps: lr / (np.sqrt(_G(grads[1:])) + eps)),
    (N_("you averaged the squares (that is closer to RMSProp); Adagrad sums them, so its rate keeps shrinking"),
     lambda grads, lr, eps: lr / (np.sqrt(np.mean(grads**2, axis=0)) + eps)),
    (N_("the square root is missing: divide lr by np.sqrt(G) + eps"),
     lambda grads, lr, eps: lr / (_G(grads) + eps)),
    (N_("you summed the gradients before squaring, so opposite signs cancel; square each g first, then sum"),
     lambda grads, lr, eps: lr / (np.abs(np.sum(grads, axis=0)) + eps)),
    (N_("you summed |g|; Adagrad sums the squares g², then takes the square root of the sum"),
     lambda grads, lr, eps: lr / (np.sum(np.abs(grads), axis=0) + eps)),
    (N_("upside down: the rate is lr divided by (√G + ε)"),
     lambda grads, lr, eps: (np.sqrt(_G(grads)) + eps) / lr),
    (N_("lr is missing: multiply by the base learning rate"),
     lambda grads, lr, eps: 1 / (np.sqrt(_G(grads)) + eps)),
    (N_("that is the length of the last step (rate times gradient); the rate alone leaves out g"),
     lambda grads, lr, eps: lr * np.abs(grads[-1]) / (np.sqrt(_G(grads)) + eps)),
    (N_("that is the last step (rate times gradient); the rate alone leaves out g"),
     lambda grads, lr, eps: lr * grads[-1] / (np.sqrt(_G(grads)) + eps)),
]


def _rate_result(raw, case) -> np.ndarray:
    t, d = case.args[0].shape
    if isinstance(raw, np.ndarray) and raw.shape == (t,) and t != d:
        raise wrong(_("{label} returned {t} numbers, one per step; expected {d}, one per coordinate: "
                      "sum the squares over the steps (the rows, axis=0)").format(label=case.label, t=t, d=d))
    if isinstance(raw, np.ndarray) and raw.shape == (t, d):
        raise wrong(_("{label} returned an array of shape {shape}, one rate per step and coordinate; "
                      "expected shape {expected}: sum the squares over the steps first (axis=0)").format(
                          label=case.label, shape=(t, d), expected=(d,)))
    scalar = isinstance(raw, (numbers.Real, np.number)) or (isinstance(raw, np.ndarray) and raw.ndim == 0)
    if scalar and not isinstance(raw, (bool, np.bool_)):
        raise wrong(_("{label} returned the single number {value}; expected {d} rates, one per coordinate: "
                      "sum over the steps only (axis=0), so that each coordinate keeps its own G").format(
                          label=case.label, value=fmt(raw), d=d))
    return array(raw, (d,), case.label)


@checker(N_("your effective rates are right on the visible gradients, on a coordinate that never saw a gradient, "
            "and on fresh random cases"))
def check_effective_lr(fn):
    """fn(grads, lr, eps), grads of shape (t, d), should return Adagrad's rate of each coordinate, shape (d,)."""
    return judge(
        fn, cases([_rate_case(*c) for c in _RATE_CASES], _fresh_rates), _effective_lr, _rate_result,
        mistakes=_RATE_MISTAKES,
        otherwise=_("Per coordinate: add up the squares of its gradients over all steps (that is G), then lr over "
                    "(√G + ε)."),
    )


# --- 3. the boundary learning rate of gradient descent on a diagonal quadratic ------------------


def _c_case(c) -> Case:
    return Case((c,), f"largest_stable_lr(c={_vec(c)})")


_STABLE_CASES = [np.array([0.1, 2.0]), np.array([3.0, 0.5, 1.0]), np.array([0.25])]


def _fresh_c(rng) -> Case:
    n = int(rng.integers(4, 8))
    while True:
        c = np.round(rng.uniform(0.05, 4.0, n), 3)
        top = int(np.argmax(c))
        if top in (0, n - 1, n // 2) or np.sum(c == c[top]) > 1:  # unsorted: the largest c is not first,
            continue                                                # last or in the middle
        boundary = 1 / c[top]
        # fractional, and not a round number: floor division and rounding show
        if abs(boundary - round(boundary)) > 0.05 and abs(boundary - round(boundary, 2)) > 1e-4:
            return _c_case(c)


def _boundary(c):
    return 2 / np.max(2 * c)  # the steepest coordinate's factor 1 − α·2c reaches −1 first


_STABLE_MISTAKES = [
    (N_("that is the value for Section 1's c = (0.1, 2); compute it from the c you are given"), lambda c: 0.5),
    (N_("that is 1/a, where the steepest coordinate stops moving in one step; gradient descent still converges "
        "up to 2/a, where its factor 1 − α·a reaches −1"), lambda c: 1 / np.max(2 * c)),
    (N_("you used c as the curvature, but the curvature of c·x² is its second derivative, 2c"),
     lambda c: 2 / np.max(c)),
    (N_("you used the last c as the largest: c is not sorted, take the largest of all"),
     lambda c: 2 / (2 * c[-1])),
    (N_("you used the first c: c is not sorted, take the largest of all"), lambda c: 2 / (2 * c[0])),
    (N_("you used the middle c of the list: take the largest of all"), lambda c: 2 / (2 * c[len(c) // 2])),
    (N_("you used the smallest curvature; the steepest direction (largest curvature) diverges first"),
     lambda c: 2 / np.min(2 * c)),
    (N_("you used the smallest curvature (and 1/a instead of 2/a); the largest curvature decides"),
     lambda c: 1 / np.min(2 * c)),
    (N_("you summed the curvatures; each coordinate is its own 1-D problem, and the largest curvature decides"),
     lambda c: 2 / np.sum(2 * c)),
    (N_("you averaged the curvatures; the largest one decides"), lambda c: 2 / np.mean(2 * c)),
    (N_("upside down: that is the largest c itself, the rate is its reciprocal"), lambda c: np.max(c)),
    (N_("integer division (// or int()) drops the fraction; divide with / and return the result as it is"),
     lambda c: 2 // np.max(2 * c)),
    (N_("the result was rounded; return it unrounded"), lambda c: round(2 / np.max(2 * c), 2)),
    (N_("the result was rounded; return it unrounded"), lambda c: round(2 / np.max(2 * c), 3)),
    (N_("the result was rounded; return it unrounded"), lambda c: round(2 / np.max(2 * c), 4)),
]

# approximate by nature: a value within 5% of the boundary (a numerical search, or a safety margin);
# no exact mistake of the table comes that close
_STABLE_NEAR = [
    (N_("your value is near the boundary but not on it: did you search for it numerically (running gradient "
        "descent) or subtract a safety margin? The boundary has an exact value that follows from c alone"),
     _boundary, 0.05),
]


def _stable_result(raw, case) -> float:
    c = case.args[0]
    if isinstance(raw, np.ndarray) and raw.shape == c.shape and c.size > 1:
        raise wrong(_("{label} returned an array of shape {shape}, one rate per coordinate; gradient "
                      "descent uses one α for all coordinates: return the one number below which every coordinate "
                      "shrinks").format(label=case.label, shape=raw.shape))
    return number(raw, case.label)


@checker(N_("your boundary rate is right for the visible c and for fresh random c of other lengths, unsorted and "
            "fractional"))
def check_largest_stable_lr(fn):
    """fn(c) for f(x) = sum_i c_i x_i² should return the α where gradient descent stops converging."""
    return judge(
        fn, cases([_c_case(c) for c in _STABLE_CASES], _fresh_c), _boundary, _stable_result,
        mistakes=_STABLE_MISTAKES, near=_STABLE_NEAR,
        otherwise=_("Each coordinate is multiplied by 1 − α·(its curvature) at every step: find the α at which one "
                    "of these factors first reaches −1."),
    )


# --- 4. a Newton step ------------------------------------------------------------------

# f(x) = ½ xᵀAx − bᵀx + Σ_k a_k φ_k(p_kᵀx + q_k), φ = exp or log cosh: convex, smooth, and for a
# nonzero a its Hessian A + Σ a_k φ_k''(p_kᵀx + q_k) p_k p_kᵀ changes from point to point.
_PHI = {
    "exp": (np.exp, np.exp, np.exp),
    "log cosh": (lambda z: np.logaddexp(z, -z) - np.log(2), np.tanh, lambda z: 1 - np.tanh(z) ** 2),
}


class _Smooth:
    """A smooth convex function given by its parts, with exact gradient and Hessian."""

    def __init__(self, A, b, terms, text):
        self.A, self.b, self.text = np.asarray(A, float), np.asarray(b, float), text
        self.terms = [(float(a), kind, np.asarray(p, float), float(q)) for a, kind, p, q in terms]
        self.d = len(self.b)

    def _point(self, x):  # a learner may hand in 0 or a list: read it as a point of R^d
        return np.broadcast_to(np.asarray(x, dtype=float), (self.d,)).copy()

    def f(self, x):
        x = self._point(x)
        return 0.5 * x @ self.A @ x - self.b @ x + sum(a * _PHI[k][0](p @ x + q) for a, k, p, q in self.terms)

    def grad(self, x):
        x = self._point(x)
        return self.A @ x - self.b + sum((a * _PHI[k][1](p @ x + q) * p for a, k, p, q in self.terms),
                                         np.zeros(self.d))

    def hess(self, x):
        x = self._point(x)
        return self.A + sum((a * _PHI[k][2](p @ x + q) * np.outer(p, p) for a, k, p, q in self.terms),
                            np.zeros((self.d, self.d)))

    def newton(self, x):
        x = self._point(x)
        return x - np.linalg.solve(self.hess(x), self.grad(x))

    def minimum(self):
        """Newton's method with backtracking from 0: f is strictly convex, so it settles on the minimum."""
        x = np.zeros(self.d)
        for _step in range(60):
            g, fx = self.grad(x), self.f(x)
            step = np.linalg.solve(self.hess(x), g)
            if g @ step < 1e-24 * (1 + abs(fx)):  # converged: the last full step is round-off
                return x - step
            t, slack = 1.0, 1e-13 * (1 + abs(fx))  # slack: round-off in f near the minimum
            while t > 1e-6 and self.f(x - t * step) > fx - 1e-4 * t * (g @ step) + slack:
                t /= 2
            x = x - t * step
        return x


def _newton_case(obj: _Smooth, x) -> Case:
    def grad(x):
        return obj.grad(x)

    def hess(x):
        return obj.hess(x)

    grad.minimum = obj.minimum  # for the checker's "a loop that ran to the minimum" diagnosis
    return Case((grad, hess, np.asarray(x, float)), _("newton_step(grad, hess, x={x}) on {f}").format(
        x=_vec(x), f=_(obj.text)),
                info={"f": obj})


_QUAD_A = np.array([[3.0, 1.0], [1.0, 2.0]])
_QUAD_A3 = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 2.0]])
_FIXED_NEWTON = [
    (_Smooth(_QUAD_A, [1.0, -1.0], [], N_("the quadratic f(x) = ½xᵀAx − bᵀx with A = [[3, 1], [1, 2]], b = [1, -1]")),
     [2.0, 0.5]),
    (_Smooth(_QUAD_A3, [1.0, 0.0, 2.0], [],
             N_("the quadratic f(x) = ½xᵀAx − bᵀx with A = [[4, 1, 0], [1, 3, -1], [0, -1, 2]], b = [1, 0, 2]")),
     [-1.0, 2.0, 0.5]),
    (_Smooth([[2.0, 1.0], [1.0, 4.0]], [0.0, 0.0],
             [(1.0, "exp", [1.0, 1.0], 0.0), (1.0, "log cosh", [1.0, -1.0], -1.0)],
             "f(x) = x₁² + x₁x₂ + 2x₂² + exp(x₁ + x₂) + log cosh(x₁ − x₂ − 1)"),
     [1.0, -0.5]),
]


def _far(a, b, scale) -> bool:
    return np.linalg.norm(np.asarray(a) - np.asarray(b)) > 0.02 * (1 + scale)


def _fresh_newton(rng) -> Case:
    while True:
        d = int(rng.integers(2, 5))
        M = rng.uniform(-1, 1, (d, d))
        A = np.round(M @ M.T / 2 + np.diag(rng.uniform(0.3, 1.5, d)), 2)  # positive definite, coupled
        b = np.round(rng.uniform(-1, 1, d), 2)
        terms = [(round(float(rng.uniform(0.5, 2.0)), 2), kind, np.round(rng.uniform(-0.8, 0.8, d), 2),
                  round(float(rng.uniform(-0.5, 0.5)), 2))
                 for kind in ["exp", "log cosh", str(rng.choice(["exp", "log cosh"]))]]
        obj = _Smooth(A, b, terms, _("a fresh non-quadratic f of {d} coupled coordinates "
                                     "(a quadratic plus exp and log-cosh terms)").format(d=d))
        x = np.round(rng.uniform(-1.5, 1.5, d), 2)
        if np.min(np.linalg.eigvalsh(A)) < 0.2:
            continue
        right = obj.newton(x)
        scale = np.linalg.norm(right)
        g = obj.grad(x)
        # one Newton step must not land on the minimum, and the Hessian at x must matter: at 0, at the
        # gradient or at the Newton point it gives a clearly different step
        x_min = obj.minimum()
        if np.linalg.norm(obj.grad(x_min)) > 1e-9:  # never seen; a draw whose minimum is not settled is skipped
            continue
        try:  # a large gradient read as a point can overflow exp: such a draw is skipped
            with np.errstate(all="raise"):
                others = [x_min, x - np.linalg.solve(obj.hess(0), g), x - np.linalg.solve(obj.hess(g), g),
                          x - np.linalg.solve(obj.hess(right), g)]
        except (FloatingPointError, np.linalg.LinAlgError):
            continue
        if all(_far(right, other, scale) for other in others):
            return _newton_case(obj, x)


def _newton(grad, hess, x):
    return x - np.linalg.solve(hess(x), grad(x))


_NEWTON_MISTAKES = [
    (N_("the sign is flipped: subtract the step, x - "
        "H⁻¹∇f"), lambda grad, hess, x: x + np.linalg.solve(hess(x), grad(x))),
    (N_("you returned the step H⁻¹∇f itself; return the new point x minus the step"),
     lambda grad, hess, x: np.linalg.solve(hess(x), grad(x))),
    (N_("you returned −H⁻¹∇f, the step; add it to x"), lambda grad, hess, x: -np.linalg.solve(hess(x), grad(x))),
    (N_("you multiplied by H; Newton divides by the curvature: solve H·d = ∇f (np.linalg.solve(H, g))"),
     lambda grad, hess, x: x - hess(x) @ grad(x)),
    (N_("you divided by diag(H) only; that ignores the off-diagonal terms. Use the whole matrix: np.linalg.solve(H, "
        "g)"),
     lambda grad, hess, x: x - grad(x) / np.diag(hess(x))),
    (N_("you evaluated the Hessian at 0; Newton's step uses the curvature at the current point x, hess(x)"),
     lambda grad, hess, x: x - np.linalg.solve(hess(np.zeros_like(x)), grad(x))),
    (N_("you evaluated the Hessian at the gradient, hess(grad(x)); hess takes the point x, like grad"),
     lambda grad, hess, x: x - np.linalg.solve(hess(grad(x)), grad(x))),
    (N_("you evaluated the Hessian at the point the step reaches; one Newton step uses the Hessian and the gradient "
        "at the current point x"),
     lambda grad, hess, x: x - np.linalg.solve(hess(_newton(grad, hess, x)), grad(x))),
    (N_("you evaluated the gradient at 0; the step uses ∇f at the current point x"),
     lambda grad, hess, x: x - np.linalg.solve(hess(x), grad(np.zeros_like(x)))),
    (N_("that is two Newton steps; the exercise asks for one"),
     lambda grad, hess, x: _newton(grad, hess, _newton(grad, hess, x))),
    (N_("this is a gradient-descent step with α = 1; Newton rescales the gradient by H⁻¹"),
     lambda grad, hess, x: x - grad(x)),
]

# approximate by nature: a loop of steps run until it settles near the minimum (the fresh cases keep
# one Newton step at least 2% away from it)
_NEWTON_NEAR = [
    (N_("you returned the minimum of f (or close to it), where a loop of many steps ends (gradient descent, or "
        "Newton repeated); one Newton step lands there only when f is a quadratic. Take exactly one step from x"),
     lambda grad, hess, x: grad.minimum(), 1e-3),
]


def _newton_result(raw, case) -> np.ndarray:
    x = case.args[2]
    d = x.shape[0]
    if isinstance(raw, np.ndarray) and raw.shape == (d, d):
        raise wrong(_("{label} returned a {d}×{d} matrix, expected a point of shape {shape}: did you divide "
                      "the gradient by H (or multiply by its inverse) elementwise with / or *? Solve H·d = ∇f with "
                      "np.linalg.solve, or use the matrix product @").format(label=case.label, d=d, shape=x.shape))
    return array(raw, x.shape, case.label)


@checker(N_("your Newton step is right on quadratics with coupled coordinates and on smooth non-quadratic functions, "
            "fresh at every check"))
def check_newton_step(fn):
    """fn(grad, hess, x) should return the point reached by one Newton step from x."""
    return judge(
        fn, cases([_newton_case(obj, x) for obj, x in _FIXED_NEWTON], _fresh_newton), _newton, _newton_result,
        mistakes=_NEWTON_MISTAKES, near=_NEWTON_NEAR,
        otherwise=_("One Newton step solves H(x)·d = ∇f(x) at the current point and returns x - d."),
    )
