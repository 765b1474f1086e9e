"""One build at a time per output folder, and what a killed build left behind.

Two builds writing into one folder would race on the manifest and each other's files. A
build holds an exclusive, non-blocking lock on ``.itadocs-lock`` in the output folder for
as long as it writes there; a second build is told at once who holds it, never left
waiting. The operating system releases the lock when its holder dies, even by ``kill -9``,
so a killed build never leaves the folder locked. Holding the lock also makes it safe to
remove the temporary files a killed build left in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from itadocs.exceptions import OutputError

LOCK_NAME = ".itadocs-lock"
TEMP_PREFIX = ".~itadocs-"  # what write_atomic and the PDF staging folder are named
SCRATCH_PREFIX = "itadocs-"  # private folders in the system's temporary folder

_held: dict[Path, int] = {}  # folders this process holds, with a count (re-entrant)


class FolderBusy(OutputError):
    """Another build is writing into the output folder."""


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock (re-entrant within this process) or raise ``FolderBusy``."""
    key = folder.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    fh = _acquire(folder)
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        with contextlib.suppress(OSError):
            (folder / LOCK_NAME).unlink()
        fh.close()  # releases the lock


def _acquire(folder: Path):
    path = folder / LOCK_NAME
    for _ in range(5):  # the holder may remove the file between our open and our lock
        try:
            fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until released
        except OSError as exc:
            raise OutputError(
                f"ล็อกโฟลเดอร์ผลลัพธ์ {folder} ไม่ได้: {exc.strerror}",
                f"cannot lock output folder {folder}: {exc.strerror}",
                where=str(folder),
            ) from exc
        if not _try_lock(fh):
            holder = _holder(path)
            fh.close()
            raise FolderBusy(
                f"โฟลเดอร์ผลลัพธ์ {folder} กำลังถูกใช้โดยคำสั่ง itadocs build อีกงานหนึ่ง{holder[0]} "
                "รอให้งานนั้นเสร็จแล้วสั่งใหม่ หรือเลือกโฟลเดอร์อื่นด้วย -o",
                f"another itadocs build{holder[1]} is writing into {folder}; wait for it to "
                "finish and run again, or choose another folder with -o",
                where=str(folder),
            )
        try:
            same = os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
        except OSError:
            same = False
        if same:
            _describe_self(fh)
            return fh
        fh.close()  # locked a file that was just removed: try the new one
    raise FolderBusy(
        f"ล็อกโฟลเดอร์ผลลัพธ์ {folder} ไม่ได้ (มีงานอื่นใช้อยู่)",
        f"cannot lock output folder {folder} (another build keeps taking it)",
        where=str(folder),
    )


def _try_lock(fh) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _describe_self(fh) -> None:
    """Who holds the lock, for the message another build prints."""
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
    with contextlib.suppress(OSError):
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(info))
        fh.flush()


def _holder(path: Path) -> tuple[str, str]:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid, host, started = int(info["pid"]), str(info["host"]), str(info["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", ""
    return (f" (กระบวนการ {pid} บนเครื่อง {host} เริ่มเมื่อ {started})",
            f" (process {pid} on {host}, started {started})")


# --------------------------------------------------------------------------- leftovers


def remove_leftovers(folder: Path) -> list[str]:
    """Temporary files and folders a killed build left in ``folder`` (call holding the lock).

    Only itadocs' own ``.~itadocs-`` names are touched, never an office program's lock file.
    """
    removed: list[str] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry.name)
    return sorted(removed)


def scratch_dir(kind: str) -> tempfile.TemporaryDirectory:
    """A private temporary folder named by this process, so a later run can tell it was
    left by a process that no longer exists."""
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{kind}-")


def remove_stale_scratch(max_age_hours: float = 24) -> list[str]:
    """Remove temporary folders of itadocs processes that are gone (killed mid-run)."""
    removed = []
    root = Path(tempfile.gettempdir())
    now = dt.datetime.now().timestamp()
    for entry in root.glob(f"{SCRATCH_PREFIX}*-*"):
        parts = entry.name.split("-")
        if len(parts) < 3 or not parts[1].isdigit() or not entry.is_dir() or entry.is_symlink():
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        if os.name == "posix":
            gone = not process_alive(int(parts[1]))
        else:  # no safe way to probe a process: only a day-old folder is taken as left
            gone = now - info.st_mtime > max_age_hours * 3600
        if not gone:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append(entry.name)
    return removed


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs; another user's process counts as running.
    POSIX only (on Windows, os.kill would end the process)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True
