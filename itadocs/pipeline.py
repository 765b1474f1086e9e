"""The library's entry points: check a workbook, build one or many.

One workbook is checked in ``checking/check.py`` and its documents rendered in
``documents/compose.py``; many are built into an output folder by ``build/batch.py``,
which returns the build report. This module offers them all and none imports it: the CLI
and the web page are thin layers over these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from itadocs.build.batch import build
from itadocs.build.datafiles import data_files
from itadocs.build.report import BuildReport, Outcome
from itadocs.checking.check import Report, check_workbook, source_notes
from itadocs.checking.progress import ProgressReport, check_progress
from itadocs.documents.compose import (
    chart_png,
    check_templates,
    find_templates,
    render_documents,
    template_report,
    template_warnings,
)
from itadocs.exceptions import ItadocsError
from itadocs.model import ROUNDS

__all__ = [
    "Outcome",
    "ProgressReport",
    "Report",
    "build",
    "build_progress",
    "build_workbook",
    "chart_png",
    "check_progress",
    "check_templates",
    "check_workbook",
    "data_files",
    "find_templates",
    "render_documents",
    "source_notes",
    "template_report",
    "template_warnings",
]


def build_workbook(path: Path | str, outdir: Path, templates: Path | None = None, *,
                   pdf: bool = False, force: bool = False, create_outdir: bool = True
                   ) -> Outcome:
    """Build one workbook's outputs into ``outdir``; the library form of ``itadocs build``.

    Raises ``WorkbookHasErrors`` when the workbook has errors (nothing is written), and an
    ``ItadocsError`` when it cannot be read, an output was edited by hand (without
    ``force``) or cannot be written. Returns the ``Outcome`` (``outputs`` by kind).
    """
    [outcome] = build([Path(path)], outdir, templates, pdf=pdf, force=force, jobs=1,
                      create_outdir=create_outdir)
    if outcome.failure is not None:
        raise outcome.failure
    return outcome


def build_progress(targets: Path | str | list[Path], outdir: Path, round: int = 6,
                   templates: Path | None = None, *, pdf: bool = False, force: bool = False,
                   jobs: int | None = None, create_outdir: bool = True,
                   progress: Callable[[Outcome], None] | None = None) -> BuildReport:
    """A round's progress report (``round`` 6 or 12): of one workbook, of several, or of
    every workbook of a folder; the library form of ``itadocs progress``, what the web page
    calls. Each workbook gets its report (.docx, and a PDF with ``pdf``), its cover memo when
    the workbook gives the memo's details, and its rows as CSV and JSON, written as ``build``
    writes (atomically, recorded in the folder's manifest, an edited file never overwritten
    without ``force``). Returns the ``BuildReport`` (per workbook: status, problems as
    ``check_progress`` finds them, outputs by kind)."""
    if round not in ROUNDS:
        raise ItadocsError(
            f"รอบ {round} ไม่มี ใช้ 6 หรือ 12 (เดือน)", f"there is no round {round}; use 6 or 12",
            where="--round")
    paths = [Path(t) for t in targets] if isinstance(targets, list) else [Path(targets)]
    return build(paths, Path(outdir), templates, pdf=pdf, force=force, jobs=jobs,
                 create_outdir=create_outdir, progress=progress, round_months=round)
