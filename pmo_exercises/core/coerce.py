"""Turning raw cells (text from a CSV, loose values from Excel) into typed columns.

:func:`coerce_column` converts one column to its schema type. The common cases
are vectorised: a column that already has a numeric or datetime dtype, and a
column of text, whose *distinct* values are parsed once each (a status table
has 500,000 rows but a few thousand distinct values per column). Cells of mixed
Python types fall back to a loop over the cells, and so does the error path, so
that the message names the first bad cell exactly.

The rules, one cell at a time, are those of :func:`convert_cell`:

* text (``str``): a Python string; an empty or blank cell is missing;
* whole numbers (``int``): an integer, an integral float (``3.0``) or its text;
  ``2.5`` is an error, never truncated; ``True`` is not a number;
* numbers (``float``): a finite number or its text with a dot for decimals;
* dates: a date, a naive datetime (the time of day is dropped) or the text
  ``YYYY-MM-DD`` (optionally followed by a time of day).

Nothing else is accepted, and a missing cell stays missing: whether it may be
missing is for the caller to say.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import Column
from .tables import STR_DTYPE

__all__ = ["BadCell", "coerce_column", "convert_cell", "show"]

#: Markers returned by :func:`convert_cell` for a cell without a value.
MISSING = "missing"
BLANK = "blank"

_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DATE_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
# the range of datetime64[ns], the unit every date column of the kit uses
_DATE_MIN = pd.Timestamp("1677-09-22")
_DATE_MAX = pd.Timestamp("2262-04-11")
_NAT = np.iinfo(np.int64).min


class BadCell(Exception):
    """A cell that cannot be converted; ``reason`` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


# -- showing values in messages ---------------------------------------------
def show_number(x: float) -> str:
    """A float as a reader would write it: ``35`` rather than ``35.0``."""
    x = float(x)
    if math.isnan(x):
        return "missing"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def show(value) -> str:
    """A cell's value as it should appear in an error message."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "missing"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return "'" + text + "'" if text.isprintable() else repr(text)
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return show_number(float(value))
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return "missing"
        value = pd.Timestamp(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None and (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return repr(value)


def _is_na(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return value != value
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


# -- one cell -----------------------------------------------------------------
def _not_a_number(value, column: Column, what: str = "a number") -> str:
    text = value.strip()
    hint = ""
    if text.endswith("%"):
        if column.unit == "fraction":
            hint = "; a probability is a fraction: 35% is 0.35"
        elif column.unit == "percent":
            hint = "; write percent as a plain number: 35 for 35%"
    elif "," in text and _FLOAT_RE.fullmatch(text.replace(",", "")):
        hint = "; use a dot for decimals and no thousands separator"
    return f"{show(value)} is not {what}{hint}"


def _to_int(value, column: Column):
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return BLANK
        if _INT_RE.fullmatch(text):
            number = int(text)
        elif _FLOAT_RE.fullmatch(text):
            real = float(text)
            if not real.is_integer():
                raise BadCell(f"{show(value)} is not a whole number")
            number = int(real)
        else:
            raise BadCell(_not_a_number(value, column))
    elif isinstance(value, bool | np.bool_):
        raise BadCell(f"{value} is not a number")
    elif isinstance(value, int | np.integer):
        number = int(value)
    elif isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise BadCell(f"{show(value)} is not a finite number")
        if not float(value).is_integer():
            raise BadCell(f"{show(value)} is not a whole number")
        number = int(value)
    else:
        raise BadCell(f"{show(value)} is not a number")
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise BadCell(f"{show(value)} is too large for a whole-number column")
    return number


def _to_float(value, column: Column):
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return BLANK
        if not _FLOAT_RE.fullmatch(text):
            raise BadCell(_not_a_number(value, column))
        number = float(text)
    elif isinstance(value, bool | np.bool_):
        raise BadCell(f"{value} is not a number")
    elif isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
    else:
        raise BadCell(f"{show(value)} is not a number")
    if not math.isfinite(number):
        raise BadCell(f"{show(value)} is not a finite number")
    return number


def _to_date(value, column: Column):
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return BLANK
        match = _DATE_RE.fullmatch(text)
        if not match:
            raise BadCell(f"{show(value)} is not a date (use YYYY-MM-DD)")
        try:
            parts = [int(g) for g in match.groups()[:6] if g is not None]
            stamp = pd.Timestamp(_dt.datetime(*parts)).normalize()  # type: ignore[arg-type]
        except ValueError:
            raise BadCell(f"{show(value)} is not a date (use YYYY-MM-DD)") from None
    elif isinstance(value, _dt.datetime | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            raise BadCell(f"{show(value)} has a time zone; use a plain date")
        stamp = stamp.normalize()
    elif isinstance(value, _dt.date):
        stamp = pd.Timestamp(value)
    elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    ):
        raise BadCell(
            f"{show(value)} is not a date (use YYYY-MM-DD; in Excel, format the cell as a date)"
        )
    else:
        raise BadCell(f"{show(value)} is not a date (use YYYY-MM-DD)")
    if not _DATE_MIN <= stamp <= _DATE_MAX:
        raise BadCell(f"{show(value)} is out of range: the kit handles the years 1678 to 2261")
    return stamp.as_unit("ns").value


def _to_str(value, column: Column):
    if isinstance(value, str):
        return str(value) if value.strip() else BLANK
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    ):
        raise BadCell(f"{show(value)} is a number, not a text (in Excel, format the cell as Text)")
    raise BadCell(f"{show(value)} is not a text")


_CELL = {"str": _to_str, "int": _to_int, "float": _to_float, "date": _to_date}


def convert_cell(value, column: Column):
    """Convert one raw cell to the column's type.

    Returns
    -------
    object
        A ``str``, an ``int``, a ``float``, a date as ``datetime64[ns]``
        nanoseconds (an ``int``), or :data:`MISSING` / :data:`BLANK`.

    Raises
    ------
    BadCell
        If the value cannot be converted.
    """
    if _is_na(value):
        return MISSING
    return _CELL[column.kind](value, column)


# -- one column ---------------------------------------------------------------
@dataclass
class Coerced:
    """A converted column and, when there is one, its first bad cell."""

    values: pd.Series
    bad_row: int | None = None
    reason: str | None = None


def _missing_reason(blank: bool) -> str:
    return (
        "empty; this column needs a value" if blank else "missing value; this column needs a value"
    )


def _finish(
    column: Column,
    data: np.ndarray,
    missing: np.ndarray,
    blank: np.ndarray,
    bad_row: int | None,
    reason: str | None,
) -> Coerced:
    """Build the typed Series and pick the first bad row (conversion or missing)."""
    if not column.nullable or column.kind == "int":  # int64 has no missing value
        gaps = np.flatnonzero(missing | blank)
        if gaps.size and (bad_row is None or gaps[0] < bad_row):
            bad_row = int(gaps[0])
            reason = _missing_reason(bool(blank[bad_row]))
    if bad_row is not None:
        return Coerced(pd.Series([], dtype=object), bad_row, reason)
    gaps = missing | blank
    if column.kind == "str":
        data = data.copy() if data.dtype == object else data.astype(object)
        data[gaps] = np.nan
        return Coerced(pd.Series(data, dtype=STR_DTYPE))
    if column.kind == "int":
        return Coerced(pd.Series(data.astype(np.int64, copy=False)))
    if column.kind == "float":
        data = data.astype(np.float64)
        data[gaps] = np.nan
        return Coerced(pd.Series(data))
    data = data.astype(np.int64)
    data[gaps] = _NAT
    return Coerced(pd.Series(data.view("datetime64[ns]")))


def _cell_by_cell(column: Column, cells: np.ndarray) -> Coerced:
    """The slow, exact path: every cell through :func:`convert_cell`."""
    n = len(cells)
    out = np.empty(n, dtype=object if column.kind == "str" else np.float64)
    if column.kind in ("int", "date"):
        out = np.zeros(n, dtype=np.int64)
    missing = np.zeros(n, dtype=bool)
    blank = np.zeros(n, dtype=bool)
    for i, cell in enumerate(cells.tolist()):
        try:
            value = convert_cell(cell, column)
        except BadCell as bad:
            missing[i + 1 :] = False
            blank[i + 1 :] = False
            return _finish(column, out, missing, blank, i, bad.reason)
        if value is MISSING:
            missing[i] = True
        elif value is BLANK:
            blank[i] = True
        else:
            out[i] = value
    return _finish(column, out, missing, blank, None, None)


def _by_distinct_values(column: Column, series: pd.Series) -> Coerced:
    """Convert a column of text by its distinct values (each parsed once)."""
    codes, uniques = pd.factorize(series)
    uniques = np.asarray(uniques, dtype=object)
    m = len(uniques)
    converted = np.zeros(m, dtype=object if column.kind == "str" else np.float64)
    if column.kind in ("int", "date"):
        converted = np.zeros(m, dtype=np.int64)
    blank_u = np.zeros(m, dtype=bool)
    failed = np.zeros(m, dtype=bool)
    reasons: dict[int, str] = {}
    todo = np.arange(m)
    if column.kind == "str":
        blank_u = np.fromiter((not u.strip() for u in uniques), dtype=bool, count=m)
        converted = uniques
        todo = todo[:0]
    elif column.kind == "float" and m:
        parsed = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").to_numpy(
            dtype=np.float64
        )
        ok = np.isfinite(parsed)
        try:
            # pandas < 3 may parse the last digit wrong: Python's float() never does
            converted[ok] = uniques[ok].astype(np.float64)
        except (ValueError, TypeError):
            ok[:] = False
        todo = np.flatnonzero(~ok)
    elif column.kind == "date" and m:
        text = pd.Series(uniques, dtype=object)
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        ok = (
            parsed.notna()
            & (parsed >= _DATE_MIN)
            & (parsed <= _DATE_MAX)
            & text.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").fillna(False).astype(bool)
        ).to_numpy()
        converted[ok] = parsed[ok].astype("datetime64[ns]").to_numpy().view(np.int64)
        todo = np.flatnonzero(~ok)
    # whole numbers (few distinct values) and whatever the fast parse refused
    for k in todo.tolist():
        try:
            value = convert_cell(uniques[k], column)
        except BadCell as bad:
            failed[k] = True
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
        return _finish(column, data, missing, np.zeros(len(codes), bool), None, None)
    blank = blank_u[safe] & ~missing
    bad_row = reason = None
    if failed.any():
        bad_rows = failed[safe] & ~missing
        bad_row = int(np.argmax(bad_rows))
        reason = reasons[int(codes[bad_row])]
    return _finish(column, converted[safe], missing, blank, bad_row, reason)


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
        return _finish(column, values, np.isnan(values), no, None, None)
    if column.kind == "int":
        if data.dtype.kind in "iu":
            if data.dtype.kind == "u" and data.size and data.max() > _INT64_MAX:
                return None
            return _finish(column, data.astype(np.int64), no, no, None, None)
        missing = np.isnan(data)
        present = data[~missing]
        if not (np.isfinite(present).all() and (present == np.floor(present)).all()):
            return None
        if present.size and np.abs(present).max() >= 2.0**63:
            return None
        return _finish(column, np.where(missing, 0, data).astype(np.int64), missing, no, None, None)
    return None


def coerce_column(column: Column, series: pd.Series) -> Coerced:
    """Convert one raw column to the schema type of ``column``.

    Returns
    -------
    Coerced
        The typed values, or the position of the first bad cell and why it is bad
        (a missing value in a column that needs one counts as bad).
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
            ok = values.isna() | ((values >= _DATE_MIN) & (values <= _DATE_MAX))
            if ok.all():
                data = values.astype("datetime64[ns]").to_numpy().view(np.int64)
                no = np.zeros(len(data), dtype=bool)
                return _finish(column, data, values.isna().to_numpy(), no, None, None)
        elif dtype.kind == "O":
            inferred = pd.api.types.infer_dtype(series, skipna=True)
            if inferred == "string":
                return _by_distinct_values(column, series)
            if inferred == "empty":
                n = len(series)
                missing = np.ones(n, dtype=bool)
                return _finish(column, np.zeros(n, dtype=np.int64), missing, ~missing, None, None)
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
                    return coerce_column(column, values)
    elif isinstance(dtype, pd.StringDtype):
        return _by_distinct_values(column, series)
    return _cell_by_cell(column, series.to_numpy(dtype=object))
