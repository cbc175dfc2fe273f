"""The ``pmo`` command's parser and entry point: every error as one line, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.errors import PortfolioError
from . import course, portfolio, report, start
from ._args import one_line

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """Build the ``pmo`` argument parser, its command groups in the order of ``--help``."""
    top = argparse.ArgumentParser(
        prog="pmo",
        description="The PMO course kit: portfolios to generate, check, summarise and report on, "
        "and the trainee's JupyterLab.",
    )
    commands = top.add_subparsers(
        dest="command", required=True, metavar="{portfolio,report,start,app,course}"
    )
    for group in (portfolio, report, start, course):
        group.add_parser(commands)
    return top


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
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:  # argparse printed the usage and the reason
        return stop.code if isinstance(stop.code, int) else 2
    try:
        return args.func(args)
    except PortfolioError as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
    except FileNotFoundError as error:
        if error.filename is None:
            print(f"error: {one_line(error)}", file=sys.stderr)
        else:
            print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
    except OSError as error:
        print(f"error: {error.strerror or one_line(error)}: {error.filename}", file=sys.stderr)
    except ValueError as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 1
