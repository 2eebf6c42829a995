"""The realisation of a district workbook as the Python engine computes it."""

from __future__ import annotations

from pathlib import Path

from xlsync.scoring.engine import ProgrammeResult, score
from xlsync.workbook.reader import Workbook, read_district


def status(path: str | Path) -> ProgrammeResult:
    """Read a district workbook (also one edited in Excel or LibreOffice) and score it afresh."""
    return score_workbook(read_district(path, scoring_only=True))


def score_workbook(district: Workbook) -> ProgrammeResult:
    manual = {code: assessment.value for code, assessment in district.assessments.items()}
    return score(district.programme, district.evidence, manual)
