"""Hypothesis profiles: the same cases on every run by default (CI), many more on demand.

`XLSYNC_HYPOTHESIS=long pytest` explores ten times as many cases with fresh random draws."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", derandomize=False)
settings.load_profile(os.environ.get("XLSYNC_HYPOTHESIS", "ci"))
