"""Run the commands of the installed LibreOffice extension through LibreOffice's script provider,
as its menu does, with the dialogs' answers given (run with the system python3, which has Python-UNO).

Usage: python3 uno_extension.py PROFILE PLAN.json RESULT.json

PLAN is {"open": a workbook to open first, or null, "edits": [{"sheet", "cell", "value"}] to type in it
without saving, "commands": [{"macro": "Stato", "answers": {…}}]};
RESULT gets, for each command, what the macro returned and the documents open after it
({"returned": {"exit_code", "text"} or null, "open": [paths]}).
"""

import json
import sys
from pathlib import Path

import uno
from uno_office import office, prop

SCRIPT = "vnd.sun.star.script:xlsync.oxt|python|xlsync_calc.py${}?language=Python&location=user:uno_packages"


def open_documents(desktop):
    found = []
    components = desktop.getComponents().createEnumeration()
    while components.hasMoreElements():
        component = components.nextElement()
        if component.getURL():
            found.append(uno.fileUrlToSystemPath(component.getURL()))
    return sorted(found)


def main(profile, plan_path, result_path):
    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    results = []
    with office(profile) as (context, desktop):
        if plan.get("open"):
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(Path(plan["open"]).resolve())),
                                                    "_blank", 0, (prop("Hidden", True),))
            document.getCurrentController().getFrame().activate()  # the window the manager works in
            for edit in plan.get("edits", []):  # typed by the manager, not saved
                document.getSheets().getByName(edit["sheet"]).getCellRangeByName(edit["cell"]).setValue(edit["value"])
        factory = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.script.provider.MasterScriptProviderFactory", context)
        provider = factory.createScriptProvider("")
        for command in plan["commands"]:
            script = provider.getScript(SCRIPT.format(command["macro"]))
            returned, _, _ = script.invoke((json.dumps(command["answers"]),), (), ())
            results.append({"returned": json.loads(returned) if returned else None, "open": open_documents(desktop)})
        Path(result_path).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
