"""Checkers for the exercises of the maximum-likelihood notebook (05).

    check_normal_log_likelihood(fn)   fn(x, mu, sigma) -> the log-likelihood of x under N(mu, sigma²)
    check_normal_mle(fn)              fn(x) -> the pair (mu_hat, var_hat)
    check_bernoulli_nll(fn)           fn(y, p) -> the mean Bernoulli negative log-likelihood
    check_nll_grad_mu(fn)             fn(x, mu, sigma) -> the derivative in mu of the summed NLL

Besides the visible cases, every check draws fresh ones: a random number of points with
fractional values, a random mean, a sigma away from 1 (so sigma and sigma² differ), data
whose mean and median differ, labels with both classes, and one probability per label as
well as a single shared one. One fresh sample of the log-likelihood check has thousands of
points, so a plain product of densities underflows to 0.0 there, as on the visible case.
A mistake is named only when it explains the answer on every case, visible and fresh:
the product instead of a sum of logs, the sign, the mean instead of the sum, sigma where
sigma² belongs, 1/(n-1) instead of 1/n, the median, a standard deviation instead of a
variance, y and 1 - y swapped, log2 or log10 instead of the natural log, and more.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from gdlib.exercises._core import (
    Case,
    cases,
    checker,
    close,
    first_mistake,
    fmt,
    judge,
    number,
    pair,
    run_cases,
    wrong,
)
from gdlib.i18n import N_, _

__all__ = [
    "check_bernoulli_nll",
    "check_nll_grad_mu",
    "check_normal_log_likelihood",
    "check_normal_mle",
]

_X = np.array([4.1, 5.3, 6.0, 4.8, 5.6])
_Y = np.array([1.0, -0.5, 2.5, 0.0])
_MANY = np.linspace(-3.0, 3.0, 2000)  # 2,000 points: their product of densities underflows to 0.0


# --- shared pieces ------------------------------------------------------------------------------


def _show(x) -> str:
    """An array as a message shows it: every value of a short one, the ends of a long one."""
    a = np.asarray(x, dtype=float).ravel()
    if a.size <= 8:
        return "[" + ", ".join(f"{v:g}" for v in a) + "]"
    return "[" + ", ".join(f"{v:g}" for v in a[:3]) + ", ..., " + ", ".join(f"{v:g}" for v in a[-3:]) + "] " + \
        _("({n:,} values)").format(n=a.size)


def _in_turn(*makers):
    """A fresh(rng) that draws with each maker in turn, so every kind of case is among the fresh ones."""
    kinds = itertools.cycle(makers)
    return lambda rng: next(kinds)(rng)


def _sigma(rng) -> float:
    """A standard deviation clearly away from 1 (σ and σ² differ) and from 0.5 (σ and 2σ² differ)."""
    low = bool(rng.integers(2))
    return round(float(rng.uniform(0.3, 0.42) if low else rng.uniform(1.3, 3.0)), 2)


def _sample(rng, n: int, center: float, spread: float) -> np.ndarray:
    return np.round(rng.normal(center, spread, n), 2)


def _one_number(raw, case: Case, per_point: str, point: str = N_("data point")) -> float:
    """number(), but an array with one value per data point gets its own hint."""
    n = case.info["n"]
    if isinstance(raw, np.ndarray) and raw.shape == (n,):
        raise wrong(_("{label} returned an array of {n} values, one per {point}; {per_point}").format(
            label=case.label, n=n, point=_(point), per_point=per_point))
    return number(raw, case.label)


def _pdf(x, mu, sigma):
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)


# --- 1. the normal log-likelihood ----------------------------------------------------------------


def _loglik(x, mu, sigma) -> float:
    return float(-x.size / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2))


def _loglik_case(x, mu, sigma, shown=None) -> Case:
    return Case((x, mu, sigma), f"normal_loglik(x={shown or _show(x)}, mu={mu}, sigma={sigma})", info={"n": x.size})


def _loglik_fresh(low: int, high: int, underflow: bool = False):
    def draw(rng) -> Case:
        n = int(rng.integers(low, high))
        center = round(float(rng.uniform(-10, 10)), 2)
        sigma = _sigma(rng)
        if underflow:  # thousands of points: the product of their densities is far below 1e-324
            sigma = round(float(rng.uniform(1.3, 3.0)), 2)
        x = _sample(rng, n, center, sigma * float(rng.uniform(0.7, 1.6)))
        mu = round(float(x.mean()) + float(rng.uniform(0.2, 1.0)) * sigma * float(rng.choice([-1, 1])), 2)
        return _loglik_case(x, mu, sigma)
    return draw


def _S(x, mu):
    return np.sum((x - mu) ** 2)


def _term(x, sigma, log=np.log):
    return -x.size / 2 * log(2 * np.pi * sigma**2)


_LOGLIK_MISTAKES = [
    (N_("a product of thousands of densities underflows to 0.0, and log(0) is -inf; take the log of each density "
        "and add the logs up (a sum of logs), never the log of a product"),
     lambda x, mu, s: np.log(np.prod(_pdf(x, mu, s)))),
    (N_("that is the likelihood itself, a product of densities, and for thousands of points it underflows to 0.0; "
        "return its log, computed as a sum of log-densities"),
     lambda x, mu, s: np.prod(_pdf(x, mu, s))),
    (N_("the sign is flipped: that is the negative log-likelihood; the log of a density below 1 is negative, "
        "and so is the log-likelihood of these samples"),
     lambda x, mu, s: -_loglik(x, mu, s)),
    (N_("that is the mean log-likelihood (divided by n); the log-likelihood of independent points is the sum "
        "of their log-densities"),
     lambda x, mu, s: _loglik(x, mu, s) / x.size),
    (N_("Python divided by 2 and then multiplied by σ²; put the whole denominator in parentheses: / (2 * sigma**2)"),
     lambda x, mu, s: _term(x, s) - _S(x, mu) / 2 * s**2),
    (N_("np.sum(x - mu)**2 squares the sum, where the sum of the squares is needed: np.sum((x - mu)**2); "
        "the deviations of a sum partly cancel"),
     lambda x, mu, s: _term(x, s) - np.sum(x - mu) ** 2 / (2 * s**2)),
    (N_("your result does not change with mu: the deviations must be measured from the given mu, "
        "not from the sample mean"),
     lambda x, mu, s: _term(x, s) - _S(x, x.mean()) / (2 * s**2)),
    (N_("you forgot the normalising term of the density, n/2 times log(2πσ²); it does not depend on μ, "
        "but it depends on σ, so it matters as soon as σ is estimated"),
     lambda x, mu, s: -_S(x, mu) / (2 * s**2)),
    (N_("the normalising term appears once per data point, so it is n/2 times log(2πσ²), "
        "not 1/2 times log(2πσ²)"),
     lambda x, mu, s: -0.5 * np.log(2 * np.pi * s**2) - _S(x, mu) / (2 * s**2)),
    (N_("the normalising constant is 1 over the square root of 2πσ², so its log carries a factor 1/2: "
        "n/2 times log(2πσ²), not n times"),
     lambda x, mu, s: -x.size * np.log(2 * np.pi * s**2) - _S(x, mu) / (2 * s**2)),
    (N_("np.log(2 * np.pi) * sigma**2 takes the log first and multiplies after; the whole product 2πσ² "
        "belongs inside the log"),
     lambda x, mu, s: -x.size / 2 * np.log(2 * np.pi) * s**2 - _S(x, mu) / (2 * s**2)),
    (N_("the squared deviations are divided by 2σ², not by σ² (the 2 comes from the exponent of the density)"),
     lambda x, mu, s: _term(x, s) - _S(x, mu) / s**2),
    (N_("the argument sigma is the standard deviation σ; both the log(2πσ²) and the 2σ² need its square, "
        "sigma**2 (you used sigma in both places)"),
     lambda x, mu, s: -x.size / 2 * np.log(2 * np.pi * s) - _S(x, mu) / (2 * s)),
    (N_("inside the log you used σ where the variance σ² belongs: log(2πσ²) (the 2σ² part is right)"),
     lambda x, mu, s: -x.size / 2 * np.log(2 * np.pi * s) - _S(x, mu) / (2 * s**2)),
    (N_("in the denominator you used 2σ where 2σ² belongs (the log part is right)"),
     lambda x, mu, s: _term(x, s) - _S(x, mu) / (2 * s)),
    (N_("σ is squared once too often in the normalising term: the density divides by the square root of 2πσ², "
        "that is by σ times the square root of 2π"),
     lambda x, mu, s: -x.size / 2 * np.log(2 * np.pi * s**4) - _S(x, mu) / (2 * s**2)),
    (N_("that is the log in base 10; use the natural logarithm "
        "np.log"), lambda x, mu, s: _loglik(x, mu, s) / np.log(10)),
    (N_("that is the log in base 2; use the natural logarithm np.log"), lambda x, mu, s: _loglik(x, mu, s) / np.log(2)),
    (N_("the normalising term uses log10; use the natural logarithm np.log (it undoes the exp of the density)"),
     lambda x, mu, s: _term(x, s, np.log10) - _S(x, mu) / (2 * s**2)),
    (N_("the normalising term uses log2; use the natural logarithm np.log (it undoes the exp of the density)"),
     lambda x, mu, s: _term(x, s, np.log2) - _S(x, mu) / (2 * s**2)),
]


@checker(N_("your log-likelihood is right on the visible cases and on fresh random samples, "
            "including samples so large that a plain product of their densities underflows"))
def check_normal_log_likelihood(fn):
    """fn(x, mu, sigma) should return the log-likelihood of the 1-D array x under N(mu, sigma²).

        log L = -n/2 log(2 pi sigma²) - sum (x_i - mu)² / (2 sigma²)
    """
    fixed = [
        _loglik_case(_X, 5.0, 0.8),
        _loglik_case(_Y, 0.5, 2.0),
        _loglik_case(_MANY, 0.25, 1.5, shown="np.linspace(-3, 3, 2000)"),
    ]
    fresh = _in_turn(_loglik_fresh(4, 12), _loglik_fresh(20, 80), _loglik_fresh(1500, 3000, underflow=True))
    return judge(
        fn, cases(fixed, fresh), _loglik,
        lambda raw, case: _one_number(raw, case, _("the log-likelihood is their sum, a single number")),
        mistakes=_LOGLIK_MISTAKES,
        otherwise=_("Add up the log-densities of the points, or use the formula of the exercise term by term."),
    )


# --- 2. the normal MLE -------------------------------------------------------------------------------


def _mle_case(x, shown=None) -> Case:
    return Case((x,), f"normal_fit(x={shown or _show(x)})", info={"n": x.size})


def _mle_fresh(rng) -> Case:
    """A skewed sample with fractional values: mean and median differ, the variance is far from 1 and from 0."""
    while True:
        n = int(rng.integers(5, 30))
        scale = float(rng.choice([rng.uniform(0.3, 0.7), rng.uniform(1.6, 4.0)]))
        x = np.round(rng.uniform(-5, 10) + scale * rng.exponential(1.0, n), 2)
        var, mean = float(np.var(x)), float(np.mean(x))
        spread = float(np.std(x))
        if (abs(var - 1) > 0.2 and var > 0.05 and abs(mean - np.median(x)) > 0.05 * spread
                and abs(mean - round(mean)) > 0.01 and abs(var - round(var)) > 0.01 and abs(mean - var) > 0.1):
            return _mle_case(x)


def _median(x):
    return float(np.median(x))


_MU_MISTAKES = [
    (N_("that is the median (the middle value); the MLE of μ is the sample mean"), _median),
    (N_("that is the middle element of the sorted data, not the mean"), lambda x: float(np.sort(x)[x.size // 2])),
    (N_("that is the sum of the data; divide it by n to get the mean"), lambda x: float(np.sum(x))),
    (N_("you divided the sum by n - 1; the sample mean divides by n"), lambda x: float(np.sum(x) / (x.size - 1))),
    (N_("that is halfway between the smallest and the largest value; the mean uses every value"),
     lambda x: float((x.min() + x.max()) / 2)),
    (N_("your sum skipped the last value (a loop over range(n - 1)?)"), lambda x: float(np.sum(x[:-1]) / x.size)),
    (N_("your sum skipped the first value (a loop that starts at 1?)"), lambda x: float(np.sum(x[1:]) / x.size)),
    (N_("the mean was rounded to a whole number; return it unrounded"), lambda x: float(round(np.mean(x)))),
    (N_("int() cut off the fraction of the mean; return it unrounded"), lambda x: float(int(np.mean(x)))),
]

_VAR_MISTAKES = [
    (N_("you divided by n - 1 (np.var with ddof=1): that is the unbiased sample variance, "
        "but the maximum-likelihood estimate divides by n"), lambda x: float(np.var(x, ddof=1))),
    (N_("that is a standard deviation σ̂ (np.std, a square root); return the variance σ̂², without the root"),
     lambda x: float(np.std(x))),
    (N_("that is a standard deviation, and with n - 1 (np.std with ddof=1); the MLE is the variance, "
        "with 1/n and without the root"), lambda x: float(np.std(x, ddof=1))),
    (N_("that is the mean of the squares xᵢ²; subtract the mean first: average the squared deviations (xᵢ - μ̂)²"),
     lambda x: float(np.mean(x**2))),
    (N_("that is the sum of the squared deviations; divide it by n"), lambda x: float(np.sum((x - x.mean()) ** 2))),
    (N_("you divided by n twice (np.var already divides by n)"), lambda x: float(np.var(x) / x.size)),
    (N_("the sign is flipped: the variance is the mean of the squares minus the square of the mean, "
        "never negative"), lambda x: float(np.mean(x) ** 2 - np.mean(x**2))),
    (N_("you squared after summing: the deviations from the mean then cancel out to 0; "
        "square each deviation, then average"), lambda x: float(np.sum(x - x.mean()) ** 2 / x.size)),
    (N_("that is the mean absolute deviation; the variance averages the squared deviations"),
     lambda x: float(np.mean(np.abs(x - x.mean())))),
    (N_("your deviations are measured from the median; measure them from the mean μ̂"),
     lambda x: float(np.mean((x - np.median(x)) ** 2))),
    (N_("the variance was rounded to a whole number; return it unrounded"), lambda x: float(round(np.var(x)))),
]


def _normal_fit_result(raw, case: Case) -> tuple[float, float]:
    mu, var = pair(raw, ("mu_hat", "var_hat"))
    return number(mu, f"{case.label}: mu_hat"), number(var, f"{case.label}: var_hat")


@checker(N_("your estimates are right on the visible samples and on fresh random ones with fractional values "
            "whose mean and median differ"))
def check_normal_mle(fn):
    """fn(x) should return the pair (mu_hat, var_hat): the sample mean and the 1/n sample variance."""
    fixed = [_mle_case(np.array([2.0, 4.0, 4.0, 5.0, 7.0, 8.0])), _mle_case(_X), _mle_case(_Y)]
    all_cases = cases(fixed, _mle_fresh)
    results = run_cases(fn, all_cases, _normal_fit_result)
    wants = [(float(np.mean(c.args[0])), float(np.mean((c.args[0] - np.mean(c.args[0])) ** 2))) for c in all_cases]
    if all(close(got, want) for got, want in zip(results, wants, strict=True)):
        return None
    i = next(i for i, (got, want) in enumerate(zip(results, wants, strict=True)) if not close(got, want))
    (mu, var), (mu_want, var_want), label = results[i], wants[i], all_cases[i].label
    if all(close(got, want[::-1]) for got, want in zip(results, wants, strict=True)):
        return _("{label} returned ({mu}, {var}): the order is swapped, the mean comes first; "
                 "return mu_hat, var_hat").format(label=label, mu=fmt(mu), var=fmt(var))
    for k, (name, mistakes, otherwise) in enumerate([
        ("mu_hat", _MU_MISTAKES, _("The MLE of μ is the sample mean: add all the values, divide by n.")),
        ("var_hat", _VAR_MISTAKES, _("The MLE of σ² averages the squared deviations from the sample mean, over n.")),
    ]):
        got = [r[k] for r in results]
        want = [w[k] for w in wants]
        bad = [j for j in range(len(all_cases)) if not close(got[j], want[j])]
        if not bad:
            continue
        j = bad[0]
        head = _("{label} returned {name} = {got}, expected {want}").format(
            label=all_cases[j].label, name=name, got=fmt(got[j], want[j]), want=fmt(want[j], got[j]))
        hint = first_mistake(mistakes, got, all_cases)
        if hint is None and not np.isfinite(got[j]):
            hint = _("nan or inf means a division by zero or an overflow somewhere in your computation")
        return f"{head}: {hint}" if hint else f"{head}. {otherwise}"
    return _("{label} returned ({mu}, {var}), expected ({mu_want}, {var_want})").format(
        label=label, mu=fmt(mu, mu_want), var=fmt(var, var_want), mu_want=fmt(mu_want), var_want=fmt(var_want))


# --- 3. the Bernoulli negative log-likelihood ------------------------------------------------------


def _bce(y, p) -> float:
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _bernoulli_case(y, p) -> Case:
    shown = p if np.isscalar(p) else _show(p)
    return Case((y, p), f"bernoulli_nll(y={_show(y)}, p={shown})", info={"n": y.size})


def _labels(rng, n: int, scalar: bool) -> np.ndarray:
    """0/1 labels with both classes; with a shared p, not exactly half ones (y and 1 - y would then agree)."""
    while True:
        y = (rng.uniform(size=n) < rng.uniform(0.25, 0.75)).astype(float)
        k = int(y.sum())
        if 0 < k < n and not (scalar and 2 * k == n):
            return y


def _bernoulli_fresh(scalar: bool):
    def draw(rng) -> Case:
        n = int(rng.integers(5, 30))
        y = _labels(rng, n, scalar)
        if scalar:  # one probability for every label, clearly away from 1/2
            p = round(float(rng.choice([rng.uniform(0.05, 0.38), rng.uniform(0.62, 0.95)])), 3)
        else:
            p = np.round(rng.uniform(0.03, 0.97, n), 3)
        return _bernoulli_case(y, p)
    return draw


_BERNOULLI_MISTAKES = [
    (N_("the sign is flipped: that is the mean log-likelihood; the loss is its negative, so it is ≥ 0 "
        "and smaller means a better fit"), lambda y, p: -_bce(y, p)),
    (N_("that is the sum over the points; divide by n (the loss is a mean)"), lambda y, p: y.size * _bce(y, p)),
    (N_("that is the log-likelihood, a sum with a + sign; negate it and divide by n"),
     lambda y, p: -y.size * _bce(y, p)),
    (N_("you divided the sum by n - 1; the mean divides by n"), lambda y, p: y.size * _bce(y, p) / (y.size - 1)),
    (N_("log p and log(1 - p) are swapped: a label y = 1 contributes -log p (p is the probability of a 1), "
        "a label y = 0 contributes -log(1 - p)"),
     lambda y, p: float(-np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)))),
    (N_("that is the likelihood, a product of the probabilities of the labels; take the log of each, "
        "average them and negate"), lambda y, p: float(np.prod(p**y * (1 - p) ** (1 - y)))),
    (N_("the minus sign reached only the first term: negate the whole sum, -(y log p + (1 - y) log(1 - p))"),
     lambda y, p: float(-np.mean(y * np.log(p)) + np.mean((1 - y) * np.log(1 - p)))),
    (N_("the labels y = 0 are missing: each one contributes -log(1 - p), through the term (1 - y) log(1 - p)"),
     lambda y, p: float(-np.mean(y * np.log(p)))),
    (N_("the labels y = 1 are missing: each one contributes -log p, through the term y log p"),
     lambda y, p: float(-np.mean((1 - y) * np.log(1 - p)))),
    (N_("the factor (1 - y) is missing in front of log(1 - p): a label y = 1 must not contribute it"),
     lambda y, p: float(-np.mean(y * np.log(p) + np.log(1 - p)))),
    (N_("Python read 1 - y * log(1 - p); put (1 - y) in parentheses"),
     lambda y, p: float(-np.mean(y * np.log(p) + 1 - y * np.log(1 - p)))),
    (N_("that is the log in base 2; use the natural logarithm np.log"), lambda y, p: _bce(y, p) / math.log(2)),
    (N_("that is the log in base 10; use the natural logarithm np.log"), lambda y, p: _bce(y, p) / math.log(10)),
]


@checker(N_("your Bernoulli NLL is right on the visible cases and on fresh random labels, "
            "with one probability per label and with a single shared probability"))
def check_bernoulli_nll(fn):
    """fn(y, p) should return the mean negative log-likelihood of the 0/1 labels y.

        -(1/n) sum [y_i log p_i + (1 - y_i) log(1 - p_i)]

    p is an array of probabilities (one per y_i) or a single number.
    """
    fixed = [
        _bernoulli_case(np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.7, 0.4])),
        _bernoulli_case(np.array([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]), np.array([0.3, 0.8, 0.55, 0.1, 0.45, 0.25])),
        _bernoulli_case(np.array([1.0, 0.0, 0.0, 1.0, 0.0]), 0.3),
    ]
    fresh = _in_turn(_bernoulli_fresh(False), _bernoulli_fresh(True), _bernoulli_fresh(False))
    all_cases = cases(fixed, fresh)

    def verdict(some_cases, otherwise):
        return judge(
            fn, some_cases, _bce,
            lambda raw, case: _one_number(raw, case, _("the loss is a single number, the mean of those terms"),
                                              N_("label")),
            mistakes=_BERNOULLI_MISTAKES, otherwise=otherwise,
        )

    problem = verdict(all_cases, _("Each label contributes -log of the probability the model gave it; "
                                   "average those over the labels."))
    if problem is not None and verdict([c for c in all_cases if np.ndim(c.args[1]) == 1], "") is None:
        head, _colon, hint = verdict([c for c in all_cases if np.ndim(c.args[1]) == 0], "").partition(": ")
        if hint:  # a mistake explains every case with a single p
            return _("{head}: {hint} (your answer is right whenever p is an array, only a single p goes wrong)").format(
                head=head, hint=hint)
        return _("{head}: your answer is right whenever p is an array, but not when p is a single number shared "
                 "by all the labels; the same formula works for both (numpy pairs one number with every "
                 "label)").format(
                     head=head)
    return problem


# --- 4. the derivative of the NLL in mu -----------------------------------------------------------


def _grad(x, mu, sigma) -> float:
    return float(-np.sum(x - mu) / sigma**2)


def _grad_case(x, mu, sigma) -> Case:
    return Case((x, mu, sigma), f"nll_grad_mu(x={_show(x)}, mu={mu}, sigma={sigma})", info={"n": x.size})


def _grad_fresh(rng) -> Case:
    n = int(rng.integers(4, 30))
    center = round(float(rng.uniform(-10, 10)), 2)
    sigma = _sigma(rng)
    x = _sample(rng, n, center, float(rng.uniform(0.5, 3.0)))
    mu = round(float(x.mean()) + float(rng.uniform(0.3, 2.0)) * float(rng.choice([-1, 1])), 2)  # μ away from x̄
    return _grad_case(x, mu, sigma)


def _nll(x, mu, s):
    return -_loglik(x, mu, s)


_GRAD_MISTAKES = [
    (N_("your result is 0 on every case, but the derivative vanishes only where μ equals the sample mean; "
        "did you put the sample mean where μ belongs?"), lambda x, mu, s: 0.0),
    (N_("the sign is flipped: that is the derivative of the log-likelihood ℓ (it points uphill); "
        "the NLL is -ℓ, so its derivative has the opposite sign"), lambda x, mu, s: -_grad(x, mu, s)),
    (N_("that is the derivative of the mean NLL (divided by n); the exercise asks for the summed NLL"),
     lambda x, mu, s: _grad(x, mu, s) / x.size),
    (N_("that is the derivative of the mean log-likelihood: the sign is flipped and it is divided by n; "
        "the exercise asks for the summed NLL"), lambda x, mu, s: -_grad(x, mu, s) / x.size),
    (N_("the factor 1/σ² is missing: the squared deviations are divided by 2σ², and that survives "
        "the differentiation"), lambda x, mu, s: -np.sum(x - mu)),
    (N_("the sign is flipped and the factor 1/σ² is missing"), lambda x, mu, s: np.sum(x - mu)),
    (N_("divide by σ², not by σ (the argument sigma is the standard deviation)"),
     lambda x, mu, s: -np.sum(x - mu) / s),
    (N_("the sign is flipped, and divide by σ², not by σ"), lambda x, mu, s: np.sum(x - mu) / s),
    (N_("you multiplied by σ² instead of dividing (write / sigma**2, or put a denominator in parentheses)"),
     lambda x, mu, s: -np.sum(x - mu) * s**2),
    (N_("you lost a factor 2: the 2 from differentiating the square (xᵢ - μ)² cancels the 2 in 2σ²"),
     lambda x, mu, s: _grad(x, mu, s) / 2),
    (N_("the sign is flipped, and you lost a factor 2: the 2 from differentiating the square cancels "
        "the 2 in 2σ²"), lambda x, mu, s: -_grad(x, mu, s) / 2),
    (N_("a factor 2 too many: the 2 from differentiating the square (xᵢ - μ)² cancels the 2 in 2σ²"),
     lambda x, mu, s: 2 * _grad(x, mu, s)),
    (N_("that is the NLL itself, not its derivative in μ"), _nll),
    (N_("that is the log-likelihood itself, not the derivative of the NLL in μ"), _loglik),
    (N_("that is the μ-part of the NLL, the squared deviations over 2σ², not its derivative"),
     lambda x, mu, s: np.sum((x - mu) ** 2) / (2 * s**2)),
    (N_("the derivative of (xᵢ - μ)² is linear in (xᵢ - μ): no square is left after differentiating"),
     lambda x, mu, s: -np.sum((x - mu) ** 2) / s**2),
    (N_("that is the derivative with respect to σ; the exercise asks for the derivative with respect to μ"),
     lambda x, mu, s: x.size / s - np.sum((x - mu) ** 2) / s**3),
    (N_("that is the derivative with respect to the variance σ²; the exercise asks for the derivative "
        "with respect to μ"), lambda x, mu, s: x.size / (2 * s**2) - np.sum((x - mu) ** 2) / (2 * s**4)),
]


@checker(N_("your derivative is right on the visible cases and on fresh random samples, means and spreads"))
def check_nll_grad_mu(fn):
    """fn(x, mu, sigma) should return the derivative with respect to mu of the summed negative
    log-likelihood -log L(mu, sigma) of the samples x (the learner derives it on paper)."""
    fixed = [_grad_case(_X, 4.0, 0.8), _grad_case(_X, 6.0, 2.0), _grad_case(_Y, -1.0, 0.5)]
    return judge(
        fn, cases(fixed, _grad_fresh), _grad,
        lambda raw, case: _one_number(raw, case, _("the NLL is a sum over the points, and so is its derivative")),
        mistakes=_GRAD_MISTAKES,
        otherwise=_("Write -ℓ(μ, σ²) out, keep only the terms that contain μ, and differentiate each square."),
    )
