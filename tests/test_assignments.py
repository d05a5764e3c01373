"""The nbgrader conversion (tools/assignments.py) and the demo's planted mistakes
(tools/autograde_demo.py), checked on the notebooks themselves without nbgrader: the released
version can hold no solution, every check is a graded test worth points that fails with the
checker's diagnosis, every starter is an answer cell with the reference answer between nbgrader's
markers, and everything else is read-only. `make autograde-demo` then runs nbgrader itself.
"""

import ast
import re
import sys
from functools import cache
from importlib import import_module
from pathlib import Path

import nbformat
import numpy as np
import pytest

import gdlib
from gdlib import exercises
from gdlib.exercises import CORRECT, NOT_ATTEMPTED, WRONG

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import assignments  # noqa: E402
import autograde_demo  # noqa: E402

PATHS = [(edition, path) for edition in assignments.EDITIONS for path in assignments.notebooks(edition)]
IDS = [f"{edition}/{path.stem}" for edition, path in PATHS]
GDLIB_MODULES = ("calculus", "data", "losses", "mle", "objectives", "optim", "training")


@cache
def course(edition: str, name: str):
    return nbformat.read(assignments.EDITIONS[edition] / name, as_version=4)


@cache
def converted(edition: str, name: str):
    return assignments.convert(course(edition, name), edition, name)


def graded(nb, key: str) -> list:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get(key)]


def namespace() -> dict:
    """What a notebook's first cell imports, for running an answer or a check cell here."""
    return {"np": np, "exercises": exercises, **{m: import_module(f"gdlib.{m}") for m in GDLIB_MODULES}}


def nbgrader_clears(source: str) -> str:
    """What nbgrader's generate_assignment leaves of an answer cell: the lines between the markers
    replaced by the stub at the marker's indentation."""
    return re.sub(rf"^([ \t]*){re.escape(assignments.BEGIN)}\n.*?^[ \t]*{re.escape(assignments.END)}$",
                  lambda m: m[1] + assignments.STUB, source, flags=re.S | re.M)


@pytest.fixture(params=PATHS, ids=IDS)
def pair(request):
    edition, path = request.param
    return edition, course(edition, path.name), converted(edition, path.name)


def test_every_numbered_notebook_of_both_editions_is_an_assignment():
    names = [assignments.assignment_id(e, p) for e, p in PATHS]
    assert names[0] == "en_00_start_here" and "ko_08_neural_network" in names
    assert len(names) == 2 * len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))) == len(set(names))


def test_no_solution_cell_or_solution_code_is_left_outside_the_markers(pair):
    _, original, nb = pair
    assert not [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    released = "\n".join(nbgrader_clears(c.source) for c in nb.cells)
    assert "_solution(" not in released and "SOLUTION" not in released
    starters = "\n".join(original.cells[ex.starter].source for ex in assignments.find_exercises(original))
    for cell in graded(nb, "solution"):
        body = cell.source.split(assignments.BEGIN)[1].split(assignments.END)[0]
        code = [line.strip() for line in body.splitlines() if line.strip() and not line.strip().startswith("#")]
        left = [line for line in code if line in nbgrader_clears(cell.source) and line not in starters]
        assert code and not left, f"answer code outside the markers: {left}"
    solutions = [c for c in original.cells if "solution" in c.metadata.get("tags", [])]
    assert len(nb.cells) == len(original.cells) - len(solutions) + 1  # + the note on the graded version


def test_every_check_cell_is_a_graded_test_cell_worth_points(pair):
    _, original, nb = pair
    checks = [assignments.CHECK_CALL.fullmatch(c.source) for c in original.cells
              if "solution" not in c.metadata.get("tags", [])]
    checks = [m.groups() for m in checks if m]
    tests = graded(nb, "grade")
    assert len(tests) == len(checks) >= 3
    for (check, name), cell in zip(checks, tests, strict=True):
        meta = cell.metadata["nbgrader"]
        assert meta["points"] == assignments.POINTS > 0 and meta["locked"] and not meta["solution"]
        assert meta["grade_id"] == check and cell.cell_type == "code"
        assert f"exercises.{check}.diagnose({name})" in cell.source and "assert feedback.correct," in cell.source


def test_every_starter_is_an_answer_cell_with_the_reference_between_the_markers(pair):
    _, original, nb = pair
    answers = {c.metadata["nbgrader"]["grade_id"]: c for c in graded(nb, "solution")}
    for ex in assignments.find_exercises(original):
        cell, starter = answers[ex.name], original.cells[ex.starter].source
        assert not cell.metadata["nbgrader"]["locked"] and not cell.metadata["nbgrader"]["grade"]
        solution = ast.parse(original.cells[ex.solution].source)
        reference = next(f for f in solution.body if isinstance(f, ast.FunctionDef) and f.name.endswith("_solution"))
        between = cell.source.split(assignments.BEGIN + "\n")[1].split(assignments.END)[0]
        typed = ast.parse(f"def f():\n{between}").body[0]
        assert [ast.dump(n) for n in typed.body] == [ast.dump(n) for n in reference.body]
        # what the learner gets back is the starter, its `...  # comment` line split in two
        *head, last = starter.splitlines()
        indent, comment = last.split("...")[0], last.split("#", 1)[1]
        assert nbgrader_clears(cell.source) == "\n".join([*head, f"{indent}#{comment}", indent + assignments.STUB])


def test_prose_demo_and_review_cells_are_read_only(pair):
    _, _, nb = pair
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    assert len(ids) == len(set(ids)), "nbgrader needs a unique grade_id per cell"
    others = [c for c in nb.cells if not c.metadata["nbgrader"]["solution"] and not c.metadata["nbgrader"]["grade"]]
    assert len(others) > 20 and {c.cell_type for c in others} == {"markdown", "code"}
    for cell in others:
        assert cell.metadata["nbgrader"]["locked"] and cell.metadata["nbgrader"]["schema_version"] == 3
        assert not cell.get("outputs")


def test_the_note_on_the_graded_version_follows_the_title_in_the_editions_language(pair):
    edition, original, nb = pair
    assert nb.cells[0].source == original.cells[0].source
    assert nb.cells[1].metadata["nbgrader"]["locked"]
    assert (re.search(r"[\uac00-\ud7a3]", nb.cells[1].source) is not None) == (edition == "ko")


def test_a_check_cell_fails_with_the_checkers_diagnosis():
    nb = converted("en", "00_start_here.ipynb")
    check = next(c.source for c in graded(nb, "grade") if c.metadata["nbgrader"]["grade_id"] == "check_slope")
    for body, status in [("return (y1 - y2) / (x2 - x1)", WRONG), ("...", NOT_ATTEMPTED)]:
        ns = namespace()
        exec(f"def slope(x1, y1, x2, y2):\n    {body}", ns)  # noqa: S102
        diagnosis = str(exercises.check_slope.diagnose(ns["slope"]))
        assert exercises.check_slope.diagnose(ns["slope"]).status == status
        with pytest.raises(AssertionError) as failed:
            exec(check, ns)  # noqa: S102
        assert " ".join(str(failed.value).split()) == diagnosis
        assert max(len(line) for line in str(failed.value).splitlines()) <= assignments.WRAP


def test_the_reference_answers_in_the_answer_cells_pass_their_checks():
    for name in [p.name for e, p in PATHS if e == "en"]:
        nb = converted("en", name)
        ns = namespace()
        for cell in graded(nb, "solution"):
            exec(cell.source, ns)  # noqa: S102 (the markers are comments)
        for cell in graded(nb, "grade"):
            exec(cell.source, ns)  # noqa: S102 (raises AssertionError with the diagnosis if not correct)
            assert ns["feedback"].status == CORRECT


@pytest.mark.parametrize("edition", ["en", "ko"])
def test_each_planted_mistake_loses_its_points_with_the_expected_diagnosis(edition):
    assert sorted(autograde_demo.PLANTS) == sorted({p.name[:2] for _, p in PATHS})
    gdlib.set_language(edition)
    try:
        for name in [p.name for e, p in PATHS if e == edition]:
            nb = converted(edition, name)
            mistake = autograde_demo.plant_for(f"{edition}_{name[:-6]}")
            answer = autograde_demo.answer_cells(nb)[mistake.exercise]
            ns = namespace()
            exec(autograde_demo.typed_answer(answer.source, mistake), ns)  # noqa: S102
            check = next(c.source for c in graded(nb, "grade") if f".diagnose({mistake.exercise})" in c.source)
            with pytest.raises(AssertionError):
                exec(check, ns)  # noqa: S102
            assert ns["feedback"].status == WRONG
            assert autograde_demo.hint_text(mistake, edition) in ns["feedback"].message
    finally:
        gdlib.set_language("en")


def test_typed_answers_without_a_mistake_are_the_reference_without_markers():
    nb = converted("en", "03_gradient_descent.ipynb")
    answer = autograde_demo.answer_cells(nb)["gradient_descent"].source
    typed = autograde_demo.typed_answer(answer)
    assert "SOLUTION" not in typed and typed.splitlines() == [
        line for line in answer.splitlines() if "SOLUTION" not in line]
    with pytest.raises(ValueError, match="exactly once"):
        autograde_demo.typed_answer(answer, autograde_demo.Plant("gradient_descent", "x * 2", "x * 3", ""))


def test_bad_notebooks_and_arguments_are_refused_with_a_clear_error():
    nb = course("en", "00_start_here.ipynb")
    with pytest.raises(ValueError, match="edition"):
        assignments.convert(nb, "fr")
    broken = nbformat.from_dict(nb)  # a copy: the starter of the first exercise deleted
    first = assignments.find_exercises(broken)[0]
    del broken.cells[first.starter]
    with pytest.raises(ValueError, match="must follow its starter cell"):
        assignments.find_exercises(broken)
    with pytest.raises(ValueError, match=r"must end with its `\.\.\."):
        assignments.answer_source("def f(x):\n    return x", "return x")
    needs = nbformat.from_dict(nb)
    needs.cells.append(nbformat.v4.new_code_cell("print(square_solution(3))"))
    with pytest.raises(ValueError, match="square_solution"):
        assignments.convert(needs, "en")
    with pytest.raises(ValueError, match="no planted mistake"):
        autograde_demo.plant_for("en_42_new_topic")


def test_the_nbgrader_config_is_python():
    text = assignments.CONFIG.format(course_id=assignments.COURSE_ID, stub=assignments.STUB)
    compile(text, "nbgrader_config.py", "exec")
    assert f'"python": "{assignments.STUB}"' in text and "figure_formats" in text
