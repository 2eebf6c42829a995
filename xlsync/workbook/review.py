"""The programme as a review workbook: what `xlsync import` read, for the manager to read and correct
in a spreadsheet before `xlsync new`.

«Programma» holds the header data and the readings that belong to no action; «Azioni» one row per
action, indicator and unit type, with the published words, where they are, the reading in plain
Italian, its fields (with dropdowns) and a status: «letto», «da verificare» (highlighted, saying
why), «confermato»; «Aderenti» the members. A hidden sheet keeps the programme as its programme
file says it; what the visible sheets show is read back over it, so that every edit counts and
nothing they do not show is lost.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem, ProgrammeError
from xlsync.programme.model import Action, Indicator, Member, Programme, RuleKind, ScoringLine, structural_problems
from xlsync.programme.toml_file import dumps, loads

READ, TO_CHECK, CONFIRMED = "letto", "da verificare", "confermato"
STATUSES = (READ, TO_CHECK, CONFIRMED)
KINDS = {"per unità": RuleKind.PER_UNIT, "almeno": RuleKind.AT_LEAST, "sì/no": RuleKind.YES_NO,
         "collegata": RuleKind.LINKED, "manuale": RuleKind.MANUAL}
KIND_LABELS = {kind: label for label, kind in KINDS.items()} | {RuleKind.PER_DISTINCT: "per unità"}
YES, NO = "sì", "no"
PROGRAMME_SHEET, ACTIONS_SHEET, MEMBERS_SHEET, HIDDEN_SHEET = "Programma", "Azioni", "Aderenti", "xlsync"
MARK = "revisione del programma xlsync 1"  # the hidden sheet's first cell: what the workbook is
ACTION_COLUMNS = ("Codice", "Riga", "Area", "Titolo o testo", "Testo pubblicato", "Dove", "Lettura", "Tipo",
                  "Percentuale", "Almeno", "Unità", "Per organizzazione", "Collegata a", "Conta", "Stato", "Perché")
MEMBER_COLUMNS = ("Nome", "Sigla", "Codice fiscale", "Data adesione", "Marchio Family in Trentino",
                  "Marchio Family Audit", "Stato", "Perché")
ACTION_WIDTHS = (8, 10, 5, 36, 40, 17, 30, 11, 11, 7, 20, 13, 10, 6, 13, 45)
HEADER_FIELDS = ("Distretto", "Anno", "Determinazione numero", "Determinazione data", "Capofila", "Dipendenti",
                 "Soglia di realizzazione")
_CHUNK = 30000  # characters of the programme file per hidden cell (a cell holds 32,767)


@dataclass(frozen=True)
class Pending:
    """A row still «da verificare»: sheet, row as the spreadsheet numbers it, why."""

    sheet: str
    row: int
    reason: str


@dataclass(frozen=True)
class Review:
    programme: Programme
    pending: tuple[Pending, ...]


# -- the reading in plain Italian -----------------------------------------------------------------

def percent_words(fraction: float) -> str:
    """0.2 → "20%", 1/6 → "16,67%"."""
    return f"{fraction * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def plain_reading(indicator: Indicator, programme: Programme) -> str:
    """How xlsync scores the indicator, as a sentence: «100% con almeno 3 verbali»."""
    kind, lines = indicator.kind, indicator.lines
    if kind is RuleKind.LINKED:
        target = next((a for a in programme.actions if a.code == indicator.linked_to), None)
        return f"uguale alla realizzazione di {indicator.linked_to}" + (f" «{target.title}»" if target else "")
    if kind is RuleKind.MANUAL:
        return "percentuale scritta dal Manager territoriale"
    if kind is RuleKind.YES_NO:
        return "100% con " + (lines[0].unit if lines and lines[0].unit else "l'evidenza")
    if kind is RuleKind.AT_LEAST:
        return f"100% con almeno {lines[0].required} {lines[0].unit}, prima 0%" if lines else ""
    each = [f"{line.unit}: {percent_words(line.percent or 0)} per unità" for line in lines]
    if kind is RuleKind.PER_DISTINCT:
        each = [f"{text}, ogni organizzazione contata una volta" for text in each]
    if len(lines) == 1 and lines[0].percent:
        return f"{each[0]}, 100% da {math.ceil(1 / lines[0].percent - 1e-9)}"
    return "; ".join(each) + "; in tutto al massimo 100%"


def reading_formula(row: int, units: int) -> str:
    """`plain_reading` as a formula of the fields of the indicator on `row` (as the sheet numbers it)
    and of its `units` unit types' rows below it: the sentence follows every correction."""
    percent, at_least, unit, distinct, linked = (f"{column}{row}" for column in "IJKLM")
    kind = {rule_kind: f'H{row}="{label}"' for label, rule_kind in KINDS.items()}

    def per_unit(line: int) -> str:
        return (f'K{line}&": "&{_percent_formula(f"I{line}")}&" per unità"&IF({distinct}="{YES}",'
                '", ogni organizzazione contata una volta","")')

    if units:
        counted = '&"; "&'.join(per_unit(line) for line in range(row + 1, row + units + 1)) + '&"; in tutto al massimo 100%"'
    else:
        counted = (f'{per_unit(row)}&IF(N({percent})>0,", 100% da "&ROUNDUP(1/{percent}-1E-9,0),'
                   '"; in tutto al massimo 100%")')
    return (f'=IFERROR(IF({kind[RuleKind.LINKED]},"uguale alla realizzazione di "&{linked}&IFERROR(" «"&'
            f'INDEX($D:$D,MATCH({linked},$A:$A,0))&"»",""),IF({kind[RuleKind.MANUAL]},"percentuale scritta dal '
            f'Manager territoriale",IF({kind[RuleKind.YES_NO]},"100% con "&IF({unit}="","l\'evidenza",{unit}),'
            f'IF({kind[RuleKind.AT_LEAST]},"100% con almeno "&{at_least}&" "&{unit}&", prima 0%",'
            f'IF({kind[RuleKind.PER_UNIT]},{counted},""))))),"")')


def _percent_formula(cell: str) -> str:
    """`percent_words` as a formula: 0.2 → "20%", 1/6 → "16,67%", whatever the office's language."""
    shown = f"ROUND({cell}*100,2)"
    cents = f"(ROUND({cell}*10000,0)-INT({shown})*100)"
    return f'INT({shown})&IF({shown}=INT({shown}),"",","&IF(MOD({cents},10)=0,{cents}/10,RIGHT("0"&{cents},2)))&"%"'


# -- writing --------------------------------------------------------------------------------------

def write_review(imported, path: str | Path, source_name: str) -> None:
    """Write the review workbook of an import (`published.Imported`): .xlsx, or .ods through LibreOffice."""
    from xlsync.files.atomic import write_atomically
    from xlsync.libreoffice.odf import is_ods, write_ods

    path = Path(path)
    if is_ods(path):
        write_ods(path, lambda package: _write(imported, package, source_name, path.name))
    else:
        write_atomically(path, lambda temporary: _write(imported, temporary, source_name, path.name))


def _flags(imported) -> tuple[dict[str, list[str]], list[Any]]:
    """Each check on the rows of its action or indicator (an area's on its actions); the others apart."""
    programme = imported.programme
    rows: dict[str, list[str]] = {}
    apart = []
    for check in imported.checks:
        codes = [a.code for a in programme.actions if a.area == check.code][:1] or (
            [check.code] if any(check.code in (a.code, *(i.code for i in a.indicators)) for a in programme.actions)
            else [])
        for code in codes:
            rows.setdefault(code, []).append(str(check))
        if not codes:
            apart.append(check)
    return rows, apart


def _write(imported, path: str, source_name: str, file_name: str) -> None:
    import xlsxwriter

    programme = imported.programme
    flagged, apart = _flags(imported)
    book = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False})
    f = _Formats(book)
    _programme_sheet(book, f, programme, apart, source_name, file_name)
    _actions_sheet(book, f, programme, flagged, imported.sources)
    _members_sheet(book, f, programme)
    hidden = book.add_worksheet(HIDDEN_SHEET)
    hidden.hide()
    text = dumps(programme)
    hidden.write_string(0, 0, MARK)
    for index in range(0, len(text), _CHUNK):
        hidden.write_string(1 + index // _CHUNK, 0, text[index:index + _CHUNK])
    book.close()


class _Formats:
    def __init__(self, book):
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.note = book.add_format({"text_wrap": True, "valign": "top", "italic": True})
        self.head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                     "valign": "top"})
        self.cell = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"})
        self.action = book.add_format({"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF",
                                       "bold": True, "bg_color": "#F2F2F2"})
        self.percent = book.add_format({"num_format": "0.##%", "valign": "top", "border": 1,
                                        "border_color": "#BFBFBF"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1,
                                     "border_color": "#BFBFBF", "align": "left"})
        self.flag = book.add_format({"bg_color": "#FCE4D6", "font_color": "#9C2700"})


def _fit(sheet, row: int, cells, widths) -> None:
    """The row as tall as its longest wrapped cell (the applications do not measure rows they open)."""
    lines = 1
    for value, width in zip(cells, widths, strict=False):
        text = "" if value is None else str(value)
        lines = max(lines, sum(math.ceil(max(len(part), 1) / max(width * 1.05, 1)) for part in text.split("\n")))
    if lines > 1:
        sheet.set_row(row, 15 * min(lines, 25))


def _printed(sheet, header_row: int) -> None:
    """On A4 landscape, as wide as the page, the header on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


def _status(sheet, f, first: int, last: int, columns: str, status_column: str) -> None:
    """The status dropdown, and the row highlighted while it is «da verificare»."""
    if last < first:
        return
    sheet.data_validation(f"{status_column}{first}:{status_column}{last}", {
        "validate": "list", "source": list(STATUSES), "error_title": "Stato",
        "error_message": "Scegliere «letto», «da verificare» o «confermato»."})
    sheet.conditional_format(f"{columns[0]}{first}:{columns[1]}{last}", {
        "type": "formula", "criteria": f'=${status_column}{first}="{TO_CHECK}"', "format": f.flag})


def _header_field(check) -> str:
    """The header row a check that belongs to no action is about, if one."""
    where = check.where.split(" (")[0]
    if where == "impostazioni":
        return "Soglia di realizzazione"
    if where == "aderenti" and check.code == "":
        return "aderenti"
    if where == "programma":
        return "Determinazione numero" if "determinazione" in check.what else "Distretto"
    return ""


def _programme_sheet(book, f, programme: Programme, apart, source_name: str, file_name: str) -> None:
    sheet = book.add_worksheet(PROGRAMME_SHEET)
    widths = (28, 60, 15, 70)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.write(0, 0, f"Programma di lavoro {programme.year} — {programme.district}", f.title)
    sheet.merge_range(1, 0, 1, 3, (
        f"Letto da «xlsync import» da {source_name}. Correggere nei fogli «Programma», «Azioni» e «Aderenti» "
        f"quello che non è giusto; ogni riga «da verificare» (evidenziata) dice perché: controllata, scrivere "
        f"«confermato» nella colonna «Stato». «Lettura» dice come conta ogni regola secondo i suoi campi (Tipo, "
        f"Percentuale, Almeno, Unità…) e cambia con loro. Poi: xlsync nuovo {file_name} -o distretto.xlsx"), f.note)
    sheet.set_row(1, 62)
    sheet.write_row(3, 0, ("Campo", "Valore", "Stato", "Perché"), f.head)
    _printed(sheet, 3)
    reasons_of: dict[str, list[str]] = {name: [] for name in (*HEADER_FIELDS, "aderenti")}
    others = []
    for check in apart:
        field = _header_field(check)
        if field:
            reasons_of[field].append(str(check))
        else:
            others.append(check)
    values = (programme.district, programme.year, programme.decree_number, programme.decree_date,
              programme.lead_organisation, programme.employees, programme.settings.threshold)
    row = 4
    for name, value in zip(HEADER_FIELDS, values, strict=True):
        reasons = reasons_of[name]
        sheet.write_string(row, 0, name, f.cell)
        if isinstance(value, dt.date):
            sheet.write_datetime(row, 1, dt.datetime.combine(value, dt.time()), f.date)
        elif isinstance(value, float):
            sheet.write_number(row, 1, value, f.percent)
        elif isinstance(value, int):
            sheet.write_number(row, 1, value, f.cell)
        else:
            sheet.write_string(row, 1, value or "", f.cell)
        sheet.write_string(row, 2, TO_CHECK if reasons else READ, f.cell)
        sheet.write_string(row, 3, "\n".join(reasons), f.cell)
        _fit(sheet, row, (name, value, "", "\n".join(reasons)), widths)
        row += 1
    members = reasons_of["aderenti"]
    if not programme.members and not members:
        members.insert(0, "nessuna organizzazione aderente letta: aggiungerle nel foglio «Aderenti»")
    sheet.write_string(row, 0, "Organizzazioni aderenti", f.cell)
    sheet.write_string(row, 1, f"{len(programme.members)}, nel foglio «Aderenti»", f.cell)
    sheet.write_string(row, 2, TO_CHECK if members else READ, f.cell)
    sheet.write_string(row, 3, "\n".join(members), f.cell)
    _fit(sheet, row, ("", "", "", "\n".join(members)), widths)
    row += 1
    for actor in programme.actors:
        sheet.write_string(row, 0, actor.role, f.cell)
        who = " ".join(filter(None, (actor.name, actor.title, actor.email)))
        sheet.write_string(row, 1, who, f.cell)
        reasons = [str(c) for c in others if c.where.startswith(f"attore «{actor.role}»")]
        sheet.write_string(row, 2, TO_CHECK if reasons else READ, f.cell)
        sheet.write_string(row, 3, "\n".join(reasons), f.cell)
        _fit(sheet, row, (actor.role, who, "", "\n".join(reasons)), widths)
        row += 1
    for check in others:  # lines of the document the reading did not place, and the like
        if check.where.startswith("attore «"):
            continue
        sheet.write_string(row, 0, "Documento", f.cell)
        sheet.write_string(row, 1, check.published, f.cell)
        sheet.write_string(row, 2, TO_CHECK, f.cell)
        sheet.write_string(row, 3, f"{check.where}: {check.what}", f.cell)
        _fit(sheet, row, ("", check.published, "", f"{check.where}: {check.what}"), widths)
        row += 1
    _status(sheet, f, 5, row, "AD", "C")
    threshold = 5 + HEADER_FIELDS.index("Soglia di realizzazione")
    sheet.data_validation(f"B{threshold}:B{threshold}", {"validate": "decimal", "criteria": "between",
                                                         "minimum": 0.01, "maximum": 1,
                                                         "error_message": "Una percentuale tra 1% e 100%."})


def _actions_sheet(book, f, programme: Programme, flagged: dict[str, list[str]], sources: dict[str, str]) -> None:
    sheet = book.add_worksheet(ACTIONS_SHEET)
    for column, width in enumerate(ACTION_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, ACTION_COLUMNS, f.head)
    sheet.set_row(0, 30)
    _printed(sheet, 0)
    sheet.freeze_panes(1, 2)
    row = 1
    for action in programme.actions:
        reasons = flagged.get(action.code, [])
        published = action.rule or (action.project.percentages_text or action.project.indicators_text
                                     if action.project else "")
        cells = [action.code, "azione", action.area, action.title, published, sources.get(action.code, ""), "", "", "",
                 "", "", "", "", YES if action.counts else NO, TO_CHECK if reasons else READ, "\n".join(reasons)]
        sheet.write_row(row, 0, cells, f.action)
        _fit(sheet, row, cells, ACTION_WIDTHS)
        row += 1
        for indicator in action.indicators:
            row = _indicator_rows(sheet, f, row, programme, indicator, flagged.get(indicator.code, []),
                                  sources.get(indicator.code) or sources.get(action.code, ""))
    last = row
    sheet.autofilter(0, 0, last - 1, len(ACTION_COLUMNS) - 1)
    sheet.data_validation(f"H2:H{last}", {"validate": "list", "source": list(KINDS)})
    sheet.data_validation(f"I2:I{last}", {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                                          "error_message": "Una percentuale tra 0% e 100%."})
    sheet.data_validation(f"J2:J{last}", {"validate": "integer", "criteria": ">=", "value": 1})
    sheet.data_validation(f"L2:L{last}", {"validate": "list", "source": [YES, NO]})
    sheet.data_validation(f"N2:N{last}", {"validate": "list", "source": [YES, NO]})
    codes = [action.code for action in programme.actions if action.project]
    if codes and len(",".join(codes)) < 250:
        sheet.data_validation(f"M2:M{last}", {"validate": "list", "source": codes})
    _status(sheet, f, 2, last, "AP", "O")


def _indicator_rows(sheet, f, row: int, programme: Programme, indicator: Indicator, reasons: list[str],
                    place: str) -> int:
    kind, lines = indicator.kind, indicator.lines
    single = lines[0] if len(lines) == 1 else None
    counted = kind in (RuleKind.PER_UNIT, RuleKind.PER_DISTINCT)
    cells = [indicator.code, "indicatore", "", indicator.text, indicator.rule, place,
             plain_reading(indicator, programme), KIND_LABELS[kind],
             single.percent if single and counted else None,
             single.required if single and kind is RuleKind.AT_LEAST else None,
             single.unit if single and kind is not RuleKind.MANUAL else "",
             YES if kind is RuleKind.PER_DISTINCT else (NO if counted else ""),
             indicator.linked_to or "", "", TO_CHECK if reasons else READ, "\n".join(reasons)]
    _write_cells(sheet, f, row, cells)
    reading = ACTION_COLUMNS.index("Lettura")
    sheet.write_formula(row, reading, reading_formula(row + 1, len(lines) if len(lines) > 1 else 0), f.cell, cells[reading])
    row += 1
    if len(lines) > 1:  # several unit types: one row each
        for line in lines:
            _write_cells(sheet, f, row, [line.code, "voce", "", line.label, "", "", "", "", line.percent, line.required,
                                         line.unit, "", "", "", READ, ""])
            row += 1
    return row


def _write_cells(sheet, f, row: int, cells: list) -> None:
    _fit(sheet, row, cells, ACTION_WIDTHS)
    for column, value in enumerate(cells):
        if column == 8 and value is not None:
            sheet.write_number(row, column, value, f.percent)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, column, value, f.cell)
        else:
            sheet.write_string(row, column, "" if value is None else str(value), f.cell)


def _members_sheet(book, f, programme: Programme) -> None:
    sheet = book.add_worksheet(MEMBERS_SHEET)
    for column, width in enumerate((50, 30, 17, 14, 16, 16, 14, 40)):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, MEMBER_COLUMNS, f.head)
    sheet.set_row(0, 30)
    _printed(sheet, 0)
    sheet.freeze_panes(1, 0)
    for row, member in enumerate(programme.members, 1):
        sheet.write_row(row, 0, (member.name, member.short_name, member.tax_code), f.cell)
        if member.joined:
            sheet.write_datetime(row, 3, dt.datetime.combine(member.joined, dt.time()), f.date)
        else:
            sheet.write_string(row, 3, "", f.cell)
        sheet.write_row(row, 4, (member.family_in_trentino, member.family_audit, READ, ""), f.cell)
    _status(sheet, f, 2, max(len(programme.members) + 1, 2), "AH", "G")


# -- reading --------------------------------------------------------------------------------------

def is_review(path: str | Path) -> bool:
    return Path(path).suffix.lower() in (".xlsx", ".ods")


def read_review(path: str | Path) -> Review:
    """The programme of a review workbook, with the manager's edits, and the rows still to check."""
    from xlsync.files import safety
    from xlsync.workbook.reader import open_book

    path = Path(path)
    book = open_book(path, safety.RETURN)
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names
              if name in (PROGRAMME_SHEET, ACTIONS_SHEET, MEMBERS_SHEET, HIDDEN_SHEET)}
    hidden = sheets.get(HIDDEN_SHEET, [])
    if not hidden or _text(hidden[0][0]) != MARK or len(sheets) < 4:
        raise messages.error("workbook_not_review", path.name, cls=ProgrammeError)
    base = loads("".join(_text(row[0]) for row in hidden[1:]), path.name)
    reader = _ReviewReader(path.name, base)
    programme = reader.programme(sheets)
    problems = reader.problems or structural_problems(programme, path.name)
    if problems:
        raise messages.error("invalid_review", path.name, cls=ProgrammeError, problems=tuple(problems))
    return Review(programme, tuple(reader.pending))


def load_programme(path: str | Path, force: bool = False) -> Programme:
    """The programme of a programme file (.toml) or of a review workbook (.xlsx, .ods): a review with
    a row still «da verificare» is refused, unless `force`, naming each row and why."""
    from xlsync.programme.toml_file import load

    if not is_review(path):
        return load(path)
    review = read_review(path)
    if review.pending and not force:
        problems = tuple(messages.problem("review_row_pending", f"{Path(path).name} › {item.sheet} › riga {item.row}",
                                          reason=item.reason or "senza motivo scritto") for item in review.pending)
        raise messages.error("review_pending", Path(path).name, cls=ProgrammeError, problems=problems,
                             count=len(problems))
    return review.programme


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _ReviewReader:
    def __init__(self, name: str, base: Programme):
        self.name, self.base = name, base
        self.problems: list[Problem] = []
        self.pending: list[Pending] = []

    def problem(self, sheet: str, row: int, key: str, **values: Any) -> None:
        self.problems.append(messages.problem(key, f"{self.name} › {sheet} › riga {row}", **values))

    def status(self, sheet: str, row: int, value: Any, reason: Any) -> None:
        status = _text(value).casefold()
        if status == TO_CHECK:
            self.pending.append(Pending(sheet, row, _text(reason)))
        elif status not in STATUSES:
            self.problem(sheet, row, "review_bad_status", value=_text(value))

    def programme(self, sheets: dict[str, list[list[Any]]]) -> Programme:
        base = self.base
        header = {}
        for number, cells in enumerate(sheets[PROGRAMME_SHEET], 1):
            cells = [*cells, "", "", "", ""]
            if number >= 5 and _text(cells[0]):
                header[_text(cells[0])] = (number, cells[1])
                self.status(PROGRAMME_SHEET, number, cells[2], cells[3])
        changed = dict(district=self.header_text(header, "Distretto", base.district),
                       year=self.header_number(header, "Anno", base.year),
                       decree_number=self.header_text(header, "Determinazione numero", base.decree_number),
                       decree_date=self.header_date(header, "Determinazione data", base.decree_date),
                       lead_organisation=self.header_text(header, "Capofila", base.lead_organisation),
                       employees=self.header_number(header, "Dipendenti", base.employees))
        threshold = header.get("Soglia di realizzazione", (0, base.settings.threshold))[1]
        settings = base.settings
        if isinstance(threshold, (int, float)) and abs(threshold - settings.threshold) > 1e-12:
            settings = replace(settings, threshold=float(threshold))
        actions = self.actions(sheets[ACTIONS_SHEET])
        members = self.members(sheets[MEMBERS_SHEET])
        return replace(base, actions=actions, members=members, settings=settings, **changed)

    def header_text(self, header, name: str, old: str) -> str:
        return _text(header[name][1]) if name in header else old

    def header_number(self, header, name: str, old: int | None) -> int | None:
        if name not in header or _text(header[name][1]) == "":
            return old if name not in header else None
        try:
            return int(float(str(header[name][1]).replace(",", ".")))
        except ValueError:
            self.problem(PROGRAMME_SHEET, header[name][0], "review_not_number", column=name)
            return old

    def header_date(self, header, name: str, old: dt.date | None) -> dt.date | None:
        if name not in header:
            return old
        value = header[name][1]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not _text(value):
            return None
        try:
            return dt.datetime.strptime(_text(value), "%d/%m/%Y").date()
        except ValueError:
            self.problem(PROGRAMME_SHEET, header[name][0], "review_not_date", column=name)
            return old

    def actions(self, rows: list[list[Any]]) -> tuple[Action, ...]:
        by_code: dict[str, tuple[int, dict[str, Any]]] = {}
        for number, cells in enumerate(rows[1:], 2):
            values = dict(zip(ACTION_COLUMNS, [*cells, *[""] * len(ACTION_COLUMNS)], strict=False))
            code = _text(values["Codice"])
            if not code:
                continue
            by_code[code] = (number, values)
            self.status(ACTIONS_SHEET, number, values["Stato"], values["Perché"])
        actions = []
        for action in self.base.actions:
            if action.code not in by_code:
                actions.append(action)
                continue
            number, values = by_code[action.code]
            counts = _text(values["Conta"]).casefold() != NO if _text(values["Conta"]) else action.counts
            indicators = tuple(self.indicator(ind, by_code) for ind in action.indicators)
            actions.append(replace(action, title=_text(values["Titolo o testo"]) or action.title, counts=counts,
                                   indicators=indicators))
        known = {a.code for a in self.base.actions} | {i.code for i in self.base.indicators} | {
            line.code for line in self.base.lines}
        for code, (number, _) in by_code.items():
            if code not in known:
                self.problem(ACTIONS_SHEET, number, "review_unknown_code", code=code)
        return tuple(actions)

    def indicator(self, base: Indicator, by_code) -> Indicator:
        if base.code not in by_code:
            return base
        number, values = by_code[base.code]
        label = _text(values["Tipo"]).casefold()
        if label not in KINDS:
            self.problem(ACTIONS_SHEET, number, "review_bad_kind", value=_text(values["Tipo"]),
                         kinds=", ".join(f"«{k}»" for k in KINDS))
            return base
        kind = KINDS[label]
        if kind is RuleKind.PER_UNIT and _text(values["Per organizzazione"]).casefold() == YES:
            kind = RuleKind.PER_DISTINCT
        text = _text(values["Titolo o testo"]) or base.text
        if kind is RuleKind.LINKED:
            return replace(base, text=text, kind=kind, lines=(), linked_to=_text(values["Collegata a"]) or None)
        if kind is RuleKind.MANUAL:
            return replace(base, text=text, kind=kind, lines=base.lines if base.kind is kind else (), linked_to=None)
        old = {line.code: line for line in base.lines}
        units = [code for code in old if code != base.code and code in by_code] if len(base.lines) > 1 else []
        if units and kind is RuleKind.PER_UNIT:
            lines = tuple(self.line(old[code], kind, *by_code[code], label=True) for code in units)
        else:
            first = base.lines[0] if base.lines else ScoringLine(base.code, text, "")
            lines = (self.line(replace(first, code=base.code if len(base.lines) != 1 else first.code), kind, number,
                               values),)
        return replace(base, text=text, kind=kind, lines=lines, linked_to=None)

    def line(self, old: ScoringLine, kind: RuleKind, number: int, values: dict, label: bool = False) -> ScoringLine:
        percent = required = None
        if kind in (RuleKind.PER_UNIT, RuleKind.PER_DISTINCT):
            percent = self.number(number, values, "Percentuale", old.percent, float)
        if kind is RuleKind.AT_LEAST:
            required = self.number(number, values, "Almeno", old.required, int)
        unit = _text(values["Unità"]) or old.unit
        return ScoringLine(old.code, (_text(values["Titolo o testo"]) or old.label) if label else old.label, unit,
                           percent, required)

    def number(self, row: int, values: dict, column: str, old, kind):
        value = values[column]
        if _text(value) == "":
            return None
        try:
            found = float(str(value).replace(",", ".").rstrip("%")) / (100 if str(value).endswith("%") else 1)
        except ValueError:
            self.problem(ACTIONS_SHEET, row, "review_not_number", column=column)
            return old
        if old is not None and abs(found - old) < 1e-9:  # as written: the same number, not its rounding
            return old
        return kind(found)

    def members(self, rows: list[list[Any]]) -> tuple[Member, ...]:
        members = []
        for number, cells in enumerate(rows[1:], 2):
            values = dict(zip(MEMBER_COLUMNS, [*cells, *[""] * len(MEMBER_COLUMNS)], strict=False))
            if not any(_text(values[column]) for column in MEMBER_COLUMNS[:6]):
                continue
            self.status(MEMBERS_SHEET, number, values["Stato"], values["Perché"])
            if not _text(values["Nome"]):
                self.problem(MEMBERS_SHEET, number, "review_member_without_name")
                continue
            joined = values["Data adesione"]
            if isinstance(joined, dt.datetime):
                joined = joined.date()
            elif not isinstance(joined, dt.date):
                try:
                    joined = dt.datetime.strptime(_text(joined), "%d/%m/%Y").date() if _text(joined) else None
                except ValueError:
                    self.problem(MEMBERS_SHEET, number, "review_not_date", column="Data adesione")
                    joined = None
            members.append(Member(_text(values["Nome"]), _text(values["Sigla"]), joined,
                                  _text(values["Marchio Family in Trentino"]), _text(values["Marchio Family Audit"]),
                                  _text(values["Codice fiscale"])))
        return tuple(members)
