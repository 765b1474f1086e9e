"""The stages of one workbook: read → check → score (``check_workbook``), then render its
documents and data files in memory (``render_documents``, ``data_files``); and the checks of
the templates. Nothing here writes into an output folder or knows of other workbooks: that
is ``batch.py``'s (many workbooks, the output folder), and ``pipeline.py`` offers both.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itadocs import framework as frameworks
from itadocs.checking.checks import check
from itadocs.checking.consistency import check_consistency, normalise_district
from itadocs.checking.scoring import Result, compute
from itadocs.cleantext import file_label
from itadocs.documents import templateset
from itadocs.documents.templateset import Templates
from itadocs.exceptions import FrameworkError, HasProblems, Problem, Severity
from itadocs.messages import Message
from itadocs.model import WorkbookData
from itadocs.reading.reader import read_workbook
from itadocs.thai import fmt2


@dataclass
class Report(HasProblems):
    """What ``check`` found in one workbook: its data, its problems and its scores."""

    path: Path
    data: WorkbookData
    problems: list[Problem] = field(default_factory=list)
    result: Result | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The object ``check --json`` prints; scores as strings with two decimals."""
        unit = self.data.unit
        result = self.result
        indicators: dict[str, str | None] = {}
        tools: dict[str, dict[str, str | None]] = {}
        if result:
            indicators = {str(n): fmt2(v) or None for n, v in result.indicators.items()}
            tools = {
                t.tool.code: {
                    "score": fmt2(t.score) or None,
                    "weight": fmt2(t.tool.weight),
                    "weighted": fmt2(t.weighted) or None,
                    **({"source": t.source} if t.source != "nacc" else {}),
                }
                for t in result.tools
            }
        return {
            "file": file_label(self.path),
            "district": unit.district or None,
            "fiscal_year": unit.fiscal_year,
            "assessed_year": unit.assessed_year,
            "framework_year": result.framework.year if result else None,
            "indicators": indicators,
            "tools": tools,
            "total": fmt2(result.total) or None if result else None,
            "level": result.level.name if result and result.level else None,
            **(_sources(result) if result else {}),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _sources(result: Result) -> dict[str, Any]:
    """Whether the total and level printed are NACC's, and itadocs' own figures."""
    return {
        "total_source": "nacc" if result.total_from_nacc else "itadocs",
        "level_source": "nacc" if result.level_from_nacc else "itadocs",
        "computed_total": fmt2(result.computed_total) or None,
        "computed_level": result.computed_level.name if result.computed_level else None,
        "level_provisional": result.provisional,
    }


def source_notes(result: Result) -> list[Message]:
    """Where the total and level shown come from: NACC's announcement or itadocs."""
    if result.total is None:
        return []
    notes = [Message("คะแนนรวมตามที่ ป.ป.ช. ประกาศ", "total as announced by NACC")
             if result.total_from_nacc else
             Message("คะแนนรวมคำนวณโดย itadocs ไม่ใช่ตัวเลขที่ ป.ป.ช. ประกาศ (กรอกได้ที่แผ่นงาน "
                     "คะแนน)", "total computed by itadocs, not NACC's announced figure")]
    if result.provisional:
        notes.append(Message("ระดับผลเป็นระดับเบื้องต้น (คะแนนเครื่องมือคำนวณโดย itadocs)",
                             "the level is provisional (tool scores computed by itadocs)"))
    return notes


def check_workbook(path: Path | str) -> Report:
    """Read, check and score one workbook. Raises ``WorkbookUnreadable`` only when the file
    cannot be opened at all; everything else is a problem in the report."""
    path = Path(path)
    data, problems = read_workbook(path)
    problems = [*problems, *normalise_district(data)]
    unit = data.unit
    if unit.assessed_year is None and unit.fiscal_year is not None:
        unit.assessed_year = unit.fiscal_year - 1
    report = Report(path, data, list(problems))
    where = data.where("unit.framework_year") or data.where("unit.assessed_year") or ("", "")
    try:
        choice = frameworks.choose(unit.assessed_year, unit.framework_year)
        fw = frameworks.load(choice.year)
    except FrameworkError as exc:
        report.problems.append(
            Problem(Severity.ERROR, "framework", *where, exc.message_th, exc.message_en)
        )
        return report
    report.problems.extend(
        Problem(Severity.WARNING, n.code, *where, n.th, n.en) for n in choice.notices
    )
    if choice.error:
        e = choice.error
        report.problems.append(Problem(Severity.ERROR, e.code, *where, e.th, e.en))
    unreadable = {(p.sheet, p.cell) for p in problems if p.is_error}
    report.problems.extend(
        p for p in check(data, fw, path.parent)
        # a cell the reader could not take is reported once, not again as "missing"
        if not (p.code == "required" and (p.sheet, p.cell) in unreadable)
    )
    report.problems.extend(check_consistency(data))
    result, scoring_problems = compute(data, fw)
    report.problems.extend(scoring_problems)
    report.problems.sort(key=_reading_order)
    report.result = result
    return report


def _reading_order(problem: Problem) -> tuple[int, int, int]:
    """Problems in the order staff meet them: by sheet tab, then row, then column."""
    from itadocs.reading import schema

    sheets = list(schema.SHEET_ORDER)
    sheet = sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets)
    m = re.match(r"([A-Z]*)(\d*)", problem.cell or "")
    assert m is not None  # the pattern matches any text
    column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(m[1])))
    return sheet, int(m[2] or 0), column


# --------------------------------------------------------------------------- build

TEMPLATE_FILES = {"measures": "measures.docx", "order": "order.docx"}


def find_templates(explicit: Path | None = None) -> Templates:
    """The templates of a build: ``--templates``, else ``$ITADOCS_TEMPLATES``, else the
    defaults installed with itadocs; a file in the named folder overrides its default, and
    a folder that is missing or holds none of the files is an error (see templateset.py)."""
    return templateset.find(explicit)


def render_documents(report: Report, templates: Templates | Path) -> dict[str, bytes]:
    """Both Word documents of a checked workbook, rendered in memory (nothing written)."""
    import datetime as dt

    from itadocs.documents import render, typeset
    from itadocs.documents.context import build_context, office_name, order_context
    from itadocs.documents.templatelint import refuse_unusable, strip_external

    data, result = report.data, report.result
    assert result is not None
    thai = data.unit.digits != "arabic"
    office = office_name(data.unit.district)
    when = dt.datetime.combine(data.order.date or dt.date(2000, 1, 1), dt.time())
    for name in TEMPLATE_FILES.values():
        refuse_unusable(templates / name, name)
    order_ctx = {"order": order_context(data), "office": office}
    order_doc = render.render_template(
        templates / TEMPLATE_FILES["order"], order_ctx, templates / render.GARUDA_FILE,
    )
    context = build_context(data, result, report.path.parent, chart_png(report))
    measures_doc = render.render_template(templates / TEMPLATE_FILES["measures"], context)
    render.merge_tool_cells(measures_doc, context["table1_groups"])
    strip_external(order_doc)  # never published: attached templates, file:// links
    strip_external(measures_doc)
    render.insert_order(measures_doc, order_doc)
    render.apply_digits(measures_doc, thai)
    render.apply_digits(order_doc, thai)
    names = [i.name for i in result.framework.indicators]
    typeset.finish(measures_doc, names)
    typeset.finish(order_doc, names)
    year = data.unit.fiscal_year
    files = {
        "measures": render.to_bytes(
            measures_doc,
            f"มาตรการยกระดับคุณธรรมและความโปร่งใสของ{office} ประจำปีงบประมาณ พ.ศ. {year}",
            office, when),
        "order": render.to_bytes(
            order_doc, f"คำสั่ง{office} ที่ {data.order.number}/{context['order']['year']}",
            office, when),
    }
    _verify(files, templates, context, order_ctx)
    return files


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


def _verify(files: dict[str, bytes], templates: Templates | Path, context: dict[str, Any],
            order_ctx: dict[str, Any]) -> None:
    """Both documents complete and well-formed, or ``DocumentIncomplete`` (nothing written)."""
    from itadocs.documents import verify

    order_tpl = templates / TEMPLATE_FILES["order"]
    measures_tpl = templates / TEMPLATE_FILES["measures"]
    order_want = verify.expected(verify.template_body(order_tpl), order_ctx)
    measures_want = verify.expected(verify.template_body(measures_tpl), context,
                                    "order_text", order_want)
    verify.check_docx(files["order"], order_want, order_tpl.name)
    verify.check_docx(files["measures"], measures_want, measures_tpl.name)


def data_files(report: Report) -> dict[str, bytes]:
    """The scores and measures as CSV, and the check object as JSON, for the OIT."""
    from itadocs.build.outputs import csv_bytes
    from itadocs.thai import fmt2

    data, result = report.data, report.result
    assert result is not None
    unit = data.unit
    base = [unit.district, unit.fiscal_year, unit.assessed_year]
    rows: list[list[object]] = []
    for ind in result.framework.indicators:
        rows.append([*base, "indicator", ind.number, ind.name, ind.tool, "",
                     fmt2(result.indicators[ind.number]), "",
                     fmt2(result.previous[ind.number]), "nacc"])
    for tool in result.tools:
        rows.append([*base, "tool", tool.tool.code, tool.tool.name, tool.tool.code,
                     fmt2(tool.tool.weight), fmt2(tool.score), fmt2(tool.weighted),
                     fmt2(tool.previous), tool.source])
    rows.append([*base, "total", "ITA", result.level.name if result.level else "", "",
                 "100.00", "", fmt2(result.total), fmt2(result.previous_total),
                 "nacc" if result.total_from_nacc else "itadocs"])
    # source: nacc (as NACC reported it), mean (the framework's rule), itadocs (computed)
    scores = csv_bytes(
        ["district", "fiscal_year", "assessed_year", "kind", "key", "name", "tool", "weight",
         "score", "weighted", "previous", "source"], rows)
    analyses = {a.indicator: a for a in data.analyses}
    measure_rows: list[list[object]] = []
    for ind in result.framework.indicators:
        analysis = analyses.get(ind.number)
        items = [m for m in data.measures if m.indicator == ind.number]
        for no, m in enumerate(items, start=1):
            measure_rows.append([*base, ind.number, ind.name,
                                 analysis.category if analysis else "", no, m.text,
                                 m.period, m.budget, m.kpi, m.owner,
                                 analysis.responsible if analysis else "",
                                 analysis.frequency if analysis else ""])
    measures = csv_bytes(
        ["district", "fiscal_year", "assessed_year", "indicator", "indicator_name",
         "category", "no", "measure", "period", "budget", "kpi", "owner", "responsible",
         "monitoring"], measure_rows)
    return {
        "scores_csv": scores,
        "measures_csv": measures,
        "json": (report.to_json() + "\n").encode("utf-8"),
    }


def check_templates(templates: Path | None = None) -> list[str]:
    """Problems of the Word templates: unknown variables, malformed or split tags.

    Each template is rendered with a sample context holding one of everything, so a mistake
    inside a loop is found too. Returns messages (Thai / English); empty when all is well.
    """
    import tempfile

    from docxtpl import DocxTemplate
    from PIL import Image as Pil

    from itadocs.checking.scoring import compute
    from itadocs.documents import render, templatelint
    from itadocs.documents.context import build_context, order_context, sample_data
    from itadocs.exceptions import TemplateError

    folder = find_templates(templates)
    data = sample_data()
    result, _ = compute(data, frameworks.load(data.unit.framework_year))
    messages = []
    with tempfile.TemporaryDirectory(prefix="itadocs-check-") as tmp:
        chart = Path(tmp) / "chart.png"
        Pil.new("RGB", (10, 10), "white").save(chart, "PNG")  # stands in for the chart
        contexts = {
            "measures": build_context(data, result, Path(tmp), chart),
            "order": {"order": order_context(data), "office": "สำนักงานเขตคลองสาน"},
        }
        for kind, name in TEMPLATE_FILES.items():
            path, context = folder / name, contexts[kind]
            try:
                unknown = DocxTemplate(str(path)).get_undeclared_template_variables(
                    render.jinja_env(), context
                )
            except Exception:  # a broken template: rendering below says why
                unknown = set()
            messages += [
                f"{name}: ตัวแปร '{v}' ไม่มีในข้อมูล / variable '{v}' is not in the context"
                for v in sorted(unknown)
            ]
            messages += templatelint.problems(path, name)  # links out, macros, missing tags
            try:
                doc = render.render_template(path, context)
            except TemplateError as exc:
                if not unknown:
                    messages.append(f"{name}: {exc.message_th} / {exc.message_en}")
                continue
            messages += [
                f"{name}: แท็กที่ไม่ถูกแทนค่า (อาจถูก Word แยกส่วน) / a tag was left unrendered "
                f"(split by Word?): '{line.strip()[:80]}'"
                for line in render.leftover_tags(doc)
            ]
    return messages


def template_warnings(templates: Path | None = None) -> list[str]:
    """What an OOXML validator finds in the templates, as warnings (Thai / English).

    A template saved by Word or LibreOffice carries their quirks and still builds; what is
    found here is what Microsoft Word may repair or drop in every document built from it.
    """
    from itadocs.documents.conformance import validate

    folder = find_templates(templates)
    messages = []
    for name in TEMPLATE_FILES.values():
        try:
            findings = validate(folder / name)
        except Exception as exc:  # the validator's own failure must not stop the check
            messages.append(
                f"{name}: ตรวจมาตรฐาน OOXML ไม่ได้ ({type(exc).__name__}) / "
                f"could not be checked against the OOXML schemas ({type(exc).__name__}: {exc})")
            continue
        for finding in findings:
            th, en = finding.message(name)
            messages.append(f"{th} / {en}")
        messages += _thai_bold_warnings(folder / name)
    return messages


def _thai_bold_warnings(template: Path) -> list[str]:
    """Bold or italic without its complex-script twin: Word leaves Thai text regular."""
    import zipfile

    from lxml import etree

    from itadocs.documents.typeset import missing_cs_twins

    messages = []
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
                messages.append(
                    f"{template.name}: ส่วน {part} {what} ไม่มี {twin} สำหรับอักษรไทย "
                    f"ข้อความภาษาไทยจะไม่เป็น{th}ใน Word (เลือกข้อความแล้วกด{th}ใหม่) / "
                    f"{template.name}: part {part}, {what} has no {twin}: Word leaves its "
                    f"Thai text not {en} (select the text and apply {en} again)")
    return messages
