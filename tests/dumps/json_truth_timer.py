"""timer in JSON: each CPU's bases, timers in expiry order with TTE from
jiffies, and the same timers as the text form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    d = docs.get("timer") or {}
    cpus = d.get("cpus", [])
    n = int(c.truth.get("ncpus", 1))
    c.check(len(cpus) >= n and [x["cpu"] for x in cpus] == list(range(len(cpus))),
            "timer JSON: the bases of each CPU (%d)" % len(cpus))
    ts = [t for x in cpus for b in x["bases"] for t in b["timers"]]
    j = d.get("jiffies")
    c.check(ts and j is not None and all(t["tte"] == t["expires"] - j for t in ts),
            "timer JSON: %d timers, TTE = EXPIRES - JIFFIES" % len(ts))
    c.check(all([t["expires"] for t in b["timers"]] == sorted(t["expires"] for t in b["timers"])
                for x in cpus for b in x["bases"]), "timer JSON: each base in expiry order")
    one = (docs.get("timer -C 0") or {}).get("cpus", [])
    c.check([x["cpu"] for x in one] == [0], "timer -C 0 JSON: CPU 0 alone")
    hr = (docs.get("timer -r") or {}).get("cpus", [])
    c.check(len(hr) == len(cpus) and all(x["clocks"] for x in hr), "timer -r JSON: each CPU's clock bases")
    text = []
    for l in text_out(c).get("timer", []):
        m = re.match(r"^TIMER_BASES\[(\d+)\]\[(\S+)\]: ([0-9a-f]+)", l)
        if m:
            text.append(("base", int(m.group(1)), int(m.group(3), 16)))
        m = re.match(r"^ +(\d+) +(-?\d+) +([0-9a-f]{16})  ([0-9a-f]{16})  <", l)
        if m:
            text.append((int(m.group(1)), int(m.group(2)), int(m.group(3), 16), int(m.group(4), 16)))
    js = []
    for x in (json_docs(c).get("timer") or {}).get("cpus", []):
        for b in x["bases"]:
            js.append(("base", x["cpu"], int(b["address"], 16)))
            js += [(t["expires"], t["tte"], int(t["timer_list"], 16), int(t["function"], 16)) for t in b["timers"]]
    c.check(text and text == js, "timer: JSON and text give the same bases and %d timers" % (len(text)),
            "%d vs %d rows" % (len(text), len(js)))
