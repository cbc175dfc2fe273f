"""Assignment 02: Planning (CPM with link types and lags, float, PERT, loading and levelling)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "02_planning"

# Shared by the hidden tests: the key's review project and its schedule.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_act = _p.projects[_p.projects["state"] == "active"]
_pid = _act.loc[_act["bac"].idxmax(), "project_id"]
_one = _p.subset(_pid)
_t, _l = _one.tasks, _one.dependencies
_s = pmo.planning.critical_path(_t, _l)
_d = pmo.planning.project_duration(_s)
"""

# The PERT figures of the key's review project, for the probability tests.
PERT = """
from statistics import NormalDist as _Normal
_o, _m, _x = _t["optimistic_days"], _t["most_likely_days"], _t["pessimistic_days"]
_mean_t = _t.assign(duration_days=(_o + 4 * _m + _x) / 6)
_mean_s = pmo.planning.critical_path(_mean_t, _l)
_mu = pmo.planning.project_duration(_mean_s)
_sd = pd.Series(((_x - _o) / 6).to_numpy(), index=_t["task_id"])
_paths = pmo.planning.critical_paths(_mean_t, _l)
_sigma = max(float((_sd[path] ** 2).sum()) for path in _paths) ** 0.5
_sigma_summed = max(float(_sd[path].sum()) for path in _paths)
_deadline = _d + 20
"""

# Does an answer equal a wrong Series, whatever its index order? (mistakes met before the
# index check of expect_series)
SAME = """
def _same(answer, wrong):
    try:
        a, w = pd.Series(answer).astype(float), pd.Series(wrong).astype(float)
        a.index, w.index = a.index.map(str), w.index.map(str)
        return set(a.index) == set(w.index) and bool(((a.reindex(w.index) - w).abs() < 1e-6).all())
    except (TypeError, ValueError):
        return False
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 02: Planning",
        [
            "schedule a real project with CPM through every link type and lag",
            "read total and free float, and find the near-critical tasks",
            "test what one pessimistic estimate does to the end date",
            "give the chance of meeting a date with PERT, as a fraction",
            "find the over-booked pools across the portfolio and level them",
            "tell a sponsor what date to commit to, and why",
        ],
        90,
        """
        The portfolio board has asked the PMO to review the plan of your **largest active
        project** (the highest `bac`) before it commits to a date, and to check whether the
        portfolio's plans fit the people the company has. Every number below comes from
        **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        Durations and lags are in **working days**, counted from the project's day 0; a task
        occupies days `[ES, EF)`. `pmo.planning.critical_path(tasks, links)` reads the
        portfolio's columns as they are (`duration_days`; `type` and `lag_days` of the links).
        `portfolio.subset(project_id)` is a portfolio holding one project: its tasks, the links
        between them, and its assignments.
        """
    ),
    part(
        "A",
        "The project under review, and how long it lasts",
        2,
        """
        Assign to `review_project` the id of your active project with the largest budget
        (`bac`). Schedule it with CPM into `schedule` (one row per task), and assign its
        planned duration in working days to `planned_duration`.
        """,
    ),
    answer(
        "planned_duration",
        """
        review_project = None  # a project id such as "P07"
        schedule = None  # the CPM schedule of its tasks
        planned_duration = None  # working days
        """,
        """
        active = portfolio.projects[portfolio.projects["state"] == "active"]
        review_project = active.loc[active["bac"].idxmax(), "project_id"]
        one = portfolio.subset(review_project)
        schedule = pmo.planning.critical_path(one.tasks, one.dependencies)
        planned_duration = float(schedule["ef"].max())
        """,
    ),
    test(
        "test_review_project",
        1,
        "review_project: the active project with the largest budget at completion.",
        """
        assert isinstance(review_project, str), "a project id, as text such as 'P07'"
        assert review_project in set(portfolio.projects["project_id"]), "one of your project ids"
        """,
        [
            KEY,
            """
        grading.expect_choice(
            review_project, _pid, what="review_project", options=_p.projects["project_id"],
            why="the largest budget is the largest bac among the ACTIVE projects "
            "(not the business value, not a completed project)",
        )
        """,
        ],
    ),
    test(
        "test_planned_duration",
        1,
        "planned_duration: the latest early finish of the project's network, links as given.",
        """
        import numbers
        assert isinstance(planned_duration, numbers.Real), "a number of working days"
        assert planned_duration > 0, "a duration in working days, above 0"
        """,
        [
            KEY,
            """
        _cpm = lambda links: pmo.planning.project_duration(pmo.planning.critical_path(_t, links))
        grading.expect_number(
            planned_duration, _d, what="planned_duration",
            mistakes={
                "a project lasts as long as its longest chain of links, not the sum of its "
                "tasks' durations": _t["duration_days"].sum(),
                "the links have types and lags: as plain finish-to-start links without lag they "
                "give another project": _cpm(_l.assign(type="FS", lag_days=0)),
                "the link types count: SS, FF and SF links are not finish-to-start":
                    _cpm(_l.assign(type="FS")),
                "the lags count: read lag_days from the links (negative is a lead)":
                    _cpm(_l.assign(lag_days=0)),
                "without its links every task starts on day 0: pass the dependencies":
                    _cpm(None),
            },
        )
        """,
        ],
    ),
    part(
        "B",
        "The critical path",
        2,
        """
        List in `critical_tasks` the ids of the review project's critical tasks: those whose
        slip moves the project's end.
        """,
    ),
    answer(
        "critical_tasks",
        "critical_tasks = []  # task ids",
        """
        critical_tasks = list(schedule.index[schedule["critical"]])
        """,
    ),
    test(
        "test_critical_tasks",
        2,
        "critical_tasks: every task of the review project with zero total float.",
        """
        assert not isinstance(critical_tasks, str), "a list of task ids, not one text"
        assert all(isinstance(x, str) for x in critical_tasks), "task ids are text: 'P07-T03'"
        """,
        [
            KEY,
            """
        _fs = pmo.planning.critical_path(_t, _l.assign(type="FS", lag_days=0))
        _first = pmo.planning.critical_paths(_t, _l)[0]
        grading.expect_ids(
            critical_tasks, _s.index[_s["critical"]], what="critical_tasks",
            mistakes={
                "zero FREE float is not critical: such a task delays its successor when it "
                "slips, not necessarily the project; critical means zero TOTAL float":
                    _s.index[_s["free_float"] <= 1e-9],
                "this is the critical path of the network with every link finish-to-start "
                "and no lag; use the links' type and lag_days": _fs.index[_fs["critical"]],
                "there can be more than one critical path: every task with zero total float "
                "is critical": _first,
            },
        )
        """,
        ],
    ),
    part(
        "C",
        "Near-critical tasks",
        1,
        """
        A PMO watches the tasks that are *almost* critical: a small slip makes them critical.
        List in `near_critical` the review project's tasks whose total float is above 0 and at
        most 20 working days (four weeks).
        """,
    ),
    answer(
        "near_critical",
        "near_critical = []  # task ids",
        """
        total_float = schedule["lf"] - schedule["ef"]
        near_critical = list(schedule.index[(total_float > 0) & (total_float <= 20)])
        """,
    ),
    test(
        "test_near_critical",
        1,
        "near_critical: tasks with a total float above 0 and at most 20 working days.",
        """
        assert not isinstance(near_critical, str), "a list of task ids, not one text"
        assert all(isinstance(x, str) for x in near_critical), "task ids are text such as 'P07-T03'"
        """,
        [
            KEY,
            """
        _tf, _ff = _s["total_float"], _s["free_float"]
        _from_start = _s["lf"] - _s["es"]
        grading.expect_ids(
            near_critical, _s.index[(_tf > 0) & (_tf <= 20)], what="near_critical",
            mistakes={
                "this is FREE float (how far before the next task moves); near-critical is "
                "about the end date, so TOTAL float, LF - EF": _s.index[(_ff > 0) & (_ff <= 20)],
                "a critical task has no float: near-critical means a total float ABOVE 0":
                    _s.index[_tf <= 20],
                "float is counted from the early FINISH: LF - EF; LF - ES also counts the "
                "task's own duration": _s.index[(_from_start > 0) & (_from_start <= 20)],
            },
        )
        """,
        ],
    ),
    part(
        "D",
        "What one pessimistic estimate does",
        2,
        """
        For **every** task of the review project, re-run the schedule with that task alone
        at its `pessimistic_days` (all the others as planned) and record by how many working
        days the project's end moves. Assign the result to `pessimistic_delay`, a Series
        indexed by `task_id` (0 where the end does not move).
        """,
    ),
    answer(
        "pessimistic_delay",
        "pessimistic_delay = None  # a Series: working days the end moves, per task",
        """
        delays = {}
        for task in one.tasks["task_id"]:
            longer = one.tasks.copy()
            row = longer["task_id"] == task
            longer.loc[row, "duration_days"] = longer.loc[row, "pessimistic_days"]
            end = pmo.planning.critical_path(longer, one.dependencies)["ef"].max()
            delays[task] = end - planned_duration
        pessimistic_delay = pd.Series(delays)
        """,
    ),
    test(
        "test_pessimistic_delay",
        2,
        "pessimistic_delay: the end's move when each task alone takes its pessimistic duration.",
        """
        assert isinstance(pessimistic_delay, pd.Series), "pessimistic_delay should be a Series"
        assert len(pessimistic_delay) == len(schedule), "one value per task of the project"
        """,
        [
            KEY,
            """
        _want = {}
        for _task in _t["task_id"]:
            _x = _t.copy()
            _r = _x["task_id"] == _task
            _x.loc[_r, "duration_days"] = _x.loc[_r, "pessimistic_days"]
            _want[_task] = pmo.planning.project_duration(pmo.planning.critical_path(_x, _l)) - _d
        _want = pd.Series(_want).rename_axis("task_id")
        _ti = _t.set_index("task_id")
        _over = _ti["pessimistic_days"] - _ti["duration_days"]
        grading.expect_series(
            pessimistic_delay, _want, what="pessimistic_delay",
            mistakes={
                "a task off the critical path absorbs a slip up to its total float: the end "
                "does not move by the whole overrun": _over,
                "free float protects the next task; it is TOTAL float that protects the end "
                "date": (_over - _s["free_float"]).clip(lower=0),
                "float explains most of it, but with SS, FF and SF links a longer task does not "
                "always push the end the way float says: re-run the schedule for each task":
                    (_over - _s["total_float"]).clip(lower=0),
            },
        )
        """,
        ],
    ),
    part(
        "E",
        "The PERT duration",
        1,
        """
        The plan uses the most likely durations. Assign to `pert_duration` the review project's
        expected duration under PERT: the CPM duration of the network with each task at its
        PERT mean (o + 4m + p) / 6.
        """,
    ),
    answer(
        "pert_duration",
        "pert_duration = None  # working days",
        """
        tasks = one.tasks
        o, m, x = tasks["optimistic_days"], tasks["most_likely_days"], tasks["pessimistic_days"]
        means = one.tasks.assign(duration_days=(o + 4 * m + x) / 6)
        pert_duration = pmo.planning.critical_path(means, one.dependencies)["ef"].max()
        """,
    ),
    test(
        "test_pert_duration",
        1,
        "pert_duration: the CPM duration of the network on the tasks' PERT means.",
        """
        import numbers
        assert isinstance(pert_duration, numbers.Real), "a number of working days"
        """,
        [
            KEY,
            PERT,
            """
        _tri = _t.assign(duration_days=(_o + _m + _x) / 3)
        grading.expect_number(
            pert_duration, _mu, what="pert_duration",
            mistakes={
                "this is the planned duration, on the most likely durations; PERT weighs the "
                "three points (o + 4m + p) / 6": _d,
                "(o + m + p) / 3 is the triangular mean; PERT's is (o + 4m + p) / 6":
                    pmo.planning.project_duration(pmo.planning.critical_path(_tri, _l)),
                "a project lasts as long as its longest chain: run CPM on the means, do not sum "
                "them": ((_o + 4 * _m + _x) / 6).sum(),
            },
        )
        """,
        ],
    ),
    part(
        "F",
        "The chance of meeting the date",
        3,
        """
        The board holds a schedule reserve of 20 working days: the date it would announce is
        `planned_duration + 20` working days after the start. With classical PERT
        (`pmo.planning.completion_probability` and `pmo.planning.deadline_for_probability`),
        assign to `p_on_time` the probability that the review project finishes by then, and to
        `p90_days` the duration it meets with a probability of 90%.
        """,
    ),
    answer(
        "pert_chance",
        """
        p_on_time = None  # the probability of finishing within planned_duration + 20
        p90_days = None  # working days
        """,
        """
        deadline = planned_duration + 20
        p_on_time = pmo.planning.completion_probability(one.tasks, deadline, one.dependencies)
        p90_days = pmo.planning.deadline_for_probability(one.tasks, 0.9, one.dependencies)
        """,
    ),
    test(
        "test_p_on_time",
        2,
        "p_on_time: the PERT probability of finishing within the planned duration plus 20 days.",
        """
        import numbers
        assert isinstance(p_on_time, numbers.Real), "a probability is a number"
        assert 0 <= p_on_time <= 1, "a probability is a fraction between 0 and 1, not a percent"
        """,
        [
            KEY,
            PERT,
            """
        _p_on = _Normal(_mu, _sigma).cdf(_deadline)
        grading.expect_number(
            p_on_time, _p_on, what="p_on_time", rel=1e-4,
            mistakes={
                "a probability is a fraction between 0 and 1, not a percent": 100 * _p_on,
                "this is the chance of being LATE: the chance of finishing by the date is 1 minus "
                "it": 1 - _p_on,
                "this is the chance of the planned duration itself; the date includes the 20 "
                "days of reserve": _Normal(_mu, _sigma).cdf(_d),
                "variances add along the critical path, standard deviations do not":
                    _Normal(_mu, _sigma_summed).cdf(_deadline),
                "the mean of the PERT distribution is the PERT duration, not the planned one":
                    _Normal(_d, _sigma).cdf(_deadline),
            },
        )
        """,
        ],
    ),
    test(
        "test_p90_days",
        1,
        "p90_days: the duration met with a probability of 0.9 under PERT.",
        """
        import numbers
        assert isinstance(p90_days, numbers.Real), "a number of working days"
        assert p90_days >= pert_duration, "a 90% date is later than the expected one"
        """,
        [
            KEY,
            PERT,
            """
        _z = _Normal().inv_cdf(0.9)
        grading.expect_number(
            p90_days, _mu + _z * _sigma, what="p90_days", rel=1e-4,
            mistakes={
                "this is the PERT mean, met only half of the time; P90 adds 1.28 standard "
                "deviations": _mu,
                "variances add along the critical path, standard deviations do not":
                    _mu + _z * _sigma_summed,
                "a 90% chance is the normal's 0.9 quantile, about 1.28 standard deviations "
                "above the mean, not 0.9 of one": _mu + 0.9 * _sigma,
            },
        )
        """,
        ],
    ),
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
    part(
        "I",
        "What you tell the sponsor about the date",
        3,
        """
        The sponsor of the review project asks: "The plan says it takes `planned_duration`
        working days. Can I announce that date?" Write your answer in a few sentences a
        sponsor reads: the chance of the plan's date, the date you would commit to and with
        what confidence, and what the PMO will watch.
        """,
    ),
    written(
        "sponsor_date",
        3,
        """
        (Trainee alice, P04 Supplier Onboarding Automation, 403 working days as planned.)
        "No: the plan adds up the most likely durations, and most of our estimates can run
        much longer than they can run shorter, so the plan's own date is unlikely to hold
        (PERT's expected duration is 424 days; with the board's 20-day reserve the chance of
        finishing by day 423 is only about 47%). I recommend announcing day 444, our P90
        date, about two months after the planned finish; anything earlier is a coin toss. The
        PMO will watch the critical tasks and the two near-critical ones (T06 and T16), and
        report each month how much of the reserve is left."
        """,
        [
            (1, "the right figures for their project: the plan, the chance of the date, P90"),
            (1, "why the plan's date is optimistic (most likely, skewed estimates), plainly said"),
            (1, "a date to commit to with its confidence, and what the PMO will watch"),
        ],
    ),
    part(
        "J",
        "Levelling: who pays, and what you propose",
        2,
        """
        Look at `levelling_delay` beside each project's `priority` (1 is the highest) and at the
        pools in `overbooked_weeks`. Levelling by least float knows nothing of the board's
        priorities. Say which project pays for the over-booking, whether that fits the
        priorities, and what you propose to the board (and at what cost).
        """,
    ),
    written(
        "levelling_recommendation",
        2,
        """
        (Trainee alice.) "Levelling moves P11 Channel Partner Programme 48 working days, P09 21
        and P12 6; the solution architects (ARC) are over-booked in four weeks of the
        baseline. P11 is priority 3 while P04, priority 1, is not delayed, so the rule happens
        to fit the priorities; P12, priority 2, loses six days. I propose to accept the
        levelled plan for P11 and to borrow one architect for the four peak weeks (about
        20 days at EUR 950, EUR 19k) so that P12 keeps its date; the board decides on the
        budget."
        """,
        [
            (1, "reads the levelling right: which project(s) pay, how much, for which pool"),
            (1, "a proposal weighed against the priorities, with its cost in days or money"),
        ],
    ),
]
