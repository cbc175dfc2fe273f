"""Governance: the PMO policy file, compliance findings with real evidence, stage gates."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from _situations import (
    executing_without_gate,
    should_stop,
    stale_projects,
    unowned_or_unanswered_high_risks,
    watermelons,
)

import pmo_exercises as pmo
from pmo_exercises.core.schema import ARTEFACTS
from pmo_exercises.governance import (
    DEFAULT_POLICY,
    FINDING_COLUMNS,
    GATE_COLUMNS,
    RULES,
    Policy,
    PolicyError,
    compliance_check,
    load_policy,
    stage_gate_review,
)
from pmo_exercises.reporting import rag_history

DEFAULT_TEXT = DEFAULT_POLICY.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=["", "alice", "bob"], ids=["teaching", "alice", "bob"])
def portfolio(request):
    """The teaching portfolio and two trainee variants."""
    return pmo.load_portfolio(variant=request.param) if request.param else pmo.load_portfolio()


@pytest.fixture(scope="module")
def findings(portfolio):
    return compliance_check(portfolio)


# -- the policy file ------------------------------------------------------------------
def test_the_default_policy_loads():
    policy = load_policy()
    assert isinstance(policy, Policy)
    assert policy.stages == ("initiation", "planning", "execution", "closing")
    assert set(policy.gates) == {"planning", "execution", "closing"}
    assert all(a in ARTEFACTS for names in policy.gates.values() for a in names)
    assert policy.required_artefacts("execution") == (
        "business_case",
        "charter",
        "schedule_baseline",
        "risk_register",
        "sponsor_signoff",
    )
    assert policy.required_artefacts("initiation") == ()
    assert policy.schedule.red < policy.schedule.amber
    assert policy.overall == "worst"
    assert load_policy(DEFAULT_POLICY) == policy


def test_the_default_policy_is_commented_for_coaches():
    comments = [line for line in DEFAULT_TEXT.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 20


def _edit(old: str, new: str) -> str:
    assert DEFAULT_TEXT.count(old) == 1, old
    return DEFAULT_TEXT.replace(old, new)


_SCHEDULE = "  schedule:\n    amber: 0.95\n    red: 0.85\n"
_COST = "  cost:\n    amber: 0.95\n    red: 0.85\n"

INVALID = [
    pytest.param(
        _edit(_SCHEDULE, "  schedule:\n    amber: high\n    red: 0.85\n"),
        "policy.yaml: rag.schedule.amber: must be a number between 0 and 2, got 'high'",
        id="amber-not-a-number",
    ),
    pytest.param(
        _edit(_SCHEDULE, "  schedul:\n    amber: 0.95\n    red: 0.85\n"),
        "policy.yaml: rag.schedul: unknown key; did you mean 'schedule'?",
        id="typo-in-a-section",
    ),
    pytest.param(
        _edit("  overall: worst\n", ""),
        "policy.yaml: rag.overall: missing key",
        id="missing-key",
    ),
    pytest.param(
        _edit(_COST, "  cost:\n    amber: 0.95\n    red: 0.97\n"),
        "policy.yaml: rag.cost.red: 0.97 is above amber (0.95): red must be lower",
        id="red-above-amber",
    ),
    pytest.param(
        _edit("planning: [business_case, charter]", "planning: [business_case, charta]"),
        "policy.yaml: lifecycle.gates.planning[1]: must be one of business_case, charter, "
        "schedule_baseline, risk_register, sponsor_signoff, closure_report, got 'charta'; "
        "did you mean 'charter'?",
        id="unknown-artefact",
    ),
    pytest.param(
        _edit("planning: [business_case, charter]", "planning: [charter, charter]"),
        "policy.yaml: lifecycle.gates.planning[1]: 'charter' is listed twice",
        id="artefact-twice",
    ),
    pytest.param(
        _edit("closing: []", "closng: []"),
        "policy.yaml: lifecycle.gates.closng: unknown key; did you mean 'closing'?",
        id="gate-of-unknown-stage",
    ),
    pytest.param(
        _edit(
            "stages: [initiation, planning, execution, closing]",
            "stages: [initiation, execution, planning, closing]",
        ),
        "policy.yaml: lifecycle.stages: must follow the lifecycle order "
        "initiation, planning, execution, closing",
        id="stages-out-of-order",
    ),
    pytest.param(
        _edit(
            "  stale_after_weeks: 3\n  severity: medium",
            "  stale_after_weeks: 3\n  severity: critical",
        ),
        "policy.yaml: reporting.severity: must be one of low, medium, high, got 'critical'",
        id="unknown-severity",
    ),
    pytest.param(
        _edit("require_owner: true", "require_owner: 1"),
        "policy.yaml: risks.require_owner: must be true or false, got 1",
        id="flag-not-a-boolean",
    ),
    pytest.param(
        _edit("high_probability: 0.5", "high_probability: 50"),
        "policy.yaml: risks.high_probability: must be a number between 0 and 1, got 50",
        id="probability-as-percent",
    ),
    pytest.param(
        _edit("stale_after_weeks: 3", "stale_after_weeks: 2.5"),
        "policy.yaml: reporting.stale_after_weeks: must be a whole number between 1 and 52, "
        "got 2.5",
        id="weeks-not-whole",
    ),
    pytest.param(
        _edit("min_steps: 2", "min_steps: 3"),
        "policy.yaml: rag.watermelon.min_steps: must be a whole number between 1 and 2, got 3",
        id="watermelon-steps-too-many",
    ),
    pytest.param(
        _edit("      high_risks: 4\n", "      high_risks: 1\n"),
        "policy.yaml: rag.risk.red.high_risks: 1 is below amber (2): red must be at least amber",
        id="risk-red-below-amber",
    ),
    pytest.param(
        _edit("  cost_tolerance: 0.10\n", "  cost_tolerance: 0.10\n  escalate_to: CFO\n"),
        "policy.yaml: variance.escalate_to: unknown key (allowed: schedule_tolerance, "
        "cost_tolerance, severity)",
        id="unknown-key-without-a-close-match",
    ),
    pytest.param(
        _edit("  cost_tolerance: 0.10\n", "  cost_tolerance: true\n"),
        "policy.yaml: variance.cost_tolerance: must be a number between 0 and 0.99, got true",
        id="boolean-as-number",
    ),
    pytest.param(
        _edit("max_eac_to_value: 1.0", "max_eac_to_valeu: 1.0"),
        "policy.yaml: business_case.max_eac_to_valeu: unknown key; "
        "did you mean 'max_eac_to_value'?",
        id="typo-in-business-case",
    ),
    pytest.param(
        _edit("business_case:\n", "busines_case:\n"),
        "policy.yaml: busines_case: unknown key; did you mean 'business_case'?",
        id="typo-in-a-top-level-key",
    ),
    pytest.param(
        "- name\n- rag\n",
        "policy.yaml: (top level): must be a mapping of keys, got a list",
        id="not-a-mapping",
    ),
    pytest.param(
        "", "policy.yaml: (top level): must be a mapping of keys, got nothing", id="empty"
    ),
    pytest.param(
        _edit("  risk:\n    amber:\n", "  risk: 3\n    amber:\n"),
        f"policy.yaml: line {DEFAULT_TEXT.splitlines().index('  risk:') + 2}: "
        "not valid YAML (mapping values are not allowed here)",
        id="broken-yaml",
    ),
    pytest.param(
        _edit("name: Norbridge Industries PMO standard", "name: ''"),
        "policy.yaml: name: must be a non-empty text, got ''",
        id="empty-name",
    ),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_an_invalid_policy_names_the_key_in_one_line(tmp_path, text, message):
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_the_fast_yaml_loader_reads_the_policy_as_pyyaml_does():
    import yaml

    from pmo_exercises.governance.policy import DEFAULT_POLICY

    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(text, Loader=loader) == yaml.safe_load(text)


def test_a_missing_policy_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match=r"nope\.yaml: cannot read the policy file"):
        load_policy(tmp_path / "nope.yaml")


def test_a_coachs_policy_changes_the_findings(tmp_path):
    p = pmo.load_portfolio()
    lax = tmp_path / "lax.yaml"
    lax.write_text(
        _edit("require_owner: true", "require_owner: false").replace(
            "stale_after_weeks: 3", "stale_after_weeks: 8"
        ),
        encoding="utf-8",
    )
    found = compliance_check(p, lax)
    assert "unowned_high_risk" not in set(found["rule"])
    assert "stale_status" not in set(found["rule"])
    assert "unowned_high_risk" in set(compliance_check(p)["rule"])


# -- compliance -----------------------------------------------------------------------
def test_findings_have_the_documented_columns(findings):
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert set(findings["rule"]) <= set(RULES)
    assert set(findings["severity"]) <= {"low", "medium", "high"}
    assert findings["evidence"].str.len().gt(20).all()
    assert not findings.duplicated(["project_id", "rule", "subject"]).any()


def test_compliance_finds_every_deliberate_breach(portfolio, findings):
    def flagged(rule):
        return set(findings.loc[findings["rule"] == rule, "project_id"])

    assert set(watermelons(portfolio)) <= flagged("watermelon")
    assert set(stale_projects(portfolio)) <= flagged("stale_status")
    assert set(executing_without_gate(portfolio)) <= flagged("gate_artefact")
    assert set(should_stop(portfolio)) <= flagged("value_below_cost")
    bad = unowned_or_unanswered_high_risks(portfolio)
    risky = findings[findings["rule"].isin(["unowned_high_risk", "unanswered_high_risk"])]
    for risk in bad.itertuples():
        mine = risky[risky["subject"] == risk.risk_id]
        assert not mine.empty, risk.risk_id
        if pd.isna(risk.owner):
            assert "unowned_high_risk" in set(mine["rule"])
        if pd.isna(risk.response):
            assert "unanswered_high_risk" in set(mine["rule"])


def test_the_gate_breach_lists_its_missing_artefacts(portfolio, findings):
    for pid in executing_without_gate(portfolio):
        a = portfolio.artefacts
        not_ok = set(a.loc[(a["project_id"] == pid) & (a["state"] != "approved"), "artefact"])
        required = set(load_policy().required_artefacts("execution"))
        cited = set(
            findings.loc[
                (findings["project_id"] == pid) & (findings["rule"] == "gate_artefact"), "subject"
            ]
        )
        assert cited == not_ok & required


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RISK = re.compile(
    r"risk (R-[\w-]+) \(p=([\d.]+), impact ([\d,]+) (\w+)\) has no (owner|response)$"
)
_GATE = re.compile(r"in (\w+)(?: since (\S+))? without an approved (\w+) \((.+)\)$")
_STALE = re.compile(
    r"last update (\S+), (\d+) (weeks|days) before the status date (\S+) "
    r"\(stale after (\d+) weeks\)$"
)
_MELON = re.compile(
    r"reported (\w+) in week (\d+) \((\S+)\), (\d) steps? better than the policy RAG red: (.+)$"
)
_VALUE = re.compile(
    r"EAC ([\d,]+) (\w+) \(BAC ([\d,]+) \w+ at CPI ([\d.]+)\) "
    r"exceeds the business value ([\d,]+) \w+$"
)
_VARIANCE = re.compile(
    r"(SPI|CPI) ([\d.]+) below the tolerance ([\d.]+) in every status since week (\d+) \((\S+)\)$"
)


def test_every_finding_cites_real_data(portfolio, findings):
    """Parse each sentence of evidence and check it against the tables."""
    projects = set(portfolio.projects["project_id"])
    risks = portfolio.risks.set_index("risk_id")
    artefacts = portfolio.artefacts.set_index(["project_id", "artefact"])["state"]
    status = portfolio.project_status.set_index(["week", "project_id"])
    history = rag_history(portfolio).set_index(["week", "project_id"])
    started = portfolio.task_status.groupby("project_id")["actual_start"].min()
    stage = portfolio.projects.set_index("project_id")["stage"]
    policy = load_policy()
    assert len(findings) > 0
    for f in findings.itertuples():
        assert f.project_id in projects
        assert f.status_date == portfolio.status_date
        text = f.evidence
        if f.rule in ("unowned_high_risk", "unanswered_high_risk"):
            m = _RISK.match(text)
            assert m, text
            risk = risks.loc[m[1]]
            assert m[1] == f.subject and risk["project_id"] == f.project_id
            assert float(m[2]) == pytest.approx(risk["probability"], abs=0.005)
            assert float(m[3].replace(",", "")) == pytest.approx(risk["cost_impact"], abs=0.5)
            assert m[4] == portfolio.meta["currency"]
            assert pd.isna(risk[m[5]]) and risk["state"] == "open"
            assert risk["probability"] >= policy.high_probability
        elif f.rule == "gate_artefact":
            m = _GATE.match(text)
            assert m, text
            assert m[1] == stage[f.project_id] and m[3] == f.subject
            assert m[4] == artefacts.get((f.project_id, m[3]), "no record") != "approved"
            if m[2]:
                assert pd.Timestamp(m[2]) == started[f.project_id]
        elif f.rule == "stale_status":
            m = _STALE.match(text)
            assert m, text
            row = status.loc[(f.week, f.project_id)]
            assert pd.Timestamp(m[1]) == row["last_update"]
            assert pd.Timestamp(m[4]) == row["status_date"] == portfolio.status_date
            days = int(m[2]) * (7 if m[3] == "weeks" else 1)
            assert days == (portfolio.status_date - row["last_update"]).days
        elif f.rule == "watermelon":
            m = _MELON.match(text)
            assert m, text
            row = history.loc[(int(m[2]), f.project_id)]
            assert m[1] == row["reported_rag"] == status.loc[(f.week, f.project_id), "reported_rag"]
            assert row["overall_rag"] == "red" and bool(row["watermelon"])
            assert pd.Timestamp(m[3]) == row["status_date"]
            reasons = 0
            for name, value in re.findall(r"(SPI|CPI) ([\d.]+) \(red below", m[5]):
                assert float(value) == pytest.approx(row[name.lower()], abs=0.006)
                assert row[f"{'schedule' if name == 'SPI' else 'cost'}_rag"] == "red"
                reasons += 1
            for count in re.findall(r"(\d+) open high risks", m[5]):
                assert int(count) == row["high_risks"]
                reasons += 1
            for pct in re.findall(r"exposure ([\d.]+)% of BAC", m[5]):
                assert float(pct) == pytest.approx(row["exposure_pct"], abs=0.051)
                reasons += 1
            assert reasons >= 1
        elif f.rule == "value_below_cost":
            m = _VALUE.match(text)
            assert m, text
            row = history.loc[(f.week, f.project_id)]
            project = portfolio.projects.set_index("project_id").loc[f.project_id]
            assert float(m[1].replace(",", "")) == pytest.approx(row["eac_cpi"], abs=0.5)
            assert float(m[3].replace(",", "")) == pytest.approx(project["bac"], abs=0.5)
            assert float(m[4]) == pytest.approx(row["cpi"], abs=0.0005)
            value = float(m[5].replace(",", ""))
            assert value == pytest.approx(project["business_value"], abs=0.5)
            assert row["eac_cpi"] > value
        else:
            m = _VARIANCE.match(text)
            assert m, text
            assert f.rule == ("schedule_variance" if m[1] == "SPI" else "cost_variance")
            row = history.loc[(f.week, f.project_id)]
            assert float(m[2]) == pytest.approx(row[m[1].lower()], abs=0.006)
            assert float(m[2]) < float(m[3])
            since = int(m[4])
            assert pd.Timestamp(m[5]) == history.loc[(since, f.project_id), "status_date"]
            run = history.xs(f.project_id, level="project_id").loc[since : f.week, m[1].lower()]
            assert (run < float(m[3])).all()
        for date in _DATE.findall(text):
            assert pd.Timestamp(date) <= portfolio.status_date


def test_an_earlier_week_is_checked_as_it_was(portfolio):
    early = compliance_check(portfolio, week=5)
    assert (early["week"] == 5).all()
    assert set(early["rule"]) <= set(RULES)
    with pytest.raises(ValueError, match="week must be between 1 and 26, not 27"):
        compliance_check(portfolio, week=27)


def test_compliance_does_not_mutate_the_portfolio():
    p = pmo.load_portfolio()
    before = p.digest()
    compliance_check(p)
    stage_gate_review(p)
    assert p.digest() == before


# -- stage gates ----------------------------------------------------------------------
def test_stage_gate_review_blocks_the_gate_breach(portfolio):
    review = stage_gate_review(portfolio).set_index("project_id")
    assert list(review.reset_index().columns) == list(GATE_COLUMNS)
    assert len(review) == len(portfolio.projects)
    for pid in executing_without_gate(portfolio):
        row = review.loc[pid]
        assert not row["may_pass"] and row["breach"]
        a = portfolio.artefacts
        for name in a.loc[(a["project_id"] == pid) & (a["state"] != "approved"), "artefact"]:
            if name in load_policy().required_artefacts("closing"):
                assert name in row["missing"] and name in row["reason"]
    assert set(review.index[review["breach"]]) == set(executing_without_gate(portfolio)) | set(
        review.index[review["breach"] & (review["stage"] != "execution")]
    )


def test_may_pass_exactly_when_nothing_is_missing(portfolio):
    review = stage_gate_review(portfolio)
    active = review["state"] == "active"
    has_gate = review["next_gate"].notna()
    assert (review["may_pass"] == (active & has_gate & (review["missing"] == ""))).all()
    blocked = review[~review["may_pass"]]
    assert (blocked["reason"] != "").all()


def test_a_project_with_everything_approved_may_pass():
    p = pmo.load_portfolio()
    planning = p.projects.loc[p.projects["stage"] == "planning", "project_id"].iloc[0]
    a = p.artefacts.copy()
    mine = (a["project_id"] == planning) & (a["artefact"] != "closure_report")
    a.loc[mine, "state"] = "approved"
    a.loc[mine, "approved_on"] = pd.Timestamp(p.status_date)
    review = stage_gate_review(p.replace(artefacts=a)).set_index("project_id")
    assert review.loc[planning, "may_pass"]
    assert review.loc[planning, "next_gate"] == "execution"
    assert review.loc[planning, "reason"] == ""


def test_gate_rules_come_from_the_policy(tmp_path):
    p = pmo.load_portfolio()
    path = tmp_path / "no_gates.yaml"
    path.write_text(
        _edit("execution: [schedule_baseline, risk_register, sponsor_signoff]", "execution: []"),
        encoding="utf-8",
    )
    review = stage_gate_review(p, path)
    assert not review["breach"].any()
    assert review.loc[review["state"] == "active", "may_pass"].all()
    assert "gate_artefact" not in set(compliance_check(p, path)["rule"])
    assert np.all(review["missing"] == "")


def test_a_policy_may_leave_out_a_stage(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(
        _edit(
            "stages: [initiation, planning, execution, closing]",
            "stages: [planning, execution, closing]",
        ).replace("    planning: [business_case, charter]\n", ""),
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert policy.required_artefacts("initiation") == ()
    assert policy.required_artefacts("planning") == ()
    assert policy.next_stage("initiation") == "planning"
    assert policy.previous_stage("planning") is None
    review = stage_gate_review(pmo.load_portfolio(), policy)
    assert len(review) == 12
