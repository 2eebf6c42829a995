"""Edit a workbook in LibreOffice the way a person would, then save it (run with the system python3).

Usage: python3 uno_edit.py SOURCE TARGET EDITS.json

EDITS is a list of operations on the named sheets:
  {"sheet": "Evidenze", "cell": "A52", "string": "1.2.a"}     type text into a cell
  {"sheet": "Evidenze", "cell": "B52", "date": "2024-03-15"}   type a date (a date-formatted number)
  {"sheet": "Evidenze", "cell": "D52", "value": 2}             type a number
  {"sheet": "Evidenze", "cell": "D52", "clear": true}          delete a cell's content
  {"sheet": "Evidenze", "delete_row": 5}                       delete the 1-based row 5
  {"sheet": "Evidenze", "insert_column": 3}                    insert a column before the 0-based column 3
  {"sheet": "Mio", "insert_sheet": true}                       add a sheet at the end
  {"sheet": "Scarti", "rename": "Scarti 2024"}                 rename a sheet
  {"sheet": "Invii", "remove_sheet": true}                     delete a sheet
  {"sheet": "Mio", "cell": "B1", "formula": "=COUNTA(A1:A3)"}  type a formula
  {"sheet": "Mio", "cell": "A2", "bold": true, "color": 16711680}   format a cell (colour as 0xRRGGBB)
  {"sheet": "Mio", "cell": "A2", "note": "Da controllare"}     add a comment (a note)
  {"sheet": "Evidenze", "column": 2, "width": 12000}           a column's width (0-based, 1/100 mm)
LibreOffice recalculates, and the file is saved (xlsx, ods or xlsm, by TARGET's suffix) with the
values it computed.
"""

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import uno
from uno_office import office, prop


def main(source, target, edits_path):
    edits = json.loads(Path(edits_path).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="xlsync-uno-") as profile, office(profile) as (_, desktop):
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(Path(source).resolve())), "_blank", 0,
                                           (prop("Hidden", True),))
        epoch = dt.date(1899, 12, 30)
        for edit in edits:
            if edit.get("insert_sheet"):
                doc.Sheets.insertNewByName(edit["sheet"], doc.Sheets.getCount())
                continue
            if edit.get("remove_sheet"):
                doc.Sheets.removeByName(edit["sheet"])
                continue
            if "rename" in edit:
                doc.Sheets.getByName(edit["sheet"]).setName(edit["rename"])
                continue
            sheet = doc.Sheets.getByName(edit["sheet"])
            if "column" in edit:
                sheet.Columns.getByIndex(edit["column"]).Width = edit["width"]
                continue
            if "delete_row" in edit:
                sheet.Rows.removeByIndex(edit["delete_row"] - 1, 1)
                continue
            if "insert_column" in edit:
                sheet.Columns.insertByIndex(edit["insert_column"], 1)
                continue
            cell = sheet.getCellRangeByName(edit["cell"])
            if "string" in edit:
                cell.setString(edit["string"])
            elif "date" in edit:
                cell.setValue((dt.date.fromisoformat(edit["date"]) - epoch).days)
            elif "value" in edit:
                cell.setValue(edit["value"])
            elif "formula" in edit:
                cell.setFormula(edit["formula"])
            elif edit.get("clear"):
                cell.setString("")
            if edit.get("bold"):
                cell.CharWeight = 150.0  # com.sun.star.awt.FontWeight.BOLD
            if "color" in edit:
                cell.CharColor = edit["color"]
            if "note" in edit:
                sheet.Annotations.insertNew(cell.getCellAddress(), edit["note"])
        doc.calculateAll()
        filters = {".xlsx": "Calc Office Open XML", ".ods": "calc8", ".xlsm": "Calc MS Excel 2007 VBA XML"}
        doc.storeToURL(uno.systemPathToFileUrl(str(Path(target).resolve())),
                       (prop("FilterName", filters[Path(target).suffix]),))


if __name__ == "__main__":
    main(*sys.argv[1:4])
