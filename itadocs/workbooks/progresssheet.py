"""The progress sheet (ผลการดำเนินการ) kept in step with the measures, and written.

Every measure has a stable id (``M01``…) written beside it in the measures sheet: staff
never type it, and it moves with the row when the measures are re-ordered. The progress
sheet has a row per measure and round, keyed by that id. Whenever itadocs writes a workbook
(``new``, ``new --from``, ``draft``) it gives a new measure its id and its two rows; a row
whose measure was removed is kept (and ``progress`` warns about it): nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from itadocs.messages import Message
from itadocs.model import ROUNDS, ProgressRow, RoundTexts, WorkbookData
from itadocs.reading import schema
from itadocs.thai import thai_long_date
from itadocs.workbooks.cells import formula, put, put_at
from itadocs.workbooks.sheetstyle import (
    BOLD,
    BOX,
    FONT,
    HEADER_FILL,
    INPUT_FILL,
    KEY_FONT,
    LABEL_FILL,
    LINE_HEIGHT,
    UNLOCKED,
    WRAP_TOP,
    add_validations,
    fit_rows,
    protect,
    setup,
    style_input,
    table_header,
    validation,
)

_ID = re.compile(r"^M(\d{1,6})$")
SPARE_ROWS = 40  # empty formatted rows under the table, for measures added by hand


def new_id(taken: set[str]) -> str:
    """The next free id: one above the highest ``M<n>`` in use (``M01``, ``M02``…)."""
    numbers = [int(m[1]) for t in taken if (m := _ID.match(t))]
    return f"M{max(numbers, default=0) + 1:02d}"


def in_step(data: WorkbookData) -> list[Message]:
    """Give every measure without an id its id, and every measure its rows of both rounds
    in the progress sheet; returns what was done, for the person who runs the command.

    Two measures with one id (a copied row) are left as they are: only staff know which
    one the rows belong to, and the progress report's check names both cells.

    A new id is never one a progress row already holds: a removed measure's rows are kept,
    and a new measure given its id would be reported with the removed one's results."""
    taken = {m.id for m in data.measures if m.id}
    taken |= {row.measure_id for row in data.progress.rows if row.measure_id}
    given = []
    for measure in data.measures:
        if not measure.id and measure.text.strip():
            measure.id = new_id(taken)
            taken.add(measure.id)
            given.append(measure.id)
    rows = data.progress.rows
    have = {(row.measure_id, row.round) for row in rows}
    added = 0
    for number in ROUNDS:
        for measure in data.measures:
            if measure.id and (measure.id, number) not in have:
                rows.append(ProgressRow(measure.id, number))
                have.add((measure.id, number))
                added += 1
    data.progress.present = True
    notes = []
    if given:
        notes.append(Message(
            f"ใส่รหัสให้มาตรการที่ยังไม่มีรหัส {len(given)} ข้อ ({', '.join(given[:8])}"
            f"{' …' if len(given) > 8 else ''}) ในแผ่นงาน {schema.MEASURES.name}",
            f"gave {len(given)} measure(s) without an id their id ({', '.join(given[:8])}"
            f"{' …' if len(given) > 8 else ''}) in sheet {schema.MEASURES.name}"))
    if added:
        notes.append(Message(
            f"เพิ่มแถวในแผ่นงาน {schema.PROGRESS.name} {added} แถว (รอบ 6 และ 12 เดือน "
            "ของมาตรการที่ยังไม่มีแถว)",
            f"added {added} row(s) to sheet {schema.PROGRESS.name} (rounds 6 and 12 of the "
            "measures that had none)"))
    ids = {m.id for m in data.measures if m.id}
    orphans = sorted({row.measure_id for row in rows if row.measure_id not in ids})
    if orphans:
        notes.append(Message(
            f"คงแถวของรหัส {', '.join(orphans)} ซึ่งไม่มีในแผ่นงาน {schema.MEASURES.name} แล้ว "
            "ไว้ตามเดิม (ไม่นำไปรายงาน ลบแถวเองเมื่อแน่ใจ)",
            f"kept the rows of {', '.join(orphans)}, which the measures sheet no longer "
            "holds (not reported; delete them yourself when sure)"))
    return notes


def fresh(data: WorkbookData) -> None:
    """Next year's progress sheet: empty (``in_step`` then keys it to the measures)."""
    data.progress.rows = []
    data.progress.problems = []
    data.progress.rounds = {number: RoundTexts() for number in ROUNDS}


# --------------------------------------------------------------------------- writing


def write_progress_sheet(ws: Worksheet, data: WorkbookData, lists: dict[str, str]) -> None:
    """The sheet: the rounds' texts in a form at the top, the table of rows below."""
    table = schema.PROGRESS
    width = len(table.columns)
    setup(ws, "รายงานผลการดำเนินการตามมาตรการ (รอบ 6 เดือน และ 12 เดือน)", table.intro, width)
    _write_round_form(ws, data, lists)
    below = schema.PROGRESS_TABLE_ROW - schema.TITLE_ROW
    title = put_at(ws, schema.PROGRESS_TABLE_ROW, 1, table.title)
    title.font = BOLD
    table_header(ws, table, below=below)
    first = schema.TABLE_FIRST_ROW + below
    rows = data.progress.rows
    count = len(rows) + SPARE_ROWS
    for i in range(count):
        r = first + i
        row = rows[i] if i < len(rows) else None
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(r, col)
            style_input(cell, column)
            if column.kind == "date":
                cell.number_format = "@"
            elif column.kind == "money":
                cell.number_format = "#,##0.00"
        shown_formulas(ws, r)
        if row is not None:
            _put_row(ws, r, row)
    add_validations(ws, table, first, first + count - 1, lists)
    fit_rows(ws, first)
    protect(ws)


def _write_round_form(ws: Worksheet, data: WorkbookData, lists: dict[str, str]) -> None:
    """Label | key | round 6 | round 12: the label over B:D, each round's value over three
    columns (E:G, H:J), the keys in column A and in the form's key row."""
    head, keys = schema.PROGRESS_FORM_ROW, schema.PROGRESS_FORM_ROW + 1
    spans = {6: (5, 7), 12: (8, 10)}
    for text, key, (first, last) in (("รายการ", "key", (1, 4)),
                                     ("รอบ 6 เดือน", schema.PROGRESS_ROUND_KEYS[6], spans[6]),
                                     ("รอบ 12 เดือน", schema.PROGRESS_ROUND_KEYS[12], spans[12])):
        cell = put_at(ws, head, first, text)
        for c in range(first, last + 1):
            ws.cell(head, c).fill = HEADER_FILL
            ws.cell(head, c).border = BOX
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=head, start_column=first, end_row=head, end_column=last)
        put_at(ws, keys, first, key).font = KEY_FONT
    for i, fld in enumerate(schema.PROGRESS_FIELDS):
        r = keys + 1 + i
        put_at(ws, r, 1, fld.en).font = KEY_FONT
        label = put_at(ws, r, 2, fld.th)
        label.font = FONT
        label.alignment = WRAP_TOP
        for c in range(2, 5):
            ws.cell(r, c).fill = LABEL_FILL
            ws.cell(r, c).border = BOX
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        for number, (first, last) in spans.items():
            cell = ws.cell(r, first)
            for c in range(first, last + 1):
                ws.cell(r, c).fill = INPUT_FILL
                ws.cell(r, c).border = BOX
                ws.cell(r, c).protection = UNLOCKED
            cell.font = FONT
            cell.alignment = WRAP_TOP
            if fld.kind == "date":
                cell.number_format = "@"
            value = getattr(data.progress.rounds.get(number), fld.key, None)
            if isinstance(value, dt.date):
                value = thai_long_date(value)
            if value not in (None, ""):
                put(cell, value)
            ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
            dv = validation(ws, fld.kind, "", True, fld.hint, fld.th, lists, cell.coordinate)
            dv.add(cell.coordinate)
        ws.row_dimensions[r].height = (3 if fld.kind == "longtext" else 1) * LINE_HEIGHT


def shown_formulas(ws: Worksheet, r: int, letters: dict[str, str] | None = None) -> None:
    """The measure's indicator and text, looked up by id in the measures sheet (shown to
    staff; itadocs itself reads the measures sheet, never these cells). ``letters``: the
    progress table's columns by key where staff moved them (default: the template's)."""
    measures = schema.MEASURES
    keys = [c.key for c in measures.columns]
    sheet = f"'{measures.name}'"
    id_col = get_column_letter(keys.index("id") + 1)
    columns = [c.key for c in schema.PROGRESS.columns]
    where = {key: get_column_letter(i) for i, key in enumerate(columns, start=1)}
    where.update(letters or {})
    own_id = where["measure_id"]
    for shown, source in (("shown_indicator", "indicator"), ("shown_measure", "text")):
        letter = get_column_letter(keys.index(source) + 1)
        formula(ws[f"{where[shown]}{r}"],
                f'=IF(${own_id}{r}="","",IFERROR(INDEX({sheet}!${letter}:${letter},'
                f'MATCH(${own_id}{r},{sheet}!${id_col}:${id_col},0)),""))')


def _put_row(ws: Worksheet, r: int, row: ProgressRow) -> None:
    columns = [c.key for c in schema.PROGRESS.columns]
    rounds = {v: k for k, v in schema.ROUND_CHOICES.items()}
    values: dict[str, object] = {
        "measure_id": row.measure_id or None,
        "round": rounds.get(row.round or 0),
        "status": row.status or None,
        "percent": _number(row.percent),
        "result": row.result or None,
        "budget_used": _number(row.budget_used),
        "date_done": thai_long_date(row.date_done) if row.date_done else None,
        "evidence": row.evidence or None,
    }
    for key, value in values.items():
        if value is not None:
            put(ws.cell(r, columns.index(key) + 1), value)


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)

