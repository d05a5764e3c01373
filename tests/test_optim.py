"""optim: each rule against closed forms of its recurrence, and descend's guarantees.

Constant-gradient runs have closed forms for every rule, derived from the update
equations (and PyTorch's documented conventions), independent of gdlib's code:
  GD        w_t = w0 - t·lr·g
  Momentum  v_t = g (1 - beta^t)/(1 - beta)
  Adagrad   G_t = t g², step lr·g/(sqrt(t)|g| + eps)
  RMSProp   s_t = (1 - alpha^t) g², step lr·g/(sqrt(1 - alpha^t)|g| + eps)
  Adam      m_hat = g, v_hat = g² exactly (bias correction), step lr·g/(|g| + eps)
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlib import objectives, optim

grads = st.floats(-100, 100, allow_nan=False).filter(lambda g: abs(g) > 1e-3)


def run_constant(rule, g, steps, w0=0.0):
    w = np.array([w0])
    ws = []
    for _ in range(steps):
        w = rule.step(w, np.array([g]))
        ws.append(w[0])
    return np.array(ws)


@given(g=grads)
def test_gradient_descent_constant_gradient(g):
    ws = run_constant(optim.GradientDescent(lr=0.1), g, 5)
    np.testing.assert_allclose(ws, -0.1 * g * np.arange(1, 6), rtol=1e-12)


@given(g=grads)
def test_momentum_constant_gradient(g):
    lr, beta, T = 0.01, 0.9, 8
    ws = run_constant(optim.Momentum(lr, beta), g, T)
    v = g * (1 - beta ** np.arange(1, T + 1)) / (1 - beta)
    np.testing.assert_allclose(ws, -lr * np.cumsum(v), rtol=1e-10)


@given(g=grads)
def test_adagrad_constant_gradient(g):
    lr, eps, T = 0.5, 1e-10, 6
    t = np.arange(1, T + 1)
    ws = run_constant(optim.Adagrad(lr, eps), g, T)
    np.testing.assert_allclose(ws, -np.cumsum(lr * g / (np.sqrt(t) * abs(g) + eps)), rtol=1e-10)


def test_adagrad_eps_sits_outside_the_square_root():
    # g = 1e-12, eps = 1e-10: outside the root the step is lr·g/(g + eps) = lr/101;
    # inside, lr·g/sqrt(g² + eps) would be about lr·1e-7.
    rule = optim.Adagrad(lr=1.0, eps=1e-10)
    w = rule.step(np.array([0.0]), np.array([1e-12]))
    assert -w[0] == pytest.approx(1 / 101, rel=1e-9)


@given(g=grads)
def test_rmsprop_constant_gradient(g):
    lr, alpha, eps, T = 0.01, 0.9, 1e-8, 6
    t = np.arange(1, T + 1)
    ws = run_constant(optim.RMSProp(lr, alpha, eps), g, T)
    steps = lr * g / (np.sqrt(1 - alpha**t) * abs(g) + eps)
    np.testing.assert_allclose(ws, -np.cumsum(steps), rtol=1e-9)


@given(g=grads)
def test_adam_bias_correction_makes_every_constant_gradient_step_lr(g):
    lr, T = 0.01, 10
    ws = run_constant(optim.Adam(lr), g, T)
    np.testing.assert_allclose(np.diff(np.r_[0.0, ws]), -lr * g / (abs(g) + 1e-8) * np.ones(T), rtol=1e-9)


@given(g=st.lists(grads, min_size=2, max_size=2))
def test_adam_first_step_has_size_lr_in_each_coordinate(g):
    w = optim.Adam(lr=0.05).step(np.zeros(2), np.array(g))
    np.testing.assert_allclose(np.abs(w), 0.05 / (1 + 1e-8 / np.abs(g)), rtol=1e-9)


@given(gs=st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=20))
def test_adagrad_G_never_decreases_and_effective_rate_never_grows(gs):
    rule = optim.Adagrad(lr=0.1)
    w, prev_G, prev_rate = np.zeros(1), np.zeros(1), np.full(1, np.inf)
    for g in gs:
        w = rule.step(w, np.array([g]))
        assert np.all(rule.G >= prev_G)
        assert np.all(rule.effective_lr() <= prev_rate)
        prev_G, prev_rate = rule.G.copy(), rule.effective_lr()


def test_defaults_follow_pytorch():
    # torch.optim defaults: SGD lr=1e-3 (momentum 0 / dampening 0), Adagrad lr=1e-2 eps=1e-10,
    # RMSprop lr=1e-2 alpha=0.99 eps=1e-8, Adam lr=1e-3 betas=(0.9, 0.999) eps=1e-8
    assert optim.GradientDescent().lr == 1e-3
    assert optim.Momentum().hyperparameters() == {"lr": 1e-3, "beta": 0.9}
    assert optim.Adagrad().hyperparameters() == {"lr": 1e-2, "eps": 1e-10}
    assert optim.RMSProp().hyperparameters() == {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8}
    assert optim.Adam().hyperparameters() == {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8}


RULES = [
    lambda: optim.GradientDescent(0.1),
    lambda: optim.Momentum(0.1),
    lambda: optim.Adagrad(0.1),
    lambda: optim.RMSProp(0.1),
    lambda: optim.Adam(0.1),
]


@pytest.mark.parametrize("make", RULES)
def test_step_returns_a_new_array_and_leaves_w_alone(make):
    rule = make()
    w = np.array([1.0, -2.0])
    g = np.array([0.5, 0.25])
    new = rule.step(w, g)
    assert new is not w
    np.testing.assert_array_equal(w, [1.0, -2.0])
    np.testing.assert_array_equal(g, [0.5, 0.25])


@pytest.mark.parametrize("make", RULES)
def test_reset_forgets_the_state(make):
    rule = make()
    w, g = np.array([1.0, 2.0]), np.array([0.3, -0.7])
    first = rule.step(w, g)
    rule.step(first, g)
    rule.reset()
    np.testing.assert_array_equal(rule.step(w, g), first)


@pytest.mark.parametrize("make", RULES)
def test_shape_mismatches_are_named(make):
    rule = make()
    with pytest.raises(ValueError, match=r"w and g must have the same shape.*\(2,\).*\(3,\)"):
        rule.step(np.zeros(2), np.zeros(3))
    rule.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="reset"):
        rule.step(np.zeros(3), np.ones(3))


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda: optim.GradientDescent(0), ValueError, "lr must be > 0"),
        (lambda: optim.GradientDescent(-0.1), ValueError, "lr must be > 0"),
        (lambda: optim.GradientDescent(float("nan")), ValueError, "lr must be finite"),
        (lambda: optim.GradientDescent("0.1"), TypeError, "lr must be a real number"),
        (lambda: optim.GradientDescent(True), TypeError, "lr must be a real number"),
        (lambda: optim.Momentum(0.1, beta=1.0), ValueError, r"beta must be in \[0, 1\)"),
        (lambda: optim.Momentum(0.1, beta=-0.1), ValueError, "beta must be in"),
        (lambda: optim.Adagrad(0.1, eps=-1e-8), ValueError, "eps must be > 0"),
        (lambda: optim.Adagrad(0.1, eps=0.0), ValueError, "eps must be > 0"),  # 0/0 on a silent coordinate
        (lambda: optim.RMSProp(0.1, eps=0.0), ValueError, "eps must be > 0"),
        (lambda: optim.Adam(0.1, eps=0.0), ValueError, "eps must be > 0"),
        (lambda: optim.RMSProp(0.1, alpha=1.0), ValueError, "alpha must be in"),
        (lambda: optim.Adam(0.1, betas=(0.9,)), TypeError, "betas must be a pair"),
        (lambda: optim.Adam(0.1, betas=(1.0, 0.999)), ValueError, r"betas\[0\] must be in"),
        (lambda: optim.Adam(0.1, betas=(0.9, 1.5)), ValueError, r"betas\[1\] must be in"),
    ],
)
def test_bad_hyperparameters_get_named(make, error, words):
    with pytest.raises(error, match=words):
        make()


# ---- descend -------------------------------------------------------------------------


@given(a=st.floats(0.1, 10), frac=st.floats(0.05, 0.95), w0=st.floats(-5, 5).filter(lambda v: abs(v) > 0.1))
def test_gd_on_a_parabola_follows_the_contraction_formula(a, frac, w0):
    # w_k = (1 - lr·a)^k w0, and |1 - lr·a| < 1 exactly when 0 < lr < 2/a
    lr = frac * 2 / a
    p = objectives.parabola(a)
    hist = optim.descend(p.grad, w0, optim.GradientDescent(lr), 20, f=p.f)
    k = np.arange(21)
    # absolute tolerance scaled by |w0|: at lr = 1/a the factor 1 - lr·a is pure round-off (~1e-16)
    np.testing.assert_allclose(hist.params[:, 0], (1 - lr * a) ** k * w0, rtol=1e-9, atol=1e-12 * abs(w0))
    assert not hist.diverged
    assert abs(hist.x) < abs(w0)


def test_lr_one_over_a_lands_on_the_minimum_in_one_step():
    p = objectives.parabola(a=4.0, c=1.5)
    hist = optim.descend(p.grad, -3.0, optim.GradientDescent(0.25), 1)
    assert hist.x == pytest.approx(1.5)


def test_lr_above_two_over_a_diverges_and_keeps_the_history():
    p = objectives.parabola(a=2.0)  # 2/a = 1.0
    hist = optim.descend(p.grad, 1.0, optim.GradientDescent(1.1), 1000, f=p.f)
    assert hist.diverged and not hist.converged
    k = hist.steps
    assert f"diverged at step {k}" in hist.message
    assert "smaller learning rate" in hist.message
    assert np.all(np.isfinite(hist.params)) and len(hist.losses) == len(hist.params)
    # |w_k| = 1.2^k: the run stops once the loss a/2·w² passes 1e10
    np.testing.assert_allclose(np.abs(hist.params[:, 0]), 1.2 ** np.arange(k + 1), rtol=1e-9)
    assert hist.losses[-1] > 1e10 >= hist.losses[-2]


def test_a_nan_gradient_at_a_finite_iterate_points_at_grad_not_the_learning_rate():
    hist = optim.descend(lambda x: np.array([np.nan]) if x[0] < 0 else 2 * x, [1.0], optim.GradientDescent(1.5), 10)
    assert not hist.diverged and hist.steps == 1
    assert "stopped at step 2: the gradient is nan at a finite x" in hist.message and "check grad" in hist.message
    assert "learning rate" in hist.message and "smaller learning rate" not in hist.message
    assert np.all(np.isfinite(hist.params))


def test_tol_stops_at_a_small_gradient():
    q = objectives.ill_conditioned()
    hist = optim.descend(q.grad, [4.0, 2.0], optim.GradientDescent(0.4), 10_000, f=q.f, tol=1e-6)
    assert hist.converged and not hist.diverged
    assert np.linalg.norm(q.grad(hist.x)) <= 1e-6
    assert hist.steps < 10_000 and "converged" in hist.message
    assert hist.grad_norms[-1] <= 1e-6 < hist.grad_norms[-2]


def test_gd_on_a_quadratic_reaches_A_inverse_b():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, 1.0])
    q = objectives.quadratic(A, b)
    lr = 1 / np.max(np.linalg.eigvalsh(A))
    hist = optim.descend(q.grad, np.zeros(2), optim.GradientDescent(lr), 500)
    np.testing.assert_allclose(hist.x, np.linalg.solve(A, b), atol=1e-10)


def test_history_shapes_and_budget_message():
    hist = optim.descend(lambda x: 2 * x, [1.0, 2.0, 3.0], optim.GradientDescent(0.1), 7)
    assert hist.params.shape == (8, 3) and hist.losses is None and hist.steps == 7
    assert "full budget of 7 steps" in hist.message
    zero = optim.descend(lambda x: 2 * x, [1.0, 2.0], optim.GradientDescent(0.1), 0)
    assert zero.params.shape == (1, 2)


def test_descend_resets_the_rule_so_runs_repeat():
    r = objectives.rosenbrock()
    rule = optim.Adam(0.05)
    a = optim.descend(r.grad, [-1.2, 1.0], rule, 50)
    b = optim.descend(r.grad, [-1.2, 1.0], rule, 50)
    np.testing.assert_array_equal(a.params, b.params)


def test_scalar_start_gives_scalar_iterates():
    seen = []
    optim.descend(lambda w: seen.append(w) or 2 * w, 3.0, optim.GradientDescent(0.1), 2)
    assert all(isinstance(w, float) for w in seen)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"x0": [1.0, np.nan]}, ValueError, "x0 must contain only finite"),
        ({"x0": [1.0, np.inf]}, ValueError, "x0 must contain only finite"),
        ({"steps": -1}, ValueError, "steps must be >= 0"),
        ({"steps": 2.5}, TypeError, "steps must be a whole number"),
        ({"rule": 0.1}, TypeError, "rule must be an update rule"),
        ({"tol": -1.0}, ValueError, "tol must be >= 0"),
        ({"f": lambda x: x}, ValueError, "f must return a scalar"),
        ({"grad": lambda x: np.zeros(3)}, ValueError, "grad must return one partial derivative per coordinate"),
        ({"grad": "2*x"}, TypeError, "grad must be a function"),
    ],
)
def test_descend_bad_arguments(kwargs, error, words):
    args = {"grad": lambda x: 2 * x, "x0": [1.0, 2.0], "rule": optim.GradientDescent(0.1), "steps": 3} | kwargs
    with pytest.raises(error, match=words):
        optim.descend(**args)
