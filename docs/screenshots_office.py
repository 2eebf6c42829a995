"""Show each screenshot's workbook in LibreOffice, on an X display, as a person would see it (run with the
system python3, which has Python-UNO; `screenshots.py` starts it and takes the pictures).

Usage: python3 screenshots_office.py PROFILE DISPLAY PLAN.json

PLAN is a list of shots: {"name", "open": a workbook, "sheet", "select": a cell, "first": [column, row]
the first visible (0-based), "zoom": percent, "type": [{"cell", "text"}] typed in (not saved), "menu": the
title of a menu to open, "keys": keys pressed then (xdotool's names), "wait": seconds before the picture}.
For each, once the window shows it, this prints "SHOT name" and waits for a line on its standard input
(the picture taken) before the next.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

import uno

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from uno_office import office, prop  # noqa: E402 - tests/ holds the one LibreOffice starter

WIDTH, HEIGHT = 1280, 800
MENU_BAR = uno.getConstantByName("com.sun.star.accessibility.AccessibleRole.MENU_BAR")


def main(profile, display, plan_path):
    shots = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    with office(profile, display) as (_, desktop):
        document, opened = None, None
        for shot in shots:
            if shot["open"] != opened:
                if document is not None:
                    document.close(True)
                document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(shot["open"]), "_blank", 0,
                                                        (prop("Hidden", False),))
                opened = shot["open"]
                window = document.getCurrentController().getFrame().getContainerWindow()
                window.setPosSize(0, 0, WIDTH, HEIGHT, 15)
            show(document, shot, display)
            print("SHOT", shot["name"], flush=True)
            sys.stdin.readline()
            close_popups(display)
        if document is not None:
            document.close(True)


def show(document, shot, display):
    controller = document.getCurrentController()
    frame = controller.getFrame()
    frame.activate()
    frame.getContainerWindow().setFocus()
    sheet = document.getSheets().getByName(shot["sheet"])
    for typed in shot.get("type", []):  # typed by a person, not saved
        sheet.getCellRangeByName(typed["cell"]).setString(typed["text"])
    controller.setActiveSheet(sheet)
    if "zoom" in shot:  # otherwise the zoom the workbook opens at
        controller.ZoomValue = shot["zoom"]
    controller.select(sheet.getCellRangeByName(shot.get("select", "A1")))
    column, row = shot.get("first", [0, 0])
    controller.setFirstVisibleColumn(column)
    controller.setFirstVisibleRow(row)
    time.sleep(1.5)
    if shot.get("menu"):
        x, y = menu_title(frame.getContainerWindow(), shot["menu"])
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env={"DISPLAY": display}, check=True)
        time.sleep(1)
    for keys in shot.get("keys", []):
        key(display, keys)
        time.sleep(0.5)
    time.sleep(shot.get("wait", 2))


def close_popups(display):
    """Escape on the window shown last (a dropdown, a menu, a message): X gives no focus without a window manager."""
    shown = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", ".*"], env={"DISPLAY": display},
                           capture_output=True, text=True).stdout.split()
    if shown:
        subprocess.run(["xdotool", "windowfocus", shown[-1]], env={"DISPLAY": display})
    key(display, "Escape")
    time.sleep(1)


def key(display, keys):
    subprocess.run(["xdotool", "key", "--clearmodifiers", keys], env={"DISPLAY": display}, check=True)


def menu_title(window, title):
    """Where on the screen the menu bar's item `title` is (its middle)."""
    bar = find(window.getAccessibleContext(), lambda context: context.getAccessibleRole() == MENU_BAR)
    if bar is None:
        raise SystemExit("LibreOffice shows no menu bar")
    for index in range(bar.getAccessibleChildCount()):
        item = bar.getAccessibleChild(index).getAccessibleContext()
        if item.getAccessibleName().replace("~", "") == title:
            where, size = item.getLocationOnScreen(), item.getSize()
            return where.X + size.Width // 2, where.Y + size.Height // 2
    raise SystemExit(f"LibreOffice's menu bar has no menu {title!r}")


def find(context, wanted, depth=0):
    if wanted(context):
        return context
    if depth > 6:
        return None
    for index in range(min(context.getAccessibleChildCount(), 50)):
        found = find(context.getAccessibleChild(index).getAccessibleContext(), wanted, depth + 1)
        if found is not None:
            return found
    return None


if __name__ == "__main__":
    main(*sys.argv[1:4])
