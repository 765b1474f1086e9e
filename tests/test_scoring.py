"""Scoring: the seed's table and every level boundary, in exact decimals."""

from decimal import Decimal

import pytest

from itadocs import framework
from itadocs.model import Score, WorkbookData
from itadocs.scoring import compute, level_for, weighted

FW = framework.load(2567)
D = Decimal


def test_seed_table_weighted_scores_total_and_level():
    assert weighted(D("94.77"), D("30.00")) == D("28.43")
    assert weighted(D("86.37"), D("30.00")) == D("25.91")
    assert weighted(D("96.25"), D("40.00")) == D("38.50")
    data = WorkbookData(scores=[
        *(Score(str(n), D(v)) for n, v in enumerate(
            ["95.95", "93.12", "95.50", "97.20", "93.18", "90.66", "80.91", "82.67", "95.00",
             "100.00"], start=1)),
        Score("IIT", D("94.77")), Score("EIT", D("86.37")), Score("OIT", D("96.25")),
    ])
    result, problems = compute(data, FW)
    assert problems == []
    assert [t.weighted for t in result.tools] == [D("28.43"), D("25.91"), D("38.50")]
    assert result.total == D("92.84")
    assert result.level.name == "ผ่านดี"


def test_tool_score_is_taken_not_recomputed():
    # IIT's indicators average 94.99, NACC reported 94.77: the reported score is used.
    data = WorkbookData(scores=[Score("1", D("95.95")), Score("IIT", D("94.77"))])
    result, _ = compute(data, FW)
    assert result.tool("IIT").score == D("94.77")
    assert not result.tool("IIT").computed


def test_tool_score_computed_only_when_absent_with_warning():
    data = WorkbookData(scores=[Score(str(n), D("90.00")) for n in range(1, 6)]
                        + [Score(str(n), D("80.01")) for n in range(6, 11)])
    data.scores[0].score = D("90.01")
    result, problems = compute(data, FW)
    iit = result.tool("IIT")
    assert iit.computed and iit.score == D("90.00")  # 450.01 / 5 = 90.002 -> 90.00
    assert {p.code for p in problems} == {"tool_score_computed"}
    assert len(problems) == 3


def test_half_up_rounding_not_bankers():
    # 85.05 * 0.30 = 25.515 -> 25.52 (half up), banker's rounding would give 25.52 too;
    # 84.15 * 0.30 = 25.245 -> 25.25 half up, 25.24 with banker's rounding.
    assert weighted(D("84.15"), D("30.00")) == D("25.25")
    assert weighted(D("0.05"), D("30.00")) == D("0.02")  # 0.015 -> 0.02


@pytest.mark.parametrize(
    ("total", "tools", "level"),
    [
        ("95.00", ["95.00", "95.00", "95.00"], "ผ่านดีเยี่ยม"),
        ("100.00", ["100.00", "100.00", "100.00"], "ผ่านดีเยี่ยม"),
        ("94.99", ["95.00", "95.00", "95.00"], "ผ่านดี"),
        ("95.00", ["94.99", "96.00", "96.00"], "ผ่านดี"),  # a tool below 95
        ("85.00", ["85.00", "85.00", "85.00"], "ผ่านดี"),
        ("85.00", ["84.99", "90.00", "90.00"], "ผ่าน"),  # a tool below 85
        ("97.00", ["84.99", "100.00", "100.00"], "ผ่าน"),  # high total, one tool below 85
        ("84.99", ["85.00", "85.00", "85.00"], "ต้องปรับปรุง"),
        ("70.00", ["70.00", "70.00", "70.00"], "ต้องปรับปรุง"),
        ("70.00", ["50.00", "99.00", "99.00"], "ต้องปรับปรุง"),
        ("69.99", ["90.00", "90.00", "90.00"], "ต้องปรับปรุงโดยด่วน"),
        ("0.00", ["0.00", "0.00", "0.00"], "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_level_boundaries(total, tools, level):
    assert level_for(D(total), [D(t) for t in tools], FW).name == level


def test_total_is_sum_of_rounded_weighted_scores():
    # 0.30*85.01=25.503->25.50, 0.30*85.01 -> 25.50, 0.40*85.01=34.004->34.00: 85.00
    data = WorkbookData(scores=[Score("IIT", D("85.01")), Score("EIT", D("85.01")),
                                Score("OIT", D("85.01"))])
    result, _ = compute(data, FW)
    assert result.total == D("85.00")
    assert result.level.name == "ผ่านดี"


def test_framework_is_data():
    assert [t.code for t in FW.tools] == ["IIT", "EIT", "OIT"]
    assert sum(t.weight for t in FW.tools) == 100
    assert FW.tool("EIT").indicators == (6, 7, 8)
    assert framework.year_for(2570, None) == max(framework.available_years())
    assert framework.year_for(2567, None) == 2567
