"""The ITA framework of a year (weights, indicators, level rules), loaded from data files.

NACC changes weights and rules between years, so they live in
``itadocs/data/frameworks/<year>.toml``, not in code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from .exceptions import FrameworkError


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    name_en: str
    description: str
    tool: str


@dataclass(frozen=True)
class Tool:
    code: str
    weight: Decimal
    name: str
    name_en: str
    purpose: str  # one paragraph: what the tool measures
    description: str  # how its data is collected; introduces its indicators
    indicators: tuple[int, ...]


@dataclass(frozen=True)
class Level:
    name: str
    name_en: str
    min_total: Decimal
    all_tools_min: Decimal | None
    range_text: str
    condition_text: str


@dataclass(frozen=True)
class Framework:
    year: int
    title: str
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...]

    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    @property
    def score_keys(self) -> list[str]:
        """Rows of the scores sheet: indicators "1".."10", then the tools."""
        return [str(i.number) for i in self.indicators] + [t.code for t in self.tools]


def source_texts() -> dict[int, str]:
    """The text of every framework file, by year."""
    folder = resources.files("itadocs") / "data" / "frameworks"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.name[:-5].isdigit():
            found[int(entry.name[:-5])] = entry.read_text(encoding="utf-8")
    return found


@cache
def available_years() -> tuple[int, ...]:
    return tuple(sorted(source_texts()))


def year_for(assessed_year: int | None, requested: int | None) -> int:
    """The framework year to use: the one asked for, else the newest not after the assessment."""
    years = available_years()
    if requested is not None:
        if requested not in years:
            raise FrameworkError(
                f"ไม่มีเกณฑ์การประเมินของปี {requested} (มีปี {', '.join(map(str, years))})",
                f"no framework file for {requested} (available: {', '.join(map(str, years))})",
            )
        return requested
    fitting = [y for y in years if assessed_year is None or y <= assessed_year]
    return max(fitting) if fitting else min(years)


@cache
def load(year: int) -> Framework:
    """Read and validate the framework of ``year``."""
    text = source_texts().get(year)
    if text is None:
        raise FrameworkError(
            f"ไม่มีไฟล์เกณฑ์การประเมินของปี {year}", f"no framework file for {year}"
        )
    try:
        data = tomllib.loads(text)
        tools = tuple(
            Tool(
                code=t["code"],
                weight=Decimal(t["weight"]),
                name=t["name"],
                name_en=t["name_en"],
                purpose=t.get("purpose", ""),
                description=t.get("description", ""),
                indicators=tuple(t["indicators"]),
            )
            for t in data["tools"]
        )
        owner = {n: t.code for t in tools for n in t.indicators}
        indicators = tuple(
            Indicator(
                number=i["number"],
                name=i["name"],
                name_en=i["name_en"],
                description=i.get("description", ""),
                tool=owner[i["number"]],
            )
            for i in data["indicators"]
        )
        levels = tuple(
            Level(
                name=lv["name"],
                name_en=lv["name_en"],
                min_total=Decimal(lv["min_total"]),
                all_tools_min=Decimal(lv["all_tools_min"]) if "all_tools_min" in lv else None,
                range_text=lv["range_text"],
                condition_text=lv["condition_text"],
            )
            for lv in data["levels"]
        )
        framework = Framework(data["year"], data["title"], tools, indicators, levels)
    except (KeyError, TypeError, ValueError, ArithmeticError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(
            f"ไฟล์เกณฑ์การประเมินปี {year} ไม่ถูกต้อง: {exc}",
            f"framework file for {year} is malformed: {exc}",
        ) from exc
    total_weight = sum(t.weight for t in framework.tools)
    if total_weight != 100:
        raise FrameworkError(
            f"น้ำหนักของเครื่องมือในเกณฑ์ปี {year} รวมได้ {total_weight} ไม่ใช่ 100",
            f"tool weights of framework {year} add up to {total_weight}, not 100",
        )
    return framework
