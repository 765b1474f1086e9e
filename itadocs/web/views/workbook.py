"""Pages of one workbook: a blank or carried-over one to start with, then its check, the
photos it names and its chart."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from itadocs.build.report import cannot_build
from itadocs.messages import Message
from itadocs.web import actions, present
from itadocs.web.errors import name_file, titled
from itadocs.web.pages import Server, session_of
from itadocs.web.results import CarryResult, CheckedWorkbook
from itadocs.web.security import posted_form
from itadocs.web.store import safe_name
from itadocs.web.views.forms import attachment, media_type, save, upload_of, year_of

PHOTO_FILES = 60  # pictures added to one workbook at once
NOT_STARTED = Message("เริ่มสมุดงานไม่ได้", "The workbook could not be made")
NOT_READ = Message("เปิดสมุดงานไม่ได้", "The workbook could not be read")


async def new(request: Request, server: Server) -> Response:
    """A blank workbook for a district and year, downloaded at once."""
    form = await posted_form(request, max_files=0)
    district = str(form.get("district") or "").strip()
    with titled(NOT_STARTED), server.store.work() as folder:
        year = year_of(form.get("year"))
        name, path = await server.workers.build(actions.blank, folder, district, year)
        data = path.read_bytes()
    return Response(data, media_type=media_type(name), headers=attachment(name))


async def carry(request: Request, server: Server) -> Response:
    """Next year's workbook from last year's, with the report of what was carried over."""
    form = await posted_form(request, max_files=1)
    try:
        upload = upload_of(form.get("workbook"))
        district = str(form.get("district") or "").strip()
        with titled(NOT_STARTED), server.store.work() as folder:
            year = year_of(form.get("year"))
            previous = await save(upload, folder, "ita-previous.xlsx")
            name, made = await server.workers.build(actions.carry, folder, previous,
                                                    district, year)
            entry = server.store.add(session_of(request).id, CarryResult(name, made))
            entry.add(name, made.path.replace(entry.folder / name))
    finally:
        await form.close()
    return server.page(request, "carry.html", entry=entry, name=name, made=made,
                       source=upload.filename, rows=server.rows(made.problems))


async def check(request: Request, server: Server) -> Response:
    """Check an uploaded workbook and keep it (with its report) for its page and a build."""
    form = await posted_form(request, max_files=1)
    try:
        upload = upload_of(form.get("workbook"))
        with server.store.work() as folder:
            path = await save(upload, folder, "workbook.xlsx")
            name_file(request, path.name)
            with titled(NOT_READ):
                report = await server.workers.check(actions.check, path)
            entry = server.store.add(session_of(request).id, CheckedWorkbook(report))
            report.path = entry.add(path.name, path.replace(entry.folder / path.name))
    finally:
        await form.close()
    return RedirectResponse(f"/check/{entry.token}", 303)


async def checked(request: Request, server: Server) -> Response:
    entry = server.entry(request, CheckedWorkbook)
    report = entry.result.report
    return server.page(request, "check.html", entry=entry, report=report,
                       unit=present.workbook(report), rows=server.rows(report.problems),
                       photos=present.photos(report),
                       ignored_photos=entry.result.ignored_photos,
                       photo_bytes=server.settings.single_bytes,
                       scores=present.scores(report.result) if report.result else None,
                       refused=cannot_build(len(report.errors)))


async def photos(request: Request, server: Server) -> Response:
    """Pictures the workbook names in sheet ภาพ, added beside it; then checked again."""
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
                path.parent.mkdir(parents=True, exist_ok=True)
                await save(upload, path.parent, path.name, exact=True)
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
    if report.result is None:
        raise HTTPException(404)
    data = await server.workers.build(chart_png, report)
    return Response(data, media_type="image/png")
