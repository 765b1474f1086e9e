"""Scoring: the seed's table and every level boundary, in exact decimals."""

import dataclasses
import tomllib
from decimal import Decimal

import pytest

from itadocs import framework
from itadocs.checking.scoring import compute, level_for, weighted
from itadocs.exceptions import FrameworkError
from itadocs.model import Score, WorkbookData
from tests.helpers import TRAT_2564

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


def test_missing_tool_score_is_an_error_not_a_guess():
    # Khlong San's EIT is 86.37 while its indicators average 84.75: a blank tool score must
    # never turn 92.84 ผ่านดี into 92.93 ผ่าน.
    data = _seed()
    for code in ("IIT", "EIT", "OIT"):
        data.score(code).score = None
    result, problems = compute(data, FW)
    assert [p.code for p in problems] == ["tool_score_missing"] * 3
    assert all(p.is_error for p in problems)
    assert result.total is None and result.level is None


def test_tool_score_computed_only_on_request_and_marked():
    data = WorkbookData(scores=[Score(str(n), D("90.00")) for n in range(1, 6)]
                        + [Score(str(n), D("80.01")) for n in range(6, 11)]
                        + [Score("EIT", D("80.01")), Score("OIT", D("80.01"))])
    data.scores[0].score = D("90.01")
    data.compute_tools = True
    result, problems = compute(data, FW)
    iit = result.tool("IIT")
    assert iit.computed and iit.score == D("90.00")  # 450.01 / 5 = 90.002 -> 90.00
    assert iit.exact == D("90.002")  # the total uses the unrounded mean
    assert not result.tool("EIT").computed
    assert sorted(p.code for p in problems) == ["level_provisional", "tool_score_computed"]
    assert not any(p.is_error for p in problems)
    assert result.provisional
    # 27.0006 + 24.003 + 32.004 = 83.0076
    assert result.total == D("83.01")


def _seed() -> WorkbookData:
    return WorkbookData(scores=[
        *(Score(str(n), D(v)) for n, v in enumerate(
            ["95.95", "93.12", "95.50", "97.20", "93.18", "90.66", "80.91", "82.67", "95.00",
             "100.00"], start=1)),
        Score("IIT", D("94.77")), Score("EIT", D("86.37")), Score("OIT", D("96.25")),
    ])


def test_trat_2564_from_its_indicators_is_81_45_level_b():
    # NACC's regional ITA 2564 report (group 2, p.168): tool scores were the means of their
    # indicators, and the total 81.4548 was published as 81.45 (from rounded tool scores and
    # rounded weighted scores one would print 81.46).
    fw = framework.load(2564)
    data = WorkbookData(scores=[Score(str(n), D(v)) for n, v in enumerate(TRAT_2564, start=1)])
    result, problems = compute(data, fw)
    assert problems == []
    assert [t.score for t in result.tools] == [D("89.95"), D("89.27"), D("69.23")]
    assert [t.source for t in result.tools] == ["mean"] * 3
    assert result.computed_total == result.total == D("81.45")
    assert result.level.name == "B"
    # the old way, kept here to show why it is wrong
    old = sum((weighted(t.score, t.tool.weight) for t in result.tools), D(0))
    assert old == D("81.46")


def test_2564_typed_tool_score_differing_from_the_mean_is_reported():
    fw = framework.load(2564)
    data = WorkbookData(scores=[Score(str(n), D(v)) for n, v in enumerate(TRAT_2564, start=1)]
                        + [Score("IIT", D("89.95")), Score("OIT", D("70.00"))])
    result, problems = compute(data, fw)
    assert [p.code for p in problems] == ["tool_score_not_mean"]
    assert result.total == D("81.45")


@pytest.mark.parametrize(("total", "level"), [
    ("95.00", "AA"), ("94.99", "A"), ("85.00", "A"), ("84.99", "B"), ("75.00", "B"),
    ("74.99", "C"), ("65.00", "C"), ("64.99", "D"), ("55.00", "D"), ("54.99", "E"),
    ("50.00", "E"), ("49.99", "F"), ("0.00", "F"),
])
def test_aa_to_f_scale_of_2564(total, level):
    fw = framework.load(2564)
    assert level_for(D(total), [D("0.00")] * 3, fw).name == level


def test_boundary_85_00_against_84_99():
    # 25.44 + 25.48 + 34.08 = 85.00 (ผ่าน) from rounded weighted scores, but the exact sum
    # 25.440 + 25.476 + 34.076 = 84.992 rounds to 84.99 (ต้องปรับปรุง).
    data = WorkbookData(scores=[Score("IIT", D("84.80")), Score("EIT", D("84.92")),
                                Score("OIT", D("85.19"))])
    result, _ = compute(data, FW)
    assert [t.weighted for t in result.tools] == [D("25.44"), D("25.48"), D("34.08")]
    assert result.total == D("84.99")
    assert result.level.name == "ต้องปรับปรุง"


def test_nacc_total_and_level_win_and_a_difference_is_reported():
    data = _seed()
    data.announced.total = D("92.85")
    data.announced.level = "ผ่านดี"
    result, problems = compute(data, FW)
    assert result.total == D("92.85") and result.total_from_nacc
    assert result.computed_total == D("92.84")
    assert [p.code for p in problems] == ["nacc_total_differs"]
    assert "92.85" in problems[0].message_en and "92.84" in problems[0].message_en
    data.announced.level = "ผ่าน"
    result, problems = compute(data, FW)
    assert result.level.name == "ผ่าน" and result.computed_level.name == "ผ่านดี"
    assert "nacc_level_differs" in [p.code for p in problems]
    data.announced.level = "ดีมาก"
    _, problems = compute(data, FW)
    assert "nacc_level_unknown" in [p.code for p in problems if p.is_error]


def test_nacc_figures_equal_to_the_recomputation_give_no_warning():
    data = _seed()
    data.announced.total = D("92.84")
    data.announced.level = "ผ่านดี"
    result, problems = compute(data, FW)
    assert problems == [] and result.level.name == "ผ่านดี"


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


def test_total_is_rounded_once_from_the_exact_sum():
    # 0.30*85.01=25.503, 25.503, 0.40*85.01=34.004: exact 85.010 -> 85.01 (the rounded
    # weighted scores 25.50 + 25.50 + 34.00 would add up to 85.00).
    data = WorkbookData(scores=[Score("IIT", D("85.01")), Score("EIT", D("85.01")),
                                Score("OIT", D("85.01"))])
    result, _ = compute(data, FW)
    assert result.total == D("85.01")
    assert result.level.name == "ผ่านดี"


def test_rounding_rule_is_framework_data():
    data = WorkbookData(scores=[Score("IIT", D("85.01")), Score("EIT", D("85.01")),
                                Score("OIT", D("85.01"))])
    old_rule = dataclasses.replace(FW, rounding=framework.Rounding(total="sum_of_rounded"))
    assert compute(data, old_rule)[0].total == D("85.00")
    down = dataclasses.replace(FW, rounding=framework.Rounding(method="down"))
    data.score("OIT").score = D("85.19")  # 25.503 + 25.503 + 34.076 = 85.082
    assert compute(data, down)[0].total == D("85.08")


def test_tool_made_of_averaged_parts_and_level_condition_per_tool():
    text = (framework.source_texts()[2567]
            .replace('indicators = [6, 7, 8]', 'score = "mean"\n'
                     '[[tools.parts]]\nname = "ผู้รับบริการ"\nindicators = [6, 7]\n'
                     '[[tools.parts]]\nname = "ผู้มีส่วนได้ส่วนเสีย"\nindicators = [8]')
            .replace('name = "ผ่าน"\n', 'name = "ผ่าน"\ntool_min = { OIT = "80.00" }\n'))
    fw = framework.parse(tomllib.loads(text))
    eit = fw.tool("EIT")
    assert eit.indicators == (6, 7, 8) and len(eit.parts) == 2
    data = _seed()
    data.score("EIT").score = None
    result, problems = compute(data, fw)
    # parts: (90.66 + 80.91) / 2 = 85.785 and 82.67; EIT = 84.2275 (not 84.75, the mean of
    # the three indicators)
    assert result.tool("EIT").exact == D("84.2275") and result.tool("EIT").score == D("84.23")
    assert problems == []
    assert level_for(D("86.00"), {"IIT": D("90"), "EIT": D("84"), "OIT": D("79.99")},
                     fw).name == "ต้องปรับปรุง"
    assert level_for(D("86.00"), {"IIT": D("90"), "EIT": D("84"), "OIT": D("80.00")},
                     fw).name == "ผ่าน"


def test_framework_is_data():
    assert [t.code for t in FW.tools] == ["IIT", "EIT", "OIT"]
    assert sum(t.weight for t in FW.tools) == 100
    assert FW.tool("EIT").indicators == (6, 7, 8)
    fw2568 = framework.load(2568)
    assert [t.weight for t in fw2568.tools] == [D("30.00"), D("30.00"), D("40.00")]
    assert len(fw2568.indicators) == 10
    assert fw2568.level("ผ่านดี").all_tools_min == D("85.00")
    assert fw2568.confirmed and fw2568.unconfirmed


def test_framework_year_choice_warns_or_refuses():
    assert framework.choose(2567, None) == framework.Choice(2567)
    assert framework.choose(2568, None) == framework.Choice(2568)
    later = framework.choose(2571, None)
    assert later.year == 2569 and [n.code for n in later.notices] == [
        "framework_year", "framework_unconfirmed"]  # 2569's file is 2568's rules, provisional
    assert "2571" in later.notices[0].en and "2569" in later.notices[0].en
    assert [n.code for n in framework.choose(2569, None).notices] == ["framework_unconfirmed"]
    named = framework.choose(2568, 2567)
    assert named.year == 2567 and named.notices
    refused = framework.choose(2564, 2567)
    assert refused.error and "later than the assessed year" in refused.error.en
    assert "no framework file for 2563" in framework.choose(2563, None).error.en
    with pytest.raises(FrameworkError, match="no framework file for 2550"):
        framework.choose(2567, 2550)


def test_a_workbook_past_the_newest_framework_warns_and_a_later_one_is_refused(tmp_path):
    from itadocs.pipeline import check_workbook
    from itadocs.workbooks.writer import write_workbook
    from tests.helpers import bangrak_data

    data = bangrak_data(fiscal_year=2572, assessed_year=2571)
    data.order.date = data.order.effective_date = data.order.date.replace(year=2028)
    data.order.year = 2571
    path = write_workbook(tmp_path / "ita-2572.xlsx", data)
    report = check_workbook(path)
    warned = [p for p in report.warnings if p.code == "framework_year"]
    assert len(warned) == 1 and "2571" in warned[0].message_en
    assert report.result.framework.year == 2569 and report.ok
    data = bangrak_data()
    data.unit.framework_year = 2568
    data.unit.fiscal_year, data.unit.assessed_year = 2568, 2567
    data.order.date = data.order.effective_date = data.order.date.replace(year=2024)
    data.order.year = 2567
    report = check_workbook(write_workbook(tmp_path / "ita-2568.xlsx", data))
    assert [p.code for p in report.errors] == ["framework_later"]
    assert report.errors[0].sheet == "หน่วยงาน"
