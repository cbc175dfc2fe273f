"""What the what-if explorer shows: a run's outcome, the comparison, the finish chart.

:func:`outcome_table` takes the figures of a run from the analytics;
:func:`comparison_html`, :func:`knock_on_html` and :func:`finish_figure` lay
out a baseline run against a scenario run.
"""

from __future__ import annotations

import html
from typing import Any

from ._format import fmt_date, fmt_money, fmt_number
from ._tables import rag_badge

__all__ = [
    "OUTCOME_COLUMNS",
    "changed",
    "comparison_html",
    "finish_figure",
    "knock_on_html",
    "outcome_table",
]

#: Columns of :func:`outcome_table` (and of ``WhatIf.outcome``'s tables).
OUTCOME_COLUMNS = (
    "name",
    "state",
    "overall_rag",
    "spi",
    "cpi",
    "bac",
    "eac",
    "forecast_finish",
    "finish_slip_days",
)


def changed(a: Any, b: Any, tolerance: float = 0.5) -> bool:
    """Whether two values of an outcome differ (missing equals missing)."""
    a_missing, b_missing = a != a or a is None, b != b or b is None  # NaN and NaT
    if a_missing or b_missing:
        return a_missing != b_missing
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) > tolerance
    return a != b


def outcome_table(run, policy):
    """One row per project at the run's last week: the analytics' figures.

    Parameters
    ----------
    run : Portfolio
        A simulated portfolio.
    policy : Policy
        The PMO policy that sets the RAG.

    Returns
    -------
    pandas.DataFrame
        Indexed by project id, with the columns :data:`OUTCOME_COLUMNS`.
    """
    from ..planning import portfolio_schedule, project_slip
    from ..reporting import rag_history

    rag = rag_history(run, policy)
    rag = rag[rag["week"] == run.status_week].set_index("project_id")
    projects = run.projects.set_index("project_id")
    slip = project_slip(portfolio_schedule(run, basis="actual"))
    out = projects[["name", "state"]].join(
        rag[["overall_rag", "spi", "cpi", "bac", "eac_cpi"]].rename(columns={"eac_cpi": "eac"})
    )
    out = out.join(slip[["forecast_finish", "finish_slip_days"]])
    return out.loc[:, list(OUTCOME_COLUMNS)]


def comparison_html(base, scenario, project: str, name: str, weeks: int) -> str:
    """The project decided on, baseline against scenario, as an HTML table.

    Parameters
    ----------
    base, scenario : pandas.DataFrame
        The outcome tables (:func:`outcome_table`) of the two runs.
    project, name : str
        The project's id and name.
    weeks : int
        The weeks both runs simulated.
    """
    b, s = base.loc[project], scenario.loc[project]
    slip = s["finish_slip_days"] - b["finish_slip_days"]
    rows = [
        ("Forecast finish", fmt_date(b["forecast_finish"]), fmt_date(s["forecast_finish"])),
        (
            "Slip against baseline (working days)",
            fmt_number(b["finish_slip_days"], 1),
            fmt_number(s["finish_slip_days"], 1),
        ),
        ("EAC", fmt_money(b["eac"]), fmt_money(s["eac"])),
        ("BAC", fmt_money(b["bac"]), fmt_money(s["bac"])),
        ("SPI", fmt_number(b["spi"]), fmt_number(s["spi"])),
        ("CPI", fmt_number(b["cpi"]), fmt_number(s["cpi"])),
    ]
    body = "".join(f"<tr><td>{label}</td><td>{x}</td><td>{y}</td></tr>" for label, x, y in rows)
    body += (
        f"<tr><td>Overall RAG</td><td>{rag_badge(b['overall_rag'])}</td>"
        f"<td>{rag_badge(s['overall_rag'])}</td></tr>"
    )
    verdict = (
        "finishes at the same date"
        if not changed(b["forecast_finish"], s["forecast_finish"])
        else f"finish moves by {slip:+.1f} working days"
    )
    return (
        f"<p><b>{html.escape(project)} {html.escape(name)}</b> after {weeks} "
        f"simulated weeks: {verdict}.</p>"
        '<table class="pmo-table pmo-compare" style="border-collapse:collapse">'
        "<thead><tr><th></th><th>Baseline (no decision)</th><th>Scenario</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def knock_on_html(base, scenario, project: str, names: dict[str, str]) -> str:
    """The other projects whose outcome changed, as HTML.

    Parameters
    ----------
    base, scenario : pandas.DataFrame
        The outcome tables (:func:`outcome_table`) of the two runs.
    project : str
        The project decided on (left out).
    names : dict of str to str
        Project id -> project name.
    """
    rows = []
    for other in base.index:
        if other == project:
            continue
        b, s = base.loc[other], scenario.loc[other]
        if not any(changed(b[c], s[c]) for c in ("forecast_finish", "eac", "overall_rag", "state")):
            continue
        rows.append(
            f"<tr><td>{html.escape(other)} {html.escape(names[other])}</td>"
            f"<td>{html.escape(str(s['state']))}</td>"
            f"<td>{fmt_date(b['forecast_finish'])} &rarr; {fmt_date(s['forecast_finish'])}</td>"
            f"<td>{fmt_number(s['finish_slip_days'] - b['finish_slip_days'], 1)}</td>"
            f"<td>{fmt_money(b['eac'])} &rarr; {fmt_money(s['eac'])}</td>"
            f"<td>{rag_badge(b['overall_rag'])} &rarr; {rag_badge(s['overall_rag'])}</td></tr>"
        )
    if not rows:
        return "<p><b>Knock-on effects:</b> no other project changes.</p>"
    return (
        f"<p><b>Knock-on effects:</b> {len(rows)} other "
        f"{'project changes' if len(rows) == 1 else 'projects change'}.</p>"
        '<table class="pmo-table pmo-knock-on" style="border-collapse:collapse">'
        "<thead><tr><th>Project</th><th>State</th><th>Finish</th>"
        "<th>Slip change (days)</th><th>EAC</th><th>RAG</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def finish_figure(base, scenario, project: str, decision: str) -> dict:
    """Forecast finish of each project: baseline (grey) against scenario (blue).

    A plain plotly figure dict: building a ``go.Figure`` costs more than the
    simulation it shows, and the explorer redraws it on every change.

    Parameters
    ----------
    base : pandas.DataFrame
        The outcome table of the run without a decision.
    scenario : pandas.DataFrame or None
        The outcome table of the run with it; None when no decision was taken.
    project : str
        The project decided on, in bold.
    decision : str
        The decision in words, under the title.
    """
    from ..charts.style import BASELINE, TASK

    ids = list(base.index)[::-1]
    labels = [f"<b>{i}</b>" if i == project else i for i in ids]

    def dates(frame) -> list:
        return [None if d != d else str(d)[:10] for d in frame.loc[ids, "forecast_finish"]]

    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Baseline (no decision)",
            "x": dates(base),
            "y": labels,
            "marker": {
                "color": BASELINE,
                "size": 14,
                "symbol": "line-ns-open",
                "line": {"width": 3},
            },
        }
    ]
    if scenario is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Scenario",
                "x": dates(scenario),
                "y": labels,
                "marker": {"color": TASK, "size": 10},
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": {
                "text": f"Forecast finish of every project<br><sup>{html.escape(decision)}</sup>"
            },
            "height": 420,
            "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
            "legend": {"orientation": "h", "y": -0.12},
            "plot_bgcolor": "white",
            "xaxis": {"type": "date", "gridcolor": "#eeeeee"},
            "yaxis": {"gridcolor": "#eeeeee"},
        },
    }
