"""The critical path method with the full precedence diagramming method.

Conventions (those of MS Project and Primavera P6):

* the project starts at day 0 and no task starts before it;
* ``ef = es + duration``: a task occupies days ``[es, ef)``, so an FS
  successor with no lag starts on the day its predecessor's ``ef`` names;
* the project ends at the latest early finish, and no task may finish later;
* the backward pass mirrors each link rule (FS, SS, FF, SF, with lags that may
  be negative: leads);
* zero-duration milestones are allowed.

One surprise of the precedence diagramming method, worth teaching: a task with
a finish-to-finish (or start-to-finish) link coming in and a start-to-start link
going out is *reverse critical*: lengthening it moves its start earlier, and
can shorten the project (Wiest, 1981). Adding lag never shortens a project.

Getting the usual answers::

    schedule = critical_path(tasks, links)
    project_duration(schedule)          # the latest early finish
    schedule[schedule["critical"]]      # the critical tasks
    critical_paths(tasks, links)        # each critical path, in order, as task ids
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..network.passes import backward_pass, forward_pass
from .network import build_network, check_durations, duration_column

__all__ = ["FLOAT_TOLERANCE", "critical_path", "critical_paths", "project_duration"]

#: Floats at or below this count as zero: a task with no more float is critical.
FLOAT_TOLERANCE = 1e-9


def critical_path(tasks: pd.DataFrame, links: pd.DataFrame | None = None) -> pd.DataFrame:
    """Early and late dates, floats and criticality of every task.

    Parameters
    ----------
    tasks : pandas.DataFrame
        ``task_id`` and ``duration`` (or ``duration_days``) in working days;
        optionally ``predecessors``: "A, B" or a list, each a finish-to-start
        link with no lag, and ``earliest_start``: a start-no-earlier-than
        day (a project's start date, a delivery that cannot come sooner).
    links : pandas.DataFrame, optional
        ``predecessor``, ``successor``, ``type`` (FS, SS, FF or SF; FS when
        the column is absent) and ``lag`` (or ``lag_days``) in working days,
        negative for a lead.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``task_id`` in the order given, with ``es``, ``ef``,
        ``ls``, ``lf``, ``total_float``, ``free_float`` and ``critical``.

    Raises
    ------
    PortfolioError
        On a cycle (named), an unknown or duplicate id, a negative or missing
        duration, or an unknown link type.

    Examples
    --------
    >>> import pandas as pd
    >>> tasks = pd.DataFrame({"task_id": ["A", "B", "C"], "duration": [3, 2, 4],
    ...                       "predecessors": ["", "A", "A"]})
    >>> critical_path(tasks)[["es", "ef", "total_float", "critical"]]
             es   ef  total_float  critical
    task_id
    A       0.0  3.0          0.0      True
    B       3.0  5.0          2.0     False
    C       3.0  7.0          0.0      True
    """
    net = build_network(tasks, links)
    durations = check_durations(tasks, duration_column(tasks, "duration", "duration_days"), net.ids)
    release = release_days(tasks)
    es, ef = forward_pass(durations, net.pred, net.succ, net.kind, net.lag, release, net.levels)
    end = ef.max(initial=0.0)
    ls, lf = backward_pass(durations, net.pred, net.succ, net.kind, net.lag, end, net.levels)
    total = ls - es
    free = end - ef
    if net.pred.size:
        np.minimum.at(free, net.pred, _link_slack(net, es, ef))
    free = np.minimum(free, total)
    out = pd.DataFrame(
        {
            "es": es,
            "ef": ef,
            "ls": ls,
            "lf": lf,
            "total_float": _clean(total),
            "free_float": _clean(free),
        },
        index=pd.Index(net.ids, name="task_id"),
    )
    out["critical"] = out["total_float"] <= FLOAT_TOLERANCE
    return out


def release_days(tasks: pd.DataFrame):
    """Start-no-earlier-than days from an optional ``earliest_start`` column (else day 0)."""
    if "earliest_start" not in tasks.columns:
        return 0.0
    values = pd.to_numeric(tasks["earliest_start"], errors="coerce").fillna(0.0)
    return np.maximum(values.to_numpy(dtype=float), 0.0)


def _link_slack(net, es: np.ndarray, ef: np.ndarray) -> np.ndarray:
    """How far each link's successor could slip before the link binds (early dates)."""
    from_finish = (net.kind == 0) | (net.kind == 2)
    to_finish = (net.kind == 2) | (net.kind == 3)
    anchor = np.where(from_finish, ef[net.pred], es[net.pred]) + net.lag
    target = np.where(to_finish, ef[net.succ], es[net.succ])
    return target - anchor


def _clean(values: np.ndarray) -> np.ndarray:
    # -0.0 and float dust from lags such as 0.1 read as a plain zero
    return np.where(np.abs(values) <= FLOAT_TOLERANCE, 0.0, values)


def project_duration(schedule: pd.DataFrame) -> float:
    """The project's duration in working days: the latest early finish."""
    return float(schedule["ef"].max()) if len(schedule) else 0.0


def critical_paths(
    tasks: pd.DataFrame, links: pd.DataFrame | None = None, limit: int = 100
) -> list[list[str]]:
    """Every critical path, each as task ids from start to finish.

    A path follows *driving* links (links with no slack) between critical
    tasks. Ties give several paths; at most ``limit`` are listed, the ones
    met first in order of early start.
    """
    net = build_network(tasks, links)
    schedule = critical_path(tasks, links)
    es, ef = schedule["es"].to_numpy(), schedule["ef"].to_numpy()
    critical = schedule["critical"].to_numpy()
    driving = (np.abs(_link_slack(net, es, ef)) <= FLOAT_TOLERANCE) & critical[net.pred]
    driving &= critical[net.succ]
    nexts: dict[int, list[int]] = {}
    has_in = np.zeros(net.size, dtype=bool)
    for p, s in zip(net.pred[driving], net.succ[driving], strict=True):
        nexts.setdefault(int(p), []).append(int(s))
        has_in[s] = True
    end = project_duration(schedule)
    starts = [i for i in np.argsort(es, kind="stable") if critical[i] and not has_in[i]]
    paths: list[list[str]] = []
    stack = [[int(i)] for i in reversed(starts)]
    while stack and len(paths) < limit:
        path = stack.pop()
        following = sorted(nexts.get(path[-1], []), key=lambda j: (es[j], j), reverse=True)
        if not following:
            if abs(ef[path[-1]] - end) <= FLOAT_TOLERANCE:
                paths.append([net.ids[i] for i in path])
            continue
        stack.extend([*path, j] for j in following)
    return paths
