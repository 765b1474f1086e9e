"""Build one workbook or a folder of them: in parallel, safely, skipping what is unchanged.

Workers (one process per core) read, check and render a workbook and hand back bytes; only
this process writes into the output folder, so the manifest and the files never race.
The PDFs of a run are converted by one LibreOffice process once every .docx is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from itadocs import __version__
from itadocs.build.batchpdf import BuildPdfs
from itadocs.build.folderlock import locked, remove_leftovers, remove_stale_scratch
from itadocs.build.lifecycle import signals_as_exceptions, stop_workers, worker_init
from itadocs.build.outputs import Manifest, backup_edited, ensure_folder, output_names
from itadocs.build.report import BuildReport, Outcome, Status
from itadocs.checking.check import Report
from itadocs.cleantext import file_label
from itadocs.documents.templateset import Templates
from itadocs.exceptions import (
    DuplicateWorkbook,
    ItadocsError,
    OutputError,
    Problem,
    WorkbookUnreadable,
)
from itadocs.files import commit, sha256, stage
from itadocs.kinds import OutputKind
from itadocs.messages import Message, ProblemCode
from itadocs.model import RoundTexts

READ = (".xlsx", ".xlsm")  # read (a macro-enabled workbook without its macros)
REFUSED = {  # spreadsheets of another kind: named, with what to do, never silently left
    ".xls": ("เป็นไฟล์ Excel รุ่นเก่า (.xls) เปิดใน Excel แล้วบันทึกเป็น .xlsx (สมุดงาน Excel)",
             "is an old Excel file (.xls); open it in Excel and save it as .xlsx (Excel "
             "Workbook)"),
    ".xlsb": ("เป็นสมุดงานไบนารีของ Excel (.xlsb) เปิดใน Excel แล้วบันทึกเป็น .xlsx",
              "is an Excel binary workbook (.xlsb); open it in Excel and save it as .xlsx"),
    ".xltx": ("เป็นแม่แบบของ Excel (.xltx) ไม่ใช่สมุดงาน บันทึกเป็น .xlsx",
              "is an Excel template (.xltx), not a workbook; save it as .xlsx"),
    ".xltm": ("เป็นแม่แบบของ Excel (.xltm) ไม่ใช่สมุดงาน บันทึกเป็น .xlsx",
              "is an Excel template (.xltm), not a workbook; save it as .xlsx"),
    ".ods": ("เป็นไฟล์ OpenDocument (.ods) บันทึกเป็น .xlsx (ไฟล์ > บันทึกเป็น > Excel 2007-365)",
             "is an OpenDocument spreadsheet (.ods); save it as .xlsx (File > Save As > "
             "Excel 2007-365)"),
    ".numbers": ("เป็นไฟล์ Numbers ส่งออกเป็น .xlsx (ไฟล์ > ส่งออกเป็น > Excel)",
                 "is a Numbers spreadsheet; export it as .xlsx (File > Export To > Excel)"),
}


@dataclass(frozen=True)
class Skipped:
    """A file of a folder build that is not read as a workbook, and why; ``refused`` when
    it looks like a district's workbook in a form itadocs cannot read (its district fails),
    else it is only named (Excel's lock file of an open workbook, a hidden file)."""

    path: Path
    reason: Message
    refused: bool


@dataclass
class Targets:
    """What a build was given, folders expanded: the workbooks to read, the other
    spreadsheet files and why they are not read, and every file in the order named."""

    paths: list[Path]
    skipped: list[Skipped]
    order: list[Path]

    @property
    def refused(self) -> list[Skipped]:
        return [s for s in self.skipped if s.refused]


def workbooks_in(targets: Iterable[Path], outdir: Path | None = None) -> list[Path]:
    """The workbooks named, folders expanded (see ``find_workbooks``)."""
    return find_workbooks(targets, outdir).paths


def find_workbooks(targets: Iterable[Path], outdir: Path | None = None) -> Targets:
    """The workbooks named, folders expanded: every ``.xlsx`` and ``.xlsm`` in any letter
    case; and every other spreadsheet file of those folders with why it is not read (what
    itadocs itself wrote there, such as the summary, is left out silently)."""
    found = Targets([], [], [])
    for target in targets:
        if not target.is_dir():
            found.paths.append(target)
            found.order.append(target)
            continue
        own = own_outputs(target, outdir)
        for path in sorted(target.iterdir()):
            suffix = path.suffix.lower()
            if (suffix not in READ and suffix not in REFUSED) or path.name in own:
                continue
            if not path.is_file():
                continue
            why = _not_read(path, suffix)
            if why is None:
                found.paths.append(path)
            else:
                found.skipped.append(why)
            found.order.append(path)
    return found


def _not_read(path: Path, suffix: str) -> Skipped | None:
    name = file_label(path.name)
    if path.name.startswith("~$"):
        return Skipped(path, Message(
            f"{name} เป็นไฟล์ล็อกที่ Excel สร้างขณะเปิดสมุดงาน {name[2:]} ไม่ใช่สมุดงาน จึงข้าม "
            "(ปิดสมุดงานใน Excel แล้วไฟล์นี้จะหายไป)",
            f"{name} is the lock file Excel keeps while {name[2:]} is open, not a workbook: "
            "skipped (it goes away when the workbook is closed)"), refused=False)
    if path.name.startswith("."):
        return Skipped(path, Message(
            f"{name} เป็นไฟล์ซ่อน (ชื่อขึ้นต้นด้วยจุด เช่น ไฟล์ที่ macOS สร้าง) จึงข้าม",
            f"{name} is a hidden file (its name starts with a dot, as macOS's ._ copies do): "
            "skipped"), refused=False)
    if suffix in READ:
        return None
    th, en = REFUSED[suffix]
    return Skipped(path, Message(f"{name} {th} แล้วสั่งใหม่", f"{name} {en}, and run again"),
                   refused=True)


def own_outputs(folder: Path, outdir: Path | None = None) -> set[str]:
    """Names of files itadocs wrote into ``folder`` (its manifest's outputs, the summary),
    so that building a folder into itself never reads its own outputs as workbooks."""
    from itadocs.build.outputs import MANIFEST
    from itadocs.build.summary import SUMMARY_XLSX

    names = set(Manifest(folder).entries)
    if (folder / MANIFEST).exists() or (outdir is not None and _same(folder, outdir)):
        names.add(SUMMARY_XLSX)
    return names


def _english(district: str) -> str:
    from itadocs.reading.districts import english

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
        names = [file_label(o.path) for o in same]
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


def fingerprint(report, templates: Templates, pdf: bool, round_months: int | None = None
                ) -> str:
    """What the outputs depend on: the workbook, the templates, the photos, this version
    (and the round, for a progress report)."""
    from itadocs.documents.templateset import PROGRESS, PROGRESS_MEMO
    from itadocs.framework import source_texts
    from itadocs.reading.photos import source

    parts = [__version__.encode(), b"pdf" if pdf else b"docx", report.path.read_bytes()]
    files = templates.files()
    if round_months is not None:
        parts.append(f"progress {round_months}".encode())
        files = templates.files((PROGRESS, PROGRESS_MEMO))
    for file in files:
        parts += [file.name.encode(), file.read_bytes()]
    for photo in report.data.photos:
        if photo.file:  # a pasted picture is part of the workbook's bytes already
            parts += [photo.file.encode(), source(photo, report.path.parent) or b""]
    parts += [text.encode() for _, text in sorted(source_texts().items())]
    return sha256(b"\0".join(parts))


@dataclass(frozen=True)
class CheckJob:
    """A worker's first pass over one workbook: what it needs to know of the build."""

    path: Path
    outdir: Path
    templates: Templates
    pdf: bool
    force: bool
    manifest: dict[str, dict[str, str]]  # the manifest's entries as the build began
    round_months: int | None = None  # a round's progress report instead of the documents


@dataclass
class Checked:
    """A workbook after the first pass: its outcome, and its report when it is rendered."""

    outcome: Outcome
    report: Report | None = None

    @classmethod
    def died(cls, job: CheckJob, exc: BaseException) -> Checked:
        return cls(Outcome(job.path, Status.FAILED).fail(unexpected(job.path, exc)))


@dataclass(frozen=True)
class RenderJob:
    """A worker's second pass: the documents and data files of a checked workbook."""

    outcome: Outcome
    report: Report
    templates: Templates
    pdf: bool = False  # typeset the documents' copies for LibreOffice too

    @property
    def path(self) -> Path:
        return self.outcome.path

    def died(self, exc: BaseException) -> Outcome:
        return Outcome(self.path, Status.FAILED).fail(unexpected(self.path, exc))


def check_job(job: CheckJob) -> Checked:
    """Worker, first pass: read and check one workbook, whatever goes wrong with it (the
    others go on)."""
    try:
        return _check_one(job)
    except Exception as exc:
        return Checked(Outcome(job.path, Status.FAILED).fail(_fault(job.path, exc)))


def render_job(job: RenderJob) -> Outcome:
    """Worker, second pass: the documents and the data files, in memory (of a round's
    progress report, for a ``ProgressReport``)."""
    from itadocs.build.datafiles import data_files
    from itadocs.build.progressfiles import progress_files
    from itadocs.checking.progress import ProgressReport
    from itadocs.documents.compose import render_documents
    from itadocs.documents.progress import render_progress
    from itadocs.documents.typeset import pdf_copy
    from itadocs.framework import all_indicator_names

    outcome = job.outcome
    try:
        if isinstance(job.report, ProgressReport):
            files = render_progress(job.report, job.templates)
            files.update(progress_files(job.report))
        else:
            files = render_documents(job.report, job.templates)
            files.update(data_files(job.report))
        if job.pdf:  # typeset here, in the workers, not by the one process that converts
            outcome.pdf_sources = {kind: pdf_copy(data, all_indicator_names())
                                   for kind, data in files.items() if kind.is_docx}
    except Exception as exc:
        return outcome.fail(_fault(outcome.path, exc))
    outcome.files = files
    outcome.status = Status.BUILT
    return outcome


def _fault(path: Path, exc: Exception) -> ItadocsError:
    if isinstance(exc, ItadocsError):
        return exc
    if isinstance(exc, OSError):  # a photo or the workbook unreadable now, a full disk
        reason = exc.strerror or type(exc).__name__
        where = file_label(exc.filename or path)
        return OutputError(
            f"อ่านหรือเขียนไฟล์ {where} ไม่ได้ระหว่างสร้างเอกสาร: {reason}",
            f"cannot read or write {where} while building: {reason}",
            where=file_label(path),
        )
    return unexpected(path, exc)


def unexpected(path: Path, exc: BaseException) -> ItadocsError:
    """An error nobody foresaw, told as one district's failure, never a traceback."""
    name = file_label(path)
    what = f"{type(exc).__name__}: {str(exc)[:300]}"
    return ItadocsError(
        f"สร้างเอกสารจากสมุดงาน {name} ไม่สำเร็จเพราะข้อผิดพลาดที่ไม่คาดคิด ({what}) "
        "เขตอื่นยังสร้างต่อ กรุณาแจ้งผู้ดูแลระบบพร้อมไฟล์นี้",
        f"building from {name} failed with an unexpected error ({what}); the other "
        "districts went on; please report it with this file",
        where=name,
    )


def _check_one(job: CheckJob) -> Checked:
    from itadocs.checking.check import check_workbook
    from itadocs.checking.progress import check_progress
    from itadocs.reading import schema

    outcome = Outcome(job.path, Status.FAILED)
    try:
        report = (check_workbook(job.path) if job.round_months is None
                  else check_progress(job.path, job.round_months))
    except ItadocsError as exc:
        return Checked(outcome.fail(exc))
    unit = report.data.unit
    outcome.district, outcome.fiscal_year = unit.district, unit.fiscal_year
    outcome.survey = unit.survey()
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
        return Checked(outcome)
    outcome.problems = [*report.problems, *template_warnings(job.templates, job.round_months)]
    outcome.names = output_names(schema.lists().district_en(unit.district),
                                 unit.fiscal_year or 0, job.pdf, job.round_months)
    if job.round_months is not None and not report.data.progress.rounds.get(
            job.round_months, RoundTexts()).has_memo:
        for kind in (OutputKind.PROGRESS_MEMO, OutputKind.PROGRESS_MEMO_PDF):
            outcome.names.pop(kind, None)  # no memo asked for
    outcome.fingerprint = fingerprint(report, job.templates, job.pdf, job.round_months)
    if job.round_months is not None:
        outcome.progress = progress_line(report.data, job.round_months)
    state = Manifest(job.outdir, job.manifest)
    names = list(outcome.names.values())
    if not job.force and state.unchanged(names, outcome.fingerprint):
        outcome.status = Status.SKIPPED
        return Checked(outcome)
    outcome.edited = [n for n in names if state.edited(n)]
    if outcome.edited and not job.force:
        outcome.status = Status.EDITED
        outcome.exit_code = 1
        return Checked(outcome)
    outcome.status = Status.CHECKED
    return Checked(outcome, report)


def progress_line(data, round_months: int) -> Message:
    """A round's report in one line: its measures counted by status."""
    from itadocs.reading import schema

    ids = {m.id for m in data.measures if m.id and m.text.strip()}
    rows = {r.measure_id: r for r in data.progress.rows
            if r.round == round_months and r.measure_id in ids}
    counts = [sum(1 for r in rows.values() if r.status == s) for s in schema.STATUS_CHOICES]
    done, doing, not_started = counts
    return Message(f"รอบ {round_months} เดือน: {len(ids)} มาตรการ ดำเนินการแล้ว {done} "
                   f"อยู่ระหว่างดำเนินการ {doing} ยังไม่ดำเนินการ {not_started}",
                   f"round {round_months}: {len(ids)} measures, {done} done, {doing} under "
                   f"way, {not_started} not started")


def _for_summary(outcome: Outcome, result) -> None:
    from itadocs.thai import fmt2

    fw = result.framework
    outcome.indicators = {n: fmt2(v) for n, v in result.indicators.items() if v is not None}
    outcome.indicator_names = {i.number: i.name for i in fw.indicators}
    outcome.previous_total = fmt2(result.previous_total)
    outcome.levels = tuple(level.name for level in fw.levels)
    outcome.pass_mark = fmt2(fw.pass_mark)


def template_warnings(templates: Templates, round_months: int | None = None
                      ) -> list[Problem]:
    """What the documents will lack because of the templates (the Garuda; a progress
    report has none, its memo an empty corner)."""
    from itadocs.documents.templateset import GARUDA
    from itadocs.exceptions import Severity

    if templates.garuda is not None or round_months is not None:
        return []
    if templates.folder is not None:
        where_th = where_en = str(templates.folder / GARUDA)
    else:
        where_th = f"{GARUDA} ในโฟลเดอร์แม่แบบของเขต แล้วสั่ง build --templates โฟลเดอร์นั้น"
        where_en = (f"{GARUDA} in the district's template folder and build with "
                    "--templates FOLDER")
    return [Problem(
        Severity.WARNING, ProblemCode.GARUDA_MISSING, "", "",
        Message(f"ไม่มีไฟล์ตราครุฑ ({GARUDA}): คำสั่งจะเว้นที่ว่างสูง ๓ ซม. ไว้ด้านบนของหน้าแรก "
        f"ให้วางตราครุฑ (PNG พื้นโปร่งใส) เป็น {where_th} หรือวางตราครุฑลงในเอกสารก่อนลงนาม",
        f"no Garuda image ({GARUDA}): the order leaves its 3 cm space at the top of page 1 "
        f"empty; put the emblem (a transparent PNG) as {where_en}, or paste it into the "
        "document before signing",
        web=Message(
            "ไม่มีตราครุฑ: คำสั่งจะเว้นที่ว่างสูง ๓ ซม. ไว้ด้านบนของหน้าแรก อัปโหลดตราครุฑของสำนักงาน "
            "(PNG พื้นโปร่งใส) ที่ 'แม่แบบและตราครุฑของสำนักงาน' บนหน้าแรก แล้วสร้างเอกสารอีกครั้ง "
            "หรือวางตราครุฑลงในเอกสารก่อนลงนาม",
            "no Garuda image: the order leaves its 3 cm space at the top of page 1 empty; "
            "upload the office's emblem (a transparent PNG) at \"The office's templates and "
            "Garuda\" on the home page and build again, or paste it into the document before "
            "signing")),
    )]


def _write(outcome: Outcome, outdir: Path, manifest: Manifest, stamp: str) -> None:
    """Parent: keep edited files as backups (with --force), then put every output in place.

    The files are staged on disk first, then recorded in the manifest (saved durably), then
    renamed into place: a run killed at any point leaves every file either old or new, and
    known to the manifest either way.
    """
    for name in outcome.edited:
        target = outdir / name
        if target.exists():
            outcome.backups.append(backup_edited(target, stamp))
    names = {kind: outcome.names[kind] for kind in outcome.files}
    before = {name: manifest.entries.get(name) for name in names.values()}
    staged: dict[str, Path] = {}
    done: list[str] = []
    intended = False
    try:
        for kind, data in outcome.files.items():
            staged[kind] = stage(outdir / names[kind], data)
        source = file_label(outcome.path)
        for kind, data in outcome.files.items():
            manifest.intend(names[kind], data, outcome.fingerprint, source)
        manifest.save()
        intended = True
        for kind in outcome.files:
            outcome.outputs[kind] = commit(staged.pop(kind), outdir / names[kind])
            done.append(names[kind])
        manifest.settle(done)
        manifest.save()
    except Exception:
        for name, entry in before.items():  # what was not put in place stays as it was
            if name in done:
                continue
            if entry is None:
                manifest.entries.pop(name, None)
            else:
                manifest.entries[name] = entry
        manifest.settle(done)
        manifest.dirty = intended  # the manifest on disk names files that are not in place
        with contextlib.suppress(ItadocsError):
            manifest.save()
        raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
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
    summary: bool | None = None,
    round_months: int | None = None,
    today: dt.date | None = None,
) -> BuildReport:
    """Build every workbook in ``targets`` (files or folders) into ``outdir``.

    Each district succeeds or fails on its own. The folder is locked for the run (a second
    build is refused at once); each district is recorded in the manifest as soon as its
    files are written; SIGTERM and SIGHUP stop the run like Ctrl-C (``Interrupted``), and
    the workers end with it. The summary files are written at the end when more than one
    workbook is built (``summary`` says otherwise); a fault writing them is reported in
    ``summary_error``, not raised. Returns the ``BuildReport``: a front end presents it.
    With ``round_months`` (6 or 12) each workbook's progress report of that round is
    built instead (its documents and data files; no summary). ``today`` is the summary's
    day for the year's calendar (the machine's date by default).
    """
    from itadocs.documents.compose import find_templates

    found = find_workbooks(targets, outdir)
    paths = found.paths
    if not paths and not found.refused:
        raise _none_found(targets, found.skipped)
    folder = find_templates(templates)
    created = not outdir.exists()
    ensure_folder(outdir, create_outdir)
    run = BuildReport()
    run.many = len(paths) + len(found.refused) > 1
    if summary is None:
        summary = run.many and round_months is None
    try:
        with locked(outdir), signals_as_exceptions():
            run.notices += _tidy(outdir)
            run.extend(_skipped_outcomes(found.skipped))
            manifest = Manifest(outdir)
            if manifest.damaged:
                run.notices.append(_damaged_notice(manifest))
            with contextlib.ExitStack() as stack:
                pdfs = (stack.enter_context(BuildPdfs(outdir, manifest, 2 * len(paths)))
                        if pdf else None)
                _build_all(paths, outdir, folder, manifest, run, pdfs=pdfs, force=force,
                           jobs=jobs, progress=progress, round_months=round_months)
                if pdfs is not None:
                    pdfs.finish(run)
            if summary and not (created and not any(o.outputs for o in run)):
                # an output folder made for this run is not left with only a summary in it
                run.summary, run.summary_error = _summarise(run, outdir, found.order, today)
            elif round_months is None and any(o.outputs for o in run):
                run.notices += _summary_behind(outdir)
    finally:
        if created and outdir.is_dir() and not any(outdir.iterdir()):
            outdir.rmdir()  # nothing was built: leave no empty folder behind
    order = {p: i for i, p in enumerate(found.order)}
    run.sort(key=lambda o: order[o.path])
    return run


def _skipped_outcomes(skipped: list[Skipped]) -> list[Outcome]:
    """A refused file fails as its district would; another is only named."""
    outcomes = []
    for item in skipped:
        if item.refused:
            label = file_label(item.path)
            outcomes.append(Outcome(item.path, Status.FAILED).fail(
                WorkbookUnreadable(item.reason.th, item.reason.en, where=label)))
        else:
            outcomes.append(Outcome(item.path, Status.IGNORED, note=item.reason))
    return outcomes


def _none_found(targets: list[Path], skipped: list[Skipped]) -> WorkbookUnreadable:
    where = ", ".join(str(t) for t in targets)
    th, en = f"ไม่พบสมุดงาน .xlsx ใน {where}", f"no .xlsx workbook found in {where}"
    if skipped:
        th += " (" + "; ".join(s.reason.th for s in skipped) + ")"
        en += " (" + "; ".join(s.reason.en for s in skipped) + ")"
    return WorkbookUnreadable(th, en, where=where)


def _build_all(paths: list[Path], outdir: Path, folder: Templates, manifest: Manifest,
               run: BuildReport, *, pdfs: BuildPdfs | None, force: bool, jobs: int | None,
               progress: Callable[[Outcome], None] | None,
               round_months: int | None = None) -> None:
    """Check every workbook, refuse duplicate district-years, then render the rest and
    write each district as soon as it is rendered (and hand its documents to LibreOffice,
    with ``pdfs``)."""
    pdf = pdfs is not None
    snapshot = dict(manifest.entries)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")

    def finish(outcome: Outcome) -> None:
        if outcome.status is Status.BUILT:
            try:
                _write(outcome, outdir, manifest, stamp)
            except ItadocsError as exc:
                outcome.fail(exc)
            except Exception as exc:  # e.g. a backup that cannot be renamed
                outcome.fail(unexpected(outcome.path, exc))
            if pdfs is not None:
                pdfs.add(outcome)
        run.append(outcome)
        if progress:
            progress(outcome)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    with _Workers(workers) as pool:
        checked = list(pool.as_done(
            check_job, [CheckJob(p, outdir, folder, pdf, force, snapshot, round_months)
                        for p in paths],
            Checked.died))
        order = {p: i for i, p in enumerate(paths)}
        checked.sort(key=lambda c: order[c.outcome.path])
        refuse_duplicates([c.outcome for c in checked])  # before anything is written
        todo = []
        for c in checked:
            if c.outcome.status is Status.CHECKED and c.report is not None:
                todo.append(RenderJob(c.outcome, c.report, folder, pdf))
            else:
                finish(c.outcome)
        for outcome in pool.as_done(render_job, todo, RenderJob.died):
            finish(outcome)


Job = TypeVar("Job", CheckJob, RenderJob)
Result = TypeVar("Result", Checked, Outcome)


class _Workers:
    """Run worker functions in processes (or here, for one job); a worker that dies fails
    its own workbook, and the pool is stopped at once if the build is interrupted."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pool: Any = None

    def __enter__(self) -> _Workers:
        if self.count > 1:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.count, initializer=worker_init,
                                            initargs=(os.getpid(),))
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if self.pool is None:
            return
        if kind is None:
            self.pool.shutdown(wait=True)
        else:
            stop_workers(self.pool)

    def as_done(self, fn: Callable[[Job], Result], jobs: list[Job],
                died: Callable[[Job, BaseException], Result]) -> Iterator[Result]:
        """``fn(job)`` for each job, yielded as each finishes; ``died(job, exc)`` stands for
        the result of a worker that died (killed, out of memory)."""
        if self.pool is None:
            for job in jobs:
                yield fn(job)
            return
        from concurrent.futures import as_completed

        futures = {self.pool.submit(fn, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:
                yield died(futures[future], exc)


def _tidy(outdir: Path) -> list[Message]:
    """Remove what a killed run left (temporary files here, private temporary folders)."""
    removed = remove_leftovers(outdir)
    remove_stale_scratch()
    if not removed:
        return []
    names = ", ".join(removed[:5]) + (" …" if len(removed) > 5 else "")
    return [Message(
        f"ลบไฟล์ชั่วคราว {len(removed)} รายการที่งานก่อนหน้าซึ่งถูกหยุดกลางคันทิ้งไว้ ({names})",
        f"removed {len(removed)} temporary file(s) left by an interrupted run ({names})")]


def _damaged_notice(manifest: Manifest) -> Message:
    return Message(
        f"บันทึกการสร้าง {manifest.path.name} เสียหาย ({manifest.damaged}) "
        "ไฟล์ผลลัพธ์ที่ไม่มีในบันทึกจะถือว่าแก้ด้วยมือและจะไม่ถูกเขียนทับ (ใช้ --force "
        "เพื่อสร้างใหม่ โดยเก็บสำเนาไว้)",
        f"the manifest {manifest.path.name} is damaged ({manifest.damaged}); outputs it does "
        "not describe are taken as edited by hand and not overwritten (use --force to "
        "rebuild them; copies are kept)",
    )


def _summary_behind(outdir: Path) -> list[Message]:
    """An earlier many-district build's summary, left as it was by a build of one workbook
    into the same folder: its figures for the district just built may be old."""
    from itadocs.build.summary import SUMMARY_XLSX

    if not (outdir / SUMMARY_XLSX).is_file():
        return []
    return [Message(
        f"{SUMMARY_XLSX} ในโฟลเดอร์นี้มาจากการสร้างหลายเขตครั้งก่อน และไม่ได้ปรับตามเขตที่เพิ่ง"
        "สร้าง สร้างทั้งโฟลเดอร์สมุดงานอีกครั้งเพื่อปรับสรุปผล",
        f"{SUMMARY_XLSX} in this folder is from an earlier many-district build and does not "
        "reflect the district just built; build the whole folder of workbooks again to "
        "bring the summary up to date")]


def _summarise(outcomes: list[Outcome], outdir: Path, paths: list[Path],
               today: dt.date | None = None) -> tuple[list[Path], ItadocsError | None]:
    """The summary files, or the reason they could not be written (never raised)."""
    order = {p: i for i, p in enumerate(paths)}
    ranked = sorted(outcomes, key=lambda o: order[o.path])
    try:
        return write_summary(ranked, outdir, today), None
    except ItadocsError as exc:
        return [], exc
    except Exception as exc:
        return [], ItadocsError(
            f"เขียนไฟล์สรุปผลใน {outdir} ไม่ได้ ({type(exc).__name__}: {str(exc)[:200]}) "
            "เอกสารของแต่ละเขตเขียนเสร็จแล้ว",
            f"cannot write the summary in {outdir} ({type(exc).__name__}: {str(exc)[:200]}); "
            "each district's documents are written",
            where=str(outdir),
        )


def write_summary(outcomes: list[Outcome], outdir: Path, today: dt.date | None = None
                  ) -> list[Path]:
    """The summary workbook and CSV files of a folder build (see ``summary.py``)."""
    from itadocs.build.summary import write_summary as write

    return write(outcomes, outdir, today)
