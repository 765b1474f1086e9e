"""Next year's workbook from last year's, or a district's own from a colleague's
(``itadocs new NEW.xlsx --from OLD.xlsx [--district X] [--year N]``).

What carries over is chosen explicitly (texts, people, measures, duties, sections, photos);
everything else starts empty, so a value added to the workbook later never carries over
by accident. The free texts are retargeted: the old district's names in all their forms
become the new district's, and the years of the fiscal cycle advance (a law's year, a span
of years and a numbered document's year stay). What must not carry over is cleared: the
scores (last year's become the "previous year" column, and only for the same district one
year on), the order's number and dates, and when the district changes the director's and
the signer's names and the members named in person. The ``CarryReport`` says what was
replaced, cleared and kept, cell by cell, so staff know what to review.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field

from itadocs.checking.texts import text_fields
from itadocs.checking.textyears import shift_years
from itadocs.cleantext import comparable
from itadocs.model import Announced, Order, Score, Unit, WorkbookData
from itadocs.reading import districts, schema
from itadocs.workbooks.progresssheet import fresh

# A person named before a director's position ("นายสรสิทธิ์ เหลืองรุ่งเกียรติ ผู้อำนวยการเขต…"):
# a title at the start of a word, a first name and a surname. Only the people the old
# workbook names are removed; another such name is left for a person to decide.
_TITLE = r"(?:นางสาว|นาง|นาย|ว่าที่ร้อยตรี|ว่าที่ ร\.ต\.|ดร\.)"
_NAMED_DIRECTOR = re.compile(rf"(?<![\u0e01-\u0e4e]){_TITLE}\S+\s+\S+(?=\s+ผู้อำนวยการเขต)")
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff]*"


@dataclass
class Line:
    """One entry of the report: a change to, or a decision about, some cells."""

    kind: str  # replaced, cleared, kept
    paths: list[str]  # the values concerned (see ``WorkbookData.locations``)
    th: str
    en: str
    changes: Counter[tuple[str, str]] = field(default_factory=Counter)
    cells: list[tuple[str, str]] = field(default_factory=list)  # (sheet, cell), once written


@dataclass
class CarryReport:
    """What carry-over replaced, cleared and kept, for staff to review."""

    source: str
    district: str
    fiscal_year: int | None
    lines: list[Line] = field(default_factory=list)

    def add(self, kind: str, paths: list[str], th: str, en: str) -> None:
        self.lines.append(Line(kind, paths, th, en))

    def replaced(self, path: str, changes: list[tuple[str, str]]) -> None:
        if not changes:
            return
        line = next((x for x in self.lines if x.kind == "replaced" and x.paths == [path]), None)
        if line is None:
            line = Line("replaced", [path], "", "")
            self.lines.append(line)
        line.changes.update(changes)

    def of_kind(self, kind: str) -> list[Line]:
        return [line for line in self.lines if line.kind == kind]

    def locate(self, locations: dict[str, tuple[str, str]]) -> None:
        """Name each line's cells in the written workbook."""
        for line in self.lines:
            line.cells = [locations[p] for p in line.paths if p in locations]

    def format(self) -> str:
        """The short report ``new`` prints: replaced (by sheet), cleared, kept."""
        out = [f"จาก / from {self.source}: เขต{self.district} ปีงบประมาณ {self.fiscal_year}"]
        replaced = self.of_kind("replaced")
        if replaced:
            out.append("แทนที่ (ตรวจทาน) / replaced (review):")
            by_sheet: dict[str, tuple[list[str], Counter[tuple[str, str]]]] = {}
            for line in replaced:
                sheet, cell = line.cells[0] if line.cells else ("?", "")
                cells, counts = by_sheet.setdefault(sheet, ([], Counter()))
                cells.append(cell)
                counts.update(line.changes)
            for sheet, (cells, counts) in by_sheet.items():
                what = ", ".join(f"{old} → {new} ×{n}" for (old, new), n in counts.most_common())
                out.append(f"  {sheet}!{_cells(cells)}: {what}")
        for kind, head in (("cleared", "ล้างค่า / cleared:"), ("kept", "คงไว้ / kept:")):
            lines = self.of_kind(kind)
            if lines:
                out.append(head)
            for line in lines:
                place = _place(line.cells)
                out.append(f"  {place}{line.th} / {line.en}")
        return "\n".join(out)


def _cells(cells: list[str]) -> str:
    cells = sorted({c for c in cells if c}, key=_cell_order)
    return ", ".join(cells) if len(cells) <= 6 else f"{', '.join(cells[:5])} … ({len(cells)})"


def _cell_order(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")
    return int(cell[len(letters):] or 0), letters


def _place(cells: list[tuple[str, str]]) -> str:
    if not cells:
        return ""
    sheets: dict[str, list[str]] = {}
    for sheet, cell in cells:
        sheets.setdefault(sheet, []).append(cell)
    return "; ".join(f"{s}!{_cells(c)}" for s, c in sheets.items()) + ": "


@dataclass
class CarryOver:
    data: WorkbookData
    report: CarryReport


def carry_over(previous: WorkbookData, district: str | None = None,
               fiscal_year: int | None = None) -> CarryOver:
    """The new workbook's data from ``previous`` for ``district`` (default: the same) and
    ``fiscal_year`` (default: the next one); ``previous`` is not changed."""
    old_district = districts.normalise(previous.unit.district or "")
    new_district = districts.normalise(district) if district else old_district
    old_year = previous.unit.fiscal_year
    new_year = fiscal_year or (old_year + 1 if old_year else None)
    moved = new_district != old_district
    report = CarryReport(previous.source, new_district, new_year)
    data = _kept_parts(previous, new_district, new_year, moved, report)
    _scores(previous, data, moved, old_year, new_year, report)
    _retarget(data, old_district, new_district, old_year, new_year, previous, report)
    _cleared(data, moved, old_district, report)
    if previous.unit.survey():  # that year's assessment: the new year's starts afresh
        report.add("cleared", [f"unit.{key}" for key in previous.unit.survey()],
                   "จำนวนผู้ตอบแบบวัด IIT/EIT และจำนวนขั้นต่ำของปีก่อน",
                   "last year's IIT/EIT replies and minimum sample")
    _progress(previous, data, report)
    return CarryOver(data, report)


def _progress(previous: WorkbookData, data: WorkbookData, report: CarryReport) -> None:
    """Next year's progress sheet starts empty, a row per carried measure and round (last
    year's results, texts and photos of the rounds stay in last year's workbook)."""
    filled = [row for row in previous.progress.rows
              if row.status or row.percent is not None or row.result.strip()]
    photos = [p for p in data.photos if p.section in schema.PROGRESS_PHOTO_SECTIONS]
    data.photos = [p for p in data.photos if p.section not in schema.PROGRESS_PHOTO_SECTIONS]
    fresh(data)
    _copied_ids(data, report)
    if filled or photos or any(t.problems or t.suggestions or t.has_memo
                               for t in previous.progress.rounds.values()):
        report.add("cleared", [],
                   f"ผลการดำเนินการของปี {previous.unit.fiscal_year or ''} (รอบ 6 และ 12 เดือน"
                   f"{' และภาพ ' + str(len(photos)) + ' ภาพ' if photos else ''}) แผ่นงาน "
                   f"{schema.PROGRESS.name} เริ่มใหม่ตามมาตรการที่คัดลอกมา",
                   f"last year's progress (rounds 6 and 12"
                   f"{f', {len(photos)} photo(s)' if photos else ''}); sheet "
                   f"{schema.PROGRESS.name} starts empty, keyed to the measures carried")


def _copied_ids(data: WorkbookData, report: CarryReport) -> None:
    """A measure row copied with its id (two measures with one id): the new progress sheet
    starts empty, so no row belongs to either yet; every copy after the first loses the id
    and gets its own with its rows (``in_step``), and staff are told which cells."""
    seen: set[str] = set()
    copies: list[tuple[int, str]] = []
    for i, measure in enumerate(data.measures):
        if measure.id and measure.id in seen:
            copies.append((i, measure.id))
            measure.id = ""
        elif measure.id:
            seen.add(measure.id)
    if copies:
        ids = ", ".join(dict.fromkeys(old for _, old in copies))
        report.add("cleared", [f"measures[{i}].id" for i, _ in copies],
                   f"รหัสมาตรการที่ซ้ำกัน ({ids}: แถวที่คัดลอกมาพร้อมรหัส) ได้รหัสใหม่และแถวของตนเอง"
                   f"ในแผ่นงาน {schema.PROGRESS.name}",
                   f"measures sharing an id ({ids}: a row copied with its id) got ids and rows "
                   f"of their own in sheet {schema.PROGRESS.name}")


def _kept_parts(previous: WorkbookData, district: str, year: int | None, moved: bool,
                report: CarryReport) -> WorkbookData:
    """The parts that carry over, copied; the rest starts empty."""
    old = previous.unit
    unit = Unit(district=district, fiscal_year=year, digits=old.digits,
                director_name="" if moved else old.director_name,
                director_position=old.director_position)
    o = previous.order
    order = Order(subject=o.subject, preamble=o.preamble, authority=o.authority,
                  purpose=o.purpose, signer_position=o.signer_position,
                  signer_name="" if moved else o.signer_name)
    data = WorkbookData(unit=unit, order=order, source=previous.source)
    for name in ("analyses", "measures", "duties", "paragraphs", "photos"):
        setattr(data, name, deepcopy(getattr(previous, name)))
    for body in ("committee", "working_group"):
        members = deepcopy(getattr(previous, body))
        if moved:  # another office's staff are not ours; positions alone carry over
            named = [m for m in members if m.name.strip()]
            members = [m for m in members if not m.name.strip()]
            if named:
                report.add("cleared", [], *_named_removed(body, len(named)))
        setattr(data, body, members)
    return data


def _named_removed(body: str, count: int) -> tuple[str, str]:
    th = "คณะกรรมการ" if body == "committee" else "คณะทำงาน"
    en = body.replace("_", " ")
    return (f"{th}: ไม่นำรายชื่อบุคคล {count} คนของเขตเดิมมาใช้ (คงแถวที่ระบุเพียงตำแหน่ง) "
            "กรุณาเพิ่มรายชื่อของเขต",
            f"{en}: the {count} people named from the other district were not carried "
            "(rows named by position only were kept); add your own")


def _scores(previous: WorkbookData, data: WorkbookData, moved: bool, old_year: int | None,
            new_year: int | None, report: CarryReport) -> None:
    """Last year's scores become the comparison column, only for the same district a year on."""
    follows = not moved and old_year is not None and new_year == old_year + 1
    data.scores = [Score(s.key, None, s.score if follows else None) for s in previous.scores]
    if follows:  # NACC's announcement of last year is next year's comparison
        data.announced = Announced(previous_total=previous.announced.total,
                                   previous_level=previous.announced.level)
    for analysis in data.analyses:
        analysis.category = ""  # drawn from last year's scores
        drafted = previous.drafts.get(f"analyses[{analysis.indicator}].text")
        if drafted is not None and " ".join(analysis.text.split()) == " ".join(drafted.split()):
            analysis.text = ""  # last year's draft nobody edited: next year's draft replaces it
    paths = [f"scores[{s.key}].score" for s in previous.scores]
    if follows and any(s.score is not None for s in previous.scores):
        assert old_year is not None and new_year is not None  # as ``follows`` says
        report.add("cleared", paths,
                   f"คะแนนปี {old_year - 1} ย้ายไปเป็นคะแนนปีก่อนหน้า กรอกคะแนนปี {new_year - 1}",
                   f"the {old_year - 1} scores moved to the 'previous year' column; "
                   f"enter the {new_year - 1} scores")
    elif any(s.score is not None or s.previous is not None for s in previous.scores):
        why_th = "ของเขตอื่น" if moved else f"ของปี {old_year}"
        why_en = "another district's" if moved else f"the {old_year} workbook's"
        report.add("cleared", paths, f"ไม่นำคะแนน{why_th}มาใช้ กรอกคะแนนของปีนี้",
                   f"{why_en} scores were not carried; enter this year's")


def _retarget(data: WorkbookData, old_district: str, new_district: str,
              old_year: int | None, new_year: int | None, previous: WorkbookData,
              report: CarryReport) -> None:
    """Every free text: the old district's names, the cycle's years, old names of people."""
    moved = new_district != old_district
    delta = new_year - old_year if old_year and new_year else 0
    drop = _people(previous) if moved else []
    kept_years: list[str] = []
    for path, owner, attribute in text_fields(data):
        text = districts.nfc(getattr(owner, attribute) or "")
        if not text:
            continue
        changes: list[tuple[str, str]] = []
        if moved:
            text, removed = _drop_names(text, drop)
            changes += removed
            text, renamed, left = _rename(text, old_district, new_district)
            changes += renamed
            _left_alone(report, path, old_district, left)
            _unknown_people(report, path, text)
        if delta and old_year:
            text, shifted, kept = shift_years(text, old_year - 2, old_year + 1, delta)
            changes += shifted
            if kept:
                kept_years.append(path)
        setattr(owner, attribute, text)
        report.replaced(path, changes)
    if kept_years:
        report.add("kept", kept_years,
                   "ปีของกฎหมาย ช่วงปี หรือเลขที่หนังสือ (เช่น พ.ศ. ๒๕๒๘, ๓๑/๒๕๖๘) ไม่ได้เลื่อน",
                   "years of laws, spans of years and numbered documents (e.g. ๓๑/๒๕๖๘) "
                   "were not advanced")
    if old_year is None and new_year:
        report.add("kept", [], "สมุดงานเดิมไม่มีปีงบประมาณ ปีในข้อความจึงไม่ได้เลื่อน",
                   "the old workbook has no fiscal year, so years in texts were not advanced")


def _people(previous: WorkbookData) -> list[str]:
    """The people the old workbook names: its director, its signer, its named members."""
    named = [previous.unit.director_name, previous.order.signer_name,
             *(m.name for m in [*previous.committee, *previous.working_group])]
    return list(dict.fromkeys(n for n in (comparable(x) for x in named) if n))


def _rename(text: str, old: str, new: str
            ) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The old district's whole mentions (after "เขต", standing alone, or in English)
    become the new one's; a mention inside a longer word (a hotel, a university, a surname)
    is left as it is and returned, quoted, for a person to decide."""
    if not old or not new:
        return text, [], []
    changes: list[tuple[str, str]] = []
    left: list[str] = []
    pieces, position = [], 0
    for mention in districts.mentions(text):
        if mention.district != old:
            continue
        if not mention.whole(text):
            left.append(_around(text, mention.start, mention.end))
            continue
        replacement = (districts.english(new) or new) if mention.english else new
        pieces += [text[position:mention.start], replacement]
        changes.append((text[mention.start:mention.end], replacement))
        position = mention.end
    pieces.append(text[position:])
    return "".join(pieces), changes, left


def _around(text: str, start: int, end: int) -> str:
    """The words around a mention, to quote it."""
    return " ".join(text[max(0, start - 20):end + 20].split())


def _left_alone(report: CarryReport, path: str, old: str, quoted: list[str]) -> None:
    for words in quoted:
        report.add("kept", [path],
                   f"ไม่ได้เปลี่ยน '{old}' ในคำที่ยาวกว่า: '…{words}…' (ชื่อเฉพาะหรือนามสกุล?) "
                   "ตรวจดูว่าควรแก้หรือไม่",
                   f"'{districts.english(old) or old}' inside a longer word was left as it "
                   f"is: '…{words}…' (a proper name or a surname?); check whether it should "
                   "change")


def _unknown_people(report: CarryReport, path: str, text: str) -> None:
    """A person named before a director's position whom the old workbook does not name."""
    for m in _NAMED_DIRECTOR.finditer(text):
        report.add("kept", [path],
                   f"ข้อความระบุชื่อบุคคลก่อนตำแหน่งผู้อำนวยการเขต: '{m[0]}' ตรวจดูว่ายังถูกต้อง",
                   f"the text names a person before the director's position: '{m[0]}'; "
                   "check that it is still right")


def _drop_names(text: str, names: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The old district's people named in the text are removed (their position stays),
    however the name was spaced, with invisible characters inside or not."""
    changes = []
    for name in names:
        words = [_INVISIBLE.join(re.escape(ch) for ch in word) for word in name.split()]
        pattern = re.compile(r"[\s\u200b]*".join(words) + r"\s*")
        text, n = pattern.subn("", text)
        changes += [(name, "—")] * n
    return text, changes


def _cleared(data: WorkbookData, moved: bool, old_district: str, report: CarryReport
             ) -> None:
    report.add("cleared", ["order.number", "order.year", "order.date", "order.effective_date"],
               "เลขที่ ปี และวันที่ของคำสั่ง (คำสั่งใหม่ต้องออกใหม่)",
               "the order's number, year and dates (a new order is issued)")
    report.add("cleared", ["unit.framework_year"],
               "ปีของเกณฑ์การประเมิน (ใช้เกณฑ์ล่าสุดที่ไม่เกินปีที่ประเมิน)",
               "the framework year (the newest not later than the assessed year applies)")
    if moved:
        report.add("cleared", ["unit.director_name", "order.signer_name"],
                   f"ชื่อผู้อำนวยการเขตและผู้ลงนามของเขต{old_district}",
                   f"the names of {districts.english(old_district) or old_district}'s "
                   "director and signer")
    else:
        report.add("kept", ["unit.director_name", "order.signer_name"],
                   "ชื่อผู้อำนวยการเขตและผู้ลงนาม ตรวจสอบว่ายังเป็นคนเดิม",
                   "the director's and the signer's names; check they are still in office")
    counts = [(len(data.committee), "คณะกรรมการ", "committee"),
              (len(data.working_group), "คณะทำงาน", "working group"),
              (len(data.measures), "มาตรการ", "measures"),
              (len(data.duties), "หน้าที่", "duties"),
              (len(data.paragraphs), "ย่อหน้าหัวข้อ 4-8", "paragraphs of sections 4-8"),
              (len(data.photos), "ภาพ", "photos")]
    th = ", ".join(f"{label} {n}" for n, label, _ in counts if n)
    en = ", ".join(f"{n} {label}" for n, _, label in counts if n)
    if th:
        report.add("kept", [], th, en)
    if data.analyses:
        paths = [f"analyses[{a.indicator}].text" for a in data.analyses]
        report.add("kept", paths,
                   "ข้อความวิเคราะห์อ้างคะแนนของปีก่อน เขียนใหม่ตามคะแนนปีนี้",
                   "the analyses quote last year's scores; rewrite them for this year's")

