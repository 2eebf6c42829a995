"""Driving LibreOffice headless: recalculate and convert workbooks (PDF, xlsx, ods).

Each run gets its own throwaway profile, so runs never share state or wait on each other,
and the profile forces a full recalculation on load: what comes out is what LibreOffice
itself computes from the formulas, not the values stored in the file. LibreOffice runs in the
Italian locale, so that a PDF shows 82,1% as the people reading it write it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from xlsync import messages
from xlsync.errors import XlsyncError

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeMissing(XlsyncError):
    """LibreOffice (soffice) is not installed."""


# Where LibreOffice's installers put it on Windows and macOS, whose PATH does not have it.
INSTALLED = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path.home() / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice",
)


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((str(path) for path in INSTALLED if path.exists()), None)


# How to install it, per system (Italian, English).
INSTALL_HINT = {
    "win32": ("installarlo da https://it.libreoffice.org/download/ (o con winget install TheDocumentFoundation.LibreOffice)",
              "install it from https://www.libreoffice.org/download/ (or with winget install TheDocumentFoundation.LibreOffice)"),
    "darwin": ("installarlo da https://it.libreoffice.org/download/ nella cartella Applicazioni (o con brew install "
               "--cask libreoffice)",
               "install it from https://www.libreoffice.org/download/ in the Applications folder (or with brew install "
               "--cask libreoffice)"),
    "linux": ("installarlo con il gestore dei pacchetti, ad esempio sudo apt-get install libreoffice-calc-nogui",
              "install it with the package manager, for example sudo apt-get install libreoffice-calc-nogui"),
}


# What tells a Python where it lives and what it imports. LibreOffice embeds a Python (its own, or the
# system's on Linux) that would take them, and the first python3 on the PATH, from the virtual
# environment xlsync runs in: it then finds another Python's library and fails to start.
_PYTHON_VARIABLES = ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONEXECUTABLE",
                     "__PYVENV_LAUNCHER__", "CONDA_PREFIX")


def office_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """This environment without a Python environment's variables and PATH folders, for running LibreOffice."""
    environ = dict(os.environ if environ is None else environ)
    for name in _PYTHON_VARIABLES:
        environ.pop(name, None)
    folders = environ.get("PATH", "").split(os.pathsep)
    environ["PATH"] = os.pathsep.join(folder for folder in folders if folder and not _python_environment(Path(folder)))
    return environ


def _python_environment(folder: Path) -> bool:
    """A virtual environment's (or conda environment's) folder of programs: its python is not LibreOffice's."""
    return any((place / "pyvenv.cfg").is_file() or (place / "conda-meta").is_dir() for place in (folder, folder.parent))


def install_hint(platform: str = sys.platform) -> tuple[str, str]:
    """How to install LibreOffice on this system, in Italian and English."""
    return INSTALL_HINT.get(platform, INSTALL_HINT["linux"])


def convert(source: str | Path, target_format: str, out_dir: str | Path, timeout: float = 180) -> Path:
    """Open `source` in LibreOffice, recalculate everything, save it as `target_format` in out_dir.

    target_format is what `soffice --convert-to` takes: "xlsx", "ods", "pdf", or a format with
    its filter, such as "pdf:calc_pdf_Export".
    """
    return convert_all([source], target_format, out_dir, timeout)[0]


def convert_all(sources: list[str | Path], target_format: str, out_dir: str | Path, timeout: float = 600) -> list[Path]:
    """`convert` for many files in one LibreOffice run (it starts once: much faster)."""
    sources = [Path(source) for source in sources]
    out_dir = Path(out_dir)
    extension = target_format.split(":", 1)[0]
    results = [out_dir / f"{source.stem}.{extension}" for source in sources]
    for result in results:
        result.unlink(missing_ok=True)
    completed = run_conversion(sources, target_format, out_dir, timeout)
    failed = [source.name for source, result in zip(sources, results, strict=True) if not result.exists()]
    if completed.returncode != 0 or failed:
        raise messages.error("conversion_failed", ", ".join(failed) or sources[0].name, format=extension,
                             detail=completed.stderr.strip() or completed.stdout.strip() or completed.returncode)
    return results


def run_conversion(sources: list[Path], target_format: str, out_dir: Path, timeout: float) -> subprocess.CompletedProcess:
    """One headless LibreOffice run over `sources`, in a throwaway profile that recalculates on load."""
    executable = soffice()
    if executable is None:
        raise messages.error("libreoffice_missing", cls=LibreOfficeMissing, what="soffice", hint=install_hint())
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlsync-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        command = [executable, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", target_format, "--outdir", str(out_dir), *map(str, sources)]
        italian = {**office_environment(), "LANG": "it_IT.UTF-8", "LC_ALL": "it_IT.UTF-8"}
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=italian)
