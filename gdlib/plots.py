"""Plotting helpers: each takes an Axes, draws on it, and returns it.

Call use_course_style() once at the top of a notebook so every figure looks the same.
With gdlib.set_language("ko") (before or after that call) figures can show Hangul too:
NanumGothic, shipped by the koreanize-matplotlib package (SIL Open Font License 1.1), is put
after the course's Latin font in the font family list, so Latin letters, digits and signs such as
x₀ keep their usual font and matplotlib takes only the Hangul glyphs from NanumGothic.

Every helper checks its arguments before drawing (a TypeError or ValueError that names
the argument): ax must be one matplotlib Axes, f and grad functions, xlim and ylim pairs
(low, high) with low < high, n a whole number >= 2. Values of f that are nan or inf are
allowed (matplotlib leaves those places blank), and so are nan or inf rows of a path or
a loss curve: a diverged run must still be plottable.
"""

from __future__ import annotations

import importlib.util
import numbers
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import matplotlib.axes
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from gdlib._validate import array, count, function, scalar_result
from gdlib.i18n import N_, _, get_language, on_change

__all__ = [
    "use_course_style",
    "contour",
    "gradient_field",
    "path",
    "loss_curve",
    "grid",
    "COURSE_STYLE",
    "HANGUL_FONT",
    "LINESTYLES",
    "MARKERS",
]

COURSE_STYLE = {
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 90,
    "figure.facecolor": "white",  # opaque: readable in JupyterLab's dark theme too
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "legend.framealpha": 0.9,
    "axes.prop_cycle": mpl.cycler(color=plt.get_cmap("tab10").colors),
    "image.cmap": "viridis",
    "figure.constrained_layout.use": True,
}

# line styles that still tell series apart when printed in grey
LINESTYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D", "v", "P"]


HANGUL_FONT = "NanumGothic"  # the family that draws Hangul when the language is "ko"
_HANGUL_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")  # regular and bold (bold titles)


def use_course_style() -> None:
    """Apply the course's figure style (size, fonts, grid, white background, tab10 colours), with
    a Hangul font after the Latin one when gdlib.set_language("ko") is in force."""
    mpl.rcParams.update(COURSE_STYLE)
    _language_font(get_language())


def _hangul_font_files() -> list[Path]:
    """NanumGothic's font files in the koreanize-matplotlib package, found without importing the
    package (its import would change matplotlib's settings for the whole session)."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    return [Path(folder) / "fonts" / name for folder in folders for name in _HANGUL_FILES
            if (Path(folder) / "fonts" / name).is_file()]


def _hangul_font_available() -> bool:
    """Register NanumGothic with matplotlib (once); False if its files cannot be found."""
    if any(font.name == HANGUL_FONT for font in font_manager.fontManager.ttflist):
        return True
    files = _hangul_font_files()
    for path in files:
        font_manager.fontManager.addfont(str(path))
    return bool(files)


def _language_font(language: str) -> None:
    """Put HANGUL_FONT last in rcParams["font.family"] for Korean, and take it out for English.

    matplotlib (>= 3.6) looks every glyph up in the family list in order, so the course's Latin
    font still draws Latin letters, digits and math signs, and only Hangul comes from NanumGothic.
    """
    family = mpl.rcParams["font.family"]
    family = [family] if isinstance(family, str) else [name for name in family if name != HANGUL_FONT]
    if language == "ko":
        if _hangul_font_available():
            family.append(HANGUL_FONT)
        else:
            warnings.warn(_("gdlib.plots: no Hangul font found, so Korean text in figures will show as boxes; "
                            "install the koreanize-matplotlib package (pip install koreanize-matplotlib)"),
                          stacklevel=3)
    mpl.rcParams["font.family"] = family


on_change(_language_font)  # gdlib.set_language("ko") after this import switches figures at once
if get_language() == "ko":  # ... and before it: the same, now
    _language_font("ko")


# --- argument checks of this module (the shared ones live in gdlib._validate) ---------------------

def _short(value, limit: int = 60) -> str:
    if isinstance(value, np.generic):
        value = value.item()  # 2509.0, not np.float64(2509.0)
    text = np.array2string(value, precision=4) if isinstance(value, np.ndarray) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _axes(ax, owner: str) -> matplotlib.axes.Axes:
    """One matplotlib Axes; the usual mix-ups (the Figure, an array of Axes) are named."""
    if isinstance(ax, matplotlib.axes.Axes):
        return ax
    if isinstance(ax, np.ndarray) and ax.size and all(isinstance(a, matplotlib.axes.Axes) for a in ax.flat[:1]):
        hint = _(" (an array of {ax_size} Axes from plt.subplots: pass one of them, e.g. axes[0])").format(
            ax_size=ax.size)
    elif isinstance(ax, matplotlib.figure.FigureBase):
        hint = _(" (a Figure: pass its Axes, e.g. fig, ax = plt.subplots())")
    else:
        hint = ""
    raise TypeError(_("{owner}: ax must be a matplotlib Axes, e.g. from fig, ax = plt.subplots(), "
                      "got ax={ax}{hint}").format(owner=owner, ax=_short(ax), hint=hint))


def _limits(name: str, value, owner: str) -> tuple[float, float]:
    """A plot range (low, high): two finite numbers with low < high."""
    if value is None or isinstance(value, (str, bytes, numbers.Number)):
        raise TypeError(_("{owner}: {name} must be a pair (low, high) of numbers, got {name}={value}").format(
            owner=owner, name=name, value=_short(value)))
    lim = array(name, value, owner=owner)
    if lim.shape != (2,):
        raise ValueError(_("{owner}: {name} must be a pair (low, high), got {name}={value} "
                           "(shape {lim_shape})").format(
                               owner=owner, name=name, value=_short(value), lim_shape=lim.shape))
    if not lim[0] < lim[1]:
        raise ValueError(_("{owner}: {name} must be a pair (low, high) with low < high, got {name}={value}").format(
            owner=owner, name=name, value=_short(value)))
    return float(lim[0]), float(lim[1])


def _flag(name: str, value, owner: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(_("{owner}: {name} must be True or False, got {name}={value}").format(
            owner=owner, name=name, value=_short(value)))
    return bool(value)


def _color(name: str, value, owner: str, *, optional: bool = False):
    if (value is None and optional) or mpl.colors.is_color_like(value):
        return value
    raise ValueError(_("{owner}: {name} must be a matplotlib colour such as 'tab:red', 'C0' or '#1f77b4'"
                       "{or_none}, got {name}={value}").format(
                           owner=owner, name=name, or_none=_(" (or None)") if optional else "", value=_short(value)))


def _levels(levels, log: bool, owner: str):
    """How many contour levels (a whole number >= 1) or the level values (increasing; > 0 if log)."""
    if isinstance(levels, numbers.Integral) and not isinstance(levels, (bool, np.bool_)):
        return count("levels", levels, minimum=1)
    if levels is None or isinstance(levels, (bool, np.bool_, numbers.Number, str, bytes)):
        raise TypeError(_("{owner}: levels must be a whole number of levels (e.g. 20) or an increasing "
                          "sequence of level values, got levels={levels}").format(owner=owner, levels=_short(levels)))
    values = array("levels", levels, ndim=1, owner=owner)
    if np.any(np.diff(values) <= 0):
        raise ValueError(_("{owner}: level values must be increasing, got levels={levels}").format(
            owner=owner, levels=_short(levels)))
    if log and values[0] <= 0:
        raise ValueError(_("{owner}: with log=True the level values must be > 0, got levels={levels}").format(
            owner=owner, levels=_short(levels)))
    return values


def _rows(name: str, value, owner: str, *, ndim: int, hint: str) -> np.ndarray:
    """An array of numbers of the given ndim with at least one entry; nan and inf allowed."""
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(_("{owner}: {name} must be an array of numbers{hint}, got {name}={value}").format(
            owner=owner, name=name, hint=hint, value=_short(value)))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{owner}: {name} must be an array of numbers{hint}, got {name}={value}").format(
            owner=owner, name=name, hint=hint, value=_short(value))) from None
    if arr.ndim != ndim or arr.size == 0:
        raise ValueError(_("{owner}: {name} must be a non-empty {ndim}-D array{hint}, got shape {arr_shape}").format(
            owner=owner, name=name, ndim=ndim, hint=hint, arr_shape=arr.shape))
    return arr


# --- the helpers -------------------------------------------------------------------------------------

def grid(f: Callable, xlim, ylim, n: int = 200):
    """X, Y, Z on an n×n grid, with Z[i, j] = f([X[i, j], Y[i, j]]).

    f is tried once on the whole stacked grid (shape (2, n, n)), which is fast when f is
    written with numpy; if that fails, returns the wrong shape or disagrees with f at a few
    single points, f is called one point at a time.
    """
    function("f", f, what=_("of a point [x, y] that returns one number"), owner="grid")
    xlim, ylim = _limits("xlim", xlim, "grid"), _limits("ylim", ylim, "grid")
    return _grid(f, xlim, ylim, _grid_size(n), "grid")


def _grid(f: Callable, xlim, ylim, n: int, owner: str):
    xs = np.linspace(*xlim, n)
    ys = np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    try:  # fast path: f written with numpy broadcasts over a stacked grid
        Z = np.asarray(f(np.array([X, Y])), dtype=float)
        if Z.shape != X.shape:
            raise ValueError
    except (ValueError, TypeError, IndexError):
        Z = None
    if Z is not None and not _agrees_pointwise(f, X, Y, Z):
        Z = None  # f misread the stacked grid (e.g. it sums over the wrong axis): fall back to points
    if Z is None:
        Z = np.array([[f(np.array([x, y])) for x, y in zip(rx, ry, strict=True)] for rx, ry in zip(X, Y, strict=True)])
        if Z.shape != X.shape or Z.dtype.kind not in "biuf":
            first = f(np.array([X[0, 0], Y[0, 0]]))
            scalar_result(first, what=f"{owner}: f")  # names a non-scalar result
            raise ValueError(_("{owner}: f must return one number for every point [x, y] of the grid, "
                               "but it returned {first} at {point}").format(
                                   owner=owner, first=_short(first), point=_short(np.array([X[0, 0], Y[0, 0]]))))
    return X, Y, Z


def _agrees_pointwise(f: Callable, X, Y, Z) -> bool:
    """A spot check of the fast path: f on three single points equals the stacked result there."""
    n = X.shape[0]
    finite = np.abs(Z[np.isfinite(Z)])
    scale = max(1.0, float(finite.max())) if finite.size else 1.0
    for i, j in ((0, 0), (n - 1, n - 1), (n // 2, n // 3)):
        try:
            z = scalar_result(f(np.array([X[i, j], Y[i, j]])), what="f")
        except (ValueError, TypeError, IndexError):
            return True  # f is written for stacks of points only: nothing to compare with
        if not np.isclose(Z[i, j], z, rtol=1e-7, atol=1e-9 * scale, equal_nan=True):
            return False
    return True


MAX_GRID = 2000  # points per axis: a 2000 × 2000 grid is already 4 million evaluations of f


def _grid_size(n) -> int:
    n = count("n", n, minimum=2)
    if n > MAX_GRID:
        raise ValueError(_("n must be at most {MAX_GRID} points per axis (n × n evaluations of f), got n={n}").format(
            MAX_GRID=MAX_GRID, n=n))
    return n


def contour(ax, f: Callable, xlim, ylim, levels: int = 20, log: bool = False, n: int = 200, colorbar: bool = False):
    """Contour lines of f(x, y) over xlim × ylim; log=True spaces levels geometrically.

    levels is how many lines (or their values, increasing). Axes are labelled x₁ and x₂;
    relabel with ax.set_xlabel for other names.
    """
    ax = _axes(ax, "contour")
    function("f", f, what=_("of a point [x, y] that returns one number"), owner="contour")
    xlim, ylim = _limits("xlim", xlim, "contour"), _limits("ylim", ylim, "contour")
    log, colorbar = _flag("log", log, "contour"), _flag("colorbar", colorbar, "contour")
    levels = _levels(levels, log, "contour")
    n = _grid_size(n)
    X, Y, Z = _grid(f, xlim, ylim, n, "contour")
    finite = np.isfinite(Z)
    if not finite.any():
        raise ValueError(_("contour: f is nan or inf at every point of the grid xlim={xlim}, ylim={ylim}: "
                           "nothing to draw (is f defined there?)").format(xlim=xlim, ylim=ylim))
    if log:
        if isinstance(levels, int):
            positive = Z[finite & (Z > 0)]
            if positive.size == 0:
                raise ValueError(_("contour: log=True needs f > 0 somewhere on the grid, but its largest value is "
                                   "{largest:.3g}: use log=False, or plot f minus its minimum plus a "
                                   "small constant").format(largest=np.max(Z[finite])))
            lo, hi = max(np.min(positive), 1e-12), np.max(positive)
            if not hi > lo:
                raise ValueError(_("contour: log=True needs f to vary over the grid, but its positive values "
                                   "are all {hi:.3g} (or below 1e-12): use log=False").format(hi=hi))
            levels = np.geomspace(lo, hi, levels)
        cs = ax.contour(X, Y, Z, levels=levels, cmap="viridis", norm=mpl.colors.LogNorm())
    else:
        cs = ax.contour(X, Y, Z, levels=levels, cmap="viridis")
    if colorbar:
        ax.figure.colorbar(cs, ax=ax, label="f(x₁, x₂)")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.set_aspect("auto")
    return ax


def gradient_field(ax, grad: Callable, xlim, ylim, n: int = 12, normalize: bool = True, color: str = "tab:red"):
    """Arrows of ∇f on an n×n grid (unit length if normalize, so the direction reads clearly)."""
    ax = _axes(ax, "gradient_field")
    function("grad", grad, what=_("of a point [x, y] that returns the gradient [∂f/∂x, ∂f/∂y]"),
             owner="gradient_field")
    xlim, ylim = _limits("xlim", xlim, "gradient_field"), _limits("ylim", ylim, "gradient_field")
    n = _grid_size(n)
    normalize = _flag("normalize", normalize, "gradient_field")
    color = _color("color", color, "gradient_field", optional=True)  # None: matplotlib's default colour
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    try:
        G = np.array([[grad(np.array([x, y])) for x, y in zip(rx, ry, strict=True)]
                      for rx, ry in zip(X, Y, strict=True)])
    except ValueError:  # ragged: grad returned arrays of different lengths
        G = None
    if G is None or G.shape != (n, n, 2) or G.dtype.kind not in "biuf":
        first = grad(np.array([X[0, 0], Y[0, 0]]))
        raise ValueError(_("gradient_field: grad must return 2 numbers [∂f/∂x, ∂f/∂y] for every point [x, y], "
                           "but at {point} it returned {first}").format(
                               point=_short(np.array([X[0, 0], Y[0, 0]])), first=_short(first))
                         + ("" if G is None else _(" (all together, shape {G_shape} instead of ({n}, {n}, 2))").format(
                             G_shape=G.shape, n=n)))
    U, V = G[..., 0], G[..., 1]
    if normalize:
        size = np.hypot(U, V)
        size[size == 0] = 1.0
        U, V = U / size, V / size
    ax.quiver(X, Y, U, V, color=color, angles="xy", label=_("∇f (direction)"))
    return ax


def path(ax, params, label: str | None = None, color=None, marker: str = "o", every: int = 1, **kw):
    """A 2-D optimisation path: the iterates joined by a line, start and end marked.

    params has one row (x₁, x₂) per iterate, e.g. hist.params. The line is drawn with
    ms=3 and lw=1.2 unless kw says otherwise; other keywords go to ax.plot.
    """
    ax = _axes(ax, "path")
    if hasattr(params, "params") and not isinstance(params, np.ndarray):
        raise TypeError(_("path: params must be the array of iterates, e.g. hist.params, not the run itself "
                          "(got params={params})").format(params=_short(params)))
    P = _rows("params", params, "path", ndim=2, hint=_(" of shape (steps, 2), one row (x₁, x₂) per iterate"))
    if P.shape[1] != 2:
        hint = _(" (transposed? pass params.T)") if P.shape[0] == 2 else ""
        raise ValueError(_("path: params must have 2 columns (x₁, x₂), one row per iterate, "
                           "got shape {shape}{hint}").format(shape=P.shape, hint=hint))
    color = _color("color", color, "path", optional=True)
    every = count("every", every, minimum=1)
    sizes = {"ms": 3, "lw": 1.2}  # the defaults; the caller's own ms / lw (or their long names) win
    for short, long in (("ms", "markersize"), ("lw", "linewidth")):
        if short in kw or long in kw:
            del sizes[short]
    (line,) = ax.plot(P[::every, 0], P[::every, 1], marker=marker, **sizes, label=label, color=color, **kw)
    ax.plot(*P[0], marker="o", ms=8, mfc="white", mec=line.get_color())  # start: hollow
    ax.plot(*P[-1], marker="*", ms=12, color=line.get_color())  # end: star
    return ax


def loss_curve(ax, losses, label: str | None = None, log: bool = True, xlabel: str = N_("step"), **kw):
    """Loss against step; log scale by default because losses span decades."""
    ax = _axes(ax, "loss_curve")
    if losses is None:
        raise TypeError(_("loss_curve: losses is None: the run recorded no losses (give descend an f=...)"))
    L = _rows("losses", losses, "loss_curve", ndim=1, hint=_(" (one loss per step)"))
    log = _flag("log", log, "loss_curve")
    if not isinstance(xlabel, str):
        raise TypeError(_("loss_curve: xlabel must be a string, got xlabel={xlabel}").format(xlabel=_short(xlabel)))
    ax.plot(np.arange(len(L)), L, label=label, **kw)
    if log and np.all(L[np.isfinite(L)] > 0):
        ax.set_yscale("log")
    ax.set_xlabel(_(xlabel) if xlabel == "step" else xlabel)  # the default follows set_language
    ax.set_ylabel(_("loss"))
    return ax
