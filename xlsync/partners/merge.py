"""Merging partner returns into the district workbook: the files, the lock, the writing.

The rules (which rows match, what is removed, held back or rejected) are in `rules`, the reading
and checking of the returns (in worker processes when there are many) in `intake`; this module
finds what is new, holds the district file while it is merged, keeps its earlier versions and
writes it in one step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlsync import messages
from xlsync.errors import Problem
from xlsync.files import storage
from xlsync.partners.conflicts import settle
from xlsync.partners.rules import Counts, FileOutcome, MergeState, already_merged
from xlsync.programme.model import Submission
from xlsync.scoring.engine import ProgrammeResult
from xlsync.vocabulary import layout
from xlsync.workbook.bulk import no_cycle_collection
from xlsync.workbook.reader import read_district, read_ledger

if TYPE_CHECKING:
    from xlsync.partners.rules import Return
    from xlsync.workbook.writer import WorkbookContent

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")


@dataclass(frozen=True)
class MergeReport:
    district: Path
    files: tuple[FileOutcome, ...]
    written: bool  # False: the district file is byte for byte as it was
    backup: Path | None
    result: ProgrammeResult | None  # the realisation after the merge, when it was written
    notes: tuple[Problem, ...] = ()  # about the district itself (provenance columns rebuilt, choices not applied)
    open_conflicts: int = 0  # rows in Conflitti still waiting for the manager's choice (when the district was read)

    @property
    def totals(self) -> Counts:
        total = Counts()
        for outcome in self.files:
            total += outcome.counts
        return total

    @property
    def clean(self) -> bool:
        """Nothing in this run asks the manager to look: no row rejected or in conflict, no file held, refused or
        skipped."""
        return not any(outcome.needs_attention for outcome in self.files)

    def as_json(self) -> dict[str, Any]:
        return {"files": [outcome.as_json() for outcome in self.files], "totals": self.totals.as_json(),
                "written": self.written, "notes": [note.text() for note in self.notes],
                "open_conflicts": self.open_conflicts}


def collect_inputs(paths: Iterable[str | Path], district: Path | None = None) -> list[Path]:
    """Files named, and workbook and CSV files inside folders named (a CSV is then reported, not
    passed over), without the district file and its backups."""
    own = {district.resolve(), *(path.resolve() for path in storage.backups(district))} if district else set()
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in (*INPUT_SUFFIXES, ".csv"))
        elif path.resolve() in own:
            raise messages.error("input_is_district", path.name)
        else:
            found.append(path)
    # Hidden files are lock files and half-written temporary files, never returns.
    return [p for p in dict.fromkeys(found) if p.resolve() not in own and not p.name.startswith(("~$", "."))]


def merge(district: str | Path, inputs: Iterable[str | Path], *, tolerance_days: int = 0,
          now: dt.datetime | None = None, on_file: Callable[[Path], None] | None = None,
          confirm: bool = False, force: bool = False) -> MergeReport:
    """Merge partner returns (files or folders) into the district workbook.

    `confirm`: also apply the returns the rules hold back (see `rules`); the rows they remove go to Scarti.
    `force`: write even if something made by hand in the district cannot be kept.
    """
    with no_cycle_collection():
        return _merge(Path(district), inputs, tolerance_days, now, on_file, confirm, force)


def _merge(district: Path, inputs: Iterable[str | Path], tolerance_days: int, now: dt.datetime | None,
           on_file: Callable[[Path], None] | None, confirm: bool, force: bool) -> MergeReport:
    files = collect_inputs(inputs, district)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    with storage.exclusive(district):
        ledger, chosen = read_ledger(district)
        known_files = {s.content_hash: s for s in ledger if s.content_hash}
        digests, stamps = _digests(files, ledger)
        fresh = [path for path in files if digests[path] not in known_files]
        already = [already_merged(path, known_files[digests[path]]) for path in files if digests[path] in known_files]
        if on_file:
            for path in files:
                if digests[path] in known_files:
                    on_file(path)
        if not fresh and not chosen:  # nothing new, no choice to apply: the district is not even read
            return MergeReport(district, tuple(already), False, None, None)
        current = read_district(district)
        programme = current.programme
        returns = inspect_all([(path, digests[path]) for path in fresh], programme, tolerance_days, current.versions,
                              on_file)
        state = MergeState(current.evidence, current.rejects, current.submissions, programme.members,
                           f"{district.name} › Evidenze", current.bases, current.conflicts)
        settled = settle(state, f"{district.name} › {layout.CONFLICTS}")  # the manager's choices, before any return
        outcomes = already + state.take_all(returns, now, confirm)
        notes = (*current.notes, *state.repairs, *settled)  # about the district itself: sheets renamed, rebuilt
        if not state.changed:
            return MergeReport(district, tuple(outcomes), False, None, None, tuple(notes), len(state.conflicts))
        from xlsync.workbook.writer import WorkbookContent  # here: a merge with nothing new writes nothing

        content = WorkbookContent(
            programme, state.evidence(), dict(current.assessments), submissions=_stamped(state.submissions, stamps),
            rejects=tuple(state.all_rejects), keep_from=current, history=current.history(programme),
            rendered=state.rendered, force=force, conflicts=tuple(state.conflicts), bases=tuple(state.bases))
        result = write_workbook(content, district)
    return MergeReport(district, tuple(outcomes), True, storage.backups(district)[0], result, tuple(notes),
                       len(state.conflicts))


# The layers a merge runs only when there is something new, imported then: a merge (or a sync) with
# nothing new starts in a fraction of the time.
def inspect_all(files: list[tuple[Path, str]], programme, tolerance_days: int, versions: set[str],
                on_file: Callable[[Path], None] | None) -> list[Return]:
    from xlsync.partners import intake

    return intake.inspect_all(files, programme, tolerance_days, versions, on_file)


def write_workbook(content: WorkbookContent, path: Path) -> ProgrammeResult:
    from xlsync.workbook import writer

    return writer.write_workbook(content, path)


def _digests(paths: list[Path], ledger: Iterable[Submission]) -> tuple[dict[Path, str], dict[tuple[str, str], str]]:
    """Each file's content hash, and its stamp to record (`Submission.file_stamp`) by (file name, hash).

    A file whose name, size and modification time are those the ledger recorded, modified well before
    it was merged, is the file merged then, and is not read again; the others are hashed two at a time
    (reading and hashing let other threads run)."""
    recorded = {(s.file, s.file_stamp): s for s in ledger if s.file_stamp and s.content_hash}
    digests: dict[Path, str] = {}
    unknown = []
    for path in paths:
        try:
            found = path.stat()
        except OSError:
            found = None
        if found is None or not stat.S_ISREG(found.st_mode):  # a pipe or a device: never read
            digests[path] = ""
            continue
        stamp = f"{found.st_size}:{found.st_mtime_ns}"
        record = recorded.get((path.name, stamp))
        # Changed again within a tick of the file system's clock, a file keeps its size and time: a time
        # that close to its merge proves nothing.
        if record and record.merged and found.st_mtime_ns < (record.merged.timestamp() - _TICK_S) * 1e9:
            digests[path] = record.content_hash
        else:
            unknown.append((path, stamp))
    stamps: dict[tuple[str, str], str] = {}
    with ThreadPoolExecutor(2) as pool:
        for (path, stamp), digest in zip(unknown, pool.map(_digest, [path for path, _ in unknown]), strict=True):
            digests[path] = digest
            if digest:
                stamps[path.name, digest] = stamp
    return digests, stamps


_TICK_S = 3  # seconds: the coarsest clock of a file system in use (FAT: 2 s)


def _stamped(submissions: Iterable[Submission], stamps: dict[tuple[str, str], str]) -> tuple[Submission, ...]:
    """The ledger with the stamp of each file read in this run."""
    return tuple(replace(item, file_stamp=stamps[item.file, item.content_hash])
                 if not item.file_stamp and (item.file, item.content_hash) in stamps else item for item in submissions)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
