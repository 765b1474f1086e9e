"""Regenerate the default Word templates in ``itadocs/templates/`` from code.

    python tools/make_templates.py

The templates are ordinary .docx files that a district may restyle in Word or LibreOffice;
this script is how the project writes its defaults so that every tag sits in one run
(Word splits runs when a tag is typed by hand). Tags are documented in
itadocs/templates/README.md.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from itadocs.documents import captions, ooxml
from itadocs.documents.render import to_bytes
from itadocs.documents.templateset import MEASURES, ORDER, PROGRESS, PROGRESS_MEMO

ROOT = Path(__file__).resolve().parents[1]
FONT = "TH Sarabun New"
SIZE = 16
INDENT = Cm(2.5)  # first-line indent of body paragraphs, as in official documents
LINE_PT = 21.3  # one line of TH Sarabun New 16 pt


# --------------------------------------------------------------------------- styles


def _fonts(rpr, size: float | None = SIZE, bold: bool | None = None) -> None:
    """Set the font for every script slot (Word takes Thai from w:cs) and both sizes."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        # a theme font would override the explicit names (headings use theme fonts)
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:b", "w:bCs"):
        if bold is None:
            ooxml.remove(rpr, tag)
        else:
            ooxml.put(rpr, tag, {} if bold else {"w:val": "0"})
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            ooxml.put(rpr, tag, {"w:val": str(int(size * 2))})
    ooxml.remove(rpr, "w:color")
    lang = rpr.find(qn("w:lang"))
    east_asia = lang.get(qn("w:eastAsia")) if lang is not None else None
    # Latin text is English (a Latin "th-TH" makes LibreOffice break "(ITA)" as "(I|TA)"),
    # complex-script text Thai.
    ooxml.put(rpr, "w:lang", {"w:val": "en-US", **({"w:eastAsia": east_asia} if east_asia else {}),
                              "w:bidi": "th-TH"})


def _bold(run) -> None:
    """Bold for every script: Word takes Thai text's bold from w:bCs, Latin from w:b."""
    rpr = run._r.get_or_add_rPr()
    ooxml.put(rpr, "w:b")
    ooxml.put(rpr, "w:bCs")


def _style(doc, name: str, *, base: str = "Normal", size: float = SIZE, bold: bool = False,
           align=None, first_indent=None, left_indent=None, hanging=None, before: float = 0,
           after: float = 0, keep_next: bool = False, kind=WD_STYLE_TYPE.PARAGRAPH):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if name != "Normal":
        style.base_style = styles[base]
    style.quick_style = True
    _fonts(style.element.get_or_add_rPr(), size, bold)
    pf = style.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.0
    if align is not None:
        pf.alignment = align
    if first_indent is not None:
        pf.first_line_indent = first_indent
    if left_indent is not None:
        pf.left_indent = left_indent
    if hanging is not None:
        pf.left_indent = hanging[0]
        pf.first_line_indent = -hanging[1]
    pf.keep_with_next = keep_next
    pf.widow_control = True
    return style


def _setup_styles(doc) -> None:
    # Document defaults, so text outside any style is TH Sarabun New 16 too.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    _fonts(rpr_default.find(qn("w:rPr")), SIZE)
    _style(doc, "Normal")
    for name in ("Heading 1", "Heading 2"):
        style = _style(doc, name, bold=True, before=12 if name == "Heading 1" else 6,
                       after=6 if name == "Heading 1" else 3, keep_next=True)
        for tag in ("w:i", "w:iCs"):  # upright in every script
            ooxml.put(style.element.get_or_add_rPr(), tag, {"w:val": "0"})
    title = _style(doc, "Title", bold=True, size=20, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    border = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:  # the default Title's blue rule is not in official documents
        border.getparent().remove(border)
    _style(doc, "ITA Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=INDENT)
    _style(doc, "ITA Item", align=WD_ALIGN_PARAGRAPH.JUSTIFY, hanging=(Cm(1.25), Cm(0.75)))
    _style(doc, "ITA Caption", bold=True, before=6, after=3, keep_next=True)
    _style(doc, "ITA Figure", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True, before=3)
    _style(doc, "ITA Figure Caption", align=WD_ALIGN_PARAGRAPH.CENTER, size=14, after=6)
    _style(doc, "ITA Note", size=14, before=3, after=6)
    _style(doc, "ITA Table Text")
    _style(doc, "ITA Table Strong", bold=True)
    _style(doc, "ITA Table Item", hanging=(Cm(0.6), Cm(0.6)))
    _style(doc, "ITA Table Number", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _style(doc, "ITA Table Center", align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "ITA Table Header", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "ITA Table Band", bold=True, keep_next=True)
    _style(doc, "ITA Table Gap", size=6)
    _style(doc, "ITA Header", align=WD_ALIGN_PARAGRAPH.CENTER)
    number = _style(doc, "ITA Page Number", base="ITA Header", align=WD_ALIGN_PARAGRAPH.CENTER)
    # The page number field is digits only: tagged Thai, LibreOffice prints them in Thai.
    ooxml.put(number.element.get_or_add_rPr(), "w:lang", {"w:val": "th-TH", "w:bidi": "th-TH"})
    # The order (คำสั่ง)
    _style(doc, "ITA Order Heading", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    _style(doc, "ITA Order Rule", align=WD_ALIGN_PARAGRAPH.CENTER, after=6, keep_next=True)
    _style(doc, "ITA Order Body", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=INDENT,
           before=6)
    _style(doc, "ITA Order Body Heading", first_indent=INDENT, before=6, keep_next=True)
    _style(doc, "ITA Order Member", hanging=(Cm(3.5), Cm(1.0)))
    _style(doc, "ITA Order Member Detail", left_indent=Cm(3.5))
    _style(doc, "ITA Order Duty", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=INDENT)
    # The closing lines, date and signature stay together on one page.
    _style(doc, "ITA Order Closing", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=INDENT,
           before=6, keep_next=True)
    _style(doc, "ITA Order Date", left_indent=Cm(6.5), before=12, keep_next=True)
    # One paragraph (name, line break, position) with room to sign above it: a chain of
    # empty paragraphs is not kept with the date by every word processor.
    signature = _style(doc, "ITA Order Signature", align=WD_ALIGN_PARAGRAPH.CENTER,
                       left_indent=Cm(6.5), before=54)
    signature.paragraph_format.keep_together = True
    member = doc.styles["ITA Order Member"].paragraph_format
    member.tab_stops.add_tab_stop(Cm(3.5))
    member.tab_stops.add_tab_stop(Cm(11.0))
    detail = doc.styles["ITA Order Member Detail"].paragraph_format
    detail.right_indent = Cm(5.3)


def _page(section, landscape: bool = False) -> None:
    """A4, left 3 cm (binding), right 2 cm, as official documents are laid out."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    )
    section.left_margin = Cm(3.0)
    section.right_margin = Cm(2.0)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.0)
    section.header_distance = Cm(1.2)
    section.footer_distance = Cm(1.0)


def _page_number_header(section, before_cm: float = 0.0, after_lines: int = 0) -> None:
    """"- ๒ -" centred at the top of every page but the first (a distinct first page),
    ``before_cm`` below the header's top and ``after_lines`` blank lines above the text."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = "ITA Page Number"
    p.paragraph_format.space_before = Cm(before_cm)
    p.paragraph_format.space_after = Pt(after_lines * LINE_PT)
    # "- ๒ -" with single spaces; no-break ones, so the three stay together and text
    # extraction (PDF search, screen readers) keeps them.
    p.add_run("- ")
    p._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
    ))
    p.add_run(" -")
    first = section.first_page_header
    first.is_linked_to_previous = False
    # The first-page header exists but stays empty: no number on page 1.
    ooxml.put(section._sectPr, "w:pgNumType", {"w:fmt": "thaiNumbers"})


def _para(doc_or_cell, text: str = "", style: str | None = None, bold: bool = False):
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold:
            _bold(run)
    return p


def _tag(doc_or_cell, tag: str):
    """A paragraph holding only a {%p ... %} tag (docxtpl removes the paragraph itself)."""
    return _para(doc_or_cell, tag)


# --------------------------------------------------------------------------- tables


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders>"
    )
    ooxml.put_element(tbl_pr, borders)


def _caption(table, name: str) -> None:
    """Alt-text title that lets the renderer find this table after Word edits."""
    ooxml.put(table._tbl.tblPr, "w:tblCaption", {"w:val": name})


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False  # w:tblLayout w:type="fixed"
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


def _header_row(row, fill: str = "E7E6E6") -> None:
    """Repeat this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    ooxml.put(tr_pr, "w:cantSplit")
    ooxml.put(tr_pr, "w:tblHeader")
    for cell in row.cells:  # a merged cell is listed once per column it spans
        ooxml.put(cell._tc.get_or_add_tcPr(), "w:shd",
                  {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def _cell(cell, text: str, style: str, bold: bool = False,
          valign: WD_CELL_VERTICAL_ALIGNMENT = WD_CELL_VERTICAL_ALIGNMENT.TOP) -> None:
    p = cell.paragraphs[0]
    p.style = style
    if text:
        run = p.add_run(text)
        if bold:
            _bold(run)
    cell.vertical_alignment = valign


def _table(doc, rows: int, widths: list[float], caption: str):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    _widths(table, widths)
    _caption(table, caption)
    return table


def _keep_together(table) -> None:
    """A short table stays on one page: rows never split, each row kept with the next."""
    for i, row in enumerate(table.rows):
        ooxml.put(row._tr.get_or_add_trPr(), "w:cantSplit")
        if i == len(table.rows) - 1:
            continue
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _heads(table, heads: list[str]) -> None:
    """The header row: bold, centred, shaded, repeated on every page the table runs onto."""
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        _cell(cell, text, "ITA Table Header", valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _header_row(table.rows[0])


def _loop_rows(table, first: int, tag_open: str, cells: list[tuple[str, str]]) -> None:
    """Rows ``first`` .. ``first+2``: {%tr for %}, the repeated row, {%tr endfor %}."""
    table.rows[first].cells[0].paragraphs[0].add_run(tag_open)
    for cell, (text, style) in zip(table.rows[first + 1].cells, cells, strict=True):
        _cell(cell, text, style)
    table.rows[first + 2].cells[0].paragraphs[0].add_run("{%tr endfor %}")


# --------------------------------------------------------------------------- the order


def order_body(doc) -> None:
    """The order's text; the same code writes it for the standalone order template."""
    _para(doc, "คำสั่ง{{ order.issuer }}", "ITA Order Heading")
    _para(doc, "ที่ {{ order.number }}/{{ order.year }}", "ITA Order Heading")
    _para(doc, "เรื่อง {{ order.subject }}", "ITA Order Heading")
    _para(doc, "", "ITA Order Rule")
    _rule(doc.paragraphs[-1])
    _para(doc, "{{ order.preamble }}", "ITA Order Body")
    _para(doc, "{{ order.authority }}", "ITA Order Body")
    for body, heading, duties_intro in (
        ("committee", "๑. คณะกรรมการ", "โดยให้คณะกรรมการมีหน้าที่"),
        ("working_group", "๒. คณะทำงาน", "โดยให้คณะทำงานมีหน้าที่"),
    ):
        _para(doc, heading, "ITA Order Body Heading")
        _tag(doc, f"{{%p for m in order.{body} %}}")
        p = _para(doc, "", "ITA Order Member")
        p.add_run("({{ m.no }})\t{{ m.first_line }}\t{{ m.role }}")
        _tag(doc, "{%p if m.detail %}")
        _para(doc, "{{ m.detail }}", "ITA Order Member Detail")
        _tag(doc, "{%p endif %}")
        _tag(doc, "{%p endfor %}")
        duties = f"order.{body}_duties"
        _tag(doc, f"{{%p if {duties}|length == 1 %}}")
        _para(doc, f"{duties_intro} {{{{ {duties}[0] }}}}", "ITA Order Duty")
        _tag(doc, f"{{%p elif {duties} %}}")
        _para(doc, f"{duties_intro} ดังนี้", "ITA Order Duty")
        _tag(doc, f"{{%p for d in {duties} %}}")
        _para(doc, "{{ loop.index }}. {{ d }}", "ITA Order Duty")
        _tag(doc, "{%p endfor %}")
        _tag(doc, "{%p endif %}")
    _para(doc, "ทั้งนี้ ตั้งแต่วันที่ {{ order.effective_date_be }} เป็นต้นไป", "ITA Order Closing")
    # {{ order.date }} for "๕ กุมภาพันธ์ ๒๕๖๘", {{ order.date_be }} with พ.ศ. as Bangkok writes it
    _para(doc, "สั่ง ณ วันที่ {{ order.date_be }}", "ITA Order Date")
    p = _para(doc, "({{ order.signer_name }})", "ITA Order Signature")
    p.add_run().add_break()
    p.add_run("{{ order.signer_position }}")


def _rule(p) -> None:
    """The short rule under the order's subject, as the official format has."""
    p.paragraph_format.left_indent = Cm(5.5)
    p.paragraph_format.right_indent = Cm(5.5)
    ooxml.put_element(p._p.get_or_add_pPr(), parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="000000"/></w:pBdr>'
    ))


def _garuda_frame(section) -> None:
    """First-page header: where the Garuda goes. The renderer puts the district's image here
    (garuda.png in the district's template folder); without one, this marked empty 3 cm
    frame stays."""
    header = section.first_page_header
    header.is_linked_to_previous = False
    table = header.add_table(rows=1, cols=1, width=Cm(3.0))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _caption(table, captions.GARUDA)
    ooxml.put_element(table._tbl.tblPr, parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(
            f'<w:{side} w:val="dashed" w:sz="4" w:space="0" w:color="808080"/>'
            for side in ("top", "left", "bottom", "right")
        )
        + "</w:tblBorders>"
    ))
    _widths(table, [3.0])
    row = table.rows[0]
    row.height = Cm(3.0)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    cell = row.cells[0]
    p = cell.paragraphs[0]
    p.style = "ITA Header"
    run = p.add_run("ตราครุฑ ๓ ซม.")
    run.font.size = Pt(10)
    p2 = cell.add_paragraph(style="ITA Header")
    run = p2.add_run("(garuda.png ในโฟลเดอร์แม่แบบ)")
    run.font.size = Pt(8)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    header.paragraphs[0].style = "ITA Header"


def make_order(path: Path) -> None:
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _page(section)
    section.top_margin = Cm(1.5)
    section.header_distance = Cm(1.0)  # the Garuda's place on the first page
    # Pages 2 onward: the number about 1.5 cm from the top, a blank line, then the text.
    _page_number_header(section, before_cm=0.5, after_lines=1)
    _garuda_frame(section)
    order_body(doc)
    _save(doc, path, "คำสั่งแต่งตั้งคณะกรรมการและคณะทำงาน ITA (แม่แบบ itadocs)")


# --------------------------------------------------------------------------- measures


# Landscape: 24.7 cm between the margins; the responsible unit's column holds the longest
# piece of a department's name ("ฝ่ายรักษาความสะอาด" | "และสวนสาธารณะ").
ANALYSIS_WIDTHS = [7.0, 10.9, 4.2, 2.6]


def _analysis_tables(doc) -> None:
    """Section 5: one table per indicator. Its first two rows, the column titles and the
    indicator's name, are repeated on every page the indicator runs onto, so a continued
    row is never anonymous. A small paragraph between the tables keeps Word from joining
    them into one."""
    _tag(doc, "{%p for row in analyses %}")
    table = _table(doc, 3, ANALYSIS_WIDTHS, captions.ANALYSIS)
    _heads(table, ["การวิเคราะห์ผลคะแนน",
                   "มาตรการ/กิจกรรม ในการเตรียมความพร้อมรับการประเมิน\nในประเด็นที่ต้อง"
                   "ปรับปรุง/ยกระดับการพัฒนา", "หน่วยงาน\nรับผิดชอบ", "การกำกับ\nติดตาม"])
    band = table.rows[1].cells
    _cell(band[0], "ตัวชี้วัดที่ {{ row.number }} {{ row.name }}", "ITA Table Band")
    band[0].merge(band[-1])
    _header_row(table.rows[1], fill="F2F2F2")
    for cell, (text, style) in zip(table.rows[2].cells, [
        ("{%p if row.category %}", "ITA Table Text"),
        ("{{ row.measures }}", "ITA Table Item"),
        ("{{ row.responsible }}", "ITA Table Center"),
        ("{{ row.frequency }}", "ITA Table Center"),
    ], strict=True):
        _cell(cell, text, style)
    # The analysis cell: the category (what the OIT asks the analysis to separate) in bold
    # above the analysis, when it is given.
    cell = table.rows[2].cells[0]
    _para(cell, "{{ row.category }}", "ITA Table Strong")
    _para(cell, "{%p endif %}", "ITA Table Text")
    _para(cell, "{{ row.analysis }}", "ITA Table Text")
    _para(doc, "", "ITA Table Gap")
    _tag(doc, "{%p endfor %}")


def _section(doc, heading: str, section: str) -> None:
    """A section of staff texts and photos; left out, heading too, when it has none."""
    _tag(doc, f"{{%p if {section}.present %}}")
    _para(doc, heading, "Heading 1")
    _photos(doc, section)
    _tag(doc, "{%p endif %}")


def _photos(doc, section: str) -> None:
    _tag(doc, f"{{%p for text in {section}.paragraphs %}}")
    _para(doc, "{{ text }}", "ITA Body")
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p for photo in {section}.photos %}}")
    _para(doc, "{{ photo.image }}", "ITA Figure")
    _para(doc, "{{ photo.caption }}", "ITA Figure Caption")
    _tag(doc, "{%p endfor %}")


def _importance(doc) -> None:
    """Section 1: why ITA matters, the tools and their indicators."""
    # ๑. ความสำคัญของ ITA
    _para(doc, "๑. ความสำคัญของ ITA", "Heading 1")
    for text in INTRO:
        _para(doc, text, "ITA Body")
    _tag(doc, "{%p for tool in tools %}")
    _para(doc, "{{ loop.index }}) {{ tool.purpose }}", "ITA Body")
    _tag(doc, "{%p endfor %}")
    _para(doc, OPEN_DATA, "ITA Body")
    _tag(doc, "{%p for tool in tools %}")
    p = _para(doc, "", "ITA Body")
    _bold(p.add_run("เครื่องมือที่ {{ loop.index }} "))
    p.add_run("{{ tool.description }}")
    _tag(doc, "{%p for ind in tool.indicators %}")
    p = _para(doc, "", "ITA Item")
    p.add_run("•\t")
    _bold(p.add_run("ตัวชี้วัดที่ {{ ind.number }} {{ ind.name }} ({{ ind.name_en }})"))
    p.add_run(" {{ ind.description }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")


def _levels(doc) -> None:
    """The levels table of the framework, under section 1."""
    _para(doc, "ผลคะแนนและระดับผลการประเมิน", "Heading 2")
    intro = _para(doc, "ผลการประเมินจะประกอบด้วย ค่าคะแนน โดยมีคะแนนเต็ม ๑๐๐ คะแนน และระดับผลการ"
                       "ประเมิน โดยจำแนกออกเป็น {{ levels|length }} ระดับ ดังนี้", "ITA Body")
    intro.paragraph_format.keep_with_next = True  # never cut from its table
    table = _table(doc, 5, [3.6, 4.0, 8.4], captions.LEVELS)
    head = table.rows[0].cells
    _cell(head[0], "ระดับ", "ITA Table Header", valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
    _cell(head[1], "เงื่อนไข", "ITA Table Header")
    head[1].merge(head[2])
    sub = table.rows[1].cells
    _cell(sub[1], "คะแนน ITA", "ITA Table Header")
    _cell(sub[2], "คะแนนรายเครื่องมือ", "ITA Table Header")
    table.cell(0, 0).merge(table.cell(1, 0))
    _header_row(table.rows[0])
    _header_row(table.rows[1])
    _loop_rows(table, 2, "{%tr for level in levels %}", [
        ("{{ level.name }}", "ITA Table Text"),
        ("{{ level.range_text }}", "ITA Table Center"),
        ("{{ level.condition_text }}", "ITA Table Text"),
    ])
    _keep_together(table)


def _results(doc) -> None:
    """Section 2's text and Table 1 (tool cells merged when rendered)."""
    # ๒. ผลการประเมิน (follows on: a forced page break left most of a page blank)
    _para(doc, "๒. ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{{ office }} "
               "กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. {{ assessed_year }}", "Heading 1")
    _para(doc, "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity "
               "and Transparency Assessment: ITA) ของ{{ office }} กรุงเทพมหานคร ประจำปี"
               "งบประมาณ พ.ศ. {{ assessed_year }} ได้คะแนนรวม {{ total }} คะแนน อยู่ในระดับ"
               " \u201c{{ level }}\u201d {{ comparison }}", "ITA Body")
    _para(doc, "๒.๑ การแสดงค่าคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
               "{{ office }} กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. {{ assessed_year }}", "Heading 2")
    _para(doc, "ตารางที่ ๑ : ค่าคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
               "{{ office }} กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. {{ assessed_year }} "
               "ในภาพรวมจำแนกตามตัวชี้วัด", "ITA Caption")
    table = _table(doc, 6, [6.4, 2.1, 2.5, 2.4, 2.6], captions.TABLE1)
    # Header cells break where a clerk would; each line fits its column.
    _heads(table, ["ตัวชี้วัด", "น้ำหนัก\n(ร้อยละ)", "คะแนนเฉลี่ย\nตัวชี้วัด", "คะแนนที่ได้\n(๑๐๐)",
                   "คะแนน\nถ่วงน้ำหนัก"])
    _loop_rows(table, 1, "{%tr for row in table1 %}", [
        ("ตัวชี้วัดที่ {{ row.number }}. {{ row.name }}", "ITA Table Text"),
        ("{{ row.weight }}", "ITA Table Number"),
        ("{{ row.score }}", "ITA Table Number"),
        ("{{ row.tool_score }}", "ITA Table Number"),
        ("{{ row.weighted }}", "ITA Table Number"),
    ])
    total = table.rows[4].cells
    _cell(total[0], "คะแนนรวม ITA", "ITA Table Number", bold=True)
    total[0].merge(total[3])
    _cell(total[4], "{{ total }}", "ITA Table Number", bold=True)
    level = table.rows[5].cells
    _cell(level[0], "ระดับผลการประเมิน", "ITA Table Number", bold=True)
    level[0].merge(level[3])
    _cell(level[4], "{{ level }}", "ITA Table Center", bold=True)
    _keep_together(table)
    # Tool scores computed by itadocs (not NACC's) are marked * and explained here.
    _tag(doc, "{%p if scores_note %}")
    _para(doc, "{{ scores_note }}", "ITA Note")
    _tag(doc, "{%p endif %}")


def _chart_and_table2(doc) -> None:
    """The radar chart and Table 2, ending section 2."""
    _para(doc, "แผนภาพที่ ๑ : กราฟใยแมงมุมแสดงค่าคะแนนการประเมินคุณธรรมและความโปร่งใสใน"
               "การดำเนินงานของ{{ office }} กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. "
               "{{ assessed_year }}", "ITA Caption")
    _para(doc, "{{ chart }}", "ITA Figure")

    _para(doc, "ตารางที่ ๒ : แสดงค่าคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
               "{{ office }} กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. {{ assessed_year }} "
               "จำแนกตามตัวชี้วัด", "ITA Caption")
    table = _table(doc, 4, [3.0, 8.0, 5.0], captions.TABLE2)
    _heads(table, ["ลำดับ", "ตัวชี้วัด", "ค่าคะแนนที่ได้"])
    _loop_rows(table, 1, "{%tr for row in table2 %}", [
        ("ตัวชี้วัดที่ {{ row.number }}", "ITA Table Center"),
        ("{{ row.name }}", "ITA Table Text"),
        ("{{ row.score }}", "ITA Table Number"),
    ])
    _keep_together(table)


def make_measures(path: Path) -> None:
    doc = Document()
    _setup_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(section)

    _para(doc, "มาตรการยกระดับคุณธรรมและความโปร่งใสของ{{ office }} กรุงเทพมหานคร", "Title")
    doc.paragraphs[-1].add_run("\nประจำปีงบประมาณ พ.ศ. {{ fiscal_year }}")

    _importance(doc)
    _levels(doc)
    _results(doc)
    _chart_and_table2(doc)

    # ๓. คำสั่ง
    _para(doc, "๓. คำสั่งแต่งตั้งคณะกรรมการและคณะทำงานขับเคลื่อน ITA ของสำนักงานเขต",
          "Heading 1")
    _para(doc, "{{ office }} มีคำสั่งที่ {{ order.number }}/{{ order.year }} ลงวันที่ "
               "{{ order.date }} เรื่อง {{ order.subject }} {{ order.purpose }}", "ITA Body")
    _para(doc, "{{ order_text }}", "ITA Body")

    # ๔. การประชุมชี้แจง
    _section(doc, "๔. การจัดประชุมชี้แจงการดำเนินงานการประเมินคุณธรรมและความโปร่งใสในการ"
                  "ดำเนินงานของหน่วยงานภาครัฐ (Integrity & Transparency Assessment: ITA) ของ"
                  "{{ office }}", "section4")

    # ๕. การวิเคราะห์ (landscape: five columns of long Thai text)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False  # numbered from its first page
    _para(doc, "๕. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
               "{{ office }} กรุงเทพมหานคร ในปี พ.ศ. {{ assessed_year }}", "Heading 1")
    _para(doc, "ประเด็นที่ต้องปรับปรุง/ยกระดับการพัฒนา", "Heading 2")
    _analysis_tables(doc)

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    section.different_first_page_header_footer = False
    _section(doc, "๖. มาตรการ/กิจกรรมในการสื่อสารสร้างการรับรู้ต่อผู้มีส่วนได้ส่วนเสียภายใน "
                  "และผู้มีส่วนได้ส่วนเสียภายนอก", "section6")
    _section(doc, "๗. กิจกรรมสื่อสารภาพลักษณ์การให้บริการของ{{ office }}", "section7")
    _section(doc, "๘. มาตรการส่งเสริม สนับสนุน และประชาสัมพันธ์ศูนย์รับคำขออนุญาตของ"
                  "กรุงเทพมหานคร (Bangkok Metropolitan Administration One Stop Service – "
                  "BMA OSS)", "section8")
    _save(doc, path, "มาตรการยกระดับคุณธรรมและความโปร่งใส (แม่แบบ itadocs)")


# --------------------------------------------------------------------------- progress report


def _progress_styles(doc) -> None:
    """The progress report's and the memo's own styles (the measures' and the order's
    templates stay as they are)."""
    _style(doc, "ITA Table Small", size=14)
    _style(doc, "ITA Table Link", size=12)
    _style(doc, "ITA Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _style(doc, "ITA Memo Title", bold=True, size=29, align=WD_ALIGN_PARAGRAPH.CENTER)
    memo = _style(doc, "ITA Memo Field", before=3)
    memo.paragraph_format.tab_stops.add_tab_stop(Cm(8.0))
    _style(doc, "ITA Memo Approval", align=WD_ALIGN_PARAGRAPH.CENTER, left_indent=Cm(6.5),
           before=24, keep_next=True)


# Landscape: 24.7 cm between the margins, as section 5 of the measures.
PROGRESS_WIDTHS = [1.0, 8.0, 2.6, 9.5, 3.6]


def _progress_intro(doc) -> None:
    """The title, sections 1 (background) and 2 (the last assessment)."""
    _para(doc, "{{ title }}", "Title")
    doc.paragraphs[-1].add_run("\nประจำปีงบประมาณ พ.ศ. {{ fiscal_year }} ({{ round_text }})")
    _para(doc, "ข้อมูล ณ วันที่ {{ as_of }}", "ITA Subtitle")
    _para(doc, "๑. ความเป็นมา", "Heading 1")
    _para(doc, "{{ office }} กรุงเทพมหานคร ได้จัดทำมาตรการยกระดับคุณธรรมและความโปร่งใสของ"
               "{{ office }} ประจำปีงบประมาณ พ.ศ. {{ fiscal_year }} จากผลการประเมินคุณธรรมและ"
               "ความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. "
               "{{ assessed_year }} และมีคำสั่ง{{ office }} ที่ {{ order.number }}/{{ order.year }} "
               "ลงวันที่ {{ order.date }} เรื่อง {{ order.subject }} เพื่อกำกับ ติดตาม และ"
               "ขับเคลื่อนการดำเนินการตามมาตรการ", "ITA Body")
    _para(doc, "รายงานฉบับนี้เป็นผลการดำเนินการตามมาตรการ{{ round_text }} ตั้งแต่วันที่ "
               "{{ period_start }} ถึงวันที่ {{ as_of }} จำนวน {{ summary.count }} มาตรการ "
               "เพื่อเผยแพร่ต่อสาธารณะบนเว็บไซต์ของ{{ office }} {{ oit_sentence }}", "ITA Body")
    _para(doc, "๒. ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {{ assessed_year }}", "Heading 1")
    intro = _para(doc, "{{ office }} ได้คะแนนรวม {{ total }} คะแนน อยู่ในระดับ \u201c{{ level }}"
                       "\u201d จำแนกตามเครื่องมือการประเมิน ดังนี้", "ITA Body")
    intro.paragraph_format.keep_with_next = True
    table = _table(doc, 5, [8.0, 2.6, 2.8, 2.6], captions.PROGRESS_SCORES)
    _heads(table, ["เครื่องมือการประเมิน", "น้ำหนัก\n(ร้อยละ)", "คะแนนที่ได้", "คะแนน\nถ่วงน้ำหนัก"])
    _loop_rows(table, 1, "{%tr for tool in tools %}", [
        ("{{ tool.code }} {{ tool.name }}", "ITA Table Text"),
        ("{{ tool.weight }}", "ITA Table Number"),
        ("{{ tool.score }}", "ITA Table Number"),
        ("{{ tool.weighted }}", "ITA Table Number"),
    ])
    total = table.rows[4].cells
    _cell(total[0], "คะแนนรวม ITA ({{ level }})", "ITA Table Number", bold=True)
    total[0].merge(total[2])
    _cell(total[3], "{{ total }}", "ITA Table Number", bold=True)
    _keep_together(table)


def _progress_tables(doc) -> None:
    """Section 3: one table per indicator, its column titles and name repeated on every
    page it runs onto, a row per measure."""
    _para(doc, "๓. ผลการดำเนินการตามมาตรการ{{ round_text }}", "Heading 1")
    _tag(doc, "{%p for ind in indicators %}")
    table = _table(doc, 5, PROGRESS_WIDTHS, captions.PROGRESS)
    _heads(table, ["ที่", "มาตรการ/กิจกรรม", "งบประมาณ\n(บาท)", "ผลการดำเนินการ",
                   "สถานะ\n(ร้อยละ)"])
    band = table.rows[1].cells
    _cell(band[0], "ตัวชี้วัดที่ {{ ind.number }} {{ ind.name }}", "ITA Table Band")
    band[0].merge(band[-1])
    _header_row(table.rows[1], fill="F2F2F2")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for m in ind.measures %}")
    cells = table.rows[3].cells
    _cell(cells[0], "{{ m.no }}", "ITA Table Center")
    _cell(cells[1], "{{ m.text }}", "ITA Table Text")
    _para(cells[1], "{%p if m.details %}", "ITA Table Text")
    _para(cells[1], "{{ m.details }}", "ITA Table Small")
    _para(cells[1], "{%p endif %}", "ITA Table Text")
    _cell(cells[2], "ตั้งไว้ {{ m.budget_set }}", "ITA Table Small")
    _para(cells[2], "ใช้จริง {{ m.budget_used }}", "ITA Table Small")
    _cell(cells[3], "{{ m.result }}", "ITA Table Text")
    _para(cells[3], "{%p if m.date_done %}", "ITA Table Text")
    _para(cells[3], "วันที่ {{ m.date_done }}", "ITA Table Small")
    _para(cells[3], "{%p endif %}", "ITA Table Text")
    _para(cells[3], "{%p if m.evidence %}", "ITA Table Text")
    _para(cells[3], "หลักฐาน: {{ m.evidence }}", "ITA Table Link")
    _para(cells[3], "{%p endif %}", "ITA Table Text")
    _cell(cells[4], "{{ m.status }}", "ITA Table Center")
    _para(cells[4], "(ร้อยละ {{ m.percent }})", "ITA Table Center")
    ooxml.put(table.rows[3]._tr.get_or_add_trPr(), "w:cantSplit")
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _para(doc, "", "ITA Table Gap")
    _tag(doc, "{%p endfor %}")


def _progress_summary(doc) -> None:
    """Sections 4 to 7: the summary, problems, suggestions and photos."""
    _para(doc, "๔. สรุปผลการดำเนินการ", "Heading 1")
    _tag(doc, "{%p for text in summary.texts %}")
    _para(doc, "{{ text }}", "ITA Body")
    _tag(doc, "{%p endfor %}")
    intro = _para(doc, "{{ summary.sentence }}", "ITA Body")
    intro.paragraph_format.keep_with_next = True
    table = _table(doc, 5, [7.0, 3.5, 3.5], captions.PROGRESS_SUMMARY)
    _heads(table, ["สถานะ", "จำนวน (มาตรการ)", "ร้อยละ"])
    _loop_rows(table, 1, "{%tr for s in summary.statuses %}", [
        ("{{ s.name }}", "ITA Table Text"),
        ("{{ s.count }}", "ITA Table Center"),
        ("{{ s.share }}", "ITA Table Center"),
    ])
    total = table.rows[4].cells
    _cell(total[0], "รวม", "ITA Table Text", bold=True)
    _cell(total[1], "{{ summary.count }}", "ITA Table Center", bold=True)
    _cell(total[2], "100.00", "ITA Table Center", bold=True)
    _keep_together(table)
    _para(doc, "", "ITA Table Gap")
    _para(doc, "{{ summary.budget }}", "ITA Body")
    _tag(doc, "{%p if summary.pending %}")
    _para(doc, "มาตรการที่ยังไม่แล้วเสร็จ ซึ่งจะติดตามต่อไป ได้แก่", "ITA Body")
    _tag(doc, "{%p for m in summary.pending %}")
    p = _para(doc, "", "ITA Item")
    p.add_run("•\t{{ m.text }} ({{ m.status }} ร้อยละ {{ m.percent }})")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    for heading, key in (("๕. ปัญหา อุปสรรค", "problems"), ("๖. ข้อเสนอแนะ", "suggestions")):
        _para(doc, heading, "Heading 1")
        _tag(doc, f"{{%p for text in {key} %}}")
        _para(doc, "{{ text }}", "ITA Body")
        _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if photos %}")
    _para(doc, "๗. ภาพประกอบการดำเนินการ", "Heading 1")
    _tag(doc, "{%p for photo in photos %}")
    _para(doc, "{{ photo.image }}", "ITA Figure")
    _para(doc, "{{ photo.caption }}", "ITA Figure Caption")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def make_progress(path: Path) -> None:
    doc = Document()
    _setup_styles(doc)
    _progress_styles(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(section)
    _progress_intro(doc)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False
    _progress_tables(doc)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section)
    section.different_first_page_header_footer = False
    _progress_summary(doc)
    _save(doc, path, "รายงานผลการดำเนินการตามมาตรการ (แม่แบบ itadocs)")


def _memo_head(doc) -> None:
    """The Garuda's cell and "บันทึกข้อความ", then ส่วนราชการ, ที่ / วันที่, เรื่อง."""
    table = doc.add_table(rows=1, cols=2)
    _caption(table, captions.MEMO_GARUDA)
    _widths(table, [3.0, 13.0])
    row = table.rows[0]
    row.height = Cm(1.6)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _cell(row.cells[0], "", "ITA Memo Field", valign=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM)
    _cell(row.cells[1], "บันทึกข้อความ", "ITA Memo Title",
          valign=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM)
    p = _para(doc, "", "ITA Memo Field")
    _bold(p.add_run("ส่วนราชการ"))
    p.add_run("  {{ memo.department }}")
    p = _para(doc, "", "ITA Memo Field")
    _bold(p.add_run("ที่"))
    p.add_run("  {{ memo.number }}\t")
    _bold(p.add_run("วันที่"))
    p.add_run("  {{ memo.date }}")
    p = _para(doc, "", "ITA Memo Field")
    _bold(p.add_run("เรื่อง"))
    p.add_run("  {{ memo.subject }}")
    _para(doc, "", "ITA Order Rule")
    rule = doc.paragraphs[-1]
    ooxml.put_element(rule._p.get_or_add_pPr(), parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="000000"/></w:pBdr>'))
    _para(doc, "เรียน  {{ memo.to }}", "ITA Memo Field")


def make_memo(path: Path) -> None:
    """The cover memo (บันทึกข้อความ) by which the director acknowledges the report and
    allows it on the website."""
    doc = Document()
    _setup_styles(doc)
    _progress_styles(doc)
    section = doc.sections[0]
    _page(section)
    section.top_margin = Cm(1.5)
    _memo_head(doc)
    _para(doc, "ตามที่{{ office }} ได้จัดทำมาตรการยกระดับคุณธรรมและความโปร่งใสของ{{ office }} "
               "ประจำปีงบประมาณ พ.ศ. {{ fiscal_year }} และมีคำสั่ง{{ office }} ที่ "
               "{{ order.number }}/{{ order.year }} ลงวันที่ {{ order.date }} แต่งตั้งคณะกรรมการ"
               "และคณะทำงานเพื่อกำกับ ติดตาม การดำเนินการตามมาตรการ นั้น", "ITA Order Body")
    _para(doc, "บัดนี้ ได้ติดตามผลการดำเนินการตามมาตรการ{{ round_text }} (ข้อมูล ณ วันที่ "
               "{{ as_of }}) เรียบร้อยแล้ว {{ summary.sentence }} รายละเอียดตามรายงานที่แนบมา"
               "พร้อมนี้", "ITA Order Body")
    _para(doc, "จึงเรียนมาเพื่อโปรดทราบ และพิจารณาอนุญาตให้เผยแพร่รายงานผลการดำเนินการดังกล่าว"
               "บนเว็บไซต์ของ{{ office }} {{ oit_sentence }}", "ITA Order Closing")
    p = _para(doc, "({{ memo.signer_name }})", "ITA Order Signature")
    p.add_run().add_break()
    p.add_run("{{ memo.signer_position }}")
    _para(doc, "ทราบ / อนุญาต", "ITA Memo Approval")
    p = _para(doc, "({{ director_name }})", "ITA Order Signature")
    p.add_run().add_break()
    p.add_run("{{ director_position }}")
    _save(doc, path, "บันทึกข้อความรายงานผลการดำเนินการตามมาตรการ (แม่แบบ itadocs)")


INTRO = (
    "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) ได้พัฒนา"
    "เครื่องมือการประเมินเชิงบวกเพื่อเป็นมาตรการป้องกันการทุจริต และเป็นกลไกในการสร้างความ"
    "ตระหนักให้หน่วยงานภาครัฐ มีการดำเนินงานอย่างโปร่งใสและมีคุณธรรม โดยใช้ชื่อว่า "
    "\u201cการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity & "
    "Transparency Assessment: ITA)\u201d โดยมุ่งหวังให้หน่วยงานภาครัฐที่เข้ารับการประเมินได้"
    "รับทราบผลการประเมินและแนวทางในการพัฒนาและยกระดับหน่วยงานในด้านคุณธรรมและความโปร่งใส"
    "ในการดำเนินงานได้อย่างเหมาะสม จากความสำคัญของการประเมิน ITA ส่งผลให้แผนแม่บทภายใต้"
    "ยุทธศาสตร์ชาติ ประเด็นที่ ๒๑ การต่อต้านการทุจริตและประพฤติมิชอบ (พ.ศ. ๒๕๖๑ – ๒๕๘๐) "
    "นำผลการประเมิน ITA ไปกำหนดตัวชี้วัดและค่าเป้าหมายของแผนแม่บทฯ {{ strategy_target }}",
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ได้เริ่มดำเนินการใน"
    "ปีงบประมาณ พ.ศ. ๒๕๕๘ เป็นต้นมาจนถึงปัจจุบัน โดยบูรณาการเครื่องมือ ITA ที่นำมาจากแนวคิด"
    "ขององค์การต่อต้านการทุจริตและสิทธิพลเมืองสาธารณรัฐเกาหลี (Anti-Corruption and Civil "
    "Rights Commission of Korea: ACRC) และดัชนีวัดความโปร่งใสของหน่วยงานภาครัฐเข้าด้วยกัน"
    "เพื่อให้การประเมินมีประสิทธิภาพมากยิ่งขึ้น และมีการขยายขอบเขตและพัฒนาให้มีประสิทธิภาพ"
    "มากยิ่งขึ้นตามลำดับ ปัจจุบันการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน"
    "ภาครัฐได้ถูกกำหนดเป็นกลยุทธ์ที่สำคัญของแผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็นที่ ๒๑ "
    "การต่อต้านการทุจริตและประพฤติมิชอบ (พ.ศ. ๒๕๖๑ – ๒๕๘๐) นอกจากนี้ สำนักงานโครงการพัฒนา"
    "แห่งสหประชาชาติ (United Nations Development Programme: UNDP) ยังยกการประเมิน ITA "
    "ให้เป็นความริเริ่มในการดำเนินงานที่ยอดเยี่ยมและจำเป็นต่อการบรรลุเป้าหมายการป้องกันการ"
    "ทุจริตของประเทศไทยอีกด้วย ซึ่งถือเป็นการยกระดับให้การประเมินคุณธรรมและความโปร่งใสใน"
    "การดำเนินงานของหน่วยงานภาครัฐเป็น \u201cมาตรการป้องกันการทุจริตเชิงรุก\u201d ที่หน่วยงาน"
    "ภาครัฐทั่วประเทศจะต้องดำเนินการ โดยมุ่งหวังให้หน่วยงานภาครัฐที่เข้ารับการประเมินได้รับ"
    "ทราบผลการประเมินและแนวทางในการพัฒนาและยกระดับหน่วยงานในด้านคุณธรรมและความโปร่งใสใน"
    "การดำเนินงานได้อย่างมีประสิทธิภาพมากยิ่งขึ้น",
    "{{ office }} กรุงเทพมหานคร ได้เข้าร่วมการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
    "ของหน่วยงานภาครัฐ (Integrity and Transparency Assessment: ITA) ประจำปีงบประมาณ "
    "พ.ศ. {{ fiscal_year }} มีบทบาทในการดำเนินการที่กำหนดในกระบวนการต่าง ๆ ในการประเมิน "
    "ซึ่งประกอบด้วยเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "จำนวน {{ indicator_count }} ตัวชี้วัด และเครื่องมือที่ใช้ในการประเมิน จำแนกออกเป็น "
    "{{ tools|length }} เครื่องมือ ดังนี้",
)

OPEN_DATA = (
    "ทั้งนี้ การเปิดเผยข้อมูลบนเว็บไซต์หลักของสำนักงานเขต จะต้องเปิดเผยในรูปแบบข้อมูลดิจิทัล"
    "ที่สาธารณชนสามารถเข้าถึงได้โดยไม่จำกัด สามารถนำไปเผยแพร่ ทำซ้ำ หรือใช้ประโยชน์ได้โดย"
    "ทั่วไปและเป็นข้อมูลที่รองรับการเปิดใช้งานได้ด้วยเครื่อง (Machine Readable) อีกทั้งต้อง"
    "เป็นข้อมูลที่สะท้อนถึงความรับผิดชอบและความโปร่งใสของหน่วยงาน ซึ่งผู้รับบริการทั้งภาค"
    "ประชาชน ภาคธุรกิจเอกชน และหน่วยงานของรัฐอื่น ๆ สามารถค้นหาและเข้าถึงข้อมูลที่มีคุณภาพ"
    "ของหน่วยงานได้โดยสะดวก (Simplify & Online) ตลอดจนสามารถตอบสนองความต้องการของ"
    "ประชาชน ส่งเสริมการเพิ่มศักยภาพด้านการบริการ การสร้างความไว้วางใจ และภาพลักษณ์ที่ดี"
    "ต่อภาครัฐ ซึ่งจะเป็นกลไกสำคัญในการตรวจสอบการทำงานและการใช้อำนาจของภาครัฐเพื่อลด"
    "โอกาสการทุจริตที่มีประสิทธิภาพ การเก็บข้อมูลจาก {{ tools|length }} เครื่องมือ "
    "{{ indicator_count }} ตัวชี้วัด มีดังนี้"
)


def _save(doc, path: Path, title: str) -> None:
    """Save with fixed metadata, so regenerating unchanged templates changes no byte."""
    ooxml.drop_styles_with_effects(doc)
    note = ("แม่แบบของ itadocs: แก้รูปแบบได้ ดูวิธีใช้แท็กใน README.md ของแม่แบบ "
            "(itadocs templates export)")
    path.write_bytes(to_bytes(doc, title, "itadocs", dt.datetime(2025, 1, 1), note))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "itadocs" / "templates"
    out.mkdir(parents=True, exist_ok=True)
    make_measures(out / MEASURES)
    make_order(out / ORDER)
    make_progress(out / PROGRESS)
    make_memo(out / PROGRESS_MEMO)
    print(f"wrote {out / MEASURES}, {out / ORDER}, {out / PROGRESS} and {out / PROGRESS_MEMO}")


if __name__ == "__main__":
    main()
