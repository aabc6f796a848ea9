"""mod in JSON against the truth (/proc/modules before the panic) and
mod's text on the same dump: the same names, sizes and addresses."""
import re

ROW = re.compile(r"^\s*([0-9a-f]{16})\s+(\S+)\s+([0-9a-f]{16})\s+(\d+)\s+")


def check(c, docs):
    d = docs.get("mod")
    if not d or "modules" not in d:
        return
    mods = {m["name"]: m for m in d["modules"]}
    truth = {m["name"]: m for m in c.truth.get("modules", [])}
    missing = sorted(set(truth) - set(mods))
    c.check(not missing, "mod: every module of the truth is in the JSON", "missing %s" % missing[:5])
    bad = [n for n in truth if n in mods and mods[n]["size_bytes"] != truth[n]["size"]]
    c.check(not bad, "mod: the JSON sizes are the truth's", str([(n, mods[n]["size_bytes"], truth[n]["size"]) for n in bad[:3]]))
    bases = [int(m["base"], 16) for m in d["modules"]]
    c.check(bases == sorted(bases), "mod: the JSON modules are in address order")
    out = c.session(["mod"])
    if out is None:
        c.skip("mod: the text session timed out")
        return
    text = [("0x" + m[1].lstrip("0"), m[2], "0x" + m[3].lstrip("0"), int(m[4])) for m in map(ROW.match, out[0]) if m]
    js = [(m["module"], m["name"], m["base"], m["size_bytes"]) for m in d["modules"]]
    c.check(text == js, "mod: the JSON rows are the text rows", "%d text, %d JSON" % (len(text), len(js)))
    t = docs.get("mod -t")
    tm = c.truth.get("module")
    if t and "tainted" in t and tm:
        row = [m for m in t["tainted"] if m["name"] == tm["name"]]
        c.check(row and "O" in row[0]["taints"], "mod -t: the fixture's out-of-tree %s is tainted O" % tm["name"],
                str(t["tainted"]))
