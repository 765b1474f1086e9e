"""What each glyph of the derived face stands for, knowable from the glyph alone.

LibreOffice writes a PDF font's ToUnicode map from its shaping clusters: a cluster's text goes
to its glyphs in order, and a glyph keeps the text of its first use (a later use with other
text is wrapped in ActualText, which poppler reads and pypdf or pdfminer do not). Laksaman
defeats that three times. SARA AM (ำ) is drawn as NIKHAHIT and the very glyph that draws
SARA AA (า), so า and ำ cannot be told apart; a below vowel followed by a tone mark ("ทุ่")
is swapped into tone-first order, so the glyphs no longer follow the text; and a mark over
ป ฝ ฟ is moved by GPOS, which LibreOffice writes as a shift of the text position that pypdf
reads as a space ("ฝ่ าย"). The derivation therefore, without moving anything drawn:

- keeps the text's order wherever the swap changes no mark's position (the two marks do not
  attach to each other), substituting only the variant (่ becomes its lowered form);
- gives the NIKHAHIT and SARA AA of a SARA AM glyphs of their own, by two lookups run after
  all others. They draw and are positioned exactly as the originals; the first point of an
  outline is moved one point along its contour, which draws the same shape but tells the
  glyph apart by its outline (the copy has no hinting instructions, which name points by
  number);
- draws a mark that mark-to-base positioning moves (over ป ฝ ฟ, under ฎ ฏ) with a copy
  already moved there, attached to nothing, so that no shift is written.

Advances do not change, so lines break where they did. ``text_index`` then gives, keyed by
outline, the text of every glyph shaping can produce (the cmap's, a variant's base, a
ligature's parts); ``pdftext`` rebuilds a PDF's ToUnicode maps from it.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from typing import Any

SARA_AA, SARA_AM, NIKHAHIT = 0x0E32, 0x0E33, 0x0E4D
TONE_MARKS = range(0x0E48, 0x0E4D)  # MAI EK .. THANTHAKHAT
TWIN = ".am"  # suffix of the glyphs of a SARA AM
PRIVATE_USE = range(0xE000, 0xF900)
EXTENSION = {"GSUB": 7, "GPOS": 9}


# --------------------------------------------------------------------------- lookups


def _subtables(lookup: Any, table: str) -> Iterator[tuple[int, Any]]:
    """(type, subtable) of a lookup, extension subtables unwrapped."""
    for sub in lookup.SubTable:
        if lookup.LookupType == EXTENSION[table]:
            yield sub.ExtensionLookupType, sub.ExtSubTable
        else:
            yield lookup.LookupType, sub


def _rules(sub: Any) -> Iterator[Any]:
    """The rules of a (chained) contextual subtable that carry substitution records."""
    if getattr(sub, "Format", 3) == 3:
        yield sub
        return
    for name in ("ChainSubRuleSet", "ChainSubClassSet", "SubRuleSet", "SubClassSet"):
        for rule_set in getattr(sub, name, None) or []:
            if rule_set is None:
                continue
            for rule_name in ("ChainSubRule", "ChainSubClassRule", "SubRule", "SubClassRule"):
                yield from getattr(rule_set, rule_name, None) or []


def reachable(gsub: Any) -> list[int]:
    """The GSUB lookups that shaping can apply: a feature's, or one a contextual rule of
    such a lookup calls."""
    lookups = gsub.LookupList.Lookup
    todo = [i for record in gsub.FeatureList.FeatureRecord
            for i in record.Feature.LookupListIndex]
    seen: set[int] = set()
    while todo:
        index = todo.pop()
        if index in seen or index >= len(lookups):
            continue
        seen.add(index)
        for kind, sub in _subtables(lookups[index], "GSUB"):
            if kind in (5, 6):
                todo += [r.LookupListIndex for rule in _rules(sub)
                         for r in rule.SubstLookupRecord]
    return sorted(seen)


def _new_lookup(gsub: Any, kind: int, subtables: list[Any]) -> int:
    from fontTools.ttLib.tables import otTables as ot

    lookup = ot.Lookup()
    lookup.LookupType, lookup.LookupFlag = kind, 0
    lookup.SubTable = subtables
    lookup.SubTableCount = len(subtables)
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    return len(gsub.LookupList.Lookup) - 1


def _single(gsub: Any, mapping: dict[str, str]) -> int:
    """A new lookup substituting one glyph for another; its index."""
    from fontTools.ttLib.tables import otTables as ot

    sub = ot.SingleSubst()
    sub.mapping = dict(mapping)
    return _new_lookup(gsub, 1, [sub])


def _coverage(font: Any, glyphs: set[str]) -> Any:
    from fontTools.ttLib.tables import otTables as ot

    coverage = ot.Coverage()
    coverage.glyphs = sorted(glyphs, key=font.getGlyphID)
    return coverage


def _chain(font: Any, backtrack: list[set[str]], glyphs: set[str], lookahead: list[set[str]],
           lookup_index: int) -> Any:
    """A chained-context rule (by coverage) applying ``lookup_index`` to one glyph;
    ``backtrack`` starts with the glyph nearest to it."""
    from fontTools.ttLib.tables import otTables as ot

    rule = ot.ChainContextSubst()
    rule.Format = 3
    rule.BacktrackCoverage = [_coverage(font, g) for g in backtrack]
    rule.InputCoverage = [_coverage(font, glyphs)]
    rule.LookAheadCoverage = [_coverage(font, g) for g in lookahead]
    record = ot.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup_index
    rule.SubstLookupRecord = [record]
    rule.BacktrackGlyphCount, rule.InputGlyphCount = len(backtrack), 1
    rule.LookAheadGlyphCount, rule.SubstCount = len(lookahead), 1
    return rule


# --------------------------------------------------------------------------- mark order


def _swapped(lookups: list[Any], first: str, rule: Any) -> str | None:
    """For a rule turning the pair (first, second) into (variant of second, first), that
    variant; None for any other rule."""
    records = rule.SubstLookupRecord
    if len(rule.Input) != 1 or len(records) != 2:
        return None
    if sorted(r.SequenceIndex for r in records) != [0, 1]:
        return None
    second = rule.Input[0]
    mappings = {r.SequenceIndex: _single_mapping(lookups[r.LookupListIndex])
                for r in records}
    variant = mappings[0].get(first)
    if mappings[1].get(second) != first or variant is None:
        return None
    return variant if variant.split(".")[0] == second.split(".")[0] else None


def _single_mapping(lookup: Any) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for kind, sub in _subtables(lookup, "GSUB"):
        if kind == 1:
            mapping = {**sub.mapping, **mapping}  # the first subtable that covers a glyph wins
    return mapping


def _attached(font: Any, a: str, b: str) -> bool:
    """Whether one of the two marks is positioned on the other (mark-to-mark), so that
    their order matters."""
    if "GPOS" not in font:
        return False
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for kind, sub in _subtables(lookup, "GPOS"):
            if kind != 6:
                continue
            ones, twos = set(sub.Mark1Coverage.glyphs), set(sub.Mark2Coverage.glyphs)
            if (a in ones and b in twos) or (b in ones and a in twos):
                return True
    return False


def keep_mark_order(font: Any) -> int:
    """Undo the swaps of two marks that do not attach to each other (see the module's
    docstring); returns how many rules were changed."""
    from fontTools.ttLib.tables import otTables as ot

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    made: dict[tuple[str, str], int] = {}
    changed = 0
    for index in reachable(gsub):
        for kind, sub in _subtables(lookups[index], "GSUB"):
            if kind != 6 or sub.Format != 1:
                continue
            for first, rule_set in zip(sub.Coverage.glyphs, sub.ChainSubRuleSet, strict=False):
                for rule in rule_set.ChainSubRule if rule_set else []:
                    variant = _swapped(lookups, first, rule)
                    second = rule.Input[0] if variant else ""
                    if variant is None or _attached(font, first, variant) \
                            or _attached(font, first, second):
                        continue
                    rule.SubstLookupRecord = []
                    if variant != second:  # (first, second) -> (first, variant)
                        if (second, variant) not in made:
                            made[second, variant] = _single(gsub, {second: variant})
                        record = ot.SubstLookupRecord()
                        record.SequenceIndex = 1
                        record.LookupListIndex = made[second, variant]
                        rule.SubstLookupRecord = [record]
                    rule.SubstCount = len(rule.SubstLookupRecord)
                    changed += 1
    return changed


# --------------------------------------------------------------------------- SARA AM


def _variants(font: Any, glyph: str) -> set[str]:
    """The glyph and every glyph shaping can put in its place by single substitution."""
    gsub = font["GSUB"].table
    singles = [_single_mapping(gsub.LookupList.Lookup[i]) for i in reachable(gsub)]
    found, todo = {glyph}, [glyph]
    while todo:
        current = todo.pop()
        for mapping in singles:
            out = mapping.get(current)
            if out and out not in found and out.split(".")[0] == glyph.split(".")[0]:
                found.add(out)
                todo.append(out)
    return found


def _copied(glyf: Any, source: str, rotate: bool = False, shift: tuple[int, int] = (0, 0)
            ) -> Any:
    """A simple glyph drawing ``source``'s outline (components resolved), without
    instructions: its first contour starting one point later with ``rotate`` (a closed
    contour is the same path from any of its points), moved by ``shift``; None for a glyph
    without an outline."""
    from fontTools.ttLib.tables import ttProgram
    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphCoordinates

    coords, ends, flags = glyf[source].getCoordinates(glyf)
    if not ends or ends[0] < 1:
        return None
    order = list(range(len(coords)))
    if rotate:
        order = [*range(1, ends[0] + 1), 0, *range(ends[0] + 1, len(coords))]
    glyph = Glyph()
    glyph.numberOfContours = len(ends)
    glyph.endPtsOfContours = list(ends)
    glyph.coordinates = GlyphCoordinates([coords[i] for i in order])
    glyph.coordinates.translate(shift)
    glyph.flags = bytearray(flags[i] & 1 for i in order)
    glyph.program = ttProgram.Program()
    glyph.program.fromBytecode(b"")
    glyph.recalcBounds(glyf)
    return glyph


def _add_glyph(font: Any, source: str, name: str, glyph: Any,
               shift: tuple[int, int] | None = None) -> None:
    """Add glyph ``name`` drawing ``glyph``, with ``source``'s advance, class and
    positioning (for a mark drawn moved by ``shift``, see ``_clone_positioning``)."""
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    font["glyf"].glyphOrder = font.getGlyphOrder()
    font["glyf"][name] = glyph
    # the advance is the source's; the left side bearing is the outline's own (a renderer
    # places the outline by it)
    font["hmtx"][name] = (font["hmtx"][source][0], getattr(glyph, "xMin", 0))
    font["maxp"].numGlyphs = len(font.getGlyphOrder())
    _clone_positioning(font, source, name, shift)


def _twin(font: Any, source: str, name: str) -> bool:
    """Add glyph ``name``: ``source``'s drawing (told apart by its outline's start),
    advance, class and positioning."""
    glyph = _copied(font["glyf"], source, rotate=True)
    if glyph is not None:
        _add_glyph(font, source, name, glyph)
    return glyph is not None


def split_sara_am(font: Any) -> dict[str, str]:
    """Give the NIKHAHIT and SARA AA of a SARA AM glyphs of their own (see the module's
    docstring); returns the new glyphs' texts: the SARA AA carries "ำ", the NIKHAHIT none,
    so that "น้ำ" (น ํ ้ า) reads in the text's order."""
    cmap = font.getBestCmap()
    aa, nikhahit = cmap.get(SARA_AA), cmap.get(NIKHAHIT)
    features = [r.Feature for r in font["GSUB"].table.FeatureList.FeatureRecord
                if r.FeatureTag == "ccmp"]
    if SARA_AM not in cmap or not aa or not nikhahit or not features:
        return {}
    tones = set().union(*(_variants(font, cmap[t]) for t in TONE_MARKS if t in cmap))
    nikhahits = sorted(_variants(font, nikhahit), key=font.getGlyphID)
    tail = aa + TWIN
    twins = {n: n + TWIN for n in nikhahits}
    if not _twin(font, aa, tail):
        return {}
    twins = {n: twin for n, twin in twins.items() if _twin(font, n, twin)}
    gsub = font["GSUB"].table
    nik = set(twins)
    to_tail, to_twin = _single(gsub, {aa: tail}), _single(gsub, twins)
    # the SARA AA after a NIKHAHIT, a tone mark between them in either order
    tails = _new_lookup(gsub, 6, [
        _chain(font, back, {aa}, [], to_tail)
        for back in ([nik], [tones, nik], [nik, tones])])
    # then the NIKHAHIT before that SARA AA
    heads = _new_lookup(gsub, 6, [
        _chain(font, [], nik, ahead, to_twin) for ahead in ([{tail}], [tones, {tail}])])
    for feature in features:
        feature.LookupListIndex += [tails, heads]
        feature.LookupCount = len(feature.LookupListIndex)
    return {tail: chr(SARA_AM), **dict.fromkeys(twins.values(), "")}


# --------------------------------------------------------------------------- placed marks


def _offsets(font: Any) -> dict[str, dict[str, tuple[int, int]]]:
    """Base -> {mark: where mark-to-base moves the mark from the pen (font units)}, for the
    marks it moves (the upper marks over ป ฝ ฟ, the below vowels under ฎ ฏ)."""
    hmtx = font["hmtx"]
    moved: dict[str, dict[str, tuple[int, int]]] = {}
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for kind, sub in _subtables(lookup, "GPOS"):
            if kind != 4:
                continue
            for base, record in zip(sub.BaseCoverage.glyphs, sub.BaseArray.BaseRecord,
                                    strict=True):
                for mark, mark_record in zip(sub.MarkCoverage.glyphs,
                                             sub.MarkArray.MarkRecord, strict=True):
                    anchor = record.BaseAnchor[mark_record.Class]
                    if anchor is None or hmtx[mark][0] or mark in moved.get(base, {}):
                        continue
                    offset = (anchor.XCoordinate - mark_record.MarkAnchor.XCoordinate
                              - hmtx[base][0],
                              anchor.YCoordinate - mark_record.MarkAnchor.YCoordinate)
                    if offset != (0, 0):
                        moved.setdefault(base, {})[mark] = offset
    return moved


def place_marks(font: Any) -> int:
    """Draw the marks that mark-to-base moves where it puts them: a mark after ป ฝ ฟ or
    under ฎ ฏ becomes a copy of itself moved there, attached to no base. LibreOffice then
    writes it without a shift of the text position (pypdf reads a shift left over a mark
    as a gap and would write "ฝ่ าย"). The drawing is where it was. Returns the number of
    copies made."""
    if "GPOS" not in font or "GDEF" not in font or "GSUB" not in font:
        return 0
    features = [r.Feature for r in font["GSUB"].table.FeatureList.FeatureRecord
                if r.FeatureTag == "ccmp"]
    placed: dict[tuple[str, tuple[int, int]], str] = {}
    mappings: dict[str, dict[str, str]] = {}
    for base, offsets in sorted(_offsets(font).items()) if features else []:
        for mark, offset in sorted(offsets.items()):
            if (mark, offset) not in placed:
                glyph = _copied(font["glyf"], mark, shift=offset)
                if glyph is None:
                    continue
                placed[mark, offset] = f"{mark}.at{len(placed) + 1}"
                _add_glyph(font, mark, placed[mark, offset], glyph, shift=offset)
            mappings.setdefault(base, {})[mark] = placed[mark, offset]
    # after the base, or after the base and one or two marks (placed ones too)
    marks = {g for g, c in font["GDEF"].table.GlyphClassDef.classDefs.items() if c == 3}
    gsub = font["GSUB"].table
    chains = []
    for base, mapping in mappings.items():
        to_placed = _single(gsub, mapping)
        chains += [_chain(font, back, set(mapping), [], to_placed)
                   for back in ([{base}], [marks, {base}], [marks, marks, {base}])]
    if chains:
        index = _new_lookup(gsub, 6, chains)
        for feature in features:
            feature.LookupListIndex.append(index)
            feature.LookupCount = len(feature.LookupListIndex)
    return len(placed)


# --------------------------------------------------------------------------- positioning


def _append_like(coverage: Any, records: list[Any], source: str, name: str) -> bool:
    """Cover ``name`` as ``coverage`` covers ``source`` (``records`` runs parallel to it;
    ``name`` is the last glyph, so coverage stays in glyph order); whether it did."""
    if coverage is None or source not in coverage.glyphs:
        return False
    coverage.glyphs.append(name)
    records.append(copy.deepcopy(records[coverage.glyphs.index(source)]))
    return True


def _clone_positioning(font: Any, source: str, name: str,
                       shift: tuple[int, int] | None = None) -> None:
    """Give ``name`` the GDEF class and the GPOS records ``source`` has (single, pair,
    cursive, mark-to-base, -ligature and -mark positioning). A mark drawn moved by
    ``shift`` (where mark-to-base would have put it) is attached to no base, and its
    mark-to-mark anchors move with its drawing."""
    if "GDEF" in font:
        gdef = font["GDEF"].table
        for classes in (gdef.GlyphClassDef, getattr(gdef, "MarkAttachClassDef", None)):
            if classes is not None and source in classes.classDefs:
                classes.classDefs[name] = classes.classDefs[source]
        sets = getattr(gdef, "MarkGlyphSetsDef", None)
        for coverage in sets.Coverage if sets else []:
            if source in coverage.glyphs:
                coverage.glyphs.append(name)
    if "GPOS" not in font:
        return
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for kind, sub in _subtables(lookup, "GPOS"):
            if shift is None or kind not in (4, 5):
                _clone_in_subtable(kind, sub, source, name, shift or (0, 0))


def _clone_in_subtable(kind: int, sub: Any, source: str, name: str,
                       shift: tuple[int, int]) -> None:
    if kind == 1:
        if sub.Format == 2:
            _append_like(sub.Coverage, sub.Value, source, name)
        elif source in sub.Coverage.glyphs:
            sub.Coverage.glyphs.append(name)
    elif kind == 2:
        if sub.Format == 1:
            for pair_set in sub.PairSet:
                pair_set.PairValueRecord += [
                    _renamed(r, name) for r in pair_set.PairValueRecord
                    if r.SecondGlyph == source]
            _append_like(sub.Coverage, sub.PairSet, source, name)
        else:
            for classes in (sub.ClassDef1, sub.ClassDef2):
                if source in classes.classDefs:
                    classes.classDefs[name] = classes.classDefs[source]
            if source in sub.Coverage.glyphs:
                sub.Coverage.glyphs.append(name)
    elif kind == 3:
        _append_like(sub.Coverage, sub.EntryExitRecord, source, name)
    elif kind in (4, 5):
        _append_like(sub.MarkCoverage, sub.MarkArray.MarkRecord, source, name)
        base, array = ((sub.BaseCoverage, sub.BaseArray.BaseRecord) if kind == 4 else
                       (sub.LigatureCoverage, sub.LigatureArray.LigatureAttach))
        _append_like(base, array, source, name)
    elif kind == 6:
        if _append_like(sub.Mark1Coverage, sub.Mark1Array.MarkRecord, source, name):
            _moved([sub.Mark1Array.MarkRecord[-1].MarkAnchor], shift)
        if _append_like(sub.Mark2Coverage, sub.Mark2Array.Mark2Record, source, name):
            _moved(sub.Mark2Array.Mark2Record[-1].Mark2Anchor, shift)


def _moved(anchors: list[Any], shift: tuple[int, int]) -> None:
    for anchor in anchors:
        if anchor is not None:
            anchor.XCoordinate += shift[0]
            anchor.YCoordinate += shift[1]


def _renamed(record: Any, name: str) -> Any:
    record = copy.deepcopy(record)
    record.SecondGlyph = name
    return record


# --------------------------------------------------------------------------- the index


def outline_key(glyf: Any, hmtx: Any, name: str) -> str:
    """A glyph's identity: its outline (points in order, on or off the curve, components
    resolved) and advance, hashed; the same in the face and in a subset that keeps the
    outlines, as LibreOffice's does."""
    coords, ends, flags = glyf[name].getCoordinates(glyf)
    digest = hashlib.blake2b(f"{hmtx[name][0]}|{list(ends)}|".encode(), digest_size=12)
    digest.update(bytes(flags).translate(_ON_CURVE))
    digest.update(coords.array.tobytes())
    return digest.hexdigest()


_ON_CURVE = bytes(i & 1 for i in range(256))


def glyph_texts(font: Any, known: dict[str, str] | None = None) -> dict[str, str]:
    """The text each glyph shaping can produce stands for: ``known`` first, else the cmap's
    character (not a private-use one), a ligature's parts, or the base of a variant; a glyph
    reached from two different texts is left out."""
    chars: dict[str, set[str]] = {}
    for table in font["cmap"].tables:
        if table.isUnicode():
            for code, glyph in table.cmap.items():
                if code not in PRIVATE_USE and code >= 0x20:
                    chars.setdefault(glyph, set()).add(chr(code))
    sources, parts = _substitutions(font)
    texts: dict[str, str | None] = dict(known or {})

    def text(glyph: str) -> str | None:
        if glyph in texts:
            return texts[glyph]
        texts[glyph] = None  # a cycle of substitutions stops here
        found: set[str | None] = set(chars.get(glyph, ()))
        found |= {_joined(text, p) for p in parts.get(glyph, ())}
        if glyph not in chars:  # a variant of a character's glyph (not one of its own)
            found |= {text(src) for src in sources.get(glyph, ())}
        texts[glyph] = found.pop() if len(found) == 1 else None
        return texts[glyph]

    for glyph in {*chars, *sources, *parts}:
        text(glyph)
    return {glyph: t for glyph, t in texts.items() if t is not None}


def _substitutions(font: Any) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, ...]]]]:
    """What shaping can substitute: each glyph's single-substitution sources, and each
    ligature's parts."""
    sources: dict[str, set[str]] = {}
    parts: dict[str, set[tuple[str, ...]]] = {}
    if "GSUB" not in font:
        return sources, parts
    gsub = font["GSUB"].table
    for index in reachable(gsub):
        for kind, sub in _subtables(gsub.LookupList.Lookup[index], "GSUB"):
            if kind == 1:
                for src, out in sub.mapping.items():
                    sources.setdefault(out, set()).add(src)
            elif kind == 4:
                for first, ligatures in sub.ligatures.items():
                    for lig in ligatures:
                        parts.setdefault(lig.LigGlyph, set()).add((first, *lig.Component))
    return sources, parts


def _joined(text: Any, glyphs: tuple[str, ...]) -> str | None:
    pieces = [text(g) for g in glyphs]
    return None if None in pieces else "".join(pieces)


def text_index(font: Any, known: dict[str, str] | None = None) -> dict[str, str]:
    """Outline key -> text for the face's glyphs (``glyph_texts``); an outline that two
    glyphs of different text share (a space and a no-break space) is left out."""
    glyf, hmtx = font["glyf"], font["hmtx"]
    index: dict[str, str | None] = {}
    for glyph, text in glyph_texts(font, known).items():
        key = outline_key(glyf, hmtx, glyph)
        index[key] = text if index.get(key, text) == text else None
    return {key: text for key, text in index.items() if text is not None}
