"""What the views share to read a posted form and to answer with a file."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote

from starlette.datastructures import UploadFile

from itadocs.exceptions import ItadocsError
from itadocs.thai import arabic_digits
from itadocs.web.security import BadForm


def upload_of(value: object) -> UploadFile:
    """The form's file, or a form that cannot be read (400) when none was chosen."""
    if not isinstance(value, UploadFile) or not value.filename:
        raise BadForm()
    return value


async def save(upload: UploadFile, folder: Path, name: str) -> Path:
    """Write an uploaded file into ``folder`` as ``name``: a name of the server's making
    (``store.stored_name``) or one the workbook gives, never the upload's own."""
    path = folder / name
    await upload.seek(0)
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            out.write(chunk)
    return path


def year_of(value: object) -> int | None:
    """The year typed in a form (Thai or Arabic digits); None when blank.

    Raises the library's error, naming the field, when it is not a year."""
    text = arabic_digits(str(value or "")).strip()
    if not text:
        return None
    if text.isdigit() and len(text) <= 4:
        return int(text)
    shown = str(value)[:20]
    raise ItadocsError(f"'{shown}' ไม่ใช่ปี พ.ศ. (พิมพ์ตัวเลข 4 หลัก เช่น 2569)",
                       f"'{shown}' is not a Buddhist-era year (type four digits, e.g. 2569)",
                       where="ปีงบประมาณ / fiscal year")


def media_type(name: str) -> str:
    if name.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def attachment(name: str) -> dict[str, str]:
    """The header that makes a browser save ``name`` (Thai names too) instead of showing it."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return {"content-disposition":
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}
