"""What the extension carries so that LibreOffice's own Python runs xlsync: xlsync itself and its
dependencies, unpacked from the wheels PyPI publishes for the Python of the LibreOffice it is for.

LibreOffice runs an extension's macros with its own Python: on Windows and macOS the one it
bundles (its version follows LibreOffice's release, `OFFICE_PYTHONS`), on a Linux distribution the
system's. The pure-Python packages are the same everywhere and go once into the extension's
`python/pythonpath/`; a compiled one (python-calamine, isal, lxml) only runs on the Python version,
system and processor its wheel was built for, so each combination gets its own folder,
`pythonpath/compiled/<system>-<processor>-cp<version>/`, and the macros put the one that fits the
running LibreOffice first on sys.path (`macros/xlsync_calc.py`).

The wheels come from PyPI through `pip download`, which chooses them for another system's tags;
each is checked again here against the Python and system it is for (`fits`). Building needs the
network, or a folder of wheels downloaded before (`wheels`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from xlsync import messages
from xlsync.errors import XlsyncError

# The Python that LibreOffice's Windows and macOS installers bundle, by release (LibreOffice's
# download.lst, PYTHON_TARBALL): 26.2 has Python 3.12, 26.8 (the current one) Python 3.13.
OFFICE_PYTHONS = {"26.2": "3.12", "26.8": "3.13"}
# Only `xlsync import` reads a published programme's PDF or DOCX, and the menu has no import: these
# would add ~20 MB of compiled libraries (pypdfium2, Pillow, cryptography) to every combination.
NOT_CARRIED = ("pdfplumber", "pdfminer.six", "python-docx")
COMPILED = "compiled"


@dataclass(frozen=True)
class System:
    """A system LibreOffice runs on, as LibreOffice names it in an extension's description and as
    wheels name it (pip's --platform)."""

    name: str  # linux, windows, macos
    processors: tuple[str, ...]  # x86_64, aarch64
    office_platforms: tuple[str, ...]  # description.xml's <platform>: LibreOffice refuses the others

    def wheel_platforms(self, processor: str) -> tuple[str, ...]:
        """The wheel platform tags that run here; pip widens the macOS ones to older versions itself."""
        if self.name == "windows":
            return ("win_amd64",) if processor == "x86_64" else ("win_arm64",)
        if self.name == "macos":
            return ("macosx_11_0_arm64",) if processor == "aarch64" else ("macosx_11_0_x86_64",)
        glibc = GLIBC_MINOR
        return tuple(f"manylinux_2_{minor}_{processor}" for minor in range(glibc, 4, -1)) + (
            f"manylinux2014_{processor}", f"manylinux2010_{processor}", f"manylinux1_{processor}")


# Linux wheels made for glibc up to 2.28 (Debian 10, Ubuntu 18.10, RHEL 8 and later).
GLIBC_MINOR = 28
SYSTEMS = {
    "linux": System("linux", ("x86_64",), ("linux_x86_64",)),
    "windows": System("windows", ("x86_64",), ("windows_x86_64",)),
    "macos": System("macos", ("x86_64", "aarch64"), ("macosx_x86_64", "macosx_aarch64")),
}


def this_system() -> str:
    return "windows" if sys.platform == "win32" else "macos" if sys.platform == "darwin" else "linux"


def folder_name(system: str, processor: str, python: str) -> str:
    """The folder of a combination's compiled packages: "windows-x86_64-cp313" (the macros make the same)."""
    return f"{system}-{processor}-cp{python.replace('.', '')}"


def office_python(soffice: str | None) -> str | None:
    """The Python version ("3.11") of the LibreOffice whose soffice this is, if it can be told: the
    bundled python-core-3.x.y of Windows and of LibreOffice's own Linux packages, the framework
    inside LibreOffice.app on macOS, or the libpython a distribution's Python-UNO bridge loads."""
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    found = [re.match(r"python-core-(3\.\d+)", path.name) for path in program.glob("python-core-3.*")]
    found += [re.match(r"(3\.\d+)$", path.name)
              for path in program.parent.glob("Frameworks/LibreOfficePython.framework/Versions/3.*")]
    for match in found:
        if match:
            return match.group(1)
    bridge = program / "libpyuno.so"
    if bridge.exists():
        linked = re.search(rb"libpython(3\.\d+)", bridge.read_bytes())
        if linked:
            return linked.group(1).decode()
    return None


def requirements() -> list[str]:
    """xlsync's dependencies the menu's commands need, as pyproject.toml declares them."""
    declared = metadata.requires("xlsync") or []
    needed = [requirement.split(";")[0].strip() for requirement in declared if "extra ==" not in requirement]
    return [requirement for requirement in needed
            if re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower() not in NOT_CARRIED]


def fits(wheel: str, python: str, platforms: tuple[str, ...]) -> bool:
    """Whether the wheel (its file name) runs on CPython `python` ("3.13") on one of `platforms`:
    pure, or built for that version (or the stable ABI of an earlier one) and a platform that
    runs there (an older macOS, a universal2 build on a Mac)."""
    parts = wheel[:-len(".whl")].split("-")
    interpreters, abis, wheel_platforms = (set(part.split(".")) for part in parts[-3:])
    version = f"cp{python.replace('.', '')}"
    if wheel_platforms == {"any"}:
        return abis == {"none"} and any(tag.startswith("py3") or tag == version for tag in interpreters)
    minor = int(python.split(".")[1])
    if not (version in interpreters and version in abis
            or "abi3" in abis and any(re.fullmatch(r"cp3(\d+)", tag) and int(tag[3:]) <= minor for tag in interpreters)):
        return False
    return any(_platform_runs(tag, target) for tag in wheel_platforms for target in platforms)


def _platform_runs(tag: str, target: str) -> bool:
    mac = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", tag)
    wanted = re.fullmatch(r"macosx_(\d+)_(\d+)_(\w+)", target)
    if mac and wanted:
        arch = wanted.group(3)
        arches = {arch, "universal2"} | ({"intel", "universal"} if arch == "x86_64" else set())
        return mac.group(3) in arches and (int(mac.group(1)), int(mac.group(2))) <= (int(wanted.group(1)),
                                                                                   int(wanted.group(2)))
    return tag == target


@dataclass(frozen=True)
class Carried:
    """What the extension carries: the folders it is made of, and which combinations it runs on."""

    pure: list[str]  # the pure-Python wheels, in pythonpath/
    combinations: dict[str, list[str]]  # folder name → the compiled wheels in it


def gather(system: str, pythons: tuple[str, ...], target: Path, wheels: Path | None = None) -> Carried:
    """Unpack xlsync and the wheels of its dependencies into `target` (the extension's pythonpath/)
    for LibreOffice on `system` with each of the Python versions `pythons`."""
    chosen = SYSTEMS[system]
    downloads = Path(tempfile.mkdtemp(prefix="xlsync-wheels-"))
    try:
        per_combination = {}
        for python in pythons:
            for processor in chosen.processors:
                platforms = chosen.wheel_platforms(processor)
                folder = downloads / folder_name(system, processor, python)
                download(folder, system, processor, python, wheels)
                found = sorted(path.name for path in folder.glob("*.whl"))
                unfit = [name for name in found if not fits(name, python, platforms)]
                if unfit:
                    raise messages.error("wheel_unfit", ", ".join(unfit), system=system, processor=processor,
                                         python=python)
                per_combination[folder.name] = found
        everywhere = set.intersection(*(set(names) for names in per_combination.values()))
        pure = sorted(name for name in everywhere if name.endswith("-none-any.whl"))
        for name in pure:
            _unpack(next(downloads.glob(f"*/{name}")), target)
        combinations = {}
        for folder, names in per_combination.items():
            compiled = [name for name in names if name not in pure]
            for name in compiled:
                _unpack(downloads / folder / name, target / COMPILED / folder)
            combinations[folder] = compiled
        copy_xlsync(target)
        return Carried(pure, combinations)
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def download(folder: Path, system: str, processor: str, python: str, wheels: Path | None = None) -> None:
    """pip download into `folder`, for a LibreOffice's Python and system (not necessarily this one's), of
    the wheels the requirements need: from PyPI, or only from the folder `wheels`."""
    platforms = SYSTEMS[system].wheel_platforms(processor)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--only-binary=:all:",
               "--implementation", "cp", "--python-version", python, "--dest", str(folder)]
    for platform in platforms:
        command += ["--platform", platform]
    if wheels is not None:
        command += ["--no-index", "--find-links", str(wheels)]
    environment = {**os.environ, "PIP_NO_INPUT": "1", "PIP_DEFAULT_TIMEOUT": "30", "PIP_RETRIES": "1"}
    try:
        done = subprocess.run([*command, *requirements()], capture_output=True, text=True, timeout=1800,
                              stdin=subprocess.DEVNULL, env=environment)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise messages.error("wheels_download_failed", system=system, processor=processor, python=python,
                             detail=str(exc)) from exc
    if done.returncode == 0:
        return
    output = done.stderr + done.stdout
    missing = re.search(r"No matching distribution found for ([^\s]+)", output)
    if missing and wheels is None and not _reached_index(output):
        raise messages.error("wheels_offline", system=system, processor=processor, python=python)
    if missing:
        raise messages.error("wheel_missing", missing.group(1), system=system, processor=processor, python=python,
                             source=str(wheels) if wheels else "PyPI")
    if "No module named pip" in output:
        raise messages.error("pip_missing", python=sys.executable)
    detail = next((line for line in reversed(output.strip().splitlines()) if line.strip()), str(done.returncode))
    raise messages.error("wheels_download_failed", system=system, processor=processor, python=python, detail=detail)


def _reached_index(output: str) -> bool:
    """pip says "(from versions: none)" both when the index has no fitting wheel and when it was never
    reached; only the second comes with connection errors."""
    return not re.search(r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
                         r"resolution|ConnectionError|ProxyError|Network is unreachable|timed out", output)


def _unpack(wheel: Path, target: Path) -> None:
    """A wheel installed as pip would put it in site-packages (its .data/purelib and platlib too),
    without the C headers and Cython sources some carry for other packages to build against."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            name = info.filename
            data = re.match(r"[^/]+\.data/(purelib|platlib)/(.+)", name)
            if data:
                name = data.group(2)
            elif re.match(r"[^/]+\.data/", name):
                continue
            if info.is_dir() or name.endswith((".pyx", ".pxd", ".pxi", ".h")) or "/includes/" in name:
                continue
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.read(info))


def copy_xlsync(target: Path) -> None:
    """xlsync's own package (with its templates, samples and macros) as it is installed here."""
    for package in _packages():
        source = resources.files(package)
        destination = target.joinpath(*package.split("."))
        destination.mkdir(parents=True, exist_ok=True)
        _copy_tree(Path(str(source)), destination)


# Installed inside the package from the repository's top folders (pyproject.toml's package-dir):
# in a development install they are not below xlsync/, where walk_packages looks.
DATA_PACKAGES = ("xlsync.templates", "xlsync.samples", "xlsync.macros")


def _packages() -> list[str]:
    import pkgutil

    import xlsync

    found = ["xlsync"] + [info.name for info in pkgutil.walk_packages(xlsync.__path__, "xlsync.") if info.ispkg]
    return list(dict.fromkeys([*found, *DATA_PACKAGES]))


def _copy_tree(source: Path, destination: Path) -> None:
    """A package's files and data folders; its subpackages are copied as packages of their own."""
    for path in source.iterdir():
        if path.name == "__pycache__" or path.suffix == ".pyc":
            continue
        if path.is_dir():
            if not (path / "__init__.py").exists():
                (destination / path.name).mkdir(exist_ok=True)
                _copy_tree(path, destination / path.name)
        else:
            shutil.copyfile(path, destination / path.name)


def check_target(system: str, pythons: tuple[str, ...]) -> None:
    """Refuse, before downloading anything, a Python version xlsync cannot run on."""
    for python in pythons:
        if not re.fullmatch(r"3\.\d+", python) or int(python.split(".")[1]) < 11:
            raise XlsyncError.of(messages.problem("office_python_too_old", "", python=python, system=system))
