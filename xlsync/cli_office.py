"""The command line's commands that set up the office suites' front ends: `xlsync addin` (the Excel
add-in) and `xlsync libreoffice` (the LibreOffice extension). Registered on `xlsync` by cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from xlsync.cli_language import Group, option

# The builders are imported by their commands: every other command would pay for them. The systems an
# extension is built for, as `libreoffice.bundle.SYSTEMS` names them (a test holds the two together).
SYSTEMS = ("linux", "macos", "windows")

_FOLDER = ("CARTELLA", "DIR")


def _folder_option(what: tuple[str, str], **attrs):
    return option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), help=what, metavar=_FOLDER,
                  **({"required": True} | attrs))


@click.group(cls=Group, help=("Il componente aggiuntivo per l'Excel del Manager (xlwings): pulsanti e funzioni del foglio.",
                  "The add-in for the manager's Excel (xlwings): its buttons and worksheet functions."))
def addin() -> None:
    pass


@addin.command("build", alias="costruisci", help=(
    "Scrive il componente aggiuntivo (xlsync.xlam) e la cartella pannello con i pulsanti (xlsync.xlsm).",
    "Write the add-in (xlsync.xlam) and the panel workbook with buttons (xlsync.xlsm)."))
@_folder_option(("La cartella per xlsync.xlam (il componente aggiuntivo) e xlsync.xlsm (il pannello).",
                 "The folder for xlsync.xlam (the add-in) and xlsync.xlsm (the panel workbook)."))
@option("--force", is_flag=True, help=("Sovrascrive xlsync.xlam e xlsync.xlsm se esistono già.",
                                       "Overwrite xlsync.xlam and xlsync.xlsm if they exist."))
def addin_build(output: Path, force: bool) -> None:
    from xlsync.excel.build import build as build_addin

    built = build_addin(output, force=force)
    click.echo(f"Scritto {built.addin}: componente aggiuntivo, scheda «xlsync» della barra multifunzione.")
    click.echo(f"Scritto {built.panel}: pannello con i pulsanti dei comandi.")


@addin.command("install", alias="installa", help=(
    "Installa il componente aggiuntivo in Excel (Windows, macOS) e indica a xlwings questo Python.",
    "Install the add-in in Excel (Windows, macOS) and point xlwings at this Python."))
@_folder_option(("Dove tenere il componente aggiuntivo e il pannello costruiti.",
                 "Where to keep the built add-in and panel."),
                required=False, default=Path.home() / ".xlsync" / "addin", show_default=True)
def addin_install(output: Path) -> None:
    from xlsync.excel.build import install as install_addin

    for line in install_addin(output):
        click.echo(f"Fatto: {line}")
    click.echo("Riaprire Excel: la scheda «xlsync» ha i comandi; le funzioni VAMT_… si importano dalla scheda "
               "«xlwings» (Import Functions) nella cartella che le usa.")


@click.group(cls=Group, help=("L'estensione per il LibreOffice del Manager: un menu e una barra «xlsync» in Calc.",
                  "The extension for the manager's LibreOffice: a menu and a toolbar «xlsync» in Calc."))
def libreoffice() -> None:
    pass


_wheels_option = option(
    "--wheels", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar=_FOLDER,
    help=("Prende i pacchetti (wheel) da questa cartella invece che da PyPI (senza rete).",
          "Take the packages (wheels) from this folder instead of PyPI (no network)."))


@libreoffice.command("build", alias="costruisci", help=(
    """Scrive l'estensione per LibreOffice (xlsync.oxt), che porta con sé xlsync e ciò che gli serve: si installa
    da Strumenti › Gestione estensioni, senza Python né pip. Scarica i pacchetti da PyPI (serve la rete).""",
    """Write the LibreOffice extension (xlsync.oxt), carrying xlsync and everything it needs: it installs from
    Tools › Extension Manager, without Python or pip. Downloads the packages from PyPI (needs the network)."""))
@_folder_option(("La cartella per xlsync.oxt.", "The folder for xlsync.oxt."))
@option("--platform", "system", type=click.Choice(SYSTEMS), metavar="linux|windows|macos",
        help=("Il sistema del LibreOffice che la userà (predefinito: questo).",
              "The system of the LibreOffice that will use it (default: this one)."))
@option("--python", "pythons", multiple=True, metavar="3.X",
        help=("La versione di Python di quel LibreOffice, anche più di una (predefinita: quella del LibreOffice "
              "installato qui; per Windows e macOS quelle delle versioni correnti).",
              "That LibreOffice's Python version, more than one allowed (default: the installed LibreOffice's; "
              "for Windows and macOS those of the current releases)."))
@_wheels_option
@option("--force", is_flag=True, help=("Sovrascrive xlsync.oxt se esiste già.", "Overwrite xlsync.oxt if it exists."))
def libreoffice_build(output: Path, system: str | None, pythons: tuple[str, ...], wheels: Path | None,
                      force: bool) -> None:
    from xlsync.libreoffice.extension import build as build_extension

    built = build_extension(output, system, pythons, wheels, force)
    click.echo(f"Scritto {built.path}: estensione per LibreOffice su {built.system} con Python {', '.join(built.pythons)} "
               f"({built.size / 1e6:.1f} MB), menu e barra «xlsync» in Calc; porta con sé xlsync e ciò che gli serve.")


@libreoffice.command("install", alias="installa", help=(
    "Costruisce l'estensione per questo PC e la installa in LibreOffice per questo utente.",
    "Build the extension for this PC and install it in LibreOffice for this user."))
@_folder_option(("Dove tenere l'estensione costruita (la riscrive ogni volta).",
                 "Where to keep the built extension (rewritten each time)."),
                required=False, default=Path.home() / ".xlsync" / "libreoffice", show_default=True)
@option("--profile", type=click.Path(file_okay=False, path_type=Path), metavar=_FOLDER,
        help=("Una cartella di profilo utente di LibreOffice (predefinita: quella dell'utente).",
              "A LibreOffice user profile folder (default: the user's own)."))
@_wheels_option
def libreoffice_install(output: Path, profile: Path | None, wheels: Path | None) -> None:
    from xlsync.libreoffice.extension import install as install_extension

    for line in install_extension(output, profile, wheels):
        click.echo(f"Fatto: {line}")
    click.echo("Riaprire LibreOffice Calc: il menu «xlsync» e la barra «xlsync» (Visualizza › Barre degli strumenti) "
               "hanno i comandi.")
