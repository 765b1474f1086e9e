"""One workbook's documents: both Word documents of a checked workbook rendered in memory
(``render_documents``), the radar chart they show, and the checks of the templates.
Nothing here writes into an output folder: that is ``build/``'s.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itadocs import framework as frameworks
from itadocs.checking.check import Report
from itadocs.documents import templateset
from itadocs.documents.templateset import MEASURES, ORDER, PROGRESS, PROGRESS_MEMO, Templates
from itadocs.kinds import DOCUMENTS, PROGRESS_DOCUMENTS, OutputKind
from itadocs.messages import Message
from itadocs.thai import digits


def find_templates(explicit: Path | None = None) -> Templates:
    """The templates of a build: ``--templates``, else ``$ITADOCS_TEMPLATES``, else the
    defaults installed with itadocs; a file in the named folder overrides its default, and
    a folder that is missing or holds none of the files is an error (see templateset.py)."""
    return templateset.find(explicit)


def render_documents(report: Report, templates: Templates | Path
                     ) -> dict[OutputKind, bytes]:
    """Both Word documents of a checked workbook, rendered in memory (nothing written)."""
    import datetime as dt

    from itadocs.documents import render, typeset
    from itadocs.documents.context import build_context, chart_description, order_context
    from itadocs.documents.probe import refuse_misbehaving
    from itadocs.documents.templatelint import refuse_unusable, strip_external
    from itadocs.reading.districts import office_name

    data, result = report.data, report.result
    assert result is not None
    thai = data.unit.digits != "arabic"
    office = office_name(data.unit.district)
    when = dt.datetime.combine(data.order.date or dt.date(2000, 1, 1), dt.time())
    for name in (MEASURES, ORDER):
        refuse_unusable(templates / name, name)
        refuse_misbehaving(templates / name, name)
    order_ctx = {"order": order_context(data), "office": office}
    order_doc = render.render_template(
        templates / ORDER, order_ctx, templates / render.GARUDA_FILE,
    )
    chart = chart_png(report)
    context = build_context(data, result, report.path.parent, chart)
    measures_doc = render.render_template(templates / MEASURES, context)
    render.describe_picture(measures_doc, chart, digits(chart_description(
        result, data.unit.assessed_year or 0), thai))
    _printed(templates / MEASURES, context, measures_doc)
    _printed(templates / ORDER, order_ctx, order_doc)
    render.merge_tool_cells(measures_doc, context["table1_groups"])
    strip_external(order_doc)  # never published: attached templates, file:// links
    strip_external(measures_doc)
    render.insert_order(measures_doc, order_doc)
    render.apply_digits(measures_doc, thai)
    render.apply_digits(order_doc, thai)
    typeset.finish(measures_doc)
    typeset.finish(order_doc)
    year = data.unit.fiscal_year
    titles = {  # as the documents print them, Thai digits and all
        OutputKind.MEASURES: f"มาตรการยกระดับคุณธรรมและความโปร่งใสของ{office} "
                             f"ประจำปีงบประมาณ พ.ศ. {year}",
        OutputKind.ORDER: f"คำสั่ง{office} ที่ {data.order.number}/{context['order']['year']}",
    }
    files = {kind: render.to_bytes(doc, digits(titles[kind], thai), office, when)
             for kind, doc in ((OutputKind.MEASURES, measures_doc),
                               (OutputKind.ORDER, order_doc))}
    _verify(files, templates, context, order_ctx)
    return files


def _printed(template: Path, context: dict[str, Any], doc: Any) -> None:
    """The real document prints every required value, or no document is written (a
    template can hide a value behind a condition that sample data passed)."""
    from itadocs.documents.probe import document_text, unprinted
    from itadocs.exceptions import TemplateError

    name = template.name
    missing = unprinted(name, context, document_text(doc))
    if missing:
        raise TemplateError(Message(
            f"แม่แบบ {name}: " + "; ".join(m.th.removeprefix(f"{name}: ") for m in missing)
            + " จึงไม่สร้างเอกสาร",
            f"template {name}: " + "; ".join(m.en.removeprefix(f"{name}: ") for m in missing)
            + "; no document was built"), where=name)


def chart_png(report: Report) -> bytes:
    """The radar chart of a checked workbook as the measures document shows it (PNG bytes).

    The last few charts are kept, so a page that shows the chart and the build that follows
    draw it once (drawing is most of a build's time)."""
    from itadocs.documents.context import chart_labels, chart_series

    result = report.result
    assert result is not None
    series = chart_series(result, report.data.unit.assessed_year or 0)
    return _chart_png(tuple(chart_labels(result)),
                      tuple((name, tuple(values)) for name, values in series),
                      report.data.unit.digits != "arabic")


@functools.lru_cache(maxsize=16)
def _chart_png(labels: tuple[str, ...], series: tuple[tuple[str, tuple[Any, ...]], ...],
               thai: bool) -> bytes:
    from itadocs.documents.chart import radar_png

    return radar_png(list(labels), [(name, list(values)) for name, values in series],
                     thai_digits=thai)


def _verify(files: dict[OutputKind, bytes], templates: Templates | Path, context: dict[str, Any],
            order_ctx: dict[str, Any]) -> None:
    """Both documents complete and well-formed, or ``DocumentIncomplete`` (nothing written)."""
    from itadocs.documents import verify

    order_tpl = templates / ORDER
    measures_tpl = templates / MEASURES
    order_want = verify.expected(verify.template_body(order_tpl), order_ctx)
    measures_want = verify.expected(verify.template_body(measures_tpl), context,
                                    "order_text", order_want)
    verify.check_docx(files[OutputKind.ORDER], order_want, order_tpl.name)
    verify.check_docx(files[OutputKind.MEASURES], measures_want, measures_tpl.name)


@dataclass
class TemplateReport:
    """What ``templates check`` found: problems stop a build, warnings do not."""

    folder: Templates
    problems: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def format(self) -> str:
        """The report as the terminal prints it."""
        lines = [str(m) for m in self.problems]
        lines += [f"คำเตือน / warning: {m}" for m in self.warnings]
        where = self.folder
        if self.problems:
            return "\n".join(lines)
        if self.warnings:
            lines.append(f"แม่แบบใน {where} ใช้ได้ มีคำเตือน {len(self.warnings)} รายการ / the "
                         f"templates in {where} build, with {len(self.warnings)} warning(s)")
        else:
            lines.append(f"แม่แบบใน {where} ใช้ได้ / the templates in {where} are fine")
        return "\n".join(lines)


def template_report(templates: Path | None = None) -> TemplateReport:
    """``templates check``: the templates' problems (the Garuda opened as ``build`` opens
    it among them) and the OOXML validator's warnings."""
    folder = find_templates(templates)
    problems = [*check_templates(templates), *templateset.garuda_problems(folder)]
    return TemplateReport(folder, problems, template_warnings(templates))


def check_templates(templates: Path | None = None) -> list[Message]:
    """Problems of the Word templates: unknown variables, malformed or split tags.

    Each template is rendered with a sample context holding one of everything, so a mistake
    inside a loop is found too. Returns the messages, each naming its template; empty when
    all is well.
    """
    import tempfile

    from docxtpl import DocxTemplate
    from PIL import Image as Pil

    from itadocs.checking.scoring import compute
    from itadocs.documents import probe, render, templatelint
    from itadocs.documents.context import build_context, order_context, sample_data
    from itadocs.documents.progress import sample_progress_context
    from itadocs.exceptions import TemplateError

    folder = find_templates(templates)
    data = sample_data()
    result, _ = compute(data, frameworks.load(data.unit.framework_year))
    messages: list[Message] = []
    with tempfile.TemporaryDirectory(prefix="itadocs-check-") as tmp:
        chart = Path(tmp) / "chart.png"
        Pil.new("RGB", (10, 10), "white").save(chart, "PNG")  # stands in for the chart
        contexts = {
            OutputKind.MEASURES: build_context(data, result, Path(tmp), chart),
            OutputKind.ORDER: {"order": order_context(data), "office": "สำนักงานเขตคลองสาน"},
        }
        contexts[OutputKind.PROGRESS] = contexts[OutputKind.PROGRESS_MEMO] = (
            sample_progress_context(data, result, Path(tmp), chart))
        for kind in (*DOCUMENTS, *PROGRESS_DOCUMENTS):
            name = kind.template
            path, context = folder / name, contexts[kind]
            try:
                unknown = DocxTemplate(str(path)).get_undeclared_template_variables(
                    render.jinja_env(), context
                )
            except Exception:  # a broken template: rendering below says why
                unknown = set()
            messages += [Message(f"{name}: ตัวแปร '{v}' ไม่มีในข้อมูล",
                                 f"{name}: variable '{v}' is not in the context")
                         for v in sorted(unknown)]
            messages += templatelint.problems(path, name)  # links out, macros, missing tags
            messages += [m for m in probe.judge(path, name) if m not in messages]
            try:
                doc = render.render_template(path, context)
            except TemplateError as exc:
                if not unknown:
                    web = exc.message_web
                    messages.append(Message(
                        f"{name}: {exc.message_th}", f"{name}: {exc.message_en}",
                        web and Message(f"{name}: {web.th}", f"{name}: {web.en}")))
                continue
            messages += [Message(f"{name}: แท็กที่ไม่ถูกแทนค่า (อาจถูก Word แยกส่วน): "
                                 f"'{line.strip()[:80]}'",
                                 f"{name}: a tag was left unrendered (split by Word?): "
                                 f"'{line.strip()[:80]}'")
                         for line in render.leftover_tags(doc)]
    return messages


def template_warnings(templates: Path | None = None) -> list[Message]:
    """What an OOXML validator finds in the templates, as warnings.

    A template saved by Word or LibreOffice carries their quirks and still builds; what is
    found here is what Microsoft Word may repair or drop in every document built from it.
    """
    from itadocs.documents.conformance import validate

    folder = find_templates(templates)
    messages: list[Message] = []
    for name in (MEASURES, ORDER, PROGRESS, PROGRESS_MEMO):
        try:
            findings = validate(folder / name)
        except Exception as exc:  # the validator's own failure must not stop the check
            messages.append(Message(
                f"{name}: ตรวจมาตรฐาน OOXML ไม่ได้ ({type(exc).__name__})",
                f"{name}: could not be checked against the OOXML schemas "
                f"({type(exc).__name__}: {exc})"))
            continue
        messages += [Message(*finding.message(name)) for finding in findings]
        messages += _thai_bold_warnings(folder / name)
    return messages


def _thai_bold_warnings(template: Path) -> list[Message]:
    """Bold or italic without its complex-script twin: Word leaves Thai text regular."""
    import zipfile

    from lxml import etree

    from itadocs.documents.typeset import missing_cs_twins

    messages: list[Message] = []
    with zipfile.ZipFile(template) as zf:
        for part in zf.namelist():
            if not (part.startswith("word/") and part.endswith(".xml")):
                continue
            if not part.startswith(("word/document", "word/header", "word/footer",
                                    "word/styles")):
                continue
            root = etree.fromstring(zf.read(part))
            for what in missing_cs_twins(root):
                bold = what.startswith("w:b")
                th, en = ("ตัวหนา", "bold") if bold else ("ตัวเอียง", "italic")
                twin = "w:bCs" if bold else "w:iCs"
                messages.append(Message(
                    f"{template.name}: ส่วน {part} {what} ไม่มี {twin} สำหรับอักษรไทย "
                    f"ข้อความภาษาไทยจะไม่เป็น{th}ใน Word (เลือกข้อความแล้วกด{th}ใหม่)",
                    f"{template.name}: part {part}, {what} has no {twin}: Word leaves its "
                    f"Thai text not {en} (select the text and apply {en} again)"))
    return messages
