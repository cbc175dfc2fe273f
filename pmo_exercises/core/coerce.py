"""Turning raw columns (text from a CSV, loose values from Excel) into typed columns.

:func:`coerce_column` converts one column to its schema type. The common cases
are vectorised: a column that already has a numeric or datetime dtype, and a
column of text, whose *distinct* values are parsed once each (a status table
has 500,000 rows but a few thousand distinct values per column). Cells of mixed
Python types fall back to a loop over the cells, and so does the error path, so
that the message names every bad cell exactly.

One cell follows the rules of :func:`~.cells.convert_cell` (re-exported here
with :class:`~.cells.BadCell` and :func:`~.cells.show`): text, whole numbers,
numbers with the decimal mark of the :class:`~.conventions.Conventions`, and
dates. Nothing else is accepted, and a missing cell stays missing: whether it
may be missing is for the caller to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .cells import (
    BLANK,
    DATE_MAX,
    DATE_MIN,
    DEFAULT,
    MISSING,
    BadCell,
    convert_cell,
    show,
    show_number,
)
from .conventions import Conventions, number_text
from .schema import Column
from .tables import STR_DTYPE

__all__ = ["BadCell", "Coerced", "coerce_column", "convert_cell", "show", "show_number"]

_NAT = np.iinfo(np.int64).min


# -- one column ---------------------------------------------------------------
@dataclass
class Coerced:
    """A converted column and its bad cells.

    ``values`` holds every cell converted, a bad one as missing (0 in a
    whole-number column, which has no missing value); ``problems`` lists the
    first ``limit`` bad cells in row order as ``(row, reason)``, and ``count``
    counts them all (a missing value in a column that needs one is bad).
    """

    values: pd.Series
    problems: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0

    @property
    def bad_row(self) -> int | None:
        """The first bad row, or None."""
        return self.problems[0][0] if self.problems else None

    @property
    def reason(self) -> str | None:
        """Why the first bad row is bad, or None."""
        return self.problems[0][1] if self.problems else None


def _missing_reason(blank: bool) -> str:
    return (
        "empty; this column needs a value" if blank else "missing value; this column needs a value"
    )


def _finish(
    column: Column,
    data: np.ndarray,
    missing: np.ndarray,
    blank: np.ndarray,
    failed: np.ndarray | None = None,
    reason=None,
    limit: int = 50,
) -> Coerced:
    """Build the typed Series, bad cells missing, and list the bad rows.

    ``failed`` marks the cells that could not be converted and ``reason(row)``
    says why.
    """
    n = len(data)
    failed = np.zeros(n, dtype=bool) if failed is None else failed
    gaps = (missing | blank) & ~failed
    needed = gaps if (not column.nullable or column.kind == "int") else np.zeros(n, dtype=bool)
    bad = failed | needed
    rows = np.flatnonzero(bad)
    problems = [
        (r, reason(r) if failed[r] else _missing_reason(bool(blank[r])))
        for r in rows[:limit].tolist()
    ]
    holes = gaps | failed
    if column.kind == "str":
        data = data.copy() if data.dtype == object else data.astype(object)
        data[holes] = np.nan
        values = pd.Series(data, dtype=STR_DTYPE)
    elif column.kind == "int":
        data = data.astype(np.int64)
        data[holes] = 0
        values = pd.Series(data)
    elif column.kind == "float":
        data = data.astype(np.float64)
        data[holes] = np.nan
        values = pd.Series(data)
    else:
        data = data.astype(np.int64)
        data[holes] = _NAT
        values = pd.Series(data.view("datetime64[ns]"))
    return Coerced(values, problems, int(rows.size))


def _cell_by_cell(column: Column, cells: np.ndarray, conventions: Conventions) -> Coerced:
    """The slow, exact path: every cell through :func:`convert_cell`."""
    n = len(cells)
    out = np.empty(n, dtype=object if column.kind == "str" else np.float64)
    if column.kind in ("int", "date"):
        out = np.zeros(n, dtype=np.int64)
    missing = np.zeros(n, dtype=bool)
    blank = np.zeros(n, dtype=bool)
    failed = np.zeros(n, dtype=bool)
    reasons: dict[int, str] = {}
    for i, cell in enumerate(cells.tolist()):
        try:
            value = convert_cell(cell, column, conventions)
        except BadCell as bad:
            failed[i] = True
            reasons[i] = bad.reason
            continue
        if value is MISSING:
            missing[i] = True
        elif value is BLANK:
            blank[i] = True
        else:
            out[i] = value
    return _finish(column, out, missing, blank, failed, reasons.__getitem__)


def _by_distinct_values(column: Column, series: pd.Series, conventions: Conventions) -> Coerced:
    """Convert a column of text by its distinct values (each parsed once)."""
    codes, uniques = pd.factorize(series)
    uniques = np.asarray(uniques, dtype=object)
    m = len(uniques)
    converted = np.zeros(m, dtype=object if column.kind == "str" else np.float64)
    if column.kind in ("int", "date"):
        converted = np.zeros(m, dtype=np.int64)
    blank_u = np.zeros(m, dtype=bool)
    failed_u = np.zeros(m, dtype=bool)
    reasons: dict[int, str] = {}
    todo = np.arange(m)
    if column.kind == "str":
        blank_u = np.fromiter((not u.strip() for u in uniques), dtype=bool, count=m)
        converted = uniques
        todo = todo[:0]
    elif column.kind == "float" and m:
        texts = uniques
        if conventions.decimal != ".":
            texts = np.array(
                [(number_text(u, conventions.decimal) or u) for u in uniques.tolist()], dtype=object
            )
        parsed = pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce").to_numpy(
            dtype=np.float64
        )
        ok = np.isfinite(parsed)
        try:
            # pandas < 3 may parse the last digit wrong: Python's float() never does
            converted[ok] = texts[ok].astype(np.float64)
        except (ValueError, TypeError):
            ok[:] = False
        todo = np.flatnonzero(~ok)
    elif column.kind == "date" and m:
        text = pd.Series(uniques, dtype=object)
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        ok = (
            parsed.notna()
            & (parsed >= DATE_MIN)
            & (parsed <= DATE_MAX)
            & text.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").fillna(False).astype(bool)
        ).to_numpy()
        converted[ok] = parsed[ok].astype("datetime64[ns]").to_numpy().view(np.int64)
        todo = np.flatnonzero(~ok)
    # whole numbers (few distinct values) and whatever the fast parse refused
    for k in todo.tolist():
        try:
            value = convert_cell(uniques[k], column, conventions)
        except BadCell as bad:
            failed_u[k] = True
            reasons[k] = bad.reason
            continue
        if value is BLANK:
            blank_u[k] = True
        else:
            converted[k] = value
    missing = codes < 0
    safe = np.where(missing, 0, codes)
    if m == 0:
        data = np.zeros(len(codes), dtype=converted.dtype)
        return _finish(column, data, missing, np.zeros(len(codes), bool))
    blank = blank_u[safe] & ~missing
    failed = failed_u[safe] & ~missing
    return _finish(
        column, converted[safe], missing, blank, failed, lambda r: reasons[int(codes[r])]
    )


def _from_numbers(column: Column, data: np.ndarray) -> Coerced | None:
    """Convert a numpy numeric array (ints or floats); None to go cell by cell."""
    n = len(data)
    no = np.zeros(n, dtype=bool)
    if column.kind == "float":
        values = data.astype(np.float64)
        if data.dtype.kind == "u" and data.size and data.max() > 2**53:
            return None
        if not np.isfinite(values[~np.isnan(values)]).all():
            return None
        return _finish(column, values, np.isnan(values), no)
    if column.kind == "int":
        if data.dtype.kind in "iu":
            if data.dtype.kind == "u" and data.size and data.max() > np.iinfo(np.int64).max:
                return None
            return _finish(column, data.astype(np.int64), no, no)
        missing = np.isnan(data)
        present = data[~missing]
        if not (np.isfinite(present).all() and (present == np.floor(present)).all()):
            return None
        if present.size and np.abs(present).max() >= 2.0**63:
            return None
        return _finish(column, np.where(missing, 0, data).astype(np.int64), missing, no)
    return None


def coerce_column(column: Column, series: pd.Series, conventions: Conventions = DEFAULT) -> Coerced:
    """Convert one raw column to the schema type of ``column``.

    Parameters
    ----------
    column : Column
        The schema column.
    series : pandas.Series
        The raw cells.
    conventions : Conventions
        How the text cells write numbers and dates (default: dot decimals, ISO dates).

    Returns
    -------
    Coerced
        The typed values, every bad cell listed with why it is bad (a missing
        value in a column that needs one counts as bad).
    """
    dtype = series.dtype
    kind = column.kind
    if isinstance(dtype, np.dtype):
        if dtype.kind in "iuf" and kind in ("int", "float"):
            done = _from_numbers(column, series.to_numpy())
            if done is not None:
                return done
        elif dtype.kind == "M" and kind == "date":
            values = series.dt.normalize()
            ok = values.isna() | ((values >= DATE_MIN) & (values <= DATE_MAX))
            if ok.all():
                data = values.astype("datetime64[ns]").to_numpy().view(np.int64)
                no = np.zeros(len(data), dtype=bool)
                return _finish(column, data, values.isna().to_numpy(), no)
        elif dtype.kind == "O":
            inferred = pd.api.types.infer_dtype(series, skipna=True)
            if inferred == "string":
                return _by_distinct_values(column, series, conventions)
            if inferred == "empty":
                n = len(series)
                missing = np.ones(n, dtype=bool)
                return _finish(column, np.zeros(n, dtype=np.int64), missing, ~missing)
            numeric = inferred in ("integer", "floating", "mixed-integer-float")
            if numeric and kind in ("int", "float"):
                # numpy converts each Python number exactly (pandas.to_numeric loses -0.0)
                cells = series.to_numpy(dtype=object)
                missing = pd.isna(cells)
                try:
                    if kind == "float":
                        numbers = np.where(missing, np.nan, cells).astype(np.float64)
                    elif inferred == "integer" and not missing.any():
                        numbers = cells.astype(np.int64)
                    else:
                        numbers = None
                except (OverflowError, TypeError, ValueError):
                    numbers = None
                if numbers is not None:
                    done = _from_numbers(column, numbers)
                    if done is not None:
                        return done
            if inferred in ("datetime", "datetime64", "date") and kind == "date":
                try:
                    values = pd.to_datetime(series)
                except (ValueError, TypeError, OverflowError):
                    values = None
                if values is not None and isinstance(values.dtype, np.dtype):
                    return coerce_column(column, values, conventions)
    elif isinstance(dtype, pd.StringDtype):
        return _by_distinct_values(column, series, conventions)
    return _cell_by_cell(column, series.to_numpy(dtype=object), conventions)
