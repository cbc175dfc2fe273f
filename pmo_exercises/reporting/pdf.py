"""The steering-committee report as a PDF: the HTML report printed by headless Chromium.

Chromium prints the page a reader sees: the plotly charts are drawn by
JavaScript, which Chromium runs and a CSS-only renderer such as WeasyPrint does
not (the S-curve and the Gantt charts would be blank); it honours the report's
print CSS (``@page`` A4 landscape, one section per page, RAG colours kept). It
is the browser the kit's page tests already drive, Debian's ``chromium``; no
Python package is added for it.

The report is written for print (``for_print=True`` of
:func:`~.html.steering_html`) to a temporary folder: plotly.js as plain script,
so that its charts are drawn before the ``load`` event Chromium prints at,
each at the width it is printed at; the window is as wide as an A4 landscape
page's text.

::

    from pmo_exercises.reporting import steering_report, write_steering_pdf

    write_steering_pdf(steering_report(p), "steering.pdf")
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PrintError", "chromium_executable", "write_steering_pdf"]

#: Chromium on a machine with no display, no GPU and no network needed. The page
#: is the kit's own (the data escaped), read from a file with nothing to fetch.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    # the text width of an A4 landscape page (273 mm at 96 px per inch): charts drawn to fit
    "--window-size=1032,1400",
    # time for the charts' scripts to settle before the page is printed
    "--virtual-time-budget=15000",
)
TIMEOUT_S = 180


class PrintError(RuntimeError):
    """Chromium is missing, or it failed to print the report."""


def chromium_executable() -> str | None:
    """The Chromium to print with: ``$PMO_CHROMIUM``, else ``chromium`` on the PATH, else None."""
    explicit = os.environ.get("PMO_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_steering_pdf(report, path, *, chromium=None, timeout_s=TIMEOUT_S) -> Path:
    """Write the steering-committee report as an A4 landscape PDF and return the path.

    Parameters
    ----------
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`.
    path : str or Path
        The ``.pdf`` to write (replaced if it exists).
    chromium : str, optional
        The Chromium executable (default: :func:`chromium_executable`).
    timeout_s : float
        The longest Chromium may take.

    Returns
    -------
    Path
        ``path``, written with the user's usual file mode.

    Raises
    ------
    PrintError
        When no Chromium is found, or it fails or times out; nothing is
        written then.
    """
    from .html import steering_html

    path = Path(path)
    chromium = chromium or chromium_executable()
    if chromium is None:
        raise PrintError(
            "writing a PDF needs Chromium: install it (apt-get install chromium) "
            "or set PMO_CHROMIUM to its path"
        )
    with tempfile.TemporaryDirectory(prefix="pmo-pdf-") as folder:
        work = Path(folder)
        page = work / "steering.html"
        page.write_text(steering_html(report, for_print=True), encoding="utf-8")
        printed = work / "steering.pdf"
        argv = [
            chromium,
            *_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise PrintError(f"Chromium did not print the report within {timeout_s:g} s") from None
        except OSError as error:
            raise PrintError(f"cannot run Chromium ({chromium}): {error.strerror}") from None
        if done.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PrintError(
                f"Chromium failed to print the report (exit {done.returncode}): {last}"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(printed, path)  # a new file takes the user's umask
    return path
