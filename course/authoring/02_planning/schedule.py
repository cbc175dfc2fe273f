"""Assignment 02, parts A to D: the review project's CPM schedule, its critical and near-critical
tasks, and what one pessimistic estimate does to the end date."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
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
]
