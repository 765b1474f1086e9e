"""The progress report of the measures (``itadocs progress``): the sheet, its checks, the
report and its memo, the data files, and the sheet kept in step with the measures."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from itadocs import framework
from itadocs.checking.progress import budget_amount, check_progress, is_url
from itadocs.documents.render import text_of
from itadocs.pipeline import build_progress, build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.newbook import new_workbook
from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, bangrak_data, edit, run, set_cells

SHEET = "ผลการดำเนินการ"
FIRST = 20  # the first row of the progress table (M01, round 6) in a workbook itadocs wrote
ROUND12 = FIRST + 30  # M01, round 12, in the example (30 measures)


def _codes(report, code: str) -> list[str]:
    return [p.where() for p in report.problems if p.code == code]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[int, dict]:
    """The example's reports of both rounds, built once."""
    folder = tmp_path_factory.mktemp("progress")
    found = {}
    for number in (6, 12):
        report = build_progress(EXAMPLE, folder / str(number), round=number)
        [outcome] = report
        assert outcome.failure is None, outcome.failure
        found[number] = {"outcome": outcome, "problems": outcome.problems,
                         "text": text_of(Document(str(outcome.outputs["progress"]))),
                         "memo": text_of(Document(str(outcome.outputs["progress_memo"])))}
    return found


def test_the_example_reads_both_rounds():
    data, problems = read_workbook(EXAMPLE)
    assert problems == [] and data.progress.problems == []
    assert [m.id for m in data.measures] == [f"M{k:02d}" for k in range(1, 31)]
    rounds = {(r.measure_id, r.round) for r in data.progress.rows}
    assert rounds == {(f"M{k:02d}", n) for k in range(1, 31) for n in (6, 12)}
    assert data.progress.rounds[6].memo_signer_position == "หัวหน้าฝ่ายปกครอง"


def test_round_6_report_holds_every_measure_with_its_status(built):
    text = built[6]["text"]
    data, _ = read_workbook(EXAMPLE)
    # the title, in Thai digits, and the round's dates
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ (รอบ ๖ เดือน)" in text
    assert "ข้อมูล ณ วันที่ ๓๑ มีนาคม ๒๕๖๘" in text
    # the committee order and the last assessment it answers
    assert "ที่ ๓๑/๒๕๖๘ ลงวันที่ ๕ กุมภาพันธ์ ๒๕๖๘" in text
    assert "ได้คะแนนรวม ๙๒.๘๔ คะแนน อยู่ในระดับ \u201cผ่านดี\u201d" in text
    for measure in data.measures:  # every measure of the measures sheet
        assert measure.text.split()[0] in text
    assert text.count("ดำเนินการแล้ว\n(ร้อยละ ๑๐๐)") == 13
    assert text.count("ยังไม่ดำเนินการ\n(ร้อยละ ๐)") == 3
    assert "ใช้จริง ๑,๕๐๐.๐๐" in text
    # web addresses keep their digits; the OIT item of 2568's list
    assert "https://example.go.th/khlongsan/ita2568/meeting-1" in text
    assert "ในปีงบประมาณปัจจุบัน" in text and "พ.ศ. ๒๕๖๘" in text
    assert "จากมาตรการทั้งหมด ๓๐ มาตรการ ดำเนินการแล้ว ๑๓ มาตรการ (ร้อยละ ๔๓.๓๓)" in text
    assert "ข้อมูลตัวอย่างที่สมมุติขึ้น" in text  # the example says it is invented


def test_round_12_report_answers_next_years_item_and_warns(built):
    text = built[12]["text"]
    assert "(รอบ ๑๒ เดือน)" in text and "ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๘" in text
    assert ("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
            "ปีงบประมาณ ๒๕๖๘") in text
    assert "การประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๙" in text
    assert text.count("ดำเนินการแล้ว\n(ร้อยละ ๑๐๐)") == 28
    assert [p.code for p in built[12]["problems"]] == ["framework_unconfirmed"]
    assert built[6]["problems"] == []  # 2568's own file: nothing to warn about


def test_memo_is_a_memo_to_the_director(built):
    memo = built[6]["memo"]
    assert memo.startswith("\nบันทึกข้อความ") or "บันทึกข้อความ" in memo.split("\n")[:3]
    assert "ส่วนราชการ  ฝ่ายปกครอง สำนักงานเขตคลองสาน" in memo
    assert "ที่  กท ๕๖๐๑/๑๒๓๔" in memo and "วันที่  ๘ เมษายน ๒๕๖๘" in memo
    assert "เรียน  ผู้อำนวยการเขตคลองสาน" in memo
    assert "(นางสาวตัวอย่าง สมมุติ)" in memo and "(นายสรสิทธิ์ เหลืองรุ่งเกียรติ)" in memo
    assert "ทราบ / อนุญาต" in memo


def test_data_files_have_every_measure(built):
    outputs = built[6]["outcome"].outputs
    rows = list(csv.DictReader(io.StringIO(outputs["progress_csv"].read_text("utf-8-sig"))))
    assert len(rows) == 30 and rows[0]["measure_id"] == "M01"
    assert rows[0]["status"] == "ดำเนินการแล้ว" and rows[0]["percent"] == "100"
    assert {r["round"] for r in rows} == {"6"} and rows[2]["budget_used_baht"] == "1500"
    document = json.loads(outputs["progress_json"].read_text("utf-8"))
    assert document["round"] == 6 and document["as_of"] == "2025-03-31"
    assert document["statuses"] == {"ดำเนินการแล้ว": 13, "อยู่ระหว่างดำเนินการ": 14,
                                    "ยังไม่ดำเนินการ": 3}


def test_measures_outputs_do_not_change_with_the_sheet(tmp_path):
    """The progress sheet is no part of the measures document: a half-filled one changes
    nothing of the documents and data files build writes."""
    plain = build_workbook(EXAMPLE, tmp_path / "a").outputs
    changed = shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    set_cells(Path(changed), SHEET, {f"E{FIRST}": "ไม่รู้", f"F{FIRST}": "มาก",
                                     f"J{FIRST}": "ดูที่ห้อง"})
    assert check_workbook(changed).problems == check_workbook(EXAMPLE).problems
    again = build_workbook(changed, tmp_path / "b").outputs
    for kind, path in plain.items():
        if kind != "json":  # the JSON names the file it was made from
            assert again[kind].read_bytes() == path.read_bytes(), kind


def test_checks_name_sheet_and_cell(example):
    set_cells(example, SHEET, {
        f"E{FIRST}": "อยู่ระหว่างดำเนินการ",  # but 100 percent
        f"E{FIRST + 1}": None,  # blank status
        f"J{FIRST + 3}": "ดูในแฟ้ม",  # not a link
        f"I{FIRST + 4}": "15 เมษายน 2568",  # after the round's end
        f"F{FIRST + 5}": 120,
    })
    report = check_progress(example, 6)
    assert _codes(report, "status_percent") == [f"{SHEET}!E{FIRST}"]
    assert f"{SHEET}!E{FIRST + 1}" in _codes(report, "required")
    assert _codes(report, "not_a_url") == [f"{SHEET}!J{FIRST + 3}"]
    assert _codes(report, "date_outside") == [f"{SHEET}!I{FIRST + 4}"]
    assert _codes(report, "percent_range") == [f"{SHEET}!F{FIRST + 5}"]
    problem = next(p for p in report.problems if p.code == "status_percent")
    assert "ร้อยละ 100" in problem.message_th and "100" in problem.message_en
    assert run("progress", example, "--round", "6", "-o", example.parent / "o").exit_code == 1
    assert not (example.parent / "o").exists()  # nothing written


def test_a_round_text_naming_another_district_or_an_old_year_is_warned(example):
    """The report prints the round's texts and results as typed: one copied from another
    district's report, or kept from an earlier year, is named at its cell (the measures
    document's own check does not read the sheet)."""
    set_cells(example, SHEET, {
        "E6": "ดำเนินการตามแนวทางของสำนักงานเขตบางรัก",  # round 6's problems
        f"G{FIRST + 2}": "จัดอบรมเจ้าหน้าที่เมื่อวันที่ 5 มีนาคม 2560",  # M03's result
        "H7": "สำนักงานเขตบางรักควรเริ่มกิจกรรมเร็วขึ้น",  # round 12: not this report's
    })
    report = check_progress(example, 6)
    assert _codes(report, "other_district") == [f"{SHEET}!E6"]
    assert _codes(report, "stale_year") == [f"{SHEET}!G{FIRST + 2}"]
    problem = next(p for p in report.problems if p.code == "other_district")
    assert "บางรัก" in problem.message_th and "คลองสาน" in problem.message_en
    assert _codes(check_progress(example, 12), "other_district") == [f"{SHEET}!H7"]
    measures = check_workbook(example)
    assert not [p for p in measures.problems if p.sheet == SHEET]


def test_a_measure_without_a_row_and_a_removed_measure(example):
    def change(wb):
        ws = wb[SHEET]
        for col in "ABEF":
            ws[f"{col}{FIRST + 2}"] = None  # M03's round-6 row cleared
        ws[f"A{FIRST + 3}"] = "M99"  # M04's row now names no measure
    edit(example, change)
    report = check_progress(example, 6)
    assert set(_codes(report, "progress_row_missing")) == {"มาตรการ!B7", "มาตรการ!B8"}
    assert _codes(report, "progress_unknown_measure") == [f"{SHEET}!A{FIRST + 3}"]


def test_percent_fell_and_budget_over(example):
    set_cells(example, "มาตรการ", {"D7": "1,000 บาท"})  # M03: budget set
    set_cells(example, SHEET, {f"F{ROUND12 + 1}": 99, f"E{ROUND12 + 1}": "อยู่ระหว่างดำเนินการ",
                               f"F{FIRST + 1}": 100})
    report = check_progress(example, 12)
    assert _codes(report, "budget_over") == [f"{SHEET}!H{ROUND12 + 2}"]  # 3,500 > 1,000
    assert _codes(report, "percent_fell") == [f"{SHEET}!F{ROUND12 + 1}"]


def test_a_half_filled_sheet_never_crashes(example):
    """Values of every kind in every input cell: check and build say what is wrong."""
    junk = ["", "ไม่รู้", -5, "๕๐%", 3.5, "=1+1", "31/2/2568", "http://", 10 ** 30, "6"]
    def change(wb):
        ws = wb[SHEET]
        for r in range(FIRST, FIRST + 60, 3):
            for k, col in enumerate("ABEFGHIJ"):
                ws[f"{col}{r}"] = junk[(r + k) % len(junk)]
        ws["E6"] = 12345
        ws["E11"] = "ไม่ใช่วันที่"
    edit(example, change)
    for number in (6, 12):
        result = run("progress", example, "--round", str(number), "-o", example.parent / "o")
        assert result.exit_code == 1 and "ERROR" in result.output


def test_the_id_survives_reordering_rows(tmp_path):
    """Staff move M01 below M02 (cut and paste the whole row): its row still finds it."""
    path = shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    def swap(wb):
        ws = wb["มาตรการ"]
        for col in "ABCDEFG":
            ws[f"{col}5"].value, ws[f"{col}6"].value = ws[f"{col}6"].value, ws[f"{col}5"].value
        ws = wb[SHEET]
        ws[f"E{FIRST + 1}"] = "ยังไม่ดำเนินการ"  # M02, round 6
        ws[f"F{FIRST + 1}"] = 0
    edit(Path(path), swap)
    data, _ = read_workbook(path)
    assert [m.id for m in data.measures[:2]] == ["M02", "M01"]
    report = build_progress(Path(path), tmp_path / "o", round=6)
    [outcome] = report
    assert outcome.failure is None
    text = text_of(Document(str(outcome.outputs["progress"])))
    moved = data.measures[0].text.split()[0]  # M02's text, now first
    after = text[text.index(moved):]
    assert after.index("ยังไม่ดำเนินการ") < after.index("ดำเนินการแล้ว")


def test_new_from_starts_next_years_sheet_empty_keyed_to_the_measures(tmp_path):
    written = new_workbook(tmp_path / "ita-2569.xlsx", EXAMPLE)
    data, _ = read_workbook(written.path)
    assert [m.id for m in data.measures] == [f"M{k:02d}" for k in range(1, 31)]
    assert len(data.progress.rows) == 60
    assert all(not r.status and r.percent is None and not r.result for r in data.progress.rows)
    assert not data.progress.rounds[6].has_memo
    assert not [p for p in data.photos if p.section in schema.PROGRESS_PHOTO_SECTIONS]
    assert "starts empty" in written.format()
    assert _codes(check_progress(written.path, 6), "required")  # one error: not filled


def test_draft_gives_a_new_measure_its_id_and_rows(tmp_path):
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    set_cells(path, "มาตรการ", {"A25": "3. การใช้อำนาจ", "B25": "มาตรการที่เพิ่มเอง"})
    assert _codes(check_progress(path, 6), "measure_id_missing") == ["มาตรการ!G25"]
    result = run("draft", path)
    assert result.exit_code == 0, result.output
    data, _ = read_workbook(tmp_path / "br-draft.xlsx")
    assert data.measures[-1].id == "M21"
    assert {(r.measure_id, r.round) for r in data.progress.rows[-2:]} == {("M21", 6),
                                                                          ("M21", 12)}
    assert "M21" in result.output


def test_a_new_measure_never_takes_a_removed_measures_id_and_results(tmp_path):
    """Staff delete the last measure (M30, its progress rows filled) and type a new one in
    its row: the new measure gets an id no progress row holds, never M30, whose results
    would otherwise be reported as the new measure's."""
    path = Path(shutil.copy(EXAMPLE, tmp_path / "ita.xlsx"))
    set_cells(path, "มาตรการ", {"B34": "มาตรการที่เพิ่มเอง", "G34": None})
    result = run("draft", path)
    assert result.exit_code == 0, result.output
    data, _ = read_workbook(tmp_path / "ita-draft.xlsx")
    assert data.measures[-1].id == "M31"
    assert {(r.measure_id, r.round) for r in data.progress.rows[-2:]} == {("M31", 6),
                                                                          ("M31", 12)}
    assert "M30" in result.output  # its rows kept, and said
    report = check_progress(tmp_path / "ita-draft.xlsx", 6)
    assert _codes(report, "progress_unknown_measure") == [f"{SHEET}!A{FIRST + 29}"]


def test_draft_writes_a_new_measures_rows_in_the_columns_where_they_are(tmp_path):
    """Staff inserted a column of their own before the progress table's id column: draft
    writes the new measure's id, round and shown formulas in the table's columns as they
    now stand, never into the staff's column or over the round."""
    path = Path(shutil.copy(EXAMPLE, tmp_path / "ita.xlsx"))
    def change(wb):
        ws = wb[SHEET]
        ws.insert_cols(1)
        ws[f"A{FIRST - 2}"], ws[f"A{FIRST - 1}"] = "หมายเหตุ", "note"
        wb["มาตรการ"]["A35"], wb["มาตรการ"]["B35"] = "10. การป้องกันการทุจริต", "มาตรการใหม่"
    edit(path, change)
    result = run("draft", path)
    assert result.exit_code == 0, result.output
    data, _ = read_workbook(tmp_path / "ita-draft.xlsx")
    assert {(r.measure_id, r.round) for r in data.progress.rows[-2:]} == {("M31", 6),
                                                                          ("M31", 12)}
    ws = openpyxl.load_workbook(tmp_path / "ita-draft.xlsx")[SHEET]
    last = FIRST + 61
    assert ws[f"A{last}"].value is None  # the staff's column
    assert (ws[f"B{last}"].value, ws[f"C{last}"].value) == ("M31", "12 เดือน")
    assert "$B" in ws[f"E{last}"].value and "MATCH" in ws[f"E{last}"].value
    assert f"{SHEET}!B{last}" in result.output


def test_a_copied_measure_row_is_named(tmp_path):
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    set_cells(path, "มาตรการ", {"G6": "M01"})
    assert _codes(check_progress(path, 6), "measure_id_twice") == ["มาตรการ!G6"]


def test_a_version_2_workbook_builds_as_before_and_is_asked_to_convert(tmp_path):
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    before = build_workbook(path, tmp_path / "a").outputs
    def as_version_2(wb):
        del wb[SHEET]
        wb["มาตรการ"].delete_cols(7)
        wb[schema.META_SHEET]["B1"] = 2
    edit(path, as_version_2)
    assert check_workbook(path).problems == []
    after = build_workbook(path, tmp_path / "b", force=True).outputs
    assert after["measures"].read_bytes() == before["measures"].read_bytes()
    assert after["order"].read_bytes() == before["order"].read_bytes()
    assert _codes(check_progress(path, 6), "no_progress_sheet") == [SHEET]
    converted = new_workbook(tmp_path / "br3.xlsx", path, year=2569)
    data, _ = read_workbook(converted.path)
    assert data.template_version == schema.TEMPLATE_VERSION and data.measures[0].id == "M01"


def test_converting_a_workbook_whose_progress_sheet_was_renamed_is_refused(tmp_path):
    """The same year's conversion keeps the data, so a progress sheet staff renamed
    ("ผลการดำเนินการ 2568", its results filled) is never replaced by an empty one: refused,
    naming the sheet, nothing written. Next year's workbook starts the sheet afresh anyway."""
    path = Path(shutil.copy(EXAMPLE, tmp_path / "ita.xlsx"))
    edit(path, lambda wb: setattr(wb[SHEET], "title", f"{SHEET} 2568"))
    result = run("new", tmp_path / "v.xlsx", "--from", path, "--year", "2568")
    assert result.exit_code == 1, result.output
    assert f"'{SHEET} 2568'" in result.output and "rename the sheet back" in result.output
    assert not (tmp_path / "v.xlsx").exists()
    assert run("new", tmp_path / "next.xlsx", "--from", path).exit_code == 0


def test_a_folder_builds_every_districts_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    write_workbook(folder / "ita-bangrak-2569.xlsx", bangrak_data())
    result = run("progress", folder, "--round", "6", "-o", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1  # Bang Rak's round is not filled in
    assert (tmp_path / "out" / "ita-progress-6-2568-khlong-san.docx").exists()
    assert not list((tmp_path / "out").glob("*bang-rak*"))
    assert "round 6 is not filled in at all (20 measures)" in result.output


def test_budget_and_links_are_read_as_typed():
    assert budget_amount("20,000 บาท") == Decimal("20000")
    assert budget_amount("ไม่ใช้งบประมาณ") == 0
    assert budget_amount("๑๕,๐๐๐") == Decimal("15000")
    assert budget_amount("10,000 บาท x 2 ครั้ง") is None  # never guessed
    assert is_url("https://example.go.th/a/1") and not is_url("www.example.go.th")
    assert not is_url("http://") and not is_url("ดูในแฟ้ม")
    # a zero-width space or a no-break space inside: an address that does not open
    assert not is_url("https://example.go.th/\u200bita") and not is_url("https://ex\u00a0a.go.th")
    assert is_url("https://www.bangkok.go.th/khlongsan/page/ผลการดำเนินงาน")


def test_the_progress_wording_is_the_framework_files():
    assert framework.load(2569).provisional and not framework.load(2568).provisional
    assert framework.for_progress(2568, 6).year == 2568
    twelve = framework.for_progress(2568, 12)
    assert twelve.year == 2569 and [n.code for n in twelve.notices] == ["framework_unconfirmed"]
    assert framework.load(2567).progress.covers == "current"
    assert framework.load(2569).progress.covers == "previous"


def test_a_broken_progress_template_is_listed(tmp_path):
    from itadocs.documents.compose import check_templates

    shutil.copy(Path(schema.__file__).parents[1] / "templates" / "progress.docx",
                tmp_path / "progress.docx")
    edit_docx(tmp_path / "progress.docx", "{{ summary.sentence }}", "{{ summary.sentense }}")
    messages = check_templates(tmp_path)
    assert any("progress.docx" in m.en and "sentense" in m.en for m in messages), messages


def edit_docx(path: Path, old: str, new: str) -> None:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, body in parts.items():
            zf.writestr(name, body)


def test_the_progress_sheet_has_its_dropdowns(tmp_path):
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    ws = openpyxl.load_workbook(path)[SHEET]
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert len(lists) == 2  # status and round
    assert ws[f"A{FIRST}"].value == "M01" and ws[f"B{FIRST}"].value == "6 เดือน"
    assert ws[f"D{FIRST}"].value.startswith("=IF($A20")  # the measure, looked up by id
