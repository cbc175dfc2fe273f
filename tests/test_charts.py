"""Charts: figures drawn from the real analytics, checked on their data, not their looks."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import pmo_exercises as pmo
from pmo_exercises import charts
from pmo_exercises.charts import style
from pmo_exercises.planning import critical_path, portfolio_schedule, resource_loading
from pmo_exercises.planning.calendar import WorkCalendar

ONE_DAY = pd.Timedelta(days=1)


@pytest.fixture(scope="module")
def portfolio():
    return pmo.load_portfolio()


@pytest.fixture(scope="module")
def p01(portfolio):
    """Project P01 alone: its tasks, links and assignments."""
    return portfolio.subset("P01")


@pytest.fixture(scope="module")
def schedule(p01):
    """P01's CPM schedule, joined with the task names."""
    names = p01.tasks.set_index("task_id")[["name", "project_id"]]
    return critical_path(p01.tasks, p01.dependencies).join(names)


@pytest.fixture(scope="module")
def calendar(p01):
    """P01's working days from its planned start."""
    return WorkCalendar(p01.projects["planned_start"].iat[0])


@pytest.fixture(scope="module")
def forecast(portfolio):
    """P01 in the portfolio forecast at the status week: dates, floats and its baseline."""
    schedule = portfolio_schedule(portfolio)
    return schedule[schedule["project_id"] == "P01"]


def trace(fig, name):
    (found,) = [t for t in fig.data if t.name == name]
    return found


def ids_of(fig, *names):
    return {str(i) for t in fig.data if t.name in names for i in t.y}


def bar_ends(bar):
    starts = pd.to_datetime(list(bar.base))
    return starts, starts + pd.to_timedelta(np.asarray(bar.x, dtype=float), unit="ms")


# -- the package ----------------------------------------------------------------------


def test_import_does_not_load_plotly():
    """``import pmo_exercises.charts`` leaves plotly unloaded: the functions import it."""
    code = "import sys, pmo_exercises.charts; print('plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_chart_returns_a_serialisable_figure(schedule, calendar, p01, portfolio):
    """Each function returns a Figure (never shown) that serialises to JSON."""
    import plotly.graph_objects as go

    loading = resource_loading(schedule, p01.assignments, by_project=True)
    figures = [
        charts.gantt(schedule, calendar=calendar),
        charts.gantt(schedule),
        charts.network_diagram(p01.tasks, p01.dependencies, schedule),
        charts.network_diagram(portfolio.tasks, portfolio.dependencies),
        charts.s_curve(HISTORY, eac=1200, bac=1000, forecast_week=8, status_week=4),
        charts.resource_histogram(loading, portfolio.roles, role="ARC"),
    ]
    for fig in figures:
        assert isinstance(fig, go.Figure)
        assert fig.layout.title.text
        assert '"data"' in fig.to_json()


# -- Gantt ---------------------------------------------------------------------------


def test_gantt_highlights_exactly_the_critical_tasks(schedule, calendar):
    fig = charts.gantt(schedule, calendar=calendar)
    critical = set(schedule.index[schedule["critical"]])
    assert ids_of(fig, "Critical task", "Critical milestone") == critical
    assert ids_of(fig, "Task", "Milestone") == set(schedule.index) - critical
    assert [t.name for t in fig.data] == ["Critical task", "Critical milestone", "Task"]
    assert trace(fig, "Critical task").marker.color == style.CRITICAL
    assert trace(fig, "Critical milestone").marker.color == style.CRITICAL
    assert trace(fig, "Task").marker.color != style.CRITICAL
    ranks = {t.name: t.legendrank for t in fig.data}
    assert ranks["Critical task"] < ranks["Critical milestone"] < ranks["Task"]


def test_gantt_bars_run_from_the_start_date_to_the_end_of_the_finish_date(schedule, calendar):
    """A bar starts on the date of ES and ends after the last working day of [ES, EF)."""
    fig = charts.gantt(schedule, calendar=calendar)
    for name in ("Critical task", "Task"):
        bar = trace(fig, name)
        rows = schedule.loc[list(bar.y)]
        starts, ends = bar_ends(bar)
        assert list(starts) == list(calendar.to_date(rows["es"]))
        assert list(ends) == list(calendar.finish_date(rows["es"], rows["ef"]) + ONE_DAY)
        assert bar.orientation == "h"
    diamonds = trace(fig, "Critical milestone")
    rows = schedule.loc[list(diamonds.y)]
    assert (rows["es"] == rows["ef"]).all()
    assert list(pd.to_datetime(list(diamonds.x))) == list(calendar.to_date(rows["es"]))
    assert diamonds.marker.symbol == "diamond"
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.xaxis.title.text == "Date"


def test_gantt_lists_tasks_top_to_bottom_by_early_start(schedule, calendar):
    fig = charts.gantt(schedule, calendar=calendar)
    order = list(fig.layout.yaxis.categoryarray)
    assert sorted(order) == sorted(schedule.index)
    assert schedule.loc[order, "es"].is_monotonic_increasing
    assert fig.layout.yaxis.autorange == "reversed"
    labels = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert labels["P01-T02"] == "P01-T02 " + schedule.at["P01-T02", "name"]


def test_gantt_hover_names_the_task_its_dates_and_float(schedule, calendar):
    fig = charts.gantt(schedule, calendar=calendar)
    bar = trace(fig, "Task")
    task = bar.y[0]
    text = bar.hovertext[0]
    row = schedule.loc[task]
    assert task in text and row["name"] in text
    assert calendar.to_date([row["es"]])[0].strftime("%a %d %b %Y") in text
    assert calendar.finish_date([row["es"]], [row["ef"]])[0].strftime("%a %d %b %Y") in text
    assert f"Total float: {row['total_float']:g} d" in text


def test_gantt_without_a_calendar_counts_working_days(schedule):
    fig = charts.gantt(schedule)
    bar = trace(fig, "Critical task")
    rows = schedule.loc[list(bar.y)]
    assert list(bar.base) == rows["es"].tolist()
    assert list(bar.x) == (rows["ef"] - rows["es"]).tolist()
    assert "Working days from day 0" in fig.layout.xaxis.title.text
    assert fig.layout.xaxis.type != "date"


def test_gantt_draws_grey_baseline_bars_under_the_tasks(forecast, portfolio):
    calendar = WorkCalendar(portfolio.meta["start_date"])
    fig = charts.gantt(forecast, calendar=calendar)
    base = trace(fig, "Baseline")
    assert base.marker.color == style.BASELINE
    rows = forecast.loc[list(base.y)]
    assert (rows["baseline_ef"] > rows["baseline_es"]).all()
    assert len(base.y) == (forecast["baseline_ef"] > forecast["baseline_es"]).sum()
    starts, ends = bar_ends(base)
    assert list(starts) == list(calendar.to_date(rows["baseline_es"]))
    assert list(ends) == list(
        calendar.finish_date(rows["baseline_es"], rows["baseline_ef"]) + ONE_DAY
    )
    # thinner than the task bars and below them (the y axis runs top to bottom)
    task = trace(fig, "Critical task")
    assert base.width < task.width
    assert base.offset >= task.offset + task.width
    milestones = trace(fig, "Baseline milestone")
    assert len(milestones.y) == (forecast["baseline_ef"] == forecast["baseline_es"]).sum()
    assert "baseline in grey" in fig.layout.title.text
    assert "P01" in fig.layout.title.text
    hidden = charts.gantt(forecast, calendar=calendar, baseline=False)
    assert not {"Baseline", "Baseline milestone"} & {t.name for t in hidden.data}


def test_gantt_says_which_column_is_missing(schedule):
    with pytest.raises(pmo.PortfolioError, match="schedule, column 'critical': missing"):
        charts.gantt(schedule.drop(columns="critical"))


# -- network diagram -----------------------------------------------------------------

# A small network with every link type, a lag and a lead:
# A -FS-> B -SS+2-> C -FF-> D, A -FS-> E -SF-1-> D
SMALL_TASKS = pd.DataFrame(
    {"task_id": list("ABCDE"), "duration": [3, 4, 2, 5, 1], "name": ["a", "b", "c", "d", "e"]}
)
SMALL_LINKS = pd.DataFrame(
    {
        "predecessor": ["A", "B", "C", "A", "E"],
        "successor": ["B", "C", "D", "E", "D"],
        "type": ["FS", "SS", "FF", "FS", "SF"],
        "lag": [0.0, 2.0, 0.0, 0.0, -1.0],
    }
)


def node_positions(fig):
    out = {}
    for t in fig.data:
        if t.name in ("Task", "Critical task"):
            for i, x, y in zip(t.customdata, t.x, t.y, strict=True):
                out[i] = (x, y)
    return out


def test_network_levels_run_left_to_right_without_overlaps(p01):
    fig = charts.network_diagram(p01.tasks, p01.dependencies)
    pos = node_positions(fig)
    assert set(pos) == set(p01.tasks["task_id"])
    assert len(set(pos.values())) == len(pos)  # no two tasks on one spot
    for p, s in zip(p01.dependencies["predecessor"], p01.dependencies["successor"], strict=True):
        assert pos[s][0] > pos[p][0]
    roots = set(p01.tasks["task_id"]) - set(p01.dependencies["successor"])
    assert {t for t, (x, _) in pos.items() if x == 0} == roots
    links = trace(fig, "Link")
    assert len(links.x) == 3 * len(p01.dependencies)  # start, end, gap per link
    assert [t.name for t in fig.data if t.showlegend is not False] == ["Task", "Link"]
    assert fig.layout.xaxis.title.text.startswith("Network level")
    assert "32 tasks and 48 links" in fig.layout.title.text


def test_network_with_a_schedule_places_tasks_at_early_start_and_reddens_the_critical_path(
    schedule, p01
):
    fig = charts.network_diagram(p01.tasks, p01.dependencies, schedule)
    pos = node_positions(fig)
    assert {t: x for t, (x, _) in pos.items()} == schedule["es"].to_dict()
    critical = set(schedule.index[schedule["critical"]])
    assert set(trace(fig, "Critical task").customdata) == critical
    assert trace(fig, "Critical task").marker.color == style.CRITICAL
    both = p01.dependencies["predecessor"].isin(critical) & p01.dependencies["successor"].isin(
        critical
    )
    assert len(trace(fig, "Critical link").x) == 3 * both.sum()
    assert len(trace(fig, "Link").x) == 3 * (~both).sum()
    assert fig.layout.xaxis.title.text == "Early start (working days from day 0)"
    assert "critical path in red" in fig.layout.title.text


def test_network_link_hover_gives_type_and_lag():
    schedule = critical_path(SMALL_TASKS, SMALL_LINKS)
    fig = charts.network_diagram(SMALL_TASKS, SMALL_LINKS, schedule)
    hover = [h for t in fig.data if t.name.endswith("(type and lag)") for h in t.hovertext]
    assert sorted(hover) == sorted(
        [
            "A → B<br>FS, lag 0 d",
            "B → C<br>SS, lag 2 d",
            "C → D<br>FF, lag 0 d",
            "A → E<br>FS, lag 0 d",
            "E → D<br>SF, lead 1 d",
        ]
    )
    lag_days = SMALL_LINKS.rename(columns={"lag": "lag_days"})
    again = charts.network_diagram(SMALL_TASKS, lag_days, schedule)
    assert [t.hovertext for t in again.data] == [t.hovertext for t in fig.data]


@pytest.mark.parametrize(
    ("links", "message"),
    [
        pytest.param(
            pd.DataFrame({"predecessor": ["A", "B"], "successor": ["B", "A"]}),
            "cycle: ",
            id="cycle",
        ),
        pytest.param(
            pd.DataFrame({"predecessor": ["A"], "successor": ["Z"]}),
            "links, row 0, column 'successor': unknown task 'Z'",
            id="unknown-task",
        ),
    ],
)
def test_network_rejects_bad_links(links, message):
    with pytest.raises(pmo.PortfolioError, match=message):
        charts.network_diagram(SMALL_TASKS, links)


# -- S-curve ---------------------------------------------------------------------------

# Cumulative PV, EV, AC of one project to week 4; PV goes on to week 6.
HISTORY = pd.DataFrame(
    {
        "week": [0, 1, 2, 3, 4, 5, 6],
        "pv": [0.0, 100.0, 300.0, 600.0, 800.0, 950.0, 1000.0],
        "ev": [0.0, 80.0, 250.0, 500.0, 640.0, np.nan, np.nan],
        "ac": [0.0, 90.0, 300.0, 560.0, 768.0, np.nan, np.nan],
        "cpi": [np.nan, 0.89, 0.83, 0.89, 0.83, np.nan, np.nan],  # ignored
    }
)


def test_s_curve_draws_pv_ev_ac_the_eac_projection_and_bac():
    fig = charts.s_curve(HISTORY, eac=1250.0, bac=1000.0, forecast_week=9, status_week=4)
    assert [t.name for t in fig.data] == [
        "PV (planned value)",
        "EV (earned value)",
        "AC (actual cost)",
        "EAC projection",
        "BAC",
    ]
    pv, ev, ac, eac, bac = fig.data
    assert list(pv.x) == list(range(7)) and list(pv.y) == HISTORY["pv"].tolist()
    assert list(ev.x) == list(range(5)) and list(ev.y) == HISTORY["ev"].iloc[:5].tolist()
    assert list(ac.y) == HISTORY["ac"].iloc[:5].tolist()
    assert list(eac.x) == [4, 9] and list(eac.y) == [768.0, 1250.0]
    assert eac.line.dash == "dash"
    assert list(bac.y) == [1000.0, 1000.0] and list(bac.x) == [0, 9]
    assert bac.line.dash == "dot"
    (status,) = fig.layout.shapes
    assert status.x0 == status.x1 == 4
    assert fig.layout.yaxis.tickformat == ",.0f"
    assert fig.layout.xaxis.title.text == "Status week"
    assert fig.layout.yaxis.title.text == "Cumulative value and cost"
    assert "with the cost forecast (EAC)" in fig.layout.title.text


def test_s_curve_without_forecast_draws_three_lines():
    fig = charts.s_curve(HISTORY, title="My project")
    assert len(fig.data) == 3 and not fig.layout.shapes
    assert fig.layout.title.text == "My project"


def test_s_curve_puts_status_dates_on_the_x_axis_when_asked():
    dated = HISTORY.assign(status_date=pd.date_range("2026-01-02", periods=7, freq="7D"))
    fig = charts.s_curve(dated, eac=1250.0, forecast_week=9, status_week=4, x="date")
    assert fig.data[0].x[0] == "2026-01-02"
    assert list(trace(fig, "EAC projection").x) == ["2026-01-30", "2026-03-06"]  # +5 weeks
    assert fig.layout.shapes[0].x0 == "2026-01-30"
    assert fig.layout.xaxis.type == "date"
    assert list(fig.data[0].customdata[:2]) == ["0", "1"] and "week" in fig.data[0].hovertemplate


def test_s_curve_counts_weeks_by_default_with_the_dates_on_hover():
    # the lessons ask "in which week...": the axis a trainee reads must say weeks
    dated = HISTORY.assign(status_date=pd.date_range("2026-01-02", periods=7, freq="7D"))
    fig = charts.s_curve(dated, status_week=4)
    assert list(fig.data[0].x) == list(range(7)) and fig.layout.xaxis.type != "date"
    assert fig.layout.xaxis.title.text == "Status week"
    assert fig.layout.shapes[0].x0 == 4
    assert fig.data[0].customdata[4] == "2026-01-30" and "status" in fig.data[0].hovertemplate
    with pytest.raises(ValueError, match="'week' or 'date'"):
        charts.s_curve(dated, x="month")


def test_s_curve_takes_the_tracking_history_of_one_project(portfolio):
    from pmo_exercises.tracking import earned_value_history

    history = earned_value_history(portfolio)
    p02 = history[history["project_id"] == "P02"]
    last = p02.iloc[-1]
    fig = charts.s_curve(p02, eac=last["eac_cpi"], bac=last["bac"], forecast_week=60)
    assert list(fig.data[2].y) == p02["ac"].tolist()
    assert fig.layout.title.text.startswith("S-curve of P02")
    with pytest.raises(pmo.PortfolioError, match="filter the history to one project_id"):
        charts.s_curve(history)


def test_s_curve_needs_a_forecast_week_for_the_eac():
    with pytest.raises(ValueError, match="eac= needs forecast_week="):
        charts.s_curve(HISTORY, eac=1250.0)
    with pytest.raises(ValueError, match="before the last actual cost"):
        charts.s_curve(HISTORY, eac=1250.0, forecast_week=3)


# -- resource histogram -------------------------------------------------------------


@pytest.fixture(scope="module")
def planned_loading(portfolio):
    """Each role's weekly demand, by project, in the portfolio's baseline plan."""
    return resource_loading(portfolio_schedule(portfolio, week=0), portfolio.assignments, True)


def test_resource_histogram_stacks_projects_under_the_capacity_line(planned_loading, portfolio):
    fig = charts.resource_histogram(planned_loading, portfolio.roles, role="ARC")
    arc = planned_loading[planned_loading["role_id"] == "ARC"]
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == sorted(arc["project_id"].unique())
    for bar in bars:
        mine = arc[arc["project_id"] == bar.name]
        assert dict(zip(bar.x, bar.y, strict=True)) == dict(
            zip(mine["week"], mine["demand_days"], strict=True)
        )
    assert fig.layout.barmode == "stack"
    capacity = portfolio.roles.set_index("role_id").at["ARC", "capacity_days_per_week"]
    line = trace(fig, "Capacity (12 person-days/week)")
    assert list(line.y) == [capacity, capacity]
    assert list(line.x) == [arc["week"].min() - 0.5, arc["week"].max() + 0.5]
    assert fig.layout.yaxis.title.text == "Demand (person-days per week)"
    assert fig.layout.xaxis.title.text.startswith("Week")


def test_resource_histogram_marks_the_weeks_over_capacity(planned_loading, portfolio):
    fig = charts.resource_histogram(planned_loading, portfolio.roles, role="ARC")
    weekly = planned_loading[planned_loading["role_id"] == "ARC"].groupby("week")["demand_days"]
    weekly = weekly.sum()
    over = weekly[weekly > 12]
    assert len(over)  # the teaching portfolio over-books its architects
    marks = trace(fig, "Over capacity")
    assert list(marks.x) == over.index.tolist()
    assert np.allclose(marks.y, over.to_numpy())
    assert list(marks.text) == [f"+{round(v - 12, 1):g}" for v in over]
    assert [(s.x0, s.x1) for s in fig.layout.shapes] == [(w - 0.5, w + 0.5) for w in over.index]
    assert f"{len(over)} weeks over" in fig.layout.title.text
    assert "ARC (Solution architect)" in fig.layout.title.text


def test_resource_histogram_of_a_role_within_capacity_has_no_marks(planned_loading, portfolio):
    fig = charts.resource_histogram(planned_loading, portfolio.roles, role="DEV")
    assert "Over capacity" not in {t.name for t in fig.data}
    assert not fig.layout.shapes
    assert "within capacity every week" in fig.layout.title.text


def test_resource_histogram_without_projects_or_roles(planned_loading):
    by_role = planned_loading.groupby(["role_id", "week"], as_index=False)["demand_days"].sum()
    fig = charts.resource_histogram(by_role[by_role["role_id"] == "ARC"])
    assert [t.name for t in fig.data] == ["Demand"]
    assert fig.layout.title.text == "Weekly demand for ARC"


def test_resource_histogram_needs_a_role_when_there_are_several(planned_loading, portfolio):
    with pytest.raises(pmo.PortfolioError, match="pass role= to choose one"):
        charts.resource_histogram(planned_loading, portfolio.roles)
    with pytest.raises(pmo.PortfolioError, match="no role 'XYZ'"):
        charts.resource_histogram(planned_loading, portfolio.roles, role="XYZ")
