"""The ITA radar chart: written, deterministic, Thai digits and Sarabun throughout, readable."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import matplotlib.text
import pytest
from PIL import Image

from itadocs.documents.chart import build_radar_figure, radar_chart, wrap_label
from tests.helpers import bangrak_two_years, chart_faults, chart_texts, crosses, series_segments

LABELS = [
    "๑. การปฏิบัติหน้าที่",
    "๒. การใช้งบประมาณ",
    "๓. การใช้อำนาจ",
    "๔. การใช้ทรัพย์สินของราชการ",
    "๕. การแก้ไขปัญหาการทุจริต",
    "๖. คุณภาพการดำเนินงาน",
    "๗. ประสิทธิภาพการสื่อสาร",
    "๘. การปรับปรุงระบบการทำงาน",
    "๙. การเปิดเผยข้อมูล",
    "๑๐. การป้องกันการทุจริต",
]
ASSESSED = [
    Decimal(v)
    for v in ("95.95", "93.12", "95.50", "97.20", "93.18", "90.66", "80.91", "82.67", "95.00",
              "100.00")
]
PREVIOUS = [
    Decimal(v)
    for v in ("92.10", "90.00", "94.00", "96.50", "91.00", "88.20", "78.00", "80.50", "90.00",
              "98.00")
]
TWO_YEARS = [("ปี ๒๕๖๗", ASSESSED), ("ปี ๒๕๖๖", PREVIOUS)]

THAI_DIGIT = re.compile("[๐-๙]")
ASCII_DIGIT = re.compile("[0-9]")


def texts(fig) -> list[matplotlib.text.Text]:
    """The text objects that actually show something."""
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_text() and t.get_visible()]


def test_chart_is_written_into_a_new_folder(tmp_path: Path) -> None:
    out = radar_chart(tmp_path / "sub" / "chart.png", LABELS, TWO_YEARS, thai_digits=True)
    assert out == tmp_path / "sub" / "chart.png"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_same_data_gives_identical_bytes(tmp_path: Path) -> None:
    a = radar_chart(tmp_path / "a.png", LABELS, TWO_YEARS, thai_digits=True)
    b = radar_chart(tmp_path / "b.png", LABELS, TWO_YEARS, thai_digits=True)
    assert a.read_bytes() == b.read_bytes()
    with Image.open(a) as im:
        assert "Software" not in im.info
        assert not any("date" in key.lower() for key in im.info)


@pytest.mark.parametrize("width_cm", [15.0, 16.0])
def test_png_is_exactly_the_insert_width_at_200_dpi(tmp_path: Path, width_cm: float) -> None:
    path = radar_chart(tmp_path / "c.png", LABELS, TWO_YEARS, thai_digits=True, width_cm=width_cm)
    with Image.open(path) as im:
        width, height = im.size
        assert width == round(width_cm / 2.54 * 200)
        assert 0.5 * width <= height <= 1.0 * width
        assert im.info["dpi"][0] == pytest.approx(200, abs=0.01)
        assert im.mode in ("RGB", "RGBA")


def test_thai_digits_everywhere() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=True)
    shown = [t.get_text() for t in texts(fig)]
    assert not [s for s in shown if ASCII_DIGIT.search(s)]
    joined = "\n".join(shown)
    for expected in ("๙๕.๙๕", "๑๐๐.๐๐", "๙๒.๑๐", "๗๘.๐๐", "ปี ๒๕๖๗", "ปี ๒๕๖๖"):
        assert expected in joined
    for ring in ("๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"):
        assert ring in shown
    assert len([s for s in shown if THAI_DIGIT.search(s)]) >= 20 + 5 + 10 + 2


def test_arabic_digits_when_asked() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=False)
    shown = [t.get_text() for t in texts(fig)]
    assert not [s for s in shown if THAI_DIGIT.search(s)]
    joined = "\n".join(shown)
    for expected in ("95.95", "100.00", "ปี 2567", "1. การปฏิบัติหน้าที่"):
        assert expected in joined


def test_values_are_written_with_two_decimals() -> None:
    series = [("ปี 2567", [Decimal("95.5"), Decimal("90"), Decimal("80.125"), *ASSESSED[3:]])]
    shown = [t.get_text() for t in texts(build_radar_figure(LABELS, series, thai_digits=False))]
    assert {"95.50", "90.00", "80.13"} <= set(shown)


def test_missing_values_are_gaps(tmp_path: Path) -> None:
    assessed = list(ASSESSED)
    assessed[3] = None
    previous = list(PREVIOUS)
    previous[6] = None
    series = [("ปี ๒๕๖๗", assessed), ("ปี ๒๕๖๖", previous)]
    fig = build_radar_figure(LABELS, series, thai_digits=True)
    shown = [t.get_text() for t in texts(fig)]
    assert "๙๗.๒๐" not in shown and "๗๘.๐๐" not in shown
    assert "๐.๐๐" not in shown  # a gap is not drawn as zero
    assessed_line = fig.axes[0].lines[-2]
    ys = assessed_line.get_ydata()
    assert sum(1 for y in ys if y != y) == 1  # NaN breaks the line at the gap
    radar_chart(tmp_path / "gap.png", LABELS, series, thai_digits=True)
    radar_chart(tmp_path / "none.png", LABELS, [("ปี 2567", [None] * 10)], thai_digits=False)


def test_every_text_is_sarabun_from_the_package() -> None:
    folder = Path(str(files("fontpkg_sarabun") / "files"))
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=True)
    found = texts(fig)
    assert found
    for t in found:
        assert t.get_fontname() == "Sarabun"
        assert Path(t.get_fontproperties().get_file()).parent == folder
    bold = [t for t in found if t.get_text() == "๙๕.๙๕"]
    assert Path(bold[0].get_fontproperties().get_file()).name == "Sarabun-Bold.ttf"

    from matplotlib import font_manager

    registered = {Path(f.fname) for f in font_manager.fontManager.ttflist}
    assert folder / "Sarabun-Regular.ttf" in registered
    assert folder / "Sarabun-Bold.ttf" in registered


def test_no_missing_glyphs(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font"
        radar_chart(tmp_path / "t.png", LABELS, TWO_YEARS, thai_digits=True)
        radar_chart(tmp_path / "a.png", LABELS, TWO_YEARS, thai_digits=False)


def test_series_differ_without_colour() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=True)
    first, second = fig.axes[0].lines[-2:]
    assert first.get_linestyle() == "-" and first.get_marker() == "o"
    assert second.get_linestyle() == "--" and second.get_marker() == "s"
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["ปี ๒๕๖๗", "ปี ๒๕๖๖"]
    # the area under the assessed year is a light grey, not a colour
    fills = [p for p in fig.axes[0].patches if p.get_fill() and p.get_alpha()]
    assert fills and all(p.get_alpha() <= 0.2 for p in fills)


def test_one_series_has_no_legend() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS[:1], thai_digits=True)
    assert fig.axes[0].get_legend() is None


def _extents(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {id(t): t.get_window_extent(renderer) for t in texts(fig)}, renderer


@pytest.mark.parametrize("series", [TWO_YEARS, TWO_YEARS[:1]])
@pytest.mark.parametrize("thai", [True, False])
def test_nothing_is_clipped_or_overlapping(series, thai: bool) -> None:
    fig = build_radar_figure(LABELS, series, thai_digits=thai)
    boxes, _ = _extents(fig)
    frame = fig.bbox
    for box in boxes.values():
        assert box.x0 >= frame.x0 and box.x1 <= frame.x1
        assert box.y0 >= frame.y0 and box.y1 <= frame.y1
    names = [t for t in texts(fig) if "การ" in t.get_text() or "คุณภาพ" in t.get_text()]
    values = [t for t in texts(fig) if re.fullmatch(r"[0-9๐-๙]+\.[0-9๐-๙]{2}", t.get_text())]
    assert len(names) == 10
    assert len(values) == 10 * len(series)
    shown = names + values
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not boxes[id(a)].overlaps(boxes[id(b)]), (a.get_text(), b.get_text())


def test_names_stay_outside_the_outer_ring() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=True)
    boxes, _ = _extents(fig)
    ring = max((p for p in fig.axes[0].patches if not p.get_fill()),
               key=lambda p: p.get_window_extent().width)
    for t in texts(fig):
        if "การ" not in t.get_text() and "คุณภาพ" not in t.get_text():
            continue
        box = boxes[id(t)]
        xs = [box.x0 + box.width * k / 8 for k in range(9)]
        ys = [box.y0 + box.height * k / 8 for k in range(9)]
        for x in xs:
            for y in ys:
                assert not ring.contains_point((x, y)), t.get_text()


def test_first_indicator_on_top_then_clockwise() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=True)
    by_name = {t.get_text().split("\n")[0]: t for t in texts(fig)}
    first = next(t for key, t in by_name.items() if key.startswith("๑. "))
    second = next(t for key, t in by_name.items() if key.startswith("๒. "))
    last = next(t for key, t in by_name.items() if key.startswith("๑๐. "))
    assert abs(first.get_position()[0]) < 0.05 and first.get_position()[1] > 0
    assert first.get_horizontalalignment() == "center"
    assert second.get_position()[0] > 0 and second.get_horizontalalignment() == "left"
    assert last.get_position()[0] < 0 and last.get_horizontalalignment() == "right"


def test_close_scores_go_either_side_of_their_points() -> None:
    fig = build_radar_figure(LABELS, TWO_YEARS, thai_digits=False)
    pos = {t.get_text(): t.get_position() for t in texts(fig)}
    # indicator 4 (right side): 97.20 outside its point, 96.50 inside
    assert pos["97.20"][0] > pos["96.50"][0]


def test_wrap_only_at_allowed_breaks() -> None:
    assert wrap_label("๔. การใช้ทรัพย์สินของราชการ") == "๔. การใช้ทรัพย์สิน\nของราชการ"
    assert wrap_label("๘. การปรับปรุงระบบการทำงาน").replace("\n", "") == (
        "๘. การปรับปรุงระบบการทำงาน"
    )
    # no space, not a known name: the Thai word is never cut
    assert wrap_label("ตัวชี้วัดที่ยาวมากมากไม่มีช่องว่าง") == "ตัวชี้วัดที่ยาวมากมากไม่มีช่องว่าง"
    # the caller's own break is kept; a zero-width space is a break opportunity
    assert wrap_label("บรรทัดแรก\nบรรทัดสอง") == "บรรทัดแรก\nบรรทัดสอง"
    assert wrap_label("ตัวชี้วัดใหม่\u200bที่ยาวมาก") == "ตัวชี้วัดใหม่\nที่ยาวมาก"
    # the number alone is not left on a line of its own
    assert wrap_label("๑๑. ตัวชี้วัดใหม่ที่ยาวมาก") == "๑๑. ตัวชี้วัดใหม่ที่ยาวมาก"
    # short labels stay on one line when a limit is given
    assert wrap_label("๓. การใช้อำนาจ", limit=20) == "๓. การใช้อำนาจ"


def test_manual_breaks_are_drawn_as_given() -> None:
    labels = [*LABELS]
    labels[3] = "๔. การใช้\nทรัพย์สินของราชการ"
    shown = [t.get_text() for t in texts(build_radar_figure(labels, TWO_YEARS, thai_digits=True))]
    assert "๔. การใช้\nทรัพย์สินของราชการ" in shown


def test_very_long_names_widen_the_figure_instead_of_clipping() -> None:
    labels = ["ชื่อตัวชี้วัดที่ยาวมากจนไม่มีทางใส่ได้ในบรรทัดเดียวเลยจริงๆ"] * 10
    fig = build_radar_figure(labels, TWO_YEARS[:1], thai_digits=True, width_cm=8)
    boxes, _ = _extents(fig)
    for box in boxes.values():
        assert box.x0 >= fig.bbox.x0 and box.x1 <= fig.bbox.x1


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        build_radar_figure(LABELS, [("ปี 2567", ASSESSED[:9])], thai_digits=True)
    with pytest.raises(ValueError):
        build_radar_figure(LABELS, [*TWO_YEARS, ("ปี 2565", ASSESSED)], thai_digits=True)
    with pytest.raises(ValueError):
        build_radar_figure(LABELS, [("ปี 2567", [Decimal("100.01"), *ASSESSED[1:]])],
                           thai_digits=True)


def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = "import sys, itadocs.documents.chart; assert 'matplotlib' not in sys.modules"
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root,
                   env={"PYTHONPATH": str(root), "PATH": ""})


NEXT_YEAR = [("ปี ๒๕๖๘", [Decimal(v) for v in ("96.10", "92.00", "95.50", "97.80", "94.00",
                                               "91.20", "78.40", "84.10", "96.00", "100.00")]),
             ("ปี ๒๕๖๗", ASSESSED)]
NEAR_FULL = [("ปี ๒๕๖๗", [Decimal(v) for v in ("99.50", "100.00", "98.75", "99.99", "97.00",
                                               "100.00", "96.40", "99.10", "100.00", "98.00")])]


def _is_value(text: str) -> bool:
    return re.fullmatch(r"[0-9๐-๙]+\.[0-9๐-๙]{2}", text) is not None


def _is_ring_value(text: str) -> bool:
    return re.fullmatch(r"[0-9๐-๙]{2,3}", text) is not None


@pytest.mark.parametrize("series", [TWO_YEARS, TWO_YEARS[:1], NEXT_YEAR, NEAR_FULL],
                         ids=["two-years", "one-year", "next-year", "near-full"])
def test_scores_stay_off_the_outer_ring_and_clear_of_ring_values(series) -> None:
    """A score is either inside or outside the outer ring, never on it, and never touches
    the ring values 20 ... 100."""
    fig = build_radar_figure(LABELS, series, thai_digits=True)
    boxes, _ = _extents(fig)
    ring = max((p for p in fig.axes[0].patches if not p.get_fill()),
               key=lambda p: p.get_window_extent().width)
    shown = texts(fig)
    scores = [t for t in shown if _is_value(t.get_text())]
    rings = [t for t in shown if _is_ring_value(t.get_text())]
    assert len(scores) == 10 * len(series) and len(rings) == 5
    gap = 0.02 * 200  # 0.02 in at 200 dpi
    for t in scores:
        box = boxes[id(t)]
        points = [(box.x0 - gap + (box.width + 2 * gap) * i / 8,
                   box.y0 - gap + (box.height + 2 * gap) * j / 8)
                  for i in range(9) for j in range(9)]
        inside = {ring.contains_point(p) for p in points}
        assert len(inside) == 1, f"{t.get_text()} sits on the outer ring"
        for r in rings:
            assert not box.expanded(1.0, 1.0).padded(gap).overlaps(boxes[id(r)]), (
                t.get_text(), r.get_text())


def test_line_breaks_of_names_come_from_the_framework_file() -> None:
    """A new year's indicator name breaks where its framework file's chart_label says
    (the name alone is never cut inside its letters)."""
    import tomllib

    from itadocs import framework

    assert framework.load(2567).indicator(4).chart_breaks == ("การใช้", "ทรัพย์สิน", "ของราชการ")
    data = tomllib.loads(framework.source_texts()[2568])
    data["indicators"][3]["name"] = "การใช้พัสดุครุภัณฑ์ของราชการ"
    assert wrap_label("๔. การใช้พัสดุครุภัณฑ์ของราชการ") == "๔. การใช้พัสดุครุภัณฑ์ของราชการ"
    data["indicators"][3]["chart_label"] = "การใช้|พัสดุครุภัณฑ์|ของราชการ"
    label = "๔. " + "\u200b".join(framework.parse(data).indicator(4).chart_breaks)
    assert wrap_label(label) == "๔. การใช้พัสดุครุภัณฑ์\nของราชการ"


def test_the_document_passes_the_framework_breaks_to_the_chart() -> None:
    from itadocs import framework
    from itadocs.checking.scoring import compute
    from itadocs.documents.context import chart_labels, sample_data

    data = sample_data()
    result, _ = compute(data, framework.load(data.unit.assessed_year or 0))
    labels = chart_labels(result)
    assert labels[3] == "4. การใช้\u200bทรัพย์สิน\u200bของราชการ"
    assert wrap_label(labels[3]) == "4. การใช้ทรัพย์สิน\nของราชการ"


# --- what a reader sees: text boxes from the Agg renderer (tests/helpers.py chart_faults) -----
def _document_chart(data, thai: bool = True):
    """The chart as the measures document draws it from a workbook's data."""
    from itadocs import framework
    from itadocs.checking.scoring import compute
    from itadocs.documents.context import chart_labels, chart_series

    result, _ = compute(data, framework.load(data.unit.assessed_year or 0))
    assert not [p for p in _ if p.severity.name == "ERROR"]
    series = chart_series(result, data.unit.assessed_year or 0)
    return build_radar_figure(chart_labels(result), series, thai_digits=thai), series


def test_two_year_chart_ring_values_do_not_overlap() -> None:
    """Issue: "the two-year chart's ring values overlap ('๑๐๐' on '๘๐')": each ring value
    used to move in or out by its own size, so the wide 100 ran onto 80."""
    fig, series = _document_chart(bangrak_two_years())
    assert len(series) == 2
    rings = chart_texts(fig)["rings"]
    assert [text for text, _ in rings] == ["๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"]
    for i, (text, box) in enumerate(rings):
        for other, other_box in rings[i + 1:]:
            assert not box.overlaps(other_box), (text, other)
            assert not box.padded(4).overlaps(other_box.padded(4)), (text, other)  # apart


def test_no_series_line_crosses_a_score_or_a_legend_label() -> None:
    """Issue: "the previous-year label is crossed by its line": a score is written where no
    series line passes (the lines cross its box nowhere, its half-width included)."""
    fig, _ = _document_chart(bangrak_two_years())
    found = chart_texts(fig)
    labels = found["scores"] + found["legend"]
    assert len(found["scores"]) == 20 and len(found["legend"]) == 2
    crossed = [text for text, box in labels for p, q, half in series_segments(fig)
               if crosses(box, p, q, half)]
    assert not crossed


def test_two_year_chart_reads_cleanly() -> None:
    """Nothing cut, nothing overlapping, no line through any text, Thai or Arabic digits."""
    for thai in (True, False):
        fig, _ = _document_chart(bangrak_two_years(), thai)
        assert chart_faults(fig) == []


MIXED = [Decimal(v) for v in ("100.00", "0.00", "55.55", "100.00", "12.30", "0.00", "99.99",
                              "20.00", "80.00", "100.00")]
EXTREMES = {
    "all 100": [("ปี ๒๕๖๗", [Decimal("100.00")] * 10)],
    "all 0": [("ปี ๒๕๖๗", [Decimal("0.00")] * 10)],
    "mixed": [("ปี ๒๕๖๗", MIXED)],
    "100 then 0": [("ปี ๒๕๖๗", [Decimal("100.00")] * 10), ("ปี ๒๕๖๖", [Decimal("0.00")] * 10)],
    "both 0": [("ปี ๒๕๖๗", [Decimal("0.00")] * 10), ("ปี ๒๕๖๖", [Decimal("0.00")] * 10)],
    "mixed, two years": [("ปี ๒๕๖๗", MIXED), ("ปี ๒๕๖๖", MIXED[::-1])],
}


@pytest.mark.parametrize("series", EXTREMES.values(), ids=EXTREMES.keys())
def test_extreme_scores_stay_readable(series) -> None:
    """Ten scores of 0.00 share the centre, 100.00 sits on the outer ring: every text is
    still whole and apart from the others; a score is near its point even where lines meet
    (a line may pass behind it there: its white halo keeps it readable)."""
    fig = build_radar_figure(LABELS, series, thai_digits=True)
    faults = chart_faults(fig)
    assert [f for f in faults if "crosses" not in f] == []
    rings = [box.padded(4) for _, box in chart_texts(fig)["rings"]]  # 8 px apart, or left out
    assert not [(a, b) for i, a in enumerate(rings) for b in rings[i + 1:] if a.overlaps(b)]
    assert len(chart_texts(fig)["scores"]) == 10 * len(series)
    if len(series) == 1:  # one line has room to keep clear of every score
        assert [f for f in faults if "crosses scores" in f] == []
