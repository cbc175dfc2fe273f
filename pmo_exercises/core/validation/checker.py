"""The checks of one :func:`~pmo_exercises.core.validation.validate` call, table by table.

A :class:`Checker` holds what the checks share: the portfolio's tables and,
computed once, each id column factorised and each reference resolved to the
position of the row it names. :meth:`Checker.check` runs the passes of one
table in order:

1. its shape (:mod:`.shape`): the columns and their dtypes, then emptiness;
2. its cells and keys (:mod:`.cells`), then the rules between its columns and
   with other tables, which each family of tables keeps in its own module
   (:mod:`.plan`, :mod:`.risk`, :mod:`.status`, :mod:`.governance`,
   :mod:`.strategy`); a :class:`Problems` collects the candidates of this
   pass and the first one, by row then column, is raised;
3. the rules over the whole table (a sum, a cycle), from the same modules.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..coerce import show
from ..errors import PortfolioError
from ..portfolio import Portfolio
from ..schema import TABLES, Table
from . import cells, governance, plan, risk, status, strategy
from .shape import check_columns, dtype_problem, key_text

__all__ = ["Checker", "Problems"]


class Problems:
    """Collects the candidate problems of one table and raises the first one.

    The first is the earliest row; in that row, the column that comes first in
    the schema (a problem of the whole row comes after every column); and for
    the same row and column, the problem found first.
    """

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
        """Raise the first problem recorded as a :class:`PortfolioError`, if there is one."""
        if self.best is None:
            return
        _, row, column, message = self.best
        raise PortfolioError(
            self.table.name,
            message(row),
            row=row,
            key=key_text(self.table, self.frame, row),
            column=column,
        )


#: Per table, the rules between its columns and with other tables.
RowRule = Callable[["Checker", Problems], None]
#: Per table, the rules over the whole table (each raises at once).
WholeRule = Callable[["Checker"], None]

_FAMILIES = (plan, risk, status, governance, strategy)
ROW_RULES: dict[str, RowRule] = {t: r for f in _FAMILIES for t, r in f.ROW_RULES.items()}
WHOLE_RULES: dict[str, WholeRule] = {t: r for f in _FAMILIES for t, r in f.WHOLE_RULES.items()}


class Checker:
    """The checks of one :func:`~pmo_exercises.core.validation.validate` call.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio checked; its tables are read, never changed.
    """

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
            target_table, target_column = str(TABLES[table][column].references).split(".")
            target = pd.Index(self.frames[target_table][target_column].to_numpy(dtype=object))
            codes, uniques = self.factor(table, column)
            found = target.get_indexer(uniques) if len(uniques) else np.zeros(0, np.intp)
            self._positions[key] = (
                np.where(codes >= 0, found[np.maximum(codes, 0)], -1)
                if len(found)
                else np.full(len(codes), -1)
            )
        return self._positions[key]

    # a rule several tables share --------------------------------------------
    def task_in_project(self, problems: Problems, blame: str) -> None:
        """The row's task belongs to the row's project; ``blame`` names the column at fault."""
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

    # one table --------------------------------------------------------------
    def check(self, table: Table) -> None:
        """Run every check of ``table``; raise :class:`PortfolioError` at the first problem."""
        frame = self.frames[table.name]
        check_columns(table, frame)
        for column in table.columns:
            problem = dtype_problem(column, frame[column.name])
            if problem is not None:
                row, text = problem
                key = None if row is None else key_text(table, frame, row)
                raise PortfolioError(table.name, text, row=row, key=key, column=column.name)
        if len(frame) == 0:
            if table.may_be_empty:
                return
            raise PortfolioError(
                table.name, f"is empty; a portfolio needs at least one row here ({table.meaning})"
            )
        problems = Problems(table, frame)
        for column in table.columns:
            cells.check_column(self, problems, column)
        cells.check_duplicates(self, problems)
        rules = ROW_RULES.get(table.name)
        if rules is not None:
            rules(self, problems)
        problems.raise_first()
        whole = WHOLE_RULES.get(table.name)
        if whole is not None:
            whole(self)
