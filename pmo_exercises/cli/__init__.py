"""The ``pmo`` command: a thin layer over the package.

::

    pmo portfolio generate --out my_portfolio            # the teaching portfolio
    pmo portfolio generate --variant alice --out alice.xlsx
    pmo portfolio generate --seed 3 --projects 40 --tasks 25 --weeks 30 --out big
    pmo portfolio validate my_portfolio                  # OK, or the first problem
    pmo portfolio summary alice.xlsx [--week 12]         # one line per project
    pmo report --status-date 2026-06-30 --out steering.html    # or .xlsx, .pptx, .pdf
    pmo report --project P06 --out P06.html [--portfolio alice.xlsx] [--policy my.yaml]
    pmo start [--port 8888] [--no-browser]               # JupyterLab, as `make start`
    pmo app [--allow-host NAME] [--max-kernels N]        # the Voila pages, as `make app`
    pmo course build|release|collect|grade|report|mastery|export|whoami  # the coach's cycle

    pmo --version

A portfolio is a folder of CSV files or a ``.xlsx`` workbook (see
:mod:`pmo_exercises.io.files`). Without one, ``pmo report`` and ``pmo portfolio
summary`` use the teaching portfolio and say so in their first line. Errors are one
line on stderr, ``error: ...``, with exit status 1 (bad data, missing files) or 2
(bad arguments); a closed pipe (``| head``) ends quietly with 141. The slow steps
show a progress bar on stderr when it is a terminal (:mod:`~pmo_exercises.cli.progress`).

Each command group has its module: :mod:`~pmo_exercises.cli.portfolio`,
:mod:`~pmo_exercises.cli.report`, :mod:`~pmo_exercises.cli.start` and
:mod:`~pmo_exercises.cli.course`; :mod:`~pmo_exercises.cli.app` puts them together.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
