"""Files put in place in one step: whoever opens one finds the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Every file put in place in this process, in order: a Ctrl+C after one is whole says so (`cli_group`).
WRITTEN: list[Path] = []


def write_atomically(path: str | Path, write: Callable[[str], None], ready: Callable[[], Any] | None = None) -> None:
    """Let `write` make the file under a temporary name beside `path`, then put it in place in one
    step: whoever opens `path` finds the old file or the new one, never half of one. `ready` is called
    once the new file is whole, just before it takes the name (the earlier version is kept then)."""
    path = Path(path)
    temporary = None
    try:  # from the moment the temporary file exists, whatever stops the write (Ctrl+C included) removes it
        fd, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent or ".")
        os.close(fd)
        write(temporary)
        os.chmod(temporary, _mode_for(path))
        if ready is not None:
            ready()
        os.replace(temporary, path)
        WRITTEN.append(path)
    except BaseException as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a write that failed names the file it was for
            exc.filename = str(path)
        raise


def write_text_atomically(path: str | Path, text: str) -> None:
    write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def _mode_for(path: Path) -> int:
    """The permissions the file had, or those a new file gets (mkstemp's are private)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
