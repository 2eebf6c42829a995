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
    return Conversion(sources, target_format, out_dir, timeout).result()


def run_conversion(sources: list[Path], target_format: str, out_dir: Path, timeout: float) -> subprocess.CompletedProcess:
    """One headless LibreOffice run over `sources`, in a throwaway profile that recalculates on load."""
    return Conversion(sources, target_format, out_dir, timeout).wait()


class Conversion:
    """`convert_all` started now: the caller works while LibreOffice converts, then asks for the
    `result()` (or `cancel()`s it). One headless run, in a throwaway profile that recalculates on load."""

    def __init__(self, sources: list[str | Path], target_format: str, out_dir: str | Path, timeout: float = 600):
        executable = soffice()
        if executable is None:
            raise messages.error("libreoffice_missing", cls=LibreOfficeMissing, what="soffice", hint=install_hint())
        self.sources = [Path(source) for source in sources]
        self.extension = target_format.split(":", 1)[0]
        self.results = [Path(out_dir) / f"{source.stem}.{self.extension}" for source in self.sources]
        for result in self.results:
            result.unlink(missing_ok=True)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="xlsync-lo-")
        user = Path(self._profile.name) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        command = [executable, f"-env:UserInstallation={Path(self._profile.name).as_uri()}", "--headless",
                   "--norestore", "--convert-to", target_format, "--outdir", str(out_dir), *map(str, self.sources)]
        italian = {**office_environment(), "LANG": "it_IT.UTF-8", "LC_ALL": "it_IT.UTF-8"}
        try:
            self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                             env=italian)
        except BaseException:
            self._profile.cleanup()
            raise

    def wait(self) -> subprocess.CompletedProcess:
        """LibreOffice's run, once it has ended (killed at the time limit: `subprocess.TimeoutExpired`)."""
        try:
            out, err = self._process.communicate(timeout=self.timeout)
        except BaseException:
            self.cancel()
            raise
        self._profile.cleanup()
        return subprocess.CompletedProcess(self._process.args, self._process.returncode, out, err)

    def result(self) -> list[Path]:
        """The converted files, once LibreOffice has made every one of them."""
        completed = self.wait()
        failed = [source.name for source, result in zip(self.sources, self.results, strict=True) if not result.exists()]
        if completed.returncode != 0 or failed:
            raise messages.error("conversion_failed", ", ".join(failed) or self.sources[0].name, format=self.extension,
                                 detail=completed.stderr.strip() or completed.stdout.strip() or completed.returncode)
        return self.results

    def cancel(self) -> None:
        """Stop LibreOffice if it still runs, and take away what it was writing."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
            for result in self.results:
                result.unlink(missing_ok=True)
        self._profile.cleanup()
