"""Build one workbook or a folder of them: in parallel, safely, skipping what is unchanged.

Workers (one process per core) read, check and render a workbook and hand back bytes; only
this process writes into the output folder, so the manifest and the files never race.
The PDFs of a run are converted by one LibreOffice process once every .docx is written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .exceptions import (
    DuplicateWorkbook,
    HasProblems,
    ItadocsError,
    OutputError,
    Problem,
    WorkbookUnreadable,
)
from .export import Manifest, backup_edited, ensure_folder, output_names, sha256, write_atomic
from .templateset import Templates

DOCX_KINDS = ("measures", "order")


@dataclass
class Outcome(HasProblems):
    """What happened to one workbook."""

    path: Path
    status: str  # built, skipped, failed, edited
    district: str = ""
    fiscal_year: int | None = None
    total: str = ""
    level: str = ""
    tools: dict[str, str] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)  # for the summary
    indicator_names: dict[int, str] = field(default_factory=dict)
    previous_total: str = ""  # from the workbook's previous-year column
    levels: tuple[str, ...] = ()  # the framework's level names, best first
    problems: list[Problem] = field(default_factory=list)
    error: tuple[str, str, str] | None = None  # (th, en, where) when it failed as a whole
    error_type: str = ""  # the ItadocsError subclass, so the library can raise it again
    exit_code: int = 0
    names: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)  # by kind: measures, order, ...
    backups: list[Path] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    fingerprint: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # rendered, by kind, not yet written

    def fail(self, exc: ItadocsError) -> None:
        self.status, self.exit_code = "failed", exc.exit_code
        self.error = (exc.message_th, exc.message_en, exc.where)
        self.error_type = type(exc).__name__


def workbooks_in(targets: Iterable[Path], outdir: Path | None = None) -> list[Path]:
    """The workbooks named, folders expanded (Excel's ~$ lock files, hidden files and what
    itadocs itself wrote there, such as the summary, left out)."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            own = own_outputs(target, outdir)
            found += sorted(
                p for p in target.glob("*.xlsx")
                if not p.name.startswith(("~$", ".")) and p.is_file() and p.name not in own
            )
        else:
            found.append(target)
    return found


def own_outputs(folder: Path, outdir: Path | None = None) -> set[str]:
    """Names of files itadocs wrote into ``folder`` (its manifest's outputs, the summary),
    so that building a folder into itself never reads its own outputs as workbooks."""
    from .export import MANIFEST
    from .summary import SUMMARY_XLSX

    names = set(Manifest(folder).entries)
    if (folder / MANIFEST).exists() or (outdir is not None and _same(folder, outdir)):
        names.add(SUMMARY_XLSX)
    return names


def _english(district: str) -> str:
    from .districts import english

    return f"{english(district)} ({district})" if english(district) else district


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def refuse_duplicates(outcomes: list[Outcome]) -> None:
    """Two workbooks for one district and fiscal year: both fail, naming each other, and
    neither is written (otherwise the last one to finish would silently win)."""
    groups: dict[tuple[str, int], list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.district and outcome.fiscal_year:
            groups.setdefault((outcome.district, outcome.fiscal_year), []).append(outcome)
    for (district, year), same in groups.items():
        if len(same) < 2:
            continue
        names = [o.path.name for o in same]
        if len(set(names)) < len(names):
            names = [str(o.path) for o in same]
        files = ", ".join(names)
        error = DuplicateWorkbook(
            f"สมุดงาน {files} เป็นของเขต{district} ปีงบประมาณ {year} เหมือนกัน จึงไม่สร้างเอกสาร"
            "จากไฟล์ใดเลย (ให้เหลือไฟล์เดียว หรือแก้เขต/ปีในแผ่นงาน หน่วยงาน)",
            f"workbooks {files} are for the same district, {_english(district)}, fiscal year "
            f"{year}; none was built "
            "(keep one, or correct the district or year on sheet หน่วยงาน)",
            where=files,
        )
        for outcome in same:
            outcome.fail(error)
            outcome.files, outcome.total, outcome.level, outcome.tools = {}, "", "", {}


def fingerprint(report, templates: Templates, pdf: bool) -> str:
    """What the outputs depend on: the workbook, the templates, the photos, this version."""
    from .checks import photo_path
    from .framework import source_texts

    parts = [__version__.encode(), b"pdf" if pdf else b"docx", report.path.read_bytes()]
    for file in templates.files():
        parts += [file.name.encode(), file.read_bytes()]
    for photo in report.data.photos:
        found = photo_path(report.path.parent, photo.file) if photo.file else None
        if found:
            parts += [photo.file.encode(), found.read_bytes()]
    parts += [text.encode() for _, text in sorted(source_texts().items())]
    return sha256(b"\0".join(parts))


def _prepare(path: Path, outdir: Path, templates: Templates, pdf: bool, force: bool,
             manifest: dict[str, dict[str, str]]) -> Outcome:
    """Worker: read, check and (unless unchanged or edited) render one workbook."""
    from . import schema
    from .pipeline import check_workbook, data_files, render_documents

    outcome = Outcome(path, "failed")
    try:
        report = check_workbook(path)
    except ItadocsError as exc:
        outcome.fail(exc)
        outcome.exit_code = exc.exit_code
        return outcome
    unit = report.data.unit
    outcome.district, outcome.fiscal_year = unit.district, unit.fiscal_year
    outcome.problems = report.problems
    result = report.result
    if result is not None and report.ok:  # a total is only reported for a valid workbook
        outcome.total = f"{result.total:.2f}" if result.total is not None else ""
        outcome.level = result.level.name if result.level else ""
        outcome.tools = {t.tool.code: f"{t.score:.2f}" for t in result.tools
                         if t.score is not None}
        _for_summary(outcome, result)
    if not report.ok:
        outcome.exit_code = 1
        return outcome
    outcome.problems = [*report.problems, *template_warnings(templates)]
    outcome.names = output_names(schema.lists().district_en(unit.district),
                                 unit.fiscal_year or 0, pdf)
    outcome.fingerprint = fingerprint(report, templates, pdf)
    state = Manifest(outdir, manifest)
    names = list(outcome.names.values())
    if not force and state.unchanged(names, outcome.fingerprint):
        outcome.status = "skipped"
        return outcome
    outcome.edited = [n for n in names if state.edited(n)]
    if outcome.edited and not force:
        outcome.status = "edited"
        outcome.exit_code = 1
        return outcome
    try:
        files = render_documents(report, templates)
        files.update(data_files(report))
    except ItadocsError as exc:
        outcome.fail(exc)
        outcome.exit_code = exc.exit_code
        return outcome
    outcome.files = files
    outcome.status = "built"
    return outcome


def _for_summary(outcome: Outcome, result) -> None:
    from .thai import fmt2

    fw = result.framework
    outcome.indicators = {n: fmt2(v) for n, v in result.indicators.items() if v is not None}
    outcome.indicator_names = {i.number: i.name for i in fw.indicators}
    outcome.previous_total = fmt2(result.previous_total)
    outcome.levels = tuple(level.name for level in fw.levels)


def template_warnings(templates: Templates) -> list[Problem]:
    """What the documents will lack because of the templates (the Garuda)."""
    from .exceptions import Severity
    from .templateset import GARUDA

    if templates.garuda is not None:
        return []
    if templates.folder is not None:
        where_th = where_en = str(templates.folder / GARUDA)
    else:
        where_th = f"{GARUDA} ในโฟลเดอร์แม่แบบของเขต แล้วสั่ง build --templates โฟลเดอร์นั้น"
        where_en = (f"{GARUDA} in the district's template folder and build with "
                    "--templates FOLDER")
    return [Problem(
        Severity.WARNING, "garuda_missing", "", "",
        f"ไม่มีไฟล์ตราครุฑ ({GARUDA}): คำสั่งจะเว้นที่ว่างสูง ๓ ซม. ไว้ด้านบนของหน้าแรก "
        f"ให้วางตราครุฑ (PNG พื้นโปร่งใส) เป็น {where_th} หรือวางตราครุฑลงในเอกสารก่อนลงนาม",
        f"no Garuda image ({GARUDA}): the order leaves its 3 cm space at the top of page 1 "
        f"empty; put the emblem (a transparent PNG) as {where_en}, or paste it into the "
        "document before signing",
    )]


def _write(outcome: Outcome, outdir: Path, manifest: Manifest, stamp: str) -> None:
    """Parent: keep edited files as backups (with --force), then write every output."""
    for name in outcome.edited:
        target = outdir / name
        if target.exists():
            outcome.backups.append(backup_edited(target, stamp))
    for kind, data in outcome.files.items():
        name = outcome.names[kind]
        outcome.outputs[kind] = write_atomic(outdir / name, data)
        manifest.record(name, data, outcome.fingerprint, outcome.path.name)
    outcome.files = {}


def build(
    targets: list[Path],
    outdir: Path,
    templates: Path | None = None,
    *,
    pdf: bool = False,
    force: bool = False,
    jobs: int | None = None,
    create_outdir: bool = True,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Build every workbook in ``targets`` (files or folders) into ``outdir``."""
    from .pipeline import find_templates

    paths = workbooks_in(targets, outdir)
    if not paths:
        where = ", ".join(str(t) for t in targets)
        raise WorkbookUnreadable(
            f"ไม่พบสมุดงาน .xlsx ใน {where}", f"no .xlsx workbook found in {where}", where=where
        )
    folder = find_templates(templates)
    created = not outdir.exists()
    ensure_folder(outdir, create_outdir)
    manifest = Manifest(outdir)
    snapshot = dict(manifest.entries)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    outcomes: list[Outcome] = []

    def collect(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    try:
        if workers == 1:
            for path in paths:
                collect(_prepare(path, outdir, folder, pdf, force, snapshot))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(_prepare, p, outdir, folder, pdf, force, snapshot)
                           for p in paths]
                for future in as_completed(futures):
                    collect(future.result())
        order = {p: i for i, p in enumerate(paths)}
        outcomes.sort(key=lambda o: order[o.path])
        refuse_duplicates(outcomes)  # before anything is written
        for outcome in outcomes:
            if outcome.status == "built":
                try:
                    _write(outcome, outdir, manifest, stamp)
                except OutputError as exc:
                    outcome.fail(exc)
        if pdf:
            _convert_pdfs(outcomes, outdir, manifest)
    finally:
        manifest.save()
        if created and not any(outdir.iterdir()):
            outdir.rmdir()  # nothing was built: leave no empty folder behind
    return outcomes


def _convert_pdfs(outcomes: list[Outcome], outdir: Path, manifest: Manifest) -> None:
    """All PDFs of the run through one LibreOffice process; .docx stay even if it fails."""
    from .pdf import PdfError, convert_to_pdf

    wanted = [o for o in outcomes if o.status == "built"]
    docx = [outdir / o.names[kind] for o in wanted for kind in DOCX_KINDS]
    if not docx:
        return
    try:
        convert_to_pdf(docx, outdir)
    except PdfError as exc:
        for outcome in wanted:
            outcome.fail(exc)
        return
    for outcome in wanted:
        for kind in DOCX_KINDS:
            name = outcome.names[f"{kind}_pdf"]
            path = outdir / name
            outcome.outputs[f"{kind}_pdf"] = path
            manifest.record(name, path.read_bytes(), outcome.fingerprint, outcome.path.name)


def write_summary(outcomes: list[Outcome], outdir: Path) -> list[Path]:
    """The summary workbook and CSV files of a folder build (see ``summary.py``)."""
    from .summary import write_summary as write

    return write(outcomes, outdir)
