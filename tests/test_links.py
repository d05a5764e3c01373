"""The repository's address lives in one place, pyproject.toml: every badge and every Colab install
line agrees with it (tools/links.py writes them: `make links`)."""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import links  # noqa: E402
from korean_edition import source_hash  # noqa: E402

PROJECT = links.Project.from_pyproject()
NOTEBOOKS = sorted(ROOT.glob("notebooks/[0-9][0-9]_*.ipynb")) + sorted(ROOT.glob("notebooks/ko/[0-9][0-9]_*.ipynb"))


def test_every_badge_and_install_line_agrees_with_pyproject():
    changed, problems = links.rewritten(PROJECT)
    assert not problems
    assert not changed, f"disagree with pyproject.toml (run `make links`): {[str(p) for p in changed]}"


def test_a_new_address_in_pyproject_rewrites_every_notebook_and_both_course_maps():
    fork = links.Project(PROJECT.name, "https://github.com/someone/fork")
    changed, problems = links.rewritten(fork)
    assert not problems
    assert set(changed) == set(NOTEBOOKS) | set(links.READMES)
    for path in NOTEBOOKS:
        assert PROJECT.url not in changed[path]
        nb = nbformat.reads(changed[path], as_version=4)
        assert nb.cells[0].source.count("someone/fork") == 2  # the Colab and the Binder badge
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert f'"{PROJECT.name} @ git+https://github.com/someone/fork"' in first_code.source
    for readme in links.READMES:
        assert changed[readme].count("someone/fork") == 2 * 9  # two badges in each row of the course map


def test_the_korean_stamps_follow_a_rewritten_english_cell():
    fork = links.Project(PROJECT.name, "https://github.com/someone/fork")
    changed, _ = links.rewritten(fork)
    en = nbformat.reads(changed[ROOT / "notebooks/03_gradient_descent.ipynb"], as_version=4)
    ko = nbformat.reads(changed[ROOT / "notebooks/ko/03_gradient_descent.ipynb"], as_version=4)
    for i in (0, 1):  # the title and the first code cell
        assert ko.cells[i].metadata["ko"]["en_sha"] == source_hash(en.cells[i].source)


def test_the_addresses_follow_colab_and_binder_formats():
    project = links.Project("dist", "https://github.com/owner/repo")
    assert project.colab("ko/05_x.ipynb") == (
        "https://colab.research.google.com/github/owner/repo/blob/main/notebooks/ko/05_x.ipynb")
    assert project.binder("ko/05_x.ipynb") == "https://mybinder.org/v2/gh/owner/repo/HEAD?labpath=notebooks%2Fko%2F05_x.ipynb"
    assert project.install_line() == '%pip install --quiet "dist @ git+https://github.com/owner/repo"'


@pytest.mark.parametrize("url", ["https://gitlab.com/o/r", "github.com/o/r", "https://github.com/o"])
def test_an_address_that_is_not_a_github_repository_is_refused(url):
    with pytest.raises(ValueError, match="Repository must be https://github.com/<owner>/<repo>"):
        links.Project("dist", url)


def test_a_notebook_without_an_install_line_is_reported():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 09 · New"),
                                         nbformat.v4.new_code_cell("%matplotlib inline")])
    (problem,) = links.update_notebook(nb, "09_new.ipynb", PROJECT)
    assert "09_new.ipynb: the first code cell has no Colab install line" in problem
    assert nb.cells[0].source.startswith("# 09 · New\n\n[![Open in Colab]")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_the_course_is_installed_only_in_colab_and_before_gdlib_is_imported(path):
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code").source
    guarded = re.search(r'^if "google\.colab" in sys\.modules:.*\n    (%pip install --quiet .*)$', first, re.M)
    assert guarded and guarded.group(1) == PROJECT.install_line()
    assert first.count("%pip") == 1 and first.index("%pip") < first.index("import gdlib")
