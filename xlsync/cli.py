"""The `xlsync` command: parse arguments, make one library call, report.

Library errors (`XlsyncError`), what the system refuses (`OSError`: a full disk, a permission) and
Ctrl+C become one line, in one place (`_Group.invoke`); `--verbose` adds the traceback. The exit
codes, the same for every command, are defined once below and in the README ("Exit codes").
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path

import click

from xlsync import __version__, messages
from xlsync.agency.export import export as export_district
from xlsync.agency.rollup import rollup as rollup_districts
from xlsync.demo import run_demo
from xlsync.errors import OutputExistsError, XlsyncError
from xlsync.excel.build import build as build_addin
from xlsync.excel.build import install as install_addin
from xlsync.libreoffice.extension import build as build_extension
from xlsync.libreoffice.extension import install as install_extension
from xlsync.partners.diff import diff as diff_workbooks
from xlsync.partners.distribute import distribute as distribute_files
from xlsync.partners.members import member_progress, reminder, write_reminders
from xlsync.partners.merge import collect_inputs
from xlsync.partners.merge import merge as merge_returns
from xlsync.partners.sync import sync as sync_district
from xlsync.partners.update import update as update_district
from xlsync.partners.validate import check_file
from xlsync.programme import toml_file as programme_file
from xlsync.programme.published import import_text, programme_file_text, read_document
from xlsync.report import (
    indent,
    render_check,
    render_diff,
    render_export,
    render_members,
    render_merge,
    render_status,
    render_sync,
    render_update,
    to_json,
)
from xlsync.scoring.engine import format_percent
from xlsync.workbook import layout
from xlsync.workbook.reader import read_district, read_meta
from xlsync.workbook.status import score_workbook
from xlsync.workbook.writer import write_district, write_text_atomically

WORKBOOK_SUFFIXES = (".xlsx", ".ods")  # .ods through LibreOffice
_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
_force_option = click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
_keep_option = click.option("--force", is_flag=True,
                            help="Write the district even if something made by hand in it cannot be kept (it is named).")
_confirm_option = click.option(
    "--confirm", is_flag=True,
    help="Also apply the returns held back (removing most of a member's rows, in conflict with another return of "
         "the member, or older than its last one); the rows they remove are kept in Scarti.")
_tolerance_option = click.option("--tolerance", default=0, show_default=True, type=click.IntRange(0, 366),
                                 help="Days before or after the programme year still accepted as evidence dates.")


# Exit codes: 0 done, nothing to look at; 1 done, but something asks the user to look (rows or files
# rejected, returns held back or skipped, files not valid); 2 nothing done: an error (the message
# says why) or a wrong command line (click's own); 130 stopped with Ctrl+C, nothing left half done.
DONE, LOOK, FAILED, INTERRUPTED = 0, 1, 2, 130


class _Failed(click.ClickException):
    exit_code = FAILED


def _show(report, as_json: bool, render) -> None:
    """A merge's or a sync's report, as text or JSON; exit code 1 when something in this run asks to look."""
    click.echo(to_json(report.as_json()) if as_json else render(report))
    if not report.clean:
        sys.exit(LOOK)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except XlsyncError as exc:
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise _Failed(str(exc)) from exc
        except OSError as exc:  # what the system refused, with its place
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise _Failed(str(messages.fault(exc))) from exc
        except KeyboardInterrupt:
            click.echo("Interrotto: nessun file è rimasto cambiato a metà.", err=True)
            sys.exit(INTERRUPTED)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="xlsync")
@click.option("--verbose", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Run a Distretto famiglia work programme in spreadsheets.

    Create the district workbook from a programme file, collect the partners' evidence and
    see whether the programme reaches the threshold its contribution depends on.
    """
    ctx.obj = {"verbose": verbose}


@cli.command()
@click.argument("programme", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The district workbook to write (.xlsx, or .ods with LibreOffice).")
@_force_option
def new(programme: Path, output: Path, force: bool) -> None:
    """Write the district workbook for PROGRAMME (a programme file)."""
    _check_output(output, force, WORKBOOK_SUFFIXES)
    loaded = programme_file.load(programme)
    result = write_district(loaded, output)
    click.echo(f"Scritto {output}: {loaded.district} {loaded.year}, {len(loaded.actions)} azioni, "
               f"{len(loaded.indicators)} indicatori, {len(loaded.lines)} voci "
               f"(realizzazione {format_percent(result.value)}).")


@cli.command("import")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The programme file to write (.toml).")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, when a reading needs checking by hand.")
@_force_option
def import_(document: Path, output: Path, strict: bool, force: bool) -> None:
    """Read the published work programme (DOCUMENT: text, PDF or DOCX) into a programme file.

    What the text leaves open is decided by a stated reading and listed, with the published words,
    for the manager to check (also as comments at the top of the file).
    """
    _check_output(output, force, (".toml",))
    imported = import_text(read_document(document), document.name)
    checks = "\n".join(f"  - {check.where}: {check.what}" for check in imported.checks)
    if strict and imported.checks:
        raise XlsyncError(f"{document.name}: {len(imported.checks)} letture da verificare a mano (--strict: nessun "
                          f"file scritto):\n{checks}")
    write_text_atomically(output, programme_file_text(imported, document.name))
    programme = imported.programme
    projects = sum(1 for action in programme.actions if action.project)
    click.echo(f"Scritto {output}: {programme.district} {programme.year}, {len(programme.actions) - projects} azioni "
               f"V.A.M.T. e {projects} progettualità, {len(programme.indicators)} indicatori, "
               f"{len(programme.members)} aderenti.")
    if imported.checks:
        click.echo(f"Da verificare a mano ({len(imported.checks)}, anche in cima al file):\n{checks}")
    click.echo(f"Poi: xlsync new {output} -o distretto.xlsx")


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--days", type=click.IntRange(0), metavar="N",
              help="Also count as behind a member whose last return is more than N days old.")
@click.option("--reminders", is_flag=True, help="Print a reminder for each member who is behind.")
@click.option("--reminders-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the reminders as text files in this folder.")
@click.option("--by", "deadline", type=click.DateTime(["%d/%m/%Y", "%Y-%m-%d"]), metavar="DD/MM/YYYY",
              help="The date the reminders ask for (default: two weeks from today).")
@_json_option
def status(workbook: Path, days: int | None, reminders: bool, reminders_dir: Path | None, deadline: dt.datetime | None,
           as_json: bool) -> None:
    """Show how far the programme of WORKBOOK (the district's or the agency's workbook) is realised,
    what is missing, and who of the members has sent what."""
    current = read_district(workbook, also_agency=True)
    result = score_workbook(current)
    today = dt.date.today()
    members = member_progress(current)
    behind = [member for member in members if member.is_behind(today, days)]
    by = deadline.date() if deadline else today + dt.timedelta(days=14)
    letters = {member.name: reminder(current.programme, result, member, by) for member in behind}
    if as_json:
        click.echo(to_json({**result.as_json(),
                            "members": [{**member.as_json(), "behind": member in behind} for member in members],
                            **({"reminders": letters} if reminders else {})}))
    else:
        click.echo(render_status(result))
        click.echo("\n" + render_members(members, behind, days, hint=not (reminders or reminders_dir)))
        if reminders:
            click.echo("".join(f"\n--- {name} ---\n{text}" for name, text in letters.items()), nl=False)
    for note in current.ignored_edits:  # the workbook's own formulas use the value: the numbers differ
        click.echo(f"Attenzione: nel file {note}; qui si usa il valore del programma, il file mostra altri numeri "
                   f"finché non è corretto.", err=True)
    for path in write_reminders(letters, current.programme.year, reminders_dir) if reminders_dir else ():
        click.echo(f"Scritto {path}", err=as_json)


@cli.command()
@click.argument("district", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder for the partners' workbooks.")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "ods"]), default="xlsx", show_default=True,
              help="The partners' workbooks as xlsx (Excel, LibreOffice) or ods (LibreOffice, needs it here too).")
@click.option("--force", is_flag=True, help="Overwrite partner workbooks already in the folder.")
def distribute(district: Path, output: Path, file_format: str, force: bool) -> None:
    """Write one workbook per member organisation of the DISTRICT workbook."""
    files = distribute_files(district, output, force=force, file_format=file_format)
    for item in files:
        led = sum(1 for role in item.roles.values() if role == layout.REFERENT)
        involved = len(item.roles) - led
        click.echo(f"{item.path}: {item.member.name} (referente in {led} azioni, coinvolta in {involved})")
    click.echo(f"{len(files)} file da inviare agli aderenti in {output}.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--district", type=click.Path(dir_okay=False, path_type=Path),
              help="Check against this district workbook's programme (default: the programme inside each file).")
@_tolerance_option
@click.option("--lang", type=click.Choice(["it", "en"]), default="it", show_default=True, help="Language of the messages.")
@_json_option
def validate(files: tuple[Path, ...], district: Path | None, tolerance: int, lang: str, as_json: bool) -> None:
    """Check returned partner workbooks (FILES or folders) without changing anything.

    Exit code 0 when every file is valid, 1 otherwise, 2 when there is no file to check.
    """
    programme = read_district(district).programme if district else None
    paths = collect_inputs(files, district)
    if not paths:
        raise XlsyncError.of(messages.problem("no_returns", ", ".join(map(str, files))))
    checks = [check_file(path, programme, tolerance) for path in paths]
    if as_json:
        click.echo(to_json({"files": [check.as_json(lang) for check in checks]}))
    else:
        for check in checks:
            click.echo(render_check(check, lang))
    if not all(check.valid for check in checks):
        sys.exit(1)


@cli.command()
@click.argument("district", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def merge(district: Path, inputs: tuple[Path, ...], tolerance: int, confirm: bool, as_json: bool,
          force: bool) -> None:
    """Merge partner returns (INPUTS: files or folders) into the DISTRICT workbook.

    Exit code 1 when a file or a row was rejected, held back or skipped in this run.
    """
    count = len(collect_inputs(inputs, district))
    if count > 1 and sys.stderr.isatty() and not as_json:
        with click.progressbar(length=count, label="Unione", file=sys.stderr) as bar:
            report = merge_returns(district, inputs, tolerance_days=tolerance, on_file=lambda _: bar.update(1),
                                   confirm=confirm, force=force)
    else:
        report = merge_returns(district, inputs, tolerance_days=tolerance, confirm=confirm, force=force)
    _show(report, as_json, render_merge)


@cli.command()
@click.argument("district", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder where the partners' returns are saved.")
@click.option("--outbox", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write refreshed partner workbooks when the programme has changed.")
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def sync(district: Path, inbox: Path, outbox: Path | None, tolerance: int, confirm: bool, as_json: bool,
         force: bool) -> None:
    """Merge what is new in the inbox into DISTRICT; refresh the partners' files if the programme changed.

    Returns already merged are recognised by their content and skipped. Exit code 1 when a file or
    a row was rejected, held back or skipped in this run, or a refreshed file could not be written.
    """
    _show(sync_district(district, inbox, outbox, tolerance_days=tolerance, confirm=confirm, force=force), as_json, render_sync)


@cli.command()
@click.argument("district", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("programme", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_json_option
@_keep_option
def update(district: Path, programme: Path | None, as_json: bool, force: bool) -> None:
    """Give DISTRICT a changed programme: from PROGRAMME (a programme file), or from the edits made
    in the district workbook's own tables (percentages, required counts, threshold, aggregation,
    what counts).

    Evidence stays attached and every percentage is recomputed; rows whose scoring line is gone
    move to Scarti. Returns made from the earlier programme are still merged.
    """
    report = update_district(district, programme_file.load(programme) if programme else None, force=force)
    if as_json:
        click.echo(to_json(report.as_json()))
        return
    click.echo(render_update(report))


@cli.command()
@click.argument("district", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The agency's workbook to write (.xlsx, or .ods with LibreOffice).")
@click.option("--pdf", is_flag=True, help="Also write the self-evaluation as PDF beside it (needs LibreOffice).")
@_force_option
def export(district: Path, output: Path, pdf: bool, force: bool) -> None:
    """Write the consolidated workbook the agency receives for DISTRICT."""
    _check_output(output, force, WORKBOOK_SUFFIXES, replaceable="agenzia")
    if output.resolve() == district.resolve():
        raise XlsyncError.of(messages.problem("would_replace", output.name, kind=_KINDS["distretto"]))
    click.echo(render_export(export_district(district, output, pdf=pdf)))


@cli.command()
@click.argument("first", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("second", type=click.Path(dir_okay=False, path_type=Path))
@_json_option
def diff(first: Path, second: Path, as_json: bool) -> None:
    """What changed from FIRST to SECOND (two versions of a partner's or a district's workbook)."""
    report = diff_workbooks(first, second)
    click.echo(to_json(report.as_json()) if as_json else render_diff(report, first, second))


@cli.command()
@click.argument("districts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The overview workbook to write (.xlsx).")
@_force_option
@_json_option
def rollup(districts: tuple[Path, ...], output: Path, force: bool, as_json: bool) -> None:
    """The agency's overview of several DISTRICTS (their agency or district workbooks, or folders of them)."""
    _check_output(output, force)
    found = [sorted(p for suffix in WORKBOOK_SUFFIXES for p in path.glob(f"*{suffix}")) if path.is_dir() else [path]
             for path in districts]
    paths = [p for group in found for p in group if not p.name.startswith((".", "~$"))
             and ".backup." not in p.name and p.resolve() != output.resolve()]
    report = rollup_districts(paths, output)
    if as_json:
        click.echo(to_json({"districts": [line.as_json() for line in report.lines],
                          "left_out": [{"file": str(old), "later": str(new)} for old, new in report.superseded]}))
        return
    for old, new in report.superseded:
        click.echo(f"Non considerato {old}: dello stesso distretto e anno di {new}, scritto dopo.")
    for line in report.lines:
        verdict = layout.ELIGIBLE_TEXT if line.result.eligible else layout.NOT_ELIGIBLE_TEXT
        click.echo(f"{line.district} {line.year}: {format_percent(line.result.value)} ({verdict}), "
                   f"{line.evidence_rows} evidenze, {line.submissions} invii")
    click.echo(f"Scritto {output}.")


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("xlsync-demo"),
              show_default=True, help="Folder for the files the demo writes.")
def demo(out: Path) -> None:
    """Run the year on the bundled sample (Distretto Family Audit Alta Valsugana 2024).

    import of the published programme → new → distribute → the six members' returns → a corrected
    return → a change of the programme
    → refreshed member files → a return on the changed programme → the agency's workbook (and its
    PDF when LibreOffice is installed) → status.
    """
    outcome = run_demo(out)
    steps = [
        f"Programma letto dal testo pubblicato: {outcome.programme_file} ({len(outcome.checks)} letture da "
        f"verificare a mano, elencate in cima al file)",
        f"Cartella del distretto: {outcome.district_file}",
        f"File da inviare ai {len(outcome.distributed)} aderenti: {outcome.distributed[0].path.parent}",
        "I sei aderenti rispondono; unione dei file ricevuti:\n" + indent(render_sync(outcome.returns)),
        "Dial Funghi corregge il suo file e lo rimanda:\n" + indent(render_sync(outcome.corrected)),
        "A metà anno il programma cambia:\n" + indent(render_update(outcome.change)),
        "I file degli aderenti rifatti sul programma nuovo, con le loro evidenze:\n"
        + indent(render_sync(outcome.refreshed)),
        "ASIF Chimelli registra la nuova azione nel suo file aggiornato:\n" + indent(render_sync(outcome.after_change)),
        "Per l'Agenzia:\n" + indent(render_export(outcome.agency)),
        "Stato del programma:\n\n" + render_status(outcome.result) + "\n",
    ]
    for number, step in enumerate(steps, 1):
        click.echo(f"{number}. {step}")
    click.echo(f"Aprire {outcome.district_file} in Excel o LibreOffice: «Riepilogo» per le percentuali, «Evidenze» "
               f"per le righe con la loro provenienza, «Scarti» e «Invii» per le unioni.")


@cli.group()
def addin() -> None:
    """The add-in for the manager's Excel (xlwings): its buttons and worksheet functions."""


@addin.command("build")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder for xlsync.xlam (the add-in) and xlsync.xlsm (the panel workbook).")
def addin_build(output: Path) -> None:
    """Write the add-in (xlsync.xlam) and the panel workbook with buttons (xlsync.xlsm)."""
    built = build_addin(output)
    click.echo(f"Scritto {built.addin}: componente aggiuntivo, scheda «xlsync» della barra multifunzione.")
    click.echo(f"Scritto {built.panel}: pannello con i pulsanti dei comandi.")


@addin.command("install")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path.home() / ".xlsync" / "addin", show_default=True,
              help="Where to keep the built add-in and panel.")
def addin_install(output: Path) -> None:
    """Install the add-in in Excel (Windows, macOS) and point xlwings at this Python."""
    for line in install_addin(output):
        click.echo(f"Fatto: {line}")
    click.echo("Riaprire Excel: la scheda «xlsync» ha i comandi; le funzioni VAMT_… si importano dalla scheda "
               "«xlwings» (Import Functions) nella cartella che le usa.")


@cli.group()
def libreoffice() -> None:
    """The extension for the manager's LibreOffice: a menu and a toolbar «xlsync» in Calc."""


@libreoffice.command("build")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder for xlsync.oxt.")
def libreoffice_build(output: Path) -> None:
    """Write the LibreOffice extension (xlsync.oxt), its commands running this Python's xlsync."""
    built = build_extension(output)
    click.echo(f"Scritto {built}: estensione per LibreOffice, menu e barra «xlsync» in Calc; i comandi useranno "
               f"{sys.executable}.")


@libreoffice.command("install")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path.home() / ".xlsync" / "libreoffice", show_default=True,
              help="Where to keep the built extension.")
@click.option("--profile", type=click.Path(file_okay=False, path_type=Path),
              help="A LibreOffice user profile folder (default: the user's own).")
def libreoffice_install(output: Path, profile: Path | None) -> None:
    """Install the extension in LibreOffice for this user, recording this Python for its commands."""
    for line in install_extension(output, profile):
        click.echo(f"Fatto: {line}")
    click.echo("Riaprire LibreOffice Calc: il menu «xlsync» e la barra «xlsync» (Visualizza › Barre degli strumenti) "
               "hanno i comandi.")


_KINDS = {"distretto": ("la cartella di lavoro del distretto", "the district workbook"),
          "partner": ("il file di un aderente", "a partner's file"),
          "agenzia": ("la cartella per l'Agenzia", "the agency's workbook")}


def _check_output(output: Path, force: bool, suffixes: tuple[str, ...] = (".xlsx",),
                  replaceable: str | None = None) -> None:
    """A file xlsync is asked to write: with its suffix, in a folder that exists, and not one that exists
    unless --force; with `replaceable`, never an xlsync workbook of another kind, even with --force."""
    if output.suffix.lower() not in suffixes:
        what = {".xlsx": "cartelle Excel", ".ods": "cartelle ODF", ".toml": "il programma come testo TOML"}
        raise XlsyncError(f"{output}: xlsync scrive {' o '.join(what[suffix] for suffix in suffixes)}: indicare un "
                          f"nome che finisce con {' o '.join(suffixes)}.")
    if not output.parent.is_dir():
        raise XlsyncError.of(messages.problem("missing_folder", str(output.parent)))
    if output.exists() and not force:
        raise OutputExistsError(f"{output} esiste già: usare --force per sovrascriverlo.")
    if output.exists() and replaceable:
        try:
            kind = read_meta(output).get("tipo")
        except XlsyncError:
            kind = None  # not an xlsync workbook: --force says it may go
        if kind and kind != replaceable:
            raise XlsyncError.of(messages.problem("would_replace", output.name, kind=_KINDS.get(kind, (kind, kind))))


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="xlsync")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
