#!/usr/bin/env python3
"""irq on one dump against its truth.json.

usage: irq_check.py CRASH TAG DUMPDIR VMCORE...
Runs crash a few times (commands on stdin) and prints ok/not ok/skip lines."""
import json, re, subprocess, sys

crash, tag, d, cores = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
truth = json.load(open(d + "/truth.json"))


def run(cmds):
    p = subprocess.run([crash, "-s", d + "/vmlinux"] + cores, input="\n".join(cmds) + "\n",
                       capture_output=True, text=True, timeout=600)
    return p.stdout + p.stderr


def report(ok, what, why=""):
    print(("ok - " if ok else "not ok - ") + "%s: %s%s" % (tag, what, "" if ok or not why else ": " + why))


# ---- irq: names and per-CPU counts of every numbered /proc/interrupts row.
rows = {r["irq"]: r for r in truth["interrupts"]["rows"] if r["irq"].isdigit()}
o = run(["irq -u"])
named = {}
for l in o.splitlines():
    m = re.match(r"^\s*(\d+)\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+\"(.*)\"$", l)
    if m:
        named.setdefault(m.group(1), []).append(m.group(2))
bad = [i for i, r in rows.items() if not r["desc"].endswith(", ".join(named.get(i, ["?"])))]
report(rows and not bad and set(named) == set(rows), "irq names match /proc/interrupts (%d IRQs)" % len(rows),
       "differ: %r, irq shows %r" % (bad, sorted(named)))
o = run(["irq -s"])
lines = o.splitlines()
hdr = [l for l in lines if re.match(r"^\s+CPU0\b", l)]
ncpu = len(hdr[0].split()) if hdr else 0
counts = {}
for l in lines:
    m = re.match(r"^\s*(\d+):((?:\s+\d+){%d})\s" % max(ncpu, 1), l)
    if m:
        counts[m.group(1)] = [int(x) for x in m.group(2).split()]
problems = []
for i, r in rows.items():
    c = counts.get(i)
    if c is None or len(c) != len(r["counts"]):
        problems.append("%s missing" % i)
        continue
    # The dump is taken after /proc/interrupts was read: counts only
    # grow, and only the serial console's IRQ by much (it printed the
    # truth block).
    serial = "ttyS" in r["desc"]
    for have, want in zip(c, r["counts"]):
        if have < want or (not serial and have - want > 50):
            problems.append("%s: %r vs %r" % (i, c, r["counts"]))
            break
report(rows and not problems and ncpu == len(truth["interrupts"]["cpus"]),
       "irq -s counts match /proc/interrupts", "; ".join(problems[:4]))
o = run(["irq -s -c 0"])
report(re.search(r"^\s+CPU0 *$", o, re.M) is not None, "irq -s -c 0 shows CPU0 only")
o = run(["irq -b"])
report("SOFTIRQ_VEC" in o and len(re.findall(r"<\w+>", o)) >= 8, "irq -b lists the softirq actions")
o = run(["irq -d"])
report(len(re.findall(r"^\s*\[\s*\d+\] \S+", o, re.M)) == 256 and "asm_exc_page_fault" in o,
       "irq -d lists 256 IDT vectors")
