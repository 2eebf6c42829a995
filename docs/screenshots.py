"""The guides' screenshots, taken from the real programs: the sample year run with xlsync's command line
into a temporary folder, its workbooks opened in LibreOffice on a virtual screen (Xvfb), the agency's PDF
drawn by pdftoppm; each picture cropped to what its guide shows and saved small in docs/img/.

    .venv/bin/python docs/screenshots.py                 # every picture, into docs/img/
    .venv/bin/python docs/screenshots.py --only manager-riepilogo --out /tmp/shots

Needs LibreOffice with its windows (not the -nogui packages), its Italian interface (libreoffice-l10n-it),
python3-uno, Xvfb, xdotool and pdftoppm (poppler-utils); Pillow in this Python. tests/test_docs.py runs
one picture of it, and checks that every picture the pages show is one this script takes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageGrab

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"  # LibreOffice's Python bridge (python3-uno) is the system's
DISTRICT = "anno/distretto-alta-valsugana-2024.xlsx"
AGENCY = "anno/agenzia-alta-valsugana-2024.xlsx"
MEMBER = "anno/da-inviare/Evidenze 2024 - Dial Funghi.xlsx"
GRID = 107  # where the sheet's column letters start, in pixels from the top of the 1280 × 800 screen


@dataclass
class Shot:
    """One picture: a workbook shown in LibreOffice (see screenshots_office.py for the keys of `show`),
    cropped to `crop` (left, top, right, bottom, in pixels of the 1280 × 800 screen)."""

    name: str
    workbook: str
    show: dict = field(default_factory=dict)
    crop: tuple[int, int, int, int] = (0, 0, 1280, 800)
    extension: bool = False  # LibreOffice with xlsync's extension installed (the manager's)


SHOTS = [
    Shot("manager-riepilogo", DISTRICT, {"sheet": "Riepilogo", "select": "C4"}, (0, GRID, 1280, 560)),
    Shot("manager-evidenze", DISTRICT, {"sheet": "Evidenze", "select": "I2", "first": [8, 0], "zoom": 80},
         (0, GRID, 1280, 480)),
    Shot("manager-indicatori", DISTRICT, {"sheet": "Indicatori", "select": "G18", "first": [4, 13]},
         (0, GRID, 1280, 480)),
    Shot("manager-scarti", DISTRICT, {"sheet": "Scarti", "select": "A2"}, (0, GRID, 1280, 220)),
    Shot("manager-invii", DISTRICT, {"sheet": "Invii", "select": "A2", "zoom": 90}, (0, GRID, 1280, 300)),
    Shot("manager-menu", DISTRICT, {"sheet": "Riepilogo", "select": "A1", "menu": "xlsync"}, (0, 0, 720, 150),
         extension=True),
    Shot("manager-stato", DISTRICT, {"sheet": "Riepilogo", "select": "A1", "menu": "xlsync",
                                     "keys": ["Down", "Down", "Down", "Down", "Return"], "wait": 15},
         (0, 0, 1040, 535), extension=True),  # the window «Stato» shows, at the top left of the screen
    Shot("aderente-istruzioni", MEMBER, {"sheet": "Istruzioni", "select": "A1"}),
    Shot("aderente-elenco", MEMBER, {"sheet": "Evidenze", "select": "A6", "keys": ["alt+Down"]}, (0, 0, 1280, 560)),
    Shot("aderente-da-completare", MEMBER, {"sheet": "Evidenze", "select": "I9", "type": [
        {"cell": "A6", "text": "4.2.a"}, {"cell": "C6", "text": "Comunicato sul volontariato aziendale"},
        {"cell": "A7", "text": "4.1.a.2"}, {"cell": "B7", "text": "31/09/2024"},
        {"cell": "C7", "text": "Post sulla giornata aperta"},
        {"cell": "A8", "text": "9.9.z"}, {"cell": "B8", "text": "15/12/2023"}, {"cell": "C8", "text": "Incontro"}]},
         (0, GRID, 1280, 600)),  # every column, «Da completare» too, at the 80% the sheet opens at
    # the rows just typed are still there: «Riepilogo» counts them as rows to complete
    Shot("aderente-riepilogo", MEMBER, {"sheet": "Riepilogo", "select": "A1", "zoom": 80}, (0, GRID, 1280, 640)),
    Shot("agenzia-scheda", AGENCY, {"sheet": "Scheda di autovalutazione", "select": "A1", "zoom": 80}, (0, GRID, 1280, 760)),
]
PDF_PAGES = {"agenzia-pdf": 2}  # the agency's PDF: the cover is page 1, the self-evaluation follows
NAMES = [shot.name for shot in SHOTS] + list(PDF_PAGES)

# The profile: LibreOffice in Italian, as the district's PCs have it, with no first-start dialogs; workbooks
# recalculated on opening (their values are the ones stored, so a picture shows what a person sees).
PROFILE = [
    ("/org.openoffice.Office.Linguistic/General", "UILocale", "it-IT"),
    ("/org.openoffice.Setup/L10N", "ooLocale", "it-IT"),
    ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", "it-IT"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("/org.openoffice.Setup/Product", "ooSetupLastVersion", "7.4"),
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "0"),
]
PROFILE_SETTINGS = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\">\n"
                    + "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
                              "</prop></item>\n" for path, name, value in PROFILE)
                    + "</oor:items>\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "img", help="where the PNG files go (docs/img)")
    parser.add_argument("--only", nargs="+", choices=NAMES, help="only these pictures")
    arguments = parser.parse_args(argv)
    wanted = set(arguments.only or NAMES)
    arguments.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlsync-shots-") as work:
        work = Path(work)
        the_year(work)
        with virtual_screen() as display:
            for extension in (False, True):  # a partner's LibreOffice, then the manager's with the extension
                shots = [shot for shot in SHOTS if shot.name in wanted and shot.extension == extension]
                if shots:
                    profile = work / f"profilo-{len(shots)}-{extension}"
                    new_profile(work, profile, extension)
                    in_libreoffice(work, profile, display, shots, arguments.out)
        for name, page in PDF_PAGES.items():
            if name in wanted:
                pdf_page(work / AGENCY.replace(".xlsx", ".pdf"), page, arguments.out / f"{name}.png")


def the_year(work: Path) -> None:
    """The sample year with the real command line: `xlsync demo` (district, members' files, agency)."""
    run([sys.executable, "-m", "xlsync", "demo", "--out", str(work / "anno")], cwd=work)


def new_profile(work: Path, profile: Path, extension: bool) -> None:
    """A fresh LibreOffice profile in Italian, with xlsync's extension installed if asked."""
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    if extension:
        # unopkg refuses root: as root, install as user 1000 of a user namespace (as tests/test_extension.py)
        as_user = ["unshare", "--user", "--map-user=1000", "--map-group=1000"] if os.geteuid() == 0 else []
        run([*as_user, sys.executable, "-m", "xlsync", "libreoffice", "install", "-o", str(work / "oxt"),
             "--profile", str(profile)])


def run(command: list[str], **options) -> None:
    """Run a command; if it fails, stop saying which and what it printed."""
    done = subprocess.run(command, capture_output=True, text=True, **options)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


class virtual_screen:  # noqa: N801 - used as a context manager, like open()
    """An Xvfb screen of 1280 × 800 on a free display number."""

    def __enter__(self) -> str:
        read, write = os.pipe()
        self.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                                         "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as number:
            return f":{number.readline().strip()}"

    def __exit__(self, *_) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def in_libreoffice(work: Path, profile: Path, display: str, shots: list[Shot], out: Path) -> None:
    plan = work / "piano.json"
    plan.write_text(json.dumps([{"name": shot.name, "open": str(work / shot.workbook), **shot.show} for shot in shots]),
                    encoding="utf-8")
    crops = {shot.name: shot.crop for shot in shots}
    office = subprocess.Popen([SYSTEM_PYTHON, str(HERE / "screenshots_office.py"), str(profile), display, str(plan)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for line in office.stdout:
        _, name = line.split()
        save(ImageGrab.grab(xdisplay=display).crop(crops[name]), out / f"{name}.png")
        office.stdin.write("ok\n")
        office.stdin.flush()
    if office.wait(timeout=120) != 0:
        raise SystemExit("LibreOffice did not show every picture")


def pdf_page(pdf: Path, page: int, target: Path) -> None:
    """One page of a PDF as the reader sees it, at 80 dpi."""
    stem = target.with_suffix("")
    run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)])
    save(Image.open(target), target)


def save(image: Image.Image, target: Path) -> None:
    """A small PNG: the screen's few colours in a palette, no dithering (text stays sharp)."""
    image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        target, optimize=True)


if __name__ == "__main__":
    main()
