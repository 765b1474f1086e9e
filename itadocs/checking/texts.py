"""Every free text of a workbook, with its path: what carry-over retargets and what the
consistency checks scan for another district or a stale year.

The list comes from the workbook's structure (``reading/schema.py``): every text cell of
every sheet is a candidate, a column added to a table later included, except people's names
and photo paths (a name is never retargeted; a path is not words).
"""

from __future__ import annotations

from collections.abc import Iterator

from itadocs.model import WorkbookData
from itadocs.reading import schema

# Text cells that are not prose: people's names and file paths.
NOT_PROSE = frozenset({"name", "file", "director_name", "signer_name"})
POSITIONS = frozenset({"director_position", "signer_position", "position", "department"})


def _prose(key: str, kind: str, strict: bool, positions: bool) -> bool:
    """A cell whose words may name a district or a year."""
    if key in NOT_PROSE or (key in POSITIONS and not positions):
        return False
    return kind in ("text", "longtext") or (kind == "choice" and not strict)


def text_fields(data: WorkbookData, positions: bool = True
                ) -> Iterator[tuple[str, object, str]]:
    """(path, object, attribute) of each free text; ``positions`` adds the director's,
    the signer's and the members' positions and departments."""
    for form, owner in ((schema.UNIT, data.unit), (schema.ORDER, data.order)):
        for fld in form.fields:
            if _prose(fld.key, fld.kind, True, positions):
                yield f"{form.key}.{fld.key}", owner, fld.key
    columns = [c for c in schema.ANALYSIS.columns
               if _prose(c.key, c.kind, c.strict, positions)]
    for row in data.analyses:
        for column in columns:
            yield f"analyses[{row.indicator}].{column.key}", row, column.key
    for table, rows in schema.row_tables(data):
        columns = [c for c in table.columns if _prose(c.key, c.kind, c.strict, positions)]
        for i, row in enumerate(rows):
            for column in columns:
                yield f"{table.key}[{i}].{column.key}", row, column.key


# The progress sheet's texts the report prints as written (its dates, numbers, choices
# and evidence links are checked by ``checking.progress``).
ROUND_TEXTS = ("problems", "suggestions", "summary", "memo_department", "memo_to",
               "memo_signer_position")


def progress_texts(data: WorkbookData, round_months: int) -> Iterator[tuple[str, str]]:
    """(path, text) of each non-empty text of one round of the progress sheet: the round's
    problems, suggestions, summary and memo, and each measure's result."""
    texts = data.progress.rounds.get(round_months)
    for key in ROUND_TEXTS if texts is not None else ():
        if getattr(texts, key):
            yield f"progress.rounds[{round_months}].{key}", getattr(texts, key)
    for i, row in enumerate(data.progress.rows):
        if row.round == round_months and row.result:
            yield f"progress[{i}].result", row.result


def free_texts(data: WorkbookData, positions: bool = True) -> Iterator[tuple[str, str]]:
    """(path, text) of each non-empty free text."""
    for path, owner, attribute in text_fields(data, positions):
        text = getattr(owner, attribute)
        if text:
            yield path, text
