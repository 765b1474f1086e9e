"""Photos of sections 4, 6, 7 and 8: pasted into the ภาพ sheet, or files beside the workbook.

A picture pasted into a row of the ภาพ sheet travels with the workbook, so a workbook sent
to a colleague builds the same documents. A file is the alternative, named by its exact path
relative to the workbook's folder (``ภาพ/ประชุม.jpg``): nothing is searched for, a glob
character is just a character, a link leading out of the folder is refused, and a name
only matches across letter case or Unicode spelling when exactly one file fits. Every
photo is opened and decoded at ``check`` time, with its pixels bounded, so a file that is
not an image, is empty, cut short or a decompression bomb is reported with its ภาพ cell
before anything is built.
"""

from __future__ import annotations

import io
import re
import stat
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.model import Photo, Picture, WorkbookData
from itadocs.reading import schema

MAX_FILE_BYTES = 30 * 1024 * 1024  # a phone's photo is a few MB
MAX_PIXELS_JPEG = 100_000_000  # decoded at a reduced scale, so a 100 MP photo is cheap
MAX_PIXELS = 25_000_000  # other formats are decoded whole (100 MB for RGBA)
FORMATS = ("JPEG", "MPO", "PNG", "GIF", "BMP", "TIFF", "WEBP")
SUGGEST_SCAN = 2000  # entries looked at to suggest where a missing file is

_NS = {
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def _q(uri: str, name: str) -> str:
    """An element's qualified name as lxml spells it."""
    return f"{{{uri}}}{name}"


_R = _q(_NS["r"], "")
_ANCHORS = tuple(_q(_NS["xdr"], n) for n in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"))
_FALLBACK = _q(_NS["mc"], "Fallback")


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
        except Image.DecompressionBombError as exc:
            raise _too_many(str(exc)) from exc
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
    return fmt, width, height


def _too_many(size: str, limit: int = MAX_PIXELS_JPEG) -> PhotoError:
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
    """Every photo row: one picture or one file, and an image that opens."""
    for i, photo in enumerate(data.photos):
        sheet, ref = data.where(f"photos[{i}].file") or data.where(f"photos[{i}].section") \
            or (schema.PHOTOS.name, "")
        row = re.sub(r"^[A-Z]+", "", ref)
        try:
            _one(photo, folder, row)
        except PhotoError as err:
            web = err.web and Message(f"ภาพแถวที่ {row}: {err.web.th}",
                                      f"photo in row {row}: {err.web.en}")
            yield Problem(Severity.ERROR, err.code, sheet, ref,
                          Message(f"ภาพแถวที่ {row}: {err.th}", f"photo in row {row}: {err.en}",
                                  web))


def _one(photo: Photo, folder: Path | None, row: str) -> None:
    if photo.picture is not None and photo.file:
        raise PhotoError(
            ProblemCode.PHOTO_TWICE,
            f"แถวนี้มีทั้งภาพที่วางไว้และชื่อไฟล์ '{photo.file}' ให้เหลืออย่างใดอย่างหนึ่ง",
            f"this row has both a pasted picture and the file name '{photo.file}'; keep one",
        )
    if photo.picture is not None:
        verify(photo.picture.data)
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
        verify(read_file(path))
    except OSError as exc:
        raise PhotoError(
            ProblemCode.PHOTO_UNREADABLE,
            f"อ่านไฟล์ภาพ '{photo.file}' ไม่ได้: {exc.strerror}",
            f"cannot read the photo '{photo.file}': {exc.strerror}",
        ) from exc


# --------------------------------------------------------------------------- pasted pictures


def attach(data: WorkbookData, path: Path) -> list[Problem]:
    """Give each photo row the picture pasted in it; report pictures that fit no row."""
    pictures, found, in_cells = pasted(path, schema.PHOTOS.name)
    rows: dict[int, int] = {}
    for i in range(len(data.photos)):
        where = data.where(f"photos[{i}].section") or data.where(f"photos[{i}].file")
        if where:
            rows[int(re.sub(r"^[A-Z]+", "", where[1]))] = i
    sheet, col = schema.PHOTOS.name, file_column()
    for row, items in sorted(pictures.items()):
        ref = f"{col}{row}"
        if len(items) > 1:
            found.append(Problem(
                Severity.ERROR, ProblemCode.PHOTO_TWO_PICTURES, sheet, ref,
                Message(f"แถวที่ {row} มีภาพวางไว้ {len(items)} ภาพ แถวละ 1 ภาพเท่านั้น",
                f"row {row} holds {len(items)} pasted pictures; one picture per row"),
            ))
        if row not in rows:
            found.append(Problem(
                Severity.ERROR, ProblemCode.PHOTO_UNPLACED, sheet, ref,
                Message(f"มีภาพวางไว้ที่แถวที่ {row} ซึ่งไม่ใช่แถวของตารางภาพที่กรอกไว้ "
                "(เลือกหัวข้อในแถวนั้น หรือย้ายภาพไปไว้ในแถวของภาพ)",
                f"a picture is pasted in row {row}, which is not a filled row of the photo "
                "table (choose its section in that row, or move the picture into a photo row)"),
            ))
            continue
        photo = data.photos[rows[row]]
        photo.picture = items[0]
        if row in in_cells:
            photo.file = ""  # the cell's value is the picture (Excel shows #VALUE! to others)
    return found


def file_column() -> str:
    """The letter of the ภาพ sheet's file column (where a row's picture is pasted)."""
    from openpyxl.utils import get_column_letter

    keys = [c.key for c in schema.PHOTOS.columns]
    return get_column_letter(keys.index("file") + 1)


def pasted(path: Path, sheet: str
           ) -> tuple[dict[int, list[Picture]], list[Problem], set[int]]:
    """Pictures pasted into ``sheet`` by the row they are anchored in (floating pictures,
    and Excel's pictures placed in a cell, whose rows are returned too)."""
    from itadocs.reading.xlsxload import sheet_parts

    found: dict[int, list[Picture]] = {}
    problems_found: list[Problem] = []
    in_cells: set[int] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            part = next((p for p, name in sheet_parts(zf).items() if name == sheet), None)
            if part is None:
                return found, problems_found, in_cells
            for row, picture in _floating(zf, part, sheet, problems_found):
                found.setdefault(row, []).append(picture)
            for row, picture in _in_cells(zf, part):
                found.setdefault(row, []).append(picture)
                in_cells.add(row)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems_found.append(Problem(
            Severity.ERROR, ProblemCode.PHOTO_UNREADABLE, sheet, "",
            Message(f"อ่านภาพที่วางไว้ในแผ่นงาน {sheet} ไม่ได้ ({type(exc).__name__})",
            f"the pictures pasted into sheet {sheet} cannot be read ({type(exc).__name__})"),
        ))
    return found, problems_found, in_cells


def _parse(zf: zipfile.ZipFile, part: str) -> Any:
    from lxml import etree

    info = zf.getinfo(part)
    if info.file_size > MAX_FILE_BYTES:
        raise ValueError(f"{part} is too large")
    return etree.fromstring(zf.read(part), etree.XMLParser(resolve_entities=False,
                                                          no_network=True))


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, bool]]:
    """A part's relationships: id -> (type, target part, external)."""
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    rels_part = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels_part not in zf.namelist():
        return {}
    result = {}
    for rel in _parse(zf, rels_part):
        target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
        if not external:
            target = (target.lstrip("/") if target.startswith("/")
                      else _join(folder, target))
        result[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
    return result


def _join(folder: str, target: str) -> str:
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _media(zf: zipfile.ZipFile, target: str) -> Picture:
    info = zf.getinfo(target)
    if info.file_size > MAX_FILE_BYTES:
        raise ValueError(f"{target} is too large")
    return Picture(zf.read(info), target)


def _floating(zf: zipfile.ZipFile, part: str, sheet: str,
              problems_found: list[Problem]) -> Iterator[tuple[int, Picture]]:
    for kind, drawing, external in _rels(zf, part).values():
        if external or not kind.endswith("/drawing"):
            continue
        rels = _rels(zf, drawing)
        for pic in _parse(zf, drawing).iter(_q(_NS["xdr"], "pic")):
            if any(a.tag == _FALLBACK for a in pic.iterancestors()):
                continue  # the copy for older programs of a picture seen above
            anchor = next((a for a in pic.iterancestors() if a.tag in _ANCHORS), None)
            blip = pic.find(".//a:blip", _NS)
            if anchor is None or blip is None:
                continue
            start = anchor.find("xdr:from/xdr:row", _NS)
            if start is None or not (start.text or "").strip().isdigit():
                problems_found.append(Problem(
                    Severity.ERROR, ProblemCode.PHOTO_UNPLACED, sheet, "",
                    Message("มีภาพในแผ่นงานภาพที่ไม่ได้ยึดกับแถวใด (จัดวางภาพให้ย้ายตามเซลล์)",
                    "a picture in the photo sheet is not anchored to any row (set it to move "
                    "with cells)"),
                ))
                continue
            embed = blip.get(f"{_R}embed")
            rel = rels.get(embed or "")
            if rel is None or rel[2]:
                problems_found.append(Problem(
                    Severity.ERROR, ProblemCode.PHOTO_LINKED, sheet, f"A{int(start.text) + 1}",
                    Message("ภาพในแถวนี้เป็นลิงก์ไปยังไฟล์ภายนอก ไม่ได้ฝังในสมุดงาน ให้แทรกภาพใหม่",
                    "the picture in this row is linked to an outside file, not stored in the "
                    "workbook; insert it again"),
                ))
                continue
            yield int(start.text) + 1, _media(zf, rel[1])


def _in_cells(zf: zipfile.ZipFile, part: str) -> Iterator[tuple[int, Picture]]:
    """Excel 365's pictures placed in a cell (a cell whose value metadata is a rich value
    holding a local image)."""
    names = set(zf.namelist())
    needed = ("xl/metadata.xml", "xl/richData/rdrichvalue.xml", "xl/richData/richValueRel.xml")
    if not all(n in names for n in needed):
        return
    if zf.getinfo(part).file_size > 64 * 1024 * 1024:
        return
    cells = re.findall(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bvm="(\d+)"',
                       zf.read(part))
    if not cells:
        return
    images = _rich_images(zf)
    for _col, row, vm in cells:
        picture = images.get(int(vm))
        if picture is not None:
            yield int(row), picture


def _rich_images(zf: zipfile.ZipFile) -> dict[int, Picture]:
    """Value-metadata index (``vm``, from 1) -> its picture."""
    ns_main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    meta = _parse(zf, "xl/metadata.xml")
    types = [t.get("name") for t in meta.iter(_q(ns_main, "metadataType"))]
    futures = {}
    for future in meta.iter(_q(ns_main, "futureMetadata")):
        futures[future.get("name")] = [
            next((int(e.get("i")) for e in bk.iter() if str(e.tag).endswith("}rvb")), None)
            for bk in future.iter(_q(ns_main, "bk"))]
    values = []
    for block in meta.iter(_q(ns_main, "valueMetadata")):
        for bk in block.iter(_q(ns_main, "bk")):
            rc = bk.find(_q(ns_main, "rc"))
            values.append(None if rc is None else (int(rc.get("t")), int(rc.get("v"))))
    ns_rd = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"
    structures = []
    if "xl/richData/rdrichvaluestructure.xml" in zf.namelist():
        for s in _parse(zf, "xl/richData/rdrichvaluestructure.xml").iter(_q(ns_rd, "s")):
            keys = [k.get("n") for k in s.iter(_q(ns_rd, "k"))]
            structures.append(keys)
    rich = list(_parse(zf, "xl/richData/rdrichvalue.xml").iter(_q(ns_rd, "rv")))
    rel_ids = [r.get(f"{_R}id") for r in _parse(zf, "xl/richData/richValueRel.xml")
               if str(r.tag).endswith("}rel")]
    rels = _rels(zf, "xl/richData/richValueRel.xml")
    images: dict[int, Picture] = {}
    for vm, entry in enumerate(values, start=1):
        if entry is None or not 0 < entry[0] <= len(types):
            continue
        index_list = futures.get(types[entry[0] - 1]) or []
        rv_index = index_list[entry[1]] if 0 <= entry[1] < len(index_list) else None
        if rv_index is None or not 0 <= rv_index < len(rich):
            continue
        rv = rich[rv_index]
        fields = [v.text for v in rv.iter(_q(ns_rd, "v"))]
        keys = structures[int(rv.get("s", 0))] if structures else []
        position = keys.index("_rvRel:LocalImageIdentifier") if \
            "_rvRel:LocalImageIdentifier" in keys else 0
        try:
            rel_id = rel_ids[int(fields[position])]
        except (IndexError, ValueError, TypeError):
            continue
        rel = rels.get(rel_id or "")
        if rel is not None and not rel[2]:
            images[vm] = _media(zf, rel[1])
    return images
