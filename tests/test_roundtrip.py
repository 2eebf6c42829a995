"""The partner round trip through LibreOffice: a person fills a distributed file, saves it, the
manager merges it; every figure agrees with LibreOffice's own recalculation."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import assert_agrees, computed, edit_in_libreoffice, needs_libreoffice, recalculate

from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import distribute
from xlsync.partners.merge import merge
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_assessments_csv, read_workbook
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district


@needs_libreoffice
def test_filled_in_libreoffice_saved_as_xlsx_and_ods_then_merged(tmp_path):
    programme = load(sample_path(SAMPLE_PROGRAMME))
    district = tmp_path / "distretto.xlsx"
    write_district(programme, district, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    files = {f.member.display_name: f.path for f in distribute(district, tmp_path / "invii")}
    soste = [
        {"sheet": "Evidenze", "cell": "A2", "string": "P08.a — Ricerca di fattibilità del servizio doposcuola"},
        {"sheet": "Evidenze", "cell": "B2", "date": "2024-06-27"},
        {"sheet": "Evidenze", "cell": "C2", "string": "Ricerca di fattibilità del doposcuola 6-11 anni"},
        {"sheet": "Evidenze", "cell": "A3", "string": "3.1.a"},
        {"sheet": "Evidenze", "cell": "B3", "date": "2024-09-09"},
        {"sheet": "Evidenze", "cell": "C3", "string": "Incontri con le famiglie"},
        {"sheet": "Evidenze", "cell": "D3", "value": 2},
        {"sheet": "Evidenze", "cell": "A4", "string": "3.3.a"},
        {"sheet": "Evidenze", "cell": "B4", "string": "2 aprile 2024"},  # a date typed as text
        {"sheet": "Evidenze", "cell": "C4", "string": "Co-progettazione del doposcuola"},
    ]
    cs4 = [
        {"sheet": "Evidenze", "cell": "A2", "string": "P04.a"},
        {"sheet": "Evidenze", "cell": "B2", "date": "2024-07-16"},
        {"sheet": "Evidenze", "cell": "C2", "string": "Nuovo produttore nel GAS"},
        {"sheet": "Evidenze", "cell": "A3", "string": "4.1.a.2 — Post originale pubblicato"},
        {"sheet": "Evidenze", "cell": "B3", "date": "2024-11-08"},
        {"sheet": "Evidenze", "cell": "D3", "string": "2"},  # the quantity typed as text, no description
    ]
    returned = tmp_path / "ricevuti"
    returned.mkdir()
    edit_in_libreoffice(files["Soste"], returned / "Evidenze 2024 - Soste.xlsx", soste)
    edit_in_libreoffice(files["CS4"], returned / "Evidenze 2024 - CS4.ods", cs4)
    report = merge(district, [returned])
    assert [(f.partner, f.status, f.counts.read, f.counts.added, f.counts.rejected) for f in report.files] == [
        ("CS4", "merged_with_rejects", 2, 1, 1), ("Soste", "merged", 3, 3, 0)]
    rows = {e.description: e for e in read_workbook(district).evidence}
    assert rows["Co-progettazione del doposcuola"].date == dt.date(2024, 4, 2)
    assert rows["Co-progettazione del doposcuola"].organisations == "SOSTE SOCIETA' A RESPONSABILITA' LIMITATA"
    assert rows["Incontri con le famiglie"].quantity == 2
    result = status(district)
    assert result.action("P08").value == 1.0
    assert result.action("3.1").value == pytest.approx(0.2)
    assert result.action("3.3").value == pytest.approx(0.2)
    assert result.action("P04").value == pytest.approx(0.5)
    assert_agrees(computed(district), result, "merged (cached)")
    assert_agrees(computed(recalculate([district], tmp_path / "lo")[0]), result, "merged (LibreOffice)")
