"""Checkers for the exercises of the optimizers notebook (07).

    check_momentum_step(fn)   fn(w, v, g, lr, beta) -> (w_new, v_new) with v_new = beta*v + g
    check_rmsprop_step(fn)    fn(w, s, g, lr, alpha, eps) -> (w_new, s_new), eps outside the root
    check_adam(fn)            fn(grad, w0, lr, steps, betas, eps) -> w after `steps` Adam updates
    check_first_to_reach(fn)  fn(histories, target) -> the rule whose loss reached target first

The conventions are PyTorch's (torch.optim.SGD with momentum, RMSprop, Adam), as in gdlib.optim.
"""

from __future__ import annotations

import numpy as np

from gdlib.exercises._core import WRONG, Feedback, Stop, as_array, call, checker
from gdlib.optim import History

__all__ = ["check_adam", "check_first_to_reach", "check_momentum_step", "check_rmsprop_step"]


def _fmt(a) -> str:
    a = np.asarray(a, dtype=float)
    return f"{float(a):.6g}" if a.size == 1 else np.array2string(a, precision=6)


def _close(a, b) -> bool:
    return bool(np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-8, atol=1e-12))


def _pair(raw, shape, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """The learner's (new_w, new_state) as two arrays of the given shape."""
    if not isinstance(raw, (tuple, list)) or len(raw) != 2:
        raise Stop(Feedback(WRONG, f"return two arrays, ({names[0]}, {names[1]}), e.g. "
                                   f"`return w_new, v_new`; got {type(raw).__name__}"))
    first = as_array(raw[0], shape, f"the returned {names[0]}")
    return first, as_array(raw[1], shape, f"the returned {names[1]}")


# --- 1. one momentum step -------------------------------------------------------------------


MOMENTUM_CASES = [
    # (w, v, g, lr, beta): a first step (v = 0) and a step with velocity already built up
    (np.array([1.0, -2.0]), np.zeros(2), np.array([0.4, -1.0]), 0.1, 0.9),
    (np.array([1.0, -2.0]), np.array([0.5, 0.2]), np.array([0.3, -1.0]), 0.1, 0.8),
]


@checker("v ← βv + g and w ← w − α·v, PyTorch's momentum (no (1 − β) damping)")
def check_momentum_step(fn):
    """fn(w, v, g, lr, beta) should return (w - lr*(beta*v + g), beta*v + g)."""
    for w, v, g, lr, beta in MOMENTUM_CASES:
        got_w, got_v = _pair(call(fn, w, v, g, lr, beta), w.shape, ("w_new", "v_new"))
        v_new = beta * v + g
        w_new = w - lr * v_new
        if _close(got_w, w_new) and _close(got_v, v_new):
            continue
        head = (f"with w = {_fmt(w)}, v = {_fmt(v)}, g = {_fmt(g)}, α = {lr}, β = {beta} "
                f"you returned w_new = {_fmt(got_w)}, v_new = {_fmt(got_v)}; "
                f"expected w_new = {_fmt(w_new)}, v_new = {_fmt(v_new)}")
        damped = beta * v + (1 - beta) * g
        if _close(got_v, damped):
            return (f"{head}. Your velocity is βv + (1 − β)g: that (1 − β) damping is a "
                    "different convention. PyTorch's momentum (dampening=0) and gdlib use "
                    "v = βv + g")
        if _close(got_v, beta * v - lr * g) and _close(got_w, w + beta * v - lr * g):
            return (f"{head}. You used the form v = βv − αg, w = w + v, where v already holds "
                    "the learning rate. Here v is a running sum of gradients: v = βv + g, "
                    "then w = w − α·v")
        if _close(got_v, v_new):
            if _close(got_w, w - lr * v):
                return (f"{head}. Your step used the old velocity v: update v first, "
                        "then step with the new one")
            if _close(got_w, w - lr * g):
                return (f"{head}. Your step ignores the velocity (that is plain GD): "
                        "step with w − α·v_new")
            if _close(got_w, w + lr * v_new):
                return f"{head}. You stepped uphill: w − α·v, not w + α·v"
            return f"{head}. v_new is right; the step is w_new = w − α·v_new"
        if _close(got_v, v + g) or _close(got_v, g):
            return f"{head}. The old velocity must be multiplied by β: v_new = β·v + g"
        return f"{head}. Compute v_new = β·v + g first, then w_new = w − α·v_new"
    return None


# --- 2. one RMSProp step --------------------------------------------------------------------


RMSPROP_CASES = [
    # (w, s, g, lr, alpha, eps); eps is large next to s in the second case, so its place shows
    (np.array([1.0, -1.0]), np.array([0.5, 2.0]), np.array([0.6, -2.0]), 0.01, 0.99, 1e-8),
    (np.array([0.5, 2.0]), np.array([1e-6, 4e-6]), np.array([1e-3, -3e-3]), 0.01, 0.9, 1e-4),
]


@checker("s ← αs + (1 − α)g² and w ← w − lr·g / (√s + ε), ε outside the root as in PyTorch")
def check_rmsprop_step(fn):
    """fn(w, s, g, lr, alpha, eps) should return (w - lr*g/(sqrt(s_new) + eps), s_new),
    with s_new = alpha*s + (1-alpha)*g**2."""
    for w, s, g, lr, alpha, eps in RMSPROP_CASES:
        got_w, got_s = _pair(call(fn, w, s, g, lr, alpha, eps), w.shape, ("w_new", "s_new"))
        s_new = alpha * s + (1 - alpha) * g**2
        w_new = w - lr * g / (np.sqrt(s_new) + eps)
        if _close(got_w, w_new) and _close(got_s, s_new):
            continue
        head = (f"with w = {_fmt(w)}, s = {_fmt(s)}, g = {_fmt(g)}, lr = {lr}, α = {alpha}, "
                f"ε = {eps:g} you returned w_new = {_fmt(got_w)}, s_new = {_fmt(got_s)}; "
                f"expected w_new = {_fmt(w_new)}, s_new = {_fmt(s_new)}")
        if not _close(got_s, s_new):
            if _close(got_s, (1 - alpha) * s + alpha * g**2):
                return (f"{head}. α and 1 − α are swapped: α weighs the old average, "
                        "s_new = α·s + (1 − α)·g²")
            if _close(got_s, alpha * s + g**2):
                return f"{head}. The new g² needs the weight (1 − α): s_new = α·s + (1 − α)·g²"
            if _close(got_s, s + g**2):
                return (f"{head}. That is Adagrad's running sum; RMSProp forgets: "
                        "s_new = α·s + (1 − α)·g²")
            if _close(got_s, alpha * s + (1 - alpha) * g):
                return f"{head}. Average the squared gradient g², not g itself"
            return f"{head}. s_new = α·s + (1 − α)·g² (elementwise)"
        if _close(got_w, w - lr * g / np.sqrt(s_new + eps)):
            return (f"{head}. ε went inside the square root, √(s + ε); PyTorch (and gdlib) "
                    "add it after the root: g / (√s + ε)")
        if _close(got_w, w - lr * g / (np.sqrt(s) + eps)):
            return f"{head}. You divided by the old s: update s first, then step with √s_new"
        if _close(got_w, w - lr * g / (s_new + eps)):
            return f"{head}. The square root is missing: divide by √s_new + ε"
        if _close(got_w, w + lr * g / (np.sqrt(s_new) + eps)):
            return f"{head}. You stepped uphill: w − lr·g / (√s + ε)"
        return f"{head}. s_new is right; the step is w_new = w − lr·g / (√s_new + ε)"
    return None


# --- 3. Adam with bias correction -----------------------------------------------------------


def _adam(grad, w0, lr, steps, betas, eps, *,
          correct_m=True, correct_v=True, t0=1, eps_inside=False):
    """Reference Adam run and its usual mistakes (switched by the keyword arguments)."""
    b1, b2 = betas
    w = np.asarray(w0, dtype=float)
    m = v = np.zeros_like(w)
    for k in range(steps):
        t = t0 + k
        g = grad(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t) if correct_m else m
        v_hat = v / (1 - b2**t) if correct_v else v
        w = w - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
    return w


def _bowl_grad(w):
    return np.array([1.0, 10.0]) * w  # f(w) = ½(w₁² + 10w₂²)


ADAM_CASES = [
    # (description, grad, w0, lr, steps, betas, eps)
    ("f(w) = ½(w₁² + 10w₂²)", _bowl_grad, np.array([1.0, -1.0]), 0.1, 1, (0.9, 0.999), 1e-8),
    ("f(w) = ½(w₁² + 10w₂²)", _bowl_grad, np.array([1.0, -1.0]), 0.1, 10, (0.9, 0.999), 1e-8),
    ("f(w) = 0.005·(w₁² + w₂²)", lambda w: 0.01 * w, np.array([1.0, -2.0]), 0.05, 5,
     (0.8, 0.99), 1e-2),
]


@checker("m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) with t = 1 at the first update, "
         "and w ← w − lr·m̂/(√v̂ + ε)")
def check_adam(fn):
    """fn(grad, w0, lr, steps, betas, eps) should return w after `steps` Adam updates
    (t = 1, 2, ...)."""
    for what, grad, w0, lr, steps, betas, eps in ADAM_CASES:
        try:
            with np.errstate(all="ignore"):  # a t = 0 mistake divides by zero: diagnosed below
                raw = call(fn, grad, w0, lr, steps, betas, eps)
        except Stop as stop:
            if "ZeroDivisionError" in stop.feedback.message:
                raise Stop(Feedback(WRONG, f"{stop.feedback.message}. The bias correction divides "
                                           "by 1 − βᵗ, which is 0 when t = 0: t must be 1 at the "
                                           "first update (increment t before using it)")) from None
            raise
        got = as_array(raw, w0.shape, "the returned w")
        want = _adam(grad, w0, lr, steps, betas, eps)
        if _close(got, want):
            continue
        head = (f"on {what} from w0 = {_fmt(w0)} with lr = {lr}, {steps} step(s), "
                f"betas = {betas}, ε = {eps:g} you returned {_fmt(got)}, expected {_fmt(want)}")
        if not np.all(np.isfinite(got)):
            return (f"{head}. nan or inf: the bias correction divided by 1 − βᵗ = 0, so t was 0 "
                    "at the first update. Start with t = 0 and increment it before the "
                    "correction, so the first update has t = 1")
        variants = [
            (dict(correct_m=False, correct_v=False),
             "there is no bias correction. m and v start at 0, so early on they are too small; "
             "divide by (1 − β₁ᵗ) and (1 − β₂ᵗ)"),
            (dict(correct_m=False), "m is not bias-corrected: use m̂ = m / (1 − β₁ᵗ)"),
            (dict(correct_v=False), "v is not bias-corrected: use v̂ = v / (1 − β₂ᵗ)"),
            (dict(t0=2), "the correction used t + 1 (t started one too high): the first update "
             "has t = 1, so m̂ = m / (1 − β₁)"),
            (dict(eps_inside=True), "ε went inside the square root, √(v̂ + ε); PyTorch (and gdlib) "
             "add it after the root: m̂ / (√v̂ + ε)"),
        ]
        for kwargs, hint in variants:
            if _close(got, _adam(grad, w0, lr, steps, betas, eps, **kwargs)):
                return f"{head}: {hint}"
        for k in (steps - 1, steps + 1):
            if k >= 0 and _close(got, _adam(grad, w0, lr, k, betas, eps)):
                return f"{head}: that is w after {k} steps. Make exactly `steps` updates"
        return (f"{head}. Per step: t += 1; g = grad(w); m = β₁m + (1 − β₁)g; "
                "v = β₂v + (1 − β₂)g²; m̂ = m/(1 − β₁ᵗ); v̂ = v/(1 − β₂ᵗ); w = w − lr·m̂/(√v̂ + ε)")
    return None


# --- 4. which rule reached the target first -------------------------------------------------


def _history(losses, diverged=False) -> History:
    L = np.asarray(losses, dtype=float)
    return History(params=np.zeros((len(L), 1)), losses=L, grad_norms=np.zeros(len(L)),
                   diverged=diverged, message="diverged" if diverged else "finished")


def _fall(rate, n, start=1.0):
    """A loss that falls geometrically: start · rate^k for k = 0 .. n-1."""
    return start * rate ** np.arange(n)


def _race_cases():
    c1 = {
        "GD": _history(_fall(0.9, 101)),  # reaches 1e-3 at step 66
        "Momentum": _history([1.0, 30.0, 4e3, 9e5], diverged=True),  # the shortest run: blew up
        "Adam": _history(np.r_[_fall(0.8, 40), np.full(61, 0.5)]),  # 0.8**31 < 1e-3, then back up
        # reaches the target at step 91 (a sudden drop) and ends with the lowest final loss
        "RMSProp": _history(_fall(0.93, 101, 0.9) * 1e-5 ** (np.arange(101) > 90)),
    }
    c2 = {
        "GD": _history([1.0, 0.1, 1e-3, 1e-3, 1e-12]),  # equals the target at step 2
        "Adagrad": _history([1.0, 0.5, 0.02, 9.99e-4, 1e-9]),  # first strictly below it at step 3
    }
    c3 = {
        "GD": _history(_fall(0.99, 50)),
        "Adam": _history(_fall(0.98, 50)),
    }
    return [(c1, 1e-3, "Adam"), (c2, 1e-3, "GD"), (c3, 1e-3, None)]


@checker("the rule whose loss first fell to ≤ target (fewest steps) wins; None if none got there")
def check_first_to_reach(fn):
    """fn(histories, target) should return the name (a key of histories) of the rule with the
    fewest steps before its loss was <= target, or None if no history reached the target."""
    for histories, target, want in _race_cases():
        if want is None:
            got = _call_allow_none(fn, histories, target)
        else:
            got = call(fn, dict(histories), target)
        if got == want:
            continue
        steps = {name: len(h.losses) - 1 for name, h in histories.items()}
        finals = {name: float(h.losses[-1]) for name, h in histories.items()}
        head = (f"for runs {sorted(histories)} and target {target:g} you returned {got!r}, "
                f"expected {want!r}")
        if want is None:
            return f"{head}: no loss ever reached {target:g}, so there is no winner; return None"
        if not isinstance(got, str):
            return f"{head}: return the rule's name, a key of the histories dict"
        if got == min(steps, key=steps.get):
            return (f"{head}: {got!r} made the fewest steps ({steps[got]}), but a short run may "
                    "have diverged or stopped early; count the steps until the loss first "
                    "reaches the target")
        if got == min(finals, key=finals.get):
            return (f"{head}: {got!r} has the lowest final loss, but the question is who got to "
                    "the target first: find the first step k with losses[k] <= target")
        first_strict = {n: np.flatnonzero(h.losses < target) for n, h in histories.items()}
        firsts = {n: int(k[0]) for n, k in first_strict.items() if k.size}
        if firsts and got == min(firsts, key=firsts.get):
            return (f"{head}: a loss equal to the target counts as reached: "
                    "use <= target, not < target")
        return (f"{head}: for each rule find the first step k with losses[k] <= target, "
                "then take the smallest k")
    return None


def _call_allow_none(fn, histories, target):
    """Like call(), but None is a legitimate answer here (no rule reached the target)."""
    try:
        return call(fn, dict(histories), target)
    except Stop as stop:
        if "returns None" in stop.feedback.message:
            return None
        raise
