"""make bench: every speed and memory goal of the course, measured and printed beside its goal.

    python tools/bench.py             everything (a few minutes on 2 cores)
    python tools/bench.py --quick     skip the test-suite timing

What it measures, each in the setting a learner or a maintainer has:
  - explorers: for every explorer the notebooks build and every control, the time from setting
    the control's value to the new figure and readout being in the output area (median and p90
    of 20 changes), in a real kernel with the inline backend, after running the notebook's cells;
  - notebooks: each notebook's run time top to bottom in a fresh kernel and the kernel's peak
    resident memory (VmHWM, Linux); and the time of each cell that shows an explorer (its first
    drawing: what a learner waits for before the first slider works);
  - the warm test suite: the time of `make test`'s pytest run with the environment in place;
  - the loop: descend's time per step against a bare numpy loop (2-D problem); a full-batch
    least-squares step against the two matrix-vector products it needs; Adam.step against
    torch.optim.Adam when torch is installed.
The machine's core count and load are recorded with the figures, because on a shared or busy
machine the times grow: compare figures measured on an otherwise idle machine. Writes
_build/bench.json. This is a benchmark, not a test: nothing fails, it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient
from run_notebooks import KERNEL_NAME, CurrentEnvKernelSpecManager

ROOT = Path(__file__).resolve().parents[1]
GOALS = {
    "explorer_median_ms": 100.0,
    "explorer_p90_ms": 150.0,
    "notebook_peak_mib": 200.0,
    "suite_s": 60.0,
    "descend_overhead": 2.0,
    "lstsq_step_vs_matvecs": 2.0,
}
REPEATS = 20
WIDGET = "application/vnd.jupyter.widget-view+json"  # the output of a cell that shows an explorer

# Runs inside the notebook's kernel after all its cells: time every control of every explorer.
TIME_EXPLORERS = r"""
import gc as _gc, json as _json, time as _time
import ipywidgets as _w
from gdlib.widgets import Explorer as _Explorer

def _other_value(c):
    if isinstance(c, _w.SelectMultiple):
        opts = list(c.options)
        chosen = list(c.value)
        extra = next((o for o in opts if o not in chosen), None)
        return tuple(chosen + [extra]) if extra is not None else tuple(chosen[:-1])
    if hasattr(c, "options"):
        opts = [o[1] if isinstance(o, tuple) else o for o in c.options]
        return next(o for o in opts if o != c.value)
    if isinstance(c, _w.FloatLogSlider):
        return c.base ** (_math.log(c.value, c.base) + 2 * c.step if _math.log(c.value, c.base) + 2 * c.step <= c.max
                          else _math.log(c.value, c.base) - 2 * c.step)
    if isinstance(c, (_w.FloatSlider, _w.IntSlider)):
        return c.value + 2 * c.step if c.value + 2 * c.step <= c.max else c.value - 2 * c.step
    if isinstance(c, (_w.Checkbox, _w.ToggleButton)):
        return not c.value
    raise TypeError(type(c).__name__)

import math as _math
_seen, _out = set(), []
for _ex in [o for o in _gc.get_objects() if isinstance(o, _Explorer)]:
    if id(_ex) in _seen:
        continue
    _seen.add(id(_ex))
    for _name, _c in _ex.controls.items():
        if getattr(_c, "disabled", False):
            continue
        _a, _b = _c.value, _other_value(_c)
        _times = []
        for _k in range(__REPEATS__):
            _t0 = _time.perf_counter()
            _c.value = _b if _k % 2 == 0 else _a
            _times.append(_time.perf_counter() - _t0)
        _c.value = _a
        _out.append({"explorer": _ex.title or type(_ex).__name__, "control": _c.description or _name,
                     "times_ms": [1000 * t for t in _times]})
print("BENCH" + _json.dumps(_out))
"""


def peak_rss_mib(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM) in MiB, or None where /proc is not there."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def bench_notebook(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name=KERNEL_NAME,
                            resources={"metadata": {"path": str(path.parent)}})
    client.km = client.kernel_manager_class(kernel_name=KERNEL_NAME, kernel_spec_manager=CurrentEnvKernelSpecManager())
    result: dict = {"notebook": path.name}
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        t0 = time.perf_counter()
        result["explorer_cells_s"] = []
        for index, cell in enumerate(nb.cells):
            t_cell = time.perf_counter()
            client.execute_cell(cell, index)
            if cell.cell_type == "code" and any(WIDGET in o.get("data", {}) for o in cell.outputs):
                result["explorer_cells_s"].append(time.perf_counter() - t_cell)
        result["run_s"] = time.perf_counter() - t0
        result["peak_mib"] = peak_rss_mib(pid)
        timing = nbformat.v4.new_code_cell(TIME_EXPLORERS.replace("__REPEATS__", str(REPEATS)))
        nb.cells.append(timing)
        client.execute_cell(timing, len(nb.cells) - 1)
        text = "".join(o.get("text", "") for o in timing.outputs if o.get("output_type") == "stream")
        controls = json.loads(text[text.index("BENCH") + 5:]) if "BENCH" in text else []
        for c in controls:
            ms = sorted(c.pop("times_ms"))
            c["median_ms"] = statistics.median(ms)
            c["p90_ms"] = ms[int(round(0.9 * (len(ms) - 1)))]
        result["controls"] = controls
    return result


def bench_loop() -> dict:
    """descend and a least-squares step against the numpy they are made of (best of 5)."""
    sys.path.insert(0, str(ROOT))
    from gdlib import losses, optim

    def best(fn, repeat=5):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    A = np.array([[3.0, 0.5], [0.5, 1.0]])
    x0, steps = np.array([1.0, -2.0]), 20_000

    def grad(x):
        return A @ x

    def bare():
        x = x0.copy()
        for _ in range(steps):
            x = x - 0.01 * grad(x)

    def interleaved(a, b, rounds=11):
        """best of `rounds` for a and for b, run by turns: on a shared machine both meet the same
        moments of load (five runs of one, then five of the other, let a burst of load fall on
        one side only and moved the ratio by a third)"""
        ta, tb = [], []
        for _ in range(rounds):
            ta.append(best(a, repeat=1))
            tb.append(best(b, repeat=1))
        return min(ta), min(tb)

    t_descend, t_bare = interleaved(lambda: optim.descend(grad, x0, optim.GradientDescent(0.01), steps), bare)
    overhead = t_descend / t_bare

    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20_000, 50)), rng.standard_normal(20_000)
    w, n_steps = np.zeros(50), 50

    def matvecs():
        for _ in range(n_steps):
            r = X @ w - y
            X.T @ r

    step_time = best(lambda: optim.descend(lambda v: losses.linear_mse_grad(v, X, y), w, optim.GradientDescent(1e-3),
                                           n_steps), repeat=3)
    out = {"descend_overhead": overhead, "lstsq_step_vs_matvecs": step_time / best(matvecs, repeat=3)}
    try:
        import torch
    except ImportError:
        out["adam_step_vs_torch"] = None
        return out
    d, k = 1000, 2000
    g = np.random.default_rng(1).standard_normal(d)
    rule = optim.Adam(1e-3)

    def ours():
        rule.reset()
        v = np.zeros(d)
        for _ in range(k):
            v = rule.step(v, g)

    p = torch.zeros(d, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([p], lr=1e-3)
    tg = torch.from_numpy(g)

    def theirs():
        for _ in range(k):
            p.grad = tg
            opt.step()

    out["adam_step_vs_torch"] = best(ours) / best(theirs)
    return out


def bench_suite() -> float:
    cmd = [sys.executable, "-m", "pytest", "tests", "notebooks", "--nbval", "--nbval-current-env",
           "--nbval-sanitize-with", "tests/sanitize.cfg", "-q", "-n", "auto", "--dist", "loadscope", "-p",
           "no:cacheprovider"]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t0


def verdict(value, goal) -> str:
    return "—" if value is None else ("ok" if value <= goal else "MISSED")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the test-suite timing")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    machine = {"cores": os.cpu_count(), "load_before": os.getloadavg(), "python": platform.python_version(),
               "when": time.strftime("%Y-%m-%d %H:%M")}
    notebooks = [bench_notebook(p) for p in paths]
    loop = bench_loop()
    suite = None if args.quick else bench_suite()
    machine["load_after"] = os.getloadavg()

    lines = [f"machine: {machine['cores']} cores, load {machine['load_before'][0]:.2f} before and "
             f"{machine['load_after'][0]:.2f} after (1-minute average), Python {machine['python']}", ""]
    lines.append(f"{'explorer · control':<68} {'median':>8} {'p90':>8}   goal ≤ {GOALS['explorer_median_ms']:.0f} / "
                 f"{GOALS['explorer_p90_ms']:.0f} ms")
    for nb in notebooks:
        for c in nb["controls"]:
            ok = c["median_ms"] <= GOALS["explorer_median_ms"] and c["p90_ms"] <= GOALS["explorer_p90_ms"]
            label = f"{nb['notebook'][:2]} {c['explorer'][:36]} · {c['control']}"
            lines.append(f"{label[:68]:<68} {c['median_ms']:6.0f}ms {c['p90_ms']:6.0f}ms   {'ok' if ok else 'MISSED'}")
    lines.append("")
    lines.append(f"{'notebook':<40} {'run':>8} {'peak RSS':>10}   goal ≤ {GOALS['notebook_peak_mib']:.0f} MiB"
                 "   explorer cells (first drawing)")
    for nb in notebooks:
        peak = nb["peak_mib"]
        cells = " ".join(f"{1000 * t:.0f}" for t in nb["explorer_cells_s"])
        lines.append(f"{nb['notebook']:<40} {nb['run_s']:7.1f}s {peak or float('nan'):8.0f}MiB   "
                     f"{verdict(peak, GOALS['notebook_peak_mib']):<6}   {cells + ' ms' if cells else ''}")
    lines.append("")
    if suite is not None:
        lines.append(f"warm test suite (pytest tests + nbval, -n auto): {suite:.0f} s   "
                     f"goal ≤ {GOALS['suite_s']:.0f} s   {verdict(suite, GOALS['suite_s'])}")
    lines.append(f"descend per step / bare numpy loop (2-D): {loop['descend_overhead']:.2f}x   goal ≤ "
                 f"{GOALS['descend_overhead']:.0f}x   {verdict(loop['descend_overhead'], GOALS['descend_overhead'])}")
    lines.append(f"full-batch least-squares step / its two matrix-vector products (20000 × 50): "
                 f"{loop['lstsq_step_vs_matvecs']:.2f}x   goal ≤ {GOALS['lstsq_step_vs_matvecs']:.0f}x   "
                 f"{verdict(loop['lstsq_step_vs_matvecs'], GOALS['lstsq_step_vs_matvecs'])}")
    adam = loop["adam_step_vs_torch"]
    lines.append("Adam.step / torch.optim.Adam.step (d = 1000): "
                 + ("torch not installed" if adam is None else f"{adam:.2f}x (for information)"))
    print("\n".join(lines))
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": machine, "goals": GOALS, "notebooks": notebooks, "loop": loop,
                               "suite_s": suite}, indent=1))
    print(f"\nwritten: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
