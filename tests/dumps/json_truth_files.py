"""files PID in JSON: the fds of each workload task are its /proc/PID/fd,
and the same as the text form's."""
import re

from jsonb_session import json_docs, text_out

FD_RE = re.compile(r"^ *(\d+) +([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) +(\S+) *(.*)$")


def check(c, docs):
    d = docs.get("files 1") or {}
    c.check(d.get("pid") == 1 and d.get("root") == "/", "files 1 JSON: init, ROOT /")
    dc = docs.get("files -c 1") or {}
    c.check(all("nrpages" in f for f in dc.get("files", [])) and
            [f["fd"] for f in dc.get("files", [])] == [f["fd"] for f in d.get("files", [])],
            "files -c 1 JSON: the same fds, each with nrpages")
    jd, td = json_docs(c), text_out(c)
    bad, differ = [], []
    fds = c.truth.get("fds", {})
    for p in sorted(fds, key=int):
        doc = jd.get("files %s" % p) or {}
        want = [(f["fd"], f["target"]) for f in fds[p]]
        got = [(f["fd"], f["path"]) for f in doc.get("files", [])]
        if got != want:
            bad.append("pid %s: missing %s extra %s" % (p, [w for w in want if w not in got][:2],
                                                         [g for g in got if g not in want][:2]))
        text = []
        for l in td.get("files %s" % p, []):
            m = FD_RE.match(l)
            if m:
                text.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16),
                             int(m.group(4), 16), m.group(5), m.group(6).strip()))
        js = [(f["fd"], int(f["file"], 16), int(f["dentry"] or "0", 16), int(f["inode"] or "0", 16),
               f["type"], f["path"]) for f in doc.get("files", [])]
        if text != js:
            differ.append(p)
    if fds:
        c.check(not bad, "files PID JSON: the fds of %d workload tasks are their /proc/PID/fd" % len(fds),
                "; ".join(bad[:3]))
        c.check(not differ, "files PID: JSON and text give the same fds, addresses, types and paths",
                "differ for pids %s" % differ[:5])
    else:
        c.skip("files PID JSON: no fds in truth.json")
