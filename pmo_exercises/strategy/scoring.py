r"""Weighted scoring of projects against the strategic objectives, and its sensitivity.

A PMO ranks projects by how much they serve the strategy. The ``alignment``
table scores each project against each objective from 0 (no contribution) to
5 (decisive); each objective carries a weight. A project's strategic score is

.. math::

    s_j = 100 \sum_o w_o \, a_{jo} / 5, \qquad \sum_o w_o = 1,

so it lies between 0 (serves nothing) and 100 (decisive for every objective).
Extra criteria (value for money, risk exposure, or any column you add to the
projects table) are scaled to 0-100 across the projects and weighted on the
same scale as the objectives; every weight is normalised so that all of them
together sum to 1.

**Strategic fit is a screen, not just a score.** A project with no
``objective_id`` serves no strategic objective. It is ranked below every
project that does, whatever its incidental scores: a PMO first asks *does it
serve the strategy?* and only then *how much?*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..core.errors import PortfolioError

__all__ = ["BUILTIN_CRITERIA", "ranking_sensitivity", "score_projects"]

#: Criteria computed from the portfolio, with the direction that is better.
BUILTIN_CRITERIA = {
    "value_cost_ratio": "higher",  # business_value / bac
    "risk_exposure": "lower",  # expected cost of the open risks (probability x cost) / bac
    "priority": "lower",  # 1 is the highest priority
}

MAX_ALIGNMENT = 5.0


def _tables(source) -> dict[str, pd.DataFrame]:
    """The tables scoring needs, from a Portfolio or a mapping of tables."""
    if isinstance(source, Mapping):
        get = source.get
    else:

        def get(name, default=None):
            return getattr(source, name, default)

    out = {}
    for name in ("projects", "alignment", "objectives"):
        table = get(name)
        if table is None:
            raise PortfolioError(name, "scoring needs the projects, alignment and objectives")
        out[name] = table
    out["risks"] = get("risks")
    return out


def _objective_weights(objectives: pd.DataFrame, weights) -> pd.Series:
    ids = objectives["objective_id"].astype(str)
    if weights is None:
        w = pd.Series(objectives["weight"].to_numpy(dtype=float), index=ids)
    else:
        w = pd.Series(dict(weights), dtype=float)
        unknown = sorted(set(w.index) - set(ids))
        if unknown:
            raise PortfolioError(
                "objectives", f"weight for unknown objective {unknown[0]!r}", column="objective_id"
            )
        w = w.reindex(ids, fill_value=0.0)
    bad = w[~np.isfinite(w) | (w < 0)]
    if len(bad):
        raise ValueError(f"weight of {bad.index[0]} must be a number >= 0, not {bad.iat[0]}")
    return w


def _criteria_spec(criteria) -> pd.DataFrame:
    """Criteria as a table: ``criterion``, ``weight``, ``better``."""
    if criteria is None:
        return pd.DataFrame({"criterion": [], "weight": [], "better": []})
    if isinstance(criteria, pd.DataFrame):
        spec = criteria.copy()
        if "better" not in spec.columns:
            spec["better"] = [BUILTIN_CRITERIA.get(c, "higher") for c in spec["criterion"]]
    else:
        rows = []
        for name, item in dict(criteria).items():
            if isinstance(item, tuple | list):
                weight, better = item
            else:
                weight, better = item, BUILTIN_CRITERIA.get(name, "higher")
            rows.append({"criterion": name, "weight": weight, "better": better})
        spec = pd.DataFrame(rows, columns=["criterion", "weight", "better"])
    spec["weight"] = spec["weight"].astype(float)
    for row in spec.itertuples():
        if row.better not in ("higher", "lower"):
            raise ValueError(f"criterion {row.criterion!r}: better is 'higher' or 'lower'")
        if not np.isfinite(row.weight) or row.weight < 0:
            raise ValueError(f"criterion {row.criterion!r}: weight must be >= 0, not {row.weight}")
    return spec.reset_index(drop=True)


def _criterion_values(name: str, t: dict[str, pd.DataFrame]) -> pd.Series:
    projects = t["projects"]
    ids = projects["project_id"].astype(str).to_numpy()
    if name == "value_cost_ratio":
        bac = projects["bac"].to_numpy(dtype=float)
        value = projects["business_value"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(bac > 0, value / np.where(bac > 0, bac, 1.0), np.inf)
        return pd.Series(ratio, index=ids)
    if name == "risk_exposure":
        risks = t["risks"]
        if risks is None:
            raise PortfolioError("risks", "the risk_exposure criterion needs the risks table")
        live = risks[risks["state"] == "open"]
        expected = (live["probability"] * live["cost_impact"]).groupby(live["project_id"]).sum()
        bac = projects["bac"].to_numpy(dtype=float)
        emv = pd.Series(ids).map(expected).fillna(0.0).to_numpy()
        return pd.Series(np.where(bac > 0, emv / np.where(bac > 0, bac, 1.0), 0.0), index=ids)
    if name in projects.columns:
        return pd.Series(projects[name].to_numpy(dtype=float), index=ids)
    raise PortfolioError(
        "projects",
        f"no criterion {name!r}: use one of {', '.join(BUILTIN_CRITERIA)} or a projects column",
        column=name,
    )


def _scaled(values: pd.Series, better: str) -> pd.Series:
    """Min-max scaling to 0-100, 100 the best; equal values all score 100."""
    v = values.to_numpy(dtype=float)
    finite = np.isfinite(v)
    if not finite.any():
        return pd.Series(100.0, index=values.index)
    lo, hi = v[finite].min(), v[finite].max()
    v = np.clip(v, lo, hi)  # +inf (no cost) is as good as the best finite value
    if hi - lo <= 1e-12:
        out = np.full(len(v), 100.0)
    else:
        out = 100 * (v - lo) / (hi - lo)
        if better == "lower":
            out = 100 - out
    return pd.Series(out, index=values.index)


def score_projects(portfolio_or_tables, weights=None, criteria=None) -> pd.DataFrame:
    """Score and rank projects against the strategic objectives (and extra criteria).

    Parameters
    ----------
    portfolio_or_tables : Portfolio or mapping of str to DataFrame
        A portfolio, or a mapping with the ``projects``, ``alignment`` and
        ``objectives`` tables (and ``risks`` for the ``risk_exposure``
        criterion).
    weights : mapping of str to float, optional
        Weight per ``objective_id`` (objectives left out weigh 0). By default
        the ``weight`` column of ``objectives``.
    criteria : mapping or pandas.DataFrame, optional
        Extra criteria as data. A mapping ``{name: weight}`` or
        ``{name: (weight, "higher" | "lower")}``, or a table with
        ``criterion``, ``weight`` and optionally ``better``. A name is one of
        :data:`BUILTIN_CRITERIA` (``value_cost_ratio``: business value over
        BAC; ``risk_exposure``: expected cost of the open risks over BAC;
        ``priority``: 1 is best) or a numeric column of ``projects``. Each is
        scaled 0-100 across the projects (100 the best) and weighted on the
        same scale as the objectives.

    Returns
    -------
    pandas.DataFrame
        One row per project, best first: ``rank`` (1 is best),
        ``project_id``, ``name``, ``objective_id``, ``strategic_fit``
        (False when the project serves no objective), ``alignment_score``
        (0-100, the objectives only, with their weights renormalised),
        ``points_<objective_id>`` (each objective's share of ``score``),
        ``<criterion>_score`` (0-100) and ``score`` (0-100, all weights
        together summing to 1).

    Raises
    ------
    PortfolioError
        On a missing table, an unknown objective or criterion.
    ValueError
        On a negative weight, or when every weight given is 0.

    Notes
    -----
    Projects that serve no objective rank after all those that do; ties
    in score are broken by ``project_id``. A portfolio without objectives
    (an empty ``objectives`` table), scored without other criteria, scores
    every project 0.
    """
    t = _tables(portfolio_or_tables)
    projects, objectives = t["projects"], t["objectives"]
    w_obj = _objective_weights(objectives, weights)
    spec = _criteria_spec(criteria)
    total = float(w_obj.sum() + spec["weight"].sum())
    if total <= 0:
        if len(objectives) or (weights is not None and len(dict(weights))) or len(spec):
            raise ValueError("every weight is 0: nothing to score against")
        # no objectives set (yet) and no other criterion: every project scores 0, and
        # the ranking falls back to project_id (see describe(tables=True))
        total = 1.0

    ids = projects["project_id"].astype(str)
    matrix = (
        t["alignment"]
        .pivot_table(index="project_id", columns="objective_id", values="score", aggfunc="sum")
        .reindex(index=ids, columns=w_obj.index)
        .fillna(0.0)
        .astype(float)
    )
    too_high = matrix.to_numpy() > MAX_ALIGNMENT
    if too_high.any():
        j, o = np.argwhere(too_high)[0]
        raise PortfolioError(
            "alignment",
            f"score {matrix.iat[j, o]:g} for {ids.iat[j]} x {matrix.columns[o]} is above 5",
            column="score",
        )
    points = matrix * (100 / MAX_ALIGNMENT) * (w_obj / total)
    out = pd.DataFrame(
        {
            "project_id": ids.to_numpy(),
            "name": projects["name"].to_numpy() if "name" in projects else ids.to_numpy(),
            "objective_id": projects["objective_id"].to_numpy(),
            "strategic_fit": projects["objective_id"].notna().to_numpy(),
        }
    )
    obj_sum = float(w_obj.sum())
    out["alignment_score"] = (
        (matrix * (100 / MAX_ALIGNMENT) * (w_obj / obj_sum)).sum(axis=1).to_numpy()
        if obj_sum > 0
        else 0.0
    )
    for o in w_obj.index:
        out[f"points_{o}"] = points[o].to_numpy()
    score = points.sum(axis=1).to_numpy()
    for row in spec.itertuples():
        scaled = _scaled(_criterion_values(row.criterion, t), row.better).to_numpy()
        out[f"{row.criterion}_score"] = scaled
        score = score + scaled * row.weight / total
    out["score"] = np.clip(score, 0.0, 100.0)
    out["_key"] = out["score"].round(9)  # equal scores tie, whatever the rounding noise
    out = (
        out.sort_values(
            ["strategic_fit", "_key", "project_id"], ascending=[False, False, True], kind="stable"
        )
        .drop(columns="_key")
        .reset_index(drop=True)
    )
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def ranking_sensitivity(
    portfolio_or_tables,
    weights=None,
    criteria=None,
    changes: Sequence[float] = (-0.2, 0.2),
    top_n: int = 3,
) -> pd.DataFrame:
    """How the ranking moves when one weight at a time moves.

    Each objective's weight (and each criterion's) is multiplied by
    ``1 + change`` for every ``change`` in ``changes``; all the weights are
    renormalised to sum 1 and the projects are scored again.

    Parameters
    ----------
    portfolio_or_tables, weights, criteria
        As for :func:`score_projects`; they give the base case.
    changes : sequence of float
        Relative changes of one weight: ``(-0.2, 0.2)`` is +/- 20%; a sweep
        such as ``numpy.linspace(-0.5, 0.5, 11)`` works too. A weight never
        goes below 0.
    top_n : int
        The size of the short list whose robustness is reported.

    Returns
    -------
    pandas.DataFrame
        One row per project, in base-rank order: ``project_id``,
        ``base_rank``, one column per scenario named like
        ``"OBJ-GROW +20%"`` holding the project's rank in it, then
        ``best_rank``, ``worst_rank``, ``max_shift`` (the largest move away
        from the base rank, in places) and ``robust_top_n`` (True when the
        project is in the top ``top_n`` in the base case and every
        scenario).
    """
    t = _tables(portfolio_or_tables)
    w_obj = _objective_weights(t["objectives"], weights)
    spec = _criteria_spec(criteria)
    base = score_projects(t, w_obj.to_dict(), spec)
    ranks = {"base": base.set_index("project_id")["rank"]}
    names = [(o, "objective") for o in w_obj.index] + [(c, "criterion") for c in spec["criterion"]]
    for name, kind in names:
        for change in changes:
            if change == 0:
                continue
            w = w_obj.copy()
            s = spec.copy()
            if kind == "objective":
                w[name] = max(0.0, w[name] * (1 + change))
            else:
                s.loc[s["criterion"] == name, "weight"] *= max(0.0, 1 + change)
            label = f"{name} {change:+.0%}"
            try:
                scored = score_projects(t, w.to_dict(), s)
            except ValueError:  # every weight reached 0
                continue
            ranks[label] = scored.set_index("project_id")["rank"]
    table = pd.DataFrame(ranks).loc[base["project_id"]]
    out = table.rename(columns={"base": "base_rank"}).reset_index(names="project_id")
    all_ranks = table.to_numpy()
    out["best_rank"] = all_ranks.min(axis=1)
    out["worst_rank"] = all_ranks.max(axis=1)
    out["max_shift"] = np.abs(all_ranks - table["base"].to_numpy()[:, None]).max(axis=1)
    out["robust_top_n"] = out["worst_rank"] <= top_n
    return out
