"""The summary's tables and their words: a ``Table`` is one sheet of ``ita-summary.xlsx`` and
one block of a CSV file; each has its sheet name and title, and its columns' headers, in Thai
(the workbook and CSV files) and in English (beside the Thai on the web page).

The library owns them; a front end shows ``Table.title_words``, ``Table.headers`` and
``Table.notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from itadocs.messages import Message

# key -> (the sheet's name, before the year; its title, {year} the fiscal year, {assessed}
# the assessment year whose results the workbooks hold)
SHEET_TITLES: dict[str, tuple[str, Message]] = {
    "ranking": ("อันดับ", Message(
        "อันดับคะแนน ITA ของสำนักงานเขต ปีงบประมาณ {year}",
        "The district offices ranked by ITA total, fiscal year {year}")),
    "groups": ("กลุ่มเขต", Message(
        "คะแนน ITA รายกลุ่มเขต ปีงบประมาณ {year}",
        "ITA totals by district group, fiscal year {year}")),
    "targets": ("เป้าหมาย", Message(
        "เป้าหมายผลการประเมิน ITA ปี {assessed} เทียบกับผลที่ได้ (คะแนนในสมุดงานปีงบประมาณ {year})",
        "The targets for the {assessed} assessment against the results (the fiscal year "
        "{year} workbooks' scores)")),
    "levels": ("ระดับ", Message(
        "จำนวนสำนักงานเขตในแต่ละระดับผลการประเมิน ปีงบประมาณ {year}",
        "District offices per result level, fiscal year {year}")),
    "tools": ("เครื่องมือ", Message(
        "คะแนนรายเครื่องมือ: ค่าเฉลี่ย ต่ำสุด สูงสุด ปีงบประมาณ {year}",
        "Scores per tool: mean, lowest, highest, fiscal year {year}")),
    "indicators": ("ตัวชี้วัด", Message(
        "คะแนนรายตัวชี้วัด: ค่าเฉลี่ย ต่ำสุด สูงสุด ปีงบประมาณ {year}",
        "Scores per indicator: mean, lowest, highest, fiscal year {year}")),
    "weakest": ("จุดอ่อน", Message(
        "ตัวชี้วัดที่ได้คะแนนต่ำสุด 3 อันดับของแต่ละเขต ปีงบประมาณ {year}",
        "Each district's three weakest indicators, fiscal year {year}")),
    "survey": ("แบบวัด", Message(
        "จำนวนผู้ตอบแบบวัด IIT และ EIT เทียบกับจำนวนขั้นต่ำ การประเมิน ITA ปีงบประมาณ {year}",
        "IIT and EIT replies against the minimum sample, the fiscal year {year} assessment")),
    "documents": ("เอกสาร", Message(
        "เอกสารของแต่ละเขตที่มีในโฟลเดอร์ผลลัพธ์ (วันที่เขียนไฟล์) ปีงบประมาณ {year}",
        "Each district's documents in the output folder (the day each was written), fiscal "
        "year {year}")),
    "calendar": ("กำหนดการ", Message(
        "กำหนดการ ITA ปีงบประมาณ {year} และเขตที่ยังไม่มีเอกสาร",
        "The ITA calendar of fiscal year {year}, and the districts without the document")),
    "status": ("สถานะ", Message(
        "สถานะการสร้างเอกสารของสมุดงานทุกไฟล์", "What became of every workbook")),
}

YEAR, RANK, DISTRICT, TOTAL, LEVEL = "ปีงบประมาณ", "อันดับ", "สำนักงานเขต", "คะแนนรวม ITA", "ระดับ"
PREVIOUS, CHANGE, SOURCE, FILE = "คะแนนรวมปีก่อน", "เปลี่ยนแปลง", "ที่มาของคะแนนปีก่อน", "ไฟล์"
MEAN, LOW, HIGH, LOW_WHO, COUNT = "ค่าเฉลี่ย", "ต่ำสุด", "สูงสุด", "เขตที่ต่ำสุด", "จำนวนเขต"
GROUP, GROUP_RANK = "กลุ่มเขต", "อันดับในกลุ่ม"
IN_GROUP, SCORED, PASSING = "เขตในกลุ่ม", "เขตที่มีคะแนน", "ผ่านเกณฑ์ (85.00 ขึ้นไป)"
AT_95 = "95.00 ขึ้นไป (ช่วงผ่านดีเยี่ยม / AA)"
WEAKEST, WEAKEST_MEAN = "ตัวชี้วัดที่อ่อนที่สุด", "ค่าเฉลี่ยของตัวชี้วัดนั้น"
TARGET, SURE, WANTED, REACHED, MET, SHORT, BASIS = (
    "เป้าหมาย", "สถานะของข้อมูล", "จำนวนเขตที่ต้องการ", "จำนวนเขตที่ได้", "ผล",
    "เขตที่ยังไม่ถึง", "ที่มาและหมายเหตุ")
IIT_REPLIES, IIT_MINIMUM, IIT_SHORT = "IIT ผู้ตอบ", "IIT ขั้นต่ำ", "IIT ครบหรือไม่"
EIT_REPLIES, EIT_MINIMUM, EIT_SHORT = "EIT ผู้ตอบ", "EIT ขั้นต่ำ", "EIT ครบหรือไม่"
LATE = "เลยกำหนดแล้วยังไม่มี"
DUE, ITEM, WHEN, HAVE, MISSING = (
    "กำหนด", "รายการ", "ณ วันนี้", "เขตที่มีเอกสารแล้ว", "เขตที่ยังไม่มีเอกสาร")

HEADERS_EN = {
    RANK: "Rank", DISTRICT: "District office", TOTAL: "ITA total", LEVEL: "Level",
    PREVIOUS: "Last year's total", CHANGE: "Change", SOURCE: "Last year's total from",
    FILE: "File", MEAN: "Mean", LOW: "Lowest", HIGH: "Highest", LOW_WHO: "Lowest district(s)",
    COUNT: "Districts", YEAR: "Fiscal year", "เครื่องมือ": "Tool", "ตัวชี้วัด": "Indicator",
    "ชื่อตัวชี้วัด": "Indicator name", "สถานะ": "Status", "คำเตือน": "Warnings",
    "ข้อผิดพลาด": "Errors", "ข้อผิดพลาดหลัก": "Main error", "หมายเหตุ": "Note",
    GROUP: "District group", GROUP_RANK: "Rank in the group", IN_GROUP: "Districts in the group",
    SCORED: "Districts with a total", PASSING: "Passing (85.00 or more)",
    AT_95: "95.00 or more (ผ่านดีเยี่ยม band / AA in BMA's KPI)",
    WEAKEST: "Weakest indicator", WEAKEST_MEAN: "Its mean", TARGET: "Target",
    SURE: "How sure", WANTED: "Districts wanted", REACHED: "Districts reaching it",
    MET: "Result", SHORT: "Districts short of it", BASIS: "Source and note",
    IIT_REPLIES: "IIT replies", IIT_MINIMUM: "IIT minimum", IIT_SHORT: "IIT enough?",
    EIT_REPLIES: "EIT replies", EIT_MINIMUM: "EIT minimum", EIT_SHORT: "EIT enough?",
    LATE: "Past due, not there", DUE: "Due", ITEM: "Item", WHEN: "As of today",
    HAVE: "Districts with the document", MISSING: "Districts without it",
}


def header(th: str) -> Message:
    """A column's header in Thai and English (a tool's code reads the same in both)."""
    from itadocs.build.made import MADE_WORDS

    if th in HEADERS_EN:
        return Message(th, HEADERS_EN[th])
    for words in MADE_WORDS.values():
        if th == words.th:
            return words
    match = re.fullmatch(r"(ตัวชี้วัดที่อ่อน|คะแนน) (\d+)", th)
    if match:
        return Message(th, f"{'Weakest' if match[1] == 'ตัวชี้วัดที่อ่อน' else 'Score'} "
                           f"{match[2]}")
    return Message(th, th)


@dataclass
class Table:
    """One table of the summary: a sheet of the workbook and a block of a CSV file."""

    key: str
    year: int | None
    frame: pd.DataFrame
    lowest: list[str] = field(default_factory=list)  # columns whose lowest value is marked
    chart: tuple[str, str] | None = None  # (category column, value column) of a bar chart
    notes: list[Message] = field(default_factory=list)  # said under the table
    marked: set[tuple[int, str]] = field(default_factory=set)  # (row, column) to look at

    @property
    def sheet(self) -> str:
        name = SHEET_TITLES[self.key][0]
        return f"{name} {self.year}" if self.year else name

    @property
    def title_words(self) -> Message:
        words = SHEET_TITLES[self.key][1]
        year, assessed = self.year, (self.year - 1 if self.year else None)
        return Message(words.th.format(year=year, assessed=assessed),
                       words.en.format(year=year, assessed=assessed))

    @property
    def title(self) -> str:
        return self.title_words.th

    @property
    def headers(self) -> list[Message]:
        return [header(str(c)) for c in self.frame.columns]
