"""Assignment 05: Reporting and communication (policy RAG, watermelons, dashboard, steering)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "05_reporting"

POLICY = """
policy = pmo.governance.load_policy()  # the PMO's written rules (module 01)
"""

# Shared by the hidden tests: the key's RAG history and its status week.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_rag = pmo.reporting.rag_history(_p)
_now = _rag[_rag["week"] == _p.status_week].set_index("project_id")
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 05: Reporting and communication",
        [
            "compute a project's RAG from the policy's thresholds, the worst part winning",
            "find the reds the reports hide, and how long they have been hidden",
            "read the dashboard's forecast and trend the way a steering committee does",
            "pick out the exceptions and the decisions only the committee can take",
            "write the steering committee's summary, and the same truth for another audience",
        ],
        90,
        """
        You are the PMO analyst of Norbridge Industries. The steering committee meets on
        Monday and the head of the PMO has asked you for the report: the colours computed
        from the policy, the exceptions, the decisions needed, and the summary on top.
        Every number comes from **your own** portfolio: your neighbour's answers are not
        yours. Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT, POLICY),
    markdown(
        """
        The policy's `rag` rules: for an index (SPI = EV / PV, CPI = EV / AC), **red below**
        `policy.schedule.red` (or `policy.cost.red`) and **amber below** the `amber`
        threshold; an index exactly on a threshold belongs to the better band. The overall
        colour is the **worst** of its parts. `pmo.reporting.rag_history(portfolio)` applies
        all the rules (schedule, cost and risk) to every project and week, and puts the
        manager's `reported_rag` beside the computed `overall_rag`.
        """
    ),
    part(
        "A",
        "The reds, by the policy",
        2,
        """
        List in `red_by_policy` the ids of the projects whose **computed** overall RAG is red
        at the status week (`portfolio.status_week`).
        """,
    ),
    answer(
        "red_by_policy",
        "red_by_policy = []  # project ids",
        """
        rag = pmo.reporting.rag_history(portfolio)
        now = rag[rag["week"] == portfolio.status_week]
        red_by_policy = sorted(now.loc[now["overall_rag"] == "red", "project_id"])
        """,
    ),
    test(
        "test_red_by_policy",
        2,
        "red_by_policy: the projects red by the policy's overall RAG at the status week.",
        """
        assert isinstance(red_by_policy, (list, tuple, set, pd.Index, pd.Series)), "a list of ids"
        assert all(isinstance(x, str) for x in red_by_policy), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
            _red = _now.index[_now["overall_rag"] == "red"]
            grading.expect_ids(
                red_by_policy, _red, what="red_by_policy",
                mistakes={
                    "these are the reds the managers report; the policy computes its own "
                    "colour from the data": _now.index[_now["reported_rag"] == "red"],
                    "these are red on schedule only; the overall colour is the worst of "
                    "schedule, cost and risk": _now.index[_now["schedule_rag"] == "red"],
                    "these are red on cost only; the overall colour is the worst of "
                    "schedule, cost and risk": _now.index[_now["cost_rag"] == "red"],
                },
                hint="the overall_rag column of rag_history, at the status week",
            )
            """,
        ],
    ),
    part(
        "B",
        "The rule, by hand",
        2,
        """
        A PMO trusts a tool after it has agreed with the hand calculation. Write
        `rag_on_indices(spi, cpi, policy)` that returns the colour (`"green"`, `"amber"` or
        `"red"`) of a project on schedule and cost only, from its SPI and CPI, with the
        thresholds of `policy.schedule` and `policy.cost` and the policy's rule: the worst
        part wins.
        """,
    ),
    answer(
        "rag_on_indices",
        '''
        def rag_on_indices(spi, cpi, policy):
            """The worst of the schedule and cost colours: 'green', 'amber' or 'red'."""
        ''',
        """
        def band(value, rule):
            if value < rule.red:
                return 2
            if value < rule.amber:
                return 1
            return 0

        worst = max(band(spi, policy.schedule), band(cpi, policy.cost))
        return ["green", "amber", "red"][worst]
        """,
        indent=4,
    ),
    test(
        "test_rag_threshold",
        1,
        "rag_on_indices: an index on a threshold takes the better band; red is strictly below.",
        """
        on_red = rag_on_indices(policy.schedule.red, policy.cost.red, policy)
        assert on_red == "amber", "an index exactly on the red threshold is amber: red is below it"
        """,
        """
        from pmo_exercises.course import grading
        grading.key()  # the notebook is the trainee's own
        _pol = pmo.governance.load_policy()
        _cases = [
            (_pol.schedule.amber, _pol.cost.amber, "green"),
            (_pol.schedule.red - 0.001, _pol.cost.red - 0.001, "red"),
            (_pol.schedule.amber - 0.001, _pol.cost.amber - 0.001, "amber"),
            (_pol.schedule.red + 0.001, _pol.cost.red + 0.001, "amber"),
        ]
        for _spi, _cpi, _want in _cases:
            _got = rag_on_indices(_spi, _cpi, _pol)
            if _got != _want:
                raise AssertionError(
                    f"rag_on_indices(SPI {_spi:g}, CPI {_cpi:g}) gives {_got!r}: an index is "
                    "amber below the amber threshold and red below the red one, and a value "
                    "exactly on a threshold belongs to the better band"
                )
        """,
    ),
    test(
        "test_rag_worst",
        1,
        "rag_on_indices: the worst of schedule and cost, on every status of your portfolio.",
        """
        assert rag_on_indices(1.02, 0.70, policy) == "red", (
            "on time but burning money: the overall colour is the worst part, never the best "
            "or an average"
        )
        """,
        [
            KEY,
            """
            _pol = pmo.governance.load_policy()
            _rank = {"green": 0, "amber": 1, "red": 2}
            _known = _rag.dropna(subset=["spi", "cpi"])
            for _r in _known.itertuples():
                _worst = max(_rank[_r.schedule_rag], _rank[_r.cost_rag])
                _want = ["green", "amber", "red"][_worst]
                _got = rag_on_indices(_r.spi, _r.cpi, _pol)
                if _got != _want:
                    _low = min(_rank[_r.schedule_rag], _rank[_r.cost_rag])
                    _best = ["green", "amber", "red"][_low]
                    _why = (
                        "the overall colour is the worst part, not the best"
                        if _got == _best
                        else "check the direction: for an index, lower is worse"
                    )
                    raise AssertionError(
                        f"rag_on_indices for {_r.project_id} in week {_r.week} "
                        f"(SPI {_r.spi:.3f}, CPI {_r.cpi:.3f}) gives {_got!r}: {_why}"
                    )
            """,
        ],
    ),
    part(
        "C",
        "How long has the colour been a story?",
        3,
        """
        The default policy calls a project a **watermelon** when it is computed red and
        reported green (the `watermelon` column of `rag_history`).

        - `watermelon_weeks`: a Series indexed by `project_id`, one value per project of the
          portfolio, the number of status weeks (up to the status week) in which the project
          was a watermelon; 0 for a project that never was.
        - `optimistic_now`: the ids of the projects whose manager reports a **kinder** colour
          than the policy computes, by one step or more, at the status week.
        """,
    ),
    answer(
        "watermelon_history",
        """
        watermelon_weeks = None  # a Series: weeks flagged watermelon, per project_id
        optimistic_now = []  # project ids
        """,
        """
        rag = pmo.reporting.rag_history(portfolio)
        upto = rag[rag["week"] <= portfolio.status_week]
        watermelon_weeks = upto.groupby("project_id")["watermelon"].sum()
        now = rag[rag["week"] == portfolio.status_week]
        optimistic_now = sorted(now.loc[now["rag_gap"] >= 1, "project_id"])
        """,
    ),
    test(
        "test_watermelon_weeks",
        2,
        "watermelon_weeks: the status weeks each project was reported green while red.",
        """
        assert isinstance(watermelon_weeks, pd.Series), "watermelon_weeks should be a pandas Series"
        assert len(watermelon_weeks) == len(portfolio.projects), "one value per project"
        """,
        [
            KEY,
            """
            _upto = _rag[_rag["week"] <= _p.status_week]
            _by = _upto.groupby("project_id")
            _want = _by["watermelon"].sum().astype(float)
            grading.expect_series(
                watermelon_weeks, _want, what="watermelon_weeks",
                mistakes={
                    "these are the weeks red by the policy; a watermelon is red AND reported "
                    "green": _by["overall_rag"].apply(lambda s: (s == "red").sum()),
                    "these are the weeks the report was kinder by one step or more; the "
                    "policy's watermelon is red reported green (two steps)":
                        _by["rag_gap"].apply(lambda s: (s >= 1).sum()),
                    "these are the weeks reported green; how many of them were red?":
                        _by["reported_rag"].apply(lambda s: (s == "green").sum()),
                },
                hint="count the weeks whose watermelon flag is set, per project",
            )
            """,
        ],
    ),
    test(
        "test_optimistic_now",
        1,
        "optimistic_now: the projects reported one step or more kinder than the policy.",
        """
        assert isinstance(optimistic_now, (list, tuple, set, pd.Index, pd.Series)), "a list of ids"
        """,
        [
            KEY,
            """
            grading.expect_ids(
                optimistic_now, _now.index[_now["rag_gap"] >= 1], what="optimistic_now",
                mistakes={
                    "these are the watermelons only; a red reported amber, or an amber "
                    "reported green, is optimism too": _now.index[_now["watermelon"]],
                    "these are the projects whose colours differ; a manager gloomier than "
                    "the data is not optimistic": _now.index[
                        _now["reported_rag"] != _now["overall_rag"].fillna("undefined")
                    ],
                },
                hint="rag_gap: computed rank minus reported rank",
            )
            """,
        ],
    ),
    part(
        "D",
        "The dashboard, as the committee reads it",
        3,
        """
        The dashboard (`pmo.reporting.portfolio_dashboard(portfolio)`) puts a forecast and
        a trend beside each colour. Compute both yourself, then check them against it:

        - `overrun_pct`: a Series indexed by `project_id`, for every project that has a CPI
          at the status week, the forecast overrun in percent of the BAC, with EAC = BAC /
          CPI on the **actual** progress (`pmo.tracking.earned_value_history(portfolio)`);
          a project heading 12.5% over budget is `12.5`, one heading under budget is
          negative;
        - `worsening`: the ids of the projects whose overall RAG at the status week is worse
          than four weeks before.
        """,
    ),
    answer(
        "dashboard_figures",
        """
        overrun_pct = None  # a Series: (EAC - BAC) / BAC x 100 per project_id
        worsening = []  # project ids
        """,
        """
        history = pmo.tracking.earned_value_history(portfolio)
        ev_now = history[history["week"] == portfolio.status_week].set_index("project_id")
        ev_now = ev_now[ev_now["cpi"].notna()]
        eac = ev_now["bac"] / ev_now["cpi"]
        overrun_pct = (eac - ev_now["bac"]) / ev_now["bac"] * 100
        rank = {"green": 0, "amber": 1, "red": 2}
        rag = pmo.reporting.rag_history(portfolio)
        colour = rag.pivot(index="week", columns="project_id", values="overall_rag")
        now_rank = colour.loc[portfolio.status_week].map(rank)
        before_rank = colour.loc[portfolio.status_week - 4].map(rank)
        worsening = sorted(now_rank.index[now_rank > before_rank])
        """,
    ),
    test(
        "test_overrun_pct",
        2,
        "overrun_pct: (EAC - BAC) / BAC x 100 with EAC = BAC / CPI, on the actual progress.",
        """
        assert isinstance(overrun_pct, pd.Series), "overrun_pct should be a pandas Series"
        assert overrun_pct.abs().max() > 1, "in percent: 12.5 for a 12.5% overrun, not 0.125"
        """,
        [
            KEY,
            """
            _d = pmo.reporting.portfolio_dashboard(_p).set_index("project_id")
            _d = _d[_d["cpi"].notna()]
            _want = _d["eac_vs_bac_pct"]
            _believed = pmo.reporting.portfolio_dashboard(_p, basis="reported")
            _believed = _believed.set_index("project_id")["eac_vs_bac_pct"]
            _h = pmo.tracking.earned_value_history(_p)
            _e = _h[_h["week"] == _p.status_week].set_index("project_id").loc[_want.index]
            grading.expect_series(
                overrun_pct, _want, what="overrun_pct", rel=1e-6, abs_tol=1e-6,
                mistakes={
                    "a percent of the BAC: multiply the fraction by 100": _want / 100,
                    "this is EAC as a percent of BAC; the overrun is what lies above it: "
                    "(EAC - BAC) / BAC x 100": _want + 100,
                    "this is the overrun in euros; the committee reads it in percent of the "
                    "BAC": _d["eac"] - _d["bac"],
                    "this forecasts on the reported progress; the PMO forecasts on the "
                    "actual progress": _believed,
                    "EAC = BAC / CPI here (the cost performance so far continues), not "
                    "AC + (BAC - EV)": (_e["ac"] - _e["ev"]) / _e["bac"] * 100,
                },
            )
            """,
        ],
    ),
    test(
        "test_worsening",
        1,
        "worsening: the projects whose overall RAG is worse than four weeks before.",
        """
        assert isinstance(worsening, (list, tuple, set, pd.Index, pd.Series)), "a list of ids"
        """,
        [
            KEY,
            """
            _d = pmo.reporting.portfolio_dashboard(_p)
            _before = _rag[_rag["week"] == _p.status_week - 4].set_index("project_id")
            grading.expect_ids(
                worsening, _d.loc[_d["trend"] == "worsening", "project_id"], what="worsening",
                mistakes={
                    "these are the reds; a trend compares this week's colour with four weeks "
                    "ago": _now.index[_now["overall_rag"] == "red"],
                    "these got better: red to amber is improving": _d.loc[
                        _d["trend"] == "improving", "project_id"
                    ],
                    "these are red now and were red before; a steady red is stable, not "
                    "worsening": _now.index[
                        (_now["overall_rag"] == "red") & (_before["overall_rag"] == "red")
                    ],
                },
                hint="compare the overall RAG at the status week with the one four weeks before",
            )
            """,
        ],
    ),
    part(
        "E",
        "Exceptions and decisions",
        2,
        """
        `report = pmo.reporting.steering_report(portfolio)` assembles the steering report:
        `report.summary`, `report.exceptions` (with a `severity`) and `report.decisions`.

        - `high_exceptions`: the ids of the projects with at least one **high**-severity
          exception, the ones that open the report;
        - `portfolio_decisions`: how many of the decisions needed belong to no single project
          (no project manager can take them alone), as an integer.
        """,
    ),
    answer(
        "steering_exceptions",
        """
        high_exceptions = []  # project ids
        portfolio_decisions = None  # an integer
        """,
        """
        report = pmo.reporting.steering_report(portfolio)
        ex = report.exceptions
        high_exceptions = sorted(ex.loc[ex["severity"] == "high", "project_id"].dropna().unique())
        portfolio_decisions = int(report.decisions["project_id"].isna().sum())
        """,
    ),
    test(
        "test_high_exceptions",
        1,
        "high_exceptions: the projects with at least one high-severity exception.",
        """
        assert isinstance(high_exceptions, (list, tuple, set, pd.Index, pd.Series)), "a list of ids"
        """,
        [
            KEY,
            """
            _rep = pmo.reporting.steering_report(_p)
            _ex = _rep.exceptions
            grading.expect_ids(
                high_exceptions, _ex.loc[_ex["severity"] == "high", "project_id"].dropna(),
                what="high_exceptions",
                mistakes={
                    "these are all the projects with an exception; open the report with the "
                    "high-severity ones": _ex["project_id"].dropna(),
                    "these are the reds by the policy; a project can be a high exception for "
                    "other reasons too (a gate, its business case)":
                        _now.index[_now["overall_rag"] == "red"],
                },
            )
            """,
        ],
    ),
    test(
        "test_portfolio_decisions",
        1,
        "portfolio_decisions: the decisions that belong to no single project.",
        """
        from pmo_exercises.course import grading
        assert grading.whole_number(portfolio_decisions), "portfolio_decisions should be a whole number of decisions, such as 3"
        """,
        [
            KEY,
            """
            _dec = pmo.reporting.steering_report(_p).decisions
            grading.expect_number(
                portfolio_decisions, int(_dec["project_id"].isna().sum()),
                what="portfolio_decisions",
                mistakes={
                    "this is every decision; count those that no single project owns": len(_dec),
                    "these are the decisions about one project; count the others":
                        int(_dec["project_id"].notna().sum()),
                },
            )
            """,
        ],
    ),
    part(
        "F",
        "The summary on top of the report",
        3,
        """
        Write the summary that opens your steering report, in five lines at most: the
        portfolio in figures (reds by the policy against reds reported, the watermelons,
        the forecast against the budget), the two exceptions that matter most, and the
        decisions you ask the committee for. Every figure must be your portfolio's.
        """,
    ),
    written(
        "steering_summary",
        3,
        """
        (alice, week 26.) "Six of our twelve projects are red by the policy; their managers
        report two. P12 Cybersecurity Hardening has been reported green for 21 weeks while
        red (SPI 0.77, CPI 0.50): it heads for EUR 859k against EUR 431k, above its business
        value of EUR 650k. The ten started projects forecast EUR 5.0M against EUR 2.9M
        budgeted. The exceptions that matter: P12's hidden overrun, and P02 ERP Migration,
        in execution without its gate artefacts and forecast at EUR 602k for EUR 513k of
        value. We ask you to decide: an independent review of P12 and a stop-or-continue on
        P12, P01 and P02 by the next meeting, and a rebalancing of the solution architects,
        booked beyond capacity for four of the coming weeks."
        """,
        [
            (
                1,
                "the figures are the trainee's own and right: reds computed against reported, "
                "the watermelon(s), forecast against budget",
            ),
            (
                1,
                "exceptions chosen by severity, each with its evidence, not a tour of every "
                "project",
            ),
            (1, "decisions asked as questions the committee can answer, with a date"),
        ],
    ),
    part(
        "G",
        "The same truth, for another audience",
        2,
        """
        Take the most serious exception of your summary and write it, in three lines, for
        **one** other audience of your choice: its sponsor (the business case, a number and a
        date, the decision you need from them) or its team (what the data shows, the actions
        with their owners, what the PMO checks next week). Say which audience you chose.
        """,
    ),
    written(
        "other_audience",
        2,
        """
        To Daniel Petit, sponsor of P12: "P12 is forecast at EUR 859k against its EUR 431k
        budget, above the EUR 650k the business case promised. Its reports have said green
        since February while the data says red; the numbers, not the team, are the news. I
        need your choice by the 15th: a recovery plan you sign, or a stop at the committee."
        """,
        [
            (
                1,
                "the lead fits the audience (sponsor: business case and a decision; team: "
                "actions and owners), not the committee's version copied",
            ),
            (1, "the facts agree with the summary and are said plainly, without blame"),
        ],
    ),
]
