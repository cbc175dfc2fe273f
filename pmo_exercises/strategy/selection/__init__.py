"""Portfolio selection under budget and capacity limits, as a 0-1 integer program.

Each candidate project ``j`` is in (``x_j = 1``) or out (``x_j = 0``). The
PMO maximises the total value ``sum v_j x_j`` subject to

* **budget**: ``sum c_j x_j <= B`` (``c_j`` the BAC, or the remaining cost);
* **capacity**, per role ``r``: ``sum d_jr x_j <= K_r``, where ``d_jr`` is the
  person-days project ``j`` needs from role ``r`` and ``K_r`` the person-days
  the pool gives over the same horizon. This is deliberately simple: it
  compares totals over the horizon, not week by week, so a selection that
  fits may still need levelling (see :mod:`pmo_exercises.planning.resources`);
* **mandatory** projects: ``x_j = 1`` (regulatory work, commitments);
* **mutual exclusions** ``(a, b)``: ``x_a + x_b <= 1`` (two ways to do one thing);
* **requirements** ``(a, b)``, *a needs b*: ``x_a <= x_b``.

:func:`select_portfolio` solves it exactly with :func:`scipy.optimize.milp`
(HiGHS branch and bound); :func:`greedy_selection` is the value-for-money
rule of thumb it should be compared with; :func:`efficient_frontier` traces
value against budget; :func:`constraint_costs` prices each constraint by
re-solving without it. :func:`selection_inputs` builds the candidate, demand
and capacity tables from a portfolio.

The modules of this package: :mod:`.problem` (the inputs checked, feasibility,
the :class:`Selection`), :mod:`.solvers` (exact and greedy), :mod:`.analysis`
(frontier and constraint costs) and :mod:`.inputs` (from a portfolio).
"""

from __future__ import annotations

from .analysis import constraint_costs, efficient_frontier
from .inputs import selection_inputs
from .problem import TOLERANCE as TOLERANCE
from .problem import InfeasibleSelection, Selection
from .solvers import greedy_selection, select_portfolio

__all__ = [
    "InfeasibleSelection",
    "Selection",
    "constraint_costs",
    "efficient_frontier",
    "greedy_selection",
    "select_portfolio",
    "selection_inputs",
]
