#!/usr/bin/env python3
"""net and timer on one fixture dump, against truth.json and against
Debian's crash where it opens the dump.

Usage: nettimer_check.py CRASH DUMPDIR VMCORE [REFCRASH]"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, ref_opens  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
refcrash = sys.argv[4] if len(sys.argv) > 4 else ""
C = Checker(crash, ddir, vmcore)
truth, tag = C.truth, C.tag
ok, notok, skip, check = C.ok, C.notok, C.skip, C.check


def run(cmds, prog=None, timeout=120):
    return C.session(cmds, prog, timeout)


wl = truth.get("workload", {})
files_pid = wl.get("files")
sleeper = wl.get("sleeper")
bad = ["net -a", "net -s 999999", "net -Q", "net foo", "net -N 1.2.3",
       "timer -C 9999", "timer -x", "timer extra"]
cmds = ["net", "net -s %s" % files_pid if files_pid else "net -s", "timer", "timer -r",
        "bt %s" % sleeper if sleeper else "bt", "timer -C 0", "net -N 16777343",
        "net -n 1"] + bad
res = run(cmds)
if res is None:
    notok("crash timed out")
    sys.exit(0)
out = dict(zip(cmds, res))

# ---- net: the devices of init_net
o = out["net"]
check(o[:1] == ["   NET_DEVICE     NAME   IP ADDRESS(ES)"], "net header", " / ".join(o[:2]))
devs = {}
for l in o[1:]:
    m = re.match(r"^([0-9a-f]{16})  (\S+)\s*(.*)$", l)
    if m:
        devs[m.group(2)] = m.group(3).strip()
check(devs.get("lo") == "127.0.0.1", "net lists lo with 127.0.0.1", repr(devs))
check(len(devs) == len(o) - 1 and len(devs) >= 2, "net lists %d devices, each on one line"
      % len(devs), " / ".join(o[:5]))
check(out["net -n 1"] == o, "net -n 1 (pid 1's namespace) is init_net's list")
check(out["net -N 16777343"] == ["127.0.0.1"], "net -N 16777343 is 127.0.0.1",
      " / ".join(out["net -N 16777343"]))

# ---- net -s: the sockets of the workload's files task
if files_pid and str(files_pid) in truth.get("fds", {}):
    want = sorted(f["fd"] for f in truth["fds"][str(files_pid)]
                  if f["target"].startswith("socket:"))
    o = out["net -s %s" % files_pid]
    check(len(o) >= 2 and o[0].startswith("PID: %d " % files_pid) and
          o[1] == "FD      SOCKET            SOCK       FAMILY:TYPE SOURCE-PORT DESTINATION-PORT",
          "net -s header lines", " / ".join(o[:2]))
    socks = {}
    for l in o[2:]:
        m = re.match(r"^\s*(\d+)  ([0-9a-f]{16})  ([0-9a-f]{16})  (\S+):(\S+)", l)
        if m:
            socks[int(m.group(1))] = (m.group(4), m.group(5))
    check(sorted(socks) == want and len(o) == 2 + len(want),
          "net -s %d: one line per socket fd of truth.json %s" % (files_pid, want),
          "got %s" % sorted(socks))
    kinds = sorted(socks.values())
    check(kinds == sorted([("UNIX", "STREAM"), ("UNIX", "STREAM"), ("INET", "STREAM"),
                           ("INET", "DGRAM")]),
          "net -s: a socketpair (UNIX:STREAM x2), a TCP and a UDP socket", repr(kinds))
    inet = [l for l in o if " INET:" in l]
    check(all(re.search(r" \d+\.\d+\.\d+\.\d+-\d+ \d+\.\d+\.\d+\.\d+-\d+$", l) for l in inet)
          and inet, "net -s: INET lines end in source and destination address-port")
else:
    skip("no workload files task in truth.json: net -s not checked")

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
bt = " ".join(out[cmds[4]])
if sleeper and "nanosleep" in bt:
    check("hrtimer_wakeup" in funcs, "timer -r: the sleeper's hrtimer_wakeup is pending")
else:
    skip("the workload sleeper is not in nanosleep (pause): no hrtimer_wakeup expected")

# ---- bad input: one error line each, the session goes on
for c in bad:
    o = out[c]
    check(len(o) == 1 and re.match(r"^(net|timer): ", o[0]) is not None,
          "error of `%s` is one line" % c, " / ".join(o[:3]))


# ---- Debian's crash prints the same where it opens the dump
def strip_warnings(lines):
    res, drop = [], False
    for l in lines:
        if l.startswith("WARNING: "):
            drop = True
            continue
        if drop and not l.strip():
            drop = False
            continue
        drop = False
        res.append(l)
    return res


# Debian's crash 8.0.2 cannot open every dump: probed once, remembered
if refcrash and not ref_opens(refcrash, ddir):
    skip("reference crash does not open this dump")
elif refcrash:
    same = ["net", "timer", "timer -r", "timer -C 1", "timer -r -C 0"]
    ref = run(same, prog=refcrash, timeout=60)
    ours = run(same)
    if not ref or not any("NET_DEVICE" in l for l in ref[0]):
        skip("reference crash cannot open this dump")
    else:
        for c, a, b in zip(same, ref, ours):
            a = strip_warnings(a)
            check(a == b, "`%s` prints the %d lines Debian's crash prints" % (c, len(a)),
                  "first difference at line %d" % next((i for i, (x, y) in enumerate(zip(a, b))
                                                         if x != y), min(len(a), len(b))))
