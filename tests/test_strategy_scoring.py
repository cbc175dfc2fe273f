"""Strategic scoring: weighted alignment, extra criteria, ranking and its sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmo_exercises as pmo
from pmo_exercises.core.errors import PortfolioError
from pmo_exercises.strategy import ranking_sensitivity, score_projects

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tables(alignment: dict[str, dict[str, int]], weights: dict[str, float], **project_cols):
    """A constructed portfolio: projects x objectives alignment and objective weights."""
    ids = list(alignment)
    projects = pd.DataFrame(
        {
            "project_id": ids,
            "name": [f"Project {p}" for p in ids],
            "objective_id": [
                max(a, key=a.get) if max(a.values()) > 0 else None for a in alignment.values()
            ],
            "business_value": 100.0,
            "bac": 50.0,
            "priority": 3,
            **project_cols,
        }
    )
    rows = [
        {"project_id": p, "objective_id": o, "score": s}
        for p, a in alignment.items()
        for o, s in a.items()
    ]
    objectives = pd.DataFrame({"objective_id": list(weights), "weight": list(weights.values())})
    return {"projects": projects, "alignment": pd.DataFrame(rows), "objectives": objectives}


def test_constructed_example_scores_by_hand():
    """Constructed example: 0.6 x 5/5 + 0.4 x 0/5 = 60 points, and so on."""
    t = _tables(
        {
            "A": {"X": 5, "Y": 0},
            "B": {"X": 0, "Y": 5},
            "C": {"X": 5, "Y": 5},
            "D": {"X": 2, "Y": 3},
        },
        {"X": 0.6, "Y": 0.4},
    )
    s = score_projects(t).set_index("project_id")
    assert s["score"].to_dict() == pytest.approx({"C": 100.0, "A": 60.0, "B": 40.0, "D": 48.0})
    assert s.index.tolist() == ["C", "A", "D", "B"]
    assert s["rank"].tolist() == [1, 2, 3, 4]
    assert s.loc["D", ["points_X", "points_Y"]].tolist() == pytest.approx([24.0, 24.0])
    # other weights, other ranking
    s2 = score_projects(t, weights={"X": 0.2, "Y": 0.8}).set_index("project_id")
    assert s2.index.tolist() == ["C", "B", "D", "A"]


def test_extra_criteria_are_scaled_and_weighted_with_the_objectives():
    t = _tables(
        {"A": {"X": 5}, "B": {"X": 5}, "C": {"X": 5}},
        {"X": 1.0},
        business_value=[100.0, 300.0, 200.0],
        bac=[100.0, 100.0, 100.0],
    )
    s = score_projects(t, criteria={"value_cost_ratio": 1.0}).set_index("project_id")
    assert s["value_cost_ratio_score"].to_dict() == pytest.approx({"A": 0, "B": 100, "C": 50})
    # the objective and the criterion weigh half each after normalisation
    assert s["score"].to_dict() == pytest.approx({"A": 50, "B": 100, "C": 75})
    lower = score_projects(t, criteria={"business_value": (1.0, "lower")}).set_index("project_id")
    assert lower.index[0] == "A"
    table = pd.DataFrame({"criterion": ["bac"], "weight": [0.5]})
    assert "bac_score" in score_projects(t, criteria=table).columns


def test_risk_exposure_needs_and_reads_the_register(teaching):
    s = score_projects(teaching, criteria={"risk_exposure": 0.2})
    assert s["risk_exposure_score"].between(0, 100).all()
    no_risks = {n: getattr(teaching, n) for n in ("projects", "alignment", "objectives")}
    with pytest.raises(PortfolioError, match="risks"):
        score_projects(no_risks, criteria={"risk_exposure": 0.2})


@pytest.mark.parametrize(
    "variant", [pytest.param("", id="teaching"), pytest.param("trainee-042", id="variant")]
)
def test_the_weak_fit_project_ranks_last(variant):
    p = pmo.load_portfolio(variant=variant) if variant else pmo.load_portfolio()
    weak = p.projects.loc[p.projects["objective_id"].isna(), "project_id"].tolist()
    assert len(weak) == 1
    s = score_projects(p)
    assert s["project_id"].iat[-1] == weak[0]
    assert not s["strategic_fit"].iat[-1] and s["strategic_fit"].iloc[:-1].all()
    # with value for money and risk in the mix, it still comes last
    s = score_projects(p, criteria={"value_cost_ratio": 0.5, "risk_exposure": 0.5})
    assert s["project_id"].iat[-1] == weak[0]
    sens = ranking_sensitivity(p, changes=(-0.5, -0.2, 0.2, 0.5))
    assert (sens.set_index("project_id").loc[weak[0], "best_rank"]) == len(p.projects)


@FAST
@given(
    st.integers(1, 5).flatmap(
        lambda k: st.tuples(
            st.lists(st.floats(0.01, 10), min_size=k, max_size=k),
            st.lists(st.lists(st.integers(0, 5), min_size=k, max_size=k), min_size=1, max_size=8),
        )
    ),
    st.floats(0, 1),
)
def test_weights_summing_to_one_give_scores_between_0_and_100(data, criterion_weight):
    raw, matrix = data
    weights = {f"O{i}": w / sum(raw) for i, w in enumerate(raw)}
    alignment = {f"P{j}": dict(zip(weights, row, strict=True)) for j, row in enumerate(matrix)}
    t = _tables(alignment, weights)
    s = score_projects(t)
    assert s["score"].between(0, 100).all()
    assert s["alignment_score"].to_numpy() == pytest.approx(s["score"].to_numpy())
    points = s.filter(like="points_").sum(axis=1).to_numpy()
    assert points == pytest.approx(s["score"].to_numpy())
    with_criteria = score_projects(t, criteria={"value_cost_ratio": criterion_weight})
    assert with_criteria["score"].between(0, 100).all()
    assert sorted(s["rank"]) == list(range(1, len(matrix) + 1))


def test_scoring_leaves_its_input_alone(teaching):
    before = teaching.digest()
    score_projects(teaching, criteria={"value_cost_ratio": 0.3})
    ranking_sensitivity(teaching)
    assert teaching.digest() == before


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        pytest.param({"weights": {"OBJ-NOPE": 1}}, PortfolioError, "OBJ-NOPE", id="unknown_obj"),
        pytest.param({"weights": {"OBJ-GROW": -1}}, ValueError, ">= 0", id="negative_weight"),
        pytest.param({"weights": {"OBJ-GROW": 0}}, ValueError, "every weight is 0", id="all_zero"),
        pytest.param({"criteria": {"charisma": 1}}, PortfolioError, "charisma", id="unknown_crit"),
        pytest.param(
            {"criteria": {"bac": (1, "bigger")}}, ValueError, "'higher' or 'lower'", id="direction"
        ),
    ],
)
def test_bad_weights_and_criteria_say_what_is_wrong(teaching, kwargs, error, message):
    with pytest.raises(error, match=message):
        score_projects(teaching, **kwargs)


def test_alignment_above_five_is_refused():
    t = _tables({"A": {"X": 7}}, {"X": 1.0})
    with pytest.raises(PortfolioError, match="above 5"):
        score_projects(t)


def test_sensitivity_reports_rank_moves_and_robust_short_list():
    # A leads whatever the weights; B and C tie at 56 (ties go by id) and swap when
    # Y's weight rises by half
    t = _tables(
        {
            "A": {"X": 5, "Y": 5},
            "B": {"X": 4, "Y": 1},
            "C": {"X": 2, "Y": 4},
            "D": {"X": 0, "Y": 1},
        },
        {"X": 0.6, "Y": 0.4},
    )
    sens = ranking_sensitivity(t, changes=(-0.5, 0.5), top_n=2).set_index("project_id")
    assert sens["base_rank"].to_dict() == {"A": 1, "B": 2, "C": 3, "D": 4}
    assert {"X -50%", "X +50%", "Y -50%", "Y +50%"} <= set(sens.columns)
    # Y +50%: X 0.6, Y 0.6 -> B 50, C 60
    assert sens.loc["C", "Y +50%"] == 2 and sens.loc["B", "Y +50%"] == 3
    assert sens["robust_top_n"].to_dict() == {"A": True, "B": False, "C": False, "D": False}
    assert sens.loc["B", "max_shift"] == 1 and sens.loc["D", "max_shift"] == 0
    assert sens.loc["A", ["best_rank", "worst_rank"]].tolist() == [1, 1]


def test_sensitivity_base_ranks_are_the_scoring_ranks(teaching):
    sens = ranking_sensitivity(teaching, changes=np.linspace(-0.5, 0.5, 5))
    ranks = score_projects(teaching).set_index("project_id")["rank"]
    assert sens.set_index("project_id")["base_rank"].equals(ranks.rename("base_rank"))
    assert (sens["best_rank"] <= sens["base_rank"]).all()
    assert (sens["worst_rank"] >= sens["base_rank"]).all()
    assert len([c for c in sens.columns if c.startswith("OBJ-")]) == 5 * 4  # 0 change skipped


def test_score_chart_stacks_the_objectives_best_on_top(teaching):
    from pmo_exercises.charts.strategy import score_chart

    scores = score_projects(teaching, criteria={"value_cost_ratio": 0.2})
    fig = score_chart(scores)
    names = [t.name for t in fig.data]
    assert names == [*teaching.objectives["objective_id"], "Other criteria"]
    assert fig.data[0].y[-1] == scores["project_id"].iat[0]  # best on top
    assert fig.data[0].y[0].endswith("(no objective)")  # the weak fit at the bottom
    total = np.sum([t.x for t in fig.data], axis=0)
    assert total[::-1] == pytest.approx(scores["score"].to_numpy())
    fig.to_json()
