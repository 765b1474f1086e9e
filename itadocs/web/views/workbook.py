"""Pages of one workbook: a blank or carried-over one to start with, then its check, the
draft of its analyses, the photos it names and its chart.

Every upload is saved under a name of the server's making (``store.stored_name``) and shown
by the name it was uploaded with (``store.safe_name``), which the page puts back into every
message that names the file.
"""

from __future__ import annotations

import shutil

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from itadocs.build.report import cannot_build
from itadocs.messages import Message
from itadocs.reading.districts import english
from itadocs.reading.schema import ANALYSIS
from itadocs.web import actions, present
from itadocs.web.errors import name_file, titled
from itadocs.web.pages import Server, session_of
from itadocs.web.results import CarryResult, CheckedWorkbook, NewResult
from itadocs.web.security import posted_form
from itadocs.web.store import cut_to_bytes, safe_name, stored_name
from itadocs.web.views import progress
from itadocs.web.views.forms import save, upload_of, year_of

PHOTO_FILES = 60  # pictures added to one workbook at once
NOT_STARTED = Message("เริ่มสมุดงานไม่ได้", "The workbook could not be made")
NOT_READ = Message("เปิดสมุดงานไม่ได้", "The workbook could not be read")
NOT_DRAFTED = Message("ร่างการวิเคราะห์ไม่ได้", "The analyses could not be drafted")
WORKBOOK = "workbook.xlsx"  # the name shown for an upload without one


async def new(request: Request, server: Server) -> Response:
    """A blank workbook for a district and year: its page, with the download."""
    form = await posted_form(request, max_files=0)
    district = str(form.get("district") or "").strip()
    with titled(NOT_STARTED), server.store.work() as folder:
        year = year_of(form.get("year"))
        name, made = await server.workers.build(actions.blank, folder, district, year)
        entry = server.store.add(session_of(request).id, NewResult(
            name, made.district, english(made.district) or made.district, made.fiscal_year,
            made.notes))
        entry.add(name, made.path.replace(entry.folder / name))
    return RedirectResponse(f"/new/{entry.token}", 303)


async def blank(request: Request, server: Server) -> Response:
    entry = server.entry(request, NewResult)
    return server.page(request, "new.html", entry=entry, data=entry.result)


async def carry(request: Request, server: Server) -> Response:
    """Next year's workbook from last year's, with the report of what was carried over."""
    form = await posted_form(request, max_files=1)
    try:
        upload = upload_of(form.get("workbook"))
        shown = safe_name(upload.filename, WORKBOOK)
        district = str(form.get("district") or "").strip()
        with titled(NOT_STARTED), server.store.work() as folder:
            year = year_of(form.get("year"))
            previous = await save(upload, folder, stored_name())
            name_file(request, shown, {previous.name: shown})
            name, made = await server.workers.build(actions.carry, folder, previous,
                                                    district, year)
            entry = server.store.add(session_of(request).id, CarryResult(name, made, shown))
            entry.add(name, made.path.replace(entry.folder / name))
    finally:
        await form.close()
    return RedirectResponse(f"/carry/{entry.token}", 303)


async def carried(request: Request, server: Server) -> Response:
    entry = server.entry(request, CarryResult)
    made = entry.result.made
    return server.page(request, "carry.html", entry=entry, data=entry.result, made=made,
                       district_en=english(made.district) or made.district,
                       rows=server.rows(made.problems),
                       lines=present.carried_lines(made.carried))


async def check(request: Request, server: Server) -> Response:
    """Check an uploaded workbook and keep it (with its report) for its page and a build."""
    form = await posted_form(request, max_files=1)
    try:
        upload = upload_of(form.get("workbook"))
        shown = safe_name(upload.filename, WORKBOOK)
        with server.store.work() as folder:
            path = await save(upload, folder, stored_name())
            name_file(request, shown, {path.name: shown})
            with titled(NOT_READ):
                report = await server.workers.check(actions.check, path)
            entry = server.store.add(session_of(request).id, CheckedWorkbook(report, shown))
            report.path = entry.add(path.name, path.replace(entry.folder / path.name))
    finally:
        await form.close()
    return RedirectResponse(f"/check/{entry.token}", 303)


async def checked(request: Request, server: Server) -> Response:
    entry = server.entry(request, CheckedWorkbook)
    data = entry.result
    report = data.report
    photos_only = present.only_photos_missing(report.problems)
    return server.page(request, "check.html", entry=entry, data=data, report=report,
                       unit=present.workbook(report), rows=server.rows(report.problems,
                                                                       data.names),
                       photos=present.photos(report),
                       ignored_photos=data.ignored_photos,
                       photo_bytes=server.settings.single_bytes,
                       scores=present.scores(report.result) if report.result else None,
                       refused=None if photos_only else cannot_build(len(report.errors)),
                       draftable=actions.draftable(report),
                       drafted=present.cell_ranges((sheet, ref) for sheet, _, ref in (
                           c.partition("!") for c in data.drafted or [])),
                       drafted_analyses=sum(c.startswith(f"{ANALYSIS.name}!")
                                            for c in data.drafted or []),
                       draft_notes=[n.on_page() for n in data.draft_notes],
                       progress=await progress.section(request, server, entry))


async def draft(request: Request, server: Server) -> Response:
    """``itadocs draft`` of a checked workbook: a new workbook with the empty analyses
    drafted (the uploaded one is kept as it was), checked and shown like an upload."""
    form = await posted_form(request, max_files=0)
    source = server.entry(request, CheckedWorkbook, str(form.get("workbook") or ""))
    shown = source.result.shown
    stem = shown[:-5] if shown.lower().endswith(".xlsx") else shown
    download = cut_to_bytes(stem, ending="-draft.xlsx")
    name_file(request, shown, source.result.names)
    with server.store.work() as folder:
        shutil.copytree(source.folder, folder / "in")  # the workbook and its photos
        original = folder / "in" / source.result.report.path.name
        output = folder / "in" / stored_name()
        with titled(NOT_DRAFTED):
            drafted = await server.workers.build(actions.draft, original, output)
        if drafted.output is None:  # nothing empty with a score: the same page again
            return RedirectResponse(f"/check/{source.token}", 303)
        original.unlink()
        report = await server.workers.check(actions.check, output)
        entry = server.store.add(session_of(request).id, CheckedWorkbook(
            report, download, drafted=drafted.cells, download=download,
            draft_notes=drafted.notes))
        shutil.copytree(folder / "in", entry.folder, dirs_exist_ok=True)
        report.path = entry.folder / output.name
        entry.add(download, report.path)
    return RedirectResponse(f"/check/{entry.token}", 303)


async def photos(request: Request, server: Server) -> Response:
    """Pictures the workbook names in sheet ภาพ, added beside it; then checked again.

    A picture is saved only where sheet ภาพ names a file of its name, under that name."""
    form = await posted_form(request, max_files=PHOTO_FILES)
    try:
        entry = server.entry(request, CheckedWorkbook, str(form.get("workbook") or ""))
        result = entry.result
        ignored = []
        for upload in form.getlist("photos"):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            name = safe_name(upload.filename, "")
            targets = actions.photo_targets(result.report, name)
            if not targets and name:
                ignored.append(name)
            for target in targets:
                path = (entry.folder / target).resolve()
                if entry.folder.resolve() not in path.parents:
                    continue
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    await save(upload, path.parent, path.name)
                except OSError:  # a name longer than the disk allows: it cannot be there
                    ignored.append(name)
        name_file(request, result.shown, result.names)
        with titled(NOT_READ):
            result.report = await server.workers.check(actions.check, result.report.path)
        result.ignored_photos = ignored
    finally:
        await form.close()
    return RedirectResponse(f"/check/{entry.token}", 303)


async def chart(request: Request, server: Server) -> Response:
    """The radar chart as the measures document prints it."""
    from itadocs.pipeline import chart_png

    report = server.entry(request, CheckedWorkbook).result.report
    if report.result is None or report.errors:  # drawn only of scores a document prints
        raise HTTPException(404)
    data = await server.workers.build(chart_png, report)
    return Response(data, media_type="image/png")
