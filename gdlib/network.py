"""A two-layer neural network for classification, written as its formulas.

For a batch X of n examples (rows) with d features, H hidden units and K classes:

    forward                                       shapes
        Z1 = X @ W1 + b1                          (n, H)   hidden pre-activations
        A1 = act(Z1)                              (n, H)   tanh or ReLU, elementwise
        Z2 = A1 @ W2 + b2                         (n, K)   class scores (logits)
        P  = softmax(Z2)                          (n, K)   class probabilities, rows add up to 1
        L  = -(1/n) sum_i log P[i, y_i]                    categorical cross-entropy

    backward: the chain rule, one local derivative per line, from the loss back to the input
        dZ2 = (P - Y) / n                         (n, K)   Y: the labels one-hot
        dW2 = A1ᵀ dZ2        db2 = sum of the rows of dZ2
        dA1 = dZ2 W2ᵀ                             (n, H)
        dZ1 = dA1 * act'(Z1)                      tanh' = 1 - A1²,  ReLU' = 1 where Z1 > 0, else 0
        dW1 = Xᵀ dZ1         db1 = sum of the rows of dZ1

Every gradient has the shape of its parameter. The update rules of gdlib.optim take one flat
vector w, so the four parameters are stored one after the other in w (W1 row by row, b1, W2,
b2), and net.unpack(w) gives them back as matrices (views of w, not copies). Then

    optim.descend(lambda w: net.grad(w, X, y), net.init(seed=0), optim.Adam(0.01), steps,
                  f=lambda w: net.loss(w, X, y))

trains the network with any rule of the course, and minibatch_gradient(net.grad, X, y,
batch_size, seed) turns the same loop into mini-batch SGD.

Labels y are class numbers 0..K-1, shape (n,), or target probabilities, shape (n, K) (see
gdlib.classify). Arguments are checked, and errors name the argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gdlib._validate import MAX_EXAMPLES, array, choice, count, function, real, rows_match
from gdlib.classify import _labels, _log_softmax, _softmax
from gdlib.data import make_rng
from gdlib.i18n import _
from gdlib.training import batch_indices

__all__ = ["ACTIVATIONS", "Forward", "TwoLayerNet", "minibatch_gradient"]

ACTIVATIONS = ("tanh", "relu")
MAX_PARAMETERS = 10**8  # 800 MB of float64: beyond this a learner's kernel runs out of memory


@dataclass
class Forward:
    """What the forward pass computed for a batch X, kept for the backward pass."""

    X: np.ndarray   # (n, d)  the inputs
    Z1: np.ndarray  # (n, H)  hidden pre-activations X W1 + b1
    A1: np.ndarray  # (n, H)  hidden activations act(Z1)
    Z2: np.ndarray  # (n, K)  class scores A1 W2 + b2
    P: np.ndarray   # (n, K)  softmax(Z2)


class TwoLayerNet:
    """d inputs -> H hidden units (tanh or ReLU) -> K class scores -> softmax.

        net = TwoLayerNet(n_in=4, n_hidden=8, n_out=3)    # the shapes; no numbers yet
        w = net.init(seed=0)                              # a flat parameter vector of net.size numbers
        net.loss(w, X, y), net.grad(w, X, y)              # for optim.descend
        net.forward(w, X), net.backward(w, fwd, y)        # the two passes, step by step

    The network holds no parameters itself: every method takes w, so the same net serves any
    number of runs, and w is what the update rules change.
    """

    def __init__(self, n_in: int, n_hidden: int, n_out: int, activation: str = "tanh") -> None:
        owner = "TwoLayerNet"
        self.n_in = _size("n_in", n_in, owner)
        self.n_hidden = _size("n_hidden", n_hidden, owner)
        self.n_out = _size("n_out", n_out, owner)
        self.activation = choice("activation", activation, ACTIVATIONS, owner=owner)
        self.shapes = {"W1": (self.n_in, self.n_hidden), "b1": (self.n_hidden,),
                       "W2": (self.n_hidden, self.n_out), "b2": (self.n_out,)}
        self.size = sum(math.prod(shape) for shape in self.shapes.values())
        if self.size > MAX_PARAMETERS:
            raise ValueError(_("{owner}: n_in={n_in}, n_hidden={n_hidden} and n_out={n_out} give {size:,} parameters, "
                               "more than {most:,} (too large for memory)").format(
                                   owner=owner, n_in=self.n_in, n_hidden=self.n_hidden, n_out=self.n_out,
                                   size=self.size, most=MAX_PARAMETERS))

    def __repr__(self) -> str:
        return (f"TwoLayerNet(n_in={self.n_in}, n_hidden={self.n_hidden}, n_out={self.n_out}, "
                f"activation={self.activation!r})")

    # --- the flat parameter vector ------------------------------------------------------------------

    def init(self, seed=0, scale: float = 1.0) -> np.ndarray:
        """Random starting weights, zero biases, as one flat vector of net.size numbers.

            W1 ~ N(0, gain² / d),   W2 ~ N(0, gain² / H),   b1 = 0,   b2 = 0

        with gain 1 for tanh and √2 for ReLU (LeCun and He initialisation): each hidden unit then
        starts with pre-activations of order 1, neither saturated nor vanishing. scale multiplies
        both weight matrices (scale=1e-3 starts next to the saddle point at w = 0; scale=0 is the
        all-zero start). seed: an int >= 0 or a np.random.Generator.
        """
        rng = make_rng(seed)
        scale = real("scale", scale, owner="TwoLayerNet.init")
        gain = 1.0 if self.activation == "tanh" else math.sqrt(2.0)
        W1 = rng.standard_normal(self.shapes["W1"]) * (scale * gain / math.sqrt(self.n_in))
        W2 = rng.standard_normal(self.shapes["W2"]) * (scale * gain / math.sqrt(self.n_hidden))
        if not (np.isfinite(W1).all() and np.isfinite(W2).all()):
            raise ValueError(_("TwoLayerNet.init: scale={scale!r} is too large: the weights overflow "
                               "floating point").format(scale=scale))
        return self.pack({"W1": W1, "b1": np.zeros(self.n_hidden), "W2": W2, "b2": np.zeros(self.n_out)})

    def unpack(self, w) -> dict[str, np.ndarray]:
        """{"W1": (d, H), "b1": (H,), "W2": (H, K), "b2": (K,)}: views into w, in that order."""
        w = self._w(w, "TwoLayerNet.unpack")
        return self._split(w)

    def pack(self, params) -> np.ndarray:
        """The inverse of unpack: the four arrays of a dict, flattened one after the other into a new vector."""
        owner = "TwoLayerNet.pack"
        if not isinstance(params, dict):
            raise TypeError(_("{owner}: params must be a dict {{'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}}, "
                              "got params={params}").format(owner=owner, params=_show(params)))
        if set(params) != set(self.shapes):
            raise ValueError(_("{owner}: params must have exactly the keys W1, b1, W2, b2, got {keys}").format(
                owner=owner, keys=sorted(map(str, params))))
        parts = []
        for name, shape in self.shapes.items():
            value = array(f"params[{name!r}]", params[name], owner=owner, min_size=0)
            if value.shape != shape:
                raise ValueError(_("{owner}: params[{name!r}] must have shape {shape} for this network, "
                                   "got shape {got}").format(owner=owner, name=name, shape=shape, got=value.shape))
            parts.append(value.reshape(-1))
        return np.concatenate(parts)

    # --- the two passes -------------------------------------------------------------------------------

    def forward(self, w, X) -> Forward:
        """The forward pass on a batch X (n, d): Z1, A1, Z2 and P, kept for backward."""
        w = self._w(w, "TwoLayerNet.forward")
        X = self._X(X, "TwoLayerNet.forward")
        return self._forward(self._split(w), X)

    def backward(self, w, fwd: Forward, y) -> dict[str, np.ndarray]:
        """The gradient of the mean cross-entropy, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, from the
        forward pass fwd = net.forward(w, X) at the same w and the labels y of X's rows."""
        owner = "TwoLayerNet.backward"
        w = self._w(w, owner)
        if not isinstance(fwd, Forward):
            raise TypeError(_("{owner}: fwd must be the result of net.forward(w, X), got fwd={fwd}").format(
                owner=owner, fwd=_show(fwd)))
        if fwd.Z1.shape[1:] != (self.n_hidden,) or fwd.Z2.shape[1:] != (self.n_out,):
            raise ValueError(_("{owner}: fwd comes from another network (hidden layer {hidden}, scores {scores}; "
                               "this one has ({n_hidden},) and ({n_out},))").format(
                                   owner=owner, hidden=fwd.Z1.shape[1:], scores=fwd.Z2.shape[1:],
                                   n_hidden=self.n_hidden, n_out=self.n_out))
        Y = _labels(y, fwd.P.shape[0], self.n_out, owner)
        grads = self._backward(self._split(w), fwd, Y)
        return grads

    # --- what a training loop calls ---------------------------------------------------------------------

    def scores(self, w, X) -> np.ndarray:
        """The class scores Z2 (n, K) of the rows of X."""
        return self.forward(w, X).Z2

    def predict(self, w, X) -> np.ndarray:
        """The class with the largest score for each row of X, as integers (n,)."""
        return np.argmax(self.forward(w, X).Z2, axis=1)

    def accuracy(self, w, X, y) -> float:
        """The fraction of the rows of X whose predicted class is the label y (class numbers 0..K-1)."""
        owner = "TwoLayerNet.accuracy"
        X = self._X(X, owner)
        Y = _labels(y, len(X), self.n_out, owner)
        Z2 = self._forward(self._split(self._w(w, owner)), X).Z2
        return float(np.mean(np.argmax(Z2, axis=1) == np.argmax(Y, axis=1)))

    def loss(self, w, X, y) -> float:
        """The mean categorical cross-entropy of the labels y under the network's probabilities.

        inf (never nan) if the scores leave floating-point range, so a diverging run stops as diverged.
        """
        owner = "TwoLayerNet.loss"
        w, X = self._w(w, owner), self._X(X, owner)
        Y = _labels(y, len(X), self.n_out, owner)
        return self._loss(self._split(w), X, Y)

    def grad(self, w, X, y) -> np.ndarray:
        """The gradient of net.loss(w, X, y) with respect to w, as one flat vector (backward, packed)."""
        owner = "TwoLayerNet.grad"
        w, X = self._w(w, owner), self._X(X, owner)
        Y = _labels(y, len(X), self.n_out, owner)
        g = self._grad(w, X, Y)
        if not np.isfinite(g).all():
            raise ValueError(_("{owner}: the gradient overflows floating point: w or X is far too large "
                               "(a diverging run? try a smaller learning rate)").format(owner=owner))
        return g

    def losses(self, W, X, y) -> np.ndarray:
        """The loss at every row of W (T, net.size), e.g. the rows hist.params of a run: one loss per row.

        All rows at once (a batch of T networks), so a validation curve costs one call, not T.
        inf where the scores leave floating-point range.
        """
        owner = "TwoLayerNet.losses"
        W = array("W", W, ndim=2, owner=owner) if not (type(W) is np.ndarray and W.dtype == np.float64
                                                         and W.ndim == 2 and np.isfinite(W).all()) else W
        if W.shape[1] != self.size or len(W) == 0:
            raise ValueError(_("{owner}: W must have one row per parameter vector, each of the network's "
                               "{size} parameters (shape (T, {size})), got shape {shape}").format(
                                   owner=owner, size=self.size, shape=W.shape))
        X = self._X(X, owner)
        Y = _labels(y, len(X), self.n_out, owner)
        return self._losses(W, X, Y)

    # --- the formulas, without the checks (the explorer calls these in its loops) -------------------------

    def _split(self, w: np.ndarray) -> dict[str, np.ndarray]:
        params, start = {}, 0
        for name, shape in self.shapes.items():
            size = math.prod(shape)
            params[name] = w[start:start + size].reshape(shape)
            start += size
        return params

    def _act(self, Z1: np.ndarray) -> np.ndarray:
        return np.tanh(Z1) if self.activation == "tanh" else np.maximum(Z1, 0.0)

    def _act_slope(self, fwd: Forward) -> np.ndarray:
        """act'(Z1): 1 - tanh² = 1 - A1², or the ReLU's 0/1 step (0 at Z1 = 0, as in PyTorch)."""
        return 1.0 - fwd.A1**2 if self.activation == "tanh" else (fwd.Z1 > 0).astype(float)

    def _forward(self, p: dict, X: np.ndarray) -> Forward:
        with np.errstate(over="ignore", invalid="ignore"):
            Z1 = X @ p["W1"] + p["b1"]
            A1 = self._act(Z1)
            Z2 = A1 @ p["W2"] + p["b2"]
            P = _softmax(Z2)
        return Forward(X=X, Z1=Z1, A1=A1, Z2=Z2, P=P)

    def _backward(self, p: dict, fwd: Forward, Y: np.ndarray) -> dict[str, np.ndarray]:
        with np.errstate(over="ignore", invalid="ignore"):
            dZ2 = (fwd.P - Y) / len(Y)
            dW2 = fwd.A1.T @ dZ2
            db2 = dZ2.sum(axis=0)
            dA1 = dZ2 @ p["W2"].T
            dZ1 = dA1 * self._act_slope(fwd)
            dW1 = fwd.X.T @ dZ1
            db1 = dZ1.sum(axis=0)
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

    def _grad(self, w: np.ndarray, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        params = self._split(w)
        grads = self._backward(params, self._forward(params, X), Y)
        return np.concatenate([grads[name].reshape(-1) for name in self.shapes])

    def _losses(self, W: np.ndarray, X: np.ndarray, Y: np.ndarray, chunk: int = 64) -> np.ndarray:
        """The loss of each row of W: the forward pass of up to `chunk` networks at once, (T, n, H) arrays."""
        d, H, K = self.n_in, self.n_hidden, self.n_out
        out = np.empty(len(W))
        hit = Y > 0
        for start in range(0, len(W), chunk):
            rows = W[start:start + chunk]
            T = len(rows)
            a, b, c = d * H, d * H + H, d * H + H + H * K
            with np.errstate(over="ignore", invalid="ignore"):
                Z1 = X @ rows[:, :a].reshape(T, d, H) + rows[:, None, a:b]
                Z2 = self._act(Z1) @ rows[:, b:c].reshape(T, H, K) + rows[:, None, c:]
                logp = _log_softmax(Z2)
                out[start:start + T] = -np.sum(np.where(hit, Y * logp, 0.0), axis=(1, 2)) / len(Y)
        out[np.isnan(out)] = math.inf
        return out

    def _loss(self, p: dict, X: np.ndarray, Y: np.ndarray) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            Z2 = self._act(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
            logp = _log_softmax(Z2)
        hit = Y > 0
        value = float(-np.sum(Y[hit] * logp[hit]) / len(Y))
        return value if not math.isnan(value) else math.inf

    # --- argument checks ----------------------------------------------------------------------------------

    def _w(self, w, owner: str) -> np.ndarray:
        if not (type(w) is np.ndarray and w.dtype == np.float64 and w.ndim == 1):
            w = array("w", w, owner=owner, min_size=0)
        if w.shape != (self.size,):
            raise ValueError(_("{owner}: w must be a flat vector of the network's {size} parameters "
                               "(shape ({size},), as net.init gives), got shape {shape}").format(
                                   owner=owner, size=self.size, shape=w.shape))
        if not np.isfinite(w).all():
            array("w", w, owner=owner)  # raises, naming w
        return w

    def _X(self, X, owner: str) -> np.ndarray:
        if not (type(X) is np.ndarray and X.dtype == np.float64):
            X = array("X", X, owner=owner, min_size=0)
        if X.ndim != 2 or X.shape[1] != self.n_in or len(X) == 0:
            raise ValueError(_("{owner}: X must be a 2-D array of at least one example (row) with n_in={n_in} "
                               "features (columns), got shape {shape}{hint}").format(
                                   owner=owner, n_in=self.n_in, shape=X.shape,
                                   hint=_("; for one example use X[None, :]") if X.shape == (self.n_in,) else ""))
        if not np.isfinite(X).all():
            array("X", X, owner=owner)  # raises, naming X
        return X


def minibatch_gradient(grad: Callable, X, y, batch_size: int | None, seed=None) -> Callable[[np.ndarray], np.ndarray]:
    """grad_w(w) for optim.descend that returns grad(w, Xb, yb) on the next mini-batch of (X, y).

    The batches are those of training.minibatch_descend: every epoch a new random order of the n
    rows (drawn from seed), cut into batches of batch_size (the last one may be smaller); after
    the last batch of an epoch the next epoch starts. So descend with this gradient is mini-batch
    gradient descent, and ceil(n / batch_size) steps are one epoch. batch_size=None is the full
    batch (every call sees all the rows, no seed needed), 1 is SGD. The same seed gives the
    same batches. (minibatch_descend itself needs w with one row per column of X, a linear
    model's shape; a network's flat parameter vector does not have it.)
    """
    owner = "minibatch_gradient"
    function("grad", grad, what=_("grad(w, Xb, yb) returning the batch's mean gradient"), owner=owner)
    X = array("X", X, ndim=2, owner=owner)
    y = array("y", y, ndim=(1, 2), owner=owner)
    rows_match("X", X, "y", y, owner=owner)
    n = len(X)
    if batch_size is None:
        return lambda w: grad(w, X, y)
    size = count("batch_size", batch_size, minimum=1, maximum=MAX_EXAMPLES)
    if size > n:
        raise ValueError(_("{owner}: batch_size must be between 1 and n = {n} (or None for the full batch), "
                           "got batch_size={size}").format(owner=owner, n=n, size=size))
    if seed is None:
        raise ValueError(_("{owner}: seed is required for mini-batches (the order is random): pass seed=0, "
                           "any int >= 0, or a np.random.Generator").format(owner=owner))
    rng = make_rng(seed)
    queue: list[np.ndarray] = []

    def grad_w(w):
        if not queue:  # a new epoch: a new order, cut into batches
            queue.extend(batch_indices(n, size, rng)[::-1])
        rows = queue.pop()
        return grad(w, X[rows], y[rows])

    return grad_w


def _size(name: str, value, owner: str) -> int:
    try:
        return count(name, value, minimum=1, maximum=MAX_EXAMPLES)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{owner}: {error}") from None


def _show(value, limit: int = 60) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
