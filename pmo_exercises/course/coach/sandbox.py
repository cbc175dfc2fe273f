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
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .course import CoachError
from .zygote import ForkedProcess, QuickKernelManager, Zygote, kernel_args

__all__ = [
    "Limits",
    "SandboxError",
    "SandboxKernelManager",
    "check",
    "configure",
    "parse_size",
]

HOME = "/home/trainee"
#: The user the sandbox runs as, when the coach is root (a user that owns nothing).
_BASE_UID = 60000
_ETC = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/nsswitch.conf",
    "/etc/alternatives",
    "/etc/mime.types",
)


class SandboxError(CoachError):
    """The sandbox cannot run here; the message says why in one line."""


@dataclass(frozen=True)
class Limits:
    """What one trainee's kernel may use.

    Attributes
    ----------
    memory : int
        Bytes of address space per process (``RLIMIT_AS``); default 2 GiB.
    processes : int
        Processes and threads of the sandbox user (``RLIMIT_NPROC``).
    file_size : int
        Bytes of the largest file a kernel may write (``RLIMIT_FSIZE``).
    cpu_seconds : int
        CPU seconds per kernel (``RLIMIT_CPU``), beside the wall-clock limits.
    tmp_size : int
        Bytes of ``/tmp`` and ``/dev/shm`` each (memory-backed).
    """

    memory: int = 2 * 1024**3
    processes: int = 64
    file_size: int = 256 * 1024**2
    cpu_seconds: int = 300
    tmp_size: int = 256 * 1024**2


def parse_size(text: str | int) -> int:
    """Bytes from ``"2G"``, ``"768M"``, ``"512K"`` or a plain number of bytes.

    Raises
    ------
    ValueError
        With a one-line message when the text is not a size.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = str(text).strip().upper().removesuffix("B").removesuffix("I")
        scale = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}.get(raw[-1:], 1)
        number = raw[:-1] if scale > 1 else raw
        try:
            value = int(float(number) * scale)
        except ValueError:
            raise ValueError(f"{text!r} is not a memory size (e.g. 2G or 768M)") from None
    if value < 64 * 1024**2:
        raise ValueError(f"{text!r} is too little memory for a kernel (at least 64M)")
    return value


# -- the bwrap command --------------------------------------------------------------------
def _kit_paths() -> list[str]:
    """Read-only folders the kernel needs: Python, the environment, the kit's package."""
    import pmo_exercises

    paths = [sys.base_prefix, sys.prefix, str(Path(pmo_exercises.__file__).resolve().parent)]
    out: list[str] = []
    for p in paths:
        real = os.path.realpath(p)
        if not any(real == q or real.startswith(q + os.sep) for q in out):
            out.append(real)
    return out


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/lib", "/lib32", "/lib64", "/sbin"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in _ETC:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


def _environment() -> dict[str, str]:
    """The kernel's whole environment: nothing of the coach's."""
    return {
        "HOME": HOME,
        "PATH": f"{os.path.dirname(sys.executable)}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "MPLCONFIGDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }


def bwrap_command(
    workdir: Path, limits: Limits, uid: int, counted: bool = False
) -> tuple[list[str], dict]:
    """The ``bwrap`` command that starts a sandboxed zygote, and the zygote's settings.

    ``counted``: a pids cgroup holds the sandbox (:class:`_Cgroups`) and is the
    limit that bites, since it counts its refusals; the rlimit is then a backstop.
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxError(
            "bwrap (bubblewrap) is not installed: `apt-get install bubblewrap`, "
            "or grade with --no-sandbox on a machine that holds nothing else"
        )
    root = os.geteuid() == 0
    cmd = [bwrap, "--die-with-parent", "--new-session"]
    cmd += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    cmd += ["--unshare-cgroup-try", "--hostname", "pmo-sandbox"]
    if root:  # bwrap as root builds the namespaces; the zygote then drops to `uid`
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd += ["--unshare-user"]
    cmd += _system_binds()
    # /dev, /tmp and /dev/shm first: a kit that lives under /tmp (a CI clone) is bound
    # on top of them, not hidden by them
    cmd += ["--dev", "/dev"]
    for tmp in ("/tmp", "/dev/shm"):
        cmd += ["--perms", "1777", "--size", str(limits.tmp_size), "--tmpfs", tmp]
    kit = _kit_paths()
    # the folders above a bind are made with the source's mode (/root is 0700): open them
    above = sorted(
        {
            str(a)
            for p in [*kit, str(workdir / "ipc"), HOME]
            for a in Path(p).parents
            if str(a) != "/"
        }
    )
    for folder in above:
        cmd += ["--perms", "0755", "--dir", folder]
    for path in kit:
        cmd += ["--ro-bind", path, path]
    cmd += ["--proc", "/proc"]
    cmd += ["--bind", str(workdir / "home"), HOME]
    cmd += ["--bind", str(workdir / "ipc"), str(workdir / "ipc")]
    cmd += ["--chdir", HOME, "--clearenv"]
    for key, value in _environment().items():
        cmd += ["--setenv", key, value]
    settings = {
        "uid": uid if root else os.getuid(),
        "gid": uid if root else os.getgid(),
        "drop": root,
        "limits": {
            "processes": limits.processes + (64 if counted else 0),
            "file_size": limits.file_size,
        },
        "folders": ["/tmp", "/dev/shm", HOME],
        # never emptied: what is bound inside those folders (the kit, the sockets)
        "keep": [*kit, str(workdir / "ipc")],
    }
    code = "import sys; from pmo_exercises.course.coach.zygote import serve; serve(sys.argv[1])"
    cmd += ["--", sys.executable, "-I", "-c", code, json.dumps(settings)]
    return cmd, settings


_checked: dict[str, str | None] = {}


def check() -> None:
    """Stop with a one-line reason when bwrap is missing or refuses to run here.

    Raises
    ------
    SandboxError
        ``bwrap`` is not installed, or it cannot create its namespaces (a
        container that forbids them, for instance).
    """
    if "result" not in _checked:
        work = Path(tempfile.mkdtemp(prefix="pmo-sbx-check-"))
        try:
            (work / "home").mkdir()
            (work / "ipc").mkdir()
            try:
                cmd, _ = bwrap_command(work, Limits(), _BASE_UID)
            except SandboxError as error:
                _checked["result"] = str(error)
            else:
                probe = [*cmd[: cmd.index("--")], "--", sys.executable, "-I", "-c", "pass"]
                run = subprocess.run(probe, capture_output=True, text=True, timeout=60)
                lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
                _checked["result"] = (
                    None
                    if run.returncode == 0
                    else "bwrap refused to start the grading sandbox ("
                    + (lines[-1][:200] if lines else f"exit {run.returncode}")
                    + "); grade with --no-sandbox only on a machine that holds nothing else"
                )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if _checked["result"]:
        raise SandboxError(_checked["result"])


# -- cgroups: the sandbox's totals, where the host lets us make them --------------------------
_REFUSED = {"memory": "the memory limit", "processes": "the process limit"}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


class _Cgroups:
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
        mount = Path("/sys/fs/cgroup") / controller
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, names, path = line.split(":", 2)
            if controller in names.split(","):
                parent = mount / path.lstrip("/")
                for stale in parent.glob("pmo-sbx-*-*"):  # left by a worker that was killed
                    owner = stale.name.split("-")[2]
                    if owner.isdigit() and not _alive(int(owner)):
                        try:
                            stale.rmdir()  # refused while a process is still in it
                        except OSError:
                            pass
                folder = parent / name
                try:
                    folder.mkdir()
                except OSError:
                    return None
                return folder
        return None

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
        for folder in self.dirs.values():
            try:
                folder.rmdir()
            except OSError:
                pass


# -- the sandboxed zygote and its kernels ----------------------------------------------------
_config: dict = {}


def configure(limits: Limits) -> None:
    """Set the limits of this worker's sandbox (before its first kernel)."""
    _config["limits"] = limits


class SandboxZygote(Zygote):
    """The worker's zygote inside its bwrap sandbox, and the folders the sandbox sees."""

    _instance: SandboxZygote | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.limits: Limits = _config.get("limits") or Limits()
        base = "/var/tmp" if os.path.isdir("/var/tmp") else None
        # short: Unix socket paths are limited to about 100 characters
        self.workdir = Path(tempfile.mkdtemp(prefix="pmo-sbx-", dir=base))
        self.uid = _BASE_UID + os.getpid() % 5000
        for name in ("home", "ipc"):
            (self.workdir / name).mkdir()
        if os.geteuid() == 0:
            for name in ("home", "ipc"):
                os.chown(self.workdir / name, self.uid, self.uid)
            os.chmod(self.workdir, 0o755)
        # named after this worker: another worker removes it only once this one is gone
        self.cgroups = _Cgroups(f"pmo-sbx-{os.getpid()}-{self.workdir.name[8:]}", self.limits)
        cmd, self.settings = bwrap_command(
            self.workdir, self.limits, self.uid, counted="pids" in self.cgroups.dirs
        )
        self._start(cmd, {}, start_new_session=True, stderr=None, preexec_fn=self.cgroups.join)
        self.kernels = itertools.count(1)
        self._seen = self.cgroups.counters()

    def refusals(self) -> list[str]:
        """The limits the sandbox met since the last call, in the log's words."""
        now = self.cgroups.counters()
        met = [words for key, words in _REFUSED.items() if now.get(key, 0) > self._seen.get(key, 0)]
        self._seen = now
        return met

    @classmethod
    def get(cls) -> SandboxZygote:
        with cls._lock:
            if cls._instance is None or cls._instance.proc.poll() is not None:
                cls._instance = cls()
                import atexit

                atexit.register(cls._instance.close)
            return cls._instance

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.cgroups.remove()

    def lock_sockets(self) -> None:
        """Once the kernel has bound its sockets: it may no longer add, move or replace one.

        The clean kernel connects to these paths later; a trainee who swapped
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
        self.request({"reset": True})
        self.refusals()  # what the last notebook's leftovers met is not the next one's
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
        env = _environment()
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
