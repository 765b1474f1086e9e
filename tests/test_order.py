"""The committee order (คำสั่ง): structure, members, roles, dates, header, checks."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image as Pil

from itadocs import framework
from itadocs.checking.checks import check
from itadocs.documents.render import text_of
from itadocs.documents.typeset import plain
from itadocs.model import Member
from itadocs.pipeline import build_workbook
from itadocs.thai import thai_digits
from itadocs.workbooks.writer import write_workbook
from tests.helpers import TEMPLATES, bangrak_data

FW = framework.load(2567)


def _codes(data):
    return {p.code for p in check(data, FW)}


@pytest.fixture
def order_doc(bangrak, tmp_path):
    result = build_workbook(bangrak, tmp_path / "out")
    return Document(result.outputs["order"])


def test_order_text_in_official_order(order_doc):
    paragraphs = [plain(p.text) for p in order_doc.paragraphs if p.text.strip()]
    assert paragraphs[:3] == [
        "คำสั่งสำนักงานเขตบางรัก",
        "ที่ ๑๒/๒๕๖๘",
        "เรื่อง แต่งตั้งคณะกรรมการและคณะทำงานการประเมินคุณธรรมและความโปร่งใส (ITA) "
        "สำนักงานเขตบางรัก",
    ]
    text = text_of(order_doc)
    order = [
        "ตามที่คณะกรรมการ ป.ป.ช.", "อาศัยอำนาจตามความในมาตรา ๔๙", "๑. คณะกรรมการ",
        "โดยให้คณะกรรมการมีหน้าที่ กำกับ ติดตาม", "๒. คณะทำงาน",
        "โดยให้คณะทำงานมีหน้าที่ ดังนี้", "๑. รวบรวมข้อมูล", "๒. รายงานผลการดำเนินงาน",
        "ทั้งนี้ ตั้งแต่วันที่ ๓ พฤศจิกายน พ.ศ. ๒๕๖๘ เป็นต้นไป",
        "สั่ง ณ วันที่ ๓ พฤศจิกายน พ.ศ. ๒๕๖๘",  # with พ.ศ., as Bangkok writes it
        "(นางสาวทดสอบ ระบบดี)\nผู้อำนวยการเขตบางรัก",
    ]
    positions = [text.find(t) for t in order]
    assert all(p >= 0 for p in positions), [t for t in order if t not in text]
    assert positions == sorted(positions)


def test_members_in_order_with_roles_at_a_tab(order_doc):
    members = [p for p in order_doc.paragraphs if p.style.name == "ITA Order Member"]
    data = bangrak_data()
    expected = data.committee + data.working_group
    assert len(members) == len(expected)
    for i, (p, member) in enumerate(zip(members, expected, strict=True)):
        parts = plain(p.text).split("\t")
        assert parts[2] == member.role, i
        assert parts[1] == thai_digits(member.name or member.position)
    first = plain(members[0].text)
    assert first == "(๑)\tผู้อำนวยการเขตบางรัก\tประธานกรรมการ"
    named = plain(members[4].text)
    assert named == "(๕)\tนายสมชาย ใจดี\tกรรมการและผู้ช่วยเลขานุการ"
    detail = members[4]._p.getnext()
    assert plain("".join(t.text for t in detail.iter(qn("w:t")))) == (
        "นักจัดการงานทั่วไปปฏิบัติการ ฝ่ายปกครอง")
    stops = order_doc.styles["ITA Order Member"].paragraph_format.tab_stops
    assert [round(s.position.cm, 1) for s in stops] == [3.5, 11.0]


def test_header_page_field_and_distinct_first_page(order_doc):
    section = order_doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert any("PAGE" in (f.get(qn("w:instr")) or "") for f in header.iter(qn("w:fldSimple")))
    assert "".join(t.text for t in header.iter(qn("w:t"))) == "- ๒ -"  # single spaces
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:fldSimple")))  # no page number on page 1
    # without templates/garuda.png, the Garuda's 3 cm are left empty: no placeholder text
    assert "".join(t.text for t in first.iter(qn("w:t"))) == ""
    assert not list(first.iter(qn("w:tbl")))
    spacing = first.find(f".//{qn('w:spacing')}")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == pytest.approx(3.0 * 567, abs=2)
    assert section.page_width.cm == pytest.approx(21.0, abs=0.01)
    assert section.left_margin.cm == pytest.approx(3.0, abs=0.01)
    assert section.right_margin.cm == pytest.approx(2.0, abs=0.01)


def test_garuda_image_replaces_the_frame(bangrak, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("measures.docx", "order.docx"):
        shutil.copy(TEMPLATES / name, templates / name)
    Pil.new("RGBA", (300, 330), (0, 0, 0, 0)).save(templates / "garuda.png")
    result = build_workbook(bangrak, tmp_path / "out", templates)
    doc = Document(result.outputs["order"])
    first = doc.sections[0].first_page_header._element
    assert "ตราครุฑ" not in "".join(t.text for t in first.iter(qn("w:t")))
    extents = list(first.iter(qn("wp:extent")))
    assert len(extents) == 1
    assert int(extents[0].get("cy")) == pytest.approx(3.0 * 360000, rel=0.01)  # 3 cm high


def test_a_large_garuda_is_reduced_in_the_order_transparency_kept(bangrak, tmp_path):
    """A print shop's scan (here 2,000 × 2,400 px) goes into every order: it is reduced to
    1,200 px high, a PNG still transparent, and printed 3 cm high as before."""
    import io
    import zipfile

    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("measures.docx", "order.docx"):
        shutil.copy(TEMPLATES / name, templates / name)
    scan = Pil.new("RGBA", (2000, 2400), (0, 0, 0, 0))
    scan.paste(Pil.linear_gradient("L").resize((1000, 1200)).convert("RGBA"), (500, 600))
    scan.save(templates / "garuda.png")
    result = build_workbook(bangrak, tmp_path / "out", templates)
    with zipfile.ZipFile(result.outputs["order"]) as docx:
        [media] = [n for n in docx.namelist() if n.startswith("word/media/")]
        held = Pil.open(io.BytesIO(docx.read(media)))
    assert held.format == "PNG" and held.size == (1000, 1200)
    assert held.mode == "RGBA" and held.getpixel((0, 0))[3] == 0  # still transparent
    first = Document(result.outputs["order"]).sections[0].first_page_header._element
    [extent] = first.iter(qn("wp:extent"))
    assert int(extent.get("cy")) == pytest.approx(3.0 * 360000, rel=0.01)


def test_long_working_group_runs_to_more_pages(tmp_path):
    data = bangrak_data()
    data.working_group += [
        Member(f"นายสมมติ ทดสอบ{i}", "นักวิชาการสุขาภิบาลชำนาญการ นักวิชาการวิชาความสะอาด"
               "ปฏิบัติการ", "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "คณะทำงาน")
        for i in range(26)
    ]
    assert len(data.working_group) == 34
    path = write_workbook(tmp_path / "big.xlsx", data)
    doc = Document(build_workbook(path, tmp_path / "out").outputs["order"])
    members = [p for p in doc.paragraphs if p.style.name == "ITA Order Member"]
    assert len(members) == 5 + 34
    assert plain(members[-1].text).startswith("(๓๔)\tนายสมมติ ทดสอบ๒๕")


# --------------------------------------------------------------------------- checks


def test_order_date_must_fit_the_fiscal_year():
    data = bangrak_data()
    data.order.date = dt.date(2024, 2, 5)  # fiscal year 2567, document is 2569
    assert "order_date" in _codes(data)
    data.order.date = dt.date(2025, 8, 1)  # two months before FY 2569 starts: fine
    data.order.year = 2568
    assert "order_date" not in _codes(data)


def test_order_number_positive_and_year_matches_date():
    data = bangrak_data()
    data.order.number = 0
    data.order.year = 2569  # the date is in 2568
    codes = _codes(data)
    assert {"order_number", "order_year"} <= codes


def test_member_once_per_body_and_one_chair():
    data = bangrak_data()
    data.committee.append(Member("", "ผู้อำนวยการเขตบางรัก", "", "กรรมการ"))
    data.working_group[1].role = "ประธานคณะทำงาน"
    data.working_group[2].role = "ประธานกรรมการ"  # a committee role in the working group
    problems = check(data, FW)
    codes = [p.code for p in problems]
    assert "duplicate_member" in codes
    assert "chair_count" in codes
    assert "bad_role" in codes
    # the same person may sit in both bodies
    data = bangrak_data()
    data.working_group.append(Member("นายสมชาย ใจดี", "นักจัดการงานทั่วไปปฏิบัติการ",
                                     "ฝ่ายปกครอง", "คณะทำงาน"))
    assert "duplicate_member" not in _codes(data)


def test_signer_other_than_the_director_is_warned():
    data = bangrak_data()
    data.order.signer_name = "นายรอง ลงนาม"
    data.order.signer_position = "ผู้ช่วยผู้อำนวยการเขตบางรัก"
    [problem] = [p for p in check(data, FW) if p.code == "signer_name"]
    assert problem.severity == "warning"
    assert "นายรอง ลงนาม" in problem.message_th and "นางสาวทดสอบ ระบบดี" in problem.message_th
    assert "signed by 'นายรอง ลงนาม', not by the director" in problem.message_en
    # signing on the director's behalf is said in the position: no warning
    data.order.signer_position = "ผู้ช่วยผู้อำนวยการเขตบางรัก ปฏิบัติราชการแทนผู้อำนวยการเขตบางรัก"
    assert "signer_name" not in _codes(data)
    # no director on the unit sheet, but a text names one
    data = bangrak_data()
    data.unit.director_name = ""
    data.order.signer_name = "นายรอง ลงนาม"
    data.paragraphs[0].text = "นางสาวทดสอบ ระบบดี ผู้อำนวยการเขตบางรัก ได้มอบนโยบาย"
    assert "signer_name" in _codes(data)
    assert "signer_name" not in _codes(bangrak_data())


def test_signer_warning_names_the_cell(tmp_path):
    from itadocs.pipeline import check_workbook

    data = bangrak_data()
    data.order.signer_name = "นายรอง ลงนาม"
    data.order.signer_position = "ผู้ช่วยผู้อำนวยการเขตบางรัก"
    report = check_workbook(write_workbook(tmp_path / "s.xlsx", data))
    [problem] = [p for p in report.problems if p.code == "signer_name"]
    assert problem.sheet == "คำสั่ง" and problem.cell


def test_build_warns_when_the_garuda_placeholder_is_used(bangrak, tmp_path):
    from click.testing import CliRunner

    from itadocs.cli import main

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "garuda.png").unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["build", str(bangrak), "-o", str(tmp_path / "out"),
                                       "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    assert "ไม่มีไฟล์ตราครุฑ" in result.output and "no Garuda image" in result.output
    assert str(templates / "garuda.png") in result.output
    Pil.new("RGBA", (300, 330), (0, 0, 0, 0)).save(templates / "garuda.png")
    result = CliRunner().invoke(main, ["build", str(bangrak), "-o", str(tmp_path / "out2"),
                                       "--templates", str(templates)])
    assert result.exit_code == 0 and "Garuda" not in result.output
