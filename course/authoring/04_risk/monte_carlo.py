"""Assignment 04, part F: the Monte Carlo run of the focus project, its P80 and its contingency."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
    part(
        "F",
        "How confident is the budget?",
        3,
        """
        Simulate your focus project with its **open** threats, exactly this way so that the
        grader can repeat your run:

        ```python
        one = portfolio.subset(focus)
        mc = pmo.risk.monte_carlo(one.tasks, one.dependencies, <the open risks of one>,
                                  iterations=2_000, seed=2026)
        ```

        Then assign `p80_days`, the project's P80 duration in working days, and
        `cost_contingency`, the cost reserve the project needs on top of its plan for 80%
        confidence, in euros.
        """,
    ),
    answer(
        "monte_carlo",
        """
        p80_days = None  # working days
        cost_contingency = None  # euros
        """,
        """
        one = portfolio.subset(focus)
        mc = pmo.risk.monte_carlo(
            one.tasks, one.dependencies, one.risks[one.risks["state"] == "open"],
            iterations=2_000, seed=2026,
        )
        p80_days, p80_cost = mc.percentile(80)
        cost_contingency = p80_cost - mc.planned_cost
        """,
    ),
    test(
        "test_p80_days",
        1,
        "p80_days: the P80 duration of the focus project's simulation (2,000 runs, seed 2026).",
        """
        from pmo_exercises.course import grading
        assert p80_days is not None and p80_days > 0, "a duration in working days"
        """,
        [
            KEY,
            """
            _one = _p.subset(_focus)
            _mc = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _fr, iterations=2_000,
                                       seed=2026)
            _d80, _c80 = _mc.percentile(80)
            _d50, _ = _mc.percentile(50)
            grading.expect_number(
                p80_days, _d80, what="p80_days", rel=1e-6, abs_tol=1e-6,
                mistakes={
                    "this is P50, a date missed one time in two; a commitment is P80": _d50,
                    "this is the deterministic plan; P80 is what 80% of the runs stay within":
                        _mc.planned_duration,
                    "this is the schedule contingency (P80 minus the plan); p80_days is the "
                    "P80 duration itself": _d80 - _mc.planned_duration,
                },
                hint="2,000 iterations, seed 2026, the open risks of the focus project",
            )
            """,
        ],
    ),
    test(
        "test_cost_contingency",
        2,
        "cost_contingency: the focus project's cost reserve for 80% confidence.",
        """
        assert cost_contingency is not None, "assign cost_contingency"
        """,
        [
            KEY,
            """
            _one = _p.subset(_focus)
            _mc = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _fr, iterations=2_000,
                                       seed=2026)
            _d80, _c80 = _mc.percentile(80)
            _, _c50 = _mc.percentile(50)
            _mistakes = {
                "this is the P80 cost itself; the contingency is what you add to the plan: "
                "P80 minus the plan": _c80,
                "this is P50 minus the plan; 80% confidence needs P80": _c50 - _mc.planned_cost,
                "this is the register's EMV reserve (Part C); the simulation's contingency is "
                "P80 minus the plan": pmo.risk.contingency_reserve(_fr)["reserve"],
            }
            if (_one.risks["state"] != "open").any():
                _all = pmo.risk.monte_carlo(_one.tasks, _one.dependencies, _one.risks,
                                            iterations=2_000, seed=2026)
                _mistakes["this simulates risks that have occurred too: their cost is in the "
                          "actuals, simulate the open ones"] = _all.contingency(0.8)["cost"]
            grading.expect_number(
                cost_contingency, _c80 - _mc.planned_cost, what="cost_contingency", rel=1e-6,
                abs_tol=0.01, mistakes=_mistakes,
                hint="2,000 iterations, seed 2026, the open risks of the focus project",
            )
            """,
        ],
    ),
]
