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
# Invisible characters pasted into a name ("คลอง\u200bสาน"), and the spaces people type
# between its syllables ("คลอง สาน"): a name is found through them.
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
_GAP = f"(?:{_INVISIBLE}|[ \u00a0])*"
_LETTERS_ONLY = re.compile(f"{_INVISIBLE}|[ \u00a0]")


@dataclass(frozen=True)
class Mention:
    """One place a text names a district: ``text[start:end]`` is the name itself."""

    district: str
    start: int
    end: int
    prefixed: bool  # written after "เขต" (เขตคลองสาน, สำนักงานเขต คลองสาน, ผู้อำนวยการเขต…)
    english: bool = False  # an English spelling (Khlong San, Klongsan, Khlong-San)

    def whole(self, text: str) -> bool:
        """A mention of the district itself, not of something named after it: after "เขต",
        in English, or standing alone (not inside a longer Thai word such as a hotel's or a
        university's name, or a surname)."""
        return self.prefixed or self.english or _stands_alone(text, self)


def names() -> tuple[str, ...]:
    return schema.lists().values("districts")


def nfc(text: str) -> str:
    """One encoding of Thai text (sara am typed as ำ or as ํ + า compares equal)."""
    return unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")


def normalise(typed: str) -> str:
    """The district's bare name from what was typed ("เขตบางรัก", " สำนักงานเขต บางรัก",
    "บาง\u200bรัก")."""
    text = " ".join(re.sub(_INVISIBLE, "", nfc(typed)).split())
    bare = _PREFIX.sub("", text).strip()
    if bare != text and bare in names():
        return bare
    return text


def office_name(district: str) -> str:
    """สำนักงานเขต… of a district, never "สำนักงานเขตเขต…" however the name was typed."""
    return f"สำนักงานเขต{normalise(district)}"


def english(district: str) -> str:
    return schema.lists().district_en(district)


def spellings(district: str) -> tuple[str, ...]:
    """The English spellings of a district people use: the list's, and its aliases."""
    lists = schema.lists()
    return (lists.district_en(district), *lists.district_aliases.get(district, ()))


def _thai(name: str) -> str:
    """A Thai name as a pattern that sees through invisible characters and through spaces
    typed before a syllable."""
    parts = [re.escape(name[0])]
    for ch in name[1:]:
        syllable = "\u0e01" <= ch <= "\u0e2e" or "\u0e40" <= ch <= "\u0e44"
        parts += [_GAP if syllable else f"{_INVISIBLE}*", re.escape(ch)]
    return "".join(parts)


def _roman(spelling: str) -> str:
    """An English spelling as a pattern: any case, words run together or joined by a space,
    hyphen or underscore, and the aspirate h optional (Khlong/Klong, Phasi/Pasi)."""
    words = [re.sub(r"([kpt])h", r"\1h?", re.escape(w)) for w in spelling.lower().split()]
    return r"[\s\-_.]*".join(words)


@cache
def _thai_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    # Longest first, so a longer name wins over a shorter one it contains.
    ordered = sorted(names(), key=len, reverse=True)
    alternatives = "|".join(_thai(n) for n in ordered)
    return re.compile(f"(เขต{_GAP})?({alternatives})"), {n: n for n in ordered}


@cache
def _english_pattern() -> tuple[re.Pattern[str], list[str]]:
    pairs = [(spelling, d) for d in names() for spelling in spellings(d) if spelling]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    alternatives = "|".join(f"(?P<d{i}>{_roman(s)})" for i, (s, _) in enumerate(pairs))
    pattern = re.compile(f"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)
    return pattern, [d for _, d in pairs]


def mentions(text: str) -> list[Mention]:
    """Every district named in ``text`` (in Thai or English), in order; longest names first
    where they overlap. Positions are in ``nfc(text)``."""
    text = nfc(text)
    thai, by_letters = _thai_pattern()
    found = [Mention(by_letters[_LETTERS_ONLY.sub("", m[2])], m.start(2), m.end(2),
                     m[1] is not None) for m in thai.finditer(text)]
    roman, districts = _english_pattern()
    for m in roman.finditer(text):
        group = next(g for g, v in m.groupdict().items() if v is not None)
        found.append(Mention(districts[int(group[1:])], m.start(), m.end(), False, True))
    return sorted(found, key=lambda m: m.start)


def others(text: str, district: str) -> list[Mention]:
    """Whole mentions of districts other than ``district`` (see ``Mention.whole``)."""
    text = nfc(text)
    return [m for m in mentions(text) if m.district != district and m.whole(text)]


def _stands_alone(text: str, m: Mention) -> bool:
    before = text[m.start - 1] if m.start > 0 else " "
    after = text[m.end] if m.end < len(text) else " "
    return not _thai_letter(before) and not _thai_letter(after)


def _thai_letter(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"
