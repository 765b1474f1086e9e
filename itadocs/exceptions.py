"""Errors and problems, each told in Thai and in English with the place it concerns.

Staff read the Thai; the English is for support and logs. ``Problem`` is a finding about a
workbook's content (it may be only a warning); ``ItadocsError`` stops a command.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from itadocs.messages import Label, Message, ProblemCode, text

__all__ = [
    "DocumentIncomplete",
    "DuplicateWorkbook",
    "FrameworkError",
    "HasProblems",
    "ItadocsError",
    "Message",
    "OutputError",
    "PdfError",
    "Problem",
    "ProblemCode",
    "Severity",
    "TemplateError",
    "WorkbookHasErrors",
    "WorkbookUnreadable",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of ``check``: what is wrong (a ``Message``), where, and how bad."""

    severity: Severity
    code: ProblemCode
    sheet: str
    cell: str
    message: Message

    @property
    def message_th(self) -> str:
        return self.message.th

    @property
    def message_en(self) -> str:
        return self.message.en

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def as_dict(self) -> dict[str, str]:
        """The problem as ``check --json`` prints it (one row of ``problems``)."""
        return {"severity": str(self.severity), "code": str(self.code), "sheet": self.sheet,
                "cell": self.cell, "message_th": self.message.th,
                "message_en": self.message.en}

    def format(self, source: str = "") -> str:
        """The problem as the terminal shows it (``messages.text``)."""
        return text(Label.ERROR if self.is_error else Label.WARNING, self.message,
                    self.where(), source)


class HasProblems:
    """Errors and warnings of something that holds a ``problems`` list."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _rebuild(cls: type[ItadocsError], args: tuple[Any, ...], state: dict[str, Any]
             ) -> ItadocsError:
    """Unpickle an error as its own class with its own fields (``__init__`` is not run, so
    subclasses with other constructors come back whole too)."""
    err = cls.__new__(cls, *args)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class ItadocsError(Exception):
    """A failure that stops a command; each front end shows its ``message`` and ``where``
    and ends with ``exit_code``. Pickles whole, so a worker process's error comes back as
    itself."""

    exit_code = 1
    title: Message | None = None  # what failed, as a page heads it (the web page's)
    message_web: Message | None = None  # the words for the web page (see Message.web)

    def __init__(self, message_th: str | Message, message_en: str = "", *,
                 where: str = "", title: Message | None = None) -> None:
        if isinstance(message_th, Message):
            self.message_web = message_th.web
            message_en = message_th.en
            message_th = message_th.th
        super().__init__(message_en)
        self.message_th: str = message_th
        self.message_en = message_en
        self.where = where
        self.title = title

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))

    @property
    def message(self) -> Message:
        return Message(self.message_th, self.message_en, self.message_web)

    @property
    def code(self) -> ProblemCode:
        """The problem code of this failure when it is shown as a problem row."""
        return ProblemCode.UNREADABLE if isinstance(self, WorkbookUnreadable) else (
            ProblemCode.FAILED)

    def format(self, source: str = "") -> str:
        """The error as the terminal shows it (``messages.text``)."""
        return text(Label.ERROR, self.message, self.where, source)

    def as_dict(self) -> dict[str, Any]:
        """The error as every ``--json`` failure carries it."""
        return {"type": type(self).__name__, "exit_code": self.exit_code,
                "where": self.where, "message_th": self.message_th,
                "message_en": self.message_en}


def failure_json(exc: ItadocsError, **subject: str) -> str:
    """The one JSON shape of a command that failed as a whole (``check``, ``build``,
    ``diff``): what it was about (``file``, or ``old`` and ``new``), the error, and the error
    again as a row of ``problems`` so that it reads like a report with one error."""
    import json

    return json.dumps({
        **subject, "error": exc.as_dict(), "errors": 1, "warnings": 0,
        "problems": [{"severity": "error", "code": str(exc.code), "sheet": "", "cell": "",
                      "message_th": exc.message_th, "message_en": exc.message_en}],
    }, ensure_ascii=False, indent=2)


class WorkbookUnreadable(ItadocsError):
    """The file is not a workbook itadocs can open at all (exit code 2)."""

    exit_code = 2


class UsageError(ItadocsError):
    """A command line that cannot run as typed (a missing argument, an unknown option, a
    value of the wrong kind): exit code 2, as for click's usage errors."""

    exit_code = 2


class BuildStopped(ItadocsError):
    """A build told to stop (Ctrl-C, SIGTERM, SIGHUP) as a ``--json`` failure shows it:
    exit code 128 + the signal (set on the instance; SIGINT's by default)."""

    exit_code = 130


class WorkbookHasErrors(ItadocsError):
    """The workbook was read but its content has errors, so no document is built."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        super().__init__(
            f"สมุดงานมีข้อผิดพลาด {len(errors)} รายการ จึงไม่สร้างเอกสาร",
            f"the workbook has {len(errors)} error(s); no document was built",
        )
        self.problems = problems


class DuplicateWorkbook(ItadocsError):
    """Two workbooks of one build are for the same district and fiscal year."""


class FrameworkError(ItadocsError):
    """The framework data file for the year is missing or malformed."""


class TemplateError(ItadocsError):
    """A Word template cannot be used (syntax error, unknown variable, unsafe access)."""


class DocumentIncomplete(TemplateError):
    """A rendered document is damaged or shorter than its data: it is never written."""


class OutputError(ItadocsError):
    """An output cannot be written (folder missing or read-only, disk full, file locked)."""


class PdfError(ItadocsError):
    """LibreOffice is missing or could not convert a document; the .docx files remain."""
