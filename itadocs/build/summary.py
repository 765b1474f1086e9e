"""The central summary of a folder build: the districts' results per fiscal year.

Tables are made with pandas, one set per fiscal year (districts of different years are
never ranked together): the ranking with each district's group and the change from the
previous year, the groups and the year's targets (``overview.py``), the number of districts
per level, mean / lowest / highest per tool and per indicator, each district's three
weakest indicators, then the survey replies, what each district has made in the output
folder and the year's calendar (``overview.py``); plus the status of every workbook. They
are written to ``ita-summary.xlsx`` (a sheet per table, Thai headers, numbers as numbers,
the lowest values and what to look at highlighted, notes under a table, bar charts) and to
CSV files with Thai headers. Scores stay ``Decimal`` throughout and are rounded half up
once, for display; the tables' words are in ``tables.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from itadocs.build import overview
from itadocs.build.central import groups
from itadocs.build.tables import (
    CHANGE,
    COUNT,
    DISTRICT,
    FILE,
    GROUP,
    GROUP_RANK,
    HIGH,
    LEVEL,
    LOW,
    LOW_WHO,
    MEAN,
    PREVIOUS,
    RANK,
    SOURCE,
    TOTAL,
    YEAR,
    Table,
)
from itadocs.cleantext import file_label
from itadocs.thai import round2

__all__ = ["SUMMARY_XLSX", "Table", "summary_tables", "write_summary", "write_workbook"]

if TYPE_CHECKING:
    from itadocs.build.report import Outcome

SUMMARY_XLSX = "ita-summary.xlsx"
CSV_NAMES = {
    "ranking": "ita-summary.csv",
    "groups": "ita-summary-groups.csv",
    "targets": "ita-summary-targets.csv",
    "levels": "ita-summary-levels.csv",
    "tools": "ita-summary-tools.csv",
    "indicators": "ita-summary-indicators.csv",
    "weakest": "ita-summary-weakest.csv",
    "survey": "ita-summary-survey.csv",
    "documents": "ita-summary-documents.csv",
    "calendar": "ita-summary-calendar.csv",
    "status": "ita-summary-status.csv",
}


def _scores(outcomes: Iterable[Outcome]) -> pd.DataFrame:
    """One row per district-year with a valid total (Decimal scores)."""
    rows = []
    for o in outcomes:
        if not (o.total and o.district and o.fiscal_year):
            continue
        rows.append({
            "file": file_label(o.path), "district": o.district, "year": o.fiscal_year,
            "group": groups().of(o.district), "pass_mark": Decimal(o.pass_mark or "85.00"),
            "total": Decimal(o.total), "level": o.level, "levels": o.levels,
            "previous_total": Decimal(o.previous_total) if o.previous_total else None,
            **{f"tool:{k}": Decimal(v) for k, v in o.tools.items()},
            **{f"ind:{n}": Decimal(v) for n, v in o.indicators.items()},
            "names": o.indicator_names,
        })
    return pd.DataFrame(rows)


def _mean(values: pd.Series) -> Decimal:
    items = [v for v in values if v is not None and not pd.isna(v)]
    return round2(sum(items, Decimal(0)) / len(items)) if items else None  # type: ignore[return-value]


def _columns(frame: pd.DataFrame, prefix: str) -> list[str]:
    found = [c for c in frame.columns if c.startswith(prefix)]
    if prefix == "ind:":
        return sorted(found, key=lambda c: int(c[4:]))
    return found


def ranking(year: int, group: pd.DataFrame, everything: pd.DataFrame) -> Table:
    """Districts by total, best first; ties share a rank; change from the previous year
    (the previous year's workbook in the same build, else the workbook's own column)."""
    g = group.sort_values(["total", "district"], ascending=[False, True]).copy()
    g["rank"] = g["total"].rank(method="min", ascending=False).astype(int)
    g["group_rank"] = g.groupby("group")["total"].rank(method="min", ascending=False).astype(int)
    before = everything[everything["year"] == year - 1].set_index("district")["total"]
    previous, source = [], []
    for _, row in g.iterrows():
        if row["district"] in before.index:
            previous.append(before[row["district"]])
            source.append(f"สมุดงานปี {year - 1}")
        elif row["previous_total"] is not None and not pd.isna(row["previous_total"]):
            previous.append(row["previous_total"])
            source.append("คอลัมน์ปีก่อนในสมุดงาน")
        else:
            previous.append(None)
            source.append("")
    tools = _columns(g, "tool:")
    frame = pd.DataFrame({
        RANK: g["rank"].tolist(), DISTRICT: g["district"].tolist(), GROUP: g["group"].tolist(),
        GROUP_RANK: g["group_rank"].tolist(),
        **{c[5:]: g[c].tolist() for c in tools},
        TOTAL: g["total"].tolist(), LEVEL: g["level"].tolist(),
        PREVIOUS: previous,
        CHANGE: [t - p if p is not None else None for t, p in zip(g["total"], previous,
                                                                     strict=True)],
        SOURCE: source, FILE: g["file"].tolist(),
    })
    return Table("ranking", year, frame, lowest=[*(c[5:] for c in tools), TOTAL, CHANGE],
                 chart=(DISTRICT, TOTAL))


def levels(year: int, group: pd.DataFrame) -> Table:
    names: list[str] = list(group["levels"].iloc[0]) if len(group) else []
    counts = group["level"].value_counts()
    names += [n for n in counts.index if n not in names]
    frame = pd.DataFrame({LEVEL: names, COUNT: [int(counts.get(n, 0)) for n in names]})
    return Table("levels", year, frame)


def _spread(group: pd.DataFrame, column: str) -> dict[str, Any]:
    values = group[column].dropna()
    low = values.min()
    who = group.loc[values[values == low].index, "district"]
    return {MEAN: _mean(values), LOW: low, HIGH: values.max(),
            LOW_WHO: ", ".join(sorted(who)), COUNT: len(values)}


def tools_table(year: int, group: pd.DataFrame) -> Table:
    rows = [{"เครื่องมือ": c[5:], **_spread(group, c)} for c in _columns(group, "tool:")]
    rows.append({"เครื่องมือ": "ITA (คะแนนรวม)", **_spread(group, "total")})
    return Table("tools", year, pd.DataFrame(rows), lowest=[MEAN, LOW])


def indicators_table(year: int, group: pd.DataFrame) -> Table:
    names: dict[int, str] = group["names"].iloc[0]
    rows = [{"ตัวชี้วัด": int(c[4:]), "ชื่อตัวชี้วัด": names.get(int(c[4:]), ""),
             **_spread(group, c)} for c in _columns(group, "ind:")]
    return Table("indicators", year, pd.DataFrame(rows), lowest=[MEAN, LOW])


def weakest(year: int, group: pd.DataFrame) -> Table:
    rows = []
    for _, row in group.sort_values("district").iterrows():
        scores = sorted((row[c], int(c[4:])) for c in _columns(group, "ind:")
                         if row[c] is not None and not pd.isna(row[c]))
        entry: dict[str, Any] = {DISTRICT: row["district"]}
        for k, (score, number) in enumerate(scores[:3], start=1):
            entry[f"ตัวชี้วัดที่อ่อน {k}"] = f"{number}. {row['names'].get(number, '')}"
            entry[f"คะแนน {k}"] = score
        rows.append(entry)
    return Table("weakest", year, pd.DataFrame(rows))


def _main_error(outcome: Outcome) -> str:
    """What stopped the workbook: the build's failure, or else the workbook's first error
    with its sheet!cell (the rest are in its check report)."""
    if outcome.error:
        return outcome.error.message_th
    first = next(iter(outcome.errors), None)
    if first is None:
        return ""
    where = f"[{first.where()}] " if first.where() else ""
    more = len(outcome.errors) - 1
    return f"{where}{first.message_th}" + (f" (และอีก {more} รายการ)" if more else "")


def status(outcomes: Iterable[Outcome]) -> Table:
    rows = [{
        FILE: file_label(o.path), DISTRICT: o.district, YEAR: o.fiscal_year,
        "สถานะ": o.status.message.th, "status": str(o.status),
        TOTAL: Decimal(o.total) if o.total else None, LEVEL: o.level,
        "คำเตือน": len(o.warnings),
        "ข้อผิดพลาด": o.error_count,
        "ข้อผิดพลาดหลัก": _main_error(o),
        "หมายเหตุ": o.note.th if o.note else "",
    } for o in outcomes]
    return Table("status", None, pd.DataFrame(rows))


def summary_years(outcomes: list[Outcome]) -> set[int]:
    """The fiscal years that get tables: a year some workbook got through, or one itadocs
    has a calendar for. A year named only by failed workbooks (a mistyped 2590) gets none:
    their failure is in the status table, and a section of its own would present the typo
    as a year of the build."""
    from itadocs.build.central import central_year
    from itadocs.build.report import Status

    named = {o.fiscal_year for o in outcomes if o.fiscal_year and o.district}
    through = {o.fiscal_year for o in outcomes if o.status is not Status.FAILED}
    return {y for y in named if y in through or central_year(y) is not None}


def summary_tables(outcomes: list[Outcome], outdir: Path | None = None,
                   today: dt.date | None = None) -> list[Table]:
    """Every table of the summary: for each fiscal year, newest first, then the status.

    With ``outdir`` (the output folder) each year also lists what each district has made
    there, and which districts are past a date of the year's calendar without the
    document; ``today`` is that day (the machine's date by default)."""
    today = today or dt.date.today()
    scores = _scores(outcomes)
    years = summary_years(outcomes)
    tables: list[Table] = []
    makers: list[Callable[[int, pd.DataFrame], Table]] = [
        overview.groups_table, overview.targets_table, levels, tools_table, indicators_table,
        weakest]
    for year in sorted(years, reverse=True):
        group = scores[scores["year"] == year] if len(scores) else scores
        mine = [o for o in outcomes if o.fiscal_year == year and o.district]
        if len(group):
            tables.append(ranking(int(year), group, scores))
            tables += [make(int(year), group) for make in makers]
        extra = [overview.survey_table(year, mine),
                 overview.documents_table(year, mine, outdir, today) if outdir else None,
                 overview.calendar_table(year, mine, outdir, today)]
        tables += [t for t in extra if t is not None]
    tables.append(status(outcomes))
    return tables


# --------------------------------------------------------------------------- writing


def write_summary(outcomes: list[Outcome], outdir: Path, today: dt.date | None = None
                  ) -> list[Path]:
    """``ita-summary.xlsx`` and one CSV per table (Thai headers); returns the paths.

    Nothing is written when the output folder is gone (nothing was built, and an output
    folder made for the run is not left behind with only a summary in it). The files land
    together (``files.write_together``): a full disk or a file that cannot be replaced leaves
    the earlier summary whole, never a new workbook beside old CSV files. The CSV file
    of a table this summary does not have, left by an earlier build, is removed.
    """
    from itadocs.files import csv_bytes, write_together

    if not outdir.is_dir():
        return []
    tables = summary_tables(outcomes, outdir, today)
    contents = {outdir / SUMMARY_XLSX: workbook_bytes(tables, outdir / SUMMARY_XLSX)}
    stale = []
    for key, name in CSV_NAMES.items():
        blocks = [t for t in tables if t.key == key]
        if not blocks:
            stale.append(outdir / name)
            continue
        frames = [_with_year(t) for t in blocks]
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        rows = [[_csv_value(v) for v in row] for row in frame.itertuples(index=False)]
        contents[outdir / name] = csv_bytes(list(frame.columns), rows)
    written = write_together(contents)
    # an earlier build's table this summary does not have (no survey figures now, no
    # district with a total): its rows would be read as this build's
    for path in stale:
        path.unlink(missing_ok=True)
    return written


def _with_year(table: Table) -> pd.DataFrame:
    if table.year is None:
        return table.frame
    frame = table.frame.copy()
    frame.insert(0, YEAR, table.year)
    return frame


def _csv_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, Decimal):
        return f"{round2(value):.2f}"
    return value


def write_workbook(tables: list[Table], path: Path) -> Path:
    """The summary workbook alone (the web page's download)."""
    from itadocs.files import write_atomic

    return write_atomic(path, workbook_bytes(tables, path))


def workbook_bytes(tables: list[Table], path: Path) -> bytes:
    """The summary workbook of ``tables``, a sheet each, made in memory for ``path``."""
    from openpyxl import Workbook

    from itadocs.files import in_memory

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    for table in tables:
        _sheet(wb.create_sheet(table.sheet[:31]), table)
    return in_memory(wb.save, path)


def _sheet(ws, table: Table) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from itadocs.workbooks.cells import put

    font = Font(name="TH Sarabun New", size=14)
    bold = Font(name="TH Sarabun New", size=14, bold=True)
    low_font = Font(name="TH Sarabun New", size=14, bold=True, color="9C0006")
    low_fill = PatternFill("solid", fgColor="FFC7CE")
    head_fill = PatternFill("solid", fgColor="D9E2F3")
    thin = Side(style="thin", color="A6A6A6")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    put(ws.cell(1, 1), table.title).font = Font(name="TH Sarabun New", size=16, bold=True)
    columns = list(table.frame.columns)
    widths = [max(8, min(40, max((len(str(v)) for v in [c, *table.frame[c]]), default=8) + 2))
              for c in columns]
    for col, name in enumerate(columns, start=1):
        cell = put(ws.cell(2, col), name)
        cell.font, cell.fill, cell.border = bold, head_fill, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lows = {c: _lowest(table.frame[c]) for c in table.lowest if c in columns}
    for r, row in enumerate(table.frame.itertuples(index=False), start=3):
        lines = 1
        for col, (name, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = ws.cell(r, col)
            cell.font, cell.border = font, box
            if (r - 3, name) in table.marked:
                cell.fill, cell.font = low_fill, low_font
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, Decimal):
                put(cell, float(round2(value)))
                cell.number_format = "0.00"
                cell.alignment = Alignment(vertical="top")
                if name in lows and value == lows[name]:
                    cell.fill, cell.font = low_fill, low_font
            elif not isinstance(value, str):
                put(cell, value.item() if hasattr(value, "item") else value)
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:  # a long text wraps inside its column
                put(cell, value)
                wrap = len(value) > widths[col - 1]
                cell.alignment = Alignment(wrap_text=wrap, vertical="top")
                lines = max(lines, len(value) * 5 // (widths[col - 1] * 4) + 1 if wrap else 1)
        ws.row_dimensions[r].height = 21 * lines
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[2].height = 36
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    below = _notes(ws, table, sum(widths), len(table.frame) + 4, font)
    if table.chart and len(table.frame):
        _bar_chart(ws, table, columns, below + 1)


def _notes(ws, table: Table, width: int, row: int, font) -> int:
    """The table's notes under it, each across the table's width and wrapped, so it prints
    with the table; returns the row after them."""
    from openpyxl.styles import Alignment

    from itadocs.workbooks.cells import put

    columns = len(table.frame.columns)
    for note in table.notes:
        text = f"{note.th} / {note.en}"
        cell = put(ws.cell(row, 1), text)
        cell.font, cell.alignment = font, Alignment(wrap_text=True, vertical="top")
        if columns > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        ws.row_dimensions[row].height = 21 * (len(text) // max(1, width) + 1)
        row += 1
    return row


def _lowest(values: pd.Series) -> Decimal | None:
    numbers = [v for v in values if isinstance(v, Decimal)]
    return min(numbers) if numbers else None


def _bar_chart(ws, table: Table, columns: list[str], at_row: int) -> None:
    """Totals as horizontal bars, best on top, below the ranking."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    category, value = table.chart  # type: ignore[misc]
    rows = len(table.frame)
    if not any(isinstance(v, Decimal) for v in table.frame[value]):
        return  # nothing to draw (a year's groups without a total)
    values = Reference(ws, min_col=columns.index(value) + 1, min_row=2, max_row=rows + 2)
    labels = Reference(ws, min_col=columns.index(category) + 1, min_row=3, max_row=rows + 2)
    chart = BarChart()
    chart.type = "bar"
    chart.title = (f"คะแนนรวม ITA ปีงบประมาณ {table.year}" if table.key == "ranking" else
                   f"ค่าเฉลี่ยคะแนนรวม ITA รายกลุ่มเขต ปีงบประมาณ {table.year}")
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    chart.legend = None
    numbers = [v for v in table.frame[value] if isinstance(v, Decimal)]
    chart.y_axis.scaling.min = float(max(0, int(min(numbers)) // 5 * 5 - 5))
    chart.y_axis.scaling.max = 100.0
    chart.y_axis.majorGridlines = None
    chart.y_axis.number_format = "0"
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 on top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.gapWidth = 40
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(chart.dataLabels, flag, False)
    chart.dataLabels.numFmt = "0.00"
    chart.width = 20
    chart.height = max(7.5, 0.55 * rows + 2.5)
    ws.add_chart(chart, f"B{at_row}")
