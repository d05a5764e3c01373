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
from IPython.display import display

from gdlib._validate import function, positive
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
    """

    def __init__(self, draw: Callable, controls: dict[str, w.ValueWidget], title: str = "",
                 figsize: tuple[float, float] | None = None, redraw: Callable | None = None) -> None:
        function("draw", draw, what="draw(fig, **values) -> str", owner="Explorer")
        check_controls(controls)
        check_draw_takes(draw, controls)
        if redraw is not None:
            function("redraw", redraw, what="redraw(fig, **values) -> str or None", owner="Explorer")
            check_draw_takes(redraw, controls)
        text("title", title, owner="Explorer")
        figsize = figsize_pair(figsize)
        self.draw = draw
        self.redraw = redraw
        self.controls = controls
        self.title = title
        self.figsize = figsize
        self.out = w.Output()
        self.figure = None
        self.readout = ""
        self._layout = None  # (the axes' grid cells, their positions) of the first drawing
        for control in controls.values():
            control.observe(self._on_change, names="value")
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
        """Redraw into the output area: the same figure, cleared and drawn again, with the layout
        of its first drawing, rendered to a PNG once.

        Why not a new figure per change: most of a redraw used to be matplotlib, not the
        explorer: building a figure, its constrained layout (a full extra drawing) and the
        inline backend's tight bounding box (another one). Here the layout is computed once, on
        the first drawing, and its axes positions are reused as long as draw makes the same
        axes; a redraw then costs the explorer's own plotting and one rendering.
        """
        fig = self.figure
        updated = None
        if fig is not None and self.redraw is not None:
            updated = self._readout(self.redraw(fig, **self.values))
        if updated is not None:
            self.readout = updated  # the same axes, so the same layout
        else:
            if fig is None:
                fig = plt.figure(figsize=self.figsize)
                plt.close(fig)  # ours alone: pyplot's inline backend must not show it at the end of a cell
            else:
                fig.clear()
            self.readout = self._draw(fig)
            self.figure = fig
            self._fix_layout(fig)
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=fig.dpi, bbox_inches=None)  # fixed layout: one drawing, no tight box
        # Set the output area's contents directly instead of capturing with `with self.out:`.
        # Capture is unreliable when a widget callback (not a cell) draws: the browser test
        # saw blank figures that way, and nbclient's capture hook raised KeyError.
        self.out.outputs = (
            {"output_type": "stream", "name": "stdout", "text": self.readout + "\n"},
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": base64.b64encode(png.getvalue()).decode("ascii"),
                      "text/plain": f"<Figure of {self.title or 'the explorer'}>"}},
        )

    def _draw(self, fig) -> str:
        """draw on fig; the readout: every control's value, then what draw returned."""
        found = self.draw(fig, **self.values)
        if found is not None and not isinstance(found, str):
            raise TypeError(f"Explorer: draw must return the readout text (a str) or None, got {show(found)}")
        return self._readout(found or "")

    def _readout(self, found: str | None) -> str | None:
        """Every control's value, then what draw (or redraw) found; None stays None."""
        if found is None:
            return None
        if not isinstance(found, str):
            raise TypeError(f"Explorer: redraw must return the readout text (a str) or None, got {show(found)}")
        state = " · ".join(f"{c.description or name} = {format_value(c)}" for name, c in self.controls.items())
        return f"{state} → {found}" if found else state

    def _fix_layout(self, fig) -> None:
        """Constrained layout on the first drawing (and whenever draw makes other axes), then
        the same axes positions every time, without the layout engine."""
        boxes = [ax.get_subplotspec() for ax in fig.axes]
        if self._layout is None or self._layout[0] != boxes:
            fig.set_layout_engine("constrained")
            fig.canvas.draw()  # runs the layout once
            self._layout = (boxes, [ax.get_position() for ax in fig.axes])
            fig.set_layout_engine("none")
        else:
            for ax, position in zip(fig.axes, self._layout[1], strict=True):
                ax.set_position(position)

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


def slider(value: float, lo: float, hi: float, step: float, description: str, fmt: str = ".2f") -> w.FloatSlider:
    """A float slider that updates when released (one redraw per move, not per pixel).

    lo < hi and lo <= value <= hi: a value outside the range is an error, never clamped.
    """
    lo, hi, value = slider_span("slider", value, lo, hi)
    step = positive("step", step, owner="slider")
    if step > (hi - lo) * (1 + 1e-12):  # hi - lo itself is allowed, up to its rounding
        raise ValueError(f"slider: step must be at most hi - lo = {hi - lo:g}, got step={step!r}")
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
