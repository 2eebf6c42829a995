"""How every `xlsync` command fails and ends: its exit codes, its errors as one line, Ctrl+C.

Library errors (`XlsyncError`), what the system refuses (`OSError`: a full disk, a permission), a fault
no check foresaw and Ctrl+C become one line (`Errore: …`), here and nowhere else (`XlsyncGroup.invoke`);
`--verbose` adds the traceback. A name with spaces typed without quotes is named once, with the quotes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import click

from xlsync import messages
from xlsync.cli_language import (
    Command,
    Group,
    language,
    language_asked,
    language_of_environment,
    set_language,
)
from xlsync.errors import XlsyncError

# Exit codes: 0 done, nothing to look at; 1 done, but something asks the user to look (rows or files
# rejected, returns held back or skipped, files not valid); 2 nothing done: an error (the message
# says why) or a wrong command line (click's own); 130 stopped with Ctrl+C, nothing left half done.
DONE, LOOK, FAILED, INTERRUPTED = 0, 1, 2, 130


class Failed(click.ClickException):
    exit_code = FAILED


def check_inputs(paths: tuple[Path, ...], folder: bool = False) -> None:
    """Every file or folder named on the command line exists, or nothing is done (exit code 2)."""
    missing = next((path for path in paths if not path.exists()), None)
    if missing is not None:
        refuse_unquoted_name(list(map(str, paths)))
        raise messages.error("missing_folder" if folder else "missing_file", str(missing))


def refuse_unquoted_name(words: list[str]) -> None:
    """Words that are no file but, joined by spaces, name one that exists: a name typed without quotes
    (every file `distribute` writes has spaces). Said once, with the quotes."""
    missing = [index for index, word in enumerate(words) if not Path(word).exists()]
    for start in range(missing[0] + 1 if missing else 0):
        for end in range(len(words), max(start + 1, missing[0]), -1):
            joined = " ".join(words[start:end])
            if Path(joined).exists():
                raise messages.error("unquoted_name", joined, count=end - start, name=joined)


class XlsyncCommand(Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        words = list(args)  # click's parser consumes the list
        try:
            return super().parse_args(ctx, args)
        except click.UsageError:  # too many arguments: perhaps a name with spaces, typed without quotes
            refuse_unquoted_name(words)
            raise


def show(report, as_json: bool, render) -> None:
    """A merge's or a sync's report, as text or JSON; exit code 1 when something in this run asks to look."""
    from xlsync.report import to_json
    click.echo(to_json(report.as_json()) if as_json else render(report, language()))
    if not report.clean:
        sys.exit(LOOK)


class XlsyncGroup(Group):
    """xlsync's commands: the language set before anything is parsed, every library error turned
    into one `Errore: …` line (exit code 2) here and nowhere else."""

    command_class = XlsyncCommand

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:  # before parsing: `--help --lang en` and usage errors are in the language asked
            set_language(language_asked(args) or language_of_environment())
        return super().make_context(info_name, args, parent, **extra)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's main; standing alone, Ctrl+C at any moment (also while click parses, which alone would
        say "Aborted!") is answered as during a command."""
        answering = signal.getsignal(signal.SIGINT)
        try:
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, False, **extra)
            try:
                code = super().main(args, prog_name, complete_var, False, **extra)
            except (click.exceptions.Abort, KeyboardInterrupt, EOFError):
                interrupted()
            except click.ClickException as exc:
                exc.show()
                sys.exit(exc.exit_code)
            sys.exit(code if isinstance(code, int) else DONE)
        finally:  # other click programs in the same process keep their own words, and their Ctrl+C
            set_language(None)
            with contextlib.suppress(ValueError, TypeError):  # not the main thread; a handler not set from Python
                signal.signal(signal.SIGINT, answering)

    def invoke(self, ctx: click.Context):
        writer = sys.modules.get("xlsync.files.atomic")
        if writer is not None:  # what this command writes, not an earlier one in the same process
            writer.WRITTEN.clear()
        try:
            return super().invoke(ctx)
        except XlsyncError as exc:
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise Failed(exc.text(language())) from exc
        except BrokenPipeError:  # whoever read the output stopped (`| head`): the work is done, the rest unsaid
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor said at exit
            sys.exit(LOOK)
        except OSError as exc:  # what the system refused, with its place
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise Failed(messages.fault(exc).text(language())) from exc
        except KeyboardInterrupt:
            interrupted()
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a fault no check foresaw: still one line, the traceback with --verbose
            if (ctx.obj or {}).get("verbose"):
                traceback.print_exc()
            raise Failed(messages.problem("internal_error", "", detail=f"{type(exc).__name__}: {exc}")
                          .text(language())) from exc


def interrupted(args: list[str] | None = None) -> NoReturn:
    """Ctrl+C: one line and exit code 130 (every write is atomic: nothing was left half done). `args`:
    the command line, when it was not parsed yet (for its language)."""
    with contextlib.suppress(ValueError):  # a second Ctrl+C does not interrupt the answer to the first
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if args is not None:
        set_language(language_asked(args) or language_of_environment())
    writer = sys.modules.get("xlsync.files.atomic")  # imported only by a command that writes
    if writer is not None and writer.WRITTEN:  # the command's work was done: say what was written
        files = ", ".join(str(path) for path in dict.fromkeys(writer.WRITTEN))
        click.echo(messages.problem("interrupted_after_write", "", files=files).text(language()), err=True)
    else:
        click.echo(messages.problem("interrupted", "").text(language()), err=True)
    sys.exit(INTERRUPTED)
