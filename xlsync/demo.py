"""The whole flow on the bundled sample: the 2024 programme of the Distretto Family Audit Alta Valsugana."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import programme_file
from .reader import read_assessments_csv, read_evidence_csv
from .scoring import ProgrammeResult
from .status import status
from .writer import write_district

SAMPLE_PROGRAMME = "programma-2024-alta-valsugana.toml"
SAMPLE_EVIDENCE = "evidenze-2024.csv"
SAMPLE_ASSESSMENTS = "valutazioni-2024.csv"
DISTRICT_FILE = "distretto-alta-valsugana-2024.xlsx"


@dataclass(frozen=True)
class DemoResult:
    district_file: Path
    programme_file: Path
    evidence_rows: int
    result: ProgrammeResult


def sample_path(name: str) -> Path:
    """A file of the bundled sample (samples/ in the source tree)."""
    return Path(str(resources.files("xlsync.samples").joinpath(name)))


def run_demo(out: str | Path) -> DemoResult:
    """Create the district workbook from the sample programme, add the sample evidence, read its status."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    programme_path = sample_path(SAMPLE_PROGRAMME)
    programme = programme_file.load(programme_path)
    evidence = read_evidence_csv(sample_path(SAMPLE_EVIDENCE))
    assessments = read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme)
    district = out / DISTRICT_FILE
    write_district(programme, district, evidence, assessments)
    return DemoResult(district, programme_path, len(evidence), status(district))
