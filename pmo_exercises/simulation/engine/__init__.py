"""Run a portfolio week by week: what really happens, and what gets reported.

The simulator steps one working day at a time and records a status every
Friday. Each day, for every task at once (numpy arrays over tasks):

1. **Start.** A task starts when its project is active, its baseline start has
   come (teams do not start early) and every start constraint is met: FS, the
   predecessor finished ``lag`` days ago; SS, it started ``lag`` days ago.
2. **Work.** When the active tasks ask a shared pool for more people than it
   has, the pool shares its daily capacity among them in proportion to their
   FTE, weighted by project priority (priority 1 weighs twice priority 3,
   four times priority 5). A task that gets half the people it needs moves
   at half speed: this is how an over-booked expert on one project delays
   another.
3. **Risks and opportunities.** A risk that is fated to occur (drawn once, by
   its probability) strikes when its task is part-way done: it adds its
   schedule impact to the task's remaining work and its cost impact to the
   actual cost. A realised opportunity removes work and cost.
4. **Finish.** A task whose work is done finishes when its finish constraints
   allow: FF, the predecessor finished ``lag`` days ago; SF, it started
   ``lag`` days ago.

Real durations are drawn from a triangular distribution on the three-point
estimate, scaled by the project's hidden ``duration_factor``; cost accrues
with the work actually done at the planned rate times ``cost_factor``.

Reporting is where people come in. On its reporting weeks a project manager
reports percent complete through a "90% syndrome" curve
``1 - (1 - actual) ** (1 + progress_optimism)``, rounded to 5% and never 100%
before the work is done, and a RAG worked out from the reported progress then
softened by ``rag_optimism`` steps. After ``last_report_week`` the manager stops
reporting: the PMO keeps receiving the last status, now stale.

The modules of this package follow a run's phases:

* :mod:`.state`: the set-up, the portfolio as arrays at its status date, with
  the real work and the fates drawn once (:func:`keyed_uniform`);
* :mod:`.days`: the execution, one working day at a time (steps 1 to 4 above);
* :mod:`.weekly`: every Friday, the real and the reported status;
* :mod:`.outcome`: the new portfolio, its status tables and registers.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.portfolio import Portfolio
from ...core.schema import DAYS_PER_WEEK
from .days import step_day
from .outcome import new_portfolio
from .state import RunState
from .state import keyed_uniform as keyed_uniform  # public here since before the split
from .weekly import AMBER_FROM as AMBER_FROM
from .weekly import GREEN_FROM as GREEN_FROM
from .weekly import WeeklyRecord

__all__ = ["simulate"]


def simulate(
    portfolio: Portfolio,
    weeks: int = 26,
    seed: int = 0,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Portfolio:
    """Run the portfolio for ``weeks`` more weeks from its status date.

    Parameters
    ----------
    portfolio : Portfolio
        A plan (from :func:`generate_portfolio`) or a portfolio with history,
        possibly changed by a scenario intervention. It is not modified.
    weeks : int
        Weeks to simulate (at least 1).
    seed : int
        Seed of the run; the same portfolio and seed give the same history.
    progress : callable, optional
        Called as ``progress(week_done, weeks)`` after each simulated week.

    Returns
    -------
    Portfolio
        A new portfolio whose status tables run to the new status week, with
        its projects' stage, state and reported RAG, the risk and opportunity
        registers, the artefacts and the events updated to match.

    Raises
    ------
    ValueError
        When ``weeks`` is below 1, or when a project has no row in ``drivers``
        (a PMO's own portfolio has no simulation truth to run on).

    Notes
    -----
    Resuming from a status date keeps the history and the work done, and
    draws the remaining work afresh with the new seed: the future is not
    written yet.
    """
    if int(weeks) < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    _check_drivers(portfolio)
    weeks, seed = int(weeks), int(seed)
    run = RunState(portfolio, seed)
    record = WeeklyRecord(run, weeks)
    first_day = run.week0 * DAYS_PER_WEEK
    for day in range(first_day, first_day + weeks * DAYS_PER_WEEK):
        step_day(run, day)
        if (day + 1) % DAYS_PER_WEEK == 0:
            week = (day + 1) // DAYS_PER_WEEK
            record.take(run, week)
            if progress is not None:
                progress(week - run.week0, weeks)
    return new_portfolio(run, record)


def _check_drivers(portfolio: Portfolio) -> None:
    """Refuse, in one line, a portfolio whose projects have no simulation truth."""
    known = set(portfolio.drivers["project_id"].astype(str))
    missing = [pid for pid in portfolio.projects["project_id"].astype(str) if pid not in known]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        shown = ", ".join(missing[:5]) + more
        raise ValueError(
            f"simulate needs the simulator's drivers table for every project; none for {shown}. "
            "A PMO's own portfolio has no simulation truth: simulate the teaching portfolio or "
            "one made by generate_portfolio"
        )
