"""The command line's commands that set up the office suites' front ends: `xlsync addin` (the Excel
add-in) and `xlsync libreoffice` (the LibreOffice extension). Registered on `xlsync` by cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from xlsync.catalogue.commands import HELP, METAVARS, say
from xlsync.cli_language import Group, language, option

# The builders are imported by their commands: every other command would pay for them. The systems an
# extension is built for, as `libreoffice.bundle.SYSTEMS` names them (a test holds the two together).
SYSTEMS = ("linux", "macos", "windows")

_FOLDER = METAVARS["DIR"]


def _folder_option(what: tuple[str, str], **attrs):
    return option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), help=what, metavar=_FOLDER,
                  **({"required": True} | attrs))


@click.group(cls=Group, help=HELP["addin"])
def addin() -> None:
    pass


@addin.command("build", alias="costruisci", help=HELP["addin build"])
@_folder_option(HELP["addin build output"])
@option("--force", is_flag=True, help=HELP["addin build force"])
def addin_build(output: Path, force: bool) -> None:
    from xlsync.excel.build import build as build_addin

    built = build_addin(output, force=force)
    click.echo(say("addin written", language(), path=built.addin))
    click.echo(say("panel written", language(), path=built.panel))


@addin.command("install", alias="installa", help=HELP["addin install"])
@_folder_option(HELP["addin install output"],
                required=False, default=Path.home() / ".xlsync" / "addin", show_default=True)
def addin_install(output: Path) -> None:
    from xlsync.excel.build import install as install_addin

    for line in install_addin(output):
        click.echo(say("done", language(), what=line))
    click.echo(say("addin installed", language()))


@click.group(cls=Group, help=HELP["libreoffice"])
def libreoffice() -> None:
    pass


_wheels_option = option(
    "--wheels", type=click.Path(file_okay=False, exists=True, path_type=Path), metavar=_FOLDER,
    help=HELP["wheels"])


@libreoffice.command("build", alias="costruisci", help=HELP["libreoffice build"])
@_folder_option(HELP["libreoffice build output"])
@option("--platform", "system", type=click.Choice(SYSTEMS), metavar="linux|windows|macos",
        help=HELP["libreoffice build platform"])
@option("--python", "pythons", multiple=True, metavar="3.X",
        help=HELP["libreoffice build python"])
@_wheels_option
@option("--force", is_flag=True, help=HELP["libreoffice build force"])
def libreoffice_build(output: Path, system: str | None, pythons: tuple[str, ...], wheels: Path | None,
                      force: bool) -> None:
    from xlsync.libreoffice.extension import build as build_extension

    built = build_extension(output, system, pythons, wheels, force)
    click.echo(say("extension written", language(), path=built.path, system=built.system,
                   pythons=", ".join(built.pythons), megabytes=f"{built.size / 1e6:.1f}"))


@libreoffice.command("install", alias="installa", help=HELP["libreoffice install"])
@_folder_option(HELP["libreoffice install output"],
                required=False, default=Path.home() / ".xlsync" / "libreoffice", show_default=True)
@option("--profile", type=click.Path(file_okay=False, path_type=Path), metavar=_FOLDER,
        help=HELP["libreoffice install profile"])
@_wheels_option
def libreoffice_install(output: Path, profile: Path | None, wheels: Path | None) -> None:
    from xlsync.libreoffice.extension import install as install_extension

    for line in install_extension(output, profile, wheels, language()):
        click.echo(say("done", language(), what=line))
    click.echo(say("extension installed", language()))
