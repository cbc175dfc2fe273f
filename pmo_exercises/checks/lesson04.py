"""The questions of lesson 04, "Risk and opportunity".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.risk`. The lesson works on one project, P06, the customer
portal relaunch: its register has a high risk without a response
(R-P06-04), a risk that has already occurred and open opportunities, so each
usual mistake gives a figure of its own. The decision tree's one assumption,
the probability left once the mitigation is funded, is stated in the lesson.
The Monte Carlo run is seeded, so its percentiles are the same on every
machine.
"""

from __future__ import annotations

import math
from functools import cache, cached_property

from .detectors import close_to, in_percent, negated
from .formulas import EMV
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["ITERATIONS", "PROJECT", "QUESTIONS", "RESIDUAL_PROBABILITY", "RISK", "SEED"]

PROJECT = "P06"  # the customer portal relaunch: the lesson's running register
RISK = "R-P06-04"  # its high risk with no response
RESIDUAL_PROBABILITY = 0.2  # the chance left once the mitigation is funded (stated in the lesson)
ITERATIONS = 5_000  # the lesson's Monte Carlo run: modest, and seeded
SEED = 4


class RiskContext:
    """The risk figures of the teaching portfolio, computed on first use."""

    def __init__(self, portfolio) -> None:
        self.portfolio = portfolio

    @cached_property
    def scored(self):
        """``risk.score_portfolio_risks`` of the whole portfolio."""
        from .. import risk

        return risk.score_portfolio_risks(self.portfolio)

    @cached_property
    def project(self):
        """The lesson's project alone (``Portfolio.subset``)."""
        return self.portfolio.subset(PROJECT)

    @cached_property
    def open_risks(self):
        risks = self.project.risks
        return risks[risks["state"] == "open"]

    @cached_property
    def open_opportunities(self):
        gains = self.project.opportunities
        return gains[gains["state"] == "open"]

    @cached_property
    def reserve(self) -> dict:
        """``risk.contingency_reserve`` of the open threats and open opportunities."""
        from .. import risk

        return risk.contingency_reserve(self.open_risks, self.open_opportunities)

    @cached_property
    def all_states_reserve(self) -> dict:
        """The same, counting the risks that have already occurred."""
        from .. import risk

        return risk.contingency_reserve(self.project.risks)

    @property
    def risk(self) -> dict:
        """The lesson's high risk, as a dict."""
        risks = self.project.risks
        return risks[risks["risk_id"] == RISK].iloc[0].to_dict()

    @cached_property
    def tree(self):
        """``risk.evaluate`` of "fund the mitigation or accept" for the high risk."""
        from .. import risk

        r = self.risk
        loss = risk.Outcome(-r["cost_impact"])
        nothing = risk.Outcome(0.0)
        p, q = r["probability"], RESIDUAL_PROBABILITY
        return risk.evaluate(
            risk.Decision(
                {
                    "accept": risk.Chance({"occurs": (p, loss), "not": (1 - p, nothing)}),
                    "mitigate": risk.Chance(
                        {"occurs": (q, loss), "not": (1 - q, nothing)},
                        cost=r["response_cost"],
                    ),
                }
            )
        )

    @cached_property
    def simulation(self):
        """``risk.monte_carlo`` of the project with its open risks, seeded."""
        from .. import risk

        one = self.project
        return risk.monte_carlo(
            one.tasks, one.dependencies, self.open_risks, iterations=ITERATIONS, seed=SEED
        )


@cache
def risk_context() -> RiskContext:
    """The risk context of the default teaching portfolio (built once per process)."""
    from ..simulation.loading import load_portfolio

    return RiskContext(load_portfolio())


def _rc() -> RiskContext:
    return risk_context()


def _high(states=("open",), zones=("high",)):
    def count(ctx) -> int:
        s = _rc().scored
        return int((s["state"].isin(states) & s["zone"].isin(zones)).sum())

    return count


def _count_is(figure):
    return lambda answer, expected, ctx: answer == figure(ctx)


def _emv():
    r = _rc().risk
    return -r["probability"] * r["cost_impact"]


def _sim():
    return _rc().simulation


def _p(q, what):
    return _sim().percentile(q)[1 if what == "cost" else 0]


def _emv_inputs(ctx) -> dict:
    """The lesson's high risk, and its response, for the mistake search."""
    r = _rc().risk
    return {
        "probability": r["probability"],
        "probability_pct": 100 * r["probability"],
        "impact": r["cost_impact"],
        "cost": r["response_cost"],
        "residual": RESIDUAL_PROBABILITY,
    }


QUESTIONS = (
    Question(
        id="04.high_open",
        prompt="How many open risks of the portfolio sit in the high zone of the "
        "probability-impact matrix?",
        kind="integer",
        unit="a count of risks",
        expected=_high(),
        why="The high zone is where the PMO spends its attention: each of these risks needs "
        "an owner, a response and a date, and a steering committee that knows about it.",
        hints=(
            "Score the register first, then count: only risks that can still happen need "
            "a response.",
            "Score = probability score x impact score (1 to 5 each); the kit's zone matrix "
            "(risk.zone_matrix()) calls a score above 12 high (15 and more), 4 and below low.",
            "risk.score_portfolio_risks(p) has the zone and state columns: keep the open "
            "risks in the high zone.",
        ),
        misconceptions=(
            Misconception(
                "counted_occurred",
                _count_is(_high(states=("open", "occurred"))),
                "You counted risks that have already occurred. Those are issues now, with "
                "their cost in the actuals; the register's high zone counts open risks only.",
            ),
            Misconception(
                "high_and_medium",
                _count_is(_high(zones=("high", "medium"))),
                "You counted the medium zone too. The question asks for the high zone: "
                "a score above 12 on the 5 x 5 matrix (12 itself is the top of medium).",
            ),
        ),
    ),
    Question(
        id="04.emv",
        prompt=f"The expected monetary value (EMV) of {RISK}, the high risk of {PROJECT} "
        "without a response, in euros.",
        expected=lambda ctx: _emv(),
        rel_tol=0.001,
        unit="EUR",
        why="EMV puts a threat and an opportunity on the same scale as the budget: it is how "
        "a register becomes a reserve, and a response becomes a business case.",
        hints=(
            "EMV weighs what an event would cost by the chance that it happens.",
            "EMV = probability x impact, with the probability as a fraction and the impact "
            "signed: negative for a threat (a cost), positive for an opportunity.",
            f"The row of {RISK} in one.risks: its probability and cost_impact columns "
            "(the register holds the impact as a magnitude; risk.emv takes it signed).",
        ),
        misconceptions=(
            Misconception(
                "threat_positive",
                negated(),
                "You gave the threat a positive EMV. By convention a threat's EMV is "
                "negative (it costs), an opportunity's positive: the sign is what lets you "
                "add them up in one register.",
            ),
            Misconception(
                "probability_in_percent",
                in_percent(),
                "You used the probability in percent. A probability is a fraction between "
                "0 and 1: 35% is 0.35.",
            ),
            Misconception(
                "percent_and_positive",
                close_to(lambda ctx: -100.0 * _emv()),
                "Two slips at once: the probability is in percent (35% is 0.35) and the "
                "threat's EMV has the wrong sign (a threat is negative).",
            ),
            Misconception(
                "impact_not_emv",
                lambda answer, expected, ctx: math.isclose(abs(answer), _rc().risk["cost_impact"]),
                "That is the impact, what the risk costs if it happens. EMV weighs it by "
                "the probability that it happens.",
            ),
        ),
        search=FormulaSearch(EMV, "emv", _emv_inputs),
    ),
    Question(
        id="04.reserve",
        prompt=f"The contingency reserve for the open threats of {PROJECT} (threats only, "
        "as a positive amount in euros).",
        expected=lambda ctx: _rc().reserve["reserve"],
        rel_tol=0.001,
        unit="EUR",
        why="The contingency reserve is the money the project holds for its known risks; "
        "sized on EMV, it is defensible line by line in front of a sponsor.",
        hints=(
            "A reserve covers what the threats are expected to cost, not what they would "
            "cost if every one of them happened.",
            "Reserve = - (sum of the threats' EMV) = sum of probability x cost_impact, over "
            "the open risks only; opportunities are not netted in.",
            f"{PROJECT}'s risks with state == 'open', then risk.contingency_reserve: its "
            "reserve key (net_reserve is the figure with opportunities counted against).",
        ),
        misconceptions=(
            Misconception(
                "netted_opportunities",
                close_to(lambda ctx: _rc().reserve["net_reserve"], rel_tol=0.001),
                "You netted the opportunities against the threats. The question asks for a "
                "reserve for threats only: an opportunity that may not come is poor cover "
                "for a threat that may.",
            ),
            Misconception(
                "summed_impacts",
                close_to(lambda ctx: _rc().open_risks["cost_impact"].sum(), rel_tol=0.001),
                "You summed the impacts: that is the cost if every threat happened at once. "
                "A contingency reserve sums the EMVs, each impact weighed by its probability.",
            ),
            Misconception(
                "counted_occurred",
                close_to(lambda ctx: _rc().all_states_reserve["reserve"], rel_tol=0.001),
                "You counted a risk that has already occurred. Its cost is in the actuals "
                "now; the reserve covers the open risks only.",
            ),
            Misconception(
                "reserve_negative",
                negated(),
                "You gave the reserve as a negative number: that is the threats' EMV. "
                "The reserve is the same amount, set aside, so it is positive.",
            ),
            Misconception(
                "probability_in_percent",
                in_percent(),
                "You used the probabilities in percent. Each probability is a fraction "
                "between 0 and 1.",
            ),
        ),
    ),
    Question(
        id="04.decision",
        prompt=f"Fund the mitigation of {RISK} or accept it: the EMV of the option the "
        "decision tree picks, in euros.",
        expected=lambda ctx: _rc().tree.emv,
        rel_tol=0.001,
        unit="EUR",
        why="A response is an investment: the tree shows whether the money spent on it buys "
        "back more expected loss than it costs, which is how a sponsor should hear it.",
        hints=(
            "Roll the tree back from the right: value each chance node, then pick at the decision.",
            "EMV of a chance node = sum of probability x outcome, minus what it costs to "
            "enter it; a decision takes the option with the highest EMV (the least "
            "negative for threats), not the one with the best single outcome.",
            "risk.evaluate(tree).emv and .options, for a tree built from the risk's "
            "probability, cost_impact and response_cost, with the residual probability "
            "the lesson gives.",
        ),
        misconceptions=(
            Misconception(
                "best_outcome",
                close_to(lambda ctx: _rc().tree.options["accept"], rel_tol=0.001),
                "You took the option with the best single outcome: accepting costs nothing if "
                "the risk does not happen. A decision tree compares the options' EMVs, "
                "every branch weighed by its probability.",
            ),
            Misconception(
                "best_outcome_itself",
                lambda answer, expected, ctx: answer == 0,
                "That is the best outcome of accepting, as if the risk could not happen. "
                "The tree weighs each branch by its probability: give the EMV of the "
                "option it picks.",
            ),
            Misconception(
                "response_cost_forgotten",
                close_to(
                    lambda ctx: -RESIDUAL_PROBABILITY * _rc().risk["cost_impact"], rel_tol=0.001
                ),
                "You left out what the mitigation costs. Funding a response is paid whether "
                "or not the risk happens: take it off the option's EMV.",
            ),
            Misconception(
                "tree_positive",
                negated(),
                "The sign is reversed. Both options lose money in expectation, so the EMV "
                "of the best one is still negative.",
            ),
        ),
        search=FormulaSearch(EMV, "fund", _emv_inputs),
    ),
    Question(
        id="04.contingency",
        prompt=f"The cost contingency {PROJECT} needs for 80% confidence, from the seeded "
        "Monte Carlo run of the lesson, in euros.",
        expected=lambda ctx: _sim().contingency(0.8)["cost"],
        rel_tol=0.002,
        unit="EUR",
        why="P80 minus the plan is the reserve that gives the sponsor four chances in five "
        "of finishing within budget: a confidence level is a decision, not a guess.",
        hints=(
            "A contingency is what you add to the plan, not the total you end up with.",
            "Contingency at 80% = P80 - plan: the cost that 80% of the iterations stay "
            "within, minus the planned cost.",
            "mc.summary() has plan and P80 per row (cost, not duration); "
            "mc.contingency(0.8) gives it directly.",
        ),
        misconceptions=(
            Misconception(
                "p80_alone",
                close_to(lambda ctx: _p(80, "cost"), rel_tol=0.002),
                "That is the P80 cost itself, the total budget at 80% confidence. The "
                "contingency is what you add to the plan to reach it: subtract the plan.",
            ),
            Misconception(
                "p50_for_p80",
                close_to(lambda ctx: _p(50, "cost") - _sim().planned_cost, rel_tol=0.002),
                "You used P50: a budget at P50 is overrun one time in two. The question asks "
                "for 80% confidence, the P80.",
            ),
            Misconception(
                "p50_alone",
                close_to(lambda ctx: _p(50, "cost"), rel_tol=0.002),
                "That is the P50 cost, the median. The question asks for a contingency at 80% "
                "confidence: the P80, minus the plan.",
            ),
            Misconception(
                "schedule_for_cost",
                close_to(lambda ctx: _sim().contingency(0.8)["duration"], rel_tol=0.002),
                "That is the schedule contingency, in working days. The question asks for "
                "the cost contingency, in euros.",
            ),
            Misconception(
                "register_reserve",
                close_to(lambda ctx: _rc().reserve["reserve"], rel_tol=0.002),
                "That is the register's EMV reserve. It ignores the uncertainty in the "
                "estimates and the path of the network: the question asks for the "
                "simulation's figure.",
            ),
        ),
    ),
)
