"""One synthetic district's workbook data: the test data under the district's name, its
scores varied by its number. No itadocs import of its own, so that ``run.py`` can apply it
to the data of another revision's package (``--against``) as to this one's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def synthetic(bangrak_data: Any, i: int, district: str) -> Any:
    """``bangrak_data`` (tests/helpers.py of the tree in use) for district number ``i``:
    named for ``district``, each indicator lowered by 0-8 points, each tool the mean of its
    indicators (so no tool lies outside its indicators' range)."""
    data = bangrak_data(district=district, director_position=f"ผู้อำนวยการเขต{district}")
    data.order.signer_position = f"ผู้อำนวยการเขต{district}"
    for k, score in enumerate(data.scores):
        if score.score is not None:
            score.score = max(Decimal("0"), min(Decimal("100.00"),
                                                score.score - Decimal((i * 7 + k) % 9)))
    for tool, members in (("IIT", range(1, 6)), ("EIT", range(6, 9)), ("OIT", (9, 10))):
        values = [data.score(str(n)).score for n in members]
        data.score(tool).score = (sum(values) / len(values)).quantize(Decimal("0.01"))
    return data
