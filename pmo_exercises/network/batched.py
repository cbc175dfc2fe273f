"""CPM passes over many scenarios at once (Monte Carlo), laid out for speed.

The same rules as :mod:`pmo_exercises.network.passes` (and the same floating-point
operations, so a scenario gives bit-for-bit the dates that
:func:`~pmo_exercises.planning.critical_path` gives), arranged for Monte Carlo:

* arrays are ``(n_tasks, iterations)``: gathering the dates of a level's
  predecessors copies whole contiguous rows; the rows are renumbered level
  by level, so a level's own tasks are one slice;
* links are grouped by level and type once, and laid out so that the binding
  link of every task is taken with a few ``np.maximum`` calls on contiguous
  slices (``ufunc.at`` and ``ufunc.reduceat`` on rows are many times slower);
* iterations go through in blocks that fit in the processor's cache.

One block costs a handful of numpy calls per level and link type, whatever
the number of iterations in it: there is no Python loop over iterations.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["BLOCK", "Plan", "run"]

#: Iterations per block: the per-level arrays of a block stay in cache.
BLOCK = 256

_FS, _SS, _FF, _SF = 0, 1, 2, 3


@dataclass(frozen=True)
class _Group:
    """The links of one level and type, laid out for a reduction by slices.

    The bounded tasks are ordered by their number of links in the group, most
    first; the links by rank (each task's first link, then each task's
    second...). The ``r``-th links are then one contiguous run whose tasks are
    the first ones of ``bounded``, so taking the binding link of every task is
    a few ``np.maximum`` calls on slices (``ufunc.reduceat`` on rows is slow).
    """

    kind: int
    source: np.ndarray  # task whose date is read, per link
    lag: np.ndarray  # (k, 1)
    bounded: np.ndarray  # the tasks bounded, one per first link
    merges: tuple[tuple[int, int], ...]  # (offset, count) of the 2nd, 3rd... links
    lagged: bool  # any non-zero lag


def _group(kind, source, target, lag) -> _Group:
    tasks, inverse, counts = np.unique(target, return_inverse=True, return_counts=True)
    by_degree = np.argsort(-counts, kind="stable")  # tasks with most links first
    place = np.empty_like(by_degree)
    place[by_degree] = np.arange(by_degree.size)
    slot = place[inverse]  # each link's task, as a position in ``bounded``
    order = np.lexsort((slot,))
    rank = np.empty(target.size, dtype=np.int64)
    rank[order] = np.arange(target.size) - np.repeat(
        np.cumsum(counts[by_degree]) - counts[by_degree], counts[by_degree]
    )
    order = np.lexsort((slot, rank))
    per_rank = np.bincount(rank)
    offsets = np.cumsum(per_rank) - per_rank
    merges = tuple((int(o), int(c)) for o, c in zip(offsets[1:], per_rank[1:], strict=True))
    lagged = bool(np.any(lag != 0))
    return _Group(kind, source[order], lag[order, None], tasks[by_degree], merges, lagged)


def _groups(levels_of_links, kinds, source, target, lag, top, descending):
    out: list[list[_Group]] = [[] for _ in range(top + 1)]
    if source.size == 0:
        return out
    order = np.lexsort((kinds, levels_of_links))
    lv, kd = levels_of_links[order], kinds[order]
    cut = np.flatnonzero(np.r_[True, (lv[1:] != lv[:-1]) | (kd[1:] != kd[:-1]), True])
    for a, b in itertools.pairwise(cut):
        idx = order[a:b]
        out[int(lv[a])].append(_group(int(kd[a]), source[idx], target[idx], lag[idx]))
    return out[::-1] if descending else out


@dataclass(frozen=True)
class Plan:
    """A network prepared once for any number of scenarios.

    Tasks are renumbered level by level (``order[i]`` is the original
    position of row ``i``), so that each level is a contiguous run of rows.
    """

    n: int
    order: np.ndarray  # row -> original task position
    forward: list  # per level (ascending): link groups bounding successors
    backward: list  # per level (descending): link groups bounding predecessors
    bounds: np.ndarray  # rows of level i: bounds[i]:bounds[i + 1]

    @classmethod
    def of(cls, n, pred, succ, kind, lag, levels) -> Plan:
        """Group the links of a checked network (see :mod:`pmo_exercises.network.passes`)."""
        kind = np.asarray(kind, dtype=np.int64)
        lag = np.asarray(lag, dtype=np.float64)
        levels = np.asarray(levels, dtype=np.int64)
        order = np.argsort(levels, kind="stable")
        row = np.empty(n, dtype=np.int64)
        row[order] = np.arange(n)
        pred = row[np.asarray(pred, dtype=np.int64)]
        succ = row[np.asarray(succ, dtype=np.int64)]
        levels = levels[order]
        top = int(levels.max()) if n else 0
        forward = _groups(levels[succ], kind, pred, succ, lag, top, descending=False)
        backward = _groups(levels[pred], kind, succ, pred, lag, top, descending=True)
        bounds = np.searchsorted(levels, np.arange(top + 2))
        return cls(n, order, forward, backward, bounds)


class _Buffers:
    """Scratch arrays reused across levels and blocks.

    No fresh allocation (and no page faults) in the inner loop.
    """

    def __init__(self, plan: Plan, width: int) -> None:
        rows = max((g.source.size for lv in plan.forward for g in lv), default=0)
        rows = max(rows, *(g.source.size for lv in plan.backward for g in lv), 1)
        self.links = np.empty((rows, width))

    def view(self, g: _Group, width: int):
        return self.links[: g.source.size, :width]


def _forward(plan: Plan, d, release, es, ef, buf: _Buffers):
    width = d.shape[1]
    es[...] = release
    for level in range(len(plan.bounds) - 1):
        for g in plan.forward[level]:
            bound = buf.view(g, width)
            # FS, FF read the predecessor's finish; SS, SF its start
            np.take(ef if g.kind in (_FS, _FF) else es, g.source, axis=0, out=bound)
            if g.lagged:
                bound += g.lag
            for off, count in g.merges:  # the binding link of each task
                np.maximum(bound[:count], bound[off : off + count], out=bound[:count])
            best = bound[: g.bounded.size]
            if g.kind in (_FF, _SF):
                # a finish bound becomes a start bound: max(a - d) == max(a) - d,
                # exactly, since rounding is monotonic
                best -= d[g.bounded]
            np.maximum(best, es[g.bounded], out=best)
            es[g.bounded] = best
        rows = slice(plan.bounds[level], plan.bounds[level + 1])
        np.add(es[rows], d[rows], out=ef[rows])


def _backward(plan: Plan, d, end, ls, lf, buf: _Buffers):
    width = d.shape[1]
    lf[...] = end
    top = len(plan.bounds) - 2
    for level in range(top + 1):
        for g in plan.backward[level]:
            bound = buf.view(g, width)
            # FS, SS read the successor's late start; FF, SF its late finish
            np.take(ls if g.kind in (_FS, _SS) else lf, g.source, axis=0, out=bound)
            if g.lagged:
                bound -= g.lag
            for off, count in g.merges:
                np.minimum(bound[:count], bound[off : off + count], out=bound[:count])
            best = bound[: g.bounded.size]
            if g.kind in (_SS, _SF):  # a start bound becomes a finish bound
                best += d[g.bounded]
            np.minimum(best, lf[g.bounded], out=best)
            lf[g.bounded] = best
        rows = slice(plan.bounds[top - level], plan.bounds[top - level + 1])
        np.subtract(lf[rows], d[rows], out=ls[rows])


def run(plan: Plan, durations: np.ndarray, release, tolerance: float):
    """Project duration and critical flags of every scenario.

    Parameters
    ----------
    plan : Plan
    durations : ndarray, shape (n, iterations)
        Task durations, one column per scenario.
    release : ndarray, shape (n,)
        The earliest start of each task.
    tolerance : float
        Total float at or below this counts as zero.

    Returns
    -------
    finish : ndarray, shape (iterations,)
        The latest early finish of each scenario.
    critical : ndarray of bool, shape (n, iterations)
        Whether each task has no total float in each scenario.
    """
    n, iterations = durations.shape
    finish = np.zeros(iterations)
    critical = np.zeros((n, iterations), dtype=bool)
    if n == 0:
        return finish, critical
    release = np.broadcast_to(np.asarray(release, dtype=np.float64), (n,))[plan.order, None]
    width = min(BLOCK, iterations)
    buf = _Buffers(plan, width)
    d, es, ef, ls, lf = (np.empty((n, width)) for _ in range(5))
    for a in range(0, iterations, BLOCK):
        w = min(BLOCK, iterations - a)
        d_, es_, ef_, ls_, lf_ = d[:, :w], es[:, :w], ef[:, :w], ls[:, :w], lf[:, :w]
        np.take(durations[:, a : a + w], plan.order, axis=0, out=d_)  # rows level by level
        _forward(plan, d_, release, es_, ef_, buf)
        end = np.maximum(ef_.max(axis=0), 0.0)
        _backward(plan, d_, end, ls_, lf_, buf)
        finish[a : a + w] = end
        critical[plan.order, a : a + w] = ls_ - es_ <= tolerance
    return finish, critical
