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
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import layout, storage
from .errors import Problem, WorkbookError
from .model import Evidence, Member, Reject, Submission
from .programme_file import fingerprint
from .reader import read_workbook, saved_at
from .scoring import ProgrammeResult
from .validate import CheckedRow, FileCheck, check_file
from .writer import WorkbookContent, write_workbook

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
_CONTENT_FIELDS = ("code", "date", "description", "quantity", "organisations", "people", "document", "notes")


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
          now: dt.datetime | None = None, on_file: Callable[[Path], None] | None = None) -> MergeReport:
    """Merge partner returns (files or folders) into the district workbook."""
    district = Path(district)
    files = collect_inputs(inputs, district)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    with storage.exclusive(district):
        current = read_workbook(district)
        if current.is_partner:
            raise WorkbookError(f"{district.name}: è il file di un aderente, non del distretto: indicare come primo "
                                "argomento la cartella di lavoro del distretto.")
        known = {fingerprint(current.programme), *filter(None, current.meta.get("impronte", "").split(","))}
        returns = []
        for path in files:
            returns.append(_Return.of(path, check_file(path, current.programme, tolerance_days, known)))
            if on_file:
                on_file(path)
        state = _State(current.evidence, current.rejects, current.submissions, current.programme.members)
        outcomes = [state.take(item, now) for item in sorted(returns, key=state.order)]
        if not state.changed:
            return MergeReport(district, tuple(outcomes), False, None, None)
        backup = storage.keep_backup(district)
        content = WorkbookContent(
            current.programme, state.evidence(), dict(current.assessments), submissions=tuple(state.submissions),
            rejects=tuple(state.rejects), extra_sheets=current.extra_sheets)
        result = write_workbook(content, district)
    return MergeReport(district, tuple(outcomes), True, backup, result)


@dataclass(frozen=True)
class _Return:
    """A returned file as read and checked, with what identifies its version."""

    path: Path
    check: FileCheck
    content_hash: str
    saved: dt.datetime | None

    @classmethod
    def of(cls, path: Path, check: FileCheck) -> _Return:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        except OSError:
            digest = ""
        saved = saved_at(path) if check.workbook is not None else None
        if saved is None and path.exists():
            saved = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        return cls(path, check, digest, saved)


class _State:
    """The district's rows, rejects and ledger as returns are merged one after the other."""

    def __init__(self, evidence: Sequence[Evidence], rejects: Sequence[Reject], submissions: Sequence[Submission],
                 members: Sequence[Member]):
        self.rows = list(evidence)
        self.rejects = list(rejects)
        self.submissions = list(submissions)
        self.members = list(members)
        self.known = {s.content_hash: s for s in submissions if s.content_hash}
        self.changed = False

    def order(self, item: _Return) -> tuple:
        """The canonical order: unreadable files, then by partner, then oldest save first."""
        partner = item.check.partner
        index = self.members.index(partner) if partner in self.members else -1
        return (index, item.saved or dt.datetime.min, item.content_hash, item.path.name)

    def take(self, item: _Return, now: dt.datetime) -> FileOutcome:
        check, partner = item.check, item.check.partner
        name = partner.display_name if partner else None
        rows = check.rows
        if check.workbook is None:
            return FileOutcome(item.path, None, UNREADABLE, _reason(check.file_problems), Counts(), check.file_problems)
        valid = [row for row in rows if row.ok]
        rejected = len(rows) - len(valid)
        if item.content_hash in self.known:
            merged = self.known[item.content_hash].merged
            reason = f"già unito il {merged:%d/%m/%Y %H:%M}: nessuna modifica" if merged else "già unito: nessuna modifica"
            return FileOutcome(item.path, name, ALREADY_MERGED, reason,
                               Counts(read=len(rows), unchanged=len(valid), rejected=rejected), check.problems)
        if not check.readable:
            return self._refuse(item, now)
        last = max((s.received for s in self.submissions if s.partner == name and s.received), default=None)
        if last and item.saved and item.saved < last:
            reason = (f"versione precedente (salvata il {item.saved:%d/%m/%Y %H:%M}) di un file già unito "
                      f"(salvato il {last:%d/%m/%Y %H:%M}): unire solo l'ultima versione ricevuta")
            return FileOutcome(item.path, name, OLDER_VERSION, reason, Counts(read=len(rows), rejected=len(rows)))
        counts = self._merge_rows(partner, item, valid, rejected)
        raw = check.workbook.evidence
        self.rejects = [r for r in self.rejects if r.partner != name] + [
            Reject(name, item.path.name, item.saved, original.row, _reason(row.problems),
                   tuple(getattr(original, f) for f in _CONTENT_FIELDS))
            for original, row in zip(raw, rows, strict=True) if not row.ok]
        status = MERGED_WITH_REJECTS if rejected else MERGED
        self.submissions.append(Submission(
            item.path.name, name, item.saved, now, item.content_hash, STATUS_TEXT[status], *counts.as_tuple(),
            note="; ".join(p.text() for p in check.file_problems)))
        self.known[item.content_hash] = self.submissions[-1]
        self.changed = True
        return FileOutcome(item.path, name, status, "", counts, check.problems)

    def _refuse(self, item: _Return, now: dt.datetime) -> FileOutcome:
        """A file that cannot be trusted (another district, an edited programme, a foreign stamp): its rows go
        to Scarti under no partner, so that no member's later return replaces them, and nothing else changes."""
        check = item.check
        reason = _reason(check.file_problems)
        claimed = check.workbook.meta.get("partner") or "?"
        self.rejects += [Reject("", item.path.name, item.saved, original.row, f"file rifiutato ({claimed}): {reason}",
                                tuple(getattr(original, f) for f in _CONTENT_FIELDS))
                         for original in check.workbook.evidence]
        counts = Counts(read=len(check.rows), rejected=len(check.rows))
        self.submissions.append(Submission(item.path.name, claimed, item.saved, now, item.content_hash,
                                           STATUS_TEXT[REFUSED], *counts.as_tuple(), note=reason))
        self.known[item.content_hash] = self.submissions[-1]
        self.changed = True
        name = check.partner.display_name if check.partner else None
        return FileOutcome(item.path, name, REFUSED, reason, counts, check.problems)

    def _merge_rows(self, partner: Member, item: _Return, valid: list[CheckedRow], rejected: int) -> Counts:
        name = partner.display_name
        mine = [row for row in self.rows if _belongs_to(row, name)]
        others = [row for row in self.rows if not _belongs_to(row, name)]
        incoming = [replace(checked.evidence, partner=name, source_file=item.path.name, received=item.saved,
                            source_row=checked.evidence.row) for checked in valid]
        result: list[Evidence | None] = [None] * len(incoming)
        unmatched = list(mine)
        unchanged = updated = 0
        for index, row in enumerate(incoming):  # same content, wherever it moved: unchanged
            match = next((old for old in unmatched if _content(old) == _content(row)), None)
            if match is not None:
                unmatched.remove(match)
                result[index] = _keep(match, row)
                unchanged += 1
        for index, row in enumerate(incoming):  # same row of the sheet, new content: updated
            if result[index] is None:
                match = next((old for old in unmatched if old.source_row == row.source_row), None)
                if match is not None:
                    unmatched.remove(match)
                    result[index] = _keep(match, row)
                    updated += 1
        taken = {row.row_id for row in self.rows if row.row_id}
        added = 0
        for index, row in enumerate(incoming):
            if result[index] is None:
                result[index] = replace(row, row_id=_new_id(partner, item.content_hash, row.source_row, taken))
                added += 1
        self.rows = others + [row for row in result if row is not None]
        return Counts(read=len(valid) + rejected, added=added, updated=updated, unchanged=unchanged,
                      rejected=rejected, removed=len(unmatched))

    def evidence(self) -> list[Evidence]:
        """The manager's own rows first, as they were; then each partner's rows in the order of its sheet."""
        own = [row for row in self.rows if not row.source_file]
        taken = {row.row_id for row in self.rows if row.row_id}
        own = [row if row.row_id else replace(row, row_id=_manager_id(row, index, taken)) for index, row in enumerate(own)]
        rank = {member.display_name: index for index, member in enumerate(self.members)}
        merged = sorted((row for row in self.rows if row.source_file),
                        key=lambda row: (rank.get(row.partner, len(rank)), str(row.partner),
                                         row.source_row if isinstance(row.source_row, (int, float)) else 0))
        return own + merged


def _belongs_to(row: Evidence, partner: str) -> bool:
    """A row merged from this partner's returns (not one the manager typed)."""
    return row.partner == partner and bool(row.source_file) and bool(row.row_id)


def _keep(old: Evidence, new: Evidence) -> Evidence:
    """The new content and provenance, the old identity and the columns the manager added."""
    extra = dict(old.extra)
    extra.update((header, value) for header, value in new.extra if value is not None)
    return replace(new, row_id=old.row_id, extra=tuple(extra.items()))


def _content(row: Evidence) -> tuple:
    return tuple(_comparable(getattr(row, name)) for name in _CONTENT_FIELDS)


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _new_id(partner: Member, content_hash: str, source_row: Any, taken: set[str]) -> str:
    prefix = re.sub(r"[^A-Za-z0-9]+", "", partner.display_name.upper())[:12] or "P"
    seed = f"{partner.name}|{content_hash}|{source_row}"
    return _unique(prefix, seed, taken)


def _manager_id(row: Evidence, index: int, taken: set[str]) -> str:
    return _unique("M", f"{_content(row)!r}|{index}", taken)


def _unique(prefix: str, seed: str, taken: set[str]) -> str:
    for attempt in range(1000):
        candidate = f"{prefix}-{hashlib.sha1(f'{seed}|{attempt}'.encode()).hexdigest()[:8]}"
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
