"""Reading xlsync workbooks into plain values (python-calamine: xlsx, xlsm, ods, xls).

Workbooks are read as rows of cell values first; everything after works on plain data. Values
are never evaluated: a formula cell gives the value its application last computed.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import python_calamine

from . import layout
from .errors import ProgrammeError, WorkbookError
from .model import Assessment, Evidence, Programme, RuleKind
from .programme_file import loads, parse_percent
from .values import parse_date, parse_number

_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class DistrictWorkbook:
    path: Path
    programme: Programme
    evidence: tuple[Evidence, ...]
    assessments: dict[str, Assessment]
    meta: dict[str, str]


def read_district(path: str | Path) -> DistrictWorkbook:
    """Read the programme, the evidence rows and the manual assessments of an xlsync workbook."""
    path = Path(path)
    book = _open(path)
    meta, programme_text = _meta(book, path)
    try:
        programme = loads(programme_text, source=f"{path.name} › {layout.META}")
    except ProgrammeError as exc:
        raise WorkbookError(f"{path.name}: il programma salvato nel file non è leggibile.", exc.problems) from exc
    evidence = tuple(read_evidence(_rows(book, path, layout.EVIDENCE), path))
    assessments = _assessments(_rows(book, path, layout.INDICATORS), programme, path)
    return DistrictWorkbook(path, programme, evidence, assessments, meta)


def read_evidence(rows: list[list[Any]], path: Path) -> list[Evidence]:
    """Evidence rows of an `Evidenze` sheet given as rows of values from A1."""
    header_index, mapping, extra = _header(rows, path, layout.EVIDENCE, layout.DISTRICT_EVIDENCE_COLUMNS,
                                           required=len(layout.EVIDENCE_COLUMNS))
    evidence = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        if all(_blank(value) for value in cells):
            continue
        values = {field: _clean(cells[col]) if col < len(cells) else None for field, col in mapping.items()}
        extras = tuple((header, _clean(cells[col]) if col < len(cells) else None) for header, col in extra)
        evidence.append(Evidence(**values, extra=extras, row=index + 1))
    return evidence


def read_evidence_csv(path: str | Path) -> list[Evidence]:
    """Evidence rows from a UTF-8 CSV with the `Evidenze` headers (dates dd/mm/yyyy, "1,5")."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [list(row) for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(f"{path.name}: non posso leggere il CSV ({exc}): salvarlo come CSV UTF-8.") from exc
    evidence = read_evidence(rows, path)
    return [replace(row, date=_typed(row.date, parse_date), quantity=_typed(row.quantity, parse_number))
            for row in evidence]


def read_assessments_csv(path: str | Path, programme: Programme) -> dict[str, Assessment]:
    """Manual assessments from a CSV with the headers Codice, Valutazione manuale, Nota ("90%")."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [list(row) for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(f"{path.name}: non posso leggere il CSV ({exc}): salvarlo come CSV UTF-8.") from exc
    assessments = _assessments(rows, programme, path)
    return {code: replace(a, value=_typed(a.value, _percent_or_none)) for code, a in assessments.items()}


def _percent_or_none(text: str) -> float | None:
    try:
        return parse_percent(text)
    except ValueError:
        return None


def _typed(value: Any, parse) -> Any:
    """A text cell parsed to a date or number when it is one; anything else unchanged."""
    if isinstance(value, str):
        parsed = parse(value)
        return value if parsed is None else parsed
    return value


def _open(path: Path) -> python_calamine.CalamineWorkbook:
    if not path.exists():
        raise WorkbookError(f"{path}: il file non esiste: controllare il nome e la cartella.")
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged files
        raise WorkbookError(f"{path.name}: non è una cartella di lavoro leggibile ({exc}).") from exc


def _rows(book: python_calamine.CalamineWorkbook, path: Path, sheet: str) -> list[list[Any]]:
    names = {_normal(name): name for name in book.sheet_names}
    actual = names.get(_normal(sheet))
    if actual is None:
        raise WorkbookError(f"{path.name}: manca il foglio «{sheet}»: usare una cartella di lavoro creata da xlsync.")
    return book.get_sheet_by_name(actual).to_python(skip_empty_area=False)


def _meta(book: python_calamine.CalamineWorkbook, path: Path) -> tuple[dict[str, str], str]:
    meta: dict[str, str] = {}
    chunks: list[str] = []
    for cells in _rows(book, path, layout.META)[1:]:
        if len(cells) < 2 or _blank(cells[0]):
            continue
        key, value = str(cells[0]), "" if _blank(cells[1]) else str(cells[1])
        if key == "programma":
            chunks.append(value)
        else:
            meta[key] = value
    if not chunks:
        raise WorkbookError(f"{path.name} › {layout.META}: il programma non è salvato nel file: "
                            "ricreare la cartella di lavoro con xlsync new.")
    return meta, "".join(chunks)


def _assessments(rows: list[list[Any]], programme: Programme, path: Path) -> dict[str, Assessment]:
    columns = tuple(layout.Column(key, key, 0) for key in ("Codice", "Valutazione manuale", "Nota"))
    header_index, mapping, _ = _header(rows, path, layout.INDICATORS, columns)
    manual = {ind.code for ind in programme.indicators if ind.kind is RuleKind.MANUAL}
    assessments = {}
    for cells in rows[header_index + 1:]:
        code = cells[mapping["Codice"]] if mapping["Codice"] < len(cells) else None
        if code not in manual:
            continue
        value = _clean(cells[mapping["Valutazione manuale"]])
        note = _clean(cells[mapping["Nota"]])
        assessments[code] = Assessment(value, "" if note is None else str(note))
    return assessments


def _header(rows: list[list[Any]], path: Path, sheet: str, columns: tuple[layout.Column, ...],
            required: int | None = None):
    """Find the header row; map each known column (by header or alias) to its index.

    The first `required` columns (all by default) must be there; others are optional.
    """
    wanted = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            wanted[_normal(name)] = column.field
    first = _normal(columns[0].header)
    for index, cells in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        normal = [_normal(value) if isinstance(value, str) else "" for value in cells]
        if first not in normal:
            continue
        mapping: dict[str, int] = {}
        extra: list[tuple[str, int]] = []
        for col, name in enumerate(normal):
            field = wanted.get(name)
            if field and field not in mapping:
                mapping[field] = col
            elif name:
                extra.append((str(cells[col]).strip(), col))
        missing = [c.header for c in columns[:required] if c.field not in mapping]
        if missing:
            raise WorkbookError(f"{path.name} › {sheet} › riga {index + 1}: mancano le colonne "
                                + ", ".join(f"«{h}»" for h in missing) + ": ripristinare le intestazioni del modello.")
        return index, mapping, extra
    raise WorkbookError(f"{path.name} › {sheet}: non trovo la riga di intestazione con «{columns[0].header}» "
                        f"nelle prime {_HEADER_SEARCH_ROWS} righe: ripristinare le intestazioni del modello.")


def _normal(text: Any) -> str:
    """Header comparison: case, accents and spacing do not matter."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clean(value: Any) -> Any:
    """Empty text is an empty cell; whole datetimes at midnight are dates."""
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value
