"""classify and network: softmax and the cross-entropy against their closed forms, the two-layer
network's backward pass against numerical gradients, the flat parameter vector, mini-batches, and a
clear error for every bad call."""

import math

import numpy as np
import pytest
from error_helpers import assert_all_lists_the_public_functions, raises
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdlib import calculus, classify, mle, network, optim, training

RNG = np.random.default_rng(7)
X = RNG.normal(size=(12, 3))
Y = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2])
SOFT = RNG.dirichlet(np.ones(3), size=12)  # target probabilities, one row per example


def test_modules_list_their_public_functions():
    assert_all_lists_the_public_functions(classify)
    assert set(network.__all__) == {"ACTIVATIONS", "Forward", "TwoLayerNet", "minibatch_gradient"}


# --- softmax and friends ---------------------------------------------------------------------------------


def test_softmax_is_exp_over_its_sum_row_by_row():
    Z = RNG.normal(size=(5, 4))
    by_hand = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(classify.softmax(Z), by_hand, rtol=1e-14)
    np.testing.assert_allclose(classify.softmax(Z[0]), by_hand[0], rtol=1e-14)  # one row of scores
    np.testing.assert_allclose(classify.softmax(Z).sum(axis=1), 1.0, rtol=1e-15)


def test_softmax_of_huge_scores_is_finite_and_shift_invariant():
    z = np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.0]])
    np.testing.assert_allclose(classify.softmax(z)[0], classify.softmax(np.array([2.0, 1.0, 0.0])), rtol=1e-14)
    np.testing.assert_allclose(classify.softmax(z)[1], classify.softmax(np.array([0.0, -1.0, -3.0])), rtol=1e-14)
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)).all()  # what the trick avoids


def test_log_softmax_and_logsumexp():
    Z = RNG.normal(size=(4, 3))
    np.testing.assert_allclose(classify.log_softmax(Z), np.log(classify.softmax(Z)), rtol=1e-13)
    np.testing.assert_allclose(classify.logsumexp(Z), np.log(np.exp(Z).sum(axis=1)), rtol=1e-14)
    assert classify.logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + math.log(2), rel=1e-15)
    # a probability that underflows to 0 still has a finite log
    np.testing.assert_allclose(classify.log_softmax(np.array([0.0, -1000.0])), [-math.exp(-1000), -1000.0])


@settings(max_examples=60)
@given(hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
                  elements=st.floats(-700, 700)),
       st.floats(-300, 300))
def test_softmax_rows_are_probabilities_and_ignore_a_shift(Z, shift):
    P = classify.softmax(Z)
    assert np.all((P >= 0) & (P <= 1))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(classify.softmax(Z + shift), P, rtol=1e-9, atol=1e-12)


def test_softmax_of_scores_far_apart_is_exact_where_log_softmax_cannot_be():
    np.testing.assert_array_equal(classify.softmax([1e308, -1e308]), [1.0, 0.0])


def test_one_hot():
    np.testing.assert_array_equal(classify.one_hot([2, 0, 1, 2], 3),
                                  [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert classify.one_hot(np.array([1.0, 0.0]), 4).shape == (2, 4)


# --- the categorical cross-entropy --------------------------------------------------------------------------


def test_cross_entropy_by_hand():
    assert classify.categorical_cross_entropy(np.zeros((5, 4)), [0, 1, 2, 3, 0]) == pytest.approx(math.log(4))
    Z = RNG.normal(size=(12, 3))
    P = classify.softmax(Z)
    by_hand = -np.mean(np.log(P[np.arange(12), Y]))
    assert classify.categorical_cross_entropy(Z, Y) == pytest.approx(by_hand, rel=1e-13)
    # class numbers and their one-hot rows are the same targets; soft targets weigh every log p
    assert classify.categorical_cross_entropy(Z, classify.one_hot(Y, 3)) == pytest.approx(by_hand, rel=1e-13)
    assert classify.categorical_cross_entropy(Z, SOFT) == pytest.approx(-np.mean(np.sum(SOFT * np.log(P), 1)))


def test_a_confident_wrong_answer_costs_a_large_finite_loss():
    assert classify.categorical_cross_entropy(np.array([[0.0, 800.0]]), [0]) == pytest.approx(800.0)


@pytest.mark.parametrize("targets", [Y, SOFT], ids=["class numbers", "probabilities"])
def test_cross_entropy_gradient_is_p_minus_y_over_n(targets):
    Z = RNG.normal(size=(12, 3))
    g = classify.categorical_cross_entropy_grad(Z, targets)
    T = classify.one_hot(targets, 3) if targets.ndim == 1 else targets
    np.testing.assert_allclose(g, (classify.softmax(Z) - T) / 12, rtol=1e-14)
    np.testing.assert_allclose(g.sum(axis=1), 0.0, atol=1e-16)  # a shift of a row changes nothing
    f = lambda v: classify.categorical_cross_entropy(v.reshape(12, 3), targets)  # noqa: E731
    grad = lambda v: classify.categorical_cross_entropy_grad(v.reshape(12, 3), targets).ravel()  # noqa: E731
    assert calculus.gradient_check(f, grad, Z.ravel()) < 1e-8


def test_cross_entropy_with_constant_scores_is_the_categorical_mle():
    # the same scores b for every example: the best b gives the class frequencies, and the loss there is
    # the categorical negative log-likelihood per example (notebook 05), the entropy of the frequencies
    labels = np.array([0, 0, 0, 1, 2, 2, 0, 1, 2, 0])
    freq = mle.categorical_mle(labels, 3)
    ones = np.ones((len(labels), 1))
    b = np.log(freq)[None, :]
    np.testing.assert_allclose(classify.categorical_cross_entropy_grad(ones @ b, labels).sum(axis=0), 0.0,
                               atol=1e-15)
    assert classify.categorical_cross_entropy(ones @ b, labels) == pytest.approx(-np.sum(freq * np.log(freq)))
    run = optim.descend(lambda v: classify.categorical_cross_entropy_grad(ones @ v[None, :], labels).sum(axis=0),
                        np.zeros(3), optim.GradientDescent(1.0), 2000)
    np.testing.assert_allclose(classify.softmax(run.x), freq, atol=1e-8)


# --- the network -----------------------------------------------------------------------------------------------


@pytest.fixture(params=network.ACTIVATIONS)
def net(request):
    return network.TwoLayerNet(3, 5, 3, activation=request.param)


def test_shapes_size_and_repr():
    net = network.TwoLayerNet(4, 8, 3)
    assert net.shapes == {"W1": (4, 8), "b1": (8,), "W2": (8, 3), "b2": (3,)}
    assert net.size == 4 * 8 + 8 + 8 * 3 + 3 == 67
    assert repr(net) == "TwoLayerNet(n_in=4, n_hidden=8, n_out=3, activation='tanh')"


def test_pack_and_unpack_are_inverses_and_unpack_gives_views(net):
    w = np.arange(net.size, dtype=float)
    p = net.unpack(w)
    assert [k for k in p] == ["W1", "b1", "W2", "b2"]
    np.testing.assert_array_equal(p["W1"].ravel(), w[:15])  # W1 first, row by row
    np.testing.assert_array_equal(net.pack(p), w)
    assert np.shares_memory(p["W2"], w)


def test_init_is_seeded_with_zero_biases_and_fan_in_scaling():
    big = network.TwoLayerNet(400, 300, 3)
    w = big.init(seed=3)
    np.testing.assert_array_equal(w, big.init(seed=3))
    assert not np.array_equal(w, big.init(seed=4))
    p = big.unpack(w)
    assert not p["b1"].any() and not p["b2"].any()
    assert p["W1"].std() == pytest.approx(1 / math.sqrt(400), rel=0.02)
    assert p["W2"].std() == pytest.approx(1 / math.sqrt(300), rel=0.05)
    relu = network.TwoLayerNet(400, 300, 3, activation="relu")
    assert relu.unpack(relu.init(seed=3))["W1"].std() == pytest.approx(math.sqrt(2 / 400), rel=0.02)
    assert not big.init(seed=3, scale=0.0).any()
    np.testing.assert_allclose(big.init(seed=3, scale=1e-3), 1e-3 * w)


def test_forward_by_hand(net):
    w = net.init(seed=1)
    p = net.unpack(w)
    fwd = net.forward(w, X)
    Z1 = X @ p["W1"] + p["b1"]
    A1 = np.tanh(Z1) if net.activation == "tanh" else np.maximum(Z1, 0)
    np.testing.assert_allclose(fwd.Z1, Z1)
    np.testing.assert_allclose(fwd.A1, A1)
    np.testing.assert_allclose(fwd.Z2, A1 @ p["W2"] + p["b2"])
    np.testing.assert_allclose(fwd.P, classify.softmax(fwd.Z2))
    assert net.loss(w, X, Y) == pytest.approx(classify.categorical_cross_entropy(fwd.Z2, Y), rel=1e-14)
    np.testing.assert_array_equal(net.predict(w, X), np.argmax(fwd.Z2, axis=1))
    assert net.accuracy(w, X, Y) == np.mean(net.predict(w, X) == Y)


def test_a_network_with_zero_weights_predicts_uniform_probabilities():
    net = network.TwoLayerNet(3, 4, 5)
    assert net.loss(np.zeros(net.size), X, np.arange(12) % 5) == pytest.approx(math.log(5), rel=1e-15)


@pytest.mark.parametrize("targets", [Y, SOFT], ids=["class numbers", "probabilities"])
def test_backward_agrees_with_the_numerical_gradient(net, targets):
    w = net.init(seed=2)
    w = w + 0.1 * np.random.default_rng(0).normal(size=w.size)  # non-zero biases too
    error = calculus.gradient_check(lambda v: net.loss(v, X, targets), lambda v: net.grad(v, X, targets), w)
    assert error < 1e-7, error


def test_backward_gives_each_parameter_its_gradient(net):
    w = net.init(seed=5)
    grads = net.backward(w, net.forward(w, X), Y)
    assert {k: g.shape for k, g in grads.items()} == net.shapes
    np.testing.assert_array_equal(net.pack(grads), net.grad(w, X, Y))
    # dZ2 = (P - Y) / n, so db2 is the mean of P - Y over the rows
    np.testing.assert_allclose(grads["b2"], (net.forward(w, X).P - classify.one_hot(Y, 3)).mean(axis=0))


def test_losses_of_many_parameter_vectors_at_once(net):
    W = np.stack([net.init(seed=s) for s in range(70)])  # more rows than one chunk
    np.testing.assert_allclose(net.losses(W, X, Y), [net.loss(w, X, Y) for w in W], rtol=1e-13)


def test_zero_weights_with_frequency_biases_are_a_stationary_point_and_a_saddle():
    net = network.TwoLayerNet(3, 4, 3)
    freq = np.bincount(Y, minlength=3) / len(Y)
    w = net.pack({**net.unpack(np.zeros(net.size)), "b2": np.log(freq)})
    assert np.linalg.norm(net.grad(w, X, Y)) < 1e-15
    assert net.loss(w, X, Y) == pytest.approx(-np.sum(freq * np.log(freq)), rel=1e-14)
    h = 1e-5
    H = np.column_stack([(net.grad(w + h * e, X, Y) - net.grad(w - h * e, X, Y)) / (2 * h) for e in np.eye(net.size)])
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    assert eig[0] < -1e-3 < 1e-3 < eig[-1]  # curving down along some directions, up along others


def test_training_with_descend_separates_separable_classes():
    rng = np.random.default_rng(1)
    centres = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])
    labels = np.repeat(np.arange(3), 20)
    pts = centres[labels] + 0.4 * rng.normal(size=(60, 2))
    net = network.TwoLayerNet(2, 6, 3)
    hist = optim.descend(lambda v: net.grad(v, pts, labels), net.init(seed=0), optim.Adam(0.05), 300,
                         f=lambda v: net.loss(v, pts, labels))
    assert hist.losses[-1] < 0.05 and net.accuracy(hist.x, pts, labels) == 1.0


def test_a_diverging_network_loss_is_inf_not_nan():
    net = network.TwoLayerNet(1, 1, 2, activation="relu")
    w = np.array([1e200, 0.0, 1e200, -1e200, 0.0, 0.0])  # scores ±1e400: beyond float range
    assert net.loss(w, [[1e10]], [0]) == math.inf
    raises(ValueError, ["TwoLayerNet.grad", "overflows"], net.grad, w, [[1e10]], [0])


# --- mini-batches for descend --------------------------------------------------------------------------------


def test_minibatch_gradient_follows_the_batches_of_an_epoch():
    seen = []

    def grad(w, Xb, yb):
        seen.append(yb.copy())
        return np.zeros_like(w)

    ids = np.arange(10.0)
    g = network.minibatch_gradient(grad, ids[:, None], ids, 4, seed=3)
    for _ in range(6):  # two epochs of 3 batches: 4, 4, 2
        g(np.zeros(2))
    rng = np.random.default_rng(3)
    want = training.batch_indices(10, 4, rng) + training.batch_indices(10, 4, rng)
    assert [len(b) for b in seen] == [4, 4, 2, 4, 4, 2]
    for got, batch in zip(seen, want, strict=True):
        np.testing.assert_array_equal(got, batch)


def test_an_epoch_of_batch_gradients_averages_to_the_full_gradient(net):
    w = net.init(seed=0)
    g = network.minibatch_gradient(net.grad, X, Y, 5, seed=1)  # batches of 5, 5, 2
    sizes = [5, 5, 2]
    total = sum(size * g(w) for size in sizes) / len(X)
    np.testing.assert_allclose(total, net.grad(w, X, Y), rtol=1e-12, atol=1e-15)


def test_full_batch_needs_no_seed_and_descend_with_batches_is_repeatable(net):
    np.testing.assert_array_equal(network.minibatch_gradient(net.grad, X, Y, None)(net.init(0)),
                                  net.grad(net.init(0), X, Y))
    runs = [optim.descend(network.minibatch_gradient(net.grad, X, Y, 3, seed=9), net.init(0),
                          optim.GradientDescent(0.1), 20).x for _ in range(2)]
    np.testing.assert_array_equal(*runs)


# --- bad calls -----------------------------------------------------------------------------------------------


NET = network.TwoLayerNet(3, 5, 3)
W0 = NET.init(0)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: classify.softmax(3.0), ValueError, ["softmax", "scores", "1-D or 2-D"]),
    (lambda: classify.softmax([[1.0, np.nan]]), ValueError, ["scores", "finite"]),
    (lambda: classify.softmax("abc"), TypeError, ["scores"]),
    (lambda: classify.softmax(np.zeros((2, 0))), ValueError, ["scores", "at least one"]),
    (lambda: classify.log_softmax([1e308, -1e308]), ValueError, ["log_softmax", "too far apart"]),
    (lambda: classify.categorical_cross_entropy(np.zeros(3), [0]), ValueError, ["scores", "2-D", "scores[None, :]"]),
    (lambda: classify.categorical_cross_entropy(np.zeros((2, 3)), [0, 3]), ValueError, ["y", "0..2", "3"]),
    (lambda: classify.categorical_cross_entropy(np.zeros((2, 3)), [0, 1.5]), ValueError, ["y", "whole numbers"]),
    (lambda: classify.categorical_cross_entropy(np.zeros((2, 3)), [0, 1, 2]), ValueError, ["y", "one row"]),
    (lambda: classify.categorical_cross_entropy(np.zeros((2, 3)), np.ones((2, 3))), ValueError, ["y", "add up to 1"]),
    (lambda: classify.categorical_cross_entropy_grad(np.zeros((2, 3)), np.ones((3, 3)) / 3), ValueError,
     ["y", "(2, 3)"]),
    (lambda: classify.one_hot([0, 3], 3), ValueError, ["one_hot", "labels", "0..2"]),
    (lambda: classify.one_hot([0, 1], 0), ValueError, ["n_classes"]),
    (lambda: network.TwoLayerNet(0, 3, 3), ValueError, ["n_in"]),
    (lambda: network.TwoLayerNet(2, 3.5, 3), TypeError, ["n_hidden"]),
    (lambda: network.TwoLayerNet(2, 3, 3, activation="sigmoid"), ValueError, ["activation", "'tanh', 'relu'"]),
    (lambda: network.TwoLayerNet(10**5, 10**4, 3), ValueError, ["parameters", "too large"]),
    (lambda: NET.init(seed=-1), ValueError, ["seed"]),
    (lambda: NET.init(scale=np.nan), ValueError, ["scale"]),
    (lambda: NET.loss(W0[:-1], X, Y), ValueError, ["w", f"({NET.size},)"]),
    (lambda: NET.loss(W0, X[:, :2], Y), ValueError, ["X", "n_in=3"]),
    (lambda: NET.loss(W0, X[0], Y[:1]), ValueError, ["X", "X[None, :]"]),
    (lambda: NET.grad(W0, X, Y[:-1]), ValueError, ["y", "one row per example"]),
    (lambda: NET.grad(W0, X, Y + 1), ValueError, ["y", "0..2"]),
    (lambda: NET.backward(W0, "fwd", Y), TypeError, ["fwd", "net.forward"]),
    (lambda: NET.backward(W0, network.TwoLayerNet(3, 4, 3).forward(np.zeros(31), X), Y), ValueError,
     ["fwd", "another network"]),
    (lambda: NET.pack({"W1": 0}), ValueError, ["params", "W1, b1, W2, b2"]),
    (lambda: NET.pack({**NET.unpack(W0), "b2": np.zeros(4)}), ValueError, ["params['b2']", "(3,)"]),
    (lambda: NET.pack([W0]), TypeError, ["params", "dict"]),
    (lambda: NET.losses(W0, X, Y), ValueError, ["W", "2-D"]),
    (lambda: NET.losses(W0[None, :-1], X, Y), ValueError, ["W", f"(T, {NET.size})"]),
    (lambda: network.minibatch_gradient(NET.grad, X, Y, 20, seed=0), ValueError, ["batch_size", "n = 12"]),
    (lambda: network.minibatch_gradient(NET.grad, X, Y, 4), ValueError, ["seed", "required"]),
    (lambda: network.minibatch_gradient("grad", X, Y, 4, seed=0), TypeError, ["grad", "function"]),
    (lambda: network.minibatch_gradient(NET.grad, X, Y[:5], 4, seed=0), ValueError, ["X", "y", "one row"]),
])
def test_bad_calls_name_the_argument(call, error, words):
    raises(error, words, call)


def test_classify_and_network_need_only_numpy():
    import subprocess
    import sys

    code = ("import sys, gdlib.classify, gdlib.network; "
            "print(','.join(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
