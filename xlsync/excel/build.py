"""The files of the manager's add-in, and their installation where Excel is.

`build` writes two files from the VBA module `macros/xlsync.bas` and the ribbon
`macros/customUI.xml`, on xlwings' own templates (which bring xlwings' VBA, `RunPython`):

- `xlsync.xlam`: the add-in, a tab "xlsync" in Excel's ribbon acting on the open district workbook;
- `xlsync.xlsm`: a panel workbook with the same commands as buttons, for a PC where add-ins
  cannot be installed.

`install` puts the add-in in Excel's start-up folder (through xlwings) and tells xlwings which
Python to run and where the worksheet functions are.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xlsync import messages
from xlsync.errors import OutputExistsError
from xlsync.excel.vba import Replacement, replace_module
from xlsync.files.atomic import write_atomically
from xlsync.workbook.sheets.common import print_wide
from xlsync.workbook.writer import new_book

ADDIN = "xlsync.xlam"
PANEL = "xlsync.xlsm"
PROJECT = "xlsync"
# Not "Xlsync": VBA names ignore case, and a module named like its project cannot be edited.
MODULE = "Comandi"
# The ribbon of customUI.xml's namespace (Office 2007, .../2006/01/customui) is found by this
# relationship; the template's is Office 2010's, for customUI14.xml.
RIBBON_RELATIONSHIP = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
_RIBBON_RELATIONSHIP_2010 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
# The buttons of the panel: caption, the macro of macros/xlsync.bas, what it does.
BUTTONS = (
    ("Distribuisci", "Distribuisci", "Scrive un file per ogni organizzazione aderente, da inviare."),
    ("Verifica", "Verifica", "Controlla i file ricevuti, senza cambiare niente."),
    ("Unisci invii", "UnisciInvii", "Unisce i file ricevuti nella cartella del distretto."),
    ("Stato", "Stato", "Mostra la realizzazione del programma e che cosa manca."),
    ("Aggiorna", "Aggiorna", "Adotta le modifiche ai numeri del programma fatte nella cartella del distretto."),
    ("Esporta per l'Agenzia", "EsportaPerAgenzia", "Scrive la cartella per l'Agenzia per la coesione sociale."),
)


@dataclass(frozen=True)
class Built:
    addin: Path
    panel: Path


def source() -> str:
    """The VBA module's source (macros/xlsync.bas)."""
    return resources.files("xlsync.macros").joinpath("xlsync.bas").read_text(encoding="utf-8")


def build(out_dir: str | Path, force: bool = False) -> Built:
    """Write xlsync.xlam and xlsync.xlsm into out_dir (either there already only with `force`)."""
    templates = _xlwings_templates()
    out_dir = Path(out_dir)
    existing = [out_dir / name for name in (ADDIN, PANEL) if (out_dir / name).exists()]
    if existing and not force:
        raise messages.error("output_exists", ", ".join(map(str, existing)), cls=OutputExistsError)
    out_dir.mkdir(parents=True, exist_ok=True)
    code = source()
    ribbon = resources.files("xlsync.macros").joinpath("customUI.xml").read_bytes()

    with zipfile.ZipFile(templates / "quickstart_addin_ribbon.xlam") as template:
        parts = {info: template.read(info) for info in template.infolist()}
    addin = out_dir / ADDIN

    def write_addin(temporary: str) -> None:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as package:
            for info, data in parts.items():
                if info.filename == "xl/vbaProject.bin":
                    data = replace_module(data, Replacement("RibbonMyAddin", MODULE, code, PROJECT,
                                                            (("xlwings", _xlwings_settings_file),)))
                elif info.filename == "customUI/customUI.xml":
                    data = ribbon
                elif info.filename == "_rels/.rels":
                    data = data.replace(_RIBBON_RELATIONSHIP_2010.encode(), RIBBON_RELATIONSHIP.encode())
                package.writestr(info.filename, data)

    write_atomically(addin, write_addin)

    with zipfile.ZipFile(templates / "quickstart_standalone.xlsm") as template:
        project = replace_module(template.read("xl/vbaProject.bin"), Replacement("Module1", MODULE, code))
    panel = out_dir / PANEL
    write_atomically(panel, lambda temporary: _write_panel(temporary, project))
    return Built(addin, panel)


def _xlwings_settings_file(module: str) -> str:
    """xlwings' module in the add-in template reads its settings (which Python to run) from the file
    named after PROJECT_NAME, "myaddin" there; `install` writes xlwings' own file
    (~/.xlwings/xlwings.conf, on macOS in Excel's container), which PROJECT_NAME "xlwings" names."""
    fixed, count = re.subn(r'^(Public Const PROJECT_NAME As String = )"\w+"', r'\1"xlwings"', module, flags=re.M)
    if count != 1:
        raise messages.error("addin_template_changed")
    return fixed


def _write_panel(path: str, project: bytes) -> None:
    """The panel: the commands as buttons, and how to set Python up (the VBA needs a .xlsm name)."""
    book = new_book(path)
    book.add_vba_project(io.BytesIO(project), True)
    title = book.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    commands = book.add_worksheet("Comandi")
    commands.hide_gridlines(2)
    commands.set_column(0, 0, 3)
    commands.set_column(1, 1, 26)
    commands.set_column(2, 2, 70)
    commands.write_string(0, 1, "xlsync — comandi del Manager territoriale", title)
    commands.write_string(1, 1, "Ogni comando chiede la cartella del distretto (o usa quella aperta) e mostra l'esito.",
                          text)
    for index, (caption, macro, what) in enumerate(BUTTONS):
        row = 3 + index * 3
        commands.set_row(row, 30)
        commands.insert_button(row, 1, {"macro": macro, "caption": caption, "width": 180, "height": 36})
        commands.write_string(row, 2, what, text)
    guide = book.add_worksheet("Istruzioni")
    guide.set_column(0, 0, 100)
    lines = [
        ("Come si prepara il computer (una volta)", title),
        ("1. Installare Python 3.11 o più recente e, dal prompt dei comandi: pip install \"xlsync[addin]\"", text),
        ("2. Poi: xlsync addin install (dice a xlwings quale Python usare e installa il componente aggiuntivo).", text),
        ("3. In Excel: File › Opzioni › Centro protezione › Impostazioni › Impostazioni macro: attivare le macro "
         "di questo file (o salvarlo in una cartella attendibile).", text),
        ("Con il componente aggiuntivo xlsync.xlam gli stessi comandi sono nella scheda «xlsync» della barra "
         "multifunzione, per ogni cartella aperta.", text),
    ]
    for row, (line, style) in enumerate(lines):
        guide.write_string(row, 0, line, style)
    for sheet in (commands, guide):
        print_wide(sheet)
    commands.activate()
    book.close()


def _xlwings_templates() -> Path:
    try:
        import xlwings
    except ImportError as exc:
        raise messages.error("addin_needs_xlwings") from exc
    folder = Path(xlwings.__file__).parent
    if not (folder / "quickstart_addin_ribbon.xlam").exists():
        raise messages.error("addin_old_xlwings", version=xlwings.__version__)
    return folder


def install(out_dir: str | Path) -> list[str]:
    """Build the add-in into out_dir and install it where Excel is: what was done, one line each."""
    if sys.platform not in ("win32", "darwin"):
        raise messages.error("addin_no_excel")
    import xlwings

    built = build(out_dir, force=True)  # xlsync's own folder: the add-in is made again each time

    done = []
    for command, what in (
        (["addin", "install"], "componente aggiuntivo xlwings installato"),
        (["addin", "install", "--file", str(built.addin)], f"componente aggiuntivo {ADDIN} installato"),
    ):
        completed = subprocess.run([sys.executable, "-m", "xlwings", *command], capture_output=True, text=True)
        if completed.returncode != 0:
            raise messages.error("addin_xlwings_failed", command=" ".join(command),
                                 detail=completed.stderr.strip() or completed.stdout.strip())
        done.append(what)
    done.append(configure(Path(xlwings.USER_CONFIG_FILE)))
    done.append(f"pannello con i pulsanti: {built.panel}")
    return done


def configure(config: Path) -> str:
    """xlwings' user settings: this Python, and the module of the worksheet functions."""
    key = "INTERPRETER_MAC" if sys.platform == "darwin" else "INTERPRETER_WIN"
    settings: dict[str, str] = {}
    if config.exists():
        for line in config.read_text(encoding="utf-8").splitlines():
            if "," in line:
                name, value = line.split(",", 1)
                settings[name.strip().strip('"')] = value.strip().strip('"')
    settings[key] = sys.executable
    modules = [m for m in settings.get("UDF MODULES", "").split(";") if m]
    settings["UDF MODULES"] = ";".join(dict.fromkeys([*modules, "xlsync.excel.functions"]))
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("".join(f'"{name}","{value}"\n' for name, value in settings.items()), encoding="utf-8")
    return f"impostazioni di xlwings in {config}: Python {sys.executable}, funzioni da xlsync.excel.functions"
