"""The Explorer: controls (sliders, dropdowns) driving a figure and a readout.

Every explorer is an Explorer: a draw function, a dict of controls, and an Output area.
Changing any control's value redraws. The last figure and readout are kept on the
object (explorer.figure, explorer.readout), which is how the tests check, without a
browser, that moving a control changes what is drawn.

In a notebook, put the explorer as the last line of a cell to show it, and call
explorer.snapshot() in another cell to store a plain figure of the current state
(readers without a running kernel see that one).
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Callable

import ipywidgets as w
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from PIL import Image

from gdlib._validate import function, positive
from gdlib.i18n import _
from gdlib.widgets._checks import check_controls, check_draw_takes, figsize_pair, format_spec, show, slider_span, text

__all__ = ["Explorer", "slider", "log_slider"]


def format_value(control: w.ValueWidget) -> str:
    """A control's value as text, with its readout format when it has one."""
    fmt = getattr(control, "readout_format", None)
    try:
        return format(control.value, fmt) if fmt else str(control.value)
    except (TypeError, ValueError):
        return str(control.value)


class Explorer:
    """draw(fig, **values) -> str draws on a fresh figure and returns what it found.

    The printed readout starts with every control's current value, then the text draw
    returned, e.g. "x₀ = 1.50 · h = 0.100 → slope 2.92". So a person, and a browser test,
    can see that the picture matches the controls.

    redraw(fig, **values) -> str | None, if given, updates the figure that draw made in place
    (line.set_data, a new title...) for new values, which is much quicker than drawing it
    again; it returns the readout, or None when the change needs a whole new drawing (another
    problem, other axes). Snapshots always use draw.

    The output area's PNG is made once the output area is asked for (showing the explorer in a
    notebook does), and from then on at every change; an explorer nobody looks at (one a test or a
    script only reads the readout or the figure of) only draws.

    How a change is rendered (see refresh): what changes with the controls is marked live
    (gdlib.widgets._live.live, i.e. matplotlib's animated artists) by draw; the rest (axes,
    ticks, labels, contours) is rendered once and kept as a background image. After redraw,
    if only live artists changed, the background is restored and the live artists are drawn
    on it; if anything else changed (limits, a static line), everything is drawn again.
    A redraw therefore always shows exactly what a fresh draw with the same values shows.

    keep names the controls whose values decide the whole drawing (a menu of functions or
    problems): one figure is kept per combination of their values, so going back to one
    already drawn costs a redraw, not a new drawing.
    """

    MAX_FIGURES = 8  # kept figures per explorer (each a few MB), the oldest dropped first

    def __init__(self, draw: Callable, controls: dict[str, w.ValueWidget], title: str = "",
                 figsize: tuple[float, float] | None = None, redraw: Callable | None = None,
                 keep: tuple[str, ...] = ()) -> None:
        function("draw", draw, what=_("draw(fig, **values) -> str"), owner="Explorer")
        check_controls(controls)
        check_draw_takes(draw, controls)
        if redraw is not None:
            function("redraw", redraw, what=_("redraw(fig, **values) -> str or None"), owner="Explorer")
            check_draw_takes(redraw, controls)
        text("title", title, owner="Explorer")
        figsize = figsize_pair(figsize)
        if not isinstance(keep, tuple | list) or any(name not in controls for name in keep):
            raise ValueError(_("Explorer: keep must be a tuple of control names from {names}, got keep={keep}").format(
                names=", ".join(controls), keep=show(keep)))
        self.keep = tuple(keep)
        self.draw = draw
        self.redraw = redraw
        self.controls = controls
        self.title = title
        self.figsize = figsize
        self._out = w.Output()
        self._view = None  # the figure drawn last, made on first use (see _drawn): building costs nothing
        # The output area's PNG (with the layout it needs) is made once the output area is first asked
        # for (shown in a notebook, or read): until then a change only draws the figure and the readout.
        self._shown = False
        self._stale_output = False
        self._readout_text = ""
        self._layout = None  # (the axes' grid cells, their positions) of the first drawing
        self._views = {}  # values of the keep controls -> _View (a figure and its rendered background)
        for control in controls.values():
            control.observe(self._on_change, names="value")

    # The figure is drawn when something first needs it: the output area (shown in a notebook),
    # the figure, the readout, or a control's change. The output area's PNG is rendered when the
    # output area is first needed, and from then on at every change.
    @property
    def out(self) -> w.Output:
        """The output area: the readout and the figure, as the learner sees them."""
        self._drawn()
        self._shown = True
        if self._stale_output:
            self._show()
        return self._out

    @property
    def figure(self):
        """The live figure (matplotlib Figure) of the current values."""
        self._drawn()
        return self._view.fig

    @property
    def readout(self) -> str:
        """The printed readout of the current values."""
        self._drawn()
        return self._readout_text

    def _drawn(self) -> None:
        if self._view is None:
            self.refresh()

    @property
    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def render(self):
        """A new figure of the current state and its readout (nothing is displayed)."""
        fig = plt.figure(figsize=self.figsize)
        try:
            return fig, self._draw(fig)
        except BaseException:
            plt.close(fig)
            raise

    def refresh(self) -> None:
        """Redraw into the output area: the same figure, updated in place by redraw (or cleared
        and drawn again), rendered once to a PNG (once the output area has been asked for: before,
        the figure and the readout are brought up to date and the PNG waits, see out).

        Why not a new figure per change: most of a redraw used to be matplotlib, not the
        explorer: building a figure, its constrained layout (a full extra drawing), the inline
        backend's tight bounding box (another one), and above all drawing text (tick labels,
        legends, titles: about 1-4 ms each on a 2-core machine). Here the layout is computed
        once, on the first rendering; the static part is rendered once and reused as a
        background while only live artists change; and the PNG is encoded straight from the
        canvas buffer.
        """
        key = tuple(self.controls[name].value for name in self.keep)
        view = self._views.get(key)
        updated = None
        if view is not None and self.redraw is not None:
            updated = self._readout(self.redraw(view.fig, **self.values))
        if updated is not None:
            self._readout_text = updated  # the same axes, so the same layout
        else:
            if view is None:
                fig = Figure(figsize=self.figsize)  # not pyplot's: the inline backend must not show it
                FigureCanvasAgg(fig)
                view = self._views[key] = _View(fig)
                while len(self._views) > self.MAX_FIGURES:
                    self._views.pop(next(iter(self._views)))
            else:
                view.fig.clear()
            fig = view.fig
            fig._live_generation = getattr(fig, "_live_generation", 0) + 1  # a new drawing: new live artists
            self._readout_text = self._draw(fig)
            view.background, view.images = None, {}
            self._place(view)
        self._view = view
        self._stale_output = True
        if self._shown:
            self._show()

    def _show(self) -> None:
        """The current view into the output area: laid out once per new drawing, rendered to a PNG."""
        view = self._view
        if not view.laid_out:
            self._fix_layout(view)
        png = self._png(view)
        self._stale_output = False
        # Set the output area's contents directly instead of capturing with `with self.out:`.
        # Capture is unreliable when a widget callback (not a cell) draws: the browser test
        # saw blank figures that way, and nbclient's capture hook raised KeyError.
        self._out.outputs = (
            {"output_type": "stream", "name": "stdout", "text": self._readout_text + "\n"},
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": base64.b64encode(png).decode("ascii"),
                      "text/plain": _("<Figure of {title}>").format(title=self.title or _("the explorer"))}},
        )

    def _png(self, view: _View) -> bytes:
        """The figure as PNG bytes: the static background (drawn again only when a static
        artist changed: matplotlib marks the figure stale then, never for a live artist), the
        live artists on top in their drawing order."""
        fig = view.fig
        canvas = fig.canvas
        if view.background is None or fig.stale:
            # matplotlib leaves the animated (live) artists out of this drawing, except, before 3.11,
            # images: hidden for it, or a translucent live image would be drawn twice
            images = [a for a in self._live_artists(fig) if isinstance(a, AxesImage) and a.get_visible()]
            for image in images:
                image.set_visible(False)
            canvas.draw()
            for image in images:
                image.set_visible(True)
            view.background, view.images = canvas.copy_from_bbox(fig.bbox), {}
        else:
            canvas.restore_region(view.background)
        renderer = canvas.get_renderer()
        for artist in self._live_artists(fig):
            if not artist.get_visible():
                continue
            if isinstance(artist, Legend):
                # an opaque legend whose entries did not change: paste its pixels (drawing its
                # text again would cost more than everything else in a change)
                kept = view.images.get(id(artist))
                if kept is not None and kept[0] is artist:
                    canvas.restore_region(kept[1])
                else:
                    artist.draw(renderer)
                    box = artist.get_window_extent(renderer).padded(2)
                    kept = view.images[id(artist)] = (artist, canvas.copy_from_bbox(box))
            else:
                artist.draw(renderer)
        # Drawing a live axis moves (or makes) its ticks, which tell their axes they changed:
        # nothing static changed, so the background stays valid.
        for ax in fig.axes:
            ax.stale = False
        fig.stale = False
        png = io.BytesIO()
        # compress_level 1: a third of the default's time for a PNG a few % larger
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(png, format="png", compress_level=1)
        return png.getvalue()

    def _draw(self, fig) -> str:
        """draw on fig; the readout: every control's value, then what draw returned."""
        found = self.draw(fig, **self.values)
        if found is not None and not isinstance(found, str):
            raise TypeError(_("Explorer: draw must return the readout text (a str) or None, got {found}").format(
                found=show(found)))
        return self._readout(found or "")

    def _readout(self, found: str | None) -> str | None:
        """Every control's value, then what draw (or redraw) found; None stays None."""
        if found is None:
            return None
        if not isinstance(found, str):
            raise TypeError(_("Explorer: redraw must return the readout text (a str) or None, got {found}").format(
                found=show(found)))
        state = " · ".join(f"{c.description or name} = {format_value(c)}" for name, c in self.controls.items())
        return f"{state} → {found}" if found else state

    def _live_artists(self, fig) -> list:
        """The figure's live artists in drawing order (axes by axes, by zorder); kept until
        live() marks another artist on this figure."""
        key = (id(fig), getattr(fig, "_live_generation", 0), len(fig.axes))
        if getattr(self, "_live_key", None) != key:
            found = fig.findobj(lambda a: a.get_animated() and not _inside_live(a))
            order = {id(ax): i for i, ax in enumerate(fig.axes)}
            self._live_list = sorted(found, key=lambda a: (order.get(id(a.axes), -1), a.get_zorder()))
            self._live_key = key
        return self._live_list

    def _place(self, view: _View) -> None:
        """After a new drawing: the axes positions of the explorer's first layout when these are the
        same axes; otherwise the constrained layout engine, which runs when the figure is first
        rendered (see _fix_layout; a savefig of explorer.figure before then runs it too)."""
        view.laid_out = self._reuse_layout(view.fig)
        if not view.laid_out:
            view.fig.set_layout_engine("constrained")

    def _fix_layout(self, view: _View) -> None:
        """Constrained layout on the first rendering (and whenever draw makes other axes), then
        the same axes positions every time, without the layout engine."""
        fig = view.fig
        if not self._reuse_layout(fig):
            fig.set_layout_engine("constrained")
            # the layout alone, without drawing the pixels: _png draws the figure next (a full
            # drawing here cost a third of an explorer's first display)
            if fig.axes:  # as Figure.draw does: a figure without axes has nothing to lay out
                fig.get_layout_engine().execute(fig)
            self._layout = ([ax.get_subplotspec() for ax in fig.axes], [ax.get_position() for ax in fig.axes])
            fig.set_layout_engine("none")
        view.laid_out = True

    def _reuse_layout(self, fig) -> bool:
        """Give fig's axes the positions of the explorer's first layout, if it has the same axes
        (grid cells) as then, with no layout engine; False (fig untouched) otherwise."""
        if self._layout is None or self._layout[0] != [ax.get_subplotspec() for ax in fig.axes]:
            return False
        for ax, position in zip(fig.axes, self._layout[1], strict=True):
            ax.set_position(position)
        fig.set_layout_engine("none")
        return True

    def _on_change(self, change) -> None:
        self.refresh()

    def snapshot(self) -> None:
        """Print the readout and show the figure as ordinary cell output."""
        fig, readout = self.render()
        print(readout)
        display(fig)
        plt.close(fig)

    @property
    def widget(self) -> w.Widget:
        header = [w.HTML(f"<b>{self.title}</b>")] if self.title else []
        return w.VBox([*header, w.HBox(list(self.controls.values())), self.out])

    def _ipython_display_(self) -> None:
        display(self.widget)


class _View:
    """One kept figure of an explorer, with its rendered static background and the legends'
    pixels (see Explorer._png)."""

    def __init__(self, fig) -> None:
        self.fig = fig
        self.background = None
        self.images: dict = {}
        self.laid_out = False  # the layout of the explorer's first drawing applied (Explorer._fix_layout)


def _inside_live(artist) -> bool:
    """True for a live artist inside another live one (a legend's texts): drawn by its parent."""
    parent = getattr(artist, "_live_parent", None)
    return parent is not None and parent.get_animated()


def slider(value: float, lo: float, hi: float, step: float, description: str, fmt: str = ".2f") -> w.FloatSlider:
    """A float slider that updates when released (one redraw per move, not per pixel).

    lo < hi and lo <= value <= hi: a value outside the range is an error, never clamped.
    """
    lo, hi, value = slider_span("slider", value, lo, hi)
    step = positive("step", step, owner="slider")
    if step > (hi - lo) * (1 + 1e-12):  # hi - lo itself is allowed, up to its rounding
        raise ValueError(_("slider: step must be at most hi - lo = {span:g}, got step={step!r}").format(
            span=hi - lo, step=step))
    text("description", description, owner="slider")
    format_spec("slider", fmt, value)
    return w.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         readout_format=fmt, continuous_update=False,
                         style={"description_width": "initial"}, layout=w.Layout(width="320px"))


def log_slider(value: float, lo: float, hi: float, description: str, fmt: str = ".3g") -> w.FloatLogSlider:
    """A slider on a log scale between lo and hi (e.g. learning rates 1e-3 .. 1).

    0 < lo < hi and lo <= value <= hi: a value outside the range is an error, never clamped.
    """
    lo = positive("lo", lo, owner="log_slider")
    lo, hi, value = slider_span("log_slider", value, lo, hi)
    text("description", description, owner="log_slider")
    format_spec("log_slider", fmt, value)
    return w.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi), step=0.05,
                            description=description, readout_format=fmt, continuous_update=False,
                            style={"description_width": "initial"}, layout=w.Layout(width="320px"))
