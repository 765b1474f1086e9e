"""Pictures pasted into a sheet, read from the workbook's package: floating pictures (a
drawing's anchors) and Excel 365's pictures placed in a cell (rich values).

A package is written by whoever made the file, so what it says is bounded, not trusted:
each media part is read once, however many anchors or cells point at it (a workbook of
80 KB could otherwise ask for gigabytes), at most ``MAX_PICTURES`` pictures are taken and
at most ``MAX_STORED_BYTES`` of media read, and damaged metadata makes a problem at the
cell it describes, never an exception.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.model import Picture

MAX_PICTURES = 100  # pictures of a workbook; a document holds a dozen or two
MAX_MEDIA_BYTES = 30 * 1024 * 1024  # one picture (as photos.MAX_FILE_BYTES)
MAX_STORED_BYTES = 150 * 1024 * 1024  # all the pictures of a workbook, as stored
MAX_SHEET_BYTES = 64 * 1024 * 1024  # a sheet part scanned for cells holding a picture

_NS = {
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RD = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"


def _q(uri: str, name: str) -> str:
    """An element's qualified name as lxml spells it."""
    return f"{{{uri}}}{name}"


_R = _q(_NS["r"], "")
_ANCHORS = tuple(_q(_NS["xdr"], n) for n in ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor"))
_FALLBACK = _q(_NS["mc"], "Fallback")


class OverBudget(Exception):
    """More pictures, or more bytes of them, than a workbook may hold: the row of the
    first picture not read, and which bound it passed."""

    def __init__(self, row: int | None, bytes_: bool = False) -> None:
        super().__init__(row)
        self.row, self.bytes = row, bytes_


@dataclass
class Found:
    """What the pictures of one sheet are: by the row they are in, the rows whose cell
    holds its picture (Excel 365), the rows whose placed picture is damaged, problems."""

    sheet: str
    column: str  # where a row's picture is named (the file column)
    rows: dict[int, list[Picture]] = field(default_factory=dict)
    in_cells: set[int] = field(default_factory=set)
    damaged: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, picture: Picture) -> None:
        if self.count >= MAX_PICTURES:
            raise OverBudget(row)
        self.count += 1
        self.rows.setdefault(row, []).append(picture)

    def problem(self, code: ProblemCode, ref: str, th: str, en: str) -> None:
        self.problems.append(Problem(Severity.ERROR, code, self.sheet, ref, Message(th, en)))


class _Package:
    """The zip package, with each media part read once and the bytes read counted."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        self.media: dict[str, Picture] = {}
        self.stored = 0

    def parse(self, part: str) -> Any:
        from lxml import etree

        if self.zf.getinfo(part).file_size > MAX_MEDIA_BYTES:
            raise ValueError(f"{part} is too large")
        return etree.fromstring(self.zf.read(part), etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False))

    def picture(self, target: str) -> Picture:
        """A media part's bytes, read the first time it is asked for."""
        known = self.media.get(target)
        if known is not None:
            return known
        info = self.zf.getinfo(target)
        if info.file_size > MAX_MEDIA_BYTES:
            raise ValueError(f"{target} is too large")
        if self.stored + info.file_size > MAX_STORED_BYTES:
            raise OverBudget(None, bytes_=True)
        self.stored += info.file_size
        picture = self.media[target] = Picture(self.zf.read(info), target)
        return picture

    def rels(self, part: str) -> dict[str, tuple[str, str, bool]]:
        """A part's relationships: id -> (type, target part, external)."""
        folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
        rels_part = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels_part not in self.names:
            return {}
        result = {}
        for rel in self.parse(rels_part):
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


def read(zf: zipfile.ZipFile, part: str, found: Found) -> None:
    """The pictures of the sheet in ``part`` into ``found``, within the budget (past it,
    a problem names the first row not read)."""
    package = _Package(zf)
    try:
        for row, picture in _floating(package, part, found):
            found.add(row, picture)
        for row, picture in _in_cells(package, part, found):
            found.add(row, picture)
            found.in_cells.add(row)
    except OverBudget as over:
        first = over.row
        bound_th, bound_en = ((f"รวมเกิน {MAX_STORED_BYTES // 1_048_576} MB",
                               f"more than {MAX_STORED_BYTES // 1_048_576} MB in all")
                              if over.bytes else
                              (f"เกิน {MAX_PICTURES} ภาพ", f"more than {MAX_PICTURES} pictures"))
        found.problem(
            ProblemCode.PHOTO_BUDGET, f"{found.column}{first}" if first else "",
            f"แผ่นงาน {found.sheet} มีภาพที่วางไว้มากเกินกว่าที่ itadocs อ่าน ({bound_th})"
            + (f" ภาพตั้งแต่แถวที่ {first} ไม่ได้อ่าน" if first else "")
            + " ลบภาพที่ไม่ใช้ หรือลดขนาดภาพ",
            f"sheet {found.sheet} holds more pasted pictures than itadocs reads ({bound_en})"
            + (f"; pictures from row {first} on were not read" if first else "")
            + "; delete the pictures not used, or make them smaller",
        )


def _floating(package: _Package, part: str, found: Found) -> Iterator[tuple[int, Picture]]:
    for kind, drawing, external in package.rels(part).values():
        if external or not kind.endswith("/drawing"):
            continue
        rels = package.rels(drawing)
        for pic in package.parse(drawing).iter(_q(_NS["xdr"], "pic")):
            if any(a.tag == _FALLBACK for a in pic.iterancestors()):
                continue  # the copy for older programs of a picture seen above
            anchor = next((a for a in pic.iterancestors() if a.tag in _ANCHORS), None)
            blip = pic.find(".//a:blip", _NS)
            if anchor is None or blip is None:
                continue
            start = anchor.find("xdr:from/xdr:row", _NS)
            if start is None or not (start.text or "").strip().isdigit():
                found.problem(
                    ProblemCode.PHOTO_UNPLACED, "",
                    "มีภาพในแผ่นงานภาพที่ไม่ได้ยึดกับแถวใด (จัดวางภาพให้ย้ายตามเซลล์)",
                    "a picture in the photo sheet is not anchored to any row (set it to move "
                    "with cells)")
                continue
            row = int(start.text.strip()) + 1
            rel = rels.get(blip.get(f"{_R}embed") or "")
            if rel is None or rel[2]:
                found.problem(
                    ProblemCode.PHOTO_LINKED, f"A{row}",
                    "ภาพในแถวนี้เป็นลิงก์ไปยังไฟล์ภายนอก ไม่ได้ฝังในสมุดงาน ให้แทรกภาพใหม่",
                    "the picture in this row is linked to an outside file, not stored in the "
                    "workbook; insert it again")
                continue
            if found.count >= MAX_PICTURES:
                raise OverBudget(row)
            try:
                picture = package.picture(rel[1])
            except OverBudget as over:
                raise OverBudget(row, over.bytes) from None
            yield row, picture


_VM_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?\bvm="(\d+)"')


def _in_cells(package: _Package, part: str, found: Found) -> Iterator[tuple[int, Picture]]:
    """Excel 365's pictures placed in a cell (a cell whose value metadata is a rich value
    holding a local image); a cell whose description is damaged is named."""
    needed = ("xl/metadata.xml", "xl/richData/rdrichvalue.xml", "xl/richData/richValueRel.xml")
    if not all(n in package.names for n in needed):
        return
    if package.zf.getinfo(part).file_size > MAX_SHEET_BYTES:
        return
    cells = _VM_CELL.findall(package.zf.read(part))
    if not cells:
        return
    images = _RichValues(package)
    for col, row, vm in cells:
        if found.count >= MAX_PICTURES:
            raise OverBudget(int(row))
        try:
            picture = images.picture(int(vm))
        except OverBudget as over:
            raise OverBudget(int(row), over.bytes) from None
        if isinstance(picture, Picture):
            yield int(row), picture
        elif picture:
            found.damaged.add(int(row))
            found.problem(
                ProblemCode.PHOTO_UNREADABLE, f"{col.decode()}{int(row)}",
                f"ภาพที่วางในเซลล์นี้อ่านไม่ได้ ข้อมูลภาพในสมุดงานเสียหาย ({picture}) "
                "ลบภาพแล้ววางใหม่ หรือพิมพ์ชื่อไฟล์ภาพแทน",
                f"the picture placed in this cell cannot be read: its description in the "
                f"workbook is damaged ({picture}); delete it and place it again, or type the "
                "photo's file name instead")


class _RichValues:
    """Value-metadata index (``vm``, from 1) -> its picture, or why it cannot be had ("":
    not a picture at all). Each index is worked out when a cell asks for it."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        meta = package.parse("xl/metadata.xml")
        self.types = [t.get("name") for t in meta.iter(_q(_MAIN, "metadataType"))]
        self.futures: dict[str | None, list[Any]] = {}
        for future in meta.iter(_q(_MAIN, "futureMetadata")):
            self.futures[future.get("name")] = [
                next((e.get("i") for e in bk.iter() if str(e.tag).endswith("}rvb")), None)
                for bk in future.iter(_q(_MAIN, "bk"))]
        self.values = []
        for block in meta.iter(_q(_MAIN, "valueMetadata")):
            for bk in block.iter(_q(_MAIN, "bk")):
                rc = bk.find(_q(_MAIN, "rc"))
                self.values.append(None if rc is None else (rc.get("t"), rc.get("v")))
        self.structures: list[list[str | None]] = []
        if "xl/richData/rdrichvaluestructure.xml" in package.names:
            for s in package.parse("xl/richData/rdrichvaluestructure.xml").iter(_q(_RD, "s")):
                self.structures.append([k.get("n") for k in s.iter(_q(_RD, "k"))])
        self.rich = list(package.parse("xl/richData/rdrichvalue.xml").iter(_q(_RD, "rv")))
        self.rel_ids = [r.get(f"{_R}id") for r in package.parse(
            "xl/richData/richValueRel.xml") if str(r.tag).endswith("}rel")]
        self.rels = package.rels("xl/richData/richValueRel.xml")
        self.known: dict[int, Picture | str] = {}

    def picture(self, vm: int) -> Picture | str:
        if vm not in self.known:
            try:
                self.known[vm] = self._picture(vm)
            except _Damaged as why:
                self.known[vm] = str(why)
        return self.known[vm]

    def _picture(self, vm: int) -> Picture | str:
        entry = self.values[vm - 1] if 1 <= vm <= len(self.values) else None
        if entry is None:
            return ""  # a cell value of another kind (not a picture)
        kind, index = (_number(v, "valueMetadata rc") for v in entry)
        if not 0 < kind <= len(self.types):
            raise _Damaged(f"xl/metadata.xml: valueMetadata t={kind}")
        entries = self.futures.get(self.types[kind - 1])
        if entries is None:
            return ""
        if not 0 <= index < len(entries):
            raise _Damaged(f"xl/metadata.xml: futureMetadata has no entry {index}")
        rv_index = _number(entries[index], "xlrd:rvb i")
        if not 0 <= rv_index < len(self.rich):
            raise _Damaged(f"xl/richData/rdrichvalue.xml: no rich value {rv_index}")
        rv = self.rich[rv_index]
        fields = [v.text for v in rv.iter(_q(_RD, "v"))]
        keys: list[str | None] = []
        if self.structures:
            structure = _number(rv.get("s", "0"), "rv s")
            if not 0 <= structure < len(self.structures):
                raise _Damaged(f"xl/richData/rdrichvalue.xml: no structure {structure}")
            keys = self.structures[structure]
        position = keys.index("_rvRel:LocalImageIdentifier") if \
            "_rvRel:LocalImageIdentifier" in keys else 0
        if position >= len(fields):
            raise _Damaged("xl/richData/rdrichvalue.xml: the image's field is missing")
        image = _number(fields[position], "LocalImageIdentifier")
        if not 0 <= image < len(self.rel_ids):
            raise _Damaged(f"xl/richData/richValueRel.xml: no image {image}")
        rel = self.rels.get(self.rel_ids[image] or "")
        if rel is None or rel[2]:
            raise _Damaged("xl/richData/richValueRel.xml: the image is not in the workbook")
        try:
            return self.package.picture(rel[1])
        except KeyError as exc:
            raise _Damaged(f"{rel[1]} is missing") from exc


class _Damaged(Exception):
    """Metadata of a picture placed in a cell that does not hold together."""


def _number(value: Any, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise _Damaged(f"{what} = {value!r}") from None


def per_anchor_bytes(zf: zipfile.ZipFile) -> int:
    """The media bytes a reader that reads each anchor's picture anew (openpyxl, when a
    workbook is opened to be saved again) would read for every drawing of the package."""
    package = _Package(zf)
    total = 0
    for part in sorted(package.names):
        if not re.fullmatch(r"xl/drawings/[^/]+\.xml", part):
            continue
        rels = package.rels(part)
        for blip in package.parse(part).iter(_q(_NS["a"], "blip")):
            rel = rels.get(blip.get(f"{_R}embed") or "")
            if rel is not None and not rel[2] and rel[1] in package.names:
                total += package.zf.getinfo(rel[1]).file_size
    return total
