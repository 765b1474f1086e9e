"""Fill the Word templates and finish the documents.

docxtpl renders each template in a sandboxed, auto-escaping Jinja environment (a value
holding ``&``, ``<`` or ``{{ }}`` prints literally; a template cannot reach Python
internals). python-docx then finishes what Jinja cannot do reliably: merging Table 1's
cells per tool, inserting the order's text into section 3, the Garuda on the order's first
page, the digit style, and a deterministic .docx (the same input gives the same bytes).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from itadocs.cleantext import one_line
from itadocs.documents import captions, resaved
from itadocs.documents.bounded import BoundedEnvironment, RenderLimit, deadline
from itadocs.documents.captions import table_by_caption
from itadocs.documents.context import ORDER_MARKER, Image
from itadocs.documents.ooxml import drop_styles_with_effects
from itadocs.documents.templateset import GARUDA
from itadocs.documents.typeset import plain
from itadocs.exceptions import TemplateError
from itadocs.messages import Message
from itadocs.thai import digits

GARUDA_FILE = GARUDA
GARUDA_HEIGHT_CM = 3.0
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
HEADER_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
)


def jinja_env() -> SandboxedEnvironment:
    """Sandboxed, auto-escaping, and strict: an unknown variable is an error, not a blank;
    bounded in output and arithmetic (see bounded.py)."""
    return BoundedEnvironment(autoescape=True, undefined=StrictUndefined)


class _StrictTemplate(DocxTemplate):
    """docxtpl parses the rendered XML with a *recovering* parser, which silently ends the
    document at the first character XML cannot hold: parse it strictly first."""

    def fix_tables(self, xml: str) -> Any:
        try:
            etree.fromstring(xml.encode("utf-8"), etree.XMLParser(huge_tree=True))
        except (UnicodeEncodeError, etree.XMLSyntaxError) as exc:
            raise _BrokenXml(xml, exc) from exc
        return super().fix_tables(xml)


class _BrokenXml(Exception):
    def __init__(self, xml: str, exc: Exception) -> None:
        super().__init__(str(exc))
        self.near = _xml_near(xml, exc)


def _xml_near(xml: str, exc: Exception) -> str:
    """The text of the document around where the rendered XML went wrong."""
    if isinstance(exc, UnicodeEncodeError):
        position = exc.start
    else:
        line, column = getattr(exc, "position", (1, 1))
        lines = xml.splitlines(keepends=True)
        position = sum(len(x) for x in lines[: max(line - 1, 0)]) + column
    text = re.sub(r"<[^>]+>", " ", xml[max(0, position - 400): position])
    return one_line(text)[-80:]


def _images(value: Any, tpl: DocxTemplate) -> Any:
    """Replace every ``Image`` in the context by an InlineImage of this template."""
    if isinstance(value, Image):
        return _inline(tpl, value)
    if isinstance(value, dict):
        return {k: _images(v, tpl) for k, v in value.items()}
    if isinstance(value, list):
        return [_images(v, tpl) for v in value]
    return value


def _inline(tpl: DocxTemplate, image: Image) -> InlineImage:
    """A picture sized to fit: width as asked, smaller if it would be too tall.

    Photos from phones are turned upright (EXIF) and reduced, so the .docx stays small.
    Everything happens in memory: rendering writes no temporary file.
    """
    from PIL import Image as Pil
    from PIL import ImageOps

    source = image.source
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with Pil.open(io.BytesIO(data)) as im:
        if image.max_height_cm is not None and im.format == "JPEG":
            im.draft("RGB", (1600, 1600))  # decode a large JPEG at a reduced scale
        upright = ImageOps.exif_transpose(im)
        width_px, height_px = upright.size
        if image.max_height_cm is not None:
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            if max(width_px, height_px) > 1600:
                upright.thumbnail((1600, 1600))
            reduced = io.BytesIO()
            upright.save(reduced, "JPEG", quality=85, optimize=True)
            data = reduced.getvalue()
    width_cm = image.width_cm
    if image.max_height_cm is not None and height_px * width_cm / width_px > image.max_height_cm:
        width_cm = image.max_height_cm * width_px / height_px
    return InlineImage(tpl, io.BytesIO(data), width=Cm(width_cm))


def _unreadable(template: Path, exc: Exception) -> TemplateError:
    """A template that cannot be opened, named by its file name: the libraries name it by
    the path they were given (a folder of the server's, on the web page)."""
    reason = f"{type(exc).__name__}: {str(exc).replace(str(template), template.name)}"
    return TemplateError(f"เปิดแม่แบบ {template.name} ไม่ได้ ({reason})",
                         f"cannot open template {template.name} ({reason})",
                         where=str(template))


def render_template(
    template: Path, context: dict[str, Any], garuda: Path | None = None
) -> DocumentObject:
    """Render one template; template mistakes become a ``TemplateError`` naming the file.

    The Garuda goes in before rendering: docxtpl rebuilds header parts as it renders them.
    """
    try:
        tpl = _StrictTemplate(str(template))
        tpl.init_docx()
        resaved.mend(tpl.docx)  # what another editor's save took away
        place_garuda(tpl.docx, garuda)
        ctx = _images(context, tpl)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise _unreadable(template, exc) from exc
    env = jinja_env()
    try:
        with deadline():
            tpl.render(ctx, jinja_env=env)
        return tpl.docx
    except UndefinedError as exc:
        raise TemplateError(Message(
            f"แม่แบบ {template.name} ใช้ตัวแปรที่ไม่มี: {exc.message} "
            "(ดูรายชื่อตัวแปรใน README.md ของแม่แบบ หรือสั่ง itadocs templates check)",
            f"template {template.name} uses an unknown variable: {exc.message} "
            "(see the templates' README.md or run 'itadocs templates check')",
            web=Message(
                f"แม่แบบ {template.name} ใช้ตัวแปรที่ไม่มี: {exc.message} (ดูรายชื่อตัวแปรใน"
                "คู่มือแท็ก (README.md) ที่หน้า \"แม่แบบและตราครุฑ\")",
                f"template {template.name} uses an unknown variable: {exc.message} (see "
                "the tags' guide (README.md) on the \"Templates and Garuda\" page)")),
            where=_where(template, tpl, exc),
        ) from exc
    except SecurityError as exc:
        raise TemplateError(
            f"แม่แบบ {template.name} พยายามเข้าถึงส่วนที่ไม่อนุญาต: {exc}",
            f"template {template.name} tried to reach something it may not: {exc}",
            where=_where(template, tpl, exc),
        ) from exc
    except TemplateSyntaxError as exc:
        near = _near(exc)
        raise TemplateError(
            f"แม่แบบ {template.name} มีแท็กผิดรูปแบบ: {exc.message}{near} (พิมพ์แท็กใหม่ในครั้งเดียว "
            "เช่น {{ office }})",
            f"template {template.name} has a malformed tag: {exc.message}{near} "
            "(retype the tag in one go, e.g. {{ office }})",
            where=f"{template.name}, line {_line(exc)}",
        ) from exc
    except _BrokenXml as exc:
        raise TemplateError(
            f"แม่แบบ {template.name} สร้างข้อความที่ใส่ในเอกสาร Word ไม่ได้ ใกล้ข้อความ "
            f"'{exc.near}' ({exc})",
            f"template {template.name} produced text a Word document cannot hold, near "
            f"'{exc.near}' ({exc})",
            where=template.name,
        ) from exc
    except RenderLimit as exc:
        th, en = _LIMITS[exc.kind]
        raise TemplateError(
            f"แม่แบบ {template.name} {th} ({exc}){_quoted(env, exc)}",
            f"template {template.name} {en} ({exc}){_quoted(env, exc)}",
            where=_where(template, tpl, exc),
        ) from exc
    except JinjaTemplateError as exc:
        raise TemplateError(
            f"แม่แบบ {template.name} ใช้ไม่ได้: {exc}{_quoted(env, exc)}",
            f"template {template.name} cannot be rendered: {exc}{_quoted(env, exc)}",
            where=_where(template, tpl, exc),
        ) from exc
    except Exception as exc:  # division by zero, recursion, include, a wrong type...
        what = _RUNTIME.get(type(exc).__name__, ("", ""))
        if isinstance(exc, TypeError) and "no loader" in str(exc):
            what = _RUNTIME["include"]
        raise TemplateError(
            f"แม่แบบ {template.name} คำนวณไม่ได้{what[0]} ({type(exc).__name__}: "
            f"{str(exc)[:200]}){_quoted(env, exc)}",
            f"template {template.name} fails when rendered{what[1]} ({type(exc).__name__}: "
            f"{str(exc)[:200]}){_quoted(env, exc)}",
            where=_where(template, tpl, exc),
        ) from exc


_LIMITS = {
    "time": ("ใช้เวลาสร้างนานเกินไป (อาจมีลูปซ้อนลูป)",
             "takes too long to render (a loop inside a loop?)"),
    "size": ("สร้างข้อความยาวเกินกว่าเอกสารจริงจะเป็นได้", "produces more text than any real document"),
    "arithmetic": ("คำนวณค่าที่ใหญ่เกินไป", "computes a value too large"),
}
_RUNTIME = {
    "ZeroDivisionError": (": หารด้วยศูนย์", ": a division by zero"),
    "RecursionError": (": มาโครเรียกตัวเองไม่รู้จบ", ": a macro calls itself without end"),
    "OverflowError": (": ตัวเลขหรือช่วงใหญ่เกินไป", ": a number or range too large"),
    "MemoryError": (": ใช้หน่วยความจำมากเกินไป", ": it needs too much memory"),
    "include": (": แม่แบบดึงไฟล์อื่น (include/import/extends) ไม่ได้",
                ": a template cannot include, import or extend another file"),
}


def _where(template: Path, tpl: DocxTemplate, exc: BaseException) -> str:
    """"measures.docx, line 12" (a paragraph, counted as docxtpl counts XML lines), and the
    part when it is a header or footer."""
    from itadocs.documents.bounded import template_line

    line = getattr(exc, "lineno", None) or template_line(exc)
    part = getattr(getattr(tpl, "current_rendering_part", None), "partname", "") or ""
    place = f", {part.rsplit('/', 1)[-1].removesuffix('.xml')}" if "header" in part or \
        "footer" in part else ""
    return f"{template.name}, line {max(line - 1, 1)}{place}" if line else template.name


def _quoted(env: Any, exc: BaseException) -> str:
    from itadocs.documents.bounded import line_text, template_line

    text = line_text(env, getattr(exc, "lineno", None) or template_line(exc))
    return f" ใกล้ข้อความ / near: '{text}'" if text else ""


def _near(exc: Exception) -> str:
    lines = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    return f" ใกล้ข้อความ / near: '{' '.join(lines)[:120]}'" if lines else ""


def _line(exc: TemplateSyntaxError) -> int:
    """The paragraph number in the document, counted the way docxtpl numbers XML lines."""
    return max((exc.lineno or 1) - 1, 1)


# --------------------------------------------------------------------------- finishing


def merge_tool_cells(doc: DocumentObject, groups: list[int]) -> None:
    """Table 1: weight, tool score and weighted score span the rows of their tool."""
    table = table_by_caption(doc, captions.TABLE1)
    if table is None:
        return
    start = 1
    for size in groups:
        end = start + size - 1
        if end >= len(table.rows):
            break
        for col in (1, 3, 4):
            if size > 1:
                merged = table.cell(start, col).merge(table.cell(end, col))
            else:
                merged = table.cell(start, col)
            for paragraph in merged.paragraphs[1:]:  # the merged rows' empty paragraphs
                if not paragraph.text.strip():
                    paragraph._p.getparent().remove(paragraph._p)
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        start = end + 1


ORDER_SPACE_BEFORE = Pt(21.3)  # a blank line between section 3's text and the order


def insert_order(doc: DocumentObject, order: DocumentObject) -> None:
    """Put the rendered order's text where the measures template says {{ order_text }},
    its title block a blank line below the paragraph before, as on the order's own page."""
    for paragraph in doc.paragraphs:
        if paragraph.text.strip() == ORDER_MARKER:
            anchor = paragraph._p
            first = None
            for element in order.element.body:
                if element.tag == qn("w:sectPr"):
                    continue
                copied = copy.deepcopy(element)
                anchor.addprevious(copied)
                first = copied if first is None else first
            if first is not None and first.tag == qn("w:p"):
                Paragraph(first, paragraph._parent).paragraph_format.space_before = (
                    ORDER_SPACE_BEFORE)
            parent = anchor.getparent()
            assert parent is not None  # a paragraph of the body
            parent.remove(anchor)
            return


def _parts(doc: DocumentObject) -> Iterator[Any]:
    """The body and every header and footer element of the document."""
    yield doc.element.body
    for rel in doc.part.rels.values():
        if rel.reltype in HEADER_RELS:
            yield rel.target_part.element


_URL = re.compile(r"https?://\S+")


def apply_digits(doc: DocumentObject, thai: bool, keep_urls: bool = False) -> None:
    """Every digit of the text in one style; page numbers follow the same style.
    ``keep_urls``: a web address keeps its digits (a link with Thai digits leads nowhere)."""
    for root in _parts(doc):
        for t in root.iter(qn("w:t")):
            if t.text:
                t.text = _digits_outside_urls(t.text, thai) if keep_urls else digits(
                    t.text, thai)
    for sect_pr in doc.element.body.iter(qn("w:sectPr")):
        pg = sect_pr.find(qn("w:pgNumType"))
        if pg is None:
            continue
        if thai:
            pg.set(qn("w:fmt"), "thaiNumbers")
        elif pg.get(qn("w:fmt")) is not None:
            del pg.attrib[qn("w:fmt")]


def _digits_outside_urls(text: str, thai: bool) -> str:
    pieces, position = [], 0
    for m in _URL.finditer(text):
        pieces += [digits(text[position:m.start()], thai), m[0]]
        position = m.end()
    pieces.append(digits(text[position:], thai))
    return "".join(pieces)


def place_garuda(doc: DocumentObject, image: Path | None) -> None:
    """Replace the marked 3 cm frame of the first-page header by the district's Garuda;
    without an image, leave its 3 cm empty (no frame, no placeholder text) to paste it in."""
    for section in doc.sections:
        header = section.first_page_header
        table = table_by_caption(header, captions.GARUDA)
        if table is None:
            continue
        if image is None or not image.is_file():
            _empty_frame(header, table)
            return
        usable_garuda(image)
        stat = image.stat()
        picture = io.BytesIO(_garuda_bytes(str(image), stat.st_mtime_ns, stat.st_size))
        paragraph = header.add_paragraph(style=header.paragraphs[0].style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(picture, height=Cm(GARUDA_HEIGHT_CM))
        table._tbl.addprevious(paragraph._p)
        table._tbl.getparent().remove(table._tbl)
        return


GARUDA_MAX_PX = 1200  # 3 cm at about 1000 dpi: sharp in print, small in every order


@functools.lru_cache(maxsize=4)
def _garuda_bytes(path: str, mtime_ns: int, size: int) -> bytes:
    """The Garuda as the order holds it: as given when it is small enough, else reduced to
    ``GARUDA_MAX_PX`` high as a PNG (transparency kept), so a print shop's 20 MB scan does
    not make every order 20 MB. Made once per file and version in a folder build."""
    from PIL import Image as Pil

    data = Path(path).read_bytes()
    with Pil.open(io.BytesIO(data)) as im:
        if im.height <= GARUDA_MAX_PX:
            return data
        im.load()
        keep = im if im.mode in ("RGBA", "LA", "RGB", "L") else im.convert("RGBA")
        keep.thumbnail((GARUDA_MAX_PX * 4, GARUDA_MAX_PX))
        out = io.BytesIO()
        keep.save(out, "PNG", optimize=True)
    return out.getvalue()


def usable_garuda(image: Path) -> None:
    """The district's Garuda image opens and is of a sane size (as ``templates check``
    finds it)."""
    from itadocs.documents.templateset import check_garuda

    check_garuda(image)


def _empty_frame(header: Any, table: Any) -> None:
    """The Garuda's frame as blank space of its height: no border, no placeholder text.

    An empty paragraph of exactly the frame's height, not the table: LibreOffice does not
    keep a heading with its next paragraph at the foot of a page whose header holds a
    table."""
    paragraph = header.add_paragraph(style=header.paragraphs[0].style)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Cm(GARUDA_HEIGHT_CM)
    table._tbl.addprevious(paragraph._p)
    table._tbl.getparent().remove(table._tbl)


def describe_picture(doc: DocumentObject, image: bytes, text: str) -> None:
    """Give the pictures of ``doc`` that show ``image`` the alt text ``text`` (what Word's
    Alt Text pane shows and a tagged PDF carries)."""
    for shape in doc.inline_shapes:
        blips = shape._inline.xpath(".//a:blip/@r:embed")
        if blips and doc.part.related_parts[blips[0]].blob == image:
            shape._inline.docPr.set("descr", text)


def to_bytes(doc: DocumentObject, title: str, author: str, when: dt.datetime,
             comments: str = "") -> bytes:
    """Save with fixed metadata and zip timestamps, so unchanged input gives identical bytes;
    the template's own note (its comments) is not carried into a document."""
    props = doc.core_properties
    props.title = title
    props.author = author
    props.comments = comments
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    drop_styles_with_effects(doc)  # a stale copy of the styles in older templates
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


_TEXT_PARTS = {qn("w:t"): None, qn("w:br"): "\n", qn("w:tab"): "\t"}


def text_of(doc: DocumentObject) -> str:
    """All text of the body, tables included, in order, line breaks and tabs kept; as read
    (the word joiners and no-break spaces that keep words together read as nothing and as
    spaces)."""
    return plain("\n".join(
        "".join(
            _TEXT_PARTS[el.tag] or el.text or ""
            for run in p.iter(qn("w:r"))
            for el in run
            if el.tag in _TEXT_PARTS
        )
        for p in doc.element.body.iter(qn("w:p"))
    ))


_TAG = re.compile(r"\{\{|\}\}|\{%|%\}")


def leftover_tags(doc: DocumentObject) -> list[str]:
    """Template tags that survived rendering (a split tag in an edited template)."""
    return [line for line in text_of(doc).splitlines() if _TAG.search(line)]
