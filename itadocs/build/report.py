"""A build's result, owned by the library: one ``Outcome`` per workbook with its ``Status``,
the words each front end shows for it, the summary table and the exit code (``BuildReport``).

Front ends only present it: the terminal prints ``BuildReport.lines()``, the web page lays
out the same outcomes, statuses and messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from itadocs.cleantext import file_label
from itadocs.exceptions import HasProblems, ItadocsError, OutputError, Problem, WorkbookHasErrors
from itadocs.kinds import OutputKind
from itadocs.messages import Label, Message, text


class Status(StrEnum):
    """What happened to one workbook of a build."""

    BUILT = "built"
    SKIPPED = "skipped"  # unchanged since the last build
    EDITED = "edited"  # an output was edited by hand: not overwritten
    FAILED = "failed"  # errors in the workbook, or a failure building it
    IGNORED = "ignored"  # a file of the folder that is not a workbook (its note says why)
    CHECKED = "checked"  # checked and to be rendered (never the end of a build)

    @property
    def message(self) -> Message:
        return STATUS_WORDS[self]


STATUS_WORDS = {
    Status.BUILT: Message("สร้างเอกสารแล้ว", "built"),
    Status.SKIPPED: Message("ไม่เปลี่ยนแปลง ข้าม", "unchanged, skipped"),
    Status.EDITED: Message("มีไฟล์ที่แก้ด้วยมือ ไม่เขียนทับ", "edited by hand, not overwritten"),
    Status.FAILED: Message("ไม่สำเร็จ", "failed"),
    Status.IGNORED: Message("ไม่ใช่สมุดงาน ข้าม", "not a workbook, skipped"),
    Status.CHECKED: Message("ตรวจแล้ว", "checked"),
}


def edited_message(names: list[str]) -> Message:
    files = ", ".join(names)
    return Message(
        f"ไฟล์ {files} ถูกแก้ไขด้วยมือหลังจากสร้าง จึงไม่เขียนทับ (ใช้ --force เพื่อสร้างใหม่ "
        "โดยเก็บไฟล์ที่แก้ไว้เป็นสำเนา .edited-วันที่)",
        f"{files} was edited by hand since itadocs wrote it, so it was not overwritten "
        "(use --force to rebuild; the edited file is kept as a dated .edited- copy)",
    )


def not_built(errors: int) -> Message:
    return Message(f"ข้อผิดพลาด {errors} รายการ ไม่สร้างเอกสาร", f"{errors} error(s), not built")


def cannot_build(errors: int) -> Message:
    """Why a checked workbook with errors gets no documents, before anyone builds it."""
    return Message(
        f"สมุดงานมีข้อผิดพลาด {errors} รายการ จึงยังสร้างเอกสารไม่ได้ แก้ไขในสมุดงานตามตาราง "
        "แล้วอัปโหลดอีกครั้ง",
        f"The workbook has {errors} error(s), so no documents can be built yet; correct "
        "them in the workbook as the table says and upload it again.")


def wrote(path: Path) -> str:
    return f"เขียน / wrote {path}"


@dataclass
class Outcome(HasProblems):
    """What happened to one workbook."""

    path: Path
    status: Status
    district: str = ""
    fiscal_year: int | None = None
    total: str = ""
    level: str = ""
    tools: dict[str, str] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)  # for the summary
    indicator_names: dict[int, str] = field(default_factory=dict)
    previous_total: str = ""  # from the workbook's previous-year column
    levels: tuple[str, ...] = ()  # the framework's level names, best first
    pass_mark: str = ""  # the framework's passing total ("85.00")
    survey: dict[str, int] = field(default_factory=dict)  # IIT/EIT replies and minimums
    problems: list[Problem] = field(default_factory=list)
    error: ItadocsError | None = None  # what stopped it as a whole
    exit_code: int = 0
    names: dict[OutputKind, str] = field(default_factory=dict)
    outputs: dict[OutputKind, Path] = field(default_factory=dict)  # written, by kind
    backups: list[Path] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    fingerprint: str = ""
    files: dict[OutputKind, bytes] = field(default_factory=dict)  # rendered, not yet written
    # the copies LibreOffice lays out for the PDFs, by the kind of their Word document
    pdf_sources: dict[OutputKind, bytes] = field(default_factory=dict)
    progress: Message | None = None  # a round's report: its measures counted by status
    note: Message | None = None  # why a file was not read (Status.IGNORED)

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    def fail(self, exc: ItadocsError) -> Outcome:
        self.status, self.exit_code, self.error = Status.FAILED, exc.exit_code, exc
        return self

    @property
    def label(self) -> str:
        """The workbook as messages name it."""
        return file_label(self.path)

    @property
    def failure(self) -> ItadocsError | None:
        """Why nothing was built, as the error the library raises for it (or None)."""
        if self.error is not None:
            return self.error
        if self.status is Status.EDITED:
            return OutputError(edited_message(self.edited))
        if self.errors:
            return WorkbookHasErrors(self.problems)
        return None

    @property
    def error_count(self) -> int:
        """Errors in the workbook, plus one for a failure of the build itself."""
        return len(self.errors) + (1 if self.error or self.status is Status.EDITED else 0)

    def as_dict(self) -> dict[str, Any]:
        """One workbook in ``build --json``: its problems as ``check --json`` prints them
        and its error in the shape every ``--json`` failure has."""
        return {
            "file": self.label, "status": str(self.status), "district": self.district or None,
            "fiscal_year": self.fiscal_year, "total": self.total or None,
            "level": self.level or None, "errors": self.error_count,
            "warnings": len(self.warnings), "problems": [p.as_dict() for p in self.problems],
            "error": self.failure.as_dict() if self.failure else None,
            "outputs": {kind: str(path) for kind, path in self.outputs.items()},
            "backups": [str(p) for p in self.backups],
            "note": {"message_th": self.note.th, "message_en": self.note.en}
            if self.note else None,
        }

    def shown(self) -> list[Problem]:
        """The problems worth showing: errors always, warnings when it was built or is
        up to date (a workbook that failed is told by its errors)."""
        keep = self.status in (Status.BUILT, Status.SKIPPED)
        return [p for p in self.problems if p.is_error or keep]

    def result(self) -> Message | None:
        """The one-line result of a workbook that did not fail."""
        if self.failure is not None:
            return None
        if self.status is Status.SKIPPED:
            return Message("ไม่มีการเปลี่ยนแปลง ข้าม",
                           f"unchanged, skipped (ITA {self.total} {self.level})")
        if self.progress is not None:
            return self.progress
        return Message(f"ITA {self.total} ({self.level})", f"ITA {self.total} ({self.level})")


@dataclass(frozen=True)
class Line:
    """One block of the terminal's account of a build; ``problem`` blocks go to standard
    error, the results to standard output."""

    text: str
    problem: bool = False


class BuildReport(list):
    """The outcomes of one build, in the order the workbooks were named (a list of
    ``Outcome``), with what the run itself has to say: notices (a damaged manifest, what a
    killed run left and was removed), the summary files or why they were not written, and
    the exit code."""

    def __init__(self, outcomes: Iterable[Outcome] = ()) -> None:
        super().__init__(outcomes)
        self.notices: list[Message] = []
        self.summary: list[Path] = []
        self.summary_error: ItadocsError | None = None
        self.many = False  # more than one workbook: a summary and a table

    @property
    def exit_code(self) -> int:
        codes = [o.exit_code for o in self]
        if self.summary_error is not None:
            codes.append(self.summary_error.exit_code)
        return max(codes, default=0)

    @property
    def failed(self) -> int:
        return sum(1 for o in self if o.exit_code)

    def as_dict(self) -> dict[str, Any]:
        """The object ``build --json`` prints (a failure of the whole build is printed in
        the one failure shape of ``exceptions.failure_json`` instead)."""
        return {
            "outcomes": [o.as_dict() for o in self],
            "failed": self.failed,
            "exit_code": self.exit_code,
            "notices": [{"message_th": n.th, "message_en": n.en} for n in self.notices],
            "summary": [str(p) for p in self.summary],
            "summary_error": self.summary_error.as_dict() if self.summary_error else None,
        }

    def to_json(self) -> str:
        import json

        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def lines(self) -> Iterator[Line]:
        """Everything the terminal says of the build, in order."""
        for note in self.notices:
            yield Line(text(Label.NOTE, note), problem=True)
        for outcome in self:
            yield from outcome_lines(outcome)
        if self.many:
            yield from (Line(row) for row in self.table())
            yield from (Line(wrote(path)) for path in self.summary)
        if self.summary_error is not None:
            yield Line(self.summary_error.format(), problem=True)

    @property
    def workbooks(self) -> list[Outcome]:
        """The outcomes of workbooks (not of the other files a folder held)."""
        return [o for o in self if o.status is not Status.IGNORED]

    def table(self) -> list[str]:
        """District, year, ITA, level, warnings, errors and status of every workbook (and
        of every other file of the folder, not counted)."""
        rows = ["", f"{'เขต':<20} {'ปี':>4} {'ITA':>6}  {'ระดับ':<20} {'เตือน':>5} {'ผิด':>4}  "
                "สถานะ/status"]
        for o in self:
            rows.append(f"{(o.district or o.label)[:20]:<20} {o.fiscal_year or '-':>4} "
                        f"{o.total or '-':>6}  {o.level or '-':<20} {len(o.warnings):>5} "
                        f"{o.error_count:>4}  {o.status}")
        count = len(self.workbooks)
        # files, not districts: two workbooks of one district count twice
        rows.append(f"รวม {count} สมุดงาน, ไม่สำเร็จ {self.failed} / {count} workbooks, "
                    f"{self.failed} failed")
        return rows


def outcome_lines(outcome: Outcome) -> Iterator[Line]:
    """What the terminal says of one workbook: its problems, why it failed, or its result
    and the files written."""
    name = outcome.label
    if outcome.status is Status.IGNORED and outcome.note is not None:
        yield Line(text(Label.NOTE, outcome.note, source=name), problem=True)
        return
    for problem in outcome.shown():
        yield Line(problem.format(name), problem=True)
    failure = outcome.failure
    if isinstance(failure, WorkbookHasErrors) and outcome.error is None:
        message = not_built(len(outcome.errors))
        yield Line(f"{name}: {message}", problem=True)
    elif failure is not None:
        yield Line(failure.format(name), problem=True)
    else:
        yield Line(f"{name}: {outcome.result()}")
        yield from (Line(f"  {wrote(path)}") for path in outcome.outputs.values())
        yield from (Line(f"  เก็บไฟล์ที่แก้ด้วยมือไว้ที่ / kept the edited file as {path}")
                    for path in outcome.backups)
