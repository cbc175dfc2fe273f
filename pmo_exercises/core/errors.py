"""The one exception the kit raises for bad portfolio data."""

from __future__ import annotations

__all__ = ["PortfolioError"]


class PortfolioError(ValueError):
    """Bad portfolio data, located as precisely as it can be.

    The message always names the table, and where they are known the row (or
    id) and the column, then says what is wrong, for example::

        tasks, row 12 (task_id 'P03-T07'), column 'most_likely_days': -4 is negative;
        a duration is a number of working days >= 0

    Parameters
    ----------
    table : str
        The table at fault (``"tasks"``, ``"dependencies"``, ...).
    problem : str
        What is wrong, in plain words, with a hint at the fix where one helps.
    row : int or None
        The 0-based row position in the table, if one row is at fault.
    key : str or None
        The row's identifier (``"task_id 'P03-T07'"``), if it has one.
    column : str or None
        The column at fault.
    """

    def __init__(
        self,
        table: str,
        problem: str,
        *,
        row: int | None = None,
        key: str | None = None,
        column: str | None = None,
    ) -> None:
        self.table = table
        self.row = row
        self.key = key
        self.column = column
        self.problem = problem
        where = [table]
        if row is not None:
            where.append(f"row {row}" + (f" ({key})" if key else ""))
        elif key:
            where.append(key)
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + problem)
