"""The :class:`Portfolio`: the tables of one simulated company, kept together.

A portfolio is immutable by convention: no function of the kit changes the
tables it is given. Scenario interventions and :func:`~pmo_exercises.simulate`
return a new portfolio; :meth:`Portfolio.replace` is how to make one by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .schema import DAYS_PER_WEEK, TABLES

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = ["Portfolio", "fridays", "rebuild"]


def _empty(name: str):
    from .tables import empty

    return empty(name)


def rebuild(cls, tables: dict, meta: dict) -> Portfolio:
    """A portfolio of class ``cls`` from its tables by name and its meta (used by pickle)."""
    return cls(**tables, meta=meta)


def fridays(start, weeks) -> np.ndarray:
    """The Friday that ends each status week, counted from a portfolio's start.

    Week ``w`` ends on working day ``5 w - 1`` (working day 0 is ``start``, a
    Monday), rolled forward to a working day; week 0's "Friday" is the one
    before the start, where every S-curve begins at zero.

    Parameters
    ----------
    start : str, date or numpy.datetime64
        Working day 0 (``meta["start_date"]``).
    weeks : array_like of int
        Status weeks.

    Returns
    -------
    numpy.ndarray
        ``datetime64[ns]`` dates, one per week.

    Examples
    --------
    >>> fridays("2026-01-05", [0, 1, 2]).astype("datetime64[D]").tolist()
    [datetime.date(2026, 1, 2), datetime.date(2026, 1, 9), datetime.date(2026, 1, 16)]
    """
    import numpy as np
    import pandas as pd

    day0 = np.datetime64(pd.Timestamp(start).date(), "D")
    days = DAYS_PER_WEEK * np.asarray(weeks, dtype=np.int64) - 1
    return np.busday_offset(day0, days, roll="forward").astype("datetime64[ns]")


@dataclass(frozen=True, eq=False, repr=False)
class Portfolio:
    """A project portfolio as tidy tables.

    Every attribute named like a table in :data:`pmo_exercises.core.schema.TABLES`
    is a :class:`pandas.DataFrame` with that table's columns
    (see :func:`pmo_exercises.describe`). ``meta`` holds the portfolio's
    facts: ``company``, ``currency``, ``start_date`` (a Monday, working day 0),
    ``status_week`` (the last week of status history, 0 when none),
    ``status_date``, ``seed`` and ``variant``. ``holidays`` (the days off
    besides weekends) may be left out: it defaults to no holiday.

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
    # the working calendar, added after the other tables: it defaults to no holiday,
    # so that portfolios built without it (the simulator's) stay as they were
    holidays: pd.DataFrame = field(default_factory=lambda: _empty("holidays"))

    def __post_init__(self) -> None:
        # A read-only view: meta changes go through replace(), like tables.
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def __reduce__(self):
        # pickle (multiprocessing, joblib) cannot copy the read-only view of meta:
        # the portfolio is rebuilt from its tables and a plain copy of meta
        return (rebuild, (type(self), self.tables(), dict(self.meta)))

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

    # -- the week/date model -------------------------------------------------
    # Status weeks are numbered from 1; each ends on a Friday (its status date).
    def check_week(self, week=None) -> int:
        """``week`` as an int, checked to lie in the status history (default: the latest).

        Raises
        ------
        ValueError
            When ``week`` is not between 1 and :attr:`status_week`.
        """
        last = self.status_week
        if last < 1:
            raise ValueError(
                "the portfolio has no status history yet (status_week is 0): there is no "
                "status week to report on"
            )
        week = last if week is None else int(week)
        if not 1 <= week <= last:
            raise ValueError(f"week must be between 1 and {last}, not {week}")
        return week

    def week_dates(self, weeks) -> np.ndarray:
        """The status date (the Friday) of each of ``weeks``, as ``datetime64[ns]``."""
        return fridays(self.meta["start_date"], weeks)

    def week_date(self, week) -> pd.Timestamp:
        """The status date (the Friday) of status week ``week``.

        Examples
        --------
        >>> import pmo_exercises as pmo
        >>> p = pmo.load_portfolio()
        >>> p.week_date(p.status_week) == p.status_date
        True
        """
        import pandas as pd

        return pd.Timestamp(self.week_dates([int(week)])[0])

    def week_of(self, date) -> int:
        """The latest status week whose Friday is on or before ``date``.

        Raises
        ------
        ValueError
            When ``date`` is not a date, or falls before the first status or
            more than six days after the last one (outside the history).

        Examples
        --------
        >>> import pmo_exercises as pmo
        >>> p = pmo.load_portfolio()
        >>> p.week_of(p.status_date) == p.status_week
        True
        """
        import numpy as np
        import pandas as pd

        last = self.status_week
        if last < 1:
            raise ValueError("the portfolio has no status history to report on")
        try:
            day = pd.Timestamp(date).normalize()
        except (TypeError, ValueError):
            raise ValueError(f"{date!r} is not a date (YYYY-MM-DD)") from None
        dates = pd.DatetimeIndex(self.week_dates(np.arange(1, last + 1)))
        first, final = dates[0], dates[-1]
        if day < first or day > final + pd.Timedelta(days=6):
            raise ValueError(
                f"status date {day:%Y-%m-%d} is outside the status history, which runs from "
                f"{first:%Y-%m-%d} (week 1) to {final:%Y-%m-%d} (week {last})"
            )
        return int(np.searchsorted(dates.to_numpy(), day.to_datetime64(), side="right"))

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
