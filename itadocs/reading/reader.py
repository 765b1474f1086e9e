"""Read a filled workbook into ``WorkbookData``, keeping the sheet and cell of every value.

Reading is lenient about how values were typed (Thai digits, numbers as text, dates as text
or serials, a file re-saved by LibreOffice) and strict about what cannot be understood: such
a cell becomes a ``Problem`` naming the sheet and cell, never an exception. Only a file that
cannot be opened at all raises ``WorkbookUnreadable``.

Three layers: the converters of one cell's value (cellvalues.py, pure, they raise), the
sheet walker that finds rows and cells, converts and records where each value came from
(``_Walker``), and the reader of each sheet's content (``_Reader``). Photos are looked up
after reading (photos.py). Nothing here imports the writing side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from itadocs.cleantext import clean, comparable, named, one_line, shown
from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.model import (
    Analysis,
    Duty,
    Measure,
    Member,
    Order,
    Paragraph,
    Photo,
    Score,
    Unit,
    WorkbookData,
)
from itadocs.reading import districts, schema
from itadocs.reading.cellvalues import (
    CellError,
    Formula,
    Labels,
    cell_text,
    convert,
    is_blank,
    is_formula,
    leading_int,
    normal_key,
    plain_label,
    to_digit_style,
    to_framework_year,
)
from itadocs.reading.opening import (
    long_numbers,
    open_workbook,
)
from itadocs.reading.photos import attach
from itadocs.reading.progress import progress_problems, read_progress, typed_id
from itadocs.reading.schema import Column, Field, FormSheet, TableSheet
from itadocs.reading.xlsxload import left_out, macros
from itadocs.thai import arabic_digits, excel_serial_to_date, parse_number

# What the web page says instead of "made with 'itadocs new'": the page's own button.
NOT_MADE_BY_ITADOCS = Message(
    "ไม่พบรุ่นของแม่แบบสมุดงาน ไฟล์นี้อาจไม่ได้สร้างจาก itadocs กรุณาดาวน์โหลดสมุดงานว่างของเขต"
    "จากหน้าแรก แล้วคัดลอกข้อมูลลงไป",
    "no template version stamp: this file was not made by itadocs; download a blank "
    "workbook for your district from the home page and copy the data into it")

MAX_TABLE_ROWS = 2000  # rows read per table; far above any real committee or measure list

_LEADING_NUMBER = re.compile(r"^\s*\(?([0-9๐-๙]{1,3})\s*[.)]\s*")


class _Walker:
    """Finds a workbook's sheets, rows and cells, converts each value (see cellvalues.py)
    and records where it came from; what cannot be read becomes a problem at its cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.data = WorkbookData(source=path.name)
        self.date1904 = False  # the workbook counts dates from 1904 (Excel's Mac option)

    # ------------------------------------------------------------------ problems
    def problem(self, severity: Severity, code: ProblemCode, sheet: str, cell: str,
                th: str, en: str, web: Message | None = None) -> None:
        self.problems.append(Problem(severity, code, sheet, cell, Message(th, en, web)))

    def error(self, code: ProblemCode, sheet: str, cell: str, th: str, en: str,
              web: Message | None = None) -> None:
        self.problem(Severity.ERROR, code, sheet, cell, th, en, web)

    def warning(self, code: ProblemCode, sheet: str, cell: str, th: str, en: str) -> None:
        self.problem(Severity.WARNING, code, sheet, cell, th, en)

    def record(self, prefix: str, sheet: str, cells: dict[str, str]) -> None:
        """Where each value came from: ``cells`` maps a key under ``prefix`` (or "" for the
        prefix itself) to its cell, kept as the path "prefix.key" (see WorkbookData.where)."""
        for key, ref in cells.items():
            self.data.locations[f"{prefix}.{key}" if key else prefix] = (sheet, ref)

    # ------------------------------------------------------------------ values
    def convert(self, kind: str, raw: Any, sheet: str, cell: str, labels: Labels) -> Any:
        """One cell's raw value as the model's type, or None with the reason recorded.

        ``labels`` name the value in the Thai and the English message.
        """
        if (kind == "date" and self.date1904 and isinstance(raw, int | float)
                and not isinstance(raw, bool) and 0 <= raw < 2958466):
            raw = excel_serial_to_date(raw, date1904=True)  # a serial of the 1904 system
        try:
            value, notes = convert(kind, raw, labels)
        except CellError as err:
            self.problems.append(err.at(sheet, cell))
            return None
        self.problems += [note.at(sheet, cell) for note in notes]
        return value

    # ------------------------------------------------------------------ sheets
    def sheet(self, wb: Any, name: str) -> Any:
        if name in wb.sheetnames:
            return wb[name]
        self.error(
            ProblemCode.MISSING_SHEET, name, "",
            f"ไม่พบแผ่นงาน '{name}' ในสมุดงาน (อย่าลบหรือเปลี่ยนชื่อแผ่นงาน)",
            f"sheet '{name}' is missing from the workbook (do not delete or rename sheets)",
        )
        return None

    def merged(self, ws: Any, sheet: str, first_row: int, columns: set[int]) -> None:
        """Merged cells where values are expected: only the first cell keeps a value."""
        for rng in ws.merged_cells.ranges:
            if rng.max_row < first_row or not any(
                rng.min_col <= c <= rng.max_col for c in columns
            ):
                continue
            self.error(
                ProblemCode.MERGED_CELLS, sheet, rng.coord,
                f"เซลล์ {rng.coord} ถูกผสานไว้ ค่าจะอยู่เฉพาะเซลล์แรก กรุณายกเลิกการผสานเซลล์ "
                "(หน้าแรก > ผสานและจัดกึ่งกลาง > ยกเลิกการผสานเซลล์) แล้วกรอกค่าให้ครบทุกช่อง",
                f"cells {rng.coord} are merged, so only the first holds a value; unmerge them "
                "(Home > Merge & Center > Unmerge Cells) and fill every cell",
            )

    def read_form(self, wb: Any, form: FormSheet, target: object, prefix: str) -> None:
        ws = self.sheet(wb, form.name)
        if ws is None:
            return
        self.merged(ws, form.name, schema.FORM_FIRST_ROW, {schema.FORM_VALUE_COL})
        rows = _form_rows(ws, form)
        for fld in form.fields:
            row = rows.get(fld.key)
            if row is None and fld.tolerant:
                continue  # an optional row of a later template: an older workbook lacks it
            if row is None:
                self.error(
                    ProblemCode.MISSING_FIELD, form.name, "",
                    f"ไม่พบรายการ '{fld.th}' ในแผ่นงาน {form.name}",
                    f"row '{fld.en}' not found in sheet {form.name}",
                )
                continue
            cell = ws.cell(row, schema.FORM_VALUE_COL)
            ref = cell.coordinate
            self.record(prefix, form.name, {fld.key: ref})
            if fld.key == "assessed_year" and is_formula(_value(cell)):
                continue  # the template's default (fiscal year - 1); computed later
            value = self.convert(fld.kind, _value(cell), form.name, ref,
                                 (plain_label(fld.th), fld.en))
            if value is None:
                continue
            value = self.choice(fld, value, form.name, ref)
            if value is not None:
                setattr(target, fld.key, value)

    def choice(self, fld: Field, value: Any, sheet: str, ref: str) -> Any:
        """A form field whose typed choice maps to the model's value (the digit style, the
        framework year), or None with the reason recorded."""
        try:
            if fld.key == "digits":
                return to_digit_style(value, schema.DIGITS_CHOICES)
            if fld.key == "framework_year":
                return to_framework_year(value)
        except CellError as err:
            self.problems.append(err.at(sheet, ref))
            return None
        return value

    def read_table(self, wb: Any, table: TableSheet) -> list[tuple[int, dict[str, Any]]]:
        """Rows of a table sheet as (row number, {column key: value}); blank rows skipped.

        Each row's ``"_cells"`` maps a column key to the cell it was read from."""
        ws = self.sheet(wb, table.name)
        if ws is None:
            return []
        header_row, columns = self.header(ws, table)
        if header_row is None:
            return []
        rows: list[tuple[int, dict[str, Any]]] = []
        inputs = [c for c in table.columns if c.kind != "label" and c.key in columns]
        self.merged(ws, table.name, header_row + 1, {columns[c.key] for c in inputs})
        for r in range(header_row + 1, ws.max_row + 1):  # the compact copy bounds max_row
            cells = {key: ws.cell(r, col) for key, col in columns.items()}
            if len(rows) >= MAX_TABLE_ROWS and not all(is_blank(c.value) for c in cells.values()):
                self.too_many_rows(table, cells, r)
                break
            if _skipped(table, cells, inputs):
                continue
            rows.append((r, self.row_values(table, cells, r)))
        return rows

    def header(self, ws: Any, table: TableSheet) -> tuple[int | None, dict[str, int]]:
        """The key row and each column's index; a missing header or column is reported,
        and so is a column staff added."""
        header_row, columns = _find_columns(ws, table)
        if header_row is None:
            self.error(
                ProblemCode.MISSING_HEADER, table.name, f"A{schema.KEY_ROW}",
                f"แผ่นงาน {table.name}: ไม่พบแถวหัวตาราง (แถวคีย์ภาษาอังกฤษ "
                f"{', '.join(c.en for c in table.columns)})",
                f"sheet {table.name}: the header row with keys "
                f"{', '.join(c.en for c in table.columns)} was not found",
            )
            return None, {}
        self.unknown_columns(ws, table, header_row, columns)
        for column in table.columns:
            if column.key not in columns and (column.required or column.kind == "label"):
                self.error(
                    ProblemCode.MISSING_COLUMN, table.name, f"{header_row}",
                    f"แผ่นงาน {table.name}: ไม่พบคอลัมน์ '{plain_label(column.th)}' "
                    f"({column.en})",
                    f"sheet {table.name}: column '{column.en}' ({plain_label(column.th)}) "
                    "is missing",
                )
        return header_row, columns

    def too_many_rows(self, table: TableSheet, cells: dict[str, Any], r: int) -> None:
        first = min(cells.values(), key=lambda c: c.column).coordinate
        self.error(
            ProblemCode.TOO_MANY_ROWS, table.name, first,
            f"แผ่นงาน {table.name} มีข้อมูลเกิน {MAX_TABLE_ROWS} แถว อ่านเฉพาะ "
            f"{MAX_TABLE_ROWS} แถวแรก แถวที่ {r} เป็นต้นไปไม่ได้อ่าน",
            f"sheet {table.name} has more than {MAX_TABLE_ROWS} filled rows; only the "
            f"first {MAX_TABLE_ROWS} were read, row {r} and below were not",
        )

    def row_values(self, table: TableSheet, cells: dict[str, Any], r: int) -> dict[str, Any]:
        """One row's values by column key, with ``"_row"`` and ``"_cells"``."""
        values: dict[str, Any] = {"_row": r, "_cells": {}}
        for column in table.columns:
            if column.key not in cells:
                continue
            cell = cells[column.key]
            values["_cells"][column.key] = cell.coordinate
            if column.kind == "label" and column.key not in ("key", "indicator"):
                continue
            kind = column.kind
            if table.fixed == "scores" and kind == "score" and _text_row(cells):
                kind = "choice"  # NACC's level and the compute flag are words
            values[column.key] = self.convert(
                kind, _value(cell), table.name, cell.coordinate,
                (plain_label(column.th), column.en),
            )
        return values

    def unknown_columns(self, ws: Any, table: TableSheet, header_row: int,
                        columns: dict[str, int]) -> None:
        """A column staff added is reported, never dropped silently (its header named)."""
        known = set(columns.values())
        first_data = header_row + 1
        for col in range(1, min(ws.max_column, 40) + 1):
            if col in known:
                continue
            at = next((r for r in (header_row - 1, header_row)
                       if r >= 1 and not is_blank(ws.cell(r, col).value)
                       and not _merged_at(ws, r, col)), None)
            filled = next((r for r in range(first_data, min(ws.max_row, 2000) + 1)
                           if not is_blank(ws.cell(r, col).value)), None)
            if at is None and filled is None:
                continue
            letter = ws.cell(header_row, col).column_letter
            name = cell_text(ws.cell(at, col).value) if at is not None else letter
            ref = f"{letter}{at if at is not None else filled}"
            self.warning(
                ProblemCode.UNKNOWN_COLUMN, table.name, ref,
                f"แผ่นงาน {table.name}: คอลัมน์ '{name}' ไม่อยู่ในแม่แบบ itadocs จึงไม่นำไปใช้ใน"
                "เอกสาร (ย้ายข้อมูลไปไว้ในคอลัมน์ของแม่แบบ หรือลบคอลัมน์นี้)",
                f"sheet {table.name}: column '{name}' is not part of the itadocs template, so "
                "its data is not used in the documents (move it into a template column or "
                "delete the column)",
            )

    def strip_number(self, text: str, expected: int, sheet: str, ref: str, th: str, en: str
                     ) -> str:
        """Drop a typed "๓." (the document numbers items itself), warning when it is off."""
        m = _LEADING_NUMBER.match(text)
        if not m:
            return text
        typed = int(arabic_digits(m[1]))
        if typed != expected:
            self.warning(
                ProblemCode.NUMBERING, sheet, ref,
                f"{th}ข้อนี้พิมพ์เลข {m[1]} แต่เป็นข้อที่ {expected} (เอกสารจะใส่เลขข้อให้เอง)",
                f"this {en} is typed as number {typed} but is item {expected} "
                "(the document numbers items itself)",
            )
        return text[m.end():]


class _Reader(_Walker):
    """One pass over one workbook: every sheet read into ``WorkbookData``."""

    def read(self, wb: Any) -> WorkbookData:
        data = self.data
        self.date1904 = getattr(wb, "epoch", None) == dt.datetime(1904, 1, 1)
        self.read_version(wb)
        unit, order = Unit(), Order()
        self.read_form(wb, schema.UNIT, unit, "unit")
        self.read_form(wb, schema.ORDER, order, "order")
        data.unit, data.order = unit, order
        self.read_scores(wb)
        self.read_analyses(wb)
        self.read_measures(wb)
        for table in (schema.COMMITTEE, schema.WORKING_GROUP):
            members = self.read_members(wb, table)
            setattr(data, table.key, members)
        self.read_duties(wb)
        self.read_sections(wb)
        read_progress(self, wb)
        return data

    def read_version(self, wb: Any) -> None:
        version = None
        if schema.META_SHEET in wb.sheetnames:
            ws = wb[schema.META_SHEET]
            for row in ws.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True):
                if row and row[0] == "template_version":
                    try:
                        version = int(parse_number(row[1]))
                    except (ValueError, TypeError):
                        version = None
        self.data.template_version = version
        if schema.META_SHEET in wb.sheetnames:
            self.read_drafts(wb[schema.META_SHEET])
        if version is None:
            self.error(
                ProblemCode.UNKNOWN_VERSION, schema.META_SHEET, "B1",
                "ไม่พบรุ่นของแม่แบบสมุดงาน ไฟล์นี้อาจไม่ได้สร้างจาก itadocs new "
                "กรุณาสร้างสมุดงานใหม่ด้วย itadocs new แล้วคัดลอกข้อมูลลงไป",
                "no template version stamp: this file was not made with 'itadocs new'; "
                "create a workbook with 'itadocs new' and copy the data into it",
                NOT_MADE_BY_ITADOCS,
            )
        elif version not in schema.READABLE_VERSIONS:
            newer = version > schema.TEMPLATE_VERSION
            self.error(
                ProblemCode.UNKNOWN_VERSION, schema.META_SHEET, "B1",
                f"สมุดงานเป็นแม่แบบรุ่น {version} แต่ itadocs รุ่นนี้รู้จักรุ่น "
                f"{schema.TEMPLATE_VERSION} "
                + ("กรุณาปรับรุ่น itadocs" if newer else
                   "กรุณาแปลงเป็นแม่แบบรุ่นปัจจุบัน: itadocs new ใหม่.xlsx --from เดิม.xlsx "
                   "--year ปีงบประมาณเดิม (ปีเดียวกัน ข้อมูลคงเดิม)"),
                f"the workbook is template version {version}; this itadocs knows version "
                f"{schema.TEMPLATE_VERSION}; "
                + ("upgrade itadocs" if newer else
                   "convert it to the current template with 'itadocs new NEW.xlsx --from "
                   "OLD.xlsx --year <its fiscal year>' (same year, data kept)"),
                None if newer else Message(
                    f"สมุดงานเป็นแม่แบบรุ่น {version} แต่ itadocs รุ่นนี้รู้จักรุ่น "
                    f"{schema.TEMPLATE_VERSION} กรุณาแปลงเป็นแม่แบบรุ่นปัจจุบันบนหน้าเว็บ: "
                    "อัปโหลดที่ 'สมุดงานปีถัดไปจากปีที่แล้ว' แล้วเลือกปีงบประมาณเดิมของสมุดงาน "
                    "(ปีเดียวกัน ข้อมูลคงเดิม)",
                    f"the workbook is template version {version}; this itadocs knows version "
                    f"{schema.TEMPLATE_VERSION}; convert it on the page: upload it at \"Next "
                    "year's from last year's\" and choose its own fiscal year (same year, data "
                    "kept)"),
            )

    def read_drafts(self, ws: Any) -> None:
        """The texts itadocs drafted, as it drafted them (rows "draft | path | text")."""
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 500), max_col=3,
                                values_only=True):
            if len(row) == 3 and row[0] == "draft" and row[1] and row[2] is not None:
                self.data.drafts[str(row[1])] = clean(str(row[2]))

    def read_scores(self, wb: Any) -> None:
        table = schema.SCORES
        seen: dict[str, str] = {}
        for _, values in self.read_table(wb, table):
            raw_key = str(values.get("key") or "").strip()
            if raw_key in _EXTRA_ROWS:
                self.read_score_extra(_EXTRA_ROWS[raw_key], values)
                continue
            key = arabic_digits(raw_key.upper()).removesuffix(".0")
            if not key or not (key.isdigit() or key.isalpha()):
                continue
            cells = values["_cells"]
            where = cells.get("key", "")
            if key in seen:
                self.error(
                    ProblemCode.DUPLICATE_ROW, table.name, where,
                    f"คะแนนของ {key} ซ้ำกับแถว {seen[key]}",
                    f"score row {key} appears twice (also {seen[key]})",
                )
                continue
            seen[key] = where
            self.data.scores.append(Score(key, values.get("score"), values.get("previous")))
            self.record(f"scores[{key}]", table.name, {
                **{fld: cells[fld] for fld in ("score", "previous") if fld in cells}, "": where,
            })

    def read_score_extra(self, extra: schema.ExtraRow, values: dict[str, Any]) -> None:
        """NACC's announced total or level, or the compute flag, from its row."""
        cells, sheet = values["_cells"], schema.SCORES.name
        nacc = self.data.announced
        if extra.key == "compute_tools":
            self.record("compute_tools", sheet, {"": cells.get("score", "")})
            flag = one_line(str(values.get("score") or ""))
            if flag and flag.lower() not in _FLAG_VALUES:
                self.error(
                    ProblemCode.BAD_CHOICE, sheet, cells.get("score", ""),
                    f"ช่องนี้รับเฉพาะ '{schema.COMPUTE_FLAG}' หรือเว้นว่าง (ได้ '{flag}')",
                    f"this cell takes only '{schema.COMPUTE_FLAG}' or nothing (got '{flag}')",
                )
            self.data.compute_tools = bool(flag) and flag.lower() in _FLAG_VALUES
            return
        for fld, attr in (("score", ""), ("previous", "previous_")):
            if fld in cells:
                self.record("nacc", sheet, {f"{attr}{extra.key[5:]}": cells[fld]})
            value = values.get(fld)
            if extra.key == "nacc_total":
                setattr(nacc, f"{attr}total", value)
            else:
                setattr(nacc, f"{attr}level", one_line(str(value or "")))

    def read_analyses(self, wb: Any) -> None:
        table = schema.ANALYSIS
        for _, values in self.read_table(wb, table):
            number = leading_int(values.get("indicator"))
            if number is None:
                continue
            row = Analysis(
                number,
                values.get("text") or "",
                values.get("responsible") or "",
                values.get("frequency") or "",
                values.get("category") or "",
            )
            if row.category and row.category not in schema.CATEGORY_CHOICES:
                self.error(
                    ProblemCode.BAD_CHOICE, table.name, values["_cells"].get("category", ""),
                    f"ประเภทประเด็น '{row.category}' ไม่อยู่ในรายการ "
                    f"({' หรือ '.join(schema.CATEGORY_CHOICES)})",
                    f"category '{row.category}' is not one of the list "
                    f"({' / '.join(schema.CATEGORY_CHOICES)})",
                )
            self.data.analyses.append(row)
            self.record(f"analyses[{number}]", table.name, values["_cells"])

    def read_measures(self, wb: Any) -> None:
        table = schema.MEASURES
        position: dict[int, int] = {}
        for _, values in self.read_table(wb, table):
            cells = values["_cells"]
            self.record(f"measures[{len(self.data.measures)}]", table.name, cells)
            number = leading_int(values.get("indicator"))
            if values.get("indicator") and number is None:
                self.error(
                    ProblemCode.BAD_CHOICE, table.name, cells.get("indicator", ""),
                    f"ตัวชี้วัด '{values.get('indicator')}' ไม่ถูกต้อง เลือกจากรายการ",
                    f"indicator '{values.get('indicator')}' is not valid; choose from the list",
                )
            text = values.get("text") or ""
            if number is not None:
                position[number] = position.get(number, 0) + 1
                text = self.strip_number(
                    text, position[number], table.name, cells.get("text", ""), "มาตรการ", "measure"
                )
            period, budget, kpi, owner = (values.get(key) or ""
                                          for key in ("period", "budget", "kpi", "owner"))
            self.data.measures.append(Measure(number or 0, text, period, budget, kpi, owner,
                                              id=typed_id(values.get("id") or "")))

    def read_members(self, wb: Any, table: TableSheet) -> list[Member]:
        members: list[Member] = []
        for _, values in self.read_table(wb, table):
            self.record(f"{table.key}[{len(members)}]", table.name, values["_cells"])
            name = values.get("name") or ""
            name = _LEADING_NUMBER.sub("", name, count=1) if name else name
            members.append(
                Member(
                    name,
                    values.get("position") or "",
                    values.get("department") or "",
                    values.get("role") or "",
                )
            )
        return members

    def read_duties(self, wb: Any) -> None:
        table = schema.DUTIES
        position: dict[str, int] = {}
        for _, values in self.read_table(wb, table):
            cells = values["_cells"]
            self.record(f"duties[{len(self.data.duties)}]", table.name, cells)
            raw_body = (values.get("body") or "").strip()
            body = schema.BODY_CHOICES.get(raw_body, raw_body)
            if raw_body and body not in schema.BODY_CHOICES.values():
                self.error(
                    ProblemCode.BAD_CHOICE, table.name, cells.get("body", ""),
                    f"คณะ '{raw_body}' ไม่อยู่ในรายการ (คณะกรรมการ หรือ คณะทำงาน)",
                    f"body '{raw_body}' is not คณะกรรมการ (committee) or คณะทำงาน (working group)",
                )
            position[body] = position.get(body, 0) + 1
            text = self.strip_number(
                values.get("text") or "", position[body], table.name, cells.get("text", ""),
                "หน้าที่", "duty",
            )
            self.data.duties.append(Duty(body, text))

    def read_sections(self, wb: Any) -> None:
        for table, target in ((schema.PARAGRAPHS, "paragraphs"), (schema.PHOTOS, "photos")):
            for _, values in self.read_table(wb, table):
                items = getattr(self.data, target)
                cells = values["_cells"]
                self.record(f"{target}[{len(items)}]", table.name, cells)
                section = _section(values.get("section"), target == "photos")
                if section is None:
                    if values.get("section"):
                        self.error(
                            ProblemCode.BAD_CHOICE, table.name, cells.get("section", ""),
                            f"หัวข้อ '{values.get('section')}' ไม่อยู่ในรายการ (4, 6, 7, 8"
                            + (" หรือผลการดำเนินการ รอบ 6/12 เดือน)" if target == "photos"
                               else ")"),
                            f"section '{values.get('section')}' is not one of 4, 6, 7, 8"
                            + (" or the progress report's round 6/12" if target == "photos"
                               else ""),
                        )
                    section = 0
                if target == "paragraphs":
                    items.append(Paragraph(section, values.get("text") or ""))
                else:
                    items.append(
                        Photo(section, values.get("file") or "", values.get("caption") or "")
                    )


# ---------------------------------------------------------------------- helpers

_EXTRA_ROWS = {extra.key: extra for extra in schema.SCORE_EXTRA_ROWS}
_FLAG_VALUES = {schema.COMPUTE_FLAG.lower(), "ใช่", "yes", "true", "1"}


def _text_row(cells: dict[str, Any]) -> bool:
    """A scores-sheet row whose inputs are words (NACC's level, the compute flag)."""
    anchor = cells.get("key")
    extra = _EXTRA_ROWS.get(str(anchor.value).strip()) if anchor is not None else None
    return extra is not None and extra.kind != "score"


def _section(typed: Any, photo: bool) -> int | None:
    """The section a paragraph or photo row names (4, 6, 7, 8; a photo also the progress
    report's rounds, 106 and 112), or None."""
    if photo and typed:
        wanted = one_line(str(typed))
        for number, label in schema.PROGRESS_PHOTO_SECTIONS.items():
            if wanted == label:
                return number
    section = leading_int(typed)
    return section if section in schema.SECTION_CHOICES else None


def _merged_at(ws: Any, row: int, col: int) -> bool:
    return any(rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col
               for rng in ws.merged_cells.ranges)


def _skipped(table: TableSheet, cells: dict[str, Any], inputs: list[Column]) -> bool:
    """A row left out: a fixed table's row without its key, another table's blank row."""
    if table.fixed:
        anchor = cells.get("key") or cells.get("indicator")
        if anchor is None:
            return True
        return anchor.value is None or (
            isinstance(anchor.value, str) and not anchor.value.strip()
        )
    # a measure's id alone is what is left of a measure staff cleared: a blank row
    return all(is_blank(cells[c.key].value) for c in inputs
               if c.kind != "id" or table is schema.PROGRESS)


def _value(cell: Any) -> Any:
    """A cell's value; a formula is marked so, text written as text stays text."""
    value = cell.value
    if isinstance(value, str) and cell.data_type == "f":
        return Formula(value)
    return value


def _form_rows(ws: Any, form: FormSheet) -> dict[str, int]:
    """Row of each field, found by its English key in column B (or its Thai label in A)."""
    by_key = {f.en.lower(): f.key for f in form.fields}
    by_label = {normal_key(plain_label(f.th)): f.key for f in form.fields}
    rows: dict[str, int] = {}
    limit = min(ws.max_row, 200)
    for r in range(1, limit + 1):
        key = normal_key(ws.cell(r, schema.FORM_KEY_COL).value)
        if key in by_key and by_key[key] not in rows:
            rows[by_key[key]] = r
    for r in range(1, limit + 1):
        label = normal_key(plain_label(str(ws.cell(r, schema.FORM_LABEL_COL).value or "")))
        if label in by_label and by_label[label] not in rows:
            rows[by_label[label]] = r
    return rows


def _find_columns(ws: Any, table: TableSheet) -> tuple[int | None, dict[str, int]]:
    """The key row and each column's index, by English key or, failing that, Thai header."""
    wanted = {c.en.lower(): c.key for c in table.columns}
    thai = {normal_key(plain_label(c.th)): c.key for c in table.columns}
    best: tuple[int | None, dict[str, int]] = (None, {})
    max_col = min(ws.max_column, 40)
    for r in range(1, min(ws.max_row, table.header_within) + 1):
        values = [ws.cell(r, c).value for c in range(1, max_col + 1)]
        found = _match(values, wanted)
        if len(found) > len(best[1]):
            best = (r, found)
    if best[0] is not None and _enough(best[1], table):
        return best
    for r in range(1, min(ws.max_row, table.header_within) + 1):
        values = [plain_label(str(ws.cell(r, c).value or "")) for c in range(1, max_col + 1)]
        found = _match(values, thai)
        if _enough(found, table):
            # Thai header row found but no key row beneath it: data starts below the header,
            # skipping a key row if one is there.
            return r, found
    return None, {}


def _enough(found: dict[str, int], table: TableSheet) -> bool:
    """A header row: half the columns, or every required one (an older, narrower table)."""
    required = {c.key for c in table.columns if c.required}
    return bool(found) and (len(found) * 2 >= len(table.columns) or required <= set(found))


def _match(values: Iterable[Any], wanted: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, value in enumerate(values, start=1):
        key = wanted.get(normal_key(value))
        if key and key not in found:
            found[key] = col
    return found


def read_workbook(path: Path | str) -> tuple[WorkbookData, list[Problem]]:
    """Read ``path``; returns the data and the problems found while reading."""
    path = Path(path)
    with long_numbers():
        wb, extents = open_workbook(path)
        try:
            reader = _Reader(path)
            data = reader.read(wb)
        finally:
            wb.close()
        found = attach(data, path)
    problems = (reader.problems + left_out(extents) + found + normalise_district(data)
                + macros(path))
    return data, progress_problems(data, problems, extents)


def normalise_district(data: WorkbookData) -> list[Problem]:
    """"เขตบางรัก" typed as the district becomes "บางรัก" (else the office would print as
    "สำนักงานเขตเขตบางรัก"), and invisible characters pasted into it are dropped, each with
    a warning naming the cell (and the characters)."""
    typed = data.unit.district
    if not typed:
        return []
    bare = districts.normalise(typed)
    sheet, cell = data.where("unit.district") or ("", "")
    problems = []
    hidden = [ch for ch in dict.fromkeys(typed) if shown(ch) != ch]
    if hidden:
        problems.append(Problem(Severity.WARNING, ProblemCode.INVISIBLE_CHARACTER, sheet, cell,
                                Message(f"ชื่อเขต '{shown(typed)}' มีอักขระที่มองไม่เห็น "
                                        f"({named(hidden)}) จึงตัดออก",
                                        f"the district '{shown(typed)}' holds invisible "
                                        f"characters ({named(hidden)}); they were removed")))
    data.unit.district = bare
    if bare != comparable(typed):
        problems.append(Problem(
            Severity.WARNING, ProblemCode.DISTRICT_PREFIX, sheet, cell,
            Message(f"ชื่อเขตพิมพ์ว่า '{shown(typed)}' ใช้ '{bare}' (ไม่ต้องพิมพ์คำว่า เขต หรือ "
                    "สำนักงานเขต)",
                    f"the district is typed '{shown(typed)}'; read as '{bare}' (type the name "
                    "without 'เขต' or 'สำนักงานเขต')")))
    return problems

