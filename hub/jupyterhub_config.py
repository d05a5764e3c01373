"""JupyterHub for a cohort taking the course, on this computer: `make hub`, `make hub-loadtest`.

Everything listens on 127.0.0.1 only. The hub keeps its state (database, cookie secret, the
learners' home folders) in $HUB_STATE, a throw-away folder that tools/hub_server.py empties before every
start. Each learner's server is JupyterLab from this repository's .venv, opening the course's first
notebook in a copy of the notebooks in the learner's own home folder.

This is the file an instructor adapts for a real deployment (README, "Running a cohort on
JupyterHub"): the authenticator, the spawner, the memory and CPU limits, nbgrader's exchange.
The settings marked DEMO are the ones to replace.
"""

import json
import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub provides get_config to its config file

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # the hub runs from .venv; so does every learner's server
STATE = Path(os.environ.get("HUB_STATE", REPO / "_build" / "hub")).resolve()
PORT = int(os.environ.get("HUB_PORT", "8000"))
# the hub's own API and the proxy's API: tools/hub_server.py picks free ports, so two hubs can run side by side
HUB_API_PORT = int(os.environ.get("HUB_API_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("HUB_PROXY_API_PORT", "8001"))

LEARNERS = [f"learner{i:02d}" for i in range(1, 21)]
INSTRUCTOR = "instructor"
# DEMO: shared passwords in plain text, fine for a hub on 127.0.0.1 that lives for one session
LEARNER_PASSWORD = "learn-with-gdlib"
INSTRUCTOR_PASSWORD = "instructor-demo-password-change-me"  # JupyterHub wants 32+ characters for admins

# -- where it listens, and its state ---------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_API_PORT}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
# configurable-http-proxy from npm, pinned by hub/package-lock.json (make installs it into hub/node_modules)
c.ConfigurableHTTPProxy.command = [str(REPO / "hub" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server (and its kernels)

# -- who may log in --------------------------------------------------------------------------------
# DEMO: a real course uses its institution's logins, e.g. OAuthenticator (GitHub, Google, an OpenID
# Connect provider), LTI from the learning management system, or NativeAuthenticator (sign-up).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = LEARNER_PASSWORD
c.SharedPasswordAuthenticator.admin_password = INSTRUCTOR_PASSWORD
c.Authenticator.allowed_users = set(LEARNERS)
c.Authenticator.admin_users = {INSTRUCTOR}

# -- how a learner's server runs -------------------------------------------------------------------
# DEMO: every learner runs as this computer's user, in a home folder under $HUB_STATE, with no
# isolation and no limits. On one real node use SystemdSpawner or DockerSpawner (they enforce
# mem_limit and cpu_limit below); for a larger cohort KubeSpawner (Zero to JupyterHub).
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
if os.geteuid() == 0:
    c.Spawner.args = ["--ServerApp.allow_root=True"]  # containers and CI run as root
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.environment = {
    "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # ipykernel's debugger would warn at every kernel start
}
# Twenty servers starting at once on 2 cores take well over JupyterHub's default 60 s and 30 s.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
# Measured with `make hub-loadtest` (README): a learner running a notebook peaked at 240-319 MiB.
# Only spawners that enforce limits read these (SystemdSpawner, DockerSpawner, KubeSpawner):
# c.Spawner.mem_limit = "1G"
# c.Spawner.cpu_limit = 1

# JupyterLab settings for every learner: no "Jupyter news?" notification over the notebook
LAB_SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"}}


def copy_course(spawner):
    """Before a learner's first start: the course's notebooks into their home (learners never
    write into the repository), and a kernel that is this .venv's Python whatever else is installed."""
    home = Path(spawner.home_dir)
    if not (home / "00_start_here.ipynb").exists():
        skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        shutil.copytree(REPO / "notebooks", home, ignore=skip, dirs_exist_ok=True)
    kernel = home / ".local" / "share" / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [str(VENV_BIN / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }))
    for name, settings in LAB_SETTINGS.items():
        path = home / ".jupyter" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))


c.Spawner.pre_spawn_hook = copy_course

# -- nbgrader ---------------------------------------------------------------------------------------
# For graded assignments (README, "For instructors") every learner's server also needs nbgrader's
# extensions (the `instructor` extra) and one exchange folder that every learner can write to, e.g.
# in /etc/jupyter/nbgrader_config.py: c.Exchange.root = "/srv/nbgrader/exchange"
