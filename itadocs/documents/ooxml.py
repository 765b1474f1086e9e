"""Write WordprocessingML property elements the way the schema orders them.

Paragraph, run, table, row, cell and section properties (``w:pPr``, ``w:rPr``, ``w:tblPr``,
``w:trPr``, ``w:tcPr``, ``w:sectPr``) are sequences in ECMA-376: each child at most once, in
a fixed order. ``append`` puts a child last; LibreOffice forgives that, Microsoft Word may
drop the property or ask to repair the file. Every property itadocs and the template maker
write by hand goes through ``put``, which replaces a child of the same name and inserts the
new one before its successors. The sequences are the schema's, as python-docx's oxml
classes (CT_PPr, CT_RPr, CT_TblPr, CT_Row's trPr, CT_TcPr, CT_SectPr) declare them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# EG_RPrBase, then the change record (CT_RPr; a paragraph mark's rPr starts with ins/del).
_RPR = (
    "w:ins", "w:del", "w:moveFrom", "w:moveTo",
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof",
    "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern",
    "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath", "w:rPrChange",
)

SEQUENCES: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:rPr": _RPR,
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    ),
    # The schema allows a row's properties in any order; they are kept in this one.
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
        "w:cantSplit", "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
        "w:ins", "w:del", "w:trPrChange",
    ),
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
        "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
        "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    "w:sectPr": (
        "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
        "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
        "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    ),
}
# Children that may repeat (a section has up to three header and three footer references).
_REPEATABLE = {"w:headerReference", "w:footerReference"}
_BY_TAG = {qn(parent): tuple(qn(t) for t in seq) for parent, seq in SEQUENCES.items()}

STYLES_WITH_EFFECTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
)


def put(parent: etree._Element, tag: str, attrs: Mapping[str, str] | None = None
        ) -> etree._Element:
    """Set property ``tag`` (e.g. ``"w:vAlign"``) of ``parent`` to a new element.

    A child of the same name is replaced; the new one stands where the schema puts it.
    """
    element = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        element.set(qn(name), value)
    return put_element(parent, element)


def put_element(parent: etree._Element, element: etree._Element) -> etree._Element:
    """Place a ready element (e.g. a parsed ``w:tblBorders``) in ``parent`` by the schema."""
    sequence = _BY_TAG.get(parent.tag)
    if sequence is None or element.tag not in sequence:
        raise ValueError(f"{element.tag} is not a property of {parent.tag}")
    for old in parent.findall(element.tag):
        parent.remove(old)
    successors = sequence[sequence.index(element.tag) + 1:]
    for child in parent:
        if child.tag in successors:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def remove(parent: etree._Element, tag: str) -> None:
    """Remove property ``tag`` of ``parent`` if it is there."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)


def misplaced(root: etree._Element) -> Iterator[str]:
    """Property children that stand twice or out of the schema's order, as readable paths.

    The validator names only the first such child of a parent; this lists every one.
    """
    for parent in root.iter(*_BY_TAG):
        sequence = _BY_TAG[parent.tag]
        last, seen = -1, set()
        for child in parent:
            if child.tag not in sequence:
                continue
            position = sequence.index(child.tag)
            repeated = child.tag in seen and _short(child.tag) not in _REPEATABLE
            if position < last or repeated:
                yield f"{_short(parent.tag)}/{_short(child.tag)}"
            last = max(last, position)
            seen.add(child.tag)


def _short(tag: str) -> str:
    return "w:" + etree.QName(tag).localname


def drop_styles_with_effects(doc: DocumentObject) -> None:
    """Remove ``word/stylesWithEffects.xml`` (Word 2010's copy of the styles).

    python-docx's default package carries a stale copy that no longer matches styles.xml;
    Word 2013 and later neither write nor need it, and Word 2010 rebuilds it. Dropping the
    relationship drops the part and its content-type entry when the package is saved.
    """
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)

