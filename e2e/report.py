"""What the browser test saw, per notebook: printed at the end of the run and saved to
_build/e2e/report.txt."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class NotebookRecord:
    name: str
    outcome: str = "FAIL"
    timings: dict[str, float] = field(default_factory=dict)
    explorers: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)
    searched: bool = False  # looked for explorers (the notebook ran without errors)


@dataclass
class Results:
    notebooks: list[NotebookRecord] = field(default_factory=list)
    server_start: float = 0.0
    server_stop: float = 0.0
    browser: str = ""
    leftovers: str = ""


RESULTS = Results()


def summary_lines() -> list[str]:
    r = RESULTS
    lines = [f"server start {r.server_start:.1f}s, stop {r.server_stop:.1f}s; browser {r.browser}"]
    total = 0.0
    for nb in r.notebooks:
        t = nb.timings
        total += t.get("total", 0.0)
        phases = "  ".join(f"{k} {v:4.1f}s" for k, v in t.items() if k != "total")
        n_controls = sum(len(e.controls) for e in nb.explorers)
        n_changed = sum(1 for e in nb.explorers for c in e.controls if not c.note)
        if nb.explorers:
            what = f"{len(nb.explorers)} explorer(s), {n_changed} of {n_controls} control(s) changed"
        elif nb.searched:
            what = "no explorer: ran every cell and checked for errors only"
        else:
            what = ""
        lines.append(f"{nb.outcome:4} {nb.name:40} {t.get('total', 0.0):5.1f}s  ({phases})  {what}")
        for e in nb.explorers:
            lines.append(f"       {e.name()}:")
            for c in e.controls:
                lines.append(f"         {c.line()}")
        for note in nb.notes:
            lines.append(f"       note: {note}")
        for shot in nb.screenshots:
            lines.append(f"       screenshot: {shot}")
    lines.append(f"notebooks: {len(r.notebooks)}, {total:.1f}s in the notebooks")
    if r.leftovers:
        lines.append(f"LEFT RUNNING (ended by pid):\n{r.leftovers}")
    return lines
