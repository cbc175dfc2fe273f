"""How the ``pmo`` command reads a PMO's portfolio file, and ``pmo portfolio validate``.

Every command that reads a portfolio file (``pmo portfolio validate`` and
``summary``, ``pmo report --portfolio``) takes the same options, for exports
from other tools: ``--decimal ,`` (comma decimals), ``--encoding cp1252``,
``--dayfirst`` / ``--monthfirst`` (for dates written 05/01/2026) and
``--holidays FR`` (a country's public holidays as days off). Without them the
reader works out what it can from the data and says what it assumed (on
stderr, as ``note: ...`` lines, so that the output stays clean).

``pmo portfolio validate`` lists every problem at once (up to ``--limit``, 50),
grouped by table, each with its row, column and file line or sheet cell, and
exits 1. A valid portfolio prints ``OK``, then its consistency warnings
(figures that disagree, with the evidence and the figure the kit uses): the
exit status is still 0, or 1 under ``--strict``.
"""

from __future__ import annotations

import argparse
import sys

from ..core.errors import PROBLEM_LIMIT, PortfolioError, format_problems
from ._args import positive

__all__ = ["add_read_options", "add_validate_options", "read", "read_file", "validate"]


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that say how a portfolio file writes its data."""
    group = parser.add_argument_group(
        "reading an export", "how the files write their data (default: read from the data)"
    )
    group.add_argument(
        "--decimal",
        choices=(".", ","),
        help="the decimal mark of numbers written as text ('12,5' needs ,)",
    )
    group.add_argument(
        "--encoding",
        metavar="NAME",
        help="the encoding of the CSV files: utf-8, cp1252, latin-1... "
        "(default: UTF-8, or cp1252 for a file that is not UTF-8)",
    )
    order = group.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        help="dates such as 05/01/2026 are day first (dd/mm/yyyy)",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="dates such as 05/01/2026 are month first (mm/dd/yyyy)",
    )
    group.add_argument(
        "--holidays",
        metavar="COUNTRY",
        help="add a country's public holidays to the days off: FR, DE, GB, or with a region, DE-BY",
    )


def _options(args: argparse.Namespace | None) -> dict:
    if args is None:
        return {}
    return {
        "decimal": getattr(args, "decimal", None),
        "dayfirst": getattr(args, "dayfirst", None),
        "encoding": getattr(args, "encoding", None),
        "holidays": getattr(args, "holidays", None),
    }


def read_file(path: str, args: argparse.Namespace | None = None, limit: int = PROBLEM_LIMIT):
    """The portfolio file at ``path`` read with the options of ``args``, as a ``PortfolioFile``."""
    from ..io.reading import open_portfolio

    return open_portfolio(path, limit=limit, **_options(args))


def read(path: str, args: argparse.Namespace | None = None):
    """Read the portfolio folder or workbook at ``path`` (validated), notes on stderr.

    The notes say what was assumed to read it, and how many consistency
    warnings it has (``pmo portfolio validate`` lists them).

    Parameters
    ----------
    path : str
        A folder of CSV files or a ``.xlsx`` workbook.
    args : argparse.Namespace, optional
        The parsed command line, for the options of :func:`add_read_options`.
    """
    found = read_file(path, args)
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    warnings = found.warnings()
    if warnings:
        checks = ", ".join(dict.fromkeys(w.check for w in warnings))
        print(
            f"note: {len(warnings)} consistency warning{'s' if len(warnings) > 1 else ''} "
            f"({checks}); `pmo portfolio validate {path}` lists them with the figure the kit "
            "uses",
            file=sys.stderr,
        )
    return found.portfolio


def validate(args: argparse.Namespace) -> int:
    """Run ``pmo portfolio validate``: return the exit status."""
    from .portfolio import counts

    limit = getattr(args, "limit", None) or PROBLEM_LIMIT
    try:
        found = read_file(args.path, args, limit=limit)
    except PortfolioError as error:
        if len(error.problems) == 1 and not error.omitted:
            raise  # one problem: one line, as every other command prints it
        total = len(error.problems) + error.omitted
        print(f"error: {args.path}: {total} problems", file=sys.stderr)
        print(format_problems(error.problems, error.omitted), file=sys.stderr)
        return 1
    portfolio = found.portfolio
    warnings = found.warnings()
    strict = bool(getattr(args, "strict", False))
    if not (strict and warnings):
        print(f"OK: {args.path}: {counts(portfolio)}; digest {portfolio.digest()[:16]}")
    for note in found.notes:
        print(f"note: {note}")
    for warning in warnings[:limit]:
        print(f"warning: {warning}")
    if len(warnings) > limit:
        print(f"... and {len(warnings) - limit} more warnings")
    if warnings:
        word = "warning" if len(warnings) == 1 else "warnings"
        if strict:
            print(
                f"error: {args.path}: {len(warnings)} consistency {word} (--strict)",
                file=sys.stderr,
            )
            return 1
        print(f"{len(warnings)} consistency {word}; the portfolio is valid (--strict fails)")
    return 0


def add_validate_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--strict`` and ``--limit`` to ``pmo portfolio validate``."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on consistency warnings too (a BAC that is not its tasks' cost...)",
    )
    parser.add_argument(
        "--limit",
        type=positive,
        default=PROBLEM_LIMIT,
        help=f"list at most this many problems (default {PROBLEM_LIMIT})",
    )
