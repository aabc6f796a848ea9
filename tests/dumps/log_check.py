#!/usr/bin/env python3
"""Compare `log` output (stdin) with a fixture's console.log and truth.json.

Prints ok/not ok lines.  The serial console shows the records at or above
the console loglevel, so its timestamped lines must appear in `log`, in the
same order; a kdump console goes on with the capture kernel's boot, which
starts at its "Linux version" banner."""
import json, re, sys

name, d = sys.argv[1], sys.argv[2]
out = [l.rstrip("\n") for l in sys.stdin if not l.startswith("crash>")]
TS = re.compile(r"^\[\s*(\d+)\.(\d{6})\] ")
con = []
for l in open(d + "/console.log", errors="replace"):
    l = l.rstrip("\r\n")
    m = TS.match(l)
    if not m:
        continue
    # the capture kernel booting: its banner (a CPU coming up may print
    # with a clock of its own, near zero, so the time alone does not tell)
    if con and "] Linux version " in l:
        break
    con.append(l)
# crash indents the later lines of a multi-line record under the text;
# the console repeats the time stamp instead.
logl, prefix = [], None
for l in out:
    m = TS.match(l)
    if m:
        prefix = m.group(0)
        logl.append(l)
    elif prefix and l.startswith(" " * len(prefix)):
        logl.append(prefix + l[len(prefix):])

def report(ok, what):
    print(("ok - " if ok else "not ok - ") + "%s: log %s" % (name, what))

# Subsequence: every console line, in order, among the log's lines.
i, missing = 0, None
for c in con:
    while i < len(logl) and logl[i] != c:
        i += 1
    if i == len(logl):
        missing = c
        break
    i += 1
report(missing is None and len(con) > 50,
       "holds the %d console lines in order%s" % (len(con), "" if missing is None else " (missing: %r)" % missing))
report(bool(logl) and bool(con) and logl[-1] == con[-1],
       "ends with the console's last line (%r)" % (logl[-1] if logl else None))
report(any("Kernel panic - not syncing" in l for l in logl[-60:]), "shows the panic message near its end")
truth = json.load(open(d + "/truth.json"))
tail = truth.get("dmesg_tail", [])
s = set(logl)
miss = [t for t in tail if t not in s]
report(tail and not miss, "holds dmesg_tail of truth.json (%d lines)%s" % (len(tail), "" if not miss else " missing %r" % miss[:2]))
