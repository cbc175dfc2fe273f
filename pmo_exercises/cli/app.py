"""The ``pmo`` command's parser and entry point: every error as one line, never a traceback."""

from __future__ import annotations

import argparse
import os
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
    top.add_argument("--version", action="version", version=f"pmo {_version()}")
    commands = top.add_subparsers(
        dest="command", required=True, metavar="{portfolio,report,start,app,course}"
    )
    for group in (portfolio, report, start, course):
        group.add_parser(commands)
    return top


def _version() -> str:
    """The kit's version: the installed distribution's, else the package's own."""
    from importlib import metadata

    try:
        return metadata.version("pmo-exercises")
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is no file (a test's capture)
        pass


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
        2 for bad arguments, 141 (128 + SIGPIPE, as for any Unix tool) when the
        command's reader closed the pipe before the end of its output.
    """
    try:
        args = parser().parse_args(argv)
    except SystemExit as stop:  # argparse printed the usage and the reason
        return stop.code if isinstance(stop.code, int) else 2
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return status
    except BrokenPipeError:
        # the reader went away (`pmo portfolio summary | head -1`): stop quietly, as `cat`
        # does, and point stdout at nothing so that Python's flush at exit cannot fail again
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe
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
