"""Checks of a built static site (what `make html` writes to _build/html), from its files alone.

- Nothing is loaded from another host: every HTML, CSS and JS file is scanned for references in
  src, href, srcset, poster, data, action, @import and url(); an absolute address (http:, https:,
  //host, ...) fails unless it is the target of a link the reader clicks (<a href>, <area href>),
  which loads nothing by itself. A local reference must name a file of the site (no broken links,
  nothing outside the site's folder).
- No raw math: no `$...$` or `$$` in the visible text of a page (math must have become MathJax's
  `\\(...\\)` spans), outside code.
- No raw widget text: a live widget's repr (`VBox(children=(...`) or a widget view never shows.
- Solutions stay folded: every "✅" in a cell's output (a checker's verdict, which the stored
  notebooks print only in solution cells) is inside a <details> element.

    python tools/site_check.py _build/html     # prints each problem; exit status 1 if any
"""

import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# attributes whose value the browser fetches (or navigates to, for the link tags below)
URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href"}
CLICKED_LINKS = {"a", "area"}  # href of these is a destination, fetched only when the reader clicks
SKIPPED_TEXT = {"pre", "code", "script", "style", "textarea", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)
HARMLESS_SCHEMES = {"data", "blob", "mailto", "tel", "javascript", "about"}
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(["'])([^"']*)\1""", re.I)  # @import url(...) is a url() already
# in JavaScript: an absolute address assigned to or written into src/href, or inside url()/@import
JS_REFERENCE = re.compile(
    r"""(?:\b(?P<attr>src|href|srcset)\s*[=:]\s*\\?["'`]|url\(\s*\\?["']?|@import\s+(?:url\()?\s*\\?["'])"""
    r"""(?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^"'`)\s\\]+)""",
    re.I,
)
OPEN_LINK_TAG = re.compile(r"<(?:a|area)\s[^<>]*$", re.I)  # the script writes <a ... href="...">: a link
RAW_MATH = re.compile(r"\$\$[^$]{0,2000}?\$\$|\$\$|(?<![\w$\\])\$(?=\S)[^$\n]{1,300}(?<=\S)\$(?![\w$])")
WIDGET_TEXT = re.compile(
    r"\b(?:VBox|HBox|GridBox|Tab|Accordion|Box)\(children=\(|application/vnd\.jupyter\.widget-view")
VERDICT = "✅"


@dataclass
class Page:
    """What a page refers to and shows, gathered in one pass of the HTML parser."""

    loads: list[tuple[str, str]] = field(default_factory=list)  # (what, url): fetched when the page opens
    links: list[tuple[str, str]] = field(default_factory=list)  # (what, url): followed when clicked
    text: list[str] = field(default_factory=list)  # visible text outside code and math
    unfolded_verdicts: int = 0
    details: int = 0
    output_images: int = 0  # <img> inside a notebook cell's output


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        # the open elements, each (tag, skips text, is <details>, is a cell's output), and how many
        # open elements have each property (kept as counts: pages have ~10,000 tags)
        self.stack: list[tuple[str, bool, bool, bool]] = []
        self.skipping = self.in_details = self.in_output = 0
        self.inline: list[str] = []  # text of the <style>/<script> element being read

    def _push(self, entry):
        self.stack.append(entry)
        self.skipping += entry[1]
        self.in_details += entry[2]
        self.in_output += entry[3]

    def _pop_to(self, i):
        for entry in self.stack[i:]:
            self.skipping -= entry[1]
            self.in_details -= entry[2]
            self.in_output -= entry[3]
        del self.stack[i:]

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.page.loads += [(f"<{tag} style>", url) for url in css_references(value)]
            if name not in URL_ATTRIBUTES:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            for url in urls:
                where = f"<{tag} {name}>"
                (self.page.links if tag in CLICKED_LINKS and name == "href" else self.page.loads).append((where, url))
        if tag == "meta":
            attributes = dict(attrs)
            if (attributes.get("http-equiv") or "").lower() == "refresh":
                target = re.search(r"url\s*=\s*(\S+)", attributes.get("content") or "", re.I)
                if target:
                    self.page.links.append(("<meta refresh>", target.group(1).strip("'\"")))
        if tag == "img" and self.in_output:
            self.page.output_images += 1
        if tag in VOID:
            return
        classes = next((value or "" for name, value in attrs if name == "class"), "").split()
        skips = tag in SKIPPED_TEXT or "math" in classes or "highlight" in classes
        self._push((tag, skips, tag == "details", "cell_output" in classes or "output" in classes))
        if tag == "details":
            self.page.details += 1
        if tag in ("style", "script"):
            self.inline = []

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.stack and self.stack[-1][0] == tag:
            content = "".join(self.inline)
            if tag == "style":
                self.page.loads += [("<style> inside the page", url) for url in css_references(content)]
            else:
                for url, link in js_references(content):
                    (self.page.links if link else self.page.loads).append(("<script> inside the page", url))
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed tags: close up to the match
            if self.stack[i][0] == tag:
                self._pop_to(i)
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] in ("style", "script"):
            self.inline.append(data)
            return
        if self.in_output and not self.in_details and VERDICT in data:
            self.page.unfolded_verdicts += data.count(VERDICT)
        if not self.skipping:
            self.page.text.append(data)


def parse_html(text: str) -> Page:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


@functools.cache
def _parse_file(path: Path, mtime_ns: int) -> Page:
    return parse_html(path.read_text(encoding="utf-8", errors="replace"))


def parse_page(path: Path) -> Page:
    """parse_html of the file at `path`, parsed once while it is unchanged (the build's checks share it)."""
    path = Path(path).resolve()
    return _parse_file(path, path.stat().st_mtime_ns)


def css_references(text: str) -> list[str]:
    """Every address a stylesheet fetches: url(...) and @import."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [m.group(2) for m in CSS_URL.finditer(text)] + [m.group(2) for m in CSS_IMPORT.finditer(text)]


def js_references(text: str) -> list[tuple[str, bool]]:
    """Absolute addresses a script writes into src/href, url() or @import, each with True if it is
    the href of a link (<a href="...">, e.g. a dialog's "www.mathjax.org"), which loads nothing."""
    found = []
    for m in JS_REFERENCE.finditer(text):
        link = m.group("attr") is not None and m.group("attr").lower() == "href" and bool(
            OPEN_LINK_TAG.search(text[max(0, m.start() - 300):m.start()]))
        found.append((m.group("url"), link))
    return found


def is_remote(url: str) -> bool:
    """True for an address on another host: a scheme other than data:, blob:, mailto: ..., or //host."""
    if REMOTE.match(url):
        return True
    scheme = SCHEME.match(url)
    return bool(scheme) and scheme.group(1).lower() not in HARMLESS_SCHEMES and len(scheme.group(1)) > 1


def _local_target(root: Path, source: Path, url: str) -> Path | None:
    """The file a relative reference names, or None for one that needs no file (#anchor, data:, ...)."""
    if SCHEME.match(url) or url.startswith("#") or not url.strip():
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None
    if path.startswith("/"):
        return Path("/") / path  # site-absolute: outside the folder when the pages are opened as files
    return (source.parent / path).resolve()


def _problems_of_reference(root: Path, source: Path, what: str, url: str, loaded: bool) -> Iterator[str]:
    name = source.relative_to(root).as_posix()
    if is_remote(url):
        if loaded:
            yield f"{name}: {what} loads {url} from another host"
        return
    target = _local_target(root, source, url)
    if target is None:
        return
    if root not in target.parents and target != root:
        yield f"{name}: {what} {url} points outside the site's folder"
    elif not target.exists():
        yield f"{name}: {what} {url} names a file the site does not have"


def check_file(root: Path, path: Path) -> list[str]:
    """The problems of one built file (HTML, CSS or JS) of the site rooted at `root`."""
    root, path = root.resolve(), path.resolve()
    text = path.read_text(encoding="utf-8", errors="replace")
    name = path.relative_to(root).as_posix()
    problems: list[str] = []
    if path.suffix == ".css":
        for url in css_references(text):
            problems += _problems_of_reference(root, path, "a stylesheet's url()/@import", url, loaded=True)
        return problems
    if path.suffix in (".js", ".mjs"):
        for url, link in js_references(text):
            problems += _problems_of_reference(root, path, "a script", url, loaded=not link)
        return problems
    page = parse_page(path)
    for what, url in page.loads:
        problems += _problems_of_reference(root, path, what, url, loaded=True)
    for what, url in page.links:
        problems += _problems_of_reference(root, path, what, url, loaded=False)
    visible = "".join(page.text)
    for match in RAW_MATH.finditer(visible):
        problems.append(f"{name}: raw math in the text: {match.group(0)[:60]!r}")
    if WIDGET_TEXT.search(text):
        problems.append(f"{name}: a widget's text repr or view shows: {WIDGET_TEXT.search(text).group(0)!r}")
    if page.unfolded_verdicts:
        problems.append(f"{name}: {page.unfolded_verdicts} checker verdict(s) ✅ outside a folded <details>")
    return problems


def site_files(root: Path) -> list[Path]:
    """The site's HTML, CSS and JS files (Sphinx's hidden build folders left out)."""
    return sorted(p for p in root.rglob("*") if p.suffix in (".html", ".css", ".js", ".mjs")
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def check_site(root: Path) -> list[str]:
    """Every problem of every HTML, CSS and JS file under `root`."""
    root = Path(root)
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"root must be a built site with an index.html; {root} has none (run make html)")
    problems: list[str] = []
    for path in site_files(root):
        problems += check_file(root, path)
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "_build/html")
    problems = check_site(root)
    for problem in problems:
        print(problem)
    print(f"{len(site_files(root))} files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
