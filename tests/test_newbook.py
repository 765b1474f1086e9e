"""``itadocs new`` never loses last year's workbook and carries only what it can: the new
workbook is never written over the one it comes from (``--force`` included, under any
name of that file), and a workbook not made by itadocs, or one that names no year or
district, is refused saying what it lacks."""

from __future__ import annotations

import os

import openpyxl
import pytest

from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data, itadocs


@pytest.mark.parametrize("name", ["same", "relative", "link"])
def test_new_from_itself_never_replaces_last_years_workbook(tmp_path, name):
    last = write_workbook(tmp_path / "ita-2569.xlsx", bangrak_data())
    before = last.read_bytes()
    target = {"same": last, "relative": tmp_path / "." / "sub" / ".." / last.name,
              "link": tmp_path / "also.xlsx"}[name]
    (tmp_path / "sub").mkdir()
    if name == "link":
        os.link(last, target)
    result = itadocs("new", target, "--from", last, "--force", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the new workbook is never written over the one it comes from" in result.stderr
    assert "จะไม่เขียนสมุดงานใหม่ทับสมุดงานเดิม" in result.stderr
    assert last.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"ita-2569.xlsx", "sub", *(["also.xlsx"] if name == "link" else [])})


def test_new_from_a_workbook_not_made_by_itadocs(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "ปีงบประมาณ"
    wb.active["B1"] = 2568
    wb.save(tmp_path / "someone-elses.xlsx")
    result = itadocs("new", tmp_path / "ita-2569.xlsx", "--from", tmp_path / "someone-elses.xlsx")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "None" not in result.stdout + result.stderr
    assert "someone-elses.xlsx was not made with itadocs (it has no template version stamp)" \
        in result.stderr
    assert "ไม่ใช่สมุดงานที่สร้างด้วย itadocs" in result.stderr
    assert not (tmp_path / "ita-2569.xlsx").exists()


def test_new_from_a_blank_itadocs_workbook_asks_for_the_year_and_district(tmp_path):
    blank = tmp_path / "blank.xlsx"
    assert itadocs("new", blank).returncode == 0
    result = itadocs("new", tmp_path / "next.xlsx", "--from", blank)
    assert result.returncode == 1 and "None" not in result.stdout + result.stderr
    assert "blank.xlsx has no fiscal year (หน่วยงาน!C5)" in result.stderr, result.stderr
    assert "give --year" in result.stderr and "ระบุด้วย --year" in result.stderr
    result = itadocs("new", tmp_path / "next.xlsx", "--from", blank, "--year", "2569")
    assert result.returncode == 1 and "has no district" in result.stderr
    assert "give --district" in result.stderr
    result = itadocs("new", tmp_path / "next.xlsx", "--from", blank, "--year", "2569",
                     "--district", "บางรัก")
    assert result.returncode == 0, result.stderr
    assert "เขตบางรัก ปีงบประมาณ 2569" in result.stdout and "None" not in result.stdout
