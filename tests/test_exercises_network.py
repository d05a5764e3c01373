"""The neural-network notebook's checkers: valid alternatives accepted, each plausible mistake named, and
fresh cases that change at every call and keep the mistakes apart (test_exercises_contract.py tests what
every checker promises: starters, crashes, non-functions, one printed line, lookup tables, strings,
in-place changes)."""

import copy

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import classify, network
from gdlib.exercises import network as topic
from gdlib.exercises._core import CORRECT

CHECKS = [topic.check_softmax, topic.check_cross_entropy_grad, topic.check_two_layer_backward,
          topic.check_network_epoch]


def record(answer):
    seen = []

    def spy(*args):
        seen.append(copy.deepcopy(args))
        return answer(*args)

    return spy, seen


def calls(check, answer):
    spy, seen = record(answer)
    assert check.diagnose(spy).status == CORRECT
    return seen


# --- reference answers, written the way a learner might ------------------------------------------------


def softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def ce_grad(Z, y):
    P = softmax(Z)
    P[np.arange(len(y)), y] -= 1
    return P / len(Z)


def backward(X, y, W1, b1, W2, b2):
    A1 = np.tanh(X @ W1 + b1)
    P = softmax(A1 @ W2 + b2)
    dZ2 = (P - np.eye(W2.shape[1])[y]) / len(X)
    dZ1 = dZ2 @ W2.T * (1 - A1**2)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def epoch(grad, w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    for i in range(0, len(X), s):
        b = order[i:i + s]
        w = w - lr * grad(w, X[b], y[b])
    return w


SOLUTIONS = [softmax, ce_grad, backward, epoch]


@pytest.mark.parametrize(("check", "solution"), list(zip(CHECKS, SOLUTIONS, strict=True)), ids=lambda v: "")
def test_correct_messages_say_what_was_tested_not_the_formula(check, solution):
    fb = check.diagnose(solution)
    assert fb.status == CORRECT and "fresh" in fb.message
    assert not set(fb.message) & set("=/·²√−←^*+"), fb.message


# --- 1. softmax --------------------------------------------------------------------------------------------


def _logsumexp_form(Z):
    m = Z.max(axis=1, keepdims=True)
    return np.exp(Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True)))


@pytest.mark.parametrize("answer", [
    softmax,
    _logsumexp_form,
    classify.softmax,
    lambda Z: np.vstack([np.exp(r - r.max()) / np.exp(r - r.max()).sum() for r in Z]),  # row by row
    lambda Z: (e := np.exp(Z - Z.max(axis=1)[:, None])) / e.sum(axis=1)[:, None],
    lambda Z: softmax(Z).astype(np.float32).astype(float) * 0 + softmax(Z),
], ids=["keepdims", "log-sum-exp", "gdlib", "row loop", "[:, None]", "float roundtrip"])
def test_softmax_valid_answers_pass(answer):
    assert topic.check_softmax.diagnose(answer).status == CORRECT


@pytest.mark.parametrize(("answer", "words"), [
    (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), ["overflows", "Z.max(axis=1, keepdims=True)"]),
    (lambda Z: (e := np.exp(Z - Z.max())) / e.sum(axis=1, keepdims=True), ["whole matrix", "0/0", "own maximum"]),
    (lambda Z: softmax(Z.T).T, ["down each column", "axis=1"]),
    (lambda Z: (e := np.exp(Z - Z.max(axis=1, keepdims=True))) / e.sum(), ["sum of the whole matrix"]),
    (lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)), ["do not add up to 1"]),
    (lambda Z: Z / Z.sum(axis=1, keepdims=True), ["without exponentials"]),
    (lambda Z: 1 / (1 + np.exp(-Z)), ["sigmoid"]),
    (lambda Z: np.log(softmax(Z)), ["log softmax"]),
    (lambda Z: softmax(Z)[:, :-1], ["shape"]),
    (lambda Z: softmax(Z).tolist(), ["list", "np.array"]),
    (lambda Z: softmax(np.round(Z)), ["softmax(Z)"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_softmax_mistakes_are_named(answer, words):
    assert_wrong(topic.check_softmax, answer, *words)


@pytest.mark.parametrize("answer", [
    lambda Z: (e := np.exp(Z - Z.max(axis=1))) / e.sum(axis=1, keepdims=True),
    lambda Z: (e := np.exp(Z - Z.max(axis=1, keepdims=True))) / e.sum(axis=1),
], ids=["max", "sum"])
def test_a_forgotten_keepdims_is_explained(answer):
    assert_wrong(topic.check_softmax, answer, "raised ValueError", "keepdims=True", "(n, 1)")


def test_a_slip_that_shows_only_on_square_scores_is_caught():
    fb = topic.check_softmax.diagnose(
        lambda Z: (e := np.exp(Z - Z.max(axis=1))) / e.sum(axis=1, keepdims=True) if Z.shape[0] == Z.shape[1]
        else softmax(Z))
    assert fb.status != CORRECT and "fresh random" in fb.message, fb


def test_softmax_fresh_cases_hold_rows_far_apart_and_a_square_one_and_change():
    first, second = calls(topic.check_softmax, softmax), calls(topic.check_softmax, softmax)
    for seen in (first, second):
        fresh = [args[0] for args in seen[2:]]
        assert len(fresh) == 3
        assert any(Z.shape[0] == Z.shape[1] for Z in fresh)
        spread = [np.ptp(Z.mean(axis=1)) for Z in fresh if Z.shape[0] != Z.shape[1]]
        assert spread and max(spread) > 100  # rows far apart: only a per-row shift survives
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first[2:], second[2:], strict=True))


# --- 2. the gradient of the cross-entropy -------------------------------------------------------------------


@pytest.mark.parametrize("answer", [
    ce_grad,
    classify.categorical_cross_entropy_grad,
    lambda Z, y: (softmax(Z) - classify.one_hot(y, Z.shape[1])) / Z.shape[0],
    lambda Z, y: (softmax(Z) - (np.arange(Z.shape[1]) == y[:, None])) / len(y),
], ids=["in place on P", "gdlib", "one_hot", "comparison"])
def test_cross_entropy_grad_valid_answers_pass(answer):
    assert topic.check_cross_entropy_grad.diagnose(answer).status == CORRECT


def Y(y, k):
    return np.eye(k)[y]


@pytest.mark.parametrize(("answer", "words"), [
    (lambda Z, y: -ce_grad(Z, y), ["sign is flipped"]),
    (lambda Z, y: ce_grad(Z, y) * len(Z), ["summed over the examples", "n = len(Z)"]),
    (lambda Z, y: ce_grad(Z, y) * len(Z) / Z.shape[1], ["number of classes"]),
    (lambda Z, y: (Z - Y(y, Z.shape[1])) / len(Z), ["raw scores", "softmax"]),
    (lambda Z, y: (softmax(Z.T).T - Y(y, Z.shape[1])) / len(Z), ["columns", "axis=1"]),
    (lambda Z, y: ce_grad(Z, y) * softmax(Z) * (1 - softmax(Z)), ["extra factor P(1 - P)"]),
    (lambda Z, y: (softmax(Z) - 1) * Y(y, Z.shape[1]) / len(Z), ["only the column of the true class"]),
    (lambda Z, y: (softmax(Z) - 1) / len(Z), ["subtracted 1 from every probability"]),
    (lambda Z, y: (softmax(Z) - y[:, None]) / len(Z), ["label numbers themselves", "one-hot"]),
    (lambda Z, y: -Y(y, Z.shape[1]) / softmax(Z) / len(Z), ["with respect to the probabilities"]),
    (lambda Z, y: ce_grad(Z, y).sum(axis=0), ["shape"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_cross_entropy_grad_mistakes_are_named(answer, words):
    assert_wrong(topic.check_cross_entropy_grad, answer, *words)


def test_cross_entropy_grad_fresh_cases_have_n_and_k_apart_and_change():
    first, second = calls(topic.check_cross_entropy_grad, ce_grad), calls(topic.check_cross_entropy_grad, ce_grad)
    for seen in (first, second):
        for Z, y in seen[2:]:
            assert Z.shape[0] != Z.shape[1] and y.shape == (len(Z),) and y.max() < Z.shape[1]
    assert [a[0].shape for a in first[2:]] != [a[0].shape for a in second[2:]] or not all(
        np.array_equal(a[0], b[0]) for a, b in zip(first[2:], second[2:], strict=True))


# --- 3. one backward pass -----------------------------------------------------------------------------------


def backward_with(slope=None, n_div=True, sign=1.0, dW2_from="A1", db="sum", probs=True):
    def answer(X, y, W1, b1, W2, b2):
        Z1 = X @ W1 + b1
        A1 = np.tanh(Z1)
        Z2 = A1 @ W2 + b2
        P = softmax(Z2) if probs else Z2
        dZ2 = sign * (P - np.eye(W2.shape[1])[y]) / (len(X) if n_div else 1)
        dA1 = dZ2 @ W2.T
        dZ1 = dA1 * ((1 - A1**2) if slope is None else slope(Z1, A1))
        agg = (lambda a: a.sum(axis=0)) if db == "sum" else (lambda a: a.mean(axis=0))
        return X.T @ dZ1, agg(dZ1), (A1 if dW2_from == "A1" else Z1).T @ dZ2, agg(dZ2)
    return answer


@pytest.mark.parametrize("answer", [
    backward,
    backward_with(),
    lambda X, y, W1, b1, W2, b2: list(backward(X, y, W1, b1, W2, b2)),  # a list of the four is fine
    lambda *a: tuple(g.astype(np.float64) for g in backward(*a)),
], ids=["solution", "parametrised", "list", "float64"])
def test_backward_valid_answers_pass(answer):
    assert topic.check_two_layer_backward.diagnose(answer).status == CORRECT


def test_backward_agrees_with_gdlib_network():
    net = network.TwoLayerNet(3, 4, 3)
    w = net.init(seed=0) + 0.1
    p = net.unpack(w)
    X = np.random.default_rng(0).normal(size=(5, 3))
    y = np.array([0, 2, 1, 2, 0])
    np.testing.assert_allclose(np.concatenate([g.ravel() for g in backward(X, y, p["W1"], p["b1"], p["W2"], p["b2"])]),
                               net.grad(w, X, y), rtol=1e-12)


@pytest.mark.parametrize(("answer", "words"), [
    (backward_with(slope=lambda Z1, A1: 1 - A1), ["dW1 and db1", "1 - A1**2", "you used 1 - A1"]),
    (backward_with(slope=lambda Z1, A1: 1 - Z1**2), ["1 - Z1**2"]),
    (backward_with(slope=lambda Z1, A1: 1.0), ["miss the slope of the activation"]),
    (backward_with(slope=lambda Z1, A1: (Z1 > 0) * 1.0), ["ReLU"]),
    (backward_with(slope=lambda Z1, A1: A1), ["tanh(Z1) itself"]),
    (backward_with(n_div=False), ["n times too large"]),
    (backward_with(sign=-1.0), ["wrong sign"]),
    (backward_with(dW2_from="Z1"), ["dW2 uses the pre-activations Z1"]),
    (backward_with(probs=False), ["scores Z2 in place of the probabilities"]),
    (backward_with(db="mean"), ["averaged over the rows"]),
    (lambda *a: backward(*a)[:3], ["return the four gradients", "3 values"]),
    (lambda *a: dict(zip(["dW1", "db1", "dW2", "db2"], backward(*a), strict=True)), ["dict"]),
    (lambda *a: (backward(*a)[2], backward(*a)[3], backward(*a)[0], backward(*a)[1]), ["dW1", "shape"]),
    (lambda X, y, W1, b1, W2, b2: (X.T @ ((softmax(np.tanh(X @ W1 + b1) @ W2 + b2) - np.eye(W2.shape[1])[y])
                                          / len(X) @ W2), *backward(X, y, W1, b1, W2, b2)[1:]),
     ["ValueError"]),  # W2 where W2.T belongs: the shapes do not fit
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_backward_mistakes_are_named(answer, words):
    assert_wrong(topic.check_two_layer_backward, answer, *words)


def test_backward_says_which_gradients_are_right():
    fb = assert_wrong(topic.check_two_layer_backward, backward_with(slope=lambda Z1, A1: 1 - A1))
    assert "(wrong: dW1, db1; right: dW2, db2)" in fb.message


def test_a_backward_mistake_outside_the_table_gets_the_general_advice():
    def off(*a):
        dW1, db1, dW2, db2 = backward(*a)
        return dW1 * 1.01, db1, dW2, db2

    fb = assert_wrong(topic.check_two_layer_backward, off, "wrong: dW1; right: db1, dW2, db2", "one line")
    assert "slope of tanh" not in fb.message


def test_backward_fresh_cases_have_distinct_sizes_and_change():
    first = calls(topic.check_two_layer_backward, backward)
    second = calls(topic.check_two_layer_backward, backward)
    for seen in (first, second):
        assert len(seen) == 4
        for X, _, W1, b1, W2, b2 in seen[1:]:
            n, d = X.shape
            H, K = W2.shape
            assert len({n, d, H, K}) == 4 and W1.shape == (d, H) and b1.shape == (H,) and b2.shape == (K,)
    assert [a[0].shape + a[4].shape for a in first[1:]] != [a[0].shape + a[4].shape for a in second[1:]] or not all(
        np.array_equal(a[0], b[0]) for a, b in zip(first[1:], second[1:], strict=True))


# --- 4. one epoch of mini-batch SGD ---------------------------------------------------------------------------


def epoch_while(grad, w, X, y, lr, s, rng):
    order, start = rng.permutation(len(X)), 0
    while start < len(X):
        b = order[start:start + s]
        w = w - lr * grad(w, X[b], y[b])
        start += s
    return w


def epoch_shuffle(grad, w, X, y, lr, s, rng):
    order = np.arange(len(X))
    rng.shuffle(order)
    return _cut_epoch(grad, w, X, y, lr, s, order)


def _cut_epoch(grad, w, X, y, lr, s, order):
    for i in range(0, len(X), s):
        b = order[i:i + s]
        w = w - lr * grad(w, X[b], y[b])
    return w


def epoch_array_split(grad, w, X, y, lr, s, rng):
    order = rng.permutation(len(X))
    for b in np.array_split(order, range(s, len(X), s)):  # split points at s, 2s, ...: the same batches
        w = w - lr * grad(w, X[b], y[b])
    return w


@pytest.mark.parametrize("answer", [epoch, epoch_while, epoch_shuffle, epoch_array_split],
                         ids=["solution", "while", "rng.shuffle", "array_split at multiples"])
def test_epoch_valid_answers_pass(answer):
    assert topic.check_network_epoch.diagnose(answer).status == CORRECT


def test_an_epoch_that_changes_w_in_place_is_wrong():
    def in_place(grad, w, X, y, lr, s, rng):
        order = rng.permutation(len(X))
        for i in range(0, len(X), s):
            b = order[i:i + s]
            w -= lr * grad(w, X[b], y[b])
        return w

    assert_wrong(topic.check_network_epoch, in_place, "in place")


@pytest.mark.parametrize(("answer", "words"), [
    (lambda grad, w, X, y, lr, s, rng: np.array(w), ["w never changed"]),
    (lambda grad, w, X, y, lr, s, rng: w - lr * grad(w, X[(o := rng.permutation(len(X)))[:s]], y[o[:s]]),
     ["first batch only"]),
    (lambda grad, w, X, y, lr, s, rng: (o := rng.permutation(len(X)), w - lr * sum(
        grad(w, X[o[i:i + s]], y[o[i:i + s]]) for i in range(0, len(X), s)))[1], ["starting w", "current w"]),
    (lambda grad, w, X, y, lr, s, rng: _cut_epoch(grad, w, X, y, lr, s, np.arange(len(X))), ["original order"]),
    (lambda grad, w, X, y, lr, s, rng: (o := rng.permutation(len(X)), [
        w := w - lr * grad(w, X[o[i:i + s]], y[o[i:i + s]]) for i in range(0, len(X) - s + 1, s)])[1][-1],
     ["last, smaller batch is missing"]),
    (lambda grad, w, X, y, lr, s, rng: _cut_epoch(grad, w, X, y, lr, s, rng.integers(0, len(X), len(X))),
     ["with replacement"]),
    (lambda grad, w, X, y, lr, s, rng: [w := w - lr * grad(w, X, y) for _ in range(0, len(X), s)][-1],
     ["all the data", "batch gradient descent"]),
    (lambda grad, w, X, y, lr, s, rng: (o := rng.permutation(len(X)), [
        w := w + lr * grad(w, X[o[i:i + s]], y[o[i:i + s]]) for i in range(0, len(X), s)])[1][-1], ["uphill"]),
    (lambda grad, w, X, y, lr, s, rng: (o := rng.permutation(len(X)), [
        w := w - lr * grad(w, X[o[j * s:(j + 1) * s]], y[o[j * s:(j + 1) * s]]) for j in range(len(X) // s + 1)
    ])[1][-1], ["empty batch"]),
    (lambda grad, w, X, y, lr, s, rng: epoch(grad, w, X, y, lr, s, rng).tolist(), ["list"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_epoch_mistakes_are_named(answer, words):
    assert_wrong(topic.check_network_epoch, answer, *words)


def test_a_new_permutation_per_batch_is_named():
    def per_batch(grad, w, X, y, lr, s, rng):
        for i in range(0, len(X), s):
            b = rng.permutation(len(X))[i:i + s]
            w = w - lr * grad(w, X[b], y[b])
        return w

    assert_wrong(topic.check_network_epoch, per_batch, "new permutation for every batch")


def test_epoch_fresh_cases_cover_both_kinds_and_change():
    first, second = calls(topic.check_network_epoch, epoch), calls(topic.check_network_epoch, epoch)
    for seen in (first, second):
        fresh = seen[2:]
        assert len(fresh) == 4
        kinds = [len(X) % s == 0 for _, w, X, y, lr, s, rng in fresh]
        assert kinds.count(True) == 2 and kinds.count(False) == 2
    assert [a[2].shape for a in first[2:]] != [a[2].shape for a in second[2:]] or not all(
        np.array_equal(a[2], b[2]) for a, b in zip(first[2:], second[2:], strict=True))


def test_the_gradient_the_learner_gets_is_the_networks_gradient():
    seen = calls(topic.check_network_epoch, epoch)
    grad, w, X, y = seen[0][:4]
    net = network.TwoLayerNet(2, 3, 3)
    np.testing.assert_allclose(grad(w, X, y), net.grad(w, X, y), rtol=1e-12)
