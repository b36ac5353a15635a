"""Run one piece of work beside the main process and collect its outcome later.

A MkDocs build uses one core. The per-role downloads (thousands of files) depend
on nothing MkDocs makes, so the site hook has a forked child build and write them
while MkDocs renders the pages. Where forking is not available or not safe
(Windows and macOS, or a process that already runs other threads, such as
``mkdocs serve``), the same work simply runs in-process when ``wait`` is called.
Either way the caller sees one outcome: ``wait`` returns, or raises
:class:`BackgroundError` with the child's error message.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess


class BackgroundError(RuntimeError):
    """The work failed; the message is the original exception's type and text."""


def can_fork() -> bool:
    # Only Linux: macOS system libraries are not fork-safe, and a forked copy of a
    # multi-threaded process can deadlock on a lock another thread held.
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _child(work: Callable[[], None], send: Connection) -> None:
    try:
        work()
    except BaseException as exc:  # report everything, even KeyboardInterrupt, to the parent
        send.send(f"{type(exc).__name__}: {exc}")
        raise SystemExit(1) from None
    send.send(None)


class Background:
    """``work`` started by :meth:`start` and finished by :meth:`wait`."""

    def __init__(self, work: Callable[[], None], *, fork: bool | None = None) -> None:
        self._work = work
        self._fork = can_fork() if fork is None else fork
        self._proc: BaseProcess | None = None
        self._recv: Connection | None = None
        self._done = False

    @property
    def forked(self) -> bool:
        return self._proc is not None

    def start(self) -> None:
        if not self._fork:
            return
        ctx = multiprocessing.get_context("fork")
        # Buffered output would otherwise be printed twice: once by each process.
        sys.stdout.flush()
        sys.stderr.flush()
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(self._work, send), daemon=True)
        self._proc.start()
        send.close()

    def wait(self) -> None:
        if self._done:
            return
        self._done = True
        if self._proc is None or self._recv is None:
            try:
                self._work()
            except Exception as exc:
                raise BackgroundError(f"{type(exc).__name__}: {exc}") from exc
            return
        try:
            message = self._recv.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            message = None
        self._proc.join()
        code = self._proc.exitcode
        self._recv.close()
        self._proc = None
        if message is not None or code != 0:
            raise BackgroundError(message or f"后台进程意外退出（退出码 {code}）")

    def cancel(self) -> None:
        """Stop a running child, or drop work not started (the build failed; its files are not wanted)."""
        self._done = True
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join()
            self._proc = None
