"""The checks of one :func:`~pmo_exercises.core.validation.validate` call, table by table.

A :class:`Checker` holds what the checks share: the portfolio's tables and,
computed once, each id column factorised and each reference resolved to the
position of the row it names. :meth:`Checker.check` runs the passes of one
table in order and records every problem it finds:

1. its shape (:mod:`.shape`): the columns and their dtypes, then emptiness;
   a table whose shape is wrong is not read further, and no other table's
   references into it are checked (they would all fail for the same reason);
2. its cells and keys (:mod:`.cells`), then the rules between its columns and
   with other tables, which each family of tables keeps in its own module
   (:mod:`.plan`, :mod:`.risk`, :mod:`.status`, :mod:`.governance`,
   :mod:`.strategy`); a :class:`Problems` collects them, by row then column;
3. the rules over the whole table (a sum, a cycle), from the same modules,
   when its rows are sound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from ..coerce import show
from ..errors import PortfolioError, Problem
from ..portfolio import Portfolio
from ..schema import TABLES, Table
from . import cells, governance, plan, risk, status, strategy
from .shape import check_columns, dtype_problem, key_text

__all__ = ["Checker", "Problems"]


class Problems:
    """Collects the problems of one table's rows, in order of row, then column.

    In one row, the column that comes first in the schema comes first (a
    problem of the whole row comes after every column); for the same row and
    column, the problem found first. Each :meth:`add` keeps at most ``limit``
    rows (the messages are written only for those) and counts the others.
    """

    def __init__(self, table: Table, frame: pd.DataFrame, limit: int = 50) -> None:
        self.table = table
        self.frame = frame
        self.limit = limit
        self.found: list[tuple[tuple[int, int, int], str | None, Callable[[int], str]]] = []
        self.count = 0
        self.seq = 0

    def add(self, bad: np.ndarray, column: str | None, message: Callable[[int], str]) -> None:
        """Record the rows of boolean mask ``bad``; ``message(row)`` explains one."""
        rows = np.flatnonzero(bad)
        if not rows.size:
            return
        place = self.table.column_names.index(column) if column else len(self.table.columns)
        self.count += int(rows.size)
        for row in rows[: self.limit].tolist():
            self.found.append(((row, place, self.seq), column, message))
        self.seq += 1

    def problems(self, limit: int | None = None) -> list[Problem]:
        """The first ``limit`` problems recorded (all by default), as :class:`Problem`."""
        chosen = sorted(self.found, key=lambda item: item[0])[:limit]
        return [
            Problem(
                self.table.name,
                message(order[0]),
                row=order[0],
                key=key_text(self.table, self.frame, order[0]),
                column=column,
            )
            for order, column, message in chosen
        ]


#: Per table, the rules between its columns and with other tables.
RowRule = Callable[["Checker", Problems], None]
#: Per table, the rules over the whole table (each raises a PortfolioError).
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
    unchecked : iterable of str
        Tables known to be unreadable (a missing file, a wrong header): they
        are not checked, and neither are the references into them.
    limit : int
        At most this many problems are listed; the others are counted.
    """

    def __init__(self, portfolio: Portfolio, unchecked: Iterable[str] = (), limit: int = 50):
        self.frames = portfolio.tables()
        self.broken: set[str] = set(unchecked)
        self.limit = limit
        self.found: list[Problem] = []
        self.count = 0
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

    def target(self, table: str, column: str) -> str:
        """The table that ``table.column`` references."""
        return str(TABLES[table][column].references).split(".")[0]

    def sound(self, table: str) -> bool:
        """Whether ``table`` could be read: its columns and dtypes are the schema's."""
        return table not in self.broken

    def positions(self, table: str, column: str) -> np.ndarray:
        """Per row, the position of the referenced row (-1 when missing or unknown).

        An id that appears twice in the referenced table names its first row
        (the duplicate is a problem of that table).
        """
        key = (table, column)
        if key not in self._positions:
            target_table, target_column = str(TABLES[table][column].references).split(".")
            codes, uniques = self.factor(table, column)
            if not self.sound(target_table):
                self._positions[key] = np.full(len(codes), -1)
                return self._positions[key]
            ids = self.frames[target_table][target_column].to_numpy(dtype=object)
            first = ~pd.Series(ids).duplicated().to_numpy()
            rows = np.flatnonzero(first)
            target = pd.Index(ids[first])
            found = target.get_indexer(uniques) if len(uniques) else np.zeros(0, np.intp)
            found = np.where(found >= 0, rows[np.maximum(found, 0)] if rows.size else -1, -1)
            self._positions[key] = (
                np.where(codes >= 0, found[np.maximum(codes, 0)], -1)
                if len(found)
                else np.full(len(codes), -1)
            )
        return self._positions[key]

    # a rule several tables share --------------------------------------------
    def task_in_project(self, problems: Problems, blame: str) -> None:
        """The row's task belongs to the row's project; ``blame`` names the column at fault."""
        if not (self.sound("tasks") and self.sound("projects")):
            return
        name = problems.table.name
        task = self.positions(name, "task_id")
        project = self.positions(name, "project_id")
        owner = self.positions("tasks", "project_id")
        if not len(owner):
            return
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

    # recording ----------------------------------------------------------------
    def record(self, found: Iterable[Problem], count: int | None = None) -> None:
        """Keep ``found`` (up to the limit); ``count`` is how many there were in all."""
        found = list(found)
        room = max(self.limit - len(self.found), 0)
        self.found.extend(found[:room])
        self.count += len(found) if count is None else count

    def error(self) -> PortfolioError | None:
        """One error holding every problem recorded, or None."""
        if not self.found:
            return None
        return PortfolioError.of(self.found, self.count - len(self.found))

    # one table --------------------------------------------------------------
    def check(self, table: Table) -> None:
        """Run every check of ``table``, recording its problems."""
        if not self.sound(table.name):
            return
        frame = self.frames[table.name]
        try:
            check_columns(table, frame)
        except PortfolioError as error:
            self.broken.add(table.name)
            self.record(error.problems)
            return
        wrong = []
        for column in table.columns:
            problem = dtype_problem(column, frame[column.name])
            if problem is not None:
                row, text = problem
                key = None if row is None else key_text(table, frame, row)
                wrong.append(Problem(table.name, text, row=row, key=key, column=column.name))
        if wrong:
            self.broken.add(table.name)
            self.record(wrong)
            return
        if len(frame) == 0:
            if not table.may_be_empty:
                self.broken.add(table.name)  # every reference into it would fail alike
                self.record(
                    [
                        Problem(
                            table.name,
                            f"is empty; a portfolio needs at least one row here ({table.meaning})",
                        )
                    ]
                )
            return
        problems = Problems(table, frame, self.limit)
        for column in table.columns:
            cells.check_column(self, problems, column)
        cells.check_duplicates(self, problems)
        rules = ROW_RULES.get(table.name)
        if rules is not None:
            rules(self, problems)
        if problems.found:
            self.record(problems.problems(self.limit), problems.count)
            return
        whole = WHOLE_RULES.get(table.name)
        if whole is not None:
            try:
                whole(self)
            except PortfolioError as error:
                self.record(error.problems)
