"""The reports a PMO sends: the steering-committee report, a project page, ``pmo report``."""

from __future__ import annotations

from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises.cli import main
from pmo_exercises.governance import compliance_check
from pmo_exercises.io.files import save_portfolio
from pmo_exercises.reporting import (
    DECISION_COLUMNS,
    EXCEPTION_COLUMNS,
    SHEETS,
    portfolio_dashboard,
    project_report,
    rag_fills,
    steering_html,
    steering_report,
    steering_workbook,
    week_date,
    week_of_date,
    write_steering_workbook,
)
from tests._tiny import tiny_portfolio

HOSTILE = "<script>alert('pwned')</script> & Co"


class _Page(HTMLParser):
    """The text, the tags and the scripts of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.links: list[str] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    page.body = " ".join(" ".join(page.text).split())
    return page


def _flat(text: str) -> str:
    return " ".join(str(text).split())


@pytest.fixture(scope="module")
def portfolio():
    return pmo.load_portfolio()


@pytest.fixture(scope="module")
def report(portfolio):
    return steering_report(portfolio)


@pytest.fixture(scope="module")
def page(report):
    html = steering_html(report)
    return html, parse(html)


# -- content ---------------------------------------------------------------------------------
def test_report_content_comes_from_the_analytics(portfolio, report):
    dashboard = portfolio_dashboard(portfolio)
    pd.testing.assert_frame_equal(report.dashboard, dashboard)
    assert report.week == portfolio.status_week
    assert report.status_date == portfolio.status_date
    assert tuple(report.exceptions.columns) == EXCEPTION_COLUMNS
    assert tuple(report.decisions.columns) == DECISION_COLUMNS
    s = report.summary
    assert s["projects"] == len(dashboard)
    assert sum(s["rag"].values()) == len(dashboard)
    assert s["rag"]["red"] == (dashboard["overall_rag"] == "red").sum()
    assert s["watermelons"] == dashboard["watermelon"].sum()
    assert s["bac"] == pytest.approx(dashboard["bac"].sum())


def test_every_red_project_and_breach_is_an_exception(report):
    exceptions = report.exceptions
    red = report.dashboard.loc[report.dashboard["overall_rag"] == "red", "project_id"]
    assert set(exceptions.loc[exceptions["kind"] == "red", "project_id"]) == set(red)
    findings = report.findings
    for rule in ("watermelon", "stale_status", "value_below_cost", "schedule_variance"):
        wanted = set(findings.loc[findings["rule"] == rule, "evidence"])
        assert wanted, f"the teaching portfolio has a {rule} finding"
        assert wanted <= set(exceptions.loc[exceptions["kind"] == rule, "evidence"])
    severity = exceptions["severity"].map({"high": 0, "medium": 1, "low": 2})
    assert severity.is_monotonic_increasing


def test_a_cancelled_project_is_no_longer_an_exception(portfolio, report):
    from pmo_exercises.simulation.scenarios import cancel_project

    red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"]
    project = str(red.iat[0])
    later = steering_report(cancel_project(portfolio, project))
    assert project not in set(later.exceptions["project_id"])
    # the others stay as they were
    others = report.exceptions[report.exceptions["project_id"] != project]
    pd.testing.assert_frame_equal(
        later.exceptions[later.exceptions["project_id"] != project].reset_index(drop=True),
        others.reset_index(drop=True),
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        pytest.param("value_below_cost", "Stop or continue", id="stop_or_continue"),
        pytest.param("unowned_high_risk", "Name an owner", id="unowned_risk"),
        pytest.param("unanswered_high_risk", "fund a response", id="unanswered_risk"),
        pytest.param("watermelon", "independent review", id="watermelon_review"),
        pytest.param("gate_artefact", "Regularise", id="gate_breach"),
    ],
)
def test_findings_become_decisions(report, rule, words):
    findings = report.findings[report.findings["rule"] == rule]
    decisions = report.decisions[report.decisions["rule"] == rule]
    assert len(findings) and len(decisions)
    assert set(decisions["project_id"]) == set(findings["project_id"])
    assert decisions["decision"].str.contains(words).all()
    for evidence in findings["evidence"]:
        assert decisions["evidence"].str.contains(evidence, regex=False).any()


def test_overbooked_roles_are_decisions(report):
    roles = report.decisions[report.decisions["rule"] == "overbooked_role"]
    assert "SEC" in set(roles["subject"])  # the over-booked shared experts of the story
    assert roles["decision"].str.startswith("Rebalance").all()
    assert roles["evidence"].str.contains("person-days booked against").all()


def test_top_risks_and_opportunities_are_ranked_by_expected_value(portfolio, report):
    risks, opps = report.risks, report.opportunities
    assert len(risks) == 10 and risks["exposure"].is_monotonic_decreasing
    assert (risks["exposure"] == risks["probability"] * risks["cost_impact"]).all()
    assert set(risks["risk_id"]) <= set(
        portfolio.risks.loc[lambda r: r["state"] == "open", "risk_id"]
    )
    assert opps["expected_saving"].is_monotonic_decreasing
    assert (opps["expected_saving"] == opps["probability"] * opps["cost_saving"]).all()
    events = report.events
    assert events["week"].between(report.week - report.events_weeks + 1, report.week).all()
    assert events["title"].notna().all()


def test_an_earlier_week(portfolio):
    early = steering_report(portfolio, week=10)
    assert early.week == 10 and early.history["week"].max() == 10
    assert (early.findings["week"] == 10).all()
    with pytest.raises(ValueError, match="week must be between 1 and 26, not 27"):
        steering_report(portfolio, week=27)


@pytest.mark.parametrize(
    ("date", "week"),
    [
        pytest.param("2026-01-09", 1, id="first_friday"),
        pytest.param("2026-01-15", 1, id="thursday_after"),
        pytest.param("2026-05-20", 19, id="midweek"),
        pytest.param("2026-07-03", 26, id="status_date"),
        pytest.param("2026-07-09", 26, id="days_after_the_last"),
    ],
)
def test_week_of_date(portfolio, date, week):
    assert week_of_date(portfolio, date) == week
    assert week_date(portfolio, week) <= pd.Timestamp(date)


@pytest.mark.parametrize("date", ["2026-01-08", "2026-07-10", "2030-01-01"])
def test_week_of_a_date_outside_the_history(portfolio, date):
    with pytest.raises(ValueError, match="outside the status history"):
        week_of_date(portfolio, date)


# -- HTML ------------------------------------------------------------------------------------
def test_html_holds_every_project_and_every_exception(report, page):
    _, parsed = page
    assert parsed.tags[0] == "html" and "section" in parsed.tags and "table" in parsed.tags
    for pid, name in report.dashboard[["project_id", "name"]].itertuples(index=False):
        assert pid in parsed.body and name in parsed.body
    for evidence in report.exceptions["evidence"]:
        assert _flat(evidence) in parsed.body
    for decision in report.decisions["decision"]:
        assert _flat(decision) in parsed.body
    for heading in ("Portfolio summary", "Exceptions", "Decisions needed", "Risks and"):
        assert heading in parsed.body


def test_html_is_self_contained_and_prints(report, page):
    _, parsed = page
    css = "".join(parsed.styles)
    assert "@media print" in css and "break-before: page" in css and "@page" in css
    big = [s for s in parsed.scripts if len(s) > 1_000_000]
    assert len(big) == 1, "plotly.js inline, once (packed: tests/test_reporting_outputs.py)"
    html, _ = page
    plots = html.count('<script type="application/json" class="pmo-figure"')
    red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"].nunique()
    assert plots == 1 + red  # the portfolio S-curve and a Gantt per red project
    assert parsed.links == [], "nothing to fetch: the page works offline"


def test_html_rag_cells_match_the_dashboard(report, page):
    html, _ = page
    counts = report.dashboard[["schedule_rag", "cost_rag", "risk_rag", "overall_rag"]]
    for rag in ("green", "amber", "red"):
        expected = (counts == rag).to_numpy().sum() + (
            report.dashboard["reported_rag"] == rag
        ).sum()
        assert html.count(f'class="rag rag-{rag}"') == expected


def test_html_without_charts_is_small(report):
    html = steering_html(report, charts=False)
    assert len(html) < 200_000 and "<script" not in html


def test_html_escapes_hostile_text(portfolio):
    projects = portfolio.projects.copy()
    projects.loc[projects["project_id"] == "P11", "name"] = HOSTILE
    hostile = portfolio.replace(projects=projects)
    for html in (
        steering_html(steering_report(hostile)),
        project_report(hostile, "P11"),
    ):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; Co" in html
        parsed = parse(html)
        assert HOSTILE in parsed.body
        assert not any("alert('pwned')" in s for s in parsed.scripts)


# -- project page ----------------------------------------------------------------------------
@pytest.mark.parametrize("pid", ["P06", "P11", "P03"])
def test_project_report_holds_its_figures(portfolio, pid):
    row = portfolio_dashboard(portfolio).set_index("project_id").loc[pid]
    parsed = parse(project_report(portfolio, pid, charts=False))
    assert f"{pid} {row['name']}" in parsed.body
    for value in (row["spi"], row["cpi"]):
        assert ("n/a" if pd.isna(value) else f"{value:.2f}") in parsed.body
    if pd.notna(row["eac"]):
        assert f"{row['eac']:,.0f}" in parsed.body
    assert f"{row['bac']:,.0f}" in parsed.body
    findings = compliance_check(portfolio)
    for evidence in findings.loc[findings["project_id"] == pid, "evidence"]:
        assert _flat(evidence) in parsed.body
    others = set(portfolio.projects["project_id"]) - {pid}
    assert not any(f"{other} " in parsed.body.split("Top open risks")[0] for other in others)


def test_project_report_with_its_chart(portfolio):
    parsed = parse(project_report(portfolio, "P06"))
    assert sum(len(s) > 1_000_000 for s in parsed.scripts) == 1
    assert "@media print" in "".join(parsed.styles)


def test_project_report_of_an_unknown_project(portfolio):
    with pytest.raises(ValueError, match="no project 'P99'"):
        project_report(portfolio, "P99")


# -- Excel -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def book(report, tmp_path_factory):
    path = write_steering_workbook(report, tmp_path_factory.mktemp("xlsx") / "steering.xlsx")
    return openpyxl.load_workbook(path)


def test_workbook_sheets_and_headers(report, book):
    assert tuple(book.sheetnames) == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.bold for c in sheet[1] if c.value is not None), sheet.title
    assert [c.value for c in book["Exceptions"][1]] == list(EXCEPTION_COLUMNS)
    assert book["Exceptions"].max_row == len(report.exceptions) + 1
    assert book["Decisions"].max_row == len(report.decisions) + 1
    assert book["Dashboard"].column_dimensions["A"].width >= len("project_id")


def test_workbook_rag_fills_match_the_dashboard(report, book):
    sheet = book["Dashboard"]
    header = [c.value for c in sheet[1]]
    fills = rag_fills()
    dashboard = report.dashboard
    checked = 0
    for column in ("schedule_rag", "cost_rag", "risk_rag", "overall_rag", "reported_rag"):
        j = header.index(column)
        for i, value in enumerate(dashboard[column], start=2):
            cell = sheet.cell(row=i, column=j + 1)
            rag = None if pd.isna(value) else value
            assert cell.value == rag
            assert cell.fill.fill_type == "solid"
            assert cell.fill.start_color.rgb[-6:] == fills[rag]
            checked += 1
    assert checked == 5 * len(dashboard)
    assert fills["red"] == "C62828" and fills["green"] == "2E7D32"


def test_workbook_numbers_are_numbers(report, book):
    sheet = book["Dashboard"]
    header = [c.value for c in sheet[1]]
    spi = sheet.cell(row=2, column=header.index("spi") + 1)
    assert spi.value == pytest.approx(report.dashboard["spi"].iloc[0])
    assert spi.number_format == "0.00"
    assert sheet.cell(row=2, column=header.index("bac") + 1).number_format == "#,##0"
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}
    assert summary["status week"] == report.week
    assert summary["decisions needed"] == len(report.decisions)


def test_workbook_keeps_a_formula_like_name_as_text(portfolio, tmp_path):
    formula = "=cmd|' /C calc'!A0"
    projects = portfolio.projects.copy()
    projects.loc[projects["project_id"] == "P06", "name"] = formula
    report = steering_report(portfolio.replace(projects=projects))
    book = openpyxl.load_workbook(write_steering_workbook(report, tmp_path / "r.xlsx"))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert formula in {c.value for c in cells}
    assert [c.coordinate for c in cells if c.data_type == "f"] == []


def test_workbook_of_a_small_portfolio():
    book = steering_workbook(steering_report(tiny_portfolio()))
    assert tuple(book.sheetnames) == SHEETS


# -- pmo report ------------------------------------------------------------------------------
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


TEACHING_NOTE = (
    "using the teaching portfolio (Norbridge Industries, 12 projects): "
    "pass --portfolio PATH to report on yours"
)


def test_cli_report_html(capsys, tmp_path):
    out_file = tmp_path / "steering.html"
    code, out, err = run(capsys, "report", "--status-date", "2026-05-20", "--out", out_file)
    assert code == 0 and err == ""
    first, second = out.splitlines()
    assert first == TEACHING_NOTE
    assert second.startswith(f"wrote {out_file}: steering committee report: ")
    assert second.endswith("status week 19 (2026-05-15)")
    parsed = parse(out_file.read_text(encoding="utf-8"))
    assert "Status week 19, 2026-05-15" in parsed.body


def test_cli_report_xlsx_of_a_saved_portfolio(capsys, tmp_path):
    folder = save_portfolio(tiny_portfolio(), tmp_path / "tiny")
    out_file = tmp_path / "steering.xlsx"
    code, out, err = run(capsys, "report", "--portfolio", folder, "--out", out_file)
    assert code == 0 and err == "", err
    assert "status week 3 (2026-01-23)" in out
    assert tuple(openpyxl.load_workbook(out_file).sheetnames) == SHEETS


def test_cli_project_report(capsys, tmp_path):
    out_file = tmp_path / "P06.html"
    code, out, _ = run(capsys, "report", "--project", "P06", "--out", out_file)
    assert code == 0 and out.splitlines()[0] == TEACHING_NOTE
    assert out.splitlines()[1].startswith(f"wrote {out_file}: status report of P06")
    assert "P06 Customer Portal Relaunch" in parse(out_file.read_text(encoding="utf-8")).body


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        pytest.param(
            ["--status-date", "2025-12-31"],
            1,
            "error: status date 2025-12-31 is outside the status history, which runs from "
            "2026-01-09 (week 1) to 2026-07-03 (week 26)",
            id="date_before_the_history",
        ),
        pytest.param(["--project", "P99"], 1, "error: no project 'P99'", id="unknown_project"),
        pytest.param(
            ["--policy", "nowhere.yaml"], 1, "cannot read the policy file", id="missing_policy"
        ),
        pytest.param(
            ["--portfolio", "x", "--variant", "alice"],
            2,
            "error: --portfolio cannot be combined with --variant",
            id="portfolio_and_variant",
        ),
    ],
)
def test_cli_report_errors_are_one_line(capsys, tmp_path, argv, code, message):
    out_file = tmp_path / "r.html"
    got, out, err = run(capsys, "report", *argv, "--out", out_file)
    assert got == code and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not out_file.exists()


@pytest.mark.parametrize("name", ["r.ppt", "r", "r.xls", "r.docx"])
def test_cli_report_bad_suffix(capsys, tmp_path, name):
    got, out, err = run(capsys, "report", "--out", tmp_path / name)
    assert got == 2 and out == ""
    assert err == f"error: --out {tmp_path / name} is not a .html, .xlsx, .pptx or .pdf file\n"
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("date", "week", "note"),
    [
        pytest.param("2026-07-09", 26, None, id="days_after_the_last_friday"),
        pytest.param(
            "2027-01-01",
            26,
            "note: the status history ends with week 26 (2026-07-03), before 2027-01-01: "
            "reporting week 26, the latest on or before that date",
            id="after_the_history",
        ),
    ],
)
def test_cli_report_status_date_after_the_history_is_the_last_week(
    capsys, tmp_path, date, week, note
):
    """--status-date is "the latest status week on or before this date", as its help says."""
    out_file = tmp_path / "r.html"
    code, out, err = run(capsys, "report", "--status-date", date, "--out", out_file)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == TEACHING_NOTE
    assert lines[1:-1] == ([note] if note else [])
    assert lines[-1].endswith(f"status week {week} (2026-07-03)")
    assert f"Status week {week}, 2026-07-03" in parse(out_file.read_text(encoding="utf-8")).body


def test_cli_report_of_a_portfolio_says_nothing_of_the_teaching_one(capsys, tmp_path):
    folder = save_portfolio(tiny_portfolio(), tmp_path / "tiny")
    code, out, _ = run(capsys, "report", "--portfolio", folder, "--out", tmp_path / "r.html")
    assert code == 0 and out.startswith("wrote ") and "teaching" not in out


def test_cli_report_pptx(capsys, tmp_path):
    from pptx import Presentation

    out_file = tmp_path / "steering.pptx"
    code, out, err = run(capsys, "report", "--out", out_file)
    assert code == 0 and err == ""
    assert out.splitlines()[0] == TEACHING_NOTE
    assert out.splitlines()[1].startswith(f"wrote {out_file}: steering committee report: ")
    slides = Presentation(str(out_file)).slides
    assert len(slides) >= 8
    charts = [s for slide in slides for s in slide.shapes if s.has_chart]
    assert len(charts) > 2, "the capacity charts are drawn from the CLI"


def test_cli_report_pdf_without_chromium_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PMO_CHROMIUM", str(tmp_path / "nowhere"))
    got, out, err = run(capsys, "report", "--out", tmp_path / "r.pdf")
    assert got == 1 and out == ""
    assert err == (
        "error: writing a PDF needs Chromium: install it (apt-get install chromium) "
        "or set PMO_CHROMIUM to its path\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_cli_project_report_is_html_only(capsys, tmp_path):
    got, _, err = run(capsys, "report", "--project", "P06", "--out", tmp_path / "P06.xlsx")
    assert got == 2
    assert err == "error: a project report (--project) is written as .html only\n"
