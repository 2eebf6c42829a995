"""The agency's cover and «Scheda di autovalutazione»."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from xlsync.programme.model import Evidence, RuleKind
from xlsync.scoring import formulas
from xlsync.scoring.engine import area_values, line_code_of, shown
from xlsync.vocabulary import layout
from xlsync.workbook.sheets.common import (
    escape_header,
    print_wide,
    row_height,
    set_widths,
    sheet_ref,
    threshold_chart,
)
from xlsync.workbook.sheets.fitting import PRINTED_LINE, PRINTED_SIZE, fitted_widths, row_points

if TYPE_CHECKING:
    from xlsync.workbook.sheets.common import SheetWriter


class AgencySheets:
    """The agency's cover and self-evaluation (Scheda di autovalutazione), over the district's figures."""

    def __init__(self, writer: SheetWriter):
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
            self.w.cell(ws, row, column, value, style)
        else:
            ws.write_formula(row, column, formula, style, value)

    def area_label(self, code: str) -> str:
        area = self.programme.area(code)
        return f"{area.code}. {area.name}" if area.code.isdigit() else area.name

    def cover(self, ws) -> None:
        """One A4 page: who and what, the outcome, the counts, the areas as a table and a chart, and
        the place for the date and the manager's signature."""
        f, programme, result = self.f, self.programme, self.result
        ws.hide_gridlines(2)
        set_widths(ws, (40, 30, 30))
        ws.merge_range(0, 0, 0, 2, f"Programma di lavoro {programme.year} — scheda per l'Agenzia per la coesione "
                       "sociale", f["title"])
        ws.set_row(0, row_height([(f"Programma di lavoro {programme.year} — scheda per l'Agenzia per la coesione "
                                   "sociale", 80)], 16))
        ws.merge_range(1, 0, 1, 2, programme.district, f["subtitle"])
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
                ws.merge_range(row, 1, row, 2, value, f["text"])
                ws.set_row(row, row_height([(label, 40), (value, 60)]))
                row += 1
        row += 1
        outcome = layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT
        ws.write_string(row, 0, layout.SUMMARY_LABELS[layout.PROGRAMME_REALISATION], f["label"])
        self.figure(ws, row, 1, f"={layout.PROGRAMME_REALISATION}", shown(result.value), f["big_percent_left"])
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
        row = self.areas(ws, row + 1)
        self.signatures(ws, row + 1)
        ws.protect(options={"select_locked_cells": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 1)

    def areas(self, ws, row: int) -> int:
        """The realisation of each V.A.M.T. area, as a table and a chart; the row after them."""
        f = self.f
        values = area_values(self.result)
        labels = [self.area_label(code) for code in values]
        ws.write_string(row, 0, "Realizzazione per area (azioni che contano)", f["subtitle"])
        first = row + 1
        for column, header in enumerate(("Area", "Realizzazione", "Soglia")):
            ws.write_string(first, column, header, f["header"])
        threshold = self.result.threshold
        for offset, (code, label) in enumerate(zip(values, labels, strict=True), 1):
            ws.write_string(first + offset, 0, label, f["text"])
            ws.set_row(first + offset, row_height([(label, 40)]))
            self.figure(ws, first + offset, 1, formulas.area_value(f"$A${first + offset + 1}"), shown(values[code]),
                        f["percent_left"])
            self.figure(ws, first + offset, 2, f"={layout.THRESHOLD}", threshold, f["percent_left"])
        last = first + len(values)
        if not values:
            return last + 1
        chart = threshold_chart(self.w.book, layout.COVER, (first + 1, last), (0, 1, 2), "Realizzazione per area",
                                threshold)
        chart.set_x_axis({"num_font": {"size": 8}})
        chart.set_size({"width": 700, "height": 420})
        ws.insert_chart(last + 1, 0, chart, {"x_offset": 10, "y_offset": 10})
        return last + 1 + 22  # the chart's rows

    def signatures(self, ws, row: int) -> None:
        """Where the manager dates and signs the printed cover."""
        f = self.f
        manager = next((actor for actor in self.programme.actors if "manager" in actor.role.lower()), None)
        lines = [("Luogo e data", ""), ("Il Manager territoriale", manager.name if manager else ""), ("Firma", "")]
        for offset, (label, value) in enumerate(lines):
            ws.write_string(row + offset, 0, label, f["signature_label"])
            ws.merge_range(row + offset, 1, row + offset, 2, value, f["signature" if not value else "signature_label"])
            ws.set_row(row + offset, 32)

    def self_evaluation(self, ws) -> None:
        """One row per action, the figure and what is missing first: a table an official reads in minutes,
        on A4 landscape at 9 pt, each column as wide as its content needs."""
        w = self.w
        f = _print_formats(w.book, w.font)
        headers = layout.SELF_EVALUATION_HEADERS
        actions = w.summary_actions
        ws.add_table(0, 0, max(len(actions), 1), len(headers) - 1, {
            "name": "Scheda", "style": "Table Style Light 9",
            "columns": [{"header": header, "header_format": f["header"]} for header in headers]})
        by_line: dict[str, list[Evidence]] = {}
        keys = {line.code.casefold(): line.code for line in self.programme.lines}
        for row in w.evidence:
            code = line_code_of(row.code, keys)
            if code:
                by_line.setdefault(code, []).append(row)
        results = {action.code: action for action in self.result.actions}
        table = []
        for action in actions:
            result = results[action.code]
            rows = [row for ind in action.indicators for line in ind.lines for row in by_line.get(line.code, [])]
            table.append((action.code, action.title, layout.YES if action.counts else layout.NO, shown(result.value),
                          "\n".join(f"{ind.code}: {ind.missing}" for ind in result.indicators if ind.missing),
                          "\n".join(_rule(ind) for ind in action.indicators), _evidence_summary(rows),
                          "\n".join(f"{ind.code}: {w.assessments[ind.code].note}" for ind in action.indicators
                                    if ind.code in w.assessments and w.assessments[ind.code].note)))
        widths = fitted_widths(headers, table)
        line = PRINTED_LINE
        if not w.content.print_only:  # on screen, in Calibri: room for the filter's button, Calibri's taller lines
            widths, line = [width + 2 for width in widths], 12.0
        set_widths(ws, widths)
        for offset, (action, cells) in enumerate(zip(actions, table, strict=True), 1):
            for column, value in enumerate(cells):
                if column == _REALISATION:
                    realisation = f"={sheet_ref(layout.SUMMARY)}!$E${w.summary_row[action.code] + 1}"
                    self.figure(ws, offset, column, realisation, value, f["percent"])
                else:
                    ws.write_string(offset, column, value, f["text"])
            ws.set_row(offset, row_points(cells, widths, line))
        ws.set_row(0, row_points(headers, widths, line, bold=True))
        values = f"D2:D{len(actions) + 1}"
        threshold = self.result.threshold if w.content.print_only else layout.THRESHOLD  # no names when printed
        for criteria, style in (("<", "bad"), (">=", "good")):
            ws.conditional_format(values, {"type": "cell", "criteria": criteria, "value": threshold,
                                           "format": f[style]})
        ws.freeze_panes(1, 2)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)
        ws.set_margins(left=0.25, right=0.25, top=0.3, bottom=0.4)
        ws.repeat_rows(0)
        ws.set_footer("&L&8" + escape_header(self.programme.district) + "&C&8Scheda di autovalutazione"
                      "&R&8Pagina &P di &N")


_REALISATION = layout.SELF_EVALUATION_HEADERS.index("Realizzazione")
def _rule(indicator) -> str:
    """An indicator as the official checks it: its rule when the rule says what the indicator says, the
    indicator when the rule is the programme's boilerplate (a linked project, the manager's assessment),
    both otherwise."""
    text, rule = indicator.text, indicator.rule
    said = set(rule.casefold().split())
    if not rule or indicator.kind in (RuleKind.LINKED, RuleKind.MANUAL) or rule.startswith("Indicatore senza"):
        return f"{indicator.code} {text}"
    if sum(word in said for word in text.casefold().split()) >= 0.5 * len(text.split()):
        return f"{indicator.code} {rule}"
    return f"{indicator.code} {text}: {rule}"


def _print_formats(book, font: str) -> dict[str, Any]:
    """The self-evaluation's formats: the workbook's, at the size it prints at."""
    base = {"font_name": font, "font_size": PRINTED_SIZE, "valign": "top"}
    add = book.add_format
    return {
        "text": add({**base, "text_wrap": True}),
        "plain": add(base),
        "centred": add({**base, "align": "center"}),
        "percent": add({**base, "num_format": layout.PERCENT_FORMAT}),
        "header": add({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#2F5597", "text_wrap": True}),
        "good": add({"bg_color": "#C6EFCE", "font_color": "#006100"}),
        "bad": add({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
    }


def _evidence_summary(rows: list[Evidence], listed: int = 1, words: int = 12) -> str:
    """The first pieces of evidence, dated (the programme's year goes without saying), their description's
    first words, who sent them; and how many more (the workbook has them all)."""
    lines = []
    for row in rows[:listed]:
        date = f"{row.date:%d/%m} " if isinstance(row.date, dt.date) else ""
        who = f" ({row.partner})" if row.partner else ""
        described = str(row.description or row.code).split()
        lines.append(date + " ".join(described[:words]) + (" …" if len(described) > words else "") + who)
    if len(rows) > listed:
        lines.append(f"… e altre {len(rows) - listed}")
    return "\n".join(lines)
