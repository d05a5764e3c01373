"""The autograding demo: two learners take every assignment, with nbgrader's own machinery.

    python tools/autograde_demo.py       what `make autograde-demo` runs (after `make assignments`)

In the course folder that tools/assignments.py wrote (_build/nbgrader/), with a local exchange
folder standing in for the hub's:
  1. the instructor releases every assignment (nbgrader release_assignment);
  2. two learners fetch each one (fetch_assignment) into learners/<learner>/, answer and submit it
     (submit): demo_correct types in the reference answers; demo_wrong types them in too, but
     with one plausible mistake in one exercise per assignment (PLANTS);
  3. the instructor collects (collect), autogrades (autograde: every notebook runs top to bottom
     in a fresh kernel, two at a time), generates and releases feedback (generate_feedback,
     release_feedback), and the learners fetch it (fetch_feedback);
  4. the score table (learner, assignment, score, max) comes from nbgrader's gradebook.

Then it checks, and exits 1 if any check fails: demo_correct has full marks on every
assignment; demo_wrong lost exactly the planted exercise's points on every assignment, and the
feedback it fetched shows the checker's diagnosis of its mistake (in the edition's language);
no released notebook holds a solution.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import assignments  # noqa: E402

COURSE_DIR = assignments.COURSE_DIR
LEARNERS = ("demo_correct", "demo_wrong")
# autogrades at once (AUTOGRADE_WORKERS=n to choose): one more than the cores, because each also
# waits part of the time (for its kernel to start, for the reply to every cell, on the gradebook);
# on 2 cores the demo's autograding took 140 s with 3 at a time and 177 s with 2
WORKERS = int(os.environ.get("AUTOGRADE_WORKERS", 0)) or (os.cpu_count() or 1) + 1
KERNEL_LOG = COURSE_DIR / "autograde-kernels.log"
# the hub's settings, pointed at folders inside the course folder for the demo; both demo
# learners are this machine's user, so collect's "is the owner the learner?" warning is off
DEMO_SETTINGS = {
    "Exchange": {"root": str(COURSE_DIR / "exchange"), "cache": str(COURSE_DIR / "exchange-cache")},
    "ExchangeCollect": {"check_owner": False},
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Plant:
    """One plausible mistake: in the answer to `exercise`, `old` becomes `new`; the checker's
    diagnosis of it contains `hint` (gdlib's English message, translated for the Korean edition)."""

    exercise: str
    old: str
    new: str
    hint: str


# one mistake per notebook, by number: the slips a learner really makes
PLANTS = {
    "00": Plant("slope", "(y2 - y1) / (x2 - x1)", "(y1 - y2) / (x2 - x1)",  # a sign error
                "the sign is flipped: subtract in the same order on top and bottom"),
    "01": Plant("central_difference", "/ (2 * h)", "/ h",  # the run of a central difference is 2h
                "that is twice the central difference: f(x+h) and f(x−h) are 2h apart, so divide by 2*h, not by h"),
    "02": Plant("directional_derivative", "grad(p) @ u", "grad(p) @ v",  # v not normalised
                "you did not normalise v: use u = v / np.linalg.norm(v), so the rate is per unit of distance, "
                "not per length of v"),
    "03": Plant("linreg_gradient", "np.array([2 * np.mean(r * x), 2 * np.mean(r)])",
                "np.array([np.mean(r * x), np.mean(r)])",  # the 2 of the square dropped
                "exactly half: that is the gradient of ½·MSE (the lecture notes fold the 2 into the learning rate); "
                "here L is the MSE itself, so keep the 2 from differentiating the square"),
    "04": Plant("minibatch_gradient", "2 / len(batch)", "2 / len(X)",  # the wrong normaliser
                "you divided by n = len(X), the size of the whole data set: average over the batch, len(batch)"),
    "05": Plant("normal_fit", "np.mean((x - mu) ** 2)", "np.var(x, ddof=1)",  # the unbiased variance, not the MLE
                "you divided by n - 1 (np.var with ddof=1): that is the unbiased sample variance, "
                "but the maximum-likelihood estimate divides by n"),
    "06": Plant("adagrad_step", "np.sqrt(G_new)", "np.sqrt(G)",  # stepped with the old accumulator
                "you divided by the old G: update G first, then step with the new one, so that the first step is ±lr "
                "and not a huge lr·g/ε"),
    "07": Plant("adam", "(m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)", "m / (np.sqrt(v) + eps)",
                "there is no bias correction. m and v start at 0, so early on they are too small; divide m by "
                "(1 − β₁ᵗ) and v by (1 − β₂ᵗ)"),  # bias correction forgotten
    "08": Plant("two_layer_backward", "(1 - A1**2)", "(1 - A1)",  # the wrong derivative of tanh
                "dW1 and db1 are off: the slope of tanh is 1 - tanh(z)², i.e. 1 - A1**2; you used 1 - A1"),
}


def plant_for(assignment: str) -> Plant:
    """The mistake planted in an assignment (en_03_... and ko_03_... get the same one)."""
    number = assignment.split("_")[1]
    if number not in PLANTS:
        raise ValueError(f"no planted mistake for notebook {number} (assignment {assignment!r}); add one to PLANTS")
    return PLANTS[number]


def hint_text(plant: Plant, edition: str) -> str:
    """The plant's expected diagnosis in the edition's language, as gdlib says it."""
    import gdlib
    from gdlib.i18n import _

    before = gdlib.get_language()
    gdlib.set_language(edition)
    try:
        return _(plant.hint)
    finally:
        gdlib.set_language(before)


# --- what a learner types ---------------------------------------------------------------------


def split_answer(source: str) -> tuple[list[str], list[str], list[str]]:
    """An answer cell of the instructor's version as (the lines before nbgrader's BEGIN marker,
    the reference answer between the markers, the lines after END)."""
    lines = source.split("\n")
    begin = next(i for i, line in enumerate(lines) if assignments.BEGIN in line)
    end = next(i for i, line in enumerate(lines) if assignments.END in line)
    return lines[:begin], lines[begin + 1:end], lines[end + 1:]


def typed_answer(source: str, mistake: Plant | None = None) -> str:
    """The reference answer as a learner would type it (the markers taken out); with a mistake,
    the answer's code (not its docstring) changed by it, which must happen exactly once."""
    head, body, tail = split_answer(source)
    code = "\n".join(body)
    if mistake is not None:
        if code.count(mistake.old) != 1:
            raise ValueError(f"the answer to {mistake.exercise} should contain {mistake.old!r} exactly once:\n{code}")
        code = code.replace(mistake.old, mistake.new)
    return "\n".join([*head, code, *tail])


def answer_cells(nb) -> dict:
    """{grade_id: cell} for the answer cells of an nbgrader notebook."""
    return {cell.metadata["nbgrader"]["grade_id"]: cell
            for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("solution")}


def fill_in(released_nb, source_nb, mistake: Plant | None = None):
    """The released notebook with every answer cell typed in from the instructor's version, the
    one named by the mistake with the mistake in it."""
    reference = answer_cells(source_nb)
    if mistake is not None and mistake.exercise not in reference:
        raise ValueError(f"no answer cell {mistake.exercise!r} to plant the mistake in")
    for grade_id, cell in answer_cells(released_nb).items():
        planted = mistake if mistake is not None and grade_id == mistake.exercise else None
        cell.source = typed_answer(reference[grade_id].source, planted)
    return released_nb


# --- nbgrader's steps -------------------------------------------------------------------------


@cache
def api():
    """nbgrader's API on the course folder, with the demo's exchange (one per process)."""
    return assignments.nbgrader_api(COURSE_DIR, **DEMO_SETTINGS)


def _ok(result: dict, what: str) -> dict:
    if not result["success"]:
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}{result.get('error', '')}")
    return result


def _as_learner(app_class, learner: str, assignment: str) -> None:
    """One of nbgrader's learner-side exchange steps (fetch_assignment, submit, fetch_feedback), as
    the learner would run it in their home, learners/<learner>/ (with nbgrader's cache there too:
    on a hub every learner has their own)."""
    from nbgrader.utils import capture_log, temp_attrs

    home = COURSE_DIR / "learners" / learner
    home.mkdir(parents=True, exist_ok=True)
    a = api()
    with temp_attrs(a.coursedir, assignment_id=assignment, student_id=learner):
        app = app_class(coursedir=a.coursedir, authenticator=a.authenticator, parent=a)
        app.assignment_dir, app.cache = str(home), str(home / ".nbgrader_cache")
        _ok(capture_log(app), f"{app_class.__name__} {assignment} ({learner})")


def start_fresh() -> None:
    """Forget any earlier demo (its folders, and its learners' submissions in the gradebook), and
    put the learners on the course's roster, as an instructor does before the first collect."""
    from nbgrader.api import Gradebook, MissingEntry

    for folder in ("exchange", "exchange-cache", "learners", "submitted", "autograded", "feedback"):
        shutil.rmtree(COURSE_DIR / folder, ignore_errors=True)
    (COURSE_DIR / "exchange").mkdir()
    with Gradebook(api().coursedir.db_url, assignments.COURSE_ID) as gb:
        for learner in LEARNERS:
            try:
                gb.remove_student(learner)
            except MissingEntry:
                pass
            gb.add_student(learner)


def take(assignment: str, learner: str) -> None:
    """A learner fetches the released assignment, types in the answers and submits it."""
    exchange = api().exchange
    _as_learner(exchange.FetchAssignment, learner, assignment)
    mistake = plant_for(assignment) if learner == "demo_wrong" else None
    for path in sorted((COURSE_DIR / "learners" / learner / assignment).glob("*.ipynb")):
        source = nbformat.read(COURSE_DIR / "source" / assignment / path.name, as_version=4)
        released = nbformat.read(path, as_version=4)
        nbformat.write(fill_in(released, source, mistake), path)
    _as_learner(exchange.Submit, learner, assignment)


def autograde(assignment: str, learner: str) -> tuple[str, str, float]:
    """nbgrader autograde and generate_feedback for one submission (runs in a worker process)."""
    started = time.perf_counter()
    _ok(api().autograde(assignment, learner), f"autograde {assignment} {learner}")
    _ok(api().generate_feedback(assignment, learner), f"generate_feedback {assignment} {learner}")
    return assignment, learner, time.perf_counter() - started


def _quiet_kernels() -> None:
    """A worker's stderr, which its kernels inherit, goes to KERNEL_LOG: every kernel says that it
    talks over local TCP without encryption. nbgrader's own log of a failure is still raised."""
    log = open(KERNEL_LOG, "a")  # noqa: SIM115 (open for the worker's lifetime)
    os.dup2(log.fileno(), 2)
    warnings.filterwarnings("ignore", module="nbgrader")  # SQLAlchemy's notes on nbgrader's queries


def autograde_all(names: list[str]) -> dict:
    """Every submission autograded, WORKERS at a time, the slowest notebooks first."""
    jobs = [(name, learner) for name in sorted(names, key=_expected_seconds, reverse=True) for learner in LEARNERS]
    with ProcessPoolExecutor(max_workers=WORKERS, initializer=_quiet_kernels) as pool:
        futures = [pool.submit(autograde, name, learner) for name, learner in jobs]
        return {(a, learner): seconds for a, learner, seconds in (f.result() for f in futures)}


def _expected_seconds(assignment: str) -> int:
    """How long the notebook takes to run, roughly (README's bench table: 00 is the quickest,
    03, 04, 07 and 08 the slowest), to start the long ones first."""
    return {"00": 4, "01": 8, "02": 8, "03": 13, "04": 14, "05": 12, "06": 10, "07": 16, "08": 13}.get(
        assignment.split("_")[1], 10)


def scores(names: list[str]) -> list[tuple[str, str, float, float]]:
    """(learner, assignment, score, max) for every submission, read from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(api().coursedir.db_url, assignments.COURSE_ID) as gb:
        for learner in LEARNERS:
            for name in names:
                submission = gb.find_submission(name, learner)
                rows.append((learner, name, submission.score, submission.max_score))
    return rows


def print_table(rows: list[tuple[str, str, float, float]]) -> None:
    width = max(len(name) for _, name, _, _ in rows)
    print(f"{'learner':<13} {'assignment':<{width}} {'score':>5} {'max':>5}")
    for learner, name, score, most in rows:
        print(f"{learner:<13} {name:<{width}} {score:>5g} {most:>5g}")


# --- the checks ---------------------------------------------------------------------------------


def fetched_feedback(assignment: str, learner: str) -> list[Path]:
    """The feedback pages the learner fetched: learners/<learner>/<assignment>/feedback/<time>/*.html."""
    return sorted((COURSE_DIR / "learners" / learner / assignment / "feedback").glob("*/*.html"))


def words(text: str) -> str:
    """Text with every run of spaces and line breaks made one space (the diagnosis is wrapped)."""
    return " ".join(text.split())


def feedback_text(page: Path) -> str:
    """A feedback page as a reader sees its text: tags and colour codes out, entities decoded,
    lines joined."""
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    return words(ANSI.sub("", html.unescape(text)))


def released_solution_problems(name: str) -> list[str]:
    """What of the solutions a released notebook still holds: a solution cell, nbgrader's markers,
    or an answer cell that is more than the starter (the lines around the reference answer, with
    nbgrader's stub in its place)."""
    problems = []
    for source_path in sorted((COURSE_DIR / "source" / name).glob("*.ipynb")):
        where = f"release/{name}/{source_path.name}"
        released = nbformat.read(COURSE_DIR / "release" / name / source_path.name, as_version=4)
        text = "\n".join(cell.source for cell in released.cells)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "_solution("):
            if marker in text:
                problems.append(f"{where} contains {marker!r}")
        if any(assignments.is_solution(cell) for cell in released.cells):
            problems.append(f"{where} has a solution cell")
        released_answers = answer_cells(released)
        for grade_id, cell in answer_cells(nbformat.read(source_path, as_version=4)).items():
            head, body, tail = split_answer(cell.source)
            indent = body[0][: len(body[0]) - len(body[0].lstrip())]
            starter = "\n".join([*head, indent + assignments.STUB, *tail])
            if grade_id not in released_answers or released_answers[grade_id].source != starter:
                problems.append(f"{where}: the answer cell {grade_id} is not the starter alone")
    return problems


def check(names: list[str], rows: list[tuple[str, str, float, float]]) -> list[str]:
    """Every way the demo's outcome differs from what it should be (an empty list: all good)."""
    problems = []
    for learner, name, score, most in rows:
        if learner == "demo_correct" and score != most:
            problems.append(f"demo_correct got {score:g}/{most:g} on {name}, not full marks")
        if learner == "demo_wrong" and score != most - assignments.POINTS:
            problems.append(f"demo_wrong got {score:g}/{most:g} on {name}; the planted mistake should cost "
                            f"exactly {assignments.POINTS:g}")
    for name in names:
        pages = fetched_feedback(name, "demo_wrong")
        hint = words(hint_text(plant_for(name), name.split("_")[0]))
        if not pages:
            problems.append(f"demo_wrong fetched no feedback for {name}")
        elif not any(hint in feedback_text(page) for page in pages):
            problems.append(f"demo_wrong's feedback on {name} does not show the checker's diagnosis {hint!r}")
        problems += released_solution_problems(name)
    return problems


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__)
        return 2
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"  # the kernel is this environment's python3
    if not (COURSE_DIR / "release").is_dir():
        sys.exit("no assignments yet in _build/nbgrader: run `make assignments` first")
    names = sorted(p.name for p in (COURSE_DIR / "source").iterdir() if p.is_dir())
    clock = time.perf_counter()
    start_fresh()
    for name in names:
        _ok(api().release_assignment(name), f"release_assignment {name}")
        for learner in LEARNERS:
            take(name, learner)
        _ok(api().collect(name), f"collect {name}")
    print(f"released, fetched, answered, submitted and collected {len(names)} assignments × {len(LEARNERS)} "
          f"learners: {time.perf_counter() - clock:.0f} s")
    clock = time.perf_counter()
    autograde_all(names)
    print(f"autograded and wrote feedback for {len(names) * len(LEARNERS)} submissions, {WORKERS} at a time: "
          f"{time.perf_counter() - clock:.0f} s")
    for name in names:
        _ok(api().release_feedback(name), f"release_feedback {name}")
        for learner in LEARNERS:
            _as_learner(api().exchange.FetchFeedback, learner, name)
    rows = scores(names)
    print_table(rows)
    problems = check(names, rows)
    for problem in problems:
        print(f"FAILED: {problem}")
    if problems:
        return 1
    print(f"demo_correct: full marks on all {len(names)} assignments; demo_wrong: lost the planted exercise on "
          f"each, and its feedback shows the checker's diagnosis; no released notebook holds a solution.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
