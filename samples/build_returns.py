"""Rebuild the sample partner returns in samples/ritorni/ (run: python samples/build_returns.py).

Each of the six members gets the workbook `xlsync distribute` makes, filled in with its rows of
evidenze-2024.csv as a partner would type them. Dial Funghi's first return has the mistakes
partners make; its second return (ritorni/corretti/) fixes them. Soste saved its return in
LibreOffice as .ods, the Comunità saved its return in LibreOffice as .xlsx (when LibreOffice is
installed; otherwise those two stay as xlsync wrote them). After the programme's change
(programma-2024-alta-valsugana-variato.toml), ASIF Chimelli sends a return made from the changed
programme, with the evidence of the new action 3.4 (ritorni/dopo-la-variazione/).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from xlsync import programme_file
from xlsync.distribute import partner_file_name, write_partner
from xlsync.libreoffice import convert, soffice
from xlsync.model import Evidence
from xlsync.reader import read_evidence_csv

HERE = Path(__file__).resolve().parent
OUT = HERE / "ritorni"
FIRST_ROUND = dt.datetime(2025, 1, 20, 9, 30)
CORRECTED = dt.datetime(2025, 1, 27, 16, 45)
AFTER_THE_CHANGE = dt.datetime(2025, 2, 10, 11, 0)


def mistakes(rows: list[Evidence]) -> list[Evidence]:
    """Dial Funghi's first return: what a hurried partner types."""
    typed = []
    for row in rows:
        code = row.code
        if code == "P10.a":  # a day that does not exist: the event will not count
            row = replace(row, date="31/09/2024")
        elif code == "4.1.a.1":  # a number in words
            row = replace(row, quantity="sette")
        elif code == "4.1.a.2":  # a date typed as text: read and accepted
            row = replace(row, date="21 settembre 2024", organisations="Dial Funghi srl")
        elif code == "3.3.a":  # a co-organiser that is not a member of the district
            row = replace(row, organisations="Pro Loco di Pergine")
        typed.append(row)
    blank = Evidence(code=None)
    return typed + [
        replace(blank, code="4.1", date="3/10/2024", description="Post su Instagram sulla mensa aziendale",
                quantity="1"),
        replace(blank, code="3.1.a", date=dt.date(2023, 12, 15), description="Incontro di fine anno con i dipendenti"),
        replace(blank, code="4.2.a", date=dt.date(2024, 10, 2), organisations="DIAL FUNGHI S.R.L."),
        replace(blank, code="3.3.a", date="15-11-2024", description="Co-progettazione del calendario 2025",
                quantity=-1, organisations="DIAL FUNGHI S.R.L."),
    ]


def main() -> int:
    programme = programme_file.load(HERE / "programma-2024-alta-valsugana.toml")
    evidence = read_evidence_csv(HERE / "evidenze-2024.csv")
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "corretti").mkdir(parents=True)
    (OUT / "dopo-la-variazione").mkdir()
    for member in programme.members:
        rows = [replace(row, partner=None, row=None) for row in evidence if row.partner == member.display_name]
        name = partner_file_name(programme, member)

        def write(path: Path, rows: list[Evidence], saved: dt.datetime, member=member) -> None:
            write_partner(programme, member, path, rows, issued="2024-07-20T10:00:00", saved=saved)

        if member.display_name == "Dial Funghi":
            write(OUT / name, mistakes(rows), FIRST_ROUND)
            write(OUT / "corretti" / name, rows, CORRECTED)
        else:
            write(OUT / name, rows, FIRST_ROUND)
        if member.display_name == "ASIF Chimelli":
            changed = programme_file.load(HERE / "programma-2024-alta-valsugana-variato.toml")
            kept = [row for row in rows if row.code != "P06.a"]  # the project was taken out of the programme
            kept.append(Evidence(code="3.4.a — Presentazione dei risultati agli aderenti", date=dt.date(2024, 12, 12),
                                 description="Incontro di restituzione dei risultati 2024 con le sei organizzazioni",
                                 organisations="ASIF CHIMELLI", people="Referenti delle organizzazioni aderenti",
                                 document="restituzione-risultati-2024.pdf"))
            write_partner(changed, member, OUT / "dopo-la-variazione" / name, kept, issued="2025-02-05T09:00:00",
                          saved=AFTER_THE_CHANGE)
    if soffice():
        with tempfile.TemporaryDirectory() as work:
            soste = OUT / "Evidenze 2024 - Soste.xlsx"
            convert(soste, "ods", OUT)
            soste.unlink()
            comunita = OUT / "Evidenze 2024 - Comunita Alta Valsugana.xlsx"
            shutil.move(convert(comunita, "xlsx", work), comunita)
    else:
        print("LibreOffice is not installed: the .ods return was not made", file=sys.stderr)
    for path in sorted(OUT.rglob("*.*")):
        print(path.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
