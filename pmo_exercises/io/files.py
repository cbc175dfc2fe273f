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
tables. Reading converts every table with
:func:`~pmo_exercises.core.validation.coerce_table`, then checks the whole portfolio
with :func:`~pmo_exercises.core.validation.validate`; any problem is a
:class:`~pmo_exercises.core.errors.PortfolioError` that names the table and says in
which file, line, sheet or cell it lies.
"""

from __future__ import annotations

import io as _io
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.canonical import table_to_csv
from ..core.errors import PortfolioError
from ..core.portfolio import Portfolio
from ..core.schema import TABLES
from ..core.validation import coerce_table, validate
from .saved import drop_empty_rows, located, plain
from .workbook import WorkbookReader, save_workbook

__all__ = ["read_portfolio", "save_portfolio"]


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


def read_portfolio(path: str | os.PathLike[str]) -> Portfolio:
    """Read a portfolio from a folder of CSV files or from an Excel workbook.

    Parameters
    ----------
    path : str or path-like
        A folder written by :func:`save_portfolio` (or by hand: one
        ``<table>.csv`` per table with a header row, dates as ``YYYY-MM-DD``,
        a dot for decimals, ``,`` or ``;`` between fields, empty cells for
        missing values; plus ``meta.json``), or a ``.xlsx`` workbook with one
        sheet per table and a ``meta`` sheet.

    Returns
    -------
    Portfolio
        The portfolio, with the schema's exact dtypes, validated.

    Raises
    ------
    FileNotFoundError
        If nothing exists at ``path``.
    PortfolioError
        For a missing file or sheet (``tasks: missing: expected tasks.csv in
        <folder>``), a value that cannot be read, or any rule of
        :func:`~pmo_exercises.core.validation.validate`; the message ends with the
        file and line (or sheet and cell) at fault.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no portfolio at {path}")
    if path.is_dir():
        reader: _FolderReader | WorkbookReader = _FolderReader(path)
    elif _is_workbook(path):
        reader = WorkbookReader(path)
    else:
        raise ValueError(f"{path} is neither a folder of CSV files nor an Excel workbook (.xlsx)")
    try:
        tables = {}
        for name in TABLES:
            raw = reader.table(name)
            try:
                tables[name] = coerce_table(name, raw)
            except PortfolioError as error:
                raise reader.locate(error) from None
        portfolio = Portfolio(**tables, meta=reader.meta())
    finally:
        reader.close()
    try:
        return validate(portfolio)
    except PortfolioError as error:
        raise reader.locate(error) from None


# -- a folder of CSV files ----------------------------------------------------------
def _read_csv_text(text: str) -> pd.DataFrame:
    """Parse CSV text to a table of strings: every value as written, empty fields missing.

    The separator is ``,``, or ``;`` when the header holds more of those (as
    Excel writes CSV in many European locales).
    """
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    frame = pd.read_csv(
        _io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        skip_blank_lines=False,
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


class _FolderReader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lines: dict[str, np.ndarray | None] = {}

    def table(self, name: str) -> pd.DataFrame:
        file = self.folder / f"{name}.csv"
        if not file.is_file():
            raise PortfolioError(name, f"missing: expected {name}.csv in {self.folder}")
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PortfolioError(
                name, f"{file} is not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'"
            ) from None
        if not text.strip():
            raise PortfolioError(name, f"{file} is empty; it needs at least the header row")
        try:
            frame = _read_csv_text(text)
        except (pd.errors.ParserError, ValueError) as error:
            problem = " ".join(str(error).split())
            raise PortfolioError(name, f"{file} is not a readable CSV file: {problem}") from None
        # line numbers are exact unless a quoted field spans lines
        simple = '"' not in text or text.rstrip("\r\n").count("\n") == len(frame)
        numbers = np.arange(len(frame)) + 2
        frame, numbers = drop_empty_rows(frame, numbers)
        self.lines[name] = numbers if simple else None
        return frame

    def close(self) -> None:
        pass

    def meta(self) -> dict:
        file = self.folder / "meta.json"
        if not file.is_file():
            raise PortfolioError("meta", f"missing: expected meta.json in {self.folder}")
        try:
            meta = json.loads(file.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise PortfolioError("meta", f"{file} is not UTF-8 text") from None
        except json.JSONDecodeError as error:
            raise PortfolioError(
                "meta", f"{file} is not valid JSON: {error.msg} at line {error.lineno}"
            ) from None
        if not isinstance(meta, dict):
            raise PortfolioError(
                "meta", f"{file} holds a JSON {type(meta).__name__}, expected an object {{...}}"
            )
        return meta

    def locate(self, error: PortfolioError) -> PortfolioError:
        if error.table == "meta":
            return located(error, str(self.folder / "meta.json"))
        where = str(self.folder / f"{error.table}.csv")
        lines = self.lines.get(error.table)
        if error.row is not None and lines is not None and error.row < len(lines):
            where += f", line {lines[error.row]}"
        return located(error, where)
