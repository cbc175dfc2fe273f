"""Benchmark: Monte Carlo schedule risk, all iterations at once, beside networkx.

Prints figures; asserts nothing. Target (issue #4): 10,000 iterations of
:func:`pmo_exercises.risk.monte_carlo` on a 1,000-activity network with about
2,000 links (every link type, leads and lags; triangular durations; risks) in
<= 0.5 s, and at least 100x faster than re-running a plain networkx CPM per
iteration (topological sort once, then a Python forward and backward pass per
iteration). The networkx run is timed on 200 iterations and extrapolated to
10,000 (it is linear in iterations); both run in the same process on the same
network, and 200 iterations are checked to give the same project durations.
"""

from __future__ import annotations

import time

import networkx as nx
import numpy as np
import pandas as pd
from _timing import best_of

N_TASKS = 1_000
LINKS_PER_TASK = 2
ITERATIONS = 10_000
NX_ITERATIONS = 200


def random_project(n: int, links_per_task: int, seed: int = 1, kinds=("FS", "SS", "FF", "SF")):
    """A random DAG: each task follows ``links_per_task`` earlier tasks, with
    random link types and lags from -2 to 4 days, three-point estimates, costs
    and one risk per 20 tasks."""
    rng = np.random.default_rng(seed)
    succ = np.repeat(np.arange(1, n), links_per_task)
    pred = succ - 1 - (rng.random(succ.size) * succ).astype(np.int64)
    pairs = np.unique(np.stack([pred, succ], axis=1), axis=0)
    ids = np.array([f"T{i}" for i in range(n)], dtype=object)
    most_likely = rng.integers(1, 20, n).astype(float)
    tasks = pd.DataFrame(
        {
            "task_id": ids,
            "optimistic": most_likely * rng.uniform(0.6, 1.0, n),
            "most_likely": most_likely,
            "pessimistic": most_likely * rng.uniform(1.0, 2.5, n),
            "planned_cost": most_likely * 800.0,
        }
    )
    links = pd.DataFrame(
        {
            "predecessor": ids[pairs[:, 0]],
            "successor": ids[pairs[:, 1]],
            "type": rng.choice(list(kinds), len(pairs)),
            "lag": rng.integers(-2, 5, len(pairs)).astype(float),
        }
    )
    k = n // 20
    risks = pd.DataFrame(
        {
            "risk_id": [f"R{i}" for i in range(k)],
            "task_id": rng.choice(ids, k, replace=False),
            "probability": rng.choice([0.1, 0.2, 0.3, 0.5], k),
            "cost_impact": rng.integers(1, 50, k) * 1000.0,
            "schedule_impact_days": rng.integers(1, 10, k).astype(float),
        }
    )
    return tasks, links, risks


class NetworkxCPM:
    """The textbook passes over a networkx graph, every link type: what one
    writes without numpy, run once per iteration."""

    def __init__(self, tasks: pd.DataFrame, links: pd.DataFrame) -> None:
        graph = nx.DiGraph()
        graph.add_nodes_from(tasks["task_id"])
        for p, s, kind, lag in links[["predecessor", "successor", "type", "lag"]].itertuples(
            index=False
        ):
            graph.add_edge(p, s, kind=kind, lag=lag)
        self.graph = graph
        self.order = list(nx.topological_sort(graph))  # once

    def run(self, duration: dict) -> tuple[float, dict]:
        g = self.graph
        es, ef = {}, {}
        for t in self.order:
            start = 0.0
            for p, e in g.pred[t].items():
                kind, lag = e["kind"], e["lag"]
                if kind == "FS":
                    start = max(start, ef[p] + lag)
                elif kind == "SS":
                    start = max(start, es[p] + lag)
                elif kind == "FF":
                    start = max(start, ef[p] + lag - duration[t])
                else:  # SF
                    start = max(start, es[p] + lag - duration[t])
            es[t], ef[t] = start, start + duration[t]
        end = max(0.0, *ef.values())
        ls, lf = {}, {}
        for t in reversed(self.order):
            finish = end
            for s, e in g.succ[t].items():
                kind, lag = e["kind"], e["lag"]
                if kind == "FS":
                    finish = min(finish, ls[s] - lag)
                elif kind == "SS":
                    finish = min(finish, ls[s] - lag + duration[t])
                elif kind == "FF":
                    finish = min(finish, lf[s] - lag)
                else:  # SF
                    finish = min(finish, lf[s] - lag + duration[t])
            lf[t], ls[t] = finish, finish - duration[t]
        critical = {t: ls[t] - es[t] <= 1e-9 for t in self.order}
        return end, critical


def main() -> None:
    from pmo_exercises.network.passes import topological_levels
    from pmo_exercises.risk import monte_carlo

    print("bench_risk: Monte Carlo schedule and cost risk beside a per-iteration networkx CPM")
    for label, kinds in (("every link type, lags", ("FS", "SS", "FF", "SF")), ("FS only", ("FS",))):
        tasks, links, risks = random_project(N_TASKS, LINKS_PER_TASK, kinds=kinds)
        ids = pd.Index(tasks["task_id"])
        depth = (
            topological_levels(
                len(tasks),
                ids.get_indexer(links["predecessor"]),
                ids.get_indexer(links["successor"]),
            ).max()
            + 1
        )
        print(
            f"  {label}: {len(tasks):,} activities, {len(links):,} links, {depth} levels, "
            f"{len(risks)} risks"
        )
        result = monte_carlo(tasks, links, risks, iterations=ITERATIONS, seed=0)
        ours = best_of(3, lambda t=tasks, k=links, r=risks: monte_carlo(t, k, r, ITERATIONS))
        pert = best_of(
            1, lambda t=tasks, k=links, r=risks: monte_carlo(t, k, r, ITERATIONS, 0, "pert")
        )
        sens = best_of(1, result.sensitivity)

        cpm = NetworkxCPM(tasks, links)
        columns = [
            dict(zip(ids, row, strict=True)) for row in result.task_durations[:NX_ITERATIONS]
        ]
        t0 = time.perf_counter()
        theirs = [cpm.run(d)[0] for d in columns]
        t_nx = (time.perf_counter() - t0) * ITERATIONS / NX_ITERATIONS
        same = np.allclose(theirs, result.durations[:NX_ITERATIONS], rtol=0, atol=1e-9)
        print(f"    monte_carlo, {ITERATIONS:,} iterations (triangular)  {ours:7.3f} s"
              "   target <= 0.5 s")  # fmt: skip
        print(f"    the same with beta-PERT draws                {pert:7.3f} s")
        print(f"    sensitivity() on that result                 {sens:7.3f} s")
        print(
            f"    networkx CPM per iteration, {NX_ITERATIONS} timed, x{ITERATIONS // NX_ITERATIONS}"
            f"  {t_nx:7.2f} s (extrapolated to {ITERATIONS:,})"
        )
        print(
            f"    speed-up                                     {t_nx / ours:7.0f}x"
            f"   target >= 100x   (same durations: {same})"
        )


if __name__ == "__main__":
    main()
