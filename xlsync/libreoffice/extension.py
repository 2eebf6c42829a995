"""The LibreOffice extension xlsync.oxt: xlsync's commands in Calc's menu and toolbar «xlsync».

`build` writes the extension: the Python-UNO macros `macros/xlsync_calc.py`, with the Python that
runs this xlsync recorded in them (LibreOffice's own Python lacks xlsync's libraries, so the
macros run `python -m xlsync …` with it, as xlwings' RunPython does for Excel), the menu and
toolbar `macros/Addons.xcu`, its description and manifest. `install` builds it and adds it for the
current user with `unopkg`, LibreOffice's extension manager.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

from xlsync import __version__, messages
from xlsync.errors import XlsyncError
from xlsync.libreoffice.soffice import soffice
from xlsync.workbook.writer import write_atomically

EXTENSION = "xlsync.oxt"
IDENTIFIER = "it.trentino.xlsync"
MACROS = "xlsync_calc.py"
# The macros the menu and the toolbar call (macros/Addons.xcu), in their order.
COMMANDS = ("UnisciInvii", "Distribuisci", "Verifica", "Stato", "Aggiorna", "EsportaPerAgenzia")

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
  <manifest:file-entry manifest:full-path="python" manifest:media-type="application/vnd.sun.star.framework-script"/>
  <manifest:file-entry manifest:full-path="Addons.xcu"
                       manifest:media-type="application/vnd.sun.star.configuration-data"/>
</manifest:manifest>
"""

_DESCRIPTION = """<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006" xmlns:xlink="http://www.w3.org/1999/xlink"
             xmlns:d="http://openoffice.org/extensions/description/2006">
  <identifier value="{identifier}"/>
  <version value="{version}"/>
  <display-name><name lang="it">xlsync — Distretti famiglia</name></display-name>
  <dependencies><d:OpenOffice.org-minimal-version value="4.0" d:name="OpenOffice.org 4.0"/></dependencies>
</description>
"""


def script_url(command: str) -> str:
    """The address of a command's macro in the installed extension (for the user, not shared)."""
    return f"vnd.sun.star.script:{EXTENSION}|python|{MACROS}${command}?language=Python&location=user:uno_packages"


def build(out_dir: str | Path, python: str | None = None) -> Path:
    """Write xlsync.oxt into out_dir, its macros running xlsync with `python` (this one by default)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    macros = resources.files("xlsync.macros")
    source = macros.joinpath(MACROS).read_text(encoding="utf-8")
    recorded, count = re.subn(r'^PYTHON = ""$', lambda _: f"PYTHON = {python or sys.executable!r}", source, flags=re.M)
    if count != 1:
        raise ValueError(f"{MACROS} has no PYTHON = \"\" line to record the interpreter in")
    parts = {
        "META-INF/manifest.xml": _MANIFEST,
        "description.xml": _DESCRIPTION.format(identifier=IDENTIFIER, version=__version__),
        "Addons.xcu": macros.joinpath("Addons.xcu").read_text(encoding="utf-8"),
        f"python/{MACROS}": recorded,
    }
    target = out_dir / EXTENSION

    def write(temporary: str) -> None:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as package:
            for name, text in parts.items():
                package.writestr(name, text)

    write_atomically(target, write)
    return target


def unopkg() -> str | None:
    """LibreOffice's extension manager, beside soffice or on the PATH."""
    found = shutil.which("unopkg")
    if found:
        return found
    office = soffice()
    if office is None:
        return None
    program = Path(office).resolve().parent
    return next((str(program / name) for name in ("unopkg", "unopkg.com", "unopkg.exe") if (program / name).exists()),
                None)


def install(out_dir: str | Path, profile: str | Path | None = None) -> list[str]:
    """Build the extension into out_dir and add it for the current user (or into `profile`, a
    LibreOffice user profile folder): what was done, one line each."""
    manager = unopkg()
    if manager is None:
        raise XlsyncError.of(messages.problem("libreoffice_missing", "", what="unopkg"))
    built = build(out_dir)
    command = [manager, "add", "--force", str(built)]
    if profile is not None:
        command.insert(1, f"-env:UserInstallation={Path(profile).resolve().as_uri()}")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        detail = (completed.stderr.strip() or completed.stdout.strip() or str(completed.returncode)).splitlines()[-1]
        raise XlsyncError.of(messages.problem("unopkg_failed", str(built), detail=detail))
    return [f"estensione {built} installata in LibreOffice" + (f" (profilo {profile})" if profile else ""),
            f"i comandi useranno questo Python: {sys.executable}"]
