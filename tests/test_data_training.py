"""data and training: seeds repeat, shapes hold, and the mini-batch loop does what it says."""

import numpy as np
import pytest

from gdlib import data, losses, optim, training

X, Y = data.linear(50, beta=(1.0, 2.0, -3.0), noise=0.2, seed=7)
XI = data.add_intercept(X)
BETA_HAT = np.linalg.lstsq(XI, Y, rcond=None)[0]


def test_same_seed_same_data_and_different_seed_different_data():
    a, b = data.line(20, seed=1), data.line(20, seed=1)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(data.line(20, seed=2)[1], a[1])


def test_generator_is_accepted_and_bad_seeds_are_named():
    x, _ = data.line(5, seed=np.random.default_rng(0))
    assert x.shape == (5,)
    with pytest.raises(TypeError, match="seed must be a non-negative int"):
        data.line(5, seed=1.5)


def test_shapes_and_intercept_column():
    assert X.shape == (50, 2) and Y.shape == (50,)
    np.testing.assert_array_equal(XI[:, 0], 1.0)
    Xl, yl = data.logistic(30, w=(1.0, 2.0, 3.0), seed=0)
    assert Xl.shape == (30, 3) and set(np.unique(yl)) <= {0.0, 1.0}


def test_noise_free_linear_data_is_exactly_linear():
    Xn, yn = data.linear(10, beta=(1.0, 2.0), noise=0.0, seed=0)
    np.testing.assert_allclose(yn, 1.0 + 2.0 * Xn[:, 0])


def test_full_batch_equals_plain_gradient_descent():
    rule = optim.GradientDescent(0.1)
    full = training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, rule, 30)
    plain = optim.descend(lambda w: losses.linear_mse_grad(w, XI, Y), np.zeros(3), optim.GradientDescent(0.1), 30)
    np.testing.assert_allclose(full.params, plain.params, rtol=1e-13)
    assert full.samples_seen[-1] == 30 * 50


def test_each_epoch_visits_every_example_once():
    rng = np.random.default_rng(0)
    for size in [1, 7, 50]:
        batches = training.batch_indices(50, size, rng)
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(50))
        assert len(batches) == -(-50 // size)  # ceil: the last batch may be smaller


def test_orders_differ_between_epochs():
    rng = np.random.default_rng(0)
    a, b = training.batch_indices(50, 10, rng), training.batch_indices(50, 10, rng)
    assert not np.array_equal(np.concatenate(a), np.concatenate(b))


def test_sgd_reaches_the_least_squares_solution_with_a_decaying_rate():
    hist = training.minibatch_descend(
        losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.05), 60, batch_size=1, seed=0,
        lr_schedule=lambda t: 0.05 / (1 + t / 500),
    )
    np.testing.assert_allclose(hist.x, BETA_HAT, atol=0.02)
    assert hist.params.shape == (60 * 50 + 1, 3) and hist.epoch[-1] == 60


def test_same_seed_same_run_and_seed_changes_the_run():
    def run(seed):
        return training.minibatch_descend(
            losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.05), 3, batch_size=5, seed=seed
        ).params

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_lr_schedule_sees_a_global_step_counter():
    seen = []
    training.minibatch_descend(
        losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.01), 2, batch_size=20, seed=0,
        lr_schedule=lambda t: seen.append(t) or 0.01,
    )
    assert seen == [1, 2, 3, 4, 5, 6]  # 3 batches (20, 20, 10) per epoch, counted across epochs


def test_loss_is_recorded_on_the_full_data_after_every_update():
    hist = training.minibatch_descend(
        losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.05), 2, batch_size=10, seed=0,
        loss=losses.linear_mse,
    )
    assert len(hist.losses) == len(hist.params) == 11
    assert hist.losses[3] == pytest.approx(losses.linear_mse(hist.params[3], XI, Y))


def test_divergence_stops_and_says_when():
    hist = training.minibatch_descend(
        losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(5.0), 50, batch_size=10, seed=0
    )
    assert hist.diverged and "diverged at step" in hist.message and "(epoch " in hist.message
    assert np.all(np.isfinite(hist.params))


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"batch_size": 51}, ValueError, "batch_size must be between 1 and n = 50"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be a whole number"),
        ({"batch_size": 5, "seed": None}, ValueError, "seed is required"),
        ({"epochs": -1}, ValueError, "epochs must be >= 0"),
        ({"X": X[:, 0]}, ValueError, "X must be a 2-D array"),
        ({"y": Y[:10]}, ValueError, "one row per example"),
        ({"w0": np.zeros(2)}, ValueError, "w0 must have one row per column of X"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    args = {"grad": losses.linear_mse_grad, "w0": np.zeros(3), "X": XI, "y": Y, "rule": optim.GradientDescent(0.1),
            "epochs": 1, "batch_size": None, "seed": 0} | kwargs
    with pytest.raises(error, match=words):
        training.minibatch_descend(**args)
