"""itadocs: a Bangkok district office's ITA documents from one standard Excel workbook."""

__version__ = "0.2.0"
