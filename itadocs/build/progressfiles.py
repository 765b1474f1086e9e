"""The progress report's data beside its documents: a row per measure as CSV, and the
round's whole data (with the check's problems) as JSON, as the OIT asks that published data
be machine readable."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from itadocs.checking.progress import ProgressReport, budget_amount, round_bounds
from itadocs.files import csv_bytes
from itadocs.kinds import OutputKind
from itadocs.model import ProgressRow, RoundTexts

HEADER = ["district", "fiscal_year", "round", "as_of", "indicator", "indicator_name", "no",
          "measure_id", "measure", "owner", "period", "kpi", "budget_set", "budget_set_baht",
          "budget_used_baht", "status", "percent", "result", "date_done", "evidence"]


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def measure_rows(report: ProgressReport) -> list[dict[str, Any]]:
    """Every measure of the measures sheet with its row of the round (blank when none)."""
    data, result = report.data, report.result
    assert result is not None
    rows: dict[str, ProgressRow] = {}
    for row in data.progress.rows:
        if row.round == report.round and row.measure_id:
            rows.setdefault(row.measure_id, row)
    names = {i.number: i.name for i in result.framework.indicators}
    found: list[dict[str, Any]] = []
    position: dict[int, int] = {}
    for measure in sorted((m for m in data.measures if m.text.strip()),
                          key=lambda m: m.indicator):
        position[measure.indicator] = position.get(measure.indicator, 0) + 1
        row = rows.get(measure.id, ProgressRow(measure.id))
        found.append({
            "indicator": measure.indicator, "indicator_name": names.get(measure.indicator, ""),
            "no": position[measure.indicator], "measure_id": measure.id,
            "measure": measure.text, "owner": measure.owner, "period": measure.period,
            "kpi": measure.kpi, "budget_set": measure.budget,
            "budget_set_baht": _text(budget_amount(measure.budget)),
            "budget_used_baht": _text(row.budget_used), "status": row.status,
            "percent": _text(row.percent), "result": row.result,
            "date_done": row.date_done.isoformat() if row.date_done else "",
            "evidence": row.evidence,
        })
    return found


def progress_files(report: ProgressReport) -> dict[OutputKind, bytes]:
    """The round's rows as CSV and its whole data as JSON."""
    data = report.data
    unit = data.unit
    texts = data.progress.rounds.get(report.round, RoundTexts())
    start, end = round_bounds(unit.fiscal_year or 0, report.round)
    as_of = (texts.as_of or end).isoformat()
    measures = measure_rows(report)
    base = [unit.district, unit.fiscal_year, report.round, as_of]
    csv = csv_bytes(HEADER, [[*base, *(m[key] for key in HEADER[4:])] for m in measures])
    statuses: dict[str, int] = {}
    for m in measures:
        statuses[m["status"] or "-"] = statuses.get(m["status"] or "-", 0) + 1
    document = {
        "file": report.as_dict()["file"],
        "district": unit.district or None,
        "fiscal_year": unit.fiscal_year,
        "assessed_year": unit.assessed_year,
        "round": report.round,
        "period_start": start.isoformat(),
        "as_of": as_of,
        "wording_framework_year": report.wording_year,
        "statuses": statuses,
        "budget_used_baht": _text(sum((Decimal(m["budget_used_baht"]) for m in measures
                                       if m["budget_used_baht"]), Decimal(0))),
        "problems_text": texts.problems,
        "suggestions": texts.suggestions,
        "summary": texts.summary,
        "measures": measures,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "problems": [p.as_dict() for p in report.problems],
    }
    return {
        OutputKind.PROGRESS_CSV: csv,
        OutputKind.PROGRESS_JSON: (json.dumps(document, ensure_ascii=False, indent=2)
                                   + "\n").encode("utf-8"),
    }
