"""The mistakes managers and partners make, and the faults of disks and folders: no silent loss, no
traceback, the district file either the old one or the new one."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import digest

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.errors import XlsyncError
from xlsync.partners import merge as merge_module
from xlsync.partners.distribute import distribute, partner_file_name, write_partner
from xlsync.partners.merge import merge
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.workbook import storage
from xlsync.workbook.reader import read_workbook
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
RETURNS = sample_path(SAMPLE_RETURNS)
ASIF = "Evidenze 2024 - ASIF Chimelli.xlsx"
SOSTE = PROGRAMME.members[4]
JAN = dt.datetime(2025, 1, 20, 9, 0)


def run(*args: str):
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture
def district(tmp_path) -> Path:
    path = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, path)
    return path


def soste(folder: Path, texts: list[str], name: str | None = None, saved: dt.datetime = JAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or partner_file_name(PROGRAMME, SOSTE))
    write_partner(PROGRAMME, SOSTE, path, [Evidence(code="3.1.a", date=dt.date(2024, 3, n + 1), description=text)
                                           for n, text in enumerate(texts)], saved=saved)
    return path


# -- A. rows removed by omission ---------------------------------------------------------------

def test_the_blank_files_sent_out_and_the_outbox_merged_by_mistake_change_nothing(district, tmp_path):
    merge(district, [RETURNS])
    before = digest(district)
    distribute(district, tmp_path / "da-inviare")
    result = run("merge", district, tmp_path / "da-inviare")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Evidenze 2024 - CS4.xlsx (CS4): non modificato: è il file scritto da xlsync per C.S.4. SOCIETA' COOPERATIVA "
        "SOCIALE O.N.L.U.S., senza modifiche: nessuna riga da unire")
    assert result.output.splitlines()[-2:] == ["Totale: 0 righe lette = 0 aggiunte + 0 aggiornate + 0 invariate + 0 scartate",
                                               f"Nessuna modifica: {district} è rimasto com'era."]
    assert digest(district) == before


def test_a_return_holding_only_a_new_row_adds_it_and_one_keeping_one_row_is_held(district, tmp_path):
    """Issue 22 changed the first half: a file with only new rows is a copy of the blank file and only adds."""
    merge(district, [RETURNS / ASIF])
    member = next(m for m in PROGRAMME.members if m.display_name == "ASIF Chimelli")
    path = tmp_path / "nuovo" / ASIF
    path.parent.mkdir()
    new = Evidence(code="3.1.a", date=dt.date(2024, 5, 2), description="Nuovo")
    write_partner(PROGRAMME, member, path, [new])
    result = run("merge", district, path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        f"{ASIF} (ASIF Chimelli): unito: 1 righe lette, 1 aggiunte, 0 aggiornate, 0 invariate, 0 scartate")
    assert len(read_workbook(district).evidence) == 23
    # a file keeping one of the 22 rows merged and adding one: most of them deleted, or a copy of the blank file?
    first = read_workbook(RETURNS / ASIF).evidence[0]
    path = tmp_path / "pochi" / ASIF
    path.parent.mkdir()
    write_partner(PROGRAMME, member, path, [first.but(row=None), new.but(description="Nuovo 2")])
    before = digest(district)
    result = run("merge", district, path)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{ASIF} (ASIF Chimelli): trattenuto: toglierebbe 20 delle 22 righe di ASIF Chimelli già unite (da «{ASIF}»): "
        "se è voluto, rifare l'unione con --confirm (le righe tolte restano in «Scarti»); altrimenti chiedere a ASIF "
        "Chimelli il file completo",
        "Totale: 2 righe lette = 0 aggiunte + 0 aggiornate + 0 invariate + 0 scartate + 2 trattenute",
        f"Nessuna modifica: {district} è rimasto com'era."]
    assert digest(district) == before
    result = run("merge", "--confirm", district, path)
    assert result.exit_code == 0, result.output
    book = read_workbook(district)
    # the new row on the sheet's third row is taken for a change of the third row merged, kept in Scarti
    assert [e.description for e in book.evidence] == [first.description, "Nuovo 2", "Nuovo"]
    assert len(book.rejects) == 21 and all(r.removed_by_a_return and r.file == ASIF for r in book.rejects)
    assert book.rejects[0].reason.startswith(f"tolta dall'aderente con il file «{ASIF}» (era la riga 4 di «{ASIF}», ID ")
    assert book.rejects[-1].reason.startswith(f"cambiata dall'aderente con il file «{ASIF}» (era la riga 3 di ")


def test_two_colleagues_copies_of_the_blank_file_both_add(district, tmp_path):
    """Issue 22 changed this test: the two copies were a conflict, held back."""
    soste(tmp_path / "in", ["Anna 1", "Anna 2"], name="Soste di Anna.xlsx")
    soste(tmp_path / "in", ["Bruno 1", "Bruno 2", "Bruno 3"], name="Soste di Bruno.xlsx", saved=JAN + dt.timedelta(hours=2))
    result = run("merge", district, tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert [e.description for e in read_workbook(district).evidence] == ["Anna 1", "Anna 2", "Bruno 1", "Bruno 2",
                                                                         "Bruno 3"]


# -- B, G. what is newer, exit codes ---------------------------------------------------------------

def test_merging_again_with_nothing_new_exits_0_even_with_old_rejects(district):
    assert run("merge", district, RETURNS).exit_code == 1  # Dial Funghi's rows rejected now
    again = run("merge", district, RETURNS)
    assert again.exit_code == 0
    assert again.output.splitlines()[-2] == ("Totale: 54 righe lette = 0 aggiunte + 0 aggiornate + 48 invariate + "
                                             "6 scartate")


def test_a_partner_clock_in_the_future_does_not_make_its_later_returns_older(district, tmp_path):
    soste(tmp_path / "v1", ["A", "B"], saved=dt.datetime(2030, 6, 1))
    soste(tmp_path / "v2", ["A", "B, corretto", "C"], saved=JAN)
    merge(district, [tmp_path / "v1"])
    report = merge(district, [tmp_path / "v2"])
    assert [f.status for f in report.files] == ["merged"]
    assert [e.description for e in read_workbook(district).evidence] == ["A", "B, corretto", "C"]


# -- C. the manager's edits to xlsync's columns ----------------------------------------------------

def test_a_cleared_id_column_is_rebuilt_and_the_next_return_adds_no_duplicate(district, tmp_path):
    soste(tmp_path / "v1", ["A", "B"])
    merge(district, [tmp_path / "v1"])
    book = openpyxl.load_workbook(district)
    sheet = book["Evidenze"]
    for row in (2, 3):
        sheet.cell(row, 13).value = None  # ID
    sheet.cell(3, 10).value = None  # File
    book.save(district)
    soste(tmp_path / "v2", ["A", "B", "C"], saved=JAN + dt.timedelta(days=1))
    result = run("merge", district, tmp_path / "v2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "avviso: distretto.xlsx › Evidenze: 2 righe di Soste avevano le colonne di provenienza (Partner, File o ID) "
        "svuotate: ricostruite: non modificare le colonne Partner, File, Ricevuto il, Riga origine e ID")
    rows = read_workbook(district).evidence
    assert [e.description for e in rows] == ["A", "B", "C"]
    assert all(e.row_id and e.source_file for e in rows)


# -- D. files in the wrong place -------------------------------------------------------------------

def test_a_district_or_agency_copy_in_the_inbox_is_skipped_and_a_csv_named(district, tmp_path):
    inbox = tmp_path / "invii"
    inbox.mkdir()
    shutil.copy(district, inbox / "copia del distretto.xlsx")
    (inbox / "evidenze.csv").write_text("Codice;Data\n3.1.a;04/03/2024\n", encoding="utf-8")
    shutil.copy(RETURNS / "Evidenze 2024 - CS4.xlsx", inbox)
    result = run("merge", district, inbox)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert ("copia del distretto.xlsx: saltato: è la cartella di lavoro di un distretto, non il file di un aderente: "
            "toglierlo dalla cartella dei file ricevuti") in lines
    assert any(line.startswith("evidenze.csv: illeggibile: è un file di testo (CSV)") for line in lines)
    book = read_workbook(district)
    assert book.rejects == () and {e.partner for e in book.evidence} == {"CS4"}


def test_validate_of_an_empty_folder_says_so(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 2
    assert result.output == (f"Errore: {tmp_path}: nessuna cartella di lavoro da controllare (.xlsx, .xlsm, .ods, .xls): "
                             "indicare i file ricevuti o la cartella dove sono salvati\n")


def test_a_district_saved_as_xlsm_or_xls_is_never_given_xlsx_bytes(tmp_path):
    xlsm = tmp_path / "distretto.xlsm"
    xlsm.write_bytes(b"PK\x03\x04 con macro")
    with pytest.raises(XlsyncError) as error:
        storage.keep_backup(xlsm)
    assert str(error.value) == ("distretto.xlsm: xlsync riscrive la cartella del distretto come .xlsx o .ods: un file "
                                ".xlsm diventerebbe illeggibile: salvarla come .xlsx (File › Salva con nome › Excel "
                                "2007-365) e indicare quella")
    assert xlsm.read_bytes() == b"PK\x03\x04 con macro"


def test_export_never_overwrites_the_district_or_a_partners_file(district, tmp_path):
    before = digest(district)
    result = run("export", district, "-o", district, "--force")
    assert result.exit_code == 2
    assert result.output == ("Errore: distretto.xlsx: è la cartella di lavoro del distretto: non viene sovrascritto, "
                             "nemmeno con --force: indicare un altro nome\n")
    partner = soste(tmp_path / "p", ["A"])
    result = run("export", district, "-o", partner, "--force")
    assert result.exit_code == 2 and "è il file di un aderente: non viene sovrascritto" in result.output
    assert digest(district) == before


def test_sync_refuses_the_same_folder_as_inbox_and_outbox(district, tmp_path):
    inbox = tmp_path / "invii"
    shutil.copytree(RETURNS, inbox)
    before = digest(district)
    result = run("sync", district, "--inbox", inbox, "--outbox", inbox)
    assert result.exit_code == 2
    assert result.output.startswith(f"Errore: {inbox}: la cartella dei file ricevuti e quella dei file da inviare sono "
                                    "la stessa")
    assert digest(district) == before


# -- E. faults ----------------------------------------------------------------------------------

def test_a_full_disk_while_the_previous_version_is_kept_changes_nothing(district, tmp_path, monkeypatch):
    merge(district, [RETURNS / "Evidenze 2024 - CS4.xlsx"])
    backup = storage.backup_path(district)
    before, kept = digest(district), digest(backup)

    def full(source, target):
        Path(target).write_bytes(Path(source).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.shutil, "copy2", full)
    result = run("merge", district, RETURNS / "Evidenze 2024 - Soste.ods")
    assert result.exit_code == 2
    assert result.output == ("Errore: distretto.xlsx: non riesco a mettere da parte la versione precedente (No space "
                             "left on device): il file non è stato cambiato: liberare spazio sul disco e riprovare\n")
    assert (digest(district), digest(backup)) == (before, kept)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".distretto.xlsx.xlsync-lock"]


def test_the_last_three_versions_are_kept(district, tmp_path):
    versions = [digest(district)]
    for name in ("CS4", "Soste", "Dial Funghi"):
        path = next(RETURNS.glob(f"Evidenze 2024 - {name}.*"))
        merge(district, [path])
        versions.append(digest(district))
    assert [digest(storage.backup_path(district, n)) for n in (1, 2, 3)] == versions[2::-1]
    assert storage.backup_path(district, 3).name == "distretto.3.backup.xlsx"


def test_a_read_only_district_file_is_not_replaced(district):
    district.chmod(0o444)
    before = digest(district)
    result = run("merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx")
    assert result.exit_code == 2
    assert result.output == ("Errore: distretto.xlsx: il file è di sola lettura: non viene cambiato: togliere la "
                             "protezione (Proprietà › Sola lettura) e riprovare\n")
    assert digest(district) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="an administrator writes in read-only folders")
def test_a_read_only_folder(district):
    district.parent.chmod(0o555)
    try:
        result = run("merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx")
    finally:
        district.parent.chmod(0o755)
    assert result.exit_code == 2 and "nella cartella non si può scrivere: nessun file cambiato" in result.output


def test_a_missing_output_folder_and_an_outbox_that_cannot_be_made(district, tmp_path):
    result = run("export", district, "-o", tmp_path / "manca" / "agenzia.xlsx")
    assert result.exit_code == 2
    assert result.output == f"Errore: {tmp_path / 'manca'}: la cartella non esiste: crearla, o indicarne un'altra\n"
    blocked = tmp_path / "uscita"
    blocked.write_text("un file, non una cartella", encoding="utf-8")
    before = digest(district)
    result = run("sync", district, "--inbox", RETURNS, "--outbox", blocked / "sotto")
    assert result.exit_code == 2 and result.output.startswith("Errore: ")
    assert digest(district) == before  # refused before anything was merged


def test_a_full_disk_while_writing_and_ctrl_c_give_a_message_and_the_old_file(district, monkeypatch):
    before = digest(district)

    def full(content, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(merge_module, "write_workbook", full)
    result = run("merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx")
    assert result.exit_code == 2
    assert result.output == (f"Errore: {district}: il disco è pieno: il file non è stato cambiato: liberare spazio sul "
                             "disco e riprovare\n")

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(merge_module, "read_district", stopped)
    result = run("merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx")
    assert result.exit_code == 130
    assert result.output == "Interrotto: nessun file è rimasto cambiato a metà.\n"
    assert digest(district) == before


def test_a_named_pipe_given_as_a_return_is_not_waited_for(district, tmp_path):
    pipe = tmp_path / "ritorno.xlsx"
    os.mkfifo(pipe)
    result = run("merge", district, pipe, RETURNS / "Evidenze 2024 - CS4.xlsx")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("ritorno.xlsx: illeggibile: non è un file normale (una pipe, un "
                                             "dispositivo): non viene letto: indicare un file salvato da Excel o "
                                             "LibreOffice")
    assert {e.partner for e in read_workbook(district).evidence} == {"CS4"}


def test_stale_temporary_files_of_this_district_go_and_another_files_stay(district, tmp_path):
    own = tmp_path / ".distretto-k3j2h1ab.xlsx"
    other = tmp_path / ".distretto-2025-k3j2h1ab.xlsx"  # being written for distretto-2025.xlsx
    for path in (own, other):
        path.write_bytes(b"half written")
    merge(district, [RETURNS / "Evidenze 2024 - CS4.xlsx"])
    assert not own.exists() and other.exists()


# -- F. headers partners make --------------------------------------------------------------------

def test_repeated_and_odd_headers_keep_their_data_and_never_block_the_other_returns(district, tmp_path):
    path = soste(tmp_path / "in", ["A", "B"])
    book = openpyxl.load_workbook(path)
    sheet = book["Evidenze"]
    for column, header in ((9, "Descrizione"), (10, "Foto"), (11, "foto"), (12, "Link\tal\nsito"), (13, "x" * 300)):
        sheet.cell(1, column).value = header
        sheet.cell(2, column).value = f"valore {column}"
    book.save(path)
    shutil.copy(RETURNS / "Evidenze 2024 - CS4.xlsx", tmp_path / "in")
    result = run("merge", district, tmp_path / "in")
    assert result.exit_code == 0, result.output
    rows = {e.description: e for e in read_workbook(district).evidence}
    assert dict(rows["A"].extra) == {"Descrizione (2)": "valore 9", "Foto": "valore 10", "foto (2)": "valore 11",
                                     "Link al sito": "valore 12", "x" * 255: "valore 13"}
    assert "CS4" in {e.partner for e in rows.values()}
    with zipfile.ZipFile(district) as archive:  # the table's column names are its header cells
        table = next(n for n in archive.namelist() if n.startswith("xl/tables/"))
        assert 'name="Descrizione (2)"' in archive.read(table).decode()


# -- every command under faults ------------------------------------------------------------------

def _commands(district: Path, tmp_path: Path) -> dict[str, list]:
    programme = sample_path(SAMPLE_PROGRAMME)
    return {
        "new": ["new", programme, "-o", tmp_path / "nuovo.xlsx"],
        "import": ["import", sample_path("programma-2024-alta-valsugana.txt"), "-o", tmp_path / "p.toml"],
        "distribute": ["distribute", district, "-o", tmp_path / "da-inviare"],
        "merge": ["merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx"],
        "sync": ["sync", district, "--inbox", RETURNS],
        "update": ["update", district, sample_path("programma-2024-alta-valsugana-variato.toml")],
        "export": ["export", district, "-o", tmp_path / "agenzia.xlsx"],
        "rollup": ["rollup", district, "-o", tmp_path / "panoramica.xlsx"],
    }


@pytest.mark.parametrize("command", ["new", "import", "distribute", "merge", "sync", "update", "export", "rollup"])
def test_every_command_that_writes_says_the_disk_is_full_and_leaves_the_district_whole(district, tmp_path, monkeypatch,
                                                                                        command):
    from xlsync.workbook import writer

    def full(path, write):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    from xlsync.agency import rollup

    monkeypatch.setattr(writer, "write_atomically", full)
    monkeypatch.setattr(rollup, "write_atomically", full)
    before = digest(district)
    result = run(*_commands(district, tmp_path)[command])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Errore: ") and "il disco è pieno" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert digest(district) == before


@pytest.mark.parametrize("command", ["status", "validate", "merge", "sync", "update", "diff", "export", "rollup",
                                     "distribute"])
def test_every_command_given_a_pipe_or_a_missing_file_answers_with_one_line(tmp_path, command):
    pipe = tmp_path / "distretto.xlsx"
    os.mkfifo(pipe)
    args = {"status": [pipe], "validate": [pipe], "merge": [pipe, RETURNS], "sync": [pipe, "--inbox", RETURNS],
            "update": [pipe], "diff": [pipe, tmp_path / "manca.xlsx"], "export": [pipe, "-o", tmp_path / "a.xlsx"],
            "rollup": [pipe, "-o", tmp_path / "r.xlsx"], "distribute": [pipe, "-o", tmp_path / "out"]}[command]
    result = run(command, *args)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert "distretto.xlsx: non è un file normale (una pipe, un dispositivo)" in result.output


def test_the_refreshed_files_of_sync_merged_back_unchanged_change_nothing(tmp_path):
    from xlsync.partners.sync import sync
    from xlsync.partners.update import update

    district = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, district)
    merge(district, [RETURNS])
    update(district, load(sample_path("programma-2024-alta-valsugana-variato.toml")))
    (tmp_path / "vuota").mkdir()
    refreshed = sync(district, tmp_path / "vuota", tmp_path / "da-inviare").refreshed
    assert len(refreshed) == 6
    before = digest(district)
    report = merge(district, [tmp_path / "da-inviare"])
    assert {outcome.status for outcome in report.files} == {"untouched"}
    assert report.clean and not report.written and digest(district) == before
