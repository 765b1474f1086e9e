"""Pages of a many-workbook build, for a central office: upload, progress, results."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from itadocs.exceptions import ItadocsError
from itadocs.web import actions, present
from itadocs.web.errors import ERRORS
from itadocs.web.pages import Server, session_of
from itadocs.web.results import BatchResult, Progress
from itadocs.web.security import BadForm, posted_form
from itadocs.web.settings import BATCH_FILES
from itadocs.web.store import Entry, safe_name, stored_name
from itadocs.web.views.forms import save
from itadocs.web.views.progress import round_of

log = logging.getLogger("itadocs.web")


async def batch(request: Request, server: Server) -> Response:
    """Save every uploaded workbook and start their build in the background: the year's
    documents, or the progress report of the round the form chose."""
    form = await posted_form(request, max_files=BATCH_FILES)
    try:
        uploads = [u for u in form.getlist("workbooks") if isinstance(u, UploadFile)
                   and u.filename]
        if not uploads:
            raise BadForm()
        entry = server.store.add(session_of(request).id, BatchResult(
            Progress(0), round=_round(form.get("what"))))
        folder = entry.folder / "in"
        folder.mkdir()
        inputs = []
        for upload in uploads:  # saved under the server's names, shown as uploaded
            path = await save(upload, folder, stored_name())
            entry.result.names[path.name] = safe_name(upload.filename, "workbook.xlsx")
            inputs.append(path)
    finally:
        await form.close()
    result = entry.result
    result.progress.total = len(inputs)
    result.pdf_wanted = form.get("pdf") == "1" and server.workers.pdf_available
    entry.busy = True
    pdf = server.workers.pdf.submit if result.pdf_wanted else None
    server.workers.background.submit(_run, server, entry, inputs, pdf)
    return RedirectResponse(f"/batch/{entry.token}", 303)


def _round(what: object) -> int | None:
    """The form's choice: the year's documents (None) or a round's progress reports."""
    if what in (None, "", "documents"):
        return None
    return round_of(str(what).removeprefix("progress-"))


def _run(server: Server, entry: Entry[BatchResult], inputs: list[Path],
         pdf: Callable[[list[Path]], Future[list[Path]]] | None) -> None:
    """One many-workbook build at a time for the whole server."""
    with server.workers.batch_slot:
        actions.batch(entry, inputs, server.office.templates(), server.jobs, pdf,
                      server.show(entry.result.names))


async def batch_page(request: Request, server: Server) -> Response:
    """The progress while it runs; then every workbook's outcome, the summary and the zip."""
    entry = server.entry(request, BatchResult)
    result = entry.result
    outcomes = result.outcomes if not entry.busy else []
    rows = [server.rows([*([o.error] if o.error else []), *o.problems], result.names)
            for o in outcomes]
    failures = [server.rows([error], result.names) for error in result.failures()]
    if result.crash is not None:
        log.error("many-workbook build failed", exc_info=result.crash)
        failures.append(server.rows([ItadocsError(ERRORS[500][1])]))
    return server.page(request, "batch.html", entry=entry, data=result,
                       outcomes=list(zip(outcomes, rows, strict=True)), failures=failures,
                       headline=present.headline(outcomes),
                       tables=[present.table(t) for t in result.tables
                               if t.key != "status"] if not entry.busy else [])


async def batch_status(request: Request, server: Server) -> Response:
    """How far the build has come, for the page's progress bar."""
    entry = server.entry(request, BatchResult)
    progress = entry.result.progress
    return JSONResponse({"total": progress.total, "done": progress.done,
                         "phase": progress.phase, "current": progress.current,
                         "pdfs": len(progress.pdfs), "pdfs_done": progress.pdfs_done(),
                         "finished": not entry.busy})
