"""Text from a cell as a Word document can hold it, and as itadocs compares it.

A cell may hold what XML cannot (control characters, a lone UTF-16 surrogate, often written
by Excel as an escape such as ``_xDC00_``); lxml would refuse it or, in docxtpl's recovering
parser, silently cut the document short at that point. Such characters are removed here, and
the reader names the cell they came from; so are the invisible bidirectional controls and
joiners a document never needs. Text is also normalised (NFC, and Thai sara am typed as
nikhahit + sara aa), so two spellings that look the same compare equal (``comparable``
ignores invisible characters too).
"""

from __future__ import annotations

import re

from itadocs.thai import normalize

EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Not allowed in XML 1.0 (C0 controls except tab and line breaks, surrogates, U+FFFE/FFFF),
# plus DEL and the C1 controls, which no one types on purpose (they come from broken encodings).
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# Characters nobody sees: zero-width ones pasted from web pages and Word, and the
# bidirectional controls that reorder what is shown (U+202E turns "abc" into "cba").
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What a document never needs, removed from every cell with a warning: the bidi controls,
# the joiners and the byte-order mark. U+200B stays in text (Thai practice puts it between
# words); comparisons ignore it.
UNWANTED = re.compile(f"[{BIDI}\u200c\u200d\u2060\ufeff]")
_UNSEEN = re.compile(f"[{ZERO_WIDTH}{BIDI}]")


def decode_escapes(text: str) -> str:
    """Undo Excel's ``_xHHHH_`` escapes; an escaped surrogate pair becomes its one character."""
    if "_x" not in text:
        return text
    text = EXCEL_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    return _PAIR.sub(
        lambda m: m[0].encode("utf-16-le", "surrogatepass").decode("utf-16-le"), text
    )


def illegal_characters(text: str) -> list[str]:
    """The characters of ``text`` (escapes undone) that cannot go into a document, once each."""
    found: list[str] = []
    for ch in ILLEGAL.findall(decode_escapes(text)):
        if ch not in found:
            found.append(ch)
    return found


def codes(chars: list[str]) -> str:
    """``U+DC00, U+0007``: how a message names characters that cannot be shown."""
    return ", ".join(f"U+{ord(ch):04X}" for ch in chars)


def unwanted_characters(text: str) -> list[str]:
    """The invisible characters ``clean`` removes from ``text``, once each."""
    return list(dict.fromkeys(UNWANTED.findall(text)))


def named(chars: list[str]) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: invisible characters named so people can find them."""
    import unicodedata

    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip() for ch in chars)


def shown(text: str) -> str:
    """``text`` with every invisible character written as ⟨U+200B⟩, for a message that quotes
    what was typed."""
    return _UNSEEN.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", text)


def comparable(text: str) -> str:
    """How itadocs compares names and finds districts: Thai normalised, invisible characters
    ignored, spaces collapsed. "สม\u200bชาย" and "สมชาย" are one person."""
    return " ".join(_UNSEEN.sub("", normalize(text)).split())


def clean(value: str) -> str:
    """Text as the document prints it: escapes undone, illegal characters removed, spaces
    collapsed within each line, blank lines dropped, Thai normalised."""
    value = decode_escapes(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u0085", "\n")
    value = UNWANTED.sub("", ILLEGAL.sub("", value.replace("\u00a0", " ")))
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return normalize("\n".join(line for line in lines if line).strip())


def one_line(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space, none at the ends: how itadocs
    compares names and positions and prints a value on one line."""
    return " ".join(text.split())


def xml_safe(value: str) -> str:
    """Only the illegal characters removed (for names and texts that are not cell values)."""
    return ILLEGAL.sub("", value)


def file_label(path: object) -> str:
    """A file's name as text that can go anywhere: bytes that are not UTF-8 (a name made on
    another system) are shown as �, never carried as lone surrogates into JSON or XML."""
    import os
    from pathlib import Path

    name = Path(str(path)).name
    try:
        raw = os.fsencode(name)
    except UnicodeError:
        raw = name.encode("utf-8", "replace")
    return ILLEGAL.sub("\ufffd", raw.decode("utf-8", "replace"))
