"""The likelihood notebook's checkers: each common mistake named, the right answers in other forms accepted,
and fresh cases that really change and avoid the draws where a mistake would agree with the right answer
(test_exercises_contract.py tests what every checker promises: starters, crashes, non-functions, one printed line)."""

import math
import statistics

import numpy as np
import pytest
from checker_helpers import assert_wrong

from gdlib.exercises import _core, likelihood
from gdlib.exercises._core import CORRECT


def status(check, fn):
    return check.diagnose(fn).status


def recorded_args(check, fn, seeds=range(10)):
    """The arguments of every call the checker makes to a right answer, over several fresh draws."""
    seen = []

    def spy(*args):
        seen.append(args)
        return fn(*args)

    for seed in seeds:
        _core.reseed(seed)
        assert check.diagnose(spy).status == CORRECT
    return seen


def fresh_args(check, fn, n_fixed=3, seeds=range(10)):
    per_check = n_fixed + _core.FRESH_CASES
    seen = recorded_args(check, fn, seeds)
    return [args for i, args in enumerate(seen) if i % per_check >= n_fixed]


def fresh_changes(check, fn, n_fixed=3):
    """The fixed cases stay, the fresh ones differ from one check to the next."""
    first = recorded_args(check, fn, seeds=[1])
    second = recorded_args(check, fn, seeds=[2])
    same = [all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(p, q, strict=True))
            for p, q in zip(first, second, strict=True)]
    return same[:n_fixed] == [True] * n_fixed and not any(same[n_fixed:])


# ---- normal log-likelihood ---------------------------------------------------------------

def loglik(x, mu, sigma):
    return -len(x) / 2 * np.log(2 * np.pi * sigma**2) - np.sum((x - mu) ** 2) / (2 * sigma**2)


def pdf(x, mu, sigma):
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)


def loglik_loop(x, mu, sigma):
    total = 0.0
    for xi in x:
        total += -0.5 * math.log(2 * math.pi) - math.log(sigma) - (xi - mu) ** 2 / (2 * sigma * sigma)
    return total


def loglik_var(x, mu, sigma):
    var = sigma**2
    n = x.size
    return -0.5 * n * np.log(2 * np.pi) - 0.5 * n * np.log(var) - ((x - mu) @ (x - mu)) / (2 * var)


@pytest.mark.parametrize("right", [
    loglik,
    lambda x, mu, s: np.sum(np.log(pdf(x, mu, s))),
    loglik_loop,
    loglik_var,
    lambda x, mu, s: float(-x.size * np.log(s * np.sqrt(2 * np.pi)) - np.sum(((x - mu) / s) ** 2) / 2),
])
def test_normal_log_likelihood_right_answers_pass(right):
    assert status(likelihood.check_normal_log_likelihood, right) == CORRECT


S = np.sum


@pytest.mark.parametrize("wrong, words", [
    (lambda x, mu, s: np.log(np.prod(pdf(x, mu, s))), ("underflows", "sum of logs")),
    (lambda x, mu, s: np.prod(pdf(x, mu, s)), ("likelihood itself", "product")),
    (lambda x, mu, s: -loglik(x, mu, s), ("sign is flipped",)),
    (lambda x, mu, s: loglik(x, mu, s) / len(x), ("mean log-likelihood",)),
    (lambda x, mu, s: np.mean(np.log(pdf(x, mu, s))), ("mean log-likelihood",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s**2) - S((x - mu) ** 2) / 2 * s**2, ("parentheses",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s**2) - S(x - mu) ** 2 / (2 * s**2), ("squares the sum",)),
    (lambda x, mu, s: loglik(x, x.mean(), s), ("does not change with mu",)),
    (lambda x, mu, s: -S((x - mu) ** 2) / (2 * s**2), ("normalising term",)),
    (lambda x, mu, s: -0.5 * np.log(2 * np.pi * s**2) - S((x - mu) ** 2) / (2 * s**2), ("once per data point",)),
    (lambda x, mu, s: -len(x) * np.log(2 * np.pi * s**2) - S((x - mu) ** 2) / (2 * s**2), ("factor 1/2",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi) * s**2 - S((x - mu) ** 2) / (2 * s**2), ("inside the log",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s**2) - S((x - mu) ** 2) / s**2, ("not by σ²",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s) - S((x - mu) ** 2) / (2 * s), ("both places",)),
    (lambda x, mu, s: loglik(x, mu, np.sqrt(s)), ("both places",)),  # sigma read as a variance
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s) - S((x - mu) ** 2) / (2 * s**2), ("inside the log",)),
    (lambda x, mu, s: -len(x) / 2 * np.log(2 * np.pi * s**2) - S((x - mu) ** 2) / (2 * s), ("denominator",)),
    (lambda x, mu, s: np.sum(np.log(np.exp(-(x - mu) ** 2 / (2 * s**2)) / (np.sqrt(2 * np.pi) * s**2))),
     ("squared once too often",)),
    (lambda x, mu, s: np.sum(np.log10(pdf(x, mu, s))), ("base 10",)),
    (lambda x, mu, s: np.sum(np.log2(pdf(x, mu, s))), ("base 2",)),
    (lambda x, mu, s: -len(x) / 2 * np.log10(2 * np.pi * s**2) - S((x - mu) ** 2) / (2 * s**2), ("log10",)),
    (lambda x, mu, s: np.log(pdf(x, mu, s)), ("one per data point", "sum")),
    (lambda x, mu, s: loglik(x, mu, s) + 1.0, ("expected", "term by term")),
    (lambda x, mu, s: round(loglik(x, mu, s), 2), ("expected",)),
])
def test_normal_log_likelihood_mistakes(wrong, words):
    assert_wrong(likelihood.check_normal_log_likelihood, wrong, *words)


def test_normal_log_likelihood_message_shows_the_visible_case_and_its_value():
    # x = [4.1, 5.3, 6.0, 4.8, 5.6], mu = 5, sigma = 0.8: squared deviations .81 + .09 + 1 + .04 + .36 = 2.3
    want = -2.5 * math.log(2 * math.pi * 0.64) - 2.3 / 1.28
    fb = assert_wrong(likelihood.check_normal_log_likelihood, lambda x, mu, s: 0.0)
    assert "normal_loglik(x=[4.1, 5.3, 6, 4.8, 5.6], mu=5.0, sigma=0.8)" in fb.message
    assert f"expected {want:.6g}" in fb.message


def test_normal_log_likelihood_fresh_cases_change_and_avoid_degenerate_draws():
    assert fresh_changes(likelihood.check_normal_log_likelihood, loglik)
    fresh = fresh_args(likelihood.check_normal_log_likelihood, loglik)
    assert len({x.size for x, _, _ in fresh}) > 10  # a random number of points
    for x, mu, sigma in fresh:
        assert abs(sigma - 1) > 0.2 and abs(sigma - 0.5) > 0.05  # sigma and sigma² (and 2 sigma²) differ
        assert abs(mu - x.mean()) > 0.05 and not np.allclose(x, np.round(x))  # fractional data, mu not x̄
    # every check has a sample whose plain product of densities underflows, and samples where it does not
    per_check = [fresh[i:i + 3] for i in range(0, len(fresh), 3)]
    for group in per_check:
        products = [np.prod(pdf(x, mu, s)) for x, mu, s in group]
        assert 0.0 in products and any(p > 0 for p in products)


# ---- normal MLE --------------------------------------------------------------------------

def mle_loop(x):
    total = 0.0
    for xi in x:
        total += xi
    mu = total / len(x)
    sq = 0.0
    for xi in x:
        sq += (xi - mu) ** 2
    return mu, sq / len(x)


@pytest.mark.parametrize("right", [
    lambda x: (x.mean(), np.mean((x - x.mean()) ** 2)),
    lambda x: (np.mean(x), np.var(x)),
    lambda x: (np.mean(x), np.std(x) ** 2),
    lambda x: (np.mean(x), np.mean(x**2) - np.mean(x) ** 2),
    lambda x: (statistics.fmean(x), statistics.pvariance(x)),
    lambda x: [float(x.mean()), float(x.var())],
    mle_loop,
])
def test_normal_mle_right_answers_pass(right):
    assert status(likelihood.check_normal_mle, right) == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda x: (x.mean(), x.var(ddof=1)), ("n - 1", "unbiased", "divides by n")),
    (lambda x: (x.mean(), x.std()), ("standard deviation", "without the root")),
    (lambda x: (x.mean(), x.std(ddof=1)), ("standard deviation", "n - 1")),
    (lambda x: (x.var(), x.mean()), ("order is swapped",)),
    (lambda x: (np.median(x), x.var()), ("median",)),
    (lambda x: (np.sort(x)[len(x) // 2], x.var()), ("middle element",)),
    (lambda x: (x.sum(), x.var()), ("sum of the data",)),
    (lambda x: (round(x.mean()), x.var()), ("rounded",)),
    (lambda x: ((x.min() + x.max()) / 2, x.var()), ("halfway",)),
    (lambda x: (x.mean(), np.mean(x**2)), ("subtract the mean",)),
    (lambda x: (x.mean(), np.sum((x - x.mean()) ** 2)), ("divide it by n",)),
    (lambda x: (x.mean(), np.var(x) / len(x)), ("divided by n twice",)),
    (lambda x: (x.mean(), np.mean(x) ** 2 - np.mean(x**2)), ("sign is flipped",)),
    (lambda x: (x.mean(), np.mean(np.abs(x - x.mean()))), ("absolute deviation",)),
    (lambda x: (x.mean(), np.mean((x - np.median(x)) ** 2)), ("from the median",)),
    (lambda x: (x.mean(), round(x.var())), ("rounded",)),
    (lambda x: x.mean(), ("return mu_hat, var_hat",)),
    (lambda x: np.array([x.mean(), x.var()]), ("return mu_hat, var_hat",)),
    (lambda x: (x.mean(), x.var(), x.std()), ("return mu_hat, var_hat",)),
    (lambda x: (x.mean() + 1, x.var()), ("mu_hat", "sample mean")),
    (lambda x: (x.mean(), x.var() + 0.5), ("var_hat", "squared deviations")),
])
def test_normal_mle_mistakes(wrong, words):
    assert_wrong(likelihood.check_normal_mle, wrong, *words)


def test_normal_mle_message_shows_the_whole_number_case():
    # [2, 4, 4, 5, 7, 8]: mean 5, squared deviations 9 + 1 + 1 + 0 + 4 + 9 = 24, so 24/6 = 4 and 24/5 = 4.8
    fb = assert_wrong(likelihood.check_normal_mle, lambda x: (x.mean(), x.var(ddof=1)))
    assert "normal_fit(x=[2, 4, 4, 5, 7, 8]) returned var_hat = 4.8, expected 4" in fb.message


def test_normal_mle_changing_the_data_in_place_is_wrong():
    def centres_in_place(x):
        mu = x.mean()
        x -= mu
        return mu, np.mean(x**2)

    assert_wrong(likelihood.check_normal_mle, centres_in_place, "in place")


def test_normal_mle_fresh_cases_change_and_avoid_degenerate_draws():
    right = lambda x: (x.mean(), x.var())  # noqa: E731
    assert fresh_changes(likelihood.check_normal_mle, right)
    fresh = [x for (x,) in fresh_args(likelihood.check_normal_mle, right)]
    assert len({x.size for x in fresh}) > 10
    for x in fresh:
        mean, var = x.mean(), x.var()
        assert abs(mean - np.median(x)) > 0.05 * x.std()  # the median is not the mean
        assert abs(var - 1) > 0.2  # variance and standard deviation differ
        assert abs(mean - round(mean)) > 0.01 and abs(var - round(var)) > 0.01  # fractional answers


# ---- Bernoulli NLL -----------------------------------------------------------------------

def nll(y, p):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def nll_loop(y, p):
    ps = np.broadcast_to(p, y.shape)
    total = 0.0
    for yi, pi in zip(y, ps, strict=True):
        total += -math.log(pi) if yi == 1 else -math.log(1 - pi)
    return total / len(y)


@pytest.mark.parametrize("right", [
    nll,
    nll_loop,
    lambda y, p: np.mean(-np.log(np.where(y == 1, p, 1 - p))),
    lambda y, p: -np.mean(y * np.log(np.clip(p, 1e-15, 1 - 1e-15)) + (1 - y) * np.log(np.clip(1 - p, 1e-15, 1))),
    lambda y, p: -(np.sum(y * np.log(p)) + np.sum((1 - y) * np.log(1 - p))) / y.size,
])
def test_bernoulli_nll_right_answers_pass(right):
    assert status(likelihood.check_bernoulli_nll, right) == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda y, p: -nll(y, p), ("sign is flipped",)),
    (lambda y, p: len(y) * nll(y, p), ("sum over the points", "divide by n")),
    (lambda y, p: -len(y) * nll(y, p), ("negate it and divide by n",)),
    (lambda y, p: len(y) * nll(y, p) / (len(y) - 1), ("n - 1",)),
    (lambda y, p: -np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)), ("swapped",)),
    (lambda y, p: np.prod(p**y * (1 - p) ** (1 - y)), ("likelihood", "product")),
    (lambda y, p: -np.mean(y * np.log(p)) + np.mean((1 - y) * np.log(1 - p)), ("only the first term",)),
    (lambda y, p: -np.mean(y * np.log(p)), ("y = 0 are missing",)),
    (lambda y, p: -np.mean((1 - y) * np.log(1 - p)), ("y = 1 are missing",)),
    (lambda y, p: -np.mean(y * np.log(p) + np.log(1 - p)), ("factor (1 - y)",)),
    (lambda y, p: -np.mean(y * np.log(p) + 1 - y * np.log(1 - p)), ("parentheses",)),
    (lambda y, p: -np.mean(y * np.log2(p) + (1 - y) * np.log2(1 - p)), ("base 2", "natural logarithm")),
    (lambda y, p: -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)), ("base 10",)),
    (lambda y, p: -(y * np.log(p) + (1 - y) * np.log(1 - p)), ("one per label", "mean")),
    (lambda y, p: nll(y, p) + 0.1, ("expected", "average")),
])
def test_bernoulli_nll_mistakes(wrong, words):
    assert_wrong(likelihood.check_bernoulli_nll, wrong, *words)


def test_bernoulli_nll_only_array_p_is_wrong_for_a_single_shared_p():
    def indexes_p(y, p):
        return -np.mean([math.log(p[i]) if y[i] == 1 else math.log(1 - p[i]) for i in range(len(y))])

    fb = assert_wrong(likelihood.check_bernoulli_nll, indexes_p, "p=0.3")
    assert "TypeError" in fb.message


def test_bernoulli_nll_wrong_only_for_a_single_shared_p_says_so():
    def array_only(y, p):
        return nll(y, p) if np.ndim(p) else 0.1

    assert_wrong(likelihood.check_bernoulli_nll, array_only, "p=0.3", "right whenever p is an array")

    def swapped_for_a_single_p(y, p):
        return nll(y, p) if np.ndim(p) else nll(1 - y, p)

    assert_wrong(likelihood.check_bernoulli_nll, swapped_for_a_single_p, "swapped", "only a single p goes wrong")


def test_bernoulli_nll_message_shows_the_first_case():
    # y = [1, 0, 1, 1, 0], p = [0.9, 0.2, 0.6, 0.7, 0.4]: -log of 0.9, 0.8, 0.6, 0.7, 0.6, averaged
    want = -(math.log(0.9) + math.log(0.8) + math.log(0.6) + math.log(0.7) + math.log(0.6)) / 5
    fb = assert_wrong(likelihood.check_bernoulli_nll, lambda y, p: 0.0)
    assert "bernoulli_nll(y=[1, 0, 1, 1, 0], p=[0.9, 0.2, 0.6, 0.7, 0.4])" in fb.message
    assert f"expected {want:.6g}" in fb.message


def test_bernoulli_nll_fresh_cases_change_and_avoid_degenerate_draws():
    assert fresh_changes(likelihood.check_bernoulli_nll, nll)
    fresh = fresh_args(likelihood.check_bernoulli_nll, nll)
    scalar = [(y, p) for y, p in fresh if np.ndim(p) == 0]
    arrays = [(y, p) for y, p in fresh if np.ndim(p) == 1]
    assert len(scalar) >= 10 and len(arrays) >= 10  # both kinds in every check
    for y, p in fresh:
        assert 0 < y.sum() < y.size  # both classes: no term can be dropped unseen
        assert np.all((p > 0) & (p < 1))
    for y, p in scalar:
        assert abs(p - 0.5) > 0.1 and 2 * y.sum() != y.size  # y and 1 - y swapped would agree otherwise
    for y, p in arrays:
        assert p.shape == y.shape


# ---- gradient of the NLL in mu -----------------------------------------------------------

def grad(x, mu, sigma):
    return -np.sum(x - mu) / sigma**2


def grad_loop(x, mu, sigma):
    g = 0.0
    for xi in x:
        g -= (xi - mu) / (sigma * sigma)
    return g


@pytest.mark.parametrize("right", [
    grad,
    lambda x, mu, s: len(x) * (mu - x.mean()) / s**2,
    lambda x, mu, s: (mu * x.size - x.sum()) / s**2,
    grad_loop,
])
def test_nll_grad_mu_right_answers_pass(right):
    assert status(likelihood.check_nll_grad_mu, right) == CORRECT


@pytest.mark.parametrize("wrong, words", [
    (lambda x, mu, s: 0.0, ("0 on every case", "sample mean")),
    (lambda x, mu, s: -np.sum(x - x.mean()) / s**2, ("0 on every case",)),
    (lambda x, mu, s: np.sum(x - mu) / s**2, ("sign is flipped", "log-likelihood")),
    (lambda x, mu, s: -np.mean(x - mu) / s**2, ("mean NLL",)),
    (lambda x, mu, s: np.mean(x - mu) / s**2, ("mean log-likelihood",)),
    (lambda x, mu, s: -np.sum(x - mu), ("1/σ² is missing",)),
    (lambda x, mu, s: np.sum(x - mu), ("sign is flipped and the factor 1/σ² is missing",)),
    (lambda x, mu, s: -np.sum(x - mu) / s, ("not by σ",)),
    (lambda x, mu, s: np.sum(x - mu) / s, ("sign is flipped", "not by σ")),
    (lambda x, mu, s: -np.sum(x - mu) * s**2, ("multiplied by σ²",)),
    (lambda x, mu, s: -np.sum(x - mu) / (2 * s**2), ("lost a factor 2",)),
    (lambda x, mu, s: np.sum(x - mu) / (2 * s**2), ("sign is flipped", "lost a factor 2")),
    (lambda x, mu, s: -2 * np.sum(x - mu) / s**2, ("factor 2 too many",)),
    (lambda x, mu, s: -loglik(x, mu, s), ("NLL itself",)),
    (lambda x, mu, s: loglik(x, mu, s), ("log-likelihood itself",)),
    (lambda x, mu, s: np.sum((x - mu) ** 2) / (2 * s**2), ("μ-part of the NLL",)),
    (lambda x, mu, s: -np.sum((x - mu) ** 2) / s**2, ("no square is left",)),
    (lambda x, mu, s: len(x) / s - np.sum((x - mu) ** 2) / s**3, ("with respect to σ;",)),
    (lambda x, mu, s: len(x) / (2 * s**2) - np.sum((x - mu) ** 2) / (2 * s**4), ("variance σ²",)),
    (lambda x, mu, s: -(x - mu) / s**2, ("one per data point", "sum")),
    (lambda x, mu, s: grad(x, mu, s) + 1.0, ("expected", "differentiate")),
])
def test_nll_grad_mu_mistakes(wrong, words):
    assert_wrong(likelihood.check_nll_grad_mu, wrong, *words)


def test_nll_grad_mu_message_shows_the_first_case():
    # x = [4.1, 5.3, 6.0, 4.8, 5.6], mu = 4: the deviations add up to 5.8, and 5.8 / 0.64 = 9.0625
    fb = assert_wrong(likelihood.check_nll_grad_mu, lambda x, mu, s: 1.0)
    assert "nll_grad_mu(x=[4.1, 5.3, 6, 4.8, 5.6], mu=4.0, sigma=0.8) returned 1, expected -9.0625" in fb.message


def test_nll_grad_mu_checker_hands_out_no_formula():
    # the learner derives the derivative on paper: neither docstring may state it
    text = (likelihood.check_nll_grad_mu.diagnose.__doc__ or "") + (likelihood.__doc__ or "")
    for formula in ("(x_i - mu) /", "(x - mu) /", "mu - x", "(xᵢ-μ)/", "(xᵢ - μ)/", "μ - x̄", "n(mu", "n (mu"):
        assert formula not in text, formula
    fb = likelihood.check_nll_grad_mu.diagnose(grad)
    assert not any(sym in fb.message for sym in "=/·²√−←^*")


def test_nll_grad_mu_fresh_cases_change_and_avoid_degenerate_draws():
    assert fresh_changes(likelihood.check_nll_grad_mu, grad)
    fresh = fresh_args(likelihood.check_nll_grad_mu, grad)
    assert len({x.size for x, _, _ in fresh}) > 10
    for x, mu, sigma in fresh:
        assert abs(mu - x.mean()) > 0.25  # the derivative is far from 0, so its sign and size show
        assert abs(sigma - 1) > 0.2 and abs(sigma - 0.5) > 0.05  # 1/σ, 1/σ², 1/(2σ²) differ


# ---- all four ----------------------------------------------------------------------------

@pytest.mark.parametrize("check", [likelihood.check_normal_log_likelihood, likelihood.check_normal_mle,
                                   likelihood.check_bernoulli_nll, likelihood.check_nll_grad_mu])
def test_correct_messages_say_what_was_tested_not_the_formula(check):
    right = {"check_normal_log_likelihood": loglik, "check_normal_mle": lambda x: (x.mean(), x.var()),
             "check_bernoulli_nll": nll, "check_nll_grad_mu": grad}[check.__name__]
    fb = check.diagnose(right)
    assert fb.status == CORRECT and "fresh" in fb.message
    assert not any(sym in fb.message for sym in "=/·²√−←^*")


def test_no_module_private_tolerance_or_formatter_twins():
    assert not any(hasattr(likelihood, name) for name in ("_close", "_fmt", "_quiet_call"))
