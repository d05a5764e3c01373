"""Where the course runs and whether its packages are new enough (notebook 00's environment check).

    from gdlib import environment
    print(environment.summary())   # the place, Python and every package's version beside its minimum
    environment.check()            # [] when all is well, else what is wrong and what to do about it here

The minimum versions are not written down here: they are read from the installed distribution's
metadata (how-models-learn, i.e. pyproject.toml's ranges as pip installed them), so this check
and pyproject.toml cannot disagree. The advice names what can be done where the notebook runs:
Colab (a %pip cell and Runtime → Restart session), Binder, or this computer (make lab).
"""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata

from gdlib.i18n import _

__all__ = ["DISTRIBUTION", "where", "minimum_versions", "check", "summary"]

DISTRIBUTION = "how-models-learn"  # pyproject's [project].name; the package it installs is gdlib
# BinderHub sets these in every session it launches
BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST")
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$")


def where() -> str:
    """"colab", "binder" or "local" (any other Jupyter: a clone, a JupyterHub, conda)."""
    if "google.colab" in sys.modules:
        return "colab"
    if any(name in os.environ for name in BINDER_VARIABLES):
        return "binder"
    return "local"


def _release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version: "2.0.2" -> (2, 0, 2), "4.5.post3" -> (4, 5), "2.1.0rc1" -> (2, 1, 0)."""
    found = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in found.group().split(".")) if found else ()


def _at_least(version: str, minimum: str) -> bool:
    have, need = _release(version), _release(minimum)
    width = max(len(have), len(need))
    return have + (0,) * (width - len(have)) >= need + (0,) * (width - len(need))


def _lower_bound(specifier: str) -> str | None:
    """The version after ">=" in a specifier such as ">=2.0" or ">=3.8,<4" (None without one)."""
    found = re.search(r">=\s*([0-9][^,\s]*)", specifier)
    return found.group(1) if found else None


def minimum_versions() -> dict[str, str]:
    """{"python": ..., package: lowest version, ...} for what `import gdlib` needs (not the extras),
    from the installed how-models-learn metadata. Raises PackageNotFoundError if it is not installed."""
    info = metadata.metadata(DISTRIBUTION)
    minimums = {"python": _lower_bound(info.get("Requires-Python") or "")}
    for requirement in metadata.requires(DISTRIBUTION) or []:
        name, specifier, marker = _REQUIREMENT.match(requirement).groups()
        if marker is None:  # a marker (extra == "lab", ...) means it is optional
            minimums[name.lower().replace("_", "-")] = _lower_bound(specifier)
    return {name: minimum for name, minimum in minimums.items() if minimum}


def _label(name: str) -> str:
    return "Python" if name == "python" else name


def _installed(name: str) -> str | None:
    if name == "python":
        return ".".join(map(str, sys.version_info[:3]))
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _advice(place: str, packages: list[str]) -> str:
    wanted = " ".join(f'"{requirement}"' for requirement in packages)
    if place == "colab":
        return _("In Colab: run %pip install --upgrade {packages} in a new cell, then Runtime → Restart session "
                 "and run this notebook from the top.").format(packages=wanted)
    if place == "binder":
        return _("On Binder: run %pip install --upgrade {packages} in a new cell, then Kernel → Restart Kernel "
                 "and run this notebook from the top.").format(packages=wanted)
    return _("On this computer: run `make lab` in the course's folder (it installs the tested versions into .venv "
             "and opens JupyterLab), or pip install --upgrade {packages} in the environment of this kernel.").format(
        packages=wanted)


def check() -> list[str]:
    """What is missing or too old, one sentence each, then what to do about it where this runs; [] if all is well."""
    place = where()
    try:
        minimums = minimum_versions()
    except metadata.PackageNotFoundError:
        if place == "colab":
            return [_("The course is not installed in this Colab session: run this notebook's first code cell "
                      "(in Colab it installs the course), then this cell again.")]
        return [_("gdlib is imported from its folder but the course ({distribution}) is not installed, so its "
                  "minimum versions are unknown: run `make lab` in the course's folder, or pip install -e . "
                  "there.").format(distribution=DISTRIBUTION)]
    problems, upgrades = [], []
    for name, minimum in minimums.items():
        version, label = _installed(name), _label(name)
        if version is None:
            problems.append(_("{package} is not installed (the course needs {package} >= {minimum}).").format(
                package=label, minimum=minimum))
        elif not _at_least(version, minimum):
            problems.append(_("{package} {version} is older than the course needs ({package} >= {minimum}).").format(
                package=label, version=version, minimum=minimum))
        else:
            continue
        if name == "python":  # pip cannot change the interpreter a kernel runs on
            problems.append(_("Start the course with Python {minimum} or newer (on this computer: "
                              "make lab PYTHON=python3.12).").format(minimum=minimum))
        else:
            upgrades.append(f"{name}>={minimum}")
    if upgrades:
        problems.append(_advice(place, upgrades))
    return problems


def summary() -> str:
    """Where this runs, then Python and each package the course needs: the installed version and the minimum."""
    places = {"colab": _("Google Colab"), "binder": _("Binder"), "local": _("this computer (or a Jupyter server)")}
    lines = [_("running on: {place}").format(place=places[where()])]
    try:
        minimums = minimum_versions()
        lines.append(f"{'gdlib':<21} {_installed(DISTRIBUTION):<9} ({DISTRIBUTION})")
    except metadata.PackageNotFoundError:
        minimums = {}
        lines.append(f"{'gdlib':<21} " + _("not installed as {distribution}").format(distribution=DISTRIBUTION))
    for name, minimum in minimums.items():
        shown = _installed(name) or _("not installed")
        lines.append(f"{_label(name):<21} {shown:<9} " + _("(needs >= {minimum})").format(
            minimum=minimum))
    return "\n".join(lines)
