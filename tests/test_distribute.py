"""Partner workbooks: one per member, stamped, their own actions first, their organisation preset."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import distribute, involvement, partner_file_name
from xlsync.programme.toml_file import fingerprint, load
from xlsync.workbook import layout
from xlsync.workbook.reader import read_workbook
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
    assert book.active.title == "Evidenze"
    evidence = book["Evidenze"]
    assert [c.value for c in evidence[1]] == [c.header for c in layout.EVIDENCE_COLUMNS]
    assert evidence["E2"].value == evidence["E301"].value == "SOSTE SOCIETA' A RESPONSABILITA' LIMITATA"
    summary = book["Riepilogo"]
    assert summary["A1"].value == "Il vostro contributo — SOSTE SOCIETA' A RESPONSABILITA' LIMITATA"
    assert [c.value for c in summary[10]] == list(layout.PARTNER_SUMMARY_HEADERS)
    first = [(summary.cell(row, 2).value, summary.cell(row, 8).value) for row in range(11, 16)]
    assert first == [("1.3", "referente"), ("P08", "referente"), ("P09", "referente"), ("P10", "referente"),
                     ("8.2", "coinvolta")]
    assert "ESITO" not in book.defined_names
    indicators = book["Indicatori"]
    assert all(cell.protection.locked for cells in indicators.iter_rows() for cell in cells)  # no manual input
    assert book["Voci"]["A2"].value == "P08.a"  # the dropdown lists their own lines first
    assert "Questo file è per SOSTE" in book["Istruzioni"]["A4"].value


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
    assert again.output == (f"Error: {tmp_path / 'out' / 'Evidenze 2024 - CS4.xlsx'} esiste già: usare --force per "
                            "sovrascrivere i file degli aderenti.\n")
