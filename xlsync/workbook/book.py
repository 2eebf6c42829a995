"""A workbook opened for the reader (python-calamine), and its sheets found: by name whatever its case
or spacing, and xlsync's own sheets a person renamed by what they hold.

A person may rename any sheet. xlsync's sheets each hold a table whose header row is theirs alone: when
one is missing by its name, it is looked for among the sheets no name claims; the writer gives it its
name back (`Workbook.renamed`), and never carries it as a sheet of the person's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from xlsync import messages
from xlsync.errors import WorkbookError
from xlsync.files import safety
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import fold

HEADER_SEARCH_ROWS = 10  # a sheet's header row is among its first rows


def open_book(path: Path, limits: safety.Limits = safety.RETURN) -> Sheets:
    """Open a workbook once `safety` has found nothing against it."""
    if not path.is_file():
        if path.exists() and not path.is_dir():  # a pipe would be waited on for ever
            raise WorkbookError.of(messages.problem("not_regular_file", path.name))
        raise WorkbookError.of(messages.problem("missing_file", str(path)))
    refused = safety.problem_with(path, limits)
    if refused:
        raise WorkbookError.of(refused)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError as exc:
        raise WorkbookError.of(messages.problem("password", path.name)) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise WorkbookError.of(messages.problem("unreadable", path.name, detail=str(exc) or type(exc).__name__)) from exc
    if not book.sheet_names:
        raise WorkbookError.of(messages.problem("no_sheets", path.name))
    return Sheets(book, path)


# xlsync's sheets by the header row of what they hold (one of each's), for those a person renamed: a sheet is
# the one whose every header it holds, the longest set first (Scarti holds Evidenze's too).
_HEADERS = {
    layout.EVIDENCE: (tuple(column.header for column in layout.EVIDENCE_COLUMNS),),
    layout.SUMMARY: (layout.SUMMARY_HEADERS, layout.PARTNER_SUMMARY_HEADERS),
    layout.INDICATORS: (layout.INDICATOR_HEADERS,),
    layout.LINES: (layout.LINE_HEADERS,),
    layout.REJECTS: (layout.REJECT_HEADERS,),
    layout.CONFLICTS: (layout.CONFLICT_HEADERS,),
    layout.SUBMISSIONS: (layout.SUBMISSION_HEADERS[:-2],),  # the last two came later
    layout.MEMBERS: (layout.MEMBER_HEADERS,),
    layout.ACTORS: (layout.ACTOR_HEADERS,),
    layout.META: (("chiave", "valore"),),
}
_SIGNATURES = sorted(((frozenset(map(fold, headers)), sheet) for sheet, options in _HEADERS.items()
                      for headers in options), key=lambda item: -len(item[0]))
_OWN_NAMES = {fold(sheet) for sheet in layout.SHEETS}


class Sheets:
    """A workbook's sheets as the reader finds them: by name, whatever its case or spacing; xlsync's own
    also when a person renamed them, by the header row of what they hold (looked for only when one is
    missing by name, in the sheets no name claims)."""

    def __init__(self, book, path: Path):
        self.book, self.path = book, path
        self.sheet_names = list(book.sheet_names)
        self._by_name = {fold(name): name for name in self.sheet_names}
        self._renamed: dict[str, str] | None = None

    def get_sheet_by_name(self, name: str):
        return self.book.get_sheet_by_name(name)

    def actual(self, sheet: str) -> str | None:
        """The name `sheet` has in this workbook, or None."""
        return self._by_name.get(fold(sheet)) or self.renamed.get(sheet)

    def has(self, sheet: str) -> bool:
        return self.actual(sheet) is not None

    @property
    def renamed(self) -> dict[str, str]:
        """xlsync's sheets a person renamed: xlsync's name → the sheet's."""
        if self._renamed is None:
            self._renamed = self._find_renamed()
        return self._renamed

    def _find_renamed(self) -> dict[str, str]:
        missing = {sheet for sheet in _HEADERS if fold(sheet) not in self._by_name}
        if not missing:
            return {}  # the common case: nothing read
        found: dict[str, list[str]] = {}
        for name in self.sheet_names:
            if fold(name) in _OWN_NAMES:
                continue
            try:
                rows = self.book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)
            except Exception:  # a chart sheet, a damaged one: not xlsync's
                continue
            held = [frozenset(fold(value) for value in cells if isinstance(value, str)) for cells in rows]
            sheet = next((sheet for headers, sheet in _SIGNATURES if any(headers <= row for row in held)), None)
            if sheet in missing:
                found.setdefault(sheet, []).append(name)
        for sheet, names in found.items():
            if len(names) > 1:
                raise WorkbookError.of(messages.problem(
                    "several_like", self.path.name, sheet=sheet, sheets=", ".join(f"«{name}»" for name in names)))
        return {sheet: names[0] for sheet, names in found.items()}


def sheet_rows(book: Sheets, path: Path, sheet: str, limit: int | None = None) -> list[list[Any]]:
    """The rows of one of xlsync's sheets from A1 (`Sheets.actual`); at most `limit`."""
    actual = book.actual(sheet)
    if actual is None:
        suggestion = messages.near(list(book.sheet_names), sheet)
        raise WorkbookError.of(messages.problem("missing_sheet", path.name, sheet=sheet, near=suggestion))
    try:
        found = book.get_sheet_by_name(actual)
        if limit is not None and found.height > limit:
            raise WorkbookError.of(messages.problem("too_many_rows", f"{path.name} › {actual}",
                                                    rows=f"{found.height:,}".replace(",", "."), limit=f"{limit:,}"))
        return found.to_python(skip_empty_area=False)
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError.of(messages.problem("unreadable", f"{path.name} › {actual}",
                                                detail=str(exc) or type(exc).__name__)) from exc


class ValuesBook:
    """Rows of values behind the part of python-calamine's interface the reader uses."""

    def __init__(self, sheets: Mapping[str, list[list[Any]]]):
        self._sheets = {name: [["" if value is None else value for value in row] for row in rows or []]
                        for name, rows in sheets.items()}
        self.sheet_names = list(self._sheets)

    def get_sheet_by_name(self, name: str) -> _ValuesSheet:
        return _ValuesSheet(self._sheets[name])


@dataclass(frozen=True)
class _ValuesSheet:
    rows: list[list[Any]]

    @property
    def height(self) -> int:
        return len(self.rows)

    def to_python(self, skip_empty_area: bool = False, nrows: int | None = None) -> list[list[Any]]:
        return self.rows[:nrows]
