"""The sgd notebook's checkers: each plausible mistake named, valid alternatives accepted, and fresh cases
that change at every call and keep the mistakes apart (test_exercises_contract.py tests what every checker
promises: starters, crashes, non-functions, one printed line, lookup tables, strings, in-place changes)."""

import copy

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import losses, optim, training
from gdlib.exercises import sgd
from gdlib.exercises._core import CORRECT
from gdlib.losses import sigmoid


def record(answer):
    """answer, plus the list of the argument tuples the checker called it with."""
    seen = []

    def spy(*args):
        seen.append(args)
        return answer(*args)

    return spy, seen


def fresh_calls(check, answer):
    """The arguments of the fresh cases of one check (the calls after the visible ones)."""
    spy, seen = record(answer)
    assert check.diagnose(spy).status == CORRECT
    return seen


CHECKS = [sgd.check_shuffled_batches, sgd.check_minibatch_gradient, sgd.check_sgd_epoch, sgd.check_bce_gradient]
SOLUTIONS = {}  # filled below, one reference answer per checker


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_correct_messages_say_what_was_tested_not_the_formula(check):
    fb = check.diagnose(SOLUTIONS[check.__name__])
    assert fb.status == CORRECT and "fresh" in fb.message
    assert not set(fb.message) & set("=/·²√−←^*"), fb.message


# --- 1. shuffled batches ---------------------------------------------------------------------


def batches_solution(n, s, rng):
    order = rng.permutation(n)
    return [order[i:i + s] for i in range(0, n, s)]


def cut(order, s, starts):
    return [order[i:i + s] for i in starts]


def shuffle_in_place(n, s, rng):
    order = np.arange(n)
    rng.shuffle(order)
    return cut(order, s, range(0, n, s))


def while_loop(n, s, rng):
    order, batches, start = rng.permutation(n), [], 0
    while start < n:
        batches.append(order[start:min(start + s, n)])
        start += s
    return batches


def skip_the_empty_batch(n, s, rng):
    order = rng.permutation(n)
    return [b for j in range(n // s + 1) if len(b := order[j * s:(j + 1) * s])]


@pytest.mark.parametrize("answer", [
    batches_solution,
    shuffle_in_place,
    while_loop,
    skip_the_empty_batch,
    lambda n, s, rng: cut(rng.permutation(np.arange(n)), s, range(0, n, s)),
    lambda n, s, rng: training.batch_indices(n, s, rng),
    lambda n, s, rng: tuple(batches_solution(n, s, rng)),
    lambda n, s, rng: [b.astype(np.int32) for b in batches_solution(n, s, rng)],
    lambda n, s, rng: batches_solution(n, s, np.random.default_rng(rng)),  # default_rng(a Generator) is itself
], ids=["solution", "rng.shuffle", "while", "skip empty", "permutation of arange", "gdlib", "tuple", "int32",
        "default_rng(rng)"])
def test_batches_valid_answers_pass(answer):
    assert sgd.check_shuffled_batches.diagnose(answer).status == CORRECT


@pytest.mark.parametrize(("answer", "words"), [
    (lambda n, s, rng: cut(np.arange(n), s, range(0, n, s)), ["original order", "rng.permutation"]),
    (lambda n, s, rng: (o := rng.permutation(n), [o[j * s:(j + 1) * s] for j in range(n // s + 1)])[1],
     ["one batch too many", "empty", "divides n"]),
    (lambda n, s, rng: cut(rng.permutation(n), s, range(0, n + 1, s)), ["one batch too many", "empty"]),
    (lambda n, s, rng: cut(rng.permutation(n), s, range(0, n + s, s)), ["one batch too many", "empty", "past n"]),
    (lambda n, s, rng: cut(rng.permutation(n), s, range(0, n - s + 1, s)), ["last, smaller batch is missing"]),
    (lambda n, s, rng: (o := rng.permutation(n), [o[j * s:(j + 1) * s] for j in range(n // s)])[1],
     ["last, smaller batch is missing"]),
    (lambda n, s, rng: (o := rng.permutation(n), [o[i:i + s + 1] for i in range(0, n, s)])[1],
     ["slices overlap", "batch_size + 1", "first index of the next"]),
    (lambda n, s, rng: (o := rng.permutation(n), [o[i:i + s - 1] for i in range(0, n, s)])[1],
     ["one index early", "skips one example"]),
    (lambda n, s, rng: cut(rng.permutation(n), s, range(n)), ["every index", "range(0, n, batch_size)"]),
    (lambda n, s, rng: (o := rng.permutation(n), [o[i * s:(i + 1) * s] for i in range(0, n, s)])[1],
     ["multiplied it by batch_size again"]),
    (lambda n, s, rng: [rng.permutation(n)[i:i + s] for i in range(0, n, s)], ["new permutation for every batch"]),
    (lambda n, s, rng: cut(rng.integers(0, n, size=n), s, range(0, n, s)), ["with replacement"]),
    (lambda n, s, rng: cut(rng.choice(n, n), s, range(0, n, s)), ["with replacement"]),
    (lambda n, s, rng: cut(rng.choice(n, n, replace=False), s, range(0, n, s)),
     ["rng.choice(n, n, replace=False)", "rng.permutation(n)"]),
    (lambda n, s, rng: np.array_split(rng.permutation(n), -(-n // s)), ["np.array_split"]),
    (lambda n, s, rng: cut(np.random.permutation(n), s, range(0, n, s)), ["never drew", "`rng`"]),  # noqa: NPY002
    (lambda n, s, rng: batches_solution(n, s, np.random.default_rng(0)), ["never drew", "new np.random.default_rng"]),
    (lambda n, s, rng: batches_solution(n, s, np.random.default_rng()), ["never drew"]),
    (lambda n, s, rng: (rng.permutation(n), batches_solution(n, s, rng))[1],
     ["otherwise than one rng.permutation(n)", "once"]),
    (lambda n, s, rng: batches_solution(n, s, rng)[::-1], ["batch sizes are", "except possibly the last"]),
    (lambda n, s, rng: [np.sort(b) for b in batches_solution(n, s, rng)], ["same indices and batch sizes"]),
    (lambda n, s, rng: [b.tolist() for b in batches_solution(n, s, rng)], ["is a list", "numpy arrays"]),
    (lambda n, s, rng: [str(b) for b in batches_solution(n, s, rng)], ["(a str)"]),
    (lambda n, s, rng: (b for b in batches_solution(n, s, rng)), ["generator", "list"]),
    (lambda n, s, rng: rng.permutation(n), ["one array of shape", "list of batches"]),
    (lambda n, s, rng: [b.astype(float) for b in batches_solution(n, s, rng)], ["dtype float64", "integers"]),
    (lambda n, s, rng: [np.isin(np.arange(n), b) for b in batches_solution(n, s, rng)], ["boolean mask"]),
    (lambda n, s, rng: rng.permutation(n).reshape(-1, s), ["ValueError", "reshape"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_batches_mistakes_are_named(answer, words):
    assert_wrong(sgd.check_shuffled_batches, answer, *words)


def test_overlapping_slices_are_not_called_sampling_with_replacement():
    def overlap(n, s, rng):
        order = rng.permutation(n)
        return [order[i:i + s + 1] for i in range(0, n, s)]

    assert "replacement" not in assert_wrong(sgd.check_shuffled_batches, overlap, "overlap").message


def test_the_extra_empty_batch_is_caught_although_it_is_right_whenever_batch_size_does_not_divide_n():
    def extra(n, s, rng):
        order = rng.permutation(n)
        return [order[j * s:(j + 1) * s] for j in range(n // s + 1)]

    fb = assert_wrong(sgd.check_shuffled_batches, extra, "one batch too many")
    assert "batch_size=3" not in fb.message  # the first visible case (10, 3) is right; a divisible one is shown


def _kind(n, s):
    if s == 1:
        return "one"
    if s == n:
        return "all"
    if n % s:
        assert n % s <= s - 2  # a last batch 2 or more short: np.array_split's nearly equal sizes differ
        return "does not divide"
    return "divides"


def test_batches_fresh_cases_cover_every_kind_and_change_between_calls():
    first = fresh_calls(sgd.check_shuffled_batches, batches_solution)
    second = fresh_calls(sgd.check_shuffled_batches, batches_solution)
    for seen in (first, second):
        visible, fresh = seen[:4], seen[4:]
        assert [(n, s) for n, s, _ in visible] == [(10, 3), (12, 4), (9, 9), (6, 1)]
        assert sorted(_kind(n, s) for n, s, _ in fresh) == ["all", "divides", "does not divide", "one"]
        for n, s, rng in fresh:
            assert isinstance(rng, np.random.Generator) and 1 <= s <= n <= 17
            assert not np.array_equal(np.random.default_rng(rng.seed).permutation(n), np.arange(n))
    assert [(n, s, rng.seed) for n, s, rng in first[4:]] != [(n, s, rng.seed) for n, s, rng in second[4:]]


def test_the_learner_gets_a_generator_that_draws_like_default_rng_of_its_seed():
    drawn = []

    def spy(n, s, rng):
        drawn.append((n, s, repr(rng), copy.deepcopy(rng).permutation(n)))
        return batches_solution(n, s, rng)

    assert sgd.check_shuffled_batches.diagnose(spy).status == CORRECT
    assert drawn[0][:3] == (10, 3, "np.random.default_rng(0)")
    assert np.array_equal(drawn[0][3], np.random.default_rng(0).permutation(10))


# --- 2. mini-batch gradient --------------------------------------------------------------------


def mb_grad(w, X, y, batch):
    Xb, yb = X[batch], y[batch]
    return 2 / len(batch) * Xb.T @ (Xb @ w - yb)


def mb_loop(w, X, y, batch):
    g = np.zeros_like(w)
    for i in batch:
        g += 2 * (X[i] @ w - y[i]) * X[i]
    return g / len(batch)


def mb_on_copies(w, X, y, batch):
    Xb, r = X[batch].copy(), y[batch].copy()
    r -= Xb @ w  # changes the copies only
    r *= -2 / len(batch)
    return Xb.T @ r


@pytest.mark.parametrize("answer", [
    mb_grad,
    mb_loop,
    mb_on_copies,
    lambda w, X, y, b: np.mean(2 * X[b] * (X[b] @ w - y[b])[:, None], axis=0),
    lambda w, X, y, b: 2 * (X[b] @ w - y[b]) @ X[b] / len(b),
    lambda w, X, y, b: mb_grad(w, X, y, list(b)),
    lambda w, X, y, b: losses.linear_mse_grad(w, X[b], y[b]),
    lambda w, X, y, b: (m := np.isin(np.arange(len(X)), b), 2 / m.sum() * X[m].T @ (X[m] @ w - y[m]))[1],
], ids=["solution", "loop", "in-place on copies", "mean of rows", "residual first", "list index", "gdlib",
        "boolean mask (distinct indices)"])
def test_minibatch_gradient_valid_answers_pass(answer):
    assert sgd.check_minibatch_gradient.diagnose(answer).status == CORRECT


@pytest.mark.parametrize(("answer", "words"), [
    (lambda w, X, y, b: mb_grad(w, X, y, b) * len(b), ["summed over the batch", "len(batch)"]),
    (lambda w, X, y, b: mb_grad(w, X, y, b) * len(b) / len(X), ["divided by n = len(X)"]),
    (lambda w, X, y, b: mb_grad(w, X, y, np.arange(len(X))), ["full-data gradient"]),
    (lambda w, X, y, b: 2 / len(b) * X.T @ (X @ w - y), ["every row of X", "divided by len(batch)"]),
    (lambda w, X, y, b: mb_grad(w, X, y, np.arange(len(b))), ["first len(batch) rows"]),
    (lambda w, X, y, b: mb_grad(w, X, y, b) * len(b) / X.shape[1], ["number of features"]),
    (lambda w, X, y, b: mb_grad(w, X, y, b) / 2, ["exactly half"]),
    (lambda w, X, y, b: -mb_grad(w, X, y, b), ["sign is flipped"]),
    (lambda w, X, y, b: 2 / len(b) * X[b].T @ (X[b] @ w - y[b]) ** 2, ["squared the residual"]),
    (lambda w, X, y, b: mb_grad(w, X, y, b) + 1.0, ["average the per-example gradients"]),
    (lambda w, X, y, b: float(np.sum(mb_grad(w, X, y, b))), ["shape (", "single number"]),
    (lambda w, X, y, b: mb_grad(w, X, y, b).tolist(), ["list", "np.array"]),
    (lambda w, X, y, b: (y.__isub__(X @ w), mb_grad(w, X, y + X @ w, b))[1], ["`y` in place"]),
    (lambda w, X, y, b: (X.__setitem__((0, 0), 5.0), mb_grad(w, X, y, b))[1], ["`X` in place"]),
    (lambda w, X, y, b: (b.sort(), mb_grad(w, X, y, b))[1], ["`b` in place"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_minibatch_gradient_mistakes_are_named(answer, words):
    assert_wrong(sgd.check_minibatch_gradient, answer, *words)


def test_minibatch_gradient_fresh_cases_keep_the_wrong_counts_apart_and_change():
    first = fresh_calls(sgd.check_minibatch_gradient, mb_grad)
    second = fresh_calls(sgd.check_minibatch_gradient, mb_grad)
    for seen in (first, second):
        assert len(seen) == 5
        for w, X, y, batch in seen[2:]:
            n, d = X.shape
            s = len(batch)
            assert w.shape == (d,) and y.shape == (n,)
            assert len(set(batch.tolist())) == s and 3 <= s < n - 1  # distinct rows, a real subset
            assert s != d and 2 * s != n  # so /d and /n cannot pass for /len(batch) or for the missing 2
    assert not np.array_equal(first[3][1], second[3][1])


# --- 3. one epoch of SGD ---------------------------------------------------------------------


def sgd_solution(w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    for start in range(0, len(X), s):
        w = w - lr * mb_grad(w, X, y, order[start:start + s])
    return w


def make_epoch(*, batches=lambda n, s, rng: batches_solution(n, s, rng), grad=mb_grad, early_return=False,
               no_assign=False):
    def epoch(w, X, y, lr, s, rng):
        for batch in batches(len(X), s, rng):
            new = w - lr * grad(w, X, y, batch)
            if not no_assign:
                w = new
            if early_return:
                return w
        return new if no_assign else w

    return epoch


def in_place_on_a_copy(w, X, y, lr, s, rng):
    w = np.array(w, dtype=float)
    for batch in training.batch_indices(len(X), s, rng):
        w -= lr * mb_grad(w, X, y, batch)
    return w


def with_gdlib(w, X, y, lr, s, rng):
    run = training.minibatch_descend(losses.linear_mse_grad, w, X, y, optim.GradientDescent(lr), epochs=1,
                                     batch_size=s, seed=rng)
    return run.params[-1]


def shuffled_copies(w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    Xs, ys = X[order], y[order]
    for start in range(0, len(X), s):
        Xb, yb = Xs[start:start + s], ys[start:start + s]
        w = w - lr * 2 * Xb.T @ (Xb @ w - yb) / len(Xb)
    return w


def mean_gradient(w, X, y, b):  # numpy division: an empty batch gives nan instead of an error
    Xb, yb = X[b], y[b]
    return 2 * Xb.T @ (Xb @ w - yb) / len(b)


def one_too_many(n, s, rng):
    order = rng.permutation(n)
    return [order[j * s:(j + 1) * s] for j in range(n // s + 1)]


@pytest.mark.parametrize("answer", [
    sgd_solution,
    in_place_on_a_copy,
    with_gdlib,
    shuffled_copies,
    make_epoch(batches=skip_the_empty_batch),
    make_epoch(batches=shuffle_in_place, grad=mb_loop),
    make_epoch(batches=while_loop, grad=lambda w, X, y, b: losses.linear_mse_grad(w, X[b], y[b])),
], ids=["solution", "in place on a copy", "gdlib minibatch_descend", "shuffled copies of X, y", "skip empty",
        "rng.shuffle + loop", "while"])
def test_sgd_epoch_valid_answers_pass(answer):
    assert sgd.check_sgd_epoch.diagnose(answer).status == CORRECT


def test_in_place_update_of_the_callers_w_is_wrong():
    def in_place(w, X, y, lr, s, rng):
        order = rng.permutation(len(X))
        for i in range(0, len(X), s):
            w -= lr * mb_grad(w, X, y, order[i:i + s])
        return w

    assert_wrong(sgd.check_sgd_epoch, in_place, "`w` in place")


def per_batch_size(w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    for i in range(0, len(X), s):
        Xb, yb = X[order[i:i + s]], y[order[i:i + s]]
        w = w - lr * 2 / s * Xb.T @ (Xb @ w - yb)
    return w


def each_step_from_the_start(w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    for i in range(0, len(X), s):
        w_new = w - lr * mb_grad(w, X, y, order[i:i + s])
    return w_new


@pytest.mark.parametrize(("answer", "words"), [
    (make_epoch(batches=one_too_many, grad=mean_gradient), ["one batch too many", "empty", "nan"]),
    (make_epoch(batches=one_too_many), ["ZeroDivisionError", "exactly the cases where batch_size divides n",
                                        "one batch too many"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.permutation(n), s, range(0, n + 1, s)), grad=mean_gradient),
     ["one batch too many", "empty"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.permutation(n), s, range(0, n + s, s)), grad=mean_gradient),
     ["nan", "empty batch"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.permutation(n), s, range(0, n - s + 1, s))),
     ["last, smaller batch is missing"]),
    (make_epoch(batches=lambda n, s, rng: (o := rng.permutation(n), [o[i:i + s + 1] for i in range(0, n, s)])[1]),
     ["slices overlap"]),
    (make_epoch(batches=lambda n, s, rng: (o := rng.permutation(n), [o[i:i + s - 1] for i in range(0, n, s)])[1],
                grad=mean_gradient), ["one index early"]),
    (make_epoch(batches=lambda n, s, rng: (o := rng.permutation(n), [o[:s] for _ in range(0, n, s)])[1]),
     ["same first batch"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.permutation(n), s, range(n))), ["every index"]),
    (make_epoch(batches=lambda n, s, rng: [rng.permutation(n)[i:i + s] for i in range(0, n, s)]),
     ["new permutation for every batch"]),
    (make_epoch(batches=lambda n, s, rng: cut(np.arange(n), s, range(0, n, s))), ["original order"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.integers(0, n, n), s, range(0, n, s))), ["with replacement"]),
    (make_epoch(batches=lambda n, s, rng: cut(rng.choice(n, n, replace=False), s, range(0, n, s))),
     ["rng.choice(n, n, replace=False)"]),
    (make_epoch(batches=lambda n, s, rng: np.array_split(rng.permutation(n), -(-n // s))), ["np.array_split"]),
    (make_epoch(batches=lambda n, s, rng: np.array_split(rng.permutation(n), n // s)), ["np.array_split"]),
    (make_epoch(batches=lambda n, s, rng: batches_solution(n, s, np.random.default_rng(42))), ["never drew"]),
    (make_epoch(batches=lambda n, s, rng: (rng.permutation(n), batches_solution(n, s, rng))[1]),
     ["otherwise than one rng.permutation(n)"]),
    (per_batch_size, ["divided by batch_size", "len(batch)"]),
    (make_epoch(grad=lambda w, X, y, b: mb_grad(w, X, y, b) * len(b)), ["summed over each batch"]),
    (make_epoch(grad=lambda w, X, y, b: mb_grad(w, X, y, b) * len(b) / len(X)), ["divided by n = len(X)"]),
    (make_epoch(grad=lambda w, X, y, b: mb_grad(w, X, y, np.arange(len(X)))), ["full-data gradient"]),
    (make_epoch(grad=lambda w, X, y, b: mb_grad(w, X, y, b) / 2), ["half as large"]),
    (make_epoch(grad=lambda w, X, y, b: -mb_grad(w, X, y, b)), ["uphill"]),
    (make_epoch(early_return=True), ["first batch only", "after the loop"]),
    (lambda w, X, y, lr, s, rng: (sgd_solution(w, X, y, lr, s, rng), w)[1], ["w never changed"]),
    (each_step_from_the_start, ["started again from the initial w"]),
    (lambda w, X, y, lr, s, rng: sgd_solution(w, X, y, lr, s, rng) + 0.01, ["rng.permutation(len(X))"]),
    (lambda w, X, y, lr, s, rng: [sgd_solution(w, X, y, lr, s, rng)], ["shape"]),
    (lambda w, X, y, lr, s, rng: (X.__imul__(1.0), y.__setitem__(0, 0.0), sgd_solution(w, X, y, lr, s, rng))[2],
     ["`y` in place"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_sgd_epoch_mistakes_are_named(answer, words):
    assert_wrong(sgd.check_sgd_epoch, answer, *words)


def test_sgd_epoch_fresh_cases_cover_every_kind_are_stable_and_change():
    first = fresh_calls(sgd.check_sgd_epoch, sgd_solution)
    second = fresh_calls(sgd.check_sgd_epoch, sgd_solution)
    for seen in (first, second):
        visible, fresh = seen[:2], seen[2:]
        assert [(len(X), s) for _, X, _, _, s, _ in visible] == [(8, 3), (8, 4)]  # 4 divides 8, 3 does not
        assert sorted(_kind(len(X), s) for _, X, _, _, s, _ in fresh) == ["all", "divides", "does not divide", "one"]
        for w, X, y, lr, s, rng in fresh:
            assert w.shape == (X.shape[1],) and np.any(w != 0)  # "w never changed" cannot look like a step
            out = sgd_solution(w, X, y, lr, s, np.random.default_rng(rng.seed))
            assert np.all(np.isfinite(out)) and np.max(np.abs(out)) < 100
    assert [X.shape for _, X, *_ in first[2:]] != [X.shape for _, X, *_ in second[2:]] or not all(
        np.array_equal(a[1], b[1]) for a, b in zip(first[2:], second[2:], strict=True))


# --- 4. BCE gradient --------------------------------------------------------------------------


def bce_grad(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(X)


def bce_loop(w, X, y):
    g = np.zeros(X.shape[1])
    for xi, yi in zip(X, y, strict=True):
        g += (1 / (1 + np.exp(-xi @ w)) - yi) * xi
    return g / len(y)


@pytest.mark.parametrize("answer", [
    bce_grad,
    bce_loop,
    lambda w, X, y: np.mean(X * (sigmoid(X @ w) - y)[:, None], axis=0),
    lambda w, X, y: (sigmoid(X @ w) - y) @ X / X.shape[0],
    lambda w, X, y: losses.logistic_bce_grad(w, X, y),
    lambda w, X, y: -X.T @ (y * (1 - sigmoid(X @ w)) - (1 - y) * sigmoid(X @ w)) / len(X),
], ids=["solution", "loop", "mean of rows", "error first", "gdlib", "two terms"])
def test_bce_gradient_valid_answers_pass(answer):
    assert sgd.check_bce_gradient.diagnose(answer).status == CORRECT


def extra_factor(w, X, y, two=1.0):
    p = sigmoid(X @ w)
    return two * X.T @ ((p - y) * p * (1 - p)) / len(X)


def test_the_naive_sigmoid_overflows_on_the_large_score_case():
    def naive(w, X, y):
        z = X @ w
        return X.T @ (np.exp(z) / (1 + np.exp(z)) - y) / len(X)  # inf / inf = nan once z > 709

    assert_wrong(sgd.check_bce_gradient, naive, "inf / inf = nan", "losses.sigmoid")

    def textbook(w, X, y):  # 1 / (1 + e^(−z)) saturates to 0 and 1 instead: right
        with np.errstate(over="ignore"):
            return X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(X)

    assert sgd.check_bce_gradient.diagnose(textbook).status == CORRECT


@pytest.mark.parametrize(("answer", "words"), [
    (lambda w, X, y: -bce_grad(w, X, y), ["sign is flipped"]),
    (lambda w, X, y: bce_grad(w, X, y) * len(X), ["summed over the examples"]),
    (lambda w, X, y: bce_grad(w, X, y) * len(X) / X.shape[1], ["number of features"]),
    (lambda w, X, y: X.T @ (X @ w - y) / len(X), ["raw score"]),
    (lambda w, X, y: X.T @ (1 / (1 + np.exp(X @ w)) - y) / len(X), ["σ(−z)", "minus"]),
    (extra_factor, ["extra factor p(1 − p)"]),
    (lambda w, X, y: extra_factor(w, X, y, two=2.0), ["extra factor 2·p(1 − p)"]),
    (lambda w, X, y: 2 * bce_grad(w, X, y), ["extra factor 2", "cross-entropy has none"]),
    (lambda w, X, y: X.T @ (sigmoid(X) @ w - y) / len(X), ["sigmoid to X before"]),
    (lambda w, X, y: -X.T @ (y * (1 - sigmoid(X @ w))) / len(X), ["only the label-1 term"]),
    (lambda w, X, y: X.T @ ((1 - y) * sigmoid(X @ w)) / len(X), ["only the label-0 term"]),
    (lambda w, X, y: X.T @ (np.tanh(X @ w) - y) / len(X), ["tanh"]),
    (lambda w, X, y: bce_grad(w, X, y) + 0.1, ["Compute p = sigmoid(X @ w)"]),
    (lambda w, X, y: X @ (sigmoid(X @ w) - y) / len(X), ["ValueError", "transposed"]),
    (lambda w, X, y: (y.__isub__(0.0), y.__setitem__(0, 1.0 - y[0]), bce_grad(w, X, y))[2], ["`y` in place"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_bce_gradient_mistakes_are_named(answer, words):
    assert_wrong(sgd.check_bce_gradient, answer, *words)


def test_bce_fresh_cases_have_both_labels_and_keep_the_wrong_counts_apart():
    first = fresh_calls(sgd.check_bce_gradient, bce_grad)
    second = fresh_calls(sgd.check_bce_gradient, bce_grad)
    for seen in (first, second):
        assert len(seen) == 6  # three visible cases, three fresh ones
        for w, X, y in seen[3:]:
            n, d = X.shape
            assert set(y.tolist()) == {0.0, 1.0} and w.shape == (d,)
            assert n not in (d, 2 * d)  # dividing by d, or an extra 2, would agree with dividing by n
            p = sigmoid(X @ w)
            assert np.ptp(p * (1 - p)) > 1e-3  # p(1 − p) is not one constant factor
    assert not np.array_equal(first[3][1], second[3][1])


SOLUTIONS.update(check_shuffled_batches=batches_solution, check_minibatch_gradient=mb_grad,
                 check_sgd_epoch=sgd_solution, check_bce_gradient=bce_grad)
