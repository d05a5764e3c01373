"""The three package lists agree: pyproject (ranges), environment.yml (conda), lock (pins)."""

import re
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet  # pytest's own dependency

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


EXTRAS = PYPROJECT["project"]["optional-dependencies"]
# environment.yml is what Binder builds from: the runtime, JupyterLab to open the notebooks, the tests
CONDA_EXTRAS = ("lab", "test")


def requirements(*extras: str) -> dict[str, str]:
    """{name: version range} of the runtime dependencies and the given extras; a package listed
    twice (ipykernel is in lab and test) must carry the same range both times."""
    found: dict[str, str] = {}
    for requirement in PYPROJECT["project"]["dependencies"] + [r for e in extras for r in EXTRAS[e]]:
        name, spec = split(requirement)
        assert found.setdefault(name, spec) == spec, f"{name}: two different ranges in pyproject.toml"
    return found


def conda_requirements() -> dict[str, str]:
    """The conda packages, plus those that only PyPI has (environment.yml's pip section, less gdlib itself)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return dict(split(d) for d in conda + [p for p in pip if not p.startswith("-e")])


def test_environment_yml_lists_the_same_packages_and_ranges_as_pyproject():
    assert conda_requirements() == requirements(*CONDA_EXTRAS)


def test_jupyterlab_is_an_extra_not_a_runtime_dependency():
    # `import gdlib` runs without JupyterLab (Colab has none); make lab and Binder install the extra
    runtime = requirements()
    assert "jupyterlab" not in runtime and "ipykernel" not in runtime
    assert "jupyterlab" in requirements("lab")


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
    for name, spec in requirements(*EXTRAS).items():
        assert name in lock, f"{name} is not pinned in requirements/lock.txt; run `make lock`"
        for pinned in lock[name]:  # a lower bound, an upper one (jsonschema<4.25) or both
            assert SpecifierSet(spec).contains(pinned, prereleases=True), (
                f"{name}=={pinned} in the lock is outside pyproject's {spec}; run `make lock`"
            )
