"""Assignment 05, part C: the reds the reports hide, and for how many weeks."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
    part(
        "C",
        "How long has the colour been a story?",
        3,
        """
        The policy calls a project a **watermelon** when it is computed red and reported at
        least `rag.watermelon.min_steps` steps better (`policy.watermelon_min_steps`: two in
        the default policy, so red reported green): the `watermelon` column of `rag_history`.

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
                    "policy's watermelon is red reported at least rag.watermelon.min_steps "
                    "steps better (two by default)":
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
]
