"""EMV, the contingency reserve and decision trees, on cited textbook cases.

Sources (checked against the text):

* PMBOK Guide, 5th ed. (PMI, 2013), §11.4.2.2 "Quantitative risk analysis and
  modeling techniques", *Expected monetary value analysis* and Figure 11-16
  "Decision Tree Diagram" (p. 339): the sign convention ("the EMV of
  opportunities are generally expressed as positive values, while those of
  threats are expressed as negative values") and the build-or-upgrade tree.
  The same tree is taught for the 6th ed. (§11.4.2.5), by secondary sources.
* TenStep, "Use Expected Monetary Value (EMV) to Create a Risk Contingency
  Budget", https://tenstep.com/use-expected-monetary-value-emv-to-create-a-risk-contingency-budget
  (six risks A-F: total impact $118,000, contingency budget $33,500).

Everything else is a constructed example, labelled as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmo_exercises import PortfolioError
from pmo_exercises.risk import Chance, Decision, Outcome, contingency_reserve, emv, evaluate


def plant_decision() -> Decision:
    """PMBOK Guide 5th ed., Figure 11-16: build a new plant or upgrade ($M)."""
    return Decision(
        {
            "Build new plant": Chance(
                {"Strong demand": (0.6, Outcome(200)), "Weak demand": (0.4, Outcome(90))},
                cost=120,
            ),
            "Upgrade plant": Chance(
                {"Strong demand": (0.6, Outcome(120)), "Weak demand": (0.4, Outcome(60))},
                cost=50,
            ),
        }
    )


# ---------------------------------------------------------------- emv


@pytest.mark.parametrize(
    ("probability", "impact", "expected"),
    [
        pytest.param(0.3, -10_000, -3_000, id="a threat is negative (constructed)"),
        pytest.param(0.6, 5_000, 3_000, id="an opportunity is positive (constructed)"),
        pytest.param(0.0, -1e6, 0.0, id="an impossible threat costs nothing"),
        pytest.param(1.0, -250, -250, id="a certain threat costs its impact"),
    ],
)
def test_emv_is_probability_times_signed_impact(probability, impact, expected):
    assert emv(probability, impact) == pytest.approx(expected)
    assert isinstance(emv(probability, impact), float)


def test_emv_keeps_series_and_their_index():
    p = pd.Series([0.5, 0.1], index=["R1", "R2"])
    out = emv(p, pd.Series([-100.0, 400.0], index=["R1", "R2"]))
    pd.testing.assert_series_equal(out, pd.Series([-50.0, 40.0], index=["R1", "R2"]))


@pytest.mark.parametrize(
    "probability",
    [
        pytest.param(35, id="35 percent"),
        pytest.param(-0.1, id="negative"),
        pytest.param(pd.Series([0.2, 80.0]), id="a percent in a series"),
        pytest.param(float("nan"), id="missing"),
    ],
)
def test_emv_rejects_probabilities_outside_0_1(probability):
    with pytest.raises(ValueError, match=r"a probability is a fraction: 35% is 0\.35"):
        emv(probability, -100)


# ---------------------------------------------------------------- contingency


def tenstep_register() -> pd.DataFrame:
    """TenStep's six risks (cost impacts as the register's positive magnitudes)."""
    return pd.DataFrame(
        {
            "risk_id": list("ABCDEF"),
            "probability": [0.8, 0.3, 0.5, 0.10, 0.3, 0.25],
            "cost_impact": [10_000.0, 30_000.0, 8_000.0, 40_000.0, 20_000.0, 10_000.0],
        }
    )


def test_contingency_reserve_of_the_tenstep_register():
    register = tenstep_register()
    assert register["cost_impact"].sum() == 118_000  # the source's total impact
    reserve = contingency_reserve(register)
    assert reserve["reserve"] == pytest.approx(33_500)  # the source's contingency budget
    assert reserve["threats_emv"] == pytest.approx(-33_500)
    assert reserve["opportunities_emv"] == 0
    assert reserve["net_reserve"] == pytest.approx(33_500)


def test_opportunities_are_reported_beside_threats_and_netted_separately():
    """Constructed example: one opportunity worth 0.5 x 4,000 = 2,000."""
    gains = pd.DataFrame({"opportunity_id": ["O1"], "probability": [0.5], "cost_saving": [4_000.0]})
    reserve = contingency_reserve(tenstep_register(), gains)
    assert reserve == pytest.approx(
        {
            "threats_emv": -33_500,
            "opportunities_emv": 2_000,
            "net_emv": -31_500,
            "reserve": 33_500,
            "net_reserve": 31_500,
        }
    )


def test_contingency_on_the_teaching_register(teaching):
    risks = teaching.risks
    expected = (risks["probability"] * risks["cost_impact"]).sum()
    assert contingency_reserve(risks)["reserve"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"probability": [35, 0.3, 0.5, 0.1, 0.3, 0.25]},
            r"risks, row 0 \(risk_id 'A'\), column 'probability': 35 is not a fraction "
            r"in \[0, 1\]; a probability is a fraction: 35% is 0.35",
            id="probability in percent",
        ),
        pytest.param(
            {"cost_impact": [10_000, -30_000, 8_000, 40_000, 20_000, 10_000]},
            r"risks, row 1 \(risk_id 'B'\), column 'cost_impact': -30000 is negative; the "
            "register holds the amount as a magnitude",
            id="a threat typed with a negative impact",
        ),
    ],
)
def test_bad_registers_raise_precise_errors(change, message):
    with pytest.raises(PortfolioError, match=message):
        contingency_reserve(tenstep_register().assign(**change))


def test_a_register_without_impacts_names_the_missing_column():
    with pytest.raises(PortfolioError, match="risks: missing column 'cost_impact'"):
        contingency_reserve(tenstep_register().drop(columns="cost_impact"))


# ---------------------------------------------------------------- decision trees


def test_the_pmbok_build_or_upgrade_tree():
    result = evaluate(plant_decision())
    assert result.options == pytest.approx({"Build new plant": 36.0, "Upgrade plant": 46.0})
    assert result.emv == pytest.approx(46.0)
    assert result.best == "Upgrade plant"
    assert result.path == ["Upgrade plant"]
    assert result.choices == {(): "Upgrade plant"}


def test_the_net_path_values_of_the_pmbok_tree():
    """Figure 11-16's net path values: 80, -30, 70 and 10 ($M)."""
    tree = plant_decision()
    nets = {
        (option, branch): value - node.cost
        for option, node in tree.options.items()
        for branch, (_, leaf) in node.branches.items()
        for value in [leaf.value]
    }
    assert nets == {
        ("Build new plant", "Strong demand"): 80,
        ("Build new plant", "Weak demand"): -30,
        ("Upgrade plant", "Strong demand"): 70,
        ("Upgrade plant", "Weak demand"): 10,
    }
    for option, expected in (("Build new plant", 36.0), ("Upgrade plant", 46.0)):
        assert evaluate(tree.options[option]).emv == pytest.approx(expected)
        assert evaluate(tree.options[option]).path == []


def test_a_later_decision_after_a_chance_event():
    """Constructed example: test a prototype (cost 10); if it works (70%), choose
    between launching (value 100) and licensing (value 60); if not, stop (0).
    Prototype: 0.7 x 100 - 10 = 60; licensing now: 50. So prototype."""
    tree = Decision(
        {
            "Prototype": Chance(
                {
                    "Works": (0.7, Decision({"Launch": Outcome(100), "License": Outcome(60)})),
                    "Fails": (0.3, Outcome(0)),
                },
                cost=10,
            ),
            "License now": Outcome(50),
        }
    )
    result = evaluate(tree)
    assert result.emv == pytest.approx(60.0)
    assert result.path == ["Prototype"]
    assert result.choices == {(): "Prototype", ("Prototype", "Works"): "Launch"}


def test_a_threat_tree_picks_the_smaller_loss():
    """Constructed example with threats as negative values: mitigate for 5 and
    keep a 10% chance of losing 40 (EMV -9), or accept a 30% chance (EMV -12)."""
    tree = Decision(
        {
            "Mitigate": Chance({"Hit": (0.1, Outcome(-40)), "Miss": (0.9, Outcome(0))}, cost=5),
            "Accept": Chance({"Hit": (0.3, Outcome(-40)), "Miss": (0.7, Outcome(0))}),
        }
    )
    result = evaluate(tree)
    assert result.best == "Mitigate"
    assert result.options == pytest.approx({"Mitigate": -9.0, "Accept": -12.0})


def test_probabilities_that_do_not_sum_to_one_are_named():
    tree = Decision(
        {
            "Build": Chance({"Strong": (0.6, Outcome(200)), "Weak": (0.3, Outcome(90))}),
            "Wait": Outcome(0),
        }
    )
    message = (
        "decision tree, at Build: the branch probabilities sum to 0.9, not 1 "
        r"\(Strong 0.6, Weak 0.3\)"
    )
    with pytest.raises(ValueError, match=message):
        evaluate(tree)


def test_probabilities_that_sum_to_one_up_to_rounding_are_fine():
    thirds = Chance({k: (1 / 3, Outcome(v)) for k, v in zip("abc", (3, 6, 9), strict=True)})
    assert evaluate(thirds).emv == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        pytest.param(
            Chance({"Up": (60, Outcome(1)), "Down": (40, Outcome(0))}),
            "at Up: the probability must be between 0 and 1, not 60.*35% is 0.35",
            id="percent in a branch",
        ),
        pytest.param(Decision({}), "at the root: a decision has no option", id="empty decision"),
        pytest.param(Chance({}), "at the root: a chance node has no branch", id="empty chance"),
        pytest.param(Chance({"Up": Outcome(1)}), r"at Up: a chance branch is \(probability, node\)",
                     id="branch without probability"),
        pytest.param(Decision({"A": 5}), "at A: expected a Decision, Chance or Outcome, not int",
                     id="a bare number"),
    ],
)  # fmt: skip
def test_malformed_trees_raise_precise_errors(tree, message):
    with pytest.raises((ValueError, TypeError), match=message):
        evaluate(tree)


def test_ties_go_to_the_first_option_listed():
    assert evaluate(Decision({"A": Outcome(1.0), "B": Outcome(1.0)})).best == "A"
    assert np.isclose(evaluate(Outcome(7)).emv, 7) and evaluate(Outcome(7)).best is None
