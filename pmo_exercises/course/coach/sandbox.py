"""The grading sandbox: trainee kernels inside bubblewrap, forked from a warm zygote.

``pmo course grade`` runs every trainee's cells in a kernel that sees:

- the system (``/usr``), the Python installation, the kit's environment and
  its package, all **read-only**;
- a private, writable copy of that submission's folder (``/home/trainee``)
  and a private ``/tmp``, emptied between two notebooks;
- nothing else: not the course folder, the gradebook, ``source/``,
  ``solutions/``, other submissions, the coach's home, the environment or the
  network (a network namespace of its own, with no interface but loopback).

It runs in a PID namespace of its own, as a user that owns nothing outside,
with limits on memory (address space per process), processes, file size and
CPU time. Each grading worker starts **one** sandbox (``bwrap``, from the
Debian package ``bubblewrap``) holding a zygote (:mod:`.zygote`) that has
imported ipykernel, pandas and the kit; every notebook's kernel is a fresh fork
of it. Between two notebooks the zygote kills every other process of the
sandbox and empties its writable folders, so nothing of one trainee is there
when the next trainee's kernel is born.

**Why IPC sockets.** The kernel's messages travel over Unix sockets in a
folder bind-mounted into the sandbox at the same path (jupyter's ``ipc``
transport). The sandbox keeps a network namespace with loopback only, so the
kernel can reach no TCP port of the coach's machine, and no port is opened
for it: a socket file is reachable only by whoever can see the folder.

**Why one sandbox per worker.** A sandbox per notebook would start Python
and import pandas and the kit for every submission, about 0.5 s of CPU each,
more than grading a small notebook costs (``benchmarks/bench_grading.py``
measures both). The zygote inside the sandbox never runs trainee code; it
changes user before anything else, which makes it non-dumpable, so the
kernels it forks cannot trace it or read its memory.

:mod:`.bwrap` builds the command and :mod:`.cgroups` the sandbox's totals;
this module runs the sandboxed zygote and its kernels.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from dataclasses import asdict
from pathlib import Path

from .bwrap import (
    BASE_UID,
    HOME,
    Limits,
    SandboxError,
    bwrap_command,
    check,
    environment,
    parse_size,
)
from .cgroups import REFUSED, Cgroups
from .scratch import VERDICT_PREFIX, Scratch, sweep
from .zygote import ForkedProcess, QuickKernelManager, Zygote, kernel_args

__all__ = [
    "WORKDIR_BASE",
    "WORKDIR_PREFIX",
    "Limits",
    "SandboxError",
    "SandboxKernelManager",
    "SandboxZygote",
    "bwrap_command",
    "check",
    "configure",
    "parse_size",
    "sweep_leftovers",
]

_config: dict = {}

#: Where each worker's sandbox keeps the kernel's home and sockets, and their prefix.
WORKDIR_BASE = "/var/tmp"
WORKDIR_PREFIX = "pmo-sbx-"


def configure(limits: Limits) -> None:
    """Set the limits of this worker's sandbox (before its first kernel)."""
    _config["limits"] = limits


def sweep_leftovers() -> list[Path]:
    """Remove what killed workers left: sandbox folders, clean-kernel folders, cgroups.

    Only what no living process holds (:mod:`.scratch`); the folders removed.
    """
    base = WORKDIR_BASE if os.path.isdir(WORKDIR_BASE) else None
    removed = sweep(WORKDIR_PREFIX, base) + sweep(VERDICT_PREFIX)
    Cgroups.sweep()
    return removed


class SandboxZygote(Zygote):
    """The worker's zygote inside its bwrap sandbox, and the folders the sandbox sees."""

    _instance: SandboxZygote | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.limits: Limits = _config.get("limits") or Limits()
        base = WORKDIR_BASE if os.path.isdir(WORKDIR_BASE) else None
        sweep(WORKDIR_PREFIX, base)  # what killed workers left
        # short: Unix socket paths are limited to about 100 characters
        self._scratch = Scratch(WORKDIR_PREFIX, base)
        self.workdir = self._scratch.path
        self.uid = BASE_UID + os.getpid() % 5000
        for name in ("home", "ipc", "share"):
            (self.workdir / name).mkdir()
        # share/ stays the coach's: the sandbox sees it read-only (the variant comes in there)
        os.chmod(self.workdir / "share", 0o755)
        self._shared = itertools.count(1)
        if os.geteuid() == 0:
            for name in ("home", "ipc"):
                os.chown(self.workdir / name, self.uid, self.uid)
            os.chmod(self.workdir, 0o755)
        # named after this worker: another worker removes it only once this one is gone
        self.cgroups = Cgroups(f"pmo-sbx-{os.getpid()}-{self.workdir.name[8:]}", self.limits)
        cmd, self.settings = bwrap_command(
            self.workdir,
            self.limits,
            self.uid,
            counted="pids" in self.cgroups.dirs,
            preload=Zygote.preload,
        )
        self._start(cmd, {}, start_new_session=True, stderr=None, preexec_fn=self.cgroups.join)
        self.kernels = itertools.count(1)
        self._seen = self.cgroups.counters()

    def refusals(self) -> list[str]:
        """The limits the sandbox met since the last call, in the log's words."""
        now = self.cgroups.counters()
        met = [words for key, words in REFUSED.items() if now.get(key, 0) > self._seen.get(key, 0)]
        self._seen = now
        return met

    @classmethod
    def get(cls) -> SandboxZygote:
        """The worker's sandboxed zygote, started on first use (again if it died)."""
        with cls._lock:
            if cls._instance is None or cls._instance.proc.poll() is not None:
                cls._instance = cls()
                import atexit

                atexit.register(cls._instance.close)
            return cls._instance

    def close(self) -> None:
        """End the sandbox; remove its folder and its cgroups."""
        super().close()
        self._scratch.remove()
        self.cgroups.remove()

    def share_path(self) -> str:
        """A new file in the folder the sandbox reads only, for the trusted zygote to fill.

        The worker has the trusted zygote write the trainee's variant there and
        this zygote take it (:meth:`Zygote.prepare`); :meth:`receive` clears the
        folder once it has.
        """
        return str(self.workdir / "share" / f"variant-{next(self._shared)}.pickle")

    def lock_sockets(self) -> None:
        """Once the kernel has bound its sockets: it may no longer add, move or replace one.

        The grader and the clean shell connect to these paths later; a trainee who swapped
        one for a link could otherwise point it at a socket of the coach's.
        """
        if os.geteuid() == 0:
            os.chown(self.workdir / "ipc", 0, 0)
            os.chmod(self.workdir / "ipc", 0o755)

    def receive(self, folder: str | None, connection_file: str) -> None:
        """Empty the sandbox, then give it a copy of ``folder`` (the submission) to work in.

        ``connection_file`` is the next kernel's, already written: kept, since
        jupyter_client would write it again while the kernel reads it.
        """
        self.request({"reset": True})  # answered after the variant was taken
        self.refusals()  # what the last notebook's leftovers met is not the next one's
        for entry in os.scandir(self.workdir / "share"):
            os.unlink(entry.path)
        ipc = self.workdir / "ipc"
        for entry in os.scandir(ipc):  # the last kernel's sockets and connection file
            if entry.path != connection_file:
                os.unlink(entry.path)
        if os.geteuid() == 0:
            os.chown(ipc, self.uid, self.uid)
        if not folder:
            return
        home = self.workdir / "home"
        for entry in os.scandir(folder):  # what nbgrader copied from submitted/
            target = home / entry.name
            if entry.is_dir(follow_symlinks=False):
                shutil.copytree(entry.path, target, symlinks=True)
            elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                shutil.copy2(entry.path, target, follow_symlinks=False)
        if os.geteuid() == 0:
            for root, dirs, files in os.walk(home):
                for name in [*dirs, *files]:
                    os.lchown(os.path.join(root, name), self.uid, self.uid)


class _SandboxedProcess(ForkedProcess):
    """A ``Popen``-like handle on a kernel inside the sandbox, through its zygote.

    The worker cannot see the sandbox's process ids: the zygote, the kernel's
    parent, waits for it and signals it.
    """

    def __init__(self, zygote: SandboxZygote, pid: int) -> None:
        super().__init__(pid)
        self.zygote = zygote
        self.signal: int | None = None  # the signal that ended the kernel, if one did

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                status = self.zygote.request({"status": self.pid})
            except OSError:  # the sandbox has gone, and its kernel with it
                self.returncode = -9
                return self.returncode
            if not status.get("alive"):
                self.signal = status.get("signal")
                code = status.get("code")
                self.returncode = -self.signal if self.signal else int(code or 0)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            self.zygote.request({"signal": int(signum), "pid": self.pid})


class SandboxKernelManager(QuickKernelManager):
    """jupyter_client's kernel manager, with Python kernels forked inside the sandbox.

    The connection uses Unix sockets in the sandbox's ``ipc`` folder; the
    kernel works in a copy of the folder nbgrader asked for, at ``/home/trainee``.
    """

    def __init__(self, **kwargs) -> None:
        zygote = SandboxZygote.get()
        n = next(zygote.kernels)
        ipc = zygote.workdir / "ipc"
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(ipc / f"k{n}"))
        kwargs.setdefault("connection_file", str(ipc / f"k{n}.json"))
        super().__init__(**kwargs)
        self.zygote = zygote
        #: Where the verdict calls the trainee's functions (:func:`..answers.serve_calls`).
        self.calls_socket = str(ipc / f"k{n}-calls")

    def write_connection_file(self, **kwargs) -> None:
        """Write the kernel's connection file, readable by the sandbox's user."""
        super().write_connection_file(**kwargs)
        if os.geteuid() == 0:  # the kernel, not root, must read it
            os.chown(self.connection_file, self.zygote.uid, self.zygote.uid)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        import asyncio

        args = kernel_args(list(kernel_cmd))
        if args is None:
            raise SandboxError(f"the sandbox runs Python kernels only, not {kernel_cmd[0]!r}")
        zygote = self.zygote
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, zygote.receive, kw.get("cwd"), str(self.connection_file))
        env = environment()
        trainee = (kw.get("env") or os.environ).get("PMO_GRADING_TRAINEE")
        if trainee:
            env["PMO_GRADING_TRAINEE"] = trainee
        limits = asdict(zygote.limits)
        limits = {k: limits[k] for k in ("memory", "cpu_seconds")}
        pid = await loop.run_in_executor(
            None, zygote.fork, args, env, HOME, limits, self.calls_socket
        )
        provisioner = self.provisioner
        provisioner.process = _SandboxedProcess(zygote, pid)
        provisioner.pid = pid
        provisioner.pgid = None  # signals go through the zygote, which sees the sandbox's pids
        provisioner.cwd = HOME
        self._reconcile_connection_info(provisioner.connection_info)
