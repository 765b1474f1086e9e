"""A template judged by what it does, not by the tags it names.

A ``{{ total }}`` inside a condition that is never true names the tag and prints nothing; a
template re-saved by another editor can lose the titles by which Table 1 and the Garuda's
frame are found, or its landscape section. So each template is rendered with sample data
(every value distinct, so one not printed is seen) — once complete and once with only what
a workbook must hold — and the result must print every required value and keep the
structure the documents need. ``templates check`` lists what fails; ``build`` refuses the
template (and also checks the real document prints the required values).
"""

from __future__ import annotations

import functools
import tempfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENTATION

from itadocs import framework
from itadocs.documents import captions, resaved
from itadocs.documents.context import (
    ORDER_MARKER,
    build_context,
    order_context,
    sample_data,
)
from itadocs.documents.templateset import MEASURES, ORDER
from itadocs.messages import Message
from itadocs.model import WorkbookData


def _rows(key: str) -> Callable[[Any], list[str]]:
    return lambda rows: [str(row[key]) for row in rows if row.get(key)]


# What each required tag must print: the value itself, or a field of each row of a list.
PRINTS: dict[str, Callable[[Any], list[str]]] = {
    "table1": _rows("score"),
    "analyses": _rows("analysis"),
    "order_text": lambda _: [ORDER_MARKER],
    "order.committee": _rows("first_line"),
    "order.working_group": _rows("first_line"),
}
# What each template must keep: (caption, Thai, English) of its titled tables.
TABLES: dict[str, tuple[tuple[str, str, str], ...]] = {
    MEASURES: ((captions.TABLE1, "ตารางที่ ๑", "Table 1"),
               (captions.TABLE2, "ตารางที่ ๒", "Table 2"),
               (captions.LEVELS, "ตารางระดับผลการประเมิน", "the table of result levels"),
               (captions.ANALYSIS, "ตารางการวิเคราะห์ (หัวข้อ ๕)", "the analysis table "
                                                              "(section 5)")),
    ORDER: (),
}


def probe_data(full: bool = True) -> WorkbookData:
    """Sample data whose every value is its own: a score, a name, a text printed twice by
    mistake or not at all shows. Without ``full``, only what a workbook must hold (no
    previous year, no measure details, no sections 4-8, no categories)."""
    data = sample_data()
    for n, score in enumerate(data.scores):
        score.score = Decimal(f"9{n % 10}.{(17 * n + 11) % 100:02d}")
        score.previous = Decimal(f"8{n % 10}.{(13 * n + 7) % 100:02d}") if full else None
    for analysis in data.analyses:
        analysis.text = f"การวิเคราะห์ตัวชี้วัดที่ {analysis.indicator} ทดสอบการพิมพ์"
        analysis.category = analysis.category if full else ""
    for measure in data.measures:
        measure.text = f"มาตรการทดสอบของตัวชี้วัดที่ {measure.indicator}"
        if not full:
            measure.period = measure.budget = measure.kpi = measure.owner = ""
    data.order.number = 47
    data.order.subject = "แต่งตั้งคณะทดสอบการพิมพ์"
    data.order.signer_name = data.unit.director_name = "นายผู้ลงนาม ตรวจสอบการพิมพ์"
    for n, member in enumerate([*data.committee, *data.working_group]):
        if member.name:
            member.name = f"นายสมาชิก ลำดับ{n}"
    if not full:
        data.paragraphs = []
        data.photos = []
    return data


def contexts(full: bool, folder: Path) -> dict[str, dict[str, Any]]:
    """The measures' and the order's contexts for ``probe_data(full)``."""
    from PIL import Image as Pil

    from itadocs.checking.scoring import compute

    data = probe_data(full)
    result, _ = compute(data, framework.load(data.unit.framework_year))
    chart = folder / "chart.png"
    if not chart.exists():
        Pil.new("RGB", (10, 10), "white").save(chart, "PNG")  # stands in for the chart
    order = {"order": order_context(data), "office": f"สำนักงานเขต{data.unit.district}"}
    return {MEASURES: build_context(data, result, folder, chart), ORDER: order}


def unprinted(name: str, context: dict[str, Any], text: str,
              counts: Counter[str] | None = None) -> list[Message]:
    """The required values of ``name``'s template that ``text`` (the rendered document's
    text) does not hold; with ``counts`` (``templatelint.printed_counts``, for complete data
    where every condition of the template holds), also those it holds fewer times than the
    template prints them (a ``{{ total }}`` hidden in one of its two places)."""
    from itadocs.documents.templatelint import REQUIRED, _tag

    missing = []
    for tag, th, en in REQUIRED.get(name, ()):
        values = _values(tag, context)
        if values is None:
            continue  # none of the spellings is in this context
        times = max((counts[s] for s in tag.split("|")), default=0) if counts else 0
        absent = [v for v in values if v not in text or (
            len(values) == 1 and times > 1 and text.count(v) < times)]
        if absent:
            missing.append(Message(
                f"{name}: แท็ก {_tag(tag)} ({th}) ไม่ได้พิมพ์ '{absent[0][:40]}' ลงในเอกสาร "
                "(อยู่ในเงื่อนไขที่ไม่เป็นจริง หรือถูกลบ?)",
                f"{name}: the tag {_tag(tag)} ({en}) does not print '{absent[0][:40]}' in the "
                "document (inside a condition that is not true, or deleted?)"))
    return missing


def _values(tag: str, context: dict[str, Any]) -> list[str] | None:
    for spelling in tag.split("|"):
        value: Any = context
        for part in spelling.split("."):
            if not isinstance(value, dict) or part not in value:
                value = None
                break
            value = value[part]
        if value is None:
            continue
        if spelling in PRINTS:
            return PRINTS[spelling](value)
        return [str(value)] if str(value) else []
    return None


def lost_structure(name: str, doc: Any) -> list[Message]:
    """What the rendered ``doc`` of template ``name`` lacks: its titled tables, its
    landscape section (the measures)."""
    lost = [Message(f"{name}: ไม่พบ{th} (ชื่อตารางหายไปเมื่อบันทึกด้วยโปรแกรมอื่น?)",
                    f"{name}: {en} cannot be found (its table title lost when saved by "
                    "another program?)")
            for caption, th, en in TABLES.get(name, ())
            if captions.table_by_caption(doc, caption) is None]
    if name == MEASURES and not any(s.orientation == WD_ORIENTATION.LANDSCAPE
                                    for s in doc.sections):
        lost.append(Message(f"{name}: ไม่มีส่วนแนวนอน (หัวข้อ ๕ จะถูกตัดขอบ) ตัวแบ่งส่วนหายไป",
                            f"{name}: has no landscape section (section 5 would be cut at "
                            "both edges): a section break was lost"))
    return lost


def no_garuda_frame(path: Path) -> list[Message]:
    """The order's template must keep the Garuda's frame on its first page."""
    from docx import Document

    doc = Document(str(path))
    resaved.mend(doc)
    for section in doc.sections:
        if (section.different_first_page_header_footer
                and not section.first_page_header.is_linked_to_previous
                and captions.table_by_caption(section.first_page_header, captions.GARUDA)):
            return []
    return [Message(f"{path.name}: ไม่พบกรอบตราครุฑในหัวกระดาษหน้าแรก ตราครุฑจะไม่ถูกวาง",
                    f"{path.name}: the Garuda's frame in the first page's header cannot be "
                    "found; the Garuda would not be placed")]


def refuse_misbehaving(path: Path, name: str) -> None:
    """``build``: a template that does not print what it must, or lost what it needs, is
    not used (judged once per version of the file)."""
    info = path.stat()
    failed = _judged(str(path), name, info.st_mtime_ns, info.st_size)
    if failed:
        from itadocs.exceptions import TemplateError

        raise TemplateError(Message(
            f"แม่แบบ {name} ใช้ไม่ได้: " + "; ".join(m.th.removeprefix(f"{name}: ")
                                                  for m in failed)
            + " จึงไม่สร้างเอกสาร (ตรวจด้วย itadocs templates check)",
            f"template {name} cannot be used: " + "; ".join(m.en.removeprefix(f"{name}: ")
                                                         for m in failed)
            + "; no document is built (see 'itadocs templates check')"), where=name)


@functools.lru_cache(maxsize=8)
def _judged(path: str, name: str, _mtime: int, _size: int) -> tuple[Message, ...]:
    return tuple(judge(Path(path), name))


def judge(path: Path, name: str) -> list[Message]:
    """Render ``path`` (template ``name``) with complete and with minimal sample data:
    what it fails to print or to keep. A template that cannot be rendered at all is
    reported by the renderer, not here."""
    from itadocs.documents import render
    from itadocs.documents.templatelint import printed_counts
    from itadocs.exceptions import TemplateError

    if name not in (MEASURES, ORDER):
        return []  # the progress report's templates: their tags are checked by name
    try:
        found: list[Message] = no_garuda_frame(path) if name == ORDER else []
    except Exception:  # a file Word's library will not open (a .docm renamed): the lint
        return []      # and the renderer say why
    try:
        counts = printed_counts(path)
    except Exception:  # a template Jinja cannot parse: the renderer names the line
        return found
    with tempfile.TemporaryDirectory(prefix="itadocs-probe-") as tmp:
        for full in (True, False):
            context = contexts(full, Path(tmp))[name]
            try:
                doc = render.render_template(path, context)
            except TemplateError:
                return found
            text = document_text(doc)
            found += [m for m in [*unprinted(name, context, text, counts if full else None),
                                  *lost_structure(name, doc)] if m not in found]
    return found


def document_text(doc: Any) -> str:
    """The text of a rendered document's body, headers and footers (what its tags print)."""
    from itadocs.documents import render

    texts = [render.text_of(doc)]
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if not part.is_linked_to_previous:
                texts += [p.text for p in part.paragraphs]
                texts += [cell.text for table in part.tables for row in table.rows
                          for cell in row.cells]
    return "\n".join(texts)
