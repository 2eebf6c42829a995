"""The add-in on Linux: its worksheet functions as plain Python against the sample, the targets of
its buttons run against a sample district, and the built .xlam/.xlsm hold the VBA (read back by
olevba and by LibreOffice)."""

from __future__ import annotations

import inspect
import io
import math
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import olefile
import pytest
import python_calamine
from click.testing import CliRunner
from helpers import examples, needs_libreoffice
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from xlsync.cli import cli
from xlsync.demo import CORRECTED, SAMPLE_ASSESSMENTS, SAMPLE_PROGRAMME, SAMPLE_RETURNS, sample_path
from xlsync.excel import build as excel_addin
from xlsync.excel import functions as addin
from xlsync.excel import vba
from xlsync.libreoffice.soffice import convert
from xlsync.partners.merge import merge
from xlsync.programme.model import RuleKind
from xlsync.programme.toml_file import load
from xlsync.scoring.engine import shown
from xlsync.workbook.reader import read_assessments_csv, read_district
from xlsync.workbook.status import status
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
SOURCE = (Path(__file__).resolve().parents[1] / "macros" / "xlsync.bas").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("distretto") / "distretto.xlsx"
    write_district(PROGRAMME, path, assessments=read_assessments_csv(sample_path(SAMPLE_ASSESSMENTS), PROGRAMME))
    merge(path, [sample_path(SAMPLE_RETURNS)])
    merge(path, [sample_path(SAMPLE_RETURNS) / CORRECTED])
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> excel_addin.Built:
    return excel_addin.build(tmp_path_factory.mktemp("addin"))


# -- VAMT_REALIZZAZIONE ------------------------------------------------------------------------

def test_a_rule_as_the_programme_writes_it():
    f = addin.VAMT_REALIZZAZIONE
    assert f("20% per ogni incontro", 3) == 0.6
    assert f("20% per ogni incontro", 7) == 1.0  # capped at 100%
    assert (f("100% restituzione di almeno 2 verbali", 1), f("100% restituzione di almeno 2 verbali", 2)) == (0.0, 1.0)
    assert f("1% per ogni post pubblicato 10% per ogni post originale pubblicato", 25, 6) == 0.85
    assert f("100% individuazione delle persone 100% coinvolgimento in azioni ACS", 1, None) == 0.5
    assert f("20% per ogni incontro", [[1], [2], [None]]) == 0.6  # a range: its cells added up
    assert f("20% per ogni incontro", "2,5") == 0.5  # a number typed as text
    assert f("20% per ogni incontro") == 0.0


def test_the_engine_and_the_function_agree_on_every_rule_of_the_sample(district):
    """Each V.A.M.T. action's own rule text, given the units the district recorded, gives the
    realisation the engine computes."""
    result = status(district)
    checked = 0
    for action in PROGRAMME.actions:
        if action.project or not action.rule or any(i.kind in (RuleKind.LINKED, RuleKind.MANUAL)
                                                    for i in action.indicators):
            continue
        scored = result.action(action.code)
        units = [value for ind in scored.indicators for _, value in ind.units]
        assert addin.VAMT_REALIZZAZIONE(action.rule, *units) == shown(scored.value), action.code
        checked += 1
    assert checked == 11


@pytest.mark.parametrize(("arguments", "message"), [
    (("boh", 1), "Errore: regola non riconosciuta: «boh»"),
    (("20% per ogni incontro", "tre"), "Errore: «tre» non è una quantità"),
    (("20% per ogni incontro", -1), "Errore: la quantità -1 non è un numero da zero in su"),
    (("20% per ogni incontro", True), "Errore: True non è una quantità"),
    (("20% per ogni incontro", 1, 2), "Errore: la regola conta un tipo di evidenza e le quantità date sono 2"),
    (("Indicatori individuati e descritti nella progettualità specifica: \"X\"", 1), "Errore: regola non riconosciuta"),
])
def test_bad_arguments_give_a_clear_text_in_the_cell(arguments, message):
    assert addin.VAMT_REALIZZAZIONE(*arguments).startswith(message)


def test_empty_is_empty():
    assert addin.VAMT_REALIZZAZIONE(None, 3) is None
    assert addin.VAMT_REALIZZAZIONE("   ") is None


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 50),
                          st.text(max_size=4)), max_size=3))
def test_never_nan_always_a_fraction_or_a_text(quantities):
    value = addin.VAMT_REALIZZAZIONE("1% per ogni post pubblicato 10% per ogni post originale pubblicato 5% per ogni mail",
                                     *quantities)
    assert (isinstance(value, float) and math.isfinite(value) and 0 <= value <= 1) or \
        (isinstance(value, str) and value.startswith("Errore: "))


# -- the functions that read the open workbook ---------------------------------------------------

@dataclass
class _Cell:
    row: int
    column: int


class _Range:
    def __init__(self, rows):
        self.value = rows

    def options(self, ndim):
        assert ndim == 2
        return self


class _Sheet:
    """The part of xlwings' Sheet the add-in uses, over a sheet's values (as Excel hands them: None when empty)."""

    def __init__(self, name, rows, book):
        self.name, self.book = name, book
        self.rows = [[None if value == "" else value for value in row] for row in rows]
        self.used_range = type("Used", (), {"last_cell": _Cell(len(self.rows), max(map(len, self.rows), default=1))})

    def range(self, first, last):
        assert first == (1, 1) and last == (self.used_range.last_cell.row, self.used_range.last_cell.column)
        return _Range(self.rows)


class _Book:
    def __init__(self, path: Path):
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        self.name = path.name
        self.sheets = [_Sheet(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False), self)
                       for name in book.sheet_names]


def caller_in(path: Path):
    """A cell of the workbook at `path`, as xlwings gives it to a function that asks for `caller`."""
    book = _Book(path)
    return type("Caller", (), {"sheet": book.sheets[0]})


def test_the_open_workbooks_tables_give_what_status_gives(district):
    result, caller = status(district), caller_in(district)
    # figures as the workbook shows them: one decimal of a percentage, rounded down (83,333…% is 83,3%)
    assert addin.VAMT_PROGRAMMA(caller=caller) == shown(result.value) == 0.821
    for action in result.actions:
        assert addin.VAMT_AZIONE(action.code, caller=caller) == shown(action.value)
    assert addin.VAMT_AZIONE("5.1", caller=caller) == 0.666
    assert addin.VAMT_AZIONE("4.2.a", caller=caller) == pytest.approx(0.75)
    assert addin.VAMT_MANCA("2.2", caller=caller) == "2.2.a: 3 di 5 incontri"
    assert addin.VAMT_MANCA("1.1", caller=caller) is None
    table = addin.VAMT_AZIONI(caller=caller)
    assert table[0] == ["Codice", "Azione", "Realizzazione", "Conta", "Cosa manca"]
    assert [row[0] for row in table[1:-1]] == [action.code for action in result.actions]
    assert table[-1][1:4] == ["Realizzazione del programma", shown(result.value), "AMMISSIBILE"]


def test_workbook_functions_explain_what_is_wrong(district, tmp_path):
    caller = caller_in(district)
    assert addin.VAMT_AZIONE("9.9", caller=caller) == "Errore: nessuna azione o indicatore con il codice «9.9»"
    assert addin.VAMT_PROGRAMMA() == "Errore: la funzione si usa in una cartella di Excel aperta (xlwings)"
    other = tmp_path / "altro.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(other)
    book.add_worksheet("Foglio1").write(0, 0, "niente")
    book.close()
    assert addin.VAMT_PROGRAMMA(caller=caller_in(other)).startswith(
        "Errore: altro.xlsx: il file non è stato creato da xlsync")


# -- the buttons' targets --------------------------------------------------------------------------

def vba_commands(source: str) -> list[tuple[str, int]]:
    """Each Python target the VBA calls and how many arguments it passes: `ComandoConCartella
    "target", …` passes the district and a folder, `Esegui "target", district, <arguments>, …` its
    PyStr arguments; then the result file."""
    found = re.findall(r'^\s*(?:ComandoConCartella "(\w+)", .+|Esegui "(\w+)", \w+, (.+?), (?:True|False))\s*$', source, re.M)
    return [(folder or target, 3 if folder else arguments.count("PyStr(") + 1) for folder, target, arguments in found]


def test_every_command_of_the_vba_has_its_python_target():
    commands = vba_commands(SOURCE)
    assert commands == [("unisci_invii", 3), ("distribuisci", 3), ("verifica", 3), ("aggiorna", 2), ("stato", 2),
                        ("esporta", 3)]
    assert set(addin.TARGETS) == {target for target, _ in commands}
    for target, count in commands:
        inspect.signature(addin.TARGETS[target]).bind(*["x"] * count)  # the VBA's call fits the function
    for macro in re.findall(r"^Public Sub Ribbon\w+\(control As Object\)\s*\n\s*(\w+)", SOURCE, re.M):
        assert re.search(rf"^Public Sub {macro}\(\)", SOURCE, re.M), macro


def answer(path: Path) -> tuple[str, str]:
    status_line, _, text = path.read_text(encoding="utf-8").partition("\n")
    return status_line, text


def test_every_target_runs_against_a_sample_district(district, tmp_path):
    work = tmp_path / "distretto.xlsx"
    shutil.copy(district, work)
    esito = tmp_path / "esito.txt"
    inbox = tmp_path / "ricevuti"
    shutil.copytree(sample_path(SAMPLE_RETURNS) / CORRECTED, inbox)
    addin.verifica(str(work), str(inbox), str(esito))
    assert answer(esito) == ("OK", "Evidenze 2024 - Dial Funghi.xlsx: valido (4 righe)")
    addin.unisci_invii(str(work), str(sample_path(SAMPLE_RETURNS)), str(esito))
    state, text = answer(esito)
    assert state == "OK" and text.splitlines()[0].startswith("Già uniti e non cambiati: 6 file")
    addin.distribuisci(str(work), str(tmp_path / "da-inviare"), str(esito))
    listed = answer(esito)[1].splitlines()
    assert listed[-1] == f"6 file da inviare agli aderenti in {tmp_path / 'da-inviare'}."
    assert listed[0] == (f"{tmp_path / 'da-inviare' / 'Evidenze 2024 - CS4.xlsx'}: C.S.4. SOCIETA' COOPERATIVA SOCIALE "
                         "O.N.L.U.S. (referente in 3 azioni, coinvolta in 7)")
    addin.stato(str(work), str(esito))
    assert answer(esito)[1].splitlines()[-1] == "Realizzazione del programma: 82,1% (soglia 80,0%): AMMISSIBILE"
    addin.aggiorna(str(work), str(esito))
    assert answer(esito) == ("OK", f"Nessuna modifica al programma: {work} è rimasto com'era.")
    addin.esporta(str(work), str(tmp_path / "agenzia.xlsx"), str(esito))
    assert answer(esito)[0] == "OK" and (tmp_path / "agenzia.xlsx").exists()
    assert read_district(work).programme == PROGRAMME


def test_a_failing_target_answers_with_the_error(tmp_path):
    esito = tmp_path / "esito.txt"
    addin.stato(str(tmp_path / "assente.xlsx"), str(esito))
    assert answer(esito) == ("ERRORE", f"{tmp_path / 'assente.xlsx'}: il file non esiste: controllare il nome e la cartella")


# -- the built files ------------------------------------------------------------------------------

def modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def normalised(code: str) -> str:
    lines = [line for line in code.replace("\r\n", "\n").split("\n") if not line.startswith("Attribute VB_")]
    return "\n".join(lines).strip()


def test_the_built_addin_and_panel_hold_the_module(built):
    for path in (built.addin, built.panel):
        found = modules(path)
        assert normalised(found[f"{excel_addin.MODULE}.bas"]) == normalised(SOURCE), path.name
        assert "Public Function RunPython" in found["xlwings.bas"]  # xlwings' VBA, which runs Python
        assert not any(name.startswith(("RibbonMyAddin", "Module1")) for name in found)
    with zipfile.ZipFile(built.addin) as package:
        ribbon = package.read("customUI/customUI.xml").decode("utf-8")
    actions = re.findall(r'onAction="(\w+)"', ribbon)
    assert sorted(actions) == sorted(re.findall(r"^Public Sub (Ribbon\w+)\(control As Object\)", SOURCE, re.M))


def test_the_panels_buttons_call_macros_of_the_module(built):
    with zipfile.ZipFile(built.panel) as package:
        drawing = package.read("xl/drawings/vmlDrawing1.vml").decode("utf-8")
        workbook = package.read("xl/workbook.xml").decode("utf-8")
    macros = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", drawing)
    assert macros == [macro for _, macro, _ in excel_addin.BUTTONS]
    for macro in macros:
        assert re.search(rf"^Public Sub {macro}\(\)", SOURCE, re.M), macro
    assert 'codeName="ThisWorkbook"' in workbook


@needs_libreoffice
def test_libreoffice_opens_the_panel_and_reads_its_vba(built, tmp_path):
    converted = convert(built.panel, "ods", tmp_path)
    with zipfile.ZipFile(converted) as package:
        names = package.namelist()
        module = package.read(f"Basic/VBAProject/{excel_addin.MODULE}.xml").decode("utf-8")
    assert "Basic/VBAProject/xlwings.xml" in names
    assert "Public Sub UnisciInvii()" in module and "RunPython" in module


# -- the formats -----------------------------------------------------------------------------------

@settings(max_examples=examples(60), deadline=None)
@given(st.one_of(st.binary(max_size=9000), st.text(alphabet="ab \n", max_size=12000).map(str.encode)))
def test_compression_is_read_back_by_olevba(data):
    packed = vba.compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert vba.decompress(packed) == data


def test_the_compound_file_is_read_back_by_olefile():
    streams = {"PROJECT": b"ID=\"{}\"\r\n", "VBA/dir": bytes(range(256)) * 3, "VBA/grande": b"x" * 10000,
               "VBA/vuoto": b"", "PROJECTwm": b"\x00\x00"}
    with olefile.OleFileIO(io.BytesIO(vba.write_compound_file(streams))) as ole:
        found = {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}
    assert found == streams


def test_build_keeps_files_already_there_unless_forced(tmp_path):
    (tmp_path / excel_addin.PANEL).write_bytes(b"il pannello che qualcuno ha sistemato")
    refused = CliRunner().invoke(cli, ["addin", "build", "-o", str(tmp_path)])
    assert refused.exit_code == 2
    assert refused.output == f"Errore: {tmp_path / excel_addin.PANEL}: esiste già: usare --force per sovrascriverlo\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [excel_addin.PANEL]  # nothing written
    assert (tmp_path / excel_addin.PANEL).read_bytes() == b"il pannello che qualcuno ha sistemato"
    forced = CliRunner().invoke(cli, ["addin", "build", "-o", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert zipfile.is_zipfile(tmp_path / excel_addin.PANEL) and zipfile.is_zipfile(tmp_path / excel_addin.ADDIN)


def test_install_where_there_is_no_excel_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["addin", "install", "-o", str(tmp_path / "addin")])
    assert result.exit_code == 2
    assert "Excel non c'è su questo computer" in result.output and "xlsync addin costruisci -o CARTELLA" in result.output


def test_xlwings_settings_are_merged(tmp_path, monkeypatch):
    config = tmp_path / "xlwings.conf"
    config.write_text('"LICENSE_KEY","abc"\n"UDF MODULES","mio_modulo"\n', encoding="utf-8")
    monkeypatch.setattr(excel_addin.sys, "platform", "win32")
    excel_addin.configure(config)
    text = config.read_text(encoding="utf-8")
    assert '"LICENSE_KEY","abc"' in text and '"UDF MODULES","mio_modulo;xlsync.excel.functions"' in text
    assert re.search(r'^"INTERPRETER_WIN",".+python', text, re.M)


# -- what Excel would find on first use ------------------------------------------------------------

def test_the_addin_reads_the_settings_that_install_writes(built, tmp_path, monkeypatch):
    """xlwings' module in the add-in reads %USERPROFILE%\\.<PROJECT_NAME>\\<PROJECT_NAME>.conf (on macOS
    <home in Excel's container>/<PROJECT_NAME>.conf): the file `configure` writes."""
    import xlwings

    xlwings_module = modules(built.addin)["xlwings.bas"]
    project_name = re.search(r'^Public Const PROJECT_NAME As String = "(\w+)"', xlwings_module, re.M).group(1)
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in xlwings_module
    assert 'GetMacDir("$HOME", False) & "/" & PROJECT_NAME & ".conf"' in xlwings_module
    home = Path.home()
    windows_path = home / f".{project_name}" / f"{project_name}.conf"
    assert windows_path == Path(xlwings.USER_CONFIG_FILE)  # where `configure` writes on Windows (and here)
    assert f"{project_name}.conf" == Path(xlwings.USER_CONFIG_FILE).name  # macOS: the same name in the container
    monkeypatch.setattr(excel_addin.sys, "platform", "win32")
    assert excel_addin.configure(tmp_path / windows_path.relative_to(home)).startswith("impostazioni di xlwings in ")


def project_names(path: Path) -> tuple[str, list[str]]:
    """The VBA project's name and its modules' names, as its `dir` stream records them."""
    with zipfile.ZipFile(path) as package, olefile.OleFileIO(io.BytesIO(package.read("xl/vbaProject.bin"))) as ole:
        found = vba.records(vba.decompress(ole.openstream("VBA/dir").read()))
    name = next(data.decode("cp1252") for record, data in found if record == vba.PROJECT_NAME)
    return name, [data.decode("cp1252") for record, data in found if record == vba.MODULE_NAME]


def test_no_two_vba_names_differ_only_in_case(built):
    """VBA ignores case: a module named like its project cannot be renamed or edited in the VBA editor
    ("Name conflicts with existing module, project, or object library")."""
    for path, project in ((built.addin, "xlsync"), (built.panel, "VBAProject")):
        name, names = project_names(path)
        assert name == project
        assert excel_addin.MODULE in names
        folded = [each.casefold() for each in [name, *names]]
        assert len(set(folded)) == len(folded), (path.name, name, names)
    assert SOURCE.startswith(f'Attribute VB_Name = "{excel_addin.MODULE}"')


def test_a_replacement_that_would_clash_is_refused(built):
    with zipfile.ZipFile(built.panel) as package:
        project = package.read("xl/vbaProject.bin")
    with pytest.raises(ValueError, match="VBA names ignore case"):
        vba.replace_module(project, vba.Replacement(excel_addin.MODULE, "Xlsync", SOURCE, "xlsync"))


# The ribbon's XML namespace and the package relationship Office looks for it by.
RIBBON_RELATIONSHIPS = {
    "http://schemas.microsoft.com/office/2006/01/customui":
        "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2009/07/customui":
        "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}


def test_the_ribbon_is_found_by_the_relationship_of_its_namespace(built):
    with zipfile.ZipFile(built.addin) as package:
        relationships = package.read("_rels/.rels").decode("utf-8")
        ribbon = package.read("customUI/customUI.xml").decode("utf-8")
    namespace = re.search(r'<customUI xmlns="([^"]+)"', ribbon).group(1)
    types = re.findall(r'Type="([^"]+/ui/extensibility)" Target="customUI/customUI.xml"', relationships)
    assert types == [RIBBON_RELATIONSHIPS[namespace]]


def test_the_outcome_file_has_crlf_line_ends_on_windows(tmp_path, monkeypatch):
    """On Windows a file written in text mode turns every "\\n" into "\\r\\n"; the outcome is already CR LF."""
    real = Path.write_text

    def windows_text_mode(self, data, encoding=None, errors=None, newline=None):
        return real(self, data.replace("\n", "\r\n") if newline is None else data, encoding, errors, newline)

    monkeypatch.setattr(Path, "write_text", windows_text_mode)
    monkeypatch.setattr(addin.sys, "platform", "win32")
    esito = tmp_path / "esito.txt"
    addin.stato(str(tmp_path / "assente è.xlsx"), str(esito))
    assert esito.read_bytes() == (f"ERRORE\r\n{tmp_path / 'assente è.xlsx'}: il file non esiste: controllare il nome "
                                  f"e la cartella").encode("cp1252")


def test_file_dialogs_pass_windows_filters_only_on_windows():
    """Excel for Mac takes no "description, *.xlsx" filter: each call that passes one is in the #Else of
    an #If Mac, and its #If Mac branch calls the same dialog without it."""
    branch, calls = None, []
    for line in SOURCE.splitlines():
        stripped = line.strip()
        if stripped == "#If Mac Then":
            branch = "mac"
        elif stripped == "#Else" and branch == "mac":
            branch = "windows"
        elif stripped == "#End If":
            branch = None
        for dialog, arguments in re.findall(r"Application\.(GetOpenFilename|GetSaveAsFilename)\(([^\n]*)", line):
            calls.append((dialog, branch, "*." in arguments))
    assert calls == [("GetSaveAsFilename", "mac", False), ("GetSaveAsFilename", "windows", True),
                     ("GetOpenFilename", "mac", False), ("GetOpenFilename", "windows", True)]
