"""The sgd notebook's explorer, driven without a browser."""

import numpy as np
import pytest
from error_helpers import raises

from gdlib import losses, optim, training, widgets
from gdlib.widgets import sgd


def path_data(ax):
    """The optimisation path: the longest line on the axes (start/end markers have one point)."""
    line = max(ax.get_lines(), key=lambda ln: len(ln.get_xdata()))
    return np.column_stack([line.get_xdata(), line.get_ydata()])


def expected_run(batch_size, lr, seed, epochs=sgd.EPOCHS):
    """The run written out by hand: shuffle each epoch, one step per batch (last may be smaller)."""
    X, y = sgd.regression_problem()
    n = len(X)
    rng = np.random.default_rng(seed)
    w = sgd.W0.copy()
    path = [w]
    for _ in range(epochs):
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        for i in range(0, n, batch_size):
            b = order[i:i + batch_size]
            w = w - lr * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
            path.append(w)
    return np.array(path)


def test_explorer_is_reexported():
    assert widgets.minibatch_explorer is sgd.minibatch_explorer


def test_initial_path_is_minibatch_sgd_with_the_given_seed():
    ex = widgets.minibatch_explorer(batch_size=8, lr=0.05, seed=0)
    P = path_data(ex.figure.axes[0])
    assert len(P) == 1 + 5 * 25  # 5 epochs of 200/8 = 25 updates
    np.testing.assert_allclose(P, expected_run(8, 0.05, 0), rtol=1e-10, atol=1e-12)
    assert "125 updates in 5 epochs" in ex.readout
    for words in ("batch size = 8", "learning rate α = 0.05", "seed = 0"):
        assert words in ex.readout


def test_loss_curve_is_the_full_data_mse_along_the_path_against_samples_seen():
    ex = widgets.minibatch_explorer()
    X, y = sgd.regression_problem()
    P = path_data(ex.figure.axes[0])
    line = ex.figure.axes[1].get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), 8 * np.arange(len(P)))
    want = [losses.linear_mse(p, X, y) for p in P]
    np.testing.assert_allclose(line.get_ydata(), want, rtol=1e-12)
    assert f"final loss {want[-1]:.4f}" in ex.readout
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    assert f"distance to w* {np.linalg.norm(P[-1] - w_star):.3f}" in ex.readout
    assert f"least squares {losses.linear_mse(w_star, X, y):.4f}" in ex.readout


def test_batch_size_control_sets_updates_per_epoch():
    ex = widgets.minibatch_explorer()
    for size, updates in [(1, 1000), (64, 5 * 4), (200, 5)]:
        ex.controls["batch_size"].value = size
        P = path_data(ex.figure.axes[0])
        assert len(P) == updates + 1
        assert f"{updates} updates in 5 epochs" in ex.readout
        np.testing.assert_allclose(P, expected_run(size, 0.05, 0), rtol=1e-10, atol=1e-12)


def test_full_batch_does_not_depend_on_the_seed_but_sgd_does():
    ex = widgets.minibatch_explorer(batch_size=200)
    before = path_data(ex.figure.axes[0])
    ex.controls["seed"].value = 7
    np.testing.assert_array_equal(path_data(ex.figure.axes[0]), before)
    ex.controls["batch_size"].value = 1
    a = path_data(ex.figure.axes[0])
    ex.controls["seed"].value = 3
    b = path_data(ex.figure.axes[0])
    assert "seed = 3" in ex.readout
    assert not np.allclose(a, b)
    np.testing.assert_allclose(b, expected_run(1, 0.05, 3), rtol=1e-10, atol=1e-12)


def test_learning_rate_scales_the_first_step():
    ex = widgets.minibatch_explorer(batch_size=200, lr=0.01)
    step1 = np.diff(path_data(ex.figure.axes[0])[:2], axis=0)
    ex.controls["lr"].value = 0.1
    step2 = np.diff(path_data(ex.figure.axes[0])[:2], axis=0)
    np.testing.assert_allclose(step2, 10 * step1, rtol=1e-6)  # the log slider rounds to its step


def test_matches_gdlib_training():
    X, y = sgd.regression_problem()
    hist = training.minibatch_descend(losses.linear_mse_grad, sgd.W0, X, y,
                                      optim.GradientDescent(0.05),
                                      5, 16, seed=2, loss=losses.linear_mse)
    ex = widgets.minibatch_explorer(batch_size=16, seed=2)
    np.testing.assert_allclose(path_data(ex.figure.axes[0]), hist.params)


def test_figure_is_labelled():
    ex = widgets.minibatch_explorer()
    ax_path, ax_loss = ex.figure.axes[:2]
    assert ax_path.get_title() and ax_loss.get_title()
    assert ax_path.get_xlabel() == "intercept b" and ax_path.get_ylabel() == "slope w"
    assert ax_loss.get_yscale() == "log"
    assert "samples seen" in ax_loss.get_xlabel() and "loss" in ax_loss.get_ylabel()
    assert ax_path.get_legend() is not None and ax_loss.get_legend() is not None


def test_mse_surface_matches_linear_mse():
    X, y = sgd.regression_problem()
    p = np.array([0.3, 1.7])
    assert np.isclose(sgd.mse_surface(p, X, y), losses.linear_mse(p, X, y))
    B, W = np.meshgrid([0.0, 1.0], [2.0, -1.0])
    Z = sgd.mse_surface(np.array([B, W]), X, y)
    assert Z.shape == (2, 2)
    assert np.isclose(Z[1, 0], losses.linear_mse(np.array([0.0, -1.0]), X, y))



# --- bad input ----------------------------------------------------------------------------------

NAN = float("nan")
X5, Y5 = np.column_stack([np.ones(5), np.arange(5.0)]), np.arange(5.0)

BAD = [
    # (function, kwargs, error, words in the message)
    (widgets.minibatch_explorer, {"batch_size": 7}, ValueError,
     ["minibatch_explorer", "batch_size must be one of 1, 4, 8, 16, 32, 64, 200", "batch_size=7"]),
    (widgets.minibatch_explorer, {"batch_size": 0}, ValueError, ["batch_size", ">= 1"]),
    (widgets.minibatch_explorer, {"batch_size": 400}, ValueError, ["batch_size must be one of"]),
    (widgets.minibatch_explorer, {"batch_size": 8.0}, TypeError, ["batch_size", "whole number", "8.0"]),
    (widgets.minibatch_explorer, {"batch_size": True}, TypeError, ["batch_size", "whole number", "True"]),
    (widgets.minibatch_explorer, {"batch_size": "8"}, TypeError, ["batch_size", "whole number"]),
    (widgets.minibatch_explorer, {"lr": 1.0}, ValueError,
     ["lr must be in [0.001, 0.3]", "'learning rate α' slider", "lr=1.0"]),
    (widgets.minibatch_explorer, {"lr": 0}, ValueError, ["lr must be in [0.001, 0.3]"]),
    (widgets.minibatch_explorer, {"lr": NAN}, ValueError, ["lr", "finite"]),
    (widgets.minibatch_explorer, {"lr": "0.05"}, TypeError, ["lr", "real number"]),
    (widgets.minibatch_explorer, {"seed": 42}, ValueError, ["seed must be in 0..9", "'seed' slider", "seed=42"]),
    (widgets.minibatch_explorer, {"seed": -1}, ValueError, ["seed must be in 0..9"]),
    (widgets.minibatch_explorer, {"seed": 1.0}, TypeError, ["seed", "whole number"]),
    (widgets.minibatch_explorer, {"seed": None}, TypeError, ["seed", "whole number", "None"]),
    (widgets.regression_problem, {"n": 1}, ValueError, ["regression_problem", "n must be >= 2", "n=1"]),
    (widgets.regression_problem, {"n": 10.0}, TypeError, ["n", "whole number", "10.0"]),
    (widgets.regression_problem, {"seed": "a"}, TypeError, ["seed", "whole number", "Generator", "'a'"]),
    (widgets.regression_problem, {"seed": -3}, ValueError, ["seed must be >= 0", "-3"]),
    (widgets.regression_problem, {"seed": 1.5}, TypeError, ["seed"]),
    (widgets.mse_surface, {"p": [1.0, 2.0, 3.0], "X": X5, "y": Y5}, ValueError,
     ["mse_surface", "p must be (b, w)", "(3,)"]),
    (widgets.mse_surface, {"p": 1.0, "X": X5, "y": Y5}, ValueError, ["p must be (b, w)", "()"]),
    (widgets.mse_surface, {"p": [1.0, NAN], "X": X5, "y": Y5}, ValueError, ["p", "finite"]),
    (widgets.mse_surface, {"p": "bw", "X": X5, "y": Y5}, TypeError, ["p", "array of numbers"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": np.ones(5), "y": Y5}, ValueError, ["X", "2-D", "(5,)"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": np.ones((5, 3)), "y": Y5}, ValueError, ["X", "2 columns", "(5, 3)"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": X5, "y": Y5[:4]}, ValueError,
     ["X and y", "one row per example", "5 rows", "4"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": X5, "y": Y5[:, None]}, ValueError, ["y", "1-D", "(5, 1)"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": X5, "y": [0, 1, 2, 3, float("inf")]}, ValueError, ["y", "finite"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": np.full((5, 2), NAN), "y": Y5}, ValueError, ["X", "finite"]),
    (widgets.mse_surface, {"p": [1.0, 2.0], "X": np.ones((0, 2)), "y": []}, ValueError, ["y", "at least one"]),
    pytest.param(widgets.mse_surface, {"p": [1e200, 1.0], "X": X5, "y": Y5}, ValueError, ["the MSE", "overflows"],
                 marks=pytest.mark.filterwarnings("ignore:overflow encountered")),  # numpy's warning, then ours
]


@pytest.mark.parametrize(("function", "kwargs", "error", "words"), BAD)
def test_bad_calls_are_clear_errors(function, kwargs, error, words):
    raises(error, words, lambda: function(**kwargs))


def test_mse_surface_takes_lists_a_single_example_and_a_grid():
    # one example x = 2, y = 3: (b + 2w - 3)²
    assert sgd.mse_surface([1, 1], [[1, 2]], [3]) == 0.0
    assert sgd.mse_surface((0.0, 0.5), [[1.0, 2.0]], [3.0]) == pytest.approx(4.0)
    B, W = np.meshgrid([0.0, 1.0, 2.0], [1.0, -1.0])
    Z = sgd.mse_surface([B, W], X5, Y5)  # y = x exactly: MSE of (b + (w - 1)x)
    want = [[np.mean((b + (w - 1) * X5[:, 1]) ** 2) for b in (0.0, 1.0, 2.0)] for w in (1.0, -1.0)]
    np.testing.assert_allclose(Z, want)


def test_valid_ends_and_numpy_scalars():
    X, y = sgd.regression_problem(n=2, seed=np.random.default_rng(5))
    assert X.shape == (2, 2) and y.shape == (2,)
    ex = widgets.minibatch_explorer(batch_size=np.int64(200), lr=0.3, seed=9)
    assert "5 updates in 5 epochs" in ex.readout
    np.testing.assert_allclose(path_data(ex.figure.axes[0]), expected_run(200, ex.controls["lr"].value, 9),
                               rtol=1e-10, atol=1e-12)
    ex = widgets.minibatch_explorer(batch_size=1, lr=1e-3, seed=np.int64(0))
    assert "1000 updates" in ex.readout
