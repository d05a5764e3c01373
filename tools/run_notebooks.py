"""Re-execute notebooks in place, top to bottom in a fresh kernel, and normalise them.

    python tools/run_notebooks.py notebooks/*.ipynb        (what `make notebooks` runs)
    python tools/run_notebooks.py --check notebooks/*.ipynb  exit 1 if a file would change

The kernel is this Python (the project's .venv), whatever kernelspecs the user has.
Normalising removes what changes from run to run without meaning anything, so an
unchanged checkout stays clean in git:
  - per-cell execution timing and the notebook's widget state,
  - widget model ids in outputs (set to "": JupyterLab then hides the stale view
    instead of showing "Error displaying widget: model not found"),
  - the Python patch version in language_info,
  - stream outputs split differently by the kernel's flush timer (merged),
  - figures that are the same picture up to a few anti-aliased pixels (the stored PNG is kept).
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
from pathlib import Path

import nbformat
import numpy as np
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient

KERNEL_NAME = "python3"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class CurrentEnvKernelSpecManager(KernelSpecManager):
    """Resolve 'python3' to this interpreter, ignoring user-level kernelspecs."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
            name=KERNEL_NAME,
        )


def merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks: the kernel flushes on a timer, so one
    print can arrive in two pieces on one run and in one piece on the next."""
    merged: list = []
    for output in outputs:
        if (merged and output.get("output_type") == "stream" and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] += output["text"]
        else:
            merged.append(output)
    return merged


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {k: v for k, v in info.items() if k != "version"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output["data"][WIDGET_VIEW]["model_id"] = ""
    return nb


MAX_CHANGED_PIXELS = 16  # anti-aliasing noise between machines: a changed digit alone changes 30 or more


def same_picture(old_png: str, new_png: str, max_pixels: int = MAX_CHANGED_PIXELS) -> bool:
    """True if two base64 PNGs show the same picture up to a few anti-aliased pixels: the same
    size, and at most max_pixels pixels whose colour differs at all (by more than 1/255)."""
    if old_png == new_png:
        return True
    from matplotlib.image import imread  # only when two stored figures differ

    old, new = (imread(io.BytesIO(base64.b64decode(p)), format="png") for p in (old_png, new_png))
    if old.shape != new.shape:
        return False
    changed = np.abs(old.astype(float) - new.astype(float)) > 1.5 / 255
    if changed.ndim == 3:
        changed = changed.any(axis=2)
    return int(changed.sum()) <= max_pixels


def keep_unchanged_pictures(old: nbformat.NotebookNode, new: nbformat.NotebookNode) -> int:
    """Put the stored PNG back wherever the new one is the same picture (see same_picture), so
    a re-run on another machine leaves the file unchanged; returns how many were kept."""
    kept = 0
    if len(old.cells) != len(new.cells):
        return kept
    for old_cell, new_cell in zip(old.cells, new.cells, strict=True):
        if new_cell.cell_type != "code" or old_cell.cell_type != "code" or old_cell.source != new_cell.source:
            continue
        for old_out, new_out in zip(old_cell.get("outputs", []), new_cell.get("outputs", []), strict=False):
            old_png = old_out.get("data", {}).get("image/png")
            new_png = new_out.get("data", {}).get("image/png")
            if old_png and new_png and old_png != new_png and same_picture(old_png, new_png):
                new_out["data"]["image/png"] = old_png
                kept += 1
    return kept


def execute(path: Path, timeout: int = 600, cwd: Path | None = None,
            kernel_arguments: list[str] | None = None) -> nbformat.NotebookNode:
    """Run every cell of the notebook at path in a fresh kernel; the kernel starts in cwd (by default
    the notebook's folder), with kernel_arguments added to its command line."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd or path.parent)}},  # the kernel's working folder
        record_timing=False,
        store_widget_state=True,  # nbclient 0.11 needs it to capture Output widgets; normalise() drops it
        kernel_manager_class="jupyter_client.manager.KernelManager",
        extra_arguments=kernel_arguments or [],
    )
    client.km = client.kernel_manager_class(kernel_name=KERNEL_NAME, kernel_spec_manager=CurrentEnvKernelSpecManager())
    client.execute()
    return normalise(nb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="do not write; fail if a notebook would change")
    args = parser.parse_args(argv)
    changed = []
    for path in args.notebooks:
        before = path.read_text(encoding="utf-8")
        nb = execute(path)
        keep_unchanged_pictures(nbformat.reads(before, as_version=4), nb)
        after = nbformat.writes(nb) + "\n"
        if after != before:
            changed.append(path)
            if not args.check:
                path.write_text(after, encoding="utf-8")
        print(f"{'changed' if after != before else 'unchanged'}: {path}")
    if args.check and changed:
        print(f"{len(changed)} notebook(s) are not up to date; run `make notebooks`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
