"""The «Programma» sheet: the programme laid out like the published document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsync.programme.model import Action, RuleKind
from xlsync.vocabulary import layout
from xlsync.workbook.sheets.common import escape_header, row_height, shown

if TYPE_CHECKING:
    from xlsync.workbook.sheets.common import SheetWriter


class ProgrammeSheet:
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

    def __init__(self, writer: SheetWriter, ws):
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
            self.pair(label.upper(), shown(value))
        self.section("ATTORI DEL DISTRETTO")
        for actor in programme.actors:
            self.pair(actor.role.upper(), "\n".join(part for part in (actor.name, actor.title, actor.email) if part))
        if programme.contacts:
            self.section("CANALI SOCIAL")
            for label, value in programme.contacts:
                self.pair(label.upper(), shown(value))
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
                ws.set_row(self.row, row_height([(action.title, 34), (rule, 84)]))
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
                ws.set_row(self.row, row_height([(member.name, 34)]))
                self.row += 1
        ws.protect(options={"select_locked_cells": True})
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_footer("&L&8" + escape_header(programme.district) + "&R&8Pagina &P di &N")

    def project(self, action: Action) -> None:
        ws, f, details = self.ws, self.f, action.project
        self.row += 1
        heading = f"PROGETTUALITÀ n.{details.number} {details.tag}"
        ws.write_string(self.row, 0, action.code, f["area"])
        ws.merge_range(self.row, 1, self.row, 2, heading, f["area"])
        ws.set_row(self.row, row_height([(heading, 118)]))
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
        self.ws.set_row(self.row, row_height([(text, 126)]))
        self.row += 1

    def section(self, title: str) -> None:
        self.row += 1
        self.banner(title, self.f["section"])

    def pair(self, label: str, value: str) -> None:
        self.ws.write_string(self.row, 1, label, self.f["label"])
        self.ws.write_string(self.row, 2, value, self.f["text"])
        self.ws.set_row(self.row, row_height([(label, 34), (value, 84)]))
        self.row += 1
