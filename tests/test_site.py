"""The static site's rules (tools/site_rules.py) and the checks that fail `make html` (tools/site_check.py).

The checks are fed small sites written here: each rule must catch the fault it names (a CDN script,
a web font from another host, raw $...$ math, a widget's text, an unfolded verdict) and pass a clean
page. The rules that shape the pages run on the real notebooks.
"""

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_site import hangul_share  # noqa: E402
from site_check import check_file, check_site, is_remote, js_references  # noqa: E402
from site_rules import (  # noqa: E402
    SOLUTION_PROMPTS,
    WIDGET_VIEW,
    is_korean,
    other_edition,
    prepare_notebook,
    remote_images_as_text,
)

CLEAN = """<!DOCTYPE html>
<html lang="en"><head>
<link rel="stylesheet" href="_static/site.css">
<script src="_static/mathjax/tex-chtml.js"></script>
</head><body>
<p>The slope is <span class="math notranslate nohighlight">\\(f'(x)\\)</span>; see
<a href="https://en.wikipedia.org/wiki/Derivative">Wikipedia</a> or <a href="page.html#top">the next page</a>.</p>
<pre>price = "$5" + "$6"</pre>
<p>A checker prints ✅ correct when your answer is right.</p>
<div class="cell_output docutils container"><pre>⏳ not attempted yet</pre></div>
<details class="admonition hide above-input"><summary>Show the solution</summary>
<div class="cell_output docutils container"><pre>✅ correct</pre></div></details>
<img src="_images/figure.png" alt="a figure">
</body></html>
"""


def make_site(tmp_path: Path, index: str = CLEAN, **files: str) -> Path:
    site = tmp_path / "html"
    (site / "_static" / "mathjax").mkdir(parents=True)
    (site / "_images").mkdir()
    (site / "_images" / "figure.png").write_bytes(b"\x89PNG")
    (site / "_static" / "site.css").write_text("body { background: url('../_images/figure.png'); }")
    (site / "_static" / "mathjax" / "tex-chtml.js").write_text("var x = 1;")
    (site / "page.html").write_text("<html><body>next</body></html>")
    (site / "index.html").write_text(index, encoding="utf-8")
    for name, text in files.items():
        path = site / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def with_body(extra: str) -> str:
    return CLEAN.replace("</body>", extra + "\n</body>")


# --- nothing from another host ---------------------------------------------------------------------

def test_a_clean_site_passes(tmp_path):
    assert check_site(make_site(tmp_path)) == []


def test_a_cdn_script_fails_the_site(tmp_path):
    site = make_site(tmp_path, with_body('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js">'
                                         "</script>"))
    problems = check_site(site)
    assert len(problems) == 1
    assert "index.html" in problems[0] and "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js" in problems[0]


@pytest.mark.parametrize("fault", [
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
    '<link rel="preload" as="script" href="//unpkg.com/@jupyter-widgets/html-manager/dist/embed-amd.js">',
    '<img src="http://example.org/badge.svg" alt="badge">',
    '<img srcset="_images/figure.png 1x, https://example.org/big.png 2x" alt="figure">',
    '<iframe src="https://www.youtube.com/embed/x"></iframe>',
    '<div style="background: url(https://example.org/bg.png)"></div>',
    "<style>@import url('https://fonts.googleapis.com/css2?family=Inter');</style>",
    '<script>var s = document.createElement("script"); s.src = "https://cdn.example.com/a.js";</script>',
])
def test_every_way_of_loading_from_another_host_is_caught(tmp_path, fault):
    problems = check_site(make_site(tmp_path, with_body(fault)))
    assert len(problems) == 1 and "from another host" in problems[0], problems


@pytest.mark.parametrize("name, text", [
    ("_static__theme.css", "@font-face { src: url(https://fonts.gstatic.com/s/inter.woff2); }"),
    ("_static__theme.css", '@import "//fonts.googleapis.com/css?family=Lato";'),
    ("_static__loader.js", 'const tag = `<script src="https://cdn.jsdelivr.net/npm/x.js"></script>`;'),
    ("_static__loader.js", 'el.style.background = "url(//cdn.example.com/x.png)";'),
])
def test_stylesheets_and_scripts_are_scanned_too(tmp_path, name, text):
    problems = check_site(make_site(tmp_path, **{name: text}))
    assert len(problems) == 1 and "from another host" in problems[0], problems


def test_a_link_the_reader_clicks_loads_nothing(tmp_path):
    page = with_body('<a href="https://colab.research.google.com/github/x/y">Open in Colab</a>'
                     '<script>menu.about = \'<a href="https://www.mathjax.org">www.mathjax.org</a>\';</script>')
    assert check_site(make_site(tmp_path, page)) == []
    assert js_references('x = \'<a href="https://www.mathjax.org">\'') == [("https://www.mathjax.org", True)]
    assert js_references('img.src = "https://a.org/x.png"') == [("https://a.org/x.png", False)]


def test_references_to_missing_or_outside_files_fail(tmp_path):
    site = make_site(tmp_path, with_body('<img src="_images/gone.png" alt=""><a href="notebooks/01.html">01</a>'
                                         '<script src="../outside.js"></script><img src="/abs.png" alt="">'))
    problems = check_site(site)
    assert len(problems) == 4, problems
    assert sum("does not have" in p for p in problems) == 2
    assert sum("outside the site" in p for p in problems) == 2


@pytest.mark.parametrize("url, remote", [
    ("https://cdn.jsdelivr.net/x.js", True), ("//unpkg.com/x", True), ("HTTP://EXAMPLE.ORG", True),
    ("ftp://x.org/a", True), ("file:///etc/passwd", True), ("_static/x.js", False), ("../a.html#b", False),
    ("data:image/png;base64,AAAA", False), ("mailto:a@b.c", False), ("#section", False),
])
def test_what_counts_as_another_host(url, remote):
    assert is_remote(url) is remote


def test_a_folder_without_a_site_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="index.html"):
        check_site(tmp_path)


# --- what a page shows -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["<p>the error shrinks like $h^2$ here</p>",
                                 "<p>$$f'(x) = \\lim_{h \\to 0} \\frac{f(x+h)-f(x)}{h}$$</p>",
                                 "<li>a step $x_{k+1} = x_k - \\alpha g_k$</li>"])
def test_raw_math_fails(tmp_path, raw):
    problems = check_site(make_site(tmp_path, with_body(raw)))
    assert len(problems) == 1 and "raw math" in problems[0], problems


def test_dollars_in_code_and_typeset_math_are_not_raw_math(tmp_path):
    page = with_body('<p><code class="literal">df["$"]</code> and <span class="math">\\($x$\\)</span></p>'
                     '<div class="highlight"><pre>print("$a$")</pre></div>')
    assert check_site(make_site(tmp_path, page)) == []


def test_a_widgets_text_fails(tmp_path):
    page = with_body("<div class=\"cell_output\"><pre>VBox(children=(HTML(value='&lt;b&gt;Secant explorer"
                     "&lt;/b&gt;'), HBox(children=(FloatSlider(value=1.0)))))</pre></div>")
    problems = check_site(make_site(tmp_path, page))
    assert len(problems) == 1 and "widget" in problems[0], problems


def test_an_unfolded_verdict_fails_and_a_folded_one_passes(tmp_path):
    unfolded = with_body('<div class="cell_output docutils container"><pre>✅ correct: your slope is right</pre>'
                         "</div>")
    problems = check_site(make_site(tmp_path, unfolded))
    assert len(problems) == 1 and "outside a folded <details>" in problems[0], problems


def test_a_css_or_js_file_is_checked_on_its_own(tmp_path):
    site = make_site(tmp_path)
    css = site / "_static" / "bad.css"
    css.write_text("@import url(https://fonts.googleapis.com/css);")
    assert len(check_file(site, css)) == 1


# --- the rules that shape the pages --------------------------------------------------------------------

def notebook_with(cells) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    return nbformat.writes(nb)


def test_a_widget_view_is_dropped_and_its_snapshot_kept():
    view = {WIDGET_VIEW: {"model_id": ""}, "text/plain": "VBox(children=(...))"}
    explorer = nbformat.v4.new_code_cell("explorer = widgets.secant_explorer()\nexplorer", outputs=[
        nbformat.v4.new_output("display_data", data=view),
    ])
    snapshot = nbformat.v4.new_code_cell("explorer.snapshot()", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="x₀ = 1.00\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"}),
    ])
    cells = json.loads(prepare_notebook(notebook_with([explorer, snapshot])))["cells"]
    assert cells[0]["outputs"] == []
    assert [o["output_type"] for o in cells[1]["outputs"]] == ["stream", "display_data"]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_solution_cell_folds_with_the_editions_words(language):
    solution = nbformat.v4.new_code_cell("exercises.check_x(x_solution)", metadata={
        "tags": ["solution"], "jupyter": {"source_hidden": True, "outputs_hidden": True}})
    starter = nbformat.v4.new_code_cell("def x(): ...")
    cells = json.loads(prepare_notebook(notebook_with([starter, solution]), language))["cells"]
    assert "hide-cell" not in cells[0]["metadata"].get("tags", [])
    assert cells[1]["metadata"]["tags"] == ["solution", "hide-cell"]
    assert cells[1]["metadata"]["mystnb"] == SOLUTION_PROMPTS[language]


def test_an_unknown_language_is_named():
    with pytest.raises(ValueError, match="language"):
        prepare_notebook(notebook_with([]), "fr")


NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def test_the_site_shows_no_widget_view_and_folds_every_solution(path):
    text = path.read_text(encoding="utf-8")
    original = json.loads(text)["cells"]
    shown = json.loads(prepare_notebook(text, "ko" if "/ko/" in path.as_posix() else "en"))["cells"]
    assert not any(WIDGET_VIEW in o.get("data", {}) for c in shown for o in c.get("outputs", []))
    solutions = [i for i, c in enumerate(original) if "solution" in c["metadata"].get("tags", [])]
    folded = [i for i, c in enumerate(shown) if "hide-cell" in c["metadata"].get("tags", [])]
    assert solutions and folded == solutions
    images = sum("image/png" in o.get("data", {}) for c in original for o in c.get("outputs", []))
    assert images == sum("image/png" in o.get("data", {}) for c in shown for o in c.get("outputs", []))


@pytest.mark.parametrize("page, twin", [
    ("README", "README.ko"), ("README.ko", "README"),
    ("notebooks/03_gradient_descent", "notebooks/ko/03_gradient_descent"),
    ("notebooks/ko/03_gradient_descent", "notebooks/03_gradient_descent"),
    ("notebooks/glossary", None), ("assets/README", None), ("index", None),
])
def test_each_page_knows_its_twin_in_the_other_edition(page, twin):
    assert other_edition(page) == twin
    assert is_korean(page) == (page == "README.ko" or page.startswith("notebooks/ko/"))


def test_an_image_from_another_host_becomes_its_alt_text():
    badge = ('<a href="https://colab.research.google.com/x"><img src="https://colab.research.google.com/assets/'
             'colab-badge.svg" alt="Open In Colab"/></a> <img src="../_images/local.png" alt="kept">')
    assert remote_images_as_text(badge) == ('<a href="https://colab.research.google.com/x"><span class="remote-image">'
                                            'Open In Colab</span></a> <img src="../_images/local.png" alt="kept">')
    assert remote_images_as_text("<img src='//x.org/b.svg'>") == '<span class="remote-image">image</span>'


def test_the_share_of_hangul():
    assert hangul_share("미분 f") == pytest.approx(2 / 3)
    assert hangul_share("derivative") == 0.0
    assert hangul_share("1 + 2") == 0.0
