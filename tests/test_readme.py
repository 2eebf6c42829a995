"""The README tells the truth: its session is real output, its set-up commands are what CI runs."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import xlsync
from xlsync.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def session_steps() -> list[tuple[str, str]]:
    block = re.search(r"```console\n(.*?)```", README, re.S).group(1)
    steps = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, output = chunk.partition("\n")
        steps.append((command, output))
    return steps


def masked(text: str) -> str:
    """The output without the moment it was produced (merges report when a file was merged)."""
    return re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", "GG/MM/AAAA hh:mm", text)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the session's sync writes Soste's refreshed file as .ods")
def test_the_session_is_real(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    steps = session_steps()
    assert [command.split()[1] for command, _ in steps] == [
        "import", "new", "distribute", "validate", "merge", "merge", "merge", "update", "sync", "diff", "sync",
        "status", "export", "rollup", "status"]
    for command, expected in steps:
        words = shlex.split(command)
        assert words[0] == "xlsync"
        result = CliRunner().invoke(cli, words[1:])
        assert masked(result.output) == masked(expected), command


def one_liners() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv .*)\n```", README)


def test_the_two_set_up_commands_and_ci_runs_the_test_one():
    demo, tests = one_liners()
    assert demo.endswith("&& .venv/bin/xlsync demo")
    assert tests.endswith("&& .venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


COMMANDS = {name: command for name, command in cli.commands.items()} | {
    f"{group} {name}": command for group, commands in cli.commands.items()
    for name, command in getattr(commands, "commands", {}).items()}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_documented(name):
    command = COMMANDS[name]
    assert command.help and command.help.strip()
    assert f"`xlsync {name}" in README
    if getattr(command, "alias", None):  # its Italian name, in the Commands table
        italian = " ".join([*name.split()[:-1], command.alias])  # "addin costruisci"
        assert f"| `{italian}` |" in README


def test_the_library_example_prints_what_the_readme_shows(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["demo", "--out", "xlsync-demo"]).exit_code == 0
    section = README[README.index("## Use as a library"):README.index("## Development")]
    code, *_ = re.findall(r"```python\n(.*?)```", section, re.S)
    shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    capsys.readouterr()
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown


def test_the_library_writes_what_the_readme_says(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    section = README[README.index("## Use as a library"):README.index("## Development")]
    code = "import xlsync\n" + re.findall(r"```python\n(.*?)```", section, re.S)[1]
    names: dict = {}
    exec(compile(code, "README.md", "exec"), names)
    assert names["result"].value == 0.0
    assert xlsync.open_district("distretto.xlsx").status() == names["result"]
