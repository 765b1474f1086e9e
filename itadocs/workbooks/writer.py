"""Write the standard workbook from the schema: blank, pre-filled, or carried over a year
(``carryover.py`` and ``standard.py`` make the data; this module writes it).

The same writer makes the blank template (``itadocs new``), next year's workbook
(``new --from``) and the bundled example, so all three have the same structure and the
reader reads them with the same definitions.
"""

from __future__ import annotations

import datetime as dt
from copy import deepcopy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from itadocs import __version__, framework
from itadocs.files import in_memory, write_atomic
from itadocs.model import Photo, Unit, WorkbookData
from itadocs.reading import schema
from itadocs.reading.schema import Column, Field, FormSheet, TableSheet
from itadocs.thai import thai_long_date
from itadocs.workbooks.cells import formula, put, put_at
from itadocs.workbooks.progresssheet import in_step, write_progress_sheet
from itadocs.workbooks.sheetstyle import (
    BOLD,
    BOX,
    FONT,
    HEADER_FILL,
    HINT_FONT,
    INPUT_FILL,
    KEY_FONT,
    LABEL_FILL,
    LINE_HEIGHT,
    TITLE,
    UNLOCKED,
    WRAP_TOP,
    add_validations,
    fit_rows,
    fitted_height,
    protect,
    setup,
    style_input,
    table_header,
    validation,
)


def write_workbook(path: Path, data: WorkbookData | None = None) -> Path:
    """Write the standard workbook to ``path`` (atomically), filled with ``data`` if given."""
    data = deepcopy(data) if data is not None else WorkbookData(unit=Unit())
    in_step(data)  # every measure with its id and its rows of the progress sheet
    fw = framework.load(framework.year_for(data.unit.assessed_year, data.unit.framework_year))
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    lists_ranges = _write_lists(wb, fw)
    instructions = wb.create_sheet(schema.INSTRUCTIONS_SHEET)
    sheets: dict[str, Worksheet] = {}
    for name in schema.SHEET_ORDER[1:]:
        sheets[name] = wb.create_sheet(name)
    _write_form(sheets[schema.UNIT.name], schema.UNIT, data.unit, lists_ranges)
    _write_form(sheets[schema.ORDER.name], schema.ORDER, data.order, lists_ranges)
    _write_scores(sheets[schema.SCORES.name], data, fw, lists_ranges)
    _write_analysis(sheets[schema.ANALYSIS.name], data, fw, lists_ranges)
    for table, rows in schema.row_tables(data):
        _write_table(sheets[table.name], table, rows, lists_ranges)
    write_progress_sheet(sheets[schema.PROGRESS.name], data, lists_ranges)
    _write_instructions(instructions)
    _write_meta(wb, data)
    wb.active = 1
    return write_atomic(Path(path), in_memory(wb.save, Path(path)))


# --------------------------------------------------------------------------- sheets


def _write_form(
    ws: Worksheet, form: FormSheet, obj: object, lists_ranges: dict[str, str]
) -> None:
    setup(ws, form.title, form.intro, schema.FORM_HINT_COL)
    headers = ("รายการ", "key", "ข้อมูล (กรอกในช่องนี้)", "คำอธิบาย")
    for col, text in enumerate(headers, start=1):
        cell = put_at(ws, schema.HEADER_ROW, col, text)
        cell.font = BOLD if col != schema.FORM_KEY_COL else KEY_FONT
        cell.fill = HEADER_FILL
        cell.border = BOX
    fiscal_ref = ""
    for i, fld in enumerate(form.fields):
        row = schema.FORM_FIRST_ROW + i
        label = put_at(ws, row, schema.FORM_LABEL_COL, fld.th)
        label.font = BOLD if fld.required else FONT
        label.fill = LABEL_FILL
        label.border = BOX
        label.alignment = WRAP_TOP
        put_at(ws, row, schema.FORM_KEY_COL, fld.en).font = KEY_FONT
        hint = put_at(ws, row, schema.FORM_HINT_COL, fld.hint)
        hint.font = HINT_FONT
        hint.alignment = WRAP_TOP
        value_cell = ws.cell(row, schema.FORM_VALUE_COL)
        value_cell.font = FONT
        value_cell.fill = INPUT_FILL
        value_cell.border = BOX
        value_cell.protection = UNLOCKED
        value_cell.alignment = WRAP_TOP
        value = _form_value(fld, getattr(obj, fld.key, None))
        if fld.key == "fiscal_year":
            fiscal_ref = value_cell.coordinate
        if fld.kind == "date":
            value_cell.number_format = "@"
        if fld.kind == "longtext":
            ws.row_dimensions[row].height = 3 * LINE_HEIGHT
        if fld.key == "assessed_year" and value is None and fiscal_ref:
            # Shown to staff; itadocs computes it itself and never trusts a cached value.
            formula(value_cell, f'=IF({fiscal_ref}="","",{fiscal_ref}-1)')
        else:
            put(value_cell, value)
        dv = validation(ws, fld.kind, fld.choices, True, fld.hint, fld.th, lists_ranges,
                         value_cell.coordinate)
        dv.add(value_cell.coordinate)
    widths = {1: 40, 2: 14, 3: 70, 4: 50}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(schema.FORM_FIRST_ROW, 1).coordinate
    fit_rows(ws, schema.FORM_FIRST_ROW)
    protect(ws)


def _form_value(fld: Field, value: object) -> object:
    if value is None or value == "":
        return None
    if fld.key == "digits":
        return next((k for k, v in schema.DIGITS_CHOICES.items() if v == value), value)
    if isinstance(value, dt.date):
        return thai_long_date(value)
    return value


def _write_table(
    ws: Worksheet, table: TableSheet, rows: list, lists_ranges: dict[str, str]
) -> None:
    table_header(ws, table)
    count = max(table.capacity, len(rows) + 10)
    for i in range(count):
        r = schema.TABLE_FIRST_ROW + i
        obj = rows[i] if i < len(rows) else None
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(r, col)
            style_input(cell, column)
            if obj is not None:
                put(cell, _table_value(column, getattr(obj, column.key)))
    add_validations(ws, table, schema.TABLE_FIRST_ROW, schema.TABLE_FIRST_ROW + count - 1,
                     lists_ranges)
    fit_rows(ws, schema.TABLE_FIRST_ROW)
    if table is schema.PHOTOS:
        _place_photos(ws, rows, schema.TABLE_FIRST_ROW)  # pasted pictures travel along
    protect(ws)


PICTURE_HEIGHT_PX = 96  # the height a pasted picture is shown at in the sheet
ROW_HEIGHT_PT = 78


def _place_photos(ws: Worksheet, photos: list[Photo], first_row: int) -> None:
    """Paste each photo's picture into its row of the ภาพ sheet, so that ``new --from``
    carries them (photos.py finds them there when the workbook is read)."""
    import io

    from openpyxl.drawing.image import Image as SheetImage

    from itadocs.reading.photos import file_column

    col = file_column()
    for i, photo in enumerate(photos):
        if photo.picture is None:
            continue
        image = SheetImage(io.BytesIO(photo.picture.data))
        if image.height:
            image.width = max(1, round(image.width * PICTURE_HEIGHT_PX / image.height))
            image.height = PICTURE_HEIGHT_PX
        row = first_row + i
        ws.add_image(image, f"{col}{row}")
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, ROW_HEIGHT_PT)


def _table_value(column: Column, value: Any) -> object:
    if value is None or value == "":
        return None
    if column.choices == "indicators":
        return _indicator_label(int(value))
    if column.choices == "bodies":
        return next((k for k, v in schema.BODY_CHOICES.items() if v == value), value)
    if column.choices in ("sections", "photo_sections") and isinstance(value, int):
        return schema.PHOTO_SECTIONS.get(value, str(value))
    return value


def _indicator_label(number: int) -> str:
    fw = framework.load(max(framework.available_years()))
    name = next((i.name for i in fw.indicators if i.number == number), "")
    return f"{number}. {name}".strip()


def _write_scores(ws: Worksheet, data: WorkbookData, fw: framework.Framework,
                  lists_ranges: dict[str, str]) -> None:
    table = schema.SCORES
    table_header(ws, table)
    col = {c.key: i for i, c in enumerate(table.columns, start=1)}
    tool_rows: list[tuple[int, framework.Tool]] = []
    for i, key in enumerate(fw.score_keys):
        r = schema.TABLE_FIRST_ROW + i
        for column in table.columns:
            style_input(ws.cell(r, col[column.key]), column)
        key_cell = put_at(ws, r, col["key"], key if not key.isdigit() else int(key))
        key_cell.alignment = Alignment(horizontal="center", vertical="top")
        if key.isdigit():
            ind = fw.indicator(int(key))
            put_at(ws, r, col["name"], f"ตัวชี้วัดที่ {ind.number} {ind.name}")
        else:
            tool = fw.tool(key)
            put_at(ws, r, col["name"], f"{tool.code} {tool.name}").font = BOLD
            put_at(ws, r, col["weight"], float(tool.weight)).number_format = "0.00"
            score_ref = ws.cell(r, col["score"]).coordinate
            formula(ws.cell(r, col["weighted"]),
                    f'=IF({score_ref}="","",ROUND({score_ref}*{tool.weight}/100,2))')
            ws.cell(r, col["weighted"]).number_format = "0.00"
            tool_rows.append((r, tool))
        row = data.score(key)
        for field_key in ("score", "previous"):
            cell = ws.cell(r, col[field_key])
            cell.number_format = "0.00"
            value = getattr(row, field_key) if row else None
            if value is not None:
                put(cell, float(value))
    total_row = schema.TABLE_FIRST_ROW + len(fw.score_keys)
    put_at(ws, total_row, col["name"], "คะแนนรวม ITA (คำนวณให้ดูเท่านั้น)").font = BOLD
    scores = [(ws.cell(r, col["score"]).coordinate, tool) for r, tool in tool_rows]
    # One rounding of the exact weighted sum, as itadocs computes it (README).
    exact = "+".join(f"{ref}*{tool.weight}/100" for ref, tool in scores)
    refs = ",".join(ref for ref, _ in scores)
    total = formula(ws.cell(total_row, col["weighted"]),
                    f'=IF(COUNT({refs})={len(scores)},ROUND({exact},2),"")')
    total.number_format = "0.00"
    total.font = BOLD
    for c in range(1, len(table.columns) + 1):
        ws.cell(total_row, c).border = BOX
        ws.cell(total_row, c).fill = LABEL_FILL
    add_validations(ws, table, schema.TABLE_FIRST_ROW,
                     schema.TABLE_FIRST_ROW + len(fw.score_keys) - 1, {})
    _write_score_extras(ws, data, total_row + 1, col, lists_ranges)
    protect(ws)


def _write_score_extras(ws: Worksheet, data: WorkbookData, first: int, col: dict[str, int],
                        lists_ranges: dict[str, str]) -> None:
    """NACC's announced total and level, and the compute flag, under the scores."""
    nacc = data.announced
    values = {
        "nacc_total": (nacc.total, nacc.previous_total),
        "nacc_level": (nacc.level, nacc.previous_level),
        "compute_tools": (schema.COMPUTE_FLAG if data.compute_tools else None, None),
    }
    for i, extra in enumerate(schema.SCORE_EXTRA_ROWS):
        r = first + 1 + i
        for c in range(1, len(schema.SCORES.columns) + 1):
            cell = ws.cell(r, c)
            cell.font = FONT
            cell.border = BOX
            cell.fill = LABEL_FILL
            cell.alignment = WRAP_TOP
        put_at(ws, r, col["key"], extra.key).font = KEY_FONT
        put_at(ws, r, col["name"], extra.th).font = BOLD
        inputs = ("score", "previous") if extra.previous else ("score",)
        for field_key, value in zip(inputs, values[extra.key], strict=False):
            cell = ws.cell(r, col[field_key])
            cell.fill = INPUT_FILL
            cell.protection = UNLOCKED
            shown: object = value
            if extra.kind == "score":
                cell.number_format = "0.00"
                shown = float(value) if value is not None else None
            if shown not in (None, ""):
                put(cell, shown)
            kind, choices, strict = {
                "score": ("score", "", True),
                "level": ("choice", "levels", field_key == "score"),
                "flag": ("choice", "compute", True),
            }[extra.kind]
            dv = validation(ws, kind, choices, strict, extra.hint, extra.th, lists_ranges,
                             cell.coordinate)
            dv.add(cell.coordinate)
    fit_rows(ws, first + 1)


def _write_analysis(
    ws: Worksheet, data: WorkbookData, fw: framework.Framework, lists_ranges: dict[str, str]
) -> None:
    table = schema.ANALYSIS
    table_header(ws, table)
    by_indicator = {a.indicator: a for a in data.analyses}
    for i, ind in enumerate(fw.indicators):
        r = schema.TABLE_FIRST_ROW + i
        for col, column in enumerate(table.columns, start=1):
            style_input(ws.cell(r, col), column)
        put_at(ws, r, 1, f"{ind.number}. {ind.name}")
        row = by_indicator.get(ind.number)
        for col, column in enumerate(table.columns[1:], start=2):
            cell = put_at(ws, r, col, (getattr(row, column.key) or None) if row else None)
            drafted = data.drafts.get(f"analyses[{ind.number}].{column.key}")
            if drafted is not None and row is not None and getattr(row, column.key) == drafted:
                mark_draft(cell)
        drafted_heights = [fitted_height(ws.cell(r, c)) for c in range(2, len(table.columns) + 1)
                           if ws.cell(r, c).comment is not None]
        ws.row_dimensions[r].height = max([4 * LINE_HEIGHT, *drafted_heights])
    last = schema.TABLE_FIRST_ROW + len(fw.indicators) - 1
    add_validations(ws, table, schema.TABLE_FIRST_ROW, last, lists_ranges)
    fit_rows(ws, schema.TABLE_FIRST_ROW)
    protect(ws)


def _write_lists(wb: Workbook, fw: framework.Framework) -> dict[str, str]:
    """The hidden sheet holding every dropdown list; returns each list's range formula."""
    ws = wb.create_sheet(schema.LISTS_SHEET)
    ws.sheet_state = "hidden"
    all_lists = schema.lists()
    names = [
        "districts", "departments", "committee_roles", "working_group_roles", "frequencies",
        "digits", "bodies", "sections", "indicators", "frameworks", "categories", "compute",
        "levels", "photo_sections", "statuses", "rounds",
    ]
    ranges = {}
    for col, name in enumerate(names, start=1):
        put_at(ws, 1, col, name)
        values = (tuple(lv.name for lv in fw.levels) if name == "levels"
                  else all_lists.values(name))
        for row, value in enumerate(values, start=2):
            put_at(ws, row, col, int(value) if name == "frameworks" else value)
        letter = get_column_letter(col)
        ranges[name] = f"'{schema.LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    ws.protection = SheetProtection(sheet=True)
    return ranges


def _write_meta(wb: Workbook, data: WorkbookData) -> None:
    """The hidden version stamp the reader checks before trusting the layout, and the texts
    itadocs drafted (so ``check`` can tell a draft nobody has edited yet)."""
    ws = wb.create_sheet(schema.META_SHEET)
    ws.sheet_state = "hidden"
    for row, (key, value) in enumerate((("template_version", schema.TEMPLATE_VERSION),
                                        ("generator", f"itadocs {__version__}")), start=1):
        put_at(ws, row, 1, key)
        put_at(ws, row, 2, value)
    for path, text in sorted(data.drafts.items()):
        record_draft(ws, path, text)
    ws.protection = SheetProtection(sheet=True)


# --------------------------------------------------------------------------- drafts

DRAFT_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue: itadocs' draft, not staff's
DRAFT_NOTE = (
    "ร่างโดย itadocs จากผลคะแนน กรุณาอ่านและแก้ไขให้ตรงกับสภาพจริงของสำนักงานเขต "
    "(itadocs check จะเตือนจนกว่าข้อความจะถูกแก้ไข) / drafted by itadocs from the scores: "
    "edit it to fit the district"
)
DRAFT_ROW = "draft"  # column A of a _itadocs row recording a drafted text


def mark_draft(cell) -> None:
    """Show that a cell holds itadocs' draft: a distinct fill and a note saying so."""
    from openpyxl.comments import Comment

    cell.fill = DRAFT_FILL
    note = Comment(DRAFT_NOTE, "itadocs")
    note.width, note.height = 320, 110
    cell.comment = note


def record_draft(ws: Worksheet, path: str, text: str) -> None:
    """Append to the meta sheet: this cell was drafted with this text."""
    row = ws.max_row + 1
    put_at(ws, row, 1, DRAFT_ROW)
    put_at(ws, row, 2, path)
    put_at(ws, row, 3, text)


def _instruction_lines() -> list[tuple[str, Font]]:
    """The instructions sheet's opening lines: the order of the sheets, how to type, and
    how to check and build, on the web page (its buttons' names) or with the commands."""
    return [
        ("คำอธิบายการกรอกสมุดงาน ITA ของสำนักงานเขต (itadocs)", TITLE),
        ("How to fill the district ITA workbook. Yellow cells are inputs; grey cells are "
         "labels and are locked.", HINT_FONT),
        ("1. กรอกแผ่นงานตามลำดับแท็บ: หน่วยงาน → คะแนน → วิเคราะห์ → มาตรการ → คำสั่ง → "
         "คณะกรรมการ → คณะทำงาน → หน้าที่ → เนื้อหา → ภาพ (กลางปีและปลายปี: ผลการดำเนินการ)",
         FONT),
        ("2. ช่องสีเหลืองคือช่องกรอก ช่องสีเทาล็อกไว้ (ปลดล็อกได้ที่ รีวิว > ยกเลิกการป้องกัน "
         "แผ่นงาน โดยไม่มีรหัสผ่าน) อย่าลบหรือแก้แถวคีย์ภาษาอังกฤษสีเทา", FONT),
        ("3. ตัวเลขพิมพ์เป็นเลขอารบิกหรือเลขไทยก็ได้ วันที่พิมพ์แบบ 5 กุมภาพันธ์ 2568 หรือ "
         "5/2/2568 (วัน/เดือน/ปี พ.ศ.)", FONT),
        ("4. ข้อความยาวขึ้นบรรทัดใหม่ในช่องเดียวกันด้วย Alt+Enter (แต่ละบรรทัดเป็น 1 ย่อหน้า)",
         FONT),
        ("5. ตรวจและสร้างเอกสาร: ในหน้าเว็บ itadocs อัปโหลดสมุดงานที่ \"ตรวจสมุดงาน\" "
         "แก้ตามที่แจ้ง แล้วกด \"สร้างเอกสาร\" (ปุ่ม \"ร่างการวิเคราะห์\" ร่างข้อความจาก"
         "คะแนนให้) หรือในเทอร์มินัล: itadocs check ชื่อไฟล์.xlsx แล้ว itadocs build "
         "ชื่อไฟล์.xlsx", FONT),
        ("6. ปีถัดไป: ในหน้าเว็บ \"สร้างสมุดงานปีถัดไป\" หรือ itadocs new ปีใหม่.xlsx --from "
         "ปีนี้.xlsx (คัดลอกคณะกรรมการ มาตรการ และข้อความ เลื่อนปี และล้างคะแนน)", FONT),
        ("7. รายงานผลการดำเนินการ: กรอกแผ่นงาน ผลการดำเนินการ ตรวจสมุดงานในหน้าเว็บแล้วกด "
         "\"สร้างรายงานรอบ 6 เดือน\" (หรือ 12 เดือน) หรือ itadocs progress ชื่อไฟล์.xlsx "
         "--round 6 (หรือ --round 12)", FONT),
        ("Check and build on the itadocs web page (Check the workbook, then Build the "
         "documents; Draft the analyses; Make next year's workbook; Build the 6- or "
         "12-month report) or with the commands above.", HINT_FONT),
    ]


def _write_instructions(ws: Worksheet) -> None:
    """คำอธิบาย: how to fill each sheet, with one filled example row per table."""
    ws.column_dimensions["A"].width = 34
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 38
    row = 1
    for text, font in _instruction_lines():
        cell = put_at(ws, row, 1, text)
        cell.font = font
        row += 1
    for form in (*schema.FORMS, schema.PROGRESS_FORM):
        row += 1
        put_at(ws, row, 1, f"แผ่นงาน {form.name}: {form.title}").font = BOLD
        row += 1
        for col, head in enumerate(("รายการ", "ตัวอย่าง", "คำอธิบาย"), start=1):
            cell = put_at(ws, row, col, head)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.border = BOX
        for fld in form.fields:
            row += 1
            for col, text in enumerate((fld.th, fld.example, fld.hint), start=1):
                cell = put_at(ws, row, col, text)
                cell.font = FONT
                cell.border = BOX
                cell.alignment = WRAP_TOP
    for table in (*schema.TABLES, schema.PROGRESS):
        row += 2
        put_at(ws, row, 1, f"แผ่นงาน {table.name}: {table.title}").font = BOLD
        row += 1
        put_at(ws, row, 1, table.intro).font = HINT_FONT
        row += 1
        for col, column in enumerate(table.columns, start=1):
            cell = put_at(ws, row, col, column.th)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.border = BOX
            cell.alignment = WRAP_TOP
        row += 1
        put_at(ws, row - 1, len(table.columns) + 1, "← ตัวอย่าง / example").font = HINT_FONT
        for col, column in enumerate(table.columns, start=1):
            cell = put_at(ws, row, col, column.example or None)
            cell.font = FONT
            cell.border = BOX
            cell.alignment = WRAP_TOP
    ws.sheet_format.defaultRowHeight = LINE_HEIGHT
    ws.sheet_format.customHeight = True
    fit_rows(ws, 3)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit = ws.sheet_properties.pageSetUpPr
    assert fit is not None  # openpyxl gives every sheet one
    fit.fitToPage = True
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
    ws.sheet_view.showGridLines = False
