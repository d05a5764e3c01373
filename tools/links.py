"""Write the repository's address, kept in one place, everywhere a learner follows it.

    python tools/links.py           rewrite what disagrees (what `make links` runs)
    python tools/links.py --check   exit 1, naming each file, if one disagrees with pyproject.toml

The one place is pyproject.toml: [project.urls] Repository (a GitHub address) and [project].name
(the distribution). From them this writes
  - README.md and README.ko.md: an "Open in Colab" and a "Binder" badge in each course-map row
    (the column after the notebook's name);
  - every notebook of both editions: the same two badges on the line after the title, and the
    Colab install line of the first code cell,  %pip install --quiet "<name> @ git+<Repository>".
A Korean cell whose stamp matched its English cell before the rewrite is stamped again, so a new
address does not make the Korean edition look out of date (tools/korean_edition.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from korean_edition import source_hash  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
READMES = {ROOT / "README.md": False, ROOT / "README.ko.md": True}  # path: Korean?
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
ALT = {False: ("Open in Colab", "Binder"), True: ("Colab에서 열기", "Binder에서 열기")}

BADGE_LINE = re.compile(r"^\[!\[[^\]]*\]\(" + re.escape(COLAB_BADGE) + r"\)\].*$", re.M)
INSTALL_LINE = re.compile(r'^(?P<indent>[ \t]*)%pip install --quiet "[^"]*"[ \t]*$', re.M)
# a course-map row: | [`notebooks/NN_x.ipynb`](notebooks/NN_x.ipynb) | badges | ...; the badge cell may be missing
MAP_ROW = re.compile(r"^(?P<name>\| \[`notebooks/(?P<file>(?:ko/)?\d\d_\w+\.ipynb)`\]\([^)]*\) \|)"
                     r"(?P<badges> [^|\n]*" + re.escape(COLAB_BADGE) + r"[^|\n]* \|)?", re.M)


class Project:
    """The distribution's name and its GitHub repository, as pyproject.toml gives them."""

    def __init__(self, name: str, url: str) -> None:
        found = re.fullmatch(r"https://github\.com/([\w.\-]+)/([\w.\-]+?)/?", url)
        if not found:
            raise ValueError(f"[project.urls] Repository must be https://github.com/<owner>/<repo>, got {url!r}")
        self.name, self.url = name, url.rstrip("/")
        self.owner, self.repo = found.groups()

    @classmethod
    def from_pyproject(cls, path: Path = ROOT / "pyproject.toml") -> Project:
        project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
        return cls(project["name"], project["urls"]["Repository"])

    def colab(self, notebook: str) -> str:
        """Colab's address of notebooks/<notebook> on the main branch (notebook: "05_x.ipynb" or "ko/05_x.ipynb")."""
        return f"https://colab.research.google.com/github/{self.owner}/{self.repo}/blob/main/notebooks/{notebook}"

    def binder(self, notebook: str) -> str:
        """Binder's address: it builds the repository (environment.yml), opens notebooks/<notebook> in JupyterLab."""
        labpath = quote(f"notebooks/{notebook}", safe="")  # the slashes as %2F
        return f"https://mybinder.org/v2/gh/{self.owner}/{self.repo}/HEAD?labpath={labpath}"

    def badges(self, notebook: str, korean: bool) -> str:
        colab, binder = ALT[korean]
        return (f"[![{colab}]({COLAB_BADGE})]({self.colab(notebook)}) "
                f"[![{binder}]({BINDER_BADGE})]({self.binder(notebook)})")

    def install_line(self) -> str:
        return f'%pip install --quiet "{self.name} @ git+{self.url}"'


def update_notebook(nb: nbformat.NotebookNode, notebook: str, project: Project) -> list[str]:
    """Write the badges under the title and the install line into nb; returns its problems (none: [])."""
    korean = notebook.startswith("ko/")
    title = nb.cells[0]
    badges = project.badges(notebook, korean)
    if BADGE_LINE.search(title.source):
        title.source = BADGE_LINE.sub(lambda _: badges, title.source, count=1)
    else:  # first time: on its own line under the "# NN · Title" line
        heading, _, rest = title.source.partition("\n")
        title.source = f"{heading}\n\n{badges}\n{rest}"
    first_code = next(cell for cell in nb.cells if cell.cell_type == "code")
    if not INSTALL_LINE.search(first_code.source):
        return [f"notebooks/{notebook}: the first code cell has no Colab install line (%pip install --quiet \"...\")"]
    first_code.source = INSTALL_LINE.sub(lambda m: m["indent"] + project.install_line(), first_code.source, count=1)
    return []


def update_readme(text: str, korean: bool, project: Project) -> str:
    return MAP_ROW.sub(lambda m: f"{m['name']} {project.badges(m['file'], korean)} |", text)


def rewritten(project: Project) -> tuple[dict[Path, str], list[str]]:
    """({path: new text} for every file that would change, problems that a rewrite cannot fix)."""
    changed, problems = {}, []

    def keep(path: Path, before: str, after: str) -> None:
        if after != before:
            changed[path] = after

    for path, korean in READMES.items():
        text = path.read_text(encoding="utf-8")
        keep(path, text, update_readme(text, korean, project))
    for en_path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        ko_path = NOTEBOOKS / "ko" / en_path.name
        en_text, ko_text = en_path.read_text(encoding="utf-8"), ko_path.read_text(encoding="utf-8")
        en, ko = nbformat.reads(en_text, as_version=4), nbformat.reads(ko_text, as_version=4)
        old_hashes = [source_hash(cell.source) for cell in en.cells]
        problems += update_notebook(en, en_path.name, project) + update_notebook(ko, f"ko/{en_path.name}", project)
        for old_hash, en_cell, ko_cell in zip(old_hashes, en.cells, ko.cells, strict=False):
            stamp = ko_cell.metadata.get("ko", {})
            if stamp.get("en_sha") == old_hash:  # it translated the old English cell: it translates the new one
                stamp["en_sha"] = source_hash(en_cell.source)
        keep(en_path, en_text, nbformat.writes(en) + "\n")
        keep(ko_path, ko_text, nbformat.writes(ko) + "\n")
    return changed, problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = args == ["--check"]
    if args and not check:
        print(__doc__)
        return 2
    project = Project.from_pyproject()
    changed, problems = rewritten(project)
    for path, text in changed.items():
        if check:
            print(f"{path.relative_to(ROOT)} does not match pyproject.toml's {project.url}: run `make links`")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for problem in problems:
        print(problem)
    return 1 if problems or (check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
