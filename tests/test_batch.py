"""Many districts and safe regeneration: folder builds, skipping, hand edits, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from itadocs import files
from itadocs.build.batch import build
from itadocs.cli import main
from itadocs.exceptions import OutputError
from itadocs.pipeline import build_workbook
from itadocs.workbooks.writer import write_workbook
from tests.helpers import bangrak_data, edit_a_measure, itadocs


def _three_districts(folder: Path) -> Path:
    folder.mkdir()
    for district, director_position in (("บางรัก", "ผู้อำนวยการเขตบางรัก"),
                                        ("ดุสิต", "ผู้อำนวยการเขตดุสิต"),
                                        ("สาทร", "ผู้อำนวยการเขตสาทร")):
        data = bangrak_data(district=district, director_position=director_position)
        data.order.signer_position = director_position
        if district == "ดุสิต":
            data.scores[0].score = None  # indicator 1 missing: an error
        if district == "สาทร":
            for s in data.scores:
                s.score = min(s.score + 5, Decimal("100.00"))
        write_workbook(folder / f"ita-{district}.xlsx", data)
    (folder / "~$ita-บางรัก.xlsx").write_bytes(b"lock file of an open workbook")
    return folder


def test_folder_of_three_districts(tmp_path):
    folder = _three_districts(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1  # Dusit has an error, the others are built
    assert "ita-ดุสิต.xlsx" in result.output and "[คะแนน!C5]" in result.output
    assert (out / "ita-measures-2569-bang-rak.docx").exists()
    assert (out / "ita-measures-2569-sathon.docx").exists()
    assert not list(out.glob("*dusit*"))
    # the summary table and files rank the districts
    assert "สาทร" in result.output and "failed" in result.output
    rows = list(csv.DictReader(io.StringIO(
        (out / "ita-summary.csv").read_bytes().decode("utf-8-sig"))))
    assert [r["สำนักงานเขต"] for r in rows] == ["สาทร", "บางรัก"]  # Dusit is not ranked
    assert rows[0]["อันดับ"] == "1" and rows[1]["คะแนนรวม ITA"] == "90.60"
    status = list(csv.DictReader(io.StringIO(
        (out / "ita-summary-status.csv").read_bytes().decode("utf-8-sig"))))
    dusit = next(r for r in status if r["สำนักงานเขต"] == "ดุสิต")
    assert dusit["status"] == "failed" and dusit["คะแนนรวม ITA"] == ""
    assert int(dusit["ข้อผิดพลาด"]) >= 1
    assert (out / "ita-summary.xlsx").exists()


def test_one_workbook_built_into_a_folder_with_a_summary_says_the_summary_is_behind(
        tmp_path):
    """One district rebuilt into the folder of a many-district build leaves the summary as
    it was (one workbook makes no summary) and says so, instead of letting its old figures
    pass for the new."""
    folder = _three_districts(tmp_path / "in")
    out = tmp_path / "out"
    build([folder], out, jobs=1)
    before = (out / "ita-summary.xlsx").read_bytes()
    edit_a_measure(folder / "ita-บางรัก.xlsx")
    result = CliRunner().invoke(main, ["build", str(folder / "ita-บางรัก.xlsx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "ita-summary.xlsx in this folder is from an earlier many-district build" in \
        result.output
    assert (out / "ita-summary.xlsx").read_bytes() == before
    # a folder without a summary: nothing to say
    alone = CliRunner().invoke(main, ["build", str(folder / "ita-บางรัก.xlsx"), "-o",
                                      str(tmp_path / "alone")])
    assert alone.exit_code == 0 and "earlier many-district" not in alone.output


def test_data_files_csv_bom_and_json(bangrak, tmp_path):
    outcome = build_workbook(bangrak, tmp_path / "out")
    raw = outcome.outputs["scores_csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["key"] for r in rows] == [*map(str, range(1, 11)), "IIT", "EIT", "OIT", "ITA"]
    assert rows[10]["weighted"] == "27.03" and rows[12]["weight"] == "40.00"
    assert rows[13]["weighted"] == "90.60" and rows[13]["name"] == "ผ่าน"
    measures = list(csv.DictReader(io.StringIO(
        outcome.outputs["measures_csv"].read_bytes().decode("utf-8-sig"))))
    assert len(measures) == 20 and measures[0]["indicator"] == "1" and measures[0]["no"] == "1"
    data = json.loads(outcome.outputs["json"].read_text(encoding="utf-8"))
    assert data["total"] == "90.60" and data["tools"]["EIT"]["weighted"] == "25.47"


def test_formula_like_text_is_not_a_formula(tmp_path):
    data = bangrak_data()
    data.measures[0].text = "+ประชาสัมพันธ์"
    data.measures[1].text = "-ลดขั้นตอน"
    data.measures[2].text = "@ทุกฝ่าย"
    path = write_workbook(tmp_path / "f.xlsx", data)
    outcome = build_workbook(path, tmp_path / "out")
    text = outcome.outputs["measures_csv"].read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["measure"] == "'+ประชาสัมพันธ์"
    assert rows[1]["measure"] == "'-ลดขั้นตอน"
    assert rows[2]["measure"] == "'@ทุกฝ่าย"
    assert files.spreadsheet_safe("=1+1") == "'=1+1"
    assert files.spreadsheet_safe("ปกติ") == "ปกติ"


def test_rebuild_is_byte_identical_and_unchanged_is_skipped(bangrak, tmp_path):
    out = tmp_path / "out"
    first = build_workbook(bangrak, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix != ".json"
              or p.name.startswith("ita-")}
    second = build_workbook(bangrak, out)
    assert second.status == "skipped"
    forced = build_workbook(bangrak, out, force=True)
    assert forced.status == "built"
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.name in before}
    assert after == before
    assert first.outputs.keys() == forced.outputs.keys()
    other = build_workbook(bangrak, tmp_path / "elsewhere")
    for kind, path in first.outputs.items():
        assert other.outputs[kind].read_bytes() == path.read_bytes(), kind


def test_changed_workbook_is_rebuilt(bangrak, tmp_path):
    out = tmp_path / "out"
    build_workbook(bangrak, out)
    edit_a_measure(bangrak)
    assert build_workbook(bangrak, out).status == "built"


def test_hand_edited_output_is_kept(bangrak, tmp_path):
    out = tmp_path / "out"
    first = build_workbook(bangrak, out)
    docx = first.outputs["measures"]
    edited = docx.read_bytes() + b"staff edit"
    docx.write_bytes(edited)
    edit_a_measure(bangrak)
    with pytest.raises(OutputError) as info:
        build_workbook(bangrak, out)
    assert docx.name in info.value.message_th and "--force" in info.value.message_en
    assert docx.read_bytes() == edited  # not overwritten
    result = CliRunner().invoke(main, ["build", str(bangrak), "-o", str(out)])
    assert result.exit_code == 1 and "edited by hand" in result.output
    forced = build_workbook(bangrak, out, force=True)
    assert forced.status == "built"
    backups = list(out.glob("ita-measures-2569-bang-rak.edited-*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert forced.backups == backups
    assert docx.read_bytes() != edited


def test_interrupted_write_leaves_the_old_file(bangrak, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_workbook(bangrak, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit_a_measure(bangrak)

    def killed(src, dst):  # the run dies as the first output is being put in place
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        build_workbook(bangrak, out)
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".~")}
    assert after == before
    leftovers = [p for p in out.iterdir() if p.name.startswith(".~itadocs-")]
    # a temporary file may remain from the killed run, but never under an output's name
    assert all(p.name not in before for p in leftovers)


def test_disk_full_keeps_previous_outputs(bangrak, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_workbook(bangrak, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit_a_measure(bangrak)
    real_fdopen = os.fdopen

    class Full(io.BytesIO):
        def write(self, _data):
            raise OSError(28, "No space left on device")

    def fdopen(fd, *args, **kwargs):
        os.close(fd)
        return Full()

    monkeypatch.setattr(files.os, "fdopen", fdopen)
    with pytest.raises(OutputError) as info:
        build_workbook(bangrak, out)
    monkeypatch.setattr(files.os, "fdopen", real_fdopen)
    assert "No space left" in info.value.message_en
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_many_api_keeps_input_order(tmp_path):
    folder = _three_districts(tmp_path / "in")
    outcomes = build([folder], tmp_path / "out", jobs=1)
    assert [o.path.name for o in outcomes] == sorted(o.path.name for o in outcomes)
    assert {o.status for o in outcomes} == {"built", "failed", "ignored"}
    lock = next(o for o in outcomes if o.status == "ignored")  # Excel's lock file: named
    assert lock.path.name == "~$ita-บางรัก.xlsx" and lock.exit_code == 0
    assert "the lock file Excel keeps while ita-บางรัก.xlsx is open" in lock.note.en


def test_every_output_is_named_by_its_kind(bangrak, tmp_path):
    """One definition of each output (OutputKind): the file name, the key of the report and
    of --json, and whether it is a Word document with a template of its own."""
    from itadocs.kinds import BUILD_KINDS, DOCUMENTS, PROGRESS_DOCUMENTS, OutputKind

    outcome = build_workbook(bangrak, tmp_path / "out")
    assert set(outcome.outputs) == {k for k in BUILD_KINDS if not k.is_pdf}
    assert [k.template for k in PROGRESS_DOCUMENTS] == ["progress.docx", "progress-memo.docx"]
    for kind, path in outcome.outputs.items():
        assert path.name == kind.file_name("2569-bang-rak")
    assert [k.template for k in DOCUMENTS] == ["measures.docx", "order.docx"]
    assert [k.pdf.file_name("x") for k in DOCUMENTS] == ["ita-measures-x.pdf", "ita-order-x.pdf"]
    assert json.loads(json.dumps(outcome.as_dict()))["outputs"]["scores_csv"].endswith(
        "ita-scores-2569-bang-rak.csv")
    with pytest.raises(ValueError):
        _ = OutputKind.JSON.template


def test_a_folder_build_takes_every_excel_workbook_and_names_what_it_skips(tmp_path):
    """``.XLSX`` and ``.Xlsm`` are workbooks (the macros are never run or copied); a
    ``.xls``, ``.xlsb``, ``.ods`` or Excel template is refused by name with what to do;
    Excel's lock file and a hidden file are named as skipped; photos and other files of the
    folder are not spreadsheets and are left alone. All of it in the terminal, --json and
    the summary's status table."""
    import json
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    write_workbook(folder / "BANGRAK.XLSX", bangrak_data())
    data = bangrak_data(district="ดุสิต", director_position="ผู้อำนวยการเขตดุสิต")
    data.order.signer_position = "ผู้อำนวยการเขตดุสิต"
    plain = write_workbook(tmp_path / "dusit.xlsx", data)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(folder / "Dusit.Xlsm", "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info).replace(  # Excel's type of a macro workbook
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    (folder / "sathon.xls").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    (folder / "yannawa.ODS").write_bytes(b"PK\x03\x04 an OpenDocument spreadsheet")
    (folder / "~$BANGRAK.XLSX").write_bytes(b"lock")
    (folder / "._Dusit.Xlsm").write_bytes(b"macOS resource fork")
    (folder / "ภาพ.jpg").write_bytes(b"a photo, not a spreadsheet")
    out = tmp_path / "out"
    result = itadocs("build", folder, "-o", out, "-j", "1", "--json")
    assert result.returncode == 2 and "Traceback" not in result.stderr  # .xls: unreadable
    assert (out / "ita-measures-2569-bang-rak.docx").exists()
    assert (out / "ita-measures-2569-dusit.docx").exists()
    report = json.loads(result.stdout)
    by_file = {o["file"]: o for o in report["outcomes"]}
    assert sorted(by_file) == ["._Dusit.Xlsm", "BANGRAK.XLSX", "Dusit.Xlsm", "sathon.xls",
                               "yannawa.ODS", "~$BANGRAK.XLSX"]
    assert by_file["BANGRAK.XLSX"]["status"] == by_file["Dusit.Xlsm"]["status"] == "built"
    assert [p["code"] for p in by_file["Dusit.Xlsm"]["problems"]].count("macros_ignored") == 1
    assert by_file["sathon.xls"]["status"] == "failed"
    assert "is an old Excel file (.xls); open it in Excel and save it as .xlsx" in \
        by_file["sathon.xls"]["error"]["message_en"]
    assert "is an OpenDocument spreadsheet (.ods)" in by_file["yannawa.ODS"]["error"]["message_en"]
    for name, words in (("~$BANGRAK.XLSX", "lock file Excel keeps while BANGRAK.XLSX is open"),
                        ("._Dusit.Xlsm", "is a hidden file")):
        assert by_file[name]["status"] == "ignored" and by_file[name]["error"] is None
        assert words in by_file[name]["note"]["message_en"]
    assert report["failed"] == 2
    assert "sathon.xls" in result.stderr and "ไฟล์ Excel รุ่นเก่า (.xls)" in result.stderr
    assert "~$BANGRAK.XLSX: หมายเหตุ / NOTE" in result.stderr
    assert "holds macros (VBA); itadocs reads its data only" in result.stderr
    assert "4 workbooks, 2 failed" in result.stderr  # the skipped files are not workbooks
    status = {r["ไฟล์"]: r for r in csv.DictReader(io.StringIO(
        (out / "ita-summary-status.csv").read_bytes().decode("utf-8-sig")))}
    assert status["~$BANGRAK.XLSX"]["status"] == "ignored"
    assert "ไฟล์ล็อกที่ Excel สร้าง" in status["~$BANGRAK.XLSX"]["หมายเหตุ"]
    assert status["sathon.xls"]["status"] == "failed"
    assert "ไฟล์ Excel รุ่นเก่า" in status["sathon.xls"]["ข้อผิดพลาดหลัก"]
    assert "ภาพ.jpg" not in status
    with zipfile.ZipFile(out / "ita-measures-2569-dusit.docx") as docx:
        assert not [n for n in docx.namelist() if "vba" in n.lower()]


def test_a_folder_holding_only_files_it_skips(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "~$ita.xlsx").write_bytes(b"lock")
    result = itadocs("build", folder, "-o", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no .xlsx workbook found in" in result.stderr
    assert "~$ita.xlsx is the lock file Excel keeps while ita.xlsx is open" in result.stderr
