"""The whole year on the bundled sample: the 2024 programme of the Distretto Family Audit Alta
Valsugana as published, its six members' returns (one with mistakes, then corrected), a change of the
programme in the middle of the year, and the agency's workbook at the end."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xlsync.agency.export import ExportReport, export
from xlsync.catalogue.commands import counted, say
from xlsync.files.atomic import write_text_atomically
from xlsync.libreoffice.soffice import soffice
from xlsync.partners.distribute import PartnerFile, distribute
from xlsync.partners.sync import SyncReport, sync
from xlsync.partners.update import UpdateReport, update
from xlsync.programme import toml_file as programme_file
from xlsync.programme.published import Check, import_text, programme_file_text, read_document
from xlsync.scoring.engine import ProgrammeResult
from xlsync.workbook.reader import read_assessments_csv
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district

PUBLISHED = "programma-2024-alta-valsugana.txt"  # the decree with the programme, as published
SAMPLE_PROGRAMME = "programma-2024-alta-valsugana.toml"  # what xlsync import reads from it
CHANGED_PROGRAMME = "programma-2024-alta-valsugana-variato.toml"
SAMPLE_EVIDENCE = "evidenze-2024.csv"
SAMPLE_ASSESSMENTS = "valutazioni-2024.csv"
SAMPLE_RETURNS = "ritorni"
CORRECTED = "corretti"  # under ritorni: Dial Funghi's return without its mistakes
AFTER_THE_CHANGE = "dopo-la-variazione"  # under ritorni: ASIF's return made from the changed programme
DISTRICT_FILE = "distretto-alta-valsugana-2024.xlsx"
AGENCY_FILE = "agenzia-alta-valsugana-2024.xlsx"


@dataclass(frozen=True)
class DemoResult:
    district_file: Path
    programme_file: Path
    checks: tuple[Check, ...]  # what the import of the published text asks the manager to check
    distributed: list[PartnerFile]
    returns: SyncReport  # the six returns
    corrected: SyncReport  # Dial Funghi's corrected return
    change: UpdateReport  # the programme changed in the middle of the year
    refreshed: SyncReport  # the members' files made again from the changed programme
    after_change: SyncReport  # ASIF's return made from the changed programme
    agency: ExportReport
    result: ProgrammeResult

    def text(self, lang: str = "it") -> str:
        """The year step by step, as `xlsync demo` tells it."""
        from xlsync.report import indent, render_export, render_status, render_sync, render_update

        def step(key: str, report: str) -> str:
            return say(key, lang) + "\n" + indent(report)

        steps = [
            say("demo imported", lang, path=self.programme_file, readings=counted(len(self.checks), "reading to check")),
            say("demo district", lang, path=self.district_file),
            say("demo distributed", lang, count=len(self.distributed), folder=self.distributed[0].path.parent),
            step("demo returns", render_sync(self.returns, lang)),
            step("demo corrected", render_sync(self.corrected, lang)),
            step("demo change", render_update(self.change)),
            step("demo refreshed", render_sync(self.refreshed, lang)),
            step("demo after change", render_sync(self.after_change, lang)),
            step("demo agency", render_export(self.agency)),
            say("demo status", lang) + "\n\n" + render_status(self.result) + "\n",
        ]
        return "\n".join([*(f"{number}. {text}" for number, text in enumerate(steps, 1)),
                          say("demo open", lang, path=self.district_file)])


def sample_path(name: str) -> Path:
    """A file of the bundled sample (samples/ in the source tree)."""
    return Path(str(resources.files("xlsync.samples").joinpath(name)))


def run_demo(out: str | Path, pdf: bool | None = None) -> DemoResult:
    """The year: import of the published programme → new → distribute → returns → a corrected
    return → a programme change → refreshed files → a return on the changed programme → the
    agency's workbook (PDF when LibreOffice is installed, or as `pdf` says)."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    published = sample_path(PUBLISHED)
    imported = import_text(read_document(published), published.name)
    programme_path = out / SAMPLE_PROGRAMME
    write_text_atomically(programme_path, programme_file_text(imported, published.name))
    programme = programme_file.load(programme_path)
    district = out / DISTRICT_FILE
    # The manager creates the district workbook and types the manual assessments (areas 6 and 7).
    write_district(programme, district, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    outbox = out / "da-inviare"
    distributed = distribute(district, outbox)
    # The members send their files back by e-mail; the manager saves them in one folder and syncs.
    inbox = out / "ricevuti"
    inbox.mkdir()
    returns = sample_path(SAMPLE_RETURNS)
    _receive(returns, inbox)
    first = sync(district, inbox, outbox)
    _receive(returns / CORRECTED, inbox)  # Dial Funghi fixes its mistakes and sends the file again
    corrected = sync(district, inbox, outbox)
    # In the middle of the year the programme changes: an action added, a percentage, a project gone.
    change = update(district, programme_file.load(sample_path(CHANGED_PROGRAMME)))
    refreshed = sync(district, inbox, outbox)  # every member gets its file again, with its evidence
    _receive(returns / AFTER_THE_CHANGE, inbox)  # ASIF records the new action in its refreshed file
    after_change = sync(district, inbox, outbox)
    agency = export(district, out / AGENCY_FILE, pdf=soffice() is not None if pdf is None else pdf)
    return DemoResult(district, programme_path, imported.checks, distributed, first, corrected, change, refreshed, after_change,
                      agency, status(district))


def _receive(folder: Path, inbox: Path) -> None:
    """Save the files of a folder in the inbox, as a manager saves e-mail attachments (over older ones)."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            shutil.copy2(path, inbox / path.name)
