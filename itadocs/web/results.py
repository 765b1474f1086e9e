"""What each kind of download entry holds for its page, typed so that every read is checked.

A view stores one of these in the entry it makes (``Store.add``) and asks for it by its class
(``Store.get(token, session, BuildResult)``), so a token of one kind never opens a page of
another. Background work (the PDFs, a many-workbook build) fills them in while ``busy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from itadocs.kinds import OutputKind

if TYPE_CHECKING:
    from itadocs.build.report import Outcome
    from itadocs.build.summary import Table
    from itadocs.exceptions import ItadocsError
    from itadocs.messages import Message
    from itadocs.pipeline import ProgressReport, Report
    from itadocs.web.present import Heading, ProblemRow
    from itadocs.workbooks.diff import WorkbookDiff
    from itadocs.workbooks.newbook import NewWorkbook

PdfState = Literal["none", "pending", "done", "failed"]


@dataclass
class CheckedWorkbook:
    """An uploaded workbook (and the photos added beside it) with its latest check.

    The file is saved under a name of the server's making (``report.path``); ``shown`` is the
    name the person knows it by, which the page shows and puts back into every message."""

    report: Report
    shown: str
    ignored_photos: list[str] = field(default_factory=list)  # uploads sheet ภาพ never names
    drafted: list[str] | None = None  # the cells a draft filled (a drafted workbook)
    download: str = ""  # the name a drafted workbook is downloaded under
    draft_notes: list[Message] = field(default_factory=list)  # what the draft also did
    # each round's check (``check_progress``), made when its section is first shown, with
    # the check it was made beside (photos added make a new one)
    rounds: dict[int, tuple[Report, ProgressReport]] = field(default_factory=dict)

    def round_check(self, round_months: int) -> ProgressReport | None:
        """The round's check made beside the latest check, if there is one yet."""
        made = self.rounds.get(round_months)
        return made[1] if made is not None and made[0] is self.report else None

    @property
    def names(self) -> dict[str, str]:
        """The stored name -> the name shown, for the messages (``present.shower``)."""
        return {self.report.path.name: self.shown}


@dataclass
class Compared:
    """Two uploaded versions of a workbook and what changed between them."""

    result: WorkbookDiff
    old_file: str  # as uploaded
    new_file: str


@dataclass
class CarryResult:
    """Next year's workbook made from last year's, and the report of what was carried."""

    name: str
    made: NewWorkbook
    source: str  # last year's workbook, as uploaded


@dataclass
class NewResult:
    """A blank workbook for a district and year, to download."""

    name: str
    district: str
    district_en: str
    fiscal_year: int | None
    notes: list[Message] = field(default_factory=list)


@dataclass
class BuildResult:
    """One workbook's documents, or a round's progress report (``round``): what was built
    (or why not), then its PDFs and pages."""

    source: str  # the checked workbook's token, for the link back
    name: str
    unit: Heading
    round: int | None = None  # 6 or 12: the progress report of that round
    progress: Message | None = None  # a round's measures counted by status
    total: str = ""
    level: str = ""
    rows: list[ProblemRow] = field(default_factory=list)  # warnings, or why it failed
    failed: ItadocsError | None = None
    garuda: bool = True  # the order has the office's Garuda
    kinds: dict[OutputKind, str] = field(default_factory=dict)  # download names
    pdf: PdfState = "none"
    pdf_files: dict[OutputKind, str] = field(default_factory=dict)
    pdf_error: ItadocsError | None = None
    pages: list[str] = field(default_factory=list)  # the main document's pages as pictures

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
    pdfs: list[Path] = field(default_factory=list)  # the PDFs being made, while "pdf"

    def pdfs_done(self) -> int:
        """The PDFs already made: each lands under its final name when it is done."""
        return sum(p.is_file() for p in list(self.pdfs))


@dataclass
class BatchResult:
    """A many-workbook build: its progress, then every outcome, the summary and one zip."""

    progress: Progress
    round: int | None = None  # 6 or 12: every workbook's progress report of that round
    names: dict[str, str] = field(default_factory=dict)  # stored name -> as uploaded
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
