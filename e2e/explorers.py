"""Driving a notebook and its explorers in JupyterLab, from Playwright.

An explorer (gdlib.widgets.Explorer) shows as a widget box: controls above an Output
that holds a printed readout line "<description> = <value> · ... → <result>" and an
inline PNG figure. Here we find every such box in the page, change each control the way
a person would (arrow keys on a slider handle, picking a dropdown option, clicking a
checkbox), and wait until the kernel has redrawn for the control's *final* value: the
readout prints that value and the figure's `src` is new.

Notes on JavaScript: `page.evaluate` waits for a returned promise without any time-out,
so long-running JupyterLab commands are started without returning their promise; their
result is stored on `window` and polled.
"""

from __future__ import annotations

import ast
import math
import re
import time
from dataclasses import dataclass, field

from playwright.sync_api import Page

KERNEL_READY = """() => {
  const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""  # noqa: E501 - JavaScript

KERNEL_IDLE = """() => {
  const k = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
  return !!k && k.status === 'idle';
}"""  # noqa: E501 - JavaScript

DIALOG = "() => document.querySelector('.jp-Dialog')?.innerText ?? null"

# Fire-and-forget: clear the stored outputs, then run every cell; the result lands on window.
RUN_ALL = """async () => {
  window.__e2eRun = null;
  const app = window.jupyterapp;
  const run = async () => {
    await app.commands.execute('notebook:clear-all-cell-outputs');
    return await app.commands.execute('notebook:run-all-cells');
  };
  run().then(ok => { window.__e2eRun = {ok: !!ok}; },
             err => { window.__e2eRun = {ok: false, error: String(err)}; });
}"""  # noqa: E501 - JavaScript

RUN_RESULT = "() => window.__e2eRun"

# Kernel output that belongs to no cell: what a widget callback writes to stderr or raises
# (the Output widget only captures inside its `with` block) arrives on iopub with a
# comm_msg parent, and JupyterLab shows it nowhere in the notebook. Collect it.
WATCH_KERNEL = """() => {
  window.__e2eKernelStderr = [];
  const sc = window.jupyterapp.shell.currentWidget.sessionContext;
  sc.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type, parent = msg.parent_header?.msg_type;
    if (parent !== 'comm_msg') return;
    if (type === 'error') window.__e2eKernelStderr.push(msg.content.traceback.join('\\n'));
    else if (type === 'stream' && msg.content.name === 'stderr') window.__e2eKernelStderr.push(msg.content.text);
  });
}"""  # noqa: E501 - JavaScript

KERNEL_STDERR = "() => window.__e2eKernelStderr.join('')"

LAYOUT = """() => {
  const shell = window.jupyterapp.shell;
  shell.collapseLeft(); shell.collapseRight();
}"""  # noqa: E501 - JavaScript

# Every code cell: whether it may raise (nbval's marker or JupyterLab's tag), its errors.
CELL_ERRORS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const cells = [];
  nb.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const source = cell.model.sharedModel.getSource();
    const tags = cell.model.getMetadata('tags') || [];
    const mayRaise = tags.includes('raises-exception') || /^\\s*#\\s*NBVAL_RAISES_EXCEPTION\\s*$/m.test(source);
    // what the page shows: stderr with a traceback, any text with one, widget errors
    const problems = [];
    const warnings = [];
    const node = cell.node;
    for (const el of node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
      const text = el.innerText.trim();
      if (/Traceback|^\\w*(Error|Exception)\\b/m.test(text)) problems.push(text);
      else if (text) warnings.push(text.slice(0, 300));
    }
    for (const el of node.querySelectorAll('.jp-RenderedText')) {
      if (el.innerText.includes('Traceback')) problems.push(el.innerText.trim());
    }
    if (node.innerText.includes('Error displaying widget')) problems.push('"Error displaying widget" in the output');
    // and what the kernel sent (an error output is also drawn as stderr text: report it once)
    for (const o of cell.model.outputs.toJSON()) {
      if (o.output_type === 'error' && !problems.length) problems.push(`error output: ${o.ename}: ${o.evalue}`);
    }
    const head = source.split('\\n').find(l => l.trim() && !l.trim().startsWith('#')) || source.split('\\n')[0];
    const last = t => t.split('\\n').slice(-8).join('\\n');  // the end of a traceback says what failed
    cells.push({index, head: (head || '').slice(0, 80), mayRaise, problems: [...new Set(problems.map(last))], warnings,
                count: cell.model.executionCount});
  });
  return cells;
}"""  # noqa: E501 - JavaScript

# Every markdown cell's math as MathJax typeset it: how many formulas, and the errors. A TeX
# error is drawn as <mjx-merror> (the message in data-mjx-error); an unknown command such as
# \* is drawn as its own name in red (an <mtext mathcolor="red"> in the assistive MathML).
MATH = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const out = {typeset: 0, errors: [], withMath: 0};
  nb.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'markdown') return;
    if (cell.model.sharedModel.getSource().includes('$')) out.withMath += 1;
    for (const box of cell.node.querySelectorAll('mjx-container')) {
      out.typeset += 1;
      const bad = [...box.querySelectorAll('mjx-merror')].map(e => e.getAttribute('data-mjx-error') || e.textContent)
        .concat([...box.querySelectorAll('mtext[mathcolor="red"]')].map(e => `unknown command ${e.textContent}`));
      const math = box.querySelector('math')?.textContent || '';
      for (const b of bad) out.errors.push(`cell ${index + 1}: ${b} in ${math}`.slice(0, 200));
    }
  });
  return out;
}"""  # noqa: E501 - JavaScript

# Widget views that have not rendered yet (a widget-view output without its widget).
PENDING_WIDGETS = """() => {
  const node = window.jupyterapp.shell.currentWidget.content.node;
  const views = [...node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')];
  return views.filter(v => !v.querySelector('.jupyter-widgets') && !v.innerText.trim()).length;
}"""  # noqa: E501 - JavaScript

CONTROL_SELECTOR = [
    ".widget-slider",
    ".widget-dropdown",
    ".widget-checkbox",
    ".widget-toggle-buttons",
    ".widget-radio",
    ".widget-toggle-button",
    ".widget-text",
    ".widget-textarea",
    ".widget-select",
    ".widget-select-multiple",
    ".widget-colorpicker",
    ".widget-datepicker",
]

# the options of a one-choice control that are not chosen now, by the control's kind
UNCHOSEN_OPTION = {
    "widget-toggle-buttons": "button:not(.mod-active)",
    "widget-radio": "input[type=radio]:not(:checked)",
}

# Mark each explorer (a widget box holding controls and a .widget-output) and its controls
# with data-e2e-* attributes, and describe them.
FIND_EXPLORERS = """(selectors) => {
  const node = window.jupyterapp.shell.currentWidget.content.node;
  const cells = [...node.querySelectorAll('.jp-Cell')];
  const found = [];
  for (const out of node.querySelectorAll('.widget-output')) {
    const box = out.parentElement?.closest('.widget-box');
    if (!box) continue;
    const controls = [...box.querySelectorAll(selectors)].filter(c =>
      ![...box.querySelectorAll('.widget-output')].some(o => o.contains(c)) &&
      !c.parentElement.closest(selectors));
    if (!controls.length) continue;
    const i = found.length;
    box.dataset.e2eExplorer = String(i);
    out.dataset.e2eOut = String(i);
    const title = box.querySelector('.widget-html-content')?.innerText.trim() || '';
    const cell = cells.findIndex(c => c.contains(box));
    found.push({index: i, cell, title, controls: controls.map((c, j) => {
      c.dataset.e2eControl = `${i}-${j}`;
      const kind = ['widget-slider', 'widget-dropdown', 'widget-checkbox', 'widget-toggle-buttons',
                    'widget-radio', 'widget-select-multiple', 'widget-select'].find(k => c.classList.contains(k)) || c.className.split(' ').find(k => k.startsWith('widget-') && k !== 'widget-inline-hbox') || '?';
      return {index: j, kind, description: describe(c)};
    })});
  }
  function describe(c) {
    const clean = s => (s || '').replace(/[\\u200b\\s]+/g, ' ').trim();
    const label = clean(c.querySelector(':scope > .widget-label')?.textContent);
    return label || clean(c.querySelector('.widget-label-basic span')?.textContent);
  }
  return found;
}"""  # noqa: E501 - JavaScript

# The state of explorer i: each control's shown value, the readout lines, the figure.
EXPLORER_STATE = """(i) => {
  const box = document.querySelector(`[data-e2e-explorer="${i}"]`);
  const out = document.querySelector(`[data-e2e-out="${i}"]`);
  if (!box || !out) return null;
  const controls = [...box.querySelectorAll(`[data-e2e-control^="${i}-"]`)].map(c => {
    let value = null;
    if (c.classList.contains('widget-slider')) value = c.querySelector('.widget-readout')?.innerText.trim() ?? null;
    else if (c.classList.contains('widget-dropdown')) { const s = c.querySelector('select'); value = s?.selectedOptions[0]?.textContent ?? null; }
    else if (c.classList.contains('widget-checkbox')) value = c.querySelector('input').checked ? 'True' : 'False';
    else if (c.classList.contains('widget-toggle-buttons')) value = c.querySelector('button.mod-active')?.innerText.trim() ?? null;
    else if (c.classList.contains('widget-radio')) { const r = c.querySelector('input:checked'); value = r ? r.parentElement.innerText.trim() : null; }
    else if (c.querySelector('select')) {
      const s = c.querySelector('select');
      value = s.multiple ? [...s.selectedOptions].map(o => o.textContent) : (s.selectedOptions[0]?.textContent ?? null);
    }
    else { const inp = c.querySelector('input, textarea'); value = inp ? inp.value : null; }
    return value;
  });
  const text = [...out.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]')]
    .map(e => e.innerText).join('\\n');
  const img = out.querySelector('img');
  const canvas = out.querySelector('canvas');
  return {controls, text, fig: img ? img.src : (canvas ? canvas.toDataURL() : null),
          errors: out.innerText.includes('Traceback') ? out.innerText.trim() : ''};
}"""  # noqa: E501 - JavaScript

SCROLL_TO = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const h = el.getBoundingClientRect().height;
  el.scrollIntoView({block: h < window.innerHeight - 150 ? 'center' : 'start'});
  return true;
}"""  # noqa: E501 - JavaScript

# Before a screenshot: every image in view decoded and two frames painted (a large PNG that
# was just scrolled into view otherwise shows blank or half drawn). Bounded by a timer:
# page.evaluate has no time-out of its own.
PAINTED = """async () => {
  const imgs = [...document.querySelectorAll('.jp-Notebook img')].filter(i => {
    const r = i.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const ready = Promise.all(imgs.map(i => i.decode().catch(() => null))).then(frame).then(frame);
  await Promise.race([ready, new Promise(r => setTimeout(r, 5000))]);
  return imgs.length;
}"""

LAST_OUTPUT = """() => {
  const outs = document.querySelectorAll('.jp-Cell .jp-OutputArea-output');
  const el = outs[outs.length - 1];
  if (!el) return false;
  el.dataset.e2eLast = '1';
  return true;
}"""  # noqa: E501 - JavaScript


class Timeout(AssertionError):
    pass


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ERROR = re.compile(r"Traceback|^\w*(Error|Exception)\b", re.M)


def blank(src: str | None) -> bool:
    """Is this figure (a data: URL of a PNG) one flat colour, i.e. nothing drawn?"""
    if not src or not src.startswith("data:image/png;base64,"):
        return False
    import base64
    import io

    import matplotlib.image

    pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(src.split(",", 1)[1])), "png")
    return float(pixels.max() - pixels.min()) == 0.0


def tail(text: str, lines: int = 14) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def kernel_stderr(page: Page) -> tuple[str, str]:
    """(errors, other stderr) written by the kernel outside any cell, e.g. in widget callbacks."""
    text = _ANSI.sub("", page.evaluate(KERNEL_STDERR) or "")
    return (text, "") if _ERROR.search(text) else ("", text)


def poll(fn, timeout: float, what: str, interval: float = 0.05):
    """Call fn() until it returns something truthy; AssertionError with `what` on time-out."""
    t0 = time.monotonic()
    last = None
    while True:
        last = fn()
        if last:
            return last
        if time.monotonic() - t0 > timeout:
            raise Timeout(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def settled_math(page, timeout: float) -> dict:
    """MATH once MathJax has typeset something and the count has stopped growing for half a second
    (at once for a notebook without math)."""
    first = page.evaluate(MATH)
    if not first["withMath"]:
        return first
    count = poll(lambda: page.evaluate(MATH)["typeset"], timeout, "the math to render")
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        time.sleep(0.5)
        math = page.evaluate(MATH)
        if math["typeset"] == count:
            return math
        count = math["typeset"]
    raise Timeout(f"the math kept re-rendering for {timeout:.0f}s")


# -- the printed readout -------------------------------------------------------------------
def readout_values(text: str) -> list[tuple[str, str]] | None:
    """The (description, value) pairs of the last readout line in the output, or None.

    "x₀ = 1.50 · h = 0.100 → slope 2.92" -> [("x₀", "1.50"), ("h", "0.100")]
    """
    lines = [ln.strip() for ln in text.splitlines() if " = " in ln]
    if not lines:
        return None
    head = lines[-1].split(" → ")[0]
    pairs = []
    for part in head.split(" · "):
        key, sep, value = part.partition(" = ")
        if sep:
            pairs.append((key.strip(), value.strip()))
    return pairs or None


_NUMBER = re.compile(r"[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?")


def parse_number(s: str) -> tuple[float, float] | None:
    """A displayed number and the size of one unit in its last digit, or None.

    d3 (the slider readout) and Python format the same value differently: "0.0100" vs
    "0.01", "0.0000100" vs "1e-05", and d3 writes negatives with U+2212 "−".
    """
    s = s.strip().replace("\u2212", "-").replace(",", "").replace("_", "")
    m = _NUMBER.fullmatch(s)
    if not m or not (m.group(1) or m.group(2)):
        return None
    value = float(s)
    unit = 10.0 ** (int(m.group(3) or 0) - len(m.group(2) or ""))
    return value, unit


def same_value(printed: str, shown: str | list[str]) -> bool:
    """Does the value printed by the kernel match the value the control shows?

    A multiple selection shows a list of labels and prints a tuple: ('GD', 'Adam').
    """
    if isinstance(shown, list):
        try:
            values = ast.literal_eval(printed)
        except (ValueError, SyntaxError):
            return False
        return isinstance(values, (tuple, list)) and [" ".join(str(v).split()) for v in values] == [
            " ".join(x.split()) for x in shown
        ]
    printed, shown = " ".join(printed.split()), " ".join(shown.split())  # NBSP in option labels
    if printed == shown:
        return True
    a, b = parse_number(printed), parse_number(shown)
    if a is None or b is None:
        return False
    # the two may round the last digit differently: allow one unit of the coarser one
    return math.isclose(a[0], b[0], rel_tol=1e-9, abs_tol=max(a[1], b[1]) * 1.0001)


@dataclass
class ControlResult:
    description: str
    kind: str
    before: str | None = None
    after: str | None = None
    printed: str | None = None
    seconds: float = 0.0
    figure_changed: bool | None = None
    note: str = ""

    def line(self) -> str:
        if self.note:
            return f"{self.description or self.kind}: {self.note}"
        fig = (
            "new figure" if self.figure_changed else "SAME FIGURE: no visible effect in this state"
        )
        return (
            f"{self.description or self.kind} {self.before} → {self.after} "
            f"(printed {self.printed}, {fig}, {self.seconds:.1f}s)"
        )


@dataclass
class ExplorerResult:
    index: int
    cell: int
    title: str
    controls: list[ControlResult] = field(default_factory=list)

    def name(self) -> str:
        title = f", {self.title!r}" if self.title else ""
        return f"explorer {self.index + 1} (cell {self.cell + 1}{title})"


def match_controls(descriptions: list[str], pairs: list[tuple[str, str]]) -> list[int | None]:
    """For each control, the index of its (description, value) pair in the readout.

    By description; a control without one (the Explorer then prints its dict key) takes
    the pair in its position when the readout has one pair per control.
    """
    keys = [k for k, _ in pairs]
    taken: list[int | None] = []
    for j, d in enumerate(descriptions):
        if d and d in keys:
            taken.append(keys.index(d))
        elif len(pairs) == len(descriptions) and keys[j] not in descriptions:
            taken.append(j)
        else:
            taken.append(None)
    return taken


class ExplorerDriver:
    def __init__(self, page: Page, info: dict, timeout: float) -> None:
        self.page = page
        self.info = info
        self.i = info["index"]
        self.timeout = timeout
        self.descriptions = [c["description"] for c in info["controls"]]
        self.result = ExplorerResult(self.i, info["cell"], info["title"])

    def state(self) -> dict:
        """The explorer as the page shows it; fails at once if a callback raised in the kernel."""
        errors, _ = kernel_stderr(self.page)
        if errors:
            raise AssertionError(
                f"{self.result.name()}: the kernel raised in a widget callback:\n"
                f"...\n{tail(errors)}"
            )
        state = self.page.evaluate(EXPLORER_STATE, self.i)
        if state and state["errors"]:
            raise AssertionError(
                f"{self.result.name()}: a traceback in its output:\n{tail(state['errors'])}"
            )
        return state

    def mismatches(self, state: dict) -> list[str] | None:
        """Controls whose printed value differs from the shown one; None if no readout."""
        pairs = readout_values(state["text"])
        if pairs is None:
            return None
        where = match_controls(self.descriptions, pairs)
        bad = []
        for j, (desc, shown) in enumerate(zip(self.descriptions, state["controls"], strict=True)):
            if where[j] is None:
                bad.append(f"{desc or f'control {j + 1}'!r} is not in the readout")
            elif shown is not None and not same_value(pairs[where[j]][1], shown):
                bad.append(f"{desc!r} shows {shown} but the readout prints {pairs[where[j]][1]}")
        return bad

    def printed(self, state: dict, j: int) -> str | None:
        pairs = readout_values(state["text"]) or []
        k = match_controls(self.descriptions, pairs)[j] if pairs else None
        return None if k is None else pairs[k][1]

    def settled(self) -> dict:
        """Wait until the output shows a figure and a readout that agrees with every control."""
        last = {}

        def ready():
            s = self.state()
            last["s"] = s
            return s if (s and s["fig"] and self.mismatches(s) == []) else None

        try:
            s = poll(ready, self.timeout, "the readout to match the controls")
        except Timeout as e:
            raise AssertionError(self._explain(str(e), last.get("s"))) from None
        if blank(s["fig"]):
            raise AssertionError(
                f"{self.result.name()}: its figure is blank (one flat colour)"
                f" under the readout: {s['text'].strip()[-300:]}"
            )
        return s

    def _explain(self, msg: str, s: dict | None) -> str:
        if not s:
            return f"{self.result.name()}: {msg}; the explorer is gone from the page"
        problems = self.mismatches(s)
        text = s["text"].strip()[-400:] or "(nothing printed)"
        if problems is None:
            why = "no readout line '<description> = <value> · ...' printed"
        elif problems:
            why = "; ".join(problems)
        elif not s["fig"]:
            why = "no figure in the output"
        else:
            why = "the output still shows the previous readout"
        shown = dict(zip(self.descriptions, s["controls"], strict=True))
        return (
            f"{self.result.name()}: {msg}: {why}\n  controls {shown}\n  output: {text}"
            f"\n  figure present: {bool(s['fig'])}"
        )

    # -- changing the controls ----------------------------------------------------------
    def exercise(self) -> ExplorerResult:
        """Change every control in turn. Each must be printed with its new value; at least one
        must change the figure (some controls have no visible effect in some states, e.g. the
        learning rate of a method that is switched off; an explorer greys those out)."""
        self.settled()  # the first drawing agrees with the controls
        for j in range(len(self.info["controls"])):
            self.result.controls.append(self.change(j))
        changed = [c for c in self.result.controls if c.figure_changed]
        if not changed:
            tried = [
                c.description
                for c in self.result.controls
                if not c.note or c.figure_changed is False
            ]
            raise AssertionError(
                f"{self.result.name()}: the figure never changed (controls changed: {tried})"
            )
        return self.result

    def change(self, j: int) -> ControlResult:
        c = self.info["controls"][j]
        res = ControlResult(c["description"], c["kind"])
        before = self.settled()
        res.before = before["controls"][j]
        control = self.page.locator(f'[data-e2e-control="{self.i}-{j}"]')
        control.scroll_into_view_if_needed()
        t0 = time.monotonic()
        kind = c["kind"]
        # a greyed-out control says to the learner "no effect now": check the view agrees
        if control.locator("[disabled]").count() > 0:
            res.note = "disabled (greyed out) in this state, not changed"
            return res
        if kind == "widget-slider":
            self._slide(control, j, before)
        elif kind in ("widget-dropdown", "widget-select", "widget-select-multiple"):
            select = control.locator("select")
            options = select.evaluate("s => [...s.options].map(o => o.selected)")
            if len(options) < 2:
                res.note = "a single option, not changed"
                return res
            on = [k for k, selected in enumerate(options) if selected]
            if select.evaluate("s => s.multiple"):  # add the first unselected option (or drop one)
                off = [k for k, selected in enumerate(options) if not selected]
                select.select_option(index=on + off[:1] if off else on[:-1])
            else:
                select.select_option(index=((on[0] if on else -1) + 1) % len(options))
        elif kind == "widget-checkbox":
            control.locator("input[type=checkbox]").click()
        elif kind in UNCHOSEN_OPTION:  # click the first option that is not the chosen one
            others = control.locator(UNCHOSEN_OPTION[kind])
            if others.count() == 0:
                res.note = "a single option, not changed"
                return res
            others.first.click()
        else:
            res.note = f"{kind} control: not changed by this test"
            return res
        after = self._wait_redraw(j, before)
        res.after, res.printed = after["controls"][j], self.printed(after, j)
        res.figure_changed = after["fig"] != before["fig"]
        if blank(after["fig"]):
            raise AssertionError(
                f"{self.result.name()}: after changing {res.description!r} "
                f"({res.before} → {res.after}) the new figure is blank (one flat colour); "
                f"readout: {after['text'].strip()[-300:]}"
            )
        res.seconds = time.monotonic() - t0
        return res

    def _slide(self, control, j: int, before: dict) -> None:
        """Arrow keys on the handle until the shown value changes (the step may be finer than
        the readout's precision). Each key press is a separate kernel run."""
        handle = control.locator(".noUi-handle").first
        now, top = (
            float(handle.get_attribute(a) or "nan") for a in ("aria-valuenow", "aria-valuemax")
        )
        key = "ArrowLeft" if now >= top - 1e-12 else "ArrowRight"
        handle.focus()
        for _ in range(20):
            self.page.keyboard.press(key)
            if self.state()["controls"][j] != before["controls"][j]:
                return
        raise AssertionError(
            f"{self.result.name()}: 20 presses of {key} did not change "
            f"{self.descriptions[j]!r} (still {before['controls'][j]})"
        )

    def _wait_redraw(self, j: int, before: dict) -> dict:
        """The kernel has redrawn for the control's final value: a new readout prints the value
        the control shows now (and agrees with every other control), with a figure below it.

        The Explorer clears its output (wait=True), prints, then displays the figure: a figure
        under a new readout is the new figure, so whether it changed is known at once.
        """
        last = {}

        def done():
            s = self.state()
            last["s"] = s
            ok = (
                s
                and s["fig"]
                and s["text"] != before["text"]
                and s["controls"][j] != before["controls"][j]
                and self.mismatches(s) == []
            )
            return s if ok else None

        try:
            return poll(done, self.timeout, f"a redraw after changing {self.descriptions[j]!r}")
        except Timeout as e:
            raise AssertionError(self._explain(str(e), last.get("s"))) from None
