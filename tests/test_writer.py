"""The district workbook as a user and a program see it: sheets, tables, validation, names, values."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pandas as pd
import pytest
import python_calamine
from helpers import action, indicator, line, programme, row

from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_EVIDENCE, SAMPLE_PROGRAMME, sample_path
from xlsync.programme.model import Assessment, Evidence, RuleKind
from xlsync.programme.toml_file import fingerprint, load
from xlsync.scoring.engine import shown
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_assessments_csv, read_district, read_evidence_csv
from xlsync.workbook.rows import Cells, render_row
from xlsync.workbook.writer import WorkbookContent, write_district, write_workbook


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    prog = load(sample_path(SAMPLE_PROGRAMME))
    evidence = read_evidence_csv(sample_path(SAMPLE_EVIDENCE))
    assessments = read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), prog)
    path = tmp_path_factory.mktemp("district") / "distretto.xlsx"
    result = write_district(prog, path, evidence, assessments)
    return prog, evidence, path, result


def test_sheets_in_italian_in_order(district):
    _, _, path, _ = district
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Istruzioni", "Evidenze", "Riepilogo", "Indicatori", "Voci", "Scarti", "Conflitti", "Invii",
                               "Programma", "Aderenti", "Attori", "Metodo", "xlsync"]
    assert book["xlsync"].sheet_state == "hidden"
    assert book.active.title == "Riepilogo"
    protected = {ws.title for ws in book.worksheets if ws.protection.sheet}
    assert protected == set(book.sheetnames) - {"Evidenze"}


def test_evidence_table_headers_and_spare_rows(district):
    _, evidence, path, _ = district
    sheet = openpyxl.load_workbook(path)["Evidenze"]
    table = sheet.tables["Evidenze"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["Codice", "Data", "Descrizione", "Quantità", "Organizzazioni coinvolte", "Persone coinvolte",
                       "Documento", "Note", "Partner", "File", "Ricevuto il", "Riga origine", "ID"]
    assert table.ref == f"A1:M{1 + len(evidence) + layout.SPARE_EVIDENCE_ROWS}"
    assert sheet["B2"].value == dt.datetime(2024, 2, 15) and sheet["B2"].number_format == "dd/mm/yyyy"


def test_evidence_validation_refuses_bad_entries_in_italian(district):
    prog, evidence, path, _ = district
    sheet = openpyxl.load_workbook(path)["Evidenze"]
    last = 1 + len(evidence) + layout.SPARE_EVIDENCE_ROWS
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    code = rules[f"A2:A{last}"]
    assert (code.type, code.formula1, code.showErrorMessage, code.errorStyle) == (
        "list", f"Voci!$J$2:$J${2 * len(prog.lines) + 1}", True, None)  # no style is "stop": the entry is refused
    assert code.error == ("Questo codice non è nel programma. Scegliere una voce dall'elenco a discesa, o scriverne "
                          "il codice (ad esempio 1.1.a). Tutte le voci sono nel foglio «Voci».")
    choices = openpyxl.load_workbook(path)["Voci"]  # the dropdown's entries, then the codes alone
    assert [choices.cell(row, 10).value for row in range(2, 2 * len(prog.lines) + 2)] == [
        layout.line_label(line.code, line.label) for line in prog.lines] + [line.code for line in prog.lines]
    date = rules[f"B2:B{last}"]
    # no operator is "between": 1/1/2024 (serial 45292) to 31/12/2024 (45657)
    assert (date.type, date.operator, date.formula1, date.formula2, date.showErrorMessage) == (
        "date", None, "45292", "45657", True)
    assert date.error == ("Data non accettata: il giorno non esiste (ad esempio 31/09: settembre ha 30 giorni) oppure "
                          "la data non è del 2024. Scrivere una data del 2024 come gg/mm/aaaa, ad esempio 15/03/2024.")
    quantity = rules[f"D2:D{last}"]
    assert (quantity.type, quantity.operator, quantity.formula1, quantity.showErrorMessage) == (
        "decimal", "greaterThan", "0", True)
    organisation = rules[f"E2:E{last}"]
    assert (organisation.formula1, organisation.errorStyle) == ("Aderenti!$A$2:$A$7", "warning")


def test_dropdown_shows_code_and_label(district):
    prog, _, path, _ = district
    sheet = openpyxl.load_workbook(path)["Voci"]
    labels = [sheet.cell(row, 3).value for row in range(2, len(prog.lines) + 2)]
    assert labels[0] == "1.1.a — Restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al Distretto"
    assert "4.1.a.2 — Post originale pubblicato" in labels


def test_summary_names_threshold_outcome_and_chart(district):
    _, _, path, result = district
    book = openpyxl.load_workbook(path)
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names == {
        "REALIZZAZIONE_PROGRAMMA": "Riepilogo!$C$4", "SOGLIA": "Riepilogo!$C$5", "ESITO": "Riepilogo!$C$6",
        "AGGREGAZIONE": "Riepilogo!$C$7", "QUOTA_COFINANZIAMENTO": "Riepilogo!$C$8",
        "REALIZZAZIONE_ESATTA": "Riepilogo!$H$4"}
    sheet = book["Riepilogo"]
    # the exact mean of the exact values, in the hidden column; the figure shown rounded down beside it
    assert sheet["H4"].value == '=AVERAGEIFS(Riepilogo[Realizzazione esatta],Riepilogo[Conta],"Sì")'
    assert sheet["C4"].value == "=ROUNDDOWN(REALIZZAZIONE_ESATTA+1E-9,3)"
    assert sheet["E11"].value == "=ROUNDDOWN($H11+1E-9,3)"
    assert sheet["C6"].value == '=IF(REALIZZAZIONE_ESATTA+1E-9>=SOGLIA,"AMMISSIBILE","NON AMMISSIBILE")'
    assert sheet.column_dimensions["H"].hidden
    assert sheet["C4"].number_format == "0.0%" and sheet["C5"].value == 0.8
    assert [c.value for c in sheet[10][:8]] == ["Area", "Codice", "Azione", "Conta", "Realizzazione", "Soglia", "Righe",
                                                "Realizzazione esatta"]
    assert sheet.tables["Riepilogo"].ref == f"A10:H{10 + len(result.actions)}"
    assert len(sheet._charts) == 1
    assert len(sheet.conditional_formatting) >= 2


def test_cached_values_are_there_for_programs_that_only_read_values(district):
    _, _, path, result = district
    book = openpyxl.load_workbook(path, data_only=True)
    assert book["Riepilogo"]["C4"].value == shown(result.value)
    assert book["Riepilogo"]["H4"].value == pytest.approx(result.value, abs=1e-12)
    assert book["Riepilogo"]["C6"].value == "AMMISSIBILE"
    frame = pd.read_excel(path, sheet_name="Riepilogo", header=9, engine="calamine")
    values = dict(zip(frame["Codice"], frame["Realizzazione"], strict=True))
    assert values == {a.code: shown(a.value) for a in result.actions}
    exact = dict(zip(frame["Codice"], frame["Realizzazione esatta"], strict=True))
    assert exact == {a.code: pytest.approx(a.value, abs=1e-12) for a in result.actions}


def test_metadata_and_embedded_programme(district):
    prog, evidence, path, _ = district
    back = read_district(path)
    assert back.programme == prog
    assert back.meta["modello"] == layout.TEMPLATE_VERSION
    assert (back.meta["distretto"], back.meta["anno"]) == ("Distretto Family Audit Alta Valsugana", "2024")
    assert back.meta["impronta"] == fingerprint(prog)
    assert [e.code for e in back.evidence] == [e.code for e in evidence]
    assert back.evidence[0].row == 2 and back.evidence[0].partner == "ASIF Chimelli"
    assert back.assessments["6.1.a"].value == 0.9
    assert back.assessments["6.1.a"].note.startswith("Progetto strategico realizzato")


def test_the_managers_cells_are_the_only_unlocked_cells_of_indicators(district):
    prog, _, path, _ = district
    sheet = openpyxl.load_workbook(path)["Indicatori"]
    unlocked = {cell.coordinate for cells in sheet.iter_rows() for cell in cells if not cell.protection.locked}
    manual = [2 + [i.code for i in prog.indicators].index(code) for code in ("6.1.a", "7.1.a")]
    notes = {f"H{row}" for row in range(2, 2 + len(prog.indicators))}  # a note on every indicator
    assert unlocked == {f"G{r}" for r in manual} | notes


def test_partner_text_is_never_a_formula(tmp_path):
    prog = programme([action("1.1", [indicator("1.1.a", RuleKind.YES_NO, [line("1.1.a")])])])
    hostile = Evidence(code="1.1.a", description="=HYPERLINK(\"http://x\";\"clic\")", people="+39 0461 000000",
                       document="@SUM(A1)", notes="-2+3", quantity=None)
    path = tmp_path / "d.xlsx"
    write_district(prog, path, [hostile])
    cells = openpyxl.load_workbook(path)["Evidenze"][2]
    assert [cells[i].value for i in (2, 5, 6, 7)] == ['=HYPERLINK("http://x";"clic")', "+39 0461 000000", "@SUM(A1)", "-2+3"]
    assert all(cells[i].data_type == "s" for i in (2, 5, 6, 7))


def test_booleans_are_stored_as_text_so_excel_and_libreoffice_agree(tmp_path):
    prog = programme([action("1.1", [indicator("1.1.a", RuleKind.PER_UNIT, [line("1.1.a", percent=0.5)])])])
    result = write_district(prog, tmp_path / "d.xlsx", [row("1.1.a", True)])
    assert result.value == 0.0
    cell = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "d.xlsx")).get_sheet_by_name("Evidenze").to_python()[1][3]
    assert cell == "VERO"


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    prog = programme([action("1.1", [indicator("1.1.a", RuleKind.MANUAL)])])
    write_district(prog, tmp_path / "d.xlsx", [], {"1.1.a": Assessment(0.5)})
    assert [p.name for p in tmp_path.iterdir()] == ["d.xlsx"]


def _sheet_xml(path, name="Evidenze") -> bytes:
    with zipfile.ZipFile(path) as archive:
        names = openpyxl.load_workbook(path, read_only=True).sheetnames
        return archive.read(f"xl/worksheets/sheet{names.index(name) + 1}.xml")


def test_rows_rendered_ahead_are_written_as_the_writer_renders_them(tmp_path):
    """A merge renders new rows in its worker processes (`render_row`): the sheet must be the same,
    byte for byte, as when the writer renders them, whatever the text holds."""
    prog = programme([action("1.1", [indicator("1.1.a", RuleKind.PER_UNIT, [line("1.1.a", percent=0.5)])])])
    awkward = ["a & b < c > d", " spazi intorno ", "riga\ncapo", "ctrl\x01\x1f", "_x0041_ letterale", "<r>ricco</r>",
               "perché €", "emoji 🎉", "", "=1+1", "x" * 40000]
    rows = []
    for index, text in enumerate(awkward):
        rows.append(Evidence(
            code="1.1.a", date=dt.date(2024, 1 + index, 2), description=text, quantity=[1, 2.5, True, None, "tre"][index % 5],
            organisations=text or None, people=None, document=f"doc_{index}.pdf", notes=text,
            partner="Org", source_file="Evidenze 2024 - Org.xlsx", received=dt.datetime(2025, 1, 20, 9, 30),
            source_row=index + 2, row_id=f"ORG-{index:08x}", extra=(("Colonna mia", text),) if index % 2 else ()))
    fields = [column.field for column in layout.DISTRICT_EVIDENCE_COLUMNS]
    cells = Cells()
    ahead = {id(r): (r, render_row(tuple(getattr(r, f) for f in fields), cells)) for r in rows}
    plain, rendered = tmp_path / "plain.xlsx", tmp_path / "rendered.xlsx"
    write_workbook(WorkbookContent(prog, rows), plain)
    write_workbook(WorkbookContent(prog, rows, rendered=ahead), rendered)
    sheet = _sheet_xml(plain)
    assert _sheet_xml(rendered) == sheet
    assert sheet.count(b't="inlineStr"') > len(awkward) * 5
    values = python_calamine.CalamineWorkbook.from_path(str(rendered)).get_sheet_by_name("Evidenze").to_python()
    assert [r[2] for r in values[1:1 + len(awkward)]] == [text[:32767] for text in awkward]
    assert [r[3] for r in values[1:6]] == [1, 2.5, "VERO", "", "tre"]
    assert values[2][13] == " spazi intorno "  # the column a person added
    # and the rows rendered ahead are what the writer takes
    swapped = dict(ahead)
    first = rows[0]
    swapped[id(first)] = (first, render_row(tuple(getattr(first, f) for f in fields[:2]) + ("resa prima",) +
                                            tuple(getattr(first, f) for f in fields[3:]), cells))
    write_workbook(WorkbookContent(prog, rows, rendered=swapped), rendered)
    sheet = python_calamine.CalamineWorkbook.from_path(str(rendered)).get_sheet_by_name("Evidenze").to_python()
    assert sheet[1][2] == "resa prima"


def test_the_method_sheet_says_how_figures_are_rounded_and_judged(district):
    _, _, path, _ = district
    method = " ".join(str(cell) for row in openpyxl.load_workbook(path)["Metodo"].iter_rows(values_only=True)
                      for cell in row if cell)
    assert "Nessuna realizzazione è arrotondata prima di fare la media" in method
    assert "realizzazione esatta è almeno pari alla soglia (80%)" in method
    assert "arrotondata per difetto" in method and "79,95% si mostra 79,9% (NON AMMISSIBILE)" in method
    assert "«Realizzazione esatta»" in method and "REALIZZAZIONE_ESATTA" in method
