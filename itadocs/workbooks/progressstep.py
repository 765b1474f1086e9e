"""``itadocs draft`` keeps the progress sheet in step inside a workbook staff filled: the
ids of measures added by hand and their rows of both rounds are written into the new file
(the original is never changed), cell by cell, like the drafted analyses."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from itadocs.checking.progress import sheet_gone, sheet_gone_message
from itadocs.messages import Message
from itadocs.model import WorkbookData
from itadocs.reading import schema
from itadocs.workbooks.progresssheet import in_step, shown_formulas


@dataclass
class StepCells:
    """The cells to write, (sheet, cell) → value, and what staff are told."""

    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)
    # the progress table's columns by key, as they stand in the workbook
    letters: dict[str, str] = field(default_factory=dict)

    def write(self, wb: Any) -> list[str]:
        """Write the cells into an openpyxl workbook; returns them as "sheet!cell"."""
        from itadocs.workbooks.cells import put

        id_letter = self.letters.get("measure_id") or _letter("measure_id")
        written = []
        for (sheet, ref), value in self.cells.items():
            ws = wb[sheet]
            put(ws[ref], value)
            if sheet == schema.PROGRESS.name and ref.rstrip("0123456789") == id_letter:
                shown_formulas(ws, ws[ref].row, self.letters)
            written.append(f"{sheet}!{ref}")
        return written


def _letter(key: str) -> str:
    """A progress table column's letter in the template."""
    return get_column_letter([c.key for c in schema.PROGRESS.columns].index(key) + 1)


def _letters(data: WorkbookData) -> dict[str, str]:
    """The progress table's columns where the workbook has them (staff may have inserted a
    column of their own): read from its first row, else the template's."""
    letters = {}
    for column in schema.PROGRESS.columns:
        found = data.where(f"progress[0].{column.key}") if data.progress.rows else None
        letters[column.key] = (found[1].rstrip("0123456789") if found
                               else _letter(column.key))
    return letters


def in_step_cells(data: WorkbookData) -> StepCells:
    """What ``draft`` writes so that every measure has its id and its two rows."""
    step = StepCells()
    if sheet_gone(data):
        step.notes.append(sheet_gone_message(data))
        return step
    if not data.progress.present:
        if data.measures:
            step.notes.append(Message(
                f"สมุดงานนี้ยังไม่มีแผ่นงาน {schema.PROGRESS.name} (แม่แบบรุ่นเก่า) แปลงด้วย "
                "itadocs new ใหม่.xlsx --from เดิม.xlsx --year ปีงบประมาณเดิม",
                f"this workbook has no sheet {schema.PROGRESS.name} (an older template); "
                "convert it with 'itadocs new NEW.xlsx --from OLD.xlsx --year <its year>'"))
        return step
    after = deepcopy(data)
    notes = in_step(after)
    for i, (old, new) in enumerate(zip(data.measures, after.measures, strict=True)):
        if old.id or not new.id:
            continue
        where = data.where(f"measures[{i}].id")
        if where is None:  # no id column: nothing can be written
            return StepCells(notes=[Message(
                f"แผ่นงาน {schema.MEASURES.name} ไม่มีคอลัมน์รหัส (id) แปลงด้วย itadocs new "
                "ใหม่.xlsx --from เดิม.xlsx --year ปีงบประมาณเดิม",
                f"sheet {schema.MEASURES.name} has no id column; convert the workbook with "
                "'itadocs new NEW.xlsx --from OLD.xlsx --year <its year>'")])
        step.cells[where] = new.id
    row = _next_row(data)
    rounds = {v: k for k, v in schema.ROUND_CHOICES.items()}
    step.letters = _letters(data)
    id_col, round_col = step.letters["measure_id"], step.letters["round"]
    for added in after.progress.rows[len(data.progress.rows):]:
        step.cells[(schema.PROGRESS.name, f"{id_col}{row}")] = added.measure_id
        step.cells[(schema.PROGRESS.name, f"{round_col}{row}")] = rounds[added.round or 6]
        row += 1
    if step.cells:
        step.notes = notes
    return step


def _next_row(data: WorkbookData) -> int:
    """The first row under the progress table's last filled row."""
    last = None
    for i in range(len(data.progress.rows)):
        where = data.where(f"progress[{i}].measure_id") or data.where(f"progress[{i}].round")
        if where is not None:
            row = int(where[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            last = row if last is None else max(last, row)
    if last is not None:
        return last + 1
    return schema.TABLE_FIRST_ROW + schema.PROGRESS_TABLE_ROW - schema.TITLE_ROW

