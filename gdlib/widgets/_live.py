"""Helpers for explorers that update their figure in place (see Explorer.refresh).

An explorer's draw marks what changes with the controls as live; its redraw then changes only
live artists when it can, and the Explorer redraws just those over a stored background. A
change to anything else (limits, ticks, a static line) is still shown correctly: matplotlib
marks the figure stale and the Explorer draws everything again. So these helpers are about
speed, never about what is shown:

    live(line, ax.title, legend)        mark artists (and everything inside them) live
    set_title(ax, text)                 change a title without marking the axes stale
    set_limits(ax, xlim=..., ylim=...)  set limits only when they differ (setting equal
                                        limits would mark the axes stale anyway)
    steady_limits(values, log=...)      limits that cover values and stay the same while the
                                        values move a little (so most changes keep the background)
    legend(ax, **kw)                    a live legend
    remember(fig, line=..., ...)        keep the artists draw made, for redraw: recall(fig)
    autoscale_limits(values, log=...)   the limits matplotlib's autoscale would give (for a live
                                        axis, whose limits may change without a new background)
    path_lines / update_path            plots.path's three lines, live, and moving them
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axis import Axis
from matplotlib.ticker import LogLocator

__all__ = ["live", "set_title", "set_limits", "steady_limits", "autoscale_limits", "legend", "remember", "recall",
           "Parts", "path_lines", "update_path"]


def live(*artists):
    """Mark artists as live (matplotlib's animated), with every artist inside them; returns the
    first one, e.g. line = live(ax.plot(...)[0]).

    A live log-scale axis keeps its minor ticks at 2 and 5 of each decade only: all eight cost about
    40 ms per change (a loss axis spans ten decades), and 2, 5 still let the eye read a value."""
    for artist in artists:
        if artist is None:
            continue
        if isinstance(artist, Axis) and artist.get_scale() == "log":
            artist.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
        fig = artist.get_figure() if hasattr(artist, "get_figure") else None
        if fig is not None:  # the Explorer's list of live artists must be made again
            fig._live_generation = getattr(fig, "_live_generation", 0) + 1
        for child in artist.findobj():
            child.set_animated(True)
            if child is not artist:
                child._live_parent = artist  # drawn by its parent, not on its own
    return artists[0] if artists else None


def set_title(ax, text: str) -> None:
    """ax's title becomes text; with a live title, the axes do not become stale."""
    if ax.title.get_text() != text:
        ax.title.set_text(text)


def set_limits(ax, xlim=None, ylim=None) -> None:
    """Set ax's limits where they differ from the current ones (equal ones are left alone)."""
    if xlim is not None and tuple(ax.get_xlim()) != tuple(map(float, xlim)):
        ax.set_xlim(*xlim)
    if ylim is not None and tuple(ax.get_ylim()) != tuple(map(float, ylim)):
        ax.set_ylim(*ylim)


def _nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, about a fifth of span."""
    raw = span / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)


def steady_limits(values, log: bool = False, pad: float = 0.05) -> tuple[float, float]:
    """Limits around the finite values (positive ones when log): on a log axis whole decades;
    on a linear axis multiples of a round step (a fifth of the span, 1-2-5 times a power of
    ten), padded by pad of the span. Values that move a little keep the same limits.
    """
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v) & (v > 0)] if log else v[np.isfinite(v)]
    if v.size == 0:
        return (0.1, 10.0) if log else (0.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    if log:
        a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        return 10.0 ** a, 10.0 ** max(b, a + 1)
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    lo, hi = lo - pad * span, hi + pad * span
    step = _nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def legend(ax, **kw):
    """A live legend of ax (ax.legend(**kw)), opaque so that the Explorer can reuse its image
    while its entries stay the same; made again only when the entries change. The axes keep
    their stale state (a live legend alone needs no new background)."""
    kw.setdefault("framealpha", 1.0)
    handles, labels = ax.get_legend_handles_labels()
    old = ax.get_legend()
    key = (tuple(labels), tuple(id(h) for h in handles), tuple(sorted(kw.items(), key=str)))
    if old is not None and getattr(old, "_live_key", None) == key:
        return old
    stale = ax.stale, ax.figure.stale
    made = ax.__dict__.setdefault("_live_legends", {})  # legends this axes had: going back reuses one
    leg = made.get(key)
    if leg is None:
        leg = made[key] = live(ax.legend(handles, labels, **kw))
        leg._live_key = key
    else:
        ax.legend_ = leg
        fig = ax.get_figure()
        fig._live_generation = getattr(fig, "_live_generation", 0) + 1  # another live artist
    ax._stale, ax.figure._stale = stale
    return leg


class Parts(dict):
    """The artists one drawing made, by name (attribute access: parts.line)."""

    __getattr__ = dict.__getitem__


def remember(fig, **artists) -> Parts:
    """Keep the artists draw made on fig, for redraw to update (see recall). A numpy array of
    artists (subplots' Axes) is kept as a tuple: Python's garbage collector cannot see inside an
    object array, so figure → parts → array → Axes → figure would be a cycle never freed."""
    fig._explorer_parts = Parts({name: tuple(a) if isinstance(a, np.ndarray) and a.dtype == object else a
                                 for name, a in artists.items()})
    return fig._explorer_parts


def recall(fig) -> Parts | None:
    """The artists draw made on fig, or None (then redraw returns None: draw again)."""
    return getattr(fig, "_explorer_parts", None)


def autoscale_limits(values, log: bool = False, margin: float = 0.05) -> tuple[float, float]:
    """The limits matplotlib's autoscale would give these values: their range widened by margin
    of it on each side (in log10 units on a log axis, where only positive values count)."""
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v) & (v > 0)] if log else v[np.isfinite(v)]
    if v.size == 0:
        return (0.1, 10.0) if log else (-1.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    if hi == lo:
        lo, hi = lo - 1.0, hi + 1.0  # one value: a unit (or a decade) either side
    span = hi - lo
    lo, hi = lo - margin * span, hi + margin * span
    return (10.0 ** lo, 10.0 ** hi) if log else (lo, hi)


def path_lines(ax, params, **kw) -> list:
    """plots.path on ax; returns its three lines (the path, the start, the end), live."""
    from gdlib import plots  # here, not at import: plots loads pyplot

    before = len(ax.lines)
    plots.path(ax, params, **kw)
    lines = list(ax.lines[before:])
    live(*lines)
    return lines


def update_path(lines, params, every: int = 1) -> None:
    """Move path_lines' three lines to a new path (as plots.path would draw it)."""
    P = np.asarray(params, dtype=float)
    path, start, end = lines
    path.set_data(P[::every, 0], P[::every, 1])
    start.set_data([P[0, 0]], [P[0, 1]])
    end.set_data([P[-1, 0]], [P[-1, 1]])
