"""Builders and readers shared by the tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import python_calamine

from xlsync.libreoffice.soffice import convert_all
from xlsync.programme.model import (
    Action,
    Aggregation,
    Area,
    Assessment,
    Evidence,
    Indicator,
    Member,
    Programme,
    RuleKind,
    ScoringLine,
    Settings,
)
from xlsync.scoring.engine import ProgrammeResult, shown
from xlsync.vocabulary import layout

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: it recalculates the workbooks")
SYSTEM_PYTHON = "/usr/bin/python3"


def examples(count: int) -> int:
    """A hypothesis test's number of cases: as written on CI, ten times more with XLSYNC_HYPOTHESIS=long."""
    return count * 10 if os.environ.get("XLSYNC_HYPOTHESIS") == "long" else count


def line(code, unit="unità", percent=None, required=None, label=None):
    return ScoringLine(code=code, label=label or f"Voce {code}", unit=unit, percent=percent, required=required)


def indicator(code, kind, lines=(), linked_to=None):
    return Indicator(code=code, text=f"Indicatore {code}", rule="", kind=kind, lines=tuple(lines), linked_to=linked_to)


def action(code, indicators, counts=True, area="1"):
    return Action(code=code, area=area, title=f"Azione {code}", counts=counts, indicators=tuple(indicators))


def programme(actions, threshold=0.8, aggregation=Aggregation.MEAN, members=(), year=2024):
    return Programme(
        district="Distretto di prova",
        year=year,
        areas=(Area("1", "Networking"), Area("P", "Progettualità")),
        actions=tuple(actions),
        members=tuple(Member(name) for name in members),
        settings=Settings(threshold=threshold, aggregation=aggregation),
    )


def row(code, quantity=None, organisations=None, date=dt.date(2024, 3, 15)):
    return Evidence(code=code, quantity=quantity, organisations=organisations, date=date, description="prova")


MEMBERS = ("ASIF CHIMELLI", "Comunità Alta Valsugana", "Org*", "<Org>", "=Org", "Soste srl")
ORGANISATIONS = ["ASIF CHIMELLI", "asif chimelli", "Comunità Alta Valsugana", "COMUNITÀ ALTA VALSUGANA",
                 "Org*", "Org?", "Org~1", "<Org>", "=Org", "Soste srl", "Soste srl ", "Dial Funghi"]


def random_case(rng: random.Random, index: int):
    """A generated programme covering every rule kind, with evidence and assessments."""
    projects, vamt = [], []
    for number in range(rng.randint(1, 3)):
        code = f"P{number + 1:02d}"
        inds = [_random_indicator(rng, f"{code}.{chr(97 + i)}") for i in range(rng.randint(1, 3))]
        projects.append(action(code, inds, counts=rng.random() < 0.2, area="P"))
    for number in range(rng.randint(2, 6)):
        code = f"{number + 1}.1"
        inds = []
        for i in range(rng.randint(1, 3)):
            icode = f"{code}.{chr(97 + i)}"
            if rng.random() < 0.25:
                inds.append(indicator(icode, RuleKind.LINKED, linked_to=rng.choice(projects).code))
            else:
                inds.append(_random_indicator(rng, icode))
        vamt.append(action(code, inds))
    prog = programme(vamt + projects, threshold=rng.choice([0.5, 0.8, 0.9]),
                     aggregation=rng.choice(list(Aggregation)), members=MEMBERS)
    codes = [ln.code for ln in prog.lines]
    evidence = []
    for _ in range(rng.randint(0, 40)):
        code = rng.choice(codes) if codes else "X"
        form = rng.random()
        cell = (code if form < 0.4 else layout.line_label(code, "etichetta") if form < 0.7 else code.upper()
                if form < 0.8 else code + "x" if form < 0.9 else rng.choice([" " + code, 7, "ignota"]))
        quantity = rng.choice([None, None, 1, 2, 3, 0.5, 1.5, 10, "2", "", -1, True])
        evidence.append(row(cell, quantity, rng.choice([None] + ORGANISATIONS)))
    assessments = {ind.code: Assessment(rng.choice([None, 0, 0.25, 0.9, 1, 1.5, -0.2, "testo"]), "nota")
                   for ind in prog.indicators if ind.kind is RuleKind.MANUAL}
    return prog, evidence, assessments


def _random_indicator(rng: random.Random, code: str) -> Indicator:
    kind = rng.choice([RuleKind.PER_UNIT, RuleKind.PER_UNIT, RuleKind.PER_DISTINCT, RuleKind.AT_LEAST,
                       RuleKind.YES_NO, RuleKind.MANUAL])
    if kind is RuleKind.PER_UNIT:
        count = rng.randint(1, 3)
        lines = [line(code if count == 1 else f"{code}.{i + 1}", percent=rng.choice([0.01, 0.1, 0.2, 0.25, 0.5, 1.0]))
                 for i in range(count)]
    elif kind is RuleKind.PER_DISTINCT:
        lines = [line(code, unit="organizzazioni", percent=rng.choice([0.2, 0.25, 0.5]))]
    elif kind is RuleKind.AT_LEAST:
        lines = [line(code, unit="verbali", required=rng.randint(1, 4))]
    elif kind is RuleKind.YES_NO:
        lines = [line(code, unit="la relazione")]
    else:
        lines = [line(code)] if rng.random() < 0.5 else []
    return indicator(code, kind, lines)


@dataclass(frozen=True)
class Computed:
    """The values a workbook holds in its computed cells (cached or recalculated): the figures shown
    (one decimal of a percentage, rounded down) and, from the hidden columns, the exact values."""

    programme: float
    outcome: str
    actions: dict[str, float]
    indicators: dict[str, float]
    units: dict[str, float]
    rows: dict[str, float]  # evidence rows per action
    exact_programme: float
    exact_actions: dict[str, float]
    exact_indicators: dict[str, float]


def computed(path: Path) -> Computed:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    summary = book.get_sheet_by_name(layout.SUMMARY).to_python(skip_empty_area=False)
    header = next(i for i, cells in enumerate(summary) if cells[:2] == ["Area", "Codice"])
    actions = {cells[1]: cells[4] for cells in summary[header + 1:] if cells[1]}
    exact_actions = {cells[1]: cells[7] for cells in summary[header + 1:] if cells[1]}
    rows = {cells[1]: cells[6] for cells in summary[header + 1:] if cells[1]}
    indicator_rows = book.get_sheet_by_name(layout.INDICATORS).to_python()[1:]
    indicators = {cells[0]: cells[8] for cells in indicator_rows}
    exact_indicators = {cells[0]: cells[9] for cells in indicator_rows}
    units = {cells[0]: cells[6] for cells in book.get_sheet_by_name(layout.LINES).to_python()[1:] if cells[0]}
    return Computed(summary[3][2], summary[5][2], actions, indicators, units, rows, summary[3][7], exact_actions,
                    exact_indicators)


def assert_agrees(values: Computed, result: ProgrammeResult, label: str) -> None:
    """The same numbers: every figure shown exactly as the engine shows it (one decimal of a percentage,
    rounded down), every exact value within floating point's error."""
    assert values.programme == shown(result.value), label
    assert values.exact_programme == pytest.approx(result.value, abs=1e-12), label
    assert values.outcome == (layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT), label
    assert set(values.actions) == {a.code for a in result.actions}, label
    for action_result in result.actions:
        code = action_result.code
        assert values.actions[code] == shown(action_result.value), f"{label}: action {code}"
        assert values.exact_actions[code] == pytest.approx(action_result.value, abs=1e-12), f"{label}: action {code}"
        assert values.rows[code] == action_result.rows, f"{label}: rows of {code}"
        for ind in action_result.indicators:
            assert values.indicators[ind.code] == shown(ind.value), f"{label}: {ind.code}"
            assert values.exact_indicators[ind.code] == pytest.approx(ind.value, abs=1e-12), f"{label}: {ind.code}"
            for line_code, units in ind.units:
                assert values.units[line_code] == pytest.approx(units, abs=1e-9), f"{label}: line {line_code}"


def recalculate(paths: list[Path], out_dir: Path) -> list[Path]:
    """Open every workbook in one LibreOffice run, recalculate everything, save as xlsx in out_dir."""
    return convert_all(paths, "xlsx", out_dir)


def save_in_libreoffice_as_installed(path: Path, out_dir: Path) -> Path:
    """Open a workbook in LibreOffice with its settings as installed (formulas with a stored value are not
    computed again on opening) and save it as xlsx in out_dir, with the values it shows."""
    with tempfile.TemporaryDirectory(prefix="xlsync-lo-plain-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
                       check=True, capture_output=True, timeout=300)
    return out_dir / f"{path.stem}.xlsx"


def edit_in_libreoffice(source: Path, target: Path, edits: list[dict]) -> Path:
    """Type into a workbook in LibreOffice (through its UNO API), recalculate, save as xlsx."""
    script = Path(__file__).with_name("uno_edit.py")
    edits_file = target.with_suffix(".json")
    edits_file.write_text(json.dumps(edits), encoding="utf-8")
    subprocess.run([SYSTEM_PYTHON, str(script), str(source), str(target), str(edits_file)],
                   check=True, capture_output=True, timeout=300)
    return target


def digest(path: Path) -> str:
    """The file's bytes as one value: a file left as it was has the same."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manager_edits(row: int, description: str) -> list[dict]:
    """What a manager does in LibreOffice (`edit_in_libreoffice`): a sheet of their own with formulas on
    xlsync's sheets, a format and a note there; a wider column of «Evidenze», and the evidence row `row`
    (its description) made bold red with a note."""
    return [
        {"sheet": "Mio", "insert_sheet": True},
        {"sheet": "Mio", "cell": "B1", "formula": "=COUNTA($Evidenze.A1:A400)"},
        {"sheet": "Mio", "cell": "C1", "formula": "=REALIZZAZIONE_PROGRAMMA*100"},
        {"sheet": "Mio", "cell": "A2", "value": 5, "bold": True, "color": 0xFF0000},
        {"sheet": "Mio", "cell": "A3", "string": "Chiamare Soste", "note": "a febbraio"},
        {"sheet": "Evidenze", "column": 2, "width": 12000},
        {"sheet": "Evidenze", "cell": f"C{row}", "string": description, "bold": True, "color": 0xFF0000,
         "note": "verbale mancante"},
    ]


def assert_manager_edits(book, row: int, description: str, width: float) -> None:
    """`manager_edits` are all in the (openpyxl) `book`, the evidence row now at `row`."""
    mine = book["Mio"]
    assert (mine["B1"].value, mine["C1"].value) == ("=COUNTA(Evidenze!A1:A400)", "=REALIZZAZIONE_PROGRAMMA*100")
    assert (mine["A2"].value, mine["A2"].font.color.rgb, mine["A2"].font.b) == (5, "FFFF0000", True)
    assert (mine["A3"].value, mine["A3"].comment.text.strip()) == ("Chiamare Soste", "a febbraio")
    evidence = book["Evidenze"]
    assert evidence.column_dimensions["C"].width == pytest.approx(width, abs=0.5)
    cell = evidence.cell(row, 3)
    assert (cell.value, cell.font.color.rgb, cell.font.b, cell.comment.text.strip()) == (
        description, "FFFF0000", True, "verbale mancante")
    assert [r for r in range(2, evidence.max_row + 1) if evidence.cell(r, 3).font.b] == [row]
