"""Work on hundreds of thousands of rows without Python's cycle collector in the way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading or merging a district builds millions of objects that hold no reference cycles and live
    until the work is done: the cycle collector would go through all of them again and again (a tenth
    of the time of merging or reading 200,000 rows). It is back when the block ends; a block
    that returns its work frees it first, so the collector does not even go through it once.

    Not for writing workbooks in a loop: XlsxWriter leaves cycles behind (~5,000 objects a workbook).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
