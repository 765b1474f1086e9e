"""The standard texts a district's workbook starts from (``itadocs new --district X``).

The wording lives in ``data/standard_texts.toml`` (from the published Khlong San document,
the district a placeholder), so a district never starts by copying another district's
file and the wording is changed without touching code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from itadocs.model import Duty, Member, Order, Paragraph, Unit, WorkbookData
from itadocs.thai import digits


@cache
def texts() -> dict[str, Any]:
    raw = (resources.files("itadocs") / "data" / "standard_texts.toml").read_text("utf-8")
    return tomllib.loads(raw)


def fill(template: str, district: str, fiscal_year: int, thai: bool = True) -> str:
    """One standard text for ``district`` and ``fiscal_year`` (years in the digit style)."""
    return template.format(
        district=district,
        office=f"สำนักงานเขต{district}",
        fiscal_year=digits(fiscal_year, thai),
        next_year=digits(fiscal_year + 1, thai),
    )


def standard_data(district: str, fiscal_year: int, digit_style: str = "thai") -> WorkbookData:
    """A workbook's data holding the standard texts of ``district`` for ``fiscal_year``."""
    std = texts()
    thai = digit_style != "arabic"

    def f(text: str) -> str:
        return fill(text, district, fiscal_year, thai)

    unit = Unit(district=district, fiscal_year=fiscal_year, digits=digit_style,
                director_position=f(std["unit"]["director_position"]))
    texts_of_order: dict[str, Any] = {key: f(value) for key, value in std["order"].items()}
    order = Order(**texts_of_order)
    data = WorkbookData(unit=unit, order=order)
    data.paragraphs = [Paragraph(p["section"], f(p["text"])) for p in std["paragraphs"]]
    data.duties = [Duty(d["body"], f(d["text"])) for d in std["duties"]]
    for body in ("committee", "working_group"):
        setattr(data, body, [Member(position=f(m["position"]), role=m["role"])
                             for m in std[body]])
    return data
