"""What a build writes for a district, each kind defined once: its file name, its label for
people, whether it is a Word document (and then its template and its PDF).

A kind's value ("measures", "scores_csv", ...) is the key of the outputs in the build
report and in ``build --json``; a file name says which district and year it is for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from itadocs.messages import Message


@dataclass(frozen=True)
class _Spec:
    pattern: str  # the file name, {base} being "<fiscal year>-<district slug>"
    label: Message
    template: str | None = None  # a Word document's template file
    pdf: str | None = None  # a Word document's PDF kind
    of: str | None = None  # a PDF's Word document kind


MEASURES_TITLE = Message("มาตรการยกระดับคุณธรรมและความโปร่งใส", "Measures document")
ORDER_TITLE = Message("คำสั่งแต่งตั้งคณะกรรมการและคณะทำงาน", "Committee order")
PROGRESS_TITLE = Message("รายงานผลการดำเนินการตามมาตรการ", "Progress report")
MEMO_TITLE = Message("บันทึกข้อความนำเรียนรายงานผลการดำเนินการ", "Progress report's cover memo")


def _as(title: Message, what: str) -> Message:
    return Message(f"{title.th} ({what})", f"{title.en} ({what})")


_SPECS: dict[str, _Spec] = {
    "measures": _Spec("ita-measures-{base}.docx", _as(MEASURES_TITLE, "Word"),
                      template="measures.docx", pdf="measures_pdf"),
    "order": _Spec("ita-order-{base}.docx", _as(ORDER_TITLE, "Word"),
                   template="order.docx", pdf="order_pdf"),
    "measures_pdf": _Spec("ita-measures-{base}.pdf", _as(MEASURES_TITLE, "PDF"),
                          of="measures"),
    "order_pdf": _Spec("ita-order-{base}.pdf", _as(ORDER_TITLE, "PDF"), of="order"),
    "scores_csv": _Spec("ita-scores-{base}.csv",
                        Message("คะแนน (CSV สำหรับ OIT)", "Scores (CSV for the OIT)")),
    "measures_csv": _Spec("ita-measures-{base}.csv",
                          Message("มาตรการ (CSV สำหรับ OIT)", "Measures (CSV for the OIT)")),
    "json": _Spec("ita-data-{base}.json", Message("ข้อมูลทั้งหมด (JSON)", "All data (JSON)")),
    # The progress report of a round: {base} is "<round>-<fiscal year>-<district slug>".
    "progress": _Spec("ita-progress-{base}.docx", _as(PROGRESS_TITLE, "Word"),
                      template="progress.docx", pdf="progress_pdf"),
    "progress_memo": _Spec("ita-progress-memo-{base}.docx", _as(MEMO_TITLE, "Word"),
                           template="progress-memo.docx", pdf="progress_memo_pdf"),
    "progress_pdf": _Spec("ita-progress-{base}.pdf", _as(PROGRESS_TITLE, "PDF"),
                          of="progress"),
    "progress_memo_pdf": _Spec("ita-progress-memo-{base}.pdf", _as(MEMO_TITLE, "PDF"),
                               of="progress_memo"),
    "progress_csv": _Spec("ita-progress-{base}.csv", Message(
        "ผลการดำเนินการรายมาตรการ (CSV สำหรับ OIT)", "Progress by measure (CSV for the OIT)")),
    "progress_json": _Spec("ita-progress-{base}.json", Message(
        "ผลการดำเนินการทั้งหมด (JSON)", "All progress data (JSON)")),
}


class OutputKind(StrEnum):
    """One kind of output of a district's build, in the order people are offered them."""

    MEASURES = "measures"
    ORDER = "order"
    MEASURES_PDF = "measures_pdf"
    ORDER_PDF = "order_pdf"
    SCORES_CSV = "scores_csv"
    MEASURES_CSV = "measures_csv"
    JSON = "json"
    PROGRESS = "progress"
    PROGRESS_MEMO = "progress_memo"
    PROGRESS_PDF = "progress_pdf"
    PROGRESS_MEMO_PDF = "progress_memo_pdf"
    PROGRESS_CSV = "progress_csv"
    PROGRESS_JSON = "progress_json"

    @property
    def label(self) -> Message:
        return _SPECS[self].label

    @property
    def is_docx(self) -> bool:
        return _SPECS[self].template is not None

    @property
    def is_pdf(self) -> bool:
        return _SPECS[self].of is not None

    @property
    def template(self) -> str:
        """A Word document's template file name (``measures.docx``)."""
        template = _SPECS[self].template
        if template is None:
            raise ValueError(f"{self} is not a Word document")
        return template

    @property
    def pdf(self) -> OutputKind:
        """A Word document's PDF."""
        pdf = _SPECS[self].pdf
        if pdf is None:
            raise ValueError(f"{self} is not a Word document")
        return OutputKind(pdf)

    def file_name(self, base: str) -> str:
        return _SPECS[self].pattern.format(base=base)


# What ``build`` writes for a district, and what ``progress`` writes for a round.
BUILD_KINDS = tuple(OutputKind)[:7]
PROGRESS_KINDS = tuple(OutputKind)[7:]
DOCUMENTS = tuple(kind for kind in BUILD_KINDS if kind.is_docx)
PROGRESS_DOCUMENTS = tuple(kind for kind in PROGRESS_KINDS if kind.is_docx)
