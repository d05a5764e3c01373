"""Checkers for the exercises of the maximum-likelihood notebook (05).

Each checker runs the learner's function on a few fixed data sets, compares with the
value computed here from the formula, and names the usual mistakes:

    normal log-likelihood   product instead of a sum of logs, the sign, the missing
                            -n/2 log(2 pi sigma²) term, sigma where sigma² belongs, a mean
    normal MLE              1/(n-1) instead of 1/n, sigma instead of sigma², the order
    Bernoulli NLL           the sign, a sum instead of the mean, y and 1 - y swapped
    d NLL / d mu            the sign, the missing 1/sigma², the factor 1/2, a mean
"""

from __future__ import annotations

import numpy as np

from gdlib.exercises._core import as_float, call, checker

__all__ = [
    "check_bernoulli_nll",
    "check_nll_grad_mu",
    "check_normal_log_likelihood",
    "check_normal_mle",
]

_X = np.array([4.1, 5.3, 6.0, 4.8, 5.6])
_Y = np.array([1.0, -0.5, 2.5, 0.0])
_MANY = np.linspace(-3.0, 3.0, 2000)  # 2,000 points: their product of densities underflows to 0.0


def _quiet_call(fn, *args):
    """call() with numpy's warnings off: log(0) in a learner's product is diagnosed, not warned."""
    with np.errstate(divide="ignore", over="ignore", under="ignore", invalid="ignore"):
        return call(fn, *args)


def _close(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=1e-7, atol=1e-10))


def _normal_log_likelihood(x, mu, sigma) -> float:
    n = x.size
    return float(-n / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2))


@checker("your log-likelihood matches -n/2·log(2πσ²) - Σ(xᵢ-μ)²/(2σ²) on every test case, "
         "including 2,000 points whose plain product of densities underflows")
def check_normal_log_likelihood(fn):
    """fn(x, mu, sigma) should return log L.

        log L = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²)
    """
    for x, mu, sigma in [(_X, 5.0, 0.8), (_Y, 0.5, 2.0), (_MANY, 0.0, 1.0)]:
        n = x.size
        got = as_float(_quiet_call(fn, x, mu, sigma), "normal_log_likelihood(x, mu, sigma)")
        want = _normal_log_likelihood(x, mu, sigma)
        if _close(got, want):
            continue
        case = f"for n={n} points, μ={mu}, σ={sigma} you returned {got:.6g}, expected {want:.6g}"
        square = np.sum((x - mu) ** 2)
        if np.isneginf(got) or np.isnan(got):
            return (f"{case}: the product of {n} densities underflowed to 0.0 and log(0) = -inf; "
                    "take the log of each density and add them (a sum of logs), never log(product)")
        if got >= 0 and _close(got, np.exp(want)):
            return (f"{case}: that is the likelihood itself, a product of densities; "
                    "return its log, computed as a sum of log-densities (products of many "
                    "densities underflow to 0.0)")
        if _close(got, -want):
            return (f"{case}: the sign is flipped, you returned the negative log-likelihood; "
                    "log L itself is -n/2·log(2πσ²) - Σ(xᵢ-μ)²/(2σ²)")
        if _close(got, -square / (2 * sigma**2)):
            return (f"{case}: you forgot the -n/2·log(2πσ²) term; it does not depend on μ, "
                    "but it depends on σ, so it matters when σ is estimated")
        if _close(got, -0.5 * np.log(2 * np.pi * sigma**2) - square / (2 * sigma**2)):
            return (f"{case}: the normalising term appears once per data point, so it is "
                    "-n/2·log(2πσ²), not -1/2·log(2πσ²)")
        sigma_for_var = [
            -n / 2 * np.log(2 * np.pi * sigma) - square / (2 * sigma),
            -n / 2 * np.log(2 * np.pi * sigma**2) - square / (2 * sigma),
            -n / 2 * np.log(2 * np.pi * sigma) - square / (2 * sigma**2),
        ]
        if any(_close(got, v) for v in sigma_for_var):
            return (f"{case}: somewhere you used σ where the variance σ² belongs; "
                    "both the log(2πσ²) and the 2σ² carry the square")
        if _close(got, want / n):
            return (f"{case}: that is the mean log-likelihood (divided by n); "
                    "the log-likelihood of independent points is their sum")
        return case
    return None


@checker("your estimates are the sample mean and the 1/n sample variance (the MLE) "
         "on every test case")
def check_normal_mle(fn):
    """fn(x) should return (mu_hat, var_hat) = (mean of x, (1/n) sum (x_i - mu_hat)²)."""
    for x in [np.array([2.0, 4.0, 4.0, 5.0, 7.0, 8.0]), _X, _Y]:
        result = call(fn, x)
        try:
            mu_got, var_got = result
        except (TypeError, ValueError):
            return ("return a pair (mu_hat, var_hat), for example `return mu, var`; "
                    f"you returned {result!r}")
        mu_got = as_float(mu_got, "mu_hat")
        var_got = as_float(var_got, "var_hat")
        n = x.size
        mu = float(x.mean())
        var = float(np.mean((x - mu) ** 2))
        case = f"for x = {np.array2string(x, precision=2)} (n={n})"
        if _close(mu_got, var) and _close(var_got, mu):
            return (f"{case} you returned ({mu_got:.4g}, {var_got:.4g}): the order is swapped; "
                    "return (mu_hat, var_hat)")
        if not _close(mu_got, mu):
            if _close(mu_got, float(np.median(x))):
                return (f"{case} your mu_hat = {mu_got:.4g} is the median; "
                        f"the MLE of μ is the mean {mu:.4g}")
            return f"{case} your mu_hat = {mu_got:.6g}, expected the sample mean {mu:.6g}"
        if _close(var_got, var):
            continue
        unbiased = var * n / (n - 1)
        if _close(var_got, unbiased):
            return (f"{case} your var_hat = {var_got:.6g}, expected {var:.6g}: you divided by n-1; "
                    "that is the unbiased sample variance, but the maximum-likelihood "
                    "estimate divides by n")
        if _close(var_got, np.sqrt(var)) or _close(var_got, np.sqrt(unbiased)):
            return (f"{case} your var_hat = {var_got:.6g} is a standard deviation σ̂; return the "
                    f"variance σ̂² = {var:.6g} (no square root)")
        if _close(var_got, float(np.mean(x**2))):
            return (f"{case} your var_hat = {var_got:.6g} is the mean of xᵢ²; "
                    f"subtract the mean first: (1/n) Σ(xᵢ - μ̂)² = {var:.6g}")
        return f"{case} your var_hat = {var_got:.6g}, expected (1/n) Σ(xᵢ - μ̂)² = {var:.6g}"
    return None


@checker("your Bernoulli negative log-likelihood matches -(1/n) Σ [yᵢ log pᵢ + (1-yᵢ) log(1-pᵢ)], "
         "the binary cross-entropy")
def check_bernoulli_nll(fn):
    """fn(y, p) should return -(1/n) sum [y_i log p_i + (1 - y_i) log(1 - p_i)].

    p is an array of probabilities (one per y_i) or a single number.
    """
    cases = [
        (np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.7, 0.4])),
        (np.array([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]), np.array([0.3, 0.8, 0.55, 0.1, 0.45, 0.25])),
        (np.array([1.0, 0.0, 0.0, 1.0]), 0.3),
    ]
    for y, p in cases:
        n = y.size
        got = as_float(call(fn, y, p), "bernoulli_nll(y, p)")
        terms = y * np.log(p) + (1 - y) * np.log(1 - p)
        want = float(-np.mean(terms))
        if _close(got, want):
            continue
        shown = p if np.isscalar(p) else np.array2string(np.asarray(p), precision=2)
        case = (f"for y = {np.array2string(y, precision=0)}, p = {shown} "
                f"you returned {got:.6g}, expected {want:.6g}")
        if _close(got, -want):
            return (f"{case}: the sign is flipped, that is the mean log-likelihood; "
                    "the loss is its negative, so it is ≥ 0 and smaller means a better fit")
        if _close(got, n * want):
            return f"{case}: that is the sum over the {n} points; divide by n (the BCE is a mean)"
        if _close(got, -n * want):
            return (f"{case}: that is the log-likelihood (a sum, with a + sign); "
                    "negate it and divide by n")
        swapped = float(-np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)))
        if _close(got, swapped):
            return (f"{case}: log p and log(1 - p) are swapped; a point with y = 1 contributes "
                    "-log p (the probability of a 1), a point with y = 0 contributes -log(1 - p)")
        if _close(got, float(np.prod(np.exp(terms)))):
            return (f"{case}: that is the likelihood Π pᵢ^yᵢ (1-pᵢ)^(1-yᵢ); take logs, add them, "
                    "negate and divide by n")
        if any(_close(got, want / np.log(b)) for b in (2, 10)):
            return f"{case}: use the natural logarithm np.log, not log2 or log10"
        return case
    return None


@checker("your ∂NLL/∂μ matches -Σ(xᵢ-μ)/σ² = n(μ - x̄)/σ² on every test case")
def check_nll_grad_mu(fn):
    """fn(x, mu, sigma) should return d/d mu of -log L(mu, sigma) = -sum (x_i - mu) / sigma²."""
    for x, mu, sigma in [(_X, 4.0, 0.8), (_X, 6.0, 2.0), (_Y, -1.0, 0.5)]:
        n = x.size
        got = as_float(call(fn, x, mu, sigma), "nll_grad_mu(x, mu, sigma)")
        resid = np.sum(x - mu)
        want = float(-resid / sigma**2)
        if _close(got, want):
            continue
        case = f"for n={n} points, μ={mu}, σ={sigma} you returned {got:.6g}, expected {want:.6g}"
        if _close(got, -want):
            return (f"{case}: the sign is flipped, that is the gradient of log L (uphill); "
                    "the NLL is -log L, so its gradient is -Σ(xᵢ-μ)/σ²")
        if _close(got, -resid) or _close(got, resid):
            return f"{case}: divide by σ²; the quadratic term is Σ(xᵢ-μ)²/(2σ²)"
        if _close(got, -resid / sigma) or _close(got, resid / sigma):
            return f"{case}: divide by σ², not σ"
        if _close(got, want / 2) or _close(got, -want / 2):
            return (f"{case}: you lost a factor 2; the 2 from differentiating (xᵢ-μ)² cancels "
                    "the 2 in 2σ²")
        if _close(got, want / n) or _close(got, -want / n):
            return (f"{case}: that is the gradient of the mean NLL (divided by n); "
                    "the NLL here is the sum over the points")
        return case
    return None

