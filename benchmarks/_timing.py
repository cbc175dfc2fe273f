"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import time


def best_of(repeats: int, fn) -> float:
    """The fastest of ``repeats`` runs of ``fn()``, in seconds: the least disturbed one."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)
