"""mle: closed forms against numpy's own statistics and the log-likelihood they maximise."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlib import mle

samples = st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=50)


@given(x=samples)
def test_normal_mle_is_the_sample_mean_and_the_1_over_n_variance(x):
    mu, var = mle.normal_mle(x)
    assert mu == pytest.approx(np.mean(x), abs=1e-9)
    assert var == pytest.approx(np.var(x, ddof=0), rel=1e-9, abs=1e-9)  # 1/n, not 1/(n-1)


def test_normal_mle_differs_from_the_unbiased_variance_by_n_over_n_minus_1():
    x = [1.0, 2.0, 4.0, 7.0]
    _, var = mle.normal_mle(x)
    assert var * 4 / 3 == pytest.approx(np.var(x, ddof=1))


def test_normal_log_likelihood_matches_the_sum_of_log_densities():
    x, mu, sigma = [0.5, -1.0, 2.0], 0.3, 1.7
    by_hand = sum(math.log(math.exp(-((v - mu) ** 2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2)) for v in x)
    assert mle.normal_log_likelihood(x, mu, sigma) == pytest.approx(by_hand, rel=1e-12)


def test_the_mle_maximises_the_log_likelihood():
    x = np.random.default_rng(3).normal(2.0, 0.5, size=40)
    mu, var = mle.normal_mle(x)
    best = mle.normal_log_likelihood(x, mu, math.sqrt(var))
    for dmu, dvar in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)]:
        assert mle.normal_log_likelihood(x, mu + dmu, math.sqrt(var + dvar)) < best


def test_bernoulli_and_categorical_mle_are_frequencies():
    assert mle.bernoulli_mle([1, 0, 1, 1]) == 0.75
    np.testing.assert_allclose(mle.categorical_mle([0, 2, 2, 1, 2], n_classes=4), [0.2, 0.2, 0.6, 0.0])
    k, n = 3, 4
    best = mle.bernoulli_log_likelihood([1, 0, 1, 1], k / n)
    assert best == pytest.approx(k * math.log(0.75) + (n - k) * math.log(0.25))
    assert mle.bernoulli_log_likelihood([1, 0, 1, 1], 0.7) < best


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: mle.normal_mle([]), "non-empty 1-D"),
        (lambda: mle.normal_mle([[1.0, 2.0]]), "non-empty 1-D"),
        (lambda: mle.normal_mle([1.0, np.nan]), "finite"),
        (lambda: mle.normal_log_likelihood([1.0], 0.0, 0.0), "sigma must be > 0"),
        (lambda: mle.bernoulli_mle([0, 2]), "only 0 and 1"),
        (lambda: mle.bernoulli_log_likelihood([0, 1], 1.0), r"p must be in \(0, 1\)"),
        (lambda: mle.categorical_mle([0.5, 1.0]), "non-negative integers"),
    ],
)
def test_bad_input_is_named(call, words):
    with pytest.raises(ValueError, match=words):
        call()
