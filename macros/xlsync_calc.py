"""xlsync in LibreOffice Calc: the menu and toolbar «xlsync» of the extension xlsync.oxt.

The extension carries xlsync and everything it needs (python/pythonpath/; the compiled packages in
a folder per system, processor and Python version): these macros run xlsync inside LibreOffice's
own Python, with nothing installed on the PC. Each command asks in Italian dialogs for what it needs
(they open in the district workbook's folder), runs the command of `xlsync.menu` (the same the
Excel add-in's buttons run, over the application layer the command line calls) and shows its answer:
«Stato» as a table with the verdict first, the others as the command line's text in a fixed-width box.
The dialogs' words are xlsync's catalogue's. The commands that write the district workbook (Unisci invii, Aggiorna)
save and close it first and open it again after: xlsync never writes a file LibreOffice has open.

A command called with one argument, a JSON object of the dialogs' answers ({"distretto": …,
"cartella": …, "file": …}), shows no dialog and returns its outcome as JSON instead of showing it:
that is how the tests drive the menu's commands through LibreOffice's script provider. These
macros only ask, call xlsync and show: what a command does is xlsync's.
"""

import json
import os
import platform
import sys
import traceback

import uno
from com.sun.star.beans import PropertyValue

TITLE = "xlsync"
DISTRICT_SHEET = "xlsync"  # the hidden sheet of every xlsync workbook
WORKBOOKS = "*.xlsx;*.ods"
FIXED_WIDTH = "Liberation Mono;DejaVu Sans Mono;Consolas;Menlo;Courier New"
GREEN, RED, AMBER = 0x1E7B34, 0xC00000, 0x9C5700


# -- the commands of the menu and the toolbar ------------------------------------------------------

def UnisciInvii(*args):  # noqa: N802 - the menu's names
    """Unisce i file ricevuti dagli aderenti nella cartella del distretto."""
    return _command(args, lambda d, ask: ("merge", d, ask.folder(_say("ask inbox"), d)), writes=True)


def Distribuisci(*args):  # noqa: N802
    """Scrive un file per ogni organizzazione aderente."""
    return _command(args, lambda d, ask: ("distribute", d, ask.folder(_say("ask outbox"), d)))


def Verifica(*args):  # noqa: N802
    """Controlla i file ricevuti, senza cambiare niente."""
    return _command(args, lambda d, ask: ("validate", d, ask.folder(_say("ask returns"), d)))


def Aggiorna(*args):  # noqa: N802
    """Adotta le modifiche ai numeri del programma fatte nella cartella del distretto."""
    return _command(args, lambda d, ask: ("update", d), writes=True)


def Stato(*args):  # noqa: N802
    """La realizzazione del programma e che cosa manca."""
    return _command(args, lambda d, ask: ("status", d))


def EsportaPerAgenzia(*args):  # noqa: N802
    """La cartella per l'Agenzia per la coesione sociale, e il suo PDF."""
    def arguments(district, ask):
        stem, suffix = os.path.splitext(district)
        target = ask.save_as(_say("ask agency file"), _say("agency file name", stem=stem, suffix=suffix))
        return ("export", district, target, True)  # with the PDF: LibreOffice is here

    return _command(args, arguments)


g_exportedScripts = (UnisciInvii, Distribuisci, Verifica, Aggiorna, Stato, EsportaPerAgenzia)


# -- how -------------------------------------------------------------------------------------------

class Cancelled(Exception):
    """The manager closed a dialog without choosing."""


def _command(args, arguments, writes=False):
    """Find the district, ask what the command needs, run it (`xlsync.menu`) and show (or return) its answer."""
    ask = _Answers(json.loads(args[0])) if args and isinstance(args[0], str) else _Dialogs()
    wrong = _use_carried_xlsync()
    if wrong:
        return ask.show(2, wrong)
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
        code, text, table = _run(command)
    finally:
        if reopen:
            _open(district, hidden)
    return ask.show(code, text, table)


def _say(key, **values):
    """A text of xlsync's catalogue, in Italian (the extension's xlsync is on the path by now)."""
    from xlsync.catalogue.commands import say

    return say(key, "it", **values)


def _use_carried_xlsync():
    """Put the extension's xlsync first on sys.path (before any the system's Python has), with the
    compiled packages for this LibreOffice's Python; None, or what is wrong, in Italian."""
    vendored = os.path.join(os.path.dirname(_system_path(__file__)), "pythonpath")
    compiled = os.path.join(vendored, "compiled")
    system = "windows" if sys.platform == "win32" else "macos" if sys.platform == "darwin" else "linux"
    machine = platform.machine().lower()
    processor = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    here = f"{system}-{processor}-cp{python.replace('.', '')}"
    if not os.path.isdir(os.path.join(compiled, here)):
        built = sorted(os.listdir(compiled)) if os.path.isdir(compiled) else []
        # Written here, in Italian: it says why xlsync (and its catalogue) cannot be loaded.
        return (f"Questa estensione xlsync è fatta per {', '.join(built) or 'un altro LibreOffice'}, e questo "
                f"LibreOffice è {here} (sistema, processore, Python {python}): installare l'estensione costruita per "
                f"questo PC (xlsync libreoffice costruisci --platform {system} --python {python}).")
    for path in (os.path.join(compiled, here), vendored):
        while path in sys.path:
            sys.path.remove(path)
    sys.path[:0] = [os.path.join(compiled, here), vendored]
    return None


def _system_path(url):
    """The macros' own file (the script provider's address of it) as a path."""
    expand = "vnd.sun.star.expand:"
    if url.startswith(expand):
        from urllib.parse import unquote

        expander = uno.getComponentContext().getValueByName("/singletons/com.sun.star.util.theMacroExpander")
        url = expander.expandMacros(unquote(url[len(expand):]))
    return uno.fileUrlToSystemPath(url)


def _run(command):
    """Run the menu's command: its exit code (as the command line's), its text and the status's tables."""
    try:
        from xlsync import menu

        answer = menu.run(*command)
    except Exception as exc:  # xlsync itself did not load: still an answer, with what to send
        return 2, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}", None
    return answer.code, answer.text, answer.table


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
            ask.show(1, _say("save district first"))
            raise Cancelled()
        if document.isModified():
            document.store()
        return document, uno.fileUrlToSystemPath(document.getURL())
    # Another workbook open (a member's file, the agency's): the district is most likely beside it.
    beside = None
    if document is not None and hasattr(document, "hasLocation") and document.hasLocation():
        beside = uno.fileUrlToSystemPath(document.getURL())
    return None, ask.file(_say("ask district"), near=beside)


def _is_district(document):
    return (document is not None and document.supportsService("com.sun.star.sheet.SpreadsheetDocument")
            and document.getSheets().hasByName(DISTRICT_SHEET))


def _desktop():
    context = uno.getComponentContext()
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


class _Answers:
    """The dialogs' answers given by whoever called the command (the tests), and the outcome returned."""

    def __init__(self, answers):
        self.answers = answers

    def _answer(self, key):
        if not self.answers.get(key):
            raise Cancelled()
        return self.answers[key]

    def folder(self, title, near=None):
        return self._answer("cartella")

    def file(self, title, near=None):
        return self._answer("distretto")

    def save_as(self, title, proposal):
        return self.answers.get("file") or proposal

    def show(self, code, text, table=None):
        import xlsync

        return json.dumps({"exit_code": code, "text": text, "table": table, "xlsync": os.path.dirname(xlsync.__file__)},
                          ensure_ascii=False)


class _Dialogs:
    """LibreOffice's own dialogs, in Italian."""

    def __init__(self):
        context = uno.getComponentContext()
        self.manager, self.context = context.ServiceManager, context

    def _create(self, service):
        return self.manager.createInstanceWithContext(service, self.context)

    def folder(self, title, near=None):
        picker = self._create("com.sun.star.ui.dialogs.FolderPicker")
        picker.setTitle(title)
        if near:
            picker.setDisplayDirectory(uno.systemPathToFileUrl(os.path.dirname(near)))
        if picker.execute() != 1:
            raise Cancelled()
        return uno.fileUrlToSystemPath(picker.getDirectory())

    def file(self, title, near=None, proposal=None):
        """A workbook to open, in the folder of the file `near`; or, with `proposal`, a name to save as."""
        picker = self._create("com.sun.star.ui.dialogs.FilePicker")
        template = "FILESAVE_AUTOEXTENSION" if proposal else "FILEOPEN_SIMPLE"
        picker.initialize((uno.getConstantByName("com.sun.star.ui.dialogs.TemplateDescription." + template),))
        picker.setTitle(title)
        picker.appendFilter(_say("workbooks"), WORKBOOKS)
        if proposal or near:
            picker.setDisplayDirectory(uno.systemPathToFileUrl(os.path.dirname(proposal or near)))
        if proposal:
            picker.setDefaultName(os.path.basename(proposal))
        if picker.execute() != 1:
            raise Cancelled()
        return uno.fileUrlToSystemPath(picker.getSelectedFiles()[0])

    def save_as(self, title, proposal):
        return self.file(title, proposal=proposal)

    def show(self, code, text, table=None):
        if table is not None:
            self._table(table)
        else:
            self._text(code, text)
        return None

    # A dialog's sizes are in LibreOffice's "app font" units: about a quarter of a character's width,
    # an eighth of its height.
    def _text(self, code, text):
        """The command line's text in a fixed-width box, under a word on how it went."""
        headline = (_say("done."), GREEN) if code == 0 else (_say("done, look"), AMBER) if code == 1 else (
            _say("not done"), RED)
        dialog = self._dialog("xlsync", 460, 250)
        self._add(dialog, "Edit", "testo", 8, 24, 444, 200, Text=text or _say("done."), MultiLine=True, ReadOnly=True,
                  VScroll=True, HScroll=True, FontDescriptor=self._fixed_width())
        # Added after the box: a label before it would get an underlined shortcut letter.
        self._add(dialog, "FixedText", "esito", 8, 6, 444, 14, Label=headline[0], TextColor=headline[1],
                  FontHeight=13.0, FontWeight=150.0)
        self._close_button(dialog, 460, 250)
        self._execute(dialog)

    def _table(self, table):
        """«Stato»: the verdict, then each action and what it misses, then the members, as grids."""
        width, height = 540, 330
        dialog = self._dialog(_say("status title", title=table["title"]), width, height)
        self._add(dialog, "FixedText", "esito", 8, 6, width - 16, 16, Label=table["verdict"],
                  TextColor=GREEN if table["eligible"] else RED, FontHeight=14.0, FontWeight=150.0)
        self._add(dialog, "FixedText", "titolo", 8, 24, width - 16, 10, Label=table["title"])
        self._grid(dialog, "azioni", 36, 180, table["actions"], (44, 54, 30, 388), (False, True, False, False))
        self._add(dialog, "FixedText", "nota", 8, 220, width - 16, 10, Label=table["members_note"])
        self._grid(dialog, "aderenti", 232, 72, table["members"], (196, 36, 60, 36, 188), (False, True, True, True,
                                                                                          False))
        self._close_button(dialog, width, height)
        self._execute(dialog)

    def _grid(self, dialog, name, y, height, part, widths, right):
        grid = self._add(dialog, "grid.UnoControlGrid", name, 8, y, sum(widths) + 8, height, ShowRowHeader=False,
                         ShowColumnHeader=True, HScroll=False, VScroll=True)
        columns = self._create("com.sun.star.awt.grid.DefaultGridColumnModel")
        for title, column_width, is_right in zip(part["columns"], widths, right):  # noqa: B905 - strict= is not in every LibreOffice's Python
            column = self._create("com.sun.star.awt.grid.GridColumn")
            column.Title, column.ColumnWidth, column.Resizeable = title, column_width, True
            if is_right:
                column.HorizontalAlign = uno.Enum("com.sun.star.style.HorizontalAlignment", "RIGHT")
            columns.addColumn(column)
        grid.ColumnModel = columns
        rows = self._create("com.sun.star.awt.grid.DefaultGridDataModel")
        for cells in part["rows"]:
            rows.addRow("", tuple(str(cell) for cell in cells))
        grid.GridDataModel = rows

    def _fixed_width(self):
        font = uno.createUnoStruct("com.sun.star.awt.FontDescriptor")
        font.Name, font.Height = FIXED_WIDTH, 9
        font.Pitch = uno.getConstantByName("com.sun.star.awt.FontPitch.FIXED")
        font.Family = uno.getConstantByName("com.sun.star.awt.FontFamily.MODERN")
        return font

    def _dialog(self, title, width, height):
        model = self._create("com.sun.star.awt.UnoControlDialogModel")
        model.Title, model.Width, model.Height = title, width, height
        return model

    def _add(self, dialog, kind, name, x, y, width, height, **properties):
        service = ("com.sun.star.awt." + kind + "Model") if kind.startswith("grid.") else (
            "com.sun.star.awt.UnoControl" + kind + "Model")
        control = dialog.createInstance(service)
        control.PositionX, control.PositionY, control.Width, control.Height = x, y, width, height
        for key, value in properties.items():
            setattr(control, key, value)
        dialog.insertByName(name, control)
        return control

    def _close_button(self, dialog, width, height):
        self._add(dialog, "Button", "chiudi", width - 68, height - 20, 60, 14, Label=_say("close"), DefaultButton=True,
                  PushButtonType=1)  # OK: closes the dialog

    def _execute(self, model):
        dialog = self._create("com.sun.star.awt.UnoControlDialog")
        dialog.setModel(model)
        frame = _desktop().getCurrentFrame()
        toolkit = self._create("com.sun.star.awt.Toolkit")
        dialog.createPeer(toolkit, frame.getContainerWindow() if frame is not None else None)
        dialog.execute()
        dialog.dispose()
