"""Vectorised precedence-network passes.

The generator, the simulator and the planning analytics share them.

Tasks are positions ``0..n-1``; links are parallel integer arrays ``pred``,
``succ``, ``kind`` (0 FS, 1 SS, 2 FF, 3 SF) and ``lag``. Time is in working
days with the usual convention: a task occupies days ``[start, finish)``, so
``finish = start + duration`` and an FS successor may start on day
``finish + lag``.

The passes walk the network level by level (a level holds the tasks whose
predecessors all lie in earlier levels) and treat each level in one numpy
operation. They schedule one scenario; :mod:`pmo_exercises.network.batched`
applies the same rules to thousands of scenarios at once (Monte Carlo).
"""

from __future__ import annotations

import numpy as np

__all__ = ["KIND_CODES", "backward_pass", "find_cycle", "forward_pass", "topological_levels"]

#: Link type names to the integer codes used in the arrays.
KIND_CODES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


class CycleError(ValueError):
    """The network has a cycle; ``cycle`` lists its task positions in order."""

    def __init__(self, cycle: list[int]) -> None:
        self.cycle = cycle
        super().__init__(f"cycle through positions {cycle}")


def topological_levels(n: int, pred: np.ndarray, succ: np.ndarray) -> np.ndarray:
    """The level of each task in the network.

    0 for tasks without predecessors, else 1 + the highest level among its
    predecessors.

    Raises
    ------
    CycleError
        When the links contain a cycle.
    """
    pred = np.asarray(pred, dtype=np.int64)
    succ = np.asarray(succ, dtype=np.int64)
    level = np.zeros(n, dtype=np.int64)
    indegree = np.bincount(succ, minlength=n)
    order = np.argsort(pred, kind="stable")
    starts = np.searchsorted(pred[order], np.arange(n + 1))
    frontier = np.flatnonzero(indegree == 0)
    done = 0
    depth = 0
    while frontier.size:
        done += frontier.size
        level[frontier] = depth
        # all links leaving the frontier, gathered without a Python loop per task
        counts = starts[frontier + 1] - starts[frontier]
        if counts.sum() == 0:
            break
        first = np.repeat(starts[frontier], counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        targets = succ[order[first + offsets]]
        np.subtract.at(indegree, targets, 1)
        # a task joins the next level when its last predecessor is placed; it
        # may be reached by several links at once, hence the unique
        frontier = np.unique(targets[indegree[targets] == 0])
        depth += 1
    if done < n:
        raise CycleError(find_cycle(n, pred, succ) or [])
    return level


def find_cycle(n: int, pred, succ) -> list[int] | None:
    """One cycle of the network as task positions ``[a, b, ..., a]``, or None.

    Only called on the error path, so a plain iterative depth-first search.
    """
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for p, s in zip(np.asarray(pred).tolist(), np.asarray(succ).tolist(), strict=True):
        adjacency[p].append(s)
    colour = [0] * n  # 0 new, 1 on the stack, 2 finished
    parent = [-1] * n
    for root in range(n):
        if colour[root]:
            continue
        stack = [(root, iter(adjacency[root]))]
        colour[root] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if colour[child] == 0:
                    colour[child] = 1
                    parent[child] = node
                    stack.append((child, iter(adjacency[child])))
                    break
                if colour[child] == 1:  # back edge: walk the parents to close the loop
                    cycle = [child]
                    walk = node
                    while walk != child:
                        cycle.append(walk)
                        walk = parent[walk]
                    cycle.append(child)
                    return cycle[::-1]
            else:
                colour[node] = 2
                stack.pop()
    return None


def forward_pass(
    durations: np.ndarray,
    pred: np.ndarray,
    succ: np.ndarray,
    kind: np.ndarray,
    lag: np.ndarray,
    release: np.ndarray | float = 0.0,
    levels: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Early start and early finish of every task.

    Parameters
    ----------
    durations : ndarray, shape (n,)
        Task durations in working days.
    pred, succ, kind, lag : ndarray, shape (m,)
        The links (see the module docstring).
    release : float or ndarray, shape (n,)
        The earliest day each task may start (a project's start date); no
        task starts before it, as MS Project and Primavera P6 clamp.
    levels : ndarray, optional
        Precomputed :func:`topological_levels`.

    Returns
    -------
    es, ef : ndarray, shape (n,)
    """
    durations, pred, succ, kind, lag, levels = _arrays(durations, pred, succ, kind, lag, levels)
    es = np.broadcast_to(np.asarray(release, dtype=np.float64), durations.shape).copy()
    ef = es + durations
    if pred.size == 0:
        return es, ef
    # Links sorted by their successor's level, tasks by their level: each level
    # is then a slice (a view), and a pass is a handful of numpy calls a level.
    lk, lt = _level_slices(levels, levels[succ])
    p_all, s_all, lag_all = pred[lk.order], succ[lk.order], lag[lk.order]
    kind_all = kind[lk.order]
    only_fs = not kind_all.any()
    from_finish = (kind_all == 0) | (kind_all == 2)  # FS, FF: from the predecessor's finish
    to_finish = (kind_all == 2) | (kind_all == 3)  # FF, SF: they bound the successor's finish
    tasks_all = lt.order
    for lv in range(1, len(lk.bounds) - 1):
        a, b = lk.bounds[lv], lk.bounds[lv + 1]
        if a == b:
            continue
        p, s = p_all[a:b], s_all[a:b]
        if only_fs:
            bound = ef[p] + lag_all[a:b]
        else:
            anchor = np.where(from_finish[a:b], ef[p], es[p]) + lag_all[a:b]
            # a finish constraint becomes a start bound once the duration is taken off
            bound = np.where(to_finish[a:b], anchor - durations[s], anchor)
        np.maximum.at(es, s, bound)
        tasks = tasks_all[lt.bounds[lv] : lt.bounds[lv + 1]]
        ef[tasks] = es[tasks] + durations[tasks]
    return es, ef


def _arrays(durations, pred, succ, kind, lag, levels):
    """The inputs of a pass as numpy arrays, with the levels computed if not given."""
    durations = np.asarray(durations, dtype=np.float64)
    pred = np.asarray(pred, dtype=np.int64)
    succ = np.asarray(succ, dtype=np.int64)
    if levels is None:
        levels = topological_levels(durations.shape[-1], pred, succ)
    kind = np.asarray(kind, dtype=np.int64)
    return durations, pred, succ, kind, np.asarray(lag, dtype=np.float64), levels


class _Slices:
    """Positions sorted by level, and where each level's run starts."""

    def __init__(self, level_of: np.ndarray, top: int) -> None:
        self.order = np.argsort(level_of, kind="stable")
        self.bounds = np.searchsorted(level_of[self.order], np.arange(top + 2))


def _level_slices(levels: np.ndarray, link_level: np.ndarray) -> tuple[_Slices, _Slices]:
    top = int(levels.max())
    return _Slices(link_level, top), _Slices(levels, top)


def backward_pass(
    durations: np.ndarray,
    pred: np.ndarray,
    succ: np.ndarray,
    kind: np.ndarray,
    lag: np.ndarray,
    project_end: np.ndarray | float,
    levels: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Late start and late finish of every task, mirroring :func:`forward_pass`.

    No task may finish after ``project_end``; each link bounds its
    predecessor's late dates by the successor's: FS ``LF_p <= LS_s - lag``,
    SS ``LS_p <= LS_s - lag``, FF ``LF_p <= LF_s - lag``, SF
    ``LS_p <= LF_s - lag``.

    Parameters
    ----------
    durations : ndarray, shape (n,)
    pred, succ, kind, lag : ndarray, shape (m,)
    project_end : float or ndarray, shape (n,)
        The date every task must finish by (the forward pass's latest EF),
        one for all tasks or one per task.
    levels : ndarray, optional
        Precomputed :func:`topological_levels` (of the network itself: the
        levels are walked from the last to the first, since every successor
        of a task lies in a later level).

    Returns
    -------
    ls, lf : ndarray, shape (n,)
    """
    durations, pred, succ, kind, lag, levels = _arrays(durations, pred, succ, kind, lag, levels)
    lf = np.broadcast_to(np.asarray(project_end, dtype=np.float64), durations.shape).copy()
    ls = lf - durations
    if pred.size == 0:
        return ls, lf
    lk, lt = _level_slices(levels, levels[pred])
    p_all, s_all, lag_all = pred[lk.order], succ[lk.order], lag[lk.order]
    kind_all = kind[lk.order]
    only_fs = not kind_all.any()
    to_finish = (kind_all == 2) | (kind_all == 3)  # FF, SF: the successor's finish is the anchor
    from_finish = (kind_all == 0) | (kind_all == 2)  # FS, FF: the predecessor's finish is bound
    tasks_all = lt.order
    for lv in range(len(lk.bounds) - 3, -1, -1):
        a, b = lk.bounds[lv], lk.bounds[lv + 1]
        if a == b:
            continue
        p, s = p_all[a:b], s_all[a:b]
        if only_fs:
            bound = ls[s] - lag_all[a:b]
        else:
            anchor = np.where(to_finish[a:b], lf[s], ls[s]) - lag_all[a:b]
            # a bound on the predecessor's start becomes a finish bound with its duration
            bound = np.where(from_finish[a:b], anchor, anchor + durations[p])
        np.minimum.at(lf, p, bound)
        tasks = tasks_all[lt.bounds[lv] : lt.bounds[lv + 1]]
        ls[tasks] = lf[tasks] - durations[tasks]
    return ls, lf
