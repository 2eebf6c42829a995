"""What `pip install xlsync` installs: every subpackage, and the data files the package reads."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_installed():
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "xlsync").rglob("__init__.py")}
    listed = set(SETUP["packages"])
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"xlsync.templates", "xlsync.samples", "xlsync.macros"} <= listed
