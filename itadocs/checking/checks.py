"""Content checks of a read workbook: what would make the documents wrong.

Errors stop a build (a document with a wrong number or a missing part must not be
published); warnings point at likely mistakes that staff should look at (a score quoted in a
text that differs from the table, the director named two ways). Every problem names the
sheet and cell to fix.

Each check is a small function ``(data, framework, folder) -> Iterator[Problem]``; ``check``
runs the list ``CHECKS`` in order, the consistency checks (consistency.py) among them.
``problem_at`` (locate.py) places a problem at the cell its value was
read from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from itadocs.checking import consistency
from itadocs.checking.locate import problem_at, warning_at
from itadocs.cleantext import one_line
from itadocs.exceptions import Problem
from itadocs.framework import Framework
from itadocs.messages import ProblemCode
from itadocs.model import Analysis, Score, WorkbookData
from itadocs.reading import schema
from itadocs.thai import (
    arabic_digits,
    decimals_of,
    fiscal_year_bounds,
    fmt2,
    parse_number,
    thai_date,
)

FISCAL_YEAR_RANGE = (2560, 2600)
ORDER_LEAD_DAYS = 92  # an order may be signed up to about three months before its fiscal year

_QUOTED_SCORE = re.compile(
    r"(?:ได้|มี)?(?:ค่า)?คะแนน(?:เฉลี่ย)?\s*(?:เท่ากับ|=)?\s*([0-9๐-๙]{1,3}(?:[.,][0-9๐-๙]+)?)\s*คะแนน"
)
_FISCAL_YEAR_IN_TEXT = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s*ศ\.)?\s*([0-9๐-๙]{4})")
_TITLE = r"(?:นาย|นางสาว|นาง|ว่าที่ร้อยตรี|ว่าที่ ร\.ต\.|ดร\.)"
_NAMED_DIRECTOR = re.compile(rf"({_TITLE}\s*\S+\s+\S+)\s+(ผู้อำนวยการเขต\S*)")


Check = Callable[[WorkbookData, Framework, Path | None], Iterator[Problem]]


# ---------------------------------------------------------------- required values


def required_values(data: WorkbookData, fw: Framework, folder: Path | None
                    ) -> Iterator[Problem]:
    for form, obj, prefix in ((schema.UNIT, data.unit, "unit"),
                              (schema.ORDER, data.order, "order")):
        for fld in form.fields:
            if fld.required and _empty(getattr(obj, fld.key)):
                if data.where(f"{prefix}.{fld.key}") is None:
                    continue  # row missing: already reported by the reader
                label = fld.th.replace("*", "").strip()
                yield problem_at(
                    data, f"{prefix}.{fld.key}", ProblemCode.REQUIRED,
                    f"ยังไม่ได้กรอก {label} (แผ่นงาน {form.name})",
                    f"the {fld.en.replace('_', ' ')} is required (sheet {form.name})",
                )
    yield from _required_columns(data)
    if not data.committee:
        yield problem_at(
            data, "committee", ProblemCode.NO_COMMITTEE, "ยังไม่ได้กรอกรายชื่อคณะกรรมการ",
            "the committee has no members",
            sheet=schema.COMMITTEE.name, cell=f"A{schema.TABLE_FIRST_ROW}",
        )


def _required_columns(data: WorkbookData) -> Iterator[Problem]:
    for table, rows in schema.row_tables(data):
        for i, row in enumerate(rows):
            for column in table.columns:
                value = getattr(row, column.key, None)
                # a measure's indicator left blank is read as 0: it belongs to no
                # indicator, and no document would print it
                blank = _empty(value) or (column.key == "indicator" and value == 0)
                if not column.required or not blank:
                    continue
                if column.key in ("indicator", "section") and value:
                    continue
                label = column.th.replace("*", "").strip()
                yield problem_at(
                    data, f"{table.key}[{i}].{column.key}", ProblemCode.REQUIRED,
                    f"แผ่นงาน {table.name}: แถวนี้ยังไม่ได้กรอก {label}",
                    f"sheet {table.name}: this row has no {column.en.replace('_', ' ')}",
                )


# ---------------------------------------------------------------- unit and years


def unit_and_years(data: WorkbookData, fw: Framework, folder: Path | None
                   ) -> Iterator[Problem]:
    unit = data.unit
    if unit.district and unit.district not in schema.lists().values("districts"):
        yield problem_at(
            data, "unit.district", ProblemCode.BAD_DISTRICT,
            f"'{unit.district}' ไม่ใช่ชื่อเขตของกรุงเทพมหานคร เลือกจากรายการ",
            f"'{unit.district}' is not one of Bangkok's 50 districts; choose from the list",
        )
    fy = unit.fiscal_year
    if fy is not None and not FISCAL_YEAR_RANGE[0] <= fy <= FISCAL_YEAR_RANGE[1]:
        yield problem_at(
            data, "unit.fiscal_year", ProblemCode.BAD_YEAR,
            f"ปีงบประมาณ {fy} ไม่อยู่ในช่วงที่เป็นไปได้ ({FISCAL_YEAR_RANGE[0]}-"
            f"{FISCAL_YEAR_RANGE[1]}) ใช้ปี พ.ศ.",
            f"fiscal year {fy} is out of range ({FISCAL_YEAR_RANGE[0]}-"
            f"{FISCAL_YEAR_RANGE[1]}); use the Buddhist-era year",
        )
    if fy is not None and unit.assessed_year is not None and unit.assessed_year != fy - 1:
        yield problem_at(
            data, "unit.assessed_year", ProblemCode.BAD_YEAR,
            f"ปีที่ประเมิน {unit.assessed_year} ไม่สอดคล้องกับปีงบประมาณของเอกสาร {fy} "
            f"(เอกสารปี {fy} วิเคราะห์ผลการประเมินปี {fy - 1})",
            f"assessed year {unit.assessed_year} does not fit the document's fiscal year "
            f"{fy} (the {fy} document analyses the {fy - 1} assessment)",
        )
    if unit.director_position and "ผู้อำนวยการ" not in unit.director_position:
        yield warning_at(
            data, "unit.director_position", ProblemCode.DIRECTOR_POSITION,
            f"ตำแหน่ง '{unit.director_position}' ไม่ใช่ตำแหน่งผู้อำนวยการเขต",
            f"'{unit.director_position}' does not look like a district director's position",
        )


# ---------------------------------------------------------------- scores


def scores(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    for key in fw.score_keys:
        row = data.score(key)
        is_tool = not key.isdigit()
        label_th = f"คะแนน {key}" if is_tool else f"คะแนนตัวชี้วัดที่ {key}"
        label_en = f"{key} score" if is_tool else f"indicator {key} score"
        if row is None:
            if data.where("scores[1]") or data.scores:
                yield problem_at(
                    data, f"scores[{key}]", ProblemCode.MISSING_INDICATOR,
                    f"ไม่พบแถว{label_th}ในแผ่นงาน {schema.SCORES.name}",
                    f"the row for {label_en} is missing from sheet {schema.SCORES.name}",
                    sheet=schema.SCORES.name,
                )
            continue
        for field_name in ("score", "previous"):
            value = getattr(row, field_name)
            path = f"scores[{key}].{field_name}"
            if value is None:
                if field_name == "score" and not is_tool:
                    yield problem_at(data, path, ProblemCode.REQUIRED, f"ยังไม่ได้กรอก{label_th}",
                                     f"{label_en} is missing")
                continue
            yield from _score_value(data, value, path, label_th, label_en)
    nacc = data.announced
    for value, path, th, en in (
        (nacc.total, "nacc.total", "คะแนนรวมที่ ป.ป.ช. ประกาศ", "NACC's total"),
        (nacc.previous_total, "nacc.previous_total", "คะแนนรวมปีก่อนหน้าที่ ป.ป.ช. ประกาศ",
         "NACC's total of the year before"),
    ):
        if value is not None:
            yield from _score_value(data, value, path, th, en)


def _score_value(data: WorkbookData, value: Decimal, path: str, label_th: str, label_en: str
                 ) -> Iterator[Problem]:
    if not Decimal(0) <= value <= Decimal(100):
        yield problem_at(
            data, path, ProblemCode.SCORE_RANGE,
            f"{label_th} = {value} อยู่นอกช่วง 0-100",
            f"{label_en} = {value} is outside 0-100",
        )
    elif decimals_of(value.normalize() if value == value.to_integral() else value) > 2:
        yield problem_at(
            data, path, ProblemCode.SCORE_DECIMALS,
            f"{label_th} = {value} มีทศนิยมเกิน 2 ตำแหน่ง (ใช้ค่าตามที่ ป.ป.ช. รายงาน)",
            f"{label_en} = {value} has more than two decimals (use NACC's reported value)",
        )


def tool_ranges(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    for tool in fw.tools:
        row = data.score(tool.code)
        for field_name in ("score", "previous"):
            value = getattr(row, field_name) if row else None
            values = [getattr(data.score(str(n)), field_name, None) for n in tool.indicators]
            known: list[Decimal] = [v for v in values if v is not None]
            if value is None or len(known) != len(values):
                continue
            low, high = min(known), max(known)
            if not low <= value <= high:
                which = "" if field_name == "score" else "ปีก่อนหน้า "
                which_en = "" if field_name == "score" else " of the year before"
                yield problem_at(
                    data, f"scores[{tool.code}].{field_name}", ProblemCode.TOOL_OUT_OF_RANGE,
                    f"คะแนน {tool.code} {which}{fmt2(value)} อยู่นอกช่วงคะแนนของตัวชี้วัดของ"
                    f"เครื่องมือนี้ ({fmt2(low)}-{fmt2(high)}) ตรวจสอบการพิมพ์",
                    f"the {tool.code} score{which_en} {fmt2(value)} lies outside the range of "
                    f"its indicators ({fmt2(low)}-{fmt2(high)}); check for a typo",
                )


# ---------------------------------------------------------------- analyses


def analyses(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    numbers = {a.indicator for a in data.analyses}
    if data.analyses or data.where("analyses[1].text"):
        for ind in fw.indicators:
            if ind.number not in numbers:
                yield problem_at(
                    data, f"analyses[{ind.number}]", ProblemCode.MISSING_INDICATOR,
                    f"ไม่พบแถวการวิเคราะห์ของตัวชี้วัดที่ {ind.number}",
                    f"the analysis row of indicator {ind.number} is missing",
                    sheet=schema.ANALYSIS.name,
                )
    for row in data.analyses:
        base = f"analyses[{row.indicator}]"
        for key, th, en in (("text", "การวิเคราะห์ผลคะแนน", "analysis"),
                            ("responsible", "หน่วยงานรับผิดชอบ", "responsible unit"),
                            ("frequency", "การกำกับติดตาม", "monitoring frequency")):
            if not getattr(row, key).strip():
                yield problem_at(
                    data, f"{base}.{key}", ProblemCode.REQUIRED,
                    f"ตัวชี้วัดที่ {row.indicator}: ยังไม่ได้กรอก{th}",
                    f"indicator {row.indicator}: the {en} is missing",
                )
        yield from _unedited_draft(data, row.indicator, row.text)
        yield from _quoted_figures(data, fw, row)


def _quoted_figures(data: WorkbookData, fw: Framework, row: Analysis) -> Iterator[Problem]:
    """Scores an analysis quotes: this year's or last year's of its indicator or tool."""
    table_score = data.score(str(row.indicator))
    if table_score is None or table_score.score is None:
        return
    accepted = _quotable(data, fw, row.indicator)
    quotes = _quoted_scores(row.text)
    yield from _only_last_year(data, row.indicator, quotes, table_score)
    for quoted in quotes:
        if quoted not in accepted:
            yield warning_at(
                data, f"analyses[{row.indicator}].text", ProblemCode.QUOTED_SCORE,
                f"ตัวชี้วัดที่ {row.indicator}: ข้อความวิเคราะห์ระบุคะแนน {fmt2(quoted)} "
                f"แต่ตารางคะแนนเป็น {fmt2(table_score.score)}",
                f"indicator {row.indicator}: the analysis quotes {fmt2(quoted)} but the "
                f"score table has {fmt2(table_score.score)}",
            )


def _only_last_year(data: WorkbookData, indicator: int, quotes: list[Decimal], row: Score
                    ) -> Iterator[Problem]:
    """An analysis quoting last year's score but not this year's was most likely carried
    over from last year's workbook unchanged."""
    if (row.previous is not None and row.previous != row.score
            and row.previous in quotes and row.score not in quotes):
        yield warning_at(
            data, f"analyses[{indicator}].text", ProblemCode.QUOTED_PREVIOUS_ONLY,
            f"ตัวชี้วัดที่ {indicator}: ข้อความวิเคราะห์ระบุคะแนนปีก่อนหน้า "
            f"{fmt2(row.previous)} แต่ไม่ได้ระบุคะแนนปีนี้ {fmt2(row.score)} "
            "อาจเป็นข้อความของปีที่แล้ว กรุณาปรับปรุง",
            f"indicator {indicator}: the analysis quotes last year's score "
            f"{fmt2(row.previous)} but not this year's {fmt2(row.score)}; is it last "
            "year's text?",
        )


def _unedited_draft(data: WorkbookData, indicator: int, text: str) -> Iterator[Problem]:
    path = f"analyses[{indicator}].text"
    drafted = data.drafts.get(path)
    if text.strip() and drafted is not None and one_line(text) == one_line(drafted):
        yield warning_at(
            data, path, ProblemCode.DRAFT_UNEDITED,
            f"ตัวชี้วัดที่ {indicator}: การวิเคราะห์ยังเป็นร่างที่ itadocs เขียน ยังไม่ได้แก้ไข "
            "กรุณาอ่านและปรับให้ตรงกับการดำเนินงานจริงของสำนักงานเขต",
            f"indicator {indicator}: the analysis is still itadocs' draft, unedited; "
            "read it and make it fit what the district actually did",
        )


def _quotable(data: WorkbookData, fw: Framework, indicator: int) -> set[Decimal]:
    """Figures an analysis may quote: the indicator's score this year and the year
    before, and its tool's (a tool score left blank is not quoted from anywhere)."""
    figures = set()
    rows = [data.score(str(indicator))]
    tool = next((t for t in fw.tools if indicator in t.indicators), None)
    if tool is not None:
        rows.append(data.score(tool.code))
    for row in rows:
        if row is not None:
            figures |= {v for v in (row.score, row.previous) if v is not None}
    return figures


def measures(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    known = {i.number for i in fw.indicators}
    counts: dict[int, int] = {}
    for i, measure in enumerate(data.measures):
        if measure.indicator and measure.indicator not in known:
            yield problem_at(
                data, f"measures[{i}].indicator", ProblemCode.BAD_CHOICE,
                f"ไม่มีตัวชี้วัดที่ {measure.indicator}",
                f"there is no indicator {measure.indicator}",
            )
        counts[measure.indicator] = counts.get(measure.indicator, 0) + 1
    for ind in fw.indicators:
        if not counts.get(ind.number):
            yield warning_at(
                data, "", ProblemCode.NO_MEASURES,
                f"ตัวชี้วัดที่ {ind.number} ยังไม่มีมาตรการ/กิจกรรม",
                f"indicator {ind.number} has no measures",
                sheet=schema.MEASURES.name,
            )


# ---------------------------------------------------------------- the order


def order_number(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    order = data.order
    if order.number is not None and order.number <= 0:
        yield problem_at(
            data, "order.number", ProblemCode.ORDER_NUMBER,
            f"เลขที่คำสั่ง {order.number} ต้องเป็นเลขบวก",
            f"order number {order.number} must be a positive number",
        )
    if order.date and order.year is not None:
        date_year = order.date.year + 543
        if order.year != date_year:
            yield problem_at(
                data, "order.year", ProblemCode.ORDER_YEAR,
                f"ปีของเลขที่คำสั่ง ({order.year}) ไม่ตรงกับปี พ.ศ. ของวันที่ออกคำสั่ง "
                f"({date_year}) เลขที่คำสั่งนับตามปีปฏิทิน",
                f"the order number's year ({order.year}) differs from the year of its date "
                f"({date_year}); order numbers run per calendar year",
            )


def survey_counts(data: WorkbookData, fw: Framework, folder: Path | None
                  ) -> Iterator[Problem]:
    """The survey's replies and minimum sample (optional) are counts: never below zero, and
    a minimum of at least one."""
    for fld in schema.UNIT.fields:
        if fld.key not in data.unit.survey():
            continue
        value = data.unit.survey()[fld.key]
        least = 1 if fld.key.endswith("_minimum") else 0
        if value < least:
            label = fld.th.split(": ", 1)[-1]
            yield problem_at(
                data, f"unit.{fld.key}", ProblemCode.SURVEY_COUNT,
                f"แบบวัด {fld.en.split()[0]}: {label} ต้องเป็นจำนวนตั้งแต่ {least} ขึ้นไป "
                f"(ได้ {value})",
                f"{fld.en}: must be a count of {least} or more (got {value})",
            )


def order_dates(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    order, fy = data.order, data.unit.fiscal_year
    if not fy or not FISCAL_YEAR_RANGE[0] <= fy <= FISCAL_YEAR_RANGE[1]:
        return
    start, end = fiscal_year_bounds(fy)
    earliest = start - dt.timedelta(days=ORDER_LEAD_DAYS)
    for key, th, en in (("date", "วันที่ออกคำสั่ง", "order date"),
                        ("effective_date", "วันที่มีผล", "effective date")):
        value = getattr(order, key)
        if value and not earliest <= value <= end:
            yield problem_at(
                data, f"order.{key}", ProblemCode.ORDER_DATE,
                f"{th} {thai_date(value, False)} ไม่อยู่ในปีงบประมาณ {fy} "
                f"({thai_date(start, False)} - {thai_date(end, False)}) หรือก่อนหน้าไม่นาน",
                f"the {en} {value.isoformat()} is not within fiscal year {fy} "
                f"({start.isoformat()} - {end.isoformat()}) or shortly before it",
            )


def members(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    for body in ("committee", "working_group"):
        yield from _body_members(data, body)


def _body_members(data: WorkbookData, body: str) -> Iterator[Problem]:
    table = schema.COMMITTEE if body == "committee" else schema.WORKING_GROUP
    people = getattr(data, body)
    roles = schema.lists().roles(body)
    seen: dict[str, int] = {}
    chairs = []
    for i, member in enumerate(people):
        path = f"{body}[{i}]"
        who = member.identity()
        if who and who in seen:
            first = seen[who]
            yield problem_at(
                data, f"{path}.name" if member.name else f"{path}.position",
                ProblemCode.DUPLICATE_MEMBER,
                f"แผ่นงาน {table.name}: '{who}' ปรากฏซ้ำ (ลำดับที่ {first + 1} และ {i + 1}) "
                "คนเดียวกันมีได้บทบาทเดียวในคณะเดียว",
                f"sheet {table.name}: '{who}' appears twice (rows {first + 1} and {i + 1}); "
                "one person holds one role per body",
            )
        elif who:
            seen[who] = i
        if member.role and member.role not in roles:
            yield problem_at(
                data, f"{path}.role", ProblemCode.BAD_ROLE,
                f"บทบาท '{member.role}' ไม่อยู่ในรายการของ{table.name} "
                f"({', '.join(roles)})",
                f"role '{member.role}' is not a {body.replace('_', ' ')} role "
                f"({', '.join(roles)})",
            )
        if member.role == roles[0]:
            chairs.append(i)
    if people and len(chairs) != 1:
        path = f"{body}[{chairs[1]}].role" if len(chairs) > 1 else f"{body}[0].role"
        yield problem_at(
            data, path, ProblemCode.CHAIR_COUNT,
            f"{table.name}ต้องมี{roles[0]} 1 คน (พบ {len(chairs)} คน)",
            f"the {body.replace('_', ' ')} must have exactly one chair ({roles[0]}); "
            f"found {len(chairs)}",
        )


def duties(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    bodies = {d.body for d in data.duties}
    if data.committee and "committee" not in bodies:
        yield warning_at(data, "", ProblemCode.NO_DUTIES, "ยังไม่ได้กรอกหน้าที่ของคณะกรรมการ",
                          "the committee's duties are missing", sheet=schema.DUTIES.name)
    if data.working_group and "working_group" not in bodies:
        yield warning_at(data, "", ProblemCode.NO_DUTIES, "ยังไม่ได้กรอกหน้าที่ของคณะทำงาน",
                          "the working group's duties are missing", sheet=schema.DUTIES.name)


def empty_sections(data: WorkbookData, fw: Framework, folder: Path | None
                   ) -> Iterator[Problem]:
    """Sections 4, 6, 7 and 8 are staff's own texts: an empty one is left out."""
    for number, title in schema.SECTION_CHOICES.items():
        if any(p.section == number and p.text.strip() for p in data.paragraphs):
            continue
        if any(p.section == number and (p.file or p.picture) for p in data.photos):
            continue
        yield warning_at(
            data, "", ProblemCode.EMPTY_SECTION,
            f"หัวข้อ '{title}' ยังไม่มีข้อความหรือภาพ เอกสารจะไม่พิมพ์หัวข้อนี้ "
            f"(กรอกในแผ่นงาน {schema.PARAGRAPHS.name})",
            f"section {number} has no text or photo, so the document leaves it out "
            f"(fill it in sheet {schema.PARAGRAPHS.name})",
            sheet=schema.PARAGRAPHS.name, cell=f"A{schema.TABLE_FIRST_ROW}",
        )


def photo_files(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    """Each photo the ภาพ sheet names exists and is a picture (see photos.py)."""
    from itadocs.reading import photos

    yield from photos.problems(data, folder)


# ---------------------------------------------------------------- consistency


def signer_is_director(data: WorkbookData, fw: Framework, folder: Path | None
                       ) -> Iterator[Problem]:
    """The order is signed by whoever the คำสั่ง sheet names; warn when that is not the
    director named elsewhere (unless the signer signs on the director's behalf, แทน).
    The case of a signer in the director's own position is ``director_names``."""
    unit, order = data.unit, data.order
    signer = _norm_name(order.signer_name)
    if not signer or "แทน" in order.signer_position:
        return
    if _same_position(order.signer_position, unit.director_position) and unit.director_name:
        return  # reported by director_names with the position named
    named = [(_norm_name(unit.director_name), "แผ่นงาน หน่วยงาน", "on the unit sheet")]
    for _path, text in _texts(data):
        named += [(_norm_name(m[1]), "ข้อความในสมุดงาน", "in a text of the workbook")
                  for m in _NAMED_DIRECTOR.finditer(text)
                  if not unit.director_position
                  or _same_position(m[2], unit.director_position)]
    for name, where_th, where_en in named:
        if name and name != signer:
            yield warning_at(
                data, "order.signer_name", ProblemCode.SIGNER_NAME,
                f"ผู้ลงนามคำสั่ง '{order.signer_name}' ไม่ใช่ผู้อำนวยการเขต '{name}' "
                f"ที่ระบุใน{where_th} (หากลงนามแทน ให้ระบุตำแหน่งเช่น "
                "'ปฏิบัติราชการแทนผู้อำนวยการเขต')",
                f"the order is signed by '{order.signer_name}', not by the director "
                f"'{name}' named {where_en} (if signing on the director's behalf, "
                "say so in the position, e.g. 'ปฏิบัติราชการแทนผู้อำนวยการเขต')",
            )
            return


def director_names(data: WorkbookData, fw: Framework, folder: Path | None
                   ) -> Iterator[Problem]:
    """The director named one way: as the order's signer and in every text."""
    unit, order = data.unit, data.order
    director = _norm_name(unit.director_name)
    if not director:
        return
    if (order.signer_name and _same_position(order.signer_position, unit.director_position)
            and _norm_name(order.signer_name) != director):
        yield warning_at(
            data, "order.signer_name", ProblemCode.DIRECTOR_NAME,
            f"ผู้ลงนามคำสั่ง '{order.signer_name}' ในตำแหน่ง{order.signer_position} "
            f"ไม่ตรงกับชื่อผู้อำนวยการเขต '{unit.director_name}' (แผ่นงาน หน่วยงาน)",
            f"the order is signed by '{order.signer_name}' as director, but the director "
            f"is named '{unit.director_name}' on the unit sheet",
        )
    for path, text in _texts(data):
        for m in _NAMED_DIRECTOR.finditer(text):
            name, position = _norm_name(m[1]), m[2]
            if _same_position(position, unit.director_position) and name != director:
                yield warning_at(
                    data, path, ProblemCode.DIRECTOR_NAME,
                    f"ข้อความระบุ '{m[1]}' เป็น{position} แต่ชื่อผู้อำนวยการเขตคือ "
                    f"'{unit.director_name}'",
                    f"the text names '{m[1]}' as {position} but the director is "
                    f"'{unit.director_name}'",
                )


def text_years(data: WorkbookData, fw: Framework, folder: Path | None) -> Iterator[Problem]:
    fy = data.unit.fiscal_year
    if not fy:
        return
    for path, text in _texts(data):
        for m in _FISCAL_YEAR_IN_TEXT.finditer(text):
            year = int(arabic_digits(m[1]))
            if not fy - 2 <= year <= fy + 1:
                yield warning_at(
                    data, path, ProblemCode.TEXT_YEAR,
                    f"ข้อความกล่าวถึงปีงบประมาณ {m[1]} ซึ่งไม่เข้ากับเอกสารปี {fy} "
                    f"(ผลการประเมินปี {fy - 1})",
                    f"the text mentions fiscal year {year}, which does not fit the {fy} "
                    f"document (assessment of {fy - 1})",
                )


def _texts(data: WorkbookData) -> Iterator[tuple[str, str]]:
    """Every free text with its path, for the checks that scan what staff wrote."""
    order = data.order
    for key in ("subject", "preamble", "authority", "purpose"):
        yield f"order.{key}", getattr(order, key)
    for row in data.analyses:
        yield f"analyses[{row.indicator}].text", row.text
    for i, measure in enumerate(data.measures):
        yield f"measures[{i}].text", measure.text
    for i, duty in enumerate(data.duties):
        yield f"duties[{i}].text", duty.text
    for i, paragraph in enumerate(data.paragraphs):
        yield f"paragraphs[{i}].text", paragraph.text
    for i, photo in enumerate(data.photos):
        yield f"photos[{i}].caption", photo.caption


# The checks, in the order their problems are reported.
CHECKS: tuple[Check, ...] = (
    required_values,
    unit_and_years,
    scores,
    tool_ranges,
    analyses,
    measures,
    order_number,
    survey_counts,
    order_dates,
    members,
    duties,
    empty_sections,
    photo_files,
    signer_is_director,
    director_names,
    text_years,
    *consistency.CHECKS,
)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _quoted_scores(text: str) -> list[Decimal]:
    found = []
    for m in _QUOTED_SCORE.finditer(text):
        try:
            found.append(parse_number(m[1]))
        except ValueError:
            continue
    return found


def _norm_name(name: str) -> str:
    return one_line(name)


def _same_position(a: str, b: str) -> bool:
    return one_line(a) == one_line(b) and bool(a.strip())


def check(data: WorkbookData, framework: Framework, folder: Path | None = None) -> list[Problem]:
    """All content problems of ``data``; ``folder`` is where photos are looked up."""
    return [problem for run in CHECKS for problem in run(data, framework, folder)]

