"""Maximum likelihood estimates in closed form, and the log-likelihoods they maximise.

For samples x_1..x_n of a normal distribution N(mu, sigma²):

    log L(mu, sigma²) = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²)

Setting both partial derivatives to zero gives

    mu_hat = (1/n) sum x_i                   (the sample mean)
    var_hat = (1/n) sum (x_i - mu_hat)²      (divides by n, not n - 1: biased low)

Every function checks that its data lie in the distribution's domain (finite numbers for
the normal, outcomes 0 or 1 for the Bernoulli, class numbers 0..K-1 for the categorical)
and that its parameters are valid (sigma > 0, p in (0, 1)), and says which one is not.
"""

from __future__ import annotations

import math

import numpy as np

from gdlib._validate import array, binary, count, positive, probability, real
from gdlib.i18n import _

__all__ = [
    "normal_mle",
    "normal_log_likelihood",
    "bernoulli_mle",
    "bernoulli_log_likelihood",
    "categorical_mle",
]

_MAX_CLASSES = 10_000_000  # a label above this is a mistake, not a class: bincount would need gigabytes


def _samples(samples, owner: str) -> np.ndarray:
    """A non-empty 1-D array of finite numbers (lists accepted)."""
    return array("samples", samples, ndim=1, owner=owner)


def _outcomes(outcomes, owner: str) -> np.ndarray:
    """A non-empty 1-D array of outcomes that are all 0 or 1 (True/False accepted)."""
    return binary("outcomes", array("outcomes", outcomes, ndim=1, owner=owner), owner=owner)


def normal_mle(samples) -> tuple[float, float]:
    """(mu_hat, var_hat): the sample mean and the 1/n sample variance."""
    x = _samples(samples, "normal_mle")
    mu = x.mean()
    var = np.mean((x - mu) ** 2)
    if not (math.isfinite(mu) and math.isfinite(var)):
        raise ValueError(_("normal_mle: the samples are too large for floating point (the largest |x| is "
                           "{largest:.3g}, so the mean or the variance overflows); rescale them first").format(
                               largest=np.max(np.abs(x))))
    return float(mu), float(var)


def normal_log_likelihood(samples, mu: float, sigma: float) -> float:
    """log L = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²), for sigma > 0."""
    x = _samples(samples, "normal_log_likelihood")
    mu = real("mu", mu, owner="normal_log_likelihood")
    sigma = positive("sigma", sigma, owner="normal_log_likelihood")
    n = x.size
    ll = math.nan
    if 1e-150 < sigma < 1e150:  # sigma² is an ordinary float: the formula as written
        ll = -n / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2)
    if not math.isfinite(ll):  # sigma² or a square would overflow: the same formula in logs,
        # log(2 pi sigma²) = log(2 pi) + 2 log(sigma), each residual divided by sigma before squaring
        ll = -n / 2 * math.log(2 * math.pi) - n * math.log(sigma) - np.sum(((x - mu) / sigma) ** 2) / 2
        if not math.isfinite(ll):
            raise ValueError(_("normal_log_likelihood: the log-likelihood is below the smallest float (-1.8e308): "
                               "the samples are too far from mu={mu!r} for sigma={sigma!r} (the likelihood is 0 "
                               "to machine precision)").format(mu=mu, sigma=sigma))
    return float(ll)


def bernoulli_mle(outcomes) -> float:
    """p_hat = (number of ones) / n for outcomes in {0, 1}."""
    x = _outcomes(outcomes, "bernoulli_mle")
    return float(x.mean())


def bernoulli_log_likelihood(outcomes, p: float) -> float:
    """log L = k log p + (n - k) log(1 - p), k = number of ones; outcomes in {0, 1}, p in (0, 1)."""
    x = _outcomes(outcomes, "bernoulli_log_likelihood")
    p = probability("p", p, owner="bernoulli_log_likelihood")
    k = x.sum()
    return float(k * np.log(p) + (x.size - k) * np.log1p(-p))


def _labels(labels, n_classes, owner: str) -> tuple[np.ndarray, int]:
    """Class numbers 0..K-1 as a 1-D int array, and K (n_classes, or the largest label + 1)."""
    if n_classes is not None:
        try:
            n_classes = count("n_classes", n_classes, minimum=1)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{owner}: {error}") from None
        if n_classes > _MAX_CLASSES:
            raise ValueError(_("{owner}: n_classes must be at most {most:,}, got n_classes={n_classes}").format(
                owner=owner, most=_MAX_CLASSES, n_classes=n_classes))
    if isinstance(labels, np.ndarray) and labels.dtype.kind in "iu":
        x = labels
        if x.ndim != 1 or x.size == 0:
            raise ValueError(_("{owner}: labels must be a non-empty 1-D array of class numbers, got shape "
                               "{x_shape}").format(
                owner=owner, x_shape=x.shape))
    else:  # lists, floats that hold whole numbers (0.0, 1.0, ...), True/False
        x = array("labels", labels, ndim=1, owner=owner)
        fractional = x != np.round(x)
        if np.any(fractional):
            raise ValueError(_("{owner}: labels must be non-negative integers (class numbers 0, 1, ..., K-1), "
                               "got e.g. {label:g}").format(owner=owner, label=x[fractional][0]))
    low, high = x.min(), x.max()
    if low < 0:
        raise ValueError(_("{owner}: labels must be non-negative integers (class numbers 0, 1, ..., K-1), "
                           "got label {low:g}").format(owner=owner, low=low))
    if n_classes is not None and high >= n_classes:
        raise ValueError(_("{owner}: every label must be below n_classes={n_classes} (classes 0..{last}), "
                           "got label {high:g}").format(
                               owner=owner, n_classes=n_classes, last=n_classes - 1, high=high))
    if high >= _MAX_CLASSES:
        raise ValueError(_("{owner}: labels must be class numbers below {most:,}, got label {high:g}").format(
            owner=owner, most=_MAX_CLASSES, high=high))
    return x.astype(np.int64, copy=False), n_classes or int(high) + 1


def categorical_mle(labels, n_classes: int | None = None) -> np.ndarray:
    """p_hat_k = (count of class k) / n for integer labels 0..K-1.

    n_classes: K, when some classes may be missing from the labels (default: largest label + 1).
    """
    x, k = _labels(labels, n_classes, "categorical_mle")
    counts = np.bincount(x, minlength=k)
    return counts / x.size
