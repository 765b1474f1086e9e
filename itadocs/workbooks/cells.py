"""Write values into the cells of the workbooks itadocs makes (``new``, the summary).

Text is always written as text, whatever it starts with: a district name, a measure or a
file name beginning with ``=`` (even after spaces), ``+``, ``-``, ``@`` or looking like an
error code (``#N/A``) must never become a live formula in a colleague's Excel. openpyxl turns
any string starting with ``=`` into a formula, so every cell goes through ``put``; the few
formulas itadocs means to write go through ``formula``.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

# Excel keeps a cell that starts like a formula as text when it is edited again only with
# its "quote prefix" flag set (shown as a leading ' in the formula bar).
FORMULA_LIKE = ("=", "+", "-", "@")

# What openpyxl's ``ws[ref]`` and ``ws.cell()`` return (a merged cell refuses a value at run time).
AnyCell = Cell | MergedCell


def put(cell: AnyCell, value: Any) -> AnyCell:
    """Write ``value`` into ``cell``; text stays text (never a formula or an error code)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.lstrip()[:1] in FORMULA_LIKE:
            cell.quotePrefix = True
    return cell


def put_at(ws: Worksheet, row: int, column: int, value: Any = None) -> AnyCell:
    """``ws.cell(row, column, value)`` with ``put``'s rule for text."""
    cell = ws.cell(row, column)
    if value is not None:
        put(cell, value)
    return cell


def formula(cell: AnyCell, text: str) -> AnyCell:
    """A formula itadocs writes on purpose (shown to staff, never trusted when read)."""
    if not text.startswith("="):
        raise ValueError(f"not a formula: {text!r}")
    cell.value = text
    return cell


def append_row(ws: Worksheet, values: list[Any]) -> int:
    """Append a row of values below the last one, each through ``put``; returns its number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        put_at(ws, row, column, value)
    return row
