"""A build ends cleanly when it is told to stop, and its workers never outlive it.

SIGTERM and SIGHUP (a closed terminal, a service manager) become an ``Interrupted``
exception in the main process, like Ctrl-C, so what was written is recorded and the folder
lock released before it exits. Worker processes ignore those signals and end when their
parent does, even when the parent is killed with SIGKILL: Linux kills them at once
(``PR_SET_PDEATHSIG``), and a watchdog thread covers other systems.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from itadocs.exceptions import ItadocsError
from itadocs.messages import Label, Message, text

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class Interrupted(BaseException):
    """The build was told to stop (Ctrl-C, SIGTERM, SIGHUP); what was done is kept."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def message(self) -> Message:
        name = signal.Signals(self.signum).name
        return Message(
            f"หยุดการสร้างเอกสารตามคำสั่ง ({name}) ไฟล์ที่เขียนเสร็จแล้วถูกบันทึกไว้ "
            "สั่ง itadocs build อีกครั้งเพื่อทำส่วนที่เหลือ",
            f"build stopped ({name}); the districts already written are recorded; run "
            "'itadocs build' again to finish the rest",
        )

    def format(self) -> str:
        return text(Label.ERROR, self.message)

    def as_error(self) -> ItadocsError:
        """The stop as the error a ``--json`` failure carries (``BuildStopped``)."""
        from itadocs.exceptions import BuildStopped

        error = BuildStopped(self.message)
        error.exit_code = self.exit_code
        return error


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP (and Ctrl-C) into ``Interrupted`` while the block runs.

    Only the main thread can set handlers; elsewhere (a web server's thread) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: Any) -> None:
        raise Interrupted(signum)

    signums = (*STOP_SIGNALS, signal.SIGINT)
    previous = {s: signal.signal(s, stop) for s in signums}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def worker_init(parent: int) -> None:
    """First thing in a worker process: die with the parent, leave stopping to it."""
    for s in (*STOP_SIGNALS, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="itadocs-parent").start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def stop_workers(pool: Any) -> None:
    """End a process pool at once: pending work cancelled, running workers terminated."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
