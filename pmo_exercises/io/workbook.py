"""The portfolio as one Excel workbook: a README sheet, a sheet per table, and meta.

Used by :mod:`pmo_exercises.io.files`; openpyxl is imported only here, and only when
a workbook is read or written.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError, Problem
from ..core.portfolio import Portfolio
from ..core.schema import TABLES, Column
from .saved import drop_empty_rows, located, plain

__all__ = ["EXCEL_MAX_ROWS", "WorkbookReader", "save_workbook"]

#: The most data rows an Excel sheet holds (1,048,576 rows, less the header).
EXCEL_MAX_ROWS = 1_048_575
_NUMBER_FORMATS = {"currency": "#,##0.00", "percent": "0.0", "fraction": "0.00"}
_KIND_WORDS = {"str": "text", "int": "whole number", "float": "number", "date": "date"}


class WorkbookReader:
    """A portfolio workbook opened for reading, sheet by sheet, with rows located for errors."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook

        self.path = path
        self.rows: dict[str, np.ndarray] = {}
        self.columns: dict[str, list[str]] = {}
        try:
            self.book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            problem = " ".join(str(error).split()) or type(error).__name__
            raise PortfolioError(
                path.name, f"{path} is not a readable Excel workbook (.xlsx): {problem}"
            ) from None

    def close(self) -> None:
        """Close the workbook."""
        self.book.close()

    def _sheet_rows(self, name: str) -> tuple[list, list[tuple]]:
        if name not in self.book.sheetnames:
            raise PortfolioError(name, f"missing: expected a sheet '{name}' in {self.path}")
        rows = self.book[name].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise PortfolioError(
                name, f"the sheet is empty; it needs at least the header row (in {self.path})"
            )
        return list(header), list(rows)

    def table(self, name: str) -> pd.DataFrame:
        """The sheet ``name`` as text cells, empty rows dropped and row numbers kept."""
        from openpyxl.utils import get_column_letter

        header, rows = self._sheet_rows(name)
        while header and (header[-1] is None or str(header[-1]).strip() == ""):
            header.pop()
        width = len(header)
        for j, title in enumerate(header):
            if title is None or not str(title).strip():
                raise PortfolioError(
                    name,
                    f"column {get_column_letter(j + 1)} has no header "
                    f"(in {self.path}, sheet '{name}')",
                )
        names = [str(t).strip() for t in header]
        for i, row in enumerate(rows):
            extra = [v for v in row[width:] if v is not None and str(v).strip()]
            if extra:
                raise PortfolioError(
                    name,
                    f"a value right of the last column: {extra[0]!r} "
                    f"(in {self.path}, sheet '{name}', row {i + 2})",
                )
        cells = [tuple(row[:width]) + (None,) * (width - len(row[:width])) for row in rows]
        frame = pd.DataFrame(cells, columns=names, dtype=object)
        frame, numbers = drop_empty_rows(frame, np.arange(len(frame)) + 2)
        self.rows[name] = numbers
        self.columns[name] = names
        return frame

    def meta(self) -> dict:
        """The ``meta`` sheet's keys and values, each read as its kind says."""
        _, rows = self._sheet_rows("meta")
        meta = {}
        for i, row in enumerate(rows):
            row = tuple(row) + (None,) * 3
            key, value, kind = row[:3]
            if key is None or not str(key).strip():
                continue
            key = str(key).strip()
            try:
                meta[key] = _meta_value(value, kind)
            except (ValueError, TypeError) as error:
                raise PortfolioError(
                    "meta",
                    f"{error} (in {self.path}, sheet 'meta', row {i + 2})",
                    key=f"key '{key}'",
                ) from None
        return meta

    def has(self, name: str) -> bool:
        """Whether the workbook has a sheet ``name``."""
        return name in self.book.sheetnames

    def locate(self, problem: Problem) -> Problem:
        """The same problem, with the sheet, the Excel row and the column letter."""
        from openpyxl.utils import get_column_letter

        if problem.table == "meta" or problem.table not in self.rows:
            return problem
        where = f"{self.path}, sheet '{problem.table}'"
        numbers = self.rows.get(problem.table)
        if problem.row is not None and numbers is not None and problem.row < len(numbers):
            names = self.columns.get(problem.table, [])
            if problem.column in names:
                where += f", cell {get_column_letter(names.index(problem.column) + 1)}"
                where += f"{numbers[problem.row]}"
            else:
                where += f", row {numbers[problem.row]}"
        return located(problem, where)


def _meta_value(value, kind):
    """A meta value read from the workbook, typed by its ``type`` cell."""
    kind = "" if kind is None else str(kind).strip()
    if hasattr(value, "isoformat"):  # Excel turned a date text into a date
        value = value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    if kind == "empty":
        return None
    if kind == "text":
        return "" if value is None else str(value)
    if kind == "whole number":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return int(value)
        raise ValueError(f"{value!r} is not a whole number")
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ValueError(f"{value!r} is not a number")
    if kind == "true/false":
        if isinstance(value, bool):
            return value
        raise ValueError(f"{value!r} is not TRUE or FALSE")
    if kind == "json":
        return json.loads(value)
    if kind:
        raise ValueError(f"unknown type {kind!r}; use text, whole number, number, true/false")
    return "" if value is None else value


def _meta_cell(value) -> tuple[object, str]:
    """A meta value as a workbook cell and its ``type`` word."""
    value = plain(value) if isinstance(value, np.generic) else value
    if value is None:
        return None, "empty"
    if isinstance(value, bool):
        return value, "true/false"
    if isinstance(value, int):
        return (value if abs(value) < 10**15 else str(value)), "whole number"
    if isinstance(value, float):
        return repr(value), "number"
    if isinstance(value, str):
        return value, "text"
    return json.dumps(value, default=plain), "json"


def _schema_rows(name: str) -> list[tuple]:
    rows = []
    for column in TABLES[name].columns:
        if column.choices:
            allowed = ", ".join(column.choices)
        elif column.references:
            table, key = column.references.split(".")
            allowed = f"a {key} of sheet {table}"
        elif column.low is not None or column.high is not None:
            lo = "" if column.low is None else f"{column.low:g}"
            hi = "" if column.high is None else f"{column.high:g}"
            allowed = f"{lo} to {hi}" if lo and hi else (f">= {lo}" if lo else f"<= {hi}")
        else:
            allowed = ""
        if column.name in TABLES[name].key:
            required = "required, key"
        else:
            required = "may be empty" if column.nullable else "required"
        rows.append(
            (column.name, _KIND_WORDS[column.kind], column.unit, required, allowed, column.meaning)
        )
    return rows


def _write_readme(book, portfolio: Portfolio) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet("README")
    for letter, width in zip("ABCDEF", (26, 14, 16, 14, 34, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    bold, title = Font(bold=True), Font(bold=True, size=14)
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value, font=None, wrapped=False):
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and c.data_type == "f":
            c.data_type = "s"
        if font is not None:
            c.font = font
        if wrapped:
            c.alignment = wrap
        return c

    meta = portfolio.meta
    currency = meta.get("currency", "")
    sheet.append([cell(f"Project portfolio of {meta.get('company', '')}", title)])
    sheet.append([])
    notes = [
        "Each sheet after this one is a table of the portfolio: one row per record, the first "
        "row names the columns. The tables below explain every column.",
        "Identifiers (project_id, task_id, ...) are texts that link the tables: a task's "
        "project_id is a project_id of sheet projects.",
        "Durations, lags and schedule impacts are in working days (five per week).",
        f"Money is in {currency or 'the portfolio currency'}.",
        "Percent complete is in percent, 0 to 100. Probabilities are fractions, 0 to 1: "
        "35% is 0.35.",
        "Dates are calendar dates; a finish date is the last working day of the work.",
        "An empty cell is a missing value; only the columns marked 'may be empty' allow it.",
        "Sheet meta holds the portfolio's facts (company, currency, start date, status week, "
        "status date).",
        "The sheets of tables a PMO may not have (yet) may be emptied or removed: "
        + ", ".join(n for n, t in TABLES.items() if t.optional)
        + ". Sheet holidays lists the days off besides weekends.",
        "To edit the portfolio, change the cells and keep the column headers; "
        "pmo portfolio validate FILE.xlsx checks the result.",
    ]
    for note in notes:
        sheet.append([cell(note)])
    sheet.append([])
    sheet.append([cell("sheet", bold), cell("rows", bold), cell("what it holds", bold)])
    for name, frame in portfolio.tables().items():
        sheet.append([cell(name), len(frame), cell(TABLES[name].meaning)])
    for name in TABLES:
        sheet.append([])
        sheet.append([cell(name, title), None, cell(TABLES[name].meaning)])
        sheet.append(
            [cell(h, bold) for h in ("column", "type", "unit", "required", "allowed", "meaning")]
        )
        for row in _schema_rows(name):
            sheet.append([cell(v, wrapped=(j == 5)) for j, v in enumerate(row)])


def _width(column: Column, frame: pd.DataFrame) -> float:
    if column.kind == "date":
        return max(12, len(column.name) + 3)
    if column.kind in ("int", "float"):
        return max(10, min(18, len(column.name) + 3))
    sample = frame[column.name].iloc[:500].dropna()
    longest = int(sample.map(len).max()) if len(sample) else 0
    return max(8, min(50, max(len(column.name) + 3, longest + 2)))


def _write_table(book, name: str, frame: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    table = TABLES[name]
    if len(frame) > EXCEL_MAX_ROWS:
        raise PortfolioError(
            name,
            f"has {len(frame):,} rows, more than an Excel sheet holds ({EXCEL_MAX_ROWS:,}); "
            "save the portfolio to a folder of CSV files instead",
        )
    sheet = book.create_sheet(name)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    for j, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = _width(column, frame)
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        c = WriteOnlyCell(sheet, value=column.name)
        c.font = bold
        header.append(c)
    sheet.append(header)

    # One cell object per column, refilled row by row: openpyxl writes each row
    # as soon as it is appended.
    templates = []
    columns = []
    for column in table.columns:
        c = WriteOnlyCell(sheet)
        if column.kind == "date":
            c.number_format = "yyyy-mm-dd"
        elif column.kind == "float" and column.unit in _NUMBER_FORMATS:
            c.number_format = _NUMBER_FORMATS[column.unit]
        templates.append(c)
        series = frame[column.name]
        if column.kind == "date":
            values = [None if v is pd.NaT else v.to_pydatetime() for v in series]
        elif column.kind == "str":
            values = series.astype(object).where(series.notna(), None).tolist()
        else:
            values = series.tolist()
        columns.append(values)
    kinds = [column.kind for column in table.columns]
    for i, values in enumerate(zip(*columns, strict=True)):
        row: list[object] = []
        for j, value in enumerate(values):
            if value is None or (kinds[j] == "float" and value != value):
                row.append(None)
                continue
            c = templates[j]
            kind = kinds[j]
            if kind == "str":
                try:
                    c.value = value
                except IllegalCharacterError:
                    raise PortfolioError(
                        name,
                        f"{value!r} holds a control character that Excel cannot store; "
                        "save the portfolio to a folder of CSV files instead",
                        row=i,
                        column=table.columns[j].name,
                    ) from None
                c.data_type = "s"  # a text starting with '=' stays a text
            elif kind == "float" and (
                float(f"{value:.16g}") != value or (value == 0 and math.copysign(1, value) < 0)
            ):
                # openpyxl writes numbers with 16 digits (some doubles need 17) and -0.0 as -0
                c.value = repr(value)
                c.data_type = "n"
            elif kind == "int" and abs(value) >= 10**15:
                c.value = str(value)
                c.data_type = "n"
            else:
                c.value = value
            row.append(c)
        sheet.append(row)


def save_workbook(portfolio: Portfolio, path: Path) -> None:
    """Write ``portfolio`` as an ``.xlsx`` workbook: a sheet per table and ``meta``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    _write_readme(book, portfolio)
    for name, frame in portfolio.tables().items():
        _write_table(book, name, frame)
    sheet = book.create_sheet("meta")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 16
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in ("key", "value", "type"):
        c = WriteOnlyCell(sheet, value=title)
        c.font = bold
        header.append(c)
    sheet.append(header)
    for key, value in portfolio.meta.items():
        shown, kind = _meta_cell(value)
        c = WriteOnlyCell(sheet, value=shown)
        if isinstance(shown, str):
            c.data_type = "n" if kind == "number" or kind == "whole number" else "s"
        sheet.append([str(key), c, kind])
    path.parent.mkdir(parents=True, exist_ok=True)
    # write next to the target, then move: a failed save leaves no half-written file
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.chmod(temporary, _new_file_mode(path))  # mkstemp makes it 0600, private to its owner
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_file_mode(path: Path) -> int:
    """The mode ``path`` keeps if it exists, else the one a new file gets (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0o022)  # the umask can only be read by setting it
        os.umask(mask)
        return 0o666 & ~mask
