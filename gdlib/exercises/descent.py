"""Checkers for the exercises of the gradient-descent notebook (03).

    check_gradient_descent(fn)   fn(grad, x0, lr, steps) -> x after `steps` steps x -= lr*grad(x)
    check_linreg_gradient(fn)    fn(w, b, x, y) -> (dL/dw, dL/db) for L = mean((w*x + b - y)**2)
    check_matrix_update(fn)      fn(beta, X, y, lr) -> beta + (2*lr/n) X^T (y - X beta)
    check_stable_lr(fn)          fn(x) -> 2 / lambda_max of the Hessian (2/n) X^T X, X = [1, x]
"""

from __future__ import annotations

import numpy as np

from gdlib.exercises._core import as_array, as_float, call, checker

__all__ = [
    "check_gradient_descent",
    "check_linreg_gradient",
    "check_matrix_update",
    "check_stable_lr",
]


def _fmt(a) -> str:
    a = np.asarray(a, dtype=float)
    if a.size == 1:
        return f"{float(a):.6g}"
    return np.array2string(a, precision=5, suppress_small=True)


def _close(a, b) -> bool:
    return bool(np.allclose(a, b, rtol=1e-7, atol=1e-10))


# --- 1. the loop ---------------------------------------------------------------------------


def _run(grad, x0, lr, steps, sign=-1.0):
    x = np.asarray(x0, dtype=float)
    for _ in range(steps):
        x = x + sign * lr * grad(x)
    return x


@checker("your loop makes exactly `steps` updates x ← x − α·∇f(x) and returns the last x")
def check_gradient_descent(fn):
    """fn(grad, x0, lr, steps) should repeat x <- x - lr * grad(x) `steps` times and return x."""
    A = np.diag([1.0, 4.0])
    cases = [
        # (description, grad, x0, lr, steps)
        ("f(w) = (w − 3)²", lambda w: 2 * (w - 3), 0.0, 0.1, 25),
        ("f(x) = ½(x₁² + 4x₂²)", lambda x: A @ x, np.array([1.0, 1.0]), 0.1, 10),
    ]
    for what, grad, x0, lr, steps in cases:
        shape = np.shape(x0)
        raw = call(fn, grad, x0, lr, steps)
        what_x = "the returned x"
        got = as_float(raw, what_x) if shape == () else as_array(raw, shape, what_x)
        want = _run(grad, x0, lr, steps)
        if _close(got, want):
            continue
        head = (f"on {what} from x0 = {_fmt(x0)} with α = {lr}, {steps} steps "
                f"you returned {_fmt(got)}, expected {_fmt(want)}")
        if _close(got, _run(grad, x0, lr, steps, sign=+1.0)):
            return (f"{head}: you climbed uphill. The step goes against the gradient: "
                    f"x − α·grad(x), not x + α·grad(x)")
        if _close(got, x0):
            return (f"{head}: x never changed. Assign the new value back, "
                    f"x = x - lr * grad(x), inside the loop")
        if _close(got, _run(grad, x0, lr, 1)):
            return f"{head}: that is x after one step. Put `return x` after the loop, not inside it"
        for k in (steps - 1, steps + 1):
            if _close(got, _run(grad, x0, lr, k)):
                return (f"{head}: that is x after {k} steps. "
                        f"Make exactly `steps` updates (range(steps))")
        for scale, name in ((0.5, "α/2"), (2.0, "2α")):
            if _close(got, _run(grad, x0, scale * lr, steps)):
                return (f"{head}: that is the run with step size {name}. "
                        f"Multiply the gradient by lr itself")
        return f"{head}. Each step is x = x - lr * grad(x), repeated `steps` times"
    return None


# --- 2. linear regression, scalar form -----------------------------------------------------


def _linreg_grad(w, b, x, y, *, two=2.0, intercept=True, sign=1.0, reduce=np.mean):
    r = sign * ((w * x + (b if intercept else 0.0)) - y)
    return np.array([two * reduce(r * x), two * reduce(r)])


@checker("∂L/∂w = 2·mean((ŷ − y)·x) and ∂L/∂b = 2·mean(ŷ − y), with ŷ = w·x + b")
def check_linreg_gradient(fn):
    """fn(w, b, x, y) should return (dL/dw, dL/db) for L(w, b) = mean((w*x + b - y)**2)."""
    x = np.array([0.5, 1.0, 2.0, 3.5, 4.0])
    y = np.array([2.1, 2.8, 5.2, 8.1, 9.0])
    for w, b in [(0.5, -1.0), (2.0, 1.5)]:
        got = as_array(call(fn, w, b, x, y), (2,), "the pair (dL/dw, dL/db)")
        want = _linreg_grad(w, b, x, y)
        if _close(got, want):
            continue
        head = (f"at w = {w}, b = {b} you returned (dL/dw, dL/db) = {_fmt(got)}, "
                f"expected {_fmt(want)}")
        if _close(got, _linreg_grad(w, b, x, y, two=1.0)):
            return (f"{head}: exactly half. That is the gradient of ½·MSE (the source notes "
                    f"fold the 2 into the learning rate); here L is the MSE itself, so keep "
                    f"the 2 from differentiating the square")
        if _close(got, -want):
            return (f"{head}: the sign is flipped. Use the error ŷ − y (prediction minus "
                    f"target), or put a minus in front of y − ŷ")
        for two in (2.0, 1.0):
            if _close(got, _linreg_grad(w, b, x, y, two=two, reduce=np.sum)):
                return (f"{head}: {len(x)} times too large. "
                        f"Average over the samples (np.mean), don't sum them")
        if _close(got, _linreg_grad(w, b, x, y, intercept=False)):
            return f"{head}: your prediction forgot the intercept (절편). Use ŷ = w·x + b"
        if _close(got[::-1], want):
            return f"{head}: the two partials are swapped. Return (dL/dw, dL/db) in that order"
        if np.isclose(got[0], want[0]) and np.isclose(got[1], 2 * np.mean((w * x + b - y) * x)):
            return (f"{head}: dL/db has an extra ·x. ŷ = w·x + b, so ∂ŷ/∂b = 1 "
                    f"and dL/db = 2·mean(ŷ − y)")
        if np.isclose(got[1], want[1]) and np.isclose(got[0], want[1]):
            return f"{head}: dL/dw is missing the factor x. ∂ŷ/∂w = x, so dL/dw = 2·mean((ŷ − y)·x)"
        return f"{head}. Compute r = w*x + b - y, then return 2*mean(r*x), 2*mean(r)"
    return None


# --- 3. linear regression, matrix form -----------------------------------------------------


def _matrix_update(beta, X, y, lr, *, two=2.0, mean=True, sign=1.0):
    n = len(X) if mean else 1
    return beta + sign * two * lr / n * X.T @ (y - X @ beta)


@checker("β ← β + (2α/n)·Xᵀ(y − Xβ), for one output and for several")
def check_matrix_update(fn):
    """fn(beta, X, y, lr) should return beta + (2 * lr / n) * X.T @ (y - X @ beta)."""
    X1 = np.column_stack([
        np.ones(6), [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], [1.0, -1.0, 0.5, 2.0, 0.0, -0.5]
    ])
    y1 = np.array([1.0, 2.5, 3.0, 6.5, 7.0, 9.5])
    Y2 = np.column_stack([y1, -y1 + 1.0])
    cases = [
        ("one output", np.array([0.5, 1.0, -0.5]), y1),
        ("two outputs (y of shape (n, 2), β of shape (p, 2))",
         np.array([[0.5, 0.0], [1.0, -1.0], [-0.5, 0.2]]), Y2),
    ]
    lr = 0.05
    for what, beta, y in cases:
        got = as_array(call(fn, beta, X1, y, lr), beta.shape, f"with {what}, the new β")
        want = _matrix_update(beta, X1, y, lr)
        if _close(got, want):
            continue
        head = f"with {what}, α = {lr}: you returned β = {_fmt(got)}, expected {_fmt(want)}"
        if _close(got, _matrix_update(beta, X1, y, lr, sign=-1.0)):
            return (f"{head}: the step went uphill. With the residual y − Xβ the gradient "
                    f"is −(2/n)Xᵀ(y − Xβ), so subtracting the gradient means adding "
                    f"(2α/n)Xᵀ(y − Xβ): use + here, not −")
        if _close(got, _matrix_update(beta, X1, y, lr, two=1.0)):
            return (f"{head}: the step is half as long. "
                    f"The MSE's gradient has a factor 2: (2α/n)·Xᵀ(y − Xβ)")
        for two in (2.0, 1.0):
            if _close(got, _matrix_update(beta, X1, y, lr, two=two, mean=False)):
                return (f"{head}: the step is n = {len(X1)} times too long. "
                        f"Divide by n: the loss is a mean")
        if _close(got, want - beta):
            return f"{head}: you returned only the step. Return β plus the step"
        return f"{head}. Compute the residual r = y - X @ beta, then beta + 2 * lr / n * X.T @ r"
    return None


# --- 4. a stable learning rate -------------------------------------------------------------


def _stable_lr(x, *, intercept=True, two=2.0, numerator=2.0, which=-1, mean=True):
    X = np.column_stack([np.ones(len(x)), x]) if intercept else np.asarray(x, dtype=float)[:, None]
    H = two * X.T @ X / (len(x) if mean else 1)
    return numerator / np.linalg.eigvalsh(H)[which]


@checker("the largest stable α is 2/λ_max of the Hessian (2/n)XᵀX, with the intercept column in X")
def check_stable_lr(fn):
    """fn(x) should return 2 / lambda_max((2/n) X.T @ X) where X = [1, x] (ones column first)."""
    for x in (np.linspace(0.0, 5.0, 20), np.array([8.0, 9.5, 10.0, 11.0, 12.5, 9.0, 10.5])):
        got = as_float(call(fn, x), "the learning rate")
        want = _stable_lr(x)
        if np.isclose(got, want, rtol=1e-6):
            continue
        head = (f"for x of {len(x)} points with mean {np.mean(x):.3g} "
                f"you returned α = {got:.6g}, expected {want:.6g}")
        if np.isclose(got, _stable_lr(x, intercept=False), rtol=1e-6):
            return (f"{head}: you forgot the intercept (절편) column. The model is w·x + b, "
                    f"so X = [1, x] (data.add_intercept(x)) and the Hessian is 2×2")
        if np.isclose(got, _stable_lr(x, two=1.0), rtol=1e-6):
            return (f"{head}: twice too large. "
                    f"The MSE's Hessian is (2/n)XᵀX; the 2 comes from the square")
        if np.isclose(got, _stable_lr(x, numerator=1.0), rtol=1e-6):
            return (f"{head}: half the answer. 1/λ_max is the best rate in the stiffest "
                    f"direction; the limit is 2/λ_max")
        if np.isclose(got, _stable_lr(x, which=0), rtol=1e-6):
            return (f"{head}: that uses the smallest eigenvalue. "
                    f"The stiffest direction (largest λ) sets the limit")
        if np.isclose(got, _stable_lr(x, mean=False), rtol=1e-6):
            return (f"{head}: n = {len(x)} times too small. "
                    f"The loss is a mean, so the Hessian is (2/n)XᵀX")
        return (f"{head}. Build X = [1, x], H = (2/n) X.T @ X, "
                f"and return 2 / (largest eigenvalue of H)")
    return None
