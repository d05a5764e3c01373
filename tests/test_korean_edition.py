"""The Korean edition (notebooks/ko/) cannot drift from the English one.

tools/korean_edition.py holds the rules (same cells, code equal up to strings and comments,
every Korean cell stamped with the hash of the English source it translates); here each rule
is checked, and the checker itself is shown to catch what it must.
"""

import itertools
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import korean_edition as ko  # noqa: E402

PAIRS = ko.pairs()


@pytest.mark.parametrize(("en", "kr"), PAIRS, ids=[en.name for en, _ in PAIRS])
def test_the_korean_notebook_matches_the_english_one(en, kr):
    problems = ko.compare(en, kr)
    assert not problems, "\n".join(problems)


def test_no_korean_notebook_without_an_english_one():
    english = {en.name for en, _ in PAIRS}
    assert {p.name for p in ko.KOREAN.glob("*.ipynb")} <= english


@pytest.mark.parametrize(("en", "kr"), PAIRS, ids=[en.name for en, _ in PAIRS])
def test_the_korean_notebook_speaks_korean(en, kr):
    cells = nbformat.read(kr, as_version=4).cells
    first_code = next(c for c in cells if c.cell_type == "code")
    assert 'gdlib.set_language("ko")' in first_code.source
    english_first = next(c for c in nbformat.read(en, as_version=4).cells if c.cell_type == "code")
    assert 'gdlib.set_language("en")' in english_first.source


# --- the checker catches what it must ----------------------------------------------------------

def test_code_shape_ignores_strings_comments_and_word_order():
    a = 'print(f"slope {m:.3f} at {x}")  # English'
    b = 'print(f"{x}에서의 기울기 {m:.3f}")  # 한국어'
    assert ko.code_shape(a) == ko.code_shape(b)


@pytest.mark.parametrize("changed", [
    'print(f"slope {m:.2f} at {x}")',  # another format: another printed number
    'print(f"slope {m:.3f} at {y}")',  # another variable
    'print(f"slope {m:.3f}")',  # a value dropped
    'print(f"slope {m:.3f} at {x}", end="")  ',  # another argument (its value is a string)
    'x = 1',
])
def test_code_shape_sees_a_code_change(changed):
    assert ko.code_shape('print(f"slope {m:.3f} at {x}")') != ko.code_shape(changed)


def _notebook(tmp_path, name, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_compare_names_a_changed_english_cell_a_missing_cell_and_english_prose(tmp_path):
    md = "Gradient descent takes a step against the gradient, again and again."
    en_cells = [nbformat.v4.new_markdown_cell(md), nbformat.v4.new_code_cell("x = 1")]
    en = _notebook(tmp_path, "en.ipynb", en_cells)
    good = [nbformat.v4.new_markdown_cell("경사하강법은 그래디언트의 반대 방향으로 계속 한 걸음씩 움직입니다."),
            nbformat.v4.new_code_cell("x = 1  # 한국어 주석")]
    for cell, source in zip(good, [md, "x = 1"], strict=True):
        cell.metadata["ko"] = {"en_sha": ko.source_hash(source)}
    kr = _notebook(tmp_path, "ko.ipynb", good)
    assert ko.compare(en, kr) == []

    en_cells[0].source = md + " Each step is short."  # the English was revised
    _notebook(tmp_path, "en.ipynb", en_cells)
    assert any("cell 0" in p and "changed since" in p for p in ko.compare(en, kr))

    untranslated = [nbformat.v4.new_markdown_cell(md)]
    untranslated[0].metadata["ko"] = {"en_sha": ko.source_hash(en_cells[0].source)}
    kr2 = _notebook(tmp_path, "ko2.ipynb", untranslated)
    problems = ko.compare(en, kr2)
    assert any("still in English" in p for p in problems)
    assert any("1 cells" in p for p in problems)  # the code cell is missing



@pytest.mark.parametrize(("source", "left"), [
    ('rates = {"too small": 0.01, "right": 0.2}', ["too small"]),  # a legend label
    ('print(f"{name}: loss after {k} steps")', [": loss after "]),  # an f-string's text
    ('ax.set(title="경사하강법의 경로", xlabel="step number")', ["step number"]),
    ('ax.legend(loc="upper left"); ax.plot(x, y, "o--", color="tab:blue")', []),  # option values
    ('ax.set(title="$\\theta$ 방향의 기울기", ylabel="MSE, $\\alpha = 0.1$")', []),  # Korean, math, a name
    ('%pip install -q how-models-learn\nprint("the same run")', ["the same run"]),  # a magic line
])
def test_english_strings_finds_english_words_a_learner_reads(source, left):
    assert ko.english_strings(source) == left


def test_compare_names_a_label_left_in_english(tmp_path):
    code = 'runs = {"gradient descent": 1, "Adagrad": 2}\nax.legend(loc="upper left")'
    en = _notebook(tmp_path, "en.ipynb", [nbformat.v4.new_code_cell(code)])
    kr_cell = nbformat.v4.new_code_cell(code + "  # 범례")
    kr_cell.metadata["ko"] = {"en_sha": ko.source_hash(code)}
    kr = _notebook(tmp_path, "ko.ipynb", [kr_cell])
    assert ko.compare(en, kr) == [f"{kr} cell 0: the string 'gradient descent' is still the English one "
                                  "(translate what a learner reads)"]
    kr_cell.source = code.replace("gradient descent", "GD")
    _notebook(tmp_path, "ko.ipynb", [kr_cell])
    assert ko.compare(en, kr) == []


# --- the same numbers ------------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.])[-−+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def printed_numbers(cell) -> Counter:
    """The numbers a cell printed, as written (1.0986, 2.1e-10, 70), counted.

    A bare 0 or 1 is left out: English prints words for them ("one epoch", "zero coordinates")
    where Korean prints digits, and the other way round.
    """
    found = Counter()
    for out in cell.get("outputs", []):
        text = out.get("text") or out.get("data", {}).get("text/plain", "")
        text = text if isinstance(text, str) else "".join(text)
        found.update(n.replace("−", "-") for n in NUMBER.findall(text) if n not in {"0", "1"})
    return found


@pytest.mark.parametrize(("en", "kr"), PAIRS, ids=[en.name for en, _ in PAIRS])
def test_both_editions_print_the_same_numbers(en, kr):
    english = nbformat.read(en, as_version=4).cells
    korean = nbformat.read(kr, as_version=4).cells
    differ = []
    for i, (e, k) in enumerate(zip(english, korean, strict=True)):
        if e.cell_type == "code" and "NBVAL_IGNORE_OUTPUT" not in e.source:
            a, b = printed_numbers(e), printed_numbers(k)
            if a != b:
                differ.append(f"cell {i}: only English {dict(a - b)}, only Korean {dict(b - a)}")
    assert not differ, "\n".join(differ)


def test_printed_numbers_sees_a_changed_digit_but_not_words_for_zero_and_one():
    def cell(text):
        c = nbformat.v4.new_code_cell("print(x)")
        c.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        return c

    english = printed_numbers(cell("after one epoch (25 updates): w = (0.694974, 1.731403), loss 2.1e-10"))
    assert english == printed_numbers(cell("1 에포크 후 (업데이트 25번): w = (0.694974, 1.731403), 손실 2.1e-10"))
    assert english != printed_numbers(cell("1 에포크 후 (업데이트 25번): w = (0.694975, 1.731403), 손실 2.1e-10"))


# --- printed tables line up ------------------------------------------------------------------------

COLUMN = re.compile(r" {2,}(?=\S)")


def misaligned_rows(text: str) -> list[tuple[str, str]]:
    """Consecutive printed lines laid out by one format (their columns start at the same
    characters) whose columns do not line up on screen. A Hangul syllable takes two columns in a
    terminal and in Korean coding fonts (and one syllable's width in any font), so
    `f"{label:20s} ..."` with labels of different Hangul counts shifts every column after it."""
    def wide(s: str) -> int:
        return sum(unicodedata.east_asian_width(ch) in "WF" for ch in s)

    lines = text.splitlines()
    bad = []
    for a, b in itertools.pairwise(lines):
        starts = [m.end() for m in COLUMN.finditer(a)]
        if starts and starts == [m.end() for m in COLUMN.finditer(b)] \
                and any(wide(a[:i]) != wide(b[:i]) for i in starts):
            bad.append((a, b))
    return bad


@pytest.mark.parametrize("kr", [kr for _, kr in PAIRS], ids=[kr.name for _, kr in PAIRS])
def test_printed_tables_line_up(kr):
    bad = [f"cell {i}:\n  {a}\n  {b}"
           for i, cell in enumerate(nbformat.read(kr, as_version=4).cells) if cell.cell_type == "code"
           for out in cell.outputs if out.get("output_type") == "stream"
           for a, b in misaligned_rows(out["text"])]
    assert not bad, "rows whose columns do not line up (give their labels the same number of Hangul " \
                    "syllables, or move the label to the end):\n" + "\n".join(bad)


def test_misaligned_rows_sees_labels_of_different_hangul_lengths():
    shifted = ("고정 α = 0.05       : 평균 거리 0.101970\n"
               "감쇠하는 α_t          : 평균 거리 0.000389\n")
    assert len(misaligned_rows(shifted)) == 1
    assert misaligned_rows(shifted.replace("감쇠하는 α_t  ", "감쇠 α_t      ")) == []
    header = "규칙         x1 부호 변화\nGD                      0\n"  # a header spaced by hand is not a row
    assert misaligned_rows(header) == []
