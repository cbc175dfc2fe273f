"""Autograde a class in parallel: limits, a log line per submission, feedback, a CSV.

``pmo course grade ASSIGNMENT`` runs :func:`grade`:

1. **Read every submission first** (in this process, :mod:`.submissions`): a notebook under the
   wrong name is copied to the right one; an unreadable one is set aside and
   replaced by the release copy; a trainee cell that monkeypatches the kit
   (:mod:`.tamper`) means the notebook is not run. Each case is logged.
2. **Grade in worker processes** (:mod:`.pool`, :mod:`.worker`), one submission at a time
   each, with nbgrader's own autograde (so the gradebook, formgrader and plain
   ``nbgrader`` see exactly what they would have produced), a per-cell timeout
   and a wall-clock limit per notebook: a worker past the limit is killed with
   its kernel and replaced. A submission that could not run (a dead kernel, the
   limit) is graded without running: every autograded test scores 0 and the
   feedback says why. A broken submission never stops the class.
3. **Feedback and grades** (:mod:`.records`): each worker writes the feedback of its
   submissions; the grades go to ``grades/ASSIGNMENT.csv`` and one line per
   submission to ``logs/grade-ASSIGNMENT.log``.
"""

from __future__ import annotations

import os
import time

from ..identity import is_trainee_id
from .course import CoachError, Course
from .pool import run_jobs
from .records import GradeRun, Outcome, read_outcomes, scores, write_csv, write_log
from .submissions import prepare_submission, read_json

__all__ = ["GradeRun", "Outcome", "grade", "read_outcomes"]

DEFAULT_NOTEBOOK_TIMEOUT = 300.0


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
        Worker processes (default: one per CPU).
    cell_timeout : int, optional
        Seconds a cell may run before it is interrupted (default: the course's
        ``Execute.timeout``).
    notebook_timeout : float
        Wall-clock seconds per submission, autograde and feedback together.
    progress : bool
        Show a progress bar on a terminal.
    sandbox : bool
        Run each trainee's cells in the bubblewrap sandbox and the tests in a
        clean shell (:mod:`.sandbox`, :mod:`.verdict`). ``False`` is the
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
        from .sandbox import Limits, check, parse_size, sweep_leftovers

        try:
            size = Limits().memory if memory is None else parse_size(memory)
        except ValueError as error:
            raise CoachError(str(error)) from None
        limits = Limits(memory=size, cpu_seconds=max(1, int(notebook_timeout)))
        check()
        sweep_leftovers()  # of an earlier run that was killed
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
    source_nb = read_json(course.source_notebook(assignment))
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
        not_run, notes = prepare_submission(course, assignment, student, source_nb)
        jobs.append({"student": student, "not_run": not_run, "notes": notes})
    # one more worker than CPUs: a worker waiting for its kernel leaves a CPU idle
    # one per CPU: a worker keeps two processes busy (its kernel runs while it waits),
    # so a worker more only pays its zygotes' start-up (about 2 CPU-s) for nothing
    n_workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    course.logs.mkdir(parents=True, exist_ok=True)
    with (
        (course.logs / f"grade-{assignment}.workers.log").open("a") as err,
        progress_bar(len(jobs), f"grading {assignment}", progress) as bar,
    ):
        outcomes = (
            run_jobs(
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
    rows = scores(course, assignment, everyone)
    csv_path = write_csv(course.root / "grades" / f"{assignment}.csv", rows)
    run = GradeRun(
        assignment=assignment,
        outcomes=[outcomes[s] for s in sorted(outcomes)],
        seconds=time.perf_counter() - t0,
        workers=n_workers,
        log=course.logs / f"grade-{assignment}.log",
        csv=csv_path,
        sandboxed=limits is not None,
    )
    write_log(run.log, run, [everyone[s] for s in sorted(everyone)])
    return run
