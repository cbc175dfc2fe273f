"""The one exception the kit raises for bad portfolio data, and the problems it holds.

A :class:`Problem` is one thing wrong with a portfolio, located as precisely as
it can be (table, row, key, column, and the file line or sheet cell it was read
from). A :class:`PortfolioError` holds every problem found at once, up to a
limit: the first one is its message, the others are in ``.problems`` (and shown
as notes under a traceback). A :class:`PortfolioWarning` is a problem that does
not stop the analytics but makes two figures disagree: it carries the evidence
and says which figure the kit uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["PROBLEM_LIMIT", "PortfolioError", "PortfolioWarning", "Problem", "format_problems"]

#: How many problems an error lists at most; the others are counted in ``omitted``.
PROBLEM_LIMIT = 50


@dataclass(frozen=True)
class Problem:
    """One problem of a portfolio, located.

    Parameters
    ----------
    table : str
        The table at fault (``"tasks"``, ``"meta"``...).
    problem : str
        What is wrong, in plain words, with a hint at the fix where one helps.
    row : int or None
        The 0-based row position in the table, if one row is at fault.
    key : str or None
        The row's identifier (``"task_id 'P03-T07'"``), or a meta key.
    column : str or None
        The column at fault.
    where : str or None
        Where it was read: ``"tasks.csv, line 4"``, ``"p.xlsx, sheet 'tasks', cell F4"``.
    """

    table: str
    problem: str
    row: int | None = None
    key: str | None = None
    column: str | None = None
    where: str | None = None

    @property
    def place(self) -> str:
        """Table, row (and key) and column, as a message names them."""
        parts = [self.table]
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" ({self.key})" if self.key else ""))
        elif self.key:
            parts.append(self.key)
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    @property
    def text(self) -> str:
        """The problem and where it was read, without the table and row."""
        return self.problem + (f" (in {self.where})" if self.where else "")

    def __str__(self) -> str:
        return f"{self.place}: {self.text}"


@dataclass(frozen=True)
class PortfolioWarning(Problem):
    """A consistency problem: the portfolio is valid, but two of its figures disagree.

    Parameters
    ----------
    check : str
        Which consistency check found it (``"bac_vs_tasks"``...); see
        :data:`pmo_exercises.core.validation.CONSISTENCY_CHECKS`.
    subject : str or None
        The project (or task) concerned.
    figures : tuple of (str, float)
        The figures that disagree, each with the name of its source, e.g.
        ``(("projects.bac", 100000.0), ("sum of tasks.planned_cost", 110000.0))``.
    used : str
        Which figure the kit's analytics use, and where the other one shows.
    """

    check: str = ""
    subject: str | None = None
    figures: tuple[tuple[str, float], ...] = field(default=())
    used: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.text}" + (f"; {self.used}" if self.used else "")


class PortfolioError(ValueError):
    """Bad portfolio data, located as precisely as it can be, every problem at once.

    The message names the first problem: the table, and where they are known the
    row (or id) and the column, then says what is wrong, for example::

        tasks, row 12 (task_id 'P03-T07'), column 'most_likely_days': -4 is negative;
        a duration is a number of working days >= 0

    and, when there are more, says how many: all of them are in ``problems``
    (and are shown as notes under a traceback).

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
    where : str or None
        Where it was read (a file and line, a sheet and cell).

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found (at most :data:`PROBLEM_LIMIT`), the first one
        first; ``table``, ``row``, ``key``, ``column`` and ``problem`` are
        the first one's.
    omitted : int
        Problems found beyond the limit, not listed.
    """

    def __init__(
        self,
        table: str,
        problem: str,
        *,
        row: int | None = None,
        key: str | None = None,
        column: str | None = None,
        where: str | None = None,
    ) -> None:
        first = Problem(table, problem, row=row, key=key, column=column, where=where)
        self._set((first,), 0)

    def _set(self, problems: tuple[Problem, ...], omitted: int) -> None:
        first = problems[0]
        self.table = first.table
        self.row = first.row
        self.key = first.key
        self.column = first.column
        self.where = first.where
        self.problem = first.text
        self.problems = problems
        self.omitted = omitted
        others = len(problems) - 1 + omitted
        message = str(Problem(first.table, first.problem, first.row, first.key, first.column))
        message += f" (in {first.where})" if first.where else ""
        if others:
            message += f" (and {others} more problem{'s' if others > 1 else ''}: see .problems)"
        self.args = (message,)
        self.__notes__ = [f"  {p}" for p in problems[1:]] + (
            [f"  ... and {omitted} more"] if omitted else []
        )

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):
        # pickled (by multiprocessing) as its problems, not as its message
        return (_restore, (type(self), self.problems, self.omitted))

    @classmethod
    def of(cls, problems: Iterable[Problem], omitted: int = 0) -> PortfolioError:
        """One error holding ``problems`` (at least one), the first one as its message."""
        found = tuple(problems)
        if not found:
            raise ValueError("PortfolioError.of() needs at least one problem")
        error = cls(found[0].table, found[0].problem)
        error._set(found, omitted)
        return error

    def report(self) -> str:
        """Every problem, grouped by table, one per line (see :func:`format_problems`)."""
        return format_problems(self.problems, self.omitted)


def _restore(cls, problems, omitted):
    return cls.of(problems, omitted)


def format_problems(
    problems: Sequence[Problem], omitted: int = 0, indent: str = "  ", repeats: int = 3
) -> str:
    """Problems grouped by table, in the order found: a heading per table, a line per problem.

    Within a table, a problem that repeats in many rows (one id mistyped, named by
    every status row) is listed ``repeats`` times, then summed up in one line.

    Examples
    --------
    >>> print(format_problems([Problem("tasks", "'ten' is not a number", row=2,
    ...                                key="task_id 'T3'", column="most_likely_days",
    ...                                where="tasks.csv, line 4"),
    ...                        Problem("meta", "missing", key="key 'currency'")]))
    tasks (1 problem):
      row 2 (task_id 'T3'), column 'most_likely_days': 'ten' is not a number (in tasks.csv, line 4)
    meta (1 problem):
      key 'currency': missing
    """
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.table, []).append(p)
    lines = []
    for table, found in groups.items():
        lines.append(f"{table} ({len(found)} problem{'s' if len(found) > 1 else ''}):")
        same: dict[tuple, list[Problem]] = {}
        for p in found:
            same.setdefault((p.column, p.problem), []).append(p)
        for p in found:
            alike = same[(p.column, p.problem)]
            at = alike.index(p)
            if at < repeats or len(alike) == repeats + 1:
                place = p.place[len(table) :].lstrip(", ")
                text = str(p)[len(p.place) + 2 :]
                lines.append(f"{indent}{place}: {text}" if place else f"{indent}{text}")
            elif at == repeats:
                rows = ", ".join(str(q.row) for q in alike[repeats:])
                lines.append(f"{indent}... and {len(alike) - repeats} more rows alike ({rows})")
    if omitted:
        lines.append(f"... and {omitted} more problem{'s' if omitted > 1 else ''} not listed")
    return "\n".join(lines)
