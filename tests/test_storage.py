"""The district file under stress: merges killed at any moment, merges racing each other."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.partners.distribute import write_partner
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_workbook
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))


def returns(folder: Path, member_index: int, count: int, rows: int = 40) -> Path:
    """`count` successive returns of one member, each with `rows` rows, each changing the first."""
    folder.mkdir(parents=True, exist_ok=True)
    member = PROGRAMME.members[member_index]
    for version in range(count):
        evidence = [Evidence(code="3.1.a", date=dt.date(2024, 1 + n % 12, 1 + n % 28),
                             description=f"Incontro {n}" + (f" (versione {version})" if n == 0 else ""))
                    for n in range(rows)]
        write_partner(PROGRAMME, member, folder / f"{member.display_name}-{version:02d}.xlsx", evidence,
                      saved=dt.datetime(2025, 1, 1) + dt.timedelta(hours=version))
    return folder


def merge_command(district: Path, *inputs: Path) -> list[str]:
    return [sys.executable, "-m", "xlsync", "merge", str(district), *map(str, inputs)]


def evidence_of(district: Path) -> tuple:
    return read_workbook(district).evidence


def test_a_merge_killed_at_any_moment_leaves_the_old_file_or_the_new_one(tmp_path):
    inbox = returns(tmp_path / "invii", 4, 12)
    original = tmp_path / "originale.xlsx"
    write_district(PROGRAMME, original)
    finished = tmp_path / "finito.xlsx"
    shutil.copy(original, finished)
    started = time.monotonic()
    subprocess.run(merge_command(finished, inbox), check=True, capture_output=True)
    duration = time.monotonic() - started
    old, new = evidence_of(original), evidence_of(finished)
    assert old != new
    outcomes, sessions = set(), []
    for step in range(10):
        district = tmp_path / f"distretto-{step}.xlsx"
        shutil.copy(original, district)
        process = subprocess.Popen(merge_command(district, inbox), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)  # its workers share its session, and nothing else does
        sessions.append(process.pid)
        time.sleep(duration * step / 6)  # from at once to well after the end
        process.kill()  # kill -9
        process.wait()
        now = evidence_of(district)  # always a whole workbook
        assert now in (old, new)
        outcomes.add("new" if now == new else "old")
        # the killed merge's lock does not block the next one
        completed = subprocess.run(merge_command(district, inbox), capture_output=True, text=True)
        assert completed.returncode == 0, completed.stdout + completed.stderr
        assert evidence_of(district) == new
        # a half-written temporary file of the killed merge is cleared by the next one
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".distretto-{step}-")] == []
    assert outcomes == {"old", "new"}
    # the worker processes of the killed merges did not outlive them
    deadline = time.monotonic() + 5
    while any(_in_session(session) for session in sessions) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for session in sessions for pid in _in_session(session)] == []


@pytest.mark.parametrize("attempt", range(3))
def test_two_merges_at_once_never_interleave(tmp_path, attempt):
    district = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, district)
    soste, cs4 = returns(tmp_path / "soste", 4, 6), returns(tmp_path / "cs4", 0, 6)
    first = subprocess.Popen(merge_command(district, soste), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(merge_command(district, cs4), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = {"Soste": first.communicate(), "CS4": second.communicate()}
    codes = {"Soste": first.returncode, "CS4": second.returncode}
    partners = {e.partner for e in evidence_of(district)}
    for name, (_, err) in results.items():
        if codes[name] == 0:
            assert name in partners  # a merge that reports success has its rows in the file
        else:
            assert "un'altra unione su questo file è in corso" in err
            assert name not in partners
    assert 0 in codes.values()


def test_ctrl_c_during_a_merge_with_worker_processes_prints_one_line_and_leaves_the_file_whole(tmp_path):
    """Ctrl+C reaches every process of the terminal's group: the workers leave it to the merge."""
    inbox = tmp_path / "invii"
    for member in range(6):  # twelve returns: read by worker processes
        returns(inbox, member, 2)
    district = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, district)
    old = evidence_of(district)
    process = subprocess.Popen(merge_command(district, inbox), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    time.sleep(2.0)  # the workers are reading
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in err + out
    if process.returncode == 130:
        assert err == "Interrotto: nessun file è rimasto cambiato a metà.\n"
        assert evidence_of(district) == old
    else:  # the merge had finished
        assert process.returncode == 0
    deadline = time.monotonic() + 5
    while _in_session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _in_session(process.pid) == []  # no worker outlived the merge


def _in_session(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session:  # the fields after the name: state, ppid, pgrp, session
                found.append(int(entry.name))
    return found
