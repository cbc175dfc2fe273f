"""The steering-committee report as a PowerPoint deck (python-pptx), 16:9.

The content is :class:`~pmo_exercises.governance.steering.SteeringReport`'s;
this module only lays it out, one idea a slide, in the order a committee
reads it:

1. the title: company, status week and date, the portfolio in one sentence;
2. the portfolio summary: the figures of :attr:`SteeringReport.summary` as
   tiles, the watermelons by name, the policy RAG against the reported RAG
   (a native bar chart) and the portfolio S-curve (a native line chart);
3. the dashboard: every project, its RAG cells in their colours;
4. the exceptions, each with its evidence;
5. the decisions needed, with their options and evidence;
6. the top open risks;
7. the capacity picture: the roles booked beyond capacity (the decisions
   that say so) and, given a :class:`~.capacity.CapacityPicture`, each such
   role's coming weeks, booked against capacity (native line charts).

A table longer than a slide continues on the next ("Exceptions (2/3)"), the
header repeated; no text runs off a slide (:mod:`.slides`). The charts are
native: they stay editable in PowerPoint and LibreOffice Impress.

::

    from pmo_exercises.reporting import capacity_picture, steering_report, write_steering_deck

    report = steering_report(p)
    write_steering_deck(report, "steering.pptx", capacity=capacity_picture(p, report))
"""

from __future__ import annotations

from pathlib import Path

from . import shown
from .slide_charts import bar_chart, line_chart
from .slides import BODY, GREY, HEIGHT_PT, INK, MARGIN_PT, WIDTH_PT, Column, Deck
from .textfit import fits

__all__ = ["steering_deck", "write_steering_deck"]

_DASHBOARD = [
    Column("project", 0.8),
    Column("name", 3.0),
    Column("stage", 1.1),
    *[Column(t, 0.95, kind="rag") for t in ("schedule", "cost", "risk", "overall", "reported")],
    Column("SPI", 0.6, "right"),
    Column("CPI", 0.6, "right"),
    Column("BAC", 1.05, "right"),
    Column("EAC", 1.05, "right"),
    Column("EAC vs BAC", 1.0, "right"),
    Column("slip (days)", 0.8, "right"),
    Column("trend", 1.1),
]
_EXCEPTIONS = [
    Column("project", 0.8),
    Column("name", 2.4),
    Column("exception", 1.6),
    Column("severity", 0.9),
    Column("evidence", 6.6),
]
_DECISIONS = [
    Column("#", 0.4, "right"),
    Column("decision", 4.2),
    Column("options", 2.8),
    Column("evidence", 5.0),
]
_RISKS = [
    Column("risk", 1.0),
    Column("project", 0.8),
    Column("title", 3.0),
    Column("probability", 1.0, "right"),
    Column("cost impact", 1.1, "right"),
    Column("schedule (days)", 1.1, "right"),
    Column("exposure", 1.0, "right"),
    Column("owner", 1.7),
    Column("response", 1.1),
]
_ROLES = [Column("role", 0.8), Column("decision", 4.6), Column("evidence", 6.6)]


def steering_deck(report, capacity=None):
    """The steering-committee report as a python-pptx presentation.

    Parameters
    ----------
    report : SteeringReport
        From :func:`~pmo_exercises.reporting.steering_report`.
    capacity : CapacityPicture, optional
        From :func:`~pmo_exercises.reporting.capacity_picture`: draws each
        over-booked role's coming weeks. Without it the capacity slide lists
        the over-booked roles' decisions alone.

    Returns
    -------
    pptx.presentation.Presentation
        Save it with ``.save(path)``.
    """
    from ..charts.style import RAG_COLOURS

    when = f"status week {report.week} ({shown.day(report.status_date)})"
    deck = Deck(f"{report.company} · steering committee · {when}", RAG_COLOURS)
    _title(deck, report)
    _summary(deck, report)
    deck.table("Portfolio dashboard", _DASHBOARD, _dashboard_rows(report), size=10.0)
    deck.table(
        "Exceptions",
        _EXCEPTIONS,
        [
            [e.project_id, e.name, e.kind.replace("_", " "), e.severity, e.evidence]
            for e in report.exceptions.itertuples(index=False)
        ],
        empty="No exceptions this week.",
    )
    deck.table(
        "Decisions needed",
        _DECISIONS,
        [
            [str(i), d.decision, d.options, d.evidence]
            for i, d in enumerate(report.decisions.itertuples(index=False), start=1)
        ],
        empty="No decision is needed this week.",
    )
    deck.table("Top open risks (expected loss)", _RISKS, _risk_rows(report), empty="No open risk.")
    _capacity(deck, report, capacity)
    return deck.finish()


def write_steering_deck(report, path, capacity=None) -> Path:
    """Write :func:`steering_deck` to ``path`` (``.pptx``) and return the path."""
    path = Path(path)
    steering_deck(report, capacity=capacity).save(path)
    return path


def _title(deck: Deck, report) -> None:
    s = report.summary
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[6])
    width = WIDTH_PT - 2 * MARGIN_PT
    deck.text(slide, report.company, (MARGIN_PT, 120.0, width, 70.0), size=40.0, bold=True)
    deck.rule(slide, 196.0)
    deck.text(slide, "Steering committee report", (MARGIN_PT, 206.0, width, 40.0), size=26.0)
    deck.text(
        slide,
        f"Status week {report.week}, {shown.day(report.status_date)}",
        (MARGIN_PT, 250.0, width, 32.0),
        size=20.0,
    )
    rag, reported = s["rag"], s["reported_rag"]
    deck.text(
        slide,
        f"{s['projects']} projects: {rag['red']} red, {rag['amber']} amber, {rag['green']} "
        f"green by the PMO policy (reported: {reported['red']} red, {reported['amber']} "
        f"amber, {reported['green']} green); {s['watermelons']} watermelon"
        f"{'' if s['watermelons'] == 1 else 's'}; {s['exceptions']} exceptions; "
        f"{s['decisions']} decisions needed.",
        (MARGIN_PT, 310.0, width, 70.0),
        size=18.0,
    )
    deck.text(
        slide,
        f"RAG computed from the data under the PMO policy; amounts in {report.currency}.",
        (MARGIN_PT, HEIGHT_PT - 80.0, width, 24.0),
        size=12.0,
        colour=GREY,
    )


def _summary(deck: Deck, report) -> None:
    s = report.summary
    slide = deck.slide("Portfolio summary")
    rag, reported = s["rag"], s["reported_rag"]
    tiles = [
        (str(s["projects"]), f"projects ({s['active']} active)"),
        (f"{rag['red']} / {rag['amber']} / {rag['green']}", "red / amber / green (policy)"),
        (
            f"{reported['red']} / {reported['amber']} / {reported['green']}",
            "red / amber / green (reported)",
        ),
        (str(s["watermelons"]), "watermelon projects"),
        (shown.money(s["bac"]), f"budget at completion ({report.currency})"),
        (shown.money(s["eac"]), f"estimate at completion ({report.currency})"),
        (shown.index(s["spi"]), "portfolio SPI"),
        (shown.index(s["cpi"]), "portfolio CPI"),
        (str(s["findings"]), f"policy findings ({s['high_findings']} high)"),
        (str(s["decisions"]), "decisions needed"),
    ]
    x0, y0, width, _ = BODY
    deck.tiles(slide, tiles, BODY)
    melons = report.dashboard[report.dashboard["watermelon"].astype(bool)]
    named = "; ".join(
        f"{d.project_id} {d.name} (reported {shown.text(d.reported_rag, 'nothing')}, policy "
        f"{shown.text(d.overall_rag, 'n/a')})"
        for d in melons.itertuples(index=False)
    )
    line = (x0, y0 + 130.0, width, 34.0)
    said = f"Watermelons: {named}."
    if not fits(said, width - 8.0, 30.0, 10.0, bold=True):  # too many to name: their ids
        ids = ", ".join(melons["project_id"].astype(str))
        said = f"Watermelons ({s['watermelons']}): {ids}; named in the dashboard."
    if not named:
        said = "No watermelon: no project reports better than the policy's red."
    deck.text(slide, said, line, size=13.0, bold=bool(named), min_size=10.0)
    top = y0 + 170.0
    room = BODY[1] + BODY[3] - top
    left = 330.0
    deck.text(slide, "RAG: by the PMO policy, as reported", (x0, top, left, 20.0), size=12.0)
    categories = ["reported", "policy"]  # drawn bottom up: policy on top
    series = [(c, [reported[c], rag[c]], deck.rag[c]) for c in ("red", "amber", "green")]
    if rag["undefined"]:
        series.append(("n/a", [None, rag["undefined"]], deck.rag["grey"]))
    bar_chart(
        slide,
        (x0, top + 22.0, left, room - 22.0),
        categories,
        series,
        maximum=s["projects"],
        label_colours=["FFFFFF", INK, "FFFFFF", "FFFFFF"][: len(series)],
    )
    x1 = x0 + left + 20.0
    history = report.history
    deck.text(
        slide,
        f"Portfolio S-curve to week {report.week}: cumulative {report.currency}",
        (x1, top, width - left - 20.0, 20.0),
        size=12.0,
    )
    from ..charts.style import ACTUAL, EARNED, PLANNED

    line_chart(
        slide,
        (x1, top + 22.0, width - left - 20.0, room - 22.0),
        [str(int(w)) for w in history["week"]],
        [
            ("PV (planned value)", history["pv"].tolist(), PLANNED),
            ("EV (earned value)", history["ev"].tolist(), EARNED),
            ("AC (actual cost)", history["ac"].tolist(), ACTUAL),
        ],
        axes=("status week", None),
    )


def _dashboard_rows(report) -> list[list]:
    slip = report.slip.set_index("project_id")["finish_slip_days"]
    rows = []
    for d in report.dashboard.itertuples(index=False):
        name = f"{d.name} (watermelon)" if d.watermelon else str(d.name)
        stage = d.stage if d.state == "active" else f"{d.stage} ({d.state})"
        rows.append(
            [
                d.project_id,
                name,
                stage,
                *[
                    shown.text(getattr(d, f"{k}_rag")) or None
                    for k in ("schedule", "cost", "risk", "overall", "reported")
                ],
                shown.index(d.spi),
                shown.index(d.cpi),
                shown.money(d.bac),
                shown.money(d.eac),
                shown.pct(d.eac_vs_bac_pct),
                shown.days(slip.get(d.project_id)),
                shown.text(d.trend),
            ]
        )
    return rows


def _risk_rows(report) -> list[list]:
    return [
        [
            k.risk_id,
            k.project_id,
            k.title,
            shown.index(k.probability),
            shown.money(k.cost_impact),
            shown.number(k.schedule_impact_days),
            shown.money(k.exposure),
            shown.text(k.owner, "none"),
            shown.text(k.response, "none"),
        ]
        for k in report.risks.itertuples(index=False)
    ]


def _capacity(deck: Deck, report, capacity) -> None:
    roles = report.decisions[report.decisions["rule"] == "overbooked_role"]
    deck.table(
        "Capacity: roles booked beyond capacity",
        _ROLES,
        [[r.subject, r.decision, r.evidence] for r in roles.itertuples(index=False)],
        empty="No role is booked beyond its capacity in the coming weeks.",
    )
    if capacity is None or not len(roles):
        return
    asked = dict(zip(roles["subject"].astype(str), roles["decision"], strict=True))
    drawn = set(capacity.overbooked_roles)
    over = [r for r in asked if r in drawn]  # in the order of the decisions
    per_slide = 4
    pages = [over[i : i + per_slide] for i in range(0, len(over), per_slide)]
    x0, y0, width, height = BODY
    w, h = (width - 20.0) / 2, (height - 12.0) / 2
    for number, page in enumerate(pages, start=1):
        title = "Capacity: person-days booked a week, against capacity"
        slide = deck.slide(title if len(pages) == 1 else f"{title} ({number}/{len(pages)})")
        for k, role in enumerate(page):
            x, y = x0 + (k % 2) * (w + 20.0), y0 + (k // 2) * (h + 12.0)
            rows = capacity.loading[capacity.loading["role_id"] == role]
            deck.text(slide, asked[role], (x, y, w, 34.0), size=11.0, bold=True)
            line_chart(
                slide,
                (x, y + 34.0, w, h - 34.0),
                [str(int(v)) for v in rows["week"]],
                [
                    ("booked", rows["demand_days"].tolist(), "#3b6fb6"),
                    ("capacity", rows["capacity_days"].tolist(), "dash:" + deck.rag["red"]),
                ],
                number_format="0",
                axes=("status week", "person-days"),
            )
