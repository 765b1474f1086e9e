"""Weighted scores, the ITA total and the result level, in exact decimal arithmetic.

Rule (also in the README): each tool's weighted score is ``tool score × weight / 100``
rounded half up to two decimals; the total is the sum of those rounded weighted scores, so
the published table adds up; the level is the first level of the framework whose minimum
total and (where it has one) minimum for every tool are met. A tool score is taken as NACC
reported it; only when it is absent is it computed, as the mean of its indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .exceptions import Problem, Severity
from .framework import Framework, Level, Tool
from .model import WorkbookData
from .thai import fmt2, round2


@dataclass(frozen=True)
class ToolResult:
    tool: Tool
    score: Decimal | None
    computed: bool  # True when NACC's score was absent and the mean was used
    weighted: Decimal | None
    previous: Decimal | None


@dataclass(frozen=True)
class Result:
    framework: Framework
    indicators: dict[int, Decimal | None]
    previous: dict[int, Decimal | None]
    tools: tuple[ToolResult, ...]
    total: Decimal | None
    level: Level | None
    previous_total: Decimal | None = None

    def tool(self, code: str) -> ToolResult:
        return next(t for t in self.tools if t.tool.code == code)


def weighted(score: Decimal, weight: Decimal) -> Decimal:
    return round2(score * weight / Decimal(100))


def level_for(total: Decimal, tool_scores: list[Decimal], framework: Framework) -> Level:
    """The first level whose conditions hold (levels are listed best first)."""
    for level in framework.levels:
        if total < level.min_total:
            continue
        if level.all_tools_min is not None and any(s < level.all_tools_min for s in tool_scores):
            continue
        return level
    return framework.levels[-1]


def _total(tools: list[tuple[Tool, Decimal | None]], framework: Framework
           ) -> tuple[Decimal | None, Level | None]:
    if not tools or any(score is None for _, score in tools):
        return None, None
    total = sum((weighted(score, tool.weight) for tool, score in tools), Decimal("0.00"))
    total = round2(total)
    return total, level_for(total, [score for _, score in tools], framework)


def compute(data: WorkbookData, framework: Framework) -> tuple[Result, list[Problem]]:
    """Score the workbook; problems say where a tool score had to be computed."""
    problems: list[Problem] = []
    indicators = {}
    previous = {}
    for ind in framework.indicators:
        row = data.score(str(ind.number))
        indicators[ind.number] = row.score if row else None
        previous[ind.number] = row.previous if row else None
    tools = []
    for tool in framework.tools:
        row = data.score(tool.code)
        score = row.score if row else None
        prev = row.previous if row else None
        computed = False
        values = [indicators[n] for n in tool.indicators]
        if score is None and all(v is not None for v in values):
            score = round2(sum(values, Decimal(0)) / len(values))
            computed = True
            sheet, cell = data.where(f"scores[{tool.code}].score") or ("", "")
            problems.append(Problem(
                Severity.WARNING, "tool_score_computed", sheet, cell,
                f"ไม่ได้กรอกคะแนน {tool.code} จึงคำนวณจากค่าเฉลี่ยของตัวชี้วัดได้ {fmt2(score)} "
                "ควรกรอกคะแนนตามที่ระบบของ ป.ป.ช. รายงาน",
                f"{tool.code} score missing: computed as the mean of its indicators "
                f"({fmt2(score)}); enter the score NACC reported",
            ))
        if prev is None:
            prev_values = [previous[n] for n in tool.indicators]
            if all(v is not None for v in prev_values):
                prev = round2(sum(prev_values, Decimal(0)) / len(prev_values))
        tools.append(ToolResult(
            tool, score, computed, weighted(score, tool.weight) if score is not None else None,
            prev,
        ))
    total, level = _total([(t.tool, t.score) for t in tools], framework)
    prev_total, _ = _total([(t.tool, t.previous) for t in tools], framework)
    result = Result(
        framework, indicators, previous, tuple(tools), total, level, prev_total
    )
    return result, problems
