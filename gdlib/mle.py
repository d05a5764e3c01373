"""Maximum likelihood estimates in closed form, and the log-likelihoods they maximise.

For samples x_1..x_n of a normal distribution N(mu, sigma²):

    log L(mu, sigma²) = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²)

Setting both partial derivatives to zero gives

    mu_hat = (1/n) sum x_i                   (the sample mean)
    var_hat = (1/n) sum (x_i - mu_hat)²      (divides by n, not n - 1: biased low)
"""

from __future__ import annotations

import numpy as np

from gdlib._validate import finite_array, positive


def _samples(samples, name: str = "samples") -> np.ndarray:
    x = finite_array(name, samples)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of numbers, got shape {x.shape}")
    return x


def normal_mle(samples) -> tuple[float, float]:
    """(mu_hat, var_hat): the sample mean and the 1/n sample variance."""
    x = _samples(samples)
    mu = x.mean()
    var = np.mean((x - mu) ** 2)
    return float(mu), float(var)


def normal_log_likelihood(samples, mu: float, sigma: float) -> float:
    """log L = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²)."""
    x = _samples(samples)
    sigma = positive("sigma", sigma)
    n = x.size
    return float(-n / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2))


def bernoulli_mle(outcomes) -> float:
    """p_hat = (number of ones) / n for outcomes in {0, 1}."""
    x = _samples(outcomes, "outcomes")
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("outcomes must contain only 0 and 1")
    return float(x.mean())


def bernoulli_log_likelihood(outcomes, p: float) -> float:
    """log L = k log p + (n - k) log(1 - p), k = number of ones (p in (0, 1))."""
    x = _samples(outcomes, "outcomes")
    if not 0 < p < 1:
        raise ValueError(f"p must be in (0, 1), got p={p!r}")
    k = x.sum()
    return float(k * np.log(p) + (x.size - k) * np.log1p(-p))


def categorical_mle(labels, n_classes: int | None = None) -> np.ndarray:
    """p_hat_k = (count of class k) / n for integer labels 0..K-1."""
    x = np.asarray(labels)
    if x.ndim != 1 or x.size == 0 or not np.issubdtype(x.dtype, np.integer) or x.min() < 0:
        raise ValueError("labels must be a non-empty 1-D array of non-negative integers (class numbers)")
    counts = np.bincount(x, minlength=n_classes or 0)
    return counts / x.size
