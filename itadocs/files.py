"""Writing a file so that nothing is ever half-written: the one atomic writer (a temporary
file beside the target, fsync, rename), the permissions a written file gets, hashes, and
CSV that a spreadsheet opens safely. Every writer of itadocs goes through here.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from itadocs.exceptions import OutputError


def umask() -> int:
    """The process's umask (what it takes away from a new file's 0666)."""
    try:  # Linux names it without changing it (no race with other threads)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The permissions a written file gets: those of the file it replaces, else the user's
    normal ones for a new file (0644 under umask 022), so colleagues and a web server on a
    shared folder can read it. A temporary file alone would be private (0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~umask()


Content = bytes | Callable[[Path], object]  # the bytes, or what writes the file it is given


def write_atomic(path: Path, content: Content) -> Path:
    """The one atomic writer: ``content`` (bytes, or a function writing the file it is
    given, such as a workbook's or a font's ``save``) goes to a temporary file beside
    ``path``, then a rename puts it in place; the file keeps its permissions (a new one gets
    the user's normal ones). Any failure leaves the old file and raises ``OutputError``."""
    return commit(stage(path, content), path)


def in_memory(save: Callable[[io.BytesIO], object], path: Path) -> bytes:
    """What a library's ``save`` writes (an openpyxl workbook's, for ``path``), made in
    memory first so the file itself is written once, atomically. The library may still
    write temporary files of its own: when the disk is full it fails inside, leaving
    half-closed writers that would complain when collected ("Exception ignored ..."); they
    are closed here, quietly, and the failure is the one clear ``OutputError``."""
    from lxml import etree

    buffer = io.BytesIO()
    try:
        save(buffer)
    except (OSError, etree.LxmlError) as exc:
        reason = getattr(exc, "strerror", None) or _IO_ERRORS.get(str(exc), str(exc))
        _collect_quietly(exc)
        del exc
        raise _write_error(path, OSError(0, reason)) from None
    return buffer.getvalue()


# libxml2's names for what the C library calls EFBIG, ENOSPC, EDQUOT
_IO_ERRORS = {"IO_EFBIG": os.strerror(27), "IO_ENOSPC": os.strerror(28),
              "IO_EDQUOT": "Disk quota exceeded"}


def _collect_quietly(exc: BaseException) -> None:
    """Finalise what a failed save left suspended in ``exc``'s frames, its complaints
    unprinted (they repeat the failure itadocs reports)."""
    import gc
    import sys
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def stage(path: Path, content: Content) -> Path:
    """``content`` in a temporary file beside ``path``, on disk (fsync) but not yet in place."""
    if not path.parent.is_dir():
        raise OutputError(f"ไม่มีโฟลเดอร์ {path.parent}",
                          f"folder {path.parent} does not exist", where=str(path))
    mode = file_mode(path)
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".~itadocs-", suffix=path.suffix,
                                        dir=path.parent)
        tmp = Path(tmp_name)
        os.chmod(tmp, mode)
        if callable(content):
            os.close(fd)
            content(tmp)
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise _write_error(path, exc) from exc
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    return tmp


def commit(tmp: Path, path: Path) -> Path:
    """Put a staged file in place (an atomic rename); on failure the old file stays."""
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(path, exc) from exc
    sync_folder(path.parent)
    return path


def write_together(contents: dict[Path, bytes]) -> list[Path]:
    """Files that must be read together (a summary's workbook and its CSV files) put in
    place all or none: each is staged on disk first (a full disk fails here, before any
    file changes), then swapped in by renames, and a rename that fails puts back every file
    already swapped. Raises ``OutputError``; on any failure the old files are as they were
    and no temporary file is left."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, content in contents.items():
            staged.append((stage(path, content), path))
        return _swap_in(staged)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _swap_in(staged: list[tuple[Path, Path]]) -> list[Path]:
    """Rename each staged file over its target, keeping the old one aside until all are in."""
    done: list[tuple[Path, Path | None]] = []  # (target, the old file set aside, if any)
    try:
        for tmp, path in staged:
            aside = None
            if path.is_file() and not path.is_symlink():
                aside = path.with_name(f".~itadocs-old-{tmp.name}")
                os.replace(path, aside)
            done.append((path, aside))
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _write_error(path, exc) from exc
    except BaseException:
        for path, aside in reversed(done):
            if aside is not None:
                os.replace(aside, path)
            elif path.exists() and not path.is_dir():
                path.unlink()
        raise
    for _, aside in done:
        if aside is not None:
            aside.unlink(missing_ok=True)
    if staged:
        sync_folder(staged[0][1].parent)
    return [path for _, path in staged]


def land(made: Path, path: Path) -> Path:
    """Put a file another program made (LibreOffice's PDF, in a temporary folder on the same
    disk) in place as ``write_atomic`` does: on disk, with the permissions ``path`` has or
    a new file gets, then renamed over it."""
    try:
        os.chmod(made, file_mode(path))
        fd = os.open(made, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        made.unlink(missing_ok=True)
        raise _write_error(path, exc) from exc
    return commit(made, path)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; elsewhere the rename is enough)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_error(path: Path, exc: OSError) -> OutputError:
    if isinstance(exc, PermissionError):
        return OutputError(
            f"บันทึกไฟล์ {path.name} ไม่ได้ ไฟล์อาจเปิดอยู่ใน Word หรือโฟลเดอร์อ่านอย่างเดียว "
            "กรุณาปิดไฟล์แล้วสั่งใหม่ (ไฟล์เดิมยังอยู่ครบ)",
            f"cannot write {path.name}: it may be open in Word, or the folder is read-only; "
            "close it and run again (the previous file is unchanged)",
            where=str(path),
        )
    reason = exc.strerror or type(exc).__name__
    return OutputError(
        f"บันทึกไฟล์ {path.name} ไม่ได้: {reason} (ไฟล์เดิมยังอยู่ครบ)",
        f"cannot write {path.name}: {reason} (the previous file is unchanged)",
        where=str(path),
    )


# --------------------------------------------------------------------------- CSV

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @) is written with a leading '
    (a plain number such as -2.31 is left as it is)."""
    if (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel opens Thai text correctly."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")



def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None
