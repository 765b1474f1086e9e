"""Writing workbooks: a new one, next year's (carry-over), drafts, comparing two."""
