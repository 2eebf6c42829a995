"""What changed between two versions of a partner's or a district's workbook: the programme, and
the evidence rows added, removed and changed, cell by cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.files import safety
from xlsync.partners.compare import comparable, content_key, content_values, field_key
from xlsync.programme.changes import Change, programme_changes
from xlsync.programme.model import Evidence
from xlsync.scoring.engine import format_number
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_workbook

ADDED, REMOVED, CHANGED = "aggiunta", "tolta", "modificata"
RECEIVED_AGAIN = "ricevuta di nuovo"  # same content, from a later return of its partner: only provenance changed
_PROVENANCE = {column.header for column in layout.PROVENANCE_COLUMNS}
_COLUMNS = layout.DISTRICT_EVIDENCE_COLUMNS


@dataclass(frozen=True)
class RowChange:
    kind: str  # aggiunta, tolta, modificata, ricevuta di nuovo
    identity: str  # the row's ID, or its row in the sheet
    before: int | None  # the row in the first workbook's sheet
    after: int | None  # the row in the second's
    cells: tuple[tuple[str, Any, Any], ...] = ()  # column, value before, value after
    summary: str = ""  # what a removed row was

    def as_json(self) -> dict[str, Any]:
        return {"change": self.kind, "row": self.identity, "row_before": self.before, "row_after": self.after,
                "cells": [{"column": column, "before": _json(before), "after": _json(after)}
                          for column, before, after in self.cells]}


@dataclass(frozen=True)
class DiffReport:
    first: Path
    second: Path
    programme: tuple[Change, ...]
    rows: tuple[RowChange, ...]

    @property
    def same(self) -> bool:
        return not self.programme and not self.rows

    def as_json(self) -> dict[str, Any]:
        return {"first": str(self.first), "second": str(self.second),
                "programme": [change.as_json() for change in self.programme],
                "rows": [row.as_json() for row in self.rows]}


def diff(first: str | Path, second: str | Path) -> DiffReport:
    """Compare two xlsync workbooks (two returns of a member, or two versions of a district file)."""
    a = read_workbook(first, limits=safety.DISTRICT)
    b = read_workbook(second, limits=safety.DISTRICT)
    programme = tuple(programme_changes(a.programme, b.programme))
    return DiffReport(Path(first), Path(second), programme, tuple(row_changes(a.evidence, b.evidence)))


def row_changes(before: tuple[Evidence, ...], after: tuple[Evidence, ...]) -> list[RowChange]:
    """Rows matched by ID where both have one, else by content wherever they moved, else by position."""
    matches: dict[int, int] = {}  # index in after → index in before
    ids = {row.row_id: index for index, row in enumerate(before) if row.row_id}
    for index, row in enumerate(after):
        if row.row_id and row.row_id in ids:
            matches[index] = ids.pop(row.row_id)
    taken = set(matches.values())
    contents: dict[tuple, list[int]] = {}
    for index, row in enumerate(before):
        if index not in taken:
            contents.setdefault(_content(row), []).append(index)
    for index, row in enumerate(after):
        if index not in matches and contents.get(_content(row)):
            matches[index] = contents[_content(row)].pop(0)
    taken = set(matches.values())
    positions = {row.row: index for index, row in enumerate(before) if index not in taken and not row.row_id}
    for index, row in enumerate(after):
        if index not in matches and not row.row_id and row.row in positions:
            matches[index] = positions.pop(row.row)
    changes = []
    for index, row in enumerate(after):
        if index not in matches:
            changes.append(RowChange(ADDED, _identity(row), None, row.row, _cells(Evidence(code=None), row)))
            continue
        old = before[matches[index]]
        cells = _cells(old, row)
        if cells:
            kind = RECEIVED_AGAIN if all(column in _PROVENANCE for column, _, _ in cells) else CHANGED
            changes.append(RowChange(kind, _identity(row), old.row, row.row, cells))
    matched = set(matches.values())
    changes += [RowChange(REMOVED, _identity(row), row.row, None, summary=f"{row.code} {show(row.description)}")
                for index, row in enumerate(before) if index not in matched]
    return changes


def _cells(old: Evidence, new: Evidence) -> tuple[tuple[str, Any, Any], ...]:
    cells = [(column.header, getattr(old, column.field), getattr(new, column.field)) for column in _COLUMNS
             if column.field != "row_id"
             and field_key(column.field, getattr(old, column.field)) != field_key(column.field, getattr(new, column.field))]
    old_extra, new_extra = dict(old.extra), dict(new.extra)
    for header in dict.fromkeys([*old_extra, *new_extra]):
        if comparable(old_extra.get(header)) != comparable(new_extra.get(header)):
            cells.append((header, old_extra.get(header), new_extra.get(header)))
    return tuple(cells)


def _content(row: Evidence) -> tuple:
    return content_key(content_values(row))


def _identity(row: Evidence) -> str:
    return row.row_id or f"riga {row.row}"


def show(value: Any, lang: str = "it") -> str:
    """A value as a person reads it: dates dd/mm/yyyy, numbers with a comma."""
    if value is None:
        return messages.text("empty_value", lang)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return f"«{value}»"


def _json(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
