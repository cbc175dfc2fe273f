"""The tables of a portfolio: their columns, types, units and meaning.

A portfolio is a handful of tidy tables linked by string identifiers. This
module is their single source of truth: validation, I/O, the generator and the
documentation all read it. :func:`~pmo_exercises.core.describe.describe`
(``pmo.describe("tasks")``) shows one table's schema as a DataFrame, which is how
a trainee should meet a new table, and ``pmo.describe(tables=True)`` which tables
a portfolio must have, and what an empty or absent one means.

Conventions
-----------
* Identifiers are strings (``"P03"``, ``"P03-T07"``, ``"R-P03-02"``).
* Durations, lags and schedule impacts are in **working days** (a five-day week).
* Money is in the portfolio's one currency (``portfolio.meta["currency"]``).
* Percent complete is in **percent**, 0 to 100. Probabilities are **fractions**,
  0 to 1: a PMO that mixes the two reports nonsense.
* Dates are calendar dates (``datetime64``); a finish date is the last working
  day of the work, inclusive.
* Week ``w`` of the status history ends on the Friday of the ``w``-th week after
  ``meta["start_date"]`` (a Monday); weeks count from 1.
* Working days are Monday to Friday, less the days of the ``holidays`` table.
* The tables of :data:`OPTIONAL_TABLES` are those a real PMO may not have (yet):
  they may be empty, and a folder or workbook may leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

__all__ = [
    "ARTEFACTS",
    "DAYS_PER_WEEK",
    "LINK_TYPES",
    "OPTIONAL_TABLES",
    "RAG",
    "STAGES",
    "TABLES",
    "Column",
    "Table",
]

#: Working days in a week: the simulation, the status weeks and the analytics all use it.
DAYS_PER_WEEK = 5
#: The four precedence relations of the precedence diagramming method.
LINK_TYPES = ("FS", "SS", "FF", "SF")
#: Lifecycle stages, in order. A project passes a gate to enter the next one.
STAGES = ("initiation", "planning", "execution", "closing")
#: Red-amber-green, from best to worst.
RAG = ("green", "amber", "red")
#: Governance artefacts a project may have to produce.
ARTEFACTS = (
    "business_case",
    "charter",
    "schedule_baseline",
    "risk_register",
    "sponsor_signoff",
    "closure_report",
)
PROJECT_KINDS = (
    "digital",
    "infrastructure",
    "product",
    "regulatory",
    "process",
    "market",
)
PROJECT_STATES = ("active", "paused", "cancelled", "completed")
RISK_CATEGORIES = ("technical", "resource", "supplier", "regulatory", "financial", "scope")
RISK_RESPONSES = ("avoid", "mitigate", "transfer", "accept")
RISK_STATES = ("open", "occurred", "closed")
OPPORTUNITY_STATES = ("open", "realised", "closed")
ARTEFACT_STATES = ("approved", "draft", "missing")
EVENT_KINDS = ("risk", "opportunity")


@dataclass(frozen=True)
class Column:
    """One column of a portfolio table.

    Parameters
    ----------
    name : str
        The column name.
    kind : {"str", "int", "float", "date"}
        The logical type. ``str`` columns hold Python strings, ``int`` columns
        ``int64``, ``float`` columns ``float64`` and ``date`` columns
        ``datetime64``.
    unit : str
        The unit (``"working days"``, ``"currency"``, ``"percent"``,
        ``"fraction"``, ``"id"``, ...), or ``""`` for free text.
    meaning : str
        What the value means, for a PMO analyst.
    nullable : bool
        Whether a value may be missing.
    choices : tuple of str
        The allowed values of a categorical ``str`` column; empty if any.
    low, high : float or None
        Inclusive bounds of a numeric column.
    references : str or None
        ``"table.column"`` that every non-missing value must exist in.
    """

    name: str
    kind: str
    unit: str
    meaning: str
    nullable: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    references: str | None = None


@dataclass(frozen=True)
class Table:
    """One table of a portfolio: its columns, its key and its meaning.

    Parameters
    ----------
    name, meaning : str
        The table's name and what it holds.
    key : tuple of str
        The columns whose values identify a row.
    columns : tuple of Column
        The columns, in order.
    may_be_empty : bool
        Whether the table may hold no row at all.
    optional : bool
        Whether the table may be absent from a folder or workbook (it is then
        read as empty). An optional table may always be empty.
    if_empty : str
        What an empty (or absent) table means to the analytics, for a PMO.
    """

    name: str
    meaning: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    may_be_empty: bool = False
    optional: bool = False
    if_empty: str = ""
    _by_name: dict[str, Column] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.columns]

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]


def _id(name: str, meaning: str, references: str | None = None, nullable: bool = False) -> Column:
    return Column(name, "str", "id", meaning, nullable=nullable, references=references)


def _text(name: str, meaning: str, nullable: bool = False) -> Column:
    return Column(name, "str", "", meaning, nullable=nullable)


def _choice(name: str, choices: tuple[str, ...], meaning: str, nullable: bool = False) -> Column:
    return Column(name, "str", "category", meaning, nullable=nullable, choices=choices)


def _money(name: str, meaning: str) -> Column:
    return Column(name, "float", "currency", meaning, low=0.0)


def _days(name: str, meaning: str, low: float | None = 0.0) -> Column:
    return Column(name, "float", "working days", meaning, low=low)


def _pct(name: str, meaning: str) -> Column:
    return Column(name, "float", "percent", meaning, low=0.0, high=100.0)


def _prob(name: str, meaning: str) -> Column:
    return Column(name, "float", "fraction", meaning, low=0.0, high=1.0)


def _date(name: str, meaning: str, nullable: bool = False) -> Column:
    return Column(name, "date", "date", meaning, nullable=nullable)


_TABLE_LIST = [
    Table(
        "objectives",
        "The company's strategic objectives, each with its weight in portfolio decisions.",
        ("objective_id",),
        (
            _id("objective_id", "Identifier of the objective."),
            _text("name", "Short name of the objective."),
            _prob("weight", "Relative weight of the objective; the weights sum to 1."),
            _text("description", "What the objective means for the company."),
        ),
    ),
    Table(
        "roles",
        "Shared resource pools: people of one role, shared by every project.",
        ("role_id",),
        (
            _id("role_id", "Identifier of the role."),
            _text("name", "Name of the role."),
            Column("headcount", "int", "people", "People in the pool.", low=0),
            _days(
                "capacity_days_per_week",
                "Person-days the pool can give to projects each week, all projects together.",
            ),
            _money("day_rate", "Cost of one person-day of this role."),
        ),
    ),
    Table(
        "projects",
        "One row per project of the portfolio, with its business case and plan.",
        ("project_id",),
        (
            _id("project_id", "Identifier of the project."),
            _text("name", "Name of the project."),
            _choice("kind", PROJECT_KINDS, "Kind of project."),
            _text("sponsor", "The executive who owns the business case."),
            _text("manager", "The project manager."),
            _id(
                "objective_id",
                "The strategic objective the project mainly serves; missing when it serves none.",
                references="objectives.objective_id",
                nullable=True,
            ),
            _money(
                "business_value", "Expected benefits over the project's life (net present value)."
            ),
            _money("bac", "Budget at completion: the sum of the tasks' planned cost."),
            _date("planned_start", "Baseline start date."),
            _date("planned_finish", "Baseline finish date (last working day)."),
            _choice("stage", STAGES, "Lifecycle stage at the status date."),
            Column(
                "priority", "int", "rank", "Priority, 1 (highest) to 5 (lowest).", low=1, high=5
            ),
            _choice("reported_rag", RAG, "RAG the project manager reported last."),
            _choice(
                "state", PROJECT_STATES, "Whether the project runs, is paused, cancelled or done."
            ),
        ),
    ),
    Table(
        "alignment",
        "How much each project contributes to each strategic objective (a scoring matrix).",
        ("project_id", "objective_id"),
        (
            _id("project_id", "The project.", references="projects.project_id"),
            _id("objective_id", "The objective.", references="objectives.objective_id"),
            Column("score", "int", "score 0-5", "Contribution: 0 none, 5 decisive.", low=0, high=5),
        ),
    ),
    Table(
        "tasks",
        "The activities of every project, with three-point estimates and a baseline.",
        ("task_id",),
        (
            _id("task_id", "Identifier of the task, unique across the portfolio."),
            _id("project_id", "The project the task belongs to.", references="projects.project_id"),
            _text("name", "Name of the task."),
            _id("role_id", "The role that leads the work.", references="roles.role_id"),
            _days("optimistic_days", "Optimistic duration estimate."),
            _days("most_likely_days", "Most likely duration estimate."),
            _days("pessimistic_days", "Pessimistic duration estimate."),
            _days("duration_days", "Planned (baseline) duration; 0 for a milestone."),
            _money("planned_cost", "Planned cost of the task (its share of the BAC)."),
            _date("baseline_start", "Baseline start date."),
            _date("baseline_finish", "Baseline finish date (last working day)."),
        ),
    ),
    Table(
        "dependencies",
        "Precedence links between tasks (precedence diagramming method).",
        ("predecessor", "successor"),
        (
            _id("predecessor", "The task that constrains.", references="tasks.task_id"),
            _id("successor", "The task that is constrained.", references="tasks.task_id"),
            _choice(
                "type",
                LINK_TYPES,
                "FS finish-to-start, SS start-to-start, FF finish-to-finish, SF start-to-finish.",
            ),
            _days("lag_days", "Lag after the constraining date; negative is a lead.", low=None),
        ),
    ),
    Table(
        "assignments",
        "Which roles work on which task, and how many people (FTE) they put on it.",
        ("task_id", "role_id"),
        (
            _id("task_id", "The task.", references="tasks.task_id"),
            _id("role_id", "The role.", references="roles.role_id"),
            Column("fte", "float", "people", "Full-time people of the role on the task.", low=0.0),
        ),
    ),
    Table(
        "risks",
        "The risk register: threats, with their assessed probability and impact.",
        ("risk_id",),
        (
            _id("risk_id", "Identifier of the risk."),
            _id("project_id", "The project exposed.", references="projects.project_id"),
            _id("task_id", "The task the risk would hit.", references="tasks.task_id"),
            _text("title", "What could happen."),
            _choice("category", RISK_CATEGORIES, "Risk category."),
            _prob("probability", "Probability that the risk occurs (a fraction, not a percent)."),
            _money("cost_impact", "Extra cost if it occurs."),
            _days("schedule_impact_days", "Extra work on the linked task if it occurs."),
            _text("owner", "Who manages the risk; missing when nobody does.", nullable=True),
            _choice(
                "response", RISK_RESPONSES, "Planned response; missing when none.", nullable=True
            ),
            _money("response_cost", "Cost of the planned response."),
            _choice("state", RISK_STATES, "Open, occurred (it happened) or closed."),
            _date("identified_on", "When the risk was logged."),
        ),
        may_be_empty=True,
    ),
    Table(
        "opportunities",
        "The opportunity register: uncertain events that would help.",
        ("opportunity_id",),
        (
            _id("opportunity_id", "Identifier of the opportunity."),
            _id("project_id", "The project that would benefit.", references="projects.project_id"),
            _id("task_id", "The task it would help.", references="tasks.task_id"),
            _text("title", "What could happen."),
            _prob("probability", "Probability that it happens (a fraction)."),
            _money("cost_saving", "Cost saved if it happens."),
            _days("schedule_gain_days", "Work saved on the linked task if it happens."),
            _text("owner", "Who pursues it; missing when nobody does.", nullable=True),
            _choice("state", OPPORTUNITY_STATES, "Open, realised or closed."),
            _date("identified_on", "When the opportunity was logged."),
        ),
        may_be_empty=True,
    ),
    Table(
        "artefacts",
        "Governance artefacts per project, as the stage gates require them.",
        ("project_id", "artefact"),
        (
            _id("project_id", "The project.", references="projects.project_id"),
            _choice("artefact", ARTEFACTS, "The artefact."),
            _choice("state", ARTEFACT_STATES, "Approved, still a draft, or missing."),
            _date("approved_on", "Approval date; missing unless approved.", nullable=True),
        ),
        may_be_empty=True,
    ),
    Table(
        "task_status",
        "Weekly status history per task: what really happened and what was reported.",
        ("week", "task_id"),
        (
            Column("week", "int", "week", "Week number of the status, from 1.", low=1),
            _date("status_date", "The Friday the status describes."),
            _id("task_id", "The task.", references="tasks.task_id"),
            _id("project_id", "The task's project.", references="projects.project_id"),
            _pct("pct_complete_actual", "Real physical progress (what an audit would find)."),
            _pct("pct_complete_reported", "Progress the project manager reported."),
            _money("actual_cost", "Cumulative actual cost to date (AC)."),
            _date("actual_start", "When the work really started; missing if not started.", True),
            _date("actual_finish", "When the work really finished; missing if not finished.", True),
        ),
        may_be_empty=True,
    ),
    Table(
        "project_status",
        "Weekly status history per project, as the PMO receives it.",
        ("week", "project_id"),
        (
            Column("week", "int", "week", "Week number of the status, from 1.", low=1),
            _date("status_date", "The Friday the status describes."),
            _id("project_id", "The project.", references="projects.project_id"),
            _pct("pct_complete_actual", "Real progress, weighted by planned cost (EV / BAC)."),
            _pct("pct_complete_reported", "Progress as reported, weighted by planned cost."),
            _money("actual_cost", "Cumulative actual cost to date (AC)."),
            _choice("reported_rag", RAG, "RAG the project manager reported."),
            _date("last_update", "When the project manager last updated the report."),
        ),
        may_be_empty=True,
    ),
    Table(
        "events",
        "Risks that occurred and opportunities that were realised, as the simulation ran.",
        ("source_id",),
        (
            Column("week", "int", "week", "Week in which the event happened.", low=1),
            _date("date", "The working day it happened."),
            _id("project_id", "The project hit.", references="projects.project_id"),
            _id("task_id", "The task hit.", references="tasks.task_id"),
            _id("source_id", "The risk_id or opportunity_id."),
            _choice("kind", EVENT_KINDS, "A risk that occurred or an opportunity realised."),
            Column("cost_impact", "float", "currency", "Cost added (negative: saved)."),
            Column(
                "schedule_impact_days", "float", "working days", "Work added (negative: saved)."
            ),
        ),
        may_be_empty=True,
    ),
    Table(
        "drivers",
        "The simulation's hidden ground truth per project: how it really performs and how "
        "its manager reports. A real PMO never sees this table; coaches and the simulator do.",
        ("project_id",),
        (
            _id("project_id", "The project.", references="projects.project_id"),
            Column(
                "duration_factor",
                "float",
                "ratio",
                "Real work over estimate (1.2: 20% longer).",
                low=0.1,
            ),
            Column(
                "cost_factor", "float", "ratio", "Real cost per unit of work over plan.", low=0.1
            ),
            Column(
                "progress_optimism",
                "float",
                "exponent",
                "0: reports progress honestly; higher: the '90% done' syndrome.",
                low=0.0,
            ),
            Column(
                "rag_optimism",
                "int",
                "steps",
                "How many RAG steps the manager softens the truth by (0 to 2).",
                low=0,
                high=2,
            ),
            Column("report_every_weeks", "int", "weeks", "Reporting cadence.", low=1),
            Column(
                "last_report_week",
                "int",
                "week",
                "Last week the manager reports; later statuses go stale.",
                low=0,
            ),
            Column(
                "gate_discipline",
                "int",
                "flag",
                "1: the gate artefacts are approved before execution starts; 0: they are not.",
                low=0,
                high=1,
            ),
        ),
    ),
]

_TABLE_LIST.append(
    Table(
        "holidays",
        "Days off besides weekends (public holidays, company closures): the working calendar.",
        ("date",),
        (
            _date("date", "A day nobody works, in every project."),
            _text("name", "What the day is (Easter Monday, a plant closure...).", nullable=True),
        ),
    )
)

#: What an empty or absent table means, for each table a real PMO may not have (yet).
#: These tables may be empty, and a folder or workbook may leave them out.
OPTIONAL_TABLES = {
    "objectives": "No strategic objectives are set: projects serve none (their objective_id "
    "is missing), the strategic scores are 0 and the ranking rests on the other criteria.",
    "alignment": "No scoring matrix: every project contributes 0 to every objective.",
    "assignments": "No one is assigned to tasks: the resource loading and the capacity plan "
    "show the pools' capacity and no demand.",
    "risks": "No risk is logged: no exposure, no risk RAG above green, no risk finding.",
    "opportunities": "No opportunity is logged.",
    "artefacts": "No governance artefact is on record: every artefact a gate requires counts "
    "as missing ('no record').",
    "task_status": "No task status yet: nothing is earned or spent (EV = AC = 0).",
    "project_status": "No project status received: no reported RAG or percent complete, and "
    "every active project's status counts as never updated.",
    "events": "No risk has occurred and no opportunity was realised yet (a normal state).",
    "drivers": "No simulation truth: a real portfolio. Only the simulator and the coach's "
    "tools read this table.",
    "holidays": "No holiday: Monday to Friday are all working days.",
}

#: Every table of a portfolio, by name, in a stable order.
TABLES: dict[str, Table] = {
    t.name: (
        replace(t, may_be_empty=True, optional=True, if_empty=OPTIONAL_TABLES[t.name])
        if t.name in OPTIONAL_TABLES
        else t
    )
    for t in _TABLE_LIST
}
