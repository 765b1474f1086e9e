"""Property-based tests: whatever staff type into the cells, check never crashes and build
either succeeds or reports errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itadocs.cleantext import ILLEGAL
from itadocs.exceptions import ItadocsError, WorkbookHasErrors
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data

# Values a spreadsheet cell can hold, including what staff really type.
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_thai = st.sampled_from(["๙๕.๙๕", "๙๕,๕", "ดีมาก", "—", "ทุก ๖ เดือน", "95.95 คะแนน", "=1/0",
                         "=SUM(A1:A3)", "{{ office }}", "{% for x in y %}", "<b>&amp;</b>",
                         "\x07bell", "😀 emoji", "   ", "1e400", "-5", "NaN", "inf",
                         "31/2/2568", "5 กุมภาพันธ์ 2568", "2568", "ผู้อำนวยการเขตบางรัก",
                         "เรื่อง_xDC00_ทดสอบ", "_xD83D__xDE00_", "น\u0e4d\u0e32", "-0",
                         "9" * 5000, "ภาพ/*.jpg", "../../etc/passwd"])
# Characters XML cannot hold reach a workbook as Excel stores them: _xHHHH_ escapes.
_escaped = st.builds(
    lambda a, code, b: f"{a}_x{code:04X}_{b}", _text,
    st.sampled_from([0x0, 0x7, 0xB, 0x1B, 0x7F, 0x9F, 0xD800, 0xDC00, 0xD83D, 0xFFFE, 0xFFFF]),
    _text)
cell_values = st.one_of(
    st.none(), _text, _thai, _escaped,
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2600, 12, 31)),
)

INPUT_CELLS = {
    schema.UNIT.name: [f"C{r}" for r in range(4, 11)],
    schema.SCORES.name: [f"{c}{r}" for c in "CD" for r in range(5, 18)],
    schema.ANALYSIS.name: [f"{c}{r}" for c in "BCD" for r in range(5, 15)],
    schema.MEASURES.name: [f"{c}{r}" for c in "AB" for r in range(5, 12)],
    schema.ORDER.name: [f"C{r}" for r in range(4, 14)],
    schema.COMMITTEE.name: [f"{c}{r}" for c in "ABCD" for r in range(5, 9)],
    schema.WORKING_GROUP.name: [f"{c}{r}" for c in "ABCD" for r in range(5, 9)],
    schema.DUTIES.name: [f"{c}{r}" for c in "AB" for r in range(5, 8)],
    schema.PARAGRAPHS.name: [f"{c}{r}" for c in "AB" for r in range(5, 8)],
    schema.PHOTOS.name: [f"{c}{r}" for c in "ABC" for r in range(5, 7)],
}
ALL_CELLS = [(sheet, cell) for sheet, cells in INPUT_CELLS.items() for cell in cells]


@pytest.fixture(scope="module")
def valid_workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("prop") / "valid.xlsx"
    write_workbook(path, bangrak_data())
    return path


def _mutate(source: Path, target: Path, changes) -> None:
    shutil.copy(source, target)
    wb = openpyxl.load_workbook(target)
    for (sheet, cell), value in changes:
        if isinstance(value, str):  # what XML cannot hold is stored as Excel stores it
            value = ILLEGAL.sub(lambda m: f"_x{ord(m[0]):04X}_", value)
        wb[sheet][cell].value = value
    wb.save(target)


@settings(max_examples=70, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(ALL_CELLS), cell_values), max_size=8))
def test_check_never_crashes(valid_workbook, tmp_path, changes):
    path = tmp_path / "mutated.xlsx"
    _mutate(valid_workbook, path, changes)
    report = check_workbook(path)
    for problem in report.problems:
        assert problem.message_th and problem.message_en
        assert problem.severity in ("error", "warning")
    report.to_json()


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(ALL_CELLS), cell_values), max_size=5))
def test_build_succeeds_or_reports_errors(valid_workbook, tmp_path, changes):
    path = tmp_path / "mutated.xlsx"
    _mutate(valid_workbook, path, changes)
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    try:
        outcome = build_workbook(path, out)
    except WorkbookHasErrors as exc:
        assert any(p.is_error for p in exc.problems)
        assert not out.exists() or not list(out.glob("*.docx"))
    except ItadocsError as exc:
        assert exc.message_th and exc.message_en
    else:  # a complete document, whatever the cells held
        measures = outcome.outputs["measures"]
        assert measures.stat().st_size > 10_000
        doc = Document(measures)
        assert len(doc.paragraphs) > 40 and len(doc.tables) >= 3
        assert not ILLEGAL.search("".join(p.text for p in doc.paragraphs))
