"""The course's notebooks as nbgrader assignments: the instructor kit.

    python tools/assignments.py          what `make assignments` runs

writes an nbgrader course folder in _build/nbgrader/ (nbgrader_config.py, and
source/<assignment>/<notebook>.ipynb), then runs nbgrader's own
generate_assignment, which writes the learners' versions to release/ and the assignments to
gradebook.db.

One assignment per notebook per edition, named <edition>_<notebook>: en_03_gradient_descent and
ko_03_gradient_descent. A learner takes one edition, and nbgrader grades an assignment against one
source notebook (its read-only cells are checked against it), so the two editions cannot share an
assignment; one assignment per notebook lets a cohort get a notebook a day. Every notebook from 00
on has graded exercises (00 has three warm-ups), so all of them become assignments.

What the conversion does to a notebook (convert):
  - an exercise's starter cell becomes the learner's answer cell: the same function header and
    docstring, with the reference answer (the body of the solution cell's function) between
    nbgrader's solution markers, which generate_assignment replaces by `...`;
  - its check cell becomes an autograded test cell worth POINTS: it asserts the checker's verdict,
    so an answer that is not correct fails with the checker's diagnosis as the assertion message,
    which nbgrader's feedback shows, and a correct one prints the checker's ✅ line as in the course;
  - its solution cell is dropped (the reference answer now lives in the answer cell);
  - every other cell (prose, demos, explorers, review questions) is read-only, with its outputs
    cleared (the notebooks read their data sets with gdlib.data, so an assignment needs no files);
  - a short read-only note after the title tells the learner how the graded version works.
"""

from __future__ import annotations

import ast
import copy
import os
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = {"en": ROOT / "notebooks", "ko": ROOT / "notebooks" / "ko"}
COURSE_DIR = ROOT / "_build" / "nbgrader"
COURSE_ID = "how-models-learn"
POINTS = 1  # per exercise: every exercise counts the same
WRAP = 80  # characters per line of a diagnosis on the feedback page (a box there fits about 110 Latin ones)
STUB = "..."  # what the learner's version shows between the starter's comment and the end of the function

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CHECK_CALL = re.compile(r"exercises\.(check_\w+)\((\w+)\)\s*")
STARTER_BODY = re.compile(r"^(?P<indent>[ \t]+)\.\.\.[ \t]*(?P<comment>#.*)?$")

INTRO = {
    "en": (
        "**This is the graded version of this notebook.** Write your answers in the exercises' "
        "answer cells, where the function body is `...`; every other cell is read-only, and there "
        "are no solution cells. Each exercise's check cell prints the checker's verdict, as in the "
        "course, and is worth {points} point{s} when your notebook is autograded: ✅ earns it, "
        "⏳ or ❌ gives 0, and your feedback then shows the checker's diagnosis. Before you submit, "
        "run the whole notebook from the top (Kernel → Restart Kernel and Run All Cells)."
    ),
    "ko": (
        "**이 노트북은 채점용 과제입니다.** 연습 문제의 답안 셀(함수 본문이 `...`인 셀)에 답을 쓰세요. "
        "다른 셀은 모두 읽기 전용이고, 풀이 셀은 없습니다. 연습 문제마다 있는 채점 셀은 강의에서처럼 "
        "채점기의 판정을 한 줄로 출력하며, 자동 채점에서 {points}점입니다. ✅이면 점수를 받고, ⏳나 ❌이면 "
        "0점이며, 그때 피드백에 채점기의 진단이 나옵니다. 제출하기 전에 노트북 전체를 처음부터 실행해 "
        "보세요(Kernel → Restart Kernel and Run All Cells)."
    ),
}

CONFIG = '''\
# nbgrader's configuration for the course (written by tools/assignments.py; see README, "For instructors")
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "{course_id}"
# generate_assignment replaces each reference answer by this; the starter's own comment stays above it
c.ClearSolutions.code_stub = {{"python": "{stub}"}}
# the slowest notebook runs in about 20 s; a learner's endless loop is stopped by the checker after 5 s
c.Execute.timeout = 120
# autograding only (learners' own kernels draw as usual): figures are not drawn to PNG, which halves
# the time a notebook takes; the feedback shows "<Figure size ... with 1 Axes>" in their place. Delete
# this line to have the figures in the feedback.
c.Execute.extra_arguments = ["--InlineBackend.figure_formats=set()"]
'''


@dataclass(frozen=True)
class Exercise:
    """One exercise of a notebook: the learner's function, its checker and its three cells."""

    name: str  # the function the learner writes, e.g. "slope"
    check: str  # its checker in gdlib.exercises, e.g. "check_slope"
    starter: int  # cell indices
    check_cell: int
    solution: int


def assignment_id(edition: str, notebook: Path) -> str:
    """The assignment's name: en_03_gradient_descent, ko_03_gradient_descent."""
    return f"{edition}_{notebook.stem}"


def notebooks(edition: str) -> list[Path]:
    """The numbered notebooks of one edition, in course order."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {sorted(EDITIONS)}, got edition={edition!r}")
    return sorted(EDITIONS[edition].glob("[0-9][0-9]_*.ipynb"))


def is_solution(cell) -> bool:
    """The course's solution cells carry the tag "solution" (tests/test_hygiene.py)."""
    return "solution" in cell.metadata.get("tags", [])


def find_exercises(nb, where: str = "notebook") -> list[Exercise]:
    """Every exercise: a check cell `exercises.check_<x>(name)`, the starter cell just before it
    (which defines `name`) and the next solution cell (which defines `name_solution`)."""
    found = []
    for i, cell in enumerate(nb.cells):
        match = CHECK_CALL.fullmatch(cell.source) if cell.cell_type == "code" else None
        if not match or is_solution(cell):
            continue
        check, name = match.groups()
        starter = nb.cells[i - 1] if i > 0 else None
        if starter is None or starter.cell_type != "code" or not re.match(rf"def {name}\(", starter.source):
            raise ValueError(f"{where} cell {i}: the check cell of {name} must follow its starter cell `def {name}(`")
        solution = next((j for j in range(i + 1, len(nb.cells)) if is_solution(nb.cells[j])), None)
        if solution is None or f"def {name}_solution(" not in nb.cells[solution].source:
            raise ValueError(f"{where} cell {i}: no solution cell defining {name}_solution after the check of {name}")
        found.append(Exercise(name, check, i - 1, i, solution))
    return found


def reference_body(solution_source: str, name: str) -> str:
    """The body of `def <name>_solution(...)` in a solution cell, dedented (comments kept)."""
    tree = ast.parse(solution_source)
    fn = next((node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == f"{name}_solution"),
              None)
    if fn is None:
        raise ValueError(f"the solution cell defines no function {name}_solution")
    lines = solution_source.splitlines()
    body = "\n".join(lines[fn.body[0].lineno - 1: fn.end_lineno])
    if f"{name}_solution" in body:
        raise ValueError(f"{name}_solution calls itself by name; the answer cell names it {name}")
    return textwrap.dedent(body)


def answer_source(starter_source: str, body: str) -> str:
    """The starter with its `...  # comment` line replaced by the comment, then the reference
    answer between nbgrader's solution markers, at the starter's indentation."""
    lines = starter_source.rstrip("\n").splitlines()
    stub = STARTER_BODY.match(lines[-1]) if lines else None
    if stub is None:
        raise ValueError(f"a starter must end with its `...  # your code here` line:\n{starter_source}")
    indent, comment = stub["indent"], stub["comment"]
    answer = [indent + comment] if comment else []
    answer += [indent + BEGIN, textwrap.indent(body, indent), indent + END]
    return "\n".join(lines[:-1] + answer)


def check_source(check: str, name: str) -> str:
    """The graded check: the checker's verdict asserted, so that an answer that is not correct
    fails with the checker's diagnosis as the message (wrapped, because nbgrader's feedback page
    shows a long line in a box that scrolls sideways and would hide the hint at its end), then
    printed, so that a correct answer shows the checker's ✅ line as in the course."""
    return ("import textwrap\n\n"
            f"feedback = exercises.{check}.diagnose({name})\n"
            f"assert feedback.correct, textwrap.fill(str(feedback), {WRAP})\n"
            "print(feedback)")


def nbgrader_metadata(grade_id: str, *, solution: bool = False, grade: bool = False) -> dict:
    """nbgrader's cell metadata (schema 3): an answer cell (solution), a graded test cell (grade,
    worth POINTS) or, with neither, a read-only cell."""
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = POINTS
    return meta


def _assigned_names(source: str) -> set[str]:
    """Top-level names a cell binds (functions, classes, assignments, imports)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return names


def _loaded_names(source: str) -> set[str]:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return {n.id for n in ast.walk(ast.parse("\n".join(lines))) if isinstance(n, ast.Name)}


def _check_nothing_needs_the_solutions(nb, exercises: list[Exercise], where: str) -> None:
    """Dropping the solution cells must not break a later cell that uses what they define."""
    dropped = {ex.solution for ex in exercises}
    defined: set[str] = set()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if i in dropped:
            defined |= _assigned_names(cell.source)
        elif defined and defined & _loaded_names(cell.source):
            raise ValueError(f"{where} cell {i} uses {sorted(defined & _loaded_names(cell.source))}, "
                             "defined only in a solution cell, which the assignment drops")


def _cell(cell_type: str, source: str, metadata: dict):
    """A new cell with no outputs; its id is its nbgrader grade_id, so a rebuild gives the same file."""
    cell = {"cell_type": cell_type, "id": metadata["nbgrader"]["grade_id"], "metadata": metadata, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return nbformat.from_dict(cell)


def convert(nb, edition: str, where: str = "notebook"):
    """The nbgrader source version of a course notebook (a new notebook; nb is not changed)."""
    if edition not in INTRO:
        raise ValueError(f"edition must be one of {sorted(INTRO)}, got edition={edition!r}")
    exercises = find_exercises(nb, where)
    if not exercises:
        raise ValueError(f"{where}: no exercises, nothing to grade")
    _check_nothing_needs_the_solutions(nb, exercises, where)
    by_starter = {ex.starter: ex for ex in exercises}
    by_check = {ex.check_cell: ex for ex in exercises}
    dropped = {ex.solution for ex in exercises}
    cells = []
    for i, cell in enumerate(nb.cells):
        metadata = copy.deepcopy(dict(cell.metadata))
        if i in dropped:
            continue
        if i in by_starter:
            ex = by_starter[i]
            source = answer_source(cell.source, reference_body(nb.cells[ex.solution].source, ex.name))
            metadata["nbgrader"] = nbgrader_metadata(ex.name, solution=True)
        elif i in by_check:
            ex = by_check[i]
            source = check_source(ex.check, ex.name)
            metadata["nbgrader"] = nbgrader_metadata(ex.check, grade=True)
        else:
            source = cell.source
            metadata["nbgrader"] = nbgrader_metadata(f"{cell.cell_type}-{i:03d}")
        cells.append(_cell(cell.cell_type, source, metadata))
    intro = _cell("markdown", INTRO[edition].format(points=POINTS, s="" if POINTS == 1 else "s"),
                  {"nbgrader": nbgrader_metadata("graded-version-note")})
    out = nbformat.v4.new_notebook(metadata=copy.deepcopy(dict(nb.metadata)), cells=cells[:1] + [intro] + cells[1:])
    return out


def write_course(course_dir: Path = COURSE_DIR) -> list[str]:
    """A fresh course folder: the config and source/<assignment>/ for every notebook of both
    editions. Returns the assignment names in course order."""
    if course_dir.exists():
        shutil.rmtree(course_dir)
    (course_dir / "source").mkdir(parents=True)
    (course_dir / "nbgrader_config.py").write_text(CONFIG.format(course_id=COURSE_ID, stub=STUB), encoding="utf-8")
    names = []
    for edition in EDITIONS:
        for path in notebooks(edition):
            name = assignment_id(edition, path)
            where = path.relative_to(ROOT).as_posix()
            source = convert(nbformat.read(path, as_version=4), edition, where)
            folder = course_dir / "source" / name
            folder.mkdir()
            nbformat.write(source, folder / path.name)
            names.append(name)
    return names


def nbgrader_api(course_dir: Path = COURSE_DIR, **settings):
    """nbgrader's own API on the course folder, configured by its nbgrader_config.py; settings
    ({"Exchange": {"root": ...}}) are added on top. Needs the 'instructor' extra."""
    # nbgrader runs the `alembic` command of its own environment when it creates a gradebook
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    _gradebook_pragmas()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    config.merge(Config(settings))
    return NbGraderAPI(CourseDirectory(config=config), config=config)


_PRAGMAS_SET = []


def _gradebook_pragmas() -> None:
    """Open every SQLite gradebook in WAL mode with synchronous=NORMAL: nbgrader commits once per
    cell, and the default (a disk sync per commit) made generating the course take a minute; WAL
    also lets parallel autograding read while another process writes. A crash can lose the last
    commits, never corrupt the file."""
    if _PRAGMAS_SET:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def pragmas(connection, record):
        if type(connection).__module__.startswith("sqlite3"):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    _PRAGMAS_SET.append(pragmas)


def generate(names: list[str], course_dir: Path = COURSE_DIR) -> None:
    """nbgrader's generate_assignment for every assignment: release/<assignment>/ for the
    learners, and the assignment, its notebooks and graded cells in gradebook.db."""
    api = nbgrader_api(course_dir)
    for name in names:
        result = api.generate_assignment(name)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{result.get('log', '')}"
                               f"{result.get('error', '')}")


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__)
        return 2
    names = write_course()
    generate(names)
    print(f"{len(names)} assignments in {COURSE_DIR.relative_to(ROOT)}: source/ (with the reference answers), "
          "release/ (what learners get), gradebook.db")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
