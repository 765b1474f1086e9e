"""Tool scores, weighted scores, the ITA total and the level, in exact decimal arithmetic.

NACC computes from unrounded figures, so itadocs does too and rounds once, at the end
(the framework file says how; README "Scoring and rounding"):

- a tool's score is NACC's reported figure, or, where the framework says the tool score is
  the mean of its indicators (2564), that mean unrounded. A missing reported score is an
  error, unless the workbook's "computed by itadocs" flag asks for the mean (then the figure
  is marked as computed and the level is provisional);
- the total is the exact weighted sum, rounded once; the weighted scores of Table 1 are
  rounded for display only;
- the level is the first level of the framework whose minimum total (and minimums per tool)
  are met, from the rounded total and the tool scores as printed;
- NACC's announced total and level, when given, are what is printed; the recomputation is
  still done and a difference is reported with both figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from itadocs import framework as frameworks
from itadocs.exceptions import Problem, Severity
from itadocs.framework import Framework, Level, Tool
from itadocs.messages import Message, ProblemCode
from itadocs.model import WorkbookData
from itadocs.thai import fmt2, round2

# Where a tool score came from.
NACC = "nacc"  # typed from NACC's report
MEAN = "mean"  # the framework's rule: the unrounded mean of its indicators
ITADOCS = "itadocs"  # computed by itadocs because the workbook asked for it


@dataclass(frozen=True)
class ToolResult:
    tool: Tool
    score: Decimal | None  # as printed: NACC's figure or the computed one, rounded
    exact: Decimal | None  # what the total is computed from
    source: str  # NACC, MEAN, ITADOCS, or "" when missing
    weighted: Decimal | None  # as printed (rounded for display)
    weighted_exact: Decimal | None
    previous: Decimal | None

    @property
    def computed(self) -> bool:
        """True when the figure is itadocs' own, not NACC's (the document says so)."""
        return self.source == ITADOCS


@dataclass(frozen=True)
class Result:
    framework: Framework
    indicators: dict[int, Decimal | None]
    previous: dict[int, Decimal | None]
    tools: tuple[ToolResult, ...]
    total: Decimal | None  # as printed: NACC's announced total when given
    level: Level | None  # as printed: NACC's announced level when given
    previous_total: Decimal | None = None
    computed_total: Decimal | None = None  # itadocs' own recomputation
    computed_level: Level | None = None
    total_from_nacc: bool = False
    level_from_nacc: bool = False

    def tool(self, code: str) -> ToolResult:
        return next(t for t in self.tools if t.tool.code == code)

    @property
    def provisional(self) -> bool:
        """A tool score was computed by itadocs, so the level is not NACC's."""
        return any(t.computed for t in self.tools) and not self.level_from_nacc


def weighted(score: Decimal, weight: Decimal) -> Decimal:
    """A weighted score as printed (rounded half up); the total never adds these up."""
    return round2(weighted_exact(score, weight))


def weighted_exact(score: Decimal, weight: Decimal) -> Decimal:
    return score * weight / Decimal(100)


def level_for(total: Decimal, tool_scores: list[Decimal] | dict[str, Decimal],
              framework: Framework) -> Level:
    """The first level whose conditions hold (levels are listed best first)."""
    if not isinstance(tool_scores, dict):
        tool_scores = {t.code: s for t, s in zip(framework.tools, tool_scores, strict=False)}
    for level in framework.levels:
        if total >= level.min_total and level.tools_ok(tool_scores):
            return level
    return framework.levels[-1]


def total_of(framework: Framework, exact_scores: list[Decimal | None]) -> Decimal | None:
    """The ITA total from the tools' exact scores, rounded once as the framework says."""
    if not exact_scores or any(s is None for s in exact_scores):
        return None
    rounding = framework.rounding
    parts = [weighted_exact(s, t.weight) for t, s in zip(framework.tools, exact_scores,
                                                           strict=True) if s is not None]
    if rounding.total == "sum_of_rounded":
        return sum((rounding.round(p) for p in parts), Decimal("0.00"))
    return rounding.round(sum(parts, Decimal(0)))


def mean_of(tool: Tool, scores: dict[int, Decimal | None]) -> Decimal | None:
    """The unrounded mean of a tool's parts, each the mean of its indicators."""
    means = []
    for group in tool.groups():
        found = [scores.get(n) for n in group]
        values = [v for v in found if v is not None]
        if not values or len(values) < len(found):
            return None
        means.append(sum(values, Decimal(0)) / len(values))
    return sum(means, Decimal(0)) / len(means)


class _Scorer:
    def __init__(self, data: WorkbookData, framework: Framework) -> None:
        self.data = data
        self.fw = framework
        self.problems: list[Problem] = []

    def add(self, severity: Severity, code: ProblemCode, path: str, th: str, en: str,
            fallback_sheet: str = "") -> None:
        sheet, cell = self.data.where(path) or (fallback_sheet, "")
        self.problems.append(Problem(severity, code, sheet, cell, Message(th, en)))

    def run(self) -> Result:
        data, fw = self.data, self.fw
        indicators, previous = {}, {}
        for ind in fw.indicators:
            row = data.score(str(ind.number))
            indicators[ind.number] = row.score if row else None
            previous[ind.number] = row.previous if row else None
        tools = tuple(self.tool(t, indicators, previous) for t in fw.tools)
        if any(t.computed for t in tools):
            self.add(
                Severity.WARNING, ProblemCode.LEVEL_PROVISIONAL, "compute_tools",
                "ระดับผลการประเมินเป็นระดับเบื้องต้น เพราะคะแนนเครื่องมือบางตัวคำนวณโดย itadocs "
                "(ไม่ใช่ตัวเลขของ ป.ป.ช.) เอกสารจะระบุว่าเป็นคะแนนที่คำนวณ",
                "the level is provisional: some tool scores were computed by itadocs, not "
                "reported by NACC; the document marks them as computed",
            )
        computed_total = total_of(fw, [t.exact for t in tools])
        printed = {t.tool.code: t.score for t in tools if t.score is not None}
        computed_level = None
        if computed_total is not None and len(printed) == len(tools):
            computed_level = level_for(computed_total, printed, fw)
        total, level, from_nacc = self.announced(computed_total, computed_level, printed)
        return Result(
            fw, indicators, previous, tools, total, level,
            previous_total=self.previous_total(tools, previous),
            computed_total=computed_total, computed_level=computed_level,
            total_from_nacc=from_nacc[0], level_from_nacc=from_nacc[1],
        )

    # ------------------------------------------------------------------ tools
    def tool(self, tool: Tool, indicators: dict[int, Decimal | None],
             previous: dict[int, Decimal | None]) -> ToolResult:
        row = self.data.score(tool.code)
        reported = row.score if row else None
        mean = mean_of(tool, indicators)
        path = f"scores[{tool.code}].score"
        rounding = self.fw.rounding
        exact, source = reported, NACC if reported is not None else ""
        if tool.score_rule == "mean":
            exact, source = mean, MEAN if mean is not None else ""
            if mean is not None and reported is not None and rounding.round(mean) != reported:
                self.add(
                    Severity.WARNING, ProblemCode.TOOL_SCORE_NOT_MEAN, path,
                    f"เกณฑ์ปี {self.fw.year} ให้คะแนน {tool.code} เป็นค่าเฉลี่ยของตัวชี้วัด "
                    f"({fmt2(mean)}) แต่กรอกไว้ {fmt2(reported)} ใช้ค่าเฉลี่ยในการคำนวณ",
                    f"under the {self.fw.year} framework the {tool.code} score is the mean of "
                    f"its indicators ({fmt2(mean)}), but {fmt2(reported)} was typed; the mean "
                    "is used",
                )
        elif reported is None:
            exact, source = self.missing(tool, mean, path)
        score = None if exact is None else (exact if source == NACC else rounding.round(exact))
        prev = row.previous if row else None
        if tool.score_rule == "mean":
            prev_mean = mean_of(tool, previous)
            prev = rounding.round(prev_mean) if prev_mean is not None else prev
        return ToolResult(
            tool, score, exact, source,
            rounding.round(weighted_exact(exact, tool.weight)) if exact is not None else None,
            weighted_exact(exact, tool.weight) if exact is not None else None,
            prev,
        )

    def missing(self, tool: Tool, mean: Decimal | None, path: str
                ) -> tuple[Decimal | None, str]:
        """A reported tool score that is blank: an error, or the mean when the flag asks."""
        flag = self.data.where("compute_tools")
        flag_at = f"{flag[0]}!{flag[1]}" if flag else "คะแนน"
        if not self.data.compute_tools:
            self.add(
                Severity.ERROR, ProblemCode.TOOL_SCORE_MISSING, path,
                f"ยังไม่ได้กรอกคะแนน {tool.code} ตามที่ระบบของ ป.ป.ช. รายงาน (คะแนนเครื่องมือ"
                "ไม่ใช่ค่าเฉลี่ยของตัวชี้วัด จึงไม่คำนวณแทน) หากยังไม่มีคะแนนจาก ป.ป.ช. และต้องการ"
                f"เอกสารฉบับร่าง เลือก 'คำนวณโดย itadocs' ที่ช่อง {flag_at}",
                f"the {tool.code} score as NACC reported it is missing (a tool score is not "
                "the mean of its indicators, so it is not guessed); for a draft before NACC's "
                f"figures are known, choose 'คำนวณโดย itadocs' in cell {flag_at}",
                "คะแนน",
            )
            return None, ""
        if mean is None:
            return None, ""
        self.add(
            Severity.WARNING, ProblemCode.TOOL_SCORE_COMPUTED, path,
            f"คะแนน {tool.code} คำนวณโดย itadocs จากค่าเฉลี่ยของตัวชี้วัดได้ "
            f"{fmt2(self.fw.rounding.round(mean))} ไม่ใช่คะแนนของ ป.ป.ช. "
            "กรอกคะแนนตามที่ ป.ป.ช. รายงานเมื่อได้รับ",
            f"the {tool.code} score is computed by itadocs as the mean of its indicators "
            f"({fmt2(self.fw.rounding.round(mean))}), not NACC's; enter NACC's score when "
            "it is known",
        )
        return mean, ITADOCS

    # ------------------------------------------------------------------ NACC's figures
    def announced(self, computed_total: Decimal | None, computed_level: Level | None,
                  printed: dict[str, Decimal]) -> tuple[Decimal | None, Level | None,
                                                        tuple[bool, bool]]:
        nacc = self.data.announced
        total = nacc.total if nacc.total is not None else computed_total
        level = self.nacc_level(nacc.level, "nacc.level")
        if nacc.total is not None and computed_total is not None and nacc.total != computed_total:
            self.add(
                Severity.WARNING, ProblemCode.NACC_TOTAL_DIFFERS, "nacc.total",
                f"คะแนนรวมที่ ป.ป.ช. ประกาศ {fmt2(nacc.total)} ต่างจากที่ itadocs คำนวณได้ "
                f"{fmt2(computed_total)} เอกสารใช้ตัวเลขของ ป.ป.ช. ({fmt2(nacc.total)}) "
                "ตรวจสอบคะแนนที่กรอก",
                f"NACC announced a total of {fmt2(nacc.total)} but itadocs computes "
                f"{fmt2(computed_total)}; the documents print NACC's {fmt2(nacc.total)}; "
                "check the scores typed",
            )
        if level is None and total is not None:
            if nacc.total is not None and len(printed) == len(self.fw.tools):
                level = level_for(nacc.total, printed, self.fw)
            else:
                level = computed_level
        elif level is not None and computed_level is not None and level != computed_level:
            self.add(
                Severity.WARNING, ProblemCode.NACC_LEVEL_DIFFERS, "nacc.level",
                f"ระดับผลที่ ป.ป.ช. ประกาศ '{level.name}' ต่างจากที่ itadocs คำนวณได้ "
                f"'{computed_level.name}' เอกสารใช้ระดับของ ป.ป.ช.",
                f"NACC announced the level '{level.name}' but itadocs computes "
                f"'{computed_level.name}'; the documents print NACC's",
            )
        return total, level, (nacc.total is not None, bool(nacc.level))

    def nacc_level(self, name: str, path: str) -> Level | None:
        if not name:
            return None
        level = self.fw.level(name)
        if level is None:
            names = ", ".join(lv.name for lv in self.fw.levels)
            self.add(
                Severity.ERROR, ProblemCode.NACC_LEVEL_UNKNOWN, path,
                f"ระดับผล '{name}' ไม่มีในเกณฑ์การประเมินปี {self.fw.year} ({names})",
                f"level '{name}' is not a level of the {self.fw.year} framework ({names})",
            )
        return level

    def previous_total(self, tools: tuple[ToolResult, ...],
                       previous: dict[int, Decimal | None]) -> Decimal | None:
        """The year before: NACC's announced total, else computed from its tool scores."""
        nacc = self.data.announced.previous_total
        if nacc is not None:
            return nacc
        year = (self.data.unit.assessed_year or self.fw.year) - 1
        fw = frameworks.load(year) if year in frameworks.available_years() else self.fw
        if [t.code for t in fw.tools] != [t.tool.code for t in tools]:
            return None
        exact = []
        for own, result in zip(fw.tools, tools, strict=True):
            exact.append(mean_of(own, previous) if own.score_rule == "mean" else result.previous)
        return total_of(fw, exact)


def compute(data: WorkbookData, framework: Framework) -> tuple[Result, list[Problem]]:
    """Score the workbook; problems say what is missing, computed or differs from NACC."""
    scorer = _Scorer(data, framework)
    return scorer.run(), scorer.problems
