"""``itadocs new``: a blank workbook, a district's with its standard texts, or next year's
carried over from last year's (or from a colleague's, retargeted to the district)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from itadocs.checking.checks import FISCAL_YEAR_RANGE
from itadocs.checking.consistency import check_consistency
from itadocs.checking.progress import sheet_gone, sheet_gone_message
from itadocs.exceptions import ItadocsError, Problem
from itadocs.messages import Message, ProblemCode
from itadocs.model import Unit, WorkbookData
from itadocs.reading import districts, schema
from itadocs.reading.reader import read_workbook
from itadocs.thai import fiscal_year_of, to_be_year
from itadocs.workbooks.carryover import CarryReport, carry_over
from itadocs.workbooks.draft import draft_in_memory, drafted_note
from itadocs.workbooks.migrate import converted_note, same_year
from itadocs.workbooks.progresssheet import in_step
from itadocs.workbooks.standard import standard_data
from itadocs.workbooks.writer import write_workbook


@dataclass
class NewWorkbook:
    """What ``new`` wrote, and what staff should know about it."""

    path: Path
    district: str = ""
    fiscal_year: int | None = None
    carried: CarryReport | None = None
    notes: list[Message] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what still names another district

    def format(self) -> str:
        out = [f"สร้างสมุดงาน / wrote {self.path}"]
        if self.carried is not None:
            out.append(self.carried.format())
        out += [f"  {note}" for note in self.notes]
        out += [p.format() for p in self.problems]
        return "\n".join(out)


def district_name(typed: str) -> str:
    """The district's list name from what was typed; an unknown name is an error."""
    name = districts.normalise(typed)
    if name not in districts.names():
        raise ItadocsError(
            f"'{typed}' ไม่ใช่ชื่อเขตของกรุงเทพมหานคร (พิมพ์ชื่อเขต เช่น บางรัก)",
            f"'{typed}' is not one of Bangkok's 50 districts (type the Thai name, e.g. บางรัก)",
            where="--district",
        )
    return name


def fiscal_year(typed: int) -> int:
    year = to_be_year(typed)
    if not FISCAL_YEAR_RANGE[0] <= year <= FISCAL_YEAR_RANGE[1]:
        raise ItadocsError(
            f"ปีงบประมาณ {typed} ไม่อยู่ในช่วงที่เป็นไปได้ ({FISCAL_YEAR_RANGE[0]}-"
            f"{FISCAL_YEAR_RANGE[1]}) ใช้ปี พ.ศ.",
            f"fiscal year {typed} is out of range ({FISCAL_YEAR_RANGE[0]}-"
            f"{FISCAL_YEAR_RANGE[1]}); use the Buddhist-era year",
            where="--year",
        )
    return year


def _same_file(a: Path, b: Path) -> bool:
    """Whether two names are one file (a link, another spelling of the path)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _carried_from(source: Path, last: WorkbookData, problems: list[Problem],
                  district: str | None, year: int | None) -> None:
    """Only an itadocs workbook is carried forward, and only one that says its district and
    year (or is given them): anything else is refused, saying what it lacks."""
    missing = [p for p in problems if p.code is ProblemCode.MISSING_SHEET]
    if last.template_version is None or missing:
        what_th = ("ไม่มีรุ่นของแม่แบบ" if last.template_version is None
                   else "ไม่มีแผ่นงาน " + ", ".join(p.sheet for p in missing))
        what_en = ("it has no template version stamp" if last.template_version is None
                   else "sheet(s) " + ", ".join(p.sheet for p in missing) + " are missing")
        raise ItadocsError(
            f"{source.name} ไม่ใช่สมุดงานที่สร้างด้วย itadocs ({what_th}) จึงยกข้อมูลไปปีถัดไปไม่ได้ "
            "--from ใช้กับสมุดงาน ITA ของปีก่อนหรือของเขตอื่นเท่านั้น เริ่มใหม่ด้วย "
            "itadocs new ใหม่.xlsx --district เขต --year ปี",
            f"{source.name} was not made with itadocs ({what_en}), so nothing can be carried "
            "from it: --from takes last year's (or a colleague's) ITA workbook; start afresh "
            "with itadocs new NEW.xlsx --district X --year N",
            where=str(source),
        )
    for value, given, option, field_th, field_en, key in (
        (last.unit.fiscal_year, year, "--year", "ปีงบประมาณ", "fiscal year", "unit.fiscal_year"),
        (last.unit.district, district, "--district", "เขต", "district", "unit.district"),
    ):
        if not value and not given:
            sheet, cell = last.where(key) or ("", "")
            raise ItadocsError(
                f"{source.name} ยังไม่ได้กรอก{field_th} ({sheet}!{cell}) จึงไม่รู้ว่าจะยกไปเป็นของ"
                f"{field_th}ใด กรอกในสมุดงานนั้น หรือระบุด้วย {option}",
                f"{source.name} has no {field_en} ({sheet}!{cell}), so what to carry it to "
                f"is unknown: fill it in, or give {option}",
                where=f"{source}" + (f" [{sheet}!{cell}]" if cell else ""),
            )


def _not_carried(sheets: list[str], source: Path) -> Message:
    """Sheets staff added to the old workbook: the template does not know them, so the new
    workbook does not hold them; they stay in the old one."""
    names = ", ".join(f"'{name}'" for name in sheets)
    return Message(
        f"ไม่ได้นำแผ่นงาน {names} มาด้วย (ไม่ใช่แผ่นงานของแม่แบบ) ข้อมูลยังอยู่ใน {source.name} "
        "คัดลอกมาเองถ้ายังต้องใช้",
        f"sheet(s) {names} not carried (not sheets of the template); they stay in "
        f"{source.name}: copy them over if still needed")


def new_workbook(path: Path, previous: Path | None = None, district: str | None = None,
                 year: int | None = None, *, overwrite: bool = False,
                 today: dt.date | None = None) -> NewWorkbook:
    """Write the workbook ``new`` makes to ``path``; the library form of ``itadocs new``."""
    path = Path(path)
    if previous is not None and _same_file(Path(previous), path):
        raise ItadocsError(
            f"{path} คือสมุดงานต้นทาง (--from) ไฟล์เดียวกัน จะไม่เขียนสมุดงานใหม่ทับสมุดงานเดิม "
            "ตั้งชื่อไฟล์ใหม่ เช่น itadocs new ita-2570.xlsx --from ita-2569.xlsx",
            f"{path} is the workbook --from names: the new workbook is never written over the "
            "one it comes from; give it a new name, e.g. itadocs new ita-2570.xlsx --from "
            "ita-2569.xlsx",
            where=str(path),
        )
    if path.exists() and not overwrite:
        raise ItadocsError(
            f"มีไฟล์ {path} อยู่แล้ว (ใช้ --force เพื่อเขียนทับ)",
            f"{path} already exists (use --force to overwrite)",
            where=str(path),
        )
    name = district_name(district) if district else None
    year = fiscal_year(year) if year else None
    result = NewWorkbook(path)
    if previous is not None:
        last, problems = read_workbook(Path(previous))
        _carried_from(Path(previous), last, problems, name, year)
        if year and year == last.unit.fiscal_year and name in (None, last.unit.district):
            if sheet_gone(last):  # renamed or deleted: an empty one would replace its results
                raise ItadocsError(sheet_gone_message(last),
                                   where=f"{Path(previous)} [{schema.PROGRESS.name}]")
            data = same_year(last)  # an older template version converted, data kept
            result.notes.append(Message(*converted_note(last)))
        else:
            carried = carry_over(last, name, year)
            data, result.carried = carried.data, carried.report
        result.notes.append(drafted_note(draft_in_memory(data), path))
        if last.progress.other_sheets:
            result.notes.append(_not_carried(last.progress.other_sheets, Path(previous)))
    elif name:
        chosen = year or fiscal_year_of(today or dt.date.today())
        data = standard_data(name, chosen)
        result.notes.append(Message(
            f"เติมข้อความมาตรฐานของสำนักงานเขต{name} ปีงบประมาณ {chosen} (คำสั่ง หน้าที่ "
            "หัวข้อ 6-8 และคณะกรรมการตามตำแหน่ง) ตรวจทานและกรอกส่วนที่เหลือ",
            f"filled in the standard texts of {districts.english(name)} for fiscal year "
            f"{chosen} (the order, duties, sections 6-8, the committee by position); "
            "review them and fill in the rest",
        ))
        if not year:
            result.notes.append(Message(
                f"ใช้ปีงบประมาณปัจจุบัน {chosen} (เลือกปีด้วย --year)",
                f"the current fiscal year {chosen} was used (choose with --year)",
                web=Message(f"ใช้ปีงบประมาณปัจจุบัน {chosen}",
                            f"the current fiscal year {chosen} was used")))
    else:
        data = WorkbookData(unit=Unit(fiscal_year=year))
    result.notes += in_step(data)  # the measures' ids and their progress rows
    write_workbook(path, data)
    result.district, result.fiscal_year = data.unit.district, data.unit.fiscal_year
    if result.carried is not None:
        written, _ = read_workbook(path)
        result.carried.locate(written.locations)
        result.problems = check_consistency(written)
    return result
