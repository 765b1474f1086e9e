"""The ITA framework of a year (weights, indicators, level rules, rounding), from data files.

NACC changes weights and rules between years, so they live in
``itadocs/data/frameworks/<year>.toml``, not in code. A file says how each tool's score is
obtained (reported by NACC, or the unrounded mean of its indicators or of its parts), the
level table (with minimums for the total and, per level, for every tool or for named tools),
the rounding rule, and the wording that belongs to a cycle (the national strategy's phase,
the name of NACC's system).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from importlib import resources

from itadocs.cleantext import one_line
from itadocs.exceptions import FrameworkError
from itadocs.messages import Message, ProblemCode

ROUNDING_METHODS = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}
TOTAL_RULES = ("exact", "sum_of_rounded")
SCORE_RULES = ("reported", "mean")


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    name_en: str
    description: str
    tool: str
    # The name as the radar chart prints it, "|" where its line may break (Thai has no
    # spaces between words); the file's ``chart_label``, else the name unbroken.
    chart_label: str = ""

    @property
    def chart_breaks(self) -> tuple[str, ...]:
        """The chart label's pieces between the places where a line may break."""
        return tuple((self.chart_label or self.name).split("|"))


@dataclass(frozen=True)
class Part:
    """A part of a tool whose score is the mean of its indicators (EIT had two in 2566)."""

    name: str
    indicators: tuple[int, ...]


@dataclass(frozen=True)
class Tool:
    code: str
    weight: Decimal
    name: str
    name_en: str
    purpose: str  # one paragraph: what the tool measures
    description: str  # how its data is collected; introduces its indicators
    indicators: tuple[int, ...]
    # "reported": NACC reports the score (an input, never guessed); "mean": the score is the
    # unrounded mean of its parts, each part the unrounded mean of its indicators.
    score_rule: str = "reported"
    parts: tuple[Part, ...] = ()

    def groups(self) -> tuple[tuple[int, ...], ...]:
        """The indicator groups whose means are averaged (one group when there are no parts)."""
        return tuple(p.indicators for p in self.parts) or (self.indicators,)


@dataclass(frozen=True)
class Level:
    name: str
    name_en: str
    min_total: Decimal
    # Minimum score per tool code for this level (all tools, or only those named).
    tool_min: tuple[tuple[str, Decimal], ...]
    range_text: str
    condition_text: str

    def tools_ok(self, scores: dict[str, Decimal]) -> bool:
        return all(scores.get(code, Decimal(0)) >= low for code, low in self.tool_min)

    @property
    def all_tools_min(self) -> Decimal | None:
        """The common minimum when every tool has the same one (the level table's wording)."""
        values = {low for _, low in self.tool_min}
        return values.pop() if len(values) == 1 else None


@dataclass(frozen=True)
class Rounding:
    """How NACC rounds: once, at the end, from exact figures (unless a year says otherwise)."""

    places: int = 2
    method: str = "half_up"
    # "exact": the total is the exact weighted sum, rounded once; "sum_of_rounded": the sum
    # of the rounded weighted scores.
    total: str = "exact"

    def round(self, value: Decimal) -> Decimal:
        quantum = Decimal(1).scaleb(-self.places)
        with localcontext() as ctx:
            ctx.prec = max(28, value.adjusted() + self.places + 2)
            return value.quantize(quantum, rounding=ROUNDING_METHODS[self.method])


@dataclass(frozen=True)
class ProgressWording:
    """The progress report's year-bound wording: its title and the OIT item it answers."""

    title: str  # {office} is the district office
    oit_item: str  # {fiscal_year} is the measures' fiscal year
    covers: str  # "current": the year's own measures; "previous": the year before's


COVERS = ("current", "previous")


@dataclass(frozen=True)
class Framework:
    year: int
    title: str
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...]
    rounding: Rounding = Rounding()
    pass_mark: Decimal = Decimal("85.00")  # NACC's passing total ("ผ่านเกณฑ์")
    texts: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    confirmed: tuple[str, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    provisional: bool = False  # a copy of another year's rules until NACC publishes its own
    progress: ProgressWording | None = field(default=None, hash=False, compare=False)

    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    def level(self, name: str) -> Level | None:
        wanted = one_line(name)
        return next((lv for lv in self.levels if lv.name == wanted), None)

    @property
    def score_keys(self) -> list[str]:
        """Rows of the scores sheet: indicators "1".."10", then the tools."""
        return [str(i.number) for i in self.indicators] + [t.code for t in self.tools]

    def text(self, value: str, assessed_year: int | str = "") -> str:
        """A framework text with its placeholders ({assessed_year}, {system}, ...) filled."""
        values = {**self.texts, "assessed_year": str(assessed_year)}
        for key, replacement in values.items():
            value = value.replace("{" + key + "}", replacement)
        return value


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


def all_indicator_names() -> tuple[str, ...]:
    """Every indicator's name in any framework year (a document's own year need not be
    known to keep its indicators' names whole)."""
    return tuple(dict.fromkeys(i.name for year in available_years()
                               for i in load(year).indicators))


def year_for(assessed_year: int | None, requested: int | None) -> int:
    """The framework that lays out a workbook's rows: as asked, else the newest fitting one.

    For scoring use :func:`choose`, which refuses or warns instead of silently falling back.
    """
    years = available_years()
    if requested is not None and requested in years:
        return requested
    fitting = [y for y in years if assessed_year is None or y <= assessed_year]
    return max(fitting) if fitting else min(years)


@dataclass(frozen=True)
class Notice:
    """A warning about the framework chosen (code, Thai, English; ``web``: the words for
    the web page, whose users cannot edit the installed data files)."""

    code: ProblemCode
    th: str
    en: str
    web: Message | None = None

    @property
    def message(self) -> Message:
        return Message(self.th, self.en, self.web)


@dataclass(frozen=True)
class Choice:
    """The framework to read and check a workbook with, and what staff must be told.

    ``error`` set: the framework may not score this assessment (the workbook can still be
    checked with ``year``'s indicators, but nothing is built).
    """

    year: int
    notices: tuple[Notice, ...] = ()
    error: Notice | None = None


def choose(assessed_year: int | None, requested: int | None) -> Choice:
    """The framework to score with (see ``_choose``), with a warning when its file is
    provisional (another year's rules until NACC publishes this year's)."""
    choice = _choose(assessed_year, requested)
    if choice.error is None and _provisional(choice.year):
        return Choice(choice.year, (*choice.notices, unconfirmed(choice.year)), choice.error)
    return choice


def _provisional(year: int) -> bool:
    try:
        return load(year).provisional
    except FrameworkError:
        return False


def unconfirmed(year: int) -> Notice:
    return Notice(
        ProblemCode.FRAMEWORK_UNCONFIRMED,
        f"เกณฑ์การประเมินปี {year} ยังไม่ได้รับการยืนยัน (ป.ป.ช. ยังไม่ประกาศ) itadocs ใช้เกณฑ์ของ"
        f"ปีก่อนหน้าไปพลาง ตรวจสอบเมื่อ ป.ป.ช. ประกาศเกณฑ์ (itadocs/data/frameworks/{year}.toml)",
        f"the {year} framework is not confirmed (NACC has not published it): itadocs uses "
        f"the year before's rules meanwhile; check them once NACC publishes "
        f"(itadocs/data/frameworks/{year}.toml)",
        Message(f"เกณฑ์การประเมินปี {year} ยังไม่ได้รับการยืนยัน (ป.ป.ช. ยังไม่ประกาศ) itadocs "
                "ใช้เกณฑ์ของปีก่อนหน้าไปพลาง เมื่อ ป.ป.ช. ประกาศเกณฑ์ ผู้ดูแลเซิร์ฟเวอร์จะตรวจและ"
                "ปรับ itadocs ตามเกณฑ์นั้น",
                f"the {year} framework is not confirmed (NACC has not published it): itadocs "
                "uses the year before's rules meanwhile; once NACC publishes, the person who "
                "runs the server checks itadocs against them"),
    )


def for_progress(fiscal_year: int, round_months: int) -> Choice:
    """The framework whose wording the progress report of fiscal year N's measures uses.

    The report answers an OIT item: of year N's assessment when that year's list asks for
    the current year's progress, or of year N+1's when that list asks for the previous
    year's report (a round-12 report only). Without year N's file the newest earlier one is
    used, with a warning; a provisional file is used with a warning too.
    """
    years = available_years()
    following = fiscal_year + 1
    if round_months == 12 and following in years:
        wording = load(following).progress
        if wording is not None and wording.covers == "previous":
            return choose(following, None)
    return choose(fiscal_year, None)


def _choose(assessed_year: int | None, requested: int | None) -> Choice:
    """The framework year to score an assessment with, and what staff must be told about it.

    The assessed year's own file is used when there is one. Another year's rules are used
    only with a warning (the newest file before the assessed year, or the year the workbook
    names); a framework later than the assessed year is refused, since its levels and
    indicators did not exist yet. Raises ``FrameworkError`` for a year with no file.
    """
    years = available_years()
    listed = ", ".join(map(str, years))
    if requested is not None:
        if requested not in years:
            raise FrameworkError(
                f"ไม่มีเกณฑ์การประเมินของปี {requested} (มีปี {listed})",
                f"no framework file for {requested} (available: {listed})",
            )
        if assessed_year is not None and requested > assessed_year:
            return Choice(requested, error=Notice(
                ProblemCode.FRAMEWORK_LATER,
                f"เกณฑ์การประเมินปี {requested} ใช้ประเมินผลปี {assessed_year} ไม่ได้ "
                "(เกณฑ์ออกหลังปีที่ประเมิน) เลือกปีของเกณฑ์ไม่เกินปีที่ประเมิน",
                f"the {requested} framework cannot score the {assessed_year} assessment (it "
                "is later than the assessed year); choose a framework year not after it",
            ))
        if assessed_year is not None and requested != assessed_year:
            return Choice(requested, (_differs(requested, assessed_year),))
        return Choice(requested)
    if assessed_year is None or assessed_year in years:
        return Choice(assessed_year if assessed_year is not None else max(years))
    earlier = [y for y in years if y < assessed_year]
    if not earlier:
        return Choice(min(years), error=Notice(
            ProblemCode.FRAMEWORK_MISSING,
            f"ไม่มีเกณฑ์การประเมินของปี {assessed_year} หรือปีก่อนหน้า (มีปี {listed}) "
            "จึงคำนวณระดับผลไม่ได้",
            f"no framework file for {assessed_year} or an earlier year (available: {listed}); "
            "the level cannot be computed",
        ))
    return Choice(max(earlier), (_differs(max(earlier), assessed_year, fallback=True),))


def _differs(used: int, assessed: int, fallback: bool = False) -> Notice:
    why_th = (f"ยังไม่มีไฟล์เกณฑ์ของปี {assessed} " if fallback else "")
    why_en = (f"there is no framework file for {assessed}; " if fallback else "")
    return Notice(
        ProblemCode.FRAMEWORK_YEAR,
        f"{why_th}ใช้เกณฑ์การประเมินปี {used} คำนวณผลการประเมินปี {assessed} ตรวจสอบว่า "
        f"ป.ป.ช. ใช้น้ำหนัก ตัวชี้วัด และระดับผลเดียวกันหรือไม่ (เพิ่มไฟล์ "
        f"itadocs/data/frameworks/{assessed}.toml เมื่อเกณฑ์ต่างกัน)",
        f"{why_en}the {assessed} assessment is scored with the {used} framework; check that "
        f"NACC kept the same weights, indicators and levels (add "
        f"itadocs/data/frameworks/{assessed}.toml if not)",
        Message(f"{why_th}ใช้เกณฑ์การประเมินปี {used} คำนวณผลการประเมินปี {assessed} ตรวจสอบว่า "
                "ป.ป.ช. ใช้น้ำหนัก ตัวชี้วัด และระดับผลเดียวกันหรือไม่ (หากต่างกัน แจ้งผู้ดูแล"
                f"เซิร์ฟเวอร์ให้เพิ่มเกณฑ์ของปี {assessed})",
                f"{why_en}the {assessed} assessment is scored with the {used} framework; check "
                "that NACC kept the same weights, indicators and levels (if not, ask the "
                f"person who runs the server to add the {assessed} framework)"),
    )


@cache
def load(year: int) -> Framework:
    """Read and validate the framework of ``year``."""
    text = source_texts().get(year)
    if text is None:
        raise FrameworkError(
            f"ไม่มีไฟล์เกณฑ์การประเมินของปี {year}", f"no framework file for {year}"
        )
    try:
        framework = parse(tomllib.loads(text))
    except (KeyError, TypeError, ValueError, ArithmeticError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(
            f"ไฟล์เกณฑ์การประเมินปี {year} ไม่ถูกต้อง: {exc}",
            f"framework file for {year} is malformed: {exc}",
        ) from exc
    validate(framework)
    return framework


def parse(data: dict) -> Framework:
    """A framework from the parsed TOML (raises KeyError/ValueError on a malformed file)."""
    tools = tuple(_tool(t) for t in data["tools"])
    owner = {n: t.code for t in tools for n in t.indicators}
    indicators = tuple(
        Indicator(
            number=i["number"],
            name=i["name"],
            name_en=i["name_en"],
            description=i.get("description", ""),
            tool=owner[i["number"]],
            chart_label=i.get("chart_label", i["name"]),
        )
        for i in data["indicators"]
    )
    codes = [t.code for t in tools]
    levels = tuple(_level(lv, codes) for lv in data["levels"])
    rounding = Rounding(**data.get("rounding", {}))
    if rounding.method not in ROUNDING_METHODS or rounding.total not in TOTAL_RULES:
        raise ValueError(f"unknown rounding rule {rounding}")
    status = data.get("status", {})
    progress = data.get("progress")
    wording = None
    if progress is not None:
        wording = ProgressWording(str(progress["title"]), str(progress["oit_item"]),
                                  str(progress.get("covers", "current")))
        if wording.covers not in COVERS:
            raise ValueError(f"progress.covers must be one of {COVERS}")
    return Framework(
        year=data["year"],
        title=data["title"],
        tools=tools,
        indicators=indicators,
        levels=levels,
        rounding=rounding,
        pass_mark=Decimal(data.get("pass_mark", "85.00")),
        texts={str(k): str(v) for k, v in data.get("texts", {}).items()},
        confirmed=tuple(status.get("confirmed", ())),
        unconfirmed=tuple(status.get("unconfirmed", ())),
        provisional=bool(status.get("provisional", False)),
        progress=wording,
    )


def _tool(t: dict) -> Tool:
    parts = tuple(Part(p["name"], tuple(p["indicators"])) for p in t.get("parts", ()))
    indicators = tuple(t["indicators"]) if "indicators" in t else tuple(
        n for p in parts for n in p.indicators
    )
    rule = t.get("score", "reported")
    if rule not in SCORE_RULES:
        raise ValueError(f"tool {t['code']}: unknown score rule {rule!r}")
    if parts and sorted(n for p in parts for n in p.indicators) != sorted(indicators):
        raise ValueError(f"tool {t['code']}: its parts do not hold exactly its indicators")
    return Tool(
        code=t["code"],
        weight=Decimal(t["weight"]),
        name=t["name"],
        name_en=t["name_en"],
        purpose=t.get("purpose", ""),
        description=t.get("description", ""),
        indicators=indicators,
        score_rule=rule,
        parts=parts,
    )


def _level(lv: dict, codes: list[str]) -> Level:
    tool_min: dict[str, Decimal] = {}
    if "all_tools_min" in lv:
        tool_min = {code: Decimal(lv["all_tools_min"]) for code in codes}
    for code, low in lv.get("tool_min", {}).items():
        if code not in codes:
            raise ValueError(f"level {lv['name']}: unknown tool {code}")
        tool_min[code] = Decimal(low)
    return Level(
        name=lv["name"],
        name_en=lv["name_en"],
        min_total=Decimal(lv["min_total"]),
        tool_min=tuple(tool_min.items()),
        range_text=lv["range_text"],
        condition_text=lv["condition_text"],
    )


def validate(framework: Framework) -> None:
    year = framework.year
    for indicator in framework.indicators:
        if not all(piece.strip() for piece in indicator.chart_breaks):
            raise FrameworkError(
                f"ชื่อบนแผนภูมิของตัวชี้วัดที่ {indicator.number} ในเกณฑ์ปี {year} "
                f"('{indicator.chart_label}') มีช่วงว่างระหว่างเครื่องหมาย |",
                f"the chart label of indicator {indicator.number} in framework {year} "
                f"('{indicator.chart_label}') has an empty piece between its | marks",
            )
    total_weight = sum(t.weight for t in framework.tools)
    if total_weight != 100:
        raise FrameworkError(
            f"น้ำหนักของเครื่องมือในเกณฑ์ปี {year} รวมได้ {total_weight} ไม่ใช่ 100",
            f"tool weights of framework {year} add up to {total_weight}, not 100",
        )
    minimums = [lv.min_total for lv in framework.levels]
    if minimums != sorted(minimums, reverse=True) or not framework.levels:
        raise FrameworkError(
            f"ระดับผลในเกณฑ์ปี {year} ต้องเรียงจากสูงไปต่ำ",
            f"the levels of framework {year} must be listed from the highest down",
        )
