"""The programme reviewed in a spreadsheet: `xlsync import … -o programma.xlsx` writes what was read,
every flag a highlighted row «da verificare» saying why; `new` and `update` take the workbook as
they take the programme file, refusing rows still to check unless --force, and using what the
manager corrected."""

from __future__ import annotations

import dataclasses
import shutil

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import examples, needs_libreoffice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_published import SAMPLE, SEED
from test_published_roundtrip import written_programme

from xlsync.cli import cli
from xlsync.demo import PUBLISHED, sample_path
from xlsync.errors import ProgrammeError
from xlsync.programme.model import RuleKind
from xlsync.programme.published import import_text
from xlsync.workbook.reader import read_district
from xlsync.workbook.review import ACTION_COLUMNS, Pending, load_programme, plain_reading, read_review, write_review

STATUS = ACTION_COLUMNS.index("Stato") + 1  # openpyxl's columns count from 1


def review_of(tmp_path, text=SEED, name="programma.xlsx"):
    path = tmp_path / name
    write_review(import_text(text, "programma.txt"), path, "programma.txt")
    return path


def rows(path, sheet="Azioni"):
    book = openpyxl.load_workbook(path, data_only=True)  # «Lettura» as its formula's value
    return {row[0].value: row for row in book[sheet].iter_rows(min_row=2)}


def confirm_all(path, edit=None):
    """The manager's pass: each row «da verificare» looked at and confirmed, and `edit` made."""
    book = openpyxl.load_workbook(path)
    for sheet in ("Programma", "Azioni", "Aderenti"):
        for row in book[sheet].iter_rows():
            for cell in row:
                if cell.value == "da verificare":
                    cell.value = "confermato"
    if edit:
        edit(book)
    book.save(path)


def run(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def test_the_seed_comes_back_from_its_review_as_from_its_programme_file(tmp_path):
    review = read_review(review_of(tmp_path))
    assert review.programme == SAMPLE
    assert [(item.sheet, item.row, item.reason.split(":")[0]) for item in review.pending] == [
        ("Azioni", 33, "area 6"), ("Azioni", 35, "area 7"), ("Azioni", 37, "area 8"),
        ("Azioni", 51, "progettualità n.3"), ("Azioni", 63, "progettualità n.7"), ("Azioni", 67, "progettualità n.8"),
        ("Azioni", 69, "progettualità n.9"), ("Azioni", 71, "progettualità n.10")]


def test_the_review_shows_each_reading_in_plain_italian_with_its_fields_and_place(tmp_path):
    found = rows(review_of(tmp_path))
    columns = {name: index for index, name in enumerate(ACTION_COLUMNS)}

    def row(code):
        return {name: found[code][index].value for name, index in columns.items()}

    rule = "100% restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al Distretto"
    assert {name: value for name, value in row("1.1.a").items() if value not in ("", None)} == {
        "Codice": "1.1.a", "Riga": "indicatore", "Titolo o testo": rule[5].upper() + rule[6:], "Testo pubblicato": rule,
        "Dove": "riga 181", "Lettura": "100% con almeno 2 verbali, prima 0%", "Tipo": "almeno", "Almeno": 2,
        "Unità": "verbali", "Stato": "letto"}
    assert row("2.2.a")["Lettura"] == "incontri: 20% per unità, 100% da 5"
    assert (row("3.3.a")["Tipo"], row("3.3.a")["Per organizzazione"]) == ("per unità", "sì")
    assert row("4.1.a")["Lettura"] == ("post pubblicati: 1% per unità; post originali pubblicati: 10% per unità; in tutto "
                                       "al massimo 100%")
    assert [(row(code)["Riga"], row(code)["Percentuale"], row(code)["Unità"]) for code in ("4.1.a.1", "4.1.a.2")] == [
        ("voce", 0.01, "post pubblicati"), ("voce", 0.1, "post originali pubblicati")]
    assert (row("1.3.a")["Tipo"], row("1.3.a")["Collegata a"]) == ("collegata", "P10")
    assert row("4.3.a")["Lettura"] == "100% con la realizzazione di un PED"
    assert (row("P08")["Stato"], row("P08")["Perché"].split(" (")[0]) == (
        "da verificare", "progettualità n.8: indicatori senza percentuale: ognuno sì/no, 100% quando esiste l'evidenza")
    assert row("1.1")["Conta"] == "sì" and row("P01")["Conta"] == "no"


def test_a_flagged_rule_is_to_check_and_new_refuses_it_until_forced(tmp_path):
    text = SEED.replace("20% per ogni incontro. Evidenze", "20% per ogni incontro, fino a 3. Evidenze")
    path = review_of(tmp_path, text)
    row = rows(path)["2.2.a"]
    assert (row[STATUS - 1].value, row[STATUS].value) == (
        "da verificare", "azione 2.2: la regola contiene «3», che la lettura non usa: controllare la lettura e "
                         "correggerla se quelle parole cambiano la regola (testo pubblicato: «20% per ogni incontro, "
                         "fino a 3»)")
    refused = run("new", path, "-o", tmp_path / "distretto.xlsx")
    assert refused.exit_code == 2
    assert refused.output.splitlines()[0] == (
        "Errore: programma.xlsx: 9 righe della revisione sono ancora «da verificare»: controllarle e scrivere "
        "«confermato» nella colonna «Stato», o usare --force per usarle come lette")
    assert "  - programma.xlsx › Azioni › riga 14: da verificare: azione 2.2: la regola contiene «3»" in refused.output
    assert not (tmp_path / "distretto.xlsx").exists()
    forced = run("new", path, "-o", tmp_path / "distretto.xlsx", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Attenzione: 9 righe della revisione ancora «da verificare», usate come lette (--force)." in forced.output
    assert read_district(tmp_path / "distretto.xlsx").programme.action("2.2").indicators[0].lines[0].percent == 0.2


def test_what_the_manager_corrects_in_the_review_is_what_new_uses(tmp_path):
    path = review_of(tmp_path)

    def edit(book):
        actions = {row[0].value: row for row in book["Azioni"].iter_rows(min_row=2)}
        column = {name: index for index, name in enumerate(ACTION_COLUMNS)}
        actions["2.2.a"][column["Percentuale"]].value = 0.25
        actions["1.1.a"][column["Almeno"]].value = 3
        actions["4.3.a"][column["Tipo"]].value = "almeno"  # the PED read as yes/no: two versions wanted
        actions["4.3.a"][column["Almeno"]].value = 2
        actions["4.3.a"][column["Unità"]].value = "versioni del PED"
        actions["P01"][column["Conta"]].value = "sì"
        programme = book["Programma"]
        programme["B11"] = 0.85  # the threshold
        book["Aderenti"]["B7"] = "Funghi Dial"

    confirm_all(path, edit)
    result = run("new", path, "-o", tmp_path / "distretto.xlsx")
    assert result.exit_code == 0, result.output
    programme = read_district(tmp_path / "distretto.xlsx").programme
    assert programme.action("2.2").indicators[0].lines[0].percent == 0.25
    assert programme.action("1.1").indicators[0].lines[0].required == 3
    ped = programme.action("4.3").indicators[0]
    assert (ped.kind, ped.lines[0].required, ped.lines[0].unit) == (RuleKind.AT_LEAST, 2, "versioni del PED")
    assert programme.action("P01").counts
    assert programme.settings.threshold == 0.85
    assert programme.members[-1].short_name == "Funghi Dial"
    # everything else as read
    assert programme.action("3.3") == SAMPLE.action("3.3") and programme.district == SAMPLE.district


def test_a_wrong_value_in_the_review_is_named_by_sheet_and_row(tmp_path):
    path = review_of(tmp_path)

    def edit(book):
        actions = {row[0].value: row for row in book["Azioni"].iter_rows(min_row=2)}
        actions["2.2.a"][ACTION_COLUMNS.index("Tipo")].value = "a ore"
        actions["1.1.a"][ACTION_COLUMNS.index("Stato")].value = "visto"

    confirm_all(path, edit)
    with pytest.raises(ProgrammeError) as refused:
        load_programme(path)
    assert str(refused.value).splitlines() == [
        "programma.xlsx: la revisione del programma ha dei problemi: correggere le righe indicate sotto",
        "  - programma.xlsx › Azioni › riga 3: stato «visto» sconosciuto: scegliere «letto», «da verificare» o "
        "«confermato»",
        "  - programma.xlsx › Azioni › riga 14: tipo «a ore» sconosciuto: scegliere uno tra «per unità», «almeno», "
        "«sì/no», «collegata», «manuale»"]


def test_no_members_is_a_clear_refusal_in_new_and_in_distribute(tmp_path):
    path = review_of(tmp_path)
    confirm_all(path, lambda book: book["Aderenti"].delete_rows(2, 6))
    result = run("new", path, "-o", tmp_path / "distretto.xlsx")
    assert result.exit_code == 2
    assert result.output == (
        "Errore: programma.xlsx: il programma non ha organizzazioni aderenti: senza, non c'è a chi mandare i file delle "
        "evidenze: aggiungerle nel foglio «Aderenti» della revisione o come [[aderente]] nel file di programma, poi "
        "rifare «xlsync nuovo»\n")
    from xlsync.workbook.writer import write_district

    write_district(dataclasses.replace(SAMPLE, members=()), tmp_path / "vuoto.xlsx")
    result = run("distribute", tmp_path / "vuoto.xlsx", "-o", tmp_path / "invii")
    assert result.exit_code == 2
    assert result.output.startswith("Errore: vuoto.xlsx: il programma non ha organizzazioni aderenti")
    assert not (tmp_path / "invii").exists()


def test_a_programme_read_without_members_says_so_in_the_review(tmp_path):
    text = SEED[:SEED.index("ORGANIZZAZIONI ADERENTI")]
    book = openpyxl.load_workbook(review_of(tmp_path, text))
    values = {row[0].value: (row[1].value, row[2].value, row[3].value) for row in book["Programma"].iter_rows(min_row=5)}
    assert values["Organizzazioni aderenti"] == (
        "0, nel foglio «Aderenti»", "da verificare",
        "aderenti: il testo dice 6 organizzazioni aderenti, l'elenco ne ha 0: completare l'elenco (testo pubblicato: "
        "«hanno aderito al distretto famiglia 6 Organizzazioni»)\n"
        "aderenti: elenco delle organizzazioni aderenti non trovato: aggiungerle a mano")


def test_import_writes_the_review_and_update_takes_it(tmp_path):
    review = tmp_path / "programma.xlsx"
    result = run("import", sample_path(PUBLISHED), "-o", review)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "Da verificare a mano (8, righe «da verificare» nella revisione):"
    confirm_all(review)
    assert run("new", review, "-o", tmp_path / "distretto.xlsx").exit_code == 0

    def edit(book):
        actions = {row[0].value: row for row in book["Azioni"].iter_rows(min_row=2)}
        actions["4.2.a"][ACTION_COLUMNS.index("Percentuale")].value = 0.5

    changed = tmp_path / "cambiato.xlsx"
    shutil.copy(review, changed)
    confirm_all(changed, edit)
    result = run("update", tmp_path / "distretto.xlsx", changed)
    assert result.exit_code == 0, result.output
    assert read_district(tmp_path / "distretto.xlsx").programme.action("4.2").indicators[0].lines[0].percent == 0.5


def test_a_workbook_that_is_no_review_is_refused_as_a_programme(tmp_path):
    from xlsync.workbook.writer import write_district

    write_district(SAMPLE, tmp_path / "distretto.xlsx")
    with pytest.raises(ProgrammeError, match="non la revisione di un programma scritta da «xlsync importa»"):
        load_programme(tmp_path / "distretto.xlsx")


def test_plain_readings():
    programme = import_text(SEED, "programma.txt").programme
    readings = {ind.code: plain_reading(ind, programme) for ind in programme.indicators}
    assert readings["3.3.a"] == "organizzazioni aderenti: 20% per unità, ogni organizzazione contata una volta, 100% da 5"
    assert readings["1.3.a"] == "uguale alla realizzazione di P10 «VOLONTARIATO AZIENDALE»"
    assert readings["6.1.a"] == "percentuale scritta dal Manager territoriale"


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**32 - 1))
def test_generated_programmes_come_back_from_their_review(tmp_path, seed):
    written = written_programme(seed)
    imported = import_text(written.text, "generato.txt")
    path = tmp_path / "generato.xlsx"
    write_review(imported, path, "generato.txt")
    review = read_review(path)
    assert review.programme == imported.programme
    # every check is a row to verify, and nothing else is
    assert len(review.pending) == len({(item.sheet, item.row) for item in review.pending})
    assert all(isinstance(item, Pending) and item.reason for item in review.pending)
    assert len(imported.checks) >= len(review.pending) > 0


@needs_libreoffice
def test_the_review_as_ods_comes_back_the_same(tmp_path):
    path = tmp_path / "programma.ods"
    result = run("import", sample_path(PUBLISHED), "-o", path)
    assert result.exit_code == 0, result.output
    review = read_review(path)
    assert review.programme == SAMPLE
    assert len(review.pending) == 8


# «Lettura»: the row's fields in words, whatever the manager corrects
READING_EDITS = {  # indicator or unit type → the fields the manager corrects
    "2.2.a": {"Percentuale": 0.125, "Unità": "riunioni"},
    "3.1.a": {"Percentuale": 1 / 6},
    "1.1.a": {"Almeno": 4},
    "4.3.a": {"Tipo": "almeno", "Almeno": 3, "Unità": "piani editoriali"},
    "3.3.a": {"Per organizzazione": "no", "Percentuale": 0.3},
    "4.1.a.1": {"Percentuale": 0.05},
    "1.3.a": {"Collegata a": "P09"},
    "4.2.a": {"Tipo": "manuale"},
    "4.4.a": {"Tipo": "sì/no", "Unità": "la campagna ACS"},
    "P04.a": {"Tipo": "per unità", "Percentuale": 0.2},
}


def edit_readings(path, column_of):
    book = openpyxl.load_workbook(path)
    for row in book["Azioni"].iter_rows(min_row=2):
        for field, value in READING_EDITS.get(row[0].value, {}).items():
            row[column_of[field]].value = value
    book.save(path)


def test_the_reading_is_a_formula_of_the_row_s_fields_whose_stored_value_is_the_reading(tmp_path):
    path = review_of(tmp_path)
    book = openpyxl.load_workbook(path)
    formulas = {row[0].value: row[ACTION_COLUMNS.index("Lettura")].value for row in book["Azioni"].iter_rows(min_row=2)}
    shown = {code: row[ACTION_COLUMNS.index("Lettura")].value for code, row in rows(path).items()}
    for indicator in SAMPLE.indicators:
        assert formulas[indicator.code].startswith("=IFERROR(IF(H"), indicator.code
        assert shown[indicator.code] == plain_reading(indicator, SAMPLE)


@needs_libreoffice
def test_the_reading_follows_the_fields_the_manager_corrects_in_libreoffice(tmp_path):
    from helpers import recalculate

    path = review_of(tmp_path)
    edit_readings(path, {name: index for index, name in enumerate(ACTION_COLUMNS)})
    programme = read_review(path).programme
    (recalculated,) = recalculate([path], tmp_path / "ricalcolato")
    shown = {code: row[ACTION_COLUMNS.index("Lettura")].value for code, row in rows(recalculated).items()}
    assert {ind.code: shown[ind.code] for ind in programme.indicators} == {
        ind.code: plain_reading(ind, programme) for ind in programme.indicators}
    assert [shown[code] for code in ("2.2.a", "3.1.a", "4.3.a", "3.3.a", "4.1.a", "1.3.a", "4.2.a", "4.4.a")] == [
        "riunioni: 12,5% per unità, 100% da 8", "incontri: 16,67% per unità, 100% da 6",
        "100% con almeno 3 piani editoriali, prima 0%", "organizzazioni aderenti: 30% per unità, 100% da 4",
        "post pubblicati: 5% per unità; post originali pubblicati: 10% per unità; in tutto al massimo 100%",
        "uguale alla realizzazione di P09 «FORMAZIONE SULLA GENITORIALITÀ»",
        "percentuale scritta dal Manager territoriale", "100% con la campagna ACS"]


# -- the manager's edits, in any order ---------------------------------------------------------------

def _edits():
    counted = [ind.code for ind in SAMPLE.indicators if ind.kind is RuleKind.PER_UNIT and len(ind.lines) == 1]
    at_least = [ind.code for ind in SAMPLE.indicators if ind.kind is RuleKind.AT_LEAST]
    return st.lists(st.one_of(
        st.tuples(st.just("Percentuale"), st.sampled_from(counted), st.integers(1, 100).map(lambda n: n / 100)),
        st.tuples(st.just("Almeno"), st.sampled_from(at_least), st.integers(1, 30)),
        st.tuples(st.just("Conta"), st.sampled_from([a.code for a in SAMPLE.actions]), st.sampled_from(["sì", "no"])),
        st.tuples(st.just("Stato"), st.integers(0, 7), st.just("confermato"))), max_size=8)


@settings(max_examples=examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(_edits())
def test_every_edit_of_the_review_is_what_comes_back_and_nothing_else(tmp_path, edits):
    path = review_of(tmp_path)
    pending = read_review(path).pending
    column = {name: index for index, name in enumerate(ACTION_COLUMNS)}
    expected = {action.code: action for action in SAMPLE.actions}
    confirmed = set()
    book = openpyxl.load_workbook(path)
    found = {row[0].value: row for row in book["Azioni"].iter_rows(min_row=2)}
    for field, target, value in edits:
        if field == "Stato":  # one of the rows to check, confirmed
            item = pending[target]
            book["Azioni"].cell(item.row, STATUS).value = value
            confirmed.add(item.row)
            continue
        found[target][column[field]].value = value
        code = target if field == "Conta" else target.rsplit(".", 1)[0]
        action = expected[code]
        if field == "Conta":
            expected[code] = dataclasses.replace(action, counts=value == "sì")
            continue
        indicators = []
        for ind in action.indicators:
            if ind.code == target:
                line = dataclasses.replace(ind.lines[0], **({"percent": value} if field == "Percentuale" else
                                                            {"required": value}))
                ind = dataclasses.replace(ind, lines=(line,))
            indicators.append(ind)
        expected[code] = dataclasses.replace(action, indicators=tuple(indicators))
    book.save(path)
    review = read_review(path)
    assert review.programme == dataclasses.replace(SAMPLE, actions=tuple(expected.values()))
    assert [item.row for item in review.pending] == [item.row for item in pending if item.row not in confirmed]


def test_a_member_named_twice_is_asked_by_import_and_refused_by_new(tmp_path):
    text = SEED.replace("6\tDIAL FUNGHI S.R.L.\t16-dic-22", "6\tASIF CHIMELLI\t16-dic-22")
    checks = [check.what for check in import_text(text, "programma.txt").checks if check.where == "aderenti"]
    assert checks == ["«ASIF CHIMELLI» è due volte nell'elenco delle organizzazioni aderenti: togliere la riga ripetuta "
                      "o distinguere i nomi: xlsync nuovo non accetta un nome due volte"]
    path = review_of(tmp_path, text)
    confirm_all(path)
    result = run("new", path, "-o", tmp_path / "distretto.xlsx")
    assert (result.exit_code, result.output) == (2, (
        "Errore: programma.xlsx: l'elenco delle organizzazioni aderenti non si può usare: correggerlo come indicato "
        "sotto\n  - programma.xlsx › aderenti: «ASIF CHIMELLI» è due volte tra le organizzazioni aderenti: ogni aderente "
        "ha il suo file, riconosciuto dal nome: togliere la riga ripetuta o distinguere i nomi\n"))
