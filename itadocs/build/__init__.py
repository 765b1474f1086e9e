"""Building into an output folder: many workbooks, the report, outputs, PDFs, the summary."""
