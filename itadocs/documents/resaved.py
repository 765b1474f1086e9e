"""What another editor's save takes from a template, given back before it is rendered.

A district edits its templates in Word or LibreOffice. LibreOffice drops every table's Alt
Text title (``w:tblCaption``), by which itadocs finds Table 1 (to merge its tool cells),
the other tables and the order's Garuda frame; and it moves a section break (the paragraph
that ends a section, which carries its page size and orientation) into the paragraph before
it, which may be a ``{%p %}`` tag's paragraph that docxtpl deletes, section and all. Both
are mended here from what every editor keeps: the tags typed in the tables, and the
paragraphs themselves. ``check`` (the rendered sample) then confirms the result has what
it must; what cannot be mended is refused there, never printed half.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from docx.oxml.ns import qn

from itadocs.documents import captions, ooxml

# Each titled table of the templates, known by a tag typed in it.
SIGNATURES: dict[str, re.Pattern[str]] = {
    captions.LEVELS: re.compile(r"\bfor\s+level\s+in\s+levels\b"),
    captions.TABLE1: re.compile(r"\bin\s+table1\b"),
    captions.TABLE2: re.compile(r"\bin\s+table2\b"),
    captions.ANALYSIS: re.compile(r"\brow\.analysis\b"),
}
GARUDA_TEXT = re.compile(r"garuda|ตราครุฑ", re.IGNORECASE)  # the frame's placeholder text
_TAG_ONLY = re.compile(r"^\s*\{%-?\s*p\s.*%\}\s*$", re.DOTALL)  # a {%p ... %} paragraph


def mend(doc: Any) -> list[str]:
    """Give ``doc`` (a template opened with python-docx) back its table titles and section
    breaks; returns what was given back (caption names, "section break")."""
    mended = [caption for caption in SIGNATURES if _title_table(doc, caption)]
    if _title_garuda(doc):
        mended.append(captions.GARUDA)
    mended += ["section break"] * _free_section_breaks(doc)
    return mended


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _caption(tbl: Any) -> str | None:
    caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    return caption.get(qn("w:val")) if caption is not None else None


def _title_table(doc: Any, caption: str) -> bool:
    """Title the table that holds ``caption``'s tag, when no table has that title.

    The body's XML is read directly: python-docx keeps the body it first hands out, and the
    body docxtpl renders is a new one (``doc.tables`` here would leave ``doc`` showing the
    template's tables after rendering)."""
    tables = list(doc.element.body.iterchildren(qn("w:tbl")))
    if any(_caption(tbl) == caption for tbl in tables):
        return False
    for tbl in tables:
        if _caption(tbl) is None and SIGNATURES[caption].search(_text(tbl)):
            ooxml.put(tbl.tblPr, "w:tblCaption", {"w:val": caption})
            return True
    return False


def _title_garuda(doc: Any) -> bool:
    """Title the Garuda's frame: the first-page header's table that says it is for the
    Garuda. Only headers the template defines are looked at (none is added)."""
    for section in doc.sections:
        if not section.different_first_page_header_footer:
            continue
        header = section.first_page_header
        if header.is_linked_to_previous:
            continue
        if captions.table_by_caption(header, captions.GARUDA) is not None:
            return False
        for table in header.tables:
            if GARUDA_TEXT.search(_text(table._tbl)):
                ooxml.put(table._tbl.tblPr, "w:tblCaption", {"w:val": captions.GARUDA})
                return True
    return False


def _free_section_breaks(doc: Any) -> int:
    """A section break in a ``{%p %}`` tag's paragraph goes to an empty paragraph of its
    own just after it, so that rendering the tag keeps the section."""
    moved = 0
    for paragraph in list(doc.element.body.iterchildren(qn("w:p"))):
        ppr = paragraph.find(qn("w:pPr"))
        sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
        if sect is None or not _TAG_ONLY.match(_text(paragraph)):
            continue
        holder = copy.deepcopy(paragraph)
        for child in list(holder):
            if child.tag != qn("w:pPr"):
                holder.remove(child)
        ppr.remove(sect)
        paragraph.addnext(holder)
        moved += 1
    return moved
