"""The progress report against a careless or hostile clerk: cells the progress sheet and the
measures sheet should never hold, each ending in a message at its sheet!cell, a non-zero
exit code and no output, never in a report that is silently wrong."""

from __future__ import annotations

from docx import Document
from openpyxl.worksheet.cell_range import CellRange

from itadocs.checking.progress import check_progress
from itadocs.documents.render import text_of
from itadocs.pipeline import build_progress, check_workbook
from tests.helpers import edit, itadocs, set_cells, snapshot

SHEET = "ผลการดำเนินการ"
FIRST = 20  # M01, round 6, in the example
MEASURES = "มาตรการ"


def _codes(report, code: str) -> list[str]:
    return [p.where() for p in report.problems if p.code == code]


def test_a_measure_whose_indicator_was_cleared_is_an_error_not_a_missing_measure(example):
    """มาตรการ!A6 (M02's indicator) cleared: the measure belongs to no indicator, so neither
    the measures document nor the progress report would print it. Both are refused, naming
    the cell, instead of counting 29 measures of 30 with exit code 0."""
    set_cells(example, MEASURES, {"A6": None})
    assert _codes(check_workbook(example), "required") == [f"{MEASURES}!A6"]
    assert f"{MEASURES}!A6" in _codes(check_progress(example, 6), "required")
    out = example.parent / "o"
    result = itadocs("progress", example, "--round", "6", "-o", out)
    assert result.returncode == 1, result.stderr
    assert f"{MEASURES}!A6" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == {}


def test_a_percent_with_more_than_two_decimals_is_never_rounded_into_a_contradiction(example):
    """99.999 printed as "อยู่ระหว่างดำเนินการ (ร้อยละ 100)", or 0.001 as "(ร้อยละ 0)", would
    contradict its own status in the published report."""
    set_cells(example, SHEET, {f"F{FIRST + 2}": 99.999, f"F{FIRST + 5}": "0.001"})
    report = check_progress(example, 6)
    assert _codes(report, "percent_decimals") == [f"{SHEET}!F{FIRST + 2}",
                                                  f"{SHEET}!F{FIRST + 5}"]
    problem = next(p for p in report.problems if p.code == "percent_decimals")
    assert "99.999" in problem.message_th and "99.999" in problem.message_en
    out = example.parent / "o"
    result = itadocs("progress", example, "--round", "6", "-o", out)
    assert result.returncode == 1 and f"{SHEET}!F{FIRST + 2}" in result.stderr
    assert snapshot(out) == {}


def test_two_decimals_and_trailing_zeros_are_fine(example, tmp_path):
    set_cells(example, SHEET, {f"F{FIRST + 2}": "62.50", f"F{FIRST + 5}": 33.33})
    report = check_progress(example, 6)
    assert not _codes(report, "percent_decimals") and report.ok
    [outcome] = build_progress(example, tmp_path / "o", round=6)
    text = text_of(Document(str(outcome.outputs["progress"])))
    assert "(ร้อยละ ๖๒.๕)" in text and "(ร้อยละ ๓๓.๓๓)" in text


def test_a_renamed_progress_sheet_is_not_taken_for_an_older_template(example):
    """The sheet renamed (or deleted) in a workbook of the current template: converting it
    with 'new --from' would start an empty sheet and lose what staff typed, so the message
    says the sheet is missing and how to bring it back, not that the template is old."""
    def rename(wb):
        wb[SHEET].title = "ผลการดำเนินงาน"
    edit(example, rename)
    report = check_progress(example, 6)
    [problem] = [p for p in report.problems if p.is_error]
    assert problem.code == "missing_sheet" and problem.where() == SHEET
    assert "ผลการดำเนินงาน" in problem.message_th and "ผลการดำเนินงาน" in problem.message_en
    assert "--from" not in problem.message_en and "older template" not in problem.message_en
    result = itadocs("progress", example, "--round", "6", "-o", example.parent / "o")
    assert result.returncode == 1 and "ผลการดำเนินงาน" in result.stderr


def test_a_deleted_progress_sheet_of_the_current_template_says_so(example):
    def delete(wb):
        del wb[SHEET]
    edit(example, delete)
    [problem] = [p for p in check_progress(example, 6).problems if p.is_error]
    assert problem.code == "missing_sheet"
    assert "deleted or renamed" in problem.message_en and "--from" not in problem.message_en


def test_a_measure_id_typed_by_hand_in_another_form_is_the_same_id(example, tmp_path):
    """An id retyped by hand: lower case, Thai digits, an invisible character or a
    non-breaking space pasted with it. It names the measure it looks like, as names are
    compared elsewhere, instead of 'M01 has no row' beside a row that visibly says M01."""
    set_cells(example, SHEET, {f"A{FIRST}": "m01", f"A{FIRST + 1}": "M๐๒",
                               f"A{FIRST + 2}": "M0\u200b3", f"A{FIRST + 3}": "\u00a0M04"})
    set_cells(example, MEASURES, {"G9": "m05"})  # the measure's own id retyped too
    report = check_progress(example, 6)
    assert not _codes(report, "progress_row_missing")
    assert not _codes(report, "progress_unknown_measure")
    assert report.ok, [p.format("") for p in report.problems if p.is_error]
    [outcome] = build_progress(example, tmp_path / "o", round=6)
    text = text_of(Document(str(outcome.outputs["progress"])))
    assert "จากมาตรการทั้งหมด ๓๐ มาตรการ ดำเนินการแล้ว ๑๓ มาตรการ" in text


def test_an_id_that_names_no_measure_in_any_form_is_still_named(example):
    """A hand-typed id that names no measure, however it is spelt, stays a warning at its
    cell, quoted as it reads (no invisible character in the message), and the measure
    whose row it was is an error."""
    set_cells(example, SHEET, {f"A{FIRST}": "M1\u200b01"})
    report = check_progress(example, 6)
    [unknown] = [p for p in report.problems if p.code == "progress_unknown_measure"]
    assert unknown.where() == f"{SHEET}!A{FIRST}"
    assert "id M101 is not in sheet" in unknown.message_en
    assert _codes(report, "progress_row_missing") == [f"{MEASURES}!B5"]


def test_a_status_with_an_invisible_character_is_the_status_it_shows(example, tmp_path):
    """A status pasted with a zero-width space or typed with spaces around it reads as the
    dropdown's choice, as names are compared; one that is not a choice quotes what was
    typed with its invisible characters shown, never as a word that looks right."""
    set_cells(example, SHEET, {f"E{FIRST}": "ดำเนินการ\u200bแล้ว", f"E{FIRST + 1}": "  ดำเนินการแล้ว "})
    report = check_progress(example, 6)
    assert report.ok, [p.format("") for p in report.problems if p.is_error]
    [outcome] = build_progress(example, tmp_path / "o", round=6)
    text = text_of(Document(str(outcome.outputs["progress"])))
    assert "จากมาตรการทั้งหมด ๓๐ มาตรการ ดำเนินการแล้ว ๑๓ มาตรการ" in text
    set_cells(example, SHEET, {f"E{FIRST}": "เสร็จ\u200bแล้ว"})
    [bad] = [p for p in check_progress(example, 6).problems if p.code == "bad_choice"]
    assert bad.where() == f"{SHEET}!E{FIRST}"
    assert "เสร็จ⟨U+200B⟩แล้ว" in bad.message_th and "เสร็จ⟨U+200B⟩แล้ว" in bad.message_en


def test_a_link_with_an_invisible_character_inside_is_no_address(example):
    """A zero-width space pasted inside an evidence link prints a link that does not open;
    the message shows where it is instead of quoting a link that looks right."""
    set_cells(example, SHEET, {f"J{FIRST}": "https://example.go.th/\u200bkhlongsan/ita"})
    [bad] = [p for p in check_progress(example, 6).problems if p.code == "not_a_url"]
    assert bad.where() == f"{SHEET}!J{FIRST}" and bad.is_error
    assert "example.go.th/⟨U+200B⟩khlongsan" in bad.message_th
    assert "example.go.th/⟨U+200B⟩khlongsan" in bad.message_en


def test_a_budget_beyond_belief_is_named_as_such_not_as_no_amount(example):
    """10^12 baht is an amount, typed wrong: the message says it is too large; a negative
    one says amounts are not negative."""
    set_cells(example, SHEET, {f"H{FIRST}": 10**12, f"H{FIRST + 1}": -500})
    problems = {p.where(): p for p in check_progress(example, 6).problems}
    huge, negative = problems[f"{SHEET}!H{FIRST}"], problems[f"{SHEET}!H{FIRST + 1}"]
    assert huge.code == "implausible_number" and "1,000,000,000,000.00" in huge.message_th
    assert "beyond belief" in huge.message_en
    assert negative.code == "not_a_number" and "not negative" in negative.message_en


def test_draft_says_the_renamed_sheet_is_missing_once_not_that_the_template_is_old(example):
    """``draft`` of a workbook whose progress sheet was renamed gives the same advice as
    ``check`` (rename it back), once, and never sends the clerk to 'new --from', which
    would start the sheet empty."""
    def rename(wb):
        wb[SHEET].title = "ผลการดำเนินงาน"
    edit(example, rename)
    result = itadocs("draft", example)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("deleted or renamed") == 1, result.stdout
    assert "'ผลการดำเนินงาน'" in result.stdout
    assert "older template" not in result.stdout and "--from" not in result.stdout


def test_a_column_inserted_before_the_form_moves_nothing_out_of_reach(example, tmp_path):
    """Staff insert a column at A of the progress sheet (for their own notes): the rounds'
    texts are still found beside their keys, and the report prints them."""
    def insert(wb):  # as Excel does it: the merged cells move with their values
        ws = wb[SHEET]
        merged = [r.coord for r in ws.merged_cells.ranges]
        for coord in merged:
            ws.unmerge_cells(coord)
        ws.insert_cols(1)
        for coord in merged:
            moved = CellRange(coord)
            moved.shift(col_shift=1)
            ws.merge_cells(moved.coord)
    edit(example, insert)
    report = check_progress(example, 6)
    assert not [p for p in report.problems if p.code == "missing_field"], report.problems
    assert report.data.progress.rounds[6].problems
    [outcome] = build_progress(example, tmp_path / "o", round=6)
    text = text_of(Document(str(outcome.outputs["progress"])))
    assert report.data.progress.rounds[6].problems.split()[0] in text
