"""The questions of lesson 01, "Standards and governance".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.governance` and the kit's default policy: the stale
project and its age come from :func:`~pmo_exercises.governance.compliance_check`,
the gate questions from :func:`~pmo_exercises.governance.stage_gate_review`.
The governance tables are computed once per teaching context and kept on it,
as :mod:`.context` does for its own tables.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from .detectors import close_to
from .questions import Misconception, Question

__all__ = ["QUESTIONS", "Governance", "governance"]


class Governance:
    """The default policy's findings and gate review of the teaching portfolio."""

    def __init__(self, portfolio) -> None:
        self.portfolio = portfolio

    @cached_property
    def policy(self):
        """The default PMO policy (``governance.load_policy``)."""
        from ..governance import load_policy

        return load_policy()

    @cached_property
    def findings(self) -> pd.DataFrame:
        """``compliance_check`` of the portfolio against the policy."""
        from ..governance import compliance_check

        return compliance_check(self.portfolio, self.policy)

    @cached_property
    def review(self) -> pd.DataFrame:
        """``stage_gate_review`` of the portfolio, by project."""
        from ..governance import stage_gate_review

        return stage_gate_review(self.portfolio, self.policy).set_index("project_id")

    @cached_property
    def status_date(self) -> pd.Timestamp:
        """The status date the findings were made at."""
        return pd.Timestamp(self.findings["status_date"].iloc[0])

    @cached_property
    def status(self) -> pd.DataFrame:
        """The project_status rows of the status week, by project."""
        ps = self.portfolio.project_status
        return ps[ps["week"] == self.portfolio.status_week].set_index("project_id")

    def rule(self, rule: str) -> pd.DataFrame:
        """The findings of one rule."""
        return self.findings[self.findings["rule"] == rule]

    @cached_property
    def stale(self) -> str:
        """The one project whose status report is stale."""
        return str(self.rule("stale_status")["project_id"].item())

    def age_days(self, project: str) -> int:
        """Days from a project's last status update to the status date."""
        return int((self.status_date - self.status.at[project, "last_update"]).days)

    @cached_property
    def breach(self) -> str:
        """The one project working in a stage without its gate's approved artefacts."""
        return str(self.rule("gate_artefact")["project_id"].unique().item())

    def risks(self, *, high=True, open_only=True, threshold=None, strict=False) -> pd.DataFrame:
        """The risk register filtered as the question's mistakes filter it."""
        r = self.portfolio.risks
        keep = pd.Series(True, index=r.index)
        if open_only:
            keep &= r["state"] == "open"
        if high:
            limit = self.policy.high_probability if threshold is None else threshold
            keep &= r["probability"] > limit if strict else r["probability"] >= limit
        return r[keep]

    def unguarded(self, **how) -> int:
        """Risks without an owner or without a response, filtered by ``how``."""
        r = self.risks(**how)
        return int((r["owner"].isna() | r["response"].isna()).sum())


def governance(ctx) -> Governance:
    """The :class:`Governance` of a teaching context, built on first use."""
    return ctx.__dict__.setdefault("_governance", Governance(ctx.portfolio))


def _g(figure):
    return lambda ctx: figure(governance(ctx))


def _is_project(answer, ctx) -> bool:
    return answer in set(ctx.portfolio.projects["project_id"])


def _unknown(answer, expected, ctx) -> bool:
    return not _is_project(answer, ctx)


def _fresh(answer, expected, ctx) -> bool:
    g = governance(ctx)
    return answer in g.status.index and g.age_days(answer) <= 7 * g.policy.stale_after_weeks


def _stage(answer, ctx):
    g = governance(ctx)
    return g.review.at[answer, "stage"] if answer in g.review.index else None


def _planning(answer, expected, ctx) -> bool:
    return _stage(answer, ctx) == "planning"


def _compliant(answer, expected, ctx) -> bool:
    g = governance(ctx)
    return answer in g.review.index and not g.review.at[answer, "breach"]


def _may_pass_counting_drafts(g: Governance) -> int:
    """How many would pass if a draft counted as approved."""
    states = g.portfolio.artefacts.set_index(["project_id", "artefact"])["state"]
    passing = 0
    for pid, row in g.review.iterrows():
        if row["state"] != "active" or pd.isna(row["next_gate"]):
            continue
        needed = [a.strip() for a in row["required"].split(",") if a.strip()]
        if all(states.get((pid, a)) in ("approved", "draft") for a in needed):
            passing += 1
    return passing


def _counts(*figures):
    def detect(answer, expected, ctx) -> bool:
        g = governance(ctx)
        return any(answer == f(g) for f in figures)

    return detect


def _project_answer(**extra) -> tuple[Misconception, ...]:
    return (
        Misconception(
            "unknown_project",
            _unknown,
            "There is no project with that id. Project ids are a P and two digits, "
            "as in the project_id column.",
        ),
        *extra.values(),
    )


QUESTIONS = (
    Question(
        id="01.stale",
        prompt="Which active project's status report is stale under the policy? Its project id.",
        kind="text",
        normalise=str.upper,
        expected=_g(lambda g: g.stale),
        why="A stale report is a project nobody is steering in the open: the PMO chases the "
        "update before it believes any colour on the dashboard.",
        hints=(
            "Staleness is about the date of the last update, not about the figures: "
            "when did each manager last touch the status?",
            "Stale means the last update is more than reporting.stale_after_weeks weeks "
            "older than the status date (policy.stale_after_weeks).",
            "p.project_status at week == p.status_week: compare status_date - last_update "
            "with 7 x policy.stale_after_weeks days.",
        ),
        misconceptions=_project_answer(
            fresh=Misconception(
                "not_stale",
                _fresh,
                "That project's last update is within the policy's limit: late by a few "
                "days, perhaps, but not stale. Stale is older than stale_after_weeks weeks "
                "before the status date.",
            ),
        ),
    ),
    Question(
        id="01.stale_weeks",
        prompt="How many weeks before the status date was the stale project last updated?",
        expected=_g(lambda g: g.age_days(g.stale) / 7),
        abs_tol=0.01,
        unit="weeks",
        why="The age of a report tells the PMO how long a project has been flying blind, and "
        "how urgently the manager must be called.",
        hints=(
            "Age is measured from the last update to the status date, the date the "
            "portfolio is reported on.",
            "weeks = (status_date - last_update) in days / 7. The policy writes its "
            "threshold in weeks, so answer in weeks.",
            "The stale project's row in p.project_status at week == p.status_week: its "
            "status_date and last_update columns; (a - b).days gives the days.",
        ),
        misconceptions=(
            Misconception(
                "days_not_weeks",
                close_to(_g(lambda g: g.age_days(g.stale)), abs_tol=0.5),
                "You gave the age in days. The policy counts staleness in weeks: divide by 7.",
            ),
            Misconception(
                "from_project_start",
                close_to(
                    _g(
                        lambda g: (
                            (
                                g.status_date
                                - g.portfolio.projects.set_index("project_id").at[
                                    g.stale, "planned_start"
                                ]
                            ).days
                            / 7
                        )
                    ),
                    abs_tol=0.6,
                ),
                "You counted from the project's start. Staleness counts from the last update "
                "to the status date: how long since anyone reported.",
            ),
            Misconception(
                "from_portfolio_start",
                close_to(_g(lambda g: g.portfolio.status_week), abs_tol=0.6),
                "That is the age of the portfolio's reporting calendar (the status week), not "
                "of the project's report. Count from the last update to the status date.",
            ),
            Misconception(
                "beyond_threshold",
                close_to(
                    _g(lambda g: g.age_days(g.stale) / 7 - g.policy.stale_after_weeks),
                    abs_tol=0.01,
                ),
                "You took away the policy's threshold: that is how far past the limit the "
                "report is. The question asks its whole age, last update to status date.",
            ),
        ),
    ),
    Question(
        id="01.unguarded_risks",
        prompt="How many open high risks break the policy's risk rule (no owner, or no response)?",
        kind="integer",
        unit="a count of risks",
        expected=_g(lambda g: g.unguarded()),
        why="A likely risk that nobody owns or plans for is a surprise booked in advance; "
        "the PMO makes sure each one has a name and a plan before it fires.",
        hints=(
            "Three filters before you count: the risk is still open, it is high, and it "
            "misses what the policy requires.",
            "High means probability at least risks.high_probability (a fraction, 0 to 1); "
            "the policy requires an owner AND a response, so a risk missing either breaks it.",
            "p.risks: state == 'open', probability >= policy.high_probability, then "
            "owner.isna() | response.isna(), summed.",
        ),
        misconceptions=(
            Misconception(
                "percent_threshold",
                _counts(lambda g: g.unguarded(threshold=100 * g.policy.high_probability)),
                "Nothing passes your probability filter: you compared with a threshold in "
                "percent. Probabilities in the register are fractions between 0 and 1.",
            ),
            Misconception(
                "one_requirement_only",
                _counts(
                    lambda g: int(g.risks()["owner"].isna().sum()),
                    lambda g: int(g.risks()["response"].isna().sum()),
                ),
                "You checked one requirement only. The policy asks for an owner AND a "
                "response: a high risk missing either one breaks the rule.",
            ),
            Misconception(
                "strictly_above",
                _counts(lambda g: g.unguarded(strict=True)),
                "You kept the risks strictly above the threshold. High means probability "
                "AT LEAST high_probability: a risk exactly on it is high.",
            ),
            Misconception(
                "every_probability",
                _counts(
                    lambda g: g.unguarded(high=False),
                    lambda g: g.unguarded(high=False, open_only=False),
                ),
                "You counted risks of every probability. The rule is about high risks only: "
                "a small risk without an owner is untidy, not a breach.",
            ),
            Misconception(
                "every_open_high_risk",
                _counts(lambda g: len(g.risks())),
                "That is every open high risk. Keep only those missing an owner or a response.",
            ),
            Misconception(
                "all_risks",
                _counts(
                    lambda g: len(g.risks(high=False)),
                    lambda g: len(g.risks(high=False, open_only=False)),
                ),
                "You counted the whole register. Filter first: open risks, high probability, "
                "and missing an owner or a response.",
            ),
        ),
    ),
    Question(
        id="01.gate_breach",
        prompt="Which project works in execution without an approved schedule baseline? "
        "Its project id.",
        kind="text",
        normalise=str.upper,
        expected=_g(lambda g: g.breach),
        why="A project past a gate it never passed spends money against a plan nobody "
        "approved: the PMO stops the clock until the baseline is signed.",
        hints=(
            "A gate breach needs two things: the project is already IN the stage, and an "
            "artefact that stage requires is not approved.",
            "policy.required_artefacts('execution') lists what execution needs; only the "
            "state 'approved' counts, a draft is not approved.",
            "p.projects has stage; p.artefacts has state per project and artefact. Keep "
            "stage == 'execution' and artefact == 'schedule_baseline' with state != 'approved'.",
        ),
        misconceptions=_project_answer(
            planning=Misconception(
                "not_yet_at_gate",
                _planning,
                "That project is still in planning: it has not passed the execution gate, so "
                "drafts are its normal work in progress, not a breach. Look among the "
                "projects already in execution.",
            ),
            compliant=Misconception(
                "compliant",
                _compliant,
                "That project has every artefact its stage requires approved. Look for one "
                "in execution whose baseline is not approved.",
            ),
        ),
    ),
    Question(
        id="01.may_pass",
        prompt="At the status date, how many projects may pass their next stage gate?",
        kind="integer",
        unit="a count of projects",
        expected=_g(lambda g: int(g.review["may_pass"].sum())),
        why="A gate review is the PMO's one chance per stage to say no cheaply; knowing "
        "who is ready, and why the others are not, is what the steering committee needs.",
        hints=(
            "A project may pass when it is active and every artefact its NEXT gate "
            "requires is approved.",
            "Requirements add up: the gate into a stage asks for its own artefacts and "
            "those of every gate before it. Only 'approved' counts.",
            "governance.stage_gate_review(p, policy) has a may_pass column; or check each "
            "project's artefacts against policy.required_artefacts(next stage).",
        ),
        misconceptions=(
            Misconception(
                "draft_as_approved",
                _counts(_may_pass_counting_drafts),
                "You counted drafts as approved. A draft baseline or sign-off is work in "
                "progress: only the state 'approved' opens a gate.",
            ),
            Misconception(
                "no_breach_as_ready",
                _counts(lambda g: int((~g.review["breach"]).sum())),
                "You counted the projects not in breach. Being compliant in the current "
                "stage is not being ready for the next one: check the next gate's artefacts.",
            ),
            Misconception(
                "those_who_may_not",
                _counts(lambda g: int((~g.review["may_pass"]).sum())),
                "You counted the projects that may NOT pass. The question asks how many are "
                "ready for their next gate.",
            ),
        ),
    ),
)
