"""The member organisations of a published programme: the numbered list of the seed, or an annex
table whose header names its columns (name, tax code, date of joining, the marks) in any order;
each with the short name the text uses for it ("ASIF Chimelli", "Soste")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from xlsync import messages
from xlsync.programme.model import Member
from xlsync.programme.published.words import MONTHS, NUMBER, SHORT_MONTHS, date, number, title

# A name's legal form, left out of the name the text uses: "SOCIETA' COOPERATIVA SOCIALE" anywhere,
# "S.R.L.", "O.N.L.U.S."… at its end.
LEGAL_FORM = re.compile(r"\bSOCIET(?:A'?|À)\s+A\s+RESPONSABILIT(?:A'?|À)\s+LIMITATA\b|"
                        r"\bSOCIET(?:A'?|À)\s+COOPERATIVA(?:\s+SOCIALE)?\b|\bSOC\.\s*COOP\.?(?:\s+SOC\.?)?|"
                        r"\bIMPRESA\s+SOCIALE\b", re.IGNORECASE)
LEGAL_SUFFIX = re.compile(r"(?:^|[\s,]+)(?:O\.?N\.?L\.?U\.?S|E\.?T\.?S|A\.?P\.?S|S\.?R\.?L|S\.?P\.?A|S\.?C\.?S|S\.?N\.?C|"
                          r"S\.?A\.?S|S\.?C\.?(?:A\.?)?R\.?L)\.?[\s,]*$", re.IGNORECASE)
MEMBERS_HEADER = re.compile(r"Data (?:di )?adesione|Marchio Family", re.IGNORECASE)


class MemberReader:
    """Reads the members' part; what it does not place goes to `unplaced`, what to check to `check`."""

    def __init__(self, text: str, check: Callable[..., None], unplaced: Callable[[str, str], None]):
        self.text, self.check, self.unplaced = text, check, unplaced

    def members(self, lines: list[str]) -> list[Member]:
        columns = next((found for line in lines if (found := _member_columns(line))), None)
        members = self.member_table(lines, columns) if columns else self.member_rows(lines)
        stated = re.search(rf"hanno aderito al distretto\D{{0,30}}?({NUMBER})\s+Organizzazioni", self.text, re.IGNORECASE)
        if stated and number(stated.group(1)) != len(members):
            key = "read_members_missing" if number(stated.group(1)) > len(members) else "read_members_extra"
            self.check("aderenti", messages.reading(key, stated=number(stated.group(1)), listed=len(members)), stated.group(0))
        if not members:
            self.check("aderenti", messages.reading("read_no_members"))
        seen: set[str] = set()
        for member in members:
            if member.name.casefold() in seen:
                self.check("aderenti", messages.reading("read_member_twice", name=member.name))
            seen.add(member.name.casefold())
        return members

    def member_table(self, lines: list[str], columns: dict[str, int]) -> list[Member]:
        """The members as a table whose header names its columns, in any order: name, tax code,
        date of joining, the two marks (an annex with tax codes)."""
        members = []
        header_seen = False
        for line in lines:
            if not header_seen:
                header_seen = _member_columns(line) == columns
                if not header_seen and line.strip():
                    self.unplaced("aderenti", line)
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if _member_columns(line) == columns or not any(cells):  # the header repeated on the next page
                continue
            cell = {role: cells[index] if index < len(cells) else "" for role, index in columns.items()}
            name = " ".join(cell["name"].split())
            joined = _joined(cell.get("date", ""))
            if "\t" not in line.strip() or not name or (cell.get("date") and joined is None):
                self.unplaced("aderenti", line)
                continue
            members.append(Member(name, self.short_name(name), joined, cell.get("trentino", ""), cell.get("audit", ""),
                                  re.sub(r"\s", "", cell.get("tax", ""))))
        return members

    def member_rows(self, lines: list[str]) -> list[Member]:
        """The members as numbered rows: number, name, date of joining, the two marks."""
        members = []
        for line in lines:
            row = re.match(r"^\s*\d+\s*\t?\s*(.+?)\s*\t?\s*(\d{1,2})[-/ ](\w+)[-/ ](\d{2,4})\b(.*)$", line)
            if not row:
                if line.strip() and not MEMBERS_HEADER.search(line):
                    self.unplaced("aderenti", line)
                continue
            name, day, month, year, rest = row.groups()
            month_number = int(month) if month.isdigit() else SHORT_MONTHS.get(month[:3].casefold())
            year_number = int(year) + (2000 if len(year) == 2 else 0)
            marks = [cell.strip() for cell in rest.split("\t")[1:]] + ["", ""]
            members.append(Member(name.strip(), self.short_name(name.strip()),
                                  date(year_number, month_number, int(day)), marks[0], marks[1]))
        return members

    def short_name(self, name: str) -> str:
        """The name as the text writes it in running prose, without its legal form: "ASIF Chimelli"."""
        core = LEGAL_FORM.sub(" ", name).strip()
        while LEGAL_SUFFIX.search(core):
            core = LEGAL_SUFFIX.sub("", core)
        core = " ".join(core.split()).strip(" ,-")
        if re.fullmatch(r"(?:[A-Z0-9]\.)+[A-Z0-9]\.?", core):  # an acronym with dots: C.S.4. → CS4
            return core.replace(".", "")
        core = core.strip(" .")
        if not core:
            return ""
        pattern = r"\b" + r"\s+".join(re.escape(word) for word in core.split()) + r"\b"
        written = [m.group(0) for m in re.finditer(pattern, self.text, re.IGNORECASE)  # as a name is written
                   if m.group(0) != m.group(0).upper() and m.group(0)[:1].isupper()]
        best = max(set(written), key=written.count) if written else title(core) if core.upper() == core else core
        best = " ".join(best.split())
        return best if best != name else ""


# The columns of a member table, by the words of its header.
_MEMBER_ROLES = (("tax", r"codice\s+fiscale|\bc\.\s*f\.|partita\s+iva|\bp\.\s*iva"), ("trentino", r"family\s+in\s+trentino"),
                 ("audit", r"family\s+audit"), ("date", r"\bdata\b"),
                 ("name", r"denominazione|ragione\s+sociale|organizzazion|\bnome\b|\bente\b"))


def _member_columns(line: str) -> dict[str, int] | None:
    """A member table's header row with a named name column: each role's column."""
    if "\t" not in line:
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(line.split("\t")):
        role = next((role for role, pattern in _MEMBER_ROLES if re.search(pattern, cell, re.IGNORECASE)), None)
        if role and role not in columns:
            columns[role] = index
    return columns if "name" in columns and ("date" in columns or "tax" in columns) else None


def _joined(text: str) -> dt.date | None:
    """A date of joining as tables write it: 15/07/2022, 15-lug-22, 15 luglio 2022, 2022-07-15."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    found = re.fullmatch(r"(\d{1,2})[-/. ](\w+)[-/. ](\d{2,4})", text.strip())
    if not found:
        return None
    day, month, year = found.groups()
    month_number = int(month) if month.isdigit() else MONTHS.get(month.casefold()) or SHORT_MONTHS.get(month[:3].casefold())
    return date(int(year) + (2000 if len(year) == 2 else 0), month_number, int(day))
