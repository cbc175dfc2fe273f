"""The grading sandbox's totals, in cgroups, where the host lets us make them.

The rlimits (:class:`.bwrap.Limits`) bound each process; :class:`Cgroups`
bounds the sandbox as a whole and counts each refusal, in the log's words
(:data:`REFUSED`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .bwrap import Limits

__all__ = ["REFUSED", "Cgroups"]

#: What each counted refusal met, in the log's words.
REFUSED = {"memory": "the memory limit", "processes": "the process limit"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _parent(controller: str) -> Path | None:
    """The cgroup v1 ``controller`` group this process is in, or None."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, names, path = line.split(":", 2)
        if controller in names.split(","):
            return Path("/sys/fs/cgroup") / controller / path.lstrip("/")
    return None


def _sweep(parent: Path) -> None:
    """Remove the groups under ``parent`` named after a worker that is no longer alive."""
    try:
        stale = list(parent.glob("pmo-sbx-*-*"))
    except OSError:
        return
    for group in stale:
        owner = group.name.split("-")[2]
        if owner.isdigit() and not _alive(int(owner)):
            try:
                group.rmdir()  # refused while a process is still in it
            except OSError:
                pass


class Cgroups:
    """A pids and a memory cgroup holding the whole sandbox, when the host allows it.

    The rlimits bound each process; a cgroup bounds the sandbox as a whole
    (every process and thread, all their memory, ``/tmp`` included) and counts
    each refusal, which is how the log learns that a fork bomb met the process
    limit even when the trainee's code swallowed the errors. Where cgroups
    cannot be made (no permission, no controller), the rlimits stand alone and
    :meth:`counters` is empty.
    """

    def __init__(self, name: str, limits: Limits) -> None:
        self.dirs: dict[str, Path] = {}
        wanted = {
            "pids": {"pids.max": str(limits.processes)},
            "memory": {"memory.limit_in_bytes": str(limits.memory + 2 * limits.tmp_size + 2**28)},
        }
        for controller, settings in wanted.items():
            folder = self._make(controller, name)
            if folder is None:
                continue
            try:
                for key, value in settings.items():
                    (folder / key).write_text(value)
            except OSError:
                folder.rmdir()
                continue
            self.dirs[controller] = folder

    @staticmethod
    def _make(controller: str, name: str) -> Path | None:
        """Make a cgroup v1 ``controller`` group beside this process's own; None if not allowed."""
        parent = _parent(controller)
        if parent is None:
            return None
        _sweep(parent)
        folder = parent / name
        try:
            folder.mkdir()
        except OSError:
            return None
        return folder

    @staticmethod
    def sweep() -> None:
        """Remove the empty groups of workers that have gone (a killed worker leaves its own)."""
        for controller in ("pids", "memory"):
            parent = _parent(controller)
            if parent is not None:
                _sweep(parent)

    def join(self) -> None:
        """Put the calling process in every group (run in the child before ``exec``)."""
        for folder in self.dirs.values():
            try:
                (folder / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:  # the rlimits still hold; the log may miss a refusal
                pass

    def counters(self) -> dict[str, int]:
        """How often the groups refused: forks over the limit, memory over the limit."""
        out = {}
        if "pids" in self.dirs:
            events = (self.dirs["pids"] / "pids.events").read_text().split()
            out["processes"] = int(events[events.index("max") + 1]) if "max" in events else 0
        if "memory" in self.dirs:
            out["memory"] = int((self.dirs["memory"] / "memory.failcnt").read_text())
        return out

    def remove(self) -> None:
        """Remove the groups (refused, and left for a later worker, while a process is in one)."""
        for folder in self.dirs.values():
            try:
                folder.rmdir()
            except OSError:
                pass
