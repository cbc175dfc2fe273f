"""Assignment 05, parts D and E: the dashboard's forecast and trend, exceptions and decisions."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
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
                search=grading.formula("earned value", "overrun_pct", _e, eac=_e["eac_cpi"]),
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
]
