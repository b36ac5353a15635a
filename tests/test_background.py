"""Work run beside the main process: the same outcome forked or in-process."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from orgkit.background import Background, BackgroundError

needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forking is used on Linux only")


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_work_is_done_by_wait(fork: bool, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    job = Background(lambda: out.write_text(str(os.getpid())), fork=fork)
    job.start()
    assert job.forked is fork
    job.wait()
    pid = int(out.read_text())
    assert (pid != os.getpid()) is fork


@pytest.mark.parametrize("fork", [pytest.param(True, marks=needs_fork), False])
def test_failure_reaches_the_caller(fork: bool) -> None:
    def work() -> None:
        raise OSError(28, "No space left on device")

    job = Background(work, fork=fork)
    job.start()
    with pytest.raises(BackgroundError, match=r"OSError: .*No space left on device"):
        job.wait()


@needs_fork
def test_a_killed_child_is_an_error() -> None:
    job = Background(lambda: os.kill(os.getpid(), signal.SIGKILL), fork=True)
    job.start()
    with pytest.raises(BackgroundError, match="意外退出"):
        job.wait()


@needs_fork
def test_cancel_stops_the_child(tmp_path: Path) -> None:
    out = tmp_path / "never"
    job = Background(lambda: (signal.pause(), out.write_text("x")), fork=True)
    job.start()
    job.cancel()
    assert not job.forked and not out.exists()
    job.wait()  # cancelled work is not run again in-process (it would block here)


def test_wait_runs_the_work_once(tmp_path: Path) -> None:
    calls: list[int] = []
    job = Background(lambda: calls.append(1), fork=False)
    job.start()
    job.wait()
    job.wait()
    assert calls == [1]
