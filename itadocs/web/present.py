"""What the library returned, arranged for the page's templates: messages, statuses and
notes are the library's ``Message``s in their words for the page (``Message.on_page``); the
page's own words here are only its form's fields (the summary's tables, Thai and English,
are the library's: ``build/tables.py``).

``problem_rows`` is the one place that turns problems and errors into table rows; the one
template macro (``_problems.html``) lays them out. Paths of the server's temporary folders
are taken out of every message, so a message names the file as the person uploaded it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itadocs.build.report import Status
from itadocs.checking.scoring import Result
from itadocs.exceptions import ItadocsError, Problem
from itadocs.messages import Message, ProblemCode
from itadocs.pipeline import Report, source_notes
from itadocs.thai import fmt2
from itadocs.workbooks.diff import shared_ends

if TYPE_CHECKING:
    from itadocs.build.report import Outcome
    from itadocs.build.summary import Table
    from itadocs.workbooks.carryover import CarryReport, Line
    from itadocs.workbooks.diff import Change


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


def shower(hide: Callable[[str], str], names: Mapping[str, str] | None = None
           ) -> Callable[[str], str]:
    """``hide``, then every uploaded file's stored name put back as the person uploaded it
    (``names``: stored name -> uploaded name), so a message names the file as they know it."""
    if not names:
        return hide
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))

    def show(text: str) -> str:
        return pattern.sub(lambda m: names[m[0]], hide(text)) if text else text

    return show


# Where the library names a command's option, the page names its form's field.
FIELDS = {"--district": Message("เขต", "District"),
          "--year": Message("ปีงบประมาณ", "Fiscal year")}
# Errors that explain the others (a file itadocs did not make lacks every sheet): first.
LEADING = frozenset({ProblemCode.UNKNOWN_VERSION})


def problem_rows(items: Iterable[Problem | ItadocsError], show: Callable[[str], str]
                 ) -> list[ProblemRow]:
    """Problems and errors as rows in the page's words (``Message.on_page``), errors first,
    the one that explains the others before them, each group in the library's order."""
    rows = []
    for item in items:
        if isinstance(item, ItadocsError):
            error, where = True, item.where
        else:
            error, where = item.is_error, item.where()
        field = FIELDS.get(where)
        message = item.message.on_page()
        rows.append(ProblemRow(error, str(field) if field else show(where), show(message.th),
                               show(message.en), str(item.code)))
    return sorted(rows, key=lambda r: (not r.error, r.code not in LEADING))


def only_photos_missing(problems: Iterable[Problem]) -> bool:
    """Every error is a photo the workbook names and nobody uploaded yet: the fix is the
    page's photo box, not the workbook."""
    errors = [p for p in problems if p.is_error]
    return bool(errors) and all(p.code is ProblemCode.PHOTO_MISSING for p in errors)


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


# --------------------------------------------------------------------------- diff

DIFF_WHOLE = 40  # values up to this long are shown whole; longer ones mark what changed


@dataclass(frozen=True)
class ChangeRow:
    """One change of the diff table, a long text's changed part marked: (text, changed)."""

    change: Change
    old: list[tuple[str, bool]]
    new: list[tuple[str, bool]]


def changes(items: Iterable[Change]) -> list[ChangeRow]:
    rows = []
    for change in items:
        old, new = change.old or "", change.new or ""
        if change.kind.lower() == "changed" and old and new and max(len(old), len(new)) > \
                DIFF_WHOLE:
            rows.append(ChangeRow(change, *marked(old, new)))
        else:
            rows.append(ChangeRow(change, [(old, False)] if old else [],
                                  [(new, False)] if new else []))
    return rows


def marked(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Two versions of a text as (text, changed) parts: what they share at the start and
    at the end, and the part between that differs, widened to whole numbers and Latin
    words and never splitting a Thai letter from its marks."""
    start, end = shared_ends(old, new)
    while start > 0 and (_joined(old, start) or _joined(new, start)):
        start -= 1
    while end > 0 and (_joined(old, len(old) - end) or _joined(new, len(new) - end)):
        end -= 1

    def parts(text: str) -> list[tuple[str, bool]]:
        found = [(text[:start], False), (text[start:len(text) - end], True),
                 (text[len(text) - end:], False)]
        return [(t, changed) for t, changed in found if t]

    return parts(old), parts(new)


def _joined(text: str, index: int) -> bool:
    """``index`` falls inside a number or Latin word, or before a Thai mark."""
    if not 0 < index < len(text):
        return False
    before, after = text[index - 1], text[index]
    if unicodedata.category(after).startswith("M"):
        return True
    token = "0123456789.,๐๑๒๓๔๕๖๗๘๙"
    latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
    return latin or (before in token and after in token)


# --------------------------------------------------------------------------- carry-over


@dataclass(frozen=True)
class CarriedRow:
    """One row of the carry-over report: lines of one kind and the same changes, grouped."""

    kind: str
    cells: list[str]  # "วิเคราะห์!B5–B14", one per sheet
    count: int  # how many cells
    changes: list[tuple[str, str, int]]  # (old, new, times) of replaced text
    message: Message | None  # what was cleared or kept, and why


def carried_lines(report: CarryReport | None) -> list[CarriedRow]:
    """The carry-over report, replaced texts grouped by what was replaced (one row for
    "คลองสาน → บางรัก" in 24 cells, not 24 rows) and each row's cells by sheet, in ranges."""
    if report is None:
        return []
    groups: dict[tuple[object, ...], list[Line]] = {}
    for line in report.lines:
        key: tuple[object, ...] = (line.kind, line.th, line.en)
        if line.kind == "replaced":
            key = (line.kind, tuple(sorted(line.changes)))
        groups.setdefault(key, []).append(line)
    rows = []
    for lines in groups.values():
        first = lines[0]
        cells = [c for line in lines for c in line.cells]
        changes: Counter[tuple[str, str]] = Counter()
        for line in lines:
            changes.update(line.changes)
        rows.append(CarriedRow(
            first.kind, cell_ranges(cells), len(cells),
            [(old, new, n) for (old, new), n in changes.most_common()],
            Message(first.th, first.en) if first.th or first.en else None))
    order = {"replaced": 0, "cleared": 1, "kept": 2}
    return sorted(rows, key=lambda r: order.get(r.kind, 3))


def cell_ranges(cells: Iterable[tuple[str, str]]) -> list[str]:
    """Cells by sheet, neighbours in a column as a range: ["วิเคราะห์!B5–B14", "คำสั่ง!C7,
    C9"], sheets in the order they first come."""
    by_sheet: dict[str, list[tuple[str, int]]] = {}
    for sheet, ref in cells:
        match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if match:
            by_sheet.setdefault(sheet, []).append((match[1], int(match[2])))
    out = []
    for sheet, refs in by_sheet.items():
        parts: list[str] = []
        run: list[tuple[str, int]] = []
        for col, row in sorted(set(refs)):
            if run and (col != run[-1][0] or row != run[-1][1] + 1):
                parts.append(_run(run))
                run = []
            run.append((col, row))
        if run:
            parts.append(_run(run))
        out.append(f"{sheet}!{', '.join(parts)}")
    return out


def _run(run: list[tuple[str, int]]) -> str:
    (col, first), (_, last) = run[0], run[-1]
    return f"{col}{first}" if first == last else f"{col}{first}–{col}{last}"


# --------------------------------------------------------------------------- many workbooks


def headline(outcomes: Iterable[Outcome]) -> Message:
    """"4 built, 1 failed": how many workbooks ended in each status, in the library's words."""
    counts = Counter(o.status for o in outcomes)
    found = [(status, counts[status]) for status in Status if counts[status]]
    return Message(", ".join(f"{status.message.th} {n}" for status, n in found),
                   ", ".join(f"{n} {status.message.en}" for status, n in found))


@dataclass(frozen=True)
class SummaryTable:
    """One table of the central summary as the page shows it, headed in Thai and English."""

    title: Message
    headers: list[Message]
    rows: list[list[tuple[str, bool]]]  # (text, is a number)
    notes: list[Message] = field(default_factory=list)


def table(t: Table) -> SummaryTable:
    """A summary table for the page: the summary workbook's columns and values, with the
    library's English beside the Thai headers and title."""
    rows = [[(cell(v), isinstance(v, (int, float, Decimal)) and not isinstance(v, bool))
             for v in row] for row in t.frame.itertuples(index=False)]
    return SummaryTable(t.title_words, t.headers, rows, [n.on_page() for n in t.notes])
