"""Assignment 05, parts A and B: the policy's RAG: the reds it computes, and its rule by hand."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
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
]
