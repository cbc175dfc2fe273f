"""The questions of lesson 07, "Capstone: a quarter as head of the PMO".

Every expected value is computed by simulating the teaching portfolio
:data:`WEEKS` weeks ahead with :func:`~pmo_exercises.simulate` and the seed
:data:`SEED`, once with no decision ("do nothing", the counterfactual every
option is judged against) and once per option of :data:`OPTIONS` (a
:mod:`~pmo_exercises.scenarios` intervention on the same portfolio). All runs
share the seed, so the same task draws the same future in each of them, and
a difference between two runs is the decision's, not luck's. The figures read
at the end of the quarter are the analytics' own: the policy RAG from
:func:`~pmo_exercises.reporting.portfolio_dashboard`, the forecast finish from
:func:`~pmo_exercises.planning.portfolio_schedule` on the actual progress,
earned value and actual cost from
:func:`~pmo_exercises.tracking.earned_value_history`.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .detectors import close_to, negated
from .questions import Misconception, Question

__all__ = [
    "NOTHING",
    "OPTIONS",
    "PAUSED",
    "POOL",
    "PRIORITISED",
    "QUESTIONS",
    "SEED",
    "TARGET",
    "WEEKS",
    "Capstone",
    "capstone",
    "option_name",
]

SEED = 7  # the future the lesson plays: every run of the lesson shares it
WEEKS = 12  # the quarter the head of the PMO is accountable for
POOL = "ARC"  # the solution architects: the over-booked shared pool
TARGET = "P10"  # cybersecurity hardening: waits on P03 through a cross-project link
PRIORITISED = "P06"  # the customer portal, put first in the fight for people
PAUSED = "P12"  # the channel partner programme: among the weakest fits that serve an objective

NOTHING = "do nothing"
#: The options on the table, by the name the lesson gives them: (scenario, arguments).
OPTIONS = {
    NOTHING: None,
    "add an architect": ("add_capacity", {"role_id": POOL, "people": 1}),
    f"pause {PAUSED}": ("pause_project", {"project_id": PAUSED}),
    f"{PRIORITISED} first": ("reprioritise", {"project_id": PRIORITISED, "priority": 1}),
}

_NONE = {"", "NONE", "NO", "NOTHING", "NO PROJECT", "NOBODY", "-", "0"}


def option_name(text) -> str:
    """An option's name, compared without case, quotes or repeated spaces.

    Examples
    --------
    >>> option_name("  Add an  Architect "), option_name("'pause P12'")
    ('add an architect', 'pause p12')
    """
    return " ".join(str(text).strip().strip("'\"").lower().split())


def _project(text) -> str:
    return str(text).strip().upper()


class Capstone:
    """The quarter of the teaching portfolio under each option, computed on first use.

    Parameters
    ----------
    portfolio : Portfolio
        The portfolio at its status week (the lesson's "today").
    seed, weeks : int
        The simulated future every option is played on.
    """

    def __init__(self, portfolio, seed: int = SEED, weeks: int = WEEKS) -> None:
        self.portfolio, self.seed, self.weeks = portfolio, seed, weeks
        self._runs: dict[str, object] = {}
        self._tables: dict[tuple, pd.DataFrame] = {}

    def option(self, name: str):
        """The portfolio with the option's decision applied (no decision: itself)."""
        from .. import scenarios

        if name not in OPTIONS:
            raise KeyError(f"no option {name!r}; the options are {', '.join(map(repr, OPTIONS))}")
        choice = OPTIONS[name]
        if choice is None:
            return self.portfolio
        function, arguments = choice
        return getattr(scenarios, function)(self.portfolio, **arguments)

    def run(self, name: str):
        """The portfolio after the quarter under an option, on the lesson's seed."""
        if name not in self._runs:
            from ..simulation.engine import simulate

            self._runs[name] = simulate(self.option(name), weeks=self.weeks, seed=self.seed)
        return self._runs[name]

    def _table(self, key: tuple, build) -> pd.DataFrame:
        if key not in self._tables:
            self._tables[key] = build()
        return self._tables[key]

    def dashboard(self, name: str | None = None) -> pd.DataFrame:
        """The policy dashboard at the end of the quarter (``None``: today), by project."""
        from ..reporting import portfolio_dashboard

        p = self.portfolio if name is None else self.run(name)
        return self._table(
            ("dashboard", name), lambda: portfolio_dashboard(p).set_index("project_id")
        )

    def slip(self, name: str | None = None, basis: str = "actual") -> pd.DataFrame:
        """``planning.project_slip`` of the forecast at the end of the quarter (``None``: today)."""
        from ..planning import portfolio_schedule, project_slip

        p = self.portfolio if name is None else self.run(name)
        return self._table(
            ("slip", name, basis), lambda: project_slip(portfolio_schedule(p, basis=basis))
        )

    def earned(self, name: str | None = None) -> pd.DataFrame:
        """Earned value and actual cost at the end of the quarter (``None``: today), by project."""
        from ..tracking import earned_value_history

        p = self.portfolio if name is None else self.run(name)

        def build():
            h = earned_value_history(p)
            return h[h["week"] == p.status_week].set_index("project_id")[["ev", "ac"]]

        return self._table(("earned", name), build)

    # -- the figures the questions ask for -------------------------------------------------

    def red(self, name: str | None, column: str = "overall_rag", colours=("red",)) -> int:
        """How many projects have one of ``colours`` in ``column`` (``name`` None: today)."""
        return int(self.dashboard(name)[column].isin(colours).sum())

    def gain_days(self, name: str, project: str, basis: str = "actual") -> float:
        """Working days an option brings a project's forecast finish forward, against nothing."""
        before = self.slip(NOTHING, basis).at[project, "finish_slip_days"]
        return float(before - self.slip(name, basis).at[project, "finish_slip_days"])

    def recoloured(self, name: str, column: str = "overall_rag", against=NOTHING) -> set[str]:
        """Projects whose colour at the end of the quarter differs under an option."""
        a, b = self.dashboard(name)[column], self.dashboard(against)[column]
        return set(a.index[a != b.reindex(a.index)])

    def change(self, name: str, column: str, project: str | None = None) -> float:
        """The change of ``ev`` or ``ac`` under an option against nothing (one project or all)."""
        diff = self.earned(name)[column] - self.earned(NOTHING)[column]
        return float(diff.sum() if project is None else diff[project])

    def total_slip(self, name: str) -> float:
        """The portfolio's forecast slip against the baseline, summed over projects."""
        return float(self.slip(name)["finish_slip_days"].sum())

    @property
    def best(self) -> str:
        """The option with the smallest total forecast slip at the end of the quarter."""
        return min(OPTIONS, key=self.total_slip)


@cache
def capstone() -> Capstone:
    """The capstone of the default teaching portfolio (built once per process)."""
    from ..simulation.loading import load_portfolio

    return Capstone(load_portfolio())


def _c(figure):
    return lambda ctx: figure(capstone())


def _is(*values):
    return lambda answer, expected, ctx: answer in values


def _is_one_of(pick):
    return lambda answer, expected, ctx: answer in pick(capstone())


def _either_sign(figures):
    """Fires on any of ``figures(capstone())``, with either sign."""

    def detect(answer, expected, ctx) -> bool:
        return any(
            abs(abs(answer) - abs(v)) <= max(0.05, 0.01 * abs(v)) for v in figures(capstone())
        )

    return detect


def _counts(*figures):
    return lambda answer, expected, ctx: any(answer == f(capstone()) for f in figures)


PRIORITY_OPTION = f"{PRIORITISED} first"
PAUSE_OPTION = f"pause {PAUSED}"

QUESTIONS = (
    Question(
        id="07.red_if_nothing",
        prompt=f"If the PMO decides nothing, how many projects are red by the policy at "
        f"the end of the quarter ({WEEKS} weeks, seed {SEED})?",
        kind="integer",
        unit="a count of projects",
        expected=_c(lambda c: c.red(NOTHING)),
        why="Doing nothing is a decision too, with a forecast of its own: the number of "
        "reds it leads to is the case for acting, and the benchmark every option must beat.",
        hints=(
            "Play the quarter forward without any decision, then count the colours the "
            "policy computes at its end, not today's.",
            "Overall RAG = the worst of schedule, cost and risk, from the policy, at the "
            "last week of the simulated run; count the reds only.",
            "pmo.simulate(p, weeks=WEEKS, seed=SEED), then reporting.portfolio_dashboard on "
            "the result: its overall_rag column.",
        ),
        misconceptions=(
            Misconception(
                "reported_rag",
                _counts(lambda c: c.red(NOTHING, "reported_rag")),
                "You counted the reds the managers report. The PMO judges by the policy's "
                "RAG, computed from the data; the reported colour is what it checks.",
            ),
            Misconception(
                "today_not_quarter_end",
                _counts(lambda c: c.red(None)),
                "That is today's count, at the status week. The question asks where doing "
                "nothing leads: simulate the quarter first, then count.",
            ),
            Misconception(
                "amber_counted",
                _counts(lambda c: c.red(NOTHING, colours=("red", "amber"))),
                "You counted amber projects too. Red is what the steering committee must "
                "act on; count red only.",
            ),
        ),
    ),
    Question(
        id="07.architect_gain",
        prompt=f"Adding one architect to the {POOL} pool: by how many working days does it "
        f"bring {TARGET}'s forecast finish forward at the end of the quarter, compared with "
        "doing nothing?",
        expected=_c(lambda c: c.gain_days("add an architect", TARGET)),
        rel_tol=0.01,
        abs_tol=0.05,
        unit="working days",
        why="An intervention is worth what it changes against doing nothing, on the same "
        "simulated future: that difference, not the gap to the plan, is the evidence a "
        "steering committee can fund.",
        hints=(
            "The plan is not the comparison: the project would have slipped anyway. Compare "
            "two futures, with and without the architect, on the same seed.",
            "Gain = forecast slip without the decision - forecast slip with it, in working "
            "days, both at the end of the quarter, forecast on the actual progress.",
            "planning.project_slip(planning.portfolio_schedule(run, basis='actual')) for "
            "the two runs: the finish_slip_days of the project in each.",
        ),
        misconceptions=(
            Misconception(
                "against_the_plan",
                _either_sign(
                    lambda c: (
                        c.slip("add an architect").at[TARGET, "finish_slip_days"],
                        c.slip(None).at[TARGET, "finish_slip_days"]
                        - c.slip("add an architect").at[TARGET, "finish_slip_days"],
                    )
                ),
                "You compared the intervention with the baseline plan (or with today's "
                "forecast). The project would have slipped without the architect too: "
                "compare with the run that does nothing, on the same seed.",
            ),
            Misconception(
                "calendar_days",
                close_to(
                    _c(
                        lambda c: (
                            (
                                c.slip(NOTHING).at[TARGET, "forecast_finish"]
                                - c.slip("add an architect").at[TARGET, "forecast_finish"]
                            ).days
                        )
                    ),
                    rel_tol=0.0,
                    abs_tol=0.01,
                ),
                "You subtracted the finish dates, which counts calendar days, weekends "
                "included. A schedule is planned in working days: compare finish_slip_days.",
            ),
            Misconception(
                "reported_basis",
                close_to(_c(lambda c: c.gain_days("add an architect", TARGET, "reported"))),
                "You forecast on the managers' reported progress. Reported percent complete "
                "runs ahead of the real work: the PMO forecasts on the actual progress.",
            ),
            Misconception(
                "sign_reversed",
                negated(),
                "The sign is reversed: a gain is the slip without the decision minus the "
                "slip with it, positive when the project finishes earlier.",
            ),
        ),
    ),
    Question(
        id="07.knock_on",
        prompt=f"With {PRIORITISED} given priority 1, which project's policy RAG at the end "
        "of the quarter differs from what doing nothing gives? Its project id.",
        kind="text",
        normalise=_project,
        expected=_c(lambda c: sorted(c.recoloured(PRIORITY_OPTION))[0]),
        why="Shared people make every priority a trade: the project you help is rarely the "
        "one whose colour moves, and the steering committee must hear who pays.",
        hints=(
            "Priority does not create people: it moves them. Look at the projects that "
            "share pools with the one you put first.",
            "Compare each project's overall_rag at the end of the quarter in the two runs, "
            "on the same seed: keep the project whose colour differs.",
            "reporting.portfolio_dashboard of both runs, indexed by project_id: where their "
            "overall_rag columns are not equal.",
        ),
        misconceptions=(
            Misconception(
                "the_project_helped",
                _is(PRIORITISED),
                f"{PRIORITISED} is the project you helped, and its colour does not move. The "
                "people it gained came from other projects: look there.",
            ),
            Misconception(
                "reported_rag",
                _is_one_of(lambda c: c.recoloured(PRIORITY_OPTION, "reported_rag")),
                "That project's reported colour changes, not its policy RAG. The PMO judges "
                "by the colour computed from the data.",
            ),
            Misconception(
                "no_knock_on",
                lambda answer, expected, ctx: answer in _NONE,
                "A priority is not free: pools are shared, so helping one project slows "
                "others. Compare every project's colour in the two runs.",
            ),
            Misconception(
                "against_today",
                _is_one_of(
                    lambda c: (
                        c.recoloured(PRIORITY_OPTION, against=None) - c.recoloured(PRIORITY_OPTION)
                    )
                ),
                "That project's colour changes over the quarter whatever the PMO does. "
                "Compare with the run that does nothing at the same week, not with today.",
            ),
        ),
    ),
    Question(
        id="07.pause_value",
        prompt=f"Pausing {PAUSED} for the quarter: by how much does the portfolio's earned "
        "value at the end of the quarter change, compared with doing nothing, in euros?",
        expected=_c(lambda c: c.change(PAUSE_OPTION, "ev")),
        rel_tol=0.002,
        unit="EUR",
        why="A pause defers spend, it does not create value: the work and its business value "
        "move later, and the board must see the work lost beside the money not spent.",
        hints=(
            "Work delivered is earned value, not money saved. Compare the two futures, with "
            "and without the pause, across every project.",
            "Change = sum over projects of EV with the pause - EV without it, both at the "
            "end of the quarter on the same seed; negative when less work is delivered.",
            "tracking.earned_value_history of both runs at their last week: the ev column, "
            "summed over projects, one total minus the other.",
        ),
        misconceptions=(
            Misconception(
                "saved_cost_as_value",
                close_to(_c(lambda c: -c.change(PAUSE_OPTION, "ac")), rel_tol=0.002),
                "You counted the money the pause does not spend as value. That is spend "
                "deferred: the work is still to be done. Value delivered is earned value.",
            ),
            Misconception(
                "spend_not_work",
                close_to(_c(lambda c: c.change(PAUSE_OPTION, "ac")), rel_tol=0.002),
                "That is the change in actual cost, the money spent. The question asks for "
                "the work delivered: earned value.",
            ),
            Misconception(
                "paused_project_only",
                close_to(_c(lambda c: c.change(PAUSE_OPTION, "ev", PAUSED)), rel_tol=0.002),
                f"You counted {PAUSED} alone. The people it releases work on other projects: "
                "add up the change over the whole portfolio.",
            ),
            Misconception(
                "quarter_earned",
                close_to(
                    _c(
                        lambda c: float(
                            c.earned(PAUSE_OPTION)["ev"].sum() - c.earned(None)["ev"].sum()
                        )
                    ),
                    rel_tol=0.002,
                ),
                "That is the value earned during the quarter with the pause, against today. "
                "Compare with the run that does nothing, at the same week.",
            ),
            Misconception(
                "sign_reversed",
                negated(rel_tol=0.002),
                "The sign is reversed: the change is EV with the pause minus EV without it.",
            ),
        ),
    ),
    Question(
        id="07.best_option",
        prompt="Of the options on the table, which one leaves the smallest total forecast "
        "slip across the portfolio at the end of the quarter? Its name, as in options.",
        kind="text",
        normalise=option_name,
        expected=_c(lambda c: c.best),
        why="A recommendation compares every option, doing nothing included, on one "
        "portfolio measure and one simulated future: that is what makes it defensible.",
        hints=(
            "Judge every option on the whole portfolio, not on the project it was meant "
            "to help, and not on what it spends.",
            "Total slip = sum over projects of finish_slip_days, forecast on the actual "
            "progress at the end of the quarter, one run per option on the same seed.",
            "For each name in options: simulate, then planning.project_slip(planning."
            "portfolio_schedule(run, basis='actual'))['finish_slip_days'].sum().",
        ),
        misconceptions=(
            Misconception(
                "least_spend",
                _is(option_name(PAUSE_OPTION)),
                f"That option spends least this quarter because {PAUSED}'s work stops, and "
                f"{PAUSED}'s finish slips by weeks for it: the total slip goes up. Spend "
                "deferred is not slip saved.",
            ),
            Misconception(
                "the_project_helped",
                _is(option_name(PRIORITY_OPTION)),
                f"That option helps {PRIORITISED}, and the others pay for it through the "
                "shared pools. Add up the slip of every project.",
            ),
            Misconception(
                "nothing_as_safe",
                _is(option_name(NOTHING)),
                "Doing nothing is the benchmark, not a safe choice: at least one option "
                "ends the quarter with less slip than it does.",
            ),
            Misconception(
                "not_an_option",
                lambda answer, expected, ctx: answer not in {option_name(o) for o in OPTIONS},
                "That is not one of the options on the table. Give its name as a key of "
                "options, such as 'do nothing'.",
            ),
        ),
    ),
)
