"""Carry-over against hostile texts: the old district written every way people write it, in
every text cell (measure details too), names inside longer words, people named before the
director's position, and invisible characters (issue: carry-over that never prints the old
district)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from itadocs.cleantext import comparable
from itadocs.documents.render import text_of
from itadocs.messages import ProblemCode
from itadocs.model import Member
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.newbook import new_workbook
from itadocs.workbooks.writer import write_workbook
from tests.helpers import SCORES, bangrak_data

# The old district (Khlong San) as people write it, each a whole mention to retarget.
WHOLE = ["สำนักงานเขตคลองสาน", "เขต คลอง สาน", "เขตคลอง\u200bสาน", "Khlong San", "Khlong-San",
         "KhlongSan", "Klong San", "klongsan"]


def _khlong_san_2568():
    """Bang Rak's test data made Khlong San's 2568 workbook, every text cell naming the
    district (each form above) and the fiscal year 2568."""
    data = bangrak_data()
    data.unit.district = "คลองสาน"
    data.unit.fiscal_year, data.unit.assessed_year = 2568, 2567
    data.unit.director_name = "นายสรสิทธิ์ เหลืองรุ่งเกียรติ"
    data.unit.director_position = "ผู้อำนวยการเขตคลองสาน"
    data.order.signer_name = "นายสรสิทธิ์ เหลืองรุ่งเกียรติ"
    data.order.signer_position = "ผู้อำนวยการเขตคลองสาน"
    data.order.number, data.order.year, data.order.date = None, None, None
    data.order.effective_date = None
    for i, measure in enumerate(data.measures):
        form = WHOLE[i % len(WHOLE)]
        measure.text = f"{measure.text} ของ{form}" if not form[0].isascii() else \
            f"{measure.text} ({form})"
        measure.period = "ต.ค. 2567 - ก.ย. ปีงบประมาณ 2568"
        measure.budget = f"งบประมาณ{WHOLE[i % 3]} ปีงบประมาณ 2568"
        measure.kpi = f"ร้อยละ 80 ของผู้รับบริการ{WHOLE[(i + 1) % 3]} ปีงบประมาณ 2568"
        measure.owner = f"ฝ่ายปกครอง สำนักงานเขตคลองสาน ({WHOLE[3 + i % 5]})"
    for i, analysis in enumerate(data.analyses):
        analysis.text = (f"สำนักงานเขต คลอง สาน ได้ค่าคะแนนในปีงบประมาณ 2567 "
                         f"ซึ่ง{WHOLE[i % len(WHOLE)]} จะปรับปรุงในปีงบประมาณ 2568")
    for paragraph in data.paragraphs:
        paragraph.text = ("ประชุมที่ Khlong-San District Office ร่วมกับ นายสรสิทธิ์  เหลือง\u200b"
                          "รุ่งเกียรติ ผู้อำนวยการเขตคลองสาน ปีงบประมาณ 2568")
    for duty in data.duties:
        duty.text = f"{duty.text} ของเขตคลองสาน ประจำปีงบประมาณ พ.ศ. 2568"
    return data


@pytest.fixture(scope="module")
def carried(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-carry")
    old = write_workbook(folder / "ita-khlongsan-2568.xlsx", _khlong_san_2568())
    path = folder / "ita-bangrak-2569.xlsx"
    made = new_workbook(path, previous=old, district="บางรัก")
    return folder, path, made


def _every_text(data) -> str:
    from itadocs.checking.texts import free_texts

    return "\n".join(text for _, text in free_texts(data))


def test_every_text_cell_is_retargeted_and_year_shifted(carried):
    _, path, _ = carried
    data, _ = read_workbook(path)
    text = _every_text(data)
    for form in ("คลองสาน", "คลอง สาน", "Khlong", "Klong", "klong"):
        assert form not in comparable(text), form
    assert "สรสิทธิ์" not in comparable(text)
    assert "2567" not in text  # every year of the cycle moved on by one
    measure = data.measures[0]
    assert measure.period == "ต.ค. 2568 - ก.ย. ปีงบประมาณ 2569"
    assert "บางรัก" in measure.budget and measure.budget.endswith("ปีงบประมาณ 2569")
    assert measure.owner.startswith("ฝ่ายปกครอง สำนักงานเขตบางรัก")
    assert "Bang Rak District Office" in data.paragraphs[0].text
    assert "ร่วมกับ ผู้อำนวยการเขตบางรัก" in data.paragraphs[0].text


def test_the_built_documents_name_only_the_new_district(carried):
    folder, path, _ = carried
    from openpyxl import load_workbook

    from itadocs.reading import schema

    wb = load_workbook(path)  # what staff fill after carrying: the scores, the order
    ws = wb[schema.SCORES.name]
    for r in range(5, 18):
        ws.cell(r, 3).value = float(SCORES[str(ws.cell(r, 1).value)])
    fills = {schema.UNIT.name: {"director_name": "นางสาวทดสอบ ระบบดี"},
             schema.ORDER.name: {"order_number": 7, "order_date": "12 มกราคม 2569",
                                 "effective_date": "12 มกราคม 2569",
                                 "signer_name": "นางสาวทดสอบ ระบบดี"}}
    for sheet, values in fills.items():
        ws = wb[sheet]
        for row in ws.iter_rows(min_col=schema.FORM_KEY_COL, max_col=schema.FORM_KEY_COL):
            if row[0].value in values:
                ws.cell(row[0].row, schema.FORM_VALUE_COL).value = values[row[0].value]
    wb.save(path)
    report = check_workbook(path)
    assert not [p for p in report.problems if p.code is ProblemCode.OTHER_DISTRICT]
    outcome = build_workbook(path, folder / "out")
    for kind in ("measures", "order"):
        text = comparable(text_of(Document(outcome.outputs[kind])))
        assert "คลองสาน" not in text and "Khlong" not in text and "Klong" not in text
        assert "สำนักงานเขตบางรัก" in text


def test_names_inside_longer_words_are_left_and_reported(tmp_path):
    """A university, a poll, a hotel and a surname that hold a district's name are proper
    nouns: never changed, each reported for a person to decide."""
    data = bangrak_data()
    data.unit.district = "ดุสิต"
    data.unit.fiscal_year, data.unit.assessed_year = 2568, 2567
    data.paragraphs[0].text = ("สำรวจความพึงพอใจโดยสวนดุสิตโพล ณ โรงแรมดุสิตธานี "
                               "กับนายสมชาย ดุสิตวงศ์ และสำนักงานเขตดุสิต")
    old = write_workbook(tmp_path / "old.xlsx", data)
    made = new_workbook(tmp_path / "new.xlsx", previous=old, district="สาทร")
    new, _ = read_workbook(made.path)
    assert new.paragraphs[0].text == ("สำรวจความพึงพอใจโดยสวนดุสิตโพล ณ โรงแรมดุสิตธานี "
                                      "กับนายสมชาย ดุสิตวงศ์ และสำนักงานเขตสาทร")
    said = made.format()
    for words in ("สวนดุสิตโพล", "โรงแรมดุสิตธานี", "ดุสิตวงศ์"):
        assert words in said and "inside a longer word was left as it is" in said
    report = check_workbook(made.path)  # no warning: these are not mentions of the district
    assert not [p for p in report.problems if p.code is ProblemCode.OTHER_DISTRICT
                and "ดุสิต" in p.message_th]


def test_a_word_beginning_with_a_title_is_not_taken_for_a_name(tmp_path):
    data = bangrak_data()
    data.unit.district = "คลองสาน"
    data.unit.fiscal_year, data.unit.assessed_year = 2568, 2567
    data.unit.director_name = "นายสรสิทธิ์ เหลืองรุ่งเกียรติ"
    data.order.signer_name = "นายสรสิทธิ์ เหลืองรุ่งเกียรติ"
    data.paragraphs[0].text = ("นายทะเบียนท้องถิ่น ผู้อำนวยการเขตคลองสาน ชี้แจงร่วมกับ "
                               "นายกสมาคม ศิษย์เก่า ผู้อำนวยการเขตคลองสาน และ"
                               "นายสมหมาย ใจดี ผู้อำนวยการเขตคลองสาน")
    old = write_workbook(tmp_path / "old.xlsx", data)
    made = new_workbook(tmp_path / "new.xlsx", previous=old, district="บางรัก")
    new, _ = read_workbook(made.path)
    assert new.paragraphs[0].text == ("นายทะเบียนท้องถิ่น ผู้อำนวยการเขตบางรัก ชี้แจงร่วมกับ "
                                      "นายกสมาคม ศิษย์เก่า ผู้อำนวยการเขตบางรัก และ"
                                      "นายสมหมาย ใจดี ผู้อำนวยการเขตบางรัก")
    said = made.format()
    assert "names a person before the director's position: 'นายกสมาคม ศิษย์เก่า'" in said
    assert "'นายสมหมาย ใจดี'" not in said  # not at the start of a word: "และนาย…"


def test_a_member_typed_twice_with_an_invisible_character_is_a_duplicate(tmp_path):
    data = bangrak_data()
    first = data.committee[1]
    data.committee.append(Member(first.name.replace(" ", " \u200b").replace("ม", "\u2060ม", 1),
                                 first.position, first.department, "กรรมการ"))
    report = check_workbook(write_workbook(tmp_path / "x.xlsx", data))
    duplicates = [p for p in report.problems if p.code is ProblemCode.DUPLICATE_MEMBER]
    assert duplicates and duplicates[0].sheet == "คณะกรรมการ"


def test_a_right_to_left_override_is_named_and_never_published(tmp_path):
    data = bangrak_data()
    data.measures[0].text = "จัดอบรม\u202eนัดประชุม\u202c ทุกไตรมาส"
    path = write_workbook(tmp_path / "x.xlsx", data)
    report = check_workbook(path)
    [warning] = [p for p in report.problems if p.code is ProblemCode.INVISIBLE_CHARACTER]
    assert warning.where() == "มาตรการ!B5"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in warning.message_en
    assert "U+202C POP DIRECTIONAL FORMATTING" in warning.message_th
    outcome = build_workbook(path, tmp_path / "out")
    text = text_of(Document(outcome.outputs["measures"]))
    assert "จัดอบรมนัดประชุม ทุกไตรมาส" in text and "\u202e" not in text


def test_a_refused_district_names_its_invisible_character(tmp_path):
    data = bangrak_data()
    data.unit.district = "บางรัก\u200bx"
    report = check_workbook(write_workbook(tmp_path / "x.xlsx", data))
    [bad] = [p for p in report.problems if p.code is ProblemCode.BAD_DISTRICT]
    [hidden] = [p for p in report.problems if p.code is ProblemCode.INVISIBLE_CHARACTER]
    assert "'บางรักx'" in bad.message_th and hidden.where() == bad.where()
    assert "บางรัก⟨U+200B⟩x" in hidden.message_th
    assert "U+200B ZERO WIDTH SPACE" in hidden.message_en
    ok = bangrak_data()
    ok.unit.district = "บาง\u200bรัก"
    report = check_workbook(write_workbook(tmp_path / "y.xlsx", ok))
    assert not [p for p in report.problems if p.code is ProblemCode.BAD_DISTRICT]
    assert report.data.unit.district == "บางรัก"


def test_workbook_file_names_are_of_the_new_district(carried):
    _, path, made = carried
    assert Path(made.path) == path and made.district == "บางรัก" and made.fiscal_year == 2569
