"""The data a filled workbook holds, independent of where it sits in the sheets.

The reader fills these classes from a workbook and the writer writes them back, so the
blank template, ``new --from`` and the example workbook all go through the same shapes.
Values stay as close to what staff typed as is useful: scores are ``Decimal`` (or ``None``
when missing or unreadable), texts are ``str``, dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from itadocs.cleantext import comparable

# Where a value came from: (sheet name, cell reference such as "C5").
Location = tuple[str, str]


@dataclass
class Unit:
    """The district office and the document's year."""

    district: str = ""
    fiscal_year: int | None = None  # พ.ศ. of the document (year N)
    assessed_year: int | None = None  # พ.ศ. of the scores analysed (normally N-1)
    director_name: str = ""  # full name with title, e.g. "นายสรสิทธิ์ เหลืองรุ่งเกียรติ"
    director_position: str = ""  # e.g. "ผู้อำนวยการเขตคลองสาน"
    digits: str = "thai"  # "thai" or "arabic"
    framework_year: int | None = None  # which data file of rules applies; None = newest fitting
    # This fiscal year's assessment (the one under way, not the scores' year): the IIT and
    # EIT replies received and the minimum sample ITAS computed, as staff copy them (optional).
    iit_replies: int | None = None
    iit_minimum: int | None = None
    eit_replies: int | None = None
    eit_minimum: int | None = None

    def survey(self) -> dict[str, int]:
        """The survey figures typed, by name (``iit_replies`` ...)."""
        names = ("iit_replies", "iit_minimum", "eit_replies", "eit_minimum")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


@dataclass
class Score:
    """One row of the scores sheet: an indicator ("1".."10") or a tool ("IIT", "EIT", "OIT")."""

    key: str
    score: Decimal | None = None  # the assessed year (N-1)
    previous: Decimal | None = None  # the year before (N-2), optional


@dataclass
class Announced:
    """The ITA total and level as NACC announced them; when given they are what is printed."""

    total: Decimal | None = None
    level: str = ""
    previous_total: Decimal | None = None  # the year before, as NACC announced it
    previous_level: str = ""


@dataclass
class Analysis:
    """The analysis row of one indicator in section 5 of the measures document."""

    indicator: int
    text: str = ""
    responsible: str = ""
    frequency: str = ""
    category: str = ""  # จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน / ประเด็นที่ต้องพัฒนาให้ดีขึ้น


@dataclass
class Measure:
    """One measure or activity; several per indicator, in the order they are listed."""

    indicator: int
    text: str = ""
    period: str = ""  # ระยะเวลา
    budget: str = ""  # งบประมาณ
    kpi: str = ""  # ตัวชี้วัดความสำเร็จ
    owner: str = ""  # ผู้รับผิดชอบ
    # The measure's stable id ("M07"), written by itadocs beside it: the progress sheet's
    # rows find their measure by it, wherever staff move the row. "" until itadocs gives one.
    id: str = ""


@dataclass
class Member:
    """A member of the committee or the working group."""

    name: str = ""  # may be empty when the member is named by position only
    position: str = ""
    department: str = ""
    role: str = ""

    def identity(self) -> str:
        """What tells two rows apart as people: the name, or the position when unnamed
        (invisible characters ignored, so a name pasted with one is still the same person)."""
        if comparable(self.name):
            return comparable(self.name)
        return comparable(f"{self.position} {self.department}")


@dataclass
class Duty:
    body: str  # "committee" or "working_group"
    text: str = ""


@dataclass
class Order:
    """The order (คำสั่ง) that appoints the committee and the working group."""

    number: int | None = None
    year: int | None = None  # พ.ศ. in "ที่ 31/2568"; numbers run per calendar year
    date: dt.date | None = None
    subject: str = ""
    preamble: str = ""
    authority: str = ""
    effective_date: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    purpose: str = ""  # the end of section 3's summary sentence ("เพื่อ...")


@dataclass
class Paragraph:
    section: int  # 4, 6, 7 or 8
    text: str = ""


@dataclass(frozen=True)
class Picture:
    """A picture pasted into the ภาพ sheet: its bytes, and where the workbook keeps them."""

    data: bytes = field(repr=False)
    name: str = ""  # e.g. "xl/media/image1.png"


@dataclass
class Photo:
    section: int
    file: str = ""  # a path relative to the workbook's folder, when not pasted
    caption: str = ""
    picture: Picture | None = None  # pasted into the row (the file is then empty)


ROUNDS = (6, 12)  # the progress report's rounds: months into the fiscal year


@dataclass
class ProgressRow:
    """What was done for one measure by the end of one round (sheet ผลการดำเนินการ)."""

    measure_id: str = ""
    round: int | None = None  # 6 or 12
    status: str = ""  # ดำเนินการแล้ว / อยู่ระหว่างดำเนินการ / ยังไม่ดำเนินการ
    percent: Decimal | None = None  # 0-100
    result: str = ""  # what was done
    budget_used: Decimal | None = None  # baht
    date_done: dt.date | None = None
    evidence: str = ""  # a web address


@dataclass
class RoundTexts:
    """The texts of one round's report and of its cover memo (บันทึกข้อความ)."""

    as_of: dt.date | None = None  # ข้อมูล ณ วันที่ (default: the round's last day)
    problems: str = ""
    suggestions: str = ""
    summary: str = ""
    memo_department: str = ""  # ส่วนราชการ
    memo_number: str = ""  # ที่
    memo_date: dt.date | None = None
    memo_to: str = ""  # เรียน
    memo_signer_name: str = ""
    memo_signer_position: str = ""

    @property
    def has_memo(self) -> bool:
        """The memo is made when any of its details is given."""
        return any((self.memo_department, self.memo_number, self.memo_date, self.memo_to,
                    self.memo_signer_name, self.memo_signer_position))


@dataclass
class Progress:
    """The progress sheet: a row per measure and round, and each round's texts."""

    present: bool = False  # the workbook has the sheet (template version 3 on)
    # The workbook's sheets the template does not know (staff's own; without the progress
    # sheet, one of them may be it, renamed): ``new --from`` names them as not carried.
    other_sheets: list[str] = field(default_factory=list)
    rows: list[ProgressRow] = field(default_factory=list)
    rounds: dict[int, RoundTexts] = field(
        default_factory=lambda: {r: RoundTexts() for r in ROUNDS})
    # What reading the sheet found wrong: reported by the progress report's check, not by
    # ``check`` (the measures document does not depend on the sheet).
    problems: list[Any] = field(default_factory=list)


@dataclass
class WorkbookData:
    """Everything read from one workbook, with the cell each value came from."""

    unit: Unit = field(default_factory=Unit)
    scores: list[Score] = field(default_factory=list)
    announced: Announced = field(default_factory=Announced)
    # The visible "computed by itadocs" flag of the scores sheet: a missing tool score is
    # then computed from its indicators (and the document says so) instead of an error.
    compute_tools: bool = False
    analyses: list[Analysis] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    order: Order = field(default_factory=Order)
    committee: list[Member] = field(default_factory=list)
    working_group: list[Member] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    progress: Progress = field(default_factory=Progress)
    template_version: int | None = None
    # Texts itadocs drafted into the workbook, by path ("analyses[3].text"), as drafted: a
    # cell still holding its draft has not been edited by staff.
    drafts: dict[str, str] = field(default_factory=dict)
    source: str = ""  # file name the data was read from
    locations: dict[str, Location] = field(default_factory=dict)

    def where(self, path: str) -> Location | None:
        """The (sheet, cell) of a value, by its path such as ``"committee[2].role"``."""
        return self.locations.get(path)

    def score(self, key: str) -> Score | None:
        for row in self.scores:
            if row.key == key:
                return row
        return None
