"""The record a district carries of itself (`workbook/record.py`): `status` from it gives what the whole
read gives, and any file not as xlsync wrote it is read whole."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from helpers import MEMBERS, examples, needs_libreoffice, random_case, save_in_libreoffice_as_installed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.partners.members import member_progress
from xlsync.partners.merge import merge
from xlsync.programme.model import Evidence, Submission
from xlsync.programme.toml_file import load
from xlsync.workbook import record
from xlsync.workbook.reader import read_assessments_csv, read_district
from xlsync.workbook.status import score_workbook
from xlsync.workbook.writer import WorkbookContent, write_district, write_workbook

NOW = dt.datetime(2025, 3, 1, 10, 0)
# Cell values that read back as written, and some that do not (the file then gets no record).
VALUES = [None, "", " ", "  testo ", "1.3.a", "P04.a — Incontro", "2", "1,5", 0, 1, -1, 2.5, 0.1 + 0.2, 10**17,
          1e-300, "a & <b>", "x" * 40_000, "ASIF CHIMELLI", "asif chimelli", "Soste srl ", 7.0]
UNCERTAIN = [dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 12, 30), "riga\x01", "_x0041_", float("inf"), True]


def _uncertain(value) -> bool:
    return any(type(value) is type(other) and value == other for other in UNCERTAIN)


def figures(district):
    """Everything `status` shows of a district read one way or the other."""
    return (score_workbook(district), member_progress(district), district.programme, district.meta,
            district.assessments, district.submissions, district.rejects, district.conflicts, district.notes,
            district.ignored_edits)


def both(path: Path):
    return figures(read_district(path, also_agency=True)), figures(read_district(path, also_agency=True,
                                                                                   scoring_only=True))


@given(seed=st.integers(0, 10**6), cells=st.lists(st.tuples(*[st.sampled_from(VALUES + UNCERTAIN)] * 4), max_size=30),
       uncertain=st.booleans())
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_status_from_the_record_is_the_whole_read(tmp_path_factory, seed, cells, uncertain):
    programme, evidence, assessments = random_case(random.Random(seed), seed)
    if not uncertain:
        cells = [tuple(None if _uncertain(value) else value for value in values) for values in cells]
    rows = [*evidence, *(Evidence(code, quantity=quantity, organisations=organisations, partner=partner,
                                  row_id=f"r{n}" if n % 3 else None)
                         for n, (code, quantity, organisations, partner) in enumerate(cells))]
    submissions = tuple(Submission(f"{name}.xlsx", name, NOW, NOW, f"h{n}", "unito") for n, name in enumerate(MEMBERS))
    path = tmp_path_factory.mktemp("record") / "distretto.xlsx"
    write_workbook(WorkbookContent(programme, rows, assessments, submissions=submissions), path)
    whole, recorded = both(path)
    assert recorded == whole
    used = record.recorded_evidence(path)
    if not uncertain:
        assert used is not None and len(used) == len(read_district(path).evidence)


def test_values_that_might_read_back_otherwise_leave_no_record(tmp_path):
    programme = load(sample_path(SAMPLE_PROGRAMME))
    for value in UNCERTAIN:  # TRUE and FALSE are stored as text where formulas count: in Partner, not
        path = tmp_path / "distretto.xlsx"
        write_district(programme, path, [Evidence("1.3.a", quantity=None if value is True else value,
                                                  partner=value if value is True else "CS4")])
        assert record.PART not in zipfile.ZipFile(path).namelist(), value
        whole, recorded = both(path)
        assert recorded == whole


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """The sample district with every return merged (xlsync wrote it last)."""
    folder = tmp_path_factory.mktemp("campione")
    programme = load(sample_path(SAMPLE_PROGRAMME))
    path = folder / "distretto.xlsx"
    write_district(programme, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    merge(path, [sample_path(SAMPLE_RETURNS)], now=NOW)
    return path


def test_a_district_xlsync_wrote_is_scored_from_its_record(merged):
    recorded = record.recorded_evidence(merged)
    whole = read_district(merged)
    assert len(recorded) == len(whole.evidence) == 48
    assert Counter((r.code, r.quantity, r.organisations, r.partner) for r in recorded) == Counter(
        (r.code, None if r.quantity is None else float(r.quantity), r.organisations, r.partner) for r in whole.evidence)
    assert [name for name in zipfile.ZipFile(merged).namelist() if name == record.PART] == [record.PART]
    assert openpyxl.load_workbook(merged).sheetnames[:2] == ["Istruzioni", "Evidenze"]  # the part is no problem


def _rezip(source: Path, target: Path, change) -> None:
    """The package again, each part through `change(name, data)` (the record kept as it was)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info)))


def test_a_part_changed_behind_the_record_gets_the_whole_read(merged, tmp_path):
    changed = tmp_path / "cambiato.xlsx"
    sheet = "xl/worksheets/sheet2.xml"  # Evidenze: a row's code becomes one of no action
    _rezip(merged, changed, lambda name, data: data.replace(b"<t>3.1.a</t>", b"<t>9.9.z</t>", 1) if name == sheet
           else data)
    assert record.recorded_evidence(changed) is None
    whole, recorded = both(changed)
    assert recorded == whole and whole[0] != both(merged)[0][0]  # the figures of the changed file, not the record's
    same = tmp_path / "uguale.xlsx"
    _rezip(merged, same, lambda name, data: data)
    assert len(record.recorded_evidence(same)) == 48  # every part as recorded: the record holds
    added = tmp_path / "aggiunto.xlsx"
    shutil.copy(merged, added)
    with zipfile.ZipFile(added, "a") as archive:
        archive.writestr("xl/media/nuovo.png", b"png")
    assert record.recorded_evidence(added) is None


@pytest.mark.parametrize("damage", [b"<record>", b"x" * 10, b"</record>", b"[" * 100_000])
def test_a_damaged_record_is_no_record(merged, tmp_path, damage):
    broken = tmp_path / "rotto.xlsx"
    _rezip(merged, broken, lambda name, data: data[:200] + damage + data[200:] if name == record.PART else data)
    assert record.recorded_evidence(broken) is None
    assert both(broken)[0] == both(broken)[1]


def test_a_file_saved_by_openpyxl_is_read_whole_and_the_next_write_records_again(merged, tmp_path):
    saved = tmp_path / "distretto.xlsx"
    book = openpyxl.load_workbook(merged)
    book.create_sheet("Appunti")["A1"] = "del manager"
    book.save(saved)
    assert record.recorded_evidence(saved) is None
    whole, recorded = both(saved)
    assert recorded == whole
    newer = tmp_path / "ricevuti"
    newer.mkdir()
    shutil.copy(sample_path(SAMPLE_RETURNS) / "corretti" / "Evidenze 2024 - Dial Funghi.xlsx", newer)
    assert merge(saved, [newer], now=NOW).written
    assert "Appunti" in openpyxl.load_workbook(saved).sheetnames
    assert record.recorded_evidence(saved) is not None
    whole, recorded = both(saved)
    assert recorded == whole


@needs_libreoffice
def test_a_file_saved_by_libreoffice_is_read_whole(merged, tmp_path):
    saved = save_in_libreoffice_as_installed(merged, tmp_path)
    assert record.PART not in zipfile.ZipFile(saved).namelist()
    whole, recorded = both(saved)
    assert recorded == whole


RETURNS = [*sorted(sample_path(SAMPLE_RETURNS).glob("*.xlsx")),
           sample_path(SAMPLE_RETURNS) / "corretti" / "Evidenze 2024 - Dial Funghi.xlsx"]
ACTIONS = [*(("merge", path) for path in RETURNS), ("edit", None), ("retype", None)]


@given(actions=st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=5))
@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_merges_and_a_persons_saves_in_any_order(tmp_path_factory, actions):
    """Returns merged and the manager's saves with another program, in any order: after each, `status` from
    the record is the whole read, and the record is there exactly when xlsync wrote the file last."""
    folder = tmp_path_factory.mktemp("ordine")
    programme = load(sample_path(SAMPLE_PROGRAMME))
    path = folder / "distretto.xlsx"
    write_district(programme, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), programme))
    xlsync_last = True
    for number, (action, source) in enumerate(actions):
        if action == "merge":
            inbox = folder / f"invio-{number}"
            inbox.mkdir()
            shutil.copy(source, inbox)
            xlsync_last |= merge(path, [inbox], now=NOW + dt.timedelta(days=number)).written
        else:  # the manager saves the file in another program: a row retyped, or only a note beside the table
            book = openpyxl.load_workbook(path)
            sheet = book["Evidenze"] if action == "retype" else book["Riepilogo"]
            sheet["A2" if action == "retype" else "J1"] = "P04.a" if action == "retype" else "nota"
            book.save(path)
            xlsync_last = False
        assert (record.recorded_evidence(path) is not None) == xlsync_last, (action, number)
        whole, recorded = both(path)
        assert recorded == whole, (action, number)
