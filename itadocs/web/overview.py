"""The central office's page arranged from what the library returned: the summary's tables of
each fiscal year (``build.summary.summary_tables``, with what each district has made and the
calendar), what is due next (``build.overview.due_next_words``) and a bar chart of the totals
by group, drawn as an inline SVG the page's strict policy allows (no script, no style).

Only the chart's geometry is the page's own: its numbers and words are the library's tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from itadocs.build.tables import DISTRICT, GROUP, LOW, MEAN, TOTAL
from itadocs.messages import Message
from itadocs.thai import fmt2
from itadocs.web.present import SummaryTable, table

if TYPE_CHECKING:
    from itadocs.build.report import Outcome
    from itadocs.build.tables import Table

WIDTH = 400  # the chart's own units: about a phone's width, so its text stays legible
LABEL, BAR, GAP = 20, 14, 10  # a group's row: its name above, then its bar


@dataclass(frozen=True)
class Bar:
    """One group in the chart: its mean as a bar, its lowest and highest total as a line."""

    label: Message
    y: int
    width: float  # the mean's bar
    low: float
    high: float
    dots: list[tuple[float, str]]  # each district's total: (x, "district 92.84")
    mean: str
    count: int


@dataclass(frozen=True)
class Chart:
    """The totals of one fiscal year by group."""

    year: int
    bars: list[Bar]
    height: int
    floor: int  # the score at the chart's left edge
    lines: list[tuple[float, str]]  # (x, label) of the pass mark and the 95.00 line
    summary: Message  # what the chart shows, for a reader that does not see it


@dataclass
class Year:
    """One fiscal year of the page: what is due next, the chart and the tables."""

    year: int
    due: Message
    chart: Chart | None
    tables: list[SummaryTable] = field(default_factory=list)


def _x(score: Decimal, floor: int) -> float:
    return round(float((score - floor) / (100 - floor)) * WIDTH, 1)


def chart(year: int, groups: Table, ranking: Table | None) -> Chart | None:
    """The year's group table as bars (mean; lowest to highest; each district a dot)."""
    from itadocs.build.central import groups as all_groups

    found = all_groups()
    rows = [r for r in groups.frame.to_dict("records")
            if r[GROUP] in found.order and isinstance(r[MEAN], Decimal)]
    if not rows:
        return None
    floor = max(0, min(int(r[LOW]) for r in rows) // 5 * 5 - 5)
    districts = ranking.frame.to_dict("records") if ranking is not None else []
    bars = []
    for i, r in enumerate(rows):
        dots = [(_x(d[TOTAL], floor), f"{d[DISTRICT]} {fmt2(d[TOTAL])}") for d in districts
                if d[GROUP] == r[GROUP]]
        top = max((d[TOTAL] for d in districts if d[GROUP] == r[GROUP]), default=r[LOW])
        bars.append(Bar(found.label(r[GROUP]), i * (LABEL + BAR + GAP), _x(r[MEAN], floor),
                        _x(r[LOW], floor), _x(top, floor), dots,
                        fmt2(r[MEAN]), len(dots)))
    lines = [(_x(Decimal(mark), floor), words) for mark, words in
             (("85", "85 ผ่าน / pass"), ("95", "95 AA")) if int(mark) > floor]
    summary = Message(
        "ค่าเฉลี่ยคะแนนรวม ITA ของแต่ละกลุ่มเขต: " + "; ".join(
            f"{b.label.th} {b.mean} ({b.count} เขต)" for b in bars),
        "Mean ITA total of each district group: " + "; ".join(
            f"{b.label.en} {b.mean} ({b.count} district(s))" for b in bars))
    return Chart(year, bars, len(bars) * (LABEL + BAR + GAP) + 24, floor, lines, summary)


def years(outcomes: list[Outcome], outdir: Path | None, today: dt.date) -> list[Year]:
    """Each fiscal year of the build, newest first, with its tables as the page shows them
    (the status of every workbook is on the build's own page)."""
    from itadocs.build.overview import due_next_words
    from itadocs.build.summary import summary_tables

    tables = summary_tables(outcomes, outdir, today)
    found: dict[int, Year] = {}
    for t in tables:
        if t.year is None:
            continue
        due = due_next_words(t.year, today)
        year = found.setdefault(t.year, Year(t.year, due.on_page(), None))
        if t.key == "groups":
            ranking = next((r for r in tables if r.key == "ranking" and r.year == t.year), None)
            year.chart = chart(t.year, t, ranking)
        shown = table(t)
        # the year's heading already says it (no calendar): not again under a table
        shown.notes[:] = [n for n in shown.notes if n != year.due]
        year.tables.append(shown)
    return sorted(found.values(), key=lambda y: -y.year)


def due_next(today: dt.date) -> list[Message]:
    """What is due next in the fiscal year ``today`` falls in (what comes now); what each
    year of the build still owes is said at the head of the year's section."""
    from itadocs.build.overview import due_next_words
    from itadocs.thai import fiscal_year_of

    return [due_next_words(fiscal_year_of(today), today).on_page()]
