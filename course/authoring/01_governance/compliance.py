"""Assignment 01, parts E to G: the checks with the kit, the gate review, a policy change tested."""

from pathlib import Path

from pmo_exercises.course.authoring import answer, load, part, test

_HIDDEN = load(Path(__file__).with_name("hidden.py"))
KEY = _HIDDEN.KEY

CELLS = [
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
]
