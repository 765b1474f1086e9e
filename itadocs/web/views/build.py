"""Pages of a build: one checked workbook's documents (or a round's progress report), their
PDFs, downloads and zip."""

from __future__ import annotations

import shutil

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from itadocs.exceptions import ItadocsError
from itadocs.kinds import OutputKind
from itadocs.messages import ProblemCode
from itadocs.web import actions, present
from itadocs.web.errors import problems_of
from itadocs.web.pages import Server, session_of
from itadocs.web.results import BatchResult, BuildResult, CheckedWorkbook
from itadocs.web.security import posted_form
from itadocs.web.views.forms import attachment, media_type


async def build(request: Request, server: Server) -> Response:
    """Build the checked workbook's documents; the PDFs follow in the background."""
    form = await posted_form(request, max_files=0)
    return await start(request, server, str(form.get("workbook") or ""),
                       form.get("pdf") == "1", None)


async def start(request: Request, server: Server, token: str, pdf: bool,
                round_months: int | None) -> Response:
    """Build from the checked workbook ``token``: its documents, or with ``round_months``
    its progress report of that round; the PDFs (when ``pdf`` and LibreOffice is there)
    follow in the background through the one queue.

    A build that fails shows its build page with the reasons (a workbook's errors), not a
    failed page: the person goes back to the check from there."""
    source = server.entry(request, CheckedWorkbook, token)
    report, names = source.result.report, source.result.names
    want_pdf = pdf and server.workers.pdf_available
    entry = server.store.add(session_of(request).id, BuildResult(
        source=source.token, name=source.result.shown, unit=present.workbook(report),
        round=round_months))
    result = entry.result
    with server.store.work() as folder:
        shutil.copytree(source.folder, folder / "in")  # the workbook and its photos
        workbook = folder / "in" / report.path.name
        out, templates = entry.folder / "out", server.office.templates()
        try:
            if round_months is None:
                built = await server.workers.build(actions.build, workbook, out, templates)
            else:
                built = await server.workers.build(actions.progress, workbook, out,
                                                   templates, round_months)
        except ItadocsError as exc:
            result.rows = server.rows(problems_of(exc), names)
            result.failed = exc
            return RedirectResponse(f"/build/{entry.token}", 303)
    outcome = built.outcome
    result.total, result.level, result.progress = outcome.total, outcome.level, \
        outcome.progress
    result.rows = server.rows(outcome.problems, names)
    result.garuda = not any(p.code is ProblemCode.GARUDA_MISSING for p in outcome.problems)
    for kind, path in built.files.items():
        entry.add(path.name, path)
        result.kinds[kind] = path.name
    if want_pdf:
        docx = actions.documents(built.files)
        entry.busy = True
        result.pdf = "pending"
        future = server.workers.pdf.submit(list(docx.values()))
        preview = OutputKind.MEASURES if round_months is None else OutputKind.PROGRESS
        server.workers.background.submit(actions.add_pdfs, entry, docx, future,
                                         built.files[preview])
    return RedirectResponse(f"/build/{entry.token}", 303)


async def built(request: Request, server: Server) -> Response:
    entry = server.entry(request, BuildResult)
    result = entry.result
    pdf_rows = server.rows([result.pdf_error]) if result.pdf_error is not None else []
    downloads = [((kind.label.th, kind.label.en), name) for kind, name in result.downloads()]
    return server.page(request, "build.html", entry=entry, data=result, downloads=downloads,
                       pdf_rows=pdf_rows)


async def build_status(request: Request, server: Server) -> Response:
    """Whether the PDFs are done, for the build page to reload itself when they are."""
    result = server.entry(request, BuildResult).result
    return JSONResponse({"pdf": result.pdf, "finished": result.pdf != "pending"})


async def download(request: Request, server: Server) -> Response:
    """A file an entry of this session recorded, by the name it recorded (nothing else)."""
    entry = server.entry(request, object)
    name = request.path_params["name"]
    path = entry.files.get(name)
    if path is None or not path.is_file():
        raise HTTPException(404)
    inline = name.endswith(".png")
    return FileResponse(path, media_type=media_type(name),
                        headers=None if inline else attachment(name))


async def archive(request: Request, server: Server) -> Response:
    """Every file of a build (made once, when first asked) or a many-workbook build's zip."""
    entry = server.entry(request, object)
    result = entry.result
    if isinstance(result, BatchResult):
        if not result.zip:
            raise HTTPException(404)
        return FileResponse(entry.files[result.zip], media_type="application/zip",
                            headers=attachment(result.zip))
    if not isinstance(result, BuildResult) or not entry.files or entry.busy:
        raise HTTPException(404)
    name = actions.zip_name(result.unit.district or "", result.unit.fiscal_year, result.round)
    target = entry.folder / name
    if not target.exists():
        await server.workers.build(actions.zip_files, dict(entry.files), target)
    return FileResponse(target, media_type="application/zip", headers=attachment(name))
