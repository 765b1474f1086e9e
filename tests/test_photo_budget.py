"""The photos of one workbook together are bounded, as ``build`` will place them: a picture
anchored many times is read once, and past a count, a size of the files or a size of the
pixels, the row where the budget ran out is named and nothing is built. The same budget
holds for ``check``, ``build``, ``draft`` and the web page (they all check first)."""

from __future__ import annotations

import io
import subprocess
import sys

from PIL import Image

from itadocs.model import Photo, Picture
from itadocs.pipeline import check_workbook
from itadocs.reading import photos, schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import PEAK_KB, anchored_many_times, bangrak_data, env, itadocs, snapshot

SHEET = schema.PHOTOS.name
PEAK = PEAK_KB + """
import sys
from itadocs.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print("PEAK_MB", peak_kb() // 1024, file=sys.stderr)
sys.exit(code)
"""


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (width, height), "navy").save(buf, "PNG")
    return buf.getvalue()


def peak(*args: object) -> tuple[subprocess.CompletedProcess, int]:
    """``itadocs ARGS`` as a process, and the memory it took at its peak (MB)."""
    result = subprocess.run([sys.executable, "-c", PEAK, *map(str, args)], capture_output=True,
                            text=True, env=env(), timeout=300)
    return result, int(result.stderr.split("PEAK_MB")[1].split()[0])


def pasted(tmp_path, times: int, padding: int):
    data = bangrak_data()
    data.photos = [Photo(4, "", "การประชุม", Picture(png(400, 300)))]
    path = write_workbook(tmp_path / "pictures.xlsx", data)
    return anchored_many_times(path, times, padding)


def test_a_picture_anchored_many_times_is_read_once(tmp_path):
    """60 anchors at one 29 MB media part in a file of under 100 KB: read once, not 60
    times (1.7 GB before)."""
    path = pasted(tmp_path, 60, 29 * 1024 * 1024)
    assert path.stat().st_size < 100_000
    result, mb = peak("check", path)
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert f"[{SHEET}!B5]" in result.stdout and "row 5 holds 60 pasted pictures" in result.stdout
    assert mb < 400, mb


def test_more_pictures_than_the_budget(tmp_path):
    path = pasted(tmp_path, 150, 0)
    result, mb = peak("check", path)
    assert mb < 400, mb
    assert "Traceback" not in result.stderr and result.returncode == 1
    assert f"[{SHEET}!B5]" in result.stdout
    assert "holds more pasted pictures than itadocs reads (more than 100 pictures)" \
        in result.stdout
    assert "มีภาพที่วางไว้มากเกินกว่าที่ itadocs อ่าน" in result.stdout
    out = tmp_path / "out"
    built = itadocs("build", path, "-o", out)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "more than 100 pictures" in built.stderr and not snapshot(out)


def test_more_pixels_than_the_budget(tmp_path):
    """Twelve rows naming one 25-megapixel RGBA PNG: opened once, but built twelve times
    (100 MB of pixels each), past the workbook's 1 GB: the row where it ran out is named."""
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "ใหญ่.png").write_bytes(png(5000, 5000, "RGBA"))
    data = bangrak_data()
    data.photos = [Photo(4, "ใหญ่.png", f"ภาพที่ {i}") for i in range(12)]
    path = write_workbook(folder / "w.xlsx", data)
    report = check_workbook(path)
    over = [p for p in report.errors if p.code == "photo_budget"]
    assert [p.where() for p in over] == [f"{SHEET}!B15"], [p.format() for p in report.errors]
    assert "more than 1,024 MB of pixels once opened" in over[0].message_en
    assert "this row's and the ones below were not opened" in over[0].message_en
    assert len(report.errors) == 1  # the rows before are fine, the rows after not opened


def test_more_photo_rows_than_the_budget(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "ภาพ.png").write_bytes(png(40, 30))
    data = bangrak_data()
    data.photos = [Photo(6, "ภาพ.png", f"ภาพที่ {i}") for i in range(photos.MAX_PICTURES + 3)]
    path = write_workbook(folder / "w.xlsx", data)
    result = itadocs("check", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = 5 + photos.MAX_PICTURES
    assert f"[{SHEET}!B{first}]" in result.stdout and "more than 100 photos" in result.stdout
    assert result.stdout.count("this row's and the ones below were not opened") == 1


def test_the_web_page_takes_the_same_budget(tmp_path):
    """An upload of the same workbook to the web page: the same message, no traceback,
    the server's memory bounded as the command's."""
    import html
    import re

    from starlette.testclient import TestClient

    from itadocs.web import Settings, create_app

    path = pasted(tmp_path, 150, 0)
    app = create_app(Settings(root=tmp_path / "web", pdf=False, batch_jobs=1))
    try:
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)[1]
            page = client.post("/check", data={"csrf": csrf}, files={"workbook": (
                path.name, path.read_bytes(), "application/octet-stream")})
    finally:
        app.close()
    shown = html.unescape(page.text)
    assert page.status_code == 200 and "Traceback" not in shown
    assert "more than 100 pictures" in shown and f"{SHEET}!B5" in shown
