"""irq in JSON: the names of /proc/interrupts, its counts (which only
grow), and the same IRQs, actions and counts as the text form."""
import re

from jsonb_session import json_docs, text_out


def check(c, docs):
    rows = {int(r["irq"]): r for r in c.truth.get("interrupts", {}).get("rows", []) if r["irq"].isdigit()}
    u = {x["irq"]: [a["name"] for a in x["actions"]] for x in (docs.get("irq -u") or {}).get("irqs", [])}
    bad = [i for i, r in rows.items() if not r["desc"].endswith(", ".join(u.get(i) or ["?"]))]
    c.check(rows and not bad, "irq -u JSON: the names of /proc/interrupts (%d IRQs)" % len(rows), "%s" % bad[:5])
    st = docs.get("irq -s") or {}
    cnt = {x["irq"]: x["counts"] for x in st.get("irqs", [])}
    probs = []
    for i, r in rows.items():
        got = cnt.get(i)
        if got is None or len(got) != len(r["counts"]) or any(g is None or g < w for g, w in zip(got, r["counts"])):
            probs.append(i)
    c.check(rows and not probs, "irq -s JSON: each count >= /proc/interrupts'", "%s" % probs[:5])
    one = docs.get("irq -s -c 0") or {}
    c.check(one.get("cpus") == [0] and all(len(x["counts"]) == 1 for x in one.get("irqs", [])),
            "irq -s -c 0 JSON: CPU 0's counts alone")
    c.check(any(x["symbol"] == "run_timer_softirq" for x in (docs.get("irq -b") or {}).get("softirqs", [])),
            "irq -b JSON: run_timer_softirq among the softirq vectors")
    text = []
    for l in text_out(c).get("irq", []):
        m = re.match(r"^\s*(\d+)\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+\"(.*)\"$", l)
        if m:
            text.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), m.group(4)))
            continue
        m = re.match(r"^\s+([0-9a-f]{16})\s+\"(.*)\"$", l)	# a shared IRQ's next action
        if m and text:
            text.append((text[-1][0], text[-1][1], int(m.group(1), 16), m.group(2)))
    js = [(x["irq"], int(x["desc"], 16), int(a["address"], 16), a["name"])
          for x in (json_docs(c).get("irq") or {}).get("irqs", []) for a in x["actions"]]
    c.check(text and text == js, "irq: JSON and text give the same %d actions" % len(text),
            "%s vs %s" % (text[:2], js[:2]))
    text = {}
    for l in text_out(c).get("irq -s", []):
        m = re.match(r"^\s*(\d+):((?:\s+\d+)+)\s", l)
        if m:
            text[int(m.group(1))] = [int(x) for x in m.group(2).split()]
    js = {x["irq"]: x["counts"] for x in (json_docs(c).get("irq -s") or {}).get("irqs", [])}
    c.check(text and text == js, "irq -s: JSON and text give the same counts of %d IRQs" % len(text))
