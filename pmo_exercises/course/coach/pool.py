"""Step 2 of grading: the submissions graded in worker processes, with limits.

Each :class:`WorkerProcess` is a ``python -m pmo_exercises.course.coach.worker``
(:mod:`.worker`) grading one submission at a time; :func:`run_jobs` keeps
``workers`` of them busy. A worker past the wall-clock limit per notebook is
killed with its kernel and replaced, and the submission is graded without
running; a broken submission never stops the class.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import asdict

from .course import CoachError, Course
from .records import Outcome

__all__ = ["STARTUP_TIMEOUT", "WorkerProcess", "run_jobs"]

#: Seconds a worker may take to start and say it is ready.
STARTUP_TIMEOUT = 180.0


class WorkerProcess:
    """One worker process, its reply reader and how to kill it with its kernel."""

    def __init__(
        self, course: Course, assignment: str, cell_timeout: int | None, err, limits
    ) -> None:
        command = [
            sys.executable,
            "-m",
            "pmo_exercises.course.coach.worker",
            str(course.root),
            assignment,
        ]
        if cell_timeout is not None:
            command += ["--cell-timeout", str(int(cell_timeout))]
        if limits is None:
            command += ["--no-sandbox"]
        else:
            command += ["--limits", json.dumps(asdict(limits))]
        env = dict(os.environ)
        env.pop("PMO_GRADING_TRAINEE", None)
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,
            env=env,
            cwd=str(course.root),
        )
        self.replies: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.reply(STARTUP_TIMEOUT)
        if not ready or not ready.get("ready"):
            self.kill()
            raise CoachError("a grading worker did not start (see the worker log)")

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.replies.put(json.loads(line))
            except ValueError:
                continue
        self.replies.put(None)

    def reply(self, timeout: float) -> dict | None:
        """The worker's next reply, or None after ``timeout`` seconds or when it died."""
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            return None

    def send(self, job: dict) -> None:
        """Give the worker one job (a JSON line)."""
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        """Kill the worker, its kernel and anything the trainee's code started."""
        import psutil

        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            family = []
        for process in [*family]:
            try:
                process.kill()
            except psutil.Error:
                pass
        if hasattr(os, "killpg"):  # the worker's own session (POSIX)
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close_pipes()
        from .sandbox import sweep_leftovers

        sweep_leftovers()  # a killed worker could not remove its sandbox's folders

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def close(self) -> None:
        """Let the worker finish and exit (killed if it does not within 30 s)."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self._close_pipes()


def _describe(error: str | None) -> str:
    return error or "nbgrader could not grade the notebook"


def _stopped(reply: dict) -> str | None:
    """The log's words for what the sandbox stopped, or None."""
    stops = [s for s in reply.get("stops") or [] if isinstance(s, str)]
    return "stopped by the sandbox: " + ", ".join(stops) if stops else None


def run_jobs(course, assignment, jobs, workers, cell_timeout, notebook_timeout, bar, err, limits):
    """Grade every job in ``workers`` worker processes; return {student: Outcome}.

    Parameters
    ----------
    course : Course
        The course folder.
    assignment : str
        The assignment graded.
    jobs : list of dict
        ``student``, ``not_run`` (the reason not to run it, or None) and ``notes``.
    workers : int
        How many worker processes grade at once.
    cell_timeout : int or None
        Seconds per cell (None: the course's configuration).
    notebook_timeout : float
        Wall-clock seconds per submission.
    bar : progress bar
        Advanced by one per submission graded.
    err : file
        Where the workers' standard error goes.
    limits : sandbox.Limits or None
        The sandbox's limits; None runs without the sandbox.
    """
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    outcomes: dict[str, Outcome] = {}
    lock = threading.Lock()
    failures: list[BaseException] = []

    stop = threading.Event()
    live: set[WorkerProcess] = set()

    def start() -> WorkerProcess:
        worker = WorkerProcess(course, assignment, cell_timeout, err, limits)
        with lock:
            live.add(worker)
        return worker

    def serve() -> None:
        worker = None
        try:
            while not stop.is_set():
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                if worker is None:
                    worker = start()
                t0 = time.perf_counter()
                student, not_run = job["student"], job.get("not_run")
                stopped = None
                while True:
                    worker.send({"student": student, "not_run": not_run})
                    reply = worker.reply(notebook_timeout)
                    if reply is None:  # past the limit, or the worker died
                        died = worker.proc.poll() is not None
                        worker.kill()
                        with lock:
                            live.discard(worker)
                        if stop.is_set():
                            return
                        worker = start()
                        if not_run:
                            outcome = Outcome(student, "failed", "grading it timed out twice")
                            break
                        not_run = (
                            "the grading worker died while running it (out of memory?)"
                            if died
                            else f"stopped after the {notebook_timeout:g} s limit per notebook "
                            "(an endless loop or a very slow cell?)"
                        )
                        continue
                    stopped = stopped or _stopped(reply)
                    if reply.get("ok"):
                        status = "not run" if not_run else "graded"
                        notes = [
                            n
                            for n in [not_run, stopped, *job.get("notes", []), reply.get("error")]
                            if n
                        ]
                        outcome = Outcome(student, status, "; ".join(notes) or None)
                        break
                    if not_run:
                        outcome = Outcome(student, "failed", _describe(reply.get("error")))
                        break
                    not_run = f"the run failed: {_describe(reply.get('error'))}"
                outcome.seconds = round(time.perf_counter() - t0, 3)
                with lock:
                    outcomes[student] = outcome
                    bar.update(1)
        except BaseException as error:
            failures.append(error)
        finally:
            if worker is not None:
                with lock:
                    live.discard(worker)
                worker.close()

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.2)
    except KeyboardInterrupt:  # Ctrl-C: stop every worker and its kernel now
        stop.set()
        with lock:
            for worker in list(live):
                worker.kill()
        raise
    if failures and not outcomes:
        raise failures[0]
    for job in jobs:
        outcomes.setdefault(
            job["student"], Outcome(job["student"], "failed", f"not graded: {failures[:1]}")
        )
    return outcomes
