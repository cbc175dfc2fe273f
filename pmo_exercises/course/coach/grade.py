"""Autograde a class in parallel: limits, a log line per submission, feedback, a CSV.

``pmo course grade ASSIGNMENT`` runs :func:`grade`:

1. **Read every submission first** (in this process): a notebook under the
   wrong name is copied to the right one; an unreadable one is set aside and
   replaced by the release copy; a trainee cell that monkeypatches the kit
   (:mod:`.tamper`) means the notebook is not run. Each case is logged.
2. **Grade in worker processes** (:mod:`.worker`), one submission at a time
   each, with nbgrader's own autograde (so the gradebook, formgrader and plain
   ``nbgrader`` see exactly what they would have produced), a per-cell timeout
   and a wall-clock limit per notebook: a worker past the limit is killed with
   its kernel and replaced. A submission that could not run (a dead kernel, the
   limit) is graded without running: every autograded test scores 0 and the
   feedback says why. A broken submission never stops the class.
3. **Feedback and grades**: each worker writes the feedback of its
   submissions; the grades go to ``grades/ASSIGNMENT.csv`` and one line per
   submission to ``logs/grade-ASSIGNMENT.log``.
"""

from __future__ import annotations

import csv
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..identity import is_trainee_id
from .course import CoachError, Course, quiet

__all__ = ["GradeRun", "Outcome", "grade", "read_outcomes"]

DEFAULT_NOTEBOOK_TIMEOUT = 300.0
# Beside a release copy the grader put in place of a missing or unreadable notebook.
_PLACEHOLDER = "NOT-A-SUBMISSION.txt"
_STARTUP_TIMEOUT = 180.0


@dataclass
class Outcome:
    """What happened to one submission.

    Attributes
    ----------
    student : str
        The trainee id (nbgrader student id).
    status : str
        ``"graded"`` (run and graded), ``"not run"`` (graded without running:
        autograded tests score 0, see ``reason``), ``"failed"`` (not in the
        gradebook) or ``"refused"`` (the folder's name is not a valid trainee id).
    reason : str or None
        Why it was not run or failed; notes (a renamed notebook) for graded ones.
    seconds : float
        Wall-clock time spent on it.
    score, max_score : float or None
        The total from the gradebook (autograded and manual so far).
    """

    student: str
    status: str
    reason: str | None = None
    seconds: float = 0.0
    score: float | None = None
    max_score: float | None = None


@dataclass
class GradeRun:
    """A grading run of one assignment."""

    assignment: str
    outcomes: list[Outcome]
    seconds: float
    workers: int
    log: Path
    csv: Path | None
    notes: list[str] = field(default_factory=list)
    sandboxed: bool = True

    def counts(self) -> dict[str, int]:
        """Submissions per status."""
        counts = {"graded": 0, "not run": 0, "failed": 0, "refused": 0}
        for o in self.outcomes:
            counts[o.status] = counts.get(o.status, 0) + 1
        return counts

    def summary(self) -> str:
        """One line: how many, how fast, what happened."""
        n = len(self.outcomes)
        per = self.seconds / n if n else 0.0
        c = self.counts()
        refused = f", {c['refused']} refused (not a trainee id)" if c["refused"] else ""
        where = "sandboxed" if self.sandboxed else "NOT sandboxed (--no-sandbox)"
        return (
            f"graded {n} submission{'s' if n != 1 else ''} of {self.assignment} in "
            f"{self.seconds:.1f} s with {self.workers} worker{'s' if self.workers != 1 else ''} "
            f"({per:.2f} s per notebook), {where}: {c['graded']} run, {c['not run']} not run "
            f"(autograded parts 0), {c['failed']} failed{refused}"
        )


# -- 1. reading the submissions ---------------------------------------------------------
def _read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _remove_links(folder: Path) -> list[str]:
    """Delete symbolic links and special files from a submission; their names.

    nbgrader copies a submission by following its links, so a link to a file
    of the coach's (the source notebook, the gradebook) would reach the trainee's
    kernel as a file of its own. A submission is notebooks and data: regular
    files and folders only.
    """
    removed = []
    for root, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(root) / name
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                path.unlink()
                removed.append(str(path.relative_to(folder)))
    return removed


def _prepare(
    course: Course, assignment: str, student: str, source_nb: dict
) -> tuple[str | None, list[str]]:
    """Make the submission gradable; return (reason not to run it, notes)."""
    import nbformat

    folder = course.folder("submitted", student, assignment)
    expected = folder / f"{assignment}.ipynb"
    release = course.folder("release", None, assignment) / expected.name
    marker = folder / _PLACEHOLDER
    notes: list[str] = []
    links = _remove_links(folder)
    if links:
        notes.append(
            f"removed {len(links)} link{'s' if len(links) > 1 else ''} or special "
            f"file{'s' if len(links) > 1 else ''} from the submission ({', '.join(links[:3])})"
        )
    if marker.is_file() and expected.is_file() and expected.read_bytes() == release.read_bytes():
        # the release copy put in place of a missing or unreadable notebook by an earlier run
        return marker.read_text(encoding="utf-8").strip(), notes
    if not expected.exists():
        others = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
        if len(others) == 1:
            shutil.copy2(others[0], expected)
            notes.append(f"the notebook was named {others[0].name!r}; graded as {expected.name}")
        else:
            shutil.copy2(release, expected)
            what = (
                f"{len(others)} notebooks under other names ({', '.join(p.name for p in others)})"
                if others
                else "no notebook"
            )
            reason = f"the submission holds {what}, not {expected.name}"
            marker.write_text(reason + "\n", encoding="utf-8")
            return reason, notes
    try:
        nb = _read_json(expected)
        with warnings.catch_warnings():  # cells without ids (older notebooks) are fine
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(nb), relax_add_props=True)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except Exception as error:  # any unreadable notebook: set aside, graded 0
        kept = expected.with_suffix(".ipynb.unreadable")
        shutil.move(expected, kept)
        shutil.copy2(release, expected)
        first = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
        reason = (
            f"{expected.name} is not a readable notebook ({type(error).__name__}"
            f"{': ' + first if first else ''}); kept as {kept.name}"
        )
        marker.write_text(reason + "\n", encoding="utf-8")
        return reason, notes
    from .tamper import scan_notebook

    found = scan_notebook(nb, source_nb)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        return f"a trainee cell tampers with grading: {found[0]}{more}", notes
    return None, notes


# -- 2. the workers -----------------------------------------------------------------------
class _Worker:
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
        ready = self.reply(_STARTUP_TIMEOUT)
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
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            return None

    def send(self, job: dict) -> None:
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

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def close(self) -> None:
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


def _run_jobs(course, assignment, jobs, workers, cell_timeout, notebook_timeout, bar, err, limits):
    """Grade every job; return {student: Outcome}."""
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    outcomes: dict[str, Outcome] = {}
    lock = threading.Lock()
    failures: list[BaseException] = []

    stop = threading.Event()
    live: set[_Worker] = set()

    def start() -> _Worker:
        worker = _Worker(course, assignment, cell_timeout, err, limits)
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


# -- 3. grades, log, CSV --------------------------------------------------------------------
def _scores(course: Course, assignment: str, outcomes: dict[str, Outcome]) -> list[dict]:
    """Fill scores from the gradebook; return the CSV rows (one per submission)."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with quiet(), Gradebook(course.db_url, course.course_id) as gb:
        for student, outcome in sorted(outcomes.items()):
            row = {"student": student, "status": outcome.status, "reason": outcome.reason or ""}
            if outcome.status == "refused":
                rows.append(row)
                continue
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                if outcome.status != "failed":
                    outcome.status, outcome.reason = "failed", "not in the gradebook"
                rows.append(row)
                continue
            outcome.score = float(submission.score)
            outcome.max_score = float(submission.max_score)
            row.update(
                score=outcome.score,
                max_score=outcome.max_score,
                autograded=float(submission.code_score),
                autograded_max=float(submission.max_code_score),
                needs_manual_grade=bool(submission.needs_manual_grade),
            )
            for notebook in submission.notebooks:
                for g in sorted(notebook.grades, key=lambda g: g.name):
                    row[g.name] = "" if g.score is None else float(g.score)
            rows.append(row)
    return rows


def _write_csv(path: Path, rows: list[dict]) -> Path:
    fixed = [
        "student",
        "score",
        "max_score",
        "autograded",
        "autograded_max",
        "needs_manual_grade",
        "status",
        "reason",
    ]
    parts = sorted({k for r in rows for k in r} - set(fixed))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fixed + parts, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_log(path: Path, run: GradeRun, everyone: list[Outcome]) -> None:
    """One line per submission ever graded (this run's and earlier ones), and a JSON twin."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [f"# {stamp}: {run.summary()}"]
    for o in everyone:
        score = "-" if o.score is None else f"{o.score:g}/{o.max_score:g}"
        lines.append(f"{o.student}\t{o.status}\t{score}\t{o.seconds:.1f} s\t{o.reason or 'ok'}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = {
        "assignment": run.assignment,
        "when": stamp,
        "outcomes": [asdict(o) for o in everyone],
    }
    path.with_suffix(".json").write_text(json.dumps(record, indent=1), encoding="utf-8")


def read_outcomes(course: Course, assignment: str) -> list[Outcome]:
    """The outcomes of the last ``pmo course grade`` of an assignment (empty if none)."""
    path = course.logs / f"grade-{assignment}.json"
    if not path.is_file():
        return []
    return [Outcome(**o) for o in _read_json(path)["outcomes"]]


# -- the command --------------------------------------------------------------------------
def grade(
    course,
    assignment: str,
    *,
    students: list[str] | None = None,
    workers: int | None = None,
    cell_timeout: int | None = None,
    notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT,
    progress: bool = True,
    sandbox: bool = True,
    memory: int | str | None = None,
) -> GradeRun:
    """Autograde every submission of an assignment, in parallel, then feedback and grades.

    Parameters
    ----------
    course : Course or path
        The course folder.
    assignment : str
        The assignment, e.g. ``"03_tracking"``.
    students : list of str, optional
        Only these trainees (default: every folder in ``submitted/``).
    workers : int, optional
        Worker processes (default: one more than the number of CPUs).
    cell_timeout : int, optional
        Seconds a cell may run before it is interrupted (default: the course's
        ``Execute.timeout``).
    notebook_timeout : float
        Wall-clock seconds per submission, autograde and feedback together.
    progress : bool
        Show a progress bar on a terminal.
    sandbox : bool
        Run each trainee's cells in the bubblewrap sandbox and the tests in a
        clean kernel (:mod:`.sandbox`, :mod:`.verdict`). ``False`` is the
        explicit way out, for a machine without ``bwrap``: every log line then
        says the submission was not sandboxed.
    memory : int or str, optional
        The sandbox's memory per process, in bytes or as ``"2G"`` (default 2 GiB).

    Returns
    -------
    GradeRun
        The outcome of each submission, the log and the CSV written.
    """
    from .progress import bar as progress_bar

    course = course if isinstance(course, Course) else Course(course)
    course.check_assignment(assignment)
    release = course.folder("release", None, assignment) / f"{assignment}.ipynb"
    if not release.is_file():
        raise CoachError(f"{assignment} has no release copy yet: run `pmo course build` first")
    if notebook_timeout <= 0:
        raise CoachError("the wall-clock limit per notebook must be positive")
    limits = None
    if sandbox:
        from .sandbox import Limits, check, parse_size

        try:
            size = Limits().memory if memory is None else parse_size(memory)
        except ValueError as error:
            raise CoachError(str(error)) from None
        limits = Limits(memory=size, cpu_seconds=max(1, int(notebook_timeout)))
        check()
    submitters = course.submitters(assignment)
    if students is not None:
        unknown = sorted(set(students) - set(submitters))
        if unknown:
            raise CoachError(f"no submission of {assignment} from {', '.join(unknown)}")
        submitters = sorted(set(students))
    if not submitters:
        raise CoachError(
            f"no submissions of {assignment} in {course.folder('submitted')}: "
            "run `pmo course collect` first"
        )
    t0 = time.perf_counter()
    source_nb = _read_json(course.source_notebook(assignment))
    jobs, refused = [], {}
    for student in submitters:
        if not is_trainee_id(student):
            refused[student] = Outcome(
                student,
                "refused",
                f"{student!r} is not a valid trainee id (letters, digits and . _ @ + -, "
                "starting with a letter or digit): not graded; rename the folder to the "
                "trainee's id and grade again",
            )
            continue
        not_run, notes = _prepare(course, assignment, student, source_nb)
        jobs.append({"student": student, "not_run": not_run, "notes": notes})
    # one more worker than CPUs: a worker waiting for its kernel leaves a CPU idle
    n_workers = max(1, min(workers or (os.cpu_count() or 1) + 1, len(jobs) or 1))
    course.logs.mkdir(parents=True, exist_ok=True)
    with (
        (course.logs / f"grade-{assignment}.workers.log").open("a") as err,
        progress_bar(len(jobs), f"grading {assignment}", progress) as bar,
    ):
        outcomes = (
            _run_jobs(
                course,
                assignment,
                jobs,
                n_workers,
                cell_timeout,
                notebook_timeout,
                bar,
                err,
                limits,
            )
            if jobs
            else {}
        )
    if limits is None:  # say it on every line: these kernels ran with the coach's rights
        for o in outcomes.values():
            o.reason = "; ".join(x for x in ["not sandboxed (--no-sandbox)", o.reason] if x)
    outcomes.update(refused)
    # a run on some trainees (--student) keeps the others' lines in the log and the CSV
    everyone = {o.student: o for o in read_outcomes(course, assignment)}
    everyone.update(outcomes)
    rows = _scores(course, assignment, everyone)
    csv_path = _write_csv(course.root / "grades" / f"{assignment}.csv", rows)
    run = GradeRun(
        assignment=assignment,
        outcomes=[outcomes[s] for s in sorted(outcomes)],
        seconds=time.perf_counter() - t0,
        workers=n_workers,
        log=course.logs / f"grade-{assignment}.log",
        csv=csv_path,
        sandboxed=limits is not None,
    )
    _write_log(run.log, run, [everyone[s] for s in sorted(everyone)])
    return run
