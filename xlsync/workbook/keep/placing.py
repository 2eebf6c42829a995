"""Where what the person put on the rows of «Evidenze» goes in the new file: its rows are known by
their ID (or, typed without one, by their row), its columns by what they hold; a row that leaves for
«Scarti» takes it to its row there."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlsync.programme.model import Evidence
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import fold
from xlsync.workbook.keep.row_marks import RowMarks


@dataclass(frozen=True)
class Unnamed:
    """An evidence row that had no ID in the old file (the manager typed it): known by its row there."""

    row: int

    def __str__(self) -> str:
        return str(self.row)


@dataclass(frozen=True)
class Columns:
    """Where each column of the old «Evidenze» is in the new one, by what it holds: xlsync's by their
    field, those a person added by their header (they follow xlsync's), and those beside the table as
    far from it as they were."""

    fields: Mapping[str, int]  # in the old sheet: Evidence field → column
    added: Mapping[str, int]  # in the old sheet: header → column
    new_added: Sequence[str]  # the headers of the added columns in the new sheet, in order
    old_last: int | None  # the old table's last column

    @property
    def last(self) -> int:
        return len(layout.DISTRICT_EVIDENCE_COLUMNS) + len(self.new_added) - 1

    def __call__(self, column: int) -> int:
        if column in self._moved or self.old_last is None:
            return self._moved.get(column, column)
        return column - max([self.old_last, *self.added.values()]) + self.last  # an added column may lie outside the table

    @functools.cached_property
    def _moved(self) -> dict[int, int]:
        fields = {column.field: index for index, column in enumerate(layout.DISTRICT_EVIDENCE_COLUMNS)}
        added = {fold(header): len(fields) + index for index, header in enumerate(self.new_added)}
        moved = {old: fields[name] for name, old in self.fields.items() if name in fields}
        moved |= {old: added[fold(header)] for header, old in self.added.items() if fold(header) in added}
        return moved


def marked_rows(marks: RowMarks) -> list:
    """The rows something is on."""
    return list(dict.fromkeys([*marks.formats, *marks.notes, *marks.cells, *marks.looks, *marks.links]))


def content(row: Evidence) -> tuple:
    return tuple(getattr(row, name) for name in layout.CONTENT_FIELDS)


_FIXED = len(layout.REJECT_HEADERS) - len(layout.EVIDENCE_COLUMNS)  # Partner, File, Ricevuto il, Riga origine, Motivo


def rejects_column(column: int, last: int) -> int:
    """The column of «Scarti» that holds what a column of the new «Evidenze» holds (`last`: its table's last)."""
    content, provenance = len(layout.EVIDENCE_COLUMNS), len(layout.PROVENANCE_COLUMNS)
    if column < content:
        return column + _FIXED
    if column < content + provenance:  # Partner, File, Ricevuto il, Riga origine, ID (named in Motivo)
        return column - content
    if column <= last:
        return _FIXED - 1  # a column the manager added: Motivo names its value
    return column - last + len(layout.REJECT_HEADERS) - 1  # beside the table, as far from it


def moved_marks(marks: RowMarks, where: Callable[[Any], int | None], column: Callable[[int], int]) -> RowMarks:
    """`marks` on the rows `where` puts them (None: not in this sheet), their columns moved by `column`."""
    def moved(items: Mapping[Any, Any], value: Callable[[Any], Any]) -> dict[int, Any]:
        return {row: value(item) for key, item in items.items() if (row := where(key)) is not None}
    return RowMarks(moved(marks.formats, lambda formats: {column(c): s for c, s in formats.items()}),
                    moved(marks.notes, lambda notes: [(column(c), *note) for c, *note in notes]),
                    moved(marks.cells, lambda cells: {column(c): xml for c, xml in cells.items()}),
                    moved(marks.looks, lambda look: look),
                    links=moved(marks.links, lambda links: {column(c): link for c, link in links.items()}))
