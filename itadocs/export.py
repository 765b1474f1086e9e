"""Write outputs safely: complete files only, never a half-written document.

Each output is written to a temporary file in the same folder and renamed over the old one,
so an interrupted or failed run leaves the previous outputs as they were.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .exceptions import OutputError


def slug(text: str) -> str:
    """A file-name-safe ASCII form of a district's English name ("Khlong San" -> "khlong-san")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "district"


def output_names(district_en: str, fiscal_year: int) -> dict[str, str]:
    """File names that say which district and year a document is for."""
    base = f"{fiscal_year}-{slug(district_en)}"
    return {
        "measures": f"ita-measures-{base}.docx",
        "order": f"ita-order-{base}.docx",
    }


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
            folder.mkdir(parents=True)
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
    if not os.access(folder, os.W_OK):
        raise OutputError(
            f"เขียนไฟล์ลงโฟลเดอร์ {folder} ไม่ได้ (อ่านอย่างเดียว) เลือกโฟลเดอร์อื่นด้วย -o",
            f"output folder {folder} is read-only; choose another with -o",
            where=str(folder),
        )
    return folder


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    fd, tmp_name = tempfile.mkstemp(prefix=".~itadocs-", suffix=path.suffix, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"บันทึกไฟล์ {path.name} ไม่ได้: {exc.strerror} (ไฟล์เดิมยังอยู่ครบ)",
            f"cannot write {path.name}: {exc.strerror} (the previous file is unchanged)",
            where=str(path),
        ) from exc
    return path
