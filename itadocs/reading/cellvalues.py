"""What one cell holds, turned into the model's value: small pure converters that raise.

Nothing here knows openpyxl or a sheet: a converter takes the raw value a cell held (and
the Thai and English names of the value, for its messages) and returns the model's value or
raises ``CellError``. The reader catches it and records it at the sheet and cell it read
(``CellError.at``). So each rule can be tested with plain Python values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from itadocs.cleantext import (
    clean,
    codes,
    decode_escapes,
    illegal_characters,
    named,
    one_line,
    unwanted_characters,
)
from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.thai import (
    BE_OFFSET,
    MONTHS,
    TWO_PLACES,
    NoSuchDate,
    arabic_digits,
    decimals_of,
    parse_date,
    parse_number,
    thai_long_date,
    to_be_year,
)

Labels = tuple[str, str]  # the value's name in the Thai and in the English message

MAX_INT_DIGITS = 9  # an order number or a year; longer is a typo or a hostile file
MAX_TEXT = 32_767  # characters an Excel cell holds: longer never came from Excel itself
SHOWN_DIGITS = 40  # a longer number is named by its length in messages
TEXT_KINDS = ("text", "longtext", "choice", "label", "id")
NUMBER_KINDS = ("score", "int", "year", "percent", "money")


class CellError(ValueError):
    """Why a cell's value cannot be used (or, as a warning, how it was read)."""

    def __init__(self, code: ProblemCode, th: str, en: str,
                 severity: Severity = Severity.ERROR) -> None:
        super().__init__(en)
        self.code = code
        self.th = th
        self.en = en
        self.severity = severity

    def at(self, sheet: str, cell: str) -> Problem:
        """The problem, placed at the cell it was read from."""
        return Problem(self.severity, self.code, sheet, cell, Message(self.th, self.en))


# ---------------------------------------------------------------------- text


def cell_text(raw: Any) -> str:
    """A cell's value as text, as the documents print it and messages quote it."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, int) and raw.bit_length() > SHOWN_DIGITS * 3.33:
        return f"(ตัวเลข/number of ~{int(raw.bit_length() * 0.30103) + 1} digits)"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, Decimal):
        return format(raw, "f")
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        if raw.year > 2400:  # a พ.ศ. year typed into a date cell: shown as typed
            return f"{raw.day} {MONTHS[raw.month - 1]} {raw.year}"
        return thai_long_date(raw)
    return clean(str(raw))


def shown(raw: Any, limit: int = 60) -> str:
    """A value as a message quotes it: a very long one is cut, saying how long it was."""
    text = cell_text(raw)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} ตัวอักษร/characters)"


def plain_label(label: str) -> str:
    """A column or field label without the ``*`` that marks it required."""
    return label.replace("*", "").strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not clean(value))


def normal_key(value: Any) -> str:
    """A header or key as compared: cleaned, spaces collapsed, lower case."""
    return one_line(clean(str(value))).lower() if value is not None else ""


def leading_int(value: Any) -> int | None:
    """The number an indicator or section choice starts with ("ตัวชี้วัดที่ 3 ...", "๔.")."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    m = re.match(r"\s*(?:ตัวชี้วัดที่\s*)?([0-9๐-๙]{1,2})(?![0-9๐-๙])", str(value))
    return int(arabic_digits(m[1])) if m else None


def unwanted_text(raw: str, labels: Labels) -> CellError | None:
    """The warning for invisible characters a document never needs (``clean`` removes them):
    bidirectional controls that reorder what is shown, joiners, a byte-order mark."""
    chars = unwanted_characters(decode_escapes(raw))
    if not chars:
        return None
    return CellError(
        ProblemCode.INVISIBLE_CHARACTER,
        f"{labels[0]}: ข้อความมีอักขระที่มองไม่เห็น ({named(chars)}) จึงตัดออก "
        "กรุณาตรวจข้อความในช่องนี้ (อาจคัดลอกมาจากเว็บไซต์หรือไฟล์อื่น)",
        f"{labels[1]}: the text holds invisible characters ({named(chars)}); they were "
        "removed, check the text of this cell (perhaps pasted from a web page or a file)",
        Severity.WARNING,
    )


def illegal_text(raw: str, labels: Labels) -> CellError | None:
    """The warning for characters a Word document cannot hold (``clean`` removes them)."""
    chars = illegal_characters(raw)
    if not chars:
        return None
    return CellError(
        ProblemCode.ILLEGAL_CHARACTER,
        f"{labels[0]}: ข้อความมีอักขระที่ใส่ในเอกสาร Word ไม่ได้ ({codes(chars)}) "
        "จึงตัดออก กรุณาตรวจข้อความในช่องนี้",
        f"{labels[1]}: the text holds characters a Word document cannot hold "
        f"({codes(chars)}); they were removed, check the text of this cell",
        Severity.WARNING,
    )


# ---------------------------------------------------------------------- formulas


class Formula(str):
    """A cell's formula (openpyxl's data type "f"), unlike text that merely starts with =."""


def is_formula(value: Any) -> bool:
    if isinstance(value, Formula):
        return len(value) > 1
    return type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def formula_constant(kind: str, raw: Any, labels: Labels) -> str:
    """Formulas are not trusted: a number kind's constant (``=95.95``) is returned as text
    to convert as typed; anything else raises."""
    text = str(getattr(raw, "text", raw)).lstrip("=").strip()
    if kind in NUMBER_KINDS:
        try:
            parse_number(text)
        except ValueError:
            pass
        else:
            return text
    raise CellError(
        ProblemCode.FORMULA,
        f"{labels[0]}: ช่องนี้เป็นสูตร (={text[:80]}) กรุณาพิมพ์ค่าแทนสูตร",
        f"{labels[1]}: the cell holds a formula (={text[:80]}); type the value instead",
    )


# ---------------------------------------------------------------------- numbers and dates


def to_score(raw: Any, labels: Labels) -> Decimal:
    """A score; zeros typed after its two decimals ("92.840") say nothing and are dropped
    (NACC's figures have two decimals; a third that is not 0 is the check's to name)."""
    try:
        number = parse_number(raw)
        if abs(number) >= 10**6:
            raise ValueError("not a plausible score")
        if decimals_of(number) > 2 and number == number.quantize(TWO_PLACES):
            return number.quantize(TWO_PLACES)
        return number
    except ValueError:
        raise CellError(
            ProblemCode.NOT_A_NUMBER,
            f"{labels[0]}: '{shown(raw)}' ไม่ใช่ตัวเลข กรุณาพิมพ์คะแนนเป็นตัวเลข เช่น 95.95",
            f"{labels[1]}: '{shown(raw)}' is not a number; type the score, e.g. 95.95",
        ) from None


def to_percent(raw: Any, labels: Labels) -> Decimal:
    """A percentage typed as 75, 75.5, "๗๕", "75%" (the range is checked by the checks)."""
    text = raw.strip().removesuffix("%").strip() if isinstance(raw, str) else raw
    try:
        number = parse_number(text)
        if abs(number) >= 10**6:
            raise ValueError("not a plausible percentage")
        return number
    except ValueError:
        raise CellError(
            ProblemCode.NOT_A_NUMBER,
            f"{labels[0]}: '{shown(raw)}' ไม่ใช่ตัวเลข พิมพ์ร้อยละเป็นตัวเลข 0-100 เช่น 100",
            f"{labels[1]}: '{shown(raw)}' is not a number; type the percentage, 0-100, "
            "e.g. 100",
        ) from None


_BAHT = re.compile(r"\s*(บาท|baht)\s*$", re.IGNORECASE)


def to_money(raw: Any, labels: Labels) -> Decimal:
    """An amount in baht typed as 3500, "3,500.00", "๓,๕๐๐ บาท"; never negative."""
    text = _BAHT.sub("", raw) if isinstance(raw, str) else raw
    try:
        number = parse_number(text)
    except ValueError:
        number = None
    if number is None or number < 0:
        raise CellError(
            ProblemCode.NOT_A_NUMBER,
            f"{labels[0]}: '{shown(raw)}' ไม่ใช่จำนวนเงิน พิมพ์เป็นตัวเลขบาท (ไม่ติดลบ) เช่น 3,500",
            f"{labels[1]}: '{shown(raw)}' is not an amount; type the baht as a number "
            "(not negative), e.g. 3,500",
        )
    if number >= 10**12:
        raise CellError(
            ProblemCode.IMPLAUSIBLE_NUMBER,
            f"{labels[0]}: {number:,.2f} บาท มากเกินจริง (ตั้งแต่ล้านล้านบาทขึ้นไป) "
            "ตรวจสอบจำนวนเงินอีกครั้ง",
            f"{labels[1]}: {number:,.2f} baht is beyond belief (a million million or more); "
            "check the amount",
        )
    return number


def to_int(raw: Any, labels: Labels) -> int:
    try:
        number = parse_number(raw)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value():
        raise CellError(
            ProblemCode.NOT_AN_INTEGER,
            f"{labels[0]}: '{shown(raw)}' ต้องเป็นจำนวนเต็ม",
            f"{labels[1]}: '{shown(raw)}' must be a whole number",
        )
    if number.adjusted() >= MAX_INT_DIGITS:
        raise CellError(
            ProblemCode.IMPLAUSIBLE_NUMBER,
            f"{labels[0]}: '{shown(raw)}' ยาวเกินกว่าจะเป็นค่าที่ถูกต้อง",
            f"{labels[1]}: '{shown(raw)}' is too long to be a real value",
        )
    return int(number)


def is_ce_year(year: int) -> bool:
    """A year typed as ค.ศ. (read as พ.ศ., with ``ce_year_warning``)."""
    return 1900 < year < 2400


def ce_year_warning(year: int, labels: Labels) -> CellError:
    return CellError(
        ProblemCode.YEAR_IN_CE,
        f"{labels[0]}: {year} เป็นปี ค.ศ. ถือเป็น พ.ศ. {to_be_year(year)}",
        f"{labels[1]}: {year} looks like a CE year; read as B.E. {to_be_year(year)}",
        Severity.WARNING,
    )


def to_date(raw: Any, labels: Labels) -> dt.date:
    try:
        return parse_date(raw)
    except NoSuchDate as no:
        typed = f"{no.day} {MONTHS[no.month - 1]} {no.year_be}"
        typed_en = f"{no.day} {calendar.month_name[no.month]} {no.year_be}"
        why_th = why_en = ""
        if no.not_leap:
            ce = no.year_be - BE_OFFSET
            why_th = (f" เพราะปี พ.ศ. {no.year_be} (ค.ศ. {ce}) ไม่ใช่ปีอธิกสุรทิน "
                      "เดือนกุมภาพันธ์มี 28 วัน")
            why_en = (f": B.E. {no.year_be} (CE {ce}) is not a leap year, February has 28 "
                      "days")
        raise CellError(
            ProblemCode.NOT_A_DATE,
            f"{labels[0]}: '{shown(raw)}' ไม่ใช่วันที่ที่ถูกต้อง ไม่มีวันที่ {typed}{why_th} "
            "ตรวจสอบวันที่",
            f"{labels[1]}: '{shown(raw)}' is not a valid date: there is no {typed_en}{why_en}; "
            "check the date",
        ) from None
    except (ValueError, OverflowError):
        raise CellError(
            ProblemCode.NOT_A_DATE,
            f"{labels[0]}: '{shown(raw)}' ไม่ใช่วันที่ที่ถูกต้อง พิมพ์เช่น 5 กุมภาพันธ์ 2568 "
            "หรือ 5/2/2568",
            f"{labels[1]}: '{shown(raw)}' is not a valid date; type e.g. "
            "'5 กุมภาพันธ์ 2568' or 5/2/2568 (day/month/B.E. year)",
        ) from None


def to_digit_style(value: Any, choices: Mapping[str, str]) -> str:
    """"thai" or "arabic" from the dropdown's words (``choices``) or the keys themselves."""
    typed = str(value).strip()
    mapped = choices.get(typed)
    if mapped is None and typed in ("thai", "arabic"):
        mapped = typed
    if mapped is None:
        raise CellError(
            ProblemCode.BAD_CHOICE,
            f"รูปแบบตัวเลข '{value}' ไม่อยู่ในรายการ (เลขไทย หรือ เลขอารบิก)",
            f"digits style '{value}' is not one of เลขไทย (Thai) / เลขอารบิก (Arabic)",
        )
    return mapped


def to_framework_year(value: Any) -> int:
    try:
        return int(arabic_digits(str(value)).strip())
    except ValueError:
        raise CellError(
            ProblemCode.BAD_CHOICE,
            f"ปีของเกณฑ์การประเมิน '{value}' ไม่ถูกต้อง",
            f"framework year '{value}' is not a year",
        ) from None


CONVERTERS: dict[str, Callable[[Any, Labels], Any]] = {
    "score": to_score,
    "int": to_int,
    "year": to_int,  # then read as B.E. (see is_ce_year)
    "date": to_date,
    "percent": to_percent,
    "money": to_money,
}


def convert(kind: str, raw: Any, labels: Labels) -> tuple[Any, list[CellError]]:
    """A cell's raw value as the model's type (None for a blank cell) and the warnings about
    how it was read; raises ``CellError`` when it cannot be read. ``kind`` is a schema kind."""
    if is_formula(raw):
        raw = formula_constant(kind, raw, labels)
    if is_blank(raw):
        return None, []
    if kind in TEXT_KINDS:
        if isinstance(raw, str) and len(raw) > MAX_TEXT:
            raise CellError(
                ProblemCode.TEXT_TOO_LONG,
                f"{labels[0]}: ข้อความยาว {len(raw):,} ตัวอักษร เกินที่เซลล์ของ Excel เก็บได้ "
                f"({MAX_TEXT:,}) ไฟล์นี้ไม่ได้บันทึกด้วย Excel ตามปกติ ย่อข้อความหรือแบ่งเป็นหลายแถว",
                f"{labels[1]}: the text is {len(raw):,} characters long, more than an Excel "
                f"cell holds ({MAX_TEXT:,}); this file was not saved by Excel as such: "
                "shorten it or split it over several rows",
            )
        if not isinstance(raw, str):
            return cell_text(raw), []
        found = [e for e in (illegal_text(raw, labels), unwanted_text(raw, labels)) if e]
        return cell_text(raw), found
    value = CONVERTERS[kind](raw, labels)
    if kind == "year" and is_ce_year(value):
        return to_be_year(value), [ce_year_warning(value, labels)]
    return value, []
