"""Checking returned partner workbooks: every mistake found, placed, explained, with its fix."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlsync.cli import cli
from xlsync.demo import CORRECTED, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.partners.distribute import write_partner
from xlsync.partners.validate import check_file
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.workbook.writer import write_district

RETURNS = sample_path(SAMPLE_RETURNS)
DIAL = RETURNS / "Evidenze 2024 - Dial Funghi.xlsx"


@pytest.fixture(scope="module")
def programme():
    return load(sample_path(SAMPLE_PROGRAMME))


def partner_file(folder: Path, programme, rows: list[dict], member: int = 4) -> Path:
    """A return of one member (Soste by default) holding the rows given as typed."""
    path = folder / "ritorno.xlsx"
    write_partner(programme, programme.members[member], path, [Evidence(**row) for row in rows])
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def test_the_sample_returns_are_valid_but_one():
    result = run(str(RETURNS), str(RETURNS / CORRECTED))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line for line in lines if not line.startswith("  ")] == [
        "Evidenze 2024 - ASIF Chimelli.xlsx: valido (22 righe)",
        "Evidenze 2024 - CS4.xlsx: valido (4 righe)",
        "Evidenze 2024 - Comune di Pergine Valsugana.xlsx: valido (12 righe)",
        "Evidenze 2024 - Comunita Alta Valsugana e Bersntol.xlsx: valido (4 righe)",
        "Evidenze 2024 - Dial Funghi.xlsx: 6 errori (8 righe, 1 avviso)",
        "Evidenze 2024 - Soste.ods: valido (4 righe)",
        "Evidenze 2024 - Dial Funghi.xlsx: valido (4 righe)",
    ]


def test_every_mistake_of_the_hurried_partner_is_explained():
    result = run(str(DIAL))
    where = "Evidenze 2024 - Dial Funghi.xlsx › Evidenze ›"
    assert result.output.splitlines()[1:] == [
        f"  avviso: {where} E2: «Pro Loco di Pergine» non è tra gli aderenti del distretto: controllare il nome "
        "(elenco nel foglio «Aderenti»)",
        f"  {where} D3: «sette» non è una quantità: scrivere un numero maggiore di zero, ad esempio 1 o 2,5 (vuoto vale 1)",
        f"  {where} B5: il giorno 31/09/2024 non esiste: settembre 2024 ha 30 giorni: controllare giorno e mese "
        "(gg/mm/aaaa)",
        f"  {where} A6: codice «4.1» sconosciuto: scegliere una voce dall'elenco a discesa (tutte nel foglio «Voci»): "
        "per l'azione 4.1 usare 4.1.a.1, 4.1.a.2",
        f"  {where} B7: la data 15/12/2023 è fuori dal 2024: indicare una data tra 01/01/2024 e 31/12/2024",
        f"  {where} C8: manca la descrizione: scrivere in poche parole che cosa è stato fatto",
        f"  {where} D9: la quantità -1 non è maggiore di zero: scrivere un numero maggiore di zero (vuoto vale 1)",
    ]


def test_messages_in_english():
    lines = run("--lang", "en", str(DIAL)).output.splitlines()
    assert lines[0] == "Evidenze 2024 - Dial Funghi.xlsx: 6 errors (8 rows, 1 warning)"
    assert lines[3] == ("  Evidenze 2024 - Dial Funghi.xlsx › Evidenze › B5: the day 31/09/2024 does not exist: "
                        "September 2024 has 30 days: check the day and the month (dd/mm/yyyy)")
    assert lines[4].endswith("unknown code “4.1”: pick a line from the dropdown (all are in the sheet “Voci”): "
                             "for action 4.1 use 4.1.a.1, 4.1.a.2")


def test_json_report():
    data = json.loads(run("--json", str(DIAL)).output)
    report = data["files"][0]
    assert (report["valid"], report["rows"], report["errors"], report["warnings"]) == (False, 8, 6, 1)
    assert report["partner"] == "DIAL FUNGHI S.R.L."
    assert report["problems"][1] == {
        "where": "Evidenze 2024 - Dial Funghi.xlsx › Evidenze › D3", "cell": "D3", "severity": "error",
        "message": "«sette» non è una quantità",
        "fix": "scrivere un numero maggiore di zero, ad esempio 1 o 2,5 (vuoto vale 1)"}


ROW = {"code": "4.2.a", "date": dt.date(2024, 5, 3), "description": "Comunicato stampa"}


@pytest.mark.parametrize("date", ["3/5/2024", "03-05-2024", "3.5.2024", "3 maggio 2024", "3 mag 2024", "2024-05-03",
                                  "03/05/24", 45415])
def test_dates_typed_in_italian_forms_are_read(tmp_path, programme, date):
    check = check_file(partner_file(tmp_path, programme, [{**ROW, "date": date}]))
    assert check.valid, [str(p) for p in check.problems]
    assert check.rows[0].evidence.date == dt.date(2024, 5, 3)


@pytest.mark.parametrize(("quantity", "value"), [("2", 2.0), ("1,5", 1.5), (" 3 ", 3.0), (None, None), (4, 4.0)])
def test_quantities_typed_as_text_are_read(tmp_path, programme, quantity, value):
    check = check_file(partner_file(tmp_path, programme, [{**ROW, "quantity": quantity}]))
    assert check.valid
    assert check.rows[0].evidence.quantity == value


def test_dates_outside_the_year_and_the_tolerance(tmp_path, programme):
    path = partner_file(tmp_path, programme, [{**ROW, "date": dt.date(2025, 1, 10)}])
    assert [p.what for p in check_file(path).problems] == ["la data 10/01/2025 è fuori dal 2024"]
    assert check_file(path, tolerance_days=15).valid
    result = run("--tolerance", "15", str(path))
    assert result.exit_code == 0 and result.output == "ritorno.xlsx: valido (1 riga)\n"


@pytest.mark.parametrize(("typed", "problem"), [
    ("31/09/2024", "il giorno 31/09/2024 non esiste: settembre 2024 ha 30 giorni: controllare giorno e mese "
                   "(gg/mm/aaaa)"),
    ("29/02/2023", "il giorno 29/02/2023 non esiste: febbraio 2023 ha 28 giorni: controllare giorno e mese "
                   "(gg/mm/aaaa)"),
    ("15/13/2024", "«15/13/2024» non è una data: il mese 13 non esiste: scrivere prima il giorno e poi il mese: "
                   "gg/mm/aaaa"),
    ("presto", "«presto» non è una data: scrivere la data come gg/mm/aaaa, ad esempio 15/03/2024"),
])
def test_a_date_that_is_not_one_says_why(tmp_path, programme, typed, problem):
    check = check_file(partner_file(tmp_path, programme, [{**ROW, "date": typed}]))
    assert [f"{p.what}: {p.fix}" for p in check.problems] == [problem]


@pytest.mark.parametrize("code", ["1.1.a", "1.1.A", "1.1.a — Restituzione di almeno 2 verbali", "1.1.a qualcosa"])
def test_the_code_alone_or_with_its_label(tmp_path, programme, code):
    check = check_file(partner_file(tmp_path, programme, [{**ROW, "code": code}]))
    assert check.valid and check.rows[0].ok


def test_per_distinct_lines_need_the_organisation(tmp_path, programme):
    path = partner_file(tmp_path, programme, [{**ROW, "code": "3.3.a", "organisations": None}])
    book = openpyxl.load_workbook(path)
    book["Evidenze"]["E2"] = None  # the partner clears the preset organisation
    book.save(path)
    problems = [str(p) for p in check_file(path).problems]
    assert problems == ["ritorno.xlsx › Evidenze › E2: manca l'organizzazione: la voce 3.3.a conta le organizzazioni: "
                        "indicare l'organizzazione (una riga per organizzazione)"]


def test_member_names_are_read_however_typed(tmp_path, programme):
    check = check_file(partner_file(tmp_path, programme, [{**ROW, "organisations": "Soste s.r.l."},
                                                          {**ROW, "organisations": "dial funghi srl"}]))
    assert check.valid and not check.problems
    assert [row.evidence.organisations for row in check.rows] == ["SOSTE SOCIETA' A RESPONSABILITA' LIMITATA",
                                                                  "DIAL FUNGHI S.R.L."]


def test_headers_tolerate_case_spacing_aliases_and_order(tmp_path, programme):
    path = partner_file(tmp_path, programme, [{**ROW, "quantity": 2}])
    book = openpyxl.load_workbook(path)
    sheet = book["Evidenze"]
    sheet["A1"], sheet["D1"], sheet["C1"] = "  CODICE ", "quantita", "descrizione"
    sheet.move_range("H1:H400", cols=2)  # Note moved two columns right
    book.save(path)
    check = check_file(path)
    assert check.valid
    assert check.rows[0].evidence.quantity == 2.0


def test_a_missing_header_suggests_the_near_one(tmp_path, programme):
    path = partner_file(tmp_path, programme, [ROW])
    book = openpyxl.load_workbook(path)
    book["Evidenze"]["C1"] = "Descrizone"
    book.save(path)
    assert [str(p) for p in check_file(path).problems] == [
        "ritorno.xlsx › Evidenze › riga 1: mancano le colonne «Descrizione»: forse «Descrizone»?: "
        "ripristinare le intestazioni del modello nella riga 1"]


def test_a_renamed_sheet_is_found_by_what_it_holds_and_a_deleted_one_named(tmp_path, programme):
    path = partner_file(tmp_path, programme, [ROW])
    book = openpyxl.load_workbook(path)
    book["Evidenze"].title = "Evidenza"
    book.save(path)
    result = run(str(path))
    assert result.exit_code == 0
    assert result.output == ("ritorno.xlsx: valido (1 riga, 1 avviso)\n"
                             "  avviso: ritorno.xlsx › Evidenza: è il foglio «Evidenze» di xlsync, rinominato: "
                             "riconosciuto da ciò che contiene\n")
    book["Evidenza"]["C1"] = "Argomenti"  # neither its name nor its headers: not found
    book.save(path)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output == ("ritorno.xlsx: 1 errore (0 righe)\n"
                             "  ritorno.xlsx: manca il foglio «Evidenze»: forse «Evidenza»?: usare il file ricevuto dal "
                             "Manager territoriale senza rinominare i fogli\n")


def test_the_district_file_is_not_a_return(tmp_path, programme):
    write_district(programme, tmp_path / "distretto.xlsx")
    assert run(str(tmp_path / "distretto.xlsx")).output == (
        "distretto.xlsx: 1 errore (0 righe)\n"
        "  distretto.xlsx: è un file del distretto, non il file di un aderente: indicare i file restituiti dagli aderenti\n")


def test_against_the_district_stamp_and_programme_are_compared(tmp_path, programme):
    other = replace(programme, district="Distretto Famiglia Valsugana e Tesino")
    write_district(other, tmp_path / "altro.xlsx")
    path = tmp_path / "ritorno.xlsx"
    write_partner(programme, programme.members[4], path, [Evidence(**ROW)], issued="2024-03-15T10:00:00")
    result = run("--district", str(tmp_path / "altro.xlsx"), str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "  ritorno.xlsx: il file è del «Distretto Family Audit Alta Valsugana», non del «Distretto Famiglia Valsugana "
        "e Tesino»: usare il file distribuito per questo distretto",
        "  ritorno.xlsx: il file dichiara una versione del programma che il distretto non ha mai distribuito "
        "(file fatto il 15/03/2024): usare il file ricevuto dal Manager territoriale",
    ]
    english = CliRunner().invoke(cli, ["--lang", "en", "validate", "--district", str(tmp_path / "altro.xlsx"), str(path)])
    assert english.output.splitlines()[-1] == (
        "  ritorno.xlsx: the file claims a programme version the district never distributed (file made on "
        "15/03/2024): use the file the territorial manager sent")


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "evidenze.csv"
    path.write_text("Codice,Data\n1.1.a,15/03/2024\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output == ("evidenze.csv: 1 errore (0 righe)\n  evidenze.csv: è un file di testo (CSV): non porta "
                             "l'identità dell'aderente: copiare le righe nel file .xlsx ricevuto dal Manager territoriale "
                             "e rimandare quello\n")
