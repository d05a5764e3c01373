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
    """

    def __init__(self, draw: Callable, controls: dict[str, w.ValueWidget], title: str = "",
                 figsize: tuple[float, float] | None = None) -> None:
        function("draw", draw, what="draw(fig, **values) -> str", owner="Explorer")
        check_controls(controls)
        check_draw_takes(draw, controls)
        text("title", title, owner="Explorer")
        figsize = figsize_pair(figsize)
        self.draw = draw
        self.controls = controls
        self.title = title
        self.figsize = figsize
        self.out = w.Output()
        self.figure = None
        self.readout = ""
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        return {name: c.value for name, c in self.controls.items()}

    def render(self):
        """A new figure of the current state and its readout (nothing is displayed)."""
        fig = plt.figure(figsize=self.figsize)
        found = self.draw(fig, **self.values)
        if found is not None and not isinstance(found, str):
            plt.close(fig)
            raise TypeError(f"Explorer: draw must return the readout text (a str) or None, "
                            f"got {show(found)}")
        state = " · ".join(f"{c.description or name} = {format_value(c)}" for name, c in self.controls.items())
        return fig, f"{state} → {found}" if found else state

    def refresh(self) -> None:
        """Redraw into the output area."""
        if self.figure is not None:
            plt.close(self.figure)
        fig, readout = self.render()
        self.figure, self.readout = fig, readout
        # Set the output area's contents directly instead of capturing with `with self.out:`.
        # Capture is unreliable when a widget callback (not a cell) draws: the browser test
        # saw blank figures that way, and nbclient's capture hook raised KeyError.
        self.out.outputs = ()
        self.out.append_stdout(readout + "\n")
        self.out.append_display_data(fig)
        plt.close(fig)  # shown once above; closing keeps the inline backend from showing it again

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
