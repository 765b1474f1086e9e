"""One build at a time per output folder, and what a killed build left behind.

Two builds writing into one folder would race on the manifest and each other's files. A
build holds an exclusive, non-blocking lock on ``.itadocs-lock`` in the output folder for
as long as it writes there; a second build is told at once who holds it, never left
waiting. The operating system releases the lock when its holder dies, even by ``kill -9``,
so a killed build never leaves the folder locked (the file it leaves is removed by the next
build). Anyone who can create a file in a shared folder could put something else under
that name: the lock file is created new (``O_EXCL``), never through a link
(``O_NOFOLLOW``), and a file itadocs did not create is never written to; a link, a FIFO, a
folder, or a stale lock file of another user that cannot be removed is refused with what
it is, whose it is and how to clear it. Holding the lock also makes it safe to remove the
temporary files a killed build left in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

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
        if _same_file(folder / LOCK_NAME, fh.fileno()):  # ours, not one put in its place
            with contextlib.suppress(OSError):
                (folder / LOCK_NAME).unlink()
        fh.close()  # releases the lock


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting


def _acquire(folder: Path) -> IO[str]:
    """Create ``.itadocs-lock`` (never through a link, never truncating a file itadocs did
    not create) and lock it. A lock file no build holds any more (a build killed with
    ``kill -9`` leaves it) is removed and made again."""
    path = folder / LOCK_NAME
    for _ in range(5):  # the holder may remove the file between our open and our lock
        opened = _open_lock(folder, path)
        if opened is None:
            continue  # removed in between
        fd, created = opened
        fh = open(fd, "r+" if created else "r", encoding="utf-8")  # noqa: SIM115 - held
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
        if not _same_file(path, fh.fileno()):
            fh.close()  # locked a file that was just removed: try the new one
            continue
        if created:
            _describe_self(fh)
            return fh
        if os.name == "nt":  # an open file cannot be removed there: held as it is, unwritten
            return fh
        try:
            _remove_stale(folder, path)
        finally:
            fh.close()
    raise FolderBusy(
        f"ล็อกโฟลเดอร์ผลลัพธ์ {folder} ไม่ได้ (มีงานอื่นใช้อยู่)",
        f"cannot lock output folder {folder} (another build keeps taking it)",
        where=str(folder),
    )


def _open_lock(folder: Path, path: Path) -> tuple[int, bool] | None:
    """A descriptor of the lock file and whether this call created it (None: it was
    removed in between). An existing one is opened read-only (a lock needs no more),
    without following a link; anything but a plain file there is refused, saying what it
    is."""
    flags = _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | flags, 0o644), True
    except FileExistsError:
        pass
    except OSError as exc:
        raise _cannot_lock(folder, path, exc) from exc
    try:
        fd = os.open(path, os.O_RDONLY | flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_lock(folder, path, exc) from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise _not_a_lock(folder, path, _kind(info.st_mode))
    return fd, False


def _same_file(path: Path, fd: int) -> bool:
    try:
        here, held = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


def _kind(mode: int) -> tuple[str, str]:
    if stat.S_ISLNK(mode):
        return "ลิงก์ (symbolic link)", "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "ท่อส่งข้อมูล (FIFO)", "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "โฟลเดอร์", "a folder"
    if stat.S_ISSOCK(mode):
        return "ซ็อกเก็ต (socket)", "a socket"
    return "ไฟล์อุปกรณ์", "a device file"


def _not_a_lock(folder: Path, path: Path, kind: tuple[str, str]) -> OutputError:
    return OutputError(
        f"{path} ไม่ใช่ไฟล์ล็อกของ itadocs แต่เป็น{kind[0]} itadocs จึงไม่ใช้และไม่เขียนทับ "
        f"กรุณาลบออก (rm '{path}') หรือเลือกโฟลเดอร์อื่นด้วย -o",
        f"{path} is not itadocs' lock file but {kind[1]}; itadocs neither follows nor "
        f"overwrites it: delete it (rm '{path}') or choose another folder with -o",
        where=str(folder),
    )


def _cannot_lock(folder: Path, path: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
        return _not_a_lock(folder, path, _kind(stat.S_IFLNK))
    if exc.errno == errno.EISDIR:
        return _not_a_lock(folder, path, _kind(stat.S_IFDIR))
    owner = _owner(path)
    if isinstance(exc, PermissionError) and path.exists() and owner != _me():
        who = owner or "?"
        return OutputError(
            f"ไฟล์ล็อก {path} เป็นของผู้ใช้ {who} และผู้ใช้นี้เปิดไม่ได้ ({exc.strerror}) "
            f"จึงบอกไม่ได้ว่างานของ {who} ยังทำงานอยู่หรือไม่ ถ้าไม่มีงาน itadocs build ของ {who} "
            f"ทำงานอยู่ ให้ {who} หรือผู้ดูแลระบบลบไฟล์นี้ (rm '{path}') หรือเลือกโฟลเดอร์อื่นด้วย -o",
            f"the lock file {path} belongs to user {who} and cannot be opened by you "
            f"({exc.strerror}), so whether a build of {who}'s still runs cannot be told; if "
            f"none does, ask {who} or an administrator to delete it (rm '{path}'), or choose "
            "another folder with -o",
            where=str(folder),
        )
    reason = exc.strerror or type(exc).__name__
    return OutputError(
        f"ล็อกโฟลเดอร์ผลลัพธ์ {folder} ไม่ได้: {reason}",
        f"cannot lock output folder {folder}: {reason}",
        where=str(folder),
    )


def _remove_stale(folder: Path, path: Path) -> None:
    """Remove a lock file no build holds, or say whose it is and how to clear it."""
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        owner, holder = _owner(path), _holder(path)
        who = owner or "?"
        reason = exc.strerror or type(exc).__name__
        raise OutputError(
            f"ไฟล์ล็อก {path} ของผู้ใช้ {who} ค้างอยู่จากงานที่หยุดไปแล้ว{holder[0]} และผู้ใช้นี้ลบไม่ได้ "
            f"({reason}) ให้ {who} หรือผู้ดูแลระบบลบไฟล์นี้ (rm '{path}') แล้วสั่งใหม่ "
            "หรือเลือกโฟลเดอร์อื่นด้วย -o",
            f"a stale lock file {path} of user {who}, left by a build that no longer "
            f"runs{holder[1]}, blocks this build and you cannot remove it ({reason}): ask "
            f"{who} or an administrator to delete it (rm '{path}') and run again, or choose "
            "another folder with -o",
            where=str(folder),
        ) from exc


def _owner(path: Path) -> str:
    """The name of the user a file belongs to ("" when it cannot be told)."""
    try:
        return _user(os.stat(path, follow_symlinks=False).st_uid)
    except OSError:
        return ""


def _me() -> str:
    return _user(os.getuid()) if hasattr(os, "getuid") else ""


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _try_lock(fh: IO[str]) -> bool:
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


def _describe_self(fh: IO[str]) -> None:
    """Who holds the lock, for the message another build prints (into the empty file this
    build has just created)."""
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
    with contextlib.suppress(OSError):
        fh.write(json.dumps(info))
        fh.flush()


def _holder(path: Path) -> tuple[str, str]:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return "", ""
            info = json.loads(fh.read(4096).decode("utf-8"))
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
