"""Helpers shared by the tests (and bench/run.py): paths, a complete workbook's data, running
the command, editing workbooks and zip parts, hostile files. Fixtures stay in conftest.py;
no test module imports from another test module or from conftest."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itadocs.build import fonts
from itadocs.cli import main
from itadocs.model import (
    Analysis,
    Duty,
    Measure,
    Member,
    Order,
    Paragraph,
    Score,
    Unit,
    WorkbookData,
)
from itadocs.workbooks.writer import write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "ita-khlongsan-2568.xlsx"
AS_PUBLISHED = ROOT / "tests" / "fixtures" / "ita-khlongsan-2568-as-published.xlsx"
TEMPLATES = ROOT / "itadocs" / "templates"

SCORES = {
    "1": "91.20", "2": "88.45", "3": "90.00", "4": "93.75", "5": "87.10",
    "6": "86.00", "7": "84.50", "8": "83.25", "9": "92.00", "10": "98.50",
    "IIT": "90.11", "EIT": "84.90", "OIT": "95.25",
}


def bangrak_data(**unit_changes) -> WorkbookData:
    """A complete, valid workbook's data for Bang Rak, fiscal year 2569."""
    unit = Unit(
        district="บางรัก", fiscal_year=2569, assessed_year=2568,
        director_name="นางสาวทดสอบ ระบบดี", director_position="ผู้อำนวยการเขตบางรัก",
        digits="thai", framework_year=None,
    )
    for key, value in unit_changes.items():
        setattr(unit, key, value)
    data = WorkbookData(unit=unit)
    data.scores = [Score(k, Decimal(v)) for k, v in SCORES.items()]
    data.analyses = [
        Analysis(n, f"ได้ค่าคะแนน {SCORES[str(n)]} คะแนน ซึ่งสะท้อนให้เห็นว่า สำนักงานเขตบางรัก "
                    f"ดำเนินการตามตัวชี้วัดที่ {n} และต้องพัฒนาต่อเนื่อง",
                 "ทุกฝ่าย" if n != 7 else "ฝ่ายปกครอง", "ทุก ๖ เดือน")
        for n in range(1, 11)
    ]
    data.measures = [
        Measure(n, f"มาตรการข้อ {k} ของตัวชี้วัดที่ {n} เพื่อยกระดับคุณธรรม")
        for n in range(1, 11) for k in range(1, 3)
    ]
    data.order = Order(
        number=12, year=2568, date=dt.date(2025, 11, 3),
        subject="แต่งตั้งคณะกรรมการและคณะทำงานการประเมินคุณธรรมและความโปร่งใส (ITA) "
                "สำนักงานเขตบางรัก",
        preamble="ตามที่คณะกรรมการ ป.ป.ช. ได้กำหนดให้มีการประเมิน ITA ของสำนักงานเขต",
        authority="อาศัยอำนาจตามความในมาตรา ๔๙ แห่งพระราชบัญญัติระเบียบบริหารราชการ"
                  "กรุงเทพมหานคร พ.ศ. ๒๕๒๘ จึงแต่งตั้งคณะกรรมการและคณะทำงาน ดังนี้",
        effective_date=dt.date(2025, 11, 3),
        signer_name="นางสาวทดสอบ ระบบดี", signer_position="ผู้อำนวยการเขตบางรัก",
        purpose="เพื่อติดตามการดำเนินงานด้าน ITA",
    )
    data.committee = [
        Member("", "ผู้อำนวยการเขตบางรัก", "", "ประธานกรรมการ"),
        Member("", "ผู้ช่วยผู้อำนวยการเขตบางรัก", "", "รองประธานกรรมการ"),
        Member("", "หัวหน้าฝ่ายทะเบียน", "", "กรรมการ"),
        Member("", "หัวหน้าฝ่ายปกครอง", "", "กรรมการและเลขานุการ"),
        Member("นายสมชาย ใจดี", "นักจัดการงานทั่วไปปฏิบัติการ", "ฝ่ายปกครอง",
               "กรรมการและผู้ช่วยเลขานุการ"),
    ]
    data.working_group = [
        Member("", "หัวหน้าฝ่ายปกครอง", "", "ประธานคณะทำงาน"),
        *(Member(f"นางสาวคณะทำงาน ลำดับ{i}", "เจ้าพนักงานธุรการปฏิบัติงาน", "ฝ่ายการคลัง",
                 "คณะทำงาน") for i in range(2, 8)),
        Member("นายเลขา ทำงาน", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ", "ฝ่ายปกครอง",
               "คณะทำงานและเลขานุการ"),
    ]
    data.duties = [
        Duty("committee", "กำกับ ติดตาม การดำเนินงานประเมิน ITA ของสำนักงานเขตบางรัก"),
        Duty("working_group", "รวบรวมข้อมูลและเผยแพร่บนเว็บไซต์ของสำนักงานเขต"),
        Duty("working_group", "รายงานผลการดำเนินงานต่อคณะกรรมการ"),
    ]
    data.paragraphs = [
        Paragraph(4, "ผู้อำนวยการเขตบางรัก ได้มอบนโยบายในการดำเนินงาน ITA ให้กับทุกส่วนราชการ"),
        Paragraph(6, "ผู้อำนวยการเขตบางรัก ได้สื่อสารสร้างการรับรู้ต่อผู้มีส่วนได้ส่วนเสีย"),
        Paragraph(7, "จัดกิจกรรมสร้างภาพลักษณ์การให้บริการที่โปร่งใส"),
        Paragraph(8, "ประชาสัมพันธ์ระบบ BMA OSS ให้ประชาชนทราบ"),
    ]
    return data

# Last year's scores in the "previous" column of bangrak_data's workbook: on this two-year chart
# the ring value 100 was once drawn over 80 and lines crossed the scores 98.50 and 78.89.
PREVIOUS = {"1": "84.35", "2": "90.84", "3": "76.68", "4": "89.27", "5": "80.48",
            "6": "78.89", "7": "71.32", "8": "78.87", "9": "85.98", "10": "99.67",
            "IIT": "84.32", "EIT": "76.36", "OIT": "92.83"}


def bangrak_two_years() -> WorkbookData:
    """bangrak_data with last year's scores: the measures document's chart has two series."""
    data = bangrak_data()
    for score in data.scores:
        score.previous = Decimal(PREVIOUS[score.key])
    return data


# Trat 2564's ten indicator scores (NACC's regional report): tool scores are their means.
TRAT_2564 = ["93.55", "87.72", "91.01", "87.93", "89.52", "90.55", "88.68", "88.58", "72.89",
             "65.56"]


def needs_soffice() -> None:
    """Skip when LibreOffice is absent, except in CI where it must be there."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")


# --------------------------------------------------------------------------- PDFs


def thai_docx(path: Path, paragraphs: list[str], font: str = fonts.FAMILY) -> Path:
    """A .docx like Word's: every run in ``font`` 16 pt for Latin and Thai (w:cs, w:szCs)."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    for text in paragraphs:
        paragraph = doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = paragraph.add_run(text)
        run.font.name = font
        run.font.size = Pt(16)
        rpr = run._element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), font)
        size_cs = OxmlElement("w:szCs")
        size_cs.set(qn("w:val"), "32")
        rpr.append(size_cs)
    doc.save(path)
    return path


def export_pdfa(docx: list[Path], outdir: Path, timeout: float = 900) -> list[Path]:
    """PDFs of ``docx`` in ``outdir`` as LibreOffice writes them in a build (PDF/A-2b,
    tagged, the derived TH Sarabun New, ``pdf.Lanes``), before ``pdftext.fix_text``
    corrects their text: the .docx as given, not typeset for the PDF."""
    from itadocs.build.pdf import Lanes, PdfJob, find_soffice, find_uno_python

    needs_soffice()
    soffice = find_soffice()
    if soffice is None or find_uno_python(soffice) is None:
        pytest.skip("LibreOffice's Python bridge (python3-uno) not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    jobs = [PdfJob(path, outdir / f"{path.stem}.pdf") for path in docx]
    with Lanes(1, outdir, timeout) as lanes:
        for job in jobs:
            lanes.submit(job)
        failed = lanes.finish()
        assert not failed, failed
        for job in jobs:
            shutil.copyfile(lanes.made(job), job.target)
    return [job.target for job in jobs]


def edit_a_measure(path: Path) -> None:
    """Staff change one measure: the workbook differs, the district must be rebuilt."""
    data = bangrak_data()
    data.measures[0].text = "มาตรการใหม่"
    write_workbook(path, data)


# --------------------------------------------------------------------------- running

OUTPUTS = ("ita-measures-2569-bang-rak.docx", "ita-order-2569-bang-rak.docx",
           "ita-scores-2569-bang-rak.csv", "ita-measures-2569-bang-rak.csv",
           "ita-data-2569-bang-rak.json")


def run(*args: object):
    """``itadocs ARGS`` in this process; never a traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def itadocs(*args: object, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """``itadocs ARGS`` as a real process (stdout and stderr as text)."""
    return subprocess.run([sys.executable, "-m", "itadocs.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env(),
                          **kwargs)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by name, hidden ones included."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def edit(path: Path, fn: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def set_cells(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    def change(wb):
        for ref, value in cells.items():
            wb[sheet][ref] = value
    return edit(path, change)


def sheet_part(files: dict[str, bytes], sheet: str) -> str:
    """The zip part name of a worksheet, by its name."""
    workbook = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(rId\d+)"', workbook)[1]
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*/>', rels)[0]
    return "xl/" + re.search(r'Target="([^"]+)"', target)[1].lstrip("/").removeprefix("xl/")


def rewrite_zip(path: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Rewrite a zip package's parts in place (``change`` edits the dict of parts)."""
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    change(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def set_raw_cell(path: Path, sheet: str, ref: str, xml: str) -> Path:
    """Replace one cell's XML as a hostile tool could write it."""
    def change(files):
        part = sheet_part(files, sheet)
        text = files[part].decode()
        m = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', text)
        assert m, ref
        files[part] = text.replace(m[0], xml, 1).encode()
    return rewrite_zip(path, change)


# --------------------------------------------------------------------------- validity

# What the validator reports about openpyxl's own writer, which Excel is known to accept.
# Nothing else may be reported: what itadocs writes into a workbook must validate.
KNOWN_OPENPYXL = (
    (
        re.compile(r"xl/styles\.xml /styleSheet\[1\]/(fonts\[1\]|dxfs\[1\]/dxf\[\d+\])/font\[\d+\]"
                   r" Unexpected element '\w+' found"),
        "openpyxl writes a font's children in its own fixed order (name, charset, family, b, "
        "i, ..., color, sz, ...). ECMA-376 declares CT_Font as an xsd:choice of any order; the "
        "Open XML SDK's schema, which the validator uses, models it as a sequence. Excel opens "
        "openpyxl's fonts as written.",
    ),
    (
        re.compile(r"xl/worksheets/sheet\d+\.xml .*inline-string cell"),
        "openpyxl 3.1 writes every text cell as an inline string (t=\"inlineStr\"), which the "
        "schema allows; Excel moves them to a shared-strings table when it next saves the "
        "file (a warning: a rewrite on save, not a repair).",
    ),
)


def unexplained(path: Path) -> list[str]:
    """What the OOXML validator reports about a workbook beyond openpyxl's known quirks."""
    from itadocs.documents.conformance import FORMATS, validate

    found = [f"{f.where} {f.description}" for f in validate(path, FORMATS)]
    return [f for f in found if not any(rx.match(f) for rx, _ in KNOWN_OPENPYXL)]


# --------------------------------------------------------------------------- hostile files

def _column(n: int) -> bytes:
    letters = b""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = bytes([65 + rem]) + letters
    return letters


def formatted_cells(path: Path, sheet: str, *, last_row: int, columns: int,
                    values: dict[str, str] | None = None) -> Path:
    """Fill ``sheet`` below its content, up to ``last_row``, with empty formatted cells in
    columns B.. (as a spreadsheet writes a column formatted all the way down), plus text
    ``values`` by cell ("A3000": "x", also below ``last_row``). Written streaming, so
    millions of cells are cheap."""
    values = {ref: text for ref, text in (values or {}).items()}
    by_row: dict[int, list[tuple[bytes, str]]] = {}
    for ref, text in values.items():
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        by_row.setdefault(int(m[2]), []).append((m[1].encode(), text))
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        part = sheet_part({n: src.read(n) for n in ("xl/workbook.xml",
                                                     "xl/_rels/workbook.xml.rels")}, sheet)
        for info in src.infolist():
            data = src.read(info)
            if info.filename != part:
                dst.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            rows = [int(n) for n in re.findall(rb"<row [^>]*?r=\"(\d+)\"", head)]
            first = max(rows, default=0) + 1
            with dst.open(info.filename, "w") as out:
                out.write(head)
                styled = [b'<c r="%s%%d" s="1"/>' % _column(c) for c in range(2, columns + 2)]
                template = b"".join(styled)
                count = template.count(b"%d")
                for r in sorted({*range(first, last_row + 1), *(n for n in by_row if n >= first)}):
                    cells = b"".join(
                        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                        % (col, r, text.encode()) for col, text in sorted(by_row.get(r, [])))
                    styled_row = template % ((r,) * count) if r <= last_row else b""
                    out.write(b'<row r="%d" s="1" customFormat="1" ht="21" customHeight="1">'
                              % r + cells + styled_row + b"</row>")
                out.write(b"</sheetData>" + tail)
    tmp.replace(path)
    return path


def png_header(width: int, height: int, body: bytes | None = None) -> bytes:
    """A PNG declaring ``width`` x ``height`` pixels; its data is ``body`` (default: a small
    valid stream of blank rows, far fewer than declared — a truncated image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    data = body if body is not None else zlib.compress(b"\0" * (1 + (width + 7) // 8) * 4)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def png_bomb(width: int, height: int) -> bytes:
    """A complete 1-bit PNG of ``width`` x ``height`` blank pixels: a few hundred KB that
    would decode to gigabytes."""
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    parts = [packer.compress(row * 256) for _ in range(height // 256)]
    parts.append(packer.compress(row * (height % 256)))
    parts.append(packer.flush())
    return png_header(width, height, b"".join(parts))


def templates_with(tmp_path: Path, name: str, change: Callable[[dict[str, bytes]], None]
                   ) -> Path:
    """A copy of the default templates in ``tmp_path/templates`` with ``change`` made to the
    parts of ``name`` (see ``rewrite_zip``)."""
    folder = tmp_path / "templates"
    if not folder.exists():
        folder.mkdir()
        for file in ("measures.docx", "order.docx"):
            shutil.copy(TEMPLATES / file, folder / file)
    rewrite_zip(folder / name, change)
    return folder


def picture_in_cell(path: Path, sheet: str, ref: str, picture: bytes, *,
                    rvb: str = '<xlrd:rvb i="0"/>', structure: str = "0") -> Path:
    """Place ``picture`` in cell ``ref`` as Excel 365's Insert > Pictures > Place in Cell
    stores it (the cell's rich value); ``rvb`` and ``structure`` as a hostile tool may write
    them (an index missing, a structure past the end)."""
    rd = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"

    def in_cell(files: dict[str, bytes]) -> None:
        part = sheet_part(files, sheet)
        xml = files[part].decode()
        cell = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, re.S)[0]
        files[part] = xml.replace(cell, f'<c r="{ref}" t="e" vm="1"><v>#VALUE!</v></c>').encode()
        files["xl/media/image9.jpeg"] = picture
        files["xl/metadata.xml"] = (
            '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:xlrd="{rd}"><metadataTypes count="1"><metadataType name="XLRICHVALUE" '
            'minSupportedVersion="120000"/></metadataTypes><futureMetadata name="XLRICHVALUE" '
            'count="1"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}">'
            f'{rvb}</ext></extLst></bk></futureMetadata><valueMetadata count="1"><bk><rc t="1" '
            'v="0"/></bk></valueMetadata></metadata>').encode()
        files["xl/richData/rdrichvaluestructure.xml"] = (
            f'<rvStructures xmlns="{rd}" count="1"><s t="_localImage">'
            '<k n="_rvRel:LocalImageIdentifier" t="i"/><k n="CalcOrigin" t="i"/></s>'
            '</rvStructures>').encode()
        files["xl/richData/rdrichvalue.xml"] = (
            f'<rvData xmlns="{rd}" count="1"><rv s="{structure}"><v>0</v><v>5</v></rv>'
            '</rvData>').encode()
        files["xl/richData/richValueRel.xml"] = (
            b'<richValueRels xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/'
            b'richvaluerel" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships"><rel r:id="rId1"/></richValueRels>')
        files["xl/richData/_rels/richValueRel.xml.rels"] = (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/image" Target="../media/image9.jpeg"/>'
            b'</Relationships>')

    return rewrite_zip(path, in_cell)


def anchored_many_times(path: Path, times: int, padding: int = 0) -> Path:
    """The first picture of the workbook's first drawing anchored ``times`` times, all at
    its one media part; ``padding`` zero bytes after the picture's data make that part
    large while the file stays small (zeros compress to nearly nothing)."""
    def many(files: dict[str, bytes]) -> None:
        drawing = next(n for n in files if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
        xml = files[drawing].decode()
        anchor = re.search(r"<((?:\w+:)?(?:oneCell|twoCell)Anchor)\b.*?</\1>", xml, re.S)[0]
        files[drawing] = xml.replace(anchor, anchor * times).encode()
        media = next(n for n in files if n.startswith("xl/media/"))
        files[media] += b"\0" * padding

    return rewrite_zip(path, many)


def strict_ooxml(path: Path) -> Path:
    """The workbook as Excel's "Strict Open XML Spreadsheet" saves it: the same parts in
    ISO 29500 Strict's namespaces."""
    names = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
            b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
            b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }

    def strict(files: dict[str, bytes]) -> None:
        for name, data in files.items():
            if name.endswith((".xml", ".rels")):
                for old, new in names.items():
                    data = data.replace(old, new)
                files[name] = data

    return rewrite_zip(path, strict)


def date_system_1904(path: Path) -> Path:
    """The workbook counting its dates from 1904 (Excel's "Use 1904 date system")."""
    def mac(files: dict[str, bytes]) -> None:
        workbook = files["xl/workbook.xml"].decode()
        workbook = re.sub(r"<workbookPr\b[^>]*?/>|<workbookPr\b[^>]*?>",
                          lambda m: m[0].replace("<workbookPr", '<workbookPr date1904="1"', 1),
                          workbook, count=1)
        files["xl/workbook.xml"] = workbook.encode()

    return rewrite_zip(path, mac)


def shared_string(path: Path, sheet: str, ref: str, text: str) -> Path:
    """Cell ``ref`` holding ``text`` through the shared-strings table, as Excel stores text
    (a hostile tool may put there more than an Excel cell can hold)."""
    from xml.sax.saxutils import escape

    def share(files: dict[str, bytes]) -> None:
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        files["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>{escape(text)}</t></si>'
            "</sst>").encode()
        types = files["[Content_Types].xml"].decode()
        if "/xl/sharedStrings.xml" not in types:
            files["[Content_Types].xml"] = types.replace("</Types>", (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
            )).encode()
        rels = files["xl/_rels/workbook.xml.rels"].decode()
        if "sharedStrings.xml" not in rels:
            files["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
                '<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>")).encode()
        part = sheet_part(files, sheet)
        xml = files[part].decode()
        cell = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, re.S)[0]
        files[part] = xml.replace(cell, f'<c r="{ref}" t="s"><v>0</v></c>', 1).encode()

    return rewrite_zip(path, share)


# --------------------------------------------------------------------------- the web page

WEB_BASE = "http://127.0.0.1:8000"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WEB_TEMPLATES = ROOT / "itadocs" / "web" / "templates"
# A real clerk's file name: 106 characters, 272 bytes; with its copy note, over 300.
LONG_NAME = ("สมุดงาน ITA สำนักงานเขตบางรัก ประจำปีงบประมาณ พ.ศ. 2569 ฉบับแก้ไขครั้งที่ 3 "
             "ตามความเห็นของคณะกรรมการ (สำเนาที่ส่งให้สำนักงานส่วนกลาง).xlsx")


def token(client) -> str:
    """The form token of ``client``'s session, from the home page."""
    page = client.get("/")
    return re.search(r'name="csrf" value="([^"]+)"', page.text)[1]


def upload(path: Path, name: str | None = None) -> tuple[str, bytes, str]:
    return (name or path.name, path.read_bytes(), XLSX)


def check(client, path: Path, name: str | None = None):
    """Upload ``path`` (as ``name``) to the page's check."""
    return client.post("/check", data={"csrf": token(client)},
                       files={"workbook": upload(path, name)})


def text(page) -> str:
    """The page's visible text, tags and spacing removed."""
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))


def photo_workbook(folder: Path, *files: str) -> Path:
    """A Bang Rak workbook whose sheet ภาพ names ``files``."""
    from itadocs.model import Photo

    data = bangrak_data()
    data.photos = [Photo(4, name, f"ภาพที่ {n}") for n, name in enumerate(files, start=1)]
    path = folder / "ita-bangrak-2569.xlsx"
    write_workbook(path, data)
    return path


# The peak memory of the process running this expression, in kB: Linux's VmHWM, which a
# program starts afresh (getrusage's ru_maxrss carries over the high-water mark of the
# process that started it: a test run of 600 MB would show in every child it starts).
PEAK_KB = ("next((int(line.split()[1]) for line in open('/proc/self/status') "
           "if line.startswith('VmHWM')), 0) or __import__('resource').getrusage("
           "__import__('resource').RUSAGE_SELF).ru_maxrss")


# --------------------------------------------------------------------------- radar chart

def chart_texts(fig) -> dict[str, list[tuple[str, object]]]:
    """The drawn chart's texts by kind, each with its box from the Agg renderer (pixels):
    "scores" (95.95), "rings" (the ring values 20 ... 100), "legend", "names"."""
    import matplotlib.text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.axes[0].get_legend()
    in_legend = {id(t) for t in legend.get_texts()} if legend else set()
    found: dict[str, list[tuple[str, object]]] = {
        "scores": [], "rings": [], "legend": [], "names": []}
    for t in fig.findobj(matplotlib.text.Text):
        text = t.get_text()
        if not text or not t.get_visible():
            continue
        if id(t) in in_legend:
            kind = "legend"
        elif re.fullmatch(r"[0-9๐-๙]+\.[0-9๐-๙]{2}", text):
            kind = "scores"
        elif re.fullmatch(r"[0-9๐-๙]{2,3}", text):
            kind = "rings"
        else:
            kind = "names"
        found[kind].append((text, t.get_window_extent(renderer)))
    return found


def series_segments(fig) -> list[tuple[tuple[float, float], tuple[float, float], float]]:
    """The series lines as drawn (pixels): (start, end, half the line's width)."""
    segments = []
    for line in fig.axes[0].lines:
        if line.get_marker() in (None, "None", "", " "):
            continue  # a spoke of the grid
        points = line.get_transform().transform(line.get_xydata())
        half = line.get_linewidth() * fig.dpi / 72 / 2
        for p, q in itertools.pairwise(points):
            if all(v == v for v in (*p, *q)):  # NaN: a gap
                segments.append(((p[0], p[1]), (q[0], q[1]), half))
    return segments


def crosses(box, p, q, pad: float = 0.0) -> bool:
    """Whether the segment p-q passes through ``box`` grown by ``pad`` (Liang-Barsky)."""
    x0, x1, y0, y1 = box.x0 - pad, box.x1 + pad, box.y0 - pad, box.y1 + pad
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for step, dist in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if dist < 0:
                return False
            continue
        t = dist / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def chart_faults(fig) -> list[str]:
    """What a reader would find wrong with a drawn radar chart, measured on its texts' boxes:
    a text cut by the figure's edge, two texts overlapping, a series line through a score,
    a ring value or a legend label."""
    found = chart_texts(fig)
    frame = fig.bbox
    faults = []
    every = [(kind, text, box) for kind, items in found.items() for text, box in items]
    for kind, text, box in every:
        if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
            faults.append(f"{kind} {text!r} is cut by the figure's edge")
    for i, (kind, text, box) in enumerate(every):
        for other_kind, other, other_box in every[i + 1:]:
            if box.overlaps(other_box):
                faults.append(f"{kind} {text!r} overlaps {other_kind} {other!r}")
    segments = series_segments(fig)
    for kind, text, box in every:
        if kind == "names":
            continue
        for p, q, half in segments:
            if crosses(box, p, q, half):
                faults.append(f"a series line crosses {kind} {text!r}")
                break
    return faults
