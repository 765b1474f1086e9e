"""Fifty districts in one folder: the summary per fiscal year, duplicates, and a folder
built into itself."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from itadocs.build.batch import Outcome
from itadocs.build.summary import summary_tables
from itadocs.cli import main
from itadocs.workbooks.carryover import carry_over
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data

LEVELS = ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน")


def _outcome(district: str, year: int, total: str, level: str, shift: int = 0,
             previous: str = "") -> Outcome:
    """A built district as the batch reports it (no file needed)."""
    indicators = {n: f"{80 + n + shift}.50" for n in range(1, 11)}
    return Outcome(
        Path(f"ita-{district}-{year}.xlsx"), "built", district, year, total, level,
        tools={"IIT": f"{85 + shift}.00", "EIT": f"{86 + shift}.00", "OIT": f"{87 + shift}.00"},
        indicators=indicators, indicator_names={n: f"ตัวชี้วัด{n}" for n in range(1, 11)},
        previous_total=previous, levels=LEVELS,
    )


def _table(tables, key, year=None):
    return next(t for t in tables if t.key == key and t.year == year)


def test_each_year_is_ranked_on_its_own():
    outcomes = [
        _outcome("บางรัก", 2569, "90.00", "ผ่านดี", 1),
        _outcome("ดุสิต", 2569, "92.50", "ผ่านดี", 3),
        _outcome("สาทร", 2569, "90.00", "ผ่าน", 0, previous="88.00"),
        _outcome("บางรัก", 2568, "95.10", "ผ่านดีเยี่ยม", 5),
        _outcome("ดุสิต", 2568, "80.00", "ต้องปรับปรุง", -2),
    ]
    tables = summary_tables(outcomes)
    assert [t.sheet for t in tables if t.key == "ranking"] == ["อันดับ 2569", "อันดับ 2568"]
    r69 = _table(tables, "ranking", 2569).frame
    assert r69["สำนักงานเขต"].tolist() == ["ดุสิต", "บางรัก", "สาทร"]
    assert r69["อันดับ"].tolist() == [1, 2, 2]  # a tie shares its rank
    # the change: from the 2568 workbook in the build, else the workbook's own column
    assert r69["เปลี่ยนแปลง"].tolist() == [Decimal("12.50"), Decimal("-5.10"), Decimal("2.00")]
    assert r69["ที่มาของคะแนนปีก่อน"].tolist() == [
        "สมุดงานปี 2568", "สมุดงานปี 2568", "คอลัมน์ปีก่อนในสมุดงาน"]
    r68 = _table(tables, "ranking", 2568).frame
    assert r68["สำนักงานเขต"].tolist() == ["บางรัก", "ดุสิต"] and r68["อันดับ"].tolist() == [1, 2]
    levels = _table(tables, "levels", 2569).frame
    assert dict(zip(levels["ระดับ"], levels["จำนวนเขต"], strict=True)) == {
        "ผ่านดีเยี่ยม": 0, "ผ่านดี": 2, "ผ่าน": 1, "ต้องปรับปรุง": 0, "ต้องปรับปรุงโดยด่วน": 0}
    tools = _table(tables, "tools", 2569).frame.set_index("เครื่องมือ")
    assert tools.loc["IIT", "ค่าเฉลี่ย"] == Decimal("86.33")  # (86 + 88 + 85) / 3, half up
    assert tools.loc["IIT", "ต่ำสุด"] == Decimal("85.00")
    assert tools.loc["IIT", "เขตที่ต่ำสุด"] == "สาทร"
    assert tools.loc["ITA (คะแนนรวม)", "สูงสุด"] == Decimal("92.50")
    indicators = _table(tables, "indicators", 2569).frame
    assert len(indicators) == 10 and indicators["ตัวชี้วัด"].tolist() == list(range(1, 11))
    assert indicators.iloc[0]["ค่าเฉลี่ย"] == Decimal("82.83")  # 82.5, 84.5, 81.5
    weakest = _table(tables, "weakest", 2569).frame.set_index("สำนักงานเขต")
    assert weakest.loc["สาทร", "ตัวชี้วัดที่อ่อน 1"] == "1. ตัวชี้วัด1"
    assert weakest.loc["สาทร", "คะแนน 3"] == Decimal("83.50")
    assert _table(tables, "status").frame["ไฟล์"].tolist() == [o.path.name for o in outcomes]


def _district(folder: Path, district: str, year: int, bump: str = "0") -> Path:
    """A valid workbook of ``district`` for ``year`` (Bang Rak's data, carried over)."""
    data = carry_over(bangrak_data(), district, year).data
    data.unit.director_name = data.order.signer_name = "นางสาวทดสอบ ระบบดี"
    data.order.number = 3
    data.order.date = data.order.effective_date = dt.date(year - 544, 11, 3)
    data.scores = [type(s)(s.key, s.score + Decimal(bump)) for s in bangrak_data().scores]
    for s in data.scores:
        s.score = min(s.score, Decimal("100.00"))
    for analysis in data.analyses:
        analysis.text = "วิเคราะห์ผลคะแนนของตัวชี้วัด"
    return write_workbook(folder / f"ita-{district}-{year}.xlsx", data)


@pytest.fixture(scope="module")
def mixed_years(tmp_path_factory):
    """Two districts in 2568 and 2569 built as one folder."""
    folder = tmp_path_factory.mktemp("mixed")
    _district(folder, "บางรัก", 2568, "1.00")
    _district(folder, "ดุสิต", 2568, "-2.00")
    _district(folder, "บางรัก", 2569, "-1.00")
    # a file name that a spreadsheet would run as a formula
    _district(folder, "ดุสิต", 2569, "2.00").rename(folder / "=HYPERLINK(2569).xlsx")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-j", "2"])
    return result, out


def test_mixed_year_folder_has_one_ranking_per_year(mixed_years):
    result, out = mixed_years
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out / "ita-summary.xlsx")
    assert wb.sheetnames == [
        f"{name} {year}" for year in (2569, 2568) for name in (
            "อันดับ", "กลุ่มเขต", "เป้าหมาย", "ระดับ", "เครื่องมือ", "ตัวชี้วัด", "จุดอ่อน",
            "เอกสาร", "กำหนดการ")] + ["สถานะ"]
    for year in (2569, 2568):
        ws = wb[f"อันดับ {year}"]
        assert ws["A1"].value == f"อันดับคะแนน ITA ของสำนักงานเขต ปีงบประมาณ {year}"
        heads = [c.value for c in ws[2]]
        assert heads[:9] == ["อันดับ", "สำนักงานเขต", "กลุ่มเขต", "อันดับในกลุ่ม", "IIT", "EIT",
                             "OIT", "คะแนนรวม ITA", "ระดับ"]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value]
        assert [r[0] for r in rows] == [1, 2]
        assert all(str(year) in r[-1] for r in rows)  # never another year's workbook
        total = ws.cell(3, heads.index("คะแนนรวม ITA") + 1)
        assert total.data_type == "n" and total.number_format == "0.00"
        assert len(ws._charts) == 1
    r69 = wb["อันดับ 2569"]
    heads = [c.value for c in r69[2]]
    lowest = r69.cell(4, heads.index("คะแนนรวม ITA") + 1)  # rank 2: the lower total
    assert lowest.fill.fgColor.rgb.endswith("FFC7CE")
    assert r69.cell(3, heads.index("คะแนนรวม ITA") + 1).fill.fill_type is None
    change = [r69.cell(r, heads.index("เปลี่ยนแปลง") + 1).value for r in (3, 4)]
    assert sorted(change) == [-2.0, 4.0]  # Dusit +4, Bang Rak -2 against 2568's workbooks


def test_summary_csv_files_have_thai_headers(mixed_years):
    _, out = mixed_years
    text = (out / "ita-summary.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:6] == ["ปีงบประมาณ", "อันดับ", "สำนักงานเขต", "กลุ่มเขต", "อันดับในกลุ่ม",
                                 "IIT"]
    assert [(r["ปีงบประมาณ"], r["อันดับ"]) for r in rows] == [
        ("2569", "1"), ("2569", "2"), ("2568", "1"), ("2568", "2")]
    assert any(r["เปลี่ยนแปลง"] == "-2.00" for r in rows)  # a plain number, no quote
    for name, first in (("levels", "ระดับ"), ("tools", "เครื่องมือ"),
                        ("indicators", "ตัวชี้วัด"), ("weakest", "สำนักงานเขต")):
        head = (out / f"ita-summary-{name}.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
        assert head.startswith(f"ปีงบประมาณ,{first}"), head


def test_summary_text_is_never_a_formula(mixed_years):
    _, out = mixed_years
    wb = openpyxl.load_workbook(out / "ita-summary.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.value == "=HYPERLINK(2569).xlsx" for c in cells)
    assert all(c.data_type in ("s", "n") for c in cells), {c.data_type for c in cells}


# --------------------------------------------------------------------------- duplicates


def test_two_workbooks_of_one_district_and_year_fail_naming_both(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    first = _district(folder, "บางรัก", 2569)
    second = folder / "ita-บางรัก-2569-copy.xlsx"
    second.write_bytes(first.read_bytes())
    _district(folder, "ดุสิต", 2569)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert f"{second.name}, {first.name}" in result.output  # in the folder's order
    assert "Bang Rak" in result.output or "บางรัก" in result.output
    assert "none was built" in result.output and "ไม่สร้างเอกสาร" in result.output
    assert not list(out.glob("*bang-rak*"))  # neither overwrote the other: none written
    assert (out / "ita-measures-2569-dusit.docx").exists()
    status = list(csv.DictReader(io.StringIO(
        (out / "ita-summary-status.csv").read_bytes().decode("utf-8-sig"))))
    failed = {r["ไฟล์"] for r in status if r["status"] == "failed"}
    assert failed == {first.name, second.name}
    ranked = (out / "ita-summary.csv").read_bytes().decode("utf-8-sig")
    assert "ดุสิต" in ranked and "บางรัก" not in ranked  # an ambiguous district is not ranked


# --------------------------------------------------------------------------- into itself


def test_a_folder_built_into_itself_does_not_read_its_outputs(tmp_path):
    folder = tmp_path / "districts"
    folder.mkdir()
    _district(folder, "บางรัก", 2569)
    _district(folder, "ดุสิต", 2569)
    runner = CliRunner()
    for _ in range(2):  # the second run finds the first run's summary next to the workbooks
        result = runner.invoke(main, ["build", str(folder), "-o", str(folder), "-j", "2"])
        assert result.exit_code == 0, result.output
        assert "รวม 2 สมุดงาน" in result.output
        assert "ita-summary.xlsx:" not in result.output
    assert (folder / "ita-summary.xlsx").exists()
    result = runner.invoke(main, ["build", str(folder), "-o", str(folder / "out"), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "รวม 2 สมุดงาน" in result.output


def test_nothing_built_leaves_no_folder_and_no_traceback(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        (folder / name).write_bytes(b"not a workbook")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "รวม 2 สมุดงาน" in result.output
    assert not out.exists()


def test_summary_workbook_is_valid_ooxml(mixed_years):
    from tests.helpers import unexplained

    _, out = mixed_years
    assert unexplained(out / "ita-summary.xlsx") == []
