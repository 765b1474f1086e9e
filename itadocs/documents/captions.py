"""The templates' tables, named by their Alt Text title (``w:tblCaption``).

A district may restyle a template in Word; the title survives, so the renderer finds
Table 1 (to merge its tool cells) and the Garuda's frame by it. The template maker writes
these titles, the renderer and the tests look tables up with ``table_by_caption``.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

TABLE1 = "itadocs:table1"  # scores by indicator, tool cells merged (ตารางที่ ๑)
TABLE2 = "itadocs:table2"  # the indicators' scores (ตารางที่ ๒)
LEVELS = "itadocs:levels"  # the framework's result levels
ANALYSIS = "itadocs:analysis"  # one per indicator: analysis and measures
GARUDA = "itadocs:garuda"  # the order's first-page frame for the Garuda
PROGRESS_SCORES = "itadocs:progress-scores"  # the progress report: the last assessment
PROGRESS = "itadocs:progress"  # one per indicator: its measures' results
PROGRESS_SUMMARY = "itadocs:progress-summary"  # measures counted by status
MEMO_GARUDA = "itadocs:memo-garuda"  # the cover memo's Garuda and its title


def caption_of(table: Any) -> str | None:
    """A python-docx table's Alt Text title, or None."""
    tbl_pr = table._tbl.tblPr
    caption = tbl_pr.find(qn("w:tblCaption")) if tbl_pr is not None else None
    return caption.get(qn("w:val")) if caption is not None else None


def tables_by_caption(container: Any, caption: str) -> list[Any]:
    """The tables of ``container`` (a document, header or cell) titled ``caption``."""
    return [table for table in container.tables if caption_of(table) == caption]


def table_by_caption(container: Any, caption: str) -> Any | None:
    """The first table of ``container`` titled ``caption``, or None."""
    return next(iter(tables_by_caption(container, caption)), None)
