"""The measures document read back: numbers, merged cells, sections, chart, escaping."""

from __future__ import annotations

import re

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from itadocs.cli import main
from itadocs.documents import captions
from itadocs.documents.captions import table_by_caption, tables_by_caption
from itadocs.documents.render import leftover_tags, text_of
from itadocs.documents.typeset import plain
from itadocs.exceptions import WorkbookHasErrors
from itadocs.pipeline import build_workbook
from itadocs.reading import schema
from itadocs.thai import thai_digits
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data

HEADINGS = [
    "๑. ความสำคัญของ ITA",
    "ผลคะแนนและระดับผลการประเมิน",
    "๒. ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของสำนักงานเขตบางรัก กรุงเทพมหานคร "
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
    "๓. คำสั่งแต่งตั้งคณะกรรมการและคณะทำงานขับเคลื่อน ITA ของสำนักงานเขต",
    "๔. การจัดประชุมชี้แจงการดำเนินงาน",
    "๕. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของสำนักงานเขตบางรัก",
    "๖. มาตรการ/กิจกรรมในการสื่อสารสร้างการรับรู้",
    "๗. กิจกรรมสื่อสารภาพลักษณ์การให้บริการของสำนักงานเขตบางรัก",
    "๘. มาตรการส่งเสริม สนับสนุน และประชาสัมพันธ์ศูนย์รับคำขออนุญาตของกรุงเทพมหานคร",
]


def _table(doc, caption):
    table = table_by_caption(doc, caption)
    assert table is not None, caption
    return table


def _cell_text(cell) -> str:
    """The cell's text as read (the invisible joiners that keep names whole left out)."""
    return plain("\n".join(p.text for p in cell.paragraphs).strip())


@pytest.fixture
def built(bangrak, tmp_path):
    result = build_workbook(bangrak, tmp_path / "out")
    return result, Document(result.outputs["measures"])


def test_files_are_named_by_district_and_year(built):
    result, _ = built
    assert result.outputs["measures"].name == "ita-measures-2569-bang-rak.docx"
    assert result.outputs["order"].name == "ita-order-2569-bang-rak.docx"


def test_table1_numbers_and_merged_cells(built):
    _, doc = built
    table = _table(doc, captions.TABLE1)
    rows = table.rows
    assert _cell_text(rows[0].cells[4]) == "คะแนน\nถ่วงน้ำหนัก"  # broken where a clerk would
    assert len(rows) == 1 + 10 + 2  # header, ten indicators, total and level
    first = [_cell_text(c) for c in rows[1].cells]
    assert first == ["ตัวชี้วัดที่ ๑. การปฏิบัติหน้าที่", "๓๐.๐๐", "๙๑.๒๐", "๙๐.๑๑", "๒๗.๐๓"]
    assert _cell_text(rows[6].cells[0]) == "ตัวชี้วัดที่ ๖. คุณภาพการดำเนินงาน"
    assert [_cell_text(rows[6].cells[i]) for i in (1, 2, 3, 4)] == [
        "๓๐.๐๐", "๘๖.๐๐", "๘๔.๙๐", "๒๕.๔๗"]
    assert _cell_text(rows[10].cells[2]) == "๙๘.๕๐"
    # weight, tool score and weighted score are merged down each tool's rows
    for col in (1, 3, 4):
        merges = [r._tr.tc_lst[col].tcPr.find(qn("w:vMerge")) for r in rows[1:11]]
        starts = [i for i, m in enumerate(merges) if m is not None and m.get(qn("w:val"))
                  == "restart"]
        assert starts == [0, 5, 8], col
        assert all(m is not None for m in merges)
    assert _cell_text(rows[11].cells[4]) == "๙๐.๖๐"
    assert _cell_text(rows[11].cells[0]) == "คะแนนรวม ITA"
    assert _cell_text(rows[12].cells[4]) == "ผ่าน"
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_sections_in_order_and_text(built):
    _, doc = built
    text = text_of(doc)
    positions = [text.find(h) for h in HEADINGS]
    assert all(p >= 0 for p in positions), [h for h in HEADINGS if h not in text]
    assert positions == sorted(positions)
    assert "มาตรการยกระดับคุณธรรมและความโปร่งใสของสำนักงานเขตบางรัก กรุงเทพมหานคร" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert "ได้คะแนนรวม ๙๐.๖๐ คะแนน อยู่ในระดับ \u201cผ่าน\u201d" in text
    assert "มีคำสั่งที่ ๑๒/๒๕๖๘ ลงวันที่ ๓ พฤศจิกายน ๒๕๖๘" in text
    # the order's full text is in section 3, before section 4
    order_at = text.find("คำสั่งสำนักงานเขตบางรัก")
    assert HEADINGS and text.find(HEADINGS[3]) < order_at < text.find(HEADINGS[4])
    assert "(นางสาวทดสอบ ระบบดี)" in text
    assert "ทั้งนี้ ตั้งแต่วันที่ ๓ พฤศจิกายน พ.ศ. ๒๕๖๘ เป็นต้นไป" in text
    # levels table and the framework's indicators
    levels = _table(doc, captions.LEVELS)
    assert [_cell_text(r.cells[0]) for r in levels.rows[2:]] == [
        "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
    assert "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (Anti - Corruption Practice)" in text
    assert not re.search(r"[0-9]", text.replace("ITA", "")), "Arabic digit in a Thai-digit doc"


def _analysis_tables(doc):
    return tables_by_caption(doc, captions.ANALYSIS)


def test_analysis_table_has_all_ten_rows_with_numbered_measures(built):
    """One table per indicator: the column titles and the indicator's name repeat on every
    page it runs onto; its content row may split across pages."""
    _, doc = built
    tables = _analysis_tables(doc)
    assert len(tables) == 10
    for n, table in enumerate(tables, start=1):
        titles, band, content = table.rows
        assert _cell_text(band.cells[0]).startswith(f"ตัวชี้วัดที่ {thai_digits(n)} ")
        for repeated in (titles, band):
            assert repeated._tr.trPr.find(qn("w:tblHeader")) is not None
        measures = [plain(p.text) for p in content.cells[1].paragraphs]
        assert measures == [f"{thai_digits(k)}.\tมาตรการข้อ {thai_digits(k)} ของตัวชี้วัดที่ "
                            f"{thai_digits(n)} เพื่อยกระดับคุณธรรม" for k in (1, 2)]
        assert content._tr.trPr is None or content._tr.trPr.find(qn("w:cantSplit")) is None
        # a paragraph between the tables, so Word does not join them into one
        assert table._tbl.getnext().tag == qn("w:p")
    assert _cell_text(tables[6].rows[2].cells[2]) == "ฝ่ายปกครอง"
    assert _cell_text(tables[0].rows[2].cells[3]) == "ทุก ๖ เดือน"
    assert _cell_text(tables[0].rows[0].cells[2]) == "หน่วยงาน\nรับผิดชอบ"


def test_chart_table2_and_no_unrendered_tag(built):
    _, doc = built
    blips = doc.element.body.findall(".//" + qn("a:blip"))
    assert len(blips) == 1  # the radar chart
    images = [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]
    assert images and images[0].target_part.blob[:4] == b"\x89PNG"
    table2 = _table(doc, captions.TABLE2)
    assert [_cell_text(c) for c in table2.rows[10].cells] == [
        "ตัวชี้วัดที่ ๑๐", "การป้องกันการทุจริต", "๙๘.๕๐"]
    assert leftover_tags(doc) == []


def test_another_district_never_mentions_khlong_san(built):
    result, doc = built
    assert "คลองสาน" not in text_of(doc)
    assert "คลองสาน" not in text_of(Document(result.outputs["order"]))
    for section in doc.sections:
        assert "คลองสาน" not in "".join(p.text for p in section.header.paragraphs)


def test_values_are_escaped(tmp_path):
    data = bangrak_data()
    data.paragraphs[0].text = "R&D <b>ตัวหนา</b> {{ office }} {% if x %} & จบ"
    data.measures[0].text = "ใช้ <script> & \"อ้างอิง\""
    path = write_workbook(tmp_path / "esc.xlsx", data)
    result = build_workbook(path, tmp_path / "out")
    text = text_of(Document(result.outputs["measures"]))
    assert "R&D <b>ตัวหนา</b> {{ office }} {% if x %} & จบ" in text
    assert "ใช้ <script> & \"อ้างอิง\"" in text


def test_arabic_digits_when_asked(tmp_path):
    path = write_workbook(tmp_path / "ar.xlsx", bangrak_data(digits="arabic"))
    result = build_workbook(path, tmp_path / "out")
    doc = Document(result.outputs["measures"])
    text = text_of(doc)
    assert "ได้คะแนนรวม 90.60 คะแนน" in text
    assert not re.search("[๐-๙]", text)
    for sect_pr in doc.element.body.iter(qn("w:sectPr")):
        pg = sect_pr.find(qn("w:pgNumType"))
        assert pg is None or pg.get(qn("w:fmt")) is None


def test_thai_page_numbers_and_distinct_first_page(built):
    _, doc = built
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    fmts = {s.find(qn("w:pgNumType")).get(qn("w:fmt"))
            for s in doc.element.body.iter(qn("w:sectPr")) if s.find(qn("w:pgNumType")) is not None}
    assert fmts == {"thaiNumbers"}


def test_fonts_and_page_setup(built):
    _, doc = built
    styles = doc.styles.element
    normal = doc.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH Sarabun New" == fonts.get(qn("w:ascii"))
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert styles.find(qn("w:docDefaults")) is not None
    for section in doc.sections:
        assert round(section.left_margin.cm, 2) == 3.0
        assert round(section.right_margin.cm, 2) == 2.0
        assert {round(section.page_width.cm, 1), round(section.page_height.cm, 1)} == {21.0,
                                                                                      29.7}
    bold = doc.styles["Heading 1"].element.rPr
    assert bold.find(qn("w:bCs")) is not None


def test_errors_stop_the_build_and_outputs_stay(bangrak, tmp_path):
    out = tmp_path / "out"
    build_workbook(bangrak, out)
    before = {p: p.read_bytes() for p in out.iterdir()}
    wb = openpyxl.load_workbook(bangrak)
    wb[schema.SCORES.name]["C5"] = "ไม่ทราบ"
    wb.save(bangrak)
    with pytest.raises(WorkbookHasErrors):
        build_workbook(bangrak, out)
    assert {p: p.read_bytes() for p in out.iterdir()} == before
    result = CliRunner().invoke(main, ["build", str(bangrak), "-o", str(out)])
    assert result.exit_code == 1
    assert "[คะแนน!C5]" in result.output and "not a number" in result.output


def test_warnings_are_printed_and_the_build_goes_on(tmp_path):
    data = bangrak_data()
    data.analyses[0].text = "ได้ค่าคะแนน ๘๕.๘๕ คะแนน ซึ่งสะท้อนให้เห็นว่า ..."
    path = write_workbook(tmp_path / "warn.xlsx", data)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "คำเตือน / WARNING [วิเคราะห์!B5]" in result.output
    assert "quotes 85.85 but the score table has 91.20" in result.output
    assert (tmp_path / "out" / "ita-measures-2569-bang-rak.docx").exists()


def test_same_input_gives_identical_bytes(bangrak, tmp_path):
    a = build_workbook(bangrak, tmp_path / "a").outputs
    b = build_workbook(bangrak, tmp_path / "b").outputs
    for kind in a:
        assert a[kind].read_bytes() == b[kind].read_bytes()


def test_photos_with_captions_in_their_section(tmp_path):
    from PIL import Image as Pil

    from itadocs.model import Photo

    photos = tmp_path / "ภาพ"
    photos.mkdir()
    Pil.new("RGB", (4000, 3000), (200, 180, 150)).save(photos / "ประชุม.jpg", quality=95)
    Pil.new("RGB", (600, 900), (90, 120, 160)).save(tmp_path / "oss.png")
    data = bangrak_data()
    data.photos = [Photo(4, "ภาพ/ประชุม.jpg", "การประชุมชี้แจงการดำเนินงาน ITA"),
                   Photo(8, "oss.png", "จุดบริการ BMA OSS")]
    path = write_workbook(tmp_path / "photos.xlsx", data)
    outcome = build_workbook(path, tmp_path / "out")
    doc = Document(outcome.outputs["measures"])
    text = text_of(doc)
    assert text.index("การประชุมชี้แจงการดำเนินงาน ITA") < text.index("๕. การวิเคราะห์")
    assert text.index("จุดบริการ BMA OSS") > text.index("๘. มาตรการส่งเสริม")
    extents = [(int(e.get("cx")), int(e.get("cy"))) for e in doc.element.body.iter(qn("wp:extent"))]
    assert len(extents) == 3  # the chart and two photos
    cm = 360000
    assert extents[1] == pytest.approx((12 * cm, 9 * cm), rel=0.01)  # 4:3 at 12 cm wide
    assert extents[2][1] == pytest.approx(9 * cm, rel=0.01)  # a tall photo: 9 cm high
    sizes = [len(r.target_part.blob) for r in doc.part.rels.values()
             if r.reltype.endswith("/image")]
    assert max(sizes) < 1_000_000  # the 12-megapixel photo was reduced


def test_missing_photo_is_an_error(tmp_path):
    from itadocs.model import Photo

    data = bangrak_data()
    data.photos = [Photo(4, "ไม่มีไฟล์.jpg", "ภาพ")]
    path = write_workbook(tmp_path / "p.xlsx", data)
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "[ภาพ!B5]" in result.output and "ไม่มีไฟล์.jpg" in result.output


def test_previous_year_is_compared(tmp_path):
    from decimal import Decimal

    data = bangrak_data()
    for score in data.scores:
        score.previous = score.score - Decimal("2.00")
    path = write_workbook(tmp_path / "prev.xlsx", data)
    outcome = build_workbook(path, tmp_path / "out")
    text = text_of(Document(outcome.outputs["measures"]))
    # previous total: 27.03-0.60, 25.47-0.60, 38.10-0.80 -> 88.60
    assert ("ได้คะแนนรวม ๙๐.๖๐ คะแนน อยู่ในระดับ \u201cผ่าน\u201d เมื่อเทียบกับปีงบประมาณ "
            "พ.ศ. ๒๕๖๗ ที่ได้ ๘๘.๖๐ คะแนน (เพิ่มขึ้น ๒.๐๐ คะแนน)") in text


def test_no_blank_last_page_when_sections_6_to_8_are_left_out(tmp_path):
    """Sections 6-8 all empty: section 5 (landscape) ends the document, no empty page."""
    data = bangrak_data()
    data.paragraphs = [p for p in data.paragraphs if p.section == 4]
    outcome = build_workbook(write_workbook(tmp_path / "e.xlsx", data), tmp_path / "out")
    doc = Document(outcome.outputs["measures"])
    body = doc.element.body
    assert body[-1].tag == qn("w:sectPr")
    assert body[-1].find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    assert len(doc.sections) == 2  # portrait, then the landscape section 5
    assert "๖. มาตรการ/กิจกรรม" not in text_of(doc)
