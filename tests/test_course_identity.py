"""Whose notebook is it: trainee ids while working and while grading."""

from __future__ import annotations

import pytest

from pmo_exercises.course import identity, work
from pmo_exercises.course.identity import (
    GRADING_ENV,
    TRAINEE_ENV,
    TraineeIdError,
    grading_trainee,
    set_trainee,
    trainee_id,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in (TRAINEE_ENV, GRADING_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    work._session.clear()


def test_no_id_anywhere_is_none():
    assert trainee_id() is None
    assert grading_trainee() is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param({"declared": "dana"}, "dana", id="written-in-the-notebook"),
        pytest.param({TRAINEE_ENV: "erin"}, "erin", id="set-for-the-room"),
        pytest.param({"JUPYTERHUB_USER": "fred"}, "fred", id="jupyterhub-user"),
    ],
)
def test_each_source_of_the_id(monkeypatch, source, expected):
    declared = source.pop("declared", None)
    for name, value in source.items():
        monkeypatch.setenv(name, value)
    assert trainee_id(declared) == expected


def test_the_notebook_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "hubname")
    monkeypatch.setenv(TRAINEE_ENV, "roomname")
    assert trainee_id("written") == "written"
    assert trainee_id("") == "roomname"
    monkeypatch.delenv(TRAINEE_ENV)
    assert trainee_id("  ") == "hubname"


def test_set_once_then_found_in_every_assignment():
    path = set_trainee("  gina ")
    assert path.read_text() == "gina\n"
    assert trainee_id() == "gina"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("../etc", id="path"),
        pytest.param("a b", id="space"),
        pytest.param("x" * 65, id="too-long"),
        pytest.param("-dash", id="leading-dash"),
        pytest.param(42, id="not-text"),
    ],
)
def test_an_id_that_cannot_be_a_folder_name_is_refused(bad):
    with pytest.raises(TraineeIdError, match="trainee id"):
        trainee_id(bad) if isinstance(bad, str) else identity._clean(bad, "test")


def test_plain_nbgrader_autograde_is_read_from_the_folder(monkeypatch, tmp_path):
    folder = tmp_path / "course" / "autograded" / "hana" / "03_tracking"
    folder.mkdir(parents=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading_trainee(folder) == "hana"
    # the same folder outside autograde is just a folder
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert grading_trainee(folder) is None


def test_autograde_elsewhere_has_no_grading_id(monkeypatch, tmp_path):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading_trainee(tmp_path) is None


def test_the_grading_id_wins_over_the_room_but_not_over_the_notebook(monkeypatch):
    monkeypatch.setenv(TRAINEE_ENV, "room")
    monkeypatch.setenv(GRADING_ENV, "ivan")
    assert trainee_id() == "ivan"
    # the notebook says whose portfolio it was worked on; grading compares the two
    assert trainee_id("julia") == "julia"


def test_start_loads_the_trainees_own_variant(monkeypatch, capsys):
    import pmo_exercises as pmo

    monkeypatch.setenv(TRAINEE_ENV, "kim")
    w = work.start("03_tracking")
    assert w.trainee == "kim" and w.graded_as is None and w.owner_problem is None
    assert w.portfolio.digest() == pmo.load_portfolio(variant="kim").digest()
    assert w.portfolio.digest() != pmo.load_portfolio(variant="lee").digest()
    assert "'kim'" in capsys.readouterr().out


def test_start_without_any_id_says_what_to_do():
    with pytest.raises(TraineeIdError, match="TRAINEE_ID"):
        work.start("03_tracking")


def test_a_notebook_worked_as_one_trainee_and_graded_as_another_is_named(monkeypatch):
    monkeypatch.setenv(GRADING_ENV, "bob")
    w = work.start("03_tracking", "alice")
    assert w.trainee == "alice" and w.graded_as == "bob"
    assert "'alice'" in w.owner_problem and "'bob'" in w.owner_problem
