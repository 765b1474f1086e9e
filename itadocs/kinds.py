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


DOCUMENTS = tuple(kind for kind in OutputKind if kind.is_docx)
