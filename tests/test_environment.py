"""The three package lists agree: pyproject (ranges), environment.yml (conda), lock (pins)."""

import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def split(requirement: str) -> tuple[str, str]:
    name, spec = NAME.match(requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    reqs = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    return dict(split(r) for r in reqs)


def conda_requirements() -> dict[str, str]:
    """The conda packages, plus those that only PyPI has (environment.yml's pip section, less gdlib itself)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return dict(split(d) for d in conda + [p for p in pip if not p.startswith("-e")])


def test_environment_yml_lists_the_same_packages_and_ranges_as_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_environment_yml_installs_gdlib_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_lock_pins_every_dependency_exactly_within_its_range():
    lock = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, rest = line.split("==", 1)
            lock.setdefault(name.strip().lower().replace("_", "-"), []).append(rest.split(";")[0].strip())
    extras = PYPROJECT["project"]["optional-dependencies"]
    for requirement in PYPROJECT["project"]["dependencies"] + [r for extra in extras.values() for r in extra]:
        name, spec = split(requirement)
        assert name in lock, f"{name} is not pinned in requirements/lock.txt; run `make lock`"
        minimum = spec.removeprefix(">=")
        for pinned in lock[name]:
            assert tuple(map(int, re.findall(r"\d+", pinned)[:2])) >= tuple(map(int, minimum.split(".")[:2])), (
                f"{name}=={pinned} in the lock is below pyproject's {spec}"
            )
