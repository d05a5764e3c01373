"""Sphinx extension of the course site: the page tree, the edition switch, and notebooks shown offline.

- The English README is the home page; a hidden table of contents appended to it (and to the
  Korean README for the Korean notebooks) gives the sidebar its order without changing the files.
- Notebooks pass through site_rules.prepare_notebook while Sphinx reads them (explorers as their
  static snapshot, solutions folded).
- Pages of the Korean edition get lang="ko"; every page that has a twin in the other edition gets
  a link to it in its header (web/_templates/edition-switch.html).
- An image from another host (a badge, say) would be loaded by the reader's browser: it is shown as
  its alt text instead, inside the same link, so the site loads nothing from elsewhere.
- NanumGothic (from the koreanize-matplotlib package the course already installs) is copied into
  _static/fonts, so Hangul shows even where the reader's system has no Korean font.
"""

import importlib.util
import re
import shutil
from pathlib import Path

from docutils import nodes
from site_rules import REMOTE_IMG, is_korean, other_edition, prepare_notebook, remote_images_as_text
from sphinx.transforms import SphinxTransform

REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
FONTS = ["NanumGothic.ttf", "NanumGothicBold.ttf"]
# what the pages use of the MathJax 3 copy in sphinx-mathjax-offline: the tex-chtml component and what
# it loads on demand (TeX extensions, fonts, the menu's accessibility and renderer options). Left out:
# the other combined components, node-only files, and latest.js, which asks CDNs for a newer MathJax.
MATHJAX_FILES = ["tex-chtml.js", "a11y", "input", "output", "sre", "ui"]


def _toctree(caption: str, entries: list[str]) -> str:
    lines = "\n".join(entries)
    return f"\n\n```{{toctree}}\n:hidden:\n:caption: {caption}\n\n{lines}\n```\n"


def _notebooks(found_docs, folder: str) -> list[str]:
    """The numbered notebooks directly in `folder`, in course order."""
    names = [d[len(folder):] for d in found_docs if d.startswith(folder)]
    return sorted(folder + name for name in names if "/" not in name and name[:2].isdigit())


def add_page_tree(app, docname, source):
    """Append the hidden tables of contents to the two READMEs, and prepare every notebook."""
    env = app.env
    if env.doc2path(docname).suffix == ".ipynb":
        source[0] = prepare_notebook(source[0], "ko" if is_korean(docname) else "en")
    elif docname == "README":
        extra = [d for d in ("notebooks/glossary", "assets/README") if d in env.found_docs]
        source[0] += _toctree("Course", _notebooks(env.found_docs, "notebooks/"))
        source[0] += _toctree("Reference", extra)
        if "README.ko" in env.found_docs:
            source[0] += _toctree("한국어판 (Korean edition)", ["README.ko"])
    elif docname == "README.ko":
        source[0] += _toctree("강의 노트북", _notebooks(env.found_docs, "notebooks/ko/"))


class RemoteImagesAsText(SphinxTransform):
    """Replace an image from another host (markdown or raw HTML <img>) by its alt text."""

    default_priority = 200

    def apply(self):
        for image in list(self.document.findall(nodes.image)):
            if REMOTE.match(image.get("uri", "")):
                text = image.get("alt") or "image"
                image.replace_self(nodes.inline(text=text, classes=["remote-image"]))
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and REMOTE_IMG.search(raw.astext()):
                raw.replace_self(nodes.raw("", remote_images_as_text(raw.astext()), format="html"))


def page_context(app, pagename, templatename, context, doctree):
    """lang="ko" on the Korean edition's pages; the link to this page in the other edition."""
    korean = is_korean(pagename)
    if korean:
        context["language"] = "ko"
    twin = other_edition(pagename)
    if twin and twin in app.env.found_docs:
        context["edition_link"] = {
            "href": context["pathto"](twin),
            "label": "English" if korean else "한국어",
            "title": "Read this page in English" if korean else "이 페이지를 한국어로 읽기",
            "lang": "en" if korean else "ko",
        }


def _package_folder(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise RuntimeError(f"the site needs the {name} package: make html installs it (pip install -e '.[site]')")
    return Path(folders[0])


def finish_static(app, exception):
    """MathJax and the Hangul font into _static; the themes' Jinja macro files out of it (they are
    templates the themes keep beside their assets, not pages, and would show as broken pages)."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for macros in static.glob("*macros.html"):
        macros.unlink()
    mathjax = _package_folder("sphinx-mathjax-offline") / "static" / "mathjax"
    for name in MATHJAX_FILES:
        source, target = mathjax / name, static / "mathjax" / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    # NanumGothic from koreanize-matplotlib, found without importing it (that changes matplotlib's settings)
    source = _package_folder("koreanize_matplotlib") / "fonts"
    target = static / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        shutil.copyfile(source / name, target / name)


def setup(app):
    app.connect("source-read", add_page_tree)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", finish_static)
    app.add_transform(RemoteImagesAsText)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
