"""The web page (``itadocs serve``): the library's jobs in a browser, for secretariat staff.

Another thin front end, like the command line: it presents what the library returns.
"""

from itadocs.web.settings import Settings

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None):
    """The ASGI application (imported lazily: the command line starts without Starlette)."""
    from itadocs.web.app import create_app as make

    return make(settings)
