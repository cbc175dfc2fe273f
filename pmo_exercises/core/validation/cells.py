"""The checks every table gets from its schema alone: its cells, one column at a time, and its key.

Texts are missing, blank, hold a character a file cannot keep, are not one of
the choices or name an unknown row of another table; dates are missing, have
a time of day or lie outside pandas' range; numbers are missing, infinite or
out of their bounds; and a key appears twice. Each check is vectorised over the
rows (over the distinct values for texts); only the message is written per row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..coerce import show, show_number
from ..schema import Column

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, Problems

__all__ = ["check_column", "check_duplicates"]

_DATE_MIN = np.datetime64("1677-09-22")
_DATE_MAX = np.datetime64("2262-04-11")
# characters a text may not hold: control characters other than tab and line feed
# (Excel cannot store them, and a bare carriage return breaks CSV lines), lone
# surrogates (not encodable as UTF-8) and the two non-characters XML forbids.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def check_column(checker: Checker, problems: Problems, column: Column) -> None:
    """Record the problems of one column's cells, as its schema ``column`` defines them."""
    table, name = problems.table.name, column.name
    series = problems.frame[name]
    if column.kind == "str":
        codes, uniques = checker.factor(table, name)
        if not column.nullable:
            problems.add(codes < 0, name, lambda r: "missing value; this column needs a value")
        blank_u = np.fromiter((not u.strip() for u in uniques), dtype=bool, count=len(uniques))
        if blank_u.any():
            blank = (codes >= 0) & blank_u[np.maximum(codes, 0)]
            fix = (
                "write a missing value (NaN or None) instead"
                if column.nullable
                else "this column needs a value"
            )
            problems.add(blank, name, lambda r: f"{show(series.iloc[r])} is an empty text; {fix}")
        odd_u = np.fromiter(
            (_BAD_CHARACTER.search(u) is not None for u in uniques),
            dtype=bool,
            count=len(uniques),
        )
        if odd_u.any():
            odd = (codes >= 0) & odd_u[np.maximum(codes, 0)]
            problems.add(odd, name, lambda r: _odd_text(series.iloc[r]))
        if column.choices:
            wrong_u = ~np.isin(uniques, np.array(column.choices, dtype=object))
            if wrong_u.any():
                wrong = (codes >= 0) & wrong_u[np.maximum(codes, 0)]
                problems.add(wrong, name, lambda r: _not_a_choice(column, series.iloc[r]))
        if column.unit == "id":
            spaced_u = np.fromiter(
                (u != u.strip() and bool(u.strip()) for u in uniques),
                dtype=bool,
                count=len(uniques),
            )
            if spaced_u.any():
                spaced = (codes >= 0) & spaced_u[np.maximum(codes, 0)]
                problems.add(spaced, name, lambda r: _spaced_id(series.iloc[r]))
        if column.references and checker.sound(checker.target(table, name)):
            unknown = (codes >= 0) & (checker.positions(table, name) < 0)
            target, target_column = column.references.split(".")
            noun = target.removesuffix("s")
            near: dict[str, str] = {}

            def message(r: int) -> str:
                if not near:
                    near.update(_near_ids(checker.frames[target][target_column]) or {"": ""})
                value = series.iloc[r]
                text = f"unknown {noun} {show(value)}"
                close = near.get(value.strip()) if isinstance(value, str) else None
                if close is not None and close != value:
                    text += f" ({target} has {show(close)}, with spaces around the id)"
                return text

            problems.add(unknown, name, message)
        return
    values = series.to_numpy()
    if column.kind == "date":
        _check_dates(problems, column, series, values)
        return
    if column.kind == "float":
        missing = np.isnan(values)
        if not column.nullable:
            problems.add(missing, name, lambda r: "missing value; this column needs a value")
        problems.add(np.isinf(values), name, lambda r: f"{show(values[r])} is not a finite number")
    if column.low is not None:
        problems.add(values < column.low, name, lambda r: _bound_problem(column, values[r], True))
    if column.high is not None:
        problems.add(values > column.high, name, lambda r: _bound_problem(column, values[r], False))


def _check_dates(problems: Problems, column: Column, series: pd.Series, values: np.ndarray) -> None:
    name = column.name
    missing = np.isnat(values)
    if not column.nullable:
        problems.add(missing, name, lambda r: "missing date; this column needs a value")
    unit, _ = np.datetime_data(values.dtype)
    per_day = np.timedelta64(1, "D") // np.timedelta64(1, unit)  # type: ignore[call-overload]
    timed = ~missing & (values.view(np.int64) % per_day != 0)
    problems.add(
        timed,
        name,
        lambda r: (
            f"{show(series.iloc[r])} has a time of day; dates are whole days (use .dt.normalize())"
        ),
    )
    outside = ~missing & ((values < _DATE_MIN) | (values > _DATE_MAX))
    problems.add(
        outside,
        name,
        lambda r: f"{show(series.iloc[r])} is out of range: the kit handles the years 1678 to 2261",
    )


def check_duplicates(checker: Checker, problems: Problems) -> None:
    """Record the first row whose key repeats an earlier row's (the message names that row)."""
    table = problems.table
    combined = np.zeros(len(problems.frame), dtype=np.int64)
    for name in table.key:
        codes, uniques = checker.factor(table.name, name)
        combined = combined * (len(uniques) + 1) + (codes + 1)
    duplicated = pd.Series(combined).duplicated(keep="first").to_numpy()
    if len(table.key) == 1:
        what, column = table.key[0], table.key[0]
    else:
        what, column = "(" + ", ".join(table.key) + ")", None

    def message(row: int) -> str:
        earlier = int(np.flatnonzero(combined == combined[row])[0])
        return f"duplicate of row {earlier}; each {what} appears once"

    problems.add(duplicated, column, message)


# -- the messages ---------------------------------------------------------------
def _bound_problem(column: Column, value: float, too_low: bool) -> str:
    shown = show_number(value)
    if column.unit == "fraction":
        if too_low:
            return f"{shown} is negative; a probability is a fraction between 0 and 1"
        return f"{shown} is above 1; a probability is a fraction: 35% is 0.35"
    if column.unit == "percent":
        where = "negative" if too_low else "above 100"
        return f"{shown} is {where}; a percent complete lies between 0 and 100"
    if too_low and column.low == 0:
        if column.unit == "working days":
            return f"{shown} is negative; a duration is a number of working days >= 0"
        if column.unit == "currency":
            return f"{shown} is negative; an amount of money is >= 0"
        return f"{shown} is negative; {column.name} is >= 0"
    if too_low:
        return f"{shown} is below the minimum {show_number(float(column.low))}"  # type: ignore[arg-type]
    return f"{shown} is above the maximum {show_number(float(column.high))}"  # type: ignore[arg-type]


def _odd_text(value: str) -> str:
    found = _BAD_CHARACTER.search(value)
    character = found.group() if found else ""
    name = {"\r": "a carriage return (\\r)", "\x00": "a NUL character"}.get(
        character, f"the character U+{ord(character):04X}"
    )
    return (
        f"{show(value)} holds {name}, which Excel cannot store and CSV files garble; "
        "a text may hold tabs and line feeds (\\n) only"
    )


def _spaced_id(value: str) -> str:
    lead, trail = value != value.lstrip(), value != value.rstrip()
    where = "at both ends" if lead and trail else "at the start" if lead else "at the end"
    return (
        f"{show(value)} has a space {where}; ids are compared exactly, so the links and "
        f"statuses naming {show(value.strip())} do not find it (write {show(value.strip())})"
    )


def _near_ids(ids: pd.Series) -> dict[str, str]:
    """The ids that have spaces around them, by their stripped text."""
    values = [v for v in pd.unique(ids.dropna()) if isinstance(v, str) and v != v.strip()]
    return {v.strip(): v for v in values}


def _not_a_choice(column: Column, value) -> str:
    allowed = ", ".join(column.choices)
    hint = ""
    lower = value.strip().lower() if isinstance(value, str) else None
    if lower in column.choices and value not in column.choices:
        hint = f" (write '{lower}')"
    return f"{show(value)} is not one of: {allowed}{hint}"
