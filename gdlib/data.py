"""Small synthetic data sets, always drawn from an explicit seed.

The same seed gives the same data on every machine, so the printed numbers in the
notebooks can be compared by the tests.
"""

from __future__ import annotations

import numbers

import numpy as np

from gdlib._validate import count, finite_array, real


def make_rng(seed) -> np.random.Generator:
    """np.random.default_rng(seed) for an int seed; a Generator is passed through."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(
            f"seed must be a non-negative int or a np.random.Generator (so the run can be repeated), "
            f"got seed={seed!r}"
        )
    return np.random.default_rng(int(seed))


def add_intercept(X) -> np.ndarray:
    """Prepend a column of ones: the coefficient of that column is the intercept b."""
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    return np.column_stack([np.ones(len(X)), X])


def line(n: int = 50, w: float = 2.0, b: float = 1.0, noise: float = 0.5,
         xlim: tuple[float, float] = (0.0, 5.0), seed=0) -> tuple[np.ndarray, np.ndarray]:
    """n points (x, y) with y = w·x + b + noise·N(0, 1) and x uniform in xlim."""
    rng = make_rng(seed)
    n = count("n", n, minimum=1)
    x = rng.uniform(*xlim, size=n)
    y = real("w", w) * x + real("b", b) + real("noise", noise) * rng.standard_normal(n)
    return x, y


def linear(n: int = 100, beta=(1.0, 2.0, -3.0), noise: float = 0.5, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Features X (n, p-1) from N(0, 1) and y = beta[0] + X @ beta[1:] + noise·N(0, 1).

    beta may be a matrix (p, m) for m outputs; then y has shape (n, m).
    Use add_intercept(X) to fit beta[0] as the coefficient of a column of ones.
    """
    rng = make_rng(seed)
    n = count("n", n, minimum=1)
    beta = finite_array("beta", beta)
    if beta.ndim not in (1, 2) or len(beta) < 2:
        raise ValueError(f"beta must be (intercept, slope, ...) with at least 2 rows, got shape {beta.shape}")
    X = rng.standard_normal((n, len(beta) - 1))
    y = add_intercept(X) @ beta + real("noise", noise) * rng.standard_normal((n,) + beta.shape[1:])
    return X, y


def logistic(n: int = 200, w=(2.0, -1.0), b: float = 0.5, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Features X (n, d) from N(0, 1) and labels y ~ Bernoulli(sigmoid(X @ w + b)), as 0.0 / 1.0."""
    rng = make_rng(seed)
    n = count("n", n, minimum=1)
    w = finite_array("w", w)
    X = rng.standard_normal((n, w.size))
    p = 1 / (1 + np.exp(-(X @ w + real("b", b))))
    y = (rng.uniform(size=n) < p).astype(float)
    return X, y
