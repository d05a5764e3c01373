"""How the course's files are shown on the static site: which notebook outputs are dropped, which
cells fold, which page is whose twin in the other edition, what becomes of an image from another host.

Pure functions (no Sphinx), used by site_pages.py (the Sphinx extension) while Sphinx reads and
writes the pages, by build_site.py and by tests/test_site.py.
"""

import html
import json
import re

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KOREAN_EDITION = "notebooks/ko/"

# the <details> summary of a folded solution cell, per edition
SOLUTION_PROMPTS = {
    "en": {"code_prompt_show": "Show the solution", "code_prompt_hide": "Hide the solution"},
    "ko": {"code_prompt_show": "풀이 보기", "code_prompt_hide": "풀이 숨기기"},
}


def is_korean(docname: str) -> bool:
    """True for a page of the Korean edition (its README or a notebook under notebooks/ko/)."""
    return docname == "README.ko" or docname.startswith(KOREAN_EDITION)


def other_edition(docname: str) -> str | None:
    """The same page in the other edition (README <-> README.ko, notebooks/NN <-> notebooks/ko/NN), or None."""
    if docname == "README":
        return "README.ko"
    if docname == "README.ko":
        return "README"
    if docname.startswith(KOREAN_EDITION):
        return "notebooks/" + docname[len(KOREAN_EDITION):]
    if docname.startswith("notebooks/") and docname[len("notebooks/"):][:2].isdigit():
        return KOREAN_EDITION + docname[len("notebooks/"):]
    return None


def prepare_notebook(text: str, language: str = "en") -> str:
    """The notebook JSON `text` as the site shows it.

    - A live explorer's output is a widget view: with no kernel it has nothing to show but its
      text repr (`VBox(children=(HTML(...`), so it is dropped; the next cell's stored snapshot
      (readout and figure) is what the page shows.
    - A solution cell (tag `solution`, folded in JupyterLab by its `jupyter.source_hidden` and
      `outputs_hidden` metadata) is folded on the page too, source and output, in one <details>.
    """
    if language not in SOLUTION_PROMPTS:
        raise ValueError(f"language must be one of {sorted(SOLUTION_PROMPTS)}, got {language!r}")
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"] = [out for out in cell.get("outputs", []) if WIDGET_VIEW not in out.get("data", {})]
        metadata = cell.setdefault("metadata", {})
        tags = metadata.get("tags", [])
        if "solution" in tags:
            metadata["tags"] = [*tags, "hide-cell"]
            metadata["mystnb"] = {**metadata.get("mystnb", {}), **SOLUTION_PROMPTS[language]}
    return json.dumps(nb, ensure_ascii=False)


REMOTE_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']?(?:[a-z][a-z0-9+.-]*:)?//[^>]*>""", re.I)
ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def remote_images_as_text(fragment: str) -> str:
    """Raw HTML with every <img> from another host (a badge, say) replaced by its alt text, so the
    reader's browser fetches nothing from elsewhere; a link around it stays a link."""

    def alt_text(match: re.Match) -> str:
        alt = ALT.search(match.group(0))
        text = html.unescape(next((g for g in alt.groups() if g is not None), "")) if alt else ""
        return f'<span class="remote-image">{html.escape(text or "image")}</span>'

    return REMOTE_IMG.sub(alt_text, fragment)
