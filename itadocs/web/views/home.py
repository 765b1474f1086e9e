"""The pages around the jobs: the home page, logging in and out, and the page's fonts."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from itadocs.reading import districts
from itadocs.thai import fiscal_year_of
from itadocs.web.errors import error_page
from itadocs.web.pages import Server, session_of
from itadocs.web.security import password_matches, posted_form

FONTS = {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf"}  # served before the password is given


async def home(request: Request, server: Server) -> Response:
    names = districts.names()
    return server.page(request, "home.html",
                       districts=[(n, districts.english(n)) for n in names],
                       year=fiscal_year_of(dt.date.today()),
                       office_files=server.office.files())


async def login(request: Request, server: Server) -> Response:
    """The password form; after it, the page that was asked for (kept through a wrong
    password too)."""
    if request.method == "GET":
        target = local_target(request.query_params.get("next", "/"))
        session = request.scope.get("itadocs.session")
        if session is not None and session.authed:
            return RedirectResponse(target, 303)
        return server.page(request, "login.html", next=target)
    form = await posted_form(request, max_files=0)
    target = local_target(str(form.get("next") or "/"))
    client = request.client.host if request.client else "?"
    if server.throttle.blocked(client):
        return error_page(server, request, 429)
    given = form.get("password")
    expected = server.settings.password
    if expected is None or not isinstance(given, str) or not password_matches(given,
                                                                              expected):
        server.throttle.failed(client)
        return server.page(request, "login.html", 401, next=target, wrong=True)
    session = server.sessions.rotate(session_of(request), authed=True)
    request.scope["itadocs.session"] = session
    return RedirectResponse(target, 303)


async def logout(request: Request, server: Server) -> Response:
    await posted_form(request, max_files=0)
    session = server.sessions.rotate(session_of(request),
                                     authed=server.settings.password is None)
    request.scope["itadocs.session"] = session
    return RedirectResponse("/login" if server.settings.password else "/", 303)


def local_target(target: str) -> str:
    """Only a path of this site to go back to after logging in (never another site)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def font(request: Request, server: Server) -> Response:
    """The page's Thai font, from the installed font package (nothing from the internet)."""
    name = request.path_params["name"]
    if name not in FONTS:
        raise HTTPException(404)
    path = Path(str(files("fontpkg_sarabun") / "files" / name))
    return FileResponse(path, media_type="font/ttf",
                        headers={"cache-control": "public, max-age=86400"})
