"""Radar chart of the ITA indicators, drawn for a Word page and for black-and-white printing.

The figure is laid out in inches on a plain Agg canvas (no pyplot, no global state) and is
exactly ``width_cm`` wide, so text set in points keeps its size when the PNG is inserted at
that width. matplotlib is imported inside the functions so that the CLI only pays for it when
a chart is actually drawn.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itadocs.thai import digits, fmt2

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.text import Text

DPI = 200
RINGS = (20, 40, 60, 80, 100)
SCALE_MAX = 100

LABEL_PT = 12  # indicator names: body-text size once inserted at width_cm
LEGEND_PT = 12
VALUE_PT = 10  # scores next to the points; twenty of them must fit around the rings
TICK_PT = 8.5  # ring scale, secondary information

MARGIN_IN = 0.06  # white border kept around everything
LABEL_GAP_IN = 0.10  # clearance between a name and the ring, a score or another name
VALUE_PAD_IN = 0.025  # marker edge to score text
LEGEND_GAP_IN = 0.18  # lowest name to legend
RING_GAP_IN = 0.035  # a score never sits on the outer ring
TICK_GAP_IN = 0.045  # nor touches a ring value (20 ... 100)
MIN_RADIUS_IN = 1.0  # below this the chart is too small to read: widen the figure instead
MAX_RADIUS_FRACTION = 0.31  # of the figure width, so short names don't give a giant chart

GRID_GREY = "#b3b3b3"
OUTER_GREY = "#7f7f7f"
TEXT_BLACK = "#000000"
TICK_GREY = "#555555"
FILL_GREY = "#808080"

Box = tuple[float, float, float, float]  # x0, x1, y0, y1 in inches from the chart centre
Point = tuple[float, float]

_ZWSP = "\u200b"


@dataclass(frozen=True)
class _Style:
    """How one series is drawn; line style and marker carry the meaning, colour only helps."""

    color: str
    linestyle: str | tuple[float, tuple[float, float]]
    linewidth: float
    marker: str
    markersize: float
    markerface: str
    fill_alpha: float
    value_weight: str
    value_color: str


_STYLES = (
    # assessed year: solid line, filled circles, light grey area, bold scores
    _Style("#1f3f77", "-", 2.0, "o", 6.0, "#1f3f77", 0.14, "bold", TEXT_BLACK),
    # previous year: dashed line, open squares, no area, regular scores
    # (the square is a little larger, so it frames the circle where both years score the same)
    _Style("#4d4d4d", (0, (5.0, 2.5)), 1.6, "s", 7.0, "#ffffff", 0.0, "normal", "#333333"),
)


# --- fonts ----------------------------------------------------------------------------------
def _font_file(weight: str) -> str:
    """Path of the packaged Sarabun file, so every machine renders the same glyphs."""
    name = "Sarabun-Bold.ttf" if weight == "bold" else "Sarabun-Regular.ttf"
    path = Path(str(files("fontpkg_sarabun") / "files" / name))
    if not path.is_file():
        raise FileNotFoundError(f"Sarabun font not found: {path}")
    return str(path)


def _register_sarabun() -> None:
    """Make Sarabun known to matplotlib once (idempotent, also after a font-cache rebuild)."""
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for weight in ("normal", "bold"):
        fname = _font_file(weight)
        if fname not in known:
            font_manager.fontManager.addfont(fname)


def _font(size: float, weight: str = "normal") -> FontProperties:
    """Sarabun by file, not by family lookup, so a system-installed Sarabun can't take over."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=_font_file(weight), size=size)


# --- label text -----------------------------------------------------------------------------
def _visible_len(text: str) -> int:
    """Characters that take horizontal space (Thai vowel and tone marks stack, they don't)."""
    return sum(1 for ch in text if unicodedata.category(ch) != "Mn")


@cache
def known_breaks() -> tuple[str, ...]:
    """Word boundaries of the indicator names of every framework file ("|" = a place where
    a line may break: the files' ``chart_label``), newest framework first.

    The measures document passes its labels with the breaks already marked (U+200B, see
    context.chart_labels); these serve a caller that passes a plain name."""
    from itadocs import framework

    found: list[str] = []
    for year in sorted(framework.available_years(), reverse=True):
        for indicator in framework.load(year).indicators:
            entry = "|".join(indicator.chart_breaks)
            if "|" in entry and entry not in found:
                found.append(entry)
    return tuple(found)


def _mark_known_breaks(label: str) -> str:
    """Put a zero-width space at the word boundaries of a known indicator name in ``label``."""
    for entry in known_breaks():
        name = entry.replace("|", "")
        if name in label:
            return label.replace(name, entry.replace("|", _ZWSP), 1)
    return label


def wrap_label(label: str, limit: int = 0) -> str:
    """Split a label longer than ``limit`` onto two lines at the break nearest its middle.

    Breaks are allowed only at spaces, at zero-width spaces (U+200B) written by the caller and
    at the word boundaries of the indicator names of the framework files (known_breaks): Thai
    letters are never cut anywhere else. A label that already contains "\\n" is the caller's
    layout, kept as is.
    A break that would leave a stub (such as the number "๔.") on its own line is not used.
    """
    plain = label.replace(_ZWSP, "")
    total = _visible_len(plain)
    if "\n" in label or total <= limit:
        return plain
    marked = _mark_known_breaks(label)
    best: tuple[int, str] | None = None
    for i, ch in enumerate(marked):
        if ch not in (" ", _ZWSP):
            continue
        left = marked[:i].replace(_ZWSP, "").rstrip()
        right = marked[i + 1 :].replace(_ZWSP, "").lstrip()
        shorter = min(_visible_len(left), _visible_len(right))
        if shorter * 4 < total:
            continue
        score = abs(_visible_len(left) - _visible_len(right))
        if best is None or score < best[0]:
            best = (score, f"{left}\n{right}")
    return best[1] if best else plain


# --- input ----------------------------------------------------------------------------------
def _as_decimal(value: Decimal | float | int | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _validate(labels: list[str], series: list[tuple[str, list[Decimal | None]]]) -> None:
    if len(labels) < 3:
        raise ValueError("a radar chart needs at least three indicators")
    if not 1 <= len(series) <= 2:
        raise ValueError("a radar chart takes one or two series (assessed year, previous year)")
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
        for value in values:
            v = _as_decimal(value)
            if v is not None and not 0 <= v <= SCALE_MAX:
                raise ValueError(f"score {v} of series {name!r} is outside 0–{SCALE_MAX}")


# --- geometry (inches, origin at the chart centre) ------------------------------------------
def _xy(angle: float, radius: float) -> Point:
    """Point at ``angle`` clockwise from the top: the first indicator sits at twelve o'clock."""
    return radius * math.sin(angle), radius * math.cos(angle)


def _extent_along(angle: float, width: float, height: float) -> float:
    """Half the size of a width x height box seen along the spoke at ``angle``."""
    return abs(math.sin(angle)) * width / 2 + abs(math.cos(angle)) * height / 2


def _alignment(angle: float) -> tuple[str, str]:
    """Where a name hangs from its anchor on the spoke, so it grows away from the chart."""
    s, c = math.sin(angle), math.cos(angle)
    if abs(s) < 0.05:
        return "center", ("bottom" if c > 0 else "top")
    ha = "left" if s > 0 else "right"
    if abs(c) < 0.35:
        return ha, "center"
    return ha, ("bottom" if c > 0 else "top")


def _box(ha: str, va: str, x: float, y: float, w: float, h: float) -> Box:
    """(x0, x1, y0, y1) of a text box anchored at (x, y) with the given alignment."""
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return x0, x0 + w, y0, y0 + h


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] + by, box[2] - by, box[3] + by


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _outside_polygon(box: Box, angles: list[float], radius: float, gap: float) -> bool:
    """Whether a box stays ``gap`` clear of the outer ring (separating-axis test)."""
    xs = [radius * math.sin(a) for a in angles]
    ys = [radius * math.cos(a) for a in angles]
    if box[0] >= max(xs) + gap or box[1] <= min(xs) - gap:
        return True
    if box[2] >= max(ys) + gap or box[3] <= min(ys) - gap:
        return True
    corners = [(box[0], box[2]), (box[0], box[3]), (box[1], box[2]), (box[1], box[3])]
    half = math.pi / len(angles)
    apothem = radius * math.cos(half)
    for a in angles:
        nx, ny = math.sin(a + half), math.cos(a + half)
        if min(cx * nx + cy * ny for cx, cy in corners) >= apothem + gap:
            return True
    return False


def _inside_polygon(box: Box, angles: list[float], radius: float, gap: float) -> bool:
    """Whether a box lies inside the outer ring, ``gap`` clear of it."""
    half = math.pi / len(angles)
    apothem = radius * math.cos(half)
    corners = [(box[0], box[2]), (box[0], box[3]), (box[1], box[2]), (box[1], box[3])]
    return all(
        max(cx * math.sin(a + half) + cy * math.cos(a + half) for cx, cy in corners)
        <= apothem - gap
        for a in angles
    )


def _clear_of_ring(box: Box, angles: list[float], radius: float, gap: float) -> bool:
    return (_inside_polygon(box, angles, radius, gap)
            or _outside_polygon(box, angles, radius, gap))


def _hits(box: Box, p: Point, q: Point) -> bool:
    """Whether the segment p-q passes through the box (Liang-Barsky clipping)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for step, dist in (
        (-dx, p[0] - box[0]), (dx, box[1] - p[0]), (-dy, p[1] - box[2]), (dy, box[3] - p[1]),
    ):
        if step == 0:
            if dist < 0:
                return False
            continue
        t = dist / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _bounds(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes), max(b[1] for b in boxes),
        min(b[2] for b in boxes), max(b[3] for b in boxes),
    )


@dataclass
class _Value:
    """One score written next to its point, outside it or (the lower of two) inside it."""

    score: float
    text: Text
    width: float
    height: float
    marker_in: float
    outward: bool = True

    def extent(self, angle: float) -> float:
        return _extent_along(angle, self.width, self.height)

    def distance(self, angle: float, radius: float) -> float:
        """Distance of the text centre from the chart centre, clear of the marker."""
        offset = self.marker_in + VALUE_PAD_IN + self.extent(angle)
        base = self.score / SCALE_MAX * radius
        return base + offset if self.outward else base - offset


@dataclass
class _Label:
    """An indicator name with its one-line and (where a break is allowed) two-line forms."""

    angle: float
    text: Text
    forms: list[tuple[str, float, float]]  # (text, width, height), one line first
    choice: int = 0
    ha: str = field(init=False)
    va: str = field(init=False)

    def __post_init__(self) -> None:
        self.ha, self.va = _alignment(self.angle)

    @property
    def size(self) -> tuple[float, float]:
        return self.forms[self.choice][1], self.forms[self.choice][2]


class _Layout:
    """Places names and scores for a given chart radius and finds the radius that fits."""

    def __init__(self, angles: list[float], labels: list[_Label], values: list[list[_Value]]):
        self.angles = angles
        self.labels = labels
        self.values = values

    def value_centres(self, radius: float) -> list[tuple[_Value, Point]]:
        """Where each score is written; two scores both outside a point are stacked."""
        out = []
        for angle, spoke in zip(self.angles, self.values, strict=True):
            previous: tuple[_Value, float] | None = None
            for v in sorted(spoke, key=lambda v: v.score):
                d = v.distance(angle, radius)
                if v.outward and previous and previous[0].outward:
                    low, low_d = previous
                    d = max(d, low_d + low.extent(angle) + v.extent(angle) + 0.02)
                d = self.off_the_ring(v, angle, d, radius)
                previous = (v, d)
                out.append((v, _xy(angle, d)))
        return out

    def off_the_ring(self, v: _Value, angle: float, d: float, radius: float) -> float:
        """A score that would sit on the outer ring moves off it: out past the ring when it
        is written outside its point, in towards the centre when inside it."""
        step = 0.01 if v.outward else -0.01
        while 0 < d < radius + 2:
            box = _box("center", "center", *_xy(angle, d), v.width, v.height)
            if _clear_of_ring(box, self.angles, radius, RING_GAP_IN):
                break
            d += step
        return d

    def value_boxes(self, radius: float) -> list[Box]:
        return [_box("center", "center", *xy, v.width, v.height)
                for v, xy in self.value_centres(radius)]

    def place_labels(self, radius: float) -> list[tuple[Point, Box]]:
        """Each name as close to the ring as it can be without touching anything drawn."""
        taken = self.value_boxes(radius)
        placed: dict[int, tuple[Point, Box]] = {}
        # Side names first: they set the width; the top and bottom ones may move out freely.
        order = sorted(range(len(self.labels)),
                       key=lambda i: (-round(abs(math.sin(self.angles[i])), 6), i))
        for i in order:
            label = self.labels[i]
            w, h = label.size
            d = radius + LABEL_GAP_IN
            while True:
                anchor = _xy(label.angle, d)
                box = _box(label.ha, label.va, *anchor, w, h)
                grown = _grow(box, LABEL_GAP_IN)
                if d > radius + 4 or (
                    _outside_polygon(box, self.angles, radius, LABEL_GAP_IN)
                    and not any(_overlaps(grown, other) for other in taken)
                ):
                    break
                d += 0.01
            placed[i] = (anchor, box)
            taken.append(box)
        return [placed[i] for i in range(len(self.labels))]

    def bounds(self, radius: float) -> Box:
        ring = [_xy(a, radius) for a in self.angles]
        chart = _bounds([(p[0], p[0], p[1], p[1]) for p in ring])
        boxes = [chart, *self.value_boxes(radius), *(b for _, b in self.place_labels(radius))]
        return _bounds(boxes)

    def width(self, radius: float) -> float:
        b = self.bounds(radius)
        return b[1] - b[0]

    def fit(self, usable: float, lo: float, hi: float) -> float | None:
        """Largest radius in [lo, hi] whose drawing is at most ``usable`` wide (None: none)."""
        if self.width(lo) > usable:
            return None
        if self.width(hi) <= usable:
            return hi
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if self.width(mid) <= usable else (lo, mid)
        return lo


def _filled_runs(points: list[Point | None]) -> list[list[Point]]:
    """The area under a series, following its line: a gap leaves its two wedges empty."""
    if all(points):
        return [[p for p in points if p]]
    start = points.index(None)
    rotated = points[start:] + points[:start]
    runs: list[list[Point]] = []
    for present, group in itertools.groupby(rotated, key=bool):
        run = [p for p in group if p]
        if present and len(run) >= 2:
            runs.append([(0.0, 0.0), *run])
    return runs


def _place_ticks(
    angles: list[float], radius: float, ticks: list[tuple[float, float]],
    occupied: list[Box], segments: list[tuple[Point, Point]], frame: Box,
    scores: list[Box] = (),  # type: ignore[assignment]
) -> list[Point]:
    """Centres of the ring values, in the gap between two spokes where they are least in the way.

    Scores cluster at 80-100, right where the 80 and 100 ring labels go, so every gap is
    tried with the values on their rings, just outside them and just inside them, and the
    placement covering the fewest scores, names, series lines and other ring values wins; on
    a tie, values on the rings, then the gap nearest the vertical, then the first clockwise.
    """
    half = math.pi / len(angles)
    best: tuple[float, list[Point]] | None = None
    for a in angles:
        mid = a + half
        for shift, preference in ((0, 0.0), (1, 0.2), (-1, 0.3), (2, 0.5), (-2, 0.6)):
            centres, boxes = [], []
            for ring, (w, h) in zip(RINGS, ticks, strict=True):
                d = ring / SCALE_MAX * radius * math.cos(half)
                d += shift * (_extent_along(mid, w, h) + 0.015)
                x, y = _xy(mid, d)
                centres.append((x, y))
                boxes.append((x - w / 2, x + w / 2, y - h / 2, y + h / 2))
            cost = abs(math.sin(mid)) * 1.5 + preference
            for i, box in enumerate(boxes):
                cost += 100 * (box[0] < frame[0] or box[1] > frame[1])  # would widen the figure
                cost += 10 * sum(1 for other in boxes[:i] if _overlaps(box, other))
                cost += 10 * sum(1 for other in occupied if _overlaps(_grow(box, 0.02), other))
                # a ring value touching a score is never acceptable
                cost += 1000 * sum(1 for other in scores
                                   if _overlaps(_grow(box, TICK_GAP_IN), other))
                # ... and had better not stand next to one ("100  100.00")
                cost += 2 * sum(1 for other in scores if _overlaps(_grow(box, 0.12), other))
                cost += 4 * sum(1 for p, q in segments if _hits(box, p, q))
            if best is None or cost < best[0] - 1e-9:
                best = (cost, centres)
    assert best is not None
    return best[1]


@dataclass
class _Canvas:
    """One Agg figure with one axes filling it, whose data units are inches from the chart
    centre; text is measured with its renderer."""

    fig: Figure
    ax: Axes
    renderer: RendererAgg
    thai_digits: bool
    width_in: float

    @classmethod
    def new(cls, width_cm: float, thai_digits: bool) -> _Canvas:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        width_in = round(width_cm / 2.54 * DPI) / DPI  # whole pixels: the PNG is this wide
        fig = Figure(figsize=(width_in, width_in), dpi=DPI, facecolor="white")
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xticks([])
        ax.set_yticks([])
        return cls(fig, ax, renderer, thai_digits, width_in)

    def num(self, text: object) -> str:
        return digits(text, self.thai_digits)

    def size_in(self, text: Text) -> tuple[float, float]:
        box = text.get_window_extent(self.renderer)
        return box.width / DPI, box.height / DPI


def build_radar_figure(
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    *,
    thai_digits: bool,
    width_cm: float = 15.0,
) -> Figure:
    """The radar chart as a matplotlib Figure with an Agg canvas, ready to save or inspect.

    Separate from :func:`radar_chart` so tests can look at the text objects and fonts.
    Text is made first (its sizes decide the layout), then the largest radius that fits the
    width is found, the grid and the series are drawn and the text is put in place.
    """
    _validate(labels, series)
    _register_sarabun()
    canvas = _Canvas.new(width_cm, thai_digits)
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)]
    names = _name_texts(canvas, angles, labels)
    ticks = _tick_texts(canvas)
    values = _value_texts(canvas, series, n)
    layout = _Layout(angles, names, values)
    radius = _fit(layout, canvas)
    _draw_grid(canvas.ax, angles, radius)
    handles, segments = _draw_series(canvas, angles, radius, series)
    tick_boxes = _place_text(layout, radius, ticks, segments)
    _finish(canvas, layout.bounds(radius), tick_boxes, handles)
    return canvas.fig


def _name_texts(canvas: _Canvas, angles: list[float], labels: list[str]) -> list[_Label]:
    """Each indicator's name, measured in its one-line and two-line forms."""
    names: list[_Label] = []
    for angle, label in zip(angles, labels, strict=True):
        ha, _ = _alignment(angle)
        t = canvas.ax.text(0, 0, "", ha=ha, multialignment=ha, fontproperties=_font(LABEL_PT),
                           color=TEXT_BLACK, zorder=6)
        forms = []
        for form in dict.fromkeys((wrap_label(label, 10**6), wrap_label(label))):
            t.set_text(canvas.num(form))
            forms.append((canvas.num(form), *canvas.size_in(t)))
        # Start from the narrowest form; one-line forms come back where they cost nothing.
        names.append(_Label(angle, t, forms, choice=len(forms) - 1))
    return names


def _tick_texts(canvas: _Canvas) -> list[tuple[Text, tuple[float, float]]]:
    """The ring values 20 ... 100 and their sizes."""
    ticks = []
    for ring in RINGS:
        t = canvas.ax.text(
            0, 0, canvas.num(ring), ha="center", va="center", fontproperties=_font(TICK_PT),
            color=TICK_GREY, zorder=2,
            bbox={"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none"})
        ticks.append((t, canvas.size_in(t)))
    return ticks


def _value_texts(canvas: _Canvas, series: list[tuple[str, list[Decimal | None]]], n: int
                 ) -> list[list[_Value]]:
    """The scores written next to their points, by spoke."""
    from matplotlib.patheffects import withStroke

    halo = [withStroke(linewidth=2.6, foreground="white")]
    values: list[list[_Value]] = [[] for _ in range(n)]
    for k, (_, scores) in enumerate(series):
        style = _STYLES[k]
        for i, raw in enumerate(scores):
            score = _as_decimal(raw)
            if score is None:
                continue
            t = canvas.ax.text(0, 0, canvas.num(fmt2(score)), ha="center", va="center",
                               fontproperties=_font(VALUE_PT, style.value_weight),
                               color=style.value_color, zorder=7, path_effects=halo)
            values[i].append(_Value(float(score), t, *canvas.size_in(t),
                                    style.markersize / 2 / 72))
    for spoke in values:
        # The higher score of a spoke is written outside its point and the lower one inside,
        # so two close years never print on top of each other; on a tie the assessed year
        # (listed first) is outside. Near the centre there is no room inside.
        if len(spoke) == 2:
            low = spoke[1] if spoke[1].score <= spoke[0].score else spoke[0]
            low.outward = low.score / SCALE_MAX < 0.25
    return values


def _fit(layout: _Layout, canvas: _Canvas) -> float:
    """The largest radius that fits the width, with one-line names where they cost nothing;
    names too long for the page even at the smallest chart widen the figure instead of
    being clipped (the text then prints a little smaller)."""
    usable = canvas.width_in - 2 * MARGIN_IN
    lo, hi = MIN_RADIUS_IN, max(MIN_RADIUS_IN, MAX_RADIUS_FRACTION * canvas.width_in)
    radius = layout.fit(usable, lo, hi)
    if radius is not None:
        for label in layout.labels:
            if label.choice == 0:
                continue
            before = layout.bounds(radius)
            label.choice = 0
            after = layout.bounds(radius)
            if after[1] - after[0] > usable or after[3] - after[2] > before[3] - before[2] + 0.005:
                label.choice = len(label.forms) - 1
        radius = layout.fit(usable, radius, hi)
    if radius is None:
        radius = lo
        canvas.width_in = math.ceil((layout.width(radius) + 2 * MARGIN_IN) * DPI) / DPI
    return radius


def _draw_grid(ax: Axes, angles: list[float], radius: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    for ring in RINGS:
        outer = ring == SCALE_MAX
        ax.add_patch(Polygon(
            [_xy(a, ring / SCALE_MAX * radius) for a in angles], closed=True, fill=False,
            edgecolor=OUTER_GREY if outer else GRID_GREY, linewidth=1.0 if outer else 0.6,
            zorder=1,
        ))
    for angle in angles:
        ax.add_line(Line2D([0, _xy(angle, radius)[0]], [0, _xy(angle, radius)[1]],
                           color=GRID_GREY, linewidth=0.6, zorder=1))


def _draw_series(canvas: _Canvas, angles: list[float], radius: float,
                 series: list[tuple[str, list[Decimal | None]]]
                 ) -> tuple[list[tuple[Any, str]], list[tuple[Point, Point]]]:
    """Each series' line, points and area (None is a gap: the line breaks there and no
    point is drawn); returns the legend's handles and the lines' segments."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    ax = canvas.ax
    handles: list[tuple[Any, str]] = []
    segments: list[tuple[Point, Point]] = []
    for k, (name, scores) in enumerate(series):
        style = _STYLES[k]
        pts = [
            None if s is None else _xy(angles[i], float(s) / SCALE_MAX * radius)
            for i, s in enumerate(_as_decimal(v) for v in scores)
        ]
        closed = [*pts, pts[0]]
        segments += [(p, q) for p, q in itertools.pairwise(closed) if p and q]
        if style.fill_alpha:
            for run in _filled_runs(pts):
                ax.add_patch(Polygon(run, closed=True, facecolor=FILL_GREY,
                                     alpha=style.fill_alpha, edgecolor="none", zorder=3))
        look: dict[str, Any] = {
            "color": style.color, "linestyle": style.linestyle, "linewidth": style.linewidth,
            "marker": style.marker, "markersize": style.markersize,
            "markerfacecolor": style.markerface, "markeredgecolor": style.color,
            "markeredgewidth": 1.2,
        }
        ax.add_line(Line2D([p[0] if p else math.nan for p in closed],
                           [p[1] if p else math.nan for p in closed], zorder=5 - k / 2, **look))
        key = Line2D([], [], **look)
        if style.fill_alpha:
            area = Patch(facecolor=FILL_GREY, alpha=style.fill_alpha, edgecolor="none")
            handles.append(((area, key), canvas.num(name)))
        else:
            handles.append((key, canvas.num(name)))
    return handles, segments


def _place_text(layout: _Layout, radius: float, ticks: list[tuple[Text, tuple[float, float]]],
                segments: list[tuple[Point, Point]]) -> list[Box]:
    """Scores, names and ring values where the layout says; returns the ring values' boxes."""
    for v, xy in layout.value_centres(radius):
        v.text.set_position(xy)
    placed = layout.place_labels(radius)
    for label, (anchor, _) in zip(layout.labels, placed, strict=True):
        label.text.set_text(label.forms[label.choice][0])
        label.text.set_position(anchor)
        label.text.set_verticalalignment(label.va)  # type: ignore[arg-type]
    occupied = [*layout.value_boxes(radius), *(b for _, b in placed)]
    tick_boxes = []
    centres = _place_ticks(layout.angles, radius, [size for _, size in ticks], occupied,
                           segments, layout.bounds(radius), layout.value_boxes(radius))
    for (t, (w, h)), (x, y) in zip(ticks, centres, strict=True):
        t.set_position((x, y))
        tick_boxes.append(_box("center", "center", x, y, w, h))
    return tick_boxes


def _finish(canvas: _Canvas, chart: Box, tick_boxes: list[Box],
            handles: list[tuple[Any, str]]) -> None:
    """The legend below (two years only), then the figure sized to hold exactly what was
    drawn."""
    from matplotlib.legend_handler import HandlerTuple

    x0, x1, y0, y1 = _bounds([chart, *tick_boxes])
    if len(handles) == 2:
        legend = canvas.ax.legend(
            [h for h, _ in handles], [s for _, s in handles],
            loc="upper center", bbox_to_anchor=((x0 + x1) / 2, y0 - LEGEND_GAP_IN),
            bbox_transform=canvas.ax.transData, ncols=len(handles), frameon=False,
            prop=_font(LEGEND_PT), borderaxespad=0, borderpad=0, handlelength=3.2,
            columnspacing=2.5, handler_map={tuple: HandlerTuple(ndivide=1)},
        )
        legend.set_zorder(8)
        y0 -= LEGEND_GAP_IN + legend.get_window_extent(canvas.renderer).height / DPI

    centre_x = (x0 + x1) / 2
    width_in = canvas.width_in
    height_in = math.ceil((y1 - y0 + 2 * MARGIN_IN) * DPI - 1e-6) / DPI
    canvas.fig.set_size_inches(width_in, height_in)
    canvas.ax.set_xlim(centre_x - width_in / 2, centre_x + width_in / 2)
    canvas.ax.set_ylim(y1 + MARGIN_IN - height_in, y1 + MARGIN_IN)


def radar_chart(
    path: Path,
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    *,
    thai_digits: bool,
    width_cm: float = 15.0,
) -> Path:
    """Draw the ITA radar chart to ``path`` as a 200 dpi PNG meant to be inserted at ``width_cm``.

    ``series`` is the assessed year first and optionally the previous year; a score of None is
    a gap. The PNG carries no date or software stamp, so the same data gives the same bytes.
    """
    path = Path(path)
    data = radar_png(labels, series, thai_digits=thai_digits, width_cm=width_cm)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def radar_png(
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    *,
    thai_digits: bool,
    width_cm: float = 15.0,
) -> bytes:
    """The bytes :func:`radar_chart` writes (a web page shows them without a file)."""
    import io

    fig = build_radar_figure(labels, series, thai_digits=thai_digits, width_cm=width_cm)
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=DPI, format="png", facecolor="white", metadata={"Software": None})
    return buffer.getvalue()
