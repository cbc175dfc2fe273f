"""``pmo portfolio validate``: every problem at once, consistency warnings, and exports.

A PMO's first portfolio should take one run to see everything wrong with it: the
problems come grouped by table, each with its row, column and file line; a valid
portfolio prints its consistency warnings (exit 0, or 1 under ``--strict``); and the
options of an export from another tool (``--decimal``, ``--encoding``,
``--dayfirst``, ``--holidays``) are the same for ``validate``, ``summary`` and
``pmo report --portfolio``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmo_exercises.cli import main

DATA = Path(__file__).resolve().parent / "data"
OWN = DATA / "pmo_own"
FRENCH = DATA / "pmo_own_fr"
ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def own(tmp_path):
    return shutil.copytree(OWN, tmp_path / "own")


def test_every_problem_at_once_grouped_by_table(capsys, own):
    edit(own / "tasks.csv", "P1-T03,P1,", "P1-T03 ,P1,")  # a space after the id
    edit(own / "tasks.csv", ",ENG,8,10,14,10,", ",ENG,8,ten,14,10,")
    edit(own / "roles.csv", "QA,Testeur,2,", "QA,Testeur,two,")
    edit(own / "risks.csv", ",0.4,", ",40,")
    edit(own / "project_status.csv", ",amber,", ",orange,")
    code, out, err = run(capsys, "portfolio", "validate", own)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"error: {own}: 14 problems"
    tables = [line.split(" (")[0] for line in lines if not line.startswith(("  ", "error"))]
    assert tables == [
        "roles",
        "tasks",
        "dependencies",
        "assignments",
        "risks",
        "task_status",
        "project_status",
    ]
    assert (
        "  row 2 (task_id 'P1-T03 '), column 'task_id': 'P1-T03 ' has a space at the end; "
        "ids are compared exactly, so the links and statuses naming 'P1-T03' do not find it "
        f"(write 'P1-T03') (in {own / 'tasks.csv'}, line 4)"
    ) in lines
    assert (
        "  row 0 (task_id 'P1-T01'), column 'most_likely_days': 'ten' is not a number "
        f"(in {own / 'tasks.csv'}, line 2)"
    ) in lines
    assert any(
        "unknown task 'P1-T03' (tasks has 'P1-T03 ', with spaces around the id)" in line
        and f"{own / 'dependencies.csv'}, line 3" in line
        for line in lines
    )
    assert "  ... and 3 more rows alike (74, 98, 122)" in lines  # task_status, every week
    assert "Traceback" not in err


def test_the_limit_on_problems(capsys):
    code, _, err = run(capsys, "portfolio", "validate", FRENCH, "--decimal", ".", "--limit", "3")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {FRENCH}: ") and lines[0].endswith(" problems")
    assert len([line for line in lines if line.startswith("  row ")]) == 3
    assert lines[-1].startswith("... and ") and lines[-1].endswith(" more problems not listed")


def test_warnings_pass_and_strict_fails_on_them(capsys, own):
    edit(own / "projects.csv", ",107300,", ",97500,")
    meta = json.loads((own / "meta.json").read_text(encoding="utf-8"))
    meta.update(status_week=8, status_date="2026-04-24")
    (own / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    code, out, err = run(capsys, "portfolio", "validate", own)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"OK: {own}: Rhône Logistique SA, 3 projects, 24 tasks")
    warnings = [line for line in lines if line.startswith("warning: ")]
    assert warnings[0] == (
        "warning: projects, row 1 (project_id 'P2'), column 'bac': bac 97,500 EUR but its 8 "
        "tasks' planned_cost sum to 107,300 EUR (+10.1% against bac) "
        f"(in {own / 'projects.csv'}, line 3); the kit's EVM (so the RAG, the dashboard's "
        "BAC and EAC, and compliance) uses the tasks' planned cost; projects.bac is used by "
        "the portfolio summary, the risk scores (impact against budget) and the selection "
        "(value for money)"
    )
    assert any("meta status_week is 8 but its last week is 6" in w for w in warnings)
    assert lines[-1] == "3 consistency warnings; the portfolio is valid (--strict fails)"
    code, out, err = run(capsys, "portfolio", "validate", own, "--strict")
    assert code == 1 and not out.startswith("OK")
    assert err == f"error: {own}: 3 consistency warnings (--strict)\n"


def test_a_valid_portfolio_without_warnings_passes_strict(capsys):
    code, out, err = run(capsys, "portfolio", "validate", OWN, "--strict")
    assert code == 0 and err == ""
    assert out.splitlines()[1] == (
        "note: absent tables, read as empty: objectives, alignment, opportunities, events, drivers"
    )


def test_the_french_export_by_detection_and_by_options(capsys, tmp_path):
    code, out, _ = run(capsys, "portfolio", "validate", FRENCH)
    assert code == 0
    assert "note: read numbers and dates with ',' for decimals, dates dd/mm/yyyy, detected" in out
    assert "as cp1252 (they are not UTF-8)" in out
    told = ["--decimal", ",", "--dayfirst", "--encoding", "cp1252"]
    code, out, err = run(capsys, "portfolio", "summary", FRENCH, *told)
    assert code == 0
    assert "Entrepôt Lyon-Sud" in out and "538,760" in out
    assert "note: read numbers and dates with ',' for decimals, dates dd/mm/yyyy, as told" in err
    html = tmp_path / "steering.html"
    code, out, err = run(capsys, "report", "--portfolio", FRENCH, *told, "--out", html)
    assert code == 0 and html.exists()
    assert "Portail clients" in html.read_text(encoding="utf-8")
    code, _, err = run(capsys, "portfolio", "validate", FRENCH, "--monthfirst")
    assert code == 1 and "(read as mm/dd/yyyy, as told)" in err


def test_a_country_of_holidays(capsys, own):
    (own / "holidays.csv").unlink()
    code, out, _ = run(capsys, "portfolio", "validate", own, "--holidays", "FR")
    assert code == 0 and "note: public holidays of FR added to the holidays table" in out
    code, _, err = run(capsys, "portfolio", "validate", own, "--holidays", "XX")
    assert code == 1 and err.startswith("error: holidays: no public holidays known for 'XX'")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--decimal", ";"], "argument --decimal: invalid choice"),
        (["--dayfirst", "--monthfirst"], "not allowed with argument"),
        (["--encoding", "klingon"], "error: unknown encoding 'klingon'"),
    ],
)
def test_bad_read_options_are_one_line(capsys, argv, message):
    code, _, err = run(capsys, "portfolio", "validate", OWN, *argv)
    assert code in (1, 2) and message in err and "Traceback" not in err
    assert sum("error: " in line for line in err.splitlines()) == 1


def test_a_missing_status_date_is_a_validation_error_not_a_crash(capsys, own):
    meta = json.loads((own / "meta.json").read_text(encoding="utf-8"))
    del meta["status_date"]
    (own / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    expected = (
        "error: meta, key 'status_date': missing; a portfolio with a status history has the "
        f"date of its last status (status week 6 ends on 2026-04-10) (in {own / 'meta.json'})\n"
    )
    for argv in (["portfolio", "validate", own], ["portfolio", "summary", own]):
        code, _, err = run(capsys, *argv)
        assert (code, err.splitlines()[-1] + "\n") == (1, expected)
    command = ["report", "--portfolio", str(own), "--out", str(own / "r.html")]
    done = subprocess.run(
        [sys.executable, "-m", "pmo_exercises.cli", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] + "\n" == expected
