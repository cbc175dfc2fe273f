"""The ``pmo`` command, run in-process and once for real in a subprocess."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import pmo_exercises as pmo
from pmo_exercises import launch
from pmo_exercises.cli import main
from pmo_exercises.cli._args import KIT
from pmo_exercises.io.files import read_portfolio, save_portfolio
from tests._tiny import tiny_portfolio

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def folder(tmp_path):
    return save_portfolio(tiny_portfolio(), tmp_path / "tiny")


@pytest.fixture()
def bad_folder(folder):
    path = folder / "tasks.csv"
    path.write_text(path.read_text().replace("Build,DEV,8.0,10.0", "Build,DEV,8.0,ten", 1))
    return folder


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- validate ------------------------------------------------------------------------------
def test_validate_ok(capsys, folder):
    code, out, err = run(capsys, "portfolio", "validate", folder)
    assert code == 0
    assert out.startswith(f"OK: {folder}: Tiny Ltd, 2 projects, 10 tasks, 9 links, 3 risks, ")
    assert "3 weeks of status to 2026-01-23" in out
    assert out.count("\n") == 1 and err == ""


def test_validate_a_workbook(capsys, tmp_path):
    path = save_portfolio(tiny_portfolio(), tmp_path / "tiny.xlsx")
    code, out, _ = run(capsys, "portfolio", "validate", path)
    assert code == 0 and out.startswith("OK: ")


def test_validate_bad_data_is_one_line_on_stderr(capsys, bad_folder):
    code, out, err = run(capsys, "portfolio", "validate", bad_folder)
    assert code == 1
    assert out == ""
    assert err == (
        "error: tasks, row 2 (task_id 'P01-T03'), column 'most_likely_days': 'ten' is not a "
        f"number (in {bad_folder / 'tasks.csv'}, line 4)\n"
    )


def test_validate_nothing_there(capsys, tmp_path):
    code, _, err = run(capsys, "portfolio", "validate", tmp_path / "nowhere")
    assert code == 1
    assert err == f"error: no portfolio at {tmp_path / 'nowhere'}\n"


def test_validate_a_file_of_another_kind(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(capsys, "portfolio", "validate", tmp_path / "notes.txt")
    assert code == 1
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "neither a folder of CSV files nor an Excel workbook" in err


# -- summary --------------------------------------------------------------------------------
def test_summary(capsys, folder):
    code, out, err = run(capsys, "portfolio", "summary", folder)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Tiny Ltd: status week 3 (2026-01-23)"
    header = lines[2].split()
    assert header[:6] == ["project", "name", "manager", "stage", "state", "tasks"]
    assert "RAG" in header and "BAC" in header and "EUR" in header
    p01 = next(line for line in lines if line.strip().startswith("P01"))
    assert "Web shop relaunch" in p01 and "36,400" in p01 and "9,500" in p01
    assert "36.7%" in p01 and "23.6%" in p01 and "green" in p01
    p02 = next(line for line in lines if line.strip().startswith("P02"))
    assert "amber" in p02 and "2026-01-16" in p02
    assert lines[-1].startswith("2 projects (1 green, 1 amber, 0 red); BAC 61,600 EUR")


def test_summary_of_an_earlier_week(capsys, folder):
    code, out, _ = run(capsys, "portfolio", "summary", folder, "--week", "1")
    assert code == 0
    assert out.splitlines()[0] == "Tiny Ltd: status week 1 (2026-01-09)"
    p02 = next(line for line in out.splitlines() if line.strip().startswith("P02"))
    assert "green" in p02 and "0.0%" in p02  # as reported in week 1
    assert "2 projects (2 green, 0 amber, 0 red)" in out


def test_summary_of_a_week_without_status(capsys, folder):
    code, out, err = run(capsys, "portfolio", "summary", folder, "--week", "9")
    assert code == 1 and out == ""
    assert err == "error: there is no week 9: the status history runs from week 1 to week 3\n"


# -- generate -------------------------------------------------------------------------------
needs_generator = pytest.mark.skipif(
    not hasattr(pmo, "generate_portfolio"), reason="the generator is not written yet"
)


@needs_generator
@pytest.mark.parametrize("target", ["generated", "generated.xlsx"])
def test_generate(capsys, tmp_path, target):
    code, out, err = run(
        capsys,
        "portfolio",
        "generate",
        "--seed",
        5,
        "--projects",
        2,
        "--tasks",
        6,
        "--weeks",
        4,
        "--out",
        tmp_path / target,
    )
    assert code == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal
    first, second = out.splitlines()
    assert first.startswith(f"wrote {tmp_path / target}: ")
    assert "2 projects, 12 tasks" in first and "4 weeks of status" in first
    p = read_portfolio(tmp_path / target)
    assert second == f"digest {p.digest()}"
    expected = pmo.simulate(
        pmo.generate_portfolio(seed=5, n_projects=2, tasks_per_project=6), weeks=4, seed=5
    )
    assert p.digest() == expected.digest()


@needs_generator
def test_generate_reports_progress(capsys, tmp_path, monkeypatch):
    seen = []
    simulate = pmo.simulate

    def spy(portfolio, weeks, seed, progress=None):
        def recorded(done, total):
            seen.append((done, total))
            progress(done, total)

        return simulate(portfolio, weeks=weeks, seed=seed, progress=recorded)

    monkeypatch.setattr(pmo, "simulate", spy)
    code, _, _ = run(
        capsys, "portfolio", "generate", "--projects", 1, "--weeks", 3, "--out", tmp_path / "p"
    )
    assert code == 0
    assert seen[-1] == (3, 3)


@needs_generator
def test_generate_a_variant_and_the_teaching_portfolio(capsys, tmp_path):
    code, out, _ = run(
        capsys, "portfolio", "generate", "--variant", "alice", "--out", tmp_path / "alice.xlsx"
    )
    assert code == 0
    assert out.splitlines()[1] == f"digest {pmo.load_portfolio(variant='alice').digest()}"
    code, out, _ = run(capsys, "portfolio", "generate", "--out", tmp_path / "teaching")
    assert code == 0
    assert out.splitlines()[1] == f"digest {pmo.load_portfolio().digest()}"


# -- bad arguments --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        pytest.param([], "required", id="nothing"),
        pytest.param(["portfolio"], "required", id="no-action"),
        pytest.param(["portfolio", "frobnicate"], "invalid choice: 'frobnicate'", id="bad-action"),
        pytest.param(["portfolio", "validate"], "required: PATH", id="no-path"),
        pytest.param(["portfolio", "generate"], "required: --out", id="no-out"),
        pytest.param(
            ["portfolio", "generate", "--projects", "0", "--out", "x"],
            "0 is not a whole number >= 1",
            id="zero-projects",
        ),
        pytest.param(
            ["portfolio", "generate", "--seed", "abc", "--out", "x"],
            "'abc' is not a whole number",
            id="seed-not-a-number",
        ),
        pytest.param(["portfolio", "summary", "x", "--week", "-2"], "--week", id="negative-week"),
        pytest.param(["start", "--port", "99999"], "99999 is not a TCP port", id="bad-port"),
        pytest.param(
            ["portfolio", "validate", "a", "b"], "unrecognized arguments: b", id="extra-argument"
        ),
    ],
)
def test_bad_arguments_exit_2_with_a_reason(capsys, argv, reason):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert reason in err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("pmo")  # argparse: "pmo ...: error: ..."


def test_variant_does_not_mix_with_generation_options(capsys, tmp_path):
    code, _, err = run(
        capsys, "portfolio", "generate", "--variant", "alice", "--seed", 3, "--out", tmp_path / "x"
    )
    assert code == 2
    assert (
        err == "error: --variant cannot be combined with --seed, --projects, --tasks or --weeks\n"
    )


def test_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "portfolio" in out and "start" in out


# -- start ----------------------------------------------------------------------------------
def test_start_prints_the_make_start_command(capsys):
    code, out, _ = run(capsys, "start", "--print", "--port", 8899, "--no-browser")
    assert code == 0
    env, argv = shlex.split(out.strip())[:1], shlex.split(out.strip())[1:]
    # the environment first, as a shell reads it: a trainee's JupyterLab
    assert env == [f"JUPYTER_CONFIG_PATH={launch.lab_environment()['JUPYTER_CONFIG_PATH']}"]
    assert argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ServerApp.port=8899" in argv and "--no-browser" in argv
    assert "--ServerApp.ip=127.0.0.1" in argv


def test_app_prints_the_make_app_command_with_the_class_settings(capsys):
    code, out, _ = run(
        capsys, "app", "--print", "--port", 8877, "--allow-host", "room.local",
        "--max-kernels", 12,
    )  # fmt: skip
    assert code == 0
    argv = shlex.split(out.strip())
    assert argv[:3] == [sys.executable, "-m", "pmo_exercises.app_server"]
    assert argv[3] == str((KIT / launch.APPS_DIR).resolve())
    assert {"--Voila.port=8877", "--allow-host=room.local", "--max-kernels=12"} <= set(argv)
    assert "--no-token" not in argv  # a token unless asked
    code, out, _ = run(capsys, "app", "--print", "--no-token")
    assert "--no-token" in shlex.split(out.strip())


def test_app_refuses_a_bad_cap_in_one_line(capsys):
    code, _, err = run(capsys, "app", "--max-kernels", "lots")
    # argparse's usage, then the reason in one line
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        "pmo app: error: argument --max-kernels: 'lots' is not a whole number"
    )


def test_start_execs_jupyterlab(capsys, monkeypatch):
    started = []
    monkeypatch.setattr(launch, "_exec", lambda argv, env: started.append((list(argv), env)) or 0)
    code, out, _ = run(capsys, "start", "--port", 8765, "--host", "0.0.0.0")
    assert code == 0
    ((argv, env),) = started
    root = next(a for a in argv if a.startswith("--ServerApp.root_dir="))
    expected = launch.lab_command(8765, "0.0.0.0", root_dir=root.split("=", 1)[1])
    assert argv == expected
    assert "JupyterLab is starting on http://0.0.0.0:8765" in out
    # a trainee's JupyterLab: the kit's trainee configuration comes first
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(launch.TRAINEE_CONFIG)
    assert "student tools only" in out


def test_start_coach_keeps_the_coach_tools(capsys, monkeypatch):
    started = []
    monkeypatch.setattr(launch, "_exec", lambda argv, env: started.append((list(argv), env)) or 0)
    code, out, _ = run(capsys, "start", "--coach", "--no-browser")
    assert code == 0
    ((_, env),) = started
    assert env == {} and "Formgrader" in out


# -- a real subprocess --------------------------------------------------------------------------
def pmo_command(*argv):
    return subprocess.run(
        [sys.executable, "-m", "pmo_exercises.cli", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_subprocess_validate_ok_and_bad(folder, tmp_path):
    done = pmo_command("portfolio", "validate", folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: ") and done.stderr == ""
    bad = folder / "risks.csv"
    bad.write_text(bad.read_text().replace(",0.3,", ",30,", 1))
    done = pmo_command("portfolio", "validate", folder)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "error: risks, row 0 (risk_id 'R-P01-01'), column 'probability':"
        " 30 is above 1; a probability is a fraction: 35% is 0.35"
    )


def test_subprocess_summary_generate_and_bad_arguments(folder, tmp_path):
    done = pmo_command("portfolio", "summary", folder)
    assert done.returncode == 0 and "Web shop relaunch" in done.stdout
    if hasattr(pmo, "generate_portfolio"):
        done = pmo_command(
            "portfolio",
            "generate",
            "--projects",
            2,
            "--tasks",
            5,
            "--weeks",
            2,
            "--out",
            tmp_path / "g.xlsx",
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == "" and done.stdout.startswith("wrote ")
    done = pmo_command("portfolio", "generate", "--projects", "many", "--out", tmp_path / "g")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'many' is not a whole number" in done.stderr
    done = pmo_command("portfolio", "validate", tmp_path / "missing")
    assert (done.returncode, done.stderr) == (1, f"error: no portfolio at {tmp_path / 'missing'}\n")


# -- telling the truth (issue 17) ---------------------------------------------------------------
def test_summary_without_a_portfolio_says_it_uses_the_teaching_one(capsys):
    code, out, err = run(capsys, "portfolio", "summary")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        "using the teaching portfolio (Norbridge Industries, 12 projects): "
        "pass PATH to summarise yours"
    )
    assert lines[1] == "Norbridge Industries: status week 26 (2026-07-03)"


def test_summary_of_a_portfolio_says_nothing_of_the_teaching_one(capsys, folder):
    code, out, _ = run(capsys, "portfolio", "summary", folder)
    assert code == 0 and "teaching" not in out


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"pmo {pmo.__version__}\n"


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`pmo portfolio summary | head -1`: the reader leaves; no 'error: Broken pipe: None'."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pmo_exercises.cli", "portfolio", "summary"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    process.stdout.close()  # before the first line: every write finds the pipe closed
    _, err = process.communicate(timeout=300)
    assert err.decode() == ""
    assert process.returncode == 141  # 128 + SIGPIPE, as a shell reports for `yes | head -1`


def test_a_closed_pipe_through_head(tmp_path):
    done = subprocess.run(
        f"{shlex.quote(sys.executable)} -m pmo_exercises.cli portfolio summary | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("using the teaching portfolio") and done.stdout.count("\n") == 1


@needs_generator
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_portfolio_workbooks_take_the_users_file_mode(capsys, tmp_path, umask):
    """They were written 0600: a temporary file, then renamed, kept mkstemp's private mode."""
    old = os.umask(umask)
    try:
        code, _, _ = run(capsys, "portfolio", "generate", "--out", tmp_path / "p.xlsx")
        report_code, _, _ = run(capsys, "report", "--out", tmp_path / "steering.xlsx")
    finally:
        os.umask(old)
    assert code == 0 and report_code == 0
    for name in ("p.xlsx", "steering.xlsx"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    (tmp_path / "p.xlsx").chmod(0o640)  # a file saved again keeps the mode its owner gave it
    save_portfolio(tiny_portfolio(), tmp_path / "p.xlsx")
    assert (tmp_path / "p.xlsx").stat().st_mode & 0o777 == 0o640


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_slow_steps_show_a_progress_bar_on_a_terminal_only(capsys, monkeypatch, folder):
    from pmo_exercises.cli.progress import Steps

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with Steps("pmo report", 2) as steps:
        with steps.step("reading the portfolio"):
            pass
        with steps.step("writing r.pptx"):
            pass
    shown = terminal.getvalue()
    assert "pmo report: reading the portfolio" in shown and "writing r.pptx" in shown
    assert "2/2" in shown
    monkeypatch.undo()
    # not a terminal (a pipe, a file, this test's capture): nothing on stderr
    code, _, err = run(capsys, "portfolio", "summary", folder)
    assert code == 0 and err == ""
