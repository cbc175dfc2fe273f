"""Planning: schedules, floats, PERT, calendars, resources and baselines.

Pure functions on pandas tables; see each module for its conventions.
"""

from .baseline import compare_schedules, project_slip
from .calendar import WorkCalendar, schedule_dates
from .cpm import FLOAT_TOLERANCE, critical_path, critical_paths, project_duration
from .forecast import portfolio_schedule, status_day
from .pert import PertEstimate, completion_probability, deadline_for_probability, pert
from .resources import level_resources, levelling_delays, overallocations, resource_loading

__all__ = [
    "FLOAT_TOLERANCE",
    "PertEstimate",
    "WorkCalendar",
    "compare_schedules",
    "completion_probability",
    "critical_path",
    "critical_paths",
    "deadline_for_probability",
    "level_resources",
    "levelling_delays",
    "overallocations",
    "pert",
    "portfolio_schedule",
    "project_duration",
    "project_slip",
    "resource_loading",
    "schedule_dates",
    "status_day",
]
