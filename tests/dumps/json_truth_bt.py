"""bt in JSON against bt's text on the same dump: the same tasks, frames
(level, stack address, function, pc) and exception frames; the panic task
is the truth's panicking task when the truth names it."""
import re

FRAME = re.compile(r"^\s*#(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)")
HEAD = re.compile(r"^PID: (\d+)\s+TASK: ([0-9a-f]+)\s+CPU: (\d+)")


def text_tasks(lines):
    tasks = []
    for line in lines:
        m = HEAD.match(line)
        if m:
            tasks.append({"pid": int(m[1]), "task": "0x" + m[2], "cpu": int(m[3]), "frames": [], "exc": 0})
            continue
        m = FRAME.match(line)
        if m and tasks:
            fn = m[3] if m[3] != "(unknown)" else None
            tasks[-1]["frames"].append((int(m[1]), "0x" + m[2].lstrip("0"), fn, "0x" + m[4].lstrip("0")))
        elif tasks and "[exception " in line:
            tasks[-1]["exc"] += 1
    return tasks


def json_tasks(doc):
    res = []
    for t in doc.get("tasks", []):
        fr = [(f["level"], f["sp"], f["function"], f["pc"]) for f in t.get("frames", [])]
        exc = sum(1 for f in t.get("frames", []) if "exception" in f and f["level"] > 0)
        res.append({"pid": t["pid"], "task": t["task"], "cpu": t["cpu"], "frames": fr, "exc": exc})
    return res


def norm(a):
    return a if a != "0x" else "0x0"


def check(c, docs):
    lines = [l for l in ("bt", "bt -a", "bt 1", "bt -o 1") if l in docs and "tasks" in docs[l]]
    if not lines:
        return
    out = c.session(lines)
    if out is None:
        c.skip("bt: the text session timed out")
        return
    for line, text in zip(lines, out):
        tt = text_tasks(text)
        for t in tt:
            t["frames"] = [(l, norm(sp), fn, norm(pc)) for l, sp, fn, pc in t["frames"]]
        jt = json_tasks(docs[line])
        c.check([(t["pid"], t["task"], t["cpu"]) for t in tt] == [(t["pid"], t["task"], t["cpu"]) for t in jt],
                "%s: the JSON tasks are the text's" % line,
                "%s vs %s" % ([t["pid"] for t in tt], [t["pid"] for t in jt]))
        diff = [(a["pid"], x, y) for a, b in zip(tt, jt) for x, y in zip(a["frames"], b["frames"]) if x != y]
        lens = [(a["pid"], len(a["frames"]), len(b["frames"])) for a, b in zip(tt, jt)
                if len(a["frames"]) != len(b["frames"])]
        c.check(not diff and not lens, "%s: the JSON frames are the text's (level, sp, function, pc)" % line,
                "first difference %s; frame counts %s" % (diff[:1], lens[:3]))
        if line != "bt -o 1":
            c.check([t["exc"] for t in tt] == [t["exc"] for t in jt],
                    "%s: as many exception frames as the text's" % line)
    d = docs.get("bt -a")
    if d and "tasks" in d:
        c.check(all(t["active"] for t in d["tasks"]), "bt -a: every task is active on its CPU")
    d = docs.get("bt 1")
    if d and d.get("tasks"):
        c.check(d["tasks"][0]["pid"] == 1, "bt 1: the task is pid 1")
    # bt -F: the words up to each next frame end with its return address,
    # which -F names
    d = docs.get("bt -F 1")
    if d and d.get("tasks") and len(d["tasks"][0].get("frames", [])) >= 2:
        fr = d["tasks"][0]["frames"]
        named = [w for f in fr for w in f.get("words", []) if w["symbolic"]]
        c.check(named, "bt -F 1: return addresses among the words are named")
