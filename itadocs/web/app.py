"""The web page as one application: the guard in front, the routes table, and startup.

``WebApp`` is the ASGI application ``itadocs serve`` runs. Its guard (see ``security.py``)
sees every request first: host name, session cookie, password, cross-site posts, body size
and security headers. Then Starlette's routes call the views (``views/``): plain functions
given the request and the server's shared parts (``pages.Server``). A view reads the upload
into the request's own folder, calls the library in a worker thread (``actions.py``), keeps
what may be downloaded in the store (``store.py``, typed by ``results.py``) and renders a
template with what the library returned (``present.py``). A failure a view lets go up
becomes its page in one place (``errors.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import Message as ASGIMessage
from starlette.types import Receive, Scope, Send

from itadocs.messages import Message
from itadocs.web import actions, errors, present
from itadocs.web.office import Office
from itadocs.web.pages import Server, View
from itadocs.web.security import (
    COOKIE,
    SECURITY_HEADERS,
    BodyTooLarge,
    LoginThrottle,
    Session,
    Sessions,
    host_allowed,
    same_origin,
)
from itadocs.web.settings import Settings
from itadocs.web.store import Store, server_root
from itadocs.web.views import batch, build, central, compare, home, office, progress, workbook
from itadocs.web.workers import Workers, batch_jobs

PUBLIC = ("/login", "/static/", "/fonts/")  # served before the password is given
UNKNOWN_HOST = Message("ที่อยู่ของเครื่องไม่ถูกต้อง", "unknown host name")


def routes(server: Server) -> list[BaseRoute]:
    """Every page: its address, its view and the methods it takes."""

    def page(path: str, view: View, methods: list[str] | None = None) -> Route:
        async def endpoint(request: Request) -> Response:
            return await view(request, server)

        return Route(path, endpoint, methods=methods,
                     name=f"{view.__module__.rsplit('.', 1)[-1]}.{view.__name__}")

    post = ["POST"]
    return [
        page("/", home.home),
        page("/new", workbook.new, post),
        page("/new/{token}", workbook.blank),
        page("/carry", workbook.carry, post),
        page("/carry/{token}", workbook.carried),
        page("/check", workbook.check, post),
        page("/check/{token}", workbook.checked),
        page("/draft", workbook.draft, post),
        page("/chart/{token}.png", workbook.chart),
        page("/photos", workbook.photos, post),
        page("/build", build.build, post),
        page("/progress", progress.progress, post),
        page("/build/{token}", build.built),
        page("/build/{token}/status", build.build_status),
        page("/download/{token}/{name}", build.download),
        page("/zip/{token}", build.archive),
        page("/diff", compare.diff, post),
        page("/diff/{token}", compare.compared),
        page("/batch", batch.batch, post),
        page("/batch/{token}", batch.batch_page),
        page("/batch/{token}/status", batch.batch_status),
        page("/central/{token}", central.central),
        page("/central/{token}/ita-summary.xlsx", central.summary_workbook),
        page("/office", office.office),
        page("/office", office.upload, post),
        page("/office/remove", office.remove, post),
        page("/office/{name}", office.template_file),
        page("/login", home.login, ["GET", "POST"]),
        page("/logout", home.logout, post),
        page("/fonts/{name}", home.font),
        Mount("/static", StaticFiles(packages=[("itadocs.web", "static")]), name="static"),
    ]


def templates() -> Jinja2Templates:
    """The page's templates, shipped with the package; every value escaped."""
    env = Environment(loader=PackageLoader("itadocs.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = present.cell
    return Jinja2Templates(env=env)


class WebApp:
    """The page as one ASGI application: the guard, then Starlette's routes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        actions.validate_templates(settings.templates)
        self.store = Store(server_root(settings.root), settings.keep_seconds)
        self.server = Server(
            settings=settings, store=self.store,
            workers=Workers(self.store.root, settings.pdf), templates=templates(),
            sessions=Sessions(), throttle=LoginThrottle(),
            hide=present.hider(self.store.root), jobs=batch_jobs(settings.batch_jobs),
            office=Office(self.store.root, settings.templates))
        self.router = Starlette(routes=routes(self.server),
                                exception_handlers=errors.handlers(self.server),
                                lifespan=self._lifespan)

    @asynccontextmanager
    async def _lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        yield
        self.close()

    def close(self) -> None:
        self.server.workers.close()
        self.store.close()

    # ------------------------------------------------------------------ the guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        headers = Headers(scope=scope)
        sid = _cookie(headers, COOKIE)
        # No session is made here: a page with a form makes one (pages.session_of).
        session = self.server.sessions.get(sid)
        scope["itadocs.server"] = self.server
        scope["itadocs.session"] = session
        scope["itadocs.stale"] = sid is not None and session is None  # restarted, or idle
        authed = session.authed if session else self.settings.password is None
        path, method = scope["path"], scope["method"]
        send = self._headers(scope, send, sid, path)
        request = Request(scope, receive)
        if not host_allowed(headers, self.settings.local):
            await self._refuse(request, 400, detail=UNKNOWN_HOST)(scope, receive, send)
            return
        limit = self.settings.upload_limit(path)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await self._refuse(request, 413, limit=limit)(scope, receive, send)
            return
        if method not in ("GET", "HEAD") and not same_origin(headers, scope["scheme"]):
            await self._refuse(request, 403)(scope, receive, send)
            return
        if not authed and not path.startswith(PUBLIC):
            if method in ("GET", "HEAD"):
                target = "/login" + (f"?next={quote(path)}" if path != "/" else "")
                await RedirectResponse(target, 303)(scope, receive, send)
            else:
                await self._refuse(request, 401)(scope, receive, send)
            return
        await self.router(scope, _bounded(receive, limit), send)

    def _refuse(self, request: Request, status: int, *, limit: int = 0,
                detail: Message | None = None) -> Response:
        return errors.error_page(self.server, request, status, limit=limit, detail=detail)

    def _headers(self, scope: Scope, send: Send, sid: str | None, path: str) -> Send:
        """Security headers on every response; the session cookie when it changed; a
        session whose form post the page accepted is kept (see ``Sessions``)."""

        async def wrapped(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.append(name.decode(), value.decode())
                if not path.startswith(("/static/", "/fonts/")):
                    headers["cache-control"] = "no-store"
                session: Session | None = scope["itadocs.session"]
                if session is not None and session.id != sid:
                    headers.append("set-cookie", f"{COOKIE}={session.id}; Path=/; HttpOnly; "
                                                 "SameSite=Lax")
                if (session is not None and session.authed and scope["method"] == "POST"
                        and message["status"] < 400):
                    self.server.sessions.keep(session)
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

    async def wrapped() -> ASGIMessage:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


def create_app(settings: Settings | None = None) -> WebApp:
    """The ASGI application for ``settings`` (the defaults: this machine only)."""
    return WebApp(settings or Settings())
