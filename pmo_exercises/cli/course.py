"""``pmo course build|release|collect|grade|report|mastery|export|whoami``: the coach's cycle."""

from __future__ import annotations

import argparse
import functools
import sys

from ._args import one_line, positive

__all__ = ["add_parser", "course_of", "guarded"]


def add_parser(commands) -> None:
    """Add ``course`` and its steps to the ``pmo`` subcommands ``commands``."""
    course = commands.add_parser(
        "course",
        help="the coach's nbgrader cycle: build, release, collect, grade, report, mastery",
        description="Each step of the weekly cycle as one command on the nbgrader course "
        "folder (course/ by default). Plain nbgrader commands and formgrader keep working on "
        "the same folder and gradebook. See course/README.md.",
    )
    steps = course.add_subparsers(
        dest="step",
        required=True,
        metavar="{build,release,collect,grade,report,mastery,export,whoami}",
    )

    def step(name: str, help_: str, func, assignment: bool = True):
        sub = steps.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
        if assignment:
            sub.add_argument("assignment", metavar="ASSIGNMENT", help="e.g. 03_tracking")
        sub.add_argument(
            "--course-dir",
            metavar="DIR",
            help="the course folder (default: ./course, or ./ when it is the course)",
        )
        sub.set_defaults(func=func)
        return sub

    build = step(
        "build",
        "generate the release copies (checked for leaks) and refresh solutions/course/",
        _build,
        assignment=False,
    )
    build.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: all")
    build.add_argument(
        "--solutions",
        metavar="DIR",
        help="where the solution copies go (default: solutions/course)",
    )
    build.add_argument(
        "--no-execute", action="store_true", help="copy the solutions without running them"
    )
    release = step("release", "put an assignment in the exchange for trainees to fetch", _release)
    release.add_argument("--force", action="store_true", help="replace a copy already released")
    step("collect", "copy the trainees' submissions from the exchange", _collect)
    grade = step(
        "grade",
        "autograde every submission in parallel, then write feedback and the grades CSV",
        _grade,
    )
    grade.add_argument("--workers", type=positive, help="worker processes (default: one per CPU)")
    grade.add_argument(
        "--cell-timeout", type=positive, metavar="S", help="seconds per cell (default: config)"
    )
    grade.add_argument(
        "--notebook-timeout",
        type=positive,
        metavar="S",
        default=300,
        help="wall-clock seconds per submission (default 300)",
    )
    grade.add_argument("--student", action="append", metavar="ID", help="only this trainee")
    grade.add_argument(
        "--memory",
        metavar="SIZE",
        default="2G",
        help="memory per process in the sandbox, e.g. 2G or 768M (default 2G)",
    )
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run trainee code without bubblewrap, with your permissions (logged as such)",
    )
    export = step(
        "export",
        "write the final grades of the released assignments for nbgrader, Moodle or Canvas",
        _export,
        assignment=False,
    )
    export.add_argument(
        "--format",
        choices=("nbgrader", "moodle", "canvas"),
        default="nbgrader",
        help="nbgrader's CSV (default), Moodle's grade import CSV or Canvas's gradebook CSV",
    )
    export.add_argument(
        "--out", metavar="FILE.csv", help="default: course/grades/grades-FORMAT.csv"
    )
    export.add_argument(
        "--partial",
        action="store_true",
        help="export even while manual grading is pending (those parts count 0)",
    )
    report = step("report", "write the class report of an assignment (HTML)", _report)
    report.add_argument("--out", metavar="FILE.html", help="default: course/reports/NN_topic.html")
    mastery = step(
        "mastery",
        "write each trainee's mastery by PMO concept across the released assignments, "
        "who needs help first (HTML and CSV)",
        _mastery,
        assignment=False,
    )
    mastery.add_argument(
        "assignments", nargs="*", metavar="ASSIGNMENT", help="default: every released one"
    )
    mastery.add_argument(
        "--threshold",
        type=_percent,
        metavar="PCT",
        default=80,
        help="a concept is mastered at this share of its points or more (default 80)",
    )
    mastery.add_argument("--out", metavar="FILE.html", help="default: course/reports/mastery.html")
    mastery.add_argument("--csv", metavar="FILE.csv", help="default: the page's path, in .csv")
    whoami = steps.add_parser(
        "whoami",
        help="remember your trainee id on this machine (for every assignment)",
        description="Write the trainee id the coach gave you to ~/.config/pmo/trainee; "
        "without an id, print the id the kit would use.",
    )
    whoami.add_argument("trainee", nargs="?", metavar="ID", help="your trainee id")
    whoami.set_defaults(func=_whoami)


def _percent(text: str) -> float:
    """Parse a percentage, more than 0 and at most 100 (an argparse ``type``)."""
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage") from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(f"{value:g} is not a percentage in (0, 100]")
    return value


def course_of(args: argparse.Namespace):
    """The course of ``--course-dir``, else ``./course``, else ``./`` when it is a course.

    A folder is a course when it holds ``nbgrader_config.py`` and ``source/``
    (the kit's root holds an ``nbgrader_config.py`` that only points to
    ``course/``, for JupyterLab). Anything else is one line: the coach is
    never sent silently to another course, such as the kit's own.
    """
    from pathlib import Path

    from ..course.coach.course import CoachError, Course

    if args.course_dir:
        return Course(args.course_dir)
    here = Path.cwd()
    for candidate in (here / "course", here):
        if (candidate / "nbgrader_config.py").is_file() and (candidate / "source").is_dir():
            return Course(candidate)
    raise CoachError(
        f"no nbgrader course here: neither {here / 'course'} nor {here} holds "
        "nbgrader_config.py and source/; run from the course folder or its parent, "
        "or pass --course-dir DIR"
    )


def guarded(func):
    """A coach command's unexpected failure (nbgrader, SQLite) as one line, not a traceback."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (ValueError, OSError, KeyboardInterrupt):
            raise
        except Exception as error:
            print(f"error: {type(error).__name__}: {one_line(error)}", file=sys.stderr)
            return 1

    return run


@guarded
def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..course.coach.build import build

    course = course_of(args)
    results = build(
        course,
        args.assignments or None,
        solutions=Path(args.solutions) if args.solutions else None,
        execute=not args.no_execute,
    )
    failed = 0
    for r in results:
        line = f"built {r.assignment}: {r.points:g} points; release {r.release}"
        if r.solution is not None:
            line += f"; solution {r.solution}"
        print(line)
        if r.problem:
            failed += 1
            print(f"error: {one_line(r.problem)}", file=sys.stderr)
    return 1 if failed else 0


@guarded
def _release(args: argparse.Namespace) -> int:
    from ..course.coach.exchange import release

    print(release(course_of(args), args.assignment, force=args.force))
    return 0


@guarded
def _collect(args: argparse.Namespace) -> int:
    from ..course.coach.exchange import collect

    print(collect(course_of(args), args.assignment))
    return 0


@guarded
def _grade(args: argparse.Namespace) -> int:
    from ..course.coach.grade import grade

    course = course_of(args)
    run = grade(
        course,
        args.assignment,
        students=args.student,
        workers=args.workers,
        cell_timeout=args.cell_timeout,
        notebook_timeout=float(args.notebook_timeout),
        sandbox=not args.no_sandbox,
        memory=args.memory,
    )
    print(run.summary())
    for o in run.outcomes:
        if o.status != "graded" or o.reason:
            print(f"  {o.student}: {o.status}: {o.reason}")
    print(f"log: {run.log}")
    print(f"grades: {run.csv}")
    print(f"feedback: {course.folder('feedback')}/<trainee>/{args.assignment}/")
    return 1 if run.counts()["failed"] else 0


@guarded
def _export(args: argparse.Namespace) -> int:
    from ..course.coach.export import export

    print(export(course_of(args), args.format, args.out, partial=args.partial).summary())
    return 0


@guarded
def _report(args: argparse.Namespace) -> int:
    from ..course.coach.report import report

    path, data = report(course_of(args), args.assignment, args.out)
    print(
        f"wrote {path}: {len(data.scores)} graded, {len(data.not_run)} not run, "
        f"{len(data.not_submitted)} not submitted"
    )
    return 0


@guarded
def _mastery(args: argparse.Namespace) -> int:
    from ..course.coach.mastery_page import mastery_report

    page, table, data = mastery_report(
        course_of(args),
        args.assignments or None,
        threshold=args.threshold / 100,
        out=args.out,
        csv_out=args.csv,
    )
    missing = sum(len(t.missing) for t in data.trainees)
    waiting = data.count("awaiting marking")
    print(
        f"wrote {page} and {table}: {len(data.trainees)} trainees x {len(data.concepts)} "
        f"concepts of {', '.join(data.assignments)}, mastered at {args.threshold:g}%; "
        f"{waiting} part{'s' if waiting != 1 else ''} awaiting marking, "
        f"{missing} missing submission{'s' if missing != 1 else ''}"
    )
    first = [t.student for t in data.trainees[:5]]
    print(f"help first: {', '.join(first) if first else 'nobody on the roster'}")
    return 0


@guarded
def _whoami(args: argparse.Namespace) -> int:
    from ..course.identity import set_trainee, trainee_id

    if args.trainee is None:
        who = trainee_id()
        print(who if who else "no trainee id yet: run `pmo course whoami YOUR_ID`")
        return 0 if who else 1
    path = set_trainee(args.trainee)
    print(f"trainee id {args.trainee.strip()} written to {path}")
    return 0
