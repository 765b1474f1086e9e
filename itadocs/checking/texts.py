"""Every free text of a workbook, with its path: what carry-over retargets and what the
consistency checks scan for another district or a stale year."""

from __future__ import annotations

from collections.abc import Iterator

from itadocs.model import WorkbookData

ORDER_TEXTS = ("subject", "preamble", "authority", "purpose")


def text_fields(data: WorkbookData, positions: bool = True
                ) -> Iterator[tuple[str, object, str]]:
    """(path, object, attribute) of each free text; ``positions`` adds the director's,
    the signer's and the members' positions and departments."""
    if positions:
        yield "unit.director_position", data.unit, "director_position"
        yield "order.signer_position", data.order, "signer_position"
    for key in ORDER_TEXTS:
        yield f"order.{key}", data.order, key
    for row in data.analyses:
        yield f"analyses[{row.indicator}].text", row, "text"
    for i, measure in enumerate(data.measures):
        yield f"measures[{i}].text", measure, "text"
    if positions:
        for body in ("committee", "working_group"):
            for i, member in enumerate(getattr(data, body)):
                yield f"{body}[{i}].position", member, "position"
                yield f"{body}[{i}].department", member, "department"
    for i, duty in enumerate(data.duties):
        yield f"duties[{i}].text", duty, "text"
    for i, paragraph in enumerate(data.paragraphs):
        yield f"paragraphs[{i}].text", paragraph, "text"
    for i, photo in enumerate(data.photos):
        yield f"photos[{i}].caption", photo, "caption"


def free_texts(data: WorkbookData, positions: bool = True) -> Iterator[tuple[str, str]]:
    """(path, text) of each non-empty free text."""
    for path, owner, attribute in text_fields(data, positions):
        text = getattr(owner, attribute)
        if text:
            yield path, text
