"""Build the course's static site into _build/html (`make html`), offline, and check it.

1. Sphinx with myst-nb (configuration: web/conf.py) reads README.md, README.ko.md, both editions'
   notebooks with their committed outputs (nothing is executed), the glossary and assets/README.md,
   from a fresh environment, with every Sphinx warning an error.
2. tools/site_check.py checks every built HTML, CSS and JS file: nothing loaded from another host,
   no raw `$...$` math, no raw widget text, checker verdicts only inside folded <details>.
3. The course's own checks: a page for every notebook of both editions, lang="ko" and Hangul on the
   Korean edition's pages, each solution cell folded, each stored figure (explorer snapshots
   included) shown, MathJax from the site's own files.

    python tools/build_site.py                # build + check; exit status 1 on any problem
    python tools/build_site.py --check-only   # check the site already in _build/html
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from site_check import check_site, parse_page  # noqa: E402
from site_rules import WIDGET_VIEW, is_korean  # noqa: E402

OUT = ROOT / "_build" / "html"
DOCTREES = ROOT / "_build" / "doctrees"
PAGES = ["README", "README.ko", "notebooks/glossary", "assets/README"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")
FOLDED_CELL = re.compile(r'<details class="admonition hide above-input">')
MATHJAX = "_static/mathjax/tex-chtml.js"


def build(out: Path = OUT) -> float:
    """Run Sphinx into `out` from scratch; the seconds it took."""
    for folder in (out, DOCTREES):
        shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(ROOT / "web"), "-d", str(DOCTREES),
               "-W", "--keep-going", "-q", str(ROOT), str(out)]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"sphinx-build failed (exit status {result.returncode}); its messages are above")
    return time.perf_counter() - start


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
        (ROOT / "notebooks" / "ko").glob("[0-9][0-9]_*.ipynb"))


def hangul_share(text: str) -> float:
    """Hangul syllables among the letters of `text` (0 for a text with no letters)."""
    hangul, latin = len(HANGUL.findall(text)), len(LATIN.findall(text))
    return hangul / (hangul + latin) if hangul + latin else 0.0


def course_problems(out: Path = OUT) -> tuple[list[str], dict[str, int]]:
    """What the course expects of its pages; also the counts it saw (pages, math, figures, solutions)."""
    problems: list[str] = []
    counts = {"pages": 0, "math": 0, "figures": 0, "solutions": 0}
    docs = [p.relative_to(ROOT).with_suffix("").as_posix() for p in notebooks()] + PAGES
    for doc in docs:
        page = out / f"{doc}.html"
        if not page.is_file():
            problems.append(f"{doc}: no page {page.relative_to(out)}")
            continue
        counts["pages"] += 1
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', html)
        want = "ko" if is_korean(doc) else "en"
        if not lang or lang.group(1) != want:
            problems.append(f"{doc}: <html lang> is {lang.group(1) if lang else None!r}, expected {want!r}")
        parsed = parse_page(page)
        share = hangul_share("".join(parsed.text))
        # Korean pages are mostly Hangul (code aside); English ones give a Korean term now and then
        if want == "ko" and share < 0.5 or want == "en" and doc != "notebooks/glossary" and share > 0.2:
            problems.append(f"{doc}: {share:.0%} of its letters are Hangul, unexpected for a {want!r} page")
        counts["math"] += html.count('class="math notranslate nohighlight"')
        source = ROOT / f"{doc}.ipynb"
        if not source.is_file():
            continue
        if f'src="{"../" * doc.count("/")}{MATHJAX}"' not in html:
            problems.append(f"{doc}: MathJax is not loaded from the site's own {MATHJAX}")
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        solutions = sum("solution" in c["metadata"].get("tags", []) for c in cells)
        figures = sum(1 for c in cells for o in c.get("outputs", [])
                      if "image/png" in o.get("data", {}) and WIDGET_VIEW not in o.get("data", {}))
        folded, shown = len(FOLDED_CELL.findall(html)), parsed.output_images
        if folded != solutions:
            problems.append(f"{doc}: {folded} folded cells on the page, {solutions} solution cells in the notebook")
        if shown != figures:
            problems.append(f"{doc}: {shown} figures on the page, {figures} stored in the notebook")
        counts["figures"] += shown
        counts["solutions"] += folded
    return problems, counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-only", action="store_true", help="check the site in _build/html without building")
    args = parser.parse_args(argv)
    seconds = None if args.check_only else build()
    start = time.perf_counter()
    problems = check_site(OUT)
    course, counts = course_problems()
    problems += course
    for problem in problems:
        print(problem)
    took = f"built in {seconds:.1f} s, " if seconds is not None else ""
    print(f"site: {OUT.relative_to(ROOT)}/index.html ({counts['pages']} course pages, {counts['math']} math spans, "
          f"{counts['figures']} figures, {counts['solutions']} folded solutions); {took}"
          f"checked in {time.perf_counter() - start:.1f} s: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
