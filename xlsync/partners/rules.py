"""The merge rules as pure code: which returns are taken, how their rows meet the district's, what is
removed, held back, in conflict or rejected. Values in, decisions out: no files, locks or processes.

- A return is merged three ways against the version it was made from (`threeway`): the blank file or
  the member's earlier return it differs least from. What the file changed is applied; what it left as
  it was changes nothing (the manager's corrections and the member's other copies stand); a row changed
  both in the file and in the district, two ways, is a conflict (`Conflict`): the district's version
  stays, the file's waits in `Conflitti` for the manager's choice. Rows the file deleted leave
  `Evidenze` for `Scarti`, with their content and the file that removed them.
- Returns are taken in the order they reach the district (one run after the other); within one run,
  by member, then by when each file says it was saved. An older copy arriving last undoes nothing.
- A return is held back (reported, not applied, the file left where it is) when it would remove some
  rows of its base and change or remove most of them. The manager applies it with `confirm`.
- A file that is not a return (the district's or the agency's workbook, a file xlsync wrote and no
  one changed) is skipped; a return that cannot be trusted is refused, its rows in `Scarti`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from xlsync import messages
from xlsync.errors import Problem, WorkbookError
from xlsync.partners import threeway
from xlsync.partners.compare import CONTENT_FIELDS, content_key, content_values, field_key, row_digest
from xlsync.programme.model import Conflict, Evidence, Member, Reject, Submission
from xlsync.vocabulary import layout

MERGED, MERGED_WITH_REJECTS, ALREADY_MERGED = "merged", "merged_with_rejects", "already_merged"
HELD = "held"
REFUSED, UNREADABLE, SKIPPED, UNTOUCHED = "refused", "unreadable", "skipped", "untouched"
STATUS_TEXT = {  # as the Invii ledger says it (in Italian, as the workbook)
    status: messages.text(f"outcome_{status}", "it")
    for status in (MERGED, MERGED_WITH_REJECTS, ALREADY_MERGED, HELD, REFUSED, UNREADABLE, SKIPPED, UNTOUCHED)}
# What asks the manager to look (exit code 1); the others are done.
NEEDS_ATTENTION = {HELD, REFUSED, UNREADABLE, SKIPPED}
MERGED_TEXT = (STATUS_TEXT[MERGED], STATUS_TEXT[MERGED_WITH_REJECTS])  # a return taken, as the ledger says
# What tells one piece of evidence from another: a row that keeps two of them is the same row changed.
_IDENTIFYING = ("code", "date", "description")
_FIELD = {field: CONTENT_FIELDS.index(field) for field in _IDENTIFYING}


class ReturnRow(NamedTuple):
    """A valid row of a return, ready to merge."""

    values: tuple  # the eight values a partner writes, made proper
    source_row: int  # its row in the return's sheet
    extra: tuple  # columns the partner added: (header, value)
    proposed_id: str  # the identity it gets if it is new
    cells: bytes  # the row as the district's sheet holds it with that identity
    digest: str = ""  # of its content (`compare.row_digest`), worked out where it was read


class RejectedRow(NamedTuple):
    """A row of a return that is not merged."""

    source_row: int
    values: tuple  # the eight values as typed
    reason: str


@dataclass(frozen=True)
class Counts:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0  # rows of an earlier return the partner has since deleted (not part of `read`)
    held: int = 0  # rows of returns held back
    conflicts: int = 0  # rows of the file the district had changed another way (in Conflitti; of `read`)

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.read, self.added, self.updated, self.unchanged, self.rejected, self.removed, self.held,
                self.conflicts)

    def as_json(self) -> dict[str, int]:
        names = ("read", "added", "updated", "unchanged", "rejected", "removed", "held", "conflicts")
        return dict(zip(names, self.as_tuple(), strict=True))

    @property
    def balanced(self) -> bool:
        """Every row read is accounted for."""
        return self.read == self.added + self.updated + self.unchanged + self.rejected + self.held + self.conflicts


@dataclass(frozen=True)
class FileOutcome:
    file: Path
    partner: str | None
    status: str
    reason: str
    counts: Counts
    problems: tuple[Problem, ...] = ()
    fresh: bool = True  # False: merged in an earlier run (its counts are the ledger's)
    english_reason: str = ""  # the reason in English, when the catalogue has it

    def reason_text(self, lang: str = "it") -> str:
        """Why the file was held back, skipped, refused or not read, in Italian or English."""
        return self.english_reason if lang == "en" and self.english_reason else self.reason

    @property
    def needs_attention(self) -> bool:
        return self.fresh and (self.status in NEEDS_ATTENTION or self.counts.rejected > 0
                               or any(problem.key == "conflict_found" for problem in self.problems))

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.file), "partner": self.partner, "status": self.status, "reason": self.reason or None,
                **self.counts.as_json()}


@dataclass(frozen=True)
class Return:
    """What merging needs of a checked return, in plain values that travel cheaply between processes."""

    path: Path
    saved: dt.datetime | None  # when the file itself says it was saved (None: it does not say)
    partner: Member | None
    claimed: str  # the member its stamp names
    readable: bool  # False: the file could not be read at all
    trusted: bool  # False: read, but its stamp or programme refuse it
    rows: tuple[ReturnRow, ...]
    rejected: tuple[RejectedRow, ...]
    file_problems: tuple[Problem, ...]
    problems: tuple[Problem, ...]  # everything found, for the report
    content_hash: str = ""
    made_from: str = ""  # the fingerprint of the programme the file was made from
    skip: Problem | None = None  # not a return at all (skipped), or xlsync's own file as written (untouched)
    untouched: bool = False

    @property
    def read(self) -> int:
        return len(self.rows) + len(self.rejected)

    @property
    def name(self) -> str | None:
        return self.partner.display_name if self.partner else None


def unique_extra(extra: tuple) -> tuple:
    """Columns a person added, with headers a table can have: one line, at most 255 characters, none
    the same as another or as a standard column (whatever the case); the values kept."""
    taken = {column.header.casefold() for column in layout.DISTRICT_EVIDENCE_COLUMNS}
    renamed = []
    for header, value in extra:
        name = " ".join(str(header).split())[:255] or "Colonna"
        candidate, number = name, 2
        while candidate.casefold() in taken:
            suffix = f" ({number})"
            candidate, number = name[:255 - len(suffix)] + suffix, number + 1
        taken.add(candidate.casefold())
        renamed.append((candidate, value))
    return tuple(renamed)


class MergeState:
    """The district's rows, rejects and ledger as returns are merged one after the other."""

    def __init__(self, evidence: Sequence[Evidence], rejects: Sequence[Reject], submissions: Sequence[Submission],
                 members: Sequence[Member], where: str = layout.EVIDENCE, bases: Iterable[str] = (),
                 conflicts: Sequence[Conflict] = ()):
        self.members = list(members)
        self.submissions = list(submissions)
        self.known = {s.content_hash: s for s in submissions if s.content_hash}
        self.taken = {row.row_id for row in evidence if row.row_id}
        self.repairs: list[Problem] = []
        self.own, self.merged = self._sort_rows(evidence, where)
        self.rejects: dict[str, list[Reject]] = {}
        for reject in rejects:
            self.rejects.setdefault(reject.partner, []).append(reject)
        self.bases = list(bases)  # as the hidden sheet keeps them (`threeway.encode`); each merged return's added
        self._stored = threeway.index(self.bases)
        self._decoded: dict[str, list[threeway.BaseRow]] = {}
        self.returns_of: dict[str, list[Submission]] = {}  # each member's merged returns, oldest first
        for item in submissions:
            if item.outcome in MERGED_TEXT and item.content_hash:
                self.returns_of.setdefault(item.partner, []).append(item)
        self.conflicts = list(conflicts)
        self.rank = {member.name: index for index, member in enumerate(members)}
        self.rendered: dict[int, tuple[Evidence, bytes]] = {}  # the merged rows' cells, for the writer
        self.changed = False

    def _sort_rows(self, evidence: Sequence[Evidence], where: str):
        """The manager's own rows and each member's merged rows. A merged row whose provenance columns
        were cleared or retyped gets them back from what is left; one that cannot is refused."""
        files = {s.file: s.partner for s in self.submissions if s.partner}
        latest = {s.partner: s.file for s in self.submissions if s.outcome != STATUS_TEXT[REFUSED]}
        prefixes: dict[str, list[str]] = {}
        for member in self.members:
            prefixes.setdefault(id_prefix(member), []).append(member.display_name)
        own, merged, repaired, lost = [], {}, {}, []
        for row in evidence:
            if row.extra and (cleaned := unique_extra(row.extra)) != row.extra:
                row = row.but(extra=cleaned)
            identity = str(row.row_id or "")
            if not (row.source_file or row.source_row is not None or (identity and not identity.startswith("M-"))):
                own.append(row)
                continue
            partner = row.partner or files.get(row.source_file)
            if not partner and identity:
                names = prefixes.get(identity.split("-", 1)[0], [])
                partner = names[0] if len(names) == 1 else None
            if not partner:
                lost.append(row)
                continue
            partner = str(partner)
            if not (row.partner and row.source_file and identity):
                file = row.source_file or latest.get(partner)
                if not identity:
                    identity = unique_id(_prefix_of(partner), f"{partner}|{file}|{row.source_row}|{row.row}", self.taken)
                row = row.but(partner=partner, source_file=file, row_id=identity)
                repaired[partner] = repaired.get(partner, 0) + 1
            merged.setdefault(partner, []).append(row)
        if lost:
            problems = tuple(messages.problem("provenance_lost", f"{where} › riga {row.row}") for row in lost)
            raise (WorkbookError.of(problems[0]) if len(problems) == 1 else
                   messages.error("provenance_lost_rows", where, cls=WorkbookError, problems=problems, count=len(problems)))
        self.repairs = [messages.problem("provenance_repaired", where, warning=True, rows=count, partner=partner)
                        for partner, count in repaired.items()]
        return own, merged

    def order(self, item: Return) -> tuple:
        """The canonical order: unreadable files, then by partner, then oldest save first."""
        index = self.rank.get(item.partner.name, -1) if item.partner else -1
        return (index, item.saved or dt.datetime.min, item.content_hash, item.path.name)

    def take_all(self, items: Iterable[Return], now: dt.datetime, confirm: bool = False) -> list[FileOutcome]:
        """Merge returns in the canonical order; without `confirm`, hold back those that would remove most
        of the rows of their base."""
        return [self.take(item, now, confirm) for item in sorted(items, key=self.order)]

    def take(self, item: Return, now: dt.datetime, confirm: bool = False) -> FileOutcome:
        name = item.name
        if not item.readable:
            return FileOutcome(item.path, None, UNREADABLE, reason(item.file_problems), Counts(), item.file_problems,
                               english_reason=reason(item.file_problems, "en"))
        if item.skip is not None:
            status = UNTOUCHED if item.untouched else SKIPPED
            return FileOutcome(item.path, name, status, said(item.skip), Counts(), (item.skip,),
                               english_reason=said(item.skip, "en"))
        if item.content_hash in self.known:  # the same file given twice in one run
            return already_merged(item.path, self.known[item.content_hash])
        if not item.trusted:
            return self._refuse(item, now)
        rows = self.merged.get(name, [])
        keys = [(digest or row_digest(values), source_row) for values, source_row, _, _, _, digest in item.rows]
        chosen = self._base(item, rows, keys, confirm)
        if isinstance(chosen, FileOutcome):
            return chosen
        base, found = chosen
        counts, notes = self._apply(item, rows, found, keys)
        origin = base.content_hash if base else threeway.EMPTY
        ids = found.ids
        cells = threeway.encode(item.content_hash, [(source_row, key, ids[index]) for index, (key, source_row)
                                                     in enumerate(keys) if index in ids])
        self.bases += cells
        self._stored[item.content_hash] = cells
        kept = [reject for reject in self.rejects.get(name, [])
                if reject.dropped_by_a_change or reject.removed_by_a_return
                or not (base and (reject.file, reject.received) == (base.file, base.received))]
        removed = [_removed_reject(rows[index], item) for index in found.removed]
        removed += [_removed_reject(rows[there], item, item.rows[index].source_row)
                    for there, index in found.updates.items() if there not in found.same]
        self.rejects[name] = [*kept, *removed, *(Reject(name, item.path.name, item.saved, row, why, values)
                                                 for row, values, why in item.rejected)]
        status = MERGED_WITH_REJECTS if item.rejected else MERGED
        submission = Submission(item.path.name, name, item.saved, now, item.content_hash, STATUS_TEXT[status],
                                *counts.as_tuple()[:6], note="; ".join(p.text() for p in item.file_problems),
                                programme=item.made_from, conflicts=counts.conflicts, base=origin)
        self._record(submission)
        self.returns_of.setdefault(name, []).append(submission)
        return FileOutcome(item.path, name, status, "", counts, (*item.problems, *notes))

    def _base(self, item: Return, rows: list[Evidence], keys: list[tuple[str, int]], confirm: bool):
        """The return `item` was made from (None: the blank file) and what it changed against it; or, for a
        file that may be an earlier return with most of its rows deleted, the outcome that holds it back."""
        by_id = {row.row_id: row for row in rows}

        def same_evidence(index: int, base_row: threeway.BaseRow) -> bool:
            """A row changed in place keeps two of its code, date and description; one that keeps less
            is another piece of evidence typed over it: a new row (the one it replaced stays)."""
            there = by_id.get(base_row.row_id)
            if there is None:  # deleted in the district: nothing to compare (a conflict, if changed)
                return True
            new = item.rows[index].values
            return sum(field_key(field, new[_FIELD[field]]) == field_key(field, getattr(there, field))
                       for field in _IDENTIFYING) >= 2

        base, base_rows, closest = threeway.choose(self._candidates(item.name), keys, same_evidence)
        digests: dict[int, str] = {}

        def digest_of(index: int) -> str:
            if index not in digests:
                digests[index] = row_digest(content_values(rows[index]))
            return digests[index]

        found = threeway.plan(rows, digest_of, base_rows, keys, same_evidence)
        if base is None and closest is not None:  # a copy of the blank file, or an earlier return mostly deleted?
            trial = threeway.plan(rows, digest_of, closest[1], keys, same_evidence)
            if trial.removed and 2 * (len(trial.removed) + len(trial.updates) - len(trial.same)) > len(closest[1]):
                if not confirm:
                    problem = messages.problem("held_removal", item.path.name, removed=len(trial.removed),
                                               total=len(closest[1]), partner=item.name, files=f"«{closest[0].file}»")
                    return FileOutcome(item.path, item.name, HELD, said(problem),
                                       Counts(read=item.read, held=item.read), (problem,), english_reason=said(problem, "en"))
                return closest[0], trial
        return base, found

    def _candidates(self, name: str):
        """The member's merged returns whose base rows the district keeps, newest first."""
        for submission in reversed(self.returns_of.get(name, [])):
            rows = self.base_rows(submission.content_hash)
            if rows is not None:
                yield submission, rows

    def base_rows(self, content_hash: str) -> list[threeway.BaseRow] | None:
        if content_hash not in self._decoded:
            cells = self._stored.get(content_hash)
            if cells is None:
                return None
            self._decoded[content_hash] = threeway.decode(cells)
        return self._decoded[content_hash]

    def _record(self, submission: Submission) -> None:
        self.submissions.append(submission)
        self.known[submission.content_hash] = submission
        self.changed = True

    def _refuse(self, item: Return, now: dt.datetime) -> FileOutcome:
        """A file that cannot be trusted (another district, an edited programme, a foreign stamp): its rows go
        to Scarti under no partner, so that no member's later return replaces them, and nothing else changes."""
        why = reason(item.file_problems)
        self.rejects.setdefault("", []).extend(
            Reject("", item.path.name, item.saved, row, f"file rifiutato ({item.claimed}): {why}", values)
            for row, values, _ in item.rejected)
        counts = Counts(read=item.read, rejected=item.read)
        self._record(Submission(item.path.name, item.claimed, item.saved, now, item.content_hash, STATUS_TEXT[REFUSED],
                                *counts.as_tuple()[:6], note=why, programme=item.made_from))
        return FileOutcome(item.path, item.name, REFUSED, why, counts, item.problems,
                           english_reason=reason(item.file_problems, "en"))

    def _apply(self, item: Return, rows: list[Evidence], found: threeway.Plan, keys) -> tuple[Counts, list[Problem]]:
        """The member's rows once the file's changes are applied; its new rows get identities."""
        partner, name = item.partner, item.name
        prefix, file = id_prefix(partner), item.path.name
        result = list(rows)
        for there, index in found.updates.items():  # the file's version, the identity and the columns the manager added
            old, (values, row, extra, *_) = rows[there], item.rows[index]
            if there in found.same and old.source_file == file and old.source_row == row and old.received == item.saved:
                continue
            merged_extra = dict(old.extra)
            merged_extra.update((header, value) for header, value in unique_extra(extra) if value is not None)
            result[there] = evidence_row(values, name, file, item.saved, row, old.row_id, tuple(merged_extra.items()))
        taken, rendered, ids, saved = self.taken, self.rendered, found.ids, item.saved
        for index in found.added:  # new: a new identity, the one proposed unless another row has it
            values, row, extra, proposed, cells, _ = item.rows[index]
            if proposed in taken:
                identity = unique_id(prefix, row_seed(partner, item.content_hash, row), taken)
            else:
                identity = proposed
                taken.add(identity)
            ids[index] = identity
            merged = evidence_row(values, name, file, saved, row, identity, unique_extra(extra) if extra else ())
            if identity == proposed:
                rendered[id(merged)] = (merged, cells)
            result.append(merged)
        for there in found.removed:
            self.taken.discard(rows[there].row_id)
        gone = set(found.removed)
        self.merged[name] = [row for there, row in enumerate(result) if there not in gone]
        for index, there, identity in found.conflicts:
            self.conflicts.append(self._conflict(item, index, rows[there] if there is not None else None, identity))
        notes = [messages.problem("kept_deleted", f"{file} › {layout.EVIDENCE} › riga {item.rows[index].source_row}",
                                  warning=True, row_id=found.ids[index]) for index in found.kept_deleted]
        notes += [messages.problem("conflict_found", f"{file} › {layout.EVIDENCE}" + (
            f" › riga {item.rows[index].source_row}" if index is not None else ""), warning=True, row_id=identity)
            for index, _, identity in found.conflicts]
        counts = Counts(read=item.read, added=len(found.added), updated=len(found.updates) - len(found.same),
                        unchanged=found.unchanged + len(found.kept_deleted), rejected=len(item.rejected),
                        removed=len(found.removed),
                        conflicts=sum(1 for index, _, _ in found.conflicts if index is not None))
        return counts, notes

    def _conflict(self, item: Return, index: int | None, there: Evidence | None, identity: str) -> Conflict:
        """Both versions of a row, side by side: the columns that differ, and who made each."""
        values = item.rows[index].values if index is not None else ()
        if there is None or index is None:
            fields, columns = "tutta la riga", layout.EVIDENCE_COLUMNS
        else:
            columns = [column for column, old, new in zip(layout.EVIDENCE_COLUMNS, content_values(there), values,
                                                          strict=True)
                       if field_key(column.field, old) != field_key(column.field, new)]
            fields = ", ".join(column.header for column in columns)
        shown = "(tolta nel distretto)" if there is None else describe(
            columns, [getattr(there, column.field) for column in columns])
        version = "(tolta nel file)" if index is None else describe(
            columns, [values[CONTENT_FIELDS.index(column.field)] for column in columns])
        return Conflict(identity, item.name, item.path.name, item.saved,
                        item.rows[index].source_row if index is not None else None, fields, shown,
                        self._who(item.name, there), version, values)

    def _who(self, name: str, row: Evidence | None) -> str:
        """Who made the district's version of a row: the member's file that last gave it, or the manager."""
        if row is None:
            return "tolta nel distretto"
        digest = row_digest(content_values(row))
        for submission in reversed(self.returns_of.get(name, [])):
            if any(base.row_id == row.row_id and base.digest == digest
                   for base in self.base_rows(submission.content_hash) or ()):
                saved = f", salvato il {submission.received:%d/%m/%Y %H:%M}" if submission.received else ""
                return f"{name}, file «{submission.file}»{saved}"
        return "il Manager territoriale, in «Evidenze»"

    def evidence(self) -> list[Evidence]:
        """The manager's own rows first, as they were; then each partner's rows where they were, its new rows
        after them in the order of their sheet. Added columns with the same header in another case are one
        column."""
        own = [row if row.row_id else row.but(row_id=_manager_id(row, index, self.taken))
               for index, row in enumerate(self.own)]
        display = {member.display_name: index for index, member in enumerate(self.members)}
        partners = sorted(self.merged, key=lambda name: (display.get(name, len(display)), name))
        merged = [row for name in partners for row in self.merged[name]]
        return _one_spelling(own + merged)

    @property
    def all_rejects(self) -> list[Reject]:
        return [reject for group in self.rejects.values() for reject in group]


def describe(columns: Iterable[layout.Column], values: Iterable[Any]) -> str:
    """Cells as a person reads them: «Descrizione: Incontro; Data: 04/03/2024» (empty ones named too)."""
    return "; ".join(f"{column.header}: {_shown(value)}" for column, value in zip(columns, values, strict=True))


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(vuota)"
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != dt.time(0) else f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def already_merged(path: Path, record: Submission) -> FileOutcome:
    why = messages.problem("already_merged", path.name, merged=f"{record.merged:%d/%m/%Y %H:%M}")
    counts = Counts(read=record.read, unchanged=record.read - record.rejected, rejected=record.rejected)
    return FileOutcome(path, record.partner or None, ALREADY_MERGED, why.what, counts, fresh=False,
                       english_reason=why.english[0])


def _removed_reject(old: Evidence, item: Return, replaced_by: int | None = None) -> Reject:
    """A row the member's newer return no longer has (or has changed: `replaced_by`, its row in the return),
    kept in Scarti with all it held: no version of a row anyone made is lost."""
    extra = old.added_columns()
    row = int(old.source_row) if isinstance(old.source_row, float) and old.source_row.is_integer() else old.source_row
    how = Reject.REMOVED if replaced_by is None else Reject.REPLACED
    by = "" if replaced_by is None else f", ora la sua riga {replaced_by}"
    why = (f"{how} «{item.path.name}» (era la riga {row} di «{old.source_file}», "
           f"ID {old.row_id}{by})" + (f"; {extra}" if extra else ""))
    # A replaced row stays in Evidenze: what a person put on it stays there.
    return Reject(str(old.partner), item.path.name, item.saved, row, why, content_values(old),
                  row_id=str(old.row_id) if replaced_by is None else "")


def _one_spelling(rows: list[Evidence]) -> list[Evidence]:
    spelling: dict[str, str] = {}
    for row in rows:
        for header, _ in row.extra:
            spelling.setdefault(header.casefold(), header)
    if all(spelling[header.casefold()] == header for row in rows for header, _ in row.extra):
        return rows
    return [row.but(extra=tuple((spelling[h.casefold()], v) for h, v in row.extra)) if row.extra else row
            for row in rows]


def evidence_row(values: tuple, partner: str, file: str, received: dt.datetime | None, row: int, row_id: str,
              extra: tuple) -> Evidence:
    """A merged row, built in one step (there can be hundreds of thousands)."""
    built = _new(Evidence)
    _set(built, "__dict__", dict(zip(_MERGED_FIELDS, (*values, partner, file, received, row, row_id, extra, None),
                                     strict=True)))
    return built


_new, _set = object.__new__, object.__setattr__


_MERGED_FIELDS = (*CONTENT_FIELDS, "partner", "source_file", "received", "source_row", "row_id", "extra", "row")


def id_prefix(partner: Member) -> str:
    """Row identities start with the partner's short name: SOSTE-3f9a2c1e."""
    return _prefix_of(partner.display_name)


def _prefix_of(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", name.upper())[:12] or "P"


def _manager_id(row: Evidence, index: int, taken: set[str]) -> str:
    return unique_id("M", f"{content_key(content_values(row))!r}|{index}", taken)


def row_seed(partner: Member, content_hash: str, row: int) -> str:
    return f"{partner.name}|{content_hash}|{row}"


def row_id(prefix: str, seed: str, attempt: int = 0) -> str:
    return f"{prefix}-{hashlib.sha1(f'{seed}|{attempt}'.encode()).hexdigest()[:8]}"


def unique_id(prefix: str, seed: str, taken: set[str]) -> str:
    for attempt in range(1000):
        candidate = row_id(prefix, seed, attempt)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("no free row identity")  # pragma: no cover - 1000 collisions of 32-bit hashes


def reason(problems: Iterable[Problem], lang: str = "it") -> str:
    """The errors, each with its place in the file: the cell alone for a row of Evidenze."""
    parts = []
    for p in problems:
        if p.warning:
            continue
        place = p.where.split(" › ", 1)[1] if " › " in p.where else ""
        if place == f"{layout.EVIDENCE} › {p.cell}":
            place = p.cell
        parts.append(f"{place + ': ' if place else ''}{said(p, lang)}")
    return "; ".join(parts)


def said(problem: Problem, lang: str = "it") -> str:
    """What is wrong and how to fix it, without the place."""
    what, fix = problem.english if lang == "en" and problem.english else (problem.what, problem.fix)
    return f"{what}: {fix}" if fix else what
