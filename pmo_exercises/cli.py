"""The ``pmo`` command: a thin layer over the package.

::

    pmo portfolio generate --out my_portfolio            # the teaching portfolio
    pmo portfolio generate --variant alice --out alice.xlsx
    pmo portfolio generate --seed 3 --projects 40 --tasks 25 --weeks 30 --out big
    pmo portfolio validate my_portfolio                  # OK, or the first problem
    pmo portfolio summary alice.xlsx [--week 12]         # one line per project
    pmo report --status-date 2026-06-30 --out steering.html    # or steering.xlsx
    pmo report --project P06 --out P06.html [--portfolio alice.xlsx] [--policy my.yaml]
    pmo start [--port 8888] [--no-browser]               # JupyterLab, as `make start`
    pmo course build|release|collect|grade|report|whoami # the coach's nbgrader cycle

A portfolio is a folder of CSV files or a ``.xlsx`` workbook (see
:mod:`pmo_exercises.io.files`). Errors are one line on stderr, ``error: ...``, with
exit status 1 (bad data, missing files) or 2 (bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .core.errors import PortfolioError

__all__ = ["main"]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number >= 1")
    return value


def _natural(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a TCP port (1 to 65535)")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmo",
        description="The PMO course kit: portfolios to generate, check, summarise and report on, "
        "and the trainee's JupyterLab.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="{portfolio,report,start,course}"
    )

    portfolio = commands.add_parser("portfolio", help="generate, validate or summarise a portfolio")
    actions = portfolio.add_subparsers(
        dest="action", required=True, metavar="{generate,validate,summary}"
    )

    generate = actions.add_parser(
        "generate",
        help="write a portfolio to a folder of CSV files or a .xlsx workbook",
        description="Without options, write the teaching portfolio; with --variant, a "
        "trainee's variant of it; with --seed/--projects/--tasks/--weeks, a new "
        "portfolio generated and simulated from the seed.",
    )
    generate.add_argument("--seed", type=_natural, help="seed of a new portfolio (default 0)")
    generate.add_argument("--projects", type=_positive, help="number of projects (default 12)")
    generate.add_argument(
        "--tasks", type=_positive, help="tasks per project (default: 10 to 40, drawn)"
    )
    generate.add_argument(
        "--weeks",
        type=_natural,
        help="weeks of status history to simulate (default 26; 0 for the plan alone)",
    )
    generate.add_argument("--variant", help="a trainee id: that trainee's teaching portfolio")
    generate.add_argument(
        "--out", required=True, metavar="DIR|FILE.xlsx", help="where to write the portfolio"
    )
    generate.set_defaults(func=_generate)

    check = actions.add_parser("validate", help="check a portfolio; print OK or the first problem")
    check.add_argument("path", metavar="PATH", help="a portfolio folder or .xlsx workbook")
    check.set_defaults(func=_validate)

    summary = actions.add_parser("summary", help="one line per project at the status date")
    summary.add_argument("path", metavar="PATH", help="a portfolio folder or .xlsx workbook")
    summary.add_argument(
        "--week", type=_positive, help="the figures as reported that week (default: the last)"
    )
    summary.set_defaults(func=_summary)

    report = commands.add_parser(
        "report",
        help="write the steering-committee report (HTML or Excel) or a project's status page",
        description="The steering-committee report at a status date, as a self-contained "
        "HTML page or a formatted Excel workbook; with --project, one project's one-page "
        "status report (HTML).",
    )
    report.add_argument(
        "--portfolio",
        metavar="PATH",
        help="a portfolio folder or .xlsx workbook (default: the teaching portfolio)",
    )
    report.add_argument("--variant", help="a trainee id: report on that trainee's portfolio")
    report.add_argument(
        "--status-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="report the latest status week on or before this date (default: the last)",
    )
    report.add_argument("--policy", metavar="FILE", help="a PMO policy file (default: the kit's)")
    report.add_argument("--project", metavar="PID", help="one project's one-page status report")
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE.html|FILE.xlsx",
        help="where to write the report",
    )
    report.set_defaults(func=_report)

    start = commands.add_parser(
        "start", help="start JupyterLab on the kit, exactly as `make start` does"
    )
    start.add_argument("--port", type=_port, default=None, help="TCP port (default 8888)")
    start.add_argument("--host", default=None, help="interface (default 127.0.0.1)")
    start.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    start.add_argument(
        "--print", action="store_true", dest="dry_run", help="print the command, start nothing"
    )
    start.set_defaults(func=_start)
    _course_parser(commands)
    return parser


def _course_parser(commands) -> None:
    course = commands.add_parser(
        "course",
        help="the coach's nbgrader cycle: build, release, collect, grade, report",
        description="Each step of the weekly cycle as one command on the nbgrader course "
        "folder (course/ by default). Plain nbgrader commands and formgrader keep working on "
        "the same folder and gradebook. See course/README.md.",
    )
    steps = course.add_subparsers(
        dest="step", required=True, metavar="{build,release,collect,grade,report,whoami}"
    )

    def step(name: str, help_: str, func, assignment: bool = True):
        sub = steps.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
        if assignment:
            sub.add_argument("assignment", metavar="ASSIGNMENT", help="e.g. 03_tracking")
        sub.add_argument(
            "--course-dir",
            metavar="DIR",
            help="the course folder (default: ./course, or the kit's course/)",
        )
        sub.set_defaults(func=func)
        return sub

    build = step(
        "build",
        "generate the release copies (checked for leaks) and refresh solutions/course/",
        _course_build,
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
    release = step(
        "release", "put an assignment in the exchange for trainees to fetch", _course_release
    )
    release.add_argument("--force", action="store_true", help="replace a copy already released")
    step("collect", "copy the trainees' submissions from the exchange", _course_collect)
    grade = step(
        "grade",
        "autograde every submission in parallel, then write feedback and the grades CSV",
        _course_grade,
    )
    grade.add_argument("--workers", type=_positive, help="worker processes (default: CPUs + 1)")
    grade.add_argument(
        "--cell-timeout", type=_positive, metavar="S", help="seconds per cell (default: config)"
    )
    grade.add_argument(
        "--notebook-timeout",
        type=_positive,
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
    report = step("report", "write the class report of an assignment (HTML)", _course_report)
    report.add_argument("--out", metavar="FILE.html", help="default: course/reports/NN_topic.html")
    whoami = steps.add_parser(
        "whoami",
        help="remember your trainee id on this machine (for every assignment)",
        description="Write the trainee id the coach gave you to ~/.config/pmo/trainee; "
        "without an id, print the id the kit would use.",
    )
    whoami.add_argument("trainee", nargs="?", metavar="ID", help="your trainee id")
    whoami.set_defaults(func=_course_whoami)


# -- portfolio generate ---------------------------------------------------------
def _progress_bar(description: str):
    """A tqdm bar on stderr, silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(
        desc=description,
        unit="week",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
    )


def _generate(args: argparse.Namespace) -> int:
    import pmo_exercises as pmo

    sized = [args.seed, args.projects, args.tasks, args.weeks]
    if args.variant is not None and any(v is not None for v in sized):
        print(
            "error: --variant cannot be combined with --seed, --projects, --tasks or --weeks",
            file=sys.stderr,
        )
        return 2
    if any(v is not None for v in sized):
        options = {"seed": 0 if args.seed is None else args.seed}
        if args.projects is not None:
            options["n_projects"] = args.projects
        if args.tasks is not None:
            options["tasks_per_project"] = args.tasks
        portfolio = pmo.generate_portfolio(**options)
        weeks = 26 if args.weeks is None else args.weeks
        if weeks:
            with _progress_bar("simulating") as bar:

                def progress(done: int, total: int) -> None:
                    bar.total = total
                    bar.update(done - bar.n)

                portfolio = pmo.simulate(
                    portfolio, weeks=weeks, seed=options["seed"], progress=progress
                )
    elif args.variant is not None:
        if not args.variant.strip():
            print("error: --variant needs a trainee id", file=sys.stderr)
            return 2
        portfolio = pmo.load_portfolio(variant=args.variant)
    else:
        portfolio = pmo.load_portfolio()
    path = pmo.save_portfolio(portfolio, args.out)
    print(f"wrote {path}: {_counts(portfolio)}")
    print(f"digest {portfolio.digest()}")
    return 0


def _counts(portfolio) -> str:
    history = (
        f"{portfolio.status_week} weeks of status to {portfolio.status_date:%Y-%m-%d}"
        if portfolio.status_week
        else "no status history"
    )
    return (
        f"{portfolio.meta.get('company', 'portfolio')}, {len(portfolio.projects):,} projects, "
        f"{len(portfolio.tasks):,} tasks, {len(portfolio.dependencies):,} links, "
        f"{len(portfolio.risks):,} risks, {len(portfolio.task_status):,} task status rows, "
        f"{history}"
    )


# -- portfolio validate / summary ------------------------------------------------
def _read(path: str):
    from .io.files import read_portfolio

    return read_portfolio(path)


def _validate(args: argparse.Namespace) -> int:
    portfolio = _read(args.path)
    print(f"OK: {args.path}: {_counts(portfolio)}; digest {portfolio.digest()[:16]}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    import pandas as pd

    portfolio = _read(args.path)
    week = portfolio.status_week if args.week is None else args.week
    if args.week is not None and not 1 <= week <= portfolio.status_week:
        last = portfolio.status_week
        print(
            f"error: there is no week {week}: the status history runs "
            + (f"from week 1 to week {last}" if last else "nowhere yet (no status history)"),
            file=sys.stderr,
        )
        return 1
    table = portfolio.replace(meta={"status_week": week}).summary()
    if week and week != portfolio.status_week:
        reported = portfolio.project_status[portfolio.project_status["week"] == week]
        rag = reported.set_index("project_id")["reported_rag"]
        table["reported_rag"] = table["project_id"].map(rag).fillna(table["reported_rag"])
    print(_render_summary(portfolio, table, week, pd))
    return 0


def _render_summary(portfolio, table, week: int, pd) -> str:
    meta = portfolio.meta
    currency = meta.get("currency", "")

    def money(values):
        return [("" if pd.isna(v) else f"{v:,.0f}") for v in values]

    def percent(values):
        return [("" if pd.isna(v) else f"{v:.1f}%") for v in values]

    def day(values):
        return [("" if pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}") for v in values]

    names = table["name"].astype(object)
    shown = pd.DataFrame(
        {
            "project": table["project_id"].astype(object),
            "name": [n if len(n) <= 30 else n[:29] + "…" for n in names],
            "manager": table["manager"].astype(object),
            "stage": table["stage"].astype(object),
            "state": table["state"].astype(object),
            "tasks": table["tasks"],
            f"BAC {currency}".strip(): money(table["bac"]),
            "finish": day(table["planned_finish"]),
            "reported %": percent(table["pct_complete_reported"]),
            "actual %": percent(table["pct_complete_actual"]),
            f"AC {currency}".strip(): money(table["actual_cost"]),
            "RAG": table["reported_rag"].astype(object).fillna(""),
            "last update": day(table["last_update"]),
        }
    )
    if week:
        date = pd.Timestamp(meta["start_date"]) + pd.Timedelta(days=7 * (week - 1) + 4)
        title = f"{meta.get('company', '')}: status week {week} ({date:%Y-%m-%d})"
    else:
        title = f"{meta.get('company', '')}: no status history yet (the plan)"
    rag = table["reported_rag"].value_counts()
    counts = ", ".join(f"{int(rag.get(c, 0))} {c}" for c in ("green", "amber", "red"))
    footer = (
        f"{len(table)} projects ({counts}); BAC {table['bac'].sum():,.0f} {currency}, "
        f"actual cost {table['actual_cost'].fillna(0).sum():,.0f} {currency}. "
        "Percent complete: reported by the managers, and actual (what an audit would find)."
    )
    return "\n".join([title, "", shown.to_string(index=False), "", footer])


# -- report ------------------------------------------------------------------------
def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    import pmo_exercises as pmo
    from pmo_exercises import reporting

    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".xlsx"):
        print(f"error: --out {args.out} is neither a .html nor a .xlsx file", file=sys.stderr)
        return 2
    if args.portfolio is not None and args.variant is not None:
        print("error: --portfolio cannot be combined with --variant", file=sys.stderr)
        return 2
    if args.project is not None and out.suffix.lower() != ".html":
        print("error: a project report (--project) is written as .html only", file=sys.stderr)
        return 2
    if args.portfolio is not None:
        portfolio = _read(args.portfolio)
    elif args.variant is not None:
        if not args.variant.strip():
            print("error: --variant needs a trainee id", file=sys.stderr)
            return 2
        portfolio = pmo.load_portfolio(variant=args.variant)
    else:
        portfolio = pmo.load_portfolio()
    policy = None
    if args.policy is not None:
        from .governance import load_policy

        policy = load_policy(args.policy)
    if args.status_date is None:
        if portfolio.status_week < 1:
            raise ValueError("the portfolio has no status history to report on")
        week = portfolio.status_week
    else:
        week = reporting.week_of_date(portfolio, args.status_date)
    if args.project is not None:
        text = reporting.project_report(portfolio, args.project, policy=policy, week=week)
        out.write_text(text, encoding="utf-8")
        what = f"status report of {args.project}"
    else:
        report = reporting.steering_report(portfolio, policy=policy, week=week)
        if out.suffix.lower() == ".xlsx":
            reporting.write_steering_workbook(report, out)
        else:
            reporting.write_steering_html(report, out)
        what = (
            f"steering committee report: {report.summary['exceptions']} exceptions, "
            f"{report.summary['decisions']} decisions needed"
        )
    friday = portfolio.week_date(week)
    print(f"wrote {out}: {what}, status week {week} ({friday:%Y-%m-%d})")
    return 0


# -- course ------------------------------------------------------------------------
def _course_of(args: argparse.Namespace):
    from pathlib import Path

    from .course.coach.course import Course

    if args.course_dir:
        return Course(args.course_dir)
    for candidate in (Path.cwd(), Path.cwd() / "course"):
        if (candidate / "nbgrader_config.py").is_file():
            return Course(candidate)
    return Course(Path(__file__).resolve().parent.parent / "course")


def _guarded(func):
    """A coach command's unexpected failure (nbgrader, SQLite) as one line, not a traceback."""
    import functools

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (ValueError, OSError, KeyboardInterrupt):
            raise
        except Exception as error:
            print(f"error: {type(error).__name__}: {_one_line(error)}", file=sys.stderr)
            return 1

    return run


@_guarded
def _course_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .course.coach.build import build

    course = _course_of(args)
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
            print(f"error: {_one_line(r.problem)}", file=sys.stderr)
    return 1 if failed else 0


@_guarded
def _course_release(args: argparse.Namespace) -> int:
    from .course.coach.exchange import release

    print(release(_course_of(args), args.assignment, force=args.force))
    return 0


@_guarded
def _course_collect(args: argparse.Namespace) -> int:
    from .course.coach.exchange import collect

    print(collect(_course_of(args), args.assignment))
    return 0


@_guarded
def _course_grade(args: argparse.Namespace) -> int:
    from .course.coach.grade import grade

    course = _course_of(args)
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


@_guarded
def _course_report(args: argparse.Namespace) -> int:
    from .course.coach.report import report

    path, data = report(_course_of(args), args.assignment, args.out)
    print(
        f"wrote {path}: {len(data.scores)} graded, {len(data.not_run)} not run, "
        f"{len(data.not_submitted)} not submitted"
    )
    return 0


@_guarded
def _course_whoami(args: argparse.Namespace) -> int:
    from .course.identity import set_trainee, trainee_id

    if args.trainee is None:
        who = trainee_id()
        print(who if who else "no trainee id yet: run `pmo course whoami YOUR_ID`")
        return 0 if who else 1
    path = set_trainee(args.trainee)
    print(f"trainee id {args.trainee.strip()} written to {path}")
    return 0


# -- start -------------------------------------------------------------------------
def _start(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import launch

    argv = ["lab"]
    # Serve the kit's checkout when run from elsewhere, so the welcome notebook opens.
    kit = Path(__file__).resolve().parent.parent
    if (
        not (Path.cwd() / launch.WELCOME_NOTEBOOK).exists()
        and (kit / launch.WELCOME_NOTEBOOK).exists()
    ):
        argv += ["--root-dir", str(kit)]
    if args.port is not None:
        argv += ["--port", str(args.port)]
    if args.host is not None:
        argv += ["--host", args.host]
    if args.no_browser:
        argv.append("--no-browser")
    if args.dry_run:
        argv.append("--print")
    return launch.main(argv)


# -- entry point ---------------------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pmo`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0 on success, 1 for bad data or a missing portfolio,
        2 for bad arguments.
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse printed the usage and the reason
        return stop.code if isinstance(stop.code, int) else 2
    try:
        return args.func(args)
    except PortfolioError as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
    except FileNotFoundError as error:
        if error.filename is None:
            print(f"error: {_one_line(error)}", file=sys.stderr)
        else:
            print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
    except OSError as error:
        print(f"error: {error.strerror or _one_line(error)}: {error.filename}", file=sys.stderr)
    except ValueError as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
