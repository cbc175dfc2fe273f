"""The PMO's reports as self-contained HTML: the steering-committee report and a project page.

The content comes from :mod:`.steering`; the layout from the Jinja2 templates
in ``templates/`` (autoescaped: a name holding ``<script>`` shows as text).
One file holds everything: the CSS inline (with ``@media print`` rules for A4
landscape, one section per printed page) and the plotly charts, with plotly.js
in once, compressed (:mod:`.embed`), so the report opens offline and can be
mailed as it is.

::

    from pmo_exercises.reporting import steering_report, steering_html, project_report

    report = steering_report(p)
    Path("steering.html").write_text(steering_html(report), encoding="utf-8")
    Path("P06.html").write_text(project_report(p, "P06"), encoding="utf-8")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import shown
from .embed import PageFigures

__all__ = ["project_report", "steering_html", "write_steering_html"]

_TEMPLATES = Path(__file__).with_name("templates")
#: The S-curve's printed height: it shares the first page with the summary's figures.
_SUMMARY_CHART_PRINT_PX = 420


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
        money=shown.money,
        index=shown.index,
        pct=shown.pct,
        number=shown.number,
        days=shown.days,
        day=shown.day,
        text=shown.text,
    )
    return env


def _css() -> str:
    return (_TEMPLATES / "_style.css").read_text(encoding="utf-8")


def _records(table: pd.DataFrame) -> list[dict]:
    return table.astype(object).where(table.notna(), None).to_dict("records")


def steering_html(report, *, charts=True, for_print=False) -> str:
    """The steering-committee report as one self-contained HTML page.

    Parameters
    ----------
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`.
    charts : bool
        Embed the portfolio S-curve and a Gantt chart of each project whose
        policy RAG is red, with plotly.js once (compressed, about 2 MB);
        without charts the page is a few tens of kB.
    for_print : bool
        The page to print headless (:mod:`.pdf`): plotly.js as plain script
        (4.8 MB), so that the charts are drawn before the page's ``load``
        event, at the width they are printed at (:class:`.embed.PageFigures`).

    Returns
    -------
    str
        The HTML document: summary, dashboard, exceptions, decisions needed,
        risks and opportunities, one section per printed page.
    """
    figures = {"s_curve": None, "gantts": []}
    plot = PageFigures(for_print=for_print)
    if charts:
        from ..charts import s_curve

        figures["s_curve"] = plot(
            s_curve(
                report.history,
                bac=report.summary["bac"],
                status_week=report.week,
                title=f"Portfolio S-curve to week {report.week} ({report.currency})",
            ),
            print_height=_SUMMARY_CHART_PRINT_PX,
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
            scripts=plot.scripts(),
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
        Embed the project's S-curve (with plotly.js once, compressed).

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
    plot = PageFigures()
    if charts:
        from ..charts import s_curve

        fig = s_curve(
            content["history"],
            bac=content["row"]["bac"],
            status_week=content["week"],
            title=f"S-curve of {project_id} to week {content['week']} ({content['currency']})",
        )
        chart = plot(fig.update_layout(height=260, margin={"t": 45, "b": 35}))
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
            scripts=plot.scripts(),
            findings=_records(content["findings"]),
            risks=_records(content["risks"]),
            events=_records(content["events"]),
        )
    )
