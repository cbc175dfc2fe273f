"""Checks on the tables a chart is given, with the kit's precise errors."""

from __future__ import annotations

from ..core.errors import PortfolioError

__all__ = ["require_columns"]


def require_columns(table, name: str, columns, producer: str) -> None:
    """Raise a PortfolioError naming the first of ``columns`` that ``table`` lacks.

    Parameters
    ----------
    table : pandas.DataFrame
        The chart's input.
    name : str
        What the chart calls it (``"schedule"``, ``"history"``...).
    columns : iterable of str
        The columns the chart needs.
    producer : str
        The analytics function that makes such a table, named in the hint.
    """
    for column in columns:
        if column not in table.columns:
            raise PortfolioError(
                name,
                f"missing column '{column}'; pass the table that {producer} returns",
                column=column,
            )
