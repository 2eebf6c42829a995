"""Writing xlsync workbooks (XlsxWriter): the standard template filled with a programme.

XlsxWriter is used because it stores each formula's computed value next to the formula, so
programs that only read values see the right numbers at once, while Excel and LibreOffice keep
recomputing live. The values come from the Python engine (`scoring.py`).
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import os
import re
import shutil
import stat
import tempfile
import textwrap
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import xlsxwriter
import xlsxwriter.workbook
from isal import isal_zlib
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import xl_col_to_name, xl_range, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from xlsync.programme.model import Action, Aggregation, Assessment, Evidence, Member, Programme, Reject, RuleKind, Submission
from xlsync.programme.toml_file import dumps, fingerprint, format_percent_text
from xlsync.scoring import formulas
from xlsync.scoring.engine import ProgrammeResult, area_values, line_code_of, score
from xlsync.workbook import layout
from xlsync.workbook.values import excel_serial

_CHUNK = 8000  # characters of programme text per cell of the hidden sheet (a cell holds 32,767)


@dataclass(frozen=True)
class WorkbookContent:
    """Everything a workbook holds besides the standard template."""

    programme: Programme
    evidence: Sequence[Evidence] = ()
    assessments: Mapping[str, Assessment] = field(default_factory=dict)
    partner: Member | None = None  # set: a partner's workbook; None: the district workbook
    roles: Mapping[str, str] = field(default_factory=dict)  # action code → the partner's role in it
    stamp: Mapping[str, str] = field(default_factory=dict)  # identity keys added to the hidden sheet
    submissions: Sequence[Submission] = ()  # the Invii ledger (district)
    rejects: Sequence[Reject] = ()  # the Scarti sheet (district)
    extra_sheets: Sequence[tuple[str, list[list[Any]]]] = ()  # sheets a person added (district), as values
    saved: dt.datetime | None = None  # the time the file says it was saved (default: now)
    history: tuple[str, ...] = ()  # fingerprints of the district's earlier programmes (its returns may carry them)
    agency: bool = False  # the agency's consolidated workbook: a cover, the self-evaluation, all protected
    print_only: bool = False  # with agency: only the cover and the self-evaluation, as values, for a PDF
    produced: dt.datetime | None = None  # when the workbook is written (now if None): the agency's cover shows it
    # District rows rendered already (`render_row`), by id(): {id(row): (row, cells)}. A row replaced by
    # another object (any change makes one) is rendered anew.
    rendered: Mapping[int, tuple[Evidence, bytes]] = field(default_factory=dict)


def write_district(
    programme: Programme,
    path: str | Path,
    evidence: Sequence[Evidence] = (),
    assessments: Mapping[str, Assessment] | None = None,
) -> ProgrammeResult:
    """Write a new district workbook atomically and return the realisation it shows."""
    return write_workbook(WorkbookContent(programme, evidence, dict(assessments or {})), path)


def write_workbook(content: WorkbookContent, path: str | Path) -> ProgrammeResult:
    """Write a workbook to a temporary file beside `path`, then put it in place in one step."""
    content = replace(
        content,
        evidence=[_storable_row(row) for row in content.evidence],
        assessments={code: replace(a, value=_storable(a.value)) for code, a in content.assessments.items()},
    )
    manual = {code: a.value for code, a in content.assessments.items()} if content.partner is None else {}
    result = score(content.programme, content.evidence, manual)
    write = (_ods_writer() if Path(path).suffix.lower() == ".ods" else write_atomically)
    write(path, lambda temporary: _Writer(content, result, temporary).write())
    return result


def _ods_writer():
    """ODF is the xlsx package converted by LibreOffice (imported here: that module writes through this one)."""
    from xlsync.libreoffice.odf import write_ods

    return write_ods


def write_atomically(path: str | Path, write: Callable[[str], None]) -> None:
    """Let `write` make the file under a temporary name beside `path`, then put it in place in one
    step: whoever opens `path` finds the old file or the new one, never half of one."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent or ".")
    os.close(fd)
    try:
        write(temporary)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomically(path: str | Path, text: str) -> None:
    write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def new_book(path: str) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook as xlsync writes them: text from partners stays text."""
    return _Workbook(path, {
        # Partner text is data, never a formula, a number or a link, whatever it looks like.
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "default_date_format": layout.DATE_FORMAT,
    })


def _mode_for(path: Path) -> int:
    """The permissions the file had, or those a new file gets (mkstemp's are private)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _storable(value: Any) -> Any:
    """TRUE/FALSE are stored as text: Excel's SUMIFS ignores them but LibreOffice counts TRUE as 1."""
    if isinstance(value, bool):
        return "VERO" if value else "FALSO"
    return value


_STORED_AS_TEXT = ("code", "quantity", "organisations")  # columns the formulas count or sum


def _storable_row(row: Evidence) -> Evidence:
    if type(row.code) is not bool and type(row.quantity) is not bool and type(row.organisations) is not bool:
        return row  # the quick look (a district has hundreds of thousands of rows)
    return replace(row, **{name: _storable(getattr(row, name)) for name in _STORED_AS_TEXT})



def texts() -> dict[str, Any]:
    """The Italian texts of the standard template (templates/testi.toml)."""
    return tomllib.loads(resources.files("xlsync.templates").joinpath("testi.toml").read_text(encoding="utf-8"))


class _Writer:
    def __init__(self, content: WorkbookContent, result: ProgrammeResult, path: str):
        self.content = content
        self.programme = programme = content.programme
        self.partner = content.partner
        self.result = result
        self.evidence = content.evidence
        self.assessments = content.assessments
        self.agency = content.agency
        self.book = new_book(path)
        self.formats = self._formats()
        self.texts = texts()
        if self.partner is None:
            # The district: programme order, the actions that count first in the summary (the chart shows them).
            self.actions = list(programme.actions)
            self.summary_actions = sorted(self.actions, key=lambda action: not action.counts)
        else:
            # A partner: the actions it leads first, then those it takes part in, everywhere.
            rank = {layout.REFERENT: 0, layout.INVOLVED: 1}
            self.actions = sorted(programme.actions, key=lambda action: rank.get(content.roles.get(action.code), 2))
            self.summary_actions = self.actions
        self.summary_first_row = 10  # 0-based row of the first action in Riepilogo
        self.summary_row = {a.code: self.summary_first_row + i for i, a in enumerate(self.summary_actions)}
        indicators = [ind for action in self.actions for ind in action.indicators]
        self.indicator_row = {ind.code: 1 + i for i, ind in enumerate(indicators)}
        self.lines = [(ind, line) for ind in indicators for line in ind.lines]
        self.line_row = {line.code: 1 + i for i, (_, line) in enumerate(self.lines)}

    def write(self) -> None:
        book = self.book
        if self.content.print_only:
            cover, evaluation = book.add_worksheet(layout.COVER), book.add_worksheet(layout.SELF_EVALUATION)
            _AgencySheets(self).write(cover, evaluation)
            book.close()
            return
        if self.agency:
            names = [layout.COVER, layout.SELF_EVALUATION, layout.SUMMARY, layout.EVIDENCE, layout.INDICATORS,
                     layout.LINES, layout.REJECTS, layout.SUBMISSIONS]
        else:
            names = [layout.INSTRUCTIONS, layout.EVIDENCE, layout.SUMMARY, layout.INDICATORS, layout.LINES]
            if self.partner is None:
                names += [layout.REJECTS, layout.SUBMISSIONS]
        names += [layout.PROGRAMME, layout.MEMBERS, layout.ACTORS, layout.METHOD]
        sheets = {name: book.add_worksheet(name, worksheet_class=_BulkWorksheet if name == layout.EVIDENCE else None)
                  for name in names}
        for name, rows in () if self.agency else self.content.extra_sheets:
            self._values_sheet(book.add_worksheet(name), rows)
        sheets[layout.META] = book.add_worksheet(layout.META)
        if self.agency:
            _AgencySheets(self).write(sheets[layout.COVER], sheets[layout.SELF_EVALUATION])
        else:
            self._instructions(sheets[layout.INSTRUCTIONS])
        self._evidence(sheets[layout.EVIDENCE])
        self._summary(sheets[layout.SUMMARY])
        self._indicators(sheets[layout.INDICATORS])
        self._lines(sheets[layout.LINES])
        if self.partner is None:
            self._rejects(sheets[layout.REJECTS])
            self._submissions(sheets[layout.SUBMISSIONS])
        self._programme(sheets[layout.PROGRAMME])
        self._members(sheets[layout.MEMBERS])
        self._actors(sheets[layout.ACTORS])
        self._method(sheets[layout.METHOD])
        self._meta(sheets[layout.META])
        first = layout.COVER if self.agency else layout.SUMMARY if self.partner is None else layout.EVIDENCE
        sheets[first].activate()
        subject = "Evidenze e realizzazione del Programma di lavoro"
        if self.partner is not None:
            subject = f"Evidenze di {self.partner.name}"
        saved = self.content.saved
        book.set_properties({
            **({"created": saved.astimezone(dt.UTC)} if saved else {}),
            "title": f"{self.programme.district} — Programma di lavoro {self.programme.year}",
            "subject": subject,
            "company": self.programme.lead_organisation,
            "comments": f"Modello xlsync {layout.TEMPLATE_VERSION}",
        })
        book.close()

    # -- formats -----------------------------------------------------------------------------
    def _formats(self) -> dict[str, Any]:
        add = self.book.add_format
        base = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        formats = {
            "text": add({**base, "text_wrap": True}),
            "plain": add(base),
            "title": add({**base, "bold": True, "font_size": 16, "font_color": "#1F3864"}),
            "subtitle": add({**base, "bold": True, "font_size": 12, "font_color": "#1F3864"}),
            "section": add({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#2F5597", "text_wrap": True}),
            "area": add({**base, "bold": True, "bg_color": "#D9E2F3", "text_wrap": True}),
            "label": add({**base, "bold": True, "text_wrap": True}),
            "date": add({**base, "num_format": layout.DATE_FORMAT}),
            "datetime": add({**base, "num_format": "dd/mm/yyyy hh:mm"}),
            "percent": add({**base, "num_format": layout.PERCENT_FORMAT}),
            "percent_left": add({**base, "num_format": layout.PERCENT_FORMAT, "align": "left"}),
            "big_percent_left": add({**base, "num_format": layout.PERCENT_FORMAT, "bold": True, "font_size": 14,
                                     "align": "left"}),
            "plain_left": add({**base, "align": "left"}),
            "big_percent": add({**base, "num_format": layout.PERCENT_FORMAT, "bold": True, "font_size": 14}),
            "outcome": add({**base, "bold": True, "font_size": 12}),
            "input": add({**base, "locked": False, "bg_color": "#FFF2CC", "text_wrap": True}),
            "input_percent": add({**base, "locked": False, "bg_color": "#FFF2CC", "num_format": layout.PERCENT_FORMAT}),
            # The programme's numbers the manager may change in the district workbook (xlsync update adopts them).
            "programme": add({**base, "locked": False}),
            "programme_percent": add({**base, "locked": False, "num_format": layout.PERCENT_FORMAT}),
            "good": add({"bg_color": "#C6EFCE", "font_color": "#006100"}),
            "bad": add({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            "hint": add({**base, "italic": True, "font_color": "#595959", "text_wrap": True}),
            "header": add({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#2F5597", "text_wrap": True}),
        }
        # The styles of rendered cells (`Cells`) take the first numbers.
        numbers = tuple(formats[name]._get_xf_index() for name in ("plain", "date", "datetime"))
        if numbers != (_PLAIN, _DATE, _MOMENT):  # pragma: no cover - XlsxWriter changed how it numbers formats
            raise RuntimeError(f"XlsxWriter gave the evidence styles the numbers {numbers}")
        return formats

    def _fill(self, **values: Any) -> dict[str, Any]:
        manager = next((a for a in self.programme.actors if "manager" in a.role.lower()), None)
        settings = self.programme.settings
        method_texts = self.texts["metodo"]
        return {
            "distretto": self.programme.district,
            "anno": self.programme.year,
            "soglia": format_percent_text(settings.threshold),
            "quota": format_percent_text(settings.cofinancing_share),
            "aggregazione": method_texts["aggregazione_minimo" if settings.aggregation is Aggregation.MINIMUM
                                         else "aggregazione_media"],
            "manager": ", ".join(part for part in (manager.name, manager.email) if part) if manager else
            "il Manager territoriale",
            "partner": self.partner.name if self.partner else "",
            **values,
        }

    # -- sheets ------------------------------------------------------------------------------
    def _instructions(self, ws) -> None:
        text, fill = self.texts["istruzioni"], self._fill()
        paragraphs = (text["partner"] if self.partner is not None else []) + text["paragrafi"]
        self._text_sheet(ws, [
            ("title", text["titolo"]),
            ("subtitle", f"{self.programme.district} — Programma di lavoro {self.programme.year}"),
            ("gap",),
            *(("paragraph", paragraph.format(**fill)) for paragraph in paragraphs),
            ("gap",),
            ("subtitle", text["colonne_titolo"]),
            *(("pair", header, explanation.format(**fill)) for header, explanation in text["colonne"]),
            ("gap",),
            ("paragraph", text["contatti"].format(**fill)),
        ])

    def _text_sheet(self, ws, blocks: list[tuple]) -> None:
        """A protected sheet of text in two columns: titles, paragraphs, and terms with their explanation."""
        f = self.formats
        ws.hide_gridlines(2)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 100)
        for row, (kind, *content) in enumerate(blocks):
            if kind == "pair":
                ws.write_string(row, 0, content[0], f["label"])
                ws.write_string(row, 1, content[1], f["text"])
                ws.set_row(row, _height([(content[0], 28), (content[1], 100)]))
            elif kind != "gap":
                style = {"title": "title", "subtitle": "subtitle", "paragraph": "text"}[kind]
                ws.merge_range(row, 0, row, 1, content[0], f[style])
                if kind == "paragraph":
                    ws.set_row(row, _height([(content[0], 128)]))
        ws.protect(options={"select_locked_cells": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _evidence(self, ws) -> None:
        f = self.formats
        partner = self.partner
        columns = list(layout.EVIDENCE_COLUMNS if partner else layout.DISTRICT_EVIDENCE_COLUMNS)
        extra_headers: list[str] = []
        for row in self.evidence:
            for header, _ in row.extra:
                if header not in extra_headers:
                    extra_headers.append(header)
        headers = [column.header for column in columns] + extra_headers
        spare = 0 if self.agency else layout.SPARE_EVIDENCE_ROWS
        last_row = max(len(self.evidence) + spare, 1)
        self._table(ws, 0, last_row, layout.EVIDENCE, headers)
        for index, column in enumerate(columns):
            ws.set_column(index, index, column.width, f["date"] if column.field in ("date", "received") else f["plain"])
        if extra_headers:  # columns a person added
            ws.set_column(len(columns), len(headers) - 1, 20)
        fields = [column.field for column in columns]
        values_of = operator.attrgetter(*fields)
        rendered = self.content.rendered
        rows: list[Sequence[Any] | Rendered] = []
        for row in self.evidence:
            extras = ()
            if row.extra:
                found = dict(row.extra)
                extras = tuple(found.get(header) for header in extra_headers)
            done = rendered.get(id(row))
            if done is not None and done[0] is row:  # rendered by the merge
                rows.append(Rendered(done[1], len(columns), extras))
            else:
                rows.append(values_of(row) + extras)
        if partner is not None:
            # The partner's own organisation, preset in every empty row: a row holding only it is empty.
            preset = [None] * len(headers)
            preset[fields.index("organisations")] = partner.name
            rows += [preset] * spare
        ws.bulk_rows(rows, first_row=1, width=len(headers))
        ws.freeze_panes(1, 1)
        if self.agency:
            ws.protect(options={"autofilter": True, "sort": True})
        else:
            self._evidence_validation(ws, last_row)
        print_wide(ws)
        # The whole table (rows partners add too), in the columns partners fill in.
        ws.print_area(0, 0, last_row, len(layout.EVIDENCE_COLUMNS) - 1)
        ws.repeat_rows(0)

    def _evidence_validation(self, ws, last_row: int) -> None:
        year = self.programme.year
        ws.data_validation(1, 0, last_row, 0, {
            "validate": "list",
            "source": f"={_sheet_ref(layout.LINES)}!$C$2:$C${len(self.lines) + 1}",
            "input_title": "Voce del programma",
            "input_message": "Scegliere dall'elenco la voce che questa riga documenta.",
            "error_title": "Voce non valida",
            "error_message": "Scegliere una voce dall'elenco a discesa (codice e descrizione). "
                             "Tutte le voci sono nel foglio «Voci».",
        })
        ws.data_validation(1, 1, last_row, 1, {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(year, 1, 1),
            "maximum": dt.date(year, 12, 31),
            "input_title": "Data",
            "input_message": f"Data dell'evidenza, gg/mm/aaaa, nel {year}.",
            "error_title": "Data non valida",
            "error_message": f"Inserire una data del {year} nel formato gg/mm/aaaa, ad esempio 15/03/{year}.",
        })
        ws.data_validation(1, 3, last_row, 3, {
            "validate": "decimal",
            "criteria": ">",
            "value": 0,
            "input_title": "Quantità",
            "input_message": "Quante unità conta la riga. Vuota = 1.",
            "error_title": "Quantità non valida",
            "error_message": "Inserire un numero maggiore di zero, ad esempio 1 o 3. Lasciare vuoto per 1.",
        })
        if self.programme.members:
            ws.data_validation(1, 4, last_row, 4, {
                "validate": "list",
                "source": f"={_sheet_ref(layout.MEMBERS)}!$A$2:$A${len(self.programme.members) + 1}",
                "error_type": "warning",
                "input_title": "Organizzazione",
                "input_message": "Scegliere l'organizzazione coinvolta. Per la co-progettazione: una riga per organizzazione.",
                "error_title": "Organizzazione non aderente",
                "error_message": "L'organizzazione non è tra gli aderenti del distretto. Confermare solo se è corretta.",
            })

    def _summary(self, ws) -> None:
        f, programme, result, partner = self.formats, self.programme, self.result, self.partner
        _set_widths(ws, (34, 9, 62, 7, 14, 9, 8, 12))
        settings = programme.settings
        if partner is None:
            ws.merge_range(0, 0, 0, 2, "Riepilogo della realizzazione", f["title"])
            realisation = layout.SUMMARY_LABELS[layout.PROGRAMME_REALISATION]
        else:
            ws.merge_range(0, 0, 0, 2, f"Il vostro contributo — {partner.name}", f["title"])
            realisation = "Realizzazione del programma con le vostre sole evidenze"
        ws.merge_range(1, 0, 1, 2, f"{programme.district} — Programma di lavoro {programme.year}", f["subtitle"])
        labels = layout.SUMMARY_LABELS
        rows = [
            (realisation, layout.PROGRAMME_REALISATION),
            (labels[layout.THRESHOLD], layout.THRESHOLD),
            (labels[layout.OUTCOME] if partner is None else "", layout.OUTCOME),
            (labels[layout.AGGREGATION], layout.AGGREGATION),
            (labels[layout.COFINANCING], layout.COFINANCING),
        ]
        for offset, (label, name) in enumerate(rows):
            row = 3 + offset
            if not label:
                continue
            ws.merge_range(row, 0, row, 1, label, f["label"])
            ws.set_row(row, _height([(label, 43)]))
            self.book.define_name(name, f"={_sheet_ref(layout.SUMMARY)}!$C${row + 1}")
        ws.write_formula(3, 2, formulas.programme_value(), f["big_percent"], result.value)
        editable = partner is None and not self.agency
        ws.write_number(4, 2, settings.threshold, f["programme_percent" if editable else "percent"])
        if partner is None:
            ws.write_formula(5, 2, formulas.outcome(), f["outcome"],
                             layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT)
        else:
            hint = self.texts["istruzioni"]["contributo"].format(**self._fill())
            ws.merge_range(5, 0, 5, 2, hint, f["hint"])
            ws.set_row(5, _height([(hint, 105)]))
        ws.write_string(6, 2, settings.aggregation.value, f["programme" if editable else "plain"])
        if editable:
            ws.write_comment(4, 2, _EDITABLE_NOTE, {"x_scale": 2, "y_scale": 1.5})
        ws.write_number(7, 2, settings.cofinancing_share, f["percent"])

        headers = layout.SUMMARY_HEADERS if partner is None else layout.PARTNER_SUMMARY_HEADERS
        first, last = self.summary_first_row, self.summary_first_row + len(self.summary_actions) - 1
        self._table(ws, first - 1, last, layout.SUMMARY, headers)
        for action in self.summary_actions:
            row = self.summary_row[action.code]
            area = programme.area(action.area)
            action_result = result.action(action.code)
            ws.write_string(row, 0, f"{area.code}. {area.name}" if area.code.isdigit() else area.name, f["text"])
            ws.write_string(row, 1, action.code, f["plain"])
            ws.write_string(row, 2, action.title, f["text"])
            ws.write_string(row, 3, layout.YES if action.counts else layout.NO, f["programme" if editable else "plain"])
            ws.set_row(row, _height([(action.title, 62), (area.name, 30)]))
            indicator_rows = [self.indicator_row[ind.code] for ind in action.indicators]
            span = (f"{_sheet_ref(layout.INDICATORS)}!$I${min(indicator_rows) + 1}:$I${max(indicator_rows) + 1}")
            ws.write_formula(row, 4, formulas.action_value(span), f["percent"], action_result.value)
            ws.write_formula(row, 5, f"={layout.THRESHOLD}", f["percent"], settings.threshold)
            line_rows = [f"{_sheet_ref(layout.LINES)}!$H${self.line_row[line.code] + 1}"
                         for ind in action.indicators for line in ind.lines]
            ws.write_formula(row, 6, formulas.total(line_rows), f["plain"], action_result.rows)
            if partner is not None:
                ws.write_string(row, 7, self.content.roles.get(action.code, ""), f["plain"])
        values = f"E{first + 1}:E{last + 1}"
        for criteria, style in (("<", "bad"), (">=", "good")):
            ws.conditional_format(values, {"type": "cell", "criteria": criteria, "value": layout.THRESHOLD,
                                           "format": f[style]})
            if partner is None:
                ws.conditional_format("C4", {"type": "cell", "criteria": criteria, "value": layout.THRESHOLD,
                                             "format": f[style]})
        if partner is None:
            for text, style in ((layout.ELIGIBLE_TEXT, "good"), (layout.NOT_ELIGIBLE_TEXT, "bad")):
                ws.conditional_format("C6", {"type": "cell", "criteria": "==", "value": f'"{text}"',
                                             "format": f[style]})
            self._chart(ws, last + 2)
        ws.freeze_panes(first, 0)
        ws.protect(options={"autofilter": True, "sort": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _chart(self, ws, below: int) -> None:
        first = self.summary_first_row
        shown = sum(1 for action in self.summary_actions if action.counts) or len(self.summary_actions)
        end = first + shown - 1
        name = layout.SUMMARY
        bars = self.book.add_chart({"type": "column"})
        bars.add_series({
            "name": "Realizzazione",
            "categories": [name, first, 1, end, 1],
            "values": [name, first, 4, end, 4],
            "fill": {"color": "#2F5597"},
            "gap": 60,
        })
        threshold = self.book.add_chart({"type": "line"})
        threshold.add_series({
            "name": f"Soglia {format_percent_text(self.programme.settings.threshold)}",
            "categories": [name, first, 1, end, 1],
            "values": [name, first, 5, end, 5],
            "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
            "marker": {"type": "none"},
        })
        bars.combine(threshold)
        bars.set_title({"name": "Realizzazione delle azioni che contano", "name_font": {"size": 12}})
        bars.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_unit": 0.2})
        bars.set_x_axis({"name": "Azione", "num_font": {"rotation": -45}})
        bars.set_legend({"position": "bottom"})
        bars.set_size({"width": 880, "height": 380})
        ws.insert_chart(below, 0, bars, {"x_offset": 10, "y_offset": 10})

    def _indicators(self, ws) -> None:
        f = self.formats
        results = {ind.code: ind for action in self.result.actions for ind in action.indicators}
        self._table(ws, 0, len(self.indicator_row), layout.INDICATORS, layout.INDICATOR_HEADERS)
        _set_widths(ws, (9, 7, 48, 14, 48, 10, 12, 30, 13))
        for action in self.actions:
            for ind in action.indicators:
                row = self.indicator_row[ind.code]
                ws.write_string(row, 0, ind.code, f["plain"])
                ws.write_string(row, 1, action.code, f["plain"])
                ws.write_string(row, 2, ind.text, f["text"])
                ws.write_string(row, 3, layout.KIND_LABELS[ind.kind], f["plain"])
                ws.write_string(row, 4, ind.rule, f["text"])
                ws.write_string(row, 5, ind.linked_to or "", f["plain"])
                manual_cell = xl_rowcol_to_cell(row, 6, row_abs=True, col_abs=True)
                assessment = self.assessments.get(ind.code, Assessment(None))
                if ind.kind is RuleKind.MANUAL and self.partner is None:
                    percent = f["percent"] if self.agency else f["input_percent"]
                    self._cell(ws, row, 6, assessment.value, percent)
                    if assessment.value is None:
                        ws.write_blank(row, 6, None, percent)
                    ws.write_string(row, 7, assessment.note, f["text" if self.agency else "input"])
                    ws.data_validation(row, 6, row, 6, {
                        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                        "input_title": "Valutazione del Manager",
                        "input_message": "Percentuale di realizzazione, ad esempio 90%. Spiegarla nella nota.",
                        "error_title": "Percentuale non valida",
                        "error_message": "Inserire una percentuale tra 0% e 100%, ad esempio 90%.",
                    })
                else:
                    ws.write_blank(row, 6, None, f["plain"])
                    if self.partner is None:  # the manager's note, on any indicator
                        ws.write_string(row, 7, assessment.note, f["text" if self.agency else "input"])
                    else:
                        ws.write_blank(row, 7, None, f["plain"])
                line_cells = [
                    (f"{_sheet_ref(layout.LINES)}!$G${self.line_row[line.code] + 1}",
                     f"{_sheet_ref(layout.LINES)}!$E${self.line_row[line.code] + 1}",
                     f"{_sheet_ref(layout.LINES)}!$F${self.line_row[line.code] + 1}")
                    for line in ind.lines
                ]
                linked = None
                if ind.kind is RuleKind.LINKED:
                    linked = f"{_sheet_ref(layout.SUMMARY)}!$E${self.summary_row[ind.linked_to] + 1}"
                formula = formulas.indicator_value(ind, line_cells, linked, manual_cell)
                ws.write_formula(row, 8, formula, f["percent"], results[ind.code].value)
                ws.set_row(row, _height([(ind.text, 48), (ind.rule, 48), (assessment.note, 30)]))
        ws.freeze_panes(1, 1)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _lines(self, ws) -> None:
        f = self.formats
        indicators = [ind for action in self.result.actions for ind in action.indicators]
        units = {code: value for ind in indicators for code, value in ind.units}
        rows = {code: count for ind in indicators for code, count in ind.line_rows}
        self._table(ws, 0, max(len(self.lines), 1), layout.LINES, layout.LINE_HEADERS)
        editable = self.partner is None and not self.agency
        if editable:
            ws.write_comment(0, 4, _EDITABLE_NOTE, {"x_scale": 2, "y_scale": 1.5})
        _set_widths(ws, (10, 10, 64, 30, 11, 10, 11, 8))
        for ind, line in self.lines:
            row = self.line_row[line.code]
            ws.write_string(row, 0, line.code, f["plain"])
            ws.write_string(row, 1, ind.code, f["plain"])
            ws.write_string(row, 2, layout.line_label(line.code, line.label), f["text"])
            ws.write_string(row, 3, line.unit, f["text"])
            ws.set_row(row, _height([(layout.line_label(line.code, line.label), 64), (line.unit, 30)]))
            if line.percent is not None:
                ws.write_number(row, 4, line.percent, f["programme_percent" if editable else "percent"])
            required = line.required if ind.kind is RuleKind.AT_LEAST else 1 if ind.kind is RuleKind.YES_NO else None
            if required is not None:
                ws.write_number(row, 5, required, f["programme" if editable and ind.kind is RuleKind.AT_LEAST else "plain"])
            code_cell = f"$A{row + 1}"
            formula = (formulas.line_distinct_organisations(code_cell) if ind.kind is RuleKind.PER_DISTINCT
                       else formulas.line_units(code_cell))
            ws.write_formula(row, 6, formula, f["plain"], units.get(line.code, 0.0))
            ws.write_formula(row, 7, formulas.line_rows(code_cell), f["plain"], rows.get(line.code, 0))
        ws.freeze_panes(1, 1)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _rejects(self, ws) -> None:
        f = self.formats
        rejects = self.content.rejects
        self._table(ws, 0, max(len(rejects), 1), layout.REJECTS, layout.REJECT_HEADERS)
        _set_widths(ws, (22, 28, 16, 10, 60) + tuple(c.width for c in layout.EVIDENCE_COLUMNS))
        for row, reject in enumerate(rejects, 1):
            ws.write_string(row, 0, reject.partner, f["plain"])
            ws.write_string(row, 1, reject.file, f["plain"])
            self._cell(ws, row, 2, reject.received, f["datetime"])
            self._cell(ws, row, 3, reject.source_row, f["plain"])
            ws.write_string(row, 4, reject.reason, f["text"])
            for column, value in enumerate(reject.values, 5):
                self._cell(ws, row, column, _storable(value))
            ws.set_row(row, _height([(reject.reason, 60)]))
        ws.freeze_panes(1, 0)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _submissions(self, ws) -> None:
        f = self.formats
        submissions = self.content.submissions
        self._table(ws, 0, max(len(submissions), 1), layout.SUBMISSIONS, layout.SUBMISSION_HEADERS)
        _set_widths(ws, (34, 22, 16, 16, 18, 16, 7, 9, 10, 9, 9, 9, 40, 18))
        for row, item in enumerate(submissions, 1):
            ws.write_string(row, 0, item.file, f["plain"])
            ws.write_string(row, 1, item.partner, f["plain"])
            self._cell(ws, row, 2, item.received, f["datetime"])
            self._cell(ws, row, 3, item.merged, f["datetime"])
            ws.write_string(row, 4, item.content_hash, f["plain"])
            ws.write_string(row, 5, item.outcome, f["plain"])
            for column, value in enumerate((item.read, item.added, item.updated, item.unchanged, item.rejected,
                                            item.removed), 6):
                ws.write_number(row, column, value, f["plain"])
            ws.write_string(row, 12, item.note, f["text"])
            ws.write_string(row, 13, item.programme, f["plain"])
        ws.freeze_panes(1, 0)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _values_sheet(self, ws, rows: list[list[Any]]) -> None:
        """A sheet a person added, carried over as values."""
        for row, cells in enumerate(rows):
            for column, value in enumerate(cells):
                self._cell(ws, row, column, _storable(value))

    def _programme(self, ws) -> None:
        _ProgrammeSheet(self, ws).write()

    def _members(self, ws) -> None:
        f = self.formats
        members = self.programme.members
        self._table(ws, 0, max(len(members), 1), layout.MEMBERS, layout.MEMBER_HEADERS)
        _set_widths(ws, (52, 24, 15, 26, 22))
        for row, member in enumerate(members, 1):
            ws.write_string(row, 0, member.name, f["plain"])
            ws.write_string(row, 1, member.short_name, f["plain"])
            self._cell(ws, row, 2, member.joined)
            ws.write_string(row, 3, member.family_in_trentino, f["plain"])
            ws.write_string(row, 4, member.family_audit, f["plain"])
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _actors(self, ws) -> None:
        f, programme = self.formats, self.programme
        actors = programme.actors
        self._table(ws, 0, max(len(actors), 1), layout.ACTORS, layout.ACTOR_HEADERS)
        _set_widths(ws, (30, 26, 70, 40))
        for row, actor in enumerate(actors, 1):
            for column, value in enumerate((actor.role, actor.name, actor.title, actor.email)):
                ws.write_string(row, column, value, f["text"])
        row = len(actors) + 3
        blocks = (("Dati del distretto", programme.details), ("Canali social", programme.contacts))
        for title, pairs in blocks:
            if not pairs:
                continue
            ws.write_string(row, 0, title, f["subtitle"])
            row += 1
            for label, value in pairs:
                ws.write_string(row, 0, label, f["label"])
                ws.merge_range(row, 1, row, 2, value, f["text"])
                row += 1
            row += 1
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)

    def _method(self, ws) -> None:
        text, fill = self.texts["metodo"], self._fill()
        self._text_sheet(ws, [
            ("title", text["titolo"]),
            ("gap",),
            *(("paragraph", paragraph.format(**fill)) for paragraph in text["paragrafi"]),
            ("gap",),
            ("subtitle", text["tipi_titolo"]),
            *(("pair", name, explanation.format(**fill)) for name, explanation in text["tipi"]),
            ("gap",),
            ("subtitle", text["aggregazione_titolo"]),
            *(("paragraph", paragraph.format(**fill)) for paragraph in text["aggregazione"]),
        ])

    def _meta(self, ws) -> None:
        programme = self.programme
        text = dumps(programme)
        rows: list[tuple[str, str]] = [
            ("modello", layout.TEMPLATE_VERSION),
            ("tipo", "agenzia" if self.agency else "distretto" if self.partner is None else "partner"),
            ("distretto", programme.district),
            ("anno", str(programme.year)),
            ("impronta", fingerprint(programme)),
            ("scritto il", (self.content.produced or dt.datetime.now().replace(microsecond=0)).isoformat()),
        ]
        if self.content.history:
            rows.append(("impronte", ",".join(self.content.history)))
        rows += list(self.content.stamp.items())
        rows += [("programma", chunk) for chunk in _chunks(text)]
        ws.write_string(0, 0, "chiave")
        ws.write_string(0, 1, "valore")
        for row, (key, value) in enumerate(rows, 1):
            ws.write_string(row, 0, key)
            ws.write_string(row, 1, value)
        ws.hide()
        ws.protect()

    def _table(self, ws, header_row: int, last_row: int, name: str, headers) -> None:
        """An Excel table from column A, its header styled so LibreOffice (which ignores table styles) shows it."""
        ws.add_table(header_row, 0, last_row, len(headers) - 1, {
            "name": name,
            "columns": [{"header": header, "header_format": self.formats["header"]} for header in headers],
            "style": "Table Style Light 9",
        })

    # -- cells -------------------------------------------------------------------------------
    def _cell(self, ws, row: int, column: int, value: Any, style: Any = None) -> None:
        """Write a value by its type; text is always stored as text (never a formula)."""
        if value is None:
            return
        if isinstance(value, bool):
            ws.write_boolean(row, column, value, style)
        elif isinstance(value, (int, float)):
            if math.isfinite(value):
                ws.write_number(row, column, value, style)
            else:
                ws.write_string(row, column, str(value), style)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(row, column, value, style or self.formats["datetime"])
        elif isinstance(value, dt.date):
            ws.write_datetime(row, column, value, style or self.formats["date"])
        elif isinstance(value, (dt.time, dt.timedelta)):
            ws.write_string(row, column, str(value), style)
        else:
            ws.write_string(row, column, str(value)[:32767], style)


class _BulkWorksheet(Worksheet):
    """A worksheet that writes many rows of plain values fast.

    XlsxWriter spends microseconds on every cell; a district of 200,000 evidence rows has millions.
    The rows given to `bulk_rows` are rendered by `Cells` while the sheet's XML is written, after
    the cells written the usual way (the header). Their text is stored in the cells themselves
    (inline strings, as XlsxWriter's constant-memory mode does), so rendering needs nothing from
    the rest of the workbook: a merge renders its new rows while it reads the returns.
    """

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int, options=None):
        """XlsxWriter checks every cell of a table's range for overlaps, which is slow and memory hungry
        for a table of millions of cells: declare the header and one row, then give the table its range
        (nothing else is ever placed on this sheet)."""
        result = super().add_table(first_row, first_col, min(last_row, first_row + 1), last_col, options)
        table = self.tables[-1]
        table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
        if table.get("autofilter"):
            table["autofilter"] = table["a_range"]
        return result

    def bulk_rows(self, rows: Sequence[Sequence[Any] | Rendered], first_row: int, width: int) -> None:
        """Rows of values from column A (or partly rendered already), written from `first_row` (0-based)."""
        self._bulk = (rows, first_row)
        if rows:
            self._check_dimensions(first_row + len(rows) - 1, width - 1)

    def _write_sheet_data(self) -> None:
        rows, first_row = getattr(self, "_bulk", ((), 0))
        if self.dim_rowmin is None:
            self._xml_empty_tag("sheetData")
            return
        self._xml_start_tag("sheetData")
        saved_max = self.dim_rowmax
        if rows:  # XlsxWriter writes its own rows (the header), ours follow
            self.dim_rowmax = first_row - 1
        self._write_rows()
        self.dim_rowmax = saved_max
        render = Cells().render
        for start in range(0, len(rows), 2000):
            chunk = []
            for number, row in enumerate(rows[start:start + 2000], first_row + start + 1):
                if type(row) is Rendered:
                    place = b"%d" % number
                    chunk.append(row.cells.replace(b"\0", place))
                    if row.rest:
                        chunk.append(render(row.rest, row.columns).encode().replace(b"\0", place))
                    chunk.append(b"</row>")
                else:
                    chunk.append(f'<row r="{ROW}">{render(row)}</row>'.replace(ROW, str(number)).encode())
            self.fh.flush()  # the text written so far, then these bytes
            self.fh.buffer.write(b"".join(chunk))
        self._xml_end_tag("sheetData")


ROW = "\x00"  # where the row number goes in rendered cells (escaped text never holds it)
# The cell styles of bulk rows. XlsxWriter numbers formats as they are first used: `_Writer` uses
# these three first, so cells can be rendered without the workbook (by a merge's worker processes).
_PLAIN, _DATE, _MOMENT = 1, 2, 3


class Rendered(NamedTuple):
    """A row whose start and first `columns` cells are already rendered (`render_row`); `rest` are the
    values after them."""

    cells: bytes
    columns: int
    rest: tuple = ()


class Cells:
    """Renders rows of values as cells of the sheet's XML, with ROW where the row number goes.

    Each row is one `str.format` of a template made for its pattern of cell types: rows of a
    table mostly share a few patterns, so the markup is built once per pattern, not per cell.
    Text goes in the cell (an inline string); numbers and dates as XlsxWriter writes them.
    """

    def __init__(self) -> None:
        self.templates: dict[tuple, str] = {}
        self.texts: dict[str, str] = {}
        self.serials: dict[Any, str] = {}

    def render(self, values: Sequence[Any], first_column: int = 0) -> str:
        kinds, slots = [], []
        texts, serials, maybe_escaping = self.texts, self.serials, _MAYBE_ESCAPING.search
        for value in values:
            kind = type(value)
            if value is None:
                kinds.append(None)
            elif kind is str:
                kinds.append("s")
                text = texts.get(value)
                if text is None:
                    if maybe_escaping(value) or value[:1].isspace() or value[-1:].isspace() or len(value) > 32767:
                        text = _inline_text(value[:32767])
                    else:  # the quick look: no character that may need escaping
                        text = f"<is><t>{value}</t></is>"
                    if len(texts) < 50_000:  # the repeated texts come first: codes, organisations, files
                        texts[value] = text
                slots.append(text)
            elif kind is int or (kind is float and math.isfinite(value)):
                kinds.append("n")
                slots.append(f"{value:.16G}")
            elif kind is dt.date or kind is dt.datetime:
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = f"{excel_serial(value):.16G}"
                kinds.append("t" if kind is dt.datetime else "d")
                slots.append(serial)
            elif kind is bool:
                kinds.append("b")
                slots.append(int(value))
            else:  # anything else is stored as its text
                kinds.append("s")
                slots.append(_inline_text(str(value)[:32767]))
        pattern = (first_column, *kinds)
        template = self.templates.get(pattern)
        if template is None:
            template = self.templates[pattern] = _cells_template(kinds, first_column)
        return template.format(*slots)


def render_row(values: tuple, cells: Cells) -> bytes:
    """The start of a district's evidence row and its cells, given as the values of its columns
    (`layout.DISTRICT_EVIDENCE_COLUMNS`), as the district workbook holds them (UTF-8: they travel
    between processes and into the file as they are). A row `write_workbook` must change to store
    it (a TRUE or FALSE where formulas count) becomes another object, and is rendered anew."""
    return f'<row r="{ROW}">{cells.render(values)}'.encode()


def _cells_template(kinds: list, first_column: int) -> str:
    """The markup of cells of these kinds, for str.format(*values)."""
    cells = []
    slot = 0
    for column, kind in enumerate(kinds, first_column):
        if kind is None:
            continue
        ref = f"{xl_col_to_name(column)}{ROW}"
        if kind == "s":
            cells.append(f'<c r="{ref}" s="{_PLAIN}" t="inlineStr">{{{slot}}}</c>')
        elif kind == "b":
            cells.append(f'<c r="{ref}" s="{_PLAIN}" t="b"><v>{{{slot}}}</v></c>')
        else:
            style = {"n": _PLAIN, "d": _DATE, "t": _MOMENT}[kind]
            cells.append(f'<c r="{ref}" s="{style}"><v>{{{slot}}}</v></c>')
        slot += 1
    return "".join(cells)


def _xml_text(string: str) -> str:
    """A text as the <t> element of a shared or inline string: escaped, its spaces kept.

    XlsxWriter writes a shared string shaped like "<r>…</r>" as raw XML (its rich strings, which
    xlsync never uses): partner text of that shape would break the file. Here every text is
    escaped, with a quick path for the common one that needs nothing.
    """
    if not _NEEDS_ESCAPING.search(string):
        return f"<t>{string}</t>"
    string = SharedStrings._escape_control_characters(string)
    space = ' xml:space="preserve"' if string[:1].isspace() or string[-1:].isspace() else ""
    string = string.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<t{space}>{string}</t>"


def _inline_text(string: str) -> str:
    return f"<is>{_xml_text(string)}</is>"


_MAYBE_ESCAPING = re.compile(r"[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
_NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")


class _QuickZipFile(zipfile.ZipFile):
    """The zip of a workbook, deflated by ISA-L: three times faster than zlib's quickest level, and
    as small. A district of 200,000 rows is ~150 MB of XML."""

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        """As `ZipFile.write` (XlsxWriter writes every part so), with ISA-L's deflate."""
        info = zipfile.ZipInfo.from_file(filename, arcname, strict_timestamps=self._strict_timestamps)
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(filename, "rb") as source, self.open(info, "w") as target:
            target._compressor = isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15)  # raw deflate, as zipfile's
            shutil.copyfileobj(source, target, 1 << 20)


class _PlainSharedStrings(SharedStrings):
    """The shared strings, every one of them text (see `_xml_text`)."""

    def _write_sst_strings(self) -> None:
        write = self.fh.write
        for string in self.string_table.string_array:
            write(f"<si>{_xml_text(string)}</si>")


class _Packager(Packager):
    def _write_shared_strings_file(self) -> None:
        sst = _PlainSharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class _Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook, with plain shared strings, zipped quickly (`_QuickZipFile`).

    XlsxWriter has no option for how it zips, so its zip class is swapped while the file is saved
    (xlsync writes one workbook at a time).
    """

    def _get_packager(self):  # XlsxWriter's hook for its packager
        return _Packager()

    def close(self) -> None:
        original = xlsxwriter.workbook.ZipFile
        xlsxwriter.workbook.ZipFile = _QuickZipFile
        try:
            super().close()
        finally:
            xlsxwriter.workbook.ZipFile = original


class _ProgrammeSheet:
    """The programme laid out like the published document, protected against edits."""

    PROJECT_LABELS = (
        ("Obiettivo generale.", "general_objective"),
        ("Obiettivo specifico.", "specific_objective"),
        ("Titolo.", None),
        ("Azioni.", "activities"),
        ("Organizzazione referente.", "referent"),
        ("Altre organizzazioni coinvolte.", "other_organisations"),
        ("Tempi.", "timing"),
        ("Indicatore/i di valutazione.", "indicators_text"),
        ("AZIONE V.A.M.T. Percentuale/i di valutazione.", "percentages_text"),
    )

    def __init__(self, writer: _Writer, ws):
        self.writer = writer
        self.ws = ws
        self.f = writer.formats
        self.row = 0

    def write(self) -> None:
        ws, f, programme = self.ws, self.f, self.writer.programme
        ws.hide_gridlines(2)
        ws.set_column(0, 0, 8)
        ws.set_column(1, 1, 34)
        ws.set_column(2, 2, 84)
        self.banner(f"PROGRAMMA DI LAVORO {programme.year}", f["title"])
        self.banner(programme.district.upper(), f["subtitle"])
        if programme.decree_number or programme.decree_date:
            decree = "Determinazione del dirigente"
            if programme.decree_number:
                decree += f" n. {programme.decree_number}"
            if programme.decree_date:
                decree += f" del {programme.decree_date:%d/%m/%Y}"
            self.banner(decree, f["plain"])
        self.row += 1
        self.section("DATI DEL DISTRETTO")
        facts = list(programme.details)
        if programme.employees:
            facts.append(("Dipendenti delle organizzazioni aderenti", str(programme.employees)))
        for label, value in facts:
            self.pair(label.upper(), value)
        self.section("ATTORI DEL DISTRETTO")
        for actor in programme.actors:
            self.pair(actor.role.upper(), "\n".join(part for part in (actor.name, actor.title, actor.email) if part))
        if programme.contacts:
            self.section("CANALI SOCIAL")
            for label, value in programme.contacts:
                self.pair(label.upper(), value)
        self.section("AZIONI V.A.M.T.")
        self.banner("Realizzazione delle Azioni di competenza del Manager Territoriale:", f["hint"])
        for area in programme.areas:
            actions = [a for a in programme.actions if a.area == area.code and a.project is None]
            if not actions:
                continue
            heading = f"{area.code}. {area.name.upper()}" if area.code.isdigit() else area.name.upper()
            self.banner(heading, f["area"])
            if area.note:
                self.banner(area.note, f["hint"])
            ws.write_string(self.row, 0, "Codice", f["label"])
            ws.write_string(self.row, 1, "AZIONE", f["label"])
            ws.write_string(self.row, 2, "% DI REALIZZAZIONE", f["label"])
            self.row += 1
            for action in actions:
                rule = action.rule + self.line_codes(action)
                ws.write_string(self.row, 0, action.code, f["plain"])
                ws.write_string(self.row, 1, action.title, f["text"])
                ws.write_string(self.row, 2, rule, f["text"])
                ws.set_row(self.row, _height([(action.title, 34), (rule, 84)]))
                self.row += 1
        projects = [a for a in programme.actions if a.project is not None]
        if projects:
            self.section("PROGETTUALITÀ")
            for action in projects:
                self.project(action)
        if programme.members:
            self.section(f"ORGANIZZAZIONI ADERENTI ({len(programme.members)})")
            ws.write_string(self.row, 1, "Organizzazione", f["label"])
            ws.write_string(self.row, 2, "Data adesione · Marchio Family in Trentino · Marchio Family Audit", f["label"])
            self.row += 1
            for number, member in enumerate(programme.members, 1):
                marks = [f"{member.joined:%d/%m/%Y}" if member.joined else "",
                         member.family_in_trentino, member.family_audit]
                ws.write_number(self.row, 0, number, f["plain"])
                ws.write_string(self.row, 1, member.name, f["text"])
                ws.write_string(self.row, 2, " · ".join(part for part in marks if part), f["text"])
                ws.set_row(self.row, _height([(member.name, 34)]))
                self.row += 1
        ws.protect(options={"select_locked_cells": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_footer("&L&8" + _escape_header(programme.district) + "&R&8Pagina &P di &N")

    def project(self, action: Action) -> None:
        ws, f, details = self.ws, self.f, action.project
        self.row += 1
        heading = f"PROGETTUALITÀ n.{details.number} {details.tag}"
        ws.write_string(self.row, 0, action.code, f["area"])
        ws.merge_range(self.row, 1, self.row, 2, heading, f["area"])
        ws.set_row(self.row, _height([(heading, 118)]))
        self.row += 1
        for label, attribute in self.PROJECT_LABELS:
            value = action.title if attribute is None else getattr(details, attribute)
            if value:
                self.pair(label, value)
        if details.classification:
            self.pair("Classificazione.", "\n".join(details.classification))
        self.pair("Voci e codici per le evidenze", self.line_codes(action).strip())

    def line_codes(self, action: Action) -> str:
        entries = []
        for ind in action.indicators:
            if ind.kind is RuleKind.LINKED:
                entries.append(f"{ind.code}: vedi {ind.linked_to}")
            elif ind.kind is RuleKind.MANUAL and not ind.lines:
                entries.append(f"{ind.code}: valutazione del Manager")
            for line in ind.lines:
                entries.append(layout.line_label(line.code, line.label))
        return "\n\nCodici: " + "; ".join(entries) if action.project is None else "\n".join(entries)

    def banner(self, text: str, style) -> None:
        self.ws.merge_range(self.row, 0, self.row, 2, text, style)
        self.ws.set_row(self.row, _height([(text, 126)]))
        self.row += 1

    def section(self, title: str) -> None:
        self.row += 1
        self.banner(title, self.f["section"])

    def pair(self, label: str, value: str) -> None:
        self.ws.write_string(self.row, 1, label, self.f["label"])
        self.ws.write_string(self.row, 2, value, self.f["text"])
        self.ws.set_row(self.row, _height([(label, 34), (value, 84)]))
        self.row += 1


class _AgencySheets:
    """The agency's cover and self-evaluation (Scheda di autovalutazione), over the district's figures."""

    def __init__(self, writer: _Writer):
        self.w = writer
        self.f = writer.formats
        self.programme = writer.programme
        self.result = writer.result

    def write(self, cover, evaluation) -> None:
        self.cover(cover)
        self.self_evaluation(evaluation)

    def figure(self, ws, row: int, column: int, formula: str, value: Any, style) -> None:
        """A computed figure: a live formula in the workbook, its value in the version printed to PDF."""
        if self.w.content.print_only:
            self.w._cell(ws, row, column, value, style)
        else:
            ws.write_formula(row, column, formula, style, value)

    def area_label(self, code: str) -> str:
        area = self.programme.area(code)
        return f"{area.code}. {area.name}" if area.code.isdigit() else area.name

    def cover(self, ws) -> None:
        f, programme, result = self.f, self.programme, self.result
        ws.hide_gridlines(2)
        ws.set_column(0, 0, 44)
        ws.set_column(1, 1, 70)
        ws.merge_range(0, 0, 0, 1, f"Programma di lavoro {programme.year} — scheda per l'Agenzia per la coesione sociale",
                       f["title"])
        ws.merge_range(1, 0, 1, 1, programme.district, f["subtitle"])
        row = 3
        decree = " ".join(part for part in (
            f"n. {programme.decree_number}" if programme.decree_number else "",
            f"del {programme.decree_date:%d/%m/%Y}" if programme.decree_date else "") if part)
        facts = [("Determinazione di approvazione", decree), ("Organizzazione capofila", programme.lead_organisation)]
        facts += [(actor.role, ", ".join(part for part in (actor.name, actor.email) if part)) for actor in programme.actors
                  if actor.role.lower() != "organizzazione capofila"]
        produced = self.w.content.produced or dt.datetime.now().replace(microsecond=0)
        facts.append(("Prodotto il", f"{produced:%d/%m/%Y %H:%M}"))
        for label, value in facts:
            if value:
                ws.write_string(row, 0, label, f["label"])
                ws.write_string(row, 1, value, f["text"])
                row += 1
        row += 1
        outcome = layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT
        ws.write_string(row, 0, layout.SUMMARY_LABELS[layout.PROGRAMME_REALISATION], f["label"])
        self.figure(ws, row, 1, f"={layout.PROGRAMME_REALISATION}", result.value, f["big_percent_left"])
        ws.write_string(row + 1, 0, layout.SUMMARY_LABELS[layout.THRESHOLD], f["label"])
        self.figure(ws, row + 1, 1, f"={layout.THRESHOLD}", result.threshold, f["percent_left"])
        ws.write_string(row + 2, 0, "Contributo provinciale", f["label"])
        self.figure(ws, row + 2, 1, f"={layout.OUTCOME}", outcome, f["outcome"])
        for text, style in ((layout.ELIGIBLE_TEXT, "good"), (layout.NOT_ELIGIBLE_TEXT, "bad")):
            ws.conditional_format(row + 2, 1, row + 2, 1, {"type": "cell", "criteria": "==", "value": f'"{text}"',
                                                            "format": f[style]})
        counts = [
            ("Organizzazioni aderenti", len(programme.members)),
            ("Evidenze registrate", len(self.w.evidence)),
            ("Invii degli aderenti uniti", len(self.w.content.submissions)),
            ("Righe scartate (foglio «Scarti»)", len(self.w.content.rejects)),
        ]
        row += 4
        for label, value in counts:
            ws.write_string(row, 0, label, f["label"])
            ws.write_number(row, 1, value, f["plain_left"])
            row += 1
        row += 1
        self.areas(ws, row)
        ws.protect(options={"select_locked_cells": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 1)

    def areas(self, ws, row: int) -> None:
        """The realisation of each V.A.M.T. area, as a table and a chart."""
        f = self.f
        values = area_values(self.result)
        labels = [self.area_label(code) for code in values]
        ws.write_string(row, 0, "Realizzazione per area (azioni che contano)", f["subtitle"])
        first = row + 1
        for column, header in enumerate(("Area", "Realizzazione")):
            ws.write_string(first, column, header, f["header"])
        for offset, (code, label) in enumerate(zip(values, labels, strict=True), 1):
            ws.write_string(first + offset, 0, label, f["text"])
            self.figure(ws, first + offset, 1, formulas.area_value(f"$A${first + offset + 1}"), values[code],
                        f["percent_left"])
        last = first + len(values)
        if not values:
            return
        chart = self.w.book.add_chart({"type": "bar"})
        chart.add_series({"name": "Realizzazione", "categories": [layout.COVER, first + 1, 0, last, 0],
                          "values": [layout.COVER, first + 1, 1, last, 1], "fill": {"color": "#2F5597"}})
        chart.set_title({"name": "Realizzazione per area", "name_font": {"size": 12}})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_unit": 0.2})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
        chart.set_legend({"none": True})
        chart.set_size({"width": 880, "height": 90 + 36 * len(values)})
        ws.insert_chart(last + 2, 0, chart, {"x_offset": 10, "y_offset": 10})

    def self_evaluation(self, ws) -> None:
        f, w = self.f, self.w
        headers = layout.SELF_EVALUATION_HEADERS
        actions = w.summary_actions
        w._table(ws, 0, max(len(actions), 1), "Scheda", headers)
        _set_widths(ws, (22, 7, 34, 6, 46, 8, 52, 12, 34, 34))
        by_line: dict[str, list[Evidence]] = {}
        keys = {line.code.casefold(): line.code for line in self.programme.lines}
        for row in w.evidence:
            code = line_code_of(row.code, keys)
            if code:
                by_line.setdefault(code, []).append(row)
        results = {action.code: action for action in self.result.actions}
        for offset, action in enumerate(actions, 1):
            result = results[action.code]
            rules = "\n".join(f"{ind.code} {ind.text}" + (f" — {ind.rule}" if ind.rule else "")
                              for ind in action.indicators)
            rows = [row for ind in action.indicators for line in ind.lines for row in by_line.get(line.code, [])]
            missing = "\n".join(f"{ind.code}: {ind.missing}" for ind in result.indicators if ind.missing)
            notes = "\n".join(f"{ind.code}: {w.assessments[ind.code].note}" for ind in action.indicators
                              if ind.code in w.assessments and w.assessments[ind.code].note)
            summary = _evidence_summary(rows)
            ws.write_string(offset, 0, self.area_label(action.area), f["text"])
            ws.write_string(offset, 1, action.code, f["plain"])
            ws.write_string(offset, 2, action.title, f["text"])
            ws.write_string(offset, 3, layout.YES if action.counts else layout.NO, f["plain"])
            ws.write_string(offset, 4, rules, f["text"])
            ws.write_number(offset, 5, len(rows), f["plain"])
            ws.write_string(offset, 6, summary, f["text"])
            realisation = f"={_sheet_ref(layout.SUMMARY)}!$E${w.summary_row[action.code] + 1}"
            self.figure(ws, offset, 7, realisation, result.value, f["percent"])
            ws.write_string(offset, 8, missing, f["text"])
            ws.write_string(offset, 9, notes, f["text"])
            ws.set_row(offset, _height([(rules, 46), (summary, 52), (missing, 34), (notes, 34), (action.title, 34)]))
        values = f"H2:H{len(actions) + 1}"
        threshold = self.result.threshold if w.content.print_only else layout.THRESHOLD  # no names when printed
        for criteria, style in (("<", "bad"), (">=", "good")):
            ws.conditional_format(values, {"type": "cell", "criteria": criteria, "value": threshold,
                                           "format": f[style]})
        ws.freeze_panes(1, 3)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)
        ws.repeat_rows(0)
        ws.set_footer("&L&8" + _escape_header(self.programme.district) + "&C&8Scheda di autovalutazione"
                      "&R&8Pagina &P di &N")


def _chunks(text: str) -> list[str]:
    """The programme text in cells of the hidden sheet. No cell starts with = + - @: a tool that
    re-saves the workbook (openpyxl does) would take such a text for a formula and lose it."""
    chunks, start = [], 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        while end < len(text) and text[end] in "=+-@":
            end += 1
        chunks.append(text[start:end])
        start = end
    return chunks


_EDITABLE_NOTE = ("Il Manager territoriale può modificare qui i numeri del programma (percentuali, richieste, "
                  "soglia, aggregazione, «Conta»): le percentuali si ricalcolano subito; con «xlsync update» la "
                  "modifica entra nel programma e nei file degli aderenti.")


def _evidence_summary(rows: list[Evidence], shown: int = 4) -> str:
    """A few pieces of evidence, dated, with who sent them; and how many more."""
    lines = []
    for row in rows[:shown]:
        date = f"{row.date:%d/%m/%Y} " if isinstance(row.date, dt.date) else ""
        who = f" ({row.partner})" if row.partner else ""
        lines.append(f"{date}{row.description or row.code}{who}")
    if len(rows) > shown:
        lines.append(f"… e altre {len(rows) - shown}")
    return "\n".join(lines)


def _height(cells: Iterable[tuple[str, int]]) -> float:
    """Row height (points) that shows wrapped text whole: XlsxWriter cannot autofit rows."""
    lines = 1
    for text, width in cells:  # a column of width w holds about 1.2·w characters of Calibri 11,
        text = str(text)       # fewer in capitals (titles of projects are written so)
        capitals = sum(char.isupper() for char in text) > 0.6 * sum(char.isalpha() for char in text)
        wrap = max(int(width * (0.9 if capitals else 1.2)), 1)
        lines = max(lines, sum(len(textwrap.wrap(part, wrap)) or 1 for part in text.split("\n")))
    return 15.0 * lines


def _set_widths(ws, widths: Iterable[float]) -> None:
    """The widths of the columns from A."""
    for index, width in enumerate(widths):
        ws.set_column(index, index, width)


def print_wide(ws) -> None:
    """A4 landscape, as wide as one page: how a wide table prints readably."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _sheet_ref(name: str) -> str:
    return name if name.isalnum() else "'" + name.replace("'", "''") + "'"


def _escape_header(text: str) -> str:
    return text.replace("&", "&&")
