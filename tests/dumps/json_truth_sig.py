"""sig in JSON: the 64 sigactions, -l and -s, the stopped and main
workload tasks, and the same sigactions and pending sets as the text
form."""
import re

from jsonb_session import json_docs, text_out


def text_rows(lines):
    """(signal, sigaction, handler) of each line of the table, then the
    SIGNAL: sets in order."""
    acts, sets = [], []
    for l in lines:
        m = re.match(r"^ *\[(\d+)\] ([0-9a-f]+) +(\S+) ", l)
        if m:
            acts.append((int(m.group(1)), int(m.group(2), 16), m.group(3)))
        m = re.match(r"^ *SIGNAL: ([0-9a-f]{16})$", l)
        if m:
            sets.append(int(m.group(1), 16))
    return acts, sets


def json_rows(d):
    def h(x):
        return x if x is None or not x.startswith("0x") else "%x" % int(x, 16)
    acts = [(a["signal"], int(a["sigaction"], 16), h(a["handler"])) for a in d.get("actions") or []]
    sets = [int(p["signal"], 16) for p in (d.get("private_pending"), d.get("shared_pending")) if p]
    return acts, sets


def check(c, docs):
    d = docs.get("sig 1") or {}
    c.check(d.get("pid") == 1 and [a["signal"] for a in d.get("actions") or []] == list(range(1, 65)),
            "sig 1 JSON: init's 64 sigactions")
    c.check(len((docs.get("sig -l") or {}).get("signals", [])) == 64, "sig -l JSON: 64 signals")
    c.check((docs.get("sig -s 4003") or {}).get("signals") == ["SIGHUP", "SIGINT", "SIGTERM"],
            "sig -s 4003 JSON: SIGHUP SIGINT SIGTERM")
    g = docs.get("sig -g 1") or {}
    c.check([t["pid"] for t in g.get("threads", [])] == [1], "sig -g 1 JSON: init's one thread")
    jd, td = json_docs(c), text_out(c)
    lines = [l for l in jd if l.startswith("sig ")]
    differ = [l for l in lines if json_rows(jd[l] or {}) != text_rows(td.get(l, []))]
    if lines:
        c.check(not differ, "sig PID: JSON and text give the same sigactions and pending sets (%s)" % ", ".join(lines),
                "differ: %s" % differ)
