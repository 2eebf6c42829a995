"""Writing xlsync workbooks (XlsxWriter): the standard template filled with a programme.

XlsxWriter is used because it stores each formula's computed value next to the formula, so
programs that only read values see the right numbers at once, while Excel and LibreOffice keep
recomputing live. The values come from the Python engine (`scoring/engine.py`). Each sheet is written
by its module in `sheets/`; the private XlsxWriter details behind the speed are all in `fastxlsx.py`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter
import xlsxwriter.workbook

from xlsync.files import storage
from xlsync.files.atomic import write_atomically
from xlsync.libreoffice import odf
from xlsync.programme.model import Aggregation, Assessment, Conflict, Evidence, Member, Programme, Reject, Submission
from xlsync.programme.toml_file import format_percent_text
from xlsync.scoring.engine import ProgrammeResult, score
from xlsync.vocabulary import layout
from xlsync.workbook import keep, record
from xlsync.workbook.fastxlsx import BulkWorksheet, FastWorkbook, FormulaWorksheet, style_number
from xlsync.workbook.rows import DATE_STYLE, MOMENT_STYLE, PLAIN_STYLE
from xlsync.workbook.sheets import evidence, reference, summary
from xlsync.workbook.sheets.agency import AgencySheets
from xlsync.workbook.sheets.common import TITLE_FONT_SIZE, storable
from xlsync.workbook.sheets.programme_sheet import ProgrammeSheet

if TYPE_CHECKING:
    from xlsync.workbook.reader import Workbook


@dataclass(frozen=True)
class WorkbookContent:
    """Everything a workbook holds besides the standard template."""

    programme: Programme
    evidence: Sequence[Evidence] = ()
    assessments: Mapping[str, Assessment] = field(default_factory=dict)
    partner: Member | None = None  # set: a partner's workbook; None: the district workbook
    # A partner's workbook: its figures, counting only the rows the manager's checks accept, and what each
    # row still needs («Da completare»), as `partners.validate` found them.
    partner_result: ProgrammeResult | None = None
    row_problems: Sequence[str] = ()
    roles: Mapping[str, str] = field(default_factory=dict)  # action code → the partner's role in it
    stamp: Mapping[str, str] = field(default_factory=dict)  # identity keys added to the hidden sheet
    submissions: Sequence[Submission] = ()  # the Invii ledger (district)
    rejects: Sequence[Reject] = ()  # the Scarti sheet (district)
    conflicts: Sequence[Conflict] = ()  # the Conflitti sheet (district)
    bases: Sequence[str] = ()  # what the district keeps of each return merged, in its hidden sheet (district)
    # The district file this one replaces: what the person made in it is carried over (`keep`), and the
    # file is kept as its latest earlier version once nothing can refuse the write; `force`: write even
    # when some of what the person made cannot be kept.
    keep_from: Workbook | None = None  # as the reader read it
    force: bool = False
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
        assessments={code: replace(a, value=storable(a.value)) for code, a in content.assessments.items()},
    )
    if content.partner is None:
        manual = {code: a.value for code, a in content.assessments.items()}
        result = score(content.programme, content.evidence, manual)
        problems: list[str] = []
    else:  # a partner's figures and what its rows still need, as the caller's checks found them
        result, problems = content.partner_result, list(content.row_problems)
    with contextlib.ExitStack() as stack:
        kept, placed = None, {}
        if content.keep_from is not None:
            before = content.keep_from
            storage.check_replaceable(Path(before.path))
            # Each evidence row by its row in the file: its ID, or, for a row typed without one, that row.
            ids = functools.cache(lambda: {row.row: row.row_id or keep.Unnamed(row.row) for row in before.evidence
                                           if row.row})
            source = Path(before.path)
            if odf.is_ods(source):  # the person's work is found in LibreOffice's conversion of it
                source = stack.enter_context(odf.as_package(source))
            rejects = functools.cache(lambda: {reject.row: reject for reject in before.rejects if reject.row})
            kept = keep.plan(source, layout.SHEETS, ids, content.force, Path(before.path).name, rejects, before.renamed)
            if kept is not None and kept.empty:
                kept = None
            if kept is not None:
                columns = keep.Columns(before.evidence_columns, before.added_columns,
                                       evidence.added_headers(content.evidence), kept.marks.last)
                placed = keep.place(kept, content.evidence, before.evidence, content.rejects, content.force, columns)
                kept = keep.moved(kept, columns)
        ready = None
        if content.keep_from is not None:  # nothing can refuse the write now: the file is copied aside
            ready = stack.enter_context(storage.keeping_backup(Path(content.keep_from.path)))
        write = odf.write_ods if odf.is_ods(path) else write_atomically
        write(path, lambda temporary: WorkbookWriter(content, result, temporary, problems, kept, placed).write(), ready)
    return result


# The font of the workbook LibreOffice prints to PDF: one it carries on every system (it installs the
# DejaVu fonts with itself), so the printed pages are laid out as measured here, never in a stand-in.
PRINT_FONT = "DejaVu Sans"


def new_book(path: str, font: str = "Calibri") -> xlsxwriter.Workbook:
    """An XlsxWriter workbook as xlsync writes them: text from partners stays text. Its default font
    (`font`, 11 pt) is also the measure of its columns' widths."""
    return FastWorkbook(path, {
        "default_format_properties": {"font_name": font, "font_size": 11},
        # Partner text is data, never a formula, a number or a link, whatever it looks like.
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "default_date_format": layout.DATE_FORMAT,
    })


_STORED_AS_TEXT = ("code", "quantity", "organisations")  # columns the formulas count or sum


def _storable_row(row: Evidence) -> Evidence:
    if type(row.code) is not bool and type(row.quantity) is not bool and type(row.organisations) is not bool:
        return row  # the quick look (a district has hundreds of thousands of rows)
    return replace(row, **{name: storable(getattr(row, name)) for name in _STORED_AS_TEXT})



def texts() -> dict[str, Any]:
    """The Italian texts of the standard template (templates/testi.toml)."""
    return tomllib.loads(resources.files("xlsync.templates").joinpath("testi.toml").read_text(encoding="utf-8"))


class WorkbookWriter:
    """Writes one workbook: the sheets' modules (`xlsync.workbook.sheets`) write each sheet with its
    formats, cells and tables."""

    def __init__(self, content: WorkbookContent, result: ProgrammeResult, path: str, row_problems=(),
                 kept: keep.Kept | None = None, placed: Mapping[str, keep.RowMarks] | None = None):
        self.content = content
        self.row_problems = list(row_problems)  # a partner's rows: what each still needs (cached values)
        self.programme = programme = content.programme
        self.partner = content.partner
        self.result = result
        self.evidence = content.evidence
        self.assessments = content.assessments
        self.agency = content.agency
        self.font = PRINT_FONT if content.print_only else "Calibri"
        self.book = new_book(path, self.font)
        # What the person made in the file this one replaces, and what they put on rows, by the rows'
        # places in this one (`keep.plan`, `keep.place`).
        self.kept, self.placed = kept, placed or {}
        if kept is not None:
            self.book.finish_package = lambda parts: keep.finish(kept, parts, self.placed)
        # A district whose rows (and tables) carry nothing of the person's says so: not searched next time.
        formatted = any(marks.in_sheet for marks in self.placed.values()) or bool(
            self.kept and (self.kept.filters or self.kept.extras))
        self.book.zip_comment = keep.MARK_FORMATTED if formatted else keep.MARK_PLAIN
        if self.partner is None and not content.agency:
            self.book.last_part = self._record
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
            AgencySheets(self).write(cover, evaluation)
            self._properties("Scheda di autovalutazione per l'Agenzia per la coesione sociale")
            book.close()
            return
        if self.agency:
            names = [layout.COVER, layout.SELF_EVALUATION, layout.SUMMARY, layout.EVIDENCE, layout.INDICATORS,
                     layout.LINES, layout.REJECTS, layout.SUBMISSIONS]
        else:
            names = [layout.INSTRUCTIONS, layout.EVIDENCE, layout.SUMMARY, layout.INDICATORS, layout.LINES]
            if self.partner is None:
                names += [layout.REJECTS, layout.CONFLICTS, layout.SUBMISSIONS]
        names += [layout.PROGRAMME, layout.MEMBERS, layout.ACTORS, layout.METHOD]
        sheets = {name: book.add_worksheet(name, worksheet_class=self._sheet_class(name))
                  for name in names}
        sheets[layout.META] = book.add_worksheet(layout.META)
        if self.agency:
            AgencySheets(self).write(sheets[layout.COVER], sheets[layout.SELF_EVALUATION])
        else:
            reference.write_instructions(self, sheets[layout.INSTRUCTIONS])
        evidence.write_evidence(self, sheets[layout.EVIDENCE])
        summary.write_summary(self, sheets[layout.SUMMARY])
        summary.write_indicators(self, sheets[layout.INDICATORS])
        summary.write_lines(self, sheets[layout.LINES])
        if self.partner is None:
            evidence.write_rejects(self, sheets[layout.REJECTS])
            if not self.agency:  # open conflicts are the manager's to settle
                evidence.write_conflicts(self, sheets[layout.CONFLICTS])
            evidence.write_submissions(self, sheets[layout.SUBMISSIONS])
        keep.write_notes(self.placed, sheets)
        ProgrammeSheet(self, sheets[layout.PROGRAMME]).write()
        reference.write_members(self, sheets[layout.MEMBERS])
        reference.write_actors(self, sheets[layout.ACTORS])
        reference.write_method(self, sheets[layout.METHOD])
        reference.write_meta(self, sheets[layout.META])
        first = layout.COVER if self.agency else layout.SUMMARY if self.partner is None else layout.INSTRUCTIONS
        sheets[first].activate()
        subject = "Evidenze e realizzazione del Programma di lavoro"
        if self.partner is not None:
            subject = f"Evidenze di {self.partner.name}"
        self._properties(subject)
        book.close()

    def _record(self, parts) -> tuple[str, bytes] | None:
        """The district's record of itself (`record`), the package's last part; none when a person's cells go
        on the evidence rows (the reader might read more there than the rows written)."""
        marks = self.placed.get(layout.EVIDENCE)
        if (marks is not None and marks.in_sheet) or (self.kept is not None and self.kept.formulas):
            return None
        rows = record.scoring_rows(self.evidence)
        return None if rows is None else (record.PART, record.record_part(parts, rows))

    def _properties(self, subject: str) -> None:
        """The file's title and subject: what a file manager, and the PDF LibreOffice makes of it, show."""
        saved = self.content.saved
        self.book.set_properties({
            **({"created": saved.astimezone(dt.UTC)} if saved else {}),
            "title": f"{self.programme.district} — Programma di lavoro {self.programme.year}",
            "subject": subject,
            "company": self.programme.lead_organisation,
            "comments": f"Modello xlsync {layout.TEMPLATE_VERSION}",
        })

    def _sheet_class(self, name: str):
        return BulkWorksheet if name == layout.EVIDENCE and self.partner is None else FormulaWorksheet

    # -- formats -----------------------------------------------------------------------------
    def _formats(self) -> dict[str, Any]:
        add = self.book.add_format
        base = {"font_name": self.font, "font_size": 11, "valign": "top"}
        formats = {
            "text": add({**base, "text_wrap": True}),
            "plain": add(base),
            "title": add({**base, "bold": True, "font_size": TITLE_FONT_SIZE, "font_color": "#1F3864"}),
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
            "check": add({**base, "italic": True, "font_color": "#9C0006", "text_wrap": True}),
            "incomplete": add({"bg_color": "#FDE9E7"}),
            "signature": add({**base, "valign": "bottom", "bottom": 1}),
            "signature_label": add({**base, "valign": "bottom", "bold": True}),
            "count": add({**base, "bold": True, "font_size": 14, "align": "left"}),
        }
        # The styles of rendered cells (`Cells`) take the first numbers.
        numbers = tuple(style_number(formats[name]) for name in ("plain", "date", "datetime"))
        if numbers != (PLAIN_STYLE, DATE_STYLE, MOMENT_STYLE):  # pragma: no cover - XlsxWriter changed how it numbers formats
            raise RuntimeError(f"XlsxWriter gave the evidence styles the numbers {numbers}")
        return formats

    def fill(self, **values: Any) -> dict[str, Any]:
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
            "esempio": layout.line_label(self.lines[0][1].code, self.lines[0][1].label) if self.lines else "",
            "esempio_codice": self.lines[0][1].code if self.lines else "",
            **values,
        }

    # -- sheets ------------------------------------------------------------------------------
    def table(self, ws, header_row: int, last_row: int, name: str, headers) -> None:
        """An Excel table from column A, its header styled so LibreOffice (which ignores table styles) shows it."""
        ws.add_table(header_row, 0, last_row, len(headers) - 1, {
            "name": name,
            "columns": [{"header": header, "header_format": self.formats["header"]} for header in headers],
            "style": "Table Style Light 9",
        })

    # -- cells -------------------------------------------------------------------------------
    def cell(self, ws, row: int, column: int, value: Any, style: Any = None) -> None:
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

