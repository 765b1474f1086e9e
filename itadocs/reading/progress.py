"""Read the progress sheet (ผลการดำเนินการ): each round's texts in the form at its top, and
a row per measure and round in the table below, keyed by the measure's id.

The sheet is read with the rest of the workbook, but what is wrong in it is kept apart
(``Progress.problems``): the measures document and the order do not depend on it, so a
half-filled progress sheet never stops them; the progress report's check reports it.
"""

from __future__ import annotations

import re
from typing import Any

from itadocs.cleantext import comparable, one_line
from itadocs.exceptions import Problem, ProblemCode
from itadocs.model import ROUNDS, ProgressRow, RoundTexts, WorkbookData
from itadocs.reading import schema
from itadocs.reading.cellvalues import normal_key, plain_label
from itadocs.reading.xlsxload import Extent, left_out
from itadocs.thai import arabic_digits

SHEET = schema.PROGRESS.name
_ROUND_NUMBER = re.compile(r"([0-9๐-๙]{1,2})")


def typed_id(text: str) -> str:
    """A measure's id as itadocs writes it (``M01``), also when retyped by hand: letter case,
    Thai digits, spaces and invisible characters (a zero-width space, a non-breaking space
    pasted with it) do not make another id, as they make no other name elsewhere."""
    return "".join(arabic_digits(comparable(text)).split()).upper()


def _status(typed: str) -> str:
    """The dropdown's status, also when typed with spaces or an invisible character inside
    (a zero-width space pasted with it); anything else as typed, for the check to name."""
    key = comparable(typed)
    return next((choice for choice in schema.STATUS_CHOICES if comparable(choice) == key),
                one_line(typed))


def read_progress(walker: Any, wb: Any) -> None:
    """Fill ``walker.data.progress`` from the sheet, if the workbook has it (a workbook of
    template version 2 does not: ``present`` stays False). ``walker`` is the reader's
    ``_Walker``: its conversions record problems at their cells."""
    progress = walker.data.progress
    known = {*schema.SHEET_ORDER, schema.META_SHEET, schema.LISTS_SHEET}
    progress.other_sheets = [name for name in wb.sheetnames if name not in known]
    if SHEET not in wb.sheetnames:
        return
    progress.present = True
    ws = wb[SHEET]
    _read_rounds(walker, ws)
    for _, values in walker.read_table(wb, schema.PROGRESS):
        cells = values["_cells"]
        index = len(progress.rows)
        walker.record(f"progress[{index}]", SHEET, cells)
        progress.rows.append(ProgressRow(
            measure_id=typed_id(values.get("measure_id") or ""),
            round=_round(walker, values.get("round"), cells.get("round", "")),
            status=_status(values.get("status") or ""),
            percent=values.get("percent"),
            result=values.get("result") or "",
            budget_used=values.get("budget_used"),
            date_done=values.get("date_done"),
            evidence=one_line(values.get("evidence") or ""),
        ))


def _round(walker: Any, typed: Any, ref: str) -> int | None:
    """6 or 12 from the dropdown's words ("6 เดือน"), a number, or "รอบ ๖ เดือน"."""
    if typed is None or not str(typed).strip():
        return None
    text = one_line(str(typed))
    if text in schema.ROUND_CHOICES:
        return schema.ROUND_CHOICES[text]
    numbers = _ROUND_NUMBER.findall(text)
    if len(numbers) == 1:
        number = int(arabic_digits(numbers[0]))
        if number in ROUNDS:
            return number
    walker.error(
        ProblemCode.BAD_CHOICE, SHEET, ref,
        f"รอบ '{text}' ไม่อยู่ในรายการ (6 เดือน หรือ 12 เดือน)",
        f"round '{text}' is not one of the list (6 เดือน / 12 เดือน: 6 or 12 months)",
    )
    return None


KEY_COLUMNS = 4  # the form's keys are looked for this far right (column A in the template)


def _read_rounds(walker: Any, ws: Any) -> None:
    """The form at the top: a field per row (its key in column A, or a few columns to the
    right where staff inserted columns), a column per round."""
    limit = min(ws.max_row, schema.PROGRESS.header_within)
    keys = {normal_key(f.en): f for f in schema.PROGRESS_FIELDS}
    rows: dict[str, int] = {}
    columns: dict[int, int] = {}
    wanted = {key: r for r, key in schema.PROGRESS_ROUND_KEYS.items()}
    for r in range(1, limit + 1):
        for c in range(1, min(ws.max_column, KEY_COLUMNS) + 1):
            found = keys.get(normal_key(ws.cell(r, c).value))
            if found is not None:
                rows.setdefault(found.key, r)
                break
        for c in range(1, min(ws.max_column, 20) + 1):
            round_number = wanted.get(normal_key(ws.cell(r, c).value))
            if round_number is not None and round_number not in columns:
                columns[round_number] = c
    for number in ROUNDS:
        texts = walker.data.progress.rounds.setdefault(number, RoundTexts())
        column = columns.get(number)
        if column is None:
            walker.error(
                ProblemCode.MISSING_COLUMN, SHEET, f"A{schema.PROGRESS_FORM_ROW + 1}",
                f"แผ่นงาน {SHEET}: ไม่พบคอลัมน์ของรอบ {number} เดือน "
                f"({schema.PROGRESS_ROUND_KEYS[number]}) ในส่วนข้อความของรอบ",
                f"sheet {SHEET}: the column of round {number} "
                f"({schema.PROGRESS_ROUND_KEYS[number]}) of the rounds' texts is missing",
            )
            continue
        for field in schema.PROGRESS_FIELDS:
            row = rows.get(field.key)
            if row is None:
                continue  # reported once below
            cell = ws.cell(row, column)
            walker.record(f"progress.rounds[{number}]", SHEET, {field.key: cell.coordinate})
            value = walker.convert(
                field.kind, cell.value, SHEET, cell.coordinate,
                (f"{plain_label(field.th)} (รอบ {number} เดือน)",
                 f"{field.en} (round {number})"))
            if value is not None:
                setattr(texts, field.key, value)
    for field in schema.PROGRESS_FIELDS:
        if field.key not in rows:
            walker.error(
                ProblemCode.MISSING_FIELD, SHEET, "",
                f"ไม่พบรายการ '{field.th}' ในแผ่นงาน {SHEET}",
                f"row '{field.en}' not found in sheet {SHEET}",
            )


def progress_problems(data: WorkbookData, problems: list[Problem],
                      extents: dict[str, Extent]) -> list[Problem]:
    """The workbook's problems without the progress sheet's, which go to
    ``data.progress.problems`` (with what the compact copy left out of that sheet)."""
    if not data.progress.present:
        return problems
    own = [p for p in problems if p.sheet == SHEET]
    data.progress.problems = own + left_out(extents, {SHEET})
    return [p for p in problems if p.sheet != SHEET]
