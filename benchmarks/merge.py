"""Benchmark of xlsync at province scale: every figure against its floor, in one run.

    python benchmarks/merge.py [--scale province|district] [--keep DIR] [--baseline CHECKOUT]

`--scale province` (the default) generates, in DIR when --keep is given (and reuses them there):

- a district of 1,000 members and their 1,000 returns of 200 rows (--partners, --rows);
- a province-scale district of 200 members and their 200 returns;
- a district of 40 members and their 40 returns (the manager's interactive commands);

`--scale district` only the last (a quick run). Then it times each command as a whole process
(medians of --repeat runs) beside its floor, the least any program needs to do the same:

| figure | floor |
|---|---|
| merge of all returns, its peak memory | python-calamine reading the returns' Evidenze sheets |
| a second merge with nothing new; sync with an outbox | the first merge |
| one newer return into the full district | python-calamine reading the district's Evidenze |
| status of the full district | python-calamine reading the district's Evidenze |
| import of a programme PDF (five pages) | pdfplumber reading the characters of its pages |
| export --pdf of the demo district | LibreOffice converting the same printout to PDF |
| xlsync --help, status and merge of 40 members | (absolute: interactive) |

With --baseline, each xlsync command is also run on another checkout of xlsync (its folder, put first
on PYTHONPATH), in turn with this one, and both figures are printed: a before and after that holds
when the machine's speed drifts. The merged districts of both must hold the same rows, identities
and figures (checked). With --naive, also the naive way (pandas read_excel with openpyxl, concat,
to_excel: minutes).
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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.files.safety import DISTRICT
from xlsync.partners.distribute import partner_file_name, write_partner
from xlsync.programme.model import Evidence, Member
from xlsync.programme.toml_file import fingerprint, load
from xlsync.workbook.reader import read_meta
from xlsync.workbook.writer import write_district

NAIVE = """
import sys, pandas as pd
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("*.xlsx"))
frames = [pd.read_excel(f, sheet_name="Evidenze", engine="openpyxl") for f in files]
pd.concat(frames).to_excel(sys.argv[2], index=False)
"""
CALAMINE = """
import sys, python_calamine
from pathlib import Path
path = Path(sys.argv[1])
rows = 0
for f in sorted(path.glob("*.xlsx")) if path.is_dir() else [path]:
    rows += len(python_calamine.CalamineWorkbook.from_path(str(f)).get_sheet_by_name("Evidenze").to_python())
print(rows)
"""
PDF_CHARACTERS = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    print(sum(len(page.chars) for page in pdf.pages))
"""
SAME = """
import sys, python_calamine
books = [python_calamine.CalamineWorkbook.from_path(p) for p in sys.argv[1:3]]
for name in ("Evidenze", "Riepilogo", "Voci", "Indicatori", "Scarti"):
    a, b = (book.get_sheet_by_name(name).to_python() for book in books)
    if a != b:
        sys.exit(f"{name} differs")
a, b = (book.get_sheet_by_name("Invii").to_python() for book in books)
keep = [i for i, h in enumerate(a[0]) if h not in ("Unito il", "Firma del file") and h in b[0]]
cut = lambda rows: [[r[i] for i in keep if i < len(r)] for r in rows]
keep_b = [b[0].index(a[0][i]) for i in keep]
if cut(a) != [[r[i] for i in keep_b if i < len(r)] for r in b]:
    sys.exit("Invii differs")
print("same")
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
    """A district of `partners` members (written anew) and their returns (reused when there)."""
    folder.mkdir(parents=True, exist_ok=True)
    district, inbox = folder / "distretto.xlsx", folder / "invii"
    current = fingerprint(programme_with(partners))
    # The district is always written anew (it is quick): one an earlier xlsync wrote would carry that
    # version's column widths as if a person had set them, and every merge would put them back.
    reuse = (district.exists() and inbox.is_dir() and len(list(inbox.glob("*.xlsx"))) == partners
             and read_meta(district, DISTRICT).get("impronta") == current)
    write_district(programme_with(partners), district)
    if reuse:
        return district, inbox
    shutil.rmtree(inbox, ignore_errors=True)  # made from another programme (or another count)
    inbox.mkdir(parents=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        jobs = [(partners, i, rows, str(inbox), dt.datetime(2025, 1, 20, 9, 0)) for i in range(partners)]
        list(pool.map(_write_return, jobs, chunksize=8))
    # Returns saved a while ago, as those in a manager's folder are.
    for path in inbox.iterdir():
        os.utime(path, (time.time() - 3600,) * 2)
    print(f"generated {partners} returns of {rows} rows in {time.perf_counter() - started:.1f} s", flush=True)
    return district, inbox


@dataclass
class Run:
    seconds: float
    mib: float
    output: str


def measure(command: list[str], env: dict[str, str] | None = None, before: Callable[[], None] | None = None) -> Run:
    """Wall seconds and peak memory (MiB, the largest process) of one command."""
    if before:
        before()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


class Bench:
    """Runs each figure's commands in turn (this xlsync, the baseline's, the floor), `repeat` times."""

    def __init__(self, repeat: int, baseline: Path | None):
        self.repeat = repeat
        self.sides = {"": {}} | ({"baseline": {"PYTHONPATH": str(baseline)}} if baseline else {})
        self.lines: list[tuple[str, str]] = []
        # Each side's modules compiled first, as an installed package's are: no run pays for it.
        for env in self.sides.values():
            subprocess.run([sys.executable, "-P", "-c", "import compileall, os, xlsync; "
                            "compileall.compile_dir(os.path.dirname(xlsync.__file__), quiet=1)"],
                           env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": ""}, check=True)

    def xlsync(self, *args: str) -> list[str]:
        # -P: the current folder is not put before PYTHONPATH, so a run from inside a checkout still
        # times the baseline's xlsync on the baseline's side.
        return [sys.executable, "-P", "-m", "xlsync", *map(str, args)]

    def time(self, name: str, command: list, before: Callable[[str], None] | None = None,
             floor: list[str] | None = None, floor_name: str = "", goal: str = "",
             ratio: Callable[[float, float], float] | None = None, targets: dict[str, Path] | None = None
             ) -> dict[str, Run]:
        """The median of each side's runs (and the floor's), taken in turn; printed at the end. "{target}"
        in the command is the side's own file (`targets`)."""
        runs: dict[str, list[Run]] = {side: [] for side in self.sides} | ({"floor": []} if floor else {})
        for _ in range(self.repeat):
            for side, env in self.sides.items():
                own = [str(part).replace("{target}", str((targets or {}).get(side, ""))) for part in command]
                runs[side].append(measure(own, env, (lambda side=side: before(side)) if before else None))
            if floor:
                runs["floor"].append(measure(floor))
        median = {side: Run(statistics.median(r.seconds for r in found), max(r.mib for r in found), found[-1].output)
                  for side, found in runs.items()}
        for side in self.sides:
            label = f"{name} ({side})" if side else name
            figure = f"{median[side].seconds:7.2f} s  {median[side].mib:6.0f} MiB"
            if floor:
                value = (ratio or (lambda a, b: a / b))(median[side].seconds, median["floor"].seconds)
                figure += f"  {value:6.2f} × floor" if ratio is None else f"  {value:+6.2f} s over floor"
            self.lines.append((label, figure + (f"   (goal {goal})" if goal and not side else "")))
        if floor:
            self.lines.append((f"  floor: {floor_name}", f"{median['floor'].seconds:7.2f} s  {median['floor'].mib:6.0f} MiB"))
        return median

    def note(self, label: str, text: str) -> None:
        self.lines.append((label, text))


def bench_returns(bench: Bench, folder: Path, partners: int, rows: int, full: bool, naive: bool) -> None:
    """Merge, merge again, sync, a newer return and status on a district of `partners` returns."""
    district, inbox = prepare(folder, partners, rows)
    work = folder / "lavoro"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    target = {side: work / f"distretto{'-' + side if side else ''}.xlsx" for side in bench.sides}
    scale = f"{partners} returns × {rows} rows"
    first = bench.time(f"merge, {scale}", bench.xlsync("merge", "{target}", inbox),
                       before=lambda side: shutil.copy(district, target[side]),
                       floor=[sys.executable, "-c", CALAMINE, str(inbox)], floor_name="calamine, the returns' Evidenze",
                       goal="≤ 2.0 × floor, ≤ 0.5 GiB" if full else "", targets=target)
    if len(bench.sides) > 1:
        same = subprocess.run([sys.executable, "-c", SAME, *target.values()], capture_output=True, text=True)
        bench.note("  merged districts, both sides", (same.stdout or same.stderr).strip())
    again = bench.time(f"second merge, nothing new, {scale}", bench.xlsync("merge", "{target}", inbox), targets=target)
    for side in bench.sides:
        bench.note(f"  second / first merge{' (' + side + ')' if side else ''}",
                   f"{again[side].seconds / first[side].seconds:7.3f}" + ("   (goal ≤ 0.05)" if full and not side else ""))
    bench.time(f"sync --outbox, nothing new, {scale}",
               bench.xlsync("sync", "{target}", "--inbox", inbox, "--outbox", work / "da-inviare"), targets=target)
    if not full:
        bench.time(f"status, {partners} members", bench.xlsync("status", "{target}"),
                   goal="< 0.5 s" if partners <= 40 else "", targets=target)
        return
    newer = work / "nuovo"  # one partner sends a newer return: merged into the full district
    newer.mkdir()
    _write_return((partners, 0, rows + 1, str(newer), dt.datetime(2025, 2, 1, 9, 0)))
    kept = {side: work / f"pieno{side}.xlsx" for side in bench.sides}
    for side in bench.sides:
        shutil.copy(target[side], kept[side])
    bench.time(f"one newer return into {partners * rows:,} rows", bench.xlsync("merge", "{target}", newer),
               before=lambda side: shutil.copy(kept[side], target[side]),
               floor=[sys.executable, "-c", CALAMINE, str(kept[""])], floor_name="calamine, the district's Evidenze",
               goal="≤ 1.0 s", targets=target)
    bench.time(f"status, {partners * rows:,} rows", bench.xlsync("status", "{target}"),
               floor=[sys.executable, "-c", CALAMINE, str(kept[""])], floor_name="calamine, the district's Evidenze",
               goal="≤ 1.0 s", targets=target)
    if naive:
        bench.time("naive pandas (openpyxl)", [sys.executable, "-c", NAIVE, str(inbox), str(work / "naive.xlsx")])


def bench_documents(bench: Bench, folder: Path) -> None:
    """import of a programme PDF, export --pdf of the demo district."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import published_corpus  # the tests' A4 layout of a published programme

    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "programma.pdf"
    if not pdf.exists():
        published_corpus.pdf(pdf, sample_path("programma-2024-alta-valsugana.txt").read_text(encoding="utf-8"))
    output = folder / "programma.toml"
    bench.time("import of the programme PDF", bench.xlsync("import", pdf, "-o", output),
               before=lambda _: output.unlink(missing_ok=True),
               floor=[sys.executable, "-c", PDF_CHARACTERS, str(pdf)], floor_name="pdfplumber, the pages' characters",
               goal="≤ 1.0 s")
    from xlsync.libreoffice.soffice import soffice

    if soffice() is None:
        bench.note("export --pdf", "not measured: LibreOffice is not installed")
        return
    from xlsync.agency.export import PDF_A
    from xlsync.demo import run_demo
    from xlsync.workbook.reader import read_district
    from xlsync.workbook.writer import WorkbookContent, write_workbook

    demo = folder / "demo"
    found = [path for path in demo.glob("distretto-*.xlsx") if ".backup" not in path.name]
    if found:
        district = found[0]
    else:
        shutil.rmtree(demo, ignore_errors=True)
        district = run_demo(demo).district_file
    current = read_district(district)
    printout = folder / "stampa" / "agenzia.xlsx"  # what export gives LibreOffice to print
    printout.parent.mkdir(exist_ok=True)
    write_workbook(WorkbookContent(current.programme, current.evidence, dict(current.assessments),
                                   submissions=current.submissions, rejects=current.rejects, agency=True,
                                   print_only=True), printout)
    converted = folder / "convertito"
    libreoffice = [sys.executable, "-c", "import sys; from pathlib import Path; from xlsync.libreoffice.soffice import "
                   f"convert; convert(Path(sys.argv[1]), {PDF_A!r}, Path(sys.argv[2]))", str(printout), str(converted)]
    agency = folder / "agenzia.xlsx"
    bench.time("export --pdf of the demo district", bench.xlsync("export", district, "-o", agency, "--pdf", "--force"),
               floor=libreoffice, floor_name="LibreOffice converting the printout", goal="≤ floor + 0.5 s",
               ratio=lambda a, b: a - b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=("province", "district"), default="province")
    parser.add_argument("--partners", type=int, default=1000, help="returns of the largest district")
    parser.add_argument("--rows", type=int, default=200, help="rows of each return")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated files in this folder")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--baseline", type=Path, help="another checkout of xlsync to run beside this one")
    parser.add_argument("--naive", action="store_true", help="also the naive way with pandas (minutes)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="xlsync-bench-"))
    bench = Bench(args.repeat, args.baseline.resolve() if args.baseline else None)
    bench.time("xlsync --help", bench.xlsync("--help"), goal="< 0.5 s")
    bench_returns(bench, folder / "40", 40, args.rows, full=False, naive=False)
    if args.scale == "province":
        bench_returns(bench, folder / "200", 200, args.rows, full=False, naive=False)
        bench_returns(bench, folder / str(args.partners), args.partners, args.rows, full=True, naive=args.naive)
    bench_documents(bench, folder / "documenti")

    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; medians of {args.repeat} runs")
    width = max(len(label) for label, _ in bench.lines)
    for label, figure in bench.lines:
        print(f"  {label:<{width}}  {figure}")
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
