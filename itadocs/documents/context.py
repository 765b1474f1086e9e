"""Build the templates' context: every name, year and number the documents show.

Values are display-ready text (two-decimal scores, Thai dates) with Arabic digits; the
renderer converts every digit of the finished document to the workbook's digit style in one
place, so template text, data and numbers always agree. Paragraph breaks inside a value are
``\\a`` (docxtpl starts a new paragraph with the same style), line breaks ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from itadocs.checking.scoring import Result
from itadocs.cleantext import one_line
from itadocs.model import Measure, Member, WorkbookData
from itadocs.reading import schema
from itadocs.reading.districts import office_name
from itadocs.reading.photos import source
from itadocs.thai import BE_OFFSET, fmt2, thai_date

ORDER_MARKER = "[[itadocs:order-text]]"
ZWSP = "\u200b"  # a line may break here (the chart's names)


@dataclass(frozen=True)
class Image:
    """A picture to place in the document (a file, or its bytes); the renderer turns it
    into an InlineImage."""

    source: Path | bytes
    width_cm: float
    max_height_cm: float | None = None

    @property
    def path(self) -> Path | None:
        return self.source if isinstance(self.source, Path) else None


def paragraphs(text: str) -> str:
    """Lines typed in one cell (Alt+Enter) become separate paragraphs of the same style."""
    return "\a".join(line.strip() for line in text.split("\n") if line.strip())


def lines(text: str) -> str:
    """Lines typed in one cell (Alt+Enter) kept as line breaks inside one paragraph."""
    return "\n".join(one_line(line) for line in text.split("\n") if line.strip())


MEASURE_DETAILS = (("period", "ระยะเวลา"), ("budget", "งบประมาณ"),
                   ("kpi", "ตัวชี้วัดความสำเร็จ"), ("owner", "ผู้รับผิดชอบ"))


def measure_item(measure: Measure) -> dict[str, str]:
    item = {"text": lines(measure.text)}
    item.update({key: one_line(getattr(measure, key)) for key, _ in MEASURE_DETAILS})
    return item


def measure_text(measure: Measure) -> str:
    """A measure as section 5 prints it: its lines, then its details when filled."""
    details = [f"{label}: {one_line(getattr(measure, key))}" for key, label in MEASURE_DETAILS
               if getattr(measure, key).strip()]
    text = lines(measure.text)
    return f"{text}\n({'; '.join(details)})" if details else text


NAME_COLUMN_CM = 7.5  # from the entry's text (3.5 cm) to the role's tab stop (11 cm)
NAME_GAP_CM = 0.6  # the least room a name leaves before its role


def _member(no: int, member: Member) -> dict[str, str]:
    department = one_line(member.department)
    if department and department in one_line(member.position):
        department = ""  # "หัวหน้าฝ่ายทะเบียน", not "หัวหน้าฝ่ายทะเบียน ฝ่ายทะเบียน"
    position = one_line(f"{member.position} {department}")
    if member.name.strip():
        return {"no": str(no), "first_line": _name_column(one_line(member.name)),
                "detail": position, "role": member.role}
    return {"no": str(no), "first_line": _name_column(position), "detail": "",
            "role": member.role}


def _name_column(text: str) -> str:
    """A name too wide for its column goes on two lines, as a clerk would type it: the
    surname (the last words) under it, the role after it, clear of the name."""
    from itadocs.documents.typeset import width_cm

    limit = NAME_COLUMN_CM - NAME_GAP_CM
    if width_cm(text) <= limit:
        return text
    words = text.split(" ")
    if len(words) < 2:  # one long name ("หัวหน้าฝ่าย…และ…"): before its last "และ"
        head, sep, tail = text.rpartition("และ")
        return f"{head}\n{sep}{tail}" if head else text
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if width_cm(head) <= limit and width_cm(tail) <= limit:
            return f"{head}\n{tail}"
    return f"{' '.join(words[:-1])}\n{words[-1]}"


def _with_be(date: str) -> str:
    """"5 กุมภาพันธ์ 2568" → "5 กุมภาพันธ์ พ.ศ. 2568"."""
    day_month, year = date.rsplit(" ", 1)
    return f"{day_month} พ.ศ. {year}"


def order_context(data: WorkbookData) -> dict[str, Any]:
    """The order's parts, shared by the standalone order and section 3 of the measures."""
    order = data.order
    year = order.year or (order.date.year + BE_OFFSET if order.date else None)
    duties: dict[str, list[Any]] = {"committee": [], "working_group": []}
    for duty in data.duties:
        if duty.body in duties and duty.text.strip():
            duties[duty.body].append(paragraphs(duty.text))
    return {
        "issuer": office_name(data.unit.district),
        "number": str(order.number or ""),
        "year": str(year or ""),
        "date": thai_date(order.date, thai=False) if order.date else "",
        "effective_date": thai_date(order.effective_date, thai=False)
        if order.effective_date else "",
        # Bangkok writes the order's date with พ.ศ.: "๕ กุมภาพันธ์ พ.ศ. ๒๕๖๘".
        "date_be": _with_be(thai_date(order.date, thai=False)) if order.date else "",
        "effective_date_be": _with_be(thai_date(order.effective_date, thai=False))
        if order.effective_date else "",
        "subject": one_line(order.subject),
        "preamble": paragraphs(order.preamble),
        "authority": paragraphs(order.authority),
        "signer_name": one_line(order.signer_name),
        "signer_position": one_line(order.signer_position),
        "purpose": one_line(order.purpose),
        "committee": [_member(i, m) for i, m in enumerate(data.committee, start=1)],
        "working_group": [_member(i, m) for i, m in enumerate(data.working_group, start=1)],
        "committee_duties": duties["committee"],
        "working_group_duties": duties["working_group"],
    }


def _section(data: WorkbookData, number: int, folder: Path) -> dict[str, Any]:
    texts = [paragraphs(p.text) for p in data.paragraphs if p.section == number and p.text]
    photos = []
    for photo in data.photos:
        if photo.section != number:
            continue
        picture = source(photo, folder)  # pasted into the sheet, or its file
        if picture is not None:
            photos.append({"image": Image(picture, 12.0, 9.0),
                           "caption": one_line(photo.caption)})
    return {"paragraphs": texts, "photos": photos, "present": bool(texts or photos)}


SCORES_NOTE = (
    "* คะแนนที่มีเครื่องหมาย * คำนวณโดย itadocs จากค่าเฉลี่ยของตัวชี้วัด ไม่ใช่คะแนนที่"
    "สำนักงาน ป.ป.ช. รายงาน คะแนนรวมและระดับผลการประเมินจึงเป็นผลเบื้องต้น"
)


def change_text(now: Decimal | None, before: Decimal | None) -> str:
    """"เพิ่มขึ้น 1.23 คะแนน" / "ลดลง …" / "เท่าเดิม", from the two figures as printed."""
    if now is None or before is None:
        return ""
    diff = Decimal(fmt2(now)) - Decimal(fmt2(before))
    if diff > 0:
        return f"เพิ่มขึ้น {fmt2(diff)} คะแนน"
    if diff < 0:
        return f"ลดลง {fmt2(-diff)} คะแนน"
    return "เท่าเดิม"


def tool_changes(result: Result) -> list[dict[str, str]]:
    """Each tool's change from the year before (tools without last year's score left out)."""
    return [
        {"code": t.tool.code, "score": fmt2(t.score), "previous": fmt2(t.previous),
         "change": change_text(t.score, t.previous)}
        for t in result.tools if t.score is not None and t.previous is not None
    ]


def _comparison(result: Result, assessed_year: int) -> str:
    """The year-over-year sentence of section 2: the total, then each tool."""
    parts = []
    if result.previous_total is not None and result.total is not None:
        parts.append(f"เมื่อเทียบกับปีงบประมาณ พ.ศ. {assessed_year - 1} ที่ได้ "
                     f"{fmt2(result.previous_total)} คะแนน "
                     f"({change_text(result.total, result.previous_total)})")
    changes = tool_changes(result)
    if changes:
        items = [f"{c['code']} {c['change']} (จาก {c['previous']} เป็น {c['score']} คะแนน)"
                 if c["change"] != "เท่าเดิม" else f"{c['code']} เท่าเดิม ({c['score']} คะแนน)"
                 for c in changes]
        listed = " ".join(items[:-1]) + (" และ " if len(items) > 1 else "") + items[-1]
        lead = "โดย" if parts else f"เมื่อเทียบกับปีงบประมาณ พ.ศ. {assessed_year - 1} "
        parts.append(f"{lead}คะแนนรายเครื่องมือ {listed}")
    return " ".join(parts)


def _tools(result: Result, assessed: int) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Each tool with its indicators (section 1), and Table 1's rows."""
    fw = result.framework
    tools = []
    table1 = []
    for tool_result in result.tools:
        tool = tool_result.tool
        indicators = [fw.indicator(n) for n in tool.indicators]
        tools.append({
            "code": tool.code,
            "name": tool.name,
            "name_en": tool.name_en,
            "weight": fmt2(tool.weight),
            "score": fmt2(tool_result.score),
            "computed": tool_result.computed,
            "previous": fmt2(tool_result.previous),
            "weighted": fmt2(tool_result.weighted),
            "purpose": fw.text(tool.purpose, assessed),
            "description": fw.text(tool.description, assessed),
            "indicators": [
                {"number": str(i.number), "name": i.name, "name_en": i.name_en,
                 "description": i.description}
                for i in indicators
            ],
        })
        for k, ind in enumerate(indicators):
            first = k == 0
            table1.append({
                "number": str(ind.number),
                "name": ind.name,
                "score": fmt2(result.indicators[ind.number]),
                "weight": fmt2(tool.weight) if first else "",
                "tool_score": (fmt2(tool_result.score) + ("*" if tool_result.computed else "")
                               if first else ""),
                "weighted": fmt2(tool_result.weighted) if first else "",
            })
    return tools, table1


def _analyses(data: WorkbookData, result: Result) -> list[dict[str, Any]]:
    """Section 5: each indicator's analysis and measures."""
    analyses_by_number = {a.indicator: a for a in data.analyses}
    analyses = []
    for ind in result.framework.indicators:
        row = analyses_by_number.get(ind.number)
        measures = [m for m in data.measures if m.indicator == ind.number and m.text]
        analyses.append({
            "number": str(ind.number),
            "name": ind.name,
            "category": one_line(row.category) if row else "",
            "analysis": paragraphs(row.text) if row else "",
            "measures": "\a".join(
                f"{i}.\t{measure_text(m)}" for i, m in enumerate(measures, start=1)
            ),
            "measure_items": [measure_item(m) for m in measures],
            "responsible": one_line(row.responsible) if row else "",
            "frequency": one_line(row.frequency) if row else "",
        })
    return analyses


def build_context(data: WorkbookData, result: Result, folder: Path,
                  chart: Path | bytes | None) -> dict[str, Any]:
    """Everything the measures template uses; ``folder`` is where photos are looked up."""
    fw = result.framework
    unit = data.unit
    assessed = unit.assessed_year or (unit.fiscal_year or 0) - 1
    tools, table1 = _tools(result, assessed)
    return {
        "district": unit.district,
        "office": office_name(unit.district),
        "fiscal_year": str(unit.fiscal_year or ""),
        "assessed_year": str(assessed),
        "previous_year": str(assessed - 1),
        "director_name": one_line(unit.director_name),
        "director_position": one_line(unit.director_position),
        "framework_year": str(fw.year),
        "indicator_count": str(len(fw.indicators)),
        "tools": tools,
        "levels": [
            {"name": lv.name, "range_text": lv.range_text, "condition_text": lv.condition_text}
            for lv in fw.levels
        ],
        "table1": table1,
        "table1_groups": [len(t.tool.indicators) for t in result.tools],
        "table2": [
            {"number": str(i.number), "name": i.name, "score": fmt2(result.indicators[i.number])}
            for i in fw.indicators
        ],
        "total": fmt2(result.total),
        "level": result.level.name if result.level else "",
        "comparison": _comparison(result, assessed),
        "tool_changes": tool_changes(result),
        "scores_note": SCORES_NOTE if any(t.computed for t in result.tools) else "",
        "strategy_target": fw.texts.get("strategy_target", ""),
        "system": fw.texts.get("system", ""),
        "chart": Image(chart, 15.0) if chart else "",
        "order": order_context(data),
        "order_text": ORDER_MARKER,
        "analyses": _analyses(data, result),
        **{f"section{n}": _section(data, n, folder) for n in schema.SECTION_CHOICES},
    }


def chart_labels(result: Result) -> list[str]:
    """The indicators' names as the radar chart prints them, a zero-width space (U+200B)
    where the framework file's chart_label allows a line break."""
    return [f"{i.number}. {ZWSP.join(i.chart_breaks)}" for i in result.framework.indicators]


def chart_series(result: Result, assessed_year: int) -> list[tuple[str, list[Decimal | None]]]:
    numbers = [i.number for i in result.framework.indicators]
    series = [(f"ปี {assessed_year}", [result.indicators[n] for n in numbers])]
    if any(result.previous[n] is not None for n in numbers):
        series.append((f"ปี {assessed_year - 1}", [result.previous[n] for n in numbers]))
    return series


def chart_description(result: Result, assessed_year: int) -> str:
    """The radar chart in words, for a reader who cannot see it (its alt text)."""
    scores = "; ".join(f"ตัวชี้วัดที่ {i.number} {i.name} {fmt2(result.indicators[i.number])}"
                       for i in result.framework.indicators
                       if result.indicators[i.number] is not None)
    return (f"แผนภูมิเรดาร์แสดงคะแนนผลการประเมินรายตัวชี้วัด ปี พ.ศ. {assessed_year}: {scores}")


def sample_data() -> WorkbookData:
    """One of everything, so that ``templates check`` renders every loop body once."""
    import datetime as dt

    from itadocs import framework
    from itadocs.model import Analysis, Duty, Measure, Order, Paragraph, Score, Unit

    fw = framework.load(max(framework.available_years()))
    data = WorkbookData(unit=Unit("คลองสาน", fw.year + 1, fw.year, "นายตัวอย่าง ทดสอบ",
                                  "ผู้อำนวยการเขตคลองสาน", "thai", fw.year))
    data.scores = [Score(k, Decimal("90.00"), Decimal("89.00")) for k in fw.score_keys]
    data.analyses = [Analysis(i.number, "ตัวอย่าง", "ทุกฝ่าย", "ทุก ๖ เดือน",
                              "ประเด็นที่ต้องพัฒนาให้ดีขึ้น") for i in fw.indicators]
    data.measures = [Measure(i.number, "ตัวอย่าง", "ต.ค. - ก.ย.", "ไม่ใช้", "ร้อยละ ๑๐๐",
                             "ทุกฝ่าย") for i in fw.indicators]
    first_tool = data.score(fw.tools[0].code)
    assert first_tool is not None
    first_tool.score = None  # a tool score computed on request, marked
    data.compute_tools = True
    data.order = Order(1, fw.year + 1, dt.date(fw.year - 543, 11, 1), "ตัวอย่าง", "ตัวอย่าง",
                       "ตัวอย่าง", dt.date(fw.year - 543, 11, 1), "นายตัวอย่าง ทดสอบ",
                       "ผู้อำนวยการเขตคลองสาน", "ตัวอย่าง")
    data.committee = [Member("", "ผู้อำนวยการเขต", "", "ประธานกรรมการ"),
                      Member("นายตัวอย่าง ทดสอบ", "นักจัดการงานทั่วไป", "ฝ่ายปกครอง", "กรรมการ")]
    data.working_group = list(data.committee)
    data.duties = [Duty("committee", "ตัวอย่าง"), Duty("working_group", "ตัวอย่าง"),
                   Duty("working_group", "ตัวอย่าง")]
    data.paragraphs = [Paragraph(n, "ตัวอย่าง") for n in schema.SECTION_CHOICES]
    return data
