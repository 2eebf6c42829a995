"""The merge rules on plain values: no files, no workbook, no process."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.errors import WorkbookError
from xlsync.partners import rules, threeway
from xlsync.partners.compare import comparable, match, row_digest
from xlsync.partners.conflicts import settle
from xlsync.partners.diff import row_changes
from xlsync.partners.rules import MergeState, Return, ReturnRow, unique_extra
from xlsync.programme.model import Evidence, Reject, Submission
from xlsync.programme.toml_file import load

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
SOSTE = PROGRAMME.members[4]
JAN = dt.datetime(2025, 1, 20, 9, 0)
NOW = dt.datetime(2025, 3, 1, 10, 0)


def values(text: str, code: str = "3.1.a", notes=None) -> tuple:
    return (code, dt.date(2024, 3, 4), text, None, None, None, None, notes)


def a_return(name: str, texts: list, saved: dt.datetime | None = JAN, content_hash: str | None = None) -> Return:
    """A return of Soste; None in `texts` is an empty row of its sheet."""
    rows = tuple(ReturnRow(row, index + 2, (), rules.row_id("SOSTE", f"{name}|{index}"), b"", row_digest(row))
                 for index, row in ((index, text if isinstance(text, tuple) else values(text))
                                    for index, text in enumerate(texts) if text is not None))
    return Return(Path(name), saved, SOSTE, SOSTE.name, True, True, rows, (), (), (), content_hash or name)


def merged(texts: list[str], name: str = "v1.xlsx") -> MergeState:
    """A district where Soste's first return (made from the blank file) is merged."""
    current = MergeState((), (), (), PROGRAMME.members)
    assert current.take(a_return(name, texts), NOW).status == "merged"
    return reread(current)


def reread(current: MergeState) -> MergeState:
    """The district as the next merge reads it."""
    return MergeState(current.evidence(), current.all_rejects, current.submissions, PROGRAMME.members,
                      bases=current.bases, conflicts=current.conflicts)


def edit(current: MergeState, old: str, new: str | None) -> None:
    """The manager changes (or, with None, deletes) a row of Soste in Evidenze."""
    rows = current.merged["Soste"]
    index = next(i for i, row in enumerate(rows) if row.description == old)
    if new is None:
        del rows[index]
    else:
        rows[index] = rows[index].but(description=new)


def merged_rows(texts: list[str], file: str = "v1.xlsx") -> list[Evidence]:
    return [Evidence(*values(text), partner="Soste", source_file=file, received=JAN, source_row=index + 2,
                     row_id=f"SOSTE-{index:08x}", row=index + 2) for index, text in enumerate(texts)]


def ledger(file: str = "v1.xlsx", saved: dt.datetime = JAN) -> list[Submission]:
    return [Submission(file, "Soste", saved, JAN, "h0", "unito", 4, 4)]


def state(texts: list[str] = (), saved: dt.datetime = JAN) -> MergeState:
    return MergeState(merged_rows(list(texts)), (), ledger(saved=saved) if texts else (), PROGRAMME.members)


def soste_rows(current: MergeState) -> list[str]:
    return [row.description for row in current.evidence() if row.partner == "Soste"]


def test_rows_match_by_content_wherever_they_moved_then_by_sheet_row():
    previous = [(("a",), 2), (("b",), 3), (("c",), 4), (("d",), 5)]
    new = [(("c",), 2), (("b, corretto",), 3), (("a",), 4), (("e",), 9)]
    found = match(previous, new)
    assert found.pairs == [2, 1, 0, None]
    assert (found.unchanged, found.updated, found.removed) == (2, 1, [3])


def test_true_is_never_1_and_is_what_the_district_stores():
    assert comparable(True) == "VERO" != comparable(1)
    assert comparable(1) == comparable(1.0) == 1.0
    assert comparable(dt.datetime(2024, 3, 4)) == dt.date(2024, 3, 4)
    before = [Evidence("3.1.a", notes=1, row=2)]
    assert [change.kind for change in row_changes(before, (Evidence("3.1.a", notes=True, row=2),))] == ["modificata"]
    assert row_changes(before, (Evidence("3.1.a", notes=1.0, row=2),)) == []
    # The district holds TRUE as the text VERO: the same return sent again leaves the row unchanged.
    current = MergeState([Evidence(*values("Incontro", notes="VERO"), partner="Soste", source_file="v1.xlsx",
                                   source_row=2, row_id="SOSTE-00000001")], (), ledger(), PROGRAMME.members)
    outcome = current.take(a_return("v2.xlsx", [values("Incontro", notes=True)]), NOW)
    assert (outcome.counts.unchanged, outcome.counts.updated) == (1, 0)


def test_a_removed_row_is_kept_in_scarti_with_its_content_and_the_file_that_removed_it():
    current = merged(["A", "B", "C", "D"])
    ids = {row.description: row.row_id for row in current.merged["Soste"]}
    outcome = current.take_all([a_return("v2.xlsx", ["A", "B", "D", "E"])], NOW)[0]
    assert outcome.status == "merged"
    c = outcome.counts
    assert (c.read, c.added, c.updated, c.unchanged, c.removed) == (4, 1, 0, 3, 1)
    assert soste_rows(current) == ["A", "B", "D", "E"]
    [removed] = current.all_rejects
    assert removed == Reject("Soste", "v2.xlsx", JAN, 4, "tolta dall'aderente con il file «v2.xlsx» (era la riga 4 "
                             f"di «v1.xlsx», ID {ids['C']})", values("C"))
    assert removed.removed_by_a_return
    # kept when the member's later returns replace its other rejects
    current.take_all([a_return("v3.xlsx", ["A", "B", "D", "E", "F"])], NOW)
    assert [reject.file for reject in current.all_rejects] == ["v2.xlsx"]


def test_a_file_with_only_new_rows_is_a_copy_of_the_blank_file_and_only_adds():
    """Issue 22 changed this rule: such a file used to replace (and was held back)."""
    current = merged(["A", "B", "C", "D"])
    outcome = current.take_all([a_return("nuova.xlsx", ["E"])], NOW)[0]
    assert (outcome.status, outcome.counts.added, outcome.counts.removed) == ("merged", 1, 0)
    assert soste_rows(current) == ["A", "B", "C", "D", "E"]


def test_a_return_keeping_few_rows_of_an_earlier_one_is_held_until_confirmed():
    current = merged(["A", "B", "C", "D"])
    held = current.take_all([a_return("nuova.xlsx", ["A"])], NOW)[0]
    assert held.status == "held" and held.needs_attention
    assert held.reason == ("toglierebbe 3 delle 4 righe di Soste già unite (da «v1.xlsx»): se è voluto, rifare l'unione "
                           "con --confirm (le righe tolte restano in «Scarti»); altrimenti chiedere a Soste il file "
                           "completo")
    assert (held.counts.read, held.counts.held) == (1, 1) and held.counts.balanced
    assert not current.changed and soste_rows(current) == ["A", "B", "C", "D"]
    taken = current.take_all([a_return("nuova.xlsx", ["A"])], NOW, confirm=True)[0]
    assert taken.status == "merged" and taken.counts.removed == 3
    assert soste_rows(current) == ["A"]
    assert [reject.values[2] for reject in current.all_rejects] == ["B", "C", "D"]


def test_half_of_the_rows_removed_is_not_held():
    current = merged(["A", "B", "C", "D"])
    assert current.take_all([a_return("v2.xlsx", ["A", "B"])], NOW)[0].status == "merged"
    assert soste_rows(current) == ["A", "B"]


def test_a_newer_return_given_with_an_older_one_derives_from_it_and_both_are_taken():
    current = state()
    outcomes = current.take_all([a_return("v2.xlsx", ["A", "B, corretto", "C"], saved=JAN + dt.timedelta(days=1)),
                                 a_return("v1.xlsx", ["A", "B"])], NOW)
    assert [o.status for o in outcomes] == ["merged", "merged"]
    assert soste_rows(current) == ["A", "B, corretto", "C"]


def test_a_clock_in_the_future_or_a_file_without_a_save_date_holds_nothing_back():
    current = MergeState((), (), (), PROGRAMME.members)
    current.take(a_return("v1.xlsx", ["A", "B"], saved=dt.datetime(2030, 1, 1)), NOW)  # the partner's clock said 2030
    assert current.take_all([a_return("v2.xlsx", ["A", "B, corretto"])], NOW)[0].status == "merged"
    assert current.take_all([a_return("v3.xls", ["A", "B, corretto", "C"], saved=None)], NOW)[0].status == "merged"
    assert soste_rows(current) == ["A", "B, corretto", "C"]


def test_cleared_provenance_columns_are_rebuilt_and_nothing_is_duplicated():
    rows = [row.but(row_id=None) for row in merged_rows(["A", "B"])]  # the ID column cleared
    rows[1] = rows[1].but(partner=None, source_file=None, row_id="SOSTE-00000001")  # Partner and File cleared
    current = MergeState(rows, (), ledger(), PROGRAMME.members, "distretto.xlsx › Evidenze")
    assert [note.text() for note in current.repairs] == [
        "distretto.xlsx › Evidenze: 2 righe di Soste avevano le colonne di provenienza (Partner, File o ID) svuotate: "
        "ricostruite: non modificare le colonne Partner, File, Ricevuto il, Riga origine e ID"]
    outcome = current.take(a_return("v2.xlsx", ["A", "B"]), NOW)
    assert (outcome.counts.unchanged, outcome.counts.added) == (2, 0)
    assert soste_rows(current) == ["A", "B"]


def test_a_merged_row_whose_partner_cannot_be_told_is_refused_before_anything_is_written():
    rows = [merged_rows(["A"])[0].but(partner=None, source_file=None, row_id=None)]  # only Riga origine is left
    with pytest.raises(WorkbookError) as error:
        MergeState(rows, (), ledger(), PROGRAMME.members, "distretto.xlsx › Evidenze")
    assert str(error.value) == (
        "distretto.xlsx › Evidenze › riga 2: le colonne di provenienza (Partner, File, ID) sono state svuotate o "
        "cambiate e non si capisce di quale aderente sia la riga: nessuna unione fatta: ripristinarle da una copia "
        "precedente (….backup.xlsx), oppure svuotare anche «Riga origine» per farne una riga del Manager")


def test_the_managers_own_rows_stay_his():
    own = Evidence("4.3.a", description="PED scritto dal Manager", row_id="M-12345678", row=5)
    current = MergeState([own], (), (), PROGRAMME.members)
    assert current.own == [own] and current.merged == {} and current.repairs == []


def test_added_headers_become_valid_unique_table_columns_and_keep_their_values():
    extra = (("Descrizione", 1), ("Foto", 2), ("foto", 3), ("a\tb\nc", 4), ("x" * 300, 5), ("x" * 300, 6))
    assert unique_extra(extra) == (("Descrizione (2)", 1), ("Foto", 2), ("foto (2)", 3), ("a b c", 4),
                                   ("x" * 255, 5), ("x" * 251 + " (2)", 6))


_CELL = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=8),
                  st.dates(), st.datetimes(), st.sampled_from([dt.datetime(2024, 3, 4), "VERO", 1, 1.0, True]))


@given(st.lists(_CELL, min_size=8, max_size=8))
@settings(max_examples=examples(200))
def test_a_row_key_is_each_value_made_comparable(cells):
    from xlsync.partners.compare import content_key
    from xlsync.vocabulary.values import document_key
    expected = [comparable(value) for value in cells]
    expected[6] = document_key(expected[6])
    key = content_key(cells)
    assert key == tuple(expected)
    assert list(map(type, key)) == list(map(type, expected))  # 1 is 1.0, TRUE is never 1, midnight is a date


def test_a_document_name_capitalised_by_autocorrect_is_the_same_row():
    from xlsync.partners.compare import content_key, field_key
    typed = ("1.1.a", "2024-03-01", "Verbale", 1, "CS4", "", "verbale-marzo.pdf ", "")
    saved = ("1.1.a", "2024-03-01", "Verbale", 1, "CS4", "", "Verbale-marzo.pdf", "")
    assert content_key(typed) == content_key(saved)
    assert field_key("document", "Verbale-marzo.pdf") == field_key("document", "verbale-marzo.pdf")
    assert field_key("description", "Verbale") != field_key("description", "verbale")  # only the document's name


# -- people working on copies, the manager correcting: issue 22's cases ---------------------------


def test_two_copies_of_the_blank_file_both_add():
    current = merged(["Anna 1", "Anna 2", "Anna 3"], "copia di Anna.xlsx")
    outcome = current.take(a_return("copia di Lucia.xlsx", ["Lucia 1", "Lucia 2", "Lucia 3"]), NOW)
    c = outcome.counts
    assert (outcome.status, c.added, c.updated, c.removed, c.conflicts) == ("merged", 3, 0, 0, 0)
    assert soste_rows(current) == ["Anna 1", "Anna 2", "Anna 3", "Lucia 1", "Lucia 2", "Lucia 3"]
    assert current.submissions[-1].base == "vuoto"


def test_two_copies_of_one_return_changing_different_rows_are_both_applied():
    current = merged(["A", "B", "C"], "anna.xlsx")
    marco = current.take(a_return("marco.xlsx", ["A, di Marco", "B", "C"]), NOW)
    paola = current.take(a_return("paola.xlsx", ["A", "B", "C, di Paola"]), NOW)
    assert [(o.counts.updated, o.counts.unchanged) for o in (marco, paola)] == [(1, 2), (1, 2)]
    assert soste_rows(current) == ["A, di Marco", "B", "C, di Paola"]
    assert [s.base for s in current.submissions] == ["vuoto", "anna.xlsx", "anna.xlsx"]  # each made from Anna's


def test_a_typo_fixed_in_the_row_added_last_is_a_change_not_a_new_row():
    current = merged(["A", "B"])
    current.take(a_return("v2.xlsx", ["A", "B", "Incntro"]), NOW)
    fixed = current.take(a_return("v3.xlsx", ["A", "B", "Incontro"]), NOW)
    assert (fixed.counts.updated, fixed.counts.added, current.submissions[-1].base) == (1, 0, "v2.xlsx")
    assert soste_rows(current) == ["A", "B", "Incontro"]
    assert [r.values[2] for r in current.all_rejects] == ["Incntro"]  # the earlier version, kept


def test_a_row_typed_in_an_older_copy_where_a_newer_return_has_another_is_added_not_put_in_its_place():
    """A colleague's copy of the first return, with another piece of evidence on the sheet row where the
    second return has one: the file may come from either; nothing it shares with the second return's row
    (code, date, description) makes it that row changed, so it is a new row and the second's stays."""
    current = merged(["A", "B"])
    press = ("4.2.a", dt.date(2024, 5, 2), "Comunicato tre", None, None, None, None, None)
    member = ("P04.a", dt.date(2024, 6, 9), "Adesione tre", None, None, None, None, None)
    current.take(a_return("v2.xlsx", ["A", "B", press]), NOW)
    old_copy = current.take(a_return("copia vecchia.xlsx", ["A", "B", member]), NOW)
    c = old_copy.counts
    assert (old_copy.status, c.added, c.updated, c.removed, c.conflicts) == ("merged", 1, 0, 0, 0)
    assert soste_rows(current) == ["A", "B", "Comunicato tre", "Adesione tre"]
    assert current.all_rejects == []


def test_the_managers_correction_survives_a_return_that_left_the_row_as_it_was():
    current = merged(["Incntro", "B"])
    edit(current, "Incntro", "Incontro")
    outcome = current.take(a_return("v2.xlsx", ["Incntro", "B", "C"]), NOW)
    assert (outcome.counts.added, outcome.counts.updated, outcome.counts.conflicts) == (1, 0, 0)
    assert soste_rows(current) == ["Incontro", "B", "C"]


def test_an_old_copy_arriving_last_undoes_nothing():
    current = merged(["A", "B", "C"])
    current.take(a_return("v2.xlsx", ["A", "B, corretto", "C", "D"], saved=JAN + dt.timedelta(days=2)), NOW)
    old = current.take(a_return("vecchia.xlsx", ["A", "B", "C, cambiata"], saved=JAN + dt.timedelta(days=1)), NOW)
    assert (old.status, old.counts.updated, old.counts.removed, old.counts.conflicts) == ("merged", 1, 0, 0)
    assert current.submissions[-1].base == "v1.xlsx"
    assert soste_rows(current) == ["A", "B, corretto", "C, cambiata", "D"]


def test_the_same_cell_changed_two_ways_is_a_conflict_and_the_managers_choice_settles_it():
    current = merged(["A", "B"])
    edit(current, "B", "B, dal Manager")
    outcome = current.take(a_return("v2.xlsx", ["A", "B, dall'aderente"], saved=JAN + dt.timedelta(days=1)), NOW)
    assert (outcome.status, outcome.counts.conflicts, outcome.counts.updated) == ("merged", 1, 0)
    assert outcome.needs_attention and outcome.counts.balanced
    assert soste_rows(current) == ["A", "B, dal Manager"]  # the district's version stays, nothing applied
    [conflict] = current.conflicts
    assert (conflict.fields, conflict.district, conflict.version) == (
        "Descrizione", "Descrizione: B, dal Manager", "Descrizione: B, dall'aderente")
    assert conflict.district_by == "il Manager territoriale, in «Evidenze»"
    assert (conflict.file, conflict.source_row, conflict.values) == ("v2.xlsx", 3, values("B, dall'aderente"))
    # the manager's choices, each in its own copy of the district
    for choice, shown, aside in (("prendi il file", "B, dall'aderente", "B, dal Manager"),
                                 ("Tieni il distretto", "B, dal Manager", "B, dall'aderente"),
                                 ("B, corretto", "B, corretto", "B, dall'aderente")):
        settled = reread(current)
        settled.conflicts = [replace(conflict, choice=choice)]
        [applied] = settle(settled, "distretto.xlsx › Conflitti")  # the run says what it did
        assert applied.text() == (f"distretto.xlsx › Conflitti: conflitto sulla riga {conflict.row_id} risolto come "
                                  f"scelto in «Conflitti» ({choice})")
        assert (soste_rows(settled), settled.conflicts) == (["A", shown], [])
        [reject] = settled.all_rejects
        assert (reject.values[2], reject.reason.startswith("versione non scelta nel conflitto")) == (aside, True)
    # the partner's next file, still with its version, changes nothing and adds no second conflict
    again = current.take(a_return("v3.xlsx", ["A", "B, dall'aderente", "C"], saved=JAN + dt.timedelta(days=2)), NOW)
    assert (again.counts.added, again.counts.conflicts, len(current.conflicts)) == (1, 0, 1)


def test_a_row_the_manager_deleted_stays_deleted_and_a_changed_version_of_it_is_a_conflict():
    current = merged(["A", "B", "C"])
    edit(current, "B", None)
    outcome = current.take(a_return("v2.xlsx", ["A", "B", "C"], saved=JAN + dt.timedelta(days=1)), NOW)
    assert soste_rows(current) == ["A", "C"] and outcome.counts.added == 0
    assert [p.key for p in outcome.problems] == ["kept_deleted"]
    assert outcome.problems[0].text().startswith("v2.xlsx › Evidenze › riga 3: la riga SOSTE-")
    changed = current.take(a_return("v3.xlsx", ["A", "B, rivista", "C"], saved=JAN + dt.timedelta(days=2)), NOW)
    assert changed.counts.conflicts == 1 and soste_rows(current) == ["A", "C"]
    assert (current.conflicts[0].district, current.conflicts[0].version.startswith("Codice: 3.1.a; Data: 04/03/2024; "
                                                                                   "Descrizione: B, rivista")) == (
        "(tolta nel distretto)", True)


def test_a_row_deleted_by_the_partner_and_changed_by_the_manager_is_a_conflict():
    current = merged(["A", "B", "C"])
    edit(current, "B", "B, dal Manager")
    outcome = current.take(a_return("v2.xlsx", ["A", None, "C"], saved=JAN + dt.timedelta(days=1)), NOW)
    assert (outcome.counts.removed, outcome.counts.conflicts) == (0, 0)  # a deletion is no row read
    assert soste_rows(current) == ["A", "B, dal Manager", "C"]
    assert (current.conflicts[0].version, current.conflicts[0].values) == ("(tolta nel file)", ())
    assert outcome.needs_attention


def test_choices_on_deleted_rows_and_a_corrected_text_that_cannot_be_applied():
    current = merged(["A", "B", "C"])
    edit(current, "B", "B, dal Manager")
    edit(current, "C", None)
    current.take(a_return("v2.xlsx", ["A", None, "C, rivista"], saved=JAN + dt.timedelta(days=1)), NOW)
    deleted_in_file, deleted_in_district = sorted(current.conflicts, key=lambda c: c.values != ())
    assert (deleted_in_file.version, deleted_in_district.district) == ("(tolta nel file)", "(tolta nel distretto)")
    taken = reread(current)
    taken.conflicts = [replace(c, choice="prendi il file") for c in current.conflicts]
    assert [note.key for note in settle(taken, "Conflitti")] == ["choice_applied"] * 2 and taken.conflicts == []
    assert soste_rows(taken) == ["A", "C, rivista"]  # B deleted as the file did, C back as the file has it
    assert [r.values[2] for r in taken.all_rejects] == ["B, dal Manager"]
    unclear = reread(current)
    unclear.conflicts = [replace(deleted_in_district, choice="C, corretta", row=3)]
    [note] = settle(unclear, "distretto.xlsx › Conflitti")
    assert note.text().startswith("distretto.xlsx › Conflitti › riga 3: la scelta per la riga SOSTE-")
    assert len(unclear.conflicts) == 1 and soste_rows(unclear) == ["A", "B, dal Manager"]


# -- the model: people copy, fill, change, delete and send files in any order; the manager edits -------


PEOPLE = st.sampled_from(["Anna", "Lucia"])


class Collaboration(RuleBasedStateMachine):
    """Soste's people and the manager, as issue 22 tells them. Every text anyone writes is new, so each
    change can be followed: none may leave Evidenze, Conflitti and Scarti unless someone who saw it
    changed or deleted it (a partner in the file they sent, the manager in the district)."""

    def __init__(self):
        super().__init__()
        self.district = MergeState((), (), (), PROGRAMME.members)
        self.files: dict[str, tuple[list[str], set[str]]] = {}  # person → (their file's texts, texts they replaced)
        self.sent: list[tuple[tuple[str, ...], frozenset[str]]] = []
        self.written: set[str] = set()  # every text in a file merged, or typed by the manager
        self.managers: set[str] = set()  # the texts the manager typed
        self.replaced: set[str] = set()  # texts someone who saw them changed or deleted
        self.counter = 0

    def new_text(self) -> str:
        self.counter += 1
        return f"t{self.counter}"

    @initialize()
    def everyone_gets_the_blank_file(self):
        for person in ("Anna", "Lucia"):
            self.files[person] = ([], set())

    @rule(person=PEOPLE)
    def start_again_from_the_blank_file(self, person):
        self.files[person] = ([], set())

    @rule(person=PEOPLE, other=PEOPLE)
    def copy_a_colleagues_file(self, person, other):
        texts, replaced = self.files[other]
        self.files[person] = (list(texts), set(replaced))

    @rule(person=PEOPLE, rows=st.integers(1, 3))
    def fill_rows(self, person, rows):
        self.files[person][0].extend(self.new_text() for _ in range(rows))

    @rule(person=PEOPLE, which=st.integers(0, 20), delete=st.booleans(), send=st.booleans())
    def change_or_delete_a_row(self, person, which, delete, send):
        texts, replaced = self.files[person]
        if texts:
            index = which % len(texts)
            replaced.add(texts[index])
            if delete:
                del texts[index]
            else:
                texts[index] = self.new_text()
        if send:
            self.send(person, confirm=False)

    @rule(person=PEOPLE, confirm=st.booleans())
    def send_the_file(self, person, confirm):
        self.send(person, confirm)

    def send(self, person, confirm):
        texts, replaced = self.files[person]
        self.merge(tuple(texts), frozenset(replaced), confirm)

    @rule(which=st.integers(0, 20))
    def send_an_old_copy_again(self, which):
        if self.sent:
            self.merge(*self.sent[which % len(self.sent)], confirm=False)

    def merge(self, texts, replaced, confirm):
        self.counter += 1
        name = f"file {self.counter}.xlsx"
        item = a_return(name, list(texts), JAN + dt.timedelta(hours=self.counter), str(hash(texts)))
        outcome = self.district.take(item, NOW, confirm)
        assert outcome.counts.balanced
        if outcome.status in ("merged", "already_merged"):
            self.written |= set(texts)
            self.replaced |= replaced
            self.sent.append((texts, replaced))
        self.district = reread(self.district)

    @rule(which=st.integers(0, 50), delete=st.booleans())
    def the_manager_edits_evidenze(self, which, delete):
        rows = self.district.merged.get("Soste", [])
        if rows:
            old = rows[which % len(rows)].description
            self.replaced.add(old)
            new = None if delete else self.new_text()
            self.written |= {new} - {None}
            self.managers |= {new} - {None}
            edit(self.district, old, new)

    @rule(choice=st.sampled_from(["tieni il distretto", "prendi il file", "corretto"]))
    def the_manager_chooses(self, choice):
        if self.district.conflicts:
            conflict = self.district.conflicts[0]
            there = [row.description for row in self.district.merged.get("Soste", []) if row.row_id == conflict.row_id]
            if choice == "prendi il file":
                self.replaced.update(there)  # the manager saw the district's version and chose the file's
            if choice == "corretto":
                choice = self.new_text()
                if conflict.fields == "Descrizione" and there:
                    self.written.add(choice)
                    self.managers.add(choice)
                    self.replaced.update(there)
            self.district.conflicts[0] = replace(conflict, choice=choice)
            settle(self.district, "Conflitti")
            self.district = reread(self.district)

    @invariant()
    def no_change_is_undone_silently(self):
        kept = {row.description for row in self.district.evidence()}
        kept |= {conflict.values[2] for conflict in self.district.conflicts if conflict.values}
        kept |= {reject.values[2] for reject in self.district.all_rejects}
        assert self.written - self.replaced <= kept
        # The manager's corrections stand in Evidenze: no file that did not see them undoes them.
        assert self.managers - self.replaced <= {row.description for row in self.district.evidence()}
        ids = [row.row_id for row in self.district.evidence()]
        assert len(ids) == len(set(ids))


TestCollaboration = Collaboration.TestCase
TestCollaboration.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)


def test_the_bases_kept_in_the_hidden_sheet_read_back_in_cells_of_at_most_30000_characters():
    rows = [threeway.BaseRow(n + 2, f"{n:012x}", f"SOSTE-{n:08x}") for n in range(2000)]
    cells = threeway.encode("abcdef0123456789", rows)
    assert len(cells) == 3 and all(len(cell) <= 30_000 and cell.startswith("abcdef0123456789\n") for cell in cells)
    assert threeway.decode(threeway.index(cells)["abcdef0123456789"]) == rows
    spoiled = cells[0].replace("\n2,", "\nx,", 1).replace("\n", "\r\n")  # a line spoiled, Windows line ends
    assert threeway.decode([spoiled]) == rows[1:len(cells[0].split("\n")) - 1]
    assert threeway.index(threeway.encode("0000000000000000", [])) == {"0000000000000000": ["0000000000000000"]}
