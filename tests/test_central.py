"""The central office's view of a folder build: districts of several groups and two years,
their groups, the targets against the results, the survey replies against the minimum, what
each district has made in the output folder, the calendar's "due next" and who is late; the
data files behind them; the optional survey cells of the workbook; the web page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import time
import tomllib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from itadocs.build import overview
from itadocs.build.batch import build
from itadocs.build.central import CentralYear, Due, central_year, groups
from itadocs.build.summary import summary_tables
from itadocs.pipeline import build_progress, check_workbook
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.carryover import carry_over
from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, bangrak_data, edit, unexplained

DATA = Path(__file__).resolve().parents[1] / "itadocs" / "data"
# 15 May 2025: fiscal year 2568, after its order, measures and 6-month dates (estimates),
# before NACC's results (15 August 2025, confirmed).
TODAY = dt.date(2025, 5, 15)


def _workbook(folder: Path, district: str, year: int, bump: str = "0", **survey: int
              ) -> Path:
    """A valid workbook of ``district`` for ``year``: Bang Rak's data, carried over, its
    scores raised by ``bump`` (at most 100), with the survey figures given."""
    data = carry_over(bangrak_data(), district, year).data
    data.unit.director_name = data.order.signer_name = "นางสาวทดสอบ ระบบดี"
    data.order.number = 3
    data.order.date = data.order.effective_date = dt.date(year - 544, 11, 3)
    data.scores = [type(s)(s.key, min(s.score + Decimal(bump), Decimal("100.00")))
                   for s in bangrak_data().scores]
    for analysis in data.analyses:
        analysis.text = "วิเคราะห์ผลคะแนนของตัวชี้วัด"
    for key, value in survey.items():
        setattr(data.unit, key, value)
    return write_workbook(folder / f"ita-{district}-{year}.xlsx", data)


@pytest.fixture(scope="module")
def districts(tmp_path_factory):
    """Seven districts of four groups in 2569 and three in 2568 (Khlong San's the example,
    with its 6-month progress report built into the same folder beforehand)."""
    folder = tmp_path_factory.mktemp("districts")
    _workbook(folder, "ดุสิต", 2569, "5.00", iit_replies=633, iit_minimum=589,
              eit_replies=398, eit_minimum=500)  # กรุงเทพกลาง, 95.50
    _workbook(folder, "พระนคร", 2569, "-8.00", iit_replies=120, iit_minimum=150)  # 82.60
    _workbook(folder, "บางรัก", 2569, "0")  # กรุงเทพใต้, 90.60
    _workbook(folder, "สาทร", 2569, "6.00")  # 96.10
    _workbook(folder, "บางกะปิ", 2569, "-3.00")  # กรุงเทพตะวันออก, 87.60
    _workbook(folder, "ภาษีเจริญ", 2569, "8.00")  # กรุงธนใต้, 97.00
    _workbook(folder, "จตุจักร", 2569, "2.00")  # กรุงเทพเหนือ, 92.60
    _workbook(folder, "บางรัก", 2568, "-1.00")
    _workbook(folder, "ดุสิต", 2568, "1.00")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)  # คลองสาน 2568, กรุงธนเหนือ
    out = folder / "out"
    assert build_progress(folder / EXAMPLE.name, out, 6).exit_code == 0
    report = build([folder], out, jobs=2, today=TODAY)
    assert report.exit_code == 0, [o.error for o in report if o.error]
    return report, out


def _table(tables, key, year):
    return next(t for t in tables if t.key == key and t.year == year)


def _rows(table):
    return table.frame.to_dict("records")


# --------------------------------------------------------------------------- the data


def test_every_district_is_in_one_of_six_groups_with_its_sources():
    found = groups()
    assert found.order == ("กรุงเทพกลาง", "กรุงเทพใต้", "กรุงเทพเหนือ", "กรุงเทพตะวันออก",
                           "กรุงธนเหนือ", "กรุงธนใต้")
    assert sorted(found.members) == sorted(schema.lists().values("districts"))
    assert [len(found.districts(g)) for g in found.order] == [9, 10, 7, 9, 8, 7]
    # the East group as the 2025 press reports name it
    assert set(found.districts("กรุงเทพตะวันออก")) == {
        "หนองจอก", "คลองสามวา", "ลาดกระบัง", "คันนายาว", "บางกะปิ", "บึงกุ่ม", "ประเวศ",
        "มีนบุรี", "สะพานสูง"}
    assert found.disputed == ("ปทุมวัน", "จอมทอง")
    data = tomllib.loads((DATA / "groups.toml").read_text(encoding="utf-8"))
    assert all(s["url"] and s["date"] for s in data["sources"])
    assert set(data["groups_status"]) == set(found.order)


@pytest.mark.parametrize("year", [2568, 2569, 2570])
def test_each_year_file_says_how_sure_every_entry_is(year):
    found = central_year(year)
    assert found is not None and found.fiscal_year == year
    for entry in (*found.targets, *found.calendar):
        assert entry.words.th and entry.words.en
        if entry.status == "confirmed":
            assert "http" in entry.source, entry.key  # a confirmed entry cites its source
        else:
            assert entry.note, entry.key  # an estimate or an example says on what it rests
    keys = [d.key for d in found.calendar]
    assert sorted(keys) == sorted(["briefing", "order", "measures", "oit", "progress_6",
                                   "results", "progress_12"])
    assert [d.due for d in found.calendar] == sorted(d.due for d in found.calendar)
    if year == 2569:  # NACC published no 2569 calendar: nothing is presented as confirmed
        assert {d.status for d in found.calendar} == {"unconfirmed"}
    assert central_year(2500) is None


def test_only_nacc_s_2568_results_date_is_confirmed():
    confirmed = [d for d in central_year(2568).calendar if d.confirmed]
    assert [(d.key, d.due) for d in confirmed] == [("results", dt.date(2025, 8, 15))]


# --------------------------------------------------------------------------- the summary


def test_the_ranking_names_each_district_s_group(districts):
    report, out = districts
    tables = summary_tables(list(report), out, TODAY)
    ranking = _table(tables, "ranking", 2569).frame
    assert dict(zip(ranking["สำนักงานเขต"], ranking["กลุ่มเขต"], strict=True)) == {
        "ภาษีเจริญ": "กรุงธนใต้", "สาทร": "กรุงเทพใต้", "ดุสิต": "กรุงเทพกลาง",
        "จตุจักร": "กรุงเทพเหนือ", "บางรัก": "กรุงเทพใต้", "บางกะปิ": "กรุงเทพตะวันออก",
        "พระนคร": "กรุงเทพกลาง"}
    in_group = dict(zip(ranking["สำนักงานเขต"], ranking["อันดับในกลุ่ม"], strict=True))
    assert (in_group["ดุสิต"], in_group["พระนคร"]) == (1, 2)  # กรุงเทพกลาง: 95.50, 82.60
    assert (in_group["สาทร"], in_group["บางรัก"], in_group["ภาษีเจริญ"]) == (1, 2, 1)


def test_a_row_per_group_with_mean_lowest_passing_95_and_weakest(districts):
    report, out = districts
    groups_table = _table(summary_tables(list(report), out, TODAY), "groups", 2569)
    rows = {r["กลุ่มเขต"]: r for r in _rows(groups_table)}
    assert list(rows) == [*groups().order, "ทุกกลุ่ม"]
    central = rows["กรุงเทพกลาง"]  # ดุสิต 95.50, พระนคร 82.60
    assert (central["เขตในกลุ่ม"], central["เขตที่มีคะแนน"]) == (9, 2)
    assert central["ค่าเฉลี่ย"] == Decimal("89.05") and central["ต่ำสุด"] == Decimal("82.60")
    assert central["เขตที่ต่ำสุด"] == "พระนคร"
    assert central["ผ่านเกณฑ์ (85.00 ขึ้นไป)"] == 1
    assert central["95.00 ขึ้นไป (ช่วงผ่านดีเยี่ยม / AA)"] == 1
    assert central["ตัวชี้วัดที่อ่อนที่สุด"] == "8. การปรับปรุงระบบการทำงาน"
    assert rows["กรุงธนเหนือ"]["เขตที่มีคะแนน"] == 0 and rows["กรุงธนเหนือ"]["ค่าเฉลี่ย"] is None
    everyone = rows["ทุกกลุ่ม"]
    assert (everyone["เขตในกลุ่ม"], everyone["เขตที่มีคะแนน"]) == (50, 7)
    assert everyone["95.00 ขึ้นไป (ช่วงผ่านดีเยี่ยม / AA)"] == 3  # ภาษีเจริญ, สาทร, ดุสิต
    assert any("ปทุมวัน" in n.th for n in groups_table.notes)  # the grouping's caveat
    header = groups_table.headers[-3]
    assert "ผ่านดีเยี่ยม" in header.th and "AA" in header.th and "AA" in header.en


def test_each_target_against_the_count_reached_naming_who_is_short(districts):
    report, out = districts
    targets = _table(summary_tables(list(report), out, TODAY), "targets", 2569)
    assert "ITA ปี 2568" in targets.title  # the 2569 workbooks hold the 2568 results
    rows = {r["เป้าหมาย"]: r for r in _rows(targets)}
    kpi = rows["ทุกเขตได้คะแนนรวม ITA ไม่น้อยกว่า 95.00 คะแนน (ระดับ AA ตามตัวชี้วัดของกรุงเทพมหานคร)"]
    assert kpi["จำนวนเขตที่ต้องการ"] == "ทุกเขต (50)" and kpi["จำนวนเขตที่ได้"] == 3
    assert kpi["ผล"] == "ยังไม่ถึง (ขาด 47 เขต)"
    assert kpi["สถานะของข้อมูล"] == "ยังไม่ยืนยัน"
    assert kpi["เขตที่ยังไม่ถึง"].startswith("จตุจักร 92.60 (ขาด 2.40), บางรัก 90.60 (ขาด 4.40)")
    assert kpi["เขตที่ยังไม่ถึง"].endswith("ไม่มีคะแนนในชุดนี้ 43 เขต")
    assert "mykpi.php?pid=5030-1087" in kpi["ที่มาและหมายเหตุ"]
    aa_25 = rows["อย่างน้อย 25 เขตได้คะแนนรวม ITA ตั้งแต่ 95.00 คะแนนขึ้นไป"]
    assert (aa_25["จำนวนเขตที่ต้องการ"], aa_25["จำนวนเขตที่ได้"]) == (25, 3)
    assert aa_25["สถานะของข้อมูล"] == "ตัวอย่าง (ไม่มีแหล่งอ้างอิง)"
    good = rows["ทุกเขตได้ระดับผ่านดีขึ้นไป"]
    assert good["จำนวนเขตที่ได้"] == 4  # บางรัก's EIT 84.90 leaves it at ผ่าน
    assert good["เขตที่ยังไม่ถึง"].startswith("บางรัก (ผ่าน), บางกะปิ (ผ่าน), พระนคร (ต้องปรับปรุง)")
    # the >= 95 line by both names, and the level that also needs every tool at 95
    said = " ".join(n.th for n in targets.notes)
    assert "95.00 ขึ้นไป (ช่วงคะแนนระดับผ่านดีเยี่ยม หรือ AA" in said and "3 เขต" in said
    assert "ได้ระดับผ่านดีเยี่ยม (ซึ่งต้องได้ทุกเครื่องมือ 95 ขึ้นไปด้วย) 0 เขต" in said
    # no targets were set for the 2567 assessment: said, not guessed
    none = _table(summary_tables(list(report), out, TODAY), "targets", 2568)
    assert "ยังไม่มีเป้าหมายของการประเมินปี 2567" in _rows(none)[0]["เป้าหมาย"]


def test_districts_below_the_survey_minimum_are_flagged(districts):
    report, out = districts
    survey = _table(summary_tables(list(report), out, TODAY), "survey", 2569)
    rows = {r["สำนักงานเขต"]: r for r in _rows(survey)}
    assert (rows["ดุสิต"]["IIT ผู้ตอบ"], rows["ดุสิต"]["IIT ขั้นต่ำ"]) == (633, 589)
    assert rows["ดุสิต"]["IIT ครบหรือไม่"] == "ครบ"
    assert rows["ดุสิต"]["EIT ครบหรือไม่"] == "ขาด 102"
    assert rows["พระนคร"]["IIT ครบหรือไม่"] == "ขาด 30"
    assert rows["บางรัก"]["IIT ผู้ตอบ"] is None and rows["บางรัก"]["IIT ครบหรือไม่"] == ""
    assert "IIT 1 เขต (พระนคร); EIT 1 เขต (ดุสิต)" in survey.notes[0].th
    dusit = list(rows).index("ดุสิต")
    assert (dusit, "EIT ครบหรือไม่") in survey.marked
    # no district of 2568 typed a survey figure: no table
    assert not [t for t in summary_tables(list(report), out, TODAY)
                if t.key == "survey" and t.year == 2568]


def test_what_each_district_has_made_and_who_is_past_a_date(districts):
    report, out = districts
    tables = summary_tables(list(report), out, TODAY)
    made = {r["สำนักงานเขต"]: r for r in _rows(_table(tables, "documents", 2568))}
    written = dt.date.fromtimestamp((out / "ita-order-2568-khlong-san.docx").stat().st_mtime)
    day = f"{written.day} "
    khlong_san = made["คลองสาน"]
    assert khlong_san["คำสั่ง"].startswith(day) and khlong_san["มาตรการ"].startswith(day)
    assert khlong_san["รายงานรอบ 6 เดือน"].startswith(day)  # built before, same folder
    assert khlong_san["คำสั่ง PDF"] == "" and khlong_san["รายงานรอบ 12 เดือน"] == ""
    assert khlong_san["เลยกำหนดแล้วยังไม่มี"] == ""  # round 12 is not due yet
    # the 6-month report's date (an estimate) has passed: Bang Rak and Dusit lack it
    assert made["บางรัก"]["เลยกำหนดแล้วยังไม่มี"] == (
        "รายงานรอบ 6 เดือน (เลยวันที่ประมาณการ ซึ่งยังไม่ยืนยัน)")
    assert list(made) == ["ดุสิต", "บางรัก", "คลองสาน"]  # in the groups' order
    calendar = {r["รายการ"]: r for r in _rows(_table(tables, "calendar", 2568))}
    report6 = calendar["รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน"]
    assert report6["เขตที่มีเอกสารแล้ว"] == "1 / 3"
    assert report6["เขตที่ยังไม่มีเอกสาร"] == "ดุสิต, บางรัก"
    assert report6["ณ วันนี้"] == "ผ่านมาแล้ว"
    assert calendar["ป.ป.ช. ประกาศผลการประเมิน ITA (ระดับประเทศ)"]["ณ วันนี้"] == "ถัดไป"
    assert calendar["ป.ป.ช. ประกาศผลการประเมิน ITA (ระดับประเทศ)"]["สถานะของข้อมูล"] == \
        "ยืนยันแล้ว"


def test_what_is_due_next_depends_on_the_day_given():
    early = overview.due_next_words(2569, dt.date(2025, 10, 1))
    assert early.th.startswith("ถัดไป ปีงบประมาณ 2569: ประชุมชี้แจงการดำเนินงาน ITA กำหนด "
                               "31 ธ.ค. 2568 (อีก 91 วัน; วันที่ยังไม่ยืนยัน (ประมาณการ))")
    together = overview.due_next_words(2569, dt.date(2026, 3, 1))
    assert "กำหนดส่งหลักฐาน OIT ในระบบ ITAS และ รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน" \
        in together.th and "30 เม.ย. 2569" in together.th
    assert "confirmed" in overview.due_next_words(2568, TODAY).en  # NACC's 15 August
    assert "Nothing left" in overview.due_next_words(2568, dt.date(2025, 12, 1)).en
    assert "No calendar for fiscal year 2500" in overview.due_next_words(2500, TODAY).en


def test_the_status_table_says_what_stopped_a_workbook_that_failed_its_checks(tmp_path):
    """The central office reads why a district failed without its check report: the first
    error with its sheet!cell, and how many more there are."""
    folder = tmp_path / "in"
    folder.mkdir()
    _workbook(folder, "บางรัก", 2569)
    typo = edit(_workbook(folder, "สาทร", 2569),
                lambda wb: wb["หน่วยงาน"].__setitem__("C5", 2590))
    report = build([folder], tmp_path / "out", jobs=1, today=TODAY)
    failed = next(o for o in report if o.path == typo)
    assert failed.status == "failed" and failed.error is None and len(failed.errors) > 1
    rows = {r["ไฟล์"]: r for r in _rows(summary_tables(list(report), None, TODAY)[-1])}
    main = rows[typo.name]["ข้อผิดพลาดหลัก"]
    first = failed.errors[0]
    assert main == (f"[{first.where()}] {first.message_th} "
                    f"(และอีก {len(failed.errors) - 1} รายการ)"), main
    assert rows["ita-บางรัก-2569.xlsx"]["ข้อผิดพลาดหลัก"] == ""


def test_a_year_only_failed_workbooks_name_gets_no_section(districts):
    """A failed workbook whose year is mistyped (2590) is in the status table, not a year of
    its own; a year some workbook got through keeps its section even without a calendar."""
    from itadocs.build.report import Outcome, Status
    from itadocs.web.overview import years

    report, out = districts
    typo = Outcome(Path("ita-บางรัก-typo.xlsx"), Status.FAILED, "บางรัก", 2590)
    built = next(o for o in report if o.district == "สาทร")
    later = dataclasses.replace(built, fiscal_year=2575)  # got through; no calendar for it
    outcomes = [*report, typo, later]
    tables = summary_tables(outcomes, out, TODAY)
    assert 2590 not in {t.year for t in tables}
    assert "ita-บางรัก-typo.xlsx" in str(_rows(tables[-1]))  # the status table names it
    # the web page: the no-calendar words once, at the head of 2575, without itadocs' paths
    shown = {y.year: y for y in years(outcomes, out, TODAY)}
    assert set(shown) == {2575, 2569, 2568}
    assert shown[2575].due.th.startswith("itadocs ยังไม่มีกำหนดการของปีงบประมาณ 2575")
    notes = [n for t in shown[2575].tables for n in t.notes]
    assert notes and all("2575" not in n.th or "กำหนดการ" not in n.th for n in notes)
    assert not [n for n in notes if "itadocs/data/central/2575" in n.th + n.en]
    # the terminal's and the workbook's words still name the file to add
    assert "itadocs/data/central/2575.toml" in str(_table(tables, "documents", 2575).notes)


def test_late_only_against_a_confirmed_date_past_an_estimate_otherwise(districts,
                                                                       monkeypatch):
    report, out = districts
    real = central_year(2568)
    confirmed = CentralYear(2568, "test.toml", (), tuple(
        dataclasses.replace(d, status="confirmed", source="https://example.test")
        if d.key == "progress_6" else d for d in real.calendar))
    monkeypatch.setattr(overview, "central_year", lambda year: confirmed)
    made = {r["สำนักงานเขต"]: r for r in _rows(_table(
        summary_tables(list(report), out, TODAY), "documents", 2568))}
    assert made["บางรัก"]["เลยกำหนดแล้วยังไม่มี"] == "รายงานรอบ 6 เดือน (ล่าช้า)"
    on_the_day = summary_tables(list(report), out, dt.date(2025, 4, 30))
    made = {r["สำนักงานเขต"]: r for r in _rows(_table(on_the_day, "documents", 2568))}
    assert made["บางรัก"]["เลยกำหนดแล้วยังไม่มี"] == ""  # due today: not late yet
    order = Due("x", real.calendar[0].words, dt.date(2025, 1, 1), "confirmed", "", "", "order")
    assert overview.late_words(order) == "คำสั่ง (ล่าช้า)"


def test_the_summary_workbook_holds_every_table_valid_and_formula_safe(districts):
    _, out = districts
    path = out / "ita-summary.xlsx"
    assert unexplained(path) == []
    wb = openpyxl.load_workbook(path)
    for year in (2569, 2568):
        for name in ("กลุ่มเขต", "เป้าหมาย", "เอกสาร", "กำหนดการ"):
            assert f"{name} {year}" in wb.sheetnames
    assert "แบบวัด 2569" in wb.sheetnames and "แบบวัด 2568" not in wb.sheetnames
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type in ("s", "n") for c in cells), {c.data_type for c in cells}
    survey = wb["แบบวัด 2569"]
    heads = [c.value for c in survey[2]]
    flagged = [survey.cell(r, heads.index("EIT ครบหรือไม่") + 1) for r in range(3, 10)]
    assert [c.value for c in flagged if c.fill.fgColor.rgb.endswith("FFC7CE")] == ["ขาด 102"]
    groups_sheet = wb["กลุ่มเขต 2569"]
    assert len(groups_sheet._charts) == 1
    notes = [c.value for c in groups_sheet["A"] if isinstance(c.value, str)]
    assert any("ปทุมวัน" in n and "disputed" in n for n in notes)
    calendar = wb["กำหนดการ 2568"]
    said = [c.value for c in calendar["A"] if isinstance(c.value, str)]
    assert any(s.startswith("ถัดไป ปีงบประมาณ 2568: ป.ป.ช. ประกาศผล") for s in said)
    for name in ("groups", "targets", "survey", "documents", "calendar"):
        text = (out / f"ita-summary-{name}.csv").read_bytes().decode("utf-8-sig")
        assert text.startswith("ปีงบประมาณ,"), name


# --------------------------------------------------------------------------- hostile builds


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Failed workbooks beside built ones: two for Bang Rak 2569 (one with a negative survey
    figure), Dusit with a minimum of 0, a district not in the list, Sathon built with only
    its replies."""
    folder = tmp_path_factory.mktemp("hostile")
    _workbook(folder, "บางรัก", 2569, "0", iit_replies=-5, iit_minimum=200)
    shutil.move(folder / "ita-บางรัก-2569.xlsx", folder / "a-บางรัก.xlsx")
    _workbook(folder, "บางรัก", 2569, "1.00", iit_replies=300, iit_minimum=200)
    _workbook(folder, "ดุสิต", 2569, "2.00", eit_replies=0, eit_minimum=0)
    _workbook(folder, "ดินแดง", 2569, "1.00")  # twice, only the second with figures
    shutil.move(folder / "ita-ดินแดง-2569.xlsx", folder / "a-ดินแดง.xlsx")
    _workbook(folder, "ดินแดง", 2569, "1.00", iit_replies=10, iit_minimum=20)
    _workbook(folder, "สาทร", 2569, "2.00", iit_replies=50)
    fake = _workbook(folder, "บางบอน", 2569, "1.00")

    def rename(wb):
        for row in wb[schema.UNIT.name].iter_rows():
            for cell in row:
                if cell.value == "บางบอน":
                    cell.value = "เขตปลอม"

    edit(fake, rename)
    out = folder / "out"
    report = build([folder], out, jobs=2, today=TODAY)
    assert {o.path.name: str(o.status) for o in report} == {
        "a-บางรัก.xlsx": "failed", "ita-บางรัก-2569.xlsx": "failed",
        "a-ดินแดง.xlsx": "failed", "ita-ดินแดง-2569.xlsx": "failed",
        "ita-ดุสิต-2569.xlsx": "failed", "ita-สาทร-2569.xlsx": "built",
        "ita-บางบอน-2569.xlsx": "failed"}
    return report, out


def test_a_failed_workbook_s_survey_figures_are_not_shown(hostile):
    """A workbook that failed its checks (a negative count, a minimum of 0, a duplicate)
    gives no survey figures: they would be presented as the district's ("ครบ" against a
    minimum of 0), and of two workbooks of one district the first read would win."""
    report, out = hostile
    survey = _table(summary_tables(list(report), out, TODAY), "survey", 2569)
    backwards = _table(summary_tables(list(report)[::-1], out, TODAY), "survey", 2569)
    assert backwards.frame.equals(survey.frame) and backwards.notes == survey.notes
    rows = {r["สำนักงานเขต"]: r for r in _rows(survey)}
    for district in ("บางรัก", "ดุสิต", "ดินแดง"):
        row = rows[district]
        assert [row[c] for c in ("IIT ผู้ตอบ", "IIT ขั้นต่ำ", "EIT ผู้ตอบ", "EIT ขั้นต่ำ")] == \
            [None] * 4, district
        assert row["IIT ครบหรือไม่"] == row["EIT ครบหรือไม่"] == ""
    assert rows["สาทร"]["IIT ผู้ตอบ"] == 50 and rows["สาทร"]["IIT ครบหรือไม่"] == ""
    assert not survey.marked
    assert all(d in survey.notes[-1].th for d in ("บางรัก", "ดุสิต", "ดินแดง"))
    assert "Din Daeng" in survey.notes[-1].en and "Dusit" not in survey.notes[-1].th
    assert "failed" in survey.notes[-1].en


def test_a_name_not_in_the_district_list_is_not_counted_as_a_district(hostile):
    """A failed workbook whose district is not one of the 50 is in the status table, not a
    row of the documents, survey or calendar tables (nor in their counts)."""
    report, out = hostile
    tables = summary_tables(list(report), out, TODAY)
    for key in ("survey", "documents"):
        assert "เขตปลอม" not in _table(tables, key, 2569).frame["สำนักงานเขต"].tolist(), key
    calendar = {r["รายการ"]: r for r in _rows(_table(tables, "calendar", 2569))}
    order = calendar["คำสั่งแต่งตั้งคณะกรรมการและคณะทำงาน ITA"]
    assert order["เขตที่มีเอกสารแล้ว"] == "1 / 4"  # สาทร of ดุสิต, ดินแดง, บางรัก, สาทร
    assert "เขตปลอม" not in order["เขตที่ยังไม่มีเอกสาร"]
    assert "เขตปลอม" in str(_rows(tables[-1]))  # the status table names it


def test_the_weakest_indicator_is_the_lowest_exact_mean_not_a_rounded_tie(districts):
    """Indicator 7's mean is 80.01 and 8's 80.005: both show as 80.01, but 8 is weaker."""
    report, out = districts
    rest = {n: "90.00" for n in range(1, 11)}
    changed = {"ดุสิต": {**rest, 7: "80.01", 8: "80.01"},
               "พระนคร": {**rest, 7: "80.01", 8: "80.00"}}
    outcomes = [dataclasses.replace(o, indicators=changed[o.district])
                if o.fiscal_year == 2569 and o.district in changed else o for o in report]
    rows = {r["กลุ่มเขต"]: r for r in _rows(_table(summary_tables(outcomes, out, TODAY),
                                                   "groups", 2569))}
    central = rows["กรุงเทพกลาง"]
    assert central["ตัวชี้วัดที่อ่อนที่สุด"] == "8. การปรับปรุงระบบการทำงาน"
    assert central["ค่าเฉลี่ยของตัวชี้วัดนั้น"] == Decimal("80.01")


def test_a_table_the_new_summary_lacks_leaves_no_csv_of_an_earlier_build(tmp_path, districts):
    """The next build of the folder has no survey figures, then no district gets through:
    the CSV files of the tables it no longer has are not left beside the new summary with
    the earlier build's rows."""
    from itadocs.build.report import Status
    from itadocs.build.summary import CSV_NAMES, write_summary

    report, _ = districts
    write_summary(list(report), tmp_path, TODAY)
    assert all((tmp_path / name).is_file() for name in CSV_NAMES.values())
    write_summary([o for o in report if o.fiscal_year == 2568], tmp_path, TODAY)
    assert not (tmp_path / "ita-summary-survey.csv").exists()  # no 2568 district typed one
    ranking = (tmp_path / "ita-summary.csv").read_text(encoding="utf-8-sig")
    assert "2568," in ranking and "2569," not in ranking
    failed = [dataclasses.replace(o, status=Status.FAILED, total="", level="", tools={})
              for o in report]
    written = write_summary(failed, tmp_path, TODAY)
    left = {p.name for p in tmp_path.glob("ita-summary*")}
    assert left == {p.name for p in written}
    assert "ita-summary.csv" not in left and "ita-summary-status.csv" in left

# --------------------------------------------------------------------------- bad data files


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data files that a test edits; the cached groups and years are read
    from it, and forgotten after."""
    from itadocs.build import central

    copy = tmp_path / "data"
    (copy / "central").mkdir(parents=True)
    shutil.copy(DATA / "groups.toml", copy / "groups.toml")
    for year in (2568, 2569, 2570):
        shutil.copy(DATA / "central" / f"{year}.toml", copy / "central" / f"{year}.toml")
    central.groups.cache_clear()
    central.central_year.cache_clear()
    monkeypatch.setattr(central, "_data", lambda name: copy / name)
    yield copy
    central.groups.cache_clear()
    central.central_year.cache_clear()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(call) -> tuple[str, str]:
    from itadocs.exceptions import ItadocsError

    with pytest.raises(ItadocsError) as caught:
        call()
    return caught.value.message_th, caught.value.message_en


def test_a_groups_file_that_is_not_toml_is_named_with_what_is_wrong(data_copy):
    _replace(data_copy / "groups.toml", "order = [", "order = [[")
    th, en = _refused(groups)
    assert "itadocs/data/groups.toml" in th and "itadocs/data/groups.toml" in en
    assert "TOML" in th and "line 15" in en


def test_a_district_in_two_groups_is_named_with_both(data_copy):
    _replace(data_copy / "groups.toml", '"บางรัก" = "กรุงเทพใต้"',
             '"บางรัก" = "กรุงเทพใต้"\n"บางรัก" = "กรุงเทพกลาง"')
    th, en = _refused(groups)
    assert "itadocs/data/groups.toml" in th and "itadocs/data/groups.toml" in en
    assert "บางรัก" in th and "กรุงเทพใต้" in th and "กรุงเทพกลาง" in th
    assert "two groups" in en and "บางรัก" in en


def test_a_target_level_no_framework_has_is_named(data_copy):
    _replace(data_copy / "central" / "2568.toml", '\nlevel_at_least = "ผ่านดี"',
             '\nlevel_at_least = "ดีมาก"')
    th, en = _refused(lambda: central_year(2568))
    assert "itadocs/data/central/2568.toml" in th and "itadocs/data/central/2568.toml" in en
    assert "targets[2] (all_good)" in th and "targets[2] (all_good)" in en
    assert "ดีมาก" in th and "ผ่านดีเยี่ยม" in th and "level_at_least" in en



@pytest.mark.parametrize("old, new, entry", [
    ("fiscal_year = 2568", 'fiscal_year = 2568\ncalendar = ["briefing"]', "calendar[0]"),
    ("fiscal_year = 2568", 'fiscal_year = 2568\ntargets = "kpi_aa"', "targets:"),
    ('\ntotal_at_least = "95.00"', '\ntotal_at_least = "950.0"', "targets[0] (kpi_aa)"),
    ("districts = 25", "districts = 250", "targets[1] (aa_25)"),
])
def test_a_year_file_s_entry_of_the_wrong_shape_is_named(data_copy, old, new, entry):
    """An entry that is not a table (the calendar typed as a list of words, the targets as
    a word), a target above 100 points or above the number of districts: the file and the
    entry are named."""
    path = data_copy / "central" / "2568.toml"
    if entry.startswith("calendar"):
        path.write_text(path.read_text(encoding="utf-8").replace("[[calendar]]", "[[notes]]"),
                        encoding="utf-8")
    if entry.startswith("targets:"):
        path.write_text(path.read_text(encoding="utf-8").replace("[[targets]]", "[[notes]]"),
                        encoding="utf-8")
    _replace(path, old, new)
    th, en = _refused(lambda: central_year(2568))
    assert "itadocs/data/central/2568.toml" in th and "itadocs/data/central/2568.toml" in en
    assert entry in th and entry in en

# --------------------------------------------------------------------------- the workbook


def test_the_survey_cells_are_read_and_checked(tmp_path):
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data(iit_replies=633, iit_minimum=589,
                                                             eit_replies=398, eit_minimum=0))
    data, _ = read_workbook(path)
    assert data.unit.survey() == {"iit_replies": 633, "iit_minimum": 589,
                                  "eit_replies": 398, "eit_minimum": 0}
    report = check_workbook(path)
    problems = [(p.code, p.where()) for p in report.problems if p.code == "survey_count"]
    where = data.where("unit.eit_minimum")
    assert problems == [("survey_count", f"{where[0]}!{where[1]}")]
    assert "EIT minimum" in next(p for p in report.problems if p.code == "survey_count"
                                 ).message.en


@pytest.mark.parametrize("version", [3, 4])
def test_a_workbook_without_the_survey_rows_reads_as_before(tmp_path, version):
    """A version 3 workbook has no survey rows; a version 4 one may have lost them: both
    are read and built without a problem."""
    path = write_workbook(tmp_path / "br.xlsx", bangrak_data())
    before = check_workbook(path)

    def without_survey(wb):
        ws = wb[schema.UNIT.name]
        rows = [c.row for c in ws["B"] if str(c.value or "").startswith(("IIT ", "EIT "))]
        assert len(rows) == 4
        ws.delete_rows(rows[0], len(rows))
        wb[schema.META_SHEET]["B1"] = version

    edit(path, without_survey)
    after = check_workbook(path)
    assert after.problems == before.problems == []
    assert after.data.unit.survey() == {} and after.data.template_version == version
    assert build([path], tmp_path / "out").exit_code == 0


def test_the_example_stays_readable_and_carry_over_clears_the_survey(tmp_path):
    assert check_workbook(EXAMPLE).ok  # version 3, without the survey's rows
    last = bangrak_data(iit_replies=633, iit_minimum=589)
    carried = carry_over(last, None, 2570)
    assert carried.data.unit.survey() == {}
    assert any("IIT/EIT" in line.th for line in carried.report.of_kind("cleared"))


# --------------------------------------------------------------------------- the web page


def test_the_central_office_s_page_and_its_summary_workbook(tmp_path, districts):
    from starlette.testclient import TestClient

    from itadocs.web.app import create_app
    from itadocs.web.settings import Settings
    from tests.helpers import token, upload

    folder = tmp_path / "in"
    folder.mkdir()
    paths = [_workbook(folder, "ดุสิต", 2569, "5.00", eit_replies=398, eit_minimum=500),
             _workbook(folder, "บางกะปิ", 2569, "-3.00"),
             _workbook(folder, "สาทร", 2569, "6.00")]
    base = "http://127.0.0.1:8000"
    app = create_app(Settings(root=tmp_path / "root", pdf=False, batch_jobs=1,
                              today=dt.date(2026, 3, 1)))
    try:
        with TestClient(app, base_url=base) as client:
            page = client.post("/batch", data={"csrf": token(client)},
                               files=[("workbooks", upload(p)) for p in paths])
            status = str(page.url).removeprefix(base) + "/status"
            for _ in range(300):
                if client.get(status).json()["finished"]:
                    break
                time.sleep(0.2)
            done = client.get(str(page.url))
            link = re.search(r'id="central" href="(/central/[^"]+)"', done.text)[1]
            central = client.get(link)
            html = central.text
            assert central.status_code == 200
            # what is due next, this fiscal year (2569 on 1 March 2026), as an estimate
            due = re.search(r'id="due-next">(.*?)</ul>', html, re.S)[1]
            assert "30 เม.ย. 2569" in due and "unconfirmed (an estimate)" in due
            # the chart of totals by group, described for a reader that does not see it
            assert '<svg viewBox="0 0 400' in html and 'role="img"' in html
            desc = re.search(r"<desc [^>]*>(.*?)</desc>", html, re.S)[1]
            assert "กรุงเทพกลาง 95.50 (1 เขต)" in desc and "South Bangkok 96.10" in desc
            # the tables, Thai and English headers
            for th, en in (("กลุ่มเขต", "District group"), ("เป้าหมาย", "Target"),
                           ("EIT ครบหรือไม่", "EIT enough?"),
                           ("เลยกำหนดแล้วยังไม่มี", "Past due, not there")):
                assert re.search(rf'<span class="th">{re.escape(th)}</span> '
                                 rf'<span class="en">{re.escape(en)}</span>', html), th
            assert "ขาด 102" in html
            # the summary workbook on its own
            got = client.get(re.search(r'id="summary-download" href="([^"]+)"', html)[1])
            assert got.status_code == 200
            assert "ita-summary.xlsx" in got.headers["content-disposition"]
            saved = tmp_path / "summary.xlsx"
            saved.write_bytes(got.content)
            wb = openpyxl.load_workbook(saved)
            assert {"กลุ่มเขต 2569", "เป้าหมาย 2569", "แบบวัด 2569", "เอกสาร 2569",
                    "กำหนดการ 2569"} <= set(wb.sheetnames)
            assert unexplained(saved) == []
            # another session's token opens nothing
            assert TestClient(app, base_url=base).get(link).status_code == 404
    finally:
        app.close()
