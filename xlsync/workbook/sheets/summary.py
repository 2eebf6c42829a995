"""«Riepilogo», «Indicatori» and «Voci»: the V.A.M.T. percentages as live formulas with stored values."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from xlsync.programme.model import Assessment, RuleKind
from xlsync.programme.toml_file import format_percent_text
from xlsync.scoring import formulas
from xlsync.workbook import layout
from xlsync.workbook.sheets.common import EDITABLE_NOTE, print_wide, row_height, set_widths, sheet_ref


def write_summary(w, ws) -> None:
    f, programme, result, partner = w.formats, w.programme, w.result, w.partner
    set_widths(ws, (34, 9, 62, 7, 14, 9, 8, 12))
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
        ws.set_row(row, row_height([(label, 43)]))
        w.book.define_name(name, f"={sheet_ref(layout.SUMMARY)}!$C${row + 1}")
    ws.write_formula(3, 2, formulas.programme_value(), f["big_percent"], result.value)
    editable = partner is None and not w.agency
    ws.write_number(4, 2, settings.threshold, f["programme_percent" if editable else "percent"])
    if partner is None:
        ws.write_formula(5, 2, formulas.outcome(), f["outcome"],
                         layout.ELIGIBLE_TEXT if result.eligible else layout.NOT_ELIGIBLE_TEXT)
    else:
        hint = w.texts["istruzioni"]["contributo"].format(**w.fill())
        ws.merge_range(5, 0, 5, 2, hint, f["hint"])
        ws.set_row(5, row_height([(hint, 105)]))
    ws.write_string(6, 2, settings.aggregation.value, f["programme" if editable else "plain"])
    if editable:
        ws.write_comment(4, 2, EDITABLE_NOTE, {"x_scale": 2, "y_scale": 1.5})
    ws.write_number(7, 2, settings.cofinancing_share, f["percent"])

    headers = layout.SUMMARY_HEADERS if partner is None else layout.PARTNER_SUMMARY_HEADERS
    first, last = w.summary_first_row, w.summary_first_row + len(w.summary_actions) - 1
    w.table(ws, first - 1, last, layout.SUMMARY, headers)
    for action in w.summary_actions:
        row = w.summary_row[action.code]
        area = programme.area(action.area)
        action_result = result.action(action.code)
        ws.write_string(row, 0, f"{area.code}. {area.name}" if area.code.isdigit() else area.name, f["text"])
        ws.write_string(row, 1, action.code, f["plain"])
        ws.write_string(row, 2, action.title, f["text"])
        ws.write_string(row, 3, layout.YES if action.counts else layout.NO, f["programme" if editable else "plain"])
        ws.set_row(row, row_height([(action.title, 62), (area.name, 30)]))
        indicator_rows = [w.indicator_row[ind.code] for ind in action.indicators]
        span = (f"{sheet_ref(layout.INDICATORS)}!$I${min(indicator_rows) + 1}:$I${max(indicator_rows) + 1}")
        ws.write_formula(row, 4, formulas.action_value(span), f["percent"], action_result.value)
        ws.write_formula(row, 5, f"={layout.THRESHOLD}", f["percent"], settings.threshold)
        line_rows = [f"{sheet_ref(layout.LINES)}!$H${w.line_row[line.code] + 1}"
                     for ind in action.indicators for line in ind.lines]
        ws.write_formula(row, 6, formulas.total(line_rows), f["plain"], action_result.rows)
        if partner is not None:
            ws.write_string(row, 7, w.content.roles.get(action.code, ""), f["plain"])
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
        _chart(w, ws, last + 2)
    ws.freeze_panes(first, 0)
    ws.protect(options={"autofilter": True, "sort": True})
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _chart(w, ws, below: int) -> None:
    first = w.summary_first_row
    shown = sum(1 for action in w.summary_actions if action.counts) or len(w.summary_actions)
    end = first + shown - 1
    name = layout.SUMMARY
    bars = w.book.add_chart({"type": "column"})
    bars.add_series({
        "name": "Realizzazione",
        "categories": [name, first, 1, end, 1],
        "values": [name, first, 4, end, 4],
        "fill": {"color": "#2F5597"},
        "gap": 60,
    })
    threshold = w.book.add_chart({"type": "line"})
    threshold.add_series({
        "name": f"Soglia {format_percent_text(w.programme.settings.threshold)}",
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


def write_indicators(w, ws) -> None:
    f = w.formats
    results = {ind.code: ind for action in w.result.actions for ind in action.indicators}
    w.table(ws, 0, len(w.indicator_row), layout.INDICATORS, layout.INDICATOR_HEADERS)
    set_widths(ws, (9, 7, 48, 14, 48, 10, 12, 30, 13))
    for action in w.actions:
        for ind in action.indicators:
            row = w.indicator_row[ind.code]
            ws.write_string(row, 0, ind.code, f["plain"])
            ws.write_string(row, 1, action.code, f["plain"])
            ws.write_string(row, 2, ind.text, f["text"])
            ws.write_string(row, 3, layout.KIND_LABELS[ind.kind], f["plain"])
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
            linked = None
            if ind.kind is RuleKind.LINKED:
                linked = f"{sheet_ref(layout.SUMMARY)}!$E${w.summary_row[ind.linked_to] + 1}"
            formula = formulas.indicator_value(ind, line_cells, linked, manual_cell)
            ws.write_formula(row, 8, formula, f["percent"], results[ind.code].value)
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
        code_cell = f"$A{row + 1}"
        formula = (formulas.line_distinct_organisations(code_cell) if ind.kind is RuleKind.PER_DISTINCT
                   else formulas.line_units(code_cell))
        ws.write_formula(row, 6, formula, f["plain"], units.get(line.code, 0.0))
        ws.write_formula(row, 7, formulas.line_rows(code_cell), f["plain"], rows.get(line.code, 0))
    ws.freeze_panes(1, 1)
    ws.protect(options={"autofilter": True, "sort": True})
    print_wide(ws)
