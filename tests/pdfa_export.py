"""LibreOffice's PDF/A-2b, tagged export of .docx files, for the tests of the PDFs' text.

Run by LibreOffice's Python (Debian: python3-uno), never imported:

    python3 pdfa_export.py PIPE_NAME JOBS.json

JOBS.json is a list of {"src", "dst"}. Each document is exported with SelectPdfVersion=2
(PDF/A-2b) and UseTaggedPDF, the settings of the PDFs published on the website, with Thai
page numbers as the build prints them. Prints one JSON line per job: {"src", "ok", "error"}.
"""

import contextlib
import json
import sys
import time

import uno  # provided by LibreOffice's Python
from com.sun.star.beans import PropertyValue

NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType.NATIVE_NUMBERING
PDF_A_2B = 2  # writer_pdf_Export's SelectPdfVersion


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, seconds=120):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + seconds
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.1)


def export(desktop, job):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(job["src"]), "_blank", 0, (prop("Hidden", True),))
    try:
        styles = doc.getStyleFamilies().getByName("PageStyles")
        for name in styles.getElementNames():
            styles.getByName(name).NumberingType = NATIVE_NUMBERING
        doc.getTextFields().refresh()
        settings = (prop("SelectPdfVersion", PDF_A_2B), prop("UseTaggedPDF", True))
        args = (prop("FilterName", "writer_pdf_Export"),
                prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", settings)))
        # uno.invoke keeps the Any's type, which a plain call would lose
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(job["dst"]), args))
    finally:
        doc.close(True)


def main():
    pipe, jobs_file = sys.argv[1], sys.argv[2]
    with open(jobs_file, encoding="utf-8") as fh:
        jobs = json.load(fh)
    ctx = connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    try:
        for job in jobs:
            try:
                export(desktop, job)
                print(json.dumps({"src": job["src"], "ok": True}), flush=True)
            except Exception as exc:  # report and go on with the other files
                print(json.dumps({"src": job["src"], "ok": False, "error": str(exc)}),
                      flush=True)
    finally:
        with contextlib.suppress(Exception):  # LibreOffice may already be closing
            desktop.terminate()


if __name__ == "__main__":
    main()
