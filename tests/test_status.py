"""`xlsync status`: who of the members is missing, their reminders, and the agency's own check of
the workbook it received."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsync.agency.export import export
from xlsync.cli import cli
from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.partners import members
from xlsync.partners.members import member_progress
from xlsync.partners.merge import merge
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_assessments_csv, read_district
from xlsync.workbook.writer import write_district

SAVED = dt.datetime(2025, 1, 20, 9, 30)  # when the sample returns were saved
TABLE = [
    "Aderente                            Invii  Ultimo invio  Righe  Referente di",
    "CS4                                     1  20/01/2025        4  1.3, P04, P10",
    "Comune di Pergine Valsugana             1  20/01/2025       12  1.3, P10",
    "ASIF Chimelli                           1  20/01/2025       22  1.3, 1.4, 5.1, 8.2, 8.3, P01, P03, P05, P06, P07, P10",
    "Comunità Alta Valsugana e Bersntol      1  20/01/2025        4  1.3, 8.2, P05, P10",
    "Soste                                   0  -                 0  1.3, P08, P09, P10",
    "Dial Funghi                             1  20/01/2025        2  1.3, P10",
    "",
]


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """The sample district with every return merged but Soste's: Soste has sent nothing."""
    folder = tmp_path_factory.mktemp("stato")
    programme = load(sample_path(SAMPLE_PROGRAMME))
    path = folder / "distretto.xlsx"
    write_district(programme, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    inbox = folder / "ricevuti"
    inbox.mkdir()
    for sent in sample_path(SAMPLE_RETURNS).glob("Evidenze*"):
        if "Soste" not in sent.name:
            shutil.copy2(sent, inbox / sent.name)
    merge(path, [inbox])
    return path


def run(*args: str):
    result = CliRunner().invoke(cli, ["status", *args])
    assert result.exit_code == 0, result.output
    return result


def test_each_member_with_its_returns_rows_and_the_actions_it_leads(district):
    progress = {member.name: member for member in member_progress(read_district(district))}
    assert [(m.returns, m.last_return, m.rows) for m in progress.values()] == [
        (1, SAVED, 4), (1, SAVED, 12), (1, SAVED, 22), (1, SAVED, 4), (0, None, 0), (1, SAVED, 2)]
    soste = progress["Soste"]
    assert soste.leads == ("1.3", "P08", "P09", "P10") and soste.involved == ("8.2", "8.3", "P05", "P06", "P07")
    assert soste.file_name == "Evidenze 2024 - Soste.xlsx"
    today = dt.date(2025, 2, 19)  # 30 days after the returns were saved
    assert [m.name for m in progress.values() if m.is_behind(today)] == ["Soste"]
    assert [m.name for m in progress.values() if m.is_behind(today, 30)] == ["Soste"]
    assert [m.name for m in progress.values() if m.is_behind(today, 29)] == list(progress)


def test_status_shows_who_has_sent_nothing(district):
    lines = run(str(district)).output.splitlines()
    start = lines.index(TABLE[0])
    assert lines[start:] == TABLE + ["Nessun invio: Soste", "Solleciti pronti con --reminders (o --reminders-dir CARTELLA)."]


def test_status_with_days_names_who_sent_nothing_lately(district):
    lines = run(str(district), "--days", "0").output.splitlines()
    assert lines[lines.index(TABLE[0]):][len(TABLE):] == [
        "Nessun invio: Soste",
        "Niente da più di 0 giorni: CS4, Comune di Pergine Valsugana, ASIF Chimelli, Comunità Alta Valsugana e "
        "Bersntol, Dial Funghi",
        "Solleciti pronti con --reminders (o --reminders-dir CARTELLA)."]


def test_status_json_lists_the_members(district):
    members = json.loads(run(str(district), "--json").output)["members"]
    assert members[2] == {"name": "ASIF Chimelli", "returns": 1, "last_return": "2025-01-20T09:30:00", "rows": 22,
                          "leads": ["1.3", "1.4", "5.1", "8.2", "8.3", "P01", "P03", "P05", "P06", "P07", "P10"],
                          "behind": False}
    assert members[4] == {"name": "Soste", "returns": 0, "last_return": None, "rows": 0,
                          "leads": ["1.3", "P08", "P09", "P10"], "behind": True}
    assert [member["behind"] for member in members] == [False, False, False, False, True, False]


SOSTE_REMINDER = """\
Oggetto: Distretto Family Audit Alta Valsugana: evidenze 2024 da inviare entro il 15/12/2024

Gentile SOSTE SOCIETA' A RESPONSABILITA' LIMITATA,

per il programma di lavoro 2024 del Distretto Family Audit Alta Valsugana non abbiamo ancora ricevuto le vostre evidenze.
Vi chiediamo di registrare le evidenze nel file «Evidenze 2024 - Soste.xlsx» (foglio «Evidenze», una riga per evidenza) \
e di rimandarlo entro il 15/12/2024.

Azioni di cui siete referenti, con quello che manca:
  - P08 SERVIZIO DOPOSCUOLA: P08.a: manca la ricerca di fattibilità del servizio in collaborazione con Soste srl
  - P09 FORMAZIONE SULLA GENITORIALITÀ: P09.a: manca l'attivazione percorso formativo sui temi della genitorialità \
rivolto ai/le dipendenti
  - P10 VOLONTARIATO AZIENDALE: P10.a: manca la realizzazione di un evento di valorizzazione/rigenerazione/cura del \
territorio

Azioni in cui siete coinvolti, con quello che manca:
  - P05 MAPPATURA E INFORMAZIONI SU SERVIZI DI SUPPORTO PSICOLOGICO E SOCIALE: P05.b: manca la realizzazione di \
strumenti di comunicazione (brochure, mail, post)
  - P06 CONVENZIONI: P06.a: 1 di 2 convenzioni attivate
  - P07 MAPPATURA E INFORMAZIONI SU SERVIZI CONCILIATIVI ESTIVI: P07.c: manca la costruzione di strumenti informativi

Per ogni evidenza: codice (dall'elenco a discesa), data, descrizione, quantità, organizzazioni e persone coinvolte, \
documento (verbale, link al post, comunicato).

Grazie,
Marianna Mocellini
Manager territoriale, Distretto Family Audit Alta Valsugana
marianna.mocellini@comune.pergine.tn.it
"""


@pytest.fixture
def on(monkeypatch):
    """Set the day the command runs."""
    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(members, "today", lambda: day)
    set_day(dt.date(2024, 12, 1))
    return set_day


def test_a_reminder_for_each_member_behind_printed_or_written(district, tmp_path, on):
    printed = run(str(district), "--reminders").output  # two weeks from 01/12/2024: 15/12/2024
    assert printed.endswith("\n--- Soste ---\n" + SOSTE_REMINDER)
    assert "Solleciti pronti" not in printed
    written = run(str(district), "--reminders-dir", str(tmp_path / "solleciti"), "--by", "15/12/2024")
    path = tmp_path / "solleciti" / "Sollecito 2024 - Soste.txt"
    assert written.output.endswith(f"\nScritto {path}\n")
    assert sorted(p.name for p in (tmp_path / "solleciti").iterdir()) == [".xlsync-solleciti.json", path.name]
    assert path.read_text(encoding="utf-8") == SOSTE_REMINDER
    as_json = json.loads(run(str(district), "--json", "--reminders", "--by", "15/12/2024").output)
    assert as_json["reminders"] == {"Soste": SOSTE_REMINDER}


def test_a_programme_without_members_says_so(tmp_path):
    path = tmp_path / "distretto.xlsx"
    write_district(replace(load(sample_path(SAMPLE_PROGRAMME)), members=()), path)
    lines = run(str(path)).output.splitlines()
    assert lines[-2:] == ["", "Nessun aderente nel programma."]
    assert json.loads(run(str(path), "--json").output)["members"] == []


def test_the_agency_checks_the_workbook_it_received_with_the_same_figures(district, tmp_path):
    agency = export(district, tmp_path / "agenzia.xlsx").workbook
    from_district, from_agency = run(str(district), "--json").output, run(str(agency), "--json").output
    assert json.loads(from_agency) == json.loads(from_district)
    assert json.loads(from_agency)["percent"] == 73.3
    district_text, agency_text = run(str(district)).output, run(str(agency)).output
    assert agency_text == district_text
    assert "Realizzazione del programma: 73,3% (soglia 80,0%): NON AMMISSIBILE" in agency_text


@pytest.mark.parametrize("day, deadline", [(dt.date(2024, 3, 1), "15/03/2024"), (dt.date(2024, 12, 20), "31/12/2024"),
                                           (dt.date(2026, 12, 3), "17/12/2026")])
def test_the_default_deadline_is_two_weeks_ahead_within_the_programmes_year(district, on, day, deadline):
    on(day)
    result = CliRunner().invoke(cli, ["status", str(district), "--reminders"])
    letter = result.stdout.split("--- Soste ---\n")[1]
    assert letter.splitlines()[0].endswith(f"evidenze 2024 da inviare entro il {deadline}")
    over = ("L'anno del programma si è chiuso il 31/12/2024: ci servono le evidenze delle attività svolte entro quella "
            "data, per la scheda di autovalutazione.")
    assert (over in letter.splitlines()) == (day.year > 2024)
    warning = (f"Attenzione: l'anno del programma 2024 è finito il 31/12/2024; i solleciti chiedono le evidenze entro "
               f"il {deadline}: per un'altra data: --by GG/MM/AAAA\n")
    assert result.stderr == (warning if day.year > 2024 else "")
    assert "Attenzione" not in CliRunner().invoke(cli, ["status", str(district), "--reminders", "--by",
                                                          "31/01/2027"]).stderr


def test_a_reminder_the_manager_edited_is_kept_without_force(district, tmp_path, on):
    folder = tmp_path / "solleciti"
    path = folder / "Sollecito 2024 - Soste.txt"
    run(str(district), "--reminders-dir", str(folder))
    run(str(district), "--reminders-dir", str(folder), "--by", "20/12/2024")  # not edited: written again
    assert "entro il 20/12/2024" in path.read_text(encoding="utf-8")
    edited = path.read_text(encoding="utf-8").replace("Gentile", "Cara")
    path.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(cli, ["status", str(district), "--reminders-dir", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == (f"Errore: {path}: il sollecito è stato modificato dopo che xlsync l'ha scritto (1 in "
                             "tutto): nessun sollecito scritto: usare --force per sostituirli, o indicare un'altra "
                             "cartella con --reminders-dir\n")
    assert path.read_text(encoding="utf-8") == edited
    assert run(str(district), "--reminders-dir", str(folder), "--force").output.endswith(f"Scritto {path}\n")
    assert path.read_text(encoding="utf-8") == SOSTE_REMINDER
    (folder / "Sollecito 2024 - CS4.txt").write_text("scritto a mano", encoding="utf-8")  # not xlsync's: kept too
    on(dt.date(2025, 3, 1))  # CS4 is behind too
    result = CliRunner().invoke(cli, ["status", str(district), "--reminders-dir", str(folder), "--days", "0"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"Errore: {folder / 'Sollecito 2024 - CS4.txt'}: il sollecito è ")


def test_members_figures_in_a_province_district_by_name_and_short_name():
    """Hundreds of members whose names contain one another («Org 1» in «Org 10»): each counts its own rows
    (named by name or by short name) and returns, refused ones aside."""
    from xlsync.partners.rules import REFUSED, STATUS_TEXT
    from xlsync.programme.model import Evidence, Member, Submission
    from xlsync.workbook.reader import Workbook

    base = load(sample_path(SAMPLE_PROGRAMME))
    people = tuple(Member(f"ORGANIZZAZIONE {n}", f"Org {n}") for n in range(1, 301))
    programme = replace(base, members=people)
    evidence = tuple(Evidence("1.3.a.1", partner=(f"Org {n}" if row % 2 else f"ORGANIZZAZIONE {n}"))
                     for n in range(1, 301) for row in range(n % 7))
    day = dt.datetime(2025, 3, 1)
    submissions = tuple(Submission(f"f{n}-{k}.xlsx", f"Org {n}", day + dt.timedelta(days=k), day, f"h{n}{k}",
                                   STATUS_TEXT[REFUSED] if k == 2 else "unito")
                        for n in range(1, 301) for k in range(n % 4))
    district = Workbook(Path("d.xlsx"), programme, evidence, {"tipo": "distretto"}, {}, submissions)
    progress = member_progress(district)
    assert [(m.name, m.rows, m.returns) for m in progress[:12]] == [
        (f"Org {n}", n % 7, min(n % 4, 2)) for n in range(1, 13)]
    assert [(m.rows, m.returns, m.last_return) for m in progress][-3:] == [
        (298 % 7, 2, day + dt.timedelta(days=1)), (299 % 7, 2, day + dt.timedelta(days=1)), (300 % 7, 0, None)]
    assert sum(m.rows for m in progress) == len(evidence) == sum(n % 7 for n in range(1, 301))
    assert progress[9].leads == progress[0].leads == ("1.3", "P10")  # the projects naming every member


SOSTE_REMINDER_EN = """\
Subject: Distretto Family Audit Alta Valsugana: the 2024 evidence to send by 15/12/2024

Dear SOSTE SOCIETA' A RESPONSABILITA' LIMITATA,

For the 2024 work programme of the Distretto Family Audit Alta Valsugana, we have not received your evidence yet.
Please record the evidence in the file «Evidenze 2024 - Soste.xlsx» (sheet «Evidenze», one row for each piece of \
evidence) and send it back by 15/12/2024.

Actions you are the referent of, with what is missing:
  - P08 SERVIZIO DOPOSCUOLA: P08.a: missing: la ricerca di fattibilità del servizio in collaborazione con Soste srl
  - P09 FORMAZIONE SULLA GENITORIALITÀ: P09.a: missing: l'attivazione percorso formativo sui temi della genitorialità \
rivolto ai/le dipendenti
  - P10 VOLONTARIATO AZIENDALE: P10.a: missing: la realizzazione di un evento di valorizzazione/rigenerazione/cura del \
territorio

Actions you take part in, with what is missing:
  - P05 MAPPATURA E INFORMAZIONI SU SERVIZI DI SUPPORTO PSICOLOGICO E SOCIALE: P05.b: missing: la realizzazione di \
strumenti di comunicazione (brochure, mail, post)
  - P06 CONVENZIONI: P06.a: 1 of 2 convenzioni attivate
  - P07 MAPPATURA E INFORMAZIONI SU SERVIZI CONCILIATIVI ESTIVI: P07.c: missing: la costruzione di strumenti informativi

For each piece of evidence: code (from the dropdown list), date, description, quantity, organisations and people \
involved, document (minutes, link to the post, press release).

Thank you,
Marianna Mocellini
Manager territoriale, Distretto Family Audit Alta Valsugana
marianna.mocellini@comune.pergine.tn.it
"""


def test_a_reminder_in_english_is_written_under_an_english_name(district, tmp_path, on):
    written = CliRunner().invoke(cli, ["--lang", "en", "status", str(district), "--reminders-dir",
                                       str(tmp_path / "letters"), "--by", "15/12/2024"])
    path = tmp_path / "letters" / "Reminder 2024 - Soste.txt"
    assert path.read_text(encoding="utf-8") == SOSTE_REMINDER_EN
    assert "Nothing sent yet: Soste" in written.output
