"""The pure parts of `make hub` and `make hub-loadtest`: the hub's config (what it binds, where its
state goes, the course copied into a learner's home), the notebook each learner runs, the control
a learner moves, the summary line, and the /proc process tree. The load test
itself (a real hub, 20 learners) is `make hub-loadtest`, too heavy for make test."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import hub_report  # noqa: E402
import proc_tree  # noqa: E402
from hub_report import Result  # noqa: E402

NUMBERED = hub_report.numbered_notebooks(ROOT / "notebooks")


# -- the hub's config ------------------------------------------------------------------------------
def load_config(monkeypatch, state: Path) -> tuple[Config, dict]:
    """Run hub/jupyterhub_config.py as JupyterHub does (get_config() in its namespace)."""
    monkeypatch.setenv("HUB_STATE", str(state))
    monkeypatch.setenv("HUB_PORT", "18000")
    config = Config()
    namespace = {"get_config": lambda: config, "__file__": str(ROOT / "hub" / "jupyterhub_config.py")}
    exec(compile((ROOT / "hub" / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"), namespace)
    return config, namespace


def test_config_listens_on_loopback_only_and_keeps_state_in_the_throwaway_folder(monkeypatch, tmp_path):
    c, _ = load_config(monkeypatch, tmp_path / "state")
    for url in (c.JupyterHub.bind_url, c.JupyterHub.hub_bind_url, c.ConfigurableHTTPProxy.api_url):
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18000"
    assert c.Spawner.ip == "127.0.0.1"
    state = str((tmp_path / "state").resolve())
    for path in (c.JupyterHub.db_url.removeprefix("sqlite:///"), c.JupyterHub.cookie_secret_file,
                 c.ConfigurableHTTPProxy.pid_file, c.SimpleLocalProcessSpawner.home_dir_template):
        assert path.startswith(state), path
    # the proxy is the npm-installed one pinned by hub/package-lock.json
    assert c.ConfigurableHTTPProxy.command == [str(ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy")]


def test_config_allows_exactly_the_demo_users(monkeypatch, tmp_path):
    c, ns = load_config(monkeypatch, tmp_path)
    assert c.Authenticator.allowed_users == {f"learner{i:02d}" for i in range(1, 21)}
    assert c.Authenticator.admin_users == {"instructor"}
    # the load test logs in with the password the config sets
    from hub_server import LEARNER_PASSWORD

    assert c.SharedPasswordAuthenticator.user_password == LEARNER_PASSWORD == ns["LEARNER_PASSWORD"]


def test_pre_spawn_hook_copies_the_course_into_the_learners_home_and_keeps_their_work(monkeypatch, tmp_path):
    c, _ = load_config(monkeypatch, tmp_path)
    home = tmp_path / "home" / "learner01"
    spawner = types.SimpleNamespace(home_dir=str(home))
    c.Spawner.pre_spawn_hook(spawner)
    for name in NUMBERED:
        assert (home / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()
        assert (home / "ko" / name).read_bytes() == (ROOT / "notebooks" / "ko" / name).read_bytes()
    # the default URL opens a notebook that is there
    assert (home / c.Spawner.default_url.removeprefix("/lab/tree/")).is_file()
    kernel = json.loads((home / ".local/share/jupyter/kernels/python3/kernel.json").read_text())
    assert kernel["argv"][:3] == [str(Path(sys.executable).parent / "python"), "-m", "ipykernel_launcher"]
    # a second start must not overwrite what the learner wrote
    (home / NUMBERED[0]).write_text("the learner's own work")
    c.Spawner.pre_spawn_hook(spawner)
    assert (home / NUMBERED[0]).read_text() == "the learner's own work"


def test_proxy_pin_matches_its_lock_file():
    wanted = json.loads((ROOT / "hub" / "package.json").read_text())["dependencies"]["configurable-http-proxy"]
    locked = json.loads((ROOT / "hub" / "package-lock.json").read_text())["packages"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"pin an exact version, got {wanted}"
    assert locked["node_modules/configurable-http-proxy"]["version"] == wanted


# -- which learner runs which notebook -------------------------------------------------------------
def test_twenty_learners_run_every_notebook_of_both_editions():
    assigned = hub_report.assign_notebooks(20, NUMBERED)
    assert len(assigned) == 20
    everything = set(NUMBERED) | {f"ko/{name}" for name in NUMBERED}
    assert len(everything) == 18
    assert set(assigned) == everything


@pytest.mark.parametrize("count", range(1, 19))
def test_fewer_learners_take_different_notebooks_and_both_editions_from_two_on(count):
    assigned = hub_report.assign_notebooks(count, NUMBERED)
    assert len(set(assigned)) == count
    editions = {name.startswith("ko/") for name in assigned}
    assert editions == ({False, True} if count >= 2 else {False})
    if count <= len(NUMBERED):  # the first learners take different numbers, not one notebook twice
        assert len({name.removeprefix("ko/") for name in assigned}) == count


@pytest.mark.parametrize("count", [0, -3, 2.5, "20"])
def test_assign_notebooks_rejects_a_bad_count(count):
    with pytest.raises(ValueError, match="count"):
        hub_report.assign_notebooks(count, NUMBERED)


# -- the control a learner moves -------------------------------------------------------------------
def test_choose_control_moves_the_first_slider_three_quarters_of_its_range():
    widgets = [
        {"comm_id": "layout", "_model_name": "LayoutModel"},
        {"comm_id": "menu", "_model_name": "DropdownModel", "index": 0, "_options_labels": ["a", "b"]},
        {"comm_id": "x0", "_model_name": "FloatSliderModel", "value": 1.0, "min": -2.0, "max": 2.0, "step": 0.1},
        {"comm_id": "h", "_model_name": "FloatSliderModel", "value": 0.1, "min": 0.0, "max": 1.0, "step": 0.1},
    ]
    assert hub_report.choose_control(widgets[2:3] + widgets[3:]) == ("x0", {"value": pytest.approx(-1.0)})
    # x0 is at -2 + 0.75 * 4 = 1.0 already, so it goes a quarter of the way instead: -2 + 0.25 * 4
    comm_id, update = hub_report.choose_control(widgets)
    assert comm_id == "x0" and update == {"value": pytest.approx(-1.0)}
    widgets[2]["value"] = 0.0
    assert hub_report.choose_control(widgets) == ("x0", {"value": pytest.approx(1.0)})


def test_choose_control_snaps_to_the_step_and_handles_int_and_log_sliders():
    _, update = hub_report.choose_control(
        [{"comm_id": "a", "_model_name": "FloatSliderModel", "value": 0.0, "min": 0.0, "max": 1.0, "step": 0.3}])
    assert update == {"value": pytest.approx(0.6)}  # 0.75 snapped to the steps 0, 0.3, 0.6, 0.9
    _, update = hub_report.choose_control(
        [{"comm_id": "s", "_model_name": "IntSliderModel", "value": 0, "min": 0, "max": 9, "step": 1}])
    assert update == {"value": 7} and isinstance(update["value"], int)  # 6.75 -> 7
    _, update = hub_report.choose_control(
        [{"comm_id": "lr", "_model_name": "FloatLogSliderModel", "value": 0.01, "base": 10, "min": -3.0,
          "max": 1.0, "step": 0.05}])
    assert update["value"] == pytest.approx(1.0)  # 10 ** (-3 + 0.75 * 4)


def test_choose_control_falls_back_to_a_dropdown_and_says_none_when_there_is_nothing():
    menu = {"comm_id": "m", "_model_name": "DropdownModel", "index": 2, "_options_labels": ["a", "b", "c"]}
    assert hub_report.choose_control([menu]) == ("m", {"index": 0})
    assert hub_report.choose_control([{"comm_id": "o", "_model_name": "OutputModel"}]) is None


# -- the summary line and the table ----------------------------------------------------------------
SUMMARY = re.compile(
    r"hub load test: (\d+) learners, (\d+) failures, server start p50/p95 (\S+)/(\S+) s, "
    r"notebook p50/p95 (\S+)/(\S+) s, peak per learner (\d+) MiB, node peak (\d+) MiB")


def test_summary_line_has_the_agreed_form_and_numbers():
    results = [Result(f"learner{i:02d}", "00_start_here.ipynb", server_s=float(i), notebook_s=10.0 * i,
                      peak_mib=200.0 + i) for i in range(1, 6)]
    results.append(Result("learner06", "ko/03_gradient_descent.ipynb", server_s=None, error="timed out"))
    line = hub_report.summary_line(results, node_peak_mib=1536.4)
    match = SUMMARY.fullmatch(line)
    assert match, line
    # 5 start times 1..5: p50 = 3, p95 = 4 + 0.8 * (5 - 4) = 4.8 (rank 0.95 * 4 = 3.8)
    assert match.groups() == ("6", "1", "3.0", "4.8", "30.0", "48.0", "205", "1536")


def test_table_has_a_row_per_learner_with_its_error():
    results = [Result("learner01", "00_start_here.ipynb", 1.5, 2.25, 340.0, 250.0, 16),
               Result("learner02", "ko/00_start_here.ipynb", error="code cell 3 raised NameError: x")]
    lines = hub_report.table(results).splitlines()
    assert len(lines) == 3 and lines[0].startswith("learner")
    assert lines[1].split()[:8] == ["learner01", "00_start_here.ipynb", "16", "1.5", "2.2", "340", "250", "-"]
    assert lines[2].endswith("code cell 3 raised NameError: x")


# -- the process tree from /proc -------------------------------------------------------------------
def test_parse_stat_reads_fields_after_a_command_name_with_spaces_and_parentheses():
    rest = " ".join(str(n) for n in range(3, 53))  # fields 3..52 hold their own number
    pid, ppid, start = proc_tree.parse_stat(f"4242 (my (odd) name) S {rest.split(' ', 1)[1]}")
    assert (pid, ppid, start) == (4242, 4, 22)


def test_descendants_of_a_fake_tree():
    parents = {1: 0, 10: 1, 11: 10, 12: 10, 13: 12, 20: 1, 21: 20, 30: 99}
    assert proc_tree.descendants(10, parents) == [11, 12, 13]
    assert proc_tree.descendants(1, parents) == [10, 11, 12, 13, 20, 21]
    assert proc_tree.descendants(13, parents) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc is needed")
def test_this_process_tree_memory_environment_and_liveness():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                             env=dict(os.environ, JUPYTERHUB_USER="learner07"))
    try:
        deadline = time.monotonic() + 10
        while (stats := proc_tree.read_stats()).get(child.pid) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stats[child.pid][0] == os.getpid()
        assert child.pid in proc_tree.descendants(os.getpid(), {p: s[0] for p, s in stats.items()})
        assert proc_tree.environ(child.pid)["JUPYTERHUB_USER"] == "learner07"
        assert proc_tree.rss_bytes(os.getpid()) > 1024 * 1024  # a Python with pytest loaded
        me = (child.pid, stats[child.pid][1])
        assert proc_tree.alive([me]) == [me]
        assert proc_tree.alive([(child.pid, me[1] + 1)]) == []  # same pid, another start time: not ours
    finally:
        child.kill()
        child.wait()
    assert proc_tree.alive([me]) == []
    assert proc_tree.rss_bytes(child.pid) == 0 and proc_tree.environ(child.pid) == {}


def test_sampler_counts_a_server_first_seen_before_its_exec_for_its_learner(monkeypatch):
    import hub_loadtest

    # one process: at the first sample it still has the hub's environment (forked, not yet exec'd)
    environments = iter([{}, {"JUPYTERHUB_USER": "learner01"}])  # a third read would raise
    monkeypatch.setattr(proc_tree, "environ", lambda pid: next(environments))
    monkeypatch.setattr(proc_tree, "rss_bytes", lambda pid: 300 * hub_loadtest.MIB)
    sampler = hub_loadtest.Sampler(types.SimpleNamespace(tree=lambda: {4321: 99}))
    sampler.sample()
    assert sampler.peak == {} and sampler.node_peak == 300
    sampler.sample()
    sampler.sample()  # a learner once named stays named (no third read needed)
    assert sampler.peak == {"learner01": 300}
    assert sampler.processes_of("learner01") == [(4321, 99)]
