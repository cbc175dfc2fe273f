"""Scratch folders: removed by a sweep once their owner has gone, however it went."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from pmo_exercises.course.coach import scratch
from pmo_exercises.course.coach.scratch import Scratch, sweep

_OWNER = """
import sys, time
from pmo_exercises.course.coach.scratch import Scratch
held = Scratch("pmo-test-", sys.argv[1])
print(held.path, flush=True)
time.sleep(600)
"""


def _owner(base) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(base)], stdout=subprocess.PIPE, text=True
    )
    return proc, proc.stdout.readline().strip()


def test_a_living_owner_s_folder_is_kept_and_a_killed_one_s_is_swept(tmp_path):
    proc, folder = _owner(tmp_path)
    try:
        assert os.path.isdir(folder)
        assert sweep("pmo-test-", tmp_path) == []
        assert os.path.isdir(folder)
    finally:
        proc.send_signal(signal.SIGKILL)  # no clean-up of its own
        proc.wait()
        proc.stdout.close()
    assert os.path.isdir(folder)
    assert [str(p) for p in sweep("pmo-test-", tmp_path)] == [folder]
    assert not os.path.exists(folder)


def test_our_own_folder_is_kept_until_we_remove_it(tmp_path):
    held = Scratch("pmo-test-", tmp_path)
    (held.path / "sub").mkdir()
    assert sweep("pmo-test-", tmp_path) == []
    held.remove()
    held.remove()  # a second time: nothing
    assert not held.path.exists()


def test_a_folder_without_its_lock_is_swept_only_past_the_grace(tmp_path):
    young, old = tmp_path / "pmo-test-young", tmp_path / "pmo-test-old"
    young.mkdir()
    old.mkdir()
    past = time.time() - scratch.GRACE_SECONDS - 5
    os.utime(old, (past, past))
    assert sweep("pmo-test-", tmp_path) == [old]
    assert young.is_dir()


def test_only_folders_with_the_prefix_are_swept(tmp_path):
    other = tmp_path / "someone-else"
    other.mkdir()
    past = time.time() - scratch.GRACE_SECONDS - 5
    os.utime(other, (past, past))
    link = tmp_path / "pmo-test-link"
    link.symlink_to(other)
    assert sweep("pmo-test-", tmp_path) == []
    assert other.is_dir() and link.is_symlink()
