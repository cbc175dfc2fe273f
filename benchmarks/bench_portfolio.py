"""Benchmark: generating and simulating portfolios, and importing the kit.

Prints figures; asserts nothing. Targets (issue #2):

* generate + simulate 52 weeks of 200 projects x 50 tasks (10,000 tasks) <= 1 s
* 2,000 projects x 50 tasks grows no worse than linearly (ratio printed)
* ``import pmo_exercises`` <= 0.3 s

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_portfolio.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _timing import best_of


def import_time(repeats: int = 7) -> tuple[float, float]:
    """Median time of ``import pmo_exercises`` in a fresh interpreter, less Python's start-up."""

    def run(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t0

    bare = statistics.median(run("pass") for _ in range(repeats))
    kit = statistics.median(run("import pmo_exercises") for _ in range(repeats))
    return kit - bare, bare


def main() -> None:
    import pmo_exercises as pmo

    def run(n_projects: int) -> None:
        plan = pmo.generate_portfolio(seed=1, n_projects=n_projects, tasks_per_project=50)
        pmo.simulate(plan, weeks=52, seed=1)

    run(20)  # warm up caches and lazy imports
    small = best_of(3, lambda: run(200))
    large = best_of(2, lambda: run(2000))
    ratio = (large / 100_000) / (small / 10_000)

    tracemalloc.start()
    run(200)
    _, peak_small = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    run(2000)
    _, peak_large = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    big = pmo.simulate(pmo.generate_portfolio(seed=1, n_projects=200, tasks_per_project=50), 52, 1)
    check = best_of(3, lambda: pmo.validate(big))
    teaching = pmo.load_portfolio()
    with tempfile.TemporaryDirectory() as tmp:
        folder, book = Path(tmp) / "csv", Path(tmp) / "p.xlsx"
        csv_round = best_of(3, lambda: pmo.read_portfolio(pmo.save_portfolio(teaching, folder)))
        xlsx_round = best_of(1, lambda: pmo.read_portfolio(pmo.save_portfolio(teaching, book)))
    load = best_of(5, pmo.load_portfolio)
    variant = best_of(5, lambda: pmo.load_portfolio(variant="trainee-042"))
    imp, bare = import_time()

    rows = [
        ("generate + simulate 52 wk, 200 x 50 tasks", f"{small:.3f} s", "<= 1 s"),
        ("generate + simulate 52 wk, 2,000 x 50 tasks", f"{large:.3f} s", ""),
        ("  time per task, 2,000 vs 200 projects", f"{ratio:.2f}x", "<= 1 (linear)"),
        ("  peak traced memory, 200 x 50", f"{peak_small / 2**20:.0f} MiB", ""),
        ("  peak traced memory, 2,000 x 50", f"{peak_large / 2**20:.0f} MiB", ""),
        ("validate, 10,000 tasks and 520,000 status rows", f"{check:.3f} s", ""),
        ("teaching portfolio: save + read, CSV folder", f"{csv_round:.3f} s", ""),
        ("teaching portfolio: save + read, .xlsx", f"{xlsx_round:.3f} s", ""),
        ("load_portfolio() (embedded CSV)", f"{load * 1000:.0f} ms", ""),
        ("load_portfolio(variant=...) (built)", f"{variant * 1000:.0f} ms", ""),
        ("import pmo_exercises", f"{imp:.3f} s", "<= 0.3 s"),
        ("  (python start-up, subtracted)", f"{bare:.3f} s", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print("bench_portfolio: the simulated portfolio")
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
