"""Reading a portfolio file whole: every table, every problem at once, and what was assumed.

:func:`open_portfolio` reads a folder of CSV files or a workbook in one pass:

1. every table (an optional one that is absent is read as empty), and the meta;
2. the conventions of the text cells (decimal mark, day-first dates), given or
   detected over all the tables at once (:func:`~pmo_exercises.core.conventions.detect`);
3. every table converted (:func:`~pmo_exercises.core.validation.coerce_tables`);
4. the portfolio checked (:func:`~pmo_exercises.core.validation.find_problems`),
   leaving out the tables that could not be read and the cells already reported.

All the problems of all the steps make one
:class:`~pmo_exercises.core.errors.PortfolioError`, table by table, each located
in its file and line (or sheet and cell). A first portfolio takes one run to
see everything that is wrong with it, not one run per problem.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.calendar import country_holidays
from ..core.conventions import Conventions, detect
from ..core.errors import PROBLEM_LIMIT, PortfolioError, PortfolioWarning, Problem
from ..core.portfolio import Portfolio
from ..core.schema import TABLES
from ..core.tables import empty
from ..core.validation import check_consistency, coerce_tables, find_problems
from .folder import FolderReader
from .workbook import WorkbookReader

__all__ = ["PortfolioFile", "open_portfolio"]

_ORDER = {name: i for i, name in enumerate(["meta", *TABLES])}


@dataclass
class PortfolioFile:
    """A portfolio read from a file, with what the reader assumed and how to locate a row.

    Attributes
    ----------
    path : pathlib.Path
        The folder or workbook.
    portfolio : Portfolio
        The portfolio, validated.
    conventions : Conventions
        The decimal mark and date order the text cells were read with.
    encodings : dict of str to str
        Per CSV file (table name), the encoding it was read with.
    absent : list of str
        The optional tables that were not in the file (read as empty).
    notes : list of str
        What was assumed, in words, for a reader to check.
    """

    path: Path
    portfolio: Portfolio
    conventions: Conventions
    encodings: dict[str, str] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reader: FolderReader | WorkbookReader | None = field(default=None, repr=False)

    def locate(self, problem: Problem) -> Problem:
        """The same problem (or warning), with the file and line, or sheet and cell, of its row."""
        return problem if self.reader is None else self.reader.locate(problem)

    def warnings(self) -> list[PortfolioWarning]:
        """The consistency warnings of the portfolio, each located in the file."""
        return [self.locate(w) for w in check_consistency(self.portfolio)]  # type: ignore[misc]


def _place(problem: Problem) -> tuple[int, int, int]:
    """The order of problems: by table, then row (the table's own first), then column."""
    table = TABLES.get(problem.table)
    column = (
        table.column_names.index(problem.column)
        if table is not None and problem.column in table.column_names
        else len(table.columns)
        if table is not None
        else 0
    )
    row = -1 if problem.row is None else problem.row
    return (_ORDER.get(problem.table, len(_ORDER)), row, column)


def _notes(reader, conventions: Conventions, absent: list[str], country: str | None) -> list[str]:
    notes = []
    odd = {t: e for t, e in getattr(reader, "encodings", {}).items() if e != "utf-8"}
    for encoding in sorted(set(odd.values())):
        files = ", ".join(f"{t}.csv" for t, e in odd.items() if e == encoding)
        told = " as told" if getattr(reader, "encoding", None) else " (they are not UTF-8)"
        notes.append(f"read {files} as {encoding}{told}")
    semis = [t for t, s in getattr(reader, "separators", {}).items() if s == ";"]
    if semis:
        notes.append(f"{len(semis)} files separate fields with ';'")
    if not conventions.is_default:
        how = "detected from the data" if conventions.detected else "as told"
        notes.append(f"read numbers and dates with {conventions.describe()}, {how}")
    if absent:
        notes.append(f"absent tables, read as empty: {', '.join(absent)}")
    if country:
        notes.append(f"public holidays of {country} added to the holidays table")
    return notes


def _years(tables: dict[str, pd.DataFrame], meta: dict) -> range:
    dates = [pd.Timestamp(str(meta.get("start_date") or "2000-01-03"))]
    for name in ("projects", "tasks"):
        frame = tables.get(name)
        if frame is None:
            continue
        for column in TABLES[name].columns:
            if column.kind == "date" and len(frame[column.name].dropna()):
                dates += [frame[column.name].min(), frame[column.name].max()]
    first, last = min(dates).year, max(dates).year
    return range(first, last + 4)  # forecasts run past the plan


def _with_country(holidays: pd.DataFrame, country: str, years: range) -> pd.DataFrame:
    code, _, region = country.partition("-")
    extra = country_holidays(code, years, subdivision=region or None)
    extra = extra[~extra["date"].isin(holidays["date"])]
    both = pd.concat([holidays, extra], ignore_index=True)
    return both.sort_values("date", kind="stable").reset_index(drop=True)


def open_portfolio(
    path: str | os.PathLike[str],
    *,
    decimal: str | None = None,
    dayfirst: bool | None = None,
    encoding: str | None = None,
    holidays: str | None = None,
    limit: int = PROBLEM_LIMIT,
) -> PortfolioFile:
    """Read a portfolio file whole, and say what was assumed (see :func:`read_portfolio`).

    Parameters
    ----------
    path : str or path-like
        A folder of CSV files or a ``.xlsx`` workbook.
    decimal, dayfirst, encoding, holidays
        As for :func:`~pmo_exercises.io.files.read_portfolio`.
    limit : int
        At most this many problems are listed in the error.

    Returns
    -------
    PortfolioFile
        The portfolio, the conventions and encodings used, the absent tables
        and notes on what was assumed.

    Raises
    ------
    FileNotFoundError
        If nothing exists at ``path``.
    PortfolioError
        Holding every problem of every table (see the module notes).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no portfolio at {path}")
    if decimal not in (None, ".", ","):
        raise ValueError(f"decimal must be '.' or ',', not {decimal!r}")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ValueError(
                f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)"
            ) from None
    if path.is_dir():
        reader: FolderReader | WorkbookReader = FolderReader(path, encoding)
    elif path.suffix.lower() == ".xlsx":
        reader = WorkbookReader(path)
    else:
        raise ValueError(f"{path} is neither a folder of CSV files nor an Excel workbook (.xlsx)")
    found: list[Problem] = []  # read problems: not located again
    raw: dict[str, pd.DataFrame] = {}
    unreadable: set[str] = set()
    absent: list[str] = []
    meta: dict = {}
    try:
        for name, table in TABLES.items():
            if table.optional and not reader.has(name):
                absent.append(name)
                continue
            try:
                raw[name] = reader.table(name)
            except PortfolioError as error:
                found += error.problems
                unreadable.add(name)
        try:
            meta = reader.meta()
        except PortfolioError as error:
            found += error.problems
            meta = {}
    finally:
        reader.close()
    semicolons = any(s == ";" for s in getattr(reader, "separators", {}).values())
    try:
        conventions = detect(raw, decimal=decimal, dayfirst=dayfirst, semicolons=semicolons)
    except PortfolioError as error:
        raise PortfolioError.of([*found, *(reader.locate(p) for p in error.problems)]) from None
    if decimal is not None or dayfirst is not None:
        conventions = Conventions(conventions.decimal, conventions.dayfirst, detected=False)
    typed, cell_problems, cell_count = coerce_tables(raw, conventions, limit=limit)
    unreadable |= set(raw) - set(typed)
    tables = {name: typed[name] if name in typed else empty(name) for name in TABLES}
    if holidays:
        try:
            tables["holidays"] = _with_country(tables["holidays"], holidays, _years(tables, meta))
        except PortfolioError as error:
            found += error.problems
    portfolio = Portfolio(**tables, meta=meta)
    checked, checked_count = find_problems(portfolio, limit=limit, unchecked=unreadable)
    seen = {(p.table, p.row, p.column) for p in cell_problems if p.row is not None}
    meta_unread = any(p.table == "meta" for p in found)
    before = len(checked)
    checked = [
        p
        for p in checked
        if (p.table, p.row, p.column) not in seen and not (meta_unread and p.table == "meta")
    ]
    everything = found + [reader.locate(p) for p in [*cell_problems, *checked]]
    if everything:
        everything.sort(key=_place)
        total = len(found) + cell_count + checked_count - (before - len(checked))
        listed = everything[:limit]
        raise PortfolioError.of(listed, max(total - len(listed), 0))
    return PortfolioFile(
        path=path,
        portfolio=portfolio,
        conventions=conventions,
        encodings=dict(getattr(reader, "encodings", {})),
        absent=absent,
        notes=_notes(reader, conventions, absent, holidays),
        reader=reader,
    )
