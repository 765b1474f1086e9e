"""The library's entry points: read → check → score a workbook (and, later, build from it).

The CLI is a thin layer over these functions; tests call them directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import framework as frameworks
from .checks import check
from .exceptions import FrameworkError, Problem, Severity
from .model import WorkbookData
from .reader import read_workbook
from .scoring import Result, compute
from .thai import fmt2


@dataclass
class Report:
    """What ``check`` found in one workbook: its data, its problems and its scores."""

    path: Path
    data: WorkbookData
    problems: list[Problem] = field(default_factory=list)
    result: Result | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

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
                }
                for t in result.tools
            }
        return {
            "file": self.path.name,
            "district": unit.district or None,
            "fiscal_year": unit.fiscal_year,
            "assessed_year": unit.assessed_year,
            "framework_year": result.framework.year if result else None,
            "indicators": indicators,
            "tools": tools,
            "total": fmt2(result.total) or None if result else None,
            "level": result.level.name if result and result.level else None,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def check_workbook(path: Path | str) -> Report:
    """Read, check and score one workbook. Raises ``WorkbookUnreadable`` only when the file
    cannot be opened at all; everything else is a problem in the report."""
    path = Path(path)
    data, problems = read_workbook(path)
    unit = data.unit
    if unit.assessed_year is None and unit.fiscal_year is not None:
        unit.assessed_year = unit.fiscal_year - 1
    report = Report(path, data, list(problems))
    try:
        fw = frameworks.load(frameworks.year_for(unit.assessed_year, unit.framework_year))
    except FrameworkError as exc:
        sheet, cell = data.where("unit.framework_year") or ("", "")
        report.problems.append(
            Problem(Severity.ERROR, "framework", sheet, cell, exc.message_th, exc.message_en)
        )
        return report
    report.problems.extend(check(data, fw, path.parent))
    result, scoring_problems = compute(data, fw)
    report.problems.extend(scoring_problems)
    report.result = result
    return report
