"""Which Word templates and Garuda image a build uses.

The default templates are package data (``itadocs/templates``), so ``pip install .`` and a
wheel carry them. A district keeps its own wording or Garuda in a folder of its own, named
with ``--templates DIR`` or the ``ITADOCS_TEMPLATES`` variable; each file found there
overrides the default of the same name (a folder with only ``garuda.png`` changes only the
Garuda). A folder that does not exist, or holds none of the files, is an error: a misspelt
path must never silently give the default wording.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from itadocs.exceptions import OutputError, TemplateError
from itadocs.kinds import OutputKind
from itadocs.messages import Message

MEASURES, ORDER = OutputKind.MEASURES.template, OutputKind.ORDER.template
PROGRESS, PROGRESS_MEMO = OutputKind.PROGRESS.template, OutputKind.PROGRESS_MEMO.template
GARUDA = "garuda.png"
FILES = (MEASURES, ORDER, PROGRESS, PROGRESS_MEMO, GARUDA)
GUIDE = "README.md"
ENV = "ITADOCS_TEMPLATES"


def default_folder() -> Path:
    """The templates installed with itadocs."""
    return Path(str(resources.files("itadocs") / "templates"))


@dataclass(frozen=True)
class Templates:
    """The template files of a build; ``templates / "order.docx"`` is the one to use."""

    folder: Path | None = None  # the district's folder, when one was named
    source: str = ""  # how it was named: --templates or ITADOCS_TEMPLATES

    def __truediv__(self, name: str) -> Path:
        if self.folder is not None and (self.folder / name).is_file():
            return self.folder / name
        return default_folder() / name

    @property
    def overrides(self) -> list[str]:
        """The files the district's folder replaces."""
        if self.folder is None:
            return []
        return [name for name in FILES if (self.folder / name).is_file()]

    @property
    def garuda(self) -> Path | None:
        path = self / GARUDA
        return path if path.is_file() else None

    def files(self, names: tuple[str, ...] = (MEASURES, ORDER)) -> list[Path]:
        """The files in use for the documents named (what the outputs depend on): the
        measures and the order by default, and the Garuda."""
        return [p for p in (*(self / name for name in names), self.garuda) if p is not None]

    def __str__(self) -> str:
        if self.folder is None:
            return f"{default_folder()}"
        return f"{self.folder} ({', '.join(self.overrides)})"


def find(explicit: Path | None = None) -> Templates:
    """The templates named by ``--templates``, else by ``ITADOCS_TEMPLATES``, else the
    defaults; a named folder that is missing or holds no template file is an error."""
    if explicit is not None:
        return _named(Path(explicit), "--templates")
    if os.environ.get(ENV, "").strip():
        return _named(Path(os.environ[ENV].strip()), ENV)
    return Templates()


def _named(folder: Path, source: str) -> Templates:
    names = ", ".join(FILES)
    if not folder.is_dir():
        raise TemplateError(
            f"ไม่พบโฟลเดอร์แม่แบบ {folder} (ระบุด้วย {source}) ตรวจสอบชื่อโฟลเดอร์ หรือสร้างด้วย "
            f"itadocs templates export {folder}",
            f"template folder {folder} (named by {source}) does not exist; check the name, "
            f"or make it with 'itadocs templates export {folder}'",
            where=str(folder),
        )
    templates = Templates(folder, source)
    if not templates.overrides:
        raise TemplateError(
            f"โฟลเดอร์แม่แบบ {folder} (ระบุด้วย {source}) ไม่มีไฟล์ {names} เลย "
            "ใส่เฉพาะไฟล์ที่ต้องการเปลี่ยน",
            f"template folder {folder} (named by {source}) holds none of {names}; "
            "put there the files you want to change",
            where=str(folder),
        )
    return templates


def check_garuda(image: Path) -> None:
    """The district's Garuda opens as an image of a sane size (as a photo does, see
    ``photos.verify``), or ``TemplateError`` saying why; ``build`` and ``templates check``
    both ask it."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image as DocxImage

    from itadocs.reading.photos import PhotoError, read_file, verify

    try:
        data = read_file(image)
        verify(data)
    except (PhotoError, OSError) as err:
        th = getattr(err, "th", None) or getattr(err, "strerror", None) or str(err)
        en = getattr(err, "en", None) or getattr(err, "strerror", None) or str(err)
        raise TemplateError(f"ตราครุฑ {image.name} ใช้ไม่ได้: {th}",
                            f"the Garuda image {image.name} cannot be used: {en}",
                            where=image.name) from err
    try:  # placed as it is (a photo is re-encoded, the Garuda is not)
        DocxImage.from_blob(data)
    except (UnrecognizedImageError, ValueError, IndexError) as err:
        raise TemplateError(
            f"ตราครุฑ {image.name} ใช้ไม่ได้: เอกสาร Word วางภาพนี้ไม่ได้ (เช่น JPEG แบบ CMYK "
            "จากโรงพิมพ์ หรือ JPEG ที่ไม่มีส่วนหัว JFIF/Exif) กรุณาบันทึกเป็น PNG",
            f"the Garuda image {image.name} cannot be used: a Word document cannot hold "
            "this picture (a CMYK JPEG as print shops send, or a JPEG without a JFIF or "
            "Exif header); save it as PNG",
            where=image.name) from err


def garuda_problems(templates: Templates) -> list[Message]:
    """What ``templates check`` says of the Garuda: opened and decoded as ``build`` will."""
    image = templates.garuda
    if image is None:
        return []
    try:
        check_garuda(image)
    except TemplateError as exc:
        return [Message(f"{GARUDA}: {exc.message_th}", f"{GARUDA}: {exc.message_en}")]
    return []


def export(folder: Path, overwrite: bool = False) -> list[Path]:
    """Copy the default templates (and their guide) into ``folder`` for a district to edit."""
    folder = Path(folder)
    sources = [default_folder() / name for name in (*FILES, GUIDE)]
    sources = [p for p in sources if p.is_file()]
    existing = [folder / p.name for p in sources if (folder / p.name).exists()]
    if existing and not overwrite:
        names = ", ".join(str(p) for p in existing)
        raise OutputError(
            f"มีไฟล์ {names} อยู่แล้ว ไม่เขียนทับ (ใช้ --force เพื่อเขียนทับ)",
            f"{names} already exist(s) and was not overwritten (use --force to overwrite)",
            where=str(folder),
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for source in sources:
            target = folder / source.name
            shutil.copyfile(source, target)
            written.append(target)
    except OSError as exc:
        raise OutputError(
            f"คัดลอกแม่แบบไปที่ {folder} ไม่ได้: {exc.strerror}",
            f"cannot copy the templates to {folder}: {exc.strerror}",
            where=str(folder),
        ) from exc
    return written
