"""The output folder: its file names, its checks, and the manifest of what was written
there (each file through the one atomic writer, ``itadocs.files``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from itadocs.exceptions import OutputError
from itadocs.files import file_sha256, sha256, write_atomic
from itadocs.kinds import BUILD_KINDS, PROGRESS_KINDS, OutputKind


def slug(text: str) -> str:
    """A file-name-safe ASCII form of a district's English name ("Khlong San" -> "khlong-san")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "district"


def output_names(district_en: str, fiscal_year: int, pdf: bool = False,
                 round_months: int | None = None) -> dict[OutputKind, str]:
    """File names that say which district and year each output is for (and which round,
    for a progress report: ``ita-progress-6-2568-khlong-san.docx``)."""
    base = f"{fiscal_year}-{slug(district_en)}"
    kinds = BUILD_KINDS
    if round_months is not None:
        base, kinds = f"{round_months}-{base}", PROGRESS_KINDS
    return {kind: kind.file_name(base) for kind in kinds if pdf or not kind.is_pdf}


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


# --------------------------------------------------------------------------- manifest

MANIFEST = ".itadocs-manifest.json"


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
