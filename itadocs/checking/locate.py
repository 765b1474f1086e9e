"""Where a problem is: the cell its value was read from, else the sheet."""

from __future__ import annotations

from itadocs.exceptions import Problem, ProblemCode, Severity
from itadocs.messages import Message
from itadocs.model import WorkbookData


def problem_at(data: WorkbookData, path: str, code: ProblemCode, th: str, en: str, *,
               severity: Severity = Severity.ERROR, sheet: str = "", cell: str = "",
               web: Message | None = None) -> Problem:
    """A problem at the cell the value ``path`` was read from (``"order.number"``,
    ``"committee[2].role"``); a value not read from a cell (a missing row, a list with no
    rows) falls back to ``sheet`` and ``cell``, by default the whole sheet. ``web``: the
    words for the web page when the message names a command (``Message.web``)."""
    where = data.where(path) if path else None
    sheet, cell = where or (sheet, cell)
    return Problem(severity, code, sheet, cell, Message(th, en, web=web))


def warning_at(data: WorkbookData, path: str, code: ProblemCode, th: str, en: str, *,
               sheet: str = "", cell: str = "") -> Problem:
    return problem_at(data, path, code, th, en, severity=Severity.WARNING, sheet=sheet,
                      cell=cell)
