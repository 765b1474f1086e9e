"""Errors and problems, each told in Thai and in English with the place it concerns.

Staff read the Thai; the English is for support and logs. ``Problem`` is a finding about a
workbook's content (it may be only a warning); ``ItadocsError`` stops a command.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One finding of ``check``: what is wrong, where, and how bad."""

    severity: Severity
    code: str
    sheet: str
    cell: str
    message_th: str
    message_en: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def format(self) -> str:
        label = "ข้อผิดพลาด / ERROR" if self.is_error else "คำเตือน / WARNING"
        place = f" [{self.where()}]" if self.where() else ""
        return f"{label}{place}\n  {self.message_th}\n  {self.message_en}"


class HasProblems:
    """Errors and warnings of something that holds a ``problems`` list."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class ItadocsError(Exception):
    """A failure that stops a command; the CLI prints both messages and exits non-zero."""

    exit_code = 1

    def __init__(self, message_th: str, message_en: str, *, where: str = "") -> None:
        super().__init__(message_en)
        self.message_th = message_th
        self.message_en = message_en
        self.where = where

    def format(self) -> str:
        place = f" [{self.where}]" if self.where else ""
        return f"ข้อผิดพลาด / ERROR{place}\n  {self.message_th}\n  {self.message_en}"


class WorkbookUnreadable(ItadocsError):
    """The file is not a workbook itadocs can open at all (exit code 2)."""

    exit_code = 2


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
