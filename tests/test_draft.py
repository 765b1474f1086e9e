"""`itadocs draft`: a first draft of every empty analysis, from the scores, into a new file."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from itadocs.cli import main
from itadocs.documents.render import text_of
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.workbooks.draft import DraftError, draft_workbook, load_patterns
from itadocs.workbooks.writer import DRAFT_FILL, write_workbook
from tests.helpers import EXAMPLE, bangrak_data, itadocs

D = Decimal
# Khlong San's scores of a (made-up) assessment 2568, typed into next year's workbook.
NEW_SCORES = {"1": 96.10, "2": 92.00, "3": 95.50, "4": 97.80, "5": 94.00, "6": 91.20,
              "7": 78.40, "8": 84.10, "9": 96.00, "10": 100, "IIT": 95.02, "EIT": 85.10,
              "OIT": 97.00}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def _blank_analyses(data):
    for row in data.analyses:
        row.text = ""
        row.category = ""
    return data


def _next_year_workbook(tmp_path: Path) -> Path:
    """Next year's workbook from the example, as staff would have it before writing the
    analyses: carried over, NACC's 2568 scores typed in, the analysis cells emptied."""
    path = tmp_path / "ita-khlongsan-2569.xlsx"
    assert run("new", path, "--from", EXAMPLE).exit_code == 0
    data = check_workbook(path).data
    wb = openpyxl.load_workbook(path)
    for key, value in NEW_SCORES.items():
        sheet, ref = data.where(f"scores[{key}].score")
        wb[sheet][ref] = value
    for row in data.analyses:
        sheet, ref = data.where(f"analyses[{row.indicator}].text")
        wb[sheet][ref] = None
    order = wb[schema.ORDER.name]
    for key, value in (("number", 7), ("date", "3 พฤศจิกายน 2568"),
                       ("effective_date", "3 พฤศจิกายน 2568")):
        sheet, ref = data.where(f"order.{key}")
        order[ref] = value
    wb.save(path)
    return path


def test_draft_fills_a_blank_next_year_workbook_with_ten_analyses_that_render(tmp_path):
    path = _next_year_workbook(tmp_path)
    before = check_workbook(path)
    assert sum(p.code == "required" and p.sheet == "วิเคราะห์" for p in before.errors) == 10
    result = run("draft", path)
    assert result.exit_code == 0, result.output
    drafted = tmp_path / "ita-khlongsan-2569-draft.xlsx"
    assert f"wrote {drafted}" in result.output
    report = check_workbook(drafted)
    assert report.ok, [p.format() for p in report.errors]
    texts = {a.indicator: a.text for a in report.data.analyses}
    assert len(texts) == 10 and all(re.search("[ก-๙]", t) for t in texts.values())
    assert texts[7] == (
        "ได้ค่าคะแนน 78.40 คะแนน อยู่ในช่วงคะแนนระดับ “ต้องปรับปรุง” (70.00 - 84.99) "
        "ลดลงจากปีงบประมาณ พ.ศ. 2567 ที่ได้ 80.91 คะแนน จำนวน 2.51 คะแนน "
        "และเป็นหนึ่งใน 3 ตัวชี้วัดที่ได้คะแนนต่ำที่สุดของสำนักงานเขต "
        "ซึ่งสะท้อนให้เห็นว่า สำนักงานเขตคลองสาน ยังต้องปรับปรุงการดำเนินงานในเรื่อง"
        "การเผยแพร่ข้อมูลที่เข้าถึงง่าย และการมีช่องทางรับฟังความคิดเห็นและเรื่องร้องเรียน "
        "โดยกำหนดมาตรการที่ชัดเจนและติดตามผลอย่างใกล้ชิด")
    assert texts[10].startswith("ได้ค่าคะแนน 100.00 คะแนน อยู่ในช่วงคะแนนระดับ “ผ่านดีเยี่ยม” "
                                "(95.00 - 100.00) เท่ากับปีงบประมาณ พ.ศ. 2567 ซึ่งสะท้อนให้เห็นว่า")
    assert "เพิ่มขึ้นจากปีงบประมาณ พ.ศ. 2567 ที่ได้ 95.95 คะแนน จำนวน 0.15 คะแนน" in texts[1]
    categories = {a.indicator: a.category for a in report.data.analyses}
    assert [n for n, c in categories.items() if c == "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"] == [7, 8]
    unedited = [p for p in report.warnings if p.code == "draft_unedited"]
    assert [p.cell for p in unedited] == [f"B{r}" for r in range(5, 15)]
    doc = Document(build_workbook(drafted, tmp_path / "out").outputs["measures"])
    text = text_of(doc)
    assert "ได้ค่าคะแนน ๗๘.๔๐ คะแนน อยู่ในช่วงคะแนนระดับ “ต้องปรับปรุง”" in text
    assert text.count("ซึ่งสะท้อนให้เห็นว่า สำนักงานเขตคลองสาน") == 10
    analysis = [t for t in doc.tables if "การวิเคราะห์ผลคะแนน" in t.rows[0].cells[0].text]
    # one table per indicator; the analysis cell starts with the category
    assert analysis[6].rows[2].cells[0].paragraphs[0].text == "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"


def test_drafted_cells_are_marked_and_recorded_and_staff_text_is_kept(tmp_path):
    data = _blank_analyses(bangrak_data())
    data.analyses[2].text = "ข้อความที่เจ้าหน้าที่เขียนเอง"
    data.analyses[4].category = "ประเด็นที่ต้องพัฒนาให้ดีขึ้น"
    path = write_workbook(tmp_path / "b.xlsx", data)
    report = draft_workbook(path, tmp_path / "b-draft.xlsx")
    assert [d.indicator for d in report.drafts if d.text] == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert len(report.cells) == 9 + 9
    wb = openpyxl.load_workbook(tmp_path / "b-draft.xlsx")
    ws = wb["วิเคราะห์"]
    assert ws["B7"].value == "ข้อความที่เจ้าหน้าที่เขียนเอง"
    assert ws["B7"].comment is None and ws["B7"].fill.fgColor.rgb != DRAFT_FILL.fgColor.rgb
    assert ws["E9"].value == "ประเด็นที่ต้องพัฒนาให้ดีขึ้น" and ws["E9"].comment is None
    for ref in ("B5", "E5", "E7"):
        assert ws[ref].fill.fgColor.rgb == DRAFT_FILL.fgColor.rgb
        assert "ร่างโดย itadocs" in ws[ref].comment.text
    rows = [r for r in wb[schema.META_SHEET].iter_rows(values_only=True) if r[0] == "draft"]
    assert ("draft", "analyses[1].text", ws["B5"].value) in rows
    # editing a draft ends its warning; the others stay
    ws["B5"] = ws["B5"].value + " และได้จัดประชุมชี้แจงแล้ว"
    wb.save(tmp_path / "b-draft.xlsx")
    unedited = {p.cell for p in check_workbook(tmp_path / "b-draft.xlsx").warnings
                if p.code == "draft_unedited"}
    assert "B5" not in unedited and "B6" in unedited and "B7" not in unedited


def _cells(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows()
            for c in row if c.value is not None}


def test_draft_changes_nothing_else_and_never_the_original(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    original = path.read_bytes()
    report = draft_workbook(path, tmp_path / "b-draft.xlsx")
    assert path.read_bytes() == original
    before, after = _cells(path), _cells(tmp_path / "b-draft.xlsx")
    drafted = {tuple(c.split("!")) for c in report.cells}
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    meta = {k for k in changed if k[0] == schema.META_SHEET}
    assert changed - meta == drafted and len(meta) == 3 * len(drafted)
    old, new = openpyxl.load_workbook(path), openpyxl.load_workbook(tmp_path / "b-draft.xlsx")
    assert old.sheetnames == new.sheetnames
    for a, b in zip(old, new, strict=True):
        assert a.sheet_state == b.sheet_state and a.protection.sheet == b.protection.sheet
        assert [str(dv.sqref) for dv in a.data_validations.dataValidation] == [
            str(dv.sqref) for dv in b.data_validations.dataValidation]
        assert [dv.formula1 for dv in a.data_validations.dataValidation] == [
            dv.formula1 for dv in b.data_validations.dataValidation]
        assert set(map(str, a.merged_cells.ranges)) == set(map(str, b.merged_cells.ranges))
    # nothing to draft: nothing written
    again = draft_workbook(tmp_path / "b-draft.xlsx", tmp_path / "c.xlsx")
    assert again.output is None and not (tmp_path / "c.xlsx").exists()


def test_a_picture_in_the_workbook_survives_the_draft(tmp_path):
    from openpyxl.drawing.image import Image as XlImage
    from PIL import Image

    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    Image.new("RGB", (40, 30), "red").save(tmp_path / "p.png")
    wb = openpyxl.load_workbook(path)
    wb["ภาพ"].add_image(XlImage(str(tmp_path / "p.png")), "E5")
    wb.save(path)
    draft_workbook(path, tmp_path / "b-draft.xlsx")
    with zipfile.ZipFile(tmp_path / "b-draft.xlsx") as zf:
        assert [n for n in zf.namelist() if n.startswith("xl/media/")]


def _with_x14_validation(path: Path) -> None:
    """Add an Excel-2010 extension data validation, which a re-save by openpyxl drops."""
    ext = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" '
        'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
        "<xm:f>_lists!$A$2:$A$5</xm:f></x14:formula1><xm:sqref>H5</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet4.xml":
                body = body.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            dst.writestr(item, body)
    path.write_bytes(buffer.getvalue())


def test_draft_refuses_when_saving_again_would_lose_content(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    _with_x14_validation(path)
    original = path.read_bytes()
    result = run("draft", path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 1
    assert "Excel-2010 data validations (1)" in result.output
    assert "การตรวจสอบข้อมูลแบบ Excel 2010" in result.output
    assert not (tmp_path / "out.xlsx").exists() and path.read_bytes() == original


def test_draft_never_writes_over_the_original_or_an_existing_file(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    with pytest.raises(DraftError, match="never written over the original"):
        draft_workbook(path, path)
    (tmp_path / "taken.xlsx").write_bytes(b"x")
    result = run("draft", path, "-o", tmp_path / "taken.xlsx")
    assert result.exit_code == 1 and "already exists" in result.output


def test_a_district_rephrases_the_patterns(tmp_path):
    own = tmp_path / "ours.toml"
    text = (Path(__file__).parents[1] / "itadocs" / "data" / "draft.toml").read_text("utf-8")
    own.write_text(text.replace("ได้ค่าคะแนน {score} คะแนน", "ผลคะแนนที่ได้รับ {score} คะแนน"),
                   encoding="utf-8")
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    assert run("draft", path, "--patterns", own).exit_code == 0
    report = check_workbook(tmp_path / "b-draft.xlsx")
    assert report.data.analyses[0].text.startswith("ผลคะแนนที่ได้รับ 91.20 คะแนน")
    own.write_text(text.replace("ว่า {office}", "ว่า {สำนักงาน}", 1), encoding="utf-8")
    result = run("draft", path, "--patterns", own, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1 and "unknown placeholder {สำนักงาน}" in result.output
    own.write_text("text = ", encoding="utf-8")
    with pytest.raises(DraftError, match="is malformed"):
        load_patterns(own)


def test_categories_follow_the_pass_mark_and_a_fall(tmp_path):
    data = _blank_analyses(bangrak_data())
    data.score("1").previous = D("97.00")  # 91.20: fell by 5.80, so urgent though above 85
    data.score("2").previous = D("90.00")  # 88.45: fell by 1.55
    report = draft_workbook(write_workbook(tmp_path / "b.xlsx", data), tmp_path / "d.xlsx")
    categories = {d.indicator: d.category for d in report.drafts}
    urgent = [n for n, c in categories.items() if c == "จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"]
    assert urgent == [1, 7, 8]  # 84.50 and 83.25 are below 85


def test_new_from_does_the_same_step_and_drops_last_years_unedited_drafts(tmp_path):
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    # converting a workbook (same year) drafts its empty analyses
    converted = tmp_path / "converted.xlsx"
    result = run("new", converted, "--from", path, "--year", "2569")
    assert result.exit_code == 0 and "drafted 10 analyses" in result.output
    report = check_workbook(converted)
    assert all(a.text for a in report.data.analyses)
    assert sum(p.code == "draft_unedited" for p in report.warnings) == 10
    # next year: last year's unedited drafts are not carried over; the scores are not known
    wb = openpyxl.load_workbook(converted)
    wb["วิเคราะห์"]["B5"] = "การวิเคราะห์ที่เจ้าหน้าที่แก้ไขแล้ว"
    wb.save(converted)
    following = tmp_path / "next.xlsx"
    result = run("new", following, "--from", converted)
    assert "itadocs draft next.xlsx" in result.output
    texts = [a.text for a in check_workbook(following).data.analyses]
    assert texts[0] == "การวิเคราะห์ที่เจ้าหน้าที่แก้ไขแล้ว" and not any(texts[1:])


def test_converting_says_it_drafted_the_empty_categories(tmp_path):
    """The analyses written, their categories empty (as in the example): converting the
    workbook drafts the categories, which the measures document prints, and says so,
    never "enter the scores" of a workbook that holds them."""
    data = bangrak_data()
    for row in data.analyses:
        row.category = ""
    path = write_workbook(tmp_path / "b.xlsx", data)
    result = run("new", tmp_path / "converted.xlsx", "--from", path, "--year", "2569")
    assert result.exit_code == 0, result.output
    assert "enter the scores" not in result.output
    assert "drafted 10 categories" in result.output
    assert "ประเภทประเด็น" in result.output


def test_draft_uses_the_frameworks_level_band_aa_to_f(tmp_path):
    from tests.helpers import TRAT_2564

    data = _blank_analyses(bangrak_data(fiscal_year=2565, assessed_year=2564))
    for n, value in enumerate(TRAT_2564, start=1):
        data.score(str(n)).score = D(value)
    for code in ("IIT", "EIT", "OIT"):
        data.score(code).score = None  # in 2564 the tool score is the mean of its indicators
    report = draft_workbook(write_workbook(tmp_path / "t.xlsx", data), tmp_path / "d.xlsx")
    texts = {d.indicator: d.text for d in report.drafts}
    assert "อยู่ในช่วงคะแนนระดับ “C” (65.00 - 74.99)" in texts[9]
    assert "อยู่ในช่วงคะแนนระดับ “A” (85.00 - 94.99)" in texts[1]


def test_the_drafted_workbook_is_valid_ooxml(tmp_path):
    from tests.helpers import unexplained

    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    draft_workbook(path, tmp_path / "b-draft.xlsx")
    assert unexplained(tmp_path / "b-draft.xlsx") == []
    converted = tmp_path / "converted.xlsx"  # drafted by the writer itself (new --from)
    assert run("new", converted, "--from", path, "--year", "2569").exit_code == 0
    assert unexplained(converted) == []


PATTERNS = Path(__file__).parents[1] / "itadocs" / "data" / "draft.toml"


@pytest.mark.parametrize(("escape", "code"), [("\\u0001", "U+0001"), ("\\u001b", "U+001B"),
                                              ("\\ufffe", "U+FFFE")])
def test_a_control_character_in_the_patterns_is_named(tmp_path, escape, code):
    """TOML lets a file spell any character as an escape; a cell or a document cannot hold
    a control character, so the file is refused naming the pattern (before: a traceback)."""
    own = tmp_path / "ours.toml"
    own.write_text(PATTERNS.read_text("utf-8").replace('weakest = "', f'weakest = "{escape}', 1),
                   encoding="utf-8")
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    result = itadocs("draft", path, "--patterns", own)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"pattern weakest holds a character no cell or Word document can hold ({code})" \
        in result.stderr
    assert "มีอักขระที่ใส่ในเซลล์หรือเอกสาร Word ไม่ได้" in result.stderr
    assert not (tmp_path / "b-draft.xlsx").exists()


def test_the_patterns_cannot_make_a_cell_longer_than_excel_holds(tmp_path):
    own = tmp_path / "ours.toml"
    long = "ก" * 33_000
    own.write_text(PATTERNS.read_text("utf-8").replace("ได้ค่าคะแนน {score}", f"{long} {{score}}"),
                   encoding="utf-8")
    path = write_workbook(tmp_path / "b.xlsx", _blank_analyses(bangrak_data()))
    result = itadocs("draft", path, "--patterns", own)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the draft of indicator 1 would be 33,2" in result.stderr
    assert "more than an Excel cell holds (32,767)" in result.stderr and str(own) in result.stderr
    assert not (tmp_path / "b-draft.xlsx").exists()
    just = tmp_path / "just.toml"  # at the limit, the draft is written whole
    text = PATTERNS.read_text("utf-8")
    own.write_text(text.replace("ได้ค่าคะแนน {score}", "ก {score}"), encoding="utf-8")
    assert itadocs("draft", path, "--patterns", own, "-o", tmp_path / "probe.xlsx").returncode == 0
    longest = max(len(a.text) for a in check_workbook(tmp_path / "probe.xlsx").data.analyses)
    pad = 32_767 - longest + 1
    just.write_text(text.replace("ได้ค่าคะแนน {score}", "ก" * pad + " {score}"), encoding="utf-8")
    assert itadocs("draft", path, "--patterns", just, "-o", tmp_path / "j.xlsx").returncode == 0
    drafted = check_workbook(tmp_path / "j.xlsx").data.analyses
    assert max(len(a.text) for a in drafted) == 32_767


def test_draft_refuses_pictures_anchored_past_the_budget(tmp_path):
    """openpyxl reads a picture once per anchor when it opens a workbook to save it: a small
    file anchoring one large picture many times is refused before it is opened."""
    from itadocs.model import Photo, Picture
    from tests.helpers import anchored_many_times

    buf = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (40, 30), "navy").save(buf, "PNG")
    data = _blank_analyses(bangrak_data())
    data.photos = [Photo(4, "", "ก", Picture(buf.getvalue()))]
    path = anchored_many_times(write_workbook(tmp_path / "b.xlsx", data), 8, 25 * 1024 * 1024)
    result = itadocs("draft", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "saving it again would read 200 MB of them (more than 150 MB)" in result.stderr
    assert not (tmp_path / "b-draft.xlsx").exists()
