"""The documentation site tells the truth: its sessions are real output, its Python examples print what
they show, every command is documented, every picture is one the screenshot script takes, and the site
builds without a warning."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import xlsync
from xlsync.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
SYSTEM_PYTHON = "/usr/bin/python3"


def page_name(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def session_steps(page: str) -> list[tuple[str, str]]:
    """Every `$ command` of the page's console blocks, in order, with the output shown under it."""
    steps = []
    for block in re.findall(r"^```console\n(.*?)^```", text(page), re.S | re.M):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((command, output))
    return steps


def masked(output: str) -> str:
    """The output without the moment it was produced (merges report when a file was merged)."""
    return re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", "GG/MM/AAAA hh:mm", output)


CONSOLE_PAGES = [page_name(page) for page in PAGES if session_steps(page_name(page))]


def test_the_guides_show_sessions():
    assert {"guide/manager.md", "guide/agenzia.md"} <= set(CONSOLE_PAGES)


def test_the_managers_year_is_every_step_in_order():
    assert [shlex.split(command)[1] for command, _ in session_steps("guide/manager.md")] == [
        "importa", "importa", "nuovo", "distribuisci", "verifica", "unisci", "unisci", "unisci", "aggiorna", "sincronizza",
        "confronta", "sincronizza", "stato", "esporta", "riepiloga", "stato", "unisci"]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: the manager's sync writes Soste's refreshed file as .ods")
@pytest.mark.parametrize("page", CONSOLE_PAGES)
def test_the_sessions_are_real(page, demo_year, tmp_path, monkeypatch):
    """Each page's commands, run in order in a folder holding the sample and the demo's year, print what
    the page shows."""
    shutil.copytree(demo_year, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    for command, expected in session_steps(page):
        words = shlex.split(command)
        assert words[0] == "xlsync", command
        result = CliRunner().invoke(cli, words[1:])
        assert masked(result.output) == masked(expected), command


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory) -> Path:
    """A folder after `xlsync demo`, with the samples beside it: where the Python examples run."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "samples", folder / "samples")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        assert CliRunner().invoke(cli, ["demo", "--out", "xlsync-demo"]).exit_code == 0
    finally:
        os.chdir(cwd)
    return folder


def python_examples(page: str) -> list[tuple[str, str | None]]:
    """Each ```python block of the page, with the ```text block that follows it (what it prints), if one does."""
    return [(code, shown or None) for code, shown in
            re.findall(r"^```python\n(.*?)^```\n(?:\n```text\n(.*?)^```)?", text(page), re.S | re.M)]


PYTHON_PAGES = [page_name(page) for page in PAGES if python_examples(page_name(page))]


@pytest.mark.parametrize("page", PYTHON_PAGES)
def test_the_python_examples_print_what_the_page_shows(page, demo_year, tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    shutil.copytree(demo_year, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    for code, shown in python_examples(page):
        capsys.readouterr()
        exec(compile(code, page, "exec"), names)
        if shown is not None:
            assert capsys.readouterr().out == shown, code
    if page == "reference/library.md":  # the example that writes: the realisation it shows, and the file's
        assert names["result"].value == 0.0
        assert xlsync.open_district("distretto.xlsx").status() == names["result"]


COMMANDS = {name: command for name, command in cli.commands.items()} | {
    f"{group} {name}": command for group, commands in cli.commands.items()
    for name, command in getattr(commands, "commands", {}).items()}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_is_documented(name):
    reference = text("reference/commands.md")
    command = COMMANDS[name]
    assert command.help and command.help.strip()
    assert f"`xlsync {name}" in reference
    if getattr(command, "alias", None):  # its Italian name, in the Commands table
        italian = " ".join([*name.split()[:-1], command.alias])  # "addin costruisci"
        assert f"| `{italian}` |" in reference


def _screenshots():
    spec = importlib.util.spec_from_file_location("screenshots", DOCS / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_every_picture_is_one_the_script_takes_and_every_one_is_shown():
    shown = {Path(link).stem for page in PAGES for link in re.findall(r"!\[[^]]*\]\(([^)]+\.png)\)", page.read_text("utf-8"))}
    committed = {path.stem for path in (DOCS / "img").glob("*.png")}
    assert shown == committed == set(_screenshots().NAMES)


def _libreoffice_with_windows() -> bool:
    """soffice with a VCL plug-in that draws windows (the -nogui packages have none)."""
    found = shutil.which("soffice")
    return found is not None and any(Path(found).resolve().parent.glob("libvclplug_*"))


@pytest.mark.skipif(not (_libreoffice_with_windows() and shutil.which("Xvfb") and shutil.which("xdotool")
                         and Path(SYSTEM_PYTHON).exists()),
                    reason="the screenshots need LibreOffice with its windows (libreoffice-calc), Xvfb, xdotool and "
                           "python3-uno: .ci/run installs them")
def test_the_screenshot_script_takes_a_picture_of_libreoffice(tmp_path):
    pytest.importorskip("PIL")
    from PIL import Image

    taken = subprocess.run([sys.executable, str(DOCS / "screenshots.py"), "--only", "manager-riepilogo",
                            "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert taken.returncode == 0, taken.stderr
    picture = Image.open(tmp_path / "manager-riepilogo.png")
    assert picture.width == 1280
    colours = [colour for _, colour in picture.convert("RGB").getcolors(maxcolors=100_000)]
    assert len(colours) > 16  # a sheet drawn, not an empty screen

    def shown(wanted):
        return any(all(abs(a - b) <= 8 for a, b in zip(colour, wanted, strict=True)) for colour in colours)

    # the tables' blue headers, and the green of a realisation above the threshold
    assert shown((47, 85, 151)) and shown((198, 239, 206))


def test_the_site_builds_without_a_warning(tmp_path):
    pytest.importorskip("mkdocs")
    quiet = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice of its successor, not a warning of ours
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                           cwd=ROOT, capture_output=True, text=True, timeout=300, env=quiet)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    assert (tmp_path / "site" / "guide" / "manager" / "index.html").exists()
