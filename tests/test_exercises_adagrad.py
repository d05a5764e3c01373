"""The Adagrad notebook's checkers: each plausible mistake named on all cases, valid alternative answers
accepted, and fresh cases that change at every check and keep the mistakes apart (test_exercises_contract.py
tests what every checker promises: starters, crashes, hangs, types, lookup tables, in-place changes)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import calculus, objectives, optim
from gdlib.exercises import adagrad
from gdlib.exercises._core import CORRECT

# --- helpers ------------------------------------------------------------------------------------


def seen_args(check, answer):
    """The arguments the checker gave the (correct) answer, one tuple per case, and the verdict."""
    calls = []

    def spy(*args):
        calls.append(args)
        return answer(*args)

    fb = check.diagnose(spy)
    return calls, fb


def fresh_draws(draw, n=200, seed=0):
    rng = np.random.default_rng(seed)
    return [draw(rng) for _ in range(n)]


# --- 1. one Adagrad step -----------------------------------------------------------------


def adagrad_step_solution(w, g, G, lr, eps):
    G_new = G + g**2
    return w - lr * g / (np.sqrt(G_new) + eps), G_new


def step_with_a_loop(w, g, G, lr, eps):
    w_new, G_new = np.empty_like(w), np.empty_like(G)
    for i in range(len(w)):
        G_new[i] = G[i] + g[i] * g[i]
        w_new[i] = w[i] - lr / (G_new[i] ** 0.5 + eps) * g[i]
    return w_new, G_new


def step_in_place_on_copies(w, g, G, lr, eps):
    w, G = w.copy(), G.copy()
    G += g**2
    w -= lr * g / (np.sqrt(G) + eps)
    return w, G


def step_with_gdlib_rule(w, g, G, lr, eps):
    rule = optim.Adagrad(lr, eps=eps)
    rule.G = G.copy()  # the rule's accumulator so far
    return rule.step(w, g), rule.G


def step_as_list(w, g, G, lr, eps):  # a list of two arrays is a pair too
    G_new = np.add(G, np.square(g))
    return [w - lr * g / (np.sqrt(G_new) + eps), G_new]


@pytest.mark.parametrize("answer", [adagrad_step_solution, step_with_a_loop, step_in_place_on_copies,
                                    step_with_gdlib_rule, step_as_list])
def test_adagrad_step_valid_answers_pass(answer):
    fb = adagrad.check_adagrad_step.diagnose(answer)
    assert fb.status == CORRECT, fb


def test_adagrad_step_updating_G_in_place_is_wrong_now():
    # the exercise says "do not change the input arrays": G += g**2 changes the caller's accumulator
    def in_place(w, g, G, lr, eps):
        G += g**2
        return w - lr * g / (np.sqrt(G) + eps), G

    assert_wrong(adagrad.check_adagrad_step, in_place, "changed its input `G` in place")


def test_adagrad_step_updating_w_in_place_is_wrong():
    def in_place(w, g, G, lr, eps):
        G_new = G + g**2
        w -= lr * g / (np.sqrt(G_new) + eps)
        return w, G_new

    assert_wrong(adagrad.check_adagrad_step, in_place, "changed its input `w` in place")


def _g(G_new, step):
    return lambda w, g, G, lr, eps: (step(w, g, G, G_new(g, G), lr, eps), G_new(g, G))


right_G = lambda g, G: G + g**2  # noqa: E731

STEP_MISTAKES = [
    ("eps inside the root (TensorFlow/Keras)", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn + eps)),
     ("other common convention", "TensorFlow/Keras", "PyTorch", "w_new")),
    ("eps inside the root and the old G", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(G + eps)),
     ("TensorFlow/Keras", "old G")),
    ("parentheses", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn) + eps),
     ("divided before adding ε", "parentheses")),
    ("no eps", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / np.sqrt(Gn)), ("ε is missing",)),
    ("old G in the step", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G) + eps)),
     ("divided by the old G", "first step is ±lr")),
    ("g² added twice", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn + g**2) + eps)),
     ("added g² twice",)),
    ("no accumulation", _g(lambda g, G: g**2, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps)),
     ("g² of this step only", "accumulates", "G_new")),
    ("divides by |g|", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.abs(g) + eps)),
     ("√(g²) of this step only",)),
    ("stale G returned", _g(lambda g, G: G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G + g**2) + eps)),
     ("the G you were given",)),
    ("stale G, stepped with it", _g(lambda g, G: G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(G) + eps)),
     ("the G you were given and stepped with it",)),
    ("adds |g|", _g(lambda g, G: G + np.abs(g), lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps)),
     ("added |g|",)),
    ("adds g", _g(lambda g, G: G + g, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.sqrt(Gn) + eps)),
     ("added g to G",)),
    ("no square root", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (Gn + eps)),
     ("square root is missing",)),
    ("one number for all coordinates", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g / (np.linalg.norm(np.sqrt(
        Gn)) + eps)), ("one number for every coordinate", "elementwise")),
    ("sign", _g(right_G, lambda w, g, G, Gn, lr, eps: w + lr * g / (np.sqrt(Gn) + eps)), ("sign is flipped",)),
    ("no lr", _g(right_G, lambda w, g, G, Gn, lr, eps: w - g / (np.sqrt(Gn) + eps)), ("lr is missing",)),
    ("returns the step", _g(right_G, lambda w, g, G, Gn, lr, eps: lr * g / (np.sqrt(Gn) + eps)),
     ("returned the step itself",)),
    ("plain GD", _g(right_G, lambda w, g, G, Gn, lr, eps: w - lr * g), ("plain gradient-descent step",)),
    ("swapped pair", lambda w, g, G, lr, eps: adagrad_step_solution(w, g, G, lr, eps)[::-1],
     ("other way round", "return w_new, G_new")),
]


@pytest.mark.parametrize(("name", "answer", "words"), STEP_MISTAKES, ids=[m[0] for m in STEP_MISTAKES])
def test_adagrad_step_mistakes_are_named(name, answer, words):
    assert_wrong(adagrad.check_adagrad_step, answer, *words)


def test_eps_inside_the_root_is_caught_by_the_fresh_cases_alone():
    # the fresh cases have an eps large enough that its place shows, whatever the visible ones hold
    def eps_inside(w, g, G, lr, eps):
        G_new = G + g**2
        return w - lr * g / np.sqrt(G_new + eps), G_new

    rng = np.random.default_rng(1)
    for _ in range(50):
        case = adagrad._fresh_step(rng)
        assert not np.allclose(eps_inside(*case.args)[0], adagrad_step_solution(*case.args)[0], rtol=1e-4)


def test_adagrad_step_unexplained_answer_gets_the_values_and_no_wrong_diagnosis():
    fb = assert_wrong(adagrad.check_adagrad_step, lambda w, g, G, lr, eps: (w * 0.5, G + g**2), "returned w_new",
                      "expected", "Accumulate first")
    assert "convention" not in fb.message and "sign" not in fb.message


def test_adagrad_step_must_return_a_pair_of_arrays_of_the_right_shape():
    assert_wrong(adagrad.check_adagrad_step, lambda w, g, G, lr, eps: w - lr * g, "return w_new, G_new")
    assert_wrong(adagrad.check_adagrad_step, lambda w, g, G, lr, eps: (w, np.zeros(7)), "G_new of", "shape (3,)")
    assert_wrong(adagrad.check_adagrad_step, lambda w, g, G, lr, eps: np.stack(adagrad_step_solution(w, g, G, lr, eps)),
                 "not one stacked array")


def test_adagrad_step_first_visible_case_is_a_first_step_of_plus_minus_lr():
    # from G = 0 every coordinate with g ≠ 0 moves by lr·g/|g|; a coordinate with g = 0 does not move
    case = adagrad._STEP_CASES[0]
    w_new, G_new = adagrad._adagrad(*case)
    np.testing.assert_allclose(w_new, [0.9, -1.9, 0.5], rtol=1e-9)
    np.testing.assert_array_equal(G_new, [0.25, 16.0, 0.0])


def test_adagrad_step_fresh_cases_change_and_keep_mistakes_apart():
    first, fb = seen_args(adagrad.check_adagrad_step, adagrad_step_solution)
    second, _ = seen_args(adagrad.check_adagrad_step, adagrad_step_solution)
    assert fb.status == CORRECT
    n_fixed = len(adagrad._STEP_CASES)
    for a, b in zip(first[:n_fixed], second[:n_fixed], strict=True):  # the visible ones stay
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not any(np.array_equal(a[1], b[1]) for a, b in zip(first[n_fixed:], second[n_fixed:], strict=True))
    for case in fresh_draws(adagrad._fresh_step):
        w, g, G, lr, eps = case.args
        assert 2 <= w.size <= 5 and g.shape == G.shape == w.shape
        assert np.all(G > 0)  # a later step: old G and new G differ
        assert np.all(np.abs(g) >= 0.2) and np.all(np.abs(np.abs(g) - 1) > 0.1)  # g, |g| and g² differ
        assert 0.05 <= lr < 0.95 and eps >= 0.1
        assert case.label.startswith("adagrad_step(w=[")


# --- 2. the effective learning rate ------------------------------------------------------


def effective_lr_solution(grads, lr, eps):
    return lr / (np.sqrt(np.sum(grads**2, axis=0)) + eps)


def effective_lr_with_a_loop(grads, lr, eps):
    G = np.zeros(grads.shape[1])
    for g in grads:
        G = G + g * g
    return lr / (G**0.5 + eps)


def effective_lr_with_norms(grads, lr, eps):
    return lr / (np.linalg.norm(grads, axis=0) + eps)


def effective_lr_with_gdlib(grads, lr, eps):
    rule, w = optim.Adagrad(lr, eps=eps), np.zeros(grads.shape[1])
    for g in grads:
        w = rule.step(w, g)
    return rule.effective_lr()


@pytest.mark.parametrize("answer", [effective_lr_solution, effective_lr_with_a_loop, effective_lr_with_norms,
                                    effective_lr_with_gdlib])
def test_effective_lr_valid_answers_pass(answer):
    fb = adagrad.check_effective_lr.diagnose(answer)
    assert fb.status == CORRECT, fb


def test_effective_lr_agrees_with_gdlib_rule():
    # the checker's answer is the rule's effective_lr() after the same gradients
    grads = np.array([[3.0, 0.1], [4.0, 0.2], [0.0, 0.2]])
    rule = optim.Adagrad(0.5)
    w = np.zeros(2)
    for g in grads:
        w = rule.step(w, g)
    np.testing.assert_allclose(rule.effective_lr(), adagrad._effective_lr(grads, 0.5, 1e-10))
    # by hand: G = (9 + 16 + 0, 0.01 + 0.04 + 0.04) = (25, 0.09), so the rates are 0.5/5 and 0.5/0.3
    np.testing.assert_allclose(adagrad._effective_lr(grads, 0.5, 1e-10), [0.1, 0.5 / 0.3], rtol=1e-8)


G_OF = lambda grads: np.sum(grads**2, axis=0)  # noqa: E731

RATE_MISTAKES = [
    ("eps inside the root", lambda grads, lr, eps: lr / np.sqrt(G_OF(grads) + eps),
     ("other common convention", "TensorFlow/Keras", "PyTorch")),
    ("parentheses", lambda grads, lr, eps: lr / np.sqrt(G_OF(grads)) + eps, ("divided before adding ε",)),
    ("no eps", lambda grads, lr, eps: lr / np.sqrt(G_OF(grads)), ("ε is missing", "never had a gradient")),
    ("last gradient only", lambda grads, lr, eps: lr / (np.abs(grads[-1]) + eps), ("only the last gradient",)),
    ("last step left out", lambda grads, lr, eps: lr / (np.sqrt(G_OF(grads[:-1])) + eps), ("left out the last",)),
    ("first step left out", lambda grads, lr, eps: lr / (np.sqrt(G_OF(grads[1:])) + eps), ("left out the first",)),
    ("mean of squares", lambda grads, lr, eps: lr / (np.sqrt(np.mean(grads**2, axis=0)) + eps),
     ("averaged the squares", "RMSProp")),
    ("no square root", lambda grads, lr, eps: lr / (G_OF(grads) + eps), ("square root is missing",)),
    ("sum before squaring", lambda grads, lr, eps: lr / (np.sqrt(np.sum(grads, axis=0) ** 2) + eps),
     ("summed the gradients before squaring",)),
    ("sum of |g|", lambda grads, lr, eps: lr / (np.sum(np.abs(grads), axis=0) + eps), ("summed |g|",)),
    ("upside down", lambda grads, lr, eps: (np.sqrt(G_OF(grads)) + eps) / lr, ("upside down",)),
    ("no lr", lambda grads, lr, eps: 1 / (np.sqrt(G_OF(grads)) + eps), ("lr is missing",)),
    ("the last step", lambda grads, lr, eps: lr * grads[-1] / (np.sqrt(G_OF(grads)) + eps), ("leaves out g",)),
    ("wrong axis", lambda grads, lr, eps: lr / (np.sqrt(np.sum(grads**2, axis=1)) + eps),
     ("one per step", "axis=0")),
    ("no axis", lambda grads, lr, eps: lr / (np.sqrt(np.sum(grads**2)) + eps), ("single number", "axis=0")),
    ("no sum", lambda grads, lr, eps: lr / (np.sqrt(grads**2) + eps), ("one rate per step and coordinate",)),
]


@pytest.mark.parametrize(("name", "answer", "words"), RATE_MISTAKES, ids=[m[0] for m in RATE_MISTAKES])
def test_effective_lr_mistakes_are_named(name, answer, words):
    assert_wrong(adagrad.check_effective_lr, answer, *words)


def test_effective_lr_fresh_cases_change_and_keep_mistakes_apart():
    first, _ = seen_args(adagrad.check_effective_lr, effective_lr_solution)
    second, _ = seen_args(adagrad.check_effective_lr, effective_lr_solution)
    n_fixed = len(adagrad._RATE_CASES)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(first[:n_fixed], second[:n_fixed], strict=True))
    assert not any(a[0].shape == b[0].shape and np.array_equal(a[0], b[0])
                   for a, b in zip(first[n_fixed:], second[n_fixed:], strict=True))
    for case in fresh_draws(adagrad._fresh_rates):
        grads, lr, eps = case.args
        t, d = grads.shape
        assert t >= 2 and t != d  # the sum over the wrong axis has the wrong shape
        assert np.all(np.abs(grads) >= 0.1)
        assert grads[0, 0] > 0 > grads[1, 0]  # opposite signs: summing before squaring shows
        assert not np.isclose(np.abs(np.sum(grads[:, 0])), np.sqrt(np.sum(grads[:, 0] ** 2)), rtol=1e-4)
        assert 0.05 <= lr < 0.95 and eps >= 0.1


# --- 3. the boundary learning rate --------------------------------------------------------------


def test_largest_stable_lr_valid_answers_pass():
    def with_a_loop(c):
        largest = 0.0
        for ci in c:
            largest = max(largest, 2 * ci)
        return 2 / largest

    for answer in [lambda c: 2 / np.max(2 * c), lambda c: 1 / max(c), lambda c: float(np.min(1 / c)), with_a_loop,
                   lambda c: 1 / sorted(c)[-1]]:
        fb = adagrad.check_largest_stable_lr.diagnose(answer)
        assert fb.status == CORRECT, fb


def test_largest_stable_lr_is_the_gd_boundary():
    # the answer the checker expects is where GD on c·x² switches from contracting to not contracting
    bowl = objectives.ill_conditioned(0.1, 2.0)
    ok = optim.descend(bowl.grad, [1.0, 1.0], optim.GradientDescent(0.499), 3000)
    bad = optim.descend(bowl.grad, [1.0, 1.0], optim.GradientDescent(0.501), 30000)
    assert not ok.diverged and np.linalg.norm(ok.x) < 1e-3
    assert bad.diverged
    # at the boundary itself the steepest coordinate flips sign every step and never shrinks
    at = optim.descend(bowl.grad, [0.0, 1.0], optim.GradientDescent(0.5), 100)
    np.testing.assert_allclose(np.abs(at.params[:, 1]), 1.0)


def test_largest_stable_lr_fresh_answers_are_gd_boundaries():
    # independent of the checker's formula: every coordinate's factor per step is 1 − α·2c
    for case in fresh_draws(adagrad._fresh_c, n=50):
        c = case.args[0]
        boundary = adagrad._boundary(c)
        below, at = 1 - 2 * c * boundary * (1 - 1e-9), 1 - 2 * c * boundary
        assert np.all(np.abs(below) < 1)
        assert np.isclose(np.max(np.abs(at)), 1.0)


def test_largest_stable_lr_fresh_cases_change_and_are_unsorted_fractional():
    first, _ = seen_args(adagrad.check_largest_stable_lr, lambda c: 1 / np.max(c))
    second, _ = seen_args(adagrad.check_largest_stable_lr, lambda c: 1 / np.max(c))
    n_fixed = len(adagrad._STABLE_CASES)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(first[:n_fixed], second[:n_fixed], strict=True))
    assert not any(np.array_equal(a[0], b[0]) for a, b in zip(first[n_fixed:], second[n_fixed:], strict=True))
    lengths = set()
    for case in fresh_draws(adagrad._fresh_c):
        c = case.args[0]
        n, top = c.size, int(np.argmax(c))
        lengths.add(n)
        assert np.all(c > 0) and top not in (0, n - 1, n // 2)  # not sorted, not the middle one
        boundary = 1 / c.max()
        assert abs(boundary - round(boundary)) > 0.05 and abs(boundary - round(boundary, 2)) > 1e-5
    assert len(lengths) >= 3


STABLE_MISTAKES = [
    ("hard-coded Section 1", lambda c: 0.5, ("Section 1",)),
    ("1/a", lambda c: 1 / np.max(2 * c), ("that is 1/a", "2/a")),
    ("c as curvature", lambda c: 2 / np.max(c), ("second derivative", "2c")),
    ("last element", lambda c: 1 / c[-1], ("last c", "not sorted")),
    ("first element", lambda c: 1 / c[0], ("first c", "not sorted")),
    ("middle element", lambda c: 1 / c[len(c) // 2], ("middle c",)),
    ("smallest curvature", lambda c: 2 / np.min(2 * c), ("smallest curvature",)),
    ("smallest and 1/a", lambda c: 1 / (2 * np.min(c)), ("smallest curvature", "1/a")),
    ("sum", lambda c: 1 / np.sum(c), ("summed the curvatures",)),
    ("mean", lambda c: 1 / np.mean(c), ("averaged the curvatures",)),
    ("upside down", lambda c: np.max(c), ("upside down",)),
    ("floor division", lambda c: 1 // np.max(c), ("integer division",)),
    ("int()", lambda c: int(1 / np.max(c)), ("integer division", "int()")),
    ("rounded", lambda c: round(float(1 / np.max(c)), 2), ("rounded",)),
    ("safety margin", lambda c: 0.99 / np.max(c), ("near the boundary", "numerically")),
    ("per coordinate", lambda c: 1 / c, ("one rate per coordinate", "one α")),
    ("as text", lambda c: f"{1 / np.max(c)}", ("str",)),
]


@pytest.mark.parametrize(("name", "answer", "words"), STABLE_MISTAKES, ids=[m[0] for m in STABLE_MISTAKES])
def test_largest_stable_lr_mistakes_are_named(name, answer, words):
    assert_wrong(adagrad.check_largest_stable_lr, answer, *words)


def test_largest_stable_lr_bisection_with_gradient_descent_is_named():
    def bisect(c):  # a numerical search that stops at 1e-4
        lo, hi = 0.0, 10.0
        while hi - lo > 1e-4:
            mid = (lo + hi) / 2
            x = np.ones_like(c)
            for _ in range(200):
                x = x - mid * 2 * c * x
            lo, hi = (mid, hi) if np.all(np.abs(x) < 1) else (lo, mid)
        return lo

    assert_wrong(adagrad.check_largest_stable_lr, bisect, "near the boundary", "numerically")


def test_largest_stable_lr_message_shows_the_values():
    # c = (0.1, 2): curvatures 0.2 and 4, so 1/a of the steepest is 0.25 and the boundary 2/4 = 0.5
    assert_wrong(adagrad.check_largest_stable_lr, lambda c: 1 / np.max(2 * c), "largest_stable_lr(c=[0.1, 2])",
                 "returned 0.25", "expected 0.5")


# --- 4. a Newton step --------------------------------------------------------------------


def newton_step_solution(grad, hess, x):
    return x - np.linalg.solve(hess(x), grad(x))


def newton_with_inverse(grad, hess, x):
    return x - np.linalg.inv(hess(x)) @ grad(x)


def newton_with_lstsq(grad, hess, x):
    d = np.linalg.lstsq(hess(x), -grad(x), rcond=None)[0]
    return x + d


def newton_on_a_copy_in_place(grad, hess, x):
    x = x.copy()
    x -= np.linalg.solve(hess(x), grad(x))
    return x


@pytest.mark.parametrize("answer", [newton_step_solution, newton_with_inverse, newton_with_lstsq,
                                    newton_on_a_copy_in_place])
def test_newton_step_valid_answers_pass(answer):
    fb = adagrad.check_newton_step.diagnose(answer)
    assert fb.status == CORRECT, fb


def test_newton_step_lands_on_the_minimum_of_a_quadratic():
    quad = objectives.quadratic(np.array([[3.0, 1.0], [1.0, 2.0]]), np.array([1.0, -1.0]))
    np.testing.assert_allclose(newton_step_solution(quad.grad, quad.hess, np.array([2.0, 0.5])), quad.minimum)


def test_the_checkers_functions_have_the_right_gradient_and_hessian():
    # the exact grad and hess of every case agree with finite differences of f (gdlib.calculus)
    cases = [adagrad._newton_case(obj, x) for obj, x in adagrad._FIXED_NEWTON]
    cases += fresh_draws(adagrad._fresh_newton, n=10)
    for case in cases:
        grad, hess, x = case.args
        obj = case.info["f"]
        np.testing.assert_allclose(calculus.gradient(obj.f, x), grad(x), rtol=1e-6, atol=1e-6)
        numeric_hess = np.array([calculus.gradient(lambda z, i=i, grad=grad: grad(z)[i], x) for i in range(x.size)])
        np.testing.assert_allclose(numeric_hess, hess(x), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(hess(x), hess(x).T)
        assert np.all(np.linalg.eigvalsh(hess(x)) > 0)


def test_the_visible_non_quadratic_case_is_the_function_its_label_names():
    obj, x = adagrad._FIXED_NEWTON[2]

    def f(z):
        x1, x2 = z
        return x1**2 + x1 * x2 + 2 * x2**2 + np.exp(x1 + x2) + np.log(np.cosh(x1 - x2 - 1))

    for z in [np.array(x), np.array([0.3, -1.1]), np.zeros(2)]:
        assert np.isclose(obj.f(z), f(z), rtol=1e-12)


def test_newton_fresh_cases_are_not_quadratic_and_one_step_does_not_reach_the_minimum():
    for case in fresh_draws(adagrad._fresh_newton, n=40):
        grad, hess, x = case.args
        obj = case.info["f"]
        step = newton_step_solution(grad, hess, x)
        x_min = obj.minimum()
        assert np.linalg.norm(grad(x_min)) < 1e-9  # the minimum really is one
        assert np.linalg.norm(step - x_min) > 0.02 * (1 + np.linalg.norm(step))
        assert np.linalg.norm(hess(x) - hess(np.zeros_like(x))) > 1e-3  # the Hessian depends on the point
        assert np.max(np.abs(hess(x) - np.diag(np.diag(hess(x))))) > 1e-3  # coupled coordinates
        assert "non-quadratic" in case.label


def test_newton_fresh_cases_change_between_checks():
    first, _ = seen_args(adagrad.check_newton_step, newton_step_solution)
    second, _ = seen_args(adagrad.check_newton_step, newton_step_solution)
    n_fixed = len(adagrad._FIXED_NEWTON)
    assert all(np.array_equal(a[2], b[2]) for a, b in zip(first[:n_fixed], second[:n_fixed], strict=True))
    assert not any(a[2].shape == b[2].shape and np.array_equal(a[2], b[2])
                   for a, b in zip(first[n_fixed:], second[n_fixed:], strict=True))


def many_gd_steps(grad, hess, x):
    for _ in range(3000):
        x = x - 0.05 * grad(x)
    return x


def newton_to_convergence(grad, hess, x):
    for _ in range(20):
        x = x - np.linalg.solve(hess(x), grad(x))
    return x


NEWTON_MISTAKES = [
    ("sign", lambda grad, hess, x: x + np.linalg.solve(hess(x), grad(x)), ("sign is flipped",)),
    ("the step", lambda grad, hess, x: np.linalg.solve(hess(x), grad(x)), ("returned the step",)),
    ("minus the step", lambda grad, hess, x: -np.linalg.solve(hess(x), grad(x)), ("add it to x",)),
    ("times H", lambda grad, hess, x: x - hess(x) @ grad(x), ("multiplied by H",)),
    ("diagonal only", lambda grad, hess, x: x - grad(x) / np.diag(hess(x)), ("diag(H) only", "off-diagonal")),
    ("Hessian at 0", lambda grad, hess, x: x - np.linalg.solve(hess(np.zeros(x.size)), grad(x)),
     ("Hessian at 0", "current point")),
    ("Hessian at 0 as a number", lambda grad, hess, x: x - np.linalg.solve(hess(0), grad(x)), ("Hessian at 0",)),
    ("Hessian at the gradient", lambda grad, hess, x: x - np.linalg.solve(hess(grad(x)), grad(x)),
     ("hess(grad(x))",)),
    ("Hessian at the next point",
     lambda grad, hess, x: x - np.linalg.solve(hess(newton_step_solution(grad, hess, x)), grad(x)),
     ("point the step reaches",)),
    ("gradient at 0", lambda grad, hess, x: x - np.linalg.solve(hess(x), grad(np.zeros_like(x))),
     ("gradient at 0",)),
    ("two steps", lambda grad, hess, x: newton_step_solution(grad, hess, newton_step_solution(grad, hess, x)),
     ("two Newton steps",)),
    ("many GD steps", many_gd_steps, ("minimum of f", "only when f is a quadratic")),
    ("Newton to convergence", newton_to_convergence, ("minimum of f", "exactly one step")),
    ("GD step", lambda grad, hess, x: x - grad(x), ("gradient-descent step with α = 1",)),
    ("elementwise division", lambda grad, hess, x: x - grad(x) / hess(x), ("matrix", "elementwise")),
    ("elementwise inverse", lambda grad, hess, x: x - np.linalg.inv(hess(x)) * grad(x), ("matrix", "elementwise")),
    ("zero", lambda grad, hess, x: x * 0, ("expected", "One Newton step solves")),
]


@pytest.mark.parametrize(("name", "answer", "words"), NEWTON_MISTAKES, ids=[m[0] for m in NEWTON_MISTAKES])
def test_newton_step_mistakes_are_named(name, answer, words):
    assert_wrong(adagrad.check_newton_step, answer, *words)


def test_newton_gd_steps_would_pass_on_quadratics_alone():
    # why the fresh non-quadratic cases are there: on the visible quadratics many GD steps agree
    for obj, x in adagrad._FIXED_NEWTON[:2]:
        case = adagrad._newton_case(obj, x)
        np.testing.assert_allclose(many_gd_steps(*case.args), newton_step_solution(*case.args), rtol=1e-7)


def test_a_hessian_at_the_wrong_point_is_invisible_on_quadratics_alone():
    # why the fresh cases are not quadratics: there hess(0) is hess(x), so only they expose the mistake
    for obj, x in adagrad._FIXED_NEWTON[:2]:
        grad, hess, x = adagrad._newton_case(obj, x).args
        np.testing.assert_array_equal(hess(np.zeros_like(x)), hess(x))
