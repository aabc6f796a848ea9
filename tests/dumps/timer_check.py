#!/usr/bin/env python3
"""timer on one fixture dump, against truth.json and against
Debian's crash where it opens the dump.

Usage: timer_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, same_as_ref  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=120):
    return C.session(cmds, prog, timeout)


wl = truth.get("workload", {})
sleeper = wl.get("sleeper")
bad = ["timer -C 9999", "timer -x", "timer extra"]
cmds = ["timer", "timer -r", "bt %s" % sleeper if sleeper else "bt", "timer -C 0"] + bad
res = run(cmds)
if res is None:
    notok("crash timed out")
    sys.exit(0)
out = dict(zip(cmds, res))

# ---- timer: the wheel
ncpus = truth.get("ncpus")
o = out["timer"]
jiffies = int(o[1]) if len(o) > 1 and o[1].strip().isdigit() else None
check(o[:1] and o[0].startswith("JIFFIES") and jiffies is not None, "timer: JIFFIES heading")
bases, cur, bad_lines = {}, None, []
for l in o[3:]:
    m = re.match(r"^TIMER_BASES\[(\d+)\]\[(\w+)\]: [0-9a-f]{16}$", l)
    if m:
        cur = bases.setdefault((int(m.group(1)), m.group(2)), [])
        continue
    m = re.match(r"^  +(\d+) +(-?\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  <(.*)>$", l)
    if m and cur is not None:
        cur.append((int(m.group(1)), int(m.group(2)), m.group(5)))
    elif l.strip() and not l.startswith("  EXPIRES") and l != "  (none)":
        bad_lines.append(l)
check(not bad_lines, "timer: every line is a base, a heading or a timer", " / ".join(bad_lines[:3]))
cpus = sorted({c for c, _ in bases})
check(ncpus is None or cpus == list(range(ncpus)), "timer: bases of each of the %s CPUs" % ncpus,
      repr(cpus))
timers = [t for v in bases.values() for t in v]
check(all(re.match(r"^[A-Za-z_][\w.]*$", t[2]) for t in timers) and timers,
      "timer: all %d functions are kernel symbols" % len(timers),
      repr([t[2] for t in timers if not re.match(r"^[A-Za-z_][\w.]*$", t[2])][:3]))
check(all(v == sorted(v, key=lambda t: t[0]) for v in bases.values()),
      "timer: each base in expiry order")
check(jiffies is not None and all(t[1] == t[0] - jiffies for t in timers),
      "timer: TTE is expires - jiffies")
per_cpu = {c: sum(len(v) for (cc, _), v in bases.items() if cc == c) for c in cpus}
check(all(0 < n < 10000 for n in per_cpu.values()), "timer: plausible counts per CPU %s"
      % per_cpu)
c0 = out["timer -C 0"]
check(c0 == [l for l in o if l != ""][:len(c0)] or c0 == o[:len(c0)],
      "timer -C 0 is the CPU 0 part of timer")

# ---- timer -r: hrtimers
o = out["timer -r"]
hcpus, funcs, clocks, order_ok = set(), [], 0, True
last = None
for l in o:
    m = re.match(r"^CPU: (\d+)  HRTIMER_CPU_BASE: [0-9a-f]{16}$", l)
    if m:
        hcpus.add(int(m.group(1)))
    if re.match(r"^  CLOCK: \d+  HRTIMER_CLOCK_BASE: ", l):
        clocks += 1
        last = None
    m = re.match(r"^  +(\d+)  +(\d+)  +(-?\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  <(.*)>$", l)
    if m:
        funcs.append(m.group(6))
        if last is not None and int(m.group(2)) < last:
            order_ok = False
        last = int(m.group(2))
check(ncpus is None or sorted(hcpus) == list(range(ncpus)), "timer -r: each CPU's hrtimer base")
check(clocks >= len(hcpus) and funcs and all(re.match(r"^[A-Za-z_][\w.]*$", f) for f in funcs),
      "timer -r: %d hrtimers, every function a kernel symbol" % len(funcs), repr(funcs[:5]))
check(order_ok, "timer -r: each clock base in expiry order")
check(any(f in ("tick_sched_timer", "tick_nohz_handler") for f in funcs),
      "timer -r: the tick timer is pending")
bt = " ".join(out[cmds[2]])
if sleeper and "nanosleep" in bt:
    check("hrtimer_wakeup" in funcs, "timer -r: the sleeper's hrtimer_wakeup is pending")
else:
    skip("the workload sleeper is not in nanosleep (pause): no hrtimer_wakeup expected")

# ---- bad input: one error line each, the session goes on
for c in bad:
    o = out[c]
    check(len(o) == 1 and re.match(r"^timer: ", o[0]) is not None,
          "error of `%s` is one line" % c, " / ".join(o[:3]))

# ---- Debian's crash prints the same where it opens the dump
same_as_ref(C, refcrash, ["timer", "timer -r", "timer -C 1", "timer -r -C 0"], lambda first: any("JIFFIES" in l for l in first))
