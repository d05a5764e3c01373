"""Update rules and the one loop that drives them.

Every rule has the same two methods:

    new_w = rule.step(w, g)   # one update from the gradient g at w; w itself is never changed
    rule.reset()              # forget the state (G, v, s, m, t) before a new run

The formulas, the defaults and the place of eps follow PyTorch's optimizers
(torch.optim.SGD, Adagrad, RMSprop, Adam), so the numbers you get here are the
numbers you will get there for the same hyperparameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gdlib._validate import count, finite_array, in_range, positive, real, same_shape, scalar_result


class UpdateRule:
    """Shared plumbing: argument checks and state bookkeeping. The math lives in step()."""

    lr: float

    def reset(self) -> None:
        """Forget everything learned from earlier gradients."""
        self._shape: tuple[int, ...] | None = None

    def _prepare(self, w, g) -> tuple[np.ndarray, np.ndarray]:
        name = type(self).__name__
        w = np.asarray(w, dtype=float)
        g = np.asarray(g, dtype=float)
        same_shape("w", w, "g", g, owner=f"{name}.step")
        if getattr(self, "_shape", None) is None:
            self._shape = w.shape
        elif w.shape != self._shape:
            raise ValueError(
                f"{name}.step: w has shape {w.shape} but this rule's state was built for shape "
                f"{self._shape}; call reset() before using the rule on a new problem"
            )
        return w, g

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"

    def hyperparameters(self) -> dict:
        return {"lr": self.lr}


class GradientDescent(UpdateRule):
    """Plain gradient descent: a step of size lr against the gradient.

        w_t = w_{t-1} - lr * g_t

    (torch.optim.SGD with momentum=0; its default lr is 1e-3.)
    """

    def __init__(self, lr: float = 1e-3) -> None:
        self.lr = positive("lr", lr, owner="GradientDescent")
        self.reset()

    def step(self, w, g) -> np.ndarray:
        w, g = self._prepare(w, g)
        return w - self.lr * g


class Momentum(UpdateRule):
    """Gradient descent with momentum: steps follow a running sum of past gradients.

        v_t = beta * v_{t-1} + g_t                (v_0 = 0, so v_1 = g_1)
        w_t = w_{t-1} - lr * v_t

    (torch.optim.SGD with momentum=beta, dampening=0, nesterov=False.)
    """

    def __init__(self, lr: float = 1e-3, beta: float = 0.9) -> None:
        self.lr = positive("lr", lr, owner="Momentum")
        self.beta = in_range("beta", beta, 0.0, 1.0, owner="Momentum")
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.v: np.ndarray | None = None

    def hyperparameters(self) -> dict:
        return {"lr": self.lr, "beta": self.beta}

    def step(self, w, g) -> np.ndarray:
        w, g = self._prepare(w, g)
        self.v = (np.zeros_like(w) if self.v is None else self.v) * self.beta + g
        return w - self.lr * self.v


class Adagrad(UpdateRule):
    """Adagrad: a separate step size for every coordinate.

        G_t = G_{t-1} + g_t**2                    (elementwise, G_0 = 0)
        w_t = w_{t-1} - lr * g_t / (sqrt(G_t) + eps)

    eps sits outside the square root (the PyTorch convention; default 1e-10).
    The effective rate lr / (sqrt(G_t) + eps) of each coordinate can only shrink.
    """

    def __init__(self, lr: float = 1e-2, eps: float = 1e-10) -> None:
        self.lr = positive("lr", lr, owner="Adagrad")
        self.eps = in_range("eps", eps, 0.0, np.inf, owner="Adagrad")
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.G: np.ndarray | None = None  # public: a plot can show the effective rate

    def hyperparameters(self) -> dict:
        return {"lr": self.lr, "eps": self.eps}

    def effective_lr(self) -> np.ndarray | None:
        """lr / (sqrt(G) + eps), the per-coordinate step size of the last update."""
        return None if self.G is None else self.lr / (np.sqrt(self.G) + self.eps)

    def step(self, w, g) -> np.ndarray:
        w, g = self._prepare(w, g)
        self.G = (np.zeros_like(w) if self.G is None else self.G) + g**2
        return w - self.lr * g / (np.sqrt(self.G) + self.eps)


class RMSProp(UpdateRule):
    """RMSProp: Adagrad with a fading memory, so the step size can recover.

        s_t = alpha * s_{t-1} + (1 - alpha) * g_t**2      (s_0 = 0)
        w_t = w_{t-1} - lr * g_t / (sqrt(s_t) + eps)

    (torch.optim.RMSprop, not centered, no momentum; defaults lr=1e-2, alpha=0.99, eps=1e-8.)
    """

    def __init__(self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.lr = positive("lr", lr, owner="RMSProp")
        self.alpha = in_range("alpha", alpha, 0.0, 1.0, owner="RMSProp")
        self.eps = in_range("eps", eps, 0.0, np.inf, owner="RMSProp")
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.s: np.ndarray | None = None

    def hyperparameters(self) -> dict:
        return {"lr": self.lr, "alpha": self.alpha, "eps": self.eps}

    def step(self, w, g) -> np.ndarray:
        w, g = self._prepare(w, g)
        self.s = self.alpha * (np.zeros_like(w) if self.s is None else self.s) + (1 - self.alpha) * g**2
        return w - self.lr * g / (np.sqrt(self.s) + self.eps)


class Adam(UpdateRule):
    """Adam: momentum on the gradient plus RMSProp's scaling, both bias-corrected.

        m_t = beta1 * m_{t-1} + (1 - beta1) * g_t          (m_0 = 0)
        v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2       (v_0 = 0)
        m_hat = m_t / (1 - beta1**t),   v_hat = v_t / (1 - beta2**t)
        w_t = w_{t-1} - lr * m_hat / (sqrt(v_hat) + eps)

    (torch.optim.Adam without weight decay or amsgrad; defaults lr=1e-3,
    betas=(0.9, 0.999), eps=1e-8 added after the square root of v_hat.)
    """

    def __init__(self, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        self.lr = positive("lr", lr, owner="Adam")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got betas={betas!r}")
        self.betas = (
            in_range("betas[0]", betas[0], 0.0, 1.0, owner="Adam"),
            in_range("betas[1]", betas[1], 0.0, 1.0, owner="Adam"),
        )
        self.eps = in_range("eps", eps, 0.0, np.inf, owner="Adam")
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.m: np.ndarray | None = None
        self.v: np.ndarray | None = None
        self.t = 0

    def hyperparameters(self) -> dict:
        return {"lr": self.lr, "betas": self.betas, "eps": self.eps}

    def step(self, w, g) -> np.ndarray:
        w, g = self._prepare(w, g)
        beta1, beta2 = self.betas
        zeros = np.zeros_like(w)
        self.t += 1
        self.m = beta1 * (zeros if self.m is None else self.m) + (1 - beta1) * g
        self.v = beta2 * (zeros if self.v is None else self.v) + (1 - beta2) * g**2
        m_hat = self.m / (1 - beta1**self.t)
        v_hat = self.v / (1 - beta2**self.t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


@dataclass
class History:
    """What a run of descend() leaves behind, ready to print or plot.

    params      array (k+1, d): x0 and every iterate, one row each (d = x0.size)
    losses      array (k+1,) of f at each row of params, or None if no f was given
    grad_norms  array of ||grad|| at each point where the gradient was evaluated
    converged   True if ||grad|| <= tol was reached
    diverged    True if the run stopped because an iterate or loss blew up
    message     one sentence: why the run stopped, and when
    """

    params: np.ndarray
    losses: np.ndarray | None
    grad_norms: np.ndarray
    converged: bool = False
    diverged: bool = False
    message: str = ""
    shape: tuple[int, ...] = field(default=(), repr=False)

    @property
    def steps(self) -> int:
        """Number of updates made (rows of params minus one)."""
        return len(self.params) - 1

    @property
    def x(self) -> np.ndarray:
        """The last iterate, in the shape of x0."""
        return self.params[-1].reshape(self.shape)

    def __repr__(self) -> str:
        return (
            f"History(steps={self.steps}, converged={self.converged}, diverged={self.diverged}, "
            f"message={self.message!r})"
        )


def _as_input(x: np.ndarray, shape: tuple[int, ...]):
    """The iterate in the caller's shape: a plain float for a scalar start."""
    return float(x[0]) if shape == () else x.reshape(shape)


def descend(
    grad: Callable,
    x0,
    rule: UpdateRule,
    steps: int,
    f: Callable | None = None,
    tol: float | None = None,
    *,
    blowup: float = 1e10,
) -> History:
    """Run an update rule for a number of steps from x0; the loop is the algorithm.

        repeat `steps` times:  g = grad(x);  stop if ||g|| <= tol;  x = rule.step(x, g)

    The rule is reset first, so every call starts fresh. The run stops early when
    ||grad(x)|| <= tol (converged), or when an iterate or its loss is not finite or
    exceeds `blowup` in size (diverged); the history up to that point is kept, so the
    blow-up can be plotted.
    """
    if not hasattr(rule, "step") or not hasattr(rule, "reset"):
        raise TypeError(f"rule must be an update rule such as optim.GradientDescent(lr=0.1), got rule={rule!r}")
    if not callable(grad):
        raise TypeError(f"grad must be a function grad(x) returning the gradient, got grad={grad!r}")
    if f is not None and not callable(f):
        raise TypeError(f"f must be a function f(x) returning the loss, or None, got f={f!r}")
    x0 = finite_array("x0", x0)
    steps = count("steps", steps)
    tol = None if tol is None else real("tol", tol)
    if tol is not None and tol < 0:
        raise ValueError(f"tol must be >= 0 (a bound on the gradient norm), got tol={tol!r}")
    blowup = positive("blowup", blowup)

    shape = x0.shape
    x = x0.reshape(-1)
    rule.reset()

    def loss(x):
        return scalar_result(f(_as_input(x, shape)), what="f")

    def gradient_at(x):
        g = np.asarray(grad(_as_input(x, shape)), dtype=float)
        if g.size != x.size:
            raise ValueError(
                f"grad must return one partial derivative per coordinate of x: x0 has shape {shape}, "
                f"but grad returned shape {g.shape}"
            )
        return g.reshape(-1)

    params, losses, norms = [x], ([loss(x)] if f is not None else None), []
    converged = diverged = False
    message = f"stopped after the full budget of {steps} steps"
    g = gradient_at(x)
    for k in range(1, steps + 1):
        norms.append(float(np.linalg.norm(g)))
        if tol is not None and norms[-1] <= tol:
            converged = True
            message = f"converged: ||grad|| = {norms[-1]:.3g} <= tol = {tol:g} after {k - 1} steps"
            break
        x = np.asarray(rule.step(x, g), dtype=float).reshape(-1)
        value = None
        if not np.all(np.isfinite(x)):
            reason = "an iterate is no longer finite (nan or inf)"
        elif np.max(np.abs(x)) > blowup:
            reason = f"|x| = {np.max(np.abs(x)):.3g} passed the blow-up limit {blowup:g}"
        else:
            value = loss(x) if f is not None else None
            reason = None
            if value is not None and not abs(value) <= blowup:  # also catches nan
                reason = f"the loss f(x) = {value:.3g} passed the blow-up limit {blowup:g}"
        if reason is not None:
            diverged = True
            if np.all(np.isfinite(x)):  # keep a finite blow-up for the plot; nan/inf would blank it
                params.append(x)
                if losses is not None:
                    losses.append(loss(x) if value is None else value)
            message = f"diverged at step {k}: {reason}; try a smaller learning rate"
            break
        params.append(x)
        if losses is not None:
            losses.append(value)
        g = gradient_at(x)
    else:
        norms.append(float(np.linalg.norm(g)))
        if tol is not None and norms[-1] <= tol:
            converged = True
            message = f"converged: ||grad|| = {norms[-1]:.3g} <= tol = {tol:g} after {steps} steps"
        elif tol is not None:
            message = f"not converged: ||grad|| = {norms[-1]:.3g} > tol = {tol:g} after {steps} steps"

    return History(
        params=np.array(params),
        losses=None if losses is None else np.array(losses),
        grad_norms=np.array(norms),
        converged=converged,
        diverged=diverged,
        message=message,
        shape=shape,
    )
