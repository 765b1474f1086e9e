"""``itadocs serve``: start the page with uvicorn, on this machine or, with a password, the LAN."""

from __future__ import annotations

import contextlib
import multiprocessing
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

from itadocs.exceptions import ItadocsError
from itadocs.web.settings import Settings

MIN_PASSWORD = 8


def refuse_unsafe(settings: Settings) -> None:
    """A page reachable from the network needs a password; refuse to start without one."""
    if settings.local:
        return
    if not settings.password:
        raise ItadocsError(
            f"เปิดให้เครื่องอื่นเข้าถึงที่ {settings.host} ต้องกำหนดรหัสผ่าน (อย่างน้อย "
            f"{MIN_PASSWORD} ตัวอักษร) ในตัวแปร ITADOCS_PASSWORD: "
            "ITADOCS_PASSWORD='รหัสผ่าน' itadocs serve --host ... (ไม่ใส่ในบรรทัดคำสั่งด้วย "
            "--password เพราะผู้อื่นบนเครื่องนี้เห็นได้) แล้วแจ้งรหัสผ่านแก่เจ้าหน้าที่",
            f"serving on {settings.host}, reachable from other machines, needs a password "
            f"(at least {MIN_PASSWORD} characters) in the ITADOCS_PASSWORD variable: "
            "ITADOCS_PASSWORD='...' itadocs serve --host ... (not --password on the command "
            "line, which others on this machine can see); then give it to the staff",
            where="--host",
        )
    if len(settings.password) < MIN_PASSWORD:
        raise ItadocsError(
            f"รหัสผ่านสั้นเกินไป (อย่างน้อย {MIN_PASSWORD} ตัวอักษร)",
            f"the password is too short (at least {MIN_PASSWORD} characters)",
            where="--password",
        )


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, or a clear error when the port is taken or the host unknown."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ItadocsError(f"ไม่รู้จักที่อยู่ {host} ({exc})", f"unknown address {host} ({exc})",
                           where="--host") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ItadocsError(
            f"เปิดพอร์ต {port} ที่ {host} ไม่ได้ ({exc.strerror}) อาจมีโปรแกรมอื่นใช้อยู่ "
            "เลือกพอร์ตอื่นด้วย --port",
            f"cannot listen on {host} port {port} ({exc.strerror}); another program may be "
            "using it: choose another with --port",
            where="--port",
        ) from exc
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket, settings: Settings) -> str:
    """The page's address as people type it (this machine's own name on a LAN)."""
    port = sock.getsockname()[1]
    host = settings.host
    if host in ("0.0.0.0", "::", ""):
        host = _lan_address() or socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _lan_address() -> str | None:
    """This machine's address on the LAN (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))
        return s.getsockname()[0]
    return None


def run(settings: Settings, *, open_browser: bool = True,
        say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl+C. Raises ``ItadocsError`` when it cannot start."""
    import uvicorn

    from itadocs.web.app import create_app

    refuse_unsafe(settings)
    sock = bind(settings.host, settings.port)
    settings = Settings(**{**settings.__dict__, "port": sock.getsockname()[1]})
    try:
        app = create_app(settings)
    except ItadocsError:
        sock.close()
        raise
    # A many-workbook build starts worker processes; forking a server that runs threads
    # could copy a held lock, so they start from a clean process instead.
    with contextlib.suppress(RuntimeError, ValueError):
        multiprocessing.set_start_method("forkserver", force=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           lifespan="on", timeout_graceful_shutdown=5))
    url = address(sock, settings)
    say(f"itadocs เปิดหน้าเว็บที่ / serving the page at {url}")
    if not settings.local:
        say("เจ้าหน้าที่เปิดที่อยู่นี้ในเบราว์เซอร์แล้วใส่รหัสผ่าน / staff open this address "
            "in a browser and type the password")
    say("กด Ctrl+C เพื่อหยุด / press Ctrl+C to stop")
    if open_browser:
        wildcard = settings.host in ("0.0.0.0", "::", "")
        local = f"http://127.0.0.1:{settings.port}/" if wildcard else url
        threading.Thread(target=_open_when_ready, args=(server, local), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        app.close()


def _open_when_ready(server, url: str) -> None:
    for _ in range(200):
        if server.started:
            with contextlib.suppress(Exception):
                webbrowser.open(url)
            return
        time.sleep(0.05)
