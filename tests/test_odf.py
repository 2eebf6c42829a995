"""ODF through the year: a district, the members' files and the agency's workbook as .ods, with the
same live formulas, validation, protection and named cells as the xlsx files; stored values read by
python-calamine and LibreOffice's forced recalculation agree with the engine. Without LibreOffice an
.ods target is refused, and nothing is written."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import (
    assert_agrees,
    assert_manager_edits,
    computed,
    edit_in_libreoffice,
    manager_edits,
    needs_libreoffice,
    recalculate,
)

from xlsync.cli import cli
from xlsync.demo import CORRECTED, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.libreoffice import soffice
from xlsync.scoring.engine import shown
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_district
from xlsync.workbook.status import status

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
VARIED = sample_path(SAMPLE_PROGRAMME).with_name("programma-2024-alta-valsugana-variato.toml")


def run(*arguments: str) -> str:
    result = CliRunner().invoke(cli, [str(argument) for argument in arguments])
    assert result.exit_code in (0, 1, 2), result.output  # 2: an error, said in one line
    return result.output


def is_ods(path: Path) -> bool:
    with zipfile.ZipFile(path) as package:
        return package.read("mimetype") == ODS_MIME


def content(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("content.xml").decode("utf-8")


def run_year(folder: Path, suffix: str) -> dict[str, Path]:
    """The year of the README on a district of this suffix: new, merge, corrected return, update, sync, export."""
    folder.mkdir()
    district = folder / f"distretto{suffix}"
    run("new", sample_path(SAMPLE_PROGRAMME), "-o", district)
    first = district.read_bytes()
    run("merge", district, sample_path(SAMPLE_RETURNS))
    merged = folder / f"dopo-unione{suffix}"
    shutil.copy(district, merged)
    run("merge", district, sample_path(SAMPLE_RETURNS) / CORRECTED)
    run("update", district, VARIED)
    run("sync", district, "--inbox", sample_path(SAMPLE_RETURNS) / "dopo-la-variazione", "--outbox", folder / "invii")
    run("export", district, "-o", folder / f"agenzia{suffix}")
    (folder / f"nuovo{suffix}").write_bytes(first)
    return {"folder": folder, "district": district, "new": folder / f"nuovo{suffix}", "merged": merged,
            "agency": folder / f"agenzia{suffix}"}


@pytest.fixture(scope="module")
def year(tmp_path_factory) -> dict[str, Path]:
    return run_year(tmp_path_factory.mktemp("anno") / "ods", ".ods")


@pytest.fixture(scope="module")
def xlsx_year(tmp_path_factory) -> dict[str, Path]:
    return run_year(tmp_path_factory.mktemp("anno") / "xlsx", ".xlsx")


@needs_libreoffice
def test_every_file_of_the_year_stays_ods(year):
    for name in ("district", "new", "merged", "agency"):
        assert is_ods(year[name]), name
    assert is_ods(year["folder"] / "distretto.backup.ods")
    assert not list(year["folder"].glob("distretto*.xlsx"))


@needs_libreoffice
def test_the_ods_district_runs_the_year_as_the_xlsx_one(year, xlsx_year):
    for name in ("merged", "district"):
        ods, xlsx = status(year[name]), status(xlsx_year[name])
        assert ods == xlsx, name
    assert status(year["merged"]).value == pytest.approx(0.654, abs=5e-4)  # the README's 65,4%
    ods, xlsx = read_district(year["district"]), read_district(xlsx_year["district"])
    assert len(ods.evidence) == 50 and ods.programme == xlsx.programme
    assert [row.row_id for row in ods.evidence] == [row.row_id for row in xlsx.evidence]
    assert [(item.partner, item.outcome) for item in ods.submissions] == [
        (item.partner, item.outcome) for item in xlsx.submissions]


@needs_libreoffice
def test_stored_values_and_libreoffices_recalculation_agree_with_the_engine(year, tmp_path):
    names = ("new", "merged", "district", "agency")
    recalculated = recalculate([year[name] for name in names], tmp_path)  # one LibreOffice run
    for name, again in zip(names, recalculated, strict=True):
        result = status(year["district"] if name == "agency" else year[name])
        assert_agrees(computed(year[name]), result, f"{name}: stored values (python-calamine)")
        assert_agrees(computed(again), result, f"{name}: recalculated by LibreOffice")


@needs_libreoffice
def test_formulas_validation_protection_and_names_are_kept(year):
    xml = content(year["district"])
    assert len(re.findall(r'table:formula="of:=', xml)) > 150
    names = set(re.findall(r'<table:named-range table:name="([A-Z_]+)"', xml))
    assert {layout.PROGRAMME_REALISATION, layout.THRESHOLD, layout.OUTCOME} <= names
    tags = re.findall(r'(<table:table table:name="([^"]+)"[^>]*>)', xml)
    sheets = {name: 'table:protected="true"' in tag for tag, name in tags}
    assert sheets.pop(layout.EVIDENCE) is False and len(sheets) == 12 and all(sheets.values())
    assert ("<text:p>Data non accettata: il giorno non esiste (ad esempio 31/09: settembre ha 30 giorni) oppure la "
            "data non è del 2024. Scrivere una data del 2024 come gg/mm/aaaa, ad esempio 15/03/2024.</text:p>") in xml
    assert 'table:database-range table:name="Evidenze"' in xml


@needs_libreoffice
def test_members_on_libreoffice_get_ods_and_their_returns_merge(year, tmp_path):
    output = run("distribute", year["new"], "-o", tmp_path / "invii", "--format", "ods")
    assert output.splitlines()[-1] == f"6 file da inviare agli aderenti in {tmp_path / 'invii'}."
    files = sorted((tmp_path / "invii").iterdir())
    assert [path.suffix for path in files] == [".ods"] * 6 and all(map(is_ods, files))
    soste = next(path for path in files if path.name == "Evidenze 2024 - Soste.ods")
    returned = tmp_path / "ricevuti" / soste.name
    returned.parent.mkdir()
    edit_in_libreoffice(soste, returned, [
        {"sheet": "Evidenze", "cell": "A2", "string": "3.1.a"},
        {"sheet": "Evidenze", "cell": "B2", "date": "2024-09-09"},
        {"sheet": "Evidenze", "cell": "C2", "string": "Incontro con le famiglie"},
        {"sheet": "Evidenze", "cell": "D2", "value": 2},
    ])
    assert run("validate", returned) == "Evidenze 2024 - Soste.ods: valido (1 riga)\n"
    district = tmp_path / "distretto.ods"
    shutil.copy(year["new"], district)
    assert "unito: 1 riga letta, 1 aggiunta" in run("merge", district, returned.parent)
    assert status(district).action("3.1").value == pytest.approx(0.2)


# -- without LibreOffice ---------------------------------------------------------------------------

REFUSED = ("per scrivere un file .ods serve LibreOffice (comando soffice), che qui non è installato: "
           f"{soffice.install_hint()[0]}, oppure indicare un nome che finisce con .xlsx")


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)


def test_without_libreoffice_an_ods_target_is_refused(no_libreoffice, tmp_path):
    output = run("new", sample_path(SAMPLE_PROGRAMME), "-o", tmp_path / "distretto.ods")
    assert output == f"Errore: {tmp_path / 'distretto.ods'}: {REFUSED}\n"
    run("new", sample_path(SAMPLE_PROGRAMME), "-o", tmp_path / "distretto.xlsx")
    output = run("distribute", tmp_path / "distretto.xlsx", "-o", tmp_path / "invii", "--format", "ods")
    assert output == f"Errore: {tmp_path / 'invii' / 'Evidenze 2024 - CS4.ods'}: {REFUSED}\n"
    output = run("export", tmp_path / "distretto.xlsx", "-o", tmp_path / "agenzia.ods")
    assert output == f"Errore: {tmp_path / 'agenzia.ods'}: {REFUSED}\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["distretto.xlsx"]


@needs_libreoffice
def test_without_libreoffice_an_ods_district_is_left_as_it_was(year, tmp_path, monkeypatch):
    district = tmp_path / "distretto.ods"
    shutil.copy(year["new"], district)
    before = district.read_bytes()
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    output = run("merge", district, sample_path(SAMPLE_RETURNS))
    assert output.splitlines()[-1] == f"Errore: {district}: {REFUSED}"
    assert district.read_bytes() == before
    left = {path.name for path in tmp_path.iterdir() if not path.name.startswith(".")}
    assert left <= {"distretto.ods", "distretto.backup.ods"}  # the backup, if made, is the same file


@needs_libreoffice
def test_the_agency_reads_ods_workbooks_in_a_folder(year, tmp_path):
    received = tmp_path / "ricevuti"
    received.mkdir()
    shutil.copy(year["agency"], received / "agenzia.ods")
    shutil.copy(year["folder"] / "distretto.backup.ods", received / "distretto.backup.ods")  # a backup: not read
    output = run("rollup", received, "-o", tmp_path / "panoramica.xlsx")
    assert output == (f"Distretto Family Audit Alta Valsugana 2024: 72,7% (NON AMMISSIBILE), 50 evidenze, 8 invii\n"
                      f"Scritto {tmp_path / 'panoramica.xlsx'}.\n")


@needs_libreoffice
def test_what_a_person_made_in_an_ods_district_survives_a_merge_and_an_update(tmp_path):
    import openpyxl
    import python_calamine

    xlsx = tmp_path / "distretto.xlsx"
    run("new", sample_path(SAMPLE_PROGRAMME), "-o", xlsx)
    run("merge", xlsx, sample_path(SAMPLE_RETURNS))
    rows = read_district(xlsx).evidence
    marked = next(row for row in rows if row.partner == "Soste")
    district = edit_in_libreoffice(xlsx, tmp_path / "distretto.ods", manager_edits(marked.row, marked.description))
    width = openpyxl.load_workbook(soffice.convert(district, "xlsx", tmp_path / "prima"))["Evidenze"].column_dimensions["C"].width
    assert width != openpyxl.load_workbook(xlsx)["Evidenze"].column_dimensions["C"].width  # the person widened it
    output = run("merge", district, sample_path(SAMPLE_RETURNS) / CORRECTED)
    assert "Errore" not in output, output
    assert len(read_district(district).evidence) > len(rows)  # the corrected return's rows came in
    output = run("update", district, VARIED)  # and the write after it finds them again
    assert "Errore" not in output, output
    assert is_ods(district)
    after = read_district(district)
    row = next(r for r in after.evidence if r.row_id == marked.row_id)
    book = openpyxl.load_workbook(soffice.convert(district, "xlsx", tmp_path / "visto"))
    assert_manager_edits(book, row.row, marked.description, width)
    stored = python_calamine.CalamineWorkbook.from_path(str(district)).get_sheet_by_name("Mio").to_python()
    assert stored[0][1:3] == [len(after.evidence) + 1, pytest.approx(shown(status(district).value) * 100)]  # as shown


@needs_libreoffice
def test_a_sheet_of_an_ods_district_that_cannot_be_carried_is_named_and_the_write_refused(tmp_path):
    xlsx = tmp_path / "distretto.xlsx"
    run("new", sample_path(SAMPLE_PROGRAMME), "-o", xlsx)
    district = edit_in_libreoffice(xlsx, tmp_path / "distretto.ods", [
        {"sheet": "Evidenze", "cell": "R2", "string": "sotto la tabella, fuori da ogni riga"}])
    before = district.read_bytes()
    result = CliRunner().invoke(cli, ["merge", str(district), str(sample_path(SAMPLE_RETURNS) / CORRECTED)])
    assert result.exit_code == 2
    assert "distretto.ods › Evidenze › R2" in result.output, result.output
    assert district.read_bytes() == before  # nothing written
    forced = CliRunner().invoke(cli, ["merge", "--force", str(district), str(sample_path(SAMPLE_RETURNS) / CORRECTED)])
    assert forced.exit_code in (0, 1), forced.output
    assert is_ods(district)


@needs_libreoffice
def test_sync_refreshes_a_member_that_returned_ods_as_ods(tmp_path):
    district = tmp_path / "distretto.xlsx"
    run("new", sample_path(SAMPLE_PROGRAMME), "-o", district)
    run("merge", district, sample_path(SAMPLE_RETURNS))
    run("update", district, VARIED)
    output = run("sync", district, "--inbox", sample_path(SAMPLE_RETURNS) / "dopo-la-variazione", "--outbox",
                 tmp_path / "invii")
    refreshed = sorted(path.name for path in (tmp_path / "invii").iterdir())
    assert "Evidenze 2024 - Soste.ods" in refreshed and "Evidenze 2024 - Dial Funghi.xlsx" in refreshed
    assert is_ods(tmp_path / "invii" / "Evidenze 2024 - Soste.ods")
    assert "Soste.ods (con le sue evidenze)" in output
    written = (tmp_path / "invii" / "Evidenze 2024 - Soste.ods").read_bytes()
    again = run("sync", district, "--inbox", sample_path(SAMPLE_RETURNS) / "dopo-la-variazione", "--outbox",
                tmp_path / "invii")
    assert "erano già pronti" in again  # the .ods written is known again by its stamp: not written anew
    assert (tmp_path / "invii" / "Evidenze 2024 - Soste.ods").read_bytes() == written
