"""Validation of portfolio data, with errors that say where and what.

Two steps, each usable on its own:

* :func:`coerce_table` turns a raw table (text read from a CSV file, loose
  values from Excel) into the exact dtypes of the schema, or says which cell
  cannot be converted;
* :func:`validate` checks a typed :class:`~pmo_exercises.core.portfolio.Portfolio`
  against every rule of :mod:`pmo_exercises.core.schema` and the rules that link the
  tables, and raises :class:`~pmo_exercises.core.errors.PortfolioError` at the first
  problem.

Both name the table, the row (its 0-based position), the row's key, the column
and what is wrong, for example::

    tasks, row 6 (task_id 'P02-T02'), column 'most_likely_days': 2 is below
    optimistic_days 3; the estimates must satisfy optimistic <= most likely <= pessimistic

The checks are vectorised: a portfolio of 10,000 tasks and 500,000 status rows
validates in a fraction of a second. Only the error path loops, to write the
message.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ..network.passes import CycleError, topological_levels
from .coerce import coerce_column, show, show_number
from .errors import PortfolioError
from .portfolio import Portfolio
from .schema import TABLES, Column, Table

__all__ = ["check_meta", "coerce_table", "validate"]

_DATE_MIN = np.datetime64("1677-09-22")
_DATE_MAX = np.datetime64("2262-04-11")
# characters a text may not hold: control characters other than tab and line feed
# (Excel cannot store them, and a bare carriage return breaks CSV lines), lone
# surrogates (not encodable as UTF-8) and the two non-characters XML forbids
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _schema(name: str) -> Table:
    if name not in TABLES:
        raise PortfolioError(name, f"there is no such table; the tables are {', '.join(TABLES)}")
    return TABLES[name]


def _check_columns(table: Table, frame) -> None:
    """The table is a DataFrame with exactly the schema's columns (in any order)."""
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
    unknown = [c for c in names if c not in table._by_name]
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


def _key_text(table: Table, frame: pd.DataFrame, row: int, raw: bool = False) -> str | None:
    """The row's key as ``"task_id 'P03-T07'"`` or ``"week 2, task_id 'P01-T01'"``."""
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


# -- coercion ---------------------------------------------------------------
def coerce_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Convert a raw table to the exact dtypes of its schema.

    Parameters
    ----------
    name : str
        The table's name, a key of :data:`pmo_exercises.core.schema.TABLES`.
    frame : pandas.DataFrame
        The raw table: text as read from a CSV file, or loosely typed values
        as read from Excel. It must have exactly the schema's columns, in any
        order.

    Returns
    -------
    pandas.DataFrame
        A new table with the columns in schema order and a fresh 0-based index:
        text as the default pandas string dtype (missing values are NaN),
        whole numbers as ``int64``, numbers as ``float64`` and dates as
        ``datetime64[ns]`` at midnight. Empty and blank cells are missing.

    Raises
    ------
    PortfolioError
        For a missing or unknown column, a value that cannot be converted
        (``'abc' is not a number``, ``2.5 is not a whole number``,
        ``'2026-13-01' is not a date (use YYYY-MM-DD)``) or a missing value in a
        column that needs one. The first bad cell, in row order, is reported.

    Examples
    --------
    >>> raw = pd.DataFrame({"role_id": ["DEV"], "name": ["Developer"], "headcount": ["4"],
    ...                     "capacity_days_per_week": ["18.5"], "day_rate": ["700"]})
    >>> coerce_table("roles", raw).dtypes.astype(str).tolist()[2:]
    ['int64', 'float64', 'float64']
    """
    table = _schema(name)
    _check_columns(table, frame)
    columns = {}
    first: tuple[int, str, str] | None = None
    for column in table.columns:
        done = coerce_column(column, frame[column.name])
        if done.bad_row is not None and (first is None or done.bad_row < first[0]):
            first = (done.bad_row, column.name, done.reason or "bad value")
        columns[column.name] = done.values
    if first is not None:
        row, column_name, reason = first
        raise PortfolioError(
            name, reason, row=row, key=_key_text(table, frame, row, raw=True), column=column_name
        )
    return pd.DataFrame(columns)


# -- metadata -----------------------------------------------------------------
def check_meta(meta: Mapping) -> None:
    """Check a portfolio's metadata.

    ``company`` and ``currency`` are non-empty texts, ``start_date`` is an ISO
    date text (``"2026-01-05"``) that falls on a Monday and ``status_week`` is a
    whole number >= 0.

    Raises
    ------
    PortfolioError
        With table ``"meta"`` and the key at fault.
    """

    def fail(key: str, problem: str) -> PortfolioError:
        return PortfolioError("meta", problem, key=f"key '{key}'")

    if not isinstance(meta, Mapping):
        raise PortfolioError("meta", f"is a {type(meta).__name__}, expected a mapping (a dict)")
    for key in ("company", "currency", "start_date", "status_week"):
        if key not in meta:
            raise fail(
                key, "missing; a portfolio's meta has company, currency, start_date and status_week"
            )
    for key in ("company", "currency"):
        value = meta[key]
        if not isinstance(value, str):
            raise fail(key, f"{show(value)} is not a text")
        if not value.strip():
            raise fail(key, "empty; it needs a value")
    start = meta["start_date"]
    if not isinstance(start, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
        raise fail("start_date", f"{show(start)} is not an ISO date text (use 'YYYY-MM-DD')")
    try:
        day = _dt.date.fromisoformat(start)
    except ValueError:
        raise fail("start_date", f"{show(start)} is not a date (use 'YYYY-MM-DD')") from None
    if day.weekday() != 0:
        raise fail(
            "start_date",
            f"{show(start)} is a {_WEEKDAYS[day.weekday()]}; the start date is a Monday "
            "(working day 0)",
        )
    week = meta["status_week"]
    if isinstance(week, bool) or not isinstance(week, int):
        raise fail("status_week", f"{show(week)} is not a whole number (a Python int)")
    if week < 0:
        raise fail("status_week", f"{week} is negative; the status week counts from 0")


# -- validation -----------------------------------------------------------------
def validate(portfolio: Portfolio) -> Portfolio:
    """Check a portfolio against its schema and the rules that link its tables.

    The checks, table by table in the order of
    :data:`~pmo_exercises.core.schema.TABLES` after the metadata (:func:`check_meta`):

    * the columns and their dtypes, as the schema says;
    * no empty table, unless the schema allows it (projects, tasks and roles
      never);
    * row by row: missing values where a value is needed, empty texts, allowed
      choices, numeric bounds (probabilities are fractions, percentages lie in
      0..100, durations and money are >= 0), dates without a time of day,
      references to other tables, duplicate keys (naming both rows), and the
      rules between columns: ``optimistic <= most likely <= pessimistic``,
      starts before finishes, a risk's (opportunity's, event's) task belongs to
      its project, a status row's project is its task's project, real percent
      complete never decreases from one week to the next, ``approved_on`` is
      set exactly when an artefact is approved, and no task depends on itself;
    * over the whole table: the objectives' weights sum to 1, and the
      dependencies have no cycle (named task by task).

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio to check.

    Returns
    -------
    Portfolio
        The same portfolio, unchanged, so that calls chain:
        ``validate(p).summary()``.

    Raises
    ------
    PortfolioError
        At the first problem: the first table at fault, and in it the first
        row (and in that row the first column) at fault.
    """
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"validate() needs a Portfolio, got {type(portfolio).__name__}")
    check_meta(portfolio.meta)
    checker = _Checker(portfolio)
    for table in TABLES.values():
        checker.check(table)
    return portfolio


class _Problems:
    """Collects candidate problems of one table and raises the first one."""

    def __init__(self, table: Table, frame: pd.DataFrame) -> None:
        self.table = table
        self.frame = frame
        self.best: tuple | None = None
        self.seq = 0

    def add(self, bad: np.ndarray, column: str | None, message: Callable[[int], str]) -> None:
        """Record the first row of boolean mask ``bad``; ``message(row)`` explains it."""
        if not bad.any():
            return
        row = int(np.argmax(bad))
        place = self.table.column_names.index(column) if column else len(self.table.columns)
        order = (row, place, self.seq)
        self.seq += 1
        if self.best is None or order < self.best[0]:
            self.best = (order, row, column, message)

    def raise_first(self) -> None:
        if self.best is None:
            return
        _, row, column, message = self.best
        raise PortfolioError(
            self.table.name,
            message(row),
            row=row,
            key=_key_text(self.table, self.frame, row),
            column=column,
        )


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
        return f"{shown} is below the minimum {show_number(column.low)}"
    return f"{shown} is above the maximum {show_number(column.high)}"


def _dtype_problem(column: Column, series: pd.Series) -> tuple[int | None, str] | None:
    """Whether a column's dtype is the schema's; (row or None, problem) if not."""
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


class _Checker:
    """The checks of one :func:`validate` call, with what they share (factorised ids)."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.frames = portfolio.tables()
        self._factors: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._positions: dict[tuple[str, str], np.ndarray] = {}

    # shared, cached views -------------------------------------------------
    def factor(self, table: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Codes per row (-1 missing) and the distinct values of a column."""
        key = (table, column)
        if key not in self._factors:
            codes, uniques = pd.factorize(self.frames[table][column])
            self._factors[key] = (np.asarray(codes), np.asarray(uniques, dtype=object))
        return self._factors[key]

    def positions(self, table: str, column: str) -> np.ndarray:
        """Per row, the position of the referenced row (-1 when missing or unknown)."""
        key = (table, column)
        if key not in self._positions:
            target_table, target_column = TABLES[table][column].references.split(".")
            target = pd.Index(self.frames[target_table][target_column].to_numpy(dtype=object))
            codes, uniques = self.factor(table, column)
            found = target.get_indexer(uniques) if len(uniques) else np.zeros(0, np.intp)
            self._positions[key] = (
                np.where(codes >= 0, found[np.maximum(codes, 0)], -1)
                if len(found)
                else np.full(len(codes), -1)
            )
        return self._positions[key]

    # one table --------------------------------------------------------------
    def check(self, table: Table) -> None:
        frame = self.frames[table.name]
        _check_columns(table, frame)
        for column in table.columns:
            problem = _dtype_problem(column, frame[column.name])
            if problem is not None:
                row, text = problem
                key = None if row is None else _key_text(table, frame, row)
                raise PortfolioError(table.name, text, row=row, key=key, column=column.name)
        if len(frame) == 0:
            if table.may_be_empty:
                return
            raise PortfolioError(
                table.name, f"is empty; a portfolio needs at least one row here ({table.meaning})"
            )
        problems = _Problems(table, frame)
        for column in table.columns:
            self._column(problems, column)
        self._duplicates(problems)
        rules = getattr(self, f"_rows_{table.name}", None)
        if rules is not None:
            rules(problems)
        problems.raise_first()
        whole = getattr(self, f"_whole_{table.name}", None)
        if whole is not None:
            whole()

    def _column(self, problems: _Problems, column: Column) -> None:
        table, name = problems.table.name, column.name
        series = problems.frame[name]
        if column.kind == "str":
            codes, uniques = self.factor(table, name)
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
                problems.add(
                    blank, name, lambda r: f"{show(series.iloc[r])} is an empty text; {fix}"
                )
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
            if column.references:
                unknown = (codes >= 0) & (self.positions(table, name) < 0)
                noun = column.references.split(".")[0].removesuffix("s")
                problems.add(unknown, name, lambda r: f"unknown {noun} {show(series.iloc[r])}")
            return
        values = series.to_numpy()
        if column.kind == "date":
            missing = np.isnat(values)
            if not column.nullable:
                problems.add(missing, name, lambda r: "missing date; this column needs a value")
            unit, _ = np.datetime_data(values.dtype)
            per_day = np.timedelta64(1, "D") // np.timedelta64(1, unit)
            timed = ~missing & (values.view(np.int64) % per_day != 0)
            problems.add(
                timed,
                name,
                lambda r: (
                    f"{show(series.iloc[r])} has a time of day; dates are whole days "
                    "(use .dt.normalize())"
                ),
            )
            outside = ~missing & ((values < _DATE_MIN) | (values > _DATE_MAX))
            problems.add(
                outside,
                name,
                lambda r: (
                    f"{show(series.iloc[r])} is out of range: the kit handles the years "
                    "1678 to 2261"
                ),
            )
            return
        if column.kind == "float":
            missing = np.isnan(values)
            if not column.nullable:
                problems.add(missing, name, lambda r: "missing value; this column needs a value")
            problems.add(
                np.isinf(values), name, lambda r: f"{show(values[r])} is not a finite number"
            )
        if column.low is not None:
            problems.add(
                values < column.low, name, lambda r: _bound_problem(column, values[r], True)
            )
        if column.high is not None:
            problems.add(
                values > column.high, name, lambda r: _bound_problem(column, values[r], False)
            )

    def _duplicates(self, problems: _Problems) -> None:
        table = problems.table
        combined = np.zeros(len(problems.frame), dtype=np.int64)
        for name in table.key:
            codes, uniques = self.factor(table.name, name)
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

    # rules between columns, per table ------------------------------------------
    def _order(self, problems: _Problems, low: str, high: str, why: str) -> None:
        """Require ``low <= high`` row by row (missing values pass)."""
        frame = problems.frame
        lo, hi = frame[low].to_numpy(), frame[high].to_numpy()
        problems.add(
            hi < lo,
            high,
            lambda r: (
                f"{show(hi[r])} is before {low} {show(lo[r])}" + why
                if frame[high].dtype.kind == "M"
                else f"{show(hi[r])} is below {low} {show(lo[r])}" + why
            ),
        )

    def _task_in_project(self, problems: _Problems, blame: str) -> None:
        """The row's task belongs to the row's project."""
        name = problems.table.name
        task = self.positions(name, "task_id")
        project = self.positions(name, "project_id")
        owner = self.positions("tasks", "project_id")
        task_project = np.where(task >= 0, owner[np.maximum(task, 0)], -1)
        bad = (task >= 0) & (project >= 0) & (task_project != project)
        frame = problems.frame
        projects = self.frames["tasks"]["project_id"]

        def message(row: int) -> str:
            task_id, project_id = frame["task_id"].iloc[row], frame["project_id"].iloc[row]
            real = show(projects.iloc[task[row]])
            if blame == "task_id":
                return f"task {show(task_id)} belongs to project {real}, not {show(project_id)}"
            return f"{show(project_id)} is not the project of task {show(task_id)}, which is {real}"

        problems.add(bad, blame, message)

    def _rows_projects(self, problems: _Problems) -> None:
        self._order(problems, "planned_start", "planned_finish", "")

    def _rows_tasks(self, problems: _Problems) -> None:
        three_points = "; the estimates must satisfy optimistic <= most likely <= pessimistic"
        self._order(problems, "optimistic_days", "most_likely_days", three_points)
        self._order(problems, "most_likely_days", "pessimistic_days", three_points)
        self._order(problems, "baseline_start", "baseline_finish", "")

    def _rows_dependencies(self, problems: _Problems) -> None:
        pred = self.positions("dependencies", "predecessor")
        succ = self.positions("dependencies", "successor")
        ids = problems.frame["successor"]
        problems.add(
            (pred >= 0) & (pred == succ),
            "successor",
            lambda r: f"the task {show(ids.iloc[r])} depends on itself",
        )

    def _rows_risks(self, problems: _Problems) -> None:
        self._task_in_project(problems, "task_id")

    def _rows_opportunities(self, problems: _Problems) -> None:
        self._task_in_project(problems, "task_id")

    def _rows_events(self, problems: _Problems) -> None:
        self._task_in_project(problems, "task_id")

    def _rows_artefacts(self, problems: _Problems) -> None:
        frame = problems.frame
        codes, uniques = self.factor("artefacts", "state")
        approved = (
            (codes >= 0) & (uniques == "approved")[np.maximum(codes, 0)]
            if len(uniques)
            else np.zeros(len(codes), dtype=bool)
        )
        dated = frame["approved_on"].notna().to_numpy()
        problems.add(
            approved & ~dated,
            "approved_on",
            lambda r: "missing; an approved artefact has its approval date",
        )
        problems.add(
            ~approved & dated,
            "approved_on",
            lambda r: (
                f"{show(frame['approved_on'].iloc[r])} is set but the artefact is "
                f"{show(frame['state'].iloc[r])}; only an approved artefact has an approval date"
            ),
        )

    def _rows_task_status(self, problems: _Problems) -> None:
        self._task_in_project(problems, "project_id")
        frame = problems.frame
        task, _ = self.factor("task_status", "task_id")
        week = frame["week"].to_numpy()
        pct = frame["pct_complete_actual"].to_numpy()
        order = np.lexsort((week, task))
        same = task[order][1:] == task[order][:-1]
        back = same & (pct[order][1:] < pct[order][:-1])
        bad = np.zeros(len(frame), dtype=bool)
        previous = np.full(len(frame), -1, dtype=np.int64)
        bad[order[1:][back]] = True
        previous[order[1:]] = order[:-1]

        def message(row: int) -> str:
            before = int(previous[row])
            return (
                f"{show_number(pct[row])} is below {show_number(pct[before])} in week "
                f"{week[before]} (row {before}); real progress never goes back"
            )

        problems.add(bad, "pct_complete_actual", message)

    # rules over a whole table -------------------------------------------------
    def _whole_objectives(self) -> None:
        total = float(self.frames["objectives"]["weight"].sum())
        if not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=1e-9):
            raise PortfolioError(
                "objectives",
                f"the weights sum to {total:.12g}; they must sum to 1",
                column="weight",
            )

    def _whole_dependencies(self) -> None:
        pred = self.positions("dependencies", "predecessor")
        succ = self.positions("dependencies", "successor")
        ids = self.frames["tasks"]["task_id"].to_numpy(dtype=object)
        try:
            topological_levels(len(ids), pred, succ)
        except CycleError as cycle:
            path = " -> ".join(show(ids[i]) for i in cycle.cycle) or "(not located)"
            raise PortfolioError(
                "dependencies",
                f"the links form a cycle: {path}; a task cannot depend on itself, even "
                "through other tasks",
            ) from None


def _odd_text(value: str) -> str:
    character = _BAD_CHARACTER.search(value).group()
    name = {"\r": "a carriage return (\\r)", "\x00": "a NUL character"}.get(
        character, f"the character U+{ord(character):04X}"
    )
    return (
        f"{show(value)} holds {name}, which Excel cannot store and CSV files garble; "
        "a text may hold tabs and line feeds (\\n) only"
    )


def _not_a_choice(column: Column, value) -> str:
    allowed = ", ".join(column.choices)
    hint = ""
    lower = value.strip().lower() if isinstance(value, str) else None
    if lower in column.choices and value not in column.choices:
        hint = f" (write '{lower}')"
    return f"{show(value)} is not one of: {allowed}{hint}"
