"""Check the course against Google Colab's packages: installing it keeps them, and every notebook runs.

    python tools/colab_check.py [--python python3.12] [--keep DIR]

By hand, not in CI (it installs about 400 MB and takes several minutes). In a fresh virtual
environment it
  1. installs Colab's versions of what the course touches (COLAB below: Python 3.12, numpy,
     matplotlib, ipywidgets 7, the classic notebook server ipywidgets 7 needs, and Colab's old
     IPython kernel), and no JupyterLab;
  2. installs the course as a notebook's first cell does in Colab,
     pip install --quiet "<name> @ git+<repository>", from this clone's committed HEAD
     (git+file://...) instead of the repository on GitHub;
  3. fails if step 2 changed any of COLAB's versions or brought in JupyterLab;
  4. runs the explorer and checker unit tests (tests/test_widgets_*.py, tests/test_exercises_*.py)
     and every notebook of both editions, each with its kernel started in a scratch folder outside
     the repository; fails on any error.
What cannot be emulated: Colab's own google.colab module, so the notebooks' install line itself
does not run (step 2 runs the same install).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# Colab's versions (its runtime of 2025) of the packages the course imports or runs on
COLAB = {
    "numpy": "2.0.2",
    "matplotlib": "3.10.0",
    "ipywidgets": "7.7.1",
    "ipykernel": "6.17.1",
    "ipython": "7.34.0",
    "notebook": "6.5.7",
}
COLAB_PYTHON = (3, 12)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(args), flush=True)
    return subprocess.run(args, check=True, text=True, **kwargs)


def installed(python: str) -> dict[str, str]:
    out = run(python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check",
              capture_output=True).stdout
    return {line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
            for line in out.splitlines() if "==" in line}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default="python3.12", help="a Python 3.12 (Colab's), default python3.12")
    parser.add_argument("--keep", type=Path, help="build the environment in this folder and keep it")
    args = parser.parse_args(argv)
    name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    work = Path(tempfile.mkdtemp(prefix="colab-check-"))
    venv = args.keep or work / "venv"
    python = str(venv / "bin" / "python")

    run(args.python, "-m", "venv", str(venv))
    version = run(python, "-c", "import sys; print(*sys.version_info[:2])", capture_output=True).stdout.split()
    if tuple(map(int, version)) != COLAB_PYTHON:
        print(f"{args.python} is Python {'.'.join(version)}; Colab's is 3.12: pass --python", file=sys.stderr)
        return 2
    # a current pip, as Colab has (the one a new venv brings may refuse a git+file:// requirement)
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        *(f"{package}=={pin}" for package, pin in COLAB.items()))
    before = installed(python)

    # what the first code cell runs in Colab, from this clone's committed HEAD
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{name} @ git+file://{ROOT}")
    after = installed(python)
    moved = {p: (before.get(p), after.get(p)) for p in COLAB if before.get(p) != after.get(p)}
    added = sorted(set(after) - set(before))
    print(f"installing {name} added: {', '.join(f'{p}=={after[p]}' for p in added)}")
    problems = [f"{p} moved from {old} to {new}" for p, (old, new) in moved.items()]
    problems += [f"{p} was installed" for p in ("jupyterlab",) if p in after]

    # only now the tools to run tests and notebooks (they must not decide the versions above)
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "pytest", "hypothesis", "nbclient")
    problems += [f"{p} moved to {v} with the test tools" for p, v in installed(python).items()
                 if p in COLAB and v != COLAB[p]]
    tests = sorted(str(p) for p in (ROOT / "tests").glob("test_widgets_*.py")) + sorted(
        str(p) for p in (ROOT / "tests").glob("test_exercises_*.py"))
    if subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests], cwd=work).returncode:
        problems.append("explorer or checker unit tests failed (above)")

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
        (ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))
    driver = (
        "import sys, time, tempfile; from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT / 'tools')!r})\n"
        "from run_notebooks import execute\n"
        "for path in map(Path, sys.argv[1:]):\n"
        "    scratch = Path(tempfile.mkdtemp(prefix='colab-nb-'))\n"
        "    start = time.perf_counter()\n"
        "    execute(path, cwd=scratch)\n"
        "    print(f'ok {time.perf_counter() - start:5.1f} s  {path.relative_to(path.parents[1])}', flush=True)\n"
    )
    if subprocess.run([python, "-c", driver, *map(str, notebooks)], cwd=work).returncode:
        problems.append("a notebook failed (above)")

    versions = installed(python)
    print("versions:", ", ".join(f"{p}=={versions.get(p)}" for p in [*COLAB, name, "koreanize-matplotlib"]))
    for problem in problems:
        print("PROBLEM:", problem)
    print("Colab check:", "FAILED" if problems else f"passed ({len(notebooks)} notebooks, {time.strftime('%H:%M')})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
