"""Check an Office package against the OOXML schemas with an independent validator.

itadocs only ever sees its documents through LibreOffice, which forgives almost anything;
the districts open them in Microsoft Word. openxml-audit (pure Python, the Open XML SDK's
schemas and Word's known repair rules) says what Word would find. ``itadocs templates
check`` reports its findings on a template as warnings; the tests require none at all in
what itadocs writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("office2016", "microsoft365")


@dataclass(frozen=True)
class Finding:
    """One problem in one part of a package, for every format that reports it."""

    part: str  # "word/document.xml"
    element: str  # the element (or attribute) named by the validator, e.g. "shd"
    path: str  # where in the part: "/document[1]/body[1]/tbl[1]/tblPr[1]"
    description: str  # the validator's words (English)
    severity: str = "error"  # "error" or "warning"
    kind: str = "schema"  # schema, semantic, package, ...
    formats: tuple[str, ...] = field(default=(), compare=False)

    @property
    def where(self) -> str:
        return f"{self.part} {self.path}".strip()

    def message(self, file_name: str) -> tuple[str, str]:
        """The finding in Thai and English, naming the file, the part and the element."""
        at = f" ที่ {self.path}" if self.path else ""
        at_en = f" at {self.path}" if self.path else ""
        return (
            f"{file_name}: ส่วน {self.part} องค์ประกอบ '{self.element}'{at} ไม่ตรงตามมาตรฐาน "
            f"OOXML ({self.description}) Microsoft Word อาจซ่อมแซมไฟล์หรือตัดส่วนนี้ทิ้งเมื่อเปิด",
            f"{file_name}: part {self.part}, element '{self.element}'{at_en} is not valid "
            f"OOXML ({self.description}); Microsoft Word may repair the file or drop it",
        )


def validate(path: Path, formats: Iterable[str] = FORMATS) -> list[Finding]:
    """Every finding of the validator for ``path`` (a .docx or .xlsx), merged across formats.

    Raises ``ValueError`` for a format name the validator does not know.
    """
    from openxml_audit import FileFormat, OpenXmlValidator

    merged: dict[Finding, list[str]] = {}
    for name in formats:
        validator = OpenXmlValidator(file_format=FileFormat(name), max_errors=0)
        for error in validator.validate(path).errors:
            finding = Finding(
                part=error.part_uri.lstrip("/"),
                element=_element(error.path, error.node or "", error.description),
                path=error.path,
                description=error.description,
                severity=error.severity.value,
                kind=error.error_type.value,
            )
            merged.setdefault(finding, []).append(name)
    return [
        Finding(f.part, f.element, f.path, f.description, f.severity, f.kind, tuple(fmts))
        for f, fmts in merged.items()
    ]


def _element(path: str, node: str, description: str) -> str:
    """The element a finding is about; for an attribute, ``element@attribute``."""
    if "attribute" in description.lower() and path:
        last = path.rsplit("/", 1)[-1].split("[", 1)[0]
        return f"{last}@{node}"
    return node
