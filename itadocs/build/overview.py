"""The central office's tables of a fiscal year: the district groups, the targets against
the results, the survey replies against the minimum, what each district has made, and the
calendar with what is due next and who is late.

They sit beside the summary's other tables (``summary.py``) and are written the same way.
``today`` is a parameter everywhere (the build's day by default), so a test names its day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from itadocs.build import tables as w
from itadocs.build.central import (
    DATE_STATUSES,
    STATUSES,
    CentralYear,
    Due,
    Target,
    central_year,
    groups,
)
from itadocs.build.made import MADE_WORDS, Made, has, made
from itadocs.build.tables import Table
from itadocs.messages import Message
from itadocs.thai import round2, thai_short_date

if TYPE_CHECKING:
    from itadocs.build.report import Outcome

AA = Decimal("95.00")
ALL_GROUPS = Message("ทุกกลุ่ม", "All groups")


def _exact_mean(values: Iterable[Any]) -> Decimal | None:
    items = [v for v in values if isinstance(v, Decimal)]
    return sum(items, Decimal(0)) / len(items) if items else None


def _mean(values: Iterable[Any]) -> Decimal | None:
    exact = _exact_mean(values)
    return round2(exact) if exact is not None else None


def _indicator_columns(frame: pd.DataFrame) -> list[str]:
    return sorted((c for c in frame.columns if c.startswith("ind:")), key=lambda c: int(c[4:]))


def _passing(frame: pd.DataFrame) -> pd.Series:
    return frame["total"] >= frame["pass_mark"]


# --------------------------------------------------------------------------- groups


def _group_row(name: str, size: int, part: pd.DataFrame) -> dict[str, Any]:
    row: dict[str, Any] = {w.GROUP: name, w.IN_GROUP: size, w.SCORED: len(part)}
    if not len(part):
        return {**row, w.MEAN: None, w.LOW: None, w.LOW_WHO: "", w.PASSING: 0, w.AT_95: 0,
                w.WEAKEST: "", w.WEAKEST_MEAN: None}
    low = part["total"].min()
    # compared unrounded (80.005 is below 80.01, though both show as 80.01), shown rounded
    exact = [(_exact_mean(part[c]), int(c[4:])) for c in _indicator_columns(part)]
    means = [(m, n) for m, n in exact if m is not None]
    weakest = min(means) if means else None
    names: dict[int, str] = part["names"].iloc[0]
    return {**row, w.MEAN: _mean(part["total"]), w.LOW: low,
            w.LOW_WHO: ", ".join(sorted(part.loc[part["total"] == low, "district"])),
            w.PASSING: int(_passing(part).sum()), w.AT_95: int((part["total"] >= AA).sum()),
            w.WEAKEST: f"{weakest[1]}. {names.get(weakest[1], '')}" if weakest else "",
            w.WEAKEST_MEAN: round2(weakest[0]) if weakest else None}


def groups_table(year: int, scores: pd.DataFrame) -> Table:
    """A row per group (and one for all): districts, mean, lowest, passing, at or above
    95.00, and the indicator with the lowest mean."""
    found = groups()
    rows = [_group_row(g, len(found.districts(g)), scores[scores["group"] == g])
            for g in found.order]
    rows.append(_group_row(ALL_GROUPS.th, len(found.members), scores))
    notes = [Message(
        "กลุ่มเขตตามไฟล์ itadocs/data/groups.toml ซึ่งยังไม่ได้ยืนยันกับเอกสารทางการของกรุงเทพมหานคร "
        f"(ยืนยันรายเขตแล้วเฉพาะกลุ่มกรุงเทพตะวันออก; เขตที่แหล่งข้อมูลยังขัดกัน: "
        f"{', '.join(found.disputed)})",
        "Groups as in itadocs/data/groups.toml, not yet confirmed against an official BMA "
        "document (only กรุงเทพตะวันออก is confirmed member by member; disputed: "
        f"{', '.join(found.disputed)})",
        web=Message(
            "กลุ่มเขตตามข้อมูลของ itadocs ซึ่งยังไม่ได้ยืนยันกับเอกสารทางการของกรุงเทพมหานคร "
            f"(ยืนยันรายเขตแล้วเฉพาะกลุ่มกรุงเทพตะวันออก; เขตที่แหล่งข้อมูลยังขัดกัน: "
            f"{', '.join(found.disputed)}) ผู้ดูแลระบบ itadocs ปรับได้เมื่อได้รายชื่อทางการ",
            "Groups as itadocs holds them, not yet confirmed against an official BMA document "
            "(only กรุงเทพตะวันออก is confirmed member by member; disputed: "
            f"{', '.join(found.disputed)}); whoever runs itadocs can correct them from an "
            "official list"))]
    return Table("groups", year, pd.DataFrame(rows), lowest=[w.MEAN, w.LOW],
                 chart=(w.GROUP, w.MEAN), notes=notes)


# --------------------------------------------------------------------------- targets


def _meets(target: Target, row: pd.Series, levels: tuple[str, ...]) -> bool | None:
    if target.total_at_least is not None:
        return bool(row["total"] >= target.total_at_least)
    if target.level_at_least not in levels or row["level"] not in levels:
        return None
    return levels.index(row["level"]) <= levels.index(target.level_at_least)


def _short_of(target: Target, row: pd.Series) -> str:
    if target.total_at_least is not None:
        gap = target.total_at_least - row["total"]
        return f"{row['district']} {row['total']:.2f} (ขาด {gap:.2f})"
    return f"{row['district']} ({row['level']})"


def _target_row(target: Target, scores: pd.DataFrame, everyone: int) -> dict[str, Any]:
    levels: tuple[str, ...] = tuple(scores["levels"].iloc[0]) if len(scores) else ()
    ranked = scores.sort_values(["total", "district"], ascending=[False, True])
    verdicts = [(_meets(target, row, levels), row) for _, row in ranked.iterrows()]
    reached = sum(1 for ok, _ in verdicts if ok)
    short = [_short_of(target, row) for ok, row in verdicts if ok is False]
    wanted = everyone if target.districts is None else target.districts
    absent = everyone - len(scores)
    if target.level_at_least and target.level_at_least not in levels:
        met = f"เกณฑ์ปีนี้ไม่มีระดับ {target.level_at_least}"
    elif reached >= wanted:
        met = "ถึงเป้าหมาย"
    else:
        met = f"ยังไม่ถึง (ขาด {wanted - reached} เขต)"
    if absent and target.districts is None:
        short.append(f"ไม่มีคะแนนในชุดนี้ {absent} เขต")
    basis = "; ".join(t for t in (target.source, target.note) if t)
    return {w.TARGET: target.words.th, w.SURE: STATUSES[target.status].th,
            w.WANTED: f"ทุกเขต ({everyone})" if target.districts is None else wanted,
            w.REACHED: reached, w.MET: met, w.SHORT: ", ".join(short), w.BASIS: basis}


def targets_table(year: int, scores: pd.DataFrame) -> Table:
    """Each target for the assessment whose results the year's workbooks hold (year - 1),
    the districts reaching it and those short of it."""
    assessed = year - 1
    found = central_year(assessed)
    everyone = len(groups().members)
    if found is None or not found.targets:
        frame = pd.DataFrame([{w.TARGET: f"ยังไม่มีเป้าหมายของการประเมินปี {assessed} "
                                         f"(itadocs/data/central/{assessed}.toml)"}])
        return Table("targets", year, frame)
    frame = pd.DataFrame([_target_row(t, scores, everyone) for t in found.targets])
    at_95 = int((scores["total"] >= AA).sum())
    top = scores["levels"].iloc[0][0] if len(scores) else ""
    at_top = int((scores["level"] == top).sum()) if top else 0
    notes = [Message(
        f"คะแนนรวม 95.00 ขึ้นไป (ช่วงคะแนนระดับผ่านดีเยี่ยม หรือ AA ตามตัวชี้วัดของกรุงเทพมหานคร) "
        f"{at_95} เขต; ได้ระดับ{top} (ซึ่งต้องได้ทุกเครื่องมือ 95 ขึ้นไปด้วย) {at_top} เขต",
        f"{at_95} district(s) at 95.00 or more in total (the ผ่านดีเยี่ยม band, AA in BMA's "
        f"KPI); {at_top} at the level {top} (which also needs every tool at 95 or more)"),
        Message(f"เป้าหมายจากไฟล์ {found.file}", f"Targets from {found.file}",
                web=Message("เป้าหมายตามข้อมูลของ itadocs ที่ผู้ดูแลระบบกำหนด",
                            "Targets as whoever runs itadocs set them"))]
    return Table("targets", year, frame, notes=notes)


# --------------------------------------------------------------------------- survey

SURVEY_KEYS = ("iit_replies", "iit_minimum", "eit_replies", "eit_minimum")


def _enough(replies: int | None, minimum: int | None) -> str:
    if replies is None or minimum is None:
        return ""
    return "ครบ" if replies >= minimum else f"ขาด {minimum - replies}"


def survey_table(year: int, outcomes: list[Outcome]) -> Table | None:
    """Each district's IIT and EIT replies against the minimum sample, when any district
    of the year typed them; those below the minimum are marked."""
    rows: list[dict[str, Any]] = []
    marked: set[tuple[int, str]] = set()
    # a failed workbook's figures may be what failed (a count below zero, a minimum of 0),
    # and of two workbooks of one district neither is the district's: none is shown
    typed = {o.district for o in outcomes if _failed(o) and o.survey}
    failed = [o.district for o in _districts(outcomes) if _failed(o) and o.district in typed]
    for o in _districts(outcomes):
        s = {} if _failed(o) else o.survey
        row: dict[str, Any] = {w.DISTRICT: o.district, w.GROUP: groups().of(o.district),
               w.IIT_REPLIES: s.get("iit_replies"), w.IIT_MINIMUM: s.get("iit_minimum"),
               w.IIT_SHORT: _enough(s.get("iit_replies"), s.get("iit_minimum")),
               w.EIT_REPLIES: s.get("eit_replies"), w.EIT_MINIMUM: s.get("eit_minimum"),
               w.EIT_SHORT: _enough(s.get("eit_replies"), s.get("eit_minimum"))}
        for column in (w.IIT_SHORT, w.EIT_SHORT):
            if row[column].startswith("ขาด"):
                marked.add((len(rows), column))
        rows.append(row)
    if not any(o.survey for o in outcomes if o.district in groups().members):
        return None
    below = {tool: [r[w.DISTRICT] for r in rows if r[col].startswith("ขาด")]
             for tool, col in (("IIT", w.IIT_SHORT), ("EIT", w.EIT_SHORT))}
    notes = [Message(
        "ต่ำกว่าจำนวนขั้นต่ำ: " + "; ".join(f"{t} {len(d)} เขต ({', '.join(d) or '-'})"
                                           for t, d in below.items()),
        "Below the minimum: " + "; ".join(f"{t} {len(d)} district(s)" for t, d in below.items()))]
    if failed:
        from itadocs.reading import schema

        english = ", ".join(schema.lists().district_en(d) for d in failed)
        notes.append(Message(
            f"ไม่แสดงตัวเลขแบบวัดของสมุดงานที่สร้างเอกสารไม่สำเร็จ (ดูแผ่นงานสถานะ): {', '.join(failed)}",
            f"The survey figures of workbooks that failed are not shown (see the status "
            f"sheet): {english}"))
    return Table("survey", year, pd.DataFrame(rows, dtype=object), notes=notes, marked=marked)


# --------------------------------------------------------------------------- documents


def _failed(outcome: Outcome) -> bool:
    from itadocs.build.report import Status

    return outcome.status is Status.FAILED


def _districts(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """One outcome per district of the year (the one that got through, if any), in the
    groups' order then by name. A name that is not one of the districts (a failed
    workbook's typo) is left to the status table: it is no district to count."""
    found = groups()
    seen: dict[str, Outcome] = {}
    for o in outcomes:
        if o.district in found.members and (o.district not in seen
                                             or _failed(seen[o.district])):
            seen[o.district] = o
    rank = {g: i for i, g in enumerate(found.order)}
    return sorted(seen.values(),
                  key=lambda o: (rank.get(found.of(o.district), len(rank)), o.district))


def _made_of(outdir: Path, outcome: Outcome, year: int) -> list[Made]:
    from itadocs.reading import schema

    return made(outdir, schema.lists().district_en(outcome.district), year)


def _late(calendar: Iterable[Due], documents: list[Made], today: dt.date) -> list[Due]:
    """The items whose date has passed and whose document the district does not have."""
    return [d for d in calendar if d.document and d.due is not None and d.due < today
            and not has(documents, d.document)]


def late_words(item: Due) -> str:
    return (f"{MADE_WORDS[item.document].th} (ล่าช้า)" if item.confirmed
            else f"{MADE_WORDS[item.document].th} (เลยวันที่ประมาณการ ซึ่งยังไม่ยืนยัน)")


def documents_table(year: int, outcomes: list[Outcome], outdir: Path, today: dt.date
                    ) -> Table:
    """Each district's documents of the year with the day each was written, and what is
    past its date without the document."""
    calendar = central_year(year)
    rows: list[dict[str, Any]] = []
    marked: set[tuple[int, str]] = set()
    for o in _districts(outcomes):
        documents = _made_of(outdir, o, year)
        late = _late(calendar.calendar if calendar else (), documents, today)
        row: dict[str, Any] = {w.DISTRICT: o.district, w.GROUP: groups().of(o.district)}
        row.update({m.words.th: thai_short_date(m.date) if m.date else "" for m in documents})
        row[w.LATE] = ", ".join(late_words(d) for d in late)
        if late:
            marked.add((len(rows), w.LATE))
        rows.append(row)
    notes = [Message(f"ณ วันที่ {thai_short_date(today)}", f"As of {today:%d %B %Y}")]
    if calendar is None:
        notes.append(no_calendar(year))
    return Table("documents", year, pd.DataFrame(rows), notes=notes, marked=marked)


# --------------------------------------------------------------------------- calendar


def no_calendar(year: int) -> Message:
    """That itadocs has no calendar for the year: the file to add in the terminal's words,
    who can add it on the page (a central office's clerk does not edit itadocs' files)."""
    return Message(f"ยังไม่มีกำหนดการของปีงบประมาณ {year} (itadocs/data/central/{year}.toml)",
                   f"No calendar for fiscal year {year} (itadocs/data/central/{year}.toml)",
                   web=Message(f"itadocs ยังไม่มีกำหนดการของปีงบประมาณ {year}: "
                               "ผู้ดูแลระบบ itadocs เพิ่มได้เมื่อทราบกำหนดการของปี",
                               f"itadocs has no calendar for fiscal year {year} yet: whoever "
                               "runs itadocs can add it once the year's dates are known"))


def due_next(year: CentralYear | None, today: dt.date) -> list[Due]:
    """The items of the first date of the calendar that is today or later."""
    dates = sorted(d.due for d in (year.calendar if year else ()) if d.due and d.due >= today)
    return [d for d in year.calendar if d.due == dates[0]] if year and dates else []


def due_next_words(fiscal_year: int, today: dt.date) -> Message:
    """What is due next, with how sure its date is, or that nothing is (or no calendar)."""
    year = central_year(fiscal_year)
    if year is None:
        return no_calendar(fiscal_year)
    items = due_next(year, today)
    if not items or items[0].due is None:
        return Message(f"ไม่มีรายการที่ยังไม่ถึงกำหนดในปีงบประมาณ {fiscal_year}",
                       f"Nothing left to fall due in fiscal year {fiscal_year}")
    due = items[0].due
    days = (due - today).days
    sure = DATE_STATUSES["confirmed" if all(i.confirmed for i in items) else "unconfirmed"]
    return Message(
        f"ถัดไป ปีงบประมาณ {fiscal_year}: {' และ '.join(i.words.th for i in items)} "
        f"กำหนด {thai_short_date(due)} (อีก {days} วัน; วันที่{sure.th})",
        f"Next, fiscal year {fiscal_year}: {' and '.join(i.words.en for i in items)}, due "
        f"{due:%d %B %Y} (in {days} day(s); the date is {sure.en})")


def _when(item: Due, following: list[Due], today: dt.date) -> str:
    if item.due is None:
        return "ยังไม่ทราบกำหนด"
    if item in following:
        return "ถัดไป"
    return "ผ่านมาแล้ว" if item.due < today else "ยังไม่ถึง"


def calendar_table(year: int, outcomes: list[Outcome], outdir: Path | None, today: dt.date
                   ) -> Table | None:
    """The year's calendar: each item's date and how sure it is, where it stands today,
    and for a district's document who has it and who does not."""
    found = central_year(year)
    if found is None:
        return None
    districts = _districts(outcomes)
    documents = ({o.district: _made_of(outdir, o, year) for o in districts}
                 if outdir is not None else {})
    following = due_next(found, today)
    rows: list[dict[str, Any]] = []
    marked: set[tuple[int, str]] = set()
    for item in found.calendar:
        row: dict[str, Any] = {
            w.DUE: thai_short_date(item.due) if item.due else "ยังไม่ทราบ", w.ITEM: item.words.th,
            w.SURE: DATE_STATUSES[item.status].th, w.WHEN: _when(item, following, today),
            w.HAVE: "", w.MISSING: "",
            w.BASIS: "; ".join(t for t in (item.source, item.note) if t)}
        if item.document and documents:
            without = [d for d, docs in documents.items() if not has(docs, item.document)]
            row[w.HAVE] = f"{len(documents) - len(without)} / {len(documents)}"
            row[w.MISSING] = ", ".join(without)
            if without and item.due is not None and item.due < today:
                marked.add((len(rows), w.MISSING))
        rows.append(row)
    unsure_th = "วันที่ที่ยังไม่ยืนยันเป็นการประมาณการ ไม่ใช่กำหนดที่ ป.ป.ช. หรือกรุงเทพมหานครประกาศ"
    unsure_en = "an unconfirmed date is an estimate, not a date NACC or BMA published"
    notes = [due_next_words(year, today), Message(
        f"ณ วันที่ {thai_short_date(today)}; กำหนดการจากไฟล์ {found.file} {unsure_th}",
        f"As of {today:%d %B %Y}; the calendar of {found.file}: {unsure_en}",
        web=Message(f"ณ วันที่ {thai_short_date(today)}; กำหนดการตามข้อมูลของ itadocs {unsure_th}",
                    f"As of {today:%d %B %Y}; the calendar as itadocs holds it: {unsure_en}"))]
    return Table("calendar", year, pd.DataFrame(rows), notes=notes, marked=marked)
