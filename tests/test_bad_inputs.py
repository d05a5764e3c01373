"""Hostile arguments across gdlib's public API, drawn by hypothesis: every call either works
(and then a finite input gives a finite result) or raises a TypeError or ValueError whose
message names the argument that was wrong. Each module's own tests hold the exact messages;
this file holds the promise for every public name at once."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdlib import calculus, classify, data, losses, mle, network, objectives, optim, plots, training

XI = data.add_intercept(data.linear(12, beta=(1.0, 2.0), noise=0.1, seed=0)[0])
Y = XI @ np.array([1.0, 2.0])
LABELS = (XI[:, 1] > 0).astype(float)
QUAD = objectives.quadratic(np.array([[2.0, 0.5], [0.5, 1.0]]))
SCORES = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0]])
CLASSES = np.arange(12) % 3  # one class number per row of XI
NET = network.TwoLayerNet(2, 3, 3)
W_NET = NET.init(seed=0)


def _ax():
    return plt.figure().add_subplot()


# A valid call of every public function: the function and its arguments by name.
BASE = {
    "calculus.derivative": (calculus.derivative, {"f": np.sin, "x": 0.5, "h": 1e-4, "method": "central"}),
    "calculus.gradient": (calculus.gradient, {"f": QUAD.f, "x": np.array([1.0, -1.0]), "h": 1e-5}),
    "calculus.gradient_check": (calculus.gradient_check, {"f": QUAD.f, "grad": QUAD.grad, "x": np.array([1.0, 2.0])}),
    "calculus.default_step": (calculus.default_step, {"x": 3.0, "method": "forward"}),
    "optim.GradientDescent": (optim.GradientDescent, {"lr": 0.1}),
    "optim.Momentum": (optim.Momentum, {"lr": 0.1, "beta": 0.8}),
    "optim.Adagrad": (optim.Adagrad, {"lr": 0.1, "eps": 1e-8}),
    "optim.RMSProp": (optim.RMSProp, {"lr": 0.1, "alpha": 0.9, "eps": 1e-8}),
    "optim.Adam": (optim.Adam, {"lr": 0.1, "betas": (0.9, 0.99), "eps": 1e-8}),
    "Adam.step": (lambda w, g: optim.Adam(0.1).step(w, g), {"w": np.array([1.0, 2.0]), "g": np.array([0.5, -1.0])}),
    "optim.descend": (optim.descend, {"grad": QUAD.grad, "x0": np.array([1.0, 1.0]), "rule": optim.GradientDescent(0.1),
                                      "steps": 5, "f": QUAD.f, "tol": 1e-8}),
    "training.minibatch_descend": (training.minibatch_descend, {
        "grad": losses.linear_mse_grad, "w0": np.zeros(2), "X": XI, "y": Y, "rule": optim.GradientDescent(0.05),
        "epochs": 2, "batch_size": 4, "seed": 0, "loss": losses.linear_mse}),
    "training.batch_indices": (training.batch_indices, {"n": 10, "batch_size": 3, "rng": np.random.default_rng(0)}),
    "losses.mse": (losses.mse, {"y_hat": np.array([1.0, 2.0]), "y": np.array([1.5, 2.5])}),
    "losses.rmse": (losses.rmse, {"y_hat": np.array([1.0, 2.0]), "y": np.array([1.5, 2.5])}),
    "losses.linear_mse_grad": (losses.linear_mse_grad, {"w": np.zeros(2), "X": XI, "y": Y}),
    "losses.logistic_bce": (losses.logistic_bce, {"w": np.zeros(2), "X": XI, "y": LABELS}),
    "losses.sigmoid": (losses.sigmoid, {"z": np.array([-1.0, 0.0, 2.0])}),
    "mle.normal_mle": (mle.normal_mle, {"samples": np.array([1.0, 2.0, 4.0])}),
    "mle.normal_log_likelihood": (mle.normal_log_likelihood, {"samples": np.array([1.0, 2.0]), "mu": 1.5,
                                                              "sigma": 0.5}),
    "mle.bernoulli_log_likelihood": (mle.bernoulli_log_likelihood, {"outcomes": np.array([0, 1, 1]), "p": 0.6}),
    "mle.categorical_mle": (mle.categorical_mle, {"labels": np.array([0, 2, 1, 2]), "n_classes": 3}),
    "objectives.parabola": (objectives.parabola, {"a": 2.0, "c": 1.0}),
    "objectives.quadratic": (objectives.quadratic, {"A": np.eye(2), "b": np.array([1.0, 0.0])}),
    "objectives.rosenbrock": (objectives.rosenbrock, {"a": 1.0, "b": 100.0}),
    "objectives.double_well": (objectives.double_well, {"tilt": 0.3}),
    "data.line": (data.line, {"n": 5, "w": 2.0, "b": 1.0, "noise": 0.5, "xlim": (0.0, 5.0), "seed": 0}),
    "data.linear": (data.linear, {"n": 5, "beta": (1.0, 2.0), "noise": 0.1, "seed": 0}),
    "data.add_intercept": (data.add_intercept, {"X": np.array([[1.0], [2.0]])}),
    "classify.softmax": (classify.softmax, {"scores": SCORES}),
    "classify.log_softmax": (classify.log_softmax, {"scores": SCORES}),
    "classify.logsumexp": (classify.logsumexp, {"scores": SCORES}),
    "classify.one_hot": (classify.one_hot, {"labels": np.array([0, 2]), "n_classes": 3}),
    "classify.categorical_cross_entropy": (classify.categorical_cross_entropy, {"scores": SCORES,
                                                                                "y": np.array([0, 2])}),
    "classify.categorical_cross_entropy_grad": (classify.categorical_cross_entropy_grad,
                                                {"scores": SCORES, "y": np.eye(3)[[1, 2]]}),
    "network.TwoLayerNet": (network.TwoLayerNet, {"n_in": 2, "n_hidden": 3, "n_out": 3, "activation": "relu"}),
    "TwoLayerNet.init": (NET.init, {"seed": 0, "scale": 0.5}),
    "TwoLayerNet.unpack": (NET.unpack, {"w": W_NET}),
    "TwoLayerNet.pack": (NET.pack, {"params": NET.unpack(W_NET)}),
    "TwoLayerNet.forward": (NET.forward, {"w": W_NET, "X": XI}),
    "TwoLayerNet.backward": (NET.backward, {"w": W_NET, "fwd": NET.forward(W_NET, XI), "y": CLASSES}),
    "TwoLayerNet.loss": (NET.loss, {"w": W_NET, "X": XI, "y": CLASSES}),
    "TwoLayerNet.grad": (NET.grad, {"w": W_NET, "X": XI, "y": CLASSES}),
    "TwoLayerNet.losses": (NET.losses, {"W": np.stack([W_NET, 2 * W_NET]), "X": XI, "y": CLASSES}),
    "TwoLayerNet.accuracy": (NET.accuracy, {"w": W_NET, "X": XI, "y": CLASSES}),
    "TwoLayerNet.predict": (NET.predict, {"w": W_NET, "X": XI}),
    "network.minibatch_gradient": (network.minibatch_gradient, {"grad": NET.grad, "X": XI, "y": CLASSES,
                                                                "batch_size": 4, "seed": 0}),
    "plots.contour": (lambda ax, f, xlim, ylim, n: plots.contour(_ax(), f, xlim, ylim, n=n),
                      {"ax": None, "f": QUAD.f, "xlim": (-1.0, 1.0), "ylim": (-1.0, 1.0), "n": 10}),
    "plots.path": (lambda ax, params: plots.path(_ax(), params), {"ax": None, "params": np.zeros((4, 2))}),
    "plots.loss_curve": (lambda ax, losses: plots.loss_curve(_ax(), losses), {"ax": None,
                                                                             "losses": np.array([3.0, 2.0, 1.0])}),
}


def _returns_none(*args):
    return None


def _returns_text(*args):
    return "1.0"


def _returns_nan(*args):
    return np.nan


def _returns_wrong_shape(*args):
    return np.zeros(7)


HOSTILE = [
    None, "abc", "1.5", [1, "a"], {"a": 1}, {1, 2}, (), [], np.array([]), np.zeros((2, 2, 2)), object(),
    np.nan, np.inf, -np.inf, -1.0, 0, 0.0, -5, True, 1e308, 10**30, [np.nan, 1.0], [[1.0], [2.0, 3.0]],
    _returns_none, _returns_text, _returns_nan, _returns_wrong_shape, np.sin,
]


def _finite(result) -> bool:
    """No nan or inf anywhere in a result a learner would read (numbers, arrays, a History)."""
    if isinstance(result, optim.History):
        return bool(np.all(np.isfinite(result.params))) or result.diverged
    if isinstance(result, (float, int, np.number, np.ndarray)):
        return bool(np.all(np.isfinite(np.asarray(result, dtype=float))))
    if isinstance(result, tuple):
        return all(_finite(r) for r in result if isinstance(r, (float, int, np.number, np.ndarray)))
    return True  # rules, objectives, axes: objects, not numbers


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(BASE)), pick=st.integers(0, 100), hostile=st.sampled_from(range(len(HOSTILE))))
def test_every_call_works_or_names_the_bad_argument(name, pick, hostile):
    fn, base = BASE[name]
    arg = sorted(base)[pick % len(base)]
    if arg == "ax":  # the plotting wrappers make their own axes
        return
    args = dict(base, **{arg: HOSTILE[hostile]})
    try:
        with np.errstate(all="ignore"):
            result = fn(**args)
    except (TypeError, ValueError) as exc:
        assert re.search(rf"(?<![A-Za-z_]){re.escape(arg)}(?![A-Za-z_])", str(exc)), (
            f"{name}({arg}={HOSTILE[hostile]!r}) raised {type(exc).__name__} without naming {arg!r}: {exc}")
    else:
        assert _finite(result), f"{name}({arg}={HOSTILE[hostile]!r}) returned a non-finite result: {result!r}"
    finally:
        plt.close("all")


@pytest.mark.parametrize("name", sorted(BASE))
def test_the_base_calls_are_valid(name):
    fn, args = BASE[name]
    assert _finite(fn(**args))
    plt.close("all")
