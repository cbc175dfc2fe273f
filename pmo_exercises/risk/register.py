"""Scoring a risk register: probability x impact, zones and the PI matrix.

Each risk gets a probability score and an impact score on a scale of 1 to
``n`` (5 by default), their product as its score, and a zone (low, medium,
high) read from a zone matrix.

Default scales (the kit's choice; the PMBOK Guide, 5th ed., §11.1 and
6th ed., §11.1, show definitions of this kind, to be set per organisation in
the risk management plan):

======  ==================  ==============================================
score   probability          impact: cost / budget, or days / duration
======  ==================  ==============================================
1       up to 10%           up to 0.5%
2       over 10%, to 30%    over 0.5%, to 1%
3       over 30%, to 50%    over 1%, to 2.5%
4       over 50%, to 70%    over 2.5%, to 5%
5       over 70%            over 5%
======  ==================  ==============================================

A band's upper threshold belongs to it (10% scores 1, 10.1% scores 2). The
impact score is the worse of the cost score and the schedule score. The
impact bands are for one risk on one project: a single event costing over 5%
of the budget (or adding over 5% of the duration) is very high.

Zones, by default, from the score: low up to 4, medium up to 12, high above
(on a 5 x 5 matrix: 1-4, 5-12, 15-25). Any matrix can be given instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.coerce import show
from ..core.errors import PortfolioError

__all__ = [
    "COST_BANDS",
    "PROBABILITY_BANDS",
    "SCHEDULE_BANDS",
    "ZONES",
    "band_score",
    "pi_matrix",
    "score_portfolio_risks",
    "score_register",
    "zone_matrix",
]

#: Upper thresholds of probability scores 1..4 (fractions); above the last: 5.
PROBABILITY_BANDS = (0.10, 0.30, 0.50, 0.70)
#: Upper thresholds of cost impact scores 1..4, as fractions of the budget.
COST_BANDS = (0.005, 0.01, 0.025, 0.05)
#: Upper thresholds of schedule impact scores 1..4, as fractions of the duration.
SCHEDULE_BANDS = (0.005, 0.01, 0.025, 0.05)
#: The zones, from the lowest.
ZONES = ("low", "medium", "high")

_HINT = "a probability is a fraction: 35% is 0.35"


def band_score(values, bands) -> np.ndarray:
    """The score (1 to ``len(bands) + 1``) of each value.

    1 + the number of thresholds it exceeds.

    Examples
    --------
    >>> band_score([0.05, 0.10, 0.35, 0.9], PROBABILITY_BANDS).tolist()
    [1, 1, 3, 5]
    """
    bands = np.asarray(bands, dtype=float)
    if bands.ndim != 1 or bands.size == 0 or np.any(np.diff(bands) <= 0):
        raise ValueError(f"bands must be increasing thresholds, not {list(bands)}")
    return np.searchsorted(bands, np.asarray(values, dtype=float), side="left") + 1


def zone_matrix(scale: int = 5, thresholds=(4, 12)) -> pd.DataFrame:
    """The zone of every cell of a ``scale x scale`` matrix, from the score.

    Parameters
    ----------
    scale : int
        Scores run from 1 to ``scale``.
    thresholds : (float, float)
        The highest score that is low, and the highest that is medium.

    Returns
    -------
    pandas.DataFrame
        Index ``probability_score`` (``scale`` down to 1, as drawn), columns
        ``impact_score`` (1 to ``scale``), values "low", "medium", "high".
        Edit a copy to give any other matrix to :func:`score_register`.
    """
    p = np.arange(scale, 0, -1)[:, None]
    i = np.arange(1, scale + 1)[None, :]
    zone = np.array(ZONES, dtype=object)[np.searchsorted(thresholds, p * i, side="left")]
    return pd.DataFrame(
        zone,
        index=pd.Index(p[:, 0], name="probability_score"),
        columns=pd.Index(i[0], name="impact_score"),
    )


def _column(risks, *names):
    return next((n for n in names if n in risks.columns), None)


def _per_risk(value, risks: pd.DataFrame, what: str) -> np.ndarray:
    """A budget or duration: one number, or a Series by project_id."""
    if isinstance(value, pd.Series):
        if "project_id" not in risks.columns:
            raise PortfolioError("risks", f"missing column 'project_id' to look up the {what}")
        out = risks["project_id"].map(value)
        if out.isna().any():
            row = int(np.flatnonzero(out.isna().to_numpy())[0])
            raise PortfolioError(
                "risks",
                f"no {what} given for project '{risks['project_id'].iat[row]}'",
                row=row,
                column="project_id",
            )
        values = out.to_numpy(dtype=float)
    else:
        values = np.full(len(risks), float(value))
    if np.any(values <= 0):
        raise ValueError(f"the {what} must be positive, not {values[values <= 0][0]:g}")
    return values


def _numbers(risks, column, key, *, high=None):
    values = pd.to_numeric(risks[column], errors="coerce")
    bad = values.isna() | (values < 0)
    if high is not None:
        bad |= values > high
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raw = risks[column].iloc[row]
        what = (
            f"{show(raw)} is not a fraction in [0, 1]; {_HINT}"
            if high is not None
            else f"{show(raw)} is not an impact >= 0 (the register holds the extra cost or "
            "days if the risk occurs)"
        )
        where = f"risk_id '{risks[key].iat[row]}'" if key else None
        raise PortfolioError("risks", what, row=row, key=where, column=column)
    return values.to_numpy(dtype=float)


def score_register(
    risks: pd.DataFrame,
    budget=None,
    duration=None,
    *,
    probability_bands=PROBABILITY_BANDS,
    cost_bands=COST_BANDS,
    schedule_bands=SCHEDULE_BANDS,
    zones: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score every risk of a register: probability, impact, score and zone.

    Parameters
    ----------
    risks : pandas.DataFrame
        ``probability`` (a fraction) and ``cost_impact`` and/or
        ``schedule_impact_days`` (or ``schedule_impact``), as in the
        portfolio's ``risks`` table. Other columns are kept.
    budget : float or pandas.Series, optional
        What cost impacts are measured against: one budget, or a Series by
        ``project_id`` (``projects.set_index("project_id")["bac"]``).
        Required with ``cost_impact``.
    duration : float or pandas.Series, optional
        Likewise for schedule impacts, in working days.
    probability_bands, cost_bands, schedule_bands : sequence of float
        Upper thresholds of the scores (see :func:`band_score`); the scale
        runs to ``len(bands) + 1``. All three must give the same scale.
    zones : pandas.DataFrame, optional
        The zone matrix (see :func:`zone_matrix`, the default).

    Returns
    -------
    pandas.DataFrame
        A copy of ``risks`` with ``probability_score``, ``cost_score``,
        ``schedule_score`` (when the impact is given), ``impact_score`` (the
        worse of the two), ``score`` (probability x impact score) and
        ``zone``, sorted by score, highest first.

    Raises
    ------
    PortfolioError
        On a missing column, a probability outside [0, 1] (given in
        percent), a negative impact or a project without a budget.
    """
    key = "risk_id" if "risk_id" in risks.columns else None
    if "probability" not in risks.columns:
        raise PortfolioError("risks", "missing column 'probability'")
    cost_col = _column(risks, "cost_impact")
    days_col = _column(risks, "schedule_impact_days", "schedule_impact")
    if cost_col is None and days_col is None:
        raise PortfolioError(
            "risks", "missing columns: expected 'cost_impact' and/or 'schedule_impact_days'"
        )
    scale = len(probability_bands) + 1
    if len(cost_bands) + 1 != scale or len(schedule_bands) + 1 != scale:
        raise ValueError("probability, cost and schedule bands must give the same scale")
    if zones is None:
        zones = zone_matrix(scale)
    missing = sorted(
        set(range(1, scale + 1)) - set(zones.index) | set(range(1, scale + 1)) - set(zones.columns)
    )
    if missing:
        raise ValueError(f"the zone matrix lacks score {missing[0]} (it needs 1 to {scale})")
    out = risks.copy()
    out["probability_score"] = band_score(
        _numbers(risks, "probability", key, high=1.0), probability_bands
    )
    impact = np.ones(len(risks), dtype=np.int64)
    for column, reference, bands, name, what in (
        (cost_col, budget, cost_bands, "cost_score", "budget"),
        (days_col, duration, schedule_bands, "schedule_score", "duration"),
    ):
        if column is None:
            continue
        if reference is None:
            raise ValueError(f"give the {what} that '{column}' is measured against")
        share = _numbers(risks, column, key) / _per_risk(reference, risks, what)
        out[name] = band_score(share, bands)
        impact = np.maximum(impact, out[name].to_numpy())
    out["impact_score"] = impact
    out["score"] = out["probability_score"] * out["impact_score"]
    stacked = zones.stack()
    cells = pd.MultiIndex.from_arrays([out["probability_score"], out["impact_score"]])
    out["zone"] = stacked.reindex(cells).to_numpy()
    return out.sort_values("score", ascending=False, kind="stable")


def pi_matrix(scored: pd.DataFrame, scale: int | None = None) -> pd.DataFrame:
    """The probability-impact matrix: how many risks fall in each cell.

    Parameters
    ----------
    scored : pandas.DataFrame
        A register scored by :func:`score_register`.
    scale : int, optional
        The number of scores (by default the highest score present, at least 5).

    Returns
    -------
    pandas.DataFrame
        Index ``probability_score`` from ``scale`` down to 1 (the top row is
        the most likely, as the matrix is drawn), columns ``impact_score``
        from 1 to ``scale``; counts of risks, 0 in empty cells.
    """
    for column in ("probability_score", "impact_score"):
        if column not in scored.columns:
            raise PortfolioError(
                "risks", f"missing column '{column}'; score the register first (score_register)"
            )
    if scale is None:
        scale = int(max(5, scored["probability_score"].max(), scored["impact_score"].max()))
    counts = pd.crosstab(scored["probability_score"], scored["impact_score"])
    return counts.reindex(
        index=pd.Index(range(scale, 0, -1), name="probability_score"),
        columns=pd.Index(range(1, scale + 1), name="impact_score"),
        fill_value=0,
    )


def score_portfolio_risks(portfolio, **options) -> pd.DataFrame:
    """:func:`score_register` on a portfolio's ``risks`` table.

    Each risk is measured against its own project's budget
    (``projects.bac``) and planned duration (the CPM span of its tasks, in
    working days).

    Parameters
    ----------
    portfolio : pmo_exercises.Portfolio
    **options
        Passed to :func:`score_register` (bands, zones).
    """
    from ..planning import critical_path

    schedule = critical_path(portfolio.tasks, portfolio.dependencies)
    project = portfolio.tasks.set_index("task_id")["project_id"].reindex(schedule.index)
    span = schedule.groupby(project.to_numpy()).agg(start=("es", "min"), finish=("ef", "max"))
    duration = span["finish"] - span["start"]
    budget = portfolio.projects.set_index("project_id")["bac"]
    return score_register(portfolio.risks, budget, duration, **options)
