"""The LibreOffice extension: what xlsync.oxt holds for each system, how it is built from wheels
(checked against the Python each LibreOffice runs), and each command of its menu run inside this
machine's LibreOffice (installed with unopkg as an ordinary user into a fresh profile, from inside a
virtual environment, called through the script provider as the menu calls it, the dialogs' answers
given by the test), whose own Python has none of xlsync's dependencies."""

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
from xlsync.libreoffice import bundle, extension, soffice
from xlsync.programme.toml_file import load
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_district
from xlsync.workbook.writer import write_district

MACROS = (Path(__file__).resolve().parents[1] / "macros" / "xlsync_calc.py").read_text(encoding="utf-8")
REGISTRY = "{http://openoffice.org/2001/registry}"
# Compiled for one Python and system each; the others are pure Python (bundle.requirements()).
COMPILED = ("isal", "lxml", "python_calamine")
VERSIONS = {"XlsxWriter": "3.3.1", "isal": "1.9.1", "python-calamine": "0.9.1", "click": "8.5.1", "filelock": "4.3.2",
            "lxml": "6.2.0", "openpyxl": "3.1.5"}


def office_python() -> str | None:
    return bundle.office_python(soffice.soffice())


@pytest.fixture(scope="session")
def wheels(tmp_path_factory) -> Path:
    """The wheels for this machine's LibreOffice, from PyPI once per test session: the builds below take
    them from this folder (--wheels) as they would from PyPI."""
    if bundle.this_system() != "linux" or office_python() is None:
        pytest.skip("builds the extension for this machine's LibreOffice on Linux, which is not installed")
    folder = tmp_path_factory.mktemp("wheels")
    bundle.download(folder, "linux", "x86_64", office_python())
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory, wheels) -> extension.Built:
    return extension.build(tmp_path_factory.mktemp("oxt"), wheels=wheels)


def items(addons: ET.Element, kind: str) -> list[tuple[str, str]]:
    """The (title, address) of each item of the menu or the toolbar in Addons.xcu."""
    found = []
    for node in addons.iter("node"):
        props = {prop.get(f"{REGISTRY}name"): prop.findtext("value") for prop in node.findall("prop")}
        if "URL" in props and kind in node.get(f"{REGISTRY}name"):
            found.append((props["Title"], props["URL"]))
    return found


def test_the_extension_holds_xlsync_what_it_needs_the_menu_and_the_toolbar(built):
    python = office_python().replace(".", "")
    with zipfile.ZipFile(built.path) as package:
        names = set(package.namelist())
        manifest = package.read("META-INF/manifest.xml").decode("utf-8")
        addons = ET.fromstring(package.read("Addons.xcu"))
        states = ET.fromstring(package.read("WindowState.xcu"))
        macros = package.read("python/xlsync_calc.py").decode("utf-8")
        description = package.read("description.xml").decode("utf-8")
    assert {"Addons.xcu", "WindowState.xcu", "META-INF/manifest.xml", "description.xml", "python/xlsync_calc.py"} <= names
    assert macros == MACROS
    assert 'manifest:full-path="python" manifest:media-type="application/vnd.sun.star.framework-script"' in manifest
    assert manifest.count("application/vnd.sun.star.configuration-data") == 2
    assert '<identifier value="it.trentino.xlsync"/>' in description
    assert '<platform value="linux_x86_64"/>' in description  # LibreOffice refuses it on Windows and macOS
    # xlsync and the pure-Python packages once; the compiled ones for this LibreOffice's Python.
    pure = {name.split("/")[2] for name in names if name.startswith("python/pythonpath/") and name.count("/") >= 3}
    assert {"xlsync", "xlsxwriter", "click", "filelock", "compiled"} <= pure
    assert not {"pdfplumber", "docx", "pypdfium2", "PIL"} & pure  # only `xlsync import` reads PDF and DOCX
    assert {"python/pythonpath/xlsync/macros/xlsync_calc.py", "python/pythonpath/xlsync/templates/testi.toml"} <= names
    assert built.combinations == (f"linux-x86_64-cp{python}",)
    compiled = {name.split("/")[4] for name in names if name.startswith(f"python/pythonpath/compiled/linux-x86_64-cp{python}/")}
    assert {"isal", "lxml", "python_calamine"} <= compiled
    assert not any(name.endswith((".pyc", ".h", ".pyx")) for name in names)
    # The menu and the toolbar, and the toolbar's title.
    titles = ["Unisci invii", "Distribuisci", "Verifica", "Stato", "Aggiorna", "Esporta per l'Agenzia"]
    expected = [(title, extension.script_url(command)) for title, command in zip(titles, extension.COMMANDS, strict=True)]
    assert items(addons, "m") == expected  # the menu's items m01…
    assert items(addons, "t") == expected  # the toolbar's t01…
    toolbar = next(node.get(f"{REGISTRY}name") for node in addons.iter("node")
                   if node.get(f"{REGISTRY}name", "").endswith(".toolbar"))
    state = next(node for node in states.iter("node")
                 if node.get(f"{REGISTRY}name") == f"private:resource/toolbar/addon_{toolbar}")
    assert {prop.get(f"{REGISTRY}name"): prop.findtext("value") for prop in state.findall("prop")}["UIName"] == "xlsync"
    exported = re.search(r"^g_exportedScripts = \((.+)\)$", macros, re.M).group(1).split(", ")
    assert sorted(exported) == sorted(extension.COMMANDS)
    for command in extension.COMMANDS:
        assert re.search(rf"^def {command}\(\*args\):", macros, re.M), command


def test_the_macros_parse_on_an_older_python():
    """They must at least start on an older LibreOffice's Python (3.8) to say the extension is not for it."""
    import ast

    ast.parse(MACROS, feature_version=(3, 8))


def test_the_toolbar_is_titled_xlsync_not_add_on_1():
    """Addons.xcu names the toolbar (LibreOffice 7.x and later), WindowState.xcu too (older ones, and docked)."""
    folder = Path(__file__).resolve().parents[1] / "macros"
    addons = ET.parse(folder / "Addons.xcu").getroot()
    toolbar = next(node for node in addons.iter("node") if node.get(f"{REGISTRY}name", "").endswith(".toolbar"))
    assert {prop.get(f"{REGISTRY}name"): prop.findtext("value") for prop in toolbar.findall("prop")} == {
        "Title": "xlsync"}
    states = ET.parse(folder / "WindowState.xcu").getroot()
    name = f"private:resource/toolbar/addon_{toolbar.get(f'{REGISTRY}name')}"
    state = next(node for node in states.iter("node") if node.get(f"{REGISTRY}name") == name)
    assert {prop.get(f"{REGISTRY}name"): prop.findtext("value") for prop in state.findall("prop")}["UIName"] == "xlsync"


@pytest.fixture
def macros(monkeypatch):
    """macros/xlsync_calc.py as a plain module, LibreOffice's `uno` replaced by a stand-in: its functions
    called as functions, without LibreOffice."""
    import importlib.util
    import types

    uno = types.ModuleType("uno")
    uno.systemPathToFileUrl = lambda path: Path(path).as_uri()
    uno.fileUrlToSystemPath = lambda url: url.removeprefix("file://")
    uno.getConstantByName = lambda name: name
    monkeypatch.setitem(sys.modules, "uno", uno)
    for name in ("com", "com.sun", "com.sun.star", "com.sun.star.beans"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sys.modules["com.sun.star.beans"].PropertyValue = object
    spec = importlib.util.spec_from_file_location("xlsync_calc", Path(__file__).resolve().parents[1] / "macros"
                                                  / "xlsync_calc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Picker:
    """LibreOffice's folder picker, as the macros use it: what it was told, and the folder chosen."""

    def __init__(self, chosen: Path):
        self.chosen, self.shown = chosen, None

    def setTitle(self, title):  # noqa: N802 - UNO's names
        self.title = title

    def setDisplayDirectory(self, url):  # noqa: N802
        self.shown = url

    def execute(self):
        return 1

    def getDirectory(self):  # noqa: N802
        return self.chosen.as_uri()


@pytest.mark.parametrize("command, expected", [
    ("UnisciInvii", ("merge", "{district}", "{chosen}")),
    ("Distribuisci", ("distribute", "{district}", "{chosen}")),
    ("Verifica", ("validate", "{district}", "{chosen}"))])
def test_the_folder_pickers_open_in_the_districts_folder(macros, monkeypatch, tmp_path, command, expected):
    district, chosen = tmp_path / "anno 2024" / "distretto.xlsx", tmp_path / "ricevuti"
    picker = Picker(chosen)
    dialogs = macros._Dialogs.__new__(macros._Dialogs)
    dialogs._create = lambda service: picker if service == "com.sun.star.ui.dialogs.FolderPicker" else None
    monkeypatch.setattr(macros, "_command", lambda args, arguments, writes=False: arguments(str(district), dialogs))
    assert getattr(macros, command)() == tuple(part.format(district=district, chosen=chosen) for part in expected)
    assert picker.shown == (tmp_path / "anno 2024").as_uri()  # the folder of the district workbook open


class FilePicker(Picker):
    def initialize(self, template):
        self.template = template

    def appendFilter(self, *wanted):  # noqa: N802
        pass

    def getSelectedFiles(self):  # noqa: N802
        return (self.chosen.as_uri(),)


class Workbook:
    """The document in front: a member's workbook, not a district."""

    def __init__(self, path: Path):
        self.path = path

    def supportsService(self, service):  # noqa: N802
        return True

    def getSheets(self):  # noqa: N802
        return type("Sheets", (), {"hasByName": lambda self, name: False})()

    def hasLocation(self):  # noqa: N802
        return True

    def getURL(self):  # noqa: N802
        return self.path.as_uri()


def test_without_a_district_open_the_file_picker_opens_beside_the_workbook_in_front(macros, monkeypatch, tmp_path):
    member, district = tmp_path / "da-inviare" / "Evidenze 2024 - Soste.xlsx", tmp_path / "distretto.xlsx"
    picker = FilePicker(district)
    dialogs = macros._Dialogs.__new__(macros._Dialogs)
    dialogs._create = lambda service: picker
    desktop = type("Desktop", (), {"getCurrentComponent": lambda self: Workbook(member)})()
    monkeypatch.setattr(macros, "_desktop", lambda: desktop)
    assert macros._district(dialogs) == (None, str(district))
    assert picker.template == ("com.sun.star.ui.dialogs.TemplateDescription.FILEOPEN_SIMPLE",)
    assert picker.shown == member.parent.as_uri()


def test_build_refuses_to_overwrite_unless_forced(tmp_path, wheels):
    (tmp_path / "xlsync.oxt").write_bytes(b"costruita a mano")
    refused = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path), "--wheels", str(wheels)])
    assert refused.exit_code == 2
    assert refused.output == f"Errore: {tmp_path / 'xlsync.oxt'}: esiste già: usare --force per sovrascriverlo\n"
    assert (tmp_path / "xlsync.oxt").read_bytes() == b"costruita a mano"
    forced = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path), "--wheels", str(wheels), "--force"])
    assert forced.exit_code == 0, forced.output
    size = (tmp_path / "xlsync.oxt").stat().st_size
    assert forced.output == (f"Scritto {tmp_path / 'xlsync.oxt'}: estensione per LibreOffice su linux con Python "
                             f"{office_python()} ({size / 1e6:.1f} MB), menu e barra «xlsync» in Calc; porta con sé xlsync e "
                             "ciò che gli serve.\n")


# -- for Windows and macOS, from their wheels ---------------------------------------------------------

def fake_wheel(folder: Path, name: str, tag: str) -> None:
    """A wheel with the module of that name and its metadata: what pip chooses by and the build unpacks."""
    project = name.replace("-", "_")
    module = "xlsxwriter" if name == "XlsxWriter" else project
    info = f"{project}-{VERSIONS[name]}.dist-info"
    with zipfile.ZipFile(folder / f"{project}-{VERSIONS[name]}-{tag}.whl", "w") as wheel:
        wheel.writestr(f"{module}/__init__.py", f"TAG = {tag!r}\n")
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {VERSIONS[name]}\n")
        wheel.writestr(f"{info}/WHEEL", f"Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: {tag}\n")
        wheel.writestr(f"{info}/RECORD", "")


def fake_wheels(folder: Path, compiled_tags: dict[str, list[str]]) -> Path:
    folder.mkdir()
    for name in VERSIONS:
        for tag in compiled_tags.get(name, ["py3-none-any"]):
            fake_wheel(folder, name, tag)
    return folder


def test_built_for_windows_with_the_python_of_each_current_libreoffice(tmp_path):
    wheels = fake_wheels(tmp_path / "wheels", {name: ["cp312-cp312-win_amd64", "cp313-cp313-win_amd64"]
                                               for name in ("isal", "python-calamine", "lxml")})
    built = extension.build(tmp_path / "windows", "windows", wheels=wheels)
    assert (built.system, built.pythons) == ("windows", ("3.12", "3.13"))  # LibreOffice 26.2 and 26.8
    assert built.combinations == ("windows-x86_64-cp312", "windows-x86_64-cp313")
    with zipfile.ZipFile(built.path) as package:
        names = set(package.namelist())
        description = package.read("description.xml").decode("utf-8")
        lxml = package.read("python/pythonpath/compiled/windows-x86_64-cp313/lxml/__init__.py").decode("utf-8")
    assert '<platform value="windows_x86_64"/>' in description
    assert lxml == "TAG = 'cp313-cp313-win_amd64'\n"
    for module in ("xlsxwriter", "click", "filelock", "xlsync"):
        assert f"python/pythonpath/{module}/__init__.py" in names
    for folder in built.combinations:
        assert {f"python/pythonpath/compiled/{folder}/{module}/__init__.py" for module in COMPILED} <= names


def test_built_for_both_kinds_of_mac(tmp_path):
    wheels = fake_wheels(tmp_path / "wheels", {
        "lxml": ["cp313-cp313-macosx_10_13_universal2"],
        "isal": ["cp313-cp313-macosx_11_0_arm64", "cp313-cp313-macosx_10_13_x86_64"],
        "python-calamine": ["cp313-cp313-macosx_11_0_arm64", "cp313-cp313-macosx_10_12_x86_64"]})
    result = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path / "mac"), "--platform", "macos",
                                      "--python", "3.13", "--wheels", str(wheels)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "mac" / "xlsync.oxt") as package:
        description = package.read("description.xml").decode("utf-8")
        calamine = {folder: package.read(f"python/pythonpath/compiled/{folder}/python_calamine/__init__.py").decode()
                    for folder in ("macos-aarch64-cp313", "macos-x86_64-cp313")}
    assert '<platform value="macosx_x86_64,macosx_aarch64"/>' in description
    assert calamine == {"macos-aarch64-cp313": "TAG = 'cp313-cp313-macosx_11_0_arm64'\n",
                        "macos-x86_64-cp313": "TAG = 'cp313-cp313-macosx_10_12_x86_64'\n"}


def test_a_compiled_dependency_without_a_wheel_for_a_python_is_an_error_not_an_extension(tmp_path):
    wheels = fake_wheels(tmp_path / "wheels", {"isal": ["cp312-cp312-win_amd64"],  # none for Python 3.13
                                               "python-calamine": ["cp312-cp312-win_amd64", "cp313-cp313-win_amd64"],
                                               "lxml": ["cp312-cp312-win_amd64", "cp313-cp313-win_amd64"]})
    result = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path / "out"), "--platform", "windows",
                                      "--wheels", str(wheels)])
    assert result.exit_code == 2
    assert result.output == (f"Errore: isal>=1.6: nessun pacchetto compilato (wheel) su {wheels} per windows x86_64 con "
                             "Python 3.13: l'estensione non funzionerebbe lì e non è stata scritta: costruirla per un'altra "
                             "versione di Python (--python) o attendere che il pacchetto la pubblichi\n")
    assert not (tmp_path / "out" / "xlsync.oxt").exists()


def test_a_python_xlsync_cannot_run_on_is_refused_before_downloading(tmp_path):
    result = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path), "--platform", "windows",
                                      "--python", "3.8"])
    assert result.exit_code == 2
    assert result.output.startswith("Errore: xlsync non gira con Python 3.8 (windows): serve Python 3.11 o più recente: ")


def test_without_the_network_the_build_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # nothing listens there
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    result = CliRunner().invoke(cli, ["libreoffice", "build", "-o", str(tmp_path), "--platform", "windows",
                                      "--python", "3.13"])
    assert result.exit_code == 2
    assert result.output == (
        "Errore: per costruire l'estensione per windows x86_64 con Python 3.13 servono i pacchetti di PyPI (pip "
        "download), e PyPI non si raggiunge da qui: ripetere con la rete, oppure scaricare i pacchetti altrove (pip "
        "download --only-binary=:all: --platform … --python-version 3.13) e indicarne la cartella con --wheels\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("wheel", "python", "platform", "fits"), [
    ("lxml-6.2.0-cp313-cp313-macosx_10_13_universal2.whl", "3.13", "macosx_11_0_arm64", True),
    ("lxml-6.2.0-cp313-cp313-macosx_10_13_universal2.whl", "3.12", "macosx_11_0_arm64", False),
    ("python_calamine-0.9.1-cp312-cp312-macosx_10_12_x86_64.whl", "3.12", "macosx_11_0_x86_64", True),
    ("python_calamine-0.9.1-cp312-cp312-macosx_10_12_x86_64.whl", "3.12", "macosx_11_0_arm64", False),
    ("isal-1.9.1-cp313-cp313-macosx_14_0_arm64.whl", "3.13", "macosx_11_0_arm64", False),  # a newer macOS
    ("isal-1.9.1-cp313-cp313-win_amd64.whl", "3.12", "win_amd64", False),
    ("cryptography-46.0.0-cp311-abi3-win_amd64.whl", "3.13", "win_amd64", True),  # the stable ABI of 3.11
    ("cryptography-46.0.0-cp311-abi3-win_amd64.whl", "3.13", "win_arm64", False),
    ("lxml-6.2.0-cp311-cp311-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl", "3.11", "manylinux_2_28_x86_64", True),
    ("pypdf-7.1.1-py3-none-any.whl", "3.13", "win_amd64", True),
])
def test_a_wheel_fits_the_python_and_the_system_it_was_built_for(wheel, python, platform, fits):
    assert bundle.fits(wheel, python, (platform,)) is fits


def test_the_python_of_each_kind_of_libreoffice_installation(tmp_path):
    windows = tmp_path / "LibreOffice" / "program"
    (windows / "python-core-3.13.15" / "lib").mkdir(parents=True)
    assert bundle.office_python(str(windows / "soffice.exe")) == "3.13"
    mac = tmp_path / "LibreOffice.app" / "Contents"
    (mac / "Frameworks" / "LibreOfficePython.framework" / "Versions" / "3.12").mkdir(parents=True)
    (mac / "MacOS").mkdir()
    assert bundle.office_python(str(mac / "MacOS" / "soffice")) == "3.12"
    debian = tmp_path / "usr" / "lib" / "libreoffice" / "program"
    debian.mkdir(parents=True)
    (debian / "libpyuno.so").write_bytes(b"\x7fELF...libpython3.11.so.1.0\x00...")
    assert bundle.office_python(str(debian / "soffice")) == "3.11"
    assert bundle.office_python(str(tmp_path / "altrove" / "soffice")) is None


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


def test_libreoffice_runs_without_the_virtual_environment_s_python(tmp_path):
    venv, conda = tmp_path / "venv", tmp_path / "conda"
    (venv / "bin").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /altrove/bin\n", encoding="utf-8")
    (conda / "conda-meta").mkdir(parents=True)
    (conda / "bin").mkdir()
    path = os.pathsep.join([str(venv / "bin"), str(conda / "bin"), "/usr/bin", "/bin"])
    cleaned = soffice.office_environment({"PATH": path, "VIRTUAL_ENV": str(venv), "PYTHONHOME": str(venv),
                                          "PYTHONPATH": "/altrove", "HOME": "/casa"})
    assert cleaned == {"PATH": os.pathsep.join(["/usr/bin", "/bin"]), "HOME": "/casa"}


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
                   capture_output=True, timeout=900, env=soffice.office_environment())
    return json.loads(result.read_text(encoding="utf-8"))


def in_a_virtual_environment() -> dict[str, str]:
    """The environment of a terminal where this virtual environment is active."""
    scripts = str(Path(sys.executable).parent)
    return {**os.environ, "VIRTUAL_ENV": sys.prefix, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}


@needs_libreoffice
@needs_python_uno
def test_every_command_of_the_menu_runs_inside_libreoffice(tmp_path, wheels):
    for module in ("python_calamine", "isal", "lxml", "xlsxwriter"):  # LibreOffice's Python has none of them
        assert subprocess.run([SYSTEM_PYTHON, "-c", f"import {module}"], capture_output=True).returncode != 0, module
    profile = tmp_path / "profilo"
    installed = subprocess.run([*_as_a_user(), sys.executable, "-m", "xlsync", "libreoffice", "install", "-o",
                                str(tmp_path / "oxt"), "--profile", str(profile), "--wheels", str(wheels)],
                               capture_output=True, text=True, env=in_a_virtual_environment())
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.splitlines()[:2] == [
        f"Fatto: estensione {tmp_path / 'oxt' / 'xlsync.oxt'} installata in LibreOffice (profilo {profile})",
        f"Fatto: xlsync e ciò che gli serve sono nell'estensione, per Python {office_python()}"]
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
    returned = [each["returned"] or {} for each in done]
    assert [each.get("exit_code") for each in returned] == [0, 1, 0, 0, 0, 0, None]  # 1: the merge set rows aside
    # xlsync and its libraries came from the extension, unpacked in the profile.
    carried = profile / "user" / "uno_packages" / "cache" / "uno_packages"
    for each in returned[:6]:
        assert Path(each["xlsync"]).is_relative_to(carried) and Path(each["xlsync"]).name == "xlsync", each["xlsync"]
    texts = [each.get("text", "").splitlines() for each in returned]
    assert texts[0] == ["Evidenze 2024 - Dial Funghi.xlsx: valido (4 righe)"]
    # The manager's 90% for 6.1.a was saved before the first command (65,4% without it); shown rounded down.
    assert texts[1][-2:] == [f"Aggiornato {district} (versione precedente in {district.with_name('distretto.backup.xlsx')}).",
                             "Realizzazione del programma: 70,1% (soglia 80,0%): NON AMMISSIBILE"]
    assert texts[2][-1] == f"6 file da inviare agli aderenti in {outbox}."
    assert len(list(outbox.glob("Evidenze 2024 - *.xlsx"))) == 6
    # «Stato»: the verdict first, then the tables the dialog shows.
    status = returned[3]["table"]
    assert status["verdict"] == "Realizzazione del programma: 70,1% (soglia 80,0%): NON AMMISSIBILE"
    assert status["eligible"] is False
    assert status["title"] == "Distretto Family Audit Alta Valsugana — programma di lavoro 2024"
    assert status["actions"]["columns"] == ["Azione", "Realizzazione", "Conta", "Titolo / cosa manca"]
    assert ["6.1", "90,0%", "sì", "Progetto strategico"] in status["actions"]["rows"]
    assert ["", "", "", "1.1.a: 0 di 2 verbali"] not in status["actions"]["rows"]  # the merge brought them
    assert status["members"]["columns"] == ["Aderente", "Invii", "Ultimo invio", "Righe", "Referente di"]
    assert [cells[:4] for cells in status["members"]["rows"]] == [
        [name, "1", "20/01/2025", rows] for name, rows in (
            ("CS4", "4"), ("Comune di Pergine Valsugana", "12"), ("ASIF Chimelli", "22"),
            ("Comunità Alta Valsugana e Bersntol", "4"), ("Soste", "4"), ("Dial Funghi", "2"))]
    assert status["members_note"] == "Tutti gli aderenti hanno inviato evidenze."
    assert texts[4] == [f"Nessuna modifica al programma: {district} è rimasto com'era."]
    assert texts[5][0] == f"Scritto {agency}: file per l'Agenzia, realizzazione 70,1%."
    assert agency.exists() and agency.with_suffix(".pdf").exists()
    # The district workbook was closed for the merge and the update, and is open again after each.
    assert [each["open"] for each in done] == [[str(district)]] * 7
    saved = read_district(district)
    assert len(saved.evidence) == 48 and saved.assessments["6.1.a"].value == pytest.approx(0.9)


def test_an_extension_built_for_another_libreoffice_says_which_to_build(macros):
    """The one text the macros write themselves: xlsync, and its catalogue, cannot be loaded."""
    import platform

    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
    here = f"{bundle.this_system()}-{machine}-cp{python.replace('.', '')}"
    assert macros._use_carried_xlsync() == (
        f"Questa estensione xlsync è fatta per un altro LibreOffice, e questo LibreOffice è {here} (sistema, processore, "
        f"Python {python}): installare l'estensione costruita per questo PC (xlsync libreoffice costruisci --platform "
        f"{bundle.this_system()} --python {python}).")
