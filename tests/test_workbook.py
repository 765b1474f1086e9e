"""The standard workbook: blank template, round trip, LibreOffice re-save, bad input."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itadocs.cli import main
from itadocs.exceptions import WorkbookUnreadable
from itadocs.pipeline import check_workbook
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.carryover import carry_over
from itadocs.workbooks.writer import write_workbook
from tests.helpers import SCORES, bangrak_data, needs_soffice


def _cell_of(ws, key: str) -> str:
    """The value cell of a form field, found by its English key (as the reader does)."""
    for row in ws.iter_rows(min_col=schema.FORM_KEY_COL, max_col=schema.FORM_KEY_COL):
        if row[0].value == key:
            return ws.cell(row[0].row, schema.FORM_VALUE_COL).coordinate
    raise KeyError(key)


# --------------------------------------------------------------------------- blank


def test_blank_workbook_structure(tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == list(schema.SHEET_ORDER)
    assert wb[schema.META_SHEET].sheet_state == "hidden"
    assert wb[schema.META_SHEET]["B1"].value == schema.TEMPLATE_VERSION
    assert wb[schema.LISTS_SHEET].sheet_state == "hidden"
    districts = [c.value for c in wb[schema.LISTS_SHEET]["A"][1:] if c.value]
    assert len(districts) == 50 and "คลองสาน" in districts and "บางบอน" in districts

    unit = wb[schema.UNIT.name]
    assert unit.protection.sheet and not unit.protection.password
    district_cell = _cell_of(unit, "district")
    assert unit[district_cell].protection.locked is False
    assert unit["A4"].protection.locked is True  # a label
    validations = {str(dv.sqref): dv for dv in unit.data_validations.dataValidation}
    assert validations[district_cell].type == "list"
    assert "_lists" in validations[district_cell].formula1
    assert validations[district_cell].prompt  # an input message
    assert unit.freeze_panes == "A4"

    scores = wb[schema.SCORES.name]
    keys = [scores.cell(r, 1).value for r in range(5, 18)]
    assert keys == [*range(1, 11), "IIT", "EIT", "OIT"]
    assert scores["C5"].protection.locked is False and scores["A5"].protection.locked
    assert str(scores["F15"].value).startswith("=")  # weighted score shown to staff
    assert scores.freeze_panes == "A5"

    group = wb[schema.WORKING_GROUP.name]
    open_rows = sum(1 for r in range(5, group.max_row + 1)
                    if group.cell(r, 2).protection.locked is False)
    assert open_rows >= 40
    roles = [dv for dv in group.data_validations.dataValidation if dv.type == "list"]
    assert any("$D$" in dv.formula1 for dv in roles)  # working-group roles list
    assert group.column_dimensions["B"].width >= 40  # Thai positions fit

    instructions = wb[schema.INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    for table in schema.TABLES:
        assert f"แผ่นงาน {table.name}" in text
    assert "← ตัวอย่าง / example" in text
    assert "นางสาวสิริรัตน์ ทองผลน้อย" in text  # the example row of the member tables


def test_instructions_name_the_web_pages_buttons_as_the_page_shows_them(tmp_path):
    """A clerk who never uses a terminal reads how to check and build on the page: every
    button the instructions quote is one the web page has."""
    import re

    from tests.helpers import WEB_TEMPLATES

    wb = openpyxl.load_workbook(write_workbook(tmp_path / "blank.xlsx"))
    text = "\n".join(str(c.value) for row in wb[schema.INSTRUCTIONS_SHEET].iter_rows()
                     for c in row if c.value)
    quoted = re.findall(r'"([^"]+)"', text.split(f"แผ่นงาน {schema.UNIT.name}:")[0])
    assert len(quoted) >= 5, quoted
    pages = "".join(p.read_text(encoding="utf-8") for p in WEB_TEMPLATES.glob("*.html"))
    pages = re.sub(r'"\s*~\s*r\s*~\s*"', "6", pages)  # the round's number, filled in
    missing = [label for label in quoted if label not in pages]
    assert missing == [], missing
    assert "itadocs check" in text  # the terminal's way stays


def test_blank_workbook_checks_with_required_errors(tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx")
    report = check_workbook(path)
    codes = {(p.code, p.sheet) for p in report.errors}
    assert ("required", "หน่วยงาน") in codes
    assert ("required", "คะแนน") in codes
    assert report.result.total is None


# --------------------------------------------------------------------------- round trip


def test_round_trip_of_the_model(tmp_path):
    data = bangrak_data()
    path = write_workbook(tmp_path / "br.xlsx", data)
    back, problems = read_workbook(path)
    assert problems == []
    assert back.unit == data.unit
    assert back.order == data.order
    assert back.committee == data.committee
    assert back.working_group == data.working_group
    assert back.duties == data.duties
    assert [replace(m, id="") for m in back.measures] == data.measures
    assert [m.id for m in back.measures] == [f"M{k:02d}" for k in range(1, 21)]
    assert back.analyses == data.analyses
    assert {s.key: s.score for s in back.scores} == {k: Decimal(v) for k, v in SCORES.items()}
    assert back.where("scores[IIT].score") == ("คะแนน", "C15")
    assert back.where("committee[2].role") == ("คณะกรรมการ", "D7")


def test_new_fill_check_as_staff_would(tmp_path):
    """new -> fill the yellow cells with openpyxl (as typed in Excel) -> check."""
    runner = CliRunner()
    path = tmp_path / "ita.xlsx"
    assert runner.invoke(main, ["new", str(path), "--district", "บางรัก", "--year", "2569"]
                         ).exit_code == 0
    filled = bangrak_data()
    wb = openpyxl.load_workbook(path)
    unit = wb[schema.UNIT.name]
    unit[_cell_of(unit, "director_name")] = filled.unit.director_name
    unit[_cell_of(unit, "director_position")] = filled.unit.director_position
    scores = wb[schema.SCORES.name]
    for r in range(5, 18):
        key = str(scores.cell(r, 1).value)
        # staff type some as text with Thai digits; the reader must take both.
        value = SCORES[key]
        scores.cell(r, 3).value = value.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) \
            if key in ("2", "OIT") else float(value)
    analysis = wb[schema.ANALYSIS.name]
    for i, row in enumerate(filled.analyses):
        analysis.cell(5 + i, 2).value = row.text
        analysis.cell(5 + i, 3).value = row.responsible
        analysis.cell(5 + i, 4).value = row.frequency
    measures = wb[schema.MEASURES.name]
    for i, m in enumerate(filled.measures):
        measures.cell(5 + i, 1).value = f"{m.indicator}. ตัวชี้วัด"
        measures.cell(5 + i, 2).value = m.text
    order = wb[schema.ORDER.name]
    o = filled.order
    for key, value in (("order_number", o.number), ("order_date", "3/11/2568"),
                       ("subject", o.subject), ("preamble", o.preamble),
                       ("authority", o.authority), ("effective_date", "๓ พฤศจิกายน ๒๕๖๘"),
                       ("signer_name", o.signer_name), ("signer_position", o.signer_position)):
        order[_cell_of(order, key)] = value
    for sheet, members in ((schema.COMMITTEE.name, filled.committee),
                           (schema.WORKING_GROUP.name, filled.working_group)):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=5, max_col=4):  # replace the standard rows
            for cell in row:
                cell.value = None
        for i, m in enumerate(members):
            for col, value in enumerate((m.name, m.position, m.department, m.role), start=1):
                ws.cell(5 + i, col).value = value or None
    duties = wb[schema.DUTIES.name]
    for row in duties.iter_rows(min_row=5, max_col=2):
        for cell in row:
            cell.value = None
    for i, d in enumerate(filled.duties):
        duties.cell(5 + i, 1).value = "คณะกรรมการ" if d.body == "committee" else "คณะทำงาน"
        duties.cell(5 + i, 2).value = d.text
    wb.save(path)

    result = runner.invoke(main, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["district"] == "บางรัก" and out["fiscal_year"] == 2569
    assert out["assessed_year"] == 2568  # computed from the formula cell, not trusted
    assert out["indicators"]["2"] == "88.45"
    assert out["tools"]["OIT"] == {"score": "95.25", "weight": "40.00", "weighted": "38.10"}
    assert out["total"] == "90.60" and out["level"] == "ผ่าน"
    assert out["errors"] == 0


def test_libreoffice_resave_reads_the_same(tmp_path):
    needs_soffice()
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    resaved_dir = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "xlsx", "--outdir", str(resaved_dir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    resaved = resaved_dir / "br.xlsx"
    assert resaved.exists()
    original, resaved_report = check_workbook(path), check_workbook(resaved)
    assert resaved_report.problems == original.problems == []
    a, b = original.as_dict(), resaved_report.as_dict()
    a.pop("file"), b.pop("file")
    assert a == b
    assert resaved_report.data.committee == original.data.committee
    assert resaved_report.data.analyses == original.data.analyses


def test_new_from_last_year(tmp_path):
    runner = CliRunner()
    last = write_workbook(tmp_path / "2569.xlsx", bangrak_data())
    nxt = tmp_path / "2570.xlsx"
    result = runner.invoke(main, ["new", str(nxt), "--from", str(last)])
    assert result.exit_code == 0, result.output
    data, _ = read_workbook(nxt)
    assert data.unit.fiscal_year == 2570
    assert data.unit.district == "บางรัก"
    assert all(s.score is None for s in data.scores)
    assert data.score("IIT").previous == Decimal("90.11")  # last year's scores to compare
    assert data.committee == bangrak_data().committee
    assert [replace(m, id="") for m in data.measures] == bangrak_data().measures
    assert data.order.number is None and data.order.date is None
    assert data.order.subject == bangrak_data().order.subject
    report = check_workbook(nxt)
    assert report.data.unit.assessed_year == 2569
    # and the old file is untouched
    assert runner.invoke(main, ["new", str(nxt), "--from", str(last)]).exit_code == 1


def test_carry_over_does_not_touch_the_input():
    data = bangrak_data()
    carry_over(data)
    assert data.unit.fiscal_year == 2569 and data.order.number == 12


# --------------------------------------------------------------------------- bad input


def _set_score(path: Path, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[schema.SCORES.name][cell] = value
    wb.save(path)


def test_text_in_a_score_cell_names_sheet_and_cell(bangrak):
    _set_score(bangrak, "C7", "ดีมาก")
    result = CliRunner().invoke(main, ["check", str(bangrak)])
    assert result.exit_code == 1
    assert "[คะแนน!C7]" in result.output
    assert "'ดีมาก' ไม่ใช่ตัวเลข" in result.output and "is not a number" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("typed", "value"), [("๙๕.๙๕", "95.95"), (" 95.95 ", "95.95"),
                                              ("๙๕,๕", "95.50"), ("=95.95", "95.95")])
def test_numbers_typed_as_text_are_numbers(bangrak, typed, value):
    _set_score(bangrak, "C5", typed)
    report = check_workbook(bangrak)
    assert report.result.indicators[1] == Decimal(value)


def test_score_out_of_range_and_decimals(bangrak):
    _set_score(bangrak, "C5", 101)
    _set_score(bangrak, "C6", 88.456)
    report = check_workbook(bangrak)
    found = {(p.code, p.cell) for p in report.errors}
    assert ("score_range", "C5") in found
    assert ("score_decimals", "C6") in found


def test_missing_sheet(bangrak):
    wb = openpyxl.load_workbook(bangrak)
    del wb[schema.SCORES.name]
    wb.save(bangrak)
    result = CliRunner().invoke(main, ["check", str(bangrak)])
    assert result.exit_code == 1
    assert "ไม่พบแผ่นงาน 'คะแนน'" in result.output
    assert "sheet 'คะแนน' is missing" in result.output


def test_corrupt_file_exit_2(tmp_path, bangrak):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bangrak.read_bytes()[:2000])
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 2
    assert "เสียหาย" in result.output and "corrupt" in result.output
    csv = tmp_path / "scores.xlsx"
    csv.write_text("indicator,score\n1,95.95\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(csv), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["problems"][0]["code"] == "unreadable"
    with pytest.raises(WorkbookUnreadable):
        read_workbook(tmp_path / "missing.xlsx")


def test_not_an_itadocs_workbook(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(path)
    report = check_workbook(path)
    assert "unknown_version" in {p.code for p in report.errors}
    assert not report.ok


def test_unknown_template_version(bangrak):
    wb = openpyxl.load_workbook(bangrak)
    wb[schema.META_SHEET]["B1"] = 99
    wb.save(bangrak)
    problems = [p for p in check_workbook(bangrak).errors if p.code == "unknown_version"]
    assert problems and "99" in problems[0].message_en


def test_unreadable_file_json_and_no_traceback(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(empty)])
    assert result.exit_code == 2 and "ว่างเปล่า" in result.output
    assert "Traceback" not in result.output
