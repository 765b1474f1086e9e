"""itadocs: a Bangkok district office's ITA documents from one standard Excel workbook.

The library's face is small and named here; each name is imported only when it is first
used (PEP 562), so ``itadocs --help`` starts without loading the reader or the renderer:

    import itadocs
    report = itadocs.check_workbook("ita-2569.xlsx")
    print(report.format())
    itadocs.build(["districts/"], Path("outputs"))

Folders by what a change is about: ``reading/`` (the workbook's structure and the reader),
``checking/`` (checks and scores), ``documents/`` (the Word documents), ``workbooks/``
(writing workbooks), ``build/`` (output folders, PDFs, the summary), ``web/`` (the page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

# name -> the module that defines it
_API = {
    "check_workbook": "itadocs.checking.check",
    "Report": "itadocs.checking.check",
    "build": "itadocs.build.batch",
    "build_workbook": "itadocs.pipeline",
    "BuildReport": "itadocs.build.report",
    "Outcome": "itadocs.build.report",
    "new_workbook": "itadocs.workbooks.newbook",
    "draft_workbook": "itadocs.workbooks.draft",
    "diff_workbooks": "itadocs.workbooks.diff",
    "template_report": "itadocs.pipeline",
    "ItadocsError": "itadocs.exceptions",
    "Problem": "itadocs.exceptions",
    "Message": "itadocs.messages",
    "ProblemCode": "itadocs.messages",
    "OutputKind": "itadocs.kinds",
}

__all__ = [
    "BuildReport", "ItadocsError", "Message", "Outcome", "OutputKind", "Problem", "ProblemCode",
    "Report", "__version__", "build", "build_workbook", "check_workbook", "diff_workbooks",
    "draft_workbook", "new_workbook", "template_report",
]

if TYPE_CHECKING:  # for type checkers and editors; nothing is imported at run time
    from itadocs.build.batch import build
    from itadocs.build.report import BuildReport, Outcome
    from itadocs.checking.check import Report, check_workbook
    from itadocs.exceptions import ItadocsError, Problem
    from itadocs.kinds import OutputKind
    from itadocs.messages import Message, ProblemCode
    from itadocs.pipeline import build_workbook, template_report
    from itadocs.workbooks.diff import diff_workbooks
    from itadocs.workbooks.draft import draft_workbook
    from itadocs.workbooks.newbook import new_workbook


def __getattr__(name: str) -> Any:
    """Import a name of the public API the first time it is asked for."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'itadocs' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, found without this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
