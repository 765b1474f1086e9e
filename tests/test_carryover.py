"""Year two and other districts: `new --from` retargets and clears, `new --district` starts
from the standard texts, and the consistency checks catch what is left."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from itadocs.checking.consistency import check_consistency
from itadocs.checking.textyears import shift_years, year_mentions
from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.carryover import carry_over
from itadocs.workbooks.newbook import new_workbook
from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, SCORES, bangrak_data

YEAR_CODES = ("stale_year", "text_year", "bad_year", "order_date", "order_year")
DISTRICT_CODES = ("other_district", "position_district")


def _form(ws, key: str):
    for row in ws.iter_rows(min_col=schema.FORM_KEY_COL, max_col=schema.FORM_KEY_COL):
        if row[0].value == key:
            return ws.cell(row[0].row, schema.FORM_VALUE_COL)
    raise KeyError(key)


def _fill_as_staff(path: Path, director: str, order_date: str) -> None:
    """What staff fill after `new --from`: scores, the director, the new order."""
    wb = openpyxl.load_workbook(path)
    unit, order = wb[schema.UNIT.name], wb[schema.ORDER.name]
    _form(unit, "director_name").value = director
    for key, value in (("order_number", 7), ("order_date", order_date),
                       ("effective_date", order_date), ("signer_name", director)):
        _form(order, key).value = value
    scores = wb[schema.SCORES.name]
    for r in range(5, 18):
        scores.cell(r, 3).value = float(SCORES[str(scores.cell(r, 1).value)])
    wb.save(path)


def _all_text(doc) -> str:
    parts = [text_of(doc)]
    for section in doc.sections:
        for header in (section.header, section.first_page_header):
            parts += [p.text for p in header.paragraphs]
    props = doc.core_properties
    return "\n".join([*parts, props.title or "", props.author or ""])


# --------------------------------------------------------------------------- the case


@pytest.fixture(scope="module")
def bangrak_2569(tmp_path_factory):
    """The example (Khlong San 2568) carried to Bang Rak 2569, filled and built."""
    folder = tmp_path_factory.mktemp("carry")
    path = folder / "ita-bangrak-2569.xlsx"
    result = CliRunner().invoke(main, ["new", str(path), "--from", str(EXAMPLE),
                                       "--district", "บางรัก"])
    assert result.exit_code == 0, result.output
    _fill_as_staff(path, "นางสาวทดสอบ ระบบดี", "12 มกราคม 2569")
    report = check_workbook(path)
    outcome = build_workbook(path, folder / "out")
    return result.output, report, outcome


def test_carried_documents_name_bang_rak_only(bangrak_2569):
    _, report, outcome = bangrak_2569
    assert outcome.outputs["measures"].name == "ita-measures-2569-bang-rak.docx"
    measures = Document(outcome.outputs["measures"])
    order = Document(outcome.outputs["order"])
    for doc in (measures, order):
        text = _all_text(doc)
        assert "คลองสาน" not in text and "Khlong San" not in text
        assert "สรสิทธิ์" not in text  # Khlong San's director
        assert "สำนักงานเขตบางรัก" in text
    order_text = _all_text(order)
    assert "คำสั่งสำนักงานเขตบางรัก" in order_text
    assert "(นางสาวทดสอบ ระบบดี)" in order_text and "ผู้อำนวยการเขตบางรัก" in order_text
    # nobody of Khlong San's staff is appointed
    assert "สิริรัตน์" not in order_text and "ศิริณี" not in order_text
    assert not [p for p in report.problems if p.code in DISTRICT_CODES]


def test_carried_documents_have_no_stale_year(bangrak_2569):
    _, report, outcome = bangrak_2569
    order_text = _all_text(Document(outcome.outputs["order"]))
    measures_text = _all_text(Document(outcome.outputs["measures"]))
    # the order's opening paragraph and duties speak of 2569 (and 2570), never 2568
    assert "กรุงเทพมหานคร พ.ศ. ๒๕๖๙ ตามที่คณะกรรมการ" in order_text
    assert "ในปีงบประมาณ พ.ศ. ๒๕๖๙ และกำหนดแนวทางการดำเนินงานในปีงบประมาณ พ.ศ. ๒๕๗๐" in order_text
    assert "ที่ ๗/๒๕๖๙" in order_text and "๑๒ มกราคม พ.ศ. ๒๕๖๙" in order_text
    assert "๒๕๖๘" not in order_text and "๒๕๖๗" not in order_text
    # the law keeps its own year
    assert "พระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๒๘" in order_text
    # the measures analyse 2568 for the 2569 document; 2567 is gone
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in measures_text
    assert "๒๕๖๗" not in measures_text
    allowed = {2568, 2569, 2570}  # (section 1's history, e.g. since ๒๕๕๘, is no cycle year)
    stale = [m for m in year_mentions(measures_text + order_text)
             if m.moves and 2560 < m.year < 2580 and m.year not in allowed]
    assert not stale, [(m.year, m.kind) for m in stale]
    assert not [p for p in report.problems if p.code in YEAR_CODES]
    assert report.ok, [p.format() for p in report.errors]


def test_carry_report_names_what_to_review(bangrak_2569):
    output, _, _ = bangrak_2569
    assert "แทนที่ (ตรวจทาน) / replaced (review):" in output
    assert "คลองสาน → บางรัก" in output and "๒๕๖๘ → ๒๕๖๙" in output
    assert "ล้างค่า / cleared:" in output and "คงไว้ / kept:" in output
    assert "คำสั่ง!C4, C5, C6, C10:" in output  # the order's number, year and dates
    assert "another district's scores were not carried" in output
    assert "the 32 people named from the other district were not carried" in output
    assert "the analyses quote last year's scores" in output


# --------------------------------------------------------------------------- same district


def test_next_year_same_district(tmp_path):
    nxt = tmp_path / "ita-2569.xlsx"
    written = new_workbook(nxt, previous=EXAMPLE)
    data, _ = read_workbook(nxt)
    last, _ = read_workbook(EXAMPLE)
    assert (data.unit.district, data.unit.fiscal_year) == ("คลองสาน", 2569)
    assert data.score("IIT").score is None and data.score("IIT").previous == Decimal("94.77")
    assert data.unit.director_name == last.unit.director_name  # same office: kept
    assert data.order.signer_name == last.order.signer_name
    assert data.committee == last.committee  # named members too
    assert "พ.ศ. ๒๕๖๙ ตามที่" in data.order.preamble
    assert data.order.authority == last.order.authority  # พ.ศ. ๒๕๒๘: the Act's year
    assert data.order.number is None and data.order.date is None
    text = written.format()
    assert "scores moved to the 'previous year' column" in text
    assert "check they are still in office" in text
    assert written.problems == []


def test_carry_over_does_not_touch_the_input():
    data = bangrak_data()
    before = repr(data)
    carry_over(data, "ดุสิต", 2571)
    assert repr(data) == before


def test_two_years_on_clears_the_previous_column():
    carried = carry_over(bangrak_data(), None, 2571)
    assert all(s.score is None and s.previous is None for s in carried.data.scores)
    assert "the 2569 workbook's scores were not carried" in carried.report.format()


# --------------------------------------------------------------------------- retargeting


def test_district_names_in_all_their_forms():
    data = bangrak_data()
    data.paragraphs[0].text = ("นางสาวทดสอบ ระบบดี ผู้อำนวยการเขตบางรัก มอบนโยบายแก่สำนักงานเขต บางรัก "
                               "และเขตบางรัก (Bang Rak) ร่วมกับเขตบางนา")
    carried = carry_over(data, "เขตทวีวัฒนา")
    text = carried.data.paragraphs[0].text
    assert text == ("ผู้อำนวยการเขตทวีวัฒนา มอบนโยบายแก่สำนักงานเขต ทวีวัฒนา "
                    "และเขตทวีวัฒนา (Thawi Watthana) ร่วมกับเขตบางนา")
    assert carried.data.unit.district == "ทวีวัฒนา"
    assert carried.data.order.signer_position == "ผู้อำนวยการเขตทวีวัฒนา"
    assert carried.data.unit.director_name == "" and carried.data.order.signer_name == ""


def test_a_name_inside_a_longer_district_name_is_not_replaced():
    data = bangrak_data(district="วัฒนา", director_position="ผู้อำนวยการเขตวัฒนา")
    data.paragraphs[0].text = "ประสานงานกับเขตทวีวัฒนา และเขตวัฒนา"
    carried = carry_over(data, "สาทร")
    assert carried.data.paragraphs[0].text == "ประสานงานกับเขตทวีวัฒนา และเขตสาทร"


@pytest.mark.parametrize(("text", "expected"), [
    ("ในปีงบประมาณ พ.ศ. ๒๕๖๘ และปีงบประมาณ พ.ศ. ๒๕๖๙",
     "ในปีงบประมาณ พ.ศ. ๒๕๖๙ และปีงบประมาณ พ.ศ. ๒๕๗๐"),
    ("ลงวันที่ ๕ กุมภาพันธ์ ๒๕๖๘", "ลงวันที่ ๕ กุมภาพันธ์ ๒๕๖๙"),
    ("ประจำปี 2567 (พ.ศ.2568)", "ประจำปี 2568 (พ.ศ.2569)"),
    ("พระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๖๘", None),
    ("ตามคำสั่งที่ ๓๑/๒๕๖๘", None),
    ("แผนระยะที่สอง (พ.ศ. ๒๕๖๖ – ๒๕๗๐)", None),
    ("คะแนน 2568.50 และ 2,568 บาท", None),
    ("ตั้งแต่ปี ๒๕๕๘ เป็นต้นมา", None),  # outside the cycle
])
def test_years_that_move_and_years_that_stay(text, expected):
    shifted, _, _ = shift_years(text, 2566, 2569, 1)
    assert shifted == (expected or text)


# --------------------------------------------------------------------------- new --district


def test_new_district_starts_from_the_standard_texts(tmp_path):
    path = tmp_path / "ita.xlsx"
    result = CliRunner().invoke(main, ["new", str(path), "--district", "เขตบางรัก",
                                       "--year", "2569"])
    assert result.exit_code == 0, result.output
    assert "standard texts of Bang Rak" in result.output
    data, _ = read_workbook(path)
    assert data.unit.district == "บางรัก"
    assert data.unit.director_position == "ผู้อำนวยการเขตบางรัก"
    assert data.order.signer_position == "ผู้อำนวยการเขตบางรัก"
    assert data.order.subject.endswith("(ITA) สำนักงานเขตบางรัก")
    assert data.order.authority.startswith("อาศัยอำนาจตามความในมาตรา ๖๘ และมาตรา ๖๙")
    assert "กรุงเทพมหานคร พ.ศ. ๒๕๖๙ ตามที่" in data.order.preamble
    assert sorted({p.section for p in data.paragraphs}) == [6, 7, 8]
    assert {d.body for d in data.duties} == {"committee", "working_group"}
    assert any("พ.ศ. ๒๕๖๙ และ" in d.text and "๒๕๗๐" in d.text for d in data.duties)
    assert data.committee[0].position == "ผู้อำนวยการเขตบางรัก"
    assert all(not m.name for m in data.committee + data.working_group)
    report = check_workbook(path)
    assert not [p for p in report.problems if p.code in DISTRICT_CODES + YEAR_CODES]
    assert "คลองสาน" not in repr(data)


def test_new_district_must_be_a_bangkok_district(tmp_path):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x.xlsx"), "--district", "เชียงใหม่"])
    assert result.exit_code == 1
    assert "ไม่ใช่ชื่อเขต" in result.output and "not one of Bangkok's 50 districts" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_new_district_without_a_year_uses_the_current_fiscal_year(tmp_path):
    written = new_workbook(tmp_path / "x.xlsx", district="สาทร", today=dt.date(2025, 10, 2))
    assert written.fiscal_year == 2569
    assert "the current fiscal year 2569 was used" in written.format()


# --------------------------------------------------------------------------- the checks


def _codes(data) -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in check_consistency(data)]


def test_checks_catch_another_district_and_stale_years(tmp_path):
    data = bangrak_data()
    data.measures[0].text = "ปรับปรุงเว็บไซต์ของสำนักงานเขตคลองสาน"
    data.order.signer_position = "ผู้อำนวยการเขตคลองสาน"
    data.paragraphs[1].text = "จัดประชุมเมื่อวันที่ ๕ กุมภาพันธ์ ๒๕๖๖"
    data.duties[1].text = "รวบรวมข้อมูลของปี พ.ศ. ๒๕๖๕"
    data.committee[2].department = "ฝ่ายทะเบียน"  # position หัวหน้าฝ่ายทะเบียน
    path = write_workbook(tmp_path / "x.xlsx", data)
    report = check_workbook(path)
    found = {(p.code, p.sheet, p.cell): p for p in report.problems}
    assert ("other_district", "มาตรการ", "B5") in found
    assert "คลองสาน" in found[("other_district", "มาตรการ", "B5")].message_th
    assert ("position_district", "คำสั่ง", "C12") in found
    assert ("stale_year", "เนื้อหา", "B6") in found
    assert ("stale_year", "หน้าที่", "B6") in found
    assert ("department_twice", "คณะกรรมการ", "C7") in found
    assert all(p.severity == "warning" for k, p in found.items() if k[0] in (
        "other_district", "position_district", "stale_year", "department_twice"))
    assert report.ok


def test_department_named_twice_prints_once(tmp_path):
    data = bangrak_data()
    data.committee[2].department = "ฝ่ายทะเบียน"
    outcome = build_workbook(write_workbook(tmp_path / "x.xlsx", data), tmp_path / "out")
    text = text_of(Document(outcome.outputs["order"]))
    assert "หัวหน้าฝ่ายทะเบียน\tกรรมการ" in text
    assert "หัวหน้าฝ่ายทะเบียน ฝ่ายทะเบียน" not in text


def test_district_typed_with_khet_is_normalised(tmp_path):
    data = bangrak_data(district="เขตบางรัก")
    path = write_workbook(tmp_path / "x.xlsx", data)
    report = check_workbook(path)
    assert report.data.unit.district == "บางรัก"
    prefix = [p for p in report.problems if p.code == "district_prefix"]
    assert prefix and prefix[0].cell == "C4" and prefix[0].severity == "warning"
    assert report.ok
    outcome = build_workbook(path, tmp_path / "out")
    for kind in ("measures", "order"):
        text = _all_text(Document(outcome.outputs[kind]))
        assert "เขตเขต" not in text and "สำนักงานเขตบางรัก" in text


def test_the_example_has_no_consistency_warnings():
    data, _ = read_workbook(EXAMPLE)
    assert _codes(data) == []


def test_a_copied_measures_id_is_renewed_when_the_progress_sheet_starts_afresh(tmp_path):
    """A measure row copied last year kept its id (two measures M01): the new year's
    progress sheet starts empty, so nothing ties its rows to either; `new --from` gives the
    copy an id of its own and rows, and says so, instead of an error at the first report."""
    old = tmp_path / "ita-2568.xlsx"
    data = bangrak_data()
    write_workbook(old, data)
    wb = openpyxl.load_workbook(old)
    ws = wb[schema.MEASURES.name]
    ws["G6"] = ws["G5"].value  # the second measure's id copied from the first
    wb.save(old)
    written = new_workbook(tmp_path / "ita-2569.xlsx", previous=old)
    new, _ = read_workbook(written.path)
    ids = [m.id for m in new.measures]
    assert len(set(ids)) == len(ids) == len(data.measures)
    assert ids[:2] == ["M01", f"M{len(data.measures) + 1:02d}"]
    assert {(r.measure_id, r.round) for r in new.progress.rows} == {
        (i, n) for i in ids for n in (6, 12)}
    text = written.format()
    assert "มาตรการ!G6" in text and "M01" in text


@pytest.mark.parametrize("year", [None, 2568])
def test_a_sheet_of_staffs_own_is_named_as_not_carried(tmp_path, year):
    """A sheet staff added (their notes, a contact list) is not part of the template, so
    `new --from` does not write it into the new workbook: it says so, by name, for next
    year's workbook and for the same year's conversion ("data kept") alike."""
    old = tmp_path / "ita-2568.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb.create_sheet("บันทึกของฝ่าย")["A1"] = "โทร 02-000-0000"
    wb.save(old)
    args = ["new", str(tmp_path / "new.xlsx"), "--from", str(old)]
    result = CliRunner().invoke(main, args + (["--year", str(year)] if year else []))
    assert result.exit_code == 0, result.output
    assert "'บันทึกของฝ่าย'" in result.output and "not carried" in result.output
    assert "ita-2568.xlsx" in result.output
    assert "not carried" not in CliRunner().invoke(
        main, ["new", str(tmp_path / "plain.xlsx"), "--from", str(EXAMPLE)]).output
