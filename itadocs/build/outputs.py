"""The output folder: its file names, its checks, the one atomic writer, and the manifest.

Each output (a document, a data file, a workbook, a font) is written to a temporary file in
the same folder and renamed over the old one, so an interrupted or failed run leaves the
previous outputs as they were.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from itadocs.exceptions import OutputError


def slug(text: str) -> str:
    """A file-name-safe ASCII form of a district's English name ("Khlong San" -> "khlong-san")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "district"


def output_names(district_en: str, fiscal_year: int, pdf: bool = False) -> dict[str, str]:
    """File names that say which district and year each output is for."""
    base = f"{fiscal_year}-{slug(district_en)}"
    names = {
        "measures": f"ita-measures-{base}.docx",
        "order": f"ita-order-{base}.docx",
        "scores_csv": f"ita-scores-{base}.csv",
        "measures_csv": f"ita-measures-{base}.csv",
        "json": f"ita-data-{base}.json",
    }
    if pdf:
        names["measures_pdf"] = f"ita-measures-{base}.pdf"
        names["order_pdf"] = f"ita-order-{base}.pdf"
    return names


def ensure_folder(folder: Path, create: bool) -> Path:
    """The output folder, created if missing (its parent too when ``create``); a clear
    error when it cannot be, or is read-only."""
    if not folder.exists():
        if not create and not folder.parent.is_dir():
            raise OutputError(
                f"ไม่มีโฟลเดอร์ {folder.parent} ที่จะสร้างโฟลเดอร์ผลลัพธ์ {folder.name} "
                "กรุณาสร้างโฟลเดอร์ก่อน หรือเลือกโฟลเดอร์อื่นด้วย -o",
                f"cannot create output folder {folder}: {folder.parent} does not exist; "
                "create it or choose another with -o",
                where=str(folder),
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"สร้างโฟลเดอร์ผลลัพธ์ {folder} ไม่ได้: {exc.strerror}",
                f"cannot create output folder {folder}: {exc.strerror}",
                where=str(folder),
            ) from exc
    if not folder.is_dir():
        raise OutputError(
            f"{folder} ไม่ใช่โฟลเดอร์", f"{folder} is not a folder", where=str(folder)
        )
    if not writable(folder):
        raise OutputError(
            f"เขียนไฟล์ลงโฟลเดอร์ {folder} ไม่ได้ (อ่านอย่างเดียว) เลือกโฟลเดอร์อื่นด้วย -o",
            f"output folder {folder} is read-only; choose another with -o",
            where=str(folder),
        )
    return folder


def writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


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


# --------------------------------------------------------------------------- data files

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


# --------------------------------------------------------------------------- manifest

MANIFEST = ".itadocs-manifest.json"


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


class Manifest:
    """What each output in a folder was built from, and its bytes' hash when written.

    It tells an unchanged district (skip it), and an output edited by hand since it was
    written (never overwrite it silently). It is saved as each district is written, before
    its files are renamed into place: an entry names the new file's hash and, until the
    rename is done, the hash of the file it replaces, so a run killed in between leaves
    files the next run still knows as its own.
    """

    def __init__(self, folder: Path, entries: dict[str, dict[str, str]] | None = None) -> None:
        """Read the folder's manifest, or take ``entries`` already read (a worker's copy)."""
        import json

        self.folder = folder
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, str]] = {}
        self.dirty = False
        self.damaged = ""  # why the manifest on disk could not be used in full
        if entries is not None:
            self.entries = entries
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            self.damaged = getattr(exc, "strerror", None) or type(exc).__name__
            return
        try:
            data = json.loads(text)
        except ValueError as exc:
            self.damaged = f"JSON: {exc}"
            return
        self.entries, self.damaged = _valid_entries(data)

    def edited(self, name: str) -> bool:
        """True when ``name`` exists but is not a file itadocs wrote there."""
        current = file_sha256(self.folder / name)
        if current is None:
            return False
        entry = self.entries.get(name)
        return entry is None or current not in (entry.get("sha256"), entry.get("replaces"))

    def unchanged(self, names: list[str], fingerprint: str) -> bool:
        """All outputs exist as written, from the same inputs: nothing to rebuild."""
        for name in names:
            entry = self.entries.get(name)
            if entry is None or entry.get("inputs") != fingerprint:
                return False
            if file_sha256(self.folder / name) != entry.get("sha256"):
                return False
        return True

    def record(self, name: str, data: bytes, fingerprint: str, source: str) -> None:
        self.entries[name] = {"sha256": sha256(data), "inputs": fingerprint, "source": source}
        self.dirty = True

    def intend(self, name: str, data: bytes, fingerprint: str, source: str) -> None:
        """Record a file about to be renamed into place; the file there now stays known."""
        current = file_sha256(self.folder / name)
        self.record(name, data, fingerprint, source)
        if current is not None and current != self.entries[name]["sha256"]:
            self.entries[name]["replaces"] = current

    def settle(self, names: list[str]) -> None:
        """The renames are done: only the new files are known."""
        for name in names:
            if self.entries.get(name, {}).pop("replaces", None) is not None:
                self.dirty = True

    def save(self) -> None:
        """Write the manifest durably (temporary file, fsync, rename, fsync of the folder)."""
        if not self.dirty:
            return
        import json

        text = json.dumps({"version": 1, "outputs": dict(sorted(self.entries.items()))},
                          ensure_ascii=False, indent=1)
        write_atomic(self.path, text.encode("utf-8", "replace"))
        self.dirty = False


def _valid_entries(data: object) -> tuple[dict[str, dict[str, str]], str]:
    """The well-formed entries of a manifest, and what was wrong with the rest."""
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        return {}, "not an itadocs manifest (no 'outputs' object)"
    entries, bad = {}, []
    for name, entry in outputs.items():
        if (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and all(isinstance(v, str) for v in entry.values())):
            entries[name] = dict(entry)
        else:
            bad.append(name)
    return entries, (f"{len(bad)} entries of the wrong shape ({', '.join(bad[:3])})"
                     if bad else "")


def backup_edited(path: Path, now: str) -> Path:
    """Keep a hand-edited output as ``name.edited-<date>.ext`` before it is replaced."""
    backup = path.with_name(f"{path.stem}.edited-{now}{path.suffix}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.stem}.edited-{now}-{counter}{path.suffix}")
        counter += 1
    os.replace(path, backup)
    return backup
