"""The committee order (คำสั่ง): structure, members, roles, dates, header, checks."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image as Pil

from itadocs import framework
from itadocs.blank import write_workbook
from itadocs.checks import check
from itadocs.model import Member
from itadocs.pipeline import build_workbook
from itadocs.render import text_of
from itadocs.thai import thai_digits
from tests.conftest import TEMPLATES, bangrak_data

FW = framework.load(2567)


def _codes(data):
    return {p.code for p in check(data, FW)}


@pytest.fixture
def order_doc(bangrak, tmp_path):
    result = build_workbook(bangrak, tmp_path / "out")
    return Document(result.outputs["order"])


def test_order_text_in_official_order(order_doc):
    paragraphs = [p.text for p in order_doc.paragraphs if p.text.strip()]
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
        "ทั้งนี้ ตั้งแต่วันที่ ๓ พฤศจิกายน ๒๕๖๘ เป็นต้นไป", "สั่ง ณ วันที่ ๓ พฤศจิกายน ๒๕๖๘",
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
        parts = p.text.split("\t")
        assert parts[2] == member.role, i
        assert parts[1] == thai_digits(member.name or member.position)
    first = members[0].text
    assert first == "(๑)\tผู้อำนวยการเขตบางรัก\tประธานกรรมการ"
    named = members[4].text
    assert named == "(๕)\tนายสมชาย ใจดี\tกรรมการและผู้ช่วยเลขานุการ"
    detail = members[4]._p.getnext()
    assert "".join(t.text for t in detail.iter(qn("w:t"))) == (
        "นักจัดการงานทั่วไปปฏิบัติการ ฝ่ายปกครอง")
    stops = order_doc.styles["ITA Order Member"].paragraph_format.tab_stops
    assert [round(s.position.cm, 1) for s in stops] == [3.5, 11.0]


def test_header_page_field_and_distinct_first_page(order_doc):
    section = order_doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert any("PAGE" in (f.get(qn("w:instr")) or "") for f in header.iter(qn("w:fldSimple")))
    assert "".join(t.text for t in header.iter(qn("w:t"))).replace("\u00a0", " ") == "-  ๒  -"
    first = section.first_page_header._element
    assert not list(first.iter(qn("w:fldSimple")))  # no page number on page 1
    # without templates/garuda.png, the marked empty 3 cm frame stays
    assert "ตราครุฑ" in "".join(t.text for t in first.iter(qn("w:t")))
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
    assert members[-1].text.startswith("(๓๔)\tนายสมมติ ทดสอบ๒๕")


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
