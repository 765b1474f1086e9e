"""The central office's page of a many-workbook build: every district's results by group,
the targets, the survey replies, what each district has made, the calendar's "due next",
a chart of the totals by group, and the summary workbook on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from itadocs.web.pages import Server
from itadocs.web.results import BatchResult
from itadocs.web.views.forms import attachment, media_type

if TYPE_CHECKING:
    from itadocs.build.report import Outcome

SUMMARY = "ita-summary.xlsx"


def _today(server: Server) -> dt.date:
    return server.settings.today or dt.date.today()


async def central(request: Request, server: Server) -> Response:
    """The page, computed now (today's calendar, the PDFs made since the build)."""
    from itadocs.web import overview

    entry = server.entry(request, BatchResult)
    if entry.busy:
        return RedirectResponse(f"/batch/{entry.token}", 303)
    outcomes = entry.result.outcomes
    years = await server.workers.check(overview.years, outcomes, entry.folder / "out",
                                       _today(server))
    today = _today(server)
    return server.page(request, "central.html", entry=entry, years=years, today=today,
                       due_next=overview.due_next(today))


async def summary_workbook(request: Request, server: Server) -> Response:
    """``ita-summary.xlsx`` of the build on its own, written now as the page shows it."""
    entry = server.entry(request, BatchResult)
    if entry.busy:
        return RedirectResponse(f"/batch/{entry.token}", 303)
    folder = entry.folder / "central"
    folder.mkdir(exist_ok=True)
    written = await server.workers.build(_write, entry.result.outcomes, entry.folder / "out",
                                         folder / SUMMARY, _today(server))
    return FileResponse(written, media_type=media_type(SUMMARY), headers=attachment(SUMMARY))


def _write(outcomes: list[Outcome], outdir: Path, target: Path, today: dt.date) -> Path:
    """The summary workbook of the outcomes, their documents found in ``outdir``."""
    from itadocs.build.summary import summary_tables, write_workbook

    return write_workbook(summary_tables(outcomes, outdir, today), target)
