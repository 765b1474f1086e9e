"""Checking what was read: the checks, the consistency of texts, the scores and level."""
