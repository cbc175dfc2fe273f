"""The PMO's reports as self-contained HTML: the steering-committee report and a project page.

The content comes from :mod:`.steering`; the layout from the Jinja2 templates
in ``templates/`` (autoescaped: a name holding ``<script>`` shows as text).
One file holds everything: the CSS inline (with ``@media print`` rules, one
section per printed page) and the plotly charts with plotly.js inline once,
so the report opens offline and can be mailed as it is.

::

    from pmo_exercises.reporting import steering_report, steering_html, project_report

    report = steering_report(p)
    Path("steering.html").write_text(steering_html(report), encoding="utf-8")
    Path("P06.html").write_text(project_report(p, "P06"), encoding="utf-8")
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from ..core.formatting import money

__all__ = ["project_report", "steering_html", "write_steering_html"]

_TEMPLATES = Path(__file__).with_name("templates")


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _index(value) -> str:
    return "n/a" if _missing(value) else f"{value:.2f}"


def _pct(value) -> str:
    return "n/a" if _missing(value) else f"{value:+.1f}%"


def _number(value) -> str:
    return "" if _missing(value) else f"{value:g}"


def _days(value) -> str:
    return "" if _missing(value) else f"{value:.1f}"


def _day(value) -> str:
    return "" if _missing(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _text(value, default: str = "") -> str:
    if _missing(value) or (isinstance(value, float) and math.isnan(value)):
        return default
    return str(value)


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=money, index=_index, pct=_pct, number=_number, days=_days, day=_day, text=_text
    )
    return env


def _css() -> str:
    return (_TEMPLATES / "_style.css").read_text(encoding="utf-8")


def _records(table: pd.DataFrame) -> list[dict]:
    return table.astype(object).where(table.notna(), None).to_dict("records")


class _Plots:
    """Figures to HTML fragments: plotly.js inline with the first one only."""

    def __init__(self) -> None:
        self.first = True

    def __call__(self, fig) -> str:
        text = fig.to_html(
            full_html=False,
            include_plotlyjs="inline" if self.first else False,
            config={"displaylogo": False, "responsive": True},
        )
        self.first = False
        return text


def steering_html(report, *, charts=True) -> str:
    """The steering-committee report as one self-contained HTML page.

    Parameters
    ----------
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`.
    charts : bool
        Embed the portfolio S-curve and a Gantt chart of each project whose
        policy RAG is red (with plotly.js inline once, about 4.7 MB); without
        charts the page is a few tens of kB.

    Returns
    -------
    str
        The HTML document: summary, dashboard, exceptions, decisions needed,
        risks and opportunities, one section per printed page.
    """
    figures = {"s_curve": None, "gantts": []}
    if charts:
        from ..charts import s_curve

        plot = _Plots()
        figures["s_curve"] = plot(
            s_curve(
                report.history,
                bac=report.summary["bac"],
                status_week=report.week,
                title=f"Portfolio S-curve to week {report.week} ({report.currency})",
            )
        )
        figures["gantts"] = [plot(fig) for fig in _gantts(report)]
    slip = report.slip.set_index("project_id")["finish_slip_days"]
    dashboard = report.dashboard.assign(finish_slip_days=report.dashboard["project_id"].map(slip))
    return (
        _environment()
        .get_template("steering.html.j2")
        .render(
            r=report,
            s=report.summary,
            css=_css(),
            charts=figures,
            dashboard=_records(dashboard),
            exceptions=_records(report.exceptions),
            decisions=_records(report.decisions),
            risks=_records(report.risks),
            opportunities=_records(report.opportunities),
            events=_records(report.events),
        )
    )


def _gantts(report) -> list:
    """A Gantt chart of the forecast of each red project, baseline beneath."""
    from ..charts import gantt
    from ..planning import WorkCalendar

    calendar = WorkCalendar(report.start_date)
    red = report.exceptions.loc[report.exceptions["kind"] == "red", "project_id"].unique()
    schedule = report.schedule
    out = []
    for pid in red:
        fig = gantt(
            schedule[schedule["project_id"] == pid],
            calendar=calendar,
            title=f"{pid}: forecast at week {report.week} against the baseline (grey)",
        )
        out.append(fig)
    return out


def write_steering_html(report, path, *, charts=True) -> Path:
    """Write :func:`steering_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(steering_html(report, charts=charts), encoding="utf-8")
    return path


def project_report(portfolio, project_id, policy=None, week=None, *, charts=True) -> str:
    """A one-page status report on one project, as self-contained HTML.

    Parameters
    ----------
    portfolio : Portfolio
        A portfolio with a status history.
    project_id : str
        The project.
    policy : Policy, str or Path, optional
        The PMO policy (default: the kit's).
    week : int, optional
        The status week (default: the latest).
    charts : bool
        Embed the project's S-curve (with plotly.js inline).

    Returns
    -------
    str
        The HTML page: RAG (computed and reported), SPI, CPI, BAC, EAC,
        forecast finish and slip, next milestone, the policy findings, the
        top open risks, the events so far and the S-curve.

    Raises
    ------
    ValueError
        When the project is unknown or ``week`` is out of range.
    """
    from ..governance.steering import project_status_content

    content = project_status_content(portfolio, project_id, policy=policy, week=week)
    chart = None
    if charts:
        from ..charts import s_curve

        fig = s_curve(
            content["history"],
            bac=content["row"]["bac"],
            status_week=content["week"],
            title=f"S-curve of {project_id} to week {content['week']} ({content['currency']})",
        )
        chart = _Plots()(fig.update_layout(height=260, margin={"t": 45, "b": 35}))
    return (
        _environment()
        .get_template("project.html.j2")
        .render(
            c=content,
            p=content["project"],
            d=content["row"],
            slip=content["slip"],
            css=_css(),
            chart=chart,
            findings=_records(content["findings"]),
            risks=_records(content["risks"]),
            events=_records(content["events"]),
        )
    )
