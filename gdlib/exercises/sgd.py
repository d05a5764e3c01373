"""Checkers for the exercises of the stochastic-gradient-descent notebook (04).

    check_shuffled_batches(fn)    fn(n, batch_size, rng) -> one epoch as a list of 1-D integer
                                  arrays: order = rng.permutation(n), drawn once, cut in order into
                                  pieces of batch_size (the last one may be smaller, and is kept)
    check_minibatch_gradient(fn)  fn(w, X, y, batch) -> the MSE gradient averaged over the rows
                                  listed in batch (distinct indices, as one epoch's order gives)
    check_sgd_epoch(fn)           fn(w, X, y, lr, batch_size, rng) -> w after one epoch of
                                  mini-batch gradient descent on the MSE, batches cut as above
    check_bce_gradient(fn)        fn(w, X, y) -> the gradient of the mean binary cross-entropy

Besides the visible cases, every check draws fresh ones. The two epoch checkers get, at every
check, one fresh case each where batch_size divides n, where it does not (the last batch at least
2 short, so np.array_split's even sizes differ too), batch size 1 and batch size n: a loop with
one batch too many (an empty last batch) shows only when batch_size divides n, a dropped last
batch only when it does not. The gradient checkers get random data of other sizes and
dimensions, so dividing by the wrong count or using the wrong rows cannot agree by chance.

The epoch checkers hand the learner's function its own copy of each case's generator, so the
reference and every named mistake draw the very same numbers, and how far the learner's copy was
advanced tells whether `rng` was used at all, or used otherwise than one rng.permutation(n).
"""

from __future__ import annotations

import copy
import itertools
import types

import numpy as np

from gdlib.exercises._core import (
    WRONG,
    Case,
    SeededRng,
    Stop,
    _answered_only_some,
    array,
    call,
    cases,
    checker,
    close,
    first_mistake,
    fmt,
    judge,
    wrong,
)
from gdlib.i18n import N_, _
from gdlib.losses import sigmoid

__all__ = [
    "check_bce_gradient",
    "check_minibatch_gradient",
    "check_sgd_epoch",
    "check_shuffled_batches",
]

# the four kinds of (n, batch_size) every epoch check draws fresh
_KINDS = ("batch_size divides n", "batch_size does not divide n", "batch_size 1", "batch_size n")


def _draw_n_s(rng, kind: str, largest: int) -> tuple[int, int]:
    """(n, batch_size) of the given kind, n at most `largest`."""
    if kind == _KINDS[0]:
        s = int(rng.integers(2, 5))
        return s * int(rng.integers(2, largest // s + 1)), s
    if kind == _KINDS[1]:  # a last batch at least 2 short, so np.array_split's even sizes differ too
        s = int(rng.integers(3, 6))
        r = int(rng.integers(1, s - 1))
        return s * min(int(rng.integers(1, 4)), (largest - r) // s) + r, s
    n = int(rng.integers(5, 11))
    return (n, 1) if kind == _KINDS[2] else (n, n)


def _every_kind(draw):
    """A fresh-case maker that draws one case of each kind in turn (one check = one of each)."""
    kinds = itertools.cycle(_KINDS)
    return lambda rng: draw(rng, next(kinds))


def _seed(rng) -> int:
    return int(rng.integers(1000))


def _vec(w) -> str:
    """A weight vector as a label shows it: [0.5, 1.0]."""
    return str(np.asarray(w, dtype=float).tolist())


def _n_s(case: Case) -> tuple[int, int]:
    return case.info["n"], case.info["s"]


# --- running the learner's rng-driven function -----------------------------------------------


def _run(fn, all_cases, convert, *, keep_zero_division=False):
    """Call fn on every case with its own copy of the case's generator (always the last argument).

    Returns (results, generators after the calls, crashes). With keep_zero_division, a
    ZeroDivisionError does not end the run: its Stop is kept in `crashes` (result None), so the
    checker can see on which cases it happens.
    """
    results, used, crashes = [], [], []
    for case in all_cases:
        args = copy.deepcopy(case.args)  # the case's own generator is never advanced
        try:
            raw = call(fn, *args)
        except Stop as stop:
            if stop.returned_none and results and not stop.printed:
                raise _answered_only_some(case.label) from None
            if keep_zero_division and stop.feedback.status == WRONG and isinstance(stop.error, ZeroDivisionError):
                results.append(None)
                used.append(args[-1])
                crashes.append(stop)
                continue
            raise
        results.append(convert(raw, case))
        used.append(args[-1])
        crashes.append(None)
    return results, used, crashes


def _rng_hint(all_cases, used) -> str | None:
    """What the learner's use of `rng` says, if it says the same on every case."""
    before = [case.args[-1].bit_generator.state for case in all_cases]
    after_one_permutation = []
    for case in all_cases:
        rng = copy.deepcopy(case.args[-1])
        rng.permutation(case.info["n"])
        after_one_permutation.append(rng.bit_generator.state)
    states = [rng.bit_generator.state for rng in used]
    if all(s == b for s, b in zip(states, before, strict=True)):
        return _("your function never drew a number from the `rng` it was given, so its order cannot be the "
                 "one asked for: np.random.permutation, np.random.shuffle or a new np.random.default_rng(...) "
                 "inside the function use another generator. Draw the order from the argument: "
                 "rng.permutation(n)")
    if all(s != a for s, a in zip(states, after_one_permutation, strict=True)):
        return _("your function drew from `rng` otherwise than one rng.permutation(n) call (more draws, or "
                 "another method), so its order is not the one asked for. Draw order = rng.permutation(n) "
                 "once, before the loop, and cut it in order")
    return None


# --- one epoch's batches, right and wrong (shared by exercises 1 and 3) ------------------------


def _cut(order, s, starts):
    return [order[i:i + s] for i in starts]


def _right_batches(n, s, rng):
    return _cut(rng.permutation(n), s, range(0, n, s))


def _unshuffled(n, s, rng):
    return _cut(np.arange(n), s, range(0, n, s))


def _extra_empty(n, s, rng):  # range(n // s + 1): one batch too many when s divides n
    order = rng.permutation(n)
    return [order[j * s:(j + 1) * s] for j in range(n // s + 1)]


def _empty_at_the_end(n, s, rng):  # range(0, n + s, s): a start at or past n
    order = rng.permutation(n)
    return [order[i:i + s] for i in range(0, n + s, s)]


def _drop_last(n, s, rng):
    return _cut(rng.permutation(n), s, range(0, n - s + 1, s))


def _overlapping(n, s, rng):
    order = rng.permutation(n)
    return [order[i:i + s + 1] for i in range(0, n, s)]


def _one_short(n, s, rng):
    order = rng.permutation(n)
    return [order[i:i + s - 1] for i in range(0, n, s)]


def _every_start(n, s, rng):
    return _cut(rng.permutation(n), s, range(n))


def _start_as_number(n, s, rng):
    order = rng.permutation(n)
    return [order[i * s:(i + 1) * s] for i in range(0, n, s)]


def _permutation_per_batch(n, s, rng):
    return [rng.permutation(n)[i:i + s] for i in range(0, n, s)]


def _integers_with_replacement(n, s, rng):
    return _cut(rng.integers(0, n, size=n), s, range(0, n, s))


def _choice_with_replacement(n, s, rng):
    return _cut(rng.choice(n, size=n), s, range(0, n, s))


def _choice_without_replacement(n, s, rng):
    return _cut(rng.choice(n, size=n, replace=False), s, range(0, n, s))


def _array_split_ceil(n, s, rng):
    return np.array_split(rng.permutation(n), -(-n // s))


def _array_split_floor(n, s, rng):
    return np.array_split(rng.permutation(n), n // s)


def _reuse_first(n, s, rng):
    order = rng.permutation(n)
    return [order[:s] for _start in range(0, n, s)]


_EMPTY_BATCH = N_("one batch too many: when batch_size divides n, a loop like range(n // batch_size + 1) "
                  "makes a last batch that is empty. Loop over the starts range(0, n, batch_size), which stop "
                  "before n and still include a last, smaller batch when there is one")
_OVERLAP = N_("your slices overlap: order[start:start + batch_size + 1] takes batch_size + 1 indices, so each "
              "batch also takes the first index of the next one and those examples are used twice. A Python "
              "slice stops before its end index: order[start:start + batch_size] already holds batch_size indices")
_ONE_SHORT = N_("your slices stop one index early: order[start:start + batch_size - 1] holds batch_size - 1 "
                "indices and skips one example per batch. A slice already excludes its end index: "
                "order[start:start + batch_size]")
_EMPTY_AT_THE_END = N_("one batch too many, and it is empty: your last start is at or past n "
                       "(range(0, n + batch_size, batch_size)?). Loop over range(0, n, batch_size): its starts stay "
                       "below n and still include a last, smaller batch when there is one")
_DROP_LAST = N_("the last, smaller batch is missing (a loop over range(0, n - batch_size + 1, batch_size) or "
                "over n // batch_size batches): keep it, or those examples are never used in the epoch")
_UNSHUFFLED = N_("the batches follow the original order 0, 1, 2, ... Shuffle first: order = rng.permutation(n), "
                 "then cut `order`")
_EVERY_START = N_("your batches start at every index (range(n)), so they overlap and the epoch has n of them; "
                  "step the start by batch_size: range(0, n, batch_size)")
_START_AS_NUMBER = N_("your loop variable is already the start of a batch (range(0, n, batch_size) gives "
                      "0, batch_size, 2·batch_size, ...), but you multiplied it by batch_size again: slice "
                      "order[start:start + batch_size]")
_PER_BATCH = N_("you drew a new permutation for every batch, so some examples come twice in the epoch and "
                "others never: draw order = rng.permutation(n) once, before the loop")
_REPLACEMENT = N_("that is sampling with replacement (rng.integers, or rng.choice without replace=False): some "
                  "indices appear twice and others never. An epoch uses every example exactly once: "
                  "order = rng.permutation(n)")
_CHOICE = N_("rng.choice(n, n, replace=False) is a random order too, but not the one the exercise asks for, "
             "so your epoch cannot be compared: draw order = rng.permutation(n)")
_ARRAY_SPLIT = N_("np.array_split(order, k) makes k batches of nearly equal sizes, not batches of batch_size: "
                  "every batch has batch_size examples except possibly the last. Cut with slices "
                  "order[start:start + batch_size]")

_BATCH_MISTAKES = [
    (_UNSHUFFLED, _unshuffled),
    (_EMPTY_BATCH, _extra_empty),
    (_EMPTY_AT_THE_END, _empty_at_the_end),
    (_DROP_LAST, _drop_last),
    (_OVERLAP, _overlapping),
    (_ONE_SHORT, _one_short),
    (_EVERY_START, _every_start),
    (_START_AS_NUMBER, _start_as_number),
    (_PER_BATCH, _permutation_per_batch),
    (_REPLACEMENT, _integers_with_replacement),
    (_REPLACEMENT, _choice_with_replacement),
    (_CHOICE, _choice_without_replacement),
    (_ARRAY_SPLIT, _array_split_ceil),
    (_ARRAY_SPLIT, _array_split_floor),
]


# --- 1. one epoch of shuffled batches ------------------------------------------------------


def _batches_case(n: int, s: int, seed: int) -> Case:
    rng = SeededRng(seed)
    if n > 2 and np.array_equal(copy.deepcopy(rng).permutation(n), np.arange(n)):  # a shuffle that does not move
        return _batches_case(n, s, seed + 1)
    return Case((n, s, rng), f"shuffled_batches(n={n}, batch_size={s}, rng={rng!r})", info={"n": n, "s": s})


def _fresh_batches(rng, kind: str) -> Case:
    n, s = _draw_n_s(rng, kind, largest=16)
    return _batches_case(n, s, _seed(rng))


def _as_batches(value, case: Case) -> list[np.ndarray]:
    """The learner's epoch as a list of 1-D integer arrays, or WRONG naming what came back."""
    what = _("{label} should return a list of index arrays, one per batch,").format(label=case.label)
    if isinstance(value, (str, bytes)):
        raise wrong(_("{what} but it returned the text {value} (a str)").format(what=what, value=fmt(value)))
    if isinstance(value, types.GeneratorType):
        raise wrong(_("{what} but it returned a generator (a `yield` in the function?): return a list, "
                      "e.g. list(...) around it").format(what=what))
    if isinstance(value, np.ndarray):
        if value.ndim == 2:
            raise wrong(_("{what} but it returned one 2-D array of shape {shape} (that only works when "
                          "batch_size divides n): return a list of 1-D arrays").format(what=what, shape=value.shape))
        raise wrong(_("{what} but it returned one array of shape {shape}: cut the order into a list of "
                      "batches").format(what=what, shape=value.shape))
    if not isinstance(value, (list, tuple)):
        raise wrong(_("{what} but it returned a {type} ({value})").format(
            what=what, type=type(value).__name__, value=fmt(value)))
    batches = []
    for k, b in enumerate(value, start=1):
        if isinstance(b, (str, bytes)):
            raise wrong(_("{what} but its batch {k} is the text {batch} (a str): keep the numpy arrays").format(
                what=what, k=k, batch=fmt(b)))
        if isinstance(b, (list, tuple)):
            raise wrong(_("{what} but its batch {k} is a {type}: keep numpy arrays (slices of "
                          "order are arrays already)").format(what=what, k=k, type=type(b).__name__))
        if not isinstance(b, np.ndarray):
            raise wrong(_("{what} but its batch {k} is a {type} ({batch}), not a numpy array").format(
                what=what, k=k, type=type(b).__name__, batch=fmt(b)))
        if b.ndim != 1:
            raise wrong(_("{what} but its batch {k} has shape {shape}: each batch is a 1-D array of indices").format(
                what=what, k=k, shape=b.shape))
        if b.dtype.kind == "b":
            raise wrong(_("{what} but its batch {k} is a boolean mask: return the indices themselves").format(
                what=what, k=k))
        if b.size and b.dtype.kind not in "iu":
            raise wrong(_("{what} but its batch {k} has dtype {dtype}: indices are integers").format(
                what=what, k=k, dtype=b.dtype))
        batches.append(b)
    return batches


def _same_batches(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def _show(batches) -> str:
    return "[" + ", ".join(str(np.asarray(b).tolist()) for b in batches) + "]"


def _what_is_off(got, want, n) -> str:
    """A fact about this case's batches, when no mistake explains every case."""
    flat = np.concatenate(got).astype(int) if got else np.array([], dtype=int)
    counts = np.bincount(flat[(flat >= 0) & (flat < n)], minlength=n)
    empty = [k for k, b in enumerate(got, start=1) if len(b) == 0]
    if empty:
        return _("your batch {k} is empty: every batch holds at least one index (does your loop go one "
                 "batch past the end?)").format(k=empty[0])
    if np.any((flat < 0) | (flat >= n)):
        return _("there are indices outside 0..{last}").format(last=n - 1)
    if np.any(counts != 1):
        twice, never = np.flatnonzero(counts > 1).tolist(), np.flatnonzero(counts == 0).tolist()
        return _("every index 0..{last} must appear exactly once in the epoch; here {twice} "
                 "appear more than once and {never} never").format(
                     last=n - 1, twice=twice or _("none"), never=never or _("none"))
    if [len(b) for b in got] != [len(b) for b in want]:
        return _("the batch sizes are {sizes}, expected {expected}: every batch "
                 "has batch_size examples except possibly the last").format(
                     sizes=[len(b) for b in got], expected=[len(b) for b in want])
    return _("the same indices and batch sizes, but in another order than order = rng.permutation(n) cut into "
             "consecutive pieces")


@checker(N_("your batches are right on the visible cases and on fresh ones where batch_size divides n, "
            "where it does not, and for batch sizes 1 and n"))
def check_shuffled_batches(fn):
    """fn(n, batch_size, rng) -> one epoch: one rng.permutation(n), cut in order into batches."""
    fixed = [_batches_case(n, s, seed) for n, s, seed in [(10, 3, 0), (12, 4, 1), (9, 9, 2), (6, 1, 3)]]
    all_cases = cases(fixed, _every_kind(_fresh_batches), n=len(_KINDS))
    results, used, _crashes = _run(fn, all_cases, _as_batches)
    wants = [_right_batches(*copy.deepcopy(case.args)) for case in all_cases]
    failing = [i for i, (got, want) in enumerate(zip(results, wants, strict=True)) if not _same_batches(got, want)]
    if not failing:
        return None
    i = failing[0]
    head = _("{label} returned {got}, expected {want}").format(
        label=all_cases[i].label, got=_show(results[i]), want=_show(wants[i]))
    hint = (first_mistake(_BATCH_MISTAKES, results, all_cases, same=_same_batches)
            or _rng_hint(all_cases, used)
            or _what_is_off(results[i], wants[i], all_cases[i].info["n"]))
    return f"{head}: {hint}"


# --- 2. the mini-batch gradient of the MSE --------------------------------------------------


def _mse_grad(w, X, y, rows, denom=None):
    """2 Xbᵀ(Xb w − yb) / denom; denom defaults to the number of rows (nan for an empty batch)."""
    Xb, yb = X[rows], y[rows]
    return 2.0 * (Xb.T @ (Xb @ w - yb)) / (len(rows) if denom is None else denom)


def _regression_data():
    X = np.column_stack([np.ones(8), [0.5, -1.0, 2.0, 1.5, -0.5, 3.0, 0.0, -2.0]])
    y = np.array([1.2, -1.1, 5.3, 3.9, 0.2, 7.4, 0.8, -2.7])
    return X, y


def _random_regression(rng, n: int, d: int):
    X = np.round(rng.normal(0.0, 1.0, (n, d)), 3)
    y = np.round(X @ rng.normal(0.0, 2.0, d) + rng.normal(0.0, 1.0, n), 3)
    return X, y


def _gradient_case(rng) -> Case:
    d = int(rng.integers(1, 5))
    n = int(rng.integers(7, 13))
    s = int(rng.integers(3, n))
    while s in (d, n - 1) or 2 * s == n:  # keep every wrong count (d, n, 2) apart from len(batch)
        s = int(rng.integers(3, n))
    X, y = _random_regression(rng, n, d)
    w = np.round(rng.normal(0.0, 1.0, d), 2)
    batch = rng.permutation(n)[:s]
    return Case((w, X, y, batch), _("minibatch_gradient(w={w}, X, y, batch={batch}) "
                                    "on fresh random {n} × {d} data").format(w=_vec(w), batch=batch.tolist(), n=n, d=d))


@checker(N_("your mini-batch gradient is right on the visible cases and on fresh random data, weights and "
            "batches of other sizes and dimensions"))
def check_minibatch_gradient(fn):
    """fn(w, X, y, batch) -> the MSE gradient averaged over the rows in batch only."""
    X, y = _regression_data()
    fixed = [Case((w, X, y, b), _("minibatch_gradient(w={w}, X, y, batch={batch}) on the visible "
                                  "8 × 2 data").format(w=_vec(w), batch=b.tolist()))
             for w, b in [(np.array([0.5, 1.0]), np.array([6, 1, 3])),
                          (np.array([-1.0, 2.0]), np.array([2, 7, 0, 5, 4]))]]
    return judge(
        fn, cases(fixed, _gradient_case), lambda w, X, y, b: _mse_grad(w, X, y, b),
        lambda raw, case: array(raw, case.args[0].shape, _("{label}: the gradient").format(label=case.label)),
        mistakes=[
            (_("that is the full-data gradient: use only the rows listed in `batch`, Xb, yb = X[batch], y[batch]"),
             lambda w, X, y, b: _mse_grad(w, X, y, np.arange(len(X)))),
            (_("you summed over every row of X but divided by len(batch): use only the rows in `batch`"),
             lambda w, X, y, b: _mse_grad(w, X, y, np.arange(len(X)), denom=len(b))),
            (_("you took the first len(batch) rows, X[:len(batch)], not the rows listed in `batch`: X[batch]"),
             lambda w, X, y, b: _mse_grad(w, X, y, np.arange(len(b)))),
            (_("you summed over the batch: divide by len(batch) (a mean), so the step size does not depend on "
               "the batch size"), lambda w, X, y, b: _mse_grad(w, X, y, b, denom=1.0)),
            (_("you divided by n = len(X), the size of the whole data set: average over the batch, len(batch)"),
             lambda w, X, y, b: _mse_grad(w, X, y, b, denom=len(X))),
            (_("you divided by the number of features X.shape[1], not by the number of examples in the batch, "
               "len(batch)"), lambda w, X, y, b: _mse_grad(w, X, y, b, denom=X.shape[1])),
            (_("exactly half: keep the 2 that comes from differentiating the square"),
             lambda w, X, y, b: _mse_grad(w, X, y, b) / 2),
            (_("the sign is flipped: the residual is prediction minus target, Xb @ w - yb"),
             lambda w, X, y, b: -_mse_grad(w, X, y, b)),
            (_("you squared the residual: the derivative of r² is 2r, so the residual appears once"),
             lambda w, X, y, b: 2 * X[b].T @ (X[b] @ w - y[b]) ** 2 / len(b)),
        ],
        otherwise=_("Take Xb, yb = X[batch], y[batch] and average the per-example gradients over the batch."),
    )


# --- 3. one epoch of mini-batch SGD ----------------------------------------------------------


def _epoch_over(w, X, y, lr, batches, *, denom=None, two=2.0, sign=1.0, full=False):
    w = np.array(w, dtype=float)
    for b in batches:
        rows = np.arange(len(X)) if full else b
        d = {None: None, "sum": 1.0, "n": len(X)}[denom]
        w = w - sign * lr * two / 2.0 * _mse_grad(w, X, y, rows, d)
    return w


def _epoch_mistake(make_batches, **kwargs):
    """The epoch that follows a batching mistake of exercise 1 (same arguments as the task)."""
    return lambda w, X, y, lr, s, rng: _epoch_over(w, X, y, lr, make_batches(len(X), s, rng), **kwargs)


def _right_epoch(w, X, y, lr, s, rng):
    return _epoch_over(w, X, y, lr, _right_batches(len(X), s, rng))


def _per_batch_size(w, X, y, lr, s, rng):  # divided by batch_size, wrong for a smaller last batch
    w = np.array(w, dtype=float)
    for b in _right_batches(len(X), s, rng):
        w = w - lr * _mse_grad(w, X, y, b, denom=s)
    return w


def _first_batch_only(w, X, y, lr, s, rng):  # `return w` inside the loop
    return _epoch_over(w, X, y, lr, _right_batches(len(X), s, rng)[:1])


def _from_start_each_time(w, X, y, lr, s, rng):  # new_w = w - lr * g, w itself never updated
    w0 = np.array(w, dtype=float)
    for b in _right_batches(len(X), s, rng):
        new = w0 - lr * _mse_grad(w0, X, y, b)
    return new


def _epoch_case(w0, X, y, lr, s, seed, where: str) -> Case:
    n, d = X.shape
    rng = SeededRng(seed)
    label = _("sgd_epoch(w={w}, X, y, lr={lr}, batch_size={s}, rng={rng!r}) on {where} {n} × {d} data").format(
        w=_vec(w0), lr=lr, s=s, rng=rng, where=where, n=n, d=d)
    return Case((w0, X, y, lr, s, rng), label, info={"n": n, "s": s})


def _fresh_epoch(rng, kind: str) -> Case:
    n, s = _draw_n_s(rng, kind, largest=14)
    d = int(rng.integers(1, 4))
    X, y = _random_regression(rng, n, d)
    w0 = np.round(rng.normal(0.0, 1.0, d), 2)
    lr = round(float(rng.uniform(0.01, 0.06)), 3)  # small enough that batch size 1 stays stable
    return _epoch_case(w0, X, y, lr, s, _seed(rng), _("fresh random"))


_EPOCH_MISTAKES = [
    (N_("w never changed: assign every step back to w inside the loop, w = w - lr * g"),
     lambda w, X, y, lr, s, rng: np.array(w, dtype=float)),
    (N_("every step started again from the initial w (a new variable got w - lr * g, but w itself was never "
        "updated), so only the last batch's step is left: assign the step to w"), _from_start_each_time),
    (N_("that is w after the first batch only: put `return w` after the loop, not inside it"), _first_batch_only),
    (N_("{empty_batch} (its mean gradient is 0/0 = nan)", empty_batch=_EMPTY_BATCH), _epoch_mistake(_extra_empty)),
    (_DROP_LAST, _epoch_mistake(_drop_last)),
    (_OVERLAP, _epoch_mistake(_overlapping)),
    (_ONE_SHORT, _epoch_mistake(_one_short)),
    (N_("every update used the same first batch, order[:batch_size]: take the batch that starts at `start`, "
        "order[start:start + batch_size], so the epoch visits all the data"), _epoch_mistake(_reuse_first)),
    (_EVERY_START, _epoch_mistake(_every_start)),
    (_START_AS_NUMBER, _epoch_mistake(_start_as_number)),
    (_PER_BATCH, _epoch_mistake(_permutation_per_batch)),
    (_UNSHUFFLED, _epoch_mistake(_unshuffled)),
    (_REPLACEMENT, _epoch_mistake(_integers_with_replacement)),
    (_REPLACEMENT, _epoch_mistake(_choice_with_replacement)),
    (_CHOICE, _epoch_mistake(_choice_without_replacement)),
    (_ARRAY_SPLIT, _epoch_mistake(_array_split_ceil)),
    (_ARRAY_SPLIT, _epoch_mistake(_array_split_floor)),
    (N_("the last, smaller batch's gradient was divided by batch_size; divide by len(batch), the number of "
        "examples it really has"), _per_batch_size),
    (N_("that is the run with the gradient summed over each batch: divide by len(batch) (a mean)"),
     _epoch_mistake(_right_batches, denom="sum")),
    (N_("each batch's gradient was divided by n = len(X): average over the batch, len(batch)"),
     _epoch_mistake(_right_batches, denom="n")),
    (N_("each update used the full-data gradient (that is batch gradient descent): compute it on X[batch], "
        "y[batch] only"), _epoch_mistake(_right_batches, full=True)),
    (N_("each step was half as large as it should be: keep the 2 of the MSE gradient"),
     _epoch_mistake(_right_batches, two=1.0)),
    (N_("you stepped uphill, w + lr * g: subtract the gradient"), _epoch_mistake(_right_batches, sign=-1.0)),
]


@checker(N_("your epoch is right on the visible cases and on fresh ones where batch_size divides n, where "
            "it does not, and for batch sizes 1 and n"))
def check_sgd_epoch(fn):
    """fn(w, X, y, lr, batch_size, rng) -> w after one shuffled epoch of mini-batch SGD on the MSE."""
    X, y = _regression_data()
    fixed = [_epoch_case(np.zeros(2), X, y, lr, s, seed, _("the visible")) for lr, s, seed in [(0.05, 3, 3),
                                                                                            (0.02, 4, 4)]]
    all_cases = cases(fixed, _every_kind(_fresh_epoch), n=len(_KINDS))
    results, used, crashes = _run(
        fn, all_cases, lambda raw, case: array(raw, case.args[0].shape, _("{label}: the returned w").format(
            label=case.label)),
        keep_zero_division=True)
    if any(crashes):
        first = next(c for c in crashes if c is not None)
        crashed = [c is not None for c in crashes]
        divides = [n % s == 0 for n, s in map(_n_s, all_cases)]
        if crashed == divides:
            raise wrong(_("{message}. It crashed on exactly the cases where batch_size divides n, "
                          "where a batch is empty and its length is 0: {empty_batch}").format(
                              message=first.feedback.message, empty_batch=_(_EMPTY_BATCH)))
        raise first
    wants = [_right_epoch(*copy.deepcopy(case.args)) for case in all_cases]
    failing = [i for i, (got, want) in enumerate(zip(results, wants, strict=True)) if not close(got, want)]
    if not failing:
        return None
    i = failing[0]
    head = _("{label} returned {got}, expected {want}").format(
        label=all_cases[i].label, got=fmt(results[i], wants[i]), want=fmt(wants[i], results[i]))
    hint = first_mistake(_EPOCH_MISTAKES, results, all_cases) or _rng_hint(all_cases, used)
    if hint is None and not np.all(np.isfinite(results[i])):
        hint = _("nan or inf: an empty batch (a division by its length, 0), or steps that grow without end "
                 "(check the sign and the size of the step)")
    return f"{head}: {hint}" if hint else (
        _("{head}. Draw order = rng.permutation(len(X)); for every start in range(0, n, batch_size), take "
          "batch = order[start:start + batch_size] and step w = w - lr * (the mini-batch gradient of exercise "
          "2)").format(
              head=head))


# --- 4. the gradient of binary cross-entropy -------------------------------------------------


def _bce_grad(w, X, y, *, link=sigmoid, denom=None, factor=1.0, extra=False):
    p = link(X @ w)
    r = (p - y) * (p * (1 - p) if extra else 1.0)
    return factor * X.T @ r / (len(X) if denom is None else denom)


def _bce_case(rng) -> Case:
    d = int(rng.integers(1, 5))
    n = int(rng.integers(5, 13))
    while n in (d, 2 * d):  # dividing by d, or an extra 2, must not agree with dividing by n
        n = int(rng.integers(5, 13))
    X = np.round(rng.normal(0.0, 1.0, (n, d)), 3)
    y = (rng.random(n) < 0.5).astype(float)
    y[:2] = [0.0, 1.0]  # both labels present
    rng.shuffle(y)
    w = np.round(rng.normal(0.0, 1.2 / np.sqrt(d), d), 2)  # scores of order 1: p(1 - p) is no constant
    return Case((w, X, y), _("bce_gradient(w={w}, X, y) on fresh random {n} × {d} data with labels "
                             "{labels}").format(w=_vec(w), n=n, d=d, labels=y.astype(int).tolist()))


@checker(N_("your BCE gradient is right on the visible cases and on fresh random data, labels and weights of "
            "other sizes and dimensions"))
def check_bce_gradient(fn):
    """fn(w, X, y) -> the gradient of the mean binary cross-entropy of logistic regression."""
    X = np.column_stack([np.ones(6), [0.5, -1.5, 2.0, 1.0, -0.5, 3.0], [1.0, 0.0, -1.0, 2.0, 0.5, -2.0]])
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    # the third w gives scores from −600 to 1200: a sigmoid written as e^z / (1 + e^z) overflows to nan there
    fixed = [Case((w, X, y), _("bce_gradient(w={w}, X, y) on the visible 6 × 3 data").format(w=_vec(w)))
             for w in (np.array([0.2, 0.8, -0.5]), np.array([-1.0, 0.5, 1.5]), np.array([0.0, 400.0, 0.0]))]
    return judge(
        fn, cases(fixed, _bce_case), lambda w, X, y: _bce_grad(w, X, y),
        lambda raw, case: array(raw, case.args[0].shape, _("{label}: the gradient").format(label=case.label)),
        mistakes=[
            (_("the sign is flipped: the gradient has p - y; y - p is the direction to *step*, not the gradient"),
             lambda w, X, y: -_bce_grad(w, X, y)),
            (_("you summed over the examples: divide by n = len(X) (a mean)"),
             lambda w, X, y: _bce_grad(w, X, y, denom=1.0)),
            (_("you divided by the number of features X.shape[1], not by the number of examples len(X)"),
             lambda w, X, y: _bce_grad(w, X, y, denom=X.shape[1])),
            (_("you used the raw score Xw as the prediction: pass it through the sigmoid first, p = sigmoid(X @ w)"),
             lambda w, X, y: _bce_grad(w, X, y, link=lambda z: z)),
            (_("your sigmoid is 1 / (1 + e^z), which is σ(−z): the exponent needs a minus, 1 / (1 + np.exp(-z))"),
             lambda w, X, y: _bce_grad(w, X, y, link=lambda z: sigmoid(-z))),
            (_("there is an extra factor p(1 − p): that is the gradient of the squared error through a sigmoid; "
               "for cross-entropy σ'(z) = p(1 − p) cancels and leaves p − y"),
             lambda w, X, y: _bce_grad(w, X, y, extra=True)),
            (_("there is an extra factor 2·p(1 − p): that is the gradient of the squared error through a sigmoid; "
               "for cross-entropy σ'(z) = p(1 − p) cancels and leaves p − y, with no 2"),
             lambda w, X, y: _bce_grad(w, X, y, factor=2.0, extra=True)),
            (_("an extra factor 2: that comes from differentiating a square, and cross-entropy has none"),
             lambda w, X, y: _bce_grad(w, X, y, factor=2.0)),
            (_("you applied the sigmoid to X before multiplying by w: p = sigmoid(X @ w) is the sigmoid of the score"),
             lambda w, X, y: X.T @ (sigmoid(X) @ w - y) / len(X)),
            (_("you kept only the label-1 term: examples with y = 0 contribute p, so together the error is p - y"),
             lambda w, X, y: -X.T @ (y * (1 - sigmoid(X @ w))) / len(X)),
            (_("you kept only the label-0 term: examples with y = 1 contribute -(1 - p), so together the error "
               "is p - y"), lambda w, X, y: X.T @ ((1 - y) * sigmoid(X @ w)) / len(X)),
            (_("your sigmoid e^z / (1 + e^z) gives inf / inf = nan for a large score z (np.exp overflows above "
               "z ≈ 709); write it as 1 / (1 + e^(−z)), or use losses.sigmoid"),
             lambda w, X, y: _bce_grad(w, X, y, link=lambda z: np.exp(z) / (1 + np.exp(z)))),
            (_("you used tanh instead of the sigmoid: p = 1 / (1 + e^(-z))"),
             lambda w, X, y: _bce_grad(w, X, y, link=np.tanh)),
        ],
        otherwise=_("Compute p = sigmoid(X @ w), then average the prediction error times the input over the "
                    "examples."),
    )
