"""p in JSON against p's text on the same dump: the same values, types
and per-cpu addresses."""
import re


def check(c, docs):
    lines = [l for l in ("p jiffies", "p init_task.comm", "p init_task.pid", "p 1+2", "p runqueues")
             if l in docs and "error" not in docs[l]]
    if not lines:
        return
    out = c.session(lines)
    if out is None:
        c.skip("p: the text session timed out")
        return
    text = dict(zip(lines, out))
    d = docs.get("p jiffies")
    if d and "p jiffies" in text:
        m = re.search(r"= \$\d+ = (\d+)$", " ".join(text["p jiffies"]))
        c.check(m and int(m[1]) == d["value"], "p jiffies: the value is the text's",
                "%s vs %r" % (m[1] if m else None, d["value"]))
        c.check(d["symbol"] == "jiffies" and d["address"], "p jiffies: a symbol with its address")
    d = docs.get("p init_task.comm")
    if d and "p init_task.comm" in text:
        m = re.search(r'= "([^"\\]*)', " ".join(text["p init_task.comm"]))
        c.check(m and m[1] == d["value"], "p init_task.comm: the string is the text's",
                "%r vs %r" % (m[1] if m else None, d["value"]))
    d = docs.get("p init_task.pid")
    if d:
        c.check(d["value"] == 0 and d["type"] == "pid_t", "p init_task.pid: 0, a pid_t")
    d = docs.get("p 1+2")
    if d:
        c.check(d["value"] == 3 and d["address"] is None, "p 1+2: 3, computed")
    d = docs.get("p runqueues")
    if d and "percpu_addresses" in d and "p runqueues" in text:
        addrs = ["0x" + m[1] for m in (re.match(r"^\s+\[\d+\]: ([0-9a-f]+)$", l) for l in text["p runqueues"]) if m]
        c.check(addrs == [a["address"] for a in d["percpu_addresses"]], "p runqueues: the per-cpu addresses are the text's")
    d = docs.get("p init_task.se")
    if d and isinstance(d.get("value"), list):
        c.check(any(m["name"] == "on_rq" for m in d["value"]), "p init_task.se: a struct value of members")
