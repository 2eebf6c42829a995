"""Every result as text for a person: the one rendering used by the command line and the Excel add-in.

Each renderer speaks the language asked (`lang`), or the language of the moment; its words are in
`xlsync/catalogue/reports.py`. What the programme names (titles, units, members) stays as it is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlsync.messages import language, text
from xlsync.partners.diff import ADDED, RECEIVED_AGAIN, show
from xlsync.partners.rules import ALREADY_MERGED, MERGED, MERGED_WITH_REJECTS, REFUSED
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


def render_diff(report: DiffReport, first: Path, second: Path, lang: str | None = None) -> str:
    """What changed between two versions of a workbook: the programme, then the evidence rows."""
    lang = lang or language()
    if report.same:
        return text("diff_same", lang, first=first.name, second=second.name)
    lines: list[str] = []
    if report.programme:
        lines.append(text("diff_programme", lang))
        lines += [f"  {change.text(lang)}" for change in report.programme]
    again = [change for change in report.rows if change.kind == RECEIVED_AGAIN]
    shown = [change for change in report.rows if change.kind != RECEIVED_AGAIN]
    if shown:
        lines.append(text("diff_evidence", lang))
        lines.append(render_row_changes(shown, lang=lang))
    if again:
        files = sorted({str(after) for change in again for column, _, after in change.cells if column == "File"})
        lines.append(text("received_again", lang, n=len(again), files=f" ({', '.join(files)})" if files else ""))
    return "\n".join(lines)


def render_row_changes(changes, width: int = 34, lang: str | None = None) -> str:
    """Changed evidence rows as a table: row, change, column, before, after (long values cut)."""
    lang = lang or language()

    def cut(value: str) -> str:
        return value if len(value) <= width else value[:width - 1] + "…"

    table = [tuple(text("changes_header", lang).split("|"))]
    for change in changes:
        row = change.after or change.before
        where = text("row_at", lang, row=row)
        label = where if change.identity == text("row_at", "it", row=row) else f"{change.identity} ({where})"
        kind = text(f"change_{change.kind}", lang)
        if not change.cells:  # a removed row: what it was
            table.append((label, kind, "", cut(change.summary), ""))
        for index, (column, before, after) in enumerate(change.cells):
            table.append((label if index == 0 else "", kind if index == 0 else "", column,
                          "" if change.kind == ADDED else cut(show(before, lang)), cut(show(after, lang))))
    return _table(table, "<<<<<", indent="  ")


def _table(rows: list[tuple[str, ...]], align: str, indent: str = "") -> str:
    """Rows as columns as wide as their widest cell, each aligned left ("<") or right (">")."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(align))]
    return "\n".join(indent + "  ".join(f"{cell:{align[i]}{widths[i]}}" for i, cell in enumerate(row)).rstrip()
                     for row in rows)


def indent(lines: str) -> str:
    return "\n".join(f"   {line}" for line in lines.splitlines())


def render_status(result: ProgrammeResult, lang: str | None = None) -> str:
    """The status as a table: each action, its realisation and what each indicator still misses."""
    lang = lang or language()
    title_width = 74
    action, real, counts_word, title_word = text("status_header", lang).split("|")
    width = max(5, len(counts_word))
    lines = [_status_title(result, lang), "", f"{action:<7} {real:>7}  {counts_word:<{width}}  {title_word}"]
    for code, value, counts, title in _status_rows(result, lang):
        if code:
            title = title if len(title) <= title_width else title[: title_width - 1] + "…"
            lines.append(f"{code:<7} {value:>7}  {counts:<{width}}  {title}")
        else:
            lines.append(f"{'':<{width + 21}}{title}")
    lines += ["", _realisation(result, lang)]
    return "\n".join(lines)


def status_table(result: ProgrammeResult, members: list[MemberProgress], lang: str | None = None) -> dict[str, Any]:
    """The status as tables, for the LibreOffice extension's «Stato»: the verdict first, the actions as
    `render_status` lists them, the members as `render_members` does."""
    lang = lang or language()
    return {
        "title": _status_title(result, lang),
        "verdict": _realisation(result, lang),
        "eligible": result.eligible,
        "actions": {"columns": text("status_columns", lang).split("|"),
                    "rows": [list(row) for row in _status_rows(result, lang)]},
        "members": {"columns": text("members_header", lang).split("|"),
                    "rows": [list(_member_cells(member)) for member in members]},
        "members_note": _silent_note([member for member in members if member.last_return is None], lang),
    }


def _status_title(result: ProgrammeResult, lang: str) -> str:
    return text("status_title", lang, district=result.district, year=result.year)


def _status_rows(result: ProgrammeResult, lang: str) -> list[tuple[str, str, str, str]]:
    """(code, realisation, counts, title) for each action, then ("", "", "", "code: what is missing") for
    each of its indicators that still misses something."""
    rows = []
    for action in result.actions:
        rows.append((action.code, format_percent(action.value), text("yes" if action.counts else "no", lang), action.title))
        for indicator in action.indicators:
            if indicator.missing and indicator.kind is not RuleKind.LINKED:  # the project's own row says it
                rows.append(("", "", "", f"{indicator.code}: {indicator.missing_text(lang)}"))
    return rows


def render_members(members: list[MemberProgress], behind: list[MemberProgress], days: int | None,
                   hint: bool = True, lang: str | None = None) -> str:
    """Each member: returns merged, the last one's date, rows, the actions it leads; then who is behind."""
    lang = lang or language()
    if not members:
        return text("no_members", lang)
    lines = [_table([tuple(text("members_header", lang).split("|"))] + [_member_cells(member) for member in members],
                    "<><><")]
    late = [member.name for member in behind if member.last_return is not None]
    lines.append("")
    lines.append(_silent_note([member for member in behind if member.last_return is None], lang))
    if days is not None:
        lines.append(text("behind", lang, days=days, names=", ".join(late)) if late
                     else text("all_recent", lang, n=days))
    if behind and hint:
        lines.append(text("reminders_ready", lang))
    return "\n".join(lines)


def _member_cells(member: MemberProgress) -> tuple[str, str, str, str, str]:
    last = f"{member.last_return:%d/%m/%Y}" if member.last_return else "-"
    return member.name, str(member.returns), last, str(member.rows), ", ".join(member.leads) or "-"


def _silent_note(silent: list[MemberProgress], lang: str) -> str:
    if not silent:
        return text("all_sent", lang)
    return text("none_sent", lang, names=", ".join(member.name for member in silent))


def render_check(check: FileCheck, lang: str | None = None) -> str:
    """A file's check as text: a verdict line, then every problem."""
    lang = lang or language()
    errors = check.errors
    warnings = len(check.problems) - errors
    verdict = text("valid", lang) if check.valid else text("errors", lang, n=errors)
    line = f"{check.path.name}: {verdict} ({text('rows', lang, n=len(check.rows))}"
    line += f", {text('warnings', lang, n=warnings)})" if warnings else ")"
    return "\n".join([line] + [f"  {flag(problem, lang)}{problem.text(lang)}" for problem in check.problems])


def flag(problem, lang: str | None = None) -> str:
    """What a warning's line starts with ("avviso: "); nothing for an error."""
    return text("warning_flag", lang) if problem.warning else ""


def render_sync(report: SyncReport, lang: str | None = None) -> str:
    lang = lang or language()
    lines = [render_merge(report.merge, lang)]
    lines += [text("refreshed", lang, member=member.name, path=path) for member, path in report.refreshed]
    if report.ready:
        lines.append(text("ready", lang, n=len(report.ready), folder=report.ready[0][1].parent))
    lines += [text("replaced", lang, folder=now.parent, name=was.name) for was, now in report.replaced]
    if report.outbox_problem:
        lines.append(text("outbox_problem", lang, problem=report.outbox_problem.text(lang)))
    return "\n".join(lines)


def render_update(report: UpdateReport, lang: str | None = None) -> str:
    lang = lang or language()
    lines = [f"{flag(note, lang)}{note.text(lang)}" for note in report.notes]
    lines += [text("ignored_edit", lang, note=note.text(lang)) for note in report.ignored_edits]
    if not report.written:
        return "\n".join(lines + [text("programme_unchanged", lang, district=report.district)])
    lines.append(text("programme_changes", lang))
    lines += [f"  {change.text(lang)}" for change in report.changes]
    lines += [text("moved_to_rejects", lang, row=row.row_id or row.code, description=row.description)
              for row in report.moved_to_rejects]
    lines.append(text("district_updated", lang, district=report.district,
                      backup=report.district.with_name(report.backup.name)))
    return "\n".join(lines + [_realisation(report.result, lang)])


def render_export(report: ExportReport, lang: str | None = None) -> str:
    lang = lang or language()
    lines = [text("export_written", lang, workbook=report.workbook, value=format_percent(report.result.value))]
    if report.pdf:
        lines.append(text("export_pdf", lang, pdf=report.pdf))
    return "\n".join(lines)


def _realisation(result: ProgrammeResult, lang: str) -> str:
    verdict = text("eligible" if result.eligible else "not_eligible", lang)
    return text("realisation", lang, value=format_percent(result.value), threshold=format_percent(result.threshold),
                verdict=verdict)


def open_conflicts(count: int, lang: str | None = None) -> str:
    return text("open_conflicts", lang, n=count, column=layout.CONFLICT_HEADERS[layout.CONFLICT_CHOICE_COLUMN],
                sheet=layout.CONFLICTS)


def render_merge(report: MergeReport, lang: str | None = None) -> str:
    """A merge as text: what was done with each file, the totals, the district written or not."""
    lang = lang or language()
    lines = [f"{flag(note, lang)}{note.text(lang)}" for note in report.notes]
    seen = [outcome for outcome in report.files if outcome.status == ALREADY_MERGED]
    if seen:  # an inbox is merged again and again: what did not change takes one line
        names = ", ".join(outcome.partner or outcome.file.name for outcome in seen)
        lines.append(text("already_merged", lang, n=len(seen), names=names))
    for outcome in report.files:
        if outcome.status == ALREADY_MERGED:
            continue
        c = outcome.counts
        partner = f" ({outcome.partner})" if outcome.partner else ""
        head = f"{outcome.file.name}{partner}: {text(f'outcome_{outcome.status}', lang)}"
        if outcome.status == REFUSED:
            head += ": " + text("refused_rows", lang, n=c.read)
        elif outcome.status in (MERGED, MERGED_WITH_REJECTS):
            head += ": " + ", ".join(_counts(c, lang, read=True, conflicts=True, removed=True))
        elif outcome.reason:  # held back, skipped, unreadable: why
            head += f": {outcome.reason_text(lang)}"
        lines.append(head)
        if outcome.status in (MERGED, MERGED_WITH_REJECTS, REFUSED):
            lines += [f"  {flag(problem, lang)}{problem.text(lang)}" for problem in outcome.problems]
    t = report.totals
    read, *taken = _counts(t, lang, read=True, held=True, conflicts=True)
    lines.append(text("total", lang, counts=f"{read} = {' + '.join(taken)}")
                 + (f"; {text('rows_removed', lang, n=t.removed)}" if t.removed else ""))
    if report.open_conflicts:
        lines.append(open_conflicts(report.open_conflicts, lang))
    if report.written:
        lines.append(text("district_updated", lang, district=report.district,
                          backup=report.district.with_name(report.backup.name)))
        lines.append(_realisation(report.result, lang))
    else:
        lines.append(text("district_unchanged", lang, district=report.district))
    return "\n".join(lines)


def _counts(c, lang: str, read: bool = False, held: bool = False, conflicts: bool = False,
            removed: bool = False) -> list[str]:
    """A merge's counts in words that agree with them: read, then added, updated, unchanged, rejected,
    and (when not zero) held back, in conflict, removed."""
    words = [text("rows_read", lang, n=c.read)] if read else []
    words += [text(key, lang, n=value) for key, value in (("rows_added", c.added), ("rows_updated", c.updated),
                                                           ("rows_unchanged", c.unchanged), ("rows_rejected", c.rejected))]
    words += [text("rows_held", lang, n=c.held)] if held and c.held else []
    words += [text("rows_in_conflict", lang, n=c.conflicts)] if conflicts and c.conflicts else []
    words += [text("rows_removed", lang, n=c.removed) + text("to_rejects", lang)] if removed and c.removed else []
    return words
