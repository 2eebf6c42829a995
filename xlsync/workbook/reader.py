"""Reading xlsync workbooks into plain values (python-calamine: xlsx, xlsm, ods, xls).

Workbooks are read as rows of cell values first; everything after works on plain data. Values
are never evaluated and macros never run: a formula cell gives the value its application last
computed. Sheets are found by name whatever their case or spacing, and xlsync's own sheets a person
renamed by what they hold (`Sheets`); headers also by known aliases.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem, ProgrammeError, WorkbookError, XlsyncError
from xlsync.files import safety
from xlsync.programme.changes import WorkbookEdits, apply_edits
from xlsync.programme.model import Assessment, Conflict, Evidence, Programme, Reject, RuleKind, Submission
from xlsync.programme.toml_file import fingerprint, loads, parse_percent, text_fingerprint
from xlsync.vocabulary import layout
from xlsync.vocabulary.values import fold, parse_date, parse_number
from xlsync.workbook.book import HEADER_SEARCH_ROWS, Sheets, ValuesBook, open_book, sheet_rows
from xlsync.workbook.bulk import no_cycle_collection
from xlsync.workbook.record import recorded_evidence

MAX_RETURN_ROWS = 25_000  # rows of a partner's Evidenze sheet read at most (a year holds hundreds)


@dataclass(frozen=True)
class Workbook:
    """An xlsync workbook (a district's or a partner's) as plain values."""

    path: Path
    programme: Programme
    evidence: tuple[Evidence, ...]
    meta: dict[str, str]  # the hidden sheet: template version, role, district, year, partner, fingerprint…
    assessments: dict[str, Assessment]  # the manager's manual percentages (district)
    submissions: tuple[Submission, ...] = ()  # Invii (district)
    rejects: tuple[Reject, ...] = ()  # Scarti (district)
    evidence_columns: dict[str, int] = field(default_factory=dict)  # Evidence field → 0-based column in Evidenze
    lines_table: tuple[tuple[str, Any, Any, int], ...] = ()  # Voci as the file shows it: code, %, required, row
    title: str = ""  # Riepilogo!A1, which names the partner in a partner's file
    programme_hash: str = ""  # the fingerprint of the programme text as stored (see programme_file.fingerprint)
    stored_programme: Programme | None = None  # as stored, before the edits made in the workbook's tables
    ignored_edits: tuple[Problem, ...] = ()  # edits in the workbook's tables that could not be taken, and why
    added_columns: dict[str, int] = field(default_factory=dict)  # a column a person added to Evidenze → its column
    renamed: dict[str, str] = field(default_factory=dict)  # xlsync's sheets a person renamed: their name → xlsync's
    notes: tuple[Problem, ...] = ()  # about the file itself: sheets found renamed, a ledger rebuilt
    bases: tuple[str, ...] = ()  # what the district keeps of each return it merged (`partners.threeway`)
    conflicts: tuple[Conflict, ...] = ()  # Conflitti (district)

    @property
    def is_partner(self) -> bool:
        return self.meta.get("tipo") == "partner"

    @property
    def versions(self) -> dict[str, str]:
        """Every programme this district has had (its returns may carry any), by fingerprint, with
        the day (ISO) an earlier one was replaced ("" for the current one, or when not recorded)."""
        earlier = (entry.partition("@") for entry in self.meta.get("impronte", "").split(",") if entry)
        return {print_: until for print_, _, until in earlier} | {fingerprint(self.programme): "", self.programme_hash: ""}

    def history(self, programme: Programme, replaced_on: dt.date | None = None) -> tuple[str, ...]:
        """The earlier versions to remember once `programme` is the district's: `fingerprint@day
        it was replaced` (the current one, when `programme` replaces it, on `replaced_on` or today)."""
        day = (replaced_on or dt.date.today()).isoformat()
        current = {fingerprint(self.programme), self.programme_hash}
        kept = {print_: until or (day if print_ in current else "") for print_, until in self.versions.items()
                if print_ and print_ != fingerprint(programme)}
        return tuple(f"{print_}@{until}" if until else print_ for print_, until in sorted(kept.items()))


def read_workbook(path: str | Path, programmes: Mapping[str, Programme] | None = None,
                  limits: safety.Limits = safety.RETURN, with_evidence: bool = True) -> Workbook:
    """Read an xlsync workbook: its programme, evidence rows and whatever else it holds.

    `programmes`: programmes already known by fingerprint; a workbook holding one of them (a
    return of the district's current programme) is not parsed again. `limits`: how big a file
    may be (a partner's return by default). Without `with_evidence`, the Evidenze sheet and the
    sheets a person added are not read (a district's are the big part of it).
    """
    path = Path(path)
    with no_cycle_collection():
        return _read(open_book(path, limits), path, programmes, with_evidence)


def read_values(sheets: Mapping[str, list[list[Any]]], name: str) -> Workbook:
    """An xlsync workbook given as each sheet's rows of values from A1, as a spreadsheet program
    hands them over (the add-in reads the open workbook so through xlwings)."""
    return _read(Sheets(ValuesBook(sheets), Path(name)), Path(name), None, True)


def _read(book: Sheets, path: Path, programmes: Mapping[str, Programme] | None, with_evidence: bool) -> Workbook:
    meta, programme_text, bases = _meta(book, path)
    stored = text_fingerprint(programme_text)
    programme = (programmes or {}).get(stored)
    if programme is None:
        try:
            programme = loads(programme_text, source=f"{path.name} › {layout.META}")
        except ProgrammeError as exc:
            problem = messages.problem("bad_programme", f"{path.name} › {layout.META}")
            raise WorkbookError(str(problem), (problem, *exc.problems), problem.text("en")) from exc
    partner = meta.get("tipo") == "partner"
    limit = MAX_RETURN_ROWS if partner else None
    evidence, columns, added = [], {}, {}
    if with_evidence:
        evidence, columns, added = _evidence_sheet(sheet_rows(book, path, layout.EVIDENCE, limit), path,
                                            preset_only_is_empty=partner, added_only_is_empty=not partner)
    # Manual assessments are the manager's: a partner's file has none.
    assessments = {} if partner else _assessments(sheet_rows(book, path, layout.INDICATORS), programme, path)
    submissions, rejects, conflicts = (), (), ()
    if book.has(layout.SUBMISSIONS):
        submissions = tuple(_submissions(sheet_rows(book, path, layout.SUBMISSIONS), path))
    if book.has(layout.REJECTS):
        rejects = tuple(_rejects(sheet_rows(book, path, layout.REJECTS), path))
    then = messages.both("name_given_back") if meta.get("tipo") == "distretto" else ""
    notes = [messages.problem("sheet_renamed", f"{path.name} › {name}", warning=True, sheet=own, then=then)
             for own, name in book.renamed.items()]
    if meta.get("tipo") == "distretto" and with_evidence:  # a ledger deleted: rebuilt, never restarted silently
        if not book.has(layout.SUBMISSIONS):
            submissions = rebuilt_ledger(evidence, rejects)
            notes.append(_ledger_rebuilt(path, len(submissions)))
        if not book.has(layout.REJECTS):
            notes.append(messages.problem("rejects_missing", f"{path.name} › {layout.REJECTS}", warning=True))
    if book.has(layout.CONFLICTS):
        conflicts = tuple(_conflicts(sheet_rows(book, path, layout.CONFLICTS), path))
    summary = sheet_rows(book, path, layout.SUMMARY, limit=1000)
    title = str(summary[0][0]) if summary and summary[0] else ""
    lines_table = tuple(_lines_table(sheet_rows(book, path, layout.LINES, limit=5000), path))
    stored_programme, ignored = programme, []
    if not partner:  # the manager may edit the programme's numbers in the district workbook itself
        programme, ignored = apply_edits(programme, _workbook_edits(summary, lines_table, path))
    return Workbook(path, programme, tuple(evidence), meta, assessments, submissions, rejects, columns,
                    lines_table, title, stored, stored_programme, tuple(ignored), added,
                    {name: own for own, name in book.renamed.items()}, tuple(notes), tuple(bases), conflicts)


def read_meta(path: str | Path, limits: safety.Limits = safety.RETURN) -> dict[str, str]:
    """The hidden stamp of an xlsync workbook alone."""
    return _meta(open_book(Path(path), limits), Path(path))[0]


def rebuilt_ledger(evidence: Sequence[Evidence], rejects: Sequence[Reject]) -> tuple[Submission, ...]:
    """The Invii ledger as the district's rows still tell it, when a person deleted the sheet: one entry per
    file its rows (in Evidenze and Scarti) came from, with the member and when the file was saved. What only
    the ledger knew (each file's content hash, when it was merged, its counts) is not there: a file merged
    before that comes again is read again, and its rows found unchanged."""
    files: dict[tuple[str, str], list] = {}
    for partner, file, received, rejected in [(row.partner, row.source_file, row.received, False) for row in evidence] + [
            (reject.partner, reject.file, reject.received, True) for reject in rejects]:
        if partner and file:
            entry = files.setdefault((str(partner), str(file)), [None, 0, 0])
            received = _as_datetime(received)
            if received and (entry[0] is None or received > entry[0]):
                entry[0] = received
            entry[2 if rejected else 1] += 1
    ordered = sorted(files.items(), key=lambda item: (item[1][0] or dt.datetime.min, item[0]))
    return tuple(Submission(file, partner, received, None, "", "unito con scarti" if rejected else "unito",
                            read=rows + rejected, rejected=rejected, note=_REBUILT)
                 for (partner, file), (received, rows, rejected) in ordered)


_REBUILT = "ricostruito da «Evidenze» e «Scarti»: il foglio «Invii» mancava"


def read_ledger(path: str | Path) -> tuple[tuple[Submission, ...], bool]:
    """The Invii ledger of a district workbook alone (deciding what is new needs nothing else), and whether
    the manager has chosen how to settle a conflict in `Conflitti`."""
    path = Path(path)
    book = open_book(path, safety.DISTRICT)
    _must_be_district(_meta(book, path)[0], path)
    chosen = book.has(layout.CONFLICTS) and any(
        conflict.choice for conflict in _conflicts(sheet_rows(book, path, layout.CONFLICTS), path))
    if not book.has(layout.SUBMISSIONS):
        return (), chosen
    return tuple(_submissions(sheet_rows(book, path, layout.SUBMISSIONS), path)), chosen


_KINDS = {"partner": messages.both("kind_partner_file"), "agenzia": messages.both("kind_agency_workbook")}


def read_district(path: str | Path, also_agency: bool = False, with_evidence: bool = True,
                  scoring_only: bool = False) -> Workbook:
    """Read a district workbook (also one a person edited in Excel or LibreOffice); with
    `also_agency`, also the agency's workbook made from one. With `scoring_only`, the evidence rows
    hold only what the figures read (code, quantity, organisations, partner): a district as xlsync
    wrote it gives them from its record (`record`), without its evidence sheet parsed."""
    if scoring_only and with_evidence:
        recorded = recorded_evidence(path)
        if recorded is not None:
            return replace(read_district(path, also_agency, with_evidence=False), evidence=recorded)
    try:
        workbook = read_workbook(path, limits=safety.DISTRICT, with_evidence=with_evidence)
    except XlsyncError as exc:
        mended = messages.for_district(exc)
        if mended is exc:
            raise
        raise mended from exc
    _must_be_district(workbook.meta, Path(path), also_agency)
    if any(note.key == "ledger_rebuilt" for note in workbook.notes):
        return _with_earlier_ledger(workbook)
    return workbook


def _with_earlier_ledger(workbook: Workbook) -> Workbook:
    """A district whose Invii a person deleted, rebuilt from its rows (`rebuilt_ledger`), given the ledger of
    its latest earlier version when there is one (whole: each file's hash, so that a file merged before is
    known when it comes again) and, from its rows, the files merged since."""
    from xlsync.files.storage import backup_path  # here: a process reading returns needs none of the locks

    earlier = backup_path(workbook.path)
    try:
        book = open_book(earlier, safety.DISTRICT)
        meta = _meta(book, earlier)[0]
        same = all(meta.get(key) == workbook.meta.get(key) for key in ("tipo", "distretto", "anno"))
        ledger = tuple(_submissions(sheet_rows(book, earlier, layout.SUBMISSIONS), earlier)) if same and book.has(
            layout.SUBMISSIONS) else ()
    except XlsyncError:  # no earlier version, or none that can be read
        ledger = ()
    if not ledger:
        return workbook
    files = {(item.partner, item.file) for item in ledger}
    submissions = ledger + tuple(item for item in workbook.submissions if (item.partner, item.file) not in files)
    notes = tuple(_ledger_rebuilt(workbook.path, len(submissions), earlier) if note.key == "ledger_rebuilt" else note
                  for note in workbook.notes)
    return replace(workbook, submissions=submissions, notes=notes)


def _ledger_rebuilt(path: Path, files: int, earlier: Path | None = None) -> Problem:
    if earlier is None:
        source = messages.both("ledger_from_sheets")
        then = messages.both("ledger_partial")
    else:
        source = messages.both("ledger_from_earlier", name=earlier.name)
        then = ""
    return messages.problem("ledger_rebuilt", f"{path.name} › {layout.SUBMISSIONS}", warning=True, files=files,
                            source=source, then=then)


def _must_be_district(meta: dict[str, str], path: Path, also_agency: bool = False) -> None:
    kind = meta.get("tipo")
    if kind != "distretto" and not (also_agency and kind == "agenzia"):
        raise WorkbookError.of(messages.problem("not_district_file", path.name,
                                                kind=_KINDS.get(kind) or messages.both("kind_unknown_file")))


def read_evidence(rows: list[list[Any]], path: Path) -> list[Evidence]:
    """Evidence rows of an `Evidenze` sheet given as rows of values from A1."""
    return _evidence_sheet(rows, path)[0]


def _evidence_sheet(rows: list[list[Any]], path: Path, preset_only_is_empty: bool = False,
                    added_only_is_empty: bool = False):
    """Evidence rows and the column of each field.

    In a partner's file the organisation is preset in every empty row: a row holding nothing
    else is empty. In the district, a row holding something only in columns a person added is no
    evidence (a formula filled down their column, below the rows; a value there is named by `keep`).
    """
    header_index, mapping, extra = _header(rows, path, layout.EVIDENCE, layout.DISTRICT_EVIDENCE_COLUMNS,
                                           required=len(layout.EVIDENCE_COLUMNS))
    extra = [(header, col) for header, col in extra if fold(header) != fold(layout.CHECK_HEADER)]
    organisation = mapping.get("organisations")
    items = list(mapping.items())
    read_columns = {*mapping.values(), *(col for _, col in extra)}  # a cell in another column is no evidence
    added = {col for _, col in extra}
    few = max(2, len(added)) if added_only_is_empty else 2
    evidence = []
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        empty = cells.count("")  # calamine gives "" for an empty cell: the common cases cost nothing
        if empty == len(cells) or (preset_only_is_empty and empty == len(cells) - 1 and organisation is not None
                                   and organisation < len(cells) and cells[organisation] != ""):
            continue
        if len(cells) - empty <= few:  # few cells filled: only spaces, the preset organisation, outside the columns?
            filled = [col for col, value in enumerate(cells) if not _blank(value) and col in read_columns]
            if not filled or (preset_only_is_empty and filled == [organisation]) or (
                    added_only_is_empty and added.issuperset(filled)):
                continue
        width = len(cells)
        row = object.__new__(Evidence)  # built in one step: a district holds hundreds of thousands
        row.__dict__.update(_BLANK_EVIDENCE)
        row.__dict__.update((field, _clean(cells[col]) if col < width else None) for field, col in items)
        row.__dict__["extra"] = tuple((header, _clean(cells[col]) if col < width else None) for header, col in extra)
        row.__dict__["row"] = index + 1
        evidence.append(row)
    return evidence, mapping, dict(extra)


_BLANK_EVIDENCE = Evidence(code=None).__dict__


def read_evidence_csv(path: str | Path) -> list[Evidence]:
    """Evidence rows from a UTF-8 CSV with the `Evidenze` headers (dates dd/mm/yyyy, "1,5")."""
    path = Path(path)
    evidence = read_evidence(_csv_rows(path), path)
    return [replace(row, date=_typed(row.date, parse_date), quantity=_typed(row.quantity, parse_number))
            for row in evidence]


def read_assessments_csv(path: str | Path, programme: Programme) -> dict[str, Assessment]:
    """Manual assessments from a CSV with the headers Codice, Valutazione manuale, Nota ("90%")."""
    path = Path(path)
    assessments = _assessments(_csv_rows(path), programme, path)
    return {code: replace(a, value=_typed(a.value, _percent_or_none)) for code, a in assessments.items()}


def saved_at(path: Path) -> dt.datetime | None:
    """When the application last saved the file, as the file itself says (not the file system)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for member, pattern in (("docProps/core.xml", r"<dcterms:modified[^>]*>([^<]{10,40})<"),
                                    ("meta.xml", r"<dc:date>([^<]{10,40})<")):
                if member in names:
                    with archive.open(member) as handle:
                        found = re.search(pattern, handle.read(65536).decode("utf-8", "replace"))
                    if found:
                        return _timestamp(found.group(1))
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    return None


def _timestamp(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:  # shown in the local time of the manager's computer
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _csv_rows(path: Path) -> list[list[Any]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [list(row) for row in csv.reader(handle)]
    except (OSError, UnicodeDecodeError) as exc:
        raise messages.error("unreadable_csv", path.name, cls=WorkbookError, detail=str(exc)) from exc


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


def _meta(book: Sheets, path: Path) -> tuple[dict[str, str], str, list[str]]:
    """The hidden sheet: its keys and values, the programme's text, and the merged returns' bases."""
    if not book.has(layout.META):
        raise WorkbookError.of(messages.problem("no_stamp", path.name))
    meta: dict[str, str] = {}
    chunks: list[str] = []
    bases: list[str] = []
    for cells in sheet_rows(book, path, layout.META)[1:]:
        if len(cells) < 2 or _blank(cells[0]):
            continue
        key, value = str(cells[0]), "" if _blank(cells[1]) else str(cells[1])
        if key == "programma":
            chunks.append(value)
        elif key == "base":
            bases.append(value)
        else:
            meta[key] = value
    if not chunks:
        raise WorkbookError.of(messages.problem("no_stamp", f"{path.name} › {layout.META}"))
    return meta, "".join(chunks), bases


def _assessments(rows: list[list[Any]], programme: Programme, path: Path) -> dict[str, Assessment]:
    columns = tuple(layout.Column(key, key, 0) for key in ("Codice", "Valutazione manuale", "Nota"))
    header_index, mapping, _ = _header(rows, path, layout.INDICATORS, columns)
    manual = {ind.code for ind in programme.indicators if ind.kind is RuleKind.MANUAL}
    assessments = {}
    for cells in rows[header_index + 1:]:
        code = _cell(cells, mapping["Codice"])
        if not isinstance(code, str):
            continue
        note = _clean(_cell(cells, mapping["Nota"]))
        value = _clean(_cell(cells, mapping["Valutazione manuale"])) if code in manual else None
        if code in manual or note is not None:  # the manager's percentage (manual indicators) and notes
            assessments[code] = Assessment(value, "" if note is None else str(note))
    return assessments


def _lines_table(rows: list[list[Any]], path: Path) -> list[tuple[str, Any, Any, int]]:
    headers = layout.LINE_HEADERS
    columns = tuple(layout.Column(name, headers[index], 0) for name, index in (("code", 0), ("percent", 4), ("required", 5)))
    header_index, mapping, _ = _header(rows, path, layout.LINES, columns)
    return [(str(cells[mapping["code"]]), _clean(_cell(cells, mapping["percent"])), _clean(_cell(cells, mapping["required"])),
             index + 1)
            for index, cells in enumerate(rows) if index > header_index and not _blank(_cell(cells, mapping["code"]))]


def _workbook_edits(summary: list[list[Any]], lines_table: tuple, path: Path) -> WorkbookEdits:
    """The programme's numbers as the district workbook shows them (Voci, Riepilogo)."""
    settings = {}
    for cells in summary[:10]:
        if len(cells) > 2 and isinstance(cells[0], str):
            settings[fold(cells[0])] = _clean(cells[2])
    counts = {}
    columns = tuple(layout.Column(name, name, 0) for name in ("Codice", "Conta"))
    try:
        header_index, mapping, _ = _header(summary, path, layout.SUMMARY, columns)
    except WorkbookError:
        header_index, mapping = len(summary), {}
    for cells in summary[header_index + 1:]:
        code = _cell(cells, mapping.get("Codice"))
        if isinstance(code, str) and code:
            counts[code] = _clean(_cell(cells, mapping.get("Conta")))
    return WorkbookEdits(
        percents={code: percent for code, percent, _, _ in lines_table},
        required={code: required for code, _, required, _ in lines_table},
        counts=counts,
        threshold=settings.get(fold(layout.SUMMARY_LABELS[layout.THRESHOLD])),
        aggregation=settings.get(fold(layout.SUMMARY_LABELS[layout.AGGREGATION])),
    )


def _submissions(rows: list[list[Any]], path: Path) -> list[Submission]:
    fields = ("file", "partner", "received", "merged", "content_hash", "outcome", "read", "added", "updated",
              "unchanged", "rejected", "removed", "note", "programme", "file_stamp", "conflicts", "base")
    columns = tuple(layout.Column(name, header, 0) for name, header in zip(fields, layout.SUBMISSION_HEADERS,
                                                                              strict=True))
    # The last four columns came later: a district written before has not got them.
    header_index, mapping, _ = _header(rows, path, layout.SUBMISSIONS, columns, required=len(fields) - 4)
    found = []
    for cells in rows[header_index + 1:]:
        values = {field: _clean(_cell(cells, col)) for field, col in mapping.items()}
        if not values.get("file"):
            continue
        for name in ("read", "added", "updated", "unchanged", "rejected", "removed", "conflicts"):
            values[name] = int(values[name]) if isinstance(values.get(name), (int, float)) else 0
        for name in ("received", "merged"):
            values[name] = _as_datetime(values[name])
        for name in ("file", "partner", "content_hash", "outcome", "note", "programme", "file_stamp", "base"):
            values[name] = "" if values.get(name) is None else str(values[name])
        found.append(Submission(**values))
    return found


def _conflicts(rows: list[list[Any]], path: Path) -> list[Conflict]:
    headers = layout.CONFLICT_HEADERS
    columns = tuple(layout.Column(f"c{i}", header, 0) for i, header in enumerate(headers))
    header_index, mapping, _ = _header(rows, path, layout.CONFLICTS, columns)
    found = []
    for number, cells in enumerate(rows[header_index + 1:], header_index + 2):
        values = [_clean(_cell(cells, mapping[f"c{i}"])) for i in range(len(headers))]
        row_id, partner, fields, district, by, shown, file, received, source_row, choice, *version = values
        if not row_id:
            continue
        deleted = source_row is None and all(value is None for value in version)
        found.append(Conflict(str(row_id), str(partner or ""), str(file or ""), _as_datetime(received),
                              int(source_row) if isinstance(source_row, (int, float)) else None, str(fields or ""),
                              str(district or ""), str(by or ""), str(shown or ""), () if deleted else tuple(version),
                              "" if choice is None else str(choice).strip(), row=number))
    return found


def _rejects(rows: list[list[Any]], path: Path) -> list[Reject]:
    headers = layout.REJECT_HEADERS
    columns = tuple(layout.Column(f"c{i}", header, 0) for i, header in enumerate(headers))
    header_index, mapping, _ = _header(rows, path, layout.REJECTS, columns)
    found = []
    for number, cells in enumerate(rows[header_index + 1:], header_index + 2):
        values = [_clean(_cell(cells, mapping[f"c{i}"])) for i in range(len(headers))]
        if all(value is None for value in values):
            continue
        partner, file, received, source_row, reason, *evidence = values
        found.append(Reject(str(partner or ""), str(file or ""), _as_datetime(received),
                            int(source_row) if isinstance(source_row, (int, float)) else None,
                            str(reason or ""), tuple(evidence), row=number))
    return found


def _header(rows: list[list[Any]], path: Path, sheet: str, columns: tuple[layout.Column, ...],
            required: int | None = None):
    """Find the header row; map each known column (by header or alias) to its index.

    The header row is the row, among the first ten, that names most of the known columns. The
    first `required` columns (all by default) must be there; others are optional.
    """
    wanted = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            wanted[fold(name)] = column.field
    best, best_hits = None, 0
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len({wanted[fold(value)] for value in cells if isinstance(value, str) and fold(value) in wanted})
        if hits > best_hits:
            best, best_hits = index, hits
    if best is None or best_hits < min(2, len(columns)):
        raise WorkbookError.of(messages.problem("no_header_row", f"{path.name} › {sheet}", header=columns[0].header,
                                                rows=HEADER_SEARCH_ROWS))
    cells = rows[best]
    mapping: dict[str, int] = {}
    extra: list[tuple[str, int]] = []
    for col, value in enumerate(cells):
        name = fold(value) if isinstance(value, str) else ""
        field = wanted.get(name)
        if field and field not in mapping:
            mapping[field] = col
        elif name:
            extra.append((str(value).strip(), col))
    missing = [c.header for c in columns[:required] if c.field not in mapping]
    if missing:
        suggestion = messages.near([header for header, _ in extra], missing[0]) if len(missing) == 1 else ("", "")
        raise WorkbookError.of(messages.problem(
            "missing_header", f"{path.name} › {sheet} › riga {best + 1}",
            headers=(", ".join(f"«{h}»" for h in missing), ", ".join(f"“{h}”" for h in missing)),
            near=suggestion, row=best + 1))
    return best, mapping, extra


def _cell(cells: list[Any], col: int | None) -> Any:
    return cells[col] if col is not None and col < len(cells) else None


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        return _timestamp(value)
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _clean(value: Any) -> Any:
    """Empty text is an empty cell; whole datetimes at midnight are dates."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is dt.datetime and not (value.hour or value.minute or value.second or value.microsecond):
        return value.date()
    return value
