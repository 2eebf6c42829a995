"""The agency's cover and «Scheda di autovalutazione»."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from xlsync.programme.model import Evidence
from xlsync.scoring import formulas
from xlsync.scoring.engine import area_values, line_code_of
from xlsync.workbook import layout
from xlsync.workbook.sheets.common import escape_header, print_wide, row_height, set_widths, sheet_ref

if TYPE_CHECKING:
    from xlsync.workbook.writer import WorkbookWriter


class AgencySheets:
    """The agency's cover and self-evaluation (Scheda di autovalutazione), over the district's figures."""

    def __init__(self, writer: WorkbookWriter):
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
        w.table(ws, 0, max(len(actions), 1), "Scheda", headers)
        set_widths(ws, (22, 7, 34, 6, 46, 8, 52, 12, 34, 34))
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
            realisation = f"={sheet_ref(layout.SUMMARY)}!$E${w.summary_row[action.code] + 1}"
            self.figure(ws, offset, 7, realisation, result.value, f["percent"])
            ws.write_string(offset, 8, missing, f["text"])
            ws.write_string(offset, 9, notes, f["text"])
            ws.set_row(offset, row_height([(rules, 46), (summary, 52), (missing, 34), (notes, 34), (action.title, 34)]))
        values = f"H2:H{len(actions) + 1}"
        threshold = self.result.threshold if w.content.print_only else layout.THRESHOLD  # no names when printed
        for criteria, style in (("<", "bad"), (">=", "good")):
            ws.conditional_format(values, {"type": "cell", "criteria": criteria, "value": threshold,
                                           "format": f[style]})
        ws.freeze_panes(1, 3)
        ws.protect(options={"autofilter": True, "sort": True})
        print_wide(ws)
        ws.repeat_rows(0)
        ws.set_footer("&L&8" + escape_header(self.programme.district) + "&C&8Scheda di autovalutazione"
                      "&R&8Pagina &P di &N")


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
