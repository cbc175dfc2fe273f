"""The grading sandbox, seen from inside: what a trainee's kernel can see, reach and keep.

Each test runs small notebooks in kernels forked inside the real bubblewrap
sandbox (:mod:`pmo_exercises.course.coach.sandbox`), with nbclient as
nbgrader drives it, and asserts what the kernel could not do: read the
course, the coach's files or environment, write outside its copy, reach a
server on the coach's loopback, keep a process or a file for the next
trainee, or take more memory than its limit.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pmo_exercises.course.coach import bwrap, sandbox

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 512 * 1024**2

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def _bwrap():
    if shutil.which("bwrap") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("bwrap is missing: .ci/run installs bubblewrap, and CI needs it")
        pytest.skip("bwrap (bubblewrap) is not installed")
    sandbox.SandboxZygote.discard()
    sandbox.configure(sandbox.Limits(memory=MEMORY, cpu_seconds=20, processes=48))
    yield
    sandbox.SandboxZygote.discard()
    sandbox.configure(sandbox.Limits())


def run(cells: list[str], folder: Path) -> list[str]:
    """Run ``cells`` in a sandboxed kernel working on a copy of ``folder``; each cell's text."""
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = NotebookClient(
        nb,
        kernel_manager_class=sandbox.SandboxKernelManager,
        resources={"metadata": {"path": str(folder)}},
        timeout=30,
        allow_errors=True,
    )
    client.execute()
    out = []
    for cell in nb.cells:
        text = ""
        for o in cell.outputs:
            text += o.get("text", "") + (
                f"{o.get('ename')}: {o.get('evalue')}" if "ename" in o else ""
            )
        out.append(text.strip())
    return out


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "submitted" / "alice" / "03_tracking"
    folder.mkdir(parents=True)
    (folder / "03_tracking.ipynb").write_text("{}")
    (folder / "notes.txt").write_text("my notes")
    return folder


def test_the_kernel_sees_its_own_copy_and_not_the_course(submission, monkeypatch):
    secret = submission.parent.parent.parent / "gradebook.db"
    secret.write_text("the gradebook")
    out = run(
        [
            "import os; print(os.getcwd(), sorted(os.listdir('.')))",
            "print(*(os.path.exists(p) for p in "
            f"{[str(secret), *(str(ROOT / d) for d in ('course', 'solutions', 'tests'))]!r}))",
            "print(os.getuid() != 0, os.environ.get('PMO_TEST_SECRET'))",
            "print(sorted(p for p in os.listdir('/') if p not in ('proc', 'dev', 'sys')))",
            "open('notes.txt', 'a').write(' and more'); print(open('notes.txt').read())",
        ],
        submission,
    )
    assert out[0].startswith("/home/trainee") and "'notes.txt'" in out[0]
    assert out[1] == "False False False False"
    assert out[2] == "True None"
    # The system folders, and the top folder of each of the kit's read-only binds
    # (the clone may live under /work, /check, /tmp or anywhere else).
    kit_tops = {Path(p).resolve().parts[1] for p in (ROOT, sys.prefix, sys.base_prefix)}
    assert set(out[3].strip("[]").replace("'", "").split(", ")) <= {
        "bin", "etc", "home", "lib", "lib32", "lib64", "root", "sbin", "tmp", "usr", "var",
    } | kit_tops  # fmt: skip
    assert out[4] == "my notes and more"
    assert (submission / "notes.txt").read_text() == "my notes"  # the copy changed, not the file


@pytest.fixture
def _secret_env(monkeypatch):
    monkeypatch.setenv("PMO_TEST_SECRET", "the coach's token")


def test_the_coach_s_environment_does_not_reach_the_kernel(submission, _secret_env):
    assert run(["import os; print(os.environ.get('PMO_TEST_SECRET'))"], submission) == ["None"]


def test_writes_outside_the_copy_are_refused(submission):
    import pmo_exercises

    kit = Path(pmo_exercises.__file__).parent
    out = run(
        [
            f"open({str(kit / 'planted.py')!r}, 'w')",
            "open('/usr/planted', 'w')",
            f"open({str(submission / 'planted')!r}, 'w')",
        ],
        submission,
    )
    assert "Read-only file system" in out[0]
    assert "Read-only file system" in out[1] or "Permission denied" in out[1]
    assert "No such file or directory" in out[2]
    assert not (kit / "planted.py").exists() and not (submission / "planted").exists()


def test_the_worker_s_sandbox_outlives_its_start_up():
    # bwrap's --die-with-parent follows the thread that started it: a sandbox started
    # from a pool's thread died with that thread, and each worker started a second one
    from dataclasses import asdict

    from pmo_exercises.course.coach.worker import start_zygotes

    limits = sandbox._config["limits"]
    sandbox.SandboxZygote.discard()
    start_zygotes(asdict(limits))
    started = sandbox.SandboxZygote._instance
    time.sleep(1.0)
    assert started is not None and started.proc.poll() is None
    assert sandbox.SandboxZygote.get() is started


def test_the_variant_comes_in_through_a_folder_the_kernel_reads_only(submission):
    # the trusted zygote hands the variant in there: a kernel that could write it could
    # plant a pickle for the sandbox's zygote, and so reach the next trainee's kernel
    zygote = sandbox.SandboxZygote.get()
    share = zygote.share_path()
    out = run(
        [
            f"import os; print(os.path.isdir({os.path.dirname(share)!r}))",
            f"open({share!r}, 'wb')",
        ],
        submission,
    )
    assert out[0] == "True"
    assert "Read-only file system" in out[1] or "Permission denied" in out[1]
    assert not os.path.exists(share)


def test_the_sandbox_s_kernel_takes_the_variant_the_trusted_zygote_built(submission):
    from pmo_exercises.course.coach.zygote import Zygote

    boxed, trusted = sandbox.SandboxZygote.get(), Zygote.get()
    share = boxed.share_path()
    trusted.prepare("alice", share=share)
    boxed.prepare("alice", adopt=share)
    code = (
        "import pmo_exercises as pmo\n"
        "from pmo_exercises.course import work\n"
        "ready = work.prebuilt()\n"
        "w = work.start('03_tracking', 'alice')\n"
        "print(ready, w.portfolio.digest() == pmo.load_portfolio(variant='alice').digest())"
    )
    assert run([code], submission)[0].splitlines()[-1] == "['alice'] True"
    assert os.listdir(os.path.dirname(share)) == []  # cleared once the kernel had it


def test_no_server_of_the_coach_can_be_reached(submission):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        out = run(
            [
                "import socket\n"
                "try:\n"
                f"    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
                "    print('reached')\n"
                "except OSError as e:\n"
                "    print(type(e).__name__)"
            ],
            submission,
        )
    finally:
        server.close()
    assert out == ["ConnectionRefusedError"] and not accepted


def test_nothing_of_one_trainee_is_left_for_the_next(submission, tmp_path):
    first = run(
        [
            "import subprocess, sys\n"
            "sleeper = 'import time; time.sleep(60)  # pmo-left-behind'\n"
            "subprocess.Popen([sys.executable, '-c', sleeper], start_new_session=True)\n"
            "open('/tmp/left', 'w').write('x'); open('/dev/shm/left', 'w').write('x')\n"
            "open('left-in-home', 'w').write('x'); print('planted')"
        ],
        submission,
    )
    assert first == ["planted"]
    other = tmp_path / "bob"
    other.mkdir()
    second = run(
        [
            "import os\n"
            "mine = {str(os.getpid()), str(os.getppid()), '1'}\n"
            "procs = [open(f'/proc/{p}/cmdline').read() for p in os.listdir('/proc')"
            " if p.isdigit() and p not in mine]\n"
            "print([p for p in procs if 'pmo-left-behind' in p], os.listdir('/tmp'),"
            " os.listdir('/dev/shm'), sorted(os.listdir('.')))"
        ],
        other,
    )
    # a kit cloned under /tmp (a CI machine) is bound there: its folder is no leftover
    binds = sorted({Path(p).parts[2] for p in bwrap.kit_paths() if p.startswith("/tmp/")})
    assert second == [f"[] {binds} [] ['.ipython']"]
    import psutil

    assert not [
        p
        for p in psutil.process_iter(["cmdline"])
        if "pmo-left-behind" in " ".join(p.info["cmdline"] or [])
    ]


def test_memory_beyond_the_limit_is_refused_and_the_kernel_goes_on(submission):
    out = run(
        [
            "try:\n    block = bytearray(1024 ** 3)\nexcept MemoryError:\n    print('refused')",
            "print(len(bytearray(10 * 1024 ** 2)))",
        ],
        submission,
    )
    assert out == ["refused", str(10 * 1024**2)]


def test_a_missing_bwrap_is_one_line(monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    monkeypatch.setattr(bwrap, "_checked", {})
    with pytest.raises(sandbox.SandboxError, match=r"^bwrap \(bubblewrap\) is not installed") as e:
        sandbox.check()
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("text", "size"),
    [("2G", 2 * 1024**3), ("768M", 768 * 1024**2), ("1.5GiB", int(1.5 * 1024**3)), (10**9, 10**9)],
)
def test_memory_sizes_read_as_a_coach_writes_them(text, size):
    assert sandbox.parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "2X", "1K", ""])
def test_a_bad_memory_size_is_one_line(text):
    with pytest.raises(ValueError, match="memory") as e:
        sandbox.parse_size(text)
    assert "\n" not in str(e.value)


def test_a_kit_that_lives_under_tmp_is_still_seen_and_kept(tmp_path, monkeypatch):
    """A CI clone in /tmp: its environment is bound on top of the sandbox's own /tmp."""
    import json
    import subprocess
    import sys

    kit = Path("/tmp") / f"pmo-kit-probe-{os.getpid()}"
    (kit / "lib").mkdir(parents=True, exist_ok=True)
    (kit / "lib" / "marker.txt").write_text("the kit")
    work = tmp_path / "work"
    for name in ("home", "ipc"):
        (work / name).mkdir(parents=True)
    real = bwrap.kit_paths()
    monkeypatch.setattr(bwrap, "kit_paths", lambda: [*real, str(kit)])
    try:
        cmd, settings = sandbox.bwrap_command(work, sandbox.Limits(), 60123)
        code = (
            "import json, os, sys\n"
            "from pmo_exercises.course.coach.zygote_process import reset\n"
            f"reset(['/tmp'], json.loads(sys.argv[1]))\n"
            f"print(open({str(kit / 'lib' / 'marker.txt')!r}).read())"
        )
        probe = [*cmd[: cmd.index("--")], "--", sys.executable, "-I", "-c", code]
        run = subprocess.run(
            [*probe, json.dumps(settings["keep"])], capture_output=True, text=True, timeout=60
        )
    finally:
        shutil.rmtree(kit)
    assert run.stdout.strip() == "the kit", run.stderr


def test_the_next_kernel_s_connection_file_survives_the_clean_up(submission):
    """Only the last kernel's sockets and files go: jupyter_client wrote the next one's already.

    Deleting it made jupyter_client write it again while the forked kernel read it,
    root-owned for an instant: now and then a kernel died of "Permission denied".
    """
    zygote = sandbox.SandboxZygote.get()
    ipc = zygote.workdir / "ipc"
    (ipc / "k0-1").write_text("a socket of the last kernel")
    nxt = ipc / "k99.json"
    nxt.write_text("{}")
    zygote.receive(str(submission), str(nxt))
    assert sorted(p.name for p in ipc.iterdir()) == ["k99.json"]
    nxt.unlink()
