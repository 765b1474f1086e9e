"""NACC's figures first: announced total and level, missing tool scores, the compute flag,
and the workbook cells added in template version 2 (category, measure details)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import openpyxl
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.documents.typeset import plain
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data

D = Decimal


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def _cell_of(path, key: str) -> str:
    """The reference of a scores-sheet cell, found as the reader finds it: a tool code, or a
    path such as "nacc.total" or "compute_tools"."""
    data = check_workbook(path).data
    return data.where(key if key.islower() else f"scores[{key}].score")[1]


def test_nacc_total_and_level_are_printed_everywhere_and_a_difference_warned(tmp_path):
    data = bangrak_data()
    data.announced.total = D("90.61")  # itadocs computes 90.60
    data.announced.level = "ผ่าน"
    path = write_workbook(tmp_path / "nacc.xlsx", data)
    report = check_workbook(path)
    assert report.data.announced.total == D("90.61")
    assert report.result.total == D("90.61") and report.result.computed_total == D("90.60")
    [warning] = [p for p in report.problems if p.code == "nacc_total_differs"]
    assert warning.sheet == "คะแนน" and warning.cell == _cell_of(path, "nacc.total")
    assert "90.61" in warning.message_th and "90.60" in warning.message_th
    out = json.loads(run("check", path, "--json").stdout)
    assert (out["total"], out["total_source"], out["computed_total"]) == (
        "90.61", "nacc", "90.60")
    outcome = build_workbook(path, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(
        outcome.outputs["scores_csv"].read_bytes().decode("utf-8-sig"))))
    assert rows[-1]["key"] == "ITA" and rows[-1]["weighted"] == "90.61"
    assert rows[-1]["source"] == "nacc" and rows[-2]["source"] == "nacc"
    text = text_of(Document(outcome.outputs["measures"]))
    assert "ได้คะแนนรวม ๙๐.๖๑ คะแนน อยู่ในระดับ \u201cผ่าน\u201d" in text
    assert "๙๐.๖๐" not in text


def test_check_says_the_total_is_computed_when_nacc_gave_none(bangrak):
    result = run("check", bangrak)
    assert result.exit_code == 0
    assert "total computed by itadocs, not NACC's announced figure" in result.output


def test_blank_tool_scores_fail_check_naming_the_cells(tmp_path):
    data = bangrak_data()
    for code in ("IIT", "EIT", "OIT"):
        data.score(code).score = None
    path = write_workbook(tmp_path / "blank-tools.xlsx", data)
    result = run("check", path)
    assert result.exit_code == 1
    for code in ("IIT", "EIT", "OIT"):
        assert f"[คะแนน!{_cell_of(path, code)}]" in result.output
    assert result.output.count("is missing (a tool score is not the mean") == 3
    assert run("build", path, "-o", tmp_path / "out").exit_code == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def test_the_visible_compute_flag_computes_marks_and_makes_the_level_provisional(tmp_path):
    data = bangrak_data()
    data.score("EIT").score = None  # indicators 86.00, 84.50, 83.25: mean 84.583...
    path = write_workbook(tmp_path / "flag.xlsx", data)
    flag = _cell_of(path, "compute_tools")
    wb = openpyxl.load_workbook(path)
    wb["คะแนน"][flag] = schema.COMPUTE_FLAG  # what staff pick from the dropdown
    wb.save(path)
    report = check_workbook(path)
    assert report.ok and report.data.compute_tools
    assert {p.code for p in report.warnings} >= {"tool_score_computed", "level_provisional"}
    assert report.result.tool("EIT").score == D("84.58") and report.result.provisional
    result = run("check", path)
    assert "the level is provisional" in result.output
    outcome = build_workbook(path, tmp_path / "out")
    doc = Document(outcome.outputs["measures"])
    table1 = next(t for t in doc.tables if "ถ่วงน้ำหนัก" in plain(t.rows[0].cells[-1].text))
    assert "๘๔.๕๘*" in [plain(c.text) for c in table1.rows[6].cells]
    assert "คำนวณโดย itadocs จากค่าเฉลี่ยของตัวชี้วัด" in text_of(doc)
    # a typo in the flag cell is an error, not a silent "no"
    wb["คะแนน"][flag] = "คำนวณ"
    wb.save(path)
    assert "bad_choice" in {p.code for p in check_workbook(path).errors}


def test_unknown_column_is_reported_with_its_name(bangrak):
    wb = openpyxl.load_workbook(bangrak)
    ws = wb[schema.MEASURES.name]
    col = len(schema.MEASURES.columns) + 1
    ws.cell(schema.HEADER_ROW, col, "หมายเหตุ")
    ws.cell(schema.TABLE_FIRST_ROW, col, "ทำแล้วครึ่งหนึ่ง")
    ws.cell(schema.TABLE_FIRST_ROW + 2, col + 2, "โน้ตที่ไม่มีหัวคอลัมน์")
    wb.save(bangrak)
    found = [p for p in check_workbook(bangrak).warnings if p.code == "unknown_column"]
    letters = [ws.cell(1, c).column_letter for c in (col, col + 2)]
    assert [p.cell for p in found] == [f"{letters[0]}{schema.HEADER_ROW}",
                                       f"{letters[1]}{schema.TABLE_FIRST_ROW + 2}"]
    assert "'หมายเหตุ'" in found[0].message_th and found[0].sheet == "มาตรการ"


def test_measure_details_category_and_line_breaks_reach_the_document(tmp_path):
    data = bangrak_data()
    data.measures[0].text = "ประชุมชี้แจงเจ้าหน้าที่\nติดตามผลทุกไตรมาส"
    data.measures[0].period = "ต.ค. 2568 - ก.ย. 2569"
    data.measures[0].budget = "ไม่ใช้งบประมาณ"
    data.measures[0].kpi = "ร้อยละ 100 ของเจ้าหน้าที่"
    data.measures[0].owner = "ฝ่ายปกครอง"
    data.analyses[6].category = "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
    path = write_workbook(tmp_path / "details.xlsx", data)
    report = check_workbook(path)
    assert report.ok
    assert report.data.measures[0] == replace(data.measures[0], id="M01")
    assert report.data.analyses[6].category == "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
    doc = Document(build_workbook(path, tmp_path / "out").outputs["measures"])
    # one table per indicator: column titles, the indicator's name, then its content
    analysis = [t for t in doc.tables if "การวิเคราะห์ผลคะแนน" in t.rows[0].cells[0].text]
    first = analysis[0].rows[2].cells[1].paragraphs[0]
    assert first._p.findall(f".//{qn('w:br')}")  # the typed line break is a line break
    text = text_of(doc)
    assert "ประชุมชี้แจงเจ้าหน้าที่\nติดตามผลทุกไตรมาส" in text
    assert ("(ระยะเวลา: ต.ค. ๒๕๖๘ - ก.ย. ๒๕๖๙; งบประมาณ: ไม่ใช้งบประมาณ; "
            "ตัวชี้วัดความสำเร็จ: ร้อยละ ๑๐๐ ของเจ้าหน้าที่; ผู้รับผิดชอบ: ฝ่ายปกครอง)") in text
    row7 = analysis[6].rows[2].cells[0]
    assert row7.paragraphs[0].text == "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
    assert row7.paragraphs[0].style.name == "ITA Table Strong"
    assert analysis[0].rows[2].cells[0].paragraphs[0].text.startswith("ได้ค่าคะแนน")


def test_an_empty_section_is_warned_and_not_printed_as_a_bare_heading(tmp_path):
    data = bangrak_data()
    data.paragraphs = [p for p in data.paragraphs if p.section != 7]
    path = write_workbook(tmp_path / "s7.xlsx", data)
    report = check_workbook(path)
    [warning] = [p for p in report.warnings if p.code == "empty_section"]
    assert "section 7" in warning.message_en and warning.sheet == "เนื้อหา"
    text = text_of(Document(build_workbook(path, tmp_path / "out").outputs["measures"]))
    assert "๗. กิจกรรมสื่อสารภาพลักษณ์" not in text
    assert "๖. มาตรการ/กิจกรรมในการสื่อสาร" in text and "๘. มาตรการส่งเสริม" in text


def test_year_over_year_per_tool_and_in_total(tmp_path):
    data = bangrak_data()
    for score in data.scores:
        score.previous = score.score - D("2.00")
    data.score("6").previous = D("86.00")
    data.score("EIT").previous = D("85.40")  # EIT fell by 0.50
    data.score("OIT").previous = data.score("OIT").score  # OIT unchanged
    path = write_workbook(tmp_path / "yoy.xlsx", data)
    text = text_of(Document(build_workbook(path, tmp_path / "out").outputs["measures"]))
    # previous: 88.11*0.3 + 85.40*0.3 + 95.25*0.4 = 26.433 + 25.62 + 38.10 = 90.153 -> 90.15
    assert ("เมื่อเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๗ ที่ได้ ๙๐.๑๕ คะแนน (เพิ่มขึ้น ๐.๔๕ คะแนน) "
            "โดยคะแนนรายเครื่องมือ IIT เพิ่มขึ้น ๒.๐๐ คะแนน (จาก ๘๘.๑๑ เป็น ๙๐.๑๑ คะแนน) "
            "EIT ลดลง ๐.๕๐ คะแนน (จาก ๘๕.๔๐ เป็น ๘๔.๙๐ คะแนน) และ OIT เท่าเดิม "
            "(๙๕.๒๕ คะแนน)") in text


def test_cycle_bound_wording_comes_from_the_framework(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", bangrak_data())
    text = text_of(Document(build_workbook(path, tmp_path / "out").outputs["measures"]))
    assert "โดยในระยะที่สอง (พ.ศ. ๒๕๖๖ – ๒๕๗๐) ได้กำหนดค่าเป้าหมาย" in text
    assert "ลงในระบบ ITAS เพื่อแสดงถึงการเปิดเผยข้อมูล" in text


def test_quoting_last_years_score_or_the_tool_score_is_accepted(tmp_path):
    data = bangrak_data()
    data.score("1").previous = D("89.10")
    data.analyses[0].text = ("ได้ค่าคะแนน 91.20 คะแนน เพิ่มขึ้นจากปีก่อนที่ได้คะแนน 89.10 คะแนน "
                             "และเครื่องมือ IIT ได้คะแนน 90.11 คะแนน")
    data.analyses[1].text = "ได้ค่าคะแนน 88.54 คะแนน"  # a typo of 88.45: still warned
    report = check_workbook(write_workbook(tmp_path / "q.xlsx", data))
    quoted = [p for p in report.warnings if p.code == "quoted_score"]
    assert [p.cell for p in quoted] == ["B6"] and "88.54" in quoted[0].message_en
    assert "quoted_previous_only" not in {p.code for p in report.warnings}


def test_an_analysis_quoting_only_last_years_score_is_warned(tmp_path):
    # last year's text carried over unchanged quotes last year's score, now the "previous"
    data = bangrak_data()
    data.score("1").previous = D("89.10")
    data.analyses[0].text = "ได้ค่าคะแนน 89.10 คะแนน ซึ่งสะท้อนให้เห็นว่า ..."
    report = check_workbook(write_workbook(tmp_path / "q.xlsx", data))
    [warning] = [p for p in report.warnings if p.code == "quoted_previous_only"]
    assert warning.cell == "B5" and "89.10" in warning.message_en
    assert "91.20" in warning.message_th


def test_diff_shows_nacc_figures_and_categories(tmp_path):
    data = bangrak_data()
    old = write_workbook(tmp_path / "old.xlsx", data)
    data.announced.total = D("90.60")
    data.analyses[0].category = "ประเด็นที่ต้องพัฒนาให้ดีขึ้น"
    new = write_workbook(tmp_path / "new.xlsx", data)
    result = run("diff", old, new, "--json")
    changes = {c["path"]: c for c in json.loads(result.stdout)["changes"]}
    assert changes["nacc.total"]["new"] == "90.60"
    assert changes["analyses[1].category"]["new"] == "ประเด็นที่ต้องพัฒนาให้ดีขึ้น"


def test_a_2564_workbook_builds_with_the_aa_to_f_scale(tmp_path):
    import datetime as dt

    from tests.helpers import TRAT_2564

    data = bangrak_data(fiscal_year=2565, assessed_year=2564)
    for n, value in enumerate(TRAT_2564, start=1):
        data.score(str(n)).score = D(value)
    for code in ("IIT", "EIT", "OIT"):
        data.score(code).score = None  # the tool score was the mean of its indicators
    for a in data.analyses:
        quoted = a.text.split(" คะแนน")[0]
        a.text = a.text.replace(quoted, f"ได้ค่าคะแนน {TRAT_2564[a.indicator - 1]}")
    data.order.date = data.order.effective_date = dt.date(2021, 11, 3)
    data.order.year = 2564
    path = write_workbook(tmp_path / "trat-2565.xlsx", data)
    report = check_workbook(path)
    assert report.ok, [p.format() for p in report.errors]
    assert report.result.framework.year == 2564
    assert f"{report.result.total} {report.result.level.name}" == "81.45 B"
    doc = Document(build_workbook(path, tmp_path / "out").outputs["measures"])
    text = text_of(doc)
    assert "ได้คะแนนรวม ๘๑.๔๕ คะแนน อยู่ในระดับ \u201cB\u201d" in text
    assert "โดยในระยะแรก (พ.ศ. ๒๕๖๑ – ๒๕๖๕)" in text
    levels = next(t for t in doc.tables if "ระดับ" in plain(t.rows[0].cells[0].text))
    assert [plain(r.cells[0].text) for r in levels.rows[2:]] == ["AA", "A", "B", "C", "D", "E",
                                                                 "F"]
    table1 = next(t for t in doc.tables if "ถ่วงน้ำหนัก" in plain(t.rows[0].cells[-1].text))
    assert [plain(c.text) for c in table1.rows[1].cells][3:] == ["๘๙.๙๕", "๒๖.๙๘"]
    assert plain(table1.rows[-2].cells[-1].text) == "๘๑.๔๕"
    assert "*" not in text.split("ตารางที่ ๒")[0].split("ตารางที่ ๑")[1]
