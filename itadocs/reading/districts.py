"""Bangkok's 50 district names as staff type them, and where a text names one.

A district is written many ways: คลองสาน, เขตคลองสาน, เขต คลองสาน, สำนักงานเขตคลองสาน,
ผู้อำนวยการเขตคลองสาน. The list itself lives in ``data/lists.toml``; this module finds the
names in text, so carry-over can retarget them and the checks can tell a text naming
another district. A name that is part of a longer district's name (วัฒนา in ทวีวัฒนา) is
not a mention of the shorter one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from itadocs.reading import schema

# What staff put before the name; the list's value is the bare name.
_PREFIX = re.compile(r"^\s*(?:สำนักงานเขต|เขต)\s*")


@dataclass(frozen=True)
class Mention:
    """One place a text names a district: ``text[start:end]`` is the name itself."""

    district: str
    start: int
    end: int
    prefixed: bool  # written after "เขต" (เขตคลองสาน, สำนักงานเขต คลองสาน, ผู้อำนวยการเขต…)


def names() -> tuple[str, ...]:
    return schema.lists().values("districts")


def nfc(text: str) -> str:
    """One encoding of Thai text (sara am typed as ำ or as ํ + า compares equal)."""
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")


def normalise(typed: str) -> str:
    """The district's bare name from what was typed ("เขตบางรัก", " สำนักงานเขต บางรัก")."""
    text = " ".join(nfc(typed).split())
    bare = _PREFIX.sub("", text).strip()
    if bare != text and bare in names():
        return bare
    return text


def office_name(district: str) -> str:
    """สำนักงานเขต… of a district, never "สำนักงานเขตเขต…" however the name was typed."""
    return f"สำนักงานเขต{normalise(district)}"


def english(district: str) -> str:
    return schema.lists().district_en(district)


@cache
def _pattern() -> re.Pattern[str]:
    # Longest first, so a longer name wins over a shorter one it contains.
    alternatives = "|".join(re.escape(n) for n in sorted(names(), key=len, reverse=True))
    return re.compile(rf"(เขต\s?)?({alternatives})")


def mentions(text: str) -> list[Mention]:
    """Every district named in ``text``, longest names first where they overlap."""
    found = []
    for m in _pattern().finditer(nfc(text)):
        found.append(Mention(m[2], m.start(2), m.end(2), m[1] is not None))
    return found


def others(text: str, district: str) -> list[Mention]:
    """Mentions of districts other than ``district`` (a bare name counts only when it stands
    alone, not inside a Thai word; after "เขต" it always counts)."""
    text = nfc(text)
    return [m for m in mentions(text)
            if m.district != district and (m.prefixed or _stands_alone(text, m))]


def _stands_alone(text: str, m: Mention) -> bool:
    before = text[m.start - 1] if m.start > 0 else " "
    after = text[m.end] if m.end < len(text) else " "
    return not _thai_letter(before) and not _thai_letter(after)


def _thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"
