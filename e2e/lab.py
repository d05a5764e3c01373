"""A throw-away JupyterLab server for the browser test, and the browser to drive it.

The server runs on 127.0.0.1 without a token, with its own config, runtime, data,
settings and workspaces folders and a copy of the notebooks, all in one temporary
folder: the test never touches the user's Jupyter set-up or the repository's notebooks
(JupyterLab autosaves and writes checkpoints).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# Flags known to work with Debian's Chromium in a container (see BROWSER_TESTING.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_CANDIDATES = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]

# Private JupyterLab settings: no "Jupyter news?" toast over the cells, and every cell
# attached to the page (with windowing, cells out of view are not in the DOM).
LAB_SETTINGS = {
    "apputils-extension/notification": {"fetchNews": "false"},
    "notebook-extension/tracker": {"windowingMode": "none"},
    # English menus whatever `make lab UI=ko` set as this environment's default
    "translation-extension/plugin": {"locale": "default"},
}


def find_chromium() -> str:
    """The browser: $CHROMIUM if set, else the first Chromium/Chrome found on this system."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        path = shutil.which(chosen) or chosen
        if not Path(path).is_file():
            raise FileNotFoundError(f"CHROMIUM={chosen} is not a file")
        return path
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    for path in CHROMIUM_CANDIDATES:
        if Path(path).is_file():
            return path
    raise FileNotFoundError(
        "no Chromium or Chrome found. Install one (Debian/Ubuntu: apt-get install chromium) "
        "or point the test at it: make e2e CHROMIUM=/path/to/chrome"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """`jupyter lab` on a copy of `notebooks`, stopped (with its kernels) by stop()."""

    def __init__(self, notebooks: Path) -> None:
        self.source = notebooks
        self.work = Path(tempfile.mkdtemp(prefix="gdlib-e2e-"))
        self.root = self.work / "notebooks"
        self.log_path = self.work / "server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    # -- set-up ---------------------------------------------------------------------------
    def _prepare(self) -> dict[str, str]:
        skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        # only the notebooks: their data come with gdlib (data.iris()), not from a folder beside them
        shutil.copytree(self.source, self.root, ignore=skip)
        for key, value in LAB_SETTINGS.items():
            ext, name = key.split("/")
            folder = self.work / "settings" / "@jupyterlab" / ext
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(value))
        # The kernel is this Python (the project's .venv), whatever kernelspecs exist elsewhere:
        # the private data folder comes first in Jupyter's search path.
        spec = self.work / "data" / "kernels" / "python3"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "Python 3 (ipykernel)",
                    "language": "python",
                }
            )
        )
        env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(self.work / "config"),
            JUPYTER_RUNTIME_DIR=str(self.work / "runtime"),
            JUPYTER_DATA_DIR=str(self.work / "data"),
            MPLCONFIGDIR=str(self.work / "mpl"),
            IPYTHONDIR=str(self.work / "ipython"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        env.pop("MPLBACKEND", None)  # Agg in the environment would make inline figures vanish
        env.pop("JUPYTER_PATH", None)
        return env

    def start(self, timeout: float = 60) -> None:
        env = self._prepare()
        cmd = [
            str(Path(sys.executable).parent / "jupyter-lab"),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.terminals_enabled=False",
            "--KernelSpecManager.ensure_native_kernel=False",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the kernel-ready check
            f"--LabApp.workspaces_dir={self.work / 'workspaces'}",
            f"--LabApp.user_settings_dir={self.work / 'settings'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=self.work, stdout=self.log, stderr=subprocess.STDOUT
        )
        t0 = time.monotonic()
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() - t0 > timeout:
                    raise RuntimeError(f"JupyterLab did not start:\n{self.log_tail()}") from None
                time.sleep(0.2)

    # -- use ------------------------------------------------------------------------------
    def api(self, method: str, path: str):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self, timeout: float = 20) -> list[str]:
        """Delete every session (which shuts its kernel down); returns kernels still alive."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")
        t0 = time.monotonic()
        while (left := self.api("GET", "/api/kernels")) and time.monotonic() - t0 < timeout:
            time.sleep(0.2)
        return [k["id"] for k in left]

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            return f.read()

    def log_tail(self, chars: int = 3000) -> str:
        text = self.log_since(0)
        return text[-chars:]

    # -- tear-down ------------------------------------------------------------------------
    def stop(self, timeout: float = 20) -> None:
        """SIGTERM: jupyter_server shuts its kernels down, then exits."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if not self.log.closed:
            self.log.close()

    def cleanup(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def stray_processes(marker: str, ancestor_pid: int) -> list:
    """Processes left behind: any whose command line mentions `marker` (the server and its
    kernels: their connection files live in our runtime folder), and any descendant of
    `ancestor_pid` (the Playwright driver and Chromium)."""
    import psutil

    found = {}
    for p in psutil.process_iter(["pid", "cmdline"]):
        try:
            if p.pid != ancestor_pid and marker in " ".join(p.info["cmdline"] or []):
                found[p.pid] = p
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    try:
        for p in psutil.Process(ancestor_pid).children(recursive=True):
            found[p.pid] = p
    except psutil.NoSuchProcess:
        pass
    alive = []
    for p in found.values():
        try:
            if p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


def describe(processes: list) -> str:
    lines = []
    for p in processes:
        try:
            lines.append(f"  pid {p.pid}: {' '.join(p.cmdline())[:160]}")
        except Exception:  # noqa: BLE001 - it may just have gone
            lines.append(f"  pid {p.pid}")
    return "\n".join(lines)


def end_processes(processes: list, grace: float = 5) -> None:
    """SIGTERM each by pid, then SIGKILL what is still alive after `grace` seconds."""
    import psutil

    for p in processes:
        try:
            p.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=grace)
