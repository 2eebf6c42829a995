"""Merging partner returns into the district workbook: the files, the lock, the worker processes.

The rules (which rows match, what is removed, held back or rejected) are in `rules`; this module
reads the returns (in worker processes when there are many), holds the district file while it is
merged, keeps its earlier versions and writes it in one step.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsync import messages
from xlsync.errors import Problem
from xlsync.partners import rules
from xlsync.partners.rules import (
    Counts,
    FileOutcome,
    MergeState,
    RejectedRow,
    Return,
    ReturnRow,
    already_merged,
    content_values,
)
from xlsync.partners.validate import check_file
from xlsync.scoring.engine import ProgrammeResult
from xlsync.workbook import storage
from xlsync.workbook.bulk import no_cycle_collection
from xlsync.workbook.reader import read_district, read_ledger, saved_at
from xlsync.workbook.rows import Cells, render_rows
from xlsync.workbook.writer import WorkbookContent, write_workbook

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")
_NOT_RETURNS = {"distretto": ("la cartella di lavoro di un distretto", "a district workbook"),
                "agenzia": ("la cartella per l'Agenzia (xlsync export)", "the agency's workbook (xlsync export)")}


@dataclass(frozen=True)
class MergeReport:
    district: Path
    files: tuple[FileOutcome, ...]
    written: bool  # False: the district file is byte for byte as it was
    backup: Path | None
    result: ProgrammeResult | None  # the realisation after the merge, when it was written
    notes: tuple[Problem, ...] = ()  # about the district itself (provenance columns rebuilt)

    @property
    def totals(self) -> Counts:
        total = Counts()
        for outcome in self.files:
            total += outcome.counts
        return total

    @property
    def clean(self) -> bool:
        """Nothing in this run asks the manager to look: no row rejected, no file held, refused or skipped."""
        return not any(outcome.needs_attention for outcome in self.files)

    def as_json(self) -> dict[str, Any]:
        return {"files": [outcome.as_json() for outcome in self.files], "totals": self.totals.as_json(),
                "written": self.written, "notes": [note.text() for note in self.notes]}


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
        ledger = read_ledger(district)
        known_files = {s.content_hash: s for s in ledger if s.content_hash}
        digests = _digests(files)
        fresh = [path for path in files if digests[path] not in known_files]
        already = [already_merged(path, known_files[digests[path]]) for path in files if digests[path] in known_files]
        if on_file:
            for path in files:
                if digests[path] in known_files:
                    on_file(path)
        if not fresh:  # nothing new: the district is not even read
            return MergeReport(district, tuple(already), False, None, None)
        current = read_district(district)
        programme = current.programme
        returns = _inspect_all([(path, digests[path]) for path in fresh], programme, tolerance_days, current.versions,
                               on_file)
        state = MergeState(current.evidence, current.rejects, current.submissions, programme.members,
                           f"{district.name} › Evidenze")
        outcomes = already + state.take_all(returns, now, confirm)
        if not state.changed:
            return MergeReport(district, tuple(outcomes), False, None, None, tuple(state.repairs))
        content = WorkbookContent(
            programme, state.evidence(), dict(current.assessments), submissions=tuple(state.submissions),
            rejects=tuple(state.all_rejects), keep_from=current, history=current.history(programme),
            rendered=state.rendered, force=force)
        result = write_workbook(content, district)
    return MergeReport(district, tuple(outcomes), True, storage.backups(district)[0], result, tuple(state.repairs))


def _inspect(path: Path, content_hash: str, programme, tolerance_days: int, versions: set[str], cells: Cells) -> Return:
    """Read and check one return; whatever goes wrong with it is its own outcome, never the others'. `cells`
    renders its rows (the cells of the values returns share, made once)."""
    try:
        return _inspect_file(path, content_hash, programme, tolerance_days, versions, cells)
    except Exception as exc:  # a damaged file no check foresaw: one file, not the whole merge
        problem = messages.problem("unexpected", path.name, detail=f"{type(exc).__name__}: {exc}")
        return Return(path, None, None, "", False, False, (), (), (problem,), (problem,), content_hash)


def _inspect_file(path: Path, content_hash: str, programme, tolerance_days: int, versions: set[str],
                  cells: Cells) -> Return:
    check = check_file(path, programme, tolerance_days, versions)
    if check.workbook is None:
        return Return(path, None, None, "", False, False, (), (), check.file_problems, check.file_problems,
                      content_hash)
    # When the file itself says it was saved (an .xls does not: its file date is when it was downloaded).
    saved = saved_at(path)
    meta = check.workbook.meta
    kind = meta.get("tipo")
    skip, untouched = None, False
    if kind in _NOT_RETURNS:
        skip = messages.problem("not_a_return", path.name, kind=_NOT_RETURNS[kind])
    elif meta.get("righe") and meta["righe"] == rules.rows_key(map(content_values, check.workbook.evidence)):
        skip, untouched = messages.problem("untouched", path.name, partner=meta.get("partner", "?")), True
    trusted = check.readable and skip is None
    taken, rejected = [], []
    if trusted:
        prefix = rules.id_prefix(check.partner)
    for original, checked in zip(check.workbook.evidence, check.rows, strict=True):
        if trusted and checked.ok:
            row_id = rules.row_id(prefix, rules.row_seed(check.partner, content_hash, original.row))
            taken.append((content_values(checked.evidence), original.row, checked.evidence.extra, row_id))
        else:
            why = "" if not trusted else rules.reason(checked.problems)
            rejected.append(RejectedRow(original.row, content_values(original), why))
    # The identity each row gets if it is new, and the row as the district will hold it, made here
    # (in parallel) for the merge to take as they are.
    name = check.partner.display_name if trusted else ""
    xml = render_rows([(*values, name, path.name, saved, row, row_id) for values, row, _, row_id in taken], cells)
    rows = [ReturnRow(*row, cells) for row, cells in zip(taken, xml, strict=True)]
    return Return(path, saved, check.partner, meta.get("partner") or "?", True, trusted, tuple(rows), tuple(rejected),
                  check.file_problems, check.problems, content_hash, made_from=meta.get("impronta", ""),
                  skip=skip, untouched=untouched)


# Reading and checking many returns uses every core: the work is per file and independent.
PARALLEL_FROM = 8


def _inspect_all(files: list[tuple[Path, str]], programme, tolerance_days: int, versions: set[str],
                 on_file: Callable[[Path], None] | None) -> list[Return]:
    """Check each (file, its content hash)."""
    workers = min(os.cpu_count() or 1, 8)
    # Workers start with sys.executable: inside LibreOffice (which runs the extension's commands in its
    # own process, its Python-UNO bridge loaded) that is no Python of this process, or none at all.
    embedded = "pyuno" in sys.modules
    if len(files) < PARALLEL_FROM or workers < 2 or embedded:
        found, cells = [], Cells()
        for path, content_hash in files:
            found.append(_inspect(path, content_hash, programme, tolerance_days, versions, cells))
            if on_file:
                on_file(path)
        return found
    chunk = max(1, min(16, len(files) // (workers * 8)))  # small: no worker idles long at the end
    # Fresh worker processes ("spawn"): a forked one would inherit the district's lock and keep it
    # if this process were killed; each also quits when its parent is gone.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(programme, tolerance_days, versions, os.getpid()))
    finished = False
    try:
        with _ctrl_c_ignored():  # the workers start as files are handed out, and keep this from their first moment
            results = pool.map(_inspect_in_worker, files, chunksize=chunk)
        found = []
        for item in results:
            found.append(item)
            if on_file:
                on_file(item.path)
        finished = True
        return found
    finally:  # stopped (Ctrl+C): the files not yet read are not started
        pool.shutdown(wait=finished, cancel_futures=True)


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """A terminal sends Ctrl+C to every process: the workers leave it to the merge, which alone answers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_WORKER: dict[str, Any] = {}


def _start_worker(programme, tolerance_days: int, versions: set[str], parent: int) -> None:
    _WORKER.update(programme=programme, tolerance_days=tolerance_days, versions=versions, cells=Cells())
    gc.disable()  # as in the merge (`bulk.no_cycle_collection`): a file's objects go when it is done
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the merge's to handle, not each worker's

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # the merge that started this worker was killed

    threading.Thread(target=watch, daemon=True).start()


def _inspect_in_worker(file: tuple[Path, str]) -> Return:
    return _inspect(*file, _WORKER["programme"], _WORKER["tolerance_days"], _WORKER["versions"], _WORKER["cells"])


def _digests(paths: list[Path]) -> dict[Path, str]:
    """Each file's content hash, two at a time (reading and hashing let other threads run)."""
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(paths, pool.map(_digest, paths), strict=True))


def _digest(path: Path) -> str:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or a device: never read
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
