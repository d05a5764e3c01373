"""The one loop (optim._run_loop) behind descend and minibatch_descend: the same run on full
batch, Kernel → Interrupt keeps the history, schedules stay out of the rule, the right
diagnosis for every failure, and a History with one meaning per field."""

import signal

import numpy as np
import pytest

from gdlib import data, losses, objectives, optim, training

X, Y = data.linear(40, beta=(1.0, 2.0, -3.0), noise=0.3, seed=3)
XI = data.add_intercept(X)
RULES = [
    lambda: optim.GradientDescent(0.1),
    lambda: optim.Momentum(0.05),
    lambda: optim.Adagrad(0.5),
    lambda: optim.RMSProp(0.05),
    lambda: optim.Adam(0.1),
]


def full_batch_pair(make, epochs, **kw):
    plain = optim.descend(lambda w: losses.linear_mse_grad(w, XI, Y), np.zeros(3), make(), epochs,
                          f=lambda w: losses.linear_mse(w, XI, Y), **kw)
    batch = training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, make(), epochs,
                                       loss=losses.linear_mse, **kw)
    return plain, batch


# --- one loop --------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", RULES)
def test_full_batch_training_is_descend_row_for_row(make):
    plain, batch = full_batch_pair(make, 25)
    np.testing.assert_array_equal(batch.params, plain.params)
    np.testing.assert_array_equal(batch.losses, plain.losses)
    # the same gradients; descend also measures the gradient at its last row, a mini-batch run does not
    np.testing.assert_array_equal(batch.grad_norms[:-1], plain.grad_norms[:-1])
    assert np.isnan(batch.grad_norms[-1]) and plain.grad_norms[-1] > 0
    np.testing.assert_array_equal(batch.t, plain.t)
    assert batch.message == plain.message + " (25 epochs)"
    assert (batch.converged, batch.diverged, batch.interrupted) == (plain.converged, plain.diverged, False)


def test_full_batch_divergence_keeps_the_same_blow_up_row_and_says_the_same():
    plain, batch = full_batch_pair(lambda: optim.GradientDescent(3.0), 200)
    assert plain.diverged and batch.diverged
    np.testing.assert_array_equal(batch.params, plain.params)
    assert batch.message.replace(" (epoch ", "|").split("|")[0] == plain.message.split(":")[0]
    assert np.all(np.isfinite(batch.params)) and batch.losses[-1] > 1e10


def test_one_meaning_per_field():
    hist = training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.05), 3,
                                      batch_size=7, seed=0, loss=losses.linear_mse)
    per_epoch = -(-40 // 7)
    rows = 3 * per_epoch + 1
    for field in (hist.params, hist.losses, hist.grad_norms, hist.t, hist.epoch, hist.samples_seen):
        assert len(field) == rows
    np.testing.assert_array_equal(hist.t, np.arange(rows))
    assert hist.steps == 3 * per_epoch
    assert np.isnan(hist.grad_norms[-1]) and np.all(np.isfinite(hist.grad_norms[:-1]))  # no gradient at the end
    assert hist.samples_seen[-1] == 3 * 40 and hist.epoch[-1] == 3 and hist.epoch[per_epoch] == 1
    # grad_norms[k] is the norm of the batch gradient evaluated at params[k]
    rng = np.random.default_rng(0)
    first = training.batch_indices(40, 7, rng)[0]
    g0 = losses.linear_mse_grad(np.zeros(3), XI[first], Y[first])
    assert hist.grad_norms[0] == pytest.approx(np.linalg.norm(g0))


def test_keep_every_keeps_every_kth_row_and_always_the_last():
    p = objectives.parabola(a=1.0, c=2.0)
    every = optim.descend(p.grad, 0.0, optim.GradientDescent(0.1), 23, f=p.f, keep_every=5)
    full = optim.descend(p.grad, 0.0, optim.GradientDescent(0.1), 23, f=p.f)
    np.testing.assert_array_equal(every.t, [0, 5, 10, 15, 20, 23])
    np.testing.assert_array_equal(every.params, full.params[every.t])
    np.testing.assert_array_equal(every.losses, full.losses[every.t])
    np.testing.assert_array_equal(every.grad_norms, full.grad_norms[every.t])
    assert every.steps == 23 and every.x == pytest.approx(full.x)


def test_a_long_run_in_many_dimensions_is_stored_once():
    d = 20_000
    hist = optim.descend(lambda x: x, np.ones(d), optim.GradientDescent(0.5), 50, keep_every=10)
    assert hist.params.shape == (6, d) and hist.params.base is None or hist.params.base.shape[0] <= 12
    np.testing.assert_allclose(hist.params[-1], 0.5**50)


# --- Kernel → Interrupt ----------------------------------------------------------------------------


def test_an_interrupt_inside_grad_returns_the_history_so_far():
    calls = []

    def grad(x):
        calls.append(1)
        if len(calls) == 8:  # the 8th gradient: Kernel → Interrupt while grad runs
            raise KeyboardInterrupt
        return 2 * x

    rule = optim.Momentum(0.1)
    hist = optim.descend(grad, [1.0, -1.0], rule, 100, f=lambda x: x @ x)
    assert hist.interrupted and not hist.converged and not hist.diverged
    assert hist.steps == 7 and len(hist.params) == 8 and "interrupted after 7 steps" in hist.message
    assert rule.t == hist.steps  # the rule's state matches the last row
    np.testing.assert_allclose(hist.losses, np.sum(hist.params**2, axis=1))
    again = optim.descend(lambda x: 2 * x, [1.0, -1.0], optim.Momentum(0.1), 7)
    np.testing.assert_array_equal(hist.params, again.params)
    np.testing.assert_allclose(rule.v, (again.params[-2] - again.params[-1]) / 0.1, rtol=1e-12)


class InterruptedWhileStepping(optim.GradientDescent):
    """A rule whose 5th step receives SIGINT in the middle of its formula."""

    def _update(self, w, g):
        if self.t == 5:
            signal.raise_signal(signal.SIGINT)  # the handler runs now, between two lines of the step
        return super()._update(w, g)


def test_an_interrupt_during_the_step_waits_until_the_row_is_written():
    before = signal.getsignal(signal.SIGINT)  # Python's default, or SIG_IGN under a shell's `&`
    rule = InterruptedWhileStepping(0.1)
    hist = optim.descend(lambda x: 2 * x, [3.0], rule, 100)
    assert hist.interrupted and hist.steps == 5 and rule.t == 5  # step 5 finished, then the interrupt
    np.testing.assert_allclose(hist.params[:, 0], 3.0 * 0.8 ** np.arange(6))
    assert signal.getsignal(signal.SIGINT) is before  # the handler the caller had is back


def test_an_interrupted_mini_batch_run_keeps_its_epochs():
    seen = []

    def grad(w, Xb, yb):
        seen.append(1)
        if len(seen) == 12:
            raise KeyboardInterrupt
        return losses.linear_mse_grad(w, Xb, yb)

    hist = training.minibatch_descend(grad, np.zeros(3), XI, Y, optim.GradientDescent(0.05), 5, batch_size=10,
                                      seed=1)
    assert hist.interrupted and hist.steps == 11 and hist.epoch[-1] == 3 and hist.samples_seen[-1] == 110
    assert "interrupted after 11 steps (epoch 3)" in hist.message


# --- schedules ---------------------------------------------------------------------------------------


def test_a_schedule_never_leaks_into_the_rule():
    rule = optim.GradientDescent(0.1)
    training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, rule, 2, batch_size=8, seed=0,
                               lr_schedule=lambda t: 0.05 / t)
    assert rule.lr == 0.1
    rule.reset()
    assert rule.lr == 0.1


@pytest.mark.parametrize(
    ("schedule", "error", "words"),
    [
        (lambda t: -0.01, ValueError, "lr_schedule(1) returned -0.01; a negative rate would climb uphill"),
        (lambda t: float("nan"), ValueError, "positive, finite learning rate"),
        (lambda t: 0.1 if t < 3 else 0.0, ValueError, "lr_schedule(3) returned 0.0"),
        (lambda t: "0.1", TypeError, "lr_schedule must return a number"),
        (lambda t: None, TypeError, "lr_schedule must return a number"),
    ],
)
def test_a_bad_schedule_is_named_with_the_step(schedule, error, words):
    rule = optim.GradientDescent(0.1)
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, rule, 2, batch_size=8, seed=0,
                                   lr_schedule=schedule)
    assert rule.lr == 0.1  # restored even when the run ends with an error


# --- the right diagnosis ---------------------------------------------------------------------------


def test_a_gradient_that_forgot_return_is_named_before_any_step():
    def grad(x):
        2 * x  # noqa: B018 - the learner's bug

    with pytest.raises(TypeError, match=r"grad returned None: did you forget `return`"):
        optim.descend(grad, [1.0], optim.GradientDescent(0.1), 10)


def test_nan_in_the_data_is_the_data_not_the_learning_rate():
    Xn = XI.copy()
    Xn[3, 1] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), Xn, Y, optim.GradientDescent(0.1), 1)
    with pytest.raises(ValueError, match="grad returned nan at the start x0: check your gradient function and your"):
        optim.descend(lambda w: -2 / len(Xn) * Xn.T @ (Y - Xn @ w), np.zeros(3), optim.GradientDescent(0.1), 5)


def test_adagrad_on_a_coordinate_whose_gradient_is_always_zero_stays_finite():
    hist = optim.descend(lambda x: np.array([2 * x[0], 0.0]), [1.0, 5.0], optim.Adagrad(0.5), 20)
    assert not hist.diverged and np.all(hist.params[:, 1] == 5.0)  # 0 / (0 + eps) = 0: no 0/0


def test_a_nan_loss_at_a_finite_iterate_points_at_f():
    def f(x):
        with np.errstate(invalid="ignore"):
            return np.log(x[0] - 0.5)  # the log of a negative number once x < 0.5

    hist = optim.descend(lambda x: 2 * x, [1.0], optim.GradientDescent(0.1), 10, f=f)
    assert not hist.diverged and "the loss is nan at a finite x" in hist.message and "check f" in hist.message


def test_the_gradient_at_the_start_is_checked_and_reused_not_recomputed():
    calls = []

    def grad(x):
        calls.append(x.copy())
        return 2 * x

    optim.descend(grad, [1.0], optim.GradientDescent(0.25), 3)
    assert len(calls) == 4  # at x0, x1, x2 and the last row: one evaluation per row, none repeated
    with pytest.raises(ValueError, match=r"grad must return one partial derivative per coordinate.*shape \(3,\)"):
        optim.descend(lambda x: np.zeros(3), [1.0, 2.0], optim.GradientDescent(0.1), 1)
    with pytest.raises(TypeError, match="grad must return an array of numbers"):
        optim.descend(lambda x: "0", [1.0], optim.GradientDescent(0.1), 1)


def test_a_rule_of_your_own_runs_in_the_loop():
    class Halve:
        lr = 0.5

        def reset(self):
            self.calls = 0

        def step(self, w, g):
            self.calls += 1
            return w - self.lr * g

    rule = Halve()
    hist = optim.descend(lambda x: x, [8.0], rule, 3)
    np.testing.assert_allclose(hist.params[:, 0], [8.0, 4.0, 2.0, 1.0])
    assert rule.calls == 3


def test_hyperparameters_are_read_from_the_constructor():
    assert repr(optim.RMSProp(0.02, alpha=0.9)) == "RMSProp(lr=0.02, alpha=0.9, eps=1e-08)"
    assert optim.Adam(0.1).hyperparameters() == {"lr": 0.1, "betas": (0.9, 0.999), "eps": 1e-8}


# --- what a learner gets wrong ---------------------------------------------------------------------


def doubles_in_place(x):
    x *= 2  # the learner's bug: changes the point the loop is at
    return x


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: optim.descend(lambda x: 2 * x, [1.0], optim.GradientDescent, 5), TypeError,
         r"call the class with its learning rate, e.g. GradientDescent\(0.1\)"),
        (lambda: optim.descend(doubles_in_place, [1.0, 2.0], optim.GradientDescent(0.1), 5), ValueError,
         "grad changed its input x in place"),
        (lambda: optim.descend(lambda x: 2 * x, [], optim.GradientDescent(0.1), 5), ValueError,
         "x0 must have at least one coordinate"),
        (lambda: optim.descend(lambda x: 2 * x, "12", optim.GradientDescent(0.1), 5), TypeError,
         "x0 must be a number or an array of numbers"),
        (lambda: optim.descend(lambda x: 2 * x, ["1", "2"], optim.GradientDescent(0.1), 5), TypeError,
         "x0 must be a number or an array of numbers"),
        (lambda: optim.descend(lambda x: 2 * x, True, optim.GradientDescent(0.1), 5), TypeError,
         "x0 must be a number"),
        (lambda: optim.descend(lambda x: (2 * x)[:, None], [1.0, 2.0], optim.GradientDescent(0.1), 5), ValueError,
         r"in the shape of x \(2,\), but it returned shape \(2, 1\); an \(n, 1\) column where x is 1-D\? use \.ravel"),
        (lambda: optim.descend(lambda x: [True, False], [1.0, 2.0], optim.GradientDescent(0.1), 5), TypeError,
         "grad must return an array of numbers"),
        (lambda: training.minibatch_descend(lambda w: 2 * w, np.zeros(3), XI, Y, optim.GradientDescent(0.1), 1),
         TypeError, r"grad must be a function grad\(w, Xb, yb\)"),
        (lambda: training.minibatch_descend(losses.linear_mse_grad, np.zeros(3), XI, Y, optim.GradientDescent(0.1), 1,
                                            loss=lambda w, X, y: X @ w), ValueError, "loss must return a scalar"),
        (lambda: optim.GradientDescent(0.1).step(5.0, None), TypeError, "GradientDescent.step: g must be an array"),
        (lambda: optim.GradientDescent(0.1).step([1.0], "g"), TypeError, "GradientDescent.step: g must be an array"),
        (lambda: optim.Adam(0.1).step([1.0, 2.0], [np.nan, 1.0]), ValueError, "Adam.step: g must contain only finite"),
        (lambda: optim.Momentum(0.1).step([], []), ValueError, "Momentum.step: w must have at least 1 entry"),
        (lambda: training.batch_indices(10, 30, np.random.default_rng(0)), ValueError,
         "batch_size must be between 1 and n = 10"),
        (lambda: training.batch_indices(10, 3, None), TypeError, "rng must be a np.random.Generator to shuffle"),
    ],
)
def test_mistakes_get_errors_that_say_what_to_fix(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_step_that_fails_leaves_the_rule_untouched():
    rule = optim.Adam(0.1)
    with pytest.raises(ValueError):
        rule.step([1.0, 2.0], [np.nan, 1.0])
    assert rule.t == 0 and rule.m is None  # no half-poisoned state
    np.testing.assert_allclose(rule.step([1.0, 2.0], [1.0, -1.0]), [0.9, 2.1])


def test_batch_indices_in_order_without_shuffling():
    np.testing.assert_array_equal(np.concatenate(training.batch_indices(7, 3, None, shuffle=False)), np.arange(7))
