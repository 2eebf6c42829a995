"""The library's district object: open_district, status and the pandas tables."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

import xlsync
from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.district import EVIDENCE_FIELDS
from xlsync.programme.model import Evidence

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def district(tmp_path):
    programme = xlsync.load_programme(sample_path(SAMPLE_PROGRAMME))
    rows = [Evidence("1.1.a", "2024-03-01", "Verbale", 1, "ASIF CHIMELLI", partner="ASIF Chimelli", row_id="r1"),
            Evidence("1.1.a — Restituzione", "2024-04-01", "Verbale", 1, partner="CS4", row_id="r2"),
            Evidence("9.9.z", "2024-04-01", "Voce sbagliata", 1, partner="CS4", row_id="r3")]
    path = tmp_path / "distretto.xlsx"
    xlsync.write_district(programme, path, rows)
    return xlsync.open_district(path)


def test_a_district_opens_as_objects_and_scores_as_the_status_command(district):
    assert district.programme.district == "Distretto Family Audit Alta Valsugana"
    assert [row.row_id for row in district.evidence] == ["r1", "r2", "r3"]
    assert district.status() == xlsync.status(district.path)
    assert district.status().action("1.1").value == 1.0  # two minutes of the two required


def test_the_evidence_frame_says_where_each_row_counts(district):
    frame = district.evidence_frame()
    assert list(frame.columns) == [*EVIDENCE_FIELDS, "sheet_row", "line", "indicator", "action"]
    shown = frame[["row_id", "line", "indicator", "action", "sheet_row"]]
    assert shown.astype(object).where(shown.notna(), None).values.tolist() == [
        ["r1", "1.1.a", "1.1.a", "1.1", 2], ["r2", "1.1.a", "1.1.a", "1.1", 3], ["r3", None, None, None, 4]]


def test_the_status_frame_has_a_row_per_indicator(district):
    frame = district.status_frame()
    assert len(frame) == sum(len(action.indicators) for action in district.programme.actions)
    first = frame.iloc[0]
    assert (first["action"], first["indicator"], first["action_realisation"]) == ("1.1", "1.1.a", 1.0)
    assert frame["missing"].isna().iloc[0]
    assert frame.set_index("indicator").loc["2.2.a", "missing"] == "0 di 5 incontri"


def test_without_pandas_the_tables_say_how_to_get_it(district, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(xlsync.XlsyncError) as error:
        district.evidence_frame()
    assert str(error.value) == ("le tabelle di pandas richiedono pandas, che non è installato: "
                                "installarlo: pip install 'xlsync[pandas]'")


# Distribution name → the module it is imported as.
_MODULE_OF = {"XlsxWriter": "xlsxwriter", "python-calamine": "python_calamine", "python-docx": "docx",
              "pdfminer.six": "pdfminer"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_runtime_dependencies_are_exactly_what_the_runtime_imports():
    requirements = [r for r in importlib.metadata.requires("xlsync") if "extra ==" not in r]
    declared = {_MODULE_OF.get(name, name) for name in (re.match(r"[A-Za-z0-9_.-]+", r).group(0) for r in requirements)}
    imported = set().union(*(_imports(path) for path in (ROOT / "xlsync").rglob("*.py")))
    third_party = {name for name in imported - set(sys.stdlib_module_names) if name != "xlsync"}
    optional = {"xlwings", "olefile", "pandas"}  # the add-in's and the pandas tables' extras, imported where used
    assert declared == third_party - optional
    assert "pandas" not in declared
