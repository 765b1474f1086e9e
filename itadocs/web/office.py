"""The office's own Word templates and Garuda, given on the page: kept for the server's life.

A build uses the folder ``templates()`` names: the server's own folder once someone uploaded
a file on the page, else the folder named when the server started (``--templates`` or
``ITADOCS_TEMPLATES``), else the templates installed with itadocs. The server's own folder
starts as a copy of the start folder's files, so an upload replaces one file and keeps the
others. It lives in the server's temporary folder and goes when the server stops (the page
says so); an office that wants its files kept for good gives them to the server at start.
Every upload is checked as ``itadocs templates check`` checks a folder (a template) or as a
build would use it (the Garuda) before it replaces anything, and is saved under its
template's name, never the upload's.
"""

from __future__ import annotations

import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from itadocs.documents.templateset import FILES, GARUDA, check_garuda
from itadocs.exceptions import ItadocsError, TemplateError
from itadocs.kinds import DOCUMENTS, PROGRESS_DOCUMENTS
from itadocs.messages import Message

LABELS = {
    **{kind.template: kind.label for kind in (*DOCUMENTS, *PROGRESS_DOCUMENTS)},
    GARUDA: Message("ตราครุฑ (PNG พื้นโปร่งใส)", "The Garuda (a transparent PNG)"),
}
GARUDA_FORMATS = ("PNG", "JPEG")
NOT_A_DOCX = Message("ไฟล์นี้ไม่ใช่เอกสาร Word (.docx) บันทึกใน Word เป็น \"เอกสาร Word (*.docx)\"",
                     "this file is not a Word document (.docx); save it in Word as \"Word "
                     "Document (*.docx)\"")
NOT_A_GARUDA = Message("ตราครุฑต้องเป็นไฟล์ภาพ PNG (หรือ JPEG)",
                       "the Garuda must be a PNG (or JPEG) picture")


@dataclass
class Installed:
    """What an upload did: the file it replaced, and what the check said."""

    name: str
    shown: str  # the upload's name, as the person chose it
    warnings: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class OfficeFile:
    """One file a build uses, and where it comes from, for the page."""

    name: str
    label: Message
    source: str  # "page" (uploaded here), "start" (the server's folder), "default"
    shown: str = ""  # the uploaded file's name


class Office:
    """The templates and Garuda the server's builds use."""

    def __init__(self, root: Path, start: Path | None) -> None:
        self.start = start
        self.folder = root / "office"
        self._lock = threading.Lock()
        self._shown: dict[str, str] = {}  # template name -> the uploaded file's name

    def templates(self) -> Path | None:
        """The folder a build uses (None: the templates installed with itadocs)."""
        if any((self.folder / name).is_file() for name in FILES):
            return self.folder
        return self.start

    def files(self) -> list[OfficeFile]:
        """Each file a build uses and where it comes from."""
        rows = []
        for name in FILES:
            if (self.folder / name).is_file() and name in self._shown:
                rows.append(OfficeFile(name, LABELS[name], "page", self._shown[name]))
            elif self.start is not None and (self.start / name).is_file():
                rows.append(OfficeFile(name, LABELS[name], "start"))
            elif name != GARUDA:
                rows.append(OfficeFile(name, LABELS[name], "default"))
            else:
                rows.append(OfficeFile(name, LABELS[name], "none"))
        return rows

    def install(self, name: str, upload: Path, shown: str) -> Installed:
        """Check ``upload`` as the office's ``name`` and, when it can be used, put it in the
        server's folder (runs in a worker thread; raises the library's error when not)."""
        if name not in FILES:
            raise ValueError(name)
        with self._lock:
            stage = upload.parent / "check"
            stage.mkdir()
            current = self.templates()
            for other in FILES:
                if current is not None and other != name and (current / other).is_file():
                    shutil.copyfile(current / other, stage / other)
            shutil.copyfile(upload, stage / name)
            installed = Installed(name, shown)
            if name == GARUDA:
                _check_garuda(stage / name)
            else:
                installed.warnings = _check_template(stage, name)
            self.folder.mkdir(mode=0o700, exist_ok=True)
            for other in FILES:  # the start folder's files, the first time
                if (stage / other).is_file() and not (self.folder / other).is_file():
                    shutil.copyfile(stage / other, self.folder / f".{other}.new")
                    (self.folder / f".{other}.new").replace(self.folder / other)
            shutil.copyfile(stage / name, self.folder / f".{name}.new")
            (self.folder / f".{name}.new").replace(self.folder / name)
            self._shown[name] = shown
            return installed

    def remove(self, name: str) -> None:
        """Stop using the upload of ``name``: the start folder's file, or the default."""
        with self._lock:
            if name not in self._shown:
                return
            del self._shown[name]
            if self.start is not None and (self.start / name).is_file():
                shutil.copyfile(self.start / name, self.folder / f".{name}.new")
                (self.folder / f".{name}.new").replace(self.folder / name)
            else:
                (self.folder / name).unlink(missing_ok=True)


def _check_garuda(path: Path) -> None:
    """The Garuda opens as a picture a Word document can hold."""
    from itadocs.reading.photos import PhotoError, read_file, verify

    try:
        fmt, _, _ = verify(read_file(path))
    except PhotoError as err:
        raise TemplateError(Message(f"ตราครุฑใช้ไม่ได้: {err.th}",
                                    f"the Garuda cannot be used: {err.en}"),
                            where=GARUDA) from err
    if fmt not in GARUDA_FORMATS:
        raise TemplateError(NOT_A_GARUDA, where=GARUDA)
    check_garuda(path)  # and as a build places it: a Word document can hold it


def _check_template(stage: Path, name: str) -> list[Message]:
    """``templates check`` of the folder with the new template: its problems refuse it; its
    warnings are returned."""
    from itadocs.pipeline import template_report

    if not zipfile.is_zipfile(stage / name):
        raise TemplateError(NOT_A_DOCX, where=name)
    try:
        report = template_report(stage)
    except ItadocsError:
        raise
    except Exception as exc:  # a file Word could open but the check cannot: refused
        raise TemplateError(Message(f"{name}: อ่านแม่แบบไม่ได้ ({type(exc).__name__})",
                                    f"{name}: the template cannot be read "
                                    f"({type(exc).__name__})"), where=name) from exc
    if report.problems:
        raise TemplateProblems(report.problems, name)
    return report.warnings


class TemplateProblems(TemplateError):
    """An uploaded template ``templates check`` refuses, with every problem it found."""

    def __init__(self, problems: list[Message], name: str) -> None:
        super().__init__(Message(f"แม่แบบ {name} ใช้ไม่ได้ ไม่ได้เปลี่ยนแม่แบบ",
                                 f"template {name} cannot be used; nothing was changed"),
                         where=name)
        self.problems = problems
