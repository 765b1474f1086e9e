"""How one web server runs: where it listens, who may use it, what it accepts."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from itadocs.reading.opening import MAX_FILE_BYTES

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# An upload is bounded like the command's inputs: one workbook is read only up to the
# reader's own limit, so a request carries at most two of them (diff) and a small form.
FORM_BYTES = 64 * 1024
SINGLE_BYTES = 2 * MAX_FILE_BYTES + 1024 * 1024
# A central office uploads every district's workbook at once.
BATCH_FILES = 100
BATCH_BYTES = 300 * 1024 * 1024


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.1, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """One server's settings; ``itadocs serve`` fills them from its options."""

    host: str = "127.0.0.1"
    port: int = 8000
    password: str | None = None  # required when ``host`` is reachable from the network
    templates: Path | None = None  # a district's template folder (else the defaults)
    root: Path | None = None  # the server's temporary folder (else a fresh one)
    keep_seconds: int = 2 * 3600  # how long a result stays downloadable
    pdf: bool | None = None  # make PDFs: None = when LibreOffice is installed
    batch_jobs: int | None = None  # worker processes of a many-workbook build
    single_bytes: int = SINGLE_BYTES  # largest upload of one or two workbooks
    batch_bytes: int = BATCH_BYTES  # largest upload of many workbooks
    today: dt.date | None = None  # the calendar's day (None: the machine's date)

    @property
    def local(self) -> bool:
        return is_loopback(self.host)

    def upload_limit(self, path: str) -> int:
        """The largest request body accepted at ``path``."""
        if path == "/batch":
            return self.batch_bytes
        if path in ("/check", "/carry", "/diff", "/photos", "/office"):
            return self.single_bytes
        return FORM_BYTES
