"""The mistakes managers and partners make, and the faults of disks and folders: no silent loss, no
traceback, the district file either the old one or the new one."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import digest

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.errors import XlsyncError
from xlsync.files import storage
from xlsync.partners import merge as merge_module
from xlsync.partners.compare import rows_key
from xlsync.partners.distribute import distribute, partner_file_name, write_partner
from xlsync.partners.merge import merge
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_district, read_workbook
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
        f"{ASIF} (ASIF Chimelli): unito: 1 riga letta, 1 aggiunta, 0 aggiornate, 0 invariate, 0 scartate")
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
        f"{ASIF} (ASIF Chimelli): trattenuto: toglierebbe 21 delle 22 righe di ASIF Chimelli già unite (da «{ASIF}»): "
        "se è voluto, rifare l'unione con --confirm (le righe tolte restano in «Scarti»); altrimenti chiedere a ASIF "
        "Chimelli il file completo",
        "Totale: 2 righe lette = 0 aggiunte + 0 aggiornate + 0 invariate + 0 scartate + 2 trattenute",
        f"Nessuna modifica: {district} è rimasto com'era."]
    assert run("--lang", "en", "merge", district, path).output.splitlines() == [
        f"{ASIF} (ASIF Chimelli): held back: it would remove 21 of the 22 rows of ASIF Chimelli already merged (from "
        f"«{ASIF}»): if that is meant, merge again with --confirm (the removed rows stay in “Scarti”); otherwise ask "
        "ASIF Chimelli for the whole file",
        "Total: 2 rows read = 0 added + 0 updated + 0 unchanged + 0 rejected + 2 held back",
        f"No change: {district} was left as it was."]
    assert digest(district) == before
    result = run("merge", "--confirm", district, path)
    assert result.exit_code == 0, result.output
    book = read_workbook(district)
    # the new row on the sheet's third row has nothing of the third row merged: a new row, that one removed
    assert sorted(e.description for e in book.evidence) == sorted([first.description, "Nuovo 2", "Nuovo"])
    assert len(book.rejects) == 21 and all(r.removed_by_a_return and r.file == ASIF for r in book.rejects)
    assert all(r.reason.startswith(f"tolta dall'aderente con il file «{ASIF}» (era la riga ") for r in book.rejects)


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
    english = run("--lang", "en", "merge", district, inbox).output.splitlines()
    assert ("copia del distretto.xlsx: skipped: this is a district workbook, not a partner's file: take it out of "
            "the folder of received files") in english
    assert any(line.startswith("evidenze.csv: unreadable: ") for line in english)


@pytest.mark.parametrize("elsewhere, words", [
    ({"district": "Distretto Famiglia Valsugana e Tesino"},
     "un altro distretto (il «Distretto Famiglia Valsugana e Tesino», non il «Distretto Family Audit Alta Valsugana»)"),
    ({"year": 2023}, "un altro anno (il «2023», non il «2024»)")])
def test_an_untouched_file_of_another_district_or_year_is_named_as_such(district, tmp_path, elsewhere, words):
    from dataclasses import replace

    other = replace(PROGRAMME, **elsewhere)
    path = tmp_path / "invii" / "Evidenze 2024 - Soste.xlsx"
    path.parent.mkdir()
    write_partner(other, SOSTE, path, extra_stamp={"righe": rows_key([])})  # as distribute writes it
    before = digest(district)
    result = run("merge", district, path)
    assert result.exit_code == 1  # skipped: the manager looks at what was saved in the inbox
    assert result.output.splitlines()[0] == (
        f"Evidenze 2024 - Soste.xlsx (Soste): saltato: è il file di {words}, scritto da xlsync per SOSTE SOCIETA' A "
        "RESPONSABILITA' LIMITATA e non modificato: nessuna riga da unire: controllare di aver salvato qui il file "
        "giusto, quello distribuito per questo distretto")
    assert digest(district) == before
    own = tmp_path / "propri" / path.name  # this district's own untouched file: nothing to look at
    own.parent.mkdir()
    write_partner(PROGRAMME, SOSTE, own, extra_stamp={"righe": rows_key([])})
    result = run("merge", district, own)
    assert result.exit_code == 0 and " (Soste): non modificato: è il file scritto da xlsync per" in result.output


def test_rollup_of_an_empty_folder_says_so_and_writes_nothing(tmp_path):
    (tmp_path / "vuota").mkdir()
    result = run("rollup", tmp_path / "vuota", "-o", tmp_path / "panoramica.xlsx")
    assert (result.exit_code, result.output) == (2, (
        f"Errore: {tmp_path / 'vuota'}: nessuna cartella di lavoro (.xlsx, .ods) da riepilogare: indicare i "
        "file per l'Agenzia dei distretti, o la cartella dove sono salvati\n"))
    assert not (tmp_path / "panoramica.xlsx").exists()


def test_validate_of_an_empty_folder_says_so(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 2
    assert result.output == (f"Errore: {tmp_path}: nessuna cartella di lavoro da controllare (.xlsx, .xlsm, .ods, .xls): "
                             "indicare i file ricevuti o la cartella dove sono salvati\n")


def test_a_district_saved_as_xlsm_or_xls_is_never_given_xlsx_bytes(tmp_path):
    xlsm = tmp_path / "distretto.xlsm"
    xlsm.write_bytes(b"PK\x03\x04 con macro")
    with pytest.raises(XlsyncError) as error, storage.keeping_backup(xlsm):
        pass
    assert str(error.value) == ("distretto.xlsm: xlsync riscrive il file del distretto come .xlsx o .ods: un file "
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


@pytest.mark.parametrize("lang, expected", [
    ("it", 'Errore: Evidenze 2024 - ASIF Chimelli.xlsx: il nome del file contiene spazi ed è arrivato diviso in 5 '
           'parti: scriverlo tra virgolette: "Evidenze 2024 - ASIF Chimelli.xlsx"\n'),
    ("en", 'Error: Evidenze 2024 - ASIF Chimelli.xlsx: the file\'s name has spaces and arrived split into 5 parts: '
           'put it in quotes: "Evidenze 2024 - ASIF Chimelli.xlsx"\n')])
def test_a_name_with_spaces_typed_without_quotes_is_named_once_with_the_quotes(district, tmp_path, monkeypatch,
                                                                               lang, expected):
    monkeypatch.chdir(tmp_path)
    shutil.copy(RETURNS / ASIF, tmp_path / ASIF)
    (tmp_path / "2024").mkdir()  # a word of the name that happens to be a folder changes nothing
    before = digest(district)
    for before_it, after_it in ((["merge", "distretto.xlsx"], []), (["validate"], []), (["status"], []),
                                (["diff"], ["distretto.xlsx"])):  # the last two: too many arguments for click
        result = run("--lang", lang, *before_it, *ASIF.split(" "), *after_it)
        assert (result.exit_code, result.output) == (2, expected)
    assert digest(district) == before


def test_a_district_name_typed_without_quotes_is_named_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_district(PROGRAMME, tmp_path / "distretto alta valsugana.xlsx")
    result = run("merge", "distretto", "alta", "valsugana.xlsx", RETURNS)
    assert result.exit_code == 2
    assert result.output.startswith("Errore: distretto alta valsugana.xlsx: il nome del file contiene spazi ed è "
                                    "arrivato diviso in 3 parti")


@pytest.mark.parametrize("command", ["merge", "validate", "sync", "rollup", "status", "export", "diff", "update",
                                     "distribute", "new", "import"])
def test_a_file_or_folder_that_does_not_exist_exits_2_and_changes_nothing(district, tmp_path, command):
    missing = tmp_path / "manca"
    args = {"merge": [district, RETURNS / "Evidenze 2024 - CS4.xlsx", missing], "validate": [RETURNS, missing],
            "sync": [district, "--inbox", missing], "rollup": [missing, "-o", tmp_path / "r.xlsx"],
            "status": [missing], "export": [missing, "-o", tmp_path / "a.xlsx"], "diff": [district, missing],
            "update": [missing], "distribute": [missing, "-o", tmp_path / "out"],
            "new": [missing, "-o", tmp_path / "n.xlsx"], "import": [missing, "-o", tmp_path / "n.toml"]}[command]
    before = digest(district)
    result = run(command, *args)
    assert result.exit_code == 2, result.output
    what = {"sync": "la cartella non esiste", "new": "non posso leggere il file di programma"}.get(
        command, "il file non esiste")
    assert result.output.startswith(f"Errore: {missing}: {what}") and len(result.output.splitlines()) == 1
    assert digest(district) == before and sorted(p.name for p in tmp_path.iterdir()) == ["distretto.xlsx"]


def test_sync_moves_a_members_file_in_the_other_format_aside_and_names_it(district, tmp_path):
    from xlsync.partners.sync import sync
    from xlsync.partners.update import update

    merge(district, [soste(tmp_path / "in", ["A"])])
    update(district, load(sample_path("programma-2024-alta-valsugana-variato.toml")))
    outbox = tmp_path / "da-inviare"
    outbox.mkdir()
    stale = outbox / "Evidenze 2024 - Soste.ods"  # sent earlier with distribute --format ods
    stale.write_bytes(b"the earlier file")
    (outbox / "sostituiti").mkdir()
    (outbox / "sostituiti" / stale.name).write_bytes(b"an even earlier one")
    report = sync(district, tmp_path / "in", outbox)
    moved = outbox / "sostituiti" / "Evidenze 2024 - Soste (2).ods"
    assert report.replaced == ((stale, moved),) and moved.read_bytes() == b"the earlier file"
    assert sorted(path.name for path in outbox.glob("*Soste*")) == ["Evidenze 2024 - Soste.xlsx"]
    assert report.as_json()["replaced"] == [{"file": str(stale), "moved_to": str(moved)}]
    again = sync(district, tmp_path / "in", outbox)
    assert again.replaced == () and len(again.ready) == 6


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
    from xlsync.agency import rollup
    from xlsync.files import atomic
    from xlsync.workbook import writer

    def full(path, write, ready=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    for module in (atomic, writer, rollup):  # the function, and where it is imported by name
        monkeypatch.setattr(module, "write_atomically", full)
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


# -- F. a real full disk, a real Ctrl+C ----------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 40 MB disk of its own (tmpfs), to fill: needs the right to mount one (root, on Linux)."""
    folder = tmp_path / "disco"
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(folder)], capture_output=True,
                                 text=True)
    except FileNotFoundError:
        pytest.skip("a small disk needs the mount command (Linux)")
    if mounted.returncode:
        pytest.skip(f"a small disk needs `mount -t tmpfs`, not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def leave_free(folder: Path, free: int) -> None:
    """Fill the disk of `folder` until `free` bytes are left."""
    found = os.statvfs(folder)
    with open(folder / "riempimento", "wb") as filler:
        os.posix_fallocate(filler.fileno(), 0, found.f_bavail * found.f_frsize - free)


@pytest.mark.parametrize(("free", "rows", "line"), [
    (20_000, 0, "Errore: distretto.xlsx: non riesco a mettere da parte la versione precedente (No space left on "
                "device): il file non è stato cambiato: liberare spazio sul disco e riprovare"),  # the copy kept aside
    (100_000, 0, "Errore: {district}: il disco è pieno: il file non è stato cambiato: liberare spazio sul disco e "
                 "riprovare"),  # the new version
    (1_000_000, 12_000, "Errore: {district}: il disco è pieno: il file non è stato cambiato: liberare spazio sul "
                        "disco e riprovare"),
    (10_000_000, 120_000, "Errore: {district}: il disco è pieno: il file non è stato cambiato: liberare spazio sul "
                          "disco e riprovare"),
])
@pytest.mark.parametrize("temporary_here", [False, True], ids=["temporary files elsewhere", "on the full disk too"])
def test_a_real_full_disk_gives_one_line_and_leaves_the_district_and_its_versions(small_disk, free, rows, line,
                                                                                   temporary_here, monkeypatch):
    district = small_disk / "distretto.xlsx"
    write_district(PROGRAMME, district, [Evidence(code="3.1.a", date=dt.date(2024, 3, 1 + n % 28),
                                                  description=hashlib.sha256(str(n).encode()).hexdigest())
                                         for n in range(rows)])
    merge(district, [RETURNS / "Evidenze 2024 - CS4.xlsx"])
    if temporary_here:  # the parts XlsxWriter writes before zipping them go there too: none is left behind
        (small_disk / "tmp").mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(small_disk / "tmp"))
    before = {path.name: digest(path) for path in small_disk.iterdir() if path.is_file()}
    leave_free(small_disk, free)
    result = run("merge", district, RETURNS)
    assert (result.exit_code, result.output) == (2, line.format(district=district) + "\n")
    assert {path.name: digest(path) for path in small_disk.iterdir()
            if path.is_file() and path.name != "riempimento"} == before
    assert not temporary_here or list((small_disk / "tmp").iterdir()) == []


def test_ctrl_c_at_any_moment_of_a_merge_of_300_returns_gives_one_line_and_exit_130(district, tmp_path):
    """From the moment Python has started the command (its own start-up is measured first) to the writing."""
    command = Path(sys.executable).with_name("xlsync")
    if not command.exists():
        pytest.skip("the xlsync command is not installed beside this Python")
    inbox = tmp_path / "ricevuti"
    inbox.mkdir()
    for number in range(50):
        for source in sorted(RETURNS.glob("Evidenze*")):
            shutil.copyfile(source, inbox / f"{number:02} {source.name}")
    before = digest(district)

    def started() -> float:
        began = time.monotonic()
        subprocess.run([sys.executable, "-c", "import xlsync"], check=True)
        return time.monotonic() - began

    original = tmp_path / "originale.xlsx"
    shutil.copyfile(district, original)
    start = max(started() for _ in range(3))
    interrupted = []
    for delay in (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0):
        shutil.copyfile(original, district)
        merging = subprocess.Popen([command, "merge", district, inbox], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)  # its own group, as a terminal's Ctrl+C
        time.sleep(start + delay)
        os.killpg(merging.pid, signal.SIGINT)
        out, err = merging.communicate(timeout=60)
        if merging.returncode != 130:  # a fast machine finished the merge first: done, and said so
            assert merging.returncode in (0, 1) and "Traceback" not in err and "Aggiornato" in out, delay
            continue
        if err.startswith("Interrotto dopo aver scritto"):  # stopped once the new district was whole: said so
            assert err == f"Interrotto dopo aver scritto {district}: è intero e aggiornato (la versione precedente è accanto)\n"
            continue
        interrupted.append(delay)
        assert (out, err) == ("", "Interrotto: nessun file è rimasto cambiato a metà.\n"), delay
        assert digest(district) == before
        assert sorted(path.name for path in district.parent.iterdir() if path.name.startswith(".")) in (
            [], [".distretto.xlsx.xlsync-lock"])
    assert interrupted[:2] == [0.05, 0.1]  # the earliest moments are always within the merge


def test_ctrl_c_at_any_moment_of_the_writing_leaves_the_old_district_or_the_new_one(tmp_path):
    command = Path(sys.executable).with_name("xlsync")
    if not command.exists():
        pytest.skip("the xlsync command is not installed beside this Python")
    original = tmp_path / "originale.xlsx"
    write_district(PROGRAMME, original, [Evidence(code="3.1.a", date=dt.date(2024, 3, 1 + n % 28),
                                                  description=hashlib.sha256(str(n).encode()).hexdigest())
                                         for n in range(20_000)])
    folder = tmp_path / "distretto"
    district = folder / "distretto.xlsx"

    def merging() -> subprocess.Popen:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        shutil.copyfile(original, district)
        return subprocess.Popen([command, "merge", district, RETURNS / "Evidenze 2024 - CS4.xlsx"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def uninterrupted() -> float:
        began = time.monotonic()
        assert merging().wait(timeout=120) == 0
        return time.monotonic() - began

    whole = min(uninterrupted(), uninterrupted())  # the first may be slower (files not yet cached)
    interrupted = 0
    for share in (0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        run_ = merging()
        time.sleep(whole * share)
        os.killpg(run_.pid, signal.SIGINT)
        out, err = run_.communicate(timeout=120)
        assert "Traceback" not in err
        if run_.returncode == 130 and err.startswith("Interrotto dopo aver scritto"):  # stopped once it was whole
            assert err == f"Interrotto dopo aver scritto {district}: è intero e aggiornato (la versione precedente è accanto)\n"
            assert digest(storage.backup_path(district)) == digest(original)
            assert len(read_district(district).evidence) == 20_004
        elif run_.returncode == 130:  # stopped: the district as it was, no earlier version moved, nothing left
            interrupted += 1
            assert err == "Interrotto: nessun file è rimasto cambiato a metà.\n"
            assert digest(district) == digest(original)
            assert sorted(path.name for path in folder.iterdir()) in (
                ["distretto.xlsx"], [".distretto.xlsx.xlsync-lock", "distretto.xlsx"])
        else:  # done before the Ctrl+C: the new one, the old one kept
            assert run_.returncode == 0 and digest(storage.backup_path(district)) == digest(original)
            assert len(read_district(district).evidence) == 20_004
    assert interrupted >= 3, whole
