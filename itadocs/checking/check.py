"""Check one workbook: read it, check it, score it (``check_workbook``), and the report of
what was found (``Report``), which every front end presents."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itadocs import framework as frameworks
from itadocs.checking.checks import check
from itadocs.checking.scoring import Result, compute
from itadocs.cleantext import file_label
from itadocs.exceptions import FrameworkError, HasProblems, Problem, Severity
from itadocs.messages import Message, ProblemCode
from itadocs.model import WorkbookData
from itadocs.reading.reader import read_workbook
from itadocs.thai import fmt2


@dataclass
class Report(HasProblems):
    """What ``check`` found in one workbook: its data, its problems and its scores."""

    path: Path
    data: WorkbookData
    problems: list[Problem] = field(default_factory=list)
    result: Result | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        """0 without errors (warnings allowed), 1 with errors."""
        return 0 if self.ok else 1

    def format(self) -> str:
        """The report as ``check`` prints it: the workbook, its scores, total and level,
        where they come from, every problem (errors too) and the counts."""
        unit, result = self.data.unit, self.result
        lines = [f"{self.path.name}: เขต{unit.district or '?'} "
                 f"ปีงบประมาณ {unit.fiscal_year or '?'} "
                 f"(ผลการประเมินปี {unit.assessed_year or '?'})"]
        if result:
            for tool in result.tools:
                mark = " (คำนวณ/computed)" if tool.computed else ""
                lines.append(f"  {tool.tool.code}: {fmt2(tool.score) or '-':>6} x "
                             f"{fmt2(tool.tool.weight)}% = {fmt2(tool.weighted) or '-'}{mark}")
            level = result.level.name if result.level else "-"
            lines.append(f"  ITA: {fmt2(result.total) or '-'}  ระดับ/level: {level}")
            lines += [f"  {note}" for note in source_notes(result)]
        lines += [problem.format() for problem in self.problems]
        errors, warnings = len(self.errors), len(self.warnings)
        lines.append(f"ข้อผิดพลาด {errors} รายการ, คำเตือน {warnings} รายการ / "
                     f"{errors} error(s), {warnings} warning(s)")
        return "\n".join(lines)

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
                    **({"source": t.source} if t.source != "nacc" else {}),
                }
                for t in result.tools
            }
        return {
            "file": file_label(self.path),
            "district": unit.district or None,
            "fiscal_year": unit.fiscal_year,
            "assessed_year": unit.assessed_year,
            "framework_year": result.framework.year if result else None,
            "indicators": indicators,
            "tools": tools,
            "total": fmt2(result.total) or None if result else None,
            "level": result.level.name if result and result.level else None,
            **(_sources(result) if result else {}),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _sources(result: Result) -> dict[str, Any]:
    """Whether the total and level printed are NACC's, and itadocs' own figures."""
    return {
        "total_source": "nacc" if result.total_from_nacc else "itadocs",
        "level_source": "nacc" if result.level_from_nacc else "itadocs",
        "computed_total": fmt2(result.computed_total) or None,
        "computed_level": result.computed_level.name if result.computed_level else None,
        "level_provisional": result.provisional,
    }


def source_notes(result: Result) -> list[Message]:
    """Where the total and level shown come from: NACC's announcement or itadocs."""
    if result.total is None:
        return []
    notes = [Message("คะแนนรวมตามที่ ป.ป.ช. ประกาศ", "total as announced by NACC")
             if result.total_from_nacc else
             Message("คะแนนรวมคำนวณโดย itadocs ไม่ใช่ตัวเลขที่ ป.ป.ช. ประกาศ (กรอกได้ที่แผ่นงาน "
                     "คะแนน)", "total computed by itadocs, not NACC's announced figure")]
    if result.provisional:
        notes.append(Message("ระดับผลเป็นระดับเบื้องต้น (คะแนนเครื่องมือคำนวณโดย itadocs)",
                             "the level is provisional (tool scores computed by itadocs)"))
    return notes


def check_workbook(path: Path | str) -> Report:
    """Read, check and score one workbook. Raises ``WorkbookUnreadable`` only when the file
    cannot be opened at all; everything else is a problem in the report."""
    path = Path(path)
    data, problems = read_workbook(path)
    unit = data.unit
    if unit.assessed_year is None and unit.fiscal_year is not None:
        unit.assessed_year = unit.fiscal_year - 1
    report = Report(path, data, list(problems))
    where = data.where("unit.framework_year") or data.where("unit.assessed_year") or ("", "")
    try:
        choice = frameworks.choose(unit.assessed_year, unit.framework_year)
        fw = frameworks.load(choice.year)
    except FrameworkError as exc:
        report.problems.append(
            Problem(Severity.ERROR, ProblemCode.FRAMEWORK, *where, exc.message)
        )
        return report
    report.problems.extend(
        Problem(Severity.WARNING, n.code, *where, n.message) for n in choice.notices
    )
    if choice.error:
        e = choice.error
        report.problems.append(Problem(Severity.ERROR, e.code, *where, e.message))
    unreadable = {(p.sheet, p.cell) for p in problems if p.is_error}
    report.problems.extend(
        p for p in check(data, fw, path.parent)
        # a cell the reader could not take is reported once, not again as "missing"
        if not (p.code in _MISSING and (p.sheet, p.cell) in unreadable)
    )
    result, scoring_problems = compute(data, fw)
    report.problems.extend(scoring_problems)
    report.problems.sort(key=reading_order)
    report.result = result
    return report


_MISSING = (ProblemCode.REQUIRED, ProblemCode.PHOTO_NONE)


def reading_order(problem: Problem) -> tuple[int, int, int]:
    """Problems in the order staff meet them: by sheet tab, then row, then column."""
    from itadocs.reading import schema

    sheets = list(schema.SHEET_ORDER)
    sheet = sheets.index(problem.sheet) if problem.sheet in sheets else len(sheets)
    m = re.match(r"([A-Z]*)(\d*)", problem.cell or "")
    assert m is not None  # the pattern matches any text
    column = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(m[1])))
    return sheet, int(m[2] or 0), column
