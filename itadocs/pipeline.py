"""The library's entry points: check a workbook, build one or many.

One workbook is checked in ``checking/check.py`` and its documents rendered in
``documents/compose.py``; many are built into an output folder by ``build/batch.py``,
which returns the build report. This module offers them all and none imports it: the CLI
and the web page are thin layers over these functions.
"""

from __future__ import annotations

from pathlib import Path

from itadocs.build.batch import build
from itadocs.build.datafiles import data_files
from itadocs.build.report import Outcome
from itadocs.checking.check import Report, check_workbook, source_notes
from itadocs.documents import compose
from itadocs.documents.compose import (
    TemplateReport,
    chart_png,
    check_templates,
    find_templates,
    render_documents,
    template_warnings,
)
from itadocs.documents.templateset import garuda_problems

__all__ = [
    "Outcome",
    "Report",
    "build",
    "build_workbook",
    "chart_png",
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


def template_report(templates: Path | None = None) -> TemplateReport:
    """``templates check``: the templates' problems (the Garuda opened as ``build`` opens
    it among them) and the OOXML validator's warnings."""
    report = compose.template_report(templates)
    report.problems += garuda_problems(report.folder)
    return report
