"""Checks that a workbook speaks of one district and one year (warnings).

A workbook carried from another district or an earlier year can keep a name or a year
that no longer fits, and the documents would print it: "สำนักงานเขตคลองสาน" in Bang Rak's
order, "๕ กุมภาพันธ์ ๒๕๖๘" in the 2570 measures. These checks read every free text,
position and department. Each is a small function yielding problems with a stable code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from itadocs.checking.locate import problem_at
from itadocs.checking.texts import free_texts
from itadocs.checking.textyears import year_mentions
from itadocs.cleantext import one_line
from itadocs.exceptions import Problem, Severity
from itadocs.messages import ProblemCode
from itadocs.model import WorkbookData
from itadocs.reading import districts
from itadocs.thai import digits

SIGNER_PATHS = {
    "unit.director_position": ("ตำแหน่งผู้อำนวยการเขต", "the director's position"),
    "order.signer_position": ("ตำแหน่งผู้ลงนาม", "the signer's position"),
}


def _warning(data: WorkbookData, code: ProblemCode, path: str, th: str, en: str) -> Problem:
    return problem_at(data, path, code, th, en, severity=Severity.WARNING)


def other_districts(data: WorkbookData, _fw: object = None, _folder: Path | None = None
                    ) -> Iterator[Problem]:
    """A text, position or department naming another Bangkok district."""
    return districts_named(data, free_texts(data))


def districts_named(data: WorkbookData, texts: Iterable[tuple[str, str]]
                    ) -> Iterator[Problem]:
    """Each of ``texts`` (path, text) naming a Bangkok district other than the workbook's
    (the progress report's check passes its round's texts)."""
    own = data.unit.district
    if own not in districts.names():
        return
    for path, text in texts:
        named = sorted({m.district for m in districts.others(text, own)})
        if not named:
            continue
        names = ", ".join(named)
        if path in SIGNER_PATHS:
            th, en = SIGNER_PATHS[path]
            yield _warning(
                data, ProblemCode.POSITION_DISTRICT, path,
                f"{th} '{text}' ระบุเขต{names} แต่สมุดงานนี้เป็นของเขต{own}",
                f"{en} '{text}' names {names}, but this workbook is {own}'s",
            )
        else:
            yield _warning(
                data, ProblemCode.OTHER_DISTRICT, path,
                f"ข้อความระบุเขต{names} ซึ่งไม่ใช่เขต{own} ของสมุดงานนี้ (คัดลอกมาจากเขตอื่น?)",
                f"the text names {names}, not this workbook's district {own} "
                "(copied from another district?)",
            )


def stale_years(data: WorkbookData, _fw: object = None, _folder: Path | None = None
                ) -> Iterator[Problem]:
    """A year in free text that does not fit the document's fiscal year N: a date outside
    N-1..N, another year after พ.ศ. or ปี outside N-2..N+1. Years after "ปีงบประมาณ" are
    checked by ``checks`` (text_year); a law's year, a span and a numbered document's year
    are not a document's year."""
    return years_named(data, free_texts(data))


def years_named(data: WorkbookData, texts: Iterable[tuple[str, str]]) -> Iterator[Problem]:
    """Each year in ``texts`` (path, text) that does not fit the fiscal year, as
    ``stale_years`` finds them."""
    fy = data.unit.fiscal_year
    if not fy:
        return
    thai = data.unit.digits != "arabic"
    for path, text in texts:
        for mention in year_mentions(text):
            if mention.kind == "date":
                low, high = fy - 1, fy
            elif mention.kind == "year":
                low, high = fy - 2, fy + 1
            else:
                continue
            if low <= mention.year <= high:
                continue
            shown = text[mention.start:mention.end]
            around = text[max(0, mention.start - 30):mention.end + 10].strip()
            yield _warning(
                data, ProblemCode.STALE_YEAR, path,
                f"ข้อความกล่าวถึงปี {shown} ซึ่งไม่เข้ากับเอกสารปีงบประมาณ {digits(fy, thai)} "
                f"(ปีที่ใช้ได้ {digits(low, thai)}-{digits(high, thai)}): '…{around}…'",
                f"the text mentions the year {mention.year}, which does not fit the fiscal "
                f"year {fy} document (expected {low}-{high}): '…{around}…'",
            )


def department_twice(data: WorkbookData, _fw: object = None, _folder: Path | None = None
                     ) -> Iterator[Problem]:
    """A position that already names the department ("หัวหน้าฝ่ายทะเบียน" + "ฝ่ายทะเบียน")."""
    for body in ("committee", "working_group"):
        for i, member in enumerate(getattr(data, body)):
            position = one_line(member.position)
            department = one_line(member.department)
            if department and department in position:
                yield _warning(
                    data, ProblemCode.DEPARTMENT_TWICE, f"{body}[{i}].department",
                    f"ตำแหน่ง '{position}' มีชื่อ{department}อยู่แล้ว จึงไม่ต้องกรอกฝ่ายซ้ำ "
                    "(เอกสารพิมพ์ครั้งเดียว)",
                    f"the position '{position}' already names {department}; the department "
                    "need not be repeated (the document prints it once)",
                )


# Run by ``checks.CHECKS`` with the others, and alone by ``check_consistency``.
CHECKS = (other_districts, stale_years, department_twice)


def check_consistency(data: WorkbookData) -> list[Problem]:
    """Every warning of this module for ``data`` (the district already normalised by the
    reader)."""
    return [problem for check in CHECKS for problem in check(data)]
