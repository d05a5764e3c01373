"""Shared pieces of the exercise-checker tests: starters, a crashing answer, an assertion, and
the reference solutions read from the notebooks' own solution cells."""

import ast
import re
from functools import cache
from importlib import import_module
from pathlib import Path

import nbformat
import numpy as np

from gdlib.exercises import WRONG

ROOT = Path(__file__).resolve().parents[1]
GDLIB_MODULES = ("calculus", "data", "losses", "mle", "objectives", "optim", "training")  # what notebooks import


def starter_dots(*args):
    """A starter whose body is still `...`."""
    ...


def starter_raises(*args):
    """A starter that still raises NotImplementedError."""
    raise NotImplementedError


def crashes(*args):
    """A learner's answer that raises; the checker must report it, not crash."""
    return 1 / 0


def assert_wrong(check, fn, *words):
    """The checker calls fn wrong and its message contains every one of words."""
    fb = check.diagnose(fn)
    assert fb.status == WRONG, fb
    for word in words:
        assert word in fb.message, (word, fb.message)
    return fb


@cache
def notebook_solutions() -> dict:
    """{checker name: the reference solution}, taken from every notebook's solution cells.

    Only the cell's imports and function definitions are run (not the check call), in a
    namespace with numpy as np and gdlib's numerical modules, so the tests judge exactly the code a learner unfolds.
    """
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "solution" not in cell.metadata.get("tags", []):
                continue
            tree = ast.parse(cell.source)
            keep = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.Import, ast.ImportFrom))]
            namespace = {"np": np, **{name: import_module(f"gdlib.{name}") for name in GDLIB_MODULES}}
            exec(compile(ast.Module(body=keep, type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
            for check, name in re.findall(r"exercises\.(check_\w+)\((\w+)\)", cell.source):
                found[check] = namespace[name]
    return found
