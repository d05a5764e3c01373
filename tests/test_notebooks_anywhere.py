"""Every notebook runs from any working folder: its kernel starts in a scratch folder outside the
repository (as in Colab's /content, or papermill started from the repository's root) and must run
every cell without an error and without leaving a file behind. The data come with gdlib
(data.iris(), data.breast_cancer()), never from a path next to the notebook.

nbval (make test) compares the outputs; this run only proves that nothing depends on the folder,
so it skips drawing figures (InlineBackend.figure_formats = set(): no PNG is rendered), which
roughly halves a notebook's run time."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import execute  # noqa: E402

NOTEBOOKS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")) + sorted(ROOT.glob("notebooks/ko/[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def no_figures(tmp_path_factory):
    """Kernel arguments: an IPython folder whose kernel configuration renders no inline figures."""
    ipython_dir = tmp_path_factory.mktemp("ipython")
    (ipython_dir / "profile_default").mkdir()
    (ipython_dir / "profile_default" / "ipython_kernel_config.py").write_text(
        "c.InlineBackend.figure_formats = set()\n")
    return [f"--ipython-dir={ipython_dir}"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_the_notebook_runs_from_a_folder_outside_the_repository(path, tmp_path, no_figures):
    nb = execute(path, cwd=tmp_path, kernel_arguments=no_figures)  # raises on the first cell that fails
    assert not any(tmp_path.iterdir()), f"the notebook wrote {sorted(p.name for p in tmp_path.iterdir())}"
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not any("image/png" in o.get("data", {}) for o in outputs), "figures drawn: config not read"
