"""One raw cell (text from a CSV, a loose value from Excel) to its schema type, and back to words.

The rules, one cell at a time, are those of :func:`convert_cell`:

* text (``str``): a Python string; an empty or blank cell is missing;
* whole numbers (``int``): an integer, an integral float (``3.0``) or its text;
  ``2.5`` is an error, never truncated; ``True`` is not a number;
* numbers (``float``): a finite number or its text, with the decimal mark of
  the :class:`~.conventions.Conventions` (a dot unless told otherwise);
* dates: a date, a naive datetime (the time of day is dropped), the text
  ``YYYY-MM-DD`` (optionally followed by a time of day) or, when the
  conventions say so, ``dd/mm/yyyy`` (or ``mm/dd/yyyy``).

Nothing else is accepted, and a missing cell stays missing: whether it may be
missing is for the caller to say. :func:`show` writes a value as a message
quotes it.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import numpy as np
import pandas as pd

from .conventions import Conventions, day_first_parts, number_text
from .schema import Column

__all__ = [
    "BLANK",
    "DATE_MAX",
    "DATE_MIN",
    "DEFAULT",
    "MISSING",
    "BadCell",
    "convert_cell",
    "is_na",
    "show",
    "show_number",
]

#: Markers returned by :func:`convert_cell` for a cell without a value.
MISSING = "missing"
BLANK = "blank"
#: The kit's own conventions: a dot for decimals, ISO dates.
DEFAULT = Conventions()
#: The range of datetime64[ns], the unit every date column of the kit uses.
DATE_MIN = pd.Timestamp("1677-09-22")
DATE_MAX = pd.Timestamp("2262-04-11")

_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DATE_RE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


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


def is_na(value) -> bool:
    """Whether a raw cell holds no value (None, NaN, NA, NaT)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return value != value
    if isinstance(value, np.datetime64):
        return bool(np.isnat(value))
    return False


# -- what the conventions add to a message ----------------------------------------
def _read_with(conventions: Conventions, what: str) -> str:
    how = "as detected" if conventions.detected else "as told"
    if what == "number":
        return f" (read with '{conventions.decimal}' for decimals, {how})"
    order = {True: "dd/mm/yyyy", False: "mm/dd/yyyy"}[bool(conventions.dayfirst)]
    return f" (read as {order}, {how})"


def _not_a_number(value, column: Column, conventions: Conventions, what: str = "a number") -> str:
    text = value.strip()
    hint = ""
    if text.endswith("%"):
        if column.unit == "fraction":
            hint = "; a probability is a fraction: 35% is 0.35"
        elif column.unit == "percent":
            hint = "; write percent as a plain number: 35 for 35%"
    elif conventions.decimal == "," and number_text(text, ".") is not None:
        hint = _read_with(conventions, "number")
    elif conventions.decimal == "." and number_text(text, ",") is not None and "," in text:
        hint = (
            " (read with '.' for decimals; if the files write a comma for decimals, "
            "say so: decimal=',' or --decimal ,)"
        )
    elif "," in text and _FLOAT_RE.fullmatch(text.replace(",", "")):
        hint = "; use a dot for decimals and no thousands separator"
    return f"{show(value)} is not {what}{hint}"


def _number(text: str, conventions: Conventions) -> str | None:
    return number_text(text, conventions.decimal)


# -- one cell -----------------------------------------------------------------
def _to_int(value, column: Column, conventions: Conventions):
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return BLANK
        plain = _number(text, conventions)
        if plain is not None and _INT_RE.fullmatch(plain):
            number = int(plain)
        elif plain is not None:
            real = float(plain)
            if not real.is_integer():
                raise BadCell(f"{show(value)} is not a whole number")
            number = int(real)
        else:
            raise BadCell(_not_a_number(value, column, conventions))
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


def _to_float(value, column: Column, conventions: Conventions):
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return BLANK
        plain = _number(text, conventions)
        if plain is None:
            raise BadCell(_not_a_number(value, column, conventions))
        number = float(plain)
    elif isinstance(value, bool | np.bool_):
        raise BadCell(f"{value} is not a number")
    elif isinstance(value, int | np.integer | float | np.floating):
        number = float(value)
    else:
        raise BadCell(f"{show(value)} is not a number")
    if not math.isfinite(number):
        raise BadCell(f"{show(value)} is not a finite number")
    return number


def _date_text(value: str, conventions: Conventions) -> pd.Timestamp:
    text = value.strip()
    match = _DATE_RE.fullmatch(text)
    parts: tuple[int, ...] | None = None
    if match:
        parts = tuple(int(g) for g in match.groups()[:6] if g is not None)
    elif conventions.dayfirst is not None:
        parts = day_first_parts(text, conventions.dayfirst)
    if parts is None:
        if conventions.dayfirst is None and day_first_parts(text, True) is not None:
            raise BadCell(
                f"{show(value)} is not a date (use YYYY-MM-DD, or say the order of "
                "dd/mm/yyyy dates: dayfirst=True, --dayfirst)"
            )
        hint = "" if conventions.dayfirst is None else _read_with(conventions, "date")
        order = {None: "", True: " or dd/mm/yyyy", False: " or mm/dd/yyyy"}[conventions.dayfirst]
        raise BadCell(f"{show(value)} is not a date (use YYYY-MM-DD{order}){hint}")
    try:
        return pd.Timestamp(_dt.datetime(*parts)).normalize()  # type: ignore[arg-type]
    except ValueError:
        if match or conventions.dayfirst is None:
            raise BadCell(f"{show(value)} is not a date (use YYYY-MM-DD)") from None
        raise BadCell(f"{show(value)} is not a date{_read_with(conventions, 'date')}") from None


def _to_date(value, column: Column, conventions: Conventions):
    if isinstance(value, str):
        if not value.strip():
            return BLANK
        stamp = _date_text(value, conventions)
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
    if not DATE_MIN <= stamp <= DATE_MAX:
        raise BadCell(f"{show(value)} is out of range: the kit handles the years 1678 to 2261")
    return stamp.as_unit("ns").value


def _to_str(value, column: Column, conventions: Conventions):
    if isinstance(value, str):
        return str(value) if value.strip() else BLANK
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    ):
        raise BadCell(f"{show(value)} is a number, not a text (in Excel, format the cell as Text)")
    raise BadCell(f"{show(value)} is not a text")


_CELL = {"str": _to_str, "int": _to_int, "float": _to_float, "date": _to_date}


def convert_cell(value, column: Column, conventions: Conventions = DEFAULT):
    """Convert one raw cell to the column's type.

    Parameters
    ----------
    value : object
        The raw cell.
    column : Column
        Its schema column.
    conventions : Conventions
        How the text writes numbers and dates (default: dot decimals, ISO dates).

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
    if is_na(value):
        return MISSING
    return _CELL[column.kind](value, column, conventions)
