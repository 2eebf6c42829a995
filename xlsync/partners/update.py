"""Changing a district's programme during the year: evidence stays attached, percentages recompute.

The new programme comes from a programme file, or from the edits the manager made in the district
workbook's own tables. Rows whose scoring line no longer exists go to `Scarti` with the reason;
returns made from the earlier programme are still recognised and checked against the new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from xlsync import messages
from xlsync.errors import Problem, ProgrammeError
from xlsync.files import storage
from xlsync.programme.changes import Change, programme_changes
from xlsync.programme.model import Evidence, Programme, Reject, RuleKind
from xlsync.scoring.engine import ProgrammeResult, line_code_of, percents
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import WorkbookContent, write_workbook

_CONTENT_FIELDS = layout.CONTENT_FIELDS


@dataclass(frozen=True)
class UpdateReport:
    district: Path
    changes: tuple[Change, ...]
    moved_to_rejects: tuple[Evidence, ...]  # rows whose scoring line is gone
    ignored_edits: tuple[Problem, ...]  # edits in the workbook that could not be taken
    written: bool
    backup: Path | None
    result: ProgrammeResult | None
    notes: tuple[Problem, ...] = ()  # about the district itself: sheets found renamed, a ledger rebuilt

    def as_json(self) -> dict:
        return {"changes": [change.as_json() for change in self.changes],
                "moved_to_rejects": [{"row_id": row.row_id, "code": row.code} for row in self.moved_to_rejects],
                "ignored_edits": [str(note) for note in self.ignored_edits], "written": self.written,
                **(percents(self.result.value) if self.result else {"percent": None, "percent_exact": None}),
                "notes": [str(note) for note in self.notes]}


def update(district: str | Path, programme: Programme | None = None, now: dt.datetime | None = None,
           force: bool = False) -> UpdateReport:
    """Give the district workbook a new programme (or adopt the edits made in its tables)."""
    district = Path(district)
    with storage.exclusive(district):
        current = read_district(district)
        old = current.stored_programme or current.programme
        new = programme or current.programme
        if (new.district, new.year) != (old.district, old.year):
            raise messages.error("other_programme", district.name, cls=ProgrammeError, found=new.district,
                                 found_year=new.year, expected=old.district, expected_year=old.year)
        changes = tuple(programme_changes(old, new))
        if not changes:
            return UpdateReport(district, (), (), current.ignored_edits, False, None, None, current.notes)
        before = {line.code.casefold(): line.code for line in old.lines}
        after = {line.code.casefold(): line.code for line in new.lines}
        kept, gone = [], []
        for row in current.evidence:  # a row whose line the change took away; any other row stays as it is
            (gone if line_code_of(row.code, before) and not line_code_of(row.code, after) else kept).append(row)
        when = (now or dt.datetime.now()).strftime("%d/%m/%Y")
        rejects = list(current.rejects) + [
            Reject(row.partner or "", row.source_file or "", row.received, row.source_row,
                   "; ".join(filter(None, (f"{Reject.DROPPED} il {when} (ID {row.row_id})", row.added_columns()))),
                   tuple(getattr(row, name) for name in _CONTENT_FIELDS), row_id=str(row.row_id or ""))
            for row in gone]
        manual = {ind.code for ind in new.indicators if ind.kind is RuleKind.MANUAL}
        assessments = {code: a for code, a in current.assessments.items() if code in manual or a.note}
        result = write_workbook(WorkbookContent(
            new, kept, assessments, submissions=current.submissions, rejects=tuple(rejects),
            conflicts=current.conflicts, bases=current.bases, keep_from=current,
            history=current.history(new, now and now.date()), force=force), district)
    return UpdateReport(district, changes, tuple(gone), current.ignored_edits, True, storage.backups(district)[0], result,
                        current.notes)
