"""Partner workbooks: one per member, stamped, their own actions first, their organisation preset."""

from __future__ import annotations

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from helpers import edit_in_libreoffice, needs_libreoffice

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import distribute, involvement, partner_file_name
from xlsync.partners.merge import merge
from xlsync.partners.validate import check_file
from xlsync.programme.toml_file import fingerprint, load
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_workbook
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district


@pytest.fixture(scope="module")
def distributed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("distribute")
    programme = load(sample_path(SAMPLE_PROGRAMME))
    write_district(programme, folder / "distretto.xlsx")
    return programme, distribute(folder / "distretto.xlsx", folder / "invii")


def test_one_recognisable_file_per_member(distributed):
    programme, files = distributed
    assert [f.path.name for f in files] == [
        "Evidenze 2024 - CS4.xlsx", "Evidenze 2024 - Comune di Pergine Valsugana.xlsx",
        "Evidenze 2024 - ASIF Chimelli.xlsx", "Evidenze 2024 - Comunita Alta Valsugana e Bersntol.xlsx",
        "Evidenze 2024 - Soste.xlsx", "Evidenze 2024 - Dial Funghi.xlsx"]
    assert [f.member for f in files] == list(programme.members)


def test_identity_stamp(distributed):
    programme, files = distributed
    soste = read_workbook(files[4].path)
    assert soste.is_partner
    assert {key: soste.meta[key] for key in ("tipo", "modello", "distretto", "anno", "partner", "impronta")} == {
        "tipo": "partner", "modello": layout.TEMPLATE_VERSION, "distretto": "Distretto Family Audit Alta Valsugana",
        "anno": "2024", "partner": "SOSTE SOCIETA' A RESPONSABILITA' LIMITATA", "impronta": fingerprint(programme)}
    assert soste.programme == programme
    assert soste.evidence == ()  # the preset organisation alone does not make a row


def test_partner_workbook_layout(distributed):
    _, files = distributed
    book = openpyxl.load_workbook(files[4].path)
    assert book.sheetnames == ["Istruzioni", "Evidenze", "Riepilogo", "Indicatori", "Voci", "Programma", "Aderenti",
                               "Attori", "Metodo", "xlsync"]
    assert book.active.title == "Istruzioni"  # what to do comes first
    evidence = book["Evidenze"]
    assert [c.value for c in evidence[1]] == [c.header for c in layout.EVIDENCE_COLUMNS] + ["Da completare"]
    assert evidence.tables["Evidenze"].ref == "A1:I301"
    # The organisation is preset in the table; every row is checked, below the table too.
    assert evidence["E2"].value == evidence["E301"].value == "SOSTE SOCIETA' A RESPONSABILITA' LIMITATA"
    assert evidence["E302"].value is evidence["I302"].value is None  # nothing below: a return reads quickly
    assert evidence["I2"].value == evidence["I301"].value == "=DA_COMPLETARE"  # relative to the row calling it
    assert evidence.tables["Evidenze"].tableColumns[8].calculatedColumnFormula.attr_text == "DA_COMPLETARE"
    assert book.defined_names["DA_COMPLETARE"].attr_text.startswith(
        'IF(COUNTA(Evidenze!$A1:$D1,Evidenze!$F1:$H1)>0,MID(IF(Evidenze!$A1="","; manca il codice"')
    assert [str(v.sqref) for v in evidence.data_validations.dataValidation] == [
        "A2:A1001", "B2:B1001", "D2:D1001", "E2:E1001"]
    assert evidence.data_validations.dataValidation[0].formula1 == "Voci!$J$2:$J$71"
    highlighted = {str(rules.sqref): len(rules.rules) for rules in evidence.conditional_formatting}
    assert highlighted == {"A2:A1001": 1, "B2:B1001": 1, "C2:C1001": 1, "D2:D1001": 1, "E2:E1001": 1, "A2:I1001": 1}
    summary = book["Riepilogo"]
    assert summary["A1"].value == "Il vostro contributo — SOSTE SOCIETA' A RESPONSABILITA' LIMITATA"
    assert [summary[f"{c}4"].value for c in "AD"] == ["Righe complete, che il Manager territoriale conterà",
                                                      "=SUM(Voci!$H$2:$H$36)"]
    assert summary["D5"].value == ("=SUMPRODUCT(--(((Evidenze!$A$2:$A$1001<>\"\")+(Evidenze!$B$2:$B$1001<>\"\")+"
                                   "(Evidenze!$C$2:$C$1001<>\"\")+(Evidenze!$D$2:$D$1001<>\"\")+"
                                   "(Evidenze!$F$2:$F$1001<>\"\")+(Evidenze!$G$2:$G$1001<>\"\")+"
                                   "(Evidenze!$H$2:$H$1001<>\"\"))>0))-SUM(Voci!$H$2:$H$36)")
    assert [c.value for c in summary[10]][:7] == list(layout.PARTNER_SUMMARY_HEADERS)
    assert summary.column_dimensions["G"].hidden  # the exact values, beside the figures shown
    first = [(summary.cell(row, 1).value, summary.cell(row, 2).value) for row in range(11, 16)]
    assert first == [("referente", "1.3"), ("referente", "P08"), ("referente", "P09"), ("referente", "P10"),
                     ("coinvolta", "8.2")]
    shown = {cell.value for cells in summary.iter_rows() for cell in cells if isinstance(cell.value, str)}
    assert not any(word in text for text in shown for word in ("Soglia", "Conta", "cofinanziamento", "SOGLIA"))
    assert "ESITO" not in book.defined_names
    indicators = book["Indicatori"]
    assert all(cell.protection.locked for cells in indicators.iter_rows() for cell in cells)  # no manual input
    lines = book["Voci"]
    assert lines["A2"].value == "P08.a"  # the dropdown lists their own lines first
    assert lines.column_dimensions["J"].hidden
    assert [lines["J2"].value, lines["J36"].value, lines["J37"].value, lines["J71"].value] == [
        "P08.a — Ricerca di fattibilità del servizio in collaborazione con Soste srl",
        lines["C36"].value, "P08.a", lines["A36"].value]  # the entries, then the codes alone
    assert "Questo file è per SOSTE" in book["Istruzioni"]["A4"].value
    texts = [str(cell.value) for sheet in book.worksheets if sheet.title != "xlsync"
             for cells in sheet.iter_rows() for cell in cells if cell.value is not None]
    assert not [text for text in texts if "TBD" in text]  # the programme's «TBD» reads «da definire»
    assert texts.count("da definire") == 2  # the district's website, in «Attori» and «Programma»
    instructions = [cell.value for cells in book["Istruzioni"].iter_rows() for cell in cells if cell.value]
    assert ("Scegliere dall'elenco a discesa la voce del programma che la riga documenta, ad esempio «P08.a — "
            "Ricerca di fattibilità del servizio in collaborazione con Soste srl», oppure scriverne solo il codice "
            "(P08.a). Tutte le voci sono nel foglio «Voci».") in instructions


def test_involvement_reads_the_projects_organisation_fields():
    programme = load(sample_path(SAMPLE_PROGRAMME))
    cs4, pergine, asif, comunita, soste, dial = programme.members
    assert involvement(programme, cs4)["P04"] == "referente"  # "Cooperativa CS4"
    assert involvement(programme, comunita)["P05"] == "referente"  # "ASIF Chimelli e Comunità Alta Valsugana…"
    assert involvement(programme, asif)["1.4"] == "referente"  # linked to P01, led by ASIF Chimelli
    assert involvement(programme, dial)["P10"] == "referente"  # "Tutte le Organizzazioni aderenti al Distretto"
    assert "P04" not in involvement(programme, dial)  # "…aderenti al Distretto dell'Economia Solidale": another network
    assert "P01" not in involvement(programme, pergine)
    assert partner_file_name(programme, comunita) == "Evidenze 2024 - Comunita Alta Valsugana e Bersntol.xlsx"


def test_distribute_command_refuses_to_overwrite(tmp_path):
    write_district(load(sample_path(SAMPLE_PROGRAMME)), tmp_path / "d.xlsx")
    first = CliRunner().invoke(cli, ["distribute", str(tmp_path / "d.xlsx"), "-o", str(tmp_path / "out")])
    assert first.exit_code == 0
    assert first.output.splitlines()[-1] == f"6 file da inviare agli aderenti in {tmp_path / 'out'}."
    assert first.output.splitlines()[4] == (f"{tmp_path / 'out' / 'Evidenze 2024 - Soste.xlsx'}: SOSTE SOCIETA' A "
                                            "RESPONSABILITA' LIMITATA (referente in 4 azioni, coinvolta in 5)")
    again = CliRunner().invoke(cli, ["distribute", str(tmp_path / "d.xlsx"), "-o", str(tmp_path / "out")])
    assert again.exit_code == 2
    assert again.output == (f"Errore: {tmp_path / 'out' / 'Evidenze 2024 - CS4.xlsx'}: esiste già: usare --force per "
                            "sovrascrivere i file degli aderenti\n")


@needs_libreoffice
def test_what_a_partner_sees_is_what_the_manager_counts(tmp_path):
    """Rows typed in LibreOffice as a partner types them: the partner's own figures, recalculated,
    are what validate accepts and merge adds."""
    programme = load(sample_path(SAMPLE_PROGRAMME))
    district = tmp_path / "distretto.xlsx"
    write_district(programme, district)
    soste = next(f.path for f in distribute(district, tmp_path / "invii") if f.member.short_name == "Soste")
    typed = [
        ("A2", "string", "1.1.a — Restituzione di almeno 2 verbali degli incontri realizzati tra gli aderenti al "
                         "Distretto"),  # the dropdown's entry, and nothing else
        ("A3", "string", "4.2.a"), ("B3", "date", "2024-03-15"), ("C3", "string", "Comunicato stampa"),  # a plain code
        ("A4", "string", "1.1.a"), ("B4", "string", "31/09/2024"), ("C4", "string", "Incontro"),  # no such day
        ("A5", "string", "1.1.a"), ("B5", "date", "2023-12-15"), ("C5", "string", "Incontro"), ("D5", "value", -3),
        ("A6", "string", "3.3.a"), ("B6", "date", "2024-06-03"), ("C6", "string", "Co-progettazione"),
        ("A7", "string", "4.2.A"), ("B7", "date", "2024-04-15"), ("C7", "string", "Comunicato"), ("D7", "value", 2),
        ("A8", "string", "9.9.z"), ("B8", "date", "2024-04-15"), ("C8", "string", "Codice inventato"),
        # below the table (it ends at row 301)
        ("A320", "string", "1.1.a"), ("B320", "date", "2024-05-03"), ("C320", "string", "Verbale di maggio"),
        ("A321", "string", "3.1.a"), ("C321", "string", "Incontro senza data"),
    ]
    edits = [{"sheet": "Evidenze", "cell": cell, kind: value} for cell, kind, value in typed]
    returned = tmp_path / "ricevuti" / "Evidenze 2024 - Soste.xlsx"
    returned.parent.mkdir()
    edit_in_libreoffice(soste, returned, edits)

    book = python_calamine.CalamineWorkbook.from_path(returned)
    rows = book.get_sheet_by_name("Evidenze").to_python()
    assert {number: rows[number - 1][8] for number in (2, 3, 4, 5, 6, 7, 8, 9)} == {
        2: "manca la data; manca la descrizione",
        3: "",
        4: "«31/09/2024» non è una data: il giorno non esiste, o non è scritta gg/mm/aaaa",
        5: "la data è del 2023, non del 2024; la quantità deve essere un numero maggiore di zero",
        6: "",
        7: "",
        8: "codice «9.9.z» sconosciuto: scegliere dall'elenco",
        9: "",  # the preset organisation alone
    }
    summary = book.get_sheet_by_name("Riepilogo").to_python()
    assert [summary[3][3], summary[4][3]] == [4, 5]  # complete rows, rows to complete
    shown = {row[1]: (row[3], row[4], row[5]) for row in summary[10:] if row[1]}
    assert shown["1.1"] == ("1.1.a: 1 di 2 verbali", 0, 1)
    assert shown["4.2"] == ("4.2.a: 3 di 4 comunicati stampa", 0.75, 2)
    assert shown["3.3"] == ("3.3.a: 1 di 5 organizzazioni aderenti", 0.2, 1)
    assert shown["3.1"][2] == 0

    check = check_file(returned, programme)
    assert (sum(row.ok for row in check.rows), sum(not row.ok for row in check.rows)) == (4, 5)
    report = merge(district, [returned.parent])
    assert (report.files[0].counts.added, report.files[0].counts.rejected) == (4, 5)
    result = status(district)
    for code, (_, value, count) in shown.items():
        assert (result.action(code).rows, result.action(code).value) == (count, pytest.approx(value)), code
