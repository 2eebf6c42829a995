"""Every result as text for a person: the one rendering used by the command line and the Excel add-in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlsync.partners.diff import ADDED, RECEIVED_AGAIN, show
from xlsync.partners.rules import ALREADY_MERGED, MERGED, MERGED_WITH_REJECTS, REFUSED, STATUS_TEXT
from xlsync.programme.model import RuleKind
from xlsync.scoring.engine import format_percent
from xlsync.vocabulary import layout

if TYPE_CHECKING:  # a command imports the reports of what it runs, not every layer's
    from xlsync.agency.export import ExportReport
    from xlsync.partners.diff import DiffReport
    from xlsync.partners.members import MemberProgress
    from xlsync.partners.merge import MergeReport
    from xlsync.partners.sync import SyncReport
    from xlsync.partners.update import UpdateReport
    from xlsync.partners.validate import FileCheck
    from xlsync.scoring.engine import ProgrammeResult


def to_json(value: Any) -> str:
    """A result's `as_json()` as the command line prints it."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def render_diff(report: DiffReport, first: Path, second: Path) -> str:
    """What changed between two versions of a workbook: the programme, then the evidence rows."""
    if report.same:
        return f"Nessuna differenza tra {first.name} e {second.name}."
    lines: list[str] = []
    if report.programme:
        lines.append("Programma:")
        lines += [f"  {change}" for change in report.programme]
    again = [change for change in report.rows if change.kind == RECEIVED_AGAIN]
    shown = [change for change in report.rows if change.kind != RECEIVED_AGAIN]
    if shown:
        lines.append("Evidenze:")
        lines.append(render_row_changes(shown))
    if again:
        files = sorted({str(after) for change in again for column, _, after in change.cells if column == "File"})
        lines.append(f"  {len(again)} righe invariate ricevute di nuovo con un invio più recente"
                   + (f" ({', '.join(files)})" if files else "") + ": cambia solo la provenienza")
    return "\n".join(lines)


def render_row_changes(changes, width: int = 34) -> str:
    """Changed evidence rows as a table: row, change, column, before, after (long values cut)."""
    def cut(text: str) -> str:
        return text if len(text) <= width else text[:width - 1] + "…"

    table = [("Riga", "Modifica", "Colonna", "Prima", "Dopo")]
    for change in changes:
        where = f"riga {change.after or change.before}"
        label = where if change.identity == where else f"{change.identity} ({where})"
        if not change.cells:  # a removed row: what it was
            table.append((label, change.kind, "", cut(change.summary), ""))
        for index, (column, before, after) in enumerate(change.cells):
            table.append((label if index == 0 else "", change.kind if index == 0 else "", column,
                          "" if change.kind == ADDED else cut(show(before)), cut(show(after))))
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    return "\n".join("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table)


def indent(text: str) -> str:
    return "\n".join(f"   {line}" for line in text.splitlines())


def render_status(result: ProgrammeResult) -> str:
    """The status as a table: each action, its realisation and what each indicator still misses."""
    title_width = 74
    lines = [_status_title(result), "", f"{'Azione':<7} {'Real.':>7}  {'Conta':<5}  Titolo / cosa manca"]
    for code, value, counts, text in _status_rows(result):
        if code:
            title = text if len(text) <= title_width else text[: title_width - 1] + "…"
            lines.append(f"{code:<7} {value:>7}  {counts:<5}  {title}")
        else:
            lines.append(f"{'':<26}{text}")
    lines += ["", _realisation(result)]
    return "\n".join(lines)


def status_table(result: ProgrammeResult, members: list[MemberProgress]) -> dict[str, Any]:
    """The status as tables, for the LibreOffice extension's «Stato»: the verdict first, the actions as
    `render_status` lists them, the members as `render_members` does."""
    return {
        "title": _status_title(result),
        "verdict": _realisation(result),
        "eligible": result.eligible,
        "actions": {"columns": ["Azione", "Realizzazione", "Conta", "Titolo / cosa manca"],
                    "rows": [list(row) for row in _status_rows(result)]},
        "members": {"columns": ["Aderente", "Invii", "Ultimo invio", "Righe", "Referente di"],
                    "rows": [list(_member_cells(member)) for member in members]},
        "members_note": _silent_note([member for member in members if member.last_return is None]),
    }


def _status_title(result: ProgrammeResult) -> str:
    return f"{result.district} — programma di lavoro {result.year}"


def _status_rows(result: ProgrammeResult) -> list[tuple[str, str, str, str]]:
    """(code, realisation, counts, title) for each action, then ("", "", "", "code: what is missing") for
    each of its indicators that still misses something."""
    rows = []
    for action in result.actions:
        rows.append((action.code, format_percent(action.value), "sì" if action.counts else "no", action.title))
        for indicator in action.indicators:
            if indicator.missing and indicator.kind is not RuleKind.LINKED:  # the project's own row says it
                rows.append(("", "", "", f"{indicator.code}: {indicator.missing}"))
    return rows


def render_members(members: list[MemberProgress], behind: list[MemberProgress], days: int | None,
                   hint: bool = True) -> str:
    """Each member: returns merged, the last one's date, rows, the actions it leads; then who is behind."""
    if not members:
        return "Nessun aderente nel programma."
    width = max([len("Aderente")] + [len(member.name) for member in members])
    lines = [f"{'Aderente':<{width}}  Invii  Ultimo invio  Righe  Referente di"]
    for member in members:
        name, returns, last, rows, leads = _member_cells(member)
        lines.append(f"{name:<{width}}  {returns:>5}  {last:<12}  {rows:>5}  {leads}".rstrip())
    late = [member.name for member in behind if member.last_return is not None]
    lines.append("")
    lines.append(_silent_note([member for member in behind if member.last_return is None]))
    if days is not None:
        lines.append(f"Niente da più di {days} giorni: {', '.join(late)}" if late
                     else f"Tutti hanno inviato negli ultimi {days} giorni.")
    if behind and hint:
        lines.append("Solleciti pronti con --reminders (o --reminders-dir CARTELLA).")
    return "\n".join(lines)


def _member_cells(member: MemberProgress) -> tuple[str, str, str, str, str]:
    last = f"{member.last_return:%d/%m/%Y}" if member.last_return else "-"
    return member.name, str(member.returns), last, str(member.rows), ", ".join(member.leads) or "-"


def _silent_note(silent: list[MemberProgress]) -> str:
    if not silent:
        return "Tutti gli aderenti hanno inviato evidenze."
    return f"Nessun invio: {', '.join(member.name for member in silent)}"


def render_check(check: FileCheck, lang: str = "it") -> str:
    """A file's check as text: a verdict line, then every problem."""
    errors = check.errors
    warnings = len(check.problems) - errors
    if lang == "en":
        verdict = "valid" if check.valid else f"{errors} error{'s' if errors != 1 else ''}"
        line = f"{check.path.name}: {verdict} ({len(check.rows)} rows"
        line += f", {warnings} warning{'s' if warnings != 1 else ''})" if warnings else ")"
    else:
        verdict = "valido" if check.valid else f"{errors} error{'i' if errors != 1 else 'e'}"
        line = f"{check.path.name}: {verdict} ({len(check.rows)} righe"
        line += f", {warnings} avvis{'i' if warnings != 1 else 'o'})" if warnings else ")"
    return "\n".join([line] + [f"  {flag(problem, lang)}{problem.text(lang)}" for problem in check.problems])


def flag(problem, lang: str = "it") -> str:
    """What a warning's line starts with ("avviso: "); nothing for an error."""
    return ("warning: " if lang == "en" else "avviso: ") if problem.warning else ""


def render_sync(report: SyncReport, lang: str = "it") -> str:
    lines = [render_merge(report.merge, lang)]
    lines += [f"File aggiornato per {member.name}: {path} (con le sue evidenze)" for member, path in report.refreshed]
    if report.ready:
        lines.append(f"{len(report.ready)} file aggiornati erano già pronti in {report.ready[0][1].parent}.")
    lines += [f"Spostato in {now.parent}: {was.name}, sostituito dal file aggiornato (da non inviare)"
              for was, now in report.replaced]
    if report.outbox_problem:
        lines.append(f"File aggiornati non scritti: {report.outbox_problem.text()}")
    return "\n".join(lines)


def render_update(report: UpdateReport) -> str:
    lines = [f"{flag(note)}{note.text()}" for note in report.notes]
    lines += [f"Modifica ignorata: {note}" for note in report.ignored_edits]
    if not report.written:
        return "\n".join(lines + [f"Nessuna modifica al programma: {report.district} è rimasto com'era."])
    lines.append("Modifiche al programma:")
    lines += [f"  {change}" for change in report.changes]
    lines += [f"Spostata in «Scarti»: {row.row_id or row.code} ({row.description}): la sua voce non esiste più"
              for row in report.moved_to_rejects]
    lines.append(f"Aggiornato {report.district} (versione precedente in {report.district.with_name(report.backup.name)}).")
    return "\n".join(lines + [_realisation(report.result)])


def render_export(report: ExportReport) -> str:
    lines = [f"Scritto {report.workbook}: cartella per l'Agenzia, realizzazione {format_percent(report.result.value)}."]
    if report.pdf:
        lines.append(f"Scritto {report.pdf}: scheda di autovalutazione da stampare.")
    return "\n".join(lines)


def _realisation(result: ProgrammeResult) -> str:
    verdict = layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT
    return f"Realizzazione del programma: {format_percent(result.value)} (soglia {format_percent(result.threshold)}): {verdict}"


def open_conflicts(count: int) -> str:
    return (f"Conflitti aperti: {count}: scegliere nella colonna «{layout.CONFLICT_HEADERS[layout.CONFLICT_CHOICE_COLUMN]}» "
            f"del foglio «{layout.CONFLICTS}», poi unire di nuovo")


def render_merge(report: MergeReport, lang: str = "it") -> str:
    """A merge as text; its problems in `lang` (the catalogue's English with "en"), the rest in Italian."""
    lines = [f"{flag(note, lang)}{note.text(lang)}" for note in report.notes]
    seen = [outcome for outcome in report.files if outcome.status == ALREADY_MERGED]
    if seen:  # an inbox is merged again and again: what did not change takes one line
        names = ", ".join(outcome.partner or outcome.file.name for outcome in seen)
        lines.append(f"Già uniti e non cambiati: {len(seen)} file ({names})")
    for outcome in report.files:
        if outcome.status == ALREADY_MERGED:
            continue
        c = outcome.counts
        partner = f" ({outcome.partner})" if outcome.partner else ""
        head = f"{outcome.file.name}{partner}: {STATUS_TEXT[outcome.status]}"
        if outcome.status == REFUSED:
            head += f": le sue {c.read} righe vanno in «Scarti»"
        elif outcome.status in (MERGED, MERGED_WITH_REJECTS):
            head += (f": {c.read} righe lette, {c.added} aggiunte, {c.updated} aggiornate, {c.unchanged} invariate, "
                     f"{c.rejected} scartate" + (f", {c.conflicts} in conflitto" if c.conflicts else "")
                     + (f", {c.removed} rimosse (in «Scarti»)" if c.removed else ""))
        elif outcome.reason:  # held back, skipped, unreadable: why
            head += f": {outcome.reason}"
        lines.append(head)
        if outcome.status in (MERGED, MERGED_WITH_REJECTS, REFUSED):
            lines += [f"  {flag(problem, lang)}{problem.text(lang)}" for problem in outcome.problems]
    t = report.totals
    lines.append(f"Totale: {t.read} righe lette = {t.added} aggiunte + {t.updated} aggiornate + {t.unchanged} invariate "
                 f"+ {t.rejected} scartate" + (f" + {t.held} trattenute" if t.held else "")
                 + (f" + {t.conflicts} in conflitto" if t.conflicts else "") + (f"; {t.removed} rimosse" if t.removed else ""))
    if report.open_conflicts:
        lines.append(open_conflicts(report.open_conflicts))
    if report.written:
        lines.append(f"Aggiornato {report.district} (versione precedente in {report.district.with_name(report.backup.name)}).")
        lines.append(_realisation(report.result))
    else:
        lines.append(f"Nessuna modifica: {report.district} è rimasto com'era.")
    return "\n".join(lines)
