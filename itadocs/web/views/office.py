"""The office's templates and Garuda: what builds use, the uploads that replace them, and
the files to download and edit in Word (``itadocs templates export`` on the page)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from itadocs.documents.templateset import FILES, GUIDE, default_folder
from itadocs.exceptions import TemplateError
from itadocs.messages import Message
from itadocs.web.office import Installed, TemplateProblems
from itadocs.web.pages import Server, session_id, session_of
from itadocs.web.security import BadForm, posted_form
from itadocs.web.store import safe_name, stored_name
from itadocs.web.views.forms import attachment, media_type, save, upload_of

NOT_CHANGED = Message("ไม่ได้เปลี่ยนแม่แบบ", "The template was not changed")


async def office(request: Request, server: Server) -> Response:
    """The page; after an upload (``?upload=``, the redirect ``upload`` answers with), what
    it did, so that reloading or coming back never sends the file again."""
    token = request.query_params.get("upload", "")
    done = server.store.get(token, session_id(request), Installed) if token else None
    return _page(request, server, installed=done.result if done is not None else None)


def _page(request: Request, server: Server, status: int = 200, *,
          installed: Installed | None = None, refused: TemplateError | None = None
          ) -> Response:
    rows = []
    if refused is not None:
        problems = refused.problems if isinstance(refused, TemplateProblems) else []
        rows = server.rows([refused, *(TemplateError(m, where=refused.where)
                                       for m in problems)])
    warnings = server.rows([TemplateError(m) for m in installed.warnings]) if installed else []
    return server.page(request, "office.html", status, files=server.office.files(),
                       start=server.office.start is not None, installed=installed,
                       refused=rows, warnings=warnings, max_bytes=server.settings.single_bytes)


async def upload(request: Request, server: Server) -> Response:
    """One template or the Garuda, checked, then used by every build until the server
    stops; a file the check refuses changes nothing, and the page says why (at once: sent
    again, it changes nothing either). A file put in use is told on the page the redirect
    opens."""
    form = await posted_form(request, max_files=1)
    try:
        name = str(form.get("name") or "")
        if name not in FILES:
            raise BadForm()
        file = upload_of(form.get("file"))
        shown = safe_name(file.filename, name)
        with server.store.work() as folder:
            path = await save(file, folder, stored_name(name[name.rindex("."):]))
            try:
                installed = await server.workers.build(server.office.install, name, path,
                                                       shown)
            except TemplateError as exc:
                exc.title = exc.title or NOT_CHANGED
                return _page(request, server, 422, refused=exc)
    finally:
        await form.close()
    entry = server.store.add(session_of(request).id, installed)
    return RedirectResponse(f"/office?upload={entry.token}", 303)


async def remove(request: Request, server: Server) -> Response:
    """Stop using an uploaded file: the server's own one again, or the default."""
    form = await posted_form(request, max_files=0)
    name = str(form.get("name") or "")
    if name not in FILES:
        raise BadForm()
    server.office.remove(name)
    return RedirectResponse("/office", 303)


async def template_file(request: Request, server: Server) -> Response:
    """A template in use (or the tags' guide), to edit in Word and upload again."""
    name = request.path_params["name"]
    if name == GUIDE:
        path = default_folder() / GUIDE
    elif name in FILES:
        folder = server.office.templates()
        path = folder / name if folder is not None and (folder / name).is_file() else (
            default_folder() / name)
    else:
        raise HTTPException(404)
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=media_type(name), headers=attachment(name))
