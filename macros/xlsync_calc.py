"""xlsync in LibreOffice Calc: the menu and toolbar «xlsync» of the extension xlsync.oxt.

LibreOffice runs these macros with its own Python, which has Python-UNO but not xlsync's libraries:
each command asks for what it needs in Italian dialogs, runs the xlsync the manager installed
(`python -m xlsync …`, with the Python that `xlsync libreoffice build` or `install` recorded below)
and shows its outcome. The commands that write the district workbook (Unisci invii, Aggiorna) save
and close it first and open it again after: xlsync never writes a file LibreOffice has open.

A command called with one argument, a JSON object of the dialogs' answers ({"distretto": …,
"cartella": …, "file": …}), shows no dialog and returns its outcome as JSON instead of showing it:
that is how the tests drive the menu's commands through LibreOffice's script provider.
"""

import json
import os
import subprocess
import sys

import uno
from com.sun.star.beans import PropertyValue

# Written by `xlsync libreoffice build`: the Python where xlsync is installed.
PYTHON = ""

TITLE = "xlsync"
DISTRICT_SHEET = "xlsync"  # the hidden sheet of every xlsync workbook
WORKBOOKS = ("Cartella di lavoro (*.xlsx, *.ods)", "*.xlsx;*.ods")
LONGEST = 60  # lines of an outcome shown in a dialog


# -- the commands of the menu and the toolbar ------------------------------------------------------

def UnisciInvii(*args):  # noqa: N802 - the menu's names
    """Unisce i file ricevuti dagli aderenti nella cartella del distretto."""
    return _command(args, lambda d, ask: ["merge", d, ask.folder("Cartella con i file ricevuti dagli aderenti")],
                    writes=True)


def Distribuisci(*args):  # noqa: N802
    """Scrive un file per ogni organizzazione aderente."""
    return _command(args, lambda d, ask: ["distribute", d, "-o",
                                          ask.folder("Cartella dove scrivere i file da inviare agli aderenti")])


def Verifica(*args):  # noqa: N802
    """Controlla i file ricevuti, senza cambiare niente."""
    return _command(args, lambda d, ask: ["validate", ask.folder("Cartella con i file da verificare"), "--district", d])


def Aggiorna(*args):  # noqa: N802
    """Adotta le modifiche ai numeri del programma fatte nella cartella del distretto."""
    return _command(args, lambda d, ask: ["update", d], writes=True)


def Stato(*args):  # noqa: N802
    """La realizzazione del programma e che cosa manca."""
    return _command(args, lambda d, ask: ["status", d])


def EsportaPerAgenzia(*args):  # noqa: N802
    """La cartella per l'Agenzia per la coesione sociale, e il suo PDF."""
    def arguments(district, ask):
        stem, suffix = os.path.splitext(district)
        target = ask.save_as("Cartella per l'Agenzia", stem + " - per l'Agenzia" + suffix)
        return ["export", district, "-o", target, "--pdf", "--force"]

    return _command(args, arguments)


g_exportedScripts = (UnisciInvii, Distribuisci, Verifica, Aggiorna, Stato, EsportaPerAgenzia)


# -- how -------------------------------------------------------------------------------------------

class Cancelled(Exception):
    """The manager closed a dialog without choosing."""


def _command(args, arguments, writes=False):
    """Find the district, ask what the command needs, run xlsync on it and show (or return) the outcome."""
    ask = _Answers(json.loads(args[0])) if args and isinstance(args[0], str) else _Dialogs()
    try:
        document, district = _district(ask)
        command = arguments(district, ask)
    except Cancelled:
        return None
    reopen = writes and document is not None
    if reopen:
        hidden = any(argument.Name == "Hidden" and argument.Value for argument in document.getArgs())
        document.close(True)
    try:
        code, text = _run(command)
    finally:
        if reopen:
            _open(district, hidden)
    return ask.show(code, text)


def _open(path, hidden):
    """Open the district workbook again, as it was (in a window, or hidden), and make it the current one."""
    shown = PropertyValue()
    shown.Name, shown.Value = "Hidden", hidden
    document = _desktop().loadComponentFromURL(uno.systemPathToFileUrl(path), "_default", 0, (shown,))
    if document is not None:
        document.getCurrentController().getFrame().activate()


def _district(ask):
    """The open district workbook (saved first if it was changed) and its path, or the one the manager picks."""
    document = _desktop().getCurrentComponent()
    if _is_district(document):
        if not document.hasLocation():
            ask.show(1, "Salvare prima la cartella del distretto.")
            raise Cancelled()
        if document.isModified():
            document.store()
        return document, uno.fileUrlToSystemPath(document.getURL())
    return None, ask.file("Scegliere la cartella del distretto")


def _is_district(document):
    return (document is not None and document.supportsService("com.sun.star.sheet.SpreadsheetDocument")
            and document.getSheets().hasByName(DISTRICT_SHEET))


def _run(command):
    """Run `python -m xlsync COMMAND`: its exit code and everything it printed."""
    if not PYTHON or not os.path.exists(PYTHON):
        return 1, ("Non trovo il Python con xlsync" + (" (" + PYTHON + ")" if PYTHON else "") + ": dal prompt dei "
                   "comandi eseguire «xlsync libreoffice install», poi riavviare LibreOffice.")
    environment = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUTF8="1")
    hidden = 0x08000000 if sys.platform == "win32" else 0  # CREATE_NO_WINDOW: no console flashing by
    try:
        done = subprocess.run([PYTHON, "-m", "xlsync", *command], capture_output=True, env=environment,
                              creationflags=hidden, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        return 1, "xlsync non è partito (" + str(exc) + "): eseguire di nuovo «xlsync libreoffice install»."
    text = (done.stdout + done.stderr).decode("utf-8", errors="replace").strip()
    return done.returncode, text


def _desktop():
    context = uno.getComponentContext()
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


class _Answers:
    """The dialogs' answers given by whoever called the command (the tests)."""

    def __init__(self, answers):
        self.answers = answers

    def _answer(self, key):
        if not self.answers.get(key):
            raise Cancelled()
        return self.answers[key]

    def folder(self, title):
        return self._answer("cartella")

    def file(self, title):
        return self._answer("distretto")

    def save_as(self, title, proposal):
        return self.answers.get("file") or proposal

    def show(self, code, text):
        return json.dumps({"exit_code": code, "text": text}, ensure_ascii=False)


class _Dialogs:
    """LibreOffice's own dialogs, in Italian."""

    def __init__(self):
        context = uno.getComponentContext()
        self.manager, self.context = context.ServiceManager, context

    def _create(self, service):
        return self.manager.createInstanceWithContext(service, self.context)

    def folder(self, title):
        picker = self._create("com.sun.star.ui.dialogs.FolderPicker")
        picker.setTitle(title)
        if picker.execute() != 1:
            raise Cancelled()
        return uno.fileUrlToSystemPath(picker.getDirectory())

    def file(self, title, proposal=None):
        picker = self._create("com.sun.star.ui.dialogs.FilePicker")
        template = "FILESAVE_AUTOEXTENSION" if proposal else "FILEOPEN_SIMPLE"
        picker.initialize((uno.getConstantByName("com.sun.star.ui.dialogs.TemplateDescription." + template),))
        picker.setTitle(title)
        picker.appendFilter(*WORKBOOKS)
        if proposal:
            picker.setDisplayDirectory(uno.systemPathToFileUrl(os.path.dirname(proposal)))
            picker.setDefaultName(os.path.basename(proposal))
        if picker.execute() != 1:
            raise Cancelled()
        return uno.fileUrlToSystemPath(picker.getSelectedFiles()[0])

    def save_as(self, title, proposal):
        return self.file(title, proposal)

    def show(self, code, text):
        lines = text.splitlines()
        if len(lines) > LONGEST:
            lines = lines[:LONGEST] + ["… (il resto con lo stesso comando dal prompt: python -m xlsync …)"]
        kind = "INFOBOX" if code == 0 else "WARNINGBOX"
        toolkit = self._create("com.sun.star.awt.Toolkit")
        frame = _desktop().getCurrentFrame()
        parent = frame.getContainerWindow() if frame is not None else toolkit.getDesktopWindow()
        box = toolkit.createMessageBox(parent, uno.Enum("com.sun.star.awt.MessageBoxType", kind),
                                       uno.getConstantByName("com.sun.star.awt.MessageBoxButtons.BUTTONS_OK"),
                                       TITLE, "\n".join(lines) or "Fatto.")
        box.execute()
        return None
