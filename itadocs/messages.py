"""The vocabulary every front end shares: bilingual messages and the problem codes.

A ``Message`` is data (the Thai staff read, the English for support and logs); each front end
lays it out in one place of its own: the terminal in ``text()`` below, ``--json`` in
``as_json()``, the web page in ``itadocs/web/present.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Message:
    """One thing said to staff, in Thai and in English.

    ``web`` is the same said to someone using the web page, when the words differ: a message
    that names a command (``itadocs draft``, ``--templates``) names the page's button there.
    The terminal and ``--json`` never show it; the page shows ``on_page()``. It takes no part
    in comparing messages."""

    th: str
    en: str
    web: Message | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        """Both on one line (once, when they are the same: a figure, a file name)."""
        return self.th if self.th == self.en else f"{self.th} / {self.en}"

    def on_page(self) -> Message:
        """The words for the web page: ``web`` when given, else the message itself."""
        return self.web or self


class Label(StrEnum):
    """How bad a message is, as the terminal heads it."""

    ERROR = "ข้อผิดพลาด / ERROR"
    WARNING = "คำเตือน / WARNING"
    NOTE = "หมายเหตุ / NOTE"


def text(label: Label, message: Message, where: str = "", source: str = "") -> str:
    """The terminal's one layout of a problem, an error or a note:

    ``source: LABEL [where]`` then the Thai and the English, each on its own line."""
    head = f"{source}: " if source else ""
    place = f" [{where}]" if where else ""
    return f"{head}{label}{place}\n  {message.th}\n  {message.en}"


class ProblemCode(StrEnum):
    """Every code a problem (``check``'s findings) can carry; each is listed in the README's
    "Checks" section. JSON output carries the value, a plain string."""

    UNREADABLE = "unreadable"
    FAILED = "failed"
    UNKNOWN_VERSION = "unknown_version"
    MISSING_SHEET = "missing_sheet"
    MISSING_HEADER = "missing_header"
    MISSING_COLUMN = "missing_column"
    MISSING_FIELD = "missing_field"
    UNKNOWN_COLUMN = "unknown_column"
    MERGED_CELLS = "merged_cells"
    FORMULA = "formula"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_INTEGER = "not_an_integer"
    IMPLAUSIBLE_NUMBER = "implausible_number"
    NOT_A_DATE = "not_a_date"
    YEAR_IN_CE = "year_in_ce"
    BAD_CHOICE = "bad_choice"
    DUPLICATE_ROW = "duplicate_row"
    NUMBERING = "numbering"
    TOO_MANY_ROWS = "too_many_rows"
    STRAY_VALUE = "stray_value"
    TOO_MANY_VALUES = "too_many_values"
    ILLEGAL_CHARACTER = "illegal_character"
    INVISIBLE_CHARACTER = "invisible_character"
    TEXT_TOO_LONG = "text_too_long"
    MACROS_IGNORED = "macros_ignored"
    REQUIRED = "required"
    BAD_DISTRICT = "bad_district"
    BAD_YEAR = "bad_year"
    SCORE_RANGE = "score_range"
    SCORE_DECIMALS = "score_decimals"
    MISSING_INDICATOR = "missing_indicator"
    TOOL_OUT_OF_RANGE = "tool_out_of_range"
    TOOL_SCORE_MISSING = "tool_score_missing"
    TOOL_SCORE_COMPUTED = "tool_score_computed"
    TOOL_SCORE_NOT_MEAN = "tool_score_not_mean"
    LEVEL_PROVISIONAL = "level_provisional"
    NACC_TOTAL_DIFFERS = "nacc_total_differs"
    NACC_LEVEL_DIFFERS = "nacc_level_differs"
    NACC_LEVEL_UNKNOWN = "nacc_level_unknown"
    FRAMEWORK = "framework"
    FRAMEWORK_YEAR = "framework_year"
    FRAMEWORK_LATER = "framework_later"
    FRAMEWORK_MISSING = "framework_missing"
    FRAMEWORK_UNCONFIRMED = "framework_unconfirmed"
    ORDER_NUMBER = "order_number"
    SURVEY_COUNT = "survey_count"
    ORDER_YEAR = "order_year"
    ORDER_DATE = "order_date"
    NO_COMMITTEE = "no_committee"
    CHAIR_COUNT = "chair_count"
    BAD_ROLE = "bad_role"
    DUPLICATE_MEMBER = "duplicate_member"
    NO_DUTIES = "no_duties"
    NO_MEASURES = "no_measures"
    EMPTY_SECTION = "empty_section"
    DIRECTOR_NAME = "director_name"
    DIRECTOR_POSITION = "director_position"
    SIGNER_NAME = "signer_name"
    QUOTED_SCORE = "quoted_score"
    QUOTED_PREVIOUS_ONLY = "quoted_previous_only"
    DRAFT_UNEDITED = "draft_unedited"
    TEXT_YEAR = "text_year"
    OTHER_DISTRICT = "other_district"
    POSITION_DISTRICT = "position_district"
    STALE_YEAR = "stale_year"
    DISTRICT_PREFIX = "district_prefix"
    DEPARTMENT_TWICE = "department_twice"
    PHOTO_MISSING = "photo_missing"
    PHOTO_AMBIGUOUS = "photo_ambiguous"
    PHOTO_OUTSIDE = "photo_outside"
    PHOTO_NOT_A_FILE = "photo_not_a_file"
    PHOTO_UNREADABLE = "photo_unreadable"
    PHOTO_EMPTY = "photo_empty"
    PHOTO_NOT_AN_IMAGE = "photo_not_an_image"
    PHOTO_FORMAT = "photo_format"
    PHOTO_DAMAGED = "photo_damaged"
    PHOTO_TOO_LARGE = "photo_too_large"
    PHOTO_TOO_MANY_PIXELS = "photo_too_many_pixels"
    PHOTO_BUDGET = "photo_budget"
    PHOTO_NONE = "photo_none"
    PHOTO_TWICE = "photo_twice"
    PHOTO_LINKED = "photo_linked"
    PHOTO_TWO_PICTURES = "photo_two_pictures"
    PHOTO_UNPLACED = "photo_unplaced"
    GARUDA_MISSING = "garuda_missing"
    NO_PROGRESS_SHEET = "no_progress_sheet"
    MEASURE_ID_MISSING = "measure_id_missing"
    MEASURE_ID_TWICE = "measure_id_twice"
    PROGRESS_ROW_MISSING = "progress_row_missing"
    PROGRESS_UNKNOWN_MEASURE = "progress_unknown_measure"
    STATUS_PERCENT = "status_percent"
    PERCENT_RANGE = "percent_range"
    PERCENT_DECIMALS = "percent_decimals"
    PERCENT_FELL = "percent_fell"
    BUDGET_OVER = "budget_over"
    DATE_OUTSIDE = "date_outside"
    NOT_A_URL = "not_a_url"
    ROUND_TEXT_MISSING = "round_text_missing"
