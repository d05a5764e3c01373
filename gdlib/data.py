"""Data sets: two small real ones that ship with gdlib, and synthetic ones drawn from a seed.

iris() and breast_cancer() read CSV files installed with the package (gdlib/datasets/), so a
notebook finds them from any working folder: a clone, Binder, Colab. Their sources and
licences are in the repository's assets/README.md.

The synthetic generators give the same data for the same seed on every machine, so the
printed numbers in the notebooks can be compared by the tests. Every argument is checked
(type, shape, range) before any random number is drawn, so a rejected call leaves a
Generator you passed untouched; arguments so large that the data overflow floating point
are an error too.
"""

from __future__ import annotations

import numbers
from importlib import resources

import numpy as np

from gdlib._validate import MAX_EXAMPLES, array, count, real
from gdlib.i18n import _

__all__ = ["iris", "breast_cancer", "make_rng", "add_intercept", "line", "linear", "logistic"]


def _table(filename: str) -> np.ndarray:
    """A CSV from gdlib/datasets as a numpy structured array: one row per line, columns by header name."""
    with (resources.files("gdlib") / "datasets" / filename).open(encoding="utf-8") as f:
        return np.genfromtxt(f, delimiter=",", names=True, dtype=None, encoding="utf-8")


def iris() -> np.ndarray:
    """Fisher's iris flowers: 150 rows, 50 of each species (setosa, versicolor, virginica).

    A numpy structured array; a column by name gives an array of 150 values:
        table = data.iris()
        table["petal_length_cm"]      # floats, in cm
        table["species"]              # "setosa", "versicolor" or "virginica"
    Columns: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species.
    Source: R. A. Fisher (1936), via scikit-learn's copy; UCI licence CC BY 4.0.
    Each call reads a fresh copy, so changing it changes nothing elsewhere.
    """
    return _table("iris.csv")


def breast_cancer() -> np.ndarray:
    """Breast Cancer Wisconsin (Diagnostic): 569 biopsies, 212 malignant and 357 benign.

    A numpy structured array; a column by name gives an array of 569 values:
        table = data.breast_cancer()
        table["mean_radius"]          # one of the 30 measurements of cell nuclei (floats)
        table["diagnosis"]            # "malignant" or "benign"
        table["malignant"]            # 1 (malignant) or 0 (benign), as int
    The first 30 columns, table.dtype.names[:30], are the measurements (mean_radius, ...,
    worst_fractal_dimension: scikit-learn's feature names with underscores).
    Source: W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), UCI, via scikit-learn's
    copy; UCI licence CC BY 4.0. Each call reads a fresh copy.
    """
    return _table("breast_cancer.csv")


def make_rng(seed) -> np.random.Generator:
    """np.random.default_rng(seed) for an int seed >= 0; a Generator is passed through."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            _("seed must be a non-negative int or a np.random.Generator (so the run can be repeated), "
              "got seed={seed!r}").format(seed=seed)
        )
    if seed < 0:
        raise ValueError(_("seed must be a non-negative int or a np.random.Generator, got seed={seed!r}").format(
            seed=seed))
    return np.random.default_rng(int(seed))


def add_intercept(X) -> np.ndarray:
    """Prepend a column of ones: the coefficient of that column is the intercept b.

    X: n values of one feature (n,), or n rows of features (n, d); the result is (n, 1 + d).
    """
    X = array("X", X, ndim=(1, 2), owner="add_intercept", min_size=0)
    if len(X) == 0:
        raise ValueError(_("add_intercept: X must have at least one row (example), got shape {X_shape}").format(
            X_shape=X.shape))
    if X.ndim == 1:
        X = X[:, None]
    return np.column_stack([np.ones(len(X)), X])


def _count(name: str, value, owner: str) -> int:
    """A whole number >= 1 (the number of examples): _validate.count, with the owner in its message."""
    try:
        return count(name, value, minimum=1, maximum=MAX_EXAMPLES)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{owner}: {error}") from None


def _noise(noise, owner: str) -> float:
    """The standard deviation of the noise: a finite number >= 0."""
    noise = real("noise", noise, owner=owner)
    if noise < 0:
        raise ValueError(_("{owner}: noise must be >= 0 (the standard deviation of the noise), got "
                           "noise={noise!r}").format(
            owner=owner, noise=noise))
    return noise


def _interval(name: str, value, owner: str) -> tuple[float, float]:
    """A pair (low, high) of finite numbers with low < high."""
    pair = array(name, value, ndim=1, owner=owner)
    if pair.size != 2:
        raise ValueError(_("{owner}: {name} must be a pair (low, high), got {name}={value!r}").format(
            owner=owner, name=name, value=value))
    low, high = float(pair[0]), float(pair[1])
    if not low < high:
        raise ValueError(_("{owner}: {name} must be a pair (low, high) with low < high, got {name}={value!r}").format(
            owner=owner, name=name, value=value))
    if not np.isfinite(high - low):
        raise ValueError(_("{owner}: {name} is too wide for floating point (high - low overflows), got "
                           "{name}={value!r}").format(
            owner=owner, name=name, value=value))
    return low, high


def _finite_result(y: np.ndarray, owner: str, names: str) -> np.ndarray:
    if not np.all(np.isfinite(y)):
        raise ValueError(_("{owner}: {names} are too large: the generated y overflows floating point").format(
            owner=owner, names=names))
    return y


def line(n: int = 50, w: float = 2.0, b: float = 1.0, noise: float = 0.5,
         xlim: tuple[float, float] = (0.0, 5.0), seed=0) -> tuple[np.ndarray, np.ndarray]:
    """n points (x, y) with y = w·x + b + noise·N(0, 1) and x uniform in xlim.

    n >= 1; noise >= 0 (0 gives points exactly on the line); xlim = (low, high), low < high;
    seed: an int >= 0 or a np.random.Generator.
    """
    n = _count("n", n, "line")
    w, b = real("w", w, owner="line"), real("b", b, owner="line")
    noise = _noise(noise, "line")
    low, high = _interval("xlim", xlim, "line")
    rng = make_rng(seed)
    x = rng.uniform(low, high, size=n)
    y = w * x + b + noise * rng.standard_normal(n)
    return x, _finite_result(y, "line", _("w, b or noise"))


def linear(n: int = 100, beta=(1.0, 2.0, -3.0), noise: float = 0.5, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Features X (n, p-1) from N(0, 1) and y = beta[0] + X @ beta[1:] + noise·N(0, 1).

    beta may be a matrix (p, m) for m outputs; then y has shape (n, m). p >= 2 (an
    intercept and at least one slope). Use add_intercept(X) to fit beta[0] as the
    coefficient of a column of ones. n >= 1; noise >= 0; seed: an int >= 0 or a Generator.
    """
    n = _count("n", n, "linear")
    beta = array("beta", beta, ndim=(1, 2), owner="linear")
    if len(beta) < 2:
        raise ValueError(_("linear: beta must be (intercept, slope, ...) with at least 2 rows, got shape "
                           "{beta_shape}").format(
            beta_shape=beta.shape))
    noise = _noise(noise, "linear")
    rng = make_rng(seed)
    X = rng.standard_normal((n, len(beta) - 1))
    y = add_intercept(X) @ beta + noise * rng.standard_normal((n,) + beta.shape[1:])
    return X, _finite_result(y, "linear", _("beta or noise"))


def logistic(n: int = 200, w=(2.0, -1.0), b: float = 0.5, seed=0) -> tuple[np.ndarray, np.ndarray]:
    """Features X (n, d) from N(0, 1) and labels y ~ Bernoulli(sigmoid(X @ w + b)), as 0.0 / 1.0.

    n >= 1; w: d >= 1 weights (a 1-D array); b: the intercept; seed: an int >= 0 or a Generator.
    """
    n = _count("n", n, "logistic")
    w = array("w", w, ndim=1, owner="logistic")
    b = real("b", b, owner="logistic")
    rng = make_rng(seed)
    X = rng.standard_normal((n, w.size))
    z = X @ w + b
    if not np.all(np.isfinite(z)):
        raise ValueError(_("logistic: w or b are too large: the scores X @ w + b overflow floating point"))
    with np.errstate(over="ignore"):  # exp(-z) = inf for z < -709 gives p = 0, the right limit
        p = 1 / (1 + np.exp(-z))
    y = (rng.uniform(size=n) < p).astype(float)
    return X, y
