"""The gradient-descent notebook's checkers (03): the mistakes each must name, the other right answers
each must accept, and fresh cases that change at every check and stay away from degenerate draws.
(test_exercises_contract.py tests what every checker promises: starters, crashes, hangs, types, tables.)"""

import functools

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib import data
from gdlib.exercises import descent
from gdlib.exercises._core import CORRECT, FRESH_CASES

FORMULA = set("=/·²√−←^*+")  # a correct message says what was tested, never the formula

# --- 1. the loop -----------------------------------------------------------------------------


def gd(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def gd_while(grad, x0, lr, steps):
    x, k = np.array(x0, dtype=float), 0
    while k < steps:
        x -= lr * grad(x)  # in place, but on a copy of x0
        k += 1
    return x


def gd_recursive(grad, x0, lr, steps):
    return x0 if steps == 0 else gd_recursive(grad, x0 - lr * grad(x0), lr, steps - 1)


def gd_np_copy(grad, x0, lr, steps):
    x = np.copy(x0)  # a 0-d array for a float x0
    for _ in range(1, steps + 1):
        x -= lr * grad(x)
    return x


def gd_reduce(grad, x0, lr, steps):
    return functools.reduce(lambda x, _: x - lr * grad(x), range(steps), x0)


def gd_with(n_steps=None, sign=-1.0, lr_scale=1.0):
    def run(grad, x0, lr, steps):
        x = x0
        for _ in range(steps if n_steps is None else n_steps(steps)):
            x = x + sign * lr_scale * lr * grad(x)
        return x
    return run


def gd_frozen(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x0 - lr * grad(x)
    return x


def gd_return_inside(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x - lr * grad(x)
        return x


def gd_restart(grad, x0, lr, steps):
    x = x0
    for _ in range(steps):
        x = x0 - lr * grad(x)
    return x


def gd_gradient_once(grad, x0, lr, steps):
    g, x = grad(x0), x0
    for _ in range(steps):
        x = x - lr * g
    return x


def gd_from_zero(grad, x0, lr, steps):
    x = 0.0 * np.asarray(x0, dtype=float)
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def gd_in_place(grad, x0, lr, steps):
    x = x0  # the same object: -= changes the caller's array
    for _ in range(steps):
        x -= lr * grad(x)
    return x


def gd_asarray_in_place(grad, x0, lr, steps):
    x = np.asarray(x0, dtype=float)  # no copy for a float array
    for _ in range(steps):
        x -= lr * grad(x)
    return x


def gd_history_list(grad, x0, lr, steps):
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - lr * grad(xs[-1]))
    return xs


def gd_history_array(grad, x0, lr, steps):
    return np.array(gd_history_list(grad, x0, lr, steps)[1:])


def gd_method_copy(grad, x0, lr, steps):
    x = x0.copy()  # a float has no .copy()
    for _ in range(steps):
        x = x - lr * grad(x)
    return x


def gd_float_only(grad, x0, lr, steps):
    return float(np.sum(gd(grad, x0, lr, steps)))


def gd_quadratic_shortcut(grad, x0, lr, steps):
    """Exact for an affine gradient A x + c (every visible case), wrong for anything else: the
    iterates are x* + (I - lr A)^steps (x0 - x*), with A and x* read off the gradient at x0."""
    x0 = np.atleast_1d(np.asarray(x0, dtype=float))
    d = len(x0)
    g0 = np.atleast_1d(grad(x0.reshape(-1)[0] if d == 1 and np.ndim(x0) == 1 else x0))
    A = np.column_stack([np.atleast_1d(grad(x0 + e)) - g0 for e in np.eye(d)]) if d > 1 else \
        np.array([[float(grad(x0[0] + 1.0) - grad(x0[0]))]])
    x_star = x0 - np.linalg.solve(A, g0)
    x = x_star + np.linalg.matrix_power(np.eye(d) - lr * A, steps) @ (x0 - x_star)
    return float(x[0]) if d == 1 else x


def gd_lookup(grad, x0, lr, steps):
    """Remembers the two visible cases' answers, guessed from their numbers."""
    if np.ndim(x0) == 0 and x0 == 0.0 and lr == 0.1 and steps == 25:
        return 3.0 - 3.0 * 0.8**25
    if np.ndim(x0) == 1 and list(x0) == [1.0, 1.0] and lr == 0.1 and steps == 10:
        return np.array([0.9**10, 0.6**10])
    return x0  # anything else: a guess


@pytest.mark.parametrize("fn", [gd, gd_while, gd_recursive, gd_np_copy, gd_reduce])
def test_gd_right_answers_pass(fn):
    fb = descent.check_gradient_descent.diagnose(fn)
    assert fb.status == CORRECT, fb
    assert not FORMULA & set(fb.message)


@pytest.mark.parametrize(("fn", "words"), [
    (gd_with(sign=+1.0), ["climbed uphill", "x - lr * grad(x)"]),
    (gd_frozen, ["never changed"]),
    (gd_return_inside, ["after one step", "after the loop"]),
    (gd_with(n_steps=lambda k: k + 1), ["one step too many", "range(steps)"]),
    (gd_with(n_steps=lambda k: k - 1), ["one step too few", "range(steps)"]),
    (gd_restart, ["starts again from x0"]),
    (gd_gradient_once, ["gradient at the start x0", "inside the loop"]),
    (gd_from_zero, ["starts at 0"]),
    (lambda grad, x0, lr, steps: gd(grad, x0, 1.0, steps), ["learning rate is missing"]),
    (gd_with(lr_scale=0.5), ["half the learning rate"]),
    (gd_with(lr_scale=2.0), ["twice the learning rate"]),
    (gd_in_place, ["in place", "`x0`"]),
    (gd_asarray_in_place, ["in place", "`x0`"]),
    (gd_history_list, ["whole history", "only the last x"]),
    (gd_history_array, ["whole history"]),
    (gd_method_copy, ["AttributeError", "dtype=float)"]),
    (gd_float_only, ["single number", "shape (2,)"]),
    (gd_lookup, ["expected"]),
])
def test_gd_mistakes_are_named(fn, words):
    assert_wrong(descent.check_gradient_descent, fn, *words)


def test_gd_a_shortcut_exact_only_for_quadratics_fails_on_the_fresh_functions():
    bowl = np.diag([1.0, 4.0])
    # it is right on both visible (quadratic) cases: closed forms from the contraction factors
    assert np.isclose(gd_quadratic_shortcut(lambda w: 2 * (w - 3.0), 0.0, 0.1, 25), 3 - 3 * 0.8**25)
    assert np.allclose(gd_quadratic_shortcut(lambda x: bowl @ x, np.ones(2), 0.1, 10), [0.9**10, 0.6**10])
    fb = assert_wrong(descent.check_gradient_descent, gd_quadratic_shortcut, "expected")
    assert "(w − 3)²" not in fb.message and "4x₂²" not in fb.message  # a fresh, non-quadratic case failed


# --- 2. scalar linear-regression gradient -----------------------------------------------------


def linreg_pair(w, b, x, y):
    r = w * x + b - y
    return 2 * np.mean(r * x), 2 * np.mean(r)


def linreg_array(w, b, x, y):
    return np.array(linreg_pair(w, b, x, y))


def linreg_loop(w, b, x, y):
    dw = db = 0.0
    for xi, yi in zip(x, y, strict=True):
        e = w * xi + b - yi
        dw += 2 * e * xi
        db += 2 * e
    return float(dw / len(x)), float(db / len(x))


def linreg_matrix(w, b, x, y):
    X = np.column_stack([x, np.ones_like(x)])
    return 2 / len(x) * X.T @ (X @ np.array([w, b]) - y)


def linreg_dot(w, b, x, y):
    r = w * x + b - y
    return np.array([np.dot(r, x), r.sum()]) * 2 / len(x)


def lg(dw, db, reduce=np.mean, intercept=True):
    """A wrong answer built from the residual: dw(r, x, reduce), db(r, reduce)."""
    def fn(w, b, x, y):
        r = w * x + (b if intercept else 0.0) - y
        return dw(r, x, reduce), db(r, reduce)
    return fn


TWO_DW, TWO_DB = (lambda r, x, m: 2 * m(r * x)), (lambda r, m: 2 * m(r))


@pytest.mark.parametrize("fn", [linreg_pair, linreg_array, linreg_loop, linreg_matrix, linreg_dot])
def test_linreg_right_answers_pass(fn):
    fb = descent.check_linreg_gradient.diagnose(fn)
    assert fb.status == CORRECT, fb
    assert not FORMULA & set(fb.message)


@pytest.mark.parametrize(("fn", "words"), [
    (lg(lambda r, x, m: m(r * x), lambda r, m: m(r)), ["exactly half", "½·MSE", "keep the 2"]),
    (lg(lambda r, x, m: -2 * m(r * x), lambda r, m: -2 * m(r)), ["sign is flipped"]),
    (lg(lambda r, x, m: -m(r * x), lambda r, m: -m(r)), ["half, with the sign flipped"]),
    (lg(TWO_DW, TWO_DB, reduce=np.sum), ["summed over the samples", "np.mean"]),
    (lg(lambda r, x, m: m(r * x), lambda r, m: m(r), reduce=np.sum), ["summed", "dropped the 2"]),
    (lg(TWO_DW, TWO_DB, reduce=lambda v: np.mean(v) / len(v)), ["divided by n twice"]),
    (lg(TWO_DW, TWO_DB, reduce=lambda v: np.sum(v) / (len(v) - 1)), ["n − 1"]),
    (lambda w, b, x, y: tuple(2 * np.sum(v) // len(x) for v in ((w * x + b - y) * x, w * x + b - y)),
     ["integer division (//)"]),
    (lg(TWO_DW, TWO_DB, reduce=lambda v: np.sum(v) // len(v)), ["integer division (//)"]),
    (lambda w, b, x, y: tuple(int(v) for v in linreg_pair(w, b, x, y)), ["int()"]),
    (lambda w, b, x, y: tuple(round(v) for v in linreg_pair(w, b, x, y)), ["rounded to whole numbers"]),
    (lg(TWO_DW, TWO_DB, intercept=False), ["forgot the intercept", "ŷ = w·x + b"]),
    (lambda w, b, x, y: linreg_pair(w, b, x, y)[::-1], ["swapped", "dL/dw first"]),
    (lambda w, b, x, y: (linreg_pair(w, b, x, y)[0],) * 2, ["dL/db has an extra factor x"]),
    (lg(lambda r, x, m: 2 * m(r), TWO_DB), ["dL/dw is missing the factor x"]),
    (lg(lambda r, x, m: 2 * m(r) * m(x), TWO_DB), ["product of the means"]),
    (lambda w, b, x, y: list(linreg_pair(w, b, x, y)), ["list", "np.array([dL_dw, dL_db])"]),
    (lg(lambda r, x, m: 2 * r * x, lambda r, m: 2 * r), ["one per sample", "np.mean"]),
    (lambda w, b, x, y: np.array([2 * (w * x + b - y) * x, 2 * (w * x + b - y)]), ["shape (2,", "average"]),
    (lambda w, b, x, y: linreg_pair(w, b, x, y)[0], ["shape (2,)", "single number"]),
    (lambda w, b, x, y: (*linreg_pair(w, b, x, y), 0.0), ["two results"]),
])
def test_linreg_mistakes_are_named(fn, words):
    assert_wrong(descent.check_linreg_gradient, fn, *words)


def test_linreg_floor_division_is_caught_only_by_fractional_data():
    # on data whose partials are whole numbers, floor division agrees with the right answer, so the
    # checker's fresh cases must be fractional: 2·mean over x = (1, 2), y = (0, 0) at w = 1, b = 0 is (5, 3)
    x, y = np.array([1.0, 2.0]), np.array([0.0, 0.0])
    assert linreg_pair(1.0, 0.0, x, y) == (5.0, 3.0)
    floor = lambda w, b, x, y: tuple(2 * np.sum(v) // len(x) for v in ((w * x + b - y) * x, w * x + b - y))  # noqa: E731
    assert floor(1.0, 0.0, x, y) == (5.0, 3.0)
    assert_wrong(descent.check_linreg_gradient, floor, "integer division")


# --- 3. matrix-form update ----------------------------------------------------------------


def matrix_update(beta, X, y, lr):
    return beta + 2 * lr / len(X) * X.T @ (y - X @ beta)


def matrix_copy_in_place(beta, X, y, lr):
    new = beta.copy()
    new += 2 * lr / X.shape[0] * X.T @ (y - X @ beta)
    return new


def matrix_by_gradient(beta, X, y, lr):
    grad = -2 / y.shape[0] * np.dot(X.T, y - np.dot(X, beta))
    return beta - lr * grad


def matrix_column_by_column(beta, X, y, lr):
    if y.ndim == 1:
        return matrix_update(beta, X, y, lr)
    return np.column_stack([matrix_update(beta[:, j], X, y[:, j], lr) for j in range(y.shape[1])])


def mu(n=lambda X, y, beta: len(X), two=2.0, sign=1.0, lr_used=None):
    def fn(beta, X, y, lr):
        step = lr if lr_used is None else lr_used
        return beta + sign * two * step / n(X, y, beta) * X.T @ (y - X @ beta)
    return fn


def matrix_in_place(beta, X, y, lr):
    beta += 2 * lr / len(X) * X.T @ (y - X @ beta)
    return beta


@pytest.mark.parametrize("fn", [matrix_update, matrix_copy_in_place, matrix_by_gradient, matrix_column_by_column])
def test_matrix_right_answers_pass(fn):
    fb = descent.check_matrix_update.diagnose(fn)
    assert fb.status == CORRECT, fb
    assert not FORMULA & set(fb.message)


@pytest.mark.parametrize(("fn", "words"), [
    (mu(sign=-1.0), ["uphill", "use + here"]),
    (mu(two=1.0), ["half as long", "factor 2"]),
    (mu(n=lambda X, y, beta: 1), ["n times too long", "len(X)"]),
    (mu(n=lambda X, y, beta: 1, two=1.0), ["n/2 times too long"]),
    (mu(n=lambda X, y, beta: y.size), ["y.size", "number of samples", "len(X)"]),
    (mu(n=lambda X, y, beta: X.size), ["X.size", "len(X)"]),
    (mu(n=lambda X, y, beta: len(beta)), ["number of columns of X", "len(X)"]),
    (mu(n=lambda X, y, beta: X.shape[1]), ["number of columns of X"]),
    (mu(n=lambda X, y, beta: len(X) - 1), ["n − 1"]),
    (mu(lr_used=1.0), ["learning rate is missing"]),
    (lambda beta, X, y, lr: matrix_update(beta, X, y, lr) - beta, ["only the step"]),
    (lambda beta, X, y, lr: -2 / len(X) * X.T @ (y - X @ beta), ["returned the gradient"]),
    (matrix_in_place, ["in place", "`beta`"]),
    (lambda beta, X, y, lr: matrix_update(beta, X, y, lr).reshape(-1), ["two outputs", "shape (3, 2)"]),
    (lambda beta, X, y, lr: np.mean(2 * lr * (y - X @ beta)[:, None] * X, axis=0) + beta, ["raised ValueError"]),
])
def test_matrix_mistakes_are_named(fn, words):
    assert_wrong(descent.check_matrix_update, fn, *words)


def test_matrix_y_size_is_not_called_a_missing_factor_two():
    # the issue: with two outputs y.size = 2n halves the step, which looked like "missing factor 2"
    fb = assert_wrong(descent.check_matrix_update, mu(n=lambda X, y, beta: y.size), "y.size")
    assert "factor 2" not in fb.message and "half" not in fb.message


# --- 4. stable learning rate ----------------------------------------------------------------


def stable_lr(x):
    X = np.column_stack([np.ones(len(x)), x])
    return 2 / np.linalg.eigvalsh(2 / len(x) * X.T @ X).max()


def stable_lr_closed_form(x):
    # the 2×2 Hessian 2·[[1, m], [m, q]], m = mean x, q = mean x²: its larger eigenvalue in closed form
    m, q = np.mean(x), np.mean(x**2)
    lam = (1 + q) + np.sqrt((1 + q) ** 2 - 4 * (q - m**2))
    return 2 / lam


def stable_lr_gram(x):
    X = data.add_intercept(x)
    return 2 / np.linalg.eigvalsh(2 / len(x) * X @ X.T)[-1]  # X Xᵀ has the same nonzero eigenvalues


def stable_lr_norm(x):
    X = np.column_stack([x, np.ones_like(x)])
    return 2 / np.linalg.norm(2 / len(x) * X.T @ X, 2)


def stable_lr_eigvals_max(x):
    X = data.add_intercept(x)
    return 2 / max(np.linalg.eigvals(2 / len(X) * X.T @ X).real)


def hessian(x, ones=True, two=2.0, mean=True):
    X = np.column_stack([np.ones(len(x)), x]) if ones else np.asarray(x)[:, None]
    return two * X.T @ X / (len(x) if mean else 1)


def center_in_place(x):
    x -= x.mean()
    return stable_lr(x)


@pytest.mark.parametrize("fn", [stable_lr, stable_lr_closed_form, stable_lr_gram, stable_lr_norm,
                                stable_lr_eigvals_max])
def test_stable_lr_right_answers_pass(fn):
    fb = descent.check_stable_lr.diagnose(fn)
    assert fb.status == CORRECT, fb
    assert not FORMULA & set(fb.message)


@pytest.mark.parametrize(("fn", "words"), [
    (lambda x: 2 / (2 * np.mean(x**2)), ["intercept", "add_intercept"]),
    (lambda x: 2 / np.mean(x**2), ["intercept", "and the 2"]),
    (lambda x: 2 / np.linalg.eigvalsh(hessian(x, two=1.0))[-1], ["twice the answer"]),
    (lambda x: 1 / np.linalg.eigvalsh(hessian(x))[-1], ["half the answer", "2/λ_max"]),
    (lambda x: 2 / np.linalg.eigvalsh(hessian(x))[0], ["smallest eigenvalue"]),
    (lambda x: 2 / np.trace(hessian(x)), ["2/(λ_min + λ_max)", "λ_max alone"]),
    (lambda x: 2 / np.linalg.eigvalsh(hessian(x, mean=False))[-1], ["n times too small"]),
    (lambda x: np.linalg.eigvalsh(hessian(x))[-1], ["λ_max itself"]),
    (lambda x: 2 // np.linalg.eigvalsh(hessian(x))[-1], ["integer division"]),
    (lambda x: 2 / np.linalg.eigvalsh(hessian(x)), ["single number", "shape (2,)"]),
    (center_in_place, ["in place", "`x`"]),
    (lambda x: 0.107467, ["expected"]),
])
def test_stable_lr_mistakes_are_named(fn, words):
    assert_wrong(descent.check_stable_lr, fn, *words)


def test_stable_lr_is_the_contraction_limit():
    # GD on the MSE of a line converges just below the returned rate and diverges just above it
    from gdlib import losses, optim

    x, y = data.line(30, seed=1)
    X = data.add_intercept(x)
    lr_max = stable_lr(x)

    def run(lr):
        grad = lambda beta: losses.linear_mse_grad(beta, X, y)  # noqa: E731
        return optim.descend(grad, np.zeros(2), optim.GradientDescent(lr), 3000, tol=1e-8)

    assert run(0.95 * lr_max).converged
    assert run(1.05 * lr_max).diverged


# --- the fresh cases --------------------------------------------------------------------------


def fresh_args(check, solution, checks=1):
    """The arguments of the fresh cases the checker gave (the last calls of each check), over `checks` checks."""
    seen = []
    for _ in range(checks):
        calls = []

        def spy(*args, calls=calls):
            calls.append(args)
            return solution(*args)

        assert check.diagnose(spy).status == CORRECT
        seen.append(calls[-FRESH_CASES:])
    return seen


def _numbers(args):
    return [np.asarray(a).tolist() for a in args if not callable(a)]


@pytest.mark.parametrize(("check", "solution"), [
    (descent.check_gradient_descent, gd),
    (descent.check_linreg_gradient, linreg_array),
    (descent.check_matrix_update, matrix_update),
    (descent.check_stable_lr, stable_lr),
])
def test_fresh_cases_change_at_every_check(check, solution):
    first, second = fresh_args(check, solution, checks=2)
    assert len(first) == len(second) == 3
    assert [_numbers(a) for a in first] != [_numbers(a) for a in second]


def test_gd_fresh_cases_are_scalar_and_vector_non_quadratic_with_random_rates_and_steps():
    draws = [args for check in fresh_args(descent.check_gradient_descent, gd, checks=10) for args in check]
    dims = {np.ndim(x0) for _, x0, _, _ in draws}
    assert dims == {0, 1}
    assert len({lr for _, _, lr, _ in draws}) > 5 and len({steps for *_, steps in draws}) > 3
    for grad, x0, lr, steps in draws:
        a = np.asarray(x0, dtype=float)
        mid = grad(a + 0.5)
        assert not np.allclose(grad(a) + grad(a + 1.0), 2 * mid)  # the gradient is not affine: f is no quadratic
        assert steps >= 3 and 0 < lr < 1


def test_linreg_fresh_data_is_fractional_unevenly_spaced_and_of_random_size():
    draws = [args for check in fresh_args(descent.check_linreg_gradient, linreg_array, checks=10) for args in check]
    assert len({len(x) for _, _, x, _ in draws}) > 2
    for w, b, x, y in draws:
        assert len(x) == len(y) and len(x) >= 4
        assert np.ptp(np.diff(np.sort(x))) > 1e-3  # not equally spaced
        partials = linreg_array(w, b, x, y)
        assert np.all(np.abs(partials - np.round(partials)) > 1e-4)  # floor division and int() would show


def test_matrix_fresh_cases_have_one_and_several_outputs_of_random_shapes():
    draws = [args for check in fresh_args(descent.check_matrix_update, matrix_update, checks=8) for args in check]
    assert {y.ndim for _, _, y, _ in draws} == {1, 2}
    assert len({X.shape for _, X, _, _ in draws}) > 3
    for beta, X, y, _ in draws:
        assert np.all(X[:, 0] == 1.0) and X.shape[0] > X.shape[1]  # intercept column first, more rows than columns
        assert len(X) == len(y) and beta.shape[0] == X.shape[1]
        if y.ndim == 2:
            assert y.shape[1] >= 2 and y.size != len(X) and beta.shape == (X.shape[1], y.shape[1])


def test_stable_lr_fresh_features_are_uneven_and_away_from_zero():
    draws = [args[0] for check in fresh_args(descent.check_stable_lr, stable_lr, checks=10) for args in check]
    assert len({len(x) for x in draws}) > 3
    for x in draws:
        assert abs(np.mean(x)) >= 1.0
        assert np.ptp(np.diff(np.sort(x))) > 1e-3
        # without the ones column the answer is clearly different: the intercept mistake shows
        assert not np.isclose(1 / np.mean(x**2), stable_lr(x), rtol=1e-3)


@pytest.mark.parametrize(("table", "draw", "answer"), [
    (descent._GD_MISTAKES, lambda rng: descent._gd_fresh()(rng), descent._gd),
    (descent._LINREG_MISTAKES, descent._linreg_fresh, descent._linreg_grad),
    (descent._STABLE_MISTAKES, descent._stable_fresh, descent._stable_lr),
    # y.size is n for one output: that mistake is right there, and shows on the cases with several outputs
    ([m for m in descent._MATRIX_MISTAKES if "y.size" not in m[0]], lambda rng: descent._matrix_fresh()(rng),
     descent._matrix_update),
], ids=["gradient_descent", "linreg_gradient", "stable_lr", "matrix_update"])
def test_no_fresh_case_lets_a_named_mistake_pass(table, draw, answer):
    rng = np.random.default_rng(2024)
    for _ in range(60):
        case = draw(rng)
        want = answer(*case.args)
        for hint, wrong_answer in table:
            assert not np.allclose(wrong_answer(*case.args), want, rtol=1e-6), (hint, case.label)


def test_matrix_fresh_cases_with_several_outputs_show_the_y_size_mistake():
    fresh = descent._matrix_fresh()
    rng = np.random.default_rng(7)
    several = [case for case in (fresh(rng) for _ in range(40)) if case.args[2].ndim == 2]
    assert several
    for case in several:
        beta, X, y, lr = case.args
        assert not np.allclose(mu(n=lambda X, y, beta: y.size)(beta, X, y, lr), descent._matrix_update(*case.args))


def test_linreg_docstrings_do_not_give_the_gradient_away():
    text = (descent.__doc__ or "") + (descent.check_linreg_gradient.__doc__ or "")
    assert "mean(r * x)" not in text and "2 * mean" not in text and "2*mean" not in text
