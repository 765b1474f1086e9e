"""The progress report of the measures from the check page: the round's own problems in the
page's section (``itadocs.check_progress``) and its build (``itadocs.build_progress``), which
the build pages then show like the measures documents."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from itadocs.build.batch import progress_line
from itadocs.exceptions import ItadocsError, Problem
from itadocs.messages import Message
from itadocs.model import ROUNDS
from itadocs.web import actions, present
from itadocs.web.errors import problems_of
from itadocs.web.pages import Server
from itadocs.web.results import CheckedWorkbook
from itadocs.web.security import BadForm, posted_form
from itadocs.web.store import Entry
from itadocs.web.views import build as builds


def round_of(value: object) -> int:
    """The round a form chose; any other value is a form that cannot be read (400)."""
    text = str(value or "")
    if text not in {str(r) for r in ROUNDS}:
        raise BadForm()
    return int(text)


async def progress(request: Request, server: Server) -> Response:
    """Build the round's progress report of a checked workbook; the build page shows it."""
    form = await posted_form(request, max_files=0)
    round_months = round_of(form.get("round"))
    return await builds.start(request, server, str(form.get("workbook") or ""),
                              form.get("pdf") == "1", round_months)


@dataclass(frozen=True)
class RoundSection:
    """The check page's progress section for one round."""

    round: int
    rows: list[present.ProblemRow]  # the round's own problems (the workbook's are above)
    errors: int  # every error that stops the report, the workbook's too
    own_errors: int
    line: Message | None  # its measures counted by status, when it can be built
    out_of_step: int  # cells the ids-and-rows button would write
    rounds: tuple[int, ...] = ROUNDS


async def section(request: Request, server: Server, entry: Entry[CheckedWorkbook]
                  ) -> RoundSection:
    """The round the page asks for (``?round=12``; 6 by default), checked once per check
    of the workbook: only the problems the workbook's own check did not already show."""
    data = entry.result
    asked = request.query_params.get("round", "")
    round_months = int(asked) if asked in {str(r) for r in ROUNDS} else ROUNDS[0]
    checked = data.round_check(round_months)
    found: list[Problem | ItadocsError]
    if checked is None:
        report = data.report
        try:
            checked = await server.workers.check(actions.check_round, report.path,
                                                 round_months)
        except ItadocsError as exc:  # the file went unreadable: said in the section
            found = problems_of(exc)
            return RoundSection(round_months, server.rows(found, data.names), 1, 1, None, 0)
        data.rounds[round_months] = (report, checked)
    # by place and code: a message may name the folder the workbook was checked in
    shown = {(p.severity, p.code, p.sheet, p.cell) for p in data.report.problems}
    found = [p for p in checked.problems if (p.severity, p.code, p.sheet, p.cell) not in shown]
    own_errors = sum(p.is_error for p in found if isinstance(p, Problem))
    line = progress_line(checked.data, round_months) if checked.ok else None
    out_of_step = await server.workers.check(actions.out_of_step, data.report)
    return RoundSection(round_months, server.rows(found, data.names), len(checked.errors),
                        own_errors, line, out_of_step)
