"""Speed benchmark: check, one build, the batch of 50 districts, PDFs, against plain peers.

    python bench/run.py [--districts 50] [--pdf-peer-files 10] [--no-pdf] [--no-large]
    python bench/run.py --startup [--against REV]   # only `itadocs --help`'s start time
    python bench/run.py --against REV --no-web --no-large   # batch figures against REV too
    python bench/run.py --chart [--against REV]     # only the radar chart's drawing

Makes synthetic district workbooks in a temporary folder and prints, measured in one run:
`itadocs --help` (start-up, cold), `itadocs check` of one workbook, `itadocs build` of one
district (cold, as staff run it), drawing one radar chart (a warm process), the batch of all
districts (docx), the batch with PDF, and
the peer baselines: the same templates rendered by a plain docxtpl script, and the same
.docx converted by one `soffice --convert-to pdf` start per file. Targets (2-core machine):
`--help` no slower than before issue 15 (bench/README.md); check < 0.5 s; a district in a
batch < 1/3 of a single cold build; PDF through one LibreOffice process at least 3x faster
per document than one start per file; `check` of a 22 MB workbook of 12 million formatted
cells in seconds, under 300 MB of memory.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synthetic import synthetic  # noqa: E402  (bench/, this script's folder)

from itadocs.reading import schema  # noqa: E402
from itadocs.workbooks.writer import write_workbook  # noqa: E402
from tests.helpers import bangrak_data  # noqa: E402

ITADOCS = [sys.executable, "-m", "itadocs.cli"]

PEER_SCRIPT = r'''
import sys, tempfile
from pathlib import Path
from docxtpl import DocxTemplate, InlineImage
from docx.shared import Cm
sys.path.insert(0, sys.argv[1])
from itadocs.pipeline import check_workbook
from itadocs.documents.context import build_context, order_context
from itadocs.documents.chart import radar_chart
from itadocs.documents.context import chart_labels, chart_series
templates, out = Path(sys.argv[2]), Path(sys.argv[3])
for wb in sys.argv[4:]:
    report = check_workbook(wb)
    data, result = report.data, report.result
    with tempfile.TemporaryDirectory() as tmp:
        chart = radar_chart(Path(tmp) / "c.png", chart_labels(result),
                            chart_series(result, data.unit.assessed_year), thai_digits=True)
        ctx = build_context(data, result, Path(wb).parent, None)
        tpl = DocxTemplate(str(templates / "measures.docx"))
        ctx["chart"] = InlineImage(tpl, str(chart), width=Cm(15))
        tpl.render(ctx, autoescape=True)
        tpl.save(out / (Path(wb).stem + "-measures.docx"))
    tpl = DocxTemplate(str(templates / "order.docx"))
    tpl.render({"order": order_context(data), "office": ctx["office"]}, autoescape=True)
    tpl.save(out / (Path(wb).stem + "-order.docx"))
'''


def make_workbooks(folder: Path, count: int) -> list[Path]:
    """Synthetic districts: the test data with each district's name and varied scores."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (district, _en) in enumerate(schema.lists().districts[:count]):
        data = synthetic(bangrak_data, i, district)
        fill_progress(data, i)
        path = folder / f"ita-{i + 1:02d}.xlsx"
        write_workbook(path, data)
        paths.append(path)
    return paths


def fill_progress(data, i: int) -> None:
    """Round 6 of the progress sheet filled in: every status, a result, a budget, a link,
    and the memo's details."""
    import datetime as dt

    from itadocs.model import RoundTexts
    from itadocs.workbooks.progresssheet import in_step

    in_step(data)
    statuses = ((schema.STATUS_DONE, 100), (schema.STATUS_DOING, 60),
                (schema.STATUS_NOT_STARTED, 0))
    for k, row in enumerate(r for r in data.progress.rows if r.round == 6):
        row.status, percent = statuses[(i + k) % 3]
        row.percent = Decimal(percent)
        row.result = f"ดำเนินการตามมาตรการข้อที่ {k + 1} ประชุมชี้แจงเจ้าหน้าที่ทุกฝ่าย"
        row.budget_used = Decimal(500 * (k % 4))
        row.date_done = dt.date(2026, 1 + k % 3, 10) if percent else None
        row.evidence = f"https://example.go.th/ita/{i}/{k}"
    data.progress.rounds[6] = RoundTexts(
        problems="เจ้าหน้าที่มีภารกิจมาก", suggestions="ควรกำหนดผู้รับผิดชอบให้ชัดเจน",
        memo_department="ฝ่ายปกครอง", memo_number="กท 1/1", memo_date=dt.date(2026, 4, 8),
        memo_signer_name="นางสาวตัวอย่าง สมมุติ", memo_signer_position="หัวหน้าฝ่ายปกครอง")


PEAK_SCRIPT = r'''
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from itadocs.pipeline import check_workbook
start = time.perf_counter()
check_workbook(sys.argv[2])
peak = next((int(line.split()[1]) for line in open("/proc/self/status")
             if line.startswith("VmHWM")), 0)  # this program's own peak, in kB
print(time.perf_counter() - start, peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


CHART_SCRIPT = r'''
import statistics, sys, time
sys.path.insert(0, sys.argv[1])
from itadocs.pipeline import check_workbook
from itadocs.documents import compose
reports = [check_workbook(p) for p in sys.argv[2:]]
compose.chart_png(reports[0])  # imports, fonts, the sizes of the names and ring values
wall, cpu = [], []
for report in reports[1:]:
    compose._chart_png.cache_clear()
    start, start_cpu = time.perf_counter(), time.process_time()
    compose.chart_png(report)
    wall.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
print(statistics.median(wall), statistics.median(cpu))
'''


def large_workbook(folder: Path) -> Path:
    """The test workbook with its committee sheet formatted down to row 600,000 in 20
    columns (12 million empty formatted cells, about 22 MB), and a stray value far below."""
    from tests.helpers import formatted_cells

    path = write_workbook(folder / "large.xlsx", bangrak_data())
    return formatted_cells(path, schema.COMMITTEE.name, last_row=600_000, columns=20,
                           values={"A1000000": "x"})


@functools.cache
def neutral_dir() -> str:
    """An empty folder to run commands in: ``python -m itadocs.cli`` puts its working
    folder first on sys.path, so run from the repository it would import this tree's
    itadocs whatever PYTHONPATH names (and a comparison with a revision would compare
    this tree with itself)."""
    folder = tempfile.mkdtemp(prefix="itadocs-bench-cwd-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True, cwd=neutral_dir(), **kwargs)
    return time.perf_counter() - start


def median_of(n: int, fn) -> float:
    return statistics.median(fn() for _ in range(n))


def source_tree(rev: str, folder: str) -> str:
    """A git revision's itadocs package, from ``git archive``, in ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "itadocs"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder)  # this repository's own files
    return folder


def chart_figures(books: list[Path], env: dict[str, str], against: str | None = None
                  ) -> list[tuple[str, float, str]]:
    """Drawing the radar chart of a checked workbook to PNG bytes in a warm process (the
    median over workbooks whose scores differ, one chart each, as in a batch); with
    ``against``, that revision's too, the two run in turns."""
    with tempfile.TemporaryDirectory(prefix="itadocs-bench-rev-") as old:
        trees = {"this": str(ROOT), **({against: source_tree(against, old)} if against else {})}
        runs: dict[str, list[list[float]]] = {name: [] for name in trees}
        for _ in range(3):
            for name, tree in trees.items():
                done = subprocess.run([sys.executable, "-c", CHART_SCRIPT, tree,
                                       *map(str, books[:8])], capture_output=True, text=True,
                                      env={**env, "PYTHONPATH": tree}, check=True)
                runs[name].append([float(x) for x in done.stdout.split()])
    this, this_cpu = (statistics.median(x) for x in zip(*runs["this"], strict=True))
    rows = []
    rows.append(("radar chart, one workbook (drawn)", this,
                 f"CPU {this_cpu:.3f} s; median of 7 charts; target < 0.2 s"))
    if against:
        then, then_cpu = (statistics.median(x) for x in zip(*runs[against], strict=True))
        rows.append((f"radar chart at {against}, in turns", then,
                     f"CPU {then_cpu:.3f} s; then/now = {then / this:.1f}x, "
                     f"CPU {then_cpu / this_cpu:.1f}x"))
    return rows


def help_figures(env: dict[str, str], against: str | None = None
                 ) -> list[tuple[str, float, str]]:
    """``itadocs --help`` as a new process: the start-up every command pays. With
    ``against`` (a git revision), that revision's itadocs too, the two started in turns so
    that both see the same load on a shared machine."""
    with tempfile.TemporaryDirectory(prefix="itadocs-bench-rev-") as old:
        trees = {"this": str(ROOT)}
        if against:
            trees[against] = source_tree(against, old)
        runs: dict[str, list[float]] = {name: [] for name in trees}
        bare = []
        for tree in trees.values():  # warm the disk cache and the bytecode
            timed([*ITADOCS, "--help"], env={**env, "PYTHONPATH": tree})
        for _ in range(15):
            for name, tree in trees.items():
                runs[name].append(timed([*ITADOCS, "--help"], env={**env, "PYTHONPATH": tree}))
            bare.append(timed([sys.executable, "-c", "pass"], env=env))
    this, python = statistics.median(runs["this"]), statistics.median(bare)
    rows = [("itadocs --help (CLI, cold start)", this,
             f"bare python {python:.3f} s; itadocs adds {this - python:.3f} s")]
    if against:
        then = statistics.median(runs[against])
        rows.append((f"itadocs --help at {against}, in turns", then,
                     f"itadocs adds {then - python:.3f} s; now/then = {this / then:.2f}"))
    return rows


REV_BOOKS = r'''
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[4])  # bench/, for synthetic.py
try:
    from itadocs.workbooks.writer import write_workbook
    from itadocs.reading import schema
except ImportError:  # before the package was in folders
    from itadocs.blank import write_workbook
    from itadocs import schema
from synthetic import synthetic
from tests.helpers import bangrak_data
out, count = Path(sys.argv[2]), int(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
for i, (district, _en) in enumerate(schema.lists().districts[:count]):
    write_workbook(out / f"ita-{i + 1:02d}.xlsx", synthetic(bangrak_data, i, district))
'''


def batch_against(rev: str, count: int, tmp: Path, env: dict[str, str], pdf: bool
                  ) -> list[tuple[str, float, str]]:
    """The batch of ``count`` districts (and with PDF) by this tree and by git revision
    ``rev``, in turns, on workbooks ``rev``'s own writer made (so both read them), each
    figure the median of two runs: what changed, measured under the same load."""
    old = tmp / "rev"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "itadocs", "tests"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old)  # this repository's own files
    books = tmp / "rev-books"
    subprocess.run([sys.executable, "-c", REV_BOOKS, str(old), str(books), str(count),
                    str(Path(__file__).parent)],
                   check=True, capture_output=True, env={**env, "PYTHONPATH": str(old)})
    trees = {"this": str(ROOT), rev: str(old)}
    runs: dict[tuple[str, bool], list[float]] = {}
    for round_ in range(2):
        for with_pdf in (False, True) if pdf else (False,):
            for name, tree in trees.items():
                out = tmp / f"against-{name}-{with_pdf}-{round_}"
                cmd = [*ITADOCS, "build", str(books), "-o", str(out), *(["--pdf"] * with_pdf)]
                start = time.perf_counter()
                done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                                      cwd=neutral_dir(), env={**env, "PYTHONPATH": tree})
                if done.returncode != 0:
                    sys.exit(f"{name}: {' '.join(cmd[3:])} failed:\n{done.stdout[-2000:]}")
                runs.setdefault((name, with_pdf), []).append(time.perf_counter() - start)
    rows = []
    for with_pdf in (False, True) if pdf else (False,):
        this, then = (statistics.median(runs[(n, with_pdf)]) for n in trees)
        what = f"batch of {count}" + (" with PDF" if with_pdf else ", docx")
        rows.append((f"{what}, this tree, in turns with {rev}", this,
                     f"{rev}: {then:.1f} s; now/then = {this / then:.2f}"))
    return rows


def web_figures(books: list[Path], env: dict[str, str]) -> list[tuple[str, float, str]]:
    """The web page on a warm server (``itadocs serve``, real HTTP on this machine)."""
    import re
    import threading

    try:
        import httpx2 as httpx
    except ImportError:
        import httpx

    proc = subprocess.Popen([*ITADOCS, "serve", "--port", "0", "--no-browser"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    url = re.search(r"http://\S+/", proc.stdout.readline())[0]
    client = httpx.Client(base_url=url, follow_redirects=True, timeout=300)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)[1]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def check(book: Path) -> str:
        page = client.post("/check", data={"csrf": csrf},
                           files={"workbook": (book.name, book.read_bytes(), xlsx)})
        assert page.status_code == 200, page.status_code
        return page.text

    def token(page: str) -> str:
        return re.search(r'name="workbook" value="([^"]+)"', page)[1]

    def build(page: str) -> None:
        done = client.post("/build", data={"csrf": csrf, "workbook": token(page)})
        assert "/build/" in str(done.url), done.status_code

    def chart(page: str) -> None:
        assert client.get(re.search(r'src="(/chart/[^"]+)"', page)[1]).status_code == 200

    def seconds(fn, *args) -> float:
        start = time.perf_counter()
        fn(*args)
        return time.perf_counter() - start

    rows = []
    try:
        first = check(books[0])  # warm up: the first request imports what it needs
        chart(first)
        build(first)
        rows.append(("web: check, one workbook (warm server)",
                     median_of(5, lambda: seconds(check, books[0])), "target < 0.3 s"))
        drawn = check(books[1])
        rows.append(("web: radar chart of a new workbook (drawn once)",
                     seconds(chart, drawn), "shown by the check page"))
        rows.append(("web: build .docx after the check page (warm server)",
                     median_of(3, lambda: seconds(build, drawn)), "target < 1 s"))
        fresh = check(books[2])
        rows.append(("web: build .docx, chart not drawn yet", seconds(build, fresh),
                     "includes drawing the chart"))
        busy = check(books[3])
        worker = threading.Thread(target=build, args=(busy,))
        worker.start()
        time.sleep(0.1)
        during = seconds(check, books[0])
        worker.join()
        rows.append(("web: check while another person's build runs", during,
                     "never waits for the build"))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=50)
    parser.add_argument("--pdf-peer-files", type=int, default=10,
                        help="documents converted one soffice start each for the peer")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-web", action="store_true", help="skip the web page's figures")
    parser.add_argument("--no-large", action="store_true",
                        help="skip the 22 MB workbook of 12 million formatted cells")
    parser.add_argument("--startup", action="store_true",
                        help="only the start time of `itadocs --help`")
    parser.add_argument("--chart", action="store_true",
                        help="only the time to draw a radar chart")
    parser.add_argument("--against", metavar="REV",
                        help="also this git revision's `itadocs --help`, batch figures "
                             "(docx, and with PDF) or chart, in turns")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if args.startup:
        show(help_figures(env, args.against))
        return
    if args.chart:
        with tempfile.TemporaryDirectory(prefix="itadocs-bench-") as tmp:
            show(chart_figures(make_workbooks(Path(tmp), 8), env, args.against))
        return
    tmp = Path(tempfile.mkdtemp(prefix="itadocs-bench-"))
    try:
        books = make_workbooks(tmp / "in", args.districts)
        n = len(books)
        rows = help_figures(env, args.against)

        check = median_of(5, lambda: timed([*ITADOCS, "check", str(books[0])], env=env))
        rows.append(("check, one workbook (CLI, cold)", check, "target < 0.5 s"))

        single_dir = tmp / "single"
        single = median_of(3, lambda: timed(
            [*ITADOCS, "build", str(books[0]), "-o", str(single_dir), "--force"], env=env))
        rows.append(("build, one district (CLI, cold)", single, ""))
        rows += chart_figures(books, env)  # --chart --against REV compares the chart

        batch = timed([*ITADOCS, "build", str(tmp / "in"), "-o", str(tmp / "batch")], env=env)
        per = batch / n
        rows.append((f"batch of {n}, docx (per district)", per,
                     f"{per / single:.2f} of a cold build; target < 0.33"))

        peer_dir = tmp / "peer"
        peer_dir.mkdir()
        peer = timed([sys.executable, "-c", PEER_SCRIPT, str(ROOT),
                      str(ROOT / "itadocs" / "templates"), str(peer_dir), *map(str, books)],
                     env=env)
        rows.append((f"peer: plain docxtpl script, {n} (per district)", peer / n,
                     f"itadocs/peer = {per / (peer / n):.2f}"))

        progress = timed([*ITADOCS, "progress", str(tmp / "in"), "--round", "6", "-o",
                          str(tmp / "progress")], env=env)
        rows.append((f"progress report, batch of {n}, round 6, docx (per district)",
                     progress / n, "report + memo + CSV + JSON"))

        if not args.no_web:
            rows += web_figures(books, env)

        if not args.no_pdf and shutil.which("soffice"):
            pdf = timed([*ITADOCS, "build", str(tmp / "in"), "-o", str(tmp / "pdf"), "--pdf"],
                        env=env)
            per_pdf = (pdf - batch) / (2 * n)
            rows.append((f"batch of {n} with PDF (total)", pdf, ""))
            rows.append(("PDF via one LibreOffice process (per document)", per_pdf, ""))
            progress_pdf = timed([*ITADOCS, "progress", str(tmp / "in"), "--round", "6", "-o",
                                  str(tmp / "progress-pdf"), "--pdf"], env=env)
            rows.append((f"progress report, batch of {n} with PDF (total)", progress_pdf, ""))
            docs = sorted((tmp / "batch").glob("*.docx"))[: args.pdf_peer_files]
            peer_pdf_dir = tmp / "peer-pdf"
            start = time.perf_counter()
            for doc in docs:
                subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                                str(peer_pdf_dir), str(doc)], capture_output=True, check=False)
            per_peer_pdf = (time.perf_counter() - start) / len(docs)
            rows.append((f"peer: one soffice start per file ({len(docs)} files, per doc)",
                         per_peer_pdf,
                         f"peer/itadocs = {per_peer_pdf / per_pdf:.1f}x; target >= 3x"))
        if args.against:
            rows += batch_against(args.against, n, tmp, env,
                                  not args.no_pdf and bool(shutil.which("soffice")))
        if not args.no_large:
            large = large_workbook(tmp)
            done = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(ROOT), str(large)],
                                  capture_output=True, text=True, env=env, check=True)
            seconds, peak_kb = done.stdout.split()
            size = large.stat().st_size / 1_048_576
            rows.append((f"check, {size:.0f} MB workbook of 12 million formatted cells",
                         float(seconds), f"peak memory {int(peak_kb) // 1024} MB; "
                         "target < 300 MB"))
        show(rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def show(rows: list[tuple[str, float, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  seconds  note")
    for name, seconds, note in rows:
        print(f"{name.ljust(width)}  {seconds:7.3f}  {note}")


if __name__ == "__main__":
    main()
