"""The package surface: light to import, every public name resolves, tidy helpers."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import pmo_exercises as pmo


def test_import_is_light():
    """``import pmo_exercises`` loads none of the heavy libraries; first use does."""
    code = (
        "import sys, pmo_exercises; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'numpy', 'plotly', 'scipy', 'openpyxl', 'ipywidgets'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", pmo.__all__)
def test_every_public_name_resolves(name):
    assert getattr(pmo, name) is not None


def test_unknown_names_fail_like_a_module_does():
    with pytest.raises(AttributeError, match="no attribute 'load_portfolios'"):
        pmo.load_portfolios  # noqa: B018


def test_describe_documents_every_column():
    schema = pmo.describe()
    assert set(schema["table"]) == set(pmo.TABLES)
    assert (schema["meaning"].str.len() > 0).all()
    tasks = pmo.describe("tasks").set_index("column")
    assert tasks.at["duration_days", "unit"] == "working days"
    assert tasks.at["project_id", "allowed"] == "a projects.project_id"
    with pytest.raises(KeyError, match="no table 'task'"):
        pmo.describe("task")


def test_portfolio_views(small):
    s = small.summary()
    assert list(s["project_id"]) == list(small.projects["project_id"])
    assert s["tasks"].sum() == len(small.tasks)
    assert "3 projects" in repr(small) and "10 weeks of status" in repr(small)
    one = small.subset("P02")
    assert set(one.tasks["project_id"]) == {"P02"}
    assert set(one.dependencies["predecessor"]) <= set(one.tasks["task_id"])
    assert len(one.task_status) == 10 * len(one.tasks)
    with pytest.raises(pmo.PortfolioError, match="no project 'P99'"):
        small.subset(["P99"])


def test_replace_is_the_only_way_to_change_a_portfolio(small):
    with pytest.raises(TypeError, match="no table 'budgets'"):
        small.replace(budgets=pd.DataFrame())
    with pytest.raises(TypeError):
        small.meta["status_week"] = 99
    later = small.replace(meta={"company": "Other plc"})
    assert later.meta["company"] == "Other plc" and small.meta["company"] != "Other plc"
    assert later.meta["status_week"] == small.meta["status_week"]
    copy = small.copy()
    assert copy.digest() == small.digest() and copy.tasks is not small.tasks


def test_a_portfolio_pickles_whole_and_stays_read_only(small):
    # what multiprocessing and joblib do with a portfolio they are handed
    import pickle

    back = pickle.loads(pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.digest() == small.digest()
    assert dict(back.meta) == dict(small.meta)
    with pytest.raises(TypeError):
        back.meta["status_week"] = 99
