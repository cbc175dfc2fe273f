"""The verdict computed where trainee code never ran: two interpreters per notebook.

nbgrader's ``Execute`` runs a notebook top to bottom in one kernel, so the
hidden tests run in the interpreter the trainee's code has just had its way
with. :class:`CleanVerdict` takes its place in ``pmo course grade``:

1. **The trainee's cells** run in a sandboxed kernel (:mod:`.sandbox`), in
   order, with their outputs recorded as nbgrader records them. Where a test
   cell stands, the grader instead asks that kernel for the answers the test
   reads (its free names, found in the test's source), as data
   (:mod:`pmo_exercises.course.answers`).
2. **The test cells** then run in a fresh IPython shell forked from the
   trusted zygote, which never runs trainee code (:mod:`.clean_shell`: an
   interpreter like a kernel's, without the kernel's sockets and messages,
   a quarter of a kernel's CPU). It first runs the *source*
   notebook's set-up cell (the coach's, not the trainee's copy), with the
   trainee id the notebook declared, so it has ``pmo``, ``pd`` and the
   trainee's own portfolio as the answer key builds it; before each test it
   receives that test's answers. A trainee function (``eac``) is called in
   the sandboxed kernel with arguments and result as data; the comparison
   happens in the clean shell.

The outputs of both land in the notebook, so nbgrader's
``SaveAutoGrades``, the feedback and formgrader see an ordinary graded
notebook. What a sandbox limit stopped (memory, processes, file size, a
refused write, CPU time) is noted in :data:`LAST_STOPS` for the log.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute

from ..answers import MAX_BYTES, MIME
from ..answers.channel import Channel
from ..identity import is_trainee_id
from .scratch import VERDICT_PREFIX, Scratch

__all__ = ["LAST_STOPS", "VERDICT_PREFIX", "CleanVerdict", "free_names", "setup_names"]

#: What the sandbox stopped in the last notebook graded (read by the worker).
LAST_STOPS: list[str] = []

_BUILTINS = frozenset(dir(builtins))
# bounded: a 20 MB line of letters must not cost quadratic time
_PRINTED_ERROR = re.compile(r"\b(\w{1,60}Error)\b[:(]\s*(.{0,300})")
# Trainee errors that mean a sandbox limit said no, as Python reports them.
_STOP_PATTERNS = (
    (re.compile(r"^MemoryError$"), "", "the memory limit"),
    (re.compile(r"^(BlockingIOError|OSError)$"), r"Errno 11\b", "the process limit"),
    (re.compile(r"^OSError$"), r"Errno 27\b|File too large", "the file-size limit"),
    (re.compile(r"^(PermissionError|OSError)$"), r"Errno (13|30)\b|Read-only file system",
     "a refused write"),
)  # fmt: skip


def _source(cell) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _parse(code: str) -> ast.AST | None:
    lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _bound(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def free_names(code: str) -> list[str]:
    """The names ``code`` reads and does not define itself (builtins left out), sorted."""
    tree = _parse(code)
    if tree is None:
        return []
    loaded = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    return sorted(loaded - _bound(tree) - _BUILTINS)


def setup_names(code: str) -> set[str]:
    """The names the set-up cell defines (the clean shell has them from the source)."""
    tree = _parse(code)
    return set() if tree is None else _bound(tree)


def _setup_cell(nb: dict) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "TRAINEE_ID" in _source(cell):
            return _source(cell)
    return ""


def _run_of_tests(nb, plan: dict[int, list[str]], first: int) -> list[int]:
    """``first`` and the test cells after it with no trainee code cell between them."""
    run = [first]
    for index in range(first + 1, len(nb.cells)):
        if index in plan:
            run.append(index)
        elif nb.cells[index].get("cell_type") == "code":
            break
    return run


def _clean_setup(setup: str, trainee: str | None) -> str:
    """The source's set-up cell, with the trainee id the notebook declared, as data."""
    declared = trainee if is_trainee_id(trainee) else ""
    line = re.compile(r"^TRAINEE_ID\s*=.*$", re.M)
    return line.sub(lambda _: f"TRAINEE_ID = {declared!r}", setup, count=1)


def _stops(nb) -> list[str]:
    """What a sandbox limit stopped, from the errors of the trainee's cells."""
    found: list[str] = []
    for cell in nb.cells:
        if _is_test(cell):
            continue
        for out in cell.get("outputs", []):
            texts = []
            if out.get("output_type") == "error":
                texts.append((str(out.get("ename", "")), str(out.get("evalue", ""))))
            elif out.get("output_type") == "stream":  # a caught error printed by the trainee
                text = str(out.get("text", ""))
                lines = text.splitlines() if "Error" in text else []
                for line in (ln[:1000] for ln in lines if "Error" in ln):
                    texts.extend(m.groups() for m in _PRINTED_ERROR.finditer(line))
            for ename, evalue in texts:
                for name, value, what in _STOP_PATTERNS:
                    if name.match(ename) and (not value or re.search(value, evalue)):
                        if what not in found:
                            found.append(what)
    return found


async def _run_quiet(kc, code: str, timeout: float) -> dict | None:
    """Run grader-written code in a kernel; our display data back (or None), no outputs kept."""
    msg_id = kc.execute(code, silent=False, store_history=False, allow_stdin=False)
    end = time.monotonic() + timeout
    found = None
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        try:
            msg = await kc.get_iopub_msg(timeout=min(left, 1.0))
        except Exception:  # queue.Empty: check the clock again
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["header"]["msg_type"]
        if kind == "display_data" and MIME in msg["content"].get("data", {}):
            found = msg["content"]["data"][MIME]
        elif kind == "status" and msg["content"].get("execution_state") == "idle":
            break
    while time.monotonic() < end:  # the reply, so the next cell's wait is not confused
        try:
            reply = await kc.get_shell_msg(timeout=max(0.1, end - time.monotonic()))
        except Exception:
            break
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            break
    return found if isinstance(found, dict) else None


class CleanVerdict(Execute):
    """nbgrader's ``Execute``: trainee cells sandboxed, test cells in a clean shell."""

    _answers_line: Channel | None = None

    def __init__(self, *args, **kwargs):
        from .sandbox import SandboxKernelManager

        kwargs["kernel_manager_class"] = SandboxKernelManager
        # a graded kernel has nothing to save: kill it rather than wait for it to exit
        kwargs.setdefault("shutdown_kernel", "immediate")
        super().__init__(*args, **kwargs)

    # -- the plan ------------------------------------------------------------------------
    def _source_setup(self, resources) -> str:
        meta = resources.get("nbgrader", {})
        root = Path(self.config.CourseDirectory.get("root") or os.getcwd())
        path = root / "source" / meta.get("assignment", "") / f"{meta.get('notebook', '')}.ipynb"
        try:
            return _setup_cell(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return ""

    def _plan(self, setup: str) -> dict[int, list[str]]:
        """For each test cell's index, the trainee names it reads."""
        known = setup_names(setup)
        plan = {}
        for index, cell in enumerate(self.nb.cells):
            if not _is_test(cell):
                continue
            code = _source(cell)
            plan[index] = [n for n in free_names(code) if n not in known]
            tree = _parse(code)
            if tree is not None:
                known |= _bound(tree)  # later tests find these in the clean shell
        return plan

    # -- the run -------------------------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        """Run the trainee's cells in the sandbox and the tests in a clean shell."""
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        LAST_STOPS.clear()
        setup = self._source_setup(self.resources)
        plan = self._plan(setup)
        payloads: dict[int, dict | None] = {}
        with self.setup_kernel():
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            self.km.zygote.lock_sockets()  # bound: from now on the paths stay the kernel's
            # The clean shell starts now and is ready when the trainee's cells have run:
            # its start adds nothing to the notebook's time.
            clean = _CleanShell(self)
            # a trainee's code cannot hold the line long: it answers data, or is dropped
            calls = getattr(self.km, "calls_socket", "")
            self._answers_line = Channel(calls, min(10.0, self.timeout or 60)) if calls else None
            try:
                for index, cell in enumerate(self.nb.cells):
                    if index in plan:
                        if index not in payloads:  # with the tests right after it
                            payloads.update(self._export(plan, _run_of_tests(self.nb, plan, index)))
                    else:
                        self.preprocess_cell(cell, self.resources, index)
                LAST_STOPS.extend(_stops(self.nb))
                self._hang_up()  # the call thread serves one line at a time: now the shell's
                clean.run_tests(setup, plan, payloads)
            except DeadKernelError:
                self._note_kernel_end()
                raise
            finally:
                self._hang_up()
                clean.close()
            self._note_kernel_end()
        self.set_widgets_metadata()
        return self.nb, self.resources

    def _note_kernel_end(self) -> None:
        zygote = getattr(self.km, "zygote", None)
        if zygote is not None:
            LAST_STOPS.extend(s for s in zygote.refusals() if s not in LAST_STOPS)
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is not None:
            if process.signal == 24:  # SIGXCPU
                LAST_STOPS.append("the time limit (CPU seconds)")
            elif process.signal == 25:  # SIGXFSZ
                LAST_STOPS.append("the file-size limit")

    def _export(self, plan: dict[int, list[str]], tests: list[int]) -> dict[int, dict | None]:
        """The answers of ``tests`` (adjacent test cells), in one request to the sandbox."""
        wanted = {index: plan[index] for index in tests}
        payload = self._export_on_the_line(wanted)
        if payload is None:  # no line, or a broken one: through the kernel, as a cell
            code = (
                "__import__('pmo_exercises.course.answers').course.answers"
                f".publish(globals(), {wanted!r})"
            )
            payload = run_sync(_run_quiet)(self.kc, code, float(self.timeout or 60))
        if payload is None or len(json.dumps(payload)) > MAX_BYTES:
            return dict.fromkeys(tests)
        each = payload.get("tests") if isinstance(payload.get("tests"), dict) else {}
        trainee = payload.get("trainee")
        out = {}
        for index in tests:
            one = each.get(str(index))
            out[index] = {**one, "trainee": trainee} if isinstance(one, dict) else None
        return out

    def _export_on_the_line(self, wanted: dict[int, list[str]]) -> dict | None:
        """The answers, asked of the kernel's call thread (:func:`.answers.serve_calls`).

        A millisecond instead of a kernel message's seven. None when the line
        does not answer as it should; it is then not asked again.
        """
        line = self._answers_line
        if line is None:
            return None
        try:
            reply = line.call({"publish": {str(k): v for k, v in wanted.items()}})
        except (TimeoutError, OSError):
            reply = None
        if (
            not isinstance(reply, dict)
            or not reply.get("ok")
            or not isinstance(reply.get("value"), dict)
        ):
            self._hang_up()
            return None
        return reply["value"]

    def _hang_up(self) -> None:
        if self._answers_line is not None:
            self._answers_line.close()
            self._answers_line = None


class _CleanShell:
    """Where the test cells run: a fresh IPython shell, forked from the trusted zygote.

    It is started on creation and given its job only in :meth:`run_tests`, so it
    is ready by the time the trainee's cells have run in the sandbox. It works
    in an empty folder of its own, where this side listens for it on a Unix
    socket (:mod:`.clean_shell`); where no zygote can run, it is started as a
    fresh ``python -m pmo_exercises.course.coach.clean_shell``.
    """

    def __init__(self, verdict: CleanVerdict) -> None:
        from .clean_shell import SOCKET_NAME
        from .zygote import Zygote

        self.verdict = verdict
        self._scratch = Scratch(VERDICT_PREFIX)
        self.folder = str(self._scratch.path)
        self._link: socket.socket | None = None
        self._buffer = b""
        self.process = None
        path = os.path.join(self.folder, SOCKET_NAME)
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._listener.bind(path)
            self._listener.listen(1)
            env = dict(os.environ)
            zygote = Zygote.get()
            if zygote is not None:
                self.pid = zygote.fork_clean_shell(path, env, self.folder)
            else:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "pmo_exercises.course.coach.clean_shell", path],
                    cwd=self.folder, env=env, stdin=subprocess.DEVNULL, stdout=2,
                    start_new_session=True,
                )  # fmt: skip
                self.pid = self.process.pid
        except BaseException:
            self.close()
            raise

    # -- the process ---------------------------------------------------------------------
    def _alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    def _signal(self, signum: int) -> None:
        try:
            os.killpg(self.pid, signum)  # it called setsid(): its group is its own pid
        except (ProcessLookupError, PermissionError, AttributeError):
            pass

    def _dead(self, why: str) -> DeadKernelError:
        return DeadKernelError(f"the clean verdict's shell {why}")

    # -- the line ------------------------------------------------------------------------
    def _accept(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self._link is None:
            left = end - time.monotonic()
            if left <= 0:
                raise self._dead(f"did not start within {seconds:g} s")
            self._listener.settimeout(min(left, 0.2))
            try:
                self._link, _ = self._listener.accept()
            except TimeoutError:
                if not self._alive():
                    raise self._dead("ended before it started") from None

    def _reply(self, index: int, seconds: float) -> dict | None:
        """The answer for cell ``index`` (older ones, of interrupted cells, skipped); None: late."""
        end = time.monotonic() + seconds
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                reply = json.loads(line)
                if reply.get("index") == index:
                    return reply
            left = end - time.monotonic()
            if left <= 0:
                return None
            self._link.settimeout(min(left, 1.0))
            try:
                chunk = self._link.recv(1 << 16)
            except TimeoutError:
                continue
            if not chunk:
                raise self._dead("ended before the tests did")
            self._buffer += chunk

    # -- the tests -----------------------------------------------------------------------
    def run_tests(self, setup: str, plan: dict[int, list[str]], payloads: dict) -> None:
        """Run every test cell, each with the trainee's answers it reads, as data."""
        verdict = self.verdict
        timeout = float(verdict.timeout or 60)
        trainee = next((p.get("trainee") for p in payloads.values() if p), None)
        answers = {
            str(i): (p if p is not None else {"answers": {}, "missing": plan[i]})
            for i, p in payloads.items()
        }
        # as nbclient does, an empty cell is not run
        cells = [[i, _source(verdict.nb.cells[i])] for i in plan]
        cells = [[i, code] for i, code in cells if code.strip()]
        job = {
            "setup": _clean_setup(setup, trainee),
            "calls": verdict.km.calls_socket,
            "timeout": timeout,
            "answers": answers,
            "cells": cells,
        }
        self._accept(timeout)
        self._link.sendall(json.dumps(job).encode() + b"\n")
        for n, (index, _code) in enumerate(cells):
            cell = verdict.nb.cells[index]
            cell.outputs = []
            # the first cell's wait includes the set-up's, which had twice a cell's time
            reply = self._reply(index, timeout * (3 if n == 0 else 1))
            if reply is None:  # interrupted, and said so as nbgrader says it
                self._signal(signal.SIGINT)
                cell.execution_count = None
                cell.outputs.append(nbformat.from_dict(
                    {"output_type": "error", **verdict.error_on_timeout}
                ))  # fmt: skip
                continue
            cell.execution_count = reply.get("execution_count")
            cell.outputs = [nbformat.from_dict(o) for o in reply.get("outputs", [])]
            failed = reply.get("status") == "error"
            if failed and not any(o.get("output_type") == "error" for o in cell.outputs):
                cell.outputs.append(nbformat.from_dict(
                    {"output_type": "error", "ename": "Error", "evalue": "the test failed",
                     "traceback": []}
                ))  # fmt: skip

    def close(self) -> None:
        """End the shell (started or not), hang up and remove its folder."""
        try:
            for end in (self._link, self._listener):
                if end is not None:
                    end.close()
            if getattr(self, "pid", None):
                self._signal(signal.SIGKILL)
            if self.process is not None:
                self.process.wait()
        finally:
            self._scratch.remove()
