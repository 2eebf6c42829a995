"""The command line: one library call per command, errors as one `Error:` line and exit code 2."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import xlsxwriter
from click.testing import CliRunner

from xlsync import status
from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, sample_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_new_writes_the_district_workbook(tmp_path):
    out = tmp_path / "distretto.xlsx"
    result = run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(out))
    assert result.exit_code == 0
    assert result.output == (f"Scritto {out}: Distretto Family Audit Alta Valsugana 2024, 29 azioni, 40 indicatori, "
                             "35 voci (realizzazione 0,0%).\n")
    assert status(out).value == 0.0
    again = run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(out), "--force")
    assert again.exit_code == 0


def test_new_reports_every_problem_of_the_programme(tmp_path):
    programme = tmp_path / "programma.toml"
    programme.write_text(sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8")
                         .replace('collegata = "P10"', 'collegata = "P11"')
                         .replace('percentuale = "25%"', 'percentuale = "venticinque"'), encoding="utf-8")
    result = run("new", str(programme), "-o", str(tmp_path / "d.xlsx"))
    assert result.exit_code == 2
    assert result.output == (
        "Error: Il file di programma non è valido.\n"
        "  - programma.toml › riga 282 › azione 4.2 › indicatore 4.2.a: percentuale = 'venticinque' non è una "
        "percentuale: scrivere ad es. percentuale = \"20%\"\n"
        "  - programma.toml › indicatore 1.3.a: collegata a 'P11', che non esiste: indicare il codice di un'azione "
        "o progettualità, ad es. P01\n")
    assert not (tmp_path / "d.xlsx").exists()


def test_status_json(tmp_path):
    out = tmp_path / "d.xlsx"
    run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(out))
    result = run("status", str(out), "--json")
    data = json.loads(result.output)
    assert (data["district"], data["year"], data["percent"], data["threshold"], data["eligible"]) == (
        "Distretto Family Audit Alta Valsugana", 2024, 0.0, 80.0, False)
    first = data["actions"][0]
    assert first == {"code": "1.1", "title": "Monitoraggio e aggiornamento degli aderenti", "percent": 0.0,
                     "counts": True, "indicators": [{"code": "1.1.a", "percent": 0.0, "missing": "0 di 2 verbali"}]}
    assert len(data["actions"]) == 29


def test_status_of_a_workbook_not_made_by_xlsync(tmp_path):
    path = tmp_path / "altro.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Foglio1").write("A1", "ciao")
    book.close()
    result = run("status", str(path))
    assert result.exit_code == 2
    assert result.output == ("Error: altro.xlsx: il file non è stato creato da xlsync (manca il foglio nascosto «xlsync»): "
                             "usare un file creato da xlsync: quello ricevuto dal Manager territoriale, o xlsync new\n")


def test_status_of_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "note.xlsx"
    path.write_text("non sono un foglio di calcolo", encoding="utf-8")
    result = run("status", str(path))
    assert result.exit_code == 2
    assert result.output == ("Error: note.xlsx: è un file di testo (CSV): non porta l'identità dell'aderente: copiare "
                             "le righe nel file .xlsx ricevuto dal Manager territoriale e rimandare quello\n")


def test_verbose_shows_the_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--verbose", "status", str(tmp_path / "assente.xlsx")])
    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.output
    assert result.output.rstrip().endswith("il file non esiste: controllare il nome e la cartella")


def test_demo_writes_into_the_chosen_folder(tmp_path):
    result = run("demo", "--out", str(tmp_path / "prova"))
    assert result.exit_code == 0
    assert result.output.splitlines()[-3] == "Realizzazione del programma: 82,3% (soglia 80,0%): AMMISSIBILE"
    assert (tmp_path / "prova" / "distretto-alta-valsugana-2024.xlsx").exists()
    assert (tmp_path / "prova" / "agenzia-alta-valsugana-2024.xlsx").exists()
    assert (tmp_path / "prova" / "agenzia-alta-valsugana-2024.pdf").exists() == (shutil.which("soffice") is not None)


def test_python_dash_m():
    completed = subprocess.run([sys.executable, "-m", "xlsync", "--version"], capture_output=True, text=True, check=True)
    assert completed.stdout == "xlsync, version 0.1.0\n"
