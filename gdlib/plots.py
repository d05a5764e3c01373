"""Plotting helpers: each takes an Axes, draws on it, and returns it.

Call use_course_style() once at the top of a notebook so every figure looks the same.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

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


def use_course_style() -> None:
    """Apply the course's figure style (size, fonts, grid, white background, tab10 colours)."""
    mpl.rcParams.update(COURSE_STYLE)


def grid(f: Callable, xlim, ylim, n: int = 200):
    """X, Y, Z on an n×n grid, with Z[i, j] = f([X[i, j], Y[i, j]])."""
    xs = np.linspace(*xlim, n)
    ys = np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    try:  # fast path: f written with numpy broadcasts over a stacked grid
        Z = np.asarray(f(np.array([X, Y])), dtype=float)
        if Z.shape != X.shape:
            raise ValueError
    except (ValueError, TypeError, IndexError):
        Z = np.array([[f(np.array([x, y])) for x, y in zip(rx, ry, strict=True)] for rx, ry in zip(X, Y, strict=True)])
    return X, Y, Z


def contour(ax, f: Callable, xlim, ylim, levels: int = 20, log: bool = False, n: int = 200, colorbar: bool = False):
    """Contour lines of f(x, y) over xlim × ylim; log=True spaces levels geometrically.

    Axes are labelled x₁ and x₂; relabel with ax.set_xlabel for other names.
    """
    X, Y, Z = grid(f, xlim, ylim, n)
    if log:
        lo = max(np.min(Z), 1e-12) if np.min(Z) > 0 else max(np.min(Z[Z > 0]), 1e-12)
        lv = np.geomspace(lo, np.max(Z), levels)
        cs = ax.contour(X, Y, Z, levels=lv, cmap="viridis", norm=mpl.colors.LogNorm())
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
    xs, ys = np.linspace(*xlim, n), np.linspace(*ylim, n)
    X, Y = np.meshgrid(xs, ys)
    G = np.array([[grad(np.array([x, y])) for x, y in zip(rx, ry, strict=True)] for rx, ry in zip(X, Y, strict=True)])
    U, V = G[..., 0], G[..., 1]
    if normalize:
        size = np.hypot(U, V)
        size[size == 0] = 1.0
        U, V = U / size, V / size
    ax.quiver(X, Y, U, V, color=color, angles="xy", label="∇f (direction)")
    return ax


def path(ax, params, label: str | None = None, color=None, marker: str = "o", every: int = 1, **kw):
    """A 2-D optimisation path: the iterates joined by a line, start and end marked."""
    P = np.asarray(params, dtype=float)
    (line,) = ax.plot(P[::every, 0], P[::every, 1], marker=marker, ms=3, lw=1.2, label=label, color=color, **kw)
    ax.plot(*P[0], marker="o", ms=8, mfc="white", mec=line.get_color())  # start: hollow
    ax.plot(*P[-1], marker="*", ms=12, color=line.get_color())  # end: star
    return ax


def loss_curve(ax, losses, label: str | None = None, log: bool = True, xlabel: str = "step", **kw):
    """Loss against step; log scale by default because losses span decades."""
    L = np.asarray(losses, dtype=float)
    ax.plot(np.arange(len(L)), L, label=label, **kw)
    if log and np.all(L[np.isfinite(L)] > 0):
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss")
    return ax
