"""Who is missing: each member's returns, rows and actions, and a reminder for those behind."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync.partners.distribute import involvement, partner_file_name
from xlsync.partners.rules import REFUSED, STATUS_TEXT
from xlsync.programme.model import Member, Programme, RuleKind
from xlsync.scoring.engine import ActionResult, ProgrammeResult
from xlsync.workbook import layout
from xlsync.workbook.reader import Workbook


@dataclass(frozen=True)
class MemberProgress:
    """What a member has sent so far, and what it leads."""

    member: Member
    returns: int  # returns merged (refused ones aside)
    last_return: dt.datetime | None  # when the last of them was saved (when merged, if unknown)
    rows: int  # evidence rows in the district that came from it
    leads: tuple[str, ...]  # codes of the actions it is the referent of
    involved: tuple[str, ...]  # codes of the actions it takes part in
    file_name: str  # the file it received to fill in

    @property
    def name(self) -> str:
        return self.member.display_name

    def is_behind(self, today: dt.date, days: int | None = None) -> bool:
        """It sent nothing, or (with `days`) nothing in the last `days` days."""
        if self.last_return is None:
            return True
        return days is not None and (today - self.last_return.date()).days > days

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "returns": self.returns,
                "last_return": self.last_return.isoformat() if self.last_return else None,
                "rows": self.rows, "leads": list(self.leads)}


def member_progress(district: Workbook) -> list[MemberProgress]:
    """Each member of the district, in the programme's order, with what it has sent.

    One pass over the rows and one over the submissions, by the partner each names: a province's
    district has a thousand members and hundreds of thousands of rows."""
    programme = district.programme
    refused = STATUS_TEXT[REFUSED]
    rows = Counter(row.partner for row in district.evidence)
    sent: dict[str, list[tuple[dt.datetime | None, str]]] = {}
    for item in district.submissions:
        if item.outcome != refused:
            sent.setdefault(item.partner, []).append((item.received or item.merged, item.file))
    progress = []
    for member in programme.members:
        names = {member.name, member.display_name}
        saved = [moment for name in names for moment in sent.get(name, ())]
        moments = [moment for moment, _ in saved if moment]
        last_file = max(saved, key=lambda pair: pair[0] or dt.datetime.min)[1] if saved else ""
        roles = involvement(programme, member)
        roles = {action.code: roles[action.code] for action in programme.actions if action.code in roles}
        progress.append(MemberProgress(
            member, len(saved), max(moments, default=None), sum(rows[name] for name in names),
            tuple(code for code, role in roles.items() if role == layout.REFERENT),
            tuple(code for code, role in roles.items() if role == layout.INVOLVED),
            member_file_name(programme, member, last_file)))
    return progress


def member_file_name(programme: Programme, member: Member, last_return: str = "") -> str:
    """The file the member fills in: the one `distribute` sent it, an .ods once it returns an .ods
    (as `sync` then refreshes it)."""
    name = partner_file_name(programme, member)
    return name[:-len(".xlsx")] + ".ods" if Path(last_return).suffix.lower() == ".ods" else name


def reminder(programme: Programme, result: ProgrammeResult, progress: MemberProgress, by: dt.date) -> str:
    """A reminder in Italian for a member who is behind, for the manager's own e-mail: what to send,
    by when, which file to fill in."""
    manager = next((actor for actor in programme.actors if actor.role.casefold() == "manager territoriale"), None)
    sent = (f"l'ultimo file che abbiamo ricevuto da voi è del {progress.last_return:%d/%m/%Y}"
            if progress.last_return else "non abbiamo ancora ricevuto le vostre evidenze")
    lines = [f"Oggetto: {programme.district}: evidenze {programme.year} da inviare entro il {by:%d/%m/%Y}", "",
             f"Gentile {progress.member.name},", "",
             f"per il programma di lavoro {programme.year} del {programme.district} {sent}.",
             f"Vi chiediamo di registrare le evidenze nel file «{progress.file_name}» (foglio «{layout.EVIDENCE}», una "
             f"riga per evidenza) e di rimandarlo entro il {by:%d/%m/%Y}."]
    asked = False
    for title, codes in (("Azioni di cui siete referenti, con quello che manca", progress.leads),
                         ("Azioni in cui siete coinvolti, con quello che manca", progress.involved)):
        wanted = [line for line in map(_wanted, (result.action(code) for code in codes)) if line]
        if wanted:
            lines += ["", f"{title}:", *wanted]
            asked = True
    if not asked:
        lines += ["", "Le azioni a cui partecipate non chiedono altro: inviate comunque le evidenze delle attività "
                      "svolte, perché restino nel programma."]
    lines += ["", "Per ogni evidenza: codice (dall'elenco a discesa), data, descrizione, quantità, organizzazioni e "
              "persone coinvolte, documento (verbale, link al post, comunicato).", "", "Grazie,"]
    if manager:
        lines += [manager.name, f"{manager.role}, {programme.district}"] + ([manager.email] if manager.email else [])
    return "\n".join(lines) + "\n"


def write_reminders(letters: dict[str, str], year: int, folder: Path) -> list[Path]:
    """Each member's reminder as a text file in `folder`: 'Sollecito 2024 - Soste.txt'."""
    from xlsync.workbook.writer import write_text_atomically  # here: `status` alone does not write

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in letters.items():
        safe = " ".join("".join(c if c.isalnum() or c in " .-_'" else " " for c in name).split())
        written.append(folder / f"Sollecito {year} - {safe}.txt")
        write_text_atomically(written[-1], text)
    return written


def _wanted(action: ActionResult) -> str | None:
    """An action and what members can still record for it (None when nothing)."""
    missing = [f"{ind.code}: {ind.missing}" for ind in action.indicators
               if ind.missing and ind.kind not in (RuleKind.LINKED, RuleKind.MANUAL)]
    return f"  - {action.code} {action.title}: " + "; ".join(missing) if missing else None
