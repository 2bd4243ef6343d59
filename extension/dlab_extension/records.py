"""Check records and the class view built from them.

Every `dl.check…` result is appended by the kernel to the student's own records file,
~/.dlab/records/<lab>.jsonl (folder 0700, file 0600), one JSON object a line:
{"v": 1, "lab": "02-backprop", "check": "<exercise name>", "ok": true, "time": "<ISO 8601>"}
(with "hidden": true for a grader's hidden check). No code and no answers are ever recorded.

This module reads those files (defensively: a student owns them and may have written anything),
sums them up per exercise, and renders the class view: one row per student, one column per
exercise of the lab, ✔ / ✘ (attempts) / not reached, with per-exercise counts. The single-user
server extension serves it for one student (handlers.py); the hub's class service for the whole
room, to the hub's admins only (hub/dlab_class_service.py).
"""

import html
import json
import os
import re
import stat
from pathlib import Path

RECORDS_DIR = os.path.join(".dlab", "records")
SUBMISSIONS_DIR = os.path.join(".dlab", "submissions")
# A lab's name: the notebook's file name without .ipynb.
LAB_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
# At most this much of a records file is read (its end): a student's file cannot stall the view.
MAX_READ_BYTES = 2 * 1024 * 1024
# The line a check prints: "✔ name: right" or "✘ name: not yet — hint".
CHECK_LINE = re.compile(r"^[✔✘] (.+?): (?:right|not yet)")


def valid_lab(lab):
    """The lab name if it is one (no path, no odd characters), else None."""
    return lab if isinstance(lab, str) and LAB_PATTERN.match(lab) and ".." not in lab else None


def records_file(home, lab):
    """Where the records of `lab` lie in the home `home`."""
    return os.path.join(home, RECORDS_DIR, f"{lab}.jsonl")


def read_records(path, owner_uid=None):
    """The check records in `path` (a list of dicts with check, ok, time), oldest first.

    Missing file: no records. The file is opened without following a symbolic link and, with
    `owner_uid`, only read when that user owns it, so a student cannot pass another's file (or
    any other file) off as theirs. Lines that are not records are skipped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return []
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode) or (owner_uid is not None and st.st_uid != owner_uid):
            return []
        if st.st_size > MAX_READ_BYTES:
            f.seek(st.st_size - MAX_READ_BYTES)
            f.readline()  # the first line read is cut
        data = f.read(MAX_READ_BYTES)
    records = []
    for line in data.decode("utf8", "replace").splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if (
            isinstance(r, dict)
            and isinstance(r.get("check"), str)
            and isinstance(r.get("ok"), bool)
            and isinstance(r.get("time"), str)
        ):
            records.append({
                "check": r["check"][:120],
                "ok": r["ok"],
                "time": r["time"][:40],
                "hidden": r.get("hidden") is True,
            })
    return records


def summarize(records):
    """Per exercise: {"ok": right at least once, "attempts": tries up to the first right one (all
    tries if never right), "last": time of the last try}. Hidden checks (grading) are left out."""
    out = {}
    for r in records:
        if r["hidden"]:
            continue
        s = out.setdefault(r["check"], {"ok": False, "attempts": 0, "last": r["time"]})
        if not s["ok"]:
            s["attempts"] += 1
        s["ok"] = s["ok"] or r["ok"]
        s["last"] = r["time"]
    return out


def lab_exercises(notebook):
    """The exercises of a lab in order: the names its check cells print in the stored outputs."""
    try:
        nb = json.loads(Path(notebook).read_text(encoding="utf8"))
    except (OSError, ValueError):
        return []
    names = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or "check" not in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            for line in ("".join(text) if isinstance(text, list) else str(text)).splitlines():
                m = CHECK_LINE.match(line)
                if m and m.group(1) not in names:
                    names.append(m.group(1))
    return names


def class_table(lab, exercises, students):
    """The class view's data: `students` maps a name to its records of `lab`.

    Exercises not in the lab's list (a renamed check, an older lab) are added at the end. Per
    exercise: how many students are past it (right), and how many are stuck on it (tried, not
    right yet)."""
    rows = []
    columns = list(exercises)
    for name in sorted(students):
        summary = summarize(students[name])
        for ex in summary:
            if ex not in columns:
                columns.append(ex)
        rows.append({"student": name, "exercises": summary})
    counts = []
    for ex in columns:
        past = sum(1 for r in rows if r["exercises"].get(ex, {}).get("ok"))
        stuck = sum(1 for r in rows if ex in r["exercises"] and not r["exercises"][ex]["ok"])
        counts.append({"exercise": ex, "past": past, "stuck": stuck})
    return {"lab": lab, "exercises": columns, "students": rows, "counts": counts}


def labs_in(folder):
    """The labs (notebook names without .ipynb) in a folder, sorted."""
    try:
        return sorted(p.stem for p in Path(folder).glob("*.ipynb") if valid_lab(p.stem))
    except OSError:
        return []


def class_page(title, api_url, labs, lab):
    """The class view page: a table that asks `api_url`?lab=… every 2 s and redraws itself.

    Everything shown comes from the API as JSON and is inserted as text (never as HTML)."""
    options = "".join(
        f'<option value="{html.escape(x)}"{" selected" if x == lab else ""}>{html.escape(x)}</option>'
        for x in labs
    )
    return PAGE.replace("{{title}}", html.escape(title)).replace("{{options}}", options).replace(
        "{{api}}", json.dumps(api_url).replace("<", "\\u003c")
    )


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<title>{{title}}</title>
<style>
 body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
 h1 { font-size: 18px; margin: 0 0 8px; }
 #summary { margin: 8px 0 12px; }
 #summary li { margin: 2px 0; }
 table { border-collapse: collapse; }
 th, td { border: 1px solid #ddd; padding: 4px 10px; text-align: center; }
 th:first-child, td:first-child { text-align: left; }
 td.ok { background: #e6f4ea; color: #1e7e34; }
 td.stuck { background: #fdecea; color: #b3261e; }
 td.none { color: #999; }
 #status { color: #666; font-size: 12px; margin-top: 8px; }
</style></head>
<body>
<h1>{{title}} — <select id="lab">{{options}}</select></h1>
<ul id="summary"></ul>
<table id="table"><thead></thead><tbody></tbody></table>
<div id="status">loading…</div>
<script>
const API = {{api}};
const lab = document.getElementById("lab");
function cell(tag, text, cls) { const c = document.createElement(tag); c.textContent = text; if (cls) c.className = cls; return c; }
function draw(d) {
  const head = document.querySelector("#table thead"), body = document.querySelector("#table tbody");
  head.replaceChildren(); body.replaceChildren();
  const hr = document.createElement("tr");
  hr.append(cell("th", "student"));
  d.exercises.forEach((e, i) => hr.append(cell("th", (i + 1) + ". " + e)));
  head.append(hr);
  for (const s of d.students) {
    const tr = document.createElement("tr");
    tr.dataset.student = s.student;
    tr.append(cell("td", s.student));
    for (const e of d.exercises) {
      const r = s.exercises[e];
      const td = !r ? cell("td", "·", "none") : r.ok ? cell("td", "✔" + (r.attempts > 1 ? " (" + r.attempts + ")" : ""), "ok") : cell("td", "✘ (" + r.attempts + ")", "stuck");
      td.title = r ? (r.ok ? "right" : "not yet") + ", " + r.attempts + " attempt(s), last " + r.last : "not reached";
      td.dataset.exercise = e;
      tr.append(td);
    }
    body.append(tr);
  }
  const n = d.students.length;
  const sum = document.getElementById("summary");
  sum.replaceChildren(...d.counts.map((c, i) => cell("li", (i + 1) + ". " + c.exercise + ": " + c.past + " of " + n + " past" + (c.stuck ? "; " + c.stuck + " stuck" : ""))));
  document.getElementById("status").textContent = n + " student(s) · updated " + new Date().toLocaleTimeString();
}
async function refresh() {
  try {
    // Cookie-authenticated API calls carry the _xsrf cookie's value (JupyterHub and jupyter_server ask for it).
    const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1];
    const headers = xsrf ? { "X-XSRFToken": decodeURIComponent(xsrf) } : {};
    const r = await fetch(API + "?lab=" + encodeURIComponent(lab.value), { credentials: "same-origin", headers, redirect: "error" });
    if (!r.ok) throw new Error("HTTP " + r.status);
    draw(await r.json());
  } catch (e) { document.getElementById("status").textContent = "could not update: " + e.message; }
}
lab.addEventListener("change", refresh);
refresh();
setInterval(refresh, 2000);
</script>
</body></html>
"""
