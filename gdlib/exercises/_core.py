"""The machinery every exercise checker shares.

A checker runs the learner's function on a few inputs and compares with the answer
computed here. It never runs anything else of the learner's, and whatever the learner's
function does (crash, loop forever, print, return a string or a tensor, change its
inputs) becomes one line of feedback, never a traceback.

Three outcomes, printed as one line:
    "⏳ not attempted yet: ..."   the body is still `...` or raises NotImplementedError
    "❌ not yet: <what is wrong>"  a specific diagnosis (a value, what was expected, a hint)
    "✅ correct: ..."             every test case passed

The toolkit a checker is written with:
    Case, cases(fixed, fresh)   the visible cases plus new random ones at every call
    judge(fn, cases, answer, convert, mistakes)
                                run every case, then name the mistake that explains
                                what the answer did on *all* of them
    number(...), array(...), pair(...)
                                typed results: a str, list, dict, tensor... where a
                                number or an array is asked is a WRONG with its type named
    close(got, want)            the one tolerance policy
    fmt(value, versus)          numbers printed with as many digits as it takes to differ
    call(fn, *args)             the guarded call: time limit, captured prints, copied
                                inputs, in-place changes detected
"""

from __future__ import annotations

import ast
import contextlib
import copy
import ctypes
import functools
import inspect
import io
import numbers
import signal
import textwrap
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from gdlib.i18n import _

NOT_ATTEMPTED, WRONG, CORRECT = "not attempted", "wrong", "correct"
_SYMBOL = {NOT_ATTEMPTED: "⏳", WRONG: "❌", CORRECT: "✅"}

# One tolerance for every comparison: the reference answers are computed in float64 with
# the same formula, so a right answer agrees to ~1e-15; 1e-7 leaves room for another order
# of operations, and no plausible mistake comes that close on the random cases.
RTOL, ATOL = 1e-7, 1e-10
TIME_LIMIT = 5.0  # seconds per call of the learner's function
FRESH_CASES = 3  # random cases drawn at every check, besides the fixed, visible ones


@dataclass(frozen=True)
class Feedback:
    status: str  # NOT_ATTEMPTED, WRONG or CORRECT
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        head = {NOT_ATTEMPTED: _("not attempted yet"), WRONG: _("not yet"), CORRECT: _("correct")}[self.status]
        return f"{_SYMBOL[self.status]} {head}: {self.message}"


class Stop(Exception):
    """Raised inside a diagnosis to finish early with a given Feedback."""

    def __init__(self, feedback: Feedback, returned_none: bool = False, printed: bool = False,
                 error: BaseException | None = None) -> None:
        super().__init__(feedback.message)
        self.feedback = feedback
        self.returned_none = returned_none  # the learner's function gave None back
        self.printed = printed  # ... and printed something instead
        self.error = error  # the exception the learner's function raised, if that is what happened
        self.only_some = False  # None on a case after answers on earlier ones


def wrong(message: str, error: BaseException | None = None) -> Stop:
    """`raise wrong("...")` ends the check with a WRONG verdict (a message marked with N_ is translated here)."""
    return Stop(Feedback(WRONG, _(message)), error=error)


# --- comparing and printing numbers ---------------------------------------------------------


def close(got, want, *, rtol: float = RTOL, atol: float = ATOL, equal_nan: bool = False) -> bool:
    """Same shape and equal within the course's tolerance (nan never equals a number, text never
    equals a number)."""
    try:
        a, b = np.asarray(got), np.asarray(want)
        if a.dtype.kind not in "biuf" or b.dtype.kind not in "biuf":
            return False
        a, b = a.astype(float), b.astype(float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def _format(value, digits: int) -> str:
    a = np.asarray(value, dtype=float) + 0.0  # + 0.0 turns -0.0 into 0.0
    if a.ndim == 0:
        return f"{float(a):.{digits}g}"
    text = np.array2string(a, separator=", ", threshold=50, max_line_width=10_000,
                           formatter={"float_kind": lambda v: f"{v + 0.0:.{digits}g}"})
    return " ".join(text.split())  # one line, even for a matrix


def fmt(value, versus=None, digits: int = 6) -> str:
    """value as text with `digits` significant digits, or more until it differs from `versus`.

    So a message never reads "you returned 0.9, expected 0.9": if the two differ at all, the
    printed digits show where.
    """
    try:
        text = _format(value, digits)
    except (TypeError, ValueError):
        return _short_repr(value)
    if versus is None:
        return text
    try:
        if np.shape(value) != np.shape(versus) or np.array_equal(np.asarray(value, float), np.asarray(versus, float)):
            return text
        for d in range(digits, 18):
            text = _format(value, d)
            if text != _format(versus, d):
                return text
    except (TypeError, ValueError):
        pass
    return text


def _short_repr(value, limit: int = 80) -> str:
    """A one-line picture of any value; numbers in lists and tuples without numpy's np.float64(...)."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, (numbers.Real, np.number)) for v in value):
        inner = ", ".join(f"{float(v):.6g}" for v in value)
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
        return text if len(text) <= limit else text[: limit - 1] + "…"
    try:
        text = repr(value)
    except Exception:  # a learner's object whose repr itself fails
        text = f"<{type(value).__name__} object>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- typed results --------------------------------------------------------------------------


def _type_name(value) -> str:
    t = type(value)
    return t.__name__ if t.__module__ == "builtins" else f"{t.__module__.split('.')[0]}.{t.__name__}"


def number(value, what: str) -> float:
    """The learner's result as a float, or WRONG saying what came back instead.

    Accepted: int, float, numpy scalars, a 0-d array, any real number type. Not accepted:
    text (even "4.0": a number printed is not a number returned), lists, arrays with a
    shape, booleans, None, complex numbers, objects numpy cannot turn into a float.
    """
    if isinstance(value, (str, bytes)):
        raise wrong(_("{what} should be a number, but you returned the text {value} (a str); "
                      "return the number itself, not a string").format(what=what, value=_short_repr(value)))
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise wrong(_("{what} should be a number, but you returned the boolean {value}").format(what=what, value=value))
    if isinstance(value, (list, tuple, dict, set)):
        raise wrong(_("{what} should be a single number, but you returned a {type}: "
                      "{value}").format(what=what, type=_type_name(value), value=_short_repr(value)))
    if isinstance(value, np.ndarray):
        if value.ndim > 0:
            extra = _(" (take the number out: value[0] or float(value))") if value.size == 1 else ""
            raise wrong(_("{what} should be a single number, but you returned an array of shape {shape}{extra}").format(
                what=what, shape=value.shape, extra=extra))
    if isinstance(value, (complex, np.complexfloating)):
        raise wrong(_("{what} should be a real number, but you returned the complex number {value}").format(
            what=what, value=value))
    if isinstance(value, (numbers.Real, np.number)):
        return float(value)
    try:  # e.g. a Decimal or a framework's 0-d tensor
        arr = np.asarray(value, dtype=float)
        if arr.ndim == 0:
            return float(arr)
    except Exception:  # numpy cannot read it: diagnosed below, not raised
        pass
    raise wrong(_("{what} should be a number, but you returned a {type} object "
                  "({value}) that numpy cannot turn into a float").format(
                      what=what, type=_type_name(value), value=_short_repr(value)))


def array(value, shape: tuple[int, ...], what: str) -> np.ndarray:
    """The learner's result as a float array of the expected shape, or WRONG.

    A list or tuple is refused where an array is asked: arithmetic on lists means something
    else in Python (0.1 * [1.0, 2.0] is an error, [1.0] + [2.0] is [1.0, 2.0]).
    """
    if isinstance(value, (str, bytes)):
        raise wrong(_("{what} should be a numpy array, but you returned the text {value} (a str)").format(
            what=what, value=_short_repr(value)))
    if isinstance(value, (list, tuple)):
        raise wrong(_("{what} should be a numpy array of shape {shape}, but you returned a {type} "
                      "({value}); wrap it: np.array(...), so that arithmetic like "
                      "x - lr * g works on it").format(
                          what=what, shape=shape, type=_type_name(value), value=_short_repr(value)))
    if isinstance(value, (dict, set, bool, np.bool_)) or value is None:
        raise wrong(_("{what} should be a numpy array, but you returned a {type}: {value}").format(
            what=what, type=_type_name(value), value=_short_repr(value)))
    if isinstance(value, (numbers.Number, np.number)) and shape != ():
        raise wrong(_("{what} should be an array of shape {shape}, but you returned the single number "
                      "{value}").format(what=what, shape=shape, value=fmt(value)))
    if not isinstance(value, np.ndarray):
        try:  # e.g. a framework tensor: accepted only if numpy can read it
            value = np.asarray(value)
        except Exception:
            value = None
        if value is None or value.dtype == object:
            raise wrong(_("{what} should be a numpy array, but you returned a {type} object "
                          "that numpy cannot read").format(what=what, type=_type_name(value)))
    if value.dtype.kind not in "iuf":
        raise wrong(_("{what} should hold numbers, but your array has dtype {dtype}").format(
            what=what, dtype=value.dtype))
    if value.shape != shape:
        raise wrong(_("{what} should have shape {shape}, but it has shape {shape2}").format(
            what=what, shape=shape, shape2=value.shape))
    return value.astype(float)


def pair(value, what: tuple[str, str]) -> tuple:
    """The two results of a function that should `return a, b`, or WRONG."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    if isinstance(value, np.ndarray) and value.ndim >= 1 and value.shape[0] == 2 and value.ndim > 1:
        raise wrong(_("return the two results as a pair, `return {a}, {b}`, not one stacked array "
                      "of shape {shape}").format(a=what[0], b=what[1], shape=value.shape))
    raise wrong(_("return two results, `return {a}, {b}`; you returned a {type} "
                  "({value})").format(
                      a=what[0], b=what[1], type=_type_name(value),
                      value=fmt(value) if isinstance(value, (numbers.Number, np.ndarray)) else _short_repr(value)))


# --- the guarded call -------------------------------------------------------------------------


class _TimeUp(BaseException):
    """Raised inside the learner's function when it runs past the time limit.

    A BaseException, so a learner's `except Exception:` inside a loop cannot swallow it.
    """


@contextlib.contextmanager
def _alarm(seconds: float):
    """Raise _TimeUp in this (main) thread after `seconds`, and again every second after that."""
    def ring(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_use_alarm() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


def _run_in_thread(fn, args, seconds: float):
    """The fallback where there is no alarm signal (Windows) or we are not in the main thread.

    The function runs in a helper thread; if it is still running after `seconds`, _TimeUp is
    raised inside that thread (it stops at its next Python instruction; a long numpy call
    finishes first), and the kernel stays usable.
    """
    box: dict = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # handed back to the caller's thread below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_TimeUp))
        worker.join(1.0)
        raise _TimeUp
    if "error" in box:
        raise box["error"]
    return box["result"]


def _parameter_names(fn) -> list[str]:
    """The names of fn's positional parameters, to name arguments in messages."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _still_a_starter(fn) -> bool | None:
    """True if the function's body still holds the starter's `...`; None if its source is unknown."""
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == getattr(fn, "__name__", ""):
            return any(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is Ellipsis
                       for s in ast.walk(node))
    return None


def _describe(args, names) -> str:
    parts = []
    for i, a in enumerate(args):
        if isinstance(a, np.ndarray):
            text = np.array2string(a, precision=4, separator=", ", threshold=8, edgeitems=3)
            text = " ".join(text.split())
        elif callable(a):
            text = getattr(a, "__name__", _("a function"))
            text = _("a function") if text == "<lambda>" else text
        else:
            text = _short_repr(a, 40)
        parts.append(f"{names[i]}={text}" if i < len(names) else text)
    return ", ".join(parts)


def _snapshot(a):
    return copy.deepcopy(a) if isinstance(a, (np.ndarray, list, dict)) else None


def _changed(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape
                    and np.array_equal(before, after, equal_nan=before.dtype.kind == "f"))
    if isinstance(before, list):
        try:
            return bool(before != after) if not any(isinstance(v, np.ndarray) for v in before) else any(
                _changed(b, a) for b, a in zip(before, after, strict=True))
        except ValueError:
            return True
    return False


def _known_cause(exc: Exception) -> str:
    """A hint for the Python slips whose error message does not explain itself."""
    text = str(exc)
    if "for ^" in text:
        return _(" (in Python ^ is bitwise XOR; the power is **, e.g. x ** 2)")
    if "can't multiply sequence" in text or 'can only concatenate list' in text:
        return _(" (arithmetic on a Python list does not work elementwise: use a numpy array)")
    if "object has no attribute 'copy'" in text:
        return _(" (a plain number has no .copy(); np.array(x, dtype=float) copies numbers and arrays alike)")
    if "matmul" in text and "mismatch" in text:
        return _(" (the shapes do not fit a matrix product: check which side is transposed)")
    return ""


def call(fn: Callable, *args, time_limit: float | None = None):
    """Call the learner's fn on copies of args; turn everything that can go wrong into feedback.

    - `...` still in the body, or NotImplementedError: NOT ATTEMPTED;
    - an exception: WRONG, naming it and the arguments;
    - still running after the time limit: WRONG, asking whether a loop never ends;
    - None returned: WRONG ("forgot `return`?"), or "printed instead of returning";
    - an array or list argument changed in place: WRONG (the caller's data would change).
    Prints inside the function are captured (they would break the one-line feedback), and so
    are numpy's warnings: nan and inf results are diagnosed by the checker instead.
    """
    seconds = TIME_LIMIT if time_limit is None else time_limit
    names = _parameter_names(fn)
    given = tuple(_snapshot(a) if _snapshot(a) is not None else a for a in args)
    kept = tuple(_snapshot(a) for a in given)  # what the arguments were before the call
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if _can_use_alarm():
                with _alarm(seconds):
                    result = fn(*given)
            else:
                result = _run_in_thread(fn, given, seconds)
    except NotImplementedError:
        raise Stop(Feedback(NOT_ATTEMPTED, _("replace `raise NotImplementedError` with your code"))) from None
    except _TimeUp:
        raise wrong(_("calling it with ({args}) did not return within {seconds:g} s. "
                      "Is there a loop that never ends (a `while` whose condition stays true, or a counter "
                      "that is never updated)?").format(args=_describe(args, names), seconds=seconds)) from None
    except RecursionError:
        raise wrong(_("calling it with ({args}) recursed without end "
                      "(does the function call itself?)").format(args=_describe(args, names))) from None
    except Exception as exc:  # the learner's bug, reported as feedback
        raise wrong(_("calling it with ({args}) raised {error}: {exc}{cause}").format(
            args=_describe(args, names), error=type(exc).__name__, exc=exc, cause=_known_cause(exc)), exc) from None
    out = printed.getvalue().strip()
    if result is None or result is Ellipsis:
        if out:
            raise Stop(Feedback(WRONG, _("your function printed {printed} but returned None: use "
                                         "`return` to hand the result back (print only shows it)").format(
                                             printed=_short_repr(out, 60))), returned_none=True, printed=True)
        if _still_a_starter(fn) is False:
            raise Stop(Feedback(WRONG, _("your function returned None: did you forget the `return` statement?")),
                       returned_none=True)
        raise Stop(Feedback(NOT_ATTEMPTED, _("the function returns None; fill in the body and `return` the result")),
                   returned_none=True)
    for i, (before, after) in enumerate(zip(kept, given, strict=True)):
        if before is not None and _changed(before, after):
            name = f"`{names[i]}`" if i < len(names) else _("argument {i}").format(i=i + 1)
            raise wrong(_("your function changed its input {name} in place (with `+=`, `-=`, an item assignment or "
                          "a method like .sort()); the caller still needs it unchanged. Work on a copy, or build a "
                          "new value: new = old - step").format(name=name))
    return result


# --- test cases ---------------------------------------------------------------------------------


@dataclass
class Case:
    """One test case: the arguments given to the learner's function and how messages name it."""

    args: tuple
    label: str
    fresh: bool = False
    info: dict = field(default_factory=dict)  # anything the checker wants to keep with the case


_seeds = np.random.SeedSequence()


def reseed(seed: int | None) -> None:
    """Make the fresh cases reproducible (tests) or unpredictable again (None)."""
    global _seeds
    _seeds = np.random.SeedSequence(seed)


def fresh_rng() -> np.random.Generator:
    """A new generator for one check: every call of a checker draws different fresh cases."""
    return np.random.default_rng(_seeds.spawn(1)[0])


def cases(fixed: Iterable[Case], fresh: Callable | Sequence[Callable] | None = None,
          n: int = FRESH_CASES) -> list[Case]:
    """The fixed, visible cases, then n fresh ones drawn by fresh(rng).

    Fresh cases change at every call, so an answer cannot be a lookup table of the visible
    ones, and they are drawn where plausible mistakes differ from the right answer
    (fractional results, unequal spacing, non-quadratic functions...). `fresh` may be a list
    of makers, one per kind of case: they take turns, so every check meets every kind.
    """
    out = list(fixed)
    if fresh is not None:
        makers = list(fresh) if isinstance(fresh, Sequence) else [fresh]
        rng = fresh_rng()
        for k in range(n):
            case = makers[k % len(makers)](rng)
            case.fresh = True
            out.append(case)
    return out


# --- judging a learner's function on every case -----------------------------------------------------


def shows_every_mistake(case: Case, answer: Callable, mistakes: Iterable, margin: float = 1e-6) -> bool:
    """True if, on this case, no mistake gives the right answer to within a relative `margin`.

    `mistakes` holds (hint, wrong_answer) pairs or bare wrong answers. A mistake that cannot be
    computed on the case cannot pass it either. The margin is wider than the checking tolerance
    (the absolute part stays ATOL, so tiny right answers such as a relative error of 1e-7 are
    still told apart from 0): a mistake that comes that close is a degenerate draw, not a near
    miss worth a diagnosis.
    """
    want = answer(*copy.deepcopy(case.args))
    if not np.all(np.isfinite(np.asarray(want, dtype=float))):
        return False
    for mistake in mistakes:
        value = _wrong_value(mistake[1] if isinstance(mistake, tuple) else mistake, case)
        if value is not _FAILED and close(value, want, rtol=margin, atol=ATOL):
            return False
    return True


def distinct_case(make: Callable, rng: np.random.Generator, answer: Callable, mistakes: Iterable, *,
                  margin: float = 1e-6, tries: int = 200) -> Case:
    """make(rng) again until the case shows every mistake, so none passes a fresh case by luck.

    Every draw is continuous, so a few tries suffice; after `tries` the last draw is kept.
    """
    mistakes = list(mistakes)
    for _attempt in range(tries):
        case = make(rng)
        if shows_every_mistake(case, answer, mistakes, margin):
            return case
    return case


Mistake = tuple[str, Callable]  # (the diagnosis, the wrong answer it gives: same arguments as the task)


_FAILED = object()  # a mistake that cannot even be computed on a case


def _wrong_value(wrong_answer: Callable, case: Case):
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return wrong_answer(*copy.deepcopy(case.args))
    except Exception:  # this mistake cannot be computed on this case: it does not explain it
        return _FAILED


def explains(wrong_answer: Callable, results: Sequence, all_cases: Sequence[Case], same=None) -> bool:
    """True if the mistake gives what the learner's function gave on every case (None included:
    a mistaken loop may return nothing on some inputs, e.g. `return` inside a loop that never runs)."""
    same = same or (lambda a, b: close(a, b, equal_nan=True))
    for got, case in zip(results, all_cases, strict=True):
        value = _wrong_value(wrong_answer, case)
        if value is _FAILED or (got is None) != (value is None) or (got is not None and not same(got, value)):
            return False
    return True


def first_mistake(mistakes: Iterable[Mistake], results: Sequence, all_cases: Sequence[Case], same=None) -> str | None:
    """The first diagnosis whose wrong answer matches the learner's on every case, or None."""
    for hint, wrong_answer in mistakes:
        if explains(wrong_answer, results, all_cases, same):
            return _(hint)  # tables are written at import time with N_(): translated when shown
    return None


def run_cases(fn: Callable, all_cases: Sequence[Case], convert: Callable, *, keep_none: bool = False) -> list:
    """fn's typed result on every case: convert(call(fn, *case.args), case) for each.

    A None after earlier answers means the function was written but answers only some inputs:
    WRONG, saying so; with keep_none it is kept as None instead, for judge to look for a mistake
    that explains it (a `return` inside a loop that does not run, say).
    """
    results = []
    for case in all_cases:
        try:
            raw = call(fn, *case.args)
        except Stop as stop:
            if stop.returned_none and results and not stop.printed:  # earlier cases answered
                if not keep_none:
                    raise _answered_only_some(case.label) from None
                results.append(None)
                continue
            raise
        results.append(convert(raw, case))
    return results


def _answered_only_some(label: str) -> Stop:
    stop = wrong(_("{label} returned None, although earlier cases got an answer: does your function only "
                   "handle some inputs (an `if` without `else`, a `return` inside a loop that may not run, "
                   "a table of known cases)?").format(label=label))
    stop.only_some = True
    return stop


def judge(fn: Callable, all_cases: Sequence[Case], answer: Callable, convert: Callable, *,
          mistakes: Iterable[Mistake] = (), near: Iterable[tuple[str, Callable, float]] = (),
          otherwise: str = "", same=None, show: Callable | None = None) -> str | None:
    """Run fn on every case; None when every result matches answer(*case.args), else a diagnosis.

    convert(raw, case) types the learner's result (number, array...). A mistake is named only
    when it explains the learner's results on *all* cases, fixed and fresh, so a coincidence on
    one convenient case never picks the diagnosis. `near` holds (hint, wrong_answer, rtol):
    mistakes that are approximate by nature (a numerical search, a safety margin, a loop run until
    it settles), tried after the exact ones within their own tolerance. The message shows the
    first case that fails.
    """
    mistake_same = same
    same = same or close
    # the arguments as they were before the learner's function ran (it may draw from an rng argument)
    pristine = [Case(copy.deepcopy(c.args), c.label, c.fresh, c.info) for c in all_cases]
    results = run_cases(fn, all_cases, convert, keep_none=True)
    wants = [answer(*copy.deepcopy(case.args)) for case in pristine]
    failing = [i for i, (got, want) in enumerate(zip(results, wants, strict=True))
               if got is None or not same(got, want)]
    if not failing:
        return None
    hint = first_mistake(mistakes, results, pristine, mistake_same)
    for near_hint, wrong_answer, rtol in near:
        if hint is None and explains(wrong_answer, results, pristine, functools.partial(close, rtol=rtol, atol=rtol)):
            hint = _(near_hint)
    nothing = [i for i in failing if results[i] is None]
    if nothing and hint is None:
        raise _answered_only_some(all_cases[nothing[0]].label)
    i = next(i for i in failing if results[i] is not None) if len(nothing) < len(failing) else failing[0]
    got, want = results[i], wants[i]
    if got is None:
        shown = _("returned None, expected {want}").format(want=fmt(want))
    else:
        shown = show(got, want) if show else _("returned {got}, expected {want}").format(
            got=fmt(got, want), want=fmt(want, got))
    head = _("{label} {shown}").format(label=all_cases[i].label, shown=shown)
    if hint is None and not np.all(np.isfinite(np.asarray(got, dtype=float))):
        hint = _("nan or inf means a division by zero, a log of 0 or a negative number, or an overflow "
                 "somewhere in your computation")
    if hint:
        return _("{head}: {hint}").format(head=head, hint=hint)
    return _("{head}. {otherwise}").format(head=head, otherwise=_(otherwise)) if otherwise else head


# --- the checker decorator ------------------------------------------------------------------------


def checker(correct_message: str):
    """Turn diagnose(fn) -> None (all good) | str (what is wrong) into a printing checker.

    The checker prints one line of feedback and returns None, so the check cell's output is
    exactly that line. check.diagnose(fn) returns the Feedback instead (tests use it). The
    correct message says what was tested, never the formula: it is printed in the notebook.
    It is written at import time, so it is marked with N_() and translated when it is shown.
    """

    def wrap(diagnose: Callable[[Callable], str | None]):
        @functools.wraps(diagnose)
        def run(fn) -> Feedback:
            if not callable(fn):
                return Feedback(WRONG, _("pass your function itself (its name, without calling it), "
                                         "got {value}").format(value=_short_repr(fn)))
            try:
                problem = diagnose(fn)
            except Stop as stop:
                return stop.feedback
            except Exception as exc:  # a checker must never raise at the learner: say what happened
                return Feedback(WRONG, _("the checker could not judge this answer ({error}: "
                                         "{exc}); check that it returns what the exercise asks for").format(
                                             error=type(exc).__name__, exc=exc))
            return Feedback(CORRECT, _(correct_message)) if problem is None else Feedback(WRONG, problem)

        @functools.wraps(diagnose)
        def check(fn) -> None:
            print(run(fn))

        check.diagnose = run
        return check

    return wrap


class SeededRng(np.random.Generator):
    """np.random.default_rng(seed) that names its seed when a message prints the arguments."""

    def __init__(self, seed: int) -> None:
        super().__init__(np.random.PCG64(seed))
        self.seed = seed

    def __repr__(self) -> str:
        return f"np.random.default_rng({self.seed})"

    def __deepcopy__(self, memo):
        new = SeededRng(self.seed)
        new.bit_generator.state = self.bit_generator.state
        return new
