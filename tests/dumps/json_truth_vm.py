"""vm PID in JSON: the VMAs of each workload task are its /proc/PID/maps,
and the same as the text form's."""
import re

from jsonb_session import json_docs, text_out

VMA_RE = re.compile(r"^([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) ?(.*)$")


def check(c, docs):
    d = docs.get("vm 1") or {}
    c.check(d.get("pid") == 1 and d.get("mm") and d.get("vmas"), "vm 1 JSON: init's mm and VMAs")
    zombies = {t["pid"] for t in c.truth.get("tasks", []) if t.get("state") == "Z"}
    jd, td = json_docs(c), text_out(c)
    bad, same, n = [], [], 0
    for p, maps in sorted(c.truth.get("maps", {}).items(), key=lambda x: int(x[0])):
        doc = jd.get("vm %s" % p) or {}
        if int(p) in zombies and not maps:
            continue
        n += 1
        want = []
        for m in maps:
            path = m["path"]
            if not path or (path.startswith("[") and path.endswith("]")):
                path = None  # anonymous, [heap], [stack], [vdso]: no file
            want.append((int(m["start"], 16), int(m["end"], 16), path))
        got = [(int(v["start"], 16), int(v["end"], 16), v["file"]) for v in doc.get("vmas", [])]
        if got != want:
            bad.append("pid %s: missing %s extra %s" % (p, [w for w in want if w not in got][:2],
                                                         [g for g in got if g not in want][:2]))
        text = []
        for l in td.get("vm %s" % p, []):
            m = VMA_RE.match(l)
            if m:
                text.append((int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16),
                             int(m.group(4), 16), m.group(5).strip()))
        js = [(int(v["address"], 16), int(v["start"], 16), int(v["end"], 16), v["flags"], v["file"] or "")
              for v in doc.get("vmas", [])]
        if text != js:
            same.append(p)
    if n:
        c.check(not bad, "vm PID JSON: the VMAs of %d workload tasks are their /proc/PID/maps" % n,
                "; ".join(bad[:3]))
        c.check(not same, "vm PID: JSON and text give the same VMAs, flags and files (%d tasks)" % n,
                "differ for pids %s" % same[:5])
    else:
        c.skip("vm PID JSON: no maps in truth.json")
