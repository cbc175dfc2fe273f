"""``pmo report``: the steering-committee report, or one project's status page."""

from __future__ import annotations

import argparse
import sys

from ._args import iso_date
from .portfolio import read

__all__ = ["add_parser", "report"]


def add_parser(commands) -> None:
    """Add ``report`` to the ``pmo`` subcommands ``commands``."""
    parser = commands.add_parser(
        "report",
        help="write the steering-committee report (HTML or Excel) or a project's status page",
        description="The steering-committee report at a status date, as a self-contained "
        "HTML page or a formatted Excel workbook; with --project, one project's one-page "
        "status report (HTML).",
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
        metavar="FILE.html|FILE.xlsx",
        help="where to write the report",
    )
    parser.set_defaults(func=report)


def report(args: argparse.Namespace) -> int:
    """Run ``pmo report``: return the exit status."""
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
        portfolio = read(args.portfolio)
    elif args.variant is not None:
        if not args.variant.strip():
            print("error: --variant needs a trainee id", file=sys.stderr)
            return 2
        portfolio = pmo.load_portfolio(variant=args.variant)
    else:
        portfolio = pmo.load_portfolio()
    policy = None
    if args.policy is not None:
        from ..governance import load_policy

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
        steering = reporting.steering_report(portfolio, policy=policy, week=week)
        if out.suffix.lower() == ".xlsx":
            reporting.write_steering_workbook(steering, out)
        else:
            reporting.write_steering_html(steering, out)
        what = (
            f"steering committee report: {steering.summary['exceptions']} exceptions, "
            f"{steering.summary['decisions']} decisions needed"
        )
    friday = portfolio.week_date(week)
    print(f"wrote {out}: {what}, status week {week} ({friday:%Y-%m-%d})")
    return 0
