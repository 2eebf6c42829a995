"""The application layer: every command one call, its result rendered in Italian or English; the same
commands for the office suites' menus (`xlsync.menu`)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

import xlsync
from xlsync import application, menu
from xlsync.catalogue.commands import HELP, METAVARS, NOUNS, TEXTS, counted, say
from xlsync.cli import cli
from xlsync.demo import PUBLISHED, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path

ROOT = Path(__file__).resolve().parents[1]

# Words only an Italian sentence of the command line has.
ITALIAN = re.compile(r"\b(Scritto|azion[ei]|indicator[ei]|voc[ei]|realizzazione|aderent[ei]|Poi|verificare|"
                     r"referente|coinvolta|evidenz[ae]|invi[oi]|Non considerato|inviare)\b")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="xlsync")


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    path = tmp_path_factory.mktemp("district") / "distretto.xlsx"
    application.create_district(sample_path(SAMPLE_PROGRAMME), path)
    return path


def test_new_says_what_it_wrote_in_the_language_asked(tmp_path):
    out = tmp_path / "d.xlsx"
    english = run("--lang", "en", "new", str(sample_path(SAMPLE_PROGRAMME)), "-o", str(out))
    assert (english.exit_code, english.output) == (0, (
        f"Written {out}: Distretto Family Audit Alta Valsugana 2024, 29 actions, 40 indicators, 35 scoring lines "
        "(realisation 0.0%).\n"))
    created = xlsync.create_district(sample_path(SAMPLE_PROGRAMME), out, force=True)
    assert created.text() == (f"Scritto {out}: Distretto Family Audit Alta Valsugana 2024, 29 azioni, 40 indicatori, "
                              "35 voci (realizzazione 0,0%).")
    assert created.value == 0.0 and xlsync.status(out).value == 0.0


def test_import_names_the_next_command_in_the_language_asked(tmp_path):
    published = sample_path(PUBLISHED)
    italian = run("import", str(published), "-o", str(tmp_path / "p.toml")).output.splitlines()
    english = run("--lang", "en", "importa", str(published), "-o", str(tmp_path / "q.toml")).output.splitlines()
    assert italian[0].startswith(f"Scritto {tmp_path / 'p.toml'}: Distretto Family Audit Alta Valsugana 2024, ")
    assert italian[-1] == f"Poi: xlsync nuovo {tmp_path / 'p.toml'} -o distretto.xlsx"
    assert english[0] == (f"Written {tmp_path / 'q.toml'}: Distretto Family Audit Alta Valsugana 2024, 19 V.A.M.T. actions "
                          "and 10 projects, 40 indicators, 6 members.")
    assert english[1].startswith("To check by hand (") and english[1].endswith(", also at the top of the file):")
    assert english[-1] == f"Then: xlsync new {tmp_path / 'q.toml'} -o distretto.xlsx"
    assert not [line for line in english if ITALIAN.search(line) and not line.startswith("  - ")]


def test_distribute_and_rollup_in_english_have_no_italian_sentence(district, tmp_path):
    work = tmp_path / "distretto.xlsx"
    shutil.copy(district, work)
    lines = run("--lang", "en", "distribute", str(work), "-o", str(tmp_path / "out")).output.splitlines()
    assert lines[0] == (f"{tmp_path / 'out' / 'Evidenze 2024 - CS4.xlsx'}: C.S.4. SOCIETA' COOPERATIVA SOCIALE O.N.L.U.S. "
                        "(lead in 3 actions, involved in 7)")
    assert lines[-1] == f"6 files to send to the members in {tmp_path / 'out'}."
    rolled = run("--lang", "en", "rollup", str(work), "-o", str(tmp_path / "overview.xlsx")).output.splitlines()
    assert rolled == ["Distretto Family Audit Alta Valsugana 2024: 0.0% (NOT ELIGIBLE), 0 pieces of evidence, 0 returns",
                      f"Written {tmp_path / 'overview.xlsx'}."]
    said = re.sub(r"Evidenze 2024 - [^:/]*\.xlsx", "", "\n".join(lines + rolled).replace(str(tmp_path), ""))
    assert not ITALIAN.search(said), said
    italian = run("distribuisci", str(work), "-o", str(tmp_path / "out"), "--force").output.splitlines()
    assert italian[-1] == f"6 file da inviare agli aderenti in {tmp_path / 'out'}." and ITALIAN.search(italian[0])


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_a_count_agrees_with_its_noun(noun):
    (one_it, many_it), (one_en, many_en) = NOUNS[noun]
    assert counted(1, noun) == (f"1 {one_it}", f"1 {one_en}")
    assert counted(2, noun) == (f"2 {many_it}", f"2 {many_en}")
    assert counted(0, noun) == (f"0 {many_it}", f"0 {many_en}")
    assert say("partner file", "it", path="a.xlsx", member="Soste", led=counted(1, "action"), involved=2) == (
        "a.xlsx: Soste (referente in 1 azione, coinvolta in 2)")
    assert application.ProgrammeRead(None, 1).notices() == [
        "Attenzione: 1 riga della revisione ancora «da verificare», usata come letta (--force)."]
    assert application.ProgrammeRead(None, 9).notices("en") == [
        "Warning: 9 rows of the review still to check, taken as read (--force)."]


def test_every_text_has_both_languages_with_the_same_values():
    for catalogue in (HELP, METAVARS, TEXTS):
        for key, (italian, english) in catalogue.items():
            assert italian.strip() and english.strip(), key
            assert set(re.findall(r"{(\w+)}", italian)) == set(re.findall(r"{(\w+)}", english)), key
    # Italian texts name the Italian commands, English ones the English names.
    for key, (italian, english) in {**HELP, **TEXTS}.items():
        assert not re.search(r"xlsync (new|import|status|distribute|validate|merge|sync|update|export|diff|rollup)\b",
                             italian), key
        assert not re.search(r"xlsync (nuovo|importa|stato|distribuisci|verifica|unisci|sincronizza|aggiorna|esporta|"
                             r"confronta|riepiloga)\b", english), key


def test_every_text_of_the_catalogue_is_used():
    code = "\n".join(path.read_text(encoding="utf-8") for path in [*(ROOT / "xlsync").rglob("*.py"),
                                                                   ROOT / "macros" / "xlsync_calc.py"]
                     if path.parent.name != "catalogue")
    for catalogue in (HELP, METAVARS, TEXTS, NOUNS):
        assert [key for key in catalogue if f'"{key}"' not in code] == []


def test_the_command_line_has_no_text_of_its_own():
    """Every sentence the front ends show is in the catalogue: no Italian word in their code's strings."""
    for name in ("xlsync/cli.py", "xlsync/cli_office.py", "xlsync/menu.py", "xlsync/application.py",
                 "xlsync/excel/functions.py"):
        code = (ROOT / name).read_text(encoding="utf-8")
        strings = re.findall(r'(?<![\w"])f?"([^"\n]*)"', code)
        assert not [text for text in strings if re.search(r"\b(Scritto|Fatto|azioni|aderenti|Errore|cartella)\b", text)], name
    assert len((ROOT / "xlsync" / "cli.py").read_text(encoding="utf-8").splitlines()) < 400


def test_the_menu_answers_every_command_as_the_command_line_ends(district, tmp_path):
    work = tmp_path / "distretto.xlsx"
    shutil.copy(district, work)
    merged = menu.run("merge", str(work), str(sample_path(SAMPLE_RETURNS)))
    assert merged.code == menu.LOOK  # Dial Funghi's rows with mistakes set aside
    assert merged.text.splitlines()[-1].startswith("Realizzazione del programma: ")
    status = menu.run("status", str(work))
    assert status.code == menu.DONE and status.table["eligible"] is False
    assert status.table["verdict"] == "Realizzazione del programma: 65,4% (soglia 80,0%): NON AMMISSIBILE"
    assert status.text.splitlines()[-1] == status.table["verdict"]
    missing = menu.run("status", str(tmp_path / "assente.xlsx"))
    assert missing == menu.Answer(menu.FAILED, f"{tmp_path / 'assente.xlsx'}: il file non esiste: controllare il nome e "
                                               "la cartella")
    assert menu.run("status", str(tmp_path / "assente.xlsx"), lang="en").text.endswith(
        ": the file does not exist: check the name and the folder")


def test_a_fault_in_a_menu_command_is_an_answer_with_what_to_send(district, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("guasto")

    monkeypatch.setattr(application, "district_status", broken)
    answer = menu.run("status", str(district))
    assert answer.code == menu.FAILED and answer.table is None
    assert answer.text.startswith("xlsync si è fermato per un errore inatteso (RuntimeError: guasto). Inviare questo "
                                  "messaggio a chi cura xlsync.\n\nTraceback")


def test_every_command_is_a_call_of_the_library(district, tmp_path):
    found = xlsync.district_status(district)
    assert found.result == xlsync.status(district) and [member.name for member in found.behind] == [
        member.name for member in found.members]
    assert found.as_json()["open_conflicts"] == 0 and "reminders" not in found.as_json()
    assert set(found.letters) == {member.name for member in found.behind}
    with pytest.raises(xlsync.XlsyncError) as refused:
        xlsync.export_district(district, district, force=True)
    assert refused.value.text("en") == ("distretto.xlsx: this is the district workbook: it is not overwritten, not even "
                                        "with --force: give another name")


def test_a_date_that_is_none_is_named_in_the_users_words(district):
    italian = run("stato", str(district), "--reminders", "--by", "31/02/2024")
    assert italian.exit_code == 2 and italian.output.endswith(
        "Errore: Valore non valido per '--by': «31/02/2024» non è una data: scriverla come GG/MM/AAAA, ad esempio "
        "15/12/2024\n")
    english = run("--lang", "en", "status", str(district), "--by", "domani")
    assert english.output.endswith("Error: Invalid value for '--by': “domani” is not a date: write it as DD/MM/YYYY, "
                                   "for example 15/12/2024\n")
    assert "--- Soste ---" in run("stato", str(district), "--reminders", "--by", "2024-12-15").output


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize(("front_end", "allowed"), [
    ("xlsync/cli.py", {"xlsync", "xlsync.catalogue.commands", "xlsync.cli_group", "xlsync.cli_language",
                       "xlsync.cli_office", "xlsync.report"}),
    ("xlsync/menu.py", {"xlsync", "xlsync.catalogue.commands", "xlsync.errors", "xlsync.report",
                        "xlsync.libreoffice.soffice"}),
    ("macros/xlsync_calc.py", {"xlsync", "xlsync.catalogue.commands"}),
    # the worksheet functions show a result's figures as the workbook does (`shown`)
    ("xlsync/excel/functions.py", {"xlsync", "xlsync.application", "xlsync.catalogue.commands", "xlsync.errors",
                                   "xlsync.scoring.engine"}),
])
def test_a_front_end_calls_the_application_layer_and_renders(front_end, allowed):
    """No front end reaches into the layers below the application layer: it parses, calls, renders."""
    imported = {name for name in _imported_modules(ROOT / front_end) if name.startswith("xlsync")}
    assert imported <= allowed, imported - allowed


def test_a_rule_is_scored_as_the_programme_writes_it():
    assert application.rule_realisation("20% per ogni incontro", [3]) == pytest.approx(0.6)
    assert application.rule_realisation("20% per ogni incontro", []) == 0.0
    with pytest.raises(xlsync.XlsyncError) as refused:
        application.rule_realisation("20% per ogni incontro", [1, 2])
    assert (str(refused.value), refused.value.text("en")) == (
        "la regola conta un tipo di evidenza e le quantità date sono 2",
        "the rule counts one kind of evidence and 2 quantities are given")
    with pytest.raises(xlsync.XlsyncError) as refused:
        application.rule_realisation("boh " * 30, [1])
    assert refused.value.text("en") == ("rule not recognised: “" + "boh " * 14 + "boh…”: write for example «20% per "
                                        "ogni incontro» or «100% restituzione di almeno 2 verbali»")


@settings(max_examples=examples(100), deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)), noise=st.text(max_size=12))
def test_a_date_is_read_as_written_or_named_never_a_traceback(day, noise):
    from xlsync.cli import _Date

    assert _Date().convert(f"{day:%d/%m/%Y}", None, None) == day == _Date().convert(day.isoformat(), None, None)
    try:
        found = _Date().convert(noise, None, None)
    except click.BadParameter as refused:
        assert refused.message == say("not a date", "it", value=noise)
    else:
        assert isinstance(found, dt.date) and noise.strip()
