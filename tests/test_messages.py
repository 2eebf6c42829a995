"""The message catalogue: every message in Italian and English, with the same values to fill in."""

from __future__ import annotations

import string

import pytest

from xlsync import messages
from xlsync.errors import ProgrammeError
from xlsync.libreoffice import soffice
from xlsync.libreoffice.soffice import INSTALLED
from xlsync.programme.toml_file import loads


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(messages.CATALOGUE))
def test_italian_and_english_take_the_same_values(key):
    (what_it, fix_it), (what_en, fix_en) = messages.CATALOGUE[key]
    assert placeholders(what_it) | placeholders(fix_it) == placeholders(what_en) | placeholders(fix_en)
    assert what_it.strip() and what_en.strip() and what_it != what_en
    assert bool(fix_it) == bool(fix_en)


def test_an_error_from_the_catalogue_in_both_languages():
    error = messages.error("other_programme", "distretto.xlsx", cls=ProgrammeError, found="Distretto Famiglia Valsugana",
                           found_year=2024, expected="Distretto Family Audit Alta Valsugana", expected_year=2024)
    assert isinstance(error, ProgrammeError)
    assert error.text() == str(error) == (
        "distretto.xlsx: il programma è del «Distretto Famiglia Valsugana» 2024, il file del «Distretto Family "
        "Audit Alta Valsugana» 2024: indicare il programma dello stesso distretto e anno")
    assert error.text("en") == (
        "distretto.xlsx: the programme belongs to “Distretto Famiglia Valsugana” 2024, the workbook to “Distretto "
        "Family Audit Alta Valsugana” 2024: give the programme of the same district and year")


def test_the_programme_files_problems_in_both_languages():
    text = 'formato = 1\n[programma]\ndistretto = "D"\nanno = "duemila"\nunita = 3\n'
    with pytest.raises(ProgrammeError) as caught:
        loads(text, source="programma.toml")
    assert caught.value.text().splitlines() == [
        "Il file di programma non è valido.",
        "  - programma.toml › [programma]: chiave sconosciuta 'unita': chiavi ammesse: anno, capofila, "
        "determinazione_data, determinazione_numero, dipendenti, distretto",
        "  - programma.toml › [programma]: anno 'duemila' non valido: scrivere ad es. anno = 2024",
        "  - programma.toml › azioni: nessuna azione conta per la realizzazione: indicare conta = true su almeno "
        "un'azione"]
    assert caught.value.text("en").splitlines() == [
        "The programme file is not valid.",
        "  - programma.toml › [programma]: unknown key 'unita': allowed keys: anno, capofila, determinazione_data, "
        "determinazione_numero, dipendenti, distretto",
        "  - programma.toml › [programma]: anno 'duemila' is not a valid year: write e.g. anno = 2024",
        "  - programma.toml › azioni: no action counts towards the realisation: set conta = true on at least one "
        "action"]


@pytest.mark.parametrize(("platform", "italian", "english"), [
    ("win32", "installarlo da https://it.libreoffice.org/download/ (o con winget install "
              "TheDocumentFoundation.LibreOffice)",
              "install it from https://www.libreoffice.org/download/ (or with winget install "
              "TheDocumentFoundation.LibreOffice)"),
    ("darwin", "installarlo da https://it.libreoffice.org/download/ nella cartella Applicazioni (o con brew "
               "install --cask libreoffice)",
               "install it from https://www.libreoffice.org/download/ in the Applications folder (or with brew "
               "install --cask libreoffice)"),
    ("linux", "installarlo con il gestore dei pacchetti, ad esempio sudo apt-get install libreoffice-calc-nogui",
              "install it with the package manager, for example sudo apt-get install libreoffice-calc-nogui"),
])
def test_the_libreoffice_hint_is_for_the_system(platform, italian, english):
    assert soffice.install_hint(platform) == (italian, english)
    error = messages.error("libreoffice_missing", cls=soffice.LibreOfficeMissing, what="soffice",
                           hint=soffice.install_hint(platform))
    assert error.text() == f"LibreOffice non è installato (manca soffice): {italian}, e riprovare"
    assert error.text("en") == f"LibreOffice is not installed (soffice is missing): {english}, and try again"


def test_libreoffice_is_found_where_its_installer_puts_it(tmp_path, monkeypatch):
    """On Windows and macOS LibreOffice is rarely on PATH: it is looked for where it installs itself."""
    installed = tmp_path / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice, "INSTALLED", (tmp_path / "Program Files" / "soffice.exe", installed))
    assert soffice.soffice() is None
    installed.parent.mkdir(parents=True)
    installed.write_text("", encoding="utf-8")
    assert soffice.soffice() == str(installed)
    assert any("Program Files (x86)" in str(place) for place in INSTALLED)


@pytest.mark.parametrize("key", sorted(messages.TEXTS))
def test_every_text_has_italian_and_english_with_the_same_values(key):
    italian, english = messages.TEXTS[key]
    assert isinstance(italian, tuple) == isinstance(english, tuple)
    forms = (italian, english) if isinstance(italian, str) else (*italian, *english)
    assert all(form.strip() for form in forms)
    assert len({frozenset(placeholders(form) - {"n"}) for form in forms}) == 1


@pytest.mark.parametrize(("key", "count", "italian", "english"), [
    ("rows_read", 1, "1 riga letta", "1 row read"),
    ("rows_read", 2, "2 righe lette", "2 rows read"),
    ("rows_read", 0, "0 righe lette", "0 rows read"),
    ("rows_updated", 1, "1 aggiornata", "1 updated"),
    ("refused_rows", 1, "la sua riga va in «Scarti»", "its row goes to «Scarti»"),
    ("refused_rows", 4, "le sue 4 righe vanno in «Scarti»", "its 4 rows go to «Scarti»"),
    ("ready", 1, "1 file aggiornato era già pronto in da-inviare.", "1 updated file was already ready in da-inviare."),
])
def test_a_count_agrees_in_both_languages(key, count, italian, english):
    assert messages.both(key, n=count, folder="da-inviare") == (italian, english)


def test_the_language_of_the_moment_is_italian_outside_a_command():
    assert messages.language() == "it"
    messages.set_language("en")
    try:
        assert messages.text("rows", n=3) == "3 rows"
    finally:
        messages.set_language(None)
    assert messages.text("rows", n=1) == "1 riga"


def test_the_verdict_is_the_one_the_workbook_writes():
    from xlsync.vocabulary import layout
    assert messages.both("eligible") == (layout.ELIGIBLE_TEXT, "ELIGIBLE")
    assert messages.both("not_eligible") == (layout.NOT_ELIGIBLE_TEXT, "NOT ELIGIBLE")


@pytest.mark.parametrize(("where", "english"), [
    ("Evidenze 2024 - Soste.xlsx › Evidenze › riga 3", "Evidenze 2024 - Soste.xlsx › Evidenze › row 3"),
    ("programma.txt › pag. 3, tabella riga 2", "programma.txt › p. 3, table row 2"),
    ("riga 5", "row 5"),
    ("riga 5.xlsx › Evidenze", "riga 5.xlsx › Evidenze"),  # a file's name stays as it is
])
def test_a_place_in_english(where, english):
    assert messages.problem("missing_file", where).text("en").startswith(english + ": ")


@pytest.mark.parametrize(("count", "italian", "english"), [
    (1, "r.xlsx: 1 riga della revisione è ancora «da verificare»: controllarla e scrivere «confermato» nella colonna "
        "«Stato», o usare --force per usarla come letta",
     "r.xlsx: 1 row of the review is still “da verificare” (to check): check it and write “confermato” in the “Stato” "
     "column, or use --force to take it as read"),
    (3, "r.xlsx: 3 righe della revisione sono ancora «da verificare»: controllarle e scrivere «confermato» nella "
        "colonna «Stato», o usare --force per usarle come lette",
     "r.xlsx: 3 rows of the review are still “da verificare” (to check): check them and write “confermato” in the "
     "“Stato” column, or use --force to take them as read"),
])
def test_a_problem_agrees_with_its_count(count, italian, english):
    found = messages.problem("review_pending", "r.xlsx", count=count)
    assert (found.text(), found.text("en")) == (italian, english)


def test_no_key_is_in_two_parts_of_the_catalogue():
    from xlsync.catalogue import click_words, letters, programme, reports, returns, scoring, system
    parts = [returns.ENTRIES, programme.ENTRIES, system.ENTRIES, reports.TEXTS, scoring.TEXTS, letters.TEXTS,
             click_words.TEXTS, system.TEXTS, returns.TEXTS]
    assert sum(map(len, parts)) == len(messages.CATALOGUE) + len(messages.TEXTS)
