"""The whole yearly flow on the bundled sample: the 2024 programme of the Distretto Family Audit
Alta Valsugana, its six members' returns (one with mistakes, then corrected)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import programme_file
from .distribute import PartnerFile, distribute
from .merge import MergeReport, merge
from .reader import read_assessments_csv
from .scoring import ProgrammeResult
from .status import status
from .writer import write_district

SAMPLE_PROGRAMME = "programma-2024-alta-valsugana.toml"
SAMPLE_EVIDENCE = "evidenze-2024.csv"
SAMPLE_ASSESSMENTS = "valutazioni-2024.csv"
SAMPLE_RETURNS = "ritorni"
CORRECTED = "corretti"
DISTRICT_FILE = "distretto-alta-valsugana-2024.xlsx"


@dataclass(frozen=True)
class DemoResult:
    district_file: Path
    programme_file: Path
    distributed: list[PartnerFile]
    first_merge: MergeReport
    second_merge: MergeReport
    result: ProgrammeResult


def sample_path(name: str) -> Path:
    """A file of the bundled sample (samples/ in the source tree)."""
    return Path(str(resources.files("xlsync.samples").joinpath(name)))


def run_demo(out: str | Path) -> DemoResult:
    """new → distribute → the partners' returns → merge → a corrected return → merge → status."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    programme_path = sample_path(SAMPLE_PROGRAMME)
    programme = programme_file.load(programme_path)
    district = out / DISTRICT_FILE
    # The manager creates the district workbook and types the manual assessments (areas 6 and 7).
    write_district(programme, district, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    distributed = distribute(district, out / "da-inviare")
    # The partners send their files back by e-mail: the manager saves them in a folder.
    received = out / "ricevuti"
    returns = sample_path(SAMPLE_RETURNS)
    received.mkdir()
    for path in sorted(returns.iterdir()):
        if path.is_file():
            shutil.copy2(path, received / path.name)
    first = merge(district, [received])
    # Dial Funghi fixes its mistakes and sends the file again.
    corrected = out / "ricevuti-dopo-correzioni"
    shutil.copytree(returns / CORRECTED, corrected)
    second = merge(district, [corrected])
    return DemoResult(district, programme_path, distributed, first, second, status(district))
