"""The rules of the status history: each week's progress of each task.

A status row's project is its task's project (the message blames the
project), and real percent complete never decreases from one week to the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..coerce import show_number

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, Problems

__all__ = ["ROW_RULES", "WHOLE_RULES"]


def _task_status(checker: Checker, problems: Problems) -> None:
    checker.task_in_project(problems, "project_id")
    frame = problems.frame
    task, _ = checker.factor("task_status", "task_id")
    week = frame["week"].to_numpy()
    pct = frame["pct_complete_actual"].to_numpy()
    # each row against the same task's row of the week before, in (task, week) order
    order = np.lexsort((week, task))
    same = task[order][1:] == task[order][:-1]
    back = same & (pct[order][1:] < pct[order][:-1])
    bad = np.zeros(len(frame), dtype=bool)
    previous = np.full(len(frame), -1, dtype=np.int64)
    bad[order[1:][back]] = True
    previous[order[1:]] = order[:-1]

    def message(row: int) -> str:
        before = int(previous[row])
        return (
            f"{show_number(pct[row])} is below {show_number(pct[before])} in week "
            f"{week[before]} (row {before}); real progress never goes back"
        )

    problems.add(bad, "pct_complete_actual", message)


#: Per table, the rules between columns and with other tables (see :mod:`.checker`).
ROW_RULES = {"task_status": _task_status}
#: Per table, the rules over the whole table.
WHOLE_RULES: dict = {}
