"""Checkers for the exercises of the neural-network notebook (08).

    check_softmax(fn)              fn(Z) -> the softmax of every row of the scores Z (n, K), computed
                                   so that scores like 1000 or -1000 do not overflow
    check_cross_entropy_grad(fn)   fn(Z, y) -> (softmax(Z) - Y) / n, the gradient of the mean
                                   categorical cross-entropy with respect to the scores (y: class numbers)
    check_two_layer_backward(fn)   fn(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2): one backward pass of
                                   the two-layer tanh network with the mean cross-entropy loss
    check_network_epoch(fn)        fn(grad, w, X, y, lr, batch_size, rng) -> w after one epoch of
                                   mini-batch SGD: order = rng.permutation(n) drawn once, cut in order into
                                   batches (the last one may be smaller), w = w - lr * grad(w, Xb, yb)

Besides the visible cases every check draws fresh ones: scores of rows that lie hundreds apart
(so only a per-row shift survives), numbers of examples, features, hidden units and classes that
all differ (so a transpose or a wrong count cannot agree by chance), fractional values, and
epochs where the batch size divides n and where it does not. A mistake is named only when it
explains the answer on every case.
"""

from __future__ import annotations

import copy

import numpy as np

from gdlib.exercises._core import (
    Case,
    SeededRng,
    Stop,
    array,
    cases,
    checker,
    close,
    distinct_case,
    first_mistake,
    fmt,
    judge,
    run_cases,
    wrong,
)
from gdlib.i18n import N_, _, ngettext

__all__ = ["check_cross_entropy_grad", "check_network_epoch", "check_softmax", "check_two_layer_backward"]


# --- shared pieces -----------------------------------------------------------------------------------


def _softmax(Z, axis=1):
    e = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _one_hot(y, k):
    Y = np.zeros((len(y), k))
    Y[np.arange(len(y)), np.asarray(y, dtype=int)] = 1.0
    return Y


def _matrix(rng, rows: int, cols: int, scale: float = 1.0) -> np.ndarray:
    """Fractional numbers with three decimals (a label could print them exactly)."""
    return np.round(rng.normal(0.0, scale, (rows, cols)), 3)


def _labels_with_every_class(rng, n: int, k: int) -> np.ndarray:
    y = rng.integers(0, k, n)
    y[:k] = rng.permutation(k)  # every class at least once
    return rng.permutation(y)


def _distinct_sizes(rng, names: str, low: int, high: int) -> dict:
    """One size per name in low..high, all different (so that no transpose lines up by chance)."""
    values = rng.choice(np.arange(low, high + 1), size=len(names), replace=False)
    return dict(zip(names, (int(v) for v in values), strict=True))


def _show_rows(Z) -> str:
    return " ".join(np.array2string(np.asarray(Z), separator=", ", threshold=30,
                                    formatter={"float_kind": lambda v: f"{v:g}"}).split())


# --- 1. a stable softmax -----------------------------------------------------------------------------


def _naive(Z):
    e = np.exp(Z)
    return e / e.sum(axis=1, keepdims=True)


def _global_shift(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=1, keepdims=True)


_SOFTMAX_MISTAKES = [
    (N_("np.exp of a large score overflows to inf (np.exp(1000) is inf, and inf / inf is nan): subtract each "
        "row's largest score first, Z - Z.max(axis=1, keepdims=True); softmax does not change when every score "
        "of a row moves by the same amount"), _naive),
    (N_("you subtracted the largest score of the whole matrix, Z.max(): in a row whose scores lie far below "
        "it every exp underflows to 0 and the row becomes 0/0 = nan. Shift each row by its own maximum, "
        "Z.max(axis=1, keepdims=True)"), _global_shift),
    (N_("your probabilities add up to 1 down each column, not along each row: a row is one example and its "
        "K scores; use axis=1 (with keepdims=True)"), lambda Z: _softmax(Z, axis=0)),
    (N_("you normalised by the sum of the whole matrix, so all the rows together add up to 1: divide each row "
        "by its own sum, e.sum(axis=1, keepdims=True)"),
     lambda Z: (e := np.exp(Z - Z.max(axis=1, keepdims=True))) / e.sum()),
    (N_("your rows do not add up to 1: after the exponentials, divide each row by its sum"),
     lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True))),
    (N_("you divided the scores themselves by their row sum, without exponentials: softmax is "
        "exp(z_k) / sum of exp(z_j), which makes every probability positive"),
     lambda Z: Z / Z.sum(axis=1, keepdims=True)),
    (N_("that is the sigmoid of each score, 1 / (1 + e^(-z)), which does not make a row add up to 1: softmax "
        "is exp(z_k) / sum of exp(z_j) along the row"), lambda Z: 1 / (1 + np.exp(-Z))),
    (N_("you took the log: that is log softmax, z_k minus the log of the row's sum of exponentials; softmax is "
        "the exponential of it"), lambda Z: np.log(_softmax(Z))),
]


def _fresh_scores(rng) -> Case:
    n, k = (int(v) for v in rng.choice(np.arange(2, 7), size=2, replace=False))
    Z = _matrix(rng, n, k, scale=2.0) + np.round(rng.uniform(-900, 900, (n, 1)), 1)  # rows hundreds apart
    return Case((Z,), _("softmax(Z) on fresh random {n} × {k} scores with rows centred near {centres}").format(
        n=n, k=k, centres=_show_rows(np.round(Z.mean(axis=1)))))


def _fresh_square(rng) -> Case:
    n = int(rng.integers(3, 6))
    Z = _matrix(rng, n, n, scale=1.5)
    return Case((Z,), _("softmax(Z) on fresh random {n} × {n} scores").format(n=n))


@checker(N_("your softmax is right on the visible scores and on fresh random ones, square and not, with rows "
            "hundreds of units apart"))
def check_softmax(fn):
    """fn(Z) -> the softmax of every row of Z, without overflow."""
    visible = [
        np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]),
        np.array([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -1003.0]]),
    ]
    fixed = [Case((Z,), _("softmax(Z) with Z = {Z}").format(Z=_show_rows(Z))) for Z in visible]
    try:
        return judge(
            fn, cases(fixed, [lambda rng: distinct_case(_fresh_scores, rng, _softmax, _SOFTMAX_MISTAKES),
                              _fresh_square, _fresh_scores]),
            _softmax,
            lambda raw, case: array(raw, case.args[0].shape, _("{label}: the probabilities").format(label=case.label)),
            mistakes=_SOFTMAX_MISTAKES,
            otherwise=_("Subtract each row's maximum, exponentiate, and divide each row by its sum."),
        )
    except Stop as stop:  # a row maximum or sum without keepdims: say why numpy refused
        error = getattr(stop, "error", None)
        if isinstance(error, ValueError) and "broadcast" in str(error):
            shown = stop.feedback.message.rstrip().rstrip(".")
            raise wrong(_("{shown}. A row's maximum or sum taken without keepdims=True has shape (n,), which numpy "
                          "cannot line up with the (n, K) scores (and lines up wrongly when "
                          "n = K): Z.max(axis=1, keepdims=True) and e.sum(axis=1, keepdims=True) keep a column of "
                          "shape (n, 1)").format(shown=shown)) from None
        raise


# --- 2. the gradient of the cross-entropy with respect to the scores -------------------------------------


def _ce_grad(Z, y):
    return (_softmax(Z) - _one_hot(y, Z.shape[1])) / len(Z)


_CE_MISTAKES = [
    (N_("the sign is flipped: the gradient is prediction minus target, softmax(Z) - Y (Y - P is the direction "
        "to step)"), lambda Z, y: -_ce_grad(Z, y)),
    (N_("you summed over the examples: the loss is a mean, so divide by n = len(Z)"),
     lambda Z, y: _ce_grad(Z, y) * len(Z)),
    (N_("you divided by the number of classes K = Z.shape[1], not by the number of examples n = len(Z)"),
     lambda Z, y: _ce_grad(Z, y) * len(Z) / Z.shape[1]),
    (N_("you used the raw scores Z as the probabilities: take the softmax of each row first, P = softmax(Z)"),
     lambda Z, y: (Z - _one_hot(y, Z.shape[1])) / len(Z)),
    (N_("your softmax runs down the columns (axis 0): each row is one example, so normalise along axis=1"),
     lambda Z, y: (_softmax(Z, axis=0) - _one_hot(y, Z.shape[1])) / len(Z)),
    (N_("there is an extra factor P(1 - P): the softmax's own slope cancels against the derivative of the log, "
        "which leaves just P - Y"),
     lambda Z, y: (_softmax(Z) - _one_hot(y, Z.shape[1])) * _softmax(Z) * (1 - _softmax(Z)) / len(Z)),
    (N_("only the column of the true class is right: the other columns get P as well (the target there is 0), "
        "so the gradient is P - Y in every column"),
     lambda Z, y: (_softmax(Z) - 1) * _one_hot(y, Z.shape[1]) / len(Z)),
    (N_("you subtracted 1 from every probability: subtract 1 only in the column of each row's label (Y is the "
        "labels one-hot)"), lambda Z, y: (_softmax(Z) - 1) / len(Z)),
    (N_("you subtracted the label numbers themselves, P - y[:, None]: turn the labels into one-hot rows Y first "
        "(Y[i, y_i] = 1, zeros elsewhere)"), lambda Z, y: (_softmax(Z) - np.asarray(y, float)[:, None]) / len(Z)),
    (N_("that is the gradient with respect to the probabilities, -Y / P, not with respect to the scores: go "
        "one step further back through the softmax, which gives P - Y"),
     lambda Z, y: -_one_hot(y, Z.shape[1]) / _softmax(Z) / len(Z)),
]


def _fresh_ce(rng) -> Case:
    sizes = _distinct_sizes(rng, "nk", 2, 7)
    n, k = sizes["n"], sizes["k"]
    Z = _matrix(rng, n, k, scale=1.5)
    y = _labels_with_every_class(rng, n, k) if n >= k else rng.integers(0, k, n)
    return Case((Z, y), _("cross_entropy_grad(Z, y={y}) on fresh random {n} × {k} scores").format(
        y=y.tolist(), n=n, k=k))


@checker(N_("your gradient is right on the visible cases and on fresh random scores and labels, with other "
            "numbers of examples and classes"))
def check_cross_entropy_grad(fn):
    """fn(Z, y) -> the gradient of the mean categorical cross-entropy with respect to the scores Z."""
    visible = [
        (np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 3.0], [1.0, -1.0, 0.5]]), np.array([0, 1, 2, 2])),
        (np.array([[0.3, -0.2], [1.5, 0.5], [-1.0, 2.0]]), np.array([1, 0, 0])),
    ]
    fixed = [Case((Z, y), _("cross_entropy_grad(Z, y={y}) with Z = {Z}").format(y=y.tolist(), Z=_show_rows(Z)))
             for Z, y in visible]
    return judge(
        fn, cases(fixed, lambda rng: distinct_case(_fresh_ce, rng, _ce_grad, _CE_MISTAKES)),
        _ce_grad,
        lambda raw, case: array(raw, case.args[0].shape, _("{label}: the gradient").format(label=case.label)),
        mistakes=_CE_MISTAKES,
        otherwise=_("Compute P = softmax(Z) row by row, subtract 1 in each row's label column, divide by n."),
    )


# --- 3. one backward pass of the two-layer network --------------------------------------------------------


_NAMES = ("dW1", "db1", "dW2", "db2")


def _backward(X, y, W1, b1, W2, b2, *, slope="tanh", n_div=True, sign=1.0, hidden_in_dW2="A1",
              softmax=True, db="sum"):
    n = len(X)
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1)
    Z2 = A1 @ W2 + b2
    P = _softmax(Z2) if softmax else Z2
    dZ2 = sign * (P - _one_hot(y, W2.shape[1])) / (n if n_div else 1)
    dW2 = (A1 if hidden_in_dW2 == "A1" else Z1).T @ dZ2
    db2 = dZ2.sum(axis=0) if db == "sum" else dZ2.mean(axis=0)
    dA1 = dZ2 @ W2.T
    act = {"tanh": 1 - A1**2, "1-A1": 1 - A1, "1-Z1^2": 1 - Z1**2, "none": 1.0, "relu": (Z1 > 0) * 1.0,
           "tanh-not-derivative": A1}[slope]
    dZ1 = dA1 * act
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0) if db == "sum" else dZ1.mean(axis=0)
    return dW1, db1, dW2, db2


_BACKWARD_MISTAKES = [
    (N_("dW1 and db1 are off: the slope of tanh is 1 - tanh(z)², i.e. 1 - A1**2; you used 1 - A1"),
     lambda *a: _backward(*a, slope="1-A1")),
    (N_("dW1 and db1 are off: the slope of tanh at Z1 is 1 - tanh(Z1)² = 1 - A1**2; you used 1 - Z1**2 (the "
        "pre-activation itself, not its tanh)"), lambda *a: _backward(*a, slope="1-Z1^2")),
    (N_("dW1 and db1 miss the slope of the activation: on the way back through A1 = tanh(Z1), multiply "
        "elementwise by tanh'(Z1) = 1 - A1**2"), lambda *a: _backward(*a, slope="none")),
    (N_("dW1 and db1 use the ReLU's slope (1 where Z1 > 0): this network's hidden layer is tanh, whose slope is "
        "1 - A1**2"), lambda *a: _backward(*a, slope="relu")),
    (N_("dW1 and db1 are multiplied by tanh(Z1) itself: the local derivative is tanh'(Z1) = 1 - A1**2"),
     lambda *a: _backward(*a, slope="tanh-not-derivative")),
    (N_("every gradient is n times too large: the loss is the mean over the n examples, so dZ2 = (P - Y) / n"),
     lambda *a: _backward(*a, n_div=False)),
    (N_("every gradient has the wrong sign: dZ2 = P - Y (prediction minus target), divided by n"),
     lambda *a: _backward(*a, sign=-1.0)),
    (N_("dW2 uses the pre-activations Z1: the second layer's input is the activation A1 = tanh(Z1), so "
        "dW2 = A1.T @ dZ2"), lambda *a: _backward(*a, hidden_in_dW2="Z1")),
    (N_("you used the scores Z2 in place of the probabilities: dZ2 = (softmax(Z2) - Y) / n"),
     lambda *a: _backward(*a, softmax=False)),
    (N_("db1 and db2 are averaged over the rows: dZ2 already holds the 1/n, so the bias gradients are the "
        "plain sums of the rows, dZ.sum(axis=0)"), lambda *a: _backward(*a, db="mean")),
]


def _backward_case(X, y, W1, b1, W2, b2, where: str) -> Case:
    n, d = X.shape
    H, K = W2.shape
    return Case((X, y, W1, b1, W2, b2),
                _("two_layer_backward(X, y={y}, W1, b1, W2, b2) on {where} data (n = {n} examples, d = {d} features, "
                  "H = {H} hidden units, K = {K} classes)").format(y=np.asarray(y).tolist(), where=where, n=n, d=d,
                                                                   H=H, K=K))


def _fresh_backward(rng) -> Case:
    s = _distinct_sizes(rng, "ndhk", 2, 7)
    n, d, H, K = s["n"], s["d"], s["h"], s["k"]
    X = _matrix(rng, n, d)
    y = _labels_with_every_class(rng, n, K) if n >= K else rng.integers(0, K, n)
    W1, b1 = _matrix(rng, d, H, 0.8), np.round(rng.normal(0, 0.5, H), 3)
    W2, b2 = _matrix(rng, H, K, 0.8), np.round(rng.normal(0, 0.5, K), 3)
    return _backward_case(X, y, W1, b1, W2, b2, _("fresh random"))


def _distinct_backward(rng, tries: int = 200) -> Case:
    """A fresh case on which no mistake of the table gives the right four gradients (distinct_case for
    an answer that is four arrays of different shapes)."""
    for _attempt in range(tries):
        case = _fresh_backward(rng)
        want = _backward(*copy.deepcopy(case.args))
        if all(not _same_four(_mistaken(mistake, case), want, rtol=1e-6) for _hint, mistake in _BACKWARD_MISTAKES):
            return case
    return case


def _mistaken(mistake, case: Case):
    try:
        with np.errstate(all="ignore"):
            return mistake(*copy.deepcopy(case.args))
    except Exception:  # a mistake that cannot be computed on this case cannot pass it either
        return None


def _four_arrays(raw, case: Case) -> tuple:
    """The learner's (dW1, db1, dW2, db2): four arrays with the shapes of W1, b1, W2, b2."""
    what = _("{label} should return the four gradients `return dW1, db1, dW2, db2`").format(label=case.label)
    if isinstance(raw, dict):
        raise wrong(_("{what} (a tuple, in that order), but you returned a dict").format(what=what))
    if isinstance(raw, np.ndarray) or not isinstance(raw, (tuple, list)):
        shown = (_("an array of shape {shape}").format(shape=raw.shape) if isinstance(raw, np.ndarray)
                 else _("a {type}").format(type=type(raw).__name__))
        raise wrong(_("{what}, but you returned {shown}").format(what=what, shown=shown))
    if len(raw) != 4:
        raise wrong(ngettext("{what}, but you returned {n} value", "{what}, but you returned {n} values",
                             len(raw)).format(what=what, n=len(raw)))
    shapes = [np.shape(a) for a in case.args[2:]]
    got = [array(g, shape, _("the {name} returned by {label}").format(name=name, label=case.label))
           for g, shape, name in zip(raw, shapes, _NAMES, strict=True)]
    return tuple(got)


def _same_four(got, want, rtol: float | None = None) -> bool:
    """The four gradients agree (nan matches nan: a mistake that divides by zero, copied by the learner)."""
    tol = {} if rtol is None else {"rtol": rtol}
    return isinstance(got, tuple) and len(got) == 4 and all(
        close(a, b, equal_nan=True, **tol) for a, b in zip(got, want, strict=True))


def _show_four(got, want) -> str:
    off = [name for name, g, w in zip(_NAMES, got, want, strict=True) if not close(g, w)]
    right = [name for name in _NAMES if name not in off]
    name = off[0]
    i = _NAMES.index(name)
    head = _("returned {name} = {got}, expected {want}").format(name=name, got=fmt(got[i], want[i]),
                                                                want=fmt(want[i], got[i]))
    if right:
        return head + _(" (wrong: {wrong}; right: {right})").format(wrong=", ".join(off), right=", ".join(right))
    return head + _(" (all four are wrong)")


@checker(N_("your backward pass is right on the visible case and on fresh random networks and data, with "
            "different numbers of examples, features, hidden units and classes"))
def check_two_layer_backward(fn):
    """fn(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2) of the mean cross-entropy of a tanh network."""
    X = np.array([[0.5, -1.2, 0.3], [1.5, 0.2, -0.7], [-0.4, 0.8, 1.1], [0.9, -0.3, -1.4], [-1.1, 1.3, 0.6]])
    y = np.array([0, 2, 1, 2, 0])
    W1 = np.array([[0.2, -0.5, 0.7, 0.1], [0.6, 0.3, -0.2, -0.8], [-0.4, 0.9, 0.5, 0.2]])
    b1 = np.array([0.1, -0.2, 0.0, 0.3])
    W2 = np.array([[0.5, -0.3, 0.8], [-0.6, 0.4, 0.2], [0.3, 0.7, -0.5], [0.9, -0.1, 0.4]])
    b2 = np.array([0.2, -0.1, 0.05])
    fixed = [_backward_case(X, y, W1, b1, W2, b2, _("the visible"))]
    all_cases = cases(fixed, _distinct_backward)
    pristine = [Case(copy.deepcopy(c.args), c.label, c.fresh) for c in all_cases]
    results = run_cases(fn, all_cases, _four_arrays)
    wants = [_backward(*copy.deepcopy(c.args)) for c in pristine]
    failing = [i for i, (got, want) in enumerate(zip(results, wants, strict=True)) if not _same_four(got, want)]
    if not failing:
        return None
    i = failing[0]
    head = _("{label} {shown}").format(label=all_cases[i].label, shown=_show_four(results[i], wants[i]))
    hint = first_mistake(_BACKWARD_MISTAKES, results, pristine, _same_four)
    if hint is None and not all(np.isfinite(g).all() for g in results[i]):
        hint = _("nan or inf means a division by zero, a log of 0, or an overflow (np.exp of a large score: "
                 "shift each row of Z2 by its maximum before the softmax)")
    if hint:
        return _("{head}: {hint}").format(head=head, hint=hint)
    return _("{head}. Go back one line of the forward pass at a time: dZ2 = (P - Y) / n, then dW2 and db2, "
             "dA1 = dZ2 @ W2.T, dZ1 = dA1 * (1 - A1**2), dW1 and db1.").format(head=head)


# --- 4. one epoch of mini-batch SGD on the network ---------------------------------------------------------


class _Net:
    """A tanh network d -> H -> K of the checker's own, whose flat gradient the learner's loop calls."""

    def __init__(self, d: int, H: int, K: int) -> None:
        self.d, self.H, self.K = d, H, K
        self.size = d * H + H + H * K + K

    def grad(self, w, Xb, yb):
        w, Xb, yb = np.asarray(w, dtype=float), np.asarray(Xb, dtype=float), np.asarray(yb)
        if w.shape != (self.size,):
            raise ValueError(_("grad: w must be the flat vector of {size} parameters, got shape {shape}").format(
                size=self.size, shape=w.shape))
        if Xb.ndim != 2 or Xb.shape[1] != self.d or len(Xb) == 0:
            raise ValueError(_("grad: Xb must be a batch of at least one row of {d} features, "
                               "got shape {shape} (an empty batch?)").format(d=self.d, shape=Xb.shape))
        if yb.shape != (len(Xb),):
            raise ValueError(_("grad: yb must hold one label per row of Xb, got shape {shape} for "
                               "{rows} rows").format(shape=yb.shape, rows=len(Xb)))
        d, H, K = self.d, self.H, self.K
        a, b, c = d * H, d * H + H, d * H + H + H * K
        W1, b1, W2, b2 = w[:a].reshape(d, H), w[a:b], w[b:c].reshape(H, K), w[c:]
        grads = _backward(Xb, yb, W1, b1, W2, b2)
        return np.concatenate([g.reshape(-1) for g in grads])

    def __repr__(self) -> str:
        return _("the gradient of a {d}-{H}-{K} tanh network").format(d=self.d, H=self.H, K=self.K)


def _epoch(grad, w, X, y, lr, s, rng, *, order="permutation", starts="right", sign=1.0, at="current",
           full=False, stop_after=None):
    n = len(X)
    w = np.array(w, dtype=float)
    w0 = w.copy()
    if order == "permutation":
        idx = rng.permutation(n)
    elif order == "none":
        idx = np.arange(n)
    else:  # with replacement
        idx = rng.integers(0, n, size=n)
    begin = {"right": range(0, n, s), "drop-last": range(0, n - s + 1, s)}[starts]
    for k, i in enumerate(begin):
        rows = np.arange(n) if full else idx[i:i + s]
        g = grad(w if at == "current" else w0, X[rows], y[rows])
        w = w - sign * lr * g
        if stop_after is not None and k + 1 == stop_after:
            break
    return w


def _new_order_per_batch(grad, w, X, y, lr, s, rng):
    w = np.array(w, dtype=float)
    for i in range(0, len(X), s):
        rows = rng.permutation(len(X))[i:i + s]
        w = w - lr * grad(w, X[rows], y[rows])
    return w


_EPOCH_MISTAKES = [
    (N_("w never changed: assign every step back to w inside the loop, w = w - lr * grad(w, Xb, yb)"),
     lambda grad, w, X, y, lr, s, rng: np.array(w, dtype=float)),
    (N_("that is w after the first batch only: put `return w` after the loop, not inside it"),
     lambda *a: _epoch(*a, stop_after=1)),
    (N_("every batch's gradient was taken at the starting w: compute it at the current w, which changes "
        "after every step"), lambda *a: _epoch(*a, at="start")),
    (N_("the batches follow the original order 0, 1, 2, ...: shuffle first, order = rng.permutation(n), then "
        "cut `order`"), lambda *a: _epoch(*a, order="none")),
    (N_("the last, smaller batch is missing (a loop over range(0, n - batch_size + 1, batch_size) or over "
        "n // batch_size batches): keep it, or those examples are never used in the epoch"),
     lambda *a: _epoch(*a, starts="drop-last")),
    (N_("you drew a new permutation for every batch, so some examples come twice in the epoch and others "
        "never: draw order = rng.permutation(n) once, before the loop"), _new_order_per_batch),
    (N_("that is sampling with replacement (rng.integers): some examples appear twice and others never. An "
        "epoch uses every example once: order = rng.permutation(n)"), lambda *a: _epoch(*a, order="replace")),
    (N_("every step used the gradient of all the data (that is batch gradient descent): pass only the batch's "
        "rows, X[batch] and y[batch], to grad"), lambda *a: _epoch(*a, full=True)),
    (N_("you stepped uphill, w + lr * g: subtract the gradient"), lambda *a: _epoch(*a, sign=-1.0)),
]


def _epoch_case(net: _Net, w, X, y, lr, s, seed, where: str) -> Case:
    n = len(X)
    rng = SeededRng(seed)
    return Case((net.grad, w, X, y, lr, s, rng),
                _("network_epoch(grad, w, X, y, lr={lr}, batch_size={s}, rng={rng!r}) on {where} data "
                  "(n = {n}, a {d}-{H}-{K} network)").format(lr=lr, s=s, rng=rng, where=where, n=n, d=net.d,
                                                             H=net.H, K=net.K))


def _fresh_epoch(rng, divides: bool) -> Case:
    d, H, K = int(rng.integers(1, 4)), int(rng.integers(2, 6)), int(rng.integers(2, 4))
    s = int(rng.integers(2, 5))
    n = s * int(rng.integers(2, 4)) + (0 if divides else int(rng.integers(1, s)))
    net = _Net(d, H, K)
    X = _matrix(rng, n, d)
    y = _labels_with_every_class(rng, n, K)
    w = np.round(rng.normal(0, 0.7, net.size), 3)
    lr = round(float(rng.uniform(0.2, 0.9)), 2)
    return _epoch_case(net, w, X, y, lr, s, int(rng.integers(1000)), _("fresh random"))


def _as_vector(raw, case: Case):
    return array(raw, np.shape(case.args[1]), _("{label}: the returned w").format(label=case.label))


@checker(N_("your epoch is right on the visible cases and on fresh random networks and data, where the batch "
            "size divides n and where it does not"))
def check_network_epoch(fn):
    """fn(grad, w, X, y, lr, batch_size, rng) -> w after one shuffled epoch of mini-batch SGD."""
    net = _Net(2, 3, 3)
    X = np.array([[0.5, -1.2], [1.5, 0.2], [-0.4, 0.8], [0.9, -0.3], [-1.1, 1.3], [0.2, 0.4], [1.2, -0.9]])
    y = np.array([0, 2, 1, 2, 0, 1, 1])
    w = np.round(np.linspace(-0.8, 0.9, net.size) * np.array([1, -1] * 10 + [1])[:net.size], 3)
    fixed = [_epoch_case(net, w, X, y, 0.5, 3, 3, _("the visible")),
             _epoch_case(net, w, X, y, 0.3, 7, 4, _("the visible"))]
    # fresh cases take turns: batch_size divides n (an extra, empty batch shows), then it does not (a
    # dropped last batch shows); each mistake differs from the answer on one kind or the other
    return judge(
        fn, cases(fixed, [lambda rng: _fresh_epoch(rng, True), lambda rng: _fresh_epoch(rng, False)], n=4),
        _epoch, _as_vector, mistakes=_EPOCH_MISTAKES,
        otherwise=_("Draw order = rng.permutation(len(X)) once; for every start in range(0, n, batch_size) take "
                    "batch = order[start:start + batch_size] and step w = w - lr * grad(w, X[batch], y[batch])."),
    )
