"""What the library returned, arranged for the page's templates (no wording of its own:
messages, statuses and notes are the library's ``Message``s, as the terminal shows them).

``problem_rows`` is the one place that turns problems and errors into table rows; the one
template macro (``_problems.html``) lays them out. Paths of the server's temporary folders
are taken out of every message, so a message names the file as the person uploaded it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itadocs.checking.scoring import Result
from itadocs.exceptions import ItadocsError, Problem
from itadocs.pipeline import Report, source_notes
from itadocs.thai import fmt2


@dataclass(frozen=True)
class ProblemRow:
    """One line of the problems table."""

    error: bool
    where: str
    th: str
    en: str
    code: str = ""


SUBFOLDERS = frozenset({"in", "out", "old", "new", "pages"})


def hider(root: Path) -> Callable[[str], str]:
    """A function removing the server's folders from a message, leaving the file's name.

    ``<root>/work/req-x/ita คลองสาน.xlsx`` becomes ``ita คลองสาน.xlsx``; a folder of the
    server named alone (a request's, an entry's) becomes ``…``.
    """
    pattern = re.compile(re.escape(str(root)) + r"((?:[/\\][^/\\\s()]+)*)[/\\]?")

    def ours(parts: list[str]) -> int:
        """How many leading parts are the server's own folders."""
        count = min(len(parts), 2 if parts[:1] in (["work"], ["store"]) else 1)
        while count < len(parts) and parts[count] in SUBFOLDERS:
            count += 1
        return count

    def replace(match: re.Match[str]) -> str:
        parts = [p for p in re.split(r"[/\\]", match[1]) if p]
        rest = parts[ours(parts):]
        return "/".join(rest) if rest else "…"

    def hide(text: str) -> str:
        return pattern.sub(replace, text) if text else text

    return hide


def problem_rows(items: Iterable[Problem | ItadocsError], hide: Callable[[str], str]
                 ) -> list[ProblemRow]:
    """Problems and errors as rows, errors first, each group in the library's order."""
    rows = []
    for item in items:
        if isinstance(item, ItadocsError):
            error, where = True, item.where
        else:
            error, where = item.is_error, item.where()
        rows.append(ProblemRow(error, hide(where), hide(item.message.th),
                               hide(item.message.en), str(item.code)))
    return sorted(rows, key=lambda r: not r.error)


def scores(result: Result) -> dict[str, Any]:
    """Table 1 as the measures document prints it: indicators grouped by tool, each tool's
    weight, score and weighted score once per group, then the total and the level."""
    fw = result.framework
    groups = []
    for tool in result.tools:
        rows = [{"number": i, "name": fw.indicator(i).name,
                 "name_en": fw.indicator(i).name_en,
                 "score": fmt2(result.indicators[i]) or "-",
                 "previous": fmt2(result.previous[i])}
                for i in tool.tool.indicators]
        groups.append({
            "code": tool.tool.code, "name": tool.tool.name, "name_en": tool.tool.name_en,
            "weight": fmt2(tool.tool.weight), "score": fmt2(tool.score) or "-",
            "computed": tool.computed, "weighted": fmt2(tool.weighted) or "-",
            "previous": fmt2(tool.previous), "rows": rows,
        })
    return {
        "groups": groups,
        "total": fmt2(result.total) or "-",
        "level": result.level.name if result.level else "-",
        "previous_total": fmt2(result.previous_total),
        "from_nacc": result.total_from_nacc or result.level_from_nacc,
        "computed_total": fmt2(result.computed_total) or "-",
        "computed_level": result.computed_level.name if result.computed_level else "-",
        "framework_year": fw.year,
        "notes": source_notes(result),
        "has_previous": any(v is not None for v in result.previous.values()),
    }


@dataclass(frozen=True)
class Heading:
    """The heading of a checked workbook's pages: district and years."""

    district: str
    district_en: str
    fiscal_year: int | None
    assessed_year: int | None


def workbook(report: Report) -> Heading:
    """The heading of a checked workbook: district and years."""
    from itadocs.reading.districts import english

    unit = report.data.unit
    return Heading(unit.district, english(unit.district) or unit.district, unit.fiscal_year,
                   unit.assessed_year)


def cell(value: object) -> str:
    """A summary table's value as the summary workbook shows it (two decimals, blank)."""
    import math
    from decimal import Decimal

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, Decimal):
        return fmt2(value) if value.is_finite() else "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return "—" if text in ("nan", "NaT", "<NA>", "None") else text


def photos(report: Report) -> list[dict[str, Any]]:
    """The photo files the workbook names (sheet ภาพ), and whether each was uploaded."""
    from itadocs.reading.photos import PhotoError, resolve

    folder = report.path.parent
    seen: dict[str, dict[str, Any]] = {}
    for photo in report.data.photos:
        if photo.file and photo.picture is None and photo.file not in seen:
            try:
                found = resolve(folder, photo.file).is_file()
            except PhotoError:
                found = False
            seen[photo.file] = {"file": photo.file, "section": photo.section, "found": found}
    return list(seen.values())
