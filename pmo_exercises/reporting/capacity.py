"""The capacity picture of a steering report: who is booked, against what capacity, to come.

The steering report's decisions name the shared roles booked beyond their
capacity (:func:`~pmo_exercises.governance.committee.committee_decisions`),
from the resource loading of the report's forecast schedule. The deck also
draws that loading, week by week: :func:`capacity_picture` takes it from the
same analytics, on the same schedule (:attr:`SteeringReport.schedule`), so the
chart and the decision's evidence agree. It computes nothing itself:
:func:`~pmo_exercises.planning.resource_loading` gives the demand,
:func:`~pmo_exercises.planning.overallocations` the weeks over capacity, and
the portfolio's ``roles`` the capacity.

::

    from pmo_exercises.reporting import capacity_picture, steering_report, write_steering_deck

    report = steering_report(p)
    write_steering_deck(report, "steering.pptx", capacity=capacity_picture(p, report))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CAPACITY_COLUMNS", "CapacityPicture", "capacity_picture"]

#: The columns of :attr:`CapacityPicture.loading`, in order.
CAPACITY_COLUMNS = ("role_id", "name", "week", "demand_days", "capacity_days")


@dataclass(frozen=True)
class CapacityPicture:
    """The weeks to come of each role: booked person-days against capacity.

    Attributes
    ----------
    week : int
        The status week of the report; the picture starts the week after.
    loading : pandas.DataFrame
        :data:`CAPACITY_COLUMNS`: one row per role and week, from the week
        after ``week`` to the last week any role is booked (a week nobody is
        booked has ``demand_days`` 0); ``capacity_days`` is the role's
        ``capacity_days_per_week``.
    overbooked : pandas.DataFrame
        :func:`~pmo_exercises.planning.overallocations` in those weeks:
        ``role_id``, ``week``, ``demand_days``, ``capacity_days``,
        ``excess_days``, ``projects``, worst first.
    """

    week: int
    loading: pd.DataFrame
    overbooked: pd.DataFrame

    @property
    def overbooked_roles(self) -> list[str]:
        """The roles booked beyond capacity in at least one coming week, in role order."""
        over = set(self.overbooked["role_id"].astype(str))
        return [r for r in pd.unique(self.loading["role_id"].astype(str)) if r in over]


def capacity_picture(portfolio, report) -> CapacityPicture:
    """The capacity picture of ``report``: each role's coming weeks, booked against capacity.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio the report is on (its ``assignments`` and ``roles``).
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`; its forecast
        schedule gives the dates of the work.

    Returns
    -------
    CapacityPicture
    """
    from ..planning import overallocations, resource_loading

    roles = portfolio.roles
    loading = resource_loading(report.schedule, portfolio.assignments)
    over = overallocations(loading, roles)
    coming = loading[loading["week"] > report.week]
    last = int(coming["week"].max()) if len(coming) else report.week
    weeks = np.arange(report.week + 1, last + 1)
    ids = roles["role_id"].astype(str).tolist()
    grid = pd.MultiIndex.from_product([ids, weeks], names=["role_id", "week"])
    demand = (
        coming.assign(role_id=coming["role_id"].astype(str))
        .set_index(["role_id", "week"])["demand_days"]
        .reindex(grid, fill_value=0.0)  # resource_loading leaves out the weeks nobody is booked
        .reset_index()
    )
    by_role = roles.assign(role_id=roles["role_id"].astype(str)).set_index("role_id")
    demand["name"] = demand["role_id"].map(by_role["name"]).astype(object)
    demand["capacity_days"] = demand["role_id"].map(by_role["capacity_days_per_week"]).astype(float)
    overbooked = over[over["week"] > report.week].reset_index(drop=True)
    return CapacityPicture(
        week=int(report.week),
        loading=demand[list(CAPACITY_COLUMNS)],
        overbooked=overbooked,
    )
