"""What itadocs writes is valid OOXML, checked by an independent validator (openxml-audit).

Microsoft Word, which the districts use, is stricter than LibreOffice: a property element
out of the schema's order or given twice may be dropped or "repaired". Every template,
document and workbook itadocs writes is validated for Office 2016 and Microsoft 365.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from itadocs.build.batch import build, write_summary
from itadocs.cli import main
from itadocs.documents import ooxml
from itadocs.documents.conformance import FORMATS, Finding, validate
from itadocs.model import Member, Photo
from itadocs.pipeline import check_workbook, render_documents
from itadocs.workbooks.carryover import carry_over
from itadocs.workbooks.writer import write_workbook
from tests.helpers import (
    AS_PUBLISHED,
    EXAMPLE,
    KNOWN_OPENPYXL,
    TEMPLATES,
    bangrak_data,
    needs_soffice,
    unexplained,
)


def problems(path: Path) -> list[Finding]:
    return validate(path, FORMATS)


def misplaced(path: Path) -> list[str]:
    """Property children out of order or repeated, in every XML part (the validator names
    only the first one of each parent)."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                found += [f"{name}: {m}" for m in ooxml.misplaced(etree.fromstring(zf.read(name)))]
    return found


def assert_valid(path: Path) -> None:
    found = problems(path)
    assert found == [], "\n".join(f"{f.formats} {f.where}: {f.description}" for f in found)
    assert misplaced(path) == []


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("name", ["measures.docx", "order.docx"])
def test_shipped_templates_are_valid(name):
    assert_valid(TEMPLATES / name)


@pytest.mark.parametrize("name", ["measures.docx", "order.docx"])
def test_no_stale_styles_with_effects(name):
    with zipfile.ZipFile(TEMPLATES / name) as zf:
        assert "word/stylesWithEffects.xml" not in zf.namelist()
        assert b"stylesWithEffects" not in zf.read("[Content_Types].xml")
        assert b"stylesWithEffects" not in zf.read("word/_rels/document.xml.rels")


# --------------------------------------------------------------------------- documents


def _long_committee():
    data = bangrak_data(digits="arabic")  # the Arabic-digit path too
    data.committee += [
        Member(f"นายกรรมการ ทดสอบ{i}", "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
               "ฝ่ายรักษาความสะอาดและสวนสาธารณะ", "กรรมการ") for i in range(14)
    ]
    data.working_group += [
        Member(f"นายสมมติ ทดสอบ{i}", "นักวิชาการสุขาภิบาลชำนาญการ", "ฝ่ายโยธา", "คณะทำงาน")
        for i in range(26)
    ]
    return data


def _previous_year():
    data = bangrak_data()
    for score in data.scores:
        score.previous = score.score - Decimal("2.00")
    return data


def _carried_over():
    """Next year's workbook made with ``new --from`` from the example, then filled in."""
    data = carry_over(check_workbook(EXAMPLE).data).data
    data.unit.assessed_year = 2568
    for score in data.scores:
        score.score = min(Decimal("100.00"), score.previous + Decimal("1.50"))
    data.order.number = 41
    data.order.year = 2569
    data.order.date = data.order.effective_date = dt.date(2026, 2, 5)
    return data


def _photos(folder: Path):
    from PIL import Image as Pil

    Pil.new("RGB", (1600, 1200), (200, 180, 150)).save(folder / "meeting.jpg")
    Pil.new("RGBA", (600, 900), (90, 120, 160, 255)).save(folder / "oss.png")
    data = bangrak_data()
    data.photos = [Photo(section, "meeting.jpg" if section % 2 else "oss.png", f"ภาพ {section}")
                   for section in (4, 6, 7, 8) for _ in range(2)]
    return data


@dataclass
class Case:
    """A workbook whose documents go another way through the renderer."""

    name: str
    kinds: tuple[str, ...] = ("measures", "order")
    garuda: bool = False


CASES = [
    Case("example"),  # also the case of no previous year's scores
    Case("seed-as-published"),  # rendered despite its errors: duplicates, odd roles
    Case("long-committee"),
    Case("previous-year", ("measures",)),
    Case("carried-over"),
    Case("photos", ("measures",)),
    Case("garuda", ("order",), garuda=True),
]


def _workbook(case: Case, folder: Path) -> Path:
    if case.name == "example":
        return EXAMPLE
    if case.name == "seed-as-published":
        return AS_PUBLISHED
    data = {
        "long-committee": _long_committee,
        "previous-year": _previous_year,
        "carried-over": _carried_over,
        "garuda": bangrak_data,
    }.get(case.name)
    return write_workbook(folder / f"{case.name}.xlsx",
                          data() if data else _photos(folder))


def _templates(case: Case, folder: Path) -> Path:
    if not case.garuda:
        return TEMPLATES
    from PIL import Image as Pil

    copy = folder / "templates"
    shutil.copytree(TEMPLATES, copy)
    Pil.new("RGB", (300, 300), (180, 30, 30)).save(copy / "garuda.png")
    return copy


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_documents_are_valid(case, tmp_path):
    report = check_workbook(_workbook(case, tmp_path))
    assert report.ok or case.name == "seed-as-published", [p.message_en for p in report.errors]
    if case.name == "example":
        assert report.result.previous_total is None  # no previous year
    documents = render_documents(report, _templates(case, tmp_path))
    for kind in case.kinds:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(documents[kind])
        assert_valid(path)


# --------------------------------------------------------------------------- workbooks

def test_known_openpyxl_quirks_are_still_what_the_validator_reports(tmp_path):
    """The list above matches real findings (so it cannot hide something else)."""
    path = write_workbook(tmp_path / "w.xlsx", bangrak_data())
    found = [f"{f.where} {f.description}" for f in problems(path)]
    for rx, reason in KNOWN_OPENPYXL:
        assert any(rx.match(f) for f in found), reason


def test_new_workbook_is_valid(tmp_path):
    path = tmp_path / "new.xlsx"
    result = CliRunner().invoke(main, ["new", str(path), "--district", "คลองสาน",
                                       "--year", "2569"])
    assert result.exit_code == 0, result.output
    assert unexplained(path) == []


def test_carried_over_workbook_is_valid(tmp_path):
    path = tmp_path / "next.xlsx"
    result = CliRunner().invoke(main, ["new", str(path), "--from", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert unexplained(path) == []


def test_example_workbook_is_valid():
    assert unexplained(EXAMPLE) == []


def test_summary_workbook_is_valid(tmp_path):
    folder = tmp_path / "districts"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    write_workbook(folder / "bangrak.xlsx", bangrak_data())
    outcomes = build([folder], tmp_path / "out", jobs=1)
    [summary] = [p for p in write_summary(outcomes, tmp_path / "out") if p.suffix == ".xlsx"]
    assert unexplained(summary) == []


# --------------------------------------------------------------------------- templates check


def _resaved_by_libreoffice(tmp_path: Path) -> Path:
    import subprocess

    folder = tmp_path / "lo"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder),
         str(TEMPLATES / "measures.docx"), str(TEMPLATES / "order.docx")],
        check=True, capture_output=True, timeout=300,
    )
    return folder


def test_templates_check_warns_about_a_libreoffice_saved_template(tmp_path, bangrak):
    needs_soffice()
    folder = _resaved_by_libreoffice(tmp_path)
    found = problems(folder / "measures.docx")
    assert found, "LibreOffice's own quirks were expected here"
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 0, result.output  # warnings only
    first = found[0]
    line = next(line for line in result.output.splitlines() if first.path in line)
    assert line.startswith("คำเตือน / warning: measures.docx: ")
    assert f"ส่วน {first.part}" in line and f"part {first.part}" in line
    assert f"'{first.element}'" in line
    assert "with" in result.output and "warning(s)" in result.output
    # ... and the template still builds
    build_result = CliRunner().invoke(
        main, ["build", str(bangrak), "-o", str(tmp_path / "out"), "--templates", str(folder)])
    assert build_result.exit_code == 0, build_result.output
    assert (tmp_path / "out" / "ita-order-2569-bang-rak.docx").exists()


def test_templates_check_names_part_and_element_of_a_misplaced_property(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(TEMPLATES, folder)
    order = folder / "order.docx"
    with zipfile.ZipFile(order) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    xml = files["word/document.xml"].decode()
    # a hand-made border after the indentation, as a careless generator would write it
    xml, n = re.subn(r"(<w:pPr>.*?)(<w:pBdr>.*?</w:pBdr>)(.*?)(</w:pPr>)", r"\1\3\2\4", xml,
                     count=1, flags=re.S)
    assert n == 1
    files["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(order, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("คำเตือน")]
    assert len(warnings) == 1, result.output
    assert "order.docx" in warnings[0] and "word/document.xml" in warnings[0]
    assert "'pBdr'" in warnings[0]
    assert "Microsoft Word" in warnings[0]
