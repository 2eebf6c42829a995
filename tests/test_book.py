"""xlsync's own sheets found by what they hold when a person renamed them; a ledger deleted is rebuilt with a
word; never two tables of one name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import digest, edit_in_libreoffice, needs_libreoffice, save_in_libreoffice_as_installed
from openpyxl.worksheet.table import Table

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.partners.merge import merge
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
RETURNS = sample_path(SAMPLE_RETURNS)
DIAL, CS4, SOSTE = (RETURNS / name for name in ("Evidenze 2024 - Dial Funghi.xlsx", "Evidenze 2024 - CS4.xlsx",
                                                "Evidenze 2024 - Soste.ods"))
OWN = ["Istruzioni", "Evidenze", "Riepilogo", "Indicatori", "Voci", "Scarti", "Conflitti", "Invii", "Programma", "Aderenti",
       "Attori", "Metodo", "xlsync"]


def run(*args) -> object:
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture
def district(tmp_path) -> Path:
    """A district with rows, rejects (Dial Funghi's six) and a ledger of two files."""
    path = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, path)
    merge(path, [DIAL, CS4])
    return path


def edit(path: Path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def tables(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(re.search(r'displayName="([^"]*)"', archive.read(name).decode()).group(1)
                      for name in archive.namelist() if name.startswith("xl/tables/"))


def test_renamed_sheets_of_xlsync_are_found_kept_and_named_back(district):
    before = read_district(district)

    def rename(book):
        for old, new in (("Scarti", "Scarti vecchi"), ("Invii", "Registro"), ("Evidenze", "Le evidenze"),
                         ("xlsync", "dati")):
            book[old].title = new

    edit(district, rename)
    found = read_district(district)
    assert (found.evidence, found.rejects, found.submissions) == (before.evidence, before.rejects, before.submissions)
    assert found.renamed == {"Scarti vecchi": "Scarti", "Registro": "Invii", "Le evidenze": "Evidenze", "dati": "xlsync"}
    result = run("merge", district, CS4, SOSTE)  # CS4 merged before: known by the ledger found
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:5] == [
        "avviso: distretto.xlsx › Le evidenze: è il foglio «Evidenze» di xlsync, rinominato: riconosciuto da ciò "
        "che contiene: quando xlsync riscrive il file gli ridà il suo nome",
        "avviso: distretto.xlsx › Scarti vecchi: è il foglio «Scarti» di xlsync, rinominato: riconosciuto da ciò "
        "che contiene: quando xlsync riscrive il file gli ridà il suo nome",
        "avviso: distretto.xlsx › Registro: è il foglio «Invii» di xlsync, rinominato: riconosciuto da ciò che "
        "contiene: quando xlsync riscrive il file gli ridà il suo nome",
        "avviso: distretto.xlsx › dati: è il foglio «xlsync» di xlsync, rinominato: riconosciuto da ciò che contiene: "
        "quando xlsync riscrive il file gli ridà il suo nome",
        "Già unito e non cambiato: 1 file (CS4)"]
    assert openpyxl.load_workbook(district).sheetnames == OWN
    assert tables(district) == sorted(["Evidenze", "Riepilogo", "Indicatori", "Voci", "Scarti", "Conflitti", "Invii",
                                       "Aderenti", "Attori"])
    after = read_district(district)
    assert after.renamed == {} and after.notes == ()
    assert after.rejects == before.rejects
    assert [item.file for item in after.submissions] == [item.file for item in before.submissions] + [SOSTE.name]
    assert {row.row_id for row in before.evidence} < {row.row_id for row in after.evidence}


def test_a_deleted_ledger_is_rebuilt_from_the_rows_with_a_word(district):
    def drop(book):
        del book["Invii"]

    edit(district, drop)
    status = run("status", district)
    assert status.exit_code == 0
    word = ("distretto.xlsx › Invii: il foglio «Invii», l'elenco dei file uniti, mancava: ricostruito da «Evidenze» e "
            "«Scarti» (2 file): i file già uniti che arrivano di nuovo sono letti ancora e le loro righe trovate "
            "invariate; l'elenco completo è nelle versioni precedenti accanto al file (….backup.xlsx)")
    assert status.stderr == "avviso: " + word + "\n"
    result = run("merge", district, CS4, SOSTE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "avviso: " + word,
        "Evidenze 2024 - CS4.xlsx (CS4): unito: 4 righe lette, 0 aggiunte, 0 aggiornate, 4 invariate, 0 scartate",
        "Evidenze 2024 - Soste.ods (Soste): unito: 4 righe lette, 4 aggiunte, 0 aggiornate, 0 invariate, 0 scartate"]
    ledger = read_district(district).submissions
    assert [(item.file, item.outcome, item.read, item.rejected, bool(item.content_hash)) for item in ledger] == [
        (CS4.name, "unito", 4, 0, False), (DIAL.name, "unito con scarti", 8, 6, False),
        (CS4.name, "unito", 4, 0, True), (SOSTE.name, "unito", 4, 0, True)]
    assert ledger[0].note == "ricostruito da «Evidenze» e «Scarti»: il foglio «Invii» mancava"


def test_a_deleted_rejects_sheet_is_made_again_with_a_word(district):
    def drop(book):
        del book["Scarti"]

    edit(district, drop)
    result = run("merge", district, SOSTE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "avviso: distretto.xlsx › Scarti: il foglio «Scarti» mancava: ricreato vuoto: le righe scartate prima sono "
        "nelle versioni precedenti accanto al file (….backup.xlsx)")
    assert openpyxl.load_workbook(district).sheetnames == OWN


def test_a_persons_table_named_like_one_of_xlsyncs_is_refused_or_with_force_renamed(district):
    def own_table(book):
        del book["Scarti"]
        sheet = book.create_sheet("Elenco")
        sheet.append(["Nome", "Numero"])
        sheet.append(["Anna", 3])
        sheet.add_table(Table(displayName="Scarti", ref="A1:B2"))

    edit(district, own_table)
    before = digest(district)
    result = run("merge", district, SOSTE)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "  - distretto.xlsx › Elenco: il foglio contiene una tabella di nome «Scarti», come una tabella di xlsync: due "
        "tabelle con un nome renderebbero il file illeggibile: dare alla tabella un altro nome (Struttura tabella › "
        "Nome tabella), poi ripetere il comando; con --force è tenuta con il nome «Scarti_2»")
    assert digest(district) == before
    result = run("merge", "--force", district, SOSTE)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(district)  # it opens: one table of each name
    assert [row for row in book["Elenco"].values] == [("Nome", "Numero"), ("Anna", 3)]
    assert tables(district).count("Scarti") == 1 and "Scarti_2" in tables(district)


def test_two_sheets_that_both_look_like_the_ledger_are_named_and_nothing_written(district):
    def twice(book):
        book["Invii"].title = "Registro"
        book.copy_worksheet(book["Registro"]).title = "Registro 2"

    edit(district, twice)
    before = digest(district)
    result = run("merge", district, SOSTE)
    assert (result.exit_code, result.output) == (2, (
        "Errore: distretto.xlsx: più fogli contengono ciò che contiene il foglio «Invii» di xlsync: «Registro», "
        "«Registro 2»; nessun file cambiato: ridare a quello giusto il nome «Invii» (e un altro nome, o altre "
        "intestazioni, agli altri)\n"))
    assert digest(district) == before


@needs_libreoffice
def test_sheets_renamed_and_the_ledger_deleted_in_libreoffice(district, tmp_path):
    before = read_district(district)
    edit_in_libreoffice(district, district, [
        {"sheet": "Scarti", "rename": "Scarti 2024"}, {"sheet": "Evidenze", "rename": "Righe"},
        {"sheet": "Invii", "remove_sheet": True}])
    result = run("merge", district, SOSTE)
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.output.splitlines()[:3]] == [
        "avviso", "avviso", "avviso"]
    assert "ricostruito da «Evidenze» e «Scarti» (2 file)" in result.output
    after = read_district(district)
    assert [(reject.file, reject.reason) for reject in after.rejects] == [(r.file, r.reason) for r in before.rejects]
    assert [(item.file, item.read) for item in after.submissions][:2] == [(CS4.name, 4), (DIAL.name, 8)]
    assert openpyxl.load_workbook(district).sheetnames == OWN  # it opens: one table of each name
    assert sorted(tables(district)) == sorted(set(tables(district)))
    assert save_in_libreoffice_as_installed(district, tmp_path / "aperto").exists()


def test_update_names_the_renamed_sheet_and_gives_it_its_name_back(district):
    def rename(book):
        book["Voci"].title = "Le voci"

    edit(district, rename)
    result = run("update", district, sample_path("programma-2024-alta-valsugana-variato.toml"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "avviso: distretto.xlsx › Le voci: è il foglio «Voci» di xlsync, rinominato: riconosciuto da ciò che contiene: "
        "quando xlsync riscrive il file gli ridà il suo nome")
    assert openpyxl.load_workbook(district).sheetnames == OWN


def test_a_deleted_ledger_takes_the_earlier_versions_ledger_and_knows_the_files_merged(district):
    merge(district, [SOSTE])  # its earlier version now holds the ledger of Dial Funghi's and CS4's files
    merged = read_district(district).submissions

    def drop(book):
        del book["Invii"]

    edit(district, drop)
    result = run("merge", district, CS4, DIAL, SOSTE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "avviso: distretto.xlsx › Invii: il foglio «Invii», l'elenco dei file uniti, mancava: ricostruito dalla "
        "versione precedente (distretto.backup.xlsx) e da «Evidenze» e «Scarti» (3 file)",
        "Già uniti e non cambiati: 2 file (CS4, Dial Funghi)"]
    ledger = read_district(district).submissions
    assert ledger[:2] == merged[:2]  # as they were, with each file's hash
    assert [(item.file, item.note[:12]) for item in ledger[2:]] == [(SOSTE.name, "ricostruito "), (SOSTE.name, "")]
