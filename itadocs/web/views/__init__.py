"""The page's views, one module per group of pages; ``app.routes`` lists their addresses.

Each view is ``async def view(request, server) -> Response``: ``server`` is the server's
shared parts (``pages.Server``). A view lets the library's errors go up, titled with
``errors.titled``; they become their page in one place (``errors.handlers``).

- ``home``: the home page, logging in and out, the fonts;
- ``workbook``: a new or carried-over workbook, its check, photos and chart;
- ``build``: one workbook's documents, their downloads and zip;
- ``progress``: a round's progress report: its section of the check page, its build;
- ``compare``: two versions of a workbook;
- ``batch``: many workbooks at once, for a central office;
- ``central``: the central office's view of such a build (groups, targets, documents made,
  the calendar's "due next", a chart by group) and its summary workbook;
- ``forms``: reading a posted form, answering with a file.
"""
