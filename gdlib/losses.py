"""Models, their losses and the gradients of those losses, in the matrix form.

Linear regression: y_hat = X @ w (put a column of ones in X for the intercept).

    MSE(w) = (1/n) ||y - Xw||²           ∇MSE = -(2/n) Xᵀ(y - Xw)
    MAE(w) = (1/n) sum |y_i - x_iᵀw|     ∇MAE = -(1/n) Xᵀ sign(y - Xw)

Logistic regression: p = sigmoid(X @ w), labels y in {0, 1}.

    BCE(w) = -(1/n) sum [y log p + (1 - y) log(1 - p)]     ∇BCE = (1/n) Xᵀ(p - y)

Each function takes (w, X, y) so the same code serves the full data set and a
mini-batch. w may be (p,) for one output or (p, m) for m outputs (y of shape (n, m)).
"""

from __future__ import annotations

import numpy as np


def mse(y_hat, y) -> float:
    """Mean squared error (1/n) sum (y_hat - y)²."""
    return float(np.mean((np.asarray(y_hat) - np.asarray(y)) ** 2))


def mae(y_hat, y) -> float:
    """Mean absolute error (1/n) sum |y_hat - y|."""
    return float(np.mean(np.abs(np.asarray(y_hat) - np.asarray(y))))


def rmse(y_hat, y) -> float:
    """Root mean squared error sqrt(MSE): the same units as y."""
    return float(np.sqrt(mse(y_hat, y)))


def linear_mse(w, X, y) -> float:
    """(1/n) ||y - Xw||²  (averaged over all n·m entries when y has m columns)."""
    return mse(X @ w, y)


def linear_mse_grad(w, X, y) -> np.ndarray:
    """-(2/n) Xᵀ(y - Xw); the 2 comes from differentiating the square."""
    return -2.0 / len(X) * X.T @ (y - X @ w)


def linear_mae(w, X, y) -> float:
    """(1/n) sum |y - Xw|."""
    return mae(X @ w, y)


def linear_mae_grad(w, X, y) -> np.ndarray:
    """-(1/n) Xᵀ sign(y - Xw): its size does not shrink near the optimum."""
    return -1.0 / len(X) * X.T @ np.sign(y - X @ w)


def sigmoid(z):
    """1 / (1 + exp(-z)), computed without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    ez = np.exp(-np.abs(z))  # never overflows: the exponent is <= 0
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def logistic_bce(w, X, y) -> float:
    """-(1/n) sum [y log p + (1 - y) log(1 - p)] with p = sigmoid(Xw).

    Written with logaddexp so it stays finite when p rounds to 0 or 1:
    -log p = log(1 + e^(-z)) and -log(1 - p) = log(1 + e^z).
    """
    z = X @ w
    return float(np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))


def logistic_bce_grad(w, X, y) -> np.ndarray:
    """(1/n) Xᵀ(sigmoid(Xw) - y): prediction error times input, as for the MSE."""
    return X.T @ (sigmoid(X @ w) - y) / len(X)
