"""The optimizers notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import exercises
from gdlib.exercises import CORRECT

# --- momentum ------------------------------------------------------------------------------


def momentum_ok(w, v, g, lr, beta):
    v = beta * v + g
    return w - lr * v, v


def test_momentum_solution_is_correct():
    assert exercises.check_momentum_step.diagnose(momentum_ok).status == CORRECT


@pytest.mark.parametrize("fn, words", [
    (lambda w, v, g, lr, beta: (w - lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
     "(1 − β) damping"),
    (lambda w, v, g, lr, beta: (w - lr * v, beta * v + g), "old velocity"),
    (lambda w, v, g, lr, beta: (w - lr * g, beta * v + g), "ignores the velocity"),
    (lambda w, v, g, lr, beta: (w + lr * (beta * v + g), beta * v + g), "uphill"),
    (lambda w, v, g, lr, beta: (w + beta * v - lr * g, beta * v - lr * g),
     "already holds the learning rate"),
    (lambda w, v, g, lr, beta: (w - lr * (v + g), v + g), "multiplied by β"),
])
def test_momentum_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_momentum_step, fn, words)


def test_momentum_single_array_is_explained():
    def one_array(w, v, g, lr, beta):
        return w - lr * (beta * v + g)

    assert_wrong(exercises.check_momentum_step, one_array, "return two arrays")


# --- RMSProp -------------------------------------------------------------------------------


def rms(w, s, g, lr, alpha, eps, *, s_rule=None, denom=None):
    s_new = alpha * s + (1 - alpha) * g**2 if s_rule is None else s_rule(s, g, alpha)
    d = np.sqrt(s_new) + eps if denom is None else denom(s, s_new, eps)
    return w - lr * g / d, s_new


def test_rmsprop_solution_is_correct():
    assert exercises.check_rmsprop_step.diagnose(rms).status == CORRECT


@pytest.mark.parametrize("kw, words", [
    (dict(denom=lambda s, sn, eps: np.sqrt(sn + eps)), "inside the square root"),
    (dict(denom=lambda s, sn, eps: np.sqrt(s) + eps), "old s"),
    (dict(denom=lambda s, sn, eps: sn + eps), "square root is missing"),
    (dict(s_rule=lambda s, g, a: (1 - a) * s + a * g**2), "swapped"),
    (dict(s_rule=lambda s, g, a: a * s + g**2), "weight (1 − α)"),
    (dict(s_rule=lambda s, g, a: s + g**2), "Adagrad"),
    (dict(s_rule=lambda s, g, a: a * s + (1 - a) * g), "squared gradient"),
])
def test_rmsprop_mistakes_are_named(kw, words):
    assert_wrong(exercises.check_rmsprop_step, lambda *a: rms(*a, **kw), words)


def test_rmsprop_uphill():
    def uphill(w, s, g, lr, a, eps):
        s_new = a * s + (1 - a) * g**2
        return w + lr * g / (np.sqrt(s_new) + eps), s_new

    assert_wrong(exercises.check_rmsprop_step, uphill, "uphill")


# --- Adam ----------------------------------------------------------------------------------


def adam_variant(*, t0=1, correct_m=True, correct_v=True, eps_inside=False, python_floats=False,
                 extra=0):
    def adam(grad, w0, lr, steps, betas, eps):
        b1, b2 = betas
        w = np.asarray(w0, dtype=float)
        m = v = np.zeros_like(w)
        t = t0
        for _ in range(steps + extra):
            g = grad(w)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g**2
            if python_floats:  # a float division: ZeroDivisionError when t = 0
                m_hat, v_hat = m * (1.0 / (1 - b1**t)), v * (1.0 / (1 - b2**t))
            else:  # an array division: inf / nan (and a numpy warning) when t = 0
                m_hat = m / (1 - b1**t) if correct_m else m
                v_hat = v / (1 - b2**t) if correct_v else v
            w = w - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
            t += 1
        return w
    return adam


def test_adam_solution_is_correct():
    assert exercises.check_adam.diagnose(adam_variant()).status == CORRECT
    # dividing by the correction or multiplying by its inverse are the same answer
    def adam(grad, w0, lr, steps, betas, eps):
        w = np.asarray(w0, dtype=float)
        m, v = np.zeros_like(w), np.zeros_like(w)
        for t in range(1, steps + 1):
            g = grad(w)
            m = betas[0] * m + (1 - betas[0]) * g
            v = betas[1] * v + (1 - betas[1]) * g * g
            w = w - lr * (m / (1 - betas[0] ** t)) / (np.sqrt(v / (1 - betas[1] ** t)) + eps)
        return w
    assert exercises.check_adam.diagnose(adam).status == CORRECT


@pytest.mark.parametrize("kw, words", [
    (dict(correct_m=False, correct_v=False), "no bias correction"),
    (dict(correct_m=False), "m is not bias-corrected"),
    (dict(correct_v=False), "v is not bias-corrected"),
    (dict(eps_inside=True), "inside the square root"),
    (dict(t0=2), "t + 1"),
    (dict(extra=1), "after 2 steps"),
])
def test_adam_mistakes_are_named(kw, words):
    assert_wrong(exercises.check_adam, adam_variant(**kw), words)


def test_adam_t_starting_at_zero_is_diagnosed_without_warnings():
    with np.errstate(all="raise"):  # the checker must silence numpy's divide-by-zero itself
        assert_wrong(exercises.check_adam, adam_variant(t0=0), "t was 0")
    assert_wrong(exercises.check_adam, adam_variant(t0=0, python_floats=True), "ZeroDivisionError", "t must be 1")


# --- first to reach ------------------------------------------------------------------------


def first_ok(histories, target):
    first = {n: int(np.flatnonzero(h.losses <= target)[0]) for n, h in histories.items()
             if np.any(h.losses <= target)}
    return min(first, key=first.get) if first else None


def strict_first(histories, target):
    """The usual slip: a loss equal to the target does not count (< instead of <=)."""
    first = {n: int(np.flatnonzero(h.losses < target)[0]) for n, h in histories.items()
             if np.any(h.losses < target)}
    return min(first, key=first.get) if first else None


def test_first_to_reach_solution_is_correct():
    assert exercises.check_first_to_reach.diagnose(first_ok).status == CORRECT


@pytest.mark.parametrize("fn, words", [
    (lambda hs, t: min(hs, key=lambda n: len(hs[n].losses)), "fewest steps"),
    (lambda hs, t: min(hs, key=lambda n: hs[n].losses[-1]), "lowest final loss"),
    (lambda hs, t: strict_first(hs, t), "<= target"),
    (lambda hs, t: first_ok(hs, t) or "GD", "return None"),
    (lambda hs, t: 0, "rule's name"),
])
def test_first_to_reach_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_first_to_reach, fn, words)


def test_check_prints_one_line(capsys):
    exercises.check_adam(adam_variant())
    out = capsys.readouterr().out
    assert out.startswith("✅ correct") and out.count("\n") == 1
