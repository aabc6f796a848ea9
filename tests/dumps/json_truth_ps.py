"""ps in JSON against the truth and against ps's text: the same PIDs (as
tasks_check.py allows: tasks the dump could not read, a few started after
the snapshot, the forker's late children), the same rows as the text."""
import re


def check(c, docs):
    d = docs.get("ps")
    if not d or "tasks" not in d:
        return
    rows = d["tasks"]
    t = c.truth
    want = {x["pid"]: x for x in t["tasks"]}
    got = {r["pid"]: r for r in rows if r["pid"] != 0}
    idle = [r for r in rows if r["pid"] == 0]
    unreadable = (docs.get("sys") or {}).get("tasks_unreadable", 0) or 0
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    forker = t.get("workload", {}).get("forker")
    extra = [p for p in extra if not (got[p]["command"] == "wl-many" and got[p]["ppid"] == forker)]
    c.check(len(missing) == unreadable, "ps: the JSON pids include every truth pid but the %d unreadable"
            % unreadable, "missing %s" % missing[:10])
    c.check(len(extra) <= 3, "ps: at most 3 JSON pids beyond the truth snapshot", "extra %s" % extra[:10])
    c.check(len(idle) >= t["ncpus"], "ps: one idle task per CPU in the JSON",
            "%d for %d" % (len(idle), t["ncpus"]))
    bad = [p for p in want if p in got and got[p]["ppid"] != want[p]["ppid"] and
           not (unreadable and want[p]["ppid"] in missing)]
    c.check(not bad, "ps: the JSON ppids are the truth's", str(bad[:5]))
    bad = [p for p in want if p in got and got[p]["tgid"] != want[p]["tgid"]]
    c.check(not bad, "ps: the JSON thread groups are the truth's", str(bad[:5]))
    # the text form of the same command on the same dump
    out = c.session(["ps", "ps -S"])
    if out is None:
        c.skip("ps: the text session timed out")
        return
    text = []
    for line in out[0]:
        m = re.match(r"^([> ])\s*(\d+)\s+(\d+)\s+(\d+)\s+([0-9a-f]+)\s+(\w\w)\s", line)
        if m:
            text.append((m[1] == ">", int(m[2]), int(m[3]), int(m[4]), "0x" + m[5], m[6]))
    js = [(r["active"], r["pid"], r["ppid"], r["cpu"], r["task"], r["state"]) for r in rows]
    c.check(text == js, "ps: the JSON rows are the text rows (active, pid, ppid, cpu, task, state)",
            "%d text rows, %d JSON; first difference %s" %
            (len(text), len(js), next(((a, b) for a, b in zip(text, js) if a != b), None)))
    s = docs.get("ps -S")
    if s and "states" in s:
        tx = {}
        for line in out[1]:
            m = re.match(r"^\s+(\S\S): (\d+)$", line)
            if m:
                tx[m[1]] = int(m[2])
        js = {x["state"]: x["count"] for x in s["states"]}
        c.check(tx == js, "ps -S: the JSON counts are the text's", "%s vs %s" % (tx, js))
        c.check(s["total"] == len(rows), "ps -S: the total is the number of ps rows")
    for line in ("ps -p 1", "ps -c 1", "ps -t 1"):
        x = docs.get(line)
        if x and x.get("tasks"):
            c.check([r["pid"] for r in x["tasks"]] == [1], "%s: the task is pid 1" % line)
    x = docs.get("ps -p 1")
    if x and x.get("tasks"):
        anc = x["tasks"][0]["ancestry"]
        c.check(anc[-1]["pid"] == 1 and anc[0]["pid"] == 0, "ps -p 1: from the idle task down to pid 1",
                str([a["pid"] for a in anc]))
