"""One number everywhere: the engine, `status` (text and JSON), the values stored in the workbook
(read with python-calamine), LibreOffice's recalculation as it displays it, the agency's PDF (its tables
and its charts' labels) and the roll-up give the same figure: the exact value, never rounded before it
is averaged, shown with one decimal of a percentage rounded down, so no figure claims a level that was
not reached; also where the exact value falls on or just under a display step (x,x5%, 79,95%)."""

from __future__ import annotations

import csv
import json
import math
import random
import re
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction

import pytest
from click.testing import CliRunner
from helpers import action, computed, indicator, line, needs_libreoffice, programme, row
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsync.agency.export import export
from xlsync.agency.rollup import rollup
from xlsync.cli import cli
from xlsync.libreoffice import soffice as libreoffice
from xlsync.programme.model import Assessment, RuleKind
from xlsync.scoring.engine import format_percent, score, shown
from xlsync.vocabulary import layout
from xlsync.workbook.writer import write_district

SHOWN_AS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"  # every sheet, as displayed


TOLERANCE = Fraction(1, 10**9)  # floating point's error, forgiven


def down(value: Fraction) -> Fraction:
    """One decimal of a percentage, rounded down: what may be claimed of an exact value."""
    return Fraction(math.floor((value + TOLERANCE) * 1000), 1000)


def as_text(value: Fraction) -> str:
    return f"{float(value * 100):.1f}%".replace(".", ",")


def step_case(rng: random.Random):
    """Actions whose indicators, actions and programme fall on or near display steps: 0,25% per unit
    (291 units: 72,75%), two indicators at 0,1% per unit (66,5% and 66,6%: 66,55%), a manager's
    66,65% or 79,95%. Returns the programme, its evidence and assessments, and the exact realisation of
    each action and of the programme."""
    actions, evidence, assessments, exact = [], [], {}, {}
    for number in range(1, rng.choice([2, 4, 8, 20]) + 1):
        code, kind = f"1.{number}", rng.choice(["quarter", "tenths", "manual"])
        if kind == "quarter":
            units = rng.randrange(0, 401)
            inds = [indicator(f"{code}.a", RuleKind.PER_UNIT, [line(f"{code}.a", percent=0.0025)])]
            evidence.append(row(f"{code}.a", units))
            exact[code] = Fraction(units, 400)
        elif kind == "tenths":
            first, second = rng.randrange(0, 1001), rng.randrange(0, 1001)
            inds = [indicator(f"{code}.{letter}", RuleKind.PER_UNIT, [line(f"{code}.{letter}", percent=0.001)])
                    for letter in "ab"]
            evidence += [row(f"{code}.a", first), row(f"{code}.b", second)]
            exact[code] = (Fraction(first, 1000) + Fraction(second, 1000)) / 2
        else:
            typed = Fraction(rng.randrange(0, 2001) * 5, 10000)  # 0,00% … 100,00% in steps of 0,05%
            inds = [indicator(f"{code}.a", RuleKind.MANUAL)]
            assessments[f"{code}.a"] = Assessment(float(typed), "nota")
            exact[code] = typed
        actions.append(action(code, inds))
    total = sum(exact.values()) / len(exact)
    prog = replace(programme(actions, members=("A",)), district=f"Distretto {rng.randrange(10**6)}")
    return prog, evidence, assessments, exact, total


def test_the_engine_never_rounds_before_averaging_and_shows_every_figure_rounded_down():
    rng = random.Random(7275)
    for _ in range(50):
        prog, evidence, assessments, exact, total = step_case(rng)
        result = score(prog, evidence, {code: a.value for code, a in assessments.items()})
        assert {a.code: a.value for a in result.actions} == pytest.approx({c: float(v) for c, v in exact.items()},
                                                                          abs=1e-12)
        assert result.value == pytest.approx(float(total), abs=1e-12)
        assert {a.code: format_percent(a.value) for a in result.actions} == {c: as_text(down(v)) for c, v in exact.items()}
        assert format_percent(result.value) == as_text(down(total))
        assert result.eligible is (total + TOLERANCE >= Fraction(4, 5))


def test_floating_point_never_takes_a_figure_below_a_step_it_reached():
    assert (0.7 + 0.76 + 0.8 + 0.65) / 4 == 0.7274999999999999
    assert shown(0.7274999999999999) == 0.727 and format_percent(0.7275) == "72,7%"  # 72,75%: down, not up
    assert 0.7 + 0.1 == 0.7999999999999999 and shown(0.7 + 0.1) == 0.8 and format_percent(0.7 + 0.1) == "80,0%"
    assert shown(0.579) == 0.579 and format_percent(0.579) == "57,9%"  # 0.579 × 1000 is 578.9999999999999
    assert format_percent(0.7995) == "79,9%" and format_percent(0.79999999) == "79,9%"
    four = programme([action(f"1.{i}", [indicator(f"1.{i}.a", RuleKind.MANUAL)]) for i in range(1, 5)])
    result = score(four, [], {"1.1.a": 0.7, "1.2.a": 0.76, "1.3.a": 0.8, "1.4.a": 0.65})
    assert result.as_json()["percent"] == 72.7
    assert result.as_json()["percent_exact"] == pytest.approx(72.75)


_TYPED = st.integers(min_value=0, max_value=100_000).map(lambda n: n / 100_000)  # 0,000% … 100,000%


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_TYPED, min_size=1, max_size=4), min_size=1, max_size=12))
def test_the_figure_shown_never_exceeds_the_exact_one(assessed):
    actions, manual, exact_actions = [], {}, []
    for number, values in enumerate(assessed, 1):
        codes = [f"1.{number}.{chr(97 + i)}" for i in range(len(values))]
        actions.append(action(f"1.{number}", [indicator(code, RuleKind.MANUAL) for code in codes]))
        manual.update(zip(codes, values, strict=True))
        exact_actions.append(sum(Fraction(v) for v in values) / len(values))
    result = score(programme(actions), [], manual)
    exact = sum(exact_actions) / len(exact_actions)
    for value, truth in [(result.value, exact)] + [(a.value, t) for a, t in zip(result.actions, exact_actions,
                                                                                  strict=True)]:
        assert Fraction(shown(value)) <= truth + TOLERANCE  # never a level not reached
        assert truth - Fraction(shown(value)) < Fraction(1, 1000)  # and no more than one step below
        assert shown(value) == float(down(truth))
    assert result.eligible is (exact + TOLERANCE >= Fraction(4, 5))


def percents(text: str) -> list[str]:
    return re.findall(r"\d+,\d%", text)


def fixed_case(typed: list[float]):
    """One manager-assessed action per value: a programme at their mean."""
    actions = [action(f"1.{i}", [indicator(f"1.{i}.a", RuleKind.MANUAL)]) for i in range(1, len(typed) + 1)]
    assessments = {f"1.{i}.a": Assessment(value, "nota") for i, value in enumerate(typed, 1)}
    exact = {f"1.{i}": Fraction(value) for i, value in enumerate(typed, 1)}
    prog = replace(programme(actions, members=("A",)), district=f"Distretto {len(typed)}")
    return prog, [], assessments, exact, sum(exact.values()) / len(exact)


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the agency's PDF")
def test_every_surface_shows_the_same_figure_rounded_down(tmp_path):
    rng = random.Random(20241231)
    # 79,95% (NON AMMISSIBILE, shown 79,9%), 80% as 0.7 + 0.9 + 0.8 (AMMISSIBILE), then steps at random
    cases = [fixed_case([0.7995, 0.7995]), fixed_case([0.7, 0.9, 0.8])] + [step_case(rng) for _ in range(3)]
    districts, results, agency, pdfs = [], [], [], []
    for index, (prog, evidence, assessments, _, _) in enumerate(cases):
        folder = tmp_path / f"d{index}"
        folder.mkdir()
        districts.append(folder / f"distretto-{index}.xlsx")
        results.append(write_district(prog, districts[-1], evidence, assessments))
        report = export(districts[-1], folder / f"agenzia-{index}.xlsx", pdf=True)
        agency.append(report.workbook)
        pdfs.append(subprocess.run(["pdftotext", "-layout", str(report.pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    overview = rollup(agency, tmp_path / "panoramica.xlsx")
    displayed = tmp_path / "mostrato"
    libreoffice.run_conversion([*districts, tmp_path / "panoramica.xlsx"], SHOWN_AS, displayed, timeout=300)
    rolled = {line.path: line for line in overview.lines}
    assert [result.eligible for result in results[:2]] == [False, True]
    for index, (district, result, (_, _, _, exact, total)) in enumerate(zip(districts, results, cases, strict=True)):
        label = f"case {index}"
        expected = {code: as_text(down(value)) for code, value in exact.items()}
        programme_text = as_text(down(total))
        verdict = layout.ELIGIBLE_TEXT if total + TOLERANCE >= Fraction(4, 5) else layout.NOT_ELIGIBLE_TEXT
        # the engine, the CLI's text and its JSON
        assert result.value == pytest.approx(float(total), abs=1e-12), label
        assert format_percent(result.value) == programme_text, label
        text = CliRunner().invoke(cli, ["status", str(district)]).output.splitlines()
        in_text = {cells[0]: cells[1] for cells in (line.split() for line in text[3:]) if cells and cells[0] in exact}
        assert in_text == expected, label
        realisation = next(line for line in text if line.startswith("Realizzazione del programma"))
        assert percents(realisation)[0] == programme_text and realisation.endswith(f": {verdict}"), label
        as_json = json.loads(CliRunner().invoke(cli, ["status", "--json", str(district)]).output)
        assert as_json["percent"] == float(programme_text[:-1].replace(",", ".")), label
        assert as_json["percent_exact"] == pytest.approx(float(total * 100), abs=1e-9), label
        assert {a["code"]: a["percent"] for a in as_json["actions"]} == {
            code: float(text[:-1].replace(",", ".")) for code, text in expected.items()}, label
        # the values stored in the file, as any program reads them: the figure shown, and the exact one
        stored = computed(district)
        assert stored.programme == shown(result.value) and stored.outcome == verdict, label
        assert stored.exact_programme == pytest.approx(float(total), abs=1e-12), label
        assert {code: as_text(Fraction(value)) for code, value in stored.actions.items()} == expected, label
        # LibreOffice, recalculating the formulas, as it displays them
        summary = list(csv.reader((displayed / f"{district.stem}-{layout.SUMMARY}.csv").open(encoding="utf-8")))
        assert summary[3][2] == programme_text and summary[5][2] == verdict, label
        assert {cells[1]: cells[4] for cells in summary[10:] if len(cells) > 4 and cells[1]} == expected, label
        # the agency's PDF: the cover's figure, each action's in the self-evaluation, the chart's labels
        pdf = pdfs[index]
        assert percents(re.search(r"Realizzazione del programma\s+(\S+)", pdf).group(0)) == [programme_text], label
        in_pdf = {match.group(1): percents(match.group(2))[0]
                  for match in re.finditer(r"^\s*(1\.\d+)\s+(.*)$", pdf, re.MULTILINE)}
        assert in_pdf == expected, label
        area = as_text(down(total))  # one area: its figure is the programme's
        assert re.findall(r"\d+(?:,\d)?%", pdf).count(area) >= 3, label  # cover, area table, chart label
        assert not set(re.findall(r"(?<![\d,])\d+%", pdf)) - {"0%", "20%", "40%", "60%", "80%", "100%"}, label  # axis only
        # the roll-up, in its JSON and as LibreOffice shows its workbook
        assert rolled[agency[index]].as_json()["percent"] == as_json["percent"], label
    overview_rows = list(csv.reader((displayed / "panoramica-Distretti.csv").open(encoding="utf-8")))
    shown_figures = [cells[2] for cells in overview_rows if len(cells) > 2 and percents(cells[2])]
    assert sorted(shown_figures) == sorted(format_percent(result.value) for result in results)
