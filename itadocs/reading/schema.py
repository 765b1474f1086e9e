"""The standard workbook's structure, defined once.

``workbooks/writer.py`` writes a workbook from these definitions and ``reader.py`` reads one
back with the same definitions, so a label, a column or a dropdown is changed in one place only.
Each sheet has Thai labels for staff and a row/column of short English keys that the reader
uses to find values, so staff may move or re-label columns without breaking the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from itadocs import framework

# 2: NACC's total/level, compute flag, analysis category, measure details
# 3: the measures' ids and the progress sheet (ผลการดำเนินการ)
# 4: the survey's replies and minimum sample (IIT, EIT) on the unit sheet, optional
TEMPLATE_VERSION = 4
# Versions read as they are: a version 2 workbook has no progress sheet and no measure ids;
# its measures document and order build as before, and only the progress report asks to
# convert it (``itadocs new NEW.xlsx --from OLD.xlsx --year N``). A version 3 workbook lacks
# only the survey's rows (``Field.tolerant``): it is read and built exactly as before.
READABLE_VERSIONS = (2, 3, 4)
PROGRESS_SINCE = 3  # the first template version with the progress sheet
META_SHEET = "_itadocs"
LISTS_SHEET = "_lists"


@dataclass(frozen=True)
class Field:
    """One labelled input cell of a form sheet (label | key | value | hint)."""

    key: str  # attribute of the model object the sheet fills
    th: str
    en: str
    kind: str  # text, longtext, int, year, date, choice
    required: bool = False
    choices: str = ""  # name of a list in LISTS
    hint: str = ""  # input message shown in the cell (Thai)
    example: str = ""
    # An optional row added by a later template version: a workbook without it (an older
    # one, or one whose row was deleted) is read without it, never an error.
    tolerant: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table sheet."""

    key: str
    th: str
    en: str
    # text, longtext, int, score, percent, money, date, choice, label (locked, written by
    # itadocs), id (a measure's id, written by itadocs, never typed)
    kind: str
    width: float = 20
    required: bool = False
    choices: str = ""
    strict: bool = True  # False: the dropdown accepts other text (with a warning)
    hint: str = ""
    example: str = ""


@dataclass(frozen=True)
class FormSheet:
    name: str
    key: str
    title: str
    intro: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class TableSheet:
    name: str
    key: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    capacity: int  # empty input rows the blank workbook offers
    fixed: str = ""  # "scores" / "indicators": rows are written by itadocs, keyed by column 1
    body: str = ""  # for member tables: "committee" / "working_group"
    header_within: int = 15  # the key row is looked for in the sheet's first rows

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# Form and table layout: title in row 1, a short explanation in row 2, Thai headers in row 3,
# English keys in row 4 (tables) or column B (forms); data from row 5 (tables) / row 4 (forms).
TITLE_ROW, INTRO_ROW, HEADER_ROW, KEY_ROW = 1, 2, 3, 4
FORM_FIRST_ROW = 4
FORM_LABEL_COL, FORM_KEY_COL, FORM_VALUE_COL, FORM_HINT_COL = 1, 2, 3, 4
TABLE_FIRST_ROW = 5

DIGITS_CHOICES = {"เลขไทย": "thai", "เลขอารบิก": "arabic"}
BODY_CHOICES = {"คณะกรรมการ": "committee", "คณะทำงาน": "working_group"}
CATEGORY_CHOICES = ("จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน", "ประเด็นที่ต้องพัฒนาให้ดีขึ้น")
COMPUTE_FLAG = "คำนวณโดย itadocs"  # the one value of the scores sheet's compute flag
SECTION_CHOICES = {
    4: "4. การประชุมชี้แจงการดำเนินงาน ITA",
    6: "6. การสื่อสารสร้างการรับรู้ต่อผู้มีส่วนได้ส่วนเสีย",
    7: "7. กิจกรรมสื่อสารภาพลักษณ์การให้บริการ",
    8: "8. ศูนย์รับคำขออนุญาต BMA OSS",
}
# Photos of the progress report, in the ภาพ sheet with the sections' photos; a photo's
# section number is 100 + the round.
PROGRESS_PHOTO_SECTIONS = {
    106: "ผลการดำเนินการ รอบ 6 เดือน",
    112: "ผลการดำเนินการ รอบ 12 เดือน",
}
PHOTO_SECTIONS = {**SECTION_CHOICES, **PROGRESS_PHOTO_SECTIONS}
STATUS_DONE, STATUS_DOING, STATUS_NOT_STARTED = (
    "ดำเนินการแล้ว", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ")
STATUS_CHOICES = (STATUS_DONE, STATUS_DOING, STATUS_NOT_STARTED)
ROUND_CHOICES = {"6 เดือน": 6, "12 เดือน": 12}

UNIT = FormSheet(
    name="หน่วยงาน",
    key="unit",
    title="ข้อมูลหน่วยงานและปีงบประมาณ",
    intro="กรอกในช่องสีเหลือง (คอลัมน์ C) ช่องที่มี * ต้องกรอก / Fill the yellow cells.",
    fields=(
        Field("district", "สำนักงานเขต *", "district", "choice", True, "districts",
              "เลือกเขตจากรายการ", "คลองสาน"),
        Field("fiscal_year", "ปีงบประมาณของเอกสาร (พ.ศ.) *", "fiscal_year", "year", True,
              hint="ปีงบประมาณที่ใช้มาตรการ เช่น 2568", example="2568"),
        Field("assessed_year", "ปีงบประมาณที่ประเมิน (พ.ศ.)", "assessed_year", "year",
              hint="ปีของผลคะแนนที่นำมาวิเคราะห์ ปกติคือปีก่อนหน้า 1 ปี (คำนวณให้อัตโนมัติ)",
              example="2567"),
        Field("director_name", "ชื่อ-สกุลผู้อำนวยการเขต (มีคำนำหน้า) *", "director_name",
              "text", True, hint="เช่น นายสรสิทธิ์ เหลืองรุ่งเกียรติ",
              example="นายสรสิทธิ์ เหลืองรุ่งเกียรติ"),
        Field("director_position", "ตำแหน่งผู้อำนวยการเขต *", "director_position", "text",
              True, hint="เช่น ผู้อำนวยการเขตคลองสาน", example="ผู้อำนวยการเขตคลองสาน"),
        Field("digits", "รูปแบบตัวเลขในเอกสาร *", "digits", "choice", True, "digits",
              "เลขไทย (๑๒๓) หรือเลขอารบิก (123)", "เลขไทย"),
        Field("framework_year", "ปีของเกณฑ์การประเมิน ITA", "framework_year", "choice",
              False, "frameworks",
              "เว้นว่างได้: ใช้เกณฑ์ล่าสุดที่ไม่เกินปีที่ประเมิน", "2567"),
        # This fiscal year's assessment (under way while the document is used), as ITAS
        # shows it under ติดตามสถานะ and BMA's quarterly KPI reports it.
        Field("iit_replies", "แบบวัด IIT ปีนี้: จำนวนผู้ตอบที่ได้รับ", "IIT replies", "int",
              hint="ไม่บังคับ: บุคลากรที่ตอบแบบวัด IIT แล้ว ของการประเมิน ITA ปีงบประมาณนี้ "
                   "(ระบบ ITAS: ติดตามสถานะ)", example="633", tolerant=True),
        Field("iit_minimum", "แบบวัด IIT ปีนี้: จำนวนขั้นต่ำ", "IIT minimum", "int",
              hint="ไม่บังคับ: จำนวนผู้ตอบขั้นต่ำที่ระบบ ITAS คำนวณให้", example="589",
              tolerant=True),
        Field("eit_replies", "แบบวัด EIT ปีนี้: จำนวนผู้ตอบที่ได้รับ", "EIT replies", "int",
              hint="ไม่บังคับ: ผู้รับบริการและผู้มีส่วนได้ส่วนเสียที่ตอบแบบวัด EIT แล้ว "
                   "ของการประเมิน ITA ปีงบประมาณนี้", example="398", tolerant=True),
        Field("eit_minimum", "แบบวัด EIT ปีนี้: จำนวนขั้นต่ำ", "EIT minimum", "int",
              hint="ไม่บังคับ: จำนวนผู้ตอบขั้นต่ำที่ระบบ ITAS กำหนด", example="500",
              tolerant=True),
    ),
)

ORDER = FormSheet(
    name="คำสั่ง",
    key="order",
    title="คำสั่งแต่งตั้งคณะกรรมการและคณะทำงาน ITA",
    intro="ข้อความของคำสั่ง รายชื่ออยู่ในแผ่นงานคณะกรรมการ/คณะทำงาน หน้าที่อยู่ในแผ่นงานหน้าที่",
    fields=(
        Field("number", "เลขที่คำสั่ง *", "order_number", "int", True,
              hint="เฉพาะตัวเลข เช่น 31", example="31"),
        Field("year", "ปีของเลขที่คำสั่ง (พ.ศ.)", "order_year", "year",
              hint="เว้นว่างได้: ใช้ปี พ.ศ. ของวันที่ออกคำสั่ง", example="2568"),
        Field("date", "วันที่ออกคำสั่ง (สั่ง ณ วันที่) *", "order_date", "date", True,
              hint="เช่น 5 กุมภาพันธ์ 2568 หรือ 5/2/2568", example="5 กุมภาพันธ์ 2568"),
        Field("subject", "เรื่อง *", "subject", "longtext", True,
              hint="ข้อความหลังคำว่า เรื่อง", example="แต่งตั้งคณะกรรมการและคณะทำงาน..."),
        Field("preamble", "ข้อความเหตุผล (ย่อหน้าแรก) *", "preamble", "longtext", True,
              hint="ย่อหน้าที่บอกเหตุผลของคำสั่ง", example="ตามที่คณะกรรมการ ป.ป.ช. ..."),
        Field("authority", "อาศัยอำนาจ *", "authority", "longtext", True,
              hint="ย่อหน้าที่อ้างอำนาจตามกฎหมาย ขึ้นต้นด้วย อาศัยอำนาจตามความใน...",
              example="อาศัยอำนาจตามความในมาตรา ... จึงแต่งตั้ง... ดังนี้"),
        Field("effective_date", "มีผลตั้งแต่วันที่ (ทั้งนี้ ตั้งแต่วันที่) *", "effective_date",
              "date", True, hint="เช่น 5 กุมภาพันธ์ 2568", example="5 กุมภาพันธ์ 2568"),
        Field("signer_name", "ชื่อ-สกุลผู้ลงนาม (มีคำนำหน้า) *", "signer_name", "text", True,
              hint="ผู้ลงนามในคำสั่ง", example="นายสรสิทธิ์ เหลืองรุ่งเกียรติ"),
        Field("signer_position", "ตำแหน่งผู้ลงนาม *", "signer_position", "text", True,
              example="ผู้อำนวยการเขตคลองสาน"),
        Field("purpose", "วัตถุประสงค์ (ท้ายข้อความสรุปในหัวข้อ 3)", "purpose", "text",
              hint="เช่น เพื่อเป็นการติดตามผลการปฏิบัติงานด้าน ITA",
              example="เพื่อเป็นการติดตามผลการปฏิบัติงานด้าน ITA"),
    ),
)

@dataclass(frozen=True)
class ExtraRow:
    """A row under the scores table, keyed in column A like the score rows."""

    key: str
    th: str
    en: str
    kind: str  # "score" (a number), "level" (a level name), "flag" (COMPUTE_FLAG or blank)
    hint: str = ""
    previous: bool = True  # whether the previous-year column is an input too


# NACC's announced total and level (they win over itadocs' figures), and the visible flag
# that lets itadocs compute missing tool scores for a draft.
SCORE_EXTRA_ROWS = (
    ExtraRow("nacc_total", "คะแนนรวม ITA ตามที่ ป.ป.ช. ประกาศ (ถ้ามี)", "NACC total", "score",
             "ถ้ากรอก เอกสารจะใช้ตัวเลขนี้ และ itadocs จะเตือนเมื่อคำนวณได้ไม่ตรง"),
    ExtraRow("nacc_level", "ระดับผลการประเมินตามที่ ป.ป.ช. ประกาศ (ถ้ามี)", "NACC level",
             "level", "ถ้ากรอก เอกสารจะใช้ระดับนี้ เลือกจากรายการ"),
    ExtraRow("compute_tools", "คะแนนเครื่องมือที่ยังว่าง (ฉบับร่าง)", "compute missing tool scores",
             "flag", f"เลือก '{COMPUTE_FLAG}' เฉพาะเมื่อยังไม่มีคะแนนเครื่องมือจาก ป.ป.ช.: "
             "itadocs จะใช้ค่าเฉลี่ยของตัวชี้วัด เอกสารจะระบุว่าเป็นคะแนนที่คำนวณ "
             "และระดับผลเป็นผลเบื้องต้น", previous=False),
)

SCORES = TableSheet(
    name="คะแนน",
    key="scores",
    title="ผลคะแนนการประเมิน ITA ตามที่ระบบของสำนักงาน ป.ป.ช. รายงาน",
    intro=(
        "กรอกคะแนนทศนิยม 2 ตำแหน่ง ตัวชี้วัดละ 1 แถว และคะแนนรายเครื่องมือ (IIT/EIT/OIT) "
        "ตามที่ ป.ป.ช. รายงาน (ไม่ใช่ค่าเฉลี่ยของตัวชี้วัด) คอลัมน์สีเทาคำนวณให้ดูเท่านั้น"
    ),
    columns=(
        Column("key", "ลำดับ", "key", "label", 8, example="1"),
        Column("name", "ตัวชี้วัด / เครื่องมือ", "name", "label", 42,
               example="ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"),
        Column("score", "คะแนนปีที่ประเมิน (ปี N-1) *", "score", "score", 20, True,
               hint="คะแนน 0-100 ทศนิยม 2 ตำแหน่ง เช่น 95.95", example="95.95"),
        Column("previous", "คะแนนปีก่อนหน้า (ปี N-2)", "previous", "score", 20,
               hint="ไม่บังคับ: ใช้เปรียบเทียบในแผนภาพ", example="92.10"),
        Column("weight", "น้ำหนัก (ร้อยละ)", "weight", "label", 14, example=""),
        Column("weighted", "คะแนนถ่วงน้ำหนัก", "weighted", "label", 16, example=""),
    ),
    capacity=0,
    fixed="scores",
)

ANALYSIS = TableSheet(
    name="วิเคราะห์",
    key="analyses",
    title="การวิเคราะห์ผลคะแนนรายตัวชี้วัด",
    intro=(
        "ตัวชี้วัดละ 1 แถว: ข้อความวิเคราะห์ (ขึ้นบรรทัดใหม่ในช่องด้วย Alt+Enter) "
        "หน่วยงานรับผิดชอบ และความถี่ในการกำกับติดตาม มาตรการกรอกในแผ่นงานมาตรการ"
    ),
    columns=(
        Column("indicator", "ตัวชี้วัด", "indicator", "label", 30,
               example="1. การปฏิบัติหน้าที่"),
        Column("text", "การวิเคราะห์ผลคะแนน *", "analysis", "longtext", 70, True,
               hint="เช่น ได้ค่าคะแนน 95.95 คะแนน ซึ่งสะท้อนให้เห็นว่า ... "
                    "(itadocs draft เขียนร่างให้ได้)",
               example="ได้ค่าคะแนน ๙๕.๙๕ คะแนน ซึ่งสะท้อนให้เห็นว่า ..."),
        Column("responsible", "หน่วยงานรับผิดชอบ *", "responsible", "choice", 26, True,
               "departments", strict=False,
               hint="เลือกจากรายการ หรือพิมพ์หลายฝ่ายคั่นด้วยจุลภาค", example="ทุกฝ่าย"),
        Column("frequency", "การกำกับติดตาม *", "frequency", "choice", 18, True,
               "frequencies", strict=False, example="ทุก ๖ เดือน"),
        Column("category", "ประเภทประเด็น", "category", "choice", 24, False, "categories",
               hint="จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน หรือ ประเด็นที่ต้องพัฒนาให้ดีขึ้น",
               example=CATEGORY_CHOICES[1]),
    ),
    capacity=0,
    fixed="indicators",
)

MEASURES = TableSheet(
    name="มาตรการ",
    key="measures",
    title="มาตรการ/กิจกรรมในการยกระดับ (1 มาตรการต่อ 1 แถว)",
    intro=(
        "เลือกตัวชี้วัด แล้วพิมพ์มาตรการ 1 ข้อต่อ 1 แถว ตามลำดับที่ต้องการ "
        "ไม่ต้องพิมพ์เลขข้อ เอกสารจะใส่เลขให้"
    ),
    columns=(
        Column("indicator", "ตัวชี้วัด *", "indicator", "choice", 30, True, "indicators",
               example="1. การปฏิบัติหน้าที่"),
        Column("text", "มาตรการ/กิจกรรม *", "measure", "longtext", 70, True,
               hint="1 มาตรการต่อ 1 แถว ไม่ต้องพิมพ์เลขข้อ (ขึ้นบรรทัดใหม่ด้วย Alt+Enter)",
               example="กำชับให้เจ้าหน้าที่ปฏิบัติงานให้เป็นไปตามคู่มือการปฏิบัติงานที่กำหนด"),
        Column("period", "ระยะเวลา", "period", "text", 18,
               hint="ไม่บังคับ เช่น ต.ค. 2568 - ก.ย. 2569", example="ต.ค. ๒๕๖๗ - ก.ย. ๒๕๖๘"),
        Column("budget", "งบประมาณ", "budget", "text", 16,
               hint="ไม่บังคับ เช่น ไม่ใช้งบประมาณ หรือ 20,000 บาท", example="ไม่ใช้งบประมาณ"),
        Column("kpi", "ตัวชี้วัดความสำเร็จ", "kpi", "longtext", 30,
               hint="ไม่บังคับ เช่น ร้อยละ 100 ของเจ้าหน้าที่ได้รับทราบ",
               example="ร้อยละ ๑๐๐ ของเจ้าหน้าที่ได้รับทราบแนวทาง"),
        Column("owner", "ผู้รับผิดชอบ", "owner", "text", 22,
               hint="ไม่บังคับ: ผู้รับผิดชอบมาตรการนี้", example="ฝ่ายปกครอง"),
        Column("id", "รหัส (itadocs)", "id", "id", 11,
               hint="itadocs ใส่รหัสให้ ไม่ต้องพิมพ์ ย้ายแถวได้ รหัสติดไปกับมาตรการ "
                    "(มาตรการใหม่: itadocs draft ใส่รหัสและแถวในแผ่นงาน ผลการดำเนินการ ให้)",
               example="M01"),
    ),
    capacity=150,
)


def _member_columns(roles: str, example_role: str) -> tuple[Column, ...]:
    return (
        Column("name", "ชื่อ-สกุล (มีคำนำหน้า)", "name", "text", 34,
               hint="เว้นว่างได้เมื่อระบุเพียงตำแหน่ง เช่น หัวหน้าฝ่ายทะเบียน",
               example="นางสาวสิริรัตน์ ทองผลน้อย"),
        Column("position", "ตำแหน่ง *", "position", "text", 44, True,
               example="นักจัดการงานทั่วไปปฏิบัติการ"),
        Column("department", "ฝ่าย", "department", "choice", 32, False, "departments",
               strict=False, example="ฝ่ายปกครอง"),
        Column("role", "บทบาท *", "role", "choice", 30, True, roles, example=example_role),
    )


COMMITTEE = TableSheet(
    name="คณะกรรมการ",
    key="committee",
    title="๑. คณะกรรมการ (เรียงตามลำดับในคำสั่ง)",
    intro="1 คนต่อ 1 แถว ตามลำดับในคำสั่ง ประธานกรรมการ 1 คน",
    columns=_member_columns("committee_roles", "กรรมการและผู้ช่วยเลขานุการ"),
    capacity=40,
    body="committee",
)

WORKING_GROUP = TableSheet(
    name="คณะทำงาน",
    key="working_group",
    title="๒. คณะทำงาน (เรียงตามลำดับในคำสั่ง)",
    intro="1 คนต่อ 1 แถว ตามลำดับในคำสั่ง ประธานคณะทำงาน 1 คน",
    columns=_member_columns("working_group_roles", "คณะทำงาน"),
    capacity=60,
    body="working_group",
)

DUTIES = TableSheet(
    name="หน้าที่",
    key="duties",
    title="หน้าที่ของคณะกรรมการและคณะทำงาน (1 ข้อต่อ 1 แถว)",
    intro="เลือกคณะ แล้วพิมพ์หน้าที่ 1 ข้อต่อ 1 แถว ไม่ต้องพิมพ์เลขข้อ",
    columns=(
        Column("body", "คณะ *", "body", "choice", 18, True, "bodies", example="คณะทำงาน"),
        Column("text", "หน้าที่ *", "duty", "longtext", 100, True,
               example="สนับสนุน ประชาสัมพันธ์ การดำเนินงานประเมิน ITA ..."),
    ),
    capacity=40,
)

PARAGRAPHS = TableSheet(
    name="เนื้อหา",
    key="paragraphs",
    title="ข้อความหัวข้อ 4, 6, 7 และ 8 ของเอกสารมาตรการ (1 ย่อหน้าต่อ 1 แถว)",
    intro="เลือกหัวข้อ แล้วพิมพ์ย่อหน้า เรียงตามลำดับที่ต้องการ",
    columns=(
        Column("section", "หัวข้อ *", "section", "choice", 40, True, "sections",
               example=SECTION_CHOICES[4]),
        Column("text", "ข้อความ *", "text", "longtext", 100, True,
               example="ผู้อำนวยการเขต... ได้มอบนโยบาย..."),
    ),
    capacity=40,
)

PHOTOS = TableSheet(
    name="ภาพ",
    key="photos",
    title="ภาพประกอบหัวข้อ 4, 6, 7 และ 8 (ไม่บังคับ)",
    intro=(
        "1 ภาพต่อ 1 แถว: วางภาพลงในช่องไฟล์ภาพของแถว (ภาพจะอยู่ในสมุดงาน ส่งต่อได้) "
        "หรือพิมพ์ที่อยู่ไฟล์ภาพ (.jpg/.png) เทียบกับโฟลเดอร์ของสมุดงาน เช่น ภาพ/ประชุม.jpg "
        "พร้อมคำบรรยายภาพ"
    ),
    columns=(
        Column("section", "หัวข้อ *", "section", "choice", 40, True, "photo_sections",
               hint="หัวข้อ 4, 6, 7, 8 ของเอกสารมาตรการ หรือรายงานผลการดำเนินการ รอบ 6/12 เดือน",
               example=SECTION_CHOICES[4]),
        Column("file", "ภาพ (วางภาพ) หรือที่อยู่ไฟล์ภาพ", "file", "text", 36,
               hint="วางภาพลงในช่องนี้ หรือพิมพ์ที่อยู่ไฟล์เทียบกับโฟลเดอร์ของสมุดงาน "
                    "เช่น ภาพ/ประชุม.jpg",
               example="ภาพ/ประชุมชี้แจง.jpg"),
        Column("caption", "คำบรรยายภาพ", "caption", "text", 70,
               example="การประชุมชี้แจงการดำเนินงาน ITA"),
    ),
    capacity=30,
)

PROGRESS = TableSheet(
    name="ผลการดำเนินการ",
    key="progress",
    title="ผลการดำเนินการรายมาตรการ (1 แถวต่อ 1 มาตรการต่อ 1 รอบ)",
    intro=(
        "แถวของแต่ละมาตรการ itadocs สร้างให้ (รหัสตรงกับแผ่นงานมาตรการ) กรอกสถานะ ร้อยละ "
        "ผลการดำเนินการ งบประมาณที่ใช้ วันที่ และลิงก์หลักฐาน ของรอบที่จะรายงาน "
        "แล้วสร้างรายงานในหน้าเว็บ (ตรวจสมุดงาน แล้วกดสร้างรายงานรอบ 6 หรือ 12 เดือน) "
        "หรือสั่ง itadocs progress ชื่อไฟล์.xlsx --round 6 (หรือ 12)"
    ),
    columns=(
        Column("measure_id", "รหัสมาตรการ", "id", "id", 10,
               hint="รหัสของมาตรการในแผ่นงานมาตรการ (itadocs ใส่ให้)", example="M01"),
        Column("round", "รอบ *", "round", "choice", 10, True, "rounds",
               hint="6 เดือน หรือ 12 เดือน", example="6 เดือน"),
        Column("shown_indicator", "ตัวชี้วัด", "indicator shown", "label", 14,
               example="1. การปฏิบัติหน้าที่"),
        Column("shown_measure", "มาตรการ/กิจกรรม (จากแผ่นงานมาตรการ)", "measure shown", "label",
               44, example="กำชับให้เจ้าหน้าที่ปฏิบัติงาน..."),
        Column("status", "สถานะ *", "status", "choice", 20, True, "statuses",
               hint="ดำเนินการแล้ว / อยู่ระหว่างดำเนินการ / ยังไม่ดำเนินการ",
               example=STATUS_DONE),
        Column("percent", "ร้อยละความสำเร็จ *", "percent", "percent", 11, True,
               hint="0-100: ดำเนินการแล้ว = 100, ยังไม่ดำเนินการ = 0", example="100"),
        Column("result", "ผลการดำเนินการ", "result", "longtext", 40,
               hint="สิ่งที่ได้ดำเนินการ ผลผลิต/ผลลัพธ์ (ขึ้นบรรทัดใหม่ด้วย Alt+Enter)",
               example="ประชุมชี้แจงเจ้าหน้าที่ทุกฝ่าย ๓ ครั้ง ผู้เข้าร่วม ๑๒๐ คน"),
        Column("budget_used", "งบประมาณที่ใช้ (บาท)", "budget used", "money", 14,
               hint="ตัวเลข เช่น 3500 หรือ 3,500 (ไม่ใช้งบประมาณ ให้เว้นว่างหรือใส่ 0)",
               example="3,500.00"),
        Column("date_done", "วันที่ดำเนินการ", "date done", "date", 16,
               hint="วันที่ดำเนินการแล้วเสร็จ (หรือล่าสุด) เช่น 15 มีนาคม 2568",
               example="15 มีนาคม 2568"),
        Column("evidence", "หลักฐาน (ลิงก์)", "evidence", "text", 30,
               hint="ที่อยู่เว็บของหลักฐาน เช่น https://webportal.bangkok.go.th/...",
               example="https://webportal.bangkok.go.th/khlongsan"),
    ),
    capacity=0,
    header_within=40,
)

# The progress sheet's form section, above its table: one row per field, a value column
# per round (keys round_6, round_12 in the form's key row).
PROGRESS_FIELDS: tuple[Field, ...] = (
    Field("as_of", "ข้อมูล ณ วันที่", "as of", "date",
          hint="เว้นว่างได้: วันสิ้นรอบ (31 มีนาคม / 30 กันยายน)", example="31 มีนาคม 2568"),
    Field("problems", "ปัญหา อุปสรรค", "problems", "longtext",
          hint="ปัญหาและอุปสรรคในการดำเนินการของรอบนี้", example="งบประมาณได้รับจัดสรรล่าช้า"),
    Field("suggestions", "ข้อเสนอแนะ", "suggestions", "longtext",
          hint="ข้อเสนอแนะเพื่อการดำเนินการต่อไป", example="ควรเริ่มกิจกรรมตั้งแต่ไตรมาสแรก"),
    Field("summary", "สรุปผลการดำเนินการ (เพิ่มเติม)", "summary", "longtext",
          hint="ไม่บังคับ: itadocs นับจำนวนตามสถานะและงบประมาณให้เอง",
          example="มาตรการส่วนใหญ่ดำเนินการตามแผน"),
    Field("memo_department", "บันทึกข้อความ: ส่วนราชการ", "memo department", "text",
          hint="ไม่บังคับ (กรอกเมื่อต้องการบันทึกข้อความนำเรียน) เช่น ฝ่ายปกครอง "
               "สำนักงานเขตคลองสาน โทร. 0 2437 ....",
          example="ฝ่ายปกครอง สำนักงานเขตคลองสาน"),
    Field("memo_number", "บันทึกข้อความ: ที่", "memo number", "text",
          hint="เลขที่หนังสือ เช่น กท 5601/123", example="กท 5601/123"),
    Field("memo_date", "บันทึกข้อความ: วันที่", "memo date", "date",
          hint="เช่น 5 เมษายน 2568", example="5 เมษายน 2568"),
    Field("memo_to", "บันทึกข้อความ: เรียน", "memo to", "text",
          hint="เว้นว่างได้: ผู้อำนวยการเขต", example="ผู้อำนวยการเขตคลองสาน"),
    Field("memo_signer_name", "บันทึกข้อความ: ผู้เสนอ (ชื่อ-สกุล)", "memo signer name", "text",
          hint="ผู้ลงนามในบันทึก เช่น หัวหน้าฝ่ายปกครอง", example="นางสาวตัวอย่าง ใจดี"),
    Field("memo_signer_position", "บันทึกข้อความ: ตำแหน่งผู้เสนอ", "memo signer position",
          "text", example="หัวหน้าฝ่ายปกครอง"),
)
PROGRESS_FORM = FormSheet(
    name=PROGRESS.name,
    key="progress_rounds",
    title="ข้อความของแต่ละรอบ (ส่วนบนของแผ่นงาน: คอลัมน์รอบ 6 เดือน และรอบ 12 เดือน)",
    intro="",
    fields=PROGRESS_FIELDS,
)
PROGRESS_ROUND_KEYS = {6: "round_6", 12: "round_12"}
PROGRESS_FORM_ROW = 3  # the form's header; its key row below it, then the fields
PROGRESS_TABLE_ROW = PROGRESS_FORM_ROW + 3 + len(PROGRESS_FIELDS)  # the table's title row

FORMS: tuple[FormSheet, ...] = (UNIT, ORDER)
TABLES: tuple[TableSheet, ...] = (
    SCORES, ANALYSIS, MEASURES, COMMITTEE, WORKING_GROUP, DUTIES, PARAGRAPHS, PHOTOS,
)
# The tables of free rows (staff add and remove rows), each read into the WorkbookData list
# named by its key.
ROW_TABLES: tuple[TableSheet, ...] = (
    MEASURES, COMMITTEE, WORKING_GROUP, DUTIES, PARAGRAPHS, PHOTOS,
)


def row_tables(data: Any) -> list[tuple[TableSheet, list[Any]]]:
    """Each table of free rows with the rows a ``WorkbookData`` holds for it."""
    return [(table, getattr(data, table.key)) for table in ROW_TABLES]


INSTRUCTIONS_SHEET = "คำอธิบาย"
SHEET_ORDER: tuple[str, ...] = (
    INSTRUCTIONS_SHEET, UNIT.name, SCORES.name, ANALYSIS.name, MEASURES.name, ORDER.name,
    COMMITTEE.name, WORKING_GROUP.name, DUTIES.name, PARAGRAPHS.name, PHOTOS.name,
    PROGRESS.name,
)


@dataclass(frozen=True)
class Lists:
    """The dropdown lists (from ``data/lists.toml``) and helpers on them."""

    districts: tuple[tuple[str, str], ...]
    departments: tuple[str, ...]
    committee_roles: tuple[str, ...]
    working_group_roles: tuple[str, ...]
    frequencies: tuple[str, ...]
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # other English spellings of a district's name seen in documents (Thai name -> spellings)
    district_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def values(self, name: str) -> tuple[str, ...]:
        """Display values of a named list, as the dropdowns offer them."""
        if name == "districts":
            return tuple(d[0] for d in self.districts)
        if name in ("departments", "committee_roles", "working_group_roles", "frequencies"):
            return getattr(self, name)
        return self.extra[name]

    def district_en(self, district: str) -> str:
        for th, en in self.districts:
            if th == district:
                return en
        return ""

    def roles(self, body: str) -> tuple[str, ...]:
        return self.committee_roles if body == "committee" else self.working_group_roles


@cache
def lists() -> Lists:
    text = (resources.files("itadocs") / "data" / "lists.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    fw = framework.load(max(framework.available_years()))
    return Lists(
        districts=tuple((d[0], d[1]) for d in data["districts"]),
        departments=tuple(data["departments"]),
        committee_roles=tuple(data["committee_roles"]),
        working_group_roles=tuple(data["working_group_roles"]),
        frequencies=tuple(data["frequencies"]),
        district_aliases={k: tuple(v) for k, v in data.get("district_aliases", {}).items()},
        extra={
            "digits": tuple(DIGITS_CHOICES),
            "bodies": tuple(BODY_CHOICES),
            "sections": tuple(SECTION_CHOICES.values()),
            "photo_sections": tuple(PHOTO_SECTIONS.values()),
            "statuses": STATUS_CHOICES,
            "rounds": tuple(ROUND_CHOICES),
            "indicators": tuple(f"{i.number}. {i.name}" for i in fw.indicators),
            "frameworks": tuple(str(y) for y in framework.available_years()),
            "categories": CATEGORY_CHOICES,
            "compute": (COMPUTE_FLAG,),
        },
    )
