"""The README, the front page, tells the truth: its set-up commands are what CI runs, its links lead to pages.
The documentation site's own checks are in test_docs.py."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def one_liners() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv .*)\n```", README)


def test_the_two_set_up_commands_and_ci_runs_the_test_one():
    demo, tests = one_liners()
    assert demo.endswith("&& .venv/bin/xlsync demo")
    assert tests.endswith("&& .venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_every_page_the_readme_links_to_exists_and_every_guide_is_linked():
    links = re.findall(r"\]\((docs/[^)#]+)\)", README)
    assert links and all((ROOT / link).is_file() for link in links)
    assert {f"docs/guide/{page.name}" for page in (ROOT / "docs" / "guide").glob("*.md")} <= set(links)
    assert {f"docs/reference/{page.name}" for page in (ROOT / "docs" / "reference").glob("*.md")} <= set(links)
