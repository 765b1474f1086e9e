"""Photos of sections 4, 6, 7 and 8: pasted into the ภาพ sheet, or files beside the workbook.

A picture pasted into a row of the ภาพ sheet travels with the workbook, so a workbook sent
to a colleague builds the same documents. A file is the alternative, named by its exact path
relative to the workbook's folder (``ภาพ/ประชุม.jpg``): nothing is searched for, a glob
character is just a character, a link leading out of the folder is refused, and a name
only matches across letter case or Unicode spelling when exactly one file fits. Every
photo is opened and decoded at ``check`` time, with its pixels bounded, so a file that is
not an image, is empty, cut short or a decompression bomb is reported with its ภาพ cell
before anything is built. The photos of a workbook together are bounded too (how many, the
bytes of their files, their pixels), as ``build`` will place them: the same budget for
``check``, ``build``, ``draft`` and the web page, which all check first.
"""

from __future__ import annotations

import io
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.model import Photo, WorkbookData
from itadocs.reading import schema
from itadocs.reading.pasted import (
    MAX_MEDIA_BYTES,
    MAX_PICTURES,
    MAX_STORED_BYTES,
    Found,
    read,
)

MAX_FILE_BYTES = MAX_MEDIA_BYTES  # a phone's photo is a few MB
MAX_DECODED_BYTES = 1024 * 1024 * 1024  # the pixels of all the photos of a workbook
MAX_PIXELS_JPEG = 100_000_000  # decoded at a reduced scale, so a 100 MP photo is cheap
MAX_PIXELS = 25_000_000  # other formats are decoded whole (100 MB for RGBA)
FORMATS = ("JPEG", "MPO", "PNG", "GIF", "BMP", "TIFF", "WEBP")
SUGGEST_SCAN = 2000  # entries looked at to suggest where a missing file is

class PhotoError(Exception):
    """Why a photo cannot be used (a stable code and the message in both languages; ``web``
    when the web page says it otherwise, see ``Message.web``)."""

    def __init__(self, code: ProblemCode, th: str, en: str, web: Message | None = None
                 ) -> None:
        super().__init__(en)
        self.code, self.th, self.en, self.web = code, th, en, web


# --------------------------------------------------------------------------- files


def resolve(folder: Path, typed: str) -> Path:
    """The file a ภาพ cell names: its exact path relative to ``folder``, inside it."""
    text = typed.strip().replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        raise PhotoError(
            ProblemCode.PHOTO_OUTSIDE,
            f"'{typed}' เป็นที่อยู่เต็มของไฟล์ ให้พิมพ์ที่อยู่เทียบกับโฟลเดอร์ของสมุดงาน เช่น "
            "ภาพ/ประชุม.jpg หรือวางภาพลงในแถวนี้แทน",
            f"'{typed}' is a full path; give the path relative to the workbook's folder, e.g. "
            "ภาพ/ประชุม.jpg, or paste the picture into this row",
        )
    parts = [p for p in PurePosixPath(text).parts if p not in ("", ".")]
    if ".." in parts or not parts:
        raise PhotoError(
            ProblemCode.PHOTO_OUTSIDE,
            f"'{typed}' ชี้ออกนอกโฟลเดอร์ของสมุดงาน ภาพต้องอยู่ในโฟลเดอร์ของสมุดงานหรือโฟลเดอร์ย่อย",
            f"'{typed}' points outside the workbook's folder; a photo must be in that folder "
            "or a sub-folder of it",
        )
    base = folder.resolve()
    candidate = folder.joinpath(*parts)
    if not candidate.exists() and not candidate.is_symlink():
        candidate = _same_name(folder.joinpath(*parts[:-1]), parts[-1], typed)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise _missing(folder, typed, parts) from exc
    if real != base and base not in real.parents:
        raise PhotoError(
            ProblemCode.PHOTO_OUTSIDE,
            f"'{typed}' เป็นลิงก์ที่ชี้ออกนอกโฟลเดอร์ของสมุดงาน จึงไม่ใช้ คัดลอกไฟล์ภาพมาไว้ในโฟลเดอร์",
            f"'{typed}' is a link leading outside the workbook's folder and is not used; copy "
            "the photo into the folder",
        )
    mode = real.stat().st_mode
    if not stat.S_ISREG(mode):
        raise PhotoError(
            ProblemCode.PHOTO_NOT_A_FILE,
            f"'{typed}' ไม่ใช่ไฟล์ภาพ (เป็นโฟลเดอร์หรือไฟล์พิเศษ)",
            f"'{typed}' is not a file (a folder or a special file)",
        )
    return real


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _same_name(parent: Path, name: str, typed: str) -> Path:
    """The one file of ``parent`` whose name differs from ``name`` only by letter case or
    Unicode spelling (as Windows and macOS would find it); several are ambiguous."""
    try:
        entries = [p for p in parent.iterdir() if _fold(p.name) == _fold(name)]
    except OSError:
        return parent / name
    if len(entries) > 1:
        names = ", ".join(sorted(p.name for p in entries))
        raise PhotoError(
            ProblemCode.PHOTO_AMBIGUOUS,
            f"'{typed}' ตรงกับหลายไฟล์ ({names}) พิมพ์ชื่อให้ตรงตัวพิมพ์ของไฟล์ที่ต้องการ",
            f"'{typed}' matches several files ({names}); type the exact name of the one you "
            "mean",
        )
    return entries[0] if entries else parent / name


def _missing(folder: Path, typed: str, parts: list[str]) -> PhotoError:
    found = _look_for(folder, parts[-1])
    hint_th = hint_en = ""
    if found:
        where = ", ".join(found[:5])
        hint_th = f" พบไฟล์ชื่อนี้ที่ {where} ให้พิมพ์ที่อยู่นั้นให้ครบ"
        hint_en = f"; a file of that name is at {where}: type that path in full"
    return PhotoError(
        ProblemCode.PHOTO_MISSING,
        f"ไม่พบไฟล์ภาพ '{typed}' ในโฟลเดอร์ของสมุดงาน ({folder}){hint_th} "
        "หรือวางภาพลงในแถวนี้แทน",
        f"photo '{typed}' not found in the workbook's folder ({folder}){hint_en}; or paste "
        "the picture into this row",
        Message(f"ยังไม่ได้อัปโหลดไฟล์ภาพ '{typed}' อัปโหลดในช่องภาพด้านล่าง "
                "หรือวางภาพลงในแถวนี้ของสมุดงานแทน",
                f"photo '{typed}' has not been uploaded: add it in the photos box below, or "
                "paste the picture into this row of the workbook"),
    )


def _look_for(folder: Path, name: str) -> list[str]:
    """Where a file of this name is, two levels down at most, for the message only."""
    found: list[str] = []
    seen = 0
    queue = [(folder, 0)]
    while queue and seen < SUGGEST_SCAN:
        current, depth = queue.pop(0)
        try:
            entries = sorted(current.iterdir())
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.is_symlink():
                continue
            if entry.is_dir() and depth < 2:
                queue.append((entry, depth + 1))
            elif _fold(entry.name) == _fold(name):
                found.append(entry.relative_to(folder).as_posix())
    return found


def read_file(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PhotoError(
            ProblemCode.PHOTO_TOO_LARGE,
            f"ไฟล์ภาพใหญ่เกินไป ({size // 1_048_576} MB) ลดขนาดภาพให้ไม่เกิน "
            f"{MAX_FILE_BYTES // 1_048_576} MB",
            f"the photo file is too large ({size // 1_048_576} MB); reduce it below "
            f"{MAX_FILE_BYTES // 1_048_576} MB",
        )
    return path.read_bytes()


# --------------------------------------------------------------------------- images


def verify(data: bytes) -> tuple[str, int, int]:
    """Open and decode a photo: its format and size, or ``PhotoError`` saying why not."""
    fmt, width, height, _ = decode(data)
    return fmt, width, height


def decode(data: bytes) -> tuple[str, int, int, int]:
    """Open and decode a photo: its format, size and the bytes its pixels took once
    decoded (a JPEG is decoded at a reduced scale, as the document needs it)."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise PhotoError(ProblemCode.PHOTO_EMPTY, "ไฟล์ภาพว่างเปล่า (0 ไบต์)",
                         "the photo is empty (0 bytes)")
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"hevc", b"avif"):
        raise PhotoError(
            ProblemCode.PHOTO_FORMAT,
            "ภาพเป็นแบบ HEIC/AVIF (จาก iPhone) ซึ่ง Word ไม่รองรับ กรุณาบันทึกเป็น JPEG",
            "the photo is HEIC/AVIF (from an iPhone), which Word cannot show; save it as JPEG",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:  # far past any limit: Pillow's own
            pixels = re.search(r"\((\d+) pixels\)", str(exc))
            size = f"{int(pixels[1]):,} pixels" if pixels else "?"
            raise _too_many(size, MAX_PIXELS_JPEG if data[:3] == b"\xff\xd8\xff"
                            else MAX_PIXELS) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise PhotoError(
                ProblemCode.PHOTO_NOT_AN_IMAGE,
                "ไฟล์นี้ไม่ใช่ภาพที่เปิดได้ กรุณาใช้ไฟล์ JPEG หรือ PNG",
                "the file is not an image that can be opened; use a JPEG or PNG file",
            ) from exc
        with im:
            fmt, (width, height) = im.format or "", im.size
            if fmt not in FORMATS:
                raise PhotoError(
                    ProblemCode.PHOTO_FORMAT,
                    f"ภาพแบบ {fmt} ใช้ในเอกสารไม่ได้ กรุณาบันทึกเป็น JPEG หรือ PNG",
                    f"a {fmt} image cannot go into the document; save it as JPEG or PNG",
                )
            limit = MAX_PIXELS_JPEG if fmt in ("JPEG", "MPO") else MAX_PIXELS
            if width * height > limit or width <= 0 or height <= 0:
                raise _too_many(f"{width} x {height}", limit)
            if fmt in ("JPEG", "MPO"):
                im.draft("RGB", (1600, 1600))
            try:
                im.load()
            except Exception as exc:  # truncated, corrupt: Pillow raises many types
                raise PhotoError(
                    ProblemCode.PHOTO_DAMAGED,
                    f"ไฟล์ภาพเสียหายหรือไม่ครบ ({type(exc).__name__}) กรุณาบันทึกภาพใหม่",
                    f"the photo is damaged or cut short ({type(exc).__name__}: {exc}); save "
                    "it again",
                ) from exc
            decoded = im.size[0] * im.size[1] * len(im.getbands())
    return fmt, width, height, decoded


def _too_many(size: str, limit: int) -> PhotoError:
    mp = limit // 1_000_000
    return PhotoError(
        ProblemCode.PHOTO_TOO_MANY_PIXELS,
        f"ภาพมีจำนวนพิกเซลมากเกินไป ({size}) อาจเป็นไฟล์อันตราย ลดขนาดภาพให้ไม่เกิน {mp} ล้านพิกเซล",
        f"the image has too many pixels ({size}; possibly a decompression bomb); reduce it "
        f"to at most {mp} megapixels",
    )


# --------------------------------------------------------------------------- the sheet


def source(photo: Photo, folder: Path) -> bytes | None:
    """The bytes of a photo (pasted, or its file), for the document; None if it has none."""
    if photo.picture is not None:
        return photo.picture.data
    if not photo.file:
        return None
    try:
        return read_file(resolve(folder, photo.file))
    except (PhotoError, OSError):
        return None


def problems(data: WorkbookData, folder: Path | None) -> Iterator[Problem]:
    """Every photo row: one picture or one file, and an image that opens; all of them
    within the workbook's budget (past it, the rows below are not opened)."""
    budget = _Budget()
    for i, photo in enumerate(data.photos):
        sheet, ref = data.where(f"photos[{i}].file") or data.where(f"photos[{i}].section") \
            or (schema.PHOTOS.name, "")
        row = re.sub(r"^[A-Z]+", "", ref)
        try:
            _one(photo, folder, budget)
        except PhotoError as err:
            web = err.web and Message(f"ภาพแถวที่ {row}: {err.web.th}",
                                      f"photo in row {row}: {err.web.en}")
            yield Problem(Severity.ERROR, err.code, sheet, ref,
                          Message(f"ภาพแถวที่ {row}: {err.th}", f"photo in row {row}: {err.en}",
                                  web))
            if err.code is ProblemCode.PHOTO_BUDGET:
                return


class _Budget:
    """What the photos of one workbook cost, counted as ``build`` pays it: every row's
    photo is placed and decoded again, a file is read again; a picture pasted once and
    used by many rows is stored once. Each image is opened here only once."""

    def __init__(self) -> None:
        self.pictures = 0
        self.stored = 0  # bytes of photo files read (pasted ones: see pasted.py)
        self.decoded = 0
        self.opened: dict[object, tuple[int, PhotoError | None]] = {}

    def charge(self, key: object, data: Callable[[], bytes], stored: int = 0) -> None:
        """Count one row's photo; open it (once per picture or file) and count its pixels."""
        self.pictures += 1
        self.stored += stored
        if self.pictures > MAX_PICTURES:
            raise self.spent(f"เกิน {MAX_PICTURES} ภาพ", f"more than {MAX_PICTURES} photos")
        if self.stored > MAX_STORED_BYTES:
            mb = MAX_STORED_BYTES // 1_048_576
            raise self.spent(f"ไฟล์ภาพรวมเกิน {mb} MB", f"more than {mb} MB of photo files")
        if key not in self.opened:
            try:
                self.opened[key] = (decode(data())[3], None)
            except PhotoError as err:
                self.opened[key] = (0, err)
        decoded, error = self.opened[key]
        if error is not None:
            raise error
        self.decoded += decoded
        if self.decoded > MAX_DECODED_BYTES:
            mb = MAX_DECODED_BYTES // 1_048_576
            raise self.spent(f"เมื่อเปิดแล้วรวมเกิน {mb:,} MB", f"more than {mb:,} MB of pixels "
                             "once opened")

    @staticmethod
    def spent(bound_th: str, bound_en: str) -> PhotoError:
        return PhotoError(
            ProblemCode.PHOTO_BUDGET,
            f"ภาพทั้งหมดของสมุดงานรวมกันเกินกว่าที่ itadocs เปิด ({bound_th}) ภาพแถวนี้และแถวถัดไป"
            "ไม่ได้เปิด ใช้ภาพให้น้อยลงหรือลดขนาดภาพ",
            f"the photos of this workbook together are more than itadocs opens ({bound_en}); "
            "this row's and the ones below were not opened: use fewer or smaller photos",
        )


def _one(photo: Photo, folder: Path | None, budget: _Budget) -> None:
    if photo.picture is not None and photo.file:
        raise PhotoError(
            ProblemCode.PHOTO_TWICE,
            f"แถวนี้มีทั้งภาพที่วางไว้และชื่อไฟล์ '{photo.file}' ให้เหลืออย่างใดอย่างหนึ่ง",
            f"this row has both a pasted picture and the file name '{photo.file}'; keep one",
        )
    picture = photo.picture
    if picture is not None:
        budget.charge(id(picture.data), lambda: picture.data)
        return
    if not photo.file:
        raise PhotoError(
            ProblemCode.PHOTO_NONE,
            "แถวนี้ยังไม่มีภาพ วางภาพลงในแถว หรือพิมพ์ที่อยู่ไฟล์ภาพเทียบกับโฟลเดอร์ของสมุดงาน",
            "this row has no photo: paste the picture into the row, or type the path of its "
            "file relative to the workbook's folder",
        )
    if folder is None:
        return
    try:
        path = resolve(folder, photo.file)
        size = path.stat().st_size
        budget.charge(str(path), lambda: read_file(path), min(size, MAX_FILE_BYTES))
    except OSError as exc:
        raise PhotoError(
            ProblemCode.PHOTO_UNREADABLE,
            f"อ่านไฟล์ภาพ '{photo.file}' ไม่ได้: {exc.strerror}",
            f"cannot read the photo '{photo.file}': {exc.strerror}",
        ) from exc


# --------------------------------------------------------------------------- pasted pictures


def attach(data: WorkbookData, path: Path) -> list[Problem]:
    """Give each photo row the picture pasted in it; report pictures that fit no row."""
    found = pasted(path, schema.PHOTOS.name)
    rows: dict[int, int] = {}
    for i in range(len(data.photos)):
        where = data.where(f"photos[{i}].section") or data.where(f"photos[{i}].file")
        if where:
            rows[int(re.sub(r"^[A-Z]+", "", where[1]))] = i
    col = found.column
    for row in sorted(found.damaged):
        if row in rows:  # the cell's value was a picture, not a file name
            data.photos[rows[row]].file = ""
    for row, items in sorted(found.rows.items()):
        ref = f"{col}{row}"
        if len(items) > 1:
            found.problem(
                ProblemCode.PHOTO_TWO_PICTURES, ref,
                f"แถวที่ {row} มีภาพวางไว้ {len(items)} ภาพ แถวละ 1 ภาพเท่านั้น",
                f"row {row} holds {len(items)} pasted pictures; one picture per row")
        if row not in rows:
            found.problem(
                ProblemCode.PHOTO_UNPLACED, ref,
                f"มีภาพวางไว้ที่แถวที่ {row} ซึ่งไม่ใช่แถวของตารางภาพที่กรอกไว้ "
                "(เลือกหัวข้อในแถวนั้น หรือย้ายภาพไปไว้ในแถวของภาพ)",
                f"a picture is pasted in row {row}, which is not a filled row of the photo "
                "table (choose its section in that row, or move the picture into a photo row)")
            continue
        photo = data.photos[rows[row]]
        photo.picture = items[0]
        if row in found.in_cells:
            photo.file = ""  # the cell's value is the picture (Excel shows #VALUE! to others)
    return found.problems


def file_column() -> str:
    """The letter of the ภาพ sheet's file column (where a row's picture is pasted)."""
    from openpyxl.utils import get_column_letter

    keys = [c.key for c in schema.PHOTOS.columns]
    return get_column_letter(keys.index("file") + 1)


def pasted(path: Path, sheet: str) -> Found:
    """Pictures pasted into ``sheet`` by the row they are anchored in (floating pictures,
    and Excel's pictures placed in a cell), read once each and within the workbook's
    budget (see pasted.py)."""
    from lxml import etree

    from itadocs.reading.xlsxload import sheet_parts

    found = Found(sheet, file_column())
    try:
        with zipfile.ZipFile(path) as zf:
            part = next((p for p, name in sheet_parts(zf).items() if name == sheet), None)
            if part is not None:
                read(zf, part, found)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, etree.LxmlError) as exc:
        found.problem(
            ProblemCode.PHOTO_UNREADABLE, "",
            f"อ่านภาพที่วางไว้ในแผ่นงาน {sheet} ไม่ได้ ({type(exc).__name__})",
            f"the pictures pasted into sheet {sheet} cannot be read ({type(exc).__name__})")
    return found
