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

The modules of this package:

* :mod:`.shape`: a table's columns and dtypes, and how a row is named;
* :mod:`.meta`: the portfolio's metadata (:func:`check_meta`);
* :mod:`.checker`: one :func:`validate` call, table by table, and the first
  problem of each;
* :mod:`.cells`: what the schema alone says of each cell and key;
* the rules between columns and between tables, by family of tables:
  :mod:`.plan` (projects, tasks, dependencies and their cycles), :mod:`.risk`
  (risks, opportunities, events), :mod:`.status` (the status history),
  :mod:`.governance` (artefacts) and :mod:`.strategy` (objectives). A new rule
  for a table goes into its family's ``ROW_RULES`` or ``WHOLE_RULES``.
"""

from __future__ import annotations

import pandas as pd

from ..coerce import coerce_column
from ..errors import PortfolioError
from ..portfolio import Portfolio
from ..schema import TABLES
from .checker import Checker
from .meta import check_meta
from .shape import check_columns, key_text, schema_of

__all__ = ["check_meta", "coerce_table", "validate"]


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
    table = schema_of(name)
    check_columns(table, frame)
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
            name, reason, row=row, key=key_text(table, frame, row, raw=True), column=column_name
        )
    return pd.DataFrame(columns)


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
    checker = Checker(portfolio)
    for table in TABLES.values():
        checker.check(table)
    return portfolio
