"""Processes from Linux's /proc: the tree under one process, their memory, their environment.

What tools/hub_server.py and tools/hub_loadtest.py need to measure a JupyterHub and to check that
everything it started is gone, without psutil. A process is named by (pid, start time): a pid
can be reused by a new process once the old one is gone, the pair cannot.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def parse_stat(text: str) -> tuple[int, int, int]:
    """(pid, parent pid, start time in clock ticks) from the text of /proc/<pid>/stat.

    The command name, field 2, is in parentheses and may itself hold spaces and ')', so the
    fields are counted from the last ')'."""
    pid = int(text[: text.index(" ")])
    rest = text[text.rindex(")") + 2:].split()
    # rest[0] is field 3 (state): the parent is field 4, the start time field 22
    return pid, int(rest[1]), int(rest[19])


def read_stats(proc: Path = Path("/proc")) -> dict[int, tuple[int, int]]:
    """{pid: (parent pid, start time)} of every process now running."""
    stats = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            pid, ppid, start = parse_stat((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # it ended while we looked
        stats[pid] = (ppid, start)
    return stats


def descendants(root: int, parents: Mapping[int, int]) -> list[int]:
    """Every process under root (children, their children...), given {pid: parent pid}; not root."""
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid == root or pid in found:  # a cycle cannot happen in /proc, but a fake tree may have one
            continue
        found.append(pid)
        todo.extend(children.get(pid, []))
    return sorted(found)


def rss_bytes(pid: int, proc: Path = Path("/proc")) -> int:
    """Resident memory of a process in bytes (0 if it is gone)."""
    try:
        return int((proc / str(pid) / "statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def environ(pid: int, proc: Path = Path("/proc")) -> dict[str, str]:
    """A process's environment at its start ({} if it is gone or not readable)."""
    try:
        raw = (proc / str(pid) / "environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}


def alive(processes: Iterable[tuple[int, int]], proc: Path = Path("/proc")) -> list[tuple[int, int]]:
    """Those of the (pid, start time) pairs whose process still runs (a zombie counts as gone)."""
    left = []
    for pid, start in processes:
        try:
            text = (proc / str(pid) / "stat").read_text()
        except OSError:
            continue
        _, _, now_start = parse_stat(text)
        state = text[text.rindex(")") + 2]
        if now_start == start and state != "Z":
            left.append((pid, start))
    return left
