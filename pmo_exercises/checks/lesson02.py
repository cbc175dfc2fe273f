"""The questions of lesson 02, "Planning".

Every expected value is computed from the teaching portfolio with
:mod:`pmo_exercises.planning`. The questions name the project and tasks the
lesson works on: P01, *Supplier Onboarding Automation*, whose network has
every link type (FS, SS, FF, SF) and lags; its task "Build core module",
which has total float but no free float; and its "Handover to operations",
whose three-point estimate is skewed to the pessimistic side. The resource
question is on the baseline plan of the whole portfolio.
"""

from __future__ import annotations

from statistics import NormalDist

from .detectors import close_to, in_percent
from .formulas import CPM, PERT
from .questions import Misconception, Question
from .search import FormulaSearch

__all__ = ["QUESTIONS"]

PROJECT = "P01"  # every link type and lags in one network
FLOAT_TASK = "P01-T18"  # Build core module: total float, no free float
PERT_TASK = "P01-T30"  # Handover to operations: a long pessimistic tail
ROLE = "ARC"  # solution architects: three people, one of the two smallest pools


def _duration(ctx) -> float:
    from .. import planning

    return planning.project_duration(ctx.plan(PROJECT))


def _duration_with(ctx, **change) -> float:
    from .. import planning

    one = ctx.network(PROJECT)
    return planning.project_duration(
        planning.critical_path(one.tasks, one.dependencies.assign(**change))
    )


def _float_row(ctx) -> dict:
    return ctx.plan(PROJECT).loc[FLOAT_TASK].to_dict()


def _estimate(ctx) -> tuple[float, float, float]:
    row = ctx.network(PROJECT).tasks.set_index("task_id").loc[PERT_TASK]
    return row["optimistic_days"], row["most_likely_days"], row["pessimistic_days"]


def _pert_mean(ctx) -> float:
    from .. import planning

    return planning.pert(*_estimate(ctx)).mean


def _chance(ctx) -> float:
    from .. import planning

    one = ctx.network(PROJECT)
    return planning.completion_probability(one.tasks, _duration(ctx), one.dependencies)


def _pert_network(ctx):
    """PERT means, standard deviations and critical path of the project, by hand."""
    from .. import planning

    one = ctx.network(PROJECT)
    tasks = one.tasks.set_index("task_id")
    mean, std = planning.pert(
        tasks["optimistic_days"], tasks["most_likely_days"], tasks["pessimistic_days"]
    )
    means = one.tasks.drop(columns="duration_days").assign(duration=mean.to_numpy())
    path = planning.critical_paths(means, one.dependencies)[0]
    mean_finish = planning.project_duration(planning.critical_path(means, one.dependencies))
    return mean_finish, std, path


def _chance_with(sigma_of):
    """The chance of the deadline with the mistaken spread (or centre) ``sigma_of`` gives."""

    def figure(ctx) -> float:
        mean_finish, std, path = _pert_network(ctx)
        centre, sigma = sigma_of(ctx, mean_finish, std, path)
        return NormalDist(centre, sigma).cdf(_duration(ctx))

    return figure


def _path_sigma(std, path) -> float:
    """The standard deviation of the critical path: the square root of its summed variances."""
    return float((std[path] ** 2).sum()) ** 0.5


def _arc_capacity(ctx) -> float:
    roles = ctx.portfolio.roles.set_index("role_id")
    return float(roles.at[ROLE, "capacity_days_per_week"])


def _one_project_at_a_time(ctx) -> int:
    """Weeks over capacity when each project's demand is compared with the pool alone."""
    load = ctx.baseline_loading
    arc = load[load["role_id"] == ROLE]
    return int(arc.loc[arc["demand_days"] > _arc_capacity(ctx), "week"].nunique())


def _at_or_over(ctx) -> int:
    load = ctx.baseline_loading
    weekly = load[load["role_id"] == ROLE].groupby("week")["demand_days"].sum()
    return int((weekly >= _arc_capacity(ctx) - 1e-9).sum())


def _float_inputs(ctx) -> dict:
    """The task's CPM dates, its successors' earliest start and the project's finish."""
    row = _float_row(ctx)
    return {
        **{k: row[k] for k in ("es", "ef", "ls", "lf")},
        "next_es": row["ef"] + row["free_float"],
        "project_finish": _duration(ctx),
    }


def _estimate_inputs(ctx) -> dict:
    o, m, p = _estimate(ctx)
    return {"o": o, "m": m, "p": p}


def _chance_inputs(ctx) -> dict:
    mean, std, path = _pert_network(ctx)
    sigma = _path_sigma(std, path)
    return {"mean": mean, "sigma": sigma, "variance": sigma**2, "deadline": _duration(ctx)}


QUESTIONS = (
    Question(
        id="02.duration",
        prompt=f"The planned duration of {PROJECT}, in working days, from its network "
        "(every link type and lag).",
        expected=_duration,
        abs_tol=0.01,
        unit="working days",
        why="The duration comes from the longest chain of links, not from the effort: it is "
        "the only promise of a date a PMO can defend in front of a sponsor.",
        hints=(
            "Tasks run in parallel wherever the links allow: the project lasts as long as its "
            "longest chain of linked tasks, not as long as all its tasks put together.",
            "Forward pass: ES of a task is the latest date its links allow (FS: EF + lag, "
            "SS: ES + lag, FF: EF + lag - duration, SF: ES + lag - duration); EF = ES + duration. "
            "The project ends at the largest EF.",
            f"planning.critical_path(one.tasks, one.dependencies) with one = p.subset("
            f"'{PROJECT}'), then planning.project_duration of the result.",
        ),
        misconceptions=(
            Misconception(
                "sum_of_durations",
                close_to(lambda ctx: ctx.network(PROJECT).tasks["duration_days"].sum()),
                "You added up every task's duration, as if the tasks ran one after another. "
                "Tasks in parallel overlap: the duration is the longest chain through the links.",
            ),
            Misconception(
                "lags_ignored",
                close_to(lambda ctx: _duration_with(ctx, lag_days=0.0)),
                "You left out the lags. A lag is waiting time on a link (concrete curing, a "
                "notice period): it belongs in the schedule like any task's duration.",
            ),
            Misconception(
                "all_finish_to_start",
                close_to(lambda ctx: _duration_with(ctx, type="FS")),
                "You read every link as finish-to-start. Start-to-start and finish-to-finish "
                "links let tasks overlap, and start-to-finish ones run the other way: keep the "
                "type column.",
            ),
            Misconception(
                "in_weeks",
                close_to(lambda ctx: _duration(ctx) / 5),
                "That looks like weeks. The network counts in working days: give the "
                "duration in days, as the schedule has it.",
            ),
        ),
    ),
    Question(
        id="02.total_float",
        prompt=f"The total float of {FLOAT_TASK}, 'Build core module', in working days.",
        expected=lambda ctx: _float_row(ctx)["total_float"],
        abs_tol=0.01,
        unit="working days",
        why="Total float is how long a task may slip before the end date moves: it tells the "
        "PMO where a delay is an annoyance and where it is a breach.",
        hints=(
            "Float is the room between the earliest and the latest a task can be done without "
            "moving the project's end.",
            "Total float = LS - ES = LF - EF: late against early, start against start or "
            "finish against finish. Free float is smaller: the room before any successor moves.",
            f"The row {FLOAT_TASK!r} of planning.critical_path(one.tasks, one.dependencies): "
            "its es, ef, ls and lf, or directly its total_float.",
        ),
        misconceptions=(
            Misconception(
                "free_float",
                close_to(lambda ctx: _float_row(ctx)["free_float"]),
                "That is the free float: how long the task can slip before its first successor "
                "moves. Total float is how long before the project's end moves; successors with "
                "float of their own can absorb part of a slip.",
            ),
            Misconception(
                "counted_to_project_end",
                close_to(lambda ctx: _duration(ctx) - _float_row(ctx)["ef"]),
                "You counted the float from the task's EF to the end of the project. The work "
                "after this task needs that time too: count from EF to the task's own late "
                "finish, LF.",
            ),
            Misconception(
                "lf_minus_es",
                close_to(lambda ctx: _float_row(ctx)["lf"] - _float_row(ctx)["es"]),
                "You took LF - ES, the whole window the task may sit in, duration included. "
                "Float compares like with like: LS - ES, or LF - EF.",
            ),
            Misconception(
                "ls_minus_ef",
                close_to(lambda ctx: _float_row(ctx)["ls"] - _float_row(ctx)["ef"]),
                "You took LS - EF, a start against a finish, which takes the duration off "
                "the float. Compare start with start (LS - ES) or finish with finish (LF - EF).",
            ),
            Misconception(
                "in_weeks",
                close_to(lambda ctx: _float_row(ctx)["total_float"] / 5),
                "That looks like weeks. The schedule counts in working days: give the float "
                "in days.",
            ),
        ),
        search=FormulaSearch(CPM, "total_float", _float_inputs),
    ),
    Question(
        id="02.pert_mean",
        prompt=f"The PERT expected duration of {PERT_TASK}, 'Handover to operations', "
        "in working days.",
        expected=_pert_mean,
        abs_tol=0.01,
        unit="working days",
        why="An estimate with a long pessimistic tail lasts longer on average than its most "
        "likely value: planning on the most likely is how plans come to be late by design.",
        hints=(
            "The most likely value is the peak, not the average: a tail to the pessimistic "
            "side pulls the average later.",
            "PERT (beta) mean = (optimistic + 4 x most likely + pessimistic) / 6.",
            f"The optimistic_days, most_likely_days and pessimistic_days of {PERT_TASK} in "
            "one.tasks; planning.pert(o, m, p) gives (mean, std).",
        ),
        misconceptions=(
            Misconception(
                "most_likely",
                close_to(lambda ctx: _estimate(ctx)[1]),
                "That is the most likely duration, the peak of the estimate. The expected "
                "duration weighs in the tails too, and this task's pessimistic tail is long.",
            ),
            Misconception(
                "simple_average",
                close_to(lambda ctx: sum(_estimate(ctx)) / 3),
                "You took the plain average of the three points (the triangular mean). PERT "
                "weighs the most likely value four times: (o + 4m + p) / 6.",
            ),
            Misconception(
                "std_for_mean",
                close_to(lambda ctx: (_estimate(ctx)[2] - _estimate(ctx)[0]) / 6),
                "That is the standard deviation, (p - o) / 6: the spread of the estimate, "
                "not its expected value.",
            ),
        ),
        search=FormulaSearch(PERT, "pert_mean", _estimate_inputs),
    ),
    Question(
        id="02.probability",
        prompt=f"The PERT probability that {PROJECT} finishes within its planned duration "
        "(the one from the most likely durations).",
        expected=_chance,
        abs_tol=0.005,
        unit="a probability between 0 and 1",
        why="A plan built on most-likely durations is a plan the project will probably miss; "
        "the PMO says so with a number, and sets the date or the reserve to match.",
        hints=(
            "The planned duration was built on most-likely durations; the PERT mean of the "
            "project is later, so the chance of the planned date is below a half.",
            "Run CPM on the PERT means; sum the variances ((p - o) / 6) squared along the "
            "critical path; then P = Normal(mean, sqrt(summed variance)) at the deadline.",
            "planning.completion_probability(one.tasks, deadline, one.dependencies), with "
            "deadline = planning.project_duration of the CPM on the planned durations.",
        ),
        misconceptions=(
            Misconception(
                "probability_in_percent",
                in_percent(),
                "You gave the probability in percent. A probability is a fraction between 0 "
                "and 1: write 0.8 for 80%.",
            ),
            Misconception(
                "chance_of_being_late",
                lambda answer, expected, ctx: abs(answer - (1 - expected)) <= 0.005,
                "That is the chance of missing the date, not of meeting it: the two add up to 1.",
            ),
            Misconception(
                "most_likely_as_mean",
                close_to(
                    _chance_with(lambda ctx, m, std, path: (_duration(ctx), _path_sigma(std, path)))
                ),
                "You centred the distribution on the most-likely duration. PERT centres it on "
                "the PERT mean, (o + 4m + p) / 6 per task through CPM, which is later here.",
            ),
            Misconception(
                "variance_of_every_task",
                close_to(_chance_with(lambda ctx, m, std, path: (m, float((std**2).sum()) ** 0.5))),
                "You summed the variances of every task. Only the critical path sets the end "
                "date: sum the variances of the tasks on it.",
            ),
            Misconception(
                "standard_deviations_summed",
                close_to(_chance_with(lambda ctx, m, std, path: (m, float(std[path].sum())))),
                "You added standard deviations along the path. Variances add, standard "
                "deviations do not: sum the squares, then take the square root.",
            ),
        ),
        search=FormulaSearch(PERT, "chance", _chance_inputs),
    ),
    Question(
        id="02.overbooked_weeks",
        prompt=f"In the baseline plan, in how many weeks are the solution architects ({ROLE}) "
        "booked beyond their capacity?",
        kind="integer",
        unit="a number of weeks",
        expected=lambda ctx: int((ctx.baseline_overallocations["role_id"] == ROLE).sum()),
        why="Shared experts are where one project's plan quietly breaks another's: the PMO "
        "sees the clash in the baseline, before it turns into a slip.",
        hints=(
            "Over-allocation is a portfolio effect: look at all the projects' demand on the "
            "pool in the same week, not project by project.",
            "Per role and week, add the person-days every project books and compare the sum "
            "with the pool's capacity_days_per_week; count the weeks above it.",
            "planning.resource_loading(planning.portfolio_schedule(p, week=0), p.assignments, "
            "by_project=True), then planning.overallocations(loading, p.roles).",
        ),
        misconceptions=(
            Misconception(
                "every_role",
                lambda answer, expected, ctx: answer == len(ctx.baseline_overallocations),
                f"You counted the over-booked weeks of every role. The question is about the "
                f"solution architects only: keep the rows of {ROLE}.",
            ),
            Misconception(
                "one_project_at_a_time",
                lambda answer, expected, ctx: answer == _one_project_at_a_time(ctx),
                "You compared each project's demand with the pool on its own. No single project "
                "over-books the architects; several together do. Add the demand of all projects "
                "in the same week first.",
            ),
            Misconception(
                "at_capacity_counted",
                lambda answer, expected, ctx: answer == _at_or_over(ctx),
                "You counted the weeks at capacity too. A pool that is fully booked is "
                "stretched, not over-booked: count the weeks strictly above capacity.",
            ),
        ),
    ),
)
