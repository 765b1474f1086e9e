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
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
TICK_GAP_IN = 0.03  # nor touches a ring value (20 ... 100)
VALUE_GAP_IN = 0.02  # between two scores
LINE_GAP_IN = 0.01  # a series line passes this clear of a score (beyond its own half-width)
NEAR_IN = 0.2  # a score further than this from its point is a last resort
# Where a score may go from its point (turn from straight out, or in, and its cost in inches):
# a little aside, further aside, the other side (alone on its spoke: two keep their sides).
_BEARINGS = ((0.0, 0.0), (0.6, 0.08), (-0.6, 0.08), (1.2, 0.16), (-1.2, 0.16), (math.pi, 0.25),
             (math.pi + 0.6, 0.33), (math.pi - 0.6, 0.33))
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
_EXTENTS: dict[tuple[Any, ...], tuple[float, float]] = {}  # see _Canvas.size_in


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
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


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


def _alignment(angle: float) -> tuple[str, str]:
    """Where a name hangs from its anchor on the spoke, so it grows away from the chart."""
    s, c = math.sin(angle), math.cos(angle)
    va = "bottom" if c > 0 else "top"
    if abs(s) < 0.05:
        return "center", va
    return ("left" if s > 0 else "right"), ("center" if abs(c) < 0.35 else va)


def _box(ha: str, va: str, x: float, y: float, w: float, h: float) -> Box:
    """(x0, x1, y0, y1) of a text box anchored at (x, y) with the given alignment."""
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return x0, x0 + w, y0, y0 + h


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] + by, box[2] - by, box[3] + by


def _bounds(boxes: list[Box]) -> Box:
    x0, x1, y0, y1 = zip(*boxes, strict=True)
    return min(x0), max(x1), min(y0), max(y1)


# --- sliding texts away from their points (numpy) -------------------------------------------
# A text slides along a ray (its centre is c + d·u, d >= a start). What it must keep clear of
# (the outer ring, a series line, a marker, another text) rules out an open interval of d, in
# closed form (separating axes); it goes to the first d none rules out: exact, no stepping.
def _slab(np: Any, low: Any, high: Any, pos: Any, speed: Any) -> tuple[Any, Any]:
    """Where ``low < pos + d * speed < high``, row by row: open intervals (lo, hi) of d."""
    moving = np.abs(speed) > 1e-12
    safe = np.where(moving, speed, 1.0)
    a, b = (low - pos) / safe, (high - pos) / safe
    still = np.where((low < pos) & (pos < high), np.inf, -np.inf)
    return np.where(moving, np.minimum(a, b), -still), np.where(moving, np.maximum(a, b), still)


def _overlapping(np: Any, a: Any, b: Any) -> Any:
    """Whether boxes ``a`` (last axis x0, x1, y0, y1) overlap boxes ``b`` (rows), per pair."""
    return ((a[..., 0, None] < b[..., 1]) & (b[..., 0] < a[..., 1, None])
            & (a[..., 2, None] < b[..., 3]) & (b[..., 2] < a[..., 3, None]))


class _Rays(NamedTuple):
    """Texts of half-size a x b whose centres are (cx, cy) + d·(ux, uy), one per row (each
    field a column); each method gives, row by row, the open intervals of d it rules out."""

    cx: Any
    cy: Any
    ux: Any
    uy: Any
    a: Any
    b: Any

    @classmethod
    def of(cls, np: Any, boxes: Any, ux: float = 1.0, uy: float = 0.0) -> _Rays:
        """Boxes (rows x0, x1, y0, y1) moving along (ux, uy) from where they are."""
        x0, x1, y0, y1 = np.asarray(boxes, dtype=float).reshape(-1, 4).T[:, :, None]
        return cls((x0 + x1) / 2, (y0 + y1) / 2, ux, uy, (x1 - x0) / 2, (y1 - y0) / 2)

    def boxes(self, np: Any, boxes: Any) -> tuple[Any, Any]:
        """Overlapping one of ``boxes`` (rows x0, x1, y0, y1)."""
        lox, hix = _slab(np, boxes[:, 0] - self.a, boxes[:, 1] + self.a, self.cx, self.ux)
        loy, hiy = _slab(np, boxes[:, 2] - self.b, boxes[:, 3] + self.b, self.cy, self.uy)
        return np.maximum(lox, loy), np.minimum(hix, hiy)

    def segments(self, np: Any, seg: Any, pad: Any) -> tuple[Any, Any]:
        """Within ``pad`` of one of the segments (rows px, py, qx, qy)."""
        px, py, qx, qy = seg.T
        lo, hi = self.boxes(np, np.stack([np.minimum(px, qx) - pad, np.maximum(px, qx) + pad,
                                          np.minimum(py, qy) - pad, np.maximum(py, qy) + pad],
                                         axis=1))
        mx, my = py - qy, qx - px
        line = np.hypot(mx, my) > 0  # a segment of no length: its box is the whole test
        mx, my = (m / np.where(line, np.hypot(mx, my), 1.0) for m in (mx, my))
        c, e = px * mx + py * my, (self.a + pad) * np.abs(mx) + (self.b + pad) * np.abs(my)
        lon, hin = _slab(np, c - e, c + e, self.cx * mx + self.cy * my,
                         self.ux * mx + self.uy * my)
        return (np.maximum(lo, np.where(line, lon, -np.inf)),
                np.minimum(hi, np.where(line, hin, np.inf)))

    def ring(self, np: Any, ring: tuple[Any, Any, Any], gap: float, inside_ok: bool
             ) -> tuple[Any, Any]:
        """Within ``gap`` of the outer ring (_Layout.ring); unless ``inside_ok`` and inside it."""
        normals, low, high = ring
        nx, ny, k = normals[:, 0], normals[:, 1], len(normals) - 2  # k: the edges' axes
        e = self.a * np.abs(nx) + self.b * np.abs(ny)
        pos, speed = np.broadcast_arrays(self.cx * nx + self.cy * ny, self.ux * nx + self.uy * ny)
        lo, hi = _slab(np, low - gap - e, high + gap + e, pos, speed)
        touch = lo.max(axis=1, keepdims=True), hi.min(axis=1, keepdims=True)
        if not inside_ok:
            return touch
        lo, hi = _slab(np, -np.inf, high[:k] - gap - e[:, :k], pos[:, :k], speed[:, :k])
        inside = lo.max(axis=1, keepdims=True), hi.min(axis=1, keepdims=True)
        none = inside[0] >= inside[1]  # never inside: all of the contact is ruled out
        return (np.concatenate([touch[0], np.where(none, touch[0], inside[1])], axis=1),
                np.concatenate([np.where(none, touch[1], inside[0]), touch[1]], axis=1))


def _first_free(np: Any, start: Any, blocked: list[tuple[Any, Any]], limit: Any) -> Any:
    """Row by row, the first d >= ``start`` in no interval ``blocked`` (inf: not by ``limit``)."""
    lo, hi = (np.concatenate(side, axis=1) for side in zip(*blocked, strict=True))
    d = np.where(start < limit, start, np.inf)
    while (stuck := (inside := (lo < d[:, None]) & (d[:, None] < hi)).any(axis=1)).any():
        d = np.where(stuck, np.where(inside, hi, -np.inf).max(axis=1) + 1e-9, d)
        d = np.where(d < limit, d, np.inf)
    return d


@dataclass
class _Value:
    """One score written next to its point, outside it or (the lower of two) inside it."""

    score: float
    text: Text
    width: float
    height: float
    marker_in: float
    outward: bool = True


@dataclass
class _Label:
    """An indicator name with its one-line and (where a break is allowed) two-line forms."""

    angle: float
    text: Text
    forms: list[tuple[str, float, float]]  # (text, width, height), one line first
    choice: int = 0


class _Layout:
    """Places names and scores for a given chart radius and finds the radius that fits."""

    def __init__(self, angles: list[float], labels: list[_Label], values: list[list[_Value]],
                 series: list[list[float | None]]):
        import numpy as np

        self.np, self.angles, self.labels, self.values, self.series = (
            np, angles, labels, values, series)
        half = math.pi / len(angles)  # the outer ring's axes: its edges' normals, x and y
        self.normals = np.array([_xy(a + half, 1.0) for a in angles] + [(1.0, 0.0), (0.0, 1.0)])
        corners = np.array([_xy(a, 1.0) for a in angles])
        self.along = corners[:, :1] * self.normals[:, 0] + corners[:, 1:] * self.normals[:, 1]
        self._scores: dict[float, list[tuple[_Value, Point]]] = {}
        self._names: dict[tuple[float, ...], tuple[Point, Box]] = {}

    def ring(self, radius: float) -> tuple[Any, Any, Any]:
        return self.normals, self.along.min(axis=0) * radius, self.along.max(axis=0) * radius

    def points(self, radius: float) -> list[list[Point | None]]:
        return [[None if s is None else _xy(a, s / SCALE_MAX * radius)
                 for a, s in zip(self.angles, scores, strict=True)] for scores in self.series]

    def lines(self, radius: float) -> tuple[Any, Any]:
        """The series lines' segments (rows px, py, qx, qy) and how far a text keeps from each."""
        found = [((*p, *q), _STYLES[k].linewidth / 2 / 72 + LINE_GAP_IN)
                 for k, pts in enumerate(self.points(radius))
                 for p, q in itertools.pairwise([*pts, pts[0]]) if p and q]
        return (self.np.array([s for s, _ in found], dtype=float).reshape(-1, 4),
                self.np.array([pad for _, pad in found], dtype=float))

    def value_centres(self, radius: float) -> list[tuple[_Value, Point]]:
        """Each score next to its point, outside it (the lower of two: inside), as near as it
        can be clear of the outer ring, the lines, the markers and the scores placed before it;
        else near it with a line behind it (its white halo keeps it readable); else further."""
        if radius in self._scores:
            return self._scores[radius]
        np = self.np
        # spoke by spoke, the lower score first; a row per bearing of each: its ray (_Rays'
        # fields), cost, start (clear of the point) and how far it may go
        order, spans, rows = [], [], []  # type: ignore[var-annotated]
        for angle, spoke in zip(self.angles, self.values, strict=True):
            for v in sorted(spoke, key=lambda v: v.score):
                base, first = v.score / SCALE_MAX * radius, len(rows)
                for turn, cost in (b for b in _BEARINGS if len(spoke) == 1 or abs(b[0]) < 2):
                    bearing = angle + turn + (0 if v.outward else math.pi)
                    rows.append((*_xy(angle, base), *_xy(bearing, 1.0), v.width / 2,
                                 v.height / 2, cost, v.marker_in + VALUE_PAD_IN
                                 + abs(math.sin(bearing)) * v.width / 2
                                 + abs(math.cos(bearing)) * v.height / 2,
                                 base if not v.outward and turn == 0 else radius + 2))
                order.append(v)
                spans.append(slice(first, len(rows)))
        table = np.array(rows, dtype=float).reshape(-1, 9)
        rays, (cost, start, limit) = _Rays(*(table[:, i, None] for i in range(6))), table[:, 6:].T
        dots = [_grow((p[0], p[0], p[1], p[1]), _STYLES[k].markersize / 2 / 72)
                for k, pts in enumerate(self.points(radius)) for p in pts if p]
        ring = rays.ring(np, self.ring(radius), RING_GAP_IN, inside_ok=True)
        marks = rays.boxes(np, np.array(dots, dtype=float).reshape(-1, 4))
        tiers = ((ring, marks, rays.segments(np, *self.lines(radius))), (ring, marks))
        placed = np.zeros((len(order), 4))
        out: list[tuple[_Value, Point]] = []
        for i, (v, s) in enumerate(zip(order, spans, strict=True)):
            near = _Rays(*(f[s] for f in rays)).boxes(np, placed[:i])
            tries = [_first_free(np, start[s], [(b[0][s], b[1][s]) for b in tiers[0]] + [near],
                                 limit[s])]
            if (tries[0] - start[s]).min() > NEAR_IN:
                tries.insert(0, _first_free(np, start[s], [(b[0][s], b[1][s]) for b in tiers[1]]
                                            + [near], limit[s]))
            d = tries[0] if (tries[0] - start[s]).min() <= NEAR_IN else tries[-1]
            j = int(np.argmin(d - start[s] + cost[s]))
            if d[j] == np.inf:  # no room anywhere: off the outer ring at least
                j, d = 0, _first_free(np, start[s][:1], [(ring[0][s][:1], ring[1][s][:1])],
                                      np.inf)
            row = table[s][j]
            out.append((v, (float(row[0] + d[j] * row[2]), float(row[1] + d[j] * row[3]))))
            placed[i] = _grow(_box("center", "center", *out[-1][1], v.width, v.height),
                              VALUE_GAP_IN)
        self._scores[radius] = out
        return out

    def value_boxes(self, radius: float) -> list[Box]:
        return [_box("center", "center", *xy, v.width, v.height)
                for v, xy in self.value_centres(radius)]

    def place_labels(self, radius: float) -> list[tuple[Point, Box]]:
        """Each name as close to the ring as it can be without touching anything drawn (kept
        by the forms of the names placed so far: one changing form moves only those after)."""
        np = self.np
        taken = [_grow(b, LABEL_GAP_IN) for b in self.value_boxes(radius)]
        placed: dict[int, tuple[Point, Box]] = {}
        # Side names first: they set the width; the top and bottom ones may move out freely.
        order = sorted(range(len(self.labels)),
                       key=lambda i: (-round(abs(math.sin(self.angles[i])), 6), i))
        for k, i in enumerate(order):
            label, key = self.labels[i], (radius, *(self.labels[j].choice for j in order[:k + 1]))
            (_, w, h), (ha, va) = label.forms[label.choice], _alignment(label.angle)
            if key not in self._names:
                ray = _Rays.of(np, _box(ha, va, 0.0, 0.0, w, h), *_xy(label.angle, 1.0))
                d = _first_free(np, np.array([radius + LABEL_GAP_IN]),
                                [ray.ring(np, self.ring(radius), LABEL_GAP_IN, inside_ok=False),
                                 ray.boxes(np, np.array(taken).reshape(-1, 4))], radius + 4)
                anchor = _xy(label.angle, min(float(d[0]), radius + 4))
                self._names[key] = (anchor, _box(ha, va, *anchor, w, h))
            placed[i] = self._names[key]
            taken.append(_grow(placed[i][1], LABEL_GAP_IN))
        return [placed[i] for i in range(len(self.labels))]

    def bounds(self, radius: float) -> Box:
        ring = [(x, x, y, y) for x, y in (_xy(a, radius) for a in self.angles)]
        return _bounds([*ring, *self.value_boxes(radius),
                        *(b for _, b in self.place_labels(radius))])

    def width(self, radius: float) -> float:
        return (b := self.bounds(radius))[1] - b[0]

    def fit(self, usable: float, lo: float, hi: float) -> float | None:
        """Largest radius in [lo, hi] whose drawing is at most ``usable`` wide (None: none), to
        a quarter pixel: regula falsi (Illinois), as the width grows about linearly with it."""
        over_lo, over_hi = self.width(lo) - usable, self.width(hi) - usable
        if over_lo > 0 or over_hi <= 0:
            return None if over_lo > 0 else hi
        kept = tries = 0
        while hi - lo > 0.25 / DPI:
            tries += 1
            mid = (lo + hi) / 2 if tries % 4 == 0 else (
                (lo * over_hi - hi * over_lo) / (over_hi - over_lo))
            mid = min(max(mid, lo + 0.05 / DPI), hi - 0.05 / DPI)
            over = self.width(mid) - usable
            if over <= 0:
                lo, over_lo, over_hi, kept = mid, over, over_hi / (2 if kept > 0 else 1), 1
            else:
                hi, over_hi, over_lo, kept = mid, over, over_lo / (2 if kept < 0 else 1), -1
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


_SHIFTS = (0, 0.5, -0.5, 1, -1)  # a ring value on its ring, a little out or in, beside it


def _place_ticks(layout: _Layout, radius: float, sizes: list[tuple[float, float]],
                 names: list[Box], frame: Box) -> list[Point | None]:
    """Centres of the ring values on the line between two spokes where they are least in the
    way (None: left out, every place being on a score or a name). Scores cluster at 80-100,
    where the 80 and 100 go, so each may sit on its ring, a little or a step out or in: never
    touching a score, a name or another ring value, seldom crossing a line, standing next to a
    score or widening the figure. All combinations are tried; on a tie, values on the rings,
    then the gap nearest the vertical, then the first clockwise."""
    np, n = layout.np, len(RINGS)
    half = math.pi / len(layout.angles)
    mids = np.array(layout.angles) + half
    lines, named = layout.lines(radius), np.array(names).reshape(-1, 4)
    scores = np.array(layout.value_boxes(radius)).reshape(-1, 4)
    total = (np.abs(np.sin(mids)) * 1.5).reshape(-1, *[1] * n)  # axes: gap, each value's place
    boxes: list[tuple[Any, Any]] = []
    for r, (ring, (w, h)) in enumerate(zip(RINGS, sizes, strict=True)):
        reach = np.abs(np.sin(mids)) * w / 2 + np.abs(np.cos(mids)) * h / 2 + 0.03
        d = ring / SCALE_MAX * radius * math.cos(half) + np.array(_SHIFTS) * reach[:, None]
        x, y = d * np.sin(mids)[:, None], d * np.cos(mids)[:, None]
        box = np.stack([x - w / 2, x + w / 2, y - h / 2, y + h / 2], axis=-1)
        lo, hi = _Rays.of(np, box).segments(np, *lines)  # crossed where they are (d = 0)
        grown = {by: box + np.array([-by, by, -by, by]) for by in (TICK_GAP_IN, 0.12, 0.06)}
        cost = (100 * ((box[..., 0] < frame[0]) | (box[..., 1] > frame[1]))
                + np.array([0.0, 0.1, 0.15, 0.2, 0.3]) / n
                + 1000 * (_overlapping(np, grown[TICK_GAP_IN], scores).sum(axis=-1)
                          + _overlapping(np, box, named).sum(axis=-1))
                + 2 * _overlapping(np, grown[0.12], scores).sum(axis=-1)
                + 20 * ((lo < 0) & (hi > 0)).sum(axis=-1).reshape(x.shape))
        total = total + np.pad(cost, ((0, 0), (0, 1)), constant_values=300.0).reshape(
            _axes(len(mids), r))  # the last place: left out
        for q, (_, earlier) in enumerate(boxes):  # axes: gap, the earlier's place, this one's
            clash = 1000.0 * _overlapping(np, earlier, box[:, None])
            total = total + np.pad(clash, ((0, 0), (0, 1), (0, 1))).reshape(_axes(len(mids), r, q))
        boxes.append((box, grown[0.06]))  # ring values stay apart
    g, *picks = (int(i) for i in np.unravel_index(int(np.argmin(total)), total.shape))
    return [None if k == len(_SHIFTS) else (float(b[g, k, :2].mean()), float(b[g, k, 2:].mean()))
            for k, (b, _) in zip(picks, boxes, strict=True)]


def _axes(gaps: int, *rings: int) -> list[int]:
    """The shape that lines a (gap, place[, place]) array up with ``total``'s axes."""
    return [gaps, *(len(_SHIFTS) + 1 if r in rings else 1 for r in range(len(RINGS)))]


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
        return cls(fig, ax, renderer, thai_digits, width_in)

    def num(self, text: object) -> str:
        return digits(text, self.thai_digits)

    def size_in(self, text: Text) -> tuple[float, float]:
        """Measured once per text, font and size (measuring is slow; names repeat)."""
        key = (text.get_text(), text.get_fontproperties().get_file(), text.get_fontsize())
        if key not in _EXTENTS:
            box = text.get_window_extent(self.renderer)
            _EXTENTS[key] = box.width / DPI, box.height / DPI
        return _EXTENTS[key]


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
    angles = [2 * math.pi * i / len(labels) for i in range(len(labels))]
    names = _name_texts(canvas, angles, labels)
    ticks = _tick_texts(canvas)
    values = _value_texts(canvas, series, len(labels))
    layout = _Layout(angles, names, values, [
        [None if v is None else float(v) for v in map(_as_decimal, s)] for _, s in series])
    radius = _fit(layout, canvas)
    _draw_grid(canvas.ax, angles, radius)
    handles = _draw_series(canvas, layout.points(radius), series)
    tick_boxes = _place_text(layout, radius, ticks)
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
        # Higher score outside its point, lower inside: close years never print on one another
        # (a tie: the assessed year, listed first, outside); near the centre no room inside.
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
        for label in (label for label in layout.labels if label.choice):
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
        ax.add_patch(Polygon([_xy(a, ring / SCALE_MAX * radius) for a in angles], closed=True,
                             fill=False, edgecolor=OUTER_GREY if outer else GRID_GREY,
                             linewidth=1.0 if outer else 0.6, zorder=1))
    for angle in angles:
        ax.add_line(Line2D([0, _xy(angle, radius)[0]], [0, _xy(angle, radius)[1]],
                           color=GRID_GREY, linewidth=0.6, zorder=1))


def _draw_series(canvas: _Canvas, points: list[list[Point | None]],
                 series: list[tuple[str, list[Decimal | None]]]) -> list[tuple[Any, str]]:
    """Each series' line, points and area (None is a gap: the line breaks there and no
    point is drawn); returns the legend's handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    ax = canvas.ax
    handles: list[tuple[Any, str]] = []
    for k, ((name, _), pts) in enumerate(zip(series, points, strict=True)):
        style = _STYLES[k]
        closed = [*pts, pts[0]]
        if style.fill_alpha:
            for run in _filled_runs(pts):
                ax.add_patch(Polygon(run, closed=True, facecolor=FILL_GREY,
                                     alpha=style.fill_alpha, edgecolor="none", zorder=3))
        look: dict[str, Any] = {
            "color": style.color, "linestyle": style.linestyle, "linewidth": style.linewidth,
            "marker": style.marker, "markersize": style.markersize, "markeredgewidth": 1.2,
            "markerfacecolor": style.markerface, "markeredgecolor": style.color}
        ax.add_line(Line2D([p[0] if p else math.nan for p in closed],
                           [p[1] if p else math.nan for p in closed], zorder=5 - k / 2, **look))
        key = Line2D([], [], **look)
        area = Patch(facecolor=FILL_GREY, alpha=style.fill_alpha, edgecolor="none")
        handles.append(((area, key) if style.fill_alpha else key, canvas.num(name)))
    return handles


def _place_text(layout: _Layout, radius: float, ticks: list[tuple[Text, tuple[float, float]]]
                ) -> list[Box]:
    """Scores, names and ring values where the layout says; returns the ring values' boxes
    (a ring value with no room is left out)."""
    for v, xy in layout.value_centres(radius):
        v.text.set_position(xy)
    placed = layout.place_labels(radius)
    for label, (anchor, _) in zip(layout.labels, placed, strict=True):
        label.text.set_text(label.forms[label.choice][0])
        label.text.set_position(anchor)
        label.text.set_verticalalignment(_alignment(label.angle)[1])  # type: ignore[arg-type]
    centres = _place_ticks(layout, radius, [size for _, size in ticks], [b for _, b in placed],
                           layout.bounds(radius))
    for (t, _), centre in zip(ticks, centres, strict=True):
        t.set_visible(centre is not None)
        t.set_position(centre or (0.0, 0.0))
    return [_box("center", "center", *c, w, h)
            for (_, (w, h)), c in zip(ticks, centres, strict=True) if c]


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

    centre_x, width_in = (x0 + x1) / 2, canvas.width_in
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
    fig.savefig(buffer, dpi=DPI, format="png", facecolor="white", metadata={"Software": None},
                pil_kwargs={"compress_level": 3})  # faster than the default 6, and smaller here
    return buffer.getvalue()
