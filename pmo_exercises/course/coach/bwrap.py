"""The grading sandbox's ``bwrap`` command, its limits, and whether bwrap runs here.

:func:`bwrap_command` builds the command line that starts a sandboxed zygote
(what the kernel sees, read-only or writable, and its environment: see
:mod:`.sandbox`); :class:`Limits` is what one trainee's kernel may use;
:func:`check` says in one line why the sandbox cannot run on this machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .course import CoachError
from .scratch import Scratch, sweep

__all__ = [
    "BASE_UID",
    "HOME",
    "Limits",
    "SandboxError",
    "bwrap_command",
    "check",
    "environment",
    "kit_paths",
    "parse_size",
]

HOME = "/home/trainee"
#: The user the sandbox runs as, when the coach is root (a user that owns nothing).
BASE_UID = 60000
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
def kit_paths() -> list[str]:
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


def environment() -> dict[str, str]:
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
    workdir: Path, limits: Limits, uid: int, counted: bool = False, preload: list | None = None
) -> tuple[list[str], dict]:
    """The ``bwrap`` command that starts a sandboxed zygote, and the zygote's settings.

    ``counted``: a pids cgroup holds the sandbox (:class:`.cgroups.Cgroups`) and is the
    limit that bites, since it counts its refusals; the rlimit is then a backstop.
    ``preload``: the modules the zygote imports (None: all it knows).
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
    kit = kit_paths()
    # the folders above a bind are made with the source's mode (/root is 0700): open them
    above = sorted(
        {
            str(a)
            for p in [*kit, str(workdir / "ipc"), str(workdir / "share"), HOME]
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
    if (workdir / "share").is_dir():  # what the coach's side hands in: read-only
        cmd += ["--ro-bind", str(workdir / "share"), str(workdir / "share")]
    cmd += ["--chdir", HOME, "--clearenv"]
    for key, value in environment().items():
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
        "keep": [*kit, str(workdir / "ipc"), str(workdir / "share")],
    }
    if preload is not None:
        settings["preload"] = list(preload)
    code = "import sys; from pmo_exercises.course.coach.zygote import serve; serve(sys.argv[1])"
    cmd += ["--", sys.executable, "-I", "-c", code, json.dumps(settings)]
    return cmd, settings


_checked: dict[str, str | None] = {}
_CHECK_PREFIX = "pmo-sbx-check-"


def check() -> None:
    """Stop with a one-line reason when bwrap is missing or refuses to run here.

    Raises
    ------
    SandboxError
        ``bwrap`` is not installed, or it cannot create its namespaces (a
        container that forbids them, for instance).
    """
    if "result" not in _checked:
        sweep(_CHECK_PREFIX)
        scratch = Scratch(_CHECK_PREFIX)
        work = scratch.path
        try:
            (work / "home").mkdir()
            (work / "ipc").mkdir()
            try:
                cmd, _ = bwrap_command(work, Limits(), BASE_UID)
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
            scratch.remove()
    if _checked["result"]:
        raise SandboxError(_checked["result"])
