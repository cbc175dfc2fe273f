"""Assignment 06: Portfolio alignment (scoring, selection under constraints, capacity)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "06_alignment"

KEY = """
from pmo_exercises.course import grading
key = grading.key()
_p = key.portfolio
_scores = pmo.strategy.score_projects(_p).set_index("project_id")
_cand, _demand, _cap = pmo.strategy.selection_inputs(_p)
_budget = round(0.6 * _cand["bac"].sum(), -5)
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 06: Portfolio alignment",
        [
            "score projects against the strategic objectives, by hand and with the kit",
            "find the projects that serve no objective",
            "select the most valuable portfolio under a budget, and say what greedy misses",
            "read the value of more budget off the efficient frontier",
            "find where demand for people comes closest to capacity, or exceeds it, and by how much",
        ],
        90,
        """
        The portfolio board meets to decide what Norbridge funds next half-year. As head of
        the PMO you bring the evidence: how well each project serves the strategy, which
        selection gives the most value for the money, and where the people run out. Every
        figure comes from **your own** portfolio.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        `portfolio.objectives` holds the strategic objectives and their weights;
        `portfolio.alignment` says how strongly (0 to 5) each project serves each objective.
        A project's **weighted strategic score**, out of 100, is the sum over objectives of
        weight / (sum of weights) x alignment / 5 x 100. An objective a project does not
        serve counts 0.
        """
    ),
    part(
        "A",
        "Weighted strategic score",
        2,
        """
        Compute `strategic_score`: a Series indexed by `project_id`, every project's weighted
        strategic score out of 100. Do it with pandas from the two tables (not with
        `pmo.strategy.score_projects`, which you may use to check yourself).
        """,
    ),
    answer(
        "strategic_score",
        "strategic_score = None  # a Series: score out of 100 per project_id",
        """
        weights = portfolio.objectives.set_index("objective_id")["weight"]
        matrix = portfolio.alignment.pivot_table(
            index="project_id", columns="objective_id", values="score", fill_value=0
        ).reindex(index=portfolio.projects["project_id"], columns=weights.index, fill_value=0)
        strategic_score = (matrix / 5 * 100).mul(weights / weights.sum(), axis=1).sum(axis=1)
        """,
    ),
    test(
        "test_strategic_score",
        2,
        "strategic_score: weighted score out of 100 for every project.",
        """
        from pmo_exercises.course import grading
        assert isinstance(strategic_score, pd.Series), "strategic_score should be a pandas Series"
        assert strategic_score.between(0, 100).all(), "a score out of 100 lies between 0 and 100"
        """,
        [
            KEY,
            """
            _w = _p.objectives.set_index("objective_id")["weight"]
            _m = _p.alignment.pivot_table(
                index="project_id", columns="objective_id", values="score", fill_value=0
            ).reindex(index=_p.projects["project_id"], columns=_w.index, fill_value=0)
            _unweighted = (_m / 5 * 100).sum(axis=1) / len(_w)
            grading.expect_series(
                strategic_score, _scores["score"].reindex(_p.projects["project_id"]),
                what="strategic_score", abs_tol=1e-6,
                mistakes={
                    "the objectives are not equally important: weight each by its share "
                    "of the total weight": _unweighted,
                    "alignment is out of 5: divide by 5 before scaling to 100":
                        _scores["score"].reindex(_p.projects["project_id"]) * 5,
                },
            )
            """,
        ],
    ),
    part(
        "B",
        "Weak strategic fit",
        1,
        """
        A project whose business case names no strategic objective (`objective_id` is
        empty in `portfolio.projects`) may still touch some objectives by accident, but
        nobody asked for it. List the ids of these projects in `no_fit`.
        """,
    ),
    answer(
        "no_fit",
        "no_fit = []  # project ids",
        """
        projects = portfolio.projects
        no_fit = sorted(projects.loc[projects["objective_id"].isna(), "project_id"])
        """,
    ),
    test(
        "test_no_fit",
        1,
        "no_fit: the projects that serve no strategic objective.",
        """
        assert all(isinstance(x, str) for x in no_fit), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
            _low = _scores["score"].nsmallest(1).index
            grading.expect_ids(
                no_fit, _scores.index[~_scores["strategic_fit"]], what="no_fit",
                mistakes={"the lowest score is not the same as no fit: which business "
                          "case names no objective?": _low},
            )
            """,
        ],
    ),
    markdown(
        """
        The candidates for the next half-year, with their value, budget (BAC) and cost still
        to spend, come from `pmo.strategy.selection_inputs`. The board's budget is 60% of
        what funding every candidate would cost:

        ```python
        candidates, demand, capacity = pmo.strategy.selection_inputs(portfolio)
        BUDGET = round(0.6 * candidates["bac"].sum(), -5)
        ```
        """
    ),
    part(
        "C",
        "The most valuable portfolio under the budget",
        3,
        """
        Select the projects that give the most total `business_value` with total `bac`
        within `BUDGET`. Assign the selected ids to `best_selection` and the value to
        `best_value` (euros).
        """,
    ),
    answer(
        "best_selection",
        """
        candidates, demand, capacity = pmo.strategy.selection_inputs(portfolio)
        BUDGET = round(0.6 * candidates["bac"].sum(), -5)

        best_selection = []  # project ids
        best_value = None  # euros
        """,
        """
        best = pmo.strategy.select_portfolio(candidates, BUDGET)
        best_selection = list(best.selected)
        best_value = best.total_value
        """,
    ),
    test(
        "test_best_selection",
        3,
        "best_selection and best_value: the optimal selection within BUDGET.",
        """
        from pmo_exercises.course import grading
        assert BUDGET > 0, "run the cell that defines BUDGET"
        picked = candidates.set_index("project_id").loc[list(best_selection)]
        assert picked["bac"].sum() <= BUDGET, "the selection must fit in BUDGET"
        """,
        [
            KEY,
            """
            _best = pmo.strategy.select_portfolio(_cand, _budget)
            _greedy = pmo.strategy.greedy_selection(_cand, _budget)
            grading.expect_ids(
                best_selection, _best.selected, what="best_selection",
                mistakes={"this is the greedy rule (best value for money first); it stops "
                          "when the next project does not fit, but a better combination "
                          "exists: solve the selection as an integer program": _greedy.selected},
            )
            grading.expect_number(best_value, _best.total_value, what="best_value",
                                  mistakes={"this is greedy's value": _greedy.total_value})
            """,
        ],
    ),
    part(
        "D",
        "What greedy leaves on the table",
        1,
        """
        Assign to `greedy_gap` the business value (euros) the greedy rule of thumb gives up
        against the best selection, for the same `BUDGET`.
        """,
    ),
    answer(
        "greedy_gap",
        "greedy_gap = None  # euros, best value minus greedy value",
        """
        greedy = pmo.strategy.greedy_selection(candidates, BUDGET)
        greedy_gap = best_value - greedy.total_value
        """,
    ),
    test(
        "test_greedy_gap",
        1,
        "greedy_gap: best value minus greedy value, in euros.",
        """
        from pmo_exercises.course import grading
        assert greedy_gap >= 0, "greedy can never beat the best selection: check the sign"
        """,
        [
            KEY,
            """
            _gap = (pmo.strategy.select_portfolio(_cand, _budget).total_value
                    - pmo.strategy.greedy_selection(_cand, _budget).total_value)
            grading.expect_number(greedy_gap, _gap, what="greedy_gap")
            """,
        ],
    ),
    part(
        "E",
        "The value of more money",
        2,
        """
        The finance director offers EUR 500,000 more. Using the efficient frontier
        (`pmo.strategy.efficient_frontier`), assign to `value_of_extra_budget` the extra
        business value the best selection gains when the budget goes from `BUDGET` to
        `BUDGET + 500_000`.
        """,
    ),
    answer(
        "value_of_extra_budget",
        "value_of_extra_budget = None  # euros",
        """
        frontier = pmo.strategy.efficient_frontier(candidates, [BUDGET, BUDGET + 500_000])
        value_of_extra_budget = frontier["total_value"].iloc[1] - frontier["total_value"].iloc[0]
        """,
    ),
    test(
        "test_value_of_extra_budget",
        2,
        "value_of_extra_budget: frontier value at BUDGET + 500k minus at BUDGET.",
        """
        from pmo_exercises.course import grading
        assert value_of_extra_budget >= 0, "more budget never lowers the best value"
        """,
        [
            KEY,
            """
            _f = pmo.strategy.efficient_frontier(_cand, [_budget, _budget + 500_000])
            _v = _f["total_value"].to_numpy()
            grading.expect_number(
                value_of_extra_budget, _v[1] - _v[0], what="value_of_extra_budget",
                mistakes={"this is the value at the higher budget; the board asks what the "
                          "extra money adds": _v[1]},
            )
            """,
        ],
    ),
    part(
        "F",
        "Where the people run out",
        3,
        """
        With `pmo.strategy.capacity_plan(portfolio)` (demand and capacity in person-days per
        role and month), look at the months from the status month on and find the
        **tightest** pool and month: the smallest `balance_days` (capacity minus demand), where
        demand exceeds capacity by the most, or comes closest to it if no pool is short.
        Assign its role and month to `short_role` and `short_month` (text, as in the table),
        and demand minus capacity there, in person-days, to `shortfall_days` (positive when
        the pool is short, negative when it still has room).
        """,
    ),
    answer(
        "capacity_shortfall",
        """
        short_role = None  # e.g. "DEV"
        short_month = None  # e.g. "2026-09"
        shortfall_days = None  # person-days: demand minus capacity
        """,
        """
        plan = pmo.strategy.capacity_plan(portfolio)
        ahead = plan[plan["period"] >= f"{portfolio.status_date:%Y-%m}"]
        worst = ahead.loc[ahead["balance_days"].idxmin()]
        short_role, short_month = worst["role_id"], worst["period"]
        shortfall_days = worst["demand_days"] - worst["capacity_days"]
        """,
    ),
    test(
        "test_short_role_month",
        2,
        "short_role and short_month: the tightest pool and month from the status month on.",
        """
        assert isinstance(short_role, str) and isinstance(short_month, str), "both are text"
        """,
        [
            KEY,
            """
            _plan = pmo.strategy.capacity_plan(_p)
            _ahead = _plan[_plan["period"] >= f"{_p.status_date:%Y-%m}"]
            _w = _ahead.loc[_ahead["balance_days"].idxmin()]
            _busiest = _ahead.loc[_ahead["demand_days"].idxmax()]
            _past = _plan.loc[_plan["balance_days"].idxmin()]
            _got = (short_role, str(short_month))
            if _got == (_busiest["role_id"], _busiest["period"]) and _got != (_w["role_id"], _w["period"]):
                raise AssertionError("this is the highest demand; the shortfall is demand minus "
                                     "capacity, and a big pool can carry a big demand")
            if _got == (_past["role_id"], _past["period"]) and _got != (_w["role_id"], _w["period"]):
                raise AssertionError("that month is behind us: the board decides about the "
                                     "months from the status date on")
            assert _got == (_w["role_id"], _w["period"]), (
                "short_role and short_month are not right yet: look for the smallest "
                "balance_days from the status month on")
            """,
        ],
    ),
    test(
        "test_shortfall_days",
        1,
        "shortfall_days: demand minus capacity at that role and month, in person-days.",
        """
        from pmo_exercises.course import grading
        import numbers
        assert isinstance(shortfall_days, numbers.Real) and not isinstance(shortfall_days, bool), (
            "shortfall_days is a number of person-days"
        )
        """,
        [
            KEY,
            """
            _plan = pmo.strategy.capacity_plan(_p)
            _ahead = _plan[_plan["period"] >= f"{_p.status_date:%Y-%m}"]
            _w = _ahead.loc[_ahead["balance_days"].idxmin()]
            grading.expect_number(
                shortfall_days, _w["demand_days"] - _w["capacity_days"], what="shortfall_days",
                abs_tol=1e-6,
                mistakes={
                    "this is the demand; the shortfall is demand minus capacity": _w["demand_days"],
                    "this is capacity minus demand (the balance); the shortfall is demand minus "
                    "capacity, positive when the pool is short": _w["capacity_days"] - _w["demand_days"],
                },
            )
            """,
        ],
    ),
    part(
        "G",
        "Your recommendation to the portfolio board",
        3,
        """
        In the cell below, write your recommendation to the board in five lines at most:
        which projects to fund within `BUDGET`, what to do with the project(s) that serve no
        objective, and how you deal with the tightest pool you found in Part F. Quote your
        figures.
        """,
    ),
    written(
        "board_recommendation",
        3,
        """
        "Fund P02, P03, P04, P06, P07 and P10 (EUR 4.98M of value for EUR 2.2M); greedy would
        give up EUR 66k. Stop P11: it serves none of our five objectives and still has
        EUR 180k to spend. The architects are 31 person-days short in August: delay P04's
        design start by four weeks or contract one architect for the month; the extra
        EUR 500k would add EUR 0.8M of value if the board can find it."
        """,
        [
            (1, "a selection within the budget, justified by value and not only by rank"),
            (1, "a clear decision on the project(s) with no strategic fit, with its evidence"),
            (
                1,
                "a concrete answer for the tightest pool (re-sequence, hire, cut, or why nothing is needed), with the figure",
            ),
        ],
    ),
    part(
        "H",
        "Explain it to the finance director",
        2,
        """
        The finance director asks: "why not just fund the best value-for-money projects
        first?" Answer in three sentences, using `greedy_gap` and one constraint the simple
        rule cannot handle.
        """,
    ),
    written(
        "greedy_explained",
        2,
        """
        Ranking by value for money fills the budget one project at a time and stops when the
        next one does not fit, so it can leave money idle that a different combination
        would use: here that costs EUR 66k of value. It also cannot honour links between
        projects (two that exclude each other, one that needs another) or limits on scarce
        people, which the integer program checks all at once.
        """,
        [
            (1, "explains why filling by ratio can miss a better combination, with the gap"),
            (1, "names a constraint (exclusion, dependency, capacity, mandatory) greedy ignores"),
        ],
    ),
]
