"""Tracking and control: earned value, earned schedule, S-curves and variance analysis.

The tools of PMO mission 2, monitoring and control (module 03 of the course)::

    from pmo_exercises import tracking

    tracking.evm(bac=4000, pv=3000, ev=2500, ac=2800)   # one status: SPI, CPI, EACs, TCPI
    tracking.earned_schedule([0, 25, 50, 75, 100], [0, 20, 40, 60], planned_duration=4)
    h = tracking.earned_value_history(p)                # the S-curve table, per project, week
    tracking.earned_value_history(p, basis="reported")  # what managers say: watermelons?
    tracking.earned_schedule_history(p)                 # SPI(t), forecast finish, per week
    policy = governance.load_policy()                   # the PMO's rules: its variance tolerance
    tracking.first_breaches(h, policy.schedule_tolerance, policy.cost_tolerance)  # step in when?

Modules: :mod:`.evm` (the formulas on numbers), :mod:`.earned_schedule`
(Lipke's method on one PV curve), :mod:`.history` (weekly PV, EV and AC of a
portfolio), :mod:`.schedule_history` (earned schedule per project and week)
and :mod:`.variance` (tolerances and breaches).
"""

from __future__ import annotations

from ._inputs import EVMWarning
from .earned_schedule import ES_COLUMNS, earned_schedule
from .evm import EVM_COLUMNS, evm
from .history import BASES, LEVELS, METHODS, earned_value_history
from .schedule_history import earned_schedule_history
from .variance import first_breaches, variances

EVMWarning.__module__ = __name__  # shown as pmo_exercises.tracking.EVMWarning

__all__ = [
    "BASES",
    "ES_COLUMNS",
    "EVM_COLUMNS",
    "LEVELS",
    "METHODS",
    "EVMWarning",
    "earned_schedule",
    "earned_schedule_history",
    "earned_value_history",
    "evm",
    "first_breaches",
    "variances",
]
