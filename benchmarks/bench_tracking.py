"""Benchmark: earned value, earned schedule and variance analysis.

Prints figures; asserts nothing. Targets (issue #3):

* the weekly EVM history of the whole default portfolio well under 0.2 s
* ``evm()`` on 1,000,000-row Series: vectorised, a fraction of a second

Run with ``make bench`` or ``.venv/bin/python benchmarks/bench_tracking.py``.
"""

from __future__ import annotations

import warnings

from _timing import best_of


def main() -> None:
    import numpy as np
    import pandas as pd

    import pmo_exercises as pmo
    from pmo_exercises.planning import portfolio_schedule
    from pmo_exercises.tracking import (
        EVMWarning,
        earned_schedule,
        earned_schedule_history,
        earned_value_history,
        evm,
        first_breaches,
    )

    teaching = pmo.load_portfolio()
    big = pmo.simulate(pmo.generate_portfolio(seed=1, n_projects=200, tasks_per_project=50), 52, 1)
    earned_value_history(teaching)  # warm up lazy imports

    def history(p, level):
        return lambda: earned_value_history(p, level=level)

    rows = []
    n_t, w_t = len(teaching.tasks), teaching.status_week
    for level in ("project", "task", "portfolio"):
        seconds = best_of(7, history(teaching, level))
        rows.append((f"EV history, default portfolio, {level} level", seconds, "<= 0.2 s"))
    rows.append(
        (
            "  + earned_schedule_history (per project)",
            best_of(7, lambda: earned_schedule_history(teaching)),
            "",
        )
    )
    h = earned_value_history(teaching)
    rows.append(("  + first_breaches (per project)", best_of(7, lambda: first_breaches(h)), ""))

    def schedule_and_history():
        portfolio_schedule(teaching)
        earned_value_history(teaching, level="task")

    rows.append(
        (
            "portfolio_schedule + task EV history, default",
            best_of(7, schedule_and_history),
            "<= 0.2 s",
        )
    )
    n_b = len(big.tasks)
    for level in ("project", "task"):
        rows.append(
            (f"EV history, {n_b:,} tasks x 52 weeks, {level}", best_of(3, history(big, level)), "")
        )
    rows.append(
        (
            f"earned_schedule_history, {len(big.projects)} projects x 52 weeks",
            best_of(3, lambda: earned_schedule_history(big)),
            "",
        )
    )

    rng = np.random.default_rng(1)
    n = 1_000_000
    bac = pd.Series(rng.uniform(1e4, 1e6, n))
    pv = bac * rng.uniform(0, 1, n)
    ev = bac * rng.uniform(0, 1, n)
    ac = ev * rng.uniform(0.5, 2.0, n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EVMWarning)
        rows.append(("evm() on 1,000,000-row Series", best_of(5, lambda: evm(bac, pv, ev, ac)), ""))
    curve = np.concatenate([[0.0], np.cumsum(rng.uniform(0, 10, 10_000))])
    earned = curve[:8_001] * 0.9
    rows.append(
        (
            "earned_schedule(per_period=True), 8,000 of 10,000 periods",
            best_of(5, lambda: earned_schedule(curve, earned, 10_000, per_period=True)),
            "",
        )
    )

    width = max(len(r[0]) for r in rows)
    print(f"bench_tracking: earned value and earned schedule ({n_t} tasks x {w_t + 1} weeks)")
    for name, seconds, target in rows:
        value = f"{seconds * 1000:.1f} ms"
        print(f"  {name:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
