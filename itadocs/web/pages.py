"""The server's parts every view shares, and the one way a page is rendered.

A view (``views/``) is a plain function ``view(request, server)``: ``server`` is the
``Server`` below, made once when the application starts. It holds no request's state; what a
person may come back for is in the store, tied to their session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from itadocs import __version__
from itadocs.exceptions import ItadocsError, Problem
from itadocs.reading.reader import MAX_FILE_BYTES
from itadocs.web import present
from itadocs.web.security import CSRF_FIELD, LoginThrottle, Session, Sessions
from itadocs.web.settings import Settings
from itadocs.web.store import Entry, Store
from itadocs.web.workers import Workers

T = TypeVar("T")


def megabytes(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def session_of(request: Request) -> Session:
    """The browser's session, which the guard put on every request."""
    return request.scope["itadocs.session"]


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

    def page(self, request: Request, template: str, status: int = 200, /, **context: Any
             ) -> Response:
        """``template`` with ``context`` and what every page needs (form token, limits)."""
        session = session_of(request)
        context.update(
            csrf=session.csrf, csrf_field=CSRF_FIELD, version=__version__,
            login=self.settings.password is not None and session.authed,
            pdf_available=self.workers.pdf_available, hide=self.hide,
            max_workbook=MAX_FILE_BYTES, max_workbook_text=megabytes(MAX_FILE_BYTES),
        )
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def rows(self, items: Iterable[Problem | ItadocsError]) -> list[present.ProblemRow]:
        return present.problem_rows(items, self.hide)

    def entry(self, request: Request, kind: type[T], token: str | None = None) -> Entry[T]:
        """The session's entry named by ``token`` (the path's by default) holding a ``kind``
        of result; any other token is a page not found."""
        if token is None:
            token = request.path_params["token"]
        entry = self.store.get(token, session_of(request).id, kind)
        if entry is None:
            raise HTTPException(404)
        return entry


# What every view is: the request and the server's parts in, the page out.
View = Callable[[Request, Server], Awaitable[Response]]
