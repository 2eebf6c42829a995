"""The work programme and its evidence as plain values: no files, no Excel, no click.

A programme has areas; an area has actions (the V.A.M.T. actions and the projects); an action
has indicators; an indicator is scored by one rule kind through zero or more scoring lines. A
piece of evidence names the scoring line it proves (the `Codice` column of `Evidenze`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from xlsync import messages
from xlsync.errors import Problem, ProgrammeError


class RuleKind(enum.Enum):
    """How an indicator turns evidence into a percentage (values as written in programme files)."""

    PER_UNIT = "per_unita"  # units × percentage, several unit types summed, capped at 100%
    PER_DISTINCT = "per_distinto"  # distinct organisations × percentage, capped at 100%
    AT_LEAST = "almeno"  # 100% once at least N units exist, else 0%
    YES_NO = "si_no"  # 100% once one unit exists
    LINKED = "collegata"  # the realisation of another action (a project)
    MANUAL = "manuale"  # a percentage the manager enters, with a note


class Aggregation(enum.Enum):
    """How an action combines its indicators."""

    MEAN = "media"
    MINIMUM = "minimo"


@dataclass(frozen=True)
class ScoringLine:
    """What one evidence row can prove: a unit type of an indicator, with its percentage."""

    code: str
    label: str  # shown in the evidence dropdown next to the code
    unit: str  # the counting noun: "verbali"; for yes/no the missing thing: "la relazione"
    percent: float | None = None  # per unit or per distinct value
    required: int | None = None  # "almeno N"


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str
    rule: str  # the programme's own wording of the rule, verbatim
    kind: RuleKind
    lines: tuple[ScoringLine, ...] = ()
    linked_to: str | None = None
    evidence_hint: str = ""  # what the evidence must contain, as the programme asks


@dataclass(frozen=True)
class ProjectDetails:
    """The fields of a "Progettualità" as the programme document gives them."""

    number: int
    tag: str
    general_objective: str = ""
    specific_objective: str = ""
    activities: str = ""
    referent: str = ""
    other_organisations: str = ""
    timing: str = ""
    indicators_text: str = ""
    percentages_text: str = ""
    classification: tuple[str, ...] = ()


@dataclass(frozen=True)
class Action:
    code: str
    area: str
    title: str
    counts: bool  # whether it counts towards the programme's realisation
    indicators: tuple[Indicator, ...]
    rule: str = ""  # the "% di realizzazione" text of a V.A.M.T. action
    project: ProjectDetails | None = None


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Member:
    """An organisation that joined the district (an *aderente*)."""

    name: str
    short_name: str = ""
    joined: dt.date | None = None
    family_in_trentino: str = ""
    family_audit: str = ""
    tax_code: str = ""  # codice fiscale or partita IVA, when the programme lists it

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Actor:
    role: str
    name: str
    title: str = ""
    email: str = ""


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.8  # realisation the contribution depends on
    aggregation: Aggregation = Aggregation.MEAN
    cofinancing_share: float = 0.8  # share of the manager's cost the province pays: not the threshold


@dataclass(frozen=True)
class Programme:
    district: str
    year: int
    areas: tuple[Area, ...]
    actions: tuple[Action, ...]
    members: tuple[Member, ...] = ()
    actors: tuple[Actor, ...] = ()
    decree_number: str = ""
    decree_date: dt.date | None = None
    lead_organisation: str = ""
    employees: int | None = None
    details: tuple[tuple[str, str], ...] = ()  # "Dati del distretto", label → value
    contacts: tuple[tuple[str, str], ...] = ()  # "Canali social", label → value
    settings: Settings = field(default_factory=Settings)

    def action(self, code: str) -> Action:
        for action in self.actions:
            if action.code == code:
                return action
        raise KeyError(code)

    def area(self, code: str) -> Area:
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(code)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for action in self.actions for ind in action.indicators)

    @property
    def lines(self) -> tuple[ScoringLine, ...]:
        return tuple(line for ind in self.indicators for line in ind.lines)


@dataclass(frozen=True)
class Evidence:
    """One row of the `Evidenze` table, values as the spreadsheet holds them.

    `code` and `quantity` keep the raw cell value: scoring must treat a text quantity or a
    malformed code exactly as the workbook's formulas do.
    """

    code: Any
    date: Any = None
    description: Any = None
    quantity: Any = None
    organisations: Any = None
    people: Any = None
    document: Any = None
    notes: Any = None
    partner: Any = None
    source_file: Any = None
    received: Any = None
    source_row: Any = None
    row_id: Any = None
    extra: tuple[tuple[str, Any], ...] = ()  # columns a person added, kept as they are
    row: int | None = None  # the row number the user sees in the sheet

    def added_columns(self) -> str:
        """The values of the columns a person added, as text: «Header: value; …»."""
        return "; ".join(f"{header}: {value}" for header, value in self.extra if value is not None)

    def but(self, **changes: Any) -> Evidence:
        """A copy with some fields changed: `dataclasses.replace` without its cost (merges copy
        hundreds of thousands of rows). Field names are not checked."""
        copy = object.__new__(Evidence)
        copy.__dict__.update(self.__dict__)
        copy.__dict__.update(changes)
        return copy


@dataclass(frozen=True)
class Submission:
    """A partner file merged into the district: a row of the `Invii` ledger."""

    file: str
    partner: str
    received: dt.datetime | None  # when the partner last saved the file
    merged: dt.datetime  # when it was merged
    content_hash: str  # sha256 of the file's bytes
    outcome: str
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    note: str = ""
    programme: str = ""  # the fingerprint of the programme the file was made from
    # The file's size and modification time (ns) when merged, "size:mtime_ns": a file that has them still
    # is not read again to find it merged.
    file_stamp: str = ""
    conflicts: int = 0  # rows it changed that the district had changed another way (`Conflict`)
    base: str = ""  # the version it was merged against: an earlier return's content hash, "vuoto" (the blank
    # file), "" (merged before xlsync recorded it)


@dataclass(frozen=True)
class Conflict:
    """A row a return changed (or deleted) that the district had changed (or deleted) another way: a row of
    `Conflitti`, both versions kept, until the manager chooses in its `Scelta` column."""

    row_id: str
    partner: str
    file: str
    received: dt.datetime | None  # when the file was saved
    source_row: int | None  # its row in the file (None: the file deleted the row)
    fields: str  # the columns that differ, by their headers ("Descrizione, Note"), or «tutta la riga»
    district: str  # the district's version of those columns as text (or that the district deleted the row)
    district_by: str  # who made the district's version, and when
    version: str  # the file's version of those columns as text (or that the file deleted the row)
    values: tuple[Any, ...]  # the file's version, the eight values (): the file deleted the row)
    choice: str = ""  # «tieni il distretto», «prendi il file», or the corrected text
    row: int | None = field(default=None, compare=False)  # its row in `Conflitti` when read from there

    KEEP_DISTRICT: ClassVar[str] = "tieni il distretto"
    TAKE_FILE: ClassVar[str] = "prendi il file"


@dataclass(frozen=True)
class Reject:
    """A row that could not be merged: a row of `Scarti`, with why and where it came from."""

    partner: str
    file: str
    received: dt.datetime | None
    source_row: int | None
    reason: str
    values: tuple[Any, ...]  # the row's cells as the partner typed them, in the `Evidenze` order
    # Not stored as such, and not part of what the row is: the ID it had on `Evidenze` when it left it
    # (what the person put on the row goes with it), and its row in `Scarti` when read from there.
    row_id: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)

    DROPPED: ClassVar[str] = "la sua voce non esiste più nel programma modificato"
    REMOVED: ClassVar[str] = "tolta dall'aderente con il file"
    REPLACED: ClassVar[str] = "cambiata dall'aderente con il file"
    NOT_CHOSEN: ClassVar[str] = "versione non scelta nel conflitto"

    @property
    def dropped_by_a_change(self) -> bool:
        """Set aside because a change of the programme took its scoring line away: the district's
        record of it, kept when the member's newer returns replace its other rejects."""
        return self.reason.startswith(self.DROPPED)

    @property
    def removed_by_a_return(self) -> bool:
        """A merged row the member's newer return no longer has, or has changed, or a version the manager did
        not choose in a conflict: the district's record of it, kept when the member's newer returns replace
        its other rejects, and never sent back to it."""
        return self.reason.startswith((self.REMOVED, self.REPLACED, self.NOT_CHOSEN))


@dataclass(frozen=True)
class Assessment:
    """The manager's own percentage for a manual indicator, with a note."""

    value: Any  # as the cell holds it: normally a fraction such as 0.9
    note: str = ""


# Codes appear in COUNTIFS criteria and are matched as "code" or "code …": keep them plain.
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,23}$")


def check(programme: Programme, where: str = "programma") -> None:
    """Raise ProgrammeError listing every structural problem of the programme."""
    problems = structural_problems(programme, where)
    if problems:
        raise messages.error("invalid_programme", cls=ProgrammeError, problems=tuple(problems))


def structural_problems(programme: Programme, where: str = "programma") -> list[Problem]:
    """Every structural problem of the programme: codes, links, rule kinds, settings."""
    problems: list[Problem] = []

    def problem(place: str, message: str, **values: Any) -> None:
        problems.append(messages.problem(message, f"{where} › {place}", **values))

    settings = programme.settings
    if not 0 < settings.threshold <= 1:
        problem("impostazioni", "threshold_range", value=f"{settings.threshold:.0%}")
    if not 0 <= settings.cofinancing_share <= 1:
        problem("impostazioni", "share_range")

    area_codes = {area.code for area in programme.areas}
    seen: dict[str, str] = {}

    def claim(code: str, place: str, typed_by_partners: bool = True) -> None:
        if not _CODE.match(code):
            problem(place, "bad_code", value=code)
        elif typed_by_partners and code.replace(".", "", 1).isdigit():
            problem(place, "numeric_code", value=code)
        if code.casefold() in seen:
            problem(place, "duplicate_code", value=code, first=seen[code.casefold()])
        seen[code.casefold()] = place

    for action in programme.actions:
        place = f"azione {action.code}"
        claim(action.code, place, typed_by_partners=False)
        if action.area not in area_codes:
            problem(place, "unknown_area", value=action.area)
        if not action.indicators:
            problem(place, "no_indicator")
        for indicator in action.indicators:
            iplace = f"{place} › indicatore {indicator.code}"
            claim(indicator.code, iplace)
            _check_indicator(indicator, iplace, problem, claim)

    codes = {action.code for action in programme.actions}
    for indicator in programme.indicators:
        if indicator.kind is RuleKind.LINKED and indicator.linked_to not in codes:
            problem(f"indicatore {indicator.code}", "unknown_link", value=indicator.linked_to)
    cycle = _linked_cycle(programme)
    if cycle:
        problem("indicatori collegati", "link_cycle", cycle=" → ".join(cycle))
    if not any(action.counts for action in programme.actions):
        problem("azioni", "nothing_counts")
    return problems


def check_members(programme: Programme, where: str = "programma") -> None:
    """Raise ProgrammeError when the member list cannot be given files: no member, or a name twice
    (each member's file and returns are known by its name)."""
    if not programme.members:
        raise messages.error("no_members", where, cls=ProgrammeError)
    seen: set[str] = set()
    problems = []
    for member in programme.members:
        if member.name.casefold() in seen:
            problems.append(messages.problem("duplicate_member", f"{where} › aderenti", name=member.name))
        seen.add(member.name.casefold())
    if problems:
        raise messages.error("members_unusable", where, cls=ProgrammeError, problems=tuple(problems))


def _check_indicator(indicator: Indicator, place: str, problem, claim) -> None:
    kind, lines = indicator.kind, indicator.lines
    for line in lines:
        if line.code != indicator.code:
            claim(line.code, f"{place} › voce {line.code}")
    if kind is RuleKind.PER_UNIT:
        if not lines:
            problem(place, "per_unit_without_lines")
        for line in lines:
            if line.percent is None or line.percent <= 0:
                problem(place, "line_without_percent", code=line.code)
    elif kind is RuleKind.PER_DISTINCT:
        if len(lines) != 1 or lines[0].percent is None or lines[0].percent <= 0:
            problem(place, "per_distinct_one_line")
    elif kind is RuleKind.AT_LEAST:
        if len(lines) != 1 or not lines[0].required or lines[0].required < 1:
            problem(place, "at_least_one_line")
    elif kind is RuleKind.YES_NO:
        if len(lines) != 1:
            problem(place, "yes_no_one_line")
    elif kind is RuleKind.LINKED:
        if lines or not indicator.linked_to:
            problem(place, "linked_without_code")
    elif kind is RuleKind.MANUAL and len(lines) > 1:
        problem(place, "manual_lines")


def _linked_cycle(programme: Programme) -> list[str]:
    targets = {
        action.code: [ind.linked_to for ind in action.indicators if ind.kind is RuleKind.LINKED]
        for action in programme.actions
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(code: str, path: list[str]) -> list[str]:
        state[code] = 1
        for target in targets.get(code, ()):
            if target not in targets:
                continue
            if state.get(target) == 1:
                return path + [code, target]
            if state.get(target) is None:
                found = visit(target, path + [code])
                if found:
                    return found
        state[code] = 2
        return []

    for code in targets:
        if state.get(code) is None:
            found = visit(code, [])
            if found:
                return found
    return []
