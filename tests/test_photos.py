"""Photos: pasted into the ภาพ sheet (the workbook is self-contained) or files named by their
exact path inside the workbook's folder; every photo is opened at check time, and every
message names its ภาพ cell."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from itadocs.model import Photo, Picture
from itadocs.pipeline import build_workbook, check_workbook
from itadocs.reading import schema
from itadocs.workbooks.writer import write_workbook
from tests.helpers import (
    bangrak_data,
    itadocs,
    picture_in_cell,
    png_bomb,
    png_header,
    rewrite_zip,
    run,
    snapshot,
)

SHEET = schema.PHOTOS.name


def jpeg(width: int = 1200, height: int = 900, colour: str = "navy") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def with_photos(folder: Path, *photos: Photo, name: str = "ita.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = bangrak_data()
    data.photos = list(photos)
    return write_workbook(folder / name, data)


def images_of(docx: Path) -> list[bytes]:
    with zipfile.ZipFile(docx) as zf:
        return [zf.read(n) for n in sorted(zf.namelist()) if n.startswith("word/media/")]


def errors_at(path: Path) -> dict[str, str]:
    return {p.where(): f"{p.code}: {p.message_en}" for p in check_workbook(path).errors}


# --------------------------------------------------------------------------- pasted pictures


def test_pasted_picture_builds_the_same_documents_anywhere(tmp_path):
    path = with_photos(tmp_path / "a", Photo(4, "", "การประชุมชี้แจง", Picture(jpeg())))
    first = build_workbook(path, tmp_path / "out-a")
    doc = Document(first.outputs["measures"])
    assert len(doc.inline_shapes) == 2  # the chart and the photo
    assert "การประชุมชี้แจง" in "\n".join(p.text for p in doc.paragraphs)
    moved = tmp_path / "elsewhere" / "deeper"
    moved.mkdir(parents=True)
    shutil.move(path, moved / path.name)  # e-mailed to a colleague: no photo file travels
    second = build_workbook(moved / path.name, tmp_path / "out-b")
    for kind in ("measures", "order"):
        assert second.outputs[kind].read_bytes() == first.outputs[kind].read_bytes(), kind


def test_new_from_carries_pasted_pictures(tmp_path):
    picture = jpeg(800, 600, "darkgreen")
    old = with_photos(tmp_path / "2569", Photo(6, "", "สื่อสารกับประชาชน", Picture(picture)))
    new = tmp_path / "2570" / "ita-2570.xlsx"
    new.parent.mkdir()
    result = run("new", new, "--from", old)
    assert result.exit_code == 0, result.output
    carried = check_workbook(new).data.photos
    assert [(p.section, p.caption) for p in carried] == [(6, "สื่อสารกับประชาชน")]
    assert carried[0].picture is not None and carried[0].picture.data == picture


def test_picture_anchored_across_rows_and_excel_alternate_content(tmp_path):
    """Excel writes two-cell anchors, sometimes wrapped for older programs: the picture
    counts once, in the row where it starts."""
    path = with_photos(tmp_path, Photo(4, "", "ภาพ", Picture(jpeg())))

    def two_cell(files):
        name = next(n for n in files if n.startswith("xl/drawings/drawing"))
        xml = files[name].decode()
        anchor = re.search(r"<oneCellAnchor>.*?</oneCellAnchor>", xml, re.S)[0]
        two = (anchor.replace("oneCellAnchor", "twoCellAnchor")
               .replace("</from>", "</from><to><col>2</col><colOff>0</colOff><row>6</row>"
                        "<rowOff>0</rowOff></to>"))
        two = re.sub(r"<ext [^>]*/>", "", two)
        wrapped = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
                   'compatibility/2006"><mc:Choice Requires="a14">' + two + "</mc:Choice>"
                   "<mc:Fallback>" + two + "</mc:Fallback></mc:AlternateContent>")
        files[name] = xml.replace(anchor, wrapped).encode()

    rewrite_zip(path, two_cell)
    report = check_workbook(path)
    assert report.ok, [p.format() for p in report.errors]
    assert report.data.photos[0].picture is not None


def test_picture_placed_in_a_cell_by_excel_365(tmp_path):
    """Insert > Pictures > Place in Cell stores the picture as the cell's rich value."""
    path = with_photos(tmp_path, Photo(7, "placeholder", "กิจกรรม"))
    picture = jpeg(640, 480, "maroon")
    picture_in_cell(path, SHEET, "B5", picture)
    report = check_workbook(path)
    assert report.ok, [p.format() for p in report.errors]
    photo = report.data.photos[0]
    assert photo.picture is not None and photo.picture.data == picture and photo.file == ""
    outcome = build_workbook(path, tmp_path / "out")
    assert len(Document(outcome.outputs["measures"]).inline_shapes) == 2


@pytest.mark.parametrize(
    ("photos", "code", "cell"),
    [
        ([Photo(4, "", "ก", Picture(jpeg())), Photo(6, "", "ข")], "photo_none", "B6"),
        ([Photo(4, "x.jpg", "ก", Picture(jpeg()))], "photo_twice", "B5"),
    ],
    ids=["row-without-photo", "picture-and-file"],
)
def test_each_row_holds_one_photo(tmp_path, photos, code, cell):
    path = with_photos(tmp_path, *photos)
    found = errors_at(path)
    assert f"{SHEET}!{cell}" in found and found[f"{SHEET}!{cell}"].startswith(code), found


def test_two_pictures_in_a_row_and_a_picture_outside_the_table(tmp_path):
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image as SheetImage

    path = with_photos(tmp_path, Photo(4, "", "ก", Picture(jpeg())))
    wb = load_workbook(path)
    wb[SHEET].add_image(SheetImage(io.BytesIO(jpeg(300, 200, "grey"))), "C5")  # same row
    wb[SHEET].add_image(SheetImage(io.BytesIO(jpeg(300, 200, "olive"))), "B9")  # empty row
    wb.save(path)
    found = errors_at(path)
    assert found[f"{SHEET}!B5"].startswith("photo_two_pictures")
    assert found[f"{SHEET}!B9"].startswith("photo_unplaced")
    result = run("check", path)
    assert "แถวละ 1 ภาพ" in result.output and "one picture per row" in result.output


# --------------------------------------------------------------------------- files


def test_file_by_exact_path_only(tmp_path):
    folder = tmp_path / "w"
    (folder / "ภาพ").mkdir(parents=True)
    (folder / "ภาพ" / "ประชุม.jpg").write_bytes(jpeg())
    path = with_photos(folder, Photo(4, "ภาพ/ประชุม.jpg", "ประชุม"))
    assert check_workbook(path).ok
    backslash = with_photos(folder, Photo(4, "ภาพ\\ประชุม.jpg", "ประชุม"), name="b.xlsx")
    assert check_workbook(backslash).ok  # typed on Windows
    bare = with_photos(folder, Photo(4, "ประชุม.jpg", "ประชุม"), name="c.xlsx")
    found = errors_at(bare)
    assert found[f"{SHEET}!B5"].startswith("photo_missing")
    assert "ภาพ/ประชุม.jpg: type that path in full" in found[f"{SHEET}!B5"]


def test_the_same_name_in_two_folders_is_never_picked(tmp_path):
    folder = tmp_path / "w"
    for year in ("2568", "2569"):
        (folder / year).mkdir(parents=True)
        (folder / year / "ภาพ.jpg").write_bytes(jpeg(colour="red" if year == "2568" else "blue"))
    path = with_photos(folder, Photo(4, "ภาพ.jpg", "ปีนี้"))
    message = errors_at(path)[f"{SHEET}!B5"]
    assert message.startswith("photo_missing") and "2568/ภาพ.jpg" in message
    assert "2569/ภาพ.jpg" in message
    assert check_workbook(with_photos(folder, Photo(4, "2569/ภาพ.jpg", "ปีนี้"),
                                      name="ok.xlsx")).ok


def test_letter_case_matches_only_when_unambiguous(tmp_path):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "IMG_01.JPG").write_bytes(jpeg())
    assert check_workbook(with_photos(folder, Photo(4, "img_01.jpg", "ก"))).ok
    (folder / "img_01.jpg").write_bytes(jpeg())
    message = errors_at(with_photos(folder, Photo(4, "Img_01.jpg", "ก"), name="b.xlsx"))
    assert message[f"{SHEET}!B5"].startswith("photo_ambiguous")


@pytest.mark.parametrize("typed", ["*", "**", "*.xlsx", "?ta.xlsx", "[i]ta.xlsx"])
def test_glob_characters_are_only_characters(tmp_path, typed):
    folder = tmp_path / "w"
    path = with_photos(folder, Photo(4, typed, "ก"))
    (folder / "ภาพ.jpg").write_bytes(jpeg())
    message = errors_at(path)[f"{SHEET}!B5"]
    assert message.startswith("photo_missing"), message


@pytest.mark.parametrize(
    ("typed", "make"),
    [
        ("ออก.jpg", "symlink-out"),
        ("../นอก.jpg", None),
        ("/etc/hostname", None),
        ("C:\\Users\\staff\\ภาพ.jpg", None),
    ],
    ids=["symlink-out", "dot-dot", "absolute", "windows-absolute"],
)
def test_nothing_outside_the_workbook_folder(tmp_path, typed, make):
    outside = tmp_path / "นอก.jpg"
    outside.write_bytes(jpeg())
    folder = tmp_path / "w"
    path = with_photos(folder, Photo(4, typed, "ก"))
    if make == "symlink-out":
        os.symlink(outside, folder / "ออก.jpg")
    message = errors_at(path)[f"{SHEET}!B5"]
    assert message.startswith("photo_outside"), message
    out = tmp_path / "out"
    result = run("build", path, "-o", out)
    assert result.exit_code == 1 and f"[{SHEET}!B5]" in result.output and not snapshot(out)


def test_a_link_inside_the_folder_is_fine(tmp_path):
    folder = tmp_path / "w"
    (folder / "ภาพ").mkdir(parents=True)
    (folder / "ภาพ" / "จริง.jpg").write_bytes(jpeg())
    os.symlink(folder / "ภาพ" / "จริง.jpg", folder / "ลิงก์.jpg")
    assert check_workbook(with_photos(folder, Photo(4, "ลิงก์.jpg", "ก"))).ok


# --------------------------------------------------------------------------- hostile images


def _truncated() -> bytes:
    data = jpeg(1600, 1200)
    return data[: len(data) // 2]


HOSTILE = {
    "empty": (b"", "photo_empty", "is empty"),
    "text": ("ไม่ใช่ภาพ แค่ข้อความ\n".encode() * 50, "photo_not_an_image", "not an image"),
    "truncated": (_truncated(), "photo_damaged", "damaged or cut short"),
    "bomb": (png_bomb(20_000, 20_000), "photo_too_many_pixels", "too many pixels"),
    "30000-squared": (png_header(30_000, 30_000), "photo_too_many_pixels", "too many pixels"),
    "heic": (b"\0\0\0\x18ftypheic" + bytes(100), "photo_format", "HEIC"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_photo_file(tmp_path, kind):
    data, code, words = HOSTILE[kind]
    folder = tmp_path / "w"
    path = with_photos(folder, Photo(4, "ภาพ.jpg", "ก"))
    (folder / "ภาพ.jpg").write_bytes(data)
    result = run("check", path)
    assert result.exit_code == 1
    assert f"[{SHEET}!B5]" in result.output and words in result.output
    assert "ภาพแถวที่ 5" in result.output
    assert errors_at(path)[f"{SHEET}!B5"].startswith(code)
    if kind == "bomb":  # build checks first, as check does
        out = tmp_path / "out"
        assert run("build", path, "-o", out).exit_code == 1 and not snapshot(out)


@pytest.mark.parametrize("kind", ["bomb", "truncated", "text"])
def test_hostile_pasted_picture(tmp_path, kind):
    data, code, words = HOSTILE[kind]
    path = with_photos(tmp_path, Photo(4, "", "ก", Picture(jpeg())))

    def swap(files):
        name = next(n for n in files if n.startswith("xl/media/"))
        files[name] = data

    rewrite_zip(path, swap)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    assert f"[{SHEET}!B5]" in result.output and words in result.output
    assert errors_at(path)[f"{SHEET}!B5"].startswith(code)


def test_the_bomb_message_states_the_real_limit(tmp_path):
    """A PNG of 400 megapixels: Pillow refuses it before itadocs' own bound, and the message
    still states the bound for its format (25 megapixels; 100 only for JPEG)."""
    folder = tmp_path / "w"
    path = with_photos(folder, Photo(4, "ภาพ.png", "ก"))
    (folder / "ภาพ.png").write_bytes(png_bomb(20_000, 20_000))
    found = errors_at(path)[f"{SHEET}!B5"]
    assert "400,000,000 pixels" in found and "at most 25 megapixels" in found, found
    assert "100 megapixels" not in found
    (folder / "ภาพ.png").write_bytes(png_header(30_000, 30_000))
    assert "at most 25 megapixels" in errors_at(path)[f"{SHEET}!B5"]


@pytest.mark.parametrize(("damage", "words"), [
    ({"rvb": "<xlrd:rvb/>"}, "xlrd:rvb i = None"),
    ({"rvb": '<xlrd:rvb i="7"/>'}, "no rich value 7"),
    ({"structure": "7"}, "no structure 7"),
    ({"structure": "x"}, "rv s = 'x'"),
], ids=["rvb-without-index", "rvb-past-the-end", "structure-past-the-end", "structure-word"])
def test_damaged_picture_in_cell_metadata_is_named_by_its_cell(tmp_path, damage, words):
    path = with_photos(tmp_path, Photo(7, "placeholder", "กิจกรรม"))
    picture_in_cell(path, SHEET, "B5", jpeg(64, 48), **damage)
    result = itadocs("check", path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"[{SHEET}!B5]" in result.stdout and words in result.stdout
    assert "the picture placed in this cell cannot be read" in result.stdout
    assert "ภาพที่วางในเซลล์นี้อ่านไม่ได้" in result.stdout
    found = errors_at(path)
    assert found[f"{SHEET}!B5"].startswith("photo_unreadable") and len(found) == 1, found
