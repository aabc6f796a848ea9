"""struct and union in JSON against their text on the same dump: the
same members and offsets (struct -o), the same values at an address."""
import re


def check(c, docs):
    lines = ["struct -o list_head", "struct list_head init_task.tasks", "struct task_struct.pid,comm init_task",
             "union sigval"]
    lines = [l for l in lines if l in docs and "error" not in docs[l]]
    if not lines:
        return
    out = c.session(lines)
    if out is None:
        c.skip("struct: the text session timed out")
        return
    text = dict(zip(lines, out))
    d = docs.get("struct -o list_head")
    if d and "struct -o list_head" in text:
        offs = [(int(m[1]), m[2]) for m in (re.match(r"^\s+\[(\d+)\] .*?(\w+);$", l) for l in text["struct -o list_head"]) if m]
        c.check(offs == [(m["offset_bytes"], m["name"]) for m in d["members"]],
                "struct -o list_head: the JSON offsets are the text's", str(offs))
        size = [int(l.split()[1]) for l in text["struct -o list_head"] if l.startswith("SIZE:")]
        c.check(size == [d["size_bytes"]], "struct -o list_head: the size is the text's")
    d = docs.get("struct list_head init_task.tasks")
    if d and d.get("objects"):
        vals = {m[1]: "0x" + m[2].lstrip("0") for m in (re.match(r"^\s+(\w+) = 0x([0-9a-f]+),?$", l)
                                                          for l in text.get("struct list_head init_task.tasks", [])) if m}
        js = {m["name"]: m["value"] for m in d["objects"][0]["value"]}
        c.check(vals and vals == js, "struct list_head init_task.tasks: next and prev are the text's",
                "%s vs %s" % (vals, js))
    d = docs.get("struct task_struct.pid,comm init_task")
    if d and d.get("objects"):
        ms = {m["name"]: m["value"] for m in d["objects"][0]["members"]}
        c.check(ms.get("pid") == 0 and ms.get("comm", "").startswith("swapper"),
                "struct task_struct.pid,comm init_task: pid 0, a swapper", str(ms))
    d = docs.get("union sigval")
    if d:
        c.check([m["offset_bytes"] for m in d["members"]] == [0] * len(d["members"]) and d["members"],
                "union sigval: every member at offset 0")
    d = docs.get("struct list_head init_task.tasks 2")
    if d and d.get("objects"):
        a = [int(o["address"], 16) for o in d["objects"]]
        c.check(len(a) == 2 and a[1] - a[0] == 16, "struct list_head ... 2: two objects 16 bytes apart")
