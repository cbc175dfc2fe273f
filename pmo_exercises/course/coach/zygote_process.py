"""The zygote process: a warm Python that forks a fresh kernel per notebook.

It has imported ipykernel, pandas and ``pmo_exercises`` once (:data:`PRELOAD`)
and runs no trainee's code. :func:`serve` reads one JSON request per line on
stdin and answers one line each: fork a kernel (the child becomes
``python -m ipykernel_launcher``, in its own session, with the environment and
working directory asked for) or a clean shell for a notebook's hidden tests
(:mod:`.clean_shell`), build a trainee's variant ahead of that kernel
(:func:`pmo_exercises.course.work.prebuild`), report or signal a kernel, and,
inside the grading sandbox, :func:`reset` it between two notebooks. The worker
side is :class:`.zygote.Zygote`.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import time

from .. import _guard

__all__ = ["ONLY_FOR", "PRELOAD", "preload_for", "reset", "serve"]

# What the assignments import anyway (measured on course/source): loaded once in the zygote.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.debugger",
    "psutil",  # these three are what a kernel's start imports beyond the above
    "sqlite3",
    "pdb",
    "IPython",
    # what the clean verdict's shell imports beyond the above (coach.clean_shell)
    "IPython.core.completerlib",
    "IPython.core.oinspect",
    "pygments.formatters.terminal256",
    "pmo_exercises.course.answers",
    "pmo_exercises.checks.formulas",  # grading.formula: the hidden tests' mistake search
    "numpy",
    "pandas",
    "yaml",
    "statistics",
    "difflib",
    "scipy.optimize",
    "pmo_exercises",
    "pmo_exercises.game",
    # every module the tamper check watches: start() imports them all in each notebook
    *_guard.WATCHED,
)

#: Modules of :data:`PRELOAD` that only some assignments need, and the part of the kit
#: that imports them: scipy.optimize (0.45 s of each zygote's start) is the selection
#: solver of ``pmo.strategy``. A zygote grading another assignment leaves them out.
ONLY_FOR = {"scipy.optimize": "strategy"}


def preload_for(code: str) -> list[str]:
    """What a zygote imports for an assignment whose notebook's code is ``code``.

    :data:`PRELOAD`, less the modules of :data:`ONLY_FOR` whose part of the kit
    the code never names (``pmo.strategy``, ``pmo_exercises.strategy``). A
    module left out that a kernel needs after all is imported by that kernel:
    slower, never wrong.
    """
    import re

    used = set(re.findall(r"\bpmo(?:_exercises)?\.(\w+)", code))
    return [m for m in PRELOAD if m not in ONLY_FOR or ONLY_FOR[m] in used]


def _become_kernel(request: dict, replies: int) -> None:
    """In the forked child: become ``python -m ipykernel_launcher ARGS``. Never returns."""
    code = 1
    try:
        # What the zygote built is the kernel's to read, not to collect: frozen, the
        # cyclic collector leaves it alone, and its pages stay shared with the zygote.
        gc.freeze()
        os.close(replies)  # the zygote's answers to the worker are not the kernel's business
        os.setsid()
        _limit(request.get("limits") or {})
        if request.get("calls"):  # before any trainee code: where the verdict calls functions
            from ..answers import serve_calls

            serve_calls(request["calls"])
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)  # the kernel's own prints go to the worker's log
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        # the kernel exits when its parent (the zygote) goes, as it would with the worker
        args = [*request["args"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = ["ipykernel_launcher", *args]
        sys.path[0] = ""
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=args)
        code = 0
    except BaseException:  # the kernel is gone either way: exit without cleanup
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _become_clean_shell(request: dict, replies: int) -> None:
    """In the forked child: run a notebook's hidden tests (:mod:`.clean_shell`). Never returns.

    Only the trusted zygote, which runs no trainee code, is asked for this.
    """
    code = 1
    try:
        gc.freeze()  # as for a kernel: the zygote's pages stay shared
        os.close(replies)
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        sys.path[0] = ""
        from .clean_shell import run

        run(request["verdict"])
        code = 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _prepare(trainee: str, share: str | None = None, adopt: str | None = None) -> None:
    """Build ``trainee``'s variant now, for the kernel forked next to find ready.

    The worker asks for it before nbgrader's own work on the submission, which
    the build then overlaps; the notebook's first cell takes the variant
    instead of building it (:func:`pmo_exercises.course.work.start`). Variants
    are no secret (anyone can build anyone's from the id), so the one for
    the previous trainee is simply replaced (:func:`~pmo_exercises.course.work.prebuild`).
    When the worker grades in the sandbox, the trusted zygote also writes the
    variant to ``share`` and the sandboxed one takes it from there (``adopt``)
    instead of building it a second time.
    """
    from .. import work

    try:
        if adopt:
            work.adopt(trainee, adopt)
        else:
            work.prebuild(trainee, share=share)
    except Exception:  # not a valid id: the kernel's own start() says why
        pass


# What setrlimit calls each limit (see coach.sandbox.Limits).
_RLIMITS = {
    "memory": "RLIMIT_AS",
    "cpu_seconds": "RLIMIT_CPU",
    "file_size": "RLIMIT_FSIZE",
    "processes": "RLIMIT_NPROC",
}


def _limit(limits: dict) -> None:
    """Apply resource limits to this process (and, through inheritance, its children)."""
    import resource

    for key, value in limits.items():
        name = _RLIMITS.get(key)
        if name is not None and value:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _drop_privileges(uid: int, gid: int) -> None:
    """Become ``uid``:``gid`` for good, with no supplementary groups and no capabilities.

    Changing the user id also makes the process non-dumpable: the kernels it
    forks, which run as the same user, cannot trace it or read its memory.
    """
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def _not_dumpable() -> None:
    """No process of the same user may trace this one or read its memory (PR_SET_DUMPABLE 0).

    Changing user already does this; a coach who is not root runs the sandbox
    as themselves, so it is said explicitly. The kernels forked from here
    inherit it.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def reset(folders: list[str], keep: list[str] = ()) -> int:
    """Kill every other process of the sandbox and empty its writable folders.

    Called between two notebooks: nothing the last trainee's code started or
    wrote is there when the next trainee's kernel is forked. Returns how many
    processes were killed.
    """
    import shutil

    killed = 0
    for _ in range(50):
        others = [
            int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getpid())
        ]
        if not others:
            break
        killed += len(others)
        try:
            os.kill(-1, signal.SIGKILL)  # all we may signal, but ourselves and the sandbox's init
        except ProcessLookupError:
            pass
        for pid in others:  # our own children: collect them (the init collects the rest)
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        time.sleep(0.01)
    for folder in folders:
        for entry in os.scandir(folder):
            path = entry.path
            if any(k == path or k.startswith(path + os.sep) for k in keep):
                continue  # a bind of the kit or the sockets lies under it
            if entry.is_dir(follow_symlinks=False):
                for root, dirs, _ in os.walk(path):  # a trainee may have locked a folder
                    for d in dirs:
                        try:
                            os.chmod(os.path.join(root, d), 0o700)
                        except OSError:
                            pass
                os.chmod(path, 0o700)
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
    return killed


def _status(pid: int) -> dict:
    """Whether our child ``pid`` still runs, and how it ended if not."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return {"alive": False, "signal": None, "code": None}
    if done == 0:
        return {"alive": True}
    if os.WIFSIGNALED(status):
        return {"alive": False, "signal": os.WTERMSIG(status), "code": None}
    return {"alive": False, "signal": None, "code": os.WEXITSTATUS(status)}


def serve(config: str | None = None, preload: str | None = None) -> None:
    """The zygote's main loop: one JSON request per line on stdin, one answer per line.

    Parameters
    ----------
    preload : str, optional
        JSON, the modules to import before the first kernel (default
        :data:`PRELOAD`; inside the sandbox, the config's ``preload``).
    config : str, optional
        JSON, when the zygote runs inside the grading sandbox
        (:mod:`.sandbox`): ``uid`` and ``gid`` to become, the ``limits`` of the
        whole sandbox (processes, file size) and the ``folders`` to empty
        between notebooks. The kernels it forks are then its children, which
        it waits for and signals on request, since the worker outside cannot
        see their process ids.
    """
    import importlib

    settings = json.loads(config) if config else None
    if settings is not None:
        if settings.get("drop"):
            _drop_privileges(int(settings["uid"]), int(settings["gid"]))
        _not_dumpable()
        _limit(settings.get("limits") or {})
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    if settings is not None and "preload" in settings:
        modules = settings["preload"]
    else:
        modules = json.loads(preload) if preload else PRELOAD
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    if settings is None:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system

    def answer(reply: dict) -> None:
        replies.write(json.dumps(reply) + "\n")

    answer({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        if "prepare" in request:
            _prepare(request["prepare"], request.get("share"), request.get("adopt"))
            answer({"prepared": request["prepare"]})
        elif "status" in request:
            answer(_status(int(request["status"])))
        elif "signal" in request:
            try:
                os.killpg(int(request["pid"]), int(request["signal"]))
                answer({"sent": True})
            except OSError:
                answer({"sent": False})
        elif "verdict" in request:  # a clean shell for a notebook's hidden tests
            pid = os.fork()
            if pid == 0:
                _become_clean_shell(request, replies.fileno())
            answer({"pid": pid})
        elif "reset" in request:
            settings = settings or {}
            answer({"killed": reset(settings.get("folders", []), settings.get("keep", []))})
        else:
            pid = os.fork()
            if pid == 0:
                _become_kernel(request, replies.fileno())
            answer({"pid": pid})
    # The worker has gone. Nothing is left to save, and tearing down an interpreter
    # holding pandas and scipy takes a third of a second a zygote.
    replies.flush()
    os._exit(0)
