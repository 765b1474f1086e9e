"""The web page: routes, the guard in front of them, and the error pages.

``WebApp`` is the ASGI application ``itadocs serve`` runs. Its guard (see ``security.py``)
sees every request first: host name, session cookie, password, cross-site posts, body size
and security headers. The routes read the upload into the request's own folder, call the
library in a worker thread (``actions.py``), keep what may be downloaded in the store
(``store.py``) and render a template with what the library returned (``present.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import shutil
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import Message, Receive, Scope, Send

from itadocs import __version__
from itadocs.build.report import cannot_build
from itadocs.exceptions import ItadocsError, WorkbookHasErrors
from itadocs.kinds import DOCUMENTS, OutputKind
from itadocs.reading import districts
from itadocs.reading.reader import MAX_FILE_BYTES, MAX_NUMBER_DIGITS
from itadocs.thai import arabic_digits, fiscal_year_of
from itadocs.web import actions, present
from itadocs.web.security import (
    COOKIE,
    CSRF_FIELD,
    SECURITY_HEADERS,
    BadForm,
    BodyTooLarge,
    CsrfFailed,
    LoginThrottle,
    Session,
    Sessions,
    host_allowed,
    password_matches,
    posted_form,
    same_origin,
)
from itadocs.web.settings import BATCH_FILES, Settings
from itadocs.web.store import Entry, Store, safe_name, server_root, unique
from itadocs.web.workers import Workers, batch_jobs

log = logging.getLogger("itadocs.web")

PUBLIC = ("/login", "/static/", "/fonts/")
PHOTO_FILES = 60  # pictures added to one workbook at once  # served before the password is given
FONTS = {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf"}
ERRORS = {  # the error pages: title and explanation, Thai and English
    400: ("อ่านแบบฟอร์มไม่ได้", "The form could not be read",
          "การอัปโหลดอาจถูกตัดกลางทางหรือเลือกไฟล์มากเกินไป ลองใหม่อีกครั้ง",
          "The upload may have been cut off, or too many files were chosen; try again."),
    401: ("ต้องเข้าสู่ระบบก่อน", "Please log in first",
          "หน้านี้ใช้ได้เมื่อใส่รหัสผ่านที่ผู้ดูแลกำหนดแล้ว", "This page needs the password "
          "set by the person who runs the server."),
    403: ("แบบฟอร์มหมดอายุหรือมาจากที่อื่น", "The form expired or came from another site",
          "เปิดหน้าแรกใหม่แล้วส่งอีกครั้ง (ป้องกันการส่งแบบฟอร์มจากเว็บไซต์อื่น)",
          "Open the home page again and resend (forms from other sites are refused)."),
    404: ("ไม่พบหน้านี้", "Page not found",
          "ลิงก์อาจผิด หรือไฟล์หมดอายุแล้ว (เก็บไว้ {hours} ชั่วโมง) อัปโหลดสมุดงานอีกครั้ง",
          "The link may be wrong, or the files have expired (they are kept {hours} hours); "
          "upload the workbook again."),
    405: ("ใช้หน้านี้แบบนี้ไม่ได้", "Method not allowed",
          "กลับไปหน้าแรกแล้วใช้ปุ่มบนหน้า", "Go back to the home page and use its buttons."),
    413: ("ไฟล์ใหญ่เกินไป", "The upload is too large",
          "รับได้ไม่เกิน {limit} ต่อครั้ง (สมุดงานหนึ่งไฟล์ไม่เกิน {workbook}; "
          "สมุดงาน ITA ปกติไม่ถึง 1 MB)",
          "At most {limit} per upload (one workbook at most {workbook}; an ITA workbook is "
          "normally under 1 MB)."),
    429: ("ใส่รหัสผ่านผิดหลายครั้งเกินไป", "Too many wrong passwords",
          "รอสักครู่แล้วลองใหม่", "Wait a few minutes and try again."),
    500: ("เกิดข้อผิดพลาดภายในโปรแกรม", "Something went wrong inside itadocs",
          "ไม่มีไฟล์ใดถูกเปลี่ยน ลองใหม่อีกครั้ง หากยังเกิดขึ้นให้แจ้งผู้ดูแลพร้อมเวลาที่เกิด",
          "Nothing was changed; try again, and if it happens again tell the person who runs "
          "the server, with the time it happened."),
}


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


class _Base:
    """What every page handler uses: the server's parts and the page helpers."""

    settings: Settings
    store: Store
    hide: Callable[[str], str]
    sessions: Sessions
    throttle: LoginThrottle
    workers: Workers
    jobs: int
    templates: Jinja2Templates

    # ------------------------------------------------------------------ helpers

    def _page(self, request: Request, template: str, status: int = 200, /, **context: Any
              ) -> Response:
        session: Session = request.scope["itadocs.session"]
        context.update(
            csrf=session.csrf, csrf_field=CSRF_FIELD, version=__version__,
            login=self.settings.password is not None and session.authed,
            pdf_available=self.workers.pdf_available, hide=self.hide,
            max_workbook=MAX_FILE_BYTES, max_workbook_text=_mb(MAX_FILE_BYTES),
        )
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def _error(self, request: Request, status: int, *, limit: int = 0,
               detail: tuple[str, str] | None = None) -> Response:
        title_th, title_en, text_th, text_en = ERRORS.get(status, ERRORS[500])
        values = {"hours": self.settings.keep_seconds // 3600 or 1, "limit": _mb(limit),
                  "workbook": _mb(MAX_FILE_BYTES)}
        if detail is not None:
            text_th, text_en = detail
        return self._page(request, "error.html", status, code=status, title_th=title_th,
                          title_en=title_en, text_th=text_th.format(**values),
                          text_en=text_en.format(**values))

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return self._error(request, exc.status_code if exc.status_code in ERRORS else 500)

    async def _too_large(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BodyTooLarge)
        return self._error(request, 413, limit=exc.limit)

    async def _csrf_failed(self, request: Request, _exc: Exception) -> Response:
        return self._error(request, 403)

    async def _bad_form(self, request: Request, _exc: Exception) -> Response:
        return self._error(request, 400)

    async def _crashed(self, request: Request, exc: Exception) -> Response:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        return self._error(request, 500)

    def _session(self, request: Request) -> Session:
        return request.scope["itadocs.session"]

    def _entry(self, request: Request, kind: str | None = None) -> Entry:
        entry = self.store.get(request.path_params["token"], self._session(request).id, kind)
        if entry is None:
            raise HTTPException(404)
        return entry

    def _rows(self, items) -> list[present.ProblemRow]:
        return present.problem_rows(items, self.hide)



class _WorkbookPages(_Base):
    """Pages of one workbook: home and login, a new workbook, its check and chart."""

    async def home(self, request: Request) -> Response:
        names = districts.names()
        return self._page(request, "home.html",
                          districts=[(n, districts.english(n)) for n in names],
                          year=fiscal_year_of(dt.date.today()), batch_files=BATCH_FILES)

    async def login(self, request: Request) -> Response:
        target = _local_target(request.query_params.get("next", "/"))
        if request.method == "GET":
            if self._session(request).authed:
                return RedirectResponse(target, 303)
            return self._page(request, "login.html", next=target)
        form = await posted_form(request, max_files=0)
        client = request.client.host if request.client else "?"
        if self.throttle.blocked(client):
            return self._error(request, 429)
        given = form.get("password")
        expected = self.settings.password
        if expected is None or not isinstance(given, str) or not password_matches(given,
                                                                                  expected):
            self.throttle.failed(client)
            return self._page(request, "login.html", 401, next=target, wrong=True)
        session = self.sessions.rotate(self._session(request), authed=True)
        request.scope["itadocs.session"] = session
        return RedirectResponse(_local_target(str(form.get("next") or "/")), 303)

    async def logout(self, request: Request) -> Response:
        await posted_form(request, max_files=0)
        session = self.sessions.rotate(self._session(request),
                                       authed=self.settings.password is None)
        request.scope["itadocs.session"] = session
        return RedirectResponse("/login" if self.settings.password else "/", 303)

    async def new(self, request: Request) -> Response:
        form = await posted_form(request, max_files=0)
        district = str(form.get("district") or "").strip()
        year = _year(form.get("year"))
        if year == -1:
            return self._start_failed(request, _bad_year(form.get("year")))
        with self.store.work() as folder:
            try:
                name, path = await self.workers.build(actions.blank, folder, district, year)
            except ItadocsError as exc:
                return self._start_failed(request, exc)
            data = path.read_bytes()
        return Response(data, media_type=_media(name), headers=_attachment(name))

    def _start_failed(self, request: Request, exc: ItadocsError) -> Response:
        return self._page(request, "failed.html", 422, title_th="เริ่มสมุดงานไม่ได้",
                          title_en="The workbook could not be made", rows=self._rows([exc]))

    async def carry(self, request: Request) -> Response:
        form = await posted_form(request, max_files=1)
        try:
            upload = _file(form.get("workbook"))
            district = str(form.get("district") or "").strip()
            year = _year(form.get("year"))
            if year == -1:
                return self._start_failed(request, _bad_year(form.get("year")))
            with self.store.work() as folder:
                previous = await _save(upload, folder, "ita-previous.xlsx")
                try:
                    name, made = await self.workers.build(actions.carry, folder, previous,
                                                          district, year)
                except ItadocsError as exc:
                    return self._start_failed(request, exc)
                entry = self.store.add(self._session(request).id, "carry")
                entry.add(name, made.path.replace(entry.folder / name))
        finally:
            await form.close()
        return self._page(request, "carry.html", entry=entry, name=name, made=made,
                          source=upload.filename, rows=self._rows(made.problems))

    async def check(self, request: Request) -> Response:
        form = await posted_form(request, max_files=1)
        try:
            upload = _file(form.get("workbook"))
            with self.store.work() as folder:
                path = await _save(upload, folder, "workbook.xlsx")
                try:
                    report = await self.workers.check(actions.check, path)
                except ItadocsError as exc:
                    return self._page(request, "failed.html", 422,
                                      title_th="เปิดสมุดงานไม่ได้",
                                      title_en="The workbook could not be read",
                                      rows=self._rows([exc]), name=path.name)
                entry = self.store.add(self._session(request).id, "workbook")
                report.path = entry.add(path.name, path.replace(entry.folder / path.name))
                entry.data["report"] = report
        finally:
            await form.close()
        return RedirectResponse(f"/check/{entry.token}", 303)

    async def checked(self, request: Request) -> Response:
        entry = self._entry(request, "workbook")
        report = entry.data["report"]
        return self._page(request, "check.html", entry=entry, report=report,
                          unit=present.workbook(report), rows=self._rows(report.problems),
                          photos=present.photos(report),
                          ignored_photos=entry.data.get("ignored_photos", []),
                          photo_bytes=self.settings.single_bytes,
                          scores=present.scores(report.result) if report.result else None,
                          refused=cannot_build(len(report.errors)))

    async def photos(self, request: Request) -> Response:
        """Pictures the workbook names in sheet ภาพ, added beside it; then checked again."""
        form = await posted_form(request, max_files=PHOTO_FILES)
        try:
            entry = self.store.get(str(form.get("workbook") or ""), self._session(request).id,
                                   "workbook")
            if entry is None:
                raise HTTPException(404)
            report = entry.data["report"]
            ignored = []
            for upload in form.getlist("photos"):
                if not isinstance(upload, UploadFile) or not upload.filename:
                    continue
                name = safe_name(upload.filename, "")
                targets = actions.photo_targets(report, name)
                if not targets and name:
                    ignored.append(name)
                for target in targets:
                    path = (entry.folder / target).resolve()
                    if entry.folder.resolve() not in path.parents:
                        continue
                    path.parent.mkdir(parents=True, exist_ok=True)
                    await _save(upload, path.parent, path.name, exact=True)
            entry.data["report"] = await self.workers.check(actions.check, report.path)
            entry.data["ignored_photos"] = ignored
        finally:
            await form.close()
        return RedirectResponse(f"/check/{entry.token}", 303)

    async def chart(self, request: Request) -> Response:
        from itadocs.pipeline import chart_png

        entry = self._entry(request, "workbook")
        report = entry.data["report"]
        if report.result is None:
            raise HTTPException(404)
        data = await self.workers.build(chart_png, report)
        return Response(data, media_type="image/png")



class _BuildPages(_Base):
    """Pages of builds: one workbook's documents, downloads, diff, many workbooks."""

    async def build(self, request: Request) -> Response:
        form = await posted_form(request, max_files=0)
        token = str(form.get("workbook") or "")
        source = self.store.get(token, self._session(request).id, "workbook")
        if source is None:
            raise HTTPException(404)
        report = source.data["report"]
        want_pdf = form.get("pdf") == "1" and self.workers.pdf_available
        entry = self.store.add(self._session(request).id, "build")
        entry.data.update(source=source.token, name=report.path.name,
                          unit=present.workbook(report))
        with self.store.work() as folder:
            shutil.copytree(source.folder, folder / "in")  # the workbook and its photos
            workbook = folder / "in" / report.path.name
            try:
                built = await self.workers.build(actions.build, workbook, entry.folder / "out",
                                                 self.settings.templates)
            except WorkbookHasErrors as exc:
                entry.data["rows"] = self._rows(exc.problems)
                entry.data["failed"] = exc
                return RedirectResponse(f"/build/{entry.token}", 303)
            except ItadocsError as exc:
                entry.data["rows"] = self._rows([exc])
                entry.data["failed"] = exc
                return RedirectResponse(f"/build/{entry.token}", 303)
        outcome = built.outcome
        entry.data.update(total=outcome.total, level=outcome.level,
                          rows=self._rows(outcome.problems), kinds={})
        for kind, path in built.files.items():
            entry.add(path.name, path)
            entry.data["kinds"][kind] = path.name
        if want_pdf:
            docx = [built.files[k] for k in DOCUMENTS]
            entry.busy = True
            entry.data["pdf"] = "pending"
            future = self.workers.pdf.submit(docx)
            self.workers.background.submit(actions.add_pdfs, entry, docx, future,
                                           built.files[OutputKind.MEASURES])
        return RedirectResponse(f"/build/{entry.token}", 303)

    async def built(self, request: Request) -> Response:
        entry = self._entry(request, "build")
        data = entry.data
        pdf_rows = self._rows([data["pdf_error"]]) if "pdf_error" in data else []
        kinds = {**data.get("kinds", {}), **data.get("pdf_files", {})}
        downloads = [((k.label.th, k.label.en), kinds[k]) for k in OutputKind if k in kinds]
        return self._page(request, "build.html", entry=entry, data=data, downloads=downloads,
                          pdf_rows=pdf_rows)

    async def build_status(self, request: Request) -> Response:
        entry = self._entry(request, "build")
        return JSONResponse({"pdf": entry.data.get("pdf", "none"),
                             "finished": entry.data.get("pdf", "none") != "pending"})

    async def download(self, request: Request) -> Response:
        entry = self._entry(request)
        name = request.path_params["name"]
        path = entry.files.get(name)
        if path is None or not path.is_file():
            raise HTTPException(404)
        inline = name.endswith(".png")
        return FileResponse(path, media_type=_media(name),
                            headers=None if inline else _attachment(name))

    async def zip(self, request: Request) -> Response:
        entry = self._entry(request)
        if entry.kind == "batch":
            name = entry.data.get("zip")
            if not name:
                raise HTTPException(404)
            return FileResponse(entry.files[name], media_type="application/zip",
                                headers=_attachment(name))
        if entry.kind != "build" or not entry.files or entry.busy:
            raise HTTPException(404)
        unit = entry.data["unit"]
        name = actions.workbook_name(unit["district"] or "", unit["fiscal_year"])
        name = name.removesuffix(".xlsx") + ".zip"
        target = entry.folder / name
        if not target.exists():
            await self.workers.build(actions.zip_files, dict(entry.files), target)
        return FileResponse(target, media_type="application/zip", headers=_attachment(name))

    async def diff(self, request: Request) -> Response:
        from itadocs.workbooks.diff import diff_workbooks

        form = await posted_form(request, max_files=2)
        try:
            old_upload, new_upload = _file(form.get("old")), _file(form.get("new"))
            with self.store.work() as folder:
                (folder / "old").mkdir()
                (folder / "new").mkdir()
                old = await _save(old_upload, folder / "old", "old.xlsx")
                new = await _save(new_upload, folder / "new", "new.xlsx")
                try:
                    result = await self.workers.check(diff_workbooks, old, new)
                except ItadocsError as exc:
                    return self._page(request, "failed.html", 422,
                                      title_th="เปรียบเทียบไม่ได้",
                                      title_en="The workbooks could not be compared",
                                      rows=self._rows([exc]))
        finally:
            await form.close()
        return self._page(request, "diff.html", result=result)

    async def batch(self, request: Request) -> Response:
        form = await posted_form(request, max_files=BATCH_FILES)
        entry = self.store.add(self._session(request).id, "batch")
        try:
            uploads = [u for u in form.getlist("workbooks") if isinstance(u, UploadFile)
                       and u.filename]
            if not uploads:
                raise BadForm()
            folder = entry.folder / "in"
            folder.mkdir()
            taken: set[str] = set()
            inputs = []
            for upload in uploads:
                name = unique(safe_name(upload.filename, "workbook.xlsx", ".xlsx"), taken)
                inputs.append(await _save(upload, folder, name, exact=True))
        finally:
            await form.close()
        progress = actions.Progress(len(inputs))
        entry.data["progress"] = progress
        entry.data["pdf_wanted"] = form.get("pdf") == "1" and self.workers.pdf_available
        entry.busy = True
        pdf = self.workers.pdf.submit if entry.data["pdf_wanted"] else None
        self.workers.background.submit(self._run_batch, entry, inputs, pdf, progress)
        return RedirectResponse(f"/batch/{entry.token}", 303)

    def _run_batch(self, entry: Entry, inputs: list[Path], pdf, progress) -> None:
        with self.workers.batch_slot:
            actions.batch(entry, inputs, self.settings.templates, self.jobs, pdf, progress)

    async def batch_page(self, request: Request) -> Response:
        entry = self._entry(request, "batch")
        data = entry.data
        outcomes = data.get("outcomes", []) if not entry.busy else []
        rows = {o.path.name: self._rows([*([o.failure] if o.error else []), *o.problems])
                for o in outcomes}
        failures = [self._rows([data[k]]) for k in ("error", "summary_error", "pdf_error")
                    if k in data]
        if "crash" in data:
            log.error("many-workbook build failed", exc_info=data["crash"])
            failures.append(self._rows([ItadocsError(*ERRORS[500][2:])]))
        return self._page(request, "batch.html", entry=entry, data=data, outcomes=outcomes,
                          problem_rows=rows, failures=failures,
                          tables=data.get("tables", []) if not entry.busy else [])

    async def batch_status(self, request: Request) -> Response:
        entry = self._entry(request, "batch")
        progress = entry.data["progress"]
        return JSONResponse({"total": progress.total, "done": progress.done,
                             "phase": progress.phase, "current": progress.current,
                             "finished": not entry.busy})

    async def font(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in FONTS:
            raise HTTPException(404)
        path = Path(str(files("fontpkg_sarabun") / "files" / name))
        return FileResponse(path, media_type="font/ttf",
                            headers={"cache-control": "public, max-age=86400"})




class WebApp(_WorkbookPages, _BuildPages):
    """The page as one ASGI application: the guard, then Starlette's routes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        actions.validate_templates(settings.templates)
        # The reader lifts Python's limit on a number's digits while it reads and puts the
        # old one back after; with several readers in threads, one would put it back under
        # another. The server keeps the reader's limit for its whole life instead.
        digits = sys.get_int_max_str_digits()
        if digits and digits < MAX_NUMBER_DIGITS:
            sys.set_int_max_str_digits(MAX_NUMBER_DIGITS)
        self.store = Store(server_root(settings.root), settings.keep_seconds)
        self.hide = present.hider(self.store.root)
        self.sessions = Sessions()
        self.throttle = LoginThrottle()
        self.workers = Workers(self.store.root, settings.pdf)
        self.jobs = batch_jobs(settings.batch_jobs)
        env = Environment(loader=PackageLoader("itadocs.web", "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)
        env.filters["cell"] = present.cell
        self.templates = Jinja2Templates(env=env)
        static = StaticFiles(packages=[("itadocs.web", "static")])
        self.router = Starlette(
            routes=[
                Route("/", self.home),
                Route("/new", self.new, methods=["POST"]),
                Route("/carry", self.carry, methods=["POST"]),
                Route("/check", self.check, methods=["POST"]),
                Route("/check/{token}", self.checked),
                Route("/chart/{token}.png", self.chart),
                Route("/photos", self.photos, methods=["POST"]),
                Route("/build", self.build, methods=["POST"]),
                Route("/build/{token}", self.built),
                Route("/build/{token}/status", self.build_status),
                Route("/download/{token}/{name}", self.download),
                Route("/zip/{token}", self.zip),
                Route("/diff", self.diff, methods=["POST"]),
                Route("/batch", self.batch, methods=["POST"]),
                Route("/batch/{token}", self.batch_page),
                Route("/batch/{token}/status", self.batch_status),
                Route("/login", self.login, methods=["GET", "POST"]),
                Route("/logout", self.logout, methods=["POST"]),
                Route("/fonts/{name}", self.font),
                Mount("/static", static, name="static"),
            ],
            exception_handlers={
                HTTPException: self._http_error,
                BodyTooLarge: self._too_large,
                CsrfFailed: self._csrf_failed,
                BadForm: self._bad_form,
                Exception: self._crashed,
            },
            lifespan=self._lifespan,
        )

    @asynccontextmanager
    async def _lifespan(self, _app: Starlette):
        yield
        self.close()

    def close(self) -> None:
        self.workers.close()
        self.store.close()

    # ------------------------------------------------------------------ the guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        headers = Headers(scope=scope)
        sid = _cookie(headers, COOKIE)
        session = self.sessions.get(sid) or self.sessions.create(self.settings.password is None)
        scope["itadocs.session"] = session
        path, method = scope["path"], scope["method"]
        send = self._headers(scope, send, sid, path)
        request = Request(scope, receive)
        if not host_allowed(headers, self.settings.local):
            await self._error(request, 400, detail=("ที่อยู่ของเครื่องไม่ถูกต้อง",
                                                     "unknown host name"))(scope, receive, send)
            return
        limit = self.settings.upload_limit(path)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._error(request, 413, limit=limit)(scope, receive, send)
            return
        if method not in ("GET", "HEAD") and not same_origin(headers, scope["scheme"]):
            await self._error(request, 403)(scope, receive, send)
            return
        if not session.authed and not path.startswith(PUBLIC):
            if method in ("GET", "HEAD"):
                target = "/login" + (f"?next={quote(path)}" if path != "/" else "")
                await RedirectResponse(target, 303)(scope, receive, send)
            else:
                await self._error(request, 401)(scope, receive, send)
            return
        await self.router(scope, _bounded(receive, limit), send)

    def _headers(self, scope: Scope, send: Send, sid: str | None, path: str) -> Send:
        """Security headers on every response; the session cookie when it changed."""

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.append(name.decode(), value.decode())
                if not path.startswith(("/static/", "/fonts/")):
                    headers["cache-control"] = "no-store"
                session: Session = scope["itadocs.session"]
                if session.id != sid:
                    headers.append("set-cookie", f"{COOKIE}={session.id}; Path=/; HttpOnly; "
                                                 "SameSite=Lax")
            await send(message)

        return wrapped

# ---------------------------------------------------------------------- plain helpers


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _bounded(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises ``BodyTooLarge`` once the body passes ``limit`` bytes."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


def _local_target(target: str) -> str:
    """Only a path of this site to go back to after logging in (never another site)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _file(value: object) -> UploadFile:
    if not isinstance(value, UploadFile) or not value.filename:
        raise BadForm()
    return value


async def _save(upload: UploadFile, folder: Path, default: str, *, exact: bool = False
                ) -> Path:
    """Write an uploaded file into ``folder`` under a safe form of its name (or, with
    ``exact``, under ``default``, a name already made safe)."""
    name = default if exact else safe_name(upload.filename, default, ".xlsx")
    path = folder / name
    await upload.seek(0)
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            out.write(chunk)
    return path


def _year(value: object) -> int | None:
    """The year typed in a form (Thai or Arabic digits); None when blank, -1 when not a year."""
    text = arabic_digits(str(value or "")).strip()
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) <= 4 else -1


def _bad_year(value: object) -> ItadocsError:
    shown = str(value)[:20]
    return ItadocsError(f"'{shown}' ไม่ใช่ปี พ.ศ. (พิมพ์ตัวเลข 4 หลัก เช่น 2569)",
                        f"'{shown}' is not a Buddhist-era year (type four digits, e.g. 2569)",
                        where="ปีงบประมาณ / fiscal year")


def _media(name: str) -> str:
    if name.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _attachment(name: str) -> dict[str, str]:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return {"content-disposition":
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"}


def create_app(settings: Settings | None = None) -> WebApp:
    """The ASGI application for ``settings`` (the defaults: this machine only)."""
    return WebApp(settings or Settings())
