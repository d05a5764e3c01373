"""The optimizers notebook's checkers (07): each plausible wrong answer named for what it does on
every case, the valid other ways of writing the answers accepted, and fresh cases that change at
every check and avoid the draws where a mistake would agree with the answer
(test_exercises_contract.py tests what every checker promises: starters, crashes, hangs, types,
lookup tables, in-place changes)."""

import re

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import exercises, optim
from gdlib.exercises import CORRECT, NOT_ATTEMPTED, WRONG, _core
from gdlib.exercises import optimizers as topic
from gdlib.exercises._core import shows_every_mistake

# --- momentum ------------------------------------------------------------------------------


def momentum_ok(w, v, g, lr, beta):
    v = beta * v + g
    return w - lr * v, v


def momentum_loop(w, v, g, lr, beta):
    w_new, v_new = np.empty_like(w), np.empty_like(v)
    for i in range(len(w)):
        v_new[i] = beta * v[i] + g[i]
        w_new[i] = w[i] - lr * v_new[i]
    return w_new, v_new


def momentum_in_place_on_copies(w, v, g, lr, beta):
    v, w = v.copy(), w.copy()
    v *= beta
    v += g
    w -= lr * v
    return w, v


def momentum_from_gdlib(w, v, g, lr, beta):
    rule = optim.Momentum(lr=lr, beta=beta)
    rule.v = v.copy()  # the velocity so far
    return rule.step(w, g), rule.v


@pytest.mark.parametrize("fn", [momentum_ok, momentum_loop, momentum_in_place_on_copies, momentum_from_gdlib,
                                lambda w, v, g, lr, beta: list(momentum_ok(w, v, g, lr, beta))])
def test_momentum_right_answers_pass(fn):
    assert exercises.check_momentum_step.diagnose(fn).status == CORRECT


def momentum_changes_v(w, v, g, lr, beta):
    v *= beta
    v += g
    return w - lr * v, v


def momentum_changes_w(w, v, g, lr, beta):
    v_new = beta * v + g
    w -= lr * v_new
    return w, v_new


VISIBLE_MOMENTUM = {0.05: (np.array([0.98, -1.95]), np.array([0.4, -1.0])),
                    0.1: (np.array([0.93, -1.916]), np.array([0.7, -0.84]))}


@pytest.mark.parametrize("fn, words", [
    (lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), ["(1 − β) damping"]),
    (lambda w, v, g, lr, b: (w + (b * v - lr * g), b * v - lr * g), ["learning rate inside the velocity", "Keras"]),
    (lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g), ["learning rate inside the velocity",
                                                                     "Sutskever"]),
    (lambda w, v, g, lr, b: (w - lr * (b * v + lr * g), b * v + lr * g), ["applied twice"]),
    (lambda w, v, g, lr, b: (w - lr * (g + b * (b * v + g)), b * v + g), ["Nesterov"]),
    (lambda w, v, g, lr, b: (w - lr * v, b * v + g), ["used the old velocity"]),
    (lambda w, v, g, lr, b: (w - lr * g, b * v + g), ["plain gradient descent"]),
    (lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g), ["uphill"]),
    (lambda w, v, g, lr, b: (w - lr * (v + g), v + g), ["multiplied by β"]),
    (lambda w, v, g, lr, b: (w - lr * (v + b * g), v + b * g), ["β multiplies the gradient"]),
    (lambda w, v, g, lr, b: (w - lr * g, g), ["gradient alone"]),
    (lambda w, v, g, lr, b: (w - lr * (b * v + g), v), ["old velocity v: return the new one"]),
    (lambda w, v, g, lr, b: momentum_ok(w, v, g, lr, b)[::-1], ["(v_new, w_new)"]),
    (lambda w, v, g, lr, b: (w - 2 * lr * (b * v + g), b * v + g), ["v_new is right, but w_new is not"]),
    (lambda w, v, g, lr, b: (w - lr * (b * v + g), 2 * (b * v + g)), ["w_new is right, but v_new is not"]),
    (momentum_changes_v, ["changed its input `v` in place"]),
    (momentum_changes_w, ["changed its input `w` in place"]),
    (lambda w, v, g, lr, b: w - lr * (b * v + g), ["return two results"]),
    (lambda w, v, g, lr, b: tuple(x.tolist() for x in momentum_ok(w, v, g, lr, b)), ["numpy array"]),
    (lambda w, v, g, lr, b: tuple(np.round(x, 2) for x in momentum_ok(w, v, g, lr, b)), ["expected"]),
    # a table of the visible answers (told apart by lr), zeros elsewhere
    (lambda w, v, g, lr, b: VISIBLE_MOMENTUM.get(lr, (np.zeros_like(w), np.zeros_like(v))), ["expected"]),
])
def test_momentum_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_momentum_step, fn, *words)


def test_momentum_visible_table_is_right_on_the_visible_cases():
    """The table above is a fair lookup table: it holds the right answers of the visible cases."""
    for lr, beta, v in [(0.05, 0.9, np.zeros(2)), (0.1, 0.8, np.array([0.5, 0.2]))]:
        g = np.array([0.4, -1.0]) if lr == 0.05 else np.array([0.3, -1.0])
        w_new, v_new = momentum_ok(np.array([1.0, -2.0]), v, g, lr, beta)
        assert np.allclose(VISIBLE_MOMENTUM[lr][0], w_new) and np.allclose(VISIBLE_MOMENTUM[lr][1], v_new)


def test_lr_inside_the_velocity_is_not_called_damping():
    # the old checker used lr = 1 − β, where the two conventions give the same velocity
    fb = assert_wrong(exercises.check_momentum_step, lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g))
    assert "damping" not in fb.message


def test_momentum_fresh_cases_keep_lr_and_beta_apart_and_every_mistake_visible():
    rng = np.random.default_rng(7)
    for _ in range(300):
        case = topic._momentum_fresh(rng)
        w, v, g, lr, beta = case.args
        assert abs(lr - (1 - beta)) >= 0.03
        assert np.all(v != 0) and np.all(g != 0) and w.shape == v.shape == g.shape
        assert shows_every_mistake(case, topic._momentum, topic.MOMENTUM_MISTAKES)


# --- RMSProp -------------------------------------------------------------------------------


def rms(w, s, g, lr, alpha, eps, *, s_rule=None, denom=None):
    s_new = alpha * s + (1 - alpha) * g**2 if s_rule is None else s_rule(s, g, alpha)
    d = np.sqrt(s_new) + eps if denom is None else denom(s, s_new, eps)
    return w - lr * g / d, s_new


def rms_written_out(w, s, g, lr, alpha, eps):
    s_new = s * alpha + g * g * (1.0 - alpha)
    step = lr * g / (s_new**0.5 + eps)
    return w - step, s_new


def rms_in_place_on_copies(w, s, g, lr, alpha, eps):
    s = s.copy()
    s *= alpha
    s += (1 - alpha) * g * g
    return w - lr * g / (np.sqrt(s) + eps), s


def rms_from_gdlib(w, s, g, lr, alpha, eps):
    rule = optim.RMSProp(lr=lr, alpha=alpha, eps=eps)
    rule.s = s.copy()
    return rule.step(w, g), rule.s


@pytest.mark.parametrize("fn", [rms, rms_written_out, rms_in_place_on_copies, rms_from_gdlib])
def test_rmsprop_right_answers_pass(fn):
    assert exercises.check_rmsprop_step.diagnose(fn).status == CORRECT


def rms_changes_s(w, s, g, lr, alpha, eps):
    s *= alpha
    s += (1 - alpha) * g**2
    return w - lr * g / (np.sqrt(s) + eps), s


@pytest.mark.parametrize("kw, words", [
    (dict(denom=lambda s, sn, eps: np.sqrt(sn + eps)), ["inside the square root", "TensorFlow", "Keras",
                                                        "PyTorch"]),
    (dict(denom=lambda s, sn, eps: np.sqrt(sn)), ["ε is missing"]),
    (dict(denom=lambda s, sn, eps: np.sqrt(s) + eps), ["divided by the old s"]),
    (dict(denom=lambda s, sn, eps: sn + eps), ["square root is missing"]),
    (dict(s_rule=lambda s, g, a: (1 - a) * s + a * g**2), ["swapped"]),
    (dict(s_rule=lambda s, g, a: a * s + g**2), ["weight (1 − α)"]),
    (dict(s_rule=lambda s, g, a: s + g**2), ["Adagrad"]),
    (dict(s_rule=lambda s, g, a: a * s + (1 - a) * g), ["squared gradient"]),
])
def test_rmsprop_mistakes_are_named(kw, words):
    assert_wrong(exercises.check_rmsprop_step, lambda *a: rms(*a, **kw), *words)


@pytest.mark.parametrize("fn, words", [
    (lambda w, s, g, lr, a, eps: rms(w, s, g, a, lr, eps), ["`alpha` as the learning rate"]),
    (lambda w, s, g, lr, a, eps: (2 * w - rms(w, s, g, lr, a, eps)[0], rms(w, s, g, lr, a, eps)[1]), ["uphill"]),
    (lambda w, s, g, lr, a, eps: (rms(w, s, g, lr, a, eps)[0], s), ["second value you returned is the old s"]),
    (lambda *a: rms(*a)[::-1], ["(s_new, w_new)"]),
    (lambda w, s, g, lr, a, eps: (w - 0.5 * lr * g / (np.sqrt(a * s + (1 - a) * g**2) + eps),
                                  a * s + (1 - a) * g**2), ["s_new is right, but w_new is not"]),
    (lambda w, s, g, lr, a, eps: (rms(w, s, g, lr, a, eps)[0], 3 * rms(w, s, g, lr, a, eps)[1]),
     ["w_new is right, but s_new is not"]),
    (rms_changes_s, ["changed its input `s` in place"]),
    (lambda *a: rms(*a)[0], ["return two results"]),
])
def test_rmsprop_other_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_rmsprop_step, fn, *words)


def test_rmsprop_fresh_eps_is_large_enough_that_its_place_shows():
    rng = np.random.default_rng(8)
    for _ in range(200):
        case = topic._rmsprop_fresh(rng)
        w, s, g, lr, alpha, eps = case.args
        inside = rms(w, s, g, lr, alpha, eps, denom=lambda s, sn, e: np.sqrt(sn + e))[0]
        assert not np.allclose(inside, rms(*case.args)[0], rtol=1e-6, atol=0)
        assert np.all(s > 0) and 0.8 <= alpha < 1 and lr != alpha
        assert shows_every_mistake(case, topic._rmsprop, topic.RMSPROP_MISTAKES)


# --- Adam ----------------------------------------------------------------------------------


def adam_variant(*, t0=1, count=True, correct_m=True, correct_v=True, eps_place="outside", python_floats=False,
                 extra=0, swap=False, damp_m=True, square=True, at_w0=False, restart=False, total=False, sign=1):
    """An Adam written the way a learner would, with one slip switched on."""
    def adam(grad, w0, lr, steps, betas, eps):
        b1, b2 = betas[::-1] if swap else betas
        w = np.asarray(w0, dtype=float)
        m = v = np.zeros_like(w)
        t = t0
        for _ in range(steps + extra):
            if restart:
                m, v = np.zeros_like(w), np.zeros_like(w)
            g = grad(w0 if at_w0 else w)
            m = b1 * m + (1 - b1 if damp_m else 1) * g
            v = b2 * v + (1 - b2) * (g * g if square else g)
            tc = steps if total else t
            if python_floats:  # a float division: ZeroDivisionError when t = 0
                m_hat, v_hat = m * (1.0 / (1 - b1**tc)), v * (1.0 / (1 - b2**tc))
            else:  # an array division: inf / nan (and a numpy warning) when t = 0
                m_hat = m / (1 - b1**tc) if correct_m else m
                v_hat = v / (1 - b2**tc) if correct_v else v
            if eps_place == "hat":
                step = lr * (1 - b2**tc) ** 0.5 / (1 - b1**tc) * m / (v**0.5 + eps)
            elif eps_place == "inside":
                step = lr * m_hat / (v_hat + eps) ** 0.5
            elif eps_place == "none":
                step = lr * m_hat / v_hat**0.5
            else:
                step = lr * m_hat / (v_hat**0.5 + eps)
            w = w - sign * step
            if count:
                t += 1
        return w
    return adam


def adam_from_gdlib(grad, w0, lr, steps, betas, eps):
    rule, w = optim.Adam(lr=lr, betas=betas, eps=eps), np.array(w0, dtype=float)
    for _ in range(steps):
        w = rule.step(w, grad(w))
    return w


def adam_counter_first(grad, w0, lr, steps, betas, eps):
    w, m, v, t = w0.copy(), 0.0 * w0, 0.0 * w0, 0
    while t < steps:
        t += 1
        g = grad(w)
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        w -= lr * (m / (1 - betas[0] ** t)) / (np.sqrt(v / (1 - betas[1] ** t)) + eps)  # w is a copy
    return w


@pytest.mark.parametrize("fn", [adam_variant(), adam_variant(python_floats=True), adam_from_gdlib,
                                adam_counter_first])
def test_adam_right_answers_pass(fn):
    assert exercises.check_adam.diagnose(fn).status == CORRECT


def adam_changes_w0(grad, w0, lr, steps, betas, eps):
    w = w0  # not a copy: -= below changes the caller's w0
    m = v = np.zeros_like(w)
    for t in range(1, steps + 1):
        g = grad(w)
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g**2
        w -= lr * m / (1 - betas[0] ** t) / (np.sqrt(v / (1 - betas[1] ** t)) + eps)
    return w


def adam_path(grad, w0, lr, steps, betas, eps):
    rule, path = optim.Adam(lr=lr, betas=betas, eps=eps), [np.array(w0, dtype=float)]
    for _ in range(steps):
        path.append(rule.step(path[-1], grad(path[-1])))
    return np.array(path)


@pytest.mark.parametrize("fn, words", [
    (adam_variant(t0=0), ["t was 0"]),
    (adam_variant(t0=0, python_floats=True), ["ZeroDivisionError", "t must be 1"]),
    (adam_variant(eps_place="hat"), ["TensorFlow", "Keras", "ε̂", "PyTorch"]),
    (adam_variant(eps_place="inside"), ["inside the square root", "PyTorch"]),
    (adam_variant(eps_place="none"), ["ε is missing"]),
    (adam_variant(correct_m=False, correct_v=False), ["no bias correction"]),
    (adam_variant(correct_m=False), ["m is not bias-corrected"]),
    (adam_variant(correct_v=False), ["v is not bias-corrected"]),
    (adam_variant(t0=2), ["t + 1"]),
    (adam_variant(count=False), ["t stays 1"]),
    (adam_variant(total=True), ["total number of steps"]),
    (adam_variant(swap=True), ["swapped"]),
    (adam_variant(damp_m=False), ["running sum"]),
    (adam_variant(square=False), ["squared gradient"]),
    (adam_variant(at_w0=True), ["gradient at w0"]),
    (adam_variant(restart=True), ["set back to zero"]),
    (adam_variant(extra=-1), ["one update too few"]),
    (adam_variant(extra=1), ["one update too many"]),
    (adam_variant(sign=-1), ["uphill"]),
    (adam_changes_w0, ["changed its input `w0` in place"]),
    (adam_path, ["every iterate"]),
    (lambda *args: adam_variant()(*args).tolist(), ["numpy array"]),
])
def test_adam_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_adam, fn, *words)


def test_adam_t_starting_at_zero_is_diagnosed_without_warnings():
    with np.errstate(all="raise"):  # the checker must silence numpy's divide-by-zero itself
        assert_wrong(exercises.check_adam, adam_variant(t0=0), "t was 0")


def test_adam_close_but_wrong_answer_shows_the_digits_that_differ():
    def nearly(grad, w0, lr, steps, betas, eps):
        return adam_variant()(grad, w0, lr, steps, betas, eps) * (1 + 1e-6)

    fb = assert_wrong(exercises.check_adam, nearly)
    got, want = re.search(r"returned (\[.*?\]), expected (\[.*?\])", fb.message).groups()
    assert got != want, fb.message


def test_adam_fresh_cases_are_not_quadratic_and_vary():
    rng = np.random.default_rng(9)
    seen_steps, seen_kinds = set(), set()
    for _ in range(120):
        case = topic._adam_fresh(rng)
        grad, w0, lr, steps, (b1, b2), eps = case.args
        assert steps >= 1 and 0.5 <= b1 < b2 < 1 and eps >= 1e-3
        seen_steps.add(steps)
        seen_kinds.add(case.label.split("f(w) = ")[1].split("(")[0])
        # not quadratic: the gradient is not linear in w (a quadratic's would be)
        a, b = w0, w0 + 1.0
        assert not np.allclose(grad((a + b) / 2), (grad(a) + grad(b)) / 2)
    assert 1 in seen_steps and len(seen_steps) >= 10 and len(seen_kinds) >= 3


# --- first to reach ------------------------------------------------------------------------


def first_ok(histories, target):
    first = {n: int(np.flatnonzero(h.losses <= target)[0]) for n, h in histories.items()
             if np.any(h.losses <= target)}
    return min(first, key=first.get) if first else None


def first_by_loops(histories, target):
    best_name, best_step = None, None
    for name, h in histories.items():
        for k, loss in enumerate(h.losses):
            if loss <= target:
                if best_step is None or k < best_step:
                    best_name, best_step = name, k
                break
    return best_name


def first_skipping_diverged(histories, target):
    steps = {}
    for name, h in histories.items():
        if h.diverged:
            continue
        hits = np.argmax(h.losses <= target)
        if h.losses[hits] <= target:
            steps[name] = hits
    if not steps:
        print("no rule reached the target")  # a print is fine: the answer is returned
        return None
    return sorted(steps, key=steps.get)[0]


@pytest.mark.parametrize("fn", [first_ok, first_by_loops, first_skipping_diverged,
                                lambda hs, t: first_ok(hs, t)])  # a lambda: its None is an answer too
def test_first_to_reach_right_answers_pass(fn):
    assert exercises.check_first_to_reach.diagnose(fn).status == CORRECT


def first_where(histories, target, reached, *, pick=min):
    first = {n: int(np.flatnonzero(reached(h.losses, target))[0]) for n, h in histories.items()
             if np.any(reached(h.losses, target))}
    return pick(first, key=first.get) if first else None


def first_without_none(histories, target):
    return first_ok(histories, target) or min(histories, key=lambda n: histories[n].losses[-1])


def first_index_error(histories, target):
    first = {n: int(np.flatnonzero(h.losses <= target)[0]) for n, h in histories.items()}
    return min(first, key=first.get)


def first_min_of_empty(histories, target):
    first = {n: int(np.flatnonzero(h.losses <= target)[0]) for n, h in histories.items()
             if np.any(h.losses <= target)}
    return min(first, key=first.get)


def first_in_dict_that_reaches(histories, target):
    for name, h in histories.items():
        if np.any(h.losses <= target):
            return name
    return None


def always_none(histories, target):
    return None


VISIBLE_RACES = {("GD", "Momentum", "Adam", "RMSProp"): "Adam", ("GD", "Adagrad"): "GD"}


@pytest.mark.parametrize("fn, words", [
    (lambda hs, t: first_where(hs, t, np.less), ["<= target, not < target"]),
    (lambda hs, t: min(hs, key=lambda n: len(hs[n].losses)), ["fewest steps", "diverged"]),
    (lambda hs, t: min(hs, key=lambda n: hs[n].losses[-1]), ["lowest final loss"]),
    (lambda hs, t: min(hs, key=lambda n: hs[n].losses.min()), ["lowest loss anywhere"]),
    (lambda hs, t: min(hs, key=lambda n: np.argmax(hs[n].losses <= t)), ["np.argmax", "np.any"]),
    (lambda hs, t: min(hs, key=lambda n: np.argmin(hs[n].losses)), ["argmin"]),
    (first_in_dict_that_reaches, ["first rule of the dict that reaches"]),
    (lambda hs, t: first_where(hs, t, np.less_equal, pick=max), ["most steps"]),
    (lambda hs, t: list(hs)[0], ["first rule of the dict, whatever"]),
    (first_without_none, ["return None then"]),
    (first_index_error, ["IndexError", "never reaches"]),
    (first_min_of_empty, ["ValueError", "nothing to take the min of"]),
    (lambda hs, t: min(np.flatnonzero(h.losses <= t)[0] for h in hs.values() if np.any(h.losses <= t)),
     ["not a step count"]),
    (lambda hs, t: hs[first_ok(hs, t) or list(hs)[0]], ["returned a History"]),
    (lambda hs, t: str(first_ok(hs, t)), ["no quotes"]),
    (lambda hs, t: (first_ok(hs, t), 0), ["only the rule's name"]),
    (lambda hs, t: (first_ok(hs, t) or "").lower(), ["not one of the rules"]),
    (always_none, ["forget the `return`"]),
    (lambda hs, t: VISIBLE_RACES.get(tuple(hs)), ["expected"]),  # a table of the visible races
])
def test_first_to_reach_mistakes_are_named(fn, words):
    assert_wrong(exercises.check_first_to_reach, fn, *words)


def test_first_to_reach_untouched_starter_is_not_attempted_and_none_on_the_first_race_is_wrong():
    def starter(histories, target):
        ...

    assert exercises.check_first_to_reach.diagnose(starter).status == NOT_ATTEMPTED

    def none_on_the_first_race(histories, target):
        return None if "RMSProp" in histories and "Momentum" in histories else first_ok(histories, target)

    fb = assert_wrong(exercises.check_first_to_reach, none_on_the_first_race, "returned None, expected 'Adam'")
    assert fb.status == WRONG


def test_first_to_reach_none_on_a_race_with_a_winner_names_the_winner():
    fb = assert_wrong(exercises.check_first_to_reach,
                      lambda hs, t: None if len(hs) == 2 and "Adagrad" in hs else first_ok(hs, t))
    assert "returned None, expected 'GD'" in fb.message and "GD at step 2" in fb.message


def test_first_to_reach_printing_instead_of_returning_on_a_winner_race_is_named():
    def prints(histories, target):
        print(first_ok(histories, target))

    assert_wrong(exercises.check_first_to_reach, prints, "printed", "return")


def races(seed):
    rng = np.random.default_rng(seed)
    return [make(rng) for make in topic.FRESH_RACES]


def test_fresh_races_have_the_traps_the_mistakes_fall_into():
    rng, later = np.random.default_rng(11), set()
    for _ in range(300):
        hs, target = topic._winner_race(rng).args
        win = first_ok(hs, target)
        assert win is not None
        steps = sorted(int(np.flatnonzero(h.losses <= target)[0]) for h in hs.values() if np.any(h.losses <= target))
        assert len(steps) >= 2 and steps[0] < steps[1]  # one winner, no tie between rules
        assert np.any(hs[win].losses == target)  # its loss equals the target exactly
        assert first_where(hs, target, np.less) != win  # so < and <= disagree
        shortest = min(hs, key=lambda n: len(hs[n].losses))
        lengths = sorted(len(h.losses) for h in hs.values())
        assert hs[shortest].diverged and shortest != win and lengths[0] < lengths[1]
        assert min(hs, key=lambda n: hs[n].losses[-1]) != win
        assert list(hs).index(win) > 0 and first_in_dict_that_reaches(hs, target) != win
        # each slip picks its own rule, none of them the winner
        slips = [
            shortest,
            min(hs, key=lambda n: hs[n].losses[-1]),  # lowest final loss
            min(hs, key=lambda n: hs[n].losses.min()),  # lowest loss anywhere
            min(hs, key=lambda n: np.argmax(hs[n].losses <= target)),  # argmax without np.any
            min(hs, key=lambda n: np.argmin(hs[n].losses)),  # step of the lowest loss
            first_where(hs, target, np.less),  # < instead of <=
        ]
        assert win not in slips and len(set(slips[:5])) == 5, slips  # (< may pick the one dipping lowest)
        later.add(first_where(hs, target, np.less_equal, pick=max) != slips[1])
    assert later == {True, False}  # the last to arrive sometimes has the lowest final loss, sometimes not


def test_races_without_a_winner_have_no_loss_at_or_below_the_target():
    rng = np.random.default_rng(12)
    for _ in range(100):
        hs, target = topic._no_winner_race(rng).args
        assert all(np.all(h.losses > target) for h in hs.values())
        assert any(h.diverged for h in hs.values())


def test_fresh_races_change_and_the_first_two_always_have_a_winner():
    labels, third = set(), []
    for seed in range(40):
        first, second, last = races(seed)
        assert first_ok(*first.args) is not None and first_ok(*second.args) is not None
        third.append(first_ok(*last.args))
        labels.update(c.label for c in (first, second, last))
    assert len(labels) == 120  # every race is new
    assert None in third and any(t is not None for t in third)


# --- fresh cases at every check ------------------------------------------------------------


@pytest.mark.parametrize("check, solution", [
    (exercises.check_momentum_step, momentum_ok),
    (exercises.check_rmsprop_step, rms),
    (exercises.check_adam, adam_variant()),
    (exercises.check_first_to_reach, first_ok),
])
def test_fresh_cases_change_at_every_check(check, solution):
    def labels():
        seen = []

        def spy(*args):
            seen.append(repr([a.tolist() if isinstance(a, np.ndarray) else a for a in args]))
            return solution(*args)

        assert check.diagnose(spy).status == CORRECT
        return seen

    first, second = labels(), labels()
    assert len(first) == len(second) >= 5
    n_fixed = len(first) - _core.FRESH_CASES
    assert first[:n_fixed] == second[:n_fixed]  # the visible cases stay
    assert all(a != b for a, b in zip(first[n_fixed:], second[n_fixed:], strict=True))  # the fresh ones change


def test_correct_messages_do_not_restate_a_formula():
    for check, solution in [(exercises.check_momentum_step, momentum_ok), (exercises.check_rmsprop_step, rms),
                            (exercises.check_adam, adam_variant()), (exercises.check_first_to_reach, first_ok)]:
        fb = check.diagnose(solution)
        assert fb.status == CORRECT
        assert not set("=/·²√−←^*≤") & set(fb.message), fb.message


def test_check_prints_one_line(capsys):
    exercises.check_adam(adam_variant())
    out = capsys.readouterr().out
    assert out.startswith("✅ correct") and out.count("\n") == 1
