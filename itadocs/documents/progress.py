"""The progress report of a round and its cover memo: their data (the context), rendered in
memory like the measures document (nothing here writes into an output folder).

The report of fiscal year N's measures is made from the fiscal year N workbook: its
measures, the scores it analysed (the assessment of N-1, "the last assessment"), the
committee order, and the progress sheet's rows of the round. Values are display-ready text
with Arabic digits; the whole document is then put in the workbook's digit style (web
addresses keep theirs).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from itadocs import framework as frameworks
from itadocs.checking.progress import ProgressReport, budget_amount, round_bounds
from itadocs.cleantext import one_line
from itadocs.documents.context import Image, lines, order_context, paragraphs
from itadocs.documents.templateset import PROGRESS, PROGRESS_MEMO, Templates
from itadocs.kinds import OutputKind
from itadocs.model import Measure, ProgressRow, RoundTexts, WorkbookData
from itadocs.reading import schema
from itadocs.reading.districts import office_name
from itadocs.reading.photos import source
from itadocs.thai import digits, fmt2, thai_date

NONE_TEXT = "ไม่มี"
MEMO_GARUDA_CM = 1.5  # the Garuda of a บันทึกข้อความ, at its top left


def round_text(round_months: int) -> str:
    return f"รอบ {round_months} เดือน"


def _date(value: dt.date | None) -> str:
    return thai_date(value, thai=False) if value else ""


def _percent(value: Decimal | None) -> str:
    """75, 62.5, 100: as few decimals as the value has (at most two)."""
    if value is None:
        return ""
    text = fmt2(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _money(value: Decimal | None) -> str:
    return f"{value:,.2f}" if value is not None else "-"


def _item(k: int, measure: Measure, row: ProgressRow | None) -> dict[str, str]:
    details = [f"{label}: {one_line(value)}" for label, value in
               (("ผู้รับผิดชอบ", measure.owner), ("ระยะเวลา", measure.period),
                ("ตัวชี้วัดความสำเร็จ", measure.kpi)) if value.strip()]
    row = row or ProgressRow(measure.id)
    return {
        "no": str(k),
        "id": measure.id,
        "text": lines(measure.text),
        "details": "; ".join(details),
        "kpi": lines(measure.kpi) or "-",
        "budget_set": one_line(measure.budget) or "-",
        "budget_used": _money(row.budget_used),
        "result": lines(row.result) or "-",
        "date_done": _date(row.date_done),
        "evidence": "\n".join(row.evidence.split()),
        "status": row.status,
        "percent": _percent(row.percent),
    }


def _rows(data: WorkbookData, round_months: int) -> dict[str, ProgressRow]:
    rows: dict[str, ProgressRow] = {}
    for row in data.progress.rows:
        if row.round == round_months and row.measure_id:
            rows.setdefault(row.measure_id, row)
    return rows


def _indicators(data: WorkbookData, report: ProgressReport) -> list[dict[str, Any]]:
    """Section 3: each indicator that has measures, its measures with their results."""
    assert report.result is not None
    rows = _rows(data, report.round)
    found = []
    for ind in report.result.framework.indicators:
        measures = [m for m in data.measures if m.indicator == ind.number and m.text.strip()]
        if measures:
            found.append({"number": str(ind.number), "name": ind.name, "measures": [
                _item(k, m, rows.get(m.id)) for k, m in enumerate(measures, start=1)]})
    return found


def _share(count: int, total: int) -> str:
    return fmt2(Decimal(count) * 100 / total) if total else "0.00"


def summary(items: list[dict[str, str]], data: WorkbookData, round_months: int,
            texts: RoundTexts) -> dict[str, Any]:
    """Counts by status, the mean percentage, the budget, what is not done yet."""
    total = len(items)
    counts = {name: sum(1 for i in items if i["status"] == name)
              for name in schema.STATUS_CHOICES}
    statuses = [{"name": name, "count": str(n), "share": _share(n, total)}
                for name, n in counts.items()]
    rows = _rows(data, round_months)
    percents: list[Decimal] = [p for i in items if i["id"] in rows
                               if (p := rows[i["id"]].percent) is not None]
    mean = sum(percents, Decimal(0)) / len(percents) if percents else None
    parts = [f"{name} {n} มาตรการ (ร้อยละ {_share(n, total)})" for name, n in counts.items()]
    sentence = (f"จากมาตรการทั้งหมด {total} มาตรการ " + " ".join(parts[:-1])
                + f" และ{parts[-1]}"
                + (f" ความสำเร็จเฉลี่ยร้อยละ {fmt2(mean)}" if mean is not None else ""))
    pending = [{"text": i["text"].replace("\n", " "), "status": i["status"],
                "percent": i["percent"]} for i in items if i["status"] != schema.STATUS_DONE]
    return {
        "count": str(total), "done": str(counts[schema.STATUS_DONE]),
        "doing": str(counts[schema.STATUS_DOING]),
        "not_started": str(counts[schema.STATUS_NOT_STARTED]),
        "statuses": statuses, "sentence": sentence, "pending": pending,
        "budget": _budget_sentence(data, rows),
        "texts": [paragraphs(texts.summary)] if texts.summary.strip() else [],
    }


def _budget_sentence(data: WorkbookData, rows: dict[str, ProgressRow]) -> str:
    measures = [m for m in data.measures if m.id and m.text.strip()]
    planned = [budget_amount(m.budget) for m in measures]
    known = [p for p in planned if p is not None]
    unknown = sum(1 for m, p in zip(measures, planned, strict=True) if p is None)
    used = sum((rows[m.id].budget_used or Decimal(0) for m in measures if m.id in rows),
               Decimal(0))
    text = f"งบประมาณที่ใช้ดำเนินการตามมาตรการ รวม {_money(used)} บาท"
    if known and sum(known, Decimal(0)) > 0:
        total = sum(known, Decimal(0))
        text += (f" จากงบประมาณที่ตั้งไว้ {_money(total)} บาท (ร้อยละ "
                 f"{fmt2(used * 100 / total)})")
    if unknown:
        text += f" ทั้งนี้ มาตรการ {unknown} ข้อไม่ได้ระบุงบประมาณที่ตั้งไว้เป็นจำนวนเงิน"
    return text


def _oit_sentence(report: ProgressReport, fiscal_year: int) -> str:
    """The OIT item the report answers, from the framework file's wording; empty when no
    item of the year or the next asks for this report."""
    if report.wording_year is None:
        return ""
    wording = frameworks.load(report.wording_year).progress
    if wording is None:
        return ""
    year = report.wording_year
    fits = (wording.covers == "current" and year <= fiscal_year) or (
        wording.covers == "previous" and year == fiscal_year + 1 and report.round == 12)
    if not fits:
        return ""
    item = wording.oit_item.replace("{fiscal_year}", str(fiscal_year))
    return (f"ตามประเด็น \u201c{item}\u201d ของแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) "
            f"ในการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year}")


def progress_context(report: ProgressReport, folder: Path) -> dict[str, Any]:
    """Everything the report and the memo templates use; ``folder`` is where the photos
    named in the ภาพ sheet are looked up."""
    data, result, round_months = report.data, report.result, report.round
    assert result is not None
    unit = data.unit
    fy = unit.fiscal_year or 0
    office = office_name(unit.district)
    texts = data.progress.rounds.get(round_months, RoundTexts())
    start, end = round_bounds(fy, round_months)
    wording = frameworks.load(report.wording_year or result.framework.year).progress
    title = (wording.title if wording else "รายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและ"
             "ความโปร่งใสของ{office}").replace("{office}", office)
    indicators = _indicators(data, report)
    items = [m for ind in indicators for m in ind["measures"]]
    order = order_context(data)
    return {
        "title": title,
        "office": office,
        "district": unit.district,
        "fiscal_year": str(fy),
        "assessed_year": str(unit.assessed_year or fy - 1),
        "round": str(round_months),
        "round_text": round_text(round_months),
        "period_start": _date(start),
        "as_of": _date(texts.as_of or end),
        "director_name": one_line(unit.director_name),
        "director_position": one_line(unit.director_position),
        "tools": [{"code": t.tool.code, "name": t.tool.name, "weight": fmt2(t.tool.weight),
                   "score": fmt2(t.score), "weighted": fmt2(t.weighted)}
                  for t in result.tools],
        "total": fmt2(result.total),
        "level": result.level.name if result.level else "",
        "order": {key: order[key] for key in ("number", "year", "date", "subject")},
        "oit_sentence": _oit_sentence(report, fy),
        "indicators": indicators,
        "summary": summary(items, data, round_months, texts),
        "problems": _texts(texts.problems),
        "suggestions": _texts(texts.suggestions),
        "photos": _photos(data, round_months, folder),
        "memo": _memo(texts, unit.director_position, fy, round_months),
    }


def _texts(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()] or [NONE_TEXT]


def _photos(data: WorkbookData, round_months: int, folder: Path) -> list[dict[str, Any]]:
    found = []
    for photo in data.photos:
        if photo.section != 100 + round_months:
            continue
        picture = source(photo, folder)
        if picture is not None:
            found.append({"image": Image(picture, 12.0, 9.0), "caption": one_line(photo.caption)})
    return found


def _memo(texts: RoundTexts, director_position: str, fy: int, round_months: int
          ) -> dict[str, str]:
    return {
        "department": one_line(texts.memo_department),
        "number": one_line(texts.memo_number),
        "date": _date(texts.memo_date),
        "subject": (f"รายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใส ประจำปี"
                    f"งบประมาณ พ.ศ. {fy} {round_text(round_months)}"),
        "to": one_line(texts.memo_to) or one_line(director_position),
        "signer_name": one_line(texts.memo_signer_name),
        "signer_position": one_line(texts.memo_signer_position),
    }


def render_progress(report: ProgressReport, templates: Templates | Path
                    ) -> dict[OutputKind, bytes]:
    """The round's report, and its cover memo when the workbook gives the memo's details,
    rendered in memory (nothing written)."""
    from itadocs.documents import render, typeset, verify
    from itadocs.documents.templatelint import refuse_unusable, strip_external

    data = report.data
    texts = data.progress.rounds.get(report.round, RoundTexts())
    wanted = [(OutputKind.PROGRESS, PROGRESS)]
    if texts.has_memo:
        wanted.append((OutputKind.PROGRESS_MEMO, PROGRESS_MEMO))
    context = progress_context(report, report.path.parent)
    thai = data.unit.digits != "arabic"
    office = context["office"]
    when = dt.datetime.combine(texts.memo_date or texts.as_of
                               or round_bounds(data.unit.fiscal_year or 2500, report.round)[1],
                               dt.time())
    assert report.result is not None
    files: dict[OutputKind, bytes] = {}
    for kind, name in wanted:
        template = templates / name
        refuse_unusable(template, name)
        doc = render.render_template(template, context)
        if kind is OutputKind.PROGRESS_MEMO:
            place_memo_garuda(doc, templates.garuda if isinstance(templates, Templates)
                              else None)
        strip_external(doc)
        render.apply_digits(doc, thai, keep_urls=True)
        typeset.finish(doc)
        title = (f"{context['title']} ประจำปีงบประมาณ พ.ศ. {context['fiscal_year']} "
                 f"({context['round_text']})")
        if kind is OutputKind.PROGRESS_MEMO:
            title = f"บันทึกข้อความ เรื่อง {context['memo']['subject']}"
        files[kind] = render.to_bytes(doc, digits(title, thai), office, when)
        want = verify.expected(verify.template_body(template), context)
        verify.check_docx(files[kind], want, name)
    return files


def place_memo_garuda(doc: Any, image: Path | None) -> None:
    """The district's Garuda, 1.5 cm high, in the memo's top-left cell (left empty, to
    paste it in, when there is no garuda.png)."""
    from docx.shared import Cm

    from itadocs.documents import captions
    from itadocs.documents.render import usable_garuda

    table = captions.table_by_caption(doc, captions.MEMO_GARUDA)
    if table is None or image is None or not image.is_file():
        return
    usable_garuda(image)
    paragraph = table.cell(0, 0).paragraphs[0]
    paragraph.add_run().add_picture(str(image), height=Cm(MEMO_GARUDA_CM))


def sample_progress_context(data: WorkbookData, result: Any, folder: Path,
                            photo: Path) -> dict[str, Any]:
    """The report's and the memo's context for ``templates check``: ``data`` (one of
    everything) with a row of every status, a memo and a photo, so every loop and condition
    of the templates is rendered once."""
    from copy import deepcopy

    from itadocs.model import Photo

    sample = deepcopy(data)
    statuses = [(schema.STATUS_DONE, 100), (schema.STATUS_DOING, 50),
                (schema.STATUS_NOT_STARTED, 0)]
    sample.progress.rows = []
    for k, measure in enumerate(sample.measures):
        measure.id = f"M{k + 1:02d}"
        status, percent = statuses[k % len(statuses)]
        sample.progress.rows.append(ProgressRow(
            measure.id, 6, status, Decimal(percent), "ตัวอย่าง", Decimal("1000.00"),
            dt.date((sample.unit.fiscal_year or 2568) - 544, 12, 1),
            "https://example.go.th/ita"))
    sample.progress.rounds[6] = RoundTexts(None, "ตัวอย่าง", "ตัวอย่าง", "ตัวอย่าง",
                                           "ฝ่ายปกครอง", "กท 1/1", None, "", "นายตัวอย่าง ทดสอบ",
                                           "หัวหน้าฝ่ายปกครอง")
    sample.photos.append(Photo(106, photo.name, "ตัวอย่าง"))
    report = ProgressReport(folder / "sample.xlsx", sample, [], result, round=6,
                            wording_year=result.framework.year)
    return progress_context(report, folder)
