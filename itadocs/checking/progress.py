"""Check a workbook for one round's progress report (``itadocs progress --round 6|12``).

The report stands on the whole workbook (it cites the scores, the level and the order), so
the workbook's own problems come first; then the progress sheet's, each named by its
sheet!cell: a measure without its id or without a row for the round, a status that
contradicts its percentage, a blank status, a budget used beyond the budget set, a date
outside the fiscal year or after the round's end, a percentage that fell from round 6 to
round 12, a link that is not a web address.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from itadocs import framework as frameworks
from itadocs.checking.check import Report, check_workbook, reading_order
from itadocs.checking.consistency import districts_named, years_named
from itadocs.checking.locate import problem_at, warning_at
from itadocs.checking.texts import progress_texts
from itadocs.cleantext import one_line, shown
from itadocs.exceptions import Problem, Severity
from itadocs.messages import Message, ProblemCode
from itadocs.model import ProgressRow, RoundTexts, WorkbookData
from itadocs.reading import schema
from itadocs.thai import (
    arabic_digits,
    decimals_of,
    fiscal_year_bounds,
    parse_number,
    thai_date,
)

SHEET = schema.PROGRESS.name
MEMO_LATE_DAYS = 92  # a round's memo is sent within about three months of its end
# Warnings about what only the measures document prints (its sections, its analyses): not
# repeated for the progress report, which does not print them.
MEASURES_ONLY = {ProblemCode.EMPTY_SECTION, ProblemCode.QUOTED_SCORE,
                 ProblemCode.QUOTED_PREVIOUS_ONLY, ProblemCode.DRAFT_UNEDITED,
                 ProblemCode.NO_DUTIES, ProblemCode.DEPARTMENT_TWICE, ProblemCode.NO_MEASURES}


@dataclass
class ProgressReport(Report):
    """The check of a workbook for one round's report: its problems (the workbook's and
    the progress sheet's) and the framework whose wording the report uses."""

    round: int = 6
    wording_year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "round": self.round,
                "wording_framework_year": self.wording_year}


# What the web page says instead of ``itadocs draft``: the check page's button that makes
# the same step (ids and rows written into a new copy of the workbook).
IN_STEP_BUTTON = Message(
    "ปุ่ม \"เพิ่มรหัสและแถวที่ขาด\" ในส่วนรายงานผลการดำเนินการของหน้าผลการตรวจ ใส่รหัสและแถว"
    "ให้ในสมุดงานฉบับใหม่ที่ดาวน์โหลดได้",
    "the \"Add the missing ids and rows\" button in the check page's progress report section "
    "writes them into a new copy of the workbook to download")


def _convert_on_page(fiscal_year: int | None) -> Message:
    """The older template's conversion said for the web page: its home page's form for next
    year's workbook, given this workbook's own year (so nothing moves on a year)."""
    year_th = f" {fiscal_year}" if fiscal_year else "ของสมุดงานนี้"
    year_en = f" {fiscal_year}" if fiscal_year else " of this workbook"
    return Message(
        f"สมุดงานนี้ไม่มีแผ่นงาน {SHEET} (แม่แบบรุ่นก่อน) แปลงเป็นแม่แบบรุ่นปัจจุบันที่หน้าแรก: "
        "\"สมุดงานปีถัดไปจากปีที่แล้ว\" อัปโหลดสมุดงานนี้ เปิด \"ของเขตอื่น หรือเลือกปีเอง\" แล้ว"
        f"ใส่ปีงบประมาณเดิม{year_th} (ข้อมูลคงเดิม มาตรการได้รหัสและแถวใน {SHEET})",
        f"this workbook has no sheet {SHEET} (an older template); convert it on the home "
        "page: upload it to \"Next year's from last year's\", open \"A colleague's workbook, "
        f"or another year\" and give its own fiscal year{year_en} (data kept; the measures "
        f"get their ids and their rows in {SHEET})")


def round_bounds(fiscal_year: int, round_months: int) -> tuple[dt.date, dt.date]:
    """First and last day a round reports on: 1 October to 31 March, or to 30 September."""
    start, end = fiscal_year_bounds(fiscal_year)
    return start, (dt.date(end.year, 3, 31) if round_months == 6 else end)


_NONE_BUDGET = re.compile(r"^(ไม่ใช้งบประมาณ|ไม่ใช้งบ|ไม่ใช้|ไม่มี|-|–|0)$")
_AMOUNT = re.compile(r"^(?:งบประมาณ\s*)?([0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?)\s*(?:บาท)?$")


def budget_amount(text: str) -> Decimal | None:
    """The budget set for a measure, when its text is an amount ("20,000 บาท") or says
    none ("ไม่ใช้งบประมาณ" is 0); None for anything else (never guessed)."""
    typed = one_line(text)
    if not typed:
        return None
    if _NONE_BUDGET.match(typed):
        return Decimal(0)
    m = _AMOUNT.match(typed)
    if not m:
        return None
    try:
        return parse_number(arabic_digits(m[1]))
    except ValueError:
        return None


def check_progress(path: Path | str, round_months: int) -> ProgressReport:
    """Read and check ``path`` for the round's report. Raises ``WorkbookUnreadable`` only
    when the file cannot be opened; everything else is a problem in the report."""
    base = check_workbook(path)
    kept = [p for p in base.problems if p.is_error or p.code not in MEASURES_ONLY]
    report = ProgressReport(base.path, base.data, kept, base.result, round=round_months)
    data = base.data
    fy = data.unit.fiscal_year
    if fy:
        choice = frameworks.for_progress(fy, round_months)
        report.wording_year = choice.year
        where = data.where("unit.fiscal_year") or ("", "")
        have = {(p.code, p.message.en) for p in report.problems}
        report.problems += [Problem(Severity.WARNING, n.code, *where, n.message)
                            for n in choice.notices if (n.code, n.en) not in have]
    report.problems += progress_problems(data, round_months)
    report.problems.sort(key=reading_order)
    return report


def progress_problems(data: WorkbookData, round_months: int) -> list[Problem]:
    """Every problem of the progress sheet for the round, in the sheet's order."""
    progress = data.progress
    if sheet_gone(data):
        return [_sheet_gone(data)]
    if not progress.present:
        return [Problem(
            Severity.ERROR, ProblemCode.NO_PROGRESS_SHEET, SHEET, "",
            Message(f"สมุดงานนี้ไม่มีแผ่นงาน {SHEET} (แม่แบบรุ่นก่อน) แปลงเป็นแม่แบบรุ่นปัจจุบันด้วย "
                    "itadocs new ใหม่.xlsx --from เดิม.xlsx --year ปีงบประมาณเดิม (ข้อมูลคงเดิม "
                    f"มาตรการได้รหัสและแถวใน {SHEET})",
                    f"this workbook has no sheet {SHEET} (an older template); convert it with "
                    "'itadocs new NEW.xlsx --from OLD.xlsx --year <its fiscal year>' (data kept; "
                    f"the measures get their ids and their rows in {SHEET})",
                    web=_convert_on_page(data.unit.fiscal_year)))]
    found = list(progress.problems)
    found += _ids(data)
    rows = _rows_of_round(data, round_months, found)
    found += _missing_rows(data, rows, round_months)
    fy = data.unit.fiscal_year
    if rows and not any(_filled(row) for _, row in rows.values()):
        first = min(rows.values(), key=lambda item: item[0])[0]
        found.append(problem_at(
            data, f"progress[{first}].status", ProblemCode.REQUIRED,
            f"ยังไม่ได้กรอกผลการดำเนินการของรอบ {round_months} เดือนเลย ({len(rows)} มาตรการ) "
            f"กรอกสถานะ ร้อยละ และผลการดำเนินการในแผ่นงาน {SHEET}",
            f"round {round_months} is not filled in at all ({len(rows)} measures); fill the "
            f"status, percentage and result in sheet {SHEET}"))
        rows = {}
    for index, row in rows.values():
        found += list(_row(data, index, row, round_months, fy))
    if round_months == 12:
        found += list(_fell(data, rows))
    found += list(_round_texts(data, round_months, fy))
    texts = list(progress_texts(data, round_months))
    found += [*districts_named(data, texts), *years_named(data, texts)]
    return found


def sheet_gone(data: WorkbookData) -> bool:
    """The progress sheet is missing from a workbook whose template has it."""
    return not data.progress.present and (data.template_version or 0) >= schema.PROGRESS_SINCE


def _sheet_gone(data: WorkbookData) -> Problem:
    return Problem(Severity.ERROR, ProblemCode.MISSING_SHEET, SHEET, "",
                   sheet_gone_message(data))


def sheet_gone_message(data: WorkbookData) -> Message:
    """The progress sheet missing from a workbook whose template has it: deleted or renamed.
    Converting it (``new --from``) would start an empty sheet, so the message says how to
    bring the sheet back and names the sheets the template does not know."""
    version = data.template_version
    others = ", ".join(f"'{name}'" for name in data.progress.other_sheets)
    seen_th = f" (แผ่นงานที่แม่แบบไม่รู้จักในสมุดงานนี้: {others})" if others else ""
    seen_en = f" (sheets of this workbook the template does not know: {others})" if others else ""
    return Message(f"ไม่พบแผ่นงาน {SHEET} ในสมุดงานนี้ ซึ่งเป็นแม่แบบรุ่น {version} ที่มีแผ่นงานนี้ "
                f"(ถูกลบหรือเปลี่ยนชื่อ){seen_th} เปลี่ยนชื่อแผ่นงานกลับเป็น {SHEET} "
                "หรือถ้าลบไปแล้ว ใช้สมุดงานฉบับก่อนลบ",
                f"sheet {SHEET} is missing from this workbook, of template version {version}, "
                f"which has it (deleted or renamed){seen_en}; rename the sheet back to "
                f"{SHEET}, or if it was deleted, use the copy of the workbook from before")


def _ids(data: WorkbookData) -> list[Problem]:
    """Each measure has one id of its own."""
    found = []
    first: dict[str, int] = {}
    for i, measure in enumerate(data.measures):
        if not measure.text.strip():
            continue
        if not measure.id:
            found.append(problem_at(
                data, f"measures[{i}].id", ProblemCode.MEASURE_ID_MISSING,
                f"มาตรการแถวนี้ยังไม่มีรหัส จึงยังไม่มีแถวในแผ่นงาน {SHEET} สั่ง itadocs draft "
                "ชื่อไฟล์.xlsx เพื่อให้ itadocs ใส่รหัสและเพิ่มแถวให้ (ในไฟล์ใหม่)",
                f"this measure has no id yet, so it has no row in sheet {SHEET}; run "
                "'itadocs draft FILE.xlsx': itadocs gives it its id and rows (in a new file)",
                sheet=schema.MEASURES.name, cell=_cell(data, f"measures[{i}].text"),
                web=Message(f"มาตรการแถวนี้ยังไม่มีรหัส จึงยังไม่มีแถวในแผ่นงาน {SHEET} "
                            f"{IN_STEP_BUTTON.th}",
                            f"this measure has no id yet, so it has no row in sheet {SHEET}; "
                            f"{IN_STEP_BUTTON.en}")))
        elif measure.id in first:
            other = _cell(data, f"measures[{first[measure.id]}].id")
            found.append(problem_at(
                data, f"measures[{i}].id", ProblemCode.MEASURE_ID_TWICE,
                f"รหัส {measure.id} ซ้ำกับมาตรการที่ {schema.MEASURES.name}!{other} (แถวที่คัดลอก"
                "มาจะมีรหัสเดิมติดมา) ลบรหัสของแถวที่คัดลอกมา แล้วสั่ง itadocs draft เพื่อให้รหัสใหม่",
                f"id {measure.id} is also the id of the measure at {schema.MEASURES.name}!"
                f"{other} (a copied row keeps its id); clear the copy's id and run "
                "'itadocs draft' to give it a new one",
                web=Message(
                    f"รหัส {measure.id} ซ้ำกับมาตรการที่ {schema.MEASURES.name}!{other} (แถวที่"
                    "คัดลอกมาจะมีรหัสเดิมติดมา) ลบรหัสของแถวที่คัดลอกมาใน Excel อัปโหลดเพื่อตรวจ"
                    f"อีกครั้ง แล้ว{IN_STEP_BUTTON.th}",
                    f"id {measure.id} is also the id of the measure at "
                    f"{schema.MEASURES.name}!{other} (a copied row keeps its id); clear the "
                    f"copy's id in Excel, check the workbook again, then {IN_STEP_BUTTON.en}")))
        else:
            first[measure.id] = i
    return found


def _cell(data: WorkbookData, path: str) -> str:
    where = data.where(path)
    return where[1] if where else ""


def _rows_of_round(data: WorkbookData, round_months: int, found: list[Problem]
                   ) -> dict[str, tuple[int, ProgressRow]]:
    """The round's rows by measure id; rows without a round, without an id, of a measure
    that is gone, or twice for one measure are reported."""
    ids = {m.id for m in data.measures if m.id and m.text.strip()}
    rows: dict[str, tuple[int, ProgressRow]] = {}
    for i, row in enumerate(data.progress.rows):
        base = f"progress[{i}]"
        if row.round is None and not row.measure_id and _filled(row):
            found.append(problem_at(
                data, f"{base}.measure_id", ProblemCode.MEASURE_ID_MISSING,
                f"แผ่นงาน {SHEET}: แถวนี้มีข้อมูลแต่ไม่มีรหัสมาตรการและรอบ จึงไม่นำไปรายงาน",
                f"sheet {SHEET}: this row has data but neither a measure id nor a round, so "
                "it is not reported"))
            continue
        if row.round is None:
            if row.measure_id and data.where(f"{base}.round") and not _bad_round(data, i):
                found.append(problem_at(
                    data, f"{base}.round", ProblemCode.REQUIRED,
                    f"แผ่นงาน {SHEET}: แถวของ {row.measure_id} ยังไม่ได้เลือกรอบ (6 หรือ 12 เดือน)",
                    f"sheet {SHEET}: the row of {row.measure_id} has no round (6 or 12)"))
            continue
        if row.round != round_months:
            continue
        if not row.measure_id:
            found.append(problem_at(
                data, f"{base}.measure_id", ProblemCode.MEASURE_ID_MISSING,
                f"แผ่นงาน {SHEET}: แถวนี้ไม่มีรหัสมาตรการ จึงไม่รู้ว่าเป็นผลของมาตรการใด "
                f"(พิมพ์รหัสจากคอลัมน์รหัสของแผ่นงาน {schema.MEASURES.name})",
                f"sheet {SHEET}: this row has no measure id, so whose result it is is unknown "
                f"(type the id from the id column of sheet {schema.MEASURES.name})"))
        elif row.measure_id not in ids:
            found.append(problem_at(
                data, f"{base}.measure_id", ProblemCode.PROGRESS_UNKNOWN_MEASURE,
                f"แผ่นงาน {SHEET}: รหัส {row.measure_id} ไม่มีในแผ่นงาน {schema.MEASURES.name} "
                "(มาตรการถูกลบ?) แถวนี้ไม่นำไปรายงาน",
                f"sheet {SHEET}: id {row.measure_id} is not in sheet {schema.MEASURES.name} "
                "(a measure removed?); this row is not reported",
                severity=Severity.WARNING))
        elif row.measure_id in rows:
            other = _cell(data, f"progress[{rows[row.measure_id][0]}].measure_id")
            found.append(problem_at(
                data, f"{base}.measure_id", ProblemCode.DUPLICATE_ROW,
                f"แผ่นงาน {SHEET}: {row.measure_id} รอบ {round_months} เดือน มีสองแถว (อีกแถวที่ "
                f"{other}) ให้เหลือแถวเดียว",
                f"sheet {SHEET}: {row.measure_id}, round {round_months}, has two rows (the "
                f"other at {other}); keep one"))
        else:
            rows[row.measure_id] = (i, row)
    return rows


def _filled(row: ProgressRow) -> bool:
    return bool(row.status or row.percent is not None or row.result.strip()
                or row.budget_used is not None or row.date_done or row.evidence)


def _bad_round(data: WorkbookData, index: int) -> bool:
    """The round cell holds something the reader already reported."""
    where = data.where(f"progress[{index}].round")
    return any(p.sheet == SHEET and where and p.cell == where[1]
               for p in data.progress.problems)


def _missing_rows(data: WorkbookData, rows: dict[str, tuple[int, ProgressRow]],
                  round_months: int) -> list[Problem]:
    found = []
    seen = set()
    for i, measure in enumerate(data.measures):
        if not measure.id or not measure.text.strip() or measure.id in seen:
            continue
        seen.add(measure.id)
        if measure.id not in rows:
            found.append(problem_at(
                data, f"measures[{i}].text", ProblemCode.PROGRESS_ROW_MISSING,
                f"มาตรการ {measure.id} ไม่มีแถวรอบ {round_months} เดือนในแผ่นงาน {SHEET} "
                "(สั่ง itadocs draft เพื่อเพิ่มแถว หรือพิมพ์รหัสและรอบในแถวว่าง)",
                f"measure {measure.id} has no round-{round_months} row in sheet {SHEET} (run "
                "'itadocs draft' to add it, or type the id and the round in an empty row)",
                web=Message(
                    f"มาตรการ {measure.id} ไม่มีแถวรอบ {round_months} เดือนในแผ่นงาน {SHEET} "
                    f"{IN_STEP_BUTTON.th} (หรือพิมพ์รหัสและรอบในแถวว่าง)",
                    f"measure {measure.id} has no round-{round_months} row in sheet {SHEET}; "
                    f"{IN_STEP_BUTTON.en} (or type the id and the round in an empty row)")))
    return found


def _row(data: WorkbookData, i: int, row: ProgressRow, round_months: int, fy: int | None
         ) -> Iterator[Problem]:
    base = f"progress[{i}]"
    who_th, who_en = f"{row.measure_id} รอบ {round_months} เดือน", \
        f"{row.measure_id}, round {round_months}"
    read_wrong = {p.cell for p in data.progress.problems}
    status_cell, percent_cell = _cell(data, f"{base}.status"), _cell(data, f"{base}.percent")
    if not row.status and status_cell not in read_wrong:
        yield problem_at(data, f"{base}.status", ProblemCode.REQUIRED,
                         f"{who_th}: ยังไม่ได้เลือกสถานะ", f"{who_en}: the status is blank")
    elif row.status and row.status not in schema.STATUS_CHOICES:
        yield problem_at(data, f"{base}.status", ProblemCode.BAD_CHOICE,
                         f"{who_th}: สถานะ '{shown(row.status)}' ไม่อยู่ในรายการ "
                         f"({' / '.join(schema.STATUS_CHOICES)})",
                         f"{who_en}: status '{shown(row.status)}' is not one of the list")
    if row.percent is None:
        if percent_cell not in read_wrong:
            yield problem_at(data, f"{base}.percent", ProblemCode.REQUIRED,
                             f"{who_th}: ยังไม่ได้กรอกร้อยละความสำเร็จ",
                             f"{who_en}: the percentage is blank")
    elif not Decimal(0) <= row.percent <= Decimal(100):
        yield problem_at(data, f"{base}.percent", ProblemCode.PERCENT_RANGE,
                         f"{who_th}: ร้อยละ {row.percent} อยู่นอกช่วง 0-100",
                         f"{who_en}: the percentage {row.percent} is outside 0-100")
    elif decimals_of(row.percent.normalize()) > 2:
        yield problem_at(data, f"{base}.percent", ProblemCode.PERCENT_DECIMALS,
                         f"{who_th}: ร้อยละ {row.percent} มีทศนิยมเกิน 2 ตำแหน่ง รายงานพิมพ์ทศนิยม "
                         "2 ตำแหน่ง พิมพ์ร้อยละที่ปัดแล้ว (ไม่เกิน 2 ตำแหน่ง) ให้ตรงกับสถานะ",
                         f"{who_en}: the percentage {row.percent} has more than two decimals; "
                         "the report prints two, so type it rounded (at most two decimals) to "
                         "match the status")
    elif row.status in schema.STATUS_CHOICES:
        yield from _status_percent(data, base, row, who_th, who_en)
    yield from _budget(data, base, row, who_th, who_en)
    if row.date_done and fy:
        yield from _date(data, f"{base}.date_done", row.date_done, fy, round_months,
                         f"{who_th}: วันที่ดำเนินการ", f"{who_en}: the date done")
    for link in row.evidence.split():
        if not is_url(link):
            yield problem_at(
                data, f"{base}.evidence", ProblemCode.NOT_A_URL,
                f"{who_th}: หลักฐาน '{shown(link[:60])}' ไม่ใช่ที่อยู่เว็บ (ขึ้นต้นด้วย https:// หรือ "
                "http://) ใส่ลิงก์ของหลักฐาน หรือใส่ภาพในแผ่นงาน ภาพ",
                f"{who_en}: the evidence '{shown(link[:60])}' is not a web address (starting "
                "https:// or http://); give the evidence's link, or put a photo in sheet ภาพ")
            break


def is_url(text: str) -> bool:
    """A web address a reader can open: http(s), a host with a dot, nothing invisible (a
    zero-width space inside a link is typed, printed and clicked as a broken address)."""
    if any(unicodedata.category(c)[0] in "CZ" for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.startswith(".")


def _status_percent(data: WorkbookData, base: str, row: ProgressRow, who_th: str,
                    who_en: str) -> Iterator[Problem]:
    """100 ⇔ ดำเนินการแล้ว; 0 ⇔ ยังไม่ดำเนินการ; between them อยู่ระหว่างดำเนินการ."""
    assert row.percent is not None
    wanted = (schema.STATUS_DONE if row.percent == 100 else
              schema.STATUS_NOT_STARTED if row.percent == 0 else schema.STATUS_DOING)
    if row.status != wanted:
        yield problem_at(
            data, f"{base}.status", ProblemCode.STATUS_PERCENT,
            f"{who_th}: สถานะ '{row.status}' ไม่ตรงกับร้อยละ {_pct(row.percent)} "
            f"(ร้อยละ {_pct(row.percent)} คือ '{wanted}'; ดำเนินการแล้ว = 100, "
            "ยังไม่ดำเนินการ = 0)",
            f"{who_en}: the status '{row.status}' contradicts the percentage "
            f"{_pct(row.percent)} ({_pct(row.percent)}% is '{wanted}'; done = 100, "
            "not started = 0)")


def _pct(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def _budget(data: WorkbookData, base: str, row: ProgressRow, who_th: str, who_en: str
            ) -> Iterator[Problem]:
    if row.budget_used is None:
        return
    measure = next((m for m in data.measures if m.id == row.measure_id), None)
    planned = budget_amount(measure.budget) if measure else None
    if planned is not None and row.budget_used > planned:
        yield warning_at(
            data, f"{base}.budget_used", ProblemCode.BUDGET_OVER,
            f"{who_th}: ใช้งบประมาณ {row.budget_used:,.2f} บาท มากกว่างบประมาณที่ตั้งไว้ "
            f"({measure.budget if measure else ''})",
            f"{who_en}: {row.budget_used:,.2f} baht used, more than the budget set "
            f"({measure.budget if measure else ''})")


def _date(data: WorkbookData, path: str, value: dt.date, fy: int, round_months: int,
          th: str, en: str, late_days: int = 0) -> Iterator[Problem]:
    """A date within the fiscal year and not after the round's end (``late_days`` after
    it for a memo)."""
    start, end = round_bounds(fy, round_months)
    last = end + dt.timedelta(days=late_days)
    if not start <= value <= last:
        yield warning_at(
            data, path, ProblemCode.DATE_OUTSIDE,
            f"{th} {thai_date(value, False)} ไม่อยู่ในช่วงของรอบ {round_months} เดือน "
            f"ปีงบประมาณ {fy} ({thai_date(start, False)} - {thai_date(last, False)})",
            f"{en} {value.isoformat()} is not within round {round_months} of fiscal year "
            f"{fy} ({start.isoformat()} - {last.isoformat()})")


def _fell(data: WorkbookData, rows: dict[str, tuple[int, ProgressRow]]) -> Iterator[Problem]:
    """A measure's 12-month percentage below its 6-month one."""
    six = {r.measure_id: r for r in data.progress.rows if r.round == 6}
    for measure_id, (i, row) in rows.items():
        before = six.get(measure_id)
        if (before is not None and before.percent is not None and row.percent is not None
                and row.percent < before.percent):
            yield warning_at(
                data, f"progress[{i}].percent", ProblemCode.PERCENT_FELL,
                f"{measure_id}: ร้อยละรอบ 12 เดือน ({_pct(row.percent)}) น้อยกว่ารอบ 6 เดือน "
                f"({_pct(before.percent)}) ตรวจสอบการพิมพ์",
                f"{measure_id}: the 12-month percentage ({_pct(row.percent)}) is below the "
                f"6-month one ({_pct(before.percent)}); check for a typo")


def _round_texts(data: WorkbookData, round_months: int, fy: int | None
                 ) -> Iterator[Problem]:
    texts = data.progress.rounds.get(round_months, RoundTexts())
    base = f"progress.rounds[{round_months}]"
    if texts.as_of and fy:
        yield from _date(data, f"{base}.as_of", texts.as_of, fy, round_months,
                         "ข้อมูล ณ วันที่", "the 'as of' date")
    for key, th, en in (("problems", "ปัญหา อุปสรรค", "problems"),
                        ("suggestions", "ข้อเสนอแนะ", "suggestions")):
        if not getattr(texts, key).strip():
            yield warning_at(
                data, f"{base}.{key}", ProblemCode.ROUND_TEXT_MISSING,
                f"{th}ของรอบ {round_months} เดือน ยังว่าง รายงานจะพิมพ์ว่า 'ไม่มี'",
                f"the {en} of round {round_months} are blank; the report prints 'ไม่มี' (none)",
                sheet=SHEET)
    if not texts.has_memo:
        return
    for key in ("memo_department", "memo_date", "memo_signer_name", "memo_signer_position"):
        if getattr(texts, key) in (None, ""):
            field = next(f for f in schema.PROGRESS_FIELDS if f.key == key)
            yield problem_at(
                data, f"{base}.{key}", ProblemCode.REQUIRED,
                f"บันทึกข้อความรอบ {round_months} เดือน: ยังไม่ได้กรอก "
                f"{field.th.removeprefix('บันทึกข้อความ: ')} (หรือลบรายละเอียดบันทึกทั้งหมด "
                "ถ้าไม่ต้องการบันทึกข้อความ)",
                f"the round-{round_months} memo: {field.en} is missing (or clear all the "
                "memo's details if no memo is wanted)", sheet=SHEET)
    if texts.memo_date and fy:
        yield from _date(data, f"{base}.memo_date", texts.memo_date, fy, round_months,
                         "วันที่ของบันทึกข้อความ", "the memo's date", MEMO_LATE_DAYS)
