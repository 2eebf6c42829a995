"""The command line: one library call per command, errors as one `Errore:` line and exit code 2."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import xlsxwriter
from click.testing import CliRunner

from xlsync import status
from xlsync.catalogue.click_words import CLICK_ENGLISH_PLURAL, CLICK_ITALIAN, CLICK_ITALIAN_PLURAL
from xlsync.cli import cli
from xlsync.cli_language import LANGUAGES, set_language
from xlsync.demo import SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="xlsync")


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
        "Errore: Il file di programma non è valido.\n"
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
                     "percent_exact": 0.0, "counts": True,
                     "indicators": [{"code": "1.1.a", "percent": 0.0, "percent_exact": 0.0, "missing": "0 di 2 verbali"}]}
    assert len(data["actions"]) == 29


def test_status_of_a_workbook_not_made_by_xlsync(tmp_path):
    path = tmp_path / "altro.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Foglio1").write("A1", "ciao")
    book.close()
    result = run("status", str(path))
    assert result.exit_code == 2
    assert result.output == ("Errore: altro.xlsx: il file non è stato creato da xlsync (manca il foglio nascosto «xlsync»): "
                             "indicare il file del distretto, quello scritto da xlsync nuovo e aggiornato dalle unioni\n")


def test_status_of_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "note.xlsx"
    path.write_text("non sono un foglio di calcolo", encoding="utf-8")
    result = run("status", str(path))
    assert result.exit_code == 2
    assert result.output == ("Errore: note.xlsx: è un file di testo (CSV): non porta l'identità dell'aderente: indicare "
                             "il file del distretto (.xlsx o .ods) scritto da xlsync nuovo; oppure riprendere la versione "
                             "precedente, accanto al file (….backup.xlsx, ….backup.ods)\n")


def test_a_district_whose_sheet_was_renamed_is_merged_and_a_deleted_one_told_how_to_mend(tmp_path):
    import openpyxl

    district = tmp_path / "distretto.xlsx"
    run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(district))
    book = openpyxl.load_workbook(district)
    book["Riepilogo"].title = "Riepilog"
    book.save(district)
    result = run("merge", str(district), str(sample_path(SAMPLE_RETURNS) / "Evidenze 2024 - CS4.xlsx"))
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "avviso: distretto.xlsx › Riepilog: è il foglio «Riepilogo» di xlsync, rinominato: riconosciuto da ciò che "
        "contiene: quando xlsync riscrive il file gli ridà il suo nome")
    book = openpyxl.load_workbook(district)
    assert "Riepilogo" in book.sheetnames and "Riepilog" not in book.sheetnames
    del book["Voci"]
    book.save(district)
    result = run("merge", str(district), str(sample_path(SAMPLE_RETURNS)))
    assert result.exit_code == 2
    assert result.output == ("Errore: distretto.xlsx: manca il foglio «Voci»: ridare al foglio il suo nome e le sue "
                             "intestazioni (xlsync lo cerca per nome, o da ciò che contiene); oppure riprendere la "
                             "versione precedente, accanto al file (….backup.xlsx, ….backup.ods)\n")


def test_a_fault_no_check_foresaw_is_one_line_and_its_traceback_with_verbose(tmp_path, monkeypatch):
    from xlsync.workbook import status as workbook_status

    def broken(workbook):
        raise RuntimeError("guasto")

    district = tmp_path / "distretto.xlsx"
    CliRunner().invoke(cli, ["new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(district)])
    monkeypatch.setattr(workbook_status, "score_workbook", broken)
    result = CliRunner().invoke(cli, ["status", str(district)])
    assert (result.exit_code, result.output) == (2, (
        "Errore: errore inatteso di xlsync (RuntimeError: guasto): nessun file è rimasto cambiato a metà: ripetere il "
        "comando con --verbose e segnalare il messaggio completo\n"))
    result = CliRunner().invoke(cli, ["--verbose", "--lang", "en", "status", str(district)])
    assert result.exit_code == 2 and "Traceback (most recent call last)" in result.output
    assert result.output.endswith("Error: unexpected error in xlsync (RuntimeError: guasto): no file was left half "
                                  "changed: run the command again with --verbose and report the whole message\n")


def test_ctrl_c_while_the_command_line_is_parsed_is_the_same_one_line(monkeypatch):
    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "parse_args", stopped)
    result = CliRunner().invoke(cli, ["--lang", "en", "status", "distretto.xlsx"])
    assert (result.exit_code, result.output) == (130, "\nInterrupted: no file was left half changed.\n")


def test_ctrl_c_while_the_command_line_is_imported_is_held_then_answered():
    """The entry takes Ctrl+C over before importing anything: one pressed in the middle of the imports (here,
    as click is imported) is answered once they are done, in the language asked."""
    start = ("import builtins, os, signal, sys\n"
             "real = builtins.__import__\n"
             "def importing(name, *args, **kwargs):\n"
             "    if name == 'click':\n"
             "        os.kill(os.getpid(), signal.SIGINT)\n"
             "    return real(name, *args, **kwargs)\n"
             "builtins.__import__ = importing\n"
             "sys.argv = ['xlsync', '--lang', 'en', 'status', 'distretto.xlsx']\n"
             "from xlsync.__main__ import main\n"
             "main()\n")
    completed = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        130, "", "Interrupted: no file was left half changed.\n")


def test_demo_writes_into_the_chosen_folder(tmp_path):
    result = run("demo", "--out", str(tmp_path / "prova"))
    assert result.exit_code == 0
    assert result.output.splitlines()[-3] == "Realizzazione del programma: 82,2% (soglia 80,0%): AMMISSIBILE"
    assert (tmp_path / "prova" / "distretto-alta-valsugana-2024.xlsx").exists()
    assert (tmp_path / "prova" / "agenzia-alta-valsugana-2024.xlsx").exists()
    assert (tmp_path / "prova" / "agenzia-alta-valsugana-2024.pdf").exists() == (shutil.which("soffice") is not None)


def test_python_dash_m():
    completed = subprocess.run([sys.executable, "-m", "xlsync", "--version"], capture_output=True, text=True, check=True)
    assert completed.stdout == "xlsync, versione 0.1.0\n"


# -- the command line's language ---------------------------------------------------------------

def all_commands():
    """Every command with its full name: ("merge", command), ("addin build", command)…"""
    for name, command in sorted(cli.commands.items()):
        yield name, command
        for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
            yield f"{name} {sub_name}", sub


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_has_help_and_an_italian_name_in_both_languages(lang):
    set_language(lang)
    try:
        for name, command in all_commands():
            other = "en" if lang == "it" else "it"
            assert command.help and command.help.strip(), name
            set_language(other)
            assert command.help and command.help.strip(), name
            translated = command.help
            set_language(lang)
            assert translated != command.help, f"{name}: the same help in Italian and English"
            for param in command.params:
                if isinstance(param, click.Option) and not param.hidden:
                    assert param.help, f"{name} {param.opts[0]}"
    finally:
        set_language(None)
    aliases = {name: command.alias for name, command in all_commands() if getattr(command, "alias", None)}
    assert aliases == {
        "import": "importa", "new": "nuovo", "distribute": "distribuisci", "validate": "verifica", "merge": "unisci",
        "sync": "sincronizza", "update": "aggiorna", "diff": "confronta", "export": "esporta", "rollup": "riepiloga",
        "status": "stato", "addin build": "costruisci", "addin install": "installa",
        "libreoffice build": "costruisci", "libreoffice install": "installa"}


def test_help_is_italian_unless_english_is_asked():
    italian = run("--help")
    assert italian.exit_code == 0
    assert italian.output.startswith("Uso: xlsync [OPZIONI] COMANDO [ARGOMENTI]...\n\n"
                                     "  Il programma di lavoro di un Distretto famiglia, in fogli di calcolo.\n")
    assert "Opzioni:\n  --version       Mostra la versione ed esce.\n" in italian.output
    assert "  --help          Mostra questo aiuto ed esce.\n" in italian.output
    assert "Comandi:\n" in italian.output
    assert "  unisci, merge             Unisce i file restituiti dagli aderenti" in italian.output
    english = run("--lang", "en", "--help")
    assert english.output.startswith("Usage: xlsync [OPTIONS] COMMAND [ARGS]...\n\n"
                                     "  Run a Distretto famiglia work programme in spreadsheets.\n")
    assert "  merge, unisci             Merge partner returns" in english.output
    assert "  --help          Show this message and exit.\n" in english.output
    assert run("--help", "--lang", "en").output == english.output
    assert run("--lang=en", "merge").output.endswith("Error: Missing argument 'DISTRICT'.\n")
    assert CliRunner().invoke(cli, ["stato", "--help"], env={"XLSYNC_LANG": "fr_FR.UTF-8"}).output.startswith("Uso:")
    by_environment = CliRunner().invoke(cli, ["unisci", "--help"], env={"XLSYNC_LANG": "en_GB.UTF-8"},
                                        prog_name="xlsync")
    assert by_environment.output.startswith("Usage: xlsync unisci [OPTIONS] DISTRICT INPUTS...\n\n"
                                            "  Merge partner returns (INPUTS: files or folders) into the DISTRICT workbook.\n")
    assert CliRunner().invoke(cli, ["merge", "--help"], prog_name="xlsync", terminal_width=80).output == (
        "Uso: xlsync merge [OPZIONI] DISTRETTO RITORNI...\n\n"
        "  Unisce i file restituiti dagli aderenti (RITORNI: file o cartelle) nella\n  cartella DISTRETTO.\n\n"
        "  Di ogni file unisce quello che ha cambiato; applica le scelte fatte nel foglio\n  Conflitti.\n\n"
        "  Codice di uscita 1 quando un file o una riga sono stati scartati, trattenuti o\n  saltati, o una riga è in "
        "conflitto.\n\n"
        "Opzioni:\n"
        "  --tolerance GIORNI  Giorni prima o dopo l'anno del programma ancora accettati\n"
        "                      come date delle evidenze.  [predefinito: 0; 0<=x<=366]\n"
        "  --confirm           Applica anche gli invii trattenuti (che tolgono gran parte\n"
        "                      delle righe di un aderente, in conflitto con un altro suo\n"
        "                      invio, o più vecchi dell'ultimo); le righe che tolgono\n"
        "                      restano in «Scarti».\n"
        "  --json              Scrive JSON invece del testo.\n"
        "  --force             Scrive il distretto anche se qualcosa fatto a mano nel\n"
        "                      file non si può tenere (viene nominato).\n"
        "  --help              Mostra questo aiuto ed esce.\n")
    # after the command, other click programs in the same process keep click's own words
    assert click.exceptions._("Error: {message}") == "Error: {message}"


@pytest.mark.parametrize(("args", "italian", "english"), [
    (["merge", "distretto.xlsx"],
     "Uso: xlsync merge [OPZIONI] DISTRETTO RITORNI...\nPer l'aiuto: 'xlsync merge --help'.\n\n"
     "Errore: Manca l'argomento 'RITORNI...'.\n",
     "Usage: xlsync merge [OPTIONS] DISTRICT INPUTS...\nTry 'xlsync merge --help' for help.\n\n"
     "Error: Missing argument 'INPUTS...'.\n"),
    (["stato", "."],
     "Uso: xlsync stato [OPZIONI] DISTRETTO\nPer l'aiuto: 'xlsync stato --help'.\n\n"
     "Errore: Valore non valido per 'DISTRETTO': '.' è una cartella: indicare un file.\n",
     "Usage: xlsync stato [OPTIONS] WORKBOOK\nTry 'xlsync stato --help' for help.\n\n"
     "Error: Invalid value for 'WORKBOOK': File '.' is a directory.\n"),
    (["stat"],
     "Uso: xlsync [OPZIONI] COMANDO [ARGOMENTI]...\nPer l'aiuto: 'xlsync --help'.\n\n"
     "Errore: Il comando 'stat' non esiste. (Forse uno tra: 'stato', 'status'?)\n",
     "Usage: xlsync [OPTIONS] COMMAND [ARGS]...\nTry 'xlsync --help' for help.\n\n"
     "Error: No such command 'stat'. (Did you mean one of: 'stato', 'status'?)\n"),
    (["unici"],
     "Uso: xlsync [OPZIONI] COMANDO [ARGOMENTI]...\nPer l'aiuto: 'xlsync --help'.\n\n"
     "Errore: Il comando 'unici' non esiste. Forse 'unisci'?\n",
     "Usage: xlsync [OPTIONS] COMMAND [ARGS]...\nTry 'xlsync --help' for help.\n\n"
     "Error: No such command 'unici'. Did you mean 'unisci'?\n"),
    (["status", "--bogus"],
     "Uso: xlsync status [OPZIONI] DISTRETTO\nPer l'aiuto: 'xlsync status --help'.\n\n"
     "Errore: L'opzione '--bogus' non esiste.\n",
     "Usage: xlsync status [OPTIONS] WORKBOOK\nTry 'xlsync status --help' for help.\n\n"
     "Error: No such option '--bogus'.\n"),
    (["stato", "d.xlsx", "--by", "31-12-2024"],
     "Uso: xlsync stato [OPZIONI] DISTRETTO\nPer l'aiuto: 'xlsync stato --help'.\n\n"
     "Errore: Valore non valido per '--by': «31-12-2024» non è una data: scriverla come GG/MM/AAAA, ad esempio 15/12/2024\n",
     "Usage: xlsync stato [OPTIONS] WORKBOOK\nTry 'xlsync stato --help' for help.\n\n"
     "Error: Invalid value for '--by': “31-12-2024” is not a date: write it as DD/MM/YYYY, for example 15/12/2024\n"),
])
def test_usage_errors_in_italian_and_english(args, italian, english):
    result = run(*args)
    assert (result.exit_code, result.output) == (2, italian)
    assert run("--lang", "en", *args).output == english


def test_click_still_uses_every_string_the_catalogue_translates():
    """The catalogue translates click's own strings: a click release that rewords one shows up here."""
    literals: set = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    assert set(CLICK_ITALIAN) - literals == set()
    assert {text for pair in CLICK_ITALIAN_PLURAL | CLICK_ENGLISH_PLURAL for text in pair} - literals == set()


def test_an_italian_command_name_is_the_same_command(tmp_path):
    out = tmp_path / "distretto.xlsx"
    assert run("nuovo", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(out)).exit_code == 0
    assert run("stato", str(out)).output == run("status", str(out)).output


def test_errors_in_english(tmp_path):
    result = run("--lang", "en", "status", str(tmp_path / "assente.xlsx"))
    assert (result.exit_code, result.output) == (
        2, f"Error: {tmp_path / 'assente.xlsx'}: the file does not exist: check the name and the folder\n")
    programme = tmp_path / "programma.toml"
    programme.write_text(sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8")
                         .replace('percentuale = "25%"', 'percentuale = "venticinque"'), encoding="utf-8")
    result = run("--lang", "en", "new", str(programme), "-o", str(tmp_path / "d.xlsx"))
    assert result.output == (
        "Error: The programme file is not valid.\n"
        "  - programma.toml › row 282 › azione 4.2 › indicatore 4.2.a: percentuale = 'venticinque' is not a "
        "percentage: write e.g. percentuale = \"20%\"\n")


# -- errors that name the real mistake ---------------------------------------------------------

def test_a_programme_file_given_as_the_workbook(tmp_path):
    programme = tmp_path / "programma.toml"
    shutil.copy(sample_path(SAMPLE_PROGRAMME), programme)
    result = run("status", str(programme))
    assert (result.exit_code, result.output) == (2, (
        "Errore: programma.toml: è un file di programma (.toml), non una cartella di lavoro: per creare il file "
        "del distretto: xlsync nuovo programma.toml -o distretto.xlsx\n"))
    assert run("--lang", "en", "stato", str(programme)).output == (
        "Error: programma.toml: this is a programme file (.toml), not a workbook: to create the district workbook: "
        "xlsync new programma.toml -o distretto.xlsx\n")


def test_update_with_its_arguments_swapped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(sample_path(SAMPLE_PROGRAMME), "programma.toml")
    run("new", "programma.toml", "-o", "distretto.xlsx")
    before = Path("distretto.xlsx").read_bytes()
    result = run("update", "programma.toml", "distretto.xlsx")
    assert (result.exit_code, result.output) == (2, (
        "Errore: gli argomenti sono scambiati: prima il file del distretto, poi il file di programma: "
        "xlsync aggiorna distretto.xlsx programma.toml\n"))
    assert run("update", "distretto.xlsx", "distretto.xlsx").output == (
        "Errore: distretto.xlsx: è una cartella di lavoro, ma non la revisione di un programma scritta da «xlsync "
        "importa»: indicare il file di programma (.toml) o la revisione (.xlsx, .ods) scritta da xlsync importa\n")
    assert Path("distretto.xlsx").read_bytes() == before


def test_new_given_the_published_programme_suggests_import(tmp_path):
    published = tmp_path / "programma.txt"
    published.write_text("PROGRAMMA DI LAVORO 2024\n", encoding="utf-8")
    result = run("new", str(published), "-o", str(tmp_path / "distretto.xlsx"))
    assert (result.exit_code, result.output) == (2, (
        "Errore: programma.txt: è il programma pubblicato, non un file di programma: leggerlo prima con xlsync "
        "importa programma.txt -o programma.toml, poi xlsync nuovo programma.toml -o distretto.xlsx\n"))
    assert run("--lang", "en", "nuovo", str(published), "-o", str(tmp_path / "d.xlsx")).output == (
        "Error: programma.txt: this is the published programme, not a programme file: read it first with xlsync "
        "import programma.txt -o programma.toml, then xlsync new programma.toml -o distretto.xlsx\n")


def test_a_merge_names_the_rows_problems_in_english_when_asked(tmp_path):
    district = tmp_path / "distretto.xlsx"
    run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(district))
    dial = sample_path("ritorni") / "Evidenze 2024 - Dial Funghi.xlsx"
    lines = run("--lang", "en", "merge", str(district), str(dial)).output.splitlines()
    assert lines[1:3] == [
        "  warning: Evidenze 2024 - Dial Funghi.xlsx › Evidenze › E2: “Pro Loco di Pergine” is not a member of the "
        "district: check the name (list in the sheet “Aderenti”)",
        "  Evidenze 2024 - Dial Funghi.xlsx › Evidenze › D3: “sette” is not a quantity: type a number above zero, for "
        "example 1 or 2.5 (empty counts 1)"]


def test_the_district_named_as_a_return_is_refused(tmp_path):
    district = tmp_path / "distretto.xlsx"
    run("new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(district))
    before = district.read_bytes()
    result = run("merge", str(district), str(district))
    assert result.exit_code == 2
    assert result.output == ("Errore: distretto.xlsx: è il file del distretto in cui si unisce (o una sua versione "
                             "precedente), non il file di un aderente: indicare i file restituiti dagli aderenti, o la "
                             "cartella che li contiene\n")
    assert district.read_bytes() == before


# -- what each start imports ----------------------------------------------------------------------

_HEAVY = ("xlsxwriter", "python_calamine", "pdfplumber", "docx", "lxml", "filelock", "isal", "xlsync.workbook.writer",
          "xlsync.programme.published", "xlsync.libreoffice.soffice", "xlsync.libreoffice.bundle", "xlsync.excel")


def _imported(code: str) -> set[str]:
    """The heavy modules a fresh interpreter has imported after running `code`."""
    probe = (f"import sys\n{code}\n"
             f"print(' '.join(sorted(m for m in sys.modules if m.startswith({_HEAVY!r}))), file=sys.stderr)")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {name.split(".")[0] if not name.startswith("xlsync") else name for name in found.stderr.split()}


@pytest.mark.parametrize("code, allowed", [
    ("import xlsync", set()),
    ("from xlsync.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass", set()),
    # What a merge's worker processes import: the reading and checking, not the writer.
    ("import xlsync.partners.intake", {"python_calamine"}),
    # A merge with nothing new needs the lock and the ledger, not the writer.
    ("import xlsync.partners.merge", {"python_calamine", "filelock"}),
])
def test_a_start_imports_only_what_it_runs(code, allowed):
    assert _imported(code) <= allowed


def test_the_command_line_offers_every_system_an_extension_is_built_for():
    from xlsync.cli_office import SYSTEMS
    from xlsync.libreoffice.bundle import SYSTEMS as BUILT

    assert tuple(sorted(BUILT)) == SYSTEMS


def test_the_package_names_are_there_when_used():
    import xlsync

    assert set(xlsync.__all__) <= set(dir(xlsync))
    assert xlsync.status is status and xlsync.write_district.__module__ == "xlsync.workbook.writer"
    with pytest.raises(AttributeError):
        xlsync.no_such_name  # noqa: B018


def test_output_cut_short_by_its_reader_is_no_error(tmp_path):
    """`xlsync stato … | head -1`: the reader goes away; the work was done, nothing to blame, exit code 1
    (not all was seen)."""
    import os

    from xlsync.programme.toml_file import load
    from xlsync.workbook.writer import write_district

    district = tmp_path / "distretto.xlsx"
    write_district(load(sample_path(SAMPLE_PROGRAMME)), district)
    read, write = os.pipe()
    os.close(read)  # gone before the first line, as `head` is once it has what it wanted
    try:
        done = subprocess.run([sys.executable, "-m", "xlsync", "stato", str(district)], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, "")  # no «errore del sistema (Broken pipe)», no traceback
