"""Workbooks that are valid files but unusual: saved as Strict Open XML, counting dates from
1904, a text longer than an Excel cell holds, a 29 February of a year that has none, NACC's
total typed with a zero too many. Each is read right or named with its cell; never a wrong
document, never a message about something else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from itadocs.pipeline import check_workbook
from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import (
    bangrak_data,
    date_system_1904,
    itadocs,
    set_cells,
    set_raw_cell,
    shared_string,
    snapshot,
    strict_ooxml,
)


def test_a_strict_open_xml_workbook_is_named_as_such(bangrak, tmp_path):
    strict_ooxml(bangrak)
    result = itadocs("check", bangrak)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    out = result.stdout + result.stderr
    assert "is saved as a Strict Open XML Spreadsheet, which itadocs cannot read" in out
    assert "Save As > Excel Workbook (.xlsx)" in out and "Strict Open XML" in out
    assert "missing" not in out and "ไม่พบแผ่นงาน" not in out
    built = itadocs("build", bangrak, "-o", tmp_path / "out")
    assert built.returncode == 2 and "Strict Open XML" in built.stderr
    assert not snapshot(tmp_path / "out")


def test_dates_of_a_1904_workbook(bangrak):
    """A date typed as a number (a serial) counts from the workbook's own epoch: 3 November
    2025 is 44,502 in the 1904 system, and would be 2 November 2021 read as 1900's."""
    where = check_workbook(bangrak).data.where("order.date")
    date_system_1904(bangrak)
    serial = (dt.date(2025, 11, 3) - dt.date(1904, 1, 1)).days
    set_raw_cell(bangrak, where[0], where[1], f'<c r="{where[1]}"><v>{serial}</v></c>')
    report = check_workbook(bangrak)
    assert report.data.order.date == dt.date(2025, 11, 3)
    assert not [p for p in report.problems if p.cell == where[1]], report.problems
    assert report.ok, [p.format() for p in report.errors]


@pytest.mark.parametrize("typed", [dt.datetime(2568, 2, 29), "29/2/2568",
                                   "29 กุมภาพันธ์ 2568", "๒๙ ก.พ. ๒๕๖๘"],
                         ids=["date-cell", "slashes", "words", "thai-digits"])
def test_29_february_of_a_year_without_one(bangrak, typed):
    """พ.ศ. 2568 is ค.ศ. 2025, not a leap year (a date cell holding 2568-02-29 is valid
    to Excel, whose year 2568 is one): named as typed, never as 29 กุมภาพันธ์ 3111."""
    sheet, ref = check_workbook(bangrak).data.where("order.date")
    set_cells(bangrak, sheet, {ref: typed})
    found = [p for p in check_workbook(bangrak).errors if p.cell == ref]
    assert [p.code for p in found] == ["not_a_date"], found
    assert "there is no 29 February 2568: B.E. 2568 (CE 2025) is not a leap year" in \
        found[0].message_en
    assert "ไม่มีวันที่ 29 กุมภาพันธ์ 2568 เพราะปี พ.ศ. 2568 (ค.ศ. 2025) ไม่ใช่ปีอธิกสุรทิน" in \
        found[0].message_th
    assert "3111" not in found[0].message_th + found[0].message_en


def test_29_february_of_a_leap_year_is_a_date(bangrak):
    """พ.ศ. 2567 is ค.ศ. 2024, a leap year."""
    sheet, ref = check_workbook(bangrak).data.where("order.effective_date")
    set_cells(bangrak, sheet, {ref: "29/2/2567"})
    report = check_workbook(bangrak)
    assert report.data.order.effective_date == dt.date(2024, 2, 29)
    assert not [p for p in report.problems if p.code == "not_a_date"]


def test_a_text_longer_than_an_excel_cell_holds(tmp_path):
    """A shared string of 5 million characters passed check, then build blamed the
    template; check names the cell now, and build never starts."""
    data = bangrak_data()
    path = write_workbook(tmp_path / "w.xlsx", data)
    sheet, ref = check_workbook(path).data.where("measures[0].text")
    shared_string(path, sheet, ref, "มาตรการ" * 700_000)
    result = itadocs("check", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"[{sheet}!{ref}]" in result.stdout
    assert "the text is 4,900,000 characters long, more than an Excel cell holds (32,767)" \
        in result.stdout
    assert "เกินที่เซลล์ของ Excel เก็บได้" in result.stdout
    out = tmp_path / "out"
    built = itadocs("build", path, "-o", out)
    assert built.returncode == 1 and f"[{sheet}!{ref}]" in built.stderr
    assert "template" not in built.stderr.lower() and not snapshot(out)
    shared_string(path, sheet, ref, "ก" * 32_767)  # as long as Excel allows: read
    assert not [p for p in check_workbook(path).problems if p.code == "text_too_long"]


@pytest.mark.parametrize(("typed", "read"), [("92.840", "92.84"), ("92.8400", "92.84"),
                                             ("๙๒.๘๔๐", "92.84"), ("95.000", "95.00")])
def test_nacc_total_typed_with_trailing_zeros(bangrak, typed, read):
    sheet, ref = check_workbook(bangrak).data.where("nacc.total")
    set_cells(bangrak, sheet, {ref: typed})
    report = check_workbook(bangrak)
    assert report.data.announced.total == Decimal(read)
    assert str(report.result.total) == read
    assert not [p for p in report.problems if p.code == "score_decimals"]


def test_a_third_decimal_that_is_not_zero_is_still_named(bangrak):
    sheet, ref = check_workbook(bangrak).data.where("nacc.total")
    set_cells(bangrak, sheet, {ref: "92.845"})
    found = [p for p in check_workbook(bangrak).errors if p.code == "score_decimals"]
    assert [p.where() for p in found] == [f"{sheet}!{ref}"]
    assert schema.SCORES.name == sheet
