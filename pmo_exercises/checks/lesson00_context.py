"""The setting of lesson 00's exercises: the refresher's figures, read from the teaching portfolio.

:class:`Refresher` computes, once per teaching context, what the pandas
refresher's "Try it yourself" asks: the budget by sponsor from
``Portfolio.projects``, the stages and reported colours from
:meth:`~pmo_exercises.core.Portfolio.summary` at the status week, and the gap
between reported and actual progress from ``Portfolio.project_status``. The
helpers below turn those figures into expected values and detectors for the
questions of :mod:`.lesson00`, and compare names and ids as a newcomer types them.
"""

from __future__ import annotations

import unicodedata
from functools import cached_property

import pandas as pd

__all__ = [
    "EXECUTION",
    "GREEN",
    "Refresher",
    "answer_is",
    "figure",
    "gap_is",
    "names_in",
    "part_of_a_sponsor",
    "person_name",
    "project_id",
    "refresher",
]

EXECUTION = "execution"
GREEN = "green"


class Refresher:
    """The figures of lesson 00's exercises, from the teaching portfolio's tables."""

    def __init__(self, portfolio, summary: pd.DataFrame) -> None:
        self.portfolio = portfolio
        self.summary = summary  # Portfolio.summary() by project id

    # -- budget by sponsor ----------------------------------------------------------------

    @cached_property
    def budget(self) -> pd.Series:
        """The total budget at completion (BAC) each sponsor owns."""
        return self.portfolio.projects.groupby("sponsor")["bac"].sum()

    @cached_property
    def top_sponsor(self) -> str:
        """The sponsor who owns the largest total budget."""
        return str(self.budget.idxmax())

    @cached_property
    def mine(self) -> pd.DataFrame:
        """The projects of the sponsor who owns the largest total budget."""
        projects = self.portfolio.projects
        return projects[projects["sponsor"] == self.top_sponsor]

    def share(self, how: str = "sum", column: str = "bac") -> float:
        """The top sponsor's ``how`` (sum, max) of ``column`` over the portfolio's total."""
        return float(self.mine[column].agg(how) / self.portfolio.projects[column].sum())

    # -- stages and colours at the status week ---------------------------------------------

    def count(self, stage: str | None = None, rag: str | None = None, *, negate=False) -> int:
        """Projects in ``stage`` (if given) whose latest report is ``rag`` (if given).

        ``negate`` counts the others of the stage: not in it, or (with ``rag``)
        in it but not reporting that colour.
        """
        s = self.summary
        in_stage = s["stage"] == stage if stage else pd.Series(True, index=s.index)
        if rag is None:
            return int((~in_stage if negate else in_stage).sum())
        coloured = s["reported_rag"] == rag
        return int((in_stage & (~coloured if negate else coloured)).sum())

    @cached_property
    def execution_ids(self) -> set[str]:
        """The projects in execution."""
        return set(self.summary.index[self.summary["stage"] == EXECUTION])

    def rows(self, table: str, *, green: bool = False) -> set[int]:
        """Rows of a table with several rows per project, all and those of execution."""
        rows = getattr(self.portfolio, table)
        if green:
            rows = rows[rows["reported_rag"] == GREEN]
        return {len(rows), int(rows["project_id"].isin(self.execution_ids).sum())}

    # -- reported against actual progress -------------------------------------------------

    @cached_property
    def gap_now(self) -> pd.Series:
        """Reported minus actual progress at the status week, in points, by project."""
        s = self.summary
        return s["pct_complete_reported"] - s["pct_complete_actual"]

    @cached_property
    def furthest_ahead(self) -> str:
        """The project whose reported progress runs furthest ahead of its real one."""
        return str(self.gap_now.idxmax())

    @cached_property
    def history(self) -> pd.DataFrame:
        """The weekly status history with its ``gap``, reported minus actual, in points."""
        s = self.portfolio.project_status
        return s.assign(gap=s["pct_complete_reported"] - s["pct_complete_actual"])

    def weeks_ahead(self, project: str) -> list[int]:
        """The weeks in which a project's reported progress ran ahead of its real one."""
        h = self.history
        return sorted(int(w) for w in h.loc[(h["project_id"] == project) & (h["gap"] > 0), "week"])

    @cached_property
    def gap_week(self) -> int:
        """The first week the furthest-ahead project's report ran ahead."""
        return self.weeks_ahead(self.furthest_ahead)[0]

    @cached_property
    def other_first_weeks(self) -> set[int]:
        """The first week ahead of each other project whose report ever ran ahead."""
        others = set(self.summary.index) - {self.furthest_ahead}
        return {weeks[0] for weeks in map(self.weeks_ahead, others) if weeks}


def refresher(ctx) -> Refresher:
    """The :class:`Refresher` of a teaching context, built on first use."""
    return ctx.__dict__.setdefault("_refresher", Refresher(ctx.portfolio, ctx.summary))


def figure(figure):
    """The value ``figure(refresher)`` gives, as a question's expected value or a detector's."""
    return lambda ctx: figure(refresher(ctx))


def answer_is(figure):
    """Fires on the value ``figure(refresher)`` gives, or on any of a set of them."""

    def detect(answer, expected, ctx) -> bool:
        value = figure(refresher(ctx))
        return answer in value if isinstance(value, set) else answer == value

    return detect


def person_name(text: str) -> str:
    """A person's name as compared: any case, any spacing, accents optional."""
    text = unicodedata.normalize("NFKD", " ".join(str(text).split()))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def project_id(text: str) -> str:
    """A project id as compared: any case, stray spaces dropped."""
    return str(text).strip().upper()


def names_in(r: Refresher, column: str, normalise=person_name) -> set[str]:
    """Every value of a column of the project table, as compared."""
    return {normalise(v) for v in r.portfolio.projects[column].dropna()}


def part_of_a_sponsor(answer, expected, ctx) -> bool:
    """Fires on a part of a sponsor's name (a first or last name alone)."""
    sponsors = names_in(refresher(ctx), "sponsor")
    parts = {part for n in sponsors for part in n.split()}
    return answer not in sponsors and set(answer.split()) <= parts


def gap_is(keep):
    """Fires on a project whose gap now satisfies ``keep`` (ahead, behind, level)."""
    return answer_is(lambda r: set(r.gap_now.index[keep(r.gap_now)]))
