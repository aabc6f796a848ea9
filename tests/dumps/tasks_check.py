#!/usr/bin/env python3
"""Compare a task table with truth.json.

usage: tasks_check.py truth.json table.txt [NAME [UNREADABLE]]
table.txt: lines "pid tgid ppid cpu ST flags vsz rss comm" (tests/tools/tasks_dump)
or crash `ps` output (then tgid is not checked).  UNREADABLE: how many
tasks crash said it could not read (a dump with pages left out): exactly
that many truth pids may be missing, and tasks whose parent is one of them
show ppid 0.  Prints ok/not ok lines."""
import json, re, sys

truth = json.load(open(sys.argv[1]))
name = sys.argv[3] if len(sys.argv) > 3 else ""
unreadable = int(sys.argv[4]) if len(sys.argv) > 4 else 0
LETTER = {"R": "RU", "S": "IN", "D": "UN", "T": "ST", "t": "TR", "Z": "ZO", "I": "ID", "X": "DE", "P": "PA"}

rows = {}
idle = []
ps_mode = False
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    m = re.match(r"^[> ]\s*(\d+)\s+(-?\d+)\s+(\d+)\s+([0-9a-f]+)\s+(\w\w)\s+[\d.]+\s+\d+\s+\d+\s+(.*)$", line)
    if m:
        ps_mode = True
        pid, ppid, cpu, st, comm = int(m[1]), int(m[2]), int(m[3]), m[5], m[6].strip()
        if comm.startswith("[") and comm.endswith("]"):
            comm = comm[1:-1]
        row = dict(pid=pid, tgid=None, ppid=ppid, cpu=cpu, st=st, comm=comm)
    else:
        f = line.rstrip("\n").split(" ", 8)
        if len(f) < 9 or not f[0].isdigit():
            continue
        row = dict(pid=int(f[0]), tgid=int(f[1]), ppid=int(f[2]), cpu=int(f[3]), st=f[4], comm=f[8])
    if row["pid"] == 0:
        idle.append(row)
    else:
        rows.setdefault(row["pid"], row)

def res(ok, msg):
    print(("ok - " if ok else "not ok - ") + name + msg)

want = {t["pid"]: t for t in truth["tasks"]}
missing = sorted(set(want) - set(rows))
extra = sorted(set(rows) - set(want))
if unreadable:
    res(len(missing) == unreadable,
        f": the truth pids missing are as many as the {unreadable} unreadable tasks crash reports"
        f" (missing {missing[:10]})")
else:
    res(not missing, f": every truth pid is listed (missing {missing[:10]})")
# tasks started after the snapshot (e.g. by the panic path) are allowed,
# and the forker's children (wl-many) made after the workload wrote its
# truth on a slow machine (issue 12's proof runs: 10 on a 6.12 boot)
forker = truth.get("workload", {}).get("forker")
late = [p for p in extra if rows[p]["comm"] == "wl-many" and rows[p]["ppid"] == forker]
extra = [p for p in extra if p not in late]
res(len(extra) <= 3, f": at most 3 pids beyond the truth snapshot, and {len(late)} late wl-many (extra {extra[:10]})")
res(len(idle) >= truth["ncpus"], f": one idle task per CPU ({len(idle)} for {truth['ncpus']} online)")
common = [p for p in want if p in rows]
def proc_comm(c):
    # /proc shows a kworker's current workqueue after a '-'
    return c.split("-", 1)[0] if c.startswith("kworker/") else c
def comm_ok(mine, theirs):
    if mine == theirs[:15] or mine == proc_comm(theirs)[:15]:
        return True
    return theirs.startswith("kworker/") and theirs.startswith(mine)
bad = [p for p in common if not comm_ok(rows[p]["comm"], want[p]["comm"])]
res(not bad, f": comms match ({[(p, rows[p]['comm'], want[p]['comm']) for p in bad[:5]]})")
bad = [p for p in common if rows[p]["ppid"] != want[p]["ppid"] and
       not (unreadable and want[p]["ppid"] in missing and rows[p]["ppid"] == 0)]
res(not bad, f": ppids match ({[(p, rows[p]['ppid'], want[p]['ppid']) for p in bad[:5]]})")
if not ps_mode:
    bad = [p for p in common if rows[p]["tgid"] != want[p]["tgid"]]
    res(not bad, f": thread groups match ({[(p, rows[p]['tgid'], want[p]['tgid']) for p in bad[:5]]})")
# The snapshot is taken a moment before the panic: the init shell (which
# runs the snapshot and then the panic), running tasks, kernel threads the
# panic wakes, and the /proc/kmsg reader (the panic's own printk wakes it:
# whether it is still on a run queue when the CPUs stop is a race) may
# have moved.  The kmsg reader is either still asleep or woken, nothing
# else.
kmsg = truth["workload"].get("kmsg_reader")
moving = {1, kmsg} | {p for p in common if want[p]["state"] == "R"}
moving |= {p for p in common if want[p]["ppid"] == 2 and rows[p]["st"] == "RU"}
bad = [p for p in common if p not in moving and rows[p]["st"] != LETTER.get(want[p]["state"][0], "?")]
res(not bad, f": states match ({[(p, rows[p]['st'], want[p]['state']) for p in bad[:5]]})")
if kmsg in rows:
    res(rows[kmsg]["st"] in ("IN", "RU"), f": kmsg reader asleep or woken by the panic ({rows[kmsg]['st']})")
for role, pid in truth["workload"].items():
    if pid not in rows and not (unreadable and pid in missing):
        res(False, f": workload {role} pid {pid} listed")
