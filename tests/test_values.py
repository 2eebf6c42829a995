"""Values people type: dates that are not dates, document names whatever their case."""

from __future__ import annotations

import pytest

from xlsync.vocabulary.values import impossible_date, same_document


@pytest.mark.parametrize(("text", "found"), [
    ("31/09/2024", (31, 9, 2024)), ("29/02/2023", (29, 2, 2023)), ("15/13/24", (15, 13, 2024)),
    ("29/02/2024", None), ("3/5/2024", None), ("presto", None), ("", None),
])
def test_impossible_date(text, found):
    assert impossible_date(text) == found


@pytest.mark.parametrize(("a", "b", "same"), [
    ("verbale-marzo.pdf", "Verbale-marzo.pdf", True),  # LibreOffice's autocorrect capitalised it
    ("https://x.it/Post", "HTTPS://X.IT/post ", True),
    (None, "", True), (None, "  ", True), (None, None, True),
    ("verbale-marzo.pdf", "verbale-aprile.pdf", False), (None, "a.pdf", False),
])
def test_same_document(a, b, same):
    assert same_document(a, b) is same
    assert same_document(b, a) is same
