"""Reading a workbook: its structure (defined once), the file, each cell, the photos."""
