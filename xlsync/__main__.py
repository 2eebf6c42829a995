"""The `xlsync` command's entry (also `python -m xlsync`): Ctrl+C answered from its first moment.

Importing the command line takes a moment. A Ctrl+C meanwhile is held until it is imported, then
answered as one during a command is (`cli_group.interrupted`: one line, exit code 130), never with a
traceback; so this module imports nothing before it has taken Ctrl+C over.
"""

import signal
import sys


def main(argv: list[str] | None = None) -> None:
    pressed: list[int] = []
    held = signal.getsignal(signal.SIGINT) is signal.default_int_handler  # not when Ctrl+C is ignored (nohup)
    if held:
        signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    from xlsync import cli, cli_group

    if pressed:
        cli_group.interrupted(sys.argv[1:] if argv is None else argv)
    if held:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        cli.main(argv)  # None: click reads the command line itself (on Windows, expanding *.xlsx)
    finally:  # the command is done: a Ctrl+C now changes nothing, and is no traceback either
        if held:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":  # not when a worker process imports it
    main()
