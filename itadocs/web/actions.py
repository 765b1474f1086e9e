"""The library calls behind each page, run in worker threads (nothing here knows HTTP).

Each function takes the files a request saved in its own folder and returns what the
library returned; it raises the library's ``ItadocsError`` unchanged. The background ones
(``add_pdfs``, ``batch``) fill in their entry's typed result instead.
"""

from __future__ import annotations

import copy
import shutil
import zipfile
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from itadocs.build.outputs import slug
from itadocs.build.report import Outcome, Status
from itadocs.exceptions import ItadocsError, OutputError, PdfError
from itadocs.kinds import OutputKind
from itadocs.pipeline import (
    ProgressReport,
    Report,
    build_progress,
    build_workbook,
    check_progress,
    check_workbook,
    find_templates,
)
from itadocs.reading import districts
from itadocs.web.results import BatchResult, BuildResult
from itadocs.web.store import Entry
from itadocs.web.workers import page_images
from itadocs.workbooks.draft import DraftReport, draft_workbook, drafts_for, load_patterns
from itadocs.workbooks.newbook import NewWorkbook, new_workbook

SKIP_IN_ZIP = (".itadocs-manifest.json",)


def workbook_name(district: str, year: int | None) -> str:
    """``ita-2569-bang-rak.xlsx``: the year and the district, as the documents are named."""
    parts = ["ita", str(year) if year else "", slug(districts.english(district)) if district
             else ""]
    return "-".join(p for p in parts if p) + ".xlsx"


def blank(folder: Path, district: str | None, year: int | None) -> tuple[str, NewWorkbook]:
    """``itadocs new`` for a district and year: the workbook's name and what was made."""
    made = new_workbook(folder / "new.xlsx", None, district or None, year)
    return workbook_name(made.district, made.fiscal_year), made


def carry(folder: Path, previous: Path, district: str | None, year: int | None
          ) -> tuple[str, NewWorkbook]:
    """``itadocs new --from``: next year's workbook and the report of what changed."""
    made = new_workbook(folder / "carried.xlsx", previous, district or None, year)
    return workbook_name(made.district, made.fiscal_year), made


def check(path: Path) -> Report:
    return check_workbook(path)


def check_round(path: Path, round_months: int) -> ProgressReport:
    """``itadocs.check_progress``: the workbook checked for the round's progress report."""
    return check_progress(path, round_months)


def out_of_step(report: Report) -> int:
    """How many cells ``draft`` would write to give every measure its id and its rows of
    both rounds in the progress sheet (0 when they are in step, or there is no sheet)."""
    from itadocs.workbooks.progressstep import in_step_cells

    return len(in_step_cells(report.data).cells)


def draft(source: Path, output: Path) -> DraftReport:
    """``itadocs draft``: the empty analyses drafted from the scores into a new workbook."""
    return draft_workbook(source, output)


def draftable(report: Report) -> int:
    """How many analyses ``draft`` would write for a checked workbook (0 when the scores
    are not known)."""
    if report.result is None:
        return 0
    drafts = drafts_for(report.data, report.result, load_patterns())
    return sum(d.text is not None for d in drafts)


PHOTO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")


def photo_targets(report: Report, uploaded: str) -> list[str]:
    """Where an uploaded picture goes: each place the workbook's sheet ภาพ names a file of
    that name (relative to the workbook, never outside its folder); none when it names no
    such file, so nothing else is ever written."""
    from pathlib import PurePosixPath, PureWindowsPath

    if not uploaded.lower().endswith(PHOTO_SUFFIXES):
        return []
    found = []
    for photo in report.data.photos:
        named = photo.file.replace("\\", "/")
        parts = PurePosixPath(named).parts
        if (not named or PurePosixPath(named).is_absolute() or PureWindowsPath(named).drive
                or ".." in parts or parts[-1].casefold() != uploaded.casefold()):
            continue
        if named not in found:
            found.append(named)
    return found


@dataclass
class Built:
    """One workbook's documents, written into a download entry."""

    outcome: Outcome
    files: dict[OutputKind, Path] = field(default_factory=dict)


def build(workbook: Path, outdir: Path, templates: Path | None) -> Built:
    """``itadocs build`` of one workbook into ``outdir`` (.docx, CSV and JSON)."""
    outcome = build_workbook(workbook, outdir, templates, pdf=False, force=True)
    return Built(outcome, dict(outcome.outputs))


def progress(workbook: Path, outdir: Path, templates: Path | None, round_months: int
             ) -> Built:
    """``itadocs progress`` of one workbook into ``outdir``: the round's report, its memo
    (when the workbook gives its details), CSV and JSON. Raises what stopped it."""
    [outcome] = build_progress(workbook, outdir, round_months, templates, pdf=False,
                               force=True, jobs=1)
    if outcome.failure is not None:
        raise outcome.failure
    return Built(outcome, dict(outcome.outputs))


def documents(files: dict[OutputKind, Path]) -> dict[OutputKind, Path]:
    """The Word documents among a build's files, whose PDFs the queue makes."""
    return {kind: path for kind, path in files.items() if kind.is_docx}


def zip_name(district: str, year: int | None, round_months: int | None) -> str:
    """``ita-2568-khlong-san.zip``, or ``ita-progress-6-2568-khlong-san.zip`` for a round."""
    name = workbook_name(district, year).removesuffix(".xlsx")
    if round_months is not None:
        name = name.replace("ita-", f"ita-progress-{round_months}-", 1)
    return name + ".zip"


def validate_templates(templates: Path | None) -> None:
    """Raise the library's error when the template folder cannot be used."""
    find_templates(templates)


def add_pdfs(entry: Entry[BuildResult], docx: dict[OutputKind, Path],
             future: Future[list[Path]], preview: Path | None) -> None:
    """Wait for the queued PDFs of ``docx`` (the Word documents by kind), offer them, and
    draw ``preview``'s pages as images."""
    result = entry.result
    try:
        pdfs = future.result()
    except PdfError as exc:
        result.pdf_error = exc
        result.pdf = "failed"
        return
    except Exception as exc:  # shown on the page, never a dead job
        result.pdf_error = PdfError(f"สร้าง PDF ไม่ได้ ({type(exc).__name__})",
                                    f"could not make the PDFs ({exc})", where="PDF")
        result.pdf = "failed"
        return
    finally:
        entry.busy = False
    for pdf in pdfs:
        entry.add(pdf.name, pdf)
    result.pdf_files = {kind.pdf: pdf.name for kind, pdf in zip(docx, pdfs, strict=True)}
    if preview is not None:
        pages = page_images(preview.with_suffix(".pdf"), entry.folder / "pages")
        for page in pages:
            entry.add(page.name, page)
        result.pages = [p.name for p in pages]
    result.pdf = "done"


def as_uploaded(outcome: Outcome, names: dict[str, str], show: Callable[[str], str]
                ) -> Outcome:
    """The outcome as the page and the summary show it: the workbook by the name it was
    uploaded with, its error without the server's folders."""
    shown = replace(outcome, path=Path(names.get(outcome.path.name, outcome.path.name)))
    if outcome.error is not None:
        error = copy.copy(outcome.error)
        error.message_th, error.message_en = show(error.message_th), show(error.message_en)
        error.where = show(error.where)
        shown.error = error
    return shown


def write_summary(outcomes: list[Outcome], out: Path) -> ItadocsError | None:
    """The summary files (``ita-summary.xlsx`` and the CSVs) of the outcomes as shown, or the
    error that stopped them (the page says it; the documents are kept)."""
    from itadocs.build.summary import write_summary as write

    try:
        write(outcomes, out)
    except ItadocsError as exc:
        return exc
    except Exception as exc:  # the documents are written: the page says what failed
        return OutputError(f"เขียนไฟล์สรุปผลไม่ได้ ({type(exc).__name__}) เอกสารของแต่ละเขต"
                           "เขียนเสร็จแล้ว", f"the summary could not be written "
                           f"({type(exc).__name__}); each district's documents are written",
                           where="ita-summary.xlsx")
    return None


def zip_files(files: dict[str, Path], target: Path) -> Path:
    """Every file offered (pictures of pages left out) in one zip, by download name."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, path in sorted(files.items()):
            if name.startswith("page-") or name in SKIP_IN_ZIP or path == target:
                continue
            zf.write(path, name)
    return target


def batch(entry: Entry[BatchResult], inputs: list[Path], templates: Path | None, jobs: int,
          pdf_queue: Callable[[list[Path]], Future[list[Path]]] | None,
          show: Callable[[str], str]) -> None:
    """Build every workbook (``itadocs build FOLDER``), its summary, PDFs and one zip; or,
    for a round (``result.round``), every workbook's progress report (``itadocs progress
    FOLDER --round N``, no summary).

    The workbooks were saved under names of the server's making; the outcomes the page and
    the summary show name each as it was uploaded, and ``show`` takes the server's folders
    and names out of their messages. The workbooks are removed when the build is done."""
    from itadocs.build.batch import build as build_all
    from itadocs.build.summary import summary_tables

    out = entry.folder / "out"
    result, progress = entry.result, entry.result.progress

    def done(outcome: Outcome) -> None:
        progress.done += 1
        progress.current = result.names.get(outcome.path.name, outcome.path.name)

    try:
        if result.round is None:
            outcomes = build_all(inputs, out, templates, pdf=False, force=True, jobs=jobs,
                                 progress=done, summary=False)
        else:
            outcomes = build_progress(inputs, out, result.round, templates, pdf=False,
                                      force=True, jobs=jobs, progress=done)
        order = {p.name: i for i, p in enumerate(inputs)}  # as uploaded
        ranked = sorted(outcomes, key=lambda o: order.get(o.path.name, len(order)))
        result.outcomes = [as_uploaded(o, result.names, show) for o in ranked]
        if result.round is None:
            if len(outcomes) > 1:
                result.summary_error = write_summary(result.outcomes, out)
            result.tables = summary_tables(result.outcomes)
        built = [o for o in outcomes if o.status is Status.BUILT]
        if pdf_queue is not None and built:
            progress.phase = "pdf"
            docx = [path for o in built for path in documents(o.outputs).values()]
            progress.pdfs = [p.with_suffix(".pdf") for p in docx]
            try:
                pdf_queue(docx).result()
            except PdfError as exc:
                result.pdf_error = exc
        progress.phase = "zip"
        if out.is_dir():
            for path in sorted(out.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    entry.add(path.name, path)
            if entry.files:
                archive = zip_files(dict(entry.files), entry.folder / (
                    "ita-documents.zip" if result.round is None
                    else f"ita-progress-{result.round}.zip"))
                entry.add(archive.name, archive)
                result.zip = archive.name
    except ItadocsError as exc:
        result.error = exc
    except Exception as exc:  # the page says so; the server stays up
        result.crash = exc
    finally:
        for folder in {path.parent for path in inputs}:
            shutil.rmtree(folder, ignore_errors=True)
        progress.phase = "done"
        entry.busy = False
