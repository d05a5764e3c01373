"""Models, their losses and the gradients of those losses, in the matrix form.

Linear regression: y_hat = X @ w (put a column of ones in X for the intercept).

    MSE(w) = (1/n) ||y - Xw||²           ∇MSE = -(2/n) Xᵀ(y - Xw)
    MAE(w) = (1/n) sum |y_i - x_iᵀw|     ∇MAE = -(1/n) Xᵀ sign(y - Xw)

Logistic regression: p = sigmoid(X @ w), labels y in {0, 1}.

    BCE(w) = -(1/n) sum [y log p + (1 - y) log(1 - p)]     ∇BCE = (1/n) Xᵀ(p - y)

Each function takes (w, X, y) so the same code serves the full data set and a
mini-batch. The shapes must line up exactly (nothing is broadcast):

    X (n, p)    w (p,)     y (n,)        one output
    X (n, p)    w (p, m)   y (n, m)      m outputs: column k of w is the model of column k of y

With m outputs the sums run over all n·m entries and are still divided by n, so the loss
is the sum of the m single-output losses and each column of the gradient is that
output's own gradient (the formulas above, unchanged).

nan or inf in w, X or y is an error that names the argument. Finite arguments so large
that the numbers leave floating-point range give a loss of inf (the training loops read
that as divergence), never nan; where a gradient cannot be computed, that is an error.

mse, mae and rmse compare predictions with targets directly: y_hat and y of the same
shape, averaged over every entry.
"""

from __future__ import annotations

import math

import numpy as np

from gdlib._validate import array, binary, rows_match
from gdlib.i18n import _

__all__ = [
    "mse",
    "mae",
    "rmse",
    "linear_mse",
    "linear_mse_grad",
    "linear_mae",
    "linear_mae_grad",
    "sigmoid",
    "logistic_bce",
    "logistic_bce_grad",
]


# --- argument checks (cheap: these functions run inside training loops) ----------------------------


def _floats(name: str, value, owner: str) -> np.ndarray:
    """value as a float array, without a copy when it already is one.

    Whole-number arrays cannot hold nan or inf; a float array's nan/inf are found later,
    in one pass over the residual or the scores, not here (see _residual).
    """
    if type(value) is np.ndarray:
        if value.dtype == np.float64:
            return value
        if value.dtype.kind in "iub":
            return value.astype(float)
    return array(name, value, owner=owner, min_size=0)  # lists, scalars...: converted and checked in full


def _name_the_nonfinite(owner: str, **arrays: np.ndarray) -> None:
    """Raise the ValueError that names the first argument holding nan or inf (if any does)."""
    for name, value in arrays.items():
        array(name, value, owner=owner, min_size=0)


def _linear_args(w, X, y, owner: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(w, X, y) as float arrays of shapes that line up: X (n, p); w (p,) and y (n,), or w (p, m) and y (n, m)."""
    X = _floats("X", X, owner)
    w = _floats("w", w, owner)
    y = _floats("y", y, owner)
    if X.ndim != 2 or 0 in X.shape:
        hint = _("; for one feature x use data.add_intercept(x), or x[:, None] for no intercept") if X.ndim == 1 else ""
        raise ValueError(_("{owner}: X must be a 2-D array (n examples, p features) with n, p >= 1, "
                           "got X.shape={X_shape}{hint}").format(owner=owner, X_shape=X.shape, hint=hint))
    n, p = X.shape
    if w.ndim not in (1, 2) or len(w) != p or w.size == 0:
        raise ValueError(_("{owner}: w must have one row per column of X: X has {p} columns, so w must have "
                           "shape ({p},) for one output or ({p}, m) for m outputs, got w.shape={w_shape}").format(
                               owner=owner, p=p, w_shape=w.shape))
    if y.ndim >= 1:
        rows_match("X", X, "y", y, owner=owner)
    want = (n,) + w.shape[1:]  # the shape of X @ w
    if y.shape != want:
        if w.ndim == 1 and y.ndim == 2:
            hint = _("; a y of shape (n, {k}) needs w of shape ({p}, {k}) (or flatten y: y.ravel())").format(
                k=y.shape[1], p=p)
        elif w.ndim == 2 and y.ndim == 1:
            hint = _("; for one output use w of shape ({p},), or give y the shape ({n}, {m})").format(
                p=p, n=n, m=w.shape[1])
        else:
            hint = ""
        raise ValueError(_("{owner}: y must have the shape of the predictions X @ w, {want}, "
                           "got y.shape={y_shape}{hint}").format(owner=owner, want=want, y_shape=y.shape, hint=hint))
    return w, X, y


def _overflowed(owner: str, what: str, values: np.ndarray, *, inf_ok: bool) -> None:
    """Finite arguments, yet the values left float range: nan (inf - inf) is never a number to
    return; ±inf is kept where the result is still right (a loss of inf: the run diverged)."""
    bad = np.isnan(values) if inf_ok else ~np.isfinite(values)
    if np.any(bad):
        raise ValueError(_("{owner}: {what} overflows floating point (beyond ±1.8e308): w, X or y is far too "
                           "large (a diverging run? try a smaller learning rate)").format(owner=owner, what=what))


def _residual(w, X, y, owner: str, *, inf_ok: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """X and the residual r = y - Xw, after checking the arguments.

    A nan or inf anywhere in w, X or y reaches r, so one pass over r (n numbers, not n·p)
    tells whether all the data were finite; only when it says no are the arguments searched.
    """
    w, X, y = _linear_args(w, X, y, owner)
    r = y - X @ w
    if not math.isfinite(np.vdot(r, r)):
        _name_the_nonfinite(owner, w=w, X=X, y=y)
        _overflowed(owner, "y - X @ w", r, inf_ok=inf_ok)
    return X, r


def _scores_and_labels(w, X, y, owner: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X, the scores z = Xw and the labels y (all 0 or 1), after checking the arguments."""
    w, X, y = _linear_args(w, X, y, owner)
    z = X @ w
    if not math.isfinite(np.vdot(z, z)):
        _name_the_nonfinite(owner, w=w, X=X)
        _overflowed(owner, "X @ w", z, inf_ok=True)  # sigmoid(±inf) is exactly 1 or 0
    if np.count_nonzero(y * (1 - y)):  # y(1 - y) is 0 exactly when y is 0 or 1 (nan and inf give nonzero)
        binary("y", y, owner=owner)
    return X, z, y


def _pair(y_hat, y, owner: str) -> tuple[np.ndarray, np.ndarray]:
    """Predictions and targets of exactly the same shape, with at least one entry."""
    y_hat = _floats("y_hat", y_hat, owner)
    y = _floats("y", y, owner)
    if y_hat.shape != y.shape:
        shapes = {y_hat.shape, y.shape}
        column = any(len(s) == 2 and s[1] == 1 and (s[0],) in shapes for s in shapes)  # (n, 1) against (n,)
        hint = _("; flatten the (n, 1) one with .ravel() (numpy would broadcast the pair to (n, n))") if column else ""
        raise ValueError(_("{owner}: y_hat and y must have the same shape (one prediction per target), "
                           "got y_hat.shape={y_hat_shape} and y.shape={y_shape}{hint}").format(
                               owner=owner, y_hat_shape=y_hat.shape, y_shape=y.shape, hint=hint))
    if y.size == 0:
        raise ValueError(_("{owner}: y_hat and y must have at least one entry, got shape {y_shape}").format(
            owner=owner, y_shape=y.shape))
    return y_hat, y


def _finite_or_overflow(value: float, owner: str, **arrays: np.ndarray) -> float:
    if not math.isfinite(value):
        _name_the_nonfinite(owner, **arrays)
    return value


# --- losses of predictions ----------------------------------------------------------------------------


def _mse(y_hat, y, owner: str) -> float:
    y_hat, y = _pair(y_hat, y, owner)
    return _finite_or_overflow(float(np.mean((y_hat - y) ** 2)), owner, y_hat=y_hat, y=y)


def mse(y_hat, y) -> float:
    """Mean squared error (1/n) sum (y_hat - y)²; y_hat and y of the same shape."""
    return _mse(y_hat, y, "mse")


def mae(y_hat, y) -> float:
    """Mean absolute error (1/n) sum |y_hat - y|; y_hat and y of the same shape."""
    y_hat, y = _pair(y_hat, y, "mae")
    return _finite_or_overflow(float(np.mean(np.abs(y_hat - y))), "mae", y_hat=y_hat, y=y)


def rmse(y_hat, y) -> float:
    """Root mean squared error sqrt(MSE): the same units as y.

    Computed as s·sqrt(mean((d/s)²)) with s = max |d|, d = y_hat − y, so that it stays finite
    whenever the answer is, even where the MSE itself overflows (d of 1e200).
    """
    y_hat, y = _pair(y_hat, y, "rmse")
    d = y_hat - y
    s = float(np.max(np.abs(d)))
    if s == 0.0:
        return 0.0
    if not math.isfinite(s):  # inf or nan in an input, or an overflowing difference: said by name
        return _finite_or_overflow(s, "rmse", y_hat=y_hat, y=y)
    return _finite_or_overflow(s * float(np.sqrt(np.mean((d / s) ** 2))), "rmse", y_hat=y_hat, y=y)


# --- linear regression ------------------------------------------------------------------------------


def linear_mse(w, X, y) -> float:
    """(1/n) ||y - Xw||²  (with m outputs: the sum of the m outputs' MSEs)."""
    X, r = _residual(w, X, y, "linear_mse", inf_ok=True)
    return float(np.sum(r**2) / len(X))


def linear_mse_grad(w, X, y) -> np.ndarray:
    """-(2/n) Xᵀ(y - Xw); the 2 comes from differentiating the square. Shape of w."""
    X, r = _residual(w, X, y, "linear_mse_grad")
    return -2.0 / len(X) * (X.T @ r)  # (Xᵀr) first: scaling Xᵀ would copy all of X


def linear_mae(w, X, y) -> float:
    """(1/n) sum |y - Xw|  (with m outputs: the sum of the m outputs' MAEs)."""
    X, r = _residual(w, X, y, "linear_mae", inf_ok=True)
    return float(np.sum(np.abs(r)) / len(X))


def linear_mae_grad(w, X, y) -> np.ndarray:
    """-(1/n) Xᵀ sign(y - Xw): its size does not shrink near the optimum. Shape of w."""
    X, r = _residual(w, X, y, "linear_mae_grad", inf_ok=True)  # sign(±inf) = ±1 is still right
    return -1.0 / len(X) * (X.T @ np.sign(r))


# --- logistic regression ----------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    ez = np.exp(-np.abs(z))  # never overflows: the exponent is <= 0
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def sigmoid(z) -> np.ndarray:
    """1 / (1 + exp(-z)), computed without overflow for large |z|.

    z: a number or an array of any shape (±inf give exactly 0 and 1; nan is an error).
    """
    if type(z) is not np.ndarray or z.dtype != np.float64:
        if z is None or isinstance(z, (str, bytes, dict, set)):
            raise TypeError(_("sigmoid: z must be a number or an array of numbers, got z={z!r}").format(z=z))
        try:
            z = np.asarray(z, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(_("sigmoid: z must be a number or an array of numbers, got z={z!r}").format(z=z)) from None
    if np.isnan(z).any():
        raise ValueError(_("sigmoid: z must not contain nan; {n_nan} of its {size} entries are nan").format(
            n_nan=int(np.isnan(z).sum()), size=z.size))
    return _sigmoid(z)


def logistic_bce(w, X, y) -> float:
    """-(1/n) sum [y log p + (1 - y) log(1 - p)] with p = sigmoid(Xw), labels y all 0 or 1.

    Written with logaddexp so it stays finite when p rounds to 0 or 1:
    -log p = log(1 + e^(-z)) and -log(1 - p) = log(1 + e^z).
    """
    X, z, y = _scores_and_labels(w, X, y, "logistic_bce")
    loss = float(np.sum(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)) / len(X))
    if math.isnan(loss):  # a score overflowed to ±inf and met a weight of 0 (0·inf): take each label's own term
        loss = float(np.sum(np.where(y == 1, np.logaddexp(0, -z), np.logaddexp(0, z))) / len(X))
    return loss


def logistic_bce_grad(w, X, y) -> np.ndarray:
    """(1/n) Xᵀ(sigmoid(Xw) - y): prediction error times input, as for the MSE. Shape of w."""
    X, z, y = _scores_and_labels(w, X, y, "logistic_bce_grad")
    return X.T @ (_sigmoid(z) - y) / len(X)
