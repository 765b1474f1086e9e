"""Finish a rendered document the way a careful Thai clerk types it, and typeset the copy
LibreOffice lays out for the PDF.

Two outputs, two jobs. The .docx is finished in Word, so its text is what a clerk would
type (``finish``):

- a label and its number ("พ.ศ. ๒๕๖๘", "ตัวชี้วัดที่ ๔"), a number and its unit
  ("๙๒.๘๔ คะแนน"), a day and its month, and a range of years keep a NO-BREAK SPACE (a
  clerk types one with Ctrl+Shift+Space);
- bold and italic carry their complex-script twins (w:bCs, w:iCs): Word takes Thai text's
  bold from w:bCs, so a bold without it leaves the Thai letters regular;
- a member's entry stays on one page, and the order's closing lines keep at least two
  lines of its body with them.

The PDF is what itadocs typesets, from a copy the district never sees (``pdf_copy``).
Thai is written without spaces between words; LibreOffice breaks lines by its dictionary
and splits names and compounds where the split shows ("ฝ่าย|ปกครอง", "สำนักงาน|เขตบางรัก"),
so in the copy the names of the lists (departments, roles, indicators, position titles),
a few compounds, Latin acronyms and each word of a member's entry get a WORD JOINER
(U+2060) between their characters (the PDF's text holds none). LibreOffice 7.4 justifies
Thai by widening every letter: a line-final vowel or tone mark is drawn past the right
margin and lines spread letter by letter, whatever the break hints (measured over all 50
districts' documents); left alignment is laid out cleanly, so the copy is left-aligned.
Its text is tagged Thai, so the PDF says which language it is in.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from lxml import etree

from itadocs.documents import ooxml

WJ = "\u2060"  # WORD JOINER: no break here, no width
ZWSP = "\u200b"  # ZERO WIDTH SPACE: a break may go here
NBSP = "\u00a0"
# A phrase inside running Thai text is set off by zero-width spaces: the dictionaries then
# segment the text around it as they would without it (a joined phrase glued to its
# neighbours makes them misjudge the neighbouring words: "ดำเนินงา|นของ").
_THAI = re.compile("[\u0e01-\u0e5b]")
# Vowels and marks that belong to the syllable before them, and the vowels written before
# their consonant: a phrase is never cut from them.
_TRAILING = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
_LEADING = re.compile("[\u0e40-\u0e44]")
_DIGIT = "[0-9๐-๙]"
MEMBER_STYLES = ("ITAOrderMember", "ITAOrderMemberDetail")
CLOSING_STYLE = "ITAOrderClosing"
CM_PER_CHAR = 0.21  # TH Sarabun New 16 pt, a base character on average (a bit generous)
MEMBER_LINE_CM = 7.0  # a member's detail line: 16 cm less 3.5 cm indent and 5.3 cm right
CELL_MARGINS_CM = 0.4  # a table cell's left and right margins
_HEADER_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
)


@cache
def _data() -> dict[str, list[str]]:
    text = resources.files("itadocs").joinpath("data/keep_together.toml").read_text("utf-8")
    return tomllib.loads(text)


# --------------------------------------------------------------------------- text


def _clusters(text: str) -> list[str]:
    """Base characters with their marks (and SARA AM): the places a joiner may go between."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.category(ch) == "Mn" or ch in "\u0e33" or ch == WJ):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def joined(text: str) -> str:
    """``text`` with a word joiner between its characters (idempotent)."""
    return WJ.join(_clusters(text.replace(WJ, "")))


def plain(text: str) -> str:
    """The text as read: joiners and zero-width spaces removed, no-break spaces as spaces."""
    return text.replace(WJ, "").replace(ZWSP, "").replace(NBSP, " ").replace(NNBSP, " ")


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for every phrase, longest first, matching across joiners already there."""
    words = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return re.compile("|".join(f"{WJ}?".join(re.escape(c) for c in p) for p in words))


@cache
def _pairs() -> list[tuple[re.Pattern[str], str]]:
    data = _data()
    labels = "|".join(re.escape(w) for w in sorted(data["labels"], key=len, reverse=True))
    units = "|".join(re.escape(w) for w in sorted(data["units"], key=len, reverse=True))
    months = "|".join(data["months"])
    number = f"{_DIGIT}[0-9๐-๙/.,:]*"
    return [
        (re.compile(rf"({number}) +([–-]) +({_DIGIT})"), rf"\1{NBSP}\2{NBSP}\3"),
        (re.compile(rf"({labels}) +({_DIGIT})"), rf"\1{NBSP}\2"),
        (re.compile(rf"({number}) +({units})(?![ก-๛])"), rf"\1{NBSP}\2"),
        (re.compile(rf"({_DIGIT}{{1,2}}) +({months})"), rf"\1{NBSP}\2"),
    ]


def width_cm(text: str, size_pt: float = 16) -> float:
    """About how wide ``text`` prints in TH Sarabun New (marks take no width)."""
    base = sum(1 for c in _clusters(plain(text)) if c.strip())
    return base * CM_PER_CHAR * size_pt / 16


def _fitting(phrase: str, limit_cm: float | None) -> str:
    """``phrase`` joined if it fits the line; if not, joined in the pieces a clerk would
    break it into (before "และ"), a piece still too wide left to the line breaker."""
    if limit_cm is None or width_cm(phrase) <= limit_cm:
        return joined(phrase)
    head, sep, tail = plain(phrase).partition("และ")
    if not sep or not head:
        return phrase
    return _fitting(head, limit_cm) + ZWSP + _fitting(sep + tail, limit_cm)


def tie_pairs(text: str) -> str:
    """A label and its number, a number and its unit, a day and its month, a range of
    years: tied with a no-break space (idempotent)."""
    for rx, repl in _pairs():
        text = rx.sub(repl, text)
    return text


# A bracket stays with the word it opens or closes: LibreOffice's Thai line breaking may
# otherwise end a line with "(" ("คะแนน (" / "จาก ๙๐.๗๗ …").
_OPENING = re.compile(f"([(\\[{{“‘])(?!{WJ})(?=\\S)")
_CLOSING = re.compile(f"(?<=\\S)(?<!{WJ})([)\\]}}”’])")


def keep_brackets(text: str) -> str:
    """A word joiner inside each bracket, next to the word it holds (idempotent)."""
    return _CLOSING.sub(WJ + r"\1", _OPENING.sub(r"\1" + WJ, text))


NNBSP = "\u202f"  # NARROW NO-BREAK SPACE
_LOOSE_TIE = re.compile(f"(?<!{WJ})([{NBSP}{NNBSP}])|([{NBSP}{NNBSP}])(?!{WJ})")
_DASH_TIE = re.compile(f"{NBSP}(?={WJ}?[–-])|(?<=[–-]){WJ}?{NBSP}")


def hold_ties(text: str) -> str:
    """A no-break space with a word joiner on each side: LibreOffice's Thai line breaking
    may break beside a no-break space, not at a joiner. Beside a dash it breaks even so
    ("(พ.ศ. ๒๕๖๑" / "– ๒๕๘๐)", a line starting with the dash): there the space is a narrow
    no-break space, which it keeps with the dash (the line may end after it). Idempotent."""
    text = _DASH_TIE.sub(lambda m: m[0].replace(NBSP, NNBSP), text)
    return _LOOSE_TIE.sub(lambda m: WJ + (m[1] or m[2]) + WJ, text).replace(WJ + WJ, WJ)


def keep_text(text: str, pattern: re.Pattern[str], limit_cm: float | None = None) -> str:
    """Pairs tied with no-break spaces, brackets kept with their words, then phrases joined
    (idempotent); ``limit_cm`` is the width of the line (a table cell's), which a joined
    phrase must not exceed."""
    text = hold_ties(keep_brackets(tie_pairs(text)))

    def join(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if _LEADING.fullmatch(before or " ") or _TRAILING.fullmatch(after or " "):
            return m[0]  # a piece of a longer word
        return ((ZWSP if _THAI.fullmatch(before or " ") else "") + _fitting(m[0], limit_cm)
                + (ZWSP if _THAI.fullmatch(after or " ") else ""))

    return pattern.sub(join, text).replace(ZWSP + ZWSP, ZWSP)


def keep_words(text: str, limit_cm: float = MEMBER_LINE_CM) -> str:
    """Every space-separated word of ``text`` kept whole (a member's name, position...),
    unless it is wider than the line."""
    return " ".join(joined(w) if width_cm(w) <= limit_cm else w for w in text.split(" "))


def default_phrases(indicator_names: Iterable[str] = ()) -> list[str]:
    from itadocs.reading.schema import lists

    data, found = _data(), lists()
    offices = [f"{title}{d}" for d, _ in found.districts
               for title in ("สำนักงานเขต", "ผู้อำนวยการเขต", "ผู้ช่วยผู้อำนวยการเขต")]
    heads = [f"หัวหน้า{d}" for d in found.departments if d.startswith("ฝ่าย")]
    return [*data["words"], *data["positions"], *found.departments, *heads, *offices,
            *found.committee_roles, *found.working_group_roles, *indicator_names]


# --------------------------------------------------------------------------- documents


def _parts(doc: DocumentObject) -> Iterator[etree._Element]:
    yield doc.element.body
    for rel in doc.part.rels.values():
        if rel.reltype in _HEADER_RELS:
            yield rel.target_part.element


def _style_of(p: etree._Element) -> str | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else ""


def keep_phrases(doc: DocumentObject, indicator_names: Iterable[str] = ()) -> None:
    """Join the names and tie the pairs in every paragraph of the body and headers."""
    pattern = phrase_pattern(default_phrases(indicator_names))
    for root in _parts(doc):
        for p in root.iter(qn("w:p")):
            member = _style_of(p) in MEMBER_STYLES
            limit = _cell_width_cm(p)
            for t in p.iter(qn("w:t")):
                if t.text:
                    text = keep_words(t.text) if member else t.text
                    t.text = keep_text(text, pattern, limit)


def _cell_width_cm(p: etree._Element) -> float | None:
    """The text width of the table cell holding ``p`` (None outside tables)."""
    cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
    if cell is None:
        return None
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) not in (None, "dxa"):
        return None
    return int(width.get(qn("w:w"), "0")) / 567 - CELL_MARGINS_CM


def add_cs_twins(root: etree._Element) -> None:
    """Give every bold and italic its complex-script twin, with the same value."""
    for rpr in root.iter(qn("w:rPr")):
        for tag, twin in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
            el = rpr.find(qn(tag))
            if el is not None and rpr.find(qn(twin)) is None:
                value = el.get(qn("w:val"))
                ooxml.put(rpr, twin, {"w:val": value} if value is not None else {})


def missing_cs_twins(root: etree._Element) -> Iterator[str]:
    """Bold or italic run properties without their twin: the run's text or the style id."""
    for rpr in root.iter(qn("w:rPr")):
        for tag, twin in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
            el = rpr.find(qn(tag))
            if el is None or rpr.find(qn(twin)) is not None:
                continue
            if el.get(qn("w:val"), "true") in ("0", "false", "off"):
                continue  # switched off: nothing is lost
            owner = rpr.getparent()
            assert owner is not None  # a run or a style holds every w:rPr
            if owner.tag == qn("w:r"):
                text = "".join(t.text or "" for t in owner.iter(qn("w:t")))
                yield f"w:{tag[2:]} '{text[:40]}'"
            else:
                above = owner.getparent()
                style = owner.get(qn("w:styleId")) or (
                    above.get(qn("w:styleId")) if above is not None else "")
                yield f"w:{tag[2:]} (style {style or owner.tag.split('}')[-1]})"


def keep_members_together(doc: DocumentObject) -> None:
    """A member's first line stays with its detail line, and neither splits."""
    for p in doc.element.body.iter(qn("w:p")):
        style = _style_of(p)
        if style not in MEMBER_STYLES:
            continue
        ppr = p.get_or_add_pPr()
        ooxml.put(ppr, "w:keepLines")
        following = p.getnext()
        if style == MEMBER_STYLES[0] and following is not None and (
                following.tag == qn("w:p") and _style_of(following) == MEMBER_STYLES[1]):
            ooxml.put(ppr, "w:keepNext")


def keep_body_with_closing(doc: DocumentObject, paragraphs: int = 2) -> None:
    """The paragraphs before the order's closing ("ทั้งนี้ ตั้งแต่…") go with it, so the
    last page holds body text, not the closing, date and signature alone."""
    for p in doc.element.body.iter(qn("w:p")):
        if _style_of(p) != CLOSING_STYLE:
            continue
        before = p.getprevious()
        for _ in range(paragraphs):
            if before is None or before.tag != qn("w:p"):
                break
            ooxml.put(before.get_or_add_pPr(), "w:keepNext")
            before = before.getprevious()


def drop_empty_last_section(doc: DocumentObject) -> None:
    """A last section left with nothing in it (sections 6-8 all left out) would print a
    blank page: the section before it becomes the last one."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    breaks = [p for p in body.iterchildren(qn("w:p"))
              if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    if final is None or not breaks:
        return
    last_break = breaks[-1]
    after = list(last_break.itersiblings())[:-1]  # up to the body's own sectPr
    if any(el.tag != qn("w:p") or _has_content(el) for el in after):
        return
    for el in after:
        body.remove(el)
    inner = last_break.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    inner.getparent().remove(inner)
    final.addprevious(inner)
    body.remove(final)
    if not _has_content(last_break):
        body.remove(last_break)


def _has_content(p: etree._Element) -> bool:
    return any((t.text or "").strip() for t in p.iter(qn("w:t"))) or any(
        True for _ in p.iter(qn("w:drawing"), qn("w:pict"), qn("w:br")))


def tie_all_pairs(doc: DocumentObject) -> None:
    """``tie_pairs`` in every paragraph of the body and headers."""
    for root in _parts(doc):
        for t in root.iter(qn("w:t")):
            if t.text:
                t.text = tie_pairs(t.text)


def finish(doc: DocumentObject) -> None:
    """The .docx as a clerk would have typed it (after its digits are converted): no
    invisible characters, only the no-break spaces a clerk types."""
    for root in _parts(doc):
        add_cs_twins(root)
    add_cs_twins(doc.styles.element)
    tie_all_pairs(doc)
    keep_members_together(doc)
    keep_body_with_closing(doc)
    drop_empty_last_section(doc)


# --------------------------------------------------------------------------- the PDF's copy

JUSTIFIED = ("both", "distribute", "thaiDistribute", "lowKashida", "mediumKashida",
             "highKashida")


def left_aligned(root: etree._Element) -> None:
    """Every justified paragraph (and paragraph style) of ``root`` left-aligned."""
    for jc in root.iter(qn("w:jc")):
        parent = jc.getparent()
        if parent is not None and parent.tag == qn("w:pPr") and jc.get(qn("w:val")) in JUSTIFIED:
            jc.set(qn("w:val"), "left")


def thai_language(doc: DocumentObject) -> None:
    """The document's default language Thai (the tagged PDF's /Lang), complex script too."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    ooxml.put(rpr, "w:lang", {"w:val": "th-TH", "w:bidi": "th-TH"})


def for_pdf(doc: DocumentObject, indicator_names: Iterable[str] = ()) -> None:
    """Typeset a finished document's copy for LibreOffice: names and compounds kept whole,
    left-aligned, in Thai."""
    keep_phrases(doc, indicator_names)
    for root in _parts(doc):
        left_aligned(root)
    left_aligned(doc.styles.element)
    thai_language(doc)


def pdf_copy(docx: bytes, indicator_names: Iterable[str] = ()) -> bytes:
    """The copy of a finished .docx that LibreOffice lays out for the PDF (``for_pdf``)."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(docx))
    for_pdf(doc, indicator_names)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
