"""How much of the machine this process may use: CPU cores (affinity and cgroup quota)
and memory (cgroup limit and what the system has free), for the batch defaults."""

from __future__ import annotations

import math
import os
from pathlib import Path

__all__ = ["available_cores", "available_memory", "cgroup_cpu_limit", "cgroup_dirs", "cgroup_memory_limit"]

_CGROUP = Path("/sys/fs/cgroup")


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def cgroup_cpu_limit(root: Path = _CGROUP) -> float | None:
    """The CPU quota of this process's cgroup in cores (``1.5`` for 150 ms per 100 ms),
    or ``None`` if there is none.  Reads cgroup v2 ``cpu.max``, else v1 ``cpu.cfs_*``."""
    text = _read(root / "cpu.max")
    if text is not None:
        quota, _, period = text.partition(" ")
        if quota == "max" or not period:
            return None
        return int(quota) / int(period)
    quota_text = _read(root / "cpu" / "cpu.cfs_quota_us") or _read(root / "cpu.cfs_quota_us")
    period_text = _read(root / "cpu" / "cpu.cfs_period_us") or _read(root / "cpu.cfs_period_us")
    if quota_text is None or period_text is None or int(quota_text) <= 0:
        return None
    return int(quota_text) / int(period_text)


def cgroup_dirs(root: Path = _CGROUP, membership: str | None = None) -> list[Path]:
    """This process's cgroup (v2) directory and its ancestors up to ``root``, innermost
    first: a quota anywhere on the way applies.  ``membership`` is the text of
    ``/proc/self/cgroup`` (read if ``None``); in a container it is usually ``0::/``."""
    if membership is None:
        membership = _read(Path("/proc/self/cgroup")) or ""
    relative = ""
    for line in membership.splitlines():
        if line.startswith("0::"):
            relative = line[3:].strip().strip("/")
    dirs = []
    current = root / relative if relative else root
    while True:
        if current.is_dir():
            dirs.append(current)
        if current == root or root not in current.parents:
            break
        current = current.parent
    return dirs or [root]


def available_cores(root: Path = _CGROUP, membership: str | None = None) -> int:
    """The CPU cores this process may use: its affinity mask, capped by the smallest CPU
    quota of its cgroup and their ancestors, rounded up (a container given 1.5 CPUs gets
    2 workers, not one per host core)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    quotas = [q for q in (cgroup_cpu_limit(d) for d in cgroup_dirs(root, membership)) if q is not None]
    if quotas:
        cores = min(cores, max(1, math.ceil(min(quotas))))
    return max(1, cores)


def cgroup_memory_limit(root: Path = _CGROUP) -> int | None:
    """The memory limit of this process's cgroup in bytes, or ``None`` if there is none."""
    text = _read(root / "memory.max")
    if text is None:
        text = _read(root / "memory" / "memory.limit_in_bytes") or _read(root / "memory.limit_in_bytes")
    if text is None or text == "max":
        return None
    value = int(text)
    return None if value >= 1 << 60 else value  # v1 writes a huge number for "no limit"


def available_memory(root: Path = _CGROUP) -> int:
    """Bytes this process could still use: the system's available memory, capped by the
    cgroup limit (0 if neither can be read)."""
    free = 0
    text = _read(Path("/proc/meminfo"))
    if text:
        for line in text.splitlines():
            if line.startswith("MemAvailable:"):
                free = int(line.split()[1]) * 1024
                break
    limit = cgroup_memory_limit(root)
    if limit is not None:
        used = _read(root / "memory.current")
        room = limit - int(used) if used and used.isdigit() else limit
        free = min(free, room) if free else room
    return max(0, free)
