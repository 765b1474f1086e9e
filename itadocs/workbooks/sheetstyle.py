"""How the workbooks itadocs writes look: fonts, fills, the title and intro rows, locked
labels and open inputs, dropdowns and input messages, and rows as tall as their text.
Shared by the writer and the progress sheet's writer."""

from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from itadocs.reading import schema
from itadocs.reading.schema import Column, TableSheet
from itadocs.workbooks.cells import put_at

FONT_NAME = "TH Sarabun New"
FONT = Font(name=FONT_NAME, size=14)
BOLD = Font(name=FONT_NAME, size=14, bold=True)
TITLE = Font(name=FONT_NAME, size=18, bold=True)
KEY_FONT = Font(name="Calibri", size=8, color="808080")
HINT_FONT = Font(name=FONT_NAME, size=12, color="595959")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
ID_FONT = Font(name=FONT_NAME, size=12, color="595959")  # an id itadocs writes

LINE_HEIGHT = 21.0  # points per line of 14 pt TH Sarabun New


def lines_needed(text: object, width: float) -> int:
    """Lines a wrapped cell needs; Thai vowel and tone marks take no width of their own."""
    if text is None:
        return 1
    chars_per_line = max(4.0, width * 1.15)
    total = 0
    for line in str(text).split("\n"):
        base = sum(1 for ch in line if unicodedata.category(ch) != "Mn")
        total += max(1, math.ceil(base / chars_per_line))
    return total


def fitted_height(cell) -> float:
    """The height a wrapped cell's text needs (a drafted cell grows with its text), with two
    lines to spare: a spreadsheet without TH Sarabun New wraps wider text."""
    ws = cell.parent
    width = ws.column_dimensions[get_column_letter(cell.column)].width or 10
    return (lines_needed(cell.value, width) + 2) * LINE_HEIGHT


def fit_rows(ws: Worksheet, first_row: int) -> None:
    """Give rows with wrapped text the height they need (LibreOffice does not re-measure)."""
    widths = {
        col: (ws.column_dimensions[get_column_letter(col)].width or 10)
        for col in range(1, ws.max_column + 1)
    }
    merged = {rng.min_row for rng in ws.merged_cells.ranges}
    for r, row in enumerate(ws.iter_rows(min_row=first_row), start=first_row):
        if r in merged:
            continue
        needed = max(
            (
                lines_needed(c.value, widths.get(c.column, 10))
                for c in row
                if c.value is not None and c.alignment.wrap_text
            ),
            default=1,
        )
        current = ws.row_dimensions[r].height or LINE_HEIGHT
        ws.row_dimensions[r].height = max(current, needed * LINE_HEIGHT)


def setup(ws: Worksheet, title: str, intro: str, last_col: int) -> None:
    ws.sheet_view.showGridLines = True
    ws.sheet_format.defaultRowHeight = LINE_HEIGHT
    ws.sheet_format.customHeight = True
    put_at(ws, schema.TITLE_ROW, 1, title).font = TITLE
    ws.merge_cells(
        start_row=schema.TITLE_ROW, start_column=1, end_row=schema.TITLE_ROW, end_column=last_col
    )
    intro_cell = put_at(ws, schema.INTRO_ROW, 1, intro)
    intro_cell.font = HINT_FONT
    intro_cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(
        start_row=schema.INTRO_ROW, start_column=1, end_row=schema.INTRO_ROW, end_column=last_col
    )
    ws.row_dimensions[schema.INTRO_ROW].height = 36
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None  # openpyxl gives every sheet one
    fit.fitToPage = True


def protect(ws: Worksheet) -> None:
    """Lock labels, leave input cells open; no password, so staff can unprotect if needed."""
    ws.protection = SheetProtection(
        sheet=True,
        formatCells=False,
        formatRows=False,
        formatColumns=False,
        insertRows=False,
        deleteRows=False,
        sort=False,
        autoFilter=False,
    )


def validation(
    ws: Worksheet, kind: str, choices: str, strict: bool, hint: str, title: str,
    lists_ranges: dict[str, str], anchor: str,
) -> DataValidation:
    """A data validation carrying the dropdown (if any) and the cell's input message.

    It never blocks a value ``check`` would take: text in a number cell ("๙๕,๕", "๒๕๖๙")
    passes to the reader, which reads it or names the cell; a value typed outside a list
    asks before it is kept (``anchor`` is the range's top-left cell, for the formulas).
    """
    if kind == "choice":
        dv = DataValidation(type="list", formula1=lists_ranges[choices], allow_blank=True)
        dv.errorStyle = "warning" if strict else "information"
        dv.error = ("ค่านี้ไม่อยู่ในรายการ เลือกจากรายการจะดีที่สุด / "
                    "not in the list; choosing from it is best")
        dv.errorTitle = "ค่าไม่อยู่ในรายการ"
    elif kind in ("score", "percent"):
        dv = DataValidation(
            type="custom", allow_blank=True,
            formula1=f"OR(ISTEXT({anchor}),AND(ISNUMBER({anchor}),{anchor}>=0,{anchor}<=100))",
        )
        dv.error = ("คะแนนต้องเป็นตัวเลข 0-100 / a score is a number from 0 to 100"
                    if kind == "score" else
                    "ร้อยละต้องเป็นตัวเลข 0-100 / a percentage is a number from 0 to 100")
        dv.errorTitle = "คะแนนไม่ถูกต้อง" if kind == "score" else "ร้อยละไม่ถูกต้อง"
    elif kind == "money":
        dv = DataValidation(
            type="custom", allow_blank=True,
            formula1=f"OR(ISTEXT({anchor}),AND(ISNUMBER({anchor}),{anchor}>=0))",
        )
        dv.error = "จำนวนเงินเป็นตัวเลขบาท ไม่ติดลบ / an amount in baht, not negative"
        dv.errorTitle = "จำนวนเงินไม่ถูกต้อง"
    elif kind in ("int", "year"):
        dv = DataValidation(
            type="custom", allow_blank=True,
            formula1=f"OR(ISTEXT({anchor}),AND(ISNUMBER({anchor}),{anchor}>0,"
                     f"{anchor}=INT({anchor})))",
        )
        dv.error = "ใส่เป็นตัวเลขจำนวนเต็ม / a whole number"
        dv.errorTitle = "ตัวเลขไม่ถูกต้อง"
    else:
        dv = DataValidation(allow_blank=True)
    dv.showErrorMessage = kind not in ("text", "longtext", "date", "id")
    if hint:
        dv.promptTitle = title[:32]
        dv.prompt = hint[:250]
        dv.showInputMessage = True
    ws.add_data_validation(dv)
    return dv


def table_header(ws: Worksheet, table: TableSheet, below: int = 0) -> None:
    """Title, intro, the Thai headers and the key row; ``below`` rows lower than usual
    for a table under a form (the title and intro stay at the top)."""
    if not below:
        setup(ws, table.title, table.intro, len(table.columns))
    header_row = schema.HEADER_ROW + below
    for col, column in enumerate(table.columns, start=1):
        head = put_at(ws, header_row, col, column.th)
        head.font = BOLD
        head.fill = HEADER_FILL
        head.border = BOX
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        put_at(ws, schema.KEY_ROW + below, col, column.en).font = KEY_FONT
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[header_row].height = 40
    ws.freeze_panes = ws.cell(schema.TABLE_FIRST_ROW + below, 1).coordinate


def style_input(cell, column: Column) -> None:
    cell.font = FONT
    cell.border = BOX
    cell.alignment = WRAP_TOP
    if column.kind == "label":
        cell.fill = LABEL_FILL
    elif column.kind == "id":  # itadocs writes it; open, so staff can move and delete rows
        cell.fill = LABEL_FILL
        cell.font = ID_FONT
        cell.protection = UNLOCKED
    else:
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED


def add_validations(
    ws: Worksheet, table: TableSheet, first: int, last: int, lists_ranges: dict[str, str]
) -> None:
    for col, column in enumerate(table.columns, start=1):
        if column.kind == "label" or last < first:
            continue
        letter = get_column_letter(col)
        dv = validation(
            ws, column.kind, column.choices, column.strict, column.hint, column.th, lists_ranges,
            f"{letter}{first}",
        )
        dv.add(f"{letter}{first}:{letter}{last}")
