"""Assignment 01: Standards and governance (policy, breaches with evidence, stage gates)."""

from pmo_exercises.course.authoring import answer, front, markdown, part, setup, test, written

ASSIGNMENT = "01_governance"

# Shared by the hidden tests: the key's portfolio, the kit's policy and its findings.
KEY = """
from pmo_exercises.course import grading
key = grading.key()
_policy = pmo.governance.load_policy()
_p = key.portfolio
_findings = pmo.governance.compliance_check(_p, _policy)
"""

CELLS = [
    front(
        "front_matter",
        "Assignment 01: Standards and governance",
        [
            "read the PMO policy and say what a gate, a report and a risk must satisfy",
            "find the breaches in your portfolio by hand, then with the kit, with evidence",
            "run a stage-gate review and say who is not ready, and why",
            "test a change to the policy before adopting it",
            "choose the breach to escalate first, and argue for it",
        ],
        90,
        """
        You are the new PMO analyst of Norbridge Industries. Your first job is the monthly
        governance review: check every project against the PMO policy and bring the
        breaches that matter to the steering committee. Every number below comes from
        **your own** portfolio: your neighbour's answers are not yours.
        Autograded parts check your variables; written parts are read by your coach.
        """,
    ),
    setup(ASSIGNMENT),
    markdown(
        """
        The policy is the standard, kept as data: `pmo.governance.load_policy()` reads the
        kit's policy file (`pmo.governance.DEFAULT_POLICY`) and checks it. Read the file once
        with `print(pmo.governance.DEFAULT_POLICY.read_text())`: its comments are part of the
        standard. The status date is `portfolio.status_date`, its week `portfolio.status_week`.
        """
    ),
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
    part(
        "E",
        "The same checks, with evidence",
        2,
        """
        Run `pmo.governance.compliance_check(portfolio, policy)` into `findings` and read its
        `evidence` column. The steering committee wants to know how widespread each problem
        is: compute `projects_per_rule`, a Series indexed by `rule` (the rules with at least
        one finding) giving **how many projects** break that rule.
        """,
    ),
    answer(
        "projects_per_rule",
        """
        findings = None  # the compliance check's findings
        projects_per_rule = None  # a Series: number of projects per rule
        """,
        """
        findings = pmo.governance.compliance_check(portfolio, policy)
        projects_per_rule = findings.groupby("rule")["project_id"].nunique()
        """,
    ),
    test(
        "test_projects_per_rule",
        2,
        "projects_per_rule: the number of distinct projects breaking each rule.",
        """
        assert isinstance(projects_per_rule, pd.Series), "projects_per_rule should be a Series"
        assert (projects_per_rule >= 1).all(), "only the rules with at least one finding"
        """,
        [
            KEY,
            """
        _by = _findings.groupby("rule")
        grading.expect_series(
            projects_per_rule, _by["project_id"].nunique(), what="projects_per_rule",
            mistakes={
                "this counts findings, not projects: a project missing three artefacts is one "
                "project in breach and three findings (count distinct projects)": _by.size(),
            },
        )
        """,
        ],
    ),
    part(
        "F",
        "The stage-gate review",
        2,
        """
        Run `pmo.governance.stage_gate_review(portfolio, policy)`. For the steering committee's
        gate review, list in `not_ready` the **active** projects that may not pass their next
        gate.
        """,
    ),
    answer(
        "not_ready",
        "not_ready = []  # project ids",
        """
        review = pmo.governance.stage_gate_review(portfolio, policy)
        waiting = (review["state"] == "active") & ~review["may_pass"]
        not_ready = sorted(review.loc[waiting, "project_id"])
        """,
    ),
    test(
        "test_not_ready",
        2,
        "not_ready: the active projects that may not pass their next gate.",
        """
        assert not isinstance(not_ready, str), "a list of project ids, not one text"
        assert all(isinstance(x, str) for x in not_ready), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
        _review = pmo.governance.stage_gate_review(_p, _policy)
        _active = _review["state"] == "active"
        grading.expect_ids(
            not_ready, _review.loc[_active & ~_review["may_pass"], "project_id"], what="not_ready",
            mistakes={
                "a completed, cancelled or paused project is not up for a gate: keep the active "
                "ones": _review.loc[~_review["may_pass"], "project_id"],
                "these are only the gate breaches; a project in planning with draft artefacts "
                "is not in breach, but it is not ready either": _review.loc[_review["breach"],
                                                                            "project_id"],
            },
        )
        """,
        ],
    ),
    part(
        "G",
        "Test a change to the policy",
        2,
        """
        The risk committee proposes to call a risk high from a probability of **0.3**
        (`high_probability: 0.3`). Before the PMO adopts it, show what it changes: copy the
        policy file, change that one number, load your copy (or use
        `dataclasses.replace(policy, high_probability=0.3)`), and run the compliance check with
        it. List in `newly_flagged` the projects that get a finding of a rule they did not
        break under the kit's policy.
        """,
    ),
    answer(
        "newly_flagged",
        "newly_flagged = []  # project ids",
        """
        import dataclasses

        proposal = dataclasses.replace(policy, high_probability=0.3)
        after = pmo.governance.compliance_check(portfolio, proposal)
        before = set(zip(findings["project_id"], findings["rule"]))
        pairs = zip(after["project_id"], after["rule"])
        newly_flagged = sorted({pid for pid, rule in pairs if (pid, rule) not in before})
        """,
    ),
    test(
        "test_newly_flagged",
        2,
        "newly_flagged: projects with a finding of a new rule when high_probability is 0.3.",
        """
        assert not isinstance(newly_flagged, str), "a list of project ids, not one text"
        assert all(isinstance(x, str) for x in newly_flagged), "project ids are text such as 'P07'"
        """,
        [
            KEY,
            """
        import dataclasses as _dc
        _after = pmo.governance.compliance_check(_p, _dc.replace(_policy, high_probability=0.3))
        _before = set(zip(_findings["project_id"], _findings["rule"]))
        _new = [(pid, rule) for pid, rule in zip(_after["project_id"], _after["rule"])
                if (pid, rule) not in _before]
        _risk_rules = ("unowned_high_risk", "unanswered_high_risk")
        grading.expect_ids(
            newly_flagged, {pid for pid, _ in _new}, what="newly_flagged",
            mistakes={
                "a threshold moves more than the rule it sits in: more high risks also turn the "
                "risk RAG red, and some green reports become watermelons":
                    {pid for pid, rule in _new if rule in _risk_rules},
                "these are all the projects with a finding under the proposal; which of them "
                "are new?": set(_after["project_id"]),
                "these are the projects flagged under the kit's policy; the question is what "
                "the proposal adds": set(_findings["project_id"]),
            },
            hint="compare (project, rule) pairs before and after",
        )
        """,
        ],
    ),
    part(
        "H",
        "The breach you escalate first",
        3,
        """
        The steering committee gives you five minutes. In the cell below, say which **one**
        finding of your portfolio you escalate first, quote its evidence, say who must decide
        what, and why this one comes before the others.
        """,
    ),
    written(
        "escalate_first",
        3,
        """
        (Trainee alice.) "P02 ERP Migration to Cloud has been in execution since 25 May without
        an approved schedule baseline, risk register or sponsor sign-off. It has spent far more
        than it has earned (CPI 0.36) and its EAC of EUR 602k now exceeds its business value of
        EUR 513k, so we are spending against a plan nobody approved, on a project that no
        longer pays for itself. I ask the sponsor to approve or reject the baseline by Friday,
        and until then the PMO stops new commitments on P02." The watermelon P12, with its
        unowned 0.6 risk, is a defensible first choice too if the argument is as sound.
        """,
        [
            (
                1,
                "picks one high-severity finding of their own portfolio; quotes its evidence right",
            ),
            (
                1,
                "says why it comes first: money or commitments at stake, what worsens each week",
            ),
            (
                1,
                "names who decides (sponsor, committee) and the decision asked, with a date",
            ),
        ],
    ),
    part(
        "I",
        "Your recommendation at the gate review",
        2,
        """
        For the project(s) in `gate_breaches`, write the recommendation you will make at the
        gate review: what must happen, by when, and what the PMO checks afterwards.
        """,
    ),
    written(
        "gate_recommendation",
        2,
        """
        (Trainee alice.) "P02 passed the execution gate without its schedule baseline, risk
        register and sponsor sign-off, all still drafts. Either the sponsor approves them at
        next week's gate review, or P02 pauses its spending until they are. Without an approved
        baseline there is nothing to measure its progress against: the PMO re-runs the
        compliance check the week after, and P02 reports earned value against the approved
        baseline from then on."
        """,
        [
            (
                1,
                "a clear choice (approve the named missing artefacts by a date, or pause the work)",
            ),
            (1, "why it matters (no approved baseline to steer against) and a follow-up check"),
        ],
    ),
]
