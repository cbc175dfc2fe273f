"""The rules of the plan tables: projects, tasks and the network of their dependencies.

Dates and estimates come in order (a start before its finish, ``optimistic <=
most likely <= pessimistic``), no task depends on itself, and the dependencies
have no cycle, named task by task.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...network.passes import CycleError, topological_levels
from ..coerce import show
from ..errors import PortfolioError

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, Problems

__all__ = ["ROW_RULES", "WHOLE_RULES", "order"]

_THREE_POINTS = "; the estimates must satisfy optimistic <= most likely <= pessimistic"


def order(problems: Problems, low: str, high: str, why: str) -> None:
    """Require ``low <= high`` row by row (missing values pass); ``why`` ends the message."""
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


def _projects(checker: Checker, problems: Problems) -> None:
    order(problems, "planned_start", "planned_finish", "")


def _tasks(checker: Checker, problems: Problems) -> None:
    order(problems, "optimistic_days", "most_likely_days", _THREE_POINTS)
    order(problems, "most_likely_days", "pessimistic_days", _THREE_POINTS)
    order(problems, "baseline_start", "baseline_finish", "")


def _dependencies(checker: Checker, problems: Problems) -> None:
    pred = checker.positions("dependencies", "predecessor")
    succ = checker.positions("dependencies", "successor")
    ids = problems.frame["successor"]
    problems.add(
        (pred >= 0) & (pred == succ),
        "successor",
        lambda r: f"the task {show(ids.iloc[r])} depends on itself",
    )


def _no_cycle(checker: Checker) -> None:
    if not checker.sound("tasks"):
        return
    pred = checker.positions("dependencies", "predecessor")
    succ = checker.positions("dependencies", "successor")
    known = (pred >= 0) & (succ >= 0)
    pred, succ = pred[known], succ[known]
    ids = checker.frames["tasks"]["task_id"].to_numpy(dtype=object)
    try:
        topological_levels(len(ids), pred, succ)
    except CycleError as cycle:
        path = " -> ".join(show(ids[i]) for i in cycle.cycle) or "(not located)"
        raise PortfolioError(
            "dependencies",
            f"the links form a cycle: {path}; a task cannot depend on itself, even "
            "through other tasks",
        ) from None


#: Per table, the rules between columns and with other tables (see :mod:`.checker`).
ROW_RULES = {"projects": _projects, "tasks": _tasks, "dependencies": _dependencies}
#: Per table, the rules over the whole table.
WHOLE_RULES = {"dependencies": _no_cycle}
