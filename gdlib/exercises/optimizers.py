"""Checkers for the exercises of the optimizers notebook (07).

    check_momentum_step(fn)   fn(w, v, g, lr, beta) -> (w_new, v_new): one momentum step,
                              without changing w, v or g
    check_rmsprop_step(fn)    fn(w, s, g, lr, alpha, eps) -> (w_new, s_new): one RMSProp step,
                              without changing w, s or g (`alpha` is the decay rate, `lr` the step size)
    check_adam(fn)            fn(grad, w0, lr, steps, betas, eps) -> w after `steps` Adam updates
    check_first_to_reach(fn)  fn(histories, target) -> the name of the rule whose loss reached
                              the target in the fewest steps, or None if no rule did

The conventions are PyTorch's (torch.optim.SGD with momentum, RMSprop, Adam), as in gdlib.optim.
The other common conventions are named when an answer follows one: the damped velocity, the
learning rate inside the velocity (Keras's SGD), ε inside the square root (TensorFlow's and
Keras's RMSprop), ε added to the uncorrected √v (TensorFlow's and Keras's Adam).

Besides the visible cases, every check draws fresh ones: a learning rate and a β drawn
independently (so lr is not 1 − β), ε large enough that its place shows, random betas, ε and
step counts with non-quadratic gradients, and races with random rule names, lengths and
targets, in which the winner's loss equals the target exactly, a short run diverged, and the
lowest final loss belongs to another rule. A mistake is named only when it explains the answer
on every case.
"""

from __future__ import annotations

import copy
import numbers

import numpy as np

from gdlib.exercises._core import (
    NOT_ATTEMPTED,
    Case,
    Stop,
    array,
    call,
    cases,
    checker,
    close,
    distinct_case,
    first_mistake,
    fmt,
    judge,
    pair,
    shows_every_mistake,
    wrong,
)
from gdlib.i18n import N_, _
from gdlib.optim import History

__all__ = ["check_adam", "check_first_to_reach", "check_momentum_step", "check_rmsprop_step"]


# --- shared pieces -------------------------------------------------------------------------------

_ANY = object()  # a part of a result that a mistake says nothing about (see _same)


def _same(got, value) -> bool:
    """Equal within the course's tolerance, part by part for a pair; _ANY matches anything.

    Used for the answer and for the mistakes alike: nan matches nan (a mistake that divides by
    zero gives nan, and so does the learner's copy of it); the right answers are always finite.
    """
    if value is _ANY:
        return True
    if isinstance(value, tuple):
        return isinstance(got, tuple) and len(got) == len(value) and all(
            _same(a, b) for a, b in zip(got, value, strict=True))
    return close(got, value, equal_nan=True)


def _vec(a) -> str:
    """A short vector for a case label: [1, -2.5] (fresh values are rounded, so it is exact)."""
    return "[" + ", ".join(f"{float(x):g}" for x in np.ravel(a)) + "]"


def _sig(x: float, digits: int = 3) -> float:
    """x rounded to a few significant digits, so that a label shows it exactly."""
    return float(f"{x:.{digits}g}")


def _values(rng, n: int, low: float, high: float, *, away_from_zero: float = 0.05) -> np.ndarray:
    """n numbers in [low, high] with two decimals, none closer to 0 than away_from_zero."""
    out = np.round(rng.uniform(low, high, n), 2)
    small = np.abs(out) < away_from_zero
    out[small] = np.where(out[small] < 0, -1, 1) * round(away_from_zero + 0.13, 2)
    return out


def _has_any(value) -> bool:
    return value is _ANY or (isinstance(value, tuple) and any(_has_any(v) for v in value))


def _two_arrays(names: tuple[str, str]):
    """convert() for a step that returns a pair of arrays shaped like w (the first argument)."""
    def convert(raw, case):
        first, second = pair(raw, names)
        shape = np.shape(case.args[0])
        return (array(first, shape, _("the {name} returned by {label}").format(name=names[0], label=case.label)),
                array(second, shape, _("the {name} returned by {label}").format(name=names[1], label=case.label)))
    return convert


def _show_pair(names: tuple[str, str]):
    def show(got, want):
        ours = ", ".join(f"{n} = {fmt(g, w)}" for n, g, w in zip(names, got, want, strict=True))
        right = ", ".join(f"{n} = {fmt(w, g)}" for n, g, w in zip(names, got, want, strict=True))
        return _("returned {ours}; expected {right}").format(ours=ours, right=right)
    return show


# --- 1. one momentum step -------------------------------------------------------------------


def _momentum(w, v, g, lr, beta):
    v_new = beta * v + g
    return w - lr * v_new, v_new


def _lr_inside_minus(w, v, g, lr, beta):  # Keras's SGD: velocity = β·velocity − lr·g; w + velocity
    v_new = beta * v - lr * g
    return w + v_new, v_new


def _lr_inside_plus(w, v, g, lr, beta):  # the textbook form: v = βv + αg; w − v
    v_new = beta * v + lr * g
    return w - v_new, v_new


MOMENTUM_NAMES = ("w_new", "v_new")
MOMENTUM_MISTAKES = [
    (N_("you returned (v_new, w_new): the pair is (w_new, v_new), in that order"),
     lambda w, v, g, lr, beta: _momentum(w, v, g, lr, beta)[::-1]),
    (N_("your velocity is βv + (1 − β)g: that (1 − β) damping makes v an average of the gradients, the "
        "convention of some textbooks (PyTorch's dampening = 1 − β). The exercise asks for PyTorch's default, "
        "a plain running sum: v_new = βv + g"),
     lambda w, v, g, lr, beta: _momentum(w, v, (1 - beta) * g, lr, beta)),
    (N_("you put the learning rate inside the velocity, v_new = βv − lr·g and w_new = w + v_new: that is the "
        "convention of Keras's SGD (and of many textbooks). Here v is PyTorch's running sum of raw "
        "gradients, v_new = βv + g, and the learning rate comes in the step: w_new = w − lr·v_new"),
     _lr_inside_minus),
    (N_("you put the learning rate inside the velocity, v_new = βv + lr·g and w_new = w − v_new: that is "
        "another common convention (Sutskever et al., many textbooks). Here v is PyTorch's running sum of "
        "raw gradients, v_new = βv + g, and the learning rate comes in the step: w_new = w − lr·v_new"),
     _lr_inside_plus),
    (N_("the learning rate is applied twice: once inside the velocity (βv + lr·g) and again in the step. "
        "Keep it out of the velocity: v_new = βv + g, w_new = w − lr·v_new"),
     lambda w, v, g, lr, beta: (w - lr * (beta * v + lr * g), beta * v + lr * g)),
    (N_("that is Nesterov's momentum (PyTorch's nesterov=True), which steps along g + β·v_new; plain "
        "momentum steps along the new velocity itself: w_new = w − lr·v_new"),
     lambda w, v, g, lr, beta: (w - lr * (g + beta * (beta * v + g)), beta * v + g)),
    (N_("your step used the old velocity v: update v first, then step with the new one, w − lr·v_new"),
     lambda w, v, g, lr, beta: (w - lr * v, beta * v + g)),
    (N_("your step ignores the velocity (that is plain gradient descent): step along v_new, w − lr·v_new"),
     lambda w, v, g, lr, beta: (w - lr * g, beta * v + g)),
    (N_("you stepped uphill: w_new = w − lr·v_new, not w + lr·v_new"),
     lambda w, v, g, lr, beta: (w + lr * (beta * v + g), beta * v + g)),
    (N_("the old velocity must be multiplied by β: v_new = β·v + g, not v + g"),
     lambda w, v, g, lr, beta: _momentum(w, v, g, lr, 1.0)),
    (N_("β multiplies the gradient instead of the old velocity: v_new = β·v + g, not v + β·g"),
     lambda w, v, g, lr, beta: (w - lr * (v + beta * g), v + beta * g)),
    (N_("your new velocity is the gradient alone: the old velocity, times β, must be added to it"),
     lambda w, v, g, lr, beta: (w - lr * g, g)),
    (N_("the second value you returned is the old velocity v: return the new one, v_new = β·v + g"),
     lambda w, v, g, lr, beta: (_momentum(w, v, g, lr, beta)[0], v)),
    (N_("v_new is right, but w_new is not: step along the new velocity, w_new = w − lr·v_new"),
     lambda w, v, g, lr, beta: (_ANY, beta * v + g)),
    (N_("w_new is right, but v_new is not: return the new velocity β·v + g, the one your step used"),
     lambda w, v, g, lr, beta: (_momentum(w, v, g, lr, beta)[0], _ANY)),
]


def _momentum_label(w, v, g, lr, beta) -> str:
    return f"momentum_step(w={_vec(w)}, v={_vec(v)}, g={_vec(g)}, lr={lr:g}, beta={beta:g})"


def _momentum_case(w, v, g, lr, beta) -> Case:
    return Case((w, v, g, lr, beta), _momentum_label(w, v, g, lr, beta))


def _momentum_fresh(rng) -> Case:
    def make(rng):
        d = int(rng.integers(2, 5))
        w, v, g = _values(rng, d, -3, 3), _values(rng, d, -2, 2), _values(rng, d, -2, 2)
        beta = round(float(rng.uniform(0.5, 0.97)), 2)
        lr = round(float(rng.uniform(0.01, 0.4)), 3)
        while abs(lr - (1 - beta)) < 0.03:  # lr = 1 − β would hide the damped and lr-inside forms
            lr = round(float(rng.uniform(0.01, 0.4)), 3)
        return _momentum_case(w, v, g, lr, beta)
    return distinct_case(make, rng, _momentum, MOMENTUM_MISTAKES)


@checker(N_("your momentum step is right on the visible cases and on fresh random ones, where the learning "
            "rate and β vary independently"))
def check_momentum_step(fn):
    """fn(w, v, g, lr, beta) should return (w_new, v_new), PyTorch's momentum, without changing its inputs."""
    fixed = [  # a first step (v = 0) and one with velocity built up; lr is not 1 − β in either
        _momentum_case(np.array([1.0, -2.0]), np.zeros(2), np.array([0.4, -1.0]), 0.05, 0.9),
        _momentum_case(np.array([1.0, -2.0]), np.array([0.5, 0.2]), np.array([0.3, -1.0]), 0.1, 0.8),
    ]
    return judge(fn, cases(fixed, _momentum_fresh), _momentum, _two_arrays(MOMENTUM_NAMES),
                 mistakes=MOMENTUM_MISTAKES, same=_same, show=_show_pair(MOMENTUM_NAMES),
                 otherwise=_("Compute the new velocity first, v_new = β·v + g, then step along it: "
                             "w_new = w − lr·v_new, and return both."))


# --- 2. one RMSProp step --------------------------------------------------------------------


def _rmsprop(w, s, g, lr, alpha, eps):
    s_new = alpha * s + (1 - alpha) * g**2
    return w - lr * g / (np.sqrt(s_new) + eps), s_new


def _rms_with(s_new_of, denominator):
    """An RMSProp step with another average or another denominator: the usual slips."""
    def step(w, s, g, lr, alpha, eps):
        s_new = s_new_of(s, g, alpha)
        return w - lr * g / denominator(s, s_new, eps), s_new
    return step


def _right_average(s, g, alpha):
    return alpha * s + (1 - alpha) * g**2


def _right_denominator(s, s_new, eps):
    return np.sqrt(s_new) + eps


RMSPROP_NAMES = ("w_new", "s_new")
RMSPROP_MISTAKES = [
    (N_("you returned (s_new, w_new): the pair is (w_new, s_new), in that order"),
     lambda *args: _rmsprop(*args)[::-1]),
    (N_("ε went inside the square root, √(s_new + ε): that is TensorFlow's and Keras's RMSprop convention. "
        "This exercise asks for PyTorch's (and gdlib's), ε added after the root: g / (√s_new + ε)"),
     _rms_with(_right_average, lambda s, s_new, eps: np.sqrt(s_new + eps))),
    (N_("ε is missing from the denominator: divide by √s_new + ε (ε keeps the step finite where s is 0)"),
     _rms_with(_right_average, lambda s, s_new, eps: np.sqrt(s_new))),
    (N_("you used `alpha` as the learning rate and `lr` as the decay rate: in PyTorch's names `lr` is the step "
        "size and `alpha` is the decay rate ρ of the average"),
     lambda w, s, g, lr, alpha, eps: _rmsprop(w, s, g, alpha, lr, eps)),
    (N_("you divided by the old s: update s first, then divide by √s_new + ε"),
     _rms_with(_right_average, lambda s, s_new, eps: np.sqrt(s) + eps)),
    (N_("the square root is missing: divide by √s_new + ε, not by s_new + ε"),
     _rms_with(_right_average, lambda s, s_new, eps: s_new + eps)),
    (N_("you stepped uphill: w_new = w − lr·g / (√s_new + ε), with a minus"),
     lambda *args: (2 * args[0] - _rmsprop(*args)[0], _rmsprop(*args)[1])),
    (N_("α and 1 − α are swapped: α weighs the old average, s_new = α·s + (1 − α)·g²"),
     _rms_with(lambda s, g, a: (1 - a) * s + a * g**2, _right_denominator)),
    (N_("the new g² needs the weight (1 − α): s_new = α·s + (1 − α)·g²"),
     _rms_with(lambda s, g, a: a * s + g**2, _right_denominator)),
    (N_("that is Adagrad's running sum s + g²; RMSProp forgets old gradients: s_new = α·s + (1 − α)·g²"),
     _rms_with(lambda s, g, a: s + g**2, _right_denominator)),
    (N_("average the squared gradient g², not g itself"),
     _rms_with(lambda s, g, a: a * s + (1 - a) * g, _right_denominator)),
    (N_("the second value you returned is the old s: return the new average, s_new = α·s + (1 − α)·g²"),
     lambda *args: (_rmsprop(*args)[0], args[1])),
    (N_("s_new is right, but w_new is not: the step is w_new = w − lr·g / (√s_new + ε)"),
     lambda *args: (_ANY, _rmsprop(*args)[1])),
    (N_("w_new is right, but s_new is not: return the new average α·s + (1 − α)·g², the one your step used"),
     lambda *args: (_rmsprop(*args)[0], _ANY)),
]


def _rmsprop_case(w, s, g, lr, alpha, eps) -> Case:
    label = (f"rmsprop_step(w={_vec(w)}, s={_vec(s)}, g={_vec(g)}, lr={lr:g}, alpha={alpha:g}, "
             f"eps={eps:g})")
    return Case((w, s, g, lr, alpha, eps), label)


def _rmsprop_fresh(rng) -> Case:
    def make(rng):
        d = int(rng.integers(2, 5))
        w = _values(rng, d, -3, 3)
        g = np.array([_sig(x) for x in rng.choice([-1, 1], d) * 10 ** rng.uniform(-2.5, 0.3, d)])
        s = np.array([_sig(x, 2) for x in 10 ** rng.uniform(-5, 0, d)])
        lr = _sig(10 ** rng.uniform(-2.5, -0.5), 2)
        alpha = round(float(rng.uniform(0.8, 0.995)), 3)
        eps = _sig(10 ** rng.uniform(-3, -1), 2)  # large next to √s somewhere: its place shows
        return _rmsprop_case(w, s, g, lr, alpha, eps)
    return distinct_case(make, rng, _rmsprop, RMSPROP_MISTAKES)


@checker(N_("your RMSProp step is right on the visible cases and on fresh random ones, with ε large enough "
            "that its place shows"))
def check_rmsprop_step(fn):
    """fn(w, s, g, lr, alpha, eps) should return (w_new, s_new), PyTorch's RMSprop, without changing its
    inputs."""
    fixed = [  # eps is large next to √s in the second case, so its place shows
        _rmsprop_case(np.array([1.0, -1.0]), np.array([0.5, 2.0]), np.array([0.6, -2.0]), 0.01, 0.99, 1e-8),
        _rmsprop_case(np.array([0.5, 2.0]), np.array([1e-6, 4e-6]), np.array([1e-3, -3e-3]), 0.01, 0.9, 1e-4),
    ]
    return judge(fn, cases(fixed, _rmsprop_fresh), _rmsprop, _two_arrays(RMSPROP_NAMES),
                 mistakes=RMSPROP_MISTAKES, same=_same, show=_show_pair(RMSPROP_NAMES),
                 otherwise=_("Update the average first, s_new = α·s + (1 − α)·g² (α is the argument `alpha`), "
                             "then step: w_new = w − lr·g / (√s_new + ε), and return both."))


# --- 3. Adam with bias correction -----------------------------------------------------------


def _adam(grad, w0, lr, steps, betas, eps, *, t0=1, count=True, correct_m=True, correct_v=True,
          eps_place="outside", damp_m=True, square=True, at_w0=False, restart=False,
          total_steps=False, sign=1.0):
    """Reference Adam run (PyTorch's), and its usual slips, switched on by the keyword arguments."""
    b1, b2 = betas
    w = np.array(w0, dtype=float)
    m = v = np.zeros_like(w)
    t = t0
    for _step in range(steps):
        g = np.asarray(grad(np.array(w0, dtype=float) if at_w0 else w), dtype=float)
        if restart:
            m = v = np.zeros_like(w)
        m = b1 * m + ((1 - b1) if damp_m else 1.0) * g
        v = b2 * v + (1 - b2) * (g**2 if square else g)
        tc = steps if total_steps else t
        m_hat = m / (1 - b1**tc) if correct_m else m
        v_hat = v / (1 - b2**tc) if correct_v else v
        if eps_place == "hat":  # TensorFlow/Keras: lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), ε on the uncorrected √v
            step = lr * np.sqrt(1 - b2**tc) / (1 - b1**tc) * m / (np.sqrt(v) + eps)
        elif eps_place == "inside":
            step = lr * m_hat / np.sqrt(v_hat + eps)
        elif eps_place == "none":
            step = lr * m_hat / np.sqrt(v_hat)
        else:
            step = lr * m_hat / (np.sqrt(v_hat) + eps)
        w = w - sign * step
        t += 1 if count else 0
    return w


def _adam_with(**slip):
    return lambda grad, w0, lr, steps, betas, eps: _adam(grad, w0, lr, steps, betas, eps, **slip)


T_ZERO = N_("nan: at the first update t was 0, so the bias correction divided by 1 − β⁰ = 0. Make t 1 at the "
            "first update (increment it before the correction, or loop t over 1, ..., steps)")
# (key, diagnosis, wrong answer); the keys name the slips that cannot show in a run of one step
ADAM_SLIPS = [
    ("t0", T_ZERO, _adam_with(t0=0)),
    ("hat", N_("ε was added to the uncorrected √v, with the corrections folded into the learning rate "
        "(lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)): that is TensorFlow's and Keras's Adam (the paper's ε̂). This exercise asks "
        "for PyTorch's: ε added to √v̂, m̂ / (√v̂ + ε)"), _adam_with(eps_place="hat")),
    ("inside", N_("ε went inside the square root, √(v̂ + ε), as some references write it; this exercise asks for "
        "PyTorch's (and gdlib's) Adam, with ε added after the root: m̂ / (√v̂ + ε)"), _adam_with(eps_place="inside")),
    ("no eps", N_("ε is missing: divide by √v̂ + ε"), _adam_with(eps_place="none")),
    ("neither", N_("there is no bias correction. m and v start at 0, so early on they are too small; divide m by "
        "(1 − β₁ᵗ) and v by (1 − β₂ᵗ)"), _adam_with(correct_m=False, correct_v=False)),
    ("m", N_("m is not bias-corrected: use m̂ = m / (1 − β₁ᵗ)"), _adam_with(correct_m=False)),
    ("v", N_("v is not bias-corrected: use v̂ = v / (1 − β₂ᵗ)"), _adam_with(correct_v=False)),
    ("t2", N_("the correction used t + 1 (t started one too high): the first update has t = 1, so its "
        "correction divides by 1 − β₁ and 1 − β₂"), _adam_with(t0=2)),
    ("t stuck", N_("t stays 1: it is never increased, so every step is corrected as if it were the first. "
        "Add 1 to t at every update"), _adam_with(count=False)),
    ("total", N_("the correction used the total number of steps instead of the current step t: it divides by "
        "1 − βᵗ with t = 1 at the first update, 2 at the second..."), _adam_with(total_steps=True)),
    ("swapped", N_("β₁ and β₂ are swapped: betas = (β₁, β₂), and β₁ (the first) is the decay of m, the average "
        "of g"), lambda grad, w0, lr, steps, betas, eps: _adam(grad, w0, lr, steps, betas[::-1], eps)),
    ("sum", N_("your m is a running sum, β₁m + g, like exercise 1's velocity; Adam's m is an average: "
        "m = β₁m + (1 − β₁)g"), _adam_with(damp_m=False)),
    ("not squared", N_("v must average the squared gradient g², not g itself"), _adam_with(square=False)),
    ("at w0", N_("every step used the gradient at w0: call grad(w) at the current w in every step"),
     _adam_with(at_w0=True)),
    ("restart", N_("m and v are set back to zero at every step: create them once, before the loop"),
     _adam_with(restart=True)),
    ("fewer", N_("that is one update too few (range(1, steps) makes steps − 1 of them): make exactly `steps` "
        "updates, t = 1, ..., steps"),
     lambda grad, w0, lr, steps, betas, eps: _adam(grad, w0, lr, steps - 1, betas, eps)),
    ("more", N_("that is one update too many: make exactly `steps` updates, t = 1, ..., steps"),
     lambda grad, w0, lr, steps, betas, eps: _adam(grad, w0, lr, steps + 1, betas, eps)),
    ("uphill", N_("you stepped uphill: w = w − lr·m̂ / (√v̂ + ε), with a minus"), _adam_with(sign=-1.0)),
]
ADAM_MISTAKES = [(hint, wrong_answer) for _key, hint, wrong_answer in ADAM_SLIPS]
SAME_AFTER_ONE_STEP = {"t stuck", "total", "swapped", "at w0", "restart"}  # these agree with Adam on one step


def _bowl_grad(w):
    return np.array([1.0, 10.0]) * w  # f(w) = ½(w₁² + 10w₂²)


def _small_bowl_grad(w):
    return 0.01 * w  # f(w) = 0.005·(w₁² + w₂²)


def _adam_case(grad, what, w0, lr, steps, betas, eps) -> Case:
    label = _("adam(grad of {what}, w0={w0}, lr={lr:g}, steps={steps}, betas=({beta1:g}, "
              "{beta2:g}), eps={eps:g})").format(
                  what=what, w0=_vec(w0), lr=lr, steps=steps, beta1=betas[0], beta2=betas[1], eps=eps)
    return Case((grad, w0, lr, steps, betas, eps), label)


def _smooth_function(rng):
    """A non-quadratic function with random coefficients: (its gradient, how a label names it)."""
    c, a = _sig(rng.uniform(0.5, 3.0), 2), _sig(rng.uniform(-1.0, 1.0), 2)
    kind = int(rng.integers(4))
    if kind == 0:
        return (lambda w: c * np.tanh(w - a)), f"f(w) = {c:g}·Σ log cosh(wᵢ − {a:g})"
    if kind == 1:
        return (lambda w: c * (w - a) ** 3), f"f(w) = {c:g}·Σ (wᵢ − {a:g})⁴ / 4"
    if kind == 2:
        return (lambda w: c * (w - a) / np.sqrt(1 + (w - a) ** 2)), f"f(w) = {c:g}·Σ √(1 + (wᵢ − {a:g})²)"

    def coupled(w):  # softplus of the sum of the coordinates, plus a small ridge: not separable
        z = np.sum(w) - a
        return c / (1 + np.exp(-z)) * np.ones_like(w) + 0.1 * w
    return coupled, f"f(w) = {c:g}·log(1 + exp(Σ wᵢ − {a:g})) + 0.05·Σ wᵢ²"


def _adam_fresh(rng) -> Case:
    def make(rng):
        grad, what = _smooth_function(rng)
        d = int(rng.integers(2, 4))
        w0 = _values(rng, d, -2.5, 2.5)
        beta1 = round(float(rng.uniform(0.5, 0.95)), 2)
        beta2 = round(float(rng.uniform(max(0.9, beta1 + 0.03), 0.9999)), 4)
        lr, eps = _sig(10 ** rng.uniform(-2, -0.5), 2), _sig(10 ** rng.uniform(-3, -0.7), 2)
        steps = int(rng.integers(1, 13))
        return _adam_case(grad, what, w0, lr, steps, (beta1, beta2), eps)

    def distinct(case):
        steps = case.args[3]
        slips = [(h, f) for key, h, f in ADAM_SLIPS if not (steps == 1 and key in SAME_AFTER_ONE_STEP)]
        return shows_every_mistake(case, _adam, slips)

    for _attempt in range(200):
        case = make(rng)
        if distinct(case):
            return case
    return case


def _final_w(raw, case):
    """The learner's result as the final w; the whole path instead of its end is named."""
    w0, steps = case.args[1], case.args[3]
    path = isinstance(raw, np.ndarray) and raw.ndim == 2 and raw.shape[1:] == w0.shape
    if path and raw.shape[0] in (steps, steps + 1):
        raise wrong(_("{label} returned an array of shape {shape}, every iterate: return only the "
                      "final w, of shape {w0_shape}").format(label=case.label, shape=raw.shape, w0_shape=w0.shape))
    return array(raw, w0.shape, _("the w returned by {label}").format(label=case.label))


@checker(N_("your Adam run is right on the visible cases and on fresh random ones, with other betas, ε and "
            "numbers of steps, on functions that are not quadratic"))
def check_adam(fn):
    """fn(grad, w0, lr, steps, betas, eps) should return w after `steps` Adam updates (PyTorch's Adam),
    without changing w0."""
    fixed = [
        _adam_case(_bowl_grad, "f(w) = ½(w₁² + 10w₂²)", np.array([1.0, -1.0]), 0.1, 1, (0.9, 0.999), 1e-8),
        _adam_case(_bowl_grad, "f(w) = ½(w₁² + 10w₂²)", np.array([1.0, -1.0]), 0.1, 10, (0.9, 0.999), 1e-8),
        _adam_case(_small_bowl_grad, "f(w) = 0.005·(w₁² + w₂²)", np.array([1.0, -2.0]), 0.05, 5, (0.8, 0.99),
                   1e-2),
    ]
    try:
        return judge(fn, cases(fixed, _adam_fresh), _adam, _final_w, mistakes=ADAM_MISTAKES, same=_same,
                     otherwise=_("Per step: t = t + 1; g = grad(w); m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; "
                                 "m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ); w = w − lr·m̂ / (√v̂ + ε)."))
    except Stop as stop:
        if stop.feedback.status != NOT_ATTEMPTED and isinstance(stop.error, ZeroDivisionError):
            raise wrong(_("{message}. If that is the bias correction: 1 − βᵗ is 0 when t = 0, so t "
                          "must be 1 at the first update").format(message=stop.feedback.message)) from None
        raise


# --- 4. which rule reached the target first -------------------------------------------------

_NONE = "<no winner>"  # how the references below say None: a mistake's None would read as "cannot run"
_A_NAME = object()  # a mistake that returns some rule's name, whichever


def _history(losses, diverged: bool = False) -> History:
    L = np.asarray(losses, dtype=float)
    return History(params=np.zeros((len(L), 1)), losses=L, grad_norms=np.zeros(len(L)),
                   diverged=diverged, message="diverged" if diverged else "finished")


def _first_steps(histories, target, reached=np.less_equal) -> dict:
    """{name: the first step k with losses[k] at or below target}, for the rules that got there."""
    out = {}
    for name, h in histories.items():
        hits = np.flatnonzero(reached(np.asarray(h.losses, dtype=float), target))
        if hits.size:
            out[name] = int(hits[0])
    return out


def _winner(histories, target, reached=np.less_equal):
    first = _first_steps(histories, target, reached)
    return min(first, key=first.get) if first else _NONE


def _argmax_slip(histories, target):  # np.argmax(losses <= target) is 0 when no loss gets there
    steps = {n: int(np.argmax(np.asarray(h.losses) <= target)) for n, h in histories.items()}
    return min(steps, key=steps.get)


def _first_in_dict_that_reaches(histories, target):
    return next(iter(_first_steps(histories, target)), _NONE)


def _last_to_reach(histories, target):
    first = _first_steps(histories, target)
    return max(first, key=first.get) if first else _NONE


def _never_none(histories, target):  # right when a rule gets there, some name when none does
    answer = _winner(histories, target)
    return _A_NAME if answer == _NONE else answer


RACE_MISTAKES = [
    (N_("a loss equal to the target counts as reached: compare with <= target, not < target"),
     lambda hs, target: _winner(hs, target, np.less)),
    (N_("that is the run with the fewest steps, but a short run may have diverged (or stopped early): count "
        "the steps until the loss first reaches the target"),
     lambda hs, target: min(hs, key=lambda n: len(hs[n].losses))),
    (N_("that is the rule with the lowest final loss, but the question is who got to the target first: the "
        "first step k with losses[k] <= target"),
     lambda hs, target: min(hs, key=lambda n: hs[n].losses[-1])),
    (N_("that is the rule with the lowest loss anywhere in its run, but the question is who got to the target "
        "first: the first step k with losses[k] <= target"),
     lambda hs, target: min(hs, key=lambda n: np.min(hs[n].losses))),
    (N_("np.argmax(losses <= target) is 0 when no loss reaches the target, so a rule that never got there "
        "looked fastest: keep only the rules with some loss <= target (np.any)"), _argmax_slip),
    (N_("that compares the steps at which each loss was lowest (argmin); the question is the first step at "
        "or below the target"),
     lambda hs, target: min(hs, key=lambda n: int(np.argmin(hs[n].losses)))),
    (N_("that is the first rule of the dict that reaches the target at all: find the step at which each rule "
        "gets there, then take the rule with the fewest steps"), _first_in_dict_that_reaches),
    (N_("that is the rule that took the most steps to reach the target; take the fewest"), _last_to_reach),
    (N_("that is the first rule of the dict, whatever its losses"), lambda hs, target: next(iter(hs))),
    (N_("right whenever a rule reaches the target, but when no rule does there is no winner: return None then"),
     _never_none),
]


def _same_name(got, value) -> bool:
    if value is _A_NAME:
        return got != _NONE
    return got == value


def _race_label(histories, target) -> str:
    return _("first_to_reach(histories of {names}, target={target:g})").format(
        names=', '.join(histories), target=target)


def _race_case(histories, target) -> Case:
    return Case((histories, target), _race_label(histories, target))


def _race_summary(histories, target) -> str:
    """What happened in the race, for the message: who got there at which step, who diverged."""
    first = _first_steps(histories, target)
    parts = [_("{n} at step {k}").format(n=n, k=k) for n, k in sorted(first.items(), key=lambda item: item[1])]
    if parts:
        text = _("first step at or below the target: {parts}").format(parts=", ".join(parts))
    else:
        text = _("no loss reached the target")
    others = [_("{n} diverged after {steps} steps").format(
        n=n, steps=len(h.losses) - 1) if h.diverged else _("{n} never got there").format(n=n)
              for n, h in histories.items() if n not in first]
    return text + ("; " + ", ".join(others) if others and parts else "")


def _fixed_races() -> list[Case]:
    def fall(rate, n, start=1.0):  # a loss that falls geometrically: start·rate^k for k = 0 .. n-1
        return start * rate ** np.arange(n)

    c1 = {
        "GD": _history(fall(0.9, 101)),  # reaches 1e-3 at step 66
        "Momentum": _history([1.0, 30.0, 4e3, 9e5], diverged=True),  # the shortest run: it blew up
        "Adam": _history(np.r_[fall(0.8, 40), np.full(61, 0.5)]),  # 0.8^31 < 1e-3 first, then back up
        # reaches the target at step 91 (a sudden drop) and ends with the lowest final loss
        "RMSProp": _history(fall(0.93, 101, 0.9) * 1e-5 ** (np.arange(101) > 90)),
    }
    c2 = {
        "GD": _history([1.0, 0.1, 1e-3, 1e-3, 1e-12]),  # equals the target at step 2
        "Adagrad": _history([1.0, 0.5, 0.02, 9.99e-4, 1e-9]),  # first strictly below it at step 3
    }
    c3 = {  # nobody gets there
        "GD": _history(fall(0.99, 50)),
        "Adam": _history(fall(0.98, 50)),
    }
    # the first race has a winner: a function that returns None there is not a legitimate "no winner"
    return [_race_case(c1, 1e-3), _race_case(c2, 1e-3), _race_case(c3, 1e-3)]


RULE_NAMES = ["GD", "SGD", "Momentum", "Nesterov", "Adagrad", "Adadelta", "RMSProp", "Adam", "AdamW",
              "NAdam", "AMSGrad", "Lion"]


def _winner_race(rng) -> Case:
    """A race in which each plausible slip picks another rule than the winner W:
    W's loss equals the target exactly at step kw and stays there for a few steps (a slip with <
    picks R, first strictly below during that plateau); R comes before W in the dict; of R and a
    late arrival L, one ends with the lowest final loss and the other dips lowest mid-run; a short
    run D dipped once, then diverged; a rule B never got below its starting loss; one or two rules
    N level off above the target, and the first of them comes before D, which comes before B."""
    k = int(rng.integers(6, 8))
    names = [str(n) for n in rng.choice(RULE_NAMES, size=k, replace=False)]
    win, rival, blown, bouncer, late_one, never, *rest = names
    target = _sig(10 ** rng.uniform(-6, -2), 2)
    n = int(rng.integers(60, 160))  # steps of every run that did not blow up
    L0 = round(float(rng.uniform(0.5, 20.0)), 2)
    kw = int(rng.integers(8, n // 3))
    p = int(rng.integers(2, 6))  # the winner's plateau at exactly the target
    kr = kw + int(rng.integers(1, p))  # the rival goes strictly below during the plateau
    kl = int(rng.integers(kw + p + 1, n - 4))  # the late arrival
    hover = target * rng.uniform(0.4, 0.9)  # the winner ends below the target, but not lowest
    low_end = hover * 10 ** rng.uniform(-6, -2)  # the lowest final loss of the race
    deep = low_end * rng.uniform(1e-3, 0.5)  # the lowest loss anywhere, mid-run

    def arrive(at, level, *, end, dip=False):
        """Geometric from L0 to just above the target at step at - 1, `level` at step `at`, then
        geometric to `end` at the last step, or down to `deep` and back up to `end` if dip."""
        above = target * rng.uniform(1.02, 1.5)
        before = L0 * (above / L0) ** (np.arange(at) / (at - 1))
        if not dip:
            return np.r_[before, np.geomspace(level, end, n + 1 - at)]
        bottom = int(rng.integers(at + 1, n))
        return np.r_[before, np.geomspace(level, deep, bottom + 1 - at), np.geomspace(deep, end, n + 1 - bottom)[1:]]

    rival_dips = rng.random() < 0.5
    losses = {
        win: np.r_[arrive(kw, target, end=target)[:kw + p], np.full(n + 1 - kw - p, hover)],
        rival: arrive(kr, target * rng.uniform(0.5, 0.95), end=hover * 1.5 if rival_dips else low_end,
                      dip=rival_dips),
        late_one: arrive(kl, target * rng.uniform(0.3, 0.9), end=low_end if rival_dips else hover * 1.5,
                         dip=not rival_dips),
        # bounces around above its start: its lowest loss is at step 0 (an argmin slip picks it)
        bouncer: L0 * (1 + rng.uniform(0.05, 2) * (1 - rng.uniform(0.5, 0.9) ** np.arange(n + 1))),
    }
    losses[win][kw:kw + p] = target
    for name in [never, *rest]:  # never gets there: levels off above the target
        floor = target * (1 + 10 ** rng.uniform(-3, 0))
        losses[name] = floor + (L0 - floor) * rng.uniform(0.8, 0.97) ** np.arange(n + 1)
    runs = {name: _history(L) for name, L in losses.items()}
    d_len = int(rng.integers(4, 9))  # the shortest run: a first step down, then it blew up
    blowup = L0 * rng.uniform(0.3, 0.9) * 40.0 ** np.arange(d_len - 1)
    blowup[-1] += 1e10  # past gdlib's blow-up limit: the run stopped there
    runs[blown] = _history(np.r_[L0, blowup], diverged=True)
    order = [str(name) for name in rng.permutation(names)]
    for group in [(rival, win), (never, blown, bouncer)]:  # each group keeps its places, in this order
        for place, name in zip(sorted(order.index(name) for name in group), group, strict=True):
            order[place] = name
    return _race_case({name: runs[name] for name in order}, target)


def _no_winner_race(rng) -> Case:
    """Nobody reaches the target: one rule ends just above it, one diverged, the others level off."""
    k = int(rng.integers(2, 5))
    names = [str(n) for n in rng.choice(RULE_NAMES, size=k, replace=False)]
    target = _sig(10 ** rng.uniform(-6, -2), 2)
    n = int(rng.integers(40, 120))
    L0 = round(float(rng.uniform(0.5, 20.0)), 2)
    runs = {}
    for i, name in enumerate(names):
        if i == 1:
            d_len = int(rng.integers(3, 9))
            runs[name] = _history(L0 * 40.0 ** np.arange(d_len), diverged=True)
            continue
        floor = target * (1 + (10 ** rng.uniform(-4, -2) if i == 0 else 10 ** rng.uniform(-1, 1)))
        runs[name] = _history(floor + (L0 - floor) * rng.uniform(0.7, 0.95) ** np.arange(n + 1))
    order = [str(n) for n in rng.permutation(names)]
    return _race_case({name: runs[name] for name in order}, target)


def _maybe_no_winner_race(rng) -> Case:
    """Half of the time a race that no rule finishes, else one with a winner."""
    return _no_winner_race(rng) if rng.random() < 0.5 else _winner_race(rng)


# the fresh races of one check, in turn: the first two always have a winner (so a table of the
# visible races, or an answer that is always None, fails), the third has none half of the time
FRESH_RACES = [_winner_race, _winner_race, _maybe_no_winner_race]


def _call_allowing_none(fn, case: Case, *, first: bool):
    """call(fn, *case.args), except that None is a legitimate answer here ("no rule got there").

    call() reports a None result as a Stop marked returned_none ("forgot `return`?", "printed
    instead of returning", or NOT ATTEMPTED when the body may still be the starter's). Those are
    caught and returned as (None, stop), so the stop can still be shown if None was not the
    answer. On the first race, which has a winner, a NOT ATTEMPTED stays NOT ATTEMPTED: that is an
    untouched starter.
    """
    try:
        return call(fn, *case.args), None
    except Stop as stop:
        message = stop.feedback.message
        if stop.feedback.status == NOT_ATTEMPTED and first:
            raise
        if stop.returned_none:
            return None, stop
        if isinstance(stop.error, IndexError):
            raise wrong(_("{message}. A rule that never reaches the target has no first step: check that it has "
                          "one (hits.size, np.any) before taking it").format(message=message)) from None
        if isinstance(stop.error, ValueError) and "empty" in str(stop.error):
            raise wrong(_("{message}. When no rule reaches the target there is nothing to take the min of: "
                          "return None then").format(message=message)) from None
        raise


def _as_name(value, case: Case):
    """The learner's answer as a rule's name, or _NONE for None; anything else is WRONG."""
    histories = case.args[0]
    if value is None:
        return _NONE
    if isinstance(value, str):
        if value in histories:
            return str(value)
        if value == "None":
            raise wrong(_("{label} returned the text 'None'; return the value None itself (no quotes) when "
                          "no rule reaches the target").format(label=case.label))
        raise wrong(_("{label} returned {value!r}, which is not one of the rules of this race "
                      "({names}): return a key of histories").format(
                          label=case.label, value=value, names=', '.join(histories)))
    if isinstance(value, History):
        raise wrong(_("{label} returned a History; return the rule's name, its key in histories").format(
            label=case.label))
    if isinstance(value, (bool, np.bool_)):
        raise wrong(_("{label} returned the boolean {value}; return the rule's name (a key of histories) "
                      "or None").format(label=case.label, value=value))
    if isinstance(value, (numbers.Number, np.number)):
        raise wrong(_("{label} returned the number {value}; return the rule's name (a key of "
                      "histories), not a step count or a loss").format(label=case.label, value=fmt(value)))
    if isinstance(value, (tuple, list)):
        raise wrong(_("{label} returned a {type}; return only the rule's name, a key of "
                      "histories").format(label=case.label, type=type(value).__name__))
    raise wrong(_("{label} should return a rule's name (a str, a key of histories) or None, but returned "
                  "a {type} object").format(label=case.label, type=type(value).__name__))


def _said(name) -> str:
    return "None" if name == _NONE else repr(name)


@checker(N_("your answer is right on the visible races and on fresh random ones, with a loss equal to the "
            "target, diverged short runs and races that no rule finishes"))
def check_first_to_reach(fn):
    """fn(histories, target) should return the name (a key of histories) of the rule with the fewest
    steps before its loss reached the target, or None if no rule got there."""
    all_cases = cases(_fixed_races(), FRESH_RACES)
    results, stops = [], []
    for i, case in enumerate(all_cases):
        raw, stop = _call_allowing_none(fn, case, first=i == 0)
        results.append(_as_name(raw, case))
        stops.append(stop)
    wants = [_winner(*copy.deepcopy(case.args)) for case in all_cases]
    failing = [i for i, (got, want) in enumerate(zip(results, wants, strict=True)) if got != want]
    if not failing:
        return None
    i = failing[0]
    if results[i] == _NONE and stops[i] is not None:
        printed = stops[i].printed
        if printed or all(got == _NONE for got in results):  # print instead of return, or no return at all
            raise stops[i]
    case = all_cases[i]
    head = _("{label} returned {got}, expected {want} "
             "({race})").format(
                 label=case.label, got=_said(results[i]), want=_said(wants[i]), race=_race_summary(*case.args))
    hint = first_mistake(RACE_MISTAKES, results, all_cases, same=_same_name)
    if hint:
        return f"{head}: {hint}"
    return _("{head}. For each rule find the first step k with losses[k] <= target, then take the rule with "
             "the smallest k; return None only when no rule gets there.").format(head=head)
