"""The `xlsync` command: parse arguments, make one library call, report.

Library errors (`XlsyncError`), what the system refuses (`OSError`: a full disk, a permission) and
Ctrl+C become one line (`Errore: …`), in one place (`cli_group.XlsyncGroup.invoke`); `--verbose` adds the
traceback. The exit codes, the same for every command, are defined once there and in docs/reference/commands.md
("Exit codes").
Everything is in Italian unless `--lang en` (or `XLSYNC_LANG=en`); every command also answers to its
Italian name (`unisci` is `merge`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from xlsync import __version__, messages
from xlsync.cli_group import XlsyncGroup, check_inputs, show
from xlsync.cli_language import (
    LANGUAGES,
    argument,
    install_click_translation,
    language,
    option,
)
from xlsync.cli_office import addin, libreoffice
from xlsync.errors import OutputExistsError, XlsyncError

# Each command imports the layers it runs when it runs: `xlsync --help` and a quick command do not
# pay for the others (the writer, the importer, LibreOffice, the add-ins).

WORKBOOK_SUFFIXES = (".xlsx", ".ods")  # .ods through LibreOffice
_FOLDER = ("CARTELLA", "DIR")
_json_option = option("--json", "as_json", is_flag=True,
                      help=("Scrive JSON invece del testo.", "Print JSON instead of text."))
_force_option = option("--force", is_flag=True,
                       help=("Sovrascrive il file se esiste già.", "Overwrite the output if it exists."))
_keep_option = option(
    "--force", is_flag=True,
    help=("Scrive il distretto anche se qualcosa fatto a mano nel file non si può tenere (viene nominato).",
          "Write the district even if something made by hand in it cannot be kept (it is named)."))
_confirm_option = option(
    "--confirm", is_flag=True,
    help=("Applica anche gli invii trattenuti (che tolgono gran parte delle righe di un aderente, in conflitto con "
          "un altro suo invio, o più vecchi dell'ultimo); le righe che tolgono restano in «Scarti».",
          "Also apply the returns held back (removing most of a member's rows, in conflict with another return of "
          "the member, or older than its last one); the rows they remove are kept in Scarti."))
_tolerance_option = option(
    "--tolerance", default=0, show_default=True, type=click.IntRange(0, 366), metavar=("GIORNI", "DAYS"),
    help=("Giorni prima o dopo l'anno del programma ancora accettati come date delle evidenze.",
          "Days before or after the programme year still accepted as evidence dates."))


def _output_option(what: tuple[str, str], folder: bool = False, **attrs):
    kind = click.Path(file_okay=False, path_type=Path) if folder else click.Path(dir_okay=False, path_type=Path)
    return option("-o", "--output", type=kind, help=what, metavar=_FOLDER if folder else ("FILE", "FILE"),
                  **({"required": True} | attrs))


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"xlsync, {'versione' if language() == 'it' else 'version'} {__version__}")
        ctx.exit()


install_click_translation()


@click.group(cls=XlsyncGroup, help=(
    """Il programma di lavoro di un Distretto famiglia, in fogli di calcolo.

    Crea la cartella di lavoro del distretto da un file di programma, raccoglie le evidenze degli
    aderenti e dice se il programma raggiunge la soglia da cui dipende il contributo. Ogni comando
    ha anche un nome italiano (unisci = merge). In inglese: --lang en, o XLSYNC_LANG=en.
    """,
    """Run a Distretto famiglia work programme in spreadsheets.

    Create the district workbook from a programme file, collect the partners' evidence and
    see whether the programme reaches the threshold its contribution depends on. Every command
    also has an Italian name (unisci = merge). In Italian: --lang it, or XLSYNC_LANG=it.
    """))
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
        help=("Mostra la versione ed esce.", "Show the version and exit."))
# Read before parsing (XlsyncGroup.make_context), so that `--help --lang en` is English too: declared for
# the help and to refuse a language there is none of.
@option("--lang", type=click.Choice(LANGUAGES, case_sensitive=False), expose_value=False,
        help=("Lingua dei messaggi e dell'aiuto: it (predefinita) o en; anche con XLSYNC_LANG.",
              "Language of the messages and of the help: it (default) or en; also XLSYNC_LANG."))
@option("--verbose", is_flag=True, help=("Mostra il traceback completo quando qualcosa non riesce.",
                                         "Show the full traceback when something fails."))
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    ctx.obj = {"verbose": verbose}


_review_force_option = option(
    "--force", is_flag=True,
    help=("Sovrascrive il file se esiste già, e usa una revisione con righe ancora «da verificare» come letta.",
          "Overwrite the output if it exists, and take a review with rows still to check as read."))


def _programme(path: Path, force: bool):
    """The programme of a programme file or of a review workbook; with --force, the rows still to
    check are named and taken as read."""
    from xlsync.programme.review import is_review, load_programme, read_review
    if force and is_review(path):
        pending = read_review(path).pending
        if pending:
            click.echo(f"Attenzione: {len(pending)} righe della revisione ancora «da verificare», usate come lette "
                       f"(--force).", err=True)
    return load_programme(path, force)


@cli.command(alias="nuovo", help=(
    """Scrive la cartella di lavoro del distretto per PROGRAMMA: il file di programma (.toml) o la
    revisione (.xlsx, .ods) scritti da «xlsync import».

    Una revisione con righe ancora «da verificare» è rifiutata, salvo --force.
    """,
    """Write the district workbook for PROGRAMME: the programme file (.toml) or the review (.xlsx,
    .ods) written by "xlsync import".

    A review with rows still to check is refused, unless --force.
    """))
@argument("programme", ("PROGRAMMA", "PROGRAMME"), type=click.Path(dir_okay=False, path_type=Path))
@_output_option(("La cartella del distretto da scrivere (.xlsx, o .ods con LibreOffice).",
                 "The district workbook to write (.xlsx, or .ods with LibreOffice)."))
@_review_force_option
def new(programme: Path, output: Path, force: bool) -> None:
    from xlsync.scoring.engine import format_percent
    from xlsync.workbook.writer import write_district
    _check_output(output, force, WORKBOOK_SUFFIXES)
    from xlsync.programme.model import check_members
    loaded = _programme(programme, force)
    check_members(loaded, programme.name)
    result = write_district(loaded, output)
    click.echo(f"Scritto {output}: {loaded.district} {loaded.year}, {len(loaded.actions)} azioni, "
               f"{len(loaded.indicators)} indicatori, {len(loaded.lines)} voci "
               f"(realizzazione {format_percent(result.value)}).")


@cli.command("import", alias="importa", help=(
    """Legge il programma di lavoro pubblicato (DOCUMENTO: testo, PDF o DOCX) in un file di programma.

    Quello che il testo lascia aperto è deciso con una lettura dichiarata ed elencato, con le parole
    pubblicate, perché il Manager lo controlli (anche come commenti in cima al file).
    """,
    """Read the published work programme (DOCUMENT: text, PDF or DOCX) into a programme file, or
    into a review workbook (-o programma.xlsx or .ods) where the manager reads and corrects it.

    What the text leaves open is decided by a stated reading and listed, with the published words,
    for the manager to check (as comments at the top of the file; in the review, as rows "da
    verificare" saying why).
    """))
@argument("document", ("DOCUMENTO", "DOCUMENT"), type=click.Path(dir_okay=False, path_type=Path))
@_output_option(("Il file di programma (.toml) o la revisione da scrivere (.xlsx, o .ods con LibreOffice).",
                 "The programme file (.toml) or the review to write (.xlsx, or .ods with LibreOffice)."))
@option("--strict", is_flag=True, help=("Non scrive nulla e termina con errore se una lettura va verificata a mano.",
                                        "Fail, writing nothing, when a reading needs checking by hand."))
@_force_option
def import_(document: Path, output: Path, strict: bool, force: bool) -> None:
    from xlsync.programme.published import import_text, programme_file_text, read_document
    from xlsync.workbook.writer import write_text_atomically
    _check_output(output, force, (".toml", *WORKBOOK_SUFFIXES))
    imported = import_text(read_document(document), document.name)
    checks = "\n".join(f"  - {check.where}: {check.what}" for check in imported.checks)
    if strict and imported.checks:
        raise messages.error("strict_import", document.name, count=len(imported.checks), checks=checks)
    text = programme_file_text(imported, document.name)  # what new accepts, checked before anything is written
    if output.suffix.lower() == ".toml":
        write_text_atomically(output, text)
    else:
        from xlsync.programme.review import write_review
        write_review(imported, output, document.name)
    programme = imported.programme
    projects = sum(1 for action in programme.actions if action.project)
    click.echo(f"Scritto {output}: {programme.district} {programme.year}, {len(programme.actions) - projects} azioni "
               f"V.A.M.T. e {projects} progettualità, {len(programme.indicators)} indicatori, "
               f"{len(programme.members)} aderenti.")
    if imported.checks:
        where = "anche in cima al file" if output.suffix.lower() == ".toml" else "righe «da verificare» nella revisione"
        click.echo(f"Da verificare a mano ({len(imported.checks)}, {where}):\n{checks}")
    click.echo(f"Poi: xlsync nuovo {output} -o distretto.xlsx")


@cli.command(alias="stato", help=(
    """Mostra quanto è realizzato il programma di DISTRETTO (la cartella del distretto o quella per
    l'Agenzia), che cosa manca e che cosa ha mandato ogni aderente.""",
    """Show how far the programme of WORKBOOK (the district's or the agency's workbook) is realised,
    what is missing, and who of the members has sent what."""))
@argument("workbook", ("DISTRETTO", "WORKBOOK"), type=click.Path(dir_okay=False, path_type=Path))
@option("--days", type=click.IntRange(0), metavar=("N", "N"),
        help=("Conta come in ritardo anche un aderente il cui ultimo invio ha più di N giorni.",
              "Also count as behind a member whose last return is more than N days old."))
@option("--reminders", is_flag=True, help=("Scrive un promemoria per ogni aderente in ritardo.",
                                           "Print a reminder for each member who is behind."))
@option("--reminders-dir", type=click.Path(file_okay=False, path_type=Path), metavar=_FOLDER,
        help=("Scrive i promemoria come file di testo in questa cartella.",
              "Write the reminders as text files in this folder."))
@option("--by", "deadline", type=click.DateTime(["%d/%m/%Y", "%Y-%m-%d"]), metavar=("GG/MM/AAAA", "DD/MM/YYYY"),
        help=("La data entro cui i promemoria chiedono gli invii (predefinita: fra due settimane, non dopo il 31/12 "
              "dell'anno del programma).",
              "The date the reminders ask for (default: two weeks from today, not after 31/12 of the programme's "
              "year)."))
@option("--force", is_flag=True, help=("Sostituisce anche i solleciti modificati a mano nella cartella.",
                                       "Also replace the reminders edited by hand in the folder."))
@_json_option
def status(workbook: Path, days: int | None, reminders: bool, reminders_dir: Path | None, deadline: dt.datetime | None,
           force: bool, as_json: bool) -> None:
    from xlsync.partners import members as roster
    from xlsync.report import flag, open_conflicts, render_members, render_status, to_json
    from xlsync.workbook.reader import read_district
    from xlsync.workbook.status import score_workbook
    current = read_district(workbook, also_agency=True, scoring_only=True)
    result = score_workbook(current)
    today = roster.today()
    members = roster.member_progress(current)
    behind = [member for member in members if member.is_behind(today, days)]
    by = deadline.date() if deadline else roster.default_deadline(current.programme, today)
    letters = {member.name: roster.reminder(current.programme, result, member, by, today) for member in behind}
    if letters and (reminders or reminders_dir) and not deadline and today > roster.year_end(current.programme):
        year = current.programme.year
        click.echo(messages.problem("year_over", "", year=year, by=f"{by:%d/%m/%Y}").text(language()), err=True)
    if as_json:
        click.echo(to_json({**result.as_json(), "open_conflicts": len(current.conflicts),
                            "members": [{**member.as_json(), "behind": member in behind} for member in members],
                            **({"reminders": letters} if reminders else {})}))
    else:
        click.echo(render_status(result))
        if current.conflicts:
            click.echo(open_conflicts(len(current.conflicts)))
        click.echo("\n" + render_members(members, behind, days, hint=not (reminders or reminders_dir)))
        if reminders:
            click.echo("".join(f"\n--- {name} ---\n{text}" for name, text in letters.items()), nl=False)
    for note in current.ignored_edits:  # the workbook's own formulas use the value: the numbers differ
        click.echo(messages.problem("ignored_edit", "", note=(note.text(), note.text("en"))).text(language()), err=True)
    for note in current.notes:  # sheets found renamed, a ledger rebuilt
        click.echo(f"{flag(note, language())}{note.text(language())}", err=True)
    for path in roster.write_reminders(letters, current.programme.year, reminders_dir, force) if reminders_dir else ():
        click.echo(f"Scritto {path}", err=as_json)


@cli.command(alias="distribuisci", help=(
    "Scrive un file per ogni organizzazione aderente della cartella DISTRETTO.",
    "Write one workbook per member organisation of the DISTRICT workbook."))
@argument("district", ("DISTRETTO", "DISTRICT"), type=click.Path(dir_okay=False, path_type=Path))
@_output_option(("La cartella (directory) dove scrivere i file degli aderenti.", "The folder for the partners' workbooks."),
                folder=True)
@option("--format", "file_format", type=click.Choice(["xlsx", "ods"]), default="xlsx", show_default=True,
        help=("I file degli aderenti come xlsx (Excel, LibreOffice) o ods (LibreOffice, che serve anche qui).",
              "The partners' workbooks as xlsx (Excel, LibreOffice) or ods (LibreOffice, needs it here too)."))
@option("--force", is_flag=True, help=("Sovrascrive i file degli aderenti già nella cartella.",
                                       "Overwrite partner workbooks already in the folder."))
def distribute(district: Path, output: Path, file_format: str, force: bool) -> None:
    from xlsync.partners.distribute import distribute as distribute_files
    from xlsync.workbook import layout
    files = distribute_files(district, output, force=force, file_format=file_format)
    for item in files:
        led = sum(1 for role in item.roles.values() if role == layout.REFERENT)
        involved = len(item.roles) - led
        click.echo(f"{item.path}: {item.member.name} (referente in {led} azioni, coinvolta in {involved})")
    click.echo(f"{len(files)} file da inviare agli aderenti in {output}.")


@cli.command(alias="verifica", help=(
    """Controlla i file restituiti dagli aderenti (FILE o cartelle) senza cambiare nulla.

    Codice di uscita 0 quando ogni file è valido, 1 altrimenti, 2 quando non c'è nessun file da controllare o
    uno di quelli indicati non esiste.
    """,
    """Check returned partner workbooks (FILES or folders) without changing anything.

    Exit code 0 when every file is valid, 1 otherwise, 2 when there is no file to check or one named does not
    exist.
    """))
@argument("files", ("FILE...", "FILES..."), nargs=-1, required=True, type=click.Path(path_type=Path))
@option("--district", type=click.Path(dir_okay=False, path_type=Path), metavar=("DISTRETTO", "DISTRICT"),
        help=("Controlla sul programma di questa cartella del distretto (altrimenti: quello dentro ogni file).",
              "Check against this district workbook's programme (default: the programme inside each file)."))
@_tolerance_option
# Before the command line had --lang, validate had its own: scripts may still pass it here.
@option("--lang", "command_lang", type=click.Choice(LANGUAGES), hidden=True)
@_json_option
def validate(files: tuple[Path, ...], district: Path | None, tolerance: int, command_lang: str | None,
             as_json: bool) -> None:
    from xlsync.partners.merge import collect_inputs
    from xlsync.partners.validate import check_file
    from xlsync.report import render_check, to_json
    from xlsync.workbook.reader import read_district
    lang = command_lang or language()
    check_inputs(files)
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


@cli.command(alias="unisci", help=(
    """Unisce i file restituiti dagli aderenti (RITORNI: file o cartelle) nella cartella DISTRETTO.

    Di ogni file unisce quello che ha cambiato; applica le scelte fatte nel foglio Conflitti.

    Codice di uscita 1 quando un file o una riga sono stati scartati, trattenuti o saltati, o una riga
    è in conflitto.
    """,
    """Merge partner returns (INPUTS: files or folders) into the DISTRICT workbook.

    Of each file, what it changed is merged; the choices made in the sheet Conflitti are applied.

    Exit code 1 when a file or a row was rejected, held back or skipped in this run, or a row is in
    conflict.
    """))
@argument("district", ("DISTRETTO", "DISTRICT"), type=click.Path(dir_okay=False, path_type=Path))
@argument("inputs", ("RITORNI...", "INPUTS..."), nargs=-1, required=True, type=click.Path(path_type=Path))
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def merge(district: Path, inputs: tuple[Path, ...], tolerance: int, confirm: bool, as_json: bool,
          force: bool) -> None:
    from xlsync.partners.merge import collect_inputs
    from xlsync.partners.merge import merge as merge_returns
    from xlsync.report import render_merge
    check_inputs((district, *inputs))
    count = len(collect_inputs(inputs, district))
    if count > 1 and sys.stderr.isatty() and not as_json:
        with click.progressbar(length=count, label="Unione", file=sys.stderr) as bar:
            report = merge_returns(district, inputs, tolerance_days=tolerance, on_file=lambda _: bar.update(1),
                                   confirm=confirm, force=force)
    else:
        report = merge_returns(district, inputs, tolerance_days=tolerance, confirm=confirm, force=force)
    show(report, as_json, render_merge)


@cli.command(alias="sincronizza", help=(
    """Unisce in DISTRETTO quello che è nuovo nella cartella dei ricevuti; se il programma è cambiato
    riscrive i file degli aderenti.

    I file già uniti sono riconosciuti dal contenuto e saltati. Codice di uscita 1 quando un file o
    una riga sono stati scartati, trattenuti o saltati, o un file rifatto non si è potuto scrivere.
    """,
    """Merge what is new in the inbox into DISTRICT; refresh the partners' files if the programme changed.

    Returns already merged are recognised by their content and skipped. Exit code 1 when a file or
    a row was rejected, held back or skipped in this run, or a refreshed file could not be written.
    """))
@argument("district", ("DISTRETTO", "DISTRICT"), type=click.Path(dir_okay=False, path_type=Path))
@option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path), metavar=_FOLDER,
        help=("La cartella dove sono salvati i file ricevuti dagli aderenti.",
              "The folder where the partners' returns are saved."))
@option("--outbox", type=click.Path(file_okay=False, path_type=Path), metavar=_FOLDER,
        help=("Dove scrivere i file degli aderenti rifatti quando il programma è cambiato.",
              "Where to write refreshed partner workbooks when the programme has changed."))
@_tolerance_option
@_confirm_option
@_json_option
@_keep_option
def sync(district: Path, inbox: Path, outbox: Path | None, tolerance: int, confirm: bool, as_json: bool,
         force: bool) -> None:
    from xlsync.partners.sync import sync as sync_district
    from xlsync.report import render_sync
    check_inputs((inbox,), folder=True)
    show(sync_district(district, inbox, outbox, tolerance_days=tolerance, confirm=confirm, force=force), as_json,
          render_sync)


@cli.command(alias="aggiorna", help=(
    """Dà a DISTRETTO un programma cambiato: da PROGRAMMA (un file di programma o una revisione scritta
    da «xlsync import»; con righe «da verificare», solo con --force), o dalle modifiche
    fatte nelle tabelle della cartella stessa (percentuali, richieste, soglia, aggregazione, che cosa
    conta).

    Le evidenze restano attaccate e ogni percentuale è ricalcolata; le righe la cui voce non esiste
    più vanno in «Scarti». I file fatti sul programma precedente si uniscono ancora.
    """,
    """Give DISTRICT a changed programme: from PROGRAMME (a programme file, or a review written by
    "xlsync import"; with rows still to check, only with --force), or from the edits made
    in the district workbook's own tables (percentages, required counts, threshold, aggregation,
    what counts).

    Evidence stays attached and every percentage is recomputed; rows whose scoring line is gone
    move to Scarti. Returns made from the earlier programme are still merged.
    """))
@argument("district", ("DISTRETTO", "DISTRICT"), type=click.Path(dir_okay=False, path_type=Path))
@argument("programme", ("[PROGRAMMA]", "[PROGRAMME]"), required=False, type=click.Path(dir_okay=False, path_type=Path))
@_json_option
@_keep_option
def update(district: Path, programme: Path | None, as_json: bool, force: bool) -> None:
    from xlsync.partners.update import update as update_district
    from xlsync.programme import toml_file as programme_file
    from xlsync.report import render_update, to_json
    if programme and programme_file.is_programme_file(district) and not programme_file.is_programme_file(programme):
        raise messages.error("swapped_arguments", "", district=str(programme), programme=str(district))
    report = update_district(district, _programme(programme, force) if programme else None, force=force)
    if as_json:
        click.echo(to_json(report.as_json()))
        return
    click.echo(render_update(report))


@cli.command(alias="esporta", help=(
    "Scrive la cartella consolidata che l'Agenzia riceve per DISTRETTO.",
    "Write the consolidated workbook the agency receives for DISTRICT."))
@argument("district", ("DISTRETTO", "DISTRICT"), type=click.Path(dir_okay=False, path_type=Path))
@_output_option(("La cartella per l'Agenzia da scrivere (.xlsx, o .ods con LibreOffice).",
                 "The agency's workbook to write (.xlsx, or .ods with LibreOffice)."))
@option("--pdf", is_flag=True, help=("Scrive accanto anche la scheda di autovalutazione in PDF (serve LibreOffice).",
                                     "Also write the self-evaluation as PDF beside it (needs LibreOffice)."))
@_force_option
def export(district: Path, output: Path, pdf: bool, force: bool) -> None:
    from xlsync.agency.export import export as export_district
    from xlsync.report import render_export
    _check_output(output, force, WORKBOOK_SUFFIXES, replaceable="agenzia")
    if output.resolve() == district.resolve():
        raise XlsyncError.of(messages.problem("would_replace", output.name, kind=_KINDS["distretto"]))
    click.echo(render_export(export_district(district, output, pdf=pdf)))


@cli.command(alias="confronta", help=(
    "Che cosa è cambiato da PRIMO a SECONDO (due versioni del file di un aderente o del distretto).",
    "What changed from FIRST to SECOND (two versions of a partner's or a district's workbook)."))
@argument("first", ("PRIMO", "FIRST"), type=click.Path(dir_okay=False, path_type=Path))
@argument("second", ("SECONDO", "SECOND"), type=click.Path(dir_okay=False, path_type=Path))
@_json_option
def diff(first: Path, second: Path, as_json: bool) -> None:
    from xlsync.partners.diff import diff as diff_workbooks
    from xlsync.report import render_diff, to_json
    report = diff_workbooks(first, second)
    click.echo(to_json(report.as_json()) if as_json else render_diff(report, first, second))


@cli.command(alias="riepiloga", help=(
    "La panoramica dell'Agenzia su più DISTRETTI (le loro cartelle per l'Agenzia o del distretto, o cartelle che le "
    "contengono).",
    "The agency's overview of several DISTRICTS (their agency or district workbooks, or folders of them)."))
@argument("districts", ("DISTRETTI...", "DISTRICTS..."), nargs=-1, required=True, type=click.Path(path_type=Path))
@_output_option(("La cartella di panoramica da scrivere (.xlsx).", "The overview workbook to write (.xlsx)."))
@_force_option
@_json_option
def rollup(districts: tuple[Path, ...], output: Path, force: bool, as_json: bool) -> None:
    from xlsync.agency.rollup import rollup as rollup_districts
    from xlsync.report import to_json
    from xlsync.scoring.engine import format_percent
    from xlsync.workbook import layout
    _check_output(output, force)
    check_inputs(districts)
    found = [sorted(p for suffix in WORKBOOK_SUFFIXES for p in path.glob(f"*{suffix}")) if path.is_dir() else [path]
             for path in districts]
    paths = [p for group in found for p in group if not p.name.startswith((".", "~$"))
             and ".backup." not in p.name and p.resolve() != output.resolve()]
    if not paths:
        raise messages.error("no_district_workbooks", ", ".join(map(str, districts)))
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


@cli.command(help=(
    """Fa l'anno sull'esempio incluso (Distretto Family Audit Alta Valsugana 2024).

    lettura del programma pubblicato → new → distribute → i file dei sei aderenti → un file corretto
    → una modifica del programma → i file degli aderenti rifatti → un file sul programma cambiato
    → la cartella per l'Agenzia (e il suo PDF se LibreOffice è installato) → status.
    """,
    """Run the year on the bundled sample (Distretto Family Audit Alta Valsugana 2024).

    import of the published programme → new → distribute → the six members' returns → a corrected
    return → a change of the programme → refreshed member files → a return on the changed programme
    → the agency's workbook (and its PDF when LibreOffice is installed) → status.
    """))
@option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("xlsync-demo"), show_default=True,
        metavar=_FOLDER,
        help=("La cartella per i file che l'esempio scrive.", "Folder for the files the demo writes."))
def demo(out: Path) -> None:
    from xlsync.demo import run_demo
    from xlsync.report import indent, render_export, render_status, render_sync, render_update
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


cli.add_command(addin)
cli.add_command(libreoffice)


# What xlsync writes, by suffix (Italian, English).
_WRITES = {".xlsx": ("cartelle Excel", "Excel workbooks"), ".ods": ("cartelle ODF", "ODF workbooks"),
           ".toml": ("il programma come testo TOML", "the programme as TOML text")}


_KINDS = {"distretto": ("la cartella di lavoro del distretto", "the district workbook"),
          "partner": ("il file di un aderente", "a partner's file"),
          "agenzia": ("la cartella per l'Agenzia", "the agency's workbook")}


def _check_output(output: Path, force: bool, suffixes: tuple[str, ...] = (".xlsx",),
                  replaceable: str | None = None) -> None:
    from xlsync.workbook.reader import read_meta
    """A file xlsync is asked to write: with its suffix, in a folder that exists, and not one that exists
    unless --force; with `replaceable`, never an xlsync workbook of another kind, even with --force."""
    if output.suffix.lower() not in suffixes:
        what = (" o ".join(_WRITES[suffix][0] for suffix in suffixes), " or ".join(_WRITES[suffix][1] for suffix in suffixes))
        raise messages.error("output_suffix", str(output), what=what,
                             suffixes=(" o ".join(suffixes), " or ".join(suffixes)))
    if not output.parent.is_dir():
        raise XlsyncError.of(messages.problem("missing_folder", str(output.parent)))
    if output.exists() and not force:
        raise messages.error("output_exists", str(output), cls=OutputExistsError)
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
