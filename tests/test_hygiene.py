"""Notebook hygiene: what every stored notebook must be before nbval even runs it.

These checks read the .ipynb files only (fast); nbval then re-executes every cell and
compares outputs.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import normalise  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KOREAN = sorted((ROOT / "notebooks" / "ko").glob("*.ipynb"))  # the Korean edition, same names
# minimum words of markdown prose: start-here is a map, the topic notebooks teach
MIN_WORDS = {"00": 250, "01": 1200, "02": 1200}
MIN_WORDS_DEFAULT = 1500
PRIVATE = re.compile(r"(/root/|/home/\w+|/Users/\w+|/tmp/|/work/|C:\\\\Users)")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def load(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def texts(cell):
    for out in cell.get("outputs", []):
        if "text" in out:
            yield out["text"]
        for key, value in out.get("data", {}).items():
            if key.startswith("text/"):
                yield value if isinstance(value, str) else "".join(value)


def test_there_are_notebooks_in_course_order():
    names = [p.name for p in NOTEBOOKS]
    assert names and names[0].startswith("00_")
    numbers = [int(n[:2]) for n in names]
    assert numbers == list(range(len(numbers))), f"notebooks must be numbered 00, 01, ... without gaps: {names}"


@pytest.fixture(params=NOTEBOOKS + KOREAN, ids=lambda p: p.relative_to(ROOT / "notebooks").as_posix())
def any_path(request):
    """A notebook of either edition (the rules of form hold for both)."""
    return request.param


@pytest.fixture
def any_nb(any_path):
    return load(any_path)


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def nb_path(request):
    return request.param


@pytest.fixture
def nb(nb_path):
    return load(nb_path)


def test_valid_and_kernel_is_python3(any_nb):
    nb = any_nb
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"


def test_executed_top_to_bottom_without_errors(any_nb):
    nb = any_nb
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run `make notebooks` (Restart & Run All)"
    errors = [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0].get("ename") if errors else ""


def test_stored_form_is_normalised(any_nb):
    nb = any_nb
    # what `make notebooks` writes: running it again must not change the file
    stored = nbformat.writes(nb)
    assert nbformat.writes(normalise(nbformat.reads(stored, as_version=4))) == stored


def test_no_private_paths_or_stderr_warnings_in_outputs(any_nb):
    nb = any_nb
    for cell in code_cells(nb):
        for text in texts(cell):
            assert not PRIVATE.search(text), f"a private path in an output: {text[:200]!r}"
        for out in cell.outputs:
            if out.output_type == "stream" and out.name == "stderr":
                pytest.fail(f"stderr output (a warning?) in a stored cell: {out.text[:200]!r}")


def test_first_code_cell_sets_up_inline_figures_and_the_course_style(any_nb):
    nb = any_nb
    first = code_cells(nb)[0].source
    assert "%matplotlib inline" in first and "use_course_style()" in first


def test_title_korean_terms_and_enough_prose(nb, nb_path):
    md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    number = nb_path.name[:2]
    assert md[0].startswith(f"# {number}"), "the first cell is the title: '# NN · ...'"
    prose = " ".join(md)
    assert HANGUL.search(prose), "give the Korean term at a key term's first use"
    words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", prose))
    assert words >= MIN_WORDS.get(number, MIN_WORDS_DEFAULT), f"{words} words of prose"


def test_plots_end_cleanly_and_every_notebook_has_a_figure(any_nb):
    nb = any_nb
    pngs = 0
    for cell in code_cells(nb):
        for out in cell.outputs:
            pngs += "image/png" in out.get("data", {})
            plain = out.get("data", {}).get("text/plain", "")
            assert not re.match(r"\[?<matplotlib\.", plain), (
                f"a plotting call's repr leaked into the output ({plain[:60]!r}); end the cell with plt.show()"
            )
    assert pngs >= 1


def test_ignored_outputs_say_why(any_nb):
    nb = any_nb
    for cell in code_cells(nb):
        lines = cell.source.splitlines()
        if lines and lines[0].strip() == "# NBVAL_IGNORE_OUTPUT":
            assert len(lines) > 1 and lines[1].lstrip().startswith("#"), (
                f"say why on the line after NBVAL_IGNORE_OUTPUT:\n{cell.source[:200]}"
            )


def test_explorers_are_followed_by_a_static_snapshot(any_nb, any_path):
    nb, nb_path = any_nb, any_path
    cells = code_cells(nb)
    explorers = [i for i, c in enumerate(cells) if "widgets." in c.source and "_explorer(" in c.source]
    if nb_path.name.startswith("00_"):
        return  # the start-here notebook only shows how explorers look
    assert explorers, "every topic notebook has at least one explorer"
    for i in explorers:
        assert cells[i].source.startswith("# NBVAL_IGNORE_OUTPUT"), "a live widget cell cannot be compared"
        assert i + 1 < len(cells) and ".snapshot()" in cells[i + 1].source, (
            "follow an explorer with explorer.snapshot() so readers without a kernel see it"
        )


def test_exercises_have_starter_check_and_hidden_solution(any_nb):
    nb = any_nb
    solutions = [c for c in code_cells(nb) if "solution" in c.metadata.get("tags", [])]
    for cell in solutions:
        folded = cell.metadata.get("jupyter", {})
        assert folded.get("source_hidden") and folded.get("outputs_hidden"), (
            f"a solution cell must fold its source and its output (its ✅ line):\n{cell.source[:120]}"
        )
    checked = [c for c in solutions if "exercises.check_" in c.source]
    assert len(checked) >= 3, "at least three exercises, each with a collapsed solution cell"
    for cell in checked:
        # ✅ and ⏳ start the checkers' "correct" and "not attempted yet" lines in every language
        assert any(t.startswith("✅") for t in texts(cell)), f"solution does not pass its checker:\n{cell.source}"
    starters = [
        c for c in code_cells(nb)
        if "exercises.check_" in c.source and c not in solutions and any(t.startswith("⏳") for t in texts(c))
    ]
    assert len(starters) >= 3, "each exercise's check cell shows 'not attempted yet' for the untouched starter"


def test_sanitize_file_applies_to_known_lines():
    patterns = get_sanitize_patterns((ROOT / "tests" / "sanitize.cfg").read_text())
    assert len(patterns) == 3, "a pattern pair was silently dropped: check the 'regex: ' / 'replace: ' lines"

    def clean(s):
        for regex, replace in patterns:
            s = re.sub(regex, replace, s)
        return s

    assert clean("<function f at 0x7f3a2b1c9d00>") == "<function f at 0xADDRESS>"
    assert clean("/tmp/ipykernel_12345/3021.py:4: RuntimeWarning") == "<ipykernel-cell>:4: RuntimeWarning"
    assert clean("<Figure size 630x378 with 2 Axes>") == "<Figure>"


def test_readme_maps_every_notebook_and_links_the_glossary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README's course map misses {path.name}"
    assert "notebooks/glossary.md" in readme
    assert "make lab" in readme and "make test" in readme


def test_review_questions_have_folded_model_answers(nb, nb_path):
    cells = nb.cells
    reviews = [i for i, c in enumerate(cells)
               if c.cell_type == "markdown" and c.source.startswith("## Review questions")]
    if nb_path.name.startswith("00_"):
        return  # the start-here notebook has no review questions
    assert len(reviews) == 1, "one '## Review questions' cell per topic notebook"
    i = reviews[0]
    questions = re.findall(r"^(\d+)\. ", cells[i].source, flags=re.M)
    assert "\n## " not in cells[i].source, (
        "the review questions cell holds the questions only; the next section is its own cell"
    )
    answers = cells[i + 1] if i + 1 < len(cells) else None
    assert answers is not None and answers.cell_type == "markdown" and "answers" in answers.metadata.get("tags", []), (
        "the cell after the review questions holds their model answers (tag 'answers')"
    )
    text = answers.source.strip()
    assert text.startswith("<details>") and text.endswith("</details>") and "<summary>" in text, (
        "model answers are folded in <details> until the learner opens them"
    )
    assert re.findall(r"^(\d+)\. ", text, flags=re.M) == questions, "one numbered answer per question, in order"


# --- terms and math (the content-corrections issue) ----------------------------------------------

GLOSSARY = ROOT / "notebooks" / "glossary.md"
GLOSSARY_COLUMNS = ["English", "한국어", "meaning", "뜻 (한국어)"]  # one table shared by both editions
CELL_BORDER = re.compile(r"(?<!\\)\|")  # a | that is not escaped as \| inside a cell
KOREAN_IN_PARENS = re.compile(r"\(([^()]*[\uac00-\ud7a3][^()]*)\)")
TERMS_TABLE = "## Korean terms in this notebook"


def korean_terms(text: str) -> set[str]:
    """The Korean words of a '(term, term / term)' list: each run of Hangul-bearing words between separators."""
    terms = set()
    for part in re.split(r"[,/;·]| 또는 | or ", text):
        part = re.sub(r"[*_`$]", "", part).strip()
        if HANGUL.search(part):
            terms.add(re.sub(r"\s+", " ", part))
    return terms


def glossary_table() -> list[list[str]]:
    """Every line of the glossary table (header, separator, then one per term) as its list of cells;
    an escaped \\| stays inside its cell."""
    lines = [line.strip() for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in CELL_BORDER.split(line)[1:-1]] for line in lines]


def glossary_rows() -> list[dict[str, str]]:
    """The glossary's terms, each a row keyed by the column names: English, 한국어, meaning, 뜻 (한국어)."""
    header, _separator, *rows = glossary_table()
    # a row of the wrong width is named by test_the_glossary_math_and_table_are_well_formed
    return [dict(zip(header, cells, strict=False)) for cells in rows]


def glossary_terms() -> set[str]:
    terms = set()
    for row in glossary_rows():
        terms |= korean_terms(re.sub(r"\([^)]*\)", "", row.get("한국어", "")))  # "(source notes)" and such are remarks
    return terms


def terms_table(nb) -> list[tuple[str, str]]:
    tables = [c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(TERMS_TABLE)]
    assert len(tables) == 1, f"every notebook has one '{TERMS_TABLE}' cell"
    rows = []
    for line in tables[0].source.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and HANGUL.search(cells[1]) and cells != ["English", "한국어"]:  # not the header
            rows.append((cells[0], cells[1]))
    return rows


def test_every_notebook_has_a_korean_terms_table(nb):
    rows = terms_table(nb)
    assert len(rows) >= 3, "the table lists the notebook's key terms: | English | 한국어 |"


def test_the_glossary_holds_every_korean_term_the_notebook_uses(nb):
    known = glossary_terms()
    used = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for inside in KOREAN_IN_PARENS.findall(cell.source):
                used |= korean_terms(inside)
    for _, korean in terms_table(nb):
        used |= korean_terms(re.sub(r"\([^)]*\)", "", korean))
    missing = sorted(used - known)
    assert not missing, f"Korean terms missing from notebooks/glossary.md: {missing}"


# MathJax (JupyterLab's renderer) commands the course uses; a command outside this list may not
# render: check it in JupyterLab (make e2e fails on any MathJax error) and add it here.
MATH_COMMANDS = set("""
frac tfrac dfrac sqrt sum prod int lim log ln exp sin cos tan max min arg argmin argmax
ell det alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta kappa lambda mu nu xi pi rho sigma
tau phi varphi chi psi omega Gamma Delta Theta Lambda Sigma Phi Psi Omega
nabla partial infty approx sim simeq equiv propto neq ne le leq ge geq ll gg in notin subset cup cap
cdot cdots ldots dots times div pm mp circ top ast star prime
to mapsto leftarrow rightarrow Leftarrow Rightarrow Longrightarrow longrightarrow iff implies gets
lVert rVert lvert rvert Vert vert langle rangle lceil rceil lfloor rfloor left right big Big bigg Bigg
hat bar tilde vec dot ddot overline underline underbrace overbrace widehat widetilde
mathbf mathrm mathbb mathcal mathit boldsymbol operatorname text textbf textit textstyle displaystyle
quad qquad mid binom choose begin end cases aligned matrix pmatrix bmatrix vmatrix
""".split()) | set(",;:! {}|_#%&$")


def math_spans(source: str) -> list[str]:
    """The TeX of every $...$ and $$...$$ span of a markdown cell (code spans left out)."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", source, flags=re.S)
    return [m.group(1) or m.group(2) for m in re.finditer(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, flags=re.S)]


def test_math_renders(any_nb):
    nb = any_nb
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for tex in math_spans(cell.source):
            unknown = set(re.findall(r"\\([A-Za-z]+|[^A-Za-z])", tex)) - MATH_COMMANDS
            if unknown:  # e.g. w^\* (a markdown escape that MathJax sees as an unknown command)
                problems.append(f"cell {i}: ${tex}$ uses {sorted(unknown)}")
            depth = 0
            for ch in re.sub(r"\\[{}]", "", tex):
                depth += {"{": 1, "}": -1}.get(ch, 0)
                if depth < 0:
                    break
            if depth != 0:
                problems.append(f"cell {i}: ${tex}$ has unbalanced braces")
            if len(re.findall(r"\\left\b", tex)) != len(re.findall(r"\\right\b", tex)):
                problems.append(f"cell {i}: ${tex}$ pairs \\left and \\right unevenly")
    assert not problems, "math JupyterLab cannot render:\n" + "\n".join(problems)


def test_the_glossary_math_and_table_are_well_formed():
    table = glossary_table()
    assert table[0] == GLOSSARY_COLUMNS, f"the glossary's columns are | {' | '.join(GLOSSARY_COLUMNS)} |"
    assert all(re.fullmatch(r":?-{3,}:?", cell) for cell in table[1]), "a separator line follows the header"
    bad = [" | ".join(cells)[:60] for cells in table if len(cells) != len(GLOSSARY_COLUMNS)]
    assert not bad, (
        f"every glossary row has {len(GLOSSARY_COLUMNS)} columns (escape | inside a cell as \\|): {bad}"
    )


def test_every_glossary_term_has_a_meaning_in_english_and_in_korean():
    rows = glossary_rows()
    assert len(rows) >= 100
    no_english = [row.get("English") for row in rows if not row.get("meaning")]
    assert not no_english, f"glossary rows without an English meaning: {no_english}"
    no_korean = [row.get("English") for row in rows if not HANGUL.search(row.get("뜻 (한국어)", ""))]
    assert not no_korean, f"glossary rows without a Korean meaning (뜻 (한국어)): {no_korean}"


# --- make notebooks keeps a stored figure that only differs by anti-aliasing ------------------------


def _png(draw) -> str:
    import base64
    import io

    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(3, 2), dpi=90)
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _with_pixels_changed(png: str, count: int) -> str:
    import base64
    import io

    import matplotlib.image as mpimg

    img = mpimg.imread(io.BytesIO(base64.b64decode(png)), format="png").copy()
    flat = img.reshape(-1, img.shape[-1])
    flat[:count, 0] = 1.0 - flat[:count, 0]  # count pixels, each visibly changed
    buf = io.BytesIO()
    mpimg.imsave(buf, img, format="png")
    return base64.b64encode(buf.getvalue()).decode()


def test_a_figure_that_differs_by_a_few_pixels_is_the_same_picture():
    from run_notebooks import MAX_CHANGED_PIXELS, same_picture

    line = _png(lambda ax: ax.plot([0, 1], [0, 1]))
    assert same_picture(line, line)
    assert same_picture(line, _with_pixels_changed(line, MAX_CHANGED_PIXELS))
    assert not same_picture(line, _with_pixels_changed(line, MAX_CHANGED_PIXELS + 1))


def test_a_changed_digit_or_line_is_a_new_picture():
    from run_notebooks import same_picture

    titled = _png(lambda ax: ax.set_title("lr = 0.10"))
    assert not same_picture(titled, _png(lambda ax: ax.set_title("lr = 0.12")))
    assert not same_picture(_png(lambda ax: ax.plot([0, 1], [0, 1])), _png(lambda ax: ax.plot([0, 1], [0, 0.9])))


def test_make_notebooks_puts_the_stored_png_back_when_the_picture_is_the_same():
    from run_notebooks import keep_unchanged_pictures

    line = _png(lambda ax: ax.plot([0, 1], [0, 1]))
    noisy = _with_pixels_changed(line, 3)
    moved = _png(lambda ax: ax.plot([0, 1], [1, 0]))

    def notebook(*pngs):
        nb = nbformat.v4.new_notebook()
        for png in pngs:
            cell = nbformat.v4.new_code_cell("plot()")
            cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png})]
            nb.cells.append(cell)
        return nb

    old, new = notebook(line, line), notebook(noisy, moved)
    assert keep_unchanged_pictures(old, new) == 1
    assert new.cells[0].outputs[0]["data"]["image/png"] == line  # the stored one, kept
    assert new.cells[1].outputs[0]["data"]["image/png"] == moved  # a real change, taken
