"""Every failure as a page, each kind in one place.

The library's errors: a view lets an ``ItadocsError`` go up, and ``failed`` renders it as
failed.html (422) with its rows, headed by the error's own ``title``, which the view gives
with ``titled`` (the view still handles an error its own page shows, as a build does). The
HTTP errors (not found, too large, a form from elsewhere, a bug) get error.html, with the
explanation ``ERRORS`` holds for their status.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from itadocs.exceptions import ItadocsError, Problem, WorkbookHasErrors
from itadocs.messages import Message
from itadocs.reading.opening import MAX_FILE_BYTES
from itadocs.web.pages import Server, megabytes, stale
from itadocs.web.security import BadForm, BodyTooLarge, CsrfFailed

log = logging.getLogger("itadocs.web")

ERRORS = {  # the error pages: title and explanation
    400: (Message("อ่านแบบฟอร์มไม่ได้", "The form could not be read"),
          Message("การอัปโหลดอาจถูกตัดกลางทางหรือเลือกไฟล์มากเกินไป ลองใหม่อีกครั้ง",
                  "The upload may have been cut off, or too many files were chosen; try "
                  "again.")),
    401: (Message("ต้องเข้าสู่ระบบก่อน", "Please log in first"),
          Message("หน้านี้ใช้ได้เมื่อใส่รหัสผ่านที่ผู้ดูแลกำหนดแล้ว", "This page needs the "
                  "password set by the person who runs the server.")),
    403: (Message("แบบฟอร์มหมดอายุหรือมาจากที่อื่น", "The form expired or came from another "
                  "site"),
          Message("เปิดหน้าแรกใหม่แล้วส่งอีกครั้ง (ป้องกันการส่งแบบฟอร์มจากเว็บไซต์อื่น)",
                  "Open the home page again and resend (forms from other sites are "
                  "refused).")),
    404: (Message("ไม่พบหน้านี้", "Page not found"),
          Message("ลิงก์อาจผิด หรือไฟล์หมดอายุแล้ว (เก็บไว้ {hours} ชั่วโมง) อัปโหลดสมุดงาน"
                  "อีกครั้ง", "The link may be wrong, or the files have expired (they are "
                  "kept {hours} hours); upload the workbook again.")),
    405: (Message("ใช้หน้านี้แบบนี้ไม่ได้", "Method not allowed"),
          Message("กลับไปหน้าแรกแล้วใช้ปุ่มบนหน้า", "Go back to the home page and use its "
                  "buttons.")),
    413: (Message("ไฟล์ใหญ่เกินไป", "The upload is too large"),
          Message("รับได้ไม่เกิน {limit} ต่อครั้ง (สมุดงานหนึ่งไฟล์ไม่เกิน {workbook}; "
                  "สมุดงาน ITA ปกติไม่ถึง 1 MB)",
                  "At most {limit} per upload (one workbook at most {workbook}; an ITA "
                  "workbook is normally under 1 MB).")),
    429: (Message("ใส่รหัสผ่านผิดหลายครั้งเกินไป", "Too many wrong passwords"),
          Message("รอสักครู่แล้วลองใหม่", "Wait a few minutes and try again.")),
    500: (Message("เกิดข้อผิดพลาดภายในโปรแกรม", "Something went wrong inside itadocs"),
          Message("ไม่มีไฟล์ใดถูกเปลี่ยน ลองใหม่อีกครั้ง หากยังเกิดขึ้นให้แจ้งผู้ดูแลพร้อมเวลาที่เกิด",
                  "Nothing was changed; try again, and if it happens again tell the person "
                  "who runs the server, with the time it happened.")),
}
# A form or link of a page opened before the server restarted (its cookie names a session
# the server no longer knows): why the form and the files are gone.
STALE = (Message("หน้านี้เปิดไว้ก่อนเซิร์ฟเวอร์เริ่มทำงานใหม่", "This page was opened before the "
                 "server restarted"),
         Message("เซิร์ฟเวอร์ถูกปิดแล้วเปิดใหม่ (หรือเปิดหน้านี้ทิ้งไว้นานเกิน {idle} ชั่วโมง) "
                 "แบบฟอร์มและไฟล์ที่อัปโหลดไว้ก่อนหน้าจึงหมดอายุ เพราะเก็บไว้เฉพาะขณะเซิร์ฟเวอร์ทำงาน "
                 "เปิดหน้าแรกใหม่แล้วอัปโหลดสมุดงานอีกครั้ง",
                 "The server was stopped and started again (or this page was left open more "
                 "than {idle} hours), so the form and the files uploaded before have expired: "
                 "they are kept only while the server runs. Open the home page again and "
                 "upload the workbook once more."))
# The heading of a failed page whose error no view titled.
UNTITLED = Message("ทำรายการไม่สำเร็จ", "It could not be done")

Handler = Callable[[Request, Exception], Awaitable[Response]]


def error_page(server: Server, request: Request, status: int, *, limit: int = 0,
               detail: Message | None = None) -> Response:
    """error.html for an HTTP status: its title and explanation (or ``detail``); a form or
    link the server no longer knows because it restarted says so."""
    title, explanation = ERRORS.get(status, ERRORS[500])
    if status in (401, 403, 404) and stale(request):
        title, explanation = STALE
    values = {"hours": server.settings.keep_seconds // 3600 or 1, "limit": megabytes(limit),
              "workbook": megabytes(MAX_FILE_BYTES),
              "idle": int(server.sessions.idle // 3600)}
    text = detail or explanation
    return server.page(request, "error.html", status, code=status, title_th=title.th,
                       title_en=title.en, text_th=text.th.format(**values),
                       text_en=text.en.format(**values))


@contextmanager
def titled(title: Message) -> Iterator[None]:
    """Errors of the library raised inside get ``title`` as their page's heading (unless
    they have one already): what could not be done, said by the view that tried."""
    try:
        yield
    except ItadocsError as exc:
        if exc.title is None:
            exc.title = title
        raise


def name_file(request: Request, shown: str, names: dict[str, str]) -> None:
    """The file the request is about, which a failed page names in its heading (``shown``),
    and the stored names its messages put back as uploaded (``names``)."""
    request.state.file_name = shown
    request.state.names = names


def problems_of(exc: ItadocsError) -> list[Problem | ItadocsError]:
    """An error as rows: a workbook's errors when they stopped it, else the error itself."""
    return list(exc.problems) if isinstance(exc, WorkbookHasErrors) else [exc]


def handlers(server: Server) -> dict[Any, Handler]:
    """Starlette's exception handlers: every failure a view lets go up, as a page."""

    async def failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ItadocsError)
        title = exc.title or UNTITLED
        return server.page(request, "failed.html", 422, title_th=title.th, title_en=title.en,
                           rows=server.rows(problems_of(exc),
                                            getattr(request.state, "names", None)),
                           name=getattr(request.state, "file_name", None))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        status = exc.status_code if exc.status_code in ERRORS else 500
        return error_page(server, request, status)

    async def too_large(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BodyTooLarge)
        return error_page(server, request, 413, limit=exc.limit)

    async def crashed(request: Request, exc: Exception) -> Response:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_page(server, request, 500)

    return {
        ItadocsError: failed,
        HTTPException: http_error,
        BodyTooLarge: too_large,
        CsrfFailed: _status(server, 403),
        BadForm: _status(server, 400),
        Exception: crashed,
    }


def _status(server: Server, status: int) -> Handler:
    """A handler answering with ``status``'s page whatever the exception says."""

    async def handler(request: Request, _exc: Exception) -> Response:
        return error_page(server, request, status)

    return handler
