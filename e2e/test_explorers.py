"""Every notebook in a real browser: it runs without errors, its math renders, and every explorer responds.

For each notebook: open it in JupyterLab, wait for a connected idle kernel, clear the
stored outputs and run every cell; no error may show in the page (tracebacks, error
outputs, "Error displaying widget", a formula MathJax cannot typeset) nor in the kernel's
log, and no JavaScript error may occur. Then, for each explorer (a widget box of controls above an output), change every
control and check the printed readout shows the control's new value and the figure is
redrawn. A screenshot per notebook goes to _build/e2e/.
"""

from __future__ import annotations

import os
import re
import time
import urllib.parse

import pytest

from e2e import explorers as ex
from e2e.conftest import NOTEBOOKS
from e2e.report import RESULTS, NotebookRecord

# both editions: notebooks/*.ipynb and the Korean notebooks/ko/*.ipynb (named "ko/…")
NAMES = sorted(p.relative_to(NOTEBOOKS).as_posix() for p in [*NOTEBOOKS.glob("*.ipynb"), *NOTEBOOKS.glob("ko/*.ipynb")])
RUN_TIMEOUT = float(os.environ.get("E2E_RUN_TIMEOUT", 300))  # run all cells of one notebook
STEP_TIMEOUT = float(os.environ.get("E2E_TIMEOUT", 30))  # kernel start, one redraw
VIEWPORT = {"width": 1400, "height": 1000}
# kernel log lines that are not errors of ours
KERNEL_LOG_ERROR = re.compile(
    r"Traceback \(most recent call last\)|^\[IPKernelApp\] ERROR|Exception in ", re.M
)


@pytest.mark.parametrize("name", NAMES)
def test_notebook(name, lab_server, browser, shots_dir):
    record = NotebookRecord(name)
    RESULTS.notebooks.append(record)
    stem = name.removesuffix(".ipynb").replace("/", "-")
    t_start = time.monotonic()
    log_offset = lab_server.log_size()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT * 1000)
    page_errors: list[str] = []
    console_errors: list[str] = []
    page.on("pageerror", lambda err: page_errors.append(f"{err.name}: {err.message}"))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    phase = time.monotonic()
    failure = ""

    def lap(label: str) -> None:
        nonlocal phase
        now = time.monotonic()
        record.timings[label] = now - phase
        phase = now

    try:
        # 1) open, wait for the kernel (not the toolbar's idle icon), run every cell
        url = f"{lab_server.url}/lab/workspaces/e2e-{stem}/tree/{urllib.parse.quote(name)}"
        page.goto(url)
        lap("load")

        def kernel_or_dialog():
            if page.evaluate(ex.KERNEL_READY):
                return "ready"
            return page.evaluate(ex.DIALOG)

        got = ex.poll(kernel_or_dialog, STEP_TIMEOUT * 2, "a connected, idle kernel", interval=0.1)
        if got != "ready":  # e.g. "Select Kernel": the notebook names no known kernel
            record.notes.append(f"dialog on opening: {got.strip()[:120]!r}; accepted its default")
            page.locator(".jp-Dialog .jp-mod-accept").click()
            ex.poll(
                lambda: page.evaluate(ex.KERNEL_READY), STEP_TIMEOUT * 2, "a connected, idle kernel"
            )
        page.evaluate(ex.LAYOUT)
        page.evaluate(ex.WATCH_KERNEL)
        lap("kernel")
        page.evaluate(ex.RUN_ALL)
        run = ex.poll(
            lambda: page.evaluate(ex.RUN_RESULT), RUN_TIMEOUT, "all cells to run", interval=0.1
        )
        ex.poll(
            lambda: page.evaluate(ex.KERNEL_IDLE),
            STEP_TIMEOUT,
            "the kernel to be idle after the run",
        )
        ex.poll(
            lambda: page.evaluate(ex.PENDING_WIDGETS) == 0, STEP_TIMEOUT, "every widget to render"
        )
        lap("run")

        # 2) no errors in the page
        cells = page.evaluate(ex.CELL_ERRORS)
        problems = [
            f"cell {c['index'] + 1} ({c['head']!r}):\n    " + p.replace("\n", "\n    ")
            for c in cells
            if not c["mayRaise"]
            for p in c["problems"]
        ]
        # run-all reports failure also for a cell tagged raises-exception, then goes on
        not_run = [c["index"] + 1 for c in cells if c["count"] is None]
        if not_run and not problems:
            problems.append(
                f"running all cells stopped ({run.get('error', 'a cell failed')}); "
                f"cells never run: {not_run}"
            )
        for c in cells:
            for w in c["warnings"]:
                record.notes.append(f"stderr in cell {c['index'] + 1}: {w.splitlines()[-1][:200]}")
        check(not problems, "errors in the notebook:\n" + "\n".join(problems))
        check(not page_errors, "JavaScript errors in the page:\n" + "\n".join(page_errors))
        # every formula of the prose renders (MathJax typesets a few moments after the cells render)
        math = ex.settled_math(page, STEP_TIMEOUT)
        check(not math["errors"], "math MathJax cannot render:\n" + "\n".join(math["errors"]))
        record.notes.append(f"{math['typeset']} formulas rendered")

        # 3) every explorer: change each control, the readout and the figure follow
        found = page.evaluate(ex.FIND_EXPLORERS, ", ".join(ex.CONTROL_SELECTOR))
        record.searched = True
        for info in found:
            driver = ex.ExplorerDriver(page, info, STEP_TIMEOUT)
            record.explorers.append(driver.result)
            page.evaluate(ex.SCROLL_TO, f'[data-e2e-explorer="{info["index"]}"]')
            driver.exercise()
            # 4) its screenshot now, while its new figure is freshly painted in view
            i = info["index"]
            file = f"{stem}.png" if i == 0 else f"{stem}--explorer-{i + 1}.png"
            screenshot(page, f'[data-e2e-explorer="{i}"]', shots_dir / file)
            record.screenshots.append(f"_build/e2e/{file}")
            for c in driver.result.controls:
                if c.figure_changed is False:
                    record.notes.append(
                        f"{driver.result.name()}: changing {c.description!r} "
                        f"({c.before} → {c.after}) left the figure unchanged"
                    )
        if found:
            lap("explorers + screenshots")
        else:
            record.notes.append("no explorer in this notebook: ran it and checked for errors only")
        check(not page_errors, "JavaScript errors in the page:\n" + "\n".join(page_errors))
        errors, warnings = ex.kernel_stderr(page)
        check(
            not errors,
            "the kernel wrote errors outside any cell (widget callbacks):\n" + ex.tail(errors),
        )
        if warnings:
            record.notes.append(f"stderr from widget callbacks: {warnings.strip()[-300:]}")

        # 4) a notebook without explorer: its last output
        if not found:
            has_output = page.evaluate(ex.LAST_OUTPUT)
            screenshot(page, "[data-e2e-last]" if has_output else None, shots_dir / f"{stem}.png")
            record.screenshots.append(f"_build/e2e/{stem}.png")
        lap("screenshot")

        # the kernel's own log (exceptions in widget callbacks end up there, not in the page)
        kernel_errors = _kernel_log_errors(lab_server.log_since(log_offset))
        check(not kernel_errors, "errors in the server/kernel log:\n" + kernel_errors)
        record.outcome = "PASS"
    except AssertionError as e:  # our checks: their message says it all, no code listing
        failure = str(e)
        record.notes.append(f"FAILED: {failure.splitlines()[0][:300]}")
        _on_failure(page, stem, shots_dir, record, lab_server, log_offset)
        lap("failed")
    except BaseException as e:
        if isinstance(e, KeyboardInterrupt):  # Ctrl-C or SIGTERM: just stop, fast
            record.outcome = "STOP"
        else:
            _on_failure(page, stem, shots_dir, record, lab_server, log_offset)
        lap("failed")
        raise
    finally:
        if console_errors:
            record.notes.append(
                f"{len(console_errors)} console error(s), first: {console_errors[0][:200]}"
            )
        try:
            context.close()
        except Exception:  # noqa: BLE001 - the browser may be gone; the server still stops
            pass
        try:
            left = lab_server.shutdown_kernels()
        except OSError as e:  # the server is gone (then an exception is on its way anyway)
            left = [f"server unreachable: {e}"]
        lap("close")
        record.timings["total"] = time.monotonic() - t_start
    check(not left, f"kernels still running after shutdown: {left}")
    if failure:
        pytest.fail(f"{name}: {failure}", pytrace=False)


def screenshot(page, selector: str | None, path) -> None:
    """The page with `selector` scrolled into view (centred when it fits)."""
    if selector:
        page.evaluate(ex.SCROLL_TO, selector)
    page.evaluate(ex.PAINTED)  # images in view decoded, two frames later
    # software raster (--disable-gpu) paints a large figure in tiles: with less than ~1 s
    # here, screenshots showed an explorer's figure blank or half drawn
    page.wait_for_timeout(1000)
    page.screenshot(path=path)


def check(ok: bool, message: str) -> None:
    """assert, with just our message (pytest would add the repr of the expression)."""
    if not ok:
        raise AssertionError(message)


def _on_failure(page, stem, shots_dir, record, lab_server, log_offset) -> None:
    try:
        page.screenshot(path=shots_dir / f"{stem}--FAIL.png")
        record.screenshots.append(f"_build/e2e/{stem}--FAIL.png")
    except Exception:  # noqa: BLE001 - the page may be gone; the failure matters more
        pass
    if log := _kernel_log_errors(lab_server.log_since(log_offset)):
        record.notes.append(f"server/kernel log:\n{log}")


def _kernel_log_errors(text: str) -> str:
    """The tracebacks in a stretch of the server log (which also holds the kernels' stderr)."""
    m = KERNEL_LOG_ERROR.search(text)
    return text[max(0, m.start() - 200) : m.start() + 2500] if m else ""
