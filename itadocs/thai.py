"""Thai digits, Buddhist-era dates and lenient parsing of what staff type into cells."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

BE_OFFSET = 543  # พ.ศ. = ค.ศ. + 543

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

TWO_PLACES = Decimal("0.01")


def thai_digits(text: object) -> str:
    """Write every Arabic digit of ``text`` as a Thai digit (๐–๙)."""
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Write every Thai digit of ``text`` as an Arabic digit."""
    return text.translate(_TO_ARABIC)


def digits(text: object, thai: bool) -> str:
    """The text in the digit style the workbook asks for."""
    return thai_digits(text) if thai else arabic_digits(str(text))


def round2(value: Decimal) -> Decimal:
    """Round half up to two decimal places, as scores are published."""
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + 4)  # room for 2 decimals, however large
        return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fmt2(value: Decimal | None) -> str:
    """A score as text with exactly two decimals ("92.84"); empty for a missing score.

    Zero never prints with a sign ("-0" and "-0.001" are "0.00").
    """
    if value is None:
        return ""
    rounded = round2(value)
    return f"{abs(rounded) if rounded.is_zero() else rounded:.2f}"


_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # nikhahit (+ tone) + sara aa


def normalize(text: str) -> str:
    """One spelling for text that looks the same: NFC, and sara am typed as nikhahit + sara
    aa (ํ + า, which NFC leaves alone) written as ำ, the tone mark before it."""
    text = unicodedata.normalize("NFC", text)
    if "\u0e4d" in text:
        text = _SARA_AM.sub(lambda m: m[1] + "\u0e33", text)
    return text


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$")


def parse_number(raw: object) -> Decimal:
    """Read a number typed as a number or as text (Thai digits, spaces, commas, "๙๕,๕").

    A comma is a thousands separator when it separates groups of three digits, otherwise a
    decimal comma ("95,5" is 95.5). Raises ValueError when the value is not a number.
    Floats from the spreadsheet are taken through ``repr`` so 95.95 stays 95.95.
    """
    value = _parse_number(raw)
    return abs(value) if value.is_zero() else value  # "-0" is 0


def _parse_number(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError("boolean")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError("not finite")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError("not finite")
        return raw
    text = arabic_digits(str(raw)).strip()
    text = re.sub(r"[\s\u00a0\u200b]+", "", text)
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(f"not a number: {raw!r}")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex above prevents it
        raise ValueError(str(exc)) from exc


def decimals_of(value: Decimal) -> int:
    """How many decimal places a number was typed with (95.50 -> 2, 95.5 -> 1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def to_ce_year(year: int) -> int:
    """A year typed either as พ.ศ. or as ค.ศ., returned as ค.ศ."""
    return year - BE_OFFSET if year > 2400 else year


def to_be_year(year: int) -> int:
    """A year typed either as พ.ศ. or as ค.ศ., returned as พ.ศ."""
    return year if year > 2400 else year + BE_OFFSET


def excel_serial_to_date(serial: float, date1904: bool = False) -> dt.date:
    """An Excel date serial as a date: of the 1900 date system, or of the 1904 one (a
    workbook made on an old Mac, or with Excel's "Use 1904 date system")."""
    epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    return epoch + dt.timedelta(days=int(serial))


class NoSuchDate(ValueError):
    """A date that does not exist, as typed: 31 February, or 29 February of a year that is
    not a leap year (a พ.ศ. year is a leap year when its ค.ศ. year, 543 less, is)."""

    def __init__(self, day: int, month: int, year_be: int) -> None:
        super().__init__(f"no such date: {day}/{month}/{year_be}")
        self.day, self.month, self.year_be = day, month, year_be

    @property
    def not_leap(self) -> bool:
        """29 February of a common year."""
        return self.day == 29 and self.month == 2


def _date(year: int, month: int, day: int) -> dt.date:
    """The date of a year typed as พ.ศ. or ค.ศ.; ``NoSuchDate`` if the calendar has none."""
    try:
        return dt.date(to_ce_year(year), month, day)
    except ValueError:
        if 1 <= month <= 12 and 1 <= day <= 31 and year >= 1:
            raise NoSuchDate(day, month, to_be_year(year)) from None
        raise


def parse_date(raw: object) -> dt.date:
    """Read a date given as a date, an Excel serial, or text in Thai or ISO form.

    Accepts "5 กุมภาพันธ์ 2568", "๕ ก.พ. ๒๕๖๘", "5/2/2568" (day/month/year),
    "2025-02-05". Years above 2400 are พ.ศ. Raises ValueError otherwise.
    """
    if isinstance(raw, dt.datetime):
        return _be_guard(raw.date())
    if isinstance(raw, dt.date):
        return _be_guard(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:
            return excel_serial_to_date(raw)
        raise ValueError(f"not a date serial: {raw!r}")
    text = " ".join(arabic_digits(str(raw)).replace("\u00a0", " ").split())
    text = re.sub(r"^(วันที่|วัน)\s*", "", text)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text)
    if m:
        return _date(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{1,2})\s*(\S+?)\s*(?:พ\.ศ\.|พ\.ศ)?\s*(\d{4})", text)
    if m:
        named = _month_number(m[2])
        if named:
            return _date(int(m[3]), named, int(m[1]))
    raise ValueError(f"not a date: {raw!r}")


def _be_guard(value: dt.date) -> dt.date:
    """A date stored with a พ.ศ. year in a date cell (e.g. 2568-02-05) is brought back to ค.ศ.
    (29 February 2568 is such a cell's date, as 2568 is a leap year of the ค.ศ. calendar the
    cell keeps, but not as พ.ศ.: 2025 is not a leap year)."""
    if value.year > 2400:
        return _date(value.year, value.month, value.day)
    return value


def _month_number(name: str) -> int | None:
    name = name.strip()
    for i, (full, short) in enumerate(zip(MONTHS, MONTHS_SHORT, strict=True), start=1):
        if name in (full, short, short.replace(".", "")):
            return i
    return None


def thai_date(value: dt.date, thai: bool = True) -> str:
    """A date as official documents write it: "๕ กุมภาพันธ์ ๒๕๖๘"."""
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year + BE_OFFSET}"
    return digits(text, thai)


def thai_short_date(value: dt.date) -> str:
    """A date as a table shows it: "27 ก.พ. 2569" (Arabic digits, พ.ศ.)."""
    return f"{value.day} {MONTHS_SHORT[value.month - 1]} {value.year + BE_OFFSET}"


def thai_long_date(value: dt.date) -> str:
    """A date as staff type it in a cell: "5 กุมภาพันธ์ 2568" (Arabic digits, พ.ศ.)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year + BE_OFFSET}"


def fiscal_year_of(value: dt.date) -> int:
    """The Thai fiscal year (พ.ศ.) a date belongs to: 1 October starts the next year."""
    year = value.year + BE_OFFSET
    return year + 1 if value.month >= 10 else year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Thai fiscal year (1 Oct of the year before – 30 Sep)."""
    ce = fiscal_year_be - BE_OFFSET
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)
