"""``pmo start`` and ``pmo app``: the kit's servers, exactly as ``make start`` and ``make app``."""

from __future__ import annotations

import argparse

from ._args import KIT, port, positive

__all__ = ["add_parser", "app", "start"]


def add_parser(commands) -> None:
    """Add ``start`` to the ``pmo`` subcommands ``commands``."""
    parser = commands.add_parser(
        "start", help="start JupyterLab on the kit, exactly as `make start` does"
    )
    parser.add_argument("--port", type=port, default=None, help="TCP port (default 8888)")
    parser.add_argument("--host", default=None, help="interface (default 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    parser.add_argument(
        "--coach",
        action="store_true",
        help="the coach's JupyterLab: formgrader and Create Assignment (default: a trainee's)",
    )
    parser.add_argument(
        "--print", action="store_true", dest="dry_run", help="print the command, start nothing"
    )
    parser.set_defaults(func=start)

    pages = commands.add_parser(
        "app", help="serve the Voila pages to a class, exactly as `make app` does"
    )
    pages.add_argument("--port", type=port, default=None, help="TCP port (default 8866)")
    pages.add_argument("--host", default=None, help="interface (default 127.0.0.1)")
    pages.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME",
        help="a Host name or address to answer besides loopback (repeatable)",
    )  # fmt: skip
    pages.add_argument("--max-kernels", type=positive, default=None, metavar="N",
                       help="most live kernels (default: sized to memory)")  # fmt: skip
    pages.add_argument(
        "--no-token", action="store_true", help="no token: only for a kiosk on a closed network"
    )
    pages.add_argument(
        "--print", action="store_true", dest="dry_run", help="print the command, start nothing"
    )
    pages.set_defaults(func=app)


def start(args: argparse.Namespace) -> int:
    """Run ``pmo start``: return the exit status of :func:`pmo_exercises.launch.main`."""
    from pathlib import Path

    from .. import launch

    argv = ["lab"]
    # Serve the kit's checkout when run from elsewhere, so the welcome notebook opens.
    if (
        not (Path.cwd() / launch.WELCOME_NOTEBOOK).exists()
        and (KIT / launch.WELCOME_NOTEBOOK).exists()
    ):
        argv += ["--root-dir", str(KIT)]
    if args.port is not None:
        argv += ["--port", str(args.port)]
    if args.host is not None:
        argv += ["--host", args.host]
    if args.no_browser:
        argv.append("--no-browser")
    if args.coach:
        argv.append("--coach")
    if args.dry_run:
        argv.append("--print")
    return launch.main(argv)


def app(args: argparse.Namespace) -> int:
    """Run ``pmo app``: return the exit status of :func:`pmo_exercises.launch.main`."""
    from .. import launch

    argv = ["app", "--apps-dir", str(KIT / launch.APPS_DIR)]
    if args.port is not None:
        argv += ["--port", str(args.port)]
    if args.host is not None:
        argv += ["--host", args.host]
    for name in args.allow_host:
        argv += ["--allow-host", name]
    if args.max_kernels is not None:
        argv += ["--max-kernels", str(args.max_kernels)]
    if args.no_token:
        argv.append("--no-token")
    if args.dry_run:
        argv.append("--print")
    return launch.main(argv)
