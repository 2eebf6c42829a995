"""The `xlsync` command: parse arguments, make one call of the application layer (`xlsync.application`),
print its result in the language asked.

Library errors (`XlsyncError`), what the system refuses (`OSError`: a full disk, a permission) and
Ctrl+C become one line (`Errore: …`), in one place (`cli_group.XlsyncGroup.invoke`); `--verbose` adds the
traceback. The exit codes, the same for every command, are defined once there and in docs/reference/commands.md
("Exit codes").
Everything is in Italian unless `--lang en` (or `XLSYNC_LANG=en`); every command also answers to its
Italian name (`unisci` is `merge`). Every text is in `xlsync/catalogue/commands.py`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from xlsync import __version__, application
from xlsync.catalogue.commands import HELP, METAVARS, say
from xlsync.cli_group import LOOK, XlsyncGroup, check_inputs, show
from xlsync.cli_language import LANGUAGES, argument, install_click_translation, language, option
from xlsync.cli_office import addin, libreoffice

# The application layer imports the layers each command runs when it runs: `xlsync --help` and a quick
# command do not pay for the others (the writer, the importer, LibreOffice, the add-ins).

_FILE = click.Path(dir_okay=False, path_type=Path)
_FOLDER = click.Path(file_okay=False, path_type=Path)
_json_option = option("--json", "as_json", is_flag=True, help=HELP["json"])
_force_option = option("--force", is_flag=True, help=HELP["force"])
_keep_option = option("--force", is_flag=True, help=HELP["keep force"])
_review_force_option = option("--force", is_flag=True, help=HELP["review force"])
_confirm_option = option("--confirm", is_flag=True, help=HELP["confirm"])
_tolerance_option = option("--tolerance", default=0, show_default=True, type=click.IntRange(0, 366),
                           metavar=METAVARS["DAYS"], help=HELP["tolerance"])


def _output_option(what: tuple[str, str], folder: bool = False, **attrs):
    return option("-o", "--output", type=_FOLDER if folder else _FILE, help=what,
                  metavar=METAVARS["DIR" if folder else "FILE"], **({"required": True} | attrs))


class _Date(click.ParamType):
    """A day as managers write it, 15/12/2024 (or 2024-12-15); a wrong one named in the user's words."""

    name = "date"

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        for form in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value, form).date()
            except ValueError:
                pass
        self.fail(say("not a date", language(), value=value), param, ctx)


def _echo(text: str, err: bool = False) -> None:
    if text:
        click.echo(text, err=err)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(say("version", language(), version=__version__))
        ctx.exit()


install_click_translation()


@click.group(cls=XlsyncGroup, help=HELP["cli"])
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version, help=HELP["cli version"])
# Read before parsing (XlsyncGroup.make_context), so that `--help --lang en` is English too: declared for
# the help and to refuse a language there is none of.
@option("--lang", type=click.Choice(LANGUAGES, case_sensitive=False), expose_value=False, help=HELP["cli lang"])
@option("--verbose", is_flag=True, help=HELP["cli verbose"])
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    ctx.obj = {"verbose": verbose}


@cli.command(alias="nuovo", help=HELP["new"])
@argument("programme", METAVARS["PROGRAMME"], type=_FILE)
@_output_option(HELP["new output"])
@_review_force_option
def new(programme: Path, output: Path, force: bool) -> None:
    created = application.create_district(programme, output, force)
    _echo("\n".join(created.read.notices(language())), err=True)
    click.echo(created.text(language()))


@cli.command("import", alias="importa", help=HELP["import"])
@argument("document", METAVARS["DOCUMENT"], type=_FILE)
@_output_option(HELP["import output"])
@option("--strict", is_flag=True, help=HELP["import strict"])
@_force_option
def import_(document: Path, output: Path, strict: bool, force: bool) -> None:
    click.echo(application.import_programme(document, output, strict, force).text(language()))


@cli.command(alias="stato", help=HELP["status"])
@argument("workbook", METAVARS["WORKBOOK"], type=_FILE)
@option("--days", type=click.IntRange(0), metavar=("N", "N"), help=HELP["status days"])
@option("--reminders", is_flag=True, help=HELP["status reminders"])
@option("--reminders-dir", type=_FOLDER, metavar=METAVARS["DIR"], help=HELP["status reminders-dir"])
@option("--by", "deadline", type=_Date(), metavar=METAVARS["DATE"],
        help=HELP["status by"])
@option("--force", is_flag=True, help=HELP["status force"])
@_json_option
def status(workbook: Path, days: int | None, reminders: bool, reminders_dir: Path | None, deadline: dt.date | None,
           force: bool, as_json: bool) -> None:
    from xlsync.report import open_conflicts, render_members, render_status, to_json
    lang = language()
    found = application.district_status(workbook, days, deadline, reminders, reminders_dir, force)
    _echo(found.year_over_text(lang), err=True)
    if as_json:
        click.echo(to_json(found.as_json(reminders)))
    else:
        click.echo(render_status(found.result))
        if found.workbook.conflicts:
            click.echo(open_conflicts(len(found.workbook.conflicts)))
        click.echo("\n" + render_members(found.members, found.behind, days, hint=not (reminders or reminders_dir)))
        if reminders:
            click.echo("".join(f"\n--- {name} ---\n{text}" for name, text in found.letters.items()), nl=False)
    _echo("\n".join(found.warnings(lang)), err=True)
    for path in found.written:
        click.echo(say("written", lang, path=path), err=as_json)


@cli.command(alias="distribuisci", help=HELP["distribute"])
@argument("district", METAVARS["DISTRICT"], type=_FILE)
@_output_option(HELP["distribute output"], folder=True)
@option("--format", "file_format", type=click.Choice(["xlsx", "ods"]), default="xlsx", show_default=True,
        help=HELP["distribute format"])
@option("--force", is_flag=True, help=HELP["distribute force"])
def distribute(district: Path, output: Path, file_format: str, force: bool) -> None:
    click.echo(application.distribute(district, output, file_format, force).text(language()))


@cli.command(alias="verifica", help=HELP["validate"])
@argument("files", METAVARS["FILES"], nargs=-1, required=True, type=click.Path(path_type=Path))
@option("--district", type=_FILE, metavar=METAVARS["DISTRICT"], help=HELP["validate district"])
@_tolerance_option
# Before the command line had --lang, validate had its own: scripts may still pass it here.
@option("--lang", "command_lang", type=click.Choice(LANGUAGES), hidden=True)
@_json_option
def validate(files: tuple[Path, ...], district: Path | None, tolerance: int, command_lang: str | None,
             as_json: bool) -> None:
    from xlsync.report import to_json
    lang = command_lang or language()
    check_inputs(files)
    checked = application.validate_returns(files, district, tolerance)
    click.echo(to_json(checked.as_json(lang)) if as_json else checked.text(lang))
    if not checked.valid:
        sys.exit(LOOK)


@cli.command(alias="unisci", help=HELP["merge"])
@argument("district", METAVARS["DISTRICT"], type=_FILE)
@argument("inputs", METAVARS["INPUTS"], nargs=-1, required=True, type=click.Path(path_type=Path))
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def merge(district: Path, inputs: tuple[Path, ...], tolerance: int, confirm: bool, as_json: bool,
          force: bool) -> None:
    from xlsync.report import render_merge
    check_inputs((district, *inputs))
    count = application.count_returns(district, inputs)
    if count > 1 and sys.stderr.isatty() and not as_json:
        with click.progressbar(length=count, label=say("merging", language()), file=sys.stderr) as bar:
            report = application.merge_returns(district, inputs, tolerance, confirm, force, lambda _: bar.update(1))
    else:
        report = application.merge_returns(district, inputs, tolerance, confirm, force)
    show(report, as_json, render_merge)


@cli.command(alias="sincronizza", help=HELP["sync"])
@argument("district", METAVARS["DISTRICT"], type=_FILE)
@option("--inbox", required=True, type=_FOLDER, metavar=METAVARS["DIR"], help=HELP["sync inbox"])
@option("--outbox", type=_FOLDER, metavar=METAVARS["DIR"], help=HELP["sync outbox"])
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def sync(district: Path, inbox: Path, outbox: Path | None, tolerance: int, confirm: bool, as_json: bool,
         force: bool) -> None:
    from xlsync.report import render_sync
    check_inputs((inbox,), folder=True)
    show(application.sync_district(district, inbox, outbox, tolerance, confirm, force), as_json, render_sync)


@cli.command(alias="aggiorna", help=HELP["update"])
@argument("district", METAVARS["DISTRICT"], type=_FILE)
@argument("programme", METAVARS["[PROGRAMME]"], required=False, type=_FILE)
@_json_option
@_keep_option
def update(district: Path, programme: Path | None, as_json: bool, force: bool) -> None:
    from xlsync.report import render_update, to_json
    updated = application.update_district(district, programme, force)
    if updated.read:
        _echo("\n".join(updated.read.notices(language())), err=True)
    click.echo(to_json(updated.report.as_json()) if as_json else render_update(updated.report))


@cli.command(alias="esporta", help=HELP["export"])
@argument("district", METAVARS["DISTRICT"], type=_FILE)
@_output_option(HELP["export output"])
@option("--pdf", is_flag=True, help=HELP["export pdf"])
@_force_option
def export(district: Path, output: Path, pdf: bool, force: bool) -> None:
    from xlsync.report import render_export
    click.echo(render_export(application.export_district(district, output, pdf, force)))


@cli.command(alias="confronta", help=HELP["diff"])
@argument("first", METAVARS["FIRST"], type=_FILE)
@argument("second", METAVARS["SECOND"], type=_FILE)
@_json_option
def diff(first: Path, second: Path, as_json: bool) -> None:
    from xlsync.report import render_diff, to_json
    report = application.diff_workbooks(first, second)
    click.echo(to_json(report.as_json()) if as_json else render_diff(report, first, second))


@cli.command(alias="riepiloga", help=HELP["rollup"])
@argument("districts", METAVARS["DISTRICTS"], nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option(HELP["rollup output"])
@_force_option
@_json_option
def rollup(districts: tuple[Path, ...], output: Path, force: bool, as_json: bool) -> None:
    from xlsync.report import to_json
    check_inputs(districts)
    overview = application.rollup_districts(districts, output, force)
    click.echo(to_json(overview.as_json()) if as_json else overview.text(language()))


@cli.command(help=HELP["demo"])
@option("--out", type=_FOLDER, default=Path("xlsync-demo"), show_default=True, metavar=METAVARS["DIR"],
        help=HELP["demo out"])
def demo(out: Path) -> None:
    click.echo(application.run_demo(out).text(language()))


cli.add_command(addin)
cli.add_command(libreoffice)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="xlsync")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
