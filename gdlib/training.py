"""Mini-batch training: batch, stochastic and mini-batch gradient descent on data (X, y).

    for each epoch:
        shuffle the n examples (a new order every epoch)
        for each batch B of the order (size s; the last one may be smaller):
            g = grad(w, X[B], y[B])        # the gradient of the loss on the batch only
            w = rule.step(w, g)

batch_size=None uses all n examples in every step (batch GD), 1 is SGD (one example
per step, "online learning" when the data arrive one by one), s in between is
mini-batch GD. An epoch is one pass over the data: n / s updates. The loop itself is
optim._run_loop, the one descend() uses: a full-batch run here is descend() on the data.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdlib._validate import MAX_EXAMPLES, array, count, function, positive, rows_match
from gdlib.data import make_rng
from gdlib.i18n import _, ngettext
from gdlib.optim import MAX_UPDATES, History, UpdateRule, _run_loop, as_rule, checked_gradient, checked_loss

__all__ = ["TrainHistory", "batch_indices", "minibatch_descend"]

TrainHistory = History  # one History for every run: epoch and samples_seen are filled in here


def batch_indices(n: int, batch_size: int | None, rng: np.random.Generator | None, shuffle: bool = True):
    """The index arrays of one epoch, in order: a permutation of 0..n-1 cut into batches."""
    n = count("n", n, minimum=1, maximum=MAX_EXAMPLES)
    size = n if batch_size is None else count("batch_size", batch_size, minimum=1)
    if size > n:
        raise ValueError(_("batch_size must be between 1 and n = {n} (or None for one batch of all), "
                           "got {size}").format(n=n, size=size))
    if shuffle and not isinstance(rng, np.random.Generator):
        raise TypeError(_("rng must be a np.random.Generator to shuffle, e.g. np.random.default_rng(0) "
                          "(or pass shuffle=False for the original order), got rng={rng!r}").format(rng=rng))
    order = rng.permutation(n) if shuffle else np.arange(n)
    return [order[i:i + size] for i in range(0, n, size)]


class _Batches:
    """The gradient of one batch after another, epoch after epoch, and where the run is."""

    def __init__(self, grad, w0, X, y, batch_size, rng) -> None:
        self.grad, self.X, self.y, self.shape = grad, X, y, w0.shape
        self.n, self.size, self.rng = len(X), batch_size, rng
        self.batches: list = []
        self.epoch = self.seen = 0

    def next_batch(self) -> np.ndarray:
        if not self.batches:
            self.epoch += 1
            self.batches = batch_indices(self.n, self.size, self.rng, shuffle=self.rng is not None)[::-1]
        return self.batches.pop()

    def call(self, w_flat: np.ndarray):
        idx = self.next_batch()
        self.seen += len(idx)
        return self.grad(w_flat.reshape(self.shape), self.X[idx], self.y[idx])

    def progress(self) -> tuple[int, int]:
        return self.epoch, self.seen


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
    keep_every: int = 1,
) -> History:
    """Train w from w0 for a number of epochs; see the module docstring for the loop.

    grad(w, Xb, yb) returns the mean gradient over a batch; loss(w, X, y), if given, is
    evaluated on the *full* data after every kept update (so curves are comparable across
    batch sizes). seed (int or np.random.Generator) is required whenever the order is
    random; the same seed gives the same run. lr_schedule(t) is the learning rate of update
    t = 1, 2, ... (a global step counter that runs across epochs); it must be positive, and
    the rule's own lr is restored when the run ends. Kernel → Interrupt returns the history
    so far (interrupted=True).
    """
    function("grad", grad, what=_("grad(w, Xb, yb) returning the batch's mean gradient"))
    if loss is not None:
        function("loss", loss, what=_("loss(w, X, y) returning the full-data loss, or None"))
    if lr_schedule is not None:
        function("lr_schedule", lr_schedule, what=_("lr_schedule(t) returning the learning rate of update t"))
    rule = as_rule(rule)
    X = array("X", X, ndim=2)
    y = array("y", y, ndim=(1, 2))
    rows_match("X", X, "y", y)
    n = len(X)
    w = array("w0", w0, ndim=(1, 2))
    if w.shape[0] != X.shape[1]:
        raise ValueError(
            _("w0 must have one row per column of X: X has {columns} columns, but w0 has shape {w_shape}").format(
                columns=X.shape[1], w_shape=w.shape)
        )
    epochs = count("epochs", epochs)
    if batch_size is not None:
        batch_size = count("batch_size", batch_size, minimum=1)
        if batch_size > n:
            raise ValueError(_("batch_size must be between 1 and n = {n} (or None for full batch), "
                               "got {batch_size}").format(n=n, batch_size=batch_size))
    random_order = shuffle and batch_size is not None and batch_size < n
    if random_order and seed is None:
        raise ValueError(_("seed is required for stochastic or mini-batch runs: pass seed=0 (or any int, or a "
                           "Generator)"))
    rng = make_rng(seed) if random_order else None
    blowup = positive("blowup", blowup)
    keep_every = count("keep_every", keep_every, minimum=1)

    batches = _Batches(grad, w, X, y, batch_size, rng)
    flat = w.reshape(-1)
    try:
        gradient, g0 = checked_gradient(grad, flat, call=batches.call, shape=w.shape, start="w0")
    except TypeError as exc:  # e.g. a descend-style grad(w): say which call was meant
        if "positional argument" not in str(exc):
            raise
        raise TypeError(_("grad must be a function grad(w, Xb, yb) of the weights and one batch of the data; "
                          "calling it so raised: {exc}").format(exc=exc)) from exc
    full, f0 = (None, None) if loss is None else checked_loss(
        loss, flat, call=lambda v: loss(v.reshape(w.shape), X, y), shape=w.shape, name="loss", start="w0")
    per_epoch = -(-n // (batch_size or n))
    if epochs * per_epoch > MAX_UPDATES:
        raise ValueError(_("epochs must be at most {most:,} here ({per_epoch} updates per epoch; "
                           "a run of more than {MAX_UPDATES:,} updates takes far too long), got "
                           "epochs={epochs!r}").format(
                               most=MAX_UPDATES // per_epoch, per_epoch=per_epoch, MAX_UPDATES=MAX_UPDATES,
                               epochs=epochs))
    hist = _run_loop(
        gradient, flat, rule, epochs * per_epoch, loss=full, blowup=blowup, lr_schedule=lr_schedule,
        keep_every=keep_every, final_gradient=False, first=(g0, f0),
        progress=batches.progress, budget=ngettext(" ({n} epoch)", " ({n} epochs)", epochs).format(n=epochs),
    )
    hist.shape = w.shape
    return hist
