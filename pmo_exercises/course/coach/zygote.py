"""Kernels forked from a warm process: a fresh kernel per notebook, without the start-up cost.

Starting a kernel for every submission means starting Python, importing
ipykernel, then pandas and the kit in the first cell: most of the CPU a small
notebook costs. Each grading worker therefore keeps a *zygote*: a process that
has imported ipykernel, pandas and ``pmo_exercises`` once and has run no
trainee's code. For every notebook it forks a child that becomes the kernel, in
its own session, with the environment and working directory jupyter_client
asked for. Every submission still gets its own new process: nothing a trainee's
code does survives into the next kernel, and nothing from another trainee's
notebook was ever in it. While nbgrader prepares a submission, the zygote also
builds that trainee's portfolio variant, so that the kernel is born with it.
The zygote's own side, its main loop :func:`serve`, is
:mod:`.zygote_process`; this module is the worker's side.

:class:`ForkingKernelManager` is the jupyter_client kernel manager that asks
the zygote instead of starting ``python -m ipykernel_launcher``; it falls back
to the ordinary start when the command is not the Python kernel or when no
zygote can run (not POSIX). Signals (interrupt, kill) go to the child's
process group, as jupyter_client does for its own kernels.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

from .zygote_process import serve

__all__ = [
    "ForkedProcess",
    "ForkingKernelManager",
    "QuickKernelManager",
    "QuickReadyClient",
    "Zygote",
    "kernel_args",
    "private_ipc",
    "serve",
    "wait_gone",
]


# the longest path a Unix socket may have (sun_path is 108 bytes on Linux, with its NUL),
# less the "-N" jupyter_client appends for each of the kernel's five sockets
_SOCKET_PATH_MAX = 107 - 3


def private_ipc() -> dict[str, str]:
    """Where a kernel's Unix sockets go: Jupyter's runtime folder, readable by its owner only.

    Returns ``transport``, ``ip`` (the sockets' path prefix) and
    ``connection_file`` for a kernel manager, or nothing (TCP) where a Unix
    socket cannot be made with that path.
    """
    import uuid

    from jupyter_core.paths import jupyter_runtime_dir

    if os.name != "posix":
        return {}
    runtime = jupyter_runtime_dir()
    name = f"kernel-{uuid.uuid4()}"
    ip = os.path.join(runtime, f"{name}-ipc")
    if len(os.fsencode(ip)) > _SOCKET_PATH_MAX:
        return {}
    os.makedirs(runtime, mode=0o700, exist_ok=True)
    return {
        "transport": "ipc",
        "ip": ip,
        "connection_file": os.path.join(runtime, f"{name}.json"),
    }


# -- in the worker ----------------------------------------------------------------------------
class Zygote:
    """The worker's zygote: started on first use, one request at a time."""

    _instance: Zygote | None = None
    _lock = threading.Lock()
    #: What the zygotes started next import (None: all of ``zygote_process.PRELOAD``);
    #: the worker sets it for its assignment (``zygote_process.preload_for``).
    preload: list[str] | None = None

    def __init__(self) -> None:
        env = dict(os.environ)
        # one BLAS thread: a process with threads cannot be forked safely
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = "1"
        code = (
            "import sys; from pmo_exercises.course.coach.zygote import serve; "
            "serve(None, *sys.argv[1:])"
        )
        preload = [] if Zygote.preload is None else [json.dumps(Zygote.preload)]
        self._start([sys.executable, "-c", code, *preload], env)

    def _start(self, command: list[str], env: dict, **popen) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, **popen
        )
        ready = self.proc.stdout.readline()
        if not ready or not json.loads(ready).get("ready"):
            self.proc.kill()
            self.proc.wait()
            raise OSError("the kernel zygote did not start")
        self._unread = 0  # answers to prepare() not read yet

    @classmethod
    def get(cls) -> Zygote | None:
        """The zygote of this process, started on first use; None where none can run."""
        if not hasattr(os, "fork") or os.environ.get("PMO_GRADE_NO_FORK"):
            return None
        with cls._lock:
            if cls._instance is None or cls._instance.proc.poll() is not None:
                try:
                    cls._instance = cls()
                except OSError:
                    cls._instance = None
                else:
                    atexit.register(cls._instance.close)
            return cls._instance

    @classmethod
    def discard(cls) -> None:
        """Close this process's zygote, if any; the next :meth:`get` starts a new one."""
        with cls._lock:
            if cls._instance is not None:
                cls._instance.close()
            cls._instance = None

    def close(self) -> None:
        """End the zygote (its kernels have exited with their notebooks)."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def prepare(self, trainee: str, share: str | None = None, adopt: str | None = None) -> None:
        """Have the zygote build ``trainee``'s variant for the next kernel; returns at once.

        ``share``: also write it to that file; ``adopt``: take it from that file
        instead of building it (:func:`pmo_exercises.course.work.adopt`).
        """
        request = {"prepare": trainee}
        request.update((k, v) for k, v in (("share", share), ("adopt", adopt)) if v)
        with self._lock:
            try:
                self.proc.stdin.write(json.dumps(request) + "\n")
                self.proc.stdin.flush()
            except OSError:  # the zygote has gone: fork() says so, or a new one starts
                return
            self._unread += 1

    def request(self, message: dict) -> dict:
        """Send one request and return its answer (after any ``prepare`` answers)."""
        with self._lock:
            try:
                self.proc.stdin.write(json.dumps(message) + "\n")
                self.proc.stdin.flush()
            except OSError:
                raise OSError("the kernel zygote has gone") from None
            # the zygote answers in order: first any "prepared", then this request
            for _ in range(self._unread):
                self.proc.stdout.readline()
            self._unread = 0
            reply = self.proc.stdout.readline()
        if not reply:
            raise OSError("the kernel zygote has gone")
        return json.loads(reply)

    def fork(
        self, args: list[str], env: dict, cwd: str, limits: dict | None = None, calls: str = ""
    ) -> int:
        """Fork a kernel running ``ipykernel_launcher args``; its process id."""
        request = {"args": args, "env": env, "cwd": cwd}
        if limits:
            request["limits"] = limits
        if calls:
            request["calls"] = calls
        return int(self.request(request)["pid"])

    def fork_clean_shell(self, socket_path: str, env: dict, cwd: str) -> int:
        """Fork a clean shell (:mod:`.clean_shell`) that connects to ``socket_path``; its pid."""
        return int(self.request({"verdict": socket_path, "env": env, "cwd": cwd})["pid"])


class ForkedProcess:
    """A ``Popen``-like handle on a kernel forked by the zygote (not our child)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The kernel's exit code (0 once gone: it is not our child), or None."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to be gone; its exit code."""
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send the kernel a signal."""
        os.kill(self.pid, signum)

    def kill(self) -> None:
        """Kill the kernel and wait until it has gone."""
        self.send_signal(signal.SIGKILL)
        wait_gone(self)

    def terminate(self) -> None:
        """Ask the kernel to end (SIGTERM)."""
        self.send_signal(signal.SIGTERM)


def wait_gone(process, within: float = 0.05) -> None:
    """Wait a moment for a killed kernel to be gone.

    jupyter_client polls a process every 0.1 s after killing it, so a kernel
    that died in a millisecond still cost a tenth of a second per notebook.
    """
    end = time.monotonic() + within
    while process.poll() is None and time.monotonic() < end:
        time.sleep(0.002)


def kernel_args(cmd: list[str]) -> list[str] | None:
    """The arguments after ``python -m ipykernel_launcher``, or None for another kernel."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        return list(cmd[3:])
    return None


class QuickReadyClient(AsyncKernelClient):
    """jupyter_client's asynchronous client, ready as soon as the kernel answers.

    jupyter_client waits for a kernel by sending ``kernel_info`` and, after the
    reply, giving the IOPub channel 0.2 s to show a message before it starts
    over; a forked kernel answers in a tenth of a second, so about 0.2 s of
    every kernel's start was spent waiting. This client asks again every 50 ms
    instead, and reconnects its sockets every 5 ms while the kernel is still
    binding them. The kernel is ready when the same conditions hold: a
    ``kernel_info_reply`` on the shell channel and a message on IOPub.
    """

    def start_channels(self, *args, **kwargs) -> None:
        """Start the channels, with sockets that reconnect every 5 ms."""
        import zmq

        self.context.setsockopt(zmq.RECONNECT_IVL, 5)
        super().start_channels(*args, **kwargs)

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        from queue import Empty

        end = time.monotonic() + (float("inf") if timeout is None else timeout)
        self.kernel_info()
        while True:
            try:
                msg = await self.shell_channel.get_msg(timeout=0.05)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                while True:
                    try:
                        await self.iopub_channel.get_msg(timeout=0.05)
                    except Empty:
                        if time.monotonic() > end:
                            raise RuntimeError("the kernel never published on IOPub") from None
                        self.kernel_info()  # its status messages show the channel works
                        continue
                    self._handle_kernel_info_reply(msg)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > end:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    # jupyter_client binds the public name to its own coroutine when the class is made
    wait_for_ready = _async_wait_for_ready


class QuickKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager, quick to see a kernel ready and to see it gone.

    It hands out :class:`QuickReadyClient` clients. After killing a kernel,
    jupyter_client polls it every 0.1 s until it has gone; a killed kernel is
    gone within milliseconds, so each notebook paid about 0.1 s per kernel for
    nothing. This one polls after 2 ms, then twice as long each time, up to 0.1 s.

    Unless told otherwise, its kernels talk over Unix sockets in Jupyter's
    private runtime folder (jupyter's ``ipc`` transport) rather than TCP ports
    on loopback, which any local user can connect to: the kernel then has
    nothing to warn about ("Kernel is running over TCP without encryption",
    once per notebook of a build or a grading run). Where the socket path would
    be too long for a Unix socket, it keeps TCP.
    """

    client_class = "pmo_exercises.course.coach.zygote.QuickReadyClient"
    client_factory = Type(QuickReadyClient, klass=AsyncKernelClient)

    def __init__(self, **kwargs) -> None:
        if "transport" not in kwargs and "connection_file" not in kwargs:
            kwargs.update(private_ipc())
        super().__init__(**kwargs)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        delay = 0.002
        while await self._async_is_alive():
            await asyncio.sleep(delay)
            delay = min(2 * delay, pollinterval)


class ForkingKernelManager(QuickKernelManager):
    """jupyter_client's kernel manager, with Python kernels forked from the zygote."""

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        args = kernel_args(list(kernel_cmd))
        zygote = Zygote.get() if args is not None else None
        if zygote is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        env = dict(kw.get("env") or os.environ)
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = await asyncio.get_running_loop().run_in_executor(None, zygote.fork, args, env, cwd)
        provisioner = self.provisioner
        provisioner.process = ForkedProcess(pid)
        provisioner.pid = pid
        provisioner.pgid = pid  # the child called setsid(): its group is its own pid
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)
