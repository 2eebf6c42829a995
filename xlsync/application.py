"""Every command of xlsync as one call: what the command line, the Excel add-in and the LibreOffice
extension run (and a Python user can, through `xlsync`).

Each function takes paths and choices, checks them, does the work through the layers below and returns
a value: the front end renders it (`text(lang)`, or the renderers of `xlsync.report`) or gives it as JSON
(`as_json()`). Nothing here prints, exits or knows click, xlwings or UNO; what goes wrong is an
`XlsyncError` from the catalogue.

The layers are imported by each function when it runs: a front end that starts, or a command that
needs little, does not pay for the others (the writer, the importer, LibreOffice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlsync import messages
from xlsync.catalogue.commands import KINDS, WRITES, counted, say
from xlsync.errors import OutputExistsError, XlsyncError

if TYPE_CHECKING:
    from xlsync.agency.export import ExportReport
    from xlsync.agency.rollup import Rollup
    from xlsync.demo import DemoResult
    from xlsync.partners.diff import DiffReport
    from xlsync.partners.distribute import PartnerFile
    from xlsync.partners.members import MemberProgress
    from xlsync.partners.merge import MergeReport
    from xlsync.partners.sync import SyncReport
    from xlsync.partners.update import UpdateReport
    from xlsync.partners.validate import FileCheck
    from xlsync.programme.model import Programme
    from xlsync.programme.published import Imported as ImportedText
    from xlsync.scoring.engine import ProgrammeResult
    from xlsync.workbook.reader import Workbook

WORKBOOK_SUFFIXES = (".xlsx", ".ods")  # .ods through LibreOffice


def percent(value: float, lang: str = "it") -> str:
    """A realisation as every workbook shows it («82,2%»; in English «82.2%»)."""
    from xlsync.scoring.engine import format_percent
    shown = format_percent(value)
    return shown.replace(",", ".") if lang == "en" else shown


# -- new and import ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgrammeRead:
    """A programme read from its file or from a review; `pending`: the review's rows still to check,
    taken as read (--force)."""

    programme: Programme
    pending: int = 0

    def notices(self, lang: str = "it") -> list[str]:
        return [say("review pending", lang, rows=counted(self.pending, "review row taken as read"))] if self.pending else []


def read_programme(path: str | Path, force: bool = False) -> ProgrammeRead:
    """The programme of a programme file or of a review workbook; with `force`, a review's rows still to
    check are taken as read (and counted)."""
    from xlsync.workbook.review import is_review, load_programme, read_review
    pending = len(read_review(path).pending) if force and is_review(path) else 0
    return ProgrammeRead(load_programme(Path(path), force), pending)


@dataclass(frozen=True)
class Created:
    """The district workbook written by `new`."""

    path: Path
    read: ProgrammeRead
    value: float  # the realisation it shows

    def text(self, lang: str = "it") -> str:
        programme = self.read.programme
        return say("district written", lang, path=self.path, district=programme.district, year=programme.year,
                   actions=counted(len(programme.actions), "action"),
                   indicators=counted(len(programme.indicators), "indicator"),
                   lines=counted(len(programme.lines), "line"), percent=percent(self.value, lang))


def create_district(programme: str | Path, output: str | Path, force: bool = False) -> Created:
    """`new`: the district workbook for a programme file or a review (with `force`, over an existing file
    and with a review's rows still to check taken as read)."""
    from xlsync.programme.model import check_members
    from xlsync.workbook.writer import write_district
    programme, output = Path(programme), Path(output)
    check_output(output, force, WORKBOOK_SUFFIXES)
    read = read_programme(programme, force)
    check_members(read.programme, programme.name)
    return Created(output, read, write_district(read.programme, output).value)


@dataclass(frozen=True)
class Imported:
    """The programme file or review written by `import`, and the readings to check by hand."""

    path: Path
    imported: ImportedText

    def text(self, lang: str = "it") -> str:
        programme = self.imported.programme
        projects = sum(1 for action in programme.actions if action.project)
        lines = [say("programme written", lang, path=self.path, district=programme.district, year=programme.year,
                     actions=counted(len(programme.actions) - projects, "vamt action"),
                     projects=counted(projects, "project"), indicators=counted(len(programme.indicators), "indicator"),
                     members=counted(len(programme.members), "member"))]
        if self.imported.checks:
            where = "to check in file" if self.path.suffix.lower() == ".toml" else "to check in review"
            lines.append(say(where, lang, count=len(self.imported.checks), checks=checks_text(self.imported)))
        return "\n".join([*lines, say("then new", lang, path=self.path)])


def checks_text(imported: ImportedText) -> str:
    return "\n".join(f"  - {check.where}: {check.what}" for check in imported.checks)


def import_programme(document: str | Path, output: str | Path, strict: bool = False, force: bool = False) -> Imported:
    """`import`: the published programme (text, PDF, DOCX) read into a programme file (.toml) or a review
    workbook; with `strict`, nothing is written when a reading needs checking by hand."""
    from xlsync.files.atomic import write_text_atomically
    from xlsync.programme.published import import_text, programme_file_text, read_document
    document, output = Path(document), Path(output)
    check_output(output, force, (".toml", *WORKBOOK_SUFFIXES))
    imported = import_text(read_document(document), document.name)
    if strict and imported.checks:
        raise messages.error("strict_import", document.name, count=len(imported.checks), checks=checks_text(imported))
    text = programme_file_text(imported, document.name)  # what new accepts, checked before anything is written
    if output.suffix.lower() == ".toml":
        write_text_atomically(output, text)
    else:
        from xlsync.workbook.review import write_review
        write_review(imported, output, document.name)
    return Imported(output, imported)


# -- status --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Status:
    """A district's realisation, its members' progress and the reminders for those behind."""

    workbook: Workbook
    result: ProgrammeResult
    members: list[MemberProgress]
    behind: list[MemberProgress]
    letters: dict[str, str]  # member → reminder
    by: dt.date  # the date the reminders ask for
    year_over: bool  # the reminders' date was chosen after the programme's year ended
    written: list[Path] = field(default_factory=list)  # the reminders written as files

    def as_json(self, reminders: bool = False) -> dict[str, Any]:
        return {**self.result.as_json(), "open_conflicts": len(self.workbook.conflicts),
                "members": [{**member.as_json(), "behind": member in self.behind} for member in self.members],
                **({"reminders": self.letters} if reminders else {})}

    def year_over_text(self, lang: str = "it") -> str:
        """Said before the reminders when the programme's year is over (and no date was asked for)."""
        if not self.year_over:
            return ""
        return messages.problem("year_over", "", year=self.workbook.programme.year, by=f"{self.by:%d/%m/%Y}").text(lang)

    def warnings(self, lang: str = "it") -> list[str]:
        """What the manager is told after the figures: values the workbook's formulas ignore, sheets found
        renamed, a ledger rebuilt."""
        from xlsync.report import flag
        found = [messages.problem("ignored_edit", "", note=(note.text(), note.text("en"))).text(lang)
                 for note in self.workbook.ignored_edits]
        return found + [f"{flag(note, lang)}{note.text(lang)}" for note in self.workbook.notes]


def district_status(workbook: str | Path, days: int | None = None, deadline: dt.date | None = None,
                    reminders: bool = False, reminders_dir: str | Path | None = None, force: bool = False) -> Status:
    """`status`: the realisation of a district (or agency) workbook, who is behind (also whose last return
    is more than `days` old) and their reminders, asking for `deadline`; written as files into
    `reminders_dir` (over ones edited by hand only with `force`)."""
    from xlsync.partners import members as roster
    from xlsync.workbook.reader import read_district
    from xlsync.workbook.status import score_workbook
    current = read_district(workbook, also_agency=True, scoring_only=True)
    result = score_workbook(current)
    today = roster.today()
    members = roster.member_progress(current)
    behind = [member for member in members if member.is_behind(today, days)]
    by = deadline or roster.default_deadline(current.programme, today)
    letters = {member.name: roster.reminder(current.programme, result, member, by, today) for member in behind}
    year_over = bool(letters and (reminders or reminders_dir) and not deadline
                     and today > roster.year_end(current.programme))
    written = roster.write_reminders(letters, current.programme.year, Path(reminders_dir), force) if reminders_dir else []
    return Status(current, result, members, behind, letters, by, year_over, written)


def rule_realisation(rule: str, quantities: Sequence[float]) -> float:
    """The realisation (0–1) of a rule written as the programme writes it ("20% per ogni incontro") given
    the quantities recorded, one per kind of evidence the rule names, in its order (missing ones are 0).
    Several percentages that are not "per ogni" are distinct indicators: their mean."""
    from xlsync.programme.model import RuleKind
    from xlsync.programme.published import rule_indicators
    from xlsync.scoring.engine import indicator_value
    indicators, checks = rule_indicators(rule)
    if any(indicator.kind in (RuleKind.LINKED, RuleKind.MANUAL) for indicator in indicators) or checks:
        raise _refused("rule not recognised", rule=short(rule))
    lines = [line for indicator in indicators for line in indicator.lines]
    if len(quantities) > len(lines):
        kinds = (say("one kind"), say("one kind", "en")) if len(lines) == 1 else counted(len(lines), "kind")
        raise _refused("too many quantities", kinds=kinds, count=len(quantities))
    numbers = [*quantities, *[0.0] * (len(lines) - len(quantities))]
    units = {line.code: value for line, value in zip(lines, numbers, strict=True)}
    values = [indicator_value(indicator, units) for indicator in indicators]
    return sum(values) / len(values)


def short(value: Any, limit: int = 60) -> str:
    """A person's text quoted in a message: on one line, cut at `limit` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _refused(key: str, **values: Any) -> XlsyncError:
    return XlsyncError(say(key, "it", **values), (), say(key, "en", **values))


def sheets_status(sheets: Mapping[str, list[list[Any]]], name: str | None = None) -> ProgrammeResult:
    """The realisation of an xlsync workbook given as its sheets' values (a workbook open in Excel)."""
    from xlsync.workbook.reader import read_values
    from xlsync.workbook.status import score_workbook
    return score_workbook(read_values(sheets, name or say("open workbook")))


# -- the round trip with the members -------------------------------------------------------------

@dataclass(frozen=True)
class Distributed:
    """The members' workbooks written by `distribute`."""

    folder: Path
    files: list[PartnerFile]

    def text(self, lang: str = "it") -> str:
        from xlsync.vocabulary import layout
        lines = []
        for item in self.files:
            led = sum(1 for role in item.roles.values() if role == layout.REFERENT)
            lines.append(say("partner file", lang, path=item.path, member=item.member.name, led=counted(led, "action"),
                             involved=len(item.roles) - led))
        return "\n".join([*lines, say("partner files", lang, files=counted(len(self.files), "file"), folder=self.folder)])


def distribute(district: str | Path, output: str | Path, file_format: str = "xlsx", force: bool = False) -> Distributed:
    """`distribute`: one workbook per member organisation, into the folder `output`."""
    from xlsync.partners.distribute import distribute as distribute_files
    return Distributed(Path(output), distribute_files(district, output, force=force, file_format=file_format))


@dataclass(frozen=True)
class Validation:
    """Each returned file checked by `validate`."""

    checks: list[FileCheck]

    @property
    def valid(self) -> bool:
        return all(check.valid for check in self.checks)

    def as_json(self, lang: str = "it") -> dict[str, Any]:
        return {"files": [check.as_json(lang) for check in self.checks]}

    def text(self, lang: str = "it") -> str:
        from xlsync.report import render_check
        return "\n".join(render_check(check, lang) for check in self.checks)


def validate_returns(files: Iterable[str | Path], district: str | Path | None = None, tolerance: int = 0) -> Validation:
    """`validate`: returned files (or folders of them) checked against the district's programme (without a
    district, against the one inside each file), changing nothing."""
    from xlsync.partners.merge import collect_inputs
    from xlsync.partners.validate import check_file
    from xlsync.workbook.reader import read_district
    files = [Path(path) for path in files]
    district = Path(district) if district else None
    programme = read_district(district).programme if district else None
    paths = collect_inputs(files, district)
    if not paths:
        raise XlsyncError.of(messages.problem("no_returns", ", ".join(map(str, files))))
    return Validation([check_file(path, programme, tolerance) for path in paths])


def count_returns(district: str | Path, inputs: Iterable[str | Path]) -> int:
    """How many files a merge of `inputs` reads (for a progress bar)."""
    from xlsync.partners.merge import collect_inputs
    return len(collect_inputs(inputs, Path(district)))


def merge_returns(district: str | Path, inputs: Iterable[str | Path], tolerance: int = 0, confirm: bool = False,
                  force: bool = False, on_file: Callable[[Path], None] | None = None) -> MergeReport:
    """`merge`: the members' returns (files or folders) merged into the district workbook."""
    from xlsync.partners.merge import merge
    return merge(district, inputs, tolerance_days=tolerance, on_file=on_file, confirm=confirm, force=force)


def sync_district(district: str | Path, inbox: str | Path, outbox: str | Path | None = None, tolerance: int = 0,
                  confirm: bool = False, force: bool = False) -> SyncReport:
    """`sync`: what is new in the inbox merged; the members' files refreshed in `outbox` when the programme changed."""
    from xlsync.partners.sync import sync
    return sync(district, inbox, outbox, tolerance_days=tolerance, confirm=confirm, force=force)


@dataclass(frozen=True)
class Updated:
    """A district given a changed programme by `update`."""

    report: UpdateReport
    read: ProgrammeRead | None  # the programme file or review given, if one was


def update_district(district: str | Path, programme: str | Path | None = None, force: bool = False) -> Updated:
    """`update`: the district given the programme of a file or review, or the edits made in its own tables."""
    from xlsync.partners.update import update
    from xlsync.programme import toml_file as programme_file
    district = Path(district)
    if programme and programme_file.is_programme_file(district) and not programme_file.is_programme_file(programme):
        raise messages.error("swapped_arguments", "", district=str(programme), programme=str(district))
    read = read_programme(programme, force) if programme else None
    return Updated(update(district, read.programme if read else None, force=force), read)


def diff_workbooks(first: str | Path, second: str | Path) -> DiffReport:
    """`diff`: what changed from one version of a member's or a district's workbook to another."""
    from xlsync.partners.diff import diff
    return diff(first, second)


# -- for the agency ------------------------------------------------------------------------------

def export_district(district: str | Path, output: str | Path, pdf: bool = False, force: bool = False) -> ExportReport:
    """`export`: the consolidated workbook the agency receives (and its PDF, through LibreOffice)."""
    from xlsync.agency.export import export
    district, output = Path(district), Path(output)
    check_output(output, force, WORKBOOK_SUFFIXES, replaceable="agenzia")
    if output.resolve() == district.resolve():
        raise XlsyncError.of(messages.problem("would_replace", output.name, kind=KINDS["distretto"]))
    return export(district, output, pdf=pdf)


@dataclass(frozen=True)
class Overview:
    """The agency's overview of several districts written by `rollup`."""

    path: Path
    rollup: Rollup

    def as_json(self) -> dict[str, Any]:
        return {"districts": [line.as_json() for line in self.rollup.lines],
                "left_out": [{"file": str(old), "later": str(new)} for old, new in self.rollup.superseded]}

    def text(self, lang: str = "it") -> str:
        lines = [say("left out", lang, old=old, new=new) for old, new in self.rollup.superseded]
        lines += [say("rollup line", lang, district=line.district, year=line.year,
                      percent=percent(line.result.value, lang),
                      verdict=say("eligible" if line.result.eligible else "not eligible", lang),
                      evidence=counted(line.evidence_rows, "evidence"), returns=counted(line.submissions, "return"))
                  for line in self.rollup.lines]
        return "\n".join([*lines, say("written overview", lang, path=self.path)])


def rollup_districts(districts: Iterable[str | Path], output: str | Path, force: bool = False) -> Overview:
    """`rollup`: the overview workbook of district or agency workbooks (or folders of them)."""
    from xlsync.agency.rollup import rollup
    districts, output = [Path(path) for path in districts], Path(output)
    check_output(output, force)
    found = [sorted(p for suffix in WORKBOOK_SUFFIXES for p in path.glob(f"*{suffix}")) if path.is_dir() else [path]
             for path in districts]
    paths = [p for group in found for p in group if not p.name.startswith((".", "~$"))
             and ".backup." not in p.name and p.resolve() != output.resolve()]
    if not paths:
        raise messages.error("no_district_workbooks", ", ".join(map(str, districts)))
    return Overview(output, rollup(paths, output))


def run_demo(out: str | Path) -> DemoResult:
    """`demo`: the year on the bundled sample, into the folder `out` (made afresh)."""
    from xlsync.demo import run_demo
    return run_demo(out)


# -- what every command that writes checks -------------------------------------------------------

def check_output(output: Path, force: bool, suffixes: tuple[str, ...] = (".xlsx",), replaceable: str | None = None) -> None:
    """A file xlsync is asked to write: with its suffix, in a folder that exists, and not one that exists
    unless `force`; with `replaceable`, never an xlsync workbook of another kind, even with `force`."""
    from xlsync.workbook.reader import read_meta
    if output.suffix.lower() not in suffixes:
        what = (" o ".join(WRITES[suffix][0] for suffix in suffixes), " or ".join(WRITES[suffix][1] for suffix in suffixes))
        raise messages.error("output_suffix", str(output), what=what,
                             suffixes=(" o ".join(suffixes), " or ".join(suffixes)))
    if not output.parent.is_dir():
        raise XlsyncError.of(messages.problem("missing_folder", str(output.parent)))
    if output.exists() and not force:
        raise messages.error("output_exists", str(output), cls=OutputExistsError)
    if output.exists() and replaceable:
        try:
            kind = read_meta(output).get("tipo")
        except XlsyncError:
            kind = None  # not an xlsync workbook: `force` says it may go
        if kind and kind != replaceable:
            raise XlsyncError.of(messages.problem("would_replace", output.name, kind=KINDS.get(kind, (kind, kind))))

