"""Bad inputs and faults: each ends in a Thai and English message naming the place, a
non-zero exit code, no traceback, and no new or changed output beyond what succeeded."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from itadocs import files
from itadocs.build import outputs, pdf
from itadocs.cli import main
from itadocs.model import Paragraph
from itadocs.pipeline import check_workbook
from itadocs.reading import opening, reader, schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import EXAMPLE, TEMPLATES, bangrak_data, edit_a_measure


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("content", "th", "en"),
    [
        (b"", "ว่างเปล่า", "is empty"),
        (bytes(range(256)) * 40, "ไม่ใช่สมุดงาน .xlsx", "not an .xlsx workbook"),
        ("เขต,คะแนน\nคลองสาน,92.84\n".encode(), "ไม่ใช่สมุดงาน .xlsx", "perhaps CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls", "password-protected"),
        (b"PK\x03\x04" + bytes(100), "เสียหาย", "corrupt"),
    ],
    ids=["empty", "random-bytes", "csv-renamed", "xls-or-password", "broken-zip"],
)
def test_unreadable_files(tmp_path, content, th, en):
    path = tmp_path / "ita.xlsx"
    path.write_bytes(content)
    out = tmp_path / "out"
    result = run("check", path)
    assert result.exit_code == 2
    assert th in result.output and en in result.output and "ita.xlsx" in result.output
    result = run("build", path, "-o", out)
    assert result.exit_code == 2 and not snapshot(out)


def test_ods_renamed(tmp_path):
    path = tmp_path / "ita.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    result = run("check", path)
    assert result.exit_code == 2 and ".ods" in result.output and "Save As" in result.output


def test_missing_file_and_folder(tmp_path):
    result = run("check", tmp_path / "nope.xlsx")
    assert result.exit_code == 2 and "ไม่พบไฟล์" in result.output
    result = run("build", tmp_path / "no-such-folder", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "file not found" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("build", empty, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no .xlsx workbook found" in result.output


def test_too_large_and_zip_bomb(bangrak, monkeypatch):
    monkeypatch.setattr(opening, "MAX_FILE_BYTES", 1000)
    result = run("check", bangrak)
    assert result.exit_code == 2 and "too large" in result.output
    monkeypatch.undo()
    monkeypatch.setattr(opening, "MAX_UNZIPPED_BYTES", 10_000)
    result = run("check", bangrak)
    assert result.exit_code == 2 and "zip bomb" in result.output and "ใหญ่เกิน" in result.output


def test_real_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            chunk = b"0" * (1 << 20)
            for _ in range(opening.MAX_UNZIPPED_BYTES // len(chunk) + 2):
                fh.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    result = run("check", bomb)
    assert result.exit_code == 2 and "zip bomb" in result.output


def test_older_template_version_says_what_to_do(bangrak, tmp_path):
    wb = openpyxl.load_workbook(bangrak)
    wb[schema.META_SHEET]["B1"] = 0
    wb.save(bangrak)
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert "itadocs new NEW.xlsx --from OLD.xlsx --year" in result.output
    # ... and that command brings it to the current version, same year, data kept
    new = tmp_path / "migrated.xlsx"
    assert run("new", new, "--from", bangrak, "--year", "2569").exit_code == 0
    report = check_workbook(new)
    assert "unknown_version" not in {p.code for p in report.problems}
    assert report.ok
    expected = bangrak_data()
    assert report.data.committee == expected.committee
    assert report.data.unit.fiscal_year == 2569
    assert [s.score for s in report.data.scores] == [s.score for s in expected.scores]
    # texts kept; the categories (new in version 2) are drafted from the scores
    assert [a.text for a in report.data.analyses] == [a.text for a in expected.analyses]
    assert all(a.category for a in report.data.analyses)
    assert set(report.data.drafts) == {f"analyses[{n}].category" for n in range(1, 11)}


def test_too_many_rows_are_bounded(bangrak, monkeypatch):
    monkeypatch.setattr(reader, "MAX_TABLE_ROWS", 15)  # the example holds 20 measures
    report = check_workbook(bangrak)
    assert any(p.code == "too_many_rows" and p.sheet == schema.MEASURES.name
               and p.cell == "A20" for p in report.errors)
    monkeypatch.setattr(reader, "MAX_TABLE_ROWS", 20)  # blank formatted rows do not count
    assert not [p for p in check_workbook(bangrak).problems if p.code == "too_many_rows"]


# --------------------------------------------------------------------------- cells


def _edit(path: Path, fn) -> None:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)


def test_missing_and_renamed_columns(bangrak):
    # renamed Thai header: still read through the English key row
    _edit(bangrak, lambda wb: wb[schema.COMMITTEE.name].cell(3, 4, "ตำแหน่งในคณะ"))
    assert check_workbook(bangrak).ok
    # key and header of a required column gone
    def drop(wb):
        ws = wb[schema.COMMITTEE.name]
        ws.cell(3, 4).value = None
        ws.cell(4, 4).value = None
    _edit(bangrak, drop)
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert "column 'role'" in result.output and "ไม่พบคอลัมน์ 'บทบาท'" in result.output


def test_merged_cells_where_values_are_expected(bangrak):
    _edit(bangrak, lambda wb: wb[schema.SCORES.name].merge_cells("C5:C6"))
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert "[คะแนน!C5:C6]" in result.output and "Unmerge" in result.output


def test_formula_instead_of_value(bangrak):
    _edit(bangrak, lambda wb: wb[schema.SCORES.name].cell(6, 3, "=AVERAGE(C5:C7)"))
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert "[คะแนน!C6]" in result.output and "holds a formula" in result.output


def test_dates_as_text_serials_and_invalid(bangrak):
    def dates(wb):
        ws = wb[schema.ORDER.name]
        ws["C6"] = 45964  # Excel serial of 3 November 2025
        ws["C10"] = "๓ พ.ย. ๒๕๖๘"
    _edit(bangrak, dates)
    report = check_workbook(bangrak)
    assert report.ok, [p.format() for p in report.problems]
    assert report.data.order.date == report.data.order.effective_date
    _edit(bangrak, lambda wb: wb[schema.ORDER.name].cell(6, 3, "31/2/2568"))
    result = run("check", bangrak)
    assert "[คำสั่ง!C6]" in result.output and "is not a valid date" in result.output


def test_blank_rows_inside_tables_are_skipped(bangrak):
    def gaps(wb):
        ws = wb[schema.WORKING_GROUP.name]
        ws.insert_rows(7, amount=3)
    _edit(bangrak, gaps)
    report = check_workbook(bangrak)
    assert report.ok
    assert report.data.working_group == bangrak_data().working_group


def test_long_text_control_characters_emoji_and_mixed_scripts(tmp_path):
    data = bangrak_data()
    long_text = "ข้อความยาวมาก " * 300
    data.paragraphs = [Paragraph(4, long_text + "จบ"), Paragraph(6, "ITA 😀 emoji และ English")]
    path = write_workbook(tmp_path / "t.xlsx", data)
    _edit(path, lambda wb: wb[schema.PARAGRAPHS.name].cell(
        7, 2, "เสียง_x0007_กริ่ง_x0008_ และ\ttab"))
    _edit(path, lambda wb: wb[schema.PARAGRAPHS.name].cell(7, 1, schema.SECTION_CHOICES[7]))
    report = check_workbook(path)
    assert report.ok, [p.format() for p in report.errors]
    texts = [p.text for p in report.data.paragraphs]
    assert texts[0].endswith("จบ") and len(texts[0]) > 4000
    assert texts[2] == "เสียงกริ่ง และ tab"  # control characters dropped, tab as a space
    result = run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0
    text = "\n".join(p.text for p in Document(
        tmp_path / "out" / "ita-measures-2569-bang-rak.docx").paragraphs)
    assert "ITA 😀 emoji และ English" in text and "จบ" in text


# --------------------------------------------------------------------------- outputs


def test_missing_output_parent(bangrak, tmp_path):
    out = tmp_path / "no" / "such" / "folder"
    result = run("build", bangrak, "-o", out)
    assert result.exit_code == 1
    assert "does not exist" in result.output and "ไม่มีโฟลเดอร์" in result.output
    assert not out.exists()


def test_read_only_output_folder(bangrak, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(outputs, "writable", lambda _folder: False)
    result = run("build", bangrak, "-o", out)
    assert result.exit_code == 1 and "read-only" in result.output and "อ่านอย่างเดียว" in result.output
    assert not snapshot(out)


def test_output_open_in_word(bangrak, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run("build", bangrak, "-o", out)
    before = snapshot(out)
    edit_a_measure(bangrak)

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(files.os, "replace", locked)
    result = run("build", bangrak, "-o", out)
    assert result.exit_code == 1
    assert "open in Word" in result.output and "เปิดอยู่ใน Word" in result.output
    monkeypatch.undo()
    after = {k: v for k, v in snapshot(out).items() if not k.startswith(".~")}
    assert after == before


# --------------------------------------------------------------------------- templates


def _templates_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("measures.docx", "order.docx"):
        shutil.copy(TEMPLATES / name, folder / name)
    src = folder / "measures.docx"
    with zipfile.ZipFile(src) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    xml = files["word/document.xml"].decode()
    assert old in xml
    files["word/document.xml"] = xml.replace(old, new, 1).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    src.write_bytes(buf.getvalue())
    return folder


@pytest.mark.parametrize(
    ("new", "th", "en"),
    [
        ("{{ office ", "แท็กผิดรูปแบบ", "malformed tag"),
        ("{{ officee }}", "ตัวแปรที่ไม่มี", "unknown variable"),
        ("{{ office.__class__.__mro__[1].__subclasses__() }}", "ไม่อนุญาต",
         "tried to reach"),
    ],
    ids=["syntax-error", "unknown-variable", "python-internals"],
)
def test_broken_templates(bangrak, tmp_path, new, th, en):
    folder = _templates_with(tmp_path, "{{ office }}", new)
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1
    assert "measures.docx" in result.output and th in result.output and en in result.output
    assert not list(out.glob("*.docx")) if out.exists() else True
    check = run("templates", "check", "--templates", folder)
    assert check.exit_code == 1 and "measures.docx" in check.output


def test_syntax_error_names_the_line(bangrak, tmp_path):
    folder = _templates_with(tmp_path, "{{ office }}", "{% if %}")
    result = run("build", bangrak, "-o", tmp_path / "out", "--templates", folder)
    assert "measures.docx, line " in result.output


def test_templates_check_passes_on_the_defaults():
    result = run("templates", "check", "--templates", TEMPLATES)
    assert result.exit_code == 0 and "fine" in result.output
    assert "warning" not in result.output  # valid OOXML too


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_failing_keeps_docx(bangrak, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/bin/false")
    monkeypatch.setattr(pdf, "find_uno_python", lambda _s: None)
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--pdf")
    assert result.exit_code == 1
    assert "could not convert" in result.output and "แปลงไฟล์" in result.output
    assert (out / "ita-order-2569-bang-rak.docx").exists()
    assert not list(out.glob("*.pdf"))


def test_a_real_version_1_workbook_is_converted_same_year(tmp_path):
    # the example as itadocs 0.1.0 wrote it (template version 1: no NACC rows, no category,
    # no measure details)
    old = Path(__file__).parent / "fixtures" / "ita-khlongsan-2568-template-v1.xlsx"
    assert [p.code for p in check_workbook(old).errors] == ["unknown_version"]
    new = tmp_path / "ita-khlongsan-2568.xlsx"
    assert run("new", new, "--from", old, "--year", "2568").exit_code == 0
    report = check_workbook(new)
    assert report.ok and report.data.template_version == schema.TEMPLATE_VERSION
    assert (report.data.unit.fiscal_year, report.data.unit.assessed_year) == (2568, 2567)
    assert f"{report.result.total} {report.result.level.name}" == "92.84 ผ่านดี"
    assert len(report.data.measures) == len(check_workbook(EXAMPLE).data.measures)
    assert [a.text for a in report.data.analyses] == [
        a.text for a in check_workbook(EXAMPLE).data.analyses]


def test_many_readers_at_once_keep_the_readers_digit_limit():
    """Readers in threads (the web page's checks) share Python's limit on a number's digits:
    the first to finish must not put the old limit back under one still reading."""
    import sys
    import threading


    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(4300)
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def first() -> None:
        with opening.long_numbers():
            first_in.set()
            second_in.wait(10)
        first_out.set()

    def second() -> None:
        first_in.wait(10)
        with opening.long_numbers():
            second_in.set()
            first_out.wait(10)  # the first reader has finished; this one still reads
            seen.append(sys.get_int_max_str_digits())
            seen.append(len(str(10 ** (opening.MAX_NUMBER_DIGITS - 1))))

    try:
        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert seen == [opening.MAX_NUMBER_DIGITS, opening.MAX_NUMBER_DIGITS]
        assert sys.get_int_max_str_digits() == 4300  # put back once the last one finished
    finally:
        sys.set_int_max_str_digits(before)
