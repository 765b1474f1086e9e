"""Check a rendered document before it is written: well-formed, complete, as long as its data.

docxtpl parses what Jinja produced with a *recovering* XML parser: one character XML cannot
hold, or a tag an edited template broke, silently ends the document at that point, and the
result still opens. So every .docx is read back from its bytes, strictly, and counted against
what its template and context promise: at least one paragraph per paragraph of the template
outside a loop or condition, that paragraph times the length of the list for a paragraph
inside ``{%p for x in list %}``, each table of the template, and its ``{%tr for %}`` rows
times their list. A document shorter than that is never written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from itadocs.exceptions import DocumentIncomplete
from itadocs.messages import Message

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLOCK = re.compile(r"^\s*\{%(p|tr)\s+(for|if|elif|else|endfor|endif)\b(.*?)%\}\s*$", re.S)
_FOR = re.compile(r"^\s*\w+(?:\s*,\s*\w+)*\s+in\s+([A-Za-z_]\w*(?:\.\w+)*)\s*$")


@dataclass
class Expected:
    """The least a rendered body holds: paragraphs directly in the body, tables, and the
    rows of each table (in document order)."""

    paragraphs: int = 0
    tables: int = 0
    rows: tuple[int, ...] = ()

    def __add__(self, other: Expected) -> Expected:
        return Expected(self.paragraphs + other.paragraphs, self.tables + other.tables,
                        self.rows + other.rows)


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _length(expr: str, context: Mapping[str, Any]) -> int:
    """The length of ``a.b.c`` in the context; 0 when it is not a plain path to a list (a
    loop variable of an outer loop, a filter): the count is a lower bound."""
    m = _FOR.match(expr)
    if not m:
        return 0
    value: Any = context
    for part in m[1].split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            return 0
    return len(value) if isinstance(value, list | tuple) else 0


class _Blocks:
    """The stack of ``{%p/tr for|if %}`` blocks: how many times an element inside repeats."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.context = context
        self.stack: list[int] = []

    def tag(self, kind: str, rest: str) -> None:
        if kind == "for":
            self.stack.append(_length(rest, self.context))
        elif kind == "if":
            self.stack.append(0)  # may print nothing
        elif kind in ("elif", "else") and self.stack:
            self.stack[-1] = 0
        elif kind in ("endfor", "endif") and self.stack:
            self.stack.pop()

    @property
    def times(self) -> int:
        n = 1
        for k in self.stack:
            n *= k
        return n


def expected(template_body: Any, context: Mapping[str, Any], marker: str = "",
             inserted: Expected | None = None) -> Expected:
    """What a body rendered from ``template_body`` with ``context`` holds at least.

    The paragraph that is only the tag ``{{ marker }}`` is replaced by ``inserted`` (the
    order's text inside the measures document).
    """
    blocks = _Blocks(context)
    result = Expected()
    for element in template_body:
        if element.tag == f"{W}p":
            text = _text(element)
            m = _BLOCK.match(text)
            if m and m[1] == "p":
                blocks.tag(m[2], m[3])
            elif marker and inserted is not None and re.fullmatch(
                    r"\{\{\s*" + re.escape(marker) + r"\s*\}\}", text.strip()):
                result = result + Expected(
                    inserted.paragraphs * blocks.times, inserted.tables * blocks.times,
                    inserted.rows * blocks.times)
            else:
                result.paragraphs += blocks.times
        elif element.tag == f"{W}tbl":
            times = blocks.times
            rows = _table_rows(element, context)
            result = result + Expected(0, times, (rows,) * times)
    return result


def _table_rows(table: Any, context: Mapping[str, Any]) -> int:
    blocks = _Blocks(context)
    rows = 0
    for row in table.iter(f"{W}tr"):
        if row.getparent() is not table:
            continue  # a row of a nested table
        m = _BLOCK.match(_text(row))
        if m and m[1] == "tr":
            blocks.tag(m[2], m[3])
        else:
            rows += blocks.times
    return rows


def template_body(template: Path) -> Any:
    """The body element of a template's main document part."""
    with zipfile.ZipFile(template) as zf:
        root = etree.fromstring(zf.read("word/document.xml"), _parser())
    return root.find(f"{W}body")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def actual(body: Any) -> Expected:
    """What a rendered body holds."""
    tables = [t for t in body if t.tag == f"{W}tbl"]
    return Expected(
        sum(1 for p in body if p.tag == f"{W}p"),
        sum(1 for _ in body.iter(f"{W}tbl")),
        tuple(sum(1 for r in t if r.tag == f"{W}tr") for t in tables),
    )


def check_docx(data: bytes, want: Expected, template: str) -> None:
    """Raise ``DocumentIncomplete`` unless ``data`` is a complete, well-formed .docx holding
    at least ``want``."""
    body = _parse_all(data, template)
    got = actual(body)
    last = body[len(body) - 1] if len(body) else None
    short: list[tuple[str, str]] = []
    if last is None or last.tag != f"{W}sectPr":
        short.append(("ไม่มีส่วนท้ายของเอกสาร (sectPr)", "the document's end (sectPr) is missing"))
    if got.paragraphs < want.paragraphs:
        short.append((f"มี {got.paragraphs} ย่อหน้า จากที่ต้องมีอย่างน้อย {want.paragraphs}",
                      f"{got.paragraphs} paragraphs where at least {want.paragraphs} are due"))
    if got.tables < want.tables:
        short.append((f"มี {got.tables} ตาราง จากที่ต้องมี {want.tables}",
                      f"{got.tables} tables where {want.tables} are due"))
    elif want.rows:
        for i, (have, need) in enumerate(zip(got.rows, want.rows, strict=False), start=1):
            if have < need:
                short.append((f"ตารางที่ {i} มี {have} แถว จากที่ต้องมี {need}",
                              f"table {i} has {have} rows where {need} are due"))
    if short:
        what_th, what_en = "; ".join(th for th, _ in short), "; ".join(en for _, en in short)
        raise DocumentIncomplete(Message(
            f"เอกสารที่สร้างจากแม่แบบ {template} ไม่ครบ ({what_th}) จึงไม่บันทึก ตรวจแม่แบบด้วย "
            "itadocs templates check และข้อความในสมุดงาน",
            f"the document rendered from template {template} is incomplete ({what_en}); it "
            "was not written. Check the template with 'itadocs templates check' and the "
            "workbook's texts",
            web=Message(
                f"เอกสารที่สร้างจากแม่แบบ {template} ไม่ครบ ({what_th}) จึงไม่บันทึก ตรวจแม่แบบ"
                "ของสำนักงานที่หน้า \"แม่แบบและตราครุฑ\" และข้อความในสมุดงาน",
                f"the document rendered from template {template} is incomplete ({what_en}); "
                "it was not written. Check the office's template on the \"Templates and "
                "Garuda\" page and the workbook's texts")), where=template)


def _text_only(root: Any, part: str, template: str) -> None:
    """A text element holds text, never markup: markup there came from a value or a
    template (a cell's text unescaped), which Word would not show as written."""
    for t in root.iter(f"{W}t"):
        if len(t):
            inside = etree.QName(t[0]).localname
            raise DocumentIncomplete(
                f"เอกสารที่สร้างจากแม่แบบ {template} มีแท็ก <{inside}> อยู่ในข้อความ ({part}) "
                "จึงไม่บันทึก (แม่แบบหรือข้อความในสมุดงานสร้างโค้ดแทนข้อความ)",
                f"the document rendered from template {template} holds a <{inside}> element "
                f"inside its text ({part}); it was not written (the template or a workbook "
                "text produced markup instead of text)",
                where=template,
            )


def _parse_all(data: bytes, template: str) -> Any:
    """Every XML part parsed strictly; returns the main document's body."""
    body = None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                part = info.filename
                root = etree.fromstring(zf.read(info), _parser())
                _text_only(root, part, template)
                if part == "word/document.xml":
                    body = root.find(f"{W}body")
    except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as exc:
        raise DocumentIncomplete(
            f"เอกสารที่สร้างจากแม่แบบ {template} เสียหาย ({exc}) จึงไม่บันทึก",
            f"the document rendered from template {template} is damaged ({exc}); "
            "it was not written",
            where=template,
        ) from exc
    if body is None:
        raise DocumentIncomplete(
            f"เอกสารที่สร้างจากแม่แบบ {template} ไม่มีเนื้อหา (word/document.xml) จึงไม่บันทึก",
            f"the document rendered from template {template} has no body "
            "(word/document.xml); it was not written",
            where=template,
        )
    return body
