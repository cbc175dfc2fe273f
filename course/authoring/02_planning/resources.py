"""Assignment 02, parts G and H: the portfolio's over-booked pools, and levelling them."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY
SAME = _HIDDEN.SAME

CELLS = [
    part(
        "G",
        "Over-booked pools",
        2,
        """
        Every plan looks fine on its own; the PMO sees them together. Take the portfolio's
        **baseline** (`pmo.planning.portfolio_schedule(portfolio, week=0)`), load it onto the
        roles with `pmo.planning.resource_loading` and compare it with each pool's capacity.
        Assign to `overbooked_weeks` a Series indexed by `role_id`, for the roles booked beyond
        capacity in at least one week: the number of such weeks.
        """,
    ),
    answer(
        "overbooked_weeks",
        "overbooked_weeks = None  # a Series: weeks over capacity, per role",
        """
        baseline = pmo.planning.portfolio_schedule(portfolio, week=0)
        loading = pmo.planning.resource_loading(baseline, portfolio.assignments)
        over = pmo.planning.overallocations(loading, portfolio.roles)
        overbooked_weeks = over.groupby("role_id").size()
        """,
    ),
    test(
        "test_overbooked_weeks",
        2,
        "overbooked_weeks: weeks each pool is booked beyond capacity in the portfolio baseline.",
        """
        assert isinstance(overbooked_weeks, pd.Series), "overbooked_weeks should be a Series"
        assert (overbooked_weeks > 0).all(), "only the roles over capacity in at least one week"
        """,
        [
            KEY,
            SAME,
            """
        _plan = pmo.planning
        _cap = _p.roles.set_index("role_id")["capacity_days_per_week"]
        def _weeks(schedule, at_capacity=False):
            _load = _plan.resource_loading(schedule, _p.assignments)
            _room = _load["role_id"].map(_cap)
            _hit = _load["demand_days"] >= _room if at_capacity else _load["demand_days"] > _room
            return _load[_hit].groupby("role_id").size()
        _base = _plan.portfolio_schedule(_p, week=0)
        _over = _plan.overallocations(_plan.resource_loading(_base, _p.assignments), _p.roles)
        _want = _over.groupby("role_id").size()
        if len(overbooked_weeks) == 0 and len(_want):
            raise AssertionError(
                "overbooked_weeks: no project over-books a pool on its own; the pools are "
                "shared, so add every project's demand per role and week before comparing")
        for _msg, _wrong in {
            "this is the forecast at the status date; the plan's over-bookings are in the "
            "baseline, week=0": _weeks(_plan.portfolio_schedule(_p)),
            "a week exactly at capacity is fully booked, not over-booked: demand above "
            "capacity": _weeks(_base, at_capacity=True),
            "these are the excess person-days; the question asks for the number of weeks":
                _over.groupby("role_id")["excess_days"].sum(),
        }.items():
            if _same(overbooked_weeks, _wrong) and not _same(overbooked_weeks, _want):
                raise AssertionError(f"overbooked_weeks: {_msg}")
        grading.expect_series(overbooked_weeks, _want, what="overbooked_weeks")
        """,
        ],
    ),
    part(
        "H",
        "Levelling the portfolio",
        2,
        """
        Level the whole portfolio's plan with `pmo.planning.level_resources`: all the tasks,
        all the links, all the assignments and the roles' capacity. Each project must not start
        before its `planned_start`: give the tasks an `earliest_start` column, the working day
        of their project's start, from `pmo.planning.WorkCalendar(portfolio.meta["start_date"])`
        and its `to_day` method. Then assign to `levelling_delay` the working days each
        project's finish moves (a Series indexed by `project_id`, every project, 0 included);
        `pmo.planning.levelling_delays` does the bookkeeping.
        """,
    ),
    answer(
        "levelling_delay",
        "levelling_delay = None  # a Series: working days of delay per project",
        """
        calendar = pmo.planning.WorkCalendar(portfolio.meta["start_date"])
        projects = portfolio.projects
        start_day = dict(zip(projects["project_id"], calendar.to_day(projects["planned_start"])))
        plan = portfolio.tasks.assign(earliest_start=portfolio.tasks["project_id"].map(start_day))
        levelled = pmo.planning.level_resources(
            plan, portfolio.dependencies, portfolio.assignments, portfolio.roles
        )
        levelling_delay = pmo.planning.levelling_delays(levelled)["delay_days"]
        """,
    ),
    test(
        "test_levelling_delay",
        2,
        "levelling_delay: each project's finish delay when the whole baseline is levelled.",
        """
        assert isinstance(levelling_delay, pd.Series), "levelling_delay should be a Series"
        assert (levelling_delay >= 0).all(), "levelling only ever delays work"
        """,
        [
            KEY,
            """
        _plan = pmo.planning
        _cal = _plan.WorkCalendar(_p.meta["start_date"])
        _start = dict(zip(_p.projects["project_id"], _cal.to_day(_p.projects["planned_start"])))
        _tasks = _p.tasks.assign(earliest_start=_p.tasks["project_id"].map(_start))
        _lev = lambda tasks: _plan.levelling_delays(_plan.level_resources(
            tasks, _p.dependencies, _p.assignments, _p.roles))["delay_days"]
        _want = _lev(_tasks)
        grading.expect_series(
            levelling_delay, _want, what="levelling_delay",
            mistakes={
                "without each project's start (earliest_start) every project starts on day 0 "
                "and competes for people it would not need yet": _lev(_p.tasks),
                "levelled one project at a time, nothing is over-booked: the pools are shared, "
                "so level the portfolio as a whole": _want * 0,
            },
        )
        """,
        ],
    ),
]
