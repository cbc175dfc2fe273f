"""The rules of the risk tables: the register's risks and opportunities, and the events that struck.

Each row may name a task; that task belongs to the row's project (the
message blames the task).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, Problems

__all__ = ["ROW_RULES", "WHOLE_RULES"]


def _task_of_its_project(checker: Checker, problems: Problems) -> None:
    checker.task_in_project(problems, "task_id")


#: Per table, the rules between columns and with other tables (see :mod:`.checker`).
ROW_RULES = {
    "risks": _task_of_its_project,
    "opportunities": _task_of_its_project,
    "events": _task_of_its_project,
}
#: Per table, the rules over the whole table.
WHOLE_RULES: dict = {}
