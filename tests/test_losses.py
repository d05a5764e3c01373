"""losses: every gradient checked numerically, every value by hand, every bad call named."""

import math

import numpy as np
import pytest
from error_helpers import assert_all_lists_the_public_functions
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdlib import calculus, data, losses

X, Y = data.linear(60, beta=(0.5, 2.0, -1.0), noise=0.3, seed=4)
XI = data.add_intercept(X)


@pytest.mark.parametrize(
    ("loss", "grad"),
    [(losses.linear_mse, losses.linear_mse_grad), (losses.linear_mae, losses.linear_mae_grad)],
)
def test_linear_loss_gradients_are_right(loss, grad):
    w = np.array([0.1, 1.0, 0.3])
    assert calculus.gradient_check(lambda v: loss(v, XI, Y), lambda v: grad(v, XI, Y), w) < 1e-6


def test_mse_gradient_vanishes_at_the_least_squares_solution():
    beta = np.linalg.lstsq(XI, Y, rcond=None)[0]
    np.testing.assert_allclose(losses.linear_mse_grad(beta, XI, Y), 0.0, atol=1e-12)


def test_multi_output_mse_gradient_has_the_shape_of_beta():
    B = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 3.0]])
    X2, Y2 = data.linear(40, beta=B, seed=1)
    g = losses.linear_mse_grad(np.zeros_like(B), data.add_intercept(X2), Y2)
    assert g.shape == B.shape and Y2.shape == (40, 2)


def test_logistic_bce_matches_its_formula_and_gradient():
    Xl, yl = data.logistic(80, w=(1.5, -2.0), b=0.2, seed=2)
    Xli = data.add_intercept(Xl)
    w = np.array([0.1, -0.4, 0.7])
    p = 1 / (1 + np.exp(-(Xli @ w)))
    by_hand = -np.mean(yl * np.log(p) + (1 - yl) * np.log(1 - p))
    assert losses.logistic_bce(w, Xli, yl) == pytest.approx(by_hand, rel=1e-12)
    f = lambda v: losses.logistic_bce(v, Xli, yl)  # noqa: E731
    assert calculus.gradient_check(f, lambda v: losses.logistic_bce_grad(v, Xli, yl), w) < 1e-7


def test_sigmoid_and_bce_stay_finite_for_huge_scores():
    z = np.array([-1000.0, 0.0, 1000.0])
    np.testing.assert_allclose(losses.sigmoid(z), [0.0, 0.5, 1.0])
    X1 = np.array([[1.0], [1.0]])
    assert losses.logistic_bce(np.array([1000.0]), X1, np.array([0.0, 1.0])) == pytest.approx(500.0)


def test_point_losses():
    assert losses.mse([1.0, 3.0], [0.0, 0.0]) == 5.0
    assert losses.mae([1.0, -3.0], [0.0, 0.0]) == 2.0
    assert losses.rmse([3.0, 4.0], [0.0, 0.0]) == pytest.approx(np.sqrt(12.5))


# --- values by hand ---------------------------------------------------------------------------------

# three examples, two features: predictions X @ W_SMALL = (1, 2, 3), so against zero targets the
# squared errors are 1, 4, 9 and the absolute errors 1, 2, 3
X_SMALL = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
W_SMALL = np.array([1.0, 2.0])
Y_SMALL = np.zeros(3)
LINEAR_FUNCTIONS = [losses.linear_mse, losses.linear_mse_grad, losses.linear_mae, losses.linear_mae_grad,
                    losses.logistic_bce, losses.logistic_bce_grad]


def test_linear_losses_by_hand():
    assert losses.linear_mse(W_SMALL, X_SMALL, Y_SMALL) == pytest.approx(14 / 3, rel=1e-15)
    assert losses.linear_mae(W_SMALL, X_SMALL, Y_SMALL) == pytest.approx(2.0, rel=1e-15)
    # -(2/n) Xᵀ(y - Xw) with y - Xw = (-1, -2, -3): Xᵀ(...) = (-4, -5)
    np.testing.assert_allclose(losses.linear_mse_grad(W_SMALL, X_SMALL, Y_SMALL), [8 / 3, 10 / 3], rtol=1e-15)
    # -(1/n) Xᵀ sign(...) with sign = (-1, -1, -1): Xᵀ(...) = (-2, -2)
    np.testing.assert_allclose(losses.linear_mae_grad(W_SMALL, X_SMALL, Y_SMALL), [2 / 3, 2 / 3], rtol=1e-15)


def test_bce_at_zero_weights_is_log_2_and_its_gradient_is_the_mean_of_x_times_one_half_minus_y():
    y = np.array([1.0, 0.0, 1.0])
    assert losses.logistic_bce(np.zeros(2), X_SMALL, y) == pytest.approx(math.log(2), rel=1e-15)
    # p = 1/2 everywhere: (1/n) Xᵀ(1/2 - y) = (1/3) Xᵀ(-1/2, 1/2, -1/2) = (-1/3, 0)
    np.testing.assert_allclose(losses.logistic_bce_grad(np.zeros(2), X_SMALL, y), [-1 / 3, 0.0], atol=1e-16)


def test_sigmoid_of_infinities_is_exact_and_shapes_are_kept():
    np.testing.assert_array_equal(losses.sigmoid([-np.inf, np.inf]), [0.0, 1.0])
    assert losses.sigmoid(0) == 0.5 and np.shape(losses.sigmoid(0)) == ()
    assert losses.sigmoid(np.zeros((2, 3))).shape == (2, 3)
    assert losses.sigmoid(math.log(3)) == pytest.approx(0.75, rel=1e-15)  # 1 / (1 + 1/3)


# --- the shapes: (n,) against (n, 1) is an error, never an (n, n) broadcast -------------------------


def test_a_column_of_targets_against_a_vector_of_predictions_is_an_error_not_a_broadcast():
    y_hat = np.array([0.0, 4.0])
    # numpy alone would broadcast (2,) - (2, 1) to a (2, 2) table and report 8.0 instead of 0.0
    with pytest.raises(ValueError, match=r"y_hat and y must have the same shape.*\(2,\).*\(2, 1\).*ravel"):
        losses.mse(y_hat, y_hat[:, None])
    w = np.array([1.0, 2.0])
    y = X_SMALL @ w  # a perfect fit: the loss is 0
    with pytest.raises(ValueError, match=r"y must have the shape of the predictions X @ w, \(3,\), got y.shape=\(3, 1"):
        losses.linear_mse(w, X_SMALL, y[:, None])
    assert losses.linear_mse(w, X_SMALL, y) == 0.0
    assert losses.linear_mse(w[:, None], X_SMALL, y[:, None]) == 0.0  # (p, 1) weights with (n, 1) targets


def test_one_output_written_as_a_column_gives_the_same_numbers():
    w = np.array([0.1, 1.0, 0.3])
    for loss in (losses.linear_mse, losses.linear_mae):
        assert loss(w[:, None], XI, Y[:, None]) == pytest.approx(loss(w, XI, Y), rel=1e-15)
    for grad in (losses.linear_mse_grad, losses.linear_mae_grad):
        g = grad(w[:, None], XI, Y[:, None])
        assert g.shape == (3, 1)
        np.testing.assert_allclose(g[:, 0], grad(w, XI, Y), rtol=1e-14)


B_TRUE = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 3.0]])
XM, YM = data.linear(40, beta=B_TRUE, noise=0.5, seed=1)
XMI = data.add_intercept(XM)
YM_LABELS = (YM > 0).astype(float)


@pytest.mark.parametrize(
    ("loss", "grad", "targets"),
    [
        (losses.linear_mse, losses.linear_mse_grad, YM),
        (losses.linear_mae, losses.linear_mae_grad, YM),
        (losses.logistic_bce, losses.logistic_bce_grad, YM_LABELS),
    ],
    ids=["mse", "mae", "bce"],
)
def test_multi_output_loss_is_the_sum_of_the_outputs_losses_and_its_gradient_is_its_gradient(loss, grad, targets):
    W = np.array([[0.2, -0.5], [1.0, 0.3], [-0.7, 2.0]])
    one_by_one = sum(loss(W[:, k], XMI, targets[:, k]) for k in range(2))
    assert loss(W, XMI, targets) == pytest.approx(one_by_one, rel=1e-12)
    g = grad(W, XMI, targets)
    assert g.shape == W.shape
    for k in range(2):
        np.testing.assert_allclose(g[:, k], grad(W[:, k], XMI, targets[:, k]), rtol=1e-12)
    # and it is the gradient of the loss: compare with the numerical gradient over all p·m entries
    numeric = calculus.gradient(lambda v: loss(v.reshape(W.shape), XMI, targets), W.ravel())
    np.testing.assert_allclose(g.ravel(), numeric, rtol=1e-6, atol=1e-8)


# --- valid edge inputs ---------------------------------------------------------------------------------


def test_lists_and_whole_numbers_are_accepted_and_give_the_same_numbers():
    Xl, wl, yl = [[1, 0], [0, 1], [1, 1]], [1, 2], [0, 0, 0]
    for fn in (losses.linear_mse, losses.linear_mae):
        assert fn(wl, Xl, yl) == fn(W_SMALL, X_SMALL, Y_SMALL)
    for fn in (losses.linear_mse_grad, losses.linear_mae_grad):
        np.testing.assert_array_equal(fn(wl, Xl, yl), fn(W_SMALL, X_SMALL, Y_SMALL))
    ints = np.array([1, 0, 1])
    assert losses.logistic_bce([0, 0], Xl, ints) == pytest.approx(math.log(2), rel=1e-15)
    assert losses.logistic_bce([0, 0], Xl, ints.astype(bool)) == pytest.approx(math.log(2), rel=1e-15)
    assert losses.mse([1, 3], [0, 0]) == 5.0 and losses.mae(np.array([1, -3]), [0, 0]) == 2.0
    assert losses.mse(3, 1) == 4.0 and losses.rmse(3.0, 1) == 2.0  # one prediction, one target


def test_a_single_example_works_as_a_mini_batch_of_one():
    i = [7]
    w = np.array([0.1, 1.0, 0.3])
    r = Y[7] - XI[7] @ w
    assert losses.linear_mse(w, XI[i], Y[i]) == pytest.approx(r**2, rel=1e-14)
    np.testing.assert_allclose(losses.linear_mse_grad(w, XI[i], Y[i]), -2 * r * XI[7], rtol=1e-14)
    np.testing.assert_allclose(losses.linear_mae_grad(w, XI[i], Y[i]), -np.sign(r) * XI[7], rtol=1e-14)


def test_point_losses_accept_matrices_of_the_same_shape():
    y_hat, y = np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2))
    assert losses.mse(y_hat, y) == 7.5 and losses.mae(y_hat, y) == 2.5


HUGE = np.array([1e200])
COLUMN = np.array([[1e200], [-1e200]])  # scores ±1e400: beyond float range


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize(
    ("fn", "X_", "y", "expected"),
    [
        # a diverging run reaches huge weights: a loss says inf (the loop stops), never nan
        (losses.linear_mse, np.ones((2, 1)), np.zeros(2), math.inf),  # the squares overflow
        (losses.linear_mse, COLUMN, np.zeros(2), math.inf),  # the residuals overflow
        (losses.linear_mae, COLUMN, np.zeros(2), math.inf),
        (losses.linear_mse_grad, np.ones((2, 1)), np.zeros(2), [2e200]),  # -(2/2)(-1e200 - 1e200): finite
        (losses.linear_mae_grad, COLUMN, np.zeros(2), [1e200]),  # sign(±inf) = ±1: still right
        (losses.logistic_bce, COLUMN, np.array([1.0, 0.0]), 0.0),  # right with an infinite margin
        (losses.logistic_bce, COLUMN, np.array([0.0, 1.0]), math.inf),  # wrong with an infinite margin
        (losses.logistic_bce_grad, COLUMN, np.array([1.0, 0.0]), [0.0]),
        (losses.logistic_bce_grad, COLUMN, np.array([0.0, 1.0]), [1e200]),  # (1/2)(1e200·1 + (-1e200)·(-1))
    ],
)
def test_overflow_from_finite_arguments_gives_the_limit_not_nan(fn, X_, y, expected):
    assert np.array_equal(fn(HUGE, X_, y), expected)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize("fn", LINEAR_FUNCTIONS, ids=lambda f: f.__name__)
def test_overflow_that_cannot_give_a_number_is_named(fn):
    # 1e200·1e200 - 1e200·1e200 = inf - inf in floating point: no number to return
    with pytest.raises(ValueError, match=f"{fn.__name__}: (y - )?X @ w overflows floating point"):
        fn(np.array([1e200, -1e200]), np.array([[1e200, 1e200]]), np.zeros(1))
    if fn is losses.linear_mse_grad:  # -(2/n) Xᵀ r with r = ±inf: 0·inf in Xᵀr
        with pytest.raises(ValueError, match="linear_mse_grad: y - X @ w overflows"):
            fn(HUGE, COLUMN, np.zeros(2))


# --- bad calls: the error names the argument ----------------------------------------------------------



def _with(a, index, value):
    b = np.array(a, dtype=float)
    b[index] = value
    return b


BAD_LINEAR = [
    # (w, X, y), error, words the message must contain
    ((None, X_SMALL, Y_SMALL), TypeError, ["w must be an array of numbers", "None"]),
    (("ab", X_SMALL, Y_SMALL), TypeError, ["w must be an array of numbers", "'ab'"]),
    ((W_SMALL, "X", Y_SMALL), TypeError, ["X must be an array of numbers"]),
    ((W_SMALL, X_SMALL, ["a", "b", "c"]), TypeError, ["y must be an array of numbers"]),
    ((W_SMALL, X_SMALL, {1: 2}), TypeError, ["y must be an array of numbers"]),
    ((W_SMALL, np.ones(3), Y_SMALL), ValueError, ["X must be a 2-D array", "(3,)", "add_intercept"]),
    ((W_SMALL, np.ones((3, 2, 1)), Y_SMALL), ValueError, ["X must be a 2-D array", "(3, 2, 1)"]),
    ((W_SMALL, np.ones((0, 2)), np.zeros(0)), ValueError, ["X must be a 2-D array", "n, p >= 1", "(0, 2)"]),
    ((np.zeros(0), np.ones((3, 0)), Y_SMALL), ValueError, ["X must be", "(3, 0)"]),
    ((np.zeros(3), X_SMALL, Y_SMALL), ValueError, ["w must have one row per column of X", "2 columns", "(3,)"]),
    ((1.0, X_SMALL, Y_SMALL), ValueError, ["w must have one row per column of X", "w.shape=()"]),
    ((np.zeros((2, 1, 1)), X_SMALL, Y_SMALL), ValueError, ["w must have one row per column of X"]),
    ((np.zeros((2, 0)), X_SMALL, np.zeros((3, 0))), ValueError, ["w must have one row per column of X"]),
    ((W_SMALL, X_SMALL, np.zeros(2)), ValueError, ["X and y must have one row per example", "3 rows, y has 2"]),
    ((W_SMALL, X_SMALL, np.zeros((3, 1))), ValueError, ["y must have the shape of the predictions", "(3,)",
                                                        "(3, 1)", "ravel"]),
    ((np.zeros((2, 1)), X_SMALL, Y_SMALL), ValueError, ["y must have the shape of the predictions", "(3, 1)",
                                                        "w of shape (2,)"]),
    ((np.zeros((2, 3)), X_SMALL, np.zeros((3, 2))), ValueError, ["y must have the shape", "(3, 3)", "(3, 2)"]),
    ((W_SMALL, X_SMALL, 0.0), ValueError, ["y must have the shape of the predictions", "y.shape=()"]),
    ((_with(W_SMALL, 0, np.nan), X_SMALL, Y_SMALL), ValueError, ["w must contain only finite numbers"]),
    (([np.inf, 0.0], X_SMALL, Y_SMALL), ValueError, ["w must contain only finite numbers"]),
    ((W_SMALL, _with(X_SMALL, (1, 0), np.nan), Y_SMALL), ValueError, ["X must contain only finite numbers"]),
    ((W_SMALL, _with(X_SMALL, (2, 1), -np.inf), Y_SMALL), ValueError, ["X must contain only finite numbers"]),
    # nan in X meets a zero weight: 0·nan is still nan, so the check on Xw finds it
    ((np.array([0.0, 1.0]), _with(X_SMALL, (0, 0), np.nan), Y_SMALL), ValueError, ["X must contain only finite"]),
    ((W_SMALL, X_SMALL, _with(Y_SMALL, 1, np.nan)), ValueError, ["y must contain only finite numbers"]),
    ((W_SMALL, X_SMALL, _with(Y_SMALL, 2, np.inf)), ValueError, ["y must contain only finite numbers"]),
]


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # inf·0 inside X @ w
@pytest.mark.parametrize("fn", LINEAR_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("args", "error", "words"), BAD_LINEAR)
def test_bad_calls_of_the_model_losses_are_named(fn, args, error, words):
    with pytest.raises(error) as info:
        fn(*args)
    message = str(info.value)
    assert message.startswith(f"{fn.__name__}: ")
    for word in words:
        assert word in message


@pytest.mark.parametrize("fn", [losses.logistic_bce, losses.logistic_bce_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize("y", [[0.0, 1.0, 2.0], [0.0, 0.5, 1.0], [-1.0, 0.0, 1.0], [0.0, 1.0, 1e-300]])
def test_bce_labels_must_be_0_or_1(fn, y):
    with pytest.raises(ValueError, match=f"{fn.__name__}: y must contain only the labels 0 and 1"):
        fn(np.zeros(2), X_SMALL, np.array(y))


BAD_POINT = [
    (np.zeros(3), np.zeros((3, 1)), ValueError, ["y_hat and y must have the same shape", "(3,)", "(3, 1)", "ravel"]),
    (np.zeros((3, 1)), np.zeros(3), ValueError, ["y_hat and y must have the same shape", "ravel"]),
    (np.zeros(3), np.zeros(2), ValueError, ["y_hat and y must have the same shape", "(3,)", "(2,)"]),
    ([], [], ValueError, ["at least one entry"]),
    (None, [1.0], TypeError, ["y_hat must be an array of numbers", "None"]),
    ([1.0], "a", TypeError, ["y must be an array of numbers"]),
    ([1.0, np.nan], [0.0, 0.0], ValueError, ["y_hat must contain only finite numbers"]),
    (np.array([1.0, 2.0]), np.array([0.0, np.inf]), ValueError, ["y must contain only finite numbers"]),
]


@pytest.mark.parametrize("fn", [losses.mse, losses.mae, losses.rmse], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("y_hat", "y", "error", "words"), BAD_POINT)
def test_bad_calls_of_the_point_losses_are_named(fn, y_hat, y, error, words):
    with pytest.raises(error) as info:
        fn(y_hat, y)
    message = str(info.value)
    assert message.startswith(f"{fn.__name__}: ")
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("z", "error", "words"),
    [
        (None, TypeError, "z must be a number or an array of numbers"),
        ("1.0", TypeError, "z must be a number or an array of numbers"),
        ({1: 2}, TypeError, "z must be a number or an array of numbers"),
        ([[1.0, 2.0], [3.0]], TypeError, "z must be a number or an array of numbers"),
        (np.nan, ValueError, "z must not contain nan"),
        ([0.0, np.nan, 1.0], ValueError, "z must not contain nan; 1 of its 3 entries"),
    ],
)
def test_bad_calls_of_sigmoid_are_named(z, error, words):
    with pytest.raises(error, match=f"sigmoid: {words}"):
        losses.sigmoid(z)


def test_all_lists_the_public_functions():
    assert_all_lists_the_public_functions(losses)


# --- laws that hold for all inputs ---------------------------------------------------------------------

small = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


@st.composite
def linear_problems(draw):
    n, p = draw(st.integers(1, 8)), draw(st.integers(1, 4))
    X_ = draw(hnp.arrays(float, (n, p), elements=small))
    w = draw(hnp.arrays(float, p, elements=small))
    y = draw(hnp.arrays(float, n, elements=small))
    return w, X_, y


@settings(max_examples=60, deadline=None)
@given(problem=linear_problems())
def test_the_mse_gradient_is_exact_for_central_differences(problem):
    # the MSE is quadratic in w, so (L(w + e_j) - L(w - e_j)) / 2 is its partial derivative exactly
    w, X_, y = problem
    g = losses.linear_mse_grad(w, X_, y)
    for j in range(w.size):
        e = np.zeros(w.size)
        e[j] = 1.0
        plus, minus = losses.linear_mse(w + e, X_, y), losses.linear_mse(w - e, X_, y)
        assert (plus - minus) / 2 == pytest.approx(g[j], abs=1e-13 * (1 + plus + minus))


@settings(max_examples=60, deadline=None)
@given(problem=linear_problems())
def test_linear_mse_is_the_mse_of_the_predictions(problem):
    w, X_, y = problem
    assert losses.linear_mse(w, X_, y) == pytest.approx(losses.mse(X_ @ w, y), rel=1e-12, abs=1e-300)
    assert losses.linear_mae(w, X_, y) == pytest.approx(losses.mae(X_ @ w, y), rel=1e-12, abs=1e-300)


@given(z=st.floats(allow_nan=False))
def test_sigmoid_is_a_probability_and_symmetric(z):
    s = losses.sigmoid(z)
    assert 0.0 <= s <= 1.0
    assert s + losses.sigmoid(-z) == pytest.approx(1.0, abs=1e-15)


def test_rmse_stays_finite_where_only_the_mse_overflows():
    # d = ±2e200: the MSE 4e400 is beyond float range, its root 2e200 is not
    assert losses.rmse([1e200, -1e200], [-1e200, 1e200]) == pytest.approx(2e200)
    assert losses.rmse([3.0, 0.0], [0.0, 4.0]) == pytest.approx(np.sqrt((9 + 16) / 2))
