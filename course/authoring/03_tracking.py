"""Assignment 03: Tracking and control (earned value, earned schedule, EAC, stepping in).

Part D, the EAC function and its tests, lives in the folder ``03_tracking/`` (``eac.py``),
with ``hidden.py``, the set-up the hidden tests share.
"""

from pathlib import Path

from pmo_exercises.course.authoring import answer, front, load, markdown, part, setup, test, written

ASSIGNMENT = "03_tracking"
PARTS = Path(__file__).with_name(ASSIGNMENT)
_HIDDEN = load(PARTS / "hidden.py")
KEY = _HIDDEN.KEY
EVM = _HIDDEN.EVM

POLICY = """
policy = pmo.governance.load_policy()  # the PMO's written rules (module 01)
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 03: Tracking and control",
        [
            "compute earned value from task progress, and CPI and SPI per project",
            "find the project whose reported status hides its numbers, by the policy's rule",
            "choose the EAC formula that fits the cause of an overrun",
            "say when the PMO should have stepped in, by the policy's variance tolerance",
            "put the figures in front of the steering committee with what they can and cannot tell",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries. It is the status date of your
        portfolio and the steering committee meets on Monday. Every number below comes
        from **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT, POLICY),
    markdown(
        """
        Earned value needs three numbers per project at the status date (PMI, *Practice
        Standard for Earned Value Management*, 2nd ed., 2011): **PV**, the budgeted cost of
        the work scheduled; **EV**, the budgeted cost of the work actually performed; **AC**,
        the actual cost of that work. In this portfolio a task's EV is its `planned_cost`
        (in `portfolio.tasks`) times its measured progress `pct_complete_actual` (in percent,
        in `portfolio.task_status`, one row per task and week).

        Two rules of the PMO's policy (`policy`, read by `pmo.governance.load_policy()`)
        read SPI and CPI, and they answer different questions, as in lesson 03:

        - the **RAG thresholds** (key `rag`: `policy.schedule` and `policy.cost`; amber below
          0.95 and red below 0.85 in the kit's policy) colour a status report (Part C);
        - the **variance tolerance** (key `variance`: `policy.schedule_tolerance` and
          `policy.cost_tolerance`; 0.10 in the kit's policy, so out of tolerance below 0.90)
          says when the PMO steps in (Part E).

        Use each for its own job, and read it from `policy`, not from a number typed in.
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
            EVM,
            """
        grading.expect_series(
            cpi_by_project, _started["cpi"], what="cpi_by_project",
            mistakes={
                "EV and AC are swapped: CPI = EV / AC (above 1 is under budget)": _started["ac"] / _started["ev"],
                "this is SPI (EV / PV); CPI compares EV with AC": _started["spi"],
                "CPI uses EV, not PV: EV / AC": _started["pv"] / _started["ac"],
            },
            search=grading.formula("earned value", "cpi", _evm),
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
            EVM,
            """
        grading.expect_series(
            spi_by_project, _started["spi"], what="spi_by_project",
            mistakes={
                "EV and PV are swapped: SPI = EV / PV (below 1 is behind schedule)": _started["pv"] / _started["ev"],
                "this is CPI (EV / AC); SPI compares EV with PV": _started["cpi"],
            },
            search=grading.formula("earned value", "spi", _evm),
        )
        """,
        ],
    ),
    part(
        "C",
        "The watermelon",
        2,
        """
        A watermelon is the policy's (key `rag.watermelon`): the overall RAG computed from the
        data, the worst of schedule, cost and risk, is **red**, while the manager reports a RAG
        at least `policy.watermelon_min_steps` steps better (2 in the kit's policy: reported
        green). Use `pmo.reporting.rag_history(portfolio, policy)`, as in lesson 03, and list
        in `watermelons` the ids of the projects that are watermelons at the status week.
        """,
    ),
    answer(
        "watermelons",
        "watermelons = []  # project ids",
        """
        rag = pmo.reporting.rag_history(portfolio, policy)
        latest = rag[rag["week"] == portfolio.status_week]
        watermelons = sorted(latest.loc[latest["watermelon"], "project_id"])
        """,
    ),
    test(
        "test_watermelons",
        2,
        "watermelons: the projects the policy's rule flags at the status week.",
        """
        assert isinstance(watermelons, (list, tuple, set, pd.Index, pd.Series)), "a list of project ids"
        assert all(isinstance(x, str) for x in watermelons), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
        _rag = pmo.reporting.rag_history(key.portfolio, _policy)
        _l = _rag[_rag["week"] == key.portfolio.status_week]
        _red = _l["overall_rag"] == "red"
        _red_on_indices = (_l[["schedule_rag", "cost_rag"]] == "red").any(axis=1)
        grading.expect_ids(
            watermelons, _l.loc[_l["watermelon"], "project_id"], what="watermelons",
            mistakes={
                "these are all the red projects; a watermelon is red in the data but reported "
                "better by at least policy.watermelon_min_steps steps":
                    _l.loc[_red, "project_id"],
                "these are the projects reported green; which of them does the policy call red?":
                    _l.loc[_l["reported_rag"] == "green", "project_id"],
                "amber over red is one step of optimism; the policy's watermelon needs "
                "policy.watermelon_min_steps steps (reported green)":
                    _l.loc[_red & (_l["rag_gap"] >= 1), "project_id"],
                "you looked at SPI and CPI only; the policy's overall RAG is the worst of "
                "schedule, cost AND risk (risk_rag), so a project can be red by its open risks":
                    _l.loc[_red_on_indices & (_l["rag_gap"] >= _policy.watermelon_min_steps),
                           "project_id"],
            },
            hint="compare overall_rag (the policy) with reported_rag (the manager): rag_gap",
        )
        """,
        ],
    ),
    *load(PARTS / "eac.py").CELLS,
    part(
        "E",
        "When should the PMO have stepped in?",
        2,
        """
        The PMO steps in when an index breaks the policy's **variance tolerance** (key
        `variance`: `policy.schedule_tolerance` and `policy.cost_tolerance`) and the breach
        **holds**. A week out of tolerance that came back inside is not it, and neither is the
        week a project's figures begin. This is not the RAG's red line (`policy.schedule.red`,
        `policy.cost.red`): a project can be amber and already out of tolerance.
        `pmo.tracking.first_breaches(history, policy.schedule_tolerance, policy.cost_tolerance)`
        does the bookkeeping, with `history = pmo.tracking.earned_value_history(portfolio)`:
        its `step_in_week` is the first week of the breach still open at the status week
        (missing when there is none).

        1. `step_in_weeks`: a pandas Series indexed by `project_id`, one value for every
           project out of tolerance at the status week: the week the PMO should have stepped in.
        2. `step_in_week`: the same week for the project with the **lowest CPI** among those
           started (an integer).
        """,
    ),
    answer(
        "step_in",
        """
        step_in_weeks = None  # a Series: the step-in week of every project out of tolerance
        step_in_week = None  # an integer week: the project with the lowest CPI
        """,
        """
        breaches = pmo.tracking.first_breaches(
            history, policy.schedule_tolerance, policy.cost_tolerance
        ).set_index("project_id")
        step_in_weeks = breaches["step_in_week"].dropna().astype(int)
        step_in_week = int(breaches.at[cpi_by_project.idxmin(), "step_in_week"])
        """,
    ),
    test(
        "test_step_in_weeks",
        1,
        "step_in_weeks: the first week of the breach still open, per project out of tolerance.",
        """
        from pmo_exercises.course import grading
        assert isinstance(step_in_weeks, pd.Series), "step_in_weeks should be a pandas Series"
        assert all(grading.whole_number(w) for w in step_in_weeks), (
            "each value is a week number: keep only the projects out of tolerance"
        )
        """,
        [
            KEY,
            """
        _b = pmo.tracking.first_breaches(_h, *_tolerance).set_index("project_id")
        _open = _b["step_in_week"].dropna().astype(float)
        _ever = _b.loc[_open.index, ["first_schedule_breach", "first_cost_breach"]].astype(float)
        _figures = _h[_h["ac"] > 0].groupby("project_id")["week"].min()
        _red = pmo.tracking.first_breaches(
            _h, 1 - _policy.schedule.red, 1 - _policy.cost.red
        ).set_index("project_id")["step_in_week"].dropna().astype(float)
        grading.expect_series(
            step_in_weeks, _open, what="step_in_weeks", abs_tol=0,
            mistakes={
                "this is the first week each project ever broke tolerance; a breach that came "
                "back within tolerance is not the one to act on: use the breach still open "
                "(step_in_week)": _ever.min(axis=1),
                "this is the first week of each project's figures; the PMO steps in when a "
                "breach begins, not when the data does": _figures.reindex(_open.index).astype(float),
                "this is the status week for every project: when did each open breach begin?":
                    _open * 0 + key.portfolio.status_week,
                "these are weeks_to_act, how long each breach has run, not the week it began":
                    _b.loc[_open.index, "weeks_to_act"].astype(float),
                "you used the RAG's red line (policy.schedule.red, policy.cost.red); the PMO "
                "steps in on the variance tolerance (policy.schedule_tolerance, "
                "policy.cost_tolerance), a different rule of the policy": _red,
                "you kept every project, also those within tolerance: drop the missing weeks":
                    _b["step_in_week"].astype(float),
            },
            hint="first_breaches with the policy's tolerances, its step_in_week column",
        )
        """,
        ],
    ),
    test(
        "test_step_in_week",
        1,
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
        _b = pmo.tracking.first_breaches(_h, *_tolerance).set_index("project_id")
        _ever = _b.loc[_worst, ["first_schedule_breach", "first_cost_breach"]].astype(float).min()
        grading.expect_number(
            step_in_week, int(_b.at[_worst, "step_in_week"]), what="step_in_week",
            mistakes={
                "this is the status week: when did the breach that is still open begin?":
                    key.portfolio.status_week,
                "this is when the project first broke tolerance; that breach came back inside: "
                "use the breach still open": _ever,
            },
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
        committee about the project with the lowest CPI: where it stands (its CPI, SPI and
        EAC against its BAC, and how far along it is), what caused it (its events or its
        ordinary work?) and so which EAC you stand behind, and the decision you ask for. If
        the project is less than about 15 to 20% complete (EV / BAC), say what that means for
        your forecast.
        """,
    ),
    written(
        "steering_lines",
        3,
        """
        (alice, week 26.) "P02 ERP Migration to Cloud, 7% complete, has spent EUR 43k for
        EUR 15k of work (CPI 0.36, SPI 0.50). At that rate it would cost EUR 602k against a
        budget of EUR 214k, but an index at 7% complete is not yet a forecast, and EUR 25k of
        its EUR 28k overrun is three risks that fired, the largest this week: the overrun is
        atypical, so we forecast EUR 242k (AC + BAC - EV), EUR 28k over budget. We ask the
        committee to release EUR 28k of P02's contingency now; the PMO brings a bottom-up
        estimate to complete and a review of its open risks by 17 July."
        """,
        [
            (1, "the figures (CPI, SPI, EAC against BAC, % complete) of the lowest-CPI project"),
            (1, "cause, typical or atypical, so which EAC; no firm forecast under 15-20% done"),
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
