"""One number everywhere: the engine, `status` (text and JSON), the values stored in the workbook
(read with python-calamine), LibreOffice's recalculation as it displays it, the agency's PDF and
the roll-up give the same figure, also where the rules' exact value falls on a display half
(x,x5%), which LibreOffice and Excel would otherwise show apart."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction

import pytest
from click.testing import CliRunner
from helpers import action, computed, indicator, line, needs_libreoffice, programme, row

from xlsync.agency.export import export
from xlsync.agency.rollup import rollup
from xlsync.cli import cli
from xlsync.libreoffice import soffice as libreoffice
from xlsync.programme.model import Assessment, RuleKind
from xlsync.scoring.engine import format_percent, rounded, score
from xlsync.workbook import layout
from xlsync.workbook.writer import write_district

SHOWN_AS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"  # every sheet, as displayed


def half_up(value: Fraction) -> Fraction:
    """One decimal of a percentage, halves away from zero: what a person does by hand."""
    thousandths = value * 1000
    return Fraction(int(thousandths + Fraction(1, 2)), 1000)


def is_half(value: Fraction) -> bool:
    return (value * 1000).denominator == 2


def half_case(rng: random.Random):
    """Actions whose indicators, actions and programme fall on display halves: 0,25% per unit
    (291 units: 72,75%), two indicators at 0,1% per unit (66,5% and 66,6%: 66,55%), a manager's
    66,65%; tried until the programme's exact value is a half too. Returns the programme, its
    evidence and assessments, and the exact realisation of each action and of the programme."""
    while True:
        actions, evidence, assessments, exact = [], [], {}, {}
        for number in range(1, rng.choice([2, 4, 8, 20]) + 1):
            code, kind = f"1.{number}", rng.choice(["quarter", "tenths", "manual"])
            if kind == "quarter":
                units = rng.randrange(0, 401)
                inds = [indicator(f"{code}.a", RuleKind.PER_UNIT, [line(f"{code}.a", percent=0.0025)])]
                evidence.append(row(f"{code}.a", units))
                exact[code] = half_up(Fraction(units, 400))
            elif kind == "tenths":
                first, second = rng.randrange(0, 1001), rng.randrange(0, 1001)
                inds = [indicator(f"{code}.{letter}", RuleKind.PER_UNIT, [line(f"{code}.{letter}", percent=0.001)])
                        for letter in "ab"]
                evidence += [row(f"{code}.a", first), row(f"{code}.b", second)]
                exact[code] = half_up((Fraction(first, 1000) + Fraction(second, 1000)) / 2)
            else:
                typed = Fraction(rng.randrange(0, 2001) * 5, 10000)  # 0,00% … 100,00% in steps of 0,05%
                inds = [indicator(f"{code}.a", RuleKind.MANUAL)]
                assessments[f"{code}.a"] = Assessment(float(typed), "nota")
                exact[code] = half_up(typed)
            actions.append(action(code, inds))
        total = half_up(sum(exact.values()) / len(exact))
        if is_half(sum(exact.values()) / len(exact)):
            prog = replace(programme(actions, members=("A",)), district=f"Distretto {rng.randrange(10**6)}")
            return prog, evidence, assessments, exact, total


def test_the_engine_rounds_as_a_person_does_at_every_level():
    rng = random.Random(7275)
    for _ in range(50):
        prog, evidence, assessments, exact, total = half_case(rng)
        result = score(prog, evidence, {code: a.value for code, a in assessments.items()})
        assert {a.code: a.value for a in result.actions} == {code: float(value) for code, value in exact.items()}
        assert result.value == float(total)
        assert format_percent(result.value) == f"{float(total * 100):.1f}%".replace(".", ",")


def test_a_mean_that_floating_point_puts_below_the_half_is_the_half():
    assert (0.7 + 0.76 + 0.8 + 0.65) / 4 == 0.7274999999999999
    assert rounded(0.7274999999999999) == 0.728 and format_percent(0.728) == "72,8%"
    assert rounded(0.6665) == 0.667  # the double nearest 0,6665 is below it: 66,65% is still a half
    four = programme([action(f"1.{i}", [indicator(f"1.{i}.a", RuleKind.MANUAL)]) for i in range(1, 5)])
    result = score(four, [], {"1.1.a": 0.7, "1.2.a": 0.76, "1.3.a": 0.8, "1.4.a": 0.65})
    assert result.value == 0.728
    assert result.as_json()["percent"] == 72.8


def percents(text: str) -> list[str]:
    return re.findall(r"\d+,\d%", text)


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the agency's PDF")
def test_every_surface_shows_the_same_figure_on_display_halves(tmp_path):
    rng = random.Random(20241231)
    cases = [half_case(rng) for _ in range(4)]
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
    shown = tmp_path / "mostrato"
    libreoffice.run_conversion([*districts, tmp_path / "panoramica.xlsx"], SHOWN_AS, shown, timeout=300)
    rolled = {line.path: line for line in overview.lines}
    for index, (district, result, (_, _, _, exact, total)) in enumerate(zip(districts, results, cases, strict=True)):
        label = f"case {index}"
        expected = {code: f"{float(value * 100):.1f}%".replace(".", ",") for code, value in exact.items()}
        programme_text = f"{float(total * 100):.1f}%".replace(".", ",")
        # the engine, the CLI's text and its JSON
        assert result.value == float(total), label
        text = CliRunner().invoke(cli, ["status", str(district)]).output.splitlines()
        in_text = {cells[0]: cells[1] for cells in (line.split() for line in text[3:]) if cells and cells[0] in exact}
        assert in_text == expected, label
        realisation = next(line for line in text if line.startswith("Realizzazione del programma"))
        assert percents(realisation)[0] == programme_text, label
        as_json = json.loads(CliRunner().invoke(cli, ["status", "--json", str(district)]).output)
        assert as_json["percent"] == float(total * 100), label
        assert {a["code"]: a["percent"] for a in as_json["actions"]} == {
            code: float(value * 100) for code, value in exact.items()}, label
        # the values stored in the file, as any program reads them
        stored = computed(district)
        assert stored.programme == float(total), label
        assert stored.actions == {code: float(value) for code, value in exact.items()}, label
        # LibreOffice, recalculating the formulas, as it displays them
        summary = list(csv.reader((shown / f"{district.stem}-{layout.SUMMARY}.csv").open(encoding="utf-8")))
        assert summary[3][2] == programme_text, label
        assert {cells[1]: cells[4] for cells in summary[10:] if len(cells) > 4 and cells[1]} == expected, label
        # the agency's PDF: the cover's figure, and each action's in the self-evaluation
        pdf = pdfs[index]
        assert percents(re.search(r"Realizzazione del programma\s+(\S+)", pdf).group(0)) == [programme_text], label
        in_pdf = {match.group(1): percents(match.group(2))[0]
                  for match in re.finditer(r"^\s*1\. Networking\s+(1\.\d+)\s+(.*)$", pdf, re.MULTILINE)}
        assert in_pdf == expected, label
        # the roll-up, in its JSON and as LibreOffice shows its workbook
        assert rolled[agency[index]].as_json()["percent"] == float(total * 100), label
    overview_rows = list(csv.reader((shown / "panoramica-Distretti.csv").open(encoding="utf-8")))
    shown_figures = [cells[2] for cells in overview_rows if len(cells) > 2 and percents(cells[2])]
    assert sorted(shown_figures) == sorted(format_percent(result.value) for result in results)
