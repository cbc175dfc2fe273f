"""What the tables of a portfolio hold, as DataFrames a trainee or a PMO can read.

``describe("tasks")`` gives one table's columns, with their type, unit, allowed
values and meaning; ``describe(tables=True)`` gives the tables themselves:
which a portfolio must have, which may be empty or left out, and what an empty
one means to the analytics.
"""

from __future__ import annotations

from .schema import TABLES

__all__ = ["describe"]


def describe(table: str | None = None, *, tables: bool = False):
    """The schema of one table (or of all) as a DataFrame; with ``tables=True``, the tables.

    Parameters
    ----------
    table : str, optional
        A table name such as ``"tasks"``. All tables when omitted.
    tables : bool
        One row per table instead of one per column: what the table holds,
        its key, whether it is ``"required"`` (at least one row),
        ``"may be empty"`` or ``"optional"`` (a folder or workbook may leave
        it out: it is then read as empty), and what an empty table means.

    Returns
    -------
    pandas.DataFrame
        One row per column: ``table``, ``column``, ``type``, ``unit``,
        ``nullable``, ``allowed`` and ``meaning``. With ``tables=True``, one
        row per table: ``table``, ``meaning``, ``key``, ``rows`` and
        ``if_empty``.

    Examples
    --------
    >>> describe("dependencies")["column"].tolist()
    ['predecessor', 'successor', 'type', 'lag_days']
    >>> describe(tables=True).set_index("table").loc[["tasks", "events"], "rows"].tolist()
    ['required', 'optional']
    """
    import pandas as pd

    if table is not None and table not in TABLES:
        raise KeyError(f"no table {table!r}; the tables are {', '.join(TABLES)}")
    names = [table] if table else list(TABLES)
    if tables:
        return pd.DataFrame(
            [
                {
                    "table": name,
                    "meaning": TABLES[name].meaning,
                    "key": ", ".join(TABLES[name].key),
                    "rows": (
                        "optional"
                        if TABLES[name].optional
                        else "may be empty"
                        if TABLES[name].may_be_empty
                        else "required"
                    ),
                    "if_empty": TABLES[name].if_empty
                    or ("" if TABLES[name].may_be_empty else "Not allowed: at least one row."),
                }
                for name in names
            ]
        )
    rows = []
    for name in names:
        for c in TABLES[name].columns:
            if c.choices:
                allowed = ", ".join(c.choices)
            elif c.references:
                allowed = f"a {c.references}"
            elif c.low is not None or c.high is not None:
                lo = "" if c.low is None else f"{c.low:g}"
                hi = "" if c.high is None else f"{c.high:g}"
                allowed = f"{lo} .. {hi}".strip()
            else:
                allowed = ""
            rows.append(
                {
                    "table": name,
                    "column": c.name,
                    "type": c.kind,
                    "unit": c.unit,
                    "nullable": c.nullable,
                    "allowed": allowed,
                    "meaning": c.meaning,
                }
            )
    return pd.DataFrame(rows)
