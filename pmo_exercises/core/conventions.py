r"""How numbers and dates are written in raw cells: decimal marks and day-first dates.

The kit writes numbers with a dot for decimals and dates as ``YYYY-MM-DD``. A
PMO's export from a European spreadsheet often writes ``12,5`` and ``13/04/2026``
instead. :class:`Conventions` says how to read such text, and :func:`detect`
works it out from the raw tables of a portfolio where the text leaves no doubt:

* **decimals**: a value such as ``12,5`` or ``1.234,56`` can only use a comma
  for decimals, and ``12.5`` or ``1,234.56`` only a dot. ``1,234`` could be
  either (one and a quarter, or a thousand and more): alone, it is read with a
  comma when the files use ``;`` between fields, as spreadsheets do where the
  comma is the decimal mark. Both kinds in one portfolio is an error.
* **dates**: ``13/04/2026`` can only be day first, ``04/13/2026`` only month
  first. When every day is 12 or less, a portfolio with comma decimals is read
  day first (no locale writes comma decimals with month-first dates);
  otherwise the reader must say (``dayfirst=True`` or ``False``). ISO dates
  ``YYYY-MM-DD`` are always read as such.

With a comma for decimals, thousands may be grouped with dots or spaces
(``1.234,5``, ``1 234,5``, with a no-break space as French spreadsheets
write it); with a dot, they may not be grouped at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import TABLES

__all__ = ["Conventions", "day_first_parts", "detect", "number_text"]

_SPACES = " \u00a0\u202f"
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA = re.compile(r"[+-]?(?:\d+,?\d*|,\d+)")
_DOT_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?")
_SPACE_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d*)?")
_DAY_FIRST = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
)


@dataclass(frozen=True)
class Conventions:
    """How the numbers and dates of raw text cells are written.

    Parameters
    ----------
    decimal : {".", ","}
        The decimal mark.
    dayfirst : bool or None
        ``True``: dates such as ``13/04/2026`` are day first (dd/mm/yyyy);
        ``False``: month first (mm/dd/yyyy); ``None``: only ISO dates
        (``YYYY-MM-DD``), which are read whatever this says.
    detected : bool
        Whether they were worked out from the data rather than given.
    """

    decimal: str = "."
    dayfirst: bool | None = None
    detected: bool = False

    def __post_init__(self) -> None:
        if self.decimal not in (".", ","):
            raise ValueError(f"decimal must be '.' or ',', not {self.decimal!r}")
        if self.dayfirst not in (None, True, False):
            raise ValueError(f"dayfirst must be True, False or None, not {self.dayfirst!r}")

    @property
    def is_default(self) -> bool:
        """Whether these are the kit's own conventions (dot decimals, ISO dates)."""
        return self.decimal == "." and self.dayfirst is None

    def describe(self) -> str:
        """In words, for a message: ``"',' for decimals, dates dd/mm/yyyy"``."""
        dates = {
            None: "ISO dates (YYYY-MM-DD)",
            True: "dates dd/mm/yyyy",
            False: "dates mm/dd/yyyy",
        }
        return f"'{self.decimal}' for decimals, {dates[self.dayfirst]}"


def number_text(text: str, decimal: str) -> str | None:
    """``text`` as a number written the kit's way (``"1234.5"``), or None if it is not one.

    Examples
    --------
    >>> number_text("1 234,5", ","), number_text("12,5", "."), number_text("-3e-05", ".")
    ('1234.5', None, '-3e-05')
    """
    text = text.strip()
    if decimal == ".":
        return text if _PLAIN.fullmatch(text) else None
    if _DOT_GROUPED.fullmatch(text):
        text = text.replace(".", "")
    elif _SPACE_GROUPED.fullmatch(text):
        text = "".join(c for c in text if c not in _SPACES)
    if not _COMMA.fullmatch(text):
        return None
    return text.replace(",", ".")


def day_first_parts(text: str, dayfirst: bool) -> tuple[int, ...] | None:
    """``(year, month, day[, hour, minute[, second]])`` of a dd/mm/yyyy (or mm/dd) text."""
    match = _DAY_FIRST.fullmatch(text.strip())
    if not match:
        return None
    a, _, b, year, *time = match.groups()
    day, month = (int(a), int(b)) if dayfirst else (int(b), int(a))
    return (int(year), month, day, *(int(t) for t in time if t is not None))


@dataclass
class _Evidence:
    """The first cell that shows a convention: its table, row, column and text."""

    table: str
    row: int
    column: str
    text: str

    def __str__(self) -> str:
        return f"{self.table} row {self.row} column '{self.column}' has '{self.text}'"


def _texts(frame: pd.DataFrame, column: str, pattern: str):
    """The distinct text cells of a raw column that match ``pattern``, each with its first row."""
    series = frame[column]
    if not len(series):
        return
    found = re.compile(pattern)
    values = series.to_numpy(dtype=object)
    for text in pd.unique(series.dropna()).tolist():
        if isinstance(text, str) and found.search(text):
            yield text, int(np.argmax(values == text))


def _columns(raw: Mapping[str, pd.DataFrame], kinds: tuple[str, ...]):
    for name, frame in raw.items():
        if name not in TABLES:
            continue
        for column in TABLES[name].columns:
            if column.kind in kinds and column.name in frame.columns:
                yield name, frame, column.name


def _decimal_evidence(raw: Mapping[str, pd.DataFrame]):
    strong: dict[str, _Evidence] = {}
    weak_comma: _Evidence | None = None
    for name, frame, column in _columns(raw, ("float", "int")):
        # a comma anywhere, or a dot while no dot decimal has been seen yet
        pattern = "," if "." in strong else "[,.eE \u00a0\u202f]"
        for text, row in _texts(frame, column, pattern):
            t = text.strip()
            if "." in strong and "," not in t:
                continue
            evidence = _Evidence(name, row, column, text)
            if re.fullmatch(r"[+-]?\d+,\d+", t):
                if len(t.split(",")[1]) != 3:
                    strong.setdefault(",", evidence)
                elif weak_comma is None:
                    weak_comma = evidence
            elif (_DOT_GROUPED.fullmatch(t) and "," in t) or _SPACE_GROUPED.fullmatch(t):
                strong.setdefault(",", evidence)
            elif re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+\.\d*", t):
                strong.setdefault(".", evidence)
            elif _PLAIN.fullmatch(t) and "." in strong:
                continue
            elif _PLAIN.fullmatch(t):
                before, _, after = t.lstrip("+-").partition(".")
                scientific = "e" in t.lower()
                if scientific or len(after) != 3 or len(before) > 3 or before in ("", "0"):
                    strong.setdefault(".", evidence)
            if len(strong) == 2:
                return strong, weak_comma
    return strong, weak_comma


def _date_evidence(raw: Mapping[str, pd.DataFrame]):
    first: dict[str, _Evidence] = {}
    any_slash: _Evidence | None = None
    for name, frame, column in _columns(raw, ("date",)):
        for text, row in _texts(frame, column, r"^\s*\d{1,2}[/.-]"):
            match = _DAY_FIRST.fullmatch(text.strip())
            if not match:
                continue
            evidence = _Evidence(name, row, column, text)
            any_slash = any_slash or evidence
            a, b = int(match.group(1)), int(match.group(3))
            if a > 12 >= b:
                first.setdefault("day", evidence)
            elif b > 12 >= a:
                first.setdefault("month", evidence)
            if len(first) == 2:
                return first, any_slash
    return first, any_slash


def _both(text: str) -> str:
    """The two readings of an ambiguous date, in words: ``"4 March or 3 April 2026"``."""
    readings = []
    for dayfirst in (True, False):
        year, month, day = day_first_parts(text, dayfirst)[:3]  # type: ignore[index]
        readings.append(pd.Timestamp(year=year, month=month, day=day))
    a, b = readings
    return f"{a.day} {a:%B} or {b.day} {b:%B} {b.year}"


def detect(
    raw: Mapping[str, pd.DataFrame],
    decimal: str | None = None,
    dayfirst: bool | None = None,
    semicolons: bool = False,
) -> Conventions:
    """The conventions of a portfolio's raw tables: given where given, else read from the data.

    Parameters
    ----------
    raw : mapping of str to pandas.DataFrame
        The raw tables (text cells as read), by table name.
    decimal : {".", ","}, optional
        The decimal mark, if known; detected otherwise.
    dayfirst : bool, optional
        Whether dd/mm/yyyy (True) or mm/dd/yyyy (False), if known; detected
        otherwise (ISO dates need neither).
    semicolons : bool
        Whether the files separate fields with ``;``: then a lone ``1,234``
        reads as a comma decimal.

    Returns
    -------
    Conventions
        With ``detected=True`` when anything was worked out from the data.

    Raises
    ------
    PortfolioError
        When the data mixes both decimal marks or both date orders, or when
        dates such as ``05/01/2026`` could be read either way and nothing else
        in the data says which: the message names a cell and the option to pass.
    """
    from .errors import PortfolioError

    found = False
    if decimal is None:
        strong, weak = _decimal_evidence(raw)
        if len(strong) == 2:
            raise PortfolioError(
                strong[","].table,
                f"the numbers mix two decimal marks: '{strong[','].text}' has a comma for "
                f"decimals but {strong['.']} (a dot); say which the files use (decimal=',' "
                "or '.', --decimal)",
                row=strong[","].row,
                column=strong[","].column,
            )
        if strong:
            decimal = next(iter(strong))
            found = decimal == ","
        elif weak is not None and semicolons:
            decimal, found = ",", True
        else:
            decimal = "."
    if dayfirst is None:
        orders, slash = _date_evidence(raw)
        if len(orders) == 2:
            raise PortfolioError(
                orders["day"].table,
                f"the dates mix two orders: '{orders['day'].text}' is day first but "
                f"{orders['month']} (month first); say which (dayfirst=True or False, "
                "--dayfirst or --monthfirst)",
                row=orders["day"].row,
                column=orders["day"].column,
            )
        if orders:
            dayfirst, found = "day" in orders, True
        elif slash is not None:
            if decimal != ",":
                raise PortfolioError(
                    slash.table,
                    f"'{slash.text}' could be {_both(slash.text)}: no date in the files says "
                    "whether the day or the month comes first; say which (dayfirst=True for "
                    "dd/mm/yyyy or False for mm/dd/yyyy; --dayfirst or --monthfirst)",
                    row=slash.row,
                    column=slash.column,
                )
            dayfirst, found = True, True
    return Conventions(decimal=decimal, dayfirst=dayfirst, detected=found)
