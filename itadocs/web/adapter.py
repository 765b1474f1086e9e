"""Interim wording the page needs and the library does not own yet.

The library is to own a build's result, its statuses and their wording, and the note on
where a total comes from (one report and one message vocabulary for every front end). Until
it does, the few sentences the page needs are here, in one place, written for the page
(not copied from the terminal's), so that they can be replaced by the library's own when it
has them. Nothing else in the web package words a result.
"""

from __future__ import annotations

from ..scoring import Result


def total_notes(result: Result) -> list[tuple[str, str]]:
    """Where the total and level shown come from (Thai, English)."""
    notes: list[tuple[str, str]] = []
    if result.total is None:
        return notes
    if result.total_from_nacc:
        notes.append(("คะแนนรวมเป็นตัวเลขที่ ป.ป.ช. ประกาศ",
                      "The total is the figure NACC announced."))
    else:
        notes.append(("คะแนนรวมคำนวณโดย itadocs (ยังไม่ได้กรอกตัวเลขที่ ป.ป.ช. ประกาศในแผ่นงาน "
                      "คะแนน)", "The total was computed by itadocs (NACC's announced figure "
                      "is not typed in sheet คะแนน)."))
    if result.provisional:
        notes.append(("ระดับผลเป็นระดับเบื้องต้น เพราะคะแนนเครื่องมือบางตัวคำนวณโดย itadocs",
                      "The level is provisional: some tool scores were computed by itadocs."))
    return notes


def refused(errors: int) -> tuple[str, str]:
    """Why a workbook with errors gets no documents."""
    return (f"สมุดงานมีข้อผิดพลาด {errors} รายการ จึงยังสร้างเอกสารไม่ได้ แก้ไขในสมุดงานตามตาราง "
            "แล้วอัปโหลดอีกครั้ง",
            f"The workbook has {errors} error(s), so no documents can be built yet; correct "
            "them in the workbook as the table says and upload it again.")
