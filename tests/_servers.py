"""Running a kit server for a test: a free port, private Jupyter folders, a log, a clean stop.

Shared by the server tests (``test_server.py``) and the browser tests (``_browser.py``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1, right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    """The last lines of a log, for a failure message."""
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def serve(
    home: Path,
    argv: list[str],
    ready_url: str,
    *,
    what: str = "the server",
    log_name: str = "server.log",
    timeout_s: float = 90,
    poll_s: float = 0.5,
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[subprocess.Popen, Path]]:
    """Run ``argv`` from the repository root until ``ready_url`` answers 200; stop it after.

    Jupyter's runtime, config and IPython folders go under ``home``, so that the test
    neither reads nor leaves anything in the user's own; ``extra_env`` is set on top
    (the variables a launcher adds). Yields the process and its log.
    """
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "IPYTHONDIR": str(home / "ipython"),
        **(extra_env or {}),
    }
    log = home / log_name
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                pytest.fail(f"{what} exited with {process.returncode}:\n{tail(log)}")
            try:
                with urllib.request.urlopen(ready_url, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not answer within {timeout_s:g} s:\n{tail(log)}")
            time.sleep(poll_s)
        yield process, log
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
