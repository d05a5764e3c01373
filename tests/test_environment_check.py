"""gdlib.environment, notebook 00's check: the minima are pyproject's, the place is recognised, and the
advice is one that can be followed there (no `make lab` in Colab)."""

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

from gdlib import environment

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

PROJECT = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]


@pytest.fixture
def place(monkeypatch):
    """Put the check in Colab, on Binder or on this computer."""
    for name in environment.BINDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)

    def put(where):
        if where == "colab":
            monkeypatch.setitem(sys.modules, "google.colab", object())
        elif where == "binder":
            monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    return put


def installed(monkeypatch, **versions):
    """Pretend these versions are installed (None: not installed); the rest as they are."""
    real = environment._installed
    monkeypatch.setattr(environment, "_installed", lambda name: versions[name] if name in versions else real(name))


def test_the_minima_are_pyprojects_lower_bounds():
    # read here from pyproject.toml itself; gdlib reads them from the installed metadata
    expected = {"python": PROJECT["requires-python"].removeprefix(">=")}
    for requirement in PROJECT["dependencies"]:
        name, minimum = re.fullmatch(r"([\w.\-]+)>=([\d.]+)", requirement).groups()
        expected[name] = minimum
    assert environment.minimum_versions() == expected
    assert environment.DISTRIBUTION == PROJECT["name"]


def test_optional_packages_are_not_required():
    minimums = environment.minimum_versions()
    assert "jupyterlab" not in minimums and "pytest" not in minimums and "ipykernel" not in minimums


@pytest.mark.parametrize("where", ["colab", "binder", "local"])
def test_where_it_runs_is_recognised(place, where):
    place(where)
    assert environment.where() == where


def test_this_environment_passes_and_jupyterlab_is_not_needed(place, monkeypatch):
    place("colab")
    installed(monkeypatch, jupyterlab=None)
    assert environment.check() == []
    assert "jupyterlab" not in environment.summary()  # not listed: the same output with or without it
    assert "Google Colab" in environment.summary()


@pytest.mark.parametrize(("where", "words", "not_words"), [
    ("colab", ['%pip install --upgrade "numpy>=2.0"', "Runtime → Restart session"], ["make lab"]),
    ("binder", ['%pip install --upgrade "numpy>=2.0"', "Kernel → Restart Kernel"], ["make lab"]),
    ("local", ["make lab", 'pip install --upgrade "numpy>=2.0"'], ["Colab"]),
])
def test_an_old_package_gets_advice_that_works_where_it_runs(place, monkeypatch, where, words, not_words):
    place(where)
    installed(monkeypatch, numpy="1.26.4")
    problems = environment.check()
    assert problems[0] == "numpy 1.26.4 is older than the course needs (numpy >= 2.0)."
    advice = problems[-1]
    assert all(w in advice for w in words) and not any(w in advice for w in not_words), advice


def test_a_missing_package_and_an_old_python_are_named(place, monkeypatch):
    place("local")
    installed(monkeypatch, ipywidgets=None, python="3.9.18")
    problems = "\n".join(environment.check())
    assert "ipywidgets is not installed (the course needs ipywidgets >= 7.7.1)." in problems
    assert "Python 3.9.18 is older than the course needs (Python >= 3.10)." in problems
    assert '"ipywidgets>=7.7.1"' in problems and '"python>=' not in problems  # pip cannot upgrade Python


def test_versions_compare_as_numbers_not_text(place, monkeypatch):
    place("local")
    installed(monkeypatch, matplotlib="10.0", numpy="2.0.0rc1", ipywidgets="7.7.1")
    assert environment.check() == []
    installed(monkeypatch, ipywidgets="7.7.0")
    assert environment.check()[0].startswith("ipywidgets 7.7.0 is older")


@pytest.mark.parametrize(("where", "words"), [
    ("colab", "run this notebook's first code cell"),
    ("local", "pip install -e ."),
])
def test_a_course_that_is_not_installed_gets_advice_not_an_exception(place, monkeypatch, where, words):
    place(where)

    def not_installed():
        raise metadata.PackageNotFoundError(environment.DISTRIBUTION)
    monkeypatch.setattr(environment, "minimum_versions", not_installed)
    (problem,) = environment.check()
    assert words in problem
    assert "not installed as how-models-learn" in environment.summary()


def test_the_summary_shows_each_version_beside_its_minimum(place):
    place("local")
    lines = environment.summary().splitlines()
    assert lines[0] == "running on: this computer (or a Jupyter server)"
    numpy_line = next(line for line in lines if line.startswith("numpy "))
    assert metadata.version("numpy") in numpy_line and numpy_line.endswith("(needs >= 2.0)")
