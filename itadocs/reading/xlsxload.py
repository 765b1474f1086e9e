"""Open a workbook with bounded memory and time, whatever it holds.

openpyxl keeps an object for every cell a sheet mentions, even an empty one that only
carries a style: a 22 MB workbook of 12 million formatted cells takes minutes and gigabytes.
itadocs reads a few thousand values, so before openpyxl sees the file a compact copy is
made in memory, streaming each sheet once:

- cells without a value (formatted, empty) and rows left without cells are dropped, and
  rows keep only their number (a row's height or style would cost an object each);
- values far outside what the schema reads (beyond ``MAX_ROW`` rows or ``MAX_COL``
  columns) are dropped, and the first one is remembered so the reader can name its cell;
- past ``MAX_CELLS`` values in a sheet, the rest are dropped and the sheet is named;
- what the reader never uses is left out: pictures, drawings, charts, comments, hyperlinks,
  tables, pivot caches, embedded objects. (Pictures of the ภาพ sheet are read by
  ``photos.py`` from the original file.)

Parts openpyxl must read whole (shared strings, styles) are bounded in size.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from itadocs.exceptions import Problem, ProblemCode, Severity, WorkbookUnreadable
from itadocs.messages import Message

MAX_ROW = 5000  # a table holds at most 2000 rows below its header; forms are 200 rows
MAX_COL = 60  # columns read are within the first 40
MAX_CELLS = 50_000  # values kept per sheet; a filled ITA sheet holds a few hundred
MAX_PART_BYTES = 20 * 1024 * 1024  # shared strings, styles: far above any real workbook
CHUNK = 8 * 1024 * 1024
MAX_EXTRA_BYTES = 64 * 1024 * 1024  # XML before and after the cells (views, merges...)

_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix


_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_DROP = re.compile(
    rb"<" + _P + rb"(?:hyperlink|tablePart|drawing|legacyDrawing|legacyDrawingHF|picture)\b"
    rb"[^>]*?(?:/>|>\s*</" + _P + rb"(?:hyperlink|tablePart)>)")
_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d{1,7})\"")
_HAS_VALUE = re.compile(rb"<" + _P + rb"(?:f|is)\b|<" + _P + rb"v>\s*[^<\s]")
_PIVOT_CACHES = re.compile(rb"<" + _P + rb"pivotCaches\b.*?</" + _P + rb"pivotCaches>", re.S)

_KEEP = re.compile(r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/(app|core)\.xml"
                   r"|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml"
                   r"|xl/sharedStrings\.xml|xl/theme/theme\d*\.xml|xl/worksheets/[^/]+\.xml)$")


@dataclass
class Extent:
    """What the compact copy of one sheet left out, for the reader's messages."""

    stray: str = ""  # the first value far outside what is read, e.g. "A1048576"
    strays: int = 0
    over: str = ""  # the first value past MAX_CELLS
    dropped: int = 0
    kept: int = 0


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def compact_sheet(raw: IO[bytes], name: str) -> tuple[bytes, Extent]:
    """The compact XML of one worksheet, read from a stream.

    Cells with a value always end with ``</c>``, empty ones never do: the body is scanned
    for that (at C speed), so a sheet of millions of formatted cells costs one pass."""
    data = raw.read(CHUNK)
    root = _ROOT_PREFIX.search(data[:4096])
    prefix = (root[1] or b"") if root else b""
    start = re.compile(rb"<" + re.escape(prefix) + rb"sheetData\b[^>]*?(/?)>")
    head = b""
    while True:  # everything before the cells passes through
        m = start.search(data)
        if m or not data:
            break
        more = raw.read(CHUNK)
        if not more or len(data) > MAX_EXTRA_BYTES:
            break
        data += more
    if not m or m[1]:  # no cells at all
        rest = data + raw.read()
        return _filter_tail(rest), Extent()
    head, data = data[:m.end()], data[m.end():]
    body = _Body(prefix)
    out = io.BytesIO()
    out.write(head)
    while True:
        done = body.feed(data, out)
        if done is not None:
            tail = done + raw.read(MAX_EXTRA_BYTES + 1)
            if len(tail) > MAX_EXTRA_BYTES:
                raise WorkbookUnreadable(
                    f"แผ่นงานในไฟล์ ({name}) มีข้อมูลนอกตารางมากผิดปกติ เปิดไม่ได้",
                    f"a sheet of the workbook ({name}) holds too much besides its cells",
                    where=name,
                )
            out.write(_filter_tail(tail))
            break
        chunk = raw.read(CHUNK)
        if not chunk:
            body.finish(out)
            break
        data = chunk
    return out.getvalue(), body.extent


class _Body:
    """The cells of ``<sheetData>``: only those with a value, regrouped into rows that keep
    nothing but their number."""

    def __init__(self, prefix: bytes, keep_far: bool = False) -> None:
        self.prefix = prefix
        self.keep_far = keep_far  # keep values far outside what is read (a copy to edit)
        self.cell_start = b"<" + prefix + b"c "
        self.cell_end = b"</" + prefix + b"c>"
        self.data_end = re.compile(rb"</" + re.escape(prefix) + rb"sheetData\s*>")
        self.extent = Extent()
        self.carry = b""
        self.row = 0
        self.cells: list[bytes] = []

    def feed(self, chunk: bytes, out: io.BytesIO) -> bytes | None:
        """Process a chunk; returns what follows ``</sheetData>`` once it is reached."""
        data = self.carry + chunk
        end = self.data_end.search(data)
        limit = end.start() if end else len(data)
        pos = 0
        while True:
            close = data.find(self.cell_end, pos, limit)
            if close < 0:
                break
            stop = close + len(self.cell_end)
            begin = data.rfind(self.cell_start, pos, close)
            if begin >= 0:
                self.cell(data[begin:stop], out)
            pos = stop
        if end:
            self.finish(out)
            self.carry = b""
            return data[end.end():]
        rest = data[pos:]
        last = rest.rfind(self.cell_start)
        lt = rest.rfind(b"<")
        if lt > last and rest.find(b">", lt) < 0:
            last = lt  # a tag cut in two by the chunk
        self.carry = rest[last:] if last >= 0 else b""
        return None

    def cell(self, cell: bytes, out: io.BytesIO) -> None:
        tag_end = cell.find(b">")
        tag, content = cell[:tag_end], cell[tag_end + 1:]
        if not _HAS_VALUE.search(content):
            return  # formatted but empty
        ref = _REF.search(tag)
        if ref is None:
            self.flush(out)
            out.write(b"<" + self.prefix + b"row>" + cell + b"</" + self.prefix + b"row>")
            return
        row, extent = int(ref[2]), self.extent
        if (row > MAX_ROW or column_number(ref[1]) > MAX_COL) and not self.keep_far:
            extent.strays += 1
            if not extent.stray:
                extent.stray = (ref[1] + ref[2]).decode()
            return
        if extent.kept >= MAX_CELLS:
            extent.dropped += 1
            if not extent.over:
                extent.over = (ref[1] + ref[2]).decode()
            return
        extent.kept += 1
        if row != self.row:
            self.flush(out)
            self.row = row
        self.cells.append(cell)

    def flush(self, out: io.BytesIO) -> None:
        if self.cells:
            p = self.prefix
            out.write(b"<" + p + b'row r="%d">' % self.row + b"".join(self.cells)
                      + b"</" + p + b"row>")
        self.cells = []

    def finish(self, out: io.BytesIO) -> None:
        self.flush(out)
        out.write(b"</" + self.prefix + b"sheetData>")


def _filter_tail(tail: bytes) -> bytes:
    """What follows the cells, without references to the parts the copy leaves out."""
    return _DROP.sub(b"", tail)


def load(path: Path) -> tuple[Any, dict[str, Extent]]:
    """The workbook, opened by openpyxl from its compact copy, and what each sheet's copy
    left out (by sheet name). Raises ``WorkbookUnreadable`` for parts too large to read."""
    import openpyxl

    extents_by_part: dict[str, Extent] = {}
    buffer = io.BytesIO()
    name = str(path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as dst:
        names = sheet_parts(src)
        for info in src.infolist():
            part = info.filename
            if not _KEEP.match(part):
                continue
            if part.startswith("xl/worksheets/"):
                with src.open(info) as raw:
                    data, extents_by_part[part] = compact_sheet(raw, name)
            else:
                if info.file_size > MAX_PART_BYTES:
                    raise WorkbookUnreadable(
                        f"ไฟล์ {name} มีส่วน {part} ใหญ่เกินไป ({info.file_size // 1_048_576} MB) "
                        "สมุดงาน ITA ปกติไม่เกิน 1 MB",
                        f"{name}: part {part} is too large ({info.file_size // 1_048_576} MB); "
                        "an ITA workbook is under 1 MB",
                        where=name,
                    )
                data = src.read(info)
                if part == "xl/workbook.xml":
                    data = _PIVOT_CACHES.sub(b"", data)
            dst.writestr(part, data)
    buffer.seek(0)
    wb = openpyxl.load_workbook(buffer, data_only=False, keep_links=False, rich_text=False)
    return wb, {names[part]: extent for part, extent in extents_by_part.items()
                if part in names}


# --------------------------------------------------------------------------- a copy to edit


@dataclass
class Trimmed:
    """What the copy to edit left out: formatting of empty cells far outside the tables."""

    cells: int = 0  # empty formatted cells dropped
    values: int = 0  # values kept (all of them)

    def note(self) -> tuple[str, str] | None:
        """What staff are told of it (Thai, English), if anything was left out."""
        if not self.cells:
            return None
        return (f"ไม่ได้คัดลอกการจัดรูปแบบของเซลล์ว่าง {self.cells:,} ช่อง ที่อยู่เลยแถว {MAX_ROW:,} "
                f"หรือคอลัมน์ที่ {MAX_COL} ไปไว้ในไฟล์ใหม่ (ข้อมูลทุกช่องคัดลอกครบ)",
                f"the formatting of {self.cells:,} empty cells beyond row {MAX_ROW:,} or column "
                f"{MAX_COL} was not carried into the new file (every value was)")


def load_for_edit(path: Path) -> tuple[Any, Trimmed]:
    """The whole workbook opened by openpyxl to be changed and saved as a new file (``draft``),
    with bounded memory and time: every part is kept as it is, every value too, but empty
    formatted cells and rows beyond ``MAX_ROW`` rows or ``MAX_COL`` columns (a column
    formatted down to row 1,048,576) are left out, and counted. Raises
    ``WorkbookUnreadable`` for a sheet that holds more than ``MAX_CELLS`` values."""
    import openpyxl

    trimmed = Trimmed()
    buffer = io.BytesIO()
    name = str(path)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w",
                                                       zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with src.open(info) as raw:
                    data = trim_sheet(raw, name, trimmed)
            else:
                data = src.read(info)
            dst.writestr(info, data)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer), trimmed


def trim_sheet(raw: IO[bytes], name: str, trimmed: Trimmed) -> bytes:
    """One worksheet as ``load_for_edit`` keeps it, read from a stream."""
    data = raw.read(CHUNK)
    root = _ROOT_PREFIX.search(data[:4096])
    prefix = (root[1] or b"") if root else b""
    start = re.compile(rb"<" + re.escape(prefix) + rb"sheetData\b[^>]*?(/?)>")
    while True:
        m = start.search(data)
        more = b"" if m else raw.read(CHUNK)
        if m or not more or len(data) > MAX_EXTRA_BYTES:
            break
        data += more
    if not m or m[1]:
        return data + raw.read()
    out = io.BytesIO()
    out.write(data[:m.end()])
    rows = _Rows(prefix, name, trimmed)
    data = data[m.end():]
    while True:
        done = rows.feed(data, out)
        if done is not None:
            out.write(done + raw.read())
            return out.getvalue()
        data = raw.read(CHUNK)
        if not data:
            rows.finish(out)
            return out.getvalue()


_FAR_COLUMN = re.compile(rb'\br="(?:[A-Z]{3}|[C-Z][A-Z]|B[I-Z])\d+"')  # past BH (MAX_COL)
assert MAX_COL == 60  # what _FAR_COLUMN spells


class _Rows:
    """The rows of ``<sheetData>``: up to ``MAX_ROW`` each kept whole (formatting too, up
    to ``MAX_COL``); below, only the values (scanned at C speed, as ``check`` does)."""

    def __init__(self, prefix: bytes, name: str, trimmed: Trimmed) -> None:
        p = re.escape(prefix)
        self.row = re.compile(rb"<" + p + rb"row\b[^>]*?(?:/>|>.*?</" + p + rb"row>)", re.S)
        self.cell = re.compile(rb"<" + p + rb"c\b[^>]*?(?:/>|>.*?</" + p + rb"c>)", re.S)
        self.end = re.compile(rb"</" + p + rb"sheetData\s*>")
        self.prefix, self.name, self.trimmed = prefix, name, trimmed
        self.cell_start, self.cell_end = b"<" + prefix + b"c ", b"</" + prefix + b"c>"
        self.carry = b""
        self.number = 0
        self.kept = 0
        self.far: _Body | None = None  # the rows past MAX_ROW
        self.edge = b""  # the end of the last chunk the far rows were fed

    def feed(self, chunk: bytes, out: io.BytesIO) -> bytes | None:
        """Process a chunk; returns what follows ``</sheetData>`` once it is reached."""
        if self.far is not None:
            return self.feed_far(chunk, out)
        data = self.carry + chunk
        end = self.end.search(data)
        limit = end.start() if end else len(data)
        pos = 0
        for m in self.row.finditer(data, 0, limit):
            number = re.search(rb'\br="(\d+)"', m[0][:m[0].find(b">")])
            self.number = int(number[1]) if number else self.number + 1
            if self.number > MAX_ROW:
                self.far = _Body(self.prefix, keep_far=True)
                self.carry = b""
                return self.feed_far(data[m.start():], out)
            out.write(self.keep(m[0]))
            pos = m.end()
        if end:
            self.carry = b""
            self.trimmed.values += self.kept
            return data[end.start():]
        self.carry = data[pos:]
        if len(self.carry) > MAX_EXTRA_BYTES:
            raise WorkbookUnreadable(
                f"แผ่นงานในไฟล์ ({self.name}) มีแถวที่ยาวผิดปกติ เปิดไม่ได้",
                f"a sheet of the workbook ({self.name}) holds a row too long to read",
                where=self.name)
        return None

    def keep(self, row: bytes) -> bytes:
        """A row within ``MAX_ROW``: whole, but for empty cells past ``MAX_COL``."""
        tag_end = row.find(b">")
        far = _FAR_COLUMN.search(row, tag_end)
        if far is None:
            self.count(row.count(self.cell_end))
            return row
        cut = row.rfind(b"<", tag_end, far.start())
        kept = b"".join(c[0] for c in self.cell.finditer(row, cut)
                        if _HAS_VALUE.search(c[0], c[0].find(b">")))
        self.trimmed.cells += row.count(self.cell_start, cut) - kept.count(self.cell_start)
        self.count(row.count(self.cell_end, 0, cut) + kept.count(self.cell_end))
        return row[:cut] + kept + b"</" + self.prefix + b"row>"

    def feed_far(self, chunk: bytes, out: io.BytesIO) -> bytes | None:
        assert self.far is not None
        kept = self.far.extent.kept
        seen = self.edge + chunk  # a tag cut in two by the chunks is counted once
        self.trimmed.cells += seen.count(self.cell_start)
        self.edge = seen[-(len(self.cell_start) - 1):]
        done = self.far.feed(chunk, out)
        self.count(self.far.extent.kept - kept)
        if done is not None:
            self.close_far()
        return done

    def finish(self, out: io.BytesIO) -> None:
        """The sheet's data ended without its closing tag."""
        if self.far is not None:
            self.far.finish(out)
            self.close_far()
        else:
            out.write(b"</" + self.prefix + b"sheetData>")
            self.trimmed.values += self.kept

    def close_far(self) -> None:
        assert self.far is not None
        self.trimmed.cells -= self.far.extent.kept
        self.trimmed.values += self.kept

    def count(self, values: int) -> None:
        """Values kept in this sheet, bounded as ``check`` bounds them."""
        self.kept += values
        if self.kept > MAX_CELLS or (self.far is not None and self.far.extent.dropped):
            raise WorkbookUnreadable(
                f"แผ่นงานในไฟล์ ({self.name}) มีข้อมูลเกิน {MAX_CELLS:,} ช่อง",
                f"a sheet of the workbook ({self.name}) holds more than {MAX_CELLS:,} values",
                where=self.name)


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's part in the package, with its sheet name: {"xl/worksheets/sheet3.xml":
    "หน่วยงาน"}."""
    from lxml import etree

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        workbook = etree.fromstring(zf.read("xl/workbook.xml"), parser)
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"), parser)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = target
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        part = targets.get(sheet.get(f"{ns_rel}id"))
        if part:
            parts[part] = sheet.get("name", "")
    return parts


def macros(path: Path) -> list[Problem]:
    """A macro-enabled workbook is read like any other; its macros are never run nor
    copied into anything itadocs writes, and staff are told so."""
    try:
        with zipfile.ZipFile(path) as zf:
            found = any(n.lower().endswith("vbaproject.bin") for n in zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return []
    if not found:
        return []
    return [Problem(
        Severity.WARNING, ProblemCode.MACROS_IGNORED, "", "",
        Message(f"{path.name} มีมาโคร (VBA) itadocs อ่านเฉพาะข้อมูล ไม่เรียกใช้และไม่คัดลอกมาโคร",
                f"{path.name} holds macros (VBA); itadocs reads its data only and neither runs "
                "nor copies the macros"),
    )]


def left_out(extents: dict[str, Extent], sheets: set[str] | None = None) -> list[Problem]:
    """Values of the sheets itadocs reads (or of ``sheets``) that the compact copy had to
    leave out, each named by its first cell (a stray value far below a table is a typing
    slip to fix)."""
    from itadocs.reading import schema

    read = sheets if sheets is not None else (
        {form.name for form in schema.FORMS} | {table.name for table in schema.TABLES})
    problems = []
    for sheet, extent in extents.items():
        if sheet not in read:
            continue
        if extent.stray:
            more = (f" และอีก {extent.strays - 1} ช่อง" if extent.strays > 1 else "",
                    f" and {extent.strays - 1} more" if extent.strays > 1 else "")
            problems.append(Problem(
                Severity.ERROR, ProblemCode.STRAY_VALUE, sheet, extent.stray,
                Message(f"แผ่นงาน {sheet} มีค่าที่ {extent.stray}{more[0]} ซึ่งอยู่ไกลนอกตาราง (itadocs "
                f"อ่านถึงแถว {MAX_ROW} คอลัมน์ที่ {MAX_COL}) ลบค่านั้นหรือย้ายเข้ามาในตาราง",
                f"sheet {sheet} has a value at {extent.stray}{more[1]}, far outside the table "
                f"(itadocs reads up to row {MAX_ROW} and column {MAX_COL}); delete it or move "
                "it into the table"),
            ))
        if extent.over:
            problems.append(Problem(
                Severity.ERROR, ProblemCode.TOO_MANY_VALUES, sheet, extent.over,
                Message(f"แผ่นงาน {sheet} มีข้อมูลมากเกิน {MAX_CELLS:,} ช่อง ตั้งแต่ {extent.over} "
                f"({extent.dropped:,} ช่อง) ไม่ได้อ่าน",
                f"sheet {sheet} holds more than {MAX_CELLS:,} values; from {extent.over} on "
                f"({extent.dropped:,} cells) nothing was read"),
            ))
    return problems
