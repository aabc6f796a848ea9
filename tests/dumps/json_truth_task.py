"""task in JSON against the truth (pid 1's comm, tgid and parent) and
task's text on the same dump (the same member values)."""
import re


def member(members, name):
    for m in members or []:
        if m["name"] == name:
            return m["value"]
    return None


def check(c, docs):
    want = {t["pid"]: t for t in c.truth["tasks"]}.get(1)
    d = docs.get("task 1")
    if d and d.get("tasks") and want:
        ts = d["tasks"][0]["task_struct"]["value"]
        c.check(member(ts, "pid") == 1 and member(ts, "tgid") == want["tgid"],
                "task 1: the task_struct's pid and tgid are the truth's")
        c.check(member(ts, "comm") == want["comm"][:15], "task 1: the task_struct's comm is the truth's",
                "%r vs %r" % (member(ts, "comm"), want["comm"]))
        c.check(member(ts, "real_parent") is not None and re.match(r"^0x[0-9a-f]+$", member(ts, "real_parent")),
                "task 1: real_parent is an address")
    d = docs.get("task -R pid,comm,se.on_rq 1")
    if not d or not d.get("tasks"):
        return
    ms = d["tasks"][0]["members"]
    c.check([m["name"] for m in ms] == ["pid", "comm", "se.on_rq"], "task -R: the members asked for, in order")
    out = c.session(["task -R pid,comm,se.on_rq 1"])
    if out is None:
        c.skip("task: the text session timed out")
        return
    text = {}
    for l in out[0]:
        m = re.match(r"^\s+(\w+) = (.*),$", l)
        if m:
            text[m[1]] = m[2]
    c.check(text.get("pid") == str(member(ms, "pid")), "task -R: pid is the text's",
            "%r vs %r" % (text.get("pid"), member(ms, "pid")))
    c.check(text.get("on_rq") == str(member(ms, "se.on_rq")), "task -R: se.on_rq is the text's")
    comm = text.get("comm", "").strip('"').split("\\000")[0]
    c.check(comm == member(ms, "comm"), "task -R: comm is the text's", "%r vs %r" % (comm, member(ms, "comm")))
