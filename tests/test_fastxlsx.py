"""The private parts of XlsxWriter and zipfile that the fast writer relies on are still there."""

from __future__ import annotations

import importlib.metadata
import re

import pytest
from xlsxwriter.worksheet import Worksheet

from xlsync.workbook import fastxlsx


def test_every_private_detail_the_fast_writer_uses_is_there():
    missing = fastxlsx.check_internals()
    version = importlib.metadata.version("XlsxWriter")
    assert missing == [], (
        f"XlsxWriter {version} lacks {', '.join(missing)}: xlsync/workbook/fastxlsx.py overrides them. Adapt that module "
        "to this release, or keep XlsxWriter within the range pinned in pyproject.toml.")


def test_a_private_method_that_goes_away_is_named(monkeypatch):
    monkeypatch.delattr(Worksheet, "_write_rows")
    assert fastxlsx.check_internals() == ["Worksheet._write_rows"]


def test_the_pinned_range_admits_the_installed_xlsxwriter():
    requirement = next(line for line in importlib.metadata.requires("xlsync") if line.startswith("XlsxWriter"))
    assert "<" in requirement, "XlsxWriter must have an upper bound: fastxlsx.py uses its private methods"
    installed = tuple(int(part) for part in importlib.metadata.version("XlsxWriter").split(".")[:2])
    upper = tuple(int(part) for part in re.search(r"<\s*([\d.]+)", requirement).group(1).split(".")[:2])
    assert installed < upper


@pytest.mark.parametrize("text", ["\x00", "_x0041_", "a\x1fb", "\ufffe"])
def test_control_characters_are_escaped_as_xlsxwriter_escapes_them(text):
    from xlsxwriter.sharedstrings import SharedStrings

    from xlsync.workbook.rows import xml_text
    assert xml_text(text) == f"<t>{SharedStrings._escape_control_characters(text)}</t>"
