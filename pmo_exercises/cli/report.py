"""``pmo report``: the steering-committee report, or one project's status page."""

from __future__ import annotations

import argparse
import sys

from ._args import iso_date, one_line, teaching_note
from .portfolio import read
from .progress import Steps
from .read_options import add_read_options

__all__ = ["FORMATS", "add_parser", "report", "week_on_or_before"]


def add_parser(commands) -> None:
    """Add ``report`` to the ``pmo`` subcommands ``commands``."""
    parser = commands.add_parser(
        "report",
        help="write the steering-committee report (HTML, Excel, PowerPoint or PDF) or a "
        "project's status page",
        description="The steering-committee report at a status date, as a self-contained "
        "HTML page, a formatted Excel workbook, a PowerPoint deck or an A4 landscape PDF "
        "(printed by Chromium); with --project, one project's one-page status report (HTML). "
        "Without --portfolio or --variant it reports on the teaching portfolio, and says so.",
    )
    parser.add_argument(
        "--portfolio",
        metavar="PATH",
        help="a portfolio folder or .xlsx workbook (default: the teaching portfolio)",
    )
    parser.add_argument("--variant", help="a trainee id: report on that trainee's portfolio")
    parser.add_argument(
        "--status-date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="report the latest status week on or before this date (default: the last)",
    )
    parser.add_argument("--policy", metavar="FILE", help="a PMO policy file (default: the kit's)")
    parser.add_argument("--project", metavar="PID", help="one project's one-page status report")
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE.html|FILE.xlsx|FILE.pptx|FILE.pdf",
        help="where to write the report: the suffix chooses the format",
    )
    add_read_options(parser)  # how --portfolio writes its data
    parser.set_defaults(func=report)


#: The formats of the steering report, by the suffix of --out.
FORMATS = {
    ".html": "a self-contained HTML page",
    ".xlsx": "an Excel workbook",
    ".pptx": "a PowerPoint deck",
    ".pdf": "an A4 landscape PDF",
}


def report(args: argparse.Namespace) -> int:
    """Run ``pmo report``: return the exit status."""
    from pathlib import Path

    from pmo_exercises import reporting

    out = Path(args.out)
    kind = out.suffix.lower()
    if kind not in FORMATS:
        print(f"error: --out {args.out} is not a .html, .xlsx, .pptx or .pdf file", file=sys.stderr)
        return 2
    if args.portfolio is not None and args.variant is not None:
        print("error: --portfolio cannot be combined with --variant", file=sys.stderr)
        return 2
    if args.project is not None and kind != ".html":
        print("error: a project report (--project) is written as .html only", file=sys.stderr)
        return 2
    if args.variant is not None and not args.variant.strip():
        print("error: --variant needs a trainee id", file=sys.stderr)
        return 2
    with Steps("pmo report", 3 if args.project is None else 2) as steps:
        teaching = args.portfolio is None and args.variant is None
        with steps.step("reading the teaching portfolio" if teaching else "reading the portfolio"):
            portfolio = _portfolio(args)
        # said before the output, once the report is sure to be written
        hint = "pass --portfolio PATH to report on yours"
        notes = [teaching_note(portfolio, hint)] if teaching else []
        policy = None
        if args.policy is not None:
            from ..governance import load_policy

            policy = load_policy(args.policy)
        week, note = week_on_or_before(portfolio, args.status_date)
        notes += [note] if note else []
        if args.project is not None:
            with steps.step(f"writing {out.name}"):
                text = reporting.project_report(portfolio, args.project, policy=policy, week=week)
                out.write_text(text, encoding="utf-8")
            what = f"status report of {args.project}"
        else:
            with steps.step("the steering committee's content"):
                steering = reporting.steering_report(portfolio, policy=policy, week=week)
                capacity = None
                if kind == ".pptx":
                    capacity = reporting.capacity_picture(portfolio, steering)
            with steps.step(f"writing {out.name}"):
                try:
                    _write(steering, capacity, out, kind)
                except reporting.PrintError as error:
                    print(f"error: {one_line(error)}", file=sys.stderr)
                    return 1
            what = (
                f"steering committee report: {steering.summary['exceptions']} exceptions, "
                f"{steering.summary['decisions']} decisions needed"
            )
    friday = portfolio.week_date(week)
    print("\n".join([*notes, f"wrote {out}: {what}, status week {week} ({friday:%Y-%m-%d})"]))
    return 0


def _portfolio(args: argparse.Namespace):
    import pmo_exercises as pmo

    if args.portfolio is not None:
        return read(args.portfolio, args)
    if args.variant is not None:
        return pmo.load_portfolio(variant=args.variant)
    return pmo.load_portfolio()


def _write(steering, capacity, out, kind: str) -> None:
    from pmo_exercises import reporting

    if kind == ".xlsx":
        reporting.write_steering_workbook(steering, out)
    elif kind == ".pptx":
        reporting.write_steering_deck(steering, out, capacity=capacity)
    elif kind == ".pdf":
        reporting.write_steering_pdf(steering, out)
    else:
        reporting.write_steering_html(steering, out)


def week_on_or_before(portfolio, date) -> tuple[int, str | None]:
    """The status week to report at ``date`` (default: the last), and a note when it is not that.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    date : datetime.date or None
        The date asked for (``--status-date``).

    Returns
    -------
    tuple
        The latest status week whose Friday is on or before ``date``, and a
        note when ``date`` is after the last status week (the last week is
        reported, and the note says so), else None.

    Raises
    ------
    ValueError
        When the portfolio has no status history, or ``date`` is before its
        first status week.
    """
    import pandas as pd

    last = portfolio.status_week
    if last < 1:
        raise ValueError("the portfolio has no status history to report on")
    if date is None:
        return last, None
    final = portfolio.week_date(last)
    day = pd.Timestamp(date)
    if day > final + pd.Timedelta(days=6):
        return last, (
            f"note: the status history ends with week {last} ({final:%Y-%m-%d}), before "
            f"{day:%Y-%m-%d}: reporting week {last}, the latest on or before that date"
        )
    return portfolio.week_of(day), None
