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
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from itadocs.build.fonts import fontconfig_env
from itadocs.exceptions import PdfError
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


LANE_MIN_JOBS = 6  # below this, a second LibreOffice costs more than it saves


def lanes(jobs: list[PdfJob], cores: int | None = None) -> list[list[PdfJob]]:
    """The jobs split between LibreOffice processes run side by side: one per core (at most
    two: LibreOffice's own threads use the rest), alternating so that long and short
    documents share out; one for a handful of files."""
    count = min(2, cores or os.cpu_count() or 1, max(1, len(jobs) // LANE_MIN_JOBS))
    return [jobs[i::count] for i in range(count)] if jobs else []


def _convert_uno(soffice: str, python: str, jobs: list[PdfJob], staging: Path, tmp: Path,
                 env: dict[str, str], timeout: float) -> dict[str, str]:
    """Convert through the UNO bridge as PDF/A-2b, tagged; returns LibreOffice's reason for
    each file it failed."""
    pipe = f"itadocs-{uuid.uuid4().hex}"
    specs = [{"src": str(job.source.resolve()),
              "dst": str((staging / f"{job.target.stem}.pdf").resolve()),
              "thai_page_numbers": thai_page_numbers(job.source)} for job in jobs]
    jobs_file = tmp / "jobs.json"
    jobs_file.write_text(json.dumps(specs, ensure_ascii=False), encoding="utf-8")
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={_profile(tmp / 'profile')}", "--headless",
         "--invisible", "--nologo", "--norestore", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        script = Path(__file__).with_name("lo_convert.py")
        done = _run([python, str(script), pipe, str(jobs_file)], env, timeout)
        with contextlib.suppress(subprocess.TimeoutExpired):  # the PDFs are written: kill it
            office.wait(timeout=60)
    finally:
        if office.poll() is None:
            _kill(office)
    named = {spec["src"]: job.target.with_suffix(".docx").name
             for spec, job in zip(specs, jobs, strict=True)}
    reasons = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            continue
        if isinstance(report, dict) and not report.get("ok"):
            src = str(report.get("src"))
            reasons[named.get(src, Path(src).name)] = str(report.get("error") or "")[:300]
    return reasons


def _convert_cli(soffice: str, jobs: list[PdfJob], staging: Path, tmp: Path,
                 env: dict[str, str], timeout: float) -> dict[str, str]:
    """Convert with ``soffice --convert-to pdf`` (no UNO bridge: no Thai page numbers)."""
    export = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},' \
             '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    named = tmp / "named"
    named.mkdir()
    for job in jobs:  # LibreOffice names the PDF after the file it converts
        shutil.copyfile(job.source, named / f"{job.target.stem}.docx")
    _run([soffice, f"-env:UserInstallation={_profile(tmp / 'profile')}", "--headless",
          "--norestore", "--nologo", "--convert-to", export, "--outdir", str(staging),
          *(str(named / f"{job.target.stem}.docx") for job in jobs)], env, timeout)
    return {}


def _lane(soffice: str, python: str | None, jobs: list[PdfJob], staging: Path, tmp: Path,
          env: dict[str, str], timeout: float) -> dict[str, str]:
    tmp.mkdir()
    if python:
        return _convert_uno(soffice, python, jobs, staging, tmp, env, timeout)
    return _convert_cli(soffice, jobs, staging, tmp, env, timeout)


def convert_to_pdf(docx: list[Path] | list[PdfJob], outdir: Path | None = None,
                   timeout: float = 900, place: Callable[[Path, Path], object] = land
                   ) -> list[Path]:
    """Make the PDFs of ``docx``: jobs (a typeset copy and its target), or finished .docx
    files, whose copy is typeset here and whose PDF goes to ``outdir`` or beside them.

    The jobs are shared between LibreOffice processes side by side (see ``lanes``). Each
    PDF lands through ``place(made, target)``: by default the one atomic way every output
    is written (``files.land``); the build passes its own, which records the PDF in its
    manifest first.

    Raises ``PdfError`` when LibreOffice is missing, times out, or a file produced no PDF
    (the PDFs that did succeed are in place).
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(f"สร้าง PDF ไม่ได้: ไม่พบ LibreOffice {INSTALL_TH}",
                       f"cannot make PDF: LibreOffice not found; {INSTALL_EN}", where="PDF")
    if not docx:
        return []
    scratch = outdir or (docx[0].target if isinstance(docx[0], PdfJob) else docx[0]).parent
    with tempfile.TemporaryDirectory(prefix=".~itadocs-pdf-", dir=scratch) as tmp_name:
        tmp = Path(tmp_name)
        jobs, missing, reasons = [], [], {}
        for item in docx:
            try:
                jobs.append(item if isinstance(item, PdfJob) else _prepared(item, outdir, tmp))
            except PdfError as exc:  # this file only: the others are converted
                missing.append(Path(str(item)).name)
                reasons[Path(str(item)).name] = exc.message_en
        _same_names(jobs)
        staging = tmp / "out"
        staging.mkdir()
        reasons.update(_run_lanes(soffice, jobs, staging, tmp, timeout) if jobs else {})
        done = []
        for job in jobs:
            produced = staging / f"{job.target.stem}.pdf"
            if produced.is_file() and produced.stat().st_size > 0:
                place(produced, job.target)
                done.append(job.target)
            else:
                missing.append(job.target.with_suffix(".docx").name)
    if missing:
        names = ", ".join(missing)
        why = "; ".join(f"{name}: {reasons[name]}" for name in missing if reasons.get(name))
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


def _run_lanes(soffice: str, jobs: list[PdfJob], staging: Path, tmp: Path,
               timeout: float) -> dict[str, str]:
    """Run each lane's LibreOffice, side by side; LibreOffice's reasons for what failed."""
    from concurrent.futures import ThreadPoolExecutor

    env = utf8_env(fontconfig_env())
    python = find_uno_python(soffice)
    split = lanes(jobs)
    try:
        with ThreadPoolExecutor(max_workers=len(split)) as pool:
            futures = [pool.submit(_lane, soffice, python, lane, staging, tmp / f"lane{n}",
                                   env, timeout) for n, lane in enumerate(split)]
            reasons: dict[str, str] = {}
            for future in futures:
                reasons.update(future.result())
    except subprocess.TimeoutExpired as exc:
        raise PdfError(
            f"LibreOffice ใช้เวลานานเกิน {timeout:g} วินาที จึงหยุดการสร้าง PDF",
            f"LibreOffice took longer than {timeout:g} s; PDF conversion stopped",
            where="PDF",
        ) from exc
    except OSError as exc:
        raise PdfError(f"เรียก LibreOffice ไม่ได้: {exc} {INSTALL_TH}",
                       f"cannot run LibreOffice: {exc}; {INSTALL_EN}", where="PDF") from exc
    return reasons
