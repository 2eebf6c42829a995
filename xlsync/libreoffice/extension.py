"""The LibreOffice extension xlsync.oxt: xlsync's commands in Calc's menu and toolbar «xlsync».

`build` writes one file a manager installs from LibreOffice's Extension Manager: the Python-UNO
macros `macros/xlsync_calc.py`, which run xlsync inside LibreOffice's own Python; xlsync and its
dependencies for that Python (`bundle.py`: the extension needs no Python, pip or terminal on the
manager's PC); the menu and toolbar `macros/Addons.xcu`, the toolbar's title `macros/WindowState.xcu`,
its description and manifest. An extension is for one system (Linux, Windows or macOS): LibreOffice
refuses it on another. `install` builds it for this PC and adds it for the current user with
`unopkg`, LibreOffice's extension manager.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xlsync import __version__, messages
from xlsync.catalogue.commands import say
from xlsync.errors import OutputExistsError, XlsyncError
from xlsync.files.atomic import write_atomically
from xlsync.libreoffice import bundle
from xlsync.libreoffice.soffice import install_hint, office_environment, soffice

# The macros' addresses name the extension's file (macros/Addons.xcu): it keeps this name.
EXTENSION = "xlsync.oxt"
IDENTIFIER = "it.trentino.xlsync"
MACROS = "xlsync_calc.py"
# The macros the menu and the toolbar call (macros/Addons.xcu), in their order.
COMMANDS = ("UnisciInvii", "Distribuisci", "Verifica", "Stato", "Aggiorna", "EsportaPerAgenzia")
CONFIGURATION = ("Addons.xcu", "WindowState.xcu")

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="http://openoffice.org/2001/manifest">
  <manifest:file-entry manifest:full-path="python" manifest:media-type="application/vnd.sun.star.framework-script"/>
{configuration}</manifest:manifest>
"""
_CONFIGURATION = """  <manifest:file-entry manifest:full-path="{name}"
                       manifest:media-type="application/vnd.sun.star.configuration-data"/>
"""

_DESCRIPTION = """<?xml version="1.0" encoding="UTF-8"?>
<description xmlns="http://openoffice.org/extensions/description/2006" xmlns:xlink="http://www.w3.org/1999/xlink"
             xmlns:d="http://openoffice.org/extensions/description/2006"
             xmlns:l="http://libreoffice.org/extensions/description/2011">
  <identifier value="{identifier}"/>
  <version value="{version}"/>
  <platform value="{platforms}"/>
  <display-name><name lang="it">xlsync — Distretti famiglia</name></display-name>
  <dependencies>
    <d:OpenOffice.org-minimal-version value="4.0" d:name="OpenOffice.org 4.0"/>
    <l:LibreOffice-minimal-version value="7.4" d:name="LibreOffice 7.4"/>
  </dependencies>
</description>
"""


@dataclass(frozen=True)
class Built:
    path: Path
    system: str  # linux, windows, macos
    pythons: tuple[str, ...]  # the LibreOffice Python versions it runs on
    combinations: tuple[str, ...]  # its folders of compiled packages: "windows-x86_64-cp313"

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def script_url(command: str) -> str:
    """The address of a command's macro in the installed extension (for the user, not shared)."""
    return f"vnd.sun.star.script:{EXTENSION}|python|{MACROS}${command}?language=Python&location=user:uno_packages"


def build(out_dir: str | Path, system: str | None = None, pythons: tuple[str, ...] = (), wheels: Path | None = None,
          force: bool = False) -> Built:
    """Write xlsync.oxt into out_dir for LibreOffice on `system` (this PC's by default) with each of the
    Python versions `pythons` (by default the one of the LibreOffice installed here, or for another
    system those its current releases bring), from PyPI's wheels or those in the folder `wheels`."""
    out_dir = Path(out_dir)
    target = out_dir / EXTENSION
    if target.exists() and not force:
        raise messages.error("output_exists", str(target), cls=OutputExistsError)
    system = system or bundle.this_system()
    pythons = tuple(dict.fromkeys(pythons or default_pythons(system)))
    bundle.check_target(system, pythons)
    out_dir.mkdir(parents=True, exist_ok=True)
    macros = resources.files("xlsync.macros")
    with tempfile.TemporaryDirectory(prefix="xlsync-oxt-") as staging:
        root = Path(staging)
        carried = bundle.gather(system, pythons, root / "python" / "pythonpath", wheels)
        texts = {
            "META-INF/manifest.xml": _MANIFEST.format(configuration="".join(_CONFIGURATION.format(name=name)
                                                                            for name in CONFIGURATION)),
            "description.xml": _DESCRIPTION.format(identifier=IDENTIFIER, version=__version__,
                                                   platforms=",".join(bundle.SYSTEMS[system].office_platforms)),
            f"python/{MACROS}": macros.joinpath(MACROS).read_text(encoding="utf-8"),
            **{name: macros.joinpath(name).read_text(encoding="utf-8") for name in CONFIGURATION},
        }
        for name, text in texts.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")

        def write(temporary: str) -> None:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as package:
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        package.write(path, path.relative_to(root).as_posix())

        write_atomically(target, write)
    return Built(target, system, pythons, tuple(carried.combinations))


def default_pythons(system: str) -> tuple[str, ...]:
    """The Python versions to build for: this PC's LibreOffice's, or those of the current releases."""
    if system != bundle.this_system():
        return tuple(dict.fromkeys(bundle.OFFICE_PYTHONS.values()))
    office = soffice()
    found = bundle.office_python(office)
    if found is None:
        raise XlsyncError.of(messages.problem("office_python_unknown", "", where=office or say("soffice not found")))
    return (found,)


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


def install(out_dir: str | Path, profile: str | Path | None = None, wheels: Path | None = None,
            lang: str = "it") -> list[str]:
    """Build the extension into out_dir, xlsync's own folder (rewritten each time), and add it for the
    current user (or into `profile`, a LibreOffice user profile folder): what was done, one line each."""
    manager = unopkg()
    if manager is None:
        raise XlsyncError.of(messages.problem("libreoffice_missing", "", what="unopkg", hint=install_hint()))
    built = build(out_dir, wheels=wheels, force=True)
    command = [manager, "add", "--force", str(built.path)]
    if profile is not None:
        command.insert(1, f"-env:UserInstallation={Path(profile).resolve().as_uri()}")
    # unopkg loads LibreOffice's Python to register the macros: a virtual environment's must not leak in.
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
                               env=office_environment())
    if completed.returncode != 0:
        detail = (completed.stderr.strip() or completed.stdout.strip() or str(completed.returncode)).splitlines()[-1]
        raise XlsyncError.of(messages.problem("unopkg_failed", str(built.path), detail=detail))
    added = say("extension added to profile", lang, path=built.path, profile=profile) if profile else say(
        "extension added", lang, path=built.path)
    return [added, say("extension carries", lang, pythons=", ".join(built.pythons))]
