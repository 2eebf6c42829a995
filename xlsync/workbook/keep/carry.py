"""A person's sheets and defined names carried from the old package into the new one, with every
part they use, under names free in the new package."""

from __future__ import annotations

from lxml import etree

from xlsync import messages
from xlsync.errors import Problem
from xlsync.workbook.keep.package import (
    CONTENT_TYPES,
    OFFICE_REL,
    PACKAGE_REL,
    Package,
    free_name,
    parse,
    q,
    relative,
    rels_name,
    serialise,
)
from xlsync.workbook.keep.person_sheets import carry_sheet, carry_table, has_formulas, table_name
from xlsync.workbook.keep.styles import StyleMerger

# What a sheet may use that belongs to the whole workbook (caches), which the pass does not carry: named
# before the write, and left out of the sheet when the write is forced.
NOT_CARRIED = {"pivotTable": ("una tabella pivot", "a pivot table"),
               "slicer": ("un filtro dati (slicer)", "a slicer"),
               "timeline": ("una sequenza temporale", "a timeline"),
               # Excel 365's threads name people of the whole workbook (its persons part): their text
               # stays in the sheet's notes, which Excel writes beside them
               "threadedComment": ("commenti in thread di Excel 365 (il loro testo resta nelle note)",
                                   "Excel 365 threaded comments (their text stays in the notes)")}
# The lists of styles.xml a format may name and not find, as a message names them.
_STYLE_LISTS = {"cellXfs": ("il formato di cella", "cell format"), "numFmts": ("il formato numerico", "number format"),
                "fonts": ("il carattere", "font"), "fills": ("il riempimento", "fill"), "borders": ("il bordo", "border"),
                "dxfs": ("il formato differenziale (di una formattazione condizionale o di una tabella)",
                         "differential format (of a conditional format or a table)")}


class Carrier:
    def __init__(self, old: Package, parts):
        self.old, self.parts = old, parts
        self.taken = set(parts.files)
        self.styles = StyleMerger(old.read(styles_part(old)) if styles_part(old) else None, parts.read("xl/styles.xml"))
        self.types = parse(parts.read("[Content_Types].xml"))
        self.workbook = parse(parts.read("xl/workbook.xml"))
        self.workbook_rels = parse(parts.read("xl/_rels/workbook.xml.rels"))
        self.renamed: dict[str, str] = {}
        self.formulas = False
        self._strings: list[bytes] | None = None
        self.where = ""  # the sheet being carried, as messages name it
        self.missing_strings: list[Problem] = []
        self.next_table = 1 + sum(1 for name in self.taken if name.startswith("xl/tables/"))
        self.table_names = {(table_name(parts.read(name)) or "").casefold() for name in self.taken
                            if name.startswith("xl/tables/") and name.endswith(".xml")}

    def carry(self, kept, meta_sheet: str) -> None:
        """The person's sheets, each after the sheet of xlsync it followed (before `meta_sheet` when that
        one is gone), and their defined names, into the new workbook."""
        if not kept.sheets and not kept.names:
            return
        sheets = self.workbook.find(q("sheets"))
        elements = {element.get("name"): element for element in sheets}
        order = list(elements)
        view = self.workbook.find(f"{q('bookViews')}/{q('workbookView')}")
        active = order[int(view.get("activeTab", "0"))] if view is not None and order else None
        local = {element: order[int(element.get("localSheetId"))] for element in self.workbook.iter(q("definedName"))
                 if element.get("localSheetId") is not None and int(element.get("localSheetId")) < len(order)}
        next_id = 1 + max((int(e.get("sheetId", 0)) for e in sheets), default=0)
        placed: dict[str | None, str] = {}
        for offset, sheet in enumerate(kept.sheets):
            self.where = f"{kept.name} › {sheet.name}"
            element = etree.Element(q("sheet"), name=sheet.name, sheetId=str(next_id + offset))
            if sheet.state:
                element.set("state", sheet.state)
            element.set(q("id", OFFICE_REL), self._relate(self._carry_part(sheet.part), sheet.kind))
            anchor = sheet.after if sheet.after is None or sheet.after in elements else meta_sheet
            previous = placed.get(anchor, anchor)
            at = order.index(previous) + 1 if previous in order else (0 if anchor is None else len(order))
            order.insert(at, sheet.name)
            elements[sheet.name] = element
            placed[anchor] = sheet.name
        for element in list(sheets):
            sheets.remove(element)
        sheets.extend(elements[name] for name in order)
        for element, name in local.items():  # names local to xlsync's sheets follow them to their new places
            element.set("localSheetId", str(order.index(name)))
        if active is not None:
            view.set("activeTab", str(order.index(active)))
        self._names(kept, order)
        if self.formulas:  # the person's formulas computed again on opening, against the new values
            self._full_calculation()
        self.parts.write("xl/workbook.xml", serialise(self.workbook))
        self.parts.write("xl/_rels/workbook.xml.rels", serialise(self.workbook_rels))
        self.parts.write("[Content_Types].xml", serialise(self.types))

    def recalculate_on_load(self) -> None:
        """The workbook asks for every formula to be computed again when it is opened (the person's
        formulas carried on xlsync's sheets read new values)."""
        self._full_calculation()
        self.parts.write("xl/workbook.xml", serialise(self.workbook))

    def _full_calculation(self) -> None:
        calc = self.workbook.find(q("calcPr"))
        if calc is None:
            calc = etree.SubElement(self.workbook, q("calcPr"))
        calc.set("fullCalcOnLoad", "1")

    def _carry_part(self, part: str) -> str:
        """Copy a part and everything it uses under free names; return its new name."""
        if part in self.renamed:
            return self.renamed[part]
        new = self.renamed[part] = free_name(part, self.taken)
        content_type, own_type = self.old.content_type(part)
        data = self.old.read(part)
        rels = self.old.relationships(part)
        if content_type.endswith((".worksheet+xml", ".chartsheet+xml")):
            self.formulas |= has_formulas(data)
            data = carry_sheet(data, self.styles, self.shared_string)
            left_out = {rel.id for rel in rels if rel.kind in NOT_CARRIED}
            if left_out:
                data = _without_references(data, left_out)
        elif content_type.endswith(".table+xml"):
            data = carry_table(data, self.styles, self._table_id(), self.table_names)
        self.parts.write(new, data)
        self._declare(new, content_type, own_type)
        if rels:
            root = parse(self.old.read(rels_name(part)))
            for element, rel in zip(list(root.iter(q("Relationship", PACKAGE_REL))), rels, strict=True):
                if rel.kind in NOT_CARRIED:
                    root.remove(element)
                elif not rel.external and self.old.has(rel.target):
                    element.set("Target", relative(new, self._carry_part(rel.target)))
            self.parts.write(rels_name(new), serialise(root))
        return new

    def _table_id(self) -> int:
        self.next_table += 1
        return self.next_table

    def _relate(self, part: str, kind: str) -> str:
        taken = {rel.get("Id") for rel in self.workbook_rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        etree.SubElement(self.workbook_rels, q("Relationship", PACKAGE_REL), Id=f"rId{number}",
                         Type=f"{OFFICE_REL}/{kind}", Target=relative("xl/workbook.xml", part))
        return f"rId{number}"

    def _declare(self, part: str, content_type: str, own_type: bool) -> None:
        extension = part.rsplit(".", 1)[-1].lower()
        defaults = {d.get("Extension", "").lower() for d in self.types.iter(q("Default", CONTENT_TYPES))}
        if own_type:
            etree.SubElement(self.types, q("Override", CONTENT_TYPES), PartName=f"/{part}", ContentType=content_type)
        elif extension not in defaults:
            self.types.insert(0, etree.Element(q("Default", CONTENT_TYPES), Extension=extension, ContentType=content_type))

    def _names(self, kept, order: list[str]) -> None:
        """The person's defined names, local ones on their sheets' new places."""
        defined = self.workbook.find(q("definedNames"))
        if defined is None:
            if not kept.names:
                return
            defined = etree.Element(q("definedNames"))
            self.workbook.find(q("sheets")).addnext(defined)
        existing = {(e.get("name", "").casefold(), e.get("localSheetId")) for e in defined}
        index = {name: position for position, name in enumerate(order)}
        for name, local, xml in kept.names:
            element = parse(xml)
            if local is not None:
                element.set("localSheetId", str(index[local]))
            if (name.casefold(), element.get("localSheetId")) in existing:
                continue  # xlsync defines it: xlsync's
            self.formulas = True
            defined.append(element)

    def shared_string(self, index: int, cell: str) -> bytes:
        """The text of shared string `index` (of the cell `cell`), as a cell's own rich text. One the file
        does not hold is named (`lost`); the cell is left empty only when the write is forced."""
        if self._strings is None:
            self._strings = _shared_strings(self.old)
        if index < len(self._strings):
            return self._strings[index]
        self.missing_strings.append(messages.problem("keep_string_missing", " › ".join(filter(None, (self.where, cell))),
                                                     number=index))
        return b"<t></t>"

    def lost(self, name: str) -> list[Problem]:
        """What the carried cells name and the old file does not hold (`name`: the file's, in messages)."""
        return self.missing_strings + [messages.problem("keep_format_missing", name, what=_STYLE_LISTS[kind], number=number)
                                       for kind, number in self.styles.missing]


def styles_part(package: Package) -> str | None:
    rels = package.relationships(package.workbook_part())
    return next((rel.target for rel in rels if rel.kind == "styles" and package.has(rel.target)), None)


def _shared_strings(package: Package) -> list[bytes]:
    rels = package.relationships(package.workbook_part())
    part = next((rel.target for rel in rels if rel.kind == "sharedStrings" and package.has(rel.target)), None)
    if part is None:
        return []
    root = parse(package.read(part))
    return [b"".join(etree.tostring(child, with_tail=False) for child in item) for item in root if isinstance(item.tag, str)]


def _without_references(sheet: bytes, ids: set[str]) -> bytes:
    """The sheet without what points at the relationships `ids` (a slicer's list in its extensions)."""
    root = parse(sheet)
    for element in [e for e in root.iter() if e.get(q("id", OFFICE_REL)) in ids]:
        ext = next((a for a in element.iterancestors() if isinstance(a.tag, str) and a.tag.endswith("}ext")), element)
        if ext.getparent() is not None:
            ext.getparent().remove(ext)
    return serialise(root)
