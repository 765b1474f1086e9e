"""What each kind of download entry holds for its page, typed so that every read is checked.

A view stores one of these in the entry it makes (``Store.add``) and asks for it by its class
(``Store.get(token, session, BuildResult)``), so a token of one kind never opens a page of
another. Background work (the PDFs, a many-workbook build) fills them in while ``busy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from itadocs.kinds import OutputKind

if TYPE_CHECKING:
    from itadocs.build.report import Outcome
    from itadocs.build.summary import Table
    from itadocs.exceptions import ItadocsError
    from itadocs.pipeline import Report
    from itadocs.web.present import Heading, ProblemRow
    from itadocs.workbooks.newbook import NewWorkbook

PdfState = Literal["none", "pending", "done", "failed"]


@dataclass
class CheckedWorkbook:
    """An uploaded workbook (and the photos added beside it) with its latest check."""

    report: Report
    ignored_photos: list[str] = field(default_factory=list)  # uploads sheet ภาพ never names


@dataclass
class CarryResult:
    """Next year's workbook made from last year's, and the report of what was carried."""

    name: str
    made: NewWorkbook


@dataclass
class BuildResult:
    """One workbook's documents: what was built (or why not), then its PDFs and pages."""

    source: str  # the checked workbook's token, for the link back
    name: str
    unit: Heading
    total: str = ""
    level: str = ""
    rows: list[ProblemRow] = field(default_factory=list)  # warnings, or why it failed
    failed: ItadocsError | None = None
    kinds: dict[OutputKind, str] = field(default_factory=dict)  # download names
    pdf: PdfState = "none"
    pdf_files: dict[OutputKind, str] = field(default_factory=dict)
    pdf_error: ItadocsError | None = None
    pages: list[str] = field(default_factory=list)  # the measures' pages as pictures

    def downloads(self) -> list[tuple[OutputKind, str]]:
        """Every file offered, by kind, in the order people are offered them."""
        names = {**self.kinds, **self.pdf_files}
        return [(kind, names[kind]) for kind in OutputKind if kind in names]


@dataclass
class Progress:
    """How far a many-workbook build has come, for its page."""

    total: int
    done: int = 0
    current: str = ""
    phase: str = "build"  # build, pdf, zip, done


@dataclass
class BatchResult:
    """A many-workbook build: its progress, then every outcome, the summary and one zip."""

    progress: Progress
    pdf_wanted: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    error: ItadocsError | None = None  # the build as a whole failed
    summary_error: ItadocsError | None = None
    pdf_error: ItadocsError | None = None
    crash: Exception | None = None  # a bug: logged, and the page says so
    zip: str | None = None  # the download name of the one zip

    def failures(self) -> list[ItadocsError]:
        return [e for e in (self.error, self.summary_error, self.pdf_error) if e is not None]
