"""Assignment 01, parts A to D: what the policy asks, and its breaches found by hand."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
    part(
        "A",
        "What the policy asks of a project in execution",
        1,
        """
        Load the policy into `policy`, and assign to `execution_requires` the list of
        artefacts that must be **approved** for a project to be working in execution.
        """,
    ),
    answer(
        "execution_requires",
        """
        policy = None  # the kit's PMO policy
        execution_requires = []  # artefact names, such as "charter"
        """,
        """
        policy = pmo.governance.load_policy()
        execution_requires = list(policy.required_artefacts("execution"))
        """,
    ),
    test(
        "test_execution_requires",
        1,
        "execution_requires: every artefact a project in execution must have approved.",
        """
        assert isinstance(execution_requires, (list, tuple, set)), "a list of artefact names"
        assert all(isinstance(a, str) for a in execution_requires), "artefact names are text"
        """,
        [
            KEY,
            """
        grading.expect_ids(
            execution_requires, _policy.required_artefacts("execution"),
            what="execution_requires",
            mistakes={
                "these are only the artefacts the execution gate adds; requirements add up, "
                "so a project in execution also needs what the planning gate asked for":
                    _policy.gates["execution"],
            },
            hint="read lifecycle.gates: which gates has a project in execution passed?",
        )
        """,
        ],
    ),
    part(
        "B",
        "Stale status reports",
        2,
        """
        By hand, with pandas: from the status week's rows of `portfolio.project_status`, compute
        `report_age_days`, a Series indexed by `project_id` with one value per **active**
        project (`portfolio.projects["state"] == "active"`): the days between its `last_update`
        and the status date. Then list in `stale_projects` the ids of the reports the policy
        calls stale.
        """,
    ),
    answer(
        "stale_reports",
        """
        report_age_days = None  # a Series: days since the last update, per active project
        stale_projects = []  # project ids
        """,
        """
        ps = portfolio.project_status
        now = ps[ps["week"] == portfolio.status_week].set_index("project_id")
        active = portfolio.projects.loc[portfolio.projects["state"] == "active", "project_id"]
        now = now.loc[now.index.isin(active)]
        report_age_days = (now["status_date"] - now["last_update"]).dt.days
        stale_projects = sorted(
            report_age_days[report_age_days > 7 * policy.stale_after_weeks].index
        )
        """,
    ),
    test(
        "test_report_age_days",
        1,
        "report_age_days: days from each active project's last update to the status date.",
        """
        assert isinstance(report_age_days, pd.Series), "report_age_days should be a pandas Series"
        assert (report_age_days >= 0).all(), "an age counts back from the status date: never < 0"
        """,
        [
            KEY,
            """
        _ps = _p.project_status
        _now = _ps[_ps["week"] == _p.status_week].set_index("project_id")
        _active = set(_p.projects.loc[_p.projects["state"] == "active", "project_id"])
        if set(map(str, report_age_days.index)) == set(_now.index) != _active:
            raise AssertionError(
                "report_age_days: only active projects report; a completed or paused project "
                "has no status to keep fresh")
        _age = (_now["status_date"] - _now["last_update"]).dt.days
        _age = _age[_age.index.isin(_active)]
        grading.expect_series(
            report_age_days, _age, what="report_age_days",
            mistakes={
                "these are weeks; the question asks for days": _age / 7,
                "the age counts back from the status date: status date minus last update":
                    -_age,
            },
        )
        """,
        ],
    ),
    test(
        "test_stale_projects",
        1,
        "stale_projects: active projects last updated more than stale_after_weeks weeks ago.",
        """
        assert isinstance(stale_projects, (list, tuple, set, pd.Index, pd.Series)), "a list of ids"
        assert all(isinstance(x, str) for x in stale_projects), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
        _stale = _findings.loc[_findings["rule"] == "stale_status", "project_id"]
        _ps = _p.project_status
        _act = _p.projects.loc[_p.projects["state"] == "active", "project_id"]
        _now = _ps[(_ps["week"] == _p.status_week) & _ps["project_id"].isin(_act)]
        _days = (_now["status_date"] - _now["last_update"]).dt.days
        grading.expect_ids(
            stale_projects, _stale, what="stale_projects",
            mistakes={
                "stale_after_weeks is in weeks and the ages are in days: compare with "
                "7 x stale_after_weeks": _now.loc[_days > _policy.stale_after_weeks, "project_id"],
                "stale means MORE than stale_after_weeks weeks old, not that age or more":
                    _now.loc[_days >= 7 * _policy.stale_after_weeks, "project_id"],
            },
        )
        """,
        ],
    ),
    part(
        "C",
        "High risks nobody guards",
        2,
        """
        The policy's risk rule: every **open** risk whose probability is at least
        `policy.high_probability` must have an owner **and** a response. List in
        `unguarded_risks` the `risk_id` of every risk in `portfolio.risks` that breaks the
        rule at the status date (a risk is open when its `state` is `"open"`).
        """,
    ),
    answer(
        "unguarded_risks",
        "unguarded_risks = []  # risk ids",
        """
        r = portfolio.risks
        high = r[
            (r["state"] == "open")
            & (r["identified_on"] <= portfolio.status_date)
            & (r["probability"] >= policy.high_probability)
        ]
        unguarded = high["owner"].isna() | high["response"].isna()
        unguarded_risks = sorted(high.loc[unguarded, "risk_id"])
        """,
    ),
    test(
        "test_unguarded_risks",
        2,
        "unguarded_risks: open high risks without an owner or a response.",
        """
        assert not isinstance(unguarded_risks, str), "a list of risk ids, not one text"
        assert all(str(x).startswith("R-") for x in unguarded_risks), "risk ids: 'R-P03-07'"
        """,
        [
            KEY,
            """
        _rules = ["unowned_high_risk", "unanswered_high_risk"]
        _want = set(_findings.loc[_findings["rule"].isin(_rules), "subject"])
        _r = _p.risks
        _known = _r["identified_on"] <= _p.status_date
        _open = (_r["state"] == "open") & _known
        _high = _r["probability"] >= _policy.high_probability
        _no_owner, _no_response = _r["owner"].isna(), _r["response"].isna()
        _ids = lambda mask: _r.loc[mask, "risk_id"]
        grading.expect_ids(
            unguarded_risks, _want, what="unguarded_risks",
            mistakes={
                "these are all the open high risks; the rule is broken only by those that miss "
                "an owner or a response": _ids(_open & _high),
                "a risk breaks the rule when it misses an owner OR a response, not only both":
                    _ids(_open & _high & _no_owner & _no_response),
                "the policy wants an owner AND a response: a risk without a response breaks "
                "the rule too": _ids(_open & _high & _no_owner),
                "the policy wants an owner AND a response: a risk without an owner breaks "
                "the rule too": _ids(_open & _high & _no_response),
                "high means a probability AT LEAST high_probability (>=), not above it":
                    _ids(_open & (_r["probability"] > _policy.high_probability)
                         & (_no_owner | _no_response)),
                "a risk that has occurred is an issue now, not an open risk: keep state 'open'":
                    _ids(_known & _high & (_no_owner | _no_response)),
            },
            hint="open, probability >= policy.high_probability, and no owner or no response",
        )
        """,
        ],
    ),
    part(
        "D",
        "Past a gate without its artefacts",
        2,
        """
        By hand, from `portfolio.projects` (stage and state) and `portfolio.artefacts`: list in
        `gate_breaches` the ids of the active or paused projects that work in their stage
        without every artefact the policy requires **approved** to be there.
        """,
    ),
    answer(
        "gate_breaches",
        "gate_breaches = []  # project ids",
        """
        approved = portfolio.artefacts[portfolio.artefacts["state"] == "approved"]
        have = approved.groupby("project_id")["artefact"].agg(set)
        gate_breaches = []
        for pid, stage, state in portfolio.projects[["project_id", "stage", "state"]].itertuples(
            index=False
        ):
            needed = set(policy.required_artefacts(stage))
            if state in ("active", "paused") and not needed <= have.get(pid, set()):
                gate_breaches.append(pid)
        """,
    ),
    test(
        "test_gate_breaches",
        2,
        "gate_breaches: projects in a stage without the approved artefacts of its gates.",
        """
        assert not isinstance(gate_breaches, str), "a list of project ids, not one text"
        assert all(isinstance(x, str) for x in gate_breaches), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
        _review = pmo.governance.stage_gate_review(_p, _policy)
        _breach = _review.loc[_review["breach"], "project_id"]
        _not_ready = _review.loc[~_review["may_pass"] & _review["state"].isin(["active", "paused"]),
                                 "project_id"]
        grading.expect_ids(
            gate_breaches, _breach, what="gate_breaches",
            mistakes={
                "a breach is about a gate already passed; these projects are not ready for their "
                "NEXT gate, and a project in planning with draft artefacts is not in breach":
                    _not_ready,
                "only an approved artefact counts: a draft is not approved": [],
            },
            hint="compare each project's stage with policy.required_artefacts(stage)",
        )
        """,
        ],
    ),
]
