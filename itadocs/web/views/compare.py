"""The comparison of two versions of a workbook (``itadocs diff``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from itadocs.messages import Message
from itadocs.web import present
from itadocs.web.errors import name_file, titled
from itadocs.web.pages import Server, session_of
from itadocs.web.results import Compared
from itadocs.web.security import posted_form
from itadocs.web.store import safe_name, stored_name
from itadocs.web.views.forms import save, upload_of

NOT_COMPARED = Message("เปรียบเทียบไม่ได้", "The workbooks could not be compared")


async def diff(request: Request, server: Server) -> Response:
    """What changed between two uploaded versions, as ``itadocs diff`` tells it; shown by
    the page the redirect opens (a workbook that cannot be read: said at once)."""
    from itadocs.workbooks.diff import diff_workbooks

    form = await posted_form(request, max_files=2)
    try:
        old_upload, new_upload = upload_of(form.get("old")), upload_of(form.get("new"))
        shown = (safe_name(old_upload.filename, "old.xlsx"),
                 safe_name(new_upload.filename, "new.xlsx"))
        with server.store.work() as folder:
            old = await save(old_upload, folder, stored_name())
            new = await save(new_upload, folder, stored_name())
            names = {old.name: shown[0], new.name: shown[1]}
            name_file(request, f"{shown[0]} → {shown[1]}", names)
            with titled(NOT_COMPARED):
                result = await server.workers.check(diff_workbooks, old, new)
    finally:
        await form.close()
    entry = server.store.add(session_of(request).id, Compared(result, *shown))
    return RedirectResponse(f"/diff/{entry.token}", 303)


async def compared(request: Request, server: Server) -> Response:
    """The comparison's page, at an address of its own: reloading it or coming back to it
    never sends the workbooks again."""
    data = server.entry(request, Compared).result
    return server.page(request, "diff.html", result=data.result, old_file=data.old_file,
                       new_file=data.new_file, changes=present.changes(data.result.changes),
                       unlike=data.result.notes)
