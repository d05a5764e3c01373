"""Update rules and the one loop that drives them.

Every rule has the same two methods:

    new_w = rule.step(w, g)   # one update from the gradient g at w; w itself is never changed
    rule.reset()              # forget the state (G, v, s, m, t) before a new run

The formulas, the defaults and the place of eps follow PyTorch's optimizers
(torch.optim.SGD, Adagrad, RMSprop, Adam), so the numbers you get here are the
numbers you will get there for the same hyperparameters. Momentum is the one
exception among the defaults: torch.optim.SGD has momentum=0, gdlib's Momentum
starts with beta=0.9, the value people usually pass.

descend(grad, x0, rule, steps) runs a rule; training.minibatch_descend runs it on
mini-batches. Both are the same loop (_run_loop below): full batch is its special case.
"""

from __future__ import annotations

import inspect
import math
import numbers
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gdlib._validate import array, count, finite_array, function, in_range, positive, real, same_shape, scalar_result
from gdlib.i18n import _

MAX_UPDATES = 10**7  # a run this long takes minutes; a typo like steps=10**9 should not hang the kernel

__all__ = [
    "UpdateRule",
    "GradientDescent",
    "Momentum",
    "Adagrad",
    "RMSProp",
    "Adam",
    "History",
    "descend",
]


class UpdateRule:
    """Shared plumbing: argument checks, the step counter t and the state's first use.

    A rule names its state arrays in `state` (each starts as None and becomes zeros shaped
    like w at the first step, unless you set it before) and writes _update(w, g), the lines
    of its formula.
    """

    lr: float
    state: tuple[str, ...] = ()

    def reset(self) -> None:
        """Forget everything learned from earlier gradients."""
        self.t = 0  # steps taken since the last reset
        self._shape: tuple[int, ...] | None = None
        for name in self.state:
            setattr(self, name, None)

    def step(self, w, g) -> np.ndarray:
        """One update from the gradient g at w; returns a new array, never changes w."""
        name = type(self).__name__
        w = array("w", w, owner=f"{name}.step", ndim=None)
        g = array("g", g, owner=f"{name}.step", ndim=None)  # a nan gradient would poison the state
        same_shape("w", w, "g", g, owner=f"{name}.step")
        if self._shape is not None and w.shape != self._shape:
            raise ValueError(
                _("{name}.step: w has shape {w_shape} but this rule's state was built for shape "
                  "{state_shape}; call reset() before using the rule on a new problem").format(
                      name=name, w_shape=w.shape, state_shape=self._shape)
            )
        return self._advance(w, g)

    def _advance(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        """step() without the checks: the loop has already made w and g float arrays of one shape."""
        if self.t == 0:
            self._shape = w.shape
            for name in self.state:
                if getattr(self, name) is None:
                    setattr(self, name, np.zeros_like(w))
        self.t += 1
        return self._update(w, g)

    def _update(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def hyperparameters(self) -> dict:
        """The constructor's arguments and their values, read from the constructor itself."""
        names = list(inspect.signature(type(self).__init__).parameters)[1:]
        return {name: getattr(self, name) for name in names}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"


class GradientDescent(UpdateRule):
    """Plain gradient descent: a step of size lr against the gradient.

        w_t = w_{t-1} - lr * g_t

    (torch.optim.SGD with momentum=0; its default lr is 1e-3.)
    """

    def __init__(self, lr: float = 1e-3) -> None:
        self.lr = positive("lr", lr, owner="GradientDescent")
        self.reset()

    def _update(self, w, g):
        return w - self.lr * g


class Momentum(UpdateRule):
    """Gradient descent with momentum: steps follow a running sum of past gradients.

        v_t = beta * v_{t-1} + g_t                (v_0 = 0, so v_1 = g_1)
        w_t = w_{t-1} - lr * v_t

    (torch.optim.SGD with momentum=beta, dampening=0, nesterov=False.)
    """

    state = ("v",)

    def __init__(self, lr: float = 1e-3, beta: float = 0.9) -> None:
        self.lr = positive("lr", lr, owner="Momentum")
        self.beta = in_range("beta", beta, 0.0, 1.0, owner="Momentum")
        self.reset()

    def _update(self, w, g):
        self.v = self.beta * self.v + g
        return w - self.lr * self.v


class Adagrad(UpdateRule):
    """Adagrad: a separate step size for every coordinate.

        G_t = G_{t-1} + g_t**2                    (elementwise, G_0 = 0)
        w_t = w_{t-1} - lr * g_t / (sqrt(G_t) + eps)

    eps sits outside the square root (the PyTorch convention; default 1e-10) and must be
    > 0: a coordinate whose gradient has always been 0 would otherwise divide 0 by 0.
    The effective rate lr / (sqrt(G_t) + eps) of each coordinate can only shrink.
    """

    state = ("G",)  # public: a plot can show the effective rate

    def __init__(self, lr: float = 1e-2, eps: float = 1e-10) -> None:
        self.lr = positive("lr", lr, owner="Adagrad")
        self.eps = positive("eps", eps, owner="Adagrad")
        self.reset()

    def effective_lr(self) -> np.ndarray | None:
        """lr / (sqrt(G) + eps), the per-coordinate step size of the last update."""
        return None if self.G is None else self.lr / (np.sqrt(self.G) + self.eps)

    def _update(self, w, g):
        self.G = self.G + g**2
        return w - self.lr * g / (np.sqrt(self.G) + self.eps)


class RMSProp(UpdateRule):
    """RMSProp: Adagrad with a fading memory, so the step size can recover.

        s_t = alpha * s_{t-1} + (1 - alpha) * g_t**2      (s_0 = 0)
        w_t = w_{t-1} - lr * g_t / (sqrt(s_t) + eps)

    (torch.optim.RMSprop, not centered, no momentum; defaults lr=1e-2, alpha=0.99, eps=1e-8;
    eps must be > 0.)
    """

    state = ("s",)

    def __init__(self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8) -> None:
        self.lr = positive("lr", lr, owner="RMSProp")
        self.alpha = in_range("alpha", alpha, 0.0, 1.0, owner="RMSProp")
        self.eps = positive("eps", eps, owner="RMSProp")
        self.reset()

    def _update(self, w, g):
        self.s = self.alpha * self.s + (1 - self.alpha) * g**2
        return w - self.lr * g / (np.sqrt(self.s) + self.eps)


class Adam(UpdateRule):
    """Adam: momentum on the gradient plus RMSProp's scaling, both bias-corrected.

        m_t = beta1 * m_{t-1} + (1 - beta1) * g_t          (m_0 = 0)
        v_t = beta2 * v_{t-1} + (1 - beta2) * g_t**2       (v_0 = 0)
        m_hat = m_t / (1 - beta1**t),   v_hat = v_t / (1 - beta2**t)
        w_t = w_{t-1} - lr * m_hat / (sqrt(v_hat) + eps)

    (torch.optim.Adam without weight decay or amsgrad; defaults lr=1e-3,
    betas=(0.9, 0.999), eps=1e-8 added after the square root of v_hat; eps must be > 0.)
    """

    state = ("m", "v")

    def __init__(self, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        self.lr = positive("lr", lr, owner="Adam")
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(_("Adam: betas must be a pair (beta1, beta2), got betas={betas!r}").format(betas=betas))
        self.betas = (
            in_range("betas[0]", betas[0], 0.0, 1.0, owner="Adam"),
            in_range("betas[1]", betas[1], 0.0, 1.0, owner="Adam"),
        )
        self.eps = positive("eps", eps, owner="Adam")
        self.reset()

    def _update(self, w, g):
        beta1, beta2 = self.betas
        self.m = beta1 * self.m + (1 - beta1) * g
        self.v = beta2 * self.v + (1 - beta2) * g**2
        m_hat = self.m / (1 - beta1**self.t)
        v_hat = self.v / (1 - beta2**self.t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# --- the history of a run -----------------------------------------------------------------------


@dataclass
class History:
    """What a run leaves behind, ready to print or plot. One row per kept iterate.

    params        array (rows, d): x0, the kept iterates, and always the last one (d = x0.size)
    losses        array (rows,) of the loss at each row, or None if no loss was given
                  (nan for a last row whose loss was being computed when you interrupted)
    grad_norms    array (rows,): ||g|| of the gradient evaluated at each row (the one that made
                  the update from it, and for descend also at the last row); nan where none was
                  (the last row of a mini-batch run, a blow-up row)
    t             array (rows,) of ints: the update after which each row was reached (0 for x0)
    epoch         array (rows,) (mini-batch runs only): the epoch of that update (0 for x0)
    samples_seen  array (rows,) (mini-batch runs only): example gradients evaluated before the row
    converged     True if ||grad|| <= tol was reached
    diverged      True if the run stopped because an iterate, its loss or its gradient blew up
    interrupted   True if you stopped the run (Kernel → Interrupt); the rows so far are kept
    message       one sentence: why the run stopped, and when
    """

    params: np.ndarray
    losses: np.ndarray | None
    grad_norms: np.ndarray
    converged: bool = False
    diverged: bool = False
    message: str = ""
    shape: tuple[int, ...] = field(default=(), repr=False)
    interrupted: bool = False
    t: np.ndarray | None = field(default=None, repr=False)
    epoch: np.ndarray | None = field(default=None, repr=False)
    samples_seen: np.ndarray | None = field(default=None, repr=False)

    @property
    def steps(self) -> int:
        """Number of updates made."""
        return int(self.t[-1]) if self.t is not None and len(self.t) else len(self.params) - 1

    @property
    def x(self) -> np.ndarray:
        """The last iterate, in the shape of x0 (a float for a scalar start)."""
        last = self.params[-1]
        return float(last[0]) if self.shape == () else last.reshape(self.shape)

    def __repr__(self) -> str:
        return (
            f"History(steps={self.steps}, converged={self.converged}, diverged={self.diverged}, "
            f"interrupted={self.interrupted}, message={self.message!r})"
        )


TrainHistory = History  # the name mini-batch runs used to return; one History serves both


# --- Kernel → Interrupt, at a consistent point ----------------------------------------------------


class _Interrupts:
    """SIGINT (Kernel → Interrupt) during a run: raised at once inside your functions (grad, f),
    but held back while the rule steps and its row is written, so that the history and the
    rule's state always agree. Only in the main thread, where Python delivers signals."""

    def __init__(self) -> None:
        self.critical = False
        self.pending = False
        self._previous = None

    def _handler(self, signum, frame):
        if self.critical:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            try:
                self._previous = signal.signal(signal.SIGINT, self._handler)
            except (ValueError, OSError):  # no signals here (an embedded interpreter): nothing to hold back
                self._previous = None
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def leave_critical(self) -> None:
        self.critical = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


# --- the one loop -------------------------------------------------------------------------------------


MAX_STORED = 2**28  # numbers a history may keep (2 GiB of floats): beyond, keep_every must thin the rows


class _Rows:
    """The rows of a history, allocated once for the whole run (np.empty reserves the memory
    without touching it, so a run that stops early costs only the rows it filled)."""

    def __init__(self, d: int, rows: int, with_loss: bool, with_epochs: bool) -> None:
        if rows * d > MAX_STORED:
            raise ValueError(_("keep_every is too small for this run: it would keep {rows:,} rows of {d:,} numbers "
                               "({gib:.1f} GiB); keep every k-th row, e.g. "
                               "keep_every={k}").format(
                                   rows=rows, d=d, gib=rows * d * 8 / 2**30, k=-(-rows * d // MAX_STORED)))
        self.n = 0
        self.params = np.empty((rows, d))
        self.norms = np.full(rows, np.nan)
        self.t = np.zeros(rows, dtype=int)
        self.losses = np.full(rows, np.nan) if with_loss else None
        self.epoch = np.zeros(rows, dtype=int) if with_epochs else None
        self.seen = np.zeros(rows, dtype=int) if with_epochs else None

    def add(self, x: np.ndarray, t: int, epoch: int = 0, seen: int = 0) -> int:
        k = self.n
        self.params[k] = x
        self.t[k] = t
        if self.epoch is not None:
            self.epoch[k], self.seen[k] = epoch, seen
        self.n += 1
        return k

    def trimmed(self, name: str):
        a = getattr(self, name)
        if a is None:
            return None
        used = a[: self.n]
        return used.copy() if len(a) > 2 * self.n else used  # give back a buffer that is mostly empty


def _run_loop(
    gradient: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    rule: UpdateRule,
    updates: int,
    *,
    loss: Callable[[np.ndarray], float] | None = None,
    tol: float | None = None,
    blowup: float = 1e10,
    lr_schedule: Callable[[int], float] | None = None,
    keep_every: int = 1,
    final_gradient: bool = True,
    progress: Callable[[], tuple[int, int]] | None = None,
    budget: str = "",
    first: tuple = (None, None),
) -> History:
    """The loop every run is made of: gradient, stop?, step, check, keep the row.

        repeat `updates` times:  g = gradient(x);  stop if ||g|| <= tol;  x = rule.step(x, g)

    gradient(x) and loss(x) take and return flat float arrays (x of shape (d,)); the callers
    (descend, training.minibatch_descend) turn the learner's functions into these. The rule is
    reset first. A run stops early when ||g|| <= tol (converged), when an iterate, its loss or
    a gradient is infinite or beyond `blowup` (diverged, the finite rows kept for the plot), when
    a gradient or a loss is nan at a finite iterate (a bug, not the learning rate: the message
    says so), or when you interrupt it (the rows so far are kept). lr_schedule(t) gives the
    learning rate of update t = 1, 2, ...; the rule's own lr is restored afterwards. Every
    `keep_every`-th row is kept, and always the last one. progress() -> (epoch, samples seen)
    labels the rows of a mini-batch run; first = (gradient, loss) at x0, when already computed.
    With final_gradient, the gradient is evaluated once more
    at the last row (its norm completes grad_norms, and tol is tested there); a mini-batch run
    does not, since there is no "next batch" to take it on.
    """
    x = np.array(x0, dtype=float).reshape(-1)
    # the length of a vector: math.hypot on a handful of numbers is five times quicker than numpy's
    # dot (whose call overhead dominates there); numpy's dot for the rest
    small, hypot, dot, sqrt = x.size <= 32, math.hypot, np.dot, math.sqrt
    rows = _Rows(x.size, updates // keep_every + 2, loss is not None, progress is not None)
    rule.reset()
    base_lr = rule.lr
    where = (lambda: _(" (epoch {epoch})").format(epoch=progress()[0])) if progress else (lambda: "")
    label = progress or (lambda: (0, 0))

    params, norms, t_of = rows.params, rows.norms, rows.t
    k = rows.add(x, 0)
    pending, f0 = first  # the gradient and the loss at x0, when the caller has already checked them
    if loss is not None:
        rows.losses[k] = loss(x) if f0 is None else f0
    t, kept = 0, 0  # updates made; the update of the last kept row
    converged = diverged = interrupted = False
    message = ""
    guard = _Interrupts()
    try:
        with guard:
            while t < updates:
                if pending is None:
                    g = gradient(x)
                else:
                    g, pending = pending, None
                norm = hypot(*g.tolist()) if small else sqrt(dot(g, g))
                if kept == t:
                    norms[k] = norm
                if not norm < math.inf:  # nan, inf, or a norm too large for a float
                    if np.any(np.isnan(g)):
                        message = _("stopped at step {t}{where}: the gradient is nan at a finite x "
                                    "(a 0/0, the log of a negative number, or nan in the data?); this is not "
                                    "the learning rate: check grad").format(t=t + 1, where=where())
                    else:
                        diverged = True
                        message = _("diverged at step {t}{where}: the gradient blew up (inf), the "
                                    "iterate has grown too large; try a smaller learning rate").format(
                                        t=t + 1, where=where())
                    break
                if tol is not None and norm <= tol:
                    converged = True
                    message = _("converged: ||grad|| = {norm:.3g} <= tol = {tol:g} after {t} steps").format(
                        norm=norm, tol=tol, t=t)
                    break
                if lr_schedule is not None:
                    lr = _scheduled(lr_schedule, t + 1)
                guard.critical = True  # the rule's state, x and the rows change together
                if lr_schedule is not None:
                    rule.lr = lr
                x_new = rule._advance(x, g)
                t += 1
                # nan, inf or too far: one reduction checks all three
                if not (hypot(*x_new.tolist()) if small else sqrt(dot(x_new, x_new))) <= blowup:
                    diverged = True
                    finite = bool(np.all(np.isfinite(x_new)))
                    if finite:  # keep a finite blow-up for the plot; nan/inf would blank it
                        reason = _("|x| = {largest:.3g} passed the blow-up limit {blowup:g}").format(
                            largest=np.max(np.abs(x_new)), blowup=blowup)
                        x, kept = x_new, t
                        k = rows.add(x, t, *label())
                    else:
                        reason = _("an iterate is no longer finite (nan or inf)")
                    guard.leave_critical()
                    message = _("diverged at step {t}{where}: {reason}; try a smaller learning rate").format(
                        t=t, where=where(), reason=reason)
                    if finite and loss is not None:
                        rows.losses[k] = loss(x)
                    break
                x = x_new
                if t % keep_every == 0:  # rows.add, written out: this is the loop's hottest line
                    kept, k = t, rows.n
                    params[k] = x
                    t_of[k] = t
                    if progress:
                        rows.epoch[k], rows.seen[k] = label()
                    rows.n = k + 1
                guard.critical = False
                if guard.pending:
                    guard.leave_critical()
                if loss is not None and kept == t:
                    value = loss(x)
                    rows.losses[k] = value
                    if not abs(value) <= blowup:
                        if math.isnan(value):
                            message = _("stopped at step {t}{where}: the loss is nan at a finite x (a log of 0 "
                                        "or of a negative number?); this is not the learning rate: check f").format(
                                            t=t, where=where())
                        else:
                            diverged = True
                            message = _("diverged at step {t}{where}: the loss f(x) = {value:.3g} passed the "
                                        "blow-up limit {blowup:g}; try a smaller learning rate").format(
                                            t=t, where=where(), value=value, blowup=blowup)
                        break
    except KeyboardInterrupt:
        guard.critical = False
        interrupted = True
        message = _("interrupted after {t} steps{where} (Kernel → Interrupt): the history so far is kept, "
                    "and the rule's state matches its last row").format(t=t, where=where())
    finally:
        rule.lr = base_lr  # a schedule never leaks into the rule

    if kept != t:  # the last iterate is always kept
        k = rows.add(x, t, *label())
        if loss is not None and not interrupted:
            rows.losses[k] = loss(x)
    if not message:  # the budget ran out
        message = _("stopped after the full budget of {updates} steps{budget}").format(updates=updates, budget=budget)
        if final_gradient:
            norm = float(np.linalg.norm(gradient(x)))
            rows.norms[rows.n - 1] = norm
            if tol is not None and norm <= tol:
                converged = True
                message = _("converged: ||grad|| = {norm:.3g} <= tol = {tol:g} after {t} steps").format(
                    norm=norm, tol=tol, t=t)
            elif tol is not None:
                message = _("not converged: ||grad|| = {norm:.3g} > tol = {tol:g} after {t} steps").format(
                    norm=norm, tol=tol, t=t)
    return History(
        params=rows.trimmed("params"),
        losses=rows.trimmed("losses"),
        grad_norms=rows.trimmed("norms"),
        converged=converged,
        diverged=diverged,
        interrupted=interrupted,
        message=message,
        t=rows.trimmed("t"),
        epoch=rows.trimmed("epoch"),
        samples_seen=rows.trimmed("seen"),
    )


def _scheduled(lr_schedule: Callable[[int], float], t: int) -> float:
    """lr_schedule(t), which must be a positive, finite number."""
    value = lr_schedule(t)
    if not isinstance(value, (numbers.Real, np.floating, np.integer)) or isinstance(value, bool):
        raise TypeError(_("lr_schedule must return a number, but lr_schedule({t}) returned {value!r}").format(
            t=t, value=value))
    lr = float(value)
    if not 0 < lr < math.inf:
        raise ValueError(_("lr_schedule must return a positive, finite learning rate, but lr_schedule({t}) "
                           "returned {lr!r}").format(
                               t=t, lr=lr) + (_("; a negative rate would climb uphill") if lr < 0 else ""))
    return lr


# --- the learner's functions, checked once and then called fast -------------------------------------


def _read_only(x: np.ndarray) -> np.ndarray:
    """x, read-only, for the first call of a learner's function: one that changes x in place gets
    an error there, at x0, instead of a silently wrong path (later calls skip the flag: it costs
    a quarter of a step, and a function that changes x does so at x0 already)."""
    x = x.view()
    x.flags.writeable = False
    return x


def _changed_in_place(name: str, what: str) -> ValueError:
    """What numpy's 'assignment destination is read-only' means when a learner's function raised it."""
    return ValueError(_("{name} changed its input x in place (x *= 2, x -= ..., x[i] = ...): the loop passes the "
                        "current point read-only, because the run needs it unchanged; compute {what} from a new "
                        "array instead (x * 2, or a copy: x = x.copy())").format(name=name, what=what))


def _first_call(call: Callable, x0: np.ndarray, shape: tuple[int, ...], name: str, start: str):
    """call at the start point, whose errors also say what the start point was: a grad or f that
    fails there often expects another shape of x0."""
    try:
        return call(_read_only(x0))
    except (TypeError, ValueError) as exc:
        if "read-only" in str(exc):
            raise _changed_in_place(name, "it") from exc
        if getattr(exc, "no_return", False):  # its message already says what to do
            raise
        raise type(exc)(_("{exc} (this happened at the start, {start} of shape {shape}: does {name} expect "
                          "a {start} like this one?)").format(exc=exc, start=start, shape=shape, name=name)) from exc


_F64 = np.dtype(np.float64)


def checked_gradient(grad: Callable, x0: np.ndarray, *, call: Callable, shape: tuple[int, ...],
                     name: str = "grad", start: str = "x0") -> tuple[Callable, np.ndarray]:
    """(gradient, g0): gradient(x) for the loop, and the gradient at x0 for its first step.

    call(x) returns the learner's gradient for the flat point x. At x0 it is checked in full
    (None, text, the wrong shape, nan...); afterwards it is only converted when it is not
    already a float array of the right shape, so the check costs nothing in the loop.
    """
    size = x0.size

    def convert(g):
        if g is None:
            error = TypeError(_("{name} returned None: did you forget `return` in your gradient function?").format(
                name=name))
            error.no_return = True
            raise error
        try:
            arr = np.asarray(g)
            if arr.dtype.kind not in "iuf":  # text, booleans, objects: not a gradient, even if it looks like one
                raise TypeError
            arr = arr.astype(float)
        except (TypeError, ValueError):
            raise TypeError(_("{name} must return an array of numbers, but it returned {g!r}").format(
                name=name, g=g)) from None
        if arr.shape != shape and not (shape == () and arr.size == 1):
            raise ValueError(_("{name} must return one partial derivative per coordinate of x, in the shape of x "
                               "{shape}, but it returned shape {arr_shape}").format(
                                   name=name, shape=shape, arr_shape=arr.shape)
                             + (_("; an (n, 1) column where x is 1-D? use .ravel()") if arr.size == size else ""))
        return arr.reshape(-1)

    g0 = convert(_first_call(call, x0, shape, name, start))
    if not np.all(np.isfinite(g0)):
        kind = "nan" if np.any(np.isnan(g0)) else "inf"
        raise ValueError(_("{name} returned {kind} at the start x0: check your gradient function and your data "
                           "(the learning rate has not been used yet)").format(name=name, kind=kind))
    flat = len(shape) == 1

    def gradient(x):
        try:
            g = call(x)
        except ValueError as exc:
            if "read-only" in str(exc):
                raise _changed_in_place(name, _("the gradient")) from exc
            raise
        if flat and type(g) is np.ndarray and g.dtype is _F64 and g.shape == shape:
            return g
        return convert(g)

    return gradient, g0


def checked_loss(f: Callable, x0: np.ndarray, *, call: Callable, shape: tuple[int, ...], name: str = "f",
                 start: str = "x0") -> tuple[Callable, float]:
    """(loss, value0): loss(x) for the loop, a float, and its value at x0, checked in full there
    (a scalar, and finite)."""
    value = _first_call(lambda x: scalar_result(call(x), what=name), x0, shape, name, start)
    if not math.isfinite(value):
        raise ValueError(_("{name} returned {value} at the start x0: check your loss function and your data").format(
            name=name, value=value))

    def loss(x):
        try:
            v = call(x)
        except ValueError as exc:
            if "read-only" in str(exc):
                raise _changed_in_place(name, _("the loss")) from exc
            raise
        return v if type(v) is float else scalar_result(v, what=name)

    return loss, value


def as_rule(rule) -> UpdateRule:
    """The rule a run steps with: one of gdlib's, or an object of yours with step(w, g) and reset()."""
    if isinstance(rule, type):
        raise TypeError(_("rule must be an update rule object: call the class with its learning rate, "
                          "e.g. {rule_name}(0.1), got the class itself, rule={rule_name}").format(
                              rule_name=rule.__name__))
    if isinstance(rule, UpdateRule):
        return rule
    if hasattr(rule, "step") and hasattr(rule, "reset"):
        return _Foreign(rule)
    raise TypeError(_("rule must be an update rule such as optim.GradientDescent(lr=0.1), got rule={rule!r}").format(
        rule=rule))


def descend(
    grad: Callable,
    x0,
    rule: UpdateRule,
    steps: int,
    f: Callable | None = None,
    tol: float | None = None,
    *,
    blowup: float = 1e10,
    keep_every: int = 1,
) -> History:
    """Run an update rule for a number of steps from x0; the loop is the algorithm.

        repeat `steps` times:  g = grad(x);  stop if ||g|| <= tol;  x = rule.step(x, g)

    The rule is reset first, so every call starts fresh. The run stops early when
    ||grad(x)|| <= tol (converged), or when an iterate, its loss or its gradient is infinite
    or exceeds `blowup` in size (diverged; the history up to that point is kept, so the
    blow-up can be plotted). A nan gradient or loss at a finite iterate stops the run with a
    message that points at grad or f, not at the learning rate. Kernel → Interrupt returns
    the history so far (interrupted=True). keep_every=k keeps every k-th row (and the last).
    """
    rule = as_rule(rule)
    function("grad", grad, what=_("grad(x) returning the gradient"))
    if f is not None:
        function("f", f, what=_("f(x) returning the loss, or None"))
    x0 = finite_array("x0", x0)
    if x0.size == 0:
        raise ValueError(_("x0 must have at least one coordinate, got an empty array"))
    steps = count("steps", steps, maximum=MAX_UPDATES)
    tol = None if tol is None else real("tol", tol)
    if tol is not None and tol < 0:
        raise ValueError(_("tol must be >= 0 (a bound on the gradient norm), got tol={tol!r}").format(tol=tol))
    blowup = positive("blowup", blowup)
    keep_every = count("keep_every", keep_every, minimum=1)

    shape = x0.shape
    if shape == ():
        def as_input(x):  # a scalar start: the learner's functions see plain floats
            return float(x[0])
    else:
        def as_input(x):
            return x.reshape(shape)

    flat = x0.reshape(-1)
    direct = len(shape) == 1  # a vector start: the learner's functions take the loop's x as it is
    gradient, g0 = checked_gradient(grad, flat, call=grad if direct else lambda x: grad(as_input(x)), shape=shape)
    loss, f0 = (None, None) if f is None else checked_loss(f, flat, call=f if direct else lambda x: f(as_input(x)),
                                                           shape=shape)
    hist = _run_loop(gradient, flat, rule, steps, loss=loss, tol=tol, blowup=blowup, keep_every=keep_every,
                     first=(g0, f0))
    hist.shape = shape
    return hist


class _Foreign(UpdateRule):
    """A rule of your own (any object with step(w, g) and reset()) driven by the loop."""

    def __init__(self, rule) -> None:
        self.rule = rule
        self.reset()

    @property
    def lr(self):
        return getattr(self.rule, "lr", None)

    @lr.setter
    def lr(self, value) -> None:
        if value is not None:
            self.rule.lr = value

    def reset(self) -> None:
        self.t, self._shape = 0, None
        self.rule.reset()

    def _advance(self, w, g):
        self.t += 1
        return np.asarray(self.rule.step(w, g), dtype=float).reshape(-1)

    def hyperparameters(self) -> dict:
        return {"rule": self.rule}
