"""A headless LibreOffice for the scripts that drive it through UNO (run with the system python3, which
has Python-UNO): `uno_edit.py` types into a workbook, `uno_extension.py` runs the extension's commands."""

import contextlib
import os
import subprocess
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


@contextlib.contextmanager
def office(profile, display=None):
    """LibreOffice started in the profile folder `profile`: yields its (context, desktop); every document
    still open is closed and LibreOffice quits afterwards (killed if it does not). Headless, or with its
    windows on the X display `display` (":99", an Xvfb for the documentation's screenshots)."""
    pipe = f"xlsync-uno-{os.getpid()}"
    screen = ["--headless"] if display is None else []
    environment = os.environ if display is None else {**os.environ, "DISPLAY": display, "LANG": "it_IT.UTF-8"}
    process = subprocess.Popen(["soffice", f"-env:UserInstallation={Path(profile).resolve().as_uri()}", *screen,
                                "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        context = _connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        yield context, desktop
        components = desktop.getComponents().createEnumeration()
        while components.hasMoreElements():
            component = components.nextElement()
            if hasattr(component, "close"):  # not the Start Center a window left empty shows
                component.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as the office quits
            desktop.terminate()
    finally:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def _connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")
