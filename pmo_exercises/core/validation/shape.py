"""The shape of a table: its schema, its columns, their dtypes, and how a row is named.

These checks come first, for a raw table (:func:`~pmo_exercises.core.validation.coerce_table`)
and a typed one (:func:`~pmo_exercises.core.validation.validate`) alike: until a
table has exactly the schema's columns with the schema's dtypes, no row can be
read, let alone checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..coerce import show
from ..errors import PortfolioError
from ..schema import TABLES, Column, Table

__all__ = ["check_columns", "dtype_problem", "key_text", "schema_of"]


def schema_of(name: str) -> Table:
    """The schema of table ``name``.

    Raises
    ------
    PortfolioError
        When there is no such table (the message lists the tables).
    """
    if name not in TABLES:
        raise PortfolioError(name, f"there is no such table; the tables are {', '.join(TABLES)}")
    return TABLES[name]


def check_columns(table: Table, frame) -> None:
    """Check that ``frame`` is a DataFrame with exactly the schema's columns (in any order).

    Raises
    ------
    PortfolioError
        For something other than a DataFrame, a column that appears twice, a
        missing column or an unknown one (in that order of precedence).
    """
    if not isinstance(frame, pd.DataFrame):
        raise PortfolioError(
            table.name, f"is a {type(frame).__name__}, expected a pandas DataFrame"
        )
    names = [str(c) for c in frame.columns]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PortfolioError(table.name, "the column appears twice", column=name)
        seen.add(name)
    expected = table.column_names
    known = set(expected)
    unknown = [c for c in names if c not in known]
    for name in expected:
        if name not in seen:
            extra = f" (there is an unknown column '{unknown[0]}')" if unknown else ""
            raise PortfolioError(
                table.name,
                f"missing column{extra}; the columns are {', '.join(expected)}",
                column=name,
            )
    if unknown:
        hint = (
            " (a saved index? write the table with index=False)"
            if unknown[0].startswith("Unnamed")
            else ""
        )
        raise PortfolioError(
            table.name,
            f"unknown column{hint}; the columns are {', '.join(expected)}",
            column=unknown[0],
        )


def key_text(table: Table, frame: pd.DataFrame, row: int, raw: bool = False) -> str | None:
    """The row's key as ``"task_id 'P03-T07'"`` or ``"week 2, task_id 'P01-T01'"``.

    Parameters
    ----------
    table : Table
        The schema of ``frame``.
    frame : pandas.DataFrame
        The table.
    row : int
        The row's 0-based position.
    raw : bool
        Whether ``frame`` is raw (not yet coerced): a key that is not a text
        in the schema but is one in the data is shown stripped, unquoted.

    Returns
    -------
    str or None
        ``None`` when a key column is missing from ``frame``.
    """
    parts = []
    for name in table.key:
        if name not in frame.columns:
            return None
        value = frame[name].iloc[row]
        if raw and table[name].kind != "str" and isinstance(value, str):
            parts.append(f"{name} {value.strip()}")
        else:
            parts.append(f"{name} {show(value)}")
    return ", ".join(parts)


def dtype_problem(column: Column, series: pd.Series) -> tuple[int | None, str] | None:
    """Whether a column's dtype is the schema's.

    Returns
    -------
    tuple of (int or None, str), or None
        ``None`` when the dtype is right; otherwise the row at fault (``None``
        when the whole column is) and the problem.
    """
    dtype = series.dtype
    hint = "; convert raw data with coerce_table() or read it with read_portfolio()"
    if column.kind == "str":
        if isinstance(dtype, pd.StringDtype):
            return None
        if isinstance(dtype, np.dtype) and dtype.kind == "O":
            if pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
                return None
            for row, value in enumerate(series.tolist()):
                if not isinstance(value, str) and not pd.isna(value):
                    return row, f"{show(value)} is not a text"
        return None, f"has dtype {dtype}, expected text (str){hint}"
    if column.kind == "int":
        if dtype == np.int64:
            return None
        extra = " (missing values?)" if dtype == np.float64 else ""
        return None, f"has dtype {dtype}{extra}, expected int64 (whole numbers){hint}"
    if column.kind == "float":
        if dtype == np.float64:
            return None
        return None, f"has dtype {dtype}, expected float64 (numbers){hint}"
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return None
    if isinstance(dtype, pd.DatetimeTZDtype):
        return None, f"has dtype {dtype}; dates have no time zone (use .dt.tz_localize(None))"
    return None, f"has dtype {dtype}, expected datetime64 dates (use pandas.to_datetime){hint}"
