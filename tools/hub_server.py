"""The course's JupyterHub (hub/jupyterhub_config.py) on 127.0.0.1, and stopping all it started.

    python tools/hub_server.py [--port 8000]    what `make hub` runs: open the printed address, log in as a
                                         demo learner; Ctrl-C stops the hub and every learner's server

The hub's state (database, cookie secret, learners' homes) goes to a throw-away folder under
_build/, emptied at every start. tools/hub_loadtest.py and tools/hub_screenshot.py start the hub
through the Hub class below.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(REPO)]
import proc_tree  # noqa: E402 - tools/ is not a package

from e2e.lab import free_port  # noqa: E402 - a free port of 127.0.0.1, as the browser test's server takes

CONFIG = REPO / "hub" / "jupyterhub_config.py"
PROXY = REPO / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
LEARNER_PASSWORD = "learn-with-gdlib"  # the same as in hub/jupyterhub_config.py (DEMO)


class Hub:
    """`jupyterhub` with the course's config in its own session; stop() ends it and, should the hub
    leave any behind, every process that ran under it (each seen one is remembered by tree())."""

    def __init__(self, state: Path, port: int | None = None, log: Path | None = None) -> None:
        self.state = state.resolve()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.proc: subprocess.Popen | None = None
        self.seen: set[tuple[int, int]] = set()  # (pid, start time) of the hub and all under it

    def start(self, timeout: float = 120) -> None:
        if not PROXY.exists():
            raise FileNotFoundError(f"{PROXY} is missing: `make hub` installs it (npm ci --prefix hub)")
        shutil.rmtree(self.state, ignore_errors=True)
        self.state.mkdir(parents=True)
        env = dict(
            os.environ,
            HUB_STATE=str(self.state),
            HUB_PORT=str(self.port),
            HUB_API_PORT=str(free_port()),
            HUB_PROXY_API_PORT=str(free_port()),
        )
        env.pop("CONFIGPROXY_AUTH_TOKEN", None)  # the hub makes a fresh one for the proxy it starts
        out = open(self.log_path, "w") if self.log_path else None  # noqa: SIM115 - closed by the process end
        cmd = [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)]
        # its own session: a Ctrl-C meant for us must not reach it before stop() does it in order
        self.proc = subprocess.Popen(cmd, cwd=self.state, env=env, stdout=out,
                                     stderr=subprocess.STDOUT if out else None, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"jupyterhub exited with code {code} while starting{self._log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2) as response:
                    if response.status == 200:
                        self.tree()
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"the hub did not answer at {self.url} within {timeout:.0f} s{self._log_tail()}")

    def _log_tail(self) -> str:
        if self.log_path and self.log_path.exists():
            return "; the end of its log:\n" + "\n".join(self.log_path.read_text().splitlines()[-20:])
        return ""

    def tree(self, stats: dict[int, tuple[int, int]] | None = None) -> dict[int, int]:
        """{pid: start time} of the hub and every process under it now (remembered for stop())."""
        if self.proc is None:
            return {}
        stats = proc_tree.read_stats() if stats is None else stats
        if self.proc.pid not in stats:
            return {}
        pids = [self.proc.pid, *proc_tree.descendants(self.proc.pid, {p: s[0] for p, s in stats.items()})]
        now = {pid: stats[pid][1] for pid in pids}
        self.seen.update(now.items())
        return now

    def stop(self, timeout: float = 60) -> list[tuple[int, int]]:
        """Stop the hub (it stops the proxy and every learner's server, and they their kernels);
        then end anything that ran under it and still runs. Returns what had to be ended that way."""
        if self.proc is None:
            return []
        self.tree()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        # a learner's server ends a moment after the hub: give it that moment before calling it left behind
        deadline = time.monotonic() + 10
        while (left := proc_tree.alive(self.seen)) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None
        return left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="the hub's address is http://127.0.0.1:PORT")
    args = parser.parse_args()
    if not 0 < args.port < 65536:
        sys.exit(f"--port must be between 1 and 65535, got {args.port}")
    hub = Hub(REPO / "_build" / "hub", port=args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the hub in `finally` on a kill too
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even where a shell ignores it for us
    try:
        hub.start()
        print(f"\nThe course's JupyterHub: {hub.url}/  (Ctrl-C stops it and every learner's server)\n"
              f"  learners: learner01 ... learner20, password {LEARNER_PASSWORD}\n"
              f"  state (emptied at every start): {hub.state}\n", flush=True)
        hub.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        left = hub.stop()
        if left:
            print(f"ended {len(left)} process(es) the hub left behind: {sorted(pid for pid, _ in left)}")


if __name__ == "__main__":
    main()
