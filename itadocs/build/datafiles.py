"""The data files beside the documents: the scores and the measures as CSV, the check
object as JSON, as the OIT asks that published data be machine readable."""

from __future__ import annotations

from itadocs.checking.check import Report
from itadocs.files import csv_bytes
from itadocs.kinds import OutputKind
from itadocs.thai import fmt2


def data_files(report: Report) -> dict[OutputKind, bytes]:
    """The scores and measures as CSV, and the check object as JSON, for the OIT."""
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
        OutputKind.SCORES_CSV: scores,
        OutputKind.MEASURES_CSV: measures,
        OutputKind.JSON: (report.to_json() + "\n").encode("utf-8"),
    }
