"""Rebuild the sample files made from the programme (run: python samples/build_returns.py).

The programme file programma-2024-alta-valsugana.toml is what `xlsync import` reads from the
published text (programma-2024-alta-valsugana.txt). From it this script writes the programme as
changed in the middle of the year (programma-2024-alta-valsugana-variato.toml: press releases at
20%, a new action 3.4, project n.6 dropped) and the members' returns in samples/ritorni/.

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

from xlsync.libreoffice.soffice import convert, soffice
from xlsync.partners.distribute import partner_file_name, write_partner
from xlsync.programme import toml_file as programme_file
from xlsync.programme.model import Action, Evidence, Indicator, Programme, RuleKind, ScoringLine
from xlsync.workbook.reader import read_evidence_csv

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


def changed_programme(programme: Programme) -> Programme:
    """The programme as the district changes it in the middle of the year."""
    new_action = Action("3.4", "3", "Restituire agli aderenti i risultati del Distretto", True, (Indicator(
        "3.4.a", "Presentazione dei risultati dell'anno agli aderenti", RETURN_RULE, RuleKind.YES_NO,
        (ScoringLine("3.4.a", "Presentazione dei risultati agli aderenti", "la presentazione dei risultati agli aderenti"),)),),
        rule=RETURN_RULE)
    actions = []
    for action in programme.actions:
        if action.code == "P06":
            continue
        if action.code == "4.2":
            indicator = action.indicators[0]
            line = replace(indicator.lines[0], percent=0.2)
            action = replace(action, rule=PRESS_RULE, indicators=(replace(indicator, rule=PRESS_RULE, lines=(line,)),))
        actions.append(action)
        if action.code == "3.3":
            actions.append(new_action)
    return replace(programme, actions=tuple(actions))


RETURN_RULE = "100% presentazione dei risultati dell'anno agli aderenti"
PRESS_RULE = "20% per ogni comunicato stampa"
CHANGED_HEADER = """# Programma di lavoro 2024 — Distretto Family Audit Alta Valsugana, variato in corso d'anno
# Variazione (esempio per xlsync, scritta da samples/build_returns.py): comunicati stampa al 20%,
# nuova azione 3.4 di restituzione dei risultati, progettualità n.6 «Convenzioni» tolta.

"""


def main() -> int:
    programme = programme_file.load(HERE / "programma-2024-alta-valsugana.toml")
    (HERE / "programma-2024-alta-valsugana-variato.toml").write_text(
        CHANGED_HEADER + programme_file.dumps(changed_programme(programme)), encoding="utf-8")
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
            comunita = OUT / "Evidenze 2024 - Comunita Alta Valsugana e Bersntol.xlsx"
            shutil.move(convert(comunita, "xlsx", work), comunita)
    else:
        print("LibreOffice is not installed: the .ods return was not made", file=sys.stderr)
    for path in sorted(OUT.rglob("*.*")):
        print(path.relative_to(HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
