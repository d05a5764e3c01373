"""A demo learner opens the course on the course's JupyterHub in headless Chromium: `make hub-screenshot`.

    python tools/hub_screenshot.py        CHROMIUM=/path/to/chrome for another browser

Starts the hub (tools/hub_server.py) on a free port of 127.0.0.1, logs in as learner01 with the
hub's login form, waits until the hub has started the learner's server and JupyterLab shows the
course's first notebook with its kernel idle, and saves _build/hub-screenshot.png. Requests to any
other host than 127.0.0.1 (the notebook's Colab and Binder badges) are blocked. Exits 1 if the
notebook did not open or a process the hub started is still running after it stopped.
"""

from __future__ import annotations

import json
import signal
import sys
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hub_server import LEARNER_PASSWORD, REPO, Hub  # noqa: E402

sys.path.insert(0, str(REPO))
from e2e.lab import CHROMIUM_ARGS, find_chromium  # noqa: E402

LEARNER = "learner01"
NOTEBOOK = "00_start_here.ipynb"  # the config's default URL opens it
SHOT = REPO / "_build" / "hub-screenshot.png"
WAIT_MS = 300_000  # the learner's server starts in seconds alone, in a minute or more on a busy 2-core machine


def title_of(notebook: Path) -> str:
    """The notebook's title: the first markdown heading's text."""
    for cell in json.loads(notebook.read_text())["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip()
    raise ValueError(f"{notebook} has no '# ' title")


def main() -> None:
    title = title_of(REPO / "notebooks" / NOTEBOOK)
    hub = Hub(REPO / "_build" / "hub-screenshot", log=REPO / "_build" / "hub-screenshot.log")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the hub in `finally` on a kill too
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even where a shell ignores it for us
    blocked: list[str] = []
    failure = ""
    try:
        hub.start()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()

                def only_loopback(route):
                    if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
                        route.continue_()
                    else:
                        blocked.append(route.request.url)
                        route.abort()

                page.route("**/*", only_loopback)
                page.goto(f"{hub.url}/hub/login")
                page.fill("#username_input", LEARNER)
                page.fill("#password_input", LEARNER_PASSWORD)
                page.click("#login_submit")
                page.wait_for_url(f"**/user/{LEARNER}/lab/tree/{NOTEBOOK}*", timeout=WAIT_MS)
                page.get_by_role("heading", name=title).first.wait_for(timeout=WAIT_MS)
                page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(timeout=WAIT_MS)
                page.screenshot(path=str(SHOT))
            finally:
                browser.close()
    except Exception as error:  # noqa: BLE001 - reported, then the hub is stopped and we exit 1
        failure = f"{type(error).__name__}: {error}"
    finally:
        left = hub.stop()
    print(f"{LEARNER} logged in at {hub.url}/hub/login; JupyterLab opened {NOTEBOOK} ('{title}')"
          if not failure else f"the course did not open: {failure}")
    if not failure:
        print(f"screenshot: {SHOT.relative_to(REPO)}; requests to other hosts blocked: {len(blocked)}")
    print(f"processes started under the hub: {len(hub.seen)}; still running after it stopped: {len(left)}")
    if failure or left:
        sys.exit(1)


if __name__ == "__main__":
    main()
