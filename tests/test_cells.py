"""Cells of the workbooks itadocs writes: text stays text, validations never block what
`check` takes, and files get the user's normal permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import openpyxl
import pytest

from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.reading.reader import read_workbook
from itadocs.workbooks.cells import put
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data

HOSTILE = ("=HYPERLINK(\"http://x\",\"คลิก\")", "  =1+1", "+ประชาสัมพันธ์", "-ลดขั้นตอน",
           "@SUM(A1)", "#N/A")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_put_keeps_text_as_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, text in enumerate(HOSTILE, start=1):
        put(ws.cell(row, 1), text)
    put(ws.cell(10, 1), 95.5)
    wb.save(tmp_path / "t.xlsx")
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    for row, text in enumerate(HOSTILE, start=1):
        assert back.cell(row, 1).value == text
        assert back.cell(row, 1).data_type == "s", text
    assert back.cell(10, 1).value == 95.5 and back.cell(10, 1).data_type == "n"


def test_new_workbook_writes_formula_like_texts_as_text(tmp_path):
    data = bangrak_data()
    data.measures[0].text = HOSTILE[0]
    data.measures[1].text = HOSTILE[1]
    data.order.purpose = "=cmd|' /C calc'!A0"
    data.committee[4].name = "@นายสมชาย ใจดี"
    data.duties[0].text = "#N/A"
    path = write_workbook(tmp_path / "f.xlsx", data)
    wb = openpyxl.load_workbook(path)
    formulas = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas[f"{ws.title}!{cell.coordinate}"] = cell.value
    # only itadocs' own formulas (the weighted scores and the total, the progress sheet's
    # measures looked up by id), none of the texts
    assert formulas and all(v.startswith("=IF(") for v in formulas.values()), formulas
    assert all(sheet.startswith((schema.SCORES.name, schema.PROGRESS.name))
               for sheet in formulas), formulas
    back, problems = read_workbook(path)
    assert not [p for p in problems if p.code == "formula"]
    assert back.measures[0].text == HOSTILE[0]
    assert back.order.purpose == "=cmd|' /C calc'!A0"
    assert back.committee[4].name == "@นายสมชาย ใจดี"


def test_score_and_year_validations_accept_text(tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx")
    wb = openpyxl.load_workbook(path)
    for sheet in (schema.SCORES.name, schema.UNIT.name, schema.ORDER.name):
        for dv in wb[sheet].data_validations.dataValidation:
            assert dv.type not in ("decimal", "whole"), (sheet, dv.sqref)
            if dv.type == "list":
                assert dv.errorStyle in ("warning", "information"), (sheet, dv.sqref)
            if dv.type == "custom":
                anchor = str(dv.sqref).split(":")[0].split()[0]
                assert f"ISTEXT({anchor})" in dv.formula1, dv.formula1
    scores = {str(dv.sqref): dv for dv in wb[schema.SCORES.name].data_validations.dataValidation}
    assert any(k.startswith("C5") and v.type == "custom" for k, v in scores.items())


@pytest.mark.parametrize("typed", ["๙๕,๕", "95,5", " ๙๕.๙๕ "])
def test_text_scores_the_validation_lets_through_are_read(bangrak, typed):
    wb = openpyxl.load_workbook(bangrak)
    wb[schema.SCORES.name]["C5"] = typed
    wb.save(bangrak)
    report = check_workbook(bangrak)
    assert not [p for p in report.problems if p.cell == "C5" and p.is_error]


def test_new_workbook_and_outputs_have_normal_permissions(tmp_path, umask_022):
    path = write_workbook(tmp_path / "new.xlsx", bangrak_data())
    assert _mode(path) == 0o644
    outcome = build_workbook(path, tmp_path / "out")
    for kind, output in outcome.outputs.items():
        assert _mode(output) == 0o644, kind
    assert _mode(tmp_path / "out" / ".itadocs-manifest.json") == 0o644


def test_rebuild_keeps_a_files_mode(bangrak, tmp_path, umask_022):
    out = tmp_path / "out"
    first = build_workbook(bangrak, out)
    docx = first.outputs["measures"]
    docx.chmod(0o664)  # a shared folder where the group may edit
    build_workbook(bangrak, out, force=True)
    assert _mode(docx) == 0o664
    os.chmod(bangrak, 0o640)
    write_workbook(bangrak, bangrak_data())
    assert _mode(bangrak) == 0o640
