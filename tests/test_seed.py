"""The seed document (Khlong San, fiscal year 2568): the example workbook builds the
published numbers, and the as-published copy reports the seed's inconsistencies."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from docx import Document

from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.documents.typeset import plain
from itadocs.pipeline import build_workbook, check_workbook
from tests.helpers import AS_PUBLISHED, EXAMPLE


def test_example_checks_clean_with_the_seed_scores():
    result = CliRunner().invoke(main, ["check", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["district"] == "คลองสาน"
    assert (out["fiscal_year"], out["assessed_year"]) == (2568, 2567)
    assert out["indicators"] == {
        "1": "95.95", "2": "93.12", "3": "95.50", "4": "97.20", "5": "93.18",
        "6": "90.66", "7": "80.91", "8": "82.67", "9": "95.00", "10": "100.00",
    }
    assert out["tools"] == {
        "IIT": {"score": "94.77", "weight": "30.00", "weighted": "28.43"},
        "EIT": {"score": "86.37", "weight": "30.00", "weighted": "25.91"},
        "OIT": {"score": "96.25", "weight": "40.00", "weighted": "38.50"},
    }
    assert (out["total"], out["level"]) == ("92.84", "ผ่านดี")
    # the example prints every section the published document has (section 8 included)
    assert out["problems"] == [] and out["errors"] == 0
    assert (out["total_source"], out["level_source"]) == ("nacc", "nacc")


def _found(report, code, sheet, cell=None):
    return [p for p in report.problems
            if p.code == code and p.sheet == sheet and (cell is None or p.cell == cell)]


def test_as_published_reports_the_seed_inconsistencies():
    report = check_workbook(AS_PUBLISHED)
    assert not report.ok
    # the narrative quotes 85.85 for indicator 1 and 80.81 for indicator 7
    quoted = _found(report, "quoted_score", "วิเคราะห์")
    assert [(p.cell, p.severity) for p in quoted] == [("B5", "warning"), ("B11", "warning")]
    assert "85.85" in quoted[0].message_en and "95.95" in quoted[0].message_en
    # the director is named two ways (section 4 and the order's signature)
    director = _found(report, "director_name", "คำสั่ง", "C11")
    assert director and "นางนงกชวิภา นงกชวิภา" in director[0].message_th
    # the section-2 heading's year: 2566 for the 2567 results
    year = _found(report, "bad_year", "หน่วยงาน", "C6")
    assert year and "2566" in year[0].message_en
    # (๒) repeats (๑) in the committee; roles printed as "กรรมการและผู้อำนวยการ"
    assert _found(report, "duplicate_member", "คณะกรรมการ", "B6")
    assert len(_found(report, "bad_role", "คณะกรรมการ")) == 4
    assert _found(report, "chair_count", "คณะทำงาน")
    # indicator 1 numbers two measures "๓."
    numbering = _found(report, "numbering", "มาตรการ")
    assert numbering and numbering[0].severity == "warning"
    # the scores themselves are right
    assert f"{report.result.total}" == "92.84"


def test_problems_are_listed_in_sheet_order():
    report = check_workbook(AS_PUBLISHED)
    sheets = [p.sheet for p in report.problems]
    order = ["หน่วยงาน", "คะแนน", "วิเคราะห์", "มาตรการ", "คำสั่ง", "คณะกรรมการ", "คณะทำงาน"]
    positions = [order.index(s) for s in sheets if s in order]
    assert positions == sorted(positions)


@pytest.fixture(scope="module")
def seed_docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    outcome = build_workbook(EXAMPLE, out)
    return Document(outcome.outputs["measures"]), Document(outcome.outputs["order"])


def test_example_document_reproduces_the_seed(seed_docs):
    measures, order = seed_docs
    text = text_of(measures)
    for expected in (
        "มาตรการยกระดับคุณธรรมและความโปร่งใสของสำนักงานเขตคลองสาน กรุงเทพมหานคร",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "ได้คะแนนรวม ๙๒.๘๔ คะแนน อยู่ในระดับ \u201cผ่านดี\u201d",
        "สำนักงานเขตคลองสาน มีคำสั่งที่ ๓๑/๒๕๖๘ ลงวันที่ ๕ กุมภาพันธ์ ๒๕๖๘",
        "ได้ค่าคะแนน ๙๕.๙๕ คะแนน ซึ่งสะท้อนให้เห็นว่า",
        "นายสรสิทธิ์ เหลืองรุ่งเกียรติ ผู้อำนวยการเขตคลองสาน ได้มอบนโยบาย",
        "ในปีงบประมาณ พ.ศ. ๒๕๖๗ ได้แสดงความคิดเห็น",  # EIT text names the assessed year
    ):
        assert expected in text, expected
    for wrong in ("๘๕.๘๕", "นงกชวิภา", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"):
        assert wrong not in text
    table1 = next(t for t in measures.tables
                  if "ถ่วงน้ำหนัก" in plain(t.rows[0].cells[-1].text))
    assert [plain(c.text) for c in table1.rows[1].cells] == [
        "ตัวชี้วัดที่ ๑. การปฏิบัติหน้าที่", "๓๐.๐๐", "๙๕.๙๕", "๙๔.๗๗", "๒๘.๔๓"]
    assert table1.rows[-2].cells[-1].text == "๙๒.๘๔"
    members = [p for p in order.paragraphs if p.style.name == "ITA Order Member"]
    assert len(members) == 15 + 34
    assert plain(members[15].text) == "(๑)\tผู้อำนวยการเขตคลองสาน\tประธานคณะทำงาน"
    assert "(นายสรสิทธิ์ เหลืองรุ่งเกียรติ)" in text_of(order)
