"""The server's parts every view shares, and the one way a page is rendered.

A view (``views/``) is a plain function ``view(request, server)``: ``server`` is the
``Server`` below, made once when the application starts. It holds no request's state; what a
person may come back for is in the store, tied to their session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from itadocs import __version__
from itadocs.exceptions import ItadocsError, Problem
from itadocs.reading.opening import MAX_FILE_BYTES
from itadocs.web import present
from itadocs.web.office import Office
from itadocs.web.security import CSRF_FIELD, LoginThrottle, Session, Sessions
from itadocs.web.settings import BATCH_FILES, Settings
from itadocs.web.store import Entry, Store
from itadocs.web.workers import Workers

T = TypeVar("T")


def megabytes(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


# The pages that hold a form, so need a session for its token; no other page makes one.
FORM_PAGES = frozenset({"home.html", "login.html", "check.html", "office.html"})


def session_of(request: Request) -> Session:
    """The browser's session: the one its cookie names, or a new one (a page with a form,
    or a post that was accepted, needs one; see ``Sessions``)."""
    session: Session | None = request.scope.get("itadocs.session")
    if session is None:
        server: Server = request.scope["itadocs.server"]
        session = server.sessions.create(server.settings.password is None)
        request.scope["itadocs.session"] = session
    return session


def session_id(request: Request) -> str:
    """The id of the session the request's cookie names ("" when it names none)."""
    session: Session | None = request.scope.get("itadocs.session")
    return session.id if session is not None else ""


def stale(request: Request) -> bool:
    """The request's cookie names a session the server no longer knows: the server was
    restarted (sessions and files live as long as it runs) or the page was left idle."""
    return bool(request.scope.get("itadocs.stale"))


@dataclass
class Server:
    """What the views share: settings, files, workers, templates, sessions."""

    settings: Settings
    store: Store
    workers: Workers
    templates: Jinja2Templates
    sessions: Sessions
    throttle: LoginThrottle
    hide: Callable[[str], str]  # takes the server's folders out of a message
    jobs: int  # worker processes of a many-workbook build
    office: Office  # the templates and Garuda builds use

    def page(self, request: Request, template: str, status: int = 200, /, **context: Any
             ) -> Response:
        """``template`` with ``context`` and what every page needs (form token, limits)."""
        session: Session | None = request.scope.get("itadocs.session")
        if template in FORM_PAGES:
            session = session_of(request)
        context.update(
            csrf=session.csrf if session else "", csrf_field=CSRF_FIELD, version=__version__,
            login=self.settings.password is not None and session is not None
            and session.authed, stale=stale(request),
            pdf_available=self.workers.pdf_available, hide=self.hide,
            max_workbook=MAX_FILE_BYTES, max_workbook_text=megabytes(MAX_FILE_BYTES),
            batch_files=BATCH_FILES, batch_text=megabytes(self.settings.batch_bytes),
        )
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def show(self, names: Mapping[str, str] | None = None) -> Callable[[str], str]:
        """What takes the server's folders out of a message and puts back the uploaded
        files' names (``names``: stored name -> as uploaded)."""
        return present.shower(self.hide, names)

    def rows(self, items: Iterable[Problem | ItadocsError],
             names: Mapping[str, str] | None = None) -> list[present.ProblemRow]:
        return present.problem_rows(items, self.show(names))

    def entry(self, request: Request, kind: type[T], token: str | None = None) -> Entry[T]:
        """The session's entry named by ``token`` (the path's by default) holding a ``kind``
        of result; any other token is a page not found."""
        if token is None:
            token = request.path_params["token"]
        entry = self.store.get(token, session_id(request), kind)
        if entry is None:
            raise HTTPException(404)
        return entry


# What every view is: the request and the server's parts in, the page out.
View = Callable[[Request, Server], Awaitable[Response]]
