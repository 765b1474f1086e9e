"""Buddhist-era years written in free text, and what each one is.

A text carried from last year says "ปีงบประมาณ พ.ศ. ๒๕๖๘" and "๕ กุมภาพันธ์ ๒๕๖๘" (to be
advanced) but also "พระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๒๘" (a law's year),
"(พ.ศ. ๒๕๖๖ – ๒๕๗๐)" (a span) and "คำสั่งที่ ๓๑/๒๕๖๘" (a numbered document): only the first
kind moves with the fiscal year. Carry-over and the year checks share this reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from itadocs.thai import MONTHS, MONTHS_SHORT, arabic_digits, thai_digits

BE_RANGE = (2400, 2700)
# A year after "พ.ศ." within this many characters of one of these words is the year of a law
# or regulation (its name ends with its year), unless "ปีงบประมาณ" comes in between.
LAW_WORDS = ("พระราชบัญญัติ", "พ.ร.บ.", "พระราชกฤษฎีกา", "พ.ร.ฎ.", "กฎกระทรวง", "ระเบียบ",
             "ข้อบัญญัติ", "ประมวลจริยธรรม", "รัฐธรรมนูญ", "กฎ ก.ก.", "ประมวลกฎหมาย")
LAW_REACH = 160

_DIGIT = "0-9๐-๙"
_YEAR = re.compile(
    rf"(?<![{_DIGIT}])(?<![{_DIGIT}][.,])[{_DIGIT}]{{4}}(?![{_DIGIT}]|[.,][{_DIGIT}])"
)
_BE = r"(?:พ\.\s*ศ\.?\s*)"
_FISCAL_BEFORE = re.compile(rf"ปีงบประมาณ\s*{_BE}?$")
_MONTHS = "|".join(re.escape(m) for m in (*MONTHS, *MONTHS_SHORT))
_DATE_BEFORE = re.compile(rf"[{_DIGIT}]{{1,2}}\s*(?:{_MONTHS})\s*{_BE}?$")
_BE_BEFORE = re.compile(rf"{_BE}$")
_SPAN_AFTER = re.compile(rf"^\s*[-–—]\s*(?:{_BE})?[{_DIGIT}]{{4}}")
_SPAN_BEFORE = re.compile(rf"[{_DIGIT}]{{4}}\s*[-–—]\s*{_BE}?$")
_REFERENCE_BEFORE = re.compile(rf"[{_DIGIT}]+\s*/\s*$")


@dataclass(frozen=True)
class YearMention:
    """A year in a text: ``text[start:end]``; ``kind`` says what it is the year of."""

    year: int
    start: int
    end: int
    kind: str  # fiscal, date, law, span, reference, year (after พ.ศ. or ปี), number
    thai: bool  # written with Thai digits

    @property
    def moves(self) -> bool:
        """Whether the year moves with the document's fiscal year."""
        return self.kind in ("fiscal", "date", "year", "number")


def year_mentions(text: str) -> list[YearMention]:
    found = []
    for m in _YEAR.finditer(text):
        year = int(arabic_digits(m[0]))
        if not BE_RANGE[0] < year < BE_RANGE[1]:
            continue
        before = text[max(0, m.start() - 200):m.start()]
        after = text[m.end():m.end() + 20]
        found.append(YearMention(year, m.start(), m.end(), _kind(before, after),
                                 any("๐" <= ch <= "๙" for ch in m[0])))
    return found


def _kind(before: str, after: str) -> str:
    if _REFERENCE_BEFORE.search(before):
        return "reference"
    if _SPAN_AFTER.match(after) or _SPAN_BEFORE.search(before):
        return "span"
    if _FISCAL_BEFORE.search(before):
        return "fiscal"
    if _DATE_BEFORE.search(before):
        return "date"
    if _BE_BEFORE.search(before):
        return "law" if _after_law_word(before) else "year"
    if before.rstrip().endswith("ปี"):
        return "year"
    return "number"


def _after_law_word(before: str) -> bool:
    reach = before[-LAW_REACH:]
    last = max((reach.rfind(word) for word in LAW_WORDS), default=-1)
    return last >= 0 and "ปีงบประมาณ" not in reach[last:]


def shift_years(text: str, first: int, last: int, delta: int
                ) -> tuple[str, list[tuple[str, str]], list[YearMention]]:
    """Advance by ``delta`` every year from ``first`` to ``last`` that moves with the fiscal
    year, all at once (๒๕๖๘ → ๒๕๖๙ and ๒๕๖๙ → ๒๕๗๐ in one text stay distinct).

    Returns the new text, the (old, new) pairs replaced and the mentions in range kept as
    they were (a law's year, a span, a numbered document), for the report.
    """
    changes: list[tuple[str, str]] = []
    kept: list[YearMention] = []
    pieces: list[str] = []
    position = 0
    for mention in year_mentions(text):
        if not first <= mention.year <= last:
            continue
        if not mention.moves:
            kept.append(mention)
            continue
        old = text[mention.start:mention.end]
        new = str(mention.year + delta)
        new = thai_digits(new) if mention.thai else new
        pieces += [text[position:mention.start], new]
        position = mention.end
        changes.append((old, new))
    pieces.append(text[position:])
    return "".join(pieces), changes, kept
