"""Convert .docx files to PDF inside one running LibreOffice, through its UNO bridge.

Run by LibreOffice's Python (Debian: python3-uno), not imported by itadocs:

    python3 lo_convert.py PIPE_NAME < JOBS

JOBS come on standard input as they are ready, one JSON object {"src", "dst",
"thai_page_numbers"} a line; each PDF is PDF/A-2b, tagged.
LibreOffice does not read Word's Thai page-number format (w:pgNumType w:fmt="thaiNumbers"),
so for those documents every page style is switched to native numbering, which prints
๑ ๒ ๓ for Thai text. Prints one JSON line per job: {"src", "ok", "error"}. When LibreOffice
itself is gone (it crashed or was killed), the job it was converting is reported so and the
script ends without taking the jobs it was given after it, which itadocs gives to another
LibreOffice.
"""

import contextlib
import json
import sys
import time

import uno  # provided by LibreOffice's Python
from com.sun.star.beans import PropertyValue

NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType.NATIVE_NUMBERING
GONE = "LibreOffice stopped while converting it (it crashed or was killed)"


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


def convert(desktop, job):
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(job["src"]), "_blank", 0, (prop("Hidden", True),))
    try:
        if job.get("thai_page_numbers"):
            styles = doc.getStyleFamilies().getByName("PageStyles")
            for name in styles.getElementNames():
                styles.getByName(name).NumberingType = NATIVE_NUMBERING
            doc.getTextFields().refresh()
        # PDF/A-2b (fonts embedded, colours defined, metadata for archiving) and tagged
        # (structure and reading order). Not PDF/UA as well: LibreOffice 7.4 then writes
        # metadata that PDF/A-2b refuses. The filter data must keep its UNO type, hence
        # uno.Any and uno.invoke.
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              (prop("SelectPdfVersion", 2), prop("UseTaggedPDF", True)))
        uno.invoke(doc, "storeToURL", (
            uno.systemPathToFileUrl(job["dst"]),
            (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data))))
    finally:
        doc.close(True)


def office_gone(desktop):
    """Whether the LibreOffice this script drives is no longer there."""
    try:
        desktop.getFrames()
    except Exception:
        return True
    return False


def jobs():
    """The jobs as they come on standard input, one JSON object a line, until it closes."""
    for line in sys.stdin:
        if line.strip():
            yield json.loads(line)


def main():
    ctx = connect(sys.argv[1])
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    try:
        for job in jobs():
            try:
                convert(desktop, job)
                print(json.dumps({"src": job["src"], "ok": True}), flush=True)
            except Exception as exc:  # report and go on with the other files
                gone = office_gone(desktop)
                print(json.dumps({"src": job["src"], "ok": False,
                                  "error": GONE if gone else str(exc)}), flush=True)
                if gone:
                    return
    finally:
        with contextlib.suppress(Exception):  # LibreOffice may already be closing
            desktop.terminate()


if __name__ == "__main__":
    main()
