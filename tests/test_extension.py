"""The LibreOffice extension: what xlsync.oxt holds, and each command of its menu run inside
LibreOffice (installed with unopkg into a fresh profile, called through the script provider as the
menu calls it, the dialogs' answers given by the test)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import python_calamine
from click.testing import CliRunner
from helpers import SYSTEM_PYTHON, needs_libreoffice

from xlsync.cli import cli
from xlsync.demo import CORRECTED, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.libreoffice import extension, soffice
from xlsync.programme.toml_file import load
from xlsync.workbook import layout
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import write_district

MACROS = (Path(__file__).resolve().parents[1] / "macros" / "xlsync_calc.py").read_text(encoding="utf-8")
REGISTRY = "{http://openoffice.org/2001/registry}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return extension.build(tmp_path_factory.mktemp("oxt"))


def items(addons: ET.Element, kind: str) -> list[tuple[str, str]]:
    """The (title, address) of each item of the menu or the toolbar in Addons.xcu."""
    found = []
    for node in addons.iter("node"):
        props = {prop.get(f"{REGISTRY}name"): prop.findtext("value") for prop in node.findall("prop")}
        if "URL" in props and kind in node.get(f"{REGISTRY}name"):
            found.append((props["Title"], props["URL"]))
    return found


def test_the_extension_holds_the_macros_the_menu_and_the_toolbar_call(built):
    with zipfile.ZipFile(built) as package:
        names = package.namelist()
        manifest = package.read("META-INF/manifest.xml").decode("utf-8")
        addons = ET.fromstring(package.read("Addons.xcu"))
        macros = package.read("python/xlsync_calc.py").decode("utf-8")
        description = package.read("description.xml").decode("utf-8")
    assert sorted(names) == ["Addons.xcu", "META-INF/manifest.xml", "description.xml", "python/xlsync_calc.py"]
    assert 'manifest:full-path="python" manifest:media-type="application/vnd.sun.star.framework-script"' in manifest
    assert '<identifier value="it.trentino.xlsync"/>' in description
    titles = ["Unisci invii", "Distribuisci", "Verifica", "Stato", "Aggiorna", "Esporta per l'Agenzia"]
    expected = [(title, extension.script_url(command)) for title, command in zip(titles, extension.COMMANDS, strict=True)]
    assert items(addons, "m") == expected  # the menu's items m01…
    assert items(addons, "t") == expected  # the toolbar's t01…
    exported = re.search(r"^g_exportedScripts = \((.+)\)$", macros, re.M).group(1).split(", ")
    assert sorted(exported) == sorted(extension.COMMANDS)
    for command in extension.COMMANDS:
        assert re.search(rf"^def {command}\(\*args\):", macros, re.M), command
    assert re.search(r"^PYTHON = (.+)$", macros, re.M).group(1) == repr(sys.executable)
    assert re.search(r"^PYTHON = (.+)$", MACROS, re.M).group(1) == '""'  # the source records nothing


def test_the_macros_run_on_the_python_libreoffice_brings():
    """LibreOffice for Windows brings Python 3.8: no syntax newer than that in the macros."""
    import ast

    ast.parse(MACROS, feature_version=(3, 8))


def test_install_without_libreoffice_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(extension, "unopkg", lambda: None)
    result = CliRunner().invoke(cli, ["libreoffice", "install", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (f"Errore: LibreOffice non è installato (manca unopkg): {soffice.install_hint()[0]}, e "
                             "riprovare\n")


def test_unopkg_is_found_beside_libreoffice_where_the_path_does_not_have_it(tmp_path, monkeypatch):
    """Windows: LibreOffice in Program Files, unopkg.com beside soffice.exe, neither on the PATH."""
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    (program / "unopkg.com").write_bytes(b"")
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(extension.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice, "INSTALLED", (tmp_path / "altrove" / "soffice", program / "soffice.exe"))
    assert extension.unopkg() == str(program / "unopkg.com")


def test_build_says_which_python_the_commands_use(tmp_path):
    result = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output == (f"Scritto {tmp_path / 'xlsync.oxt'}: estensione per LibreOffice, menu e barra «xlsync» in "
                             f"Calc; i comandi useranno {sys.executable}.\n")


# -- inside LibreOffice ------------------------------------------------------------------------------

def _has_python_uno() -> bool:
    return Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


def _as_a_user() -> list[str]:
    """unopkg installs for a user and refuses root: as root, run it as user 1000 of a user namespace."""
    if os.geteuid() != 0:
        return []
    unshare = ["unshare", "--user", "--map-user=1000", "--map-group=1000"]
    if shutil.which("unshare") and subprocess.run([*unshare, "true"], capture_output=True).returncode == 0:
        return unshare
    pytest.skip("running as root, and unopkg refuses root: no user namespace (unshare) to run it as a user")


needs_python_uno = pytest.mark.skipif(not _has_python_uno(),
                                      reason="LibreOffice's Python bridge (python3-uno) is not installed")


def run_commands(profile: Path, workbook: Path, edits: list[dict], commands: list[dict], folder: Path) -> list[dict]:
    plan, result = folder / "piano.json", folder / "esiti.json"
    plan.write_text(json.dumps({"open": str(workbook), "edits": edits, "commands": commands}), encoding="utf-8")
    script = Path(__file__).with_name("uno_extension.py")
    subprocess.run([SYSTEM_PYTHON, str(script), str(profile), str(plan), str(result)], check=True,
                   capture_output=True, timeout=900)
    return json.loads(result.read_text(encoding="utf-8"))


@needs_libreoffice
@needs_python_uno
def test_every_command_of_the_menu_runs_inside_libreoffice(tmp_path):
    profile = tmp_path / "profilo"
    installed = subprocess.run([*_as_a_user(), sys.executable, "-m", "xlsync", "libreoffice", "install", "-o",
                                str(tmp_path / "oxt"), "--profile", str(profile)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.splitlines()[0] == (f"Fatto: estensione {tmp_path / 'oxt' / 'xlsync.oxt'} installata in "
                                                f"LibreOffice (profilo {profile})")
    district = tmp_path / "distretto.xlsx"
    write_district(load(sample_path(SAMPLE_PROGRAMME)), district)
    outbox, agency = tmp_path / "da-inviare", tmp_path / "agenzia.xlsx"
    indicators = python_calamine.CalamineWorkbook.from_path(str(district)).get_sheet_by_name(layout.INDICATORS)
    row = next(number for number, cells in enumerate(indicators.to_python(), 1) if cells[0] == "6.1.a")
    assessment = {"sheet": layout.INDICATORS, "cell": f"G{row}", "value": 0.9}  # typed, not saved
    done = run_commands(profile, district, [assessment], [
        {"macro": "Verifica", "answers": {"cartella": str(sample_path(SAMPLE_RETURNS) / CORRECTED)}},
        {"macro": "UnisciInvii", "answers": {"cartella": str(sample_path(SAMPLE_RETURNS))}},
        {"macro": "Distribuisci", "answers": {"cartella": str(outbox)}},
        {"macro": "Stato", "answers": {}},
        {"macro": "Aggiorna", "answers": {}},
        {"macro": "EsportaPerAgenzia", "answers": {"file": str(agency)}},
        {"macro": "Verifica", "answers": {}},  # the folder dialog closed without choosing
    ], tmp_path)
    outcomes = [(each["returned"] or {}).get("exit_code") for each in done]
    texts = [(each["returned"] or {}).get("text", "").splitlines() for each in done]
    assert outcomes == [0, 1, 0, 0, 0, 0, None]  # 1: the merge set rows aside
    assert texts[0] == ["Evidenze 2024 - Dial Funghi.xlsx: valido (4 righe)"]
    # The manager's 90% for 6.1.a was saved before the first command (65,4% without it).
    assert texts[1][-2:] == [f"Aggiornato {district} (versione precedente in distretto.backup.xlsx).",
                             "Realizzazione del programma: 70,2% (soglia 80,0%): NON AMMISSIBILE"]
    assert texts[2][-1] == f"6 file da inviare agli aderenti in {outbox}."
    assert len(list(outbox.glob("Evidenze 2024 - *.xlsx"))) == 6
    assert "6.1       90,0%  sì     Progetto strategico" in texts[3]
    assert "Realizzazione del programma: 70,2% (soglia 80,0%): NON AMMISSIBILE" in texts[3]
    assert texts[4] == [f"Nessuna modifica al programma: {district} è rimasto com'era."]
    assert texts[5][0] == f"Scritto {agency}: cartella per l'Agenzia, realizzazione 70,2%."
    assert agency.exists() and agency.with_suffix(".pdf").exists()
    # The district workbook was closed for the merge and the update, and is open again after each.
    assert [each["open"] for each in done] == [[str(district)]] * 7
    saved = read_district(district)
    assert len(saved.evidence) == 48 and saved.assessments["6.1.a"].value == pytest.approx(0.9)
