"""``itadocs diff``: what changed between two versions of a workbook, and where."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from itadocs.cli import main
from itadocs.model import Measure, WorkbookData
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.diff import ADDED, CHANGED, REMOVED, diff_workbooks, flatten
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data


def _pair(tmp_path: Path, new: WorkbookData, old: WorkbookData | None = None
          ) -> tuple[Path, Path]:
    """The unchanged Bang Rak workbook and a changed version, written by itadocs."""
    old_path = write_workbook(tmp_path / "old.xlsx", old or bangrak_data())
    new_path = write_workbook(tmp_path / "new.xlsx", new)
    return old_path, new_path


def _only(changes, path):
    found = [c for c in changes if c.path == path]
    assert len(found) == 1, [c.path for c in changes]
    return found[0]


def _run(*args: str):
    return CliRunner().invoke(main, ["diff", *args])


def test_changed_score_with_cell_total_and_level(tmp_path):
    data = bangrak_data()
    data.score("1").score = Decimal("91.25")  # an indicator: the total does not move
    data.score("EIT").score = Decimal("85.50")  # a tool: 84.90 → 85.50 lifts the level
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    indicator = _only(diff.changes, "scores[1].score")
    assert (indicator.kind, indicator.sheet, indicator.cell) == (CHANGED, "คะแนน", "C5")
    assert (indicator.old, indicator.new) == ("91.20", "91.25")
    assert (indicator.label_th, indicator.label_en) == ("คะแนนปีที่ประเมิน", "score")
    tool = _only(diff.changes, "scores[EIT].score")
    assert (tool.sheet, tool.cell, tool.old, tool.new) == ("คะแนน", "C16", "84.90", "85.50")
    assert len(diff.changes) == 2
    # 90.11×30% + 84.90×30% + 95.25×40% = 27.03 + 25.47 + 38.10; EIT 85.50 gives 25.65
    assert diff.total == ("90.60", "90.78")
    assert diff.level == ("ผ่าน", "ผ่านดี")  # every tool ≥ 85 now
    assert diff.has_differences

    text = diff.format()
    assert "คะแนน!C5  คะแนนปีที่ประเมิน / score (ตัวชี้วัดที่ 1): 91.20 → 91.25" in text
    assert "คะแนน!C16  คะแนนปีที่ประเมิน / score (EIT): 84.90 → 85.50" in text
    assert "คะแนนรวม ITA / ITA total: 90.60 → 90.78" in text
    assert "ระดับผลการประเมิน / level: ผ่าน → ผ่านดี" in text

    result = _run(str(old), str(new))
    assert result.exit_code == 1, result.output
    assert "คะแนน!C5" in result.output and "90.60 → 90.78" in result.output


def test_same_score_typed_differently_is_no_change(tmp_path):
    """Values are compared as itadocs reads them: Thai digits or text equal the number."""
    import openpyxl

    old, _ = _pair(tmp_path, bangrak_data())
    wb = openpyxl.load_workbook(old)
    wb["คะแนน"]["C5"] = "๙๑.๒๐"
    wb["คำสั่ง"]["C6"] = "3/11/2568"  # the order date as text instead of a date cell
    retyped = tmp_path / "retyped.xlsx"
    wb.save(retyped)

    diff = diff_workbooks(old, retyped)

    assert diff.changes == []
    assert not diff.has_differences


def test_changed_committee_role(tmp_path):
    data = bangrak_data()
    data.committee[2].role = "กรรมการและเลขานุการ"
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    change = _only(diff.changes, "committee[2].role")
    assert (change.kind, change.old, change.new) == (CHANGED, "กรรมการ", "กรรมการและเลขานุการ")
    assert (change.sheet, change.cell) == read_workbook(new)[0].where("committee[2].role")
    assert (change.sheet, change.cell) == ("คณะกรรมการ", "D7")
    assert (change.label_th, change.label_en) == ("บทบาท", "role")
    assert "กรรมการคนที่ 3 / committee member 3" in change.format()
    assert len(diff.changes) == 1
    assert diff.total == ("90.60", "90.60") and diff.level == ("ผ่าน", "ผ่าน")
    assert "(ไม่เปลี่ยน / unchanged)" in diff.format()


def test_added_measure(tmp_path):
    data = bangrak_data()
    data.measures.append(Measure(10, "จัดอบรมการเปิดเผยข้อมูลบนเว็บไซต์"))
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    assert len(diff.changes) == 1
    change = diff.changes[0]
    assert change.kind == ADDED and change.path == "measures[20]"
    assert (change.sheet, change.cell) == ("มาตรการ", "A25")  # row 5 + 20, in the new file
    assert change.old is None
    assert change.new == "10 | จัดอบรมการเปิดเผยข้อมูลบนเว็บไซต์"
    line = change.format()
    assert line.startswith("มาตรการ!A25  + แถวที่เพิ่ม / added row (มาตรการที่ 21 / measure 21)")


def test_removed_working_group_member_at_end_and_in_middle(tmp_path):
    data = bangrak_data()
    last = data.working_group.pop()
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    assert [c.kind for c in diff.changes] == [REMOVED]
    change = diff.changes[0]
    assert change.path == "working_group[7]"
    assert (change.sheet, change.cell) == ("คณะทำงาน", "A12")  # where it was, in the old file
    assert change.new is None and last.name in change.old and last.role in change.old
    assert diff.errors == (0, 0) and diff.total == ("90.60", "90.60")

    # a member removed from the middle is one removed row, not a change in every row below
    middle = bangrak_data()
    gone = middle.working_group.pop(3)
    new_middle = write_workbook(tmp_path / "middle.xlsx", middle)
    diff = diff_workbooks(old, new_middle)
    assert [(c.kind, c.path) for c in diff.changes] == [(REMOVED, "working_group[3]")]
    assert gone.name in diff.changes[0].old
    assert diff.changes[0].cell == "A8"


def test_changed_date_and_choice_shown_as_typed(tmp_path):
    data = bangrak_data(digits="arabic")
    data.order.date = dt.date(2025, 11, 4)
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    digits = _only(diff.changes, "unit.digits")
    assert (digits.old, digits.new) == ("เลขไทย", "เลขอารบิก")
    date = _only(diff.changes, "order.date")
    assert (date.old, date.new) == ("3 พฤศจิกายน 2568", "4 พฤศจิกายน 2568")
    assert date.sheet == "คำสั่ง" and date.cell


def test_long_text_is_shown_around_the_change(tmp_path):
    base = bangrak_data()
    long_text = "ได้ค่าคะแนน 91.20 คะแนน " + "ซึ่งสะท้อนให้เห็นว่าสำนักงานเขตบางรักดำเนินการดี " * 6
    base.analyses[0].text = long_text
    data = bangrak_data()
    data.analyses[0].text = long_text.replace("91.20", "91.25")
    old, new = _pair(tmp_path, data, base)

    change = _only(diff_workbooks(old, new).changes, "analyses[1].text")

    assert change.old == long_text.strip() and change.new.startswith("ได้ค่าคะแนน 91.25")
    line = change.format()
    assert "91.20" in line and "91.25" in line and "…" in line
    assert len(line) < len(change.old) + len(change.new)


def test_problem_counts_reported(tmp_path):
    data = bangrak_data()
    data.score("2").score = Decimal("188.45")  # a typo: outside 0-100 is an error
    old, new = _pair(tmp_path, data)

    diff = diff_workbooks(old, new)

    assert _only(diff.changes, "scores[2].score").new == "188.45"
    assert diff.errors[0] == 0 and diff.errors[1] >= 1
    assert f"ข้อผิดพลาด / errors: 0 → {diff.errors[1]}" in diff.format()
    assert diff.as_dict()["errors"] == {"old": 0, "new": diff.errors[1]}


def test_identical_files(tmp_path):
    old, new = _pair(tmp_path, bangrak_data())

    diff = diff_workbooks(old, new)
    assert diff.changes == [] and not diff.has_differences
    assert flatten(read_workbook(old)[0]) == flatten(read_workbook(new)[0])

    result = _run(str(old), str(new))
    assert result.exit_code == 0, result.output
    assert "ไม่มีความแตกต่าง / no differences" in result.output


def test_flatten_uses_the_paths_of_locations(bangrak):
    data, _ = read_workbook(bangrak)
    values = flatten(data)
    assert values["scores[IIT].score"] == "90.11"
    assert values["committee[2].role"] == "กรรมการ"
    assert values["order.date"] == "3 พฤศจิกายน 2568"
    assert values["measures[4].text"].startswith("มาตรการข้อ 1 ของตัวชี้วัดที่ 3")
    assert set(values) <= set(data.locations) | {"unit.assessed_year"}


def test_corrupt_file_exit_2(tmp_path, bangrak):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip file")

    for args in ((str(bangrak), str(broken)), (str(broken), str(bangrak))):
        result = _run(*args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert "เสียหาย" in result.output  # Thai
        assert "corrupt" in result.output  # English
        assert "broken.xlsx" in result.output

    missing = _run(str(bangrak), str(tmp_path / "nowhere.xlsx"))
    assert missing.exit_code == 2
    assert "ไม่พบไฟล์" in missing.output and "file not found" in missing.output


def test_json_output(tmp_path):
    data = bangrak_data()
    data.score("EIT").score = Decimal("85.50")
    data.committee[2].role = "กรรมการและเลขานุการ"
    old, new = _pair(tmp_path, data)

    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--json"])

    assert result.exit_code == 1, result.output
    out = json.loads(result.stdout)
    assert out["differences"] is True
    assert (out["old"], out["new"]) == ("old.xlsx", "new.xlsx")
    by_path = {c["path"]: c for c in out["changes"]}
    assert set(by_path) == {"scores[EIT].score", "committee[2].role"}
    assert by_path["scores[EIT].score"] == {
        "kind": "changed", "path": "scores[EIT].score", "sheet": "คะแนน", "cell": "C16",
        "label_th": "คะแนนปีที่ประเมิน", "label_en": "score", "item": "EIT",
        "old": "84.90", "new": "85.50",
    }
    assert by_path["committee[2].role"]["new"] == "กรรมการและเลขานุการ"
    assert out["total"] == {"old": "90.60", "new": "90.78"}
    assert out["level"] == {"old": "ผ่าน", "new": "ผ่านดี"}

    same = CliRunner().invoke(main, ["diff", str(old), str(old), "--json"])
    assert same.exit_code == 0
    assert json.loads(same.stdout)["changes"] == []


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["diff", "--help"])
    assert result.exit_code == 0
    assert "itadocs diff ita-2569.xlsx ita-2569-edited.xlsx" in result.output


# --------------------------------------------------------------------------- progress sheet


def _with_progress(data: WorkbookData) -> WorkbookData:
    """``data`` with the progress sheet in step with its measures, round 6 under way."""
    from itadocs.reading import schema
    from itadocs.workbooks.progresssheet import in_step

    in_step(data)
    for row in data.progress.rows:
        if row.round == 6:
            row.status, row.percent = schema.STATUS_DOING, Decimal("50")
            row.result = f"ดำเนินการตามมาตรการ {row.measure_id}"
    return data


def test_progress_results_and_round_texts_are_compared(tmp_path):
    from itadocs.reading import schema

    old = _with_progress(bangrak_data())
    new = _with_progress(bangrak_data())
    first = new.measures[0].id
    row = next(r for r in new.progress.rows if r.measure_id == first and r.round == 6)
    row.status, row.percent = schema.STATUS_DONE, Decimal("100")
    new.progress.rounds[6].problems = "งบประมาณได้รับจัดสรรล่าช้า"
    old_path, new_path = _pair(tmp_path, new, old)

    diff = diff_workbooks(old_path, new_path)

    sheet = schema.PROGRESS.name
    status = next(c for c in diff.changes if c.path.endswith(".status"))
    assert (status.kind, status.sheet, status.old, status.new) == (
        CHANGED, sheet, schema.STATUS_DOING, schema.STATUS_DONE)
    assert status.item == f"มาตรการ {first} รอบ 6 เดือน / measure {first} round 6"
    assert status.cell and read_workbook(new_path)[0].where(status.path) == (sheet, status.cell)
    percent = next(c for c in diff.changes if c.path.endswith(".percent"))
    assert (percent.old, percent.new) == ("50", "100")
    problems = _only(diff.changes, "progress.rounds[6].problems")
    assert (problems.old, problems.new, problems.sheet) == (None, "งบประมาณได้รับจัดสรรล่าช้า",
                                                            sheet)
    assert problems.cell and problems.item == "รอบ 6 เดือน / round 6"
    assert len(diff.changes) == 3, [c.path for c in diff.changes]
    assert diff.total[0] == diff.total[1]  # the scores did not move
    assert f"{sheet}!{status.cell}" in diff.format()


def test_a_measure_added_above_moves_no_progress_result(tmp_path):
    from itadocs.reading import schema

    """Rows are matched by measure id and round: the new measure's two rows are added,
    and no other measure's result shows as changed although every row moved down."""
    from itadocs.workbooks.progresssheet import in_step

    old = _with_progress(bangrak_data())
    new = copy.deepcopy(old)
    new.measures.insert(0, Measure(indicator=1, text="มาตรการใหม่ที่เพิ่มไว้บนสุด"))
    in_step(new)  # as itadocs gives the new row its id and its progress rows
    added = new.measures[0].id
    assert added == f"M{len(new.measures):02d}"
    mine = next(r for r in new.progress.rows if r.measure_id == added and r.round == 6)
    mine.status, mine.percent = schema.STATUS_NOT_STARTED, Decimal("0")
    old_path, new_path = _pair(tmp_path, new, old)

    diff = diff_workbooks(old_path, new_path)

    progress = [c for c in diff.changes if c.path.startswith("progress")]
    assert [(c.kind, c.item, c.new) for c in progress] == [
        (ADDED, f"มาตรการ {added} รอบ 6 เดือน / measure {added} round 6",
         f"{schema.STATUS_NOT_STARTED} | 0")]  # round 12's row is empty: not news
    assert any(c.kind == ADDED and c.path == "measures[0]" for c in diff.changes)


def test_a_progress_row_removed_with_its_measure(tmp_path):
    old = _with_progress(bangrak_data())
    new = _with_progress(bangrak_data())
    gone = new.measures.pop().id
    new.progress.rows = [r for r in new.progress.rows if r.measure_id != gone]
    old_path, new_path = _pair(tmp_path, new, old)

    diff = diff_workbooks(old_path, new_path)

    removed = [c for c in diff.changes if c.path.startswith("progress")]
    # round 12's row was still empty: only the row with results is news
    assert [(c.kind, c.item) for c in removed] == [
        (REMOVED, f"มาตรการ {gone} รอบ 6 เดือน / measure {gone} round 6")]
    assert f"ดำเนินการตามมาตรการ {gone}" in removed[0].old and removed[0].cell


@pytest.mark.parametrize("above", [False, True])
def test_a_progress_row_copied_is_added_not_a_change_of_the_first(tmp_path, above):
    """Staff copy a measure's row of the progress sheet below the table and fill the copy:
    the first row is unchanged, the copy is an added row (the check names both); diff never
    shows the copy's values as the first row's new ones."""
    from itadocs.reading import schema

    old = _with_progress(bangrak_data())
    new = copy.deepcopy(old)
    first = next(r for r in new.progress.rows if r.round == 6)
    copied = copy.deepcopy(first)
    copied.status, copied.percent, copied.result = schema.STATUS_NOT_STARTED, Decimal("0"), "x"
    new.progress.rows.insert(0 if above else len(new.progress.rows), copied)
    old_path, new_path = _pair(tmp_path, new, old)

    diff = diff_workbooks(old_path, new_path)

    progress = [c for c in diff.changes if c.path.startswith("progress")]
    item = f"มาตรการ {first.measure_id} รอบ 6 เดือน / measure {first.measure_id} round 6"
    assert [(c.kind, c.item, c.new) for c in progress] == [
        (ADDED, item, f"{schema.STATUS_NOT_STARTED} | 0 | x")]
    # and back: the copy removed is a removed row, the first one unchanged
    back = [c for c in diff_workbooks(new_path, old_path).changes
            if c.path.startswith("progress")]
    assert [(c.kind, c.item) for c in back] == [(REMOVED, item)]


def test_two_districts_or_years_are_said_to_be_so_before_the_differences(tmp_path):
    """Bang Rak 2569 against Khlong San 2568 is no edit of one workbook: the terminal and
    --json say so (as the web page does), before the hundreds of differences."""
    from tests.helpers import EXAMPLE

    bangrak = write_workbook(tmp_path / "bangrak.xlsx", bangrak_data())
    result = CliRunner().invoke(main, ["diff", str(bangrak), str(EXAMPLE)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    first_change = next(i for i, line in enumerate(lines) if "หน่วยงาน!" in line)
    said = "\n".join(lines[:first_change])
    assert "The two workbooks are of different districts (Bang Rak → Khlong San)" in said
    assert "สมุดงานทั้งสองเป็นของคนละปีงบประมาณ (2569 → 2568)" in said
    shown = json.loads(CliRunner().invoke(main, ["diff", str(bangrak), str(EXAMPLE),
                                                 "--json"]).output)
    assert [n["message_en"].split(" (")[0] for n in shown["notes"]] == [
        "The two workbooks are of different districts",
        "The two workbooks are of different fiscal years"]
    again = diff_workbooks(bangrak, bangrak)
    assert again.notes == [] and "NOTE" not in again.format()
