"""How merge and diff compare evidence rows: cell values made comparable, a row's content as a key or a
digest, and rows of two versions of a sheet matched to each other (pure code)."""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from xlsync.vocabulary import layout
from xlsync.vocabulary.values import document_key

CONTENT_FIELDS = layout.CONTENT_FIELDS
content_values = operator.attrgetter(*CONTENT_FIELDS)
_DOCUMENT = CONTENT_FIELDS.index("document")
_BOOLEAN_TEXT = {True: "VERO", False: "FALSO"}  # how the district stores TRUE and FALSE (sheets.common.storable)


def comparable(value: Any) -> Any:
    """A cell value as merge and diff compare it: 1 and 1.0 alike, a date at midnight a date, TRUE as the
    district stores it (text), so TRUE is never 1."""
    if isinstance(value, bool):
        return _BOOLEAN_TEXT[value]
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


_AS_THEY_ARE = frozenset({str, float, dt.date, type(None)})  # `comparable` gives each of these back as it is


def content_key(values: Iterable[Any]) -> tuple:
    """The eight values a partner writes, comparable; a document's name whatever its case (a spreadsheet's
    autocorrect capitalises "verbale-marzo.pdf": the row has not changed)."""
    # Every row of every return passes here: the common values (text, dates, floats, empty) are taken as they are.
    key = [value if type(value) in _AS_THEY_ARE else comparable(value) for value in values]
    key[_DOCUMENT] = document_key(key[_DOCUMENT])
    return tuple(key)


def field_key(field: str, value: Any) -> Any:
    """A cell of an evidence column as merge and diff compare it (as in `content_key`)."""
    value = comparable(value)
    return document_key(value) if field == "document" else value


def rows_key(rows: Iterable[Iterable[Any]]) -> str:
    """A fingerprint of a sheet's rows (each its eight values): what xlsync wrote in a member's file, to
    know the file back when no one has changed it."""
    text = repr([content_key(values) for values in rows])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Match(NamedTuple):
    """How a return's rows meet the rows a member has in the district."""

    pairs: list[int | None]  # for each new row, the previous row it continues (None: added)
    unchanged: int
    updated: int
    removed: list[int]  # previous rows no new row continues


def match(previous: Sequence[tuple[tuple, Any]], new: Sequence[tuple[tuple, Any]],
          by_row: bool | Callable[[int, int], bool] = True) -> Match:
    """Each of `new` (content key, sheet row) continues the previous row with the same content wherever
    it moved (unchanged), else (`by_row`) the one on the same sheet row (updated), else none (added).
    `by_row` may say, for a new and a previous row (their indexes), whether they may be one row."""
    pairs: list[int | None] = [None] * len(new)
    used: set[int] = set()
    unchanged = updated = 0
    if previous:
        by_content: dict[tuple, list[int]] = {}
        for index, (key, _) in enumerate(previous):
            by_content.setdefault(key, []).append(index)
        for index, (key, _) in enumerate(new):
            candidates = by_content.get(key)
            if candidates:
                pairs[index] = candidates.pop(0)
                used.add(pairs[index])
                unchanged += 1
        same_row = {row: index for index, (_, row) in enumerate(previous) if index not in used and by_row}
        for index, (_, row) in enumerate(new):
            if pairs[index] is None and row in same_row and (by_row is True or by_row(index, same_row[row])):
                pairs[index] = same_row.pop(row)
                used.add(pairs[index])
                updated += 1
    return Match(pairs, unchanged, updated, [index for index in range(len(previous)) if index not in used])


def row_digest(values: Iterable[Any]) -> str:
    """Twelve hex digits of a row's eight values as merge compares them (`content_key`)."""
    text = repr(content_key(values)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=6).hexdigest()
