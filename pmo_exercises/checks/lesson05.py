"""The questions of lesson 05, "Reporting and communication".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.reporting` and the kit's default policy, at the status
week: the computed and reported RAG from
:func:`~pmo_exercises.reporting.rag_history`, the EAC against the BAC from
:func:`~pmo_exercises.reporting.portfolio_dashboard`. The lesson's projects
are chosen so that each usual mistake gives an answer of its own: P12 is
amber on schedule and red on cost, P09 overruns its budget badly and its
manager's reported progress hides part of it. The policy, its RAG at the
status week and its watermelon are the teaching context's
(:attr:`~.context.TeachingContext.policy`, ``.rag``, ``.watermelon``: the
rule ``rag.watermelon`` of :func:`~pmo_exercises.governance.rag_history`,
as lesson 03 asks it), so the course has one of each; the dashboards are
computed once per teaching context and kept on it, as :mod:`.lesson01` does.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from ..core.schema import RAG
from .detectors import close_to, negated
from .formulas import EARNED_VALUE
from .lesson03 import evm_inputs
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["FORECAST", "QUESTIONS", "RAG_PROJECT", "Reporting", "reporting"]

RAG_PROJECT = "P12"  # amber on schedule, red on cost: the lesson's RAG by hand
FORECAST = "P09"  # its EAC against its BAC, on the audit and on the reported progress


class Reporting:
    """The policy RAG of the teaching context at its status week, and the dashboards."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.portfolio = ctx.portfolio

    @property
    def policy(self):
        """The kit's PMO policy: the teaching context's (``TeachingContext.policy``)."""
        return self.ctx.policy

    @property
    def now(self) -> pd.DataFrame:
        """``rag_history`` at the status week, by project: ``TeachingContext.rag``."""
        return self.ctx.rag

    @cached_property
    def dashboard(self) -> pd.DataFrame:
        """``portfolio_dashboard`` on the audited progress, by project."""
        from ..reporting import portfolio_dashboard

        return portfolio_dashboard(self.portfolio, self.policy).set_index("project_id")

    @cached_property
    def dashboard_reported(self) -> pd.DataFrame:
        """The same dashboard on the managers' reported progress."""
        from ..reporting import portfolio_dashboard

        d = portfolio_dashboard(self.portfolio, self.policy, basis="reported")
        return d.set_index("project_id")

    def schedule_and_cost(self, project: str) -> str:
        """The worse of the schedule and cost RAG of a project (the policy's rule)."""
        row = self.now.loc[project]
        return max(row["schedule_rag"], row["cost_rag"], key=RAG.index)

    def count(self, column: str, colour: str = "red") -> int:
        """How many projects have ``colour`` in ``column`` at the status week."""
        return int((self.now[column] == colour).sum())

    @property
    def watermelon(self) -> str:
        """The project the policy flags as a watermelon: ``TeachingContext.watermelon``."""
        return self.ctx.watermelon

    def projects_where(self, keep) -> set[str]:
        """The projects whose row at the status week ``keep`` selects."""
        return set(self.now.index[keep(self.now)])


def reporting(ctx) -> Reporting:
    """The :class:`Reporting` of a teaching context, built on first use."""
    return ctx.__dict__.setdefault("_reporting", Reporting(ctx))


def _r(figure):
    return lambda ctx: figure(reporting(ctx))


def _is(text):
    return lambda answer, expected, ctx: answer == text


def _counts(*figures):
    def detect(answer, expected, ctx) -> bool:
        r = reporting(ctx)
        return any(answer == f(r) for f in figures)

    return detect


def _among(keep):
    def detect(answer, expected, ctx) -> bool:
        return answer in reporting(ctx).projects_where(keep)

    return detect


def _unknown(answer, expected, ctx) -> bool:
    return answer not in set(ctx.portfolio.projects["project_id"])


def _red_reported_better(now: pd.DataFrame) -> pd.Series:
    """Red by the policy and reported better, by fewer steps than ``rag.watermelon.min_steps``."""
    better = now["rag_gap"].fillna(0) >= 1
    return (now["overall_rag"] == "red") & better & ~now["watermelon"]


def _colour(text: str) -> str:
    return str(text).strip().lower()


def _optimistic(r: Reporting) -> int:
    return int((r.now["rag_gap"] >= 1).sum())


def _pct(dashboard: str):
    return _r(lambda r: float(getattr(r, dashboard).at[FORECAST, "eac_vs_bac_pct"]))


def _eac(r: Reporting) -> float:
    return float(r.dashboard.at[FORECAST, "eac"])


def _bac(r: Reporting) -> float:
    return float(r.dashboard.at[FORECAST, "bac"])


QUESTIONS = (
    Question(
        id="05.overall_rag",
        prompt=f"The overall RAG of {RAG_PROJECT} at the status week, from its SPI and CPI "
        "with the policy's thresholds: green, amber or red?",
        kind="text",
        normalise=_colour,
        expected=_r(lambda r: r.schedule_and_cost(RAG_PROJECT)),
        why="A colour computed from written rules is one nobody can argue with in a "
        "meeting: the PMO debates the recovery, not the shade.",
        hints=(
            "Rate schedule and cost separately first, then combine the two colours as the "
            "policy says.",
            "Each index: below rag.schedule.red (or rag.cost.red) is red, below amber is "
            "amber, otherwise green. The policy's rag.overall is 'worst'.",
            f"The row of {RAG_PROJECT} in the EV history at the status week: its spi and "
            "cpi columns, against policy.schedule and policy.cost (amber, red).",
        ),
        misconceptions=(
            Misconception(
                "best_of_parts",
                _is("amber"),
                "You took the better of the two colours. The policy's overall RAG is the "
                "WORST of its parts: one red part makes the whole project red, whatever "
                "the other part (or the manager's report) says.",
            ),
            Misconception(
                "thresholds_reversed",
                _is("green"),
                "Neither index reaches the green threshold, so you read the thresholds the "
                "wrong way round. An index is red BELOW the red threshold and amber below "
                "the amber one: lower is worse.",
            ),
        ),
    ),
    Question(
        id="05.red_count",
        prompt="At the status week, how many projects are red by the policy's overall RAG?",
        kind="integer",
        unit="a count of projects",
        expected=_r(lambda r: r.count("overall_rag")),
        why="The number of reds the policy finds, set beside the number the managers "
        "report, is the first line of an honest steering report.",
        hints=(
            "Count the colours the PMO computes from the data, not the ones the managers send in.",
            "Overall = the worst of schedule, cost and risk; a project is red when any of "
            "the three is red.",
            "reporting.rag_history(p) at week == p.status_week: its overall_rag column.",
        ),
        misconceptions=(
            Misconception(
                "reported_for_computed",
                _counts(lambda r: r.count("reported_rag")),
                "You counted the reds the managers report. The question asks for the "
                "policy's RAG, computed from the data: reported_rag is what the PMO checks, "
                "not what it counts.",
            ),
            Misconception(
                "amber_counted",
                _counts(lambda r: r.count("overall_rag") + r.count("overall_rag", "amber")),
                "You counted amber projects too. Amber is a warning the project handles "
                "itself; red is what the steering committee must act on. Count red only.",
            ),
            Misconception(
                "one_part_only",
                _counts(lambda r: r.count("schedule_rag"), lambda r: r.count("cost_rag")),
                "You counted the projects red on one part only. The overall RAG is the "
                "worst of schedule, cost and risk: a project red on any of them is red.",
            ),
        ),
    ),
    Question(
        id="05.watermelon",
        prompt="Which project is a watermelon under the policy at the status week? Its project id.",
        kind="text",
        normalise=str.upper,
        expected=_r(lambda r: r.watermelon),
        why="A watermelon is a project the organisation believes is fine; finding it before "
        "the money runs out is the PMO's most valuable catch.",
        hints=(
            "A watermelon is green outside and red inside: compare what the manager "
            "reports with what the data says.",
            "Computed overall RAG red, AND the reported RAG at least "
            "rag.watermelon.min_steps steps better; the default policy asks for 2 steps, "
            "so reported green.",
            "reporting.rag_history(p) at the status week: overall_rag, reported_rag and "
            "rag_gap (or the watermelon column).",
        ),
        misconceptions=(
            Misconception(
                "unknown_project",
                _unknown,
                "There is no project with that id. Project ids are a P and two digits, "
                "as in the project_id column.",
            ),
            Misconception(
                "amber_over_red",
                _among(_red_reported_better),
                "That project is red by the data and reported better, but by fewer steps "
                "than the policy's rule asks (rag.watermelon.min_steps; in the kit's policy, "
                "2: the manager must report GREEN over a computed red). Amber over red is a "
                "warning, worth a question at the review, not a watermelon under this policy.",
            ),
            Misconception(
                "honest_red",
                _among(lambda n: n["reported_rag"] == "red"),
                "That project's manager reports red: the bad news is out, so it is not a "
                "watermelon. Look for a project reported green while the data says red.",
            ),
            Misconception(
                "not_red_inside",
                _among(lambda n: n["overall_rag"] != "red"),
                "That project is not red by the policy, so it cannot be red inside. Start "
                "from the projects the data rates red, then compare their reports.",
            ),
        ),
    ),
    Question(
        id="05.eac_vs_bac",
        prompt=f"By how much does {FORECAST}'s forecast cost at completion (EAC = BAC / "
        "CPI) exceed its budget at completion, in percent of the BAC?",
        expected=_pct("dashboard"),
        abs_tol=0.1,
        unit="percent of the BAC",
        why="A sponsor hears an overrun in percent of what was approved: it is the one "
        "cost figure that fits in a steering report's summary line.",
        hints=(
            "First the forecast, then the gap between the forecast and the budget, then "
            "that gap as a share of the budget.",
            "EAC = BAC / CPI; overrun in percent = (EAC - BAC) / BAC x 100, positive when "
            "the project will cost more than approved.",
            f"reporting.portfolio_dashboard(p): the row of {FORECAST}, its bac, cpi and "
            "eac columns (or eac_vs_bac_pct). The actual progress, not the reported one.",
        ),
        misconceptions=(
            Misconception(
                "fraction_not_percent",
                close_to(_r(lambda r: (_eac(r) - _bac(r)) / _bac(r)), rel_tol=0.002),
                "You gave a fraction. The question asks in percent of the BAC: multiply by 100.",
            ),
            Misconception(
                "ratio_not_overrun",
                close_to(_r(lambda r: 100 * _eac(r) / _bac(r)), rel_tol=0.002),
                "That is the EAC as a percentage of the BAC, the whole forecast. The "
                "question asks by how much it exceeds the BAC: take the budget itself off.",
            ),
            Misconception(
                "ratio_as_fraction",
                close_to(_r(lambda r: _eac(r) / _bac(r)), rel_tol=0.002),
                "That is EAC / BAC, the forecast as a multiple of the budget. The question "
                "asks for the excess over the BAC, in percent of it.",
            ),
            Misconception(
                "bac_minus_eac",
                negated(),
                "The sign is reversed: you computed BAC - EAC. An overrun is EAC - BAC, "
                "positive when the forecast is above the budget.",
            ),
            Misconception(
                "eac_itself",
                close_to(_r(_eac), rel_tol=0.002),
                "That is the EAC itself, BAC / CPI, in euros: the forecast total, not the "
                "overrun. Take the BAC off, then divide by the BAC.",
            ),
            Misconception(
                "overrun_in_euros",
                close_to(_r(lambda r: _eac(r) - _bac(r)), rel_tol=0.002),
                "That is the overrun in euros, EAC - BAC. The question asks for it in "
                "percent of the BAC.",
            ),
            Misconception(
                "reported_progress",
                close_to(_pct("dashboard_reported"), abs_tol=0.1),
                "You used the manager's reported progress. Reported percent complete runs "
                "ahead of the real work, so its CPI flatters the project: the PMO forecasts "
                "on the actual progress.",
            ),
        ),
        search=FormulaSearch(EARNED_VALUE, "overrun_pct", evm_inputs(lambda ctx: FORECAST)),
    ),
    Question(
        id="05.optimistic",
        prompt="At the status week, how many managers report a better RAG than the "
        "policy computes for their project?",
        kind="integer",
        unit="a count of projects",
        expected=_r(_optimistic),
        why="Watermelons are the extreme case; the habit of reporting one shade better is "
        "what the PMO must change, project by project, before it becomes one.",
        hints=(
            "Compare the two colours of each project: the reported one and the computed "
            "one. Count those where the report is the kinder of the two.",
            "Rank green < amber < red; the gap is computed rank minus reported rank, and "
            "the report is better when the gap is at least 1, whatever the computed colour.",
            "reporting.rag_history(p) at the status week: rag_gap >= 1.",
        ),
        misconceptions=(
            Misconception(
                "watermelons_only",
                _counts(lambda r: int(r.now["watermelon"].sum())),
                "You counted the watermelons only. The question asks for every report "
                "kinder than the data, by one step or more, amber over red and green "
                "over amber included.",
            ),
            Misconception(
                "red_only",
                _counts(
                    lambda r: int(((r.now["rag_gap"] >= 1) & (r.now["overall_rag"] == "red")).sum())
                ),
                "You counted only the projects the data rates red. A green report over a "
                "computed amber is optimistic too: count every project whose report is "
                "better than its computed RAG.",
            ),
        ),
    ),
)
