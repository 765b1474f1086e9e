"""Who may use the page and what a request may do: sessions, password, CSRF, limits, headers.

Everything here runs in front of the page's routes (see ``app.WebApp``): a request from
another site, a body larger than the route accepts, a host name other than this machine's
in local mode, or a visitor who has not given the operator's password never reaches them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.datastructures import FormData, Headers
from starlette.requests import Request

COOKIE = "itadocs_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

# Scripts, styles, fonts and images come from this server only; nothing inline, no frames.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # "same-origin", not "no-referrer": with no-referrer a browser sends "Origin: null" on
    # a form post, and the cross-site check below could not tell our own forms.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class BodyTooLarge(Exception):
    """The request body is larger than its route accepts (HTTP 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


class CsrfFailed(Exception):
    """A form post without this session's token, or from another site (HTTP 403)."""


class BadForm(Exception):
    """A form that cannot be read: cut off, malformed, too many files (HTTP 400)."""


@dataclass
class Session:
    """One browser: its form token and whether it gave the password."""

    id: str
    csrf: str
    authed: bool = False
    kept: bool = False  # in the pool of sessions in use (see Sessions)
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """Sessions held in memory; a cookie names one.

    A session is made only for a page with a form (it holds the form's token), and starts
    *fresh*; it is *kept* once it matters: after the password, or, on a server without one,
    after its first form post the page accepted. Each pool keeps only its newest sessions, so
    requests without a cookie, however many, push out other fresh sessions and never one in
    use: a visitor without the password can log no one out.
    """

    def __init__(self, limit: int = 5000, fresh_limit: int = 1000,
                 idle_seconds: float = 12 * 3600) -> None:
        self.limit = limit
        self.fresh_limit = fresh_limit
        self.idle = idle_seconds
        self._kept: OrderedDict[str, Session] = OrderedDict()
        self._fresh: OrderedDict[str, Session] = OrderedDict()

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        pool = self._kept if sid in self._kept else self._fresh
        session = pool.get(sid)
        if session is None:
            return None
        now = time.monotonic()
        if now - session.seen > self.idle:
            del pool[sid]
            return None
        session.seen = now
        pool.move_to_end(sid)
        return session

    def create(self, authed: bool = False, *, kept: bool = False) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), authed)
        self._add(session, kept)
        return session

    def keep(self, session: Session) -> None:
        """Move a fresh session that has been used into the pool of sessions in use."""
        if not session.kept and self._fresh.pop(session.id, None) is not None:
            self._add(session, True)

    def rotate(self, old: Session | None, authed: bool) -> Session:
        """A new id and token after logging in or out, so a planted cookie is worthless;
        a session that gave the password is kept."""
        if old is not None:
            self._kept.pop(old.id, None)
            self._fresh.pop(old.id, None)
        return self.create(authed, kept=authed)

    def _add(self, session: Session, kept: bool) -> None:
        session.kept = kept
        pool, limit = (self._kept, self.limit) if kept else (self._fresh, self.fresh_limit)
        pool[session.id] = session
        while len(pool) > limit:
            pool.popitem(last=False)

    def counts(self) -> tuple[int, int]:
        """How many sessions are kept and how many are fresh."""
        return len(self._kept), len(self._fresh)

    def __len__(self) -> int:
        return len(self._kept) + len(self._fresh)


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison that does not reveal the password's length either."""
    a = hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest()
    b = hashlib.sha256(expected.encode("utf-8", "surrogatepass")).digest()
    return hmac.compare_digest(a, b)


class LoginThrottle:
    """At most ``attempts`` wrong passwords per client address in ``window`` seconds."""

    def __init__(self, attempts: int = 10, window: float = 600) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}

    def blocked(self, client: str) -> bool:
        recent = self._recent(client)
        return len(recent) >= self.attempts

    def failed(self, client: str) -> None:
        self._recent(client).append(time.monotonic())
        if len(self._failures) > 10_000:  # forget the oldest addresses
            for key in list(self._failures)[:5000]:
                del self._failures[key]

    def _recent(self, client: str) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        now = time.monotonic()
        while times and now - times[0] > self.window:
            times.popleft()
        return times


def own_origin(headers: Headers, scheme: str) -> str:
    return f"{scheme}://{headers.get('host', '')}".lower()


def same_origin(headers: Headers, scheme: str) -> bool:
    """The post comes from one of our own pages (Origin, or Referer when there is none)."""
    origin = headers.get("origin")
    if origin is None:
        referer = headers.get("referer")
        if referer is None:
            return True  # no header to judge by; the form token alone decides
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin.lower() == own_origin(headers, scheme)


def host_allowed(headers: Headers, local: bool) -> bool:
    """In local mode only this machine's names are served (no DNS rebinding)."""
    if not local:
        return True
    host = headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if host.startswith("["):
        name = host[1:].split("]", 1)[0]
    from itadocs.web.settings import is_loopback

    return is_loopback(name)


async def posted_form(request: Request, *, max_files: int = 2) -> FormData:
    """The post's form, once its CSRF token is checked against the session's."""
    from starlette.exceptions import HTTPException

    session: Session | None = request.scope.get("itadocs.session")
    try:
        form = await request.form(max_files=max_files, max_fields=50,
                                  max_part_size=64 * 1024)
    except HTTPException:  # malformed or cut off, or more files than the form takes
        raise BadForm() from None
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if (session is None or not isinstance(token, str)
            or not hmac.compare_digest(token, session.csrf)):
        await form.close()
        raise CsrfFailed()
    return form
