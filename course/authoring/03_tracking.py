"""Assignment 03: Tracking and control (earned value, earned schedule, EAC, stepping in)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "03_tracking"

# Shared by the hidden tests: the key's figures at the status week.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_h = pmo.tracking.earned_value_history(key.portfolio)
_now = _h[_h["week"] == key.portfolio.status_week].set_index("project_id")
_started = _now[_now["ac"] > 0]
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 03: Tracking and control",
        [
            "compute earned value from task progress, and CPI and SPI per project",
            "find the project whose reported status hides its numbers",
            "choose the EAC formula that fits the cause of an overrun",
            "say when the PMO should have stepped in, and what it does now",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries. It is the status date of your
        portfolio and the steering committee meets on Monday. Every number below comes
        from **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        Earned value needs three numbers per project at the status date (PMI, *The Standard
        for Earned Value Management*): **PV**, the budgeted cost of the work scheduled;
        **EV**, the budgeted cost of the work actually performed; **AC**, the actual cost of
        that work. In this portfolio a task's EV is its `planned_cost` times its measured
        progress `pct_complete_actual` (in percent) in `portfolio.task_status`.
        """
    ),
    part(
        "A",
        "Earned value per project",
        2,
        """
        Compute `ev_by_project`: a pandas Series indexed by `project_id`, one value per
        project, the EV at the status week (`portfolio.status_week`). Use the measured
        progress, not what the project managers report.
        """,
    ),
    answer(
        "ev_by_project",
        "ev_by_project = None  # a Series: EV per project_id at the status week",
        """
        ts = portfolio.task_status
        now = ts[ts["week"] == portfolio.status_week].merge(
            portfolio.tasks[["task_id", "planned_cost"]], on="task_id"
        )
        ev_by_project = (now["planned_cost"] * now["pct_complete_actual"] / 100).groupby(
            now["project_id"]
        ).sum()
        """,
    ),
    test(
        "test_ev_by_project",
        2,
        "ev_by_project: EV per project from measured progress at the status week.",
        """
        from pmo_exercises.course import grading
        assert isinstance(ev_by_project, pd.Series), "ev_by_project should be a pandas Series"
        assert len(ev_by_project) == len(portfolio.projects), "one EV per project"
        """,
        [
            KEY,
            """
        _ts = key.portfolio.task_status
        _t = _ts[_ts["week"] == key.portfolio.status_week].merge(
            key.portfolio.tasks[["task_id", "planned_cost"]], on="task_id")
        _reported = (_t["planned_cost"] * _t["pct_complete_reported"] / 100).groupby(_t["project_id"]).sum()
        grading.expect_series(
            ev_by_project, _now["ev"], what="ev_by_project", rel=1e-6, abs_tol=0.01,
            mistakes={
                "this is the reported progress; EV is earned on measured progress "
                "(pct_complete_actual), not on what the project manager says": _reported,
                "this is PV, the work scheduled; EV is the budget of the work performed": _now["pv"],
                "this is AC; EV is the budget of the work performed, not what it cost": _now["ac"],
                "progress is in percent: divide by 100": _now["ev"] * 100,
            },
        )
        """,
        ],
    ),
    part(
        "B",
        "CPI and SPI",
        3,
        """
        For every project that has spent money (AC > 0 at the status week), compute
        `cpi_by_project` and `spi_by_project`: Series indexed by `project_id`. You may use
        `pmo.tracking.earned_value_history(portfolio)` for PV, EV and AC.
        """,
    ),
    answer(
        "cpi_spi_by_project",
        """
        cpi_by_project = None  # a Series: CPI per started project
        spi_by_project = None  # a Series: SPI per started project
        """,
        """
        history = pmo.tracking.earned_value_history(portfolio)
        now = history[history["week"] == portfolio.status_week].set_index("project_id")
        started = now[now["ac"] > 0]
        cpi_by_project = started["ev"] / started["ac"]
        spi_by_project = started["ev"] / started["pv"]
        """,
    ),
    test(
        "test_cpi_by_project",
        2,
        "cpi_by_project: CPI = EV / AC for every started project.",
        """
        assert isinstance(cpi_by_project, pd.Series), "cpi_by_project should be a pandas Series"
        assert (cpi_by_project > 0).all(), "a CPI is a positive ratio"
        """,
        [
            KEY,
            """
        grading.expect_series(
            cpi_by_project, _started["cpi"], what="cpi_by_project",
            mistakes={
                "EV and AC are swapped: CPI = EV / AC (above 1 is under budget)": _started["ac"] / _started["ev"],
                "this is SPI (EV / PV); CPI compares EV with AC": _started["spi"],
                "CPI uses EV, not PV: EV / AC": _started["pv"] / _started["ac"],
            },
        )
        """,
        ],
    ),
    test(
        "test_spi_by_project",
        1,
        "spi_by_project: SPI = EV / PV for every started project.",
        """
        assert isinstance(spi_by_project, pd.Series), "spi_by_project should be a pandas Series"
        """,
        [
            KEY,
            """
        grading.expect_series(
            spi_by_project, _started["spi"], what="spi_by_project",
            mistakes={
                "EV and PV are swapped: SPI = EV / PV (below 1 is behind schedule)": _started["pv"] / _started["ev"],
                "this is CPI (EV / AC); SPI compares EV with PV": _started["cpi"],
            },
        )
        """,
        ],
    ),
    part(
        "C",
        "The watermelon",
        2,
        """
        A watermelon reports green while the PMO policy's RAG, computed from its data, is
        red. Use `pmo.reporting.rag_history(portfolio)` and list in `watermelons` the ids of
        the projects that are watermelons at the status week.
        """,
    ),
    answer(
        "watermelons",
        "watermelons = []  # project ids",
        """
        rag = pmo.reporting.rag_history(portfolio)
        latest = rag[rag["week"] == portfolio.status_week]
        watermelons = sorted(latest.loc[latest["watermelon"], "project_id"])
        """,
    ),
    test(
        "test_watermelons",
        2,
        "watermelons: the projects reported green whose policy RAG is red, at the status week.",
        """
        assert isinstance(watermelons, (list, tuple, set, pd.Index, pd.Series)), "a list of project ids"
        assert all(isinstance(x, str) for x in watermelons), "project ids are text such as 'P07'"
        """,
        """
        from pmo_exercises.course import grading
        key = grading.key()
        _rag = pmo.reporting.rag_history(key.portfolio)
        _l = _rag[_rag["week"] == key.portfolio.status_week]
        grading.expect_ids(
            watermelons, _l.loc[_l["watermelon"], "project_id"], what="watermelons",
            mistakes={
                "these are all the red projects; a watermelon is red in the data but reported green":
                    _l.loc[_l["overall_rag"] == "red", "project_id"],
                "these are the projects reported green; which of them does the policy call red?":
                    _l.loc[_l["reported_rag"] == "green", "project_id"],
            },
            hint="compare overall_rag (the policy) with reported_rag (the manager)",
        )
        """,
    ),
    part(
        "D",
        "Which EAC?",
        3,
        """
        Write `eac(bac, ev, ac, cause)` that returns the estimate at completion for one
        project. `cause` says why it is off plan:

        - `"typical"`: the overrun reflects how the work is done and will continue (EAC = BAC / CPI);
        - `"one_off"`: a one-off event that will not recur (the remaining work costs its budget);
        - `"deadline"`: late against a fixed date, so both cost and schedule performance weigh
          on the remaining work (pass `pv` as a keyword argument too).
        """,
    ),
    answer(
        "eac_function",
        '''
        def eac(bac, ev, ac, cause, pv=None):
            """Estimate at completion of one project, for the cause of its variance."""
        ''',
        """
        cpi = ev / ac
        if cause == "typical":
            return bac / cpi
        if cause == "one_off":
            return ac + (bac - ev)
        if cause == "deadline":
            spi = ev / pv
            return ac + (bac - ev) / (cpi * spi)
        raise ValueError(f"unknown cause {cause!r}")
        """,
        indent=4,
    ),
    test(
        "test_eac_typical",
        1,
        "eac(..., 'typical') is BAC / CPI.",
        """
        from pmo_exercises.course import grading
        grading.expect_number(eac(1000, 400, 500, "typical"), 1250, what="eac(1000, 400, 500, 'typical')",
                              mistakes={"EV and AC are swapped in the CPI": 800})
        """,
        """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(eac(_r.bac, _r.ev, _r.ac, "typical"), _r.eac_cpi,
                                  what=f"eac for {_r.project_id} (typical)")
        """,
    ),
    test(
        "test_eac_one_off",
        1,
        "eac(..., 'one_off') is AC + (BAC - EV).",
        """
        from pmo_exercises.course import grading
        grading.expect_number(
            eac(1000, 400, 500, "one_off"), 1100, what="eac(1000, 400, 500, 'one_off')",
            mistakes={"EAC should use AC + (BAC - EV) here: the overrun was a one-off, "
                      "BAC / CPI assumes it goes on": 1250},
        )
        """,
        """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(
                eac(_r.bac, _r.ev, _r.ac, "one_off"), _r.eac_atypical,
                what=f"eac for {_r.project_id} (one-off)",
                mistakes={"EAC should use AC + (BAC - EV) here: the overrun was a one-off": _r.eac_cpi},
            )
        """,
    ),
    test(
        "test_eac_deadline",
        1,
        "eac(..., 'deadline', pv=...) is AC + (BAC - EV) / (CPI x SPI).",
        """
        from pmo_exercises.course import grading
        grading.expect_number(eac(1000, 400, 500, "deadline", pv=500), 1437.5,
                              what="eac(1000, 400, 500, 'deadline', pv=500)")
        """,
        """
        key = grading.key()
        _h = pmo.tracking.earned_value_history(key.portfolio)
        _n = _h[(_h["week"] == key.portfolio.status_week) & (_h["ac"] > 0) & (_h["pv"] > 0)]
        for _r in _n.itertuples():
            grading.expect_number(
                eac(_r.bac, _r.ev, _r.ac, "deadline", pv=_r.pv), _r.eac_cpi_spi,
                what=f"eac for {_r.project_id} (deadline)",
                mistakes={"divide the remaining work by CPI x SPI, not by CPI alone": _r.eac_cpi},
            )
        """,
    ),
    part(
        "E",
        "When should the PMO have stepped in?",
        2,
        """
        The policy tolerates 10% off plan on schedule and on cost (SPI or CPI below 0.90).
        For the project with the **lowest CPI** among those started, find the first week of
        the breach that is still open at the status date, and assign it to `step_in_week`
        (an integer). `pmo.tracking.first_breaches` does the bookkeeping.
        """,
    ),
    answer(
        "step_in_week",
        "step_in_week = None  # an integer week",
        """
        worst = cpi_by_project.idxmin()
        breaches = pmo.tracking.first_breaches(history, 0.10, 0.10).set_index("project_id")
        step_in_week = int(breaches.at[worst, "step_in_week"])
        """,
    ),
    test(
        "test_step_in_week",
        2,
        "step_in_week: the first week of the open breach of the project with the lowest CPI.",
        """
        from pmo_exercises.course import grading
        assert grading.whole_number(step_in_week), "step_in_week should be a week number, such as 7"
        assert 0 <= step_in_week <= portfolio.status_week, "a week between 0 and the status week"
        """,
        [
            KEY,
            """
        _worst = _started["cpi"].idxmin()
        _b = pmo.tracking.first_breaches(_h, 0.10, 0.10).set_index("project_id")
        grading.expect_number(
            step_in_week, int(_b.at[_worst, "step_in_week"]), what="step_in_week",
            mistakes={"this is the status week: when did the breach that is still open begin?":
                      key.portfolio.status_week},
            hint="is it the project with the lowest CPI, and the breach that is still open?",
        )
        """,
        ],
    ),
    part(
        "F",
        "Three lines for the steering committee",
        3,
        """
        In the cell below, write the three lines you would put in front of the steering
        committee about the project with the lowest CPI: where it stands (with its CPI,
        SPI and EAC), what caused it, and the decision you ask for.
        """,
    ),
    written(
        "steering_lines",
        3,
        """
        "P12 Cybersecurity Hardening has spent EUR 172k for EUR 86k of work (CPI 0.50, SPI 0.77):
        at this rate it finishes at EUR 859k against a budget of EUR 431k. The overrun is
        ongoing, not a one-off: contractor rates on the hardening tasks. We ask the committee to
        approve a re-plan by the 20th and to freeze new scope until then."
        """,
        [
            (1, "states the figures (CPI, SPI, EAC against BAC) of the right project, correctly"),
            (1, "names a cause, and says whether it is typical or one-off (which EAC it implies)"),
            (1, "asks for one clear decision with an owner or a date"),
        ],
    ),
    part(
        "G",
        "Corrective action",
        2,
        """
        Propose one corrective action for the watermelon project(s) you found in Part C and
        say which number you will watch next week to know it worked.
        """,
    ),
    written(
        "corrective_action",
        2,
        """
        Put the project under the PMO's weekly review: the manager reports measured progress
        from completed deliverables, and the RAG is the policy's. Watch SPI(t) and CPI next
        week; the gap between reported and policy RAG should close.
        """,
        [
            (1, "an action that addresses why the status was wrong (reporting), not only the plan"),
            (1, "a measurable indicator to watch and when"),
        ],
    ),
]
