"""Importing the published work programme: the seed text gives the bundled sample exactly; variants
of numbers, wording and projects are read or listed for checking (PDF and DOCX layouts:
test_published_documents.py; wordings: test_published_grammar.py)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from xlsync.cli import cli
from xlsync.demo import PUBLISHED, SAMPLE_PROGRAMME, sample_path
from xlsync.errors import XlsyncError
from xlsync.programme.model import RuleKind
from xlsync.programme.published import import_text, programme_file_text, read_document
from xlsync.programme.toml_file import load
from xlsync.programme.toml_file import loads as load_text

SEED = sample_path(PUBLISHED).read_text(encoding="utf-8")
SAMPLE = load(sample_path(SAMPLE_PROGRAMME))


def imported(text: str = SEED):
    return import_text(text, "programma.txt")


def indicator(programme, code):
    return next(ind for ind in programme.indicators if ind.code == code)


def test_the_seed_gives_the_bundled_sample_exactly():
    result = imported()
    assert programme_file_text(result, PUBLISHED) == sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8")
    assert result.programme == SAMPLE


def test_what_the_seed_says_is_read():
    programme = imported().programme
    assert (programme.district, programme.year, programme.decree_number, str(programme.decree_date)) == (
        "Distretto Family Audit Alta Valsugana", 2024, "7522", "2024-07-16")
    assert (programme.lead_organisation, programme.employees, programme.settings.threshold) == (
        "Comune di Pergine Valsugana", 523, 0.8)
    assert [(a.role, a.name, a.email) for a in programme.actors][1:] == [
        ("Coordinatrice istituzionale", "Elisa Bortolamedi", "elisa.bortolamedi@comune.pergine.tn.it"),
        ("Manager territoriale", "Marianna Mocellini", "marianna.mocellini@comune.pergine.tn.it"),
        ("Referente amministrativo", "Nicola Paviglianiti", "nicola.paviglianiti@comune.pergine.tn.it")]
    assert [(m.name, m.short_name, str(m.joined)) for m in programme.members] == [
        ("C.S.4. SOCIETA' COOPERATIVA SOCIALE O.N.L.U.S.", "CS4", "2022-07-15"),
        ("COMUNE DI PERGINE VALSUGANA", "Comune di Pergine Valsugana", "2022-07-15"),
        ("ASIF CHIMELLI", "ASIF Chimelli", "2022-07-15"),
        ("COMUNITÀ ALTA VALSUGANA E BERSNTOL", "Comunità Alta Valsugana e Bersntol", "2022-07-15"),
        ("SOSTE SOCIETA' A RESPONSABILITA' LIMITATA", "Soste", "2022-07-15"),
        ("DIAL FUNGHI S.R.L.", "Dial Funghi", "2022-12-16")]
    kinds = {ind.code: (ind.kind.value, [(ln.code, ln.percent, ln.required, ln.unit) for ln in ind.lines], ind.linked_to)
             for ind in programme.indicators}
    assert kinds["1.1.a"] == ("almeno", [("1.1.a", None, 2, "verbali")], None)
    assert kinds["1.3.a"] == ("collegata", [], "P10")
    assert kinds["1.4.a"] == ("collegata", [], "P01")
    assert kinds["2.1.a"][0] == kinds["2.1.b"][0] == "si_no"
    assert kinds["2.2.a"] == ("per_unita", [("2.2.a", 0.2, None, "incontri")], None)
    assert kinds["3.3.a"] == ("per_distinto", [("3.3.a", 0.2, None, "organizzazioni aderenti")], None)
    assert kinds["4.1.a"] == ("per_unita", [("4.1.a.1", 0.01, None, "post pubblicati"),
                                            ("4.1.a.2", 0.1, None, "post originali pubblicati")], None)
    assert kinds["4.2.a"] == ("per_unita", [("4.2.a", 0.25, None, "comunicati stampa")], None)
    assert kinds["6.1.a"][0] == kinds["7.1.a"][0] == "manuale"
    assert [kinds[f"8.{n}.a"][2] for n in (1, 2, 3)] == ["P02", "P05", "P07"]
    assert kinds["P04.a"] == ("almeno", [("P04.a", None, 1, "nuovo produttore")], None)
    assert indicator(programme, "2.2.a").evidence_hint == "elenco con data, argomento trattato e persone coinvolte"
    p02 = programme.action("P02").project
    assert p02.classification == ("A0305 Co-progettazione attività del progetto strategico del Distretto famiglia",
                                  "E0310 Pari opportunità e tematiche di genere: Incontri formativi e informativi")
    assert [ind.text for ind in programme.action("P02").indicators] == [
        "Realizzazione co-progettazione", "Realizzazione dell'esposizione fotografica in Alta Valsugana",
        "Realizzazione di n. 2 post Facebook di promozione"]
    # two indicators written for three percentages: the written ones go where they fit
    assert [ind.text for ind in programme.action("P07").indicators] == [
        "Redazione di un report", "Costruzione di una mappa dei servizi conciliativi già presenti sul territorio",
        "Strumenti informativi su servizi di conciliazione estivi"]


def test_what_the_seed_leaves_open_is_listed_with_the_published_words():
    checks = imported().checks
    assert [check.where for check in checks] == [
        "progettualità n.3", "progettualità n.7", "progettualità n.8", "progettualità n.9", "progettualità n.10",
        "area 6", "area 7", "area 8"]
    assert "scelte n.2, n.5, n.7" in checks[-1].what
    assert checks[-1].published.startswith("3 azioni a scelta tra le progettualità facoltative")
    assert "Strumenti informativi su servizi di conciliazione estivi" in checks[1].published


# -- variants --------------------------------------------------------------------------------------

def test_other_numbers_and_wordings():
    text = (SEED.replace("25% per ogni comunicato stampa", "30% per ciascun comunicato stampa ad ogni comunicato stampa")
            .replace("almeno 2 verbali", "almeno 3 verbali")
            .replace("20% per ogni incontro. Evidenze", "12,5% ad ogni incontro realizzato. Evidenze")
            .replace('specifica: AMBIENTE - WELFARE TERRITORIALE "Volontariato aziendale"',
                     "specifica: AMBIENTE - WELFARE TERRITORIALE «Volontariato aziendale»")
            .replace("DETERMINAZIONE DEL DIRIGENTE N. 7522 DEL 16 LUGLIO 2024",
                     "DETERMINAZIONE DEL DIRIGENTE N. 812 DI DATA 3 MARZO 2024")
            .replace("non inferiore all'80%", "non inferiore all'75%"))
    programme = imported(text).programme
    assert indicator(programme, "4.2.a").lines[0].percent == 0.3
    assert indicator(programme, "1.1.a").lines[0].required == 3
    assert indicator(programme, "2.2.a").lines[0].percent == 0.125
    assert indicator(programme, "1.3.a").linked_to == "P10"
    assert (programme.decree_number, str(programme.decree_date)) == ("812", "2024-03-03")
    assert programme.settings.threshold == 0.75


def test_a_project_removed_leaves_its_link_to_check():
    text = SEED[:SEED.index("PROGETTUALITÀ n.10")] + SEED[SEED.index("ORGANIZZAZIONI ADERENTI"):]
    result = imported(text)
    assert "P10" not in {action.code for action in result.programme.actions}
    assert indicator(result.programme, "1.3.a").kind is RuleKind.MANUAL
    assert [check.where for check in result.checks if "non si trova" in check.what] == ["azione 1.3"]


def test_a_project_added_and_a_title_written_differently():
    block = ("PROGETTUALITÀ n.11 WELFARE AZIENDALE\t\nObiettivo generale.\tSostenere i dipendenti\n"
             "Titolo.\tSPORTELLO DI ASCOLTO\nOrganizzazione referente.\tSoste srl\nTempi.\tEntro 31 dicembre 2024\n"
             "Indicatore/i di valutazione.\tAttivazione dello sportello Comunicazione ai dipendenti\n"
             "AZIONE V.A.M.T. Percentuale/i di valutazione.\t100% per l'attivazione dello sportello 25% per ogni mail\n"
             "Classificazione.\tB0101 Sportelli\n\n")
    text = SEED.replace("ORGANIZZAZIONI ADERENTI", block + "ORGANIZZAZIONI ADERENTI")
    text = text.replace('"Supporto alla fragilità familiare"', '"Supporto alle fragilità familiari"')
    result = imported(text)
    p11 = result.programme.action("P11")
    assert [(ind.text, ind.kind, ind.lines[0].percent) for ind in p11.indicators] == [
        ("Attivazione dello sportello", RuleKind.YES_NO, None),
        ("Comunicazione ai dipendenti", RuleKind.PER_UNIT, 0.25)]
    assert indicator(result.programme, "5.1.a").linked_to == "P03"
    assert any(check.where == "azione 5.1" and "scritto diversamente" in check.what for check in result.checks)


def test_optional_projects_named_in_the_text_are_taken_as_named():
    text = SEED.replace("8. 3 AZIONI A SCELTA TRA LE PROGETTUALITÀ FACOLTATIVE (Per queste",
                        "8. 3 AZIONI A SCELTA TRA LE PROGETTUALITÀ FACOLTATIVE (n. 4, 6 e 9. Per queste")
    result = imported(text)
    assert [indicator(result.programme, f"8.{n}.a").linked_to for n in (1, 2, 3)] == ["P04", "P06", "P09"]
    assert "area 8" not in {check.where for check in result.checks}


def test_a_text_that_is_not_a_programme_is_refused():
    with pytest.raises(XlsyncError, match="non dice l'anno del programma"):
        imported("Verbale della riunione del condominio.")


# -- documents ---------------------------------------------------------------------------------

def test_a_damaged_or_unknown_document_is_named(tmp_path):
    broken = tmp_path / "programma.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(XlsyncError, match=r"programma\.pdf: il documento non si legge"):
        read_document(broken)
    other = tmp_path / "programma.odt"
    other.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(XlsyncError, match=r"programma\.odt"):
        read_document(other)


# -- the command ---------------------------------------------------------------------------------

def test_two_commands_from_the_published_text_to_the_district_workbook(tmp_path):
    runner = CliRunner()
    programme = tmp_path / "programma.toml"
    result = runner.invoke(cli, ["import", str(sample_path(PUBLISHED)), "-o", str(programme)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"Scritto {programme}: Distretto Family Audit Alta Valsugana 2024, 19 azioni V.A.M.T. e "
                        f"10 progettualità, 40 indicatori, 6 aderenti.")
    assert lines[1] == "Da verificare a mano (8, anche in cima al file):"
    assert lines[-2].startswith("  - area 8: il programma non nomina le 3 progettualità facoltative")
    assert programme.read_text(encoding="utf-8").startswith("# Programma di lavoro 2024 — Distretto Family Audit")
    assert load(programme) == SAMPLE
    result = runner.invoke(cli, ["new", str(programme), "-o", str(tmp_path / "distretto.xlsx")])
    assert result.exit_code == 0 and (tmp_path / "distretto.xlsx").exists()


def test_strict_writes_nothing_when_something_is_to_check(tmp_path):
    programme = tmp_path / "programma.toml"
    result = CliRunner().invoke(cli, ["import", str(sample_path(PUBLISHED)), "-o", str(programme), "--strict"])
    assert result.exit_code == 2
    assert "8 letture da verificare a mano (--strict: nessun file scritto)" in result.output
    assert not programme.exists()


def test_the_command_refuses_a_wrong_or_existing_output(tmp_path):
    existing = tmp_path / "programma.toml"
    existing.write_text("mio", encoding="utf-8")
    for output, message in ((existing, "esiste già"), (tmp_path / "programma.csv", "finisce con .toml o .xlsx o .ods")):
        result = CliRunner().invoke(cli, ["import", str(sample_path(PUBLISHED)), "-o", str(output)])
        assert result.exit_code == 2 and message in result.output
    assert existing.read_text(encoding="utf-8") == "mio"


def test_checks_name_their_published_words_in_the_file():
    text = sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8")
    header = text[:text.index("formato = 1")]
    assert len(re.findall(r"^#  - ", header, re.M)) == 8
    assert "testo pubblicato: «Ricerca di fattibilità del servizio in collaborazione con Soste srl»" in header


def test_the_demo_starts_from_the_published_text(tmp_path):
    from xlsync.demo import run_demo

    outcome = run_demo(tmp_path / "demo", pdf=False)
    assert len(outcome.checks) == 8
    assert outcome.programme_file.read_text(encoding="utf-8") == sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8")
    assert load(outcome.programme_file) == SAMPLE


def test_members_in_an_annex_table_with_tax_codes_in_any_column_order():
    annex = ("ALLEGATO A - ELENCO DELLE ORGANIZZAZIONI ADERENTI\n\nData di adesione\tDenominazione\tCodice fiscale\n"
             "15/07/2022\tC.S.4. SOCIETA' COOPERATIVA SOCIALE O.N.L.U.S.\t01234567890\n"
             "15 luglio 2022\tCOMUNE DI PERGINE VALSUGANA\t00339370228\n"
             "Data di adesione\tDenominazione\tCodice fiscale\n"  # the header repeated on the next page
             "2022-12-16\tDIAL FUNGHI S.R.L.\tRSSMRA80A01L378X\n"
             "Il Dirigente\n")
    result = imported(SEED[:SEED.index("ORGANIZZAZIONI ADERENTI AL 30")] + annex)
    assert [(m.name, m.short_name, str(m.joined), m.tax_code) for m in result.programme.members] == [
        ("C.S.4. SOCIETA' COOPERATIVA SOCIALE O.N.L.U.S.", "CS4", "2022-07-15", "01234567890"),
        ("COMUNE DI PERGINE VALSUGANA", "Comune di Pergine Valsugana", "2022-07-15", "00339370228"),
        ("DIAL FUNGHI S.R.L.", "Dial Funghi", "2022-12-16", "RSSMRA80A01L378X")]
    assert [(check.what, check.published) for check in result.checks if check.where == "aderenti"] == [
        ("riga che la lettura non colloca: non usata: se fa parte del programma, aggiungerla a mano", "Il Dirigente"),
        ("il testo dice 6 organizzazioni aderenti, l'elenco ne ha 3: completare l'elenco",
         "hanno aderito al distretto famiglia 6 Organizzazioni")]
    assert load_text(programme_file_text(result, "programma.txt")).members == result.programme.members


def test_a_label_wrapped_over_two_lines_is_one_label_and_a_label_twice_is_asked():
    text = (SEED.replace("ANNO DI NASCITA DEL DISTRETTO\t2022", "ANNO DI NASCITA DEL\t2022\nDISTRETTO\t")
            .replace("DELIBERA DI APPROVAZIONE DEL DISTRETTO\tDeliberazione Giunta Comunale n. 70 dd. 24.05.2022",
                     "DELIBERA DI APPROVAZIONE\tDeliberazione Giunta Comunale n. 70\nDEL DISTRETTO\tdd. 24.05.2022\n"
                     "\t(in vigore)")
            .replace("SOTTOSCRIZIONE DELL'ACCORDO\t", "ANNO DI NASCITA DEL DISTRETTO\t"))
    result = imported(text)
    assert result.programme.details == (
        ("Anno di nascita del distretto", "2022"),
        ("Delibera di approvazione del distretto", "Deliberazione Giunta Comunale n. 70 dd. 24.05.2022 (in vigore)"),
        ("Anno di nascita del distretto (2)", "Deliberazione della Giunta provinciale n. 1273 dd. 15.07.2022"))
    assert [(check.where, check.what) for check in result.checks if check.where == "dati"] == [
        ("dati", "«Anno di nascita del distretto» è scritto due volte: la seconda volta numerata: controllare se è la "
                 "stessa voce")]
    assert load_text(programme_file_text(result, "programma.txt")) == result.programme  # a file new accepts


def test_the_district_named_only_in_running_text_and_footers_is_read_and_asked():
    text = re.sub(r'sviluppo del\s*"\s*(Distretto[^"]+?)\s*"', r"sviluppo del \1", SEED)
    text = re.sub(r"^DISTRETTO FAMILY AUDIT.*$", "Programma di lavoro del Distretto Family Audit Alta Valsugana",
                  text, flags=re.M)
    assert not re.search(r'sviluppo del\s*"', text)
    result = imported(text)
    assert result.programme.district == "Distretto Family Audit Alta Valsugana"
    assert [(check.where, check.what) for check in result.checks if check.where == "programma"] == [
        ("programma", "nome del distretto preso dal testo, dove è scritto più spesso: «Distretto Family Audit Alta "
                      "Valsugana»")]
