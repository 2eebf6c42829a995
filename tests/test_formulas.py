"""Three computations agree: the Python engine, the workbook's formulas recalculated by
LibreOffice, and the cached values xlsync stores (read back with python-calamine)."""

from __future__ import annotations

import random

import pytest
import python_calamine
import xlsxwriter
from helpers import (
    action,
    assert_agrees,
    computed,
    edit_in_libreoffice,
    indicator,
    line,
    needs_libreoffice,
    programme,
    random_case,
    recalculate,
    row,
)

from xlsync.demo import SAMPLE_ASSESSMENTS, SAMPLE_EVIDENCE, SAMPLE_PROGRAMME, sample_path
from xlsync.programme.model import Assessment, RuleKind
from xlsync.programme.toml_file import load
from xlsync.scoring import formulas
from xlsync.scoring.engine import shown
from xlsync.workbook.reader import read_assessments_csv, read_evidence_csv
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district


def sample_case():
    prog = load(sample_path(SAMPLE_PROGRAMME))
    evidence = read_evidence_csv(sample_path(SAMPLE_EVIDENCE))
    return prog, evidence, read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), prog)


def edge_cases():
    """The threshold's edge, caps, empty evidence and linked chains, built by hand."""
    manual = indicator("1.1.a", RuleKind.MANUAL)
    just_below = programme([action("1.1", [manual])])
    # 0.7 + 0.9 + 0.8 is 2.4000000000000004 in floating point: the mean must still be 80%.
    three = [action(f"1.{i}", [indicator(f"1.{i}.a", RuleKind.MANUAL)]) for i in (1, 2, 3)]
    capped = programme([
        action("1.1", [indicator("1.1.a", RuleKind.PER_UNIT, [line("1.1.a.1", percent=0.5), line("1.1.a.2", percent=0.1)])]),
        action("1.2", [indicator("1.2.a", RuleKind.PER_DISTINCT, [line("1.2.a", percent=0.25)])]),
        action("1.3", [indicator("1.3.a", RuleKind.LINKED, linked_to="P02")]),
        action("P01", [indicator("P01.a", RuleKind.AT_LEAST, [line("P01.a", required=2)])], counts=False, area="P"),
        action("P02", [indicator("P02.a", RuleKind.LINKED, linked_to="P01"),
                       indicator("P02.b", RuleKind.YES_NO, [line("P02.b")])], counts=False, area="P"),
    ], members=("A", "B", "C", "D", "E"))
    capped_rows = [row("1.1.a.1", 3), row("1.1.a.2", 40), row("P01.a"), row("P01.a — verbale", 1)]
    capped_rows += [row("1.2.a", None, org) for org in ("A", "B", "a", "C", "D", "E")]
    # Each action the mean of 5 of 6 units and a manager's 76,6%: 79,966…%, which rounding each figure
    # (83,3% and 76,6% → 80,0%) would have made AMMISSIBILE.
    pushed = programme([action(f"1.{i}", [indicator(f"1.{i}.a", RuleKind.PER_UNIT, [line(f"1.{i}.a", percent=1 / 6)]),
                                          indicator(f"1.{i}.b", RuleKind.MANUAL)]) for i in (1, 2, 3)])
    return [
        ("below", just_below, [], {"1.1.a": Assessment(0.7995)}),  # 79,95%: shown 79,9%, below 80%
        ("pushed", pushed, [row(f"1.{i}.a", 5) for i in (1, 2, 3)], {f"1.{i}.b": Assessment(0.766) for i in (1, 2, 3)}),
        ("at", programme(three), [], {"1.1.a": Assessment(0.7), "1.2.a": Assessment(0.9), "1.3.a": Assessment(0.8)}),
        ("empty", load(sample_path(SAMPLE_PROGRAMME)), [], {}),
        ("capped", capped, capped_rows, {}),
    ]


def all_cases():
    rng = random.Random(20241231)
    cases = [("sample", *sample_case())] + edge_cases()
    cases += [(f"generated-{i}", *random_case(rng, i)) for i in range(12)]
    return cases


@needs_libreoffice
def test_engine_formulas_and_cached_values_agree(tmp_path):
    cases = all_cases()
    written = []
    for name, prog, evidence, assessments in cases:
        path = tmp_path / f"{name}.xlsx"
        write_district(prog, path, evidence, assessments)
        written.append(path)
    recalculated = recalculate(written, tmp_path / "lo")
    for (name, *_), original, by_libreoffice in zip(cases, written, recalculated, strict=True):
        engine = status(original)  # the Python engine, reading the workbook as a user's file
        assert_agrees(computed(original), engine, f"{name} (cached)")
        assert_agrees(computed(by_libreoffice), engine, f"{name} (LibreOffice)")


def test_edge_cases_give_the_expected_outcome(tmp_path):
    results = {}
    for name, prog, evidence, assessments in edge_cases():
        results[name] = write_district(prog, tmp_path / f"{name}.xlsx", evidence, assessments)
    assert results["below"].value == 0.7995 and not results["below"].eligible
    assert results["pushed"].value == pytest.approx(0.79966667, abs=1e-8) and not results["pushed"].eligible
    assert results["at"].value == pytest.approx(0.8, abs=1e-15) and results["at"].eligible
    assert results["empty"].value == 0.0 and not results["empty"].eligible
    capped = results["capped"]
    assert capped.action("1.1").value == 1.0  # 3 × 50% + 40 × 10%, capped
    assert capped.action("1.2").value == 1.0  # 5 distinct organisations × 25%, capped
    assert capped.action("P01").value == 1.0  # two rows, "P01.a" and "P01.a — verbale"
    assert capped.action("1.3").value == 0.5  # P02: P01 (100%) and no evidence for P02.b (0%)


@needs_libreoffice
def test_rows_added_in_libreoffice_update_every_figure(tmp_path):
    prog, evidence, assessments = sample_case()
    district = tmp_path / "distretto.xlsx"
    before = write_district(prog, district, evidence, assessments)
    first_free = len(evidence) + 2  # header + rows
    edits = [
        # the missing 2.1.b evidence, picked from the dropdown (code and label)
        {"sheet": "Evidenze", "cell": f"A{first_free}",
         "string": "2.1.b — Partecipazione ad azioni specifiche organizzate da ACS"},
        {"sheet": "Evidenze", "cell": f"B{first_free}", "date": "2024-10-08"},
        {"sheet": "Evidenze", "cell": f"C{first_free}", "string": "Seminario ACS sul welfare territoriale"},
        # one more press release, typed as a bare code, quantity 1
        {"sheet": "Evidenze", "cell": f"A{first_free + 1}", "string": "4.2.a"},
        {"sheet": "Evidenze", "cell": f"D{first_free + 1}", "value": 1},
        # a fifth organisation co-designing (3.3 goes from 4 to 5 distinct organisations)
        {"sheet": "Evidenze", "cell": f"A{first_free + 2}", "string": "3.3.a"},
        {"sheet": "Evidenze", "cell": f"E{first_free + 2}", "string": "ASIF CHIMELLI"},
        # a person deletes the first evidence row (a 1.1.a minute): 1.1 drops to 1 of 2
        {"sheet": "Evidenze", "delete_row": 2},
        # and the manager lowers the strategic project's assessment
        {"sheet": "Indicatori", "cell": "G" + str(2 + [i.code for i in prog.indicators].index("6.1.a")), "value": 0.5},
    ]
    edited = edit_in_libreoffice(district, tmp_path / "modificato.xlsx", edits)
    after = status(edited)
    assert after.action("2.1").value == 1.0
    assert after.action("4.2").value == 1.0
    assert after.action("3.3").value == 1.0
    assert after.action("1.1").value == 0.0
    assert after.action("1.1").indicators[0].missing == "1 di 2 verbali"
    assert after.action("6.1").value == 0.5
    changed = {"2.1": 0.5, "4.2": 0.25, "3.3": 0.2, "1.1": -1.0, "6.1": -0.4}
    counted = sum(action.value for action in before.actions if action.counts)
    assert after.value == pytest.approx((counted + sum(changed.values())) / 19, abs=1e-12)
    assert_agrees(computed(edited), after, "edited in LibreOffice")
    # the edited file still reads as an xlsync workbook and recalculates the same once more
    again = recalculate([edited], tmp_path / "again")[0]
    assert_agrees(computed(again), after, "edited, recalculated again")


@needs_libreoffice
def test_libreoffice_shows_every_exact_value_as_the_engine_does(tmp_path):
    """The shown-figure formula, ROUNDDOWN(x+1E-9;3), recalculated by LibreOffice, against `engine.shown`
    for a thousand exact values: means of percentages, sixths, sums that floating point puts just below
    a step, steps themselves and the values just under them."""
    rng = random.Random(1995)
    values = [0.7995, 0.8, 0.7 + 0.1, 0.579, (0.7 + 0.9 + 0.8) / 3, 0.7275, 1.0, 0.0, 5 / 6, 2 / 3, 0.9999999999]
    values += [sum(rng.randrange(0, 10001) / 10000 for _ in range(n)) / n for n in rng.choices(range(1, 20), k=400)]
    values += [rng.randrange(0, 7) / 6 * rng.randrange(0, 1001) / 1000 for _ in range(300)]
    values += [step / 1000 - rng.choice([0, 1e-12, 1e-10, 5e-9, 1e-6]) for step in rng.choices(range(1, 1001), k=289)]
    path = tmp_path / "valori.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for index, value in enumerate(values):
        sheet.write_number(index, 0, value)
        sheet.write_formula(index, 1, f"={formulas.shown(f'A{index + 1}')}", None, 0)  # a wrong cached value
    book.close()
    recalculated = recalculate([path], tmp_path / "lo")[0]
    cells = python_calamine.CalamineWorkbook.from_path(str(recalculated)).get_sheet_by_index(0).to_python()
    assert [cells_of_row[1] for cells_of_row in cells] == [shown(value) for value in values]
