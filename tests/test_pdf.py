"""PDF conversion and the derived "TH Sarabun New": fonts, Thai text, line metrics, failures.

Tests that need LibreOffice, poppler-utils or TLWG Laksaman are skipped when those are
missing on a developer's machine, but fail in CI (CI=true), where .ci/run installs them.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import statistics
import subprocess
import time
from itertools import pairwise
from pathlib import Path

import pytest

from itadocs.build import fonts, pdf
from itadocs.build.pdf import PdfError, convert_to_pdf
from tests.helpers import thai_docx

THAI = "สำนักงานเขตคลองสานได้ดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใส"
MARKS = "ผู้ใหญ่บ้านที่นี่น้ำกุ้งปู่ญี่ปุ่น ฐานฎีกาปฏิบัติฤดู"  # vowels and tone marks stacked
# TH Sarabun New's line at 16 pt: (winAscent 844 + winDescent 457 + hhea lineGap 30) / 1000 em.
TSN_PITCH_16 = (844 + 457 + 30) / 1000 * 16  # 21.296 pt = 0.751 cm


def _require(ok: bool, what: str) -> None:
    """Skip when a tool is missing, except in CI where it must be there."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is required in CI")
        pytest.skip(f"{what} not installed")


@pytest.fixture
def needs_laksaman() -> None:
    _require(fonts.find_laksaman() is not None, "TLWG Laksaman (fonts-tlwg-laksaman)")


@pytest.fixture
def needs_office(needs_laksaman: None) -> None:
    _require(pdf.find_soffice() is not None, "LibreOffice (soffice)")
    _require(all(shutil.which(t) for t in ("pdffonts", "pdftotext")), "poppler-utils")


def _run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          check=True).stdout


def _lines(pdf_path: Path, page: int = 1) -> list[tuple[float, float, float, float]]:
    """Text lines of a page as (xMin, yMin, xMax, yMax) in points, from pdftotext -bbox."""
    xml = _run("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), pdf_path, "-")
    number = r'"([\d.]+)"'
    pattern = f"<line xMin={number} yMin={number} xMax={number} yMax={number}"
    return [tuple(float(v) for v in m.groups()) for m in re.finditer(pattern, xml)]


# --- the derived fonts ------------------------------------------------------------------


def test_derived_fonts_have_th_sarabun_new_metrics(tmp_path, needs_laksaman):
    from fontTools.ttLib import TTFont

    folder = fonts.derived_font_dir(tmp_path)
    assert folder is not None
    names = sorted(p.name for p in folder.glob("*.ttf"))
    assert names == ["THSarabunNew-Bold.ttf", "THSarabunNew-BoldItalic.ttf",
                     "THSarabunNew-Italic.ttf", "THSarabunNew-Regular.ttf"]
    source = TTFont(fonts.find_laksaman() / "Laksaman.ttf")
    font = TTFont(folder / "THSarabunNew-Regular.ttf")
    upm = font["head"].unitsPerEm
    assert upm == round(source["head"].unitsPerEm * fonts.SCALE) == 1504
    # Glyphs 1/1.5042 of Laksaman's at the same point size: ก is 0.386 em as in TH Sarabun New.
    glyph = font.getBestCmap()[ord("ก")]
    assert font["hmtx"][glyph][0] / upm == pytest.approx(0.386, abs=0.002)
    # Vertical metrics per em as TH Sarabun New's (844 / 457 / 30 per 1000) and the line
    # spaced by them, not by the typographic metrics Laksaman asks for.
    os2, hhea = font["OS/2"], font["hhea"]
    assert os2.usWinAscent / upm == pytest.approx(0.844, abs=0.001)
    assert os2.usWinDescent / upm == pytest.approx(0.457, abs=0.001)
    assert (hhea.ascent, -hhea.descent) == (os2.usWinAscent, os2.usWinDescent)
    assert hhea.lineGap / upm == pytest.approx(0.030, abs=0.001)
    assert not os2.fsSelection & fonts.USE_TYPO_METRICS
    name = font["name"]
    assert name.getDebugName(1) == "TH Sarabun New" and name.getDebugName(2) == "Regular"
    assert name.getDebugName(6) == "THSarabunNew-Regular"
    assert "Laksaman" in name.getDebugName(10)  # says where it comes from
    assert name.getDebugName(0) == source["name"].getDebugName(0)  # copyright kept
    assert name.getDebugName(13) == source["name"].getDebugName(13)  # licence kept
    bold = TTFont(folder / "THSarabunNew-BoldItalic.ttf")
    assert bold["name"].getDebugName(1) == "TH Sarabun New"
    assert bold["name"].getDebugName(2) == "Bold Italic"
    assert bold["OS/2"].fsSelection & 0x21 == 0x21 and bold["head"].macStyle == 3


def test_derived_fonts_cached_and_rebuilt_when_missing(tmp_path, needs_laksaman):
    folder = fonts.derived_font_dir(tmp_path)
    regular = folder / "THSarabunNew-Regular.ttf"
    before = regular.stat().st_mtime_ns
    assert fonts.derived_font_dir(tmp_path) == folder
    assert regular.stat().st_mtime_ns == before  # not rebuilt
    (folder / "THSarabunNew-Bold.ttf").unlink()
    assert fonts.derived_font_dir(tmp_path) == folder
    assert (folder / "THSarabunNew-Bold.ttf").is_file()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_fontconfig_env_offers_the_derived_face(tmp_path, monkeypatch, needs_laksaman):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    env = fonts.fontconfig_env({"PATH": os.environ.get("PATH", "")})
    conf = Path(env["FONTCONFIG_FILE"])
    assert conf.parent.parent == tmp_path / "itadocs" / "fonts" and conf.is_file()
    assert "/etc/fonts/fonts.conf" in conf.read_text(encoding="utf-8")
    if shutil.which("fc-match"):  # fontconfig, as LibreOffice sees it, finds the derived face
        found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", "TH Sarabun New:bold"],
                               capture_output=True, text=True, env=env, check=True).stdout
        assert found.startswith("TH Sarabun New|") and found.endswith("THSarabunNew-Bold.ttf")


def test_no_laksaman_means_no_fonts_and_env_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "find_laksaman", lambda: None)
    assert fonts.derived_font_dir(tmp_path) is None
    assert fonts.fontconfig_env({"A": "1"}) == {"A": "1"}
    assert not list(tmp_path.iterdir())


# --- LibreOffice missing ----------------------------------------------------------------


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    docx = thai_docx(tmp_path / "a.docx", [THAI])
    with pytest.raises(PdfError) as info:
        convert_to_pdf([docx], tmp_path)
    err = info.value
    assert "LibreOffice" in err.message_th and "ติดตั้ง" in err.message_th
    assert "sudo apt-get install libreoffice-writer-nogui" in err.message_en
    assert "fonts-tlwg-laksaman" in err.message_en and "libreoffice.org" in err.message_en
    assert list(tmp_path.iterdir()) == [docx]


def test_nonexistent_soffice_path_gives_pdf_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(tmp_path / "no" / "soffice"))
    docx = thai_docx(tmp_path / "a.docx", [THAI])
    with pytest.raises(PdfError) as info:
        convert_to_pdf([docx], tmp_path)
    assert "LibreOffice" in info.value.message_th and "ติดตั้ง" in info.value.message_th
    assert "apt-get install" in info.value.message_en
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]  # no PDF, no temporary folder


# --- conversion -------------------------------------------------------------------------


def test_one_file_embeds_th_sarabun_new_and_thai_is_extractable(tmp_path, needs_office):
    docx = thai_docx(tmp_path / "คำสั่ง.docx", [THAI, MARKS])
    (made,) = convert_to_pdf([docx], tmp_path)
    assert made == tmp_path / "คำสั่ง.pdf" and made.read_bytes().startswith(b"%PDF")
    table = _run("pdffonts", made).splitlines()[2:]
    sarabun = [row for row in table if re.match(r"([A-Z]{6}\+)?THSarabunNew", row)]
    assert sarabun, table
    assert all(" yes " in row for row in table)  # every font embedded
    assert not [row for row in table if "Laksaman" in row or "DejaVu" in row]
    # In content-stream order every character comes out right. pdftotext's default
    # (position-sorted) mode splits some marks that Laksaman's GPOS anchors shift (เป็ น,
    # ตัวชีว้ ัด), which the original TH Sarabun New (GSUB alternates) does not: check only
    # a sentence without those there.
    assert THAI in _run("pdftotext", made, "-")
    text = _run("pdftotext", "-raw", made, "-")
    assert THAI in text and MARKS in text


def test_two_files_in_one_libreoffice_process(tmp_path, monkeypatch, needs_office):
    soffice = pdf.find_soffice()
    started: list[list[str]] = []
    popen = subprocess.Popen

    def spy(cmd, *args, **kwargs):
        started.append([str(c) for c in cmd])
        return popen(cmd, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    src = tmp_path / "src"
    src.mkdir()
    first = thai_docx(src / "มาตรการ ๒๕๖๘.docx", [THAI])
    second = thai_docx(src / "order.docx", [MARKS])
    out = tmp_path / "ผลลัพธ์"
    out.mkdir()
    made = convert_to_pdf([first, second], out)
    assert made == [out / "มาตรการ ๒๕๖๘.pdf", out / "order.pdf"]
    assert sorted(p.name for p in out.iterdir()) == ["order.pdf", "มาตรการ ๒๕๖๘.pdf"]
    assert THAI in _run("pdftotext", "-raw", made[0], "-")
    assert MARKS in _run("pdftotext", "-raw", made[1], "-")
    assert len([cmd for cmd in started if cmd[0] == soffice]) == 1


def test_failed_file_named_and_previous_pdf_kept(tmp_path, needs_office):
    good = thai_docx(tmp_path / "good.docx", [THAI])
    previous = tmp_path / "gone.pdf"
    previous.write_bytes(b"%PDF-1.4 the previous good copy")
    with pytest.raises(PdfError) as info:
        convert_to_pdf([tmp_path / "gone.docx", good], tmp_path)
    assert "gone.docx" in info.value.message_th and "gone.docx" in info.value.message_en
    assert "good.docx" not in info.value.message_en
    assert previous.read_bytes() == b"%PDF-1.4 the previous good copy"
    assert (tmp_path / "good.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]


def test_timeout_stops_libreoffice_and_leaves_nothing(tmp_path, needs_office):
    docx = thai_docx(tmp_path / "a.docx", [THAI])
    with pytest.raises(PdfError) as info:
        convert_to_pdf([docx], tmp_path, timeout=0.05)
    assert "0.05" in info.value.message_en and "0.05" in info.value.message_th
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def _jobs(folder: Path, pages: list[int]) -> list[pdf.PdfJob]:
    """A job per entry of ``pages``: a document of that many pages of Thai text."""
    folder.mkdir(exist_ok=True)
    return [pdf.PdfJob(thai_docx(folder / f"doc{n:02d}.docx", [THAI * 12] * (count * 6)),
                       folder / f"doc{n:02d}.pdf") for n, count in enumerate(pages)]


def test_a_lane_takes_the_next_job_when_it_is_done(tmp_path, needs_office):
    """Long and short documents alternate, as a district's measures document (21 pages)
    and its order (5) do: the lane that drew the short ones takes long ones too, instead
    of every long one waiting for the same LibreOffice."""
    jobs = _jobs(tmp_path / "src", [12, 1] * 5)
    with pdf.Lanes(2, tmp_path) as lanes:
        for job in jobs:
            lanes.submit(job)
        assert lanes.finish() == {}
        given = [[r["src"] for r in lane.reports] for lane in lanes.lanes]
        made = pdf.landed(lanes, jobs, lambda made, target: made.replace(target))
    assert made == [job.target for job in jobs]
    long_docs = {str(job.source.resolve()) for job in jobs[::2]}
    assert all(set(done) & long_docs for done in given), given
    assert sorted(itertools.chain(*given)) == sorted(str(job.source.resolve()) for job in jobs)


def test_a_killed_lane_leaves_its_waiting_jobs_to_the_other(tmp_path, needs_office):
    """One LibreOffice lane's converter killed as the work begins: the job it held and
    every other document are converted by the other lane, nothing hangs."""
    jobs = _jobs(tmp_path / "src", [1] * 8)
    with pdf.Lanes(2, tmp_path, timeout=300) as lanes:
        lanes.submit(jobs[0])  # starts both lanes; the first lane holds this job
        victim = lanes.lanes[0]
        os.killpg(victim.converter.pid, 9)
        victim.converter.wait()
        for job in jobs[1:]:
            lanes.submit(job)
        assert lanes.finish() == {}
        made = pdf.landed(lanes, jobs, lambda made, target: made.replace(target))
        assert victim.sent == 1  # nothing more was given to it
    assert made == [job.target for job in jobs]


def test_a_killed_libreoffice_costs_only_the_document_it_was_converting(tmp_path,
                                                                         needs_office):
    """One lane's LibreOffice itself killed (a crash) while it converts: that document is
    named with the reason, the one queued behind it and the others are converted by the
    other lane (its converter does not report every later job as failed)."""
    jobs = _jobs(tmp_path / "src", [60] + [1] * 7)
    with pdf.Lanes(2, tmp_path, timeout=300) as lanes:
        for job in jobs:
            lanes.submit(job)  # the first lane: the long document, and one queued behind
        victim, other = lanes.lanes
        end = time.monotonic() + 120
        while not other.reports and time.monotonic() < end:
            time.sleep(0.01)  # the LibreOffices are up: the first is on the long one
        os.killpg(victim.office.pid, 9)
        reasons = lanes.finish()
        with pytest.raises(PdfError) as info:
            pdf.landed(lanes, jobs, lambda made, target: made.replace(target), reasons)
    failed = [job.target.with_suffix(".docx").name for job in jobs if not job.target.exists()]
    assert failed == ["doc00.docx"], reasons
    assert "doc00.docx: LibreOffice stopped" in info.value.message_en
    assert "Binary URP" not in info.value.message_en


def test_same_pdf_name_twice_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/refused/before/running/soffice")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = thai_docx(tmp_path / "a" / "x.docx", [THAI])
    two = thai_docx(tmp_path / "b" / "x.docx", [MARKS])
    with pytest.raises(PdfError) as info:
        convert_to_pdf([one, two], tmp_path)
    assert "x.docx" in info.value.message_th and "x.docx" in info.value.message_en


def test_line_pitch_and_glyph_size_are_th_sarabun_new_16pt(tmp_path, needs_office):
    """40 single-spaced 16 pt lines: TH Sarabun New's 21.3 pt pitch, 33 lines on an A4 page
    with 2.5/2 cm margins, and glyphs 1/1.5042 of Laksaman 16 pt."""
    rows = [f"บรรทัดที่ {i} {MARKS}" for i in range(1, 41)]
    derived = thai_docx(tmp_path / "derived.docx", rows)
    laksaman = thai_docx(tmp_path / "laksaman.docx", rows, font="Laksaman")
    made = convert_to_pdf([derived, laksaman], tmp_path)
    lines = _lines(made[0])
    pitch = statistics.median(b[1] - a[1] for a, b in pairwise(lines))
    assert pitch == pytest.approx(TSN_PITCH_16, abs=0.15), pitch  # 0.751 cm
    assert len(lines) == 33
    big = _lines(made[1])
    width = statistics.median(line[2] - line[0] for line in lines)
    big_width = statistics.median(line[2] - line[0] for line in big)
    assert width / big_width == pytest.approx(1 / fonts.SCALE, rel=0.01)


def test_utf8_locale_for_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf.sys, "platform", "linux")
    assert pdf.utf8_env({"LANG": "C"})["LC_ALL"] == "C.UTF-8"
    assert pdf.utf8_env({})["LC_ALL"] == "C.UTF-8"
    assert pdf.utf8_env({"LC_ALL": "POSIX", "LANG": "th_TH.UTF-8"})["LC_ALL"] == "C.UTF-8"
    assert pdf.utf8_env({"LANG": "th_TH.UTF-8"}) == {"LANG": "th_TH.UTF-8"}
    assert pdf.utf8_env({"LC_ALL": "en_US.utf8"}) == {"LC_ALL": "en_US.utf8"}


def test_thai_names_under_c_locale(tmp_path, monkeypatch, needs_office):
    """Under LANG=C LibreOffice could not open Thai paths (and hung on a Thai profile path)."""
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    out = tmp_path / "ผลลัพธ์"
    out.mkdir()
    docx = thai_docx(tmp_path / "คำสั่งเขต.docx", [THAI])
    assert convert_to_pdf([docx], out, timeout=120) == [out / "คำสั่งเขต.pdf"]
