"""What the central office sets, as data: the district groups (``data/groups.toml``) and,
per fiscal year, the targets and the calendar (``data/central/<year>.toml``).

Every entry of the year's files says how sure it is (confirmed, unconfirmed, example), and
the summary says it beside the entry: a date nobody published is never shown as one. A file
that cannot be used is an ``ItadocsError`` naming the file and the entry, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from itadocs.exceptions import ItadocsError
from itadocs.messages import Message

STATUSES = {
    "confirmed": Message("ยืนยันแล้ว", "confirmed"),
    "unconfirmed": Message("ยังไม่ยืนยัน", "unconfirmed"),
    "example": Message("ตัวอย่าง (ไม่มีแหล่งอ้างอิง)", "an example (no source)"),
}
# How sure a calendar's date is: an unconfirmed one is an estimate.
DATE_STATUSES = {**STATUSES, "unconfirmed": Message("ยังไม่ยืนยัน (ประมาณการ)",
                                                    "unconfirmed (an estimate)")}
# What a calendar item's document is: (the kind's value in kinds.py, the report's round).
DOCUMENTS: dict[str, tuple[str, int | None]] = {
    "order": ("order", None), "measures": ("measures", None),
    "progress_6": ("progress", 6), "progress_12": ("progress", 12),
}


@dataclass(frozen=True)
class Groups:
    """The district groups: each group's districts, in the file's order."""

    order: tuple[str, ...]
    members: dict[str, str]  # district -> group
    names_en: dict[str, str]
    disputed: tuple[str, ...]  # districts whose group public copies disagree on

    def of(self, district: str) -> str:
        return self.members.get(district, "")

    def districts(self, group: str) -> list[str]:
        return [d for d, g in self.members.items() if g == group]

    def label(self, group: str) -> Message:
        return Message(group, self.names_en.get(group, group))


@dataclass(frozen=True)
class Target:
    """One target for the results of an assessment year."""

    key: str
    words: Message
    status: str
    source: str
    note: str
    total_at_least: Decimal | None = None
    level_at_least: str = ""
    districts: int | None = None  # None: every district


@dataclass(frozen=True)
class Due:
    """One item of the year's calendar."""

    key: str
    words: Message
    due: dt.date | None
    status: str
    source: str
    note: str
    document: str = ""  # a key of DOCUMENTS, or "" for an event of no district document

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed" and self.due is not None


@dataclass(frozen=True)
class CentralYear:
    """A fiscal year's file: the targets for that year's assessment, and its calendar."""

    fiscal_year: int
    file: str
    targets: tuple[Target, ...]
    calendar: tuple[Due, ...]


def _data(name: str) -> Any:
    return resources.files("itadocs") / "data" / name


def _bad(file: str, what: str, en: str) -> ItadocsError:
    return ItadocsError(f"ไฟล์ข้อมูล {file} ใช้ไม่ได้: {what}", f"data file {file} cannot be "
                        f"used: {en}", where=file)


def _toml(file: str, text: str) -> dict[str, Any]:
    """The file's TOML, or an error naming the file and where TOML stopped reading it (for
    the groups, the district given two groups)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        twice = _twice(text) if file.endswith("groups.toml") else {}
        if twice:
            th = "; ".join(f"{d} อยู่ใน {len(g)} กลุ่ม ({', '.join(g)})" for d, g in twice.items())
            en = "; ".join(f"{d} is in two groups or more ({', '.join(g)})"
                           for d, g in twice.items())
            raise _bad(file, f"{th} ให้เหลือกลุ่มเดียว", f"{en}; keep one") from None
        raise _bad(file, f"อ่านเป็น TOML ไม่ได้ ({exc})", f"it is not valid TOML ({exc})"
                   ) from None


def _twice(text: str) -> dict[str, list[str]]:
    """The districts written more than once under ``[groups]`` (TOML refuses a key twice,
    saying only where), each with the groups it is given."""
    seen: dict[str, list[str]] = {}
    table = ""
    for line in text.splitlines():
        header = re.fullmatch(r"\s*(\[\[?)\s*([^\]]*?)\s*\]\]?\s*(#.*)?", line)
        if header:
            table = header[2] if header[1] == "[" else ""  # [[x]]: an array, no district
            continue
        entry = re.fullmatch(r'\s*"([^"]+)"\s*=\s*"([^"]*)"\s*(#.*)?', line)
        if table == "groups" and entry:
            seen.setdefault(entry[1], []).append(entry[2])
    return {d: g for d, g in seen.items() if len(g) > 1}


@cache
def groups() -> Groups:
    """The groups of ``data/groups.toml``; every district of the list in exactly one."""
    from itadocs.reading import schema

    file = "itadocs/data/groups.toml"
    data = _toml(file, _data("groups.toml").read_text(encoding="utf-8"))
    if not isinstance(data.get("order", []), list) or not isinstance(
            data.get("groups", {}), dict):
        raise _bad(file, "order ต้องเป็นรายการชื่อกลุ่ม และ [groups] เป็นตาราง เขต = กลุ่ม",
                   "order must be a list of group names and [groups] a table of "
                   "district = group")
    order = tuple(data.get("order", ()))
    members = {str(d): str(g) for d, g in data.get("groups", {}).items()}
    known = set(schema.lists().values("districts"))
    wrong = sorted(set(members) - known)
    missing = [d for d in schema.lists().values("districts") if d not in members]
    strange = sorted({g for g in members.values() if g not in order})
    if wrong or missing or strange:
        raise _bad(file, f"เขตที่ไม่รู้จัก {wrong} เขตที่ไม่มีกลุ่ม {missing} กลุ่มที่ไม่อยู่ใน order "
                   f"{strange}", f"unknown districts {wrong}, districts without a group "
                   f"{missing}, groups not in order {strange}")
    return Groups(order, members, dict(data.get("names_en", {})),
                  tuple(data.get("caveats", {}).get("disputed", ())))


def _status(file: str, where: str, entry: dict[str, Any]) -> str:
    status = str(entry.get("status", ""))
    if status not in STATUSES:
        raise _bad(file, f"{where}: status ต้องเป็น {', '.join(STATUSES)} (ได้ '{status}')",
                   f"{where}: status must be one of {', '.join(STATUSES)} (got '{status}')")
    return status


def _entries(file: str, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The file's ``[[name]]`` tables, each a table, or an error naming the one that is not."""
    entries = data.get(name, [])
    if not isinstance(entries, list):
        raise _bad(file, f"{name}: ต้องเขียนเป็นตาราง [[{name}]] (ได้ {entries!r:.60})",
                   f"{name}: must be written as [[{name}]] tables (got {entries!r:.60})")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise _bad(file, f"{name}[{i}]: ต้องเป็นตาราง [[{name}]] (ได้ {entry!r:.60})",
                       f"{name}[{i}]: must be a [[{name}]] table (got {entry!r:.60})")
    return entries


def _target(file: str, i: int, entry: dict[str, Any]) -> Target:
    from itadocs.reading import schema

    where = f"targets[{i}] ({entry.get('key', '')})"
    try:
        total = (Decimal(str(entry["total_at_least"])) if "total_at_least" in entry else None)
    except InvalidOperation:
        raise _bad(file, f"{where}: total_at_least ไม่ใช่ตัวเลข",
                   f"{where}: total_at_least is not a number") from None
    if total is not None and not (total.is_finite() and 0 <= total <= 100):
        raise _bad(file, f"{where}: total_at_least ต้องอยู่ระหว่าง 0 ถึง 100 (ได้ {total})",
                   f"{where}: total_at_least must be from 0 to 100 (got {total})")
    level = str(entry.get("level_at_least", ""))
    count = entry.get("districts", "all")
    if (total is None) == (not level) or not (count == "all" or (
            isinstance(count, int) and not isinstance(count, bool) and count > 0)):
        raise _bad(file, f"{where}: ต้องมี total_at_least หรือ level_at_least อย่างใดอย่างหนึ่ง "
                   "และ districts เป็น \"all\" หรือจำนวนเขต",
                   f"{where}: give one of total_at_least or level_at_least, and districts "
                   "as \"all\" or a number")
    everyone = len(schema.lists().values("districts"))
    if count != "all" and count > everyone:
        raise _bad(file, f"{where}: districts มากกว่าจำนวนเขตทั้งหมด {everyone} (ได้ {count})",
                   f"{where}: districts is more than the {everyone} districts (got {count})")
    known = _levels()
    if level and level not in known:
        raise _bad(file, f"{where}: level_at_least '{level}' ไม่ใช่ระดับของเกณฑ์ใด "
                   f"(ระดับที่มี: {', '.join(known)})",
                   f"{where}: level_at_least '{level}' is not a level of any framework "
                   f"(the levels: {', '.join(known)})")
    return Target(str(entry.get("key", i)), Message(entry.get("th", ""), entry.get("en", "")),
                  _status(file, where, entry), str(entry.get("source", "")),
                  str(entry.get("note", "")), total, level,
                  None if count == "all" else int(count))


def _levels() -> tuple[str, ...]:
    """Every level of every framework year, highest first (a target's level is one of them;
    whether the year's own framework has it, the targets table says)."""
    from itadocs import framework

    return tuple(dict.fromkeys(level.name for year in framework.available_years()
                               for level in framework.load(year).levels))


def _due(file: str, i: int, entry: dict[str, Any]) -> Due:
    where = f"calendar[{i}] ({entry.get('key', '')})"
    due = entry.get("due")
    if due is not None and (not isinstance(due, dt.date) or isinstance(due, dt.datetime)):
        raise _bad(file, f"{where}: due ต้องเป็นวันที่ของ TOML เช่น 2026-02-27 (ค.ศ.)",
                   f"{where}: due must be a TOML date such as 2026-02-27")
    document = str(entry.get("document", ""))
    if document and document not in DOCUMENTS:
        raise _bad(file, f"{where}: document ต้องเป็น {', '.join(DOCUMENTS)}",
                   f"{where}: document must be one of {', '.join(DOCUMENTS)}")
    return Due(str(entry.get("key", i)), Message(entry.get("th", ""), entry.get("en", "")),
               due, _status(file, where, entry), str(entry.get("source", "")),
               str(entry.get("note", "")), document)


@cache
def central_year(fiscal_year: int) -> CentralYear | None:
    """The year's targets and calendar, or None when there is no file for the year."""
    name = f"{fiscal_year}.toml"
    source = _data("central") / name
    if not source.is_file():
        return None
    file = f"itadocs/data/central/{name}"
    data = _toml(file, source.read_text(encoding="utf-8"))
    if data.get("fiscal_year") != fiscal_year:
        raise _bad(file, f"fiscal_year ต้องเป็น {fiscal_year}",
                   f"fiscal_year must be {fiscal_year}")
    targets = tuple(_target(file, i, e) for i, e in enumerate(_entries(file, data, "targets")))
    calendar = tuple(sorted((_due(file, i, e)
                             for i, e in enumerate(_entries(file, data, "calendar"))),
                            key=lambda d: (d.due is None, d.due or dt.date.max)))
    return CentralYear(fiscal_year, file, targets, calendar)
