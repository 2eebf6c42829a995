"""The `xlsync` command: parse arguments, make one library call, report.

Library errors (`XlsyncError`) become one `Error: …` line and exit code 1, in one place
(`_Group.invoke`); `--verbose` adds the traceback.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__, programme_file
from .demo import run_demo
from .errors import OutputExistsError, XlsyncError
from .model import RuleKind
from .scoring import ProgrammeResult, format_percent
from .status import status as district_status
from .writer import write_district


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except XlsyncError as exc:
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise click.ClickException(str(exc)) from exc


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
              help="The district workbook to write (.xlsx).")
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
def new(programme: Path, output: Path, force: bool) -> None:
    """Write the district workbook for PROGRAMME (a programme file)."""
    if output.exists() and not force:
        raise OutputExistsError(f"{output} esiste già: usare --force per sovrascriverlo.")
    loaded = programme_file.load(programme)
    result = write_district(loaded, output)
    click.echo(f"Scritto {output}: {loaded.district} {loaded.year}, {len(loaded.actions)} azioni, "
               f"{len(loaded.indicators)} indicatori, {len(loaded.lines)} voci "
               f"(realizzazione {format_percent(result.value)}).")


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def status(workbook: Path, as_json: bool) -> None:
    """Show how far the district WORKBOOK's programme is realised and what is missing."""
    result = district_status(workbook)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_status(result))


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("xlsync-demo"),
              show_default=True, help="Folder for the files the demo writes.")
def demo(out: Path) -> None:
    """Run the whole flow on the bundled sample (Distretto Family Audit Alta Valsugana 2024)."""
    outcome = run_demo(out)
    click.echo(f"Programma: {outcome.programme_file.name}")
    click.echo(f"Evidenze di esempio: {outcome.evidence_rows} righe dei sei aderenti")
    click.echo(f"Cartella del distretto: {outcome.district_file}")
    click.echo("")
    click.echo(render_status(outcome.result))
    click.echo("")
    click.echo(f"Aprire {outcome.district_file} in Excel o LibreOffice: foglio «Riepilogo» per le percentuali, "
               "«Evidenze» per aggiungere righe.")


def render_status(result: ProgrammeResult) -> str:
    """The status as a table: each action, its realisation and what each indicator still misses."""
    title_width = 74
    lines = [f"{result.district} — programma di lavoro {result.year}", "",
             f"{'Azione':<7} {'Real.':>7}  {'Conta':<5}  Titolo / cosa manca"]
    for action in result.actions:
        title = action.title if len(action.title) <= title_width else action.title[: title_width - 1] + "…"
        lines.append(f"{action.code:<7} {format_percent(action.value):>7}  {'sì' if action.counts else 'no':<5}  {title}")
        for indicator in action.indicators:
            if indicator.missing and indicator.kind is not RuleKind.LINKED:  # the project's own row says it
                lines.append(f"{'':<26}{indicator.code}: {indicator.missing}")
    verdict = "AMMISSIBILE" if result.eligible else "NON AMMISSIBILE"
    lines += ["", f"Realizzazione del programma: {format_percent(result.value)} "
                  f"(soglia {format_percent(result.threshold)}): {verdict}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="xlsync")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
