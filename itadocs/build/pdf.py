"""PDF of the documents through LibreOffice: one process for all files of a run.

The derived "TH Sarabun New" (``fonts.py``) makes LibreOffice break lines as Word does. When
LibreOffice's Python bridge is available (Debian: python3-uno), one headless LibreOffice is
driven through it, which also prints Thai page numbers; otherwise one
``soffice --convert-to pdf`` call converts every file, with LibreOffice set to show digits
in Thai text as Thai. PDFs are made in a temporary folder and moved into place only when
complete, so a failure never leaves a half-written PDF nor removes a previous one.
LibreOffice on Linux decodes file names with the locale's charset, so under LANG=C it cannot
open a Thai file name or folder (it even hangs on a Thai profile folder): it is run with a
UTF-8 locale.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from itadocs.build.fonts import fontconfig_env
from itadocs.exceptions import OutputError, PdfError
from itadocs.files import land

INSTALL_TH = (
    "ติดตั้ง LibreOffice ก่อน: บน Debian/Ubuntu สั่ง sudo apt-get install "
    "libreoffice-writer-nogui python3-uno fonts-tlwg-laksaman บน Windows/macOS ติดตั้งจาก "
    "libreoffice.org (ไฟล์ .docx สร้างเสร็จแล้ว)"
)
INSTALL_EN = (
    "install LibreOffice first: on Debian/Ubuntu run sudo apt-get install "
    "libreoffice-writer-nogui python3-uno fonts-tlwg-laksaman; on Windows/macOS install it "
    "from libreoffice.org (the .docx files were written)"
)
SOFFICE_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
# Show digits inside Thai text as Thai digits (used when the UNO bridge is not available).
_CTL = '<item oor:path="/org.openoffice.Office.Common/I18N/CTL">'
REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    f'{_CTL}<prop oor:name="CTLFont" oor:op="fuse"><value>true</value></prop></item>\n'
    f'{_CTL}<prop oor:name="CTLTextNumerals" oor:op="fuse"><value>3</value></prop></item>\n'
    "</oor:items>\n"
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: on the PATH or in its usual install places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in SOFFICE_PLACES if Path(p).is_file()), None)


@cache
def find_uno_python(soffice: str) -> str | None:
    """A Python that can ``import uno`` for this LibreOffice (its own, or the system's)."""
    program = Path(soffice).resolve().parent
    for candidate in (program / "python", program / "python.exe", Path("/usr/bin/python3")):
        if not candidate.is_file():
            continue
        try:
            ok = subprocess.run([str(candidate), "-c", "import uno"], capture_output=True,
                                timeout=30, check=False).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return str(candidate)
    return None


def thai_page_numbers(docx: Path) -> bool:
    """Whether the document asks for Thai page numbers (Word: w:pgNumType thaiNumbers)."""
    try:
        with zipfile.ZipFile(docx) as zf:
            return b'w:fmt="thaiNumbers"' in zf.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def utf8_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with a UTF-8 character set, so LibreOffice can open Thai file names."""
    if sys.platform in ("win32", "darwin"):  # file names are Unicode there whatever the locale
        return env
    ctype = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if "utf-8" in ctype.lower() or "utf8" in ctype.lower():
        return env
    return {**env, "LC_ALL": "C.UTF-8"}  # C.UTF-8 is C with a UTF-8 character set


def _profile(folder: Path) -> str:
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, encoding="utf-8")
    return folder.resolve().as_uri()


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run LibreOffice in its own process group, killed whole on timeout."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):
        proc.kill()
    proc.wait()


@dataclass(frozen=True)
class PdfJob:
    """One PDF: the .docx LibreOffice lays out (the typeset copy of a document, see
    ``typeset.pdf_copy``) and where the PDF goes."""

    source: Path
    target: Path


def convert_to_pdf(docx: list[Path] | list[PdfJob], outdir: Path | None = None,
                   timeout: float = 900, place: Callable[[Path, Path], object] = land
                   ) -> list[Path]:
    """Make the PDFs of ``docx``: jobs (a typeset copy and its target), or finished .docx
    files, whose copy is typeset here and whose PDF goes to ``outdir`` or beside them.

    The jobs are shared between LibreOffice processes side by side (``Lanes``). Each PDF
    lands through ``place(made, target)``: by default the one atomic way every output is
    written (``files.land``); the build passes its own, which records the PDF in its
    manifest first.

    Raises ``PdfError`` when LibreOffice is missing, times out, or a file produced no PDF
    (the PDFs that did succeed are in place).
    """
    if not docx:
        if find_soffice() is None:
            raise PdfError(f"สร้าง PDF ไม่ได้: ไม่พบ LibreOffice {INSTALL_TH}",
                           f"cannot make PDF: LibreOffice not found; {INSTALL_EN}",
                           where="PDF")
        return []
    scratch = outdir or (docx[0].target if isinstance(docx[0], PdfJob) else docx[0]).parent
    with Lanes(lane_count(len(docx)), scratch, timeout) as lanes:
        jobs, failed = [], {}
        for item in docx:
            try:
                jobs.append(item if isinstance(item, PdfJob)
                            else _prepared(item, outdir, lanes.tmp))
            except PdfError as exc:  # this file only: the others are converted
                failed[Path(str(item)).name] = exc.message_en
        _same_names(jobs)
        for job in jobs:
            lanes.submit(job)
        failed.update(lanes.finish())
        return landed(lanes, jobs, place, failed)


def landed(lanes: Lanes, jobs: list[PdfJob], place: Callable[[Path, Path], object],
           failed: dict[str, str] | None = None) -> list[Path]:
    """Put each PDF the lanes made in place, its text first made extractable
    (``pdftext.fix_text``); ``PdfError`` naming the documents that gave none (with
    LibreOffice's reasons), after the others are in place; else the ``OutputError`` of
    the first PDF that could not be put in place (a folder in its way), after the others
    are."""
    from itadocs.build.pdftext import fix_text

    failed = dict(failed or {})
    unplaced: list[OutputError] = []
    done = []
    for job in jobs:
        made = lanes.made(job)
        if not (made.is_file() and made.stat().st_size > 0):
            failed.setdefault(job.target.with_suffix(".docx").name, "")
            continue
        try:
            fix_text(made)
        except PdfError as exc:  # LibreOffice wrote something that is not a PDF
            failed[job.target.with_suffix(".docx").name] = exc.message_en
            continue
        try:
            place(made, job.target)
        except OutputError as exc:  # this PDF only: the others are put in place
            unplaced.append(exc)
            continue
        done.append(job.target)
    if unplaced and not failed:
        raise unplaced[0]
    if failed:
        names = ", ".join(failed)
        why = "; ".join(f"{name}: {reason}" for name, reason in failed.items() if reason)
        raise PdfError(
            f"LibreOffice แปลงไฟล์ {names} เป็น PDF ไม่สำเร็จ (ไฟล์ .docx ยังอยู่ครบ)",
            f"LibreOffice could not convert {names} to PDF (the .docx files are kept)"
            + (f" ({why})" if why else ""),
            where="PDF",
        )
    return done


def _prepared(docx: Path, outdir: Path | None, tmp: Path) -> PdfJob:
    """A finished .docx's job: its typeset copy in ``tmp``, its PDF beside it or in
    ``outdir``."""
    from itadocs.documents.typeset import pdf_copy
    from itadocs.framework import all_indicator_names

    copies = tmp / "copies"
    copies.mkdir(exist_ok=True)
    source = copies / f"{uuid.uuid4().hex}.docx"
    try:
        source.write_bytes(pdf_copy(docx.read_bytes(), all_indicator_names()))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise PdfError(f"อ่านไฟล์ {docx.name} เพื่อสร้าง PDF ไม่ได้ ({type(exc).__name__})",
                       f"cannot read {docx.name} to make its PDF ({type(exc).__name__}: "
                       f"{exc})", where=str(docx)) from exc
    return PdfJob(source, (outdir or docx.parent) / f"{docx.stem}.pdf")


def _same_names(jobs: list[PdfJob]) -> None:
    stems: dict[str, PdfJob] = {}
    for job in jobs:
        other = stems.setdefault(job.target.stem.casefold(), job)
        if other is not job:
            word = job.target.with_suffix(".docx").name
            raise PdfError(
                f"สร้าง PDF ไม่ได้: เอกสาร {word} สองฉบับจะได้ไฟล์ PDF ชื่อเดียวกัน "
                f"({job.target.name})",
                f"cannot make PDF: two documents {word} would give PDFs of the same name "
                f"({job.target})",
                where="PDF",
            )


LANE_MIN_JOBS = 6  # below this, a second LibreOffice costs more than it saves


def lane_count(jobs: int, cores: int | None = None) -> int:
    """LibreOffice processes for ``jobs`` documents: one per core (at most two: LibreOffice's
    own threads use the rest), one for a handful of files."""
    return max(1, min(2, cores or os.cpu_count() or 1, jobs // LANE_MIN_JOBS))


@dataclass
class _Lane:
    office: subprocess.Popen[bytes]
    converter: subprocess.Popen[bytes]
    reader: threading.Thread
    reports: list[dict[str, Any]] = field(default_factory=list)
    given: list[PdfJob] = field(default_factory=list)  # jobs written to its converter
    sent: int = 0  # jobs written to its converter
    open: bool = True  # its converter still takes jobs

    @property
    def busy(self) -> int:
        """Jobs given and not yet reported."""
        return self.sent - len(self.reports)


LANE_DEPTH = 2  # jobs a lane holds at once: one converting, the next one ready
STOPPED = "LibreOffice stopped before converting it (it crashed or was killed)"


class Lanes:
    """``count`` LibreOffice lanes working in a temporary folder inside ``scratch`` (on
    the targets' disk, so that the PDFs land by a rename)."""

    def __init__(self, count: int, scratch: Path, timeout: float = 900) -> None:
        soffice = find_soffice()
        if soffice is None:
            raise PdfError(f"สร้าง PDF ไม่ได้: ไม่พบ LibreOffice {INSTALL_TH}",
                           f"cannot make PDF: LibreOffice not found; {INSTALL_EN}",
                           where="PDF")
        self.soffice = soffice
        self.python = find_uno_python(soffice)
        self.count = count
        self.timeout = timeout
        self.env = utf8_env(fontconfig_env())  # first: it may fail, leaving nothing behind
        self.tmp = Path(tempfile.mkdtemp(prefix=".~itadocs-pdf-", dir=scratch))
        self.staging = self.tmp / "out"
        self.staging.mkdir()
        self.jobs: list[PdfJob] = []
        self.lanes: list[_Lane] = []
        self.waiting: list[PdfJob] = []  # submitted, not yet given to a lane
        self.retried: set[PdfJob] = set()  # given again after their lane ended
        self.closing = False  # every job is submitted
        self.lock = threading.Lock()

    def __enter__(self) -> Lanes:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()

    def made(self, job: PdfJob) -> Path:
        """Where LibreOffice writes ``job``'s PDF."""
        return self.staging / f"{job.target.stem}.pdf"

    def submit(self, job: PdfJob) -> None:
        """Queue ``job`` for the first lane with room (the lanes start with the first job).
        A lane is given a job only as it finishes one, so a lane that drew the long
        documents does not hold work the other could do: the lanes end together."""
        self.jobs.append(job)
        if self.python is None:
            return  # converted at finish, by soffice --convert-to
        if not self.lanes:
            try:
                self.lanes = [self._start(n) for n in range(self.count)]
            except OSError as exc:
                self.close()
                raise PdfError(f"เรียก LibreOffice ไม่ได้: {exc} {INSTALL_TH}",
                               f"cannot run LibreOffice: {exc}; {INSTALL_EN}",
                               where="PDF") from exc
        with self.lock:
            self.waiting.append(job)
        self._feed()

    def _feed(self) -> None:
        """Give waiting jobs to the least busy lanes with room; once every job is submitted
        and given, close each lane's input so that its converter ends."""
        with self.lock:
            for lane in sorted(self.lanes, key=lambda lane: lane.busy):
                while lane.open and self.waiting and lane.busy < LANE_DEPTH:
                    self._send(lane, self.waiting.pop(0))
                if lane.open and self.closing and not self.waiting:
                    lane.open = False
                    with contextlib.suppress(OSError):
                        assert lane.converter.stdin is not None
                        lane.converter.stdin.close()

    def _send(self, lane: _Lane, job: PdfJob) -> None:
        spec = {"src": str(job.source.resolve()), "dst": str(self.made(job).resolve()),
                "thai_page_numbers": thai_page_numbers(job.source)}
        stdin = lane.converter.stdin
        assert stdin is not None
        lane.sent += 1
        try:
            stdin.write(json.dumps(spec, ensure_ascii=False).encode("utf-8") + b"\n")
            stdin.flush()
        except OSError:  # a dead lane: its job waits for another one, or finish names it
            lane.open = False
            lane.sent -= 1
            self.waiting.insert(0, job)
            return
        lane.given.append(job)

    def _start(self, number: int) -> _Lane:
        folder = self.tmp / f"lane{number}"
        folder.mkdir()
        pipe = f"itadocs-{uuid.uuid4().hex}"
        office = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation={_profile(folder / 'profile')}",
             "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        assert self.python is not None
        converter = subprocess.Popen(
            [self.python, str(Path(__file__).with_name("lo_convert.py")), pipe],
            env=self.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True)
        lane = _Lane(office, converter, threading.Thread(target=lambda: None))
        lane.reader = threading.Thread(target=self._read, args=(lane,), daemon=True)
        lane.reader.start()
        return lane

    def _read(self, lane: _Lane) -> None:
        """A converter's report lines, one per job, as they come; each frees room in the
        lane for the next job. When the converter ends, its lane takes no more."""
        for report in _reports(lane.converter.stdout):
            lane.reports.append(report)
            self._feed()
        with self.lock:
            lane.open = False
            self._take_back(lane)
        self._feed()

    def _take_back(self, lane: _Lane) -> None:
        """The jobs an ended lane was given and did not report (its LibreOffice or
        converter died): first in the queue again for another lane, once each, so that a
        document that kills LibreOffice cannot take every lane with it."""
        reported = {str(r.get("src")) for r in lane.reports}
        back = [job for job in lane.given
                if str(job.source.resolve()) not in reported and job not in self.retried]
        self.retried.update(back)
        self.waiting[:0] = back

    def finish(self) -> dict[str, str]:
        """Wait for every lane to convert what it was given; LibreOffice's reasons for the
        files it could not convert, by the name of their .docx. Raises ``PdfError`` when
        LibreOffice takes longer than the timeout."""
        if self.python is None:
            return self._convert_cli()
        deadline = time.monotonic() + self.timeout
        with self.lock:
            self.closing = True
        self._feed()
        for lane in self.lanes:
            try:
                lane.converter.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired as exc:
                self.close()
                raise PdfError(
                    f"LibreOffice ใช้เวลานานเกิน {self.timeout:g} วินาที จึงหยุดการสร้าง PDF",
                    f"LibreOffice took longer than {self.timeout:g} s; PDF conversion "
                    "stopped", where="PDF") from exc
            lane.reader.join(timeout=10)
        named = {str(job.source.resolve()): job.target.with_suffix(".docx").name
                 for job in self.jobs}
        reasons = {named.get(str(r.get("src")), Path(str(r.get("src"))).name):
                   str(r.get("error") or "")[:300]
                   for lane in self.lanes for r in lane.reports if not r.get("ok")}
        reported = {str(r.get("src")) for lane in self.lanes for r in lane.reports}
        for source, name in named.items():  # every LibreOffice that had it is gone
            if source not in reported:
                reasons.setdefault(name, STOPPED)
        return reasons

    def _convert_cli(self) -> dict[str, str]:
        """``soffice --convert-to pdf`` of every job (no UNO bridge: no Thai page numbers)."""
        if not self.jobs:
            return {}
        export = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},' \
                 '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        named = self.tmp / "named"
        named.mkdir(exist_ok=True)
        for job in self.jobs:  # LibreOffice names the PDF after the file it converts
            shutil.copyfile(job.source, named / f"{job.target.stem}.docx")
        try:
            _run([self.soffice, f"-env:UserInstallation={_profile(self.tmp / 'cli')}",
                     "--headless", "--norestore", "--nologo", "--convert-to", export,
                     "--outdir", str(self.staging),
                     *(str(named / f"{job.target.stem}.docx") for job in self.jobs)],
                    self.env, self.timeout)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(
                f"LibreOffice ใช้เวลานานเกิน {self.timeout:g} วินาที จึงหยุดการสร้าง PDF",
                f"LibreOffice took longer than {self.timeout:g} s; PDF conversion stopped",
                where="PDF") from exc
        except OSError as exc:
            raise PdfError(f"เรียก LibreOffice ไม่ได้: {exc} {INSTALL_TH}",
                           f"cannot run LibreOffice: {exc}; {INSTALL_EN}", where="PDF") from exc
        return {}

    def close(self) -> None:
        """Stop every LibreOffice of the lanes and remove the temporary folder. A LibreOffice
        whose converter ended its work (and told it to quit) is given time to quit; one whose
        converter is stopped here (a timeout, a build told to stop) is stopped at once: it
        would wait for its converter forever."""
        for lane in self.lanes:
            done = lane.converter.poll() == 0
            if lane.converter.poll() is None:
                _kill(lane.converter)
            if done and lane.office.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    lane.office.wait(timeout=30)
            if lane.office.poll() is None:
                _kill(lane.office)
        self.lanes = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def _reports(stream: IO[bytes] | None) -> Iterator[dict[str, Any]]:
    """A converter's report lines, one per job, as they come."""
    if stream is None:
        return
    for line in stream:
        try:
            report = json.loads(line)
        except ValueError:
            continue
        if isinstance(report, dict):
            yield report
