"""The pure parts of the hub load test (tools/hub_loadtest.py): which learner runs which notebook,
which explorer control a learner moves, and the table and summary line of the results."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

EDITIONS = ("notebooks", "notebooks/ko")  # the English and the Korean edition


def assign_notebooks(count: int, numbered: Sequence[str]) -> list[str]:
    """The notebook each of `count` learners runs, as a path inside a learner's home
    ("03_gradient_descent.ipynb", "ko/03_gradient_descent.ipynb").

    numbered: the notebooks' file names in course order. Learner i takes notebook i mod n, in
    the English edition for even i + i // n, else the Korean one: the first n learners take every
    notebook once, both editions alternating; the next n take each in the other edition, so 2n
    learners run every notebook of both editions."""
    if not isinstance(count, int) or count < 1:
        raise ValueError(f"assign_notebooks: count must be a whole number >= 1, got count={count!r}")
    if not numbered:
        raise ValueError("assign_notebooks: numbered must name at least one notebook, got none")
    n = len(numbered)
    return [("" if (i % n + i // n) % 2 == 0 else "ko/") + numbered[i % n] for i in range(count)]


def choose_control(widgets: Sequence[dict]) -> tuple[str, dict] | None:
    """The first slider among an explorer's widget models, and the state update that moves it:
    (model id, {"value": new}), or (model id, {"index": new}) for a dropdown when there is no
    slider. widgets: the models' states in the order the kernel opened them, each with its id
    under "comm_id". None if there is nothing to move.

    A slider goes three quarters of the way from its minimum to its maximum (a quarter if it is
    there already), snapped to its step; a FloatLogSlider's min and max are exponents of its base.
    A dropdown picks the next option (ipywidgets 8 syncs its index, not its value)."""
    for state in widgets:
        model = state.get("_model_name", "")
        if model in ("IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"):
            low, high, step = state["min"], state["max"], state.get("step") or 0
            if high <= low:
                continue
            base = state.get("base", 10) if model == "FloatLogSliderModel" else None
            current = math.log(state["value"], base) if base else state["value"]
            for fraction in (0.75, 0.25):
                new = low + (high - low) * fraction
                if step:
                    new = low + round((new - low) / step) * step
                if abs(new - current) > 1e-9 * max(1.0, abs(high - low)):
                    break
            if model == "IntSliderModel":
                new = int(round(new))
            return state["comm_id"], {"value": base**new if base else new}
    for state in widgets:
        if state.get("_model_name") == "DropdownModel" and len(state.get("_options_labels", ())) > 1:
            index = state.get("index") or 0
            return state["comm_id"], {"index": (index + 1) % len(state["_options_labels"])}
    return None


@dataclass
class Result:
    """One learner's run: seconds to a running server and to the last cell, the explorer's
    answer to a moved control, the peak memory of the learner's processes, and any error."""

    learner: str
    notebook: str
    server_s: float | None = None
    notebook_s: float | None = None
    control_ms: float | None = None
    peak_mib: float = 0.0
    cells: int = 0
    error: str = ""
    finished: bool = False  # every step done, the server and its processes gone


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(results: Sequence[Result]) -> str:
    """The results as a fixed-width text table, one learner per line."""
    rows = [("learner", "notebook", "cells", "server start s", "notebook s", "control ms", "peak MiB", "error")]
    for r in results:
        rows.append((r.learner, r.notebook, str(r.cells), _num(r.server_s, 1), _num(r.notebook_s, 1),
                     _num(r.control_ms, 0), _num(r.peak_mib, 0), r.error or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
                     for row in rows)


def summary_line(results: Sequence[Result], node_peak_mib: float) -> str:
    """`hub load test: N learners, F failures, server start p50/p95 S1/S2 s, notebook p50/p95 T1/T2 s,
    peak per learner M MiB, node peak P MiB`: percentiles over the learners that got that far
    ("-" if none did), M the largest learner's peak."""
    def p50_p95(values: list[float]) -> str:
        if not values:
            return "-/-"
        p50, p95 = np.percentile(values, [50, 95])  # linear between the two nearest ranks
        return f"{p50:.1f}/{p95:.1f}"

    failures = sum(1 for r in results if r.error)
    starts = [r.server_s for r in results if r.server_s is not None]
    runs = [r.notebook_s for r in results if r.notebook_s is not None]
    peak = max((r.peak_mib for r in results), default=0.0)
    return (f"hub load test: {len(results)} learners, {failures} failures, server start p50/p95 {p50_p95(starts)} s, "
            f"notebook p50/p95 {p50_p95(runs)} s, peak per learner {peak:.0f} MiB, node peak {node_peak_mib:.0f} MiB")


def numbered_notebooks(folder: Path) -> list[str]:
    """The course's numbered notebooks (NN_*.ipynb) in `folder`, in course order."""
    names = sorted(p.name for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        raise FileNotFoundError(f"no numbered notebooks (NN_*.ipynb) in {folder}")
    return names
