"""Benchmark: critical path on a large network, beside a straightforward networkx version.

Prints figures; asserts nothing. Target (issue #3): ``critical_path`` on
100,000 activities and about 200,000 finish-to-start links (forward and
backward pass, both floats) in <= 0.1 s and at least 10x faster than a plain
networkx implementation of the same passes (topological sort, then loops),
measured in the same run on the same network. Also resource levelling of the
teaching portfolio.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from _timing import best_of


def random_network(n: int, links_per_task: int, window: int | None, seed: int = 1):
    """Each task follows ``links_per_task`` earlier tasks, drawn from the last
    ``window`` tasks (or from all earlier ones when ``window`` is None)."""
    rng = np.random.default_rng(seed)
    succ = np.repeat(np.arange(1, n), links_per_task)
    reach = succ if window is None else np.minimum(succ, window)
    pred = succ - 1 - (rng.random(succ.size) * reach).astype(np.int64)
    pairs = np.unique(np.stack([pred, succ], axis=1), axis=0)
    ids = np.array([f"T{i}" for i in range(n)], dtype=object)
    tasks = pd.DataFrame({"task_id": ids, "duration": rng.integers(1, 20, n).astype(float)})
    links = pd.DataFrame(
        {"predecessor": ids[pairs[:, 0]], "successor": ids[pairs[:, 1]], "type": "FS", "lag": 0.0}
    )
    return tasks, links


def networkx_cpm(tasks: pd.DataFrame, links: pd.DataFrame) -> dict:
    """The textbook passes over a networkx graph: what one writes without numpy."""
    graph = nx.DiGraph()
    duration = dict(zip(tasks["task_id"], tasks["duration"], strict=True))
    graph.add_nodes_from(duration)
    graph.add_edges_from(zip(links["predecessor"], links["successor"], strict=True))
    order = list(nx.topological_sort(graph))
    es, ef = {}, {}
    for t in order:
        es[t] = max((ef[p] for p in graph.predecessors(t)), default=0.0)
        ef[t] = es[t] + duration[t]
    end = max(ef.values())
    ls, lf = {}, {}
    for t in reversed(order):
        lf[t] = min((ls[s] for s in graph.successors(t)), default=end)
        ls[t] = lf[t] - duration[t]
    total = {t: ls[t] - es[t] for t in order}
    free = {t: min((es[s] for s in graph.successors(t)), default=end) - ef[t] for t in order}
    return {"es": es, "total_float": total, "free_float": free}


def main() -> None:
    import pmo_exercises as pmo
    from pmo_exercises.network.passes import topological_levels
    from pmo_exercises.planning import critical_path, level_resources

    print("bench_planning: critical path beside networkx")
    for label, window in (("random DAG", None), ("deep DAG (links within 50 tasks)", 50)):
        tasks, links = random_network(100_000, 2, window)
        ours = critical_path(tasks, links)
        theirs = networkx_cpm(tasks, links)
        same = np.allclose(
            ours["total_float"].to_numpy(), [theirs["total_float"][t] for t in tasks["task_id"]]
        )
        t_ours = best_of(5, lambda t=tasks, k=links: critical_path(t, k))
        t_nx = best_of(1, lambda t=tasks, k=links: networkx_cpm(t, k))
        ids = pd.Index(tasks["task_id"])
        depth = (
            topological_levels(
                len(tasks),
                ids.get_indexer(links["predecessor"]),
                ids.get_indexer(links["successor"]),
            ).max()
            + 1
        )
        print(f"  {label}: {len(tasks):,} activities, {len(links):,} FS links, {depth} levels")
        print(f"    critical_path (pmo_exercises)   {t_ours:8.3f} s   target <= 0.1 s")
        print(f"    networkx passes                 {t_nx:8.3f} s")
        print(
            f"    speed-up                        {t_nx / t_ours:8.1f}x   target >= 10x"
            f"   (same floats: {same})"
        )

    p = pmo.load_portfolio()
    level = best_of(3, lambda: level_resources(p.tasks, p.dependencies, p.assignments, p.roles))
    print(f"  level_resources, teaching portfolio ({len(p.tasks)} tasks)  {level:.3f} s")


if __name__ == "__main__":
    main()
