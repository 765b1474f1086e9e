"""What changed between two versions of a workbook, cell by cell, with the scores that follow.

Staff pass one workbook around; before regenerating the documents they want to see what a
colleague changed. Both files go through ``check_workbook``, so the values are compared as
itadocs understands them (``๙๕.๙๕`` and ``95.95`` are the same score, a date typed as text
equals the same date in a date cell) and the total and level are computed exactly as
``check`` and ``build`` compute them.

Values are compared as display strings under the same paths as ``WorkbookData.locations``
(``unit.district``, ``scores[IIT].score``, ``committee[2].role``). Scores and analyses are
matched by indicator; the other tables are lists, whose rows are aligned by content so that
a member removed from the middle of a list is one removed row, not a change in every row
below it.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from itadocs.checking.check import Report, check_workbook
from itadocs.messages import Label, Message, text
from itadocs.model import Location, WorkbookData
from itadocs.reading import schema
from itadocs.reading.schema import FormSheet, TableSheet
from itadocs.thai import fmt2, thai_long_date

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
ARROW = "→"
EMPTY = "(ว่าง / empty)"
EXCERPT_OVER = 120  # longer texts are shown around the part that changed
EXCERPT_CONTEXT = 30

# Each list table: the model attribute it fills and how one row is named (Thai, English).
_LISTS: tuple[tuple[TableSheet, Callable[[int], tuple[str, str]]], ...] = (
    (schema.MEASURES, lambda n: (f"มาตรการที่ {n}", f"measure {n}")),
    (schema.COMMITTEE, lambda n: (f"กรรมการคนที่ {n}", f"committee member {n}")),
    (schema.WORKING_GROUP, lambda n: (f"คณะทำงานคนที่ {n}", f"working group member {n}")),
    (schema.DUTIES, lambda n: (f"หน้าที่ข้อที่ {n}", f"duty {n}")),
    (schema.PARAGRAPHS, lambda n: (f"ย่อหน้าที่ {n}", f"paragraph {n}")),
    (schema.PHOTOS, lambda n: (f"ภาพที่ {n}", f"photo {n}")),
)

# The progress sheet's columns staff fill (its measure and indicator are shown from the
# measures sheet, its id is itadocs' own).
_PROGRESS_KEYS = tuple(c.key for c in schema.PROGRESS.columns if c.kind not in ("id", "label"))


@dataclass(frozen=True)
class Change:
    """One difference: a value changed, or a whole row added to or removed from a list."""

    kind: str  # CHANGED, ADDED or REMOVED
    path: str  # as in WorkbookData.locations; for a whole row "committee[5]"
    label_th: str  # the column or field, e.g. "คะแนนปีที่ประเมิน"
    label_en: str  # e.g. "score"
    item: str  # which row, e.g. "ตัวชี้วัดที่ 1"; empty for a form field
    old: str | None  # None: empty or absent
    new: str | None
    sheet: str = ""
    cell: str = ""

    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def label(self) -> str:
        item = f" ({self.item})" if self.item else ""
        return f"{self.label_th} / {self.label_en}{item}"

    def format(self) -> str:
        """One line: ``คะแนน!C5  คะแนนปีที่ประเมิน / score (ตัวชี้วัดที่ 1): 95.95 → 96.10``."""
        if self.kind == ADDED:
            return f"{self.where()}  + {self.label()}: {_one_line(self.new)}"
        if self.kind == REMOVED:
            return f"{self.where()}  - {self.label()}: {_one_line(self.old)}"
        old, new = _excerpts(self.old or "", self.new or "")
        return f"{self.where()}  {self.label()}: {old or EMPTY} {ARROW} {new or EMPTY}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "path": self.path, "sheet": self.sheet, "cell": self.cell,
            "label_th": self.label_th, "label_en": self.label_en, "item": self.item,
            "old": self.old, "new": self.new,
        }


Pair = tuple[str | None, str | None]


@dataclass
class WorkbookDiff:
    """The differences between an old and a new workbook, and what they do to the result."""

    old_file: str
    new_file: str
    changes: list[Change] = field(default_factory=list)
    total: Pair = (None, None)  # ITA total, two decimals, old → new
    level: Pair = (None, None)  # result level (Thai name), old → new
    errors: tuple[int, int] = (0, 0)  # errors found by check, old → new
    warnings: tuple[int, int] = (0, 0)
    # what makes the two not two versions of one workbook (another district or year)
    notes: list[Message] = field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        return bool(self.changes) or any(
            a != b for a, b in (self.total, self.level, self.errors, self.warnings)
        )

    def format(self) -> str:
        """The report staff read: one change per line, then total, level and problems."""
        lines = [f"เปรียบเทียบ / comparing {self.old_file} {ARROW} {self.new_file}"]
        lines += [text(Label.NOTE, note) for note in self.notes]
        if not self.has_differences:
            lines.append("ไม่มีความแตกต่าง / no differences")
            return "\n".join(lines)
        lines += [change.format() for change in self.changes]
        lines.append(_result_line("คะแนนรวม ITA / ITA total", self.total))
        lines.append(_result_line("ระดับผลการประเมิน / level", self.level))
        if self.errors != (0, 0) or self.warnings != (0, 0):
            lines.append(
                f"ข้อผิดพลาด / errors: {self.errors[0]} {ARROW} {self.errors[1]}, "
                f"คำเตือน / warnings: {self.warnings[0]} {ARROW} {self.warnings[1]}"
            )
        n = len(self.changes)
        lines.append(f"เปลี่ยน {n} รายการ / {n} change(s)")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """The object ``diff --json`` prints."""
        def pair(values: tuple[Any, Any]) -> dict[str, Any]:
            return {"old": values[0], "new": values[1]}

        return {
            "old": self.old_file,
            "new": self.new_file,
            "differences": self.has_differences,
            "changes": [change.as_dict() for change in self.changes],
            "total": pair(self.total),
            "level": pair(self.level),
            "errors": pair(self.errors),
            "warnings": pair(self.warnings),
            "notes": [{"message_th": n.th, "message_en": n.en} for n in self.notes],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def diff_workbooks(old: Path | str, new: Path | str) -> WorkbookDiff:
    """Compare two workbooks. Raises ``WorkbookUnreadable`` when either cannot be opened."""
    before, after = check_workbook(Path(old)), check_workbook(Path(new))
    result = WorkbookDiff(before.path.name, after.path.name)
    result.changes = list(_changes(before.data, after.data))
    result.total = (_total(before), _total(after))
    result.level = (_level(before), _level(after))
    result.errors = (len(before.errors), len(after.errors))
    result.warnings = (len(before.warnings), len(after.warnings))
    result.notes = unlike(result.changes)
    return result


def unlike(changes: Iterable[Change]) -> list[Message]:
    """What makes two workbooks not two versions of one: another district, another fiscal
    year (said before the differences, which then list how the two differ)."""
    from itadocs.reading.districts import english

    found = {c.path: c for c in changes if c.old and c.new}
    notes = []
    if (district := found.get("unit.district")) is not None:
        old, new = district.old or "", district.new or ""
        notes.append(Message(
            f"สมุดงานทั้งสองเป็นของคนละเขต ({old} → {new}) รายการด้านล่างจึงแสดงว่าทั้งสองเขตต่างกัน"
            "อย่างไร ไม่ใช่สิ่งที่แก้ไขในสมุดงานฉบับเดียว",
            f"The two workbooks are of different districts ({english(old) or old} → "
            f"{english(new) or new}): what follows shows how they differ, not what was "
            "changed in one workbook."))
    if (year := found.get("unit.fiscal_year")) is not None:
        notes.append(Message(
            f"สมุดงานทั้งสองเป็นของคนละปีงบประมาณ ({year.old} → {year.new}) ตรวจว่าเลือกไฟล์ถูกต้อง",
            f"The two workbooks are of different fiscal years ({year.old} → {year.new}): "
            "check that these are the files meant."))
    return notes


# --------------------------------------------------------------------------- flattening


def flatten(data: WorkbookData) -> dict[str, str]:
    """Every value of ``data`` as display text, by path, in the order of the sheets."""
    values: dict[str, str] = {}
    for sheet in schema.SHEET_ORDER:
        for path, value, _ in _values_of_sheet(data, sheet):
            values[path] = value
    return values


def _values_of_sheet(data: WorkbookData, sheet: str
                     ) -> Iterator[tuple[str, str, tuple[str, str, str, str]]]:
    """(path, display value, (label th, label en, item th, item en)) of one sheet's values."""
    form = next((f for f in schema.FORMS if f.name == sheet), None)
    if form is not None:
        yield from _form_values(data, form)
    elif sheet == schema.SCORES.name:
        for row in data.scores:
            item = (f"ตัวชี้วัดที่ {row.key}", f"indicator {row.key}") if row.key.isdigit() \
                else (row.key, row.key)
            for key in ("score", "previous"):
                yield f"scores[{row.key}].{key}", _show(getattr(row, key)), (
                    *_column_label(schema.SCORES, key), *item)
        nacc = data.announced
        for path, value, extra in (
            ("nacc.total", _show(nacc.total), 0), ("nacc.previous_total",
                                                   _show(nacc.previous_total), 0),
            ("nacc.level", nacc.level, 1), ("nacc.previous_level", nacc.previous_level, 1),
            ("compute_tools", schema.COMPUTE_FLAG if data.compute_tools else "", 2),
        ):
            row_def = schema.SCORE_EXTRA_ROWS[extra]
            yield path, value, (row_def.th, row_def.en, "", "")
    elif sheet == schema.ANALYSIS.name:
        for analysis in data.analyses:
            item = (f"ตัวชี้วัดที่ {analysis.indicator}", f"indicator {analysis.indicator}")
            for key in ("text", "responsible", "frequency", "category"):
                yield f"analyses[{analysis.indicator}].{key}", _show(getattr(analysis, key)), (
                    *_column_label(schema.ANALYSIS, key), *item)
    elif sheet == schema.PROGRESS.name:
        yield from _round_values(data)
        for i, fields in enumerate(_progress_rows(data)):
            for key, value in fields.items():
                yield f"progress[{i}].{key}", value, (
                    *_column_label(schema.PROGRESS, key), *_progress_item(data, i))
    else:
        for table, name in _LISTS:
            if table.name == sheet:
                for i, fields in enumerate(_rows(data, table)):
                    for key, value in fields.items():
                        yield f"{table.key}[{i}].{key}", value, (
                            *_column_label(table, key), *name(i + 1))


def _round_values(data: WorkbookData
                  ) -> Iterator[tuple[str, str, tuple[str, str, str, str]]]:
    """Each round's texts on the progress sheet (as-of date, problems, the memo's details)."""
    for number, texts in sorted(data.progress.rounds.items()):
        for fld in schema.PROGRESS_FIELDS:
            yield (f"progress.rounds[{number}].{fld.key}", _show(getattr(texts, fld.key)),
                   (_short(fld.th), _english(fld.en), f"รอบ {number} เดือน",
                    f"round {number}"))


def _progress_rows(data: WorkbookData) -> list[dict[str, str]]:
    """The progress sheet's rows as {column key: display value}, the columns staff fill."""
    return [{k: _show(getattr(row, k), k) for k in _PROGRESS_KEYS} for row in data.progress.rows]


def _progress_item(data: WorkbookData, index: int) -> tuple[str, str]:
    """A progress row named by its measure and round: "มาตรการ M03 รอบ 6 เดือน"."""
    row = data.progress.rows[index]
    measure = row.measure_id or f"#{index + 1}"
    when = f" รอบ {row.round} เดือน" if row.round else ""
    return f"มาตรการ {measure}{when}", f"measure {measure}" + (
        f" round {row.round}" if row.round else "")


def _form_values(data: WorkbookData, form: FormSheet
                 ) -> Iterator[tuple[str, str, tuple[str, str, str, str]]]:
    target = getattr(data, form.key)
    for fld in form.fields:
        value = _show(getattr(target, fld.key), fld.key)
        yield f"{form.key}.{fld.key}", value, (_short(fld.th), _english(fld.en), "", "")


def _rows(data: WorkbookData, table: TableSheet) -> list[dict[str, str]]:
    """The rows of a list table as {column key: display value}."""
    return [
        {c.key: _show(getattr(item, c.key), c.key) for c in table.columns if c.kind != "id"}
        for item in getattr(data, table.key)
    ]


def _show(value: object, key: str = "") -> str:
    """A value as staff would recognise it in the cell: scores with two decimals, Thai dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and key == "percent" and value == value.to_integral():
        return str(int(value))  # a percent as typed: 50, not 50.00
    if isinstance(value, Decimal):
        return fmt2(value)
    if isinstance(value, dt.date):
        return thai_long_date(value)
    if key == "digits":
        return next((k for k, v in schema.DIGITS_CHOICES.items() if v == value), str(value))
    if key == "body":
        return next((k for k, v in schema.BODY_CHOICES.items() if v == value), str(value))
    if key == "section" and value in schema.PROGRESS_PHOTO_SECTIONS:
        return schema.PROGRESS_PHOTO_SECTIONS[value]
    if key in ("indicator", "section") and value == 0:
        return ""  # unreadable or missing choice
    return str(value).strip()


def _short(th: str) -> str:
    """A Thai label without the required mark and the explanation in brackets."""
    label = th.replace("*", "").strip()
    if label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    return label.strip()


def _english(key: str) -> str:
    return key.replace("_", " ")


def _column_label(table: TableSheet, key: str) -> tuple[str, str]:
    column = table.column(key)
    return _short(column.th), _english(column.en)


# --------------------------------------------------------------------------- comparing


def _changes(old: WorkbookData, new: WorkbookData) -> Iterator[Change]:
    lists = {table.name: (table, name) for table, name in _LISTS}
    for sheet in schema.SHEET_ORDER:
        if sheet in lists:
            yield from _list_changes(old, new, *lists[sheet])
        elif sheet == schema.PROGRESS.name:
            yield from _progress_changes(old, new)
        else:
            yield from _keyed_changes(old, new, sheet)


def _progress_changes(old: WorkbookData, new: WorkbookData) -> Iterator[Change]:
    """The progress sheet: each round's texts by path, its rows matched by measure id and
    round (a measure added above another moves no row's results)."""
    sheet = schema.PROGRESS.name
    before = {path: (value, label) for path, value, label in _round_values(old)}
    for path, value, label in _round_values(new):
        old_value = before.get(path, ("", label))[0]
        if old_value != value:
            yield _change(CHANGED, path, label[0], label[1], _item(*label[2:]), old_value,
                          value, new.where(path) or old.where(path) or (sheet, ""))
    rows_before, rows_after = _progress_rows(old), _progress_rows(new)

    def key(data: WorkbookData, index: int) -> tuple[str, object]:
        row = data.progress.rows[index]
        return (row.measure_id or f"#{index}", row.round)

    # each old row is matched once, an unchanged one first: a row copied (its measure and
    # round twice, above or below the first) is an added row, never a change of the first
    waiting: dict[tuple[str, object], list[int]] = {}
    for index in range(len(rows_before)):
        waiting.setdefault(key(old, index), []).append(index)
    pairs: dict[int, int] = {}
    for j, after in enumerate(rows_after):
        same = [k for k in waiting.get(key(new, j), []) if rows_before[k] == after]
        if same:
            pairs[j] = same[0]
            waiting[key(new, j)].remove(same[0])
    for j in range(len(rows_after)):
        left = waiting.get(key(new, j))
        if j not in pairs and left:
            pairs[j] = left.pop(0)
    matched = set()
    for j, after in enumerate(rows_after):
        i = pairs.get(j)
        item = _item(*_progress_item(new, j))
        if i is None:
            summary = _filled(after)
            if summary:  # an empty row is itadocs' own, for a measure added
                yield _change(ADDED, f"progress[{j}]", "แถวที่เพิ่ม", "added row", item,
                              None, summary, new.where(f"progress[{j}].status") or (sheet, ""))
            continue
        matched.add(i)
        for k in _PROGRESS_KEYS:
            if rows_before[i][k] != after[k]:
                path = f"progress[{j}].{k}"
                yield _change(CHANGED, path, *_column_label(schema.PROGRESS, k), item,
                              rows_before[i][k], after[k], new.where(path) or (sheet, ""))
    for i, row in enumerate(rows_before):
        if i not in matched and _filled(row):
            yield _change(REMOVED, f"progress[{i}]", "แถวที่ลบ", "removed row",
                          _item(*_progress_item(old, i)), _filled(row), None,
                          old.where(f"progress[{i}].status") or (sheet, ""))


def _filled(row: dict[str, str]) -> str:
    """What staff filled in a progress row (its round aside), joined for one line."""
    return " | ".join(value for key, value in row.items() if value and key != "round")


def _keyed_changes(old: WorkbookData, new: WorkbookData, sheet: str) -> Iterator[Change]:
    """Forms, scores and analyses: values matched by path."""
    before = {path: (value, label) for path, value, label in _values_of_sheet(old, sheet)}
    after = {path: (value, label) for path, value, label in _values_of_sheet(new, sheet)}
    paths = list(after) + [p for p in before if p not in after]
    for path in paths:
        old_value, label = before.get(path, ("", None))
        new_value, new_label = after.get(path, ("", None))
        if old_value == new_value:
            continue
        labels = new_label or label
        assert labels is not None  # the path is in one of the two
        label_th, label_en, item_th, item_en = labels
        where = new.where(path) if path in after else old.where(path)
        yield _change(CHANGED, path, label_th, label_en, _item(item_th, item_en),
                      old_value, new_value, where or (sheet, ""))


def _list_changes(old: WorkbookData, new: WorkbookData, table: TableSheet,
                  name: Callable[[int], tuple[str, str]]) -> Iterator[Change]:
    """A list table: rows aligned by content, then changed cells, added and removed rows."""
    before, after = _rows(old, table), _rows(new, table)
    keys = [c.key for c in table.columns if c.kind != "id"]  # ids are itadocs' own

    def row_change(kind: str, data: WorkbookData, index: int, row: dict[str, str]) -> Change:
        where = next((data.where(f"{table.key}[{index}].{k}") for k in keys
                      if data.where(f"{table.key}[{index}].{k}")), None)
        summary = " | ".join(v for v in row.values() if v)
        th, en = ("แถวที่เพิ่ม", "added row") if kind == ADDED else ("แถวที่ลบ", "removed row")
        old_value, new_value = (None, summary) if kind == ADDED else (summary, None)
        return _change(kind, f"{table.key}[{index}]", th, en, _item(*name(index + 1)),
                       old_value, new_value, where or (table.name, ""))

    matcher = SequenceMatcher(
        None, [tuple(r.values()) for r in before], [tuple(r.values()) for r in after],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            i, j = i1 + k, j1 + k
            for key in keys:
                if before[i][key] == after[j][key]:
                    continue
                path = f"{table.key}[{j}].{key}"
                yield _change(CHANGED, path, *_column_label(table, key), _item(*name(j + 1)),
                              before[i][key], after[j][key],
                              new.where(path) or (table.name, ""))
        for i in range(i1 + paired, i2):
            yield row_change(REMOVED, old, i, before[i])
        for j in range(j1 + paired, j2):
            yield row_change(ADDED, new, j, after[j])


def _change(kind: str, path: str, label_th: str, label_en: str, item: str,
            old: str | None, new: str | None, where: Location) -> Change:
    return Change(kind, path, label_th, label_en, item, old or None, new or None, *where)


def _item(th: str, en: str) -> str:
    """How a row is named: "ตัวชี้วัดที่ 1" needs no translation, "กรรมการคนที่ 2" does."""
    if not th or th == en or th.startswith("ตัวชี้วัดที่"):
        return th
    return f"{th} / {en}"


def _total(report: Report) -> str | None:
    return fmt2(report.result.total) or None if report.result else None


def _level(report: Report) -> str | None:
    result = report.result
    return result.level.name if result and result.level else None


# --------------------------------------------------------------------------- display


def _result_line(label: str, values: Pair) -> str:
    old, new = values
    if old == new:
        return f"{label}: {old or '-'} (ไม่เปลี่ยน / unchanged)"
    return f"{label}: {old or '-'} {ARROW} {new or '-'}"


def _one_line(text: str | None) -> str:
    return (text or EMPTY).replace("\n", " ↵ ")


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """Long texts shortened to the part that differs, with some context either side."""
    old, new = _one_line(old) if old else "", _one_line(new) if new else ""
    if max(len(old), len(new)) <= EXCERPT_OVER:
        return old, new
    start, end = shared_ends(old, new)
    begin = _cluster_start(old, max(0, start - EXCERPT_CONTEXT))

    def cut(text: str) -> str:
        stop = _cluster_end(text, min(len(text), len(text) - end + EXCERPT_CONTEXT))
        head = "…" if begin > 0 else ""
        tail = "…" if stop < len(text) else ""
        return f"{head}{text[begin:stop]}{tail}" if text else ""

    return cut(old), cut(new)


def shared_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters two versions of a text share at the start and, after that, at
    the end: what lies between is the part that changed."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while (end < min(len(old), len(new)) - start
           and old[len(old) - 1 - end] == new[len(new) - 1 - end]):
        end += 1
    return start, end


def _cluster_start(text: str, index: int) -> int:
    """Move back so an excerpt does not start with a Thai vowel or tone mark on its own."""
    while 0 < index < len(text) and unicodedata.category(text[index]) == "Mn":
        index -= 1
    return index


def _cluster_end(text: str, index: int) -> int:
    """Move forward so an excerpt does not end between a letter and its marks."""
    while index < len(text) and unicodedata.category(text[index]) == "Mn":
        index += 1
    return index
