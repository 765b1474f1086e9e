"""Large and sprawling workbooks: memory and time stay bounded, empty formatted cells are
ignored, and a real value far outside a table is named by its cell."""

from __future__ import annotations

import subprocess
import sys

from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import PEAK_KB, bangrak_data, env, formatted_cells, run, snapshot

COMMITTEE = schema.COMMITTEE.name
PEAK = PEAK_KB + """
import sys
from itadocs.cli import main
try:
    main(["check", sys.argv[1]])
except SystemExit as done:
    code = done.code
print("PEAK_KB", peak_kb(), file=sys.stderr)
sys.exit(code)
"""


def test_a_million_formatted_cells_and_stray_values(tmp_path):
    path = write_workbook(tmp_path / "big.xlsx", bangrak_data())
    formatted_cells(path, COMMITTEE, last_row=50_000, columns=20, values={
        "A3000": " ",  # a stray space: not a value, not a row of the table
        "A4000": "นายหลง ทาง",  # a real value below the table: a row, named by its cells
        "A1048000": "x",  # far outside what is read: named
    })
    result = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True,
                            text=True, env=env(), timeout=300)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert f"[{COMMITTEE}!B4000]" in out and f"[{COMMITTEE}!D4000]" in out
    assert f"[{COMMITTEE}!A1048000]" in out and "far outside the table" in out
    assert "ไกลนอกตาราง" in out
    assert "3000" not in out.replace("A1048000", "") and "too_many_rows" not in out
    assert "more than 2000" not in out
    peak_mb = int(out.split("PEAK_KB")[1].split()[0]) / 1024
    assert peak_mb < 300, peak_mb
    build = run("build", path, "-o", tmp_path / "out")
    assert build.exit_code == 1 and not snapshot(tmp_path / "out")


def test_formatted_cells_alone_change_nothing(tmp_path):
    """A column formatted down to row 20,000 (as Excel does when staff format a whole
    column) reads exactly as the workbook without it."""
    from itadocs.pipeline import check_workbook

    path = write_workbook(tmp_path / "w.xlsx", bangrak_data())
    plain = check_workbook(path)
    formatted_cells(path, schema.MEASURES.name, last_row=20_000, columns=4)
    report = check_workbook(path)
    assert report.problems == plain.problems
    assert report.data.measures == plain.data.measures
    assert report.result.total == plain.result.total


def test_too_many_values_in_a_sheet(tmp_path, monkeypatch):
    from itadocs.pipeline import check_workbook
    from itadocs.reading import xlsxload

    monkeypatch.setattr(xlsxload, "MAX_CELLS", 30)
    path = write_workbook(tmp_path / "w.xlsx", bangrak_data())
    report = check_workbook(path)
    over = [p for p in report.errors if p.code == "too_many_values"]
    assert over and over[0].cell and "holds more than 30 values" in over[0].message_en


DRAFT_PEAK = PEAK.replace('main(["check", sys.argv[1]])', "main(sys.argv[1:])")


def test_draft_reads_a_sprawling_workbook_as_check_does(tmp_path):
    """``draft`` opens the workbook to save it again: within the bounds ``check`` reads it
    in (before: minutes and gigabytes), every value kept, even one far below a table, and
    the formatting it leaves out is said."""
    from itadocs.pipeline import check_workbook

    data = bangrak_data()
    data.analyses = []
    path = write_workbook(tmp_path / "big.xlsx", data)
    formatted_cells(path, COMMITTEE, last_row=200_000, columns=20,
                    values={"A250000": "ค่าที่พิมพ์ไว้ไกล"})
    out = tmp_path / "draft.xlsx"
    result = subprocess.run([sys.executable, "-c", DRAFT_PEAK, "draft", str(path), "-o", str(out)],
                            capture_output=True, text=True, env=env(), timeout=300)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    peak_mb = int(result.stderr.split("PEAK_KB")[1].split()[0]) / 1024
    assert peak_mb < 300, peak_mb
    assert "the formatting of 3,900,000 empty cells beyond row 5,000 or column 60 was not " \
        "carried into the new file (every value was)" in result.stdout
    assert "ไม่ได้คัดลอกการจัดรูปแบบของเซลล์ว่าง" in result.stdout
    drafted = check_workbook(out)
    assert len([p for p in drafted.problems if p.code == "draft_unedited"]) == 10
    assert [p.where() for p in drafted.problems if p.code == "stray_value"] == [
        f"{COMMITTEE}!A250000"]  # kept, as check reads it in the original
    import openpyxl

    ws = openpyxl.load_workbook(out)[COMMITTEE]
    assert ws["A250000"].value == "ค่าที่พิมพ์ไว้ไกล"
    assert ws["B4000"].has_style  # formatting within the tables' reach is kept
