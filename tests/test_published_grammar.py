"""The grammar of rule phrases: every wording officials use is read to its rule kind, with the unit
taken from the text; what is not understood is kept, manual or yes/no, and flagged."""

from __future__ import annotations

import pytest
from test_published import SAMPLE, SEED

from xlsync.programme.model import Action, ProjectDetails
from xlsync.programme.published import import_text, programme_file_text, rule_indicators
from xlsync.programme.published.grammar import RuleReader
from xlsync.programme.toml_file import loads
from xlsync.scoring.engine import format_percent, indicator_value

# phrase → (kind, [(unit, percent, required) per scoring line])
PHRASES = {
    # per unit
    "20% per ogni incontro": ("per_unita", [("incontri", 0.2, None)]),
    "20 per cento per ogni incontro": ("per_unita", [("incontri", 0.2, None)]),
    "20 % per ogni incontro": ("per_unita", [("incontri", 0.2, None)]),
    "venti per cento per ogni incontro": ("per_unita", [("incontri", 0.2, None)]),  # in words
    "il venticinque per cento per ciascun comunicato stampa": ("per_unita", [("comunicati stampa", 0.25, None)]),
    "ventitré per cento per ogni incontro": ("per_unita", [("incontri", 0.23, None)]),
    "cento per cento restituzione di almeno due verbali": ("almeno", [("verbali", None, 2)]),
    "pari al 10% per singolo post": ("per_unita", [("post", 0.1, None)]),
    "il 15% per ciascun incontro": ("per_unita", [("incontri", 0.15, None)]),
    "15% per ciascun incontro": ("per_unita", [("incontri", 0.15, None)]),
    "il 20% al raggiungimento di ciascun incontro": ("per_unita", [("incontri", 0.2, None)]),
    "50% ogni mail/post": ("per_unita", [("mail/post", 0.5, None)]),
    "25 per cento ad ogni comunicato stampa": ("per_unita", [("comunicati stampa", 0.25, None)]),
    # a share of the whole in words: exact (a third is 100/3 %, as a programme file writes it)
    "un quinto per ogni incontro": ("per_unita", [("incontri", 0.2, None)]),
    "un terzo per ogni incontro": ("per_unita", [("incontri", 0.3333333333, None)]),
    "due terzi per ogni post": ("per_unita", [("post", 0.6666666667, None)]),
    "la metà per ogni relazione": ("per_unita", [("relazioni", 0.5, None)]),
    "tre quarti per ciascun comunicato stampa": ("per_unita", [("comunicati stampa", 0.75, None)]),
    "un decimo ad ogni incontro": ("per_unita", [("incontri", 0.1, None)]),
    "un ottavo per singolo post": ("per_unita", [("post", 0.125, None)]),
    "per ogni incontro: un quinto": ("per_unita", [("incontri", 0.2, None)]),
    "dieci punti percentuali per ogni incontro": ("per_unita", [("incontri", 0.1, None)]),
    "il 15 punti percentuali per ciascun incontro": ("per_unita", [("incontri", 0.15, None)]),
    "un quinto per post e un decimo per video, fino a un massimo complessivo del 100%": (
        "per_unita", [("post", 0.2, None), ("video", 0.1, None)]),
    "50% a incontro": ("per_unita", [("incontri", 0.5, None)]),
    "12,5% per ogni incontro realizzato": ("per_unita", [("incontri realizzati", 0.125, None)]),
    "per ogni incontro realizzato: 20%": ("per_unita", [("incontri realizzati", 0.2, None)]),  # the words first
    "Per ciascuna organizzazione aderente il 25%": ("per_distinto", [("organizzazioni aderenti", 0.25, None)]),
    "almeno 3 verbali: 100%": ("almeno", [("verbali", None, 3)]),
    # 100/6 %, as a programme file writes it
    "in proporzione al numero di incontri rispetto ai 6 previsti": ("per_unita", [("incontri", 0.1666666667, None)]),
    "100% in proporzione al numero di questionari raccolti rispetto ai 1.000 previsti": (
        "per_unita", [("questionari raccolti", 0.001, None)]),
    # several unit types, one cap
    "1% per ogni post pubblicato 10% per ogni post originale pubblicato": (
        "per_unita", [("post pubblicati", 0.01, None), ("post originali pubblicati", 0.1, None)]),
    "2 % per post e 10 % per video, fino a un massimo complessivo del 100%": (
        "per_unita", [("post", 0.02, None), ("video", 0.1, None)]),
    # per distinct organisation
    "20% per ogni organizzazione aderente che ha co-progettato": (
        "per_distinto", [("organizzazioni aderenti", 0.2, None)]),
    "il 25% per ciascuna organizzazione aderente": ("per_distinto", [("organizzazioni aderenti", 0.25, None)]),
    "20% per ognuna delle organizzazioni coinvolte": ("per_distinto", [("organizzazioni coinvolte", 0.2, None)]),
    "20% per ciascun ente": ("per_distinto", [("enti", 0.2, None)]),
    # threshold
    "100% restituzione di almeno 2 verbali degli incontri": ("almeno", [("verbali", None, 2)]),
    "100% minimo 3 verbali": ("almeno", [("verbali", None, 3)]),
    "100% al raggiungimento di almeno 4 incontri": ("almeno", [("incontri", None, 4)]),
    "100% almeno due verbali": ("almeno", [("verbali", None, 2)]),
    "100% restituzione di almeno 1.146 questionari": ("almeno", [("questionari", None, 1146)]),
    # yes/no
    "100% per relazione": ("si_no", [("la relazione", None, None)]),
    "100% realizzazione di un PED": ("si_no", [("la realizzazione di un PED", None, None)]),
    "100% se realizzato": ("si_no", [("la regola", None, None)]),  # the action's own title ("Regola" here)
    "100% se realizzata/o": ("si_no", [("la regola", None, None)]),
}


@pytest.mark.parametrize("phrase", list(PHRASES))
def test_every_wording_is_read_to_its_rule(phrase):
    indicators, checks = rule_indicators(phrase)
    assert [str(check) for check in checks] == []
    kind, lines = PHRASES[phrase]
    assert [ind.kind.value for ind in indicators] == [kind]
    assert [(line.unit, None if line.percent is None else round(line.percent, 12), line.required)
            for line in indicators[0].lines] == lines


def test_the_fraction_of_the_planned_number_reaches_100_at_the_number():
    (indicator,), _ = rule_indicators("in proporzione al numero di incontri rispetto ai 6 previsti")
    # exact values (the share of one is stored to ten decimals), shown rounded down: 5 of 6 is 83,3%
    values = [indicator_value(indicator, {"R.a": n}) for n in (0, 3, 5, 6, 7)]
    assert values == pytest.approx([0, 0.5, 5 / 6, 1, 1], abs=1e-9)
    assert format_percent(values[2]) == "83,3%"


def test_a_share_in_words_is_exact_and_shown_rounded_down():
    (third,), _ = rule_indicators("un terzo per ogni incontro")
    (two_thirds,), _ = rule_indicators("due terzi per ogni incontro")
    assert [indicator_value(third, {"R.a": n}) for n in (1, 2, 3)] == pytest.approx([1 / 3, 2 / 3, 1], abs=1e-9)
    assert [format_percent(indicator_value(third, {"R.a": n})) for n in (1, 2, 3)] == ["33,3%", "66,6%", "100,0%"]
    assert format_percent(indicator_value(two_thirds, {"R.a": 1})) == "66,6%"


@pytest.mark.parametrize(("phrase", "words"), [
    ("100% al raggiungimento di un quarto incontro", "«quarto»"),  # an ordinal, not a share
    ("100% se realizzato entro metà anno", "«metà»"),  # a time
    ("100% se realizzato a metà anno", "«metà»"),
    ("un quinto per ogni incontro (la metà se online)", "«metà», «se»"),
])
def test_a_share_in_words_that_is_not_the_rule_s_percentage_is_flagged(phrase, words):
    _, checks = rule_indicators(phrase)
    assert [check.what for check in checks] == [
        f"la regola contiene {words}, che la lettura non usa: controllare la lettura e correggerla se quelle parole "
        "cambiano la regola"]


@pytest.mark.parametrize(("phrase", "kind", "what"), [
    ("", "manuale", "la regola è vuota: valutazione manuale del Manager; scrivere la regola se il programma ne ha una"),
    ("Ricerca di fattibilità del servizio", "manuale", "nessuna percentuale nella regola: valutazione manuale del Manager"),
    ("100% al raggiungimento di almeno 4", "almeno",
     "«100% al raggiungimento di almeno 4» non dice di che cosa: letta come almeno 4 evidenze"),
    ("20% sul totale", "per_unita", "«20% sul totale» non dice per ogni che cosa: letta come 20% per ogni evidenza"),
    ("150% per ogni incontro", "manuale", "percentuale 150% fuori da 1%–100%: valutazione manuale del Manager"),
    ("progettualità n. 9", "manuale", "la progettualità n.9 non è nel programma: valutazione manuale del Manager"),
    ("5% per post e 5% per video, fino a un massimo complessivo del 50%", "per_unita",
     "tetto del 50%: xlsync limita ogni indicatore al 100%; correggere le percentuali se serve"),
    ("10% per ogni post, fino a un massimo del 50%", "per_unita",
     "tetto del 50%: xlsync limita ogni indicatore al 100%; correggere le percentuali se serve"),
])
def test_what_is_not_understood_is_kept_and_flagged_with_the_published_words(phrase, kind, what):
    indicators, checks = rule_indicators(phrase)
    assert [ind.kind.value for ind in indicators] == [kind]
    assert [(check.where, check.what) for check in checks] == [("azione R", what)]
    assert indicators[0].rule == " ".join(phrase.split())


# -- a programme written by another official ----------------------------------------------------

OTHER_WORDING = (
    ("100% restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al Distretto",
     "100% minimo 3 verbali degli incontri realizzati tra gli aderenti al Distretto"),
    ("100% restituzione di almeno 1 verbale dell'incontro realizzato tra i partner",
     "100% al raggiungimento di almeno 4 incontri tra i partner"),
    ('Indicatori individuati e descritti nella progettualità specifica: AMBIENTE - WELFARE TERRITORIALE '
     '"Volontariato aziendale"', "Vedi progettualità n. 10"),
    ("Indicatori individuati e descritti nella progettualità specifica: ATTIVITA' INTERDISTRETTUALI - GOVERNANCE "
     '"Collaborazione con Distretto famiglia Alta Valsugana e Bersntol"',
     "Come da progettualità «Collaborazione con Distretto famiglia Alta Valsugana e Bersntol»"),
    ("20% per ogni incontro. Evidenze", "20 per cento per ciascun incontro. Evidenze"),
    ("10% per ogni incontro Evidenze", "in proporzione al numero di incontri rispetto ai 6 previsti. Evidenze"),
    ("20% per ogni organizzazione aderente che ha co-progettato",
     "il 25% per ognuna delle organizzazioni coinvolte che ha co-progettato"),
    ("1% per ogni post pubblicato 10% per ogni post originale pubblicato",
     "2 % per post e 10 % per video, fino a un massimo complessivo del 100%"),
    ("25% per ogni comunicato stampa", "pari al 25% per singolo comunicato stampa"),
    ("100% realizzazione di un PED", "100% se realizzato"),
    ("50% per ogni comunicazione inviata/pubblicata per la promozione dei temi ACS (mail e post)\n",
     "il 50% al raggiungimento di ciascuna comunicazione inviata/pubblicata (mail e post)\n"
     "Aggiornare il sito del Distretto\t\n"),  # a row whose rule cell is empty
    ("non inferiore all'80%", "non inferiore all'80 per cento"),
    ("(in totale 523)", "(in totale 1.146)"),
    ("100% per la relazione di co-progettazione 100% per la realizzazione dell'esposizione fotografica in Alta "
     "Valsugana 50% per ogni post realizzato", "100% per la relazione di co-progettazione 50% per ogni post realizzato"),
    ("Attivazione di nuove 2 convenzioni con servizi/esercenti del territorio",
     "Attivazione di n. 3 convenzioni con servizi/esercenti del territorio"),
    ("50% per ogni convenzione attivata", "30% per ciascuna convenzione attivata"),
)


def other_official():
    text = SEED
    for before, after in OTHER_WORDING:
        assert before in text
        text = text.replace(before, after)
    return import_text(text, "altro.txt")


def rules_of(programme, codes):
    found = {}
    for indicator in programme.indicators:
        if indicator.code in codes:
            found[indicator.code] = (indicator.kind.value, indicator.linked_to,
                                     [(line.code, line.unit, line.percent, line.required) for line in indicator.lines])
    return found


def test_a_programme_written_by_another_official_is_read_right():
    programme = other_official().programme
    assert (programme.employees, programme.settings.threshold) == (1146, 0.8)
    assert rules_of(programme, {"1.1.a", "1.2.a", "1.3.a", "1.4.a", "2.2.a", "3.1.a", "3.3.a", "4.1.a", "4.2.a", "4.3.a",
                                "4.4.a", "4.5.a", "5.1.a", "P06.a"}) == {
        "1.1.a": ("almeno", None, [("1.1.a", "verbali", None, 3)]),
        "1.2.a": ("almeno", None, [("1.2.a", "incontri", None, 4)]),
        "1.3.a": ("collegata", "P10", []),
        "1.4.a": ("collegata", "P01", []),
        "2.2.a": ("per_unita", None, [("2.2.a", "incontri", 0.2, None)]),
        "3.1.a": ("per_unita", None, [("3.1.a", "incontri", 0.16666666670000002, None)]),
        "3.3.a": ("per_distinto", None, [("3.3.a", "organizzazioni coinvolte", 0.25, None)]),
        "4.1.a": ("per_unita", None, [("4.1.a.1", "post", 0.02, None), ("4.1.a.2", "video", 0.1, None)]),
        "4.2.a": ("per_unita", None, [("4.2.a", "comunicati stampa", 0.25, None)]),
        "4.3.a": ("si_no", None, [("4.3.a", "il piano editoriale digitale", None, None)]),
        "4.4.a": ("per_unita", None, [("4.4.a", "comunicazioni inviate/pubblicate", 0.5, None)]),
        "4.5.a": ("manuale", None, []),
        "5.1.a": ("collegata", "P03", []),  # the action after the empty rule keeps its code and its rule
        "P06.a": ("per_unita", None, [("P06.a", "convenzioni attivate", 0.3, None)]),
    }
    assert programme.action("4.5").title == "Aggiornare il sito del Distretto"
    assert [ind.text for ind in programme.action("P02").indicators] == [
        "Realizzazione co-progettazione",
        "Realizzazione dell'esposizione fotografica in Alta Valsugana Realizzazione di n. 2 post Facebook di promozione"]


def test_a_programme_written_by_another_official_says_exactly_what_to_check():
    checks = other_official().checks
    assert [(check.where, check.what) for check in checks if check.where in (
        "progettualità n.2", "progettualità n.6", "azione 4.5")] == [
        ("progettualità n.2", "3 indicatori scritti e 2 percentuali: indicatori uniti, uno per percentuale; controllare "
                              "quale testo va con quale percentuale"),
        ("progettualità n.6", "il testo prevede n. 3 convenzioni a 30% ciascuno: al massimo 90%, non 100%: controllare "
                              "la percentuale"),
        ("azione 4.5", "la regola è vuota: valutazione manuale del Manager; scrivere la regola se il programma ne ha "
                       "una")]
    # the seed's own eight, and nothing about the wordings read right
    assert len(checks) == 11


def test_the_file_of_another_official_s_programme_is_one_new_accepts():
    imported = other_official()
    assert loads(programme_file_text(imported, "altro.txt")) == imported.programme


def test_a_member_list_longer_than_the_text_says_points_at_the_list():
    text = SEED.replace("hanno aderito al distretto famiglia 6 Organizzazioni", "hanno aderito al distretto famiglia "
                                                                                  "5 Organizzazioni")
    checks = [check for check in import_text(text).checks if check.where == "aderenti"]
    assert [check.what for check in checks] == [
        "il testo dice 5 organizzazioni aderenti, l'elenco ne ha 6: controllare l'elenco (righe in più o ripetute) o il "
        "numero scritto nel testo"]


def test_the_area_8_note_has_no_stray_parenthesis():
    text = SEED.replace("8. 3 AZIONI A SCELTA TRA LE PROGETTUALITÀ FACOLTATIVE (Per queste",
                        "8. 3 AZIONI (TRE) A SCELTA TRA LE PROGETTUALITÀ FACOLTATIVE (Per queste")
    note = import_text(text).programme.area("8").note
    assert note.startswith("TRE A SCELTA TRA LE PROGETTUALITÀ FACOLTATIVE Per queste progettualità")
    assert ")" not in note and "(" not in note


def test_another_official_s_programme_copied_without_cells_reads_the_same():
    """As a PDF viewer copies the V.A.M.T. table: each row's action and rule on one line, no tabs."""
    text = SEED
    for before, after in OTHER_WORDING:
        text = text.replace(before, after)
    start, end = text.index("AZIONI V.A.M.T."), text.index("PROGETTUALITÀ\n")
    copied = text[:start] + text[start:end].replace("\t", " ") + text[end:]
    assert "\t" not in copied[start:copied.index("PROGETTUALITÀ\n")]
    expected = other_official()
    imported = import_text(copied, "altro.txt")
    assert imported.programme == expected.programme
    assert imported.checks == expected.checks


@pytest.mark.parametrize(("name", "short"), [
    ("BETA4 SOCIETÀ COOPERATIVA SOCIALE ONLUS", "BETA4"),
    ("IL SOLE SOC. COOP. SOC.", "Il Sole"),
    ("LA RETE IMPRESA SOCIALE", "La Rete"),
    ("GIOCHI S.N.C.", "Giochi"),
    ("CASSA RURALE S.C.A.R.L.", "Cassa Rurale"),
    ("ALFA ONLUS S.R.L.", "Alfa"),
    ("ASSOCIAZIONE ETS ALFA", "Associazione Ets Alfa"),  # a legal form only at the end of a name
    ("COMUNE DI SANT'ORSOLA TERME", "Comune di Sant'Orsola Terme"),
])
def test_a_member_s_short_name_is_its_name_without_the_legal_form(name, short):
    text = SEED.replace("DIAL FUNGHI S.R.L.", name)
    assert import_text(text).programme.members[-1].short_name == short


# -- every weighty word used, or asked -------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "words"), [
    ("a) 50% per ogni incontro b) 30% per ogni post 5% per ogni video", "«a)», «b)»"),  # a list not one % an item
    ("100% per relazione (80% se consegnata in ritardo)", "«80», «%», «se»"),  # a second percentage
    ("10% per ogni incontro, fino a 5", "«5»"),  # stops at 50%, not 100%
    ("100% per la relazione¹", "«¹»"),  # a footnote mark
    ("100% minimo 3 verbali (2)", "«2»"),
    ("Fino a 3 incontri: 20% per ogni incontro", "«3»"),  # words before the percentage
    ("20% per ogni incontro. Evidenze: almeno 4 fotografie", "«almeno», «4»"),
    ("Vedi progettualità n. 9 oltre il 50", "«oltre», «50»"),
])
def test_a_rule_with_words_its_reading_does_not_use_is_flagged_with_them(phrase, words):
    project = Action("P09", "P", "Formazione", False, (), project=ProjectDetails(9, ""))
    asked = []
    reader = RuleReader({"formazione": project}, lambda *args: asked.append(args))
    reader.vamt("R", "Regola", phrase)
    assert [(what, code) for what, _, code in asked] == [
        (f"la regola contiene {words}, che la lettura non usa: controllare la lettura e correggerla se quelle parole "
         "cambiano la regola", "R.a")]


@pytest.mark.parametrize("phrase", [
    "20% per ogni incontro, fino a 5",  # 5 × 20% is 100%: the same rule
    "100% restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al Distretto",
    "2 % per post e 10 % per video, fino a un massimo complessivo del 100%",
    "in proporzione al numero di incontri rispetto ai 6 previsti",
])
def test_a_rule_whose_every_weighty_word_is_used_is_not_flagged(phrase):
    assert rule_indicators(phrase)[1] == ()


def test_the_seed_asks_nothing_more_than_before():
    checks = import_text(SEED, "programma.txt").checks
    assert [(check.code, check.what.split(":")[0]) for check in checks] == [
        ("P03", "2 indicatori scritti e 3 percentuali"), ("P07", "2 indicatori scritti e 3 percentuali"),
        ("P08", "indicatori senza percentuale"), ("P09", "indicatori senza percentuale"),
        ("P10", "indicatori senza percentuale"), ("6.1", "nessuna azione né indicatore nel programma"),
        ("7.1", "nessuna azione né indicatore nel programma"), ("8", "il programma non nomina le 3 progettualità "
                                                                      "facoltative")]


@pytest.mark.parametrize(("where", "before", "after", "asked"), [
    ("azioni V.A.M.T.", "1. NETWORKING\n", "Nota: le azioni sono valutate a fine anno.\n1. NETWORKING\n",
     "riga che la lettura non colloca: non usata: se fa parte del programma, aggiungerla a mano"),
    ("area 2", "Organizzare incontri con Coordinatore istituzionale e Referente amministrativo\t",
     "Organizzare incontri con Coordinatore istituzionale e Referente amministrativo\tManager territoriale\t",
     "la riga ha 3 colonne, la tabella delle azioni ne ha 2 (azione e regola): le colonne in più sono state lette "
     "come parte della regola: controllare titolo e regola"),
    ("progettualità n.4", "Tempi.\tEntro 31 dicembre 2024\nIndicatore/i di valutazione.\tAmpliamento",
     "Tempi.\tEntro 31 dicembre 2024\nBudget.\t1.000 euro\nIndicatore/i di valutazione.\tAmpliamento",
     "campo «Budget.» non previsto in una progettualità: unito a «Tempi»: controllare"),
    ("aderenti", "6\tDIAL FUNGHI S.R.L.\t16-dic-22\t\t", "6\tDIAL FUNGHI S.R.L.\t16-dic-22\t\t\n(1) dati al 30 aprile",
     "riga che la lettura non colloca: non usata: se fa parte del programma, aggiungerla a mano"),
])
def test_a_line_the_reader_does_not_place_is_asked_not_dropped(where, before, after, asked):
    assert before in SEED
    checks = import_text(SEED.replace(before, after, 1), "programma.txt").checks
    assert [(check.where, check.what) for check in checks if check.where == where] == [(where, asked)]


@pytest.mark.parametrize("phrase", ["a) 20% per ogni incontro b) 10% per ogni post",
                                    "1) 20% per ogni incontro; 2) 10% per ogni post",
                                    "1. 20% per ogni incontro 2. 10% per ogni post"])
def test_a_list_in_one_cell_with_one_percentage_an_item_is_one_indicator_an_item(phrase):
    indicators, checks = rule_indicators(phrase)
    assert checks == ()
    assert [(ind.code, ind.kind.value, [(line.unit, line.percent) for line in ind.lines]) for ind in indicators] == [
        ("R.a", "per_unita", [("incontri", 0.2)]), ("R.b", "per_unita", [("post", 0.1)])]


def test_a_numbered_list_of_a_project_s_indicators_keeps_every_item_in_its_place():
    before = ("Ampliamento dei produttori aderenti al GAS alimentare Ampliamento dell'offerta/diversificazione dei "
              "prodotti del GAS")
    after = "1) Ampliamento dei produttori aderenti al GAS alimentare 2) Ampliamento dell'offerta dei prodotti del GAS"
    assert before in SEED
    result = import_text(SEED.replace(before, after), "programma.txt")
    assert [ind.text for ind in result.programme.action("P04").indicators] == [
        "Ampliamento dei produttori aderenti al GAS alimentare", "Ampliamento dell'offerta dei prodotti del GAS"]
    assert "P04" not in {check.code for check in result.checks}


def test_a_footnote_is_attached_to_the_rule_it_marks_and_asked():
    rule = "100% restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al Distretto"
    text = (SEED.replace(rule, rule + " (1)")
            .replace("2. INTERMEDIAZIONE", "(1) Per il 2024 la soglia è elevata a 4 verbali.\n\n2. INTERMEDIAZIONE"))
    result = import_text(text, "programma.txt")
    action = result.programme.action("1.1")
    assert action.rule == rule + " [nota (1) Per il 2024 la soglia è elevata a 4 verbali.]"
    assert action.indicators[0].lines[0].required == 2  # read as written, and asked
    assert [(check.where, check.what, check.published, check.code) for check in result.checks
            if check.code == "1.1"] == [(
        "azione 1.1", "la regola rimanda alla nota (1), scritta dopo la regola: una nota può cambiare la regola (una "
        "soglia alzata per l'anno): controllare e correggere la lettura", "Per il 2024 la soglia è elevata a 4 verbali.",
        "1.1")]
    assert len(result.programme.actions) == len(SAMPLE.actions)  # the note is no action


def test_a_footnote_no_rule_marks_is_asked():
    text = SEED.replace("2. INTERMEDIAZIONE", "* Dati provvisori.\n\n2. INTERMEDIAZIONE")
    checks = [check for check in import_text(text, "programma.txt").checks if check.where == "nota"]
    assert [(check.what, check.published) for check in checks] == [
        ("nota * che nessuna regola richiama: controllare a quale regola si riferisce", "Dati provvisori.")]


@pytest.mark.parametrize(("phrase", "words"), [
    ("100% se partecipa almeno la metà degli aderenti", "«se», «almeno», «metà»"),
    ("100% con la partecipazione di tutti gli aderenti", "«tutti»"),
    ("100% con la partecipazione di un terzo delle organizzazioni aderenti", "«terzo»"),
])
def test_a_threshold_relative_to_the_members_is_asked_as_such(phrase, words):
    indicators, checks = rule_indicators(phrase)
    assert [check.what for check in checks] == [
        f"la regola chiede una parte degli aderenti ({words}), che nessun tipo di regola conta: letta senza quella "
        "soglia: scrivere il numero di organizzazioni richiesto (tipo «almeno») o valutare a mano"]


def test_a_four_column_actions_table_is_read_by_its_header_and_its_other_columns_asked_once():
    """Code | action | leader and actors | indicators and percentages: the action and its rule from
    their columns, the same programme as the seed's two columns."""
    start, end = SEED.index("AZIONI V.A.M.T."), SEED.index("PROGETTUALITÀ\n")
    rows, area, number = [], "", 0
    for line in SEED[start:end].split("\n"):
        if line[:2].rstrip(".").isdigit() and ". " in line[:4]:
            area, number = line.split(".")[0], 0
        if line.startswith("AZIONE\t"):
            line = "CODICE\tAZIONE\tCAPOFILA E ATTORI\tINDICATORI E PERCENTUALI"
        elif "\t" in line and line.split("\t")[0].strip() and not line.startswith("---"):
            number += 1
            title, rule = line.split("\t", 1)
            line = f"{area}.{number}\t{title}\tComune di Pergine Valsugana, aderenti\t{rule}"
        elif line.startswith("\t"):
            line = "\t\t\t" + line[1:]
        rows.append(line)
    result = import_text(SEED[:start] + "\n".join(rows) + SEED[end:], "programma.txt")
    assert result.programme == SAMPLE
    assert [check.what for check in result.checks if check.where == "azioni V.A.M.T."] == [
        "la tabella delle azioni ha anche le colonne «CODICE», «CAPOFILA E ATTORI», che il programma non tiene: azione "
        "da «AZIONE», regola da «INDICATORI E PERCENTUALI»: controllare che le altre colonne non cambino le regole"]
    assert len(result.checks) == 9  # the seed's eight, and this one


# -- weighted parts of one action -----------------------------------------------------------------

WEIGHTS_NOT_APPLIED = (
    "la regola dà pesi diversi alle parti dell'azione ({}), che xlsync non applica: ogni parte letta come un "
    "indicatore e l'azione come la loro media, a pesi uguali: valutare l'azione a mano (tipo «manuale») o riscrivere "
    "le parti")


@pytest.mark.parametrize("phrase", [
    "a) 50% realizzazione degli incontri b) 50% pubblicazione dei verbali",
    "l'azione vale per il 50% la realizzazione degli incontri e per il 50% la pubblicazione dei verbali",
    "50% per la realizzazione degli incontri, 50% restituzione di almeno 2 verbali",
])
def test_equal_parts_of_one_action_are_its_indicators_and_their_mean_is_the_weighted_sum(phrase):
    indicators, checks = rule_indicators(phrase)
    assert checks == ()
    assert [ind.kind.value for ind in indicators][0] == "si_no"
    assert [ind.lines[0].unit for ind in indicators][0] == "la realizzazione degli incontri"
    # the action is the mean of its indicators: one part done of two is 50%, as the weights say
    done = [indicator_value(indicators[0], {"R.a": 1}), indicator_value(indicators[1], {"R.b": 0})]
    assert sum(done) / len(done) == 0.5


@pytest.mark.parametrize(("phrase", "weights", "kinds"), [
    ("l'azione vale per il 60% la realizzazione degli incontri e per il 40% la pubblicazione dei verbali", "60%, 40%",
     ["si_no", "si_no"]),
    ("a) 70% realizzazione degli incontri b) 30% restituzione di almeno 2 verbali", "70%, 30%", ["si_no", "almeno"]),
    ("per il 50% la relazione, per il 25% il questionario e per il 25% la mappa dei servizi", "50%, 25%, 25%",
     ["si_no", "si_no", "si_no"]),
])
def test_unequal_weights_of_one_action_are_asked_as_not_applied_never_summed(phrase, weights, kinds):
    indicators, checks = rule_indicators(phrase)
    assert [check.what for check in checks] == [WEIGHTS_NOT_APPLIED.format(weights)]
    assert [ind.kind.value for ind in indicators] == kinds  # each part read at 100%, none per unit


@pytest.mark.parametrize(("phrase", "weights"), [
    ("Realizzazione degli incontri e pubblicazione dei verbali, peso 70/30", "peso 70/30"),
    ("100% per la realizzazione degli incontri e la pubblicazione dei verbali (pesi 60 e 40)", "pesi 60 e 40"),
])
def test_weights_written_apart_from_the_parts_are_asked_as_not_applied(phrase, weights):
    _, checks = rule_indicators(phrase)
    assert checks[0].what == (
        f"la regola dà pesi alle parti dell'azione ({weights}), che la lettura non separa: pesi non applicati: scrivere "
        "una percentuale per parte («60% per la realizzazione degli incontri, 40% per la pubblicazione dei verbali») o "
        "valutare a mano")


def test_weighted_parts_in_a_programme_are_asked_on_their_action_in_the_review_rows():
    rule = "20% per ogni incontro. Evidenze: elenco con data, argomento trattato e persone coinvolte"
    weighted = "per il 60% la realizzazione degli incontri e per il 40% la pubblicazione dei verbali"
    result = import_text(SEED.replace(rule, weighted), "programma.txt")
    action = result.programme.action("2.2")
    assert [(ind.code, ind.kind.value) for ind in action.indicators] == [("2.2.a", "si_no"), ("2.2.b", "si_no")]
    assert [(check.where, check.what, check.code) for check in result.checks if check.code.startswith("2.2")] == [
        ("azione 2.2", WEIGHTS_NOT_APPLIED.format("60%, 40%"), "2.2")]


@pytest.mark.parametrize(("before", "after"), [
    ("AZIONE V.A.M.T. Percentuale/i di valutazione.\t50% per la partecipazione ad ogni incontro con il Distretto "
     "Famiglia territoriale 100% per relazione 50% per ogni mail/post",
     "AZIONE V.A.M.T.\t50% per la partecipazione ad ogni incontro con il Distretto Famiglia territoriale\n"
     "Percentuale/i di valutazione.\t100% per relazione 50% per ogni mail/post"),
    ("Organizzazione referente.\tASIF Chimelli", "Organizzazione\tASIF Chimelli\nreferente."),  # no cell left
])
def test_a_project_s_label_broken_by_a_page_break_is_one_label(before, after):
    """«AZIONE V.A.M.T.» at the foot of a page, «Percentuale/i di valutazione.» at the top of the next,
    each with part of the rule: one row, the programme as published."""
    assert before in SEED
    result = import_text(SEED.replace(before, after, 1), "programma.txt")
    assert result.programme == SAMPLE
    assert len(result.checks) == 8
