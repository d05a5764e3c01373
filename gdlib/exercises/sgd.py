"""Checkers for the exercises of the stochastic-gradient-descent notebook (04).

    check_shuffled_batches(fn)    fn(n, batch_size, rng) -> one epoch of index arrays:
                                  rng.permutation(n) cut into pieces of batch_size
                                  (the last one may be smaller)
    check_minibatch_gradient(fn)  fn(w, X, y, batch) -> (2/|B|) X_Bᵀ(X_B w - y_B)
    check_sgd_epoch(fn)           fn(w, X, y, lr, batch_size, rng) -> w after one epoch
    check_bce_gradient(fn)        fn(w, X, y) -> (1/n) Xᵀ(sigmoid(Xw) - y)
"""

from __future__ import annotations

import numpy as np

from gdlib.exercises._core import WRONG, Feedback, Stop, as_array, call, checker
from gdlib.losses import sigmoid

__all__ = [
    "check_bce_gradient",
    "check_minibatch_gradient",
    "check_sgd_epoch",
    "check_shuffled_batches",
]


def _fmt(a) -> str:
    a = np.asarray(a, dtype=float)
    if a.size == 1:
        return f"{float(a):.6g}"
    return np.array2string(a, precision=5, suppress_small=True)


def _close(a, b) -> bool:
    return bool(np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-7, atol=1e-10))


# --- 1. one epoch of shuffled batches ------------------------------------------------------


def _reference_batches(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def _as_batches(value, what):
    """The learner's epoch as a list of 1-D integer arrays, or a WRONG feedback."""
    try:
        batches = [np.asarray(b) for b in value]
    except TypeError:
        raise Stop(Feedback(
            WRONG, f"{what} should be a list of index arrays, but it is {value!r}")) from None
    for b in batches:
        if b.ndim != 1 or (b.size and not np.issubdtype(b.dtype, np.integer)):
            raise Stop(Feedback(WRONG, f"{what} should hold 1-D arrays of integer indices, "
                                       f"but one batch is {b!r}"))
    return batches


@checker("one epoch = rng.permutation(n) cut into batches of batch_size, "
         "the last one possibly smaller")
def check_shuffled_batches(fn):
    """fn(n, batch_size, rng) -> [order[0:s], order[s:2s], ...], order = rng.permutation(n)."""
    for n, s, seed in [(10, 3, 0), (12, 4, 1), (9, 9, 2)]:
        batches = _as_batches(call(fn, n, s, np.random.default_rng(seed)), "the returned epoch")
        want = _reference_batches(n, s, seed)
        head = f"with n = {n}, batch_size = {s}"
        sizes = [len(b) for b in batches]
        flat = np.concatenate(batches) if batches else np.array([], dtype=int)
        same = len(batches) == len(want)
        if same and all(_close(b, c) for b, c in zip(batches, want, strict=True)):
            continue
        if np.array_equal(flat, np.arange(len(flat))) and len(flat) > 1:
            return (f"{head} your batches are {[b.tolist() for b in batches]}: the indices "
                    f"are in their original order 0, 1, 2, ... Shuffle first: "
                    f"order = rng.permutation(n), then cut `order`")
        if len(flat) < n and len(batches) == n // s and all(k == s for k in sizes):
            return (f"{head} you returned {len(batches)} batches covering {len(flat)} of the "
                    f"{n} examples: the last, smaller batch of {n % s} is missing. Keep it "
                    f"(range(0, n, batch_size) includes the start of the last piece), or those "
                    f"examples are never used")
        if len(np.unique(flat)) < len(flat):
            return (f"{head} some indices appear twice ({sorted(flat.tolist())}): that is "
                    f"sampling with replacement. An epoch visits every example exactly once: "
                    f"use rng.permutation(n)")
        if sorted(flat.tolist()) != list(range(n)):
            return (f"{head} your batches hold the indices {sorted(flat.tolist())}, "
                    f"expected every index 0..{n - 1} exactly once")
        if sizes != [len(b) for b in want]:
            return (f"{head} your batch sizes are {sizes}, expected {[len(b) for b in want]}: "
                    f"every batch has batch_size examples except possibly the last")
        again_rng = np.random.default_rng(seed)
        first = _as_batches(call(fn, n, s, again_rng), "the returned epoch")
        second = _as_batches(call(fn, n, s, again_rng), "the returned epoch")
        if all(_close(a, b) for a, b in zip(first, second, strict=True)):
            return (f"{head} two calls with the same generator gave the same order, so every "
                    f"epoch would repeat it. Draw the order from the `rng` argument "
                    f"(rng.permutation(n)); don't create a new generator or fix a seed inside "
                    f"the function")
        return (f"{head} your order {flat.tolist()} is a shuffle, but not the one "
                f"rng.permutation(n) gives ({np.concatenate(want).tolist()}). "
                f"Call rng.permutation(n) once and cut it in order")
    return None


# --- 2. the mini-batch gradient of the MSE --------------------------------------------------


def _batch_grad(w, X, y, batch, *, two=2.0, denom=None, sign=1.0):
    Xb, yb = X[batch], y[batch]
    d = len(batch) if denom is None else denom
    return sign * two / d * Xb.T @ (Xb @ w - yb)


def _regression_case():
    X = np.column_stack([np.ones(8), [0.5, -1.0, 2.0, 1.5, -0.5, 3.0, 0.0, -2.0]])
    y = np.array([1.2, -1.1, 5.3, 3.9, 0.2, 7.4, 0.8, -2.7])
    return X, y


@checker("g_B = (2/|B|)·X_Bᵀ(X_B w − y_B): the MSE gradient averaged over the batch only")
def check_minibatch_gradient(fn):
    """fn(w, X, y, batch) should return (2 / len(batch)) * Xb.T @ (Xb @ w - yb), Xb = X[batch]."""
    X, y = _regression_case()
    n = len(X)
    cases = [(np.array([0.5, 1.0]), np.array([6, 1, 3])),
             (np.array([-1.0, 2.0]), np.array([2, 7, 0, 5, 4]))]
    for w, batch in cases:
        got = as_array(call(fn, w, X, y, batch), w.shape, "the mini-batch gradient")
        want = _batch_grad(w, X, y, batch)
        if _close(got, want):
            continue
        head = (f"at w = {_fmt(w)} with batch {batch.tolist()} you returned {_fmt(got)}, "
                f"expected {_fmt(want)}")
        if _close(got, _batch_grad(w, X, y, batch, denom=1.0)):
            return (f"{head}: {len(batch)} times too large, the batch size. You summed over the "
                    f"batch; divide by len(batch) (a mean), so the step size does not depend on "
                    f"the batch size")
        if _close(got, _batch_grad(w, X, y, batch, denom=n)):
            return (f"{head}: you divided by n = {n}, the size of the whole data set. "
                    f"Average over the batch: divide by len(batch)")
        if _close(got, _batch_grad(w, X, y, np.arange(n))):
            return (f"{head}: that is the full-data gradient. Use only the rows in `batch`: "
                    f"Xb, yb = X[batch], y[batch]")
        if _close(got, _batch_grad(w, X, y, batch, two=1.0)):
            return f"{head}: exactly half. Keep the 2 that comes from differentiating the square"
        if _close(got, -want):
            return (f"{head}: the sign is flipped. The gradient of the MSE is "
                    f"(2/|B|)·X_Bᵀ(X_B w − y_B)")
        return (f"{head}. Take Xb, yb = X[batch], y[batch] and return "
                f"2 * Xb.T @ (Xb @ w - yb) / len(batch)")
    return None


# --- 3. one epoch of mini-batch SGD ----------------------------------------------------------


def _epoch(w, X, y, lr, s, seed, *, shuffle=True, drop_last=False, reuse=False, denom="batch",
           full=False, updates=None):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    starts = list(range(0, n - s + 1 if drop_last else n, s))
    if updates is not None:
        starts = starts[:updates]
    w = np.array(w, dtype=float)
    for i in starts:
        batch = order[:s] if reuse else order[i:i + s]
        if full:
            batch = np.arange(n)
        d = {"batch": len(batch), "sum": 1.0}[denom]
        w = w - lr * _batch_grad(w, X, y, batch, denom=d)
    return w


@checker("one epoch: shuffle with rng.permutation(n), then one step w ← w − α·g_B per batch, "
         "the last one included")
def check_sgd_epoch(fn):
    """fn(w, X, y, lr, batch_size, rng) -> w after one epoch of mini-batch SGD on the MSE."""
    X, y = _regression_case()
    n = len(X)
    w0 = np.array([0.0, 0.0])
    for lr, s, seed in [(0.05, 3, 3), (0.02, 5, 4)]:
        raw = call(fn, w0, X, y, lr, s, np.random.default_rng(seed))
        got = as_array(raw, w0.shape, "the returned w")
        want = _epoch(w0, X, y, lr, s, seed)
        if _close(got, want):
            continue
        k = -(-n // s)
        head = (f"with n = {n}, batch_size = {s}, lr = {lr} (so {k} updates) you returned "
                f"{_fmt(got)}, expected {_fmt(want)}")
        if _close(got, w0):
            return (f"{head}: w never changed. Assign the result back: w = w - lr * g, "
                    f"inside the loop")
        if _close(got, _epoch(w0, X, y, lr, s, seed, reuse=True)):
            return (f"{head}: every update used the same first batch. Take batch number j as "
                    f"order[j*batch_size:(j+1)*batch_size], so the epoch visits all the data")
        if _close(got, _epoch(w0, X, y, lr, s, seed, shuffle=False)):
            return (f"{head}: that is the epoch in the original order 0, 1, 2, ... "
                    f"Shuffle first: order = rng.permutation(n), and cut the batches from "
                    f"`order`")
        if _close(got, _epoch(w0, X, y, lr, s, seed, drop_last=True)):
            return (f"{head}: the last, smaller batch ({n % s} examples) was skipped. "
                    f"Loop over range(0, n, batch_size) so every example is used once per "
                    f"epoch")
        if _close(got, _epoch(w0, X, y, lr, s, seed, denom="sum")):
            return (f"{head}: that is the run with the gradient summed over each batch. "
                    f"Divide by the batch's length (a mean)")
        if _close(got, _epoch(w0, X, y, lr, s, seed, full=True)):
            return (f"{head}: each update used the full-data gradient ({k} steps of batch GD). "
                    f"Compute the gradient on X[batch], y[batch] only")
        if _close(got, _epoch(w0, X, y, lr, s, seed, updates=1)):
            return f"{head}: that is w after the first batch only. Put `return w` after the loop"
        return (f"{head}. order = rng.permutation(len(X)); for each start in "
                f"range(0, n, batch_size): batch = order[start:start + batch_size]; "
                f"w = w - lr * minibatch gradient")
    return None


# --- 4. the gradient of binary cross-entropy -------------------------------------------------


def _bce_grad(w, X, y, *, sign=1.0, denom=None, link=sigmoid, extra=False):
    p = link(X @ w)
    r = (p - y) * (p * (1 - p) if extra else 1.0)
    return sign * X.T @ r / (len(X) if denom is None else denom)


@checker("∇BCE(w) = (1/n)·Xᵀ(σ(Xw) − y): prediction error times input, averaged")
def check_bce_gradient(fn):
    """fn(w, X, y) should return X.T @ (sigmoid(X @ w) - y) / n."""
    X = np.column_stack([np.ones(6), [0.5, -1.5, 2.0, 1.0, -0.5, 3.0],
                         [1.0, 0.0, -1.0, 2.0, 0.5, -2.0]])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    n = len(X)
    for w in (np.array([0.2, 0.8, -0.5]), np.array([-1.0, 0.5, 1.5])):
        got = as_array(call(fn, w, X, y), w.shape, "the BCE gradient")
        want = _bce_grad(w, X, y)
        if _close(got, want):
            continue
        head = f"at w = {_fmt(w)} you returned {_fmt(got)}, expected {_fmt(want)}"
        if _close(got, -want):
            return (f"{head}: the sign is flipped. The gradient is Xᵀ(p − y)/n with p = σ(Xw); "
                    f"y − p is the direction to *step*, not the gradient")
        if _close(got, _bce_grad(w, X, y, denom=1.0)):
            return (f"{head}: {n} times too large. You summed over the examples; "
                    f"divide by n (a mean)")
        if _close(got, _bce_grad(w, X, y, link=lambda z: z)):
            return (f"{head}: you used the raw score Xw as the prediction. "
                    f"Pass it through the sigmoid first: p = sigmoid(X @ w)")
        if _close(got, _bce_grad(w, X, y, extra=True)):
            return (f"{head}: there is an extra factor p(1 − p). That is the gradient of the "
                    f"squared error through a sigmoid; for cross-entropy σ'(z) = p(1 − p) "
                    f"cancels and leaves p − y")
        return f"{head}. Compute p = sigmoid(X @ w) and return X.T @ (p - y) / len(X)"
    return None
