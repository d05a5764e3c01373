"""Softmax and the categorical cross-entropy: the output layer of a classifier with K classes.

A model gives every example one score (logit) per class, a row z of K numbers. Softmax turns
the row into probabilities, and the categorical cross-entropy scores them against the labels:

    softmax(z)_k = exp(z_k) / sum_j exp(z_j)                 positive, and the row adds up to 1
    CE(Z, y) = -(1/n) sum_i log softmax(z_i)[y_i]           the mean negative log-likelihood
    dCE/dZ   = (softmax(Z) - Y) / n                         Y: the labels one-hot, one row each

The cross-entropy is the categorical negative log-likelihood of notebook 05 with the model's
probabilities in place of the frequencies, divided by n. Its gradient with respect to the
scores is "prediction minus target", as for logistic regression.

Numerical stability. exp(1000) overflows to inf and exp(-1000) underflows to 0, so the formulas
are computed with the log-sum-exp trick: subtracting the row's largest score m changes nothing,

    softmax(z) = softmax(z - m),    log softmax(z)_k = z_k - m - log sum_j exp(z_j - m),

and after the shift every exponent is <= 0, with at least one equal to 0: no overflow, and the
sum is at least 1, so its log is never log 0.

Labels y come in either form: class numbers (n,) with values 0..K-1 (ints, or floats that are
whole numbers), or target probabilities (n, K), one row per example, each row >= 0 and adding up
to 1 (one-hot rows are the usual case).
"""

from __future__ import annotations

import numpy as np

from gdlib._validate import array, count
from gdlib.i18n import _

__all__ = [
    "softmax",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "categorical_cross_entropy",
    "categorical_cross_entropy_grad",
]

_MAX_CLASSES = 10_000_000  # a label above this is a mistake, not a class (one_hot would need gigabytes)


# --- argument checks (cheap: these functions run inside training loops) ----------------------------


def _scores(scores, owner: str, *, ndim=(1, 2)) -> np.ndarray:
    """scores as a float array of 1 or 2 dimensions with at least one class; nan and inf are errors."""
    if type(scores) is np.ndarray and scores.dtype == np.float64:
        z = scores
        if not np.isfinite(z).all():
            array("scores", z, owner=owner)  # raises, naming scores
    else:
        z = array("scores", scores, owner=owner, min_size=0)
    dims = (ndim,) if isinstance(ndim, int) else ndim
    if z.ndim not in dims:
        want = _(" or ").join(f"{d}-D" for d in dims)
        what = _(" (n examples, K classes)") if dims == (2,) else ""
        hint = _("; for one example use scores[None, :]") if z.ndim == 1 and dims == (2,) else ""
        raise ValueError(_("{owner}: scores must be a {want} array{what}, got shape {shape}{hint}").format(
            owner=owner, want=want, what=what, shape=z.shape, hint=hint))
    if z.size == 0 or z.shape[-1] == 0:
        raise ValueError(_("{owner}: scores must hold at least one example with at least one class score, "
                           "got shape {shape}").format(owner=owner, shape=z.shape))
    return z


def _labels(y, n: int, k: int, owner: str) -> np.ndarray:
    """The targets as an (n, K) array of probabilities: one-hot rows for class numbers, checked rows otherwise."""
    if type(y) is np.ndarray and y.dtype.kind in "iu":
        labels = y
    else:
        labels = array("y", y, owner=owner, min_size=0)
    if labels.ndim == 2:
        if labels.shape != (n, k):
            raise ValueError(_("{owner}: y as target probabilities must have the shape of scores, ({n}, {k}), "
                               "got y.shape={shape}").format(owner=owner, n=n, k=k, shape=labels.shape))
        labels = labels.astype(float, copy=False)
        if np.any(labels < 0) or not np.allclose(labels.sum(axis=1), 1.0, rtol=0, atol=1e-9):
            raise ValueError(_("{owner}: y as target probabilities must have rows of numbers >= 0 that add up "
                               "to 1 (one-hot rows, for example); for class numbers pass a 1-D array").format(
                                   owner=owner))
        return labels
    if labels.ndim != 1:
        raise ValueError(_("{owner}: y must be the class numbers, shape ({n},), or target probabilities, "
                           "shape ({n}, {k}), got y.shape={shape}").format(owner=owner, n=n, k=k, shape=labels.shape))
    if len(labels) != n:
        raise ValueError(_("{owner}: scores and y must have one row per example: scores has {n} rows, "
                           "y has {rows}").format(owner=owner, n=n, rows=len(labels)))
    if labels.dtype.kind == "f" and np.any(labels != np.round(labels)):
        bad = labels[labels != np.round(labels)][0]
        raise ValueError(_("{owner}: y must hold class numbers 0, 1, ..., K-1 (whole numbers), "
                           "got e.g. {bad:g}").format(owner=owner, bad=bad))
    if n and (labels.min() < 0 or labels.max() >= k):
        bad = labels.min() if labels.min() < 0 else labels.max()
        raise ValueError(_("{owner}: y must hold class numbers 0..{last} (scores has K = {k} columns), "
                           "got the label {bad:g}").format(owner=owner, last=k - 1, k=k, bad=bad))
    Y = np.zeros((n, k))
    Y[np.arange(n), labels.astype(np.int64)] = 1.0
    return Y


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax along the last axis, shifted by the row maximum (every exponent <= 0)."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _finite(compute, z: np.ndarray, owner: str) -> np.ndarray:
    """compute(z) without numpy's overflow warnings. Finite scores whose differences leave float range
    (1e308 - (-1e308)) give a non-finite result: say so, never return nan."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = compute(z)
    if np.isfinite(out).all():
        return out
    raise ValueError(_("{owner}: the scores are too far apart for floating point (a difference between two "
                       "scores of one row overflows; the largest |score| is {largest:.3g}): "
                       "a diverging run? try a smaller learning rate").format(owner=owner, largest=np.max(np.abs(z))))


# --- the functions ----------------------------------------------------------------------------------


def softmax(scores) -> np.ndarray:
    """exp(z_k) / sum_j exp(z_j) along the last axis: each row of probabilities adds up to 1.

    scores: one row of K scores (K,) or n rows (n, K). Computed as softmax(z - max z), which is
    the same number and never overflows.
    """
    z = _scores(scores, "softmax")
    return _finite(_softmax, z, "softmax")


def log_softmax(scores) -> np.ndarray:
    """log softmax(z)_k = z_k - logsumexp(z), along the last axis; finite where softmax underflows to 0.

    scores: (K,) or (n, K). The log of a probability that rounds to 0 (exp(-800)) is still a
    number here (-800), where np.log(softmax(z)) would give -inf.
    """
    z = _scores(scores, "log_softmax")
    return _finite(_log_softmax, z, "log_softmax")


def logsumexp(scores) -> np.ndarray | float:
    """log sum_j exp(z_j) along the last axis, as m + log sum_j exp(z_j - m) with m = max z.

    scores: (K,) gives a float, (n, K) gives one value per row, shape (n,).
    """
    z = _scores(scores, "logsumexp")
    m = z.max(axis=-1)
    out = _finite(lambda z: m + np.log(np.exp(z - m[..., None]).sum(axis=-1)), z, "logsumexp")
    return float(out) if out.ndim == 0 else out


def one_hot(labels, n_classes: int) -> np.ndarray:
    """An (n, K) array with a 1 in column labels[i] of row i and 0 elsewhere.

    labels: class numbers 0..K-1, shape (n,); n_classes: K >= 1.
    """
    k = count("n_classes", n_classes, minimum=1, maximum=_MAX_CLASSES)
    if type(labels) is np.ndarray and labels.dtype.kind in "iu":
        y = labels
    else:
        y = array("labels", labels, owner="one_hot", min_size=0)
    if y.ndim != 1:
        raise ValueError(_("one_hot: labels must be a 1-D array of class numbers, got shape {shape}").format(
            shape=y.shape))
    if y.dtype.kind == "f" and np.any(y != np.round(y)):
        raise ValueError(_("one_hot: labels must be class numbers 0, 1, ..., K-1 (whole numbers), "
                           "got e.g. {bad:g}").format(bad=y[y != np.round(y)][0]))
    if y.size and (y.min() < 0 or y.max() >= k):
        bad = y.min() if y.min() < 0 else y.max()
        raise ValueError(_("one_hot: labels must be class numbers 0..{last} for n_classes={k}, "
                           "got the label {bad:g}").format(last=k - 1, k=k, bad=bad))
    Y = np.zeros((y.size, k))
    Y[np.arange(y.size), y.astype(np.int64)] = 1.0
    return Y


def categorical_cross_entropy(scores, y) -> float:
    """-(1/n) sum_i sum_k Y_ik log softmax(z_i)_k: the mean negative log-likelihood of the labels.

    scores: (n, K) class scores (logits, not probabilities); y: class numbers (n,) or target
    probabilities (n, K). With class numbers the inner sum keeps one term, -log p_i[y_i].
    Computed with log_softmax, so a confident wrong answer costs a large finite number, not inf.
    """
    z = _scores(scores, "categorical_cross_entropy", ndim=2)
    Y = _labels(y, z.shape[0], z.shape[1], "categorical_cross_entropy")
    logp = _finite(_log_softmax, z, "categorical_cross_entropy")
    # only the entries with a target weight count: 0 · log p is 0 even where log p is very negative
    return float(-np.sum(Y[Y > 0] * logp[Y > 0]) / z.shape[0])


def categorical_cross_entropy_grad(scores, y) -> np.ndarray:
    """(softmax(Z) - Y) / n: the gradient of categorical_cross_entropy with respect to the scores.

    scores: (n, K); y: class numbers (n,) or target probabilities (n, K). The result has the
    shape of scores; each row adds up to 0 (raising every score of a row by the same amount
    changes no probability).
    """
    z = _scores(scores, "categorical_cross_entropy_grad", ndim=2)
    Y = _labels(y, z.shape[0], z.shape[1], "categorical_cross_entropy_grad")
    return (_finite(_softmax, z, "categorical_cross_entropy_grad") - Y) / z.shape[0]
