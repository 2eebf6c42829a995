"""xlsync's commands in the office suites: what the Excel add-in's buttons and the LibreOffice extension's
menu run. Each is one call of the application layer, answered as the manager sees it: an exit code (as the
command line's), the text to show and, for the status, the tables of its dialog. A command never raises:
what went wrong is its text."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xlsync import application, messages
from xlsync.catalogue.commands import say
from xlsync.errors import XlsyncError

DONE, LOOK, FAILED = 0, 1, 2  # as the command line's exit codes (cli_group)


@dataclass(frozen=True)
class Answer:
    code: int  # DONE, LOOK (done, but something asks the manager to look) or FAILED (nothing done: the text says why)
    text: str
    table: dict[str, Any] | None = None  # the status's tables (`report.status_table`)


def merge(district: str, folder: str, lang: str = "it") -> Answer:
    """Unisci invii: the returns saved in a folder merged into the district workbook."""
    from xlsync.report import render_merge
    report = application.merge_returns(district, [folder])
    return Answer(DONE if report.clean else LOOK, render_merge(report, lang))


def distribute(district: str, folder: str, lang: str = "it") -> Answer:
    """Distribuisci: one workbook per member organisation, in a folder."""
    return Answer(DONE, application.distribute(district, folder).text(lang))


def validate(district: str, folder: str, lang: str = "it") -> Answer:
    """Verifica: the returns in a folder checked against the district's programme, changing nothing."""
    checked = application.validate_returns([folder], district)
    return Answer(DONE if checked.valid else LOOK, checked.text(lang))


def update(district: str, programme: str = "", lang: str = "it") -> Answer:
    """Aggiorna: the programme's numbers changed in the workbook adopted (or a programme file's or review's)."""
    from xlsync.report import render_update
    return Answer(DONE, render_update(application.update_district(district, programme or None).report))


def status(district: str, lang: str = "it") -> Answer:
    """Stato: the programme's realisation, what is missing and what each member sent."""
    from xlsync.report import render_status, status_table
    found = application.district_status(district)
    return Answer(DONE, render_status(found.result), status_table(found.result, found.members))


def export(district: str, output: str, pdf: bool | None = None, lang: str = "it") -> Answer:
    """Esporta per l'Agenzia: the agency's workbook (the suite's own dialog asked before replacing a file) and
    its PDF (by default where LibreOffice is installed)."""
    from xlsync.report import render_export
    if pdf is None:
        from xlsync.libreoffice.soffice import soffice
        pdf = soffice() is not None
    return Answer(DONE, render_export(application.export_district(district, output, pdf=pdf, force=True)))


COMMANDS: dict[str, Callable[..., Answer]] = {
    "merge": merge, "distribute": distribute, "validate": validate, "update": update, "status": status,
    "export": export}


def run(command: str, *arguments: Any, lang: str = "it") -> Answer:
    """The command run, whatever happens: a library error, what the system refused, a fault no check foresaw
    (with what to send to whoever looks after xlsync)."""
    try:
        return COMMANDS[command](*arguments, lang=lang)
    except XlsyncError as exc:
        return Answer(FAILED, exc.text(lang))
    except OSError as exc:
        return Answer(FAILED, messages.fault(exc).text(lang))
    except Exception as exc:  # an unexpected failure still reaches the manager, with what to send
        detail = say("unexpected", lang, detail=f"{type(exc).__name__}: {exc}")
        return Answer(FAILED, f"{detail}\n\n{traceback.format_exc(limit=3)}")
