"""The three-way merge of a return (pure code): what the district keeps of each return it merged, the
version a file was made from, and what the file changed, row by row.

A return is merged against the version it was made from, its base: the blank file xlsync wrote (no
rows) or one of the member's earlier returns. Of each merged return the district keeps, in its hidden
sheet, each row's place in the file, a digest of its content and the identity the row has in
`Evidenze`: enough to tell, for every row of a later file, whether the file changed it, whether the
district changed it since, and which row of the district it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from xlsync.partners.compare import match
from xlsync.programme.model import Evidence

_CHUNK = 30_000  # characters of one cell of the hidden sheet (a cell holds 32,767)
EMPTY = "vuoto"  # the base of a file made from the blank file, as the ledger records it


class BaseRow(NamedTuple):
    """A row of a merged return, as its later versions are compared with it."""

    row: int  # its row in the return's sheet
    digest: str  # of its content (`row_digest`)
    row_id: str  # its identity in the district's Evidenze


def encode(content_hash: str, rows: Sequence[BaseRow]) -> list[str]:
    """A return's base rows as cells of the hidden sheet: each starts with the return's content hash
    (a line), then one row a line, «row,digest,ID» (LibreOffice keeps commas and line ends in an .ods, not
    tabs). No cell starts with = + - @, which a program re-saving the workbook would take for a formula."""
    lines = [f"{row},{digest},{row_id}" for row, digest, row_id in rows
             if row_id and "," not in row_id and "\n" not in row_id and "\r" not in row_id]
    chunks, current, size = [], [], 0
    for line in lines:
        if current and size + len(line) + 1 > _CHUNK:
            chunks.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    chunks.append(current)
    return ["\n".join([content_hash, *chunk]) for chunk in chunks]


def index(cells: Iterable[str]) -> dict[str, list[str]]:
    """The stored cells by the content hash of their return (decoded when a merge needs one)."""
    found: dict[str, list[str]] = {}
    for cell in cells:
        end = cell.find("\n")  # not the cell's rest: a return's rows are thousands of characters
        found.setdefault(cell if end < 0 else cell[:end], []).append(cell)
    return found


def decode(cells: Iterable[str]) -> list[BaseRow]:
    """The base rows of one return; a line a program or a person spoiled is left out (its row is then merged
    by content)."""
    rows = []
    for cell in cells:
        for line in cell.replace("\r\n", "\n").split("\n")[1:]:
            row, _, rest = line.partition(",")
            digest, _, row_id = rest.partition(",")
            if row.isdigit() and len(digest) == 12 and row_id:
                rows.append(BaseRow(int(row), digest, row_id))
    return rows


def choose(candidates: Iterable[tuple[Any, Sequence[BaseRow]]], keys: Sequence[tuple[str, Any]], same_evidence=None):
    """The base a file (its rows as (digest, sheet row)) was most likely made from: the candidate it
    differs least from (rows it adds, changes on the same sheet row or lacks), the blank file (`None`, no
    rows) unless a candidate that shares rows with the file differs no more. Candidates come newest
    first; of two that differ as little, the newer (a typo fixed in the row a partner added last is a
    change of its last return, not a new row of the one before). Returns the base, its rows, and the
    candidate sharing the most rows with the file, if any, with its rows: when the base is the blank
    file, the file may also be that one with most of its rows deleted. `same_evidence(file row, base
    row)`: whether a row on the sheet row of a base row may be that row changed (see `plan`)."""
    best, best_rows, best_cost = None, (), len(keys)
    closest, closest_shared = None, 0
    for candidate, rows in candidates:
        found = match([(row.digest, row.row) for row in rows], keys, _pairable(same_evidence, rows))
        cost = len(keys) - found.unchanged + len(found.removed)
        if found.unchanged and (cost < best_cost or (cost == best_cost and best is None)):
            best, best_rows, best_cost = candidate, rows, cost
        if found.unchanged > closest_shared:
            closest, closest_shared = (candidate, rows), found.unchanged
    return best, best_rows, closest


class Plan(NamedTuple):
    """What a file changed against its base, row by row, and what that does to the district's rows of its
    member. Rows of the file are indexes into its rows, rows of the district into the member's rows."""

    ids: dict[int, str]  # file row → the district row it is (unchanged, updated, conflicting or deleted there)
    unchanged: int
    updates: dict[int, int]  # district row → the file row that replaces it (its content, or its provenance alone)
    same: set[int]  # the district rows among `updates` whose content the file has already: provenance alone
    added: list[int]  # file rows that are new rows
    removed: list[int]  # district rows the file deleted (to Scarti)
    conflicts: list[tuple[int | None, int | None, str]]  # (file row or None: deleted in the file, district row
    # or None: deleted in the district, identity)
    kept_deleted: list[int]  # file rows the district deleted, the file left as they were: they stay deleted


def _pairable(same_evidence, base: Sequence[BaseRow]):
    return True if same_evidence is None else (lambda index, previous: same_evidence(index, base[previous]))


def plan(rows: Sequence[Evidence], digest_of, base: Sequence[BaseRow], keys: Sequence[tuple[str, Any]],
         same_evidence=None) -> Plan:
    """Merge a file (its rows as (digest, sheet row)) made from `base` into its member's district `rows`
    (`digest_of(index)` the digest of one), as diff3 does: a row as in the base changes nothing; a row the
    file changed is applied where the district still has the base's version, a conflict where the district
    changed it another way; base rows the file lacks are removed where the district still has them as
    they were; rows not in the base are new, unless the district has the same row. A row on the sheet row
    of a base row is that row changed only when `same_evidence(file row, base row)` says it may be (it
    keeps most of what tells one piece of evidence from another): otherwise it is a new row, and the base
    row is left to the district, never replaced by a row that has nothing of it."""
    found = match([(row.digest, row.row) for row in base], keys, _pairable(same_evidence, base))
    by_id = {row.row_id: index for index, row in enumerate(rows)}
    ids: dict[int, str] = {}
    updates: dict[int, int] = {}
    same: set[int] = set()
    conflicts, kept_deleted, unpaired = [], [], []
    claimed: set[int] = set()
    unchanged = 0
    for index, pair in enumerate(found.pairs):
        if pair is None:
            unpaired.append(index)
            continue
        was, now = base[pair], keys[index][0]
        ids[index] = was.row_id
        there = by_id.get(was.row_id)
        if there is None or there in claimed:  # deleted in the district
            if now == was.digest:
                kept_deleted.append(index)
            else:
                conflicts.append((index, None, was.row_id))
            continue
        claimed.add(there)
        current = digest_of(there)
        if now == current:  # as in the district: the row now says it comes from this file
            updates[there] = index
            same.add(there)
        elif now == was.digest:  # the file left it as it was: the district's version stands
            unchanged += 1
        elif current == was.digest:
            updates[there] = index
        else:
            conflicts.append((index, there, was.row_id))
    added = []
    if unpaired:  # a new row the district already has (a copy sent twice, a row typed twice) is that row
        by_content: dict[str, list[int]] = {}
        for there in range(len(rows)):
            if there not in claimed:
                by_content.setdefault(digest_of(there), []).append(there)
        for index in unpaired:
            candidates = by_content.get(keys[index][0])
            if candidates:
                there = candidates.pop(0)
                claimed.add(there)
                ids[index] = rows[there].row_id
                updates[there] = index
                same.add(there)
            else:
                added.append(index)
    removed = []
    for pair in found.removed:  # in the base, not in the file: the partner deleted it
        was = base[pair]
        there = by_id.get(was.row_id)
        if there is None or there in claimed:
            continue
        claimed.add(there)
        if digest_of(there) == was.digest:
            removed.append(there)
        else:
            conflicts.append((None, there, was.row_id))
    return Plan(ids, unchanged + len(same), updates, same, added, removed, conflicts, kept_deleted)
