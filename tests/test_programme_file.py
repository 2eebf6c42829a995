"""The programme file: the bundled sample holds the whole seed programme; errors say where."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.errors import ProgrammeError
from xlsync.programme.model import Aggregation, RuleKind
from xlsync.programme.toml_file import dumps, fingerprint, load, loads

SEED = sample_path("programma-2024-alta-valsugana.txt")  # the published seed text, kept in the repository


@pytest.fixture(scope="module")
def sample():
    return load(sample_path(SAMPLE_PROGRAMME))


def test_sample_header_actors_and_members(sample):
    assert (sample.district, sample.year, sample.decree_number) == ("Distretto Family Audit Alta Valsugana", 2024, "7522")
    assert sample.decree_date == dt.date(2024, 7, 16)
    assert sample.lead_organisation == "Comune di Pergine Valsugana"
    assert sample.settings.threshold == 0.8 and sample.settings.cofinancing_share == 0.8
    assert sample.settings.aggregation is Aggregation.MEAN
    assert [actor.role for actor in sample.actors] == [
        "Organizzazione capofila", "Coordinatrice istituzionale", "Manager territoriale", "Referente amministrativo"]
    assert [(m.name, m.joined) for m in sample.members][-1] == ("DIAL FUNGHI S.R.L.", dt.date(2022, 12, 16))
    assert len(sample.members) == 6
    assert dict(sample.contacts)["Pagina Facebook"] == "https://www.facebook.com/DistrettoFamilyAudit/"


def test_sample_actions_and_projects(sample):
    vamt = [a.code for a in sample.actions if a.project is None]
    assert vamt == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4",
                    "5.1", "6.1", "7.1", "8.1", "8.2", "8.3"]
    assert all(a.counts for a in sample.actions if a.project is None)
    projects = [a for a in sample.actions if a.project is not None]
    assert [p.project.number for p in projects] == list(range(1, 11))
    assert not any(p.counts for p in projects)
    links = {i.code: i.linked_to for i in sample.indicators if i.kind is RuleKind.LINKED}
    assert links == {"1.3.a": "P10", "1.4.a": "P01", "5.1.a": "P03", "8.1.a": "P02", "8.2.a": "P05", "8.3.a": "P07"}
    p2 = sample.action("P02").project
    assert p2.classification == ("A0305 Co-progettazione attività del progetto strategico del Distretto famiglia",
                                 "E0310 Pari opportunità e tematiche di genere: Incontri formativi e informativi")
    assert p2.referent.startswith("Distretto Family Audit Alta Valsugana")


def test_every_seed_text_is_in_the_sample(sample):
    """Every rule, project field and classification of the published programme is in the sample, verbatim."""
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    texts = [a.rule.split(" Evidenze:")[0] for a in sample.actions if a.project is None and a.area in "12345"]
    for project in (a.project for a in sample.actions if a.project):
        texts += [project.general_objective, project.activities, project.timing, project.indicators_text]
        texts += [project.percentages_text] * bool(project.percentages_text)
        texts += [code.split(" ")[0] for code in project.classification]
    for text in texts:
        assert " ".join(text.split()) in seed, text


def test_dump_and_load_round_trip(sample):
    text = dumps(sample)
    assert loads(text) == sample
    assert dumps(loads(text)) == text
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint(sample))


def test_fingerprint_changes_with_a_percentage(sample):
    raised = sample_path(SAMPLE_PROGRAMME).read_text(encoding="utf-8").replace('percentuale = "25%"', 'percentuale = "50%"')
    assert fingerprint(loads(raised)) != fingerprint(sample)


def problems_of(text: str) -> list[str]:
    with pytest.raises(ProgrammeError) as caught:
        loads(text, source="programma.toml")
    return [str(problem) for problem in caught.value.problems] or [str(caught.value)]


MINIMAL = '''
[programma]
distretto = "Distretto di prova"
anno = 2024

[[area]]
codice = "1"
nome = "Networking"

[[azione]]
codice = "1.1"
area = "1"
titolo = "Incontri"

  [[azione.indicatore]]
  codice = "1.1.a"
  testo = "Incontri"
  tipo = "per_unita"
  percentuale = "20%"
'''


def test_minimal_programme_loads():
    prog = loads(MINIMAL)
    assert prog.indicators[0].lines[0].percent == 0.2
    assert prog.settings.threshold == 0.8


def test_unknown_key_names_the_line_and_the_near_key():
    assert problems_of(MINIMAL.replace('percentuale = "20%"', 'percentuale = "20%"\n  unit = "incontri"')) == [
        "programma.toml › riga 20 › azione 1.1 › indicatore 1.1.a: chiave sconosciuta 'unit': forse intendevi 'unita'?"]


def test_an_accented_key_is_a_syntax_error_with_a_hint():
    assert problems_of(MINIMAL.replace('percentuale = "20%"', 'percentuale = "20%"\n  unità = "incontri"')) == [
        "programma.toml › riga 20: il file non è TOML valido (Expected '=' after a key in a key/value pair): "
        "«unità = \"incontri\"»: la chiave 'unità' va scritta senza accenti né spazi (ad es. unita) o tra virgolette"]


def test_bad_percentage_and_kind():
    problems = problems_of(MINIMAL.replace('"20%"', '"venti"').replace('"per_unita"', '"per_ogni"'))
    assert problems[0] == ("programma.toml › riga 18 › azione 1.1 › indicatore 1.1.a: tipo 'per_ogni' sconosciuto: "
                           "tipi ammessi: per_unita, per_distinto, almeno, si_no, collegata, manuale")
    assert problems[1] == ("programma.toml › riga 19 › azione 1.1 › indicatore 1.1.a: percentuale = 'venti' "
                           "non è una percentuale: scrivere ad es. percentuale = \"20%\"")


def test_links_must_exist_and_not_loop():
    looped = MINIMAL + '''
[[progettualita]]
codice = "P01"
numero = 1
titolo = "Uno"
  [[progettualita.indicatore]]
  codice = "P01.a"
  testo = "Vedi P02"
  tipo = "collegata"
  collegata = "P02"

[[progettualita]]
codice = "P02"
numero = 2
titolo = "Due"
  [[progettualita.indicatore]]
  codice = "P02.a"
  testo = "Vedi P01"
  tipo = "collegata"
  collegata = "P01"
'''
    assert problems_of(looped) == [
        "programma.toml › indicatori collegati: collegamento circolare P01 → P02 → P01: togliere uno dei collegamenti"]
    missing = looped.replace('collegata = "P01"', 'collegata = "P09"')
    assert problems_of(missing) == [
        "programma.toml › indicatore P02.a: collegata a 'P09', che non esiste: "
        "indicare il codice di un'azione o progettualità, ad es. P01"]


def test_codes_must_be_unique_and_not_numbers():
    duplicated = MINIMAL + MINIMAL[MINIMAL.index("[[azione]]"):].replace('"1.1"', '"1.2"')
    assert problems_of(duplicated) == [
        "programma.toml › azione 1.2 › indicatore 1.1.a: codice '1.1.a' già usato in azione 1.1 › indicatore 1.1.a: "
        "dare a ogni codice un valore unico"]
    assert problems_of(MINIMAL.replace('"1.1.a"', '"11"'))[0].endswith(
        "codice '11' è un numero e Excel lo trasformerebbe: aggiungere una lettera, ad es. 1.1.a")


def test_not_toml_says_where():
    assert problems_of("[programma\n") == [
        "programma.toml › riga 1: il file non è TOML valido (Expected ']' at the end of a table declaration): "
        "«[programma»: controllare virgolette, parentesi e il segno ="]
