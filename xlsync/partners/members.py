"""Who is missing: each member's returns, rows and actions, and a reminder for those behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.partners.distribute import involvement, partner_file_name
from xlsync.partners.rules import REFUSED, STATUS_TEXT
from xlsync.programme.model import Member, Programme, RuleKind
from xlsync.scoring.engine import ActionResult, ProgrammeResult
from xlsync.vocabulary import layout
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


REMINDER_DAYS = 14  # the default deadline: two weeks ahead, within the programme's year


def today() -> dt.date:
    """Today's date (one place, so that a test can set the day)."""
    return dt.date.today()


def year_end(programme: Programme) -> dt.date:
    """The last day of the programme's year, by which its actions are to be realised."""
    return dt.date(programme.year, 12, 31)


def default_deadline(programme: Programme, on: dt.date) -> dt.date:
    """Two weeks from the day `on`, but not after the programme's year ends; once the year is over, two
    weeks from that day (the reminder then says that the year is over)."""
    ahead = on + dt.timedelta(days=REMINDER_DAYS)
    return ahead if on > year_end(programme) else min(ahead, year_end(programme))


def reminder(programme: Programme, result: ProgrammeResult, progress: MemberProgress, by: dt.date,
             on: dt.date | None = None, lang: str | None = None) -> str:
    """A reminder for a member who is behind, for the manager's own e-mail (in the language asked, or of
    the moment): what to send, by when, which file to fill in; when the programme's year is over on the
    day `on` (today), also that."""
    def say(key: str, **values) -> str:
        return messages.text(key, lang, **values)

    manager = next((actor for actor in programme.actors if actor.role.casefold() == "manager territoriale"), None)
    sent = (say("letter_last_sent", date=f"{progress.last_return:%d/%m/%Y}") if progress.last_return
            else say("letter_none_sent"))
    lines = [say("letter_subject", district=programme.district, year=programme.year, by=f"{by:%d/%m/%Y}"), "",
             say("letter_greeting", member=progress.member.name), "",
             say("letter_opening", year=programme.year, district=programme.district, sent=sent)]
    if (on or today()) > year_end(programme):
        lines.append(say("letter_year_over", end=f"{year_end(programme):%d/%m/%Y}"))
    lines.append(say("letter_ask", file=progress.file_name, sheet=layout.EVIDENCE, by=f"{by:%d/%m/%Y}"))
    asked = False
    for title, codes in (("letter_leads", progress.leads), ("letter_involved", progress.involved)):
        wanted = [line for line in (_wanted(result.action(code), lang or messages.language()) for code in codes) if line]
        if wanted:
            lines += ["", say(title), *wanted]
            asked = True
    if not asked:
        lines += ["", say("letter_nothing_asked")]
    lines += ["", say("letter_how"), "", say("letter_thanks")]
    if manager:
        lines += [manager.name, f"{manager.role}, {programme.district}"] + ([manager.email] if manager.email else [])
    return "\n".join(lines) + "\n"


WRITTEN_RECORD = ".xlsync-solleciti.json"  # in the reminders' folder: each file's digest as xlsync wrote it


def write_reminders(letters: dict[str, str], year: int, folder: Path, force: bool = False) -> list[Path]:
    """Each member's reminder as a text file in `folder`: 'Sollecito 2024 - Soste.txt' ('Reminder 2024 -
    Soste.txt' in English).

    A reminder the manager edited since xlsync wrote it (its digest is not the one recorded) is not
    replaced without `force`: then nothing is written."""
    from xlsync.files.atomic import write_text_atomically  # here: `status` alone does not write

    paths = {folder / messages.text("letter_file", year=year, name=_safe(name)): text for name, text in letters.items()}
    record_path = folder / WRITTEN_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    edited = [path for path in paths if path.is_file() and record.get(path.name) != _digest(path.read_bytes())]
    if edited and not force:
        raise messages.error("reminder_edited", str(edited[0]), count=len(edited))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in paths.items():
        write_text_atomically(path, text)
        record[path.name] = _digest(path.read_bytes())  # as written: line ends are the system's
    write_text_atomically(record_path, json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True))
    return list(paths)


def _safe(name: str) -> str:
    return " ".join("".join(c if c.isalnum() or c in " .-_'" else " " for c in name).split())


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _wanted(action: ActionResult, lang: str) -> str | None:
    """An action and what members can still record for it (None when nothing)."""
    missing = [f"{ind.code}: {ind.missing_text(lang)}" for ind in action.indicators
               if ind.missing and ind.kind not in (RuleKind.LINKED, RuleKind.MANUAL)]
    return f"  - {action.code} {action.title}: " + "; ".join(missing) if missing else None
