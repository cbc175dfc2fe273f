"""The teaching context: the default portfolio and the analytics the questions read.

Expected answers are computed here, from the default teaching portfolio, by the
same analytics a trainee calls: nothing is typed in. The context is built once
per process (the portfolio is the same on every machine, so this is a cache of
a constant, not state), and its tables are computed on first use.
"""

from __future__ import annotations

from functools import cache, cached_property

__all__ = ["TeachingContext", "teaching_context"]


class TeachingContext:
    """The default teaching portfolio and its tracking tables, computed on first use."""

    def __init__(self, portfolio) -> None:
        self.portfolio = portfolio

    @cached_property
    def history(self):
        """``tracking.earned_value_history`` per project, actual progress."""
        from .. import tracking

        return tracking.earned_value_history(self.portfolio)

    @cached_property
    def history_reported(self):
        """The same history on the managers' reported progress."""
        from .. import tracking

        return tracking.earned_value_history(self.portfolio, basis="reported")

    @cached_property
    def schedule(self):
        """``tracking.earned_schedule_history`` per project."""
        from .. import tracking

        return tracking.earned_schedule_history(self.portfolio)

    @cached_property
    def flags(self):
        """``tracking.variances`` of the history, under the policy's variance tolerance."""
        from .. import tracking

        tolerance = self.policy.schedule_tolerance, self.policy.cost_tolerance
        return tracking.variances(self.history, *tolerance)

    @cached_property
    def breaches(self):
        """``tracking.first_breaches`` of the history, under the policy's variance tolerance."""
        from .. import tracking

        tolerance = self.policy.schedule_tolerance, self.policy.cost_tolerance
        return tracking.first_breaches(self.history, *tolerance).set_index("project_id")

    @cached_property
    def summary(self):
        """``Portfolio.summary()`` indexed by project id."""
        return self.portfolio.summary().set_index("project_id")

    @property
    def status_week(self) -> int:
        """The portfolio's last status week."""
        return int(self.portfolio.status_week)

    def latest(self, project: str, basis: str = "actual") -> dict:
        """One project's earned-value row at the status week, as a dict."""
        table = self.history if basis == "actual" else self.history_reported
        return _row(table, project, self.status_week)

    def latest_schedule(self, project: str) -> dict:
        """One project's earned-schedule row at the status week, as a dict."""
        return _row(self.schedule, project, self.status_week)

    @cached_property
    def policy(self):
        """The kit's default PMO policy: the thresholds the lessons teach."""
        from ..governance import load_policy

        return load_policy()

    @cached_property
    def rag(self):
        """``governance.rag_history`` under the policy at the status week, by project."""
        from ..governance import rag_history

        h = rag_history(self.portfolio, self.policy)
        return h[h["week"] == self.status_week].set_index("project_id")

    @cached_property
    def watermelon(self) -> str:
        """The project the policy flags as a watermelon at the status week.

        The policy's rule (``rag.watermelon``): the computed overall RAG is red
        while the reported one is at least ``min_steps`` better. Should several
        be flagged, the one whose SPI or CPI is deepest in the red.
        """
        flagged = self.rag[self.rag["watermelon"]]
        if flagged.empty:
            raise LookupError("the policy flags no watermelon at the status week")
        worst = flagged[["spi", "cpi"]].min(axis=1).fillna(float("inf"))
        return str(worst.idxmin())

    # -- planning (lesson 02) ---------------------------------------------------------

    def network(self, project: str):
        """One project's plan as its own portfolio: ``Portfolio.subset``."""
        cache = self.__dict__.setdefault("_networks", {})
        if project not in cache:
            cache[project] = self.portfolio.subset(project)
        return cache[project]

    def plan(self, project: str):
        """``planning.critical_path`` of one project's planned durations and links."""
        from .. import planning

        cache = self.__dict__.setdefault("_plans", {})
        if project not in cache:
            one = self.network(project)
            cache[project] = planning.critical_path(one.tasks, one.dependencies)
        return cache[project]

    @cached_property
    def baseline_loading(self):
        """``planning.resource_loading`` of the baseline plan (week 0), by role and project."""
        from .. import planning

        baseline = planning.portfolio_schedule(self.portfolio, week=0)
        return planning.resource_loading(baseline, self.portfolio.assignments, by_project=True)

    @cached_property
    def baseline_overallocations(self):
        """``planning.overallocations`` of the baseline plan against the roles' capacity."""
        from .. import planning

        return planning.overallocations(self.baseline_loading, self.portfolio.roles)


def _row(table, project: str, week: int) -> dict:
    rows = table[(table["project_id"] == project) & (table["week"] == week)]
    if len(rows) != 1:
        raise KeyError(f"no single row for project {project!r} in week {week}")
    return rows.iloc[0].to_dict()


@cache
def teaching_context() -> TeachingContext:
    """The context of the default teaching portfolio (built once per process)."""
    from ..simulation.loading import load_portfolio

    return TeachingContext(load_portfolio())
