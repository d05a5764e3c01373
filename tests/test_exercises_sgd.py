"""The sgd notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import sgd
from gdlib.exercises._core import CORRECT
from gdlib.losses import sigmoid

# --- 1. shuffled batches ---------------------------------------------------------------------


def batches_solution(n, s, rng):
    order = rng.permutation(n)
    return [order[i:i + s] for i in range(0, n, s)]


def test_batches_solution_is_correct():
    assert sgd.check_shuffled_batches.diagnose(batches_solution).status == CORRECT


def test_batches_not_shuffled():
    def in_order(n, s, rng):
        return [np.arange(n)[i:i + s] for i in range(0, n, s)]

    assert_wrong(sgd.check_shuffled_batches, in_order, "original order", "rng.permutation")


def test_batches_drop_last():
    def drop_last(n, s, rng):
        order = rng.permutation(n)
        return [order[i:i + s] for i in range(0, n - s + 1, s)]

    assert_wrong(sgd.check_shuffled_batches, drop_last, "last, smaller batch")


def test_batches_with_replacement():
    def with_replacement(n, s, rng):
        idx = rng.integers(0, n, size=n)
        return [idx[i:i + s] for i in range(0, n, s)]

    assert_wrong(sgd.check_shuffled_batches, with_replacement, "with replacement")


def test_batches_fixed_seed_inside():
    def fixed_seed(n, s, rng):
        return batches_solution(n, s, np.random.default_rng(123))

    assert_wrong(sgd.check_shuffled_batches, fixed_seed, "same order", "new generator")


def test_batches_equal_split_has_wrong_sizes():
    def equal_split(n, s, rng):
        return np.array_split(rng.permutation(n), -(-n // s))

    assert_wrong(sgd.check_shuffled_batches, equal_split, "batch sizes")


# --- 2. mini-batch gradient --------------------------------------------------------------------


def mb_grad(w, X, y, batch):
    Xb, yb = X[batch], y[batch]
    return 2 / len(batch) * Xb.T @ (Xb @ w - yb)


def test_minibatch_gradient_solution_is_correct():
    assert sgd.check_minibatch_gradient.diagnose(mb_grad).status == CORRECT


@pytest.mark.parametrize(("wrong", "words"), [
    (lambda w, X, y, b: mb_grad(w, X, y, b) * len(b), "summed over the batch"),
    (lambda w, X, y, b: mb_grad(w, X, y, b) * len(b) / len(X), "divided by n"),
    (lambda w, X, y, b: mb_grad(w, X, y, np.arange(len(X))), "full-data gradient"),
    (lambda w, X, y, b: mb_grad(w, X, y, b) / 2, "exactly half"),
    (lambda w, X, y, b: -mb_grad(w, X, y, b), "sign is flipped"),
    (lambda w, X, y, b: mb_grad(w, X, y, b) + 1.0, "Take Xb, yb"),
])
def test_minibatch_gradient_mistakes(wrong, words):
    assert_wrong(sgd.check_minibatch_gradient, wrong, words)


def test_minibatch_gradient_wrong_shape():
    assert_wrong(sgd.check_minibatch_gradient, lambda w, X, y, b: np.zeros(3), "shape")


# --- 3. one epoch of SGD ---------------------------------------------------------------------


def make_epoch(*, shuffle=True, drop_last=False, reuse=False, summed=False, full=False,
               early_return=False, no_assign=False):
    def epoch(w, X, y, lr, s, rng):
        n = len(X)
        order = rng.permutation(n) if shuffle else np.arange(n)
        for i in range(0, n - s + 1 if drop_last else n, s):
            batch = order[:s] if reuse else order[i:i + s]
            if full:
                batch = np.arange(n)
            g = mb_grad(w, X, y, batch) * (len(batch) if summed else 1)
            new = w - lr * g
            if not no_assign:
                w = new
            if early_return:
                return w
        return w

    return epoch


def test_sgd_epoch_solution_is_correct():
    assert sgd.check_sgd_epoch.diagnose(make_epoch()).status == CORRECT


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"reuse": True}, "same first batch"),
    ({"shuffle": False}, "original order"),
    ({"drop_last": True}, "last, smaller batch"),
    ({"summed": True}, "summed over each batch"),
    ({"full": True}, "full-data gradient"),
    ({"early_return": True}, "first batch only"),
    ({"no_assign": True}, "never changed"),
])
def test_sgd_epoch_mistakes(kwargs, words):
    assert_wrong(sgd.check_sgd_epoch, make_epoch(**kwargs), words)


def test_sgd_epoch_in_place_update_does_not_spoil_later_cases():
    def in_place(w, X, y, lr, s, rng):
        order = rng.permutation(len(X))
        for i in range(0, len(X), s):
            w -= lr * mb_grad(w, X, y, order[i:i + s])
        return w

    assert sgd.check_sgd_epoch.diagnose(in_place).status == CORRECT


# --- 4. BCE gradient --------------------------------------------------------------------------


def bce_grad(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(X)


def test_bce_gradient_solution_is_correct():
    assert sgd.check_bce_gradient.diagnose(bce_grad).status == CORRECT


@pytest.mark.parametrize(("wrong", "words"), [
    (lambda w, X, y: -bce_grad(w, X, y), "sign is flipped"),
    (lambda w, X, y: bce_grad(w, X, y) * len(X), "summed over the examples"),
    (lambda w, X, y: X.T @ (X @ w - y) / len(X), "raw score"),
    (lambda w, X, y: X.T @ ((sigmoid(X @ w) - y) * sigmoid(X @ w) * (1 - sigmoid(X @ w))) / len(X),
     "p(1 − p)"),
    (lambda w, X, y: bce_grad(w, X, y) + 0.1, "Compute p = sigmoid"),
])
def test_bce_gradient_mistakes(wrong, words):
    assert_wrong(sgd.check_bce_gradient, wrong, words)
