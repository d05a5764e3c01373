"""Session set-up for the browser test: one JupyterLab server and one Chromium for all notebooks.

    make e2e                          every notebook in notebooks/
    make e2e CHROMIUM=/path/to/chrome another Chromium or Chrome
    E2E_NOTEBOOKS=/some/folder        test the notebooks of another folder (development)

Everything started here is stopped by process id at the end, also when the run is
interrupted (Ctrl-C, or SIGTERM from `timeout` or CI): a SIGTERM handler turns the signal
into KeyboardInterrupt, so pytest still runs the fixtures' tear-down.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from e2e import lab
from e2e.report import RESULTS, summary_lines

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = Path(os.environ.get("E2E_NOTEBOOKS", ROOT / "notebooks")).resolve()
SHOTS = ROOT / "_build" / "e2e"


def _sigterm(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    config._e2e_old_sigterm = signal.signal(signal.SIGTERM, _sigterm)


def pytest_unconfigure(config):
    signal.signal(signal.SIGTERM, getattr(config, "_e2e_old_sigterm", signal.SIG_DFL))


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    return SHOTS


@pytest.fixture(scope="session")
def lab_server():
    """JupyterLab on a copy of the notebooks. Torn down last (it is set up first): stop the
    server (it shuts its kernels down), then check nothing we started is still running."""
    server = lab.LabServer(NOTEBOOKS)
    t0 = time.monotonic()
    try:
        server.start()
        RESULTS.server_start = time.monotonic() - t0
        yield server
    finally:
        t1 = time.monotonic()
        server.stop()
        RESULTS.server_stop = time.monotonic() - t1
        SHOTS.mkdir(parents=True, exist_ok=True)
        if server.log_path.exists():
            (SHOTS / "server.log").write_text(server.log_since(0))
        # the browser fixture has been torn down before this one (reverse set-up order)
        stray = _wait_for_strays(str(server.work))
        if stray:
            text = lab.describe(stray)
            lab.end_processes(stray)
            RESULTS.leftovers = text
        server.cleanup()
        if stray:
            pytest.fail(
                f"processes left running after the test (now ended):\n{text}", pytrace=False
            )


def _wait_for_strays(marker: str, grace: float = 10) -> list:
    t0 = time.monotonic()
    while (stray := lab.stray_processes(marker, os.getpid())) and time.monotonic() - t0 < grace:
        time.sleep(0.2)
    return stray


@pytest.fixture(scope="session")
def browser(lab_server):
    from playwright.sync_api import sync_playwright

    executable = lab.find_chromium()
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=executable, args=lab.CHROMIUM_ARGS)
        RESULTS.browser = f"{executable} {chromium.version}"
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


def pytest_terminal_summary(terminalreporter):
    if not RESULTS.notebooks and not RESULTS.server_start:
        return
    terminalreporter.write_sep("-", "e2e: notebooks in a real browser")
    lines = summary_lines()
    for line in lines:
        terminalreporter.write_line(line)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "report.txt").write_text("\n".join(lines) + "\n")
