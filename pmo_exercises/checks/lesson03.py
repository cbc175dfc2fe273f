"""The questions of lesson 03, "Tracking and control".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.tracking` and the kit's default policy
(:attr:`~.context.TeachingContext.policy`): the watermelon is the policy's
(``rag.watermelon``: computed overall RAG red, reported at least
``min_steps`` better, from :func:`~pmo_exercises.governance.rag_history`),
and a breach is a breach of the policy's variance tolerance
(``variance.schedule_tolerance`` and ``variance.cost_tolerance``), never of
a typed-in threshold. Three questions name their project because the lesson
sets them up: P08, whose overrun came from risks that fired (atypical: its
ordinary work runs to budget) and whose cost breach began only after a first
breach had closed, so that its step-in week is neither its first week of
figures nor its first breach; and P02, a regulatory project with a date it
cannot move.
"""

from __future__ import annotations

from .detectors import close_to, in_percent, reciprocal
from .formulas import EARNED_SCHEDULE, EARNED_VALUE
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["ATYPICAL", "DEADLINE", "QUESTIONS"]

ATYPICAL = "P08"  # its cost variance is the net cost of the risks that fired on it
DEADLINE = "P02"  # regulatory: the date is set by law


def evm_inputs(project_of):
    """The earned value inputs of a project at the status week, for the mistake search."""

    def values(ctx) -> dict:
        project = project_of(ctx)
        row, told = ctx.latest(project), ctx.latest(project, "reported")
        inputs = {k: row[k] for k in ("bac", "pv", "ev", "ac", "cpi", "spi")}
        return {**inputs, "eac": row["eac_cpi"], "ev_reported": told["ev"]}

    return values


def _schedule_inputs(ctx) -> dict:
    row, es = ctx.latest(ctx.watermelon), ctx.latest_schedule(ctx.watermelon)
    return {
        "es": es["es"],
        "at": es["at"],
        "at_portfolio": ctx.status_week,
        "ev": row["ev"],
        "pv": row["pv"],
    }


def _the_watermelon(ctx) -> str:
    return ctx.watermelon


def _watermelon_row(ctx, basis="actual"):
    return ctx.latest(ctx.watermelon, basis)


def _rag_row(ctx, project):
    return ctx.rag.loc[project] if project in ctx.rag.index else None


def _unknown(answer, expected, ctx) -> bool:
    return answer not in ctx.rag.index


def _red_reported_red(answer, expected, ctx) -> bool:
    row = _rag_row(ctx, answer)
    return row is not None and row["overall_rag"] == "red" and row["reported_rag"] == "red"


def _red_one_step_short(answer, expected, ctx) -> bool:
    row = _rag_row(ctx, answer)
    if row is None or row["overall_rag"] != "red" or row["reported_rag"] == "red":
        return False
    return not row["watermelon"]  # better than red, but by fewer than min_steps


def _not_red_inside(answer, expected, ctx) -> bool:
    row = _rag_row(ctx, answer)
    return row is not None and row["overall_rag"] != "red"


# -- when the PMO steps in: the breaches of the policy's variance tolerance, week by week


def _flags(ctx, project):
    f = ctx.flags
    return f[(f["project_id"] == project) & (f["spi"].notna() | f["cpi"].notna())]


def _first_week_of_figures(ctx, project) -> int:
    return int(_flags(ctx, project)["week"].min())


def _within_tolerance_weeks(ctx, project) -> set[int]:
    f = _flags(ctx, project)
    return set(f.loc[~(f["schedule_breach"] | f["cost_breach"]), "week"].astype(int))


def _open_breach_weeks(ctx, project) -> set[int]:
    """The weeks of the run of breaches still open today, after its first."""
    start = int(ctx.breaches.at[project, "step_in_week"])
    return set(range(start + 1, ctx.status_week + 1))


def _closed_breach_starts(ctx, project) -> set[int]:
    """The first weeks of runs of breaches that came back within tolerance."""
    f = _flags(ctx, project)
    starts = set()
    for kind in ("schedule", "cost"):
        since = set(f[f"{kind}_breach_since"].dropna().astype(int))
        still_open = ctx.breaches[f"{kind}_breach_since"].dropna().to_dict().get(project)
        starts |= since - {still_open}
    return starts


def _first_below_red(ctx, project):
    """The first week an index fell below the RAG's red line (``rag.*.red``)."""
    f = _flags(ctx, project)
    red = (f["spi"] < ctx.policy.schedule.red) | (f["cpi"] < ctx.policy.cost.red)
    return int(f.loc[red, "week"].min()) if red.any() else None


def _step_in(project):
    return lambda ctx: int(ctx.breaches.at[project, "step_in_week"])


def _week_in(weeks):
    return lambda answer, expected, ctx: answer in weeks(ctx)


def _eac(project, name):
    return lambda ctx: ctx.latest(project)[name]


def _remaining_over_spi(project):
    def figure(ctx):
        r = ctx.latest(project)
        return r["ac"] + (r["bac"] - r["ev"]) / r["spi"]

    return figure


def _common_eac_mistakes(project) -> tuple[Misconception, ...]:
    return (
        Misconception(
            "bac_as_eac",
            close_to(lambda ctx: ctx.latest(project)["bac"], rel_tol=0.002),
            "That is the BAC, the budget as if nothing had happened. What is spent is spent: "
            "an estimate at completion starts from the actual cost AC and adds the work left.",
        ),
        Misconception(
            "etc_as_eac",
            close_to(lambda ctx: ctx.latest(project)["bac"] - ctx.latest(project)["ev"]),
            "That is the work left at its budgeted cost (BAC - EV), part of an estimate to "
            "complete. The estimate at completion adds what has already been spent, AC.",
        ),
        Misconception(
            "ac_plus_bac",
            close_to(lambda ctx: ctx.latest(project)["ac"] + ctx.latest(project)["bac"]),
            "You added AC to the whole BAC, so the work already done is paid for twice. "
            "Add AC to the work that remains, BAC - EV, not to the whole budget.",
        ),
    )


QUESTIONS = (
    Question(
        id="03.watermelon",
        prompt="Which project is a watermelon under the policy at the status week? Its project id.",
        kind="text",
        normalise=str.upper,
        expected=lambda ctx: ctx.watermelon,
        why="A green report on a red project is the costliest sentence in a portfolio; "
        "the PMO earns its keep by seeing it before the sponsor does.",
        hints=(
            "Two sources can disagree: the RAG the manager reports (reported_rag) and the "
            "RAG the policy computes from the data (overall_rag).",
            "The policy's watermelon rule (rag.watermelon): the computed overall RAG, the "
            "worst of schedule, cost and risk, is red, and the reported RAG is at least "
            "policy.watermelon_min_steps steps better (in the kit's policy, 2: reported green).",
            "pmo.reporting.rag_history(p, policy) at week p.status_week: overall_rag, "
            "reported_rag and rag_gap, the steps between them (or the watermelon column).",
        ),
        misconceptions=(
            Misconception(
                "unknown_project",
                _unknown,
                "There is no project with that id. Project ids are a P and two digits, "
                "as in the project_id column.",
            ),
            Misconception(
                "honest_red",
                _red_reported_red,
                "That project is red by the policy, and its manager reports red: the bad news "
                "is out, so it is not a watermelon. Look for a red the report hides.",
            ),
            Misconception(
                "one_step_short",
                _red_one_step_short,
                "That project is red by the policy and reported better, but by fewer steps than "
                "the policy's rule asks (rag.watermelon.min_steps; in the kit's policy, 2: "
                "reported green over a computed red). Amber over red is a warning worth a "
                "question at the review, not a watermelon under this policy.",
            ),
            Misconception(
                "not_red_inside",
                _not_red_inside,
                "The policy does not rate that project red (its overall RAG, the worst of "
                "schedule, cost and risk, is amber or green, or it has no figures yet): it "
                "cannot be red inside. Start from the projects the policy rates red, then "
                "compare their reports.",
            ),
        ),
    ),
    Question(
        id="03.cpi",
        prompt="The cost performance index (CPI) of the watermelon project at the status week.",
        expected=lambda ctx: _watermelon_row(ctx)["cpi"],
        abs_tol=0.005,
        unit="ratio",
        why="CPI is the value earned per euro spent; an early CPI well below 1 rarely recovers, "
        "so it is the PMO's first cost alarm.",
        hints=(
            "CPI answers one question: how much value does each euro spent buy?",
            "CPI = EV / AC, both cumulative at the status week. Below 1: over budget.",
            "tracking.earned_value_history(p): the watermelon's row at week p.status_week, "
            "its ev and ac columns (or directly its cpi column).",
        ),
        misconceptions=(
            Misconception(
                "ev_ac_swapped",
                reciprocal(),
                "You divided AC by EV. CPI is EV / AC: the value earned for each euro spent, "
                "so a project over budget has a CPI below 1.",
            ),
            Misconception(
                "pv_for_ev",
                close_to(lambda ctx: _watermelon_row(ctx)["pv"] / _watermelon_row(ctx)["ac"]),
                "You used PV where EV belongs. PV is the work that was planned by now, EV the "
                "work actually done: CPI compares the work done with what it cost.",
            ),
            Misconception(
                "spi_for_cpi",
                close_to(lambda ctx: _watermelon_row(ctx)["spi"]),
                "That is the SPI (EV / PV), the schedule index. CPI is about cost: EV against AC.",
            ),
            Misconception(
                "reported_progress",
                close_to(lambda ctx: _watermelon_row(ctx, "reported")["cpi"]),
                "You used the progress the manager reports. Control runs on the actual "
                "(audited) progress, basis='actual': the reported one is what a watermelon "
                "softens.",
            ),
            Misconception(
                "index_in_percent",
                in_percent(),
                "You gave the index in percent. CPI is a ratio: write it as a plain number "
                "near 1, not multiplied by a hundred.",
            ),
        ),
        search=FormulaSearch(EARNED_VALUE, "cpi", evm_inputs(_the_watermelon)),
    ),
    Question(
        id="03.spi_t",
        prompt="The time-based schedule index SPI(t) = ES / AT of the watermelon project.",
        expected=lambda ctx: ctx.latest_schedule(ctx.watermelon)["spi_t"],
        abs_tol=0.005,
        unit="ratio",
        why="SPI(t) keeps telling the truth to the end: SPI($) = EV / PV, measured in money, "
        "drifts back to 1 as any late project finishes, so the PMO forecasts dates from "
        "earned schedule.",
        hints=(
            "Earned schedule asks: by which week should the value earned so far have been "
            "earned? Compare that time with the time actually spent.",
            "ES = C + (EV - PV_C) / (PV_C+1 - PV_C), where C is the last week whose planned "
            "value does not exceed EV; SPI(t) = ES / AT (Lipke).",
            "tracking.earned_schedule_history(p): the watermelon's row at week p.status_week, "
            "columns es, at and spi_t. AT counts from the project's start_week.",
        ),
        misconceptions=(
            Misconception(
                "money_spi",
                close_to(lambda ctx: _watermelon_row(ctx)["spi"]),
                "That is SPI($) = EV / PV, the schedule index measured in money (Lipke's "
                "name for it). Earned schedule measures in time: SPI(t) = ES / AT.",
            ),
            Misconception(
                "es_at_swapped",
                reciprocal(),
                "You divided AT by ES. SPI(t) = ES / AT: the time earned over the time spent, "
                "below 1 when the project is late.",
            ),
            Misconception(
                "portfolio_clock",
                close_to(lambda ctx: ctx.latest_schedule(ctx.watermelon)["es"] / ctx.status_week),
                "You counted the actual time AT from the portfolio's week 0. A project's clock "
                "starts at its own start (start_week): AT is the weeks since then.",
            ),
            Misconception(
                "sv_t_for_spi_t",
                close_to(lambda ctx: ctx.latest_schedule(ctx.watermelon)["sv_t"]),
                "That is SV(t) = ES - AT, a variance in weeks. The question asks for the "
                "index, ES / AT.",
            ),
            Misconception(
                "index_in_percent",
                in_percent(),
                "You gave the index in percent. SPI(t) is a ratio: write it as a plain number.",
            ),
        ),
        search=FormulaSearch(EARNED_SCHEDULE, "spi_t", _schedule_inputs),
    ),
    Question(
        id="03.step_in",
        prompt=f"In which week should the PMO have stepped in on {ATYPICAL}: the first week of "
        "its breach of the policy's variance tolerance that still holds today?",
        kind="integer",
        unit="a week number",
        expected=_step_in(ATYPICAL),
        why="Every week between the breach and the PMO's call is spent money and lost float; "
        "a tolerance only protects a portfolio if someone acts when it is crossed and stays "
        "crossed.",
        hints=(
            "A PMO steps in when an index leaves its tolerance band and stays out. A week "
            "outside that came back inside is not it, and neither is the week the figures begin.",
            "The policy's variance tolerance (variance.schedule_tolerance and "
            "variance.cost_tolerance; 0.10 in the kit's policy) puts an index in breach below "
            "1 - 0.10 = 0.90. The step-in week is the earlier of the starts of the schedule "
            "and the cost breach still open at the status week.",
            "tracking.first_breaches(history, policy.schedule_tolerance, policy.cost_tolerance): "
            f"{ATYPICAL}'s step_in_week, not its first_cost_breach. tracking.variances shows "
            "the weeks one by one (cost_breach_since).",
        ),
        misconceptions=(
            Misconception(
                "status_week",
                lambda answer, expected, ctx: answer == ctx.status_week,
                "That is the status week: today. The question is when the breach that still "
                "holds began, the week the PMO should have acted.",
            ),
            Misconception(
                "red_line",
                lambda answer, expected, ctx: answer == _first_below_red(ctx, ATYPICAL),
                "You used the RAG's red line (policy.schedule.red and policy.cost.red, the rag "
                "key): it colours a status report. The PMO steps in on the variance tolerance "
                "(policy.schedule_tolerance and policy.cost_tolerance, the variance key), a "
                "different rule of the same policy, crossed earlier.",
            ),
            Misconception(
                "breach_that_closed",
                _week_in(lambda ctx: _closed_breach_starts(ctx, ATYPICAL)),
                "The project did break tolerance that week, but that breach did not hold: the "
                "index came back within tolerance afterwards (first_cost_breach counts it, "
                "cost_breach_since does not). Step in on the breach still open today.",
            ),
            Misconception(
                "inside_the_breach",
                _week_in(lambda ctx: _open_breach_weeks(ctx, ATYPICAL)),
                "In that week the project was already out of tolerance: the breach that still "
                "holds had begun earlier. Go back to its first week.",
            ),
            Misconception(
                "within_tolerance",
                _week_in(lambda ctx: _within_tolerance_weeks(ctx, ATYPICAL)),
                "In that week the project's SPI and CPI were both within the policy's variance "
                "tolerance: no breach began then. (The week a project's figures begin is no "
                "breach in itself; and weeks_to_act counts weeks, it does not name one.)",
            ),
            Misconception(
                "before_its_figures",
                lambda answer, expected, ctx: 0 <= answer < _first_week_of_figures(ctx, ATYPICAL),
                "The project had no figures yet in that week (no planned value, no cost): "
                "there was nothing to breach.",
            ),
        ),
    ),
    Question(
        id="03.eac_one_off",
        prompt=f"The estimate at completion of {ATYPICAL}, whose overrun came from risks that "
        "fired.",
        expected=_eac(ATYPICAL, "eac_atypical"),
        rel_tol=0.001,
        unit="EUR",
        why="Choosing the EAC is choosing a story about the cause: an atypical overrun costs "
        "what it cost, while a typical one scales the rest of the work.",
        hints=(
            "Ask first why the project is over budget: is the cause still at work in the "
            "project's own work, or did events cost it money?",
            "Typical: EAC = BAC / CPI. Atypical: EAC = AC + (BAC - EV). "
            "Schedule-driven: EAC = AC + (BAC - EV) / (CPI x SPI).",
            f"Compare {ATYPICAL}'s cost variance (cv at the status week) with the cost_impact "
            "of its events in p.events; then read the eac_ columns of its history row.",
        ),
        misconceptions=(
            Misconception(
                "bac_over_cpi_when_atypical",
                close_to(_eac(ATYPICAL, "eac_cpi"), rel_tol=0.002),
                "You used BAC / CPI. It assumes today's cost efficiency goes on for all the work "
                "left, but this overrun came from risks that fired, not from the way the work "
                "is done (take them out and the work runs to budget): it is atypical, and the "
                "remaining work should cost what its budget says. Risks still open are for the "
                "contingency reserve, not for the CPI.",
            ),
            Misconception(
                "schedule_driven_when_atypical",
                close_to(_eac(ATYPICAL, "eac_cpi_spi"), rel_tol=0.002),
                "You used the CPI x SPI formula, which assumes cost and schedule pressure keep "
                "pushing. This overrun is atypical, the cost of risks that fired: nothing in the "
                "work itself says the rest will run over.",
            ),
            *_common_eac_mistakes(ATYPICAL),
        ),
        search=FormulaSearch(EARNED_VALUE, "eac_atypical", evm_inputs(lambda ctx: ATYPICAL)),
    ),
    Question(
        id="03.eac_deadline",
        prompt=f"The estimate at completion of {DEADLINE}, late against a date it cannot move.",
        expected=_eac(DEADLINE, "eac_cpi_spi"),
        rel_tol=0.001,
        unit="EUR",
        why="A late project with a fixed date buys its time back with overtime and extra people; "
        "the PMO puts that cost in front of the sponsor before it is spent.",
        hints=(
            "A deadline that cannot move turns schedule slippage into cost: catching up "
            "means more people, overtime, expediting.",
            "The EAC that carries both pressures is AC + (BAC - EV) / (CPI x SPI).",
            f"The eac_ columns of {DEADLINE}'s row at week p.status_week in "
            "tracking.earned_value_history(p), or tracking.evm with its bac, pv, ev and ac.",
        ),
        misconceptions=(
            Misconception(
                "bac_over_cpi_under_deadline",
                close_to(_eac(DEADLINE, "eac_cpi"), rel_tol=0.002),
                "You used BAC / CPI: it looks at cost efficiency only. This project is late and "
                "its date is fixed, so the remaining work will also pay for catching up: "
                "bring the SPI into the formula.",
            ),
            Misconception(
                "atypical_under_deadline",
                close_to(_eac(DEADLINE, "eac_atypical"), rel_tol=0.002),
                "You used AC + (BAC - EV), which assumes the rest goes exactly to budget. A "
                "late project with a fixed date will not: catching up costs money.",
            ),
            Misconception(
                "spi_only",
                close_to(_remaining_over_spi(DEADLINE), rel_tol=0.002),
                "You divided the remaining work by SPI alone. The schedule-driven EAC divides it "
                "by CPI x SPI: cost efficiency and schedule pressure together.",
            ),
            *_common_eac_mistakes(DEADLINE),
        ),
        search=FormulaSearch(EARNED_VALUE, "eac_cpi_spi", evm_inputs(lambda ctx: DEADLINE)),
    ),
)
