"""The likelihood notebook's checkers: each common mistake named, and the solutions (test_exercises_contract.py tests
what every checker promises: starters, crashes, non-functions, one printed line)."""

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import likelihood


def status(check, fn):
    return check.diagnose(fn).status


# ---- normal log-likelihood ---------------------------------------------------------------

def loglik(x, mu, sigma):
    return -len(x) / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2)


def pdf(x, mu, sigma):
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)


def test_normal_log_likelihood_solution_and_a_log_pdf_sum_pass():
    check = likelihood.check_normal_log_likelihood
    assert status(check, loglik) == "correct"
    assert status(check, lambda x, mu, s: np.sum(np.log(pdf(x, mu, s)))) == "correct"


@pytest.mark.parametrize("wrong, words", [
    (lambda x, mu, s: np.prod(pdf(x, mu, s)), "product"),
    (lambda x, mu, s: np.log(np.prod(pdf(x, mu, s))), "underflowed"),
    (lambda x, mu, s: -loglik(x, mu, s), "sign is flipped"),
    (lambda x, mu, s: -np.sum((x - mu) ** 2) / (2 * s**2), "-n/2·log(2πσ²) term"),
    (lambda x, mu, s: -0.5 * np.log(2 * np.pi * s**2) - np.sum((x - mu) ** 2) / (2 * s**2),
     "once per data point"),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s) - np.sum((x - mu) ** 2) / (2 * s),
     "σ where the variance σ² belongs"),
    (lambda x, mu, s: loglik(x, mu, s) / len(x), "mean log-likelihood"),
    (lambda x, mu, s: loglik(x, mu, s) + 1.0, "expected"),
])
def test_normal_log_likelihood_mistakes(wrong, words):
    assert_wrong(likelihood.check_normal_log_likelihood, wrong, words)


# ---- normal MLE --------------------------------------------------------------------------

def test_normal_mle_solution_passes():
    check = likelihood.check_normal_mle
    assert status(check, lambda x: (x.mean(), np.mean((x - x.mean()) ** 2))) == "correct"
    assert status(check, lambda x: (np.mean(x), np.var(x))) == "correct"
    assert status(check, lambda x: np.array([x.mean(), x.var()])) == "correct"


@pytest.mark.parametrize("wrong, words", [
    (lambda x: (x.mean(), x.var(ddof=1)), "divided by n-1"),
    (lambda x: (x.mean(), x.std()), "standard deviation"),
    (lambda x: (x.mean(), x.std(ddof=1)), "standard deviation"),
    (lambda x: (x.var(), x.mean()), "order is swapped"),
    (lambda x: (np.median(x), x.var()), "median"),
    (lambda x: (x.mean(), np.mean(x**2)), "subtract the mean"),
    (lambda x: x.mean(), "pair"),
    (lambda x: (x.mean() + 1, x.var()), "sample mean"),
])
def test_normal_mle_mistakes(wrong, words):
    assert_wrong(likelihood.check_normal_mle, wrong, words)


# ---- Bernoulli NLL -----------------------------------------------------------------------

def nll(y, p):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_bernoulli_nll_solution_passes():
    assert status(likelihood.check_bernoulli_nll, nll) == "correct"


@pytest.mark.parametrize("wrong, words", [
    (lambda y, p: -nll(y, p), "sign is flipped"),
    (lambda y, p: len(y) * nll(y, p), "divide by n"),
    (lambda y, p: -len(y) * nll(y, p), "negate it and divide by n"),
    (lambda y, p: -np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)), "swapped"),
    (lambda y, p: np.prod(p**y * (1 - p) ** (1 - y)), "take logs"),
    (lambda y, p: -np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)), "natural logarithm"),
    (lambda y, p: nll(y, p) + 0.1, "expected"),
])
def test_bernoulli_nll_mistakes(wrong, words):
    assert_wrong(likelihood.check_bernoulli_nll, wrong, words)


# ---- gradient of the NLL in mu -----------------------------------------------------------

def test_nll_grad_mu_solution_passes():
    check = likelihood.check_nll_grad_mu
    assert status(check, lambda x, mu, s: -np.sum(x - mu) / s**2) == "correct"
    assert status(check, lambda x, mu, s: len(x) * (mu - x.mean()) / s**2) == "correct"


@pytest.mark.parametrize("wrong, words", [
    (lambda x, mu, s: np.sum(x - mu) / s**2, "sign is flipped"),
    (lambda x, mu, s: -np.sum(x - mu), "divide by σ²"),
    (lambda x, mu, s: -np.sum(x - mu) / s, "not σ"),
    (lambda x, mu, s: -np.sum(x - mu) / (2 * s**2), "factor 2"),
    (lambda x, mu, s: -np.mean(x - mu) / s**2, "mean NLL"),
    (lambda x, mu, s: 0.0, "expected"),
])
def test_nll_grad_mu_mistakes(wrong, words):
    assert_wrong(likelihood.check_nll_grad_mu, wrong, words)
