"""A PMO's own portfolio as it comes: written by hand, and exported by a French Excel.

``tests/data/pmo_own`` is the portfolio of a logistics company (3 projects, 24 tasks,
FS, SS and FF links with lags and a lead, 4 roles, 5 risks, 6 weeks of status, the
French public holidays of 2026) without the tables it has no use for; its figures
below are worked by hand. ``tests/data/pmo_own_fr`` is the same data as a French
Excel exports it: ``;`` between fields, ``,`` for decimals, money grouped with
no-break spaces (``538 760,00``), dates dd/mm/yyyy, cp1252 text and CRLF line ends.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import governance, planning, strategy
from pmo_exercises.charts import gantt
from pmo_exercises.core.calendar import country_holidays
from pmo_exercises.core.conventions import Conventions, detect
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.core.validation import check_consistency
from pmo_exercises.io.files import open_portfolio, read_portfolio
from pmo_exercises.planning import WorkCalendar

DATA = Path(__file__).resolve().parent / "data"
OWN = DATA / "pmo_own"
FRENCH = DATA / "pmo_own_fr"


@pytest.fixture(scope="module")
def own():
    return read_portfolio(OWN)


# -- reading ------------------------------------------------------------------------------
def test_the_pmos_own_folder_reads_without_the_tables_it_does_not_have(own):
    found = open_portfolio(OWN)
    assert found.absent == ["objectives", "alignment", "opportunities", "events", "drivers"]
    assert found.conventions == Conventions()  # the kit's own: nothing to assume
    p = found.portfolio
    assert (len(p.projects), len(p.tasks), len(p.roles), len(p.risks)) == (3, 24, 4, 5)
    assert p.status_week == 6 and p.status_date == pd.Timestamp("2026-04-10")
    assert set(p.dependencies["type"]) == {"FS", "SS", "FF"}
    assert (p.dependencies["lag_days"] > 0).any() and (p.dependencies["lag_days"] < 0).any()
    assert len(p.drivers) == len(p.events) == len(p.objectives) == 0
    assert check_consistency(p) == []  # hand-written, and every figure agrees
    assert own.digest() == p.digest()


def test_the_french_excel_export_reads_to_the_same_portfolio_by_detection(own):
    found = open_portfolio(FRENCH)
    assert found.conventions == Conventions(",", True, detected=True)
    assert found.encodings["tasks"] == "cp1252" and found.encodings["dependencies"] == "utf-8"
    assert found.portfolio.digest() == own.digest()
    names = found.portfolio.tasks.set_index("task_id")["name"]
    assert names["P1-T01"] == "Étude de faisabilité"
    notes = " ".join(found.notes)
    assert "as cp1252 (they are not UTF-8)" in notes
    assert "',' for decimals, dates dd/mm/yyyy, detected from the data" in notes
    raw = (FRENCH / "projects.csv").read_bytes()
    assert b";538\xa0760,00;" in raw and b"\r\n" in raw  # what the test is about


def test_the_french_export_with_its_conventions_told(own):
    told = read_portfolio(FRENCH, decimal=",", dayfirst=True, encoding="cp1252")
    assert told.digest() == own.digest()


def test_told_the_wrong_conventions_the_errors_say_which_was_assumed():
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(FRENCH, decimal=".")
    error = caught.value
    assert str(error).startswith(
        "roles, row 0 (role_id 'PM'), column 'day_rate': '850,00' is not a number (read with "
        "'.' for decimals; if the files write a comma for decimals, say so: decimal=',' or "
        f"--decimal ,) (in {FRENCH / 'roles.csv'}, line 2, read as cp1252) (and "
    )
    assert len(error.problems) == 50 and error.omitted > 0  # every bad number, up to 50

    with pytest.raises(PortfolioError) as caught:
        read_portfolio(FRENCH, dayfirst=False)
    assert str(caught.value).startswith(
        "projects, row 0 (project_id 'P1'), column 'planned_finish': '13/07/2026' is not a "
        "date (read as mm/dd/yyyy, as told) (in "
    )

    with pytest.raises(PortfolioError, match=r"is not utf-8 text \(byte \d+\), as told"):
        read_portfolio(FRENCH, encoding="utf-8")


def test_dates_that_could_be_read_either_way_need_to_be_told(tmp_path):
    folder = shutil.copytree(OWN, tmp_path / "p")
    risks = (folder / "risks.csv").read_text(encoding="utf-8")
    risks = risks.replace("2026-03-04", "04/03/2026").replace("2026-03-11", "11/03/2026")
    (folder / "risks.csv").write_text(risks, encoding="utf-8")
    with pytest.raises(PortfolioError) as caught:
        read_portfolio(folder)
    assert str(caught.value) == (
        "risks, row 0, column 'identified_on': '04/03/2026' could be 4 March or 3 April "
        "2026: no date in the files says whether the day or the month comes first; say which "
        "(dayfirst=True for dd/mm/yyyy or False for mm/dd/yyyy; --dayfirst or --monthfirst) "
        f"(in {folder / 'risks.csv'}, line 2)"
    )
    assert read_portfolio(folder, dayfirst=True).digest() == read_portfolio(OWN).digest()
    # a day above 12 says it on its own
    (folder / "risks.csv").write_text(risks.replace("04/03/2026", "13/03/2026", 1), "utf-8")
    assert read_portfolio(folder).risks["identified_on"].iat[0] == pd.Timestamp("2026-03-13")


def test_detection_decides_only_where_the_text_leaves_no_doubt():
    def frame(*costs):
        return {"roles": pd.DataFrame({"day_rate": list(costs), "headcount": ["1"] * len(costs)})}

    assert detect(frame("12,5", "700")) == Conventions(",", None, detected=True)
    assert detect(frame("1.234,5")).decimal == ","
    assert detect(frame("1\u00a0234,50")).decimal == ","
    assert detect(frame("12.5", "1,234.5")).decimal == "."
    assert detect(frame("1,234")).decimal == "."  # a thousand, or one and a quarter?
    assert detect(frame("1,234"), semicolons=True).decimal == ","  # ';' files: a comma decimal
    assert detect(frame("1.234")).decimal == "."
    with pytest.raises(PortfolioError, match="the numbers mix two decimal marks"):
        detect(frame("12,5", "18.5"))
    dates = {"holidays": pd.DataFrame({"date": ["05/04/2026", "13/04/2026"]})}
    assert detect(dates).dayfirst is True
    with pytest.raises(PortfolioError, match="dayfirst=True for dd/mm/yyyy"):
        detect({"holidays": pd.DataFrame({"date": ["05/04/2026"]})})
    with pytest.raises(PortfolioError, match="the dates mix two orders"):
        detect({"holidays": pd.DataFrame({"date": ["13/04/2026", "04/13/2026"]})})


# -- hand-worked figures ------------------------------------------------------------------
def test_the_portal_project_critical_path_worked_by_hand(own):
    """P2 (from day 5): T01 6 days; T02 SS+2 on T01, 12 days; T03 FS on T01, 9 days;
    T04 FS on T02, 22 days; T05 FS on T03, 21 days; T06 FF+3 on T04 and on T05, 12 days;
    T07 FS on T06, 8 days; T08 the opening, FS on T07.

    Forward: T01 5-11, T02 7-19, T03 11-20, T04 19-41, T05 20-41, T06 must finish 3
    days after both, so 32-44, T07 44-52, T08 at 52. Backward from 52 every task has
    zero float: two critical paths, through T02-T04 and through T03-T05.
    """
    p2 = own.subset("P2")
    tasks = p2.tasks.assign(earliest_start=5.0)
    s = planning.critical_path(tasks, p2.dependencies)
    es_ef = {t.removeprefix("P2-"): (s.at[t, "es"], s.at[t, "ef"]) for t in s.index}
    assert es_ef == {
        "T01": (5, 11),
        "T02": (7, 19),
        "T03": (11, 20),
        "T04": (19, 41),
        "T05": (20, 41),
        "T06": (32, 44),
        "T07": (44, 52),
        "T08": (52, 52),
    }
    assert s["critical"].all()
    paths = planning.critical_paths(tasks, p2.dependencies)
    assert sorted("-".join(t[3:] for t in path) for path in paths) == [
        "T01-T02-T04-T06-T07-T08",
        "T01-T03-T05-T06-T07-T08",
    ]


def test_holidays_move_the_dates_of_the_schedule_and_the_gantt(own):
    """Day 52 from Monday 2 March 2026 is Wednesday 13 May on weekdays alone; the French
    holidays of Easter Monday (6 April), 1 May, 8 May and Ascension (14 May) move it to
    Tuesday 19 May, the opening date of P2's baseline."""
    calendar = WorkCalendar.of(own)
    assert calendar.to_date([52])[0] == pd.Timestamp("2026-05-19")
    assert WorkCalendar(own.meta["start_date"]).to_date([52])[0] == pd.Timestamp("2026-05-13")
    assert own.tasks.set_index("task_id").at["P2-T08", "baseline_finish"] == pd.Timestamp(
        "2026-05-19"
    )
    forecast = planning.portfolio_schedule(own)
    assert not forecast["start"].isin(own.holidays["date"]).any()
    plain = planning.portfolio_schedule(own.replace(holidays=own.holidays.iloc[0:0]))
    assert (forecast["finish"] >= plain["finish"]).all()
    assert (forecast["finish"] > plain["finish"]).any()
    p2 = forecast[forecast["project_id"] == "P2"]
    chart = {trace.name: trace for trace in gantt(p2, calendar=calendar).data}
    assert list(chart["Critical milestone"].x) == ["2026-05-19"]  # the opening, on Tuesday
    plain_chart = gantt(p2, calendar=WorkCalendar(own.meta["start_date"])).data
    assert list(next(t for t in plain_chart if t.name == "Critical milestone").x) != ["2026-05-19"]


def test_the_capacity_plan_gives_the_easter_week_four_days(own):
    """ENG can give 13 person-days a week; the week of Easter Monday has 4 working days,
    so 13 x 4/5 = 10.4."""
    plan = strategy.capacity_plan(own, freq="week")
    eng = plan[plan["role_id"] == "ENG"].set_index("period")
    assert eng.at[6, "capacity_days"] == pytest.approx(10.4)
    assert eng.at[5, "capacity_days"] == pytest.approx(13.0)
    loading = planning.resource_loading(
        planning.portfolio_schedule(own), own.assignments, calendar=WorkCalendar.of(own)
    )
    week6 = loading[(loading["week"] == 6)]["demand_days"].sum()
    assert week6 <= loading.groupby("week")["demand_days"].sum().max()


def test_the_cost_indices_worked_by_hand(own):
    """Every task of P2 spent 22% more than the value it earned (AC = 1.22 EV, to the
    cent), so CPI = 1 / 1.22 = 0.820; P3 spent 4% less: CPI = 1 / 0.96 = 1.042."""
    board = governance.portfolio_dashboard(own).set_index("project_id")
    assert board.at["P2", "cpi"] == pytest.approx(1 / 1.22, abs=5e-4)
    assert board.at["P3", "cpi"] == pytest.approx(1 / 0.96, abs=5e-4)
    assert board.at["P2", "bac"] == pytest.approx(107_300)  # 2,550 + 7,800 + ... + 4,480


def test_country_holidays_match_the_table_written_by_hand(own):
    table = country_holidays("FR", [2026])
    written = set(own.holidays["date"])
    assert written <= set(table["date"])
    assert pd.Timestamp("2026-04-06") in written
    with pytest.raises(PortfolioError, match="no public holidays known for 'XX'"):
        country_holidays("XX", [2026])


def test_a_country_option_adds_its_holidays(tmp_path, own):
    folder = shutil.copytree(OWN, tmp_path / "p")
    (folder / "holidays.csv").unlink()
    found = open_portfolio(folder, holidays="FR")
    days = set(found.portfolio.holidays["date"])
    assert set(own.holidays["date"]) <= days
    assert pd.Timestamp("2026-11-11") in days  # Armistice Day
    assert "public holidays of FR" in " ".join(found.notes)


# -- the traps ----------------------------------------------------------------------
def test_a_bac_that_is_not_its_tasks_cost_is_warned_and_not_reported_as_savings(own):
    """The issue's case: a project 10% over its tasks' cost read as an underspend."""
    low = own.projects.assign(bac=np.where(own.projects["project_id"] == "P2", 97_500.0, 0.0))
    low["bac"] = np.where(low["project_id"] == "P2", 97_500.0, own.projects["bac"])
    bad = own.replace(projects=low)
    warnings = check_consistency(bad)
    assert [w.check for w in warnings] == ["bac_vs_tasks"]
    w = warnings[0]
    assert (w.table, w.row, w.column, w.subject) == ("projects", 1, "bac", "P2")
    assert dict(w.figures) == {"projects.bac": 97_500.0, "sum of tasks.planned_cost": 107_300.0}
    assert "bac 97,500 EUR but its 8 tasks' planned_cost sum to 107,300 EUR" in w.problem
    assert "uses the tasks' planned cost" in w.used
    before = governance.portfolio_dashboard(own).set_index("project_id")
    after = governance.portfolio_dashboard(bad).set_index("project_id")
    assert after.at["P2", "eac_vs_bac_pct"] == before.at["P2", "eac_vs_bac_pct"] > 0


def test_every_consistency_check_finds_its_case(own):
    ps = own.project_status.copy()
    last = ps.index[(ps["week"] == 6) & (ps["project_id"] == "P2")][0]
    ps.loc[last, "actual_cost"] -= 2_000
    ps.loc[last, "pct_complete_reported"] = 1.0
    tasks = own.tasks.copy()
    tasks.loc[0, "baseline_finish"] = pd.Timestamp("2026-03-16")
    projects = own.projects.copy()
    projects.loc[2, "planned_start"] = pd.Timestamp("2026-03-17")
    late = own.replace(
        project_status=ps,
        tasks=tasks,
        projects=projects,
        meta={"status_week": 8, "status_date": "2026-04-24"},
    )
    pmo.validate(late)
    found = {w.check: w for w in check_consistency(late)}
    assert set(found) == {
        "ac_vs_tasks",
        "baseline_vs_duration",
        "project_vs_tasks_dates",
        "progress_backwards",
        "status_week_beyond_data",
    }
    assert "is 11 working days from baseline_start" in found["baseline_vs_duration"].problem
    assert found["progress_backwards"].column == "pct_complete_reported"
    assert "carry week 6's status forward to week 8" in found["status_week_beyond_data"].problem
