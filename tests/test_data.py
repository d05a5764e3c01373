"""data: the generators' arguments are checked before any draw, and valid edge cases still work.

(Seeds, shapes and the intercept column of valid calls are tested in test_data_training.py.)
"""

import numpy as np
import pytest
from error_helpers import assert_all_lists_the_public_functions, raises

from gdlib import data

# --- valid edge inputs ---------------------------------------------------------------------------------


def test_one_example_is_enough():
    x, y = data.line(1, seed=0)
    assert x.shape == y.shape == (1,)
    X, y = data.linear(1, seed=0)
    assert X.shape == (1, 2) and y.shape == (1,)
    X, y = data.logistic(1, w=[1.0], seed=0)
    assert X.shape == (1, 1) and y.shape == (1,)


def test_zero_noise_puts_the_points_on_the_line_and_xlim_bounds_x():
    x, y = data.line(200, w=-1.5, b=4.0, noise=0, xlim=[10, 12], seed=3)
    assert np.all((10 <= x) & (x < 12))
    np.testing.assert_allclose(y, -1.5 * x + 4.0, rtol=1e-15)


def test_numpy_numbers_and_lists_are_accepted_like_python_ones():
    a = data.line(np.int64(20), w=np.float64(2.0), b=1, noise=np.float32(0.5), xlim=np.array([0.0, 5.0]),
                  seed=np.int32(4))
    b = data.line(20, w=2.0, b=1.0, noise=0.5, xlim=(0.0, 5.0), seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(data.linear(5, beta=[1, 2], seed=0)[1], data.linear(5, beta=(1.0, 2.0), seed=0)[1])


def test_multi_output_linear_data_is_linear_in_every_column():
    B = np.array([[1.0, -1.0, 0.0], [2.0, 0.5, 3.0]])  # p = 2 rows (intercept, slope), m = 3 outputs
    X, Y = data.linear(30, beta=B, noise=0.0, seed=2)
    assert X.shape == (30, 1) and Y.shape == (30, 3)
    np.testing.assert_allclose(Y, B[0] + X @ B[1:], rtol=1e-14)


def test_huge_scores_give_certain_labels_without_warnings():
    # w·x of several hundred: sigmoid is 0 or 1 to machine precision; exp(-z) overflows quietly
    X, y = data.logistic(50, w=[1000.0], b=0.0, seed=1)
    np.testing.assert_array_equal(y, (X[:, 0] > 0).astype(float))


def test_add_intercept_of_one_feature_many_features_and_none():
    np.testing.assert_array_equal(data.add_intercept([2, 3]), [[1.0, 2.0], [1.0, 3.0]])
    np.testing.assert_array_equal(data.add_intercept([[2, 3]]), [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(data.add_intercept(np.zeros((2, 0))), [[1.0], [1.0]])  # intercept-only model


def test_make_rng_passes_a_generator_through_and_accepts_numpy_ints():
    g = np.random.default_rng(0)
    assert data.make_rng(g) is g
    assert data.make_rng(np.uint8(7)).uniform() == np.random.default_rng(7).uniform()


def test_a_failed_call_leaves_the_generator_untouched():
    g, fresh = np.random.default_rng(5), np.random.default_rng(5)
    for call in (lambda: data.line(0, seed=g), lambda: data.line(noise=-1.0, seed=g),
                 lambda: data.linear(beta=[1.0], seed=g), lambda: data.logistic(w=[[1.0]], seed=g)):
        with pytest.raises(ValueError):
            call()
    assert g.uniform() == fresh.uniform()


# --- bad calls: the error names the argument ----------------------------------------------------------

BAD = [
    # make_rng, through every generator
    (lambda: data.make_rng(-1), ValueError, ["seed must be a non-negative int", "seed=-1"]),
    (lambda: data.make_rng(1.5), TypeError, ["seed must be a non-negative int or a np.random.Generator", "1.5"]),
    (lambda: data.make_rng(None), TypeError, ["seed must be", "None"]),
    (lambda: data.make_rng(True), TypeError, ["seed must be", "True"]),
    (lambda: data.make_rng("0"), TypeError, ["seed must be", "'0'"]),
    (lambda: data.make_rng(np.random.RandomState(0)), TypeError, ["seed must be", "RandomState"]),
    (lambda: data.line(seed=-3), ValueError, ["seed must be a non-negative int", "seed=-3"]),
    (lambda: data.linear(seed=2.0), TypeError, ["seed must be"]),
    (lambda: data.logistic(seed=None), TypeError, ["seed must be"]),
    # add_intercept
    (lambda: data.add_intercept(3.0), ValueError, ["add_intercept: X must be a 1-D or 2-D array", "()"]),
    (lambda: data.add_intercept(np.ones((2, 2, 2))), ValueError, ["X must be a 1-D or 2-D array"]),
    (lambda: data.add_intercept([]), ValueError, ["add_intercept: X must have at least one row", "(0,)"]),
    (lambda: data.add_intercept([1.0, np.nan]), ValueError, ["X must contain only finite numbers"]),
    (lambda: data.add_intercept(None), TypeError, ["X must be an array of numbers"]),
    (lambda: data.add_intercept("x"), TypeError, ["X must be an array of numbers"]),
    # n, in every generator
    (lambda: data.line(0), ValueError, ["line: n must be >= 1", "n=0"]),
    (lambda: data.line(-5), ValueError, ["line: n must be >= 1"]),
    (lambda: data.line(10.0), TypeError, ["line: n must be a whole number", "n=10.0"]),
    (lambda: data.line(None), TypeError, ["n must be a whole number"]),
    (lambda: data.line(True), TypeError, ["n must be a whole number"]),
    (lambda: data.linear(0), ValueError, ["linear: n must be >= 1"]),
    (lambda: data.linear("100"), TypeError, ["linear: n must be a whole number"]),
    (lambda: data.logistic(0), ValueError, ["logistic: n must be >= 1"]),
    (lambda: data.logistic(2.5), TypeError, ["logistic: n must be a whole number"]),
    # noise: finite and >= 0
    (lambda: data.line(noise=-0.1), ValueError, ["line: noise must be >= 0", "noise=-0.1"]),
    (lambda: data.line(noise=np.inf), ValueError, ["line: noise must be finite"]),
    (lambda: data.line(noise=np.nan), ValueError, ["noise must be finite"]),
    (lambda: data.line(noise="0.5"), TypeError, ["noise must be a real number"]),
    (lambda: data.line(noise=[0.5]), TypeError, ["noise must be a real number"]),
    (lambda: data.linear(noise=-1), ValueError, ["linear: noise must be >= 0"]),
    (lambda: data.linear(noise=np.inf), ValueError, ["linear: noise must be finite"]),
    # w, b: finite numbers
    (lambda: data.line(w=np.nan), ValueError, ["line: w must be finite"]),
    (lambda: data.line(w="2"), TypeError, ["line: w must be a real number"]),
    (lambda: data.line(b=np.inf), ValueError, ["line: b must be finite"]),
    (lambda: data.line(b=None), TypeError, ["line: b must be a real number"]),
    (lambda: data.logistic(b=np.nan), ValueError, ["logistic: b must be finite"]),
    (lambda: data.logistic(b=[0.5]), TypeError, ["logistic: b must be a real number"]),
    # xlim: a pair, low < high
    (lambda: data.line(xlim=(5.0, 0.0)), ValueError, ["line: xlim must be a pair (low, high) with low < high",
                                                      "(5.0, 0.0)"]),
    (lambda: data.line(xlim=(1.0, 1.0)), ValueError, ["xlim must be a pair (low, high) with low < high"]),
    (lambda: data.line(xlim=(0.0, 1.0, 2.0)), ValueError, ["line: xlim must be a pair (low, high)"]),
    (lambda: data.line(xlim=5.0), ValueError, ["xlim must be a 1-D array"]),
    (lambda: data.line(xlim=[[0.0, 1.0]]), ValueError, ["xlim must be a 1-D array"]),
    (lambda: data.line(xlim=(0.0, np.inf)), ValueError, ["xlim must contain only finite numbers"]),
    (lambda: data.line(xlim=(np.nan, 1.0)), ValueError, ["xlim must contain only finite numbers"]),
    (lambda: data.line(xlim="ab"), TypeError, ["xlim must be an array of numbers"]),
    (lambda: data.line(xlim=(-1e308, 1e308)), ValueError, ["xlim is too wide"]),
    # beta: (p,) or (p, m), p >= 2, finite
    (lambda: data.linear(beta=[1.0]), ValueError, ["linear: beta must be (intercept, slope, ...) with at least 2 rows",
                                                   "(1,)"]),
    (lambda: data.linear(beta=[[1.0, 2.0]]), ValueError, ["beta must be (intercept, slope, ...)", "(1, 2)"]),
    (lambda: data.linear(beta=3.0), ValueError, ["linear: beta must be a 1-D or 2-D array", "()"]),
    (lambda: data.linear(beta=np.ones((2, 2, 2))), ValueError, ["beta must be a 1-D or 2-D array"]),
    (lambda: data.linear(beta=np.ones((3, 0))), ValueError, ["beta must have at least 1 entry"]),
    (lambda: data.linear(beta=[1.0, np.nan]), ValueError, ["beta must contain only finite numbers"]),
    (lambda: data.linear(beta=None), TypeError, ["beta must be an array of numbers"]),
    (lambda: data.linear(beta=[1.0, "two"]), TypeError, ["beta must be an array of numbers"]),
    # logistic's w: d >= 1 weights
    (lambda: data.logistic(w=[]), ValueError, ["logistic: w must have at least 1 entry"]),
    (lambda: data.logistic(w=1.0), ValueError, ["logistic: w must be a 1-D array", "()"]),
    (lambda: data.logistic(w=[[1.0, 2.0]]), ValueError, ["w must be a 1-D array", "(1, 2)"]),
    (lambda: data.logistic(w=[1.0, np.inf]), ValueError, ["w must contain only finite numbers"]),
    (lambda: data.logistic(w="12"), TypeError, ["w must be an array of numbers"]),
    # finite arguments so large that the result would overflow
    (lambda: data.line(w=1e308), ValueError, ["line: w, b or noise are too large", "overflows"]),
    (lambda: data.line(noise=1e308), ValueError, ["w, b or noise are too large"]),
    (lambda: data.linear(beta=[1e308, 1e308]), ValueError, ["linear: beta or noise are too large"]),
    (lambda: data.logistic(w=[1e308, -1e308]), ValueError, ["logistic: w or b are too large"]),
]


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@pytest.mark.parametrize(("call", "error", "words"), BAD)
def test_bad_arguments_are_named(call, error, words):
    raises(error, words, call)


def test_all_lists_the_public_functions():
    assert_all_lists_the_public_functions(data)
