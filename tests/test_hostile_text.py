"""Hostile text and numbers: characters XML cannot hold, Excel's _xHHHH_ escapes, sara am
typed two ways, negative zero, numbers of thousands of digits. Each gives a message naming
the cell and either a complete document or none at all."""

from __future__ import annotations

import shutil
import zipfile
from decimal import Decimal

import pytest
from docx import Document

from itadocs.cleantext import clean, illegal_characters
from itadocs.documents.render import text_of
from itadocs.model import Member
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.thai import fmt2, normalize, parse_number
from itadocs.workbooks.writer import write_workbook
from tests.helpers import (
    OUTPUTS,
    TEMPLATES,
    bangrak_data,
    rewrite_zip,
    run,
    set_cells,
    set_raw_cell,
    snapshot,
)

ORDER, MEASURES = schema.ORDER.name, schema.MEASURES.name


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """The documents of the untouched Bang Rak workbook, to compare lengths with."""
    tmp = tmp_path_factory.mktemp("clean")
    path = write_workbook(tmp / "b.xlsx", bangrak_data())
    outcome = build_workbook(path, tmp / "out")
    return {kind: Document(outcome.outputs[kind]) for kind in ("measures", "order")}


@pytest.mark.parametrize(
    ("sheet", "ref", "value", "code", "printed"),
    [
        (ORDER, "C7", "เรื่อง_xDC00_ทดสอบ", "U+DC00", "เรื่อง เรื่องทดสอบ"),
        (MEASURES, "B5", "มาตรการ_xD800_ทดสอบ", "U+D800", "มาตรการทดสอบ"),
        (MEASURES, "B5", "เสียง_x0007_กริ่ง_x001B_", "U+0007, U+001B", "เสียงกริ่ง"),
        (ORDER, "C7", "ก\x85ข\x9fค", "U+009F", "ก\nข"),
    ],
    ids=["surrogate-in-subject", "surrogate-in-measure", "controls", "c1-controls"],
)
def test_characters_xml_cannot_hold_are_removed_with_a_warning(
        bangrak, tmp_path, clean_build, sheet, ref, value, code, printed):
    set_cells(bangrak, sheet, {ref: value})
    result = run("check", bangrak)
    assert result.exit_code == 0  # a warning, not an error
    assert f"[{sheet}!{ref}]" in result.output and code in result.output
    assert "cannot hold" in result.output and "ใส่ในเอกสาร Word ไม่ได้" in result.output
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(snapshot(out)) == sorted([*OUTPUTS, ".itadocs-manifest.json"])
    for kind in ("measures", "order"):
        doc = Document(out / OUTPUTS[0 if kind == "measures" else 1])
        assert len(doc.paragraphs) == len(clean_build[kind].paragraphs)
        assert len(doc.tables) == len(clean_build[kind].tables)
    text = text_of(Document(out / OUTPUTS[0]))
    assert all(printed_line in text for printed_line in printed.split("\n"))
    for name in OUTPUTS[2:]:
        data = (out / name).read_bytes().decode("utf-8")  # strictly valid UTF-8
        assert not illegal_characters(data)


def test_a_template_writing_a_bad_character_never_gives_a_short_document(bangrak, tmp_path):
    """docxtpl's recovering parser would cut the order after its subject: refused instead."""
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)

    def poison(files):
        xml = files["word/document.xml"].decode()
        files["word/document.xml"] = xml.replace(
            "{{ order.subject }}", '{{ order.subject }}{{ "%c"|format(56320) }}', 1).encode()

    rewrite_zip(folder / "order.docx", poison)
    out = tmp_path / "out"
    result = run("build", bangrak, "-o", out, "--templates", folder)
    assert result.exit_code == 1
    assert "[order.docx]" in result.output
    assert "produced text a Word document cannot hold" in result.output
    assert "สร้างข้อความที่ใส่ในเอกสาร Word ไม่ได้" in result.output
    assert "near '" in result.output and "U+" not in result.output
    assert not out.exists()


def test_verification_counts_paragraphs_tables_and_rows(tmp_path):
    """A document shorter than its template and data promise is refused."""
    from itadocs.documents import verify
    from itadocs.exceptions import DocumentIncomplete

    body = verify.template_body(TEMPLATES / "order.docx")
    want = verify.expected(body, {"order": {"committee": [1] * 5, "working_group": [1] * 8}})
    # 11 fixed paragraphs and a member paragraph each for 5 + 8 members
    assert want.paragraphs == 11 + 5 + 8 and want.tables == 0
    measures = verify.expected(verify.template_body(TEMPLATES / "measures.docx"),
                               {"table1": [1] * 10, "analyses": [1] * 10, "table2": [1] * 10,
                                "levels": [1] * 5}, "order_text", want)
    assert measures.tables >= 4 and 11 in measures.rows
    doc = build_workbook(write_workbook(tmp_path / "b.xlsx", bangrak_data()),
                         tmp_path / "out").outputs["order"].read_bytes()
    verify.check_docx(doc, want, "order.docx")  # the real order passes

    def cut(files):
        xml = files["word/document.xml"].decode()
        start = xml.index("<w:p>", xml.index("<w:body>"))
        files["word/document.xml"] = (xml[:start] + "</w:body></w:document>").encode()

    short = tmp_path / "short.docx"
    short.write_bytes(doc)
    rewrite_zip(short, cut)
    with pytest.raises(DocumentIncomplete) as info:
        verify.check_docx(short.read_bytes(), want, "order.docx")
    assert "sectPr" in info.value.message_en and "paragraphs where at least 24" in str(
        info.value.message_en)
    assert "itadocs templates check" in info.value.message.th
    page = info.value.message.on_page()  # the page names its own place, not a command
    assert "itadocs" not in page.th and "แม่แบบและตราครุฑ" in page.th
    assert "paragraphs where at least 24" in page.en and "Templates and Garuda" in page.en
    with zipfile.ZipFile(short, "a") as zf:
        zf.writestr("word/broken.xml", "<a><b></a>")
    with pytest.raises(DocumentIncomplete) as info:
        verify.check_docx(short.read_bytes(), want, "order.docx")
    assert "damaged" in info.value.message_en


def test_sara_am_typed_two_ways_is_one_person(tmp_path):
    data = bangrak_data()
    data.working_group.append(Member("นายกำพล ทดสอบ", "เจ้าพนักงานธุรการ", "ฝ่ายปกครอง", "คณะทำงาน"))
    data.working_group.append(
        Member("นายก\u0e4d\u0e32พล ทดสอบ", "เจ้าพนักงานธุรการ", "ฝ่ายปกครอง", "คณะทำงาน"))
    path = write_workbook(tmp_path / "t.xlsx", data)
    report = check_workbook(path)
    dup = [p for p in report.errors if p.code == "duplicate_member"]
    assert len(dup) == 1 and dup[0].where() == f"{schema.WORKING_GROUP.name}!A14"
    assert report.data.working_group[-1].name == "นายกำพล ทดสอบ"  # printed as ำ
    assert normalize("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33" == normalize("น\u0e49\u0e33")
    assert clean("ท\u0e4d\u0e32 e\u0301") == "ทำ é"


def test_negative_zero_prints_as_zero(bangrak, tmp_path):
    assert fmt2(Decimal("-0")) == "0.00" and fmt2(Decimal("-0.001")) == "0.00"
    assert str(parse_number("-0")) == "0" and str(parse_number("-0.00")) == "0.00"
    set_cells(bangrak, schema.SCORES.name, {"D5": "-0"})  # indicator 1, the year before
    outcome = build_workbook(bangrak, tmp_path / "out")
    text = text_of(Document(outcome.outputs["measures"]))
    assert "-๐" not in text and "-0" not in text
    csv = outcome.outputs["scores_csv"].read_text(encoding="utf-8-sig")
    assert ",0.00,nacc\n" in csv and "-0" not in csv  # indicator 1: previous, source


@pytest.mark.parametrize(
    ("sheet", "ref", "value", "message"),
    [
        (schema.SCORES.name, "C5", "9" * 5000, "is not a number"),
        (ORDER, "C4", "9" * 5000, "too long to be a real value"),
        (ORDER, "C5", "๙" * 5000, "too long to be a real value"),
    ],
    ids=["score-text", "order-number-text", "year-thai-digits"],
)
def test_numbers_of_thousands_of_digits(bangrak, tmp_path, sheet, ref, value, message):
    set_cells(bangrak, sheet, {ref: value})
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert f"[{sheet}!{ref}]" in result.output and message in result.output
    assert "5000 ตัวอักษร/characters" in result.output  # quoted cut short
    assert len(result.output) < 5000
    out = tmp_path / "out"
    assert run("build", bangrak, "-o", out).exit_code == 1
    assert not out.exists()


def test_number_cell_of_five_thousand_digits(bangrak, tmp_path):
    """Only a hostile file can hold it (Excel keeps 15 digits); openpyxl alone refuses it."""
    set_raw_cell(bangrak, ORDER, "C4", '<c r="C4"><v>' + "9" * 5000 + "</v></c>")
    set_raw_cell(bangrak, schema.SCORES.name, "C6", '<c r="C6"><v>' + "8" * 5000 + "</v></c>")
    result = run("check", bangrak)
    assert result.exit_code == 1
    assert f"[{ORDER}!C4]" in result.output and "too long" in result.output
    assert f"[{schema.SCORES.name}!C6]" in result.output and "digits" in result.output
    assert run("build", bangrak, "-o", tmp_path / "out").exit_code == 1
    assert not (tmp_path / "out").exists()


def test_illegal_characters_module():
    assert illegal_characters("a_xD83D__xDE00_b") == []  # an escaped pair is one emoji
    assert clean("a_xD83D__xDE00_b") == "a😀b"
    assert illegal_characters("a\x00b\ud800") == ["\x00", "\ud800"]
    assert clean("x\x0by\tz") == "xy z"


def test_example_still_has_no_warning_about_characters():
    from tests.helpers import EXAMPLE

    report = check_workbook(EXAMPLE)
    assert not [p for p in report.problems if p.code == "illegal_character"]
