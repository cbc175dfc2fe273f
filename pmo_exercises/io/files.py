r"""Saving and reading a portfolio: a folder of CSV files, or one Excel workbook.

The path decides the format:

* a folder holds one canonical CSV file per table (``tasks.csv``, ...) and
  ``meta.json``. The files are UTF-8 text with ``\n`` line ends, dates as
  ``YYYY-MM-DD`` and floats as their shortest exact text, so equal portfolios
  give byte-identical files on every machine, and ``git diff`` shows what changed;
* a ``.xlsx`` file is a workbook for Excel: a ``README`` sheet that explains
  every table and column, one sheet per table, and a ``meta`` sheet.

Both round trips are lossless: ``read_portfolio(save_portfolio(p, path))`` has
the same :meth:`~pmo_exercises.core.portfolio.Portfolio.digest` as ``p``, and equal
tables. Reading (:mod:`.reading`) converts every table with
:func:`~pmo_exercises.core.validation.coerce_tables`, then checks the whole portfolio
with :func:`~pmo_exercises.core.validation.validate`; the problems are one
:class:`~pmo_exercises.core.errors.PortfolioError` that holds them all, each naming
the table and the file, line, sheet or cell where it lies.

A folder or workbook written by hand, or exported from another tool, may leave
out the tables a PMO does not have (yet): ``describe(tables=True)`` says which.
It may write numbers with a comma for decimals, dates as dd/mm/yyyy and text in
cp1252: see :func:`read_portfolio`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.canonical import table_to_csv
from ..core.portfolio import Portfolio
from ..core.validation import validate
from .reading import PortfolioFile, open_portfolio
from .saved import plain
from .workbook import save_workbook

__all__ = ["PortfolioFile", "open_portfolio", "read_portfolio", "save_portfolio"]


def _is_workbook(path: Path) -> bool:
    return path.suffix.lower() == ".xlsx"


def save_portfolio(portfolio: Portfolio, path: str | os.PathLike[str]) -> Path:
    """Save a portfolio to a folder of CSV files or to an Excel workbook.

    Parameters
    ----------
    portfolio : Portfolio
        A valid portfolio (it is validated first: nothing invalid is written).
    path : str or path-like
        A path ending in ``.xlsx`` writes one workbook. Any other path is a
        folder, created if needed, that receives ``<table>.csv`` for every
        table and ``meta.json`` (other files in it are left alone).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    PortfolioError
        If the portfolio is not valid, or a table does not fit in an Excel
        sheet (too many rows, or text Excel cannot store).
    ValueError
        If ``path`` names a file that is neither a folder nor ``.xlsx``.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> p = pmo.load_portfolio()                           # doctest: +SKIP
    >>> pmo.save_portfolio(p, "my_portfolio")              # doctest: +SKIP
    >>> pmo.save_portfolio(p, "my_portfolio.xlsx")         # doctest: +SKIP
    """
    path = Path(path)
    validate(portfolio)
    if _is_workbook(path):
        save_workbook(portfolio, path)
    else:
        if path.suffix.lower() in (".csv", ".xls", ".xlsm", ".json", ".zip", ".txt"):
            raise ValueError(
                f"cannot save a portfolio as {path.name}: give a folder (one CSV file per "
                "table) or a file ending in .xlsx"
            )
        if path.exists() and not path.is_dir():
            raise ValueError(f"{path} is a file: give a folder or a file ending in .xlsx")
        path.mkdir(parents=True, exist_ok=True)
        for name, frame in portfolio.tables().items():
            (path / f"{name}.csv").write_bytes(table_to_csv(name, frame).encode("utf-8"))
        text = json.dumps(dict(portfolio.meta), indent=2, ensure_ascii=False, default=plain)
        (path / "meta.json").write_bytes((text + "\n").encode("utf-8"))
    return path


def read_portfolio(
    path: str | os.PathLike[str],
    *,
    decimal: str | None = None,
    dayfirst: bool | None = None,
    encoding: str | None = None,
    holidays: str | None = None,
) -> Portfolio:
    """Read a portfolio from a folder of CSV files or from an Excel workbook.

    Parameters
    ----------
    path : str or path-like
        A folder written by :func:`save_portfolio` (or by hand: one
        ``<table>.csv`` per table with a header row, ``,`` or ``;`` between
        fields, empty cells for missing values; plus ``meta.json``), or a
        ``.xlsx`` workbook with one sheet per table and a ``meta`` sheet.
        The optional tables (``describe(tables=True)``) may be left out.
    decimal : {".", ","}, optional
        The decimal mark of numbers written as text. By default it is read
        from the data: ``12,5`` is a comma decimal, ``12.5`` a dot (see
        :mod:`pmo_exercises.core.conventions`).
    dayfirst : bool, optional
        Whether dates written ``05/01/2026`` are day first (True) or month
        first (False). By default it is read from the data where a day above
        12 shows it (or comma decimals do); ISO dates need neither.
    encoding : str, optional
        The encoding of the CSV files (``"cp1252"``, ``"latin-1"``...). By
        default UTF-8, or cp1252 for a file that is not UTF-8.
    holidays : str, optional
        A country code (``"FR"``, or ``"DE-BY"`` with a region): its public
        holidays join the ``holidays`` table, over the years of the plan.

    Returns
    -------
    Portfolio
        The portfolio, with the schema's exact dtypes, validated.

    Raises
    ------
    FileNotFoundError
        If nothing exists at ``path``.
    PortfolioError
        Holding every problem found (up to 50): a missing file or sheet
        (``tasks: missing: expected tasks.csv in <folder>``), a value that cannot
        be read, or any rule of :func:`~pmo_exercises.core.validation.validate`;
        each ends with the file and line (or sheet and cell) at fault, and says
        which convention was assumed where one was.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> p = pmo.read_portfolio("export", decimal=",", dayfirst=True)  # doctest: +SKIP
    """
    return open_portfolio(
        path, decimal=decimal, dayfirst=dayfirst, encoding=encoding, holidays=holidays
    ).portfolio
