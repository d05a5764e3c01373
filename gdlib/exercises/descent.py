"""Checkers for the exercises of the gradient-descent notebook (03).

    check_gradient_descent(fn)   fn(grad, x0, lr, steps) -> x after `steps` updates x <- x - lr * grad(x),
                                 x0 a float or a numpy vector, left unchanged
    check_linreg_gradient(fn)    fn(w, b, x, y) -> the gradient (dL/dw, dL/db) of L = mean((w*x + b - y)**2),
                                 as a numpy array of shape (2,) or as a pair `return dL_dw, dL_db`
    check_matrix_update(fn)      fn(beta, X, y, lr) -> beta + (2*lr/n) X^T (y - X beta), n = len(X),
                                 for y of shape (n,) and Y of shape (n, m); beta left unchanged
    check_stable_lr(fn)          fn(x) -> 2 / lambda_max of the Hessian (2/n) X^T X, X = [1, x]

Besides the visible cases, every check draws fresh ones: functions that are not quadratics with
random starts, rates and step counts; data sets of random size with fractional values; random
numbers of rows, columns and outputs; features unevenly spaced and away from zero. A fresh case
is re-drawn until every mistake named below gives a clearly different answer on it, so floor
division, a sum for a mean or a count taken from the wrong array cannot pass by luck.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from gdlib.exercises._core import Case, array, cases, checker, distinct_case, fmt, judge, number, pair, wrong
from gdlib.i18n import N_, _

__all__ = [
    "check_gradient_descent",
    "check_linreg_gradient",
    "check_matrix_update",
    "check_stable_lr",
]


def _r(values, digits: int = 2):
    """Values rounded for printing: a label then shows exactly the numbers the function was given."""
    return np.round(np.asarray(values, dtype=float), digits)


def _text(values) -> str:
    """A short exact text of a vector, e.g. [0.5, -1.25]."""
    a = np.asarray(values, dtype=float)
    if a.ndim == 0:
        return repr(float(a) + 0.0)
    return "[" + ", ".join(repr(float(v) + 0.0) for v in a) + "]"  # + 0.0: no -0.0


def _show(got, want) -> str:
    """The judge's "returned X, expected Y" on one line, also for a matrix."""
    return " ".join(_("returned {got}, expected {want}").format(got=fmt(got, want), want=fmt(want, got)).split())


def _minus(var: str, c: float) -> str:
    """'w − 0.5', 'w + 0.5' or 'w': how a label writes var − c."""
    return var if c == 0 else f"{var} − {c}" if c > 0 else f"{var} + {-c}"


# --- 1. the loop -----------------------------------------------------------------------------


def _run(grad, x0, lr, steps, *, sign=-1.0, start=None, frozen_grad=False, restart=False, tol=None):
    """x after `steps` updates; the keywords make the plausible wrong loops."""
    x0 = np.array(x0, dtype=float)
    x = x0.copy() if start is None else np.full_like(x0, start)
    g0 = grad(x0.copy())
    for _step in range(steps):
        g = g0 if frozen_grad else grad(x)
        if tol is not None and np.linalg.norm(g) < tol:
            break
        x = (x0 if restart else x) + sign * lr * g
    return x


def _gd(grad, x0, lr, steps):
    return _run(grad, x0, lr, steps)


_GD_MISTAKES = [
    (N_("x never changed: assign the new value back, x = x - lr * grad(x), inside the loop"),
     lambda grad, x0, lr, steps: np.array(x0, dtype=float)),
    (N_("that is x after one step: `return x` sits inside the loop; put it after the loop"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, 1) if steps else None),  # a loop of 0 steps: no return
    (N_("you climbed uphill: the step goes against the gradient, x - lr * grad(x), not x + lr * grad(x)"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps, sign=+1.0)),
    (N_("every step starts again from x0 (x = x0 - lr * grad(x)); update the current x instead"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps, restart=True)),
    (N_("every step uses the gradient at the start x0; call grad(x) at the current x inside the loop"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps, frozen_grad=True)),
    (N_("your run starts at 0, not at x0: begin the loop from the x0 you are given"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps, start=0.0)),
    (N_("that is one step too few: make exactly `steps` updates, for _ in range(steps)"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps - 1)),
    (N_("that is one step too many: make exactly `steps` updates, for _ in range(steps)"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr, steps + 1)),
    (N_("the learning rate is missing: each step moves by lr times the gradient"),
     lambda grad, x0, lr, steps: _run(grad, x0, 1.0, steps)),
    (N_("that is the run with half the learning rate; multiply the gradient by lr itself"),
     lambda grad, x0, lr, steps: _run(grad, x0, lr / 2, steps)),
    (N_("that is the run with twice the learning rate; multiply the gradient by lr itself"),
     lambda grad, x0, lr, steps: _run(grad, x0, 2 * lr, steps)),
]


# Stopping early on a small gradient only shows on a run that gets there (the visible 60-step case):
# the fresh cases are not drawn to show it.
_GD_EARLY_STOP = [
    (N_("your loop stopped early, once the gradient was small (a `break` at {tol:g}?): the exercise asks for "
        "exactly `steps` updates, however small they get", tol=tol),
     lambda grad, x0, lr, steps, tol=tol: _run(grad, x0, lr, steps, tol=tol))
    for tol in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8)
]


def _named(fn: Callable, name: str) -> Callable:
    fn.__name__ = name  # how an error message names the argument: grad=grad
    return fn


def _gd_scalar_case(rng) -> Case:
    c = float(_r(rng.uniform(-2, 2))) + 0.0  # + 0.0: no -0.0 in a label
    x0 = float(_r(rng.uniform(-4, 4))) + 0.0
    lr, steps = float(_r(rng.uniform(0.1, 0.8))), int(rng.integers(3, 16))
    if rng.random() < 0.5:
        grad = _named(lambda w: (w - c) / np.sqrt(1.0 + (w - c) ** 2), "grad")
        what = f"√(1 + ({_minus('w', c)})²)"
    else:
        grad = _named(lambda w: np.tanh(w - c), "grad")
        what = f"log cosh({_minus('w', c)})"
    return Case((grad, x0, lr, steps), _("gradient_descent(grad of {what}, x0={x0}, lr={lr}, steps={steps})").format(
        what=what, x0=x0, lr=lr, steps=steps))


def _gd_vector_case(rng) -> Case:
    d = int(rng.integers(2, 5))
    c = _r(rng.uniform(-2, 2, d)) + 0.0
    x0 = _r(rng.uniform(-3, 3, d)) + 0.0
    lr, steps = float(_r(rng.uniform(0.1, 0.8))), int(rng.integers(3, 16))
    if rng.random() < 0.5:
        grad = _named(lambda x: 2 * (x - c) / (1.0 + np.sum((x - c) ** 2)), "grad")
        what = "log(1 + ‖x − c‖²)"
    else:
        grad = _named(lambda x: np.tanh(x - c) + 0.1 * (x - c) * np.abs(x - c), "grad")  # curvature ≤ 2 here
        what = "Σ log cosh(x − c) + Σ|x − c|³/30"
    return Case((grad, x0, lr, steps),
                _("gradient_descent(grad of {what} with c={c}, x0={x0}, lr={lr}, steps={steps})").format(
                    what=what, c=_text(c), x0=_text(x0), lr=lr, steps=steps))


def _gd_fresh() -> Callable:
    kinds = itertools.cycle([_gd_scalar_case, _gd_vector_case])  # both kinds among the fresh cases
    wrongs = [w for _hint, w in _GD_MISTAKES]
    return lambda rng: distinct_case(next(kinds), rng, _gd, wrongs, margin=1e-3)


def _gd_result(raw, case: Case):
    """The learner's x: a number for a float x0, an array of x0's shape for a vector."""
    _grad, x0, _lr, steps = case.args
    shape = np.shape(x0)
    if isinstance(raw, (list, tuple, np.ndarray)) and np.ndim(raw) >= 1 and len(raw) in (steps, steps + 1):
        try:
            rows = np.shape(np.asarray(raw, dtype=float))[1:]
        except (TypeError, ValueError):
            rows = None
        if rows == shape:
            raise wrong(_("{label} returned {n} values of x, the whole history; return only the last x").format(
                label=case.label, n=len(raw)))
    what = _("the x returned by {label}").format(label=case.label)
    return number(raw, what) if shape == () else array(raw, shape, what)


@checker(N_("your loop is right for a number and for a vector, on the visible cases and on fresh functions "
            "that are not quadratics, with random starts, rates and step counts; x0 stays unchanged"))
def check_gradient_descent(fn):
    """fn(grad, x0, lr, steps) should make `steps` updates x <- x - lr * grad(x) and return x, leaving x0 alone."""
    bowl = np.diag([1.0, 4.0])
    fixed = [
        Case((_named(lambda w: 2 * (w - 3.0), "grad"), 0.0, 0.1, 25),
             _("gradient_descent(grad of (w − 3)², x0=0.0, lr=0.1, steps=25)")),
        Case((_named(lambda x: bowl @ x, "grad"), np.array([1.0, 1.0]), 0.1, 10),
             _("gradient_descent(grad of ½(x₁² + 4x₂²), x0=[1.0, 1.0], lr=0.1, steps=10)")),
        # no steps at all: x0 itself comes back
        Case((_named(lambda w: 2 * (w - 3.0), "grad"), 1.5, 0.1, 0),
             _("gradient_descent(grad of (w − 3)², x0=1.5, lr=0.1, steps=0)")),
        # each step halves the distance to 3: the gradient falls below 1e-15 long before the last step
        Case((_named(lambda w: 2 * (w - 3.0), "grad"), -1.0, 0.25, 60),
             _("gradient_descent(grad of (w − 3)², x0=-1.0, lr=0.25, steps=60)")),
    ]
    return judge(fn, cases(fixed, _gd_fresh()), _gd, _gd_result, mistakes=_GD_MISTAKES + _GD_EARLY_STOP,
                 show=_show, otherwise=_("Each step is x = x - lr * grad(x), repeated `steps` times, starting from "
                                         "x0."))


# --- 2. linear regression, scalar form -----------------------------------------------------


def _linreg(w, b, x, y, *, two=2.0, intercept=True, reduce=np.mean, product_of_means=False):
    r = w * x + (b if intercept else 0.0) - y
    dw = two * np.mean(r) * np.mean(x) if product_of_means else two * reduce(r * x)
    return np.array([dw, two * reduce(r)], dtype=float)


def _linreg_grad(w, b, x, y):
    return _linreg(w, b, x, y)


def _each(fn: Callable) -> Callable:
    """A wrong answer that rounds each of the two right partials in some way."""
    return lambda w, b, x, y: np.array([fn(v) for v in _linreg(w, b, x, y)], dtype=float)


def _floor_mean(v):
    return np.sum(v) // len(v)


_LINREG_MISTAKES = [
    (N_("the sign is flipped: the error is prediction minus target, w * x + b - y (or put a minus in front "
        "of y - (w * x + b))"), lambda w, b, x, y: -_linreg(w, b, x, y)),
    (N_("exactly half: that is the gradient of ½·MSE (the lecture notes fold the 2 into the learning rate); "
        "here L is the MSE itself, so keep the 2 from differentiating the square"),
     lambda w, b, x, y: _linreg(w, b, x, y, two=1.0)),
    (N_("half, with the sign flipped: keep the 2 of the square, and use the error w * x + b - y"),
     lambda w, b, x, y: -_linreg(w, b, x, y, two=1.0)),
    (N_("you summed over the samples instead of averaging: L is a mean, so divide by n (np.mean)"),
     lambda w, b, x, y: _linreg(w, b, x, y, reduce=np.sum)),
    (N_("you summed over the samples instead of averaging, and dropped the 2: L is the mean of the squares"),
     lambda w, b, x, y: _linreg(w, b, x, y, two=1.0, reduce=np.sum)),
    (N_("you divided by n twice (np.mean already divides by n)"),
     lambda w, b, x, y: _linreg(w, b, x, y, reduce=lambda v: np.mean(v) / len(v))),
    (N_("you divided by n − 1; the mean divides by n"),
     lambda w, b, x, y: _linreg(w, b, x, y, reduce=lambda v: np.sum(v) / (len(v) - 1))),
    (N_("integer division (//) drops the fraction; divide with /"),
     lambda w, b, x, y: _linreg(w, b, x, y, reduce=_floor_mean)),
    (N_("integer division (//) drops the fraction; divide with /"),
     lambda w, b, x, y: _each(np.floor)(w, b, x, y)),
    (N_("int() cut off the fraction; return the partials unrounded"), _each(lambda v: float(int(v)))),
    (N_("the partials were rounded to whole numbers; return them unrounded"), _each(lambda v: float(round(v)))),
    (N_("your prediction forgot the intercept (절편): use ŷ = w·x + b, with the b you are given"),
     lambda w, b, x, y: _linreg(w, b, x, y, intercept=False)),
    (N_("the two partials are swapped: return dL/dw first, then dL/db"),
     lambda w, b, x, y: _linreg(w, b, x, y)[::-1]),
    (N_("dL/db has an extra factor x: ŷ = w·x + b, so the derivative of ŷ with respect to b is 1"),
     lambda w, b, x, y: _linreg(w, b, x, y)[[0, 0]]),
    (N_("dL/dw is missing the factor x: the derivative of ŷ = w·x + b with respect to w is x"),
     lambda w, b, x, y: _linreg(w, b, x, y)[[1, 1]]),
    (N_("dL/dw multiplies two means, mean(ŷ − y)·mean(x); the mean of a product is not the product of the "
        "means: multiply sample by sample, then "
        "average"), lambda w, b, x, y: _linreg(w, b, x, y, product_of_means=True)),
]


def _linreg_case(rng) -> Case:
    n = int(rng.integers(4, 10))
    x = _r(rng.uniform(-1, 6, n))                                # fractional, unequally spaced
    y = _r(rng.uniform(0.5, 3) * x + rng.uniform(-2, 2) + rng.normal(0, 0.8, n))
    w, b = float(_r(rng.uniform(-1, 3))), float(_r(rng.uniform(-2, 2)))
    return Case((w, b, x, y), f"linreg_gradient(w={w}, b={b}, x={_text(x)}, y={_text(y)})")


def _linreg_fresh(rng) -> Case:
    return distinct_case(_linreg_case, rng, _linreg_grad, [w for _hint, w in _LINREG_MISTAKES], margin=1e-3)


def _partial(value, name: str, case: Case) -> float:
    n = len(case.args[2])
    if isinstance(value, np.ndarray) and value.shape == (n,):
        raise wrong(_("in {label} your {name} is an array of {n} values, one per sample; a partial derivative "
                      "of the mean is one number: average over the samples (np.mean)").format(
                          label=case.label, name=name, n=n))
    return number(value, _("the {name} returned by {label}").format(name=name, label=case.label))


def _list_text(values: list) -> str:
    try:
        return fmt(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        return _("of {n} items").format(n=len(values))


def _linreg_result(raw, case: Case) -> np.ndarray:
    """The learner's gradient as an array [dL/dw, dL/db]: from a pair (tuple) or an array of shape (2,)."""
    if isinstance(raw, tuple):
        dw, db = pair(raw, ("dL_dw", "dL_db"))
        return np.array([_partial(dw, "dL/dw", case), _partial(db, "dL/db", case)])
    if isinstance(raw, list):
        raise wrong(_("{label} returned a list, {values}; the exercise asks for a numpy array, "
                      "np.array([dL_dw, dL_db]), which does arithmetic elementwise (0.1 * [a, b] is an error for a "
                      "list), or for the pair `return dL_dw, dL_db`").format(label=case.label, values=_list_text(raw)))
    if isinstance(raw, np.ndarray) and raw.ndim == 2 and raw.shape[0] == 2 and raw.shape[1] == len(case.args[2]):
        raise wrong(_("{label} returned an array of shape {shape}: each partial derivative of the mean "
                      "is one number; average over the samples (np.mean)").format(label=case.label, shape=raw.shape))
    return array(raw, (2,), _("the gradient returned by {label}").format(label=case.label))


@checker(N_("both partial derivatives are right, in the right order, on the visible data and on fresh random "
            "data sets of other sizes with fractional values"))
def check_linreg_gradient(fn):
    """fn(w, b, x, y) should return the gradient of the mean squared error of the line, dL/dw first."""
    x = np.array([0.5, 1.0, 2.0, 3.5, 4.0])
    y = np.array([2.1, 2.8, 5.2, 8.1, 9.0])
    fixed = [Case((w, b, x, y), f"linreg_gradient(w={w}, b={b}, x={_text(x)}, y={_text(y)})")
             for w, b in [(0.5, -1.0), (2.0, 1.5)]]
    return judge(fn, cases(fixed, _linreg_fresh), _linreg_grad, _linreg_result, mistakes=_LINREG_MISTAKES, show=_show,
                 otherwise=_("Differentiate the mean of (w·x + b − y)² with the chain rule: the outer square "
                             "gives 2·(w·x + b − y), the inner derivative is x for w and 1 for b; then average."))


# --- 3. linear regression, matrix form -----------------------------------------------------


def _step(beta, X, y, lr, *, n=None, two=2.0, sign=1.0):
    n = len(X) if n is None else n
    return beta + sign * two * lr / n * X.T @ (y - X @ beta)


def _matrix_update(beta, X, y, lr):
    return _step(beta, X, y, lr)


_MATRIX_MISTAKES = [
    (N_("you returned only the step; return β plus the step"),
     lambda beta, X, y, lr: _step(beta, X, y, lr) - beta),
    (N_("you returned the gradient of the loss, not the new β; the task is one step: β minus lr times the gradient"),
     lambda beta, X, y, lr: -2 / len(X) * X.T @ (y - X @ beta)),
    (N_("the step went uphill: with the residual y − Xβ the gradient is −(2/n)·Xᵀ(y − Xβ), so subtracting "
        "the gradient means adding (2·lr/n)·Xᵀ(y − Xβ): use + here, not −"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, sign=-1.0)),
    (N_("you divided by y.size, which counts every entry of y: with m outputs that is n·m. n is the number "
        "of samples, the rows of X: len(X)"), lambda beta, X, y, lr: _step(beta, X, y, lr, n=y.size)),
    (N_("you divided by X.size = n·p, every entry of X; n is the number of samples, the rows of X: len(X)"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, n=X.size)),
    (N_("you divided by p, the number of columns of X (one per parameter); n is the number of samples, "
        "the rows of X: len(X)"), lambda beta, X, y, lr: _step(beta, X, y, lr, n=X.shape[1])),
    (N_("you divided by n − 1; the loss is a mean over the n rows of X"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, n=len(X) - 1)),
    (N_("the step is half as long: the MSE's gradient has a factor 2 from the square"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, two=1.0)),
    (N_("the step is n times too long: the loss is a mean, divide by n = len(X)"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, n=1)),
    (N_("the step is n/2 times too long: keep the factor 2 and divide by n = len(X), the loss is a mean"),
     lambda beta, X, y, lr: _step(beta, X, y, lr, n=1, two=1.0)),
    (N_("the learning rate is missing from the step"), lambda beta, X, y, lr: _step(beta, X, y, 1.0)),
]


def _matrix_case(rng, outputs: int) -> Case:
    n, p = int(rng.integers(5, 16)), int(rng.integers(2, 5))
    X = np.column_stack([np.ones(n), _r(rng.uniform(-3, 3, (n, p - 1)))])
    shape = (p,) if outputs == 0 else (p, outputs)
    beta = _r(rng.uniform(-2, 2, shape))
    y = _r(X @ rng.uniform(-2, 2, shape) + rng.normal(0, 0.5, (n,) + shape[1:]))
    lr = float(np.round(rng.uniform(0.01, 0.2), 3))
    what = "y" if outputs == 0 else "Y"
    return Case((beta, X, y, lr), _("matrix_update(beta of shape {beta_shape}, X of shape {X_shape}, "
                                    "{what} of shape {y_shape}, lr={lr}) on fresh random data").format(
                                        beta_shape=beta.shape, X_shape=X.shape, what=what, y_shape=y.shape, lr=lr))


def _matrix_fresh() -> Callable:
    # one output (y of shape (n,)), then several (Y of shape (n, m)), where y.size ≠ n shows
    kinds = itertools.cycle([lambda rng: _matrix_case(rng, 0), lambda rng: _matrix_case(rng, int(rng.integers(2, 5)))])
    # on one output y.size is n: that mistake is right there by construction, so it is not re-drawn for
    wrongs = [w for hint, w in _MATRIX_MISTAKES if "y.size" not in hint]
    return lambda rng: distinct_case(next(kinds), rng, _matrix_update, wrongs, margin=1e-3)


def _matrix_result(raw, case: Case) -> np.ndarray:
    beta = case.args[0]
    return array(raw, beta.shape, _("the new β returned by {label}").format(label=case.label))


@checker(N_("your update is right for one output and for several, on the visible data and on fresh data "
            "with random numbers of rows, columns and outputs; beta stays unchanged"))
def check_matrix_update(fn):
    """fn(beta, X, y, lr) should return the new β after one gradient step on the MSE, leaving beta alone."""
    X = np.column_stack([np.ones(6), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [1.0, -1.0, 0.5, 2.0, 0.0, -0.5]])
    y = np.array([1.0, 2.5, 3.0, 6.5, 7.0, 9.5])
    Y = np.column_stack([y, -y + 1.0])
    fixed = [
        Case((np.array([0.5, 1.0, -0.5]), X, y, 0.05),
             _("matrix_update(beta=[0.5, 1.0, -0.5], X of shape (6, 3), y of shape (6,), lr=0.05)")),
        Case((np.array([[0.5, 0.0], [1.0, -1.0], [-0.5, 0.2]]), X, Y, 0.05),
             _("matrix_update(beta of shape (3, 2), X of shape (6, 3), Y of shape (6, 2), lr=0.05) with two outputs")),
    ]
    return judge(fn, cases(fixed, _matrix_fresh()), _matrix_update, _matrix_result,
                 mistakes=_MATRIX_MISTAKES, show=_show,
                 otherwise=_("Compute the residual r = y - X @ beta, then beta + 2 * lr / n * X.T @ r with n = "
                             "len(X)."))


# --- 4. a stable learning rate -------------------------------------------------------------


def _hessian(x, *, intercept=True, two=2.0, mean=True):
    x = np.asarray(x, dtype=float)
    X = np.column_stack([np.ones(len(x)), x]) if intercept else x[:, None]
    return two * X.T @ X / (len(x) if mean else 1)


def _eig(x, **kw) -> np.ndarray:
    return np.linalg.eigvalsh(_hessian(x, **kw))  # increasing order


def _stable_lr(x):
    return 2 / _eig(x)[-1]


_STABLE_MISTAKES = [
    (N_("you forgot the intercept (절편) column: the model is w·x + b, so X = [1, x] (data.add_intercept(x)) "
        "and the Hessian is 2×2"), lambda x: 2 / _eig(x, intercept=False)[-1]),
    (N_("you forgot the intercept (절편) column, and the 2 of the Hessian: X = [1, x] and H = (2/n)·XᵀX"),
     lambda x: 2 / _eig(x, intercept=False, two=1.0)[-1]),
    (N_("that is twice the answer: the MSE's Hessian is (2/n)·XᵀX, the 2 comes from the square"),
     lambda x: 2 / _eig(x, two=1.0)[-1]),
    (N_("that is half the answer: 1/λ_max is the best rate in the stiffest direction; the stability limit is "
        "2/λ_max"), lambda x: 1 / _eig(x)[-1]),
    (N_("that uses the smallest eigenvalue (eigvalsh lists them in increasing order, so [0] is the smallest): "
        "the stiffest direction, the largest λ, sets the limit"),
     lambda x: 2 / _eig(x)[0]),
    (N_("that is 2/(λ_min + λ_max), 2 over the trace of H: the rate that balances the two directions; the "
        "stability limit uses λ_max alone"),
     lambda x: 2 / np.sum(_eig(x))),
    (N_("the Hessian lost its 1/n: the loss is a mean, so H = (2/n)·XᵀX and your rate is n times too small"),
     lambda x: 2 / _eig(x, mean=False)[-1]),
    (N_("you returned λ_max itself; the learning rate is 2 divided by it"), lambda x: _eig(x)[-1]),
    (N_("integer division (//) drops the fraction; divide with /"), lambda x: 2 // _eig(x)[-1]),
]


def _stable_case(rng) -> Case:
    n = int(rng.integers(5, 30))
    gaps = rng.uniform(0.1, 2.0, n)                          # unequal spacing
    x = _r(rng.uniform(-10, 12) + np.cumsum(gaps))
    if abs(np.mean(x)) < 1.0:                                # away from zero: the intercept column matters
        x = _r(x + 3.0)
    x = rng.permutation(x)
    return Case((x,), _("stable_lr(x) for {n} fresh random points from {low:g} to {high:g}, unevenly "
                        "spaced, mean {mean:.3g}").format(n=n, low=x.min(), high=x.max(), mean=np.mean(x)))


def _stable_fresh(rng) -> Case:
    return distinct_case(_stable_case, rng, _stable_lr, [w for _hint, w in _STABLE_MISTAKES], margin=1e-3)


@checker(N_("your learning rate is right on the visible features and on fresh ones, unevenly spaced and "
            "away from zero"))
def check_stable_lr(fn):
    """fn(x) should return the largest stable learning rate of gradient descent on the MSE of a line w*x + b."""
    fixed = [
        Case((np.linspace(0.0, 5.0, 20),), _("stable_lr(x) for x = 20 evenly spaced points from 0 to 5")),
        Case((np.array([8.0, 9.5, 10.0, 11.0, 12.5, 9.0, 10.5]),),
             "stable_lr(x=[8.0, 9.5, 10.0, 11.0, 12.5, 9.0, 10.5])"),
    ]
    return judge(fn, cases(fixed, _stable_fresh), _stable_lr,
                 lambda raw, case: number(raw, _("the α returned by {label}").format(
                     label=case.label)), mistakes=_STABLE_MISTAKES,
                 otherwise=_("Build X = [1, x], H = (2/n) X.T @ X, and return 2 / (largest eigenvalue of H)."))
