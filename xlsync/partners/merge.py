"""Merging partner returns into the district workbook: idempotent, and nothing is ever lost.

- Every valid row of a return goes to `Evidenze` with its provenance (Partner, File, Ricevuto il,
  Riga origine) and a stable identity (ID); a row that cannot be merged goes to `Scarti` with the
  reason; `Invii` records every merged return.
- A partner's newer return replaces its previous one: unchanged rows keep their ID, changed rows
  are updated in place, deleted rows are removed, new rows are added. A return already merged
  (same content) changes nothing; an older one than the last merged is refused.
- Rows and columns the manager added by hand, manual assessments and added sheets are kept.
- Returns are processed in one canonical order (partner, then when each was saved), so the order
  in which files are given does not matter.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import operator
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync.errors import Problem
from xlsync.partners.validate import check_file
from xlsync.programme.model import Evidence, Member, Reject, Submission
from xlsync.scoring.engine import ProgrammeResult
from xlsync.workbook import layout, storage
from xlsync.workbook.bulk import no_cycle_collection
from xlsync.workbook.reader import read_district, read_ledger, saved_at
from xlsync.workbook.rows import Cells, render_row
from xlsync.workbook.writer import WorkbookContent, write_workbook

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")

MERGED, MERGED_WITH_REJECTS = "merged", "merged_with_rejects"
ALREADY_MERGED, OLDER_VERSION, REFUSED, UNREADABLE = "already_merged", "older_version", "refused", "unreadable"
STATUS_TEXT = {  # as the Invii ledger and the command line say it
    MERGED: "unito",
    MERGED_WITH_REJECTS: "unito con scarti",
    ALREADY_MERGED: "già unito",
    OLDER_VERSION: "versione precedente",
    REFUSED: "rifiutato",
    UNREADABLE: "illeggibile",
}
_CONTENT_FIELDS = layout.CONTENT_FIELDS
_content_values = operator.attrgetter(*_CONTENT_FIELDS)


@dataclass(frozen=True)
class Counts:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0  # rows of an earlier return the partner has since deleted (not part of `read`)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.read, self.added, self.updated, self.unchanged, self.rejected, self.removed)

    def as_json(self) -> dict[str, int]:
        return dict(zip(("read", "added", "updated", "unchanged", "rejected", "removed"), self.as_tuple(), strict=True))


@dataclass(frozen=True)
class FileOutcome:
    file: Path
    partner: str | None
    status: str
    reason: str
    counts: Counts
    problems: tuple[Problem, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.file), "partner": self.partner, "status": self.status, "reason": self.reason or None,
                **self.counts.as_json()}


@dataclass(frozen=True)
class MergeReport:
    district: Path
    files: tuple[FileOutcome, ...]
    written: bool  # False: the district file is byte for byte as it was
    backup: Path | None
    result: ProgrammeResult | None  # the realisation after the merge, when it was written

    @property
    def totals(self) -> Counts:
        total = Counts()
        for outcome in self.files:
            total += outcome.counts
        return total

    @property
    def clean(self) -> bool:
        """Every file merged (or already merged) and no row rejected."""
        return self.totals.rejected == 0 and all(f.status in (MERGED, ALREADY_MERGED) for f in self.files)

    def as_json(self) -> dict[str, Any]:
        return {"files": [outcome.as_json() for outcome in self.files], "totals": self.totals.as_json(),
                "written": self.written}


def collect_inputs(paths: Iterable[str | Path], district: Path | None = None) -> list[Path]:
    """Files named and workbook files inside folders named, without the district file and its backup."""
    own = {district.resolve(), storage.backup_path(district).resolve()} if district else set()
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        else:
            found.append(path)
    # Hidden files are lock files and half-written temporary files, never returns.
    return [p for p in dict.fromkeys(found) if p.resolve() not in own and not p.name.startswith(("~$", "."))]


def merge(district: str | Path, inputs: Iterable[str | Path], *, tolerance_days: int = 0,
          now: dt.datetime | None = None, on_file: Callable[[Path], None] | None = None,
          force: bool = False) -> MergeReport:
    """Merge partner returns (files or folders) into the district workbook (`force`: even if something
    made by hand in it cannot be kept)."""
    with no_cycle_collection():
        return _merge(Path(district), inputs, tolerance_days, now, on_file, force)


def _merge(district: Path, inputs: Iterable[str | Path], tolerance_days: int, now: dt.datetime | None,
           on_file: Callable[[Path], None] | None, force: bool) -> MergeReport:
    files = collect_inputs(inputs, district)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    with storage.exclusive(district):
        ledger = read_ledger(district)
        known_files = {s.content_hash: s for s in ledger if s.content_hash}
        digests = _digests(files)
        fresh = [path for path in files if digests[path] not in known_files]
        already = [_already_merged(path, known_files[digests[path]]) for path in files if digests[path] in known_files]
        if on_file:
            for path in files:
                if digests[path] in known_files:
                    on_file(path)
        if not fresh:  # nothing new: the district is not even read
            return MergeReport(district, tuple(already), False, None, None)
        current = read_district(district)
        programme = current.programme
        versions = current.versions
        returns = _inspect_all([(path, digests[path]) for path in fresh], programme, tolerance_days, versions, on_file)
        state = _State(current.evidence, current.rejects, current.submissions, programme.members)
        outcomes = already + [state.take(item, now) for item in sorted(returns, key=state.order)]
        if not state.changed:
            return MergeReport(district, tuple(outcomes), False, None, None)
        backup = storage.keep_backup(district)
        content = WorkbookContent(
            programme, state.evidence(), dict(current.assessments), submissions=tuple(state.submissions),
            rejects=tuple(state.all_rejects), keep_from=current, history=current.history(programme),
            rendered=state.rendered, force=force)
        result = write_workbook(content, district)
    return MergeReport(district, tuple(outcomes), True, backup, result)


@dataclass(frozen=True)
class _Return:
    """What merging needs of a checked return, in plain values that travel cheaply between processes."""

    path: Path
    saved: dt.datetime | None
    partner: Member | None
    claimed: str  # the member its stamp names
    readable: bool  # False: the file could not be read at all
    trusted: bool  # False: read, but its stamp or programme refuse it
    # valid rows: (the eight values made proper, sheet row, added columns, a new row's ID, the row's cells
    # as the district holds them with that ID)
    rows: tuple[tuple[tuple, int, tuple, str, bytes], ...]
    rejected: tuple[tuple[int, tuple, str], ...]  # rows not merged: (sheet row, the eight values as typed, reason)
    file_problems: tuple[Problem, ...]
    problems: tuple[Problem, ...]  # everything found, for the report
    content_hash: str = ""
    made_from: str = ""  # the fingerprint of the programme the file was made from

    @property
    def read(self) -> int:
        return len(self.rows) + len(self.rejected)

    @property
    def name(self) -> str | None:
        return self.partner.display_name if self.partner else None


def _inspect(path: Path, content_hash: str, programme, tolerance_days: int, versions: set[str]) -> _Return:
    check = check_file(path, programme, tolerance_days, versions)
    saved = saved_at(path) if check.workbook is not None else None
    if saved is None and path.exists():
        saved = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    if check.workbook is None:
        return _Return(path, saved, None, "", False, False, (), (), check.file_problems, check.file_problems,
                       content_hash)
    trusted = check.readable
    rows, rejected = [], []
    cells = Cells()
    if trusted:
        prefix, name = _id_prefix(check.partner), check.partner.display_name
    for original, checked in zip(check.workbook.evidence, check.rows, strict=True):
        if trusted and checked.ok:
            evidence = checked.evidence
            values = _content_values(evidence)
            # The identity the row gets if it is new, and the row as the district will hold it, made here
            # (in parallel) for the merge to take as they are.
            row_id = _row_id(prefix, _row_seed(check.partner, content_hash, original.row))
            xml = render_row((*values, name, path.name, saved, original.row, row_id), cells)
            rows.append((values, original.row, evidence.extra, row_id, xml))
        else:
            reason = "" if not trusted else _reason(checked.problems)
            rejected.append((original.row, _content_values(original), reason))
    return _Return(path, saved, check.partner, check.workbook.meta.get("partner") or "?", True, trusted,
                   tuple(rows), tuple(rejected), check.file_problems, check.problems, content_hash,
                   made_from=check.workbook.meta.get("impronta", ""))


# Reading and checking many returns uses every core: the work is per file and independent.
PARALLEL_FROM = 8


def _inspect_all(files: list[tuple[Path, str]], programme, tolerance_days: int, versions: set[str],
                 on_file: Callable[[Path], None] | None) -> list[_Return]:
    """Check each (file, its content hash)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        found = []
        for path, content_hash in files:
            found.append(_inspect(path, content_hash, programme, tolerance_days, versions))
            if on_file:
                on_file(path)
        return found
    chunk = max(1, min(16, len(files) // (workers * 8)))  # small: no worker idles long at the end
    # Fresh worker processes ("spawn"): a forked one would inherit the district's lock and keep it
    # if this process were killed; each also quits when its parent is gone.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(programme, tolerance_days, versions, os.getpid())) as pool:
        found = []
        for item in pool.map(_inspect_in_worker, files, chunksize=chunk):
            found.append(item)
            if on_file:
                on_file(item.path)
        return found


_WORKER: dict[str, Any] = {}


def _start_worker(programme, tolerance_days: int, versions: set[str], parent: int) -> None:
    _WORKER.update(programme=programme, tolerance_days=tolerance_days, versions=versions)
    gc.disable()  # as in the merge (`bulk.no_cycle_collection`): a file's objects go when it is done

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # the merge that started this worker was killed

    threading.Thread(target=watch, daemon=True).start()


def _inspect_in_worker(file: tuple[Path, str]) -> _Return:
    return _inspect(*file, _WORKER["programme"], _WORKER["tolerance_days"], _WORKER["versions"])


def _digests(paths: list[Path]) -> dict[Path, str]:
    """Each file's content hash, two at a time (reading and hashing let other threads run)."""
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(paths, pool.map(_digest, paths), strict=True))


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def _already_merged(path: Path, record: Submission) -> FileOutcome:
    reason = (f"già unito il {record.merged:%d/%m/%Y %H:%M}: nessuna modifica" if record.merged
              else "già unito: nessuna modifica")
    counts = Counts(read=record.read, unchanged=record.read - record.rejected, rejected=record.rejected)
    return FileOutcome(path, record.partner or None, ALREADY_MERGED, reason, counts)


class _State:
    """The district's rows, rejects and ledger as returns are merged one after the other."""

    def __init__(self, evidence: Sequence[Evidence], rejects: Sequence[Reject], submissions: Sequence[Submission],
                 members: Sequence[Member]):
        self.own = [row for row in evidence if not (row.source_file and row.row_id)]
        self.merged: dict[str, list[Evidence]] = {}
        for row in evidence:
            if row.source_file and row.row_id:
                self.merged.setdefault(str(row.partner), []).append(row)
        self.taken = {row.row_id for row in evidence if row.row_id}
        self.rejects: dict[str, list[Reject]] = {}
        for reject in rejects:
            self.rejects.setdefault(reject.partner, []).append(reject)
        self.submissions = list(submissions)
        self.known = {s.content_hash: s for s in submissions if s.content_hash}
        self.last_saved: dict[str, dt.datetime] = {}
        for item in submissions:
            if item.received and item.outcome != STATUS_TEXT[REFUSED]:
                self.last_saved[item.partner] = max(item.received, self.last_saved.get(item.partner, item.received))
        self.members = list(members)
        self.rank = {member.name: index for index, member in enumerate(members)}
        self.rendered: dict[int, tuple[Evidence, bytes]] = {}  # the merged rows' cells, for the writer
        self.changed = False

    def order(self, item: _Return) -> tuple:
        """The canonical order: unreadable files, then by partner, then oldest save first."""
        index = self.rank.get(item.partner.name, -1) if item.partner else -1
        return (index, item.saved or dt.datetime.min, item.content_hash, item.path.name)

    def take(self, item: _Return, now: dt.datetime) -> FileOutcome:
        name = item.name
        if not item.readable:
            return FileOutcome(item.path, None, UNREADABLE, _reason(item.file_problems), Counts(), item.file_problems)
        if item.content_hash in self.known:  # the same file given twice in one run
            return _already_merged(item.path, self.known[item.content_hash])
        if not item.trusted:
            return self._refuse(item, now)
        last = self.last_saved.get(name)
        if last and item.saved and item.saved < last:
            reason = (f"versione precedente (salvata il {item.saved:%d/%m/%Y %H:%M}) di un file già unito "
                      f"(salvato il {last:%d/%m/%Y %H:%M}): unire solo l'ultima versione ricevuta")
            return FileOutcome(item.path, name, OLDER_VERSION, reason, Counts(read=item.read, rejected=item.read))
        counts = self._merge_rows(item)
        kept = [reject for reject in self.rejects.get(name, []) if reject.dropped_by_a_change]
        self.rejects[name] = kept + [Reject(name, item.path.name, item.saved, row, reason, values)
                                     for row, values, reason in item.rejected]
        status = MERGED_WITH_REJECTS if item.rejected else MERGED
        self._record(Submission(item.path.name, name, item.saved, now, item.content_hash, STATUS_TEXT[status],
                                *counts.as_tuple(), note="; ".join(p.text() for p in item.file_problems),
                                programme=item.made_from))
        if item.saved:
            self.last_saved[name] = max(item.saved, last or item.saved)
        return FileOutcome(item.path, name, status, "", counts, item.problems)

    def _record(self, submission: Submission) -> None:
        self.submissions.append(submission)
        self.known[submission.content_hash] = submission
        self.changed = True

    def _refuse(self, item: _Return, now: dt.datetime) -> FileOutcome:
        """A file that cannot be trusted (another district, an edited programme, a foreign stamp): its rows go
        to Scarti under no partner, so that no member's later return replaces them, and nothing else changes."""
        reason = _reason(item.file_problems)
        self.rejects.setdefault("", []).extend(
            Reject("", item.path.name, item.saved, row, f"file rifiutato ({item.claimed}): {reason}", values)
            for row, values, _ in item.rejected)
        counts = Counts(read=item.read, rejected=item.read)
        self._record(Submission(item.path.name, item.claimed, item.saved, now, item.content_hash, STATUS_TEXT[REFUSED],
                                *counts.as_tuple(), note=reason, programme=item.made_from))
        return FileOutcome(item.path, item.name, REFUSED, reason, counts, item.problems)

    def _merge_rows(self, item: _Return) -> Counts:
        partner, name = item.partner, item.name
        previous = self.merged.get(name, [])
        used: set[int] = set()
        matches: list[int | None] = [None] * len(item.rows)
        unchanged = updated = added = 0
        if previous:  # a newer return of this partner: match its rows with those merged before
            by_content: dict[tuple, list[int]] = {}
            for index, old in enumerate(previous):
                by_content.setdefault(_content(old), []).append(index)
            for index, (values, *_) in enumerate(item.rows):  # same content, wherever it moved: unchanged
                candidates = by_content.get(tuple(map(_comparable, values)))
                if candidates:
                    matches[index] = candidates.pop(0)
                    used.add(matches[index])
                    unchanged += 1
            by_row = {old.source_row: index for index, old in enumerate(previous) if index not in used}
            for index, (_, row, *_) in enumerate(item.rows):  # same row of the sheet, new content: updated
                if matches[index] is None and row in by_row:
                    matches[index] = by_row.pop(row)
                    used.add(matches[index])
                    updated += 1
        prefix, file = _id_prefix(partner), item.path.name
        result = []
        for (values, row, extra, proposed, cells), match in zip(item.rows, matches, strict=True):
            if match is None:  # new: a new identity, the one proposed unless another row has it
                if proposed in self.taken:
                    row_id = _unique(prefix, _row_seed(partner, item.content_hash, row), self.taken)
                else:
                    row_id = proposed
                    self.taken.add(row_id)
                added += 1
            else:  # the old identity and the columns the manager added
                old = previous[match]
                row_id = old.row_id
                merged_extra = dict(old.extra)
                merged_extra.update((header, value) for header, value in extra if value is not None)
                extra = tuple(merged_extra.items())
            merged = _evidence(values, name, file, item.saved, row, row_id, extra)
            if row_id == proposed:
                self.rendered[id(merged)] = (merged, cells)
            result.append(merged)
        for index, old in enumerate(previous):
            if index not in used:
                self.taken.discard(old.row_id)
        self.merged[name] = result
        return Counts(read=item.read, added=added, updated=updated, unchanged=unchanged,
                      rejected=len(item.rejected), removed=len(previous) - len(used))

    def evidence(self) -> list[Evidence]:
        """The manager's own rows first, as they were; then each partner's rows in the order of its sheet."""
        own = [row if row.row_id else row.but(row_id=_manager_id(row, index, self.taken))
               for index, row in enumerate(self.own)]
        display = {member.display_name: index for index, member in enumerate(self.members)}
        partners = sorted(self.merged, key=lambda name: (display.get(name, len(display)), name))
        merged = [row for name in partners
                  for row in sorted(self.merged[name], key=lambda row: row.source_row
                                    if isinstance(row.source_row, (int, float)) else 0)]
        return own + merged

    @property
    def all_rejects(self) -> list[Reject]:
        return [reject for group in self.rejects.values() for reject in group]


def _evidence(values: tuple, partner: str, file: str, received: dt.datetime | None, row: int, row_id: str,
              extra: tuple) -> Evidence:
    """A merged row, built in one step (there can be hundreds of thousands)."""
    built = object.__new__(Evidence)
    built.__dict__.update(zip(_CONTENT_FIELDS, values, strict=True))
    built.__dict__.update(partner=partner, source_file=file, received=received, source_row=row, row_id=row_id,
                          extra=extra, row=None)
    return built


def _content(row: Evidence) -> tuple:
    return tuple(map(_comparable, _content_values(row)))


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _id_prefix(partner: Member) -> str:
    """Row identities start with the partner's short name: SOSTE-3f9a2c1e."""
    return re.sub(r"[^A-Za-z0-9]+", "", partner.display_name.upper())[:12] or "P"


def _manager_id(row: Evidence, index: int, taken: set[str]) -> str:
    return _unique("M", f"{_content(row)!r}|{index}", taken)


def _row_seed(partner: Member, content_hash: str, row: int) -> str:
    return f"{partner.name}|{content_hash}|{row}"


def _row_id(prefix: str, seed: str, attempt: int = 0) -> str:
    return f"{prefix}-{hashlib.sha1(f'{seed}|{attempt}'.encode()).hexdigest()[:8]}"


def _unique(prefix: str, seed: str, taken: set[str]) -> str:
    for attempt in range(1000):
        candidate = _row_id(prefix, seed, attempt)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("no free row identity")  # pragma: no cover - 1000 collisions of 32-bit hashes


def _reason(problems: Iterable[Problem]) -> str:
    """The errors, each with its place in the file: the cell alone for a row of Evidenze."""
    parts = []
    for p in problems:
        if p.warning:
            continue
        place = p.where.split(" › ", 1)[1] if " › " in p.where else ""
        if place == f"{layout.EVIDENCE} › {p.cell}":
            place = p.cell
        parts.append(f"{place + ': ' if place else ''}{p.what}{': ' + p.fix if p.fix else ''}")
    return "; ".join(parts)
