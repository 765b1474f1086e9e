"""What a Word template must and must not hold, for ``templates check`` and for ``build``.

A template edited in Word can pick up what a published document must never carry: an
attached template on a web address or a ``file://`` path, links to other files, macros or
ActiveX controls. ``templates check`` lists them; ``build`` refuses a template with macros
and leaves every external relationship out of the published .docx (only web and mail links
in the text are kept). A template that lost a tag the document cannot do without (the
total, the level, section 3's order...) is listed by ``templates check`` and refused by
``build``, so a document never silently goes out without it.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from itadocs.documents.templateset import MEASURES, ORDER, PROGRESS, PROGRESS_MEMO
from itadocs.exceptions import TemplateError
from itadocs.messages import Message

LINK_SCHEMES = ("http://", "https://", "mailto:")  # links in the text that may stay
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Tags the documents cannot do without: (variable path, what it prints, in Thai and English);
# "a|b" is satisfied by either spelling.
REQUIRED: dict[str, tuple[tuple[str, str, str], ...]] = {
    MEASURES: (
        ("office", "ชื่อสำนักงานเขต", "the office's name"),
        ("fiscal_year", "ปีงบประมาณ", "the fiscal year"),
        ("table1", "ตารางที่ ๑ (คะแนนรายตัวชี้วัด)", "Table 1 (scores by indicator)"),
        ("total", "คะแนนรวม ITA", "the ITA total"),
        ("level", "ระดับผลการประเมิน", "the result level"),
        ("order_text", "คำสั่งแต่งตั้ง (หัวข้อ ๓)", "the order (section 3)"),
        ("analyses", "การวิเคราะห์และมาตรการ (หัวข้อ ๕)", "the analyses and measures (section 5)"),
    ),
    ORDER: (
        ("order.number", "เลขที่คำสั่ง", "the order's number"),
        ("order.subject", "เรื่อง", "the subject"),
        ("order.committee", "รายชื่อคณะกรรมการ", "the committee's members"),
        ("order.working_group", "รายชื่อคณะทำงาน", "the working group's members"),
        ("order.effective_date_be|order.effective_date", "วันที่มีผล", "the date it takes effect"),
        ("order.date_be|order.date", "วันที่สั่ง", "the date it is signed"),
        ("order.signer_name", "ชื่อผู้ลงนาม", "the signer's name"),
    ),
    PROGRESS: (
        ("title", "ชื่อรายงาน", "the report's title"),
        ("fiscal_year", "ปีงบประมาณ", "the fiscal year"),
        ("round_text", "รอบของรายงาน", "the round"),
        ("indicators", "ผลการดำเนินการรายมาตรการ (หัวข้อ ๓)", "the measures' results (section 3)"),
        ("summary", "สรุปผลการดำเนินการ", "the summary"),
    ),
    PROGRESS_MEMO: (
        ("memo.subject", "เรื่อง", "the subject"),
        ("memo.date", "วันที่", "the date"),
        ("memo.signer_name", "ชื่อผู้เสนอ", "the signer's name"),
        ("round_text", "รอบของรายงาน", "the round"),
    ),
}


# --------------------------------------------------------------------------- the package


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()
                if n.endswith((".rels", "[Content_Types].xml"))}


def external_relationships(path: Path) -> list[tuple[str, str, str]]:
    """(part, kind, target) of every external relationship that must not be published."""
    found = []
    for name, data in _parts(path).items():
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            continue
        for rel in root.iter(f"{_RELS_NS}Relationship"):
            if rel.get("TargetMode") != "External":
                continue
            kind, target = rel.get("Type", ""), rel.get("Target", "")
            if kind == HYPERLINK and target.lower().startswith(LINK_SCHEMES):
                continue
            found.append((name, kind.rsplit("/", 1)[-1], target))
    return found


# Active content, known by what it is (a relationship's or a part's type, an element, a
# field code), never by a file name a template can choose.
ACTIVE_CONTENT_TYPES = ("vbaproject", "vbadata", "activex", "oleobject", "macroenabled")
ACTIVE_RELATIONSHIPS = {"vbaproject", "wordvbadata", "oleobject", "package", "control",
                        "activexcontrol", "activexcontrolbinary"}
ACTIVE_ELEMENTS = {"object": ("วัตถุฝังตัว (OLE)", "an embedded (OLE) object"),
                   "OLEObject": ("วัตถุฝังตัว (OLE)", "an embedded (OLE) object"),
                   "control": ("ตัวควบคุม ActiveX", "an ActiveX control")}
REMOTE_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b",
                           re.IGNORECASE)


def active_content(path: Path) -> list[tuple[str, str]]:
    """What in the template would run or reach out when the document is opened: code
    (VBA, under any part name, by its relationship or content type), ActiveX, embedded OLE
    objects, and fields that fetch a picture or text from elsewhere (INCLUDEPICTURE,
    INCLUDETEXT, LINK, DDE). (Thai, English), each naming the part."""
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = _xml(zf.read(name))
            if root is None:
                continue
            if name == "[Content_Types].xml":
                found += [(f"ชนิดเนื้อหา {t} ({name})", f"content type {t} ({name})")
                          for t in _content_types(root)
                          if any(w in t.lower() for w in ACTIVE_CONTENT_TYPES)]
            elif name.endswith(".rels"):
                found += [(f"ความสัมพันธ์ {t.rsplit('/', 1)[-1]} ({name})",
                           f"relationship {t.rsplit('/', 1)[-1]} ({name})")
                          for t in _rel_types(root)
                          if t.rsplit("/", 1)[-1].lower() in ACTIVE_RELATIONSHIPS]
            else:
                found += _active_elements(root, name)
    return list(dict.fromkeys(found))


def _xml(data: bytes) -> Any:
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True,
                                                      huge_tree=True))
    except etree.XMLSyntaxError:
        return None


def _content_types(root: Any) -> list[str]:
    return [el.get("ContentType", "") for el in root.iter() if el.get("ContentType")]


def _rel_types(root: Any) -> list[str]:
    return [rel.get("Type", "") for rel in root.iter(f"{_RELS_NS}Relationship")]


def _active_elements(root: Any, part: str) -> list[tuple[str, str]]:
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in ACTIVE_ELEMENTS:
            th, en = ACTIVE_ELEMENTS[local]
            found.append((f"{th} ({part})", f"{en} ({part})"))
        code = (element.text or "") if local == "instrText" else \
            element.get(f"{{{_W_NS}}}instr", "")
        for m in REMOTE_FIELDS.finditer(code):
            field = m[1].upper()
            found.append((f"ฟิลด์ {field} ที่ดึงข้อมูลจากที่อื่น ({part})",
                          f"a {field} field that fetches from elsewhere ({part})"))
    return found


# --------------------------------------------------------------------------- tags


def _sources(path: Path) -> list[str]:
    """The Jinja sources of a template's body, headers and footers, as docxtpl prepares
    them."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    sources = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [tpl.patch_xml(tpl.get_part_xml(part))
                    for _, part in tpl.get_headers_footers(uri)]
    return sources


def used_paths(path: Path) -> set[str]:
    """Every variable path the template uses (``order.subject``, ``total``...), from its
    body, headers and footers as docxtpl prepares them."""
    from jinja2 import nodes

    from itadocs.documents.render import jinja_env

    env = jinja_env()
    paths: set[str] = set()
    for source in _sources(path):
        for node in env.parse(source).find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
            dotted = _dotted(node)
            while dotted:
                paths.add(dotted)
                dotted = dotted.rpartition(".")[0]
    return paths


def printed_counts(path: Path) -> Counter[str]:
    """How many times the template prints each variable path outside a loop (``{{ total }}``
    twice: the summary and Table 1), conditions included: each must print."""
    from jinja2 import nodes

    from itadocs.documents.render import jinja_env

    env = jinja_env()
    counts: Counter[str] = Counter()

    def visit(node: Any) -> None:
        if isinstance(node, nodes.For):
            return  # a loop prints its body as many times as its list is long
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                target = child.node if isinstance(child, nodes.Filter) and child.node else child
                dotted = _dotted(target)
                if dotted:
                    counts[dotted] += 1
            return
        for child in node.iter_child_nodes():
            visit(child)

    for source in _sources(path):
        visit(env.parse(source))
    return counts


def _dotted(node: Any) -> str:
    from jinja2 import nodes

    parts = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return ".".join(reversed(parts))
        else:
            return ""


def missing_tags(path: Path, name: str) -> list[tuple[str, str, str]]:
    """The required tags (path, Thai, English) a template no longer holds."""
    used = used_paths(path)
    return [tag for tag in REQUIRED.get(name, ())
            if not any(spelling in used for spelling in tag[0].split("|"))]


# --------------------------------------------------------------------------- messages


def problems(path: Path, name: str) -> list[Message]:
    """``templates check`` messages for one template, each naming it."""
    messages = []
    for part, kind, target in external_relationships(path):
        messages.append(Message(
            f"{name}: มีการเชื่อมโยงไปภายนอก ({kind} → {target} ใน {part}) ซึ่งจะไม่ถูกคัดลอกไปใน"
            "เอกสารที่เผยแพร่ ควรลบออกใน Word (ไฟล์ > ตัวเลือก > Add-ins > แม่แบบ)",
            f"{name}: an external relationship ({kind} → {target} in {part}) is never "
            "copied into a published document; remove it in Word (File > Options > Add-ins "
            "> Templates)"))
    for th, en in active_content(path):
        messages.append(Message(
            f"{name}: มี{th} ใช้เป็นแม่แบบไม่ได้ ลบออก แล้วบันทึกเป็น .docx ธรรมดา",
            f"{name}: holds {en} and cannot be used; remove it and save as a plain .docx"))
    try:
        missing = missing_tags(path, name)
    except Exception:  # a broken template: rendering says why
        missing = []
    for tag, th, en in missing:
        messages.append(Message(
            f"{name}: ไม่มีแท็กที่จำเป็น {_tag(tag)} ({th}) เอกสารจะขาดส่วนนี้",
            f"{name}: the required tag {_tag(tag)} ({en}) is missing; the document would "
            "lack it"))
    return messages


_USABLE: set[tuple[str, int, int]] = set()  # templates already found usable (path, mtime, size)


def _tag(path: str) -> str:
    return "{{ " + path.split("|")[0] + " }}"


def refuse_unusable(path: Path, name: str) -> None:
    """``build``: a template with macros, or without a required tag, is not used."""
    info = path.stat()
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key in _USABLE:
        return
    active = active_content(path)
    if active:
        raise TemplateError(
            f"แม่แบบ {name} มีเนื้อหาที่ทำงานเองหรือดึงข้อมูลจากที่อื่น "
            f"({', '.join(th for th, _ in active)}) จึงไม่ใช้ ลบออกแล้วบันทึกเป็น .docx ธรรมดา",
            f"template {name} holds active or remote content "
            f"({', '.join(en for _, en in active)}) and is not used; remove it and save as "
            "a plain .docx",
            where=name,
        )
    try:
        missing = missing_tags(path, name)
    except Exception:  # a template Jinja cannot parse: rendering names the line
        return
    if missing:
        tags = ", ".join(_tag(tag) for tag, _, _ in missing)
        raise TemplateError(
            f"แม่แบบ {name} ไม่มีแท็กที่จำเป็น {tags} "
            f"({', '.join(th for _, th, _ in missing)}) จึงไม่สร้างเอกสารที่ขาดส่วนนี้",
            f"template {name} lacks the required tag(s) {tags} "
            f"({', '.join(en for _, _, en in missing)}); no document is built without them",
            where=name,
        )
    _USABLE.add(key)


# --------------------------------------------------------------------------- the output


def strip_external(doc: Any) -> list[str]:
    """Remove from a rendered document every external relationship that may not be
    published, and what refers to it (an attached template, a link around text is
    unwrapped, keeping the text). Returns the targets removed."""
    removed = []
    for part in _all_parts(doc):
        rels = getattr(part, "rels", None)
        if not rels:
            continue
        for rid, rel in list(rels.items()):
            if not rel.is_external:
                continue
            target = rel.target_ref
            if rel.reltype == HYPERLINK and target.lower().startswith(LINK_SCHEMES):
                continue
            element = getattr(part, "_element", None)
            if element is not None:
                _unref(element, rid)
            rels.pop(rid)
            removed.append(target)
    return removed


def _all_parts(doc: Any) -> Iterator[Any]:
    seen = set()
    for part in doc.part.package.iter_parts():
        if id(part) not in seen:
            seen.add(id(part))
            yield part


def _unref(root: Any, rid: str) -> None:
    for element in list(root.iter()):
        for attr, value in list(element.attrib.items()):
            if value != rid or not attr.startswith(f"{{{_R_NS}}}"):
                continue
            if element.tag in (f"{{{_W_NS}}}hyperlink",):
                parent = element.getparent()
                index = parent.index(element)
                for child in list(element):
                    parent.insert(index, child)
                    index += 1
                parent.remove(element)
            elif element.tag == f"{{{_W_NS}}}attachedTemplate":
                element.getparent().remove(element)
            else:
                del element.attrib[attr]
