"""The Adagrad notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import adagrad
from gdlib.exercises._core import CORRECT

# --- 1. one Adagrad step -----------------------------------------------------------------


def adagrad_step_solution(w, g, G, lr, eps):
    G_new = G + g**2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


def test_adagrad_step_solution_is_correct():
    assert adagrad.check_adagrad_step.diagnose(adagrad_step_solution).status == CORRECT


def test_adagrad_step_solution_that_updates_G_in_place_is_correct_too():
    def in_place(w, g, G, lr, eps):
        G += g**2
        return w - lr * g / (np.sqrt(G) + eps), G

    assert adagrad.check_adagrad_step.diagnose(in_place).status == CORRECT


def test_adagrad_step_eps_inside_the_root():
    def eps_inside(w, g, G, lr, eps):
        G_new = G + g**2
        return w - lr * g / np.sqrt(G_new + eps), G_new

    assert_wrong(
        adagrad.check_adagrad_step, eps_inside, "eps sits inside the square root", "eps=0.5"
    )


def test_adagrad_step_forgets_to_accumulate():
    def no_accumulation(w, g, G, lr, eps):
        G_new = g**2
        return w - lr * g / (np.sqrt(G_new) + eps), G_new

    assert_wrong(adagrad.check_adagrad_step, no_accumulation, "g² of this step only", "accumulates")


def test_adagrad_step_divides_by_this_steps_gradient_only():
    def uses_g_only(w, g, G, lr, eps):
        return w - lr * g / (np.abs(g) + eps), G + g**2

    assert_wrong(adagrad.check_adagrad_step, uses_g_only, "√(g²) of this step only")


def test_adagrad_step_updates_G_after_the_step():
    def late_update(w, g, G, lr, eps):
        w_new = w - lr * g / (np.sqrt(G) + eps)
        return w_new, G + g**2

    assert_wrong(adagrad.check_adagrad_step, late_update, "you divided by the old G", "before")


def test_adagrad_step_returns_the_old_G():
    def stale_G(w, g, G, lr, eps):
        return w - lr * g / (np.sqrt(G + g**2) + eps), G

    assert_wrong(adagrad.check_adagrad_step, stale_G, "the G you were given")


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (
            lambda w, g, G, lr, eps: (w - lr * g / (G + g**2 + eps), G + g**2),
            "square root is missing",
        ),
        (
            lambda w, g, G, lr, eps: (w + lr * g / (np.sqrt(G + g**2) + eps), G + g**2),
            "sign is flipped",
        ),
        (lambda w, g, G, lr, eps: (w - lr * g, G + g**2), "plain gradient-descent step"),
        (lambda w, g, G, lr, eps: (w, G + np.abs(g)), "not |g|"),
    ],
)
def test_adagrad_step_other_mistakes(wrong, words):
    assert_wrong(adagrad.check_adagrad_step, wrong, words)


def test_adagrad_step_must_return_a_pair():
    assert_wrong(
        adagrad.check_adagrad_step, lambda w, g, G, lr, eps: w - lr * g, "return w_new, G_new"
    )
    assert_wrong(
        adagrad.check_adagrad_step,
        lambda w, g, G, lr, eps: (w, np.zeros(3)),
        "G_new should have shape (2,)",
    )


# --- 2. the effective learning rate ------------------------------------------------------


def effective_lr_solution(grads, lr, eps):
    return lr / (np.sqrt(np.sum(grads**2, axis=0)) + eps)


def test_effective_lr_solution_is_correct():
    assert adagrad.check_effective_lr.diagnose(effective_lr_solution).status == CORRECT


def test_effective_lr_agrees_with_gdlib_rule():
    # the checker's answer is the rule's effective_lr() after the same gradients
    from gdlib import optim

    grads = np.array([[3.0, 0.1], [4.0, 0.2], [0.0, 0.2]])
    rule = optim.Adagrad(0.5)
    w = np.zeros(2)
    for g in grads:
        w = rule.step(w, g)
    np.testing.assert_allclose(rule.effective_lr(), effective_lr_solution(grads, 0.5, 1e-10))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda grads, lr, eps: lr / (np.abs(grads[-1]) + eps), "only the last gradient"),
        (
            lambda grads, lr, eps: lr / (np.sqrt(np.mean(grads**2, axis=0)) + eps),
            "averaged the squares",
        ),
        (
            lambda grads, lr, eps: lr / np.sqrt(np.sum(grads**2, axis=0) + eps),
            "eps sits inside the square root",
        ),
        (lambda grads, lr, eps: lr / (np.sum(grads**2, axis=0) + eps), "square root is missing"),
        (
            lambda grads, lr, eps: lr / (np.abs(np.sum(grads, axis=0)) + eps),
            "summed the gradients before squaring",
        ),
        (lambda grads, lr, eps: 1 / (np.sqrt(np.sum(grads**2, axis=0)) + eps), "lr is missing"),
    ],
)
def test_effective_lr_mistakes(wrong, words):
    assert_wrong(adagrad.check_effective_lr, wrong, words)


def test_effective_lr_wrong_shape():
    fb = assert_wrong(
        adagrad.check_effective_lr, lambda grads, lr, eps: lr / np.sqrt(np.sum(grads**2)), "shape"
    )
    assert "(2,)" in fb.message


# --- 3. the largest stable learning rate ------------------------------------------------


def test_largest_stable_lr_solution_is_correct():
    assert adagrad.check_largest_stable_lr.diagnose(lambda c: 2 / np.max(2 * c)).status == CORRECT
    assert adagrad.check_largest_stable_lr.diagnose(lambda c: 1 / max(c)).status == CORRECT


def test_largest_stable_lr_is_the_gd_boundary():
    # the answer the checker expects is where GD on c·x² switches from contracting to growing
    from gdlib import objectives, optim

    bowl = objectives.ill_conditioned(0.1, 2.0)
    ok = optim.descend(bowl.grad, [1.0, 1.0], optim.GradientDescent(0.499), 3000)
    bad = optim.descend(bowl.grad, [1.0, 1.0], optim.GradientDescent(0.501), 30000)
    assert not ok.diverged and np.linalg.norm(ok.x) < 1e-3
    assert bad.diverged


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda c: 1 / np.max(2 * c), ("that is 1/a", "2/a")),
        (lambda c: 2 / np.max(c), "the second derivative of c·x² is 2c"),
        (lambda c: 2 / np.min(2 * c), "smallest curvature"),
        (lambda c: 1 / np.min(c), "smallest curvature"),
        (lambda c: 2 / np.sum(2 * c), "summed the curvatures"),
        (lambda c: 0.5, "expected 0.333333"),
    ],
)
def test_largest_stable_lr_mistakes(wrong, words):
    assert_wrong(
        adagrad.check_largest_stable_lr, wrong, *(words if isinstance(words, tuple) else (words,))
    )


def test_largest_stable_lr_one_over_a_mentions_the_values():
    fb = assert_wrong(
        adagrad.check_largest_stable_lr,
        lambda c: 1 / np.max(2 * c),
        "you returned 0.25",
        "expected 0.5",
    )
    assert "curvatures 2c" in fb.message


def test_largest_stable_lr_must_be_a_number():
    assert_wrong(adagrad.check_largest_stable_lr, lambda c: 1 / c, "single number")


# --- 4. a Newton step --------------------------------------------------------------------


def newton_step_solution(grad, hess, x):
    return x - np.linalg.solve(hess(x), grad(x))


def test_newton_step_solution_is_correct():
    assert adagrad.check_newton_step.diagnose(newton_step_solution).status == CORRECT
    with_inverse = lambda grad, hess, x: x - np.linalg.inv(hess(x)) @ grad(x)  # noqa: E731
    assert adagrad.check_newton_step.diagnose(with_inverse).status == CORRECT


def test_newton_step_lands_on_the_minimum():
    from gdlib import objectives

    quad = objectives.quadratic(np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0]))
    np.testing.assert_allclose(
        newton_step_solution(quad.grad, quad.hess, np.array([2.0, 0.5])), quad.minimum
    )


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda grad, hess, x: x + np.linalg.solve(hess(x), grad(x)), "sign is flipped"),
        (lambda grad, hess, x: np.linalg.solve(hess(x), grad(x)), "returned the step"),
        (lambda grad, hess, x: -np.linalg.solve(hess(x), grad(x)), "add it to x"),
        (lambda grad, hess, x: x - hess(x) @ grad(x), "multiplied by H"),
        (lambda grad, hess, x: x - grad(x) / np.diag(hess(x)), ("diag(H) only", "off-diagonal")),
        (lambda grad, hess, x: x - grad(x), "gradient-descent step with α = 1"),
        (lambda grad, hess, x: x * 0, "expected"),
    ],
)
def test_newton_step_mistakes(wrong, words):
    assert_wrong(
        adagrad.check_newton_step, wrong, *(words if isinstance(words, tuple) else (words,))
    )
