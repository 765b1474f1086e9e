"""Temporary folders of the web server: one per request, and the results kept to download.

Every request works in a folder of its own under the server's root, removed when the request
ends. What a person may download afterwards (a checked workbook, the built documents, a
batch's zip) is an ``Entry``: a folder named by an unguessable token, tied to the session
that produced it, holding the typed result its page shows (``results.py``) and removed after
``keep_seconds``. A download names an entry's token and
one of the names the entry itself recorded; no path from a request is ever opened. Folders
left by a server that is no longer running are removed when a server starts.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from itadocs.build.folderlock import process_alive

TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
PER_SESSION = 40  # entries a session keeps; the oldest idle one goes first
_BASE = "itadocs-web"
T = TypeVar("T")


def server_root(base: Path | None = None) -> Path:
    """A fresh private folder for this server, after removing those of dead servers.

    The folders live in ``<tmp>/itadocs-web-<uid>/<pid>-<random>``: a server only removes
    the folders of process ids that are no longer running, so two servers on one machine
    never remove each other's files.
    """
    parent = base or Path(tempfile.gettempdir()) / f"{_BASE}-{_uid()}"
    if not _private_folder(parent):
        parent = Path(tempfile.mkdtemp(prefix=f"{_BASE}-"))
    for old in parent.iterdir():
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    root = parent / f"{os.getpid()}-{secrets.token_hex(4)}"
    root.mkdir(mode=0o700)
    return root


def _uid() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _private_folder(folder: Path) -> bool:
    """``folder`` exists (or was made) as a real folder of ours that others cannot enter."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & 0o077


SHOWN_CHARACTERS = 255  # Windows allows names this long: every real name is shown whole
NAME_BYTES = 200  # a file name the page makes from an upload's (Linux allows 255 bytes)


def safe_name(uploaded: str | None, default: str) -> str:
    """An uploaded file's name to show, from what a browser sent; never a name to save a file
    under (uploads are saved under names of the server's making, see ``stored_name``).

    Only the last part of the name is kept (browsers may send a full path), without
    control characters, leading dots or characters that are not allowed in file names on
    Windows; at most 255 characters, as long as Windows allows.
    """
    name = unicodedata.normalize("NFC", uploaded or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name).strip().lstrip(".").strip()
    if len(name) > SHOWN_CHARACTERS:
        name = name[:SHOWN_CHARACTERS].rstrip()
    return name or default


def cut_to_bytes(name: str, limit: int = NAME_BYTES, *, ending: str = "") -> str:
    """``name`` cut to at most ``limit`` bytes of UTF-8 where a name must be cut (a file the
    page names after an upload): ``ending`` (e.g. "-draft.xlsx") stays whole after the cut,
    and a cut never falls between a letter and its marks (a Thai vowel or tone mark stays
    with its consonant, or goes with it)."""
    room = limit - len(ending.encode("utf-8"))
    if len(name.encode("utf-8")) <= room:
        return name + ending
    cut = name.encode("utf-8")[:max(room, 0)].decode("utf-8", "ignore")
    while cut and unicodedata.category(name[len(cut)])[0] == "M":
        cut = cut[:-1]  # the next character is a mark of the last one: both go
    return cut.rstrip() + ending


def stored_name(suffix: str = ".xlsx") -> str:
    """A name of the server's making for an uploaded file: short, unique, plain ASCII, and
    distinct enough that the page can put the uploaded name back wherever a message
    names it (see ``present.shower``)."""
    return f"upload-{secrets.token_hex(6)}{suffix}"


@dataclass
class Entry(Generic[T]):
    """Something one session produced and may come back for."""

    token: str
    session: str
    folder: Path
    result: T  # what its page shows; its class is the entry's kind
    created: float = field(default_factory=time.monotonic)
    files: dict[str, Path] = field(default_factory=dict)  # download name -> file
    busy: bool = False  # background work still writing into it

    def add(self, name: str, path: Path) -> Path:
        """Offer ``path`` (inside this entry's folder) for download as ``name``."""
        if self.folder.resolve() not in path.resolve().parents:
            raise ValueError(f"{path} is not inside {self.folder}")
        self.files[name] = path
        return path


class Store:
    """The server's temporary folders and the entries people may download from."""

    def __init__(self, root: Path, keep_seconds: float) -> None:
        self.root = root
        self.keep = keep_seconds
        self._entries: dict[str, Entry[Any]] = {}
        self._lock = threading.Lock()
        for name in ("work", "store"):
            (root / name).mkdir(mode=0o700, exist_ok=True)

    @contextlib.contextmanager
    def work(self) -> Iterator[Path]:
        """A folder for one request's files, removed when the request is done."""
        folder = Path(tempfile.mkdtemp(prefix="req-", dir=self.root / "work"))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def add(self, session: str, result: T) -> Entry[T]:
        """A new entry of ``session`` holding ``result`` (the oldest idle ones go)."""
        self.expire()
        token = secrets.token_urlsafe(32)
        folder = self.root / "store" / token
        folder.mkdir(mode=0o700)
        entry = Entry(token, session, folder, result)
        with self._lock:
            self._entries[token] = entry
            mine = sorted((e for e in self._entries.values()
                           if e.session == session and not e.busy), key=lambda e: e.created)
            for old in mine[:-PER_SESSION] if len(mine) > PER_SESSION else []:
                self._drop(old)
        return entry

    @overload
    def get(self, token: str, session: str) -> Entry[object] | None: ...

    @overload
    def get(self, token: str, session: str, kind: type[T]) -> Entry[T] | None: ...

    def get(self, token: str, session: str, kind: type[Any] = object) -> Entry[Any] | None:
        """The entry named by ``token`` when it belongs to ``session`` and holds a ``kind``
        of result (else None)."""
        if not TOKEN.fullmatch(token):
            return None
        with self._lock:
            entry = self._entries.get(token)
        if entry is None or not secrets.compare_digest(entry.session, session):
            return None
        if not isinstance(entry.result, kind):
            return None
        return entry

    def expire(self) -> None:
        """Remove entries older than ``keep_seconds`` (unless still being written)."""
        now = time.monotonic()
        with self._lock:
            for entry in list(self._entries.values()):
                if now - entry.created > self.keep and not entry.busy:
                    self._drop(entry)

    def _drop(self, entry: Entry[Any]) -> None:
        self._entries.pop(entry.token, None)
        shutil.rmtree(entry.folder, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._entries.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def __len__(self) -> int:
        return len(self._entries)
