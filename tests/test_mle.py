"""mle: closed forms against numpy's own statistics and the log-likelihood they maximise;
data outside the distribution's domain and invalid parameters are named errors."""

import math

import numpy as np
import pytest
from error_helpers import assert_all_lists_the_public_functions, raises
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


# --- valid edge inputs ---------------------------------------------------------------------------------


def test_one_sample_is_enough():
    assert mle.normal_mle([2.5]) == (2.5, 0.0)
    # one sample at the mean: log L = -1/2 log(2 pi sigma²)
    assert mle.normal_log_likelihood([1.0], 1.0, 2.0) == pytest.approx(-0.5 * math.log(8 * math.pi), rel=1e-15)
    assert mle.bernoulli_mle([1]) == 1.0
    assert mle.bernoulli_log_likelihood([0], 0.25) == pytest.approx(math.log(0.75), rel=1e-15)
    np.testing.assert_array_equal(mle.categorical_mle([2]), [0.0, 0.0, 1.0])


def test_arrays_ints_bools_and_numpy_numbers_are_accepted():
    assert mle.normal_mle(np.array([1, 2, 3])) == (2.0, pytest.approx(2 / 3))
    assert mle.normal_log_likelihood([0, 0], np.float64(0.0), np.int64(1)) == pytest.approx(-math.log(2 * math.pi))
    assert mle.bernoulli_mle(np.array([True, False, False, False])) == 0.25
    assert mle.bernoulli_mle(np.array([1.0, 0.0])) == 0.5
    np.testing.assert_array_equal(mle.categorical_mle(np.array([0, 1, 1, 1], dtype=np.uint8)), [0.25, 0.75])
    # labels stored as whole floats (as data.logistic returns them) are class numbers too
    np.testing.assert_array_equal(mle.categorical_mle([1.0, 0.0, 1.0, 1.0], n_classes=3), [0.25, 0.75, 0.0])


def test_categorical_mle_with_every_class_present_does_not_need_n_classes():
    labels = np.array([0, 1, 2, 2])
    np.testing.assert_array_equal(mle.categorical_mle(labels), mle.categorical_mle(labels, n_classes=3))


@pytest.mark.parametrize("sigma", [1e-170, 1e-155, 1e155, 1e200, 1e300])
def test_normal_log_likelihood_stays_right_where_sigma_squared_over_or_underflows(sigma):
    # at x = mu the sum term is 0 and log L = -n/2 log(2 pi) - n log sigma, finite for every sigma
    x = [3.0, 3.0]
    expected = -math.log(2 * math.pi) - 2 * math.log(sigma)
    assert mle.normal_log_likelihood(x, 3.0, sigma) == pytest.approx(expected, rel=1e-14)


def test_normal_log_likelihood_with_a_huge_sigma_has_the_log_sigma_law():
    # sigma = 1e200: sigma² overflows, yet log L = -n/2 log(2 pi) - n log sigma - sum (x - mu)² / (2 sigma²)
    x = np.array([1.0, -2.0, 5.0])
    got = mle.normal_log_likelihood(x, 0.0, 1e200)
    assert got == pytest.approx(-1.5 * math.log(2 * math.pi) - 3 * 200 * math.log(10), rel=1e-14)


# --- bad calls: the error names the argument ----------------------------------------------------------

BAD = [
    # normal_mle
    (lambda: mle.normal_mle([]), ValueError, ["normal_mle: samples must have at least 1 entry", "(0,)"]),
    (lambda: mle.normal_mle([[1.0, 2.0]]), ValueError, ["normal_mle: samples must be a 1-D array", "(1, 2)"]),
    (lambda: mle.normal_mle(3.0), ValueError, ["samples must be a 1-D array", "()"]),
    (lambda: mle.normal_mle([1.0, np.nan]), ValueError, ["samples must contain only finite numbers"]),
    (lambda: mle.normal_mle([1.0, np.inf]), ValueError, ["samples must contain only finite numbers"]),
    (lambda: mle.normal_mle(None), TypeError, ["samples must be an array of numbers"]),
    (lambda: mle.normal_mle("123"), TypeError, ["samples must be an array of numbers"]),
    (lambda: mle.normal_mle([1.0, "a"]), TypeError, ["samples must be an array of numbers"]),
    (lambda: mle.normal_mle([1e308, -1e308]), ValueError, ["normal_mle: the samples are too large", "overflows"]),
    # normal_log_likelihood
    (lambda: mle.normal_log_likelihood([], 0.0, 1.0), ValueError, ["samples must have at least 1 entry"]),
    (lambda: mle.normal_log_likelihood([1.0, np.nan], 0.0, 1.0), ValueError, ["samples must contain only finite"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, 0.0), ValueError, ["sigma must be > 0", "sigma=0.0"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, -1.0), ValueError, ["sigma must be > 0", "sigma=-1.0"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, np.inf), ValueError, ["sigma must be finite"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, "1"), TypeError, ["sigma must be a real number"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, None), TypeError, ["sigma must be a real number"]),
    (lambda: mle.normal_log_likelihood([1.0], np.nan, 1.0), ValueError, ["mu must be finite"]),
    (lambda: mle.normal_log_likelihood([1.0], "0", 1.0), TypeError, ["mu must be a real number", "'0'"]),
    (lambda: mle.normal_log_likelihood([1.0], [0.0, 1.0], 1.0), TypeError, ["mu must be a real number"]),
    (lambda: mle.normal_log_likelihood([1.0], 0.0, 1e-200), ValueError, ["below the smallest float", "sigma=1e-200"]),
    # bernoulli_mle
    (lambda: mle.bernoulli_mle([0, 2]), ValueError, ["bernoulli_mle: outcomes must contain only the labels 0 and 1",
                                                     "2"]),
    (lambda: mle.bernoulli_mle([0, 0.5]), ValueError, ["outcomes must contain only the labels 0 and 1", "0.5"]),
    (lambda: mle.bernoulli_mle([0, -1]), ValueError, ["outcomes must contain only the labels 0 and 1"]),
    (lambda: mle.bernoulli_mle([0, np.nan]), ValueError, ["outcomes must contain only finite numbers"]),
    (lambda: mle.bernoulli_mle([]), ValueError, ["outcomes must have at least 1 entry"]),
    (lambda: mle.bernoulli_mle([[0, 1]]), ValueError, ["outcomes must be a 1-D array"]),
    (lambda: mle.bernoulli_mle("01"), TypeError, ["outcomes must be an array of numbers"]),
    # bernoulli_log_likelihood: the outcomes are checked too
    (lambda: mle.bernoulli_log_likelihood([0, 2], 0.5), ValueError,
     ["bernoulli_log_likelihood: outcomes must contain only the labels 0 and 1"]),
    (lambda: mle.bernoulli_log_likelihood([0, 0.5], 0.5), ValueError, ["outcomes must contain only the labels"]),
    (lambda: mle.bernoulli_log_likelihood([], 0.5), ValueError, ["outcomes must have at least 1 entry"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], 1.0), ValueError, ["p must be a probability in (0, 1)", "p=1.0"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], 0.0), ValueError, ["p must be a probability in (0, 1)"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], -0.2), ValueError, ["p must be a probability in (0, 1)"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], np.nan), ValueError, ["p must be finite"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], "0.5"), TypeError, ["p must be a real number"]),
    (lambda: mle.bernoulli_log_likelihood([0, 1], True), TypeError, ["p must be a real number"]),
    # categorical_mle
    (lambda: mle.categorical_mle([0.5, 1.0]), ValueError, ["categorical_mle: labels must be non-negative integers",
                                                           "0.5"]),
    (lambda: mle.categorical_mle([0, -1]), ValueError, ["labels must be non-negative integers", "label -1"]),
    (lambda: mle.categorical_mle(np.array([0, -1])), ValueError, ["labels must be non-negative integers"]),
    (lambda: mle.categorical_mle([0, 5], n_classes=3), ValueError, ["every label must be below n_classes=3",
                                                                    "label 5"]),
    (lambda: mle.categorical_mle(np.array([0, 3]), 3), ValueError, ["every label must be below n_classes=3"]),
    (lambda: mle.categorical_mle([0], n_classes=0), ValueError, ["categorical_mle: n_classes must be >= 1"]),
    (lambda: mle.categorical_mle([0], n_classes=2.0), TypeError, ["n_classes must be a whole number"]),
    (lambda: mle.categorical_mle([0], n_classes=10**9), ValueError, ["n_classes must be at most"]),
    (lambda: mle.categorical_mle([0, 10**9]), ValueError, ["labels must be class numbers below"]),
    (lambda: mle.categorical_mle([]), ValueError, ["labels must have at least 1 entry"]),
    (lambda: mle.categorical_mle(np.array([], dtype=int)), ValueError, ["labels must be a non-empty 1-D array"]),
    (lambda: mle.categorical_mle(np.zeros((2, 2), dtype=int)), ValueError, ["labels must be a non-empty 1-D array",
                                                                            "(2, 2)"]),
    (lambda: mle.categorical_mle([0, np.nan]), ValueError, ["labels must contain only finite numbers"]),
    (lambda: mle.categorical_mle(["a", "b"]), TypeError, ["labels must be an array of numbers"]),
    (lambda: mle.categorical_mle(None), TypeError, ["labels must be an array of numbers"]),
]


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.parametrize(("call", "error", "words"), BAD)
def test_bad_input_is_named(call, error, words):
    raises(error, words, call)


def test_all_lists_the_public_functions():
    assert_all_lists_the_public_functions(mle)


@given(outcomes=st.lists(st.sampled_from([0, 1]), min_size=1, max_size=40), p=st.floats(0.01, 0.99))
def test_bernoulli_log_likelihood_is_largest_at_the_mle(outcomes, p):
    p_hat = mle.bernoulli_mle(outcomes)
    if 0 < p_hat < 1:
        assert mle.bernoulli_log_likelihood(outcomes, p) <= mle.bernoulli_log_likelihood(outcomes, p_hat) + 1e-12
