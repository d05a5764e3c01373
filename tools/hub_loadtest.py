"""A cohort at once on the course's JupyterHub: what `make hub-loadtest` runs.

    python tools/hub_loadtest.py [--learners 20] [--timeout 900]

Starts the hub (tools/hub_server.py, on a free port of 127.0.0.1), then every learner at the same time,
each as a browser would, through the hub's REST API and their own Jupyter server's API:
log in with the hub's login form, get an API token, start their server and follow its progress
until it is ready, open their notebook (learners take different notebooks, both editions), start
its kernel and run every code cell in order over the kernel's websocket, move one control of the
notebook's first explorer and wait for the new figure, then shut the kernel down and stop the
server. A cell must raise only if its stored outputs hold an error.

Measured per learner: seconds from asking for a server to a running one, seconds from the first
cell to the last one's reply, milliseconds from moving the control to the new figure, and the
peak resident memory (RSS) of the learner's processes (server + kernel, sampled every 0.5 s from
/proc). The node peak is the largest sum of RSS over the hub, the proxy and every learner's
processes at one sample (shared library pages count once per process, so both are upper bounds).

Prints a table and, last, the summary line; exits 1 on any failure, a timeout, or a process it
started (anything under the hub) still running after the hub stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookies
import json
import re
import signal
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hub_report  # noqa: E402 - tools/ is not a package
import proc_tree  # noqa: E402
from hub_server import LEARNER_PASSWORD, REPO, Hub  # noqa: E402

MIB = 1024 * 1024
MAX_LEARNERS = 20  # the demo users learner01 ... learner20 of hub/jupyterhub_config.py
SAMPLE_S = 0.5


class LoadError(Exception):
    """What went wrong for one learner (shown in the table's error column)."""


class Learner:
    """One learner's path through the hub: cookies of the login form first, their API token after."""

    def __init__(self, hub: str, name: str, notebook: str, result: hub_report.Result) -> None:
        self.hub, self.name, self.notebook, self.result = hub, name, notebook, result
        self.http = AsyncHTTPClient()
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.session_id = uuid.uuid4().hex

    async def call(self, method: str, path: str, body=None, ok=(200,), headers=None, **kw):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        elif self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        elif method in ("POST", "PATCH", "PUT") and body is None:
            body = ""
        request = HTTPRequest(self.hub + path, method=method, body=body, headers=headers, follow_redirects=False,
                              request_timeout=kw.pop("timeout", 120), **kw)
        response = await self.http.fetch(request, raise_error=False)
        for header in response.headers.get_list("Set-Cookie"):
            jar = http.cookies.SimpleCookie(header)
            self.cookies.update({key: morsel.value for key, morsel in jar.items()})
        if response.code not in ok:
            text = (response.body or b"").decode(errors="replace")[:200]
            raise LoadError(f"{method} {path.split('?')[0]}: HTTP {response.code} {text}".strip())
        return response

    async def log_in(self) -> None:
        """The hub's login form (with its _xsrf field), then a token of the learner's own."""
        page = (await self.call("GET", "/hub/login")).body.decode()
        match = re.search(r'name="_xsrf" value="([^"]+)"', page)
        if not match:
            raise LoadError("the login page has no _xsrf field")
        form = urllib.parse.urlencode({"username": self.name, "password": LEARNER_PASSWORD, "_xsrf": match[1]})
        await self.call("POST", "/hub/login", body=form, ok=(302,),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        if "jupyterhub-session-id" not in self.cookies:
            raise LoadError("logging in set no session cookie")
        reply = await self.call("POST", f"/hub/api/users/{self.name}/tokens", ok=(200, 201),
                                body={"note": "hub load test", "expires_in": 3600},
                                headers={"X-XSRFToken": self.cookies.get("_xsrf", "")})
        self.token = json.loads(reply.body)["token"]

    async def start_server(self, timeout: float) -> None:
        """Ask for the server, then follow the hub's progress events until it is ready."""
        await self.call("POST", f"/hub/api/users/{self.name}/server", ok=(201, 202))
        events: list[dict] = []
        buffer = b""

        def on_chunk(chunk: bytes) -> None:
            nonlocal buffer
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                if event.startswith(b"data:"):
                    events.append(json.loads(event[5:]))

        await self.call("GET", f"/hub/api/users/{self.name}/server/progress", streaming_callback=on_chunk,
                        timeout=timeout, headers={"Accept": "text/event-stream"})
        last = events[-1] if events else {}
        if not last.get("ready"):
            raise LoadError(f"the server did not start: {last.get('message', 'no progress event')}")
        user = json.loads((await self.call("GET", f"/hub/api/users/{self.name}")).body)
        if not user["servers"].get("", {}).get("ready"):
            raise LoadError("the hub says the server is not ready after its ready event")

    async def run_notebook(self) -> None:
        r = self.result
        base = f"/user/{self.name}/api"
        path = urllib.parse.quote(self.notebook)
        nb = json.loads((await self.call("GET", f"{base}/contents/{path}?content=1&type=notebook")).body)["content"]
        session = json.loads((await self.call(
            "POST", f"{base}/sessions", ok=(201,),
            body={"path": self.notebook, "name": Path(self.notebook).name, "type": "notebook",
                  "kernel": {"name": "python3"}})).body)
        self.session = session["id"]
        url = (self.hub.replace("http", "ws", 1) + f"{base}/kernels/{session['kernel']['id']}/channels"
               f"?session_id={self.session_id}")
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"}),
                                     max_message_size=64 * MIB)
        self.kernel = Kernel(ws, self.session_id, self.name)
        try:
            await asyncio.wait_for(self.kernel.request("kernel_info_request", {}), 120)
            started = time.monotonic()
            code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
            for number, cell in enumerate(code_cells, 1):
                may_raise = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
                error = await self.kernel.execute(cell["source"])
                r.cells = number
                if error and not may_raise:
                    raise LoadError(f"code cell {number} raised {error}")
            r.notebook_s = time.monotonic() - started
            await self.move_control()
        finally:
            ws.close()
        await self.call("DELETE", f"{base}/sessions/{self.session}", ok=(204,))

    async def move_control(self) -> None:
        """Move the first explorer's control; wait for the explorer's Output to show a new figure."""
        kernel = self.kernel
        chosen = hub_report.choose_control([dict(s, comm_id=i) for i, s in kernel.widgets.items()])
        if chosen is None:
            raise LoadError("the notebook opened no explorer control (no ipywidgets slider or dropdown)")
        comm_id, update = chosen
        before = {i: png_of(s) for i, s in kernel.widgets.items() if s.get("_model_name") == "OutputModel"}
        started = time.monotonic()
        content = {"comm_id": comm_id, "data": {"method": "update", "state": update, "buffer_paths": []}}
        new_figure = await kernel.request("comm_msg", content, until=lambda m: (
            m["msg_type"] == "comm_msg" and m["content"]["comm_id"] in before
            and png_of(m["content"]["data"].get("state", {})) not in (None, before[m["content"]["comm_id"]])))
        if kernel.errors:
            raise LoadError(f"moving the control raised {kernel.errors[0]}")
        if new_figure is None:
            raise LoadError(f"moving the control ({update}) drew no new figure")
        self.result.control_ms = 1000 * (new_figure - started)

    async def stop_server(self) -> None:
        await self.call("DELETE", f"/hub/api/users/{self.name}/server", ok=(202, 204))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            user = json.loads((await self.call("GET", f"/hub/api/users/{self.name}")).body)
            if not user["servers"]:
                return
            await asyncio.sleep(0.5)
        raise LoadError("the server was still listed 120 s after it was stopped")


def png_of(state: dict) -> str | None:
    """The PNG in an Output widget's state (its outputs), or None."""
    for output in state.get("outputs", ()) or ():
        png = output.get("data", {}).get("image/png")
        if png:
            return png
    return None


class Kernel:
    """A kernel's websocket (Jupyter's JSON protocol): one request at a time, its messages read
    until the kernel is idle again; widget models (comm_open/comm_msg) are kept as they change."""

    def __init__(self, ws, session: str, username: str) -> None:
        self.ws, self.session, self.username = ws, session, username
        self.widgets: dict[str, dict] = {}  # comm id -> the model's current state
        self.errors: list[str] = []

    async def request(self, msg_type: str, content: dict, until=None) -> float | None:
        """Send a shell request; return when its reply (if it has one) and the idle status after
        it have come. until(message): the time the first iopub message it accepts arrived."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": self.username, "session": self.session,
                  "date": "", "version": "5.3"}
        await self.ws.write_message(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                                                "content": content, "channel": "shell", "buffers": []}))
        self.errors = []
        wants_reply = msg_type.endswith("_request")
        replied, idle, seen_at = not wants_reply, False, None
        while not (replied and idle):
            raw = await self.ws.read_message()
            if raw is None:
                raise LoadError("the kernel's websocket closed")
            if isinstance(raw, bytes):
                continue  # binary frames carry widget buffers; no explorer uses them
            msg = json.loads(raw)
            msg["msg_type"] = msg["header"]["msg_type"]
            content_in = msg["content"]
            mine = msg.get("parent_header", {}).get("msg_id") == msg_id
            if msg["msg_type"] == "comm_open" and content_in.get("target_name") == "jupyter.widget":
                self.widgets[content_in["comm_id"]] = dict(content_in["data"].get("state", {}))
            elif msg["msg_type"] == "comm_msg" and content_in["comm_id"] in self.widgets:
                self.widgets[content_in["comm_id"]].update(content_in["data"].get("state", {}))
            if not mine:
                continue
            if until is not None and seen_at is None and until(msg):
                seen_at = time.monotonic()
            if msg["msg_type"] == "error":
                self.errors.append(f"{content_in['ename']}: {content_in['evalue']}")
            elif msg["msg_type"] == "status" and content_in["execution_state"] == "idle":
                idle = True
            elif msg["channel"] == "shell" and msg["msg_type"].endswith("_reply"):
                replied = True
                if content_in.get("status") == "error" and not self.errors:
                    self.errors.append(f"{content_in.get('ename')}: {content_in.get('evalue')}")
        return seen_at

    async def execute(self, code: str) -> str | None:
        """Run one cell; its error as "Name: value", or None."""
        await self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True})
        return self.errors[0] if self.errors else None


class Sampler:
    """Every SAMPLE_S, the RSS of each learner's processes (those whose environment names them in
    JUPYTERHUB_USER: their server and its kernels) and of everything under the hub."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.owner: dict[tuple[int, int], str] = {}  # (pid, start time) -> learner ("" for hub, proxy)
        self.peak: dict[str, float] = {}
        self.node_peak = 0.0

    def sample(self) -> None:
        now = self.hub.tree()
        per_learner: dict[str, int] = {}
        total = 0
        for pid, start in now.items():
            key = (pid, start)
            if not self.owner.get(key):
                # read again until it names a learner: a server seen between the hub's fork and its
                # exec still has the hub's environment, without JUPYTERHUB_USER
                self.owner[key] = proc_tree.environ(pid).get("JUPYTERHUB_USER", "")
            rss = proc_tree.rss_bytes(pid)
            total += rss
            if self.owner[key]:
                per_learner[self.owner[key]] = per_learner.get(self.owner[key], 0) + rss
        for name, rss in per_learner.items():
            self.peak[name] = max(self.peak.get(name, 0.0), rss / MIB)
        self.node_peak = max(self.node_peak, total / MIB)

    def processes_of(self, name: str) -> list[tuple[int, int]]:
        return [key for key, owner in self.owner.items() if owner == name]

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(SAMPLE_S)


async def one_learner(hub: Hub, sampler: Sampler, result: hub_report.Result, deadline: float) -> None:
    learner = Learner(hub.url, result.learner, result.notebook, result)

    async def steps() -> None:
        await learner.log_in()
        started = time.monotonic()
        await learner.start_server(timeout=deadline - started)
        result.server_s = time.monotonic() - started
        await learner.run_notebook()
        await learner.stop_server()
        # the server and its kernel must be gone, not only unlisted (give them a few seconds to exit)
        for _ in range(40):
            left = proc_tree.alive(sampler.processes_of(result.learner))
            if not left:
                result.finished = True
                return
            await asyncio.sleep(0.25)
        raise LoadError(f"processes still running after the server was stopped: {sorted(p for p, _ in left)}")

    try:
        await asyncio.wait_for(steps(), max(1.0, deadline - time.monotonic()))
    except (asyncio.TimeoutError, TimeoutError):
        result.error = f"timed out (after {result.cells} cells)" if result.cells else "timed out"
    except LoadError as error:
        result.error = str(error)
    except Exception as error:  # a learner's failure is a row in the table, not the end of the test
        result.error = f"{type(error).__name__}: {error}"


async def load_test(hub: Hub, sampler: Sampler, results: list[hub_report.Result], timeout: float) -> None:
    AsyncHTTPClient.configure(None, max_clients=4 * len(results) + 8)  # every learner's requests at once
    sampling = asyncio.create_task(sampler.run())
    deadline = time.monotonic() + timeout
    try:
        await asyncio.gather(*(one_learner(hub, sampler, r, deadline) for r in results))
    finally:
        sampling.cancel()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=MAX_LEARNERS, help="learners at once (1-20, default 20)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for all learners (default 900)")
    args = parser.parse_args()
    if not 1 <= args.learners <= MAX_LEARNERS:
        sys.exit(f"--learners must be between 1 and {MAX_LEARNERS} (the hub's demo users), got {args.learners}")
    if not args.timeout > 0:
        sys.exit(f"--timeout must be > 0 seconds, got {args.timeout}")
    names = hub_report.numbered_notebooks(REPO / "notebooks")
    results = [hub_report.Result(f"learner{i + 1:02d}", nb)
               for i, nb in enumerate(hub_report.assign_notebooks(args.learners, names))]
    state = REPO / "_build" / "hub-loadtest"
    hub = Hub(state, log=state.parent / "hub-loadtest.log")
    sampler = Sampler(hub)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the hub in `finally` on a kill too
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even where a shell ignores it for us
    wall = time.monotonic()
    interrupted = ""
    try:
        hub.start()
        print(f"hub at {hub.url} (log: {hub.log_path}); {args.learners} learners at once", flush=True)
        asyncio.run(load_test(hub, sampler, results, args.timeout))
    except (KeyboardInterrupt, SystemExit) as stop:
        interrupted = f"interrupted ({type(stop).__name__})"
    except Exception as error:  # the hub did not start: its log's end is in the message
        interrupted = f"{type(error).__name__}: {error}"
    finally:
        left = hub.stop()
    for r in results:
        if interrupted and not (r.error or r.finished):
            r.error = interrupted
        r.peak_mib = sampler.peak.get(r.learner, 0.0)  # sampled until the hub stopped
    print(hub_report.table(results))
    if interrupted:
        print(interrupted)
    print(f"processes started under the hub: {len(hub.seen)}; still running after it stopped: {len(left)}"
          + (f" (ended now: {sorted(pid for pid, _ in left)})" if left else ""))
    print(f"wall time {time.monotonic() - wall:.0f} s; memory is RSS sampled every {SAMPLE_S} s")
    print(hub_report.summary_line(results, sampler.node_peak))
    if interrupted or left or any(r.error for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
