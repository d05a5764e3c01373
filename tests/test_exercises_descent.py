"""The descent notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import descent
from gdlib.exercises._core import CORRECT

# --- 1. the loop -----------------------------------------------------------------------------


def gd(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def test_gd_solution_is_correct():
    fb = descent.check_gradient_descent.diagnose(gd)
    assert fb.status == CORRECT, fb


def test_gd_solution_with_numpy_array_is_correct():
    def gd_array(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        for _ in range(steps):
            x -= lr * grad(x)
        return x

    assert descent.check_gradient_descent.diagnose(gd_array).status == CORRECT


def test_gd_plus_instead_of_minus():
    def uphill(grad, x0, lr, steps):
        x = x0
        for _ in range(steps):
            x = x + lr * grad(x)
        return x

    assert_wrong(descent.check_gradient_descent, uphill, "uphill", "x − α·grad(x)")


def test_gd_never_assigns():
    def frozen(grad, x0, lr, steps):
        x = x0
        for _ in range(steps):
            x0 - lr * grad(x)
        return x

    assert_wrong(descent.check_gradient_descent, frozen, "never changed")


def test_gd_return_inside_loop():
    def early(grad, x0, lr, steps):
        x = x0
        for _ in range(steps):
            x = x - lr * grad(x)
            return x

    assert_wrong(descent.check_gradient_descent, early, "one step", "after the loop")


def test_gd_off_by_one():
    def one_more(grad, x0, lr, steps):
        return gd(grad, x0, lr, steps + 1)

    fb = assert_wrong(descent.check_gradient_descent, one_more, "26 steps")
    assert "range(steps)" in fb.message


def test_gd_wrong_step_size():
    def half(grad, x0, lr, steps):
        return gd(grad, x0, lr / 2, steps)

    assert_wrong(descent.check_gradient_descent, half, "α/2")


def test_gd_wrong_shape():
    def scalar(grad, x0, lr, steps):
        return float(np.sum(gd(grad, x0, lr, steps)))

    assert_wrong(descent.check_gradient_descent, scalar, "shape")


# --- 2. scalar linear-regression gradient -----------------------------------------------------


def linreg_grad(w, b, x, y):
    r = w * x + b - y
    return 2 * np.mean(r * x), 2 * np.mean(r)


def test_linreg_solution_is_correct():
    assert descent.check_linreg_gradient.diagnose(linreg_grad).status == CORRECT


def test_linreg_missing_factor_two():
    def half(w, b, x, y):
        r = w * x + b - y
        return np.mean(r * x), np.mean(r)

    assert_wrong(descent.check_linreg_gradient, half, "half", "½·MSE", "keep the 2")


def test_linreg_sign_flipped():
    def flipped(w, b, x, y):
        r = y - (w * x + b)
        return 2 * np.mean(r * x), 2 * np.mean(r)

    assert_wrong(descent.check_linreg_gradient, flipped, "sign is flipped")


@pytest.mark.parametrize("two", [1.0, 2.0])
def test_linreg_sum_instead_of_mean(two):
    def summed(w, b, x, y):
        r = w * x + b - y
        return two * np.sum(r * x), two * np.sum(r)

    assert_wrong(descent.check_linreg_gradient, summed, "5 times too large", "np.mean")


def test_linreg_forgot_intercept():
    def no_b(w, b, x, y):
        r = w * x - y
        return 2 * np.mean(r * x), 2 * np.mean(r)

    assert_wrong(descent.check_linreg_gradient, no_b, "intercept", "ŷ = w·x + b")


def test_linreg_swapped():
    def swapped(w, b, x, y):
        return linreg_grad(w, b, x, y)[::-1]

    assert_wrong(descent.check_linreg_gradient, swapped, "swapped")


def test_linreg_db_times_x():
    def db_x(w, b, x, y):
        dw, _ = linreg_grad(w, b, x, y)
        return dw, dw

    assert_wrong(descent.check_linreg_gradient, db_x, "dL/db has an extra ·x")


def test_linreg_dw_without_x():
    def dw_no_x(w, b, x, y):
        _, db = linreg_grad(w, b, x, y)
        return db, db

    assert_wrong(descent.check_linreg_gradient, dw_no_x, "missing the factor x")


def test_linreg_wrong_count():
    assert_wrong(descent.check_linreg_gradient, lambda w, b, x, y: 1.0, "shape")


# --- 3. matrix-form update ----------------------------------------------------------------


def matrix_update(beta, X, y, lr):
    return beta + 2 * lr / len(X) * X.T @ (y - X @ beta)


def test_matrix_solution_is_correct():
    assert descent.check_matrix_update.diagnose(matrix_update).status == CORRECT


def test_matrix_minus_instead_of_plus():
    def minus(beta, X, y, lr):
        return beta - 2 * lr / len(X) * X.T @ (y - X @ beta)

    assert_wrong(descent.check_matrix_update, minus, "uphill", "use + here")


def test_matrix_missing_two():
    def no_two(beta, X, y, lr):
        return beta + lr / len(X) * X.T @ (y - X @ beta)

    assert_wrong(descent.check_matrix_update, no_two, "half as long", "factor 2")


def test_matrix_missing_mean():
    def no_n(beta, X, y, lr):
        return beta + 2 * lr * X.T @ (y - X @ beta)

    assert_wrong(descent.check_matrix_update, no_n, "6 times too long", "Divide by n")


def test_matrix_returns_only_step():
    def step_only(beta, X, y, lr):
        return 2 * lr / len(X) * X.T @ (y - X @ beta)

    assert_wrong(descent.check_matrix_update, step_only, "only the step")


def test_matrix_single_output_only():
    def flat(beta, X, y, lr):
        return matrix_update(beta, X, y, lr).reshape(-1)

    assert_wrong(descent.check_matrix_update, flat, "two outputs", "shape")


def test_matrix_does_not_mutate_inputs_for_next_case():
    def in_place(beta, X, y, lr):
        beta += 2 * lr / len(X) * X.T @ (y - X @ beta)
        return beta

    assert descent.check_matrix_update.diagnose(in_place).status == CORRECT


# --- 4. stable learning rate ----------------------------------------------------------------


def stable_lr(x):
    X = np.column_stack([np.ones(len(x)), x])
    return 2 / np.linalg.eigvalsh(2 / len(x) * X.T @ X).max()


def test_stable_lr_solution_is_correct():
    assert descent.check_stable_lr.diagnose(stable_lr).status == CORRECT


def test_stable_lr_is_the_contraction_limit():
    # GD on the MSE of a line converges just below the returned rate and diverges just above it
    from gdlib import data, losses, optim

    x, y = data.line(30, seed=1)
    X = data.add_intercept(x)
    lr_max = stable_lr(x)

    def run(lr):
        grad = lambda beta: losses.linear_mse_grad(beta, X, y)  # noqa: E731
        return optim.descend(grad, np.zeros(2), optim.GradientDescent(lr), 3000, tol=1e-8)

    assert run(0.95 * lr_max).converged
    assert run(1.05 * lr_max).diverged


def test_stable_lr_forgot_intercept():
    def no_ones(x):
        return 2 / (2 * np.mean(x**2))

    assert_wrong(descent.check_stable_lr, no_ones, "intercept", "add_intercept")


def test_stable_lr_missing_two_in_hessian():
    def no_two(x):
        X = np.column_stack([np.ones(len(x)), x])
        return 2 / np.linalg.eigvalsh(X.T @ X / len(x)).max()

    assert_wrong(descent.check_stable_lr, no_two, "twice too large")


def test_stable_lr_one_over_lambda():
    assert_wrong(descent.check_stable_lr, lambda x: stable_lr(x) / 2, "half the answer", "2/λ_max")


def test_stable_lr_smallest_eigenvalue():
    def smallest(x):
        X = np.column_stack([np.ones(len(x)), x])
        return 2 / np.linalg.eigvalsh(2 / len(x) * X.T @ X).min()

    assert_wrong(descent.check_stable_lr, smallest, "smallest eigenvalue")


def test_stable_lr_sum_not_mean():
    def summed(x):
        X = np.column_stack([np.ones(len(x)), x])
        return 2 / np.linalg.eigvalsh(2 * X.T @ X).max()

    assert_wrong(descent.check_stable_lr, summed, "20 times too small")
