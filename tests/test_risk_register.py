"""Register scoring: bands, scores, zones, the PI matrix and its heat map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmo_exercises import PortfolioError, charts
from pmo_exercises.risk import (
    PROBABILITY_BANDS,
    band_score,
    pi_matrix,
    score_portfolio_risks,
    score_register,
    zone_matrix,
)


def register(**changes) -> pd.DataFrame:
    """Constructed example: four risks on a project of budget 100,000 and 200 days."""
    table = pd.DataFrame(
        {
            "risk_id": ["R1", "R2", "R3", "R4"],
            "project_id": ["P1"] * 4,
            "probability": [0.05, 0.35, 0.9, 0.6],
            "cost_impact": [200.0, 2_000.0, 8_000.0, 0.0],
            "schedule_impact_days": [0.0, 1.0, 2.0, 12.0],
        }
    )
    return table.assign(**changes)


@pytest.mark.parametrize(
    ("value", "score"),
    [
        pytest.param(0.0, 1, id="0: very low"),
        pytest.param(0.10, 1, id="10%: the top of band 1 belongs to it"),
        pytest.param(0.1000001, 2, id="just over 10%: band 2"),
        pytest.param(0.30, 2, id="30%"),
        pytest.param(0.35, 3, id="35%"),
        pytest.param(0.70, 4, id="70%"),
        pytest.param(0.71, 5, id="71%"),
        pytest.param(1.0, 5, id="certain"),
    ],
)
def test_probability_bands(value, score):
    assert band_score(value, PROBABILITY_BANDS) == score


def test_bands_must_increase():
    with pytest.raises(ValueError, match="increasing"):
        band_score(0.5, (0.3, 0.1))


def test_scores_and_zones_of_a_constructed_register():
    scored = score_register(register(), budget=100_000, duration=200).set_index("risk_id")
    # probability 5% -> 1, 35% -> 3, 90% -> 5, 60% -> 4
    assert scored["probability_score"].to_dict() == {"R1": 1, "R2": 3, "R3": 5, "R4": 4}
    # cost share 0.2%, 2%, 8%, 0% -> 1, 3, 5, 1; days 0%, 0.5%, 1%, 6% -> 1, 1, 2, 5
    assert scored["cost_score"].to_dict() == {"R1": 1, "R2": 3, "R3": 5, "R4": 1}
    assert scored["schedule_score"].to_dict() == {"R1": 1, "R2": 1, "R3": 2, "R4": 5}
    assert scored["impact_score"].to_dict() == {"R1": 1, "R2": 3, "R3": 5, "R4": 5}
    assert scored["score"].to_dict() == {"R1": 1, "R2": 9, "R3": 25, "R4": 20}
    assert scored["zone"].to_dict() == {"R1": "low", "R2": "medium", "R3": "high", "R4": "high"}
    assert list(scored.index) == ["R3", "R4", "R2", "R1"]  # highest score first


def test_the_input_is_not_changed():
    table = register()
    before = table.copy()
    score_register(table, budget=100_000, duration=200)
    pd.testing.assert_frame_equal(table, before)


def test_custom_bands_and_zone_matrix():
    zones = zone_matrix(3, thresholds=(2, 4))
    assert zones.loc[3, 3] == "high" and zones.loc[1, 1] == "low" and zones.loc[2, 2] == "medium"
    scored = score_register(
        register(),
        budget=100_000,
        duration=200,
        probability_bands=(0.2, 0.5),
        cost_bands=(0.01, 0.05),
        schedule_bands=(0.01, 0.05),
        zones=zones,
    ).set_index("risk_id")
    assert scored["score"].max() == 9
    assert scored.loc["R3", "zone"] == "high"
    everything_high = zones.where(zones.isna(), "high")
    again = score_register(register(), 100_000, 200, probability_bands=(0.2, 0.5),
                           cost_bands=(0.01, 0.05), schedule_bands=(0.01, 0.05),
                           zones=everything_high)  # fmt: skip
    assert (again["zone"] == "high").all()


def test_default_zone_matrix():
    zones = zone_matrix()
    assert list(zones.index) == [5, 4, 3, 2, 1] and list(zones.columns) == [1, 2, 3, 4, 5]
    assert zones.loc[2, 2] == "low" and zones.loc[1, 5] == "medium" and zones.loc[3, 5] == "high"
    assert zones.loc[4, 3] == "medium" and zones.loc[4, 4] == "high"


def test_budget_per_project():
    table = pd.concat([register(), register(project_id="P2", risk_id=list("abcd"))])
    scored = score_register(
        table,
        budget=pd.Series({"P1": 100_000.0, "P2": 10_000.0}),
        duration=pd.Series({"P1": 200.0, "P2": 200.0}),
    ).set_index("risk_id")
    assert scored.loc["R2", "cost_score"] == 3  # 2% of 100,000
    assert scored.loc["b", "cost_score"] == 5  # 20% of 10,000


@pytest.mark.parametrize(
    ("table", "kwargs", "error", "message"),
    [
        pytest.param(
            register(probability=[5, 35, 90, 60]), {}, PortfolioError,
            r"risks, row 0 \(risk_id 'R1'\), column 'probability': 5 is not a fraction "
            r"in \[0, 1\]; a probability is a fraction: 35% is 0\.35",
            id="probabilities in percent",
        ),
        pytest.param(
            register(cost_impact=[200.0, -2_000.0, 8_000.0, 0.0]), {}, PortfolioError,
            r"row 1 \(risk_id 'R2'\), column 'cost_impact': -2000 is not an impact >= 0",
            id="negative impact",
        ),
        pytest.param(
            register().drop(columns="probability"), {}, PortfolioError,
            "risks: missing column 'probability'", id="no probability",
        ),
        pytest.param(
            register().drop(columns=["cost_impact", "schedule_impact_days"]), {}, PortfolioError,
            "expected 'cost_impact' and/or 'schedule_impact_days'", id="no impact",
        ),
        pytest.param(
            register(), {"budget": pd.Series({"P9": 1.0}), "duration": 200}, PortfolioError,
            "risks, row 0, column 'project_id': no budget given for project 'P1'",
            id="no budget for the project",
        ),
        pytest.param(
            register(), {"budget": None, "duration": 200}, ValueError,
            "give the budget that 'cost_impact' is measured against", id="no budget at all",
        ),
    ],
)  # fmt: skip
def test_bad_registers_raise_precise_errors(table, kwargs, error, message):
    kwargs = {"budget": 100_000, "duration": 200, **kwargs}
    with pytest.raises(error, match=message):
        score_register(table, **kwargs)


def test_pi_matrix_counts_every_risk_in_its_cell():
    scored = score_register(register(), budget=100_000, duration=200)
    matrix = pi_matrix(scored)
    assert matrix.shape == (5, 5)
    assert list(matrix.index) == [5, 4, 3, 2, 1]
    assert matrix.to_numpy().sum() == 4
    assert matrix.loc[5, 5] == 1 and matrix.loc[4, 5] == 1 and matrix.loc[3, 3] == 1
    assert matrix.loc[1, 1] == 1 and matrix.loc[2, 2] == 0


def test_pi_matrix_needs_a_scored_register():
    with pytest.raises(PortfolioError, match="score the register first"):
        pi_matrix(register())


def test_the_teaching_portfolio(teaching):
    scored = score_portfolio_risks(teaching)
    assert len(scored) == len(teaching.risks)
    assert set(scored["zone"]) <= {"low", "medium", "high"}
    assert scored["score"].between(1, 25).all()
    matrix = pi_matrix(scored)
    assert matrix.to_numpy().sum() == len(teaching.risks)
    # the register spreads over the matrix: some risks in each zone
    assert set(scored["zone"]) == {"low", "medium", "high"}


def test_heat_map_draws_the_counts_and_zones(teaching):
    matrix = pi_matrix(score_portfolio_risks(teaching))
    fig = charts.pi_heatmap(matrix)
    (trace,) = fig.data
    assert trace.name == "PI matrix"
    np.testing.assert_array_equal(np.asarray(trace.text), matrix.to_numpy())
    ranks = np.asarray(trace.z)
    assert ranks[0, -1] == 2 and ranks[-1, 0] == 0  # high top right, low bottom left
    assert list(trace.y) == ["5", "4", "3", "2", "1"]
    assert fig.layout.yaxis.autorange == "reversed"  # probability 5 drawn at the top
    assert str(len(teaching.risks)) in fig.layout.title.text


def test_heat_map_rejects_other_tables():
    with pytest.raises(PortfolioError, match="pass the table that pi_matrix returns"):
        charts.pi_heatmap(pd.DataFrame({"a": [1]}))
