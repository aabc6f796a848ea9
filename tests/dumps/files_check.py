#!/usr/bin/env python3
"""Checks files of one fixture dump against its truth.json.

Usage: files_check.py CRASH DUMPDIR VMCORE
Prints ok/not ok/skip lines for tests/run (see files.sh)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import Checker, by_task, error_lines, run_text  # noqa: E402

crash, ddir, vmcore = sys.argv[1:4]
C = Checker(crash, ddir, vmcore)
truth = C.truth
ok, notok, skip = C.ok, C.notok, C.skip


def run(cmds, timeout=600):
    """One crash session with cmds on stdin; its whole output."""
    return run_text(C, cmds, timeout)


def errors(out):
    """Lines that report a failure: "cmd: message" of the shell."""
    return error_lines(out, ["files", "foreach", "crash"])


# ---- files: each workload task's fds are its /proc/PID/fd ----
FD_RE = re.compile(r"^ *(\d+) +([0-9a-f]+) +([0-9a-f]+) +([0-9a-f]+) +(\S+) *(.*)$")
fpids = sorted(int(p) for p in truth.get("fds", {}))
out = run(["files %d" % p for p in fpids])
if out is None:
    notok("files of the workload tasks timed out")
else:
    tasks = by_task(out)
    bad = []
    for p in fpids:
        want = [(f["fd"], f["target"]) for f in truth["fds"][str(p)]]
        got = []
        for line in tasks.get(p, []):
            mm = FD_RE.match(line)
            if mm:
                got.append((int(mm.group(1)), mm.group(6).strip()))
        if got != want:
            missing = [w for w in want if w not in got][:3]
            extra = [g for g in got if g not in want][:3]
            bad.append("pid %d: missing %s extra %s" % (p, missing, extra))
    if bad:
        notok("files differ from /proc/PID/fd: " + "; ".join(bad[:4]))
    else:
        ok("files lists exactly the /proc/PID/fd entries of %d workload tasks" % len(fpids))
    roots = [l for p in fpids for l in tasks.get(p, []) if l.startswith("ROOT: ")]
    if roots and all(l.split()[1] == "/" for l in roots):
        ok("files shows ROOT / for the workload tasks")
    else:
        notok("files ROOT lines: %s" % roots[:2])
    e = errors(out)
    if e:
        notok("files printed errors: %s" % e[:3])

# ---- foreach files ----
out = run(["foreach files"], timeout=900)
if out is None:
    notok("foreach files timed out")
else:
    n = len(re.findall(r"^PID: ", out, re.M))
    e = errors(out)
    if n >= len(truth.get("tasks", [])) // 2 and not e:
        ok("foreach files runs over %d tasks without errors" % n)
    else:
        notok("foreach files: %d task headers, errors: %s" % (n, e[:3]))
