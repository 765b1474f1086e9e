"""What each district has made: which of the year's documents are in the output folder, and
when each was written.

A document is found by the name ``build`` and ``progress`` give it (``kinds.OutputKind``,
``outputs.output_names``): the committee order, the measures document and the progress
report of each round, each with its PDF. Its date is the file's (when it was last written
there, the day in this machine's time zone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from itadocs.build.central import DOCUMENTS
from itadocs.build.outputs import output_names
from itadocs.kinds import OutputKind
from itadocs.messages import Message

# The documents of a district's year, in the order the summary lists them.
MADE_WORDS: dict[str, Message] = {
    "order": Message("คำสั่ง", "Order"),
    "order_pdf": Message("คำสั่ง PDF", "Order PDF"),
    "measures": Message("มาตรการ", "Measures"),
    "measures_pdf": Message("มาตรการ PDF", "Measures PDF"),
    "progress_6": Message("รายงานรอบ 6 เดือน", "Report, 6 months"),
    "progress_6_pdf": Message("รายงานรอบ 6 เดือน PDF", "Report, 6 months, PDF"),
    "progress_12": Message("รายงานรอบ 12 เดือน", "Report, 12 months"),
    "progress_12_pdf": Message("รายงานรอบ 12 เดือน PDF", "Report, 12 months, PDF"),
}


@dataclass(frozen=True)
class Made:
    """One of a district's documents: its file name, and its date when it is there."""

    key: str  # a key of MADE_WORDS
    file: str
    date: dt.date | None

    @property
    def words(self) -> Message:
        return MADE_WORDS[self.key]


def file_names(district_en: str, fiscal_year: int) -> dict[str, str]:
    """The file name of each of a district's documents (MADE_WORDS' keys)."""
    names: dict[str, str] = {}
    for key, (kind, round_months) in DOCUMENTS.items():
        found = output_names(district_en, fiscal_year, True, round_months)
        word = OutputKind(kind)
        names[key] = found[word]
        names[f"{key}_pdf"] = found[word.pdf]
    return {key: names[key] for key in MADE_WORDS}


def made(outdir: Path, district_en: str, fiscal_year: int) -> list[Made]:
    """Each of the district's documents of the year, with its date or None when it is not
    in ``outdir``."""
    found = []
    for key, name in file_names(district_en, fiscal_year).items():
        path = outdir / name
        try:
            stamp = path.stat().st_mtime if path.is_file() else None
        except OSError:
            stamp = None
        date = dt.datetime.fromtimestamp(stamp).date() if stamp is not None else None
        found.append(Made(key, name, date))
    return found


def has(documents: list[Made], document: str) -> bool:
    """Whether a calendar item's document (``central.DOCUMENTS``) is there, as the Word
    document or its PDF."""
    return any(m.date is not None for m in documents if m.key in (document, f"{document}_pdf"))
