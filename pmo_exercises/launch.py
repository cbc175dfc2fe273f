"""Start the kit's servers: JupyterLab for the lessons, Voila for the scenario pages.

The command lines live here, in one place, so that ``make start``, ``make app``,
the ``pmo start`` command and the server test all start exactly the same thing.

From the root of the kit::

    python -m pmo_exercises.launch lab            # JupyterLab, what `make start` runs
    python -m pmo_exercises.launch app            # Voila alone, what `make app` runs
    python -m pmo_exercises.launch lab --print    # show the command line, start nothing

JupyterLab keeps Jupyter's token authentication: the token is generated at
start-up and printed in the URL. It is a trainee's JupyterLab, with nbgrader's
student tools only (Assignment List, Validate); ``lab --coach`` adds the
coach's Formgrader, Create Assignment and Course List. Voila is installed as a
server extension, so the same server also renders the scenario pages under
``/voila/render/...``.

This module uses only the standard library: importing it starts nothing.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

__all__ = [
    "APPS_DIR",
    "APP_EXTENSIONS",
    "APP_INDEX",
    "APP_PORT",
    "CELL_TIMEOUT_S",
    "CULL_IDLE_S",
    "DEFAULT_HOST",
    "LAB_PORT",
    "POOL_SIZE",
    "TRAINEE_CONFIG",
    "WELCOME_NOTEBOOK",
    "app_command",
    "lab_command",
    "lab_environment",
    "main",
]

#: The notebook JupyterLab opens, relative to the root directory.
WELCOME_NOTEBOOK = "notebooks/00_welcome.ipynb"
#: The folder of Voila pages, relative to the root directory.
APPS_DIR = "notebooks/apps"
#: The index page inside :data:`APPS_DIR`.
APP_INDEX = "index.ipynb"
#: Both servers listen on the loopback interface only, unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
LAB_PORT = 8888
APP_PORT = 8866
#: Seconds the kernel of a notebook closed in JupyterLab may stay idle before it goes.
LAB_CULL_IDLE_S = 3600
#: Longest time, in seconds, one cell of a Voila page may run before Voila gives up.
CELL_TIMEOUT_S = 60
#: Pre-heated kernels Voila keeps ready for each page.
POOL_SIZE = 1
#: Seconds a Voila kernel may stay idle, its page open, before it is shut down.
CULL_IDLE_S = 1800
#: Seconds a Voila kernel whose page went without a word (a crashed tab) may stay.
CULL_GONE_S = 60
#: The front-end extensions the Voila pages load: the ipywidgets 8 widgets,
#: Voila's manager for them and the code colours. Not plotly's: it would make
#: every page fetch the full plotly.js (4.8 MB), where the pages bring plotly.js's
#: basic bundle themselves (:func:`pmo_exercises.widgets._common.plotly_loader`).
APP_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
    "jupyterlab_pygments",
)


#: The Jupyter configuration a trainee's JupyterLab adds to ``JUPYTER_CONFIG_PATH``:
#: nbgrader's coach tools switched off, as its documentation advises for students.
TRAINEE_CONFIG = Path(__file__).resolve().parent / "data" / "jupyter" / "trainee"


def lab_environment(coach: bool = False, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment variables JupyterLab needs on top of ``environ``.

    Parameters
    ----------
    coach : bool
        The coach's JupyterLab, with formgrader and Create Assignment. By
        default it is a trainee's: :data:`TRAINEE_CONFIG` comes first on
        ``JUPYTER_CONFIG_PATH``, which switches the coach's tools off.
    environ : dict, optional
        The environment it starts from (default: ``os.environ``).

    Returns
    -------
    dict
        Only the variables to set (empty for the coach).

    Examples
    --------
    >>> lab_environment(coach=True)
    {}
    >>> str(TRAINEE_CONFIG) in lab_environment(environ={})["JUPYTER_CONFIG_PATH"]
    True
    """
    if coach:
        return {}
    start = dict(os.environ) if environ is None else environ
    paths = [
        str(TRAINEE_CONFIG),
        *filter(None, start.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)),
    ]
    return {"JUPYTER_CONFIG_PATH": os.pathsep.join(dict.fromkeys(paths))}


def _running_as_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def lab_command(
    port: int = LAB_PORT,
    host: str = DEFAULT_HOST,
    token: str | None = None,
    open_path: str | None = WELCOME_NOTEBOOK,
    *,
    root_dir: str | os.PathLike[str] | None = None,
    open_browser: bool = True,
    allow_root: bool | None = None,
) -> list[str]:
    """Build the command line that starts JupyterLab on the kit.

    Parameters
    ----------
    port : int
        TCP port to listen on. The server fails rather than drift to another
        port, so the address printed by the kit is always the right one.
    host : str
        Interface to listen on; the loopback address by default.
    token : str or None
        The authentication token. ``None`` lets Jupyter generate a random one
        and print it in the URL (the normal case). Tests pass a known token.
    open_path : str or None
        Notebook to open, relative to `root_dir` and written with ``/``. It
        becomes the server's default URL, so both the printed URL and the
        browser land on it. ``None`` opens the plain JupyterLab workspace.
    root_dir : path-like or None
        Directory the server shows; the current directory by default. The kit
        expects the root of the repository.
    open_browser : bool
        Whether Jupyter opens a browser tab once it is ready.
    allow_root : bool or None
        Pass ``--allow-root``, without which Jupyter refuses to run as root.
        ``None`` passes it only when the current user is root (containers, CI).

    Returns
    -------
    list of str
        The argument list, starting with the current Python interpreter.

    Raises
    ------
    ValueError
        If `token` is the empty string, which would switch authentication off.

    Examples
    --------
    >>> argv = lab_command(8899, token="s3cret", open_browser=False)
    >>> argv[1:3]
    ['-m', 'jupyterlab']
    >>> "--IdentityProvider.token=s3cret" in argv
    True
    """
    if token == "":
        raise ValueError("token must not be empty: an empty token turns authentication off")
    root = Path(root_dir if root_dir is not None else Path.cwd()).resolve()
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={int(port)}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        # the kernel of a notebook closed for an hour goes; an open notebook keeps its own
        # (a trainee back from lunch finds their variables)
        f"--MappingKernelManager.cull_idle_timeout={LAB_CULL_IDLE_S}",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
    ]
    if open_path:
        url_path = quote(str(PurePosixPath("/lab/tree", open_path)))
        argv.append(f"--LabApp.default_url={url_path}")
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    if allow_root is None:
        allow_root = _running_as_root()
    if allow_root:
        argv.append("--allow-root")
    return argv


def app_command(
    port: int = APP_PORT,
    host: str = DEFAULT_HOST,
    *,
    apps_dir: str | os.PathLike[str] = APPS_DIR,
    cell_timeout: int = CELL_TIMEOUT_S,
    pool_size: int = POOL_SIZE,
    cull_idle_s: int = CULL_IDLE_S,
    cull_gone_s: int = CULL_GONE_S,
    token: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
    max_kernels: int | None = None,
    open_browser: bool = False,
) -> list[str]:
    """Build the command line that serves the scenario pages with Voila alone.

    Voila serves the folder: ``/`` lists the pages and
    ``/voila/render/index.ipynb`` is the index page that links to the others.
    The pages are served to strangers (:mod:`pmo_exercises.app_server`): a
    token, generated and printed with the URL unless one is given; a Host
    check (loopback and ``allowed_hosts`` only); a cap on live kernels. The
    server listens on the loopback address only by default.

    Each page has `pool_size` pre-heated kernels that have already run it, so
    a visitor gets the page at once; the pool refills behind them. The kernel
    of a page a visitor closes is shut down at once; one whose page went
    without a word (a browser that crashed) goes after `cull_gone_s` idle
    seconds, and one idle for `cull_idle_s` seconds goes even with its page
    open.
    Voila loads only the front-end extensions the pages use (the
    widgets and the code colours, :data:`APP_EXTENSIONS`): the others
    installed for JupyterLab are built for a newer JupyterLab core than
    Voila's and only log "Unsatisfied version" warnings.

    Parameters
    ----------
    port : int
        TCP port to listen on. The server fails rather than drift to another port.
    host : str
        Interface to listen on; the loopback address by default.
    apps_dir : path-like
        Folder of Voila pages, relative to the current directory or absolute.
    cell_timeout : int
        Seconds one cell may run before Voila stops the page with an error.
    pool_size : int
        Pre-heated kernels kept ready for each page; 0 starts kernels on request.
    cull_idle_s : int
        Seconds a kernel may stay idle, its page open, before it is shut
        down; 0 keeps them.
    cull_gone_s : int
        Seconds a kernel with no page connected may stay idle; 0 keeps them.
    token : str or None
        The token visitors need. None generates one (printed with the URL);
        the empty string serves without a token (a kiosk on a closed network).
    allowed_hosts : tuple of str
        Host names the server answers besides loopback addresses and
        ``localhost`` (the name visitors type, when serving a room).
    max_kernels : int or None
        Most live kernels (None: sized to the machine's memory).
    open_browser : bool
        Whether Voila opens a browser tab once it is ready.

    Returns
    -------
    list of str
        The argument list, starting with the current Python interpreter.

    Examples
    --------
    >>> argv = app_command(8877)
    >>> argv[1:3]
    ['-m', 'pmo_exercises.app_server']
    >>> "--no-browser" in argv
    True
    >>> "--VoilaConfiguration.preheat_kernel=True" in argv
    True
    """
    if min(pool_size, cull_idle_s, cull_gone_s, max_kernels or 0) < 0 or cell_timeout <= 0:
        raise ValueError(
            "pool_size, cull_idle_s, cull_gone_s and max_kernels must be >= 0 and "
            f"cell_timeout > 0, not {pool_size}, {cull_idle_s}, {cull_gone_s}, "
            f"{max_kernels} and {cell_timeout}"
        )
    argv = [
        sys.executable,
        "-m",
        "pmo_exercises.app_server",
        str(Path(apps_dir).resolve()),
        f"--cull-idle={int(cull_idle_s)}",
        f"--cull-gone={int(cull_gone_s)}",
        *(f"--allow-host={name}" for name in allowed_hosts),
        f"--Voila.ip={host}",
        f"--Voila.port={int(port)}",
        "--Voila.port_retries=0",
        f"--VoilaConfiguration.preheat_kernel={pool_size > 0}",
        f"--VoilaConfiguration.default_pool_size={int(pool_size)}",
        f"--VoilaExecutor.timeout={int(cell_timeout)}",
    ]
    argv += [f"--VoilaConfiguration.extension_allowlist={name}" for name in APP_EXTENSIONS]
    if max_kernels is not None:
        argv.append(f"--max-kernels={int(max_kernels)}")
    if token == "":
        argv.append("--no-token")
    elif token is not None:
        argv.append(f"--Voila.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    return argv


def _jupyter_hint() -> str:
    """Return how to call ``jupyter`` from this interpreter, as short as possible."""
    jupyter = Path(sys.executable).with_name("jupyter")
    try:
        return str(jupyter.relative_to(Path.cwd()))
    except ValueError:
        return str(jupyter)


def _lab_banner(host: str, port: int, open_browser: bool, coach: bool = False) -> str:
    browser = "" if open_browser else " (no browser is opened)"
    tools = (
        "The coach's tools are on: Nbgrader > Formgrader, and Create Assignment in the notebook."
        if coach
        else "nbgrader's student tools only (Assignment List, Validate); the coach's: --coach."
    )
    return "\n".join(
        [
            f"JupyterLab is starting on http://{host}:{port}{browser}; token authentication is on.",
            tools,
            "Open the URL it prints below, the one ending in '?token=...':"
            " it opens the welcome notebook.",
            f"Lost the URL? In another terminal: {_jupyter_hint()} server list",
            "The scenario pages are under /voila/render/notebooks/apps/index.ipynb on the same"
            " server.",
            "Stop the server with Control-C, twice.",
            "",
        ]
    )


def _app_banner(host: str, port: int) -> str:
    return "\n".join(
        [
            f"Voila is starting on http://{host}:{port}; token authentication is on.",
            "Open the URL with ?token=... that Voila prints below; the index of the",
            f"scenario pages is /voila/render/{APP_INDEX}. Stop the server with Control-C.",
            "",
        ]
    )


def _exec(argv: Sequence[str], env: dict[str, str] | None = None) -> int:
    """Hand the terminal over to the server, so that Control-C reaches it directly.

    ``env`` holds the variables to set on top of this process's environment.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os.environ.update(env or {})
    # nbgrader's formgrader runs `alembic` by name to create the gradebook: the
    # kit's own scripts folder must be on PATH even when .venv is not activated.
    scripts = os.path.dirname(sys.executable)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join(filter(None, [scripts, os.environ.get("PATH")]))
    if os.name == "posix":
        os.execv(argv[0], list(argv))  # does not return
    # Elsewhere, wait for the child and let it alone handle Control-C.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return subprocess.call(list(argv))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pmo_exercises.launch",
        description="Start JupyterLab (lab) or the Voila scenario pages (app) on the kit.",
    )
    servers = parser.add_subparsers(dest="server", required=True, metavar="{lab,app}")

    lab = servers.add_parser("lab", help="JupyterLab with token auth, opening the welcome notebook")
    lab.add_argument("--port", type=int, default=LAB_PORT, help="default: %(default)s")
    lab.add_argument("--host", default=DEFAULT_HOST, help="default: %(default)s")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    lab.add_argument(
        "--root-dir", default=None, help="directory to serve (default: the current directory)"
    )
    lab.add_argument(
        "--coach",
        action="store_true",
        help="the coach's JupyterLab: formgrader and Create Assignment besides the student tools",
    )

    app = servers.add_parser("app", help="the Voila scenario pages alone (notebooks/apps)")
    app.add_argument("--port", type=int, default=APP_PORT, help="default: %(default)s")
    app.add_argument("--host", default=DEFAULT_HOST, help="default: %(default)s")
    app.add_argument("--apps-dir", default=APPS_DIR, help="default: %(default)s")
    app.add_argument(
        "--cell-timeout", type=int, default=CELL_TIMEOUT_S, help="seconds (default: %(default)s)"
    )
    app.add_argument(
        "--pool-size",
        type=int,
        default=POOL_SIZE,
        help="pre-heated kernels per page, 0 for none (default: %(default)s)",
    )
    app.add_argument(
        "--cull-idle",
        type=int,
        default=CULL_IDLE_S,
        help="seconds before an idle kernel stops, its page open, 0 never (default: %(default)s)",
    )
    app.add_argument(
        "--cull-gone",
        type=int,
        default=CULL_GONE_S,
        help="seconds before the kernel of a page gone without a word stops (default: %(default)s)",
    )
    app.add_argument(
        "--max-kernels",
        type=int,
        default=None,
        help="most live kernels; beyond, visitors are asked to come back (default: by memory)",
    )
    app.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name to answer besides loopback, e.g. the room's server name (repeatable)",
    )
    app.add_argument(
        "--no-token",
        action="store_true",
        help="serve without a token: only for a kiosk on a closed network",
    )

    for sub in (lab, app):
        sub.add_argument(
            "--print", action="store_true", dest="dry_run", help="print the command, start nothing"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m pmo_exercises.launch``.

    Parameters
    ----------
    argv : sequence of str or None
        Command-line arguments without the program name; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        The exit status: 0 for ``--print``; otherwise the server's own status
        (on POSIX the server replaces this process and this function does not return).
    """
    args = _parser().parse_args(argv)
    env: dict[str, str] = {}
    if args.server == "lab":
        command = lab_command(
            args.port, args.host, root_dir=args.root_dir, open_browser=not args.no_browser
        )
        env = lab_environment(coach=args.coach)
        banner = _lab_banner(args.host, args.port, not args.no_browser, coach=args.coach)
    else:
        command = app_command(
            args.port,
            args.host,
            apps_dir=args.apps_dir,
            cell_timeout=args.cell_timeout,
            pool_size=args.pool_size,
            cull_idle_s=args.cull_idle,
            cull_gone_s=args.cull_gone,
            token="" if args.no_token else None,
            allowed_hosts=tuple(args.allow_host),
            max_kernels=args.max_kernels,
        )
        banner = _app_banner(args.host, args.port)
    if args.dry_run:
        print(shlex.join([*(f"{k}={v}" for k, v in env.items()), *command]))
        return 0
    print(banner)
    return _exec(command, env)


if __name__ == "__main__":
    sys.exit(main())
