"""Where the page's slow work runs, so that one person's build never holds up another's check.

Checks and builds run in threads with separate limits (a full set of builds leaves the
checks their own threads); a many-workbook build runs in the background in worker processes;
and every PDF of every request goes through one queue, so one LibreOffice runs at a time
(jobs waiting together are converted by one LibreOffice start, see ``pdf.convert_to_pdf``).
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from itadocs.build.pdf import convert_to_pdf, find_soffice
from itadocs.exceptions import PdfError

T = TypeVar("T")
CHECK_THREADS = 4
BUILD_THREADS = 2
PREVIEW_DPI = 60
PREVIEW_PAGES = 60


@dataclass
class _PdfJob:
    docx: list[Path]
    future: Future[list[Path]]


class PdfQueue:
    """One LibreOffice at a time for the whole server.

    ``submit`` returns at once; the PDFs land next to the .docx files (same name, .pdf,
    through the one atomic writer) when the future is done, or the future holds the
    ``PdfError``.
    """

    def __init__(self, staging: Path,
                 convert: Callable[[list[Path]], list[Path]] = convert_to_pdf) -> None:
        self.staging = staging
        self.convert = convert
        self._jobs: queue.Queue[_PdfJob | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="itadocs-pdf", daemon=True)
        self._thread.start()

    def submit(self, docx: list[Path]) -> Future[list[Path]]:
        future: Future[list[Path]] = Future()
        self._jobs.put(_PdfJob(list(docx), future))
        return future

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            waiting = [job]
            while True:  # everything already waiting goes to the same LibreOffice start
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._jobs.put(None)
                    break
                waiting.append(more)
            for group in _groups(waiting):
                self._convert(group)

    def _convert(self, jobs: list[_PdfJob]) -> None:
        for job in jobs:
            job.future.set_running_or_notify_cancel()
        error: Exception | None = None
        try:
            self.convert([p for job in jobs for p in job.docx])
        except PdfError as exc:
            error = exc
        except Exception as exc:  # the queue must outlive a failed conversion
            error = PdfError(f"สร้าง PDF ไม่ได้ ({type(exc).__name__})",
                             f"could not make the PDFs ({type(exc).__name__}: {exc})",
                             where="PDF")
        for job in jobs:
            targets = [p.with_suffix(".pdf") for p in job.docx]
            if all(t.is_file() for t in targets):
                job.future.set_result(targets)
            else:
                job.future.set_exception(error or PdfError(
                    "LibreOffice ไม่ได้สร้างไฟล์ PDF", "LibreOffice made no PDF",
                    where="PDF"))


def _groups(jobs: list[_PdfJob]) -> list[list[_PdfJob]]:
    """Jobs in order, split so that no two files of a group give a PDF of the same name."""
    groups: list[list[_PdfJob]] = []
    names: list[set[str]] = []
    for job in jobs:
        mine = {p.stem.casefold() for p in job.docx}
        for group, taken in zip(groups, names, strict=True):
            if not mine & taken:
                group.append(job)
                taken |= mine
                break
        else:
            groups.append([job])
            names.append(mine)
    return groups


def page_images(pdf: Path, folder: Path, dpi: int = PREVIEW_DPI) -> list[Path]:
    """The PDF's pages as PNG images (poppler's pdftoppm); none when it is missing."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    folder.mkdir(exist_ok=True)
    try:
        subprocess.run([tool, "-png", "-r", str(dpi), "-l", str(PREVIEW_PAGES), str(pdf),
                        str(folder / "page")], capture_output=True, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


class Workers:
    """The server's threads, background jobs and PDF queue."""

    def __init__(self, staging: Path, pdf: bool | None = None) -> None:
        self.pdf_available = (find_soffice() is not None) if pdf is None else pdf
        self.pdf = PdfQueue(staging)
        self.background = ThreadPoolExecutor(max_workers=2, thread_name_prefix="itadocs-bg")
        self.batch_slot = threading.Semaphore(1)  # one many-workbook build at a time
        self._check: anyio.CapacityLimiter | None = None
        self._build: anyio.CapacityLimiter | None = None

    async def check(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a quick job (reading, checking, comparing) off the event loop."""
        if self._check is None:
            self._check = anyio.CapacityLimiter(CHECK_THREADS)
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._check)

    async def build(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a slow job (rendering documents, drawing the chart) in the build threads."""
        if self._build is None:
            self._build = anyio.CapacityLimiter(BUILD_THREADS)
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._build)

    def close(self) -> None:
        self.background.shutdown(wait=False, cancel_futures=True)
        self.pdf.close()


def batch_jobs(requested: int | None = None) -> int:
    """Worker processes for a many-workbook build: one core is left for people's checks."""
    if requested:
        return requested
    return max(1, (os.cpu_count() or 1) - 1)
