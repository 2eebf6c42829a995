"""The manager's routine in one command: merge what is new in the inbox; when the programme has
changed since the members' files were made, write refreshed files that keep their evidence."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem, XlsyncError
from xlsync.libreoffice.odf import is_ods, written_as_ods
from xlsync.libreoffice.soffice import soffice
from xlsync.partners.compare import content_values, rows_key
from xlsync.partners.distribute import write_partner
from xlsync.partners.members import member_file_name
from xlsync.partners.merge import MergeReport, merge
from xlsync.partners.rules import MERGED, MERGED_WITH_REJECTS, STATUS_TEXT
from xlsync.programme.model import Evidence, Member
from xlsync.programme.toml_file import fingerprint
from xlsync.vocabulary import layout
from xlsync.workbook.reader import Workbook, read_district, read_meta

_CONTENT_FIELDS = layout.CONTENT_FIELDS
REPLACED_FOLDER = "sostituiti"  # inside the outbox


@dataclass(frozen=True)
class SyncReport:
    merge: MergeReport
    refreshed: tuple[tuple[Member, Path], ...]  # members whose files were written anew in the outbox, and where
    ready: tuple[tuple[Member, Path], ...]  # refreshed files already in the outbox from an earlier run
    current: tuple[Member, ...]  # members whose files already have the current programme
    outbox_problem: Problem | None = None  # the refreshed files could not all be written
    # A member's earlier file in the outbox in the other format (its .xlsx when the refreshed one is
    # .ods), moved into REPLACED_FOLDER so that the outbox holds one file per member: (was, now).
    replaced: tuple[tuple[Path, Path], ...] = ()

    @property
    def clean(self) -> bool:
        return self.merge.clean and self.outbox_problem is None

    def as_json(self) -> dict[str, Any]:
        return {**self.merge.as_json(),
                "refreshed": [{"partner": member.name, "file": str(path)} for member, path in self.refreshed],
                "already_in_outbox": [{"partner": member.name, "file": str(path)} for member, path in self.ready],
                "replaced": [{"file": str(was), "moved_to": str(now)} for was, now in self.replaced]}


def sync(district: str | Path, inbox: str | Path, outbox: str | Path | None = None, *, tolerance_days: int = 0,
         now: dt.datetime | None = None, confirm: bool = False, force: bool = False) -> SyncReport:
    """Merge the inbox; then refresh, in the outbox, the files of members that have an older programme.

    What a refreshed file holds follows from the programme and the member's latest return, so that
    pair is its key: a file in the outbox with the same key is left alone, and the district's
    evidence is read only when a file is to be written.
    """
    if outbox is not None:
        _check_outbox(Path(inbox), Path(outbox))
    report = merge(district, [inbox], tolerance_days=tolerance_days, now=now, confirm=confirm, force=force)
    if outbox is None:
        return SyncReport(report, (), (), ())
    light = read_district(district, with_evidence=False)
    programme, outbox = light.programme, Path(outbox)
    current_version = fingerprint(programme)
    latest = _latest_returns(light)
    changed_since_start = bool(light.history(programme))
    todo, ready, up_to_date = [], [], []
    for member in programme.members:
        made_from, content, sent = latest.get(member.display_name, (None, "", ""))
        if made_from == current_version or (made_from is None and not changed_since_start):
            up_to_date.append(member)
            continue
        path = outbox / member_file_name(programme, member, sent)
        if is_ods(path) and soffice() is None:  # where LibreOffice cannot write it, an .xlsx
            path = path.with_suffix(".xlsx")
        key = hashlib.sha256(f"{current_version}|{content}".encode()).hexdigest()[:16]
        if _already_there(path, key):
            ready.append((member, path))
        else:
            todo.append((member, path, key))
    written, replaced, problem = [], [], None
    if todo:
        current = read_district(district)
        try:
            outbox.mkdir(parents=True, exist_ok=True)
            ods = [path for _, path, _ in todo if is_ods(path)]
            with written_as_ods(ods) if ods else contextlib.nullcontext([]) as packages:
                package_of = dict(zip(ods, packages, strict=True))
                for member, path, key in todo:
                    rows = _their_rows(current, member)
                    write_partner(current.programme, member, package_of.get(path, path), rows,
                                  extra_stamp={"contenuto": key, "righe": rows_key(map(content_values, rows))})
                    written.append((member, path))
        except OSError as exc:  # the merge is done and stays: say so, and what could not be written
            problem = messages.fault(exc)
    try:
        replaced = [_move_aside(stale) for _, path in (*written, *ready) for stale in _stale_siblings(path)]
    except OSError as exc:
        problem = problem or messages.fault(exc)
    return SyncReport(report, tuple(written), tuple(ready), tuple(up_to_date), problem, tuple(replaced))


def _check_outbox(inbox: Path, outbox: Path) -> None:
    """Before anything is merged: the outbox is another folder, and one that can be made or written to."""
    if outbox.resolve() == inbox.resolve():
        raise XlsyncError.of(messages.problem("same_folder", str(outbox)))
    existing = next(folder for folder in (outbox, *outbox.parents) if folder.exists())
    if not existing.is_dir():
        raise XlsyncError.of(messages.problem("not_a_folder", str(existing)))
    if not os.access(existing, os.W_OK):
        raise XlsyncError.of(messages.problem("read_only_folder", str(existing)))


def _stale_siblings(path: Path) -> list[Path]:
    """The member's files in the outbox beside `path` in another format: the one it must not fill any more."""
    return [sibling for suffix in (".xlsx", ".ods") if suffix != path.suffix.lower()
            and (sibling := path.with_suffix(suffix)).is_file()]


def _move_aside(stale: Path) -> tuple[Path, Path]:
    """A stale file moved into the outbox's REPLACED_FOLDER, under a name not yet taken there."""
    folder = stale.parent / REPLACED_FOLDER
    folder.mkdir(exist_ok=True)
    target, number = folder / stale.name, 2
    while target.exists():
        target, number = folder / f"{stale.stem} ({number}){stale.suffix}", number + 1
    stale.rename(target)
    return stale, target


def _latest_returns(current: Workbook) -> dict[str, tuple[str, str, str]]:
    """Each member's latest merged return: the programme it was made from, its content hash, its file name."""
    latest: dict[str, tuple[dt.datetime, str, str, str]] = {}
    for item in current.submissions:
        if item.outcome not in (STATUS_TEXT[MERGED], STATUS_TEXT[MERGED_WITH_REJECTS]) or not item.programme:
            continue
        when = item.received or item.merged or dt.datetime.min
        if item.partner not in latest or when >= latest[item.partner][0]:
            latest[item.partner] = (when, item.programme, item.content_hash, item.file)
    return {partner: (made, content, file) for partner, (_, made, content, file) in latest.items()}


def _their_rows(current: Workbook, member: Member) -> list[Evidence]:
    """The member's evidence as the district has it: its merged rows in the district's order, then the rows
    rejected (to be fixed) in the order of their sheet."""
    name = member.display_name
    found = [Evidence(**{field: getattr(row, field) for field in _CONTENT_FIELDS}) for row in current.evidence
             if row.partner == name and row.source_file]
    rejected = [reject for reject in current.rejects  # not those the programme or the member itself set aside
                if reject.partner == name and not (reject.dropped_by_a_change or reject.removed_by_a_return)]
    rejected.sort(key=lambda reject: reject.source_row if isinstance(reject.source_row, (int, float)) else 0)
    return found + [Evidence(**dict(zip(_CONTENT_FIELDS, reject.values, strict=True))) for reject in rejected]


def _already_there(path: Path, key: str) -> bool:
    """The outbox already holds this member's refreshed file with this content: nothing to write."""
    if not path.exists():
        return False
    try:
        return read_meta(path).get("contenuto") == key
    except Exception:  # a file damaged or made by hand is simply written again
        return False
