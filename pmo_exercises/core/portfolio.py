"""The :class:`Portfolio`: the tables of one simulated company, kept together.

A portfolio is immutable by convention: no function of the kit changes the
tables it is given. Scenario interventions and :func:`~pmo_exercises.simulate`
return a new portfolio; :meth:`Portfolio.replace` is how to make one by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .schema import TABLES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Portfolio"]


@dataclass(frozen=True, eq=False, repr=False)
class Portfolio:
    """A project portfolio as tidy tables.

    Every attribute named like a table in :data:`pmo_exercises.core.schema.TABLES`
    is a :class:`pandas.DataFrame` with that table's columns
    (see :func:`pmo_exercises.describe`). ``meta`` holds the portfolio's
    facts: ``company``, ``currency``, ``start_date`` (a Monday, working day 0),
    ``status_week`` (the last week of status history, 0 when none),
    ``status_date``, ``seed`` and ``variant``.

    Examples
    --------
    >>> import pmo_exercises as pmo
    >>> p = pmo.load_portfolio()
    >>> p.projects[["project_id", "name", "reported_rag"]].head(3)  # doctest: +SKIP
    """

    objectives: pd.DataFrame
    roles: pd.DataFrame
    projects: pd.DataFrame
    alignment: pd.DataFrame
    tasks: pd.DataFrame
    dependencies: pd.DataFrame
    assignments: pd.DataFrame
    risks: pd.DataFrame
    opportunities: pd.DataFrame
    artefacts: pd.DataFrame
    task_status: pd.DataFrame
    project_status: pd.DataFrame
    events: pd.DataFrame
    drivers: pd.DataFrame
    meta: Any = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A read-only view: meta changes go through replace(), like tables.
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    # -- access -------------------------------------------------------------
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in schema order."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def status_week(self) -> int:
        """The last week with status history (0 before any)."""
        return int(self.meta.get("status_week", 0))

    @property
    def status_date(self):
        """The date of the latest status, as a :class:`pandas.Timestamp` (or None)."""
        import pandas as pd

        value = self.meta.get("status_date")
        return None if value in (None, "") else pd.Timestamp(value)

    # -- new portfolios -----------------------------------------------------
    def replace(self, **changes: Any) -> Portfolio:
        """A new portfolio with some tables (or ``meta``) replaced.

        Parameters
        ----------
        **changes
            Table names mapped to new DataFrames, and/or ``meta`` mapped to a
            dict that is merged over the current metadata.
        """
        unknown = set(changes) - set(TABLES) - {"meta"}
        if unknown:
            raise TypeError(f"Portfolio has no table {sorted(unknown)[0]!r}")
        if "meta" in changes:
            changes["meta"] = {**self.meta, **changes["meta"]}
        return replace(self, **changes)

    def copy(self) -> Portfolio:
        """A deep copy: no table is shared with this portfolio."""
        return replace(self, **{n: t.copy(deep=True) for n, t in self.tables().items()})

    def subset(self, project_ids) -> Portfolio:
        """The portfolio restricted to some projects (and their tasks, links, risks...).

        Links between a kept and a dropped task are dropped with the task.
        """
        keep = set([project_ids] if isinstance(project_ids, str) else project_ids)
        unknown = keep - set(self.projects["project_id"])
        if unknown:
            from .errors import PortfolioError

            raise PortfolioError(
                "projects",
                f"no project {sorted(unknown)[0]!r} in this portfolio",
                column="project_id",
            )
        task_ids = set(self.tasks.loc[self.tasks["project_id"].isin(keep), "task_id"])
        out = {}
        for name, frame in self.tables().items():
            if "project_id" in frame.columns:
                frame = frame[frame["project_id"].isin(keep)]
            elif name == "dependencies":
                frame = frame[
                    frame["predecessor"].isin(task_ids) & frame["successor"].isin(task_ids)
                ]
            elif name == "assignments":
                frame = frame[frame["task_id"].isin(task_ids)]
            out[name] = frame.reset_index(drop=True)
        return self.replace(**out)

    # -- views --------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """One row per project at the status date: the table a PMO starts from.

        Returns
        -------
        pandas.DataFrame
            ``project_id``, ``name``, ``kind``, ``manager``, ``stage``,
            ``state``, ``tasks``, ``bac``, ``planned_finish``,
            ``pct_complete_reported``, ``pct_complete_actual``,
            ``actual_cost``, ``reported_rag`` and ``last_update``.
        """
        cols = ["project_id", "name", "kind", "manager", "stage", "state", "bac", "planned_finish"]
        out = self.projects[cols].copy()
        counts = self.tasks.groupby("project_id").size()
        out.insert(6, "tasks", out["project_id"].map(counts).fillna(0).astype("int64"))
        latest = self.project_status
        latest = latest[latest["week"] == self.status_week].set_index("project_id")
        for col in ("pct_complete_reported", "pct_complete_actual", "actual_cost"):
            out[col] = out["project_id"].map(latest[col]) if len(latest) else 0.0
        out["reported_rag"] = self.projects["reported_rag"]
        out["last_update"] = out["project_id"].map(latest["last_update"]) if len(latest) else None
        return out.reset_index(drop=True)

    def digest(self) -> str:
        """SHA-256 of the portfolio's canonical content; equal data, equal digest."""
        from .canonical import digest

        return digest(self)

    def __repr__(self) -> str:
        company = self.meta.get("company", "portfolio")
        history = (
            f"{self.status_week} weeks of status to {self.status_date:%Y-%m-%d}"
            if self.status_week
            else "no status history yet"
        )
        return (
            f"<Portfolio {company!r}: {len(self.projects)} projects, {len(self.tasks)} tasks, "
            f"{len(self.risks)} risks, {history}>"
        )

    @classmethod
    def table_names(cls) -> list[str]:
        """The names of the tables, in schema order."""
        return [f.name for f in fields(cls) if f.name != "meta"]
