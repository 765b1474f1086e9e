"""Thai digits, Buddhist-era dates and lenient number parsing."""

import datetime as dt
from decimal import Decimal

import pytest

from itadocs.thai import (
    fiscal_year_bounds,
    fiscal_year_of,
    fmt2,
    parse_date,
    parse_number,
    thai_date,
    thai_digits,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("95.95", "95.95"), ("๙๕.๙๕", "95.95"), (" 95.95 ", "95.95"), ("๙๕,๕", "95.5"),
        ("95,50", "95.50"), ("1,234.50", "1234.50"), (95.95, "95.95"), (100, "100"),
        ("9 5 . 9 5", "95.95"), ("\u00a095.95", "95.95"),
    ],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["", "abc", "95.9.5", "ดี", True, "1,2,3"])
def test_parse_number_rejects(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


def test_float_from_spreadsheet_keeps_typed_decimals():
    assert parse_number(80.91) == Decimal("80.91")
    assert fmt2(Decimal("92.835")) == "92.84"


@pytest.mark.parametrize(
    "raw",
    ["5 กุมภาพันธ์ 2568", "๕ กุมภาพันธ์ ๒๕๖๘", "5 ก.พ. 2568", "5/2/2568", "05-02-2568",
     "2025-02-05", "2568-02-05", dt.date(2025, 2, 5), dt.datetime(2025, 2, 5, 0, 0),
     45693, "วันที่ 5 กุมภาพันธ์ พ.ศ. 2568", dt.date(2568, 2, 5)],
)
def test_parse_date(raw):
    assert parse_date(raw) == dt.date(2025, 2, 5)


@pytest.mark.parametrize("raw", ["31/2/2568", "5 กุมภา", "tomorrow", "2568"])
def test_parse_date_rejects(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


def test_thai_date_and_digits():
    assert thai_date(dt.date(2025, 2, 5)) == "๕ กุมภาพันธ์ ๒๕๖๘"
    assert thai_date(dt.date(2025, 2, 5), thai=False) == "5 กุมภาพันธ์ 2568"
    assert thai_digits("31/2568") == "๓๑/๒๕๖๘"


def test_fiscal_year():
    assert fiscal_year_of(dt.date(2024, 10, 1)) == 2568
    assert fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))
