"""The questions of lesson 03, "Tracking and control".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.tracking`. Two questions name their project because the
lesson sets them up: P08, whose overrun came from risks that fired (a
one-off), and P02, a regulatory project with a date it cannot move. The
watermelon is found from the data.
"""

from __future__ import annotations

from .detectors import close_to, in_percent, reciprocal
from .formulas import EARNED_SCHEDULE, EARNED_VALUE
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["QUESTIONS"]

ONE_OFF = "P08"  # its cost variance is the cost of the risks that fired
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


def _rag(ctx, project):
    summary = ctx.summary
    return summary.at[project, "reported_rag"] if project in summary.index else None


def _not_green(answer, expected, ctx) -> bool:
    rag = _rag(ctx, answer)
    return rag is not None and rag != "green"


def _green_and_fine(answer, expected, ctx) -> bool:
    if _rag(ctx, answer) != "green":
        return False
    # NaN (not started) is below nothing: nothing contradicts the green
    return not ctx.is_red(ctx.latest(answer))


def _unknown(answer, expected, ctx) -> bool:
    return _rag(ctx, answer) is None


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
        prompt="Which project reports green while its earned value says red? Its project id.",
        kind="text",
        normalise=str.upper,
        expected=lambda ctx: ctx.watermelon,
        why="A green report on a red project is the costliest sentence in a portfolio; "
        "the PMO earns its keep by seeing it before the sponsor does.",
        hints=(
            "Two sources can disagree: what the manager reports (reported_rag) and what "
            "earned value says (SPI and CPI).",
            "Keep the projects that report green, then look at their SPI = EV / PV and "
            "CPI = EV / AC at the status week. The kit's policy calls an index red below 0.85.",
            "p.summary() has reported_rag; tracking.earned_value_history(p) filtered to "
            "week == p.status_week has spi and cpi. Join the two on project_id.",
        ),
        misconceptions=(
            Misconception(
                "unknown_project",
                _unknown,
                "There is no project with that id. Project ids are a P and two digits, "
                "as in the project_id column.",
            ),
            Misconception(
                "not_green",
                _not_green,
                "That project does not report green: its manager already admits trouble. "
                "A watermelon is green outside, so start from the projects that report green.",
            ),
            Misconception(
                "green_and_fine",
                _green_and_fine,
                "That project reports green and its figures do not contradict it (or it has "
                "not started, so there are no figures yet). Look for a green report over an "
                "SPI or CPI well below 1.",
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
        why="SPI(t) keeps telling the truth to the end: the cost-based SPI drifts back to 1 as "
        "any late project finishes, so the PMO forecasts dates from earned schedule.",
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
                "cost_spi",
                close_to(lambda ctx: _watermelon_row(ctx)["spi"]),
                "That is the cost-based SPI, EV / PV, measured in money. Earned schedule "
                "measures in time: SPI(t) = ES / AT.",
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
        prompt="In which week should the PMO have stepped in on the watermelon project "
        "(10% tolerance on SPI and CPI)?",
        kind="integer",
        unit="a week number",
        expected=lambda ctx: int(ctx.breaches.at[ctx.watermelon, "step_in_week"]),
        why="Every week between the breach and the PMO's call is spent money and lost float; "
        "a tolerance only protects a portfolio if someone acts when it is crossed.",
        hints=(
            "A PMO steps in when an index leaves its tolerance band and stays out: look for "
            "the first week of the breach that is still open today.",
            "With a 10% tolerance an index is in breach below 1 - 0.10 = 0.90; the step-in "
            "week is the earlier of the schedule-breach and cost-breach starts.",
            "tracking.first_breaches(history) with its default tolerances: the watermelon's "
            "step_in_week column.",
        ),
        misconceptions=(
            Misconception(
                "status_week",
                lambda answer, expected, ctx: answer == ctx.status_week,
                "That is the status week: today. The question is when the breach began, the "
                "week the PMO should have acted.",
            ),
            Misconception(
                "weeks_to_act",
                lambda answer, expected, ctx: (
                    answer == int(ctx.breaches.at[ctx.watermelon, "weeks_to_act"])
                ),
                "That is how long the breach has run (weeks_to_act), not the week it began.",
            ),
        ),
    ),
    Question(
        id="03.eac_one_off",
        prompt=f"The estimate at completion of {ONE_OFF}, whose overrun came from risks that "
        "fired.",
        expected=_eac(ONE_OFF, "eac_atypical"),
        rel_tol=0.001,
        unit="EUR",
        why="Choosing the EAC is choosing a story about the cause: a one-off costs what it cost, "
        "while a typical overrun scales the rest of the work.",
        hints=(
            "Ask first why the project is over budget: is the cause still at work, or was it "
            "an event that will not happen again?",
            "Typical: EAC = BAC / CPI. One-off (atypical): EAC = AC + (BAC - EV). "
            "Schedule-driven: EAC = AC + (BAC - EV) / (CPI x SPI).",
            f"Compare {ONE_OFF}'s cost variance (cv at the status week) with the cost_impact "
            "of its events in p.events; then read the eac_ columns of its history row.",
        ),
        misconceptions=(
            Misconception(
                "bac_over_cpi_after_one_off",
                close_to(_eac(ONE_OFF, "eac_cpi"), rel_tol=0.002),
                "You used BAC / CPI. It assumes today's cost efficiency goes on for all the work "
                "left, but this overrun came from risks that fired, a one-off: the remaining "
                "work should cost what its budget says.",
            ),
            Misconception(
                "schedule_driven_after_one_off",
                close_to(_eac(ONE_OFF, "eac_cpi_spi"), rel_tol=0.002),
                "You used the CPI x SPI formula, which assumes cost and schedule pressure keep "
                "pushing. This overrun was a one-off: nothing says the rest will run over.",
            ),
            *_common_eac_mistakes(ONE_OFF),
        ),
        search=FormulaSearch(EARNED_VALUE, "eac_atypical", evm_inputs(lambda ctx: ONE_OFF)),
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
