"""A district's workbook as objects, for Python users: `xlsync.open_district(path)`.

Every command is a call of `xlsync.application` (which the command line and the office suites' add-ins
run); this is how a district reads as plain values. The agency's analysts can open the consolidated
workbooks they receive the same way and take the evidence and the figures into pandas.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlsync import messages
from xlsync.errors import XlsyncError
from xlsync.programme.model import Assessment, Evidence, Programme, Reject, Submission
from xlsync.scoring.engine import ProgrammeResult, line_code_of, score
from xlsync.workbook.reader import read_district

if TYPE_CHECKING:
    import pandas

# The evidence frame's columns: the row's own fields, then where it counts in the programme.
EVIDENCE_FIELDS = tuple(field.name for field in dataclasses.fields(Evidence) if field.name not in ("extra", "row"))


@dataclass(frozen=True)
class District:
    """A district workbook (or the agency's workbook made from one) as plain values."""

    path: Path
    programme: Programme
    evidence: tuple[Evidence, ...]
    assessments: Mapping[str, Assessment]  # the manager's manual percentages, by indicator code
    submissions: tuple[Submission, ...]  # the returns merged (sheet «Invii»)
    rejects: tuple[Reject, ...]  # the rows set aside (sheet «Scarti»)

    def status(self) -> ProgrammeResult:
        """The realisation of every action and of the programme, computed afresh from the evidence."""
        manual = {code: assessment.value for code, assessment in self.assessments.items()}
        return score(self.programme, self.evidence, manual)

    def evidence_frame(self) -> pandas.DataFrame:
        """One row per piece of evidence: its fields, the scoring line it documents, and that line's
        indicator and action (empty where the code names no line of the programme)."""
        pandas = _pandas()
        keys = {line.code.casefold(): line.code for line in self.programme.lines}
        owners = {line.code: (indicator.code, action.code) for action in self.programme.actions
                  for indicator in action.indicators for line in indicator.lines}
        records = []
        for row in self.evidence:
            line = line_code_of(row.code, keys)
            indicator, action = owners.get(line, (None, None))
            records.append({**{name: getattr(row, name) for name in EVIDENCE_FIELDS},
                            "sheet_row": row.row, "line": line, "indicator": indicator, "action": action})
        columns = [*EVIDENCE_FIELDS, "sheet_row", "line", "indicator", "action"]
        return pandas.DataFrame.from_records(records, columns=columns)

    def status_frame(self) -> pandas.DataFrame:
        """One row per indicator: its action, both realisations (0–1) and what is still missing."""
        pandas = _pandas()
        result = self.status()
        records = [
            {"action": action.code, "action_title": action.title, "area": action.area, "counts": action.counts,
             "action_realisation": action.value, "indicator": indicator.code, "indicator_text": indicator.text,
             "kind": indicator.kind.value, "indicator_realisation": indicator.value, "missing": indicator.missing,
             "rows": indicator.rows}
            for action in result.actions for indicator in action.indicators
        ]
        return pandas.DataFrame.from_records(records, columns=list(records[0]) if records else None)


def open_district(path: str | Path) -> District:
    """Read a district workbook (also one edited in Excel or LibreOffice, or the agency's workbook)."""
    workbook = read_district(path, also_agency=True)
    return District(Path(path), workbook.programme, workbook.evidence, dict(workbook.assessments),
                    workbook.submissions, workbook.rejects)


def _pandas():
    try:
        import pandas
    except ImportError:
        raise XlsyncError.of(messages.problem("pandas_missing", "")) from None
    return pandas
