"""The Korean edition (notebooks/ko/) and the English one must not drift apart.

    python tools/korean_edition.py check            every problem, one line each (exit 1 if any)
    python tools/korean_edition.py new NN           a Korean draft of notebooks/NN_*.ipynb
    python tools/korean_edition.py stamp NN [i...]  record that cells i (default: all) of the Korean
                                                    NN now translate the current English cells

Rules, checked by tests/test_korean_edition.py:
  - the same file names and the same cells, in the same order and of the same types;
  - a Korean code cell is the English one up to string literals and comments (titles, labels and
    printed sentences are translated; code is not): compared as syntax trees with every string
    constant blanked, so a changed number, name or call is a difference;
  - no string a learner reads (a label, a title, a printed sentence) is left in English: a
    string of the Korean cell with two English words in a row, no Hangul, and the same in the
    English cell is reported (matplotlib's option values such as "upper left" aside);
  - every Korean cell stores the hash of the English source it translates
    (metadata "ko": {"en_sha": ...}); when an English cell changes, the hash no longer matches and
    the check names the cell, so a translation cannot silently fall behind. After revising the
    Korean cell, `stamp` records the new hash.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ROOT / "notebooks"
KOREAN = ENGLISH / "ko"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def source_hash(source: str) -> str:
    """sha256 of a cell's source, first 16 hex digits (enough to notice any edit)."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


class _BlankStrings(ast.NodeTransformer):
    """Every str constant becomes "", including the literal parts of f-strings."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        # Keep the interpolated expressions and their format specs (they decide the printed
        # numbers), drop the text around them; sorted, because Korean word order may put
        # "{b}의 {a}" where English has "{a} of {b}".
        values = sorted((self.visit(v) for v in node.values if isinstance(v, ast.FormattedValue)),
                        key=ast.dump)
        return ast.copy_location(ast.JoinedStr(values=values), node)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
        node.value = self.visit(node.value)  # the format spec stays as written
        return node


def _parse(source: str) -> tuple[ast.Module, list[str]]:
    """A cell's syntax tree and its IPython magic lines (raises SyntaxError)."""
    lines, magics = [], []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            magics.append(stripped.rstrip())
            # `pass` where the magic was keeps an indented one (in an `if` block) valid Python
            lines.append(line[: len(line) - len(stripped)] + "pass")
        else:
            lines.append(line)
    return ast.parse("\n".join(lines)), magics


def code_shape(source: str) -> str:
    """The code of a cell without its strings and comments, as a canonical text."""
    try:
        tree, magics = _parse(source)
    except SyntaxError as err:
        return f"<syntax error: {err.msg} at line {err.lineno}>"
    return "\n".join([*magics, ast.dump(_BlankStrings().visit(tree), include_attributes=False)])


# matplotlib's own option values (legend positions): code, not words a learner reads
_OPTION_VALUES = {f"{v} {h}" for v in ("upper", "lower", "center") for h in ("left", "right", "center")}
_ENGLISH_PHRASE = re.compile(r"\b[a-z]{2,} +[a-z]{2,}\b")


def english_strings(source: str) -> list[str]:
    """The cell's string literals (f-strings' text included) holding two English words in a row
    and no Hangul: in a Korean cell, a label or sentence left untranslated."""
    try:
        tree, _ = _parse(source)
    except SyntaxError:
        return []  # reported by the code comparison
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in _OPTION_VALUES:
            text = re.sub(r"\$[^$]*\$", "", node.value)  # math is not words
            if _ENGLISH_PHRASE.search(text) and not HANGUL.search(text):
                found.append(node.value)
    return found


def pairs() -> list[tuple[Path, Path]]:
    """(English, Korean) notebook paths, by the English file names."""
    return [(en, KOREAN / en.name) for en in sorted(ENGLISH.glob("[0-9][0-9]_*.ipynb"))]


def _prose(source: str) -> str:
    """Markdown without math, code, links' targets and HTML tags: the words a reader reads."""
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`]*`|```.*?```", " ", source, flags=re.S)
    text = re.sub(r"\]\([^)]*\)|<[^>]+>", " ", text)
    return text


def compare(en_path: Path, ko_path: Path) -> list[str]:
    """Every way the Korean notebook differs from the English one beyond translation."""
    name = ko_path.relative_to(ROOT) if ko_path.is_relative_to(ROOT) else ko_path
    if not ko_path.exists():
        return [f"{name}: missing (python tools/korean_edition.py new {en_path.name[:2]})"]
    en = nbformat.read(en_path, as_version=4).cells
    ko = nbformat.read(ko_path, as_version=4).cells
    problems = []
    if len(en) != len(ko):
        problems.append(f"{name}: {len(ko)} cells, the English notebook has {len(en)}")
    for i, (e, k) in enumerate(zip(en, ko, strict=False)):  # a missing cell is reported above
        where = f"{name} cell {i}"
        if e.cell_type != k.cell_type:
            problems.append(f"{where}: a {k.cell_type} cell where the English one is {e.cell_type}")
            continue
        stamp = k.metadata.get("ko", {}).get("en_sha")
        if stamp != source_hash(e.source):
            what = "never stamped" if stamp is None else "the English cell changed since it was translated"
            problems.append(f"{where}: {what}; revise it, then: python tools/korean_edition.py stamp "
                            f"{en_path.name[:2]} {i}")
        if e.cell_type == "code":
            if code_shape(e.source) != code_shape(k.source):
                problems.append(f"{where}: the code differs from the English cell beyond strings and comments")
            english = set(english_strings(e.source))
            problems += [f"{where}: the string {text!r} is still the English one (translate what a learner reads)"
                         for text in dict.fromkeys(english_strings(k.source)) if text in english]
        if e.cell_type == "markdown" and len(re.findall(r"[A-Za-z]{3,}", _prose(e.source))) >= 4 \
                and not HANGUL.search(k.source):
            problems.append(f"{where}: still in English (no Hangul)")
        if e.metadata.get("tags", []) != k.metadata.get("tags", []) or \
                e.metadata.get("jupyter", {}) != k.metadata.get("jupyter", {}):
            problems.append(f"{where}: tags or folding differ from the English cell")
    return problems


def check() -> list[str]:
    problems = []
    for en, ko in pairs():
        problems += compare(en, ko)
    extra = {p.name for p in KOREAN.glob("*.ipynb")} - {en.name for en, _ in pairs()}
    problems += [f"notebooks/ko/{n}: no English notebook of that name" for n in sorted(extra)]
    return problems


def _find(number: str) -> tuple[Path, Path]:
    for en, ko in pairs():
        if en.name.startswith(f"{number}_"):
            return en, ko
    sys.exit(f"no notebook numbered {number!r} in notebooks/")


def new(number: str) -> None:
    """A Korean draft: the English notebook's cells, unstamped, outputs cleared."""
    en_path, ko_path = _find(number)
    if ko_path.exists():
        sys.exit(f"{ko_path.relative_to(ROOT)} exists already")
    nb = nbformat.read(en_path, as_version=4)
    for cell in nb.cells:
        cell.metadata["ko"] = {"en_sha": None}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    KOREAN.mkdir(exist_ok=True)
    nbformat.write(nb, ko_path)
    print(f"wrote {ko_path.relative_to(ROOT)}: translate every cell, then stamp it")


def stamp(number: str, indices: list[int] | None = None) -> None:
    """Record the current English hash on Korean cells (all of them when no index is given)."""
    en_path, ko_path = _find(number)
    en = nbformat.read(en_path, as_version=4)
    ko = nbformat.read(ko_path, as_version=4)
    chosen = range(min(len(en.cells), len(ko.cells))) if not indices else indices
    for i in chosen:
        ko.cells[i].metadata.setdefault("ko", {})["en_sha"] = source_hash(en.cells[i].source)
    nbformat.write(ko, ko_path)
    print(f"stamped {len(chosen)} cell(s) of {ko_path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"check", "new", "stamp"}:
        print(__doc__)
        return 2
    if argv[0] == "check":
        problems = check()
        print("\n".join(problems) or "the Korean edition matches the English one")
        return 1 if problems else 0
    if argv[0] == "new":
        new(argv[1])
    else:
        stamp(argv[1], [int(i) for i in argv[2:]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
