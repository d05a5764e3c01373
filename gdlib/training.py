"""Mini-batch training: one loop for batch, stochastic and mini-batch gradient descent.

    for each epoch:
        shuffle the n examples (a new order every epoch)
        for each batch B of the order (size s; the last one may be smaller):
            g = grad(w, X[B], y[B])        # the gradient of the loss on the batch only
            w = rule.step(w, g)

batch_size=None uses all n examples in every step (batch GD), 1 is SGD (one example
per step, "online learning" when the data arrive one by one), s in between is
mini-batch GD. An epoch is one pass over the data: n / s updates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gdlib._validate import count, finite_array, scalar_result
from gdlib.data import make_rng
from gdlib.optim import History, UpdateRule


@dataclass(repr=False)
class TrainHistory(History):
    """A History whose rows are updates; also records when each epoch ended.

    epoch[k]        the epoch (1, 2, ...) in which row k was reached (0 for w0)
    samples_seen[k] how many example gradients were evaluated before row k
    """

    epoch: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    samples_seen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))


def batch_indices(n: int, batch_size: int | None, rng: np.random.Generator | None, shuffle: bool = True):
    """The index arrays of one epoch, in order: a permutation of 0..n-1 cut into batches."""
    order = rng.permutation(n) if shuffle and rng is not None else np.arange(n)
    size = n if batch_size is None else batch_size
    return [order[i:i + size] for i in range(0, n, size)]


def minibatch_descend(
    grad: Callable,
    w0,
    X,
    y,
    rule: UpdateRule,
    epochs: int,
    batch_size: int | None = None,
    *,
    seed=None,
    shuffle: bool = True,
    loss: Callable | None = None,
    lr_schedule: Callable[[int], float] | None = None,
    blowup: float = 1e10,
) -> TrainHistory:
    """Train w from w0 for a number of epochs; see the module docstring for the loop.

    grad(w, Xb, yb) returns the mean gradient over a batch; loss(w, X, y), if given, is
    evaluated on the *full* data after every update (so curves are comparable across
    batch sizes). seed (int or np.random.Generator) is required whenever the order is
    random; the same seed gives the same run. lr_schedule(t) sets rule.lr before update
    t = 1, 2, ... (a global step counter that runs across epochs).
    """
    X = finite_array("X", X)
    y = finite_array("y", y)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n examples, p features), got shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"X and y must have one row per example: X has {len(X)} rows, y has {len(y)}")
    n = len(X)
    w = finite_array("w0", w0)
    if w.ndim == 0 or w.shape[0] != X.shape[1]:
        raise ValueError(
            f"w0 must have one row per column of X: X has {X.shape[1]} columns, but w0 has shape {w.shape}"
        )
    epochs = count("epochs", epochs)
    if batch_size is not None:
        batch_size = count("batch_size", batch_size, minimum=1)
        if batch_size > n:
            raise ValueError(f"batch_size must be between 1 and n = {n} (or None for full batch), got {batch_size}")
    random_order = shuffle and batch_size is not None and batch_size < n
    if random_order and seed is None:
        raise ValueError("seed is required for stochastic or mini-batch runs: pass seed=0 (or any int, or a Generator)")
    rng = make_rng(seed) if seed is not None else None
    rule.reset()

    def full_loss(w):
        return scalar_result(loss(w, X, y), what="loss")

    params, losses, norms = [w], ([full_loss(w)] if loss else None), []
    epoch_of, seen = [0], [0]
    diverged, message, t = False, f"finished {epochs} epochs", 0
    for epoch in range(1, epochs + 1):
        for idx in batch_indices(n, batch_size, rng, shuffle=random_order):
            g = np.asarray(grad(w, X[idx], y[idx]), dtype=float)
            if g.shape != w.shape:
                raise ValueError(f"grad must return the shape of w, {w.shape}, but returned shape {g.shape}")
            t += 1
            if lr_schedule is not None:
                rule.lr = float(lr_schedule(t))
            w = np.asarray(rule.step(w, g), dtype=float)
            norms.append(float(np.linalg.norm(g)))
            value = full_loss(w) if loss and np.all(np.isfinite(w)) else None
            if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > blowup or (
                value is not None and not abs(value) <= blowup
            ):
                diverged = True
                message = f"diverged at update {t} (epoch {epoch}): w or the loss blew up; try a smaller learning rate"
                break
            params.append(w)
            if losses is not None:
                losses.append(value)
            epoch_of.append(epoch)
            seen.append(seen[-1] + len(idx))
        if diverged:
            break
    return TrainHistory(
        params=np.array([p.reshape(-1) for p in params]),
        losses=None if losses is None else np.array(losses),
        grad_norms=np.array(norms),
        diverged=diverged,
        message=message,
        shape=w.shape,
        epoch=np.array(epoch_of),
        samples_seen=np.array(seen),
    )
