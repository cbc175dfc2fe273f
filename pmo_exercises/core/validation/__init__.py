"""Validation of portfolio data, with errors that say where and what.

Two steps, each usable on its own:

* :func:`coerce_table` turns a raw table (text read from a CSV file, loose
  values from Excel) into the exact dtypes of the schema, or says which cell
  cannot be converted;
* :func:`validate` checks a typed :class:`~pmo_exercises.core.portfolio.Portfolio`
  against every rule of :mod:`pmo_exercises.core.schema` and the rules that link the
  tables, and raises one :class:`~pmo_exercises.core.errors.PortfolioError` that
  holds every problem (up to a limit, 50 by default) in ``.problems``;
  :func:`find_problems` returns them instead;
* :func:`check_consistency` finds what a valid portfolio may still get wrong:
  two figures that should agree and do not (a project's BAC and its tasks'
  planned cost...), as :class:`~pmo_exercises.core.errors.PortfolioWarning`
  with the evidence and the figure the kit uses.

Each problem names the table, the row (its 0-based position), the row's key, the
column and what is wrong, for example::

    tasks, row 6 (task_id 'P02-T02'), column 'most_likely_days': 2 is below
    optimistic_days 3; the estimates must satisfy optimistic <= most likely <= pessimistic

The checks are vectorised: a portfolio of 10,000 tasks and 500,000 status rows
validates in a fraction of a second. Only the error path loops, to write the
message.

The modules of this package:

* :mod:`.shape`: a table's columns and dtypes, and how a row is named;
* :mod:`.meta`: the portfolio's metadata (:func:`check_meta`);
* :mod:`.checker`: one :func:`validate` call, table by table, every problem;
* :mod:`.cells`: what the schema alone says of each cell and key;
* the rules between columns and between tables, by family of tables:
  :mod:`.plan` (projects, tasks, dependencies and their cycles), :mod:`.risk`
  (risks, opportunities, events), :mod:`.status` (the status history),
  :mod:`.governance` (artefacts) and :mod:`.strategy` (objectives). A new rule
  for a table goes into its family's ``ROW_RULES`` or ``WHOLE_RULES``;
* :mod:`.consistency`: the warnings of :func:`check_consistency`.
"""

from __future__ import annotations

import pandas as pd

from ..coerce import coerce_column
from ..conventions import Conventions
from ..errors import PROBLEM_LIMIT, PortfolioError, Problem
from ..portfolio import Portfolio
from ..schema import TABLES
from .checker import Checker
from .consistency import CONSISTENCY_CHECKS, check_consistency
from .meta import check_meta, meta_problems
from .shape import check_columns, key_text, schema_of

__all__ = [
    "CONSISTENCY_CHECKS",
    "check_consistency",
    "check_meta",
    "coerce_table",
    "coerce_tables",
    "find_problems",
    "validate",
]


def coerce_table(
    name: str, frame: pd.DataFrame, conventions: Conventions | None = None
) -> pd.DataFrame:
    """Convert a raw table to the exact dtypes of its schema.

    Parameters
    ----------
    name : str
        The table's name, a key of :data:`pmo_exercises.core.schema.TABLES`.
    frame : pandas.DataFrame
        The raw table: text as read from a CSV file, or loosely typed values
        as read from Excel. It must have exactly the schema's columns, in any
        order.
    conventions : Conventions, optional
        How the text cells write numbers and dates (default: a dot for
        decimals, ISO dates; see :mod:`pmo_exercises.core.conventions`).

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
        column that needs one. Every bad cell is listed (up to 50), in row
        order then column order; the first one is the message.

    Examples
    --------
    >>> raw = pd.DataFrame({"role_id": ["DEV"], "name": ["Developer"], "headcount": ["4"],
    ...                     "capacity_days_per_week": ["18.5"], "day_rate": ["700"]})
    >>> coerce_table("roles", raw).dtypes.astype(str).tolist()[2:]
    ['int64', 'float64', 'float64']
    """
    typed, found, count = coerce_tables({name: frame}, conventions)
    if found:
        raise PortfolioError.of(found, count - len(found))
    return typed[name]


def coerce_tables(
    raw: dict[str, pd.DataFrame],
    conventions: Conventions | None = None,
    limit: int = PROBLEM_LIMIT,
) -> tuple[dict[str, pd.DataFrame], list[Problem], int]:
    """Convert raw tables to their schema's dtypes, collecting every bad cell.

    Parameters
    ----------
    raw : dict of str to pandas.DataFrame
        Raw tables by name (see :func:`coerce_table`).
    conventions : Conventions, optional
        How the text cells write numbers and dates.
    limit : int
        At most this many problems are listed.

    Returns
    -------
    tables : dict of str to pandas.DataFrame
        The tables that have the schema's columns, converted; a bad cell is
        missing (0 in a whole-number column). A table whose columns are wrong
        is left out.
    problems : list of Problem
        The bad cells and wrong columns, table by table, each in row order.
    count : int
        How many problems there were in all (``problems`` stops at ``limit``).
    """
    conventions = conventions or Conventions()
    out: dict[str, pd.DataFrame] = {}
    found: list[Problem] = []
    count = 0
    for name, frame in raw.items():
        table = schema_of(name)
        try:
            check_columns(table, frame)
        except PortfolioError as error:
            found += error.problems
            count += len(error.problems)
            continue
        columns = {}
        cells: list[tuple[int, int, str]] = []
        for j, column in enumerate(table.columns):
            done = coerce_column(column, frame[column.name], conventions)
            cells += [(row, j, reason) for row, reason in done.problems]
            count += done.count
            columns[column.name] = done.values
        for row, j, reason in sorted(cells)[: max(limit - len(found), 0)]:
            found.append(
                Problem(
                    name,
                    reason,
                    row=row,
                    key=key_text(table, frame, row, raw=True),
                    column=table.columns[j].name,
                )
            )
        out[name] = pd.DataFrame(columns)
    return out, found[:limit], count


def find_problems(
    portfolio: Portfolio, *, limit: int = PROBLEM_LIMIT, unchecked=()
) -> tuple[list[Problem], int]:
    """Every problem of a portfolio (see :func:`validate`), without raising.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio to check.
    limit : int
        At most this many problems are listed.
    unchecked : iterable of str
        Tables already known to be unreadable: they are not checked, and
        neither are the references into them.

    Returns
    -------
    problems : list of Problem
        The problems, the metadata's first, then table by table in schema
        order, each table's in row order then column order.
    count : int
        How many there were in all (``problems`` stops at ``limit``).
    """
    if not isinstance(portfolio, Portfolio):
        raise TypeError(f"validate() needs a Portfolio, got {type(portfolio).__name__}")
    checker = Checker(portfolio, unchecked=unchecked, limit=limit)
    checker.record(meta_problems(portfolio.meta))
    for table in TABLES.values():
        checker.check(table)
    return checker.found, checker.count


def validate(portfolio: Portfolio, *, limit: int = PROBLEM_LIMIT) -> Portfolio:
    """Check a portfolio against its schema and the rules that link its tables.

    The checks, table by table in the order of
    :data:`~pmo_exercises.core.schema.TABLES` after the metadata (:func:`check_meta`):

    * the columns and their dtypes, as the schema says;
    * no empty table, unless the schema allows it (``describe(tables=True)``
      says which tables may be empty: projects, tasks, dependencies and
      roles never);
    * row by row: missing values where a value is needed, empty texts, ids
      with spaces around them, allowed choices, numeric bounds (probabilities
      are fractions, percentages lie in 0..100, durations and money are >= 0),
      dates without a time of day, references to other tables, duplicate keys
      (naming both rows), and the rules between columns: ``optimistic <= most
      likely <= pessimistic``, starts before finishes, a risk's (opportunity's,
      event's) task belongs to its project, a status row's project is its
      task's project, real percent complete never decreases from one week to
      the next, ``approved_on`` is set exactly when an artefact is approved,
      and no task depends on itself;
    * over the whole table: the objectives' weights sum to 1, and the
      dependencies have no cycle (named task by task).

    A table whose columns are wrong is not read further, and the references
    into it are not checked. What is valid but inconsistent (a project's BAC
    against its tasks' cost...) is for :func:`check_consistency`.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio to check.
    limit : int
        At most this many problems are listed in the error (default 50).

    Returns
    -------
    Portfolio
        The same portfolio, unchanged, so that calls chain:
        ``validate(p).summary()``.

    Raises
    ------
    PortfolioError
        Holding every problem found (``.problems``, up to ``limit``; the rest
        are counted in ``.omitted``): the metadata's first, then table by
        table, each in row order then column order. Its message is the first.
    """
    found, count = find_problems(portfolio, limit=limit)
    if found:
        raise PortfolioError.of(found, count - len(found))
    return portfolio
