"""The progress report against a careless or hostile clerk: cells the progress sheet and the
measures sheet should never hold, each ending in a message at its sheet!cell, a non-zero
exit code and no output, never in a report that is silently wrong."""

from __future__ import annotations

from itadocs.checking.progress import check_progress
from itadocs.pipeline import check_workbook
from tests.helpers import itadocs, set_cells, snapshot

SHEET = "ผลการดำเนินการ"
FIRST = 20  # M01, round 6, in the example
MEASURES = "มาตรการ"


def _codes(report, code: str) -> list[str]:
    return [p.where() for p in report.problems if p.code == code]


def test_a_measure_whose_indicator_was_cleared_is_an_error_not_a_missing_measure(example):
    """มาตรการ!A6 (M02's indicator) cleared: the measure belongs to no indicator, so neither
    the measures document nor the progress report would print it. Both are refused, naming
    the cell, instead of counting 29 measures of 30 with exit code 0."""
    set_cells(example, MEASURES, {"A6": None})
    assert _codes(check_workbook(example), "required") == [f"{MEASURES}!A6"]
    assert f"{MEASURES}!A6" in _codes(check_progress(example, 6), "required")
    out = example.parent / "o"
    result = itadocs("progress", example, "--round", "6", "-o", out)
    assert result.returncode == 1, result.stderr
    assert f"{MEASURES}!A6" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(out) == {}
