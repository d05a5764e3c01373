"""Open the built site (_build/html) in headless Chromium: screenshots, and what only a browser can tell.

For each page it opens (as a file, with every host name unresolvable) it checks that
- every math span was typeset by the site's own MathJax, with no MathJax error;
- the page asked for nothing but its own files (Chromium's record of the page's requests);
- the Korean edition's pages are lang="ko" and draw Hangul with a font that has it;
and it saves screenshots: an English notebook's math and explorer snapshot, the top of an English
and of a Korean notebook, a folded solution. The first is also kept as _build/html-screenshot.png.

    python tools/site_browser.py             # the pages of the screenshots; exit status 1 on a problem
    python tools/site_browser.py --all       # every page of the site (about 1 s a page)
    CHROMIUM=/path/to/chrome python tools/site_browser.py

It talks to Chromium with the DevTools protocol over a pipe (--remote-debugging-pipe): no port, no
Python package beyond the standard library.
"""

import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "html-screenshots"
KEPT = ROOT / "_build" / "html-screenshot.png"
WIDTH, HEIGHT = 1280, 900
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--mute-audio", "--host-resolver-rules=MAP * ~NOTFOUND"]

# (file name, page, what to frame): "top" is the first screen; a script returns the box [top, bottom]
# of the part to frame, in page pixels
EXPLORER_AND_MATH = """(() => {
  const inputs = [...document.querySelectorAll("div.cell .cell_input")];
  const snap = inputs.find(i => i.textContent.includes(".snapshot()")).closest("div.cell");
  const box = snap.getBoundingClientRect();
  return [box.bottom + scrollY - 1150, box.bottom + scrollY + 20];
})()"""
FIRST_SOLUTION = """(() => {
  const [folded, opened] = [...document.querySelectorAll("details.hide")];
  return [folded.getBoundingClientRect().top + scrollY - 500, opened.getBoundingClientRect().bottom + scrollY + 20];
})()"""
OPEN_FIRST_SOLUTION = """(() => {
  const details = [...document.querySelectorAll("details.hide")];
  details[1].open = true;  // the second exercise's solution open, the first one folded
  return details.length;
})()"""
SHOTS_TAKEN = [
    ("en-01-math-and-explorer.png", "notebooks/01_derivatives.html", EXPLORER_AND_MATH, None),
    ("en-01-top.png", "notebooks/01_derivatives.html", "top", None),
    ("ko-01-top.png", "notebooks/ko/01_derivatives.html", "top", None),
    ("ko-01-solutions.png", "notebooks/ko/01_derivatives.html", FIRST_SOLUTION, OPEN_FIRST_SOLUTION),
]

PAGE_FACTS = """(async () => {
  const wait = ms => new Promise(r => setTimeout(r, ms));
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++) await wait(25);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
  const spans = [...document.querySelectorAll(".math")];
  const hangul = /[\\uac00-\\ud7a3]/;
  const title = document.querySelector("h1");
  return {
    lang: document.documentElement.lang,
    math: spans.length,
    typeset: spans.filter(s => s.querySelector("mjx-container")).length,
    errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
    mathjax: !!window.MathJax && !!MathJax.version ? MathJax.version : null,
    hangulInTitle: !!title && hangul.test(title.textContent),
    // the site's own face for Hangul (a local Korean font, else the NanumGothic file shipped in _static)
    hangulFont: (await document.fonts.load('16px "Course Hangul"', "한")).some(f => f.status === "loaded"),
    height: document.documentElement.scrollHeight,
  };
})()"""


class Browser:
    """Headless Chromium driven over --remote-debugging-pipe (one page, one session)."""

    def __init__(self, chromium: str):
        self.profile = tempfile.mkdtemp(prefix="site-browser-")
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()

        def child_fds():  # Chromium reads commands on fd 3 and writes answers on fd 4
            read_end = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4),
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page.enable", "Network.enable", "Runtime.enable"):
            self.call(domain, session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def _message(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError(f"Chromium sent nothing for {timeout:.0f} s")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe (did it start? try CHROMIUM=/path/to/chrome)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message(timeout)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str, timeout: float = 60) -> None:
        for i, seen in enumerate(self.events):
            if seen.get("method") == event:
                del self.events[: i + 1]
                return
        while True:
            message = self._message(timeout)
            if message.get("method") == event:
                return
            self.events.append(message)

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"the page's script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def requested(self) -> list[str]:
        """Every address the page asked for since it was opened."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: Path, top: float = 0, bottom: float = HEIGHT) -> None:
        """The window as a reader sees it (sidebars and header included), scrolled to `top` and made
        as tall as the part from `top` to `bottom` of the page."""
        top = max(0, round(top))
        height = max(200, round(bottom) - top)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=WIDTH, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.evaluate(f"new Promise(r => {{ window.scrollTo(0, {top}); requestAnimationFrame(() => r(scrollY)); }})")
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=WIDTH, height=HEIGHT,
                  deviceScaleFactor=1, mobile=False)

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._read)
        os.close(self._write)
        shutil.rmtree(self.profile, ignore_errors=True)


def find_chromium() -> str:
    """$CHROMIUM if set (it must exist), else the first Chromium or Chrome on the PATH."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        found = shutil.which(chosen)
        if not found:
            sys.exit(f"CHROMIUM={chosen!r} is not a browser found on this system")
        return found
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("no Chromium found: on Debian/Ubuntu `sudo apt-get install chromium fonts-nanum`, "
             "or set CHROMIUM=/path/to/chrome")


def page_problems(page: str, facts: dict, requests: list[str]) -> list[str]:
    """What is wrong with one opened page, from what the browser saw."""
    problems = []
    foreign = [url for url in requests if not url.startswith(("file:", "data:", "blob:", "about:"))]
    if foreign:
        problems.append(f"{page}: asked for {len(foreign)} address(es) on another host: {foreign[:3]}")
    if facts["typeset"] != facts["math"]:
        problems.append(f"{page}: {facts['math'] - facts['typeset']} of {facts['math']} math spans not typeset")
    if facts["errors"]:
        problems.append(f"{page}: {facts['errors']} MathJax error(s)")
    if facts["math"] and not facts["mathjax"]:
        problems.append(f"{page}: MathJax did not start")
    korean = page.startswith("notebooks/ko/") or page == "README.ko.html"
    if korean and (facts["lang"] != "ko" or not facts["hangulInTitle"] or not facts["hangulFont"]):
        problems.append(f"{page}: Korean page with lang={facts['lang']!r}, Hangul title {facts['hangulInTitle']}, "
                        f"a font for Hangul {facts['hangulFont']}")
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="check every page of the site, not only the screenshots'")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: _build/html)")
    parser.add_argument("--shots", type=Path, default=SHOTS, help="where the screenshots go")
    args = parser.parse_args(argv)
    site, shots = args.site.resolve(), args.shots.resolve()
    if not (site / "index.html").is_file():
        sys.exit(f"--site: no built site in {site} (no index.html): run make html first")
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted({page for _, page, _, _ in SHOTS_TAKEN})
    if args.all:
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                       if not p.relative_to(site).parts[0].startswith("_") and p.name != "index.html")
    start = time.perf_counter()
    browser = Browser(find_chromium())
    problems, math = [], 0
    try:
        for page in pages:
            browser.open((site / page).as_uri())
            facts = browser.evaluate(PAGE_FACTS)
            math += facts["typeset"]
            problems += page_problems(page, facts, browser.requested())
            for name, shot_page, frame, prepare in SHOTS_TAKEN:
                if shot_page != page:
                    continue
                if prepare:
                    browser.evaluate(prepare)
                if frame == "top":
                    browser.screenshot(shots / name)
                else:
                    browser.screenshot(shots / name, *browser.evaluate(frame))
                print(f"screenshot: {shots / name}")
    finally:
        browser.close()
    kept = KEPT if shots == SHOTS else shots / KEPT.name
    shutil.copyfile(shots / SHOTS_TAKEN[0][0], kept)
    for problem in problems:
        print(problem)
    print(f"browser: {len(pages)} page(s), {math} math spans typeset, kept {kept}; "
          f"{time.perf_counter() - start:.1f} s: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
