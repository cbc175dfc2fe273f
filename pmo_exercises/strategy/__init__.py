"""Strategy: the PMO as conductor of the portfolio.

- :mod:`.scoring`: weighted scoring against the strategic objectives, the
  ranking, and how it moves when the weights move;
- :mod:`.selection`: choosing projects under budget and capacity limits as
  a 0-1 integer program (:func:`scipy.optimize.milp`), the efficient
  frontier and the value each constraint costs;
- :mod:`.capacity`: demand against capacity by role and month, and the
  effect of adding, pausing or cancelling a project.

scipy is imported only when a selection is solved.
"""

from .capacity import capacity_effect, capacity_plan
from .scoring import BUILTIN_CRITERIA, ranking_sensitivity, score_projects
from .selection import (
    InfeasibleSelection,
    Selection,
    constraint_costs,
    efficient_frontier,
    greedy_selection,
    select_portfolio,
    selection_inputs,
)

__all__ = [
    "BUILTIN_CRITERIA",
    "InfeasibleSelection",
    "Selection",
    "capacity_effect",
    "capacity_plan",
    "constraint_costs",
    "efficient_frontier",
    "greedy_selection",
    "ranking_sensitivity",
    "score_projects",
    "select_portfolio",
    "selection_inputs",
]
