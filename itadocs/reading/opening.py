"""Opening a workbook file: whether it is an Excel workbook itadocs can read (and if not,
why, in both languages), within bounds (its size, a zip bomb, a number of thousands of
digits), and Python's limit on a number's digits shared by readers in threads."""

from __future__ import annotations

import contextlib
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from itadocs.exceptions import WorkbookUnreadable
from itadocs.messages import Message
from itadocs.reading.xlsxload import load as load_compact

MAX_FILE_BYTES = 30 * 1024 * 1024  # a filled workbook is well under 1 MB
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # refuse zip bombs before openpyxl inflates them
MAX_NUMBER_DIGITS = 100_000  # digits of a number cell openpyxl may convert


def _not_a_workbook(name: str) -> Message:
    """A file that is no .xlsx: what to use instead (on the web page, its button)."""
    what_th = f"ไฟล์ {name} ไม่ใช่สมุดงาน .xlsx (อาจเป็นไฟล์ CSV หรือข้อความ) กรุณาใช้สมุดงานที่"
    what_en = f"{name} is not an .xlsx workbook (perhaps CSV or text); use a workbook "
    return Message(what_th + "สร้างด้วย itadocs new", what_en + "made with 'itadocs new'",
                   web=Message(what_th + "ดาวน์โหลดจากหน้าแรก (สมุดงานว่างของเขต)",
                               what_en + "downloaded from the home page (\"A blank workbook "
                               "for a district\")"))


def _excel_lock(name: str, workbook: str) -> Message:
    """Excel's lock file of an open workbook (``~$…``), named instead of the workbook."""
    return Message(
        f"{name} เป็นไฟล์ล็อกที่ Excel สร้างขณะเปิดสมุดงาน {workbook} ไม่ใช่สมุดงาน ระบุ {workbook} "
        "แทน (บันทึกใน Excel ก่อน)",
        f"{name} is the lock file Excel keeps while {workbook} is open, not a workbook; "
        f"name {workbook} instead (save it in Excel first)")


def _check_package(path: Path, name: str) -> None:
    """The zip package is an Excel workbook itadocs can read, or why not."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            unzipped = sum(info.file_size for info in zf.infolist())
            mimetype = (_head(zf, "mimetype", 200).decode("ascii", "replace")
                        if "mimetype" in names else "")
            strict = "xl/workbook.xml" in names and _STRICT in _head(zf, "xl/workbook.xml")
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} เสียหาย เปิดไม่ได้ ({exc})", f"{name} is corrupt ({exc})", where=name
        ) from exc
    if "opendocument" in mimetype:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} เป็นไฟล์ OpenDocument (.ods) กรุณาบันทึกเป็น .xlsx "
            "(ไฟล์ > บันทึกเป็น > Excel 2007-365)",
            f"{name} is an OpenDocument spreadsheet (.ods); save it as .xlsx "
            "(File > Save As > Excel 2007-365)",
            where=name,
        )
    if "xl/workbook.xml" not in names:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} ไม่ใช่สมุดงาน Excel (.xlsx)", f"{name} is not an Excel workbook",
            where=name,
        )
    if strict:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} บันทึกเป็นแบบ Strict Open XML ซึ่ง itadocs อ่านไม่ได้ เปิดใน Excel แล้ว"
            "บันทึกเป็น > สมุดงาน Excel (.xlsx) (ไม่ใช่ 'สเปรดชีต Strict Open XML')",
            f"{name} is saved as a Strict Open XML Spreadsheet, which itadocs cannot read; "
            "open it in Excel and Save As > Excel Workbook (.xlsx) (not 'Strict Open XML "
            "Spreadsheet')",
            where=name,
        )
    if unzipped > MAX_UNZIPPED_BYTES:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} เมื่อขยายแล้วใหญ่เกิน {MAX_UNZIPPED_BYTES // 1_048_576} MB "
            "(อาจเป็นไฟล์อันตราย) จึงไม่เปิด",
            f"{name} would expand to more than {MAX_UNZIPPED_BYTES // 1_048_576} MB "
            "(possibly a zip bomb); refused",
            where=name,
        )


def open_workbook(path: Path) -> tuple[Any, dict]:
    """Open the workbook (its compact copy, see xlsxload.py) and what the copy left out, or
    explain in both languages why it cannot be opened."""
    name = str(path)
    if not path.exists():
        raise WorkbookUnreadable(f"ไม่พบไฟล์ {name}", f"file not found: {name}", where=name)
    if path.is_dir():
        raise WorkbookUnreadable(
            f"{name} เป็นโฟลเดอร์ ไม่ใช่ไฟล์สมุดงาน", f"{name} is a folder, not a workbook",
            where=name,
        )
    size = path.stat().st_size
    if size == 0:
        raise WorkbookUnreadable(f"ไฟล์ {name} ว่างเปล่า", f"{name} is empty", where=name)
    if size > MAX_FILE_BYTES:
        raise WorkbookUnreadable(
            f"ไฟล์ {name} ใหญ่เกินไป ({size // 1_048_576} MB) สมุดงาน ITA ปกติไม่เกิน 1 MB",
            f"{name} is too large ({size // 1_048_576} MB); an ITA workbook is under 1 MB",
            where=name,
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookUnreadable(
            f"ไฟล์ {name} เป็นไฟล์ Excel รุ่นเก่า (.xls) หรือมีรหัสผ่าน กรุณาเปิดใน Excel "
            "เอารหัสผ่านออก แล้วบันทึกเป็น .xlsx (สมุดงาน Excel)",
            f"{name} is an old Excel (.xls) file or is password-protected; open it in Excel, "
            "remove the password and save it as .xlsx (Excel Workbook)",
            where=name,
        )
    if not head.startswith(b"PK\x03\x04"):
        if path.name.startswith("~$"):
            raise WorkbookUnreadable(_excel_lock(name, path.name[2:]), where=name)
        raise WorkbookUnreadable(_not_a_workbook(name), where=name)
    _check_package(path, name)
    try:
        return load_compact(path)
    except WorkbookUnreadable:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files
        raise WorkbookUnreadable(
            f"เปิดไฟล์ {name} ไม่ได้ ไฟล์อาจเสียหาย ({type(exc).__name__})",
            f"cannot open {name}; the file may be corrupt ({type(exc).__name__}: {exc})",
            where=name,
        ) from exc


_STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"  # ISO 29500 Strict's namespace


def _head(zf: zipfile.ZipFile, part: str, size: int = 4096) -> bytes:
    """The first bytes of a part (its root element and namespaces)."""
    with zf.open(part) as fh:
        return fh.read(size)


@contextlib.contextmanager
def long_numbers() -> Iterator[None]:
    """Let openpyxl and the reader handle a cell of a few thousand digits (Python refuses
    over 4300 by default), so the cell is named; the bound keeps conversion fast. What the
    reader returns holds no such number (scores are Decimals, integers are bounded).

    The limit is the whole process's: with readers in several threads (the web page), the
    first to start raises it and the last to finish puts the old one back, so no reader
    finds it lowered under it."""
    global _readers, _limit_before
    with _readers_lock:
        if _readers == 0:
            _limit_before = sys.get_int_max_str_digits()
            sys.set_int_max_str_digits(max(_limit_before, MAX_NUMBER_DIGITS))
        _readers += 1
    try:
        yield
    finally:
        with _readers_lock:
            _readers -= 1
            if _readers == 0:
                sys.set_int_max_str_digits(_limit_before)


_readers_lock = threading.Lock()
_readers = 0  # readers inside _long_numbers now
_limit_before = 0  # the limit the first of them found


