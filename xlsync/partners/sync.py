"""The manager's routine in one command: merge what is new in the inbox; when the programme has
changed since the members' files were made, write refreshed files that keep their evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync.partners.distribute import partner_file_name, write_partner
from xlsync.partners.merge import REFUSED, STATUS_TEXT, MergeReport, merge
from xlsync.programme.model import Evidence, Member
from xlsync.programme.toml_file import fingerprint
from xlsync.workbook import layout
from xlsync.workbook.reader import Workbook, read_district, read_meta

_CONTENT_FIELDS = layout.CONTENT_FIELDS


@dataclass(frozen=True)
class SyncReport:
    merge: MergeReport
    refreshed: tuple[tuple[Member, Path], ...]  # members whose files were written anew in the outbox, and where
    ready: tuple[tuple[Member, Path], ...]  # refreshed files already in the outbox from an earlier run
    current: tuple[Member, ...]  # members whose files already have the current programme

    @property
    def clean(self) -> bool:
        return self.merge.clean

    def as_json(self) -> dict[str, Any]:
        return {**self.merge.as_json(),
                "refreshed": [{"partner": member.name, "file": str(path)} for member, path in self.refreshed],
                "already_in_outbox": [{"partner": member.name, "file": str(path)} for member, path in self.ready]}


def sync(district: str | Path, inbox: str | Path, outbox: str | Path | None = None, *, tolerance_days: int = 0,
         now: dt.datetime | None = None, force: bool = False) -> SyncReport:
    """Merge the inbox; then refresh, in the outbox, the files of members that have an older programme.

    What a refreshed file holds follows from the programme and the member's latest return, so that
    pair is its key: a file in the outbox with the same key is left alone, and the district's
    evidence is read only when a file is to be written.
    """
    report = merge(district, [inbox], tolerance_days=tolerance_days, now=now, force=force)
    if outbox is None:
        return SyncReport(report, (), (), ())
    light = read_district(district, with_evidence=False)
    programme, outbox = light.programme, Path(outbox)
    current_version = fingerprint(programme)
    latest = _latest_returns(light)
    changed_since_start = bool(light.history(programme))
    todo, ready, up_to_date = [], [], []
    for member in programme.members:
        made_from, content = latest.get(member.display_name, (None, ""))
        if made_from == current_version or (made_from is None and not changed_since_start):
            up_to_date.append(member)
            continue
        path = outbox / partner_file_name(programme, member)
        key = hashlib.sha256(f"{current_version}|{content}".encode()).hexdigest()[:16]
        if _already_there(path, key):
            ready.append((member, path))
        else:
            todo.append((member, path, key))
    if todo:
        outbox.mkdir(parents=True, exist_ok=True)
        current = read_district(district)
        for member, path, key in todo:
            write_partner(current.programme, member, path, _their_rows(current, member), extra_stamp={"contenuto": key})
    return SyncReport(report, tuple((member, path) for member, path, _ in todo), tuple(ready), tuple(up_to_date))


def _latest_returns(current: Workbook) -> dict[str, tuple[str, str]]:
    """Each member's latest merged return: the programme it was made from, and its content hash."""
    latest: dict[str, tuple[dt.datetime, str, str]] = {}
    for item in current.submissions:
        if item.outcome == STATUS_TEXT[REFUSED] or not item.programme:
            continue
        when = item.received or item.merged or dt.datetime.min
        if item.partner not in latest or when >= latest[item.partner][0]:
            latest[item.partner] = (when, item.programme, item.content_hash)
    return {partner: (made, content) for partner, (_, made, content) in latest.items()}


def _their_rows(current: Workbook, member: Member) -> list[Evidence]:
    """The member's evidence as it sent it: merged rows and rejected ones (to be fixed), in its order."""
    name = member.display_name
    found: list[tuple[Any, Evidence]] = []
    for row in current.evidence:
        if row.partner == name and row.source_file:
            found.append((row.source_row, Evidence(**{field: getattr(row, field) for field in _CONTENT_FIELDS})))
    for reject in current.rejects:  # back to the member to be fixed; not those whose line the programme dropped
        if reject.partner == name and not reject.dropped_by_a_change:
            found.append((reject.source_row, Evidence(**dict(zip(_CONTENT_FIELDS, reject.values, strict=True)))))
    found.sort(key=lambda pair: pair[0] if isinstance(pair[0], (int, float)) else 0)
    return [row for _, row in found]


def _already_there(path: Path, key: str) -> bool:
    """The outbox already holds this member's refreshed file with this content: nothing to write."""
    if not path.exists():
        return False
    try:
        return read_meta(path).get("contenuto") == key
    except Exception:  # a file damaged or made by hand is simply written again
        return False
