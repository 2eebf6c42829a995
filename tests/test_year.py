"""A year with a programme change: update (both routes), sync of inbox and outbox, the agency's
workbook and PDF, diff and the province roll-up, on the bundled sample."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import assert_agrees, computed, digest, edit_in_libreoffice, needs_libreoffice, recalculate

from xlsync.agency.export import export
from xlsync.agency.rollup import rollup
from xlsync.cli import cli
from xlsync.demo import (
    AFTER_THE_CHANGE,
    CHANGED_PROGRAMME,
    CORRECTED,
    SAMPLE_ASSESSMENTS,
    SAMPLE_PROGRAMME,
    SAMPLE_RETURNS,
    run_demo,
    sample_path,
)
from xlsync.errors import XlsyncError
from xlsync.files import safety
from xlsync.libreoffice import soffice as libreoffice
from xlsync.partners.diff import ADDED, CHANGED, RECEIVED_AGAIN, REMOVED, diff
from xlsync.partners.distribute import write_partner
from xlsync.partners.merge import merge
from xlsync.partners.sync import sync
from xlsync.partners.update import update
from xlsync.programme.changes import programme_changes
from xlsync.programme.model import Evidence, Reject
from xlsync.programme.toml_file import fingerprint, load
from xlsync.report import render_sync
from xlsync.scoring.engine import area_values, format_percent, shown
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_assessments_csv, read_district, read_workbook
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
CHANGED_PROG = load(sample_path(CHANGED_PROGRAMME))
RETURNS = sample_path(SAMPLE_RETURNS)
ASIF = next(member for member in PROGRAMME.members if member.display_name == "ASIF Chimelli")


def percent(result) -> str:
    return format_percent(result.value)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("anno") / "demo", pdf=False)


@pytest.fixture
def merged(tmp_path) -> Path:
    """The district with the six returns and the corrected one merged, before the change."""
    path = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), PROGRAMME))
    merge(path, [RETURNS])
    merge(path, [RETURNS / CORRECTED])
    return path


# -- the year of the sample ---------------------------------------------------------------------

def test_the_year_of_the_sample(year):
    assert (percent(year.returns.merge.result), year.returns.merge.result.eligible) == ("75,4%", False)
    assert (percent(year.corrected.merge.result), year.corrected.merge.result.eligible) == ("82,1%", True)
    assert [str(change) for change in year.change.changes] == [
        "3.4: azione aggiunta: Restituire agli aderenti i risultati del Distretto",
        "4.2.a: percentuale: 25% → 20%",
        "P06: azione tolta: CONVENZIONI"]
    assert [row.code for row in year.change.moved_to_rejects] == ["P06.a"]
    # the new action has no evidence yet, 4.2 needs five press releases instead of four, P06 is gone
    assert (percent(year.change.result), year.change.result.eligible) == ("77,2%", False)  # 77.25%: rounded down
    assert year.change.result.value == pytest.approx(0.7725, abs=1e-12)
    assert year.change.result.action("3.4").value == 0.0
    assert year.change.result.action("4.2").value == pytest.approx(3 * 0.2)
    # the refresh merges nothing and writes each member's file again
    assert not year.refreshed.merge.written
    assert len(year.refreshed.refreshed) == 6
    # ASIF's return made from the changed programme: its rows as before and the new action's
    asif = next(f for f in year.after_change.merge.files if f.partner == "ASIF Chimelli")
    assert (asif.status, asif.counts.read, asif.counts.added, asif.counts.unchanged) == ("merged", 22, 1, 21)
    assert year.after_change.merge.result.action("3.4").value == 1.0
    assert (percent(year.result), year.result.eligible) == ("82,2%", True)
    current = read_district(year.district_file)
    assert fingerprint(current.programme) == fingerprint(CHANGED_PROG)
    assert year.result == status(year.district_file)
    assert_agrees(computed(year.district_file), year.result, "district after the year")


def test_the_row_dropped_by_the_change_stays_in_scarti_with_its_reason(year):
    """A member's newer return replaces its rejects, but not the district's record of the change."""
    rejects = [r for r in read_district(year.district_file).rejects if not r.reason.startswith(Reject.REPLACED)]
    assert [(r.partner, r.values[0], r.values[2]) for r in rejects] == [
        ("ASIF Chimelli", "P06.a", "Convenzione con uno studio di psicologia del territorio")]
    assert rejects[0].dropped_by_a_change
    assert rejects[0].reason.startswith(Reject.DROPPED)


def test_refreshed_files_keep_each_members_evidence_on_the_new_programme(year):
    current = read_district(year.district_file)
    for member, path in year.refreshed.refreshed:
        refreshed = read_workbook(path)
        assert fingerprint(refreshed.programme) == fingerprint(CHANGED_PROG), member.name
        assert refreshed.meta["partner"] == member.name
        rows = [row for row in current.evidence if row.partner == member.display_name]
        if member.display_name == "ASIF Chimelli":  # refreshed before it sent the new action's row
            rows = [row for row in rows if not str(row.code).startswith("3.4.a")]
        assert [(r.code, r.date, r.description) for r in refreshed.evidence] == [
            (r.code, r.date, r.description) for r in rows], member.name
    asif = read_workbook(year.district_file.parent / "da-inviare" / "Evidenze 2024 - ASIF Chimelli.xlsx")
    assert "P06.a" not in {str(row.code) for row in asif.evidence}  # its line is gone: not sent back


def test_a_second_sync_with_nothing_new_changes_nothing(year, tmp_path):
    folder = tmp_path / "copia"
    shutil.copytree(year.district_file.parent, folder)
    district, outbox = folder / year.district_file.name, folder / "da-inviare"
    files = [district, *(path for path in outbox.iterdir() if path.is_file())]
    before = {path.name: (digest(path), path.stat().st_mtime_ns) for path in files}
    again = sync(district, folder / "ricevuti", outbox)
    assert not again.merge.written and again.refreshed == ()
    assert {m.display_name for m, _ in again.ready} == {
        "CS4", "Comune di Pergine Valsugana", "Comunità Alta Valsugana e Bersntol", "Dial Funghi", "Soste"}
    assert [m.display_name for m in again.current] == ["ASIF Chimelli"]  # its latest return has the new programme
    after = {path.name: (digest(path), path.stat().st_mtime_ns) for path in files}
    assert after == before and again.replaced == ()


def test_the_outbox_holds_one_file_per_member_and_the_reminders_name_it(year, tmp_path):
    """Soste returned an .ods: its refreshed file is an .ods, and the .xlsx distribute sent it is moved aside."""
    outbox = year.district_file.parent / "da-inviare"
    assert year.refreshed.replaced == ((outbox / "Evidenze 2024 - Soste.xlsx",
                                        outbox / "sostituiti" / "Evidenze 2024 - Soste.xlsx"),)
    assert sorted(path.name for path in outbox.iterdir()) == [
        "Evidenze 2024 - ASIF Chimelli.xlsx", "Evidenze 2024 - CS4.xlsx",
        "Evidenze 2024 - Comune di Pergine Valsugana.xlsx", "Evidenze 2024 - Comunita Alta Valsugana e Bersntol.xlsx",
        "Evidenze 2024 - Dial Funghi.xlsx", "Evidenze 2024 - Soste.ods", "sostituiti"]
    assert (f"Spostato in {outbox / 'sostituiti'}: Evidenze 2024 - Soste.xlsx, sostituito dal file aggiornato (da non "
            "inviare)") in render_sync(year.refreshed).splitlines()
    result = CliRunner().invoke(cli, ["status", str(year.district_file), "--days", "0", "--reminders"])
    soste = result.output.split("--- Soste ---")[1]
    assert "Vi chiediamo di registrare le evidenze nel file «Evidenze 2024 - Soste.ods»" in soste
    assert "Vi chiediamo di registrare le evidenze nel file «Evidenze 2024 - CS4.xlsx»" in result.output


def test_sync_without_a_change_only_merges(merged, tmp_path):
    inbox = tmp_path / "ricevuti"
    shutil.copytree(RETURNS, inbox, ignore=shutil.ignore_patterns(CORRECTED, AFTER_THE_CHANGE))
    report = sync(merged, inbox, tmp_path / "da-inviare")
    assert report.refreshed == () and report.ready == ()
    assert not (tmp_path / "da-inviare").exists()  # nothing to send: not even the folder
    assert [f.status for f in report.merge.files] == ["already_merged"] * 6 and not report.merge.written


def test_sync_json(year, tmp_path):
    folder = tmp_path / "copia"
    shutil.copytree(year.district_file.parent, folder)
    result = CliRunner().invoke(cli, ["sync", str(folder / year.district_file.name), "--inbox",
                                      str(folder / "ricevuti"), "--outbox", str(folder / "da-inviare"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["written"] is False
    assert [f["status"] for f in report["files"]] == ["already_merged"] * 6
    assert report["refreshed"] == [] and len(report["already_in_outbox"]) == 5


# -- a programme change ------------------------------------------------------------------------

def test_a_return_made_from_the_older_programme_is_migrated_not_refused(merged, tmp_path):
    update(merged, CHANGED_PROG, now=dt.datetime(2024, 6, 30, 12, 0))
    inbox = tmp_path / "ricevuti"
    inbox.mkdir()
    rows = [Evidence(code="P06.a", date=dt.date(2024, 5, 2), description="Convenzione bis", organisations="ASIF CHIMELLI"),
            Evidence(code="4.2.a", date=dt.date(2024, 5, 3), description="Comunicato", organisations="ASIF CHIMELLI")]
    write_partner(PROGRAMME, ASIF, inbox / "asif.xlsx", rows, issued="2024-01-20T09:00:00",
                  saved=dt.datetime(2025, 3, 1, 9, 0))
    report = merge(merged, [inbox])  # a copy of the blank file: it adds (issue 22; it used to replace ASIF's rows)
    outcome = report.files[0]
    assert (outcome.status, outcome.counts.read, outcome.counts.rejected) == ("merged_with_rejects", 2, 1)
    messages = [problem.text() for problem in outcome.problems]
    assert messages[0] == ("asif.xlsx: il file è stato fatto il 20/01/2024 su una versione precedente del programma, "
                           "cambiato il 30/06/2024: le righe sono controllate sul programma attuale; distribuire i "
                           "file aggiornati")
    assert messages[1] == ("asif.xlsx › Evidenze › A2: la voce P06.a non esiste più nel programma aggiornato: "
                           "scegliere una voce dall'elenco del file aggiornato inviato dal Manager territoriale")
    current = read_district(merged)
    asif = [row.description for row in current.evidence if row.partner == "ASIF Chimelli"]
    assert len(asif) == 22 and asif[-1] == "Comunicato"  # its 21 rows the change left, and the new one
    asif_rejects = [(r.values[2], r.dropped_by_a_change) for r in current.rejects
                    if r.partner == "ASIF Chimelli" and not r.removed_by_a_return]
    assert asif_rejects == [("Convenzione con uno studio di psicologia del territorio", True), ("Convenzione bis", False)]
    assert outcome.counts.removed == 0


def test_update_twice_changes_nothing_the_second_time(merged):
    first = update(merged, CHANGED_PROG)
    assert first.written
    stamp = digest(merged)
    second = update(merged, CHANGED_PROG)
    assert not second.written and second.changes == ()
    assert digest(merged) == stamp


def test_update_refuses_another_districts_programme(merged):
    with pytest.raises(XlsyncError, match="indicare il programma dello stesso distretto e anno"):
        update(merged, replace(PROGRAMME, year=2025))


@needs_libreoffice
def test_the_manager_changes_the_programme_in_the_workbook(merged, tmp_path):
    """Percentages and threshold typed in the district workbook recompute at once in LibreOffice;
    xlsync status reads the same, and update makes them the programme."""
    lines = {row[0]: index for index, row in enumerate(openpyxl.load_workbook(merged, read_only=True)[layout.LINES].values)}
    edits = [{"sheet": layout.LINES, "cell": f"E{lines['4.2.a'] + 1}", "value": 0.2},
             {"sheet": layout.SUMMARY, "cell": "C5", "value": 0.85}]
    before = status(merged)
    edited = edit_in_libreoffice(merged, tmp_path / "modificato.xlsx", edits)
    seen = status(edited)
    assert seen.threshold == 0.85 and seen.action("4.2").value == pytest.approx(0.6)
    counted = sum(action.counts for action in PROGRAMME.actions)
    actions = sum(action.value for action in before.actions if action.counts)
    assert seen.value == pytest.approx((actions - 0.15) / counted, abs=1e-12) and not seen.eligible
    assert_agrees(computed(edited), seen, "edited programme numbers, as LibreOffice computed them")
    report = update(edited)
    assert [str(change) for change in report.changes] == ["soglia: 80% → 85%", "4.2.a: percentuale: 25% → 20%"]
    assert report.result == seen
    stored = read_district(edited)
    assert stored.stored_programme.settings.threshold == 0.85
    assert {line.code: line.percent for line in stored.stored_programme.lines}["4.2.a"] == 0.2


# -- the agency's workbook ---------------------------------------------------------------------

def test_the_agency_workbook(year, tmp_path):
    output = tmp_path / "agenzia.xlsx"
    report = export(year.district_file, output, now=dt.datetime(2025, 2, 28, 12, 0))
    assert report.result == year.result and report.pdf is None
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Copertina", "Scheda di autovalutazione", "Riepilogo", "Evidenze", "Indicatori", "Voci",
                               "Scarti", "Invii", "Programma", "Aderenti", "Attori", "Metodo", "xlsync"]
    assert set(book.defined_names) >= {layout.PROGRAMME_REALISATION, layout.THRESHOLD}
    assert all(book[name].protection.sheet for name in book.sheetnames if name != "xlsync")
    cover = {row[0]: row[1] for row in book["Copertina"].iter_rows(values_only=True) if row[0]}
    assert cover["Determinazione di approvazione"] == "n. 7522 del 16/07/2024"
    assert cover["Prodotto il"] == "28/02/2025 12:00"
    assert cover["Realizzazione del programma"] == f"={layout.PROGRAMME_REALISATION}"
    assert cover["Evidenze registrate"] == 50
    scheda = list(book["Scheda di autovalutazione"].iter_rows(values_only=True))
    assert scheda[0] == layout.SELF_EVALUATION_HEADERS
    by_code = {row[0]: row for row in scheda[1:]}
    assert set(by_code) == {action.code for action in CHANGED_PROG.actions}
    assert by_code["3.4"][6] == "12/12 Incontro di restituzione dei risultati 2024 con le sei organizzazioni (ASIF Chimelli)"
    assert by_code["4.1"][6].endswith("\n… e altre 7")  # the first piece of evidence, and how many more
    assert by_code["2.2"][3:6] == ("=Riepilogo!$E$16", "2.2.a: 3 di 5 incontri",
                                   "2.2.a Organizzare incontri con Coordinatore istituzionale e Referente amministrativo: "
                                   "20% per ogni incontro")
    assert by_code["1.1"][5] == ("1.1.a 100% restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti "
                                 "al Distretto")  # the rule says what the indicator says: once
    assert by_code["6.1"][7] == "6.1.a: " + read_district(year.district_file).assessments["6.1.a"].note
    with zipfile.ZipFile(output) as package:
        assert sum(name.startswith("xl/charts/chart") for name in package.namelist()) == 2  # areas, and actions
    values = computed(output)  # the cached values: what a reader without a spreadsheet program sees
    assert_agrees(values, year.result, "agency workbook")
    evidence = read_workbook(output, limits=safety.DISTRICT).evidence
    assert len(evidence) == 50 and all(row.partner and row.row_id for row in evidence)


@needs_libreoffice
def test_the_agency_workbook_and_pdf_as_libreoffice_computes_them(year, tmp_path):
    report = export(year.district_file, tmp_path / "agenzia.xlsx", pdf=True)
    assert report.pdf == tmp_path / "agenzia.pdf"
    data = report.pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type/Page") >= 2
    recalculated = recalculate([report.workbook], tmp_path / "ricalcolato")[0]
    assert_agrees(computed(recalculated), year.result, "agency workbook recalculated by LibreOffice")
    book = openpyxl.load_workbook(recalculated, data_only=True)
    scheda = {row[0]: row[3] for row in book["Scheda di autovalutazione"].iter_rows(min_row=2, values_only=True)}
    assert scheda == {action.code: shown(action.value) for action in year.result.actions}
    cover = {row[0]: row[1] for row in book["Copertina"].iter_rows(values_only=True) if row[0]}
    areas = area_values(year.result)
    for code, value in areas.items():
        label = next(label for label in cover if str(label).startswith(f"{code}. ") or label == code)
        assert cover[label] == shown(value), code


def test_pdf_without_libreoffice_says_what_to_do(year, tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    result = CliRunner().invoke(cli, ["export", str(year.district_file), "-o", str(tmp_path / "agenzia.xlsx"), "--pdf"])
    assert result.exit_code == 2
    assert "ma non il PDF: serve LibreOffice (comando soffice)" in result.output
    assert (tmp_path / "agenzia.xlsx").exists() and not (tmp_path / "agenzia.pdf").exists()


def test_export_refuses_an_output_that_is_not_xlsx_or_exists(year, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(year.district_file), "-o", str(tmp_path / "agenzia.pdf")])
    assert result.exit_code == 2 and "indicare un nome che finisce con .xlsx" in result.output
    (tmp_path / "agenzia.xlsx").write_bytes(b"mine")
    result = CliRunner().invoke(cli, ["export", str(year.district_file), "-o", str(tmp_path / "agenzia.xlsx")])
    assert result.exit_code == 2 and "esiste già" in result.output
    assert (tmp_path / "agenzia.xlsx").read_bytes() == b"mine"


# -- diff --------------------------------------------------------------------------------------

def test_diff_of_a_members_two_returns():
    report = diff(RETURNS / "Evidenze 2024 - Dial Funghi.xlsx", RETURNS / CORRECTED / "Evidenze 2024 - Dial Funghi.xlsx")
    assert report.programme == ()
    assert [(change.kind, change.identity) for change in report.rows] == [
        (CHANGED, "riga 2"), (CHANGED, "riga 3"), (CHANGED, "riga 4"), (CHANGED, "riga 5"),
        (REMOVED, "riga 6"), (REMOVED, "riga 7"), (REMOVED, "riga 8"), (REMOVED, "riga 9")]
    assert report.rows[1].cells == (("Quantità", "sette", 7),)
    assert report.rows[3].cells == (("Data", "31/09/2024", dt.date(2024, 9, 21)),)


def test_diff_across_a_programme_change():
    report = diff(RETURNS / "Evidenze 2024 - ASIF Chimelli.xlsx",
                  RETURNS / AFTER_THE_CHANGE / "Evidenze 2024 - ASIF Chimelli.xlsx")
    assert report.programme == tuple(programme_changes(PROGRAMME, CHANGED_PROG))
    assert [(change.kind, change.summary) for change in report.rows] == [
        (ADDED, ""), (REMOVED, "P06.a «Convenzione con uno studio di psicologia del territorio»")]


def test_diff_of_two_district_versions_as_json(year):
    backup = year.district_file.with_name(year.district_file.stem + ".backup.xlsx")
    result = CliRunner().invoke(cli, ["diff", str(backup), str(year.district_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    kinds = [row["change"] for row in report["rows"]]
    assert kinds.count(ADDED) == 1 and kinds.count(RECEIVED_AGAIN) == 21 and len(kinds) == 22
    added = next(row for row in report["rows"] if row["change"] == ADDED)
    assert {"column": "Data", "before": None, "after": "2024-12-12"} in added["cells"]
    text = CliRunner().invoke(cli, ["diff", str(backup), str(year.district_file)]).output
    assert "21 righe invariate ricevute di nuovo con un invio più recente: cambia solo la provenienza" in text


# -- roll-up -----------------------------------------------------------------------------------

def test_rollup_of_districts(year, tmp_path):
    other = replace(PROGRAMME, district="Distretto famiglia Valle di Cembra")
    second = tmp_path / "cembra.xlsx"
    write_district(other, second)
    output = tmp_path / "panoramica.xlsx"
    lines = rollup([year.district_file, second], output).lines
    assert [(line.district, percent(line.result), line.evidence_rows, line.partners_sent) for line in lines] == [
        ("Distretto Family Audit Alta Valsugana", "82,2%", 50, 6), ("Distretto famiglia Valle di Cembra", "0,0%", 0, 0)]
    book = openpyxl.load_workbook(output)
    rows = list(book["Distretti"].iter_rows(min_row=4, values_only=True))
    assert [(row[0], row[2], row[4]) for row in rows] == [
        ("Distretto Family Audit Alta Valsugana", shown(year.result.value), "AMMISSIBILE"),
        ("Distretto famiglia Valle di Cembra", 0.0, "NON AMMISSIBILE")]
    areas = list(book["Aree"].iter_rows(min_row=3, values_only=True))
    assert areas[1][2:] == tuple(shown(value) for value in area_values(year.result).values())
    exact = {row[0]: row[11] for row in rows}
    assert exact["Distretto Family Audit Alta Valsugana"] == pytest.approx(year.result.value, abs=1e-12)
    result = CliRunner().invoke(cli, ["rollup", str(year.district_file), str(second), "-o", str(output), "--force",
                                      "--json"])
    figures = json.loads(result.output)["districts"][0]
    assert (figures["percent"], figures["percent_exact"]) == (82.2, pytest.approx(year.result.value * 100))


def test_a_programme_number_that_cannot_be_is_reported_and_left_out(merged, tmp_path):
    book = openpyxl.load_workbook(merged)
    book[layout.SUMMARY]["C5"] = 1.5  # a threshold of 150%
    edited = tmp_path / "soglia.xlsx"
    book.save(edited)
    result = CliRunner().invoke(cli, ["status", str(edited)])
    assert result.exit_code == 0
    assert "Realizzazione del programma: 82,1% (soglia 80,0%): AMMISSIBILE" in result.stdout
    assert result.stderr == ("Attenzione: nel file soglia 1.5: deve essere una percentuale tra 1% e 100%; qui si usa il "
                             "valore del programma, il file mostra altri numeri finché non è corretto.\n")
    report = update(edited)
    assert not report.written and [str(note) for note in report.ignored_edits] == [
        "soglia 1.5: deve essere una percentuale tra 1% e 100%"]


def test_rollup_reads_agency_workbooks_and_keeps_the_latest_of_a_district(year, tmp_path):
    """The agency rolls up the workbooks it received; a district sent twice counts once, as sent last."""
    again = export(year.district_file, tmp_path / "agenzia (1).xlsx", now=dt.datetime(2025, 3, 2, 9, 0))
    first = export(year.district_file, tmp_path / "agenzia.xlsx", now=dt.datetime(2025, 2, 28, 12, 0))
    result = CliRunner().invoke(cli, ["rollup", str(tmp_path), "-o", str(tmp_path / "panoramica.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Non considerato {first.workbook}: dello stesso distretto e anno di {again.workbook}, scritto dopo.",
        "Distretto Family Audit Alta Valsugana 2024: 82,2% (AMMISSIBILE), 50 evidenze, 8 invii",
        f"Scritto {tmp_path / 'panoramica.xlsx'}."]


@pytest.mark.parametrize("command", ["status", "merge", "update", "export", "sync"])
def test_a_partners_or_the_agencys_workbook_is_not_taken_for_the_district(year, tmp_path, command):
    partner = year.distributed[0].path
    agency = export(year.district_file, tmp_path / "agenzia.xlsx").workbook
    extra = {"status": [], "merge": [str(RETURNS)], "update": [], "export": ["-o", str(tmp_path / "x.xlsx")],
             "sync": ["--inbox", str(RETURNS)]}[command]
    refused = [(partner, "il file di un aderente"), (agency, "il file per l'Agenzia (xlsync esporta)")]
    for path, kind in refused[:1] if command == "status" else refused:  # the agency checks its workbook with status
        before = digest(path)
        result = CliRunner().invoke(cli, [command, str(path), *extra])
        assert result.exit_code == 2
        assert result.output == (f"Errore: {path.name}: è {kind}, non la cartella di lavoro del distretto: indicare il "
                                 f"file del distretto, quello scritto da xlsync nuovo e aggiornato dalle unioni\n")
        assert digest(path) == before


@needs_libreoffice
def test_the_numbers_libreoffice_shows_are_the_ones_xlsync_prints(year, tmp_path):
    """Every sheet as LibreOffice displays it (Italian locale, after recalculating), against
    `xlsync status`: the same text, rounding included (82,25% shows as 82,2% everywhere: rounded down)."""
    shown_as = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"  # -1: every sheet
    libreoffice.run_conversion([year.district_file], shown_as, tmp_path, timeout=300)
    summary = list(csv.reader((tmp_path / f"{year.district_file.stem}-Riepilogo.csv").open(encoding="utf-8")))
    assert summary[3][:3] == ["Realizzazione del programma", "", format_percent(year.result.value)]
    assert format_percent(year.result.value) == "82,2%"  # 0.8225: a half, rounded down as every figure is
    shown = {row[1]: row[4] for row in summary[10:] if len(row) > 4 and row[1]}
    assert shown == {action.code: format_percent(action.value) for action in year.result.actions}
    status_text = CliRunner().invoke(cli, ["status", str(year.district_file)]).output
    assert "\nRealizzazione del programma: 82,2% (soglia 80,0%): AMMISSIBILE\n" in status_text
