"""The comparison of two versions of a workbook (``itadocs diff``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from itadocs.messages import Message
from itadocs.web import present
from itadocs.web.errors import name_file, titled
from itadocs.web.pages import Server
from itadocs.web.security import posted_form
from itadocs.web.store import safe_name, stored_name
from itadocs.web.views.forms import save, upload_of

NOT_COMPARED = Message("เปรียบเทียบไม่ได้", "The workbooks could not be compared")


async def diff(request: Request, server: Server) -> Response:
    """What changed between two uploaded versions, as ``itadocs diff`` tells it."""
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
    return server.page(request, "diff.html", result=result, old_file=shown[0],
                       new_file=shown[1], changes=present.changes(result.changes))
