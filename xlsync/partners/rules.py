"""The merge rules as pure code: which returns are taken, how their rows meet the district's, what is
removed, held back or rejected. Values in, decisions out: no files, locks or processes.

- A member's rows in `Evidenze` are those of its last return taken. A newer return's row is the
  same row as before when its content is the same (wherever it moved: unchanged) or, failing that,
  when it sits on the same row of the sheet (updated); other rows are added. Rows the newer return
  no longer has are removed from `Evidenze` and kept in `Scarti` with their content and the file that
  removed them.
- Returns are taken in the order they reach the district (one run after the other); within one run,
  by member, then by when each file says it was saved. No clock decides what is lost: a date only
  holds a return back, never refuses it.
- A return is held back (reported, not applied, the file left where it is) when it replaces a
  member's rows (it would remove some and change or remove most of them), when two returns of a
  member in one run do not derive from each other (the later does not keep most of the earlier's
  rows as they were: a conflict), or when it says it was saved before the member's last return taken and would change
  or remove rows. The manager applies it with `confirm`: a return that replaces a member's rows
  keeps those with the same content, and every other earlier row goes to `Scarti`, never overwritten.
- A file that is not a return (the district's or the agency's workbook, a file xlsync wrote and no
  one changed) is skipped; a return that cannot be trusted is refused, its rows in `Scarti`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from xlsync import messages
from xlsync.errors import Problem, WorkbookError
from xlsync.programme.model import Evidence, Member, Reject, Submission
from xlsync.workbook import layout
from xlsync.workbook.values import document_key

MERGED, MERGED_WITH_REJECTS, ALREADY_MERGED = "merged", "merged_with_rejects", "already_merged"
HELD, CONFLICT, OLDER_VERSION = "held", "conflict", "older_version"
REFUSED, UNREADABLE, SKIPPED, UNTOUCHED = "refused", "unreadable", "skipped", "untouched"
STATUS_TEXT = {  # as the Invii ledger and the command line say it
    MERGED: "unito",
    MERGED_WITH_REJECTS: "unito con scarti",
    ALREADY_MERGED: "già unito",
    HELD: "trattenuto",
    CONFLICT: "trattenuto (in conflitto)",
    OLDER_VERSION: "trattenuto (versione precedente?)",
    REFUSED: "rifiutato",
    UNREADABLE: "illeggibile",
    SKIPPED: "saltato",
    UNTOUCHED: "non modificato",
}
# What asks the manager to look (exit code 1); the others are done.
NEEDS_ATTENTION = {HELD, CONFLICT, OLDER_VERSION, REFUSED, UNREADABLE, SKIPPED}

CONTENT_FIELDS = layout.CONTENT_FIELDS
content_values = operator.attrgetter(*CONTENT_FIELDS)
_DOCUMENT = CONTENT_FIELDS.index("document")
_BOOLEAN_TEXT = {True: "VERO", False: "FALSO"}  # how the district stores TRUE and FALSE (sheets.common.storable)


class ReturnRow(NamedTuple):
    """A valid row of a return, ready to merge."""

    values: tuple  # the eight values a partner writes, made proper
    source_row: int  # its row in the return's sheet
    extra: tuple  # columns the partner added: (header, value)
    proposed_id: str  # the identity it gets if it is new
    cells: bytes  # the row as the district's sheet holds it with that identity


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

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.read, self.added, self.updated, self.unchanged, self.rejected, self.removed, self.held)

    def as_json(self) -> dict[str, int]:
        names = ("read", "added", "updated", "unchanged", "rejected", "removed", "held")
        return dict(zip(names, self.as_tuple(), strict=True))

    @property
    def balanced(self) -> bool:
        """Every row read is accounted for."""
        return self.read == self.added + self.updated + self.unchanged + self.rejected + self.held


@dataclass(frozen=True)
class FileOutcome:
    file: Path
    partner: str | None
    status: str
    reason: str
    counts: Counts
    problems: tuple[Problem, ...] = ()
    fresh: bool = True  # False: merged in an earlier run (its counts are the ledger's)

    @property
    def needs_attention(self) -> bool:
        return self.fresh and (self.status in NEEDS_ATTENTION or self.counts.rejected > 0)

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


def content_key(values: Iterable[Any]) -> tuple:
    """The eight values a partner writes, comparable; a document's name whatever its case (a spreadsheet's
    autocorrect capitalises "verbale-marzo.pdf": the row has not changed)."""
    key = list(map(comparable, values))  # every row of every return passes here: kept quick
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


def match(previous: Sequence[tuple[tuple, Any]], new: Sequence[tuple[tuple, Any]], by_row: bool = True) -> Match:
    """Each of `new` (content key, sheet row) continues the previous row with the same content wherever
    it moved (unchanged), else (`by_row`) the one on the same sheet row (updated), else none (added)."""
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
            if pairs[index] is None and row in same_row:
                pairs[index] = same_row.pop(row)
                used.add(pairs[index])
                updated += 1
    return Match(pairs, unchanged, updated, [index for index in range(len(previous)) if index not in used])


def plan(previous: Sequence[tuple[tuple, Any]], new: Sequence[tuple[tuple, Any]]) -> tuple[Match, bool]:
    """How a return meets a member's rows, and whether it replaces them rather than derives from them:
    it would remove some and change or remove most. A replacement keeps only the rows with the same
    content; every other earlier row is removed (so kept in Scarti), never overwritten."""
    found = match(previous, new)
    if found.removed and 2 * (len(found.removed) + found.updated) > len(previous):
        return match(previous, new, by_row=False), True
    return found, False


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
                 members: Sequence[Member], where: str = layout.EVIDENCE):
        self.members = list(members)
        self.submissions = list(submissions)
        self.known = {s.content_hash: s for s in submissions if s.content_hash}
        self.taken = {row.row_id for row in evidence if row.row_id}
        self.repairs: list[Problem] = []
        self.own, self.merged = self._sort_rows(evidence, where)
        self.rejects: dict[str, list[Reject]] = {}
        for reject in rejects:
            self.rejects.setdefault(reject.partner, []).append(reject)
        self.last_saved: dict[str, dt.datetime | None] = {}  # each member's last return taken, as it says
        for item in submissions:
            if item.outcome in (STATUS_TEXT[MERGED], STATUS_TEXT[MERGED_WITH_REJECTS]):
                self.last_saved[item.partner] = item.received
        self.rank = {member.name: index for index, member in enumerate(members)}
        self.rendered: dict[int, tuple[Evidence, bytes]] = {}  # the merged rows' cells, for the writer
        self._keys: dict[int, list] = {}  # a return's rows as compared, worked out once
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
            raise WorkbookError(str(problems[0]) if len(problems) == 1 else
                                f"{where}: {len(problems)} righe senza provenienza riconoscibile", problems)
        self.repairs = [messages.problem("provenance_repaired", where, warning=True, rows=count, partner=partner)
                        for partner, count in repaired.items()]
        return own, merged

    def order(self, item: Return) -> tuple:
        """The canonical order: unreadable files, then by partner, then oldest save first."""
        index = self.rank.get(item.partner.name, -1) if item.partner else -1
        return (index, item.saved or dt.datetime.min, item.content_hash, item.path.name)

    def take_all(self, items: Iterable[Return], now: dt.datetime, confirm: bool = False) -> list[FileOutcome]:
        """Merge returns in the canonical order; without `confirm`, hold back those the rules hold."""
        items = sorted(items, key=self.order)
        held: dict[int, FileOutcome] = {}
        if not confirm:
            groups: dict[str, list[Return]] = {}
            for item in items:
                if item.readable and item.trusted and item.skip is None and item.content_hash not in self.known:
                    group = groups.setdefault(item.name, [])
                    if all(other.content_hash != item.content_hash for other in group):
                        group.append(item)
            for name, group in groups.items():
                held.update(self._holds(name, group, now))
        return [held.get(id(item)) or self.take(item, now) for item in items]

    def _holds(self, name: str, group: list[Return], now: dt.datetime) -> dict[int, FileOutcome]:
        """The returns of one member to hold back, each with why (none: all can be taken)."""
        previous = [(content_key(content_values(row)), row.source_row) for row in self.merged.get(name, [])]
        files = sorted({str(row.source_file) for row in self.merged.get(name, [])})
        last = self.last_saved.get(name)
        reasons: list[Problem] = []
        for index, item in enumerate(group):
            if not previous and index == len(group) - 1:  # nothing it could remove or be in conflict with
                break
            new = self._keys[id(item)] = [(content_key(row.values), row.source_row) for row in item.rows]
            found, replaces = plan(previous, new)
            # Two returns of one run: the later derives from the earlier when it keeps most of its rows as they were.
            kept = match(previous, new, by_row=False).unchanged if index else 0
            if index and 2 * kept < len(previous):
                reasons.append(messages.problem(
                    "held_conflict", item.path.name, removed=len(previous) - kept, total=len(previous),
                    partner=name, others=", ".join(f"«{o.path.name}»" for o in group)))
            elif replaces:
                reasons.append(messages.problem(
                    "held_removal", item.path.name, removed=len(found.removed), total=len(previous), partner=name,
                    files=", ".join(f"«{f}»" for f in files)))
            elif (last and item.saved and item.saved < last <= now and (found.removed or found.updated)):
                reasons.append(messages.problem("held_older", item.path.name, found=f"{item.saved:%d/%m/%Y %H:%M}",
                                                merged=f"{last:%d/%m/%Y %H:%M}", partner=name))
            previous, files, last = new, [item.path.name], item.saved or last
        if not reasons:
            return {}
        # One held, all held (each later return was compared with the one before); a conflict says so for all.
        conflict = next((reason for reason in reasons if reason.key == "held_conflict"), None)
        outcomes = {}
        for item in group:
            reason = conflict or next((r for r in reasons if r.where == item.path.name), reasons[0])
            status = {"held_conflict": CONFLICT, "held_removal": HELD, "held_older": OLDER_VERSION}[reason.key]
            outcomes[id(item)] = FileOutcome(item.path, name, status, f"{reason.what}: {reason.fix}",
                                             Counts(read=item.read, held=item.read), tuple(reasons))
        return outcomes

    def take(self, item: Return, now: dt.datetime) -> FileOutcome:
        name = item.name
        if not item.readable:
            return FileOutcome(item.path, None, UNREADABLE, reason(item.file_problems), Counts(), item.file_problems)
        if item.skip is not None:
            status = UNTOUCHED if item.untouched else SKIPPED
            return FileOutcome(item.path, name, status, f"{item.skip.what}: {item.skip.fix}".rstrip(": "), Counts(),
                               (item.skip,))
        if item.content_hash in self.known:  # the same file given twice in one run
            return already_merged(item.path, self.known[item.content_hash])
        if not item.trusted:
            return self._refuse(item, now)
        counts, removed = self._merge_rows(item)
        kept = [reject for reject in self.rejects.get(name, [])
                if reject.dropped_by_a_change or reject.removed_by_a_return]
        self.rejects[name] = [*kept, *removed, *(Reject(name, item.path.name, item.saved, row, why, values)
                                                 for row, values, why in item.rejected)]
        status = MERGED_WITH_REJECTS if item.rejected else MERGED
        self._record(Submission(item.path.name, name, item.saved, now, item.content_hash, STATUS_TEXT[status],
                                *counts.as_tuple()[:6], note="; ".join(p.text() for p in item.file_problems),
                                programme=item.made_from))
        self.last_saved[name] = item.saved
        return FileOutcome(item.path, name, status, "", counts, item.problems)

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
        return FileOutcome(item.path, item.name, REFUSED, why, counts, item.problems)

    def _merge_rows(self, item: Return) -> tuple[Counts, list[Reject]]:
        partner, name = item.partner, item.name
        previous = self.merged.get(name, [])
        new = self._keys.pop(id(item), None)
        found = None
        if previous:  # a member's first return has nothing to compare with
            new = new or [(content_key(row.values), row.source_row) for row in item.rows]
            found = plan([(content_key(content_values(old)), old.source_row) for old in previous], new)[0]
        pairs = found.pairs if found else [None] * len(item.rows)
        prefix, file = id_prefix(partner), item.path.name
        result, added = [], 0
        for (values, row, extra, proposed, cells), pair in zip(item.rows, pairs, strict=True):
            if extra:
                extra = unique_extra(extra)
            if pair is None:  # new: a new identity, the one proposed unless another row has it
                if proposed in self.taken:
                    identity = unique_id(prefix, row_seed(partner, item.content_hash, row), self.taken)
                else:
                    identity = proposed
                    self.taken.add(identity)
                added += 1
            else:  # the old identity and the columns the manager added
                old = previous[pair]
                identity = old.row_id
                merged_extra = dict(old.extra)
                merged_extra.update((header, value) for header, value in extra if value is not None)
                extra = tuple(merged_extra.items())
            merged = _evidence(values, name, file, item.saved, row, identity, extra)
            if identity == proposed:
                self.rendered[id(merged)] = (merged, cells)
            result.append(merged)
        removed = [previous[index] for index in found.removed] if found else []
        for old in removed:
            self.taken.discard(old.row_id)
        self.merged[name] = result
        counts = Counts(read=item.read, added=added, updated=found.updated if found else 0,
                        unchanged=found.unchanged if found else 0, rejected=len(item.rejected), removed=len(removed))
        return counts, [_removed_reject(old, item) for old in removed]

    def evidence(self) -> list[Evidence]:
        """The manager's own rows first, as they were; then each partner's rows in the order of its sheet.
        Added columns with the same header in another case are one column."""
        own = [row if row.row_id else row.but(row_id=_manager_id(row, index, self.taken))
               for index, row in enumerate(self.own)]
        display = {member.display_name: index for index, member in enumerate(self.members)}
        partners = sorted(self.merged, key=lambda name: (display.get(name, len(display)), name))
        merged = [row for name in partners
                  for row in sorted(self.merged[name], key=lambda row: row.source_row
                                    if isinstance(row.source_row, (int, float)) else 0)]
        return _one_spelling(own + merged)

    @property
    def all_rejects(self) -> list[Reject]:
        return [reject for group in self.rejects.values() for reject in group]


def already_merged(path: Path, record: Submission) -> FileOutcome:
    why = messages.problem("already_merged", path.name, merged=f"{record.merged:%d/%m/%Y %H:%M}").what
    counts = Counts(read=record.read, unchanged=record.read - record.rejected, rejected=record.rejected)
    return FileOutcome(path, record.partner or None, ALREADY_MERGED, why, counts, fresh=False)


def _removed_reject(old: Evidence, item: Return) -> Reject:
    """A row the member's newer return no longer has, kept in Scarti with all it held."""
    extra = old.added_columns()
    row = int(old.source_row) if isinstance(old.source_row, float) and old.source_row.is_integer() else old.source_row
    why = (f"{Reject.REMOVED} «{item.path.name}» (era la riga {row} di «{old.source_file}», "
           f"ID {old.row_id})" + (f"; {extra}" if extra else ""))
    return Reject(str(old.partner), item.path.name, item.saved, row, why, content_values(old), row_id=str(old.row_id))


def _one_spelling(rows: list[Evidence]) -> list[Evidence]:
    spelling: dict[str, str] = {}
    for row in rows:
        for header, _ in row.extra:
            spelling.setdefault(header.casefold(), header)
    if all(spelling[header.casefold()] == header for row in rows for header, _ in row.extra):
        return rows
    return [row.but(extra=tuple((spelling[h.casefold()], v) for h, v in row.extra)) if row.extra else row
            for row in rows]


def _evidence(values: tuple, partner: str, file: str, received: dt.datetime | None, row: int, row_id: str,
              extra: tuple) -> Evidence:
    """A merged row, built in one step (there can be hundreds of thousands)."""
    built = object.__new__(Evidence)
    built.__dict__.update(zip(_MERGED_FIELDS, (*values, partner, file, received, row, row_id, extra, None), strict=True))
    return built


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


def reason(problems: Iterable[Problem]) -> str:
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
