"""A workbook of an older template version, brought to the current one for the same year.

``itadocs new NEW.xlsx --from OLD.xlsx --year <OLD's fiscal year>`` reads the old workbook
with the current reader (which finds columns by their keys and treats columns added since as
empty) and writes it again with the current writer: nothing is advanced or cleared, so the
same year's documents can be built from the new file.
"""

from __future__ import annotations

from copy import deepcopy

from itadocs.model import WorkbookData


def same_year(previous: WorkbookData) -> WorkbookData:
    """The data of ``previous`` as it is, ready to be written in the current template."""
    data = deepcopy(previous)
    data.locations = {}
    data.template_version = None
    return data


def converted_note(previous: WorkbookData) -> tuple[str, str]:
    year = previous.unit.fiscal_year
    return (f"แปลงสมุดงานปี {year} เป็นแม่แบบรุ่นปัจจุบัน ข้อมูลคงเดิม (ไม่เลื่อนปี)",
            f"converted the {year} workbook to the current template, data kept (same year)")
