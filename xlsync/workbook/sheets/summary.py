"""«Riepilogo», «Indicatori» and «Voci»: the V.A.M.T. percentages as live formulas with stored values."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from xlsync.programme.model import Assessment, RuleKind
from xlsync.scoring import formulas
from xlsync.scoring.engine import shown
from xlsync.vocabulary import layout
from xlsync.workbook.sheets.common import (
    EDITABLE_NOTE,
    print_wide,
    row_height,
    set_widths,
    sheet_ref,
    threshold_chart,
    title_height,
)
from xlsync.workbook.sheets.evidence import evidence_ranges


def write_summary(w, ws) -> None:
    if w.partner is not None:
        _write_partner_summary(w, ws)
        return
    f, programme, result = w.formats, w.programme, w.result
    set_widths(ws, (34, 9, 62, 7, 14, 9, 8, 12))
    settings = programme.settings
    ws.merge_range(0, 0, 0, 2, "Riepilogo della realizzazione", f["title"])
    ws.set_row(0, title_height("Riepilogo della realizzazione", 34 + 9 + 62))
    ws.merge_range(1, 0, 1, 2, f"{programme.district} — Programma di lavoro {programme.year}", f["subtitle"])
    labels = layout.SUMMARY_LABELS
    for offset, name in enumerate((layout.PROGRAMME_REALISATION, layout.THRESHOLD, layout.OUTCOME,
                                   layout.AGGREGATION, layout.COFINANCING)):
        row = 3 + offset
        ws.merge_range(row, 0, row, 1, labels[name], f["label"])
        ws.set_row(row, row_height([(labels[name], 43)]))
        w.book.define_name(name, f"={sheet_ref(layout.SUMMARY)}!$C${row + 1}")
    # The exact value beside the figure shown, in the hidden column of the exact values.
    exact_column = _exact_column(w)
    w.book.define_name(layout.PROGRAMME_EXACT, f"={sheet_ref(layout.SUMMARY)}!${exact_column}$4")
    ws.write_formula(3, 7, formulas.programme_value(), f["percent"], result.value)
    ws.write_formula(3, 2, f"={formulas.shown(layout.PROGRAMME_EXACT)}", f["big_percent"], shown(result.value))
    editable = not w.agency
    ws.write_number(4, 2, settings.threshold, f["programme_percent" if editable else "percent"])
    ws.write_formula(5, 2, formulas.outcome(), f["outcome"],
                     layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT)
    ws.write_string(6, 2, settings.aggregation.value, f["programme" if editable else "plain"])
    if editable:
        ws.write_comment(4, 2, EDITABLE_NOTE, {"x_scale": 2, "y_scale": 1.5})
    ws.write_number(7, 2, settings.cofinancing_share, f["percent"])

    first, last = w.summary_first_row, w.summary_first_row + len(w.summary_actions) - 1
    w.table(ws, first - 1, last, layout.SUMMARY, layout.SUMMARY_HEADERS)
    for action in w.summary_actions:
        row = w.summary_row[action.code]
        area = programme.area(action.area)
        ws.write_string(row, 0, f"{area.code}. {area.name}" if area.code.isdigit() else area.name, f["text"])
        ws.write_string(row, 1, action.code, f["plain"])
        ws.write_string(row, 2, action.title, f["text"])
        ws.write_string(row, 3, layout.YES if action.counts else layout.NO, f["programme" if editable else "plain"])
        ws.set_row(row, row_height([(action.title, 62), (area.name, 30)]))
        _write_action_value(w, ws, row, action, 4)
        ws.write_formula(row, 5, f"={layout.THRESHOLD}", f["percent"], settings.threshold)
        ws.write_formula(row, 6, formulas.total(_line_cells(w, action, "H")), f["plain"],
                         result.action(action.code).rows)
    values = f"E{first + 1}:E{last + 1}"
    for criteria, style in (("<", "bad"), (">=", "good")):
        ws.conditional_format(values, {"type": "cell", "criteria": criteria, "value": layout.THRESHOLD,
                                       "format": f[style]})
        ws.conditional_format("C4", {"type": "cell", "criteria": criteria, "value": layout.THRESHOLD,
                                     "format": f[style]})
    for text, style in ((layout.ELIGIBLE_TEXT, "good"), (layout.NOT_ELIGIBLE_TEXT, "bad")):
        ws.conditional_format("C6", {"type": "cell", "criteria": "==", "value": f'"{text}"', "format": f[style]})
    ws.set_column(7, 7, 12, None, {"hidden": True})
    _chart(w, ws, last + 2)
    ws.freeze_panes(first, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _indicator_span(w, action) -> str:
    """The exact values of the action's indicators."""
    rows = [w.indicator_row[ind.code] for ind in action.indicators]
    return f"{sheet_ref(layout.INDICATORS)}!$J${min(rows) + 1}:$J${max(rows) + 1}"


def _exact_column(w) -> str:
    """The letter of Riepilogo's hidden column of exact values (the table's last)."""
    headers = layout.SUMMARY_HEADERS if w.partner is None else layout.PARTNER_SUMMARY_HEADERS
    return chr(ord("A") + len(headers) - 1)


def _exact_action_cell(w, code: str) -> str:
    """The cell holding an action's exact realisation (linked indicators read it)."""
    return f"{sheet_ref(layout.SUMMARY)}!${_exact_column(w)}${w.summary_row[code] + 1}"


def _write_action_value(w, ws, row: int, action, column: int) -> None:
    """An action's exact realisation in the hidden column, and the figure shown in `column`."""
    value = w.result.action(action.code).value
    exact = _exact_column(w)
    ws.write_formula(row, ord(exact) - ord("A"), formulas.action_value(_indicator_span(w, action)), w.formats["percent"],
                     value)
    ws.write_formula(row, column, f"={formulas.shown(f'${exact}{row + 1}')}", w.formats["percent"], shown(value))


def _line_cells(w, action, column: str) -> list[str]:
    return [f"{sheet_ref(layout.LINES)}!${column}${w.line_row[line.code] + 1}"
            for ind in action.indicators for line in ind.lines]


_PARTNER_WIDTHS = (14, 9, 40, 38, 13, 11)  # role, code, action, what is missing, figure, rows


def _write_partner_summary(w, ws) -> None:
    """A partner's Riepilogo speaks to the partner: how many of its rows count and how many need
    completing, then its actions first, what each still misses and what it recorded. No programme
    grade, no threshold: those are the manager's."""
    f, programme, result, partner = w.formats, w.programme, w.result, w.partner
    set_widths(ws, _PARTNER_WIDTHS)
    ws.set_zoom(90)  # every column on a 1280-pixel screen
    ws.merge_range(0, 0, 0, 4, f"Il vostro contributo — {partner.name}", f["title"])
    ws.set_row(0, title_height(f"Il vostro contributo — {partner.name}", sum(_PARTNER_WIDTHS[:5])))
    ws.merge_range(1, 0, 1, 4, f"{programme.district} — Programma di lavoro {programme.year}", f["subtitle"])
    texts = w.texts["riepilogo"]
    complete = f"SUM({sheet_ref(layout.LINES)}!$H$2:$H${len(w.lines) + 1})"
    counts = (
        (texts["complete"], formulas.total([complete]), sum(action.rows for action in result.actions)),
        (texts["incomplete"], formulas.incomplete_rows(evidence_ranges(w), complete),
         sum(1 for text in w.row_problems if text)),
    )
    for row, (label, formula, value) in enumerate(counts, 3):
        ws.merge_range(row, 0, row, 2, label, f["label"])
        ws.write_formula(row, 3, formula, f["count"], value)
        ws.set_row(row, row_height([(label, 80)]))
    ws.conditional_format(4, 3, 4, 3, {"type": "cell", "criteria": ">", "value": 0, "format": f["bad"]})
    hint = texts["spiegazione"].format(**w.fill())
    ws.merge_range(6, 0, 6, 4, hint, f["hint"])
    ws.set_row(6, row_height([(hint, 130)]))
    # The aggregation the action formulas read, out of sight: it is the programme's, not the partner's.
    ws.write_string(7, 9, programme.settings.aggregation.value, f["plain"])
    w.book.define_name(layout.AGGREGATION, f"={sheet_ref(layout.SUMMARY)}!$J$8")
    ws.set_column(9, 9, None, None, {"hidden": True})

    first, last = w.summary_first_row, w.summary_first_row + len(w.summary_actions) - 1
    w.table(ws, first - 1, last, layout.SUMMARY, layout.PARTNER_SUMMARY_HEADERS)
    ws.set_row(first - 1, 30)  # headers on two lines
    for action in w.summary_actions:
        row = w.summary_row[action.code]
        action_result = result.action(action.code)
        ws.write_string(row, 0, w.content.roles.get(action.code, ""), f["plain"])
        ws.write_string(row, 1, action.code, f["plain"])
        ws.write_string(row, 2, action.title, f["text"])
        pieces = [formulas.indicator_missing(ind, _indicator_lines(w, ind),
                                             f"{sheet_ref(layout.INDICATORS)}!$I${w.indicator_row[ind.code] + 1}")
                  for ind in action.indicators]
        missing = "; ".join(f"{ind.code}: {ind.missing}" for ind in action_result.indicators if ind.missing)
        ws.write_formula(row, 3, formulas.action_missing(pieces), f["text"], missing)
        _write_action_value(w, ws, row, action, 4)
        ws.write_formula(row, 5, formulas.total(_line_cells(w, action, "H")), f["plain"], action_result.rows)
        ws.set_row(row, row_height([(action.title, _PARTNER_WIDTHS[2]), (missing, _PARTNER_WIDTHS[3])]))
    ws.set_column(6, 6, 12, None, {"hidden": True})
    ws.freeze_panes(first, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def _indicator_lines(w, ind) -> list[tuple[str, str, str]]:
    lines = f"{sheet_ref(layout.LINES)}!"
    return [(f"{lines}$G${w.line_row[line.code] + 1}", f"{lines}$E${w.line_row[line.code] + 1}",
             f"{lines}$F${w.line_row[line.code] + 1}") for line in ind.lines]


def _chart(w, ws, below: int) -> None:
    first = w.summary_first_row
    shown = sum(1 for action in w.summary_actions if action.counts) or len(w.summary_actions)
    chart = threshold_chart(w.book, layout.SUMMARY, (first, first + shown - 1), (1, 4, 5),
                            "Realizzazione delle azioni che contano", w.programme.settings.threshold)
    chart.set_x_axis({"name": "Azione", "num_font": {"rotation": -45}})
    chart.set_size({"width": 880, "height": 380})
    ws.insert_chart(below, 0, chart, {"x_offset": 10, "y_offset": 10})


def write_indicators(w, ws) -> None:
    f = w.formats
    results = {ind.code: ind for action in w.result.actions for ind in action.indicators}
    w.table(ws, 0, len(w.indicator_row), layout.INDICATORS, layout.INDICATOR_HEADERS)
    set_widths(ws, (9, 7, 48, 14, 48, 10, 12, 30, 13))
    ws.set_column(9, 9, 13, None, {"hidden": True})
    for action in w.actions:
        for ind in action.indicators:
            row = w.indicator_row[ind.code]
            ws.write_string(row, 0, ind.code, f["plain"])
            ws.write_string(row, 1, action.code, f["plain"])
            ws.write_string(row, 2, ind.text, f["text"])
            ws.write_string(row, 3, layout.KIND_LABELS[ind.kind.value], f["plain"])
            ws.write_string(row, 4, ind.rule, f["text"])
            ws.write_string(row, 5, ind.linked_to or "", f["plain"])
            manual_cell = xl_rowcol_to_cell(row, 6, row_abs=True, col_abs=True)
            assessment = w.assessments.get(ind.code, Assessment(None))
            if ind.kind is RuleKind.MANUAL and w.partner is None:
                percent = f["percent"] if w.agency else f["input_percent"]
                w.cell(ws, row, 6, assessment.value, percent)
                if assessment.value is None:
                    ws.write_blank(row, 6, None, percent)
                ws.write_string(row, 7, assessment.note, f["text" if w.agency else "input"])
                ws.data_validation(row, 6, row, 6, {
                    "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                    "input_title": "Valutazione del Manager",
                    "input_message": "Percentuale di realizzazione, ad esempio 90%. Spiegarla nella nota.",
                    "error_title": "Percentuale non valida",
                    "error_message": "Inserire una percentuale tra 0% e 100%, ad esempio 90%.",
                })
            else:
                ws.write_blank(row, 6, None, f["plain"])
                if w.partner is None:  # the manager's note, on any indicator
                    ws.write_string(row, 7, assessment.note, f["text" if w.agency else "input"])
                else:
                    ws.write_blank(row, 7, None, f["plain"])
            line_cells = [
                (f"{sheet_ref(layout.LINES)}!$G${w.line_row[line.code] + 1}",
                 f"{sheet_ref(layout.LINES)}!$E${w.line_row[line.code] + 1}",
                 f"{sheet_ref(layout.LINES)}!$F${w.line_row[line.code] + 1}")
                for line in ind.lines
            ]
            linked = _exact_action_cell(w, ind.linked_to) if ind.kind is RuleKind.LINKED else None
            formula = formulas.indicator_value(ind, line_cells, linked, manual_cell)
            value = results[ind.code].value
            ws.write_formula(row, 9, formula, f["percent"], value)
            ws.write_formula(row, 8, f"={formulas.shown(f'$J{row + 1}')}", f["percent"], shown(value))
            ws.set_row(row, row_height([(ind.text, 48), (ind.rule, 48), (assessment.note, 30)]))
    ws.freeze_panes(1, 1)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def write_lines(w, ws) -> None:
    f = w.formats
    indicators = [ind for action in w.result.actions for ind in action.indicators]
    units = {code: value for ind in indicators for code, value in ind.units}
    rows = {code: count for ind in indicators for code, count in ind.line_rows}
    w.table(ws, 0, max(len(w.lines), 1), layout.LINES, layout.LINE_HEADERS)
    editable = w.partner is None and not w.agency
    if editable:
        ws.write_comment(0, 4, EDITABLE_NOTE, {"x_scale": 2, "y_scale": 1.5})
    set_widths(ws, (10, 10, 64, 30, 11, 10, 11, 8))
    for ind, line in w.lines:
        row = w.line_row[line.code]
        ws.write_string(row, 0, line.code, f["plain"])
        ws.write_string(row, 1, ind.code, f["plain"])
        ws.write_string(row, 2, layout.line_label(line.code, line.label), f["text"])
        ws.write_string(row, 3, line.unit, f["text"])
        ws.set_row(row, row_height([(layout.line_label(line.code, line.label), 64), (line.unit, 30)]))
        if line.percent is not None:
            ws.write_number(row, 4, line.percent, f["programme_percent" if editable else "percent"])
        required = line.required if ind.kind is RuleKind.AT_LEAST else 1 if ind.kind is RuleKind.YES_NO else None
        if required is not None:
            ws.write_number(row, 5, required, f["programme" if editable and ind.kind is RuleKind.AT_LEAST else "plain"])
        formula, count = _line_formulas(w, ind.kind, f"$A{row + 1}")
        ws.write_formula(row, 6, formula, f["plain"], units.get(line.code, 0.0))
        ws.write_formula(row, 7, count, f["plain"], rows.get(line.code, 0))
    _choices(w, ws)
    ws.freeze_panes(1, 1)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)


def _line_formulas(w, kind: RuleKind, code_cell: str) -> tuple[str, str]:
    """A line's units and rows: in a partner's workbook, of the complete rows only."""
    if w.partner is None:
        units = (formulas.line_distinct_organisations(code_cell) if kind is RuleKind.PER_DISTINCT
                 else formulas.line_units(code_cell))
        return units, formulas.line_rows(code_cell)
    ranges, year = evidence_ranges(w), w.programme.year
    units = (formulas.complete_line_distinct_organisations(code_cell, ranges, year) if kind is RuleKind.PER_DISTINCT
             else formulas.complete_line_units(code_cell, ranges, year))
    return units, formulas.complete_line_rows(code_cell, ranges, year)


def _choices(w, ws) -> None:
    """The code column's dropdown entries («code — label»), then the codes alone, in a hidden column."""
    column = ord(layout.CHOICES_COLUMN) - ord("A")
    entries = [layout.line_label(line.code, line.label) for _, line in w.lines] + [line.code for _, line in w.lines]
    for row, entry in enumerate(entries, 1):
        ws.write_string(row, column, entry)
    ws.set_column(column, column, 40, None, {"hidden": True})
