"""Benchmark of `xlsync merge` against the naive way and the reading floor.

    python benchmarks/merge.py --partners 1000 --rows 200 [--keep DIR]

Generates a district workbook whose programme has N member organisations and N partner returns
of R evidence rows each (kept in DIR as distretto.xlsx and invii/ when --keep is given; the returns
are reused when they are already there, so delete them after changing what a partner's file holds),
then times, each in its own process:

- xlsync merge of all returns (the whole command);
- the naive way: pandas read_excel with openpyxl for every file, concat, to_excel;
- the floor: reading the same files' Evidenze sheet with python-calamine, nothing else;
- a second xlsync merge with nothing new, and xlsync sync with an outbox with nothing new;
- the whole xlsync merge command on a district of 40 returns;

and prints each figure (seconds, peak memory) and the ratios the targets are stated in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import partner_file_name, write_partner
from xlsync.programme.model import Evidence, Member
from xlsync.programme.toml_file import fingerprint, load
from xlsync.workbook.reader import read_meta
from xlsync.workbook.safety import DISTRICT
from xlsync.workbook.writer import write_district

NAIVE = """
import sys, pandas as pd
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))
frames = [pd.read_excel(f, sheet_name="Evidenze", engine="openpyxl") for f in files]
pd.concat(frames).to_excel(sys.argv[2], index=False)
"""
FLOOR = """
import sys, python_calamine
from pathlib import Path
sheets = sys.argv[2].split(",")
rows = 0
for f in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    book = python_calamine.CalamineWorkbook.from_path(str(f))
    for sheet in sheets:
        rows += len(book.get_sheet_by_name(sheet).to_python())
print(rows)
"""


def programme_with(partners: int):
    base = load(sample_path(SAMPLE_PROGRAMME))
    members = tuple(Member(f"ORGANIZZAZIONE DI PROVA {n:04d} S.R.L.", f"Org {n:04d}", dt.date(2022, 7, 15))
                    for n in range(1, partners + 1))
    return replace(base, members=members)


def _write_return(job: tuple) -> None:
    partners, index, rows, folder, saved = job
    programme = programme_with(partners)
    member = programme.members[index]
    codes = [line.code for line in programme.lines]
    evidence = [Evidence(code=codes[(index + n) % len(codes)], date=dt.date(2024, 1 + n % 12, 1 + n % 28),
                         description=f"Evidenza {n} di {member.display_name}", quantity=1 + n % 3,
                         organisations=member.name, people="Referente", document=f"doc-{n}.pdf")
                for n in range(rows)]
    write_partner(programme, member, Path(folder) / partner_file_name(programme, member), evidence, saved=saved)


def prepare(folder: Path, partners: int, rows: int) -> tuple[Path, Path]:
    district, inbox = folder / "distretto.xlsx", folder / "invii"
    current = fingerprint(programme_with(partners))
    # The district is always written anew (it is quick): one an earlier xlsync wrote would carry that
    # version's column widths as if a person had set them, and every merge would put them back.
    reuse = (district.exists() and inbox.is_dir() and len(list(inbox.glob("*.xlsx"))) == partners
             and read_meta(district, DISTRICT).get("impronta") == current)
    write_district(programme_with(partners), district)
    if reuse:
        print(f"reusing {partners} returns in {inbox}")
        return district, inbox
    shutil.rmtree(inbox, ignore_errors=True)  # made from another programme (or another count)
    inbox.mkdir(parents=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        jobs = [(partners, i, rows, str(inbox), dt.datetime(2025, 1, 20, 9, 0)) for i in range(partners)]
        list(pool.map(_write_return, jobs, chunksize=8))
    print(f"generated the district and {partners} returns of {rows} rows in {time.perf_counter() - started:.1f} s")
    return district, inbox


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MiB) of one process."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated files in this folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the merge and of the floor (median)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="xlsync-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    district, inbox = prepare(folder, args.partners, args.rows)
    work = folder / "lavoro"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    xlsync = [sys.executable, "-m", "xlsync", "merge"]

    target = work / "distretto.xlsx"
    merges = []
    for _ in range(args.repeat):  # machines here are noisy: the median of a few runs
        shutil.copy(district, target)
        merges.append(measure(xlsync + [str(target), str(inbox)]))
    merge_s, merge_mb = statistics.median(m[0] for m in merges), max(m[1] for m in merges)
    output = merges[-1][2]
    print(output.strip().splitlines()[-3] if output.strip() else "")
    again_s, again_mb, _ = measure(xlsync + [str(target), str(inbox)])
    sync_s, _, _ = measure([sys.executable, "-m", "xlsync", "sync", str(target), "--inbox", str(inbox),
                            "--outbox", str(work / "da-inviare")])
    newer = work / "nuovo"  # one partner sends a newer return: merged into the full district
    newer.mkdir()
    _write_return((args.partners, 0, args.rows + 1, str(newer), dt.datetime(2025, 2, 1, 9, 0)))
    one_s, one_mb, _ = measure(xlsync + [str(target), str(newer)])
    naive_s, naive_mb, _ = measure([sys.executable, "-c", NAIVE, str(inbox), str(work / "naive.xlsx")])
    floors = [measure([sys.executable, "-c", FLOOR, str(inbox), "Evidenze"]) for _ in range(args.repeat)]
    floor_s, floor_mb = statistics.median(f[0] for f in floors), max(f[1] for f in floors)
    # what a return is checked on: its evidence, its stamp, its percentages, the name on its summary
    needed_s = statistics.median(measure([sys.executable, "-c", FLOOR, str(inbox), "Evidenze,xlsync,Voci,Riepilogo"])[0]
                                 for _ in range(args.repeat))
    small = work / "piccolo"
    small.mkdir()
    for path in sorted(inbox.glob("*.xlsx"))[:40]:
        shutil.copy(path, small / path.name)
    small_district = work / "distretto-40.xlsx"
    shutil.copy(district, small_district)
    small_s, _, _ = measure(xlsync + [str(small_district), str(small)])

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"{args.partners} returns × {args.rows} rows (medians of {args.repeat} runs)")
    print(f"  xlsync merge                 {merge_s:8.2f} s   peak {merge_mb:7.0f} MiB")
    print(f"  naive pandas (openpyxl)      {naive_s:8.2f} s   peak {naive_mb:7.0f} MiB")
    print(f"  calamine read floor          {floor_s:8.2f} s   peak {floor_mb:7.0f} MiB   (Evidenze only)")
    print(f"  calamine, the sheets checked {needed_s:8.2f} s                  (Evidenze, xlsync, Voci, Riepilogo)")
    print(f"  second merge, nothing new    {again_s:8.2f} s   peak {again_mb:7.0f} MiB")
    print(f"  sync --outbox, nothing new   {sync_s:8.2f} s")
    print(f"  one newer return, then       {one_s:8.2f} s   peak {one_mb:7.0f} MiB")
    print(f"  40 returns, whole command    {small_s:8.2f} s")
    print("ratios (target)")
    print(f"  merge / naive                {merge_s / naive_s:8.2f}   (≤ 1.0)")
    print(f"  merge / floor                {merge_s / floor_s:8.2f}   (≤ 3)")
    print(f"  merge / sheets checked       {merge_s / needed_s:8.2f}")
    print(f"  second / first merge         {again_s / merge_s:8.2f}   (≤ 0.10)")
    print(f"  sync, nothing new / merge    {sync_s / merge_s:8.2f}")
    print(f"  peak memory of merge         {merge_mb / 1024:8.2f} GiB (≤ 1)")
    print(f"  40 returns                   {small_s:8.2f} s (< 2)")
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
