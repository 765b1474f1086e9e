"""The converters of one cell's value, tested with plain values (no workbook, no openpyxl)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest

from itadocs.exceptions import Severity
from itadocs.reading.cellvalues import (
    CellError,
    Formula,
    cell_text,
    convert,
    leading_int,
    to_date,
    to_digit_style,
    to_framework_year,
    to_int,
    to_score,
)

LABELS = ("คะแนน", "score")


def test_score_reads_thai_digits_and_text():
    assert to_score("๙๕.๙๕", LABELS) == Decimal("95.95")
    assert to_score(" 95,5 ", LABELS) == Decimal("95.5")


def test_score_that_is_not_a_number_raises_with_both_messages():
    with pytest.raises(CellError) as err:
        to_score("ดีมาก", LABELS)
    assert err.value.code == "not_a_number"
    assert err.value.th.startswith("คะแนน: 'ดีมาก' ไม่ใช่ตัวเลข")
    assert err.value.en.startswith("score: 'ดีมาก' is not a number")
    problem = err.value.at("คะแนน", "C5")
    assert (problem.severity, problem.sheet, problem.cell) == (Severity.ERROR, "คะแนน", "C5")


def test_integer_rules():
    assert to_int("๑๒", LABELS) == 12
    with pytest.raises(CellError, match="whole number"):
        to_int("12.5", LABELS)
    with pytest.raises(CellError) as err:
        to_int("1234567890", LABELS)
    assert err.value.code == "implausible_number"


def test_date_text_and_refusal():
    assert to_date("5 กุมภาพันธ์ 2568", LABELS) == dt.date(2025, 2, 5)
    with pytest.raises(CellError) as err:
        to_date("31/02/2568", LABELS)
    assert err.value.code == "not_a_date"


def test_convert_blank_text_year_and_formula():
    assert convert("score", "  ", LABELS) == (None, [])
    assert convert("text", 12.0, LABELS) == ("12", [])
    value, notes = convert("year", 2025, LABELS)
    assert value == 2568 and [n.code for n in notes] == ["year_in_ce"]
    assert notes[0].severity is Severity.WARNING
    assert convert("score", Formula("=95.95"), LABELS) == (Decimal("95.95"), [])
    with pytest.raises(CellError) as err:
        convert("score", Formula("=A1+1"), LABELS)
    assert err.value.code == "formula"
    text, notes = convert("text", "ab\x01c", LABELS)
    assert text == "abc" and [n.code for n in notes] == ["illegal_character"]


def test_cell_text_and_leading_int():
    assert cell_text(dt.date(2025, 2, 5)) == "5 กุมภาพันธ์ 2568"
    assert cell_text(True) == "TRUE"
    assert leading_int("ตัวชี้วัดที่ ๓ การใช้อำนาจ") == 3
    assert leading_int("abc") is None


def test_form_choices():
    choices = {"เลขไทย": "thai", "เลขอารบิก": "arabic"}
    assert to_digit_style(" เลขอารบิก ", choices) == "arabic"
    assert to_digit_style("thai", choices) == "thai"
    with pytest.raises(CellError, match="digits style 'โรมัน'"):
        to_digit_style("โรมัน", choices)
    assert to_framework_year("๒๕๖๗") == 2567
    with pytest.raises(CellError, match="framework year"):
        to_framework_year("ปีนี้")


def test_converters_need_no_openpyxl():
    code = "import sys, itadocs.reading.cellvalues; assert 'openpyxl' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
