"""Shared fixtures: a complete workbook for a district other than the seed's, and paths."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from itadocs.blank import write_workbook
from itadocs.model import (
    Analysis,
    Duty,
    Measure,
    Member,
    Order,
    Paragraph,
    Score,
    Unit,
    WorkbookData,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "inputs" / "ita-khlongsan-2568.xlsx"
AS_PUBLISHED = ROOT / "tests" / "fixtures" / "ita-khlongsan-2568-as-published.xlsx"
TEMPLATES = ROOT / "itadocs" / "templates"

SCORES = {
    "1": "91.20", "2": "88.45", "3": "90.00", "4": "93.75", "5": "87.10",
    "6": "86.00", "7": "84.50", "8": "83.25", "9": "92.00", "10": "98.50",
    "IIT": "90.11", "EIT": "84.90", "OIT": "95.25",
}


def bangrak_data(**unit_changes) -> WorkbookData:
    """A complete, valid workbook's data for Bang Rak, fiscal year 2569."""
    unit = Unit(
        district="บางรัก", fiscal_year=2569, assessed_year=2568,
        director_name="นางสาวทดสอบ ระบบดี", director_position="ผู้อำนวยการเขตบางรัก",
        digits="thai", framework_year=None,
    )
    for key, value in unit_changes.items():
        setattr(unit, key, value)
    data = WorkbookData(unit=unit)
    data.scores = [Score(k, Decimal(v)) for k, v in SCORES.items()]
    data.analyses = [
        Analysis(n, f"ได้ค่าคะแนน {SCORES[str(n)]} คะแนน ซึ่งสะท้อนให้เห็นว่า สำนักงานเขตบางรัก "
                    f"ดำเนินการตามตัวชี้วัดที่ {n} และต้องพัฒนาต่อเนื่อง",
                 "ทุกฝ่าย" if n != 7 else "ฝ่ายปกครอง", "ทุก ๖ เดือน")
        for n in range(1, 11)
    ]
    data.measures = [
        Measure(n, f"มาตรการข้อ {k} ของตัวชี้วัดที่ {n} เพื่อยกระดับคุณธรรม")
        for n in range(1, 11) for k in range(1, 3)
    ]
    data.order = Order(
        number=12, year=2568, date=dt.date(2025, 11, 3),
        subject="แต่งตั้งคณะกรรมการและคณะทำงานการประเมินคุณธรรมและความโปร่งใส (ITA) "
                "สำนักงานเขตบางรัก",
        preamble="ตามที่คณะกรรมการ ป.ป.ช. ได้กำหนดให้มีการประเมิน ITA ของสำนักงานเขต",
        authority="อาศัยอำนาจตามความในมาตรา ๔๙ แห่งพระราชบัญญัติระเบียบบริหารราชการ"
                  "กรุงเทพมหานคร พ.ศ. ๒๕๒๘ จึงแต่งตั้งคณะกรรมการและคณะทำงาน ดังนี้",
        effective_date=dt.date(2025, 11, 3),
        signer_name="นางสาวทดสอบ ระบบดี", signer_position="ผู้อำนวยการเขตบางรัก",
        purpose="เพื่อติดตามการดำเนินงานด้าน ITA",
    )
    data.committee = [
        Member("", "ผู้อำนวยการเขตบางรัก", "", "ประธานกรรมการ"),
        Member("", "ผู้ช่วยผู้อำนวยการเขตบางรัก", "", "รองประธานกรรมการ"),
        Member("", "หัวหน้าฝ่ายทะเบียน", "", "กรรมการ"),
        Member("", "หัวหน้าฝ่ายปกครอง", "", "กรรมการและเลขานุการ"),
        Member("นายสมชาย ใจดี", "นักจัดการงานทั่วไปปฏิบัติการ", "ฝ่ายปกครอง",
               "กรรมการและผู้ช่วยเลขานุการ"),
    ]
    data.working_group = [
        Member("", "หัวหน้าฝ่ายปกครอง", "", "ประธานคณะทำงาน"),
        *(Member(f"นางสาวคณะทำงาน ลำดับ{i}", "เจ้าพนักงานธุรการปฏิบัติงาน", "ฝ่ายการคลัง",
                 "คณะทำงาน") for i in range(2, 8)),
        Member("นายเลขา ทำงาน", "นักวิเคราะห์นโยบายและแผนปฏิบัติการ", "ฝ่ายปกครอง",
               "คณะทำงานและเลขานุการ"),
    ]
    data.duties = [
        Duty("committee", "กำกับ ติดตาม การดำเนินงานประเมิน ITA ของสำนักงานเขตบางรัก"),
        Duty("working_group", "รวบรวมข้อมูลและเผยแพร่บนเว็บไซต์ของสำนักงานเขต"),
        Duty("working_group", "รายงานผลการดำเนินงานต่อคณะกรรมการ"),
    ]
    data.paragraphs = [
        Paragraph(4, "ผู้อำนวยการเขตบางรัก ได้มอบนโยบายในการดำเนินงาน ITA ให้กับทุกส่วนราชการ"),
        Paragraph(6, "ผู้อำนวยการเขตบางรัก ได้สื่อสารสร้างการรับรู้ต่อผู้มีส่วนได้ส่วนเสีย"),
        Paragraph(7, "จัดกิจกรรมสร้างภาพลักษณ์การให้บริการที่โปร่งใส"),
        Paragraph(8, "ประชาสัมพันธ์ระบบ BMA OSS ให้ประชาชนทราบ"),
    ]
    return data


@pytest.fixture
def bangrak(tmp_path: Path) -> Path:
    """A valid Bang Rak workbook written by itadocs' own writer."""
    path = tmp_path / "ita-bangrak-2569.xlsx"
    write_workbook(path, bangrak_data())
    return path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example workbook."""
    path = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    return path


def needs_soffice() -> None:
    """Skip when LibreOffice is absent, except in CI where it must be there."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
